//! The live dashboard: a small page for the people who run campaigns, served by the gateway on
//! its own listener (`--dashboard-addr`; off in `serve` unless given, on in `demo`).
//!
//! It reads what the gRPC API reads, the same way: campaigns and accounts come as Server-Sent
//! Events from the watch streams of `grpc::watch` (the same durable log, hub and snapshots), each
//! message's SSE id being its cursor, so a reconnecting browser sends `Last-Event-ID` and resumes
//! right after it, gap-free. A person signs in with an API key once (`session`); the session
//! cookie then stands for the key, whose permissions are checked on every request as the gRPC
//! API checks them. The page's files are embedded in the binary (`assets`): it needs no internet.

mod api;
mod assets;
mod session;
mod stream;

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use session::Sessions;
use tokio::sync::Semaphore;

use crate::callers::authenticate::Admission;
use crate::callers::{Caller, Permission};
use crate::grpc::Gateway;
use crate::observe::health::Health;

/// Event-stream backlog a newly opened page starts with, unless the flag says otherwise.
pub const DEFAULT_BACKLOG_EVENTS: u64 = 5_000;
/// Event streams all open pages hold at most, unless the flag says otherwise.
pub const DEFAULT_MAX_STREAMS: usize = 64;
/// Sessions kept at most; at the cap, a new sign-in ends the oldest session.
const MAX_SESSIONS: usize = 1_024;
/// How long a session lasts from its sign-in.
const SESSION_LIFETIME: Duration = Duration::from_secs(12 * 3600);
/// Largest request body: a sign-in's key in a little JSON.
const MAX_BODY_BYTES: usize = 4 * 1024;

/// Settings of the dashboard (from `config::DashboardArgs`).
#[derive(Debug, Clone, Copy)]
pub struct DashboardSettings {
    /// Events of the log a newly opened page is sent before the live ones, so it shows the
    /// recent campaigns (a reconnecting page resumes from its own cursor instead).
    pub backlog_events: u64,
    /// Event streams open at once, over every page: each holds a watch stream.
    pub max_streams: usize,
}

impl Default for DashboardSettings {
    fn default() -> Self {
        Self {
            backlog_events: DEFAULT_BACKLOG_EVENTS,
            max_streams: DEFAULT_MAX_STREAMS,
        }
    }
}

/// What every dashboard request reaches: the gateway the gRPC API calls through, who may sign
/// in, the sessions, health, and the bound on open event streams.
#[derive(Debug)]
struct Dashboard {
    gateway: Arc<Gateway>,
    admission: Admission,
    sessions: Sessions,
    health: Health,
    streams: Arc<Semaphore>,
    settings: DashboardSettings,
}

/// The dashboard's routes. `secure` marks the session cookie `Secure` (the listener has TLS).
pub fn router(
    gateway: Arc<Gateway>,
    admission: Admission,
    health: Health,
    settings: DashboardSettings,
    secure: bool,
) -> Router {
    let dashboard = Arc::new(Dashboard {
        gateway,
        admission,
        sessions: Sessions::new(MAX_SESSIONS, SESSION_LIFETIME, secure),
        health,
        streams: Arc::new(Semaphore::new(settings.max_streams.max(1))),
        settings,
    });
    Router::new()
        .route("/", get(assets::index))
        .route("/assets/{file}", get(assets::file))
        .route(
            "/api/session",
            get(session::current)
                .post(session::sign_in)
                .delete(session::sign_out),
        )
        .route("/api/tasks/events", get(stream::tasks))
        .route("/api/accounts/events", get(stream::accounts))
        .route("/api/tasks/{task_id}", get(api::task))
        .route("/api/dead-letters", get(api::dead_letters))
        .route("/api/health", get(api::health))
        .fallback(|| async { ApiError::new(StatusCode::NOT_FOUND, "no such page") })
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::map_response(assets::security_headers))
        .with_state(dashboard)
}

impl Dashboard {
    /// The caller of an API request, admitted at its call rate and holding `permission`.
    fn admit(
        &self,
        headers: &axum::http::HeaderMap,
        permission: Option<Permission>,
    ) -> Result<Caller, ApiError> {
        let caller = self.caller(headers)?;
        if let Some(permission) = permission {
            caller.require(permission).map_err(ApiError::from)?;
        }
        self.gateway
            .guard
            .admit_call(&caller, Instant::now())
            .inspect_err(|_| crate::callers::count_refusal(crate::callers::Refusal::RateLimited))?;
        Ok(caller)
    }
}

/// An API answer that is not a success: its status and `{"error": reason}`.
#[derive(Debug)]
struct ApiError {
    status: StatusCode,
    message: String,
}

impl ApiError {
    fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = axum::Json(serde_json::json!({ "error": self.message }));
        (self.status, body).into_response()
    }
}

/// A gRPC status as the HTTP status a browser expects, with the same (secret-free) message.
impl From<tonic::Status> for ApiError {
    fn from(status: tonic::Status) -> Self {
        use tonic::Code;
        let http = match status.code() {
            Code::InvalidArgument | Code::FailedPrecondition => StatusCode::BAD_REQUEST,
            Code::Unauthenticated => StatusCode::UNAUTHORIZED,
            Code::PermissionDenied => StatusCode::FORBIDDEN,
            Code::NotFound => StatusCode::NOT_FOUND,
            Code::OutOfRange => StatusCode::GONE,
            Code::ResourceExhausted => StatusCode::TOO_MANY_REQUESTS,
            Code::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            Code::DeadlineExceeded => StatusCode::GATEWAY_TIMEOUT,
            _ => StatusCode::BAD_GATEWAY,
        };
        Self::new(http, status.message())
    }
}
