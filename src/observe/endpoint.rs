//! The HTTP face of observability, for tools that cannot speak gRPC: `/metrics` (Prometheus
//! text format), `/healthz` (liveness) and `/readyz` (readiness, with the reasons when not
//! ready). The metrics port serves all three; the webhook port serves the two health paths, so
//! an orchestrator can probe a gateway whose metrics are off.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::health::Health;
use super::metrics::encode_text;

/// Path of liveness.
pub const LIVENESS_PATH: &str = "/healthz";
/// Path of readiness.
pub const READINESS_PATH: &str = "/readyz";
/// Path of the metrics.
pub const METRICS_PATH: &str = "/metrics";
/// The content type of the text format `prometheus-client` writes.
const OPENMETRICS_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";
/// Sampled gauges are read again at most this often, however often the endpoint is scraped.
const SAMPLE_INTERVAL: Duration = Duration::from_secs(1);

/// Sets the gauges that are read rather than counted (the store's size and bounds, the tail's
/// lag, the blast guard's remainders) just before a scrape encodes them.
#[async_trait::async_trait]
pub trait Sample: Send + Sync + std::fmt::Debug + 'static {
    /// Reads the current values into their gauges.
    async fn sample(&self);
}

#[derive(Debug)]
struct Scrape {
    sampler: Arc<dyn Sample>,
    /// When the gauges were last sampled.
    sampled: tokio::sync::Mutex<Option<Instant>>,
}

/// `/metrics`, `/healthz` and `/readyz`: the metrics port.
pub fn router(health: Health, sampler: Arc<dyn Sample>) -> axum::Router {
    let scrape = Arc::new(Scrape {
        sampler,
        sampled: tokio::sync::Mutex::new(None),
    });
    health_routes(health).route(
        METRICS_PATH,
        get(move || {
            let scrape = scrape.clone();
            async move { metrics(&scrape).await }
        }),
    )
}

/// `/healthz` and `/readyz` alone: what the webhook port adds to its routes.
pub fn health_routes(health: Health) -> axum::Router {
    let live = health.clone();
    axum::Router::new()
        .route(
            LIVENESS_PATH,
            get(move || {
                let live = live.live();
                async move {
                    if live {
                        (StatusCode::OK, "live\n").into_response()
                    } else {
                        (StatusCode::SERVICE_UNAVAILABLE, "not live\n").into_response()
                    }
                }
            }),
        )
        .route(
            READINESS_PATH,
            get(move || {
                let reasons = health.not_ready();
                async move {
                    if reasons.is_empty() {
                        (StatusCode::OK, "ready\n".to_owned()).into_response()
                    } else {
                        let text = format!("not ready: {}\n", reasons.join("; "));
                        (StatusCode::SERVICE_UNAVAILABLE, text).into_response()
                    }
                }
            }),
        )
}

async fn metrics(scrape: &Scrape) -> Response {
    {
        // Held while sampling: concurrent scrapes share one sample instead of each reading.
        let mut sampled = scrape.sampled.lock().await;
        if sampled.is_none_or(|at| at.elapsed() >= SAMPLE_INTERVAL) {
            scrape.sampler.sample().await;
            *sampled = Some(Instant::now());
        }
    }
    ([(header::CONTENT_TYPE, OPENMETRICS_TYPE)], encode_text()).into_response()
}
