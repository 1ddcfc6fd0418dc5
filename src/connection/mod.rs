//! Where the console sends its requests and with which key: the settings a user edits on the
//! Settings page, kept in `localStorage`, and the `#key=` handoff from the server's start-up URL.
//!
//! Everything here is plain Rust with native tests; [`store`] is the thin browser side.

pub mod store;

use faas_api::version::{has_date_shape, is_version_date};
use serde::{Deserialize, Serialize};

use crate::url::decode_component;

/// The `localStorage` key; the suffix is bumped when the stored shape changes incompatibly.
pub const STORAGE_KEY: &str = "faas-console.connection.v1";

/// Settings that are known to be valid: every request is built from one of these.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Connection {
    /// `http(s)://host[:port][/prefix]`, without a trailing slash.
    pub base_url: String,
    /// Sent verbatim as `Authorization`; empty means no header (the server answers FAAS-1001).
    #[serde(default)]
    pub api_key: String,
    /// Sent as `PubNub-Version` when present: `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
}

impl Connection {
    /// The connection of a first visit: the server that served the console, no key yet.
    pub fn for_origin(origin: &str) -> Self {
        Connection {
            base_url: origin.trim_end_matches('/').to_owned(),
            api_key: String::new(),
            version: None,
        }
    }

    /// The stored settings, or those of a first visit when nothing usable is stored.
    ///
    /// Stored data that no longer validates (edited by hand, written by an older console) is
    /// dropped rather than trusted, so a bad entry cannot wedge the console.
    pub fn from_storage(stored: Option<&str>, origin: &str) -> Self {
        stored
            .and_then(|json| serde_json::from_str::<Connection>(json).ok())
            .and_then(|c| ConnectionForm::from(&c).validate().ok())
            .unwrap_or_else(|| Connection::for_origin(origin))
    }

    pub fn to_storage(&self) -> String {
        serde_json::to_string(self).expect("a struct of strings always serializes")
    }

    pub fn has_key(&self) -> bool {
        !self.api_key.is_empty()
    }
}

/// What the Settings form holds: raw text, possibly invalid.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConnectionForm {
    pub base_url: String,
    pub api_key: String,
    pub version: String,
}

impl From<&Connection> for ConnectionForm {
    fn from(c: &Connection) -> Self {
        ConnectionForm {
            base_url: c.base_url.clone(),
            api_key: c.api_key.clone(),
            version: c.version.clone().unwrap_or_default(),
        }
    }
}

/// A field of the Settings form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    BaseUrl,
    ApiKey,
    Version,
}

/// Why a field cannot be saved, in words for the person typing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub field: Field,
    pub message: String,
}

impl ConnectionForm {
    /// The connection these values describe, or every problem at once so that each field can
    /// show its own. The only way to get a [`Connection`] out of user input.
    pub fn validate(&self) -> Result<Connection, Vec<Problem>> {
        let mut problems = Vec::new();
        let mut problem = |field, message: &str| {
            problems.push(Problem {
                field,
                message: message.to_owned(),
            })
        };

        let base_url = self.base_url.trim().trim_end_matches('/');
        if base_url.is_empty() {
            problem(
                Field::BaseUrl,
                "Enter the API base URL, for example http://127.0.0.1:8080.",
            );
        } else if let Err(message) = check_base_url(base_url) {
            problem(Field::BaseUrl, message);
        }

        let api_key = self.api_key.trim();
        if api_key.chars().any(|c| c.is_whitespace() || c.is_control()) {
            problem(Field::ApiKey, "The API key cannot contain spaces.");
        } else if !api_key.is_ascii() {
            // Header values are bytes; a non-ASCII key could never be sent as typed.
            problem(
                Field::ApiKey,
                "The API key can only contain ASCII characters.",
            );
        }

        let version = self.version.trim();
        if !version.is_empty() && !is_version_date(version) {
            let message = if has_date_shape(version) {
                "That day does not exist: check the month and the day (YYYY-MM-DD)."
            } else {
                "Use a date in the form YYYY-MM-DD, for example 2024-01-15, or leave it empty."
            };
            problem(Field::Version, message);
        }

        if problems.is_empty() {
            Ok(Connection {
                base_url: base_url.to_owned(),
                api_key: api_key.to_owned(),
                version: (!version.is_empty()).then(|| version.to_owned()),
            })
        } else {
            Err(problems)
        }
    }
}

/// The problem of `field` in a list of problems, if any.
pub fn problem_for(problems: &[Problem], field: Field) -> Option<&str> {
    problems
        .iter()
        .find(|p| p.field == field)
        .map(|p| p.message.as_str())
}

fn check_base_url(url: &str) -> Result<(), &'static str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or("The URL must start with http:// or https://.")?;
    let host = rest.split('/').next().unwrap_or_default();
    if host.is_empty() || host.starts_with(':') {
        return Err("The URL needs a host name, for example http://127.0.0.1:8080.");
    }
    if rest
        .chars()
        .any(|c| c.is_whitespace() || matches!(c, '?' | '#'))
    {
        return Err("The URL cannot contain spaces, a query (?) or a fragment (#).");
    }
    if let Some((_, port)) = host.rsplit_once(':') {
        // `[::1]` alone has colons but no port.
        if !host.ends_with(']') && port.parse::<u16>().is_err() {
            return Err("The port must be a number from 0 to 65535.");
        }
    }
    Ok(())
}

/// The `key=` parameter taken out of a URL fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FragmentKey {
    /// The key, percent-decoded.
    pub key: String,
    /// The fragment to leave in the address bar: the other parameters, `#` included, or empty.
    pub remaining: String,
}

/// Finds `key=…` in a fragment such as `#key=fk_123` or `#a=1&key=fk_123`.
///
/// The reference server prints its URL with the admin key in the fragment because a fragment
/// never reaches a server: the console moves it to storage and out of the address bar.
pub fn take_key_from_fragment(hash: &str) -> Option<FragmentKey> {
    let fragment = hash.strip_prefix('#').unwrap_or(hash);
    let mut key = None;
    let mut rest = Vec::new();
    for part in fragment.split('&').filter(|p| !p.is_empty()) {
        match part.strip_prefix("key=") {
            Some(value) if key.is_none() => key = Some(decode_component(value)),
            // A second `key=` would be a mistake; drop it too rather than leave a key visible.
            Some(_) => {}
            None => rest.push(part),
        }
    }
    let key = key.filter(|k| !k.is_empty())?;
    let remaining = if rest.is_empty() {
        String::new()
    } else {
        format!("#{}", rest.join("&"))
    };
    Some(FragmentKey { key, remaining })
}

/// The settings after a start-up URL handed over a key.
///
/// The key was printed by the server that served this page, so it is for the API at the
/// page's `origin`: the base URL follows it, or a key for one server would be sent to another
/// that an earlier session had saved. The version is kept.
pub fn with_key(connection: &Connection, key: &str, origin: &str) -> Connection {
    Connection {
        api_key: key.trim().to_owned(),
        base_url: origin.to_owned(),
        ..connection.clone()
    }
}

/// The key as it may be shown on screen: enough to recognise it, not enough to use it.
pub fn mask_key(key: &str) -> String {
    let chars: Vec<char> = key.chars().collect();
    if chars.len() < 10 {
        return "•".repeat(chars.len().clamp(4, 8));
    }
    let head: String = chars[..5].iter().collect();
    let tail: String = chars[chars.len() - 2..].iter().collect();
    format!("{head}…{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(base_url: &str, api_key: &str, version: &str) -> ConnectionForm {
        ConnectionForm {
            base_url: base_url.into(),
            api_key: api_key.into(),
            version: version.into(),
        }
    }

    #[test]
    fn valid_form_is_trimmed_and_normalised() {
        let c = form(" http://127.0.0.1:8080/ ", " fk_abc ", " 2024-02-29 ")
            .validate()
            .unwrap();
        assert_eq!(c.base_url, "http://127.0.0.1:8080");
        assert_eq!(c.api_key, "fk_abc");
        assert_eq!(c.version.as_deref(), Some("2024-02-29"));
        let c = form("https://api.example.com/admin", "", "")
            .validate()
            .unwrap();
        assert_eq!((c.api_key.as_str(), c.version), ("", None));
    }

    #[test]
    fn every_problem_is_reported_with_its_field() {
        let problems = form("ftp://x", "a b", "2024-13-01").validate().unwrap_err();
        let fields: Vec<Field> = problems.iter().map(|p| p.field).collect();
        assert_eq!(fields, [Field::BaseUrl, Field::ApiKey, Field::Version]);
        assert!(problem_for(&problems, Field::Version)
            .unwrap()
            .contains("YYYY-MM-DD"));
        let problems = form("http://h", "", "2023-02-29").validate().unwrap_err();
        assert!(problem_for(&problems, Field::Version)
            .unwrap()
            .contains("does not exist"));
    }

    #[test]
    fn base_url_rules() {
        for bad in [
            "",
            "127.0.0.1:8080",
            "http://",
            "http://:80",
            "http://h:port",
            "http://h?x=1",
            "http://h/#a",
        ] {
            let problems = form(bad, "", "").validate().unwrap_err();
            assert!(problem_for(&problems, Field::BaseUrl).is_some(), "{bad}");
        }
        for good in ["http://localhost", "https://h:443/p", "http://[::1]:8080"] {
            assert!(form(good, "", "").validate().is_ok(), "{good}");
        }
    }

    #[test]
    fn storage_round_trips_and_tolerates_junk() {
        let c = Connection {
            base_url: "http://h:1".into(),
            api_key: "k".into(),
            version: Some("2024-01-15".into()),
        };
        assert_eq!(
            Connection::from_storage(Some(&c.to_storage()), "http://o"),
            c
        );
        let fresh = Connection::for_origin("http://o:9/");
        assert_eq!(fresh.base_url, "http://o:9");
        for junk in [
            None,
            Some("not json"),
            Some("{}"),
            Some(r#"{"baseUrl":"nope"}"#),
        ] {
            assert_eq!(
                Connection::from_storage(junk, "http://o:9"),
                fresh,
                "{junk:?}"
            );
        }
    }

    #[test]
    fn fragment_key_is_taken_and_the_rest_kept() {
        assert_eq!(
            take_key_from_fragment("#key=fk_123"),
            Some(FragmentKey {
                key: "fk_123".into(),
                remaining: String::new()
            })
        );
        assert_eq!(
            take_key_from_fragment("#a=1&key=fk%2B1%3D&b=2"),
            Some(FragmentKey {
                key: "fk+1=".into(),
                remaining: "#a=1&b=2".into()
            })
        );
        assert_eq!(take_key_from_fragment(""), None);
        assert_eq!(take_key_from_fragment("#"), None);
        assert_eq!(take_key_from_fragment("#key="), None);
        assert_eq!(take_key_from_fragment("#main"), None);
        assert_eq!(take_key_from_fragment("#monkey=1"), None);
    }

    #[test]
    fn a_handed_over_key_is_for_the_api_that_served_the_page() {
        let saved = Connection {
            base_url: "http://other-server:1".into(),
            api_key: "old".into(),
            version: Some("2024-01-15".into()),
        };
        let next = with_key(&saved, " new ", "http://127.0.0.1:8080");
        assert_eq!(next.api_key, "new");
        assert_eq!(next.base_url, "http://127.0.0.1:8080");
        assert_eq!(next.version, saved.version);
    }

    #[test]
    fn keys_are_masked() {
        assert_eq!(mask_key("fk_a1b2c3d4e5f69f"), "fk_a1…9f");
        assert_eq!(mask_key("short"), "•••••");
        assert_eq!(mask_key("ab"), "••••");
        assert!(!mask_key("fk_123456").contains("fk"));
    }
}
