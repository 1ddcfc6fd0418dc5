//! The catalog and test inputs in the OpenAPI document (`api.md` §5, [`super::catalog`] and
//! [`super::test_inputs`]): their paths, schemas, links and decisions, built with the helpers
//! of [`super::openapi`] and merged into its document by [`super::openapi_document`].
//!
//! What a schema cannot say is in descriptions: the params and functions an import takes are
//! those of the blueprint in its path (a required param missing, or a STRING param's value
//! that makes an invalid trigger, is 400 naming it), and a payload's serialized length.

use faas_api::catalog::{
    ParamType, BLUEPRINT_SORT_FIELDS, DEFAULT_MIME_TYPE, MIME_TYPE_MAX_CHARS, PAYLOAD_MAX_CHARS,
};
use faas_api::kv::VALUE_MAX_CHARS;
use faas_api::validation::Limits;
use faas_api::FUNCTION_SORT_FIELDS;
use serde_json::{json, Map, Value};

use super::openapi::{
    array_of, common_params, description, function_types, id_links, link, linked, name, nullable,
    ok_response, op, paging_params, query_param, responses, schema_ref, string, tags, timestamp,
    uuid, uuid_or_empty, with_body, with_id, PKG_READ, PKG_WRITE,
};
use super::openapi_rollout::add_links;

const IMPORT_GRANT: &str = "functions.package:write on account, and functions.package-deployment:write on account or on the keyset of `keysetId`; when a SECRET param gets a value, functions.kv:write on account or on that keyset too";

/// `page` and `size` of a list that has no sort and no search.
fn page_params() -> Vec<Value> {
    paging_params(&["unused"], "", false)
        .into_iter()
        .filter(|p| p["name"] != "sort")
        .collect()
}

fn test_input_links(pointer: &str) -> Map<String, Value> {
    id_links(
        pointer,
        &["getTestInput", "updateTestInput", "deleteTestInput"],
    )
}

/// From an answer carrying a function revision id at `pointer`: its test inputs.
fn function_revision_links(pointer: &str) -> Map<String, Value> {
    id_links(pointer, &["listTestInputs", "createTestInput"])
}

fn paths() -> Value {
    let mut list_params = paging_params(BLUEPRINT_SORT_FIELDS, "name,ASC", true);
    list_params.push(query_param(
        "tag",
        json!({"type": "string"}),
        "only blueprints with this tag (its `name`, any case); empty is any",
    ));
    let mut param_params = page_params();
    param_params.push(query_param(
        "package_blueprint_id",
        uuid_or_empty(),
        "only the params of this blueprint (none if it names no blueprint); empty is every blueprint's; not a UUID → 400 FAAS-400",
    ));
    let blueprint_reads = [
        "getPackageBlueprint",
        "listFunctionBlueprints",
        "importBlueprint",
    ];
    let mut imported = id_links(
        "/data/id",
        &["getPackage", "updatePackage", "listPackageRevisions"],
    );
    imported.insert(
        "listImportedDeployments".into(),
        link(
            "listDeployments",
            json!({"query.package_id": "$response.body#/data/id"}),
            None,
        ),
    );
    json!({
        "/v2/faas/package-blueprints": {
            "get": linked(op("listPackageBlueprints", "List the catalog's package blueprints", PKG_READ, list_params,
                responses(ok_response("a page of blueprints, by name unless sorted otherwise; the catalog is the server's, the same for every account", Some(array_of("PackageBlueprint"))), &[], false)),
                id_links("/data/0/id", &blueprint_reads))
        },
        "/v2/faas/package-blueprints/{id}": {
            "get": linked(op("getPackageBlueprint", "Get a package blueprint", PKG_READ,
                with_id("package blueprint", common_params()),
                responses(ok_response("the blueprint", Some(schema_ref("PackageBlueprint"))), &[], false)),
                id_links("/data/id", &blueprint_reads[1..]))
        },
        "/v2/faas/package-blueprints/{id}/function-blueprints": {
            "get": op("listFunctionBlueprints", "List a package blueprint's functions, with their params and test inputs", PKG_READ,
                with_id("package blueprint", paging_params(FUNCTION_SORT_FIELDS, "sortOrder,ASC", false)),
                responses(ok_response("a page of the blueprint's functions, in their order unless sorted otherwise; `{{name}}` in code and config marks where a STRING param goes", Some(array_of("FunctionBlueprint"))), &[], false))
        },
        "/v2/faas/package-blueprints/{id}/packages": {
            "post": linked(with_body(op("importBlueprint", "Import a package blueprint: a new package with its first revision, deployed STOPPED to a keyset", IMPORT_GRANT,
                with_id("package blueprint", common_params()),
                responses(ok_response("the new package (with `packageBlueprintId`), its first revision `revisionName` with the blueprint's functions (STRING params filled in), a STOPPED deployment of that revision on `keysetId`, the blueprint's test inputs saved for the new functions, and each SECRET param with a value written to the keyset's secrets under its name. All in one transaction: any refusal leaves nothing behind", Some(schema_ref("Package"))),
                    &[("400", "FAAS-400 a required param of the blueprint is missing or empty (`field: params.<name>`), a param value is not a string or a SECRET's is over the secrets' limit, `functions[i].functionBlueprintId` names no function of this blueprint or one twice, or a filled-in trigger or name is invalid (`field` names it as in a package create); a message never repeats a param's value"),
                      ("404", "the blueprint; or `keysetId` names no keyset of the account (`field: keysetId`)"),
                      ("409", "FAAS-409 a package of that name exists (the name is the blueprint's when absent)"),
                      ("422", "FAAS-1005 the account has the most packages allowed; FAAS-2003 the keyset's data is full, so a SECRET param cannot be written")], true)),
                "ImportBlueprint"), imported)
        },
        "/v2/faas/function-blueprint-params": {
            "get": op("listFunctionBlueprintParams", "List the params of the catalog's blueprints", PKG_READ, param_params,
                responses(ok_response("a page of params, by blueprint (by name) and then in their order", Some(array_of("BlueprintParam"))), &[], false))
        },
        "/v2/faas/function-revisions/{id}/test-inputs": {
            "get": linked(op("listTestInputs", "List a function revision's test inputs, with those of its function's earlier revisions", PKG_READ,
                with_id("function revision (`functionRevisionId`)", page_params()),
                responses(ok_response("a page of test inputs, newest first: those saved for this function revision and for the same function (same `id`) in the package's earlier revisions", Some(array_of("TestInput"))), &[], false)),
                test_input_links("/data/0/id")),
            "post": linked(with_body(op("createTestInput", "Save a test input for a function revision", PKG_WRITE,
                with_id("function revision (`functionRevisionId`)", common_params()),
                responses(ok_response("the test input", Some(schema_ref("TestInput"))), &[], true)),
                "SaveTestInput"), test_input_links("/data/id"))
        },
        "/v2/faas/test-inputs/{id}": {
            "get": linked(op("getTestInput", "Get a test input", PKG_READ,
                with_id("test input", common_params()),
                responses(ok_response("the test input", Some(schema_ref("TestInput"))), &[], false)),
                function_revision_links("/data/functionRevisionId")),
            "put": with_body(op("updateTestInput", "Replace a test input's payload, media type and description", PKG_WRITE,
                with_id("test input", common_params()),
                responses(ok_response("the test input, still of its function revision; an absent `mimeType` is application/json again and an absent `description` empty", Some(schema_ref("TestInput"))), &[], true)),
                "SaveTestInput"),
            "delete": op("deleteTestInput", "Delete a test input", PKG_WRITE,
                with_id("test input", common_params()),
                responses(ok_response("deleted; no data", None), &[], false))
        }
    })
}

fn payload() -> Value {
    json!({"anyOf": [{"type": "object", "additionalProperties": true}, {"type": "array"}, {"type": "string"}, {"type": "number"}, {"type": "boolean"}],
        "description": format!("any JSON but null, at most {PAYLOAD_MAX_CHARS} characters as compact JSON (over → 400 FAAS-400). The console saves a test run's setup: `{{request, kv, secrets, xhrMocks, timeoutMs}}` as `POST /v2/faas/test-runs` takes them")})
}

fn schemas(limits: &Limits) -> Value {
    let param_types =
        [ParamType::String, ParamType::Secret].map(|t| serde_json::to_value(t).unwrap_or_default());
    let mime = "^[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+$";
    json!({
        "PackageBlueprint": {"type": "object",
            "required": ["id", "parentId", "name", "version", "description", "iconBase64", "iconMediaType", "state", "tags", "functionTypes", "createdDttm", "updatedDttm"],
            "properties": {
            "id": uuid(), "parentId": nullable(uuid()),
            "name": string(), "version": string(), "description": string(),
            "iconBase64": nullable(string()), "iconMediaType": nullable(string()),
            "state": {"type": "string", "enum": ["GENERAL_AVAILABILITY"]},
            "tags": array_of("BlueprintTag"),
            "functionTypes": {"type": "array", "items": function_types(),
                "description": "ours: the types of the blueprint's functions, each once"},
            "createdDttm": timestamp(), "updatedDttm": timestamp()}},
        "BlueprintTag": {"type": "object", "required": ["id", "name", "visibility"], "properties": {
            "id": string(), "name": string(), "visibility": {"type": "string", "enum": ["PUBLIC"]}}},
        "FunctionBlueprint": {"type": "object",
            "required": ["id", "packageBlueprintId", "name", "language", "type", "sortOrder", "code", "config", "params", "testInputs", "createdDttm", "updatedDttm"],
            "properties": {
            "id": uuid(), "packageBlueprintId": uuid(),
            "name": string(), "language": {"type": "string", "enum": ["JAVASCRIPT"]},
            "type": function_types(), "sortOrder": {"type": "integer", "minimum": 0},
            "code": {"type": "string", "description": "`{{name}}` marks where STRING param `name` goes"},
            "config": schema_ref("FunctionConfig"),
            "params": array_of("BlueprintParam"),
            "testInputs": array_of("BlueprintTestInput"),
            "createdDttm": timestamp(), "updatedDttm": timestamp()}},
        "BlueprintParam": {"type": "object",
            "required": ["id", "packageBlueprintId", "functionBlueprintId", "name", "description", "type", "required", "defaultValue"],
            "properties": {
            "id": uuid(), "packageBlueprintId": uuid(), "functionBlueprintId": uuid(),
            "name": {"type": "string", "description": "unique within the blueprint"},
            "description": string(),
            "type": {"type": "string", "enum": param_types,
                "description": "STRING replaces `{{name}}` in every function's code and config; SECRET is written to the keyset's secrets under `name`, never into code"},
            "required": {"type": "boolean"},
            "defaultValue": nullable(string())}},
        "BlueprintTestInput": {"type": "object", "required": ["description", "mimeType", "payload", "expectedOutcome"], "properties": {
            "description": string(), "mimeType": string(), "payload": payload(),
            "expectedOutcome": {"type": "string", "enum": ["ok", "abort", "response"],
                "description": "ours: the outcome the function gives on it in a test run"}}},
        "ImportBlueprint": {"type": "object", "required": ["keysetId", "revisionName"], "properties": {
            "keysetId": {"type": "integer", "format": "int64", "description": "a keyset of the account (`GET /v2/keysets`); another → 404 FAAS-404 with `field: keysetId`"},
            "revisionName": name(limits),
            "name": nullable(name(limits)),
            "description": description(limits),
            "tags": tags(limits),
            "functions": nullable(json!({"type": "array", "minItems": 1, "items": schema_ref("ImportFunction"),
                "description": "the blueprint's functions to take, in this order, each at most once; all of them when absent"})),
            "params": nullable(json!({"type": "object", "additionalProperties": nullable(string()),
                "description": format!("param name → value. Every required param of the blueprint (`GET /v2/faas/function-blueprint-params`) must have a value; an absent, null or empty one takes the param's default. A SECRET's value is 1 to {VALUE_MAX_CHARS} characters and is never sent back. Names the blueprint lacks are ignored")}))}},
        "ImportFunction": {"type": "object", "required": ["functionBlueprintId"], "properties": {
            "functionBlueprintId": {"type": "string", "description": "a function of the blueprint"},
            "name": nullable(name(limits)),
            "config": nullable(json!({"allOf": [schema_ref("FunctionConfig")],
                "description": "replaces the function blueprint's trigger; it must suit the function's type, as in a package create"}))}},
        "TestInput": {"type": "object",
            "required": ["id", "functionRevisionId", "packageRevisionId", "payload", "mimeType", "description", "createdDttm", "updatedDttm"],
            "properties": {
            "id": uuid(), "functionRevisionId": uuid(),
            "packageRevisionId": {"type": "string", "format": "uuid", "description": "ours: the package revision of `functionRevisionId`"},
            "payload": payload(), "mimeType": string(), "description": string(),
            "createdDttm": timestamp(), "updatedDttm": timestamp()}},
        "SaveTestInput": {"type": "object", "required": ["payload"], "properties": {
            "payload": payload(),
            "mimeType": nullable(json!({"type": "string", "maxLength": MIME_TYPE_MAX_CHARS, "pattern": mime,
                "description": format!("a media type; {DEFAULT_MIME_TYPE} when absent")})),
            "description": description(limits)}}
    })
}

fn decisions() -> [&'static str; 2] {
    [
        "Catalog: the blueprints ship with the server (the same for every account, read-only). An import is one transaction: the package, its first revision, a STOPPED deployment on the keyset, the blueprint's test inputs and the SECRET params in the keyset's secrets are all written, or nothing is. A SECRET param's value is never put into code and never answered, logged or repeated in an error.",
        "Test inputs: saved per function revision; a function revision's list also holds the inputs of the same function (same `id`) in the package's earlier revisions, newest first. Deleting a revision keeps the inputs saved for it, for the revisions after it; they go with the package.",
    ]
}

/// `doc` with the catalog and test-input operations, their schemas and decisions, and links
/// from a revision's functions to their test inputs.
pub fn merge(mut doc: Value, limits: &Limits) -> Value {
    if let (Some(paths), Value::Object(more)) = (doc["paths"].as_object_mut(), paths()) {
        paths.extend(more);
    }
    if let (Some(schemas), Value::Object(more)) = (
        doc["components"]["schemas"].as_object_mut(),
        schemas(limits),
    ) {
        schemas.extend(more);
    }
    let functions = &mut doc["paths"]["/v2/faas/package-revisions/{id}/functions"]["get"];
    add_links(
        functions,
        function_revision_links("/data/0/functionRevisionId"),
    );
    if let Some(list) = doc["x-faas-decisions"].as_array_mut() {
        list.extend(decisions().map(Value::from));
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lists_without_sort_take_page_and_size_only() {
        let names: Vec<String> = page_params()
            .iter()
            .filter_map(|p| p["name"].as_str().map(str::to_owned))
            .collect();
        assert_eq!(names, ["page", "size"]);
    }
}
