//! The chaos and soak checks (`--soak`): the attacks and heavy uses the gateway must withstand,
//! run against the real binary. Each check prints its figures and fails the run on a lost event
//! or a broken bound, never on a timing: where something must happen, it is waited for with a
//! bounded number of attempts or a generous deadline, and only the counts are judged.
//!
//! 1. `crash`: kill -9 cycles under webhook load; every acknowledged webhook is in the log once.
//! 2. `flood`: thousands of idle connections on both ports under a 1,024-descriptor limit, while
//!    a normal client keeps working; the descriptors come back once the flood ends.
//! 3. `storm`: many every-task watchers and new tasks; platform calls per new task.
//! 4. `dead-letters`: malformed-body floods; the dead letters stay within their caps.
//! 5. `finished-watches`: many watches opened and finished; the gateway's memory stays flat.

mod crash;
mod dead_letters;
mod finished;
mod flags;
mod flood;
mod storm;

use std::sync::Arc;
use std::time::Duration;

use crate::report::{table, Report};
use crate::Bench;

/// The checks, in the order they run (also the names `--only` takes).
pub(crate) const CHECKS: [&str; 5] = [
    "crash",
    "flood",
    "storm",
    "dead-letters",
    "finished-watches",
];

/// Sizes of the soak checks.
#[derive(Debug, Clone)]
pub struct Sizes {
    /// Gateway starts, each killed with SIGKILL at a random moment under webhook load.
    pub crash_cycles: usize,
    /// Concurrent webhook senders during the cycles.
    pub crash_senders: usize,
    /// Window of the random kill moment, after the gateway listens.
    pub crash_min_run: Duration,
    pub crash_max_run: Duration,
    /// Idle connections held against each port during the flood.
    pub flood_per_port: usize,
    /// Every-task WatchTask streams during the snapshot storm, and new tasks arriving.
    pub storm_watchers: usize,
    pub storm_tasks: usize,
    /// Malformed webhook bodies, of which `junk_large` are 1 MiB each.
    pub junk_bodies: usize,
    pub junk_large: usize,
    /// `WatchTask(task_id, end_when_final)` streams opened and finished, after a warm-up batch.
    pub finished_watches: usize,
    pub finished_warm_up: usize,
}

impl Sizes {
    /// About two minutes on a 2-core machine in a debug build; run by CI.
    pub const QUICK: Sizes = Sizes {
        crash_cycles: 3,
        crash_senders: 4,
        crash_min_run: Duration::from_millis(300),
        crash_max_run: Duration::from_millis(1500),
        flood_per_port: 1_000,
        storm_watchers: 200,
        storm_tasks: 5,
        junk_bodies: 200,
        junk_large: 20,
        finished_watches: 10_000,
        finished_warm_up: 10_000,
    };

    /// The sizes of the issue that found the bugs.
    pub const FULL: Sizes = Sizes {
        crash_cycles: 50,
        crash_senders: 8,
        crash_min_run: Duration::from_millis(300),
        crash_max_run: Duration::from_millis(3000),
        flood_per_port: 4_000,
        storm_watchers: 1_000,
        storm_tasks: 20,
        junk_bodies: 2_000,
        junk_large: 200,
        finished_watches: 50_000,
        finished_warm_up: 10_000,
    };
}

/// What one check found.
pub(crate) struct Outcome {
    pub title: &'static str,
    /// What was done, then the figures as a table.
    pub description: String,
    pub rows: Vec<Vec<String>>,
    /// Broken bounds and lost events, each a sentence saying what and why.
    pub failures: Vec<String>,
}

impl Outcome {
    fn new(title: &'static str, description: String) -> Self {
        Self {
            title,
            description,
            rows: Vec::new(),
            failures: Vec::new(),
        }
    }

    /// A figure: what, the value, and the bound it is held to ("–" for a figure only printed).
    fn figure(&mut self, what: impl Into<String>, value: impl Into<String>, bound: &str) {
        self.rows
            .push(vec![what.into(), value.into(), bound.to_owned()]);
    }

    fn fail(&mut self, failure: String) {
        eprintln!("soak: {}: FAILED: {failure}", self.title);
        self.failures.push(failure);
    }

    /// Fails with `failure` unless `held`.
    fn check(&mut self, held: bool, failure: impl FnOnce() -> String) {
        if !held {
            self.fail(failure());
        }
    }
}

/// Runs `checks` one after the other, each in its own task so that one that cannot run (a
/// panic: a process that would not start, a port gone) fails alone and the others still run.
pub(crate) async fn run(
    bench: &Arc<Bench>,
    report: &mut Report,
    checks: &[&'static str],
    seed: Option<u64>,
) {
    let seed = seed.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_nanos() as u64)
    });
    eprintln!("soak: seed {seed} (repeat a run's kill moments with --seed {seed})");
    for &name in checks {
        eprintln!("soak: {name} ...");
        let started = std::time::Instant::now();
        let bench = bench.clone();
        let running = match name {
            "crash" => tokio::spawn(async move { crash::run(&bench, seed).await }),
            "flood" => tokio::spawn(async move { flood::run(&bench).await }),
            "storm" => tokio::spawn(async move { storm::run(&bench).await }),
            "dead-letters" => tokio::spawn(async move { dead_letters::run(&bench).await }),
            "finished-watches" => tokio::spawn(async move { finished::run(&bench).await }),
            other => unreachable!("--only was checked against CHECKS: {other}"),
        };
        let outcome = match running.await {
            Ok(outcome) => outcome,
            Err(error) => {
                let mut outcome = Outcome::new(name, String::new());
                outcome.fail(format!("the check could not run: {}", panic_text(error)));
                outcome
            }
        };
        let elapsed = started.elapsed();
        let verdict = if outcome.failures.is_empty() {
            "**Passed.**".to_owned()
        } else {
            let list: Vec<String> = outcome
                .failures
                .iter()
                .map(|f| format!("- FAILED: {f}"))
                .collect();
            format!("**Failed:**\n\n{}", list.join("\n"))
        };
        let mut body = outcome.description.clone();
        if !outcome.rows.is_empty() {
            body.push_str("\n\n");
            body.push_str(&table(&["figure", "value", "bound"], &outcome.rows));
        }
        body.push_str(&format!(
            "\n{verdict}\n\nTook {:.0} s.",
            elapsed.as_secs_f64()
        ));
        report.section(outcome.title, body);
        eprintln!(
            "soak: {name}: {} in {:.0} s",
            if outcome.failures.is_empty() {
                "passed"
            } else {
                "FAILED"
            },
            elapsed.as_secs_f64()
        );
        for failure in outcome.failures {
            report.fail(format!("{name}: {failure}"));
        }
    }
    if !report.failures.is_empty() {
        bench.work.keep();
        eprintln!(
            "soak: the processes' logs are kept in {}",
            bench.work.path().display()
        );
    }
}

fn panic_text(error: tokio::task::JoinError) -> String {
    if !error.is_panic() {
        return error.to_string();
    }
    let payload = error.into_panic();
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_else(|| "a panic".into())
}

/// Polls `probe` every 200 ms until it gives Some, for at most `deadline`; the last probe's
/// None means it never happened. Waiting is bounded; the verdict is on what the probe saw.
async fn wait_until<T>(deadline: Duration, mut probe: impl FnMut() -> Option<T>) -> Option<T> {
    let until = tokio::time::Instant::now() + deadline;
    loop {
        if let Some(found) = probe() {
            return Some(found);
        }
        if tokio::time::Instant::now() >= until {
            return None;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Calls `call` until it succeeds, at most `max` times: Ok(the attempt that succeeded) or the
/// last error. A well-behaved client's retries are bounded in number, not in time.
async fn attempts<F, Fut>(max: usize, call: F) -> Result<usize, String>
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Result<(), String>>,
{
    let mut last = String::new();
    for attempt in 1..=max {
        match call().await {
            Ok(()) => return Ok(attempt),
            Err(error) => last = error,
        }
    }
    Err(last)
}

/// "1.5 MiB".
fn show_mib(bytes: f64) -> String {
    format!("{:.1} MiB", bytes / 1048576.0)
}
