//! The simulator's HTTP front: one generic handler looks a request's route up in the table the
//! areas provide, applies the fault knobs, runs the handler on the world and answers in the
//! platform's `{code, message, data}` envelope.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{Method as HttpMethod, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};
use tokio::sync::mpsc;

use super::params::{Answer, Params, PlatformError};
use super::rng::Rng;
use super::world::{Outgoing, World};
use crate::upstream::Method;

/// An endpoint handler: reads its parameters, changes the world, returns the envelope's data.
pub type Handler = fn(&mut World, &Params) -> Answer;

/// One endpoint of the simulated platform.
#[derive(Clone, Copy)]
pub struct SimRoute {
    pub method: Method,
    pub path: &'static str,
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

pub struct Shared {
    pub world: Mutex<World>,
    pub routes: HashMap<(Method, &'static str), Handler>,
    pub faults: Faults,
    pub fault_rng: Mutex<Rng>,
    pub outgoing: mpsc::UnboundedSender<Outgoing>,
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

pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

pub fn router(shared: Arc<Shared>) -> axum::Router {
    axum::Router::new().fallback(dispatch).with_state(shared)
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
