//! Calls to the platform's HTTP API, per route (the 39 documented paths).

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;

use super::latency_histogram;
use super::Families;

/// A platform route.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RouteLabels {
    /// The documented path, e.g. `/task/createUnassignedTask`.
    pub route: &'static str,
}

/// A platform call's outcome.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct OutcomeLabels {
    /// The documented path.
    pub route: &'static str,
    /// The last answer's HTTP status (`200`, `503`...; a status outside the common ones by its
    /// class, `4xx`), or `none` when there was no answer.
    pub http_status: &'static str,
    /// `ok`, `refused` (an envelope code by which the platform did not act), `platform_error`
    /// (another envelope code), `http_error`, `timeout`, `connect_error`, `transport_error`,
    /// `undecodable`, `too_large`, `unsent`, `saturated`, `canceled` (the caller went away
    /// before the answer).
    pub outcome: &'static str,
}

/// The platform client.
#[derive(Debug)]
pub struct PlatformMetrics {
    /// Platform calls completed, by route, HTTP status and outcome.
    pub calls: Family<OutcomeLabels, Counter>,
    /// A call's time, slot wait and retries included.
    pub call_seconds: Family<RouteLabels, Histogram, fn() -> Histogram>,
    /// Read-only calls sent again after a failed connection.
    pub retries: Family<RouteLabels, Counter>,
    /// Calls under way now, those waiting for a call slot included.
    pub in_flight: Gauge,
    /// Connections to the platform opened. (The HTTP client's connections are opaque to the
    /// gateway, so their closing, and how many are open, cannot be seen.)
    pub connections_opened: Counter,
}

impl PlatformMetrics {
    pub(super) fn register(registry: &mut Families<'_>) -> Self {
        let metrics = Self {
            calls: Family::default(),
            call_seconds: Family::new_with_constructor(latency_histogram),
            retries: Family::default(),
            in_flight: Gauge::default(),
            connections_opened: Counter::default(),
        };
        registry.register(
            "platform_calls",
            "Platform HTTP calls completed, by route, HTTP status and outcome",
            metrics.calls.clone(),
        );
        registry.register(
            "platform_call_seconds",
            "Time of a platform call, waiting for a call slot and retries included",
            metrics.call_seconds.clone(),
        );
        registry.register(
            "platform_retries",
            "Read-only platform calls sent again after their connection failed",
            metrics.retries.clone(),
        );
        registry.register(
            "platform_calls_in_flight",
            "Platform calls under way now, those waiting for a call slot included",
            metrics.in_flight.clone(),
        );
        registry.register(
            "platform_connections_opened",
            "Connections to the platform opened",
            metrics.connections_opened.clone(),
        );
        metrics
    }
}
