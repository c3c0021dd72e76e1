//! The tree is the pipeline: no module imports from a module of a later stage, and no import
//! cycle, between files or between top-level modules. Read from the sources' `use` trees and
//! `crate::`, `super::` and `self::` paths, with comments, strings and test modules left out
//! (a test may build a whole book).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The stage of each module, by the longest prefix of its path, in the order of the pipeline:
/// the table of the README's "Architecture" section. A module may import from its own stage
/// or an earlier one.
const STAGES: [(&str, u8); 24] = [
    // Leaves: every stage may use them; they use only leaves.
    ("text", 0),
    ("diag", 0),
    ("error", 0),
    ("files", 0),
    ("interrupt", 0),
    ("output", 0),
    ("model", 0),
    ("locale", 0),
    ("config", 1),
    ("read", 2),
    ("read::article", 2),
    ("order", 3),
    ("read::markdown", 4),
    ("read::html", 4),
    ("transform", 5),
    ("writer", 6),
    ("epub", 6),
    ("pdf", 6),
    // Beside the pipeline: they read what it makes, or make its inputs.
    ("fidelity", 7),
    ("import", 7),
    ("init", 7),
    ("build", 8),
    // The façade and the binary, which may use everything.
    ("lib", 9),
    ("main", 9),
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file of `src/` with its module path (`read::markdown`; `lib` for `lib.rs`,
/// `main` for the binary and `main::cli` for its command line).
fn modules() -> BTreeMap<String, PathBuf> {
    let src = src();
    let mut out = BTreeMap::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("src/ reads") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let rel = path.strip_prefix(&src).expect("inside src/");
            let rel = rel.to_string_lossy().replace('\\', "/");
            let name = match rel.as_str() {
                "cli.rs" => "main::cli".to_owned(),
                r => r
                    .trim_end_matches(".rs")
                    .trim_end_matches("/mod")
                    .replace('/', "::"),
            };
            out.insert(name, path);
        }
    }
    out
}

/// The code of `text` with its comments, string and character literals blanked (their
/// length kept), so that only Rust paths are read.
fn code_only(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
            continue;
        }
        if c == '/' && next == Some('*') {
            i += 2;
            while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                i += 1;
            }
            i += 2;
            out.push(' ');
            continue;
        }
        if c == 'r' && (next == Some('"') || next == Some('#')) {
            // A raw string: r"…", r#"…"#.
            let mut j = i + 1;
            let mut hashes = 0;
            while chars.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if chars.get(j) == Some(&'"') {
                j += 1;
                loop {
                    match chars.get(j) {
                        None => break,
                        Some('"') if (1..=hashes).all(|h| chars.get(j + h) == Some(&'#')) => {
                            j += 1 + hashes;
                            break;
                        }
                        _ => j += 1,
                    }
                }
                out.push_str("\"\"");
                i = j;
                continue;
            }
        }
        if c == '"' {
            let mut j = i + 1;
            while j < chars.len() && chars[j] != '"' {
                j += if chars[j] == '\\' { 2 } else { 1 };
            }
            out.push_str("\"\"");
            i = j + 1;
            continue;
        }
        if c == '\'' {
            // A character literal ('x', '\n', '\u{a0}'), not a lifetime ('a).
            let end = if next == Some('\\') {
                (i + 2..chars.len()).find(|&j| chars[j] == '\'')
            } else if chars.get(i + 2) == Some(&'\'') {
                Some(i + 2)
            } else {
                None
            };
            if let Some(end) = end {
                out.push_str("' '");
                i = end + 1;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

/// `code` without its `#[cfg(test)]` items (a `mod tests { … }`, a test helper).
fn without_tests(code: &str) -> String {
    let mut out = String::new();
    let mut rest = code;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        // The item ends at its first `;` before any `{`, or at the `}` closing its body.
        let open = after.find('{');
        let semi = after.find(';');
        let end = match (open, semi) {
            (Some(o), Some(s)) if s < o => s + 1,
            (Some(o), _) => {
                let mut depth = 0usize;
                let mut end = after.len();
                for (k, ch) in after[o..].char_indices() {
                    match ch {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                end = o + k + 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                end
            }
            (None, Some(s)) => s + 1,
            (None, None) => after.len(),
        };
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// The paths a `use` tree names, each with the name it takes in the module:
/// `a::{b, c::{d, e as f}, self}` → `a::b` (`b`), `a::c::d` (`d`), `a::c::e` (`f`), `a` (`a`).
fn use_paths(tree: &str) -> Vec<(String, String)> {
    fn split_top(list: &str) -> Vec<&str> {
        let (mut depth, mut start, mut parts) = (0usize, 0, Vec::new());
        for (k, ch) in list.char_indices() {
            match ch {
                '{' => depth += 1,
                '}' => depth = depth.saturating_sub(1),
                ',' if depth == 0 => {
                    parts.push(&list[start..k]);
                    start = k + 1;
                }
                _ => {}
            }
        }
        parts.push(&list[start..]);
        parts
    }
    let tree: String = tree.split_whitespace().collect::<Vec<_>>().join(" ");
    let tree = tree.trim();
    let mut out = Vec::new();
    match tree.find('{') {
        Some(open) => {
            let prefix = tree[..open].trim().trim_end_matches("::");
            let inner = tree[open + 1..].trim().trim_end_matches('}');
            for part in split_top(inner) {
                let part = part.trim();
                if part.is_empty() {
                    continue;
                }
                for (p, name) in use_paths(part) {
                    let name = if p == "self" {
                        prefix.rsplit("::").next().unwrap_or(prefix).to_owned()
                    } else {
                        name
                    };
                    out.push(match (prefix.is_empty(), p.as_str()) {
                        (true, _) => (p, name),
                        (false, "self") => (prefix.to_owned(), name),
                        (false, _) => (format!("{prefix}::{p}"), name),
                    });
                }
            }
        }
        None => {
            let mut parts = tree.split(" as ");
            let path = parts.next().unwrap_or(tree).trim().trim_end_matches("::*");
            let name = parts
                .next()
                .map(str::trim)
                .unwrap_or_else(|| path.rsplit("::").next().unwrap_or(path));
            out.push((path.to_owned(), name.to_owned()));
        }
    }
    out
}

/// What the crate root re-exports (`pub use build::{load, …}`), and the module each comes
/// from.
fn root_items(known: &BTreeMap<String, PathBuf>) -> BTreeMap<String, String> {
    let lib = code_only(&std::fs::read_to_string(src().join("lib.rs")).expect("lib.rs reads"));
    let mut out = BTreeMap::new();
    for stmt in lib.split(';') {
        let Some(tree) = stmt.trim().strip_prefix("pub use ") else {
            continue;
        };
        for (path, item) in use_paths(tree) {
            if let Some(m) = longest_module(&path, known) {
                out.insert(item, m);
            }
        }
    }
    out
}

/// The longest module path `path` starts with.
fn longest_module(path: &str, known: &BTreeMap<String, PathBuf>) -> Option<String> {
    let segments: Vec<&str> = path.split("::").collect();
    (1..=segments.len())
        .rev()
        .map(|n| segments[..n].join("::"))
        .find(|m| known.contains_key(m))
}

/// `path` (as written in `module`) from the crate's root: `crate::a` → `a`, `super::b` → the
/// parent's `b`, `self::c` → the module's `c` (a `mod.rs`'s module is its folder's, so `super`
/// climbs the same way from either); `None` for a path into another crate.
fn absolute(module: &str, path: &str) -> Option<String> {
    let mut segments: Vec<&str> = path.split("::").map(str::trim).collect();
    // Where `self` is: the module itself; `super` climbs from there.
    let mut base: Vec<&str> = if module == "lib" || module == "main" {
        Vec::new()
    } else {
        module.split("::").collect()
    };
    if module == "main::cli" {
        base = vec!["main", "cli"];
    }
    match segments.first().copied() {
        // The binary names the library by its name.
        Some("crate") | Some("lcbook") if segments[0] == "crate" || module.starts_with("main") => {
            segments.remove(0);
            Some(segments.join("::"))
        }
        Some("self") | Some("super") => {
            while let Some(first) = segments.first().copied() {
                match first {
                    "self" => {
                        segments.remove(0);
                    }
                    "super" => {
                        segments.remove(0);
                        base.pop();
                    }
                    _ => break,
                }
            }
            base.extend(segments);
            Some(base.join("::"))
        }
        _ => None,
    }
}

/// The modules `module` names, by its `use` trees and its `crate::`, `super::` and `self::`
/// paths.
fn imports(
    module: &str,
    path: &Path,
    known: &BTreeMap<String, PathBuf>,
    root: &BTreeMap<String, String>,
) -> BTreeSet<String> {
    let text = std::fs::read_to_string(path).expect("the file reads");
    let code = without_tests(&code_only(&text));
    let mut named: Vec<String> = Vec::new();
    // What each name a `use` brings in stands for: `read` for `use crate::{read, …}`, so
    // that `read::markdown::read(…)` later is read as `read::markdown`.
    let mut aliases: BTreeMap<String, String> = BTreeMap::new();
    let use_stmt = regex::Regex::new(r"(?s)\buse\s+([^;]*);").expect("the pattern");
    for cap in use_stmt.captures_iter(&code) {
        for (p, name) in use_paths(&cap[1]) {
            if let Some(abs) = absolute(module, &p) {
                aliases.insert(name, abs.clone());
                named.push(abs);
            }
        }
    }
    let relative = regex::Regex::new(r"\b([a-z_][a-z0-9_]*)((?:::[A-Za-z_][A-Za-z0-9_]*)+)")
        .expect("the pattern");
    for cap in relative.captures_iter(&code) {
        if let Some(base) = aliases.get(&cap[1]) {
            named.push(format!("{base}{}", &cap[2]));
        }
    }
    let inline =
        regex::Regex::new(r"\b(crate|super|self|lcbook)((?:\s*::\s*[A-Za-z_][A-Za-z0-9_]*)+)")
            .expect("the pattern");
    for cap in inline.captures_iter(&code) {
        named.extend(absolute(module, &format!("{}{}", &cap[1], &cap[2])));
    }
    let mut out = BTreeSet::new();
    for name in named {
        let found = longest_module(&name, known).or_else(|| {
            let first = name.split("::").next().unwrap_or(&name);
            root.get(first).cloned()
        });
        if let Some(m) = found.filter(|m| m != module) {
            out.insert(m);
        }
    }
    out
}

fn stage(module: &str) -> u8 {
    STAGES
        .iter()
        .filter(|(m, _)| module == *m || module.starts_with(&format!("{m}::")))
        .max_by_key(|(m, _)| m.len())
        .map(|(_, s)| *s)
        .unwrap_or_else(|| panic!("`{module}` has no stage in STAGES: give it one"))
}

/// Whether `a` is `b` or inside it, or `b` inside `a`: a module's `mod.rs` may re-export what
/// its own children define.
fn same_package(a: &str, b: &str) -> bool {
    a == b || a.starts_with(&format!("{b}::")) || b.starts_with(&format!("{a}::"))
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let known = modules();
    let root = root_items(&known);
    known
        .iter()
        .map(|(m, path)| (m.clone(), imports(m, path, &known, &root)))
        .collect()
}

/// The import cycles of `graph`, each written `a → b → a`.
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    /// Depth-first from `node`; a module met again while still on `path` closes a cycle.
    fn visit<'a>(
        node: &'a str,
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
        found: &mut Vec<String>,
    ) {
        if let Some(from) = path.iter().position(|p| *p == node) {
            found.push(format!("{} → {node}", path[from..].join(" → ")));
            return;
        }
        if !done.insert(node) {
            return;
        }
        path.push(node);
        for next in graph.get(node).into_iter().flatten() {
            visit(next, graph, path, done, found);
        }
        path.pop();
    }
    let mut found = Vec::new();
    let mut done = BTreeSet::new();
    for start in graph.keys() {
        visit(start, graph, &mut Vec::new(), &mut done, &mut found);
    }
    found
}

#[test]
fn no_module_imports_from_a_later_stage() {
    let mut wrong = Vec::new();
    for (module, imported) in graph() {
        for i in imported {
            if stage(&i) > stage(&module) {
                wrong.push(format!(
                    "{module} (stage {}) imports {i} (stage {})",
                    stage(&module),
                    stage(&i)
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn no_import_cycle_between_files() {
    // A module's `mod.rs` and its children are one package here: it may re-export theirs.
    let graph: BTreeMap<String, BTreeSet<String>> = graph()
        .into_iter()
        .map(|(m, imported)| {
            let imported = imported
                .into_iter()
                .filter(|i| !same_package(&m, i))
                .collect();
            (m, imported)
        })
        .collect();
    let found = cycles(&graph);
    assert!(found.is_empty(), "import cycles:\n{}", found.join("\n"));
}

#[test]
fn no_import_cycle_between_top_level_modules() {
    let top = |m: &str| m.split("::").next().unwrap_or(m).to_owned();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (m, imported) in self::graph() {
        let entry = graph.entry(top(&m)).or_default();
        entry.extend(imported.iter().map(|i| top(i)).filter(|i| *i != top(&m)));
    }
    // The façade and the binary use everything and nothing uses them.
    graph.remove("lib");
    graph.remove("main");
    let found = cycles(&graph);
    assert!(found.is_empty(), "import cycles:\n{}", found.join("\n"));
}

#[test]
fn the_checker_reads_every_kind_of_path() {
    // The tests above pass on an empty graph too: these show that the code is read.
    let pair = |p: &str, n: &str| (p.to_owned(), n.to_owned());
    assert_eq!(
        use_paths("a::{b, c::{d, e as f}, self, g::*}"),
        [
            pair("a::b", "b"),
            pair("a::c::d", "d"),
            pair("a::c::e", "f"),
            pair("a", "a"),
            pair("a::g", "g")
        ]
    );
    assert_eq!(
        absolute("pdf::booklet", "super::super::text::slug").as_deref(),
        Some("text::slug")
    );
    assert_eq!(
        code_only("let s = \"crate::x\"; // crate::y\nlet c = '\"'; crate::z"),
        "let s = \"\"; \nlet c = ' '; crate::z"
    );
    assert_eq!(
        without_tests("a\n#[cfg(test)]\nmod tests { fn f() { g() } }\nb"),
        "a\n\nb"
    );
    let graph = graph();
    let of = |m: &str| graph.get(m).cloned().unwrap_or_default();
    assert!(of("build").contains("read::markdown"), "{:?}", of("build"));
    assert!(
        of("read::markdown").contains("read::html"),
        "{:?}",
        of("read::markdown")
    );
    assert!(
        of("pdf::booklet").contains("pdf::runner"),
        "{:?}",
        of("pdf::booklet")
    );
    assert!(
        of("transform::links").contains("config"),
        "{:?}",
        of("transform::links")
    );
    assert!(
        of("import::run").contains("config"),
        "{:?}",
        of("import::run")
    );
    assert!(of("main").contains("build"), "{:?}", of("main"));
    assert!(graph.len() > 40, "{} modules", graph.len());
}

#[test]
fn the_crate_root_is_a_facade() {
    let lines = std::fs::read_to_string(src().join("lib.rs"))
        .expect("lib.rs reads")
        .lines()
        .count();
    assert!(
        lines < 200,
        "src/lib.rs has {lines} lines: it declares modules, nothing more"
    );
}
