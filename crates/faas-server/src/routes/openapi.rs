//! `GET /v2/faas/openapi.json`: the OpenAPI 3.0 document of every operation this server
//! implements, with the project's own decisions written down (`x-faas-decisions`, and in
//! operation descriptions). A new operation adds its entry to [`paths`].

use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Map, Value};

/// Serves the document; no key needed.
pub async fn document() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        serde_json::to_string(&spec()).unwrap_or_default(),
    )
        .into_response()
}

fn schema_ref(name: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{name}")})
}

/// `{"data": T, "meta", "errors"}` with `data` of `data_schema`.
fn envelope(data_schema: Value) -> Value {
    json!({
        "type": "object",
        "required": ["meta", "errors"],
        "properties": {
            "data": data_schema,
            "meta": schema_ref("Meta"),
            "errors": {"type": "array", "items": schema_ref("ApiError"), "maxItems": 0}
        }
    })
}

fn ok_response(description: &str, data_schema: Option<Value>) -> Value {
    let schema = match data_schema {
        Some(s) => envelope(s),
        None => envelope(json!({"nullable": true, "description": "absent"})),
    };
    json!({
        "description": description,
        "headers": {"X-Correlation-Id": {"$ref": "#/components/headers/X-Correlation-Id"}},
        "content": {"application/json": {"schema": schema}}
    })
}

fn error_response(description: &str) -> Value {
    json!({
        "description": description,
        "headers": {"X-Correlation-Id": {"$ref": "#/components/headers/X-Correlation-Id"}},
        "content": {"application/json": {"schema": schema_ref("ErrorEnvelope")}}
    })
}

/// The error answers every authenticated operation can give, plus `extra`.
fn responses(ok: Value, extra: &[(&str, &str)], body: bool) -> Value {
    let mut map = Map::new();
    map.insert("200".into(), ok);
    let mut errors: Vec<(&str, String)> = vec![
        (
            "400",
            "FAAS-1000 malformed X-Correlation-Id; FAAS-400 malformed PubNub-Version or validation (one error per field, `field` = JSON path)".into(),
        ),
        ("401", "FAAS-1001 no key; FAAS-1002 unknown, revoked or expired key".into()),
        ("403", "FAAS-403 missing grant; the message names it (`missing grant functions.package:write on account`)".into()),
        ("404", "FAAS-404 Entity not found (also another account's entity, and ids that are not UUIDs)".into()),
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
        if let Some(e) = errors.iter_mut().find(|(s, _)| s == status) {
            e.1.push_str("; ");
            e.1.push_str(text);
        } else {
            errors.push((status, (*text).to_owned()));
        }
    }
    for (status, text) in errors {
        map.insert(status.into(), error_response(&text));
    }
    Value::Object(map)
}

fn common_params() -> Vec<Value> {
    vec![
        json!({"$ref": "#/components/parameters/PubNubVersion"}),
        json!({"$ref": "#/components/parameters/CorrelationId"}),
    ]
}

fn paging_params(sortable: &[&str], default_sort: &str) -> Vec<Value> {
    let mut params = common_params();
    params.extend([
        json!({"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 0, "default": 0}, "description": "0-based page number"}),
        json!({"name": "size", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}, "description": "0 → 400 FAAS-1019; over 100 → 400 FAAS-1023"}),
        json!({"name": "sort", "in": "query", "schema": {"type": "string", "example": format!("{},DESC", sortable[0])},
            "description": format!("`field,ASC|DESC`; fields: {}; default {default_sort}; ties broken by id. Any other field → 400 FAAS-1023", sortable.join(", "))}),
        json!({"name": "search", "in": "query", "schema": {"type": "string"}, "description": "case-insensitive substring of `name`"}),
    ]);
    params
}

fn id_param(what: &str) -> Value {
    json!({"name": "id", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"},
        "description": format!("{what} id; a value that is not a UUID is answered 404 FAAS-404")})
}

fn body(schema: &str) -> Value {
    json!({"required": true, "content": {"application/json": {"schema": schema_ref(schema)}}})
}

fn array_of(name: &str) -> Value {
    json!({"type": "array", "items": schema_ref(name)})
}

fn op(summary: &str, grant: &str, params: Vec<Value>, resp: Value) -> Value {
    json!({
        "summary": summary,
        "description": format!("Grant: {grant}."),
        "security": [{"ApiKey": []}],
        "parameters": params,
        "responses": resp
    })
}

fn with_body(mut operation: Value, schema: &str) -> Value {
    operation["requestBody"] = body(schema);
    operation
}

fn with_params(mut params: Vec<Value>, extra: Value) -> Vec<Value> {
    params.insert(0, extra);
    params
}

const PKG_READ: &str = "functions.package:read on account";
const PKG_WRITE: &str = "functions.package:write on account";
const DEP_READ: &str = "functions.package-deployment:read on account or on the deployment's keyset (write implies read)";
const DEP_WRITE: &str =
    "functions.package-deployment:write on account or on the deployment's keyset";

/// Paging and sort of a deployment list (deployments have no name to `search`).
fn deployment_paging_params() -> Vec<Value> {
    paging_params(faas_api::DEPLOYMENT_SORT_FIELDS, "createdDttm,DESC")
        .into_iter()
        .filter(|p| p["name"] != "search")
        .collect()
}

fn query_param(name: &str, schema: Value, description: &str) -> Value {
    json!({"name": name, "in": "query", "schema": schema, "description": description})
}

fn deployment_paths() -> Value {
    let deployment = || Some(schema_ref("PackageDeployment"));
    let uuid = || json!({"type": "string", "format": "uuid"});
    let mut list_params = deployment_paging_params();
    list_params.extend([
        query_param(
            "package_id",
            uuid(),
            "only deployments of this package; not a UUID → 400 FAAS-400 naming the parameter",
        ),
        query_param(
            "package_revision_id",
            uuid(),
            "only deployments of this revision; not a UUID → 400 FAAS-400",
        ),
        query_param(
            "keyset_id",
            json!({"type": "integer", "format": "int64"}),
            "only deployments to this keyset; not an integer → 400 FAAS-400",
        ),
        query_param(
            "state",
            schema_ref("DeploymentState"),
            "only deployments in this state; another value → 400 FAAS-400",
        ),
    ]);
    let mut stop_all_params = common_params();
    stop_all_params.extend([
        query_param(
            "package_id",
            uuid(),
            "stop every deployment of this package",
        ),
        query_param(
            "package_revision_id",
            uuid(),
            "stop every deployment of this revision",
        ),
    ]);
    let mut stop_params = with_params(common_params(), id_param("deployment"));
    stop_params.push(query_param("force", json!({"type": "boolean", "default": false}),
        "`true` aborts a start (STARTING → STOPPED at once); anything but `true`/`false` → 400 FAAS-400"));
    json!({
        "/v2/faas/package-revisions/{id}/package-deployments": {
            "get": op("List a revision's deployments", DEP_READ,
                with_params(deployment_paging_params(), id_param("revision")),
                responses(ok_response("a page of deployments, newest first by default; a key whose grant covers some keysets only sees theirs", Some(array_of("PackageDeployment"))),
                    &[("404", "the revision is not the account's")], false))
        },
        "/v2/faas/package-deployments": {
            "get": op("List the account's deployments (ours: the public API has no such list)", DEP_READ, list_params,
                responses(ok_response("a page of deployments, newest first by default; a key whose grant covers some keysets only sees theirs", Some(array_of("PackageDeployment"))), &[], false)),
            "post": with_body(op("Deploy a revision to a keyset", "functions.package-deployment:write on account or on that keyset", common_params(),
                responses(ok_response("the deployment, STOPPED, with one STOPPED function deployment per function of the revision", deployment()),
                    &[("404", "the revision (`packageRevisionId`) or the keyset (`keysetId`, with `field`) is not the account's; a revision id that is not a UUID names no revision"),
                      ("409", "FAAS-1015 the revision is already deployed to that keyset"),
                      ("422", "FAAS-2001 the revision has the most deployments allowed (server flag, default 5)")], true)),
                "CreateDeployment")
        },
        "/v2/faas/package-deployments/{id}": {
            "get": op("Get a deployment with its function deployments", DEP_READ,
                with_params(common_params(), id_param("deployment")),
                responses(ok_response("the deployment", deployment()), &[], false)),
            "delete": op("Delete a deployment", DEP_WRITE,
                with_params(common_params(), id_param("deployment")),
                responses(ok_response("deleted; no data", None),
                    &[("409", "FAAS-1014 the deployment is not STOPPED or FAILED")], false))
        },
        "/v2/faas/package-deployments/{id}/function-deployments": {
            "post": op("Start a deployment, or restart it while RUNNING", DEP_WRITE,
                with_params(common_params(), id_param("deployment")),
                responses(ok_response("the deployment, now STARTING (also with --transition-ms 0). When the transition time has passed it is RUNNING if every function's code parses as an ES module with a default export, else FAILED with each failing function FAILED and its `error` (`line L:C: message`); functions that built are then STOPPED. A revision never changes, so a FAILED one fails again", deployment()),
                    &[("423", "FAAS-1008 the deployment is STARTING or STOPPING"),
                      ("422", "FAAS-2002 the account runs the most deployments allowed at once")], false)),
            "delete": op("Stop a deployment", DEP_WRITE, stop_params,
                responses(ok_response("the deployment: RUNNING → STOPPING (STOPPED when the transition time has passed); STOPPED → unchanged; FAILED → STOPPED at once; STARTING with force=true → STOPPED at once (the start is aborted)", deployment()),
                    &[("423", "FAAS-1009 the deployment is STOPPING, or STARTING without force=true")], false))
        },
        "/v2/faas/function-deployments": {
            "delete": op("Stop every deployment of a package or of a revision (exactly one of the parameters)",
                "functions.package-deployment:write on account", stop_all_params,
                responses(ok_response("every deployment of the package or revision, all now STOPPED at once: starts are aborted, stops finished, RUNNING and FAILED ones stopped; STOPPED ones unchanged. Newest first", Some(array_of("PackageDeployment"))),
                    &[("400", "neither or both of package_id and package_revision_id, or one that is not a UUID"),
                      ("404", "the package or revision is not the account's")], false))
        }
    })
}

fn paths() -> Value {
    let pkg_sorts = faas_api::PACKAGE_SORT_FIELDS;
    let rev_sorts = faas_api::REVISION_SORT_FIELDS;
    json!({
        "/v2/keysets": {
            "get": op("List the account's keysets", "any valid key",
                paging_params(faas_api::KEYSET_SORT_FIELDS, "id,ASC"),
                responses(ok_response("a page of keysets", Some(array_of("Keyset"))), &[], false))
        },
        "/v2/faas/packages": {
            "get": op("List packages", PKG_READ, paging_params(pkg_sorts, "createdDttm,DESC"),
                responses(ok_response("a page of packages", Some(array_of("Package"))), &[], false)),
            "post": with_body(op("Create a package with its first revision", PKG_WRITE, common_params(),
                responses(ok_response("the package; its first revision is named `revisionName` or `v1`", Some(schema_ref("Package"))),
                    &[("409", "FAAS-409 a package of that name (case-insensitive) exists"),
                      ("422", "FAAS-1005 the account has the most packages allowed; FAAS-1006 too many functions")], true)),
                "CreatePackage")
        },
        "/v2/faas/packages/{id}": {
            "get": op("Get a package", PKG_READ, with_params(common_params(), id_param("package")),
                responses(ok_response("the package", Some(schema_ref("Package"))), &[], false)),
            "put": with_body(op("Update a package's name, description or tags (only what is sent changes)", PKG_WRITE,
                with_params(common_params(), id_param("package")),
                responses(ok_response("the package", Some(schema_ref("Package"))),
                    &[("409", "FAAS-409 name taken")], true)), "UpdatePackage"),
            "delete": op("Delete a package with its revisions and deployments", PKG_WRITE,
                with_params(common_params(), id_param("package")),
                responses(ok_response("deleted; no data", None),
                    &[("409", "FAAS-1016 a deployment of the package is not STOPPED or FAILED")], false))
        },
        "/v2/faas/packages/{id}/package-revisions": {
            "get": op("List a package's revisions (without functions)", PKG_READ,
                with_params(paging_params(rev_sorts, "createdDttm,DESC"), id_param("package")),
                responses(ok_response("a page of revisions", Some(array_of("PackageRevision"))), &[], false))
        },
        "/v2/faas/package-revisions": {
            "post": with_body(op("Create a revision of a package", PKG_WRITE, common_params(),
                responses(ok_response("the revision with its functions. `name` defaults to the next `v<n>`. A function keeps its identity (`id`) when the body sends the `id` of a function of this package, or, without `id`, the name of a function of the latest revision; `functionRevisionId` is always new", Some(schema_ref("PackageRevision"))),
                    &[("404", "the package (`packageId`) is not found"),
                      ("409", "FAAS-409 a revision of that name (case-insensitive) exists in the package"),
                      ("422", "FAAS-1006 too many functions")], true)),
                "CreateRevision")
        },
        "/v2/faas/package-revisions/{id}": {
            "get": op("Get a revision with its functions", PKG_READ,
                with_params(common_params(), id_param("revision")),
                responses(ok_response("the revision", Some(schema_ref("PackageRevision"))), &[], false)),
            "put": with_body(op("Rename or redescribe a revision (its functions never change)", PKG_WRITE,
                with_params(common_params(), id_param("revision")),
                responses(ok_response("the revision", Some(schema_ref("PackageRevision"))),
                    &[("409", "FAAS-409 name taken")], true)), "UpdateRevision"),
            "delete": op("Delete a revision with its deployments", PKG_WRITE,
                with_params(common_params(), id_param("revision")),
                responses(ok_response("deleted; no data", None),
                    &[("409", "FAAS-1017 a deployment of the revision is not STOPPED or FAILED; FAAS-409 it is the package's only revision (delete the package instead)")], false))
        },
        "/v2/faas/package-revisions/{id}/functions": {
            "get": op("List a revision's functions", PKG_READ,
                with_params(paging_params(faas_api::FUNCTION_SORT_FIELDS, "sortOrder,ASC"), id_param("revision")),
                responses(ok_response("a page of functions", Some(array_of("Function"))), &[], false))
        },
        "/v2/faas/limits/package-deployments-running": {
            "get": op("The account's limit of RUNNING package deployments", PKG_READ, common_params(),
                responses(ok_response("the limit; values are strings as in the public API", Some(schema_ref("Limit"))), &[], false))
        },
        "/v2/faas/openapi.json": {
            "get": {"summary": "This document", "security": [], "parameters": common_params(),
                "responses": {"200": {"description": "OpenAPI 3.0 document", "content": {"application/json": {}}},
                    "400": error_response("FAAS-1000 malformed X-Correlation-Id; FAAS-400 malformed PubNub-Version")}}
        }
    })
}

/// Every path: packages and revisions, then deployments.
fn all_paths() -> Value {
    let mut all = paths();
    if let (Some(map), Value::Object(more)) = (all.as_object_mut(), deployment_paths()) {
        map.extend(more);
    }
    if let (Some(map), Value::Object(more)) = (all.as_object_mut(), super::qa_openapi::paths()) {
        map.extend(more);
    }
    all
}

fn string() -> Value {
    json!({"type": "string"})
}

fn timestamp() -> Value {
    json!({"type": "string", "format": "date-time", "example": "2026-01-15T10:30:00.000Z",
        "description": "RFC 3339 UTC with milliseconds"})
}

fn function_types() -> Value {
    let names: Vec<&str> = faas_api::FunctionType::ALL
        .iter()
        .map(|t| t.as_str())
        .collect();
    json!({"type": "string", "enum": names})
}

fn schemas() -> Value {
    let states: Vec<&str> = faas_api::DeploymentState::ALL
        .iter()
        .map(|s| s.as_str())
        .collect();
    json!({
        "Meta": {"type": "object", "required": ["timestamp", "correlationId"], "properties": {
            "timestamp": timestamp(), "correlationId": {"type": "string", "format": "uuid"},
            "paging": schema_ref("Paging")}},
        "Paging": {"type": "object", "properties": {
            "totalElements": {"type": "integer"}, "totalPages": {"type": "integer"},
            "pageSize": {"type": "integer"}, "pageNumber": {"type": "integer"}, "pageOffset": {"type": "integer"}}},
        "ApiError": {"type": "object", "required": ["code", "message"], "properties": {
            "code": {"type": "string", "example": "FAAS-404"}, "message": string(),
            "field": {"type": "string", "description": "JSON path of the offending field", "example": "functions[1].config.inputChannel"}}},
        "ErrorEnvelope": {"type": "object", "required": ["meta", "errors"], "properties": {
            "meta": schema_ref("Meta"), "errors": {"type": "array", "minItems": 1, "items": schema_ref("ApiError")}}},
        "Keyset": {"type": "object", "properties": {
            "id": {"type": "integer", "format": "int64"}, "name": string(),
            "subscribeKey": string(), "publishKey": string(),
            "appName": {"type": "string", "description": "ours: the app of the keyset"}}},
        "Package": {"type": "object", "properties": {
            "id": {"type": "string", "format": "uuid"},
            "packageBlueprintId": {"type": "string", "format": "uuid", "nullable": true},
            "name": string(), "description": string(), "apiManaged": {"type": "boolean"},
            "tags": {"type": "array", "items": string()},
            "revisionsTotal": {"type": "integer"},
            "revisionsRunning": {"type": "integer", "description": "revisions with at least one RUNNING deployment"},
            "packageDeploymentsTotal": {"type": "integer"},
            "packageDeploymentsRunning": {"type": "integer"},
            "createdDttm": timestamp(), "updatedDttm": timestamp()}},
        "PackageRevision": {"type": "object", "properties": {
            "id": {"type": "string", "format": "uuid"}, "packageId": {"type": "string", "format": "uuid"},
            "name": string(), "description": string(),
            "packageDeploymentsTotal": {"type": "integer"}, "packageDeploymentsRunning": {"type": "integer"},
            "createdDttm": timestamp(), "updatedDttm": timestamp(),
            "functions": {"type": "array", "items": schema_ref("Function"), "description": "absent in lists"}}},
        "Function": {"type": "object", "properties": {
            "id": {"type": "string", "format": "uuid", "description": "identity across revisions"},
            "functionRevisionId": {"type": "string", "format": "uuid", "description": "new in every revision"},
            "packageRevisionId": {"type": "string", "format": "uuid"},
            "name": string(), "language": {"type": "string", "enum": ["JAVASCRIPT"]},
            "type": function_types(), "sortOrder": {"type": "integer"}, "code": string(),
            "config": schema_ref("FunctionConfig"),
            "createdDttm": timestamp(), "updatedDttm": timestamp()}},
        "FunctionConfig": {"type": "object", "description": "fields by type: BEFORE_* inputChannel (required) and outputChannel; AFTER_* inputChannel; ON_REQUEST path; ON_INTERVAL intervalSeconds (1..=3600)",
            "properties": {"type": function_types(), "inputChannel": string(), "outputChannel": string(),
                "path": string(), "intervalSeconds": {"type": "integer", "minimum": 1, "maximum": 3600}}},
        "FunctionInput": {"type": "object", "required": ["name", "type", "code"], "properties": {
            "id": {"type": "string", "format": "uuid", "description": "the id of a function of this package, to keep its identity"},
            "name": string(), "language": {"type": "string", "enum": ["JAVASCRIPT"]},
            "type": function_types(), "sortOrder": {"type": "integer"},
            "code": {"type": "string", "description": "an ES module with a default export, 1 byte to 256 KiB"},
            "config": schema_ref("FunctionConfig")}},
        "CreatePackage": {"type": "object", "required": ["name", "functions"], "properties": {
            "name": string(), "description": string(), "tags": {"type": "array", "items": string()},
            "apiManaged": {"type": "boolean"}, "revisionName": string(), "revisionDescription": string(),
            "functions": {"type": "array", "minItems": 1, "maxItems": 20, "items": schema_ref("FunctionInput")}}},
        "UpdatePackage": {"type": "object", "properties": {
            "name": string(), "description": string(), "tags": {"type": "array", "items": string()}}},
        "CreateRevision": {"type": "object", "required": ["packageId", "functions"], "properties": {
            "packageId": {"type": "string", "format": "uuid"}, "name": string(), "description": string(),
            "functions": {"type": "array", "minItems": 1, "maxItems": 20, "items": schema_ref("FunctionInput")}}},
        "UpdateRevision": {"type": "object", "properties": {"name": string(), "description": string()}},
        "Limit": {"type": "object", "properties": {
            "name": string(), "description": string(), "maxValue": string(), "currentValue": string()}},
        "DeploymentState": {"type": "string", "enum": states,
            "description": "STOPPED → (start) STARTING → RUNNING | FAILED; RUNNING → (stop) STOPPING → STOPPED; STARTING and STOPPING last --transition-ms"},
        "PackageDeployment": {"type": "object", "properties": {
            "id": {"type": "string", "format": "uuid"},
            "packageRevisionId": {"type": "string", "format": "uuid"},
            "keysetId": {"type": "integer", "format": "int64"},
            "state": schema_ref("DeploymentState"),
            "functionDeployments": {"type": "array", "items": schema_ref("FunctionDeployment"),
                "description": "one per function of the revision, in the revision's order"},
            "createdDttm": timestamp(),
            "updatedDttm": {"type": "string", "format": "date-time", "description": "changes on every state change"}}},
        "FunctionDeployment": {"type": "object", "properties": {
            "functionRevisionId": {"type": "string", "format": "uuid"},
            "state": schema_ref("DeploymentState"),
            "error": {"type": "string", "example": "line 3:14: Unexpected token",
                "description": "ours, only on a FAILED function: its build error, 1-based line and column"},
            "createdDttm": timestamp(), "updatedDttm": timestamp()}},
        "CreateDeployment": {"type": "object", "required": ["packageRevisionId", "keysetId"], "properties": {
            "packageRevisionId": {"type": "string", "format": "uuid"},
            "keysetId": {"type": "integer", "format": "int64"}}}
    })
}

/// The whole document.
pub fn spec() -> Value {
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "faas-console reference server: Functions v2",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Every answer is an envelope `{data, meta: {timestamp, correlationId, paging?}, errors}`; an error has no `data`. Clients key decisions off `errors[].code`. Success answers are 200, creates included."
        },
        "x-faas-decisions": [
            "Auth: `Authorization: <key>` or `Authorization: Bearer <key>`.",
            "An entity of another account is 404 FAAS-404, never 403.",
            "A path id (or `packageId` in a body) that is not a UUID names no entity: 404 FAAS-404.",
            "Unknown body fields and read-only fields (`id`, counters, timestamps) are ignored.",
            "JSON of the wrong type is 400 FAAS-400 with `field` naming its JSON path; a body that is not JSON is 400 FAAS-1003.",
            "Package and revision names are unique case-insensitively.",
            "The only revision of a package cannot be deleted (409 FAAS-409).",
            "`search` is a case-insensitive substring of `name`; lists are newest first by default (keysets by id, functions by sortOrder), ties broken by id.",
            "Limits are server flags: names 1..=100 chars, descriptions ≤1000, tags ≤20 of 1..=50 `[a-z0-9-_]`, 1..=20 functions per revision (422 FAAS-1006), code ≤256 KiB, 100 packages per account (422 FAAS-1005), 5 deployments per revision (422 FAAS-2001), 50 deployments running at once per account (a start past it: 422 FAAS-2002). FAAS-2001 and FAAS-2002 are ours: the public error table has no code for these limits, and its FAAS-1007 means something else.",
            "Deployments: a keyset of `keysetId` that is not the account's is 404 FAAS-404 with `field: keysetId` (like the revision), never 400, so that a keyset id leaks nothing.",
            "Deployments: STARTING and STOPPING last --transition-ms (default 2000) and are settled by the server; the start answer always shows STARTING. Building checks each function's code as an ES module with a default export with a JavaScript parser; the error is `line L:C: message`.",
            "Deployment query parameters are validated: a malformed UUID, keyset id, state or `force` is 400 FAAS-400 naming the parameter.",
            "Stop-all (DELETE /v2/faas/function-deployments) settles at once: every deployment of the package or revision is STOPPED in its answer."
        ],
        "servers": [{"url": "/"}],
        "paths": all_paths(),
        "components": {
            "securitySchemes": {"ApiKey": {"type": "apiKey", "in": "header", "name": "Authorization"}},
            "headers": {"X-Correlation-Id": {"schema": {"type": "string", "format": "uuid"},
                "description": "the request's X-Correlation-Id, or a new UUID v4"}},
            "parameters": {
                "PubNubVersion": {"name": "PubNub-Version", "in": "header", "schema": {"type": "string", "pattern": "^\\d{4}-\\d{2}-\\d{2}$"},
                    "description": "optional API version date; malformed → 400 FAAS-400"},
                "CorrelationId": {"name": "X-Correlation-Id", "in": "header", "schema": {"type": "string", "format": "uuid"},
                    "description": "echoed in meta.correlationId; malformed → 400 FAAS-1000"}
            },
            "schemas": schemas()
        }
    })
}
