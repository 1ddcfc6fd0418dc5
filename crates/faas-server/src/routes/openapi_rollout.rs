//! The rollout operations in the OpenAPI document (`api.md` §5): the rolling update, channel
//! conflicts and scheduled events, with their schemas, the decisions behind them, and the
//! links from a deployment to its schedules. Built from [`super::openapi`]'s pieces and
//! merged into its document by [`merge`].

use faas_api::schedule::{ActionState, EventState, DTTM_PATTERN, EVENT_SORT_FIELDS};
use faas_api::validation::Limits;
use serde_json::{json, Map, Value};

use super::openapi::{
    array_of, common_params, data, description, function_types, id_links, input_channel, link,
    linked, nullable, ok_response, op, or_empty, paging_params, query_param, responses, schema_ref,
    string, timestamp, uuid, uuid_or_empty, with_body, with_id, DEP_READ, DEP_WRITE,
};
use super::rollout::CHANNELS_MAX;

/// The operations that act on an event, linked from each answer that carries its id.
const EVENT_TARGETS: [&str; 3] = [
    "getScheduledEvent",
    "updateScheduledEvent",
    "deleteScheduledEvent",
];

/// A date-time a client sends: RFC 3339 with any offset (`faas_api::schedule::parse_dttm`).
fn dttm_input(what: &str) -> Value {
    json!({"type": "string", "format": "date-time", "pattern": DTTM_PATTERN,
        "example": "2026-01-15T10:30:00.000Z",
        "description": format!("{what}: RFC 3339 with `Z` or an offset, answered in UTC; a day that does not exist → 400 FAAS-400")})
}

/// From an answer whose `data.{field}` is a deployment id: its events, and a new one.
fn schedule_links(field: &str) -> Map<String, Value> {
    let mut links = Map::new();
    links.insert(
        "listScheduledEvents".into(),
        link(
            "listScheduledEvents",
            json!({"query.package_deployment_id": data(field)}),
            None,
        ),
    );
    links.insert(
        "createScheduledEvent".into(),
        link(
            "createScheduledEvent",
            json!({}),
            Some(json!({"packageDeploymentId": data(field)})),
        ),
    );
    links
}

fn paths() -> Value {
    let event = || Some(schema_ref("ScheduledEvent"));
    let mut list_params = paging_params(EVENT_SORT_FIELDS, "dttmBegin,ASC", false);
    list_params.push(query_param(
        "package_deployment_id",
        uuid_or_empty(),
        "only the events of this deployment; empty is none; not a UUID → 400 FAAS-400",
    ));
    let mut intersect_params = common_params();
    intersect_params.extend([
        json!({"name": "keyset_id", "in": "query", "required": true,
            "schema": {"type": "integer", "format": "int64"},
            "description": "the keyset to look at; absent, empty or not an integer → 400 FAAS-400; not the account's → 404 FAAS-404 with `field: keyset_id`"}),
        json!({"name": "channel", "in": "query", "required": true, "style": "form", "explode": true,
            "schema": {"type": "array", "minItems": 1, "maxItems": CHANNELS_MAX, "items": input_channel()},
            "description": format!("repeatable (`channel=a&channel=b.*`), 1 to {CHANNELS_MAX}: names or wildcards, as a function's inputChannel; none, more, or an invalid one → 400 FAAS-400 (`field: channel[i]`)")}),
        query_param("function_type", or_empty(function_types()),
            "only functions of this type; empty is any; another value → 400 FAAS-400"),
    ]);
    let mut event_created = id_links("/data/id", &EVENT_TARGETS);
    event_created.extend(id_links("/data/packageDeploymentId", &["getDeployment"]));
    // An event that was read leads on to what a client does next with it.
    let mut event_read = id_links("/data/id", &EVENT_TARGETS[1..]);
    event_read.extend(id_links("/data/packageDeploymentId", &["getDeployment"]));
    json!({
        "/v2/faas/package-deployments/{id}/function-deployments": {
            "put": linked(with_body(op("rollingUpdate", "Update a RUNNING deployment to another deployment of its package on its keyset", DEP_WRITE,
                with_id("deployment (the one to replace)", common_params()),
                responses(ok_response("the new deployment, now STARTING. When its build ends it is RUNNING and then the old one `{id}` is stopped (RUNNING → STOPPING → STOPPED), or it is FAILED with each failing function's `error` and the old one keeps running. The new one does not count against the running limit: the old one goes", Some(schema_ref("PackageDeployment"))),
                    &[("404", "the deployment `{id}`, or `newPackageDeploymentId` (with `field`), is not the account's; an id that is not a UUID names none"),
                      ("409", "FAAS-2101 the deployment `{id}` is not RUNNING (STOPPED or FAILED: start the new one instead); FAAS-2102 the new deployment is of another package; FAAS-2103 the new deployment is on another keyset; FAAS-2104 the new deployment is RUNNING (also: it is `{id}` itself); FAAS-2105 an update of `{id}` is already under way"),
                      ("423", "FAAS-1009 the deployment `{id}` is STARTING or STOPPING; FAAS-1008 the new deployment is STARTING or STOPPING")], true)),
                "RollingUpdate"), id_links("/data/id", &["getDeployment", "stopDeployment"]))
        },
        "/v2/faas/package-deployments/intersected": {
            "get": op("listChannelConflicts", "The RUNNING deployments of a keyset whose functions listen on channels that meet the given ones",
                "functions.package-deployment:read on account or on that keyset", intersect_params,
                responses(ok_response("one entry per requested channel, in the order given (each once), with the RUNNING deployments of the keyset (oldest first) having a function (of `function_type`, if given) whose inputChannel intersects it; an empty list where none does. Wildcards count on both sides: `p.*` is every channel under `p.` at any depth (not `p` itself), so `chat.*` meets `chat.room1` and `chat.*`, and `a.*` meets `a.b.*`",
                    Some(array_of("ChannelIntersection"))), &[("404", "the keyset is not the account's (`field: keyset_id`)")], false))
        },
        "/v2/faas/scheduled/events": {
            "get": linked(op("listScheduledEvents", "List the account's scheduled events", DEP_READ, list_params,
                responses(ok_response("a page of events, soonest first by default; a key whose grant covers some keysets only sees theirs", Some(array_of("ScheduledEvent"))), &[], false)),
                id_links("/data/0/id", &["getScheduledEvent"])),
            "post": linked(with_body(op("createScheduledEvent", "Schedule a deployment's start at dttmBegin, and optionally its stop at dttmEnd",
                "functions.package-deployment:write on account or on the deployment's keyset", common_params(),
                responses(ok_response("the event, RUNNING, with a PENDING START at dttmBegin and, with dttmEnd, a PENDING STOP at dttmEnd", event()),
                    &[("400", "FAAS-1007 dttmBegin is in the past, or dttmEnd is not after dttmBegin (`field` names which)"),
                      ("404", "`packageDeploymentId` (with `field`) is not the account's; a value that is not a UUID names none")], true)),
                "CreateScheduledEvent"), event_created)
        },
        "/v2/faas/scheduled/events/{id}": {
            "get": linked(op("getScheduledEvent", "Get a scheduled event with its actions", DEP_READ,
                with_id("event", common_params()),
                responses(ok_response("the event", event()), &[], false)),
                event_read),
            "put": with_body(op("updateScheduledEvent", "Change a scheduled event's times and description (its deployment never changes)", DEP_WRITE,
                with_id("event", common_params()),
                responses(ok_response("the event: its PENDING actions moved to the new times; without dttmEnd it no longer stops the deployment; without description it keeps its own", event()),
                    &[("400", "FAAS-1007 a dttmBegin or dttmEnd that changes is in the past, or dttmEnd is not after dttmBegin"),
                      ("409", "FAAS-1010 every action of the event has run, or the START has run and dttmBegin would change")], true)),
                "UpdateScheduledEvent"),
            "delete": op("deleteScheduledEvent", "Delete a scheduled event with the actions it has still to run", DEP_WRITE,
                with_id("event", common_params()),
                responses(ok_response("deleted; no data", None),
                    &[("409", "FAAS-1010 every action of the event has run: it is kept as a record")], false))
        }
    })
}

fn schemas(limits: &Limits) -> Value {
    let action_states: Vec<&str> = ActionState::ALL.iter().map(|s| s.as_str()).collect();
    let event_states: Vec<&str> = EventState::ALL.iter().map(|s| s.as_str()).collect();
    json!({
        "RollingUpdate": {"type": "object", "required": ["newPackageDeploymentId"], "properties": {
            "newPackageDeploymentId": {"type": "string",
                "description": "the deployment to run instead: of the same package, on the same keyset, STOPPED or FAILED; a value that names no deployment of the account (a UUID or not) → 404 FAAS-404 with `field`"}}},
        "ChannelIntersection": {"type": "object", "required": ["channel", "packageDeployments"], "properties": {
            "channel": string(),
            "packageDeployments": array_of("PackageDeployment")}},
        "ScheduledAction": {"type": "object",
            "required": ["id", "packageDeploymentId", "type", "dttm", "state"],
            "properties": {
            "id": uuid(), "packageDeploymentId": uuid(),
            "type": {"type": "string", "enum": ["START", "STOP"]},
            "dttm": timestamp(),
            "state": {"type": "string", "enum": action_states,
                "description": "PENDING until it has run; a START that started its deployment stays PENDING until the build ends: DONE when it runs, FAILED when not. A START of a RUNNING deployment is DONE at once (no restart)"},
            "error": {"type": "string", "example": "FAAS-1008: cannot start a deployment that is STOPPING; wait until it settles",
                "description": "why it FAILED: the deployment was transitional or deleted, its build failed (`the build failed: line L:C: …`), or the event's end had also come"},
            "executedDttm": timestamp()}},
        "ScheduledEvent": {"type": "object",
            "required": ["id", "packageDeploymentId", "dttmBegin", "dttmEnd", "description", "state", "scheduledActions", "createdDttm", "updatedDttm"],
            "properties": {
            "id": uuid(), "packageDeploymentId": uuid(),
            "dttmBegin": timestamp(), "dttmEnd": nullable(timestamp()),
            "description": string(),
            "state": {"type": "string", "enum": event_states,
                "description": "RUNNING while an action is PENDING; then DONE, or FAILED if an action failed"},
            "scheduledActions": {"type": "array", "minItems": 1, "maxItems": 2, "items": schema_ref("ScheduledAction"),
                "description": "the START, then the STOP if the event has an end"},
            "createdDttm": timestamp(), "updatedDttm": timestamp()}},
        "CreateScheduledEvent": {"type": "object", "required": ["packageDeploymentId", "dttmBegin"], "properties": {
            "packageDeploymentId": {"type": "string",
                "description": "the deployment to start (and stop); a value that names no deployment of the account (a UUID or not) → 404 FAAS-404 with `field`"},
            "dttmBegin": dttm_input("when the deployment starts, not in the past"),
            "dttmEnd": nullable(dttm_input("when it stops, after dttmBegin; absent or null: never")),
            "description": description(limits)}},
        "UpdateScheduledEvent": {"type": "object", "required": ["dttmBegin"], "properties": {
            "dttmBegin": dttm_input("when the deployment starts: unchanged once the START has run, else not in the past"),
            "dttmEnd": nullable(dttm_input("when it stops, after dttmBegin; absent or null: never")),
            "description": description(limits)}}
    })
}

fn decisions() -> [&'static str; 3] {
    [
        "Rolling update (PUT …/package-deployments/{id}/function-deployments): refusals of ours are 409 FAAS-2101 (`{id}` not RUNNING), FAAS-2102 (another package), FAAS-2103 (another keyset), FAAS-2104 (the new one not STOPPED or FAILED), FAAS-2105 (an update of `{id}` under way); either deployment in transition is 423 (FAAS-1009 for `{id}`, FAAS-1008 for the new one). The update is kept in the database: a restart at any point ends with the new one RUNNING and the old one STOPPED, or the new one FAILED and the old one still RUNNING.",
        "Channel conflicts: `p.*` stands for every channel under `p.` at any depth, not `p` itself; two channels intersect when one published channel name would reach both (faas_api::channels::intersects). The answer has one entry per requested channel, empty lists included.",
        "Scheduled events: times are RFC 3339 (any offset), answered in UTC with milliseconds. The server's scheduler runs each action within a second of its time, once, also with several servers on one database file; an action that came due while the server was down runs at its next start, once (a START whose event's end has also come is FAILED instead, and the STOP runs). A START is DONE once the deployment runs; FAILED actions say why in `error`. An event outlives its deployment; its actions then fail.",
    ]
}

/// `doc` with the rollout operations, their schemas and decisions, and links from a
/// deployment's answers to its schedules.
pub fn merge(mut doc: Value, limits: &Limits) -> Value {
    if let (Some(paths), Value::Object(more)) = (doc["paths"].as_object_mut(), paths()) {
        for (path, operations) in more {
            match (paths.get_mut(&path), operations) {
                // A path both parts have (the function deployments): its operations join.
                (Some(Value::Object(existing)), Value::Object(added)) => existing.extend(added),
                (_, operations) => {
                    paths.insert(path, operations);
                }
            }
        }
    }
    if let (Some(schemas), Value::Object(more)) = (
        doc["components"]["schemas"].as_object_mut(),
        schemas(limits),
    ) {
        schemas.extend(more);
    }
    // A deployment that was created or read leads to its schedules, and so does the first
    // of a list of deployments.
    let deployments = &mut doc["paths"]["/v2/faas/package-deployments"];
    add_links(&mut deployments["post"], schedule_links("id"));
    add_links(&mut deployments["get"], schedule_links("0/id"));
    let deployment = &mut doc["paths"]["/v2/faas/package-deployments/{id}"]["get"];
    add_links(deployment, schedule_links("id"));
    let of_revision = &mut doc["paths"]["/v2/faas/package-revisions/{id}/package-deployments"];
    add_links(&mut of_revision["get"], schedule_links("0/id"));
    if let Some(list) = doc["x-faas-decisions"].as_array_mut() {
        list.extend(decisions().map(Value::from));
    }
    doc
}

/// `operation` with `links` added to those of its success answer.
pub(super) fn add_links(operation: &mut Value, links: Map<String, Value>) {
    if !operation.is_object() {
        return;
    }
    let existing = &mut operation["responses"]["200"]["links"];
    if !existing.is_object() {
        *existing = json!({});
    }
    if let Some(map) = existing.as_object_mut() {
        map.extend(links);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merging_joins_a_shared_path_and_links_a_deployment_to_its_schedules() {
        let doc = merge(
            json!({"paths": {
                "/v2/faas/package-deployments/{id}/function-deployments": {"post": {}, "delete": {}},
                "/v2/faas/package-deployments/{id}": {"get": {"responses": {"200": {"links": {"a": {}}}}}}
            }, "components": {"schemas": {"A": {}}}, "x-faas-decisions": ["d"]}),
            &Limits::default(),
        );
        let fds = &doc["paths"]["/v2/faas/package-deployments/{id}/function-deployments"];
        for method in ["post", "delete", "put"] {
            assert!(fds[method].is_object(), "{method}");
        }
        let links =
            &doc["paths"]["/v2/faas/package-deployments/{id}"]["get"]["responses"]["200"]["links"];
        for link in ["a", "listScheduledEvents", "createScheduledEvent"] {
            assert!(links[link].is_object(), "{link}");
        }
        for schema in [
            "A",
            "ScheduledEvent",
            "RollingUpdate",
            "ChannelIntersection",
        ] {
            assert!(doc["components"]["schemas"][schema].is_object(), "{schema}");
        }
        assert_eq!(doc["x-faas-decisions"].as_array().map(Vec::len), Some(4));
    }
}
