//! The webhook listener: what came, what became of it, how long it took to be durable.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::Histogram;

use super::Families;
use super::{exponential_histogram, latency_histogram};

/// A webhook's kind (its configuration id, e.g. `GS_V3_SYNC_TASK_STATUS`), or `unknown` for a
/// path that serves none.
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
    /// `stored`, `duplicate` (stored before: nothing stored), `rejected` (4xx: unfit to store;
    /// dead-lettered when it could be verified), `refused` (authentication), `unreadable` (the
    /// body broke off), `unavailable` (503: the store could not take it), `not_found` (404, kind
    /// `unknown`).
    pub outcome: &'static str,
    /// Why, from a fixed list: for `rejected`, `too_large`, `content_type`, `parse` or
    /// `store_too_large` (an event larger than the store takes); for `refused`,
    /// `source_not_allowed`, `header_missing`, `header_wrong`, `signature_headers_missing`,
    /// `timestamp_invalid`, `timestamp_stale` or `signature_invalid`; for `stored`, `id_reused`
    /// when a verified `webhook-id` came before with another body; `none` otherwise.
    pub reason: &'static str,
}

/// The webhook listener.
#[derive(Debug)]
pub struct WebhookMetrics {
    /// Webhooks received, by kind, outcome and reason.
    pub received: Family<OutcomeLabels, Counter>,
    /// Sizes of the bodies read whole (within the limit), by kind.
    pub body_bytes: Family<KindLabels, Histogram, fn() -> Histogram>,
    /// Time from a webhook's arrival to the durable commit of its events, by kind (stored ones
    /// only: a duplicate commits nothing).
    pub commit_seconds: Family<KindLabels, Histogram, fn() -> Histogram>,
}

/// Body size buckets: 256 B to 4 MiB (the default body limit).
fn body_histogram() -> Histogram {
    exponential_histogram(256.0, 4.0, 8)
}

impl WebhookMetrics {
    pub(super) fn register(registry: &mut Families<'_>) -> Self {
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
            "Sizes of webhook bodies read whole (within the body limit), by kind",
            metrics.body_bytes.clone(),
        );
        registry.register(
            "webhook_commit_seconds",
            "Time from a stored webhook's arrival to the durable commit of its events, by kind",
            metrics.commit_seconds.clone(),
        );
        metrics
    }
}
