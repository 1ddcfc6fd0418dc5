//! The server's answers match its OpenAPI document (`GET /v2/faas/openapi.json`).
//!
//! * the document is OpenAPI 3 in structure: every operation has responses with
//!   descriptions, every `$ref` resolves, every path parameter is declared;
//! * every route the server answers is documented, and every documented operation is
//!   answered;
//! * real answers, successes and errors, validate against the documented response schema of
//!   their operation and status (an undocumented status fails).
//!
//! The validator is a small one written for the subset of OpenAPI 3.0 schemas the document
//! uses (`$ref`, `type`, `nullable`, `enum`, `required`, `properties`, `items`, `min/maxItems`,
//! `minimum`, `maximum`, `format` uuid and date-time, `allOf`/`anyOf`/`oneOf`), rather than a
//! JSON Schema crate: OpenAPI 3.0's `nullable` is not JSON Schema, and the checks here are
//! stricter than JSON Schema's defaults in one way that matters for a contract: a property
//! that an answer carries but the schema does not list is an error, unless the schema says
//! `additionalProperties`.

use crate::common;

use std::collections::BTreeSet;
use std::time::Duration;

use axum::http::Method;
use common::{function_body, TestApp, TestResponse, API_ROUTES};
use serde_json::{json, Value};

const METHODS: [&str; 5] = ["get", "post", "put", "delete", "patch"];

async fn document(app: &TestApp) -> Value {
    let res = app.get("/v2/faas/openapi.json").no_key().send().await;
    assert_eq!(res.status, 200, "{}", res.text());
    assert_eq!(res.header("content-type"), Some("application/json"));
    res.json
}

fn operations(doc: &Value) -> Vec<(String, String, Value)> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("path item") {
            if METHODS.contains(&method.as_str()) || method == "head" || method == "options" {
                out.push((method.clone(), path.clone(), op.clone()));
            }
        }
    }
    out
}

/// The value at a local `$ref` (`#/components/...`).
fn resolve<'a>(doc: &'a Value, reference: &str) -> Option<&'a Value> {
    let pointer = reference.strip_prefix('#')?;
    let pointer = pointer.replace("~1", "/").replace("~0", "~");
    doc.pointer(&pointer)
}

fn refs(value: &Value, at: &str, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                if k == "$ref" {
                    out.push((at.to_owned(), v.as_str().unwrap_or_default().to_owned()));
                } else {
                    refs(v, &format!("{at}/{k}"), out);
                }
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                refs(v, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// A parameter object, through its `$ref`.
fn parameter<'a>(doc: &'a Value, p: &'a Value) -> &'a Value {
    match p["$ref"].as_str() {
        Some(r) => resolve(doc, r).unwrap_or(&Value::Null),
        None => p,
    }
}

#[tokio::test]
async fn the_document_is_openapi_3_and_every_ref_resolves() {
    let app = TestApp::new();
    let doc = document(&app).await;
    assert!(
        doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.")),
        "openapi: {}",
        doc["openapi"]
    );
    assert!(doc["info"]["title"].is_string() && doc["info"]["version"].is_string());
    assert!(doc["components"]["schemas"].is_object());

    let mut problems = Vec::new();
    let mut all = Vec::new();
    refs(&doc, "", &mut all);
    assert!(!all.is_empty());
    for (at, r) in &all {
        if !r.starts_with("#/") || resolve(&doc, r).is_none() {
            problems.push(format!("{at}: $ref {r:?} does not resolve"));
        }
    }

    let ops = operations(&doc);
    assert!(ops.len() >= 10, "only {} operations", ops.len());
    let mut op_ids = BTreeSet::new();
    for (method, path, op) in &ops {
        let name = format!("{} {path}", method.to_uppercase());
        if let Some(id) = op["operationId"].as_str() {
            if !op_ids.insert(id.to_owned()) {
                problems.push(format!("{name}: duplicate operationId {id}"));
            }
        }
        if !op["summary"].is_string() {
            problems.push(format!("{name}: no summary"));
        }
        match op["responses"].as_object() {
            Some(responses) if !responses.is_empty() => {
                for (status, response) in responses {
                    let response = match response["$ref"].as_str() {
                        Some(r) => resolve(&doc, r).unwrap_or(&Value::Null),
                        None => response,
                    };
                    let valid_status = status == "default"
                        || (status.len() == 3
                            && status.bytes().all(|b| b.is_ascii_digit() || b == b'X'));
                    if !valid_status {
                        problems.push(format!("{name}: response key {status:?}"));
                    }
                    if !response["description"].is_string() {
                        problems.push(format!("{name} {status}: no description"));
                    }
                }
                if !responses.keys().any(|s| s.starts_with('2')) {
                    problems.push(format!("{name}: no success response"));
                }
            }
            _ => problems.push(format!("{name}: no responses")),
        }
        // Every `{param}` of the template is a declared, required path parameter, and every
        // declared path parameter is in the template.
        let params: Vec<&Value> = op["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .chain(
                doc["paths"][path]["parameters"]
                    .as_array()
                    .into_iter()
                    .flatten(),
            )
            .map(|p| parameter(&doc, p))
            .collect();
        for p in &params {
            if !p["name"].is_string() || !p["in"].is_string() {
                problems.push(format!("{name}: parameter without name or in: {p}"));
            }
            if p["in"] == "path" {
                let needle = format!("{{{}}}", p["name"].as_str().unwrap_or_default());
                if !path.contains(&needle) {
                    problems.push(format!("{name}: path parameter {needle} not in the path"));
                }
                if p["required"] != true {
                    problems.push(format!("{name}: path parameter {needle} is not required"));
                }
            }
        }
        for segment in path.split('/').filter(|s| s.starts_with('{')) {
            let param = segment.trim_matches(['{', '}']);
            if !params
                .iter()
                .any(|p| p["in"] == "path" && p["name"] == param)
            {
                problems.push(format!("{name}: path parameter {segment} is not declared"));
            }
        }
        if let Some(body) = op.get("requestBody") {
            if body["content"]["application/json"]["schema"].is_null() {
                problems.push(format!("{name}: request body without a JSON schema"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Whether the server has a route for `method path`: anything but the router's own 405 or
/// "no route" 404.
async fn answered(app: &TestApp, method: &str, template: &str) -> bool {
    let id = uuid::Uuid::new_v4().to_string();
    let path: Vec<&str> = template
        .split('/')
        .map(|s| if s.starts_with('{') { id.as_str() } else { s })
        .collect();
    let path = path.join("/");
    let res = app
        .call(method.to_uppercase().parse().unwrap(), &path)
        .send()
        .await;
    assert!(res.status.as_u16() < 500, "{method} {path}: {}", res.text());
    let no_route = res.status == 404
        && res.json["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("no route"));
    !(no_route || res.status == 405)
}

#[tokio::test]
async fn every_route_the_server_answers_is_documented_and_back() {
    let app = TestApp::new();
    let doc = document(&app).await;
    let documented: BTreeSet<(String, String)> = operations(&doc)
        .into_iter()
        .map(|(m, p, _)| (m, p))
        .collect();
    let mut problems = Vec::new();
    for route in API_ROUTES {
        for method in METHODS {
            let is_answered = answered(&app, method, route).await;
            let is_documented = documented.contains(&(method.to_owned(), (*route).to_owned()));
            if is_answered && !is_documented {
                problems.push(format!(
                    "{} {route} is answered but not documented",
                    method.to_uppercase()
                ));
            }
        }
    }
    for (method, path) in &documented {
        if !answered(&app, method, path).await {
            problems.push(format!(
                "{} {path} is documented but not answered",
                method.to_uppercase()
            ));
        }
        if !API_ROUTES.contains(&path.as_str()) {
            problems.push(format!(
                "{path} is documented but not in common::API_ROUTES"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

// --- A validator for the OpenAPI 3.0 schema subset of the document ---------------------

fn type_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.bytes().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

/// `YYYY-MM-DDTHH:MM:SS(.fff)?(Z|±HH:MM)`, loosely (RFC 3339 shape).
fn is_date_time(s: &str) -> bool {
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| r.clone().all(|i| b.get(i).is_some_and(u8::is_ascii_digit));
    b.len() >= 20
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && (b[10] == b'T' || b[10] == b't')
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19)
        && (s.ends_with('Z') || s[19..].contains(['+', '-']))
}

/// Checks `value` against `schema`; each problem is pushed with its JSON path.
fn validate(doc: &Value, schema: &Value, value: &Value, at: &str, out: &mut Vec<String>) {
    if let Some(r) = schema["$ref"].as_str() {
        match resolve(doc, r) {
            Some(target) => validate(doc, target, value, at, out),
            None => out.push(format!("{at}: unresolved $ref {r}")),
        }
        return;
    }
    if value.is_null() {
        if schema["nullable"] == true
            || schema.get("type").is_none() && schema.get("allOf").is_none()
        {
            return;
        }
        out.push(format!("{at}: null, but the schema is not nullable"));
        return;
    }
    if let Some(all) = schema["allOf"].as_array() {
        for s in all {
            validate(doc, s, value, at, out);
        }
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(options) = schema[key].as_array() {
            let matching = options
                .iter()
                .filter(|s| {
                    let mut inner = Vec::new();
                    validate(doc, s, value, at, &mut inner);
                    inner.is_empty()
                })
                .count();
            let ok = if key == "oneOf" {
                matching == 1
            } else {
                matching >= 1
            };
            if !ok {
                out.push(format!("{at}: matches {matching} of the {key} schemas"));
            }
        }
    }
    if let Some(expected) = schema["type"].as_str() {
        let actual = type_of(value);
        if !(actual == expected || (expected == "number" && actual == "integer")) {
            out.push(format!(
                "{at}: {actual} where the schema says {expected}: {value}"
            ));
            return;
        }
    }
    if let Some(choices) = schema["enum"].as_array() {
        if !choices.contains(value) {
            out.push(format!("{at}: {value} is not one of {choices:?}"));
        }
    }
    match value {
        Value::String(s) => match schema["format"].as_str() {
            Some("uuid") if !is_uuid(s) => out.push(format!("{at}: {s:?} is not a uuid")),
            Some("date-time") if !is_date_time(s) => {
                out.push(format!("{at}: {s:?} is not a date-time"))
            }
            _ => {}
        },
        Value::Number(n) => {
            let n = n.as_f64().unwrap_or_default();
            if schema["minimum"].as_f64().is_some_and(|min| n < min) {
                out.push(format!("{at}: {n} under the minimum {}", schema["minimum"]));
            }
            if schema["maximum"].as_f64().is_some_and(|max| n > max) {
                out.push(format!("{at}: {n} over the maximum {}", schema["maximum"]));
            }
        }
        Value::Array(items) => {
            if schema["minItems"]
                .as_u64()
                .is_some_and(|min| (items.len() as u64) < min)
            {
                out.push(format!(
                    "{at}: {} items, fewer than minItems {}",
                    items.len(),
                    schema["minItems"]
                ));
            }
            if schema["maxItems"]
                .as_u64()
                .is_some_and(|max| items.len() as u64 > max)
            {
                out.push(format!(
                    "{at}: {} items, more than maxItems {}",
                    items.len(),
                    schema["maxItems"]
                ));
            }
            if let Some(item) = schema.get("items") {
                for (i, v) in items.iter().enumerate() {
                    validate(doc, item, v, &format!("{at}[{i}]"), out);
                }
            }
        }
        Value::Object(map) => {
            for name in schema["required"].as_array().into_iter().flatten() {
                let name = name.as_str().unwrap_or_default();
                if !map.contains_key(name) {
                    out.push(format!("{at}: required property {name} is missing"));
                }
            }
            let properties = schema["properties"].as_object();
            let composed = ["allOf", "anyOf", "oneOf"]
                .iter()
                .any(|k| schema.get(*k).is_some());
            for (k, v) in map {
                match properties.and_then(|p| p.get(k)) {
                    Some(s) => validate(doc, s, v, &format!("{at}.{k}"), out),
                    None => match schema.get("additionalProperties") {
                        Some(Value::Bool(true)) => {}
                        Some(extra @ Value::Object(_)) => {
                            validate(doc, extra, v, &format!("{at}.{k}"), out)
                        }
                        _ if properties.is_none() && composed => {}
                        _ if properties.is_none() && schema.get("type").is_none() => {}
                        _ => out.push(format!("{at}: property {k} is not documented")),
                    },
                }
            }
        }
        _ => {}
    }
}

#[test]
fn the_validator_catches_what_it_should() {
    let doc = json!({"components": {"schemas": {
        "P": {"type": "object", "required": ["id"], "properties": {
            "id": {"type": "string", "format": "uuid"},
            "n": {"type": "integer", "minimum": 0, "nullable": true},
            "at": {"type": "string", "format": "date-time"},
            "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 1},
            "s": {"type": "string", "enum": ["A"]}}}}}});
    let schema = json!({"$ref": "#/components/schemas/P"});
    let check = |v: Value| {
        let mut out = Vec::new();
        validate(&doc, &schema, &v, "$", &mut out);
        out
    };
    let id = uuid::Uuid::new_v4().to_string();
    assert_eq!(
        check(
            json!({"id": id, "n": null, "at": "2026-01-15T10:30:00.000Z", "tags": ["a"], "s": "A"})
        ),
        Vec::<String>::new()
    );
    assert_eq!(check(json!({})).len(), 1);
    assert_eq!(check(json!({"id": "x"})).len(), 1);
    assert_eq!(check(json!({"id": id, "n": -1})).len(), 1);
    assert_eq!(check(json!({"id": id, "n": 1.5})).len(), 1);
    assert_eq!(check(json!({"id": id, "at": "yesterday"})).len(), 1);
    assert_eq!(check(json!({"id": id, "tags": ["a", "b"]})).len(), 1);
    assert_eq!(check(json!({"id": id, "tags": [1]})).len(), 1);
    assert_eq!(check(json!({"id": id, "s": "B"})).len(), 1);
    assert_eq!(check(json!({"id": id, "extra": 1})).len(), 1);
    assert_eq!(check(json!([])).len(), 1);
}

// --- Exercising the documented operations ------------------------------------------------

/// The documented operations, and which of them real answers were checked against.
struct Checker<'a> {
    app: &'a TestApp,
    doc: Value,
    exercised: BTreeSet<(String, String)>,
    problems: Vec<String>,
}

impl Checker<'_> {
    fn documented(&self, method: &str, template: &str) -> bool {
        self.doc["paths"][template][method].is_object()
    }

    /// Validates `res`, the answer to `method template`, against the document.
    fn check(&mut self, method: &str, template: &str, res: &TestResponse) {
        let name = format!("{} {template} → {}", method.to_uppercase(), res.status);
        let op = &self.doc["paths"][template][method];
        if !op.is_object() {
            self.problems
                .push(format!("{name}: operation not documented"));
            return;
        }
        self.exercised
            .insert((method.to_owned(), template.to_owned()));
        let status = res.status.as_str();
        let wildcard = format!("{}XX", &status[..1]);
        let response = [status, wildcard.as_str(), "default"]
            .into_iter()
            .find_map(|s| op["responses"].get(s));
        let Some(response) = response else {
            self.problems.push(format!(
                "{name}: status not documented (body {})",
                res.text()
            ));
            return;
        };
        let response = match response["$ref"].as_str() {
            Some(r) => resolve(&self.doc, r).cloned().unwrap_or(Value::Null),
            None => response.clone(),
        };
        for header in response["headers"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(h, _)| h)
        {
            if res.header(header).is_none() {
                self.problems
                    .push(format!("{name}: documented header {header} missing"));
            }
        }
        let content = &response["content"];
        let Some(media) = content.as_object().and_then(|c| c.get("application/json")) else {
            if content.is_object() {
                self.problems.push(format!(
                    "{name}: answer is JSON but no JSON content is documented"
                ));
            }
            return;
        };
        if !res
            .header("content-type")
            .is_some_and(|c| c.starts_with("application/json"))
        {
            self.problems.push(format!(
                "{name}: content-type {:?}",
                res.header("content-type")
            ));
        }
        if let Some(schema) = media.get("schema") {
            let mut out = Vec::new();
            validate(&self.doc, schema, &res.json, "$", &mut out);
            for p in out {
                self.problems.push(format!("{name}: {p}"));
            }
        }
    }

    /// Sends `method path` with the admin key (and `body`), checks it against `template`,
    /// and asserts `status`; returns the answer's JSON.
    async fn call(
        &mut self,
        method: &str,
        template: &str,
        path: &str,
        body: Option<Value>,
        status: u16,
    ) -> Value {
        let mut call = self.app.call(method.to_uppercase().parse().unwrap(), path);
        if let Some(body) = body {
            call = call.json(body);
        }
        let res = call.send().await;
        self.check(method, template, &res);
        if res.status != status {
            self.problems.push(format!(
                "{} {path}: status {} where {status} was expected: {}",
                method.to_uppercase(),
                res.status,
                res.text()
            ));
        }
        res.json["data"].clone()
    }
}

fn id_of(v: &Value) -> String {
    v["id"].as_str().unwrap_or_default().to_owned()
}

/// Every documented operation, with the answers of a happy path through all of them, checked
/// against the document; then typical errors of every operation.
#[tokio::test]
async fn real_answers_match_the_documented_schemas() {
    let app = TestApp::demo();
    let doc = document(&app).await;
    let mut c = Checker {
        app: &app,
        doc,
        exercised: BTreeSet::new(),
        problems: Vec::new(),
    };
    let doc_res = app.get("/v2/faas/openapi.json").no_key().send().await;
    c.check("get", "/v2/faas/openapi.json", &doc_res);

    let keysets = c
        .call("get", "/v2/keysets", "/v2/keysets?sort=name,ASC", None, 200)
        .await;
    let keyset = keysets[0]["id"].as_i64().expect("a demo keyset");
    c.call("get", "/v2/faas/packages", "/v2/faas/packages", None, 200)
        .await;
    c.call(
        "get",
        "/v2/faas/packages",
        "/v2/faas/packages?search=a&sort=name,DESC&size=5&page=1",
        None,
        200,
    )
    .await;
    let package = c
        .call(
            "post",
            "/v2/faas/packages",
            "/v2/faas/packages",
            Some(json!({
                "name": "OpenAPI check", "description": "d", "tags": ["t"], "apiManaged": true,
                "revisionName": "first",
                "functions": [
                    function_body("Before", "chat.*"),
                    {"name": "Hook", "type": "ON_REQUEST", "code": "export default () => 1;", "config": {"path": "hook"}},
                    {"name": "Tick", "type": "ON_INTERVAL", "code": "export default () => 1;", "config": {"intervalSeconds": 30}},
                    {"name": "After", "type": "AFTER_PRESENCE", "code": "export default () => 1;", "config": {"inputChannel": "room"}}
                ]
            })),
            200,
        )
        .await;
    let p = id_of(&package);
    let pkg = "/v2/faas/packages/{id}";
    c.call("get", pkg, &format!("/v2/faas/packages/{p}"), None, 200)
        .await;
    c.call(
        "put",
        pkg,
        &format!("/v2/faas/packages/{p}"),
        Some(json!({"description": "new", "tags": []})),
        200,
    )
    .await;
    let revisions = c
        .call(
            "get",
            "/v2/faas/packages/{id}/package-revisions",
            &format!("/v2/faas/packages/{p}/package-revisions"),
            None,
            200,
        )
        .await;
    let r1 = id_of(&revisions[0]);
    let r2 = id_of(
        &c.call(
            "post",
            "/v2/faas/package-revisions",
            "/v2/faas/package-revisions",
            Some(json!({"packageId": p, "description": "second", "functions": [function_body("Before", "chat.*")]})),
            200,
        )
        .await,
    );
    let rev = "/v2/faas/package-revisions/{id}";
    c.call(
        "get",
        rev,
        &format!("/v2/faas/package-revisions/{r1}"),
        None,
        200,
    )
    .await;
    c.call(
        "put",
        rev,
        &format!("/v2/faas/package-revisions/{r2}"),
        Some(json!({"name": "renamed"})),
        200,
    )
    .await;
    c.call(
        "get",
        "/v2/faas/package-revisions/{id}/functions",
        &format!("/v2/faas/package-revisions/{r1}/functions?sort=name,ASC"),
        None,
        200,
    )
    .await;
    c.call(
        "get",
        "/v2/faas/limits/package-deployments-running",
        "/v2/faas/limits/package-deployments-running",
        None,
        200,
    )
    .await;

    // Deployments, once documented (the routes are checked against the document by
    // `every_route_the_server_answers_is_documented_and_back`).
    let deps = "/v2/faas/package-deployments";
    let dep = "/v2/faas/package-deployments/{id}";
    let fds = "/v2/faas/package-deployments/{id}/function-deployments";
    if c.documented("post", deps) {
        let d1 = id_of(
            &c.call(
                "post",
                deps,
                deps,
                Some(json!({"packageRevisionId": r1, "keysetId": keyset})),
                200,
            )
            .await,
        );
        let d2 = id_of(
            &c.call(
                "post",
                deps,
                deps,
                Some(json!({"packageRevisionId": r2, "keysetId": keyset})),
                200,
            )
            .await,
        );
        c.call("get", dep, &format!("{deps}/{d1}"), None, 200).await;
        c.call(
            "get",
            deps,
            &format!("{deps}?package_id={p}&sort=state,ASC"),
            None,
            200,
        )
        .await;
        c.call("get", deps, deps, None, 200).await;
        c.call(
            "get",
            "/v2/faas/package-revisions/{id}/package-deployments",
            &format!("/v2/faas/package-revisions/{r1}/package-deployments"),
            None,
            200,
        )
        .await;
        c.call(
            "post",
            fds,
            &format!("{deps}/{d1}/function-deployments"),
            None,
            200,
        )
        .await;
        // Running, with its function deployments, once the worker has built it.
        for _ in 0..200 {
            let res = app.get(&format!("{deps}/{d1}")).send().await;
            c.check("get", dep, &res);
            if res.json["data"]["state"] != "STARTING" {
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        c.call(
            "delete",
            fds,
            &format!("{deps}/{d1}/function-deployments?force=true"),
            None,
            200,
        )
        .await;
        c.call(
            "delete",
            "/v2/faas/function-deployments",
            &format!("/v2/faas/function-deployments?package_revision_id={r1}"),
            None,
            200,
        )
        .await;
        c.call("delete", dep, &format!("{deps}/{d2}"), None, 200)
            .await;
        for _ in 0..200 {
            let res = app.get(&format!("{deps}/{d1}")).send().await;
            if res.json["data"]["state"] == "STOPPED" {
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
    c.call(
        "delete",
        rev,
        &format!("/v2/faas/package-revisions/{r2}"),
        None,
        200,
    )
    .await;
    c.call("delete", pkg, &format!("/v2/faas/packages/{p}"), None, 200)
        .await;
    exercise_rollout(&mut c, keyset).await;
    exercise_catalog(&mut c, keyset).await;

    // Errors every operation can give, against each operation's documented answers.
    let ops = operations(&c.doc);
    let other = "00000000-0000-4000-8000-000000000000";
    for (method, template, op) in &ops {
        let path = template.replace("{id}", other);
        let m: Method = method.to_uppercase().parse().unwrap();
        if op["security"].as_array().is_none_or(|s| !s.is_empty()) {
            let res = app.call(m.clone(), &path).no_key().send().await;
            c.check(method, template, &res);
            let res = app.call(m.clone(), &path).key("no-such-key").send().await;
            c.check(method, template, &res);
        }
        let res = app
            .call(m.clone(), &path)
            .header("x-correlation-id", "nope")
            .send()
            .await;
        c.check(method, template, &res);
        let res = app
            .call(m.clone(), &path)
            .header("pubnub-version", "2026-13-01")
            .send()
            .await;
        c.check(method, template, &res);
        if template.contains("{id}") {
            // Not found, and an id that is not a UUID.
            let res = app.call(m.clone(), &path).json(json!({})).send().await;
            c.check(method, template, &res);
            let res = app
                .call(m.clone(), &template.replace("{id}", "nope"))
                .send()
                .await;
            c.check(method, template, &res);
        }
        if op.get("requestBody").is_some() {
            for (ct, body) in [
                ("text/plain", "{}"),
                ("application/json", "{"),
                ("application/json", "[]"),
                ("application/json", "{\"name\": 1, \"functions\": {}}"),
            ] {
                let res = app
                    .call(m.clone(), &path)
                    .header("content-type", ct)
                    .raw(body)
                    .send()
                    .await;
                c.check(method, template, &res);
            }
        }
        if op["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|p| p["name"] == "size")
        {
            for q in ["size=0", "size=101", "sort=nope,ASC", "page=-1"] {
                let res = app.call(m.clone(), &format!("{path}?{q}")).send().await;
                c.check(method, template, &res);
            }
        }
    }
    // Conflicts and limits.
    app.create_package("Twice").await;
    let res = app
        .post("/v2/faas/packages", common::package_body("twice"))
        .send()
        .await;
    c.check("post", "/v2/faas/packages", &res);
    let mut many = common::package_body("Many");
    many["functions"] = json!((0..21)
        .map(|i| function_body(&format!("f{i}"), "chat.*"))
        .collect::<Vec<_>>());
    let res = app.post("/v2/faas/packages", many).send().await;
    c.check("post", "/v2/faas/packages", &res);

    // A keyset's data: every operation's answers, a list's token paging included.
    let sk = keysets[0]["subscribeKey"]
        .as_str()
        .expect("a subscribe key")
        .to_owned();
    let q = format!("subkey={sk}");
    for (kind, value) in [("strings", json!("v")), ("jsons", json!({"a": [1, null]}))] {
        let list = format!("/v2/faas/kv/{kind}");
        let one = format!("/v2/faas/kv/{kind}/{{key}}");
        let key = format!("/v2/faas/kv/{kind}/a%2Fb");
        c.call(
            "put",
            &one,
            &format!("{key}?{q}"),
            Some(json!({"value": value, "ttlSeconds": 60})),
            200,
        )
        .await;
        c.call("get", &one, &format!("{key}?{q}"), None, 200).await;
        c.call("get", &list, &format!("{list}?{q}&size=1"), None, 200)
            .await;
        c.call("get", &list, &format!("{list}?{q}&prefix=a%2F"), None, 200)
            .await;
        c.call("delete", &one, &format!("{key}?{q}"), None, 200)
            .await;
        c.call("get", &one, &format!("{key}?{q}"), None, 404).await;
        c.call("get", &list, &format!("{list}?{q}&page_token=a"), None, 400)
            .await;
    }
    let counter = "/v2/faas/kv/counters/{key}";
    for step in ["increment", "decrement"] {
        c.call(
            "post",
            &format!("{counter}/{step}"),
            &format!("/v2/faas/kv/counters/c/{step}?{q}"),
            Some(json!({"value": 2})),
            200,
        )
        .await;
    }
    c.call(
        "get",
        "/v2/faas/kv/counters",
        &format!("/v2/faas/kv/counters?{q}"),
        None,
        200,
    )
    .await;
    c.call(
        "get",
        counter,
        &format!("/v2/faas/kv/counters/c?{q}"),
        None,
        200,
    )
    .await;
    c.call(
        "delete",
        counter,
        &format!("/v2/faas/kv/counters/c?{q}"),
        None,
        200,
    )
    .await;
    c.call(
        "post",
        "/v2/faas/kv/counters/{key}/increment",
        &format!("/v2/faas/kv/counters/c/increment?{q}"),
        Some(json!({"value": i64::MAX})),
        200,
    )
    .await;
    c.call(
        "post",
        "/v2/faas/kv/counters/{key}/increment",
        &format!("/v2/faas/kv/counters/c/increment?{q}"),
        None,
        422,
    )
    .await;
    let secret = "/v2/faas/kv/secrets/{key}";
    c.call(
        "put",
        secret,
        &format!("/v2/faas/kv/secrets/S?{q}"),
        Some(json!({"value": "s"})),
        200,
    )
    .await;
    c.call(
        "get",
        "/v2/faas/kv/secrets",
        &format!("/v2/faas/kv/secrets?{q}"),
        None,
        200,
    )
    .await;
    c.call(
        "delete",
        secret,
        &format!("/v2/faas/kv/secrets/S?{q}"),
        None,
        200,
    )
    .await;
    c.call(
        "delete",
        secret,
        &format!("/v2/faas/kv/secrets/S?{q}"),
        None,
        404,
    )
    .await;
    c.call(
        "get",
        "/v2/faas/kv/secrets",
        "/v2/faas/kv/secrets?subkey=nope",
        None,
        404,
    )
    .await;

    // The QA toolkit's own endpoints; the reset last, as it puts the demo data back.
    let run = json!({"code": "export default (request) => { console.log('x'); return request.abort('no'); };"});
    c.call(
        "post",
        "/v2/faas/test-runs",
        "/v2/faas/test-runs",
        Some(run),
        200,
    )
    .await;
    let broken = json!({"code": "export default (request) => {\n  return request.ok(;\n};", "type": "ON_REQUEST"});
    c.call(
        "post",
        "/v2/faas/test-runs",
        "/v2/faas/test-runs",
        Some(broken),
        200,
    )
    .await;
    c.call(
        "post",
        "/v2/faas/test-runs",
        "/v2/faas/test-runs",
        Some(json!({"timeoutMs": 0})),
        400,
    )
    .await;
    // The activity log, which every write above has filled.
    let activity = "/v2/faas/activity";
    let entries = c.call("get", activity, activity, None, 200).await;
    assert!(
        entries.as_array().is_some_and(|e| !e.is_empty()),
        "the writes above are in the log"
    );
    c.call(
        "get",
        activity,
        "/v2/faas/activity?kind=deployment&actor=admin&since=2020-01-01T00:00:00Z&until=2100-01-01T00:00:00Z&size=5&page=0&search=a",
        None,
        200,
    )
    .await;
    c.call("get", activity, "/v2/faas/activity?kind=thing", None, 400)
        .await;
    // The Overview, of the same account: its chart and latest entries are of that log.
    let overview = "/v2/faas/overview";
    let answer = c.call("get", overview, overview, None, 200).await;
    assert!(
        answer["latest"].as_array().is_some_and(|e| !e.is_empty()),
        "the Overview's latest entries: {answer}"
    );
    c.call(
        "get",
        overview,
        "/v2/faas/overview?tz_offset=-300",
        None,
        200,
    )
    .await;
    c.call(
        "get",
        overview,
        "/v2/faas/overview?tz_offset=900",
        None,
        400,
    )
    .await;
    c.call("get", "/v2/faas/demo", "/v2/faas/demo", None, 200)
        .await;
    c.call(
        "post",
        "/v2/faas/demo/reset",
        "/v2/faas/demo/reset",
        None,
        200,
    )
    .await;

    let documented: BTreeSet<(String, String)> =
        ops.iter().map(|(m, p, _)| (m.clone(), p.clone())).collect();
    for missed in documented.difference(&c.exercised) {
        c.problems.push(format!(
            "{} {} is documented but this test does not exercise it: add it above",
            missed.0.to_uppercase(),
            missed.1
        ));
    }
    assert!(
        c.problems.is_empty(),
        "{} problems:\n{}",
        c.problems.len(),
        c.problems.join("\n")
    );
}

/// The catalog and test inputs (`api.md` §5): each operation's success, and an import's
/// refusals.
async fn exercise_catalog(c: &mut Checker<'_>, keyset: i64) {
    let list = c
        .call(
            "get",
            "/v2/faas/package-blueprints",
            "/v2/faas/package-blueprints?tag=chat&search=e&sort=createdDttm,DESC&size=5",
            None,
            200,
        )
        .await;
    let blueprint = id_of(&list[0]);
    c.call(
        "get",
        "/v2/faas/package-blueprints/{id}",
        &format!("/v2/faas/package-blueprints/{blueprint}"),
        None,
        200,
    )
    .await;
    c.call(
        "get",
        "/v2/faas/package-blueprints/{id}/function-blueprints",
        &format!("/v2/faas/package-blueprints/{blueprint}/function-blueprints?sort=name"),
        None,
        200,
    )
    .await;
    c.call(
        "get",
        "/v2/faas/function-blueprint-params",
        &format!("/v2/faas/function-blueprint-params?package_blueprint_id={blueprint}&size=3"),
        None,
        200,
    )
    .await;
    let import = "/v2/faas/package-blueprints/{id}/packages";
    let path = format!("/v2/faas/package-blueprints/{blueprint}/packages");
    let package = c
        .call(
            "post",
            import,
            &path,
            Some(
                json!({"keysetId": keyset, "revisionName": "v1", "name": "From the catalog",
                "params": {"channel": "catalog.*"}}),
            ),
            200,
        )
        .await;
    c.call(
        "post",
        import,
        &path,
        Some(json!({"keysetId": keyset, "revisionName": "v1", "name": "From the catalog"})),
        409,
    )
    .await;
    c.call(
        "post",
        import,
        &path,
        Some(json!({"keysetId": keyset, "revisionName": "v1", "params": {"channel": "a.*.b"}})),
        400,
    )
    .await;
    c.call(
        "post",
        import,
        &path,
        Some(json!({"keysetId": 1, "revisionName": "v1", "name": "Nowhere"})),
        404,
    )
    .await;
    let revisions = c
        .call(
            "get",
            "/v2/faas/packages/{id}/package-revisions",
            &format!("/v2/faas/packages/{}/package-revisions", id_of(&package)),
            None,
            200,
        )
        .await;
    let functions = c
        .call(
            "get",
            "/v2/faas/package-revisions/{id}/functions",
            &format!(
                "/v2/faas/package-revisions/{}/functions",
                id_of(&revisions[0])
            ),
            None,
            200,
        )
        .await;
    let function_revision = functions[0]["functionRevisionId"]
        .as_str()
        .unwrap()
        .to_owned();
    let inputs = "/v2/faas/function-revisions/{id}/test-inputs";
    let inputs_path = format!("/v2/faas/function-revisions/{function_revision}/test-inputs");
    let listed = c
        .call("get", inputs, &format!("{inputs_path}?size=2"), None, 200)
        .await;
    assert!(
        !listed.as_array().unwrap().is_empty(),
        "the blueprint's inputs were saved"
    );
    let saved = c
        .call(
            "post",
            inputs,
            &inputs_path,
            Some(json!({"payload": {"request": {"message": {}}}, "description": "mine"})),
            200,
        )
        .await;
    c.call(
        "post",
        inputs,
        &inputs_path,
        Some(json!({"payload": null})),
        400,
    )
    .await;
    let one = "/v2/faas/test-inputs/{id}";
    let one_path = format!("/v2/faas/test-inputs/{}", id_of(&saved));
    c.call("get", one, &one_path, None, 200).await;
    c.call(
        "put",
        one,
        &one_path,
        Some(json!({"payload": "text", "mimeType": "text/plain"})),
        200,
    )
    .await;
    c.call("delete", one, &one_path, None, 200).await;
    c.call("get", one, &one_path, None, 404).await;
}

/// The rollout operations (`api.md` §5) on a happy path and a refusal each: a rolling
/// update, channel conflicts, and a scheduled event from create to delete.
async fn exercise_rollout(c: &mut Checker<'_>, keyset: i64) {
    let functions = json!([function_body("Before", "chat.*")]);
    let (_, revisions) =
        common::package_with_revisions(c.app, "OpenAPI rollout", &[functions.clone(), functions])
            .await;
    let d1 = common::deploy(c.app, &revisions[0], keyset).await;
    let d2 = common::deploy(c.app, &revisions[1], keyset).await;
    common::start_deployment(c.app, &d1).await.ok();
    common::wait_for_state(c.app, &d1, "RUNNING", Duration::from_secs(5)).await;
    let deps = "/v2/faas/package-deployments";
    let fds = "/v2/faas/package-deployments/{id}/function-deployments";
    let update = json!({"newPackageDeploymentId": d2});
    c.call(
        "put",
        fds,
        &format!("{deps}/{d1}/function-deployments"),
        Some(update.clone()),
        200,
    )
    .await;
    common::wait_for_state(c.app, &d2, "RUNNING", Duration::from_secs(5)).await;
    common::wait_for_state(c.app, &d1, "STOPPED", Duration::from_secs(5)).await;
    c.call(
        "put",
        fds,
        &format!("{deps}/{d1}/function-deployments"),
        Some(update),
        409,
    )
    .await;

    let conflicts = "/v2/faas/package-deployments/intersected";
    let found = c
        .call(
            "get",
            conflicts,
            &format!("{conflicts}?keyset_id={keyset}&channel=chat.room1&channel=x.*&function_type=BEFORE_PUBLISH"),
            None,
            200,
        )
        .await;
    assert_eq!(
        found[0]["packageDeployments"][0]["id"],
        json!(d2),
        "{found}"
    );
    c.call(
        "get",
        conflicts,
        &format!("{conflicts}?keyset_id={keyset}"),
        None,
        400,
    )
    .await;

    let events = "/v2/faas/scheduled/events";
    let event = "/v2/faas/scheduled/events/{id}";
    let later = |hours: i64| {
        faas_server::clock::format_ms(faas_server::clock::now_ms() + hours * 3_600_000)
    };
    let created = c
        .call(
            "post",
            events,
            events,
            Some(json!({"packageDeploymentId": d1, "dttmBegin": later(1), "dttmEnd": later(2), "description": "night"})),
            200,
        )
        .await;
    let e = id_of(&created);
    c.call(
        "get",
        events,
        &format!("{events}?package_deployment_id={d1}&sort=dttmBegin,DESC"),
        None,
        200,
    )
    .await;
    c.call("get", event, &format!("{events}/{e}"), None, 200)
        .await;
    c.call(
        "put",
        event,
        &format!("{events}/{e}"),
        Some(json!({"dttmBegin": later(3)})),
        200,
    )
    .await;
    c.call("delete", event, &format!("{events}/{e}"), None, 200)
        .await;
    c.call(
        "post",
        events,
        events,
        Some(json!({"packageDeploymentId": d1, "dttmBegin": later(-1)})),
        400,
    )
    .await;
}

// --- Exactness: the document's limits are the server's, and creates link to reads -------

/// A schema through its `$ref`.
fn schema<'a>(doc: &'a Value, name: &str) -> &'a Value {
    &doc["components"]["schemas"][name]
}

/// The function input of `function_type`, a branch of `FunctionInput`'s `oneOf`.
fn function_input<'a>(doc: &'a Value, function_type: &str) -> &'a Value {
    schema(doc, "FunctionInput")["oneOf"]
        .as_array()
        .expect("FunctionInput is a oneOf")
        .iter()
        .find(|b| b["properties"]["type"]["enum"] == json!([function_type]))
        .unwrap_or_else(|| panic!("no FunctionInput branch for {function_type}"))
}

fn check_limits(doc: &Value, limits: &faas_api::validation::Limits) {
    let create = schema(doc, "CreatePackage");
    let props = &create["properties"];
    assert_eq!(create["required"], json!(["name", "functions"]));
    assert_eq!(props["functions"]["minItems"], 1);
    assert_eq!(props["functions"]["maxItems"], limits.functions_max);
    assert_eq!(
        props["description"]["maxLength"],
        limits.description_max_chars
    );
    assert_eq!(props["tags"]["maxItems"], limits.tags_max);
    assert_eq!(props["tags"]["uniqueItems"], true);
    assert_eq!(
        props["tags"]["items"]["pattern"],
        format!("^[a-z0-9_-]{{1,{}}}$", limits.tag_max_chars)
    );
    // A name: 1 to `name_max_chars` once trimmed, so up to max − 2 between its first and
    // last character.
    let name = props["name"]["pattern"].as_str().expect("a name pattern");
    assert!(
        name.contains(&format!("{{0,{}}}", limits.name_max_chars - 2)),
        "{name}"
    );
    for t in faas_api::FunctionType::ALL {
        let code = &function_input(doc, t.as_str())["properties"]["code"];
        assert_eq!(code["minLength"], 1, "{t:?}");
        assert_eq!(code["maxLength"], limits.code_max_bytes, "{t:?}");
    }
    let interval = &function_input(doc, "ON_INTERVAL")["properties"]["config"]["properties"]
        ["intervalSeconds"];
    assert_eq!(
        (interval["minimum"].as_u64(), interval["maximum"].as_u64()),
        (
            Some(u64::from(*faas_api::validation::INTERVAL_SECONDS.start())),
            Some(u64::from(*faas_api::validation::INTERVAL_SECONDS.end()))
        )
    );
}

#[tokio::test]
async fn the_documented_limits_are_the_ones_the_server_runs_with() {
    let defaults = faas_api::validation::Limits::default();
    check_limits(&document(&TestApp::new()).await, &defaults);
    let other = faas_api::validation::Limits {
        name_max_chars: 40,
        description_max_chars: 200,
        tags_max: 3,
        tag_max_chars: 8,
        functions_max: 4,
        code_max_bytes: 1000,
        ..defaults
    };
    let app = TestApp::with(faas_server::Config {
        limits: other,
        ..faas_server::Config::default()
    });
    check_limits(&document(&app).await, &other);
}

#[tokio::test]
async fn the_document_says_what_only_one_of_allows_and_what_headers_must_be() {
    let doc = document(&TestApp::new()).await;
    let stop_all = &doc["paths"]["/v2/faas/function-deployments"]["delete"];
    let scope = stop_all["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["in"] == "query")
        .expect("a query parameter");
    assert_eq!(
        (&scope["style"], &scope["explode"]),
        (&json!("form"), &json!(true))
    );
    assert_eq!(scope["required"], true);
    let branches = scope["schema"]["oneOf"].as_array().expect("oneOf");
    assert_eq!(branches.len(), 2);
    for b in branches {
        assert!(
            b["required"].is_array() && b["not"]["required"].is_array(),
            "{b}"
        );
    }
    let version = &doc["components"]["parameters"]["PubNubVersion"]["schema"];
    assert_eq!(version["format"], "date");
    assert_eq!(version["pattern"], "^[0-9]{4}-[0-9]{2}-[0-9]{2}$");
    let correlation = &doc["components"]["parameters"]["CorrelationId"]["schema"];
    assert_eq!(correlation["format"], "uuid");
}

/// The operation of `operationId`: (method, path, operation).
fn operation_by_id(doc: &Value, id: &str) -> Option<(String, String, Value)> {
    operations(doc)
        .into_iter()
        .find(|(_, _, op)| op["operationId"] == id)
}

#[tokio::test]
async fn every_create_links_to_what_reads_and_acts_on_what_it_created() {
    let doc = document(&TestApp::new()).await;
    let expected: &[(&str, &[&str])] = &[
        (
            "createPackage",
            &[
                "getPackage",
                "updatePackage",
                "deletePackage",
                "listPackageRevisions",
                "createRevision",
                "listDeployments",
                "stopAllDeployments",
            ],
        ),
        (
            "createRevision",
            &[
                "getRevision",
                "updateRevision",
                "deleteRevision",
                "listRevisionFunctions",
                "listRevisionDeployments",
                "createDeployment",
                "listDeployments",
                "stopAllDeployments",
            ],
        ),
        (
            "createDeployment",
            &[
                "getDeployment",
                "startDeployment",
                "stopDeployment",
                "deleteDeployment",
                "listScheduledEvents",
                "createScheduledEvent",
            ],
        ),
        (
            "getDeployment",
            &["listScheduledEvents", "createScheduledEvent"],
        ),
        (
            "createScheduledEvent",
            &[
                "getScheduledEvent",
                "updateScheduledEvent",
                "deleteScheduledEvent",
                "getDeployment",
            ],
        ),
    ];
    for (create, targets) in expected {
        let (_, _, op) = operation_by_id(&doc, create).expect(create);
        let links = op["responses"]["200"]["links"]
            .as_object()
            .unwrap_or_else(|| panic!("{create} has no links"));
        for target in *targets {
            assert!(
                links.values().any(|l| l["operationId"] == *target),
                "{create} does not link to {target}"
            );
        }
    }
    // Every link names an operation, and fills parameters that operation has (the path's
    // `id`, a query parameter, or a property of a query object that is exploded into the
    // query, as stop-all's `scope`) from the answer's `data` (the Functions envelope), or from
    // the answer itself for the deployments that build (Vercel's answers are their data), or
    // from a query parameter of the request answered.
    let mut problems = Vec::new();
    for (method, path, op) in operations(&doc) {
        for (name, link) in op["responses"]["200"]["links"]
            .as_object()
            .into_iter()
            .flatten()
        {
            let target = link["operationId"].as_str().unwrap_or_default();
            let Some((_, target_path, target_op)) = operation_by_id(&doc, target) else {
                problems.push(format!("{method} {path}: link {name} to no operation"));
                continue;
            };
            for (param, expression) in link["parameters"].as_object().into_iter().flatten() {
                let (location, param_name) = param.split_once('.').unwrap_or(("", param));
                let declared = target_op["parameters"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|p| parameter(&doc, p))
                    .any(|p| {
                        let exploded_property = p["in"] == "query"
                            && p["explode"] == true
                            && !p["schema"]["properties"][param_name].is_null();
                        p["in"] == location && (p["name"] == param_name || exploded_property)
                    });
                if !declared {
                    problems.push(format!(
                        "{method} {path}: link {name} fills {param}, which {target_path} does not take"
                    ));
                }
                let data = if path.starts_with("/v2/faas") {
                    "$response.body#/data/"
                } else {
                    "$response.body#/"
                };
                // Or a query parameter of the request answered, carried on (the keyset
                // of the keyset data operations, `subkey`).
                let carried = expression
                    .as_str()
                    .and_then(|e| e.strip_prefix("$request.query."))
                    .is_some_and(|carried| {
                        op["parameters"]
                            .as_array()
                            .into_iter()
                            .flatten()
                            .map(|p| parameter(&doc, p))
                            .any(|p| p["in"] == "query" && p["name"] == carried)
                    });
                if !carried && !expression.as_str().is_some_and(|e| e.starts_with(data)) {
                    problems.push(format!("{method} {path}: link {name}: {expression}"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
