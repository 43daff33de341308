//! The Markdown report: the machine, one section per measurement, and the targets.

use std::path::Path;
use std::time::Duration;

use crate::Plan;

/// A target of the issue and what this run measured for it.
pub(crate) struct Target {
    pub what: String,
    pub goal: String,
    pub measured: String,
    pub met: bool,
}

pub(crate) struct Report {
    quick: bool,
    header: String,
    sections: Vec<String>,
    targets: Vec<Target>,
    /// Correctness failures (lost events, errors): these fail the run, in quick mode too.
    pub failures: Vec<String>,
    footer: String,
}

impl Report {
    pub(crate) fn new(plan: &Plan, gateway_bin: &Path, soak: bool) -> Self {
        let cpu = std::fs::read_to_string("/proc/cpuinfo")
            .ok()
            .and_then(|info| {
                info.lines()
                    .find_map(|l| l.strip_prefix("model name"))
                    .map(|m| m.trim_start_matches([' ', '\t', ':']).to_owned())
            })
            .unwrap_or_else(|| "unknown".into());
        let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
        let memory = std::fs::read_to_string("/proc/meminfo")
            .ok()
            .and_then(|info| {
                info.lines()
                    .find_map(|l| l.strip_prefix("MemTotal:"))
                    .and_then(|kib| kib.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
            })
            .map_or("unknown".into(), |kib| {
                format!("{:.1} GiB", kib / 1024.0 / 1024.0)
            });
        let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease")
            .unwrap_or_default()
            .trim()
            .to_owned();
        // Known from cargo's output directory; a binary copied elsewhere (`--gateway-bin`) says not.
        let in_dir = |dir: &str| gateway_bin.components().any(|c| c.as_os_str() == dir);
        let profile = if in_dir("release") {
            "built in release mode"
        } else if in_dir("debug") {
            "built in debug mode"
        } else {
            "given by path, its build profile not known"
        };
        let mode = match (soak, plan.quick) {
            (false, true) => "quick (harness check only: sizes too small to mean anything)",
            (false, false) => "full",
            (true, true) => "soak checks, quick (small sizes; every bound still enforced)",
            (true, false) => "soak checks, full",
        };
        let filesystem = filesystem_of(&std::env::temp_dir());
        let header = format!(
            "Machine: {cpu}, {cores} cores, {memory} RAM, Linux {kernel}; logs on {filesystem}.  \n\
             Run: {mode}; gateway binary {profile}; date {date}.",
            date = chrono::Utc::now().format("%Y-%m-%d %H:%M UTC"),
        );
        Self {
            quick: plan.quick,
            header,
            sections: Vec::new(),
            targets: Vec::new(),
            failures: Vec::new(),
            footer: String::new(),
        }
    }

    pub(crate) fn section(&mut self, title: &str, body: String) {
        self.sections.push(format!("### {title}\n\n{body}"));
    }

    pub(crate) fn target(&mut self, what: &str, goal: &str, measured: String, met: bool) {
        self.targets.push(Target {
            what: what.into(),
            goal: goal.into(),
            measured,
            met,
        });
    }

    /// Records a correctness failure: the run exits non-zero.
    pub(crate) fn fail(&mut self, failure: String) {
        eprintln!("FAILED: {failure}");
        self.failures.push(failure);
    }

    pub(crate) fn finish(&mut self, elapsed: Duration) {
        self.footer = format!("Whole run: {:.0} s.", elapsed.as_secs_f64());
    }

    pub(crate) fn markdown(&self) -> String {
        let mut out = format!("{}\n\n", self.header);
        for section in &self.sections {
            out.push_str(section);
            out.push_str("\n\n");
        }
        if !self.targets.is_empty() {
            out.push_str("### Targets\n\n| What | Target | Measured | |\n|---|---|---|---|\n");
            for t in &self.targets {
                let verdict = match (self.quick, t.met) {
                    (true, _) => "not judged (quick)",
                    (false, true) => "met",
                    (false, false) => "MISSED",
                };
                out.push_str(&format!(
                    "| {} | {} | {} | {verdict} |\n",
                    t.what, t.goal, t.measured
                ));
            }
            out.push('\n');
        }
        if !self.failures.is_empty() {
            out.push_str("### Correctness failures\n\n");
            for f in &self.failures {
                out.push_str(&format!("- {f}\n"));
            }
            out.push('\n');
        }
        out.push_str(&self.footer);
        out.push('\n');
        out
    }
}

/// The type and device of the file system holding `path` (the benchmark's logs live there).
fn filesystem_of(path: &Path) -> String {
    let path = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let mounts = std::fs::read_to_string("/proc/mounts").unwrap_or_default();
    mounts
        .lines()
        .filter_map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            (fields.len() >= 3 && path.starts_with(fields[1]))
                .then(|| (fields[1].len(), format!("{} ({})", fields[2], fields[0])))
        })
        .max_by_key(|(len, _)| *len)
        .map_or_else(|| "unknown".into(), |(_, fs)| fs)
}

/// A Markdown table from a header row and data rows.
pub(crate) fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = format!("| {} |\n", header.join(" | "));
    out.push_str(&format!("|{}\n", "---|".repeat(header.len())));
    for row in rows {
        out.push_str(&format!("| {} |\n", row.join(" | ")));
    }
    out
}
