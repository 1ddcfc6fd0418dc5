//! [`StoreError`]: how the database and the store fail, in their own words. The HTTP layer
//! turns it into its answers in one place each: `From<StoreError> for AppError`
//! ([`crate::error`]) for the Functions envelope, and `From<StoreError> for VercelError`
//! ([`crate::http::vercel`]) for the Vercel-style routes.

use faas_api::{ErrorCode, Problem};

use super::constraints::{unique_violation, Unique};

/// A refused or failed store operation.
#[derive(Debug)]
pub enum StoreError {
    /// The entity does not exist, or is another account's (so existence does not leak).
    NotFound,
    /// A rule of the contract refused the operation (a name taken, a limit reached, a state
    /// that does not allow it): the code, the field to blame if any, and the message as the
    /// client sees them.
    Rule {
        code: ErrorCode,
        field: Option<String>,
        message: String,
    },
    /// Input problems found while writing (the same function twice in a revision).
    Problems(Vec<Problem>),
    /// A row would break a unique constraint of the schema; `rule` says which (see
    /// [`super::constraints`]). The store checks its rules before writing, so this only
    /// reaches a client as an internal error unless a caller turns it into a rule.
    Duplicate {
        rule: Unique,
        source: rusqlite::Error,
    },
    /// Any other database failure.
    Database(rusqlite::Error),
    /// A value that does not serialise or parse as JSON.
    Json(serde_json::Error),
    /// Something that should not happen (a row gone within a transaction, a lost task).
    Internal(String),
}

impl StoreError {
    /// The contract's not found.
    pub fn not_found() -> StoreError {
        StoreError::NotFound
    }

    /// A rule with `code`, blaming no field.
    pub fn rule(code: ErrorCode, message: impl Into<String>) -> StoreError {
        StoreError::Rule {
            code,
            field: None,
            message: message.into(),
        }
    }

    /// A rule with `code`, blaming the field at JSON path `field`.
    pub fn field(code: ErrorCode, field: &str, message: impl Into<String>) -> StoreError {
        StoreError::Rule {
            code,
            field: Some(field.to_owned()),
            message: message.into(),
        }
    }

    /// A fault, with what went wrong (for the log only).
    pub fn internal(cause: impl std::fmt::Display) -> StoreError {
        StoreError::Internal(cause.to_string())
    }

    /// A blocking task that panicked or was cancelled.
    pub fn from_join(e: tokio::task::JoinError) -> StoreError {
        StoreError::internal(format!("blocking task failed: {e}"))
    }
}

/// A unique violation becomes [`StoreError::Duplicate`] naming its constraint; anything
/// else is [`StoreError::Database`].
impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> StoreError {
        match unique_violation(&e) {
            Some(rule) => StoreError::Duplicate { rule, source: e },
            None => StoreError::Database(e),
        }
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(e: serde_json::Error) -> StoreError {
        StoreError::Json(e)
    }
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::NotFound => write!(f, "not found"),
            StoreError::Rule { code, message, .. } => write!(f, "{}: {message}", code.as_str()),
            StoreError::Problems(problems) => {
                let described: Vec<String> = problems.iter().map(Problem::describe).collect();
                write!(f, "{}", described.join("; "))
            }
            StoreError::Duplicate { source, .. } | StoreError::Database(source) => {
                write!(f, "database: {source}")
            }
            StoreError::Json(e) => write!(f, "json: {e}"),
            StoreError::Internal(cause) => write!(f, "{cause}"),
        }
    }
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StoreError::Duplicate { source, .. } | StoreError::Database(source) => Some(source),
            StoreError::Json(e) => Some(e),
            _ => None,
        }
    }
}
