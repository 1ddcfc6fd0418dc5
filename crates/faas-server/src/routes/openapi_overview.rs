//! The Overview in the OpenAPI document (ours): its one read, the answer's schemas (the
//! types of `faas_api::overview`) and the decisions behind them. Built from
//! [`super::openapi`]'s pieces and merged into its document by [`merge`].

use faas_api::overview::{
    AttentionKind, ATTENTION_SHOWN, CHART_DAYS, LATEST_ENTRIES, STUCK_AFTER_MS, TZ_OFFSET_RANGE,
};
use faas_api::{lifecycle, DeploymentState};
use serde_json::{json, Value};

use super::openapi::{
    common_params, ok_response, op, or_empty, query_param, responses, schema_ref, string,
};

fn count() -> Value {
    json!({"type": "integer", "minimum": 0})
}

fn paths() -> Value {
    let mut params = common_params();
    params.push(query_param(
        "tz_offset",
        or_empty(json!({"type": "integer", "minimum": TZ_OFFSET_RANGE.start(),
            "maximum": TZ_OFFSET_RANGE.end(), "default": 0})),
        &format!(
            "the client's zone, minutes east of UTC (`-new Date().getTimezoneOffset()`), for the chart's local days; empty is 0; not a whole number from {} to {} → 400 FAAS-400 naming `tz_offset`",
            TZ_OFFSET_RANGE.start(),
            TZ_OFFSET_RANGE.end()
        ),
    ));
    json!({
        "/v2/faas/overview": {
            "get": op("getOverview", "The console's first page in one read (ours): counts, what needs attention, the activity per day and the latest entries",
                "functions.package:read on account; deployments, their failures and schedules count only on the keysets the key holds functions.package-deployment:read on (none without it)",
                params,
                responses(ok_response("the Overview, read in one transaction (its counts and lists are of one moment)",
                    Some(schema_ref("Overview"))), &[], false))
        }
    })
}

fn schemas() -> Value {
    let transitional: Vec<&str> = DeploymentState::ALL
        .into_iter()
        .filter(|s| lifecycle::is_transitional(*s))
        .map(DeploymentState::as_str)
        .collect();
    let states: Vec<&str> = DeploymentState::ALL
        .into_iter()
        .map(DeploymentState::as_str)
        .collect();
    let state_counts: serde_json::Map<String, Value> =
        states.iter().map(|s| (s.to_string(), count())).collect();
    json!({
        "Overview": {"type": "object",
            "required": ["packages", "revisions", "deployments", "runningMax", "builds", "needsAttention", "days", "latest"],
            "properties": {
            "packages": count(),
            "revisions": {"type": "integer", "minimum": 0, "description": "revisions of every package"},
            "deployments": {"type": "object", "required": states, "additionalProperties": false,
                "properties": state_counts,
                "description": "deployments per state, zeros included; only deployments on keysets the key may read deployments of"},
            "runningMax": {"type": "integer", "minimum": 0,
                "description": "the account's limit of RUNNING deployments (`maxValue` of GET /v2/faas/limits/package-deployments-running)"},
            "builds": {"type": "array", "items": schema_ref("TeamBuilds"),
                "description": "every team the key reaches as a token of the Vercel-style routes, by name"},
            "needsAttention": schema_ref("NeedsAttention"),
            "days": {"type": "array", "items": schema_ref("DayCount"),
                "minItems": CHART_DAYS, "maxItems": CHART_DAYS,
                "description": format!("{CHART_DAYS} local days at `tz_offset`, oldest first, ending today by the server's clock")},
            "latest": {"type": "array", "items": schema_ref("ActivityEntry"), "maxItems": LATEST_ENTRIES,
                "description": format!("the newest {LATEST_ENTRIES} activity entries: the first page of GET /v2/faas/activity?size={LATEST_ENTRIES}")}}},
        "TeamBuilds": {"type": "object", "required": ["slug", "name", "inProgress"], "properties": {
            "slug": string(), "name": string(),
            "inProgress": {"type": "integer", "minimum": 0, "description": "builds QUEUED, INITIALIZING or BUILDING"}}},
        "NeedsAttention": {"type": "object", "required": ["totals", "items"],
            "description": "how many things of each kind need attention, and up to a few of each",
            "properties": {
            "totals": {"type": "object", "additionalProperties": false,
                "required": ["failedDeployments", "stuckDeployments", "failedSchedules", "failedBuilds"],
                "properties": {
                "failedDeployments": {"type": "integer", "minimum": 0, "description": "FAILED deployments"},
                "stuckDeployments": {"type": "integer", "minimum": 0, "description":
                    format!("deployments STARTING or STOPPING for longer than {STUCK_AFTER_MS} ms by the server's clock")},
                "failedSchedules": {"type": "integer", "minimum": 0, "description":
                    "scheduled events whose last action that ran (DONE or FAILED; not PENDING) FAILED"},
                "failedBuilds": {"type": "integer", "minimum": 0, "description":
                    format!("Vercel-style builds in ERROR (not CANCELED) created since the first of the {CHART_DAYS} days, in the scopes the key reaches as a token")}}},
            "items": {"type": "array", "items": schema_ref("AttentionItem"),
                "maxItems": ATTENTION_SHOWN * AttentionKind::ALL.len(),
                "description": format!("up to {ATTENTION_SHOWN} of each kind, the kinds in the order failed-deployment, stuck-deployment, failed-schedule, failed-build; within a kind: failed deployments most recently changed first, stuck ones longest first, schedules latest failure first, builds newest first")}}},
        "AttentionItem": {"type": "object", "required": ["kind", "id", "name", "at"],
            "description": "one thing that needs attention; the optional fields are those its kind has",
            "properties": {
            "kind": {"type": "string", "enum": ["failed-deployment", "stuck-deployment", "failed-schedule", "failed-build"]},
            "id": {"type": "string", "description": "the deployment's or the scheduled event's id (UUID), the build's (`dpl_…`)"},
            "name": {"type": "string", "example": "Chat v2",
                "description": "a deployment by its package and revision, a schedule by its deployment's (`deleted deployment <id>` once it is gone), a build by its name"},
            "at": {"type": "string", "format": "date-time",
                "description": "since when: the deployment's updatedDttm (when it entered its state), the failed action's due time, the build's creation"},
            "keysetId": {"type": "integer", "format": "int64", "description": "a deployment's keyset"},
            "state": {"type": "string", "enum": transitional, "description": "a stuck deployment's state"},
            "error": {"type": "string", "example": "line 2:19: Unexpected token",
                "description": "a failed deployment's first build error (1-based line and column), a scheduled action's error, a build's error message"},
            "packageRevisionId": {"type": "string", "format": "uuid", "description": "a failed deployment's revision"},
            "functionId": {"type": "string", "format": "uuid",
                "description": "a failed deployment's first function, in the revision's order, whose build failed (its identity across revisions)"},
            "functionName": string(),
            "packageDeploymentId": {"type": "string", "format": "uuid", "description": "a failed schedule's deployment, which may be gone"},
            "description": {"type": "string", "description": "a failed schedule's description, when it has one"},
            "team": {"type": "string", "description": "a failed build's team (its slug); absent in a personal scope"}}},
        "DayCount": {"type": "object", "required": ["date", "deploys", "starts", "stops", "failures"],
            "description": "one local day of the activity chart; an entry counts in at most one series: anything that failed is a failure, else `deployment.create` a deploy, `deployment.start` a start and `deployment.stop` a stop",
            "properties": {
            "date": {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
            "deploys": count(), "starts": count(), "stops": count(), "failures": count()}}
    })
}

fn decisions() -> [&'static str; 1] {
    [
        "Overview (ours): GET /v2/faas/overview answers the console's first page in one request and one SQLite read transaction, so that the page most visits start on costs one round trip and its numbers agree. Counts are made by the database. Packages, revisions and the activity (the chart and the latest entries, as GET /v2/faas/activity shows them to the key) need functions.package:read; deployments, their failures, stuck ones and failed schedules count only on keysets the key may read deployments of; builds are those of the teams (and, for failures, the personal scope) the key reaches as a Vercel-style token. The chart's days are local to `tz_offset` and end today by the server's clock.",
    ]
}

/// `doc` with the Overview's operation, its schemas and decisions.
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
