//! The shape of the code, kept by a test: no import cycle between any two modules, and
//! the layers that must not reach up (rules into history or rendering, the core into
//! the command layer) do not.
//!
//! It reads `src/` as text: every `crate::`, `super::` and `self::` path in a file is an
//! edge from the file's module to the longest module that path names. Two modules under
//! one parent form a cycle when each reaches into the other, through any of their
//! descendants. A child naming its own ancestor (as `super::Thing`) is not an edge of
//! that kind: a module may use what its parent declares.
//!
//! `BEARING_MODULE_GRAPH=1 cargo test --test architecture -- --nocapture` prints the
//! graph between the top-level modules.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module path such as `["history", "walk"]`; the crate root is `[]`.
type Module = Vec<String>;

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module a file defines: `src/history/walk.rs` and `src/history/walk/mod.rs` are
/// `history::walk`; `lib.rs` and `main.rs` are the root.
fn module_of(path: &Path) -> Module {
    let rel = path.strip_prefix(src()).expect("under src");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let file = parts.pop().expect("a file name");
    let stem = file.trim_end_matches(".rs");
    if !matches!(stem, "mod" | "lib" | "main") {
        parts.push(stem.to_owned());
    }
    parts
}

/// Strips comments and the contents of string and char literals, so a path in a doc
/// comment or a message is not an import.
fn code_only(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        let rest = &text[i..];
        if rest.starts_with("//") {
            let end = rest.find('\n').map_or(text.len(), |n| i + n);
            i = end;
        } else if rest.starts_with("/*") {
            let end = rest.find("*/").map_or(text.len(), |n| i + n + 2);
            i = end;
        } else if rest.starts_with("r#\"") || rest.starts_with("r\"") {
            let hashes = rest[1..].chars().take_while(|c| *c == '#').count();
            let close = format!("\"{}", "#".repeat(hashes));
            let body = 2 + hashes;
            let end = rest[body..]
                .find(&close)
                .map_or(text.len(), |n| i + body + n + close.len());
            out.push_str("\"\"");
            i = end;
        } else if bytes[i] == b'"' {
            let mut j = i + 1;
            while j < bytes.len() && bytes[j] != b'"' {
                j += if bytes[j] == b'\\' { 2 } else { 1 };
            }
            out.push_str("\"\"");
            i = j + 1;
        } else if bytes[i] == b'\'' && (rest.get(2..3) == Some("'") || rest.get(1..2) == Some("\\"))
        {
            // A char literal ('x' or '\n'); a lifetime ('a) has no closing quote here.
            let close = rest[2..].find('\'').map_or(text.len(), |n| i + 2 + n + 1);
            out.push_str("' '");
            i = close;
        } else {
            let c = rest.chars().next().expect("not at the end");
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// Paths a use tree names: `a::{b, c::{d, e}}` gives `a::b`, `a::c::d`, `a::c::e`.
fn expand_use(tree: &str) -> Vec<String> {
    let tree = tree.trim();
    let Some(open) = tree.find('{') else {
        let name = tree.split_whitespace().next().unwrap_or(tree);
        return vec![name.trim_end_matches("::").to_owned()];
    };
    let prefix: String = tree[..open]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let mut parts = Vec::new();
    let mut depth = 0;
    let mut start = 0;
    for (k, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..k]);
                start = k + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .flat_map(|p| {
            let prefix = prefix.clone();
            expand_use(p).into_iter().map(move |s| {
                if s == "self" {
                    prefix.trim_end_matches("::").to_owned()
                } else {
                    format!("{prefix}{s}")
                }
            })
        })
        .collect()
}

/// Every path that starts with `crate`, `super` or `self` in the code of a file.
fn paths_in(code: &str) -> Vec<String> {
    let mut paths = Vec::new();
    // `use` items first: their trees may hold braces.
    let mut rest = code;
    while let Some(at) = rest.find("use ") {
        let before = rest[..at].chars().last();
        let after = &rest[at + 4..];
        rest = after;
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let Some(end) = after.find(';') else { break };
        let tree = &after[..end];
        let head = tree.trim_start();
        if head.starts_with("crate::") || head.starts_with("super::") || head.starts_with("self::")
        {
            paths.extend(expand_use(head));
        }
    }
    // Then paths written inline: `crate::a::b(...)`, `super::c::D`.
    for root in ["crate::", "super::", "self::"] {
        let mut from = 0;
        while let Some(at) = code[from..].find(root) {
            let start = from + at;
            from = start + root.len();
            let before = code[..start].chars().last();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let path: String = code[start..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            paths.push(path.trim_end_matches(':').to_owned());
        }
    }
    paths
}

/// Resolves a path written in `module` to an absolute module path (not yet trimmed to
/// a module that exists).
fn resolve(module: &Module, path: &str) -> Module {
    let mut segments = path.split("::").filter(|s| !s.is_empty()).peekable();
    let mut base: Module = match segments.peek().copied() {
        Some("crate") => {
            segments.next();
            Vec::new()
        }
        Some("self") => {
            segments.next();
            module.clone()
        }
        _ => module.clone(),
    };
    while segments.peek() == Some(&"super") {
        segments.next();
        base.pop();
    }
    base.extend(segments.map(str::to_owned));
    base
}

/// The module graph: for every module, the modules it names.
fn graph() -> BTreeMap<Module, BTreeSet<Module>> {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let modules: BTreeSet<Module> = files.iter().map(|f| module_of(f)).collect();
    // Modules declared inline (`mod x { ... }` in lib.rs) have files of their own too.
    let mut edges: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    for file in &files {
        if file.ends_with("main.rs") {
            continue; // the binary: it may name anything in the library
        }
        let module = module_of(file);
        let text = std::fs::read_to_string(file).expect("read source");
        let code = code_only(&text);
        let out = edges.entry(module.clone()).or_default();
        for path in paths_in(&code) {
            let mut target = resolve(&module, &path);
            while !target.is_empty() && !modules.contains(&target) {
                target.pop();
            }
            if target != module {
                out.insert(target);
            }
        }
    }
    edges
}

/// The child of `parent` that `module` lies in, if it lies under `parent` at all.
fn child_of(parent: &[String], module: &[String]) -> Option<String> {
    (module.len() > parent.len() && module.starts_with(parent))
        .then(|| module[parent.len()].clone())
}

/// Edges between the children of each module: `a → b` when something under `a` names
/// something under `b`.
fn sibling_edges(
    graph: &BTreeMap<Module, BTreeSet<Module>>,
) -> BTreeMap<Module, BTreeMap<String, BTreeSet<String>>> {
    let mut levels: BTreeMap<Module, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for (from, targets) in graph {
        for to in targets {
            // Their deepest common ancestor: the level at which they are siblings.
            let common = from.iter().zip(to).take_while(|(a, b)| a == b).count();
            let parent = &from[..common];
            if let (Some(a), Some(b)) = (child_of(parent, from), child_of(parent, to)) {
                levels
                    .entry(parent.to_vec())
                    .or_default()
                    .entry(a)
                    .or_default()
                    .insert(b);
            }
        }
    }
    levels
}

/// The cycles of a directed graph, one per strongly connected component of two or more.
fn cycles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    let nodes: BTreeSet<&String> = edges.keys().chain(edges.values().flatten()).collect();
    let reaches = |from: &String| -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.clone()];
        while let Some(n) = stack.pop() {
            for next in edges.get(&n).into_iter().flatten() {
                if seen.insert(next.clone()) {
                    stack.push(next.clone());
                }
            }
        }
        seen
    };
    let reach: BTreeMap<&String, BTreeSet<String>> =
        nodes.iter().map(|n| (*n, reaches(n))).collect();
    let mut found: BTreeSet<Vec<String>> = BTreeSet::new();
    for n in &nodes {
        let component: Vec<String> = nodes
            .iter()
            .filter(|m| reach[*n].contains(**m) && reach[*m].contains(*n))
            .map(|m| (*m).clone())
            .collect();
        if component.len() > 1 {
            found.insert(component);
        }
    }
    found.into_iter().collect()
}

fn name(module: &[String]) -> String {
    if module.is_empty() {
        "crate".to_owned()
    } else {
        module.join("::")
    }
}

#[test]
#[allow(clippy::print_stdout)] // the graph, printed only when asked for (module docs)
fn no_import_cycle_between_modules() {
    let graph = graph();
    let levels = sibling_edges(&graph);
    if std::env::var_os("BEARING_MODULE_GRAPH").is_some() {
        for (child, targets) in levels.get(&Vec::new()).into_iter().flatten() {
            let list: Vec<&str> = targets.iter().map(String::as_str).collect();
            println!("{child} -> {}", list.join(", "));
        }
    }
    let mut problems = Vec::new();
    for (parent, edges) in &levels {
        for cycle in cycles(edges) {
            problems.push(format!("under `{}`: {}", name(parent), cycle.join(" <-> ")));
        }
    }
    assert!(
        problems.is_empty(),
        "import cycles:\n{}",
        problems.join("\n")
    );
}

/// The layers: a rule knows the plan and its measures, never git history or rendering;
/// nothing in the library but the command layer knows the command layer.
#[test]
fn layers_do_not_reach_up() {
    let graph = graph();
    let forbidden: &[(&str, &[&str])] = &[
        (
            "rules",
            &["history", "render", "report", "cli", "workspace"],
        ),
        (
            "model",
            &[
                "history",
                "render",
                "report",
                "cli",
                "workspace",
                "rules",
                "load",
            ],
        ),
        (
            "measure",
            &["history", "render", "report", "cli", "workspace", "rules"],
        ),
        (
            "change",
            &["history", "render", "report", "cli", "workspace"],
        ),
        (
            "vocab",
            &[
                "model", "rules", "load", "finding", "history", "render", "report", "cli",
            ],
        ),
        (
            "finding",
            &[
                "rules", "load", "config", "history", "render", "report", "cli",
            ],
        ),
        ("load", &["rules", "history", "render", "report", "cli"]),
        ("config", &["rules", "history", "render", "report", "cli"]),
    ];
    let mut problems = Vec::new();
    for (from, targets) in &graph {
        let Some(top) = from.first() else { continue };
        for (layer, banned) in forbidden {
            if top != layer {
                continue;
            }
            for to in targets {
                if to.first().is_some_and(|t| banned.contains(&t.as_str())) {
                    problems.push(format!("`{}` uses `{}`", name(from), name(to)));
                }
            }
        }
        if top != "cli" {
            for to in targets {
                if to.first().is_some_and(|t| t == "cli") {
                    problems.push(format!(
                        "`{}` uses the command layer `{}`",
                        name(from),
                        name(to)
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "layering:\n{}", problems.join("\n"));
}

#[test]
fn the_reader_finds_edges_and_cycles() {
    let module = vec!["history".to_owned(), "walk".to_owned()];
    assert_eq!(
        resolve(&module, "super::tree::Tree"),
        ["history", "tree", "Tree"]
    );
    assert_eq!(resolve(&module, "crate::model::Plan"), ["model", "Plan"]);
    assert_eq!(
        expand_use("crate::a::{b, c::{d, e as f}, self}"),
        [
            "crate::a::b",
            "crate::a::c::d",
            "crate::a::c::e",
            "crate::a"
        ]
    );
    let code = code_only("// crate::x::y\nlet s = \"crate::z\"; use crate::w::V;");
    assert_eq!(paths_in(&code), ["crate::w::V", "crate::w::V"]);
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    edges.entry("a".into()).or_default().insert("b".into());
    edges.entry("b".into()).or_default().insert("a".into());
    edges.entry("b".into()).or_default().insert("c".into());
    assert_eq!(cycles(&edges), [vec!["a".to_owned(), "b".to_owned()]]);
}
