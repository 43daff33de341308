//! The event store: its commits, its size and bounds, its dead letters, what pruning removed.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

use super::{exponential_histogram, latency_histogram};

/// What a prune removed from.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct PrunedLabels {
    /// `events`, `dedup_keys`, `dead_letters`, `audit_records` or `request_records`.
    pub table: &'static str,
}

/// The event store.
#[derive(Debug)]
pub struct StoreMetrics {
    /// Commits of webhook events (a group commit in SQLite, a publish on JetStream).
    pub commits: Counter,
    /// Events per commit.
    pub commit_events: Histogram,
    /// Time of one commit.
    pub commit_seconds: Histogram,
    /// Writes that failed.
    pub write_errors: Counter,
    /// Bytes the log takes (sampled at scrape).
    pub log_bytes: Gauge,
    /// Oldest retained event's seq (sampled at scrape).
    pub oldest_seq: Gauge,
    /// Latest committed event's seq (sampled at scrape).
    pub latest_seq: Gauge,
    /// Dead letters kept (sampled at scrape).
    pub dead_letters: Gauge,
    /// Bytes of the dead letters kept (sampled at scrape).
    pub dead_letter_bytes: Gauge,
    /// Rows removed by pruning, by table.
    pub pruned: Family<PrunedLabels, Counter>,
}

impl StoreMetrics {
    pub(super) fn register(registry: &mut Registry) -> Self {
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
        };
        registry.register(
            "store_commits",
            "Commits of webhook events to the event store",
            metrics.commits.clone(),
        );
        registry.register(
            "store_commit_events",
            "Events per commit",
            metrics.commit_events.clone(),
        );
        registry.register(
            "store_commit_seconds",
            "Time of one commit",
            metrics.commit_seconds.clone(),
        );
        registry.register(
            "store_write_errors",
            "Writes to the event store that failed",
            metrics.write_errors.clone(),
        );
        registry.register(
            "store_log_bytes",
            "Bytes the event log takes",
            metrics.log_bytes.clone(),
        );
        registry.register(
            "store_oldest_seq",
            "Seq of the oldest event retained (a cursor older than it cannot resume)",
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
            "Rows removed by pruning, by table",
            metrics.pruned.clone(),
        );
        metrics
    }
}
