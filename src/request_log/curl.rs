//! "Copy as curl": a command that makes the same call again from a POSIX shell.

use super::{Auth, Entry};

/// The environment variable the copied command reads the key from.
pub const KEY_VARIABLE: &str = "PUBNUB_API_KEY";

/// `entry` as a curl command: same method, URL, headers and body, each argument quoted for a
/// POSIX shell. The key is `"${PUBNUB_API_KEY}"`, expanded by the shell that runs it, unless
/// `key` is given (the person confirmed "copy with key").
pub fn curl(entry: &Entry, key: Option<&str>) -> String {
    let mut args = vec![
        "curl".to_owned(),
        "-sS".to_owned(),
        "-X".to_owned(),
        shell_quote(&entry.method),
        shell_quote(&entry.url),
    ];
    let scheme = match entry.auth {
        Auth::None => None,
        Auth::Key => Some(""),
        Auth::Bearer => Some("Bearer "),
    };
    if let Some(scheme) = scheme {
        args.push("-H".to_owned());
        args.push(match key {
            Some(key) => shell_quote(&format!("Authorization: {scheme}{key}")),
            // Double quotes, so that the shell puts the key in; nothing else is inside them.
            None => format!("\"Authorization: {scheme}${{{KEY_VARIABLE}}}\""),
        });
    }
    for (name, value) in &entry.request_headers {
        args.push("-H".to_owned());
        args.push(shell_quote(&format!("{name}: {value}")));
    }
    if let Some(body) = &entry.request_body {
        args.push("--data-raw".to_owned());
        args.push(shell_quote(body));
    }
    args.join(" ")
}

/// `s` as one word of a POSIX shell: inside single quotes nothing is special (no `$`, no
/// backslash, no `!` history expansion), and a single quote is closed, escaped and reopened.
pub fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request_log::sample;

    #[test]
    fn quotes_what_a_shell_would_read() {
        assert_eq!(shell_quote("plain"), "'plain'");
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
        assert_eq!(shell_quote("a!b $HOME\nc"), "'a!b $HOME\nc'");
    }

    #[test]
    fn the_key_is_a_variable_unless_given() {
        let entry = sample(Some(400));
        let command = curl(&entry, None);
        assert_eq!(
            command,
            "curl -sS -X 'POST' 'http://127.0.0.1:8080/v2/faas/packages?size=20' \
             -H \"Authorization: ${PUBNUB_API_KEY}\" -H 'Content-Type: application/json' \
             -H 'X-Correlation-Id: 11111111-1111-4111-8111-111111111111' \
             --data-raw '{\"name\":\"it'\\''s\"}'"
        );
        let with_key = curl(&entry, Some("fk_secret"));
        assert!(with_key.contains("-H 'Authorization: fk_secret'"));

        let mut bearer = entry.clone();
        bearer.auth = Auth::Bearer;
        bearer.request_body = None;
        assert!(curl(&bearer, None).contains("\"Authorization: Bearer ${PUBNUB_API_KEY}\""));
        assert!(!curl(&bearer, None).contains("--data-raw"));
    }
}
