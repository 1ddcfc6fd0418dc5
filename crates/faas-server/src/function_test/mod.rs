//! Test runs of a function's code, for the console's test tab ("Run on server").
//!
//! The code runs as a classic script behind the shared mock prelude (`runtime/prelude.js`
//! at the repository root, also used by the console's browser runner), so both runs
//! produce the same result document. [`compose_script`] builds that script; [`engine`] runs
//! it in QuickJS with a deadline, a memory limit ([`memory`]) and a stack limit.
//!
//! The composed script keeps every line:column of the user's code:
//!
//! * the prelude goes on line 1, in front of the code, as one line ([`prelude_one_line`]:
//!   every line break replaced by one space; the prelude's one-line rule makes that safe);
//! * the first line that starts (after spaces and tabs) with exactly `export default` has
//!   those 14 characters replaced by `self.__fn__ = ` (also 14);
//! * a line that starts with a single-line import of a module,
//!   `import X from 'm'`, `import * as X from 'm'` or `import { a, b as c } from 'm'`,
//!   has that import replaced by `var X=__r('m')` (`var { a, b: c }=__r('m')`) padded with
//!   spaces to the same length (`__r` is the prelude's `require`); the rest of the line stays.
//!
//! So a position in the user's code is the same in the script, except on line 1 where the
//! prelude's length ([`Composed::prelude_len`], set as `globalThis.__faasPreludeLength`) is
//! added to the column.

pub mod engine;
pub mod memory;

/// The mock prelude, as written (readable, several lines).
pub const PRELUDE: &str = include_str!("../../../../runtime/prelude.js");

/// The prelude as one line: every line break (`\r\n` or `\n`) replaced by one space.
pub fn prelude_one_line() -> String {
    PRELUDE.replace("\r\n", " ").replace('\n', " ")
}

/// A script ready to run, and how long its prelude is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Composed {
    pub script: String,
    /// The prelude's length on line 1, in characters (it is ASCII: also bytes and UTF-16
    /// units). A column on line 1 of the script minus this is the column in the user's code.
    pub prelude_len: usize,
    /// Whether an `export default` line was found and rewritten.
    pub has_default_export: bool,
}

const EXPORT_DEFAULT: &str = "export default";
const HANDLER: &str = "self.__fn__ = ";

/// The prelude on line 1 followed by the rewritten `code` (see the module documentation).
pub fn compose_script(code: &str) -> Composed {
    let prelude = prelude_one_line();
    let mut script = String::with_capacity(prelude.len() + code.len());
    script.push_str(&prelude);
    let mut has_default_export = false;
    for line in code.split_inclusive('\n') {
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        let rest = &line[indent..];
        script.push_str(&line[..indent]);
        if !has_default_export && rest.starts_with(EXPORT_DEFAULT) {
            has_default_export = true;
            script.push_str(HANDLER);
            script.push_str(&rest[EXPORT_DEFAULT.len()..]);
        } else if let Some((replacement, len)) = rewrite_import(rest) {
            script.push_str(&replacement);
            script.push_str(&rest[len..]);
        } else {
            script.push_str(rest);
        }
    }
    Composed {
        script,
        prelude_len: prelude.len(),
        has_default_export,
    }
}

fn is_ident(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

/// Skips spaces and tabs.
fn ws(s: &str) -> &str {
    s.trim_start_matches([' ', '\t'])
}

/// `import … from 'm'` at the start of `s`: the replacement, padded to the same length, and
/// that length. `None` for anything else (left to the engine, which refuses it).
fn rewrite_import(s: &str) -> Option<(String, usize)> {
    let after = s.strip_prefix("import")?;
    if !after.starts_with([' ', '\t', '{', '*']) {
        return None;
    }
    let after = ws(after);
    let (binding, after) = if let Some(inner) = after.strip_prefix('{') {
        let end = inner.find('}')?;
        let mut names = Vec::new();
        for part in inner[..end].split(',') {
            let words: Vec<&str> = part.split_whitespace().collect();
            match words.as_slice() {
                [] => {}
                [name] if is_ident(name) => names.push((*name).to_owned()),
                [name, "as", alias] if is_ident(name) && is_ident(alias) => {
                    names.push(format!("{name}: {alias}"))
                }
                _ => return None,
            }
        }
        (format!("{{ {} }}", names.join(", ")), &inner[end + 1..])
    } else if let Some(rest) = after.strip_prefix('*') {
        let rest = ws(rest).strip_prefix("as")?;
        if !rest.starts_with([' ', '\t']) {
            return None;
        }
        let rest = ws(rest);
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '$'))
            .unwrap_or(rest.len());
        (rest[..end].to_owned(), &rest[end..])
    } else {
        let end = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '$'))
            .unwrap_or(after.len());
        (after[..end].to_owned(), &after[end..])
    };
    if !(is_ident(&binding) || binding.starts_with('{')) || binding == "from" {
        return None;
    }
    let after = ws(after).strip_prefix("from")?;
    let after = ws(after);
    let quote = after.chars().next().filter(|c| *c == '\'' || *c == '"')?;
    let body = &after[1..];
    let close = body.find(quote)?;
    let module = &body[..close];
    if module.contains(['\\', '\n']) {
        return None;
    }
    let len = s.len() - body[close + 1..].len();
    let mut out = format!("var {binding}=__r({quote}{module}{quote})");
    if out.len() > len {
        return None;
    }
    while out.len() < len {
        out.push(' ');
    }
    Some((out, len))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each line outside block comments, trimmed, with the comments removed.
    fn code_lines(src: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut in_comment = false;
        for line in src.lines() {
            let mut kept = String::new();
            let mut rest = line;
            loop {
                if in_comment {
                    match rest.find("*/") {
                        Some(i) => {
                            in_comment = false;
                            rest = &rest[i + 2..];
                        }
                        None => break,
                    }
                } else {
                    match rest.find("/*") {
                        Some(i) => {
                            kept.push_str(&rest[..i]);
                            in_comment = true;
                            rest = &rest[i + 2..];
                        }
                        None => {
                            kept.push_str(rest);
                            break;
                        }
                    }
                }
            }
            let kept = kept.trim().to_owned();
            if !kept.is_empty() {
                out.push(kept);
            }
        }
        out
    }

    #[test]
    fn the_prelude_keeps_its_one_line_rule() {
        assert!(PRELUDE.is_ascii(), "the prelude must be ASCII");
        assert!(!PRELUDE.contains("//"), "no line comments (no two slashes)");
        assert!(!PRELUDE.contains('`'), "no template literals");
        let restricted = ["return", "throw", "break", "continue", "++", "--"];
        let lines = code_lines(PRELUDE);
        for (i, line) in lines.iter().enumerate() {
            for word in restricted {
                assert!(
                    !line.ends_with(word),
                    "a line ends with `{word}`, which means something else on one line: {line}"
                );
            }
            let last = line.chars().last().unwrap_or(';');
            let next_closes = lines
                .get(i + 1)
                .is_some_and(|next| next.starts_with([']', '}', ')']));
            assert!(
                ";{}([,:?=&|+".contains(last) || next_closes,
                "a statement that does not end with `;` (nor a line inside an open \
                 expression): {line}"
            );
        }
        let one = prelude_one_line();
        assert!(!one.contains('\n'));
        assert_eq!(one.len(), PRELUDE.len());
    }

    #[test]
    fn export_default_becomes_the_handler_at_the_same_columns() {
        let code = "const a = 1;\n  export default (request) => request.ok();\n";
        let c = compose_script(code);
        assert!(c.has_default_export);
        let user = &c.script[c.prelude_len..];
        assert_eq!(
            user,
            "const a = 1;\n  self.__fn__ =  (request) => request.ok();\n"
        );
        assert_eq!(user.len(), code.len());
        assert_eq!(EXPORT_DEFAULT.len(), HANDLER.len());
        assert!(c.script.starts_with("/*"));
        assert_eq!(c.script.lines().count(), code.lines().count());
    }

    #[test]
    fn only_the_first_export_default_at_a_line_start_is_rewritten() {
        let code = "const s = 'export default';\nexport default 1;\nexport default 2;";
        let user = compose_script(code).script[prelude_one_line().len()..].to_owned();
        assert_eq!(
            user,
            "const s = 'export default';\nself.__fn__ =  1;\nexport default 2;"
        );
    }

    #[test]
    fn imports_become_require_calls_of_the_same_length() {
        // (code, the replacement, what follows it after the padding)
        let cases = [
            (
                "import kvstore from 'kvstore';",
                "var kvstore=__r('kvstore')",
                ";",
            ),
            (
                "import * as pn from \"pubnub\"; x();",
                "var pn=__r(\"pubnub\")",
                "; x();",
            ),
            (
                "import { a, b as c } from 'm';",
                "var { a, b: c }=__r('m')",
                ";",
            ),
            ("\timport  x  from  'm'\n", "\tvar x=__r('m')", "\n"),
        ];
        for (code, head, tail) in cases {
            let c = compose_script(code);
            let user = &c.script[c.prelude_len..];
            assert_eq!(user.len(), code.len(), "{code}");
            assert!(user.starts_with(head), "{code} → {user}");
            assert_eq!(user[head.len()..].trim_start_matches(' '), tail, "{code}");
        }
        let c = compose_script("import{a}from'm'");
        assert_eq!(
            &c.script[c.prelude_len..],
            "import{a}from'm'",
            "too long to rewrite: left alone"
        );
        for left in [
            "import 'side-effect';",
            "import x, { y } from 'm';",
            "imports = 1;",
        ] {
            let c = compose_script(left);
            assert_eq!(&c.script[c.prelude_len..], left);
        }
    }
}
