//! PLACEHOLDER (being written): the audit trail and request records in `WAD_CALLS`.
use async_nats::jetstream::stream::Config;

use super::{NatsSettings, Shared};
use crate::events::log::audit::{AuditEntry, AuditOutcome, AuditQuery, AuditRecord};
use crate::events::log::requests::{RequestClaim, RequestEnd, RequestKey};
use crate::events::log::{CallBegun, LogError, LogSettings};

pub(super) fn stream_config(_settings: &LogSettings, nats: &NatsSettings) -> Config {
    Config {
        name: "WAD_CALLS".into(),
        subjects: vec!["wad.call.>".into()],
        num_replicas: nats.replicas,
        ..Default::default()
    }
}
pub(super) async fn audit(_s: &Shared, _e: AuditEntry, _o: AuditOutcome) -> Result<u64, LogError> {
    Err(LogError::Refused("not yet".into()))
}
pub(super) async fn begin(
    _s: &Shared,
    _e: AuditEntry,
    _c: Option<RequestClaim>,
    _cursor: u64,
) -> Result<CallBegun, LogError> {
    Err(LogError::Refused("not yet".into()))
}
pub(super) async fn end(
    _s: &Shared,
    _id: u64,
    _o: AuditOutcome,
    _r: Option<(RequestKey, RequestEnd)>,
) -> Result<(), LogError> {
    Err(LogError::Refused("not yet".into()))
}
pub(super) async fn recipient_charges(
    _s: &Shared,
    _since: i64,
) -> Result<Vec<(String, i64, u64)>, LogError> {
    Ok(Vec::new())
}
pub(super) async fn records(_s: &Shared, _q: AuditQuery) -> Result<Vec<AuditRecord>, LogError> {
    Ok(Vec::new())
}
