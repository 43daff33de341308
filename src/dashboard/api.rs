//! The dashboard's plain JSON reads: one task's recipients from the platform, the dead letters,
//! and the gateway's health.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use super::{ApiError, Dashboard};
use crate::callers::Permission;
use crate::events::log::DeadLetter;
use crate::proto::v1::{GetTaskExecutionStatusRequest, GetTaskExecutionStatusResponse};
use crate::upstream::routes;

/// How long a task's status may take from the platform before the page is told it is late.
const TASK_DEADLINE: Duration = Duration::from_secs(10);
/// Dead letters listed when the page does not say, and at most.
const DEAD_LETTERS: (usize, usize) = (20, 100);
/// Bytes of a dead letter's body the page is shown.
const DEAD_LETTER_EXCERPT: usize = 512;

/// `GET /api/tasks/{task_id}`: the task's status and every recipient's, from the platform, as
/// `GetTaskExecutionStatus` answers them.
pub(super) async fn task(
    State(dashboard): State<Arc<Dashboard>>,
    headers: HeaderMap,
    Path(task_id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    dashboard.admit(&headers, Some(Permission::TasksRead))?;
    let request = GetTaskExecutionStatusRequest { task_id };
    let status: GetTaskExecutionStatusResponse = dashboard
        .gateway
        .read(
            &routes::GET_TASK_EXECUTION_STATUS,
            request,
            Some(TASK_DEADLINE),
        )
        .await?;
    Ok(Json(crate::view::task_state(&status)))
}

/// How many dead letters a page asks for.
#[derive(Debug, Deserialize)]
pub(super) struct Listing {
    limit: Option<usize>,
}

/// `GET /api/dead-letters?limit=N`: how many are kept and their bytes, and the newest N.
pub(super) async fn dead_letters(
    State(dashboard): State<Arc<Dashboard>>,
    headers: HeaderMap,
    Query(listing): Query<Listing>,
) -> Result<Json<Value>, ApiError> {
    dashboard.admit(&headers, Some(Permission::AuditRead))?;
    let limit = listing.limit.unwrap_or(DEAD_LETTERS.0).min(DEAD_LETTERS.1);
    let log = &dashboard.gateway.events.log;
    let unavailable = |error: crate::events::log::LogError| {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            format!("event log unavailable: {error}"),
        )
    };
    let usage = log.usage().await.map_err(unavailable)?;
    let recent = log.dead_letters(limit).await.map_err(unavailable)?;
    Ok(Json(json!({
        "count": usage.dead_letters,
        "bytes": usage.dead_letter_bytes,
        "recent": recent.iter().map(dead_letter).collect::<Vec<_>>(),
    })))
}

/// A dead letter as the page lists it: its body's first bytes as text.
fn dead_letter(letter: &DeadLetter) -> Value {
    let shown = &letter.body[..letter.body.len().min(DEAD_LETTER_EXCERPT)];
    let received = chrono::DateTime::from_timestamp_millis(letter.received_ms)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true));
    json!({
        "id": letter.id,
        "received_time": received,
        "path": letter.path,
        "reason": letter.reason,
        "body": String::from_utf8_lossy(shown),
        "truncated": shown.len() as u64 != letter.original_len,
    })
}

/// `GET /api/health`: liveness, readiness and why not, the latest cursor, the store.
pub(super) async fn health(
    State(dashboard): State<Arc<Dashboard>>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    dashboard.admit(&headers, None)?;
    let log = &dashboard.gateway.events.log;
    let reasons = dashboard.health.not_ready();
    let latest = *log.latest().borrow();
    Ok(Json(json!({
        "live": dashboard.health.live(),
        "ready": reasons.is_empty(),
        "reasons": reasons,
        "latest_cursor": log.cursor_text(latest),
        "store": log.store_name(),
        "version": env!("CARGO_PKG_VERSION"),
    })))
}
