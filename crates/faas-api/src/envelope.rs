//! The Functions v2 envelope: `{"data": …, "meta": {…}, "errors": [...]}`.

use serde::{Deserialize, Serialize};

use crate::kv::CursorPaging;

/// Every Functions v2 response. An error has no `data` and at least one entry in `errors`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Envelope<T> {
    #[serde(default = "Option::default", skip_serializing_if = "Option::is_none")]
    pub data: Option<T>,
    pub meta: Meta,
    #[serde(default)]
    pub errors: Vec<ApiError>,
}

/// `meta` of every answer. A list's `meta.paging` is one of two shapes: pages ([`Paging`],
/// most lists) or a cursor ([`CursorPaging`], the KV store's lists); both are `paging` on
/// the wire, and at most one is set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "MetaWire", into = "MetaWire")]
pub struct Meta {
    /// RFC 3339 UTC with milliseconds.
    pub timestamp: String,
    pub correlation_id: String,
    pub paging: Option<Paging>,
    pub cursor: Option<CursorPaging>,
}

/// `meta` as sent: `paging` holds the fields of either shape, told apart by
/// `totalElements`, which only pages have.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct MetaWire {
    timestamp: String,
    correlation_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    paging: Option<PagingWire>,
}

#[derive(Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PagingWire {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    total_elements: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    total_pages: Option<u64>,
    #[serde(default)]
    page_size: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    page_number: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    page_offset: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    page_token: Option<String>,
}

impl From<MetaWire> for Meta {
    fn from(wire: MetaWire) -> Meta {
        let (paging, cursor) = match wire.paging {
            None => (None, None),
            Some(p) => match p.total_elements {
                Some(total_elements) => (
                    Some(Paging {
                        total_elements,
                        total_pages: p.total_pages.unwrap_or_default(),
                        page_size: p.page_size,
                        page_number: p.page_number.unwrap_or_default(),
                        page_offset: p.page_offset.unwrap_or_default(),
                    }),
                    None,
                ),
                None => (
                    None,
                    Some(CursorPaging {
                        page_size: p.page_size,
                        page_token: p.page_token,
                    }),
                ),
            },
        };
        Meta {
            timestamp: wire.timestamp,
            correlation_id: wire.correlation_id,
            paging,
            cursor,
        }
    }
}

impl From<Meta> for MetaWire {
    fn from(meta: Meta) -> MetaWire {
        let paging = match (meta.paging, meta.cursor) {
            (Some(p), _) => Some(PagingWire {
                total_elements: Some(p.total_elements),
                total_pages: Some(p.total_pages),
                page_size: p.page_size,
                page_number: Some(p.page_number),
                page_offset: Some(p.page_offset),
                page_token: None,
            }),
            (None, Some(c)) => Some(PagingWire {
                page_size: c.page_size,
                page_token: c.page_token,
                ..PagingWire::default()
            }),
            (None, None) => None,
        };
        MetaWire {
            timestamp: meta.timestamp,
            correlation_id: meta.correlation_id,
            paging,
        }
    }
}

/// `meta.paging` of a list answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Paging {
    pub total_elements: u64,
    pub total_pages: u64,
    pub page_size: u32,
    pub page_number: u32,
    pub page_offset: u64,
}

impl Paging {
    /// Paging of page `page_number` of `page_size` rows out of `total_elements`.
    pub fn new(total_elements: u64, page_size: u32, page_number: u32) -> Self {
        let size = u64::from(page_size.max(1));
        Paging {
            total_elements,
            total_pages: total_elements.div_ceil(size),
            page_size,
            page_number,
            page_offset: u64::from(page_number) * size,
        }
    }
}

/// One entry of `errors`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    /// Stable and machine-readable (`FAAS-404`); clients key every decision off it.
    pub code: String,
    /// For people.
    pub message: String,
    /// The JSON path of the offending field, when one field is to blame.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// The error codes of the contract, with the HTTP status each is sent with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// 400: malformed `X-Correlation-Id`.
    InvalidCorrelationId,
    /// 401: no `Authorization` header.
    MissingKey,
    /// 401: unknown, revoked or expired key.
    InvalidKey,
    /// 400: the body is not JSON.
    MalformedJson,
    /// 404: the seeds' code for a missing entity.
    NotFound,
    /// 404: the public error table's code for a missing entity; treated as [`ErrorCode::NotFound`].
    EntityNotFound,
    /// 422: too many packages in the account.
    TooManyPackages,
    /// 422: too many functions in a revision.
    TooManyFunctions,
    /// 422: too many deployments of one revision.
    TooManyDeployments,
    /// 422: starting would run more deployments at once than the account may.
    RunningDeploymentsLimit,
    /// 423: cannot start while STARTING or STOPPING.
    CannotStartTransitional,
    /// 400: a scheduled event's time is in the past, or it ends before it begins.
    ScheduleInvalidTime,
    /// 409: the scheduled event's actions have run, so it can no longer change or go.
    ScheduleAlreadyRun,
    /// 409: a rolling update replaces a RUNNING deployment only.
    RolloutNotRunning,
    /// 409: a rolling update's new deployment is of another package.
    RolloutOtherPackage,
    /// 409: a rolling update's new deployment is on another keyset.
    RolloutOtherKeyset,
    /// 409: a rolling update's new deployment must be STOPPED or FAILED.
    RolloutTargetActive,
    /// 409: a rolling update of this deployment is already under way.
    RolloutInProgress,
    /// 423: cannot stop while STARTING or STOPPING.
    CannotStopTransitional,
    /// 409: a deployment that is not STOPPED or FAILED cannot be deleted.
    DeploymentActive,
    /// 409: that revision is already deployed to that keyset.
    AlreadyDeployed,
    /// 409: a package with active deployments cannot be deleted.
    PackageHasActiveDeployments,
    /// 409: a revision with active deployments cannot be deleted.
    RevisionHasActiveDeployments,
    /// 400: page size 0.
    InvalidPageSize,
    /// 400: a KV list's `page_token` that no answer gave.
    MalformedPageToken,
    /// 400: a keyset's data asked for without `?subkey=`.
    SubkeyRequired,
    /// 404: no such KV entry or secret (or it expired).
    KvKeyNotFound,
    /// 404: `subkey` names no keyset of the account.
    SubkeyNotFound,
    /// 422: the keyset holds the most entries allowed.
    TooManyKvEntries,
    /// 422: a step would take a counter out of the 64-bit integers.
    CounterOutOfRange,
    /// 400: page size over the maximum, or a sort that is not allowed.
    InvalidPagingOrSort,
    /// 400: validation failed; one error per field.
    Validation,
    /// 403: the key lacks a grant.
    Forbidden,
    /// 405: wrong method.
    MethodNotAllowed,
    /// 409: a name already taken.
    Conflict,
    /// 415: a body that is not `application/json`.
    UnsupportedMediaType,
    /// 500: a fault of the server, never of the input.
    Internal,
}

impl ErrorCode {
    pub const ALL: [ErrorCode; 37] = [
        ErrorCode::InvalidCorrelationId,
        ErrorCode::MissingKey,
        ErrorCode::InvalidKey,
        ErrorCode::MalformedJson,
        ErrorCode::NotFound,
        ErrorCode::EntityNotFound,
        ErrorCode::TooManyPackages,
        ErrorCode::TooManyFunctions,
        ErrorCode::TooManyDeployments,
        ErrorCode::RunningDeploymentsLimit,
        ErrorCode::CannotStartTransitional,
        ErrorCode::CannotStopTransitional,
        ErrorCode::ScheduleInvalidTime,
        ErrorCode::ScheduleAlreadyRun,
        ErrorCode::RolloutNotRunning,
        ErrorCode::RolloutOtherPackage,
        ErrorCode::RolloutOtherKeyset,
        ErrorCode::RolloutTargetActive,
        ErrorCode::RolloutInProgress,
        ErrorCode::DeploymentActive,
        ErrorCode::AlreadyDeployed,
        ErrorCode::PackageHasActiveDeployments,
        ErrorCode::RevisionHasActiveDeployments,
        ErrorCode::InvalidPageSize,
        ErrorCode::MalformedPageToken,
        ErrorCode::SubkeyRequired,
        ErrorCode::KvKeyNotFound,
        ErrorCode::SubkeyNotFound,
        ErrorCode::TooManyKvEntries,
        ErrorCode::CounterOutOfRange,
        ErrorCode::InvalidPagingOrSort,
        ErrorCode::Validation,
        ErrorCode::Forbidden,
        ErrorCode::MethodNotAllowed,
        ErrorCode::Conflict,
        ErrorCode::UnsupportedMediaType,
        ErrorCode::Internal,
    ];

    /// The code as sent in `errors[].code`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidCorrelationId => "FAAS-1000",
            ErrorCode::MissingKey => "FAAS-1001",
            ErrorCode::InvalidKey => "FAAS-1002",
            ErrorCode::MalformedJson => "FAAS-1003",
            ErrorCode::NotFound => "FAAS-404",
            ErrorCode::EntityNotFound => "FAAS-1004",
            ErrorCode::TooManyPackages => "FAAS-1005",
            ErrorCode::TooManyFunctions => "FAAS-1006",
            // Ours, for limits the public table has no code for. They start at 2001 because
            // the public table's numbers run past 1025 (FAAS-1007 there is a scheduled event's).
            ErrorCode::TooManyDeployments => "FAAS-2001",
            ErrorCode::RunningDeploymentsLimit => "FAAS-2002",
            ErrorCode::TooManyKvEntries => "FAAS-2003",
            ErrorCode::CounterOutOfRange => "FAAS-2004",
            ErrorCode::CannotStartTransitional => "FAAS-1008",
            ErrorCode::CannotStopTransitional => "FAAS-1009",
            ErrorCode::ScheduleInvalidTime => "FAAS-1007",
            ErrorCode::ScheduleAlreadyRun => "FAAS-1010",
            // Ours, for the refusals of a rolling update, which the public table has no code
            // for: a block of their own (21xx), so that other areas of ours keep 20xx.
            ErrorCode::RolloutNotRunning => "FAAS-2101",
            ErrorCode::RolloutOtherPackage => "FAAS-2102",
            ErrorCode::RolloutOtherKeyset => "FAAS-2103",
            ErrorCode::RolloutTargetActive => "FAAS-2104",
            ErrorCode::RolloutInProgress => "FAAS-2105",
            ErrorCode::DeploymentActive => "FAAS-1014",
            ErrorCode::AlreadyDeployed => "FAAS-1015",
            ErrorCode::PackageHasActiveDeployments => "FAAS-1016",
            ErrorCode::RevisionHasActiveDeployments => "FAAS-1017",
            ErrorCode::InvalidPageSize => "FAAS-1019",
            ErrorCode::MalformedPageToken => "FAAS-1018",
            ErrorCode::SubkeyRequired => "FAAS-1020",
            // The public table sends these two with 400; `api.md` §5 decided on 404, as for
            // every other thing that is not there.
            ErrorCode::KvKeyNotFound => "FAAS-1021",
            ErrorCode::SubkeyNotFound => "FAAS-1022",
            ErrorCode::InvalidPagingOrSort => "FAAS-1023",
            ErrorCode::Validation => "FAAS-400",
            ErrorCode::Forbidden => "FAAS-403",
            ErrorCode::MethodNotAllowed => "FAAS-405",
            ErrorCode::Conflict => "FAAS-409",
            ErrorCode::UnsupportedMediaType => "FAAS-415",
            ErrorCode::Internal => "FAAS-500",
        }
    }

    /// The HTTP status the code is sent with.
    pub fn status(self) -> u16 {
        match self {
            ErrorCode::InvalidCorrelationId
            | ErrorCode::MalformedJson
            | ErrorCode::InvalidPageSize
            | ErrorCode::MalformedPageToken
            | ErrorCode::SubkeyRequired
            | ErrorCode::InvalidPagingOrSort
            | ErrorCode::ScheduleInvalidTime
            | ErrorCode::Validation => 400,
            ErrorCode::MissingKey | ErrorCode::InvalidKey => 401,
            ErrorCode::Forbidden => 403,
            ErrorCode::NotFound
            | ErrorCode::EntityNotFound
            | ErrorCode::KvKeyNotFound
            | ErrorCode::SubkeyNotFound => 404,
            ErrorCode::MethodNotAllowed => 405,
            ErrorCode::DeploymentActive
            | ErrorCode::AlreadyDeployed
            | ErrorCode::PackageHasActiveDeployments
            | ErrorCode::RevisionHasActiveDeployments
            | ErrorCode::ScheduleAlreadyRun
            | ErrorCode::RolloutNotRunning
            | ErrorCode::RolloutOtherPackage
            | ErrorCode::RolloutOtherKeyset
            | ErrorCode::RolloutTargetActive
            | ErrorCode::RolloutInProgress
            | ErrorCode::Conflict => 409,
            ErrorCode::UnsupportedMediaType => 415,
            ErrorCode::TooManyPackages
            | ErrorCode::TooManyFunctions
            | ErrorCode::TooManyDeployments
            | ErrorCode::RunningDeploymentsLimit
            | ErrorCode::TooManyKvEntries
            | ErrorCode::CounterOutOfRange => 422,
            ErrorCode::CannotStartTransitional | ErrorCode::CannotStopTransitional => 423,
            ErrorCode::Internal => 500,
        }
    }

    /// The code for a string of `errors[].code`, if it is one of the contract's.
    pub fn parse(code: &str) -> Option<ErrorCode> {
        ErrorCode::ALL.into_iter().find(|c| c.as_str() == code)
    }

    /// Both not-found codes mean the same to a client.
    pub fn is_not_found(code: &str) -> bool {
        matches!(
            ErrorCode::parse(code),
            Some(ErrorCode::NotFound | ErrorCode::EntityNotFound)
        )
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for code in ErrorCode::ALL {
            assert!(seen.insert(code.as_str()), "duplicate {code}");
            assert_eq!(ErrorCode::parse(code.as_str()), Some(code));
            assert!((400..=599).contains(&code.status()));
        }
        assert_eq!(ErrorCode::parse("FAAS-9999"), None);
    }

    #[test]
    fn both_not_found_codes_are_not_found() {
        assert!(ErrorCode::is_not_found("FAAS-404"));
        assert!(ErrorCode::is_not_found("FAAS-1004"));
        assert!(!ErrorCode::is_not_found("FAAS-403"));
    }

    #[test]
    fn meta_paging_reads_and_writes_both_shapes() {
        let pages = r#"{"timestamp":"t","correlationId":"c","paging":{"totalElements":41,"totalPages":3,"pageSize":20,"pageNumber":2,"pageOffset":40}}"#;
        let meta: Meta = serde_json::from_str(pages).unwrap();
        assert_eq!(meta.paging, Some(Paging::new(41, 20, 2)));
        assert_eq!(meta.cursor, None);
        assert_eq!(serde_json::to_string(&meta).unwrap(), pages);
        let cursor =
            r#"{"timestamp":"t","correlationId":"c","paging":{"pageSize":5,"pageToken":"YQ"}}"#;
        let meta: Meta = serde_json::from_str(cursor).unwrap();
        assert_eq!(meta.paging, None);
        assert_eq!(meta.cursor.as_ref().map(|c| c.page_size), Some(5));
        assert_eq!(serde_json::to_string(&meta).unwrap(), cursor);
        let last = r#"{"timestamp":"t","correlationId":"c","paging":{"pageSize":5}}"#;
        let meta: Meta = serde_json::from_str(last).unwrap();
        assert_eq!(meta.cursor.unwrap().page_token, None);
        let none = r#"{"timestamp":"t","correlationId":"c"}"#;
        let meta: Meta = serde_json::from_str(none).unwrap();
        assert_eq!((&meta.paging, &meta.cursor), (&None, &None));
        assert_eq!(serde_json::to_string(&meta).unwrap(), none);
    }

    #[test]
    fn paging_counts_pages_and_offset() {
        let p = Paging::new(41, 20, 2);
        assert_eq!((p.total_pages, p.page_offset), (3, 40));
        assert_eq!(Paging::new(0, 20, 0).total_pages, 0);
        assert_eq!(Paging::new(20, 20, 0).total_pages, 1);
    }
}
