/* The PubNub Functions runtime as the test console mocks it: require() of the documented
   modules (kvstore, vault, xhr, pubnub, crypto, utils, codec/base64, codec/query_string, uuid,
   console), the per-run limits counted, and __faasRun(input), which calls the user's handler
   (globalThis.__fn__) on the input document and resolves to the result document. The browser's
   Worker (editor/src/function-test.js) and the reference server's QuickJS run this same file.

   RULE: both put this file on line 1 of the script, in front of the user's first line, with
   every line break replaced by a space, so that the user's lines keep their numbers. Hence:
   no line comments, every statement ends with a semicolon, nothing after a return starts on
   the next line, and no template literals. A test checks the rule (src/function_test). */
(function () {
  var g = globalThis;
  var LIMITS = { xhr: 5, kvstore: 10, vault: 10, pubnub: 10 };
  var CONSOLE_LINES_MAX = 250;
  var KEY_MAX = 1000;
  var VALUE_MAX = 32000;
  var run = null;

  function clone(value) {
    if (value === undefined) {
      return undefined;
    }
    try {
      return JSON.parse(JSON.stringify(value));
    } catch (e) {
      return String(value);
    }
  }

  function own(map, key) {
    return Object.prototype.hasOwnProperty.call(map, key);
  }

  function fresh(input) {
    var calls = {};
    Object.keys(LIMITS).forEach(function (module) {
      calls[module] = { count: 0, limit: LIMITS[module] };
    });
    var kv = clone(input.kv) || {};
    return {
      calls: calls,
      kv: kv,
      kvBefore: clone(kv),
      secrets: clone(input.secrets) || {},
      mocks: Array.isArray(input.xhrMocks) ? input.xhrMocks : [],
      published: [],
      console: []
    };
  }

  function count(module) {
    var counter = run.calls[module];
    counter.count += 1;
    if (counter.count > counter.limit) {
      throw new Error("Limit reached: at most " + counter.limit + " " + module + " calls per run");
    }
  }

  /* A call of a module: counted against its limit, answered as a Promise, as PubNub's are. */
  function call(module, work) {
    return new Promise(function (resolve, reject) {
      try {
        count(module);
        resolve(work());
      } catch (e) {
        reject(e);
      }
    });
  }

  function unavailable(what) {
    return function () {
      return Promise.reject(new Error(what + " is not available in the test console"));
    };
  }

  function show(value) {
    if (typeof value === "string") {
      return value;
    }
    if (value instanceof Error) {
      return value.name + ": " + value.message;
    }
    try {
      return JSON.stringify(value);
    } catch (e) {
      return String(value);
    }
  }

  function logger(level) {
    return function () {
      if (run && run.console.length < CONSOLE_LINES_MAX) {
        run.console.push({ level: level, text: Array.prototype.map.call(arguments, show).join(" ") });
      }
    };
  }

  var consoleMock = {
    log: logger("log"),
    info: logger("info"),
    warn: logger("warn"),
    error: logger("error"),
    debug: logger("debug")
  };
  g.console = consoleMock;

  function checkKey(key) {
    if (typeof key !== "string" || key.length === 0 || key.length > KEY_MAX) {
      throw new Error("kvstore: a key is a string of 1 to " + KEY_MAX + " characters");
    }
  }

  function checkValue(value) {
    var text = JSON.stringify(value);
    if (text !== undefined && text.length > VALUE_MAX) {
      throw new Error("kvstore: a value is at most " + VALUE_MAX + " characters of JSON");
    }
  }

  var kvstore = {
    get: function (key) {
      return call("kvstore", function () {
        checkKey(key);
        return own(run.kv, key) ? clone(run.kv[key]) : null;
      });
    },
    set: function (key, value) {
      return call("kvstore", function () {
        checkKey(key);
        checkValue(value);
        run.kv[key] = clone(value);
        return true;
      });
    },
    getItem: function (key) {
      return call("kvstore", function () {
        checkKey(key);
        return own(run.kv, key) ? String(run.kv[key]) : null;
      });
    },
    setItem: function (key, value) {
      return call("kvstore", function () {
        checkKey(key);
        checkValue(value);
        run.kv[key] = String(value);
        return true;
      });
    },
    removeItem: function (key) {
      return call("kvstore", function () {
        checkKey(key);
        delete run.kv[key];
        return true;
      });
    },
    getKeys: function () {
      return call("kvstore", function () {
        return Object.keys(run.kv);
      });
    },
    incrCounter: function (key, by) {
      return call("kvstore", function () {
        checkKey(key);
        var now = (typeof run.kv[key] === "number" ? run.kv[key] : 0) + (by === undefined ? 1 : Number(by));
        run.kv[key] = now;
        return now;
      });
    },
    getCounter: function (key) {
      return call("kvstore", function () {
        checkKey(key);
        return typeof run.kv[key] === "number" ? run.kv[key] : 0;
      });
    }
  };

  var vault = {
    get: function (key) {
      return call("vault", function () {
        return own(run.secrets, key) ? run.secrets[key] : null;
      });
    }
  };

  /* An XHR answer's URL pattern: * matches any characters, the rest literally. */
  function matches(pattern, url) {
    var source = String(pattern).split("*").map(function (part) {
      return part.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
    }).join(".*");
    return new RegExp("^" + source + "$").test(url);
  }

  var xhr = {
    fetch: function (url, options) {
      var method = String((options && options.method) || "GET").toUpperCase();
      return call("xhr", function () {
        var mock = run.mocks.filter(function (m) {
          var wanted = String(m.method || "*").toUpperCase();
          return (wanted === "*" || wanted === method) && matches(m.url, String(url));
        })[0];
        if (!mock) {
          throw new Error("No XHR answer for " + method + " " + url + ": add one under XHR answers");
        }
        var status = mock.status === undefined ? 200 : Number(mock.status);
        var body = typeof mock.body === "string" ? mock.body : JSON.stringify(mock.body === undefined ? "" : mock.body);
        return {
          status: status,
          ok: status >= 200 && status < 300,
          headers: clone(mock.headers) || {},
          body: body,
          json: function () {
            return Promise.resolve().then(function () {
              return JSON.parse(body);
            });
          }
        };
      });
    }
  };

  function publisher(kind) {
    return function (args) {
      return call("pubnub", function () {
        var channel = args && args.channel;
        if (typeof channel !== "string" || channel.length === 0) {
          throw new Error("pubnub." + kind + ": a channel is needed");
        }
        run.published.push({ kind: kind, channel: channel, message: clone(args.message) });
        return { timetoken: String(Date.now() * 10000) };
      });
    };
  }

  function counted(module, what) {
    return function () {
      return call(module, function () {
        throw new Error(what + " is not available in the test console");
      });
    };
  }

  var pubnub = {
    publish: publisher("publish"),
    fire: publisher("fire"),
    signal: publisher("signal"),
    hereNow: counted("pubnub", "pubnub.hereNow"),
    history: counted("pubnub", "pubnub.history"),
    grantToken: counted("pubnub", "pubnub.grantToken"),
    time: function () {
      return call("pubnub", function () {
        return String(Date.now() * 10000);
      });
    }
  };

  var BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

  function utf8(text) {
    return unescape(encodeURIComponent(text));
  }

  var base64 = {
    btoa: function (text) {
      var bytes = utf8(String(text));
      var out = "";
      for (var i = 0; i < bytes.length; i += 3) {
        var n = (bytes.charCodeAt(i) << 16) | ((bytes.charCodeAt(i + 1) || 0) << 8) | (bytes.charCodeAt(i + 2) || 0);
        out += BASE64[(n >> 18) & 63] + BASE64[(n >> 12) & 63];
        out += i + 1 < bytes.length ? BASE64[(n >> 6) & 63] : "=";
        out += i + 2 < bytes.length ? BASE64[n & 63] : "=";
      }
      return out;
    },
    atob: function (encoded) {
      var clean = String(encoded).replace(/[^A-Za-z0-9+/]/g, "");
      var bytes = "";
      for (var i = 0; i < clean.length; i += 4) {
        var n = 0;
        for (var j = 0; j < 4; j += 1) {
          n = (n << 6) | (i + j < clean.length ? BASE64.indexOf(clean[i + j]) : 0);
        }
        bytes += String.fromCharCode((n >> 16) & 255);
        if (i + 2 < clean.length) {
          bytes += String.fromCharCode((n >> 8) & 255);
        }
        if (i + 3 < clean.length) {
          bytes += String.fromCharCode(n & 255);
        }
      }
      return decodeURIComponent(escape(bytes));
    }
  };

  var queryString = {
    parse: function (text) {
      var out = {};
      String(text).replace(/^\?/, "").split("&").forEach(function (pair) {
        if (pair) {
          var at = pair.indexOf("=");
          var key = decodeURIComponent((at < 0 ? pair : pair.slice(0, at)).replace(/\+/g, " "));
          out[key] = at < 0 ? "" : decodeURIComponent(pair.slice(at + 1).replace(/\+/g, " "));
        }
      });
      return out;
    },
    stringify: function (object) {
      return Object.keys(object || {}).map(function (key) {
        return encodeURIComponent(key) + "=" + encodeURIComponent(object[key]);
      }).join("&");
    }
  };

  var utils = {
    randomInt: function (min, max) {
      return Math.floor(Math.random() * (max - min + 1)) + min;
    },
    isNumeric: function (value) {
      return !isNaN(parseFloat(value)) && isFinite(value);
    }
  };

  var uuid = {
    v4: function () {
      return "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".replace(/[xy]/g, function (c) {
        var r = Math.floor(Math.random() * 16);
        return (c === "x" ? r : (r & 3) | 8).toString(16);
      });
    }
  };

  var crypto = {
    sha256: unavailable("crypto.sha256"),
    hmac: unavailable("crypto.hmac"),
    sha1: unavailable("crypto.sha1"),
    ecdsaVerify: unavailable("crypto.ecdsaVerify")
  };

  var MODULES = {
    kvstore: kvstore,
    vault: vault,
    xhr: xhr,
    pubnub: pubnub,
    crypto: crypto,
    utils: utils,
    "codec/base64": base64,
    "codec/query_string": queryString,
    uuid: uuid,
    console: consoleMock
  };

  g.require = function (name) {
    if (!own(MODULES, name)) {
      throw new Error("Cannot find module '" + name + "'");
    }
    return MODULES[name];
  };

  /* Where an error happened in the user's code: the first stack frame past the prelude,
     whose columns on line 1 are shifted back by the prelude's length. */
  function place(error) {
    var skip = Number(g.__faasPreludeLength) || 0;
    var lines = String((error && error.stack) || "").split("\n");
    for (var i = 0; i < lines.length; i += 1) {
      var found = /:(\d+):(\d+)\)?\s*$/.exec(lines[i]);
      if (found) {
        var line = Number(found[1]);
        var column = Number(found[2]);
        if (line > 1 || column > skip) {
          return { line: line, column: line === 1 ? column - skip : column };
        }
      }
    }
    return {};
  }

  function describe(error) {
    var where = place(error);
    return {
      name: (error && error.name) || "Error",
      message: error && error.message !== undefined ? String(error.message) : show(error),
      line: where.line,
      column: where.column
    };
  }

  g.__faasRun = function (input) {
    run = fresh(input || {});
    var type = String(input.type || "BEFORE_PUBLISH");
    var given = clone(input.request) || {};
    var outcome = null;
    var settle = function (kind, extra) {
      if (!outcome) {
        outcome = extra || {};
        outcome.kind = kind;
      }
      return Promise.resolve();
    };
    var args;
    var standard = null;
    if (type === "ON_REQUEST") {
      var request = Object.assign({ method: "GET", path: "/", params: {}, query: {}, headers: {}, body: "" }, given);
      request.json = function () {
        return Promise.resolve().then(function () {
          return JSON.parse(request.body);
        });
      };
      var response = { status: 200, headers: {} };
      response.send = function (body, status) {
        if (status !== undefined) {
          response.status = Number(status);
        }
        return settle("response", { status: response.status, headers: clone(response.headers), body: body === undefined ? "" : clone(body) });
      };
      args = [request, response];
    } else if (type === "ON_INTERVAL") {
      var event = given;
      event.ok = function () {
        return settle("ok");
      };
      event.abort = function (reason) {
        return settle("abort", { reason: clone(reason) });
      };
      args = [event];
    } else {
      standard = given;
      var before = clone(given.message);
      standard.ok = function (message) {
        if (message !== undefined) {
          standard.message = message;
        }
        return settle("ok", { message: clone(standard.message) });
      };
      standard.abort = function (reason) {
        return settle("abort", { reason: reason === undefined ? null : clone(reason) });
      };
      args = [standard];
    }
    return Promise.resolve().then(function () {
      if (typeof g.__fn__ !== "function") {
        throw new Error("The code has no export default function");
      }
      return g.__fn__.apply(null, args);
    }).then(function () {
      return null;
    }, function (error) {
      return error === null || error === undefined ? new Error(String(error)) : error;
    }).then(function (error) {
      var errors = [];
      if (error) {
        errors.push(describe(error));
        outcome = { kind: "error" };
      }
      var result = {
        outcome: outcome || { kind: "none" },
        published: run.published,
        console: run.console,
        calls: run.calls,
        kvBefore: run.kvBefore,
        kvAfter: clone(run.kv),
        errors: errors
      };
      if (standard) {
        result.messageBefore = before;
        result.messageAfter = clone(standard.message);
      }
      return result;
    });
  };
})();
