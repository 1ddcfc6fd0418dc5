//! The activity log in the OpenAPI document (`api.md` §5 "Activity", ours): its list
//! operation, the entry's schema and the decisions behind it. Built from
//! [`super::openapi`]'s pieces and merged into its document by [`merge`].

use faas_api::activity::{KindFilter, TargetType, FILTER_MAX_LEN};
use faas_api::schedule::DTTM_PATTERN;
use serde_json::{json, Value};

use super::openapi::{
    array_of, nullable, ok_response, op, or_empty, page_params, query_param, responses, string,
    timestamp,
};

/// A filter's text: up to [`FILTER_MAX_LEN`] characters, none of them a control character.
fn filter_text() -> Value {
    or_empty(
        json!({"type": "string", "minLength": 1, "maxLength": FILTER_MAX_LEN,
        "pattern": "^[^\\u0000-\\u001F\\u007F-\\u009F]*$"}),
    )
}

fn time_filter() -> Value {
    or_empty(
        json!({"type": "string", "format": "date-time", "pattern": DTTM_PATTERN,
        "example": "2026-01-15T10:30:00.000Z"}),
    )
}

/// Every value the `kind` filter takes: each target type, and each kind.
fn kind_filters() -> Vec<String> {
    TargetType::ALL
        .iter()
        .map(|t| t.as_str().to_owned())
        .chain(KindFilter::all_kinds())
        .collect()
}

fn paths() -> Value {
    let mut params = page_params();
    params.extend([
        query_param("search", json!({"type": "string"}),
            "case-insensitive substring of the target's name"),
        query_param("kind", or_empty(json!({"type": "string", "enum": kind_filters()})),
            "a kind (`deployment.start`) or a target type (`deployment`: every kind of it); empty is any; another value → 400 FAAS-400"),
        query_param("actor", filter_text(),
            "a key's name, `scheduler` or `build-queue`; empty is any; over the length or with a control character → 400 FAAS-400"),
        query_param("target_id", filter_text(),
            "the target's id (a keyset's id for `kv` and `secret` entries): one object's history; empty is any; over the length or with a control character → 400 FAAS-400"),
        query_param("since", time_filter(),
            "entries at or after this time (RFC 3339, any offset); empty is no bound; malformed → 400 FAAS-400"),
        query_param("until", time_filter(),
            "entries before this time; empty is no bound; malformed → 400 FAAS-400; not after `since`: no entry"),
    ]);
    json!({
        "/v2/faas/activity": {
            "get": op("listActivity", "List the activity log: every accepted write, newest first",
                "functions.package:read on account", params,
                responses(ok_response("a page of entries, newest first (ties: the later recorded first), of the key's account and of the builds of every scope the same key reaches as a token; entries older than the server's retention are gone",
                    Some(array_of("ActivityEntry"))), &[], false))
        }
    })
}

fn schemas() -> Value {
    let types: Vec<&str> = TargetType::ALL.iter().map(|t| t.as_str()).collect();
    json!({
        "ActivityEntry": {"type": "object",
            "required": ["id", "at", "kind", "actor", "action", "target", "outcome", "correlationId"],
            "properties": {
            "id": {"type": "string", "format": "uuid"},
            "at": timestamp(),
            "kind": {"type": "string", "enum": KindFilter::all_kinds(), "description": "`<target.type>.<action>`"},
            "actor": {"type": "object", "required": ["type", "keyName"], "properties": {
                "type": {"type": "string", "enum": ["key", "scheduler", "build-queue"]},
                "keyName": nullable(json!({"type": "string",
                    "description": "the key's name (never the key); null for the scheduler and the build queue"}))}},
            "action": string(),
            "target": {"type": "object", "required": ["type", "id", "name"], "properties": {
                "type": {"type": "string", "enum": types},
                "id": {"type": "string", "description": "the entity's id; a keyset's id for `kv` and `secret`; `demo` for the demo data"},
                "name": {"type": "string", "description": "what the entity was called then (a deployment: `<package> <revision> on <keyset>`; keyset data: `<what> <key> on <keyset>`)"},
                "team": {"type": "string", "description": "a build's team slug; absent in a personal scope and for other targets"}}},
            "outcome": {"type": "string", "enum": ["succeeded", "failed"],
                "description": "a write through the API is recorded only when accepted (`succeeded`); the scheduler's and the build queue's actions may have `failed`"},
            "detail": {"type": "string", "example": "line 2:19: Unexpected token",
                "description": "why a server action failed; absent otherwise"},
            "correlationId": nullable(json!({"type": "string", "format": "uuid",
                "description": "the request that made the change; null for the server's own actions"}))}}
    })
}

fn decisions() -> [&'static str; 1] {
    [
        "Activity log (ours): every accepted write of both contracts (packages, revisions, deployments incl. stop-all and rolling updates, scheduled events, keyset data and secrets, builds created and canceled, the demo reset) is recorded in the same transaction as the write, so a refused or rolled-back write, or one cut off by a crash, leaves no entry and an entry never outlives a lost change. A stop of a STOPPED deployment changes nothing and is not recorded. The scheduler and the build queue record their own actions (`deployment.start`/`stop` by the scheduler, `deployment.build` and `build.build` when a build ends). No code, KV value or secret value is ever in an entry. Entries are kept `--activity-retention-days` days (default 30).",
    ]
}

/// `doc` with the activity operation, its schemas and decisions.
pub fn merge(mut doc: Value) -> Value {
    if let (Some(paths), Value::Object(more)) = (doc["paths"].as_object_mut(), paths()) {
        paths.extend(more);
    }
    if let (Some(schemas), Value::Object(more)) =
        (doc["components"]["schemas"].as_object_mut(), schemas())
    {
        schemas.extend(more);
    }
    if let Some(list) = doc["x-faas-decisions"].as_array_mut() {
        list.extend(decisions().map(Value::from));
    }
    doc
}
