//! The durable event log: SQLite in WAL mode, one writer thread with group commit, pooled readers.
//!
//! The webhook listener answers 200 only after `append` returns, and `append` returns only after
//! the transaction holding the webhook's events and its dedup key has committed. Watchers replay
//! with `read_after` from their cursor (a seq) and wait on `latest()` for new commits.
//!
//! [`EventLog`] and the types it speaks are defined here, free of any backend. The SQLite backend
//! is in the files below, each using only these types and the files listed before it: `schema`
//! (tables, migrations), `audit`, `requests` and `dead_letters` (their tables), `settings`, `readers` (the
//! pool, read queries), `prune`, `checkpoint` (the WAL's checkpoints off the commit path and its
//! bound), `writer` (the writer thread, group commit, appends) and `sqlite` (the handle,
//! [`SqliteLog`]).

pub mod audit;
mod checkpoint;
mod dead_letters;
mod encoded;
pub mod jetstream;
mod prune;
mod readers;
pub mod requests;
mod schema;
mod settings;
mod sqlite;
mod writer;

use std::path::PathBuf;
use std::sync::Arc;

use tokio::sync::watch;

use self::audit::{AuditEntry, AuditOutcome, AuditQuery, AuditRecord};
pub use self::dead_letters::{
    read_dead_letters, truncate_utf8, DeadLetter, NewDeadLetter, DEAD_LETTERS_IN_FLIGHT,
    DEAD_LETTER_TEXT_MAX,
};
pub use self::encoded::{EncodedBatch, EncodedEvent};
pub use self::jetstream::{JetStreamLog, NatsAuth, NatsSettings};
pub use self::prune::PRUNE_INTERVAL;
use self::requests::{EarlierRequest, RequestClaim, RequestEnd, RequestKey};
pub use self::schema::{DB_FILE, SCHEMA};
pub use self::settings::{
    Fsync, LogSettings, DEFAULT_DEAD_LETTER_BODY_MAX_BYTES, DEFAULT_DEAD_LETTER_MAX_BYTES,
    DEFAULT_DEAD_LETTER_MAX_COUNT, DEFAULT_GROUP_COMMIT_MAX, DEFAULT_RETENTION_AGE,
    DEFAULT_RETENTION_BYTES, DEFAULT_WAL_MAX_BYTES,
};
pub use self::sqlite::SqliteLog;
use crate::observe::metrics::metrics;
use crate::proto::v1::Event;

/// One event to append; its stream and key come from [`stream_key`](super::stream_key).
#[derive(Debug, Clone, PartialEq)]
pub struct NewEvent {
    /// The event as the watches send it.
    pub event: Event,
}

/// An event as stored, with the seq that is its cursor.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredEvent {
    /// Its position in the log: the cursor a watch resumes after. Never reused, even after pruning.
    pub seq: u64,
    /// The event as appended.
    pub event: Event,
}

/// The outcome of an append.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Appended {
    /// The events got seqs `first_seq..=last_seq`. An append of no events records its dedup key
    /// and reports the empty range `latest + 1 ..= latest`.
    Stored {
        /// Seq of the first event stored.
        first_seq: u64,
        /// Seq of the last event stored.
        last_seq: u64,
    },
    /// Stored as `Stored`, although its message id ([`Dedup::MessageId`]) was appended before
    /// with another content: the sender reused an id, which the caller should report.
    Conflicting {
        /// Seq of the first event stored.
        first_seq: u64,
        /// Seq of the last event stored.
        last_seq: u64,
    },
    /// The dedup key was appended before; nothing was stored.
    Duplicate,
}

/// A body digest in lower-case hex, as dedup keys carry it: one allocation, not one per byte.
pub fn digest_hex(digest: &[u8]) -> String {
    // By table, not `write!` per byte: every webhook's dedup key goes through here.
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut hex = String::with_capacity(2 * digest.len());
    for byte in digest {
        hex.push(char::from(DIGITS[usize::from(byte >> 4)]));
        hex.push(char::from(DIGITS[usize::from(byte & 0xf)]));
    }
    hex
}

/// How an append recognises a redelivery of something appended before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dedup {
    /// A duplicate when this key was appended before (e.g. a webhook's kind and body digest).
    Key(String),
    /// A message id the sender vouches for (a verified signature), unique within `scope`, and
    /// the digest of the message's content. A duplicate when the id was appended with the same
    /// digest; with another digest the append is stored and reported `Conflicting`, and that
    /// digest is remembered too, so a redelivery of either content is a duplicate.
    MessageId {
        /// Whose ids these are: the webhook's configuration id, so that one kind's id never hides
        /// another's webhook.
        scope: String,
        /// The sender's message id (`webhook-id`).
        id: String,
        /// SHA-256 of the message's body.
        digest: [u8; 32],
    },
}

impl From<String> for Dedup {
    fn from(key: String) -> Self {
        Dedup::Key(key)
    }
}

impl From<&str> for Dedup {
    fn from(key: &str) -> Self {
        Dedup::Key(key.to_owned())
    }
}

/// The seqs the log holds. Pruning removes a prefix, so every seq in `oldest..=latest` that
/// matches a filter is still readable: a cursor `c` resumes without a gap iff
/// `c + 1 >= oldest` (or, with `oldest` None, `c >= latest`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bounds {
    /// Oldest retained seq; None when the log holds no events.
    pub oldest: Option<u64>,
    /// Latest seq ever assigned; 0 when none was.
    pub latest: u64,
}

/// What the store holds now: what the gauges sampled at scrape time show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Usage {
    /// Bytes the store takes: SQLite's database file and its WAL; on JetStream, the bytes its
    /// streams store (events, calls, dead letters).
    pub bytes: u64,
    /// The seqs it holds.
    pub bounds: Bounds,
    /// Dead letters kept.
    pub dead_letters: u64,
    /// Bytes of the dead letters kept, as the caps count them.
    pub dead_letter_bytes: u64,
}

impl Usage {
    /// Sets the store's gauges. With no event retained, the oldest seq is the latest plus one:
    /// a cursor `c` resumes iff `c + 1 >= oldest`, whether or not events are retained.
    pub fn record(&self) {
        let store = &metrics().store;
        let gauge = |value: u64| i64::try_from(value).unwrap_or(i64::MAX);
        let oldest = self.bounds.oldest.unwrap_or(self.bounds.latest + 1);
        store.log_bytes.set(gauge(self.bytes));
        store.oldest_seq.set(gauge(oldest));
        store.latest_seq.set(gauge(self.bounds.latest));
        store.dead_letters.set(gauge(self.dead_letters));
        store.dead_letter_bytes.set(gauge(self.dead_letter_bytes));
    }
}

/// Which events a reader wants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filter {
    /// Task events of one task, or of every task with None.
    Tasks {
        /// The platform's task id.
        task_id: Option<String>,
    },
    /// Account events of these phones, or of every account when empty.
    Accounts {
        /// Account phone numbers, as the platform writes them (digits, no `+`).
        phones: Vec<String>,
    },
    /// Every event of both streams: the hub's fan-out.
    All,
}

impl Filter {
    /// The watch metrics' `kind` label of a reader with this filter: `task` (WatchTask),
    /// `accounts` (WatchAccounts) or `all`.
    pub fn kind_label(&self) -> &'static str {
        match self {
            Filter::Tasks { .. } => "task",
            Filter::Accounts { .. } => "accounts",
            Filter::All => "all",
        }
    }
}

/// What one prune removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pruned {
    /// Events removed, by age or by the size budget (always the oldest).
    pub events: u64,
    /// Dedup keys removed, by age only.
    pub dedup_keys: u64,
    /// Dead letters removed, by age or by the count and bytes caps.
    pub dead_letters: u64,
    /// Audit records removed, by age or by the cap on refused calls' records.
    pub audit_records: u64,
    /// Request records removed by the request-id retention.
    pub request_records: u64,
}

/// How the recording of a state-changing call went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallBegun {
    /// Recorded (and its request id, if any, claimed): the call may be sent.
    Recorded {
        /// The audit record, to complete with the call's outcome.
        audit_id: u64,
        /// The log's latest seq at that moment: events after it may tell what the call did.
        cursor: u64,
    },
    /// Its request id was used before, within the retention: nothing was recorded, and the call
    /// must not be sent.
    Earlier(EarlierRequest),
    /// The request records are at their cap: nothing was recorded, and the call is not sent.
    RecordsFull {
        /// The cap, `--request-id-max-records`.
        max_records: u64,
    },
}

/// Recipients another replica sharing the store charged (positive) or gave back (negative) to
/// a caller's blast-guard ceilings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteCharge {
    /// The caller charged.
    pub caller: String,
    /// Start of the minute the call was received in, epoch milliseconds.
    pub minute_ms: i64,
    /// Recipients charged, or given back when negative.
    pub charged: i64,
}

/// Storage failures. Clone because one failed commit fails every request of its batch.
#[derive(thiserror::Error, Debug, Clone)]
pub enum LogError {
    /// SQLite failed: opening, a query or a commit.
    #[error("event log storage: {0}")]
    Storage(#[source] Arc<rusqlite::Error>),
    /// The log's directory or database file could not be created or read, or the writer thread not
    /// started.
    #[error("event log directory {path}: {source}")]
    Io {
        /// The directory (or file) concerned.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: Arc<std::io::Error>,
    },
    /// A stored event is not a valid `Event` message: the file was damaged or written by an
    /// incompatible version.
    #[error("event {seq} in the log cannot be decoded: {source}")]
    Corrupt {
        /// The event's seq.
        seq: u64,
        /// Why it does not decode.
        #[source]
        source: prost::DecodeError,
    },
    /// The database refused WAL journal mode (the mode it is in is given); without WAL, readers
    /// and the writer would block each other.
    #[error("the event log database is not in WAL mode (journal_mode = {0})")]
    NotWal(String),
    /// The writer thread is gone (the log is shutting down or the thread failed): nothing more can
    /// be appended.
    #[error("the event log writer has stopped")]
    Closed,
    /// A blocking read task panicked or was cancelled.
    #[error("event log read task failed: {0}")]
    ReadTask(String),
    /// The shared store (NATS JetStream) cannot be reached, or is electing a leader, and did
    /// not recover within the retry budget: nothing was written.
    #[error("event store unavailable: {0}")]
    Unavailable(String),
    /// The shared store refused the operation for a reason a retry cannot cure (a stream
    /// configured otherwise, a message over its limits, bad credentials).
    #[error("event store refused: {0}")]
    Refused(String),
    /// An event is larger than the shared store takes in one message (NATS's `max_payload`):
    /// storing it cannot succeed however often it is retried.
    #[error("too large for the event store: {0}")]
    TooLarge(String),
    /// More than [`DEAD_LETTERS_IN_FLIGHT`] dead letters were waiting for the writer.
    #[error("too many dead letters are waiting to be written; this one is not kept")]
    DeadLettersBusy,
}

impl From<rusqlite::Error> for LogError {
    fn from(error: rusqlite::Error) -> Self {
        LogError::Storage(Arc::new(error))
    }
}

/// The durable, replayable event log the webhook listener writes and the watches read.
#[async_trait::async_trait]
pub trait EventLog: Send + Sync + std::fmt::Debug + 'static {
    /// Appends one webhook's events atomically. If `dedup` recognises it as appended before
    /// (within retention, across restarts) nothing is stored and Duplicate is returned. Returns
    /// only once the events are durable (committed).
    async fn append(&self, dedup: Dedup, events: Vec<NewEvent>) -> Result<Appended, LogError>;
    /// Up to `limit` events with seq > after that match `filter`, in seq order.
    async fn read_after(
        &self,
        after: u64,
        filter: &Filter,
        limit: usize,
    ) -> Result<Vec<StoredEvent>, LogError>;
    /// [`read_after`](Self::read_after), the events left encoded, in `batch` (emptied first;
    /// a catch-up passes the batch it has sent, whose room is reused). A store that reads
    /// events decoded encodes them again here.
    async fn read_encoded_after(
        &self,
        after: u64,
        filter: &Filter,
        limit: usize,
        mut batch: EncodedBatch,
    ) -> Result<EncodedBatch, LogError> {
        let events = self.read_after(after, filter, limit).await?;
        batch.clear();
        for stored in &events {
            batch.push_decoded(stored);
        }
        Ok(batch)
    }
    /// Which store this is, as operators name it: "sqlite" or "jetstream".
    fn store_name(&self) -> &'static str;
    /// The seqs the log holds now: oldest retained and latest assigned.
    async fn bounds(&self) -> Result<Bounds, LogError>;
    /// The latest committed seq, updated after every commit (tail).
    fn latest(&self) -> watch::Receiver<u64>;
    /// A seq as clients see it, in `cursor` fields: the decimal seq here; a store shared by
    /// several replicas adds its identity.
    fn cursor_text(&self, seq: u64) -> String {
        let mut text = String::new();
        self.write_cursor(seq, &mut text);
        text
    }
    /// Appends [`cursor_text`](Self::cursor_text) to `text` (a replay writes a cursor per event
    /// into one string).
    fn write_cursor(&self, seq: u64, text: &mut String) {
        use std::fmt::Write;
        let _ = write!(text, "{seq}");
    }
    /// The seq a client's cursor names, or why it names none in this store.
    fn parse_cursor(&self, text: &str) -> Result<u64, String> {
        text.parse().map_err(|_| {
            if text.contains('-') {
                format!("{text:?} is a cursor of a NATS JetStream event store, not of this gateway's embedded (SQLite) store")
            } else {
                format!("{text:?} is not a cursor from this gateway")
            }
        })
    }
    /// What the store holds now, for the metrics (see [`Usage::record`]); on a shared store at
    /// most one request per stream.
    async fn usage(&self) -> Result<Usage, LogError>;
    /// Whether the store takes a write now, for readiness: SQLite commits a tiny write through
    /// its writer thread; JetStream asks the events stream's leader. Answers within a bound of
    /// its own (seconds), so a caller polling it is never stuck behind a hung store.
    async fn check_writable(&self) -> Result<(), LogError>;
    /// Whether the store can be read and written now; live watchers check it when idle, so a
    /// replica cut off from a shared store ends its streams (clients resume elsewhere) instead
    /// of sending heartbeats over a feed that stopped.
    fn available(&self) -> Result<(), LogError> {
        Ok(())
    }
    /// Keeps a rejected webhook, its body cut to [`EventLog::dead_letter_body_max`], within the
    /// dead-letter caps (the oldest go first). Written apart from appends: a failure here never
    /// fails an append.
    async fn dead_letter(&self, letter: NewDeadLetter) -> Result<u64, LogError>;
    /// The most body bytes a dead letter keeps: a caller need not read more of a body it rejects.
    fn dead_letter_body_max(&self) -> usize;
    /// Newest first.
    async fn dead_letters(&self, limit: usize) -> Result<Vec<DeadLetter>, LogError>;
    /// Records a state-changing call that was not sent (refused, or answered from an earlier
    /// call with its request id), with its outcome; returns the record's id once it is durable.
    async fn audit(&self, entry: AuditEntry, outcome: AuditOutcome) -> Result<u64, LogError>;
    /// Records a state-changing call before it is sent, and claims its request id if it has
    /// one, in one durable write: the call may be sent only when this answers `Recorded`.
    async fn begin_call(
        &self,
        entry: AuditEntry,
        claim: Option<RequestClaim>,
    ) -> Result<CallBegun, LogError>;
    /// Completes a call's record with its outcome and settles its request id, in one durable
    /// write.
    async fn end_call(
        &self,
        audit_id: u64,
        outcome: AuditOutcome,
        request: Option<(RequestKey, RequestEnd)>,
    ) -> Result<(), LogError>;
    /// Recipients still charged by audit records since `since_ms`, per caller and minute:
    /// (caller, minute's start in epoch milliseconds, recipients).
    async fn recipient_charges(&self, since_ms: i64) -> Result<Vec<(String, i64, u64)>, LogError>;
    /// Audit records matching `query`, oldest first.
    async fn audit_records(&self, query: AuditQuery) -> Result<Vec<AuditRecord>, LogError>;
    /// The charges and refunds other replicas sharing this store make from now on, for this
    /// replica's blast guard to count beside its own; None for a store no one else writes.
    async fn remote_charges(
        &self,
    ) -> Result<Option<tokio::sync::mpsc::Receiver<RemoteCharge>>, LogError> {
        Ok(None)
    }
}
