//! What `serve` accepts, read from its `--help`: a check sets a limit (a timeout, a cap) only
//! when the binary has a setting for it, so the same script runs against gateways with and
//! without those settings, and says which it found.

use std::path::Path;
use std::process::Command;

/// One `serve` setting as `--help` describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ServeFlag {
    /// Without the leading dashes, e.g. `retention-bytes`.
    pub name: String,
    /// Its environment variable, e.g. `WADISPATCH_RETENTION_BYTES`.
    pub env: Option<String>,
    pub default: Option<String>,
}

impl ServeFlag {
    /// The default as a plain number (bytes, counts), if it is one.
    pub(super) fn default_number(&self) -> Option<u64> {
        self.default.as_deref()?.parse().ok()
    }

    /// True when the default is a duration such as `30s` or `250ms`.
    pub(super) fn takes_duration(&self) -> bool {
        self.default.as_deref().is_some_and(|d| {
            let unit = d.trim_start_matches(|c: char| c.is_ascii_digit());
            unit.len() < d.len() && ["ms", "s", "m", "h", "d"].contains(&unit)
        })
    }

    /// `--name` (for printing).
    pub(super) fn flag(&self) -> String {
        format!("--{}", self.name)
    }
}

/// The settings of `binary serve`.
pub(super) fn serve_flags(binary: &Path) -> Vec<ServeFlag> {
    let output = Command::new(binary)
        .args(["serve", "--help"])
        .output()
        .unwrap_or_else(|e| panic!("cannot run {} serve --help: {e}", binary.display()));
    assert!(output.status.success(), "serve --help failed");
    parse_help(&String::from_utf8_lossy(&output.stdout))
}

/// Reads clap's long help: a `--name <VALUE>` line, then its description ending in
/// `[env: NAME=]` and `[default: value]`.
fn parse_help(help: &str) -> Vec<ServeFlag> {
    let mut flags: Vec<ServeFlag> = Vec::new();
    let mut description = String::new();
    let finish = |flags: &mut Vec<ServeFlag>, description: &str| {
        if let Some(last) = flags.last_mut() {
            last.env = bracketed(description, "[env: ")
                .map(|e| e.trim_end_matches('=').to_owned())
                .filter(|e| !e.is_empty());
            last.default = bracketed(description, "[default: ").map(str::to_owned);
        }
    };
    for line in help.lines() {
        let trimmed = line.trim_start();
        let flag = trimmed
            .strip_prefix("--")
            .or_else(|| trimmed.split_once(", --").map(|(_, rest)| rest));
        match flag {
            Some(rest) if line.starts_with("  ") && !line.starts_with("          ") => {
                finish(&mut flags, &description);
                description.clear();
                let name = rest.split_whitespace().next().unwrap_or_default();
                flags.push(ServeFlag {
                    name: name.to_owned(),
                    env: None,
                    default: None,
                });
            }
            _ => {
                description.push(' ');
                description.push_str(trimmed);
            }
        }
    }
    finish(&mut flags, &description);
    flags
}

/// The text between `open` and the next `]`.
fn bracketed<'a>(text: &'a str, open: &str) -> Option<&'a str> {
    let start = text.find(open)? + open.len();
    let end = text[start..].find(']')? + start;
    Some(&text[start..end])
}

/// An environment assignment that sets `flag` to `value`; None when the flag has no variable.
pub(super) fn env_setting(flag: &ServeFlag, value: String) -> Option<(String, String)> {
    Some((flag.env.clone()?, value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_clap_long_help() {
        let help = "Usage: x serve [OPTIONS]\n\nOptions:\n      --retention-bytes <RETENTION_BYTES>\n          The oldest events are pruned [env: WADISPATCH_RETENTION_BYTES=] [default: 1073741824]\n      --heartbeat <HEARTBEAT>\n          Idle time after which\n          a heartbeat goes [env: WADISPATCH_HEARTBEAT=] [default: 15s]\n      --webhook-header <WEBHOOK_HEADER>\n          Header every webhook must carry, as \"Name: value\" [env: WADISPATCH_WEBHOOK_HEADER]\n  -h, --help\n          Print help\n";
        let flags = parse_help(help);
        let names: Vec<&str> = flags.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(
            names,
            ["retention-bytes", "heartbeat", "webhook-header", "help"]
        );
        assert_eq!(flags[0].env.as_deref(), Some("WADISPATCH_RETENTION_BYTES"));
        assert_eq!(flags[0].default_number(), Some(1 << 30));
        assert!(!flags[0].takes_duration());
        assert!(flags[1].takes_duration());
        assert_eq!(flags[2].env.as_deref(), Some("WADISPATCH_WEBHOOK_HEADER"));
        assert_eq!(flags[2].default, None);
        assert_eq!(flags[3].env, None);
    }
}
