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
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, TransactionBehavior};
use tokio::sync::{oneshot, watch};

use super::{stream_key, Stream};
use crate::proto::v1::Event;

/// File name of the log inside the data directory.
pub const DB_FILE: &str = "events.sqlite3";
/// Default age after which events, dedup keys and dead letters are pruned: long enough to cover
/// a subscriber that is down over a long weekend and the platform's redelivery window.
pub const DEFAULT_RETENTION_AGE: Duration = Duration::from_secs(7 * 24 * 60 * 60);
/// Default cap on the total payload bytes of retained events (1 GiB).
pub const DEFAULT_RETENTION_BYTES: u64 = 1 << 30;
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
    CREATE TABLE IF NOT EXISTS dedup (
        key TEXT PRIMARY KEY,
        received_ms INTEGER NOT NULL
    ) WITHOUT ROWID;
    -- Age pruning of dedup keys without a full scan.
    CREATE INDEX IF NOT EXISTS dedup_received_ms ON dedup (received_ms);
    CREATE TABLE IF NOT EXISTS dead_letters (
        id INTEGER PRIMARY KEY,
        received_ms INTEGER NOT NULL,
        path TEXT NOT NULL,
        content_type TEXT NOT NULL,
        reason TEXT NOT NULL,
        body BLOB NOT NULL
    );
";

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
    /// The dedup key was appended before; nothing was stored.
    Duplicate,
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
    pub body: Vec<u8>,
}

/// What one prune removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pruned {
    pub events: u64,
    pub dedup_keys: u64,
    pub dead_letters: u64,
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
}

impl From<rusqlite::Error> for LogError {
    fn from(error: rusqlite::Error) -> Self {
        LogError::Storage(Arc::new(error))
    }
}

/// The durable, replayable event log the webhook listener writes and the watches read.
#[tonic::async_trait]
pub trait EventLog: Send + Sync + 'static {
    /// Appends one webhook's events atomically. If `dedup_key` was appended before (within
    /// retention, across restarts) nothing is stored and Duplicate is returned. Returns only
    /// once the events are durable (committed).
    async fn append(&self, dedup_key: String, events: Vec<NewEvent>) -> Result<Appended, LogError>;
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
    async fn dead_letter(
        &self,
        path: String,
        content_type: String,
        reason: String,
        body: Vec<u8>,
    ) -> Result<u64, LogError>;
    /// Newest first.
    async fn dead_letters(&self, limit: usize) -> Result<Vec<DeadLetter>, LogError>;
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
}

impl Default for LogSettings {
    fn default() -> Self {
        LogSettings {
            fsync: Fsync::default(),
            retention_age: DEFAULT_RETENTION_AGE,
            retention_bytes: DEFAULT_RETENTION_BYTES,
            group_commit_max: DEFAULT_GROUP_COMMIT_MAX,
        }
    }
}

/// The SQLite event log in `<dir>/events.sqlite3`.
pub struct SqliteLog {
    requests: mpsc::Sender<Request>,
    writer: Option<JoinHandle<()>>,
    readers: Arc<Readers>,
    latest: Arc<watch::Sender<u64>>,
    commits: Arc<AtomicU64>,
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
        let latest = sequence(&conn)?;

        let readers = Arc::new(Readers {
            path,
            idle: Mutex::new(Vec::new()),
        });
        // Fail now, not on the first watch, if the file cannot be read.
        readers.with(|_| Ok(()))?;

        let latest = Arc::new(watch::channel(latest).0);
        let commits = Arc::new(AtomicU64::new(0));
        let (requests, inbox) = mpsc::channel();
        let writer = Writer {
            conn,
            settings,
            latest: latest.clone(),
            commits: commits.clone(),
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
    async fn append(&self, dedup_key: String, events: Vec<NewEvent>) -> Result<Appended, LogError> {
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
        self.call(|reply| {
            Request::Write(Write::Append {
                dedup_key,
                rows,
                reply,
            })
        })
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

    async fn dead_letter(
        &self,
        path: String,
        content_type: String,
        reason: String,
        body: Vec<u8>,
    ) -> Result<u64, LogError> {
        let letter = DeadLetterRow {
            received_ms: now_ms(),
            path,
            content_type,
            reason,
            body,
        };
        self.call(|reply| Request::Write(Write::DeadLetter { letter, reply }))
            .await
    }

    async fn dead_letters(&self, limit: usize) -> Result<Vec<DeadLetter>, LogError> {
        self.read(move |conn| Ok(query_dead_letters(conn, limit)?))
            .await
    }
}

/// The newest `limit` dead letters.
fn query_dead_letters(conn: &Connection, limit: usize) -> rusqlite::Result<Vec<DeadLetter>> {
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let mut stmt = conn.prepare_cached(
        "SELECT id, received_ms, path, content_type, reason, body FROM dead_letters
         ORDER BY id DESC LIMIT ?1",
    )?;
    let letters = stmt.query_map([limit], |row| {
        Ok(DeadLetter {
            id: to_u64(row.get(0)?),
            received_ms: row.get(1)?,
            path: row.get(2)?,
            content_type: row.get(3)?,
            reason: row.get(4)?,
            body: row.get(5)?,
        })
    })?;
    letters.collect()
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
}

enum Request {
    Write(Write),
    Prune {
        now_ms: i64,
        reply: oneshot::Sender<Result<Pruned, LogError>>,
    },
    /// Sent by `Drop`: everything queued before it is still written.
    Shutdown,
}

/// A request that goes into a group commit, answered once that commits.
enum Write {
    Append {
        dedup_key: String,
        rows: Vec<EventRow>,
        reply: oneshot::Sender<Result<Appended, LogError>>,
    },
    DeadLetter {
        letter: DeadLetterRow,
        reply: oneshot::Sender<Result<u64, LogError>>,
    },
}

/// Owns the only write connection, so writes never contend for SQLite's write lock and
/// batching is simple.
struct Writer {
    conn: Connection,
    settings: LogSettings,
    latest: Arc<watch::Sender<u64>>,
    commits: Arc<AtomicU64>,
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
        let mut writes = Vec::with_capacity(batch.len());
        let mut prunes = Vec::new();
        let mut shutdown = false;
        for request in batch {
            match request {
                Request::Prune { now_ms, reply } => prunes.push((now_ms, reply)),
                Request::Shutdown => shutdown = true,
                Request::Write(write) => writes.push(write),
            }
        }
        if !writes.is_empty() {
            self.write(writes);
        }
        for (now_ms, reply) in prunes {
            let _ = reply.send(self.prune(now_ms));
        }
        !shutdown
    }

    /// Writes a batch in one transaction; answers nobody before the commit, and everybody with
    /// the error if any statement or the commit fails (nothing of the batch is then stored).
    fn write(&mut self, writes: Vec<Write>) {
        let mut latest = *self.latest.borrow();
        match self.insert_all(&writes, &mut latest) {
            Ok(outcomes) => {
                self.commits.fetch_add(1, Ordering::Relaxed);
                // Before the answers, so an acknowledged webhook is already visible to watchers.
                self.latest.send_if_modified(|seq| {
                    let changed = *seq != latest;
                    *seq = latest;
                    changed
                });
                // A send fails only if the caller gave up waiting; its events are stored anyway.
                for (write, outcome) in writes.into_iter().zip(outcomes) {
                    match (write, outcome) {
                        (Write::Append { reply, .. }, Outcome::Appended(appended)) => {
                            let _ = reply.send(Ok(appended));
                        }
                        (Write::DeadLetter { reply, .. }, Outcome::DeadLetter(id)) => {
                            let _ = reply.send(Ok(id));
                        }
                        _ => unreachable!("insert_all answers each write in order"),
                    }
                }
            }
            Err(error) => {
                tracing::error!(%error, requests = writes.len(), "event log commit failed");
                for write in writes {
                    match write {
                        Write::Append { reply, .. } => {
                            let _ = reply.send(Err(error.clone()));
                        }
                        Write::DeadLetter { reply, .. } => {
                            let _ = reply.send(Err(error.clone()));
                        }
                    }
                }
            }
        }
    }

    fn insert_all(&mut self, writes: &[Write], latest: &mut u64) -> Result<Vec<Outcome>, LogError> {
        let now = now_ms();
        // IMMEDIATE takes the write lock up front instead of upgrading mid-transaction.
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut outcomes = Vec::with_capacity(writes.len());
        {
            let mut dedup = tx
                .prepare_cached("INSERT OR IGNORE INTO dedup (key, received_ms) VALUES (?1, ?2)")?;
            let mut event = tx.prepare_cached(
                "INSERT INTO events (received_ms, stream, key, payload) VALUES (?1, ?2, ?3, ?4)",
            )?;
            let mut dead_letter = tx.prepare_cached(
                "INSERT INTO dead_letters (received_ms, path, content_type, reason, body)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for write in writes {
                match write {
                    Write::Append {
                        dedup_key, rows, ..
                    } => {
                        // Ignored = the key is known, from before or from earlier in this batch.
                        if dedup.execute(params![dedup_key, now])? == 0 {
                            outcomes.push(Outcome::Appended(Appended::Duplicate));
                            continue;
                        }
                        let first_seq = *latest + 1;
                        for row in rows {
                            let seq = event.insert(params![
                                row.received_ms,
                                row.stream.as_str(),
                                row.key,
                                row.payload
                            ])?;
                            *latest = to_u64(seq);
                        }
                        outcomes.push(Outcome::Appended(Appended::Stored {
                            first_seq,
                            last_seq: *latest,
                        }));
                    }
                    Write::DeadLetter { letter, .. } => {
                        let id = dead_letter.insert(params![
                            letter.received_ms,
                            letter.path,
                            letter.content_type,
                            letter.reason,
                            letter.body
                        ])?;
                        outcomes.push(Outcome::DeadLetter(to_u64(id)));
                    }
                }
            }
        }
        tx.commit()?;
        Ok(outcomes)
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
        let dead_letters =
            tx.execute("DELETE FROM dead_letters WHERE received_ms < ?1", [cutoff])?;
        tx.commit()?;
        let pruned = Pruned {
            events: events as u64,
            dedup_keys: dedup_keys as u64,
            dead_letters: dead_letters as u64,
        };
        if pruned != Pruned::default() {
            tracing::debug!(?pruned, "event log pruned");
        }
        Ok(pruned)
    }
}

enum Outcome {
    Appended(Appended),
    DeadLetter(u64),
}
