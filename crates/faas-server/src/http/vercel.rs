//! What the Vercel-style routes (`api.md` §4) share: their error shape
//! `{"error": {"code", "message"}}`, the bearer token and the team scope of a request, and
//! JSON bodies and queries refused their way.
//!
//! The Functions routes answer in an envelope with `FAAS-…` codes; these answer as Vercel's
//! API does. [`super::context::request_context`] knows which is which ([`super::context::ApiKind`])
//! and turns axum's own answers (unknown path, wrong method) into this shape here.

use axum::body::Body;
use axum::extract::{FromRequest, FromRequestParts, Query, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use faas_api::vercel::{codes, ErrorBody, ErrorDetail, Team};
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::reply;
use crate::db::StoreError;
use crate::error::AppError;
use crate::store::activity::Actor;
use crate::store::vercel::{self as accounts, User};
use crate::AppState;

/// Marks a response already in the Vercel shape, so the middleware leaves it alone.
#[derive(Debug, Clone, Copy)]
pub struct Shaped;

/// A refused or failed request of these routes.
#[derive(Debug, Clone)]
pub struct VercelError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    /// For the log only.
    pub cause: Option<String>,
}

impl VercelError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        VercelError {
            status,
            code,
            message: message.into(),
            cause: None,
        }
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        VercelError::new(StatusCode::BAD_REQUEST, codes::BAD_REQUEST, message)
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        VercelError::new(StatusCode::FORBIDDEN, codes::FORBIDDEN, message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        VercelError::new(StatusCode::NOT_FOUND, codes::NOT_FOUND, message)
    }

    pub fn method_unknown(message: impl Into<String>) -> Self {
        VercelError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            codes::METHOD_UNKNOWN,
            message,
        )
    }

    pub fn internal(cause: impl std::fmt::Display) -> Self {
        VercelError {
            cause: Some(cause.to_string()),
            ..VercelError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                codes::INTERNAL,
                "An unexpected internal error occurred",
            )
        }
    }
}

/// The shared extractors speak [`AppError`]; a client error keeps its status and message,
/// anything else is an internal error.
impl From<AppError> for VercelError {
    fn from(e: AppError) -> Self {
        let message = e
            .errors
            .first()
            .map(|e| match &e.field {
                Some(field) if !e.message.starts_with(field.as_str()) => {
                    format!("{field}: {}", e.message)
                }
                _ => e.message.clone(),
            })
            .unwrap_or_default();
        match e.status {
            s if s.is_server_error() => VercelError::internal(e),
            StatusCode::PAYLOAD_TOO_LARGE => {
                VercelError::new(StatusCode::PAYLOAD_TOO_LARGE, codes::BAD_REQUEST, message)
            }
            StatusCode::NOT_FOUND => VercelError::not_found(message),
            StatusCode::FORBIDDEN | StatusCode::UNAUTHORIZED => VercelError::forbidden(message),
            StatusCode::METHOD_NOT_ALLOWED => VercelError::method_unknown(message),
            // Wrong Content-Type included: these routes answer every bad input 400.
            _ => VercelError::bad_request(message),
        }
    }
}

/// The store's errors reach these routes in this one place, through the same reading as
/// the Functions routes' ([`AppError`]'s), then the conversion above.
impl From<StoreError> for VercelError {
    fn from(e: StoreError) -> Self {
        VercelError::from(AppError::from(e))
    }
}

/// `value` as JSON, marked [`Shaped`].
pub fn json<T: Serialize>(status: StatusCode, value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(body) => {
            let mut response = Response::new(Body::from(body));
            *response.status_mut() = status;
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            response.extensions_mut().insert(Shaped);
            response
        }
        Err(e) => VercelError::internal(format!("cannot render answer: {e}")).into_response(),
    }
}

/// 200 with `value`.
pub fn ok<T: Serialize>(value: &T) -> Response {
    json(StatusCode::OK, value)
}

impl IntoResponse for VercelError {
    fn into_response(self) -> Response {
        if self.status.is_server_error() {
            tracing::error!(
                correlation_id = %reply::correlation_id(),
                cause = self.cause.as_deref().unwrap_or(""),
                "internal error"
            );
        }
        json(
            self.status,
            &ErrorBody {
                error: ErrorDetail {
                    code: self.code.to_owned(),
                    message: self.message,
                },
            },
        )
    }
}

/// Any path under these routes that names nothing.
pub async fn unknown_route(
    axum::extract::OriginalUri(uri): axum::extract::OriginalUri,
) -> VercelError {
    VercelError::not_found(format!("The requested path {} was not found", uri.path()))
}

/// The query string as its (name, value) pairs in order, so that a repeated parameter (a
/// list, as Vercel's SDK sends one) keeps every value; refused `bad_request` when malformed.
#[derive(Debug, Clone, Default)]
pub struct VercelQuery(pub Vec<(String, String)>);

impl VercelQuery {
    /// The first non-empty value of `name` (absent and empty are the same).
    pub fn get(&self, name: &str) -> Option<String> {
        self.0
            .iter()
            .find(|(k, v)| k == name && !v.is_empty())
            .map(|(_, v)| v.clone())
    }
}

impl<S: Send + Sync> FromRequestParts<S> for VercelQuery {
    type Rejection = VercelError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, VercelError> {
        Query::<Vec<(String, String)>>::from_request_parts(parts, state)
            .await
            .map(|Query(pairs)| VercelQuery(pairs))
            .map_err(|e| VercelError::bad_request(e.body_text()))
    }
}

/// Who calls and on which scope: the token's user, and the team of `teamId` or `slug`
/// (`teamId` wins when both are sent), or the user's personal scope when neither is.
#[derive(Debug, Clone)]
pub struct Caller {
    pub user: User,
    pub team: Option<Team>,
}

impl Caller {
    /// Who this token's writes are by, for the activity log: the token's name and the
    /// request's correlation id.
    pub fn actor(&self) -> Actor {
        Actor::key(&self.user.token_name, &super::reply::correlation_id())
    }

    /// The scope the request acts in: the team's id, or the user's own id.
    pub fn scope(&self) -> &str {
        self.team
            .as_ref()
            .map(|t| t.id.as_str())
            .unwrap_or(&self.user.id)
    }
}

/// The token of `Authorization: Bearer <token>`; anything else is no token.
pub fn bearer_token(value: &str) -> Option<&str> {
    let value = value.trim();
    let prefix = value.get(..7)?;
    if !prefix.eq_ignore_ascii_case("bearer ") {
        return None;
    }
    Some(value[7..].trim()).filter(|t| !t.is_empty())
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = VercelError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, VercelError> {
        let Some(token) = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(bearer_token)
            .map(str::to_owned)
        else {
            return Err(VercelError::forbidden(
                "Not authorized: send Authorization: Bearer <token>",
            ));
        };
        let query = VercelQuery::from_request_parts(parts, state).await?;
        let team_id = query.get("teamId");
        let slug = query.get("slug");
        let found = state
            .db
            .read(move |conn| {
                let Some(user) = accounts::user_by_token(conn, &token)? else {
                    return Ok(None);
                };
                let team = match (&team_id, &slug) {
                    (Some(id), _) => Some(accounts::member_team(conn, &user.id, id, false)?),
                    (None, Some(slug)) => Some(accounts::member_team(conn, &user.id, slug, true)?),
                    (None, None) => None,
                };
                Ok(Some((user, team)))
            })
            .await?;
        match found {
            None => Err(VercelError::forbidden(
                "Not authorized: the token is unknown or was revoked",
            )),
            Some((_, Some(None))) => Err(VercelError::forbidden(
                "Not authorized: you are not a member of this team",
            )),
            Some((user, team)) => Ok(Caller {
                user,
                team: team.flatten(),
            }),
        }
    }
}

/// A JSON body: not JSON, the wrong shape or the wrong Content-Type are `bad_request` naming
/// what is wrong (the field, for a wrong shape).
#[derive(Debug, Clone)]
pub struct VercelJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for VercelJson<T> {
    type Rejection = VercelError;

    async fn from_request(req: Request, state: &S) -> Result<Self, VercelError> {
        super::json::ApiJson::<T>::from_request(req, state)
            .await
            .map(|super::json::ApiJson(value)| VercelJson(value))
            .map_err(VercelError::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_bearer_token_is_a_token() {
        assert_eq!(bearer_token("Bearer abc"), Some("abc"));
        assert_eq!(bearer_token("bearer  abc "), Some("abc"));
        assert_eq!(bearer_token("abc"), None);
        assert_eq!(bearer_token("Bearer "), None);
        assert_eq!(bearer_token("Basic abc"), None);
    }
}
