//! A small JavaScript tokenizer for showing code read-only: enough to colour keywords,
//! strings, numbers and comments, never to understand the program. The editor's chunk
//! (CodeMirror) does the real parsing when code is edited; this lets a page that only shows
//! code do so without loading that chunk.
//!
//! Its output is one list of spans per line, so a view can number the lines and mark one,
//! and a multi-line comment or template literal is cut at each line end.

/// What a span of code is, as far as colouring goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token {
    Plain,
    Keyword,
    /// `true`, `false`, `null`, `undefined`, `this`.
    Atom,
    String,
    Number,
    Comment,
}

impl Token {
    /// The CSS class of a span of this kind (`style/_code-view.scss`); `None` for plain text.
    pub fn class(self) -> Option<&'static str> {
        match self {
            Token::Plain => None,
            Token::Keyword => Some("tok-keyword"),
            Token::Atom => Some("tok-atom"),
            Token::String => Some("tok-string"),
            Token::Number => Some("tok-number"),
            Token::Comment => Some("tok-comment"),
        }
    }
}

const KEYWORDS: &[&str] = &[
    "as",
    "async",
    "await",
    "break",
    "case",
    "catch",
    "class",
    "const",
    "continue",
    "debugger",
    "default",
    "delete",
    "do",
    "else",
    "export",
    "extends",
    "finally",
    "for",
    "from",
    "function",
    "if",
    "import",
    "in",
    "instanceof",
    "let",
    "new",
    "of",
    "return",
    "static",
    "super",
    "switch",
    "throw",
    "try",
    "typeof",
    "var",
    "void",
    "while",
    "with",
    "yield",
];

const ATOMS: &[&str] = &[
    "true",
    "false",
    "null",
    "undefined",
    "this",
    "NaN",
    "Infinity",
];

/// One line of code as coloured spans; the spans put together give the line back exactly.
pub type Line<'a> = Vec<(Token, &'a str)>;

/// `code` cut into lines (at `\n`; a `\r` before it is dropped), each line into spans.
pub fn highlight(code: &str) -> Vec<Line<'_>> {
    let mut lines: Vec<Line<'_>> = vec![Vec::new()];
    let bytes = code.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        let c = bytes[i];
        let token = match c {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = find(bytes, i, b"\n").unwrap_or(bytes.len());
                Token::Comment
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = find(bytes, i + 2, b"*/").map_or(bytes.len(), |end| end + 2);
                Token::Comment
            }
            b'"' | b'\'' | b'`' => {
                i = string_end(bytes, i);
                Token::String
            }
            b'0'..=b'9' => {
                i = run(bytes, i, |b| {
                    b.is_ascii_alphanumeric() || b == b'.' || b == b'_'
                });
                Token::Number
            }
            c if is_word_start(c) => {
                i = run(bytes, i, is_word);
                let word = &code[start..i];
                // A property (`request.delete`) is a name, not a keyword.
                let after_dot = code[..start].trim_end().ends_with('.');
                if after_dot {
                    Token::Plain
                } else if KEYWORDS.contains(&word) {
                    Token::Keyword
                } else if ATOMS.contains(&word) {
                    Token::Atom
                } else {
                    Token::Plain
                }
            }
            _ => {
                // Everything else up to the next thing that may start a token, by whole
                // characters (non-ASCII text is plain).
                i += 1;
                while i < bytes.len() && !starts_token(bytes, i) {
                    i += 1;
                }
                Token::Plain
            }
        };
        push(&mut lines, token, &code[start..i]);
    }
    lines
}

/// Adds a span to the last line; one that crosses a line end is cut there.
fn push<'a>(lines: &mut Vec<Line<'a>>, token: Token, text: &'a str) {
    let mut parts = text.split('\n');
    if let Some(first) = parts.next() {
        push_span(lines.last_mut().expect("one line at least"), token, first);
    }
    for part in parts {
        lines.push(Vec::new());
        push_span(lines.last_mut().expect("just pushed"), token, part);
    }
}

fn push_span<'a>(line: &mut Line<'a>, token: Token, text: &'a str) {
    let text = text.strip_suffix('\r').unwrap_or(text);
    if !text.is_empty() {
        line.push((token, text));
    }
}

fn starts_token(bytes: &[u8], i: usize) -> bool {
    let c = bytes[i];
    matches!(c, b'"' | b'\'' | b'`' | b'/' | b'0'..=b'9') || is_word_start(c)
}

fn is_word_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_' || c == b'$'
}

fn is_word(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'$'
}

fn run(bytes: &[u8], mut i: usize, keep: impl Fn(u8) -> bool) -> usize {
    while i < bytes.len() && keep(bytes[i]) {
        i += 1;
    }
    i
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// Where the string literal that opens at `start` ends (after its closing quote). A quote or
/// apostrophe string ends at the line end if unclosed; a template literal may span lines.
fn string_end(bytes: &[u8], start: usize) -> usize {
    let quote = bytes[start];
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'\n' if quote != b'`' => return i,
            c if c == quote => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(code: &str) -> Vec<Vec<(Token, String)>> {
        highlight(code)
            .into_iter()
            .map(|line| line.into_iter().map(|(t, s)| (t, s.to_owned())).collect())
            .collect()
    }

    fn joined(code: &str) -> String {
        highlight(code)
            .iter()
            .map(|line| line.iter().map(|(_, s)| *s).collect::<String>())
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn gives_every_line_back_exactly() {
        for code in [
            "export default (request) => {\n  return request.ok();\n};\n",
            "const s = `a\n${b}\nc`; /* x\ny */ // é ü\n\n",
            "let x = 'unclosed\nnext",
            "a\r\nb",
            "",
        ] {
            assert_eq!(joined(code), code.replace("\r\n", "\n"), "{code:?}");
        }
    }

    #[test]
    fn colours_keywords_atoms_strings_numbers_and_comments() {
        let line = &kinds("const n = 42; // answer")[0];
        assert_eq!(line[0], (Token::Keyword, "const".into()));
        assert!(line.contains(&(Token::Number, "42".into())));
        assert_eq!(line.last().unwrap(), &(Token::Comment, "// answer".into()));
        let line = &kinds("return 'it\\'s' === null;")[0];
        assert!(line.contains(&(Token::String, "'it\\'s'".into())));
        assert!(line.contains(&(Token::Atom, "null".into())));
    }

    #[test]
    fn a_property_named_like_a_keyword_is_plain() {
        let line = &kinds("request.delete(x); kv.default")[0];
        assert!(!line.iter().any(|(t, _)| *t == Token::Keyword));
    }

    #[test]
    fn cuts_multi_line_comments_and_templates_at_each_line() {
        let lines = kinds("/* a\nb */ x\n`c\nd`");
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[0], vec![(Token::Comment, "/* a".into())]);
        assert_eq!(lines[1][0], (Token::Comment, "b */".into()));
        assert_eq!(lines[2], vec![(Token::String, "`c".into())]);
        assert_eq!(lines[3], vec![(Token::String, "d`".into())]);
    }

    #[test]
    fn an_unclosed_quote_ends_at_its_line() {
        let lines = kinds("'open\nconst");
        assert_eq!(lines[0], vec![(Token::String, "'open".into())]);
        assert_eq!(lines[1], vec![(Token::Keyword, "const".into())]);
    }

    #[test]
    fn non_ascii_text_stays_whole() {
        assert_eq!(joined("x = \"héllo\" + ü;"), "x = \"héllo\" + ü;");
    }
}
