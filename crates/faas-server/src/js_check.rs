//! The build step of a start (`api.md` §2): a function's code must parse as an ES module with
//! a default export. The check uses a real JavaScript parser (oxc) in module mode, so strict
//! mode rules, `import`/`export` syntax and modern syntax (`async`, `?.`, `??`) are judged as
//! an engine would judge them.
//!
//! After the parse, oxc's semantic pass rejects what needs scopes to see, as an engine does
//! before running a module: a name declared twice, a `with` statement, `let let`.
//!
//! A failure is reported as `line L:C: message`, with a 1-based line and column (counted in
//! characters) of the first problem, as the console shows it next to the function.

use oxc_allocator::Allocator;
use oxc_ast::ast::{ExportSpecifier, Statement};
use oxc_parser::Parser;
use oxc_semantic::SemanticBuilder;
use oxc_span::SourceType;

/// The message of a module without a default export.
pub const NO_DEFAULT_EXPORT: &str = "the module has no default export";

/// Stack for the parser per byte of code. The parser recurses once per nesting level, and
/// every level takes at least one byte, so this bounds any input: measured at about 3 KiB a
/// level in debug builds (less in release) for the worst shapes (`((((…`, `{a:{a:…`, `` `${`${… ``).
const STACK_PER_CODE_BYTE: usize = 8 * 1024;
const STACK_BASE: usize = 1024 * 1024;
/// Virtual address space only: pages are touched only as deep as the code nests.
const STACK_MAX: usize = 4 * 1024 * 1024 * 1024;

/// Checks that `code` is an ES module with a default export; the error is
/// `line L:C: message`.
///
/// The parse runs on a thread of its own whose stack grows with the code: a deeply nested
/// expression would otherwise overflow the caller's stack, which aborts the whole server (and
/// again on every restart, as the deployment stays due).
pub fn check_module(code: &str) -> Result<(), String> {
    let stack = code
        .len()
        .checked_mul(STACK_PER_CODE_BYTE)
        .and_then(|s| s.checked_add(STACK_BASE))
        .filter(|s| *s <= STACK_MAX)
        .ok_or_else(|| {
            format!(
                "line 1:1: the module is too large to check ({} bytes)",
                code.len()
            )
        })?;
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("js-check".into())
            .stack_size(stack)
            .spawn_scoped(scope, || parse_module(code))
            .map_err(|e| format!("line 1:1: the build could not run: {e}"))?
            .join()
            .unwrap_or_else(|_| Err("line 1:1: the module could not be parsed".to_owned()))
    })
}

fn parse_module(code: &str) -> Result<(), String> {
    let allocator = Allocator::default();
    let parsed = Parser::new(&allocator, code, SourceType::mjs()).parse();
    if let Some(first) = parsed.diagnostics.errors().next() {
        let offset = first
            .labels
            .iter()
            .map(|label| label.offset() as usize)
            .min()
            .unwrap_or(0);
        let (line, column) = line_column(code, offset);
        return Err(format!("line {line}:{column}: {}", first.message));
    }
    if parsed.panicked {
        return Err("line 1:1: the module could not be parsed".to_owned());
    }
    let checked = SemanticBuilder::new()
        .with_check_syntax_error(true)
        .build(&parsed.program);
    if let Some(first) = checked.diagnostics.errors().next() {
        // A redeclaration carries two places, the first declaration and the second: the
        // second is the mistake.
        let offset = first
            .labels
            .iter()
            .map(|label| label.offset() as usize)
            .max()
            .unwrap_or(0);
        let (line, column) = line_column(code, offset);
        return Err(format!("line {line}:{column}: {}", first.message));
    }
    if parsed.program.body.iter().any(exports_default) {
        Ok(())
    } else {
        Err(format!("line 1:1: {NO_DEFAULT_EXPORT}"))
    }
}

/// Whether a top-level statement exports `default`: `export default …`,
/// `export { x as default }` or `export { default } from '…'`.
fn exports_default(statement: &Statement<'_>) -> bool {
    let names_default = |specifiers: &[ExportSpecifier<'_>]| {
        specifiers.iter().any(|s| s.exported.name() == "default")
    };
    match statement {
        Statement::ExportDefaultDeclaration(_) => true,
        Statement::ExportNamedDeclaration(d) => names_default(&d.specifiers),
        Statement::ExportFromDeclaration(d) => names_default(&d.specifiers),
        _ => false,
    }
}

/// The 1-based line and column (in characters) of byte `offset` of `code`. Line terminators
/// are those of ECMAScript: `\n`, `\r` (a `\r\n` pair counts once), U+2028 and U+2029.
pub fn line_column(code: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(code.len());
    let mut line = 1;
    let mut column = 1;
    let mut chars = code.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if i >= offset {
            break;
        }
        match c {
            '\r' if matches!(chars.peek(), Some((j, '\n')) if *j < offset) => {}
            '\n' | '\r' | '\u{2028}' | '\u{2029}' => {
                line += 1;
                column = 1;
            }
            _ => column += 1,
        }
    }
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_nesting_is_judged_not_fatal() {
        // On the caller's stack, a few thousand levels overflowed and aborted the process.
        let depth = 30_000;
        let valid = format!(
            "export default {}1{};",
            "(".repeat(depth),
            ")".repeat(depth)
        );
        assert_eq!(check_module(&valid), Ok(()));
        let unclosed = format!("export default {}1;", "[{a:".repeat(depth));
        assert!(check_module(&unclosed).unwrap_err().starts_with("line 1:"));
    }

    #[test]
    fn default_exports_of_every_shape_pass() {
        for code in [
            "export default (request) => request.ok();",
            "export default function (request) { return request.ok(); }",
            "export default async (request) => { await null; return request.ok(); };",
            "export default async function handler(request, response) {\n  return response.send();\n}",
            "const handler = (r) => r.ok();\nexport { handler as default };",
            "export { default } from 'other-module';",
            "import kvstore from 'kvstore';\nexport default (req) => kvstore.get(req.message?.id ?? 'x');",
        ] {
            assert_eq!(check_module(code), Ok(()), "{code}");
        }
    }

    #[test]
    fn a_syntax_error_names_line_and_column() {
        let code = "export default (request) => {\n  const x = 1;\n  return request.ok(;\n};";
        let err = check_module(code).unwrap_err();
        assert!(err.starts_with("line 3:21: "), "{err}");
        let code = "export default (request) => {\n  const 1x = 2;\n};";
        let err = check_module(code).unwrap_err();
        assert!(err.starts_with("line 2:"), "{err}");
    }

    #[test]
    fn a_module_without_default_export_fails() {
        assert_eq!(
            check_module("export const handler = (r) => r.ok();"),
            Err(format!("line 1:1: {NO_DEFAULT_EXPORT}"))
        );
        assert_eq!(
            check_module("module.exports = (request) => request.ok();"),
            Err(format!("line 1:1: {NO_DEFAULT_EXPORT}"))
        );
        assert_eq!(
            check_module("export * from 'other';"),
            Err(format!("line 1:1: {NO_DEFAULT_EXPORT}"))
        );
    }

    #[test]
    fn module_rules_apply() {
        // What a script allows and a module does not.
        assert_eq!(
            check_module("export default 1;\n<!-- an HTML comment"),
            Err("line 2:1: HTML comments are not allowed in modules".to_owned())
        );
        let err = check_module("export default 1;\nconst await = 2;").unwrap_err();
        assert!(err.starts_with("line 2:7: "), "{err}");
    }

    #[test]
    fn what_needs_scopes_is_rejected_with_its_place() {
        let cases = [
            ("export default 1;\nlet a = 1;\nlet a = 2;", "line 3:5: "),
            (
                "export default 1;\nconst x = {};\nwith (x) {}",
                "line 3:1: ",
            ),
            (
                "export default 1;\nfunction f() {\n  let let = 1;\n}",
                "line 3:7: ",
            ),
        ];
        for (code, place) in cases {
            let err = check_module(code).unwrap_err();
            assert!(err.starts_with(place), "{code:?}: {err}");
        }
        // Shadowing in an inner scope is fine.
        assert_eq!(
            check_module("let a = 1;\nexport default () => { let a = 2; return a; };"),
            Ok(())
        );
    }

    #[test]
    fn columns_count_characters_and_every_line_break() {
        assert_eq!(line_column("abc", 0), (1, 1));
        assert_eq!(line_column("abc", 2), (1, 3));
        assert_eq!(line_column("a\nbc", 3), (2, 2));
        assert_eq!(line_column("a\r\nbc", 4), (2, 2));
        assert_eq!(line_column("a\rb", 2), (2, 1));
        assert_eq!(line_column("é = x", 3), (1, 3));
        assert_eq!(line_column("ab", 99), (1, 3));
    }
}
