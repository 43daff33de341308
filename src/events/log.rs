//! The durable event log: SQLite in WAL mode, one writer thread with group commit, pooled readers.
//!
//! The webhook listener answers 200 only after `append` returns, and `append` returns only after
//! the transaction holding the webhook's events and its dedup key has committed. Watchers replay
//! with `read_after` from their cursor (a seq) and wait on `latest()` for new commits.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use prost::Message;
use rusqlite::types::Value;
use rusqlite::{
    params, params_from_iter, Connection, OptionalExtension, Transaction, TransactionBehavior,
};
use tokio::sync::{oneshot, watch, OwnedSemaphorePermit, Semaphore};

use super::audit::{self, AuditEntry, AuditOutcome, AuditQuery, AuditRecord};
use super::{stream_key, Stream};
use crate::proto::v1::Event;

/// File name of the log inside the data directory.
pub const DB_FILE: &str = "events.sqlite3";
/// Default age after which events, dedup keys and dead letters are pruned: long enough to cover
/// a subscriber that is down over a long weekend and the platform's redelivery window.
pub const DEFAULT_RETENTION_AGE: Duration = Duration::from_secs(7 * 24 * 60 * 60);
/// Default cap on the total payload bytes of retained events (1 GiB).
pub const DEFAULT_RETENTION_BYTES: u64 = 1 << 30;
/// Default cap on the number of dead letters kept; the oldest go first. Enough to inspect a
/// misbehaving sender, few enough that listing or pruning them is cheap.
pub const DEFAULT_DEAD_LETTER_MAX_COUNT: u64 = 10_000;
/// Default cap on the bytes of the dead letters kept (bodies and texts, 64 MiB); the oldest go
/// first. Malformed traffic can never take more disk than this.
pub const DEFAULT_DEAD_LETTER_MAX_BYTES: u64 = 64 << 20;
/// Default cap on the body bytes kept per dead letter (64 KiB); a longer body is cut, and its
/// original length recorded. Enough to see what is wrong with a body.
pub const DEFAULT_DEAD_LETTER_BODY_MAX_BYTES: usize = 64 << 10;
/// Dead letters waiting for the writer at once; more are answered `DeadLettersBusy` and not
/// kept. Bounds the memory and writer time a flood of rejected webhooks can claim ahead of valid
/// ones.
pub const DEAD_LETTERS_IN_FLIGHT: usize = 64;
/// Longest path, content type or reason kept in a dead letter, in bytes; longer ones are cut.
pub const DEAD_LETTER_TEXT_MAX: usize = 2048;
/// Default cap on the requests written by one transaction; bounds the latency a huge burst adds
/// to the first request of the batch.
pub const DEFAULT_GROUP_COMMIT_MAX: usize = 512;
/// How often the writer thread prunes by itself.
pub const PRUNE_INTERVAL: Duration = Duration::from_secs(60);
/// Idle read connections kept open; more are opened on demand and closed after use.
const READ_POOL_IDLE: usize = 4;
/// How long a connection waits for a lock held by another connection (a checkpoint, an operator's
/// sqlite3 shell) before failing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Tables and indexes of the log (also the baseline the ingest benchmark inserts into).
pub const SCHEMA: &str = "
    -- AUTOINCREMENT: seqs are never reused, even after the newest events are pruned, so cursors
    -- stay monotonic across pruning and restarts (sqlite_sequence keeps the high-water mark).
    CREATE TABLE IF NOT EXISTS events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        received_ms INTEGER NOT NULL,
        stream TEXT NOT NULL,
        key TEXT NOT NULL,
        payload BLOB NOT NULL
    );
    -- One task or a set of phones.
    CREATE INDEX IF NOT EXISTS events_stream_key_seq ON events (stream, key, seq);
    -- Every task or every account: without it a reader of the quiet stream scans the busy one.
    CREATE INDEX IF NOT EXISTS events_stream_seq ON events (stream, seq);
    -- digest: the content digest of a verified message id (Dedup::MessageId), NULL otherwise.
    CREATE TABLE IF NOT EXISTS dedup (
        key TEXT PRIMARY KEY,
        received_ms INTEGER NOT NULL,
        digest BLOB
    ) WITHOUT ROWID;
    -- Age pruning of dedup keys without a full scan.
    CREATE INDEX IF NOT EXISTS dedup_received_ms ON dedup (received_ms);
    CREATE TABLE IF NOT EXISTS dead_letters (
        id INTEGER PRIMARY KEY,
        received_ms INTEGER NOT NULL,
        path TEXT NOT NULL,
        content_type TEXT NOT NULL,
        reason TEXT NOT NULL,
        -- At most the body cap: the first bytes of a longer body.
        body BLOB NOT NULL,
        -- Length of the whole body as sent; NULL in rows kept before bodies were cut (= body).
        original_len INTEGER
    );
";

/// Columns added after the first release: `open` adds them to a database created before them.
const MIGRATIONS: [(&str, &str, &str); 2] = [
    ("dedup", "digest", "BLOB"),
    ("dead_letters", "original_len", "INTEGER"),
];

/// Bytes a dead letter takes in the caps: its body and texts (as stored, in UTF-8).
const DEAD_LETTER_SIZE_SQL: &str = "length(body) + length(CAST(path AS BLOB)) \
    + length(CAST(content_type AS BLOB)) + length(CAST(reason AS BLOB))";

/// One event to append; its stream and key come from [`stream_key`].
#[derive(Debug, Clone, PartialEq)]
pub struct NewEvent {
    pub event: Event,
}

/// An event as stored, with the seq that is its cursor.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredEvent {
    pub seq: u64,
    pub event: Event,
}

/// The outcome of an append.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Appended {
    /// The events got seqs `first_seq..=last_seq`. An append of no events records its dedup key
    /// and reports the empty range `latest + 1 ..= latest`.
    Stored { first_seq: u64, last_seq: u64 },
    /// Stored as `Stored`, although its message id ([`Dedup::MessageId`]) was appended before
    /// with another content: the sender reused an id, which the caller should report.
    Conflicting { first_seq: u64, last_seq: u64 },
    /// The dedup key was appended before; nothing was stored.
    Duplicate,
}

/// A body digest in lower-case hex, as dedup keys carry it: one allocation, not one per byte.
pub fn digest_hex(digest: &[u8; 32]) -> String {
    use std::fmt::Write;
    let mut hex = String::with_capacity(64);
    for byte in digest {
        let _ = write!(hex, "{byte:02x}");
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
        scope: String,
        id: String,
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

/// Which events a reader wants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filter {
    /// Task events of one task, or of every task with None.
    Tasks { task_id: Option<String> },
    /// Account events of these phones, or of every account when empty.
    Accounts { phones: Vec<String> },
    /// Every event of both streams: the hub's fan-out.
    All,
}

/// A webhook body that could not be parsed, kept for inspection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadLetter {
    pub id: u64,
    pub received_ms: i64,
    pub path: String,
    pub content_type: String,
    pub reason: String,
    /// The body, or its first bytes when it was longer than the body cap or not read whole.
    pub body: Vec<u8>,
    /// Length of the whole body as sent.
    pub original_len: u64,
}

impl DeadLetter {
    /// True when `body` holds only the first bytes of the body sent.
    pub fn truncated(&self) -> bool {
        (self.body.len() as u64) < self.original_len
    }
}

/// A rejected webhook to keep as a dead letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDeadLetter {
    /// The path it was sent to, as it may be shown (no secrets).
    pub path: String,
    pub content_type: String,
    pub reason: String,
    /// The body, or its first bytes when it was not read whole; cut to the body cap.
    pub body: Vec<u8>,
    /// Length of the whole body as sent (at least `body.len()`).
    pub original_len: u64,
}

impl NewDeadLetter {
    /// A dead letter of a body read whole.
    pub fn new(path: String, content_type: String, reason: String, body: Vec<u8>) -> Self {
        let original_len = body.len() as u64;
        NewDeadLetter {
            path,
            content_type,
            reason,
            body,
            original_len,
        }
    }
}

/// What one prune removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pruned {
    pub events: u64,
    pub dedup_keys: u64,
    pub dead_letters: u64,
    pub audit_records: u64,
}

/// Storage failures. Clone because one failed commit fails every request of its batch.
#[derive(thiserror::Error, Debug, Clone)]
pub enum LogError {
    #[error("event log storage: {0}")]
    Storage(#[source] Arc<rusqlite::Error>),
    #[error("event log directory {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: Arc<std::io::Error>,
    },
    #[error("event {seq} in the log cannot be decoded: {source}")]
    Corrupt {
        seq: u64,
        #[source]
        source: prost::DecodeError,
    },
    #[error("the event log database is not in WAL mode (journal_mode = {0})")]
    NotWal(String),
    #[error("the event log writer has stopped")]
    Closed,
    #[error("event log read task failed: {0}")]
    ReadTask(String),
    #[error("too many dead letters are waiting to be written; this one is not kept")]
    DeadLettersBusy,
}

impl From<rusqlite::Error> for LogError {
    fn from(error: rusqlite::Error) -> Self {
        LogError::Storage(Arc::new(error))
    }
}

/// The durable, replayable event log the webhook listener writes and the watches read.
#[tonic::async_trait]
pub trait EventLog: Send + Sync + 'static {
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
    async fn bounds(&self) -> Result<Bounds, LogError>;
    /// The latest committed seq, updated after every commit (tail).
    fn latest(&self) -> watch::Receiver<u64>;
    /// Keeps a rejected webhook, its body cut to [`EventLog::dead_letter_body_max`], within the
    /// dead-letter caps (the oldest go first). Written apart from appends: a failure here never
    /// fails an append.
    async fn dead_letter(&self, letter: NewDeadLetter) -> Result<u64, LogError>;
    /// The most body bytes a dead letter keeps: a caller need not read more of a body it rejects.
    fn dead_letter_body_max(&self) -> usize;
    /// Newest first.
    async fn dead_letters(&self, limit: usize) -> Result<Vec<DeadLetter>, LogError>;
    /// Records a state-changing call, with its outcome when it ended before the platform was
    /// called; returns the record's id once it is durable.
    async fn audit(
        &self,
        entry: AuditEntry,
        outcome: Option<AuditOutcome>,
    ) -> Result<u64, LogError>;
    /// Completes a record with its call's outcome, once durable.
    async fn audit_finish(&self, id: u64, outcome: AuditOutcome) -> Result<(), LogError>;
    /// Recipients still charged by audit records since `since_ms`, per caller and minute:
    /// (caller, minute's start in epoch milliseconds, recipients).
    async fn recipient_charges(&self, since_ms: i64) -> Result<Vec<(String, i64, u64)>, LogError>;
    /// Audit records matching `query`, oldest first.
    async fn audit_records(&self, query: AuditQuery) -> Result<Vec<AuditRecord>, LogError>;
}

/// How hard a commit is pushed to disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Fsync {
    /// `synchronous = NORMAL`: a commit is written to the WAL but fsynced only at checkpoints.
    /// Survives a crash or kill -9 of the process (the OS has the pages), which is what the
    /// gateway promises; an OS crash or power loss may lose the last commits.
    #[default]
    Normal,
    /// `synchronous = FULL`: every commit fsyncs the WAL; survives power loss too, at the cost
    /// of one fsync per group commit.
    Full,
}

/// Durability, retention and batching of the log.
#[derive(Debug, Clone)]
pub struct LogSettings {
    /// Whether every commit is fsynced.
    pub fsync: Fsync,
    /// Events, dedup keys and dead letters older than this are pruned.
    pub retention_age: Duration,
    /// The oldest events are pruned while their payloads total more than this. Dedup keys are
    /// never pruned by size: a redelivery must be recognised for the whole retention age.
    pub retention_bytes: u64,
    /// Most requests written by one transaction.
    pub group_commit_max: usize,
    /// Most dead letters kept; the oldest are pruned first.
    pub dead_letter_max_count: u64,
    /// Most bytes of dead letters kept (bodies and texts); the oldest are pruned first.
    pub dead_letter_max_bytes: u64,
    /// Most body bytes kept per dead letter; a longer body is cut, its length recorded.
    pub dead_letter_body_max_bytes: usize,
    /// Most audit records of refused calls kept; the oldest are pruned first.
    pub audit_max_refused_records: u64,
}

impl Default for LogSettings {
    fn default() -> Self {
        LogSettings {
            fsync: Fsync::default(),
            retention_age: DEFAULT_RETENTION_AGE,
            retention_bytes: DEFAULT_RETENTION_BYTES,
            group_commit_max: DEFAULT_GROUP_COMMIT_MAX,
            dead_letter_max_count: DEFAULT_DEAD_LETTER_MAX_COUNT,
            dead_letter_max_bytes: DEFAULT_DEAD_LETTER_MAX_BYTES,
            dead_letter_body_max_bytes: DEFAULT_DEAD_LETTER_BODY_MAX_BYTES,
            audit_max_refused_records: audit::DEFAULT_MAX_REFUSED_RECORDS,
        }
    }
}

impl LogSettings {
    /// The body bytes a dead letter keeps: the body cap, and never more than the bytes cap.
    fn dead_letter_body_max(&self) -> usize {
        let total = usize::try_from(self.dead_letter_max_bytes).unwrap_or(usize::MAX);
        self.dead_letter_body_max_bytes.min(total)
    }
}

/// The SQLite event log in `<dir>/events.sqlite3`.
pub struct SqliteLog {
    requests: mpsc::Sender<Request>,
    writer: Option<JoinHandle<()>>,
    readers: Arc<Readers>,
    latest: Arc<watch::Sender<u64>>,
    commits: Arc<AtomicU64>,
    /// Permits for dead letters on their way to the writer ([`DEAD_LETTERS_IN_FLIGHT`]).
    dead_letter_slots: Arc<Semaphore>,
    dead_letter_body_max: usize,
    dead_letter_max_bytes: u64,
}

impl SqliteLog {
    /// Opens (creating if needed) the log in `dir` and starts its writer thread, which also
    /// prunes once at start (catching up after downtime) and then every [`PRUNE_INTERVAL`].
    pub fn open(dir: &Path, settings: LogSettings) -> Result<Self, LogError> {
        std::fs::create_dir_all(dir).map_err(|source| LogError::Io {
            path: dir.to_path_buf(),
            source: Arc::new(source),
        })?;
        let path = dir.join(DB_FILE);
        let conn = Connection::open(&path)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // WAL: readers never block the writer nor the writer the readers, and a commit is one
        // sequential append to the WAL file.
        let mode: String =
            conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(LogError::NotWal(mode));
        }
        // In WAL mode NORMAL is durable against process crashes (a committed transaction is in
        // the WAL file, i.e. in the OS page cache) and only an OS crash or power loss can lose
        // the last commits; FULL fsyncs the WAL on every commit. See [`Fsync`].
        let synchronous = match settings.fsync {
            Fsync::Normal => "NORMAL",
            Fsync::Full => "FULL",
        };
        conn.pragma_update(None, "synchronous", synchronous)?;
        conn.execute_batch(SCHEMA)?;
        conn.execute_batch(audit::SCHEMA)?;
        migrate(&conn)?;
        let latest = sequence(&conn)?;
        let dead_letters = DeadLetterTotals::of(&conn)?;

        let readers = Arc::new(Readers {
            path,
            idle: Mutex::new(Vec::new()),
        });
        // Fail now, not on the first watch, if the file cannot be read.
        readers.with(|_| Ok(()))?;

        let latest = Arc::new(watch::channel(latest).0);
        let commits = Arc::new(AtomicU64::new(0));
        let (requests, inbox) = mpsc::channel();
        let dead_letter_body_max = settings.dead_letter_body_max();
        let dead_letter_max_bytes = settings.dead_letter_max_bytes;
        let writer = Writer {
            conn,
            settings,
            latest: latest.clone(),
            commits: commits.clone(),
            dead_letters,
        };
        let writer = std::thread::Builder::new()
            .name("event-log-writer".into())
            .spawn(move || writer.run(inbox))
            .map_err(|source| LogError::Io {
                path: readers.path.clone(),
                source: Arc::new(source),
            })?;
        Ok(SqliteLog {
            requests,
            writer: Some(writer),
            readers,
            latest,
            commits,
            dead_letter_slots: Arc::new(Semaphore::new(DEAD_LETTERS_IN_FLIGHT)),
            dead_letter_body_max,
            dead_letter_max_bytes,
        })
    }

    /// Prunes now (the writer thread also does so every [`PRUNE_INTERVAL`]).
    pub async fn prune(&self) -> Result<Pruned, LogError> {
        self.prune_at(now_ms()).await
    }

    /// Prunes as if the clock read `now_ms` (epoch milliseconds): for tests and tooling.
    pub async fn prune_at(&self, now_ms: i64) -> Result<Pruned, LogError> {
        self.call(|reply| Request::Prune { now_ms, reply }).await
    }

    /// Transactions committed for appends and dead letters since open (prunes not counted).
    /// Fewer than the requests under a burst: that is group commit working.
    pub fn commits(&self) -> u64 {
        self.commits.load(Ordering::Relaxed)
    }

    /// Sends a request to the writer thread and waits for its answer.
    async fn call<T>(
        &self,
        request: impl FnOnce(oneshot::Sender<Result<T, LogError>>) -> Request,
    ) -> Result<T, LogError> {
        let (reply, answer) = oneshot::channel();
        self.requests
            .send(request(reply))
            .map_err(|_| LogError::Closed)?;
        answer.await.map_err(|_| LogError::Closed)?
    }

    /// Runs a read on a pooled connection off the async threads.
    async fn read<T: Send + 'static>(
        &self,
        read: impl FnOnce(&Connection) -> Result<T, LogError> + Send + 'static,
    ) -> Result<T, LogError> {
        let readers = self.readers.clone();
        tokio::task::spawn_blocking(move || readers.with(read))
            .await
            .map_err(|error| LogError::ReadTask(error.to_string()))?
    }
}

impl Drop for SqliteLog {
    /// Lets the writer finish what is queued and close the database before returning, so a
    /// reopen right after sees everything.
    fn drop(&mut self) {
        let _ = self.requests.send(Request::Shutdown);
        if let Some(writer) = self.writer.take() {
            let _ = writer.join();
        }
    }
}

#[tonic::async_trait]
impl EventLog for SqliteLog {
    async fn append(&self, dedup: Dedup, events: Vec<NewEvent>) -> Result<Appended, LogError> {
        // Encoding happens here, on the caller's task, to keep the single writer busy only
        // with SQLite. Retention ages an event by the webhook's receipt time; `now` only stands
        // in when the caller left it unset.
        let now = now_ms();
        let rows = events
            .into_iter()
            .map(|NewEvent { event }| {
                let (stream, key) = stream_key(&event);
                let received_ms = event
                    .received_time
                    .as_ref()
                    .map(|t| {
                        t.seconds
                            .saturating_mul(1000)
                            .saturating_add(i64::from(t.nanos) / 1_000_000)
                    })
                    .unwrap_or(now);
                EventRow {
                    received_ms,
                    stream,
                    key,
                    payload: event.encode_to_vec(),
                }
            })
            .collect();
        self.call(|reply| Request::Append(AppendWrite { dedup, rows, reply }))
            .await
    }

    async fn read_after(
        &self,
        after: u64,
        filter: &Filter,
        limit: usize,
    ) -> Result<Vec<StoredEvent>, LogError> {
        if limit == 0 {
            return Ok(Vec::new());
        }
        let filter = filter.clone();
        self.read(move |conn| read_after(conn, after, &filter, limit))
            .await
    }

    async fn bounds(&self) -> Result<Bounds, LogError> {
        self.read(|conn| {
            // One statement, so both come from one snapshot.
            let (oldest, latest): (Option<i64>, i64) = conn.query_row(
                "SELECT (SELECT MIN(seq) FROM events),
                        COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'events'), 0)",
                [],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )?;
            Ok(Bounds {
                oldest: oldest.map(to_u64),
                latest: to_u64(latest),
            })
        })
        .await
    }

    fn latest(&self) -> watch::Receiver<u64> {
        self.latest.subscribe()
    }

    async fn dead_letter(&self, letter: NewDeadLetter) -> Result<u64, LogError> {
        // The permit travels with the request and is released by the writer, so the bound holds
        // even for callers that stop waiting.
        let slot = self
            .dead_letter_slots
            .clone()
            .try_acquire_owned()
            .map_err(|_| LogError::DeadLettersBusy)?;
        let letter = DeadLetterRow::new(
            letter,
            now_ms(),
            self.dead_letter_body_max,
            self.dead_letter_max_bytes,
        );
        self.call(|reply| {
            Request::DeadLetter(DeadLetterWrite {
                letter,
                reply,
                _slot: slot,
            })
        })
        .await
    }

    fn dead_letter_body_max(&self) -> usize {
        self.dead_letter_body_max
    }

    async fn dead_letters(&self, limit: usize) -> Result<Vec<DeadLetter>, LogError> {
        self.read(move |conn| Ok(query_dead_letters(conn, limit)?))
            .await
    }

    async fn audit(
        &self,
        entry: AuditEntry,
        outcome: Option<AuditOutcome>,
    ) -> Result<u64, LogError> {
        self.call(|reply| {
            Request::Audit(AuditWrite::Record {
                entry,
                outcome,
                reply,
            })
        })
        .await
    }

    async fn audit_finish(&self, id: u64, outcome: AuditOutcome) -> Result<(), LogError> {
        self.call(|reply| Request::Audit(AuditWrite::Finish { id, outcome, reply }))
            .await
    }

    async fn recipient_charges(&self, since_ms: i64) -> Result<Vec<(String, i64, u64)>, LogError> {
        self.read(move |conn| Ok(audit::charges(conn, since_ms)?))
            .await
    }

    async fn audit_records(&self, query: AuditQuery) -> Result<Vec<AuditRecord>, LogError> {
        self.read(move |conn| Ok(audit::query(conn, &query)?)).await
    }
}

/// The newest `limit` dead letters.
fn query_dead_letters(conn: &Connection, limit: usize) -> rusqlite::Result<Vec<DeadLetter>> {
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    // A database not yet opened by this version (read-only inspection) lacks the column.
    let original_len = if has_column(conn, "dead_letters", "original_len")? {
        "COALESCE(original_len, length(body))"
    } else {
        "length(body)"
    };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id, received_ms, path, content_type, reason, body, {original_len}
         FROM dead_letters ORDER BY id DESC LIMIT ?1"
    ))?;
    let letters = stmt.query_map([limit], |row| {
        Ok(DeadLetter {
            id: to_u64(row.get(0)?),
            received_ms: row.get(1)?,
            path: row.get(2)?,
            content_type: row.get(3)?,
            reason: row.get(4)?,
            body: row.get(5)?,
            original_len: to_u64(row.get(6)?),
        })
    })?;
    letters.collect()
}

/// Adds the columns of [`MIGRATIONS`] a database created by an older version lacks.
fn migrate(conn: &Connection) -> rusqlite::Result<()> {
    for (table, column, declaration) in MIGRATIONS {
        if !has_column(conn, table, column)? {
            conn.execute_batch(&format!(
                "ALTER TABLE {table} ADD COLUMN {column} {declaration}"
            ))?;
            tracing::info!(table, column, "event log schema upgraded");
        }
    }
    Ok(())
}

fn has_column(conn: &Connection, table: &str, column: &str) -> rusqlite::Result<bool> {
    conn.prepare_cached("SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2")?
        .exists([table, column])
}

/// The newest `limit` dead letters of the log in `dir`, read without opening the log for writing,
/// so that inspecting a running gateway's log never prunes or locks it.
pub fn read_dead_letters(dir: &Path, limit: usize) -> Result<Vec<DeadLetter>, LogError> {
    let path = dir.join(DB_FILE);
    let conn = Connection::open_with_flags(&path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    Ok(query_dead_letters(&conn, limit)?)
}

fn read_after(
    conn: &Connection,
    after: u64,
    filter: &Filter,
    limit: usize,
) -> Result<Vec<StoredEvent>, LogError> {
    let after = i64::try_from(after).unwrap_or(i64::MAX);
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let (stream, keys): (Option<Stream>, Vec<String>) = match filter {
        Filter::Tasks { task_id } => (Some(Stream::Tasks), task_id.iter().cloned().collect()),
        Filter::Accounts { phones } => {
            let mut phones = phones.clone();
            phones.sort_unstable();
            phones.dedup();
            (Some(Stream::Accounts), phones)
        }
        Filter::All => (None, Vec::new()),
    };
    let mut sql = String::from("SELECT seq, payload FROM events WHERE ");
    if stream.is_some() {
        sql.push_str("stream = ? AND ");
    }
    if !keys.is_empty() {
        sql.push_str("key IN (?");
        sql.push_str(&",?".repeat(keys.len() - 1));
        sql.push_str(") AND ");
    }
    sql.push_str("seq > ? ORDER BY seq LIMIT ?");
    let values = stream
        .map(|stream| Value::from(stream.as_str().to_owned()))
        .into_iter()
        .chain(keys.into_iter().map(Value::from))
        .chain([Value::from(after), Value::from(limit)]);
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params_from_iter(values))?;
    let mut events = Vec::new();
    while let Some(row) = rows.next()? {
        let seq = to_u64(row.get(0)?);
        let payload: Vec<u8> = row.get(1)?;
        let event = Event::decode(payload.as_slice())
            .map_err(|source| LogError::Corrupt { seq, source })?;
        events.push(StoredEvent { seq, event });
    }
    Ok(events)
}

/// The highest seq ever assigned; kept by SQLite for AUTOINCREMENT tables even when the rows are
/// gone.
fn sequence(conn: &Connection) -> Result<u64, LogError> {
    let seq: Option<i64> = conn
        .query_row(
            "SELECT seq FROM sqlite_sequence WHERE name = 'events'",
            [],
            |row| row.get(0),
        )
        .optional()?;
    Ok(seq.map_or(0, to_u64))
}

/// Seqs and ids are positive rowids; SQLite stores integers as i64.
fn to_u64(rowid: i64) -> u64 {
    u64::try_from(rowid).unwrap_or_default()
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// Read connections. WAL lets them read while the writer writes; each statement sees one
/// committed snapshot.
struct Readers {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
}

impl Readers {
    fn with<T>(
        &self,
        read: impl FnOnce(&Connection) -> Result<T, LogError>,
    ) -> Result<T, LogError> {
        let idle = self
            .idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop();
        let conn = match idle {
            Some(conn) => conn,
            None => {
                let conn = Connection::open(&self.path)?;
                conn.busy_timeout(BUSY_TIMEOUT)?;
                // Only the writer thread writes: a bug elsewhere cannot take the write lock.
                conn.pragma_update(None, "query_only", true)?;
                conn
            }
        };
        let result = read(&conn);
        let mut idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner);
        if idle.len() < READ_POOL_IDLE {
            idle.push(conn);
        }
        result
    }
}

struct EventRow {
    received_ms: i64,
    stream: Stream,
    key: String,
    payload: Vec<u8>,
}

struct DeadLetterRow {
    received_ms: i64,
    path: String,
    content_type: String,
    reason: String,
    body: Vec<u8>,
    original_len: u64,
}

impl DeadLetterRow {
    /// Cuts the texts to [`DEAD_LETTER_TEXT_MAX`] and the body to `body_max`, and to what is left
    /// of `max_bytes` after the texts, so that one letter alone always fits the bytes cap.
    fn new(letter: NewDeadLetter, received_ms: i64, body_max: usize, max_bytes: u64) -> Self {
        let NewDeadLetter {
            mut path,
            mut content_type,
            mut reason,
            mut body,
            original_len,
        } = letter;
        for text in [&mut path, &mut content_type, &mut reason] {
            truncate_utf8(text, DEAD_LETTER_TEXT_MAX);
        }
        let original_len = original_len.max(body.len() as u64);
        let texts = (path.len() + content_type.len() + reason.len()) as u64;
        let room = usize::try_from(max_bytes.saturating_sub(texts)).unwrap_or(usize::MAX);
        body.truncate(body_max.min(room));
        DeadLetterRow {
            received_ms,
            path,
            content_type,
            reason,
            body,
            original_len,
        }
    }

    /// What it counts against the bytes cap; the same sum as [`DEAD_LETTER_SIZE_SQL`].
    fn size(&self) -> u64 {
        (self.body.len() + self.path.len() + self.content_type.len() + self.reason.len()) as u64
    }
}

/// Cuts `text` to at most `max` bytes, on a character boundary, marking the cut with "…".
pub fn truncate_utf8(text: &mut String, max: usize) {
    const MARK: &str = "…";
    if text.len() <= max {
        return;
    }
    let mut end = max.saturating_sub(MARK.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.truncate(end);
    if max >= MARK.len() {
        text.push_str(MARK);
    }
}

/// Running totals of the dead-letter table, kept by the writer so that enforcing the caps costs
/// one delete per evicted letter, never a scan.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct DeadLetterTotals {
    count: u64,
    bytes: u64,
}

impl DeadLetterTotals {
    /// Counted from the table: at open and after pruning by age (bounded by the count cap).
    fn of(conn: &Connection) -> rusqlite::Result<Self> {
        conn.query_row(
            &format!("SELECT COUNT(*), COALESCE(SUM({DEAD_LETTER_SIZE_SQL}), 0) FROM dead_letters"),
            [],
            |row| {
                Ok(DeadLetterTotals {
                    count: to_u64(row.get(0)?),
                    bytes: to_u64(row.get(1)?),
                })
            },
        )
    }

    /// Deletes the oldest letters while over a cap; returns how many.
    fn evict_over(
        &mut self,
        tx: &Transaction,
        max_count: u64,
        max_bytes: u64,
    ) -> rusqlite::Result<u64> {
        let mut evicted = 0;
        while self.count > max_count || self.bytes > max_bytes {
            let size: Option<i64> = tx
                .prepare_cached(&format!(
                    "DELETE FROM dead_letters WHERE id = (SELECT MIN(id) FROM dead_letters)
                     RETURNING {DEAD_LETTER_SIZE_SQL}"
                ))?
                .query_row([], |row| row.get(0))
                .optional()?;
            let Some(size) = size else {
                // Nothing left: whatever the totals said, the table is empty.
                *self = DeadLetterTotals::default();
                break;
            };
            self.count = self.count.saturating_sub(1);
            self.bytes = self.bytes.saturating_sub(to_u64(size));
            evicted += 1;
        }
        Ok(evicted)
    }
}

enum Request {
    Append(AppendWrite),
    DeadLetter(DeadLetterWrite),
    Audit(AuditWrite),
    Prune {
        now_ms: i64,
        reply: oneshot::Sender<Result<Pruned, LogError>>,
    },
    /// Sent by `Drop`: everything queued before it is still written.
    Shutdown,
}

/// An append, answered once its group commit commits.
struct AppendWrite {
    dedup: Dedup,
    rows: Vec<EventRow>,
    reply: oneshot::Sender<Result<Appended, LogError>>,
}

/// A dead letter, answered once the dead letters of its batch commit.
struct DeadLetterWrite {
    letter: DeadLetterRow,
    reply: oneshot::Sender<Result<u64, LogError>>,
    /// Released once written (or failed): bounds the dead letters queued.
    _slot: OwnedSemaphorePermit,
}

/// An audit record or its completion, answered once committed.
enum AuditWrite {
    Record {
        entry: AuditEntry,
        outcome: Option<AuditOutcome>,
        reply: oneshot::Sender<Result<u64, LogError>>,
    },
    Finish {
        id: u64,
        outcome: AuditOutcome,
        reply: oneshot::Sender<Result<(), LogError>>,
    },
}

/// Owns the only write connection, so writes never contend for SQLite's write lock and
/// batching is simple.
struct Writer {
    conn: Connection,
    settings: LogSettings,
    latest: Arc<watch::Sender<u64>>,
    commits: Arc<AtomicU64>,
    /// The dead-letter table's totals as of the last commit.
    dead_letters: DeadLetterTotals,
}

impl Writer {
    fn run(mut self, inbox: mpsc::Receiver<Request>) {
        let mut next_prune = Instant::now();
        loop {
            // Checked every round, not only on an idle timeout, so sustained load cannot starve it.
            if Instant::now() >= next_prune {
                if let Err(error) = self.prune(now_ms()) {
                    tracing::warn!(%error, "event log prune failed");
                }
                next_prune = Instant::now() + PRUNE_INTERVAL;
            }
            let first =
                match inbox.recv_timeout(next_prune.saturating_duration_since(Instant::now())) {
                    Ok(request) => request,
                    Err(RecvTimeoutError::Timeout) => continue,
                    Err(RecvTimeoutError::Disconnected) => return,
                };
            // Group commit: everything queued right now shares one transaction and one fsync.
            let mut batch = vec![first];
            while batch.len() < self.settings.group_commit_max.max(1) {
                match inbox.try_recv() {
                    Ok(request) => batch.push(request),
                    Err(_) => break,
                }
            }
            if !self.handle(batch) {
                return;
            }
        }
    }

    /// Returns false once a Shutdown was handled.
    fn handle(&mut self, batch: Vec<Request>) -> bool {
        let mut appends = Vec::with_capacity(batch.len());
        let mut dead_letters = Vec::new();
        let mut audits = Vec::new();
        let mut prunes = Vec::new();
        let mut shutdown = false;
        for request in batch {
            match request {
                Request::Append(append) => appends.push(append),
                Request::DeadLetter(letter) => dead_letters.push(letter),
                Request::Audit(write) => audits.push(write),
                Request::Prune { now_ms, reply } => prunes.push((now_ms, reply)),
                Request::Shutdown => shutdown = true,
            }
        }
        // Appends first and in their own transaction: dead letters neither delay their answers
        // nor, if they cannot be written (a full disk, a cap), make them fail.
        if !appends.is_empty() {
            self.write_appends(appends);
        }
        if !dead_letters.is_empty() {
            self.write_dead_letters(dead_letters);
        }
        if !audits.is_empty() {
            self.write_audits(audits);
        }
        for (now_ms, reply) in prunes {
            let _ = reply.send(self.prune(now_ms));
        }
        !shutdown
    }

    /// Writes appends in one transaction; answers nobody before the commit, and everybody with
    /// the error if any statement or the commit fails (nothing of the batch is then stored).
    fn write_appends(&mut self, appends: Vec<AppendWrite>) {
        let mut latest = *self.latest.borrow();
        match self.insert_appends(&appends, &mut latest) {
            Ok(outcomes) => {
                self.commits.fetch_add(1, Ordering::Relaxed);
                // Before the answers, so an acknowledged webhook is already visible to watchers.
                self.latest.send_if_modified(|seq| {
                    let changed = *seq != latest;
                    *seq = latest;
                    changed
                });
                // A send fails only if the caller gave up waiting; its events are stored anyway.
                for (append, outcome) in appends.into_iter().zip(outcomes) {
                    let _ = append.reply.send(Ok(outcome));
                }
            }
            Err(error) => {
                tracing::error!(%error, requests = appends.len(), "event log commit failed");
                for append in appends {
                    let _ = append.reply.send(Err(error.clone()));
                }
            }
        }
    }

    fn insert_appends(
        &mut self,
        appends: &[AppendWrite],
        latest: &mut u64,
    ) -> Result<Vec<Appended>, LogError> {
        let now = now_ms();
        // IMMEDIATE takes the write lock up front instead of upgrading mid-transaction.
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut outcomes = Vec::with_capacity(appends.len());
        {
            let mut event = tx.prepare_cached(
                "INSERT INTO events (received_ms, stream, key, payload) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for append in appends {
                // Earlier appends of this batch count too: they are in the same transaction.
                let claim = claim(&tx, &append.dedup, now)?;
                if claim == Claim::Duplicate {
                    outcomes.push(Appended::Duplicate);
                    continue;
                }
                let first_seq = *latest + 1;
                for row in &append.rows {
                    let seq = event.insert(params![
                        row.received_ms,
                        row.stream.as_str(),
                        row.key,
                        row.payload
                    ])?;
                    *latest = to_u64(seq);
                }
                let last_seq = *latest;
                outcomes.push(match claim {
                    Claim::Conflict => Appended::Conflicting {
                        first_seq,
                        last_seq,
                    },
                    _ => Appended::Stored {
                        first_seq,
                        last_seq,
                    },
                });
            }
        }
        tx.commit()?;
        Ok(outcomes)
    }

    /// Writes dead letters in one transaction, evicting the oldest beyond the caps; on failure
    /// only these dead letters fail.
    fn write_dead_letters(&mut self, letters: Vec<DeadLetterWrite>) {
        let mut totals = self.dead_letters;
        match self.insert_dead_letters(&letters, &mut totals) {
            Ok(ids) => {
                self.commits.fetch_add(1, Ordering::Relaxed);
                self.dead_letters = totals;
                for (letter, id) in letters.into_iter().zip(ids) {
                    let _ = letter.reply.send(Ok(id));
                }
            }
            Err(error) => {
                // Rolled back: the totals of the last commit still hold.
                tracing::warn!(%error, letters = letters.len(), "dead letters not kept");
                for letter in letters {
                    let _ = letter.reply.send(Err(error.clone()));
                }
            }
        }
    }

    fn insert_dead_letters(
        &mut self,
        letters: &[DeadLetterWrite],
        totals: &mut DeadLetterTotals,
    ) -> Result<Vec<u64>, LogError> {
        let (max_count, max_bytes) = (
            self.settings.dead_letter_max_count,
            self.settings.dead_letter_max_bytes,
        );
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut ids = Vec::with_capacity(letters.len());
        for DeadLetterWrite { letter, .. } in letters {
            let id = tx
                .prepare_cached(
                    "INSERT INTO dead_letters
                     (received_ms, path, content_type, reason, body, original_len)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )?
                .insert(params![
                    letter.received_ms,
                    letter.path,
                    letter.content_type,
                    letter.reason,
                    letter.body,
                    i64::try_from(letter.original_len).unwrap_or(i64::MAX)
                ])?;
            ids.push(to_u64(id));
            totals.count += 1;
            totals.bytes += letter.size();
            // After each insert, so that not even this transaction holds more than the caps.
            totals.evict_over(&tx, max_count, max_bytes)?;
        }
        tx.commit()?;
        Ok(ids)
    }

    /// Writes audit records in one transaction of their own; answers nobody before the commit.
    fn write_audits(&mut self, writes: Vec<AuditWrite>) {
        let written = (|| -> Result<Vec<u64>, LogError> {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            let mut ids = Vec::with_capacity(writes.len());
            for write in &writes {
                ids.push(match write {
                    AuditWrite::Record { entry, outcome, .. } => {
                        audit::insert(&tx, entry, outcome.as_ref())?
                    }
                    AuditWrite::Finish { id, outcome, .. } => {
                        audit::finish(&tx, *id, outcome)?;
                        *id
                    }
                });
            }
            tx.commit()?;
            Ok(ids)
        })();
        if let Err(error) = &written {
            tracing::error!(%error, records = writes.len(), "audit trail commit failed");
        }
        for (index, write) in writes.into_iter().enumerate() {
            let result = written.as_ref().map(|ids| ids[index]).map_err(Clone::clone);
            match write {
                AuditWrite::Record { reply, .. } => {
                    let _ = reply.send(result);
                }
                AuditWrite::Finish { reply, .. } => {
                    let _ = reply.send(result.map(|_| ()));
                }
            }
        }
    }

    fn prune(&mut self, now_ms: i64) -> Result<Pruned, LogError> {
        let age = i64::try_from(self.settings.retention_age.as_millis()).unwrap_or(i64::MAX);
        let cutoff = now_ms.saturating_sub(age);
        let budget = i64::try_from(self.settings.retention_bytes).unwrap_or(i64::MAX);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        // By age, only ever a prefix (up to the first event young enough), so the retained seqs
        // have no holes and Bounds.oldest alone tells whether a cursor can resume.
        let first_young: Option<i64> = tx
            .query_row(
                "SELECT seq FROM events WHERE received_ms >= ?1 ORDER BY seq LIMIT 1",
                [cutoff],
                |row| row.get(0),
            )
            .optional()?;
        let mut events = match first_young {
            Some(seq) => tx.execute("DELETE FROM events WHERE seq < ?1", [seq])?,
            None => tx.execute("DELETE FROM events", [])?,
        };
        // By size, the oldest first, until the payloads fit the budget.
        let total: i64 = tx.query_row(
            "SELECT COALESCE(SUM(length(payload)), 0) FROM events",
            [],
            |row| row.get(0),
        )?;
        if total > budget {
            let mut excess = total - budget;
            let mut last = None;
            {
                let mut stmt =
                    tx.prepare("SELECT seq, length(payload) FROM events ORDER BY seq")?;
                let mut rows = stmt.query([])?;
                while excess > 0 {
                    let Some(row) = rows.next()? else { break };
                    last = Some(row.get::<_, i64>(0)?);
                    excess -= row.get::<_, i64>(1)?;
                }
            }
            if let Some(last) = last {
                events += tx.execute("DELETE FROM events WHERE seq <= ?1", [last])?;
            }
        }
        // Dedup keys by age only: a redelivery must be recognised for the whole retention age.
        let dedup_keys = tx.execute("DELETE FROM dedup WHERE received_ms < ?1", [cutoff])?;
        // Dead letters by age, then by the caps (which may have been lowered since the last run).
        let aged = tx.execute("DELETE FROM dead_letters WHERE received_ms < ?1", [cutoff])?;
        let audit_records =
            audit::prune(&tx, now_ms, cutoff, self.settings.audit_max_refused_records)?;
        let mut totals = DeadLetterTotals::of(&tx)?;
        let evicted = totals.evict_over(
            &tx,
            self.settings.dead_letter_max_count,
            self.settings.dead_letter_max_bytes,
        )?;
        tx.commit()?;
        self.dead_letters = totals;
        let pruned = Pruned {
            events: events as u64,
            dedup_keys: dedup_keys as u64,
            dead_letters: aged as u64 + evicted,
            audit_records,
        };
        if pruned != Pruned::default() {
            tracing::debug!(?pruned, "event log pruned");
        }
        Ok(pruned)
    }
}

/// What an append's dedup record says it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Claim {
    New,
    /// A verified message id seen before with another content.
    Conflict,
    Duplicate,
}

/// Records `dedup` in the dedup table, unless it is a redelivery.
fn claim(tx: &Transaction, dedup: &Dedup, now: i64) -> rusqlite::Result<Claim> {
    let mut insert = tx.prepare_cached(
        "INSERT OR IGNORE INTO dedup (key, received_ms, digest) VALUES (?1, ?2, ?3)",
    )?;
    match dedup {
        // Ignored = the key is known, from before or from earlier in this batch.
        Dedup::Key(key) => Ok(match insert.execute(params![key, now, None::<Vec<u8>>])? {
            0 => Claim::Duplicate,
            _ => Claim::New,
        }),
        Dedup::MessageId { scope, id, digest } => {
            // The id is last, so no id can make one key look like another.
            let key = format!("id:{scope}:{id}");
            let known: Option<Option<Vec<u8>>> = tx
                .prepare_cached("SELECT digest FROM dedup WHERE key = ?1")?
                .query_row([&key], |row| row.get(0))
                .optional()?;
            match known {
                None => {
                    insert.execute(params![key, now, &digest[..]])?;
                    Ok(Claim::New)
                }
                Some(Some(known)) if known == digest[..] => Ok(Claim::Duplicate),
                Some(_) => {
                    // Each further content of the id under its own key, the fixed-length digest
                    // before the id.
                    let version = format!("idv:{scope}:{}:{id}", digest_hex(digest));
                    Ok(match insert.execute(params![version, now, &digest[..]])? {
                        0 => Claim::Duplicate,
                        _ => Claim::Conflict,
                    })
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncate_utf8_cuts_on_a_character_boundary() {
        let cut = |text: &str, max: usize| {
            let mut text = text.to_owned();
            truncate_utf8(&mut text, max);
            text
        };
        assert_eq!(cut("short", 10), "short");
        assert_eq!(cut("exactly10!", 10), "exactly10!");
        assert_eq!(cut("abcdefghijkl", 10), "abcdefg…");
        // "é" is two bytes: never split.
        let accents = cut(&"é".repeat(10), 10);
        assert!(accents.len() <= 10, "{accents}");
        assert_eq!(accents, "ééé…");
        assert_eq!(cut("abcdef", 2), "");
    }

    #[test]
    fn a_dead_letter_alone_always_fits_the_bytes_cap() {
        let letter = NewDeadLetter::new("/p".into(), "c".into(), "r".repeat(5000), vec![7; 1000]);
        let row = DeadLetterRow::new(letter, 0, 800, 2100);
        assert_eq!(row.reason.len(), DEAD_LETTER_TEXT_MAX);
        assert_eq!(row.body.len(), 2100 - 2 - 1 - DEAD_LETTER_TEXT_MAX);
        assert_eq!(row.size(), 2100);
        assert_eq!(row.original_len, 1000);
    }
}
