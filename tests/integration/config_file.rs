//! The config file through the binary: flag > environment variable > file > default, and a bad
//! file stops the start with an error naming the key, never the value.

use std::path::Path;
use std::process::{Command, Output};

/// `dead-letters` with `env` set (and every other `WADISPATCH_` variable the test could inherit
/// removed): it names the event log it failed to open, which tells which data directory won.
fn dead_letters(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_wadispatch-gateway"));
    for (name, _) in std::env::vars() {
        if name.starts_with("WADISPATCH_") {
            command.env_remove(name);
        }
    }
    command
        .args(args)
        .envs(env.iter().copied())
        .env("RUST_LOG", "error")
        .output()
        .unwrap()
}

/// What the binary printed: its errors are log lines, on standard output.
fn printed(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn flag_beats_environment_beats_file_beats_default() {
    let dir = tempfile::tempdir().unwrap();
    // Directories that do not exist: the event log cannot open, and says where it looked.
    let missing = |name: &str| dir.path().join(name).join("x").display().to_string();
    let config = dir.path().join("gw.toml");
    std::fs::write(&config, format!("data-dir = {:?}\n", missing("from-file"))).unwrap();
    let config = config.to_str().unwrap();
    let used = |output: Output| {
        assert!(!output.status.success());
        let text = printed(&output);
        ["from-file", "from-env", "from-flag"]
            .into_iter()
            .find(|name| text.contains(name))
            .unwrap_or_else(|| panic!("no data directory named: {text}"))
    };
    assert_eq!(
        used(dead_letters(&["--config", config, "dead-letters"], &[])),
        "from-file"
    );
    assert_eq!(
        used(dead_letters(
            &["dead-letters"],
            &[("WADISPATCH_CONFIG", config)]
        )),
        "from-file",
        "WADISPATCH_CONFIG names the file too"
    );
    let env = missing("from-env");
    assert_eq!(
        used(dead_letters(
            &["dead-letters", "--config", config],
            &[("WADISPATCH_DATA_DIR", &env)]
        )),
        "from-env"
    );
    let flag = missing("from-flag");
    assert_eq!(
        used(dead_letters(
            &["dead-letters", "--config", config, "--data-dir", &flag],
            &[("WADISPATCH_DATA_DIR", &env)]
        )),
        "from-flag"
    );
}

#[test]
fn an_unknown_key_or_a_bad_value_stops_the_start_without_showing_the_value() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let run = |path: &Path| {
        printed(&dead_letters(
            &["--config", path.to_str().unwrap(), "sim"],
            &[],
        ))
    };

    let typo = run(&write("typo.toml", "grpc-adr = \"127.0.0.1:1\"\n"));
    assert!(typo.contains("unknown key `grpc-adr`"), "{typo}");

    let bad = run(&write(
        "bad.toml",
        "webhook-path-secret = \"s3cret/with/slashes\"\n",
    ));
    assert!(bad.contains("`webhook-path-secret`"), "{bad}");
    assert!(!bad.contains("s3cret"), "{bad}");

    let absent = run(&dir.path().join("absent.toml"));
    assert!(absent.contains("cannot open"), "{absent}");
}
