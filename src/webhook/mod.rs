//! The webhook listener: the platform's eight webhook paths, authenticated, parsed tolerantly,
//! appended to the durable log, and only THEN answered with the platform's success envelope.
//! A crash after the answer loses nothing; a crash before it makes the platform retry, and the
//! retry is recognised by its dedup key.
//!
//! Every answer, refusals included, is the platform's envelope `{code, message, data}`. The path
//! secret is part of the routes only: logs and dead letters show the path with the secret
//! replaced by [`PATH_SECRET_PLACEHOLDER`].

pub mod auth;
pub mod parse;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use auth::{AuthError, Signature, WebhookAuth};
use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::histogram::Histogram;
use serde_json::json;
use sha2::{Digest, Sha256};
use tokio_stream::StreamExt;

use crate::events::log::{
    digest_hex, truncate_utf8, Appended, Dedup, EventLog, LogError, NewDeadLetter, NewEvent,
};
use crate::observe::metrics::metrics;
use crate::observe::metrics::webhooks::{KindLabels, OutcomeLabels};
use crate::wire::time::PlatformClock;
use crate::wire::webhook::WebhookKind;

/// Default largest webhook body accepted (a detail-status batch of 5000 recipients is ~1 MiB).
pub const DEFAULT_BODY_LIMIT: usize = 4 * 1024 * 1024;

/// How far past the body limit a body sent without Content-Length is still read (and discarded)
/// to report its size; the read then stops and the size is reported as a lower bound. Bounds
/// the work an endless body costs.
pub const OVERSIZE_COUNT_MAX: u64 = 1 << 20;

/// Longest reason answered, logged and kept, in bytes: a parse error may quote a value of the
/// body, and a content type is whatever the sender put in its header.
pub const REASON_MAX: usize = 512;
/// Most bytes reserved for a body on the strength of its Content-Length alone; a larger body
/// grows the buffer as its bytes arrive.
const PREALLOCATE_MAX: usize = 64 * 1024;

/// What stands for the path secret in logs and dead letters.
pub const PATH_SECRET_PLACEHOLDER: &str = "<path-secret>";

/// How the listener is set up.
#[derive(Debug, Clone)]
pub struct ListenerSettings {
    /// Path prefix before the platform's documented paths, e.g. "/hooks"; "" for none.
    pub prefix: String,
    /// Which requests are accepted: path secret, shared header, signature, source addresses.
    pub auth: WebhookAuth,
    /// Largest body accepted; larger ones get 413.
    pub body_limit: usize,
    /// The platform's local zone, for the `YYYY-MM-DD HH:MM:SS` times webhooks carry.
    pub clock: PlatformClock,
}

impl ListenerSettings {
    /// The full path a kind is served on: prefix, secret path segment, documented path.
    pub fn path_of(&self, kind: WebhookKind) -> String {
        self.path_with(kind, self.auth.webhook_path_secret.as_deref())
    }

    /// The path a kind is served on as logs and dead letters show it: the secret segment, if
    /// any, replaced by [`PATH_SECRET_PLACEHOLDER`].
    pub fn shown_path_of(&self, kind: WebhookKind) -> String {
        let secret = self
            .auth
            .webhook_path_secret
            .as_ref()
            .map(|_| PATH_SECRET_PLACEHOLDER);
        self.path_with(kind, secret)
    }

    fn path_with(&self, kind: WebhookKind, secret: Option<&str>) -> String {
        let prefix = self.prefix.trim_end_matches('/');
        match secret {
            Some(secret) => format!("{prefix}/{secret}{}", kind.path()),
            None => format!("{prefix}{}", kind.path()),
        }
    }
}

struct Listener {
    log: Arc<dyn EventLog>,
    settings: ListenerSettings,
}

/// One path of the listener: its kind, its path as logs show it, and its metrics.
struct Route {
    kind: WebhookKind,
    shown_path: String,
    metrics: KindMetrics,
}

/// The listener's routes. Serve with `into_make_service_with_connect_info::<SocketAddr>()`:
/// the source-address allowlist needs the peer address.
pub fn router(log: Arc<dyn EventLog>, settings: ListenerSettings) -> axum::Router {
    let routes: Vec<(String, Arc<Route>)> = WebhookKind::ALL
        .iter()
        .map(|kind| {
            let route = Route {
                kind: *kind,
                shown_path: settings.shown_path_of(*kind),
                metrics: KindMetrics::of(*kind),
            };
            (settings.path_of(*kind), Arc::new(route))
        })
        .collect();
    let listener = Arc::new(Listener { log, settings });
    let mut router = axum::Router::new();
    for (path, route) in routes {
        let handler =
            move |state: State<Arc<Listener>>,
                  peer: ConnectInfo<SocketAddr>,
                  headers: HeaderMap,
                  body: Body| { receive(state, peer, headers, body, route.clone()) };
        router = router.route(&path, axum::routing::post(handler));
    }
    // Neither logged nor echoed: a wrong path may hold a mistyped secret.
    router.fallback(not_found).with_state(listener)
}

async fn not_found() -> Response {
    count(UNKNOWN_KIND, Outcome::NotFound);
    envelope(StatusCode::NOT_FOUND, "no webhook is served on this path")
}

/// The `kind` label of requests to a path that serves no webhook.
pub const UNKNOWN_KIND: &str = "unknown";

/// What became of a webhook: the `outcome` and `reason` labels of `wadispatch_webhooks_total`.
/// Every answer the listener gives is one of these, counted once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// Appended (200).
    Stored,
    /// Appended, although its verified `webhook-id` came before with another body (200).
    StoredIdReused,
    /// Appended before: nothing stored (200).
    Duplicate,
    /// Unfit to store (4xx), dead-lettered when it could be verified.
    Rejected(Rejection),
    /// Not authenticated (401, 403).
    Refused(auth::Refusal),
    /// The body broke off or was malformed (400).
    Unreadable,
    /// The store could not take it; the sender retries (503).
    Unavailable,
    /// No webhook is served on the path (404).
    NotFound,
}

/// Why a webhook was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rejection {
    /// Over the body limit (413).
    TooLarge,
    /// Not `application/json` (415).
    ContentType,
    /// Not a webhook of its kind (400).
    Parse,
    /// An event larger than the store takes in one message (413).
    StoreTooLarge,
}

impl Outcome {
    /// The `outcome` and `reason` labels: fixed texts.
    fn labels(self) -> (&'static str, &'static str) {
        const NONE: &str = "none";
        match self {
            Outcome::Stored => ("stored", NONE),
            Outcome::StoredIdReused => ("stored", "id_reused"),
            Outcome::Duplicate => ("duplicate", NONE),
            Outcome::Rejected(rejection) => ("rejected", rejection.reason()),
            Outcome::Refused(refusal) => ("refused", refusal.reason()),
            Outcome::Unreadable => ("unreadable", NONE),
            Outcome::Unavailable => ("unavailable", NONE),
            Outcome::NotFound => ("not_found", NONE),
        }
    }
}

impl Rejection {
    fn reason(self) -> &'static str {
        match self {
            Rejection::TooLarge => "too_large",
            Rejection::ContentType => "content_type",
            Rejection::Parse => "parse",
            Rejection::StoreTooLarge => "store_too_large",
        }
    }
}

/// Counts one answer through the labels' family: for the answers off the hot path.
fn count(kind: &'static str, outcome: Outcome) {
    let (outcome, reason) = outcome.labels();
    metrics()
        .webhooks
        .received
        .get_or_create(&OutcomeLabels {
            kind,
            outcome,
            reason,
        })
        .inc();
}

/// One kind's metrics. Those of every accepted webhook are resolved once, when the router is
/// built, so that acknowledging one costs atomic increments, not a lookup of its labels.
struct KindMetrics {
    kind: &'static str,
    stored: Counter,
    duplicate: Counter,
    body_bytes: Histogram,
    commit_seconds: Histogram,
}

impl KindMetrics {
    fn of(kind: WebhookKind) -> Self {
        let webhooks = &metrics().webhooks;
        let kind = kind.config_id();
        let outcome = |outcome: Outcome| {
            let (outcome, reason) = outcome.labels();
            let labels = OutcomeLabels {
                kind,
                outcome,
                reason,
            };
            webhooks.received.get_or_create_owned(&labels)
        };
        Self {
            kind,
            stored: outcome(Outcome::Stored),
            duplicate: outcome(Outcome::Duplicate),
            body_bytes: webhooks
                .body_bytes
                .get_or_create_owned(&KindLabels { kind }),
            commit_seconds: webhooks
                .commit_seconds
                .get_or_create_owned(&KindLabels { kind }),
        }
    }

    fn count(&self, outcome: Outcome) {
        match outcome {
            Outcome::Stored => {
                self.stored.inc();
            }
            Outcome::Duplicate => {
                self.duplicate.inc();
            }
            other => count(self.kind, other),
        }
    }
}

/// The envelope of every stored webhook, serialized once: it is the answer of the hot path.
static SUCCESS: std::sync::LazyLock<Bytes> =
    std::sync::LazyLock::new(|| Bytes::from(envelope_json(StatusCode::OK, "success").to_string()));

/// The answer to a webhook that is stored: `envelope(200, "success")`, prebuilt.
fn success() -> Response {
    let json = header::HeaderValue::from_static("application/json");
    ([(header::CONTENT_TYPE, json)], SUCCESS.clone()).into_response()
}

/// The platform's envelope, which its webhook senders expect in every answer.
fn envelope(status: StatusCode, message: &str) -> Response {
    (status, axum::Json(envelope_json(status, message))).into_response()
}

fn envelope_json(status: StatusCode, message: &str) -> serde_json::Value {
    let code = if status.is_success() {
        200
    } else {
        status.as_u16()
    };
    json!({"code": code, "message": message, "data": ""})
}

async fn receive(
    State(listener): State<Arc<Listener>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Body,
    route: Arc<Route>,
) -> Response {
    let (outcome, response) = answer(&listener, peer, &headers, body, &route).await;
    route.metrics.count(outcome);
    response
}

/// Reads, checks, parses and stores a webhook; what became of it, and the answer.
async fn answer(
    listener: &Listener,
    peer: SocketAddr,
    headers: &HeaderMap,
    body: Body,
    route: &Route,
) -> (Outcome, Response) {
    let arrived = Instant::now();
    let now = chrono::Utc::now();
    let kind = route.kind;
    let auth = &listener.settings.auth;
    // Before the body is read: a refused sender costs no read.
    if let Err(refused) = auth.check_sender(peer.ip(), headers) {
        return refuse(peer, kind, refused);
    }
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let rejected = |reason: String, body: Vec<u8>| {
        NewDeadLetter::new(route.shown_path.clone(), content_type.clone(), reason, body)
    };

    // How much of a too-large body is worth reading: what its dead letter keeps, never more
    // than the limit. Nothing when a signature is required, since an unverifiable body is not
    // kept: anyone could send one.
    let limit = listener.settings.body_limit;
    let keep = if auth.requires_signature() {
        0
    } else {
        listener.log.dead_letter_body_max().min(limit)
    };
    let body = match read_body(body, declared_length(headers), limit, keep).await {
        Ok(Received::Whole(body)) => body,
        Ok(Received::TooLarge { head, len, exact }) => {
            let size = if exact { "" } else { "more than " };
            let reason = format!("body of {size}{len} bytes exceeds the limit of {limit} bytes");
            let outcome = Outcome::Rejected(Rejection::TooLarge);
            if auth.requires_signature() {
                tracing::warn!(%peer, kind = kind.config_id(), %reason, "webhook refused unverified");
                return (outcome, envelope(StatusCode::PAYLOAD_TOO_LARGE, &reason));
            }
            let letter = NewDeadLetter {
                original_len: len,
                ..rejected(reason, head)
            };
            let response = dead_letter(listener, letter, StatusCode::PAYLOAD_TOO_LARGE).await;
            return (outcome, response);
        }
        Err(error) => {
            // The sender broke off or sent a malformed body: nothing whole to keep.
            tracing::debug!(%peer, kind = kind.config_id(), %error, "webhook body unreadable");
            let response = envelope(StatusCode::BAD_REQUEST, "the body could not be read");
            return (Outcome::Unreadable, response);
        }
    };
    route.metrics.body_bytes.observe(body.len() as f64);
    let signature = match auth.check_signature(headers, &body, now.timestamp()) {
        Ok(signature) => signature,
        Err(refused) => return refuse(peer, kind, refused),
    };

    if !content_type
        .trim_start()
        .to_ascii_lowercase()
        .starts_with("application/json")
    {
        let reason = format!("content type {content_type:?} is not application/json");
        let letter = rejected(reason, body.into());
        let response = dead_letter(listener, letter, StatusCode::UNSUPPORTED_MEDIA_TYPE).await;
        return (Outcome::Rejected(Rejection::ContentType), response);
    }
    let received_time = prost_types::Timestamp {
        seconds: now.timestamp(),
        nanos: now.timestamp_subsec_nanos() as i32,
    };
    let events = match parse::parse(kind, &body, &listener.settings.clock, received_time) {
        Ok(events) => events,
        // The reason already names the kind ("<config id> webhook: ...").
        Err(error) => {
            let letter = rejected(error.reason, body.into());
            let response = dead_letter(listener, letter, StatusCode::BAD_REQUEST).await;
            return (Outcome::Rejected(Rejection::Parse), response);
        }
    };
    let (dedup, webhook_id) = dedup_of(kind, signature, &body);
    let events: Vec<NewEvent> = events.into_iter().map(|event| NewEvent { event }).collect();
    match listener.log.append(dedup, events).await {
        Ok(appended) => {
            let outcome = match appended {
                Appended::Stored { .. } => Outcome::Stored,
                Appended::Conflicting { first_seq, .. } => {
                    tracing::warn!(
                        kind = kind.config_id(),
                        webhook_id = webhook_id.as_deref().unwrap_or_default(),
                        first_seq,
                        "a verified webhook-id came again with another body: stored as a new webhook"
                    );
                    Outcome::StoredIdReused
                }
                Appended::Duplicate => Outcome::Duplicate,
            };
            if outcome != Outcome::Duplicate {
                let durable = arrived.elapsed();
                route.metrics.commit_seconds.observe(durable.as_secs_f64());
            }
            (outcome, success())
        }
        // No retry can store it: kept as a dead letter, and the sender told to stop.
        Err(error @ LogError::TooLarge(_)) => {
            let letter = rejected(error.to_string(), body.into());
            let response = dead_letter(listener, letter, StatusCode::PAYLOAD_TOO_LARGE).await;
            (Outcome::Rejected(Rejection::StoreTooLarge), response)
        }
        Err(error) => {
            // Not acknowledged: the platform retries, and nothing is lost.
            tracing::error!(%error, kind = kind.config_id(), "cannot store webhook");
            let response = envelope(
                StatusCode::SERVICE_UNAVAILABLE,
                "event log unavailable; retry",
            );
            (Outcome::Unavailable, response)
        }
    }
}

/// Refuses an unauthenticated request. Its body is not kept: anyone could fill the dead-letter
/// table.
fn refuse(peer: SocketAddr, kind: WebhookKind, refused: AuthError) -> (Outcome, Response) {
    tracing::warn!(%peer, kind = kind.config_id(), %refused, "webhook refused");
    let response = envelope(refused.status(), &refused.to_string());
    (Outcome::Refused(refused.refusal), response)
}

/// How a webhook is recognised when it comes again, and the `webhook-id` that key trusts.
///
/// A `webhook-id` counts only when a signature vouches for it, and only within its kind;
/// otherwise anyone could suppress a webhook by reusing its id. Without one, a redelivery is
/// the same kind with the same body.
fn dedup_of(kind: WebhookKind, signature: Signature, body: &[u8]) -> (Dedup, Option<String>) {
    let digest: [u8; 32] = Sha256::digest(body).into();
    match signature {
        Signature::Verified { id } => (
            Dedup::MessageId {
                scope: kind.config_id().to_owned(),
                id: id.clone(),
                digest,
            },
            Some(id),
        ),
        Signature::NotRequired => {
            let key = format!("body:{}:{}", kind.config_id(), digest_hex(&digest));
            (Dedup::Key(key), None)
        }
    }
}

/// Answers a rejected webhook with its 4xx and keeps it as a dead letter. If it cannot be kept
/// (the writer is failing, or too many dead letters are queued) the sender still gets its 4xx
/// and reason: a body that will never parse gains nothing from a retry, and a 503 here would be
/// the same answer valid webhooks get when the log is down.
async fn dead_letter(
    listener: &Listener,
    mut letter: NewDeadLetter,
    status: StatusCode,
) -> Response {
    truncate_utf8(&mut letter.reason, REASON_MAX);
    let reason = letter.reason.clone();
    let path = letter.path.clone();
    match listener.log.dead_letter(letter).await {
        Ok(id) => {
            tracing::warn!(%path, %reason, dead_letter = id, "webhook rejected and dead-lettered");
        }
        Err(error) => {
            tracing::warn!(%path, %reason, %error, "webhook rejected; not dead-lettered");
        }
    }
    envelope(status, &reason)
}

/// A request body read within the limit.
enum Received {
    Whole(Bytes),
    /// Over the limit: the first bytes (at most the `keep` asked for) and the body's length,
    /// exact from Content-Length, else a lower bound (counting stops [`OVERSIZE_COUNT_MAX`] past
    /// the limit).
    TooLarge {
        head: Vec<u8>,
        len: u64,
        exact: bool,
    },
}

/// The Content-Length the sender declared, if any and valid.
fn declared_length(headers: &HeaderMap) -> Option<u64> {
    headers
        .get(header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
}

/// Reads `body` whole if it is at most `limit` bytes. A larger one is read only as far as it
/// needs: its first `keep` bytes when Content-Length already says it is too large, else up to
/// [`OVERSIZE_COUNT_MAX`] past the limit to report its size. The rest is never read; the
/// connection then closes rather than carry the unread remainder.
async fn read_body(
    body: Body,
    declared: Option<u64>,
    limit: usize,
    keep: usize,
) -> Result<Received, axum::Error> {
    let mut chunks = body.into_data_stream();
    if let Some(len) = declared.filter(|len| *len > limit as u64) {
        let mut head = Vec::new();
        while head.len() < keep {
            // A sender that breaks off leaves what came.
            let Some(Ok(chunk)) = chunks.next().await else {
                break;
            };
            head.extend_from_slice(&chunk[..chunk.len().min(keep - head.len())]);
        }
        return Ok(Received::TooLarge {
            head,
            len,
            exact: true,
        });
    }
    // A sender's Content-Length reserves at most this much before its bytes arrive.
    let mut whole = Vec::with_capacity((declared.unwrap_or(0) as usize).min(PREALLOCATE_MAX));
    while let Some(chunk) = chunks.next().await {
        let chunk = chunk?;
        if whole.len() + chunk.len() <= limit {
            whole.extend_from_slice(&chunk);
            continue;
        }
        let mut len = (whole.len() + chunk.len()) as u64;
        whole.truncate(keep);
        whole.extend_from_slice(&chunk[..chunk.len().min(keep - whole.len())]);
        let bound = limit as u64 + OVERSIZE_COUNT_MAX;
        while len <= bound {
            match chunks.next().await {
                Some(Ok(chunk)) => len += chunk.len() as u64,
                None => {
                    return Ok(Received::TooLarge {
                        head: whole,
                        len,
                        exact: true,
                    })
                }
                Some(Err(_)) => break,
            }
        }
        return Ok(Received::TooLarge {
            head: whole,
            len,
            exact: false,
        });
    }
    Ok(Received::Whole(whole.into()))
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::webhook::auth::Refusal;

    #[test]
    fn a_body_dedup_key_carries_its_sha256_in_hex() {
        let (dedup, id) = dedup_of(WebhookKind::TaskStatus, Signature::NotRequired, b"abc");
        assert_eq!(id, None);
        assert_eq!(
            dedup,
            Dedup::Key(
                "body:GS_V3_SYNC_TASK_STATUS:\
                 ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
                    .into()
            )
        );
    }

    #[tokio::test]
    async fn the_stored_answer_is_the_success_envelope_prebuilt() {
        let body = |response: Response| async move {
            assert_eq!(response.status(), StatusCode::OK);
            assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json");
            axum::body::to_bytes(response.into_body(), 1024)
                .await
                .unwrap()
        };
        let prebuilt = body(success()).await;
        assert_eq!(prebuilt, body(envelope(StatusCode::OK, "success")).await);
        let value: serde_json::Value = serde_json::from_slice(&prebuilt).unwrap();
        assert_eq!(
            value,
            json!({"code": 200, "message": "success", "data": ""})
        );
    }

    #[test]
    fn every_outcome_has_labels_of_its_own() {
        let outcomes = [
            Outcome::Stored,
            Outcome::StoredIdReused,
            Outcome::Duplicate,
            Outcome::Rejected(Rejection::TooLarge),
            Outcome::Rejected(Rejection::ContentType),
            Outcome::Rejected(Rejection::Parse),
            Outcome::Rejected(Rejection::StoreTooLarge),
            Outcome::Refused(Refusal::SourceNotAllowed),
            Outcome::Refused(Refusal::HeaderMissing),
            Outcome::Refused(Refusal::HeaderWrong),
            Outcome::Refused(Refusal::SignatureHeadersMissing),
            Outcome::Refused(Refusal::TimestampInvalid),
            Outcome::Refused(Refusal::TimestampStale),
            Outcome::Refused(Refusal::SignatureInvalid),
            Outcome::Unreadable,
            Outcome::Unavailable,
            Outcome::NotFound,
        ];
        let labels: HashSet<_> = outcomes.iter().map(|o| o.labels()).collect();
        assert_eq!(labels.len(), outcomes.len(), "{labels:?}");
        assert_eq!(
            Outcome::Refused(Refusal::HeaderWrong).labels(),
            ("refused", "header_wrong")
        );
        assert_eq!(Outcome::Duplicate.labels(), ("duplicate", "none"));
    }
}
