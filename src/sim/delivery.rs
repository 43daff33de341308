//! Webhook delivery, as a platform does it: POST to the receiver's URL plus the kind's path,
//! retried with backoff until a 2xx answer or the attempts run out. Knobs drop deliveries
//! (never sent) or reorder them (sent concurrently after a random delay).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc;

use super::rng::Rng;
use super::world::Outgoing;

/// First delay between attempts; doubled per attempt up to `MAX_BACKOFF`.
const BASE_BACKOFF: Duration = Duration::from_millis(100);
const MAX_BACKOFF: Duration = Duration::from_secs(3);
/// Most random delay before a reordered delivery.
const MAX_REORDER_DELAY_MS: u64 = 50;
/// Upper bound of one delivery attempt.
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(5);

/// How webhooks are delivered (taken from [`SimSettings`](super::SimSettings)).
#[derive(Debug, Clone)]
pub struct DeliverySettings {
    /// Receiver base URL; None sends nothing (webhooks off).
    pub url: Option<String>,
    /// Attempts per webhook before giving up.
    pub attempts: u32,
    /// Probability that a webhook is dropped and never sent.
    pub drop_rate: f64,
    /// Deliver concurrently with random delays, so webhooks may arrive out of order.
    pub reorder: bool,
    /// Seed of the drop and reorder draws, so a run repeats.
    pub seed: u64,
}

/// Counters of what delivery did, for tests and logs.
#[derive(Debug, Default)]
pub struct DeliveryStats {
    /// POSTs made, retries included.
    pub attempts: AtomicU64,
    /// Webhooks the receiver acknowledged with a 2xx.
    pub delivered: AtomicU64,
    /// Webhooks dropped on purpose by the drop knob.
    pub dropped: AtomicU64,
    /// Webhooks given up after every attempt failed.
    pub abandoned: AtomicU64,
}

impl DeliveryStats {
    /// A counter's value now.
    pub fn get(counter: &AtomicU64) -> u64 {
        counter.load(Ordering::Relaxed)
    }
}

/// Delivers what arrives on `outgoing` until the channel closes.
pub async fn run(
    mut outgoing: mpsc::UnboundedReceiver<Outgoing>,
    settings: DeliverySettings,
    stats: Arc<DeliveryStats>,
) {
    let http = reqwest::Client::new();
    let mut rng = Rng::new(settings.seed ^ 0xDE11_7E57);
    while let Some(webhook) = outgoing.recv().await {
        let Some(base) = settings.url.clone() else {
            continue;
        };
        if rng.chance(settings.drop_rate) {
            stats.dropped.fetch_add(1, Ordering::Relaxed);
            tracing::debug!(
                kind = webhook.kind.config_id(),
                "webhook dropped by the drop knob"
            );
            continue;
        }
        let url = format!("{}{}", base.trim_end_matches('/'), webhook.kind.path());
        if settings.reorder {
            let delay = Duration::from_millis(rng.below(MAX_REORDER_DELAY_MS + 1));
            let (http, stats) = (http.clone(), stats.clone());
            tokio::spawn(async move {
                tokio::time::sleep(delay).await;
                deliver(&http, &url, &webhook, settings.attempts, &stats).await;
            });
        } else {
            deliver(&http, &url, &webhook, settings.attempts, &stats).await;
        }
    }
}

async fn deliver(
    http: &reqwest::Client,
    url: &str,
    webhook: &Outgoing,
    attempts: u32,
    stats: &DeliveryStats,
) {
    let mut backoff = BASE_BACKOFF;
    for attempt in 1..=attempts.max(1) {
        stats.attempts.fetch_add(1, Ordering::Relaxed);
        let answer = http
            .post(url)
            .json(&webhook.body)
            .timeout(ATTEMPT_TIMEOUT)
            .send()
            .await;
        match answer {
            Ok(response) if response.status().is_success() => {
                stats.delivered.fetch_add(1, Ordering::Relaxed);
                return;
            }
            Ok(response) => {
                tracing::debug!(url, attempt, status = %response.status(), "webhook refused; retrying")
            }
            Err(error) => tracing::debug!(url, attempt, %error, "webhook not answered; retrying"),
        }
        if attempt < attempts {
            tokio::time::sleep(backoff).await;
            backoff = (backoff * 2).min(MAX_BACKOFF);
        }
    }
    stats.abandoned.fetch_add(1, Ordering::Relaxed);
    tracing::warn!(
        url,
        kind = webhook.kind.config_id(),
        attempts,
        "webhook abandoned after every attempt failed"
    );
}
