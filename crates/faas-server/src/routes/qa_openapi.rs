//! The OpenAPI entries of the QA toolkit's own endpoints (outside the PubNub contract):
//! test runs and the demo's controls. Merged into the document by [`super::openapi`].

use serde_json::{json, Value};

fn params() -> Value {
    json!([
        {"$ref": "#/components/parameters/PubNubVersion"},
        {"$ref": "#/components/parameters/CorrelationId"}
    ])
}

fn answer(description: &str, data: Value) -> Value {
    json!({
        "description": description,
        "headers": {"X-Correlation-Id": {"$ref": "#/components/headers/X-Correlation-Id"}},
        "content": {"application/json": {"schema": {
            "type": "object", "required": ["meta", "errors"],
            "properties": {
                "data": data,
                "meta": {"$ref": "#/components/schemas/Meta"},
                "errors": {"type": "array", "maxItems": 0, "items": {"$ref": "#/components/schemas/ApiError"}}
            }
        }}}
    })
}

fn error(description: &str) -> Value {
    json!({
        "description": description,
        "headers": {"X-Correlation-Id": {"$ref": "#/components/headers/X-Correlation-Id"}},
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorEnvelope"}}}
    })
}

fn counter() -> Value {
    json!({"type": "object", "properties": {"count": {"type": "integer"}, "limit": {"type": "integer"}}})
}

fn result_schema() -> Value {
    json!({
        "type": "object",
        "description": "The test console's result document, the same as the browser run's, plus `engine` and `durationMs`.",
        "required": ["outcome", "published", "console", "calls", "kvBefore", "kvAfter", "errors"],
        "properties": {
            "outcome": {"type": "object", "required": ["kind"], "properties": {
                "kind": {"type": "string", "enum": ["ok", "abort", "response", "error", "none"],
                    "description": "ok/abort: the completion the handler called; response: `response.send`; error: it threw, rejected, timed out or did not parse; none: it returned without completing"},
                "message": {"description": "ok: the message after"},
                "reason": {"description": "abort: its argument"},
                "status": {"type": "integer", "description": "response: the status sent"},
                "headers": {"type": "object", "description": "response: `response.headers`"},
                "body": {"description": "response: the body sent"}}},
            "messageBefore": {"description": "standard events: `request.message` as given"},
            "messageAfter": {"description": "after `ok`: the message the handler let through"},
            "published": {"type": "array", "description": "would-publish rows", "items": {"type": "object", "properties": {
                "kind": {"type": "string", "enum": ["publish", "fire", "signal"]},
                "channel": {"type": "string"}, "message": {}}}},
            "console": {"type": "array", "maxItems": 250, "items": {"type": "object", "properties": {
                "level": {"type": "string", "enum": ["log", "info", "warn", "error", "debug"]},
                "text": {"type": "string"}}}},
            "calls": {"type": "object", "description": "per-run counters against PubNub's limits; the call past a limit fails and is counted (6 of 5)",
                "properties": {"xhr": counter(), "kvstore": counter(), "vault": counter(), "pubnub": counter(), "console": counter()}},
            "xhrRequests": {"type": "array", "items": {"type": "object", "properties": {
                "method": {"type": "string"}, "url": {"type": "string"},
                "status": {"type": "integer", "nullable": true, "description": "null: no mock answered"}}}},
            "kvBefore": {"type": "object"},
            "kvAfter": {"type": "object"},
            "errors": {"type": "array", "items": {"type": "object", "required": ["name", "message"], "properties": {
                "name": {"type": "string"}, "message": {"type": "string"},
                "line": {"type": "integer", "description": "1-based, in the user's code"},
                "column": {"type": "integer", "description": "1-based, in UTF-16 units as editors count"}}}},
            "engine": {"type": "string", "enum": ["quickjs"]},
            "durationMs": {"type": "integer"}
        }
    })
}

fn test_run_body() -> Value {
    let types: Vec<&str> = faas_api::FunctionType::ALL
        .iter()
        .map(|t| t.as_str())
        .collect();
    // OpenAPI 3.0.3: `nullable` does not add null to an enum, so the enum lists it.
    let mut types_or_null: Vec<Value> = types.iter().map(|t| json!(t)).collect();
    types_or_null.push(Value::Null);
    json!({"required": true, "content": {"application/json": {"schema": {
        "type": "object", "required": ["code"],
        "properties": {
            "code": {"type": "string", "minLength": 1, "description": "the function's code (`export default` handler; `require` or single-line `import … from 'module'`), 1 byte to the code size limit"},
            "type": {"type": "string", "nullable": true, "enum": types_or_null, "default": "BEFORE_PUBLISH"},
            "request": {"type": "object", "nullable": true, "description": "the event: message, channels, meta, params…; ON_REQUEST: method, path, query, headers, body"},
            "kv": {"type": "object", "nullable": true,
                "patternProperties": {"^[\\s\\S]{1,1000}$": {}}, "additionalProperties": false,
                "description": "the kvstore's contents at the start (keys of 1 to 1000 chars, values ≤ 32000 chars of JSON)"},
            "secrets": {"type": "object", "nullable": true, "additionalProperties": {"type": "string"}, "description": "what `vault.get` answers"},
            "xhrMocks": {"type": "array", "nullable": true, "description": "`xhr.fetch` answers: the first whose method (absent or `*`: any) and url (`*` matches anything) match",
                "items": {"type": "object", "required": ["url"], "properties": {
                    "method": {"type": "string", "nullable": true}, "url": {"type": "string", "minLength": 1},
                    "status": {"type": "integer", "nullable": true, "minimum": 100, "maximum": 599, "default": 200},
                    "headers": {"type": "object", "nullable": true, "additionalProperties": {"type": "string"}},
                    "body": {"description": "a string, or JSON sent as its text"}}}},
            "timeoutMs": {"type": "integer", "nullable": true, "minimum": 1, "maximum": 30000, "default": 10000}
        }
    }}}})
}

/// The paths of the QA endpoints.
pub fn paths() -> Value {
    let unauthorized = "FAAS-1001 no key; FAAS-1002 unknown, revoked or expired key";
    json!({
        "/v2/faas/test-runs": {
            "post": {
                "summary": "Run a function's code on a test event (ours: the test console's \"Run on server\")",
                "description": "Grant: functions.package:read on account. Runs the code in QuickJS behind the test console's mock prelude (every module of PubNub's Functions runtime: kvstore, xhr, vault, pubnub, crypto, jwt, codec/*, uuid, utils, advanced_math, jsonpath, ugc, console; docs/runtime.md lists what each method does in a test run), with a fresh engine per run, a wall-clock deadline (`timeoutMs`), 32 MiB of memory and a stack limit; at most 2 runs at once, the others wait. Whatever the code does (throws, loops, does not parse) is a 200 with an `error` outcome; only the request itself is refused.",
                "security": [{"ApiKey": []}],
                "parameters": params(),
                "requestBody": test_run_body(),
                "responses": {
                    "200": answer("the result document", result_schema()),
                    "400": error("FAAS-400 one error per offending field (`code` missing, empty or over the code size limit; unknown `type`; `timeoutMs` not 1..=30000; malformed `kv`, `secrets`, `xhrMocks`); FAAS-1003 body is not JSON; FAAS-1000 malformed X-Correlation-Id"),
                    "401": error(unauthorized),
                    "403": error("FAAS-403 missing grant functions.package:read"),
                    "413": error("FAAS-400 body over 1 MiB"),
                    "415": error("FAAS-415 Content-Type is not application/json"),
                    "500": error("FAAS-500 internal error")
                }
            }
        },
        "/v2/faas/demo": {
            "get": {
                "summary": "Whether this server offers the demo's controls (ours)",
                "description": "Any valid key. 404 when the server does not run with --demo, so a console hides the reset action.",
                "security": [{"ApiKey": []}],
                "parameters": params(),
                "responses": {
                    "200": answer("offered", json!({"type": "object", "properties": {
                        "resettable": {"type": "boolean"},
                        "canReset": {"type": "boolean", "description": "whether the calling key is the admin key"}}})),
                    "400": error("FAAS-1000 malformed X-Correlation-Id; FAAS-400 malformed PubNub-Version"),
                    "401": error(unauthorized),
                    "404": error("FAAS-404 the server does not run with --demo")
                }
            }
        },
        "/v2/faas/demo/reset": {
            "post": {
                "summary": "Reset the demo data to its starting state (ours)",
                "description": "The server's admin key only. Empties every table but the admin account and key (the console's key keeps working), then writes the demo data of a fresh --demo start. No body is read.",
                "security": [{"ApiKey": []}],
                "parameters": params(),
                "responses": {
                    "200": answer("reset", json!({"type": "object", "properties": {
                        "reset": {"type": "boolean"}, "rowsDeleted": {"type": "integer"}}})),
                    "400": error("FAAS-1000 malformed X-Correlation-Id; FAAS-400 malformed PubNub-Version"),
                    "401": error(unauthorized),
                    "403": error("FAAS-403 only the server's admin key may reset the demo data"),
                    "404": error("FAAS-404 the server does not run with --demo"),
                    "500": error("FAAS-500 internal error")
                }
            }
        }
    })
}
