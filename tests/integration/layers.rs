//! The library's modules depend on each other in one direction: this reads every `crate::...`
//! path in `src/` (outside unit-test modules and comments) and fails on an import cycle between
//! top-level modules, or on an edge the architecture forbids:
//! - nothing depends on `config` (it builds every component's settings, so it depends on them);
//! - the platform side (`wire`, `upstream`) knows nothing of the gateway's side (proto types,
//!   conversions, RPCs, events);
//! - the simulator depends only on the platform side;
//! - the terminal client (`client`) is a caller like any other: it uses the proto types, the
//!   phone rules (`convert`, with `error`'s violations) and the JSON views (`view`), nothing of
//!   the server side; and only the demo (and `config`, which builds its settings) uses it;
//! - the JSON views depend only on the proto types, and only `server` serves the dashboard
//!   (`config` builds its settings).
//!
//! It also checks that clap appears only in the settings module and the binaries.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Modules of the gateway's side that the platform side and the simulator must not use.
const GATEWAY_SIDE: [&str; 6] = ["proto", "convert", "grpc", "events", "config", "server"];
/// What the terminal client may use.
const CLIENT_USES: [&str; 4] = ["proto", "convert", "error", "view"];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a source file without its unit-test module and its comments.
fn production_code(text: &str) -> String {
    let code = match text.find("#[cfg(test)]\nmod ") {
        Some(at) => &text[..at],
        None => text,
    };
    code.lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level modules each `crate::NAME` path names.
fn crate_paths(code: &str) -> BTreeSet<String> {
    code.match_indices("crate::")
        .map(|(at, _)| {
            code[at + "crate::".len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect::<String>()
        })
        .filter(|name| !name.is_empty())
        .collect()
}

/// Top-level module -> the top-level modules it uses, with a file of each edge for messages.
fn library_graph() -> BTreeMap<String, BTreeMap<String, String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut graph: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for file in files {
        let relative = file.strip_prefix(&src).unwrap();
        let first = relative.components().next().unwrap().as_os_str();
        let module = first.to_str().unwrap().trim_end_matches(".rs").to_owned();
        // The binaries reach the library as `wadispatch_gateway::`, never `crate::`.
        if ["lib", "main", "bin"].contains(&module.as_str()) {
            continue;
        }
        let code = production_code(&std::fs::read_to_string(&file).unwrap());
        let edges = graph.entry(module.clone()).or_default();
        for used in crate_paths(&code) {
            if used != module {
                edges
                    .entry(used)
                    .or_insert_with(|| relative.display().to_string());
            }
        }
    }
    graph
}

/// A cycle through `start`, if any: the path back to it.
fn cycle_through(
    graph: &BTreeMap<String, BTreeMap<String, String>>,
    start: &str,
) -> Option<Vec<String>> {
    let mut stack = vec![vec![start.to_owned()]];
    let mut seen = BTreeSet::new();
    while let Some(path) = stack.pop() {
        let last = path.last().unwrap();
        for next in graph.get(last).into_iter().flat_map(|edges| edges.keys()) {
            if next == start {
                let mut cycle = path.clone();
                cycle.push(next.clone());
                return Some(cycle);
            }
            if seen.insert(next.clone()) {
                let mut longer = path.clone();
                longer.push(next.clone());
                stack.push(longer);
            }
        }
    }
    None
}

#[test]
fn the_library_has_no_import_cycle() {
    let graph = library_graph();
    assert!(graph.contains_key("config") && graph.contains_key("sim"));
    assert!(graph.contains_key("client"));
    let cycles: Vec<String> = graph
        .keys()
        .filter_map(|module| cycle_through(&graph, module))
        .map(|cycle| cycle.join(" -> "))
        .collect();
    assert!(cycles.is_empty(), "import cycles: {cycles:#?}");
}

#[test]
fn dependencies_go_one_way() {
    let graph = library_graph();
    let mut forbidden = Vec::new();
    for (module, edges) in &graph {
        for (used, file) in edges {
            let wrong = match module.as_str() {
                _ if used == "config" => true,
                "wire" | "upstream" => GATEWAY_SIDE.contains(&used.as_str()),
                "sim" => !["wire", "upstream"].contains(&used.as_str()),
                "client" => !CLIENT_USES.contains(&used.as_str()),
                _ if used == "client" => !["demo", "config"].contains(&module.as_str()),
                "view" => used != "proto",
                _ if used == "dashboard" => !["server", "config"].contains(&module.as_str()),
                _ => false,
            };
            if wrong {
                forbidden.push(format!("{module} -> {used} (in src/{file})"));
            }
        }
    }
    assert!(forbidden.is_empty(), "forbidden edges: {forbidden:#?}");
}

#[test]
fn clap_is_only_in_the_settings_and_the_binaries() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let allowed = |relative: &Path| {
        relative.starts_with("config")
            || relative == Path::new("config.rs")
            || relative == Path::new("main.rs")
            || relative.starts_with("bin")
    };
    let users: Vec<String> = files
        .iter()
        .filter(|file| !allowed(file.strip_prefix(&src).unwrap()))
        .filter(|file| production_code(&std::fs::read_to_string(file).unwrap()).contains("clap"))
        .map(|file| file.display().to_string())
        .collect();
    assert!(users.is_empty(), "clap outside the settings: {users:#?}");
}

#[test]
fn the_reader_sees_edges_and_cycles() {
    // The checks above pass on the real tree; this shows they would see a violation.
    let code = production_code(
        "use crate::config::X;\n// crate::proto in a comment\nfn f() { crate::wire::g() }\n\
         #[cfg(test)]\nmod tests { use crate::grpc; }\n",
    );
    assert_eq!(
        crate_paths(&code),
        BTreeSet::from(["config".to_owned(), "wire".to_owned()])
    );
    let graph = BTreeMap::from([
        (
            "a".to_owned(),
            BTreeMap::from([("b".to_owned(), String::new())]),
        ),
        (
            "b".to_owned(),
            BTreeMap::from([("a".to_owned(), String::new())]),
        ),
    ]);
    assert_eq!(
        cycle_through(&graph, "a"),
        Some(vec!["a".to_owned(), "b".to_owned(), "a".to_owned()])
    );
}
