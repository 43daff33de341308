//! The metric names operators are given match what the gateway exports: every series the
//! Grafana dashboard queries exists, the dashboard shows every family, and the README's
//! "Operating the gateway" section lists every family.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

/// A family as an operator queries it: `name` for gauges, `name_total` for counters, `name`
/// (with `_bucket`, `_sum`, `_count` samples) for histograms.
#[derive(Debug)]
struct Family {
    queried_as: String,
    samples: Vec<String>,
}

/// Every family the registry exports (the text format omits a labelled family until it has a
/// sample, so the registry's own list is read).
fn exported() -> Vec<Family> {
    let families: Vec<Family> = wadispatch_gateway::observe::metrics::families()
        .iter()
        .map(|family| {
            let name = &family.name;
            let samples = match family.kind {
                "counter" => vec![format!("{name}_total")],
                "histogram" => ["_bucket", "_sum", "_count"]
                    .iter()
                    .map(|suffix| format!("{name}{suffix}"))
                    .collect(),
                "gauge" => vec![name.clone()],
                other => panic!("{name}: unexpected type {other}"),
            };
            let queried_as = if family.kind == "counter" {
                format!("{name}_total")
            } else {
                name.clone()
            };
            Family {
                queried_as,
                samples,
            }
        })
        .collect();
    // And the text format agrees on the names of those that have samples.
    let text = wadispatch_gateway::observe::metrics::encode_text();
    for line in text.lines().filter_map(|line| line.strip_prefix("# TYPE ")) {
        let name = line.split(' ').next().unwrap();
        assert!(
            families.iter().any(|f| f.samples[0].starts_with(name)),
            "{name} is exported but not described"
        );
    }
    assert!(families.len() > 30, "{families:?}");
    families
}

/// The metric names in a PromQL expression: ours all start with one of these prefixes.
fn names_in(expr: &str) -> Vec<String> {
    let mut names = Vec::new();
    for prefix in ["wadispatch_", "grpc_server_"] {
        for (at, _) in expr.match_indices(prefix) {
            let before = expr[..at].chars().next_back();
            if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
                continue;
            }
            let name: String = expr[at..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            names.push(name);
        }
    }
    names
}

fn exprs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                match inner {
                    Value::String(expr) if key == "expr" => out.push(expr.clone()),
                    _ => exprs(inner, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| exprs(item, out)),
        _ => {}
    }
}

#[test]
fn the_dashboard_queries_only_exported_series_and_shows_every_family() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy/grafana/wadispatch-gateway.json");
    let dashboard: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap())
        .expect("the dashboard is valid JSON");
    let mut queries = Vec::new();
    exprs(&dashboard, &mut queries);
    assert!(queries.len() > 20, "{queries:?}");
    let families = exported();
    let samples: BTreeSet<&str> = families
        .iter()
        .flat_map(|f| f.samples.iter().map(String::as_str))
        .collect();
    let mut used = BTreeSet::new();
    for query in &queries {
        let names = names_in(query);
        assert!(!names.is_empty(), "a query of none of ours: {query}");
        for name in names {
            assert!(
                samples.contains(name.as_str()),
                "the dashboard queries {name}, which the gateway does not export: {query}"
            );
            used.insert(name);
        }
    }
    for family in &families {
        assert!(
            family.samples.iter().any(|s| used.contains(s)),
            "no dashboard panel shows {}",
            family.queried_as
        );
    }
}

#[test]
fn the_readme_lists_every_metric() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let section = readme
        .split("\n## Operating the gateway\n")
        .nth(1)
        .expect("README has an \"Operating the gateway\" section");
    let section = section.split("\n## ").next().unwrap();
    for family in exported() {
        assert!(
            section.contains(&format!("`{}`", family.queried_as)),
            "README's \"Operating the gateway\" does not list `{}`",
            family.queried_as
        );
    }
}
