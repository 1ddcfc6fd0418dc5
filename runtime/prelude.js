/*
 * The test console's mock prelude: the PubNub Functions runtime as a test run sees it.
 * Shared by the browser runner (a classic Worker) and the reference server (QuickJS).
 *
 * A classic script, ES2020. It defines require() with mocks of the PubNub modules, captures
 * console, counts calls against the per-run limits, and exposes
 *   globalThis.__faasRun(input, loadError?)  -> Promise of the result document
 *   globalThis.__faasAbortRun(message)       -> the result document so far, ended by an error
 * The user's handler is globalThis.__fn__ (the runner rewrites "export default" to
 * "self.__fn__ = ", both 14 characters).
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
  var LIMITS = { xhr: 5, kvstore: 10, vault: 10, pubnub: 10 };
  var CONSOLE_MAX = 250;
  var KEY_MAX = 1000;
  var VALUE_MAX = 32000;
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
    }
    return run;
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

  function counted(module, f) {
    return function () {
      var args = arguments;
      var self2 = this;
      return new Promise(function (resolve) {
        count(module);
        resolve(f.apply(self2, args));
      });
    };
  }

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

  var kvstore = {
    get: counted("kvstore", function (key) {
      checkKey(key);
      return copy(current().kv[key]);
    }),
    set: counted("kvstore", function (key, value) {
      checkKey(key);
      checkValue(value);
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
    setItem: counted("kvstore", function (key, value) {
      checkKey(key);
      var stored = typeof value === "string" ? value : JSON.stringify(value);
      checkValue(stored);
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

  var vault = {
    get: counted("vault", function (key) {
      var secrets = current().secrets;
      return Object.prototype.hasOwnProperty.call(secrets, key) ? secrets[key] : undefined;
    })
  };

  function wildcard(pattern, value) {
    var parts = String(pattern).split("*").map(function (part) {
      return part.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
    });
    return new RegExp("^" + parts.join(".*") + "$").test(value);
  }

  function xhrResponse(mock) {
    var body = mock.body === undefined ? "" : mock.body;
    if (typeof body !== "string") {
      body = JSON.stringify(body);
    }
    var status = mock.status === undefined ? 200 : Number(mock.status);
    return {
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
      return xhrResponse(found);
    })
  };

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

  function notAvailable(what) {
    return function () {
      throw new Error(what + " is not available in the test console");
    };
  }

  var pubnub = {
    publish: publisher("publish"),
    fire: publisher("fire"),
    signal: publisher("signal")
  };
  ["history", "hereNow", "whereNow", "grant", "grantToken", "revokeToken", "setState", "getState", "time", "listFiles", "sendFile", "getFileUrl", "deleteFile", "objects"].forEach(function (name) {
    pubnub[name] = notAvailable("pubnub." + name);
  });

  var SHA_K = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
  ];

  function utf8(str) {
    var out = [];
    var s = unescape(encodeURIComponent(String(str)));
    for (var i = 0; i < s.length; i += 1) {
      out.push(s.charCodeAt(i));
    }
    return out;
  }

  function sha256Bytes(bytes) {
    var h = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    var msg = bytes.slice();
    var bitLen = bytes.length * 8;
    msg.push(0x80);
    while (msg.length % 64 !== 56) {
      msg.push(0);
    }
    var high = Math.floor(bitLen / 0x100000000);
    var low = bitLen >>> 0;
    msg.push((high >>> 24) & 255, (high >>> 16) & 255, (high >>> 8) & 255, high & 255);
    msg.push((low >>> 24) & 255, (low >>> 16) & 255, (low >>> 8) & 255, low & 255);
    var w = new Array(64);
    for (var off = 0; off < msg.length; off += 64) {
      for (var t = 0; t < 16; t += 1) {
        w[t] = (msg[off + 4 * t] << 24) | (msg[off + 4 * t + 1] << 16) | (msg[off + 4 * t + 2] << 8) | msg[off + 4 * t + 3];
      }
      for (t = 16; t < 64; t += 1) {
        var a0 = w[t - 15];
        var a1 = w[t - 2];
        var s0 = ((a0 >>> 7) | (a0 << 25)) ^ ((a0 >>> 18) | (a0 << 14)) ^ (a0 >>> 3);
        var s1 = ((a1 >>> 17) | (a1 << 15)) ^ ((a1 >>> 19) | (a1 << 13)) ^ (a1 >>> 10);
        w[t] = (w[t - 16] + s0 + w[t - 7] + s1) | 0;
      }
      var a = h[0];
      var b = h[1];
      var c = h[2];
      var d = h[3];
      var e = h[4];
      var f = h[5];
      var g = h[6];
      var hh = h[7];
      for (t = 0; t < 64; t += 1) {
        var S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
        var ch = (e & f) ^ (~e & g);
        var t1 = (hh + S1 + ch + SHA_K[t] + w[t]) | 0;
        var S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
        var maj = (a & b) ^ (a & c) ^ (b & c);
        var t2 = (S0 + maj) | 0;
        hh = g;
        g = f;
        f = e;
        e = (d + t1) | 0;
        d = c;
        c = b;
        b = a;
        a = (t1 + t2) | 0;
      }
      h = [(h[0] + a) | 0, (h[1] + b) | 0, (h[2] + c) | 0, (h[3] + d) | 0, (h[4] + e) | 0, (h[5] + f) | 0, (h[6] + g) | 0, (h[7] + hh) | 0];
    }
    var out = [];
    h.forEach(function (word) {
      out.push((word >>> 24) & 255, (word >>> 16) & 255, (word >>> 8) & 255, word & 255);
    });
    return out;
  }

  function hex(bytes) {
    return bytes.map(function (x) {
      return (x < 16 ? "0" : "") + x.toString(16);
    }).join("");
  }

  var B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

  function bytesToBase64(bytes) {
    var out = "";
    for (var i = 0; i < bytes.length; i += 3) {
      var n = (bytes[i] << 16) | ((bytes[i + 1] || 0) << 8) | (bytes[i + 2] || 0);
      out += B64.charAt((n >>> 18) & 63) + B64.charAt((n >>> 12) & 63);
      out += i + 1 < bytes.length ? B64.charAt((n >>> 6) & 63) : "=";
      out += i + 2 < bytes.length ? B64.charAt(n & 63) : "=";
    }
    return out;
  }

  function base64ToBytes(str) {
    var clean = String(str).replace(/[\s=]/g, "");
    var out = [];
    var bits = 0;
    var value = 0;
    for (var i = 0; i < clean.length; i += 1) {
      var v = B64.indexOf(clean.charAt(i));
      if (v < 0) {
        throw new Error("codec/base64: invalid character in base64 input");
      }
      value = (value << 6) | v;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out.push((value >>> bits) & 255);
      }
    }
    return out;
  }

  function latin1(str) {
    var out = [];
    var s = String(str);
    for (var i = 0; i < s.length; i += 1) {
      var c = s.charCodeAt(i);
      if (c > 255) {
        throw new Error("codec/base64.btoa: the string has characters outside Latin-1");
      }
      out.push(c);
    }
    return out;
  }

  function fromBytes(bytes) {
    return bytes.map(function (b) {
      return String.fromCharCode(b);
    }).join("");
  }

  function hmacSha256(keyBytes, messageBytes) {
    var key = keyBytes.length > 64 ? sha256Bytes(keyBytes) : keyBytes.slice();
    while (key.length < 64) {
      key.push(0);
    }
    var inner = key.map(function (b) {
      return b ^ 0x36;
    });
    var outer = key.map(function (b) {
      return b ^ 0x5c;
    });
    return sha256Bytes(outer.concat(sha256Bytes(inner.concat(messageBytes))));
  }

  var cryptoModule = {
    ALGORITHM: { HMAC_SHA256: "HMAC-SHA256" },
    sha256: function (message) {
      return Promise.resolve(hex(sha256Bytes(utf8(message))));
    },
    hmac: function (key, message, algorithm) {
      return new Promise(function (resolve) {
        if (algorithm !== undefined && algorithm !== "HMAC-SHA256") {
          throw new Error("crypto.hmac: only HMAC-SHA256 is available in the test console");
        }
        resolve(bytesToBase64(hmacSha256(base64ToBytes(key), utf8(message))));
      });
    }
  };

  var base64 = {
    btoa: function (str) {
      return bytesToBase64(latin1(str));
    },
    atob: function (str) {
      return fromBytes(base64ToBytes(str));
    },
    encodeString: function (str) {
      return bytesToBase64(utf8(str));
    },
    decodeString: function (str) {
      return decodeURIComponent(escape(fromBytes(base64ToBytes(str))));
    }
  };

  var queryString = {
    parse: function (str) {
      var out = {};
      String(str || "").replace(/^\?/, "").split("&").forEach(function (pair) {
        if (pair.length === 0) {
          return;
        }
        var i = pair.indexOf("=");
        var k = decodeURIComponent((i < 0 ? pair : pair.slice(0, i)).replace(/\+/g, " "));
        var v = i < 0 ? "" : decodeURIComponent(pair.slice(i + 1).replace(/\+/g, " "));
        if (Object.prototype.hasOwnProperty.call(out, k)) {
          out[k] = [].concat(out[k], v);
        } else {
          out[k] = v;
        }
      });
      return out;
    },
    stringify: function (obj) {
      var parts = [];
      Object.keys(obj || {}).forEach(function (k) {
        [].concat(obj[k]).forEach(function (v) {
          parts.push(encodeURIComponent(k) + "=" + encodeURIComponent(v === undefined || v === null ? "" : String(v)));
        });
      });
      return parts.join("&");
    }
  };

  function uuidV4() {
    var h = "";
    for (var i = 0; i < 32; i += 1) {
      var n = Math.floor(Math.random() * 16);
      if (i === 12) {
        n = 4;
      } else if (i === 16) {
        n = 8 + (n & 3);
      }
      h += n.toString(16);
    }
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }
  var uuid = function () {
    return uuidV4();
  };
  uuid.v4 = uuidV4;

  var utils = {
    randomInt: function (min, max) {
      var lo = Math.ceil(Number(min));
      var hi = Math.floor(Number(max));
      return lo + Math.floor(Math.random() * (hi - lo + 1));
    },
    isNumeric: function (value) {
      return (typeof value === "number" || (typeof value === "string" && value.trim() !== "")) && isFinite(Number(value));
    }
  };

  var MODULES = {
    kvstore: kvstore,
    vault: vault,
    xhr: xhr,
    pubnub: pubnub,
    crypto: cryptoModule,
    utils: utils,
    "codec/base64": base64,
    "codec/query_string": queryString,
    uuid: uuid,
    console: consoleMock
  };
  var UNAVAILABLE = ["jwt", "codec/auth", "advanced_math", "jsonpath", "ugc"];

  G.require = function (name) {
    if (Object.prototype.hasOwnProperty.call(MODULES, name)) {
      return MODULES[name];
    }
    if (UNAVAILABLE.indexOf(name) >= 0) {
      throw new Error("Module '" + name + "' is not available in the test console");
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

  function httpRequest(fields) {
    var f = isObject(fields) ? fields : {};
    var body = f.body === undefined || f.body === null ? "" : f.body;
    if (typeof body !== "string") {
      body = JSON.stringify(body);
    }
    return {
      method: String(f.method || "GET").toUpperCase(),
      path: typeof f.path === "string" ? f.path : "/",
      params: isObject(f.params) ? copy(f.params) : {},
      query: isObject(f.query) ? copy(f.query) : {},
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

  G.__faasRun = function (input, loadError) {
    var r = newRun(isObject(input) ? input : {});
    run = r;
    var kind = family(r.input.type);
    return new Promise(function (resolve) {
      if (loadError !== undefined && loadError !== null) {
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

  G.__faasAbortRun = function (message) {
    var r = current();
    r.errors.push({ name: "Error", message: String(message) });
    r.outcome = { kind: "error" };
    return result(r);
  };

  G.__faasNativeConsole = NATIVE_CONSOLE;
})(globalThis);
