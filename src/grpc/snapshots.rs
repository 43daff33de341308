//! Task snapshots shared by every watch on this replica: one `queryExecuteStatus` fetch per task
//! however many streams need it at once (single flight), kept briefly for the streams that need
//! it just after (a small cache with expiry). A stream waits for a snapshot at most a bound; the
//! fetch itself runs on, detached, and completes into the cache for the others.
//!
//! A snapshot is only as good as the events it reflects: each entry records the log's latest
//! cursor when its fetch began, and a stream that needs one reflecting every event up to some
//! cursor never gets an older one (it fetches anew instead).

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::watch;
use tokio::time::Instant;
use tonic::Status;

use crate::observe::metrics::metrics;
use crate::proto::v1::TaskSnapshot;

/// What a fetch ended with. Failures are kept too, briefly, so that a failing platform is asked
/// once rather than by every watcher.
type Outcome = Result<Arc<TaskSnapshot>, Status>;

/// How snapshots are shared (from `config::WatchArgs`).
#[derive(Debug, Clone, Copy)]
pub struct SnapshotSettings {
    /// Most snapshots kept (fetched or under way); the least recently used go first.
    pub capacity: usize,
    /// How long a fetched snapshot is reused.
    pub ttl: Duration,
    /// How long a failed fetch is remembered.
    pub failure_ttl: Duration,
    /// Longest a stream waits for a snapshot.
    pub wait: Duration,
}

/// Why no snapshot came.
#[derive(Debug)]
pub enum Missing {
    /// The fetch failed: the platform's error, as for any call.
    Failed(Status),
    /// Not within the wait; the fetch goes on and completes into the cache.
    Late,
}

/// The shared snapshots; see the module's documentation.
#[derive(Debug)]
pub struct SnapshotCache {
    wait: Duration,
    entries: Arc<Mutex<Entries>>,
}

impl SnapshotCache {
    /// An empty cache with these lifetimes and wait.
    pub fn new(settings: SnapshotSettings) -> Self {
        Self {
            wait: settings.wait,
            entries: Arc::new(Mutex::new(Entries::new(settings))),
        }
    }

    /// Longest a stream waits for a snapshot.
    pub fn wait(&self) -> Duration {
        self.wait
    }

    /// The snapshot of `task_id` reflecting every logged event up to `reflecting`: a fresh enough
    /// one from the cache, the one under way, or a new fetch by `fetch` whose result will reflect
    /// `latest` (the log's latest cursor now). Waits at most the configured bound.
    pub async fn get<F, Fut>(
        &self,
        task_id: &str,
        reflecting: u64,
        latest: u64,
        fetch: F,
    ) -> Result<Arc<TaskSnapshot>, Missing>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<TaskSnapshot, Status>> + Send + 'static,
    {
        let mut pending = {
            let mut entries = self.entries.lock().expect("snapshot cache lock");
            let now = Instant::now();
            let snapshots = &metrics().watch;
            match entries.lookup(task_id, reflecting, now) {
                // A fetch saved, whatever its outcome: a failure kept briefly answers too.
                Some(Found::Ready(outcome)) => {
                    snapshots.snapshot_hits.inc();
                    return outcome.map_err(Missing::Failed);
                }
                Some(Found::Pending(pending)) => {
                    snapshots.snapshot_hits.inc();
                    pending
                }
                None => {
                    snapshots.snapshot_fetches.inc();
                    let (generation, done, pending) =
                        entries.begin(task_id, latest.max(reflecting), now);
                    let entries = self.entries.clone();
                    let task_id = task_id.to_owned();
                    let fetching = fetch();
                    // Detached: a stream that stops waiting does not cancel it for the others.
                    tokio::spawn(async move {
                        let outcome = fetching.await.map(Arc::new);
                        entries.lock().expect("snapshot cache lock").finish(
                            &task_id,
                            generation,
                            outcome.clone(),
                            Instant::now(),
                        );
                        let _ = done.send(Some(outcome));
                    });
                    pending
                }
            }
        };
        let outcome = match tokio::time::timeout(self.wait, pending.wait_for(Option::is_some)).await
        {
            Err(_) => return Err(Missing::Late),
            Ok(Ok(outcome)) => outcome.clone().expect("waited for an outcome"),
            // The fetching task ended without an outcome (the runtime is shutting down).
            Ok(Err(_)) => Err(Status::unavailable("the task snapshot fetch was abandoned")),
        };
        outcome.map_err(Missing::Failed)
    }
}

/// A fetch under way: its outcome once there.
type Pending = watch::Receiver<Option<Outcome>>;

enum State {
    Fetching(Pending),
    Done { outcome: Outcome, expires: Instant },
}

struct Entry {
    /// The log's latest cursor when the fetch began: the snapshot reflects every event up to it.
    as_of: u64,
    /// Tells this fetch apart from a later one for the same task.
    generation: u64,
    /// When it was last used, for evicting the least recently used.
    used: u64,
    state: State,
}

enum Found {
    Ready(Outcome),
    Pending(Pending),
}

/// The cache's bookkeeping, apart from any waiting, with the time passed in.
struct Entries {
    settings: SnapshotSettings,
    map: HashMap<String, Entry>,
    /// Source of generations and use stamps.
    tick: u64,
}

impl Entries {
    fn new(settings: SnapshotSettings) -> Self {
        Self {
            settings,
            map: HashMap::new(),
            tick: 0,
        }
    }

    fn next_tick(&mut self) -> u64 {
        self.tick += 1;
        self.tick
    }

    /// A usable entry for `task_id`: one reflecting `reflecting`, not expired, and (when still
    /// fetching) with its fetch alive. None: a new fetch is needed.
    fn lookup(&mut self, task_id: &str, reflecting: u64, now: Instant) -> Option<Found> {
        let tick = self.next_tick();
        let entry = self.map.get_mut(task_id)?;
        let found = match &entry.state {
            _ if entry.as_of < reflecting => return None,
            State::Done { expires, .. } if *expires <= now => return None,
            State::Done { outcome, .. } => Found::Ready(outcome.clone()),
            // A fetch that ended without an outcome has nothing to wait for.
            State::Fetching(pending) if pending.has_changed().is_err() => return None,
            State::Fetching(pending) => Found::Pending(pending.clone()),
        };
        entry.used = tick;
        Some(found)
    }

    /// Records a fetch of `task_id` reflecting `as_of`, replacing any entry for it, and makes
    /// room for it: expired entries go, then the least recently used.
    fn begin(
        &mut self,
        task_id: &str,
        as_of: u64,
        now: Instant,
    ) -> (u64, watch::Sender<Option<Outcome>>, Pending) {
        self.map.remove(task_id);
        self.map.retain(|_, entry| match &entry.state {
            State::Done { expires, .. } => *expires > now,
            State::Fetching(_) => true,
        });
        while self.map.len() >= self.settings.capacity.max(1) {
            let Some(oldest) = self
                .map
                .iter()
                .min_by_key(|(_, entry)| entry.used)
                .map(|(task, _)| task.clone())
            else {
                break;
            };
            // A fetch under way still completes for its waiters, just not into the cache.
            self.map.remove(&oldest);
        }
        let (done, pending) = watch::channel(None);
        let generation = self.next_tick();
        let entry = Entry {
            as_of,
            generation,
            used: generation,
            state: State::Fetching(pending.clone()),
        };
        self.map.insert(task_id.to_owned(), entry);
        (generation, done, pending)
    }

    /// Stores a fetch's outcome, unless its entry was evicted or replaced meanwhile.
    fn finish(&mut self, task_id: &str, generation: u64, outcome: Outcome, now: Instant) {
        let Some(entry) = self.map.get_mut(task_id) else {
            return;
        };
        if entry.generation != generation {
            return;
        }
        let keep = if outcome.is_ok() {
            self.settings.ttl
        } else {
            self.settings.failure_ttl
        };
        entry.state = State::Done {
            outcome,
            expires: now + keep,
        };
    }
}

impl std::fmt::Debug for Entries {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Entries")
            .field("len", &self.map.len())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    fn settings(capacity: usize, wait: Duration) -> SnapshotSettings {
        SnapshotSettings {
            capacity,
            ttl: Duration::from_secs(5),
            failure_ttl: Duration::from_secs(1),
            wait,
        }
    }

    fn snapshot(task_id: &str, status: i32) -> TaskSnapshot {
        TaskSnapshot {
            task_id: task_id.to_owned(),
            status,
            recipients: Vec::new(),
        }
    }

    fn ready(found: Option<Found>) -> Outcome {
        match found {
            Some(Found::Ready(outcome)) => outcome,
            Some(Found::Pending(_)) => panic!("still fetching"),
            None => panic!("nothing usable"),
        }
    }

    #[test]
    fn entries_expire_reflect_their_cursor_and_stay_bounded() {
        let t0 = Instant::now();
        let mut entries = Entries::new(settings(2, Duration::from_secs(2)));
        let (generation, _done, _pending) = entries.begin("a", 10, t0);
        assert!(matches!(
            entries.lookup("a", 10, t0),
            Some(Found::Pending(_))
        ));
        entries.finish("a", generation, Ok(Arc::new(snapshot("a", 2))), t0);
        assert_eq!(ready(entries.lookup("a", 10, t0)).unwrap().status, 2);
        assert!(
            entries.lookup("a", 11, t0).is_none(),
            "a snapshot older than the events a stream needs is not used"
        );
        assert!(
            entries
                .lookup("a", 3, t0 + Duration::from_secs(5))
                .is_none(),
            "expired"
        );

        // A failure is remembered for the shorter failure TTL.
        let (generation, _done, _pending) = entries.begin("b", 10, t0);
        entries.finish("b", generation, Err(Status::unavailable("down")), t0);
        assert!(ready(entries.lookup("b", 10, t0)).is_err());
        assert!(entries
            .lookup("b", 10, t0 + Duration::from_millis(1500))
            .is_none());

        // Bounded: a third task evicts the least recently used of the two.
        let mut entries = Entries::new(settings(2, Duration::from_secs(2)));
        for task in ["a", "b"] {
            let (generation, _done, _pending) = entries.begin(task, 1, t0);
            entries.finish(task, generation, Ok(Arc::new(snapshot(task, 1))), t0);
        }
        ready(entries.lookup("a", 1, t0)).unwrap();
        let (generation, _done, _pending) = entries.begin("c", 1, t0);
        entries.finish("c", generation, Ok(Arc::new(snapshot("c", 1))), t0);
        assert_eq!(entries.map.len(), 2);
        assert!(
            entries.lookup("b", 1, t0).is_none(),
            "b was least recently used"
        );
        ready(entries.lookup("a", 1, t0)).unwrap();

        // A fetch replaced meanwhile does not overwrite the newer entry.
        let (old, _done, _pending) = entries.begin("a", 1, t0);
        let (new, _done2, _pending2) = entries.begin("a", 5, t0);
        entries.finish("a", old, Ok(Arc::new(snapshot("a", 7))), t0);
        assert!(matches!(
            entries.lookup("a", 5, t0),
            Some(Found::Pending(_))
        ));
        entries.finish("a", new, Ok(Arc::new(snapshot("a", 8))), t0);
        assert_eq!(ready(entries.lookup("a", 5, t0)).unwrap().status, 8);
    }

    /// A fetch that counts its calls and answers `status` once `release` says so.
    fn counted(
        fetches: &Arc<AtomicUsize>,
        release: &watch::Receiver<bool>,
        status: i32,
    ) -> impl FnOnce() -> std::pin::Pin<Box<dyn Future<Output = Result<TaskSnapshot, Status>> + Send>>
    {
        let fetches = fetches.clone();
        let mut release = release.clone();
        move || {
            fetches.fetch_add(1, Ordering::SeqCst);
            Box::pin(async move {
                let _ = release.wait_for(|r| *r).await;
                Ok(snapshot("t", status))
            })
        }
    }

    #[tokio::test]
    async fn concurrent_lookups_share_one_fetch() {
        let cache = SnapshotCache::new(settings(8, Duration::from_secs(30)));
        let fetches = Arc::new(AtomicUsize::new(0));
        let (release, released) = watch::channel(false);
        let mut lookups: Vec<_> = (0..50)
            .map(|_| Box::pin(cache.get("t", 1, 1, counted(&fetches, &released, 3))))
            .collect();
        // Each lookup runs up to its wait before the fetch may answer.
        let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
        for lookup in &mut lookups {
            assert!(lookup.as_mut().poll(&mut cx).is_pending());
        }
        release.send(true).unwrap();
        for lookup in lookups {
            assert_eq!(lookup.await.unwrap().status, 3);
        }
        assert_eq!(fetches.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_late_fetch_completes_into_the_cache() {
        let cache = SnapshotCache::new(settings(8, Duration::ZERO));
        let fetches = Arc::new(AtomicUsize::new(0));
        let (release, released) = watch::channel(false);
        let late = cache.get("t", 1, 1, counted(&fetches, &released, 4)).await;
        assert!(matches!(late, Err(Missing::Late)), "{late:?}");
        release.send(true).unwrap();
        for _ in 0..10_000 {
            match cache.get("t", 1, 1, counted(&fetches, &released, 5)).await {
                Ok(found) => {
                    assert_eq!(found.status, 4, "the first fetch's answer");
                    assert_eq!(fetches.load(Ordering::SeqCst), 1, "fetched once");
                    return;
                }
                Err(Missing::Late) => tokio::task::yield_now().await,
                Err(Missing::Failed(status)) => panic!("{status:?}"),
            }
        }
        panic!("the fetch never completed into the cache");
    }
}
