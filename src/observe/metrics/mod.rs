//! The gateway's Prometheus metrics: one family per question an operator asks, grouped by the
//! stage of the data flow that records them. Names follow Prometheus conventions (base units,
//! `_total` counters) and, for RPCs, the names go-grpc-middleware's provider uses, so existing
//! gRPC dashboards work. No label takes a value a stranger chooses: routes, methods, kinds and
//! reasons come from fixed tables, and key names from the operator's key file.
//!
//! The metrics are process-wide, like the log subscriber: every stage records without being
//! handed a registry, and a process serves one gateway.

pub mod callers;
pub mod dashboard;
pub mod health;
pub mod platform;
pub mod rpc;
pub mod store;
pub mod watch;
pub mod webhooks;

use std::sync::LazyLock;

use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::metrics::MetricType;
use prometheus_client::registry::{Metric, Registry};

/// Upper bounds of the latency histograms, in seconds: from half a millisecond (a cached or
/// local answer) to 10 s (the platform's default timeout).
pub const LATENCY_BUCKETS: [f64; 14] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// Prefix of every metric of the gateway's own (the RPC ones keep go-grpc-middleware's names).
pub const PREFIX: &str = "wadispatch";

/// Every metric family, by stage.
#[derive(Debug)]
pub struct Metrics {
    /// gRPC calls as they arrive: counts by code, handling time.
    pub rpc: rpc::RpcMetrics,
    /// Callers: refusals and what the blast guard leaves each key.
    pub callers: callers::CallerMetrics,
    /// Calls to the platform's HTTP API.
    pub platform: platform::PlatformMetrics,
    /// The webhook listener.
    pub webhooks: webhooks::WebhookMetrics,
    /// The event store: commits, size, bounds, dead letters, pruning.
    pub store: store::StoreMetrics,
    /// Watch streams and their shared work.
    pub watch: watch::WatchMetrics,
    /// What readiness is made of.
    pub health: health::HealthMetrics,
    /// The dashboard's sign-ins and sessions.
    pub dashboard: dashboard::DashboardMetrics,
}

/// A family as registered, whether or not it has a sample yet (the text format shows a labelled
/// family only once it has one): what the README and the dashboard are checked against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Described {
    /// The family's name, prefix included, without the `_total` the text format gives counters.
    pub name: String,
    /// `counter`, `gauge` or `histogram`.
    pub kind: &'static str,
    /// Its help text.
    pub help: String,
}

/// Registers families into a registry under a prefix, keeping their descriptions.
#[derive(Debug)]
pub struct Families<'a> {
    registry: &'a mut Registry,
    prefix: &'static str,
    described: &'a mut Vec<Described>,
}

impl Families<'_> {
    /// Registers `metric` as `name` (after the prefix) with `help`.
    pub fn register(&mut self, name: &str, help: &str, metric: impl Metric) {
        let kind = match metric.metric_type() {
            MetricType::Counter => "counter",
            MetricType::Gauge => "gauge",
            MetricType::Histogram => "histogram",
            MetricType::Info => "info",
            MetricType::Unknown => "unknown",
        };
        let full_name = if self.prefix.is_empty() {
            name.to_owned()
        } else {
            format!("{}_{name}", self.prefix)
        };
        self.described.push(Described {
            name: full_name,
            kind,
            help: help.to_owned(),
        });
        // The registry adds the prefix itself.
        self.registry.register(name, help, metric);
    }
}

struct Registered {
    registry: Registry,
    metrics: Metrics,
    described: Vec<Described>,
}

static REGISTERED: LazyLock<Registered> = LazyLock::new(|| {
    let mut registry = Registry::default();
    let mut described = Vec::new();
    let rpc = rpc::RpcMetrics::register(&mut Families {
        registry: &mut registry,
        prefix: "",
        described: &mut described,
    });
    let mut own = Families {
        registry: registry.sub_registry_with_prefix(PREFIX),
        prefix: PREFIX,
        described: &mut described,
    };
    let metrics = Metrics {
        rpc,
        callers: callers::CallerMetrics::register(&mut own),
        platform: platform::PlatformMetrics::register(&mut own),
        webhooks: webhooks::WebhookMetrics::register(&mut own),
        store: store::StoreMetrics::register(&mut own),
        watch: watch::WatchMetrics::register(&mut own),
        health: health::HealthMetrics::register(&mut own),
        dashboard: dashboard::DashboardMetrics::register(&mut own),
    };
    Registered {
        registry,
        metrics,
        described,
    }
});

/// The process's metrics.
pub fn metrics() -> &'static Metrics {
    &REGISTERED.metrics
}

/// Every family the gateway exports, in registration order.
pub fn families() -> &'static [Described] {
    &REGISTERED.described
}

/// Every metric in the OpenMetrics text format Prometheus scrapes.
pub fn encode_text() -> String {
    let mut text = String::with_capacity(16 * 1024);
    // Writing into a String cannot fail.
    let _ = encode(&mut text, &REGISTERED.registry);
    text
}

/// A latency histogram over [`LATENCY_BUCKETS`].
pub fn latency_histogram() -> Histogram {
    Histogram::new(LATENCY_BUCKETS)
}

/// A histogram of sizes or counts: powers of `factor` from `start`, `length` buckets.
pub fn exponential_histogram(start: f64, factor: f64, length: u16) -> Histogram {
    Histogram::new(prometheus_client::metrics::histogram::exponential_buckets(
        start, factor, length,
    ))
}
