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
            "get": {"summary": "This document", "security": [],
                "responses": {"200": {"description": "OpenAPI 3.0 document", "content": {"application/json": {}}}}}
        }
    })
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
        "DeploymentState": {"type": "string", "enum": states}
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
            "Limits are server flags: names 1..=100 chars, descriptions ≤1000, tags ≤20 of 1..=50 `[a-z0-9-_]`, 1..=20 functions per revision (422 FAAS-1006), code ≤256 KiB, 100 packages per account (422 FAAS-1005), 5 deployments per revision (422 FAAS-1007)."
        ],
        "servers": [{"url": "/"}],
        "paths": paths(),
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
