//! A crate's module graph, read from its source: which module imports which, where, and
//! whether the imports go round in a circle or reach up past a layer. The console's
//! `tests/module_graph.rs` and the server's `tests/integration/module_graph.rs` both read
//! their crate with it, so that the two crates are held to one reading of the code.
//!
//! How it reads the code: every `.rs` file under `src/` is one module (`src/store/keys.rs`
//! is `store::keys`, `src/http/mod.rs` is `http`, `src/lib.rs` is the crate root `crate`;
//! `src/main.rs` is the binary, another crate, and left out). Comments, strings and
//! character literals are blanked out, then every path that starts with `crate::`,
//! `super::` or `self::`, or with the name of a child module the file declares (`mod x;`),
//! including each leaf of a `use a::{b, c::{self, D}}` tree, is resolved to the longest
//! module prefix that is a file. A name a module re-exports (`pub use path::Name`, also
//! `as`) counts as the module that defines it, so `crate::AppState` is `state`, not the
//! crate root. Inline modules (`mod tests { … }`) belong to their file, with `super::`
//! inside them resolved from the inline module.
//!
//! Limits, all on the side of missing an edge, never of inventing one: glob re-exports
//! (`pub use x::*`) are not followed; a name brought in by `use` and then used bare is only
//! counted at its `use`; macros that build paths are not expanded. `#[path]` attributes are
//! not supported (neither crate has any).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// One module: its path (`store::keys`; the root is `crate`), its source with comments and
/// literals blanked, its child modules and its re-exports.
struct Module {
    file: PathBuf,
    text: String,
    children: BTreeSet<String>,
    /// `pub use` names: the name to the absolute path it stands for.
    reexports: HashMap<String, Vec<String>>,
}

/// The edges of a graph: (from, to) → where the first reference is (`src/file.rs:line`).
pub type Edges = BTreeMap<(String, String), String>;

/// Comments, string and character literals replaced by spaces (newlines kept, so line
/// numbers stay right).
pub fn blank(source: &str) -> String {
    let chars: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(source.len());
    let mut i = 0;
    let keep = |c: char| if c == '\n' { '\n' } else { ' ' };
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(keep(chars[i]));
                    i += 1;
                }
            }
        } else if c == 'r'
            && (next == Some('"') || next == Some('#'))
            && !chars
                .get(i.wrapping_sub(1))
                .is_some_and(|p| p.is_alphanumeric() || *p == '_')
        {
            // A raw string r"…" or r#"…"#.
            let mut j = i + 1;
            let mut hashes = 0;
            while chars.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if chars.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            loop {
                match chars.get(j) {
                    None => break,
                    Some('"') if (1..=hashes).all(|k| chars.get(j + k) == Some(&'#')) => {
                        j += 1 + hashes;
                        break;
                    }
                    Some(_) => j += 1,
                }
            }
            for ch in &chars[i..j.min(chars.len())] {
                out.push(keep(*ch));
            }
            i = j;
        } else if c == '"' {
            out.push(' ');
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                if i < chars.len() {
                    out.push(keep(chars[i]));
                    i += 1;
                }
            }
            out.push(' ');
            i += 1;
        } else if c == '\'' {
            // A character literal ('a', '\n', '\u{1F600}'), or else a lifetime.
            let end = if next == Some('\\') {
                (i + 3..chars.len()).find(|&k| chars[k] == '\'')
            } else if chars.get(i + 2) == Some(&'\'') {
                Some(i + 2)
            } else {
                None
            };
            match end {
                Some(end) => {
                    for _ in i..=end {
                        out.push(' ');
                    }
                    i = end + 1;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Ident(String),
    Colons,
    Open,
    Close,
    Comma,
    Semi,
    Star,
    Other,
}

/// Tokens with their line numbers.
fn tokens(text: &str) -> Vec<(Token, usize)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut line = 1;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            // `r#ident`: a raw identifier.
            let word: String = chars[start..i].iter().collect();
            out.push((Token::Ident(word), line));
        } else if c == ':' && chars.get(i + 1) == Some(&':') {
            out.push((Token::Colons, line));
            i += 2;
        } else {
            let token = match c {
                '{' => Token::Open,
                '}' => Token::Close,
                ',' => Token::Comma,
                ';' => Token::Semi,
                '*' => Token::Star,
                _ => Token::Other,
            };
            out.push((token, line));
            i += 1;
        }
    }
    out
}

fn ident(token: Option<&(Token, usize)>) -> Option<&str> {
    match token {
        Some((Token::Ident(word), _)) => Some(word),
        _ => None,
    }
}

/// The paths of a `use` tree or of a path in code starting at `tokens[i]`, each as its
/// segments (`{self}` leaves end with `self`, globs with `*`), and the index after it.
fn paths_at(tokens: &[(Token, usize)], mut i: usize) -> (Vec<Vec<String>>, usize) {
    let mut prefix = Vec::new();
    loop {
        match tokens.get(i) {
            Some((Token::Ident(word), _)) => {
                prefix.push(word.clone());
                i += 1;
                if tokens.get(i).map(|t| &t.0) == Some(&Token::Colons) {
                    i += 1;
                    continue;
                }
                return (vec![prefix], i);
            }
            Some((Token::Star, _)) => {
                prefix.push("*".into());
                return (vec![prefix], i + 1);
            }
            Some((Token::Open, _)) => {
                let mut all = Vec::new();
                i += 1;
                loop {
                    match tokens.get(i).map(|t| &t.0) {
                        None => return (all, i),
                        Some(Token::Close) => return (all, i + 1),
                        Some(Token::Comma) => i += 1,
                        _ => {
                            let (inner, next) = paths_at(tokens, i);
                            for path in inner {
                                let mut full = prefix.clone();
                                full.extend(path);
                                all.push(full);
                            }
                            // `as name` and anything else up to the next `,` or `}`.
                            i = next;
                            while !matches!(
                                tokens.get(i).map(|t| &t.0),
                                None | Some(Token::Comma) | Some(Token::Close)
                            ) {
                                i += 1;
                            }
                        }
                    }
                }
            }
            _ => return (vec![prefix], i),
        }
    }
}

/// `path` (relative to the module `here`, inside inline modules `inline`) as an absolute
/// path, or `None` when it leaves the crate (`std::…`, `faas_api::…`, a local name).
fn absolute(
    path: &[String],
    here: &[String],
    inline: &[String],
    children: &BTreeSet<String>,
) -> Option<Vec<String>> {
    let first = path.first()?;
    let mut base: Vec<String> = here.iter().chain(inline).cloned().collect();
    let rest = match first.as_str() {
        "crate" => {
            base.clear();
            &path[1..]
        }
        "self" => &path[1..],
        "super" => {
            let mut rest = path;
            while rest.first().map(String::as_str) == Some("super") {
                base.pop()?;
                rest = &rest[1..];
            }
            rest
        }
        name if inline.is_empty() && children.contains(name) => path,
        _ => return None,
    };
    base.extend(rest.iter().filter(|s| *s != "self").cloned());
    Some(base)
}

fn module_name(path: &[String]) -> String {
    if path.is_empty() {
        "crate".into()
    } else {
        path.join("::")
    }
}

/// Every module of the crate under `src`.
fn read_modules(src: &Path) -> BTreeMap<Vec<String>, Module> {
    let mut modules = BTreeMap::new();
    let mut dirs = vec![src.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            if path.extension().and_then(|e| e.to_str()) != Some("rs") {
                continue;
            }
            let relative = path.strip_prefix(src).unwrap();
            let mut segments: Vec<String> = relative
                .iter()
                .map(|s| s.to_string_lossy().trim_end_matches(".rs").to_owned())
                .collect();
            if segments == ["main"] {
                continue;
            }
            if matches!(segments.last().map(String::as_str), Some("mod" | "lib")) {
                segments.pop();
            }
            let text = blank(&std::fs::read_to_string(&path).unwrap());
            modules.insert(
                segments,
                Module {
                    file: relative.to_path_buf(),
                    text,
                    children: BTreeSet::new(),
                    reexports: HashMap::new(),
                },
            );
        }
    }
    modules
}

/// Walks the tokens of `module`, calling `found(path, line, is_pub_use, alias)` with every
/// absolute crate path it references.
fn walk(
    here: &[String],
    module: &Module,
    mut found: impl FnMut(Vec<String>, usize, bool, Option<String>),
) {
    let tokens = tokens(&module.text);
    // Inline modules: (name, brace depth inside it).
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < tokens.len() {
        let (token, line) = &tokens[i];
        match token {
            Token::Open => depth += 1,
            Token::Close => {
                depth = depth.saturating_sub(1);
                if inline.last().is_some_and(|(_, d)| *d > depth) {
                    inline.pop();
                }
            }
            Token::Ident(word) if word == "mod" => {
                if let (Some(name), Some((Token::Open, _))) =
                    (ident(tokens.get(i + 1)), tokens.get(i + 2))
                {
                    inline.push((name.to_owned(), depth + 1));
                    depth += 1;
                    i += 3;
                    continue;
                }
            }
            Token::Ident(word) if word == "use" => {
                let is_pub = i > 0 && ident(tokens.get(i - 1)) == Some("pub")
                    || i > 3 && ident(tokens.get(i - 4)) == Some("pub");
                let (paths, next) = paths_at(&tokens, i + 1);
                let inline_path: Vec<String> = inline.iter().map(|(n, _)| n.clone()).collect();
                // `use x::Y as Z;` renames a single path.
                let alias = (ident(tokens.get(next)) == Some("as"))
                    .then(|| ident(tokens.get(next + 1)).map(str::to_owned))
                    .flatten();
                for path in paths {
                    if let Some(abs) = absolute(&path, here, &inline_path, &module.children) {
                        found(abs, *line, is_pub && inline.is_empty(), alias.clone());
                    }
                }
                i = next;
                continue;
            }
            Token::Ident(word)
                if tokens.get(i + 1).map(|t| &t.0) == Some(&Token::Colons)
                    && (i == 0 || tokens[i - 1].0 != Token::Colons) =>
            {
                let (paths, next) = paths_at(&tokens, i);
                let inline_path: Vec<String> = inline.iter().map(|(n, _)| n.clone()).collect();
                let _ = word;
                for path in paths {
                    if let Some(abs) = absolute(&path, here, &inline_path, &module.children) {
                        found(abs, *line, false, None);
                    }
                }
                i = next;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
}

/// The child modules each file declares (`mod x;`, `pub mod x;`).
fn declare_children(modules: &mut BTreeMap<Vec<String>, Module>) {
    let keys: Vec<Vec<String>> = modules.keys().cloned().collect();
    for key in &keys {
        let children: BTreeSet<String> = keys
            .iter()
            .filter(|k| k.len() == key.len() + 1 && k.starts_with(key))
            .map(|k| k.last().unwrap().clone())
            .collect();
        modules.get_mut(key).unwrap().children = children;
    }
}

/// The module a path names: its longest prefix that is a file, after following
/// re-exports.
fn resolve(path: &[String], modules: &BTreeMap<Vec<String>, Module>) -> Vec<String> {
    let mut path = path.to_vec();
    for _ in 0..8 {
        let mut prefix = path.clone();
        while !modules.contains_key(&prefix) {
            prefix.pop();
        }
        let Some(name) = path.get(prefix.len()) else {
            return prefix;
        };
        match modules[&prefix].reexports.get(name) {
            Some(target) if target.as_slice() != &path[..prefix.len() + 1] => {
                let mut next = target.clone();
                next.extend(path[prefix.len() + 1..].iter().cloned());
                path = next;
            }
            _ => return prefix,
        }
    }
    path
}

/// The module graph: an edge per module that references another, with the first place.
fn read_graph(src: &Path) -> (BTreeSet<String>, Edges) {
    let mut modules = read_modules(src);
    declare_children(&mut modules);
    // First the re-exports, so that references through them can be followed.
    let keys: Vec<Vec<String>> = modules.keys().cloned().collect();
    for key in &keys {
        let mut reexports = HashMap::new();
        walk(key, &modules[key], |path, _, is_pub_use, alias| {
            if !is_pub_use {
                return;
            }
            let name = alias.or_else(|| path.last().cloned());
            if let Some(name) = name.filter(|n| n != "*") {
                reexports.insert(name, path);
            }
        });
        modules.get_mut(key).unwrap().reexports = reexports;
    }
    let mut edges = Edges::new();
    for key in &keys {
        let module = &modules[key];
        let from = module_name(key);
        walk(key, module, |path, line, _, _| {
            let to = resolve(&path, &modules);
            if to != *key {
                edges
                    .entry((from.clone(), module_name(&to)))
                    .or_insert_with(|| format!("src/{}:{line}", module.file.display()));
            }
        });
    }
    (keys.iter().map(|k| module_name(k)).collect(), edges)
}

/// The strongly connected components with more than one module (Tarjan).
fn cycles(nodes: &BTreeSet<String>, edges: &Edges) -> Vec<Vec<String>> {
    struct State<'a> {
        next: BTreeMap<&'a str, Vec<&'a str>>,
        index: HashMap<&'a str, usize>,
        low: HashMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        counter: usize,
        found: Vec<Vec<String>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a str) {
        s.index.insert(v, s.counter);
        s.low.insert(v, s.counter);
        s.counter += 1;
        s.stack.push(v);
        s.on_stack.insert(v);
        for w in s.next.get(v).cloned().unwrap_or_default() {
            if !s.index.contains_key(w) {
                visit(s, w);
                let low = s.low[v].min(s.low[w]);
                s.low.insert(v, low);
            } else if s.on_stack.contains(w) {
                let low = s.low[v].min(s.index[w]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                component.push(w.to_owned());
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                s.found.push(component);
            }
        }
    }
    let mut state = State {
        next: BTreeMap::new(),
        index: HashMap::new(),
        low: HashMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        counter: 0,
        found: Vec::new(),
    };
    for (from, to) in edges.keys() {
        state.next.entry(from).or_default().push(to);
    }
    for node in nodes {
        if !state.index.contains_key(node.as_str()) {
            visit(&mut state, node);
        }
    }
    state.found.sort();
    state.found
}

/// The modules of a crate and which ones each references.
#[derive(Debug, Clone)]
pub struct Graph {
    /// Every module, by path (`store::keys`; the root is `crate`).
    pub modules: BTreeSet<String>,
    pub edges: Edges,
}

impl Graph {
    /// Reads the crate whose sources are under `src` (its `lib.rs`, and every file below).
    pub fn read(src: &Path) -> Graph {
        let (modules, edges) = read_graph(src);
        Graph { modules, edges }
    }

    /// The graph of the top-level modules (`api`, not `api::url`): a reference from any
    /// module under one to any module under another is an edge between the two, with every
    /// place that makes it. Circles between sections of a crate show here even where the
    /// files inside them do not import each other in a circle.
    pub fn top_level(&self) -> Graph {
        let top = |module: &str| module.split("::").next().unwrap_or(module).to_owned();
        let mut edges = Edges::new();
        for ((from, to), at) in &self.edges {
            let (from, to) = (top(from), top(to));
            if from != to {
                edges
                    .entry((from, to))
                    .and_modify(|places: &mut String| {
                        if !places.split(", ").any(|place| place == at) {
                            places.push_str(", ");
                            places.push_str(at);
                        }
                    })
                    .or_insert_with(|| at.clone());
            }
        }
        Graph {
            modules: self.modules.iter().map(|m| top(m)).collect(),
            edges,
        }
    }

    /// The graph without the references between a module and its own sub-modules (a
    /// section's `mod.rs` naming its pages, which use the helpers it defines): what is left
    /// are the references across sections and between siblings, where a circle is a
    /// tangle rather than a section's own wiring.
    pub fn without_own_submodules(&self) -> Graph {
        let related =
            |a: &str, b: &str| a == "crate" || b == "crate" || within(a, b) || within(b, a);
        Graph {
            modules: self.modules.clone(),
            edges: self
                .edges
                .iter()
                .filter(|((from, to), _)| !related(from, to))
                .map(|(edge, at)| (edge.clone(), at.clone()))
                .collect(),
        }
    }

    /// Every circle: each group of modules that reach each other through their imports,
    /// sorted.
    pub fn circles(&self) -> Vec<Vec<String>> {
        cycles(&self.modules, &self.edges)
    }

    /// `Ok` when no import goes round in a circle; otherwise each circle with the imports
    /// that make it and where they are, for the person who has to break it.
    pub fn check_no_circle(&self) -> Result<(), String> {
        let found = self.circles();
        if found.is_empty() {
            return Ok(());
        }
        let mut report = format!("{} import circle(s):\n", found.len());
        for component in &found {
            report.push_str(&format!("circle among {}:\n", component.join(", ")));
            for ((from, to), at) in &self.edges {
                if component.contains(from) && component.contains(to) {
                    report.push_str(&format!("  {from} -> {to}  ({at})\n"));
                }
            }
        }
        Err(report)
    }

    /// The imports that break a layer rule, `from -> to  (where)`: each rule is a module
    /// (with its sub-modules) and the modules it may not reference (with theirs; `crate`
    /// is the root module alone).
    pub fn reaching_up(&self, rules: &[(&str, &[&str])]) -> Vec<String> {
        let mut wrong = Vec::new();
        for ((from, to), at) in &self.edges {
            for (layer, forbidden) in rules {
                if within(from, layer) && forbidden.iter().any(|f| within(to, f)) {
                    wrong.push(format!("{from} -> {to}  ({at})"));
                }
            }
        }
        wrong
    }
}

/// Whether `module` is `prefix` or one of its sub-modules.
fn within(module: &str, prefix: &str) -> bool {
    module == prefix || module.starts_with(&format!("{prefix}::"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small crate written to a temporary directory, read, and removed.
    fn read_crate(files: &[(&str, &str)]) -> Graph {
        // Tests run side by side: each crate gets a directory of its own.
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("module-graph-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for (path, text) in files {
            let path = dir.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let graph = Graph::read(&dir);
        let _ = std::fs::remove_dir_all(&dir);
        graph
    }

    fn pairs(graph: &Graph) -> Vec<(&str, &str)> {
        graph
            .edges
            .keys()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect()
    }

    #[test]
    fn the_reader_finds_what_it_should_and_nothing_else() {
        let graph = read_crate(&[
            (
                "lib.rs",
                "//! [`crate::c`] in a doc comment is no edge\npub mod a;\npub mod b;\npub mod c;\n\
                 pub use c::Thing;\nfn f() { let _ = \"crate::b::x\"; a::y(); }\n",
            ),
            (
                "a/mod.rs",
                "pub mod inner;\nuse crate::{b::{self, B}, Thing as T};\n/* crate::c */\n\
                 pub fn y() { let _ = 'c'; }\n",
            ),
            (
                "a/inner.rs",
                "use super::y;\n#[cfg(test)]\nmod tests {\n    use super::*;\n    use super::super::y;\n}\n",
            ),
            ("b.rs", "pub struct B<'a>(&'a str);\n"),
            (
                "c.rs",
                "pub struct Thing;\nfn g() { let _ = r#\"super::a\"#; crate::b::B(\"\"); }\n",
            ),
            ("main.rs", "fn main() { faas::a::y(); crate::b::B(\"\"); }\n"),
        ]);
        assert_eq!(
            graph.modules.iter().collect::<Vec<_>>(),
            ["a", "a::inner", "b", "c", "crate"]
        );
        // `Thing` is re-exported by the root and counts as `c`; the root's `a::y()` is an
        // edge; `main.rs` is another crate.
        assert_eq!(
            pairs(&graph),
            [
                ("a", "b"),
                ("a", "c"),
                ("a::inner", "a"),
                ("c", "b"),
                ("crate", "a"),
                ("crate", "c")
            ]
        );
        assert_eq!(graph.check_no_circle(), Ok(()));
        let mut with_circle = graph.clone();
        with_circle
            .edges
            .insert(("b".into(), "c".into()), "src/b.rs:9".into());
        assert_eq!(
            with_circle.circles(),
            [vec!["b".to_owned(), "c".to_owned()]]
        );
    }

    #[test]
    fn a_circle_is_reported_with_the_imports_that_make_it() {
        let graph = read_crate(&[
            ("lib.rs", "mod api;\nmod routes;\nmod pages;\n"),
            ("api/mod.rs", "pub mod url;\nuse crate::routes::Query;\n"),
            ("api/url.rs", "pub fn encode() {}\n"),
            (
                "routes.rs",
                "pub struct Query;\nuse crate::api::url::encode;\n",
            ),
            ("pages.rs", "use crate::{api, routes::Query};\n"),
        ]);
        // No file imports another in a circle, but the sections `api` and `routes` do.
        assert_eq!(graph.check_no_circle(), Ok(()));
        let report = graph.top_level().check_no_circle().unwrap_err();
        assert!(report.contains("circle among api, routes:"), "{report}");
        assert!(
            report.contains("api -> routes  (src/api/mod.rs:2)"),
            "{report}"
        );
        assert!(
            report.contains("routes -> api  (src/routes.rs:2)"),
            "{report}"
        );
        assert!(!report.contains("pages ->"), "{report}");
    }

    #[test]
    fn a_layer_rule_names_each_import_that_breaks_it() {
        let graph = read_crate(&[
            ("lib.rs", "mod api;\nmod pages;\n"),
            ("api/mod.rs", "pub mod list;\n"),
            ("api/list.rs", "use crate::pages::deployments;\n"),
            (
                "pages/mod.rs",
                "pub mod deployments;\nuse crate::api::list;\n",
            ),
            ("pages/deployments.rs", "\n"),
        ]);
        assert_eq!(
            graph.reaching_up(&[("api", &["pages", "components"])]),
            ["api::list -> pages::deployments  (src/api/list.rs:1)"]
        );
        assert!(graph.reaching_up(&[("pages", &["api::other"])]).is_empty());
    }

    #[test]
    fn the_top_level_graph_keeps_every_place_of_an_edge() {
        let graph = read_crate(&[
            (
                "lib.rs",
                "mod api;
mod routes;
",
            ),
            (
                "api/mod.rs",
                "pub mod a;
pub mod b;
",
            ),
            (
                "api/a.rs",
                "use crate::routes::Q;
",
            ),
            (
                "api/b.rs",
                "\nuse crate::routes::Q;
",
            ),
            (
                "routes.rs",
                "pub struct Q;
",
            ),
        ]);
        let top = graph.top_level();
        assert_eq!(
            top.modules.iter().collect::<Vec<_>>(),
            ["api", "crate", "routes"]
        );
        assert_eq!(
            top.edges
                .get(&("api".to_owned(), "routes".to_owned()))
                .map(String::as_str),
            Some("src/api/a.rs:1, src/api/b.rs:2")
        );
        assert!(!top
            .edges
            .contains_key(&("api".to_owned(), "api".to_owned())));
    }
}
