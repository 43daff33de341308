//! The dashboard's Server-Sent Events: the gRPC watch streams of every task and every account,
//! each message as its JSON view (`view`) with the cursor as its SSE id. A browser reconnecting
//! sends the last id as `Last-Event-ID`; the stream resumes right after it. A stream that fails
//! (a cursor the log no longer holds, the store gone) sends one `failure` event and ends.

use std::convert::Infallible;
use std::pin::Pin;
use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event, Sse};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tokio::sync::OwnedSemaphorePermit;
use tokio_stream::{Stream, StreamExt};

use super::{ApiError, Dashboard};
use crate::callers::Permission;
use crate::grpc::watch;
use crate::proto::v1::{WatchAccountsRequest, WatchTaskRequest};
use crate::proto::EncodedWatchTaskResponse;

/// Longest `Last-Event-ID` or `after` taken: a cursor is a few dozen characters.
const MAX_CURSOR_CHARS: usize = 128;

/// Where a stream starts, besides `Last-Event-ID`.
#[derive(Debug, Deserialize)]
pub(super) struct Start {
    after: Option<String>,
}

/// An SSE body, whatever stream it came from.
type Events = Pin<Box<dyn Stream<Item = Result<Event, Infallible>> + Send>>;

/// The cursor to resume after: the browser's `Last-Event-ID` first, then `?after=`.
fn resume_cursor(headers: &HeaderMap, start: Start) -> Result<Option<String>, ApiError> {
    let cursor = headers
        .get("last-event-id")
        .map(|value| {
            value.to_str().map(str::to_owned).map_err(|_| {
                ApiError::new(StatusCode::BAD_REQUEST, "Last-Event-ID is not a cursor")
            })
        })
        .transpose()?
        .or(start.after)
        .map(|cursor| cursor.trim().to_owned())
        .filter(|cursor| !cursor.is_empty());
    match cursor {
        Some(cursor) if cursor.len() > MAX_CURSOR_CHARS => Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            format!("a cursor is at most {MAX_CURSOR_CHARS} characters"),
        )),
        cursor => Ok(cursor),
    }
}

/// A stream slot, or 503 when every one is taken.
fn stream_slot(dashboard: &Dashboard) -> Result<OwnedSemaphorePermit, ApiError> {
    dashboard.streams.clone().try_acquire_owned().map_err(|_| {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "the dashboard's {} event streams are all open: close a page or try later",
                dashboard.settings.max_streams
            ),
        )
    })
}

/// `GET /api/tasks/events`: every task, from the page's cursor, or from a backlog of recent
/// events for a new page (so it shows the campaigns under way and just finished).
pub(super) async fn tasks(
    State(dashboard): State<Arc<Dashboard>>,
    headers: HeaderMap,
    Query(start): Query<Start>,
) -> Result<Response, ApiError> {
    dashboard.admit(&headers, Some(Permission::TasksWatch))?;
    let after_cursor = match resume_cursor(&headers, start)? {
        Some(cursor) => cursor,
        None => backlog_start(&dashboard).await?,
    };
    let slot = stream_slot(&dashboard)?;
    let request = WatchTaskRequest {
        task_id: String::new(),
        after_cursor,
        end_when_final: false,
    };
    let stream = watch::watch_task(dashboard.gateway.clone(), request).await;
    Ok(event_stream(stream, slot, task_view, "task"))
}

/// `GET /api/accounts/events`: every account, opening with their states (also on a reconnect,
/// which then goes on after the page's cursor).
pub(super) async fn accounts(
    State(dashboard): State<Arc<Dashboard>>,
    headers: HeaderMap,
    Query(start): Query<Start>,
) -> Result<Response, ApiError> {
    dashboard.admit(&headers, Some(Permission::AccountsWatch))?;
    let after_cursor = resume_cursor(&headers, start)?.unwrap_or_default();
    let slot = stream_slot(&dashboard)?;
    let request = WatchAccountsRequest {
        phones: Vec::new(),
        after_cursor,
    };
    let stream = watch::watch_accounts(dashboard.gateway.clone(), request).await;
    let view = |message: &_| Ok(crate::view::accounts_message(message));
    Ok(event_stream(stream, slot, view, "accounts"))
}

/// The event stream of a watch (or of why it did not start): each message as its `view`, an
/// event named `name`, holding its stream `slot` until the page leaves. Unbuffered by proxies
/// (nginx holds a response back otherwise).
fn event_stream<T: Send + 'static>(
    watch: Result<watch::WatchStream<T>, tonic::Status>,
    slot: OwnedSemaphorePermit,
    view: fn(&T) -> Result<serde_json::Value, tonic::Status>,
    name: &'static str,
) -> Response {
    let events: Events = match watch {
        Ok(stream) => Box::pin(stream.map(move |message| {
            let _slot = &slot;
            Ok(match message.and_then(|message| view(&message)) {
                Ok(view) => message_event(view, name),
                Err(status) => failure_event(&status),
            })
        })),
        Err(status) => Box::pin(tokio_stream::once(Ok(failure_event(&status)))),
    };
    ([("x-accel-buffering", "no")], Sse::new(events)).into_response()
}

/// The cursor `backlog_events` before the latest, or the oldest the log can resume from.
async fn backlog_start(dashboard: &Dashboard) -> Result<String, ApiError> {
    let log = &dashboard.gateway.events.log;
    let bounds = log.bounds().await.map_err(|error| {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            format!("event log unavailable: {error}"),
        )
    })?;
    let oldest_resumable = bounds.oldest.map_or(bounds.latest, |oldest| oldest - 1);
    let start = bounds
        .latest
        .saturating_sub(dashboard.settings.backlog_events)
        .max(oldest_resumable);
    Ok(log.cursor_text(start))
}

/// A watch message as an SSE event: named `kind` (or `heartbeat`), its id the cursor.
/// The view of a WatchTask message, which the stream sends encoded.
fn task_view(message: &EncodedWatchTaskResponse) -> Result<serde_json::Value, tonic::Status> {
    let message = message
        .to_message()
        .map_err(|e| tonic::Status::internal(format!("a watch message does not decode: {e}")))?;
    Ok(crate::view::task_message(&message))
}

fn message_event(view: serde_json::Value, kind: &'static str) -> Event {
    let name = if view["kind"] == "heartbeat" {
        "heartbeat"
    } else {
        kind
    };
    let event = Event::default().event(name);
    let event = match view["cursor"].as_str() {
        Some(cursor) if !cursor.is_empty() => event.id(cursor),
        _ => event,
    };
    event.data(view.to_string())
}

/// The stream's last event: why it ended, as `{code, message}`.
fn failure_event(status: &tonic::Status) -> Event {
    let code = format!("{:?}", status.code());
    let failure = serde_json::json!({
        "code": screaming_snake(&code),
        "message": status.message(),
    });
    Event::default().event("failure").data(failure.to_string())
}

/// `OutOfRange` as `OUT_OF_RANGE`, gRPC's own spelling of its codes.
fn screaming_snake(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_spelled_as_grpc_spells_them() {
        assert_eq!(screaming_snake("OutOfRange"), "OUT_OF_RANGE");
        assert_eq!(screaming_snake("Unavailable"), "UNAVAILABLE");
    }

    #[test]
    fn last_event_id_comes_before_after() {
        let mut headers = HeaderMap::new();
        headers.insert("last-event-id", "42".parse().unwrap());
        let start = Start {
            after: Some("7".into()),
        };
        assert_eq!(
            resume_cursor(&headers, start).unwrap().as_deref(),
            Some("42")
        );
        let start = Start {
            after: Some(" 7 ".into()),
        };
        assert_eq!(
            resume_cursor(&HeaderMap::new(), start).unwrap().as_deref(),
            Some("7")
        );
        let start = Start {
            after: Some("9".repeat(200)),
        };
        assert!(resume_cursor(&HeaderMap::new(), start).is_err());
    }
}
