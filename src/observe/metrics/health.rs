//! What readiness is made of, as gauges: a dashboard shows which part is failing.

use prometheus_client::metrics::gauge::Gauge;

use super::Families;

/// Readiness, part by part (1 yes, 0 no).
#[derive(Debug, Default)]
pub struct HealthMetrics {
    /// Whether the last probe of the platform got an HTTP answer.
    pub platform_reachable: Gauge,
    /// Whether the last write probe of the event store succeeded.
    pub store_writable: Gauge,
    /// Whether the gateway is ready: both of the above, and not shutting down.
    pub ready: Gauge,
}

impl HealthMetrics {
    pub(super) fn register(registry: &mut Families<'_>) -> Self {
        let metrics = Self::default();
        registry.register(
            "platform_reachable",
            "Whether the last probe of the platform got an HTTP answer (1) or not (0)",
            metrics.platform_reachable.clone(),
        );
        registry.register(
            "store_writable",
            "Whether the last write probe of the event store succeeded (1) or not (0)",
            metrics.store_writable.clone(),
        );
        registry.register(
            "ready",
            "Whether the gateway is ready for traffic: platform reachable, store writable, not shutting down",
            metrics.ready.clone(),
        );
        metrics
    }
}
