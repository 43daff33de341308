//! Watch streams (`WatchTask`, `WatchAccounts`) and the work they share.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;

use super::Families;

/// Which watch.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct WatchLabels {
    /// `task` (WatchTask) or `accounts` (WatchAccounts); `all` for a reader of every event.
    pub kind: &'static str,
}

/// Watch streams.
#[derive(Debug, Default)]
pub struct WatchMetrics {
    /// Streams open now.
    pub streams: Family<WatchLabels, Gauge>,
    /// Times a stream fell behind the live feed and was moved to reading the log.
    pub detached: Family<WatchLabels, Counter>,
    /// Times a detached stream caught up and rejoined the live feed.
    pub caught_up: Family<WatchLabels, Counter>,
    /// Events sent to watchers.
    pub events_sent: Family<WatchLabels, Counter>,
    /// Events committed to the log that the live feed has not fanned out yet (sampled at scrape).
    pub tail_lag: Gauge,
    /// Task snapshots fetched from the platform.
    pub snapshot_fetches: Counter,
    /// Task snapshots asked for and answered by the shared cache (a fetched snapshot, or a
    /// failure kept briefly) or by a fetch already under way.
    pub snapshot_hits: Counter,
}

impl WatchMetrics {
    pub(super) fn register(registry: &mut Families<'_>) -> Self {
        let metrics = Self::default();
        registry.register(
            "watch_streams",
            "Watch streams open now",
            metrics.streams.clone(),
        );
        registry.register(
            "watch_detached",
            "Times a watch stream fell behind the live feed and read the log instead",
            metrics.detached.clone(),
        );
        registry.register(
            "watch_caught_up",
            "Times a detached watch stream caught up and rejoined the live feed",
            metrics.caught_up.clone(),
        );
        registry.register(
            "watch_events_sent",
            "Events sent to watchers",
            metrics.events_sent.clone(),
        );
        registry.register(
            "watch_tail_lag_events",
            "Events committed to the log that the live feed has not fanned out yet",
            metrics.tail_lag.clone(),
        );
        registry.register(
            "snapshot_fetches",
            "Task snapshots fetched from the platform",
            metrics.snapshot_fetches.clone(),
        );
        registry.register(
            "snapshot_hits",
            "Task snapshots answered by the shared cache (failures kept briefly included) or by a fetch already under way",
            metrics.snapshot_hits.clone(),
        );
        metrics
    }
}
