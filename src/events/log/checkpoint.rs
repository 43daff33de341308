//! Checkpoints off the commit path. SQLite's default (`wal_autocheckpoint`) runs a checkpoint,
//! with its fsyncs, inside the commit that crosses 1000 WAL pages: that commit's webhooks wait
//! for it. Here the writer connection has autocheckpoint off and a WAL hook that only counts
//! pages; a thread of its own, on a connection of its own, runs PASSIVE checkpoints as the WAL
//! grows, concurrently with the writer's commits. SQLite restarts the WAL from its start at the
//! next write after a checkpoint that copied every frame, so the file stays near
//! [`CHECKPOINT_PAGES`] while the checkpointer keeps up.
//!
//! A PASSIVE checkpoint cannot copy frames a reader may still need. Should the WAL reach the
//! bound ([`LogSettings::wal_max_bytes`](super::LogSettings)), the writer itself runs a
//! RESTART checkpoint after its commit, which waits for those readers, at most the busy timeout:
//! while the WAL stays over the bound, writes slow to one batch per busy timeout rather than let
//! the file grow without limit. A checkpoint that fails is logged and counted, never a commit's
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

/// WAL pages at which the checkpointer is woken, and again at each further multiple: SQLite's
/// own autocheckpoint threshold, about 4 MiB of 4 KiB pages.
pub(super) const CHECKPOINT_PAGES: u64 = 1000;

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

/// What the writer's commits tell the checkpointer: the WAL's size in pages after the last
/// commit, and a wake-up when it crossed another [`CHECKPOINT_PAGES`].
#[derive(Debug, Clone)]
pub(super) struct WalPages {
    pages: Arc<AtomicU64>,
    signal: Arc<Signal>,
    /// This log's checkpoints so far (the metrics add up every log of the process).
    pub(super) done: Arc<Tally>,
}

/// Checkpoints of one log, by mode and outcome.
#[derive(Debug, Default)]
pub(super) struct Tally {
    pub(super) passive_complete: AtomicU64,
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
        let (pages, signal) = (self.pages.clone(), self.signal.clone());
        // The last multiple of CHECKPOINT_PAGES the checkpointer was woken at.
        let mut woken_at = 0u64;
        conn.wal_hook(Some(move |_: &mut rusqlite::hooks::Wal, now: i32| {
            let now = u64::try_from(now).unwrap_or(0);
            pages.store(now, Ordering::Relaxed);
            let step = now / CHECKPOINT_PAGES;
            // Smaller after a restart of the WAL: the count starts over.
            if step < woken_at {
                woken_at = step;
            }
            if step > woken_at {
                woken_at = step;
                signal.wake();
            }
            Ok(())
        }))?;
        Ok(())
    }
}

impl Signal {
    fn wake(&self) {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        state.wanted = true;
        self.changed.notify_one();
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
            pages: Arc::new(AtomicU64::new(0)),
            signal: Arc::new(Signal::default()),
            done: Arc::default(),
        };
        let (signal, done) = (wal.signal.clone(), wal.done.clone());
        let thread = std::thread::Builder::new()
            .name("event-log-checkpointer".into())
            .spawn(move || run(conn, &signal, &done))
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

    /// Run by the writer after a commit: if the WAL holds `bound_pages` or more, a RESTART
    /// checkpoint on the writer's own connection, waiting for readers at most the busy timeout.
    /// Its failure is logged and counted; the commit before it stands.
    pub(super) fn bound(&self, conn: &Connection, bound_pages: u64) {
        if self.wal.get() < bound_pages {
            return;
        }
        let outcome = checkpoint(conn, "RESTART");
        count("forced", &outcome);
        let done = &self.wal.done;
        match outcome {
            Ok(Done::Complete) => {
                done.forced_complete.fetch_add(1, Ordering::Relaxed);
                self.wal.pages.store(0, Ordering::Relaxed);
                if self.forced_failing.swap(false, Ordering::Relaxed) {
                    tracing::info!("the event log's WAL was checkpointed again");
                }
            }
            Ok(Done::Busy) => {
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
        {
            let mut state = self
                .wal
                .signal
                .state
                .lock()
                .unwrap_or_else(|p| p.into_inner());
            state.stop = true;
            self.wal.signal.changed.notify_one();
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// What a checkpoint achieved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Done {
    /// Every frame copied (and for RESTART, the next write starts the WAL over).
    Complete,
    /// A reader or a writer kept it from finishing.
    Busy,
}

/// Runs PASSIVE checkpoints whenever woken, until told to stop.
fn run(conn: Connection, signal: &Signal, done: &Tally) {
    loop {
        {
            let mut state = signal.state.lock().unwrap_or_else(|p| p.into_inner());
            while !state.wanted && !state.stop {
                state = signal
                    .changed
                    .wait(state)
                    .unwrap_or_else(|p| p.into_inner());
            }
            if state.stop {
                return;
            }
            state.wanted = false;
        }
        let outcome = checkpoint(&conn, "PASSIVE");
        count("passive", &outcome);
        match outcome {
            Ok(Done::Complete) => {
                done.passive_complete.fetch_add(1, Ordering::Relaxed);
            }
            Ok(Done::Busy) => {}
            Err(error) => tracing::warn!(%error, "event log checkpoint failed"),
        }
    }
}

/// `PRAGMA wal_checkpoint(<mode>)`: its first column is 1 when it could not finish (SQLITE_BUSY),
/// the others the WAL's frames and those copied.
fn checkpoint(conn: &Connection, mode: &str) -> Result<Done, LogError> {
    let (busy, log, copied): (i64, i64, i64) = conn.query_row(
        &format!("PRAGMA wal_checkpoint({mode})"),
        [],
        |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
    )?;
    Ok(if busy == 0 && copied >= log {
        Done::Complete
    } else {
        Done::Busy
    })
}

fn count(mode: &'static str, outcome: &Result<Done, LogError>) {
    let outcome = match outcome {
        Ok(Done::Complete) => "complete",
        Ok(Done::Busy) => "busy",
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
    use crate::events::log::{Appended, Dedup, EventLog, LogSettings, NewEvent, SqliteLog, DB_FILE};
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
        assert!(matches!(appended, Ok(Appended::Stored { .. })), "{appended:?}");
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
        assert!(size <= wal_max_bytes + 3 * batch_pages * 4120, "{size} bytes");
    }
}
