//! The list query of `api.md` §1: `page`, `size`, `sort=field,DIR`, `search`.

use crate::envelope::ErrorCode;

pub const DEFAULT_PAGE_SIZE: u32 = 20;
pub const MAX_PAGE_SIZE: u32 = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Asc,
    Desc,
}

/// A validated `sort`: a whitelisted field and a direction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sort {
    pub field: &'static str,
    pub direction: Direction,
}

/// A validated list query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageQuery {
    pub page: u32,
    pub size: u32,
    pub sort: Option<Sort>,
    /// Case-insensitive substring of `name`; empty means no filter.
    pub search: String,
}

/// A list query that was refused, with the code to refuse it with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PagingError {
    pub code: ErrorCode,
    pub field: &'static str,
    pub message: String,
}

fn refuse(code: ErrorCode, field: &'static str, message: String) -> PagingError {
    PagingError {
        code,
        field,
        message,
    }
}

/// Parses the raw query values of a list; `sortable` is the list's whitelist of sort fields.
pub fn parse_page_query(
    page: Option<&str>,
    size: Option<&str>,
    sort: Option<&str>,
    search: Option<&str>,
    sortable: &[&'static str],
) -> Result<PageQuery, PagingError> {
    let page = match page {
        None | Some("") => 0,
        Some(raw) => raw.parse::<u32>().map_err(|_| {
            refuse(
                ErrorCode::Validation,
                "page",
                format!("page must be a whole number from 0 (got '{raw}')"),
            )
        })?,
    };
    let size = match size {
        None | Some("") => DEFAULT_PAGE_SIZE,
        Some(raw) => {
            let size = raw.parse::<u64>().map_err(|_| {
                refuse(
                    ErrorCode::Validation,
                    "size",
                    format!("size must be a whole number from 1 to {MAX_PAGE_SIZE} (got '{raw}')"),
                )
            })?;
            if size == 0 {
                return Err(refuse(
                    ErrorCode::InvalidPageSize,
                    "size",
                    "size must be at least 1".into(),
                ));
            }
            if size > u64::from(MAX_PAGE_SIZE) {
                return Err(refuse(
                    ErrorCode::InvalidPagingOrSort,
                    "size",
                    format!("size must be at most {MAX_PAGE_SIZE} (got {size})"),
                ));
            }
            size as u32
        }
    };
    let sort = match sort {
        None | Some("") => None,
        Some(raw) => Some(parse_sort(raw, sortable)?),
    };
    Ok(PageQuery {
        page,
        size,
        sort,
        search: search.unwrap_or_default().trim().to_owned(),
    })
}

fn parse_sort(raw: &str, sortable: &[&'static str]) -> Result<Sort, PagingError> {
    let (field, direction) = raw.split_once(',').unwrap_or((raw, "ASC"));
    let direction = match direction.to_ascii_uppercase().as_str() {
        "ASC" => Direction::Asc,
        "DESC" => Direction::Desc,
        _ => {
            return Err(refuse(
                ErrorCode::InvalidPagingOrSort,
                "sort",
                format!("sort direction must be ASC or DESC (got '{direction}')"),
            ))
        }
    };
    let field = sortable.iter().find(|f| **f == field).ok_or_else(|| {
        refuse(
            ErrorCode::InvalidPagingOrSort,
            "sort",
            format!(
                "cannot sort by '{field}'; sortable fields: {}",
                sortable.join(", ")
            ),
        )
    })?;
    Ok(Sort { field, direction })
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIELDS: &[&str] = &["name", "createdDttm"];

    #[test]
    fn defaults_apply_when_absent() {
        let q = parse_page_query(None, None, None, None, FIELDS).unwrap();
        assert_eq!(
            (q.page, q.size, q.sort, q.search.as_str()),
            (0, 20, None, "")
        );
    }

    #[test]
    fn size_bounds_have_their_own_codes() {
        let zero = parse_page_query(None, Some("0"), None, None, FIELDS).unwrap_err();
        assert_eq!(zero.code, ErrorCode::InvalidPageSize);
        let big = parse_page_query(None, Some("101"), None, None, FIELDS).unwrap_err();
        assert_eq!(big.code, ErrorCode::InvalidPagingOrSort);
        let huge = parse_page_query(None, Some("99999999999999"), None, None, FIELDS).unwrap_err();
        assert_eq!(huge.code, ErrorCode::InvalidPagingOrSort);
        let junk = parse_page_query(Some("-1"), None, None, None, FIELDS).unwrap_err();
        assert_eq!(junk.code, ErrorCode::Validation);
    }

    #[test]
    fn sort_is_whitelisted() {
        let q = parse_page_query(None, None, Some("name,desc"), None, FIELDS).unwrap();
        assert_eq!(
            q.sort,
            Some(Sort {
                field: "name",
                direction: Direction::Desc
            })
        );
        let bad = parse_page_query(None, None, Some("code,ASC"), None, FIELDS).unwrap_err();
        assert_eq!(bad.code, ErrorCode::InvalidPagingOrSort);
        let dir = parse_page_query(None, None, Some("name,UP"), None, FIELDS).unwrap_err();
        assert_eq!(dir.code, ErrorCode::InvalidPagingOrSort);
    }
}
