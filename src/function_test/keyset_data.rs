//! "Use this keyset's data": which keys a function's code names in its KV store calls, and how
//! a keyset's entries and secret names join what the test's KV and secrets fields hold.

use serde_json::{Map, Value};

/// The `kvstore` methods whose first argument is a key.
const KEY_METHODS: [&str; 7] = [
    "get",
    "set",
    "getItem",
    "setItem",
    "removeItem",
    "incrCounter",
    "getCounter",
];

/// The keys `code` names as the first argument of a KV store call (`kvstore.get("a")`,
/// `db.getItem('b')` once `db` is the module's name, `` kv.getCounter(`c`) ``), each once, in
/// order of first use. Only string literals count: a key built at run time (`` `a:${id}` ``,
/// `"a:" + id`) cannot be known without running the code.
pub fn keys_named_in_code(code: &str) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for name in module_names(code) {
        let mut rest = code;
        let mut offset = 0;
        while let Some(at) = rest.find(name.as_str()) {
            let start = offset + at;
            let end = start + name.len();
            offset = end;
            rest = &code[end..];
            let before = code[..start].chars().next_back();
            if before.is_some_and(|c| is_identifier_char(c) || c == '.') {
                continue;
            }
            let Some(call) = code[end..].trim_start().strip_prefix('.') else {
                continue;
            };
            let call = call.trim_start();
            let method_len = call
                .find(|c: char| !is_identifier_char(c))
                .unwrap_or(call.len());
            if !KEY_METHODS.contains(&&call[..method_len]) {
                continue;
            }
            let Some(argument) = call[method_len..].trim_start().strip_prefix('(') else {
                continue;
            };
            if let Some(key) = string_literal(argument.trim_start()) {
                if !key.is_empty() && !keys.contains(&key) {
                    keys.push(key);
                }
            }
        }
    }
    keys
}

/// The names `code` gives the `kvstore` module: `kvstore` itself, a default or namespace
/// import (`import db from 'kvstore'`, `import * as db from "kvstore"`) and a `require`
/// (`const db = require('kvstore')`).
fn module_names(code: &str) -> Vec<String> {
    let mut names = vec!["kvstore".to_owned()];
    for quoted in ["'kvstore'", "\"kvstore\""] {
        let mut from = 0;
        while let Some(at) = code[from..].find(quoted) {
            let at = from + at;
            from = at + quoted.len();
            let before = code[..at].trim_end();
            let name = if let Some(head) = before.strip_suffix("from") {
                // `import NAME from`, `import * as NAME from`, `import NAME, { … } from`.
                head.rfind("import").and_then(|i| {
                    let clause = head[i + "import".len()..].trim();
                    let clause = clause.strip_prefix("* as").unwrap_or(clause).trim();
                    identifier_at_start(clause)
                })
            } else if let Some(head) = before.strip_suffix("require(") {
                head.trim_end()
                    .strip_suffix('=')
                    .and_then(|h| identifier_at_end(h.trim_end()))
            } else {
                None
            };
            if let Some(name) = name.filter(|n| !names.contains(n)) {
                names.push(name);
            }
        }
    }
    names
}

fn is_identifier_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$'
}

fn identifier_at_start(text: &str) -> Option<String> {
    let end = text
        .find(|c: char| !is_identifier_char(c))
        .unwrap_or(text.len());
    (end > 0).then(|| text[..end].to_owned())
}

fn identifier_at_end(text: &str) -> Option<String> {
    let start = text
        .rfind(|c: char| !is_identifier_char(c))
        .map_or(0, |i| i + 1);
    (start < text.len()).then(|| text[start..].to_owned())
}

/// The string a JavaScript string literal at the start of `text` holds: single, double or
/// back quotes (without `${`), the usual escapes read. `None` for anything else.
fn string_literal(text: &str) -> Option<String> {
    let mut chars = text.chars();
    let quote = chars.next().filter(|q| matches!(q, '\'' | '"' | '`'))?;
    let mut out = String::new();
    while let Some(c) = chars.next() {
        match c {
            c if c == quote => return Some(out),
            '\\' => out.push(match chars.next()? {
                'n' => '\n',
                't' => '\t',
                'r' => '\r',
                other => other,
            }),
            '$' if quote == '`' && chars.clone().next() == Some('{') => return None,
            '\n' if quote != '`' => return None,
            c => out.push(c),
        }
    }
    None
}

/// How loaded values join a field that holds a JSON object (the test's KV store, or its
/// secrets): `Replace` writes over a key the field has (the keyset's value is the one
/// wanted), `Keep` leaves it (a secret's value already typed stays).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Join {
    Replace,
    Keep,
}

/// `field` (a JSON object as typed, empty for none) with `entries` joined, pretty-printed; or
/// why the field cannot take them (it holds something else than an object).
pub fn join_object(
    field: &str,
    entries: impl IntoIterator<Item = (String, Value)>,
    join: Join,
) -> Result<String, String> {
    let mut object = match field.trim() {
        "" => Map::new(),
        text => match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(map)) => map,
            Ok(_) => return Err("It holds JSON that is not an object {…}.".into()),
            Err(e) => return Err(format!("It is not valid JSON: {e}.")),
        },
    };
    for (key, value) in entries {
        if join == Join::Replace || !object.contains_key(&key) {
            object.insert(key, value);
        }
    }
    Ok(serde_json::to_string_pretty(&Value::Object(object)).expect("JSON always serializes"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_keys_of_kv_calls_with_literal_keys_are_found_once_in_order() {
        let code = r#"import kvstore from 'kvstore';
export default async (request) => {
  const motd = await kvstore.get("motd");
  await kvstore.setItem('typing:alice', '1');
  const n = await kvstore.getCounter(`messages:blocked`);
  await kvstore.incrCounter(`audit:${day}`, 1);
  await kvstore.get("motd");
  await kvstore.get(key);
  await kvstore.getKeys();
  other.kvstore.get("not-this");
  mykvstore.get("nor-this");
  await kvstore . getItem ( "spaced\"quote" );
  return request.ok();
};"#;
        assert_eq!(
            keys_named_in_code(code),
            ["motd", "typing:alice", "messages:blocked", "spaced\"quote"]
        );
    }

    #[test]
    fn the_module_may_go_by_another_name() {
        let imported = "import db from \"kvstore\";\nexport default () => db.getItem('a');";
        assert_eq!(keys_named_in_code(imported), ["a"]);
        let namespace = "import * as store from 'kvstore'; store.get('b');";
        assert_eq!(keys_named_in_code(namespace), ["b"]);
        let required = "const kv = require('kvstore');\nkv.incrCounter(\"c\", 2);";
        assert_eq!(keys_named_in_code(required), ["c"]);
        assert_eq!(
            keys_named_in_code("export default (r) => r.ok();"),
            [] as [&str; 0]
        );
    }

    #[test]
    fn loaded_values_join_the_fields_object() {
        let kv = join_object(
            r#"{"motd": "old", "mine": 1}"#,
            [
                ("motd".to_owned(), json!("new")),
                ("n".to_owned(), json!(3)),
            ],
            Join::Replace,
        )
        .unwrap();
        assert_eq!(
            serde_json::from_str::<Value>(&kv).unwrap(),
            json!({"motd": "new", "mine": 1, "n": 3})
        );
        let secrets = join_object(
            r#"{"API_KEY": "typed"}"#,
            [
                ("API_KEY".to_owned(), json!("")),
                ("OTHER".to_owned(), json!("")),
            ],
            Join::Keep,
        )
        .unwrap();
        assert_eq!(
            serde_json::from_str::<Value>(&secrets).unwrap(),
            json!({"API_KEY": "typed", "OTHER": ""})
        );
        assert_eq!(join_object("", [], Join::Keep).unwrap(), "{}");
        assert!(join_object("[1]", [], Join::Keep).is_err());
        assert!(join_object("{", [], Join::Keep).is_err());
    }
}
