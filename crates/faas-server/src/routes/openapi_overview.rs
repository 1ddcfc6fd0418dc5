//! The Overview in the OpenAPI document (ours): its one read, the answer's schemas (the
//! types of `faas_api::overview`) and the decisions behind them. Built from
//! [`super::openapi`]'s pieces and merged into its document by [`merge`].

use faas_api::overview::{
    ATTENTION_SHOWN, CHART_DAYS, LATEST_ENTRIES, STUCK_AFTER_MS, TZ_OFFSET_RANGE,
};
use faas_api::{lifecycle, DeploymentState};
use serde_json::{json, Value};

use super::openapi::{
    common_params, nullable, ok_response, op, or_empty, query_param, responses, schema_ref, string,
    timestamp, uuid,
};

fn count() -> Value {
    json!({"type": "integer", "minimum": 0})
}

/// Up to [`ATTENTION_SHOWN`] items of schema `item`, newest first, and how many in all.
fn shown(item: &str, description: &str) -> Value {
    json!({"type": "object", "required": ["total", "items"], "description": description,
        "properties": {
            "total": count(),
            "items": {"type": "array", "maxItems": ATTENTION_SHOWN, "items": schema_ref(item),
                "description": format!("at most {ATTENTION_SHOWN}, in the order the list says")}}})
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
    json!({
        "Overview": {"type": "object",
            "required": ["packages", "revisions", "deployments", "runningMax", "builds", "needsAttention", "days", "latest"],
            "properties": {
            "packages": count(),
            "revisions": {"type": "integer", "minimum": 0, "description": "revisions of every package"},
            "deployments": {"type": "array", "items": schema_ref("StateCount"),
                "minItems": DeploymentState::ALL.len(), "maxItems": DeploymentState::ALL.len(),
                "description": "one row per deployment state, in the order of `DeploymentState`, zeros included; only deployments on keysets the key may read deployments of"},
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
        "StateCount": {"type": "object", "required": ["state", "count"], "properties": {
            "state": schema_ref("DeploymentState"), "count": count()}},
        "TeamBuilds": {"type": "object", "required": ["slug", "name", "inProgress"], "properties": {
            "slug": string(), "name": string(),
            "inProgress": {"type": "integer", "minimum": 0, "description": "builds QUEUED, INITIALIZING or BUILDING"}}},
        "NeedsAttention": {"type": "object",
            "required": ["failedDeployments", "stuckDeployments", "failedSchedules", "failedBuilds"],
            "properties": {
            "failedDeployments": shown("FailedDeployment", "FAILED deployments, most recently changed first"),
            "stuckDeployments": shown("StuckDeployment",
                &format!("deployments STARTING or STOPPING for longer than {STUCK_AFTER_MS} ms by the server's clock, longest first")),
            "failedSchedules": shown("FailedSchedule",
                "scheduled events whose last action that ran (DONE or FAILED; not PENDING) FAILED, the latest due first"),
            "failedBuilds": shown("FailedBuild",
                &format!("Vercel-style builds in ERROR (not CANCELED) created since the first of the {CHART_DAYS} days, in the scopes the key reaches as a token, newest first"))}},
        "FailedDeployment": {"type": "object",
            "required": ["id", "packageId", "packageName", "packageRevisionId", "revisionName", "keysetId",
                "functionId", "functionName", "error", "updatedDttm"],
            "properties": {
            "id": uuid(), "packageId": uuid(), "packageName": string(),
            "packageRevisionId": uuid(), "revisionName": string(),
            "keysetId": {"type": "integer", "format": "int64"},
            "functionId": nullable(json!({"type": "string", "format": "uuid",
                "description": "the first function, in the revision's order, whose build failed (its identity across revisions); null when none did"})),
            "functionName": nullable(string()),
            "error": nullable(json!({"type": "string", "example": "line 2:19: Unexpected token",
                "description": "that function's build error, 1-based line and column"})),
            "updatedDttm": timestamp()}},
        "StuckDeployment": {"type": "object",
            "required": ["id", "packageName", "revisionName", "keysetId", "state", "updatedDttm"],
            "properties": {
            "id": uuid(), "packageName": string(), "revisionName": string(),
            "keysetId": {"type": "integer", "format": "int64"},
            "state": {"type": "string", "enum": transitional},
            "updatedDttm": {"type": "string", "format": "date-time", "description": "when it entered its state"}}},
        "FailedSchedule": {"type": "object",
            "required": ["id", "description", "packageDeploymentId", "deploymentName", "error", "dttm"],
            "properties": {
            "id": uuid(), "description": string(),
            "packageDeploymentId": {"type": "string", "format": "uuid", "description": "the event's deployment, which may be gone"},
            "deploymentName": {"type": "string", "example": "Chat v2",
                "description": "the deployment's package and revision; `deleted deployment <id>` once it is gone"},
            "error": {"type": "string", "description": "why the action failed"},
            "dttm": {"type": "string", "format": "date-time", "description": "when the failed action was due"}}},
        "FailedBuild": {"type": "object", "required": ["id", "name", "team", "errorMessage", "createdAt"],
            "properties": {
            "id": {"type": "string", "pattern": "^dpl_[0-9A-Za-z]{24}$"},
            "name": string(),
            "team": nullable(json!({"type": "string", "description": "its team's slug; null in a personal scope"})),
            "errorMessage": nullable(string()),
            "createdAt": {"type": "integer", "format": "int64", "description": "milliseconds since the epoch, as the Vercel-style contract's times"}}},
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
