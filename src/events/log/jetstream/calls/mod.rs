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

mod charges;
mod list;
mod write;

pub(super) use self::charges::remote_charges;
pub(super) use self::list::{recipient_charges, records};
pub(super) use self::write::{audit, begin, end};

/// The stream of the audit trail and the request records.
pub(super) const CALLS_STREAM: &str = "WAD_CALLS";
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
}
