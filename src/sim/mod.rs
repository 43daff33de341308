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
use clap::Args;
use tokio::net::TcpListener;
use tokio::sync::mpsc;

use crate::config::{parse_duration, parse_offset, DEFAULT_PLATFORM_UTC_OFFSET};
use delivery::{DeliverySettings, DeliveryStats};
use http::{CallCounts, Faults, Shared};
use world::{Knobs, World};

/// Default simulator listen address.
pub const DEFAULT_SIM_ADDR: &str = "127.0.0.1:9090";
/// How often the state machines advance.
const TICK: Duration = Duration::from_millis(10);

/// Settings of the simulator (`sim` flags; `demo` uses the defaults).
#[derive(Debug, Clone, Args)]
pub struct SimArgs {
    /// Address the simulated platform listens on.
    #[arg(long, env = "WADISPATCH_SIM_LISTEN", default_value = DEFAULT_SIM_ADDR)]
    pub listen: SocketAddr,

    /// Base URL webhooks are sent to (each kind's documented path is appended); none: no webhooks.
    #[arg(long, env = "WADISPATCH_SIM_WEBHOOK_URL")]
    pub webhook_url: Option<String>,

    /// Time multiplier: at 1.0 a 100-recipient task completes in about a second.
    #[arg(long, env = "WADISPATCH_SIM_SPEED", default_value_t = 1.0)]
    pub speed: f64,

    /// Probability that one recipient's message fails.
    #[arg(long, env = "WADISPATCH_SIM_FAILURE_RATE", default_value_t = 0.05)]
    pub failure_rate: f64,

    /// Probability that a recipient who read the message replies.
    #[arg(long, env = "WADISPATCH_SIM_REPLY_RATE", default_value_t = 0.3)]
    pub reply_rate: f64,

    /// Random seed: the same seed and the same requests give the same outcomes.
    #[arg(long, env = "WADISPATCH_SIM_SEED", default_value_t = 1)]
    pub seed: u64,

    /// Latency added to every answer.
    #[arg(long, env = "WADISPATCH_SIM_LATENCY", default_value = "0ms", value_parser = parse_duration)]
    pub latency: Duration,

    /// Probability of answering HTTP 503 instead of handling a request.
    #[arg(long, env = "WADISPATCH_SIM_HTTP_ERROR_RATE", default_value_t = 0.0)]
    pub http_error_rate: f64,

    /// Probability of answering an envelope error (code 500) instead of handling a request.
    #[arg(
        long,
        env = "WADISPATCH_SIM_ENVELOPE_ERROR_RATE",
        default_value_t = 0.0
    )]
    pub envelope_error_rate: f64,

    /// Probability that a webhook is dropped and never sent.
    #[arg(long, env = "WADISPATCH_SIM_WEBHOOK_DROP_RATE", default_value_t = 0.0)]
    pub webhook_drop_rate: f64,

    /// Deliver webhooks concurrently after random delays, so they may arrive out of order.
    #[arg(long, env = "WADISPATCH_SIM_WEBHOOK_REORDER")]
    pub webhook_reorder: bool,

    /// Delivery attempts per webhook before it is abandoned.
    #[arg(long, env = "WADISPATCH_SIM_WEBHOOK_ATTEMPTS", default_value_t = 10)]
    pub webhook_attempts: u32,

    /// UTC offset of the simulated platform's local times.
    #[arg(long = "sim-utc-offset", env = "WADISPATCH_SIM_UTC_OFFSET", default_value = DEFAULT_PLATFORM_UTC_OFFSET, value_parser = parse_offset)]
    pub utc_offset: FixedOffset,
}

/// A running simulator.
pub struct Simulator {
    pub addr: SocketAddr,
    pub shared: Arc<Shared>,
    pub delivery: Arc<DeliveryStats>,
}

impl Simulator {
    /// Starts serving on `listener`; runs until the runtime ends.
    pub fn start(listener: TcpListener, args: &SimArgs) -> std::io::Result<Self> {
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
