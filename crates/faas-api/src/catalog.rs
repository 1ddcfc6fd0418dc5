//! The catalog (`api.md` §5 "Catalog"): package blueprints, their function blueprints and
//! params, and importing a blueprint as a package; and test inputs, the events a team keeps
//! on the server for a function ("Test inputs").
//!
//! The rules both sides need are pure functions here: which params an import must carry
//! ([`resolve_params`]), how a STRING param fills in `{{name}}` ([`substitute`]), the package a
//! blueprint becomes ([`import_package`]), and what a test input may hold
//! ([`validate_test_input`]). Messages about a param never repeat its value: a SECRET's must
//! not reach an answer or a log.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::kv::{key_problem, VALUE_MAX_CHARS};
use crate::validation::{check_description, Limits, Problem};
use crate::{CreatePackage, FunctionConfig, FunctionInput, FunctionType, Language};

/// A blueprint of a package: ready functions with params to fill in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PackageBlueprint {
    pub id: String,
    /// The blueprint this one was derived from, if any (always `null` for ours).
    pub parent_id: Option<String>,
    pub name: String,
    pub version: String,
    pub description: String,
    pub icon_base64: Option<String>,
    pub icon_media_type: Option<String>,
    /// `GENERAL_AVAILABILITY` for every shipped blueprint.
    pub state: String,
    pub tags: Vec<BlueprintTag>,
    /// Ours: the types of its functions, in their order, each once (for a catalog card).
    pub function_types: Vec<FunctionType>,
    pub created_dttm: String,
    pub updated_dttm: String,
}

/// A tag of a blueprint, as the public API shapes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BlueprintTag {
    pub id: String,
    pub name: String,
    /// `PUBLIC`.
    pub visibility: String,
}

/// One function of a blueprint, with its params and the test inputs it ships with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FunctionBlueprint {
    pub id: String,
    pub package_blueprint_id: String,
    pub name: String,
    pub language: Language,
    #[serde(rename = "type")]
    pub function_type: FunctionType,
    pub sort_order: u32,
    /// The code with `{{param}}` where a STRING param goes.
    pub code: String,
    /// The trigger, with `{{param}}` in its text fields where a STRING param goes.
    pub config: FunctionConfig,
    pub params: Vec<BlueprintParam>,
    pub test_inputs: Vec<BlueprintTestInput>,
    pub created_dttm: String,
    pub updated_dttm: String,
}

/// A param of a blueprint; names are unique within the blueprint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BlueprintParam {
    pub id: String,
    pub package_blueprint_id: String,
    /// The function that declares it (a STRING param fills in every function of the blueprint).
    pub function_blueprint_id: String,
    pub name: String,
    pub description: String,
    #[serde(rename = "type")]
    pub param_type: ParamType,
    pub required: bool,
    pub default_value: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ParamType {
    /// Replaces `{{name}}` in the functions' code and config.
    String,
    /// Written to the keyset's secrets under the param's name, never into code.
    Secret,
}

/// A test input a blueprint ships with; an import saves it for the function it belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BlueprintTestInput {
    pub description: String,
    pub mime_type: String,
    /// A test run's setup: [`TestPayload`].
    pub payload: Value,
    /// Ours: the outcome the function gives on it (`ok`, `abort` or `response`).
    pub expected_outcome: String,
}

/// `POST /v2/faas/package-blueprints/{id}/packages`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportBlueprint {
    pub keyset_id: i64,
    pub revision_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    /// Which of the blueprint's functions to take, with a name or trigger of the caller's;
    /// all of them as they are when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub functions: Option<Vec<ImportFunction>>,
    /// Param name → value. Read as any JSON so that [`resolve_params`], whose messages never
    /// repeat a value, is what refuses a wrong one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub params: Option<Map<String, Value>>,
}

/// One function of an import: a function blueprint, renamed or retriggered if wanted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportFunction {
    pub function_blueprint_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config: Option<FunctionConfig>,
}

/// A saved test input of a function revision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TestInput {
    pub id: String,
    /// The function revision it was saved for (a later revision of the function lists it too).
    pub function_revision_id: String,
    /// Ours: the package revision of that function revision.
    pub package_revision_id: String,
    pub payload: Value,
    pub mime_type: String,
    pub description: String,
    pub created_dttm: String,
    pub updated_dttm: String,
}

/// `POST /v2/faas/function-revisions/{id}/test-inputs` and `PUT /v2/faas/test-inputs/{id}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SaveTestInput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payload: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mime_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// The payload of a test input as the console writes it: a test run's setup, the same
/// fields as `POST /v2/faas/test-runs` without the code and type.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TestPayload {
    /// The event: a message, an HTTP request or an interval tick.
    pub request: Map<String, Value>,
    pub kv: Map<String, Value>,
    pub secrets: Map<String, Value>,
    pub xhr_mocks: Vec<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeout_ms: Option<u32>,
}

/// The `mimeType` of a test input when none is sent.
pub const DEFAULT_MIME_TYPE: &str = "application/json";
/// The most characters of a `mimeType`.
pub const MIME_TYPE_MAX_CHARS: usize = 100;
/// The most characters of a test input's payload, serialized as compact JSON.
pub const PAYLOAD_MAX_CHARS: usize = 64 * 1024;
/// The fields a blueprint list can be sorted by.
pub const BLUEPRINT_SORT_FIELDS: &[&str] = &["name", "createdDttm"];

/// A checked test input.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidTestInput {
    pub payload: Value,
    pub mime_type: String,
    pub description: String,
}

/// `type/subtype` of letters, digits and `.+-_`, as a media type names itself.
pub fn mime_type_problem(mime_type: &str) -> Option<&'static str> {
    let token = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$&^_.+-".contains(&b))
    };
    let parts: Vec<&str> = mime_type.split('/').collect();
    if mime_type.chars().count() > MIME_TYPE_MAX_CHARS {
        Some("must be at most 100 characters")
    } else if parts.len() != 2 || !parts.iter().all(|p| token(p)) {
        Some("must be a media type such as application/json")
    } else {
        None
    }
}

/// Checks a test input: `payload` is required, any JSON but `null`, at most
/// [`PAYLOAD_MAX_CHARS`] characters; `mimeType` a media type ([`DEFAULT_MIME_TYPE`] when
/// absent); `description` as a package's.
pub fn validate_test_input(
    body: &SaveTestInput,
    limits: &Limits,
) -> Result<ValidTestInput, Vec<Problem>> {
    let mut problems = Vec::new();
    let payload = match &body.payload {
        None | Some(Value::Null) => {
            problems.push(Problem::new("payload", "is required"));
            Value::Null
        }
        Some(payload) => {
            let chars = serde_json::to_string(payload)
                .map(|s| s.chars().count())
                .unwrap_or(usize::MAX);
            if chars > PAYLOAD_MAX_CHARS {
                problems.push(Problem::new(
                    "payload",
                    format!("must be at most {PAYLOAD_MAX_CHARS} characters of JSON (is {chars})"),
                ));
            }
            payload.clone()
        }
    };
    let mime_type = body
        .mime_type
        .clone()
        .unwrap_or_else(|| DEFAULT_MIME_TYPE.to_owned());
    if let Some(problem) = mime_type_problem(&mime_type) {
        problems.push(Problem::new("mimeType", problem));
    }
    let description = check_description(
        "description",
        body.description.as_deref(),
        limits,
        &mut problems,
    );
    if problems.is_empty() {
        Ok(ValidTestInput {
            payload,
            mime_type,
            description,
        })
    } else {
        Err(problems)
    }
}

/// The params of an import once checked: STRING values by name (given or default), and the
/// SECRET values to write to the keyset, in name order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResolvedParams {
    pub strings: BTreeMap<String, String>,
    pub secrets: Vec<(String, String)>,
}

/// Checks an import's `params` against the blueprint's: each value a string (a SECRET 1 to
/// [`VALUE_MAX_CHARS`] characters), every required one present (an empty string is absent).
/// A param that is absent takes its default; an optional one without a default is an empty
/// STRING, or no secret at all. A name the blueprint lacks is ignored, as any unknown field.
pub fn resolve_params(
    declared: &[BlueprintParam],
    given: Option<&Map<String, Value>>,
) -> Result<ResolvedParams, Vec<Problem>> {
    let empty = Map::new();
    let given = given.unwrap_or(&empty);
    let mut problems = Vec::new();
    let mut resolved = ResolvedParams::default();
    for param in declared {
        let field = format!("params.{}", param.name);
        let value = match given.get(&param.name) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if s.is_empty() => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => {
                problems.push(Problem::new(field, "must be a string"));
                continue;
            }
        };
        let value = value.or_else(|| param.default_value.clone().filter(|d| !d.is_empty()));
        match (value, param.param_type) {
            (None, _) if param.required => {
                problems.push(Problem::new(field, "is required"));
            }
            (None, ParamType::String) => {
                resolved.strings.insert(param.name.clone(), String::new());
            }
            (None, ParamType::Secret) => {}
            (Some(value), ParamType::String) => {
                resolved.strings.insert(param.name.clone(), value);
            }
            (Some(value), ParamType::Secret) => {
                if value.chars().count() > VALUE_MAX_CHARS {
                    problems.push(Problem::new(
                        field,
                        format!("must be at most {VALUE_MAX_CHARS} characters"),
                    ));
                } else {
                    resolved.secrets.push((param.name.clone(), value));
                }
            }
        }
    }
    if problems.is_empty() {
        Ok(resolved)
    } else {
        Err(problems)
    }
}

/// `text` with every `{{name}}` of `strings` replaced by its value. Other braces stay: code
/// is full of them.
pub fn substitute(text: &str, strings: &BTreeMap<String, String>) -> String {
    let mut out = text.to_owned();
    for (name, value) in strings {
        out = out.replace(&format!("{{{{{name}}}}}"), value);
    }
    out
}

/// The names of the `{{name}}` markers in `text`, in order, each once.
pub fn markers(text: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else { break };
        let name = &after[..end];
        let is_name = !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if is_name && !found.iter().any(|f| f == name) {
            found.push(name.to_owned());
        }
        rest = if is_name { &after[end + 2..] } else { after };
    }
    found
}

fn substitute_config(
    config: &FunctionConfig,
    strings: &BTreeMap<String, String>,
) -> FunctionConfig {
    let fill = |field: &Option<String>| field.as_deref().map(|t| substitute(t, strings));
    FunctionConfig {
        function_type: config.function_type,
        input_channel: fill(&config.input_channel),
        output_channel: fill(&config.output_channel),
        path: fill(&config.path),
        interval_seconds: config.interval_seconds,
    }
}

/// A function of an import: which blueprint function it comes from, and its input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedFunction {
    pub function_blueprint_id: String,
    pub input: FunctionInput,
}

/// The package an import creates: `POST /v2/faas/packages` as if the caller had sent it (so
/// that it passes the same validation), and which blueprint function each of its functions
/// comes from. A function the blueprint lacks, or one asked for twice, is a problem naming
/// `functions[i].functionBlueprintId`; the caller's config replaces the blueprint's, and both
/// are filled in with the STRING params.
pub fn import_package(
    blueprint: &PackageBlueprint,
    functions: &[FunctionBlueprint],
    body: &ImportBlueprint,
    params: &ResolvedParams,
) -> Result<(CreatePackage, Vec<ImportedFunction>), Vec<Problem>> {
    let mut problems = Vec::new();
    let chosen: Vec<(&FunctionBlueprint, Option<&ImportFunction>)> = match &body.functions {
        None => functions.iter().map(|f| (f, None)).collect(),
        Some(wanted) => {
            let mut chosen = Vec::new();
            for (i, want) in wanted.iter().enumerate() {
                let field = format!("functions[{i}].functionBlueprintId");
                match functions
                    .iter()
                    .find(|f| f.id.eq_ignore_ascii_case(&want.function_blueprint_id))
                {
                    None => {
                        problems.push(Problem::new(field, "names no function of this blueprint"))
                    }
                    Some(f)
                        if chosen
                            .iter()
                            .any(|(c, _): &(&FunctionBlueprint, _)| c.id == f.id) =>
                    {
                        problems.push(Problem::new(field, "is asked for twice"))
                    }
                    Some(f) => chosen.push((f, Some(want))),
                }
            }
            chosen
        }
    };
    let imported: Vec<ImportedFunction> = chosen
        .into_iter()
        .enumerate()
        .map(|(i, (function, want))| {
            let config = want
                .and_then(|w| w.config.clone())
                .unwrap_or_else(|| function.config.clone());
            ImportedFunction {
                function_blueprint_id: function.id.clone(),
                input: FunctionInput {
                    id: None,
                    name: want
                        .and_then(|w| w.name.clone())
                        .unwrap_or_else(|| function.name.clone()),
                    language: Some(Language::Javascript),
                    function_type: function.function_type,
                    sort_order: Some(i as u32),
                    code: substitute(&function.code, &params.strings),
                    config: substitute_config(&config, &params.strings),
                },
            }
        })
        .collect();
    if !problems.is_empty() {
        return Err(problems);
    }
    let package = CreatePackage {
        name: body.name.clone().unwrap_or_else(|| blueprint.name.clone()),
        description: Some(
            body.description
                .clone()
                .unwrap_or_else(|| blueprint.description.clone()),
        ),
        tags: Some(
            body.tags
                .clone()
                .unwrap_or_else(|| blueprint.tags.iter().map(|t| t.name.clone()).collect()),
        ),
        api_managed: Some(false),
        revision_name: Some(body.revision_name.clone()),
        revision_description: Some(format!("Imported from the blueprint {}", blueprint.name)),
        functions: imported.iter().map(|f| f.input.clone()).collect(),
    };
    Ok((package, imported))
}

/// A secret's name must be a key of the keyset's data: the problem with param `name` as one.
pub fn secret_name_problem(name: &str) -> Option<Problem> {
    key_problem(name).map(|p| Problem::new(format!("params.{name}"), p.message))
}

/// Validation of a blueprint as it ships, run by the server's tests: params named once,
/// every `{{marker}}` a STRING param of the blueprint, and no SECRET param between braces
/// (a secret never goes into code).
pub fn blueprint_problems(functions: &[FunctionBlueprint]) -> Vec<String> {
    let params: Vec<&BlueprintParam> = functions.iter().flat_map(|f| &f.params).collect();
    let mut problems = Vec::new();
    for (i, p) in params.iter().enumerate() {
        if params[..i].iter().any(|q| q.name == p.name) {
            problems.push(format!("param {} is declared twice", p.name));
        }
    }
    for function in functions {
        let config = serde_json::to_string(&function.config).unwrap_or_default();
        for marker in markers(&function.code).into_iter().chain(markers(&config)) {
            match params.iter().find(|p| p.name == marker) {
                Some(p) if p.param_type == ParamType::String => {}
                Some(_) => problems.push(format!(
                    "{}: the SECRET param {marker} is between braces",
                    function.name
                )),
                None => problems.push(format!("{}: no param {marker}", function.name)),
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn param(
        name: &str,
        param_type: ParamType,
        required: bool,
        default: Option<&str>,
    ) -> BlueprintParam {
        BlueprintParam {
            id: format!("id-{name}"),
            package_blueprint_id: "pb".into(),
            function_blueprint_id: "fb".into(),
            name: name.into(),
            description: String::new(),
            param_type,
            required,
            default_value: default.map(str::to_owned),
        }
    }

    #[test]
    fn params_take_defaults_and_name_what_is_missing_without_repeating_values() {
        let declared = [
            param("channel", ParamType::String, true, Some("chat.*")),
            param("url", ParamType::String, true, None),
            param("note", ParamType::String, false, None),
            param("signingKey", ParamType::Secret, true, None),
            param("optionalKey", ParamType::Secret, false, None),
        ];
        let given = json!({"url": "https://x", "signingKey": "s3cr3t"});
        let resolved = resolve_params(&declared, given.as_object()).unwrap();
        assert_eq!(resolved.strings["channel"], "chat.*");
        assert_eq!(resolved.strings["url"], "https://x");
        assert_eq!(resolved.strings["note"], "");
        assert_eq!(resolved.secrets, [("signingKey".into(), "s3cr3t".into())]);

        let given = json!({"url": "", "signingKey": 5, "other": 5});
        let problems = resolve_params(&declared, given.as_object()).unwrap_err();
        let described: Vec<String> = problems.iter().map(Problem::describe).collect();
        assert_eq!(
            described,
            [
                "params.url: is required",
                "params.signingKey: must be a string",
            ]
        );
        let given = json!({"url": "u", "signingKey": "s".repeat(VALUE_MAX_CHARS + 1)});
        let problems = resolve_params(&declared, given.as_object()).unwrap_err();
        assert_eq!(problems[0].field, "params.signingKey");
        assert!(!problems[0].message.contains("sss"));
    }

    #[test]
    fn markers_are_filled_in_and_other_braces_stay() {
        let strings = BTreeMap::from([("channel".to_owned(), "chat.room".to_owned())]);
        let code = "const c = '{{channel}}'; if (x) { return {a: 1}; } '{{ channel }}' {{unknown}}";
        assert_eq!(
            substitute(code, &strings),
            "const c = 'chat.room'; if (x) { return {a: 1}; } '{{ channel }}' {{unknown}}"
        );
        assert_eq!(markers(code), ["channel", "unknown"]);
        assert_eq!(markers("{{a}}{{b}}{{a}} {{}} {{x y}}"), ["a", "b"]);
    }

    #[test]
    fn test_inputs_need_a_payload_and_a_media_type() {
        let limits = Limits::default();
        let ok = validate_test_input(
            &SaveTestInput {
                payload: Some(json!({"request": {"message": {}}})),
                ..Default::default()
            },
            &limits,
        )
        .unwrap();
        assert_eq!(ok.mime_type, DEFAULT_MIME_TYPE);
        assert_eq!(ok.description, "");
        let problems = validate_test_input(
            &SaveTestInput {
                payload: None,
                mime_type: Some("json".into()),
                description: Some("d".repeat(1001)),
            },
            &limits,
        )
        .unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["payload", "mimeType", "description"]);
        let big = json!("x".repeat(PAYLOAD_MAX_CHARS));
        assert!(validate_test_input(
            &SaveTestInput {
                payload: Some(big),
                ..Default::default()
            },
            &limits
        )
        .is_err());
        assert_eq!(mime_type_problem("text/plain"), None);
        assert!(mime_type_problem("text/plain/x").is_some());
        assert!(mime_type_problem("text/ plain").is_some());
    }
}
