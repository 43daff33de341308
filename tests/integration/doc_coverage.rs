//! The golden tests cover the documents: every request and response example in
//! tests/fixtures/platform is used by an RPC test, and every platform route is called by one.

use std::collections::BTreeSet;

use wadispatch_gateway::upstream::routes;

fn fixtures_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/platform")
}

/// Source of every RPC test file: each `*_api.rs` under tests/, whichever test binary holds it.
fn rpc_test_sources() -> String {
    let mut text = String::new();
    let mut dirs = vec![std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path
                .file_name()
                .unwrap()
                .to_string_lossy()
                .ends_with("_api.rs")
            {
                text.push_str(&std::fs::read_to_string(path).unwrap());
            }
        }
    }
    text
}

#[test]
fn every_endpoint_example_is_used_by_an_rpc_test() {
    let sources = rpc_test_sources();
    let unused: BTreeSet<String> = std::fs::read_dir(fixtures_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        // Webhook examples belong to the event streams, not to the unary RPCs.
        .filter(|name| {
            !name.starts_with("wh-") && (name.ends_with(".json") || name.ends_with(".query"))
        })
        .filter(|name| !sources.contains(&format!("\"{name}\"")))
        .collect();
    assert!(
        unused.is_empty(),
        "documented examples no RPC test reproduces: {unused:#?}"
    );
}

#[test]
fn every_route_is_called_by_an_rpc_test_and_routes_are_unique() {
    let sources = rpc_test_sources();
    let paths: BTreeSet<&str> = routes::ALL.iter().map(|r| r.path).collect();
    assert_eq!(paths.len(), 39, "39 distinct platform endpoints");
    let route_source = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/upstream/routes.rs"),
    )
    .unwrap();
    for route in routes::ALL {
        // The route's constant name, e.g. CREATE_SINGLE_TARGET_TASK, as the tests refer to it.
        let name = route_source
            .split("pub const ")
            .skip(1)
            .find(|decl| decl.contains(&format!("\"{}\"", route.path)))
            .and_then(|decl| decl.split(':').next())
            .unwrap();
        assert!(
            sources.contains(&format!("routes::{name}")),
            "no RPC test calls {} ({name})",
            route.path
        );
        assert!(
            route.path.starts_with("/group-dispatch-api/")
                || route.path.starts_with("/wscrm-bus-api/")
        );
        if route.method == wadispatch_gateway::upstream::Method::Get {
            assert!(
                route.read_only,
                "a GET changes nothing and may be retried: {}",
                route.path
            );
        }
    }
}
