//! The limits and formats of `api.md` §2 as pure functions.
//!
//! Each check reports every problem at once, each naming the JSON path of its field
//! (`functions[1].config.inputChannel`), so that a form can show all of them under their
//! fields and a server can answer one error per field. A check that passes returns the value
//! in its normalised form (names trimmed, config reduced to what its type takes), so code that
//! forgot to validate does not compile.

use crate::envelope::ErrorCode;
use crate::functions::{
    CreatePackage, CreateRevision, FunctionConfig, FunctionInput, FunctionType, TriggerConfig,
    TriggerKind, UpdatePackage, UpdateRevision,
};

/// One thing wrong with a request, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The JSON path of the field, `functions[1].config.inputChannel`; empty for the whole body.
    pub field: String,
    pub message: String,
    /// The error code the problem is reported with: [`ErrorCode::Validation`] unless a limit
    /// of its own has a code (too many functions → [`ErrorCode::TooManyFunctions`]).
    pub code: ErrorCode,
}

impl Problem {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            field: field.into(),
            message: message.into(),
            code: ErrorCode::Validation,
        }
    }

    /// The message with its field in front, as servers send it: `name: must not be empty`.
    pub fn describe(&self) -> String {
        if self.field.is_empty() {
            self.message.clone()
        } else {
            format!("{}: {}", self.field, self.message)
        }
    }
}

/// The limits a server enforces. The defaults are the documented ones; the reference server
/// takes each from a flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub name_max_chars: usize,
    pub description_max_chars: usize,
    pub tags_max: usize,
    pub tag_max_chars: usize,
    pub functions_max: usize,
    pub code_max_bytes: usize,
    pub packages_max: usize,
    pub deployments_per_revision_max: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            name_max_chars: 100,
            description_max_chars: 1000,
            tags_max: 20,
            tag_max_chars: 50,
            functions_max: 20,
            code_max_bytes: 256 * 1024,
            packages_max: 100,
            deployments_per_revision_max: 5,
        }
    }
}

pub const CHANNEL_MAX_CHARS: usize = 92;
pub const PATH_MAX_CHARS: usize = 128;
pub const INTERVAL_SECONDS: std::ops::RangeInclusive<u32> = 1..=3600;

/// A function that passed validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidFunction {
    pub id: Option<String>,
    pub name: String,
    pub function_type: FunctionType,
    pub sort_order: u32,
    pub code: String,
    pub config: TriggerConfig,
}

/// A `CreatePackage` that passed validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidPackage {
    pub name: String,
    pub description: String,
    pub tags: Vec<String>,
    pub api_managed: bool,
    pub revision_name: Option<String>,
    pub revision_description: String,
    pub functions: Vec<ValidFunction>,
}

/// A `CreateRevision` that passed validation (the package id is checked by the server).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidRevision {
    pub name: Option<String>,
    pub description: String,
    pub functions: Vec<ValidFunction>,
}

type Checked<T> = Result<T, Vec<Problem>>;

fn finish<T>(value: T, problems: Vec<Problem>) -> Checked<T> {
    if problems.is_empty() {
        Ok(value)
    } else {
        Err(problems)
    }
}

fn join(prefix: &str, field: &str) -> String {
    if prefix.is_empty() {
        field.to_owned()
    } else {
        format!("{prefix}.{field}")
    }
}

/// A package, revision or function name: 1 to `max` characters once trimmed.
pub fn check_name(field: &str, name: &str, limits: &Limits, problems: &mut Vec<Problem>) -> String {
    let trimmed = name.trim();
    let chars = trimmed.chars().count();
    if chars == 0 {
        problems.push(Problem::new(field, "must not be empty"));
    } else if chars > limits.name_max_chars {
        problems.push(Problem::new(
            field,
            format!(
                "must be at most {} characters (is {chars})",
                limits.name_max_chars
            ),
        ));
    } else if trimmed.chars().any(char::is_control) {
        problems.push(Problem::new(field, "must not contain control characters"));
    }
    trimmed.to_owned()
}

/// A description: at most `max` characters.
pub fn check_description(
    field: &str,
    description: Option<&str>,
    limits: &Limits,
    problems: &mut Vec<Problem>,
) -> String {
    let description = description.unwrap_or_default();
    let chars = description.chars().count();
    if chars > limits.description_max_chars {
        problems.push(Problem::new(
            field,
            format!(
                "must be at most {} characters (is {chars})",
                limits.description_max_chars
            ),
        ));
    }
    description.to_owned()
}

/// Tags: at most `tags_max`, each 1 to `tag_max_chars` of `[a-z0-9-_]`, no duplicates.
pub fn check_tags(field: &str, tags: &[String], limits: &Limits, problems: &mut Vec<Problem>) {
    if tags.len() > limits.tags_max {
        problems.push(Problem::new(
            field,
            format!(
                "at most {} tags are allowed (got {})",
                limits.tags_max,
                tags.len()
            ),
        ));
    }
    for (i, tag) in tags.iter().enumerate() {
        let path = format!("{field}[{i}]");
        let chars = tag.chars().count();
        if chars == 0 || chars > limits.tag_max_chars {
            problems.push(Problem::new(
                path,
                format!("must be 1 to {} characters", limits.tag_max_chars),
            ));
        } else if !tag
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        {
            problems.push(Problem::new(
                path,
                "may only contain lowercase letters, digits, '-' and '_'",
            ));
        } else if tags[..i].contains(tag) {
            problems.push(Problem::new(path, format!("duplicate tag '{tag}'")));
        }
    }
}

/// Why a channel name is not acceptable, if it is not.
///
/// 1 to 92 characters; no whitespace, `,`, `/`, `\` or `"`; a wildcard only as the last
/// segment `.*`, with one or two literal segments before it (`chat.*`, `a.b.*`).
pub fn channel_problem(channel: &str) -> Option<String> {
    let chars = channel.chars().count();
    if chars == 0 {
        return Some("must not be empty".into());
    }
    if chars > CHANNEL_MAX_CHARS {
        return Some(format!(
            "must be at most {CHANNEL_MAX_CHARS} characters (is {chars})"
        ));
    }
    if let Some(bad) = channel
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || matches!(c, ',' | '/' | '\\' | '"'))
    {
        return Some(format!("must not contain {bad:?}"));
    }
    if channel.contains('*') {
        let Some(prefix) = channel.strip_suffix(".*") else {
            return Some("a wildcard is only allowed as the last segment, '.*'".into());
        };
        if prefix.contains('*') {
            return Some("only one wildcard is allowed, as the last segment".into());
        }
        let segments: Vec<&str> = prefix.split('.').collect();
        if segments.iter().any(|s| s.is_empty()) {
            return Some("a wildcard needs a literal segment before it, as in 'chat.*'".into());
        }
        if segments.len() > 2 {
            return Some("a wildcard may follow at most two segments, as in 'a.b.*'".into());
        }
    }
    None
}

/// Why an `ON_REQUEST` path is not acceptable, if it is not: 1 to 128 of `[A-Za-z0-9_-/]`.
pub fn path_problem(path: &str) -> Option<String> {
    let chars = path.chars().count();
    if chars == 0 {
        return Some("must not be empty".into());
    }
    if chars > PATH_MAX_CHARS {
        return Some(format!(
            "must be at most {PATH_MAX_CHARS} characters (is {chars})"
        ));
    }
    if let Some(bad) = path
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '/')))
    {
        return Some(format!(
            "may only contain letters, digits, '_', '-' and '/' (found {bad:?})"
        ));
    }
    None
}

/// Checks a config against the fields its function type takes.
pub fn validate_config(
    field: &str,
    function_type: FunctionType,
    config: &FunctionConfig,
) -> Checked<TriggerConfig> {
    let mut problems = Vec::new();
    if let Some(tagged) = config.function_type {
        if tagged != function_type {
            problems.push(Problem::new(
                join(field, "type"),
                format!(
                    "is {} but the function is {}",
                    tagged.as_str(),
                    function_type.as_str()
                ),
            ));
        }
    }
    let kind = function_type.trigger();
    let mut unused = |name: &str, present: bool| {
        if present {
            problems.push(Problem::new(
                join(field, name),
                format!("is not used by {} functions", function_type.as_str()),
            ));
        }
    };
    let takes_channel = matches!(kind, TriggerKind::Channel | TriggerKind::ChannelWithOutput);
    unused(
        "inputChannel",
        !takes_channel && config.input_channel.is_some(),
    );
    unused(
        "outputChannel",
        kind != TriggerKind::ChannelWithOutput && config.output_channel.is_some(),
    );
    unused(
        "path",
        kind != TriggerKind::Request && config.path.is_some(),
    );
    unused(
        "intervalSeconds",
        kind != TriggerKind::Interval && config.interval_seconds.is_some(),
    );

    let required = |name: &str, problems: &mut Vec<Problem>| {
        problems.push(Problem::new(
            join(field, name),
            format!("is required for {} functions", function_type.as_str()),
        ));
    };
    let trigger = match kind {
        TriggerKind::Channel | TriggerKind::ChannelWithOutput => {
            let input = config.input_channel.clone().unwrap_or_default();
            if config.input_channel.is_none() {
                required("inputChannel", &mut problems);
            } else if let Some(why) = channel_problem(&input) {
                problems.push(Problem::new(join(field, "inputChannel"), why));
            }
            // An empty output channel is what a form sends for "none".
            let output = config.output_channel.clone().filter(|c| !c.is_empty());
            if kind == TriggerKind::ChannelWithOutput {
                if let Some(why) = output.as_deref().and_then(channel_problem) {
                    problems.push(Problem::new(join(field, "outputChannel"), why));
                } else if output.as_deref().is_some_and(|c| c.contains('*')) {
                    problems.push(Problem::new(
                        join(field, "outputChannel"),
                        "must name one channel, without a wildcard",
                    ));
                }
            }
            TriggerConfig::Channel {
                input_channel: input,
                output_channel: output,
            }
        }
        TriggerKind::Request => {
            let path = config.path.clone().unwrap_or_default();
            if config.path.is_none() {
                required("path", &mut problems);
            } else if let Some(why) = path_problem(&path) {
                problems.push(Problem::new(join(field, "path"), why));
            }
            TriggerConfig::Request { path }
        }
        TriggerKind::Interval => {
            let seconds = config.interval_seconds.unwrap_or_default();
            if config.interval_seconds.is_none() {
                required("intervalSeconds", &mut problems);
            } else if !INTERVAL_SECONDS.contains(&seconds) {
                problems.push(Problem::new(
                    join(field, "intervalSeconds"),
                    format!(
                        "must be from {} to {} seconds",
                        INTERVAL_SECONDS.start(),
                        INTERVAL_SECONDS.end()
                    ),
                ));
            }
            TriggerConfig::Interval {
                interval_seconds: seconds,
            }
        }
    };
    finish(trigger, problems)
}

/// Checks the functions of a new revision: 1 to `functions_max` of them, names unique, code
/// within its size, each config right for its type.
pub fn validate_functions(
    field: &str,
    functions: &[FunctionInput],
    limits: &Limits,
) -> Checked<Vec<ValidFunction>> {
    let mut problems = Vec::new();
    if functions.is_empty() {
        problems.push(Problem::new(field, "at least one function is required"));
    } else if functions.len() > limits.functions_max {
        problems.push(Problem {
            code: ErrorCode::TooManyFunctions,
            ..Problem::new(
                field,
                format!(
                    "at most {} functions are allowed in a revision (got {})",
                    limits.functions_max,
                    functions.len()
                ),
            )
        });
    }
    let mut valid = Vec::with_capacity(functions.len());
    let mut names: Vec<String> = Vec::with_capacity(functions.len());
    for (i, function) in functions.iter().enumerate() {
        let at = format!("{field}[{i}]");
        let name = check_name(&join(&at, "name"), &function.name, limits, &mut problems);
        // Whatever their ASCII case, as package and revision names (SQLite's NOCASE): the
        // Unicode case tables would cost every page that checks a revision 8 KB of brotli.
        let lowered = name.to_ascii_lowercase();
        if !name.is_empty() && names.contains(&lowered) {
            problems.push(Problem::new(
                join(&at, "name"),
                format!("another function of this revision is already named '{name}'"),
            ));
        }
        names.push(lowered);
        if function.code.is_empty() {
            problems.push(Problem::new(join(&at, "code"), "must not be empty"));
        } else if function.code.len() > limits.code_max_bytes {
            problems.push(Problem::new(
                join(&at, "code"),
                format!(
                    "must be at most {} bytes (is {})",
                    limits.code_max_bytes,
                    function.code.len()
                ),
            ));
        }
        let config = match validate_config(
            &join(&at, "config"),
            function.function_type,
            &function.config,
        ) {
            Ok(config) => Some(config),
            Err(found) => {
                problems.extend(found);
                None
            }
        };
        if let Some(config) = config {
            valid.push(ValidFunction {
                id: function.id.clone(),
                name,
                function_type: function.function_type,
                sort_order: function.sort_order.unwrap_or(i as u32),
                code: function.code.clone(),
                config,
            });
        }
    }
    finish(valid, problems)
}

/// Checks `POST /v2/faas/packages`.
pub fn validate_create_package(body: &CreatePackage, limits: &Limits) -> Checked<ValidPackage> {
    let mut problems = Vec::new();
    let name = check_name("name", &body.name, limits, &mut problems);
    let description = check_description(
        "description",
        body.description.as_deref(),
        limits,
        &mut problems,
    );
    let tags = body.tags.clone().unwrap_or_default();
    check_tags("tags", &tags, limits, &mut problems);
    let revision_name = body
        .revision_name
        .as_deref()
        .map(|n| check_name("revisionName", n, limits, &mut problems));
    let revision_description = check_description(
        "revisionDescription",
        body.revision_description.as_deref(),
        limits,
        &mut problems,
    );
    let functions = validate_functions("functions", &body.functions, limits).unwrap_or_else(|p| {
        problems.extend(p);
        Vec::new()
    });
    finish(
        ValidPackage {
            name,
            description,
            tags,
            api_managed: body.api_managed.unwrap_or(false),
            revision_name,
            revision_description,
            functions,
        },
        problems,
    )
}

/// Checks `POST /v2/faas/package-revisions`.
pub fn validate_create_revision(body: &CreateRevision, limits: &Limits) -> Checked<ValidRevision> {
    let mut problems = Vec::new();
    let name = body
        .name
        .as_deref()
        .map(|n| check_name("name", n, limits, &mut problems));
    let description = check_description(
        "description",
        body.description.as_deref(),
        limits,
        &mut problems,
    );
    let functions = validate_functions("functions", &body.functions, limits).unwrap_or_else(|p| {
        problems.extend(p);
        Vec::new()
    });
    finish(
        ValidRevision {
            name,
            description,
            functions,
        },
        problems,
    )
}

/// Checks `PUT /v2/faas/packages/{id}`; returns the body with its name trimmed.
pub fn validate_update_package(body: &UpdatePackage, limits: &Limits) -> Checked<UpdatePackage> {
    let mut problems = Vec::new();
    let name = body
        .name
        .as_deref()
        .map(|n| check_name("name", n, limits, &mut problems));
    check_description(
        "description",
        body.description.as_deref(),
        limits,
        &mut problems,
    );
    if let Some(tags) = &body.tags {
        check_tags("tags", tags, limits, &mut problems);
    }
    finish(
        UpdatePackage {
            name,
            ..body.clone()
        },
        problems,
    )
}

/// Checks `PUT /v2/faas/package-revisions/{id}`; returns the body with its name trimmed.
pub fn validate_update_revision(body: &UpdateRevision, limits: &Limits) -> Checked<UpdateRevision> {
    let mut problems = Vec::new();
    let name = body
        .name
        .as_deref()
        .map(|n| check_name("name", n, limits, &mut problems));
    check_description(
        "description",
        body.description.as_deref(),
        limits,
        &mut problems,
    );
    finish(
        UpdateRevision {
            name,
            ..body.clone()
        },
        problems,
    )
}

/// Most revisions one read of several names (`GET /v2/faas/package-revisions?ids=…`, ours).
pub const MAX_IDS_PER_READ: usize = 100;

/// The `ids` of a read of several revisions: 1 to [`MAX_IDS_PER_READ`] UUIDs separated by
/// commas, lower-cased, each once in the order given. The error is the message for `ids`.
pub fn parse_id_list(raw: &str) -> Result<Vec<String>, String> {
    let mut ids: Vec<String> = Vec::new();
    for part in raw.split(',').filter(|p| !p.is_empty()) {
        if !is_uuid(part) {
            return Err(format!("ids: '{part}' is not a revision id (a UUID)"));
        }
        let id = part.to_ascii_lowercase();
        if !ids.contains(&id) {
            if ids.len() == MAX_IDS_PER_READ {
                return Err(format!(
                    "ids: at most {MAX_IDS_PER_READ} revision ids in one read"
                ));
            }
            ids.push(id);
        }
    }
    if ids.is_empty() {
        return Err("ids: one or more revision ids, separated by commas, are needed".to_owned());
    }
    Ok(ids)
}

/// Whether `id` is a UUID in its usual text form (`8-4-4-4-12` hex digits).
pub fn is_uuid(id: &str) -> bool {
    let bytes = id.as_bytes();
    bytes.len() == 36
        && bytes.iter().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => *b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

/// The default name of the revision after `count` existing ones: `v1`, `v2`, …
pub fn next_revision_name(existing: &[&str]) -> String {
    let highest = existing
        .iter()
        .filter_map(|n| n.strip_prefix('v').and_then(|d| d.parse::<u32>().ok()))
        .max()
        .unwrap_or(0);
    format!("v{}", highest.max(existing.len() as u32) + 1)
}
