//! The SQLite backend of [`EventLog`]: a handle that sends writes to the writer thread and runs
//! reads on the pool, off the async threads.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use prost::Message;
use rusqlite::Connection;
use tokio::sync::{oneshot, watch, Semaphore};

use super::audit::{self, AuditEntry, AuditOutcome, AuditQuery, AuditRecord};
use super::checkpoint::Checkpointer;
use super::dead_letters::{
    query_dead_letters, DeadLetter, DeadLetterRow, DeadLetterTotals, NewDeadLetter, SharedTotals,
    DEAD_LETTERS_IN_FLIGHT,
};
use super::readers::{self, Readers};
use super::requests::{self, RequestClaim, RequestEnd, RequestKey};
use super::schema::{migrate, now_ms, to_u64, BUSY_TIMEOUT, DB_FILE, SCHEMA};
use super::settings::{Fsync, LogSettings};
use super::writer::{AppendWrite, AuditWrite, DeadLetterWrite, EventRow, Request, Writer};
use super::{
    Appended, Bounds, CallBegun, Dedup, EncodedBatch, EventLog, Filter, LogError, NewEvent, Pruned,
    StoredEvent, Usage,
};
use crate::events::stream_key;

/// How long the write probe waits for the writer thread: longer than a lock is waited for
/// ([`BUSY_TIMEOUT`]), so a locked database answers with its own error.
const PROBE_WAIT: Duration = Duration::from_secs(10);

/// Page cache of the writer connection, in KiB (32 MiB): holds the inner pages and the recent
/// leaves of the dedup and events indexes that every append walks. A bound on memory, taken only
/// as the log grows.
const WRITER_CACHE_KIB: i64 = 32 * 1024;

/// The SQLite event log in `<dir>/events.sqlite3`.
#[derive(Debug)]
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
    /// The dead letters' totals as the writer last committed them.
    dead_letters: Arc<SharedTotals>,
    /// The WAL's size and checkpoints, as the tests watch them.
    #[cfg(test)]
    pub(super) wal: super::checkpoint::WalPages,
}

impl SqliteLog {
    /// Opens (creating if needed) the log in `dir` and starts its writer thread, which also
    /// prunes once at start (catching up after downtime) and then every
    /// [`PRUNE_INTERVAL`](super::PRUNE_INTERVAL).
    pub fn open(dir: &Path, settings: LogSettings) -> Result<Self, LogError> {
        std::fs::create_dir_all(dir).map_err(|source| LogError::Io {
            path: dir.to_path_buf(),
            source: Arc::new(source),
        })?;
        let path = dir.join(DB_FILE);
        let mut conn = Connection::open(&path)?;
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
        // Negative: KiB. Every append descends the dedup and events indexes at random keys; with
        // SQLite's 2 MiB default most of those pages are read back from the OS on each commit.
        conn.pragma_update(None, "cache_size", -WRITER_CACHE_KIB)?;
        // Checkpoints run on a thread of their own (`checkpoint`), not inside a commit.
        let checkpointer = Checkpointer::start(&path, synchronous)?;
        checkpointer.wal().hook(&mut conn)?;
        #[cfg(test)]
        let wal = checkpointer.wal().clone();
        let page_size: i64 = conn.pragma_query_value(None, "page_size", |row| row.get(0))?;
        let page_size = to_u64(page_size);
        // A WAL frame is a page and its 24-byte header.
        let wal_max_pages = (settings.wal_max_bytes / (page_size + 24)).max(1);
        // When a WAL that grew past its bound (a reader kept it from starting over) does start
        // over, the file shrinks back to the bound; a normal cycle ends at half of it.
        conn.pragma_update(
            None,
            "journal_size_limit",
            i64::try_from(settings.wal_max_bytes).unwrap_or(i64::MAX),
        )?;
        conn.execute_batch(SCHEMA)?;
        conn.execute_batch(audit::SCHEMA)?;
        conn.execute_batch(requests::SCHEMA)?;
        migrate(&conn)?;
        let orphaned = requests::orphaned_to_unknown(&conn)?;
        if orphaned > 0 {
            tracing::warn!(
                orphaned,
                "calls were in flight when the gateway last stopped: their outcome is unknown, \
                 and retries with their request ids are answered OUTCOME_UNKNOWN"
            );
        }
        let latest = readers::sequence(&conn)?;
        let dead_letters = DeadLetterTotals::of(&conn)?;
        let shared_dead_letters = Arc::new(SharedTotals::default());
        shared_dead_letters.set(dead_letters);
        let request_records = requests::count(&conn)?;

        let readers = Arc::new(Readers::new(path));
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
            shared_dead_letters: shared_dead_letters.clone(),
            request_records,
            checkpointer,
            wal_max_pages,
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
            dead_letters: shared_dead_letters,
            #[cfg(test)]
            wal,
        })
    }

    /// Prunes now (the writer thread also does so every [`PRUNE_INTERVAL`](super::PRUNE_INTERVAL)).
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

    /// The database file and its WAL: what the log takes on disk.
    fn files(&self) -> [PathBuf; 2] {
        let db = self.readers.path.clone();
        let mut wal = db.clone().into_os_string();
        wal.push("-wal");
        [db, wal.into()]
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

#[async_trait::async_trait]
impl EventLog for SqliteLog {
    fn store_name(&self) -> &'static str {
        "sqlite"
    }

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
        self.read(move |conn| readers::read_after(conn, after, &filter, limit))
            .await
    }

    async fn read_encoded_after(
        &self,
        after: u64,
        filter: &Filter,
        limit: usize,
        mut batch: EncodedBatch,
    ) -> Result<EncodedBatch, LogError> {
        batch.clear();
        if limit == 0 {
            return Ok(batch);
        }
        let filter = filter.clone();
        self.read(move |conn| {
            readers::read_encoded_after(conn, after, &filter, limit, &mut batch)?;
            Ok(batch)
        })
        .await
    }

    async fn bounds(&self) -> Result<Bounds, LogError> {
        self.read(readers::bounds).await
    }

    fn latest(&self) -> watch::Receiver<u64> {
        self.latest.subscribe()
    }

    async fn usage(&self) -> Result<Usage, LogError> {
        let files = self.files();
        let (bytes, bounds) = self
            .read(move |conn| {
                // The WAL is absent between a clean close and the next write.
                let bytes = files
                    .iter()
                    .map(|file| std::fs::metadata(file).map_or(0, |meta| meta.len()))
                    .sum();
                Ok((bytes, readers::bounds(conn)?))
            })
            .await?;
        let dead_letters = self.dead_letters.get();
        Ok(Usage {
            bytes,
            bounds,
            dead_letters: dead_letters.count,
            dead_letter_bytes: dead_letters.bytes,
        })
    }

    async fn check_writable(&self) -> Result<(), LogError> {
        let probe = self.call(|reply| Request::Probe { reply });
        tokio::time::timeout(PROBE_WAIT, probe).await.map_err(|_| {
            LogError::Unavailable(format!(
                "the event log writer did not commit a probe within {PROBE_WAIT:?}"
            ))
        })?
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

    async fn audit(&self, entry: AuditEntry, outcome: AuditOutcome) -> Result<u64, LogError> {
        self.call(|reply| {
            Request::Audit(AuditWrite::Unsent {
                entry,
                outcome,
                reply,
            })
        })
        .await
    }

    async fn begin_call(
        &self,
        entry: AuditEntry,
        claim: Option<RequestClaim>,
    ) -> Result<CallBegun, LogError> {
        self.call(|reply| {
            Request::Audit(AuditWrite::Begin {
                entry,
                claim,
                reply,
            })
        })
        .await
    }

    async fn end_call(
        &self,
        audit_id: u64,
        outcome: AuditOutcome,
        request: Option<(RequestKey, RequestEnd)>,
    ) -> Result<(), LogError> {
        self.call(|reply| {
            Request::Audit(AuditWrite::End {
                id: audit_id,
                outcome,
                request,
                reply,
            })
        })
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::log::NewDeadLetter;
    use crate::proto::v1::event::Kind;
    use crate::proto::v1::{Event, TaskStatusChanged};

    fn task_event(task_id: &str) -> NewEvent {
        NewEvent {
            event: Event {
                kind: Some(Kind::TaskStatus(TaskStatusChanged {
                    task_id: task_id.into(),
                    ..Default::default()
                })),
                received_time: None,
            },
        }
    }

    fn letter(body: &[u8]) -> NewDeadLetter {
        NewDeadLetter::new("/p".into(), "text/plain".into(), "r".into(), body.to_vec())
    }

    /// The probe's row, read by a connection of the test's own.
    fn probed_ms(dir: &Path) -> Option<i64> {
        let conn = Connection::open(dir.join(DB_FILE)).unwrap();
        conn.query_row("SELECT probed_ms FROM write_probe", [], |row| row.get(0))
            .ok()
    }

    #[tokio::test]
    async fn the_probe_commits_a_write_on_a_healthy_log() {
        let dir = tempfile::tempdir().unwrap();
        let log = SqliteLog::open(dir.path(), LogSettings::default()).unwrap();
        assert_eq!(probed_ms(dir.path()), None);
        log.check_writable().await.unwrap();
        let first = probed_ms(dir.path()).expect("the probe wrote its row");
        assert!(first > 0);
        // Again: the same row, rewritten.
        log.check_writable().await.unwrap();
        assert!(probed_ms(dir.path()).unwrap() >= first);
        // Probes are not appends: no event, no commit of events.
        assert_eq!(log.bounds().await.unwrap().latest, 0);
        assert_eq!(log.commits(), 0);
    }

    #[tokio::test]
    async fn the_probe_fails_while_the_database_cannot_be_written() {
        let dir = tempfile::tempdir().unwrap();
        let log = SqliteLog::open(dir.path(), LogSettings::default()).unwrap();
        // Behind the prune the writer starts with, which would wait for the lock first.
        log.check_writable().await.unwrap();
        let before = probed_ms(dir.path());
        // Another process holding the write lock (a second gateway on the same directory, an
        // operator's sqlite3 shell): no write commits until it lets go.
        let other = Connection::open(dir.path().join(DB_FILE)).unwrap();
        other.execute_batch("BEGIN IMMEDIATE").unwrap();
        let error = log.check_writable().await.unwrap_err();
        match &error {
            LogError::Storage(source) => assert_eq!(
                source.sqlite_error_code(),
                Some(rusqlite::ErrorCode::DatabaseBusy),
                "{error}"
            ),
            other => panic!("not a storage error: {other}"),
        }
        other.execute_batch("ROLLBACK").unwrap();
        assert_eq!(
            probed_ms(dir.path()),
            before,
            "the failed probe wrote nothing"
        );
        log.check_writable().await.unwrap();
    }

    #[tokio::test]
    async fn usage_reports_the_files_bounds_and_dead_letters() {
        let dir = tempfile::tempdir().unwrap();
        let settings = LogSettings {
            dead_letter_max_count: 2,
            ..LogSettings::default()
        };
        let log = SqliteLog::open(dir.path(), settings).unwrap();
        let empty = log.usage().await.unwrap();
        assert_eq!(
            empty.bounds,
            Bounds {
                oldest: None,
                latest: 0
            }
        );
        assert_eq!((empty.dead_letters, empty.dead_letter_bytes), (0, 0));

        let events = vec![task_event("T1"), task_event("T2"), task_event("T1")];
        log.append("k1".into(), events).await.unwrap();
        // Three letters over a cap of two: the oldest goes.
        for body in [&b"first"[..], b"second", b"third!"] {
            log.dead_letter(letter(body)).await.unwrap();
        }
        let usage = log.usage().await.unwrap();
        assert_eq!(usage.bounds, log.bounds().await.unwrap());
        assert_eq!(usage.bounds.latest, 3);
        assert_eq!(usage.dead_letters, 2);
        // Bodies and texts, as the caps count them.
        let texts = ("/p".len() + "text/plain".len() + "r".len()) as u64;
        assert_eq!(usage.dead_letter_bytes, 2 * texts + 6 + 6);
        // The database and its WAL, which holds the commits since the last checkpoint.
        let db = std::fs::metadata(dir.path().join(DB_FILE)).unwrap().len();
        assert!(usage.bytes > db, "{} bytes, db alone {db}", usage.bytes);

        // Pruning everything leaves no event and no dead letter; the latest seq stays.
        log.prune_at(i64::MAX).await.unwrap();
        let pruned = log.usage().await.unwrap();
        assert_eq!(
            pruned.bounds,
            Bounds {
                oldest: None,
                latest: 3
            }
        );
        assert_eq!((pruned.dead_letters, pruned.dead_letter_bytes), (0, 0));
        drop(log);

        // Reopened: the totals are counted from the table.
        let log = SqliteLog::open(dir.path(), LogSettings::default()).unwrap();
        log.dead_letter(letter(b"again")).await.unwrap();
        drop(log);
        let log = SqliteLog::open(dir.path(), LogSettings::default()).unwrap();
        let reopened = log.usage().await.unwrap();
        assert_eq!(
            (reopened.dead_letters, reopened.dead_letter_bytes),
            (1, texts + 5)
        );
    }
}
