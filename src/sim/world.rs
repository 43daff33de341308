//! The simulated platform's whole state, behind one lock: every endpoint handler and every tick
//! of the clock take `&mut World`, so state machines need no further synchronisation.

use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone};
use serde_json::Value;

use super::rng::Rng;
use super::{accounts, cloud, tasks};
use crate::wire::webhook::WebhookKind;

/// Behaviour knobs the state machines read.
#[derive(Debug, Clone)]
pub struct Knobs {
    /// Time multiplier: 2.0 runs everything twice as fast.
    pub speed: f64,
    /// Probability that one recipient's message fails.
    pub failure_rate: f64,
    /// Probability that a recipient who read the message replies.
    pub reply_rate: f64,
}

/// A webhook waiting to be delivered.
#[derive(Debug, Clone)]
pub struct Outgoing {
    /// Which webhook: its documented path is appended to the receiver's URL.
    pub kind: WebhookKind,
    /// The webhook's JSON body.
    pub body: Value,
}

/// The simulated platform: every area's state, the clock and the webhooks a step produced.
#[derive(Debug)]
pub struct World {
    /// Speed, failure and reply rates.
    pub knobs: Knobs,
    /// The seeded draws of every outcome.
    pub rng: Rng,
    /// Wall-clock time of the current step, epoch milliseconds.
    pub now_ms: i64,
    /// The platform's local zone for its `YYYY-MM-DD HH:MM:SS` strings.
    pub zone: FixedOffset,
    /// The task area: tasks and their recipients.
    pub tasks: tasks::State,
    /// The account area: accounts, audience groups, registrations, wake-up actions.
    pub accounts: accounts::State,
    /// The cloud area: QR code windows, ports, scan tasks.
    pub cloud: cloud::State,
    /// Webhooks produced by the current step, drained by the server after it.
    pub outbox: Vec<Outgoing>,
}

impl World {
    /// A fresh world at `now_ms`: the seeded accounts online, no tasks, the example's pairing
    /// targets and the default port quota.
    pub fn new(knobs: Knobs, seed: u64, zone: FixedOffset, now_ms: i64) -> Self {
        Self {
            knobs,
            rng: Rng::new(seed),
            now_ms,
            zone,
            tasks: tasks::State::default(),
            accounts: accounts::State::default(),
            cloud: cloud::State::default(),
            outbox: Vec::new(),
        }
    }

    /// Queues a webhook.
    pub fn emit(&mut self, kind: WebhookKind, body: Value) {
        self.outbox.push(Outgoing { kind, body });
    }

    /// A duration of the platform's, in milliseconds, scaled by the speed knob.
    pub fn scaled_ms(&self, base_ms: f64) -> i64 {
        (base_ms / self.knobs.speed.max(1e-6)).round() as i64
    }

    /// Epoch milliseconds as the platform's local `YYYY-MM-DD HH:MM:SS`.
    pub fn local_time(&self, epoch_ms: i64) -> String {
        DateTime::from_timestamp_millis(epoch_ms)
            .unwrap_or_default()
            .with_timezone(&self.zone)
            .format("%Y-%m-%d %H:%M:%S")
            .to_string()
    }

    /// The platform's local `YYYY-MM-DD HH:MM:SS` as epoch milliseconds.
    pub fn parse_local(&self, text: &str) -> Option<i64> {
        let naive = NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%d %H:%M:%S").ok()?;
        Some(
            self.zone
                .from_local_datetime(&naive)
                .single()?
                .timestamp_millis(),
        )
    }

    /// Advances every state machine to `now_ms`.
    pub fn tick(&mut self, now_ms: i64) {
        self.now_ms = self.now_ms.max(now_ms);
        tasks::tick(self);
        accounts::tick(self);
        cloud::tick(self);
    }
}
