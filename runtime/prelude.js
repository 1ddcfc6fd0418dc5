/*
 * The test console's mock prelude: the PubNub Functions runtime as a test run sees it.
 * Shared by the browser runner (a classic Worker) and the reference server (QuickJS).
 * docs/runtime.md lists every module and method of PubNub's reference and what this file
 * does with it; keep the two in step.
 *
 * A classic script, ES2020. It defines require() with mocks of the PubNub modules, captures
 * console, counts calls against the per-run limits, and exposes
 *   globalThis.__faasRun(input, loadFailed?, loadError?)  -> Promise of the result document
 *     (loadFailed: the user's code threw while loading, and loadError is what it threw,
 *     whatever that is: throw null too)
 *   globalThis.__faasAbortRun(message, input?) -> the result document so far, ended by an error
 * The user's handler is globalThis.__fn__ (the runner rewrites "export default" to
 * "self.__fn__ = ", both 14 characters).
 *
 * Both engines must give the same answers, so nothing here may depend on the engine: no
 * WebCrypto (QuickJS has none), no eval or new Function (the console's Content-Security-Policy
 * forbids them in the browser's Worker), no Intl. Digests, HMACs, Base64 and the JSONPath
 * filter language are plain JavaScript below.
 *
 * ONE-LINE RULE. The runner ships this file on line 1 of the user's script, in front of the
 * user's code, by replacing every line break with one space. So this file must mean the same
 * on one line:
 *   - no line comments (no two slashes anywhere), only block comments;
 *   - no template literals (no backticks);
 *   - every statement ends with a semicolon; no line ends with return, throw, break,
 *     continue, ++ or --;
 *   - ASCII only, so that its length is the same in bytes and in UTF-16 units.
 * The server's tests check these rules and that the one-line form parses.
 */
"use strict";
var self = typeof self !== "undefined" ? self : globalThis;
(function (G) {
  /* ---------------------------------------------------------------------------------------
   * The run: its input, what it recorded, and the per-run limits of PubNub's runtime.
   * ------------------------------------------------------------------------------------- */
  var LIMITS = { xhr: 5, kvstore: 10, vault: 10, pubnub: 10 };
  var CONSOLE_MAX = 250;
  var NATIVE_CONSOLE = G.console;
  var run = null;

  ["fetch", "XMLHttpRequest", "WebSocket", "EventSource", "importScripts"].forEach(function (name) {
    try {
      delete G[name];
    } catch (e) {
      try {
        G[name] = undefined;
      } catch (ignored) {
        return;
      }
    }
  });

  function copy(value) {
    if (value === undefined) {
      return undefined;
    }
    return JSON.parse(JSON.stringify(value));
  }

  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  function has(object, key) {
    return Object.prototype.hasOwnProperty.call(object, key);
  }

  function newRun(input) {
    var kv = {};
    var seed = isObject(input.kv) ? input.kv : {};
    Object.keys(seed).forEach(function (k) {
      kv[k] = copy(seed[k]);
    });
    return {
      input: input,
      kv: kv,
      kvBefore: copy(kv),
      secrets: isObject(input.secrets) ? input.secrets : {},
      mocks: Array.isArray(input.xhrMocks) ? input.xhrMocks : [],
      calls: { xhr: 0, kvstore: 0, vault: 0, pubnub: 0 },
      consoleCount: 0,
      console: [],
      published: [],
      xhrRequests: [],
      errors: [],
      outcome: null,
      messageBefore: undefined,
      messageAfter: undefined
    };
  }

  function current() {
    if (run === null) {
      run = newRun({});
      run.placeholder = true;
    }
    return run;
  }

  /* A run stopped while its code was still loading never had its input: what it started
     from (its KV values, secrets and mocks) comes from the input the host passes. */
  function adopt(r, input) {
    var given = newRun(input);
    r.input = given.input;
    r.kv = given.kv;
    r.kvBefore = given.kvBefore;
    r.secrets = given.secrets;
    r.mocks = given.mocks;
    r.placeholder = false;
  }

  function limitError(module) {
    return new Error("Limit reached: at most " + LIMITS[module] + " " + module + " calls per run");
  }

  function count(module) {
    var r = current();
    r.calls[module] += 1;
    if (r.calls[module] > LIMITS[module]) {
      throw limitError(module);
    }
  }

  /* A module method that PubNub counts against a limit and answers with a Promise. */
  function counted(module, f) {
    return function () {
      var args = arguments;
      var that = this;
      return new Promise(function (resolve) {
        count(module);
        resolve(f.apply(that, args));
      });
    };
  }

  /*
   * What the test console cannot do, said when it is called: the error is made while the
   * user's code calls, so its stack (and the result's line:column) points at that call.
   * Promise-returning methods reject, so the user's .catch() and try/await see it as on PubNub.
   */
  function refusal(what, reason) {
    return new Error(what + " is not available in the test console: " + reason);
  }

  function refusedAsync(what, reason) {
    return function () {
      return Promise.reject(refusal(what, reason));
    };
  }

  /* ---------------------------------------------------------------------------------------
   * console: every line kept with its level, up to PubNub's 250 lines.
   * ------------------------------------------------------------------------------------- */
  function text(value) {
    if (typeof value === "string") {
      return value;
    }
    if (value instanceof Error) {
      return String(value.name) + ": " + String(value.message);
    }
    if (value === undefined || typeof value === "function" || typeof value === "symbol") {
      return String(value);
    }
    try {
      var json = JSON.stringify(value);
      return json === undefined ? String(value) : json;
    } catch (e) {
      return String(value);
    }
  }

  function log(level) {
    return function () {
      var r = current();
      r.consoleCount += 1;
      if (r.console.length < CONSOLE_MAX) {
        r.console.push({ level: level, text: Array.prototype.map.call(arguments, text).join(" ") });
      }
    };
  }

  var consoleMock = {
    log: log("log"),
    info: log("info"),
    warn: log("warn"),
    error: log("error"),
    debug: log("debug")
  };
  G.console = consoleMock;

  /* ---------------------------------------------------------------------------------------
   * kvstore: the test's seed values; every call counts. PubNub's TTL (minutes, clamped to
   * 1 minute .. 1 year) cannot run out within one run, so it is checked and otherwise kept.
   * ------------------------------------------------------------------------------------- */
  var KEY_MAX = 1000;
  var VALUE_MAX = 32000;

  function checkKey(key) {
    if (typeof key !== "string" || key.length === 0) {
      throw new TypeError("kvstore: the key must be a non-empty string");
    }
    if (key.length > KEY_MAX) {
      throw new RangeError("kvstore: the key is longer than " + KEY_MAX + " characters");
    }
  }

  function checkValue(value) {
    var json = JSON.stringify(value);
    if (json !== undefined && json.length > VALUE_MAX) {
      throw new RangeError("kvstore: the value is longer than " + VALUE_MAX + " characters");
    }
  }

  function checkTtl(ttl) {
    if (ttl !== undefined && (typeof ttl !== "number" || !isFinite(ttl))) {
      throw new TypeError("kvstore: the TTL must be a number of minutes");
    }
  }

  var kvstore = {
    get: counted("kvstore", function (key) {
      checkKey(key);
      return copy(current().kv[key]);
    }),
    set: counted("kvstore", function (key, value, ttl) {
      checkKey(key);
      checkValue(value);
      checkTtl(ttl);
      current().kv[key] = copy(value);
      return true;
    }),
    getItem: counted("kvstore", function (key) {
      checkKey(key);
      var value = current().kv[key];
      if (value === undefined) {
        return null;
      }
      return typeof value === "string" ? value : JSON.stringify(value);
    }),
    setItem: counted("kvstore", function (key, value, ttl) {
      checkKey(key);
      var stored = typeof value === "string" ? value : JSON.stringify(value);
      checkValue(stored);
      checkTtl(ttl);
      current().kv[key] = stored;
      return true;
    }),
    removeItem: counted("kvstore", function (key) {
      checkKey(key);
      delete current().kv[key];
      return true;
    }),
    getKeys: counted("kvstore", function () {
      return Object.keys(current().kv);
    }),
    incrCounter: counted("kvstore", function (key, by) {
      checkKey(key);
      var step = by === undefined ? 1 : Number(by);
      if (!isFinite(step)) {
        throw new TypeError("kvstore.incrCounter: the increment must be a number");
      }
      var kv = current().kv;
      var now = Number(kv[key]) || 0;
      kv[key] = now + step;
      return kv[key];
    }),
    getCounter: counted("kvstore", function (key) {
      checkKey(key);
      return Number(current().kv[key]) || 0;
    })
  };

  /* ---------------------------------------------------------------------------------------
   * vault: the test's secrets.
   * ------------------------------------------------------------------------------------- */
  var vault = {
    get: counted("vault", function (key) {
      var secrets = current().secrets;
      return has(secrets, key) ? secrets[key] : undefined;
    })
  };

  /* ---------------------------------------------------------------------------------------
   * xhr: answered by the test's mocks (method and URL pattern, * as a wildcard); every call
   * is recorded. The response has PubNub's fields: status, headers, body, url, and json().
   * ------------------------------------------------------------------------------------- */
  var XHR_METHODS = ["GET", "POST", "PUT", "OPTIONS", "DELETE", "PATCH"];

  function wildcard(pattern, value) {
    var parts = String(pattern).split("*").map(function (part) {
      return part.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
    });
    return new RegExp("^" + parts.join(".*") + "$").test(value);
  }

  function xhrResponse(mock, url) {
    var body = mock.body === undefined ? "" : mock.body;
    if (typeof body !== "string") {
      body = JSON.stringify(body);
    }
    var status = mock.status === undefined ? 200 : Number(mock.status);
    return {
      url: url,
      status: status,
      ok: status >= 200 && status < 300,
      headers: isObject(mock.headers) ? copy(mock.headers) : {},
      body: body,
      json: function () {
        return new Promise(function (resolve) {
          resolve(JSON.parse(body));
        });
      }
    };
  }

  var xhr = {
    fetch: counted("xhr", function (url, options) {
      var opts = isObject(options) ? options : {};
      var method = String(opts.method || "GET").toUpperCase();
      if (XHR_METHODS.indexOf(method) < 0) {
        throw new TypeError("xhr.fetch: unsupported method " + method + " (PubNub supports " + XHR_METHODS.join(", ") + ")");
      }
      var r = current();
      var found = null;
      for (var i = 0; i < r.mocks.length && found === null; i += 1) {
        var m = r.mocks[i];
        var mockMethod = m && m.method ? String(m.method).toUpperCase() : "*";
        if (m && (mockMethod === "*" || mockMethod === method) && wildcard(m.url, String(url))) {
          found = m;
        }
      }
      r.xhrRequests.push({ method: method, url: String(url), status: found ? (found.status === undefined ? 200 : Number(found.status)) : null });
      if (found === null) {
        throw new Error("xhr: no mock answers " + method + " " + String(url) + " (add one to the test's XHR mocks)");
      }
      return xhrResponse(found, String(url));
    })
  };

  /* ---------------------------------------------------------------------------------------
   * pubnub: publish, fire and signal are recorded as "would publish". Every other method of
   * the PubNub SDK talks to PubNub's network about real channels, users and files, which a
   * test run has none of: each is refused by name.
   * ------------------------------------------------------------------------------------- */
  function timetoken() {
    return String(Date.now()) + "0000" + String(Math.floor(Math.random() * 10));
  }

  function publisher(kind) {
    return counted("pubnub", function (params) {
      if (!isObject(params) || typeof params.channel !== "string" || params.channel.length === 0) {
        throw new TypeError("pubnub." + kind + ": expected { channel, message }");
      }
      current().published.push({ kind: kind, channel: params.channel, message: copy(params.message) });
      return { timetoken: timetoken() };
    });
  }

  var NETWORK_ONLY = "it calls PubNub's network, and a test run has only publish, fire and signal (recorded as would-publish)";
  var pubnub = {
    publish: publisher("publish"),
    fire: publisher("fire"),
    signal: publisher("signal")
  };
  [
    "grant", "grantToken", "parseToken", "revokeToken", "hereNow", "whereNow", "setState", "getState", "time",
    "history", "fetchMessages", "deleteMessages", "messageCounts", "addMessageAction", "removeMessageAction",
    "getMessageActions", "listFiles", "getFileUrl", "publishFile", "sendFile", "deleteFile", "downloadFile"
  ].forEach(function (name) {
    pubnub[name] = refusedAsync("pubnub." + name, NETWORK_ONLY);
  });
  pubnub.channelGroups = {};
  ["addChannels", "listChannels", "removeChannels", "deleteGroup"].forEach(function (name) {
    pubnub.channelGroups[name] = refusedAsync("pubnub.channelGroups." + name, NETWORK_ONLY);
  });
  pubnub.push = {};
  ["addChannels", "listChannels", "removeChannels", "deleteDevice"].forEach(function (name) {
    pubnub.push[name] = refusedAsync("pubnub.push." + name, NETWORK_ONLY);
  });
  pubnub.objects = {};
  [
    "getAllUUIDMetadata", "getUUIDMetadata", "setUUIDMetadata", "removeUUIDMetadata", "getAllChannelMetadata",
    "getChannelMetadata", "setChannelMetadata", "removeChannelMetadata", "getMemberships", "setMemberships",
    "removeMemberships", "getChannelMembers", "setChannelMembers", "removeChannelMembers"
  ].forEach(function (name) {
    pubnub.objects[name] = refusedAsync("pubnub.objects." + name, NETWORK_ONLY);
  });

  /* ---------------------------------------------------------------------------------------
   * Bytes: text as UTF-8 or Latin-1 bytes, hex, and Base64 (standard and URL-safe). Byte
   * strings are plain arrays of numbers 0..255, the same in every engine.
   * ------------------------------------------------------------------------------------- */
  function utf8(str) {
    var out = [];
    var s = unescape(encodeURIComponent(String(str)));
    for (var i = 0; i < s.length; i += 1) {
      out.push(s.charCodeAt(i));
    }
    return out;
  }

  function fromUtf8(bytes) {
    return decodeURIComponent(escape(fromBytes(bytes)));
  }

  function latin1(str, what) {
    var out = [];
    var s = String(str);
    for (var i = 0; i < s.length; i += 1) {
      var c = s.charCodeAt(i);
      if (c > 255) {
        throw new Error(what + ": the string has characters outside Latin-1");
      }
      out.push(c);
    }
    return out;
  }

  function fromBytes(bytes) {
    var out = "";
    for (var i = 0; i < bytes.length; i += 1) {
      out += String.fromCharCode(bytes[i]);
    }
    return out;
  }

  function hex(bytes) {
    return bytes.map(function (x) {
      return (x < 16 ? "0" : "") + x.toString(16);
    }).join("");
  }

  var B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  var B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  function toBase64(bytes, alphabet, pad) {
    var out = "";
    for (var i = 0; i < bytes.length; i += 3) {
      var n = (bytes[i] << 16) | ((bytes[i + 1] || 0) << 8) | (bytes[i + 2] || 0);
      out += alphabet.charAt((n >>> 18) & 63) + alphabet.charAt((n >>> 12) & 63);
      if (i + 1 < bytes.length) {
        out += alphabet.charAt((n >>> 6) & 63);
      } else if (pad) {
        out += "=";
      }
      if (i + 2 < bytes.length) {
        out += alphabet.charAt(n & 63);
      } else if (pad) {
        out += "=";
      }
    }
    return out;
  }

  function fromBase64(str, alphabet, what) {
    var clean = String(str).replace(/[\s=]/g, "");
    var out = [];
    var bits = 0;
    var value = 0;
    for (var i = 0; i < clean.length; i += 1) {
      var v = alphabet.indexOf(clean.charAt(i));
      if (v < 0) {
        throw new Error(what + ": invalid character '" + clean.charAt(i) + "' in Base64 input");
      }
      value = ((value << 6) | v) & 0xffffff;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out.push((value >>> bits) & 255);
      }
    }
    return out;
  }

  /* ---------------------------------------------------------------------------------------
   * Digests: SHA-1, SHA-256, SHA-512 (FIPS 180-4) and MD5 (RFC 1321, for uuid v3 only).
   * Their round constants are derived here rather than listed: SHA's are the fractional parts
   * of square and cube roots of primes, taken exactly with BigInt integer roots; MD5's are
   * floor(2^32 * |sin(i)|), exact in doubles.
   * ------------------------------------------------------------------------------------- */
  function primes(n) {
    var out = [];
    for (var c = 2; out.length < n; c += 1) {
      if (out.every(function (p) {
        return c % p !== 0;
      })) {
        out.push(c);
      }
    }
    return out;
  }

  function integerRoot(n, k) {
    var K = BigInt(k);
    var x = BigInt(1) << BigInt(Math.ceil(n.toString(2).length / k) + 1);
    for (;;) {
      var y = ((K - BigInt(1)) * x + n / (x ** (K - BigInt(1)))) / K;
      if (y >= x) {
        return x;
      }
      x = y;
    }
  }

  /* The first 64 bits of the fractional part of p^(1/k), as [high 32 bits, low 32 bits]. */
  function rootFraction(p, k) {
    var f = integerRoot(BigInt(p) << BigInt(64 * k), k) & ((BigInt(1) << BigInt(64)) - BigInt(1));
    return [Number(f >> BigInt(32)) | 0, Number(f & BigInt(0xffffffff)) | 0];
  }

  var shaTables = null;

  /* SHA-256 and SHA-512 start from the square roots of the first 8 primes, SHA-384 from those
   * of the next 8; their round constants are the cube roots of the first 64 (80) primes. */
  function tables() {
    if (shaTables === null) {
      var p = primes(80);
      var sqrt = function (q) {
        return rootFraction(q, 2);
      };
      shaTables = {
        iv64: p.slice(0, 8).map(sqrt),
        iv384: p.slice(8, 16).map(sqrt),
        k64: p.map(function (q) {
          return rootFraction(q, 3);
        })
      };
    }
    return shaTables;
  }

  /* Message padding shared by the MD and SHA families: 0x80, zeros, then the bit length. */
  function padded(bytes, block, lengthBytes, littleEndian) {
    var msg = bytes.slice();
    var bitLen = bytes.length * 8;
    msg.push(0x80);
    while (msg.length % block !== block - lengthBytes) {
      msg.push(0);
    }
    var high = Math.floor(bitLen / 0x100000000);
    var low = bitLen >>> 0;
    var len = [];
    for (var i = 0; i < lengthBytes - 8; i += 1) {
      len.push(0);
    }
    len.push((high >>> 24) & 255, (high >>> 16) & 255, (high >>> 8) & 255, high & 255);
    len.push((low >>> 24) & 255, (low >>> 16) & 255, (low >>> 8) & 255, low & 255);
    return msg.concat(littleEndian ? len.reverse() : len);
  }

  function wordsBE(bytes) {
    var out = [];
    for (var i = 0; i < bytes.length; i += 4) {
      out.push((bytes[i] << 24) | (bytes[i + 1] << 16) | (bytes[i + 2] << 8) | bytes[i + 3]);
    }
    return out;
  }

  function bytesBE(words) {
    var out = [];
    words.forEach(function (w) {
      out.push((w >>> 24) & 255, (w >>> 16) & 255, (w >>> 8) & 255, w & 255);
    });
    return out;
  }

  function rotl(x, n) {
    return (x << n) | (x >>> (32 - n));
  }

  function rotr(x, n) {
    return (x >>> n) | (x << (32 - n));
  }

  function sha1(bytes) {
    var h = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0];
    var words = wordsBE(padded(bytes, 64, 8, false));
    for (var off = 0; off < words.length; off += 16) {
      var w = words.slice(off, off + 16);
      for (var t = 16; t < 80; t += 1) {
        w[t] = rotl(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
      }
      var a = h[0];
      var b = h[1];
      var c = h[2];
      var d = h[3];
      var e = h[4];
      for (t = 0; t < 80; t += 1) {
        var f;
        var k;
        if (t < 20) {
          f = (b & c) | (~b & d);
          k = 0x5a827999;
        } else if (t < 40) {
          f = b ^ c ^ d;
          k = 0x6ed9eba1;
        } else if (t < 60) {
          f = (b & c) | (b & d) | (c & d);
          k = 0x8f1bbcdc;
        } else {
          f = b ^ c ^ d;
          k = 0xca62c1d6;
        }
        var temp = (rotl(a, 5) + f + e + k + w[t]) | 0;
        e = d;
        d = c;
        c = rotl(b, 30);
        b = a;
        a = temp;
      }
      h = [(h[0] + a) | 0, (h[1] + b) | 0, (h[2] + c) | 0, (h[3] + d) | 0, (h[4] + e) | 0];
    }
    return bytesBE(h);
  }

  function sha256(bytes) {
    var T = tables();
    var K = T.k64.slice(0, 64).map(function (k) {
      return k[0];
    });
    var h = T.iv64.map(function (v) {
      return v[0];
    });
    var words = wordsBE(padded(bytes, 64, 8, false));
    for (var off = 0; off < words.length; off += 16) {
      var w = words.slice(off, off + 16);
      for (var t = 16; t < 64; t += 1) {
        var s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >>> 3);
        var s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >>> 10);
        w[t] = (w[t - 16] + s0 + w[t - 7] + s1) | 0;
      }
      var v = h.slice();
      for (t = 0; t < 64; t += 1) {
        var e = v[4];
        var a = v[0];
        var t1 = (v[7] + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & v[5]) ^ (~e & v[6])) + K[t] + w[t]) | 0;
        var t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & v[1]) ^ (a & v[2]) ^ (v[1] & v[2]))) | 0;
        v = [(t1 + t2) | 0, a, v[1], v[2], (v[3] + t1) | 0, e, v[5], v[6]];
      }
      h = h.map(function (x, i) {
        return (x + v[i]) | 0;
      });
    }
    return bytesBE(h);
  }

  /* SHA-512 works on 64-bit words, kept as [high, low] pairs of 32-bit integers. */
  function add64() {
    var hi = 0;
    var lo = 0;
    for (var i = 0; i < arguments.length; i += 1) {
      hi += arguments[i][0];
      lo += arguments[i][1] >>> 0;
    }
    return [(hi + Math.floor(lo / 0x100000000)) | 0, lo | 0];
  }

  function rotr64(x, n) {
    var h = x[0];
    var l = x[1];
    if (n >= 32) {
      h = x[1];
      l = x[0];
      n -= 32;
    }
    return [(h >>> n) | (l << (32 - n)), (l >>> n) | (h << (32 - n))];
  }

  function shr64(x, n) {
    return [x[0] >>> n, (x[1] >>> n) | (x[0] << (32 - n))];
  }

  function xor64(a, b, c) {
    return [a[0] ^ b[0] ^ c[0], a[1] ^ b[1] ^ c[1]];
  }

  function sha512family(bytes, iv, length) {
    var T = tables();
    var h = iv.map(function (v) {
      return v.slice();
    });
    var words = wordsBE(padded(bytes, 128, 16, false));
    for (var off = 0; off < words.length; off += 32) {
      var w = [];
      for (var t = 0; t < 16; t += 1) {
        w.push([words[off + 2 * t], words[off + 2 * t + 1]]);
      }
      for (t = 16; t < 80; t += 1) {
        var s0 = xor64(rotr64(w[t - 15], 1), rotr64(w[t - 15], 8), shr64(w[t - 15], 7));
        var s1 = xor64(rotr64(w[t - 2], 19), rotr64(w[t - 2], 61), shr64(w[t - 2], 6));
        w.push(add64(w[t - 16], s0, w[t - 7], s1));
      }
      var v = h.slice();
      for (t = 0; t < 80; t += 1) {
        var a = v[0];
        var e = v[4];
        var ch = [(e[0] & v[5][0]) ^ (~e[0] & v[6][0]), (e[1] & v[5][1]) ^ (~e[1] & v[6][1])];
        var maj = [(a[0] & v[1][0]) ^ (a[0] & v[2][0]) ^ (v[1][0] & v[2][0]), (a[1] & v[1][1]) ^ (a[1] & v[2][1]) ^ (v[1][1] & v[2][1])];
        var t1 = add64(v[7], xor64(rotr64(e, 14), rotr64(e, 18), rotr64(e, 41)), ch, T.k64[t], w[t]);
        var t2 = add64(xor64(rotr64(a, 28), rotr64(a, 34), rotr64(a, 39)), maj);
        v = [add64(t1, t2), a, v[1], v[2], add64(v[3], t1), e, v[5], v[6]];
      }
      h = h.map(function (x, i) {
        return add64(x, v[i]);
      });
    }
    var out = [];
    h.forEach(function (x) {
      out = out.concat(bytesBE(x));
    });
    return out.slice(0, length);
  }

  function sha384(bytes) {
    return sha512family(bytes, tables().iv384, 48);
  }

  function sha512(bytes) {
    return sha512family(bytes, tables().iv64, 64);
  }

  var MD5_SHIFTS = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];

  function md5(bytes) {
    var K = [];
    for (var i = 0; i < 64; i += 1) {
      K.push(Math.floor(Math.abs(Math.sin(i + 1)) * 0x100000000) | 0);
    }
    var msg = padded(bytes, 64, 8, true);
    var h = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476];
    for (var off = 0; off < msg.length; off += 64) {
      var m = [];
      for (i = 0; i < 16; i += 1) {
        var j = off + 4 * i;
        m.push(msg[j] | (msg[j + 1] << 8) | (msg[j + 2] << 16) | (msg[j + 3] << 24));
      }
      var a = h[0];
      var b = h[1];
      var c = h[2];
      var d = h[3];
      for (i = 0; i < 64; i += 1) {
        var round = Math.floor(i / 16);
        var f;
        var g;
        if (round === 0) {
          f = (b & c) | (~b & d);
          g = i;
        } else if (round === 1) {
          f = (d & b) | (~d & c);
          g = (5 * i + 1) % 16;
        } else if (round === 2) {
          f = b ^ c ^ d;
          g = (3 * i + 5) % 16;
        } else {
          f = c ^ (b | ~d);
          g = (7 * i) % 16;
        }
        var next = d;
        d = c;
        c = b;
        b = (b + rotl((a + f + K[i] + m[g]) | 0, MD5_SHIFTS[round * 4 + (i % 4)])) | 0;
        a = next;
      }
      h = [(h[0] + a) | 0, (h[1] + b) | 0, (h[2] + c) | 0, (h[3] + d) | 0];
    }
    var out = [];
    h.forEach(function (w) {
      out.push(w & 255, (w >>> 8) & 255, (w >>> 16) & 255, (w >>> 24) & 255);
    });
    return out;
  }

  var HASHES = {
    SHA1: { digest: sha1, block: 64 },
    SHA256: { digest: sha256, block: 64 },
    SHA384: { digest: sha384, block: 128 },
    SHA512: { digest: sha512, block: 128 }
  };

  /* HMAC (RFC 2104) over any of the hashes above. */
  function hmac(hash, keyBytes, messageBytes) {
    var key = keyBytes.length > hash.block ? hash.digest(keyBytes) : keyBytes.slice();
    while (key.length < hash.block) {
      key.push(0);
    }
    var inner = key.map(function (b) {
      return b ^ 0x36;
    });
    var outer = key.map(function (b) {
      return b ^ 0x5c;
    });
    return hash.digest(outer.concat(hash.digest(inner.concat(messageBytes))));
  }

  /* ---------------------------------------------------------------------------------------
   * crypto: hashes and HMACs, each a Promise of Base64 as PubNub documents. The HMAC key is
   * Base64 (PubNub's example passes base64.btoa(secret)). ED25519 and ECDSA signatures are
   * refused: they need private-key handling that this mock does not implement.
   * ------------------------------------------------------------------------------------- */
  var ALGORITHM = {};
  ["ED25519", "ECDSA_P256_SHA1", "ECDSA_P256_SHA256", "ECDSA_P256_SHA512", "HMAC_SHA1", "HMAC_SHA256", "HMAC_SHA512"].forEach(function (name) {
    ALGORITHM[name] = name;
  });

  function digestOf(name) {
    return function (message) {
      return new Promise(function (resolve) {
        resolve(toBase64(HASHES[name].digest(utf8(message)), B64, true));
      });
    };
  }

  var SIGNATURES = "ED25519 and ECDSA signatures need private-key handling that the test console does not implement (its crypto has sha1, sha256, sha512 and hmac)";
  var cryptoModule = {
    ALGORITHM: ALGORITHM,
    sha1: digestOf("SHA1"),
    sha256: digestOf("SHA256"),
    sha512: digestOf("SHA512"),
    hmac: function (key, message, algorithm) {
      return new Promise(function (resolve) {
        var name = algorithm === undefined ? "HMAC_SHA256" : String(algorithm).toUpperCase().replace(/-/g, "_");
        var hash = name.indexOf("HMAC_") === 0 && has(HASHES, name.slice(5)) ? HASHES[name.slice(5)] : null;
        if (hash === null) {
          throw new Error("crypto.hmac: the algorithm must be one of crypto.ALGORITHM.HMAC_SHA1, HMAC_SHA256, HMAC_SHA512 (got " + String(algorithm) + ")");
        }
        resolve(toBase64(hmac(hash, fromBase64(key, B64, "crypto.hmac key"), utf8(message)), B64, true));
      });
    },
    sign: refusedAsync("crypto.sign", SIGNATURES),
    verify: refusedAsync("crypto.verify", SIGNATURES)
  };

  /* ---------------------------------------------------------------------------------------
   * codec/base64, codec/auth, codec/query_string.
   * ------------------------------------------------------------------------------------- */
  var base64 = {
    btoa: function (str) {
      return toBase64(latin1(str, "codec/base64.btoa"), B64, true);
    },
    atob: function (str) {
      return fromBytes(fromBase64(str, B64, "codec/base64.atob"));
    },
    /* PubNub documents encodeString('+') as '_': the characters that mean something in a URL
     * get safe stand-ins, '+' -> '_' and '/' -> '-' (the "program identifier" Base64 variant);
     * letters, digits and '=' stay. decodeString undoes it. */
    encodeString: function (input) {
      return String(input).replace(/[+/]/g, function (c) {
        return c === "+" ? "_" : "-";
      });
    },
    decodeString: function (input) {
      return String(input).replace(/[_-]/g, function (c) {
        return c === "_" ? "+" : "/";
      });
    }
  };

  var basicAuth = {
    /* Exactly as PubNub's reference prints it: basic('many', 'blocks') is
     * 'Basic: bWFueTpibG9ja3M=' (with a colon). */
    basic: function (username, password) {
      return "Basic: " + toBase64(utf8(String(username) + ":" + String(password)), B64, true);
    }
  };

  function decodeComponent(s) {
    var plain = s.replace(/\+/g, " ");
    try {
      return decodeURIComponent(plain);
    } catch (e) {
      return plain;
    }
  }

  function parseQuery(str, defaults) {
    var out = {};
    String(str === undefined || str === null ? "" : str).replace(/^\?/, "").split("&").forEach(function (pair) {
      if (pair.length === 0) {
        return;
      }
      var i = pair.indexOf("=");
      var k = decodeComponent(i < 0 ? pair : pair.slice(0, i));
      var v = i < 0 ? "" : decodeComponent(pair.slice(i + 1));
      out[k] = has(out, k) ? [].concat(out[k], v) : v;
    });
    if (isObject(defaults)) {
      Object.keys(defaults).forEach(function (k) {
        if (!has(out, k)) {
          out[k] = defaults[k];
        }
      });
    }
    return out;
  }

  function queryValue(v) {
    if (typeof v === "string" || (typeof v === "number" && isFinite(v)) || typeof v === "boolean") {
      return String(v);
    }
    return "";
  }

  var queryString = {
    parse: function (str, defaults) {
      if (isObject(str)) {
        return parseQuery("", Object.assign({}, defaults, str));
      }
      return parseQuery(str, defaults);
    },
    stringify: function (params) {
      var parts = [];
      Object.keys(isObject(params) ? params : {}).forEach(function (k) {
        [].concat(params[k]).forEach(function (v) {
          parts.push(encodeURIComponent(k) + "=" + encodeURIComponent(queryValue(v)));
        });
      });
      return parts.join("&");
    }
  };

  /* ---------------------------------------------------------------------------------------
   * uuid: v3 (MD5) and v5 (SHA-1) name-based, v4 random, validate and version, as the uuid
   * package PubNub ships. The module is also callable (an older form): uuid() is a v4.
   * ------------------------------------------------------------------------------------- */
  var UUID_RE = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$/i;

  function formatUuid(bytes) {
    var h = hex(bytes);
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20, 32);
  }

  function uuidBytes(str) {
    if (!UUID_RE.test(String(str))) {
      throw new TypeError("Invalid UUID");
    }
    var h = String(str).replace(/-/g, "");
    var out = [];
    for (var i = 0; i < 32; i += 2) {
      out.push(parseInt(h.slice(i, i + 2), 16));
    }
    return out;
  }

  function withVersion(bytes, version) {
    var b = bytes.slice(0, 16);
    b[6] = (b[6] & 0x0f) | (version << 4);
    b[8] = (b[8] & 0x3f) | 0x80;
    return formatUuid(b);
  }

  function nameBased(version, digest) {
    return function (name, namespace) {
      var ns = Array.isArray(namespace) ? namespace.slice() : uuidBytes(namespace);
      if (ns.length !== 16) {
        throw new TypeError("Namespace must be array-like (16 iterable integer values, 0-255)");
      }
      var nameBytes = Array.isArray(name) ? name.slice() : utf8(name);
      return withVersion(digest(ns.concat(nameBytes)), version);
    };
  }

  function uuidV4() {
    var b = [];
    for (var i = 0; i < 16; i += 1) {
      b.push(Math.floor(Math.random() * 256));
    }
    return withVersion(b, 4);
  }

  var uuid = function () {
    return uuidV4();
  };
  uuid.v3 = nameBased(3, md5);
  uuid.v4 = uuidV4;
  uuid.v5 = nameBased(5, sha1);
  uuid.validate = function (str) {
    return typeof str === "string" && UUID_RE.test(str);
  };
  uuid.version = function (str) {
    if (!uuid.validate(str)) {
      throw new TypeError("Invalid UUID");
    }
    return parseInt(str.slice(14, 15), 16);
  };
  uuid.v3.DNS = uuid.v5.DNS = "6ba7b810-9dad-11d1-80b4-00c04fd430c8";
  uuid.v3.URL = uuid.v5.URL = "6ba7b811-9dad-11d1-80b4-00c04fd430c8";

  /* ---------------------------------------------------------------------------------------
   * utils and advanced_math.
   * ------------------------------------------------------------------------------------- */
  var utils = {
    /* An integer in [min, max): max is exclusive, as PubNub documents. */
    randomInt: function (min, max) {
      var lo = Math.ceil(Number(min));
      var hi = Math.ceil(Number(max));
      if (!isFinite(lo) || !isFinite(hi) || hi <= lo) {
        throw new RangeError("utils.randomInt: expected numbers min < max");
      }
      return lo + Math.floor(Math.random() * (hi - lo));
    },
    isNumeric: function (value) {
      return (typeof value === "number" || (typeof value === "string" && value.trim() !== "")) && isFinite(Number(value));
    }
  };

  /* Miles: the haversine distance on a sphere of the Earth's mean radius, 3,959 miles. */
  var EARTH_RADIUS_MILES = 3959;

  function deg2rad(deg) {
    return Number(deg) * (Math.PI / 180);
  }

  var advancedMath = {
    deg2rad: deg2rad,
    getDistance: function (lat1, lon1, lat2, lon2) {
      var dLat = deg2rad(lat2 - lat1);
      var dLon = deg2rad(lon2 - lon1);
      var a = Math.sin(dLat / 2) * Math.sin(dLat / 2) +
        Math.cos(deg2rad(lat1)) * Math.cos(deg2rad(lat2)) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
      return EARTH_RADIUS_MILES * 2 * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a));
    }
  };

  /* ---------------------------------------------------------------------------------------
   * jwt: sign, decode and verify as the jsonwebtoken package PubNub ships, with the shared-
   * secret algorithms HS256, HS384 and HS512. RS, ES and PS algorithms need a private or
   * public key and are refused with that reason.
   * ------------------------------------------------------------------------------------- */
  var JWT_HASH = { HS256: "SHA256", HS384: "SHA384", HS512: "SHA512" };

  class JsonWebTokenError extends Error {
    constructor(message) {
      super(message);
      this.name = "JsonWebTokenError";
    }
  }

  class TokenExpiredError extends JsonWebTokenError {
    constructor(message, expiredAt) {
      super(message);
      this.name = "TokenExpiredError";
      this.expiredAt = expiredAt;
    }
  }

  class NotBeforeError extends JsonWebTokenError {
    constructor(message, date) {
      super(message);
      this.name = "NotBeforeError";
      this.date = date;
    }
  }

  var SPAN_UNITS = {
    ms: 0.001, msec: 0.001, msecs: 0.001, millisecond: 0.001, milliseconds: 0.001,
    s: 1, sec: 1, secs: 1, second: 1, seconds: 1,
    m: 60, min: 60, mins: 60, minute: 60, minutes: 60,
    h: 3600, hr: 3600, hrs: 3600, hour: 3600, hours: 3600,
    d: 86400, day: 86400, days: 86400,
    w: 604800, week: 604800, weeks: 604800,
    y: 31557600, yr: 31557600, yrs: 31557600, year: 31557600, years: 31557600
  };

  /* A time span as jsonwebtoken reads it: a number of seconds, or a string such as "1h",
   * "2 days" or "120" (a bare number in a string is milliseconds), added to "from". */
  function timespan(span, from, option) {
    if (typeof span === "number") {
      return Math.floor(from + span);
    }
    var m = /^(-?\d*\.?\d+) *([a-z]*)$/i.exec(String(span).trim());
    var unit = m ? (m[2] === "" ? "ms" : m[2].toLowerCase()) : "";
    if (!m || !has(SPAN_UNITS, unit)) {
      throw new Error("\"" + option + "\" should be a number of seconds or string representing a timespan");
    }
    return Math.floor(from + Number(m[1]) * SPAN_UNITS[unit]);
  }

  function jwtPart(value) {
    return toBase64(utf8(JSON.stringify(value)), B64URL, false);
  }

  function jwtHash(alg, what) {
    if (has(JWT_HASH, alg)) {
      return HASHES[JWT_HASH[alg]];
    }
    if (/^(RS|ES|PS)(256|384|512)$/.test(String(alg)) || alg === "EdDSA") {
      throw refusal("jwt algorithm " + alg, "it needs a private or public key, and the test console signs and verifies with a shared secret only (HS256, HS384, HS512)");
    }
    throw new JsonWebTokenError(what === "sign" ? "\"algorithm\" must be a valid string enum value" : "invalid algorithm");
  }

  function jwtSignature(alg, secret, input) {
    return toBase64(hmac(jwtHash(alg, "sign"), utf8(secret), utf8(input)), B64URL, false);
  }

  function splitToken(token) {
    if (typeof token !== "string") {
      return null;
    }
    var parts = token.split(".");
    if (parts.length !== 3) {
      return null;
    }
    try {
      var header = JSON.parse(fromUtf8(fromBase64(parts[0], B64URL, "jwt")));
      var payloadText = fromUtf8(fromBase64(parts[1], B64URL, "jwt"));
      var payload;
      try {
        payload = JSON.parse(payloadText);
      } catch (notJson) {
        payload = payloadText;
      }
      return { header: header, payload: payload, signature: parts[2], input: parts[0] + "." + parts[1] };
    } catch (e) {
      return null;
    }
  }

  function callbackOr(callback, work) {
    if (typeof callback !== "function") {
      return work();
    }
    Promise.resolve().then(function () {
      var value;
      try {
        value = work();
      } catch (e) {
        callback(e);
        return;
      }
      callback(null, value);
    });
    return undefined;
  }

  function jwtSign(payload, secret, options, callback) {
    if (typeof options === "function") {
      callback = options;
      options = {};
    }
    var opts = isObject(options) ? options : {};
    return callbackOr(callback, function () {
      var alg = opts.algorithm === undefined ? "HS256" : opts.algorithm;
      jwtHash(alg, "sign");
      if (typeof secret !== "string" || secret.length === 0) {
        throw new Error("secretOrPrivateKey must have a value");
      }
      var isClaims = isObject(payload);
      var claims = isClaims ? Object.assign({}, payload) : payload;
      if (isClaims) {
        var now = typeof claims.iat === "number" ? claims.iat : Math.floor(Date.now() / 1000);
        if (opts.noTimestamp) {
          delete claims.iat;
        } else {
          claims.iat = now;
        }
        if (opts.notBefore !== undefined) {
          claims.nbf = timespan(opts.notBefore, now, "notBefore");
        }
        if (opts.expiresIn !== undefined) {
          if (claims.exp !== undefined) {
            throw new Error("Bad \"options.expiresIn\" option the payload already has an \"exp\" property.");
          }
          claims.exp = timespan(opts.expiresIn, now, "expiresIn");
        }
        [["audience", "aud"], ["issuer", "iss"], ["subject", "sub"], ["jwtid", "jti"]].forEach(function (pair) {
          if (opts[pair[0]] !== undefined) {
            claims[pair[1]] = opts[pair[0]];
          }
        });
      } else if (opts.expiresIn !== undefined || opts.notBefore !== undefined) {
        throw new Error("invalid expiresIn or notBefore option for string payload");
      }
      var header = Object.assign({ alg: alg, typ: isClaims ? "JWT" : undefined, kid: opts.keyid }, opts.header);
      var input = jwtPart(header) + "." + (typeof claims === "string" ? toBase64(utf8(claims), B64URL, false) : jwtPart(claims));
      return input + "." + jwtSignature(alg, secret, input);
    });
  }

  function jwtDecode(token, options) {
    var parts = splitToken(token);
    if (parts === null) {
      return null;
    }
    if (isObject(options) && options.complete) {
      return { header: parts.header, payload: parts.payload, signature: parts.signature };
    }
    return parts.payload;
  }

  function matchesClaim(value, expected) {
    var wanted = [].concat(expected);
    return [].concat(value).some(function (v) {
      return wanted.some(function (w) {
        return w instanceof RegExp ? w.test(v) : w === v;
      });
    });
  }

  function jwtVerify(token, secret, options, callback) {
    if (typeof options === "function") {
      callback = options;
      options = {};
    }
    var opts = isObject(options) ? options : {};
    return callbackOr(callback, function () {
      if (!token) {
        throw new JsonWebTokenError("jwt must be provided");
      }
      if (typeof token !== "string") {
        throw new JsonWebTokenError("jwt must be a string");
      }
      var parts = splitToken(token);
      if (parts === null) {
        throw new JsonWebTokenError(token.split(".").length === 3 ? "invalid token" : "jwt malformed");
      }
      if (typeof secret !== "string" || secret.length === 0) {
        throw new JsonWebTokenError("secret or public key must be provided");
      }
      var algorithms = Array.isArray(opts.algorithms) ? opts.algorithms : ["HS256", "HS384", "HS512"];
      if (algorithms.indexOf(parts.header.alg) < 0) {
        throw new JsonWebTokenError("invalid algorithm");
      }
      if (parts.signature === "") {
        throw new JsonWebTokenError("jwt signature is required");
      }
      if (jwtSignature(parts.header.alg, secret, parts.input) !== parts.signature) {
        throw new JsonWebTokenError("invalid signature");
      }
      var claims = parts.payload;
      var now = typeof opts.clockTimestamp === "number" ? opts.clockTimestamp : Math.floor(Date.now() / 1000);
      var tolerance = Number(opts.clockTolerance) || 0;
      if (isObject(claims)) {
        if (claims.nbf !== undefined && !opts.ignoreNotBefore) {
          if (typeof claims.nbf !== "number") {
            throw new JsonWebTokenError("invalid nbf value");
          }
          if (claims.nbf > now + tolerance) {
            throw new NotBeforeError("jwt not active", new Date(claims.nbf * 1000));
          }
        }
        if (claims.exp !== undefined && !opts.ignoreExpiration) {
          if (typeof claims.exp !== "number") {
            throw new JsonWebTokenError("invalid exp value");
          }
          if (now >= claims.exp + tolerance) {
            throw new TokenExpiredError("jwt expired", new Date(claims.exp * 1000));
          }
        }
        [["audience", "aud", "jwt audience invalid. expected: "], ["issuer", "iss", "jwt issuer invalid. expected: "],
          ["subject", "sub", "jwt subject invalid. expected: "], ["jwtid", "jti", "jwt jwtid invalid. expected: "]].forEach(function (c) {
          if (opts[c[0]] !== undefined && !matchesClaim(claims[c[1]], opts[c[0]])) {
            throw new JsonWebTokenError(c[2] + [].concat(opts[c[0]]).join(" or "));
          }
        });
        if (opts.maxAge !== undefined) {
          if (typeof claims.iat !== "number") {
            throw new JsonWebTokenError("iat required when maxAge is specified");
          }
          var latest = timespan(opts.maxAge, claims.iat, "maxAge");
          if (now >= latest + tolerance) {
            throw new TokenExpiredError("maxAge exceeded", new Date(latest * 1000));
          }
        }
      }
      return opts.complete ? { header: parts.header, payload: claims, signature: parts.signature } : claims;
    });
  }

  var jwt = {
    sign: jwtSign,
    decode: jwtDecode,
    verify: jwtVerify,
    JsonWebTokenError: JsonWebTokenError,
    TokenExpiredError: TokenExpiredError,
    NotBeforeError: NotBeforeError
  };

  /* ---------------------------------------------------------------------------------------
   * jsonpath: JSONPath({ path, json }) as JSONPath Plus answers it by default (an array of the
   * matched values). Paths: $, .name, ['name'], [n], [-n], [*], .*, .., [a,b], [start:end:step],
   * [?(filter)] and [(script)]. Filters and scripts are a small expression language evaluated
   * here (JSONPath Plus evaluates JavaScript, which the browser's Worker may not): @ and $
   * paths, literals, ! - + * / % < <= > >= == != === !== && || and parentheses, .length, and
   * the string and array methods indexOf, includes, startsWith, endsWith, toLowerCase,
   * toUpperCase and trim. Reading a missing property is undefined, not an error.
   * ------------------------------------------------------------------------------------- */
  var EXPR_METHODS = ["indexOf", "includes", "startsWith", "endsWith", "toLowerCase", "toUpperCase", "trim"];

  function jsonPathError(path, message) {
    return new SyntaxError("JSONPath: " + message + " in " + path);
  }

  function exprTokens(src, path) {
    var tokens = [];
    var i = 0;
    var re = /^(?:\s+|(\d+(?:\.\d+)?(?:e[+-]?\d+)?)|'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|([A-Za-z_$@][A-Za-z0-9_$]*)|(===|!==|==|!=|<=|>=|&&|\|\||[-+*%<>!().,[\]\/]))/;
    while (i < src.length) {
      var m = re.exec(src.slice(i));
      if (!m) {
        throw jsonPathError(path, "unexpected '" + src.charAt(i) + "' in a filter");
      }
      if (m[1] !== undefined) {
        tokens.push({ kind: "value", value: Number(m[1]) });
      } else if (m[2] !== undefined || m[3] !== undefined) {
        tokens.push({ kind: "value", value: (m[2] !== undefined ? m[2] : m[3]).replace(/\\(.)/g, "$1") });
      } else if (m[4] !== undefined) {
        tokens.push({ kind: "name", value: m[4] });
      } else if (m[5] !== undefined) {
        tokens.push({ kind: "op", value: m[5] });
      }
      i += m[0].length;
    }
    return tokens;
  }

  var BINARY = {
    "||": 1, "&&": 2, "==": 3, "!=": 3, "===": 3, "!==": 3, "<": 4, "<=": 4, ">": 4, ">=": 4,
    "+": 5, "-": 5, "*": 6, "/": 6, "%": 6
  };

  function applyBinary(op, a, b) {
    switch (op) {
    case "==":
      return a == b;
    case "!=":
      return a != b;
    case "===":
      return a === b;
    case "!==":
      return a !== b;
    case "<":
      return a < b;
    case "<=":
      return a <= b;
    case ">":
      return a > b;
    case ">=":
      return a >= b;
    case "+":
      return a + b;
    case "-":
      return a - b;
    case "*":
      return a * b;
    case "/":
      return a / b;
    default:
      return a % b;
    }
  }

  /* Parses a filter into a function of (current, root), by precedence climbing. */
  function compileExpr(src, path) {
    var tokens = exprTokens(src, path);
    var pos = 0;

    function peek(value) {
      return pos < tokens.length && tokens[pos].kind === "op" && tokens[pos].value === value;
    }

    function expect(value) {
      if (!peek(value)) {
        throw jsonPathError(path, "expected '" + value + "' in a filter");
      }
      pos += 1;
    }

    function member(object, key) {
      return object === null || object === undefined ? undefined : object[key];
    }

    function postfix(base) {
      for (;;) {
        if (peek(".")) {
          pos += 1;
          var name = tokens[pos];
          if (!name || name.kind !== "name") {
            throw jsonPathError(path, "expected a name after '.' in a filter");
          }
          pos += 1;
          if (peek("(")) {
            base = callMethod(base, name.value);
          } else {
            base = getter(base, name.value);
          }
        } else if (peek("[")) {
          pos += 1;
          var index = parseBinary(0);
          expect("]");
          base = keyed(base, index);
        } else {
          return base;
        }
      }
    }

    function getter(base, key) {
      return function (cur, root) {
        return member(base(cur, root), key);
      };
    }

    function keyed(base, index) {
      return function (cur, root) {
        return member(base(cur, root), index(cur, root));
      };
    }

    function callMethod(base, name) {
      if (EXPR_METHODS.indexOf(name) < 0) {
        throw jsonPathError(path, "the method " + name + "() is not available in filters");
      }
      expect("(");
      var args = [];
      while (!peek(")")) {
        args.push(parseBinary(0));
        if (!peek(")")) {
          expect(",");
        }
      }
      expect(")");
      return function (cur, root) {
        var target = base(cur, root);
        if ((typeof target !== "string" && !Array.isArray(target)) || typeof target[name] !== "function") {
          return undefined;
        }
        return target[name].apply(target, args.map(function (a) {
          return a(cur, root);
        }));
      };
    }

    function primary() {
      var t = tokens[pos];
      if (!t) {
        throw jsonPathError(path, "a filter ends too early");
      }
      pos += 1;
      if (t.kind === "value") {
        return postfix(function () {
          return t.value;
        });
      }
      if (t.kind === "name") {
        var constants = { "true": true, "false": false, "null": null, "undefined": undefined };
        if (has(constants, t.value)) {
          return function () {
            return constants[t.value];
          };
        }
        if (t.value === "@" || t.value === "$") {
          return postfix(function (cur, root) {
            return t.value === "@" ? cur : root;
          });
        }
        throw jsonPathError(path, "unknown name " + t.value + " in a filter");
      }
      if (t.value === "(") {
        var inner = parseBinary(0);
        expect(")");
        return postfix(inner);
      }
      if (t.value === "!" || t.value === "-" || t.value === "+") {
        var operand = primary();
        return function (cur, root) {
          var v = operand(cur, root);
          return t.value === "!" ? !v : (t.value === "-" ? -v : +v);
        };
      }
      throw jsonPathError(path, "unexpected '" + t.value + "' in a filter");
    }

    function parseBinary(min) {
      var left = primary();
      for (;;) {
        var t = tokens[pos];
        var prec = t && t.kind === "op" && has(BINARY, t.value) ? BINARY[t.value] : 0;
        if (prec === 0 || prec <= min) {
          return left;
        }
        pos += 1;
        left = binary(t.value, left, parseBinary(prec));
      }
    }

    function binary(op, left, right) {
      if (op === "&&") {
        return function (cur, root) {
          return left(cur, root) && right(cur, root);
        };
      }
      if (op === "||") {
        return function (cur, root) {
          return left(cur, root) || right(cur, root);
        };
      }
      return function (cur, root) {
        return applyBinary(op, left(cur, root), right(cur, root));
      };
    }

    var compiled = parseBinary(0);
    if (pos !== tokens.length) {
      throw jsonPathError(path, "unexpected '" + tokens[pos].value + "' in a filter");
    }
    return compiled;
  }

  /* The end of a bracket starting at "from" (the index of '['), skipping quoted strings and
   * nested brackets and parentheses. */
  function bracketEnd(path, from) {
    var depth = 0;
    for (var i = from; i < path.length; i += 1) {
      var c = path.charAt(i);
      if (c === "'" || c === "\"") {
        var close = path.indexOf(c, i + 1);
        if (close < 0) {
          throw jsonPathError(path, "an unclosed string");
        }
        i = close;
      } else if (c === "[" || c === "(") {
        depth += 1;
      } else if (c === "]" || c === ")") {
        depth -= 1;
        if (depth === 0) {
          return i;
        }
      }
    }
    throw jsonPathError(path, "an unclosed '['");
  }

  function bracketSelector(path, inner) {
    var body = inner.trim();
    if (body === "*") {
      return { kind: "all" };
    }
    if (body.charAt(0) === "?") {
      var filter = body.slice(1).trim();
      if (filter.charAt(0) !== "(" || filter.charAt(filter.length - 1) !== ")") {
        throw jsonPathError(path, "a filter must be ?(...)");
      }
      return { kind: "filter", test: compileExpr(filter.slice(1, -1), path) };
    }
    if (body.charAt(0) === "(") {
      return { kind: "script", key: compileExpr(body.slice(1, -1), path) };
    }
    var slice = /^(-?\d*)\s*:\s*(-?\d*)\s*(?::\s*(-?\d*))?$/.exec(body);
    if (slice) {
      return { kind: "slice", start: slice[1], end: slice[2], step: slice[3] };
    }
    var keys = [];
    var re = /\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|(-?\d+)|([A-Za-z_$][\w$-]*))\s*(,|$)/g;
    var at = 0;
    while (at < body.length) {
      re.lastIndex = at;
      var m = re.exec(body);
      if (!m || m.index !== at) {
        throw jsonPathError(path, "cannot read [" + inner + "]");
      }
      if (m[3] !== undefined) {
        keys.push(Number(m[3]));
      } else {
        keys.push(m[1] !== undefined ? m[1] : (m[2] !== undefined ? m[2] : m[4]));
      }
      at = re.lastIndex;
      if (m[5] === "") {
        break;
      }
    }
    return { kind: "keys", keys: keys };
  }

  function parsePath(path) {
    var p = String(path).trim();
    var steps = [];
    var i = p.charAt(0) === "$" ? 1 : 0;
    while (i < p.length) {
      var deep = false;
      if (p.slice(i, i + 2) === "..") {
        deep = true;
        i += 2;
      } else if (p.charAt(i) === ".") {
        i += 1;
      }
      var selector;
      if (p.charAt(i) === "[") {
        var end = bracketEnd(p, i);
        selector = bracketSelector(p, p.slice(i + 1, end));
        i = end + 1;
      } else {
        var name = /^(\*|[^.[\]]+)/.exec(p.slice(i));
        if (!name) {
          throw jsonPathError(p, "expected a name at " + i);
        }
        selector = name[1] === "*" ? { kind: "all" } : { kind: "keys", keys: [name[1]] };
        i += name[1].length;
      }
      steps.push({ deep: deep, selector: selector });
    }
    return steps;
  }

  function children(value) {
    if (Array.isArray(value)) {
      return value.slice();
    }
    if (value !== null && typeof value === "object") {
      return Object.keys(value).map(function (k) {
        return value[k];
      });
    }
    return [];
  }

  function select(selector, value, root, out) {
    var isArray = Array.isArray(value);
    var isContainer = value !== null && typeof value === "object";
    if (!isContainer) {
      return;
    }
    if (selector.kind === "all") {
      children(value).forEach(function (v) {
        out.push(v);
      });
    } else if (selector.kind === "keys") {
      selector.keys.forEach(function (k) {
        var key = isArray && typeof k === "number" && k < 0 ? value.length + k : k;
        if (has(value, key)) {
          out.push(value[key]);
        }
      });
    } else if (selector.kind === "slice" && isArray) {
      var n = value.length;
      var step = selector.step === undefined || selector.step === "" ? 1 : Number(selector.step);
      var start = selector.start === "" ? (step > 0 ? 0 : n - 1) : Number(selector.start);
      var end = selector.end === "" ? (step > 0 ? n : -n - 1) : Number(selector.end);
      if (start < 0) {
        start = Math.max(n + start, step > 0 ? 0 : -1);
      }
      if (end < 0) {
        end = Math.max(n + end, -1);
      }
      for (var i = Math.min(start, n); step > 0 ? i < Math.min(end, n) : i > end; i += step) {
        if (i >= 0 && i < n) {
          out.push(value[i]);
        }
      }
    } else if (selector.kind === "filter") {
      children(value).forEach(function (v) {
        if (selector.test(v, root)) {
          out.push(v);
        }
      });
    } else if (selector.kind === "script") {
      select({ kind: "keys", keys: [selector.key(value, root)] }, value, root, out);
    }
  }

  function descendants(value, out) {
    out.push(value);
    children(value).forEach(function (v) {
      if (v !== null && typeof v === "object") {
        descendants(v, out);
      }
    });
    return out;
  }

  function JSONPath(options) {
    if (!isObject(options) || typeof options.path !== "string") {
      throw new TypeError("JSONPath: expected { path, json }");
    }
    var root = options.json;
    var nodes = [root];
    parsePath(options.path).forEach(function (step) {
      var next = [];
      nodes.forEach(function (node) {
        (step.deep ? descendants(node, []) : [node]).forEach(function (n) {
          select(step.selector, n, root, next);
        });
      });
      nodes = next;
    });
    return nodes;
  }

  /* ---------------------------------------------------------------------------------------
   * ugc: moderateMessage asks PubNub's Auto Moderation service for a configuration made in
   * BizOps Workspace; a test run has neither, so it is refused (the module still loads).
   * ------------------------------------------------------------------------------------- */
  var ugc = {
    moderateMessage: refusedAsync("ugc.moderateMessage", "it calls PubNub's Auto Moderation service with a configuration from BizOps Workspace, which a test run does not have")
  };

  /* ---------------------------------------------------------------------------------------
   * require().
   * ------------------------------------------------------------------------------------- */
  var MODULES = {
    kvstore: kvstore,
    vault: vault,
    xhr: xhr,
    pubnub: pubnub,
    crypto: cryptoModule,
    jwt: jwt,
    utils: utils,
    uuid: uuid,
    "codec/auth": basicAuth,
    "codec/base64": base64,
    "codec/query_string": queryString,
    advanced_math: advancedMath,
    jsonpath: { JSONPath: JSONPath },
    ugc: ugc,
    console: consoleMock,
    /* PubNub's development guide shows require('promise') ("no need to add this line"). */
    promise: Promise
  };

  G.require = function (name) {
    if (has(MODULES, name)) {
      return MODULES[name];
    }
    throw new Error("Cannot find module '" + name + "'");
  };
  G.__r = G.require;

  if (typeof G.setTimeout !== "function") {
    G.setTimeout = function (fn) {
      var args = Array.prototype.slice.call(arguments, 2);
      Promise.resolve().then(function () {
        fn.apply(undefined, args);
      });
      return 0;
    };
    G.clearTimeout = function () {
      return undefined;
    };
  }

  /* ---------------------------------------------------------------------------------------
   * Errors: the position in the user's code (line 1 is shifted by the prelude's length).
   * ------------------------------------------------------------------------------------- */
  function position(error) {
    var prelude = Number(G.__faasPreludeLength) || 0;
    var stack = error && typeof error.stack === "string" ? error.stack : "";
    var lines = stack.split("\n");
    for (var i = 0; i < lines.length; i += 1) {
      var m = /function\.js:(\d+):(\d+)\)?\s*$/.exec(lines[i]);
      if (m) {
        var line = Number(m[1]);
        var column = Number(m[2]);
        if (line > 1 || column > prelude) {
          return { line: line, column: line === 1 ? column - prelude : column };
        }
      }
    }
    if (error && typeof error.lineNumber === "number" && typeof error.columnNumber === "number") {
      var l = error.lineNumber;
      return { line: l, column: l === 1 ? error.columnNumber - prelude : error.columnNumber };
    }
    return null;
  }

  function describe(error) {
    var out = { name: "Error", message: "" };
    if (error instanceof Error || (error !== null && typeof error === "object" && "message" in error)) {
      out.name = String(error.name || "Error");
      out.message = String(error.message);
    } else {
      out.name = "Uncaught";
      out.message = text(error);
    }
    var at = position(error);
    if (at !== null) {
      out.line = at.line;
      out.column = at.column;
    }
    return out;
  }

  function fail(r, error) {
    r.errors.push(describe(error));
    if (r.outcome === null || r.outcome.kind !== "error") {
      r.outcome = { kind: "error" };
    }
  }

  function complete(r, outcome) {
    if (r.outcome === null) {
      r.outcome = outcome;
    }
  }

  /* ---------------------------------------------------------------------------------------
   * The handler's arguments for each kind of trigger, and the result document.
   * ------------------------------------------------------------------------------------- */
  function family(type) {
    var t = String(type || "BEFORE_PUBLISH");
    if (t === "ON_REQUEST") {
      return "request";
    }
    if (t === "ON_INTERVAL" || t === "SUBSCRIBE_ON_INTERVAL") {
      return "interval";
    }
    return "event";
  }

  function eventRequest(r, fields) {
    var request = copy(fields) || {};
    r.messageBefore = copy(request.message);
    request.ok = function (message) {
      var after = arguments.length > 0 ? message : request.message;
      if (r.outcome === null) {
        r.messageAfter = copy(after);
      }
      complete(r, { kind: "ok", message: copy(after) });
      return Promise.resolve();
    };
    request.abort = function (reason) {
      complete(r, { kind: "abort", reason: copy(reason) });
      return Promise.resolve();
    };
    return request;
  }

  function intervalEvent(r, fields) {
    var event = copy(fields) || {};
    event.ok = function () {
      complete(r, { kind: "ok" });
      return Promise.resolve();
    };
    event.abort = function (reason) {
      complete(r, { kind: "abort", reason: copy(reason) });
      return Promise.resolve();
    };
    return event;
  }

  /* Only strings are query values on the wire: numbers and booleans typed in the test's JSON
   * become their text; lists stay lists of text. */
  function queryText(query) {
    var out = {};
    Object.keys(query).forEach(function (k) {
      var v = query[k];
      out[k] = Array.isArray(v) ? v.map(queryValue) : queryValue(v);
    });
    return out;
  }

  /*
   * An On Request call as PubNub hands it over: "path" without its query string, and the URL
   * parameters, from the query string of the path and from the test's "query" (which wins
   * for a name in both), in "query" and in "params" alike.
   */
  function httpRequest(fields) {
    var f = isObject(fields) ? fields : {};
    var body = f.body === undefined || f.body === null ? "" : f.body;
    if (typeof body !== "string") {
      body = JSON.stringify(body);
    }
    var rawPath = typeof f.path === "string" && f.path.length > 0 ? f.path : "/";
    var q = rawPath.indexOf("?");
    var path = q < 0 ? rawPath : rawPath.slice(0, q);
    var query = Object.assign(parseQuery(q < 0 ? "" : rawPath.slice(q + 1)), isObject(f.query) ? queryText(f.query) : {});
    return {
      method: String(f.method || "GET").toUpperCase(),
      path: path,
      params: Object.assign(copy(query), isObject(f.params) ? copy(f.params) : {}),
      query: query,
      headers: isObject(f.headers) ? copy(f.headers) : {},
      body: body,
      json: function () {
        return new Promise(function (resolve) {
          resolve(JSON.parse(body));
        });
      }
    };
  }

  function httpResponse(r) {
    var response = { status: 200, headers: {} };
    response.send = function (body, status) {
      if (status !== undefined) {
        response.status = Number(status);
      }
      complete(r, { kind: "response", status: response.status, headers: copy(response.headers), body: copy(body) });
      return Promise.resolve();
    };
    return response;
  }

  function calls(r) {
    var out = {};
    Object.keys(LIMITS).forEach(function (m) {
      out[m] = { count: r.calls[m], limit: LIMITS[m] };
    });
    out.console = { count: r.consoleCount, limit: CONSOLE_MAX };
    return out;
  }

  function result(r) {
    var doc = {
      outcome: r.outcome === null ? { kind: "none" } : r.outcome,
      published: r.published,
      console: r.console,
      calls: calls(r),
      xhrRequests: r.xhrRequests,
      kvBefore: r.kvBefore,
      kvAfter: copy(r.kv),
      errors: r.errors
    };
    if (r.messageBefore !== undefined) {
      doc.messageBefore = r.messageBefore;
    }
    if (r.messageAfter !== undefined) {
      doc.messageAfter = r.messageAfter;
    }
    return copy(doc);
  }

  G.__faasRun = function (input, loadFailed, loadError) {
    var given = isObject(input) ? input : {};
    /* The code's top level ran while it loaded, before its input was known, in a placeholder
       run: what it did there (console lines, publishes, calls counted against the limits)
       belongs to this run, as it would in PubNub's log. */
    var r = run !== null && run.placeholder === true ? run : newRun(given);
    if (r.placeholder === true) {
      adopt(r, given);
    }
    run = r;
    var kind = family(r.input.type);
    return new Promise(function (resolve) {
      if (loadFailed === true) {
        throw loadError;
      }
      var fn = G.__fn__;
      if (typeof fn !== "function") {
        throw new Error("The code has no handler: expected export default of a function");
      }
      if (kind === "request") {
        resolve(fn(httpRequest(r.input.request), httpResponse(r)));
      } else if (kind === "interval") {
        resolve(fn(intervalEvent(r, r.input.request)));
      } else {
        resolve(fn(eventRequest(r, r.input.request)));
      }
    }).then(function () {
      return result(r);
    }, function (error) {
      fail(r, error);
      return result(r);
    });
  };

  G.__faasAbortRun = function (message, input) {
    var r = current();
    if (r.placeholder === true && isObject(input)) {
      adopt(r, input);
    }
    r.errors.push({ name: "Error", message: String(message) });
    r.outcome = { kind: "error" };
    return result(r);
  };

  G.__faasNativeConsole = NATIVE_CONSOLE;
})(globalThis);
