//! The webhook listener: the platform's eight webhook paths, authenticated, parsed tolerantly,
//! appended to the durable log, and only THEN answered with the platform's success envelope.
//! A crash after the answer loses nothing; a crash before it makes the platform retry, and the
//! retry is recognised by its dedup key.

pub mod auth;
pub mod parse;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, DefaultBodyLimit, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::events::log::{EventLog, NewEvent};
use crate::wire::time::PlatformClock;
use crate::wire::webhook::WebhookKind;
use auth::WebhookAuthArgs;

/// Default largest webhook body accepted (a detail-status batch of 5000 recipients is ~1 MiB).
pub const DEFAULT_BODY_LIMIT: usize = 4 * 1024 * 1024;

/// How the listener is set up.
#[derive(Debug, Clone)]
pub struct ListenerSettings {
    /// Path prefix before the platform's documented paths, e.g. "/hooks"; "" for none.
    pub prefix: String,
    pub auth: WebhookAuthArgs,
    /// Largest body accepted; larger ones get 413.
    pub body_limit: usize,
    pub clock: PlatformClock,
}

impl ListenerSettings {
    /// The full path a kind is served on: prefix, secret path segment, documented path.
    pub fn path_of(&self, kind: WebhookKind) -> String {
        let prefix = self.prefix.trim_end_matches('/');
        match &self.auth.webhook_path_secret {
            Some(secret) => format!("{prefix}/{secret}{}", kind.path()),
            None => format!("{prefix}{}", kind.path()),
        }
    }
}

struct Listener {
    log: Arc<dyn EventLog>,
    settings: ListenerSettings,
}

/// The listener's routes. Serve with `into_make_service_with_connect_info::<SocketAddr>()`:
/// the source-address allowlist needs the peer address.
pub fn router(log: Arc<dyn EventLog>, settings: ListenerSettings) -> axum::Router {
    let body_limit = settings.body_limit;
    let paths: Vec<(WebhookKind, String)> = WebhookKind::ALL
        .iter()
        .map(|k| (*k, settings.path_of(*k)))
        .collect();
    let listener = Arc::new(Listener { log, settings });
    let mut router = axum::Router::new();
    for (kind, path) in paths {
        let served: Arc<str> = Arc::from(path.as_str());
        let handler = move |state: State<Arc<Listener>>,
                            peer: ConnectInfo<SocketAddr>,
                            headers: HeaderMap,
                            body: Bytes| {
            receive(state, peer, headers, body, kind, served.clone())
        };
        router = router.route(&path, axum::routing::post(handler));
    }
    router
        .layer(DefaultBodyLimit::max(body_limit))
        .with_state(listener)
}

/// The platform's envelope, which its webhook senders expect in every answer.
fn envelope(status: StatusCode, message: &str) -> Response {
    let code = if status.is_success() {
        200
    } else {
        status.as_u16()
    };
    (
        status,
        axum::Json(json!({"code": code, "message": message, "data": ""})),
    )
        .into_response()
}

async fn receive(
    State(listener): State<Arc<Listener>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
    kind: WebhookKind,
    path: Arc<str>,
) -> Response {
    let now = chrono::Utc::now();
    if let Err(refused) = listener
        .settings
        .auth
        .check(peer.ip(), &headers, &body, now.timestamp())
    {
        // Unauthenticated bodies are not kept: anyone could fill the dead-letter table.
        tracing::warn!(%peer, kind = kind.config_id(), %refused, "webhook refused");
        return envelope(refused.status(), &refused.to_string());
    }
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    if !content_type
        .trim_start()
        .to_ascii_lowercase()
        .starts_with("application/json")
    {
        let reason = format!("content type {content_type:?} is not application/json");
        return dead_letter(
            &listener,
            path.to_string(),
            content_type,
            reason,
            body,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        )
        .await;
    }
    let received_time = prost_types::Timestamp {
        seconds: now.timestamp(),
        nanos: now.timestamp_subsec_nanos() as i32,
    };
    let events = match parse::parse(kind, &body, &listener.settings.clock, received_time) {
        Ok(events) => events,
        Err(error) => {
            let reason = format!("not a {} webhook: {}", kind.config_id(), error.reason);
            return dead_letter(
                &listener,
                path.to_string(),
                content_type,
                reason,
                body,
                StatusCode::BAD_REQUEST,
            )
            .await;
        }
    };
    let dedup_key = match headers.get("webhook-id").and_then(|v| v.to_str().ok()) {
        Some(id) if !id.is_empty() => format!("id:{id}"),
        _ => {
            let digest: String = Sha256::digest(&body)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            format!("body:{}:{digest}", kind.config_id())
        }
    };
    let events: Vec<NewEvent> = events.into_iter().map(|event| NewEvent { event }).collect();
    match listener.log.append(dedup_key, events).await {
        Ok(_) => envelope(StatusCode::OK, "success"),
        Err(error) => {
            // Not acknowledged: the platform retries, and nothing is lost.
            tracing::error!(%error, kind = kind.config_id(), "cannot store webhook");
            envelope(
                StatusCode::SERVICE_UNAVAILABLE,
                "event log unavailable; retry",
            )
        }
    }
}

async fn dead_letter(
    listener: &Listener,
    path: String,
    content_type: String,
    reason: String,
    body: Bytes,
    status: StatusCode,
) -> Response {
    tracing::warn!(%path, %reason, "webhook rejected and dead-lettered");
    if let Err(error) = listener
        .log
        .dead_letter(path, content_type, reason.clone(), body.to_vec())
        .await
    {
        tracing::error!(%error, "cannot store a dead letter");
        return envelope(
            StatusCode::SERVICE_UNAVAILABLE,
            "event log unavailable; retry",
        );
    }
    envelope(status, &reason)
}
