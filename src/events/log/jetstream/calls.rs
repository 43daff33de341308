//! The audit trail and the request records in `WAD_CALLS`, shared by every replica, with the same
//! answers as the SQLite tables.
//!
//! Subjects (tokens are SHA-256 in hex, so no name or id can break out of its token):
//! `wad.call.rec.a.<caller>` a sent call's record as it starts, its id (the audit id, a cursor) the
//! stream seq; `wad.call.rec.r.<caller>` an unsent call's record, outcome included;
//! `wad.call.end.<audit id>` a sent call's outcome, one per id (a unique subject, so a listing
//! joins a page of records with their ends in one multi-subject direct get);
//! `wad.call.req.<caller, request id>` the request record: exactly one message, the claim, then
//! the settled record, each rolling up the one before.
//!
//! A call's claim and its record are one atomic batch, the claim conditioned on the record it
//! read (or on none): of two replicas claiming one id, one batch is stored, the other fails its
//! condition and answers from the record it then reads. The end and the settled record are one
//! batch too, the settle conditioned on the claim being still the last on its subject, the end on
//! being the first of its id (a repeat after a lost acknowledgement stores nothing).
//!
//! Retention, by a TTL on every message from when it is written (the stream's `max_age` is the
//! longest of them, a backstop): records and ends the log's retention age, never under a day
//! (the ceilings are rebuilt from a day); settled request records until their retention from the
//! call's start; claims `max(retention, ORPHANED_AFTER)`, so a call still under way is never
//! forgotten. SQLite turns calls left in flight to unknown when it opens, knowing its previous
//! run died; no replica knows another's fate, so a claim older than [`ORPHANED_AFTER`] counts as
//! unknown instead. A failed call's record is replaced by a one-second "forgotten" marker, so
//! its retry is sent.
//!
//! Bounds: unsent calls' records are purged down to `audit_max_refused_records` (oldest first) by
//! the writers of such records, every hundredth of the cap. The request records (one message per
//! subject) are counted with the server's own count of `wad.call.req.>` at most every
//! [`RECOUNT_INTERVAL`], plus this replica's claims since: other replicas' claims in that interval
//! are not seen, so with several replicas the cap can be passed by what they claim meanwhile.
//!
//! Shared recipient ceilings: each record carries its caller, time, recipients and the replica
//! that wrote it; [`JetStreamLog::remote_charges`] follows the stream and yields the charges and
//! refunds of the OTHER replicas, which the guard applies beside its own. Two replicas can both
//! admit calls near a ceiling in the time one's record takes to reach the other's follower (a
//! stream write and a push to the follower: milliseconds on a healthy cluster, up to the write
//! retry budget while JetStream elects a leader): the ceiling can be passed by what the replicas
//! admit in that window.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use async_nats::jetstream::consumer::pull::OrderedConfig;
use async_nats::jetstream::consumer::DeliverPolicy;
use async_nats::jetstream::message::StreamMessage;
use async_nats::jetstream::stream::{
    Config, DirectGetErrorKind, DiscardPolicy, LastRawMessageErrorKind, StorageType,
};
use base64::Engine;
use bytes::Bytes;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tokio::sync::{mpsc, Semaphore};
use tokio_stream::StreamExt;

use super::batch::{self, BatchError, Outgoing};
use super::read::direct_batch;
use super::{unavailable, NatsSettings, Shared};
use crate::events::log::audit::{
    AuditEntry, AuditOutcome, AuditQuery, AuditRecord, MIN_RETENTION_MS,
};
use crate::events::log::requests::{
    EarlierRequest, EarlierState, RequestClaim, RequestEnd, RequestKey,
};
use crate::events::log::schema::now_ms;
use crate::events::log::{
    digest_hex, CallBegun, LogError, LogSettings, RemoteCharge, DEAD_LETTERS_IN_FLIGHT,
};

/// The stream of the audit trail and the request records.
const CALLS_STREAM: &str = "WAD_CALLS";
/// Sent calls' records: `.<caller token>`.
const SENT: &str = "wad.call.rec.a";
/// Unsent calls' records: `.<caller token>`.
const UNSENT: &str = "wad.call.rec.r";
/// Every record, sent or unsent.
const RECORDS: &str = "wad.call.rec";
/// Sent calls' ends: `.<audit id>`.
const ENDS: &str = "wad.call.end";
/// Request records: `.<token of the caller and the request id>`.
const REQUESTS: &str = "wad.call.req";

/// A claim older than this whose call never ended counts as unknown: its replica stopped or lost
/// the store mid-call. Far longer than a call can be under way (the platform timeout, 30 s by
/// default, plus the store's write budget), so a live call is never taken for a dead one.
pub(super) const ORPHANED_AFTER: Duration = Duration::from_secs(60 * 60);
/// The server's message-id window: a write retried after a lost acknowledgement within it is
/// recognised, and answered with the first write's seq. Longer than any write's retry budget.
const DUPLICATE_WINDOW: Duration = Duration::from_secs(120);
/// Consumers allowed on the stream: one follower per replica, with room for operators' tools.
const MAX_CONSUMERS: i32 = 256;
/// Shortest pause between two counts of the request records; a count slower than a fiftieth of
/// it (200,000 records took 80 ms on one core here) stretches the pause, so counting never takes
/// more than 2% of the server's time.
pub(super) const RECOUNT_INTERVAL: Duration = Duration::from_secs(10);
/// Messages per batched direct get.
const PAGE: usize = 1000;
/// Subjects per multi-subject direct get (the server answers at most 1024 messages).
const MULTI_LAST_MAX: usize = 1000;
/// How far a replica's clock may run ahead of the servers': a record's time is the caller's
/// receipt, its place in the stream the server's, so a time filter starts this much earlier.
const CLOCK_SKEW: Duration = Duration::from_secs(60);
/// Attempts at claiming a request id whose record changes between the read and the write (an
/// expiring record, a claim racing ours).
const CLAIM_ATTEMPTS: usize = 4;
/// Charges the follower queues for a slow receiver before it waits for room.
const REMOTE_CHARGES_QUEUE: usize = 1024;
/// Pause before the follower's consumer is created again after it failed.
const FOLLOW_PAUSE: Duration = Duration::from_millis(250);
/// How long a "forgotten" marker (a failed call's record) stays: the shortest TTL there is.
const FORGOTTEN_TTL: Duration = Duration::from_secs(1);

/// The stream for these settings: see the module doc for the retention and the bounds.
pub(super) fn stream_config(settings: &LogSettings, nats: &NatsSettings) -> Config {
    let longest = audit_ttl(settings).max(claim_ttl(settings));
    Config {
        name: CALLS_STREAM.to_owned(),
        description: Some("wadispatch-gateway: audit trail, request records".to_owned()),
        subjects: vec!["wad.call.>".to_owned()],
        storage: StorageType::File,
        num_replicas: nats.replicas,
        discard: DiscardPolicy::Old,
        max_age: longest,
        max_consumers: MAX_CONSUMERS,
        duplicate_window: DUPLICATE_WINDOW.min(longest),
        allow_message_ttl: true,
        // Settling rolls the claim up; the refused records' cap is a purge.
        allow_rollup: true,
        deny_purge: false,
        allow_atomic_publish: true,
        allow_direct: true,
        ..Default::default()
    }
}

/// How long records and ends are kept: the retention age, never under a day.
fn audit_ttl(settings: &LogSettings) -> Duration {
    let floor = Duration::from_millis(MIN_RETENTION_MS.unsigned_abs());
    whole_seconds(settings.retention_age.max(floor))
}

/// How long a claim is kept: as long as its call may be under way, and its retention.
fn claim_ttl(settings: &LogSettings) -> Duration {
    whole_seconds(settings.request_retention.max(ORPHANED_AFTER))
}

/// `ttl` rounded up to whole seconds (what `Nats-TTL` takes), at least one.
fn whole_seconds(ttl: Duration) -> Duration {
    Duration::from_secs(ttl.as_secs() + u64::from(ttl.subsec_nanos() > 0)).max(FORGOTTEN_TTL)
}

fn millis(duration: Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}

/// Hex SHA-256 of `parts`, each ended by a NUL so no two lists hash alike: a subject token that
/// no caller name or request id can shape.
fn token(parts: &[&str]) -> String {
    let mut hash = Sha256::new();
    for part in parts {
        hash.update(part.as_bytes());
        hash.update([0]);
    }
    digest_hex(&hash.finalize())
}

fn sent_subject(caller: &str) -> String {
    format!("{SENT}.{}", token(&[caller]))
}

fn unsent_subject(caller: &str) -> String {
    format!("{UNSENT}.{}", token(&[caller]))
}

fn end_subject(audit_id: u64) -> String {
    format!("{ENDS}.{audit_id}")
}

fn request_subject(key: &RequestKey) -> String {
    format!("{REQUESTS}.{}", token(&[&key.caller, &key.request_id]))
}

/// 128 random bits in hex: message ids and claim attempts.
fn nonce() -> String {
    let mut random = [0u8; 16];
    getrandom::fill(&mut random).expect("the operating system's random source");
    digest_hex(&random)
}

/// What a replica keeps in memory beside the shared store.
#[derive(Debug)]
pub(super) struct Local {
    /// Written into every record, so that this replica's follower skips its own charges.
    replica: String,
    records: Mutex<RecordCount>,
    /// Unsent calls' records written, for the stride of the purges that cap them.
    unsent_written: AtomicU64,
    /// Dead letters being written ([`DEAD_LETTERS_IN_FLIGHT`]).
    pub(super) dead_letter_slots: Arc<Semaphore>,
}

/// The request records, as last counted on the server and moved by this replica's writes since.
#[derive(Debug, Default)]
struct RecordCount {
    count: u64,
    counted_at: Option<Instant>,
    pause: Duration,
}

impl Local {
    /// A replica's state, with an id of its own.
    pub(super) fn new() -> Self {
        Self {
            replica: nonce(),
            records: Mutex::default(),
            unsent_written: AtomicU64::new(0),
            dead_letter_slots: Arc::new(Semaphore::new(DEAD_LETTERS_IN_FLIGHT)),
        }
    }

    /// Whether one more request record fits under `max`, counting them on the server first when
    /// the last count is older than its pause.
    async fn room(&self, shared: &Shared, max: u64) -> Result<bool, LogError> {
        let stale = {
            let records = self.records.lock().unwrap_or_else(PoisonError::into_inner);
            records
                .counted_at
                .is_none_or(|at| at.elapsed() >= records.pause)
        };
        if stale {
            let started = Instant::now();
            let count = count_requests(shared).await?;
            let mut records = self.records.lock().unwrap_or_else(PoisonError::into_inner);
            *records = RecordCount {
                count,
                counted_at: Some(Instant::now()),
                pause: RECOUNT_INTERVAL.max(started.elapsed() * 50),
            };
        }
        let records = self.records.lock().unwrap_or_else(PoisonError::into_inner);
        Ok(records.count < max)
    }

    /// A record more (claimed) or less (forgotten) since the count.
    fn records_moved(&self, claimed: bool) {
        let mut records = self.records.lock().unwrap_or_else(PoisonError::into_inner);
        records.count = if claimed {
            records.count.saturating_add(1)
        } else {
            records.count.saturating_sub(1)
        };
    }
}

/// The server's count of request records (one message each), from one batched direct get.
async fn count_requests(shared: &Shared) -> Result<u64, LogError> {
    let request = serde_json::json!({ "next_by_subj": format!("{REQUESTS}.>"), "batch": 1 });
    let (first, pending) = direct_batch(shared, CALLS_STREAM, &request).await?;
    Ok(first.len() as u64 + pending)
}

/// A record as the stream holds it: a sent call's as it starts, or an unsent call's with its
/// outcome.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Begun {
    time_ms: i64,
    caller: String,
    caller_source: String,
    rpc: String,
    platform_path: String,
    subjects: Vec<String>,
    recipients: u64,
    request_bytes: u64,
    request_id: Option<String>,
    replica: String,
    /// An unsent call's outcome; none for a sent call (its end has it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    outcome: Option<Outcome>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Outcome {
    grpc_code: String,
    platform_code: Option<i64>,
    subjects: Vec<String>,
    charged: bool,
}

impl From<&AuditOutcome> for Outcome {
    fn from(outcome: &AuditOutcome) -> Self {
        Outcome {
            grpc_code: outcome.grpc_code.to_owned(),
            platform_code: outcome.platform_code,
            subjects: outcome.subjects.clone(),
            charged: outcome.charged,
        }
    }
}

/// A sent call's end, with what the other replicas' guards need of its record to give its
/// recipients back.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Ended {
    audit_id: u64,
    outcome: Outcome,
    caller: String,
    time_ms: i64,
    recipients: u64,
    replica: String,
}

impl Begun {
    fn new(entry: AuditEntry, outcome: Option<&AuditOutcome>, replica: &str) -> Self {
        Begun {
            time_ms: entry.time_ms,
            caller: entry.caller,
            caller_source: entry.caller_source.to_owned(),
            rpc: entry.rpc,
            platform_path: entry.platform_path.to_owned(),
            subjects: entry.subjects,
            recipients: entry.recipients,
            request_bytes: entry.request_bytes,
            request_id: entry.request_id,
            replica: replica.to_owned(),
            outcome: outcome.map(Outcome::from),
        }
    }

    /// Whether its recipients count against the caller's ceilings, `end` being its end if it
    /// was sent and has one: as SQLite's `charged` column.
    fn charged(&self, end: Option<&Ended>) -> bool {
        let outcome = self.outcome.as_ref().or(end.map(|end| &end.outcome));
        self.recipients > 0 && outcome.is_none_or(|outcome| outcome.charged)
    }

    fn record(self, id: u64, end: Option<&Ended>) -> AuditRecord {
        let charged = self.charged(end);
        let outcome = self.outcome.as_ref().or(end.map(|end| &end.outcome));
        let mut subjects = self.subjects;
        if let Some(outcome) = outcome {
            subjects.extend(outcome.subjects.iter().cloned());
        }
        AuditRecord {
            id,
            time_ms: self.time_ms,
            caller: self.caller,
            caller_source: self.caller_source,
            rpc: self.rpc,
            platform_path: self.platform_path,
            subjects,
            recipients: self.recipients,
            charged,
            request_bytes: self.request_bytes,
            request_id: self.request_id,
            completed: outcome.is_some(),
            grpc_code: outcome.map(|outcome| outcome.grpc_code.clone()),
            platform_code: outcome.and_then(|outcome| outcome.platform_code),
        }
    }
}

/// The one message on a request subject. Only the request's digest is kept, never the request,
/// and an answer only when it holds no secret (the caller passes none then).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct RequestRecord {
    state: RequestState,
    /// SHA-256 of the RPC path and the request, in hex.
    digest: String,
    started_ms: i64,
    started_seq: u64,
    /// The encoded answer, base64, when answered with one kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    response: Option<String>,
    /// Tells this claim from another of the same id: after a write whose answer was lost, the
    /// claimer finds out whether the claim on the subject is its own.
    #[serde(default)]
    attempt: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum RequestState {
    InFlight,
    Answered,
    Unknown,
    /// The call failed before the platform acted: the id is free again.
    Forgotten,
}

impl RequestRecord {
    /// The earlier call this record tells of to a claim made at `now_ms`, or None when the id
    /// is free: forgotten, or settled (or orphaned) longer than `retention_ms` ago.
    fn earlier(&self, digest: &str, now_ms: i64, retention_ms: i64) -> Option<EarlierRequest> {
        let age = now_ms.saturating_sub(self.started_ms);
        let state = match self.state {
            RequestState::Forgotten => return None,
            RequestState::InFlight if age < millis(ORPHANED_AFTER) => EarlierState::InFlight,
            RequestState::InFlight | RequestState::Unknown => EarlierState::Unknown,
            // An answer that cannot be read back is told as one not kept: never sent again.
            RequestState::Answered => EarlierState::Answered(
                self.response
                    .as_ref()
                    .and_then(|b64| base64::engine::general_purpose::STANDARD.decode(b64).ok()),
            ),
        };
        // A call in flight is never forgotten, however short the retention.
        if state != EarlierState::InFlight && age > retention_ms {
            return None;
        }
        Some(EarlierRequest {
            same_request: self.digest == digest,
            started_ms: self.started_ms,
            started_seq: self.started_seq,
            state,
        })
    }
}

fn json<T: Serialize>(value: &T) -> Bytes {
    Bytes::from(serde_json::to_vec(value).expect("records serialise"))
}

fn rollup(mut message: Outgoing) -> Outgoing {
    message.headers.insert("Nats-Rollup", "sub");
    message
}

// ---------------------------------------------------------------------------------------------
// Writes.

/// Publishes one message; a retry after a lost acknowledgement is recognised by its message id
/// and answered with the first one's seq.
pub(super) async fn publish_one(shared: &Shared, mut message: Outgoing) -> Result<u64, BatchError> {
    message.headers.insert("Nats-Msg-Id", nonce().as_str());
    batch::with_retry(shared.write_budget(), || {
        batch::publish_one(&shared.jetstream, message.clone())
    })
    .await
}

async fn publish_batch(
    shared: &Shared,
    messages: Vec<Outgoing>,
) -> Result<batch::Committed, BatchError> {
    batch::with_retry(shared.write_budget(), || {
        batch::publish(&shared.client, &shared.jetstream, messages.clone())
    })
    .await
}

/// Records an unsent call with its outcome; keeps the unsent calls' records under their cap.
pub(super) async fn audit(
    shared: &Shared,
    entry: AuditEntry,
    outcome: AuditOutcome,
) -> Result<u64, LogError> {
    let local = &shared.calls;
    let subject = unsent_subject(&entry.caller);
    let record = Begun::new(entry, Some(&outcome), &local.replica);
    let message = Outgoing::new(subject, json(&record)).with_ttl(audit_ttl(&shared.settings));
    let id = publish_one(shared, message).await?;
    let cap = shared.settings.audit_max_refused_records;
    let written = local.unsent_written.fetch_add(1, Ordering::Relaxed);
    if written.is_multiple_of((cap / 100).max(1)) {
        cap_unsent(shared, cap).await;
    }
    Ok(id)
}

/// Purges the oldest unsent calls' records beyond `cap`. Best effort: the record is written, and
/// the next purge catches up.
async fn cap_unsent(shared: &Shared, cap: u64) {
    let purged = async {
        let stream = shared.jetstream.get_stream_no_info(CALLS_STREAM).await?;
        Ok::<_, async_nats::Error>(
            stream
                .purge()
                .filter(format!("{UNSENT}.>"))
                .keep(cap)
                .await?
                .purged,
        )
    };
    match purged.await {
        Ok(0) => {}
        Ok(purged) => tracing::debug!(purged, "unsent calls' audit records over their cap purged"),
        Err(error) => tracing::warn!(%error, "cannot purge unsent calls' audit records"),
    }
}

/// Records a call before it is sent, claiming its request id in the same batch.
pub(super) async fn begin(
    shared: &Shared,
    entry: AuditEntry,
    claim: Option<RequestClaim>,
    cursor: u64,
) -> Result<CallBegun, LogError> {
    let local = &shared.calls;
    let record = Outgoing::new(
        sent_subject(&entry.caller),
        json(&Begun::new(entry, None, &local.replica)),
    )
    .with_ttl(audit_ttl(&shared.settings));
    let Some(claim) = claim else {
        let audit_id = publish_one(shared, record).await?;
        return Ok(CallBegun::Recorded { audit_id, cursor });
    };
    let subject = request_subject(&claim.key);
    let digest = digest_hex(&claim.digest);
    let retention_ms = millis(shared.settings.request_retention);
    let max_records = shared.settings.request_max_records;
    // The first read may come from a replica of the stream a little behind; after a failed
    // condition, from its leader.
    let mut from_leader = false;
    for _ in 0..CLAIM_ATTEMPTS {
        let last = last_request(shared, &subject, from_leader).await?;
        if let Some((_, record)) = &last {
            if let Some(earlier) = record.earlier(&digest, claim.started_ms, retention_ms) {
                return Ok(CallBegun::Earlier(earlier));
            }
        }
        if !local.room(shared, max_records).await? {
            return Ok(CallBegun::RecordsFull { max_records });
        }
        let attempt = nonce();
        let claimed = RequestRecord {
            state: RequestState::InFlight,
            digest: digest.clone(),
            started_ms: claim.started_ms,
            started_seq: cursor,
            response: None,
            attempt: attempt.clone(),
        };
        let message = rollup(Outgoing::new(subject.clone(), json(&claimed)))
            .with_ttl(claim_ttl(&shared.settings));
        // Conditioned on the record read: a free id stays free, a stale record stays stale.
        let message = match &last {
            None => message.first_on_subject(),
            Some((seq, _)) => message.after_on_subject(*seq),
        };
        match publish_batch(shared, vec![message, record.clone()]).await {
            Ok(committed) => {
                // A stale record rolled up is replaced, not added.
                if last.is_none() {
                    local.records_moved(true);
                }
                return Ok(CallBegun::Recorded {
                    audit_id: committed.last_seq,
                    cursor,
                });
            }
            Err(BatchError::Expectation) => {
                // Another claim got there first, or this one did and its answer was lost.
                if let Some((seq, now)) = last_request(shared, &subject, true).await? {
                    if now.attempt == attempt {
                        if last.is_none() {
                            local.records_moved(true);
                        }
                        // A batch's seqs are consecutive: the record follows the claim.
                        return Ok(CallBegun::Recorded {
                            audit_id: seq + 1,
                            cursor,
                        });
                    }
                }
                from_leader = true;
            }
            Err(other) => return Err(other.into()),
        }
    }
    Err(LogError::Unavailable(format!(
        "the request record changed under {CLAIM_ATTEMPTS} claims in a row"
    )))
}

/// Completes a sent call's record with its outcome and settles its request record.
pub(super) async fn end(
    shared: &Shared,
    audit_id: u64,
    outcome: AuditOutcome,
    request: Option<(RequestKey, RequestEnd)>,
) -> Result<(), LogError> {
    let local = &shared.calls;
    let begun: Begun = match message_at(shared, audit_id).await? {
        Some(message) if message.subject.starts_with(SENT) => decode(&message)?,
        _ => {
            return Err(LogError::Refused(format!(
                "no sent call's audit record {audit_id} to complete"
            )))
        }
    };
    let ended = Ended {
        audit_id,
        outcome: Outcome::from(&outcome),
        caller: begun.caller,
        time_ms: begun.time_ms,
        recipients: begun.recipients,
        replica: local.replica.clone(),
    };
    let end = Outgoing::new(end_subject(audit_id), json(&ended))
        .with_ttl(audit_ttl(&shared.settings))
        .first_on_subject();
    let settle = match &request {
        Some((key, how)) => settle(shared, audit_id, key, how).await?,
        None => None,
    };
    let forgotten = matches!(request, Some((_, RequestEnd::Failed)));
    let Some(settle) = settle else {
        return match publish_one(shared, end).await {
            // Ended before: a repeat of this end.
            Ok(_) | Err(BatchError::Expectation) => Ok(()),
            Err(other) => Err(other.into()),
        };
    };
    match publish_batch(shared, vec![end.clone(), settle]).await {
        Ok(_) => {}
        Err(BatchError::Expectation) => {
            if last_on(shared, &end_subject(audit_id)).await?.is_some() {
                // This batch was stored, its answer lost.
            } else {
                // The claim is no longer the last on its subject: it was taken for an orphan
                // and claimed again. The call's own record still gets its end.
                tracing::warn!(
                    audit_id,
                    "a call ended after its request record was claimed again; only its audit \
                     record is completed"
                );
                return match publish_one(shared, end).await {
                    Ok(_) | Err(BatchError::Expectation) => Ok(()),
                    Err(other) => Err(other.into()),
                };
            }
        }
        Err(other) => return Err(other.into()),
    }
    if forgotten {
        local.records_moved(false);
    }
    Ok(())
}

/// The settled request record for the claim made with record `audit_id`, conditioned on that
/// claim being still the last on its subject; None (with a warning) when there is no such claim.
async fn settle(
    shared: &Shared,
    audit_id: u64,
    key: &RequestKey,
    how: &RequestEnd,
) -> Result<Option<Outgoing>, LogError> {
    let subject = request_subject(key);
    // The claim went just before the record, in the same batch.
    let claim_seq = audit_id - 1;
    let claim = match message_at(shared, claim_seq).await? {
        Some(message) if message.subject.as_str() == subject => decode::<RequestRecord>(&message)?,
        _ => {
            tracing::warn!(
                audit_id,
                "no claim beside a call's record: its request record is left as it is"
            );
            return Ok(None);
        }
    };
    let retention_ms = millis(shared.settings.request_retention);
    let left_ms = claim.started_ms.saturating_add(retention_ms) - now_ms();
    let (state, response, ttl) = match how {
        RequestEnd::Failed => (RequestState::Forgotten, None, FORGOTTEN_TTL),
        RequestEnd::Unknown => (RequestState::Unknown, None, keep_for(left_ms)),
        RequestEnd::Answered(response) => (
            RequestState::Answered,
            response
                .as_ref()
                .map(|bytes| base64::engine::general_purpose::STANDARD.encode(bytes)),
            keep_for(left_ms),
        ),
    };
    let settled = RequestRecord {
        state,
        response,
        ..claim
    };
    Ok(Some(
        rollup(Outgoing::new(subject, json(&settled)))
            .with_ttl(ttl)
            .after_on_subject(claim_seq),
    ))
}

fn keep_for(ms: i64) -> Duration {
    whole_seconds(Duration::from_millis(ms.max(0).unsigned_abs()))
}

// ---------------------------------------------------------------------------------------------
// Reads.

fn decode<T: serde::de::DeserializeOwned>(message: &StreamMessage) -> Result<T, LogError> {
    serde_json::from_slice(&message.payload).map_err(|error| {
        LogError::Refused(format!(
            "{CALLS_STREAM} message {} ({}) is not a gateway record: {error}",
            message.sequence, message.subject
        ))
    })
}

/// The message at `seq`, from the stream's leader (so a write of this replica is seen).
async fn message_at(shared: &Shared, seq: u64) -> Result<Option<StreamMessage>, LogError> {
    let stream = shared
        .jetstream
        .get_stream_no_info(CALLS_STREAM)
        .await
        .map_err(unavailable)?;
    match stream.get_raw_message(seq).await {
        Ok(message) => Ok(Some(message)),
        Err(error) if not_found(error.kind()) => Ok(None),
        Err(error) => Err(unavailable(error)),
    }
}

/// JetStream's code for "no message found".
const NO_MESSAGE_FOUND: u64 = 10037;

fn not_found(kind: LastRawMessageErrorKind) -> bool {
    match kind {
        LastRawMessageErrorKind::NoMessageFound => true,
        LastRawMessageErrorKind::JetStream(error) => error.error_code().0 == NO_MESSAGE_FOUND,
        _ => false,
    }
}

/// The last message on `subject`, from the leader.
async fn last_on(shared: &Shared, subject: &str) -> Result<Option<StreamMessage>, LogError> {
    let stream = shared
        .jetstream
        .get_stream_no_info(CALLS_STREAM)
        .await
        .map_err(unavailable)?;
    match stream.get_last_raw_message_by_subject(subject).await {
        Ok(message) => Ok(Some(message)),
        Err(error) if not_found(error.kind()) => Ok(None),
        Err(error) => Err(unavailable(error)),
    }
}

/// The request record on `subject` and its seq, from any replica of the stream or its leader.
async fn last_request(
    shared: &Shared,
    subject: &str,
    from_leader: bool,
) -> Result<Option<(u64, RequestRecord)>, LogError> {
    let message = if from_leader {
        last_on(shared, subject).await?
    } else {
        let stream = shared
            .jetstream
            .get_stream_no_info(CALLS_STREAM)
            .await
            .map_err(unavailable)?;
        match stream.direct_get_last_for_subject(subject).await {
            Ok(message) => Some(message),
            Err(error) if error.kind() == DirectGetErrorKind::NotFound => None,
            Err(error) => return Err(unavailable(error)),
        }
    };
    message
        .map(|message| Ok((message.sequence, decode(&message)?)))
        .transpose()
}

/// Where a scan of the records starts.
#[derive(Debug, Clone, Copy)]
enum Start {
    Seq(u64),
    /// Epoch milliseconds; the first record the server stored at or after it.
    Time(i64),
}

/// Up to `batch` records on `filter` from `from`, in order, and whether more match. Messages that
/// are not records are skipped with a warning (nothing but a gateway writes here).
async fn records_page(
    shared: &Shared,
    filter: &str,
    from: Start,
    batch: usize,
) -> Result<(Vec<(u64, Begun)>, Option<u64>, bool), LogError> {
    let mut request = serde_json::json!({ "next_by_subj": filter, "batch": batch });
    match from {
        Start::Seq(seq) => request["seq"] = seq.into(),
        Start::Time(ms) => match crate::wire::time::rfc3339_millis(ms) {
            Some(time) => request["start_time"] = time.into(),
            None => request["seq"] = 1.into(),
        },
    }
    let (raw, pending) = direct_batch(shared, CALLS_STREAM, &request).await?;
    let last = raw.last().map(|raw| raw.seq);
    let records = raw
        .into_iter()
        .filter_map(|raw| match serde_json::from_slice(&raw.payload) {
            Ok(begun) => Some((raw.seq, begun)),
            Err(error) => {
                tracing::warn!(seq = raw.seq, subject = raw.subject, %error, "not an audit record; skipped");
                None
            }
        })
        .collect();
    Ok((records, last, pending > 0))
}

/// The first scan position for records received at or after `since_ms` (the servers' time,
/// less the clock skew a replica may have).
fn since(since_ms: i64) -> Start {
    match since_ms.checked_sub(millis(CLOCK_SKEW)) {
        Some(ms) if ms > 0 => Start::Time(ms),
        _ => Start::Seq(1),
    }
}

/// The ends of the sent calls `ids`, by id.
async fn ends(shared: &Shared, ids: &[u64]) -> Result<HashMap<u64, Ended>, LogError> {
    let mut ends = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(MULTI_LAST_MAX) {
        let mut wanted: Vec<String> = chunk.iter().map(|id| end_subject(*id)).collect();
        // The server stops at its byte budget and says how many it left: ask again for those.
        while !wanted.is_empty() {
            let request = serde_json::json!({ "multi_last": wanted });
            let (raw, pending) = direct_batch(shared, CALLS_STREAM, &request).await?;
            let answered: Vec<String> = raw.iter().map(|raw| raw.subject.clone()).collect();
            for raw in raw {
                match serde_json::from_slice::<Ended>(&raw.payload) {
                    Ok(end) => {
                        ends.insert(end.audit_id, end);
                    }
                    Err(error) => {
                        tracing::warn!(seq = raw.seq, %error, "not an audit record's end; skipped")
                    }
                }
            }
            if pending == 0 || answered.is_empty() {
                break;
            }
            wanted.retain(|subject| !answered.contains(subject));
        }
    }
    Ok(ends)
}

/// Audit records matching `query`, oldest first, each sent call's joined with its end.
pub(super) async fn records(
    shared: &Shared,
    query: AuditQuery,
) -> Result<Vec<AuditRecord>, LogError> {
    if query.limit == 0 {
        return Ok(Vec::new());
    }
    let _permit = shared.reads.acquire().await.map_err(unavailable)?;
    let filter = match &query.caller {
        Some(caller) => format!("{RECORDS}.*.{}", token(&[caller])),
        None => format!("{RECORDS}.>"),
    };
    let since_ms = query.since_ms.unwrap_or(i64::MIN);
    let mut from = Start::Seq(query.after_id.saturating_add(1));
    if query.since_ms.is_some() {
        // Skip ahead to the time when it is further on than the cursor.
        let (first, _, _) = records_page(shared, &filter, since(since_ms), 1).await?;
        match first.first() {
            Some((seq, _)) if *seq > query.after_id => from = Start::Seq(*seq),
            Some(_) => {}
            None => return Ok(Vec::new()),
        }
    }
    let mut found = Vec::new();
    'pages: loop {
        let want = (query.limit - found.len()).min(PAGE);
        let (page, last, more) = records_page(shared, &filter, from, want).await?;
        for (seq, begun) in page {
            let wanted = seq > query.after_id
                && begun.time_ms >= since_ms
                && query.caller.as_ref().is_none_or(|c| *c == begun.caller);
            if wanted {
                found.push((seq, begun));
                if found.len() == query.limit {
                    break 'pages;
                }
            }
        }
        match last {
            Some(last) if more => from = Start::Seq(last + 1),
            _ => break,
        }
    }
    let sent: Vec<u64> = found
        .iter()
        .filter(|(_, begun)| begun.outcome.is_none())
        .map(|(seq, _)| *seq)
        .collect();
    let ends = ends(shared, &sent).await?;
    Ok(found
        .into_iter()
        .map(|(seq, begun)| begun.record(seq, ends.get(&seq)))
        .collect())
}

/// Recipients still charged by records received since `since_ms`, per caller and minute.
pub(super) async fn recipient_charges(
    shared: &Shared,
    since_ms: i64,
) -> Result<Vec<(String, i64, u64)>, LogError> {
    let _permit = shared.reads.acquire().await.map_err(unavailable)?;
    let filter = format!("{RECORDS}.>");
    let mut charged = Vec::new();
    let mut from = since(since_ms);
    loop {
        let (page, last, more) = records_page(shared, &filter, from, PAGE).await?;
        charged.extend(
            page.into_iter()
                .filter(|(_, begun)| begun.time_ms >= since_ms && begun.charged(None)),
        );
        match last {
            Some(last) if more => from = Start::Seq(last + 1),
            _ => break,
        }
    }
    let sent: Vec<u64> = charged
        .iter()
        .filter(|(_, begun)| begun.outcome.is_none())
        .map(|(seq, _)| *seq)
        .collect();
    let ends = ends(shared, &sent).await?;
    let mut sums: HashMap<(String, i64), u64> = HashMap::new();
    for (seq, begun) in charged {
        if begun.charged(ends.get(&seq)) {
            let minute = (begun.time_ms / 60_000) * 60_000;
            *sums.entry((begun.caller, minute)).or_default() += begun.recipients;
        }
    }
    let mut sums: Vec<_> = sums
        .into_iter()
        .map(|((caller, minute), recipients)| (caller, minute, recipients))
        .collect();
    sums.sort_unstable();
    Ok(sums)
}

// ---------------------------------------------------------------------------------------------
// Other replicas' charges.

/// The other replicas' charges and refunds (see `EventLog::remote_charges`): an ordered consumer of the records and ends from the
/// stream's end on, created again from where it was whenever it fails.
pub(super) async fn remote_charges(
    shared: Arc<Shared>,
) -> Result<mpsc::Receiver<RemoteCharge>, LogError> {
    let stream = shared
        .jetstream
        .get_stream(CALLS_STREAM)
        .await
        .map_err(unavailable)?;
    let after = stream.cached_info().state.last_sequence;
    let (charges, receiver) = mpsc::channel(REMOTE_CHARGES_QUEUE);
    tokio::spawn(follow(shared, after, charges));
    Ok(receiver)
}

async fn follow(shared: Arc<Shared>, mut after: u64, charges: mpsc::Sender<RemoteCharge>) {
    let replica = shared.calls.replica.clone();
    let mut following = true;
    loop {
        tokio::select! {
            () = charges.closed() => return,
            ended = consume(&shared, &replica, &mut after, &charges) => match ended {
                Ok(()) => return,
                Err(error) => {
                    if std::mem::replace(&mut following, false) {
                        tracing::warn!(%error, "the follower of other replicas' charges lost the stream; following again");
                    }
                    tokio::time::sleep(FOLLOW_PAUSE).await;
                }
            },
        }
    }
}

/// Consumes from `after` until an error, or until the receiver is gone (Ok).
async fn consume(
    shared: &Shared,
    replica: &str,
    after: &mut u64,
    charges: &mpsc::Sender<RemoteCharge>,
) -> Result<(), String> {
    let stream = shared
        .jetstream
        .get_stream_no_info(CALLS_STREAM)
        .await
        .map_err(|e| e.to_string())?;
    let consumer = stream
        .create_consumer(OrderedConfig {
            filter_subjects: vec![format!("{RECORDS}.>"), format!("{ENDS}.>")],
            deliver_policy: DeliverPolicy::ByStartSequence {
                start_sequence: *after + 1,
            },
            ..Default::default()
        })
        .await
        .map_err(|e| e.to_string())?;
    let mut messages = consumer.messages().await.map_err(|e| e.to_string())?;
    while let Some(message) = messages.next().await {
        let message = message.map_err(|e| e.to_string())?;
        let seq = message.info().map_err(|e| e.to_string())?.stream_sequence;
        if seq <= *after {
            continue;
        }
        *after = seq;
        let Some(charge) = remote_charge(&message.subject, &message.payload, replica) else {
            continue;
        };
        if charges.send(charge).await.is_err() {
            return Ok(());
        }
    }
    Err("the follower's consumer ended".to_owned())
}

/// What a record or an end written by another replica than `replica` does to its caller's
/// counts, if anything.
fn remote_charge(subject: &str, payload: &[u8], replica: &str) -> Option<RemoteCharge> {
    let minute = |time_ms: i64| (time_ms / 60_000) * 60_000;
    let signed = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
    if subject.starts_with(ENDS) {
        let end: Ended = serde_json::from_slice(payload).ok()?;
        // The record charged its recipients when it started; an end that does not keep them
        // gives them back.
        (end.replica != replica && end.recipients > 0 && !end.outcome.charged).then(|| {
            RemoteCharge {
                caller: end.caller,
                minute_ms: minute(end.time_ms),
                charged: -signed(end.recipients),
            }
        })
    } else {
        let begun: Begun = serde_json::from_slice(payload).ok()?;
        (begun.replica != replica && begun.charged(None)).then(|| RemoteCharge {
            minute_ms: minute(begun.time_ms),
            charged: signed(begun.recipients),
            caller: begun.caller,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(state: RequestState, started_ms: i64) -> RequestRecord {
        RequestRecord {
            state,
            digest: "d".into(),
            started_ms,
            started_seq: 7,
            response: Some(base64::engine::general_purpose::STANDARD.encode(b"answer")),
            attempt: String::new(),
        }
    }

    #[test]
    fn a_request_record_answers_as_the_sqlite_row_would() {
        let hour = millis(Duration::from_secs(3600));
        let now = 10 * hour;
        let answered = record(RequestState::Answered, now - 1000);
        let earlier = answered.earlier("d", now, hour).unwrap();
        assert!(earlier.same_request);
        assert_eq!(earlier.started_seq, 7);
        assert_eq!(
            earlier.state,
            EarlierState::Answered(Some(b"answer".to_vec()))
        );
        assert!(!answered.earlier("other", now, hour).unwrap().same_request);
        let unreadable = RequestRecord {
            response: Some("not base64!".into()),
            ..answered.clone()
        };
        assert_eq!(
            unreadable.earlier("d", now, hour).unwrap().state,
            EarlierState::Answered(None)
        );
        // Settled and older than the retention: forgotten.
        assert!(record(RequestState::Unknown, now - 2 * hour)
            .earlier("d", now, hour)
            .is_none());
        assert!(record(RequestState::Forgotten, now)
            .earlier("d", now, hour)
            .is_none());
        // In flight: never forgotten while it may be under way, then unknown.
        let in_flight = record(RequestState::InFlight, now - 2000);
        assert_eq!(
            in_flight.earlier("d", now, 1000).unwrap().state,
            EarlierState::InFlight
        );
        let orphaned = record(RequestState::InFlight, now - millis(ORPHANED_AFTER));
        assert_eq!(
            orphaned.earlier("d", now, 2 * hour).unwrap().state,
            EarlierState::Unknown
        );
        assert!(orphaned.earlier("d", now, hour / 2).is_none());
    }

    #[test]
    fn tokens_keep_names_and_ids_apart() {
        assert_ne!(token(&["a", "bc"]), token(&["ab", "c"]));
        assert_eq!(token(&["x"]).len(), 64);
        let key = RequestKey {
            caller: "k.*>".into(),
            request_id: "id with spaces".into(),
        };
        let subject = request_subject(&key);
        assert_eq!(subject.split('.').count(), 4, "{subject}");
    }

    #[test]
    fn own_records_are_not_remote_charges() {
        let begun = Begun {
            time_ms: 125_000,
            caller: "k".into(),
            caller_source: "api_key".into(),
            rpc: "/r".into(),
            platform_path: "/p".into(),
            subjects: Vec::new(),
            recipients: 5,
            request_bytes: 1,
            request_id: None,
            replica: "a".into(),
            outcome: None,
        };
        let payload = serde_json::to_vec(&begun).unwrap();
        assert_eq!(remote_charge("wad.call.rec.a.x", &payload, "a"), None);
        assert_eq!(
            remote_charge("wad.call.rec.a.x", &payload, "b"),
            Some(RemoteCharge {
                caller: "k".into(),
                minute_ms: 120_000,
                charged: 5
            })
        );
        let end = Ended {
            audit_id: 3,
            outcome: Outcome {
                grpc_code: "INVALID_ARGUMENT".into(),
                platform_code: None,
                subjects: Vec::new(),
                charged: false,
            },
            caller: "k".into(),
            time_ms: 125_000,
            recipients: 5,
            replica: "a".into(),
        };
        let payload = serde_json::to_vec(&end).unwrap();
        assert_eq!(
            remote_charge("wad.call.end.3", &payload, "b").map(|c| c.charged),
            Some(-5)
        );
        let kept = Ended {
            outcome: Outcome {
                charged: true,
                ..end.outcome.clone()
            },
            ..end
        };
        let payload = serde_json::to_vec(&kept).unwrap();
        assert_eq!(remote_charge("wad.call.end.3", &payload, "b"), None);
    }
}
