//! The platform simulator: the platform's 39 endpoints over real in-memory state machines, and
//! its 8 webhooks sent to a receiver. It is the stand-in for the platform in `demo`, the tests
//! and the benchmarks, so it behaves as the documents describe rather than replaying answers.

pub mod accounts;
pub mod answer;
pub mod cloud;
pub mod delivery;
pub mod http;
pub mod request;
pub mod rng;
pub mod tasks;
pub mod world;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::serve::ListenerExt;
use chrono::FixedOffset;
use delivery::{DeliverySettings, DeliveryStats};
use http::{CallCounts, Faults, Shared};
use tokio::net::TcpListener;
use tokio::sync::mpsc;
use world::{Knobs, World};

/// How often the state machines advance.
const TICK: Duration = Duration::from_millis(10);

/// Settings of the simulator (built from the `sim` flags by `config::SimArgs`).
#[derive(Debug, Clone)]
pub struct SimSettings {
    /// Address the simulated platform listens on.
    pub listen: SocketAddr,
    /// Base URL webhooks are sent to (each kind's documented path is appended); none: no webhooks.
    pub webhook_url: Option<String>,
    /// Time multiplier: at 1.0 a 100-recipient task completes in about a second.
    pub speed: f64,
    /// Probability that one recipient's message fails.
    pub failure_rate: f64,
    /// Probability that a recipient who read the message replies.
    pub reply_rate: f64,
    /// Random seed: the same seed and the same requests give the same outcomes.
    pub seed: u64,
    /// Latency added to every answer.
    pub latency: Duration,
    /// Probability of answering HTTP 503 instead of handling a request.
    pub http_error_rate: f64,
    /// Probability of answering an envelope error (code 500) instead of handling a request.
    pub envelope_error_rate: f64,
    /// Probability that a webhook is dropped and never sent.
    pub webhook_drop_rate: f64,
    /// Deliver webhooks concurrently after random delays, so they may arrive out of order.
    pub webhook_reorder: bool,
    /// Delivery attempts per webhook before it is abandoned.
    pub webhook_attempts: u32,
    /// UTC offset of the simulated platform's local times.
    pub utc_offset: FixedOffset,
}

/// A running simulator.
#[derive(Debug)]
pub struct Simulator {
    /// The address it listens on.
    pub addr: SocketAddr,
    /// The world, routes and call counts, for tests that look inside.
    pub shared: Arc<Shared>,
    /// What webhook delivery did.
    pub delivery: Arc<DeliveryStats>,
}

impl Simulator {
    /// Starts serving on `listener`; runs until the runtime ends.
    pub fn start(listener: TcpListener, args: &SimSettings) -> std::io::Result<Self> {
        let addr = listener.local_addr()?;
        let (outgoing, to_deliver) = mpsc::unbounded_channel();
        let knobs = Knobs {
            speed: args.speed,
            failure_rate: args.failure_rate,
            reply_rate: args.reply_rate,
        };
        let mut routes = HashMap::new();
        for route in tasks::routes()
            .into_iter()
            .chain(accounts::routes())
            .chain(cloud::routes())
        {
            let previous = routes.insert((route.method, route.path), route.handler);
            assert!(previous.is_none(), "two handlers for {}", route.path);
        }
        let calls = CallCounts::new(routes.keys().map(|(_, path)| *path));
        let shared = Arc::new(Shared {
            world: Mutex::new(World::new(
                knobs,
                args.seed,
                args.utc_offset,
                http::now_ms(),
            )),
            routes,
            faults: Faults {
                latency: args.latency,
                http_error_rate: args.http_error_rate,
                envelope_error_rate: args.envelope_error_rate,
            },
            fault_rng: Mutex::new(rng::Rng::new(args.seed ^ 0xFA17)),
            outgoing,
            calls,
        });
        let delivery = Arc::new(DeliveryStats::default());
        let settings = DeliverySettings {
            url: args.webhook_url.clone(),
            attempts: args.webhook_attempts,
            drop_rate: args.webhook_drop_rate,
            reorder: args.webhook_reorder,
            seed: args.seed,
        };
        tokio::spawn(delivery::run(to_deliver, settings, delivery.clone()));
        let ticking = shared.clone();
        tokio::spawn(async move {
            let mut interval = tokio::time::interval(TICK);
            interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
            loop {
                interval.tick().await;
                ticking.with_world(|_| ());
            }
        });
        let app = http::router(shared.clone());
        tokio::spawn(async move {
            let listener = listener.tap_io(|tcp| {
                let _ = tcp.set_nodelay(true);
            });
            if let Err(error) = axum::serve(listener, app).await {
                tracing::error!("simulator stopped: {error}");
            }
        });
        Ok(Self {
            addr,
            shared,
            delivery,
        })
    }
}
