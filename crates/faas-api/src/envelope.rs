//! The Functions v2 envelope: `{"data": …, "meta": {…}, "errors": [...]}`.

use serde::{Deserialize, Serialize};

/// Every Functions v2 response. An error has no `data` and at least one entry in `errors`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Envelope<T> {
    #[serde(default = "Option::default", skip_serializing_if = "Option::is_none")]
    pub data: Option<T>,
    pub meta: Meta,
    #[serde(default)]
    pub errors: Vec<ApiError>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Meta {
    /// RFC 3339 UTC with milliseconds.
    pub timestamp: String,
    pub correlation_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paging: Option<Paging>,
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
    pub const ALL: [ErrorCode; 31] = [
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
            | ErrorCode::InvalidPagingOrSort
            | ErrorCode::ScheduleInvalidTime
            | ErrorCode::Validation => 400,
            ErrorCode::MissingKey | ErrorCode::InvalidKey => 401,
            ErrorCode::Forbidden => 403,
            ErrorCode::NotFound | ErrorCode::EntityNotFound => 404,
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
            | ErrorCode::RunningDeploymentsLimit => 422,
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
    fn paging_counts_pages_and_offset() {
        let p = Paging::new(41, 20, 2);
        assert_eq!((p.total_pages, p.page_offset), (3, 40));
        assert_eq!(Paging::new(0, 20, 0).total_pages, 0);
        assert_eq!(Paging::new(20, 20, 0).total_pages, 1);
    }
}
