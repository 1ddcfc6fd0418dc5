//! Deployments, in plain Rust: how the console explains what the server refused, when one
//! has settled, what it announces. The pages under `pages::deployments` only render these.
//!
//! Which actions a state allows is decided in one place for console and server alike:
//! [`faas_api::lifecycle::allowed_actions`].

pub mod explain;
pub mod live;

pub use explain::explain;
pub use live::announcement;

/// A function's build error as the server writes it, `line 3:14: Unexpected token`: the
/// line and column (1-based) and the message. `None` for a message without a place.
pub fn parse_build_error(error: &str) -> Option<(u32, u32, &str)> {
    let rest = error.strip_prefix("line ")?;
    let (place, message) = rest.split_once(": ")?;
    let (line, column) = place.split_once(':')?;
    Some((line.parse().ok()?, column.parse().ok()?, message))
}

/// The first characters of an id, enough to tell rows apart on screen.
pub fn short_id(id: &str) -> &str {
    id.get(..8).unwrap_or(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_errors_give_their_place() {
        assert_eq!(
            parse_build_error("line 3:14: Unexpected token"),
            Some((3, 14, "Unexpected token"))
        );
        assert_eq!(
            parse_build_error("line 1:1: Expected ':' here"),
            Some((1, 1, "Expected ':' here"))
        );
        assert_eq!(parse_build_error("no default export"), None);
        assert_eq!(parse_build_error("line x:1: m"), None);
    }

    #[test]
    fn short_ids_stay_whole_when_short() {
        assert_eq!(short_id("0b9e8c5e-5a0c"), "0b9e8c5e");
        assert_eq!(short_id("abc"), "abc");
    }
}
