//! What changed between two revisions of a package, function by function. Functions are
//! matched by their identity across revisions (`id`), so a renamed function shows as changed,
//! not as one removed and one added. The line diff of the code itself is computed by the
//! editor's chunk (see `editor::line_diff`), which is loaded on the revision page anyway.

use faas_api::Function;

/// How one function differs between the older and the newer revision.
#[derive(Debug, Clone, PartialEq)]
pub enum FunctionChange {
    Added(Function),
    Removed(Function),
    Changed {
        old: Box<Function>,
        new: Box<Function>,
    },
    Unchanged(Function),
}

impl FunctionChange {
    /// The name to show: the newer one when there is one.
    pub fn name(&self) -> &str {
        match self {
            FunctionChange::Added(f)
            | FunctionChange::Removed(f)
            | FunctionChange::Unchanged(f) => &f.name,
            FunctionChange::Changed { new, .. } => &new.name,
        }
    }

    pub fn label(&self) -> &'static str {
        match self {
            FunctionChange::Added(_) => "Added",
            FunctionChange::Removed(_) => "Removed",
            FunctionChange::Changed { .. } => "Changed",
            FunctionChange::Unchanged(_) => "Unchanged",
        }
    }
}

/// The changes from `old` to `new`, in the newer revision's order, removed functions last.
pub fn diff_functions(old: &[Function], new: &[Function]) -> Vec<FunctionChange> {
    let mut new_sorted: Vec<&Function> = new.iter().collect();
    crate::sort::sort_by_key(&mut new_sorted, |f| f.sort_order);
    let mut old_sorted: Vec<&Function> = old.iter().collect();
    crate::sort::sort_by_key(&mut old_sorted, |f| f.sort_order);

    let counterpart = |f: &Function| {
        old_sorted
            .iter()
            .find(|o| o.id == f.id)
            .or_else(|| old_sorted.iter().find(|o| o.name == f.name))
            .copied()
    };
    let mut matched_old: Vec<&str> = Vec::new();
    let mut changes: Vec<FunctionChange> = new_sorted
        .iter()
        .map(|f| match counterpart(f) {
            None => FunctionChange::Added((*f).clone()),
            Some(o) => {
                matched_old.push(&o.function_revision_id);
                if config_text(o) == config_text(f) && o.code == f.code {
                    FunctionChange::Unchanged((*f).clone())
                } else {
                    FunctionChange::Changed {
                        old: Box::new(o.clone()),
                        new: Box::new((*f).clone()),
                    }
                }
            }
        })
        .collect();
    changes.extend(
        old_sorted
            .iter()
            .filter(|o| !matched_old.contains(&o.function_revision_id.as_str()))
            .map(|o| FunctionChange::Removed((*o).clone())),
    );
    changes
}

/// A function's name, type and trigger as lines of text, so that a change of any of them
/// shows in a line diff next to the code's.
pub fn config_text(f: &Function) -> String {
    let mut lines = vec![
        format!("name: {}", f.name),
        format!("type: {}", f.function_type.as_str()),
    ];
    let c = &f.config;
    let fields = [
        ("inputChannel", c.input_channel.clone()),
        ("outputChannel", c.output_channel.clone()),
        ("path", c.path.clone()),
        ("intervalSeconds", c.interval_seconds.map(|s| s.to_string())),
    ];
    lines.extend(
        fields
            .into_iter()
            .filter_map(|(name, value)| value.map(|v| format!("{name}: {v}"))),
    );
    lines.join("\n")
}

/// How many functions were added, removed and changed: "1 added, 2 changed".
pub fn summary(changes: &[FunctionChange]) -> String {
    let count = |pick: fn(&FunctionChange) -> bool| changes.iter().filter(|c| pick(c)).count();
    let parts: Vec<String> = [
        (count(|c| matches!(c, FunctionChange::Added(_))), "added"),
        (
            count(|c| matches!(c, FunctionChange::Removed(_))),
            "removed",
        ),
        (
            count(|c| matches!(c, FunctionChange::Changed { .. })),
            "changed",
        ),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| format!("{n} {what}"))
    .collect();
    if parts.is_empty() {
        "No differences".into()
    } else {
        parts.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use faas_api::{FunctionConfig, FunctionType, Language};

    fn function(id: &str, name: &str, order: u32, code: &str) -> Function {
        Function {
            id: id.into(),
            function_revision_id: format!("{id}-{code}"),
            package_revision_id: "r".into(),
            name: name.into(),
            language: Language::Javascript,
            function_type: FunctionType::BeforePublish,
            sort_order: order,
            code: code.into(),
            config: FunctionConfig {
                function_type: Some(FunctionType::BeforePublish),
                input_channel: Some("chat".into()),
                ..FunctionConfig::default()
            },
            created_dttm: String::new(),
            updated_dttm: String::new(),
        }
    }

    #[test]
    fn functions_are_matched_by_identity_then_name() {
        let old = [
            function("a", "alpha", 0, "1"),
            function("b", "beta", 1, "2"),
            function("c", "gamma", 2, "3"),
        ];
        let new = [
            function("a", "alpha-renamed", 0, "1"),
            function("b", "beta", 1, "2 changed"),
            function("d", "delta", 2, "4"),
        ];
        let changes = diff_functions(&old, &new);
        let labels: Vec<(&str, &str)> = changes.iter().map(|c| (c.name(), c.label())).collect();
        assert_eq!(
            labels,
            [
                ("alpha-renamed", "Changed"),
                ("beta", "Changed"),
                ("delta", "Added"),
                ("gamma", "Removed"),
            ]
        );
        assert_eq!(summary(&changes), "1 added, 1 removed, 2 changed");
    }

    #[test]
    fn identical_revisions_have_no_differences() {
        let fs = [function("a", "alpha", 0, "x")];
        let changes = diff_functions(&fs, &fs);
        assert!(matches!(changes[0], FunctionChange::Unchanged(_)));
        assert_eq!(summary(&changes), "No differences");
    }

    #[test]
    fn config_text_names_only_the_fields_present() {
        let mut f = function("a", "alpha", 0, "x");
        f.config.output_channel = Some("out".into());
        assert_eq!(
            config_text(&f),
            "name: alpha\ntype: BEFORE_PUBLISH\ninputChannel: chat\noutputChannel: out"
        );
    }
}
