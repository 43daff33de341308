//! Callers: why calls were refused, and what the blast guard leaves each key.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;

use super::Families;

/// Why a call was refused before it reached the platform.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RefusalLabels {
    /// A fixed reason: `unauthenticated`, `permission_denied`, `rate_limited`,
    /// `recipient_ceiling`, `calls_under_way`...
    pub reason: &'static str,
}

/// A key and one of its limits.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct GuardLabels {
    /// The key's name in the key file (never the key).
    pub key: String,
    /// Which limit: e.g. `recipients_per_minute`, `recipients_per_day`.
    pub limit: &'static str,
}

/// Refusals and the blast guard.
#[derive(Debug, Default)]
pub struct CallerMetrics {
    /// Calls refused, by reason.
    pub refusals: Family<RefusalLabels, Counter>,
    /// What each key may still use of each limit now (sampled at scrape).
    pub guard_remaining: Family<GuardLabels, Gauge>,
}

impl CallerMetrics {
    pub(super) fn register(registry: &mut Families<'_>) -> Self {
        let metrics = Self::default();
        registry.register(
            "caller_refusals",
            "Calls refused before reaching the platform, by reason",
            metrics.refusals.clone(),
        );
        registry.register(
            "blast_guard_remaining",
            "What the blast guard still allows each key, per limit (sampled when scraped)",
            metrics.guard_remaining.clone(),
        );
        metrics
    }
}
