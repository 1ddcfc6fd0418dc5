//! The Vercel-style deployments routes (`api.md` §4) in the OpenAPI document: their paths,
//! schemas, the bearer token scheme and the decisions behind them. Kept apart from
//! [`super::openapi`] (the Functions v2 part) and merged into its document by [`merge`].

use faas_api::vercel::{
    DEFAULT_LIMIT, MAX_LIMIT, META_KEY_MAX_CHARS, META_MAX_KEYS, META_VALUE_MAX_CHARS,
    NAME_MAX_CHARS,
};
use serde_json::{json, Map, Value};

use crate::store::builds::DOMAIN;

fn schema_ref(name: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{name}")})
}

fn correlation_header() -> Value {
    json!({"X-Correlation-Id": {"$ref": "#/components/headers/X-Correlation-Id"}})
}

fn ok(description: &str, schema: &str) -> Value {
    json!({
        "description": description,
        "headers": correlation_header(),
        "content": {"application/json": {"schema": schema_ref(schema)}}
    })
}

fn error(description: &str) -> Value {
    json!({
        "description": description,
        "headers": correlation_header(),
        "content": {"application/json": {"schema": schema_ref("VercelError")}}
    })
}

/// The answers of an operation: 200 with `ok`, the errors every one of these routes can
/// give, and `extra` (status, text) added to them.
fn responses(ok: Value, extra: &[(&str, &str)]) -> Value {
    let mut errors: Vec<(&str, String)> = vec![
        ("400", "`bad_request`: a malformed query string".into()),
        (
            "403",
            "`forbidden`: no `Authorization: Bearer <token>`, an unknown or revoked token, or a `teamId`/`slug` naming a team the token's user is not in (or none)".into(),
        ),
        ("405", "`method_unknown`: wrong method; `Allow` lists the allowed ones".into()),
        ("500", "`internal_server_error`; the correlation id is logged".into()),
    ];
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
        map.insert(status.into(), error(&text));
    }
    Value::Object(map)
}

fn scope_params() -> Vec<Value> {
    vec![
        json!({"$ref": "#/components/parameters/VercelTeamId"}),
        json!({"$ref": "#/components/parameters/VercelSlug"}),
    ]
}

fn op(id: &str, summary: &str, description: &str, mut params: Vec<Value>, resp: Value) -> Value {
    params.extend(scope_params());
    json!({
        "operationId": id,
        "summary": summary,
        "description": description,
        "tags": ["Deployments (Vercel-style)"],
        "security": [{"BearerToken": []}],
        "parameters": params,
        "responses": resp
    })
}

fn path_param(name: &str, description: &str) -> Value {
    json!({"name": name, "in": "path", "required": true, "schema": {"type": "string", "minLength": 1},
        "description": description})
}

fn query_param(name: &str, schema: Value, description: &str) -> Value {
    json!({"name": name, "in": "query", "required": false, "schema": schema, "description": description})
}

fn states() -> Vec<&'static str> {
    faas_api::vercel::ReadyState::ALL
        .iter()
        .map(|s| s.as_str())
        .collect()
}

fn cancel(id: &str, version: &str) -> Value {
    op(
        id,
        "Cancel a deployment that is still building",
        &format!("`PATCH /{version}/deployments/{{id}}/cancel`, no body. While QUEUED, INITIALIZING or BUILDING: 200 with the deployment now CANCELED with `canceledAt` (one conditional update: of two racing cancels exactly one succeeds); if it held a build slot, the oldest QUEUED deployment of the scope starts in the same step."),
        vec![path_param("id", "the deployment id (`dpl_…`); a URL is not accepted here")],
        responses(
            ok("the canceled deployment", "VercelDeployment"),
            &[
                ("400", "`bad_request`: the deployment is READY, ERROR or CANCELED, message `Deployment <id> is <STATE> and can no longer be canceled`"),
                ("404", "`not_found`: no such deployment in the scope"),
            ],
        ),
    )
}

/// The Vercel-style paths.
pub fn paths() -> Value {
    let states = states();
    let state_alternatives = states.join("|");
    let create_links = json!({
        "GetDeployment": {"operationId": "vercelGetDeployment",
            "parameters": {"path.idOrUrl": "$response.body#/id"},
            "description": "the created deployment, as it builds"},
        "CancelDeployment": {"operationId": "vercelCancelDeployment",
            "parameters": {"path.id": "$response.body#/id"},
            "description": "cancel it while it is QUEUED, INITIALIZING or BUILDING"},
        "CancelDeploymentV12": {"operationId": "vercelCancelDeploymentV12",
            "parameters": {"path.id": "$response.body#/id"},
            "description": "the same cancel under /v12"}
    });
    let mut create_ok = ok(
        "the new deployment, `readyState: QUEUED`",
        "VercelDeployment",
    );
    create_ok["links"] = create_links;
    let mut create = op(
        "vercelCreateDeployment",
        "Create a deployment that builds",
        &format!("Answers at once with the deployment QUEUED; the server then moves it `QUEUED → INITIALIZING → BUILDING → READY | ERROR`, at most `--build-concurrency` (default {}) builds of one scope at a time, oldest first; INITIALIZING lasts `--build-initializing-ms` (default {}) and BUILDING `--build-building-ms` (default {}). `project` is a project id (`prj_…`) or name of the scope; an unknown name creates the project (default: `name`), an unknown id is 400. The build ends ERROR (`errorCode: BUILD_FAILED`, `errorMessage`) when `meta.fail` is `\"true\"` or the project is named `always-fails`.",
        crate::DEFAULT_BUILD_CONCURRENCY,
        crate::DEFAULT_BUILD_INITIALIZING_MS,
        crate::DEFAULT_BUILD_BUILDING_MS
    ),
        vec![],
        responses(create_ok, &[
            ("400", "`bad_request`: the body is not JSON, not `Content-Type: application/json`, or invalid; the message names the field (`name: …`, `meta.fail: must be a string`)"),
            ("413", "`bad_request`: body over 1 MiB"),
        ]),
    );
    create["requestBody"] = json!({"required": true, "content": {"application/json": {"schema": schema_ref("VercelCreateDeployment")}}});
    json!({
        "/v6/deployments": {"get": op(
            "vercelListDeployments",
            "List the scope's deployments, newest first",
            "Newest first by `created` (unique within a scope, ties impossible), then `id`. `pagination.count` is the number in this page; `next` is the `created` of the last one when older ones match (the next page is `until=next`), else null; `prev` is the `created` of the first one, null on an empty page (newer ones: `since=prev`). Absent and empty parameters are the same.",
            vec![
                query_param("limit", json!({"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT}),
                    &format!("page size, 1..={MAX_LIMIT}; anything else → 400 `bad_request`")),
                query_param("until", json!({"type": "integer", "format": "int64", "minimum": 0}),
                    "only deployments created strictly before this time (ms since the epoch); not a non-negative integer → 400"),
                query_param("since", json!({"type": "integer", "format": "int64", "minimum": 0}),
                    "only deployments created strictly after this time (ms); not a non-negative integer → 400"),
                query_param("state", json!({"type": "string", "pattern": format!("^({state_alternatives})(,({state_alternatives}))*$")}),
                    "comma-separated readyStates (upper case); any other value → 400"),
                query_param("projectId", json!({"type": "string"}), "only this project's deployments (an unknown id matches none)"),
                query_param("target", json!({"type": "string", "enum": ["production", "preview"]}),
                    "`production`, or `preview` for deployments whose `target` is null; anything else → 400"),
            ],
            responses(ok("a page of deployments", "VercelDeploymentList"),
                &[("400", "`bad_request`: a parameter out of range, the message naming it (`limit: …`)")]),
        )},
        "/v13/deployments": {"post": create},
        "/v13/deployments/{idOrUrl}": {"get": op(
            "vercelGetDeployment",
            "Get one deployment by id or URL",
            "A deployment of the scope by its `id`, or by its `url` (the host, without scheme).",
            vec![path_param("idOrUrl", "`dpl_…`, or the deployment's `url`")],
            responses(ok("the deployment", "VercelDeployment"),
                &[("404", "`not_found`: no such deployment in the scope (another scope's is not found too)")]),
        )},
        "/v12/deployments/{id}/cancel": {"patch": cancel("vercelCancelDeploymentV12", "v12")},
        "/v13/deployments/{id}/cancel": {"patch": cancel("vercelCancelDeployment", "v13")},
        "/v2/teams": {"get": op(
            "vercelListTeams",
            "List the token's teams",
            "Every team the token's user is a member of, oldest first, in one page (`next` and `prev` are null). `teamId`/`slug` are checked as on every route but do not filter.",
            vec![],
            responses(ok("the user's teams", "VercelTeamList"), &[]),
        )}
    })
}

fn ms(description: &str) -> Value {
    json!({"type": "integer", "format": "int64", "minimum": 0, "description": description})
}

/// The Vercel-style schemas.
pub fn schemas() -> Value {
    let name = json!({"type": "string", "minLength": 1, "maxLength": NAME_MAX_CHARS, "pattern": "^[a-z0-9._-]+$"});
    let meta = |description: &str| {
        json!({"type": "object", "maxProperties": META_MAX_KEYS,
        "additionalProperties": {"type": "string", "maxLength": META_VALUE_MAX_CHARS},
        "description": description})
    };
    json!({
        "VercelError": {"type": "object", "required": ["error"], "additionalProperties": false, "properties": {
            "error": {"type": "object", "required": ["code", "message"], "additionalProperties": false, "properties": {
                "code": {"type": "string", "enum": ["bad_request", "forbidden", "not_found", "method_unknown", "internal_server_error"]},
                "message": {"type": "string", "minLength": 1}}}}},
        "VercelReadyState": {"type": "string", "enum": states()},
        "VercelDeployment": {"type": "object",
            "required": ["uid", "id", "name", "url", "projectId", "created", "createdAt", "state", "readyState", "type", "creator", "source", "target", "meta", "inspectorUrl"],
            "additionalProperties": false,
            "properties": {
                "uid": {"type": "string", "pattern": "^dpl_[0-9A-Za-z]{24}$", "description": "the same as `id`"},
                "id": {"type": "string", "pattern": "^dpl_[0-9A-Za-z]{24}$"},
                "name": name.clone(),
                "url": {"type": "string", "pattern": format!("^[a-z0-9._-]{{1,100}}-[0-9a-z]{{8}}\\.{}$", DOMAIN.replace('.', "\\.")),
                    "description": format!("`<name>-<8 lowercase alphanumerics>.{DOMAIN}`, no scheme; unique")},
                "projectId": {"type": "string", "pattern": "^prj_[0-9A-Za-z]{24}$"},
                "created": ms("creation time; unique within a scope"),
                "createdAt": ms("the same as `created`"),
                "initializingAt": ms("ours: when it left QUEUED"),
                "buildingAt": ms("when it began BUILDING (again, if a restart interrupted the build)"),
                "ready": ms("when the build ended, READY or ERROR"),
                "canceledAt": ms("when it was canceled"),
                "state": {"allOf": [schema_ref("VercelReadyState")], "description": "the same as `readyState`"},
                "readyState": schema_ref("VercelReadyState"),
                "readySubstate": {"type": "string", "enum": ["STAGED", "PROMOTED"],
                    "description": "only when READY: PROMOTED for target production, else STAGED"},
                "type": {"type": "string", "enum": ["LAMBDAS"]},
                "creator": {"type": "object", "required": ["uid", "username"], "additionalProperties": false, "properties": {
                    "uid": {"type": "string", "pattern": "^usr_[0-9A-Za-z]{24}$"},
                    "username": {"type": "string", "minLength": 1}}},
                "source": {"type": "string", "enum": ["api", "cli", "git"], "description": "`api` for every deployment created through this API; the demo data has the others"},
                "target": {"type": "string", "enum": ["production"], "nullable": true, "description": "null for a preview"},
                "meta": meta("as given at creation"),
                "inspectorUrl": {"type": "string", "pattern": format!("^https://{}/", DOMAIN.replace('.', "\\.")),
                    "description": "ours: `https://<domain>/<team slug or username>/<project>/<id without dpl_>`"},
                "errorCode": {"type": "string", "enum": ["BUILD_FAILED"], "description": "ours, only when ERROR"},
                "errorMessage": {"type": "string", "minLength": 1, "description": "ours, only when ERROR, e.g. `Build failed: simulated failure (meta.fail)`"}}},
        "VercelPagination": {"type": "object", "required": ["count", "next", "prev"], "additionalProperties": false, "properties": {
            "count": {"type": "integer", "minimum": 0, "maximum": MAX_LIMIT},
            "next": {"type": "integer", "format": "int64", "nullable": true, "description": "`until` of the next (older) page; null when there is none"},
            "prev": {"type": "integer", "format": "int64", "nullable": true, "description": "`created` of the first item; null on an empty page"}}},
        "VercelDeploymentList": {"type": "object", "required": ["deployments", "pagination"], "additionalProperties": false, "properties": {
            "deployments": {"type": "array", "maxItems": MAX_LIMIT, "items": schema_ref("VercelDeployment")},
            "pagination": schema_ref("VercelPagination")}},
        "VercelTeam": {"type": "object", "required": ["id", "slug", "name", "createdAt"], "additionalProperties": false, "properties": {
            "id": {"type": "string", "pattern": "^team_[0-9A-Za-z]+$"},
            "slug": {"type": "string", "minLength": 1},
            "name": {"type": "string", "minLength": 1},
            "createdAt": ms("creation time")}},
        "VercelTeamList": {"type": "object", "required": ["teams", "pagination"], "additionalProperties": false, "properties": {
            "teams": {"type": "array", "items": schema_ref("VercelTeam")},
            "pagination": schema_ref("VercelPagination")}},
        "VercelCreateDeployment": {"type": "object", "required": ["name"], "properties": {
            "name": name.clone(),
            "project": {"type": "string", "minLength": 1, "maxLength": NAME_MAX_CHARS,
                "description": "a project id (`prj_…`, must exist in the scope) or name (same rule as `name`; created if new); default `name`"},
            "target": {"type": "string", "enum": ["production", "preview"], "nullable": true, "description": "`preview` and null are the same"},
            "meta": meta(&format!("string values only; at most {META_MAX_KEYS} keys of 1..={META_KEY_MAX_CHARS} characters; `fail: \"true\"` makes the build end ERROR"))}}
    })
}

/// The decisions of `api.md` §4 that a reader of the document needs.
pub fn decisions() -> Vec<Value> {
    [
        "Deployments (Vercel-style, /v6, /v12, /v13 and /v2/teams): `Authorization: Bearer <token>` only; the server's admin key is also a token, of user `admin`. Errors are `{\"error\": {\"code\", \"message\"}}` with codes bad_request, forbidden, not_found, method_unknown, internal_server_error; any unknown path under these prefixes is 404 not_found; a wrong Content-Type is 400 bad_request; a body over 1 MiB is 413 bad_request.",
        "Deployments: `teamId` or `slug` selects a team of the token's user (`teamId` wins when both are sent); none selects the user's personal scope; any other team, existing or not, is 403 forbidden. A deployment of another scope is 404 not_found.",
        "Deployments: `X-Correlation-Id` is echoed when it is a UUID and replaced by a new one otherwise (never refused); `PubNub-Version` is ignored. CORS as for /v2/faas.",
        "Deployments: builds survive restarts; one that was INITIALIZING or BUILDING starts that step again, QUEUED ones stay queued.",
    ]
    .into_iter()
    .map(Value::from)
    .collect()
}

/// Adds the paths, schemas, security scheme, parameters and decisions above to `doc`.
pub fn merge(mut doc: Value) -> Value {
    if let (Some(paths), Value::Object(more)) = (doc["paths"].as_object_mut(), paths()) {
        paths.extend(more);
    }
    if let (Some(schemas), Value::Object(more)) =
        (doc["components"]["schemas"].as_object_mut(), schemas())
    {
        schemas.extend(more);
    }
    doc["components"]["securitySchemes"]["BearerToken"] = json!({
        "type": "http", "scheme": "bearer",
        "description": "a token of a user (the Vercel-style routes)"});
    doc["components"]["parameters"]["VercelTeamId"] = json!({
        "name": "teamId", "in": "query", "required": false, "schema": {"type": "string"},
        "description": "act in this team (`team_…`) of the token's user; another → 403 forbidden"});
    doc["components"]["parameters"]["VercelSlug"] = json!({
        "name": "slug", "in": "query", "required": false, "schema": {"type": "string"},
        "description": "act in the team with this slug; ignored when `teamId` is sent"});
    if let Some(list) = doc["x-faas-decisions"].as_array_mut() {
        list.extend(decisions());
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merging_adds_every_route_and_keeps_the_rest() {
        let doc = merge(
            json!({"paths": {"/v2/x": {}}, "components": {"schemas": {"A": {}},
            "securitySchemes": {"ApiKey": {}}, "parameters": {}}, "x-faas-decisions": ["d"]}),
        );
        for path in [
            "/v2/x",
            "/v6/deployments",
            "/v13/deployments",
            "/v13/deployments/{idOrUrl}",
            "/v12/deployments/{id}/cancel",
            "/v13/deployments/{id}/cancel",
            "/v2/teams",
        ] {
            assert!(doc["paths"][path].is_object(), "{path}");
        }
        assert!(doc["components"]["schemas"]["A"].is_object());
        assert!(doc["components"]["schemas"]["VercelDeployment"].is_object());
        assert!(doc["components"]["securitySchemes"]["ApiKey"].is_object());
        assert_eq!(doc["x-faas-decisions"].as_array().unwrap().len(), 5);
    }
}
