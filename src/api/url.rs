//! URL building. Only [`crate::api`] calls this: no other code puts a URL together.

/// `base` + `path` + `?query`, with query values percent-encoded.
///
/// `base` is a validated base URL without a trailing slash (a prefix such as `/admin` is kept);
/// `path` starts with `/` and is made of static segments and ids the API itself returned.
pub fn build(base: &str, path: &str, query: &[(&str, String)]) -> String {
    let mut url = String::with_capacity(base.len() + path.len() + 32);
    url.push_str(base.trim_end_matches('/'));
    if !path.starts_with('/') {
        url.push('/');
    }
    url.push_str(path);
    for (i, (name, value)) in query.iter().enumerate() {
        url.push(if i == 0 { '?' } else { '&' });
        url.push_str(&encode_component(name));
        url.push('=');
        url.push_str(&encode_component(value));
    }
    url
}

/// Percent-encodes everything but RFC 3986 unreserved characters, so the result is safe in a
/// path segment or a query value.
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for byte in s.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Decodes `%XX` escapes (and `+` as a space, as forms encode it); invalid escapes stay as typed.
pub fn decode_component(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => match (hex_value(bytes.get(i + 1)), hex_value(bytes.get(i + 2))) {
                (Some(high), Some(low)) => {
                    out.push(high << 4 | low);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b'+' => out.push(b' '),
            byte => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_value(byte: Option<&u8>) -> Option<u8> {
    (*byte? as char).to_digit(16).map(|d| d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_base_and_path_with_one_slash() {
        assert_eq!(
            build("http://h:1", "/v2/keysets", &[]),
            "http://h:1/v2/keysets"
        );
        assert_eq!(
            build("http://h:1/", "/v2/keysets", &[]),
            "http://h:1/v2/keysets"
        );
        assert_eq!(build("http://h/api", "v2/x", &[]), "http://h/api/v2/x");
    }

    #[test]
    fn query_values_are_encoded() {
        let url = build(
            "http://h",
            "/v2/faas/packages",
            &[("page", "0".into()), ("search", "a b&c=d/é".into())],
        );
        assert_eq!(
            url,
            "http://h/v2/faas/packages?page=0&search=a%20b%26c%3Dd%2F%C3%A9"
        );
    }
}
