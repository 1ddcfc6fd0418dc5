//! A keyset's data (`api.md` §5, [`super::kv`]) in the OpenAPI document: the KV store's and
//! the secrets' paths, their schemas, links and decisions, built with the helpers of
//! [`super::openapi`] and merged into its document by [`super::openapi_document`].
//!
//! Exact as the rest: a key is 1 to 1000 characters without control characters (its pattern),
//! a page token is what [`crate::store::kv::decode_page_token`] takes, a string's value and a
//! secret's the characters they may have, `ttlSeconds` its range, a step the integers a
//! counter can take. What a schema cannot say (a JSON document's serialized length, the
//! entries limit, a counter leaving the 64-bit integers) is in descriptions.

use faas_api::kv::{DEFAULT_TTL_SECONDS, KEY_MAX_CHARS, TTL_SECONDS, VALUE_MAX_CHARS};
use faas_api::paging::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE};
use serde_json::{json, Map, Value};

use super::openapi::{
    array_of, common_params, correlation_header, error_response, link, linked, nullable, op,
    or_empty, query_param, schema_ref, string, timestamp, with_body, CONTROL,
};
use crate::store::kv::PAGE_TOKEN_PATTERN;
use crate::Config;

const KV_READ: &str =
    "functions.kv:read on account or on the keyset of `subkey` (write implies read)";
const KV_WRITE: &str = "functions.kv:write on account or on the keyset of `subkey`";
const SECRETS: &str =
    "functions.kv:write on account or on the keyset of `subkey`, also to list names";

/// Where a link takes the keyset from: the request that was answered.
const SAME_SUBKEY: &str = "$request.query.subkey";

fn subkey_param() -> Value {
    json!({"name": "subkey", "in": "query", "required": true,
        "schema": {"type": "string", "minLength": 1},
        "description": "the subscribe key of the keyset (`GET /v2/keysets`); absent or empty → 400 FAAS-1020; no keyset of the account → 404 FAAS-1022"})
}

fn key_schema() -> Value {
    json!({"type": "string", "minLength": 1, "maxLength": KEY_MAX_CHARS,
        "pattern": format!("^[^{CONTROL}]+$")})
}

fn key_param() -> Value {
    json!({"name": "key", "in": "path", "required": true, "schema": key_schema(),
        "description": format!("1 to {KEY_MAX_CHARS} characters without control characters, URL-encoded as one path segment (`/` as `%2F`); otherwise 400 FAAS-400")})
}

/// The parameters of an operation on the keyset, with the key for `keyed` ones.
fn params(keyed: bool) -> Vec<Value> {
    let mut params = common_params();
    if keyed {
        params.insert(0, key_param());
    }
    params.push(subkey_param());
    params
}

fn list_params() -> Vec<Value> {
    let mut params = params(false);
    params.extend([
        query_param("size", or_empty(json!({"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE, "default": DEFAULT_PAGE_SIZE})),
            &format!("entries per page; empty is the default; 0 → 400 FAAS-1019; over {MAX_PAGE_SIZE} → 400 FAAS-1023; not a whole number → 400 FAAS-400")),
        query_param("page_token", json!({"type": "string", "pattern": PAGE_TOKEN_PATTERN}),
            "`meta.paging.pageToken` of the page before, as it came (opaque); empty or absent is the first page; anything but base64url → 400 FAAS-1018"),
        query_param("prefix", json!({"type": "string"}),
            "ours: only keys that begin with it (case-sensitive); empty is every key"),
    ]);
    params
}

/// The answers of a keyset data operation: 200 with `ok`, the errors each can give, and
/// `extra` (status, text) added to them.
fn responses(ok: Value, extra: &[(&str, &str)], body: bool) -> Value {
    let mut errors: Vec<(&str, String)> = vec![
        ("400", "FAAS-1020 no `subkey`; FAAS-400 a malformed key, PubNub-Version or field (one error per field, `field` = JSON path); FAAS-1000 malformed X-Correlation-Id".into()),
        ("401", "FAAS-1001 no key; FAAS-1002 unknown, revoked or expired key".into()),
        ("403", "FAAS-403 missing grant; the message names it (`missing grant functions.kv:write on keyset 31002`)".into()),
        ("404", "FAAS-1022 `subkey` names no keyset of the account".into()),
        ("405", "FAAS-405 wrong method; `Allow` lists the allowed ones".into()),
        ("500", "FAAS-500 internal error; the correlation id is logged".into()),
    ];
    if body {
        errors[0].1.push_str("; FAAS-1003 body is not JSON");
        errors.push(("413", "FAAS-400 body over 1 MiB".into()));
        errors.push((
            "415",
            "FAAS-415 Content-Type is not application/json".into(),
        ));
    }
    for (status, text) in extra {
        match errors.iter_mut().find(|(s, _)| s == status) {
            Some(e) => {
                e.1.push_str("; ");
                e.1.push_str(text);
            }
            None => errors.push((status, (*text).to_owned())),
        }
    }
    errors.sort();
    let mut map = Map::new();
    map.insert("200".into(), ok);
    for (status, text) in errors {
        map.insert(status.into(), error_response(&text));
    }
    Value::Object(map)
}

/// A 200 envelope with `data`; a list's `meta` carries the token paging.
fn answer(description: &str, data: Value, list: bool) -> Value {
    let meta = schema_ref(if list { "KvMeta" } else { "Meta" });
    json!({
        "description": description,
        "headers": correlation_header(),
        "content": {"application/json": {"schema": {
            "type": "object", "required": ["data", "meta", "errors"],
            "properties": {
                "data": data,
                "meta": meta,
                "errors": {"type": "array", "items": schema_ref("ApiError"), "maxItems": 0}
            }
        }}}
    })
}

fn key_not_found(what: &str) -> (&'static str, String) {
    (
        "404",
        format!("FAAS-1021 no {what} with that key (or it expired)"),
    )
}

/// Links to operations on the key of the answer at `pointer`, in the same keyset.
fn key_links(pointer: &str, targets: &[&str]) -> Map<String, Value> {
    targets
        .iter()
        .map(|t| {
            let parameters = json!({"path.key": format!("$response.body#{pointer}"), "query.subkey": SAME_SUBKEY});
            ((*t).to_owned(), link(t, parameters, None))
        })
        .collect()
}

/// The operations of strings or JSON documents: `segment` of the path, `name` in operation
/// ids, `what` in prose, `schema` of an entry and `put_schema` of a write.
fn entry_paths(segment: &str, name: &str, what: &str, schema: &str, put_schema: &str) -> Value {
    let entry = || schema_ref(schema);
    let list_id = format!("listKv{name}s");
    let (get_id, put_id, delete_id) = (
        format!("getKv{name}"),
        format!("putKv{name}"),
        format!("deleteKv{name}"),
    );
    let not_found = key_not_found(what);
    json!({
        format!("/v2/faas/kv/{segment}"): {
            "get": linked(op(&list_id, &format!("List a keyset's {what}s, in key order, a page at a time"), KV_READ, list_params(),
                responses(answer(&format!("a page of {what}s; `meta.paging.pageToken` is absent on the last"), array_of(schema), true),
                    &[("400", "FAAS-1018 malformed page token; FAAS-1019 size 0; FAAS-1023 size over the maximum")], false)),
                key_links("/data/0/key", &[&get_id, &put_id])),
        },
        format!("/v2/faas/kv/{segment}/{{key}}"): {
            "get": op(&get_id, &format!("Get a {what}"), KV_READ, params(true),
                responses(answer(&format!("the {what}"), entry(), false), &[(not_found.0, &not_found.1)], false)),
            "put": linked(with_body(op(&put_id, &format!("Create or replace a {what}, with its time to live"), KV_WRITE, params(true),
                responses(answer(&format!("the {what} as stored"), entry(), false),
                    &[("422", "FAAS-2003 a new key in a keyset that holds the most entries allowed")], true)), put_schema),
                key_links("/data/key", &[&get_id, &delete_id])),
            "delete": op(&delete_id, &format!("Delete a {what}"), KV_WRITE, params(true),
                responses(answer(&format!("the {what} as it was"), entry(), false), &[(not_found.0, &not_found.1)], false))
        }
    })
}

fn counter_paths() -> Value {
    let counter = || schema_ref("Counter");
    let not_found = key_not_found("counter");
    let step = |id: &str, summary: &str, body: &str, others: &[&str]| {
        let mut operation = op(id, summary, KV_WRITE, params(true),
            responses(answer("the counter after the step", counter(), false),
                &[("422", "FAAS-2004 the step would take the counter past the 64-bit integers; FAAS-2003 a new counter in a keyset that holds the most entries allowed")], true));
        operation["requestBody"] = json!({"required": false, "description": "`{}` or no body at all: a step of 1",
            "content": {"application/json": {"schema": schema_ref(body)}}});
        linked(operation, key_links("/data/key", others))
    };
    json!({
        "/v2/faas/kv/counters": {
            "get": linked(op("listKvCounters", "List a keyset's counters, in key order, a page at a time", KV_READ, list_params(),
                responses(answer("a page of counters; `meta.paging.pageToken` is absent on the last", array_of("Counter"), true),
                    &[("400", "FAAS-1018 malformed page token; FAAS-1019 size 0; FAAS-1023 size over the maximum")], false)),
                key_links("/data/0/key", &["getKvCounter", "incrementKvCounter"])),
        },
        "/v2/faas/kv/counters/{key}": {
            "get": op("getKvCounter", "Get a counter", KV_READ, params(true),
                responses(answer("the counter", counter(), false), &[(not_found.0, &not_found.1)], false)),
            "delete": op("deleteKvCounter", "Delete a counter", KV_WRITE, params(true),
                responses(answer("the counter as it was", counter(), false), &[(not_found.0, &not_found.1)], false))
        },
        "/v2/faas/kv/counters/{key}/increment": {
            "post": step("incrementKvCounter",
                &format!("Add to a counter; a counter that does not exist (or expired) starts from 0 and lives {DEFAULT_TTL_SECONDS} s, one that exists keeps its expiry"),
                "CounterIncrement", &["getKvCounter", "decrementKvCounter", "deleteKvCounter"])
        },
        "/v2/faas/kv/counters/{key}/decrement": {
            "post": step("decrementKvCounter", "Subtract from a counter, as increment does the other way",
                "CounterDecrement", &["getKvCounter", "incrementKvCounter"])
        }
    })
}

fn secret_paths() -> Value {
    let name = || schema_ref("SecretName");
    json!({
        "/v2/faas/kv/secrets": {
            "get": linked(op("listSecrets", "List the names of a keyset's secrets (no paging, no values)", SECRETS, params(false),
                responses(answer("every secret's name, in order; a value is never sent by any operation", array_of("SecretName"), false), &[], false)),
                key_links("/data/0/key", &["putSecret"]))
        },
        "/v2/faas/kv/secrets/{key}": {
            "put": linked(with_body(op("putSecret", "Set a secret's value (create or replace); the value is stored sealed and never sent back, logged or shown in an error", SECRETS, params(true),
                responses(answer("the secret's name", name(), false),
                    &[("422", "FAAS-2003 a new secret in a keyset that holds the most entries allowed")], true)), "PutSecret"),
                key_links("/data/key", &["deleteSecret"])),
            "delete": op("deleteSecret", "Delete a secret", SECRETS, params(true),
                responses(answer("the secret's name", name(), false), &[("404", "FAAS-1021 no secret of that name")], false))
        }
    })
}

fn schemas() -> Value {
    let entry = |value: Value| {
        json!({"type": "object", "required": ["key", "value", "ttlSeconds", "expiresDttm"], "properties": {
            "key": string(), "value": value,
            "ttlSeconds": {"type": "integer", "minimum": 1, "description": "whole seconds until it expires, rounded up"},
            "expiresDttm": timestamp()}})
    };
    let write_ttl = nullable(
        json!({"type": "integer", "minimum": TTL_SECONDS.start(), "maximum": TTL_SECONDS.end(),
        "default": DEFAULT_TTL_SECONDS,
        "description": format!("seconds the entry lives from now; absent or null: {DEFAULT_TTL_SECONDS} (a day); a write sets it anew")}),
    );
    let step = |minimum: i64| {
        json!({"type": "object", "properties": {"value": nullable(json!({"type": "integer", "format": "int64",
            "minimum": minimum, "maximum": i64::MAX, "default": 1,
            "description": "the step, 1 when absent or null; any integer, negative too"}))}})
    };
    json!({
        "KvString": entry(json!({"type": "string"})),
        "KvJson": entry(json!({"description": "any JSON, null too"})),
        "Counter": {"type": "object", "required": ["key", "value", "ttlSeconds", "expiresDttm"], "properties": {
            "key": string(), "value": {"type": "integer", "format": "int64"},
            "ttlSeconds": {"type": "integer", "minimum": 1, "description": "whole seconds until it expires, rounded up"},
            "expiresDttm": timestamp()}},
        "SecretName": {"type": "object", "required": ["key"], "properties": {"key": string()}},
        "KvPaging": {"type": "object", "required": ["pageSize"], "properties": {
            "pageSize": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            "pageToken": {"type": "string", "pattern": PAGE_TOKEN_PATTERN, "description": "the next page's `page_token`; absent on the last page"}}},
        "KvMeta": {"type": "object", "required": ["timestamp", "correlationId", "paging"], "properties": {
            "timestamp": timestamp(), "correlationId": {"type": "string", "format": "uuid"},
            "paging": schema_ref("KvPaging")}},
        "PutKvString": {"type": "object", "required": ["value"], "properties": {
            "value": {"type": "string", "maxLength": VALUE_MAX_CHARS},
            "ttlSeconds": write_ttl.clone()}},
        "PutKvJson": {"type": "object", "required": ["value"], "properties": {
            "value": {"description": format!("any JSON, null too, of at most {VALUE_MAX_CHARS} characters as compact JSON text (more → 400 FAAS-400)")},
            "ttlSeconds": write_ttl}},
        "CounterIncrement": step(i64::MIN),
        "CounterDecrement": step(-i64::MAX),
        "PutSecret": {"type": "object", "required": ["value"], "properties": {
            "value": {"type": "string", "minLength": 1, "maxLength": VALUE_MAX_CHARS, "format": "password",
                "description": "the secret's value: stored sealed, never sent back"}}}
    })
}

fn decisions(config: &Config) -> Vec<Value> {
    vec![
        json!("Keyset data (KV store and secrets): `subkey` names the keyset (absent 400 FAAS-1020, not the account's 404 FAAS-1022); FAAS-1021 (unknown key) and FAAS-1022 are 404 here, where the public table says 400, like every other thing that is not there. Grants functions.kv:read/write on account or keyset; secrets take write even to list."),
        json!(format!("KV limits: keys 1..={KEY_MAX_CHARS} characters without control characters; a string value ≤{VALUE_MAX_CHARS} characters, a JSON value ≤{VALUE_MAX_CHARS} characters of compact JSON text; ttlSeconds {}..={} (default {DEFAULT_TTL_SECONDS}); {} entries per keyset (strings, JSON documents, counters and secrets together; --max-kv-entries), a new one past it 422 FAAS-2003 (ours). A counter step past the 64-bit integers is 422 FAAS-2004 (ours).", TTL_SECONDS.start(), TTL_SECONDS.end(), config.kv_entries_max)),
        json!("KV expiry follows the server's clock: an expired entry is gone from every read and list. `ttlSeconds` in answers is what is left, rounded up; `expiresDttm` (ours) is when. An entry's write sets its expiry anew; a counter's step keeps its expiry, and a new counter lives a day. Deletes answer what they deleted."),
        json!("KV lists are in key order (by code point), paged by the opaque `page_token` of `meta.paging.pageToken` (absent on the last page); `prefix` (ours) keeps the keys that begin with it."),
    ]
}

/// `doc` with the keyset data's paths, schemas and decisions, and the links from the keysets
/// list to them.
pub fn merge(mut doc: Value, config: &Config) -> Value {
    let parts = [
        entry_paths("strings", "String", "string", "KvString", "PutKvString"),
        entry_paths("jsons", "Json", "JSON document", "KvJson", "PutKvJson"),
        counter_paths(),
        secret_paths(),
    ];
    if let Some(paths) = doc["paths"].as_object_mut() {
        for part in parts {
            if let Value::Object(more) = part {
                paths.extend(more);
            }
        }
    }
    if let (Some(schemas), Value::Object(more)) =
        (doc["components"]["schemas"].as_object_mut(), schemas())
    {
        schemas.extend(more);
    }
    // A keyset's data starts from a keyset: its subscribe key from the list, to the lists
    // of its data (which lead on to their entries).
    let subkey = json!({"query.subkey": "$response.body#/data/0/subscribeKey"});
    let keyset_links: Map<String, Value> = [
        "listKvStrings",
        "listKvJsons",
        "listKvCounters",
        "listSecrets",
    ]
    .into_iter()
    .map(|target| (target.to_owned(), link(target, subkey.clone(), None)))
    .collect();
    let keysets = &mut doc["paths"]["/v2/keysets"]["get"]["responses"]["200"];
    if keysets.is_object() {
        keysets["links"] = Value::Object(keyset_links);
    }
    if let Some(list) = doc["x-faas-decisions"].as_array_mut() {
        list.extend(decisions(config));
    }
    doc
}
