//! Problems of a form, keyed by the JSON path of their field (`functions[1].config.path`):
//! the paths the shared `faas-api` rules report and the server sends in `errors[].field`.

use crate::api::ApiError;

/// Everything wrong with a form: per field, and for the form as a whole.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Problems {
    /// `(path, message)`, the first problem of each field only.
    fields: Vec<(String, String)>,
    /// Problems that name no field the form shows.
    pub general: Vec<String>,
}

impl Problems {
    /// From the shared rules: each problem goes under its field.
    pub fn from_rules(found: &[faas_api::Problem]) -> Self {
        let mut problems = Problems::default();
        for p in found {
            problems.add(&p.field, &p.message);
        }
        problems
    }

    /// From a server's answer: errors that name a field go under it, with the field's name
    /// taken off the front of the message; `None` when no error names a field (the form then
    /// shows the whole error instead).
    pub fn from_server(error: &ApiError) -> Option<Self> {
        if !error.errors().iter().any(|e| e.field.is_some()) {
            return None;
        }
        let mut problems = Problems::default();
        for e in error.errors() {
            match &e.field {
                Some(field) => {
                    let message = e
                        .message
                        .strip_prefix(field.as_str())
                        .and_then(|m| m.strip_prefix(": "))
                        .unwrap_or(&e.message);
                    problems.add(field, message);
                }
                None => problems.general.push(e.message.clone()),
            }
        }
        Some(problems)
    }

    pub fn add(&mut self, field: &str, message: &str) {
        if field.is_empty() {
            self.general.push(message.to_owned());
        } else if self.get(field).is_none() {
            self.fields.push((field.to_owned(), capitalize(message)));
        }
    }

    /// The problem of the field at `path`, or of any element inside it (`tags` also
    /// answers for `tags[3]`, naming the element).
    pub fn get(&self, path: &str) -> Option<String> {
        self.fields.iter().find_map(|(field, message)| {
            if field == path {
                Some(message.clone())
            } else {
                field
                    .strip_prefix(path)
                    .filter(|rest| rest.starts_with('['))
                    .map(|rest| format!("{rest}: {message}"))
            }
        })
    }

    pub fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.general.is_empty()
    }

    /// Every field path with a problem, in the order found: the first is where focus goes.
    pub fn fields(&self) -> impl Iterator<Item = &str> {
        self.fields.iter().map(|(f, _)| f.as_str())
    }

    /// How many problems there are in all.
    pub fn len(&self) -> usize {
        self.fields.len() + self.general.len()
    }
}

/// The first letter in capitals. Our messages begin with an ASCII letter; `char::to_uppercase`
/// would bring the Unicode case tables (4 KB of brotli) into every page with a form.
fn capitalize(message: &str) -> String {
    let mut message = message.to_owned();
    if let Some(first) = message.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ErrorKind;

    fn server_error(errors: &[(&str, Option<&str>)]) -> ApiError {
        ApiError {
            kind: ErrorKind::Rejected {
                status: 400,
                errors: errors
                    .iter()
                    .map(|(message, field)| faas_api::ApiError {
                        code: "FAAS-400".into(),
                        message: (*message).into(),
                        field: field.map(str::to_owned),
                    })
                    .collect(),
            },
            correlation_id: "c".into(),
        }
    }

    #[test]
    fn rule_problems_go_under_their_field_first_one_wins() {
        let found = [
            faas_api::Problem::new("name", "must not be empty"),
            faas_api::Problem::new("name", "second"),
            faas_api::Problem::new("functions[1].config.path", "is required"),
            faas_api::Problem::new("", "body problem"),
        ];
        let problems = Problems::from_rules(&found);
        assert_eq!(problems.get("name").as_deref(), Some("Must not be empty"));
        assert_eq!(
            problems.get("functions[1].config.path").as_deref(),
            Some("Is required")
        );
        assert_eq!(problems.general, vec!["body problem".to_owned()]);
        assert_eq!(problems.len(), 3);
        assert_eq!(
            problems.fields().collect::<Vec<_>>(),
            ["name", "functions[1].config.path"]
        );
    }

    #[test]
    fn a_list_field_answers_for_its_elements() {
        let problems = Problems::from_rules(&[faas_api::Problem::new("tags[2]", "bad tag")]);
        assert_eq!(problems.get("tags").as_deref(), Some("[2]: Bad tag"));
        // `functions[1]` is not a part of `functions[10]`'s name, nor `name` of `names`.
        let problems = Problems::from_rules(&[faas_api::Problem::new("names", "x")]);
        assert_eq!(problems.get("name"), None);
    }

    #[test]
    fn server_errors_lose_their_field_prefix() {
        let error = server_error(&[
            (
                "name: a package with this name already exists",
                Some("name"),
            ),
            ("something general", None),
        ]);
        let problems = Problems::from_server(&error).unwrap();
        assert_eq!(
            problems.get("name").as_deref(),
            Some("A package with this name already exists")
        );
        assert_eq!(problems.general, vec!["something general".to_owned()]);
    }

    #[test]
    fn server_errors_without_fields_are_not_form_problems() {
        assert_eq!(
            Problems::from_server(&server_error(&[("boom", None)])),
            None
        );
    }
}
