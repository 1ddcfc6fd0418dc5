//! URL text: percent-encoding, and query strings read and written. Below everything else, so
//! that the API client (its request URLs), the routes (the console's own URLs) and the
//! connection (the `#key=` handoff) share one encoder without importing each other.

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

/// The decoded value of `name` in a query string (`a=1&b=x%20y`, with or without its `?`),
/// `+` read as a space; the first one when the name repeats.
pub fn query_param(query: &str, name: &str) -> Option<String> {
    query
        .strip_prefix('?')
        .unwrap_or(query)
        .split('&')
        .filter_map(|pair| pair.split_once('=').or(Some((pair, ""))))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| decode_component(value))
}

/// A query string as a page reads it: every value decoded, an empty one as good as absent.
#[derive(Debug, Clone, Copy)]
pub struct Params<'a>(&'a str);

impl<'a> Params<'a> {
    pub fn new(query: &'a str) -> Self {
        Params(query)
    }

    /// The value of `name`, decoded; `None` when it is missing or empty.
    pub fn text(&self, name: &str) -> Option<String> {
        query_param(self.0, name).filter(|v| !v.is_empty())
    }

    /// The value of `name` as a `T`; `None` when it is missing or does not parse.
    pub fn parse<T: std::str::FromStr>(&self, name: &str) -> Option<T> {
        self.text(name)?.parse().ok()
    }

    /// A page number as people count (`page=2`) as the API counts it (1); 0 when missing
    /// or malformed.
    pub fn page(&self, name: &str) -> u32 {
        self.parse::<u32>(name).map_or(0, |p| p.saturating_sub(1))
    }
}

/// A query string being written: `?a=1&b=x%20y`, names and values percent-encoded, empty
/// when nothing was added. The one writer of every query the console prints or sends.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueryWriter(String);

impl QueryWriter {
    pub fn new() -> Self {
        QueryWriter::default()
    }

    /// Adds `name=value`.
    pub fn add(&mut self, name: &str, value: &str) -> &mut Self {
        self.start(name);
        self.0.push_str(&encode_component(value));
        self
    }

    /// Adds `name=value` when there is a value.
    pub fn add_some(&mut self, name: &str, value: Option<impl AsRef<str>>) -> &mut Self {
        if let Some(value) = value {
            self.add(name, value.as_ref());
        }
        self
    }

    /// Adds `name=a,b,c`: each item encoded, the commas left as they are, so a list reads
    /// as one in the address bar. Nothing when `items` is empty.
    pub fn add_list<'s>(
        &mut self,
        name: &str,
        items: impl IntoIterator<Item = &'s str>,
    ) -> &mut Self {
        let mut items = items.into_iter().peekable();
        if items.peek().is_some() {
            self.start(name);
            for (i, item) in items.enumerate() {
                if i > 0 {
                    self.0.push(',');
                }
                self.0.push_str(&encode_component(item));
            }
        }
        self
    }

    fn start(&mut self, name: &str) {
        self.0.push(if self.0.is_empty() { '?' } else { '&' });
        self.0.push_str(&encode_component(name));
        self.0.push('=');
    }

    /// The query string, `?` included; empty when nothing was added.
    pub fn finish(self) -> String {
        self.0
    }
}

/// A page's path and query as one URL, from the router's two parts: the query may come with
/// or without its `?` (the router gives it without), and an empty one adds nothing.
pub fn path_and_query(path: &str, search: &str) -> String {
    let search = search.strip_prefix('?').unwrap_or(search);
    if search.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{search}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_and_its_query_make_one_url() {
        assert_eq!(path_and_query("/catalog", "tag=xhr"), "/catalog?tag=xhr");
        assert_eq!(path_and_query("/catalog", "?tag=xhr"), "/catalog?tag=xhr");
        assert_eq!(path_and_query("/packages", ""), "/packages");
    }

    #[test]
    fn encoding_keeps_only_unreserved_characters() {
        assert_eq!(encode_component("a-b.c_d~e"), "a-b.c_d~e");
        assert_eq!(encode_component("a b&c=d/é"), "a%20b%26c%3Dd%2F%C3%A9");
        assert_eq!(
            decode_component(&encode_component("a b&c=d/é")),
            "a b&c=d/é"
        );
    }

    #[test]
    fn decoding_keeps_invalid_escapes() {
        assert_eq!(decode_component("a%20b+c"), "a b c");
        assert_eq!(decode_component("100%"), "100%");
        assert_eq!(decode_component("%zz%4"), "%zz%4");
    }

    #[test]
    fn a_query_is_written_once_with_its_question_mark() {
        assert_eq!(QueryWriter::new().finish(), "");
        let mut query = QueryWriter::new();
        query
            .add("search", "a b")
            .add_some("none", None::<&str>)
            .add_some("team", Some("acme"))
            .add_list("state", ["QUEUED", "a,b"])
            .add_list("empty", []);
        assert_eq!(query.finish(), "?search=a%20b&team=acme&state=QUEUED,a%2Cb");
    }

    #[test]
    fn params_read_what_the_writer_wrote() {
        let mut query = QueryWriter::new();
        query.add("q", "x&y=z").add("n", "7").add("page", "3");
        let text = query.finish();
        let params = Params::new(&text);
        assert_eq!(params.text("q").as_deref(), Some("x&y=z"));
        assert_eq!(params.parse::<u8>("n"), Some(7));
        assert_eq!(params.page("page"), 2);
        assert_eq!(params.text("missing"), None);
        let odd = Params::new("a=&page=0&n=x&a=2");
        assert_eq!(
            odd.text("a"),
            None,
            "the first value counts, and it is empty"
        );
        assert_eq!((odd.page("page"), odd.parse::<u8>("n")), (0, None));
        assert_eq!(query_param("?flag&b=1", "flag").as_deref(), Some(""));
    }
}
