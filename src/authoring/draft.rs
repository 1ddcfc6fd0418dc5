//! What the package and revision forms hold: raw text, possibly invalid, kept as a draft in
//! the browser between visits. [`PackageDraft::validate`] and [`RevisionDraft::validate`] are
//! the only ways from a draft to a request body, and they apply the shared `faas-api` rules,
//! so the form and the server never disagree on what is valid.

use faas_api::{
    validation::{validate_create_package, validate_create_revision, Limits, INTERVAL_SECONDS},
    CreatePackage, CreateRevision, Function, FunctionConfig, FunctionInput, FunctionType,
    TriggerKind,
};
use serde::{Deserialize, Serialize};

use super::problems::Problems;

/// One function of a form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FunctionDraft {
    /// The function's identity in the revision it came from, kept so that the server knows
    /// a renamed function is the same function.
    pub id: Option<String>,
    pub name: String,
    pub function_type: FunctionType,
    pub input_channel: String,
    pub output_channel: String,
    pub path: String,
    /// Text, as typed: validated into a number.
    pub interval_seconds: String,
    pub code: String,
}

impl FunctionDraft {
    /// A new function of the default type with a working handler to start from; `position`
    /// (from 1) makes its name unique in the form.
    pub fn new(position: usize) -> Self {
        let function_type = FunctionType::default();
        FunctionDraft {
            name: format!("function-{position}"),
            function_type,
            input_channel: "channel".into(),
            code: template(function_type).into(),
            ..FunctionDraft::default()
        }
    }

    /// The function as it stands in an existing revision, to edit into a new one.
    pub fn from_function(function: &Function) -> Self {
        let config = &function.config;
        FunctionDraft {
            id: Some(function.id.clone()),
            name: function.name.clone(),
            function_type: function.function_type,
            input_channel: config.input_channel.clone().unwrap_or_default(),
            output_channel: config.output_channel.clone().unwrap_or_default(),
            path: config.path.clone().unwrap_or_default(),
            interval_seconds: config
                .interval_seconds
                .map(|s| s.to_string())
                .unwrap_or_default(),
            code: function.code.clone(),
        }
    }

    /// Changes the type; code that is still the previous type's template becomes the new
    /// type's, since the handler's signature differs between types.
    pub fn set_type(&mut self, function_type: FunctionType) {
        if self.code.trim() == template(self.function_type).trim() || self.code.trim().is_empty() {
            self.code = template(function_type).into();
        }
        self.function_type = function_type;
        if function_type.trigger() == TriggerKind::Interval && self.interval_seconds.is_empty() {
            self.interval_seconds = "60".into();
        }
        if function_type.trigger() == TriggerKind::Request && self.path.is_empty() {
            self.path = self.name.clone();
        }
    }

    /// The request form of the function at `position`: only the config fields its type
    /// takes are sent.
    fn to_input(&self, position: usize) -> FunctionInput {
        let text = |s: &str| {
            let s = s.trim();
            (!s.is_empty()).then(|| s.to_owned())
        };
        let mut config = FunctionConfig {
            function_type: Some(self.function_type),
            ..FunctionConfig::default()
        };
        match self.function_type.trigger() {
            TriggerKind::ChannelWithOutput => {
                config.input_channel = text(&self.input_channel);
                config.output_channel = text(&self.output_channel);
            }
            TriggerKind::Channel => config.input_channel = text(&self.input_channel),
            TriggerKind::Request => config.path = text(&self.path),
            TriggerKind::Interval => {
                config.interval_seconds = self.interval_seconds.trim().parse().ok()
            }
        }
        FunctionInput {
            id: self.id.clone(),
            name: self.name.clone(),
            language: None,
            function_type: self.function_type,
            sort_order: Some(position as u32),
            code: self.code.clone(),
            config,
        }
    }

    /// What the shared rules cannot see: an interval that is not a number at all.
    fn check_text(&self, at: &str, problems: &mut Problems) {
        let interval = self.interval_seconds.trim();
        if self.function_type.trigger() == TriggerKind::Interval
            && !interval.is_empty()
            && interval.parse::<u32>().is_err()
        {
            problems.add(
                &format!("{at}.config.intervalSeconds"),
                &format!(
                    "must be a whole number of seconds from {} to {}",
                    INTERVAL_SECONDS.start(),
                    INTERVAL_SECONDS.end()
                ),
            );
        }
    }
}

/// A handler to start from, with the signature each type is called with.
pub fn template(function_type: FunctionType) -> &'static str {
    match function_type.trigger() {
        TriggerKind::ChannelWithOutput | TriggerKind::Channel => {
            "export default (request) => {\n  console.log('message', request.message);\n  return request.ok();\n};\n"
        }
        TriggerKind::Request => {
            "export default (request, response) => {\n  return response.send({ hello: request.params.name ?? 'world' }, 200);\n};\n"
        }
        TriggerKind::Interval => {
            "export default (event) => {\n  console.log('tick', Date.now());\n  return event.ok();\n};\n"
        }
    }
}

/// The functions of a form, in order; their position is their `sortOrder`.
fn function_inputs(functions: &[FunctionDraft]) -> Vec<FunctionInput> {
    functions
        .iter()
        .enumerate()
        .map(|(i, f)| f.to_input(i))
        .collect()
}

fn check_functions_text(functions: &[FunctionDraft], problems: &mut Problems) {
    for (i, f) in functions.iter().enumerate() {
        f.check_text(&format!("functions[{i}]"), problems);
    }
}

/// Tags as typed: separated by commas or spaces.
pub fn parse_tags(text: &str) -> Vec<String> {
    text.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

fn optional(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// The create-package form: the package and its first revision.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PackageDraft {
    pub name: String,
    pub description: String,
    /// Comma- or space-separated.
    pub tags: String,
    pub revision_name: String,
    pub functions: Vec<FunctionDraft>,
}

impl PackageDraft {
    /// A blank form with one function to start from.
    pub fn new() -> Self {
        PackageDraft {
            revision_name: "v1".into(),
            functions: vec![FunctionDraft::new(1)],
            ..PackageDraft::default()
        }
    }

    /// The request body, or every problem at once, each under its field's JSON path.
    pub fn validate(&self, limits: &Limits) -> Result<CreatePackage, Problems> {
        let tags = parse_tags(&self.tags);
        let body = CreatePackage {
            name: self.name.clone(),
            description: optional(&self.description),
            tags: (!tags.is_empty()).then_some(tags),
            api_managed: None,
            revision_name: optional(&self.revision_name),
            revision_description: None,
            functions: function_inputs(&self.functions),
        };
        let mut problems = Problems::default();
        check_functions_text(&self.functions, &mut problems);
        if let Err(found) = validate_create_package(&body, limits) {
            for p in &found {
                problems.add(&p.field, &p.message);
            }
        }
        if problems.is_empty() {
            Ok(CreatePackage {
                name: body.name.trim().to_owned(),
                ..body
            })
        } else {
            Err(problems)
        }
    }
}

/// The new-revision form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RevisionDraft {
    /// The revision the functions were copied from.
    pub base_revision_id: Option<String>,
    pub name: String,
    pub description: String,
    pub functions: Vec<FunctionDraft>,
}

impl RevisionDraft {
    /// The functions of `base` to edit, under the next name.
    pub fn from_revision(base: &faas_api::PackageRevision, name: String) -> Self {
        let mut functions: Vec<&Function> = base.functions.iter().flatten().collect();
        crate::sort::sort_by_key(&mut functions, |f| f.sort_order);
        RevisionDraft {
            base_revision_id: Some(base.id.clone()),
            name,
            description: String::new(),
            functions: functions
                .into_iter()
                .map(FunctionDraft::from_function)
                .collect(),
        }
    }

    pub fn validate(&self, package_id: &str, limits: &Limits) -> Result<CreateRevision, Problems> {
        let body = CreateRevision {
            package_id: package_id.to_owned(),
            name: optional(&self.name),
            description: optional(&self.description),
            functions: function_inputs(&self.functions),
        };
        let mut problems = Problems::default();
        check_functions_text(&self.functions, &mut problems);
        if let Err(found) = validate_create_revision(&body, limits) {
            for p in &found {
                problems.add(&p.field, &p.message);
            }
        }
        if problems.is_empty() {
            Ok(body)
        } else {
            Err(problems)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> Limits {
        Limits::default()
    }

    #[test]
    fn a_new_package_form_is_valid_once_named() {
        let mut draft = PackageDraft::new();
        let problems = draft.validate(&limits()).unwrap_err();
        assert!(problems.get("name").is_some());

        draft.name = "  Chat Moderation ".into();
        draft.tags = "chat, moderation  demo".into();
        let body = draft.validate(&limits()).unwrap();
        assert_eq!(body.name, "Chat Moderation");
        assert_eq!(
            body.tags,
            Some(vec!["chat".into(), "moderation".into(), "demo".into()])
        );
        assert_eq!(body.revision_name.as_deref(), Some("v1"));
        assert_eq!(body.description, None);
        let f = &body.functions[0];
        assert_eq!(f.sort_order, Some(0));
        assert_eq!(f.config.function_type, Some(FunctionType::BeforePublish));
        assert_eq!(f.config.input_channel.as_deref(), Some("channel"));
        assert_eq!(f.config.path, None);
    }

    #[test]
    fn every_problem_is_under_its_json_path() {
        let mut draft = PackageDraft::new();
        draft.name = "ok".into();
        draft.tags = "Bad Tag!".into();
        draft.functions.push(FunctionDraft::new(2));
        draft.functions[1].set_type(FunctionType::OnInterval);
        draft.functions[1].interval_seconds = "soon".into();
        draft.functions[0].input_channel = "a b".into();
        draft.functions[0].code.clear();
        let problems = draft.validate(&limits()).unwrap_err();
        assert!(problems.get("tags").is_some(), "{problems:?}");
        assert!(problems.get("functions[0].config.inputChannel").is_some());
        assert!(problems.get("functions[0].code").is_some());
        assert!(problems
            .get("functions[1].config.intervalSeconds")
            .unwrap()
            .contains("whole number"));
    }

    #[test]
    fn duplicate_function_names_are_refused() {
        let mut draft = PackageDraft::new();
        draft.name = "ok".into();
        draft.functions.push(FunctionDraft::new(1));
        let problems = draft.validate(&limits()).unwrap_err();
        assert!(problems.get("functions[1].name").is_some());
    }

    #[test]
    fn only_the_config_of_the_type_is_sent() {
        let mut f = FunctionDraft::new(1);
        f.output_channel = "out".into();
        f.path = "left-over".into();
        f.set_type(FunctionType::AfterPublish);
        let input = f.to_input(3);
        assert_eq!(input.config.output_channel, None);
        assert_eq!(input.config.path, None);
        assert_eq!(input.sort_order, Some(3));
    }

    #[test]
    fn an_untouched_template_follows_the_type_but_edited_code_stays() {
        let mut f = FunctionDraft::new(1);
        f.set_type(FunctionType::OnRequest);
        assert_eq!(f.code, template(FunctionType::OnRequest));
        assert_eq!(f.path, "function-1");
        f.code = "export default (req, res) => res.send('mine');".into();
        f.set_type(FunctionType::OnInterval);
        assert!(f.code.contains("mine"));
        assert_eq!(f.interval_seconds, "60");
    }

    #[test]
    fn a_revision_draft_starts_from_its_base_in_order() {
        let function = |name: &str, order: u32| Function {
            id: format!("id-{name}"),
            function_revision_id: "fr".into(),
            package_revision_id: "r".into(),
            name: name.into(),
            language: faas_api::Language::Javascript,
            function_type: FunctionType::OnInterval,
            sort_order: order,
            code: "export default (e) => e.ok();".into(),
            config: FunctionConfig {
                function_type: Some(FunctionType::OnInterval),
                interval_seconds: Some(30),
                ..FunctionConfig::default()
            },
            created_dttm: String::new(),
            updated_dttm: String::new(),
        };
        let base = faas_api::PackageRevision {
            id: "r1".into(),
            package_id: "p".into(),
            name: "v1".into(),
            description: String::new(),
            package_deployments_total: 0,
            package_deployments_running: 0,
            created_dttm: String::new(),
            updated_dttm: String::new(),
            functions: Some(vec![function("b", 1), function("a", 0)]),
        };
        let draft = RevisionDraft::from_revision(&base, "v2".into());
        assert_eq!(draft.functions[0].name, "a");
        assert_eq!(draft.functions[0].id.as_deref(), Some("id-a"));
        assert_eq!(draft.functions[1].interval_seconds, "30");
        let body = draft.validate("p", &limits()).unwrap();
        assert_eq!(body.name.as_deref(), Some("v2"));
        assert_eq!(body.functions[1].config.interval_seconds, Some(30));
    }

    #[test]
    fn drafts_survive_storage() {
        let draft = PackageDraft::new();
        let json = serde_json::to_string(&draft).unwrap();
        assert_eq!(serde_json::from_str::<PackageDraft>(&json).unwrap(), draft);
        // A draft written by an older console, with fields missing, still loads.
        let old: PackageDraft = serde_json::from_str(r#"{"name":"x"}"#).unwrap();
        assert_eq!(old.name, "x");
    }
}
