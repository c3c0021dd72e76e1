//! The tree is the pipeline: no module imports from a module of a later stage (the leaf
//! helpers excepted, which import no stage), and no import cycle between modules. Read from
//! the sources' `crate::` and `super::` paths, tests left out (a test may build a whole book).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The stage of each top-level module, in the order of the pipeline (see `src/lib.rs` and the
/// README's architecture section). A module may import from its own stage or an earlier one.
const STAGES: [(&str, u8); 18] = [
    // Leaf helpers: every stage may use them; they use no stage.
    ("text", 0),
    ("diag", 0),
    ("error", 0),
    ("files", 0),
    ("interrupt", 0),
    ("output", 0),
    // The document model, and the words lcbook adds in the book's language.
    ("model", 1),
    ("locale", 1),
    ("config", 2),
    ("read", 3),
    ("order", 4),
    ("transform", 5),
    ("writer", 6),
    ("epub", 7),
    ("pdf", 7),
    // Beside the pipeline: they read what it makes, or make its inputs.
    ("fidelity", 8),
    ("import", 8),
    ("build", 9),
];

/// What the crate root re-exports, and the module each comes from.
const ROOT_ITEMS: [(&str, &str); 2] = [("Error", "error"), ("Loaded", "transform")];

/// Every `.rs` file of `src/` with its module path (`read::markdown`), `lib.rs`, `main.rs`
/// and `cli.rs` (the façade and the binary) left out.
fn modules() -> BTreeMap<String, PathBuf> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
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
            if ["lib.rs", "main.rs", "cli.rs"].contains(&rel.as_str()) {
                continue;
            }
            let name = rel
                .trim_end_matches(".rs")
                .trim_end_matches("/mod")
                .replace('/', "::");
            out.insert(name, path);
        }
    }
    out
}

/// The source of a file without its tests and comments.
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("the file reads");
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => &text[..i],
        None => &text,
    };
    text.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The modules `module`'s code names: `crate::a::b::c` as the longest known module path
/// (`a::b`), `super::x` from the module's parent, and the items of `use crate::{a, b::c}`.
fn imports(module: &str, code: &str, known: &BTreeMap<String, PathBuf>) -> BTreeSet<String> {
    let path =
        regex::Regex::new(r"\b(crate|super)((?:::[A-Za-z_][A-Za-z0-9_]*)+)").expect("the pattern");
    let braces = regex::Regex::new(r"\bcrate::\{([^}]*)\}").expect("the pattern");
    let mut named: Vec<String> = Vec::new();
    for cap in path.captures_iter(code) {
        let rest = cap[2].trim_start_matches("::").to_owned();
        let full = if &cap[1] == "super" {
            // `super::` of `a::b` (a file `a/b.rs`) is `a`; of a `mod.rs`, its parent.
            let parent = module.rsplit_once("::").map_or("", |(p, _)| p);
            let file = &known[module];
            let parent = if file.ends_with("mod.rs") {
                parent.rsplit_once("::").map_or("", |(p, _)| p)
            } else {
                parent
            };
            if parent.is_empty() {
                rest
            } else {
                format!("{parent}::{rest}")
            }
        } else {
            rest
        };
        named.push(full);
    }
    for cap in braces.captures_iter(code) {
        named.extend(cap[1].split(',').map(|s| s.trim().to_owned()));
    }
    let mut out = BTreeSet::new();
    for name in named {
        let segments: Vec<&str> = name.split("::").collect();
        let found = (1..=segments.len())
            .rev()
            .map(|n| segments[..n].join("::"))
            .find(|m| known.contains_key(m))
            .or_else(|| {
                ROOT_ITEMS
                    .iter()
                    .find(|(item, _)| *item == segments[0])
                    .map(|(_, m)| (*m).to_owned())
            });
        if let Some(m) = found.filter(|m| m != module) {
            out.insert(m);
        }
    }
    out
}

fn stage(module: &str) -> u8 {
    let top = module.split("::").next().unwrap_or(module);
    STAGES
        .iter()
        .find(|(m, _)| *m == top)
        .map(|(_, s)| *s)
        .unwrap_or_else(|| panic!("`{top}` has no stage in STAGES: give it one"))
}

/// Whether `a` is `b` or inside it, or `b` inside `a`: a module and its own submodules form
/// one package, whose `mod.rs` may re-export what its children define.
fn same_package(a: &str, b: &str) -> bool {
    a == b || a.starts_with(&format!("{b}::")) || b.starts_with(&format!("{a}::"))
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let known = modules();
    known
        .iter()
        .map(|(m, path)| (m.clone(), imports(m, &code(path), &known)))
        .collect()
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
fn no_import_cycle() {
    /// Depth-first from `node`; a module met again while still on `path` closes a cycle.
    fn visit<'a>(
        node: &'a str,
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
        cycles: &mut Vec<String>,
    ) {
        if let Some(from) = path.iter().position(|p| *p == node) {
            cycles.push(format!("{} → {node}", path[from..].join(" → ")));
            return;
        }
        if !done.insert(node) {
            return;
        }
        path.push(node);
        for next in &graph[node] {
            if !same_package(node, next) {
                visit(next, graph, path, done, cycles);
            }
        }
        path.pop();
    }
    let graph = graph();
    let mut cycles = Vec::new();
    let mut done = BTreeSet::new();
    for start in graph.keys() {
        visit(start, &graph, &mut Vec::new(), &mut done, &mut cycles);
    }
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}

#[test]
fn the_checker_sees_imports() {
    // The two tests above pass on an empty graph too: this one shows that they read the code.
    let graph = graph();
    let of = |m: &str| graph.get(m).cloned().unwrap_or_default();
    assert!(of("build").contains("read"), "{:?}", of("build"));
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
    assert!(of("transform").contains("model"), "{:?}", of("transform"));
    assert!(graph.len() > 30, "{} modules", graph.len());
}

#[test]
fn the_crate_root_is_a_facade() {
    let lib = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs");
    let lines = std::fs::read_to_string(lib)
        .expect("lib.rs reads")
        .lines()
        .count();
    assert!(
        lines < 200,
        "src/lib.rs has {lines} lines: it declares modules, nothing more"
    );
}
