//! The one error type of the server's answers. Every failure, from a missing key to a database
//! fault, becomes an [`AppError`] and is rendered as the contract's envelope
//! (`{"meta": …, "errors": [{code, message, field?}]}`) with the code's HTTP status; the
//! rendering is [`crate::http::reply`]'s. The store's own [`StoreError`] becomes an
//! [`AppError`] here, in one place.

use axum::http::StatusCode;
use faas_api::paging::PagingError;
use faas_api::{ApiError, ErrorCode, Problem};

use crate::db::StoreError;

/// A refused or failed request.
#[derive(Debug, Clone)]
pub struct AppError {
    pub status: StatusCode,
    pub errors: Vec<ApiError>,
    /// What went wrong inside, for the log only: never sent to the client.
    pub cause: Option<String>,
}

fn status_of(code: ErrorCode) -> StatusCode {
    StatusCode::from_u16(code.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

impl AppError {
    /// One error with `code`'s status.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> AppError {
        AppError {
            status: status_of(code),
            errors: vec![ApiError {
                code: code.as_str().to_owned(),
                message: message.into(),
                field: None,
            }],
            cause: None,
        }
    }

    /// One error blaming the field at JSON path `field`; the message names the field.
    pub fn field(code: ErrorCode, field: &str, message: impl Into<String>) -> AppError {
        let problem = Problem {
            field: field.to_owned(),
            message: message.into(),
            code,
        };
        AppError::problems(vec![problem])
    }

    /// The contract's not found, `FAAS-404 Entity not found`, also for another account's
    /// entity so that existence does not leak.
    pub fn not_found() -> AppError {
        AppError::new(ErrorCode::NotFound, "Entity not found")
    }

    /// A fault of the server: the client sees `FAAS-500`, the log sees `cause`.
    pub fn internal(cause: impl std::fmt::Display) -> AppError {
        AppError {
            cause: Some(cause.to_string()),
            ..AppError::new(ErrorCode::Internal, "Internal server error")
        }
    }

    /// One error per problem. The status is that of the first problem whose code is not
    /// plain validation (too many functions → 422), else 400.
    pub fn problems(problems: Vec<Problem>) -> AppError {
        let code = problems
            .iter()
            .map(|p| p.code)
            .find(|c| *c != ErrorCode::Validation)
            .unwrap_or(ErrorCode::Validation);
        AppError {
            status: status_of(code),
            errors: problems
                .into_iter()
                .map(|p| ApiError {
                    code: p.code.as_str().to_owned(),
                    message: p.describe(),
                    field: (!p.field.is_empty()).then_some(p.field),
                })
                .collect(),
            cause: None,
        }
    }

    /// A refused list query.
    pub fn paging(e: PagingError) -> AppError {
        AppError::field(e.code, e.field, e.message)
    }

    /// A blocking task that panicked or was cancelled.
    pub fn from_join(e: tokio::task::JoinError) -> AppError {
        AppError::internal(format!("blocking task failed: {e}"))
    }

    /// The first error code, for tests and logs.
    pub fn code(&self) -> &str {
        self.errors.first().map(|e| e.code.as_str()).unwrap_or("")
    }
}

/// The store's refusals keep their code, message and field; its faults are internal errors
/// (with the fault in the log only).
impl From<StoreError> for AppError {
    fn from(e: StoreError) -> AppError {
        match e {
            StoreError::NotFound => AppError::not_found(),
            StoreError::Rule {
                code,
                field: None,
                message,
            } => AppError::new(code, message),
            StoreError::Rule {
                code,
                field: Some(field),
                message,
            } => AppError::field(code, &field, message),
            StoreError::Problems(problems) => AppError::problems(problems),
            e @ (StoreError::Duplicate { .. }
            | StoreError::Database(_)
            | StoreError::Json(_)
            | StoreError::Internal(_)) => AppError::internal(e),
        }
    }
}

/// Through [`StoreError`], so that SQLite's errors are read in one place.
impl From<rusqlite::Error> for AppError {
    fn from(e: rusqlite::Error) -> AppError {
        AppError::from(StoreError::from(e))
    }
}

impl From<serde_json::Error> for AppError {
    fn from(e: serde_json::Error) -> AppError {
        AppError::internal(format!("json: {e}"))
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let first = self.errors.first();
        write!(
            f,
            "{} {}: {}",
            self.status.as_u16(),
            first.map(|e| e.code.as_str()).unwrap_or(""),
            first.map(|e| e.message.as_str()).unwrap_or("")
        )?;
        if let Some(cause) = &self.cause {
            write!(f, " ({cause})")?;
        }
        Ok(())
    }
}

impl std::error::Error for AppError {}
