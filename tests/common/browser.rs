//! A real browser for the dashboard's tests: Debian's Chromium driven by Playwright from the
//! Node script in `tests/browser/`.
//!
//! Chromium is `$WADISPATCH_CHROMIUM`, or `/usr/bin/chromium` (`.ci/tools.sh` installs Debian's
//! `chromium` and `chromium-driver`), or, on a fresh machine, those packages installed with
//! apt-get on first use. Playwright is the `playwright-core` that `tests/browser/package-lock.json`
//! pins, installed with `npm ci` into `tests/browser/node_modules` when it is not there. Both
//! install under a lock in `.tools/`, so test binaries running at once install them once, and
//! `cargo test` works on a fresh machine that reaches Debian's packages and the npm registry.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

/// Names a Chromium binary to use instead of Debian's.
pub(crate) const CHROMIUM_ENV: &str = "WADISPATCH_CHROMIUM";
/// Where Debian's package puts it.
const DEBIAN_CHROMIUM: &str = "/usr/bin/chromium";

/// The browser tests' directory: the Node script, its package.json and lock file.
pub(crate) fn script_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser")
}

/// Where the tests save their screenshots: `target/screenshots/`, kept by CI as artifacts (the
/// target directory is the one this test binary was built into, wherever CARGO_TARGET_DIR put it).
pub(crate) fn screenshot_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    // target/<profile>/deps/<test binary>
    let target = exe
        .ancestors()
        .nth(3)
        .expect("the test binary lives in target/<profile>/deps");
    target.join("screenshots")
}

/// The Chromium binary: see the module's documentation.
pub(crate) fn chromium_bin() -> PathBuf {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        super::debian_binary(
            CHROMIUM_ENV,
            DEBIAN_CHROMIUM,
            &["chromium", "chromium-driver"],
            "the dashboard's browser tests drive Chromium",
        )
    })
    .clone()
}

/// The version of playwright-core the lock file pins.
fn locked_playwright() -> String {
    let path = script_dir().join("package-lock.json");
    let lock: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display())),
    )
    .unwrap();
    lock["packages"]["node_modules/playwright-core"]["version"]
        .as_str()
        .expect("the lock file pins playwright-core")
        .to_owned()
}

/// The version of playwright-core in node_modules, if any.
fn installed_playwright() -> Option<String> {
    let path = script_dir().join("node_modules/playwright-core/package.json");
    let package: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()?;
    package["version"].as_str().map(str::to_owned)
}

/// Makes sure `tests/browser/node_modules` holds the locked playwright-core (`npm ci`).
pub(crate) fn install_playwright() {
    static DONE: OnceLock<()> = OnceLock::new();
    DONE.get_or_init(|| {
        let locked = locked_playwright();
        let current = || installed_playwright().as_deref() == Some(locked.as_str());
        if current() {
            return;
        }
        super::install_once("browser-npm", current, || {
            eprintln!("installing playwright-core {locked} with npm ci in tests/browser");
            let done = Command::new("npm")
                .args(["ci", "--no-audit", "--no-fund"])
                .current_dir(script_dir())
                .stdin(Stdio::null())
                .status()
                .is_ok_and(|status| status.success());
            assert!(
                done && current(),
                "the dashboard's browser tests need Node.js and npm: `npm ci` in tests/browser \
                 did not install playwright-core {locked}"
            );
        });
    });
}
