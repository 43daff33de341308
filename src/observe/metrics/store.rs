//! The event store: its commits, its size and bounds, its dead letters, what pruning removed.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;

use super::Families;
use super::{exponential_histogram, latency_histogram};

/// What a prune removed from.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct PrunedLabels {
    /// `events`, `dedup_keys`, `dead_letters` (by age, or evicted by the caps), `audit_records`
    /// or `request_records`.
    pub table: &'static str,
}

/// A checkpoint of SQLite's WAL.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct CheckpointLabels {
    /// `passive` (the checkpointer thread, as the WAL grows), `finish` (the writer copying the
    /// last few frames the checkpointer left) or `forced` (the writer, at the WAL's bound).
    pub mode: &'static str,
    /// `complete`, `busy` (a reader kept frames from being copied) or `failed`.
    pub outcome: &'static str,
}

/// The event store.
#[derive(Debug)]
pub struct StoreMetrics {
    /// Commits of webhook events (a group commit in SQLite, a published message on JetStream),
    /// dedup records alone included.
    pub commits: Counter,
    /// Events per commit.
    pub commit_events: Histogram,
    /// Time of one commit (on JetStream with its retries).
    pub commit_seconds: Histogram,
    /// Writes that failed: a transaction in SQLite (appends, dead letters, audit records, a
    /// prune), a write that failed for good on JetStream.
    pub write_errors: Counter,
    /// Bytes the store takes: SQLite's database and WAL files, or JetStream's streams (sampled
    /// at scrape).
    pub log_bytes: Gauge,
    /// Oldest retained event's seq, the latest plus one when none is (sampled at scrape).
    pub oldest_seq: Gauge,
    /// Latest committed event's seq (sampled at scrape).
    pub latest_seq: Gauge,
    /// Dead letters kept (sampled at scrape).
    pub dead_letters: Gauge,
    /// Bytes of the dead letters kept (sampled at scrape).
    pub dead_letter_bytes: Gauge,
    /// Rows removed by pruning, by table (SQLite; on JetStream the servers prune by age and
    /// caps themselves, and only the gateway's purge of refused calls' records counts).
    pub pruned: Family<PrunedLabels, Counter>,
    /// Checkpoints of the SQLite WAL, by mode and outcome.
    pub checkpoints: Family<CheckpointLabels, Counter>,
}

impl StoreMetrics {
    pub(super) fn register(registry: &mut Families<'_>) -> Self {
        let metrics = Self {
            commits: Counter::default(),
            commit_events: exponential_histogram(1.0, 4.0, 8),
            commit_seconds: latency_histogram(),
            write_errors: Counter::default(),
            log_bytes: Gauge::default(),
            oldest_seq: Gauge::default(),
            latest_seq: Gauge::default(),
            dead_letters: Gauge::default(),
            dead_letter_bytes: Gauge::default(),
            pruned: Family::default(),
            checkpoints: Family::default(),
        };
        registry.register(
            "store_commits",
            "Commits of webhook events to the event store (SQLite group commits, JetStream messages)",
            metrics.commits.clone(),
        );
        registry.register(
            "store_commit_events",
            "Events per commit of webhook events",
            metrics.commit_events.clone(),
        );
        registry.register(
            "store_commit_seconds",
            "Time of one commit of webhook events",
            metrics.commit_seconds.clone(),
        );
        registry.register(
            "store_write_errors",
            "Writes to the event store that failed (SQLite transactions, JetStream writes after their retries)",
            metrics.write_errors.clone(),
        );
        registry.register(
            "store_log_bytes",
            "Bytes the event store takes: the SQLite database and its WAL, or the JetStream streams",
            metrics.log_bytes.clone(),
        );
        registry.register(
            "store_oldest_seq",
            "Seq of the oldest event retained, or the latest plus one when none is: a cursor c resumes only if c + 1 >= this",
            metrics.oldest_seq.clone(),
        );
        registry.register(
            "store_latest_seq",
            "Seq of the latest event committed",
            metrics.latest_seq.clone(),
        );
        registry.register(
            "dead_letters",
            "Rejected webhooks kept for inspection",
            metrics.dead_letters.clone(),
        );
        registry.register(
            "dead_letter_bytes",
            "Bytes of the rejected webhooks kept",
            metrics.dead_letter_bytes.clone(),
        );
        registry.register(
            "store_pruned_rows",
            "Rows removed by pruning or by the caps, by table",
            metrics.pruned.clone(),
        );
        registry.register(
            "store_checkpoints",
            "Checkpoints of the SQLite WAL, by mode (passive: off the commit path; finish: the writer's last few frames; forced: by the writer at the WAL's bound) and outcome",
            metrics.checkpoints.clone(),
        );
        metrics
    }
}
