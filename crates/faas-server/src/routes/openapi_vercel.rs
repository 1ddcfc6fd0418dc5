//! The Vercel-style deployments routes (`api.md` §4) in the OpenAPI document: their paths,
//! schemas, the bearer token scheme and the decisions behind them. Kept apart from
//! [`super::openapi`] (the Functions v2 part) and merged into its document by [`merge`].

use faas_api::vercel::{
    DEFAULT_LIMIT, MAX_LIMIT, META_KEY_MAX_CHARS, META_MAX_KEYS, META_VALUE_MAX_CHARS,
    NAME_MAX_CHARS, PLATFORM_VERSION, REGION, SOURCES,
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

/// A query value of `schema`, or empty: these routes take `?name=` as no value at all, as
/// the Functions routes do.
fn or_empty(schema: Value) -> Value {
    json!({"anyOf": [schema, {"type": "string", "enum": [""]}]})
}

/// A name (deployment or project): [`faas_api::vercel::name_problem`].
fn name_pattern() -> String {
    format!("^[a-z0-9._-]{{1,{NAME_MAX_CHARS}}}$")
}

/// A project id, as the server makes them.
const PROJECT_ID_PATTERN: &str = "^prj_[0-9A-Za-z]{24}$";

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
            ok("the canceled deployment, in its owner's full view", "VercelDeploymentDetail"),
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
        "the new deployment, `readyState: QUEUED`, in its owner's full view",
        "VercelDeploymentDetail",
    );
    create_ok["links"] = create_links;
    let mut create = op(
        "vercelCreateDeployment",
        "Create a deployment that builds",
        &format!("Answers at once with the deployment QUEUED; the server then moves it `QUEUED → INITIALIZING → BUILDING → READY | ERROR`, at most `--build-concurrency` (default {}) builds of one scope at a time, oldest first; INITIALIZING lasts `--build-initializing-ms` (default {}) and BUILDING `--build-building-ms` (default {}). `project` is a project id (`prj_…`) or name of the scope; an unknown name creates the project (default: `name`), an unknown id is 400. `target` is `production`, `staging` or a preview (`preview`, null or absent), as Vercel's. Its `source` is `cli`: Vercel has no `api` source, and its own CLI creates deployments through this endpoint. The build ends ERROR (`errorCode: BUILD_FAILED`, `errorMessage`) when `meta.fail` is `\"true\"` or the project is named `always-fails`. `meta.buildMs` (digits, at most 3600000) holds this build BUILDING that long instead, so that a building deployment can be met on demand.",
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
    let list = |id: &str, version: &str| {
        op(
            id,
            "List the scope's deployments, newest first",
            &format!("`GET /{version}/deployments`{}. Newest first by `created` (unique within a scope, ties impossible), then `id`. `pagination.count` is the number in this page; `next` is the `created` of the last one when older ones match (the next page is `until=next`), else null; `prev` is the `created` of the first one, null on an empty page (newer ones: `since=prev`). Every filter applies at once; absent and empty parameters are the same; a parameter that is not a list sent twice with different values is 400.",
                if version == "v7" { " (what Vercel's SDK calls; the same as `/v6`)" } else { "" }),
            list_params(&state_alternatives),
            responses(ok("a page of deployments", "VercelDeploymentList"),
                &[("400", "`bad_request`: a parameter out of range, the message naming it (`limit: …`)")]),
        )
    };
    json!({
        "/v6/deployments": {"get": list("vercelListDeployments", "v6")},
        "/v7/deployments": {"get": list("vercelListDeploymentsV7", "v7")},
        "/v13/deployments": {"post": create},
        "/v13/deployments/{idOrUrl}": {"get": op(
            "vercelGetDeployment",
            "Get one deployment by id or URL",
            "A deployment of the scope by its `id`, or by its `url` (the host, without scheme).",
            vec![path_param("idOrUrl", "`dpl_…`, or the deployment's `url`")],
            responses(ok("the deployment, in its owner's full view", "VercelDeploymentDetail"),
                &[("404", "`not_found`: no such deployment in the scope (another scope's is not found too)")]),
        )},
        "/v12/deployments/{id}/cancel": {"patch": cancel("vercelCancelDeploymentV12", "v12")},
        "/v13/deployments/{id}/cancel": {"patch": cancel("vercelCancelDeployment", "v13")},
        "/v2/teams": {"get": op(
            "vercelListTeams",
            "List the token's teams",
            "The teams the token's user is a member of, newest first by `createdAt` (then `id`), paged as the deployments are: `next` is the `createdAt` of the last one when older ones match (the next page is `until=next`). `teamId`/`slug` are checked as on every route but do not filter.",
            time_page_params("teams"),
            responses(ok("a page of the user's teams", "VercelTeamList"),
                &[("400", "`bad_request`: `limit`, `since` or `until` out of range, the message naming it")]),
        )},
        "/v2/teams/{teamId}": {"get": op(
            "vercelGetTeam",
            "Get one of the token's teams",
            "A team of the token's user by its id (or its slug). Any other team, existing or not, is 403 `forbidden`, as a `teamId` naming it is on every route.",
            vec![path_param("teamId", "the team's id (`team_…`) or slug")],
            responses(ok("the team", "VercelTeam"),
                &[("403", "`forbidden`: the token's user is not a member of this team (or there is none)")]),
        )}
    })
}

/// `limit`, `since` and `until` (and their older names `from`, `to` for deployments) of a
/// list paged by creation time.
fn time_page_params(what: &str) -> Vec<Value> {
    let time = || or_empty(json!({"type": "integer", "format": "int64", "minimum": 0}));
    vec![
        query_param("limit", or_empty(json!({"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT})),
            &format!("page size, 1..={MAX_LIMIT}; empty is the default; anything else → 400 `bad_request`")),
        query_param("until", time(),
            &format!("only {what} created strictly before this time (ms since the epoch); empty is none; not a non-negative integer → 400")),
        query_param("since", time(),
            &format!("only {what} created strictly after this time (ms); empty is none; not a non-negative integer → 400")),
    ]
}

/// The parameters of the deployments list: every filter of Vercel's.
fn list_params(state_alternatives: &str) -> Vec<Value> {
    let time = || or_empty(json!({"type": "integer", "format": "int64", "minimum": 0}));
    let mut params = time_page_params("deployments");
    params.extend([
        query_param("from", time(),
            "the older name of `since`; when both are sent, the later of the two applies"),
        query_param("to", time(),
            "the older name of `until`; when both are sent, the earlier of the two applies"),
        query_param("state", json!({"type": "string", "pattern": format!("^(({state_alternatives})(,({state_alternatives}))*)?$")}),
            "comma-separated readyStates (upper case, no spaces), any of them; empty is none; any other value → 400"),
        query_param("projectId", json!({"type": "string"}),
            "only this project's deployments, by its id or its name (an unknown one matches none); empty is none; not with `projectIds` (→ 400)"),
        json!({"name": "projectIds", "in": "query", "required": false, "style": "form", "explode": true,
            "schema": {"type": "array", "items": {"type": "string"}},
            "description": "only these projects' deployments, by id or name: the parameter repeated (as Vercel's SDK sends it) or comma-separated; not with `projectId` (→ 400)"}),
        query_param("target", or_empty(json!({"type": "string", "enum": ["production", "staging", "preview"]})),
            "`production`, `staging`, or `preview` for deployments whose `target` is null; empty is none; anything else → 400"),
        query_param("app", json!({"type": "string"}), "only deployments of this `name`; empty is none"),
        query_param("users", json!({"type": "string"}),
            "only deployments created by these users: comma-separated user ids (`creator.uid`); empty is none"),
        query_param("rollbackCandidate", or_empty(json!({"type": "boolean"})),
            "`true`: only rollback candidates (`isRollbackCandidate`: READY production deployments); `false`: only the others; empty is none; anything else → 400"),
        query_param("branch", json!({"type": "string"}),
            "only deployments whose `meta` names this git branch (`githubCommitRef`, `gitlabCommitRef` or `bitbucketCommitRef`); empty is none"),
        query_param("sha", json!({"type": "string"}),
            "only deployments whose `meta` names this commit (`githubCommitSha`, `gitlabCommitSha` or `bitbucketCommitSha`); empty is none"),
    ]);
    params
}

fn ms(description: &str) -> Value {
    json!({"type": "integer", "format": "int64", "minimum": 0, "description": description})
}

/// A user id, as the server makes them (the demo's are padded with zeros).
const USER_ID_PATTERN: &str = "^usr_[0-9A-Za-z]{24}$";

/// `VercelDeployment` (a list item) and `VercelDeploymentDetail` (the owner's full view: the
/// same properties and the ones Vercel's full view requires besides), with `meta` the schema of
/// an answered `meta`.
fn deployment_schemas(meta: Value) -> (Value, Value) {
    let id = json!({"type": "string", "pattern": "^dpl_[0-9A-Za-z]{24}$"});
    let name = json!({"type": "string", "minLength": 1, "maxLength": NAME_MAX_CHARS, "pattern": name_pattern()});
    let sources: Vec<&str> = SOURCES.to_vec();
    let common = json!({
        "uid": {"allOf": [id.clone()], "description": "the same as `id`"},
        "id": id,
        "name": name,
        "url": {"type": "string", "pattern": format!("^[a-z0-9._-]{{1,100}}-[0-9a-z]{{8}}\\.{}$", DOMAIN.replace('.', "\\.")),
            "description": format!("`<name>-<8 lowercase alphanumerics>.{DOMAIN}`, no scheme; unique")},
        "projectId": {"type": "string", "pattern": PROJECT_ID_PATTERN},
        "created": ms("creation time; unique within a scope"),
        "createdAt": ms("the same as `created`"),
        "initializingAt": ms("ours: when it left QUEUED"),
        "buildingAt": ms("when it began BUILDING (again, if a restart interrupted the build); until it has, its `createdAt`: Vercel's full view requires a time. A build always spends time INITIALIZING first (`--build-initializing-ms` is at least 1), so a later time is a real start"),
        "ready": ms("when the build ended, READY or ERROR"),
        "canceledAt": ms("when it was canceled"),
        "state": {"allOf": [schema_ref("VercelReadyState")], "description": "the same as `readyState`"},
        "readyState": schema_ref("VercelReadyState"),
        "readySubstate": {"type": "string", "enum": ["STAGED", "PROMOTED"],
            "description": "only when READY: PROMOTED for target production, else STAGED"},
        "type": {"type": "string", "enum": ["LAMBDAS"]},
        "creator": {"type": "object", "required": ["uid", "username"], "additionalProperties": false, "properties": {
            "uid": {"type": "string", "pattern": USER_ID_PATTERN},
            "username": {"type": "string", "minLength": 1}}},
        "source": {"type": "string", "enum": sources,
            "description": "Vercel's values: `cli` for every deployment created through this API (Vercel has no `api` source; its CLI creates deployments through the same endpoint); the demo data has the others"},
        "target": {"type": "string", "enum": ["production", "staging"], "nullable": true, "description": "null for a preview"},
        "meta": meta,
        "inspectorUrl": {"type": "string", "pattern": format!("^https://{}/", DOMAIN.replace('.', "\\.")),
            "description": "ours: `https://<domain>/<team slug or username>/<project>/<id without dpl_>`"},
        "errorCode": {"type": "string", "enum": ["BUILD_FAILED"], "description": "ours, only when ERROR"},
        "errorMessage": {"type": "string", "minLength": 1, "description": "ours, only when ERROR, e.g. `Build failed: simulated failure (meta.fail)`"},
        "aliasAssigned": {"type": "boolean", "description": "whether its aliases are assigned: true once READY"},
        "isRollbackCandidate": {"type": "boolean", "description": "whether an instant rollback could return to it: a READY production deployment"}
    });
    let required = [
        "uid",
        "id",
        "name",
        "url",
        "projectId",
        "created",
        "createdAt",
        "buildingAt",
        "state",
        "readyState",
        "type",
        "creator",
        "source",
        "target",
        "meta",
        "inspectorUrl",
        "aliasAssigned",
        "isRollbackCandidate",
    ];
    let deployment = json!({"type": "object", "required": required,
        "additionalProperties": false, "properties": common.clone()});
    let owner = json!({
        "status": {"allOf": [schema_ref("VercelReadyState")], "description": "the same as `readyState`"},
        "bootedAt": ms("when it was created, as in Vercel's own answers"),
        "build": {"type": "object", "required": ["env"], "additionalProperties": false, "properties": {
            "env": {"type": "array", "maxItems": 0, "items": {"type": "string"}, "description": "the names of the build's environment variables: none"}}},
        "buildSkipped": {"type": "boolean", "enum": [false]},
        "createdIn": {"type": "string", "enum": [REGION], "description": "ours: the server's one region"},
        "env": {"type": "array", "maxItems": 0, "items": {"type": "string"}, "description": "the names of its runtime environment variables: none"},
        "isInConcurrentBuildsQueue": {"type": "boolean", "description": "true while QUEUED: every wait here is for a build slot of the scope (`--build-concurrency`)"},
        "isInSystemBuildsQueue": {"type": "boolean", "enum": [false]},
        "ownerId": {"type": "string", "pattern": "^(team|usr)_[0-9A-Za-z]+$", "description": "the scope: the team's id, or the user's own"},
        "plan": {"type": "string", "enum": ["hobby", "pro"], "description": "`pro` in a team, `hobby` in a personal scope"},
        "projectSettings": {"type": "object", "additionalProperties": false,
            "required": ["buildCommand", "devCommand", "framework", "installCommand", "outputDirectory"],
            "description": "this server builds no code: every setting is null",
            "properties": {
                "buildCommand": {"type": "string", "nullable": true, "enum": [null]},
                "devCommand": {"type": "string", "nullable": true, "enum": [null]},
                "framework": {"type": "string", "nullable": true, "enum": [null]},
                "installCommand": {"type": "string", "nullable": true, "enum": [null]},
                "outputDirectory": {"type": "string", "nullable": true, "enum": [null]}}},
        "public": {"type": "boolean", "enum": [false]},
        "regions": {"type": "array", "minItems": 1, "maxItems": 1, "items": {"type": "string", "enum": [REGION]}},
        "routes": {"type": "array", "nullable": true, "enum": [null], "items": {}, "description": "no routing rules"},
        "version": {"type": "integer", "enum": [PLATFORM_VERSION]}
    });
    let owner = owner.as_object().cloned().unwrap_or_default();
    let mut properties = common.as_object().cloned().unwrap_or_default();
    properties.extend(owner.clone());
    let all_required: Vec<&str> = required
        .iter()
        .copied()
        .chain(owner.keys().map(String::as_str))
        .collect();
    let detail = json!({"type": "object", "required": all_required,
        "description": "A deployment as its owner sees it (get, create, cancel): the list item's properties and those Vercel's full view requires besides, so that Vercel's SDK reads it as that view.",
        "additionalProperties": false, "properties": properties});
    (deployment, detail)
}

/// The Vercel-style schemas.
pub fn schemas() -> Value {
    let name = json!({"type": "string", "minLength": 1, "maxLength": NAME_MAX_CHARS, "pattern": name_pattern()});
    let meta = |description: &str| {
        json!({"type": "object", "maxProperties": META_MAX_KEYS,
        "propertyNames": {"type": "string", "minLength": 1, "maxLength": META_KEY_MAX_CHARS},
        "additionalProperties": {"type": "string", "maxLength": META_VALUE_MAX_CHARS},
        "description": description})
    };
    let mut create_meta = meta(&format!("string values only; at most {META_MAX_KEYS} keys of 1..={META_KEY_MAX_CHARS} characters, values of at most {META_VALUE_MAX_CHARS} characters; null or absent is `{{}}`; `fail: \"true\"` makes the build end ERROR; `buildMs: \"<digits>\"` sets how long it stays BUILDING (at most an hour)"));
    create_meta["nullable"] = json!(true);
    // The same rule for keys again, as `patternProperties` and no other property: test tools
    // that generate bodies from the document (schemathesis) honour this form, while some drop
    // `propertyNames` when they generate.
    let value = create_meta["additionalProperties"].take();
    create_meta["patternProperties"] =
        json!({format!("^[\\s\\S]{{1,{META_KEY_MAX_CHARS}}}$"): value});
    create_meta["additionalProperties"] = json!(false);
    let (deployment, detail) = deployment_schemas(meta("as given at creation"));
    json!({
        "VercelError": {"type": "object", "required": ["error"], "additionalProperties": false, "properties": {
            "error": {"type": "object", "required": ["code", "message"], "additionalProperties": false, "properties": {
                "code": {"type": "string", "enum": ["bad_request", "forbidden", "not_found", "method_unknown", "internal_server_error"]},
                "message": {"type": "string", "minLength": 1}}}}},
        "VercelReadyState": {"type": "string", "enum": states()},
        "VercelDeployment": deployment,
        "VercelDeploymentDetail": detail,
        "VercelPagination": {"type": "object", "required": ["count", "next", "prev"], "additionalProperties": false, "properties": {
            "count": {"type": "integer", "minimum": 0, "maximum": MAX_LIMIT},
            "next": {"type": "integer", "format": "int64", "nullable": true, "description": "`until` of the next (older) page; null when there is none"},
            "prev": {"type": "integer", "format": "int64", "nullable": true, "description": "`created` of the first item; null on an empty page"}}},
        "VercelDeploymentList": {"type": "object", "required": ["deployments", "pagination"], "additionalProperties": false, "properties": {
            "deployments": {"type": "array", "maxItems": MAX_LIMIT, "items": schema_ref("VercelDeployment")},
            "pagination": schema_ref("VercelPagination")}},
        "VercelTeam": {"type": "object",
            "description": "The fields of Vercel's full team view that its SDK requires.",
            "required": ["id", "slug", "name", "createdAt", "updatedAt", "creatorId", "stagingPrefix", "avatar", "description", "billing"],
            "additionalProperties": false, "properties": {
            "id": {"type": "string", "pattern": "^team_[0-9A-Za-z]+$"},
            "slug": {"type": "string", "minLength": 1},
            "name": {"type": "string", "minLength": 1},
            "createdAt": ms("creation time"),
            "updatedAt": ms("teams are not edited here: the same as `createdAt`"),
            "creatorId": {"type": "string", "pattern": USER_ID_PATTERN, "description": "the user who created it"},
            "stagingPrefix": {"type": "string", "minLength": 1, "description": "the prefix of its staging aliases: its slug"},
            "avatar": {"type": "string", "nullable": true, "enum": [null], "description": "none"},
            "description": {"type": "string", "nullable": true, "enum": [null], "description": "none"},
            "billing": {"type": "object", "required": ["plan"], "additionalProperties": false, "properties": {
                "plan": {"type": "string", "enum": ["pro"], "description": "every team here is on the `pro` plan"}}}}},
        "VercelTeamList": {"type": "object", "required": ["teams", "pagination"], "additionalProperties": false, "properties": {
            "teams": {"type": "array", "items": schema_ref("VercelTeam")},
            "pagination": schema_ref("VercelPagination")}},
        "VercelCreateDeployment": {"type": "object", "required": ["name"],
            "description": "Other properties are ignored.",
            "properties": {
            "name": name.clone(),
            "project": {"type": "string", "nullable": true,
                "anyOf": [{"pattern": PROJECT_ID_PATTERN}, {"pattern": name_pattern()}],
                "description": "a project id or a name (the rule of `name`); null or absent is `name`. A value that begins with `prj_` is taken as an id and must name a project of the scope (else 400 `project: no project … in this scope`); a name that no project of the scope has creates the project"},
            "target": {"type": "string", "enum": ["production", "staging", "preview", null], "nullable": true, "description": "`preview`, null and absent are the same (a preview); `staging` as Vercel's"},
            "meta": create_meta}}
    })
}

/// The decisions of `api.md` §4 that a reader of the document needs.
pub fn decisions() -> Vec<Value> {
    [
        "Deployments (Vercel-style, /v6, /v7, /v12, /v13 and /v2/teams): `Authorization: Bearer <token>` only; the server's admin key is also a token, of user `admin`. Errors are `{\"error\": {\"code\", \"message\"}}` with codes bad_request, forbidden, not_found, method_unknown, internal_server_error; any unknown path under one of Vercel's API versions (/v1, /v3 to /v13) or under /v2/teams is 404 not_found in this shape (under the rest of /v2, the Functions API's FAAS-404 envelope), never the console's page; a wrong Content-Type is 400 bad_request; a body over 1 MiB is 413 bad_request.",
        "Deployments: the answers pass the schemas of Vercel's own SDK (@vercel/sdk) in their full, owner's, variant, with every field that variant requires present (none left to a default): get, create and cancel answer VercelDeploymentDetail, where the fields of Vercel's that this server has no use for carry fixed values (no env, no routes, no project settings, one region `dev1`, plan `pro` in a team and `hobby` in a personal scope). `buildingAt` is `createdAt` until the build begins BUILDING; `bootedAt` is `createdAt`.",
        "Deployments: the list is at /v6 and at /v7 (where Vercel's SDK reads it), the same; it takes every filter of Vercel's (`app`, `from`/`to`, `projectId` by id or name, `projectIds`, `users`, `rollbackCandidate`, `branch`, `sha`, `state`, `target` with `staging`), all applied together.",
        "Deployments: `teamId` or `slug` selects a team of the token's user (`teamId` wins when both are sent); none selects the user's personal scope, and an empty value is none (as for every query parameter of these routes); any other team, existing or not, is 403 forbidden. A deployment of another scope is 404 not_found.",
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
        "description": "act in this team (`team_…`) of the token's user; any other value → 403 forbidden; empty is none; wins over `slug` when both are sent"});
    doc["components"]["parameters"]["VercelSlug"] = json!({
        "name": "slug", "in": "query", "required": false, "schema": {"type": "string"},
        "description": "act in the token's user's team with this slug; any other value → 403 forbidden; empty is none; ignored when a non-empty `teamId` is sent"});
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
            "/v7/deployments",
            "/v13/deployments",
            "/v13/deployments/{idOrUrl}",
            "/v12/deployments/{id}/cancel",
            "/v13/deployments/{id}/cancel",
            "/v2/teams",
            "/v2/teams/{teamId}",
        ] {
            assert!(doc["paths"][path].is_object(), "{path}");
        }
        assert!(doc["components"]["schemas"]["A"].is_object());
        assert!(doc["components"]["schemas"]["VercelDeployment"].is_object());
        assert!(doc["components"]["securitySchemes"]["ApiKey"].is_object());
        assert_eq!(doc["x-faas-decisions"].as_array().unwrap().len(), 7);
    }

    /// Whether a query parameter's schema admits the empty value, which the server takes as
    /// none: a plain string, a pattern that matches nothing at all, an `anyOf` with "", or an
    /// array of such.
    fn admits_empty(schema: &Value) -> bool {
        if schema["type"] == "array" {
            return admits_empty(&schema["items"]);
        }
        let plain = schema["type"] == "string"
            && schema.get("enum").is_none()
            && schema.get("minLength").is_none();
        let pattern = schema["pattern"]
            .as_str()
            .is_some_and(|p| p.ends_with(")?$"));
        let any_of = schema["anyOf"]
            .as_array()
            .is_some_and(|o| o.iter().any(|s| s["enum"] == json!([""])));
        (plain && schema.get("pattern").is_none()) || pattern || any_of
    }

    #[test]
    fn every_query_parameter_admits_the_empty_value() {
        let doc = merge(json!({"paths": {}, "components": {"schemas": {},
            "securitySchemes": {}, "parameters": {}}, "x-faas-decisions": []}));
        let mut seen = 0;
        for (path, item) in doc["paths"].as_object().unwrap() {
            for (method, op) in item.as_object().unwrap() {
                for p in op["parameters"].as_array().unwrap() {
                    let p = match p["$ref"].as_str() {
                        Some(r) => {
                            &doc["components"]["parameters"]
                                [r.trim_start_matches("#/components/parameters/")]
                        }
                        None => p,
                    };
                    if p["in"] == "query" {
                        seen += 1;
                        assert!(admits_empty(&p["schema"]), "{method} {path} {}", p["name"]);
                    }
                }
            }
        }
        assert_eq!(
            seen,
            8 * 2 + 2 * 14 + 3,
            "teamId and slug on 8 operations, 14 list parameters twice (v6, v7), 3 of teams"
        );
    }

    #[test]
    fn the_create_body_says_what_validate_create_checks() {
        let schemas = schemas();
        let body = &schemas["VercelCreateDeployment"]["properties"];
        let name = format!("^[a-z0-9._-]{{1,{NAME_MAX_CHARS}}}$");
        assert_eq!(body["name"]["pattern"], name.as_str());
        let project: Vec<&Value> = body["project"]["anyOf"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| &s["pattern"])
            .collect();
        assert_eq!(project, [PROJECT_ID_PATTERN, name.as_str()]);
        assert_eq!(body["project"]["nullable"], true);
        assert_eq!(
            body["target"]["enum"],
            json!(["production", "staging", "preview", null])
        );
        let meta = &body["meta"];
        assert_eq!(meta["nullable"], true);
        assert_eq!(meta["maxProperties"], META_MAX_KEYS);
        assert_eq!(meta["propertyNames"]["minLength"], 1);
        assert_eq!(meta["propertyNames"]["maxLength"], META_KEY_MAX_CHARS);
        assert_eq!(meta["additionalProperties"], false);
        let values = meta["patternProperties"].as_object().unwrap();
        assert_eq!(values.len(), 1);
        let (keys, value) = values.iter().next().unwrap();
        assert_eq!(keys, &format!("^[\\s\\S]{{1,{META_KEY_MAX_CHARS}}}$"));
        assert_eq!(value["maxLength"], META_VALUE_MAX_CHARS);
        // The answers keep the plain form (any key the create took).
        let answered = &schemas["VercelDeployment"]["properties"]["meta"];
        assert_eq!(
            answered["additionalProperties"]["maxLength"],
            META_VALUE_MAX_CHARS
        );
    }
}
