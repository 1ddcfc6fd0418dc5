//! How the functions of a package or revision form are laid out, in plain Rust: which
//! settings each kind of trigger shows, which field a problem's JSON path names, what a
//! function is called before it has a name. The form's components only render these.

use faas_api::TriggerKind;

/// One setting of a function's trigger, as the form shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConfigField {
    /// Which of the function's values it edits.
    pub value: ConfigValue,
    /// The element id's suffix: `fn-{key}-{suffix}`.
    pub suffix: &'static str,
    pub label: &'static str,
    pub hint: &'static str,
    /// Its JSON path under the function, where the rules and the server put its problem.
    pub path: &'static str,
}

impl ConfigField {
    /// Whether the form asks for it (its label says when it does not).
    pub fn required(&self) -> bool {
        !self.label.ends_with("(optional)")
    }
}

/// The values of a function's trigger settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfigValue {
    InputChannel,
    OutputChannel,
    Path,
    IntervalSeconds,
}

const INPUT_CHANNEL: ConfigField = ConfigField {
    value: ConfigValue::InputChannel,
    suffix: "input-channel",
    label: "Input channel",
    hint: "The channel whose messages trigger it, such as chat or chat.*",
    path: "config.inputChannel",
};

const OUTPUT_CHANNEL: ConfigField = ConfigField {
    value: ConfigValue::OutputChannel,
    suffix: "output-channel",
    label: "Output channel (optional)",
    hint: "Where the function's result is published instead, if anywhere.",
    path: "config.outputChannel",
};

const PATH: ConfigField = ConfigField {
    value: ConfigValue::Path,
    suffix: "path",
    label: "Path",
    hint: "The URL path it answers: letters, digits, -, _ and /.",
    path: "config.path",
};

const INTERVAL: ConfigField = ConfigField {
    value: ConfigValue::IntervalSeconds,
    suffix: "interval",
    label: "Interval in seconds",
    hint: "From 1 to 3600.",
    path: "config.intervalSeconds",
};

/// The settings a kind of trigger takes, in the order the form shows them.
pub fn config_fields(trigger: TriggerKind) -> &'static [ConfigField] {
    match trigger {
        TriggerKind::Channel => &[INPUT_CHANNEL],
        TriggerKind::ChannelWithOutput => &[INPUT_CHANNEL, OUTPUT_CHANNEL],
        TriggerKind::Request => &[PATH],
        TriggerKind::Interval => &[INTERVAL],
    }
}

/// The function and the element suffix of the field a problem's JSON path names
/// (`functions[1].config.path` → `(1, "path")`); the code for anything else of a function;
/// `None` for a path outside the functions.
pub fn function_field(path: &str) -> Option<(usize, &'static str)> {
    let rest = path.strip_prefix("functions[")?;
    let (index, field) = rest.split_once(']')?;
    let suffix = match field.trim_start_matches('.') {
        "name" => "name",
        "config.inputChannel" => INPUT_CHANNEL.suffix,
        "config.outputChannel" => OUTPUT_CHANNEL.suffix,
        "config.path" => PATH.suffix,
        "config.intervalSeconds" => INTERVAL.suffix,
        "type" | "config.type" | "config" => "type",
        _ => "code",
    };
    Some((index.parse().ok()?, suffix))
}

/// What to call the function at `position` (from 0): its name, or "function 2" while it
/// has none.
pub fn function_name(name: &str, position: usize) -> String {
    if name.trim().is_empty() {
        format!("function {}", position + 1)
    } else {
        name.to_owned()
    }
}

/// The tab a key moves to in the two tabs of code and test, as in every tab list: `Some(true)`
/// for the test, `Some(false)` for the code, `None` for a key that moves nothing.
pub fn tab_for_key(key: &str, on_test: bool) -> Option<bool> {
    match key {
        "Home" => Some(false),
        "End" => Some(true),
        "ArrowLeft" | "ArrowRight" => Some(!on_test),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_trigger_shows_its_own_settings() {
        let suffixes = |t| {
            config_fields(t)
                .iter()
                .map(|f| f.suffix)
                .collect::<Vec<_>>()
        };
        assert_eq!(suffixes(TriggerKind::Channel), ["input-channel"]);
        assert_eq!(
            suffixes(TriggerKind::ChannelWithOutput),
            ["input-channel", "output-channel"]
        );
        assert_eq!(suffixes(TriggerKind::Request), ["path"]);
        assert_eq!(suffixes(TriggerKind::Interval), ["interval"]);
        assert!(INPUT_CHANNEL.required() && !OUTPUT_CHANNEL.required());
    }

    #[test]
    fn a_problem_names_the_field_that_shows_it() {
        assert_eq!(
            function_field("functions[1].config.path"),
            Some((1, "path"))
        );
        assert_eq!(function_field("functions[0].name"), Some((0, "name")));
        assert_eq!(function_field("functions[2].config"), Some((2, "type")));
        assert_eq!(function_field("functions[3].code"), Some((3, "code")));
        assert_eq!(function_field("functions[0]"), Some((0, "code")));
        assert_eq!(function_field("functions[x].name"), None);
        assert_eq!(function_field("functions"), None);
        assert_eq!(function_field("name"), None);
        // Every setting's own path leads back to it.
        for trigger in [
            TriggerKind::Channel,
            TriggerKind::ChannelWithOutput,
            TriggerKind::Request,
            TriggerKind::Interval,
        ] {
            for field in config_fields(trigger) {
                let path = format!("functions[0].{}", field.path);
                assert_eq!(function_field(&path), Some((0, field.suffix)));
            }
        }
    }

    #[test]
    fn an_unnamed_function_is_called_by_its_place() {
        assert_eq!(function_name("  ", 1), "function 2");
        assert_eq!(function_name("moderate", 0), "moderate");
    }

    #[test]
    fn arrows_and_home_and_end_move_between_the_tabs() {
        assert_eq!(tab_for_key("ArrowRight", false), Some(true));
        assert_eq!(tab_for_key("ArrowLeft", true), Some(false));
        assert_eq!(tab_for_key("Home", true), Some(false));
        assert_eq!(tab_for_key("End", false), Some(true));
        assert_eq!(tab_for_key("Enter", false), None);
    }
}
