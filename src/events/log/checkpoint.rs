//! Checkpoints off the commit path. SQLite's default (`wal_autocheckpoint`) runs a whole
//! checkpoint inside the commit that crosses 1000 WAL pages: it syncs the ~4 MiB of WAL written
//! since the last one, copies their pages into the database and syncs that, while the webhooks
//! of that commit and those queued behind it wait. Here the writer connection has autocheckpoint
//! off and a WAL hook that only counts pages; a thread of its own, on a connection of its own,
//! does that work with PASSIVE checkpoints, concurrently with the writer's commits.
//!
//! SQLite starts the WAL over (and so keeps reusing the same file blocks) only when the writer
//! begins a transaction while every frame has been copied, and a pass that a commit overlaps
//! leaves that commit's frames behind. So the checkpointer repeats passes, each copying what
//! was committed during the one before, until at most [`FINISH_FRAMES`] remain; once the WAL
//! holds half its bound, the writer copies those itself between two batches, a small PASSIVE
//! checkpoint that cannot be overlapped, and its next transaction starts the WAL over.
//!
//! A PASSIVE checkpoint cannot copy frames a reader may still need. Should the WAL reach the
//! bound ([`LogSettings::wal_max_bytes`](super::LogSettings)), the writer runs a TRUNCATE
//! checkpoint after its batch, which waits for those readers, at most the busy timeout, and
//! empties the WAL: while
//! the WAL stays over the bound, writes slow to one batch per busy timeout rather than let the
//! file grow without limit. A checkpoint that fails is logged and counted, never a commit's
//! failure: the commit had already succeeded.

use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;

use rusqlite::Connection;

use super::schema::BUSY_TIMEOUT;
use super::LogError;
use crate::observe::metrics::metrics;
use crate::observe::metrics::store::CheckpointLabels;

/// WAL pages from which the checkpointer is woken by every commit until the WAL starts over:
/// SQLite's own autocheckpoint threshold, about 4 MiB of 4 KiB pages.
pub(super) const CHECKPOINT_PAGES: u64 = 1000;

/// WAL pages from which the writer copies the last frames itself so that the WAL starts over:
/// half the bound. Each start-over costs the writer that small checkpoint's two syncs, which the
/// webhooks queued behind it wait for; a WAL cycle of many megabytes makes that rare enough
/// (a few times a minute at 2,000 webhooks/s) to stay out of the acknowledgements' p99, where
/// one every ~4 MiB (SQLite's autocheckpoint size) did not (BENCHMARKS.md, measurement 11).
fn restart_pages(bound_pages: u64) -> u64 {
    (bound_pages / 2).max(CHECKPOINT_PAGES)
}

/// Frames the checkpointer leaves for the writer to copy: the few commits that overlap a pass
/// (an append dirties two random index leaves, so a commit of a few webhooks is tens of
/// frames), a quarter of what a whole checkpoint copies.
const FINISH_FRAMES: u64 = 256;

/// Whether the checkpointer has work, and whether it should stop.
#[derive(Debug, Default)]
struct Signal {
    state: Mutex<State>,
    changed: Condvar,
}

#[derive(Debug, Default)]
struct State {
    wanted: bool,
    stop: bool,
}

impl Signal {
    fn wake(&self) {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        state.wanted = true;
        self.changed.notify_one();
    }

    /// Waits for a wake-up; false once told to stop.
    fn wait(&self) -> bool {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        while !state.wanted && !state.stop {
            state = self.changed.wait(state).unwrap_or_else(|p| p.into_inner());
        }
        state.wanted = false;
        !state.stop
    }

    fn stopping(&self) -> bool {
        self.state.lock().unwrap_or_else(|p| p.into_inner()).stop
    }

    /// Forgets the wake-ups that came during the passes just run: they asked for those passes.
    fn settle(&self) {
        self.state.lock().unwrap_or_else(|p| p.into_inner()).wanted = false;
    }

    fn stop(&self) {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        state.stop = true;
        self.changed.notify_one();
    }
}

/// What the writer and the checkpointer know of the WAL: its frames after the writer's last
/// commit (from the hook), and those the checkpointer has copied in the current cycle.
#[derive(Debug, Clone)]
pub(super) struct WalPages {
    pages: Arc<AtomicU64>,
    copied: Arc<AtomicU64>,
    signal: Arc<Signal>,
    /// This log's checkpoints so far (the metrics add up every log of the process).
    pub(super) done: Arc<Tally>,
}

/// Checkpoints of one log that completed, or did not, by who ran them.
#[derive(Debug, Default)]
pub(super) struct Tally {
    pub(super) passive_complete: AtomicU64,
    pub(super) finished: AtomicU64,
    pub(super) forced_complete: AtomicU64,
    pub(super) forced_unfinished: AtomicU64,
}

impl WalPages {
    /// Pages in the WAL after the writer's last commit.
    pub(super) fn get(&self) -> u64 {
        self.pages.load(Ordering::Relaxed)
    }

    /// Installs the hook on the writer connection, turning SQLite's autocheckpoint off first
    /// (setting it would replace the hook).
    pub(super) fn hook(&self, conn: &mut Connection) -> Result<(), LogError> {
        conn.pragma_update(None, "wal_autocheckpoint", 0)?;
        let wal = self.clone();
        conn.wal_hook(Some(move |_: &mut rusqlite::hooks::Wal, now: i32| {
            let now = u64::try_from(now).unwrap_or(0);
            if now < wal.pages.swap(now, Ordering::Relaxed) {
                // The WAL started over: so does the count of frames copied.
                wal.copied.store(0, Ordering::Relaxed);
            }
            // Every commit until the WAL starts over: a start-over the writer missed (a reader
            // was in the WAL just then) leaves more frames to copy.
            if now >= CHECKPOINT_PAGES && wal.behind() > FINISH_FRAMES {
                wal.signal.wake();
            }
            Ok(())
        }))?;
        Ok(())
    }

    /// Notes what a checkpoint of `log` frames copied, unless the WAL has started over since.
    fn note_copied(&self, log: i64, copied: i64) {
        if u64::try_from(log).is_ok_and(|log| log <= self.get()) {
            self.copied
                .store(u64::try_from(copied).unwrap_or(0), Ordering::Relaxed);
        }
    }

    /// Frames committed but not yet copied into the database.
    fn behind(&self) -> u64 {
        self.get()
            .saturating_sub(self.copied.load(Ordering::Relaxed))
    }
}

/// The checkpointer thread; stopped and joined when dropped.
#[derive(Debug)]
pub(super) struct Checkpointer {
    wal: WalPages,
    thread: Option<JoinHandle<()>>,
    /// Set while a forced checkpoint is failing, so its failure is logged once per episode.
    forced_failing: AtomicBool,
}

impl Checkpointer {
    /// Starts the thread on a connection of its own to `path`, with the writer's `synchronous`.
    pub(super) fn start(path: &Path, synchronous: &str) -> Result<Self, LogError> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // The checkpoint's fsyncs follow the connection that runs it.
        conn.pragma_update(None, "synchronous", synchronous)?;
        let wal = WalPages {
            pages: Arc::default(),
            copied: Arc::default(),
            signal: Arc::default(),
            done: Arc::default(),
        };
        let pages = wal.clone();
        let thread = std::thread::Builder::new()
            .name("event-log-checkpointer".into())
            .spawn(move || run(conn, &pages))
            .map_err(|source| LogError::Io {
                path: path.to_path_buf(),
                source: Arc::new(source),
            })?;
        Ok(Self {
            wal,
            thread: Some(thread),
            forced_failing: AtomicBool::new(false),
        })
    }

    /// What the writer connection's hook reports into.
    pub(super) fn wal(&self) -> &WalPages {
        &self.wal
    }

    /// Run by the writer after each batch, on its own connection: copies the last few frames
    /// once the checkpointer has copied the rest, so that its next transaction starts the WAL
    /// over; and at `bound_pages` forces a checkpoint that waits for readers, at most the busy
    /// timeout, and empties the WAL. Failures are logged and counted; the commits before stand.
    pub(super) fn after_batch(&self, conn: &Connection, bound_pages: u64) {
        let wal = &self.wal;
        if wal.get() >= bound_pages {
            self.force(conn);
        } else if wal.get() >= restart_pages(bound_pages) && wal.behind() <= FINISH_FRAMES {
            // PASSIVE gives up at once should the checkpointer be in a pass: the next batch
            // tries again.
            let outcome = checkpoint(conn, "PASSIVE");
            count("finish", &outcome);
            match outcome {
                Ok((Done::Complete, log, copied)) => {
                    wal.done.finished.fetch_add(1, Ordering::Relaxed);
                    wal.note_copied(log, copied);
                }
                Ok((Done::Busy, ..)) => {}
                Err(error) => tracing::warn!(%error, "event log checkpoint failed"),
            }
        }
    }

    /// TRUNCATE rather than RESTART: it starts the WAL over itself, while it holds the readers
    /// off, instead of leaving that to the next transaction, which a reader starting in between
    /// would prevent.
    fn force(&self, conn: &Connection) {
        let outcome = checkpoint(conn, "TRUNCATE");
        count("forced", &outcome);
        let done = &self.wal.done;
        match outcome {
            Ok((Done::Complete, ..)) => {
                done.forced_complete.fetch_add(1, Ordering::Relaxed);
                self.wal.pages.store(0, Ordering::Relaxed);
                self.wal.copied.store(0, Ordering::Relaxed);
                if self.forced_failing.swap(false, Ordering::Relaxed) {
                    tracing::info!("the event log's WAL was checkpointed again");
                }
            }
            Ok((Done::Busy, ..)) => {
                done.forced_unfinished.fetch_add(1, Ordering::Relaxed);
                if !self.forced_failing.swap(true, Ordering::Relaxed) {
                    tracing::warn!(
                        pages = self.wal.get(),
                        "the event log's WAL is at its bound and a reader kept it from being \
                         checkpointed within the busy timeout: writes slow down until it can be"
                    );
                }
            }
            Err(error) => {
                done.forced_unfinished.fetch_add(1, Ordering::Relaxed);
                if !self.forced_failing.swap(true, Ordering::Relaxed) {
                    tracing::error!(%error, "the event log's forced checkpoint failed");
                }
            }
        }
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        self.wal.signal.stop();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// What a checkpoint achieved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Done {
    /// Every frame copied (and for TRUNCATE, the WAL emptied).
    Complete,
    /// A reader or another checkpoint kept it from finishing.
    Busy,
}

/// Runs PASSIVE checkpoints whenever woken, until told to stop: passes one after another until
/// the writer's share is left ([`FINISH_FRAMES`]), or until a pass copies nothing new (a reader
/// still needs the frames; the next wake-up tries again).
fn run(conn: Connection, wal: &WalPages) {
    while wal.signal.wait() {
        let mut copied_before = -1;
        loop {
            let copied = match checkpoint(&conn, "PASSIVE") {
                Ok((done, log, copied)) => {
                    count("passive", &Ok((done, log, copied)));
                    if done == Done::Complete {
                        wal.done.passive_complete.fetch_add(1, Ordering::Relaxed);
                    }
                    wal.note_copied(log, copied);
                    copied
                }
                Err(error) => {
                    count("passive", &Err(error.clone()));
                    tracing::warn!(%error, "event log checkpoint failed");
                    break;
                }
            };
            if wal.behind() <= FINISH_FRAMES
                || wal.get() < CHECKPOINT_PAGES
                || copied == copied_before
                || wal.signal.stopping()
            {
                break;
            }
            copied_before = copied;
        }
        wal.signal.settle();
    }
}

/// `PRAGMA wal_checkpoint(<mode>)`: its first column is 1 when it could not finish (SQLITE_BUSY),
/// the others the WAL's frames and those copied.
fn checkpoint(conn: &Connection, mode: &str) -> Result<(Done, i64, i64), LogError> {
    let (busy, log, copied): (i64, i64, i64) =
        conn.query_row(&format!("PRAGMA wal_checkpoint({mode})"), [], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?))
        })?;
    let done = if busy == 0 && copied >= log {
        Done::Complete
    } else {
        Done::Busy
    };
    Ok((done, log, copied))
}

fn count(mode: &'static str, outcome: &Result<(Done, i64, i64), LogError>) {
    let outcome = match outcome {
        Ok((Done::Complete, ..)) => "complete",
        Ok((Done::Busy, ..)) => "busy",
        Err(_) => "failed",
    };
    metrics()
        .store
        .checkpoints
        .get_or_create(&CheckpointLabels { mode, outcome })
        .inc();
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::events::log::{
        Appended, Dedup, EventLog, LogSettings, NewEvent, SqliteLog, DB_FILE,
    };
    use crate::proto::v1::event::Kind;
    use crate::proto::v1::{Event, TaskStatusChanged};

    /// Appends one webhook of 20 events with 2 KB task ids: tens of WAL pages.
    async fn append_large(log: &SqliteLog, n: u64) {
        let events = (0..20)
            .map(|i| NewEvent {
                event: Event {
                    kind: Some(Kind::TaskStatus(TaskStatusChanged {
                        task_id: format!("{n}-{i}-{}", "t".repeat(2000)),
                        ..Default::default()
                    })),
                    received_time: None,
                },
            })
            .collect();
        let appended = log.append(Dedup::Key(format!("k{n}")), events).await;
        assert!(
            matches!(appended, Ok(Appended::Stored { .. })),
            "{appended:?}"
        );
    }

    /// Waits, without a deadline, until `done` holds.
    async fn until(done: impl Fn() -> bool) {
        while !done() {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    #[tokio::test]
    async fn the_checkpointer_resets_the_wal_under_sustained_writes() {
        let dir = tempfile::tempdir().unwrap();
        let log = SqliteLog::open(dir.path(), LogSettings::default()).unwrap();
        let wal = log.wal.clone();
        let mut n = 0;
        for round in 1..=3 {
            // Past the checkpointer's threshold...
            while wal.get() < CHECKPOINT_PAGES {
                append_large(&log, n).await;
                n += 1;
            }
            // ...it checkpoints every frame while the writer goes on...
            until(|| wal.done.passive_complete.load(Ordering::Relaxed) >= round).await;
            // ...and the next commit starts the WAL over.
            append_large(&log, n).await;
            n += 1;
            assert!(wal.get() < CHECKPOINT_PAGES, "{} pages", wal.get());
        }
        // The writer never checkpointed itself.
        assert_eq!(wal.done.forced_complete.load(Ordering::Relaxed), 0);
        assert_eq!(wal.done.forced_unfinished.load(Ordering::Relaxed), 0);
        assert_eq!(log.bounds().await.unwrap().latest, n * 20);
    }

    #[tokio::test]
    async fn a_reader_holding_the_wal_meets_a_bounded_forced_checkpoint() {
        let dir = tempfile::tempdir().unwrap();
        let wal_max_bytes = 200 * 4120;
        let settings = LogSettings {
            wal_max_bytes,
            ..LogSettings::default()
        };
        let log = SqliteLog::open(dir.path(), settings).unwrap();
        let wal = log.wal.clone();
        append_large(&log, 0).await;
        // A reader whose snapshot needs the WAL's frames: no checkpoint may restart the WAL.
        let reader = rusqlite::Connection::open(dir.path().join(DB_FILE)).unwrap();
        reader.execute_batch("BEGIN").unwrap();
        let _: i64 = reader
            .query_row("SELECT COUNT(*) FROM events", [], |row| row.get(0))
            .unwrap();
        let mut n = 1;
        let mut batch_pages = 0;
        while wal.get() < 200 {
            let before = wal.get();
            append_large(&log, n).await;
            batch_pages = batch_pages.max(wal.get() - before);
            n += 1;
        }
        // The writer tried to force a checkpoint, waited out the busy timeout and reported it;
        // the next append is answered once it gave up.
        append_large(&log, n).await;
        assert!(wal.done.forced_unfinished.load(Ordering::Relaxed) >= 1);
        assert_eq!(wal.done.forced_complete.load(Ordering::Relaxed), 0);
        // At the bound plus the batch that crossed it and the one after.
        assert!(wal.get() <= 200 + 2 * batch_pages, "{} pages", wal.get());
        // Once the reader is gone the next forced checkpoint completes and the WAL starts over.
        reader.execute_batch("COMMIT").unwrap();
        drop(reader);
        append_large(&log, n + 1).await;
        until(|| wal.done.forced_complete.load(Ordering::Relaxed) >= 1).await;
        append_large(&log, n + 2).await;
        assert!(wal.get() < 200, "{} pages", wal.get());
        let wal_file = dir.path().join(format!("{DB_FILE}-wal"));
        let size = std::fs::metadata(wal_file).unwrap().len();
        assert!(
            size <= wal_max_bytes + 3 * batch_pages * 4120,
            "{size} bytes"
        );
    }
}
