//! The mock prelude (`runtime/prelude.js`) run natively in QuickJS: modules, limits,
//! outcomes and error positions, without HTTP.

use std::time::{Duration, Instant};

use faas_server::function_test::engine;
use serde_json::{json, Value};

fn run_with(code: &str, input: Value) -> Value {
    engine::run(code, &input, Duration::from_secs(5))
}

fn run(code: &str) -> Value {
    run_with(
        code,
        json!({"type": "BEFORE_PUBLISH", "request": {"message": {"text": "hi"}, "channels": ["chat.1"]}}),
    )
}

/// The text of each console line of a run, in order.
fn console_texts(doc: &Value) -> Vec<&str> {
    doc["console"]
        .as_array()
        .unwrap_or_else(|| panic!("no console lines: {doc}"))
        .iter()
        .map(|line| {
            line["text"]
                .as_str()
                .unwrap_or_else(|| panic!("a line without text: {doc}"))
        })
        .collect()
}

fn first_error(doc: &Value) -> (String, Value, Value) {
    let e = &doc["errors"][0];
    (
        e["message"].as_str().unwrap_or_default().to_owned(),
        e["line"].clone(),
        e["column"].clone(),
    )
}

#[test]
fn a_handler_that_returns_ok_with_a_console_line_and_a_publish() {
    let doc = run(r#"const pubnub = require('pubnub');
export default async (request) => {
  console.log('got', request.message.text, {n: 1});
  console.warn('careful');
  const r = await pubnub.publish({ channel: 'out', message: { echo: request.message.text } });
  console.log(typeof r.timetoken);
  return request.ok();
};"#);
    assert_eq!(doc["outcome"]["kind"], "ok", "{doc}");
    assert_eq!(doc["outcome"]["message"], json!({"text": "hi"}));
    assert_eq!(
        doc["console"],
        json!([
            {"level": "log", "text": "got hi {\"n\":1}"},
            {"level": "warn", "text": "careful"},
            {"level": "log", "text": "string"}
        ])
    );
    assert_eq!(
        doc["published"],
        json!([{"kind": "publish", "channel": "out", "message": {"echo": "hi"}}])
    );
    assert_eq!(doc["calls"]["pubnub"], json!({"count": 1, "limit": 10}));
    assert_eq!(doc["messageBefore"], json!({"text": "hi"}));
    assert_eq!(doc["errors"], json!([]));
}

#[test]
fn outcomes_ok_with_a_message_abort_and_none() {
    let doc =
        run("export default (request) => { request.message.text = 'HI'; return request.ok(); };");
    assert_eq!(doc["messageAfter"], json!({"text": "HI"}));
    assert_eq!(doc["messageBefore"], json!({"text": "hi"}));
    let doc = run("export default (request) => request.ok({ replaced: true });");
    assert_eq!(
        doc["outcome"],
        json!({"kind": "ok", "message": {"replaced": true}})
    );
    assert_eq!(doc["messageAfter"], json!({"replaced": true}));
    let doc = run("export default (request) => request.abort('nope');");
    assert_eq!(doc["outcome"], json!({"kind": "abort", "reason": "nope"}));
    assert!(doc.get("messageAfter").is_none());
    let doc = run("export default (request) => { console.log('forgot'); };");
    assert_eq!(doc["outcome"], json!({"kind": "none"}));
}

#[test]
fn on_request_and_on_interval_handlers() {
    let doc = run_with(
        r#"export default async (request, response) => {
  const body = await request.json();
  response.headers['x-seen'] = request.method + ' ' + request.path + ' ' + request.query.a;
  return response.send({ got: body.n }, 201);
};"#,
        json!({"type": "ON_REQUEST", "request": {"method": "post", "path": "/hook", "query": {"a": "1"}, "body": {"n": 2}}}),
    );
    assert_eq!(
        doc["outcome"],
        json!({"kind": "response", "status": 201, "headers": {"x-seen": "POST /hook 1"}, "body": {"got": 2}}),
        "{doc}"
    );
    let doc = run_with(
        "export default (event) => event.ok();",
        json!({"type": "ON_INTERVAL"}),
    );
    assert_eq!(doc["outcome"], json!({"kind": "ok"}));
}

#[test]
fn a_syntax_error_has_its_position_in_the_user_code() {
    let doc = run("export default (request) => {\n  return request.ok(;\n};");
    assert_eq!(doc["outcome"]["kind"], "error", "{doc}");
    let (message, line, column) = first_error(&doc);
    assert_eq!(doc["errors"][0]["name"], "SyntaxError", "{doc}");
    assert!(!message.is_empty());
    assert_eq!((line, column), (json!(2), json!(21)), "{doc}");
}

#[test]
fn a_syntax_error_on_line_one_has_the_prelude_subtracted() {
    let doc = run("export default (request) => request.ok(;");
    let (_, line, column) = first_error(&doc);
    assert_eq!((line, column), (json!(1), json!(40)), "{doc}");
}

#[test]
fn a_runtime_error_has_its_position_in_the_user_code() {
    let doc = run("export default (request) => {\n  const x = null;\n  return x.foo;\n};");
    assert_eq!(doc["outcome"]["kind"], "error", "{doc}");
    assert_eq!(doc["errors"][0]["name"], "TypeError", "{doc}");
    let (_, line, column) = first_error(&doc);
    // QuickJS points at the object whose property is read (`x`), V8 at the property.
    assert_eq!((line, column), (json!(3), json!(10)), "{doc}");
    let doc = run("export default () => { null.foo; };");
    let (_, line, column) = first_error(&doc);
    assert_eq!((line, column), (json!(1), json!(24)), "{doc}");
}

#[test]
fn columns_count_utf16_units_as_the_browser_does() {
    let doc = run("export default () => {\n  const s = '\u{e9}\u{1f600}'; null.foo;\n};");
    let (_, line, column) = first_error(&doc);
    assert_eq!((line, column), (json!(2), json!(20)), "{doc}");
    let doc = run("export default () => { '\u{e9}'; null.foo; };");
    let (_, line, column) = first_error(&doc);
    assert_eq!((line, column), (json!(1), json!(29)), "{doc}");
}

#[test]
fn an_error_thrown_at_the_top_level_is_the_run_error() {
    let doc = run("const a = 1;\nthrow new RangeError('top ' + a);\nexport default (r) => r.ok();");
    assert_eq!(doc["outcome"]["kind"], "error", "{doc}");
    assert_eq!(doc["errors"][0]["message"], "top 1");
    assert_eq!(doc["errors"][0]["line"], 2, "{doc}");
}

#[test]
fn null_thrown_at_the_top_level_is_the_run_error_too() {
    let doc = run("throw null;\nexport default (r) => r.ok();");
    assert_eq!(doc["outcome"]["kind"], "error", "{doc}");
    assert_eq!(doc["errors"][0]["message"], "null", "{doc}");
}

#[test]
fn what_the_top_level_did_while_loading_is_part_of_the_run() {
    let doc = run_with(
        "console.log('loading');\n\
         require('pubnub').publish({ channel: 'boot', message: 1 });\n\
         export default async (request) => {\n\
           console.log('handling', await require('kvstore').get('a'));\n\
           return request.ok();\n\
         };",
        json!({"type": "BEFORE_PUBLISH", "kv": {"a": 1}, "request": {"message": {}}}),
    );
    assert_eq!(doc["outcome"]["kind"], "ok", "{doc}");
    let lines = console_texts(&doc);
    assert_eq!(lines, ["loading", "handling 1"], "{doc}");
    assert_eq!(doc["published"][0]["channel"], "boot", "{doc}");
    assert_eq!(doc["calls"]["pubnub"]["count"], 1, "{doc}");
    assert_eq!(
        doc["kvBefore"],
        json!({"a": 1}),
        "the input still counts: {doc}"
    );

    let doc = run("console.log('before the throw');\nthrow new Error('boom');");
    assert_eq!(doc["errors"][0]["message"], "boom", "{doc}");
    assert_eq!(doc["console"][0]["text"], "before the throw", "{doc}");
}

#[test]
fn a_run_stopped_while_its_code_loads_keeps_its_input_kv() {
    let input = json!({"type": "BEFORE_PUBLISH", "kv": {"a": 1}});
    for code in ["console.log('loading'); while (true) {}", "while (true) {}"] {
        let doc = engine::run(code, &input, Duration::from_millis(100));
        assert_eq!(
            doc["errors"][0]["message"], "Timed out after 100 ms",
            "{doc}"
        );
        assert_eq!(doc["kvBefore"], json!({"a": 1}), "{code}: {doc}");
        assert_eq!(doc["kvAfter"], json!({"a": 1}), "{code}: {doc}");
    }
}

#[test]
fn an_endless_loop_times_out() {
    let started = Instant::now();
    let doc = engine::run(
        "export default (request) => { console.log('before'); while (true) {} };",
        &json!({"type": "BEFORE_PUBLISH"}),
        Duration::from_millis(300),
    );
    assert!(
        started.elapsed() < Duration::from_millis(1500),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(doc["outcome"]["kind"], "error", "{doc}");
    assert_eq!(
        doc["errors"][0]["message"], "Timed out after 300 ms",
        "{doc}"
    );
    assert_eq!(
        doc["console"][0]["text"], "before",
        "what ran before is kept: {doc}"
    );
    let doc = engine::run("while (true) {}", &json!({}), Duration::from_millis(100));
    assert_eq!(
        doc["errors"][0]["message"], "Timed out after 100 ms",
        "{doc}"
    );
}

/// The run ended in an error, and its one error is the runner's out-of-memory error.
fn assert_out_of_memory(doc: &Value) {
    assert_eq!(doc["outcome"]["kind"], "error", "{doc}");
    let errors = doc["errors"].as_array().expect("errors");
    assert_eq!(errors.len(), 1, "{doc}");
    assert_eq!(errors[0]["name"], "InternalError", "{doc}");
    assert_eq!(
        errors[0]["message"], "Out of memory: the function needed more than 32 MiB",
        "{doc}"
    );
}

/// Where QuickJS meets the limit depends on the sizes of the blocks it asks for; at some of
/// those points it has no room left to make its "out of memory" error and throws `null`
/// (reported as "Uncaught: null" before the runner's allocator kept the limit, which tells
/// the runner that memory was refused whatever was thrown). Some of these patterns meet the
/// limit there (their error has no position), the others where QuickJS's error has room.
#[test]
fn memory_is_limited() {
    let patterns = [
        "a.push(new Array(100000).fill(a.length));",
        "a.push(new Array(2).fill(a.length));",
        "a.push('x'.repeat(100) + a.length);",
        "a.push({ i: a.length, s: 'k' + a.length });",
        "m.set('k' + n, n); n += 1;",
        "s = s + s; s.charCodeAt(3);",
    ];
    let mut without_room = 0;
    for step in patterns {
        let doc = run(&format!(
            "export default () => {{\n  console.log('before');\n  const a = [], m = new Map();\n  \
             let n = 0, s = 'x';\n  while (true) {{ {step} }}\n}};"
        ));
        assert_out_of_memory(&doc);
        assert_eq!(
            doc["console"],
            json!([{"level": "log", "text": "before"}]),
            "what ran before is kept: {doc}"
        );
        match doc["errors"][0].get("line") {
            Some(line) => assert_eq!(line, 5, "at the allocation: {doc}"),
            None => without_room += 1,
        }
    }
    assert!(
        without_room > 0,
        "no pattern met the limit where QuickJS has no room for its error"
    );
    let doc = run("export default () => 'x'.repeat(40 * 1024 * 1024);");
    assert_out_of_memory(&doc);
    assert_eq!(doc["errors"][0]["line"], 1, "{doc}");
    assert!(
        doc["errors"][0]["column"].is_u64(),
        "QuickJS's own error had room, and its position: {doc}"
    );
}

/// The memory stays full after the error (a global holds it): the result is still written,
/// in the room the runner adds once the run is over.
#[test]
fn memory_still_full_after_running_out_is_reported() {
    for step in [
        "keep.push({ n: keep.length });",
        "keep.push([keep.length]);",
    ] {
        let doc = run(&format!(
            "globalThis.keep = [];\nexport default () => {{ console.log('before'); \
             while (true) {{ {step} }} }};"
        ));
        assert_out_of_memory(&doc);
        assert_eq!(doc["console"][0]["text"], "before", "{doc}");
    }
}

/// Running out while the script loads ends the run there; it was taken for a script without
/// a handler, or even run as if it had loaded.
#[test]
fn running_out_of_memory_while_loading_is_the_run_error() {
    let fill = "const a = []; while (true) { a.push([a.length]); }";
    for code in [
        format!("{fill}\nexport default (request) => request.ok();"),
        format!("export default (request) => request.ok();\n{fill}"),
    ] {
        let doc = run(&code);
        assert_out_of_memory(&doc);
    }
}

/// Code that catches the error and finishes keeps its outcome.
#[test]
fn a_handler_that_catches_running_out_of_memory_finishes() {
    let doc = run(
        "function fill() { const a = []; while (true) { a.push([a.length]); } }
export default (request) => {
  try { fill(); } catch (e) { console.log('caught'); }
  return request.ok();
};",
    );
    assert_eq!(doc["outcome"]["kind"], "ok", "{doc}");
    assert_eq!(doc["console"][0]["text"], "caught", "{doc}");
    assert_eq!(doc["errors"], json!([]), "{doc}");
}

#[test]
fn deep_recursion_is_an_error_not_a_crash() {
    let doc = run("function f(n) { return f(n + 1) + 1; }\nexport default () => f(0);");
    assert_eq!(doc["outcome"]["kind"], "error", "{doc}");
}

#[test]
fn a_promise_that_never_settles_is_an_error() {
    let doc = run("export default () => new Promise(() => {});");
    assert_eq!(doc["outcome"]["kind"], "error", "{doc}");
    assert!(doc["errors"][0]["message"]
        .as_str()
        .unwrap_or_default()
        .contains("never settled"));
}

#[test]
fn xhr_answers_from_mocks_and_stops_after_five_calls() {
    let doc = run_with(
        r#"const xhr = require('xhr');
export default async (request) => {
  const a = await xhr.fetch('https://api.example.com/users/1');
  console.log(a.status, a.ok, a.body, (await a.json()).name, a.headers['content-type']);
  const b = await xhr.fetch('https://api.example.com/users', { method: 'POST', body: '{}' });
  console.log(b.status);
  try { await xhr.fetch('https://other.example.com/'); } catch (e) { console.log(e.message); }
  for (let i = 0; i < 2; i += 1) { await xhr.fetch('https://api.example.com/users/' + i); }
  try { await xhr.fetch('https://api.example.com/users/9'); } catch (e) { console.error(e.message); }
  return request.ok();
};"#,
        json!({"type": "BEFORE_PUBLISH", "request": {"message": {}}, "xhrMocks": [
            {"method": "POST", "url": "https://api.example.com/users", "status": 201},
            {"url": "https://api.example.com/users/*", "headers": {"content-type": "application/json"}, "body": {"name": "Ada"}}
        ]}),
    );
    assert_eq!(doc["outcome"]["kind"], "ok", "{doc}");
    let lines = console_texts(&doc);
    assert_eq!(lines[0], "200 true {\"name\":\"Ada\"} Ada application/json");
    assert_eq!(lines[1], "201");
    assert!(
        lines[2].starts_with("xhr: no mock answers GET https://other.example.com/"),
        "{}",
        lines[2]
    );
    assert_eq!(lines[3], "Limit reached: at most 5 xhr calls per run");
    assert_eq!(doc["console"][3]["level"], "error");
    assert_eq!(doc["calls"]["xhr"], json!({"count": 6, "limit": 5}));
    assert_eq!(
        doc["xhrRequests"][1],
        json!({"method": "POST", "url": "https://api.example.com/users", "status": 201})
    );
}

#[test]
fn kvstore_starts_from_the_seed_and_shows_what_changed() {
    let doc = run_with(
        r#"const kv = require('kvstore');
export default async (request) => {
  const n = await kv.incrCounter('hits', 2);
  await kv.set('user', { name: (await kv.get('user')).name + '!' });
  await kv.setItem('s', 'x');
  await kv.removeItem('gone');
  console.log(n, await kv.getCounter('hits'), await kv.getItem('s'), (await kv.getKeys()).join(','));
  return request.ok();
};"#,
        json!({"type": "AFTER_PUBLISH", "kv": {"hits": 1, "user": {"name": "Ada"}, "gone": 1}}),
    );
    assert_eq!(doc["outcome"]["kind"], "ok", "{doc}");
    assert_eq!(
        doc["kvBefore"],
        json!({"hits": 1, "user": {"name": "Ada"}, "gone": 1})
    );
    assert_eq!(
        doc["kvAfter"],
        json!({"hits": 3, "user": {"name": "Ada!"}, "s": "x"})
    );
    assert_eq!(doc["console"][0]["text"], "3 3 x hits,user,s");
    assert_eq!(doc["calls"]["kvstore"], json!({"count": 8, "limit": 10}));
}

#[test]
fn kvstore_limits_calls_keys_and_values() {
    let doc = run(r#"const kv = require('kvstore');
export default async (request) => {
  try { await kv.set('k'.repeat(1001), 1); } catch (e) { console.log(e.message); }
  try { await kv.set('big', 'v'.repeat(32001)); } catch (e) { console.log(e.message); }
  for (let i = 0; i < 8; i += 1) { await kv.get('a'); }
  await kv.get('eleventh');
  return request.ok();
};"#);
    assert_eq!(
        doc["console"][0]["text"],
        "kvstore: the key is longer than 1000 characters"
    );
    assert_eq!(
        doc["console"][1]["text"],
        "kvstore: the value is longer than 32000 characters"
    );
    assert_eq!(doc["outcome"]["kind"], "error");
    assert_eq!(
        doc["errors"][0]["message"],
        "Limit reached: at most 10 kvstore calls per run"
    );
    assert_eq!(doc["errors"][0]["line"], 6, "{doc}");
    assert_eq!(doc["calls"]["kvstore"]["count"], 11);
}

#[test]
fn vault_reads_the_secrets_and_counts() {
    let doc = run_with(
        r#"const vault = require('vault');
export default async (request) => {
  console.log(await vault.get('api_key'), String(await vault.get('missing')));
  return request.ok();
};"#,
        json!({"secrets": {"api_key": "s3cr3t"}}),
    );
    assert_eq!(doc["console"][0]["text"], "s3cr3t undefined", "{doc}");
    assert_eq!(doc["calls"]["vault"], json!({"count": 2, "limit": 10}));
}

#[test]
fn the_cheap_modules_work() {
    let doc = run(r#"const crypto = require('crypto');
const base64 = require('codec/base64');
const qs = require('codec/query_string');
const uuid = require('uuid');
const utils = require('utils');
export default async (request) => {
  console.log(await crypto.sha256('abc'));
  console.log(await crypto.hmac(base64.btoa('key'), 'The quick brown fox jumps over the lazy dog', crypto.ALGORITHM.HMAC_SHA256));
  console.log(base64.btoa('hello'), base64.atob('aGVsbG8='), base64.decodeString(base64.encodeString('h\u00e9')));
  console.log(JSON.stringify(qs.parse('a=1&b=x+y&a=2')), qs.stringify({ q: 'a b', n: 1 }));
  console.log(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(uuid.v4()), typeof uuid());
  const r = utils.randomInt(3, 5);
  console.log(r >= 3 && r <= 5, utils.isNumeric('12.5'), utils.isNumeric('x'));
  return request.ok();
};"#);
    let lines = console_texts(&doc);
    assert_eq!(
        lines,
        [
            // Base64, as PubNub documents crypto's output (the FIPS 180 "abc" example).
            "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=",
            "97yD9DBThCSxMpjmqm+xQ+9NWaFJRhdZl0edvC0aPNg=",
            "aGVsbG8= hello h\u{e9}",
            "{\"a\":[\"1\",\"2\"],\"b\":\"x y\"} q=a%20b&n=1",
            "true string",
            "true true false",
        ],
        "{doc}"
    );
}

#[test]
fn modules_that_do_not_exist_and_methods_the_console_refuses() {
    let doc = run("const x = require('left-pad');\nexport default (r) => r.ok();");
    assert_eq!(
        doc["errors"][0]["message"], "Cannot find module 'left-pad'",
        "{doc}"
    );
    assert_eq!(doc["errors"][0]["line"], 1);
    let doc = run(
        "export default async (r) => {\n  await require('pubnub').history({ channel: 'a' });\n};",
    );
    assert_eq!(
        doc["errors"][0]["message"],
        "pubnub.history is not available in the test console: it calls PubNub's network, and a \
         test run has only publish, fire and signal (recorded as would-publish)"
    );
    assert_eq!(doc["errors"][0]["line"], 2, "{doc}");
}

#[test]
fn es_imports_of_modules_work() {
    let doc = run("import kvstore from 'kvstore';\nimport { publish } from 'pubnub';\n\nexport default async (request) => {\n  await kvstore.set('a', 1);\n  return request.ok();\n};");
    assert_eq!(doc["outcome"]["kind"], "ok", "{doc}");
    assert_eq!(doc["kvAfter"], json!({"a": 1}));
}

#[test]
fn console_lines_are_capped_at_250() {
    let doc = run("export default (r) => { for (let i = 0; i < 300; i += 1) console.log(i); return r.ok(); };");
    assert_eq!(doc["console"].as_array().unwrap().len(), 250);
    assert_eq!(doc["calls"]["console"], json!({"count": 300, "limit": 250}));
}

#[test]
fn code_without_a_handler_is_an_error() {
    let doc = run("const a = 1;");
    assert_eq!(
        doc["errors"][0]["message"],
        "The code has no handler: expected export default of a function"
    );
}
