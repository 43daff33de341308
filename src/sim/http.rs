//! The simulator's HTTP front: one generic handler looks a request's route up in the table the
//! areas provide, applies the fault knobs, runs the handler on the world and answers in the
//! platform's `{code, message, data}` envelope. `GET /_sim/stats` reports the calls per path.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{Method as HttpMethod, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};
use tokio::sync::mpsc;

use super::answer::{Answer, PlatformError};
use super::request::Params;
use super::rng::Rng;
use super::world::{Outgoing, World};
use crate::upstream::Method;

/// An endpoint handler: reads its parameters, changes the world, returns the envelope's data.
pub type Handler = fn(&mut World, &Params) -> Answer;

/// One endpoint of the simulated platform.
#[derive(Clone, Copy, Debug)]
pub struct SimRoute {
    /// GET or POST, as the platform's endpoint index says.
    pub method: Method,
    /// The documented path.
    pub path: &'static str,
    /// What the endpoint does to the world.
    pub handler: Handler,
}

/// Fault injection knobs.
#[derive(Debug, Clone)]
pub struct Faults {
    /// Added to every answer.
    pub latency: Duration,
    /// Probability of answering HTTP 503 instead of handling the request.
    pub http_error_rate: f64,
    /// Probability of answering an envelope error (code 500) instead of handling the request.
    pub envelope_error_rate: f64,
}

/// What every request handler shares: the world, the route table, the faults and the delivery
/// queue.
#[derive(Debug)]
pub struct Shared {
    /// The simulated platform's state; every step holds this lock.
    pub world: Mutex<World>,
    /// The handlers by method and path, fixed at start.
    pub routes: HashMap<(Method, &'static str), Handler>,
    /// The fault knobs.
    pub faults: Faults,
    /// Draws of the fault knobs, apart from the world's so that faults do not change outcomes.
    pub fault_rng: Mutex<Rng>,
    /// Webhooks handed to delivery.
    pub outgoing: mpsc::UnboundedSender<Outgoing>,
    /// Requests per endpoint path.
    pub calls: CallCounts,
}

/// The simulator's own report of what it was asked, outside the platform's paths.
pub const STATS_PATH: &str = "/_sim/stats";

/// Requests received per endpoint path, faults included (a call that got an injected 503 still
/// reached the platform), so a load test can count the platform calls a gateway makes. Only the
/// endpoints' own paths have counters: the map is fixed at start and no request can grow it.
#[derive(Debug, Default)]
pub struct CallCounts(BTreeMap<&'static str, AtomicU64>);

impl CallCounts {
    /// A zero counter for each path.
    pub fn new(paths: impl IntoIterator<Item = &'static str>) -> Self {
        Self(paths.into_iter().map(|p| (p, AtomicU64::new(0))).collect())
    }

    fn count(&self, path: &str) {
        if let Some(counter) = self.0.get(path) {
            counter.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Calls to `path` so far.
    pub fn get(&self, path: &str) -> u64 {
        self.0.get(path).map_or(0, |c| c.load(Ordering::Relaxed))
    }

    /// `{"calls": {path: count, ...}}`, every endpoint path, sorted.
    pub fn to_json(&self) -> Value {
        let calls: serde_json::Map<String, Value> = self
            .0
            .iter()
            .map(|(path, c)| ((*path).to_owned(), c.load(Ordering::Relaxed).into()))
            .collect();
        json!({ "calls": calls })
    }
}

impl Shared {
    /// Runs `step` on the world at the current time and hands its webhooks to delivery.
    pub fn with_world<T>(&self, step: impl FnOnce(&mut World) -> T) -> T {
        let mut world = self.world.lock().expect("a world step panicked");
        world.tick(now_ms());
        let result = step(&mut world);
        for webhook in world.outbox.drain(..) {
            // Delivery ends only at shutdown; webhooks produced after it have nowhere to go.
            let _ = self.outgoing.send(webhook);
        }
        result
    }
}

/// The wall clock in epoch milliseconds: the simulator's time.
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// The simulator's HTTP routes: [`STATS_PATH`], and every other path through the endpoint table.
pub fn router(shared: Arc<Shared>) -> axum::Router {
    axum::Router::new()
        .route(STATS_PATH, axum::routing::get(stats))
        .fallback(dispatch)
        .with_state(shared)
}

async fn stats(State(shared): State<Arc<Shared>>) -> axum::Json<Value> {
    axum::Json(shared.calls.to_json())
}

async fn dispatch(
    State(shared): State<Arc<Shared>>,
    method: HttpMethod,
    uri: Uri,
    Query(query): Query<Vec<(String, String)>>,
    body: Bytes,
) -> Response {
    if !shared.faults.latency.is_zero() {
        tokio::time::sleep(shared.faults.latency).await;
    }
    let method = match method {
        HttpMethod::GET => Method::Get,
        HttpMethod::POST => Method::Post,
        other => {
            return (
                StatusCode::METHOD_NOT_ALLOWED,
                format!("{other} is not used by the platform"),
            )
                .into_response()
        }
    };
    let Some(handler) = shared.routes.get(&(method, uri.path())).copied() else {
        return (
            StatusCode::NOT_FOUND,
            format!("no endpoint {method:?} {}", uri.path()),
        )
            .into_response();
    };
    shared.calls.count(uri.path());
    let (outage, envelope_error) = {
        let mut rng = shared.fault_rng.lock().expect("fault rng");
        (
            rng.chance(shared.faults.http_error_rate),
            rng.chance(shared.faults.envelope_error_rate),
        )
    };
    if outage {
        return (StatusCode::SERVICE_UNAVAILABLE, "simulated outage").into_response();
    }
    if envelope_error {
        return envelope(Err(PlatformError::code(500, "simulated platform error")));
    }
    let params = match method {
        Method::Get => Params::from_query(query),
        Method::Post => match serde_json::from_slice::<Value>(&body) {
            Ok(value) => Params(value),
            Err(error) => {
                let answer = json!({"code": 400, "message": format!("body is not JSON: {error}"), "data": null});
                return (StatusCode::BAD_REQUEST, axum::Json(answer)).into_response();
            }
        },
    };
    envelope(shared.with_world(|world| handler(world, &params)))
}

fn envelope(answer: Answer) -> Response {
    let body = match answer {
        Ok(data) => json!({"code": 200, "message": "success", "data": data}),
        Err(PlatformError { code, message }) => {
            json!({"code": code, "message": message, "data": null})
        }
    };
    axum::Json(body).into_response()
}
