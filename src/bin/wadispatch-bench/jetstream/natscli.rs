//! The engine's own ceiling: `nats bench` (natscli v0.5.1) run against the same servers as the
//! gateway, with messages the size of one stored event, and its msgs/sec read from its summary.
//!
//! natscli's bench commands moved between versions; v0.5.1 has `nats bench js pub async|atomic`,
//! `nats bench js ordered` and `nats bench js get batch`, and ends a run with a line like
//! `NATS JetStream asynchronous publisher stats: 141,413 msgs/sec ~ 16 MiB/sec ~ ...`
//! (`... aggregated stats: ...` when more than one client ran).

use std::path::Path;
use std::time::{Duration, Instant};

use crate::procs::{self, Launch, NatsServers, WorkDir};

/// The stream `nats bench` creates and uses; none of the gateway's.
const STREAM: &str = "benchstream";
/// The subject its publishers use.
const SUBJECT: &str = "bench.js";
/// How long one `nats bench` run may take before it counts as failed.
const RUN_WITHIN: Duration = Duration::from_secs(300);

/// Runs `nats bench` against a node or cluster.
#[derive(Debug)]
pub(crate) struct NatsBench<'a> {
    pub(crate) cli: &'a Path,
    pub(crate) work: &'a WorkDir,
}

impl NatsBench<'_> {
    /// `nats bench js pub async`: `msgs` messages of `size` bytes from one client, with up to
    /// 500 publishes awaiting their acknowledgement, into a fresh file-storage stream of
    /// `replicas` replicas. Messages per second.
    pub(crate) async fn publish_async(
        &self,
        servers: &NatsServers,
        replicas: usize,
        size: usize,
        msgs: usize,
    ) -> Result<f64, String> {
        let args = publish_args("async", replicas, size, msgs, &[]);
        self.run(servers, &args).await
    }

    /// `nats bench js pub atomic`: `msgs` messages of `size` bytes in atomic batches of `batch`
    /// (the write a webhook costs the gateway), from `clients` clients at once. Messages per
    /// second over all clients.
    pub(crate) async fn publish_atomic(
        &self,
        servers: &NatsServers,
        replicas: usize,
        size: usize,
        msgs: usize,
        batch: usize,
        clients: usize,
    ) -> Result<f64, String> {
        let extra = [
            "--batch".to_owned(),
            batch.to_string(),
            "--clients".to_owned(),
            clients.to_string(),
        ];
        let args = publish_args("atomic", replicas, size, msgs, &extra);
        self.run(servers, &args).await
    }

    /// `nats bench js ordered`: one ephemeral ordered consumer reads `msgs` messages from the
    /// start of `stream` (None: the one the last publish filled). Messages per second.
    pub(crate) async fn ordered(
        &self,
        servers: &NatsServers,
        stream: Option<&str>,
        msgs: usize,
    ) -> Result<f64, String> {
        let args: Vec<String> = [
            "bench",
            "js",
            "ordered",
            "--stream",
            stream.unwrap_or(STREAM),
            "--msgs",
            &msgs.to_string(),
            "--no-progress",
        ]
        .map(String::from)
        .to_vec();
        self.run(servers, &args).await
    }

    /// `nats bench js get batch`: batched direct gets of `msgs` messages on `filter` from the
    /// start of `stream`, `batch` per request, one request at a time: how the gateway reads
    /// what is older than its ring, done by NATS's own client. Messages per second.
    pub(crate) async fn get_batch(
        &self,
        servers: &NatsServers,
        stream: &str,
        filter: &str,
        batch: usize,
        msgs: usize,
    ) -> Result<f64, String> {
        let args: Vec<String> = [
            "bench",
            "js",
            "get",
            "batch",
            "--stream",
            stream,
            "--filter",
            filter,
            "--batch",
            &batch.to_string(),
            "--msgs",
            &msgs.to_string(),
            "--no-progress",
        ]
        .map(String::from)
        .to_vec();
        self.run(servers, &args).await
    }

    /// Runs `nats <args>` against `servers` (bounded in time), its output kept in the work
    /// directory; the msgs/sec of its summary.
    async fn run(&self, servers: &NatsServers, args: &[String]) -> Result<f64, String> {
        static RUNS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let run = RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let log = self.work.path().join(format!("nats-bench-{run}.log"));
        // No saved context of the user's may point the CLI elsewhere.
        let mut full = vec!["--no-context".to_owned(), "-s".to_owned(), servers.urls()];
        full.extend_from_slice(args);
        let command = format!("nats {}", args.join(" "));
        let mut proc = procs::spawn("nats bench", self.cli, &full, &Launch::default(), &log);
        let deadline = Instant::now() + RUN_WITHIN;
        let status = loop {
            if let Some(status) = proc.exited() {
                break status;
            }
            if Instant::now() > deadline {
                proc.kill();
                return Err(format!("`{command}` did not finish within {RUN_WITHIN:?}"));
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        };
        let output = std::fs::read_to_string(&log).unwrap_or_default();
        if !status.success() {
            return Err(format!(
                "`{command}` exited with {status}: {}",
                tail(&output)
            ));
        }
        msgs_per_second(&output)
            .ok_or_else(|| format!("`{command}` printed no msgs/sec summary: {}", tail(&output)))
    }
}

/// `nats bench js pub <mode>` into a fresh file-storage stream (created, or emptied when an
/// earlier run left it) of `replicas` replicas.
fn publish_args(
    mode: &str,
    replicas: usize,
    size: usize,
    msgs: usize,
    extra: &[String],
) -> Vec<String> {
    let mut args: Vec<String> = [
        "bench",
        "js",
        "pub",
        mode,
        "--create",
        "--purge",
        "--stream",
        STREAM,
        "--storage",
        "file",
        "--replicas",
        &replicas.to_string(),
        "--size",
        &format!("{size}B"),
        "--msgs",
        &msgs.to_string(),
        "--no-progress",
    ]
    .map(String::from)
    .to_vec();
    args.extend_from_slice(extra);
    args.push(SUBJECT.to_owned());
    args
}

/// The msgs/sec of a `nats bench` summary: the `aggregated stats` line when several clients
/// ran, else the last `stats` line.
fn msgs_per_second(output: &str) -> Option<f64> {
    let summaries: Vec<&str> = output
        .lines()
        .filter(|line| line.contains("stats:") && line.contains("msgs/sec"))
        .collect();
    let line = summaries
        .iter()
        .find(|line| line.contains("aggregated stats:"))
        .or(summaries.last())?;
    let after = &line[line.find("stats:")? + "stats:".len()..];
    let number = after[..after.find("msgs/sec")?].trim().replace(',', "");
    number.parse().ok()
}

/// The last lines of a command's output, for a failure's message.
fn tail(output: &str) -> String {
    let lines: Vec<&str> = output.lines().collect();
    lines[lines.len().saturating_sub(5)..].join(" | ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_of_natscli_0_5_1_are_read() {
        let one_client =
            "01:12:21 Starting JetStream asynchronous publisher benchmark [batch=500]\n\
             01:12:21 [1] Starting JetStream asynchronous publisher, publishing 50,000 messages\n\n\
             NATS JetStream asynchronous publisher stats: 141,413 msgs/sec ~ 16 MiB/sec ~ min: \
             2,220.49us ~ P99: 8,894.89us\n";
        assert_eq!(msgs_per_second(one_client), Some(141_413.0));
        let ordered =
            "NATS JetStream ordered ephemeral consumer stats: 364,887 msgs/sec ~ 42 MiB/sec\n";
        assert_eq!(msgs_per_second(ordered), Some(364_887.0));
        // Several clients: each has its own line, the aggregate is the figure.
        let clients = "  [1] 32,748 msgs/sec ~ 3.7 MiB/sec ~ min: 3,124.37us (12,500 msgs)\n\
             \x20 [2] 31,175 msgs/sec ~ 3.6 MiB/sec (12,500 msgs)\n\n\
             \x20NATS JetStream asynchronous publisher aggregated stats: 120,544 msgs/sec ~ 14 MiB/sec\n\
             \x20message rates min 30,284 | avg 31,316 | max 32,748 | stddev 894 msgs\n";
        assert_eq!(msgs_per_second(clients), Some(120_544.0));
        assert_eq!(msgs_per_second("nats: error: no servers available"), None);
    }
}
