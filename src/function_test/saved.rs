//! Saved test inputs, kept in `localStorage` per function, newest first: reused from the
//! Test tab's picker after a reload.

use serde::{Deserialize, Serialize};

use super::Setup;

/// The most inputs kept per function.
pub const MAX_SAVED: usize = 20;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedInput {
    pub name: String,
    pub setup: Setup,
}

/// Where the inputs of a function are kept: by package and function name, so that they
/// follow the function from revision to revision.
pub fn storage_key(package: &str, function: &str) -> String {
    format!("faas-console.test-inputs.{package}.{function}.v1")
}

/// `list` with `input` first; one of the same name is replaced, the oldest dropped past
/// [`MAX_SAVED`].
pub fn with_saved(mut list: Vec<SavedInput>, input: SavedInput) -> Vec<SavedInput> {
    list.retain(|s| s.name != input.name);
    list.insert(0, input);
    list.truncate(MAX_SAVED);
    list
}

#[cfg(test)]
mod tests {
    use super::*;
    use faas_api::FunctionType;

    fn saved(name: &str) -> SavedInput {
        SavedInput {
            name: name.into(),
            setup: Setup::new(FunctionType::BeforePublish),
        }
    }

    #[test]
    fn saving_puts_it_first_and_replaces_its_namesake() {
        let list = with_saved(vec![saved("a"), saved("b")], saved("b"));
        let names: Vec<&str> = list.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["b", "a"]);
        let many = (0..30).fold(Vec::new(), |l, i| with_saved(l, saved(&i.to_string())));
        assert_eq!(many.len(), MAX_SAVED);
        assert_eq!(many[0].name, "29");
    }

    #[test]
    fn keys_follow_the_function_by_name() {
        assert_eq!(
            storage_key("Chat", "relay"),
            "faas-console.test-inputs.Chat.relay.v1"
        );
    }
}
