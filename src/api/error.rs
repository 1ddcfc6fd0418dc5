//! What can go wrong with a request, and how an answer is read: the pure half of the client.

use faas_api::{Envelope, ErrorCode, Paging};
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

/// A failed request, with everything a person needs to report it.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub kind: ErrorKind,
    /// The server's `meta.correlationId`, else its `X-Correlation-Id` header, else the id the
    /// console sent: there is always one to quote, even when the server was never reached.
    pub correlation_id: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ErrorKind {
    /// The server refused the request with the contract's error: the Functions envelope's
    /// `errors`, or Vercel's one `{"error": {"code", "message"}}`.
    Rejected {
        status: u16,
        /// Every error, in order; never empty.
        errors: Vec<faas_api::ApiError>,
    },
    /// No answer at all: the server is down, the URL is wrong, CORS refused, or offline.
    Network { url: String, detail: String },
    /// An answer in neither contract's shape (a proxy's error page, a truncated body).
    Undecodable {
        url: String,
        status: u16,
        detail: String,
    },
}

impl ApiError {
    pub fn network(url: &str, detail: impl Into<String>, sent_correlation_id: &str) -> Self {
        ApiError {
            kind: ErrorKind::Network {
                url: url.to_owned(),
                detail: detail.into(),
            },
            correlation_id: sent_correlation_id.to_owned(),
        }
    }

    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        match &self.kind {
            ErrorKind::Rejected { status, .. } | ErrorKind::Undecodable { status, .. } => {
                Some(*status)
            }
            ErrorKind::Network { .. } => None,
        }
    }

    /// The server has no such read (404 or 405 on a collection): a read of the reference
    /// server's own that the public API lacks, which the console then does its public way.
    pub fn no_such_read(&self) -> bool {
        matches!(self.status(), Some(404 | 405))
    }

    /// The first error code (`FAAS-1002`), when the server sent one.
    pub fn code(&self) -> Option<&str> {
        self.errors().first().map(|e| e.code.as_str())
    }

    /// Every `errors[]` entry the server sent.
    pub fn errors(&self) -> &[faas_api::ApiError] {
        match &self.kind {
            ErrorKind::Rejected { errors, .. } => errors,
            _ => &[],
        }
    }

    /// One sentence for people: the server's first message, or what the console saw.
    pub fn message(&self) -> String {
        match &self.kind {
            ErrorKind::Rejected { errors, .. } => errors
                .first()
                .map(|e| e.message.clone())
                .unwrap_or_default(),
            ErrorKind::Network { url, .. } => format!(
                "Could not reach {url}. The server may be down, the API base URL may be wrong, \
                 or the server does not allow requests from this page (CORS)."
            ),
            ErrorKind::Undecodable { url, status, .. } => {
                format!("The server at {url} answered HTTP {status}, but not in the API's format.")
            }
        }
    }

    /// Technical detail for the curious (the browser's or the decoder's words), if any.
    pub fn detail(&self) -> Option<&str> {
        match &self.kind {
            ErrorKind::Network { detail, .. } | ErrorKind::Undecodable { detail, .. } => {
                Some(detail)
            }
            ErrorKind::Rejected { .. } => None,
        }
    }

    /// The key is missing or refused: fixing it happens on the Settings page.
    pub fn is_key_problem(&self) -> bool {
        self.errors().iter().any(|e| {
            matches!(
                ErrorCode::parse(&e.code),
                Some(ErrorCode::MissingKey | ErrorCode::InvalidKey)
            )
        })
    }

    /// Whether the Settings page is where this gets fixed (the key, or the base URL).
    pub fn is_settings_problem(&self) -> bool {
        self.is_key_problem() || matches!(self.kind, ErrorKind::Network { .. })
    }
}

/// What came back for one request, before it is read.
#[derive(Debug, Clone, Copy)]
pub struct Reply<'a> {
    pub url: &'a str,
    pub status: u16,
    pub body: &'a str,
    pub header_correlation_id: Option<&'a str>,
    pub sent_correlation_id: &'a str,
}

/// A successful answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer<T> {
    /// Absent for answers that carry none (a delete).
    pub data: Option<T>,
    pub paging: Option<Paging>,
    /// The KV store's lists page by token instead ([`faas_api::kv::CursorPaging`]).
    pub cursor: Option<faas_api::kv::CursorPaging>,
    pub correlation_id: String,
    pub url: String,
    pub status: u16,
}

impl<T> Answer<T> {
    /// The data of an answer that must have some.
    pub fn into_data(self) -> Result<(T, Option<Paging>), ApiError> {
        match self.data {
            Some(data) => Ok((data, self.paging)),
            None => Err(ApiError {
                kind: ErrorKind::Undecodable {
                    url: self.url,
                    status: self.status,
                    detail: "the answer has no data".into(),
                },
                correlation_id: self.correlation_id,
            }),
        }
    }
}

/// Reads an answer: the envelope's errors become [`ErrorKind::Rejected`], anything that is not
/// an envelope becomes [`ErrorKind::Undecodable`].
///
/// Only the data is read per type: the envelope around it (meta, paging, errors) is read by
/// one non-generic function, so the wasm holds one copy of that code rather than one per type
/// of answer.
pub fn decode<T: DeserializeOwned>(reply: Reply<'_>) -> Result<Answer<T>, ApiError> {
    let answer = decode_envelope(reply)?;
    let data = match answer.data {
        Some(raw) => match serde_json::from_str::<T>(raw.get()) {
            Ok(data) => Some(data),
            Err(e) => {
                return Err(ApiError {
                    kind: ErrorKind::Undecodable {
                        url: answer.url,
                        status: answer.status,
                        detail: format!("data: {e}"),
                    },
                    correlation_id: answer.correlation_id,
                })
            }
        },
        None => None,
    };
    Ok(Answer {
        data,
        paging: answer.paging,
        cursor: answer.cursor,
        correlation_id: answer.correlation_id,
        url: answer.url,
        status: answer.status,
    })
}

/// The envelope of an answer, its data left unread.
pub(super) fn decode_envelope(reply: Reply<'_>) -> Result<Answer<Box<RawValue>>, ApiError> {
    let fallback_id = reply
        .header_correlation_id
        .filter(|id| !id.is_empty())
        .unwrap_or(reply.sent_correlation_id);
    let undecodable = |detail: String, correlation_id: &str| ApiError {
        kind: ErrorKind::Undecodable {
            url: reply.url.to_owned(),
            status: reply.status,
            detail,
        },
        correlation_id: correlation_id.to_owned(),
    };

    let envelope = match serde_json::from_str::<Envelope<Box<RawValue>>>(reply.body) {
        Ok(envelope) => envelope,
        Err(e) => return Err(undecodable(e.to_string(), fallback_id)),
    };
    let correlation_id = if envelope.meta.correlation_id.is_empty() {
        fallback_id.to_owned()
    } else {
        envelope.meta.correlation_id
    };

    if !envelope.errors.is_empty() {
        return Err(ApiError {
            kind: ErrorKind::Rejected {
                status: reply.status,
                errors: envelope.errors,
            },
            correlation_id,
        });
    }
    if !(200..300).contains(&reply.status) {
        return Err(undecodable(
            "an error status with no errors in the envelope".into(),
            &correlation_id,
        ));
    }
    Ok(Answer {
        // `"data": null` reads as no data, as it did when the data was typed.
        data: envelope.data.filter(|raw| raw.get() != "null"),
        paging: envelope.meta.paging,
        cursor: envelope.meta.cursor,
        correlation_id,
        url: reply.url.to_owned(),
        status: reply.status,
    })
}

/// Reads an answer of the deployments that build (`api.md` §4): the body itself is the data,
/// and an error is Vercel's `{"error": {"code", "message"}}`, read into the same
/// [`ErrorKind::Rejected`] as a Functions error so that one error view shows both. That
/// contract has no correlation id in its body: the response header's, else the sent one.
pub fn decode_vercel<T: DeserializeOwned>(reply: Reply<'_>) -> Result<T, ApiError> {
    let correlation_id = reply
        .header_correlation_id
        .filter(|id| !id.is_empty())
        .unwrap_or(reply.sent_correlation_id)
        .to_owned();
    let undecodable = |detail: String, correlation_id: String| ApiError {
        kind: ErrorKind::Undecodable {
            url: reply.url.to_owned(),
            status: reply.status,
            detail,
        },
        correlation_id,
    };
    if !(200..300).contains(&reply.status) {
        return match serde_json::from_str::<faas_api::vercel::ErrorBody>(reply.body) {
            Ok(body) => Err(ApiError {
                kind: ErrorKind::Rejected {
                    status: reply.status,
                    errors: vec![faas_api::ApiError {
                        code: body.error.code,
                        message: body.error.message,
                        field: None,
                    }],
                },
                correlation_id,
            }),
            Err(e) => Err(undecodable(e.to_string(), correlation_id)),
        };
    }
    serde_json::from_str::<T>(reply.body).map_err(|e| undecodable(e.to_string(), correlation_id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use faas_api::Keyset;

    const SENT: &str = "11111111-1111-4111-8111-111111111111";
    const HEADER: &str = "22222222-2222-4222-8222-222222222222";
    const META: &str = "33333333-3333-4333-8333-333333333333";

    fn reply<'a>(status: u16, body: &'a str, header: Option<&'static str>) -> Reply<'a> {
        Reply {
            url: "http://h/v2/keysets",
            status,
            body,
            header_correlation_id: header,
            sent_correlation_id: SENT,
        }
    }

    #[test]
    fn a_list_decodes_with_its_paging() {
        let body = format!(
            r#"{{"data":[{{"id":1,"name":"Dev","subscribeKey":"sub-c-1","publishKey":"pub-c-1","appName":"Demo"}}],
                "meta":{{"timestamp":"2024-01-15T10:30:00.000Z","correlationId":"{META}",
                "paging":{{"totalElements":1,"totalPages":1,"pageSize":20,"pageNumber":0,"pageOffset":0}}}},
                "errors":[]}}"#
        );
        let answer = decode::<Vec<Keyset>>(reply(200, &body, Some(HEADER))).unwrap();
        assert_eq!(answer.correlation_id, META);
        let (keysets, paging) = answer.into_data().unwrap();
        assert_eq!(keysets[0].app_name.as_deref(), Some("Demo"));
        assert_eq!(paging.unwrap().total_elements, 1);
    }

    #[test]
    fn an_error_envelope_keeps_status_codes_fields_and_id() {
        let body = format!(
            r#"{{"meta":{{"timestamp":"t","correlationId":"{META}"}},
                "errors":[{{"code":"FAAS-400","message":"name: too long","field":"name"}},
                          {{"code":"FAAS-400","message":"tags[0]: bad","field":"tags[0]"}}]}}"#
        );
        let err = decode::<Vec<Keyset>>(reply(400, &body, None)).unwrap_err();
        assert_eq!(err.status(), Some(400));
        assert_eq!(err.code(), Some("FAAS-400"));
        assert_eq!(err.message(), "name: too long");
        assert_eq!(err.errors().len(), 2);
        assert_eq!(err.errors()[1].field.as_deref(), Some("tags[0]"));
        assert_eq!(err.correlation_id, META);
        assert!(!err.is_settings_problem());
    }

    #[test]
    fn a_refused_key_points_to_settings() {
        let body = r#"{"meta":{"timestamp":"t","correlationId":""},
                       "errors":[{"code":"FAAS-1002","message":"Invalid key"}]}"#;
        let err = decode::<Vec<Keyset>>(reply(401, body, Some(HEADER))).unwrap_err();
        assert!(err.is_key_problem() && err.is_settings_problem());
        // An empty meta id falls back to the header.
        assert_eq!(err.correlation_id, HEADER);
    }

    #[test]
    fn a_body_that_is_not_an_envelope_is_undecodable() {
        let err = decode::<Vec<Keyset>>(reply(502, "<html>Bad Gateway</html>", None)).unwrap_err();
        assert!(matches!(
            err.kind,
            ErrorKind::Undecodable { status: 502, .. }
        ));
        assert_eq!(err.code(), None);
        assert!(err.message().contains("HTTP 502"));
        assert!(err.detail().is_some());
        assert_eq!(err.correlation_id, SENT);

        let err = decode::<Vec<Keyset>>(reply(200, "", Some(HEADER))).unwrap_err();
        assert_eq!(err.correlation_id, HEADER);
    }

    #[test]
    fn an_error_status_without_errors_is_undecodable() {
        let body = format!(r#"{{"meta":{{"timestamp":"t","correlationId":"{META}"}}}}"#);
        let err = decode::<Vec<Keyset>>(reply(500, &body, None)).unwrap_err();
        assert!(matches!(
            err.kind,
            ErrorKind::Undecodable { status: 500, .. }
        ));
        assert_eq!(err.correlation_id, META);
    }

    #[test]
    fn missing_data_is_allowed_until_required() {
        let body =
            format!(r#"{{"meta":{{"timestamp":"t","correlationId":"{META}"}},"errors":[]}}"#);
        let answer = decode::<Vec<Keyset>>(reply(200, &body, None)).unwrap();
        assert_eq!(answer.data, None);
        let err = answer.into_data().unwrap_err();
        assert_eq!(err.correlation_id, META);
    }

    #[test]
    fn a_network_failure_names_the_url_and_keeps_the_sent_id() {
        let err = ApiError::network("http://h:1/v2/keysets", "TypeError: Failed to fetch", SENT);
        assert_eq!(err.status(), None);
        assert!(err.message().contains("http://h:1/v2/keysets"));
        assert!(err.message().contains("CORS"));
        assert_eq!(err.correlation_id, SENT);
        assert!(err.is_settings_problem() && !err.is_key_problem());
    }

    #[test]
    fn a_vercel_error_reads_into_the_same_rejection_with_the_header_id() {
        let body = r#"{"error":{"code":"bad_request","message":"Deployment dpl_1 is READY and can no longer be canceled"}}"#;
        let err = decode_vercel::<faas_api::vercel::Deployment>(reply(400, body, Some(HEADER)))
            .unwrap_err();
        assert_eq!(err.status(), Some(400));
        assert_eq!(err.code(), Some("bad_request"));
        assert!(err.message().contains("is READY"));
        assert_eq!(err.correlation_id, HEADER);
        assert!(!err.is_settings_problem());
    }

    #[test]
    fn a_vercel_answer_is_its_own_data() {
        let body = r#"{"teams":[{"id":"team_1","slug":"acme","name":"Acme Corp","createdAt":1}],
                       "pagination":{"count":1,"next":null,"prev":null}}"#;
        let teams = decode_vercel::<faas_api::vercel::TeamList>(reply(200, body, None)).unwrap();
        assert_eq!(teams.teams[0].slug, "acme");

        let err =
            decode_vercel::<faas_api::vercel::TeamList>(reply(502, "<html>", None)).unwrap_err();
        assert!(matches!(
            err.kind,
            ErrorKind::Undecodable { status: 502, .. }
        ));
        assert_eq!(err.correlation_id, SENT);
        let err = decode_vercel::<faas_api::vercel::TeamList>(reply(200, "{}", None)).unwrap_err();
        assert!(matches!(
            err.kind,
            ErrorKind::Undecodable { status: 200, .. }
        ));
    }
}
