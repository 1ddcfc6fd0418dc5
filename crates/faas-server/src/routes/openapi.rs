//! The OpenAPI 3.0 document of the Functions v2 operations this server implements, with the
//! project's own decisions written down (`x-faas-decisions`, and in operation descriptions),
//! and the helpers the other parts of the document build with; the whole document is put
//! together and served by [`super::openapi_document`]. A new operation adds its entry to
//! [`paths`], or a part of its own there.
//!
//! The document is exact: what it allows the server accepts, and what it forbids the server
//! refuses (`scripts/schemathesis.sh` checks both). Its limits are those the server runs with
//! (the `--max-*` flags), its enums and sort fields come from `faas_api`, and its text
//! patterns spell out the rules of `faas_api::validation` (names trimmed of Unicode
//! whitespace, no control characters, channel wildcards). The rules JSON Schema cannot say
//! (function names unique within a revision, code counted in bytes) are in descriptions.
//! Each create links to the operations that read or act on what it created (OpenAPI
//! `links`), so that a client, or a stateful test, can follow real ids.

use faas_api::validation::{Limits, CHANNEL_MAX_CHARS, INTERVAL_SECONDS, PATH_MAX_CHARS};
use faas_api::{DeploymentState, ErrorCode, FunctionType, TriggerKind};
use serde_json::{json, Map, Value};

use crate::Config;

pub(super) fn schema_ref(name: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{name}")})
}

// --- Value schemas: the rules of `faas_api::validation` --------------------------------

/// Rust's `char::is_whitespace` (Unicode `White_Space`), what `str::trim` removes, as the
/// inside of a regex character class. Spelled out because `\s` differs between regex
/// dialects.
const WHITESPACE: &str =
    r"\u0009-\u000D\u0020\u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000";
/// Rust's `char::is_control` (Unicode `Cc`), as the inside of a regex character class.
pub(super) const CONTROL: &str = r"\u0000-\u001F\u007F-\u009F";
/// A UUID in its usual text form, either case (`faas_api::validation::is_uuid`).
const UUID_PATTERN: &str =
    "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$";

pub(super) fn uuid() -> Value {
    json!({"type": "string", "format": "uuid", "pattern": UUID_PATTERN})
}

/// `schema`, also allowing `null` (an `Option` field: null is the same as absent). An `enum`
/// must then list `null` too (OpenAPI 3.0.3: `nullable` does not add it to an enum).
pub(super) fn nullable(mut schema: Value) -> Value {
    schema["nullable"] = Value::Bool(true);
    if let Some(choices) = schema.get_mut("enum").and_then(Value::as_array_mut) {
        choices.push(Value::Null);
    }
    schema
}

/// A field the server refuses unless it is absent or null.
fn absent(why: &str) -> Value {
    json!({"nullable": true, "enum": [null], "description": why})
}

/// A package, revision or function name (`check_name`): once trimmed of whitespace, 1 to
/// `name_max_chars` characters without control characters. Whitespace around is allowed.
pub(super) fn name(limits: &Limits) -> Value {
    let inner = limits.name_max_chars.saturating_sub(2);
    let rest = if limits.name_max_chars >= 2 {
        format!("(?:[^{CONTROL}]{{0,{inner}}}[^{WHITESPACE}{CONTROL}])?")
    } else {
        String::new()
    };
    json!({"type": "string",
        "pattern": format!("^[{WHITESPACE}]*[^{WHITESPACE}{CONTROL}]{rest}[{WHITESPACE}]*$"),
        "description": format!("1 to {} characters once trimmed of whitespace, no control characters", limits.name_max_chars)})
}

pub(super) fn description(limits: &Limits) -> Value {
    nullable(json!({"type": "string", "maxLength": limits.description_max_chars}))
}

pub(super) fn tags(limits: &Limits) -> Value {
    nullable(
        json!({"type": "array", "maxItems": limits.tags_max, "uniqueItems": true,
        "items": {"type": "string", "pattern": format!("^[a-z0-9_-]{{1,{}}}$", limits.tag_max_chars)}}),
    )
}

/// One character of a channel name other than `*` (`channel_problem`); `dot` says whether
/// `.` is one.
fn channel_char(dot: bool) -> String {
    let dot = if dot { "" } else { "." };
    format!(r#"[^{WHITESPACE}{CONTROL},/\\"*{dot}]"#)
}

/// An input channel: a name, or a wildcard `a.*` / `a.b.*` (`channel_problem`).
pub(super) fn input_channel() -> Value {
    let (c, segment) = (channel_char(true), channel_char(false));
    json!({"type": "string", "minLength": 1, "maxLength": CHANNEL_MAX_CHARS,
        "pattern": format!(r"^(?:{c}+|{segment}+(?:\.{segment}+)?\.\*)$"),
        "description": "a channel name, or a wildcard as the last segment after one or two literal ones (`chat.*`, `a.b.*`)"})
}

/// An output channel: one channel, no wildcard; empty or null means none.
fn output_channel() -> Value {
    nullable(json!({"type": "string", "maxLength": CHANNEL_MAX_CHARS,
        "pattern": format!("^{}*$", channel_char(true)),
        "description": "one channel, without a wildcard; empty or null for none"}))
}

/// The config of a function of `function_type`: the fields its type takes, the others
/// absent (`validate_config`). Unknown fields are ignored.
fn function_config(function_type: FunctionType) -> Value {
    let kind = function_type.trigger();
    let unused = format!("not used by {} functions", function_type.as_str());
    let (required, input, output, path, interval) = match kind {
        TriggerKind::ChannelWithOutput => (
            "inputChannel",
            input_channel(),
            output_channel(),
            absent(&unused),
            absent(&unused),
        ),
        TriggerKind::Channel => (
            "inputChannel",
            input_channel(),
            absent(&unused),
            absent(&unused),
            absent(&unused),
        ),
        TriggerKind::Request => (
            "path",
            absent(&unused),
            absent(&unused),
            json!({"type": "string", "pattern": format!("^[A-Za-z0-9_/-]{{1,{PATH_MAX_CHARS}}}$")}),
            absent(&unused),
        ),
        TriggerKind::Interval => (
            "intervalSeconds",
            absent(&unused),
            absent(&unused),
            absent(&unused),
            json!({"type": "integer", "minimum": INTERVAL_SECONDS.start(), "maximum": INTERVAL_SECONDS.end()}),
        ),
    };
    json!({"type": "object", "required": [required], "properties": {
        "type": nullable(json!({"type": "string", "enum": [function_type.as_str()],
            "description": "the function's type, if sent"})),
        "inputChannel": input, "outputChannel": output, "path": path, "intervalSeconds": interval}})
}

/// A function of a new revision, of one type.
fn function_input(function_type: FunctionType, limits: &Limits) -> Value {
    json!({"title": function_type.as_str(), "type": "object",
    "required": ["name", "type", "code", "config"],
    "properties": {
        "id": nullable(json!({"type": "string",
            "description": "the id of a function of this package, to keep its identity; other values are ignored"})),
        "name": name(limits),
        "language": nullable(json!({"type": "string", "enum": ["JAVASCRIPT"], "description": "JAVASCRIPT when absent"})),
        "type": {"type": "string", "enum": [function_type.as_str()]},
        "sortOrder": nullable(json!({"type": "integer", "minimum": 0, "maximum": u32::MAX,
            "description": "the position in the list when absent"})),
        "code": {"type": "string", "minLength": 1, "maxLength": limits.code_max_bytes,
            "description": format!("an ES module with a default export (checked when a deployment starts), 1 to {} bytes of UTF-8", limits.code_max_bytes)},
        "config": function_config(function_type)
    }})
}

/// The functions of a new revision; their names must differ (ignoring ASCII case, as package
/// and revision names, once trimmed), which JSON Schema cannot say.
fn functions(limits: &Limits) -> Value {
    json!({"type": "array", "minItems": 1, "maxItems": limits.functions_max,
        "items": schema_ref("FunctionInput"),
        "description": format!("1 to {} functions (more → 422 FAAS-1006) with different names (trimmed, ignoring the case of ASCII letters as for package and revision names; the same name twice → 400 FAAS-400)", limits.functions_max)})
}

// --- Answers ----------------------------------------------------------------------------

/// `{"data": T, "meta", "errors"}` with `data` of `data_schema`.
pub(super) fn envelope(data_schema: Value) -> Value {
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

pub(super) fn correlation_header() -> Value {
    json!({"X-Correlation-Id": {"$ref": "#/components/headers/X-Correlation-Id"}})
}

pub(super) fn ok_response(description: &str, data_schema: Option<Value>) -> Value {
    let schema = match data_schema {
        Some(s) => envelope(s),
        None => envelope(json!({"nullable": true, "enum": [null], "description": "absent"})),
    };
    json!({
        "description": description,
        "headers": correlation_header(),
        "content": {"application/json": {"schema": schema}}
    })
}

pub(super) fn error_response(description: &str) -> Value {
    json!({
        "description": description,
        "headers": correlation_header(),
        "content": {"application/json": {"schema": schema_ref("ErrorEnvelope")}}
    })
}

/// The error answers every authenticated operation can give, plus `extra`.
pub(super) fn responses(ok: Value, extra: &[(&str, &str)], body: bool) -> Value {
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
    errors.sort_by_key(|(status, _)| *status);
    for (status, text) in errors {
        map.insert(status.into(), error_response(&text));
    }
    Value::Object(map)
}

// --- Parameters -------------------------------------------------------------------------

pub(super) fn common_params() -> Vec<Value> {
    vec![
        json!({"$ref": "#/components/parameters/PubNubVersion"}),
        json!({"$ref": "#/components/parameters/CorrelationId"}),
    ]
}

pub(super) fn query_param(name: &str, schema: Value, description: &str) -> Value {
    json!({"name": name, "in": "query", "schema": schema, "description": description})
}

/// A query value of `schema`, or empty: the server takes `?name=` as no value at all.
pub(super) fn or_empty(schema: Value) -> Value {
    json!({"anyOf": [schema, {"type": "string", "enum": [""]}]})
}

/// A UUID, or empty (none).
pub(super) fn uuid_or_empty() -> Value {
    let pattern = UUID_PATTERN.replace('^', "^(?:").replace('$', ")?$");
    json!({"type": "string", "pattern": pattern})
}

/// `page`, `size`, `sort` (of `sortable`) and, with `search`, `search`. An empty value is
/// the default.
/// The common parameters with `page` and `size`, for a list in a fixed order.
pub(super) fn page_params() -> Vec<Value> {
    let mut params = common_params();
    let max = faas_api::paging::MAX_PAGE_SIZE;
    params.extend([
        query_param("page", or_empty(json!({"type": "integer", "minimum": 0, "maximum": u32::MAX, "default": 0})),
            "0-based page number; empty is 0; not a whole number → 400 FAAS-400"),
        query_param("size", or_empty(json!({"type": "integer", "minimum": 1, "maximum": max, "default": faas_api::paging::DEFAULT_PAGE_SIZE})),
            &format!("empty is the default; 0 → 400 FAAS-1019; over {max} → 400 FAAS-1023")),
    ]);
    params
}

pub(super) fn paging_params(sortable: &[&str], default_sort: &str, search: bool) -> Vec<Value> {
    let mut params = page_params();
    let sort = format!(
        "^(?:(?:{})(?:,(?:[Aa][Ss][Cc]|[Dd][Ee][Ss][Cc]))?)?$",
        sortable.join("|")
    );
    params.extend([
        query_param("sort", json!({"type": "string", "pattern": sort, "example": format!("{},DESC", sortable[0])}),
            &format!("`field` or `field,ASC|DESC` (direction in any case, ASC when absent); fields: {}; default {default_sort}; ties broken by id. Any other field or direction → 400 FAAS-1023", sortable.join(", "))),
    ]);
    if search {
        params.push(query_param(
            "search",
            json!({"type": "string"}),
            "case-insensitive substring of `name`, trimmed",
        ));
    }
    params
}

fn id_param(what: &str) -> Value {
    json!({"name": "id", "in": "path", "required": true, "schema": uuid(),
        "description": format!("{what} id; a value that is not a UUID is answered 404 FAAS-404")})
}

/// The common parameters after the path's `id`.
pub(super) fn with_id(what: &str, mut params: Vec<Value>) -> Vec<Value> {
    params.insert(0, id_param(what));
    params
}

// --- Operations and links ---------------------------------------------------------------

pub(super) fn op(id: &str, summary: &str, grant: &str, params: Vec<Value>, resp: Value) -> Value {
    json!({
        "operationId": id,
        "summary": summary,
        "description": format!("Grant: {grant}."),
        "security": [{"ApiKey": []}],
        "parameters": params,
        "responses": resp
    })
}

pub(super) fn with_body(mut operation: Value, schema: &str) -> Value {
    operation["requestBody"] =
        json!({"required": true, "content": {"application/json": {"schema": schema_ref(schema)}}});
    operation
}

/// A link from an answer to operation `target`, its parameters and body (merged into a
/// generated one) taken from the answer by runtime expressions.
pub(super) fn link(target: &str, parameters: Value, body: Option<Value>) -> Value {
    let mut link = json!({"operationId": target, "parameters": parameters});
    if let Some(body) = body {
        link["requestBody"] = body;
    }
    link
}

/// Links to operations that take the path `id` found at `pointer` of the answer.
pub(super) fn id_links(pointer: &str, targets: &[&str]) -> Map<String, Value> {
    targets
        .iter()
        .map(|t| {
            let expression = format!("$response.body#{pointer}");
            (
                (*t).to_owned(),
                link(t, json!({"path.id": expression}), None),
            )
        })
        .collect()
}

/// `operation` with `links` on its success answer.
pub(super) fn linked(mut operation: Value, links: Map<String, Value>) -> Value {
    operation["responses"]["200"]["links"] = Value::Object(links);
    operation
}

/// The runtime expression of a field of the answer's `data`.
pub(super) fn data(field: &str) -> String {
    format!("$response.body#/data/{field}")
}

pub(super) const PKG_READ: &str = "functions.package:read on account";
pub(super) const PKG_WRITE: &str = "functions.package:write on account";
pub(super) const DEP_READ: &str = "functions.package-deployment:read on account or on the deployment's keyset (write implies read)";
pub(super) const DEP_WRITE: &str =
    "functions.package-deployment:write on account or on the deployment's keyset";

/// Paging and sort of a deployment list (deployments have no name to `search`).
fn deployment_paging_params() -> Vec<Value> {
    paging_params(faas_api::DEPLOYMENT_SORT_FIELDS, "createdDttm,DESC", false)
}

/// The deployment operations that take a deployment's `id`, linked from each answer that
/// carries one at `pointer`. A list links to the reads and to start and stop, not to delete:
/// deleting whichever deployment comes first is not what a client of a list does.
fn deployment_links(pointer: &str, delete: bool) -> Map<String, Value> {
    let mut targets = vec!["getDeployment", "startDeployment", "stopDeployment"];
    if delete {
        targets.push("deleteDeployment");
    }
    id_links(pointer, &targets)
}

fn deployment_paths(limits: &Limits) -> Value {
    let deployment = || Some(schema_ref("PackageDeployment"));
    let mut list_params = deployment_paging_params();
    list_params.extend([
        query_param(
            "package_id",
            uuid_or_empty(),
            "only deployments of this package; empty is none; not a UUID → 400 FAAS-400 naming the parameter",
        ),
        query_param(
            "package_revision_id",
            uuid_or_empty(),
            "only deployments of this revision; empty is none; not a UUID → 400 FAAS-400",
        ),
        query_param(
            "keyset_id",
            or_empty(json!({"type": "integer", "format": "int64"})),
            "only deployments to this keyset; empty is none; not an integer → 400 FAAS-400",
        ),
        query_param(
            "state",
            or_empty(schema_ref("DeploymentState")),
            "only deployments in this state; empty is none; another value → 400 FAAS-400",
        ),
    ]);
    let mut stop_all_params = common_params();
    // Exactly one of the two: one parameter object, exploded into the query as
    // `?package_id=…` or `?package_revision_id=…`, so that `oneOf` can say it. An empty
    // value is none.
    let given = |name: &str| json!({"required": [name], "properties": {name: {"minLength": 1}}});
    let only = |name: &str, other: &str| {
        let mut branch = given(name);
        branch["not"] = given(other);
        branch
    };
    stop_all_params.push(json!({
        "name": "scope", "in": "query", "required": true, "style": "form", "explode": true,
        "description": "exactly one of `package_id` (every deployment of the package) and `package_revision_id` (of the revision); none or both → 400 FAAS-400",
        "schema": {"type": "object",
            "properties": {"package_id": uuid_or_empty(), "package_revision_id": uuid_or_empty()},
            "oneOf": [only("package_id", "package_revision_id"), only("package_revision_id", "package_id")]}
    }));
    let mut stop_params = with_id("deployment", common_params());
    stop_params.push(query_param("force", or_empty(json!({"type": "boolean", "default": false})),
        "`true` aborts a start (STARTING → STOPPED at once); empty is `false`; anything but `true`/`false` → 400 FAAS-400"));
    let list_answer = "a page of deployments, newest first by default; a key whose grant covers some keysets only sees theirs";
    let mut created_links = deployment_links("/data/id", true);
    created_links.extend(id_links(
        "/data/packageRevisionId",
        &["getRevision", "listRevisionDeployments"],
    ));
    json!({
        "/v2/faas/package-revisions/{id}/package-deployments": {
            "get": linked(op("listRevisionDeployments", "List a revision's deployments", DEP_READ,
                with_id("revision", deployment_paging_params()),
                responses(ok_response(list_answer, Some(array_of("PackageDeployment"))),
                    &[("404", "the revision is not the account's")], false)),
                deployment_links("/data/0/id", false))
        },
        "/v2/faas/package-deployments": {
            "get": linked(op("listDeployments", "List the account's deployments (ours: the public API has no such list)", DEP_READ, list_params,
                responses(ok_response(list_answer, Some(array_of("PackageDeployment"))), &[], false)),
                deployment_links("/data/0/id", false)),
            "post": linked(with_body(op("createDeployment", "Deploy a revision to a keyset", "functions.package-deployment:write on account or on that keyset", common_params(),
                responses(ok_response("the deployment, STOPPED, with one STOPPED function deployment per function of the revision", deployment()),
                    &[("404", "the revision (`packageRevisionId`) or the keyset (`keysetId`, with `field`) is not the account's; a revision id that is not a UUID names no revision"),
                      ("409", "FAAS-1015 the revision is already deployed to that keyset"),
                      ("422", &format!("FAAS-2001 the revision has the most deployments allowed ({})", limits.deployments_per_revision_max))], true)),
                "CreateDeployment"), created_links)
        },
        "/v2/faas/package-deployments/{id}": {
            "get": linked(op("getDeployment", "Get a deployment with its function deployments", DEP_READ,
                with_id("deployment", common_params()),
                responses(ok_response("the deployment", deployment()), &[], false)),
                id_links("/data/id", &["startDeployment", "stopDeployment"])),
            "delete": op("deleteDeployment", "Delete a deployment", DEP_WRITE,
                with_id("deployment", common_params()),
                responses(ok_response("deleted; no data", None),
                    &[("409", "FAAS-1014 the deployment is not STOPPED or FAILED")], false))
        },
        "/v2/faas/package-deployments/{id}/function-deployments": {
            "post": linked(op("startDeployment", "Start a deployment, or restart it while RUNNING", DEP_WRITE,
                with_id("deployment", common_params()),
                responses(ok_response("the deployment, now STARTING (also with --transition-ms 0). When the transition time has passed it is RUNNING if every function's code parses as an ES module with a default export, else FAILED with each failing function FAILED and its `error` (`line L:C: message`); functions that built are then STOPPED. A revision never changes, so a FAILED one fails again", deployment()),
                    &[("423", "FAAS-1008 the deployment is STARTING or STOPPING"),
                      ("422", "FAAS-2002 the account runs the most deployments allowed at once")], false)),
                id_links("/data/id", &["getDeployment", "stopDeployment"])),
            "delete": linked(op("stopDeployment", "Stop a deployment", DEP_WRITE, stop_params,
                responses(ok_response("the deployment: RUNNING → STOPPING (STOPPED when the transition time has passed); STOPPED → unchanged; FAILED → STOPPED at once; STARTING with force=true → STOPPED at once (the start is aborted)", deployment()),
                    &[("423", "FAAS-1009 the deployment is STOPPING, or STARTING without force=true")], false)),
                id_links("/data/id", &["getDeployment", "deleteDeployment", "startDeployment"]))
        },
        "/v2/faas/function-deployments": {
            "delete": op("stopAllDeployments", "Stop every deployment of a package or of a revision (exactly one of the parameters)",
                "functions.package-deployment:write on account", stop_all_params,
                responses(ok_response("every deployment of the package or revision, all now STOPPED at once: starts are aborted, stops finished, RUNNING and FAILED ones stopped; STOPPED ones unchanged. Newest first", Some(array_of("PackageDeployment"))),
                    &[("400", "neither or both of package_id and package_revision_id, or one that is not a UUID"),
                      ("404", "the package or revision is not the account's")], false))
        }
    })
}

pub(super) fn array_of(name: &str) -> Value {
    json!({"type": "array", "items": schema_ref(name)})
}

/// Links from an answer whose `data.id` is a package's or revision's id to the operations
/// that take it as query parameter `parameter`: the deployments list filtered by it, and
/// stop-all. Stop-all's two ids are the properties of its one `scope` parameter (an object,
/// so that `oneOf` can say that it takes exactly one of them); exploded into the query they
/// are plain query parameters, which a link names by location and name.
fn deployment_filter_links(parameter: &str) -> [(String, Value); 2] {
    let parameters = json!({ format!("query.{parameter}"): data("id") });
    ["listDeployments", "stopAllDeployments"]
        .map(|target| (target.to_owned(), link(target, parameters.clone(), None)))
}

fn paths(limits: &Limits) -> Value {
    let pkg_sorts = faas_api::PACKAGE_SORT_FIELDS;
    let rev_sorts = faas_api::REVISION_SORT_FIELDS;
    let revision_reads = [
        "getRevision",
        "updateRevision",
        "listRevisionFunctions",
        "listRevisionDeployments",
    ];
    let mut package_created = id_links(
        "/data/id",
        &[
            "getPackage",
            "updatePackage",
            "deletePackage",
            "listPackageRevisions",
        ],
    );
    package_created.insert(
        "createRevision".into(),
        link(
            "createRevision",
            json!({}),
            Some(json!({"packageId": data("id")})),
        ),
    );
    package_created.extend(deployment_filter_links("package_id"));
    let mut revision_created = id_links(
        "/data/id",
        &[
            "getRevision",
            "updateRevision",
            "deleteRevision",
            "listRevisionFunctions",
            "listRevisionDeployments",
        ],
    );
    revision_created.insert(
        "createDeployment".into(),
        link(
            "createDeployment",
            json!({}),
            Some(json!({"packageRevisionId": data("id")})),
        ),
    );
    revision_created.extend(id_links("/data/packageId", &["getPackage"]));
    revision_created.extend(deployment_filter_links("package_revision_id"));
    // A revision that was read leads on to what a client reads or does next with it.
    let mut revision_read = id_links("/data/packageId", &["getPackage"]);
    revision_read.extend(id_links(
        "/data/id",
        &["listRevisionFunctions", "listRevisionDeployments"],
    ));
    revision_read.insert(
        "createDeployment".into(),
        link(
            "createDeployment",
            json!({}),
            Some(json!({"packageRevisionId": data("id")})),
        ),
    );
    let mut revision_listed = id_links("/data/0/id", &revision_reads);
    revision_listed.insert(
        "createDeployment".into(),
        link(
            "createDeployment",
            json!({}),
            Some(json!({"packageRevisionId": data("0/id")})),
        ),
    );
    json!({
        "/v2/keysets": {
            "get": op("listKeysets", "List the account's keysets", "any valid key",
                paging_params(faas_api::KEYSET_SORT_FIELDS, "id,ASC", true),
                responses(ok_response("a page of keysets", Some(array_of("Keyset"))), &[], false))
        },
        "/v2/faas/packages": {
            "get": linked(op("listPackages", "List packages", PKG_READ, paging_params(pkg_sorts, "createdDttm,DESC", true),
                responses(ok_response("a page of packages", Some(array_of("Package"))), &[], false)),
                id_links("/data/0/id", &["getPackage", "listPackageRevisions"])),
            "post": linked(with_body(op("createPackage", "Create a package with its first revision", PKG_WRITE, common_params(),
                responses(ok_response("the package; its first revision is named `revisionName` or `v1`", Some(schema_ref("Package"))),
                    &[("409", "FAAS-409 a package of that name (case-insensitive) exists"),
                      ("422", &format!("FAAS-1005 the account has the most packages allowed ({}); FAAS-1006 too many functions", limits.packages_max))], true)),
                "CreatePackage"), package_created)
        },
        "/v2/faas/packages/{id}": {
            "get": linked(op("getPackage", "Get a package", PKG_READ, with_id("package", common_params()),
                responses(ok_response("the package", Some(schema_ref("Package"))), &[], false)),
                id_links("/data/id", &["listPackageRevisions"])),
            "put": with_body(op("updatePackage", "Update a package's name, description or tags (only what is sent changes)", PKG_WRITE,
                with_id("package", common_params()),
                responses(ok_response("the package", Some(schema_ref("Package"))),
                    &[("409", "FAAS-409 name taken")], true)), "UpdatePackage"),
            "delete": op("deletePackage", "Delete a package with its revisions and deployments", PKG_WRITE,
                with_id("package", common_params()),
                responses(ok_response("deleted; no data", None),
                    &[("409", "FAAS-1016 a deployment of the package is not STOPPED or FAILED")], false))
        },
        "/v2/faas/packages/{id}/package-revisions": {
            "get": linked(op("listPackageRevisions", "List a package's revisions (without functions)", PKG_READ,
                with_id("package", paging_params(rev_sorts, "createdDttm,DESC", true)),
                responses(ok_response("a page of revisions", Some(array_of("PackageRevision"))), &[], false)),
                revision_listed)
        },
        "/v2/faas/package-revisions": {
            "get": op("getRevisions", "Get several revisions with their functions in one read (ours: the public API reads them one by one)", PKG_READ,
                {
                    let mut params = common_params();
                    params.push(json!({"name": "ids", "in": "query", "required": true,
                        "schema": {"type": "string", "pattern": format!("^{uuid}(,{uuid}){{0,{more}}}$", uuid = UUID_PATTERN.trim_start_matches('^').trim_end_matches('$'), more = faas_api::validation::MAX_IDS_PER_READ - 1)},
                        "description": format!("1 to {} revision ids (UUIDs), separated by commas; a repeated id counts once", faas_api::validation::MAX_IDS_PER_READ)}));
                    params
                },
                responses(ok_response("the revisions that exist, in the order asked, each with its functions; an id of no revision of the account is left out", Some(array_of("PackageRevision"))),
                    &[("400", "FAAS-400 `ids` missing, empty, with a value that is not a UUID, or naming more than 100 revisions")], false)),
            "post": linked(with_body(op("createRevision", "Create a revision of a package", PKG_WRITE, common_params(),
                responses(ok_response("the revision with its functions. `name` defaults to the next `v<n>`. A function keeps its identity (`id`) when the body sends the `id` of a function of this package, or, without `id`, the name of a function of the latest revision; `functionRevisionId` is always new", Some(schema_ref("PackageRevision"))),
                    &[("400", "FAAS-400 the same function `id` twice"),
                      ("404", "the package (`packageId`) is not found"),
                      ("409", "FAAS-409 a revision of that name (case-insensitive) exists in the package"),
                      ("422", "FAAS-1006 too many functions")], true)),
                "CreateRevision"), revision_created)
        },
        "/v2/faas/package-revisions/{id}": {
            "get": linked(op("getRevision", "Get a revision with its functions", PKG_READ,
                with_id("revision", common_params()),
                responses(ok_response("the revision", Some(schema_ref("PackageRevision"))), &[], false)),
                revision_read),
            "put": with_body(op("updateRevision", "Rename or redescribe a revision (its functions never change)", PKG_WRITE,
                with_id("revision", common_params()),
                responses(ok_response("the revision", Some(schema_ref("PackageRevision"))),
                    &[("409", "FAAS-409 name taken")], true)), "UpdateRevision"),
            "delete": op("deleteRevision", "Delete a revision with its deployments", PKG_WRITE,
                with_id("revision", common_params()),
                responses(ok_response("deleted; no data", None),
                    &[("409", "FAAS-1017 a deployment of the revision is not STOPPED or FAILED; FAAS-409 it is the package's only revision (delete the package instead)")], false))
        },
        "/v2/faas/package-revisions/{id}/functions": {
            "get": op("listRevisionFunctions", "List a revision's functions", PKG_READ,
                with_id("revision", paging_params(faas_api::FUNCTION_SORT_FIELDS, "sortOrder,ASC", true)),
                responses(ok_response("a page of functions", Some(array_of("Function"))), &[], false))
        },
        "/v2/faas/limits/package-deployments-running": {
            "get": op("getRunningDeploymentsLimit", "The account's limit of RUNNING package deployments", PKG_READ, common_params(),
                responses(ok_response("the limit; values are strings as in the public API", Some(schema_ref("Limit"))), &[], false))
        },
        "/v2/faas/openapi.json": {
            "get": {"operationId": "getOpenApiDocument", "summary": "This document", "security": [], "parameters": common_params(),
                "responses": {"200": {"description": "OpenAPI 3.0 document", "headers": correlation_header(),
                        "content": {"application/json": {"schema": {"type": "object",
                            "required": ["openapi", "info", "paths", "components"], "additionalProperties": true}}}},
                    "400": error_response("FAAS-1000 malformed X-Correlation-Id; FAAS-400 malformed PubNub-Version"),
                    "405": error_response("FAAS-405 wrong method; `Allow` lists the allowed ones")}}
        }
    })
}

/// Every path: packages and revisions, then deployments.
fn all_paths(limits: &Limits) -> Value {
    let mut all = paths(limits);
    if let (Some(map), Value::Object(more)) = (all.as_object_mut(), deployment_paths(limits)) {
        map.extend(more);
    }
    if let (Some(map), Value::Object(more)) = (all.as_object_mut(), super::qa_openapi::paths()) {
        map.extend(more);
    }
    all
}

pub(super) fn string() -> Value {
    json!({"type": "string"})
}

fn integer() -> Value {
    json!({"type": "integer", "minimum": 0})
}

pub(super) fn timestamp() -> Value {
    json!({"type": "string", "format": "date-time", "example": "2026-01-15T10:30:00.000Z",
        "description": "RFC 3339 UTC with milliseconds"})
}

pub(super) fn function_types() -> Value {
    let names: Vec<&str> = FunctionType::ALL.iter().map(|t| t.as_str()).collect();
    json!({"type": "string", "enum": names})
}

/// Answers: what the server sends. Requests: what it accepts (see the module docs).
fn schemas(limits: &Limits) -> Value {
    let states: Vec<&str> = DeploymentState::ALL.iter().map(|s| s.as_str()).collect();
    let codes: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
    let function_inputs: Vec<Value> = FunctionType::ALL
        .iter()
        .map(|t| function_input(*t, limits))
        .collect();
    json!({
        "Meta": {"type": "object", "required": ["timestamp", "correlationId"], "properties": {
            "timestamp": timestamp(), "correlationId": uuid(),
            "paging": schema_ref("Paging")}},
        "Paging": {"type": "object",
            "required": ["totalElements", "totalPages", "pageSize", "pageNumber", "pageOffset"],
            "properties": {
                "totalElements": integer(), "totalPages": integer(),
                "pageSize": integer(), "pageNumber": integer(), "pageOffset": integer()}},
        "ApiError": {"type": "object", "required": ["code", "message"], "properties": {
            "code": {"type": "string", "enum": codes, "example": "FAAS-404"}, "message": string(),
            "field": {"type": "string", "description": "JSON path of the offending field", "example": "functions[1].config.inputChannel"}}},
        "ErrorEnvelope": {"type": "object", "required": ["meta", "errors"], "properties": {
            "meta": schema_ref("Meta"), "errors": {"type": "array", "minItems": 1, "items": schema_ref("ApiError")}}},
        "Keyset": {"type": "object", "required": ["id", "name", "subscribeKey", "publishKey"], "properties": {
            "id": {"type": "integer", "format": "int64"}, "name": string(),
            "subscribeKey": string(), "publishKey": string(),
            "appName": {"type": "string", "description": "ours: the app of the keyset"}}},
        "Package": {"type": "object",
            "required": ["id", "packageBlueprintId", "name", "description", "apiManaged", "tags", "revisionsTotal",
                "revisionsRunning", "packageDeploymentsTotal", "packageDeploymentsRunning", "createdDttm", "updatedDttm"],
            "properties": {
            "id": uuid(),
            "packageBlueprintId": nullable(uuid()),
            "name": string(), "description": string(), "apiManaged": {"type": "boolean"},
            "tags": {"type": "array", "items": string()},
            "revisionsTotal": integer(),
            "revisionsRunning": {"type": "integer", "minimum": 0, "description": "revisions with at least one RUNNING deployment"},
            "packageDeploymentsTotal": integer(),
            "packageDeploymentsRunning": integer(),
            "createdDttm": timestamp(), "updatedDttm": timestamp()}},
        "PackageRevision": {"type": "object",
            "required": ["id", "packageId", "name", "description", "packageDeploymentsTotal",
                "packageDeploymentsRunning", "createdDttm", "updatedDttm"],
            "properties": {
            "id": uuid(), "packageId": uuid(),
            "name": string(), "description": string(),
            "packageDeploymentsTotal": integer(), "packageDeploymentsRunning": integer(),
            "createdDttm": timestamp(), "updatedDttm": timestamp(),
            "functions": {"type": "array", "items": schema_ref("Function"), "description": "absent in lists"}}},
        "Function": {"type": "object",
            "required": ["id", "functionRevisionId", "packageRevisionId", "name", "language", "type",
                "sortOrder", "code", "config", "createdDttm", "updatedDttm"],
            "properties": {
            "id": {"type": "string", "format": "uuid", "description": "identity across revisions"},
            "functionRevisionId": {"type": "string", "format": "uuid", "description": "new in every revision"},
            "packageRevisionId": uuid(),
            "name": string(), "language": {"type": "string", "enum": ["JAVASCRIPT"]},
            "type": function_types(), "sortOrder": integer(), "code": string(),
            "config": schema_ref("FunctionConfig"),
            "createdDttm": timestamp(), "updatedDttm": timestamp()}},
        "FunctionConfig": {"type": "object", "description": "fields by type: BEFORE_* inputChannel and outputChannel; AFTER_* inputChannel; ON_REQUEST path; ON_INTERVAL intervalSeconds",
            "properties": {"type": function_types(), "inputChannel": string(), "outputChannel": string(),
                "path": string(), "intervalSeconds": {"type": "integer", "minimum": INTERVAL_SECONDS.start(), "maximum": INTERVAL_SECONDS.end()}}},
        "FunctionInput": {"oneOf": function_inputs,
            "description": "a function of a new revision; its `config` takes the fields of its `type` (BEFORE_* inputChannel and outputChannel, AFTER_* inputChannel, ON_REQUEST path, ON_INTERVAL intervalSeconds), and no others"},
        "CreatePackage": {"type": "object", "required": ["name", "functions"], "properties": {
            "name": name(limits), "description": description(limits), "tags": tags(limits),
            "apiManaged": nullable(json!({"type": "boolean"})),
            "revisionName": nullable(name(limits)), "revisionDescription": description(limits),
            "functions": functions(limits)}},
        "UpdatePackage": {"type": "object", "properties": {
            "name": nullable(name(limits)), "description": description(limits), "tags": tags(limits)}},
        "CreateRevision": {"type": "object", "required": ["packageId", "functions"], "properties": {
            "packageId": {"type": "string", "description": "the package's id; a value that names no package of the account (a UUID or not) → 404 FAAS-404"},
            "name": nullable(name(limits)), "description": description(limits),
            "functions": functions(limits)}},
        "UpdateRevision": {"type": "object", "properties": {
            "name": nullable(name(limits)), "description": description(limits)}},
        "Limit": {"type": "object", "required": ["name", "description", "maxValue", "currentValue"], "properties": {
            "name": string(), "description": string(), "maxValue": string(), "currentValue": string()}},
        "DeploymentState": {"type": "string", "enum": states,
            "description": "STOPPED → (start) STARTING → RUNNING | FAILED; RUNNING → (stop) STOPPING → STOPPED; STARTING and STOPPING last --transition-ms"},
        "PackageDeployment": {"type": "object",
            "required": ["id", "packageRevisionId", "keysetId", "state", "functionDeployments", "createdDttm", "updatedDttm"],
            "properties": {
            "id": uuid(),
            "packageRevisionId": uuid(),
            "keysetId": {"type": "integer", "format": "int64"},
            "state": schema_ref("DeploymentState"),
            "functionDeployments": {"type": "array", "items": schema_ref("FunctionDeployment"),
                "description": "one per function of the revision, in the revision's order"},
            "createdDttm": timestamp(),
            "updatedDttm": {"type": "string", "format": "date-time", "description": "changes on every state change"}}},
        "FunctionDeployment": {"type": "object", "properties": {
            "functionRevisionId": uuid(),
            "state": schema_ref("DeploymentState"),
            "error": {"type": "string", "example": "line 3:14: Unexpected token",
                "description": "ours, only on a FAILED function: its build error, 1-based line and column"},
            "createdDttm": timestamp(), "updatedDttm": timestamp()}},
        "CreateDeployment": {"type": "object", "required": ["packageRevisionId", "keysetId"], "properties": {
            "packageRevisionId": {"type": "string", "description": "the revision's id; a value that names no revision of the account (a UUID or not) → 404 FAAS-404"},
            "keysetId": {"type": "integer", "format": "int64", "description": "a keyset of the account (`GET /v2/keysets`); another → 404 FAAS-404 with `field: keysetId`"}}}
    })
}

/// The limits of `config`, as the decisions list says them.
fn limits_decision(config: &Config) -> String {
    let l = &config.limits;
    format!(
        "Limits are server flags: names 1..={} chars, descriptions ≤{}, tags ≤{} of 1..={} `[a-z0-9-_]`, 1..={} functions per revision (422 FAAS-1006), code ≤{} bytes, {} packages per account (422 FAAS-1005), {} deployments per revision (422 FAAS-2001), {} deployments running at once per account (a start past it: 422 FAAS-2002). FAAS-2001 and FAAS-2002 are ours: the public error table has no code for these limits, and its FAAS-1007 means something else.",
        l.name_max_chars,
        l.description_max_chars,
        l.tags_max,
        l.tag_max_chars,
        l.functions_max,
        l.code_max_bytes,
        l.packages_max,
        l.deployments_per_revision_max,
        config.running_deployments_max,
    )
}

/// The Functions v2 document of packages, revisions and deployments (and the QA toolkit's
/// operations), for a server started with `config`; the other parts are merged into it by
/// [`super::openapi_document::spec`].
pub fn spec(config: &Config) -> Value {
    let limits = &config.limits;
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
            "Unknown body fields and read-only fields (`id`, counters, timestamps) are ignored; an optional field sent as null is absent.",
            "JSON of the wrong type is 400 FAAS-400 with `field` naming its JSON path; a body that is not JSON is 400 FAAS-1003.",
            "Package and revision names are unique case-insensitively.",
            "The only revision of a package cannot be deleted (409 FAAS-409).",
            "`search` is a case-insensitive substring of `name`; lists are newest first by default (keysets by id, functions by sortOrder), ties broken by id. An empty query value is the same as none.",
            limits_decision(config),
            "Deployments: a keyset of `keysetId` that is not the account's is 404 FAAS-404 with `field: keysetId` (like the revision), never 400, so that a keyset id leaks nothing.",
            "Deployments: STARTING and STOPPING last --transition-ms (default 2000) and are settled by the server; the start answer always shows STARTING. Building checks each function's code as an ES module with a default export with a JavaScript parser; the error is `line L:C: message`.",
            "Deployment query parameters are validated: a malformed UUID, keyset id, state or `force` is 400 FAAS-400 naming the parameter.",
            "Stop-all (DELETE /v2/faas/function-deployments) settles at once: every deployment of the package or revision is STOPPED in its answer."
        ],
        "servers": [{"url": "/"}],
        "paths": all_paths(limits),
        "components": {
            "securitySchemes": {"ApiKey": {"type": "apiKey", "in": "header", "name": "Authorization",
                "description": "the key, raw or as `Bearer <key>`"}},
            "headers": {"X-Correlation-Id": {"required": true, "schema": uuid(),
                "description": "the request's X-Correlation-Id, or a new UUID v4"}},
            "parameters": {
                "PubNubVersion": {"name": "PubNub-Version", "in": "header",
                    "schema": {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
                    "description": "optional API version date, YYYY-MM-DD naming a real day; anything else (empty too) → 400 FAAS-400"},
                "CorrelationId": {"name": "X-Correlation-Id", "in": "header", "schema": uuid(),
                    "description": "echoed in meta.correlationId; anything but a UUID → 400 FAAS-1000"}
            },
            "schemas": schemas(limits)
        }
    })
}
