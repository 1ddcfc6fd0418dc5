//! Request URLs. Only [`crate::api`] calls this: no other code puts an API URL together.

use crate::url::QueryWriter;

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
    let mut params = QueryWriter::new();
    for (name, value) in query {
        params.add(name, value);
    }
    url.push_str(&params.finish());
    url
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
