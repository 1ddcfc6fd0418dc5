//! Starting a package from a blueprint, in plain Rust: the tags a gallery filters by, and the
//! "Use this blueprint" form checked into the
//! import's body, with the server's field paths mapped back to the form's fields.

use faas_api::catalog::{
    BlueprintParam, FunctionBlueprint, ImportBlueprint, PackageBlueprint, ParamType,
};
use serde_json::{Map, Value};

/// Every tag of `blueprints`, each once, in name order.
pub fn tags_of(blueprints: &[PackageBlueprint]) -> Vec<String> {
    let mut tags: Vec<String> = blueprints
        .iter()
        .flat_map(|b| b.tags.iter().map(|t| t.name.clone()))
        .collect();
    tags.sort();
    tags.dedup();
    tags
}

/// The form as typed: the keyset (its id as text, empty for none chosen), names, and each
/// param's value by name, in the blueprint's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportForm {
    pub keyset: String,
    pub name: String,
    pub revision_name: String,
    pub params: Vec<(String, String)>,
}

impl ImportForm {
    /// A fresh form for `blueprint`: its name, revision `v1`, each STRING param's default,
    /// SECRET params empty.
    pub fn new(blueprint: &PackageBlueprint, params: &[BlueprintParam]) -> ImportForm {
        ImportForm {
            keyset: String::new(),
            name: blueprint.name.clone(),
            revision_name: "v1".to_owned(),
            params: params
                .iter()
                .map(|p| {
                    let value = match p.param_type {
                        ParamType::String => p.default_value.clone().unwrap_or_default(),
                        ParamType::Secret => String::new(),
                    };
                    (p.name.clone(), value)
                })
                .collect(),
        }
    }

    /// The import's body, or each field's problem (field id, message), in the form's order.
    pub fn body(
        &self,
        params: &[BlueprintParam],
    ) -> Result<ImportBlueprint, Vec<(String, String)>> {
        let mut problems = Vec::new();
        let keyset_id = self.keyset.parse::<i64>().ok();
        if keyset_id.is_none() {
            problems.push((
                KEYSET_FIELD.to_owned(),
                "Choose the keyset to deploy to.".to_owned(),
            ));
        }
        if self.name.trim().is_empty() {
            problems.push((
                NAME_FIELD.to_owned(),
                "The package needs a name.".to_owned(),
            ));
        }
        if self.revision_name.trim().is_empty() {
            problems.push((
                REVISION_FIELD.to_owned(),
                "The first revision needs a name.".to_owned(),
            ));
        }
        let mut values = Map::new();
        for param in params {
            let value = self
                .params
                .iter()
                .find(|(name, _)| name == &param.name)
                .map(|(_, v)| v.as_str())
                .unwrap_or_default();
            // A STRING is sent as typed (spaces may matter in code); an empty one takes the
            // param's default on the server.
            let empty = match param.param_type {
                ParamType::String => value.is_empty(),
                ParamType::Secret => value.trim().is_empty(),
            };
            if empty && param.required && param.default_value.is_none() {
                problems.push((
                    param_field(&param.name),
                    format!("{} is required.", param.name),
                ));
            } else if !empty {
                values.insert(param.name.clone(), Value::String(value.to_owned()));
            }
        }
        match keyset_id {
            Some(keyset_id) if problems.is_empty() => Ok(ImportBlueprint {
                keyset_id,
                revision_name: self.revision_name.trim().to_owned(),
                name: Some(self.name.trim().to_owned()),
                params: (!values.is_empty()).then_some(values),
                ..ImportBlueprint::default()
            }),
            _ => Err(problems),
        }
    }
}

pub const KEYSET_FIELD: &str = "import-keyset";
pub const NAME_FIELD: &str = "import-name";
pub const REVISION_FIELD: &str = "import-revision";

/// The id of the field of param `name`.
pub fn param_field(name: &str) -> String {
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("import-param-{safe}")
}

/// The form field a server error's `field` is about: a param, the keyset, a name; `None`
/// for the rest (a trigger that a param filled in wrongly names the function, which the form
/// has no field of: the error shows above the button).
pub fn field_of_path(path: &str) -> Option<String> {
    if let Some(name) = path.strip_prefix("params.") {
        return Some(param_field(name));
    }
    match path {
        "keysetId" => Some(KEYSET_FIELD.to_owned()),
        "name" => Some(NAME_FIELD.to_owned()),
        "revisionName" => Some(REVISION_FIELD.to_owned()),
        _ => None,
    }
}

/// The params of `functions`, in order.
pub fn params_of(functions: &[FunctionBlueprint]) -> Vec<BlueprintParam> {
    functions.iter().flat_map(|f| f.params.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use faas_api::catalog::BlueprintTag;

    fn blueprint(tags: &[&str]) -> PackageBlueprint {
        PackageBlueprint {
            id: "b".into(),
            parent_id: None,
            name: "Webhook Signer".into(),
            version: "1.0.0".into(),
            description: String::new(),
            icon_base64: None,
            icon_media_type: None,
            state: "GENERAL_AVAILABILITY".into(),
            tags: tags
                .iter()
                .map(|t| BlueprintTag {
                    id: (*t).into(),
                    name: (*t).into(),
                    visibility: "PUBLIC".into(),
                })
                .collect(),
            function_types: Vec::new(),
            created_dttm: String::new(),
            updated_dttm: String::new(),
        }
    }

    fn param(name: &str, param_type: ParamType, default: Option<&str>) -> BlueprintParam {
        BlueprintParam {
            id: name.into(),
            package_blueprint_id: "b".into(),
            function_blueprint_id: "f".into(),
            name: name.into(),
            description: String::new(),
            param_type,
            required: true,
            default_value: default.map(str::to_owned),
        }
    }

    #[test]
    fn tags_are_listed_once_in_order() {
        let tags = tags_of(&[blueprint(&["xhr", "chat"]), blueprint(&["chat", "a"])]);
        assert_eq!(tags, ["a", "chat", "xhr"]);
    }

    #[test]
    fn the_form_starts_from_defaults_and_leaves_secrets_empty() {
        let params = [
            param("channel", ParamType::String, Some("payments.*")),
            param("webhookSigningKey", ParamType::Secret, None),
        ];
        let form = ImportForm::new(&blueprint(&[]), &params);
        assert_eq!(form.name, "Webhook Signer");
        assert_eq!(form.revision_name, "v1");
        assert_eq!(
            form.params,
            [
                ("channel".to_owned(), "payments.*".to_owned()),
                ("webhookSigningKey".to_owned(), String::new())
            ]
        );
        let problems = form.body(&params).unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(fields, ["import-keyset", "import-param-webhookSigningKey"]);
    }

    #[test]
    fn a_complete_form_is_the_import_body() {
        let params = [
            param("channel", ParamType::String, Some("payments.*")),
            param("note", ParamType::String, Some("x")),
            param("webhookSigningKey", ParamType::Secret, None),
        ];
        let form = ImportForm {
            keyset: "31002".into(),
            name: " Payments ".into(),
            revision_name: "v1".into(),
            params: vec![
                ("channel".into(), "payments.eu".into()),
                ("note".into(), String::new()),
                ("webhookSigningKey".into(), "s3cret".into()),
            ],
        };
        let body = form.body(&params).unwrap();
        assert_eq!(body.keyset_id, 31002);
        assert_eq!(body.name.as_deref(), Some("Payments"));
        let sent = body.params.unwrap();
        assert_eq!(sent["channel"], "payments.eu");
        assert!(!sent.contains_key("note"), "empty: the default");
        assert_eq!(sent["webhookSigningKey"], "s3cret");
    }

    #[test]
    fn server_fields_map_to_the_form() {
        assert_eq!(
            field_of_path("params.webhookSigningKey").as_deref(),
            Some("import-param-webhookSigningKey")
        );
        assert_eq!(field_of_path("keysetId").as_deref(), Some(KEYSET_FIELD));
        assert_eq!(field_of_path("functions[0].config.inputChannel"), None);
        assert_eq!(param_field("a b"), "import-param-a-b");
    }
}
