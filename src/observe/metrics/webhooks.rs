//! The webhook listener: what came, what became of it, how long it took to be durable.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

use super::{exponential_histogram, latency_histogram};

/// A webhook's kind (its configuration id, e.g. `recipient_status`), or `unknown` for a path
/// that serves none.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct KindLabels {
    /// The webhook kind.
    pub kind: &'static str,
}

/// What became of a webhook.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct OutcomeLabels {
    /// The webhook kind.
    pub kind: &'static str,
    /// `stored`, `duplicate`, `rejected` (4xx, dead-lettered), `refused` (authentication),
    /// `unreadable` (the body broke off), `unavailable` (503: the store could not take it).
    pub outcome: &'static str,
    /// Why, for `rejected` and `refused` (a fixed list); `none` otherwise.
    pub reason: &'static str,
}

/// The webhook listener.
#[derive(Debug)]
pub struct WebhookMetrics {
    /// Webhooks received, by kind, outcome and reason.
    pub received: Family<OutcomeLabels, Counter>,
    /// Bodies' sizes, by kind.
    pub body_bytes: Family<KindLabels, Histogram, fn() -> Histogram>,
    /// Time from a webhook's arrival to its durable commit, by kind.
    pub commit_seconds: Family<KindLabels, Histogram, fn() -> Histogram>,
}

/// Body size buckets: 256 B to 4 MiB (the default body limit).
fn body_histogram() -> Histogram {
    exponential_histogram(256.0, 4.0, 8)
}

impl WebhookMetrics {
    pub(super) fn register(registry: &mut Registry) -> Self {
        let metrics = Self {
            received: Family::default(),
            body_bytes: Family::new_with_constructor(body_histogram),
            commit_seconds: Family::new_with_constructor(latency_histogram),
        };
        registry.register(
            "webhooks",
            "Webhooks received, by kind, outcome and reason",
            metrics.received.clone(),
        );
        registry.register(
            "webhook_body_bytes",
            "Sizes of webhook bodies read, by kind",
            metrics.body_bytes.clone(),
        );
        registry.register(
            "webhook_commit_seconds",
            "Time from a webhook's arrival to its durable commit, by kind",
            metrics.commit_seconds.clone(),
        );
        metrics
    }
}
