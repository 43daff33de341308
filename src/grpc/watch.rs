//! The server-streaming watches: a snapshot from the platform (shared with every other stream
//! through `snapshots`), then events from the durable log through a gap-free `Follower`, each
//! message carrying a resumable cursor. Each stream runs in its own task feeding a bounded
//! channel, and ends as soon as its client leaves; its per-task state is bounded.

use std::collections::{BTreeMap, HashMap};
use std::future::Future;
use std::sync::Arc;

use tokio::sync::mpsc;
use tonic::Status;

use super::snapshots::{Missing, SnapshotCache, SnapshotSettings};
use super::Gateway;
use crate::error;
use crate::events::follow::{Follower, Step};
use crate::events::log::{Filter, LogError, StoredEvent};
use crate::proto::v1::event::Kind;
use crate::proto::v1::watch_task_response::Update as TaskUpdate;
use crate::proto::v1::*;
use crate::upstream::routes;

/// Messages buffered towards one client.
const CLIENT_BUFFER: usize = 64;

/// Settings of the watches (from `config::WatchArgs`).
#[derive(Debug, Clone, Copy)]
pub struct WatchSettings {
    pub snapshots: SnapshotSettings,
    /// Tasks one every-task stream tracks at most.
    pub tracked_tasks: usize,
}

/// What the watch streams of this replica share.
#[derive(Debug)]
pub struct Watches {
    snapshots: SnapshotCache,
    tracked_tasks: usize,
}

impl Watches {
    pub fn new(settings: WatchSettings) -> Self {
        Self {
            snapshots: SnapshotCache::new(settings.snapshots),
            tracked_tasks: settings.tracked_tasks.max(1),
        }
    }
}

/// A watch's messages, or its final error, towards the client.
type Sender<T> = mpsc::Sender<Result<Box<T>, Status>>;

/// Runs a stream's producer in its own task until it ends or its client leaves, whichever comes
/// first: a departed client is noticed at once, not at the next message, and dropping the
/// producer drops its registration with the hub.
fn spawn_stream<T, P, Fut>(produce: P) -> WatchStream<T>
where
    T: Send + 'static,
    P: FnOnce(Sender<T>) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let (sender, receiver) = mpsc::channel(CLIENT_BUFFER);
    let departed = sender.clone();
    let producing = produce(sender);
    tokio::spawn(async move {
        tokio::select! {
            () = producing => {}
            () = departed.closed() => {}
        }
    });
    WatchStream(receiver)
}

/// A watch's messages on their way to the client. They travel boxed: a channel allocates its
/// slots 32 at a time, and an idle stream should not hold 32 full-size messages' worth of memory.
pub struct WatchStream<T>(mpsc::Receiver<Result<Box<T>, Status>>);

impl<T> tokio_stream::Stream for WatchStream<T> {
    type Item = Result<T, Status>;

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        self.0
            .poll_recv(cx)
            .map(|message| message.map(|message| message.map(|boxed| *boxed)))
    }
}

/// A cursor as clients see it: the log sequence number, in decimal.
fn cursor_text(seq: u64) -> String {
    seq.to_string()
}

/// Where a watch starts: after the client's cursor, or after the latest event for a new watch.
/// Also returns the latest cursor at that moment: a replay has caught up once it reaches it.
async fn start_cursor(gateway: &Gateway, after_cursor: &str) -> Result<(u64, u64), Status> {
    let bounds = gateway.events.log.bounds().await.map_err(log_status)?;
    let after_cursor = after_cursor.trim();
    if after_cursor.is_empty() {
        return Ok((bounds.latest, bounds.latest));
    }
    let cursor: u64 = after_cursor.parse().map_err(|_| {
        error::invalid_field(
            "after_cursor",
            format!("{after_cursor:?} is not a cursor from this gateway"),
        )
    })?;
    if cursor > bounds.latest {
        let beyond = format!("{cursor} is beyond the latest cursor {}", bounds.latest);
        return Err(error::invalid_field("after_cursor", beyond));
    }
    // Every event after this cursor is still in the log, or resuming would leave a gap.
    let oldest_resumable = bounds.oldest.map_or(bounds.latest, |oldest| oldest - 1);
    if cursor < oldest_resumable {
        return Err(error::cursor_expired(
            cursor,
            &cursor_text(oldest_resumable),
        ));
    }
    Ok((cursor, bounds.latest))
}

fn log_status(error: LogError) -> Status {
    Status::unavailable(format!("event log unavailable: {error}"))
}

/// Order of recipient statuses for monotonic merging; final statuses are never replaced.
fn rank(status: i32) -> u8 {
    match RecipientStatus::try_from(status) {
        Ok(RecipientStatus::PendingDispatch) => 1,
        Ok(RecipientStatus::PendingSend) => 2,
        Ok(RecipientStatus::Sending) => 3,
        Ok(RecipientStatus::Sent) => 4,
        Ok(RecipientStatus::Delivered) => 5,
        Ok(RecipientStatus::Read) => 6,
        Ok(
            RecipientStatus::ReadReplied
            | RecipientStatus::ReadNoReply
            | RecipientStatus::SendFailed,
        ) => FINAL_RANK,
        _ => 0,
    }
}
const FINAL_RANK: u8 = 9;

/// What a stream knows of one task.
#[derive(Debug, Default)]
struct TaskTracker {
    status: i32,
    /// Merged status per recipient, keyed by target (phone or group id).
    recipients: HashMap<String, i32>,
    /// Recipients per merged status, kept with every merge so that a message's progress costs
    /// the number of statuses, not the number of recipients.
    counts: HashMap<i32, i32>,
}

impl TaskTracker {
    fn from_snapshot(snapshot: &TaskSnapshot) -> Self {
        let mut tracker = Self {
            status: snapshot.status,
            ..Default::default()
        };
        for recipient in &snapshot.recipients {
            tracker.merge(&recipient.target, recipient.status);
        }
        tracker
    }

    /// Merges a reported status; returns the recipient's status after merging.
    fn merge(&mut self, target: &str, reported: i32) -> i32 {
        let previous = self.recipients.get(target).copied();
        let merged = match previous {
            Some(current) if rank(current) == FINAL_RANK || rank(reported) < rank(current) => {
                current
            }
            _ => reported,
        };
        if previous != Some(merged) {
            if let Some(old) = previous {
                *self.counts.entry(old).or_default() -= 1;
            }
            *self.counts.entry(merged).or_default() += 1;
            self.recipients.insert(target.to_owned(), merged);
        }
        merged
    }

    fn is_final(&self) -> bool {
        matches!(
            TaskStatus::try_from(self.status),
            Ok(TaskStatus::Completed | TaskStatus::Stopped)
        )
    }

    fn progress(&self, task_id: &str) -> TaskProgress {
        let mut counts: Vec<RecipientCount> = self
            .counts
            .iter()
            .filter(|(_, count)| **count > 0)
            .map(|(status, count)| RecipientCount {
                status: *status,
                count: *count,
            })
            .collect();
        counts.sort_by_key(|c| (rank(c.status), c.status));
        TaskProgress {
            task_id: task_id.to_owned(),
            status: self.status,
            total: self.recipients.len() as i32,
            counts,
        }
    }
}

/// The tasks whose progress one stream tracks, bounded: past `cap` the least recently seen is
/// forgotten, and a later event about it starts it afresh from its snapshot.
#[derive(Debug)]
struct Trackers {
    cap: usize,
    /// Each task's tracker and the tick it was last seen at.
    tasks: HashMap<String, (TaskTracker, u64)>,
    /// Task ids by the tick they were last seen at, least recent first.
    by_age: BTreeMap<u64, String>,
    tick: u64,
}

impl Trackers {
    fn new(cap: usize) -> Self {
        Self {
            cap: cap.max(1),
            tasks: HashMap::new(),
            by_age: BTreeMap::new(),
            tick: 0,
        }
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.tasks.len()
    }

    fn contains(&self, task_id: &str) -> bool {
        self.tasks.contains_key(task_id)
    }

    fn get(&self, task_id: &str) -> Option<&TaskTracker> {
        self.tasks.get(task_id).map(|(tracker, _)| tracker)
    }

    /// The task's tracker, marked as the most recently seen.
    fn touch(&mut self, task_id: &str) -> Option<&mut TaskTracker> {
        let (tracker, seen) = self.tasks.get_mut(task_id)?;
        let key = self
            .by_age
            .remove(seen)
            .expect("every tracked task has an age");
        self.tick += 1;
        *seen = self.tick;
        self.by_age.insert(self.tick, key);
        Some(tracker)
    }

    /// Tracks `task_id` as the most recently seen, forgetting the least recently seen past the cap.
    fn insert(&mut self, task_id: String, tracker: TaskTracker) {
        self.remove(&task_id);
        while self.tasks.len() >= self.cap {
            let Some((_, oldest)) = self.by_age.pop_first() else {
                break;
            };
            self.tasks.remove(&oldest);
        }
        self.tick += 1;
        self.by_age.insert(self.tick, task_id.clone());
        self.tasks.insert(task_id, (tracker, self.tick));
    }

    fn remove(&mut self, task_id: &str) {
        if let Some((_, seen)) = self.tasks.remove(task_id) {
            self.by_age.remove(&seen);
        }
    }

    /// Applies an event's update to its task, which is tracked; returns the task's progress
    /// after it and the recipient's merged status (0 unless a recipient status). With
    /// `forget_final` (an every-task stream) the update that finishes a task also forgets it;
    /// only that one: a task found finished in its snapshot stays until it is the least
    /// recently seen, so that late replies about it do not each cost a snapshot.
    fn apply(
        &mut self,
        task_id: &str,
        update: &TaskUpdate,
        forget_final: bool,
    ) -> (TaskProgress, i32) {
        let tracker = self.touch(task_id).expect("the task is tracked");
        let mut merged = 0;
        match update {
            TaskUpdate::TaskStatus(e) => tracker.status = e.status,
            TaskUpdate::RecipientStatus(e) => merged = tracker.merge(&e.target, e.status),
            _ => {}
        }
        let progress = tracker.progress(task_id);
        if forget_final && matches!(update, TaskUpdate::TaskStatus(_)) && tracker.is_final() {
            self.remove(task_id);
        }
        (progress, merged)
    }
}

/// Asks the platform for a task's execution status, as a snapshot.
async fn fetch_snapshot(gateway: Arc<Gateway>, task_id: String) -> Result<TaskSnapshot, Status> {
    let request = GetTaskExecutionStatusRequest { task_id };
    let status: GetTaskExecutionStatusResponse = gateway
        .read(&routes::TASK_EXECUTION_STATUS, request, None)
        .await?;
    let GetTaskExecutionStatusResponse {
        task_id,
        status,
        recipients,
    } = status;
    Ok(TaskSnapshot {
        task_id,
        status,
        recipients,
    })
}

/// The snapshot of `task_id` reflecting every logged event up to `reflecting`, through the
/// replica's shared snapshots, waiting at most their bound.
async fn task_snapshot(
    gateway: &Arc<Gateway>,
    task_id: &str,
    reflecting: u64,
) -> Result<Arc<TaskSnapshot>, Missing> {
    let latest = *gateway.events.log.latest().borrow();
    let fetching = (gateway.clone(), task_id.to_owned());
    gateway
        .watches
        .snapshots
        .get(task_id, reflecting, latest, move || {
            fetch_snapshot(fetching.0, fetching.1)
        })
        .await
}

/// Starts a WatchTask stream.
///
/// A single-task stream opens with the task's snapshot. Should the platform fail it, the call
/// fails with the platform's error, as any call would; should the platform not answer within
/// the snapshot wait, the call fails with UNAVAILABLE (`SNAPSHOT_NOT_READY`) and the fetch goes
/// on, so that a retry finds it. (A caller's shorter deadline ends the wait first.)
pub async fn watch_task(
    gateway: Arc<Gateway>,
    request: WatchTaskRequest,
) -> Result<WatchStream<WatchTaskResponse>, Status> {
    let WatchTaskRequest {
        task_id,
        after_cursor,
        end_when_final,
    } = request;
    let task_id = task_id.trim().to_owned();
    // The id keys the shared snapshot cache and the hub: a caller must not make it huge.
    if task_id.len() > crate::convert::MAX_PLATFORM_ID_CHARS {
        let limit = crate::convert::MAX_PLATFORM_ID_CHARS;
        return Err(error::invalid_field(
            "task_id",
            format!("longer than {limit} bytes: not a platform task id"),
        ));
    }
    if end_when_final && task_id.is_empty() {
        return Err(error::invalid_field("end_when_final", "needs a task_id"));
    }
    let (start, caught_up_at) = start_cursor(&gateway, &after_cursor).await?;
    // The snapshot reflects at least every event up to the start cursor, so it may already
    // include events that follow it; merging is monotonic, so replaying them changes nothing.
    let snapshot = if task_id.is_empty() {
        None
    } else {
        match task_snapshot(&gateway, &task_id, start).await {
            Ok(snapshot) => Some(snapshot),
            Err(Missing::Failed(status)) => return Err(status),
            Err(Missing::Late) => {
                return Err(error::snapshot_not_ready(
                    &task_id,
                    gateway.watches.snapshots.wait(),
                ))
            }
        }
    };
    let tracked_tasks = gateway.watches.tracked_tasks;
    let watch = TaskWatch {
        gateway,
        task_id,
        end_when_final,
        caught_up_at,
        trackers: Trackers::new(tracked_tasks),
    };
    Ok(spawn_stream(move |sender| {
        watch.run(sender, snapshot, start)
    }))
}

/// One WatchTask stream's producer.
struct TaskWatch {
    gateway: Arc<Gateway>,
    /// The watched task; empty for every task.
    task_id: String,
    end_when_final: bool,
    /// The latest cursor when the stream opened: a replay has caught up once it reaches it.
    caught_up_at: u64,
    trackers: Trackers,
}

impl TaskWatch {
    async fn run(
        mut self,
        sender: Sender<WatchTaskResponse>,
        snapshot: Option<Arc<TaskSnapshot>>,
        start: u64,
    ) {
        if let Some(snapshot) = snapshot {
            let tracker = TaskTracker::from_snapshot(&snapshot);
            let progress = tracker.progress(&self.task_id);
            // A replay of a finished task ends only after the replayed history, not at once.
            let done = self.end_when_final && tracker.is_final() && start >= self.caught_up_at;
            self.trackers.insert(self.task_id.clone(), tracker);
            let message = WatchTaskResponse {
                cursor: cursor_text(start),
                update: Some(TaskUpdate::Snapshot(TaskSnapshot::clone(&snapshot))),
                progress: Some(progress),
                ..Default::default()
            };
            if sender.send(Ok(Box::new(message))).await.is_err() || done {
                return;
            }
        }
        let filter = Filter::Tasks {
            task_id: (!self.task_id.is_empty()).then(|| self.task_id.clone()),
        };
        let events = &self.gateway.events;
        let mut follower = Follower::new(events.log.clone(), events.hub.clone(), filter, start);
        loop {
            let message = match follower.next(self.gateway.events.heartbeat).await {
                Err(error) => {
                    let _ = sender.send(Err(log_status(error))).await;
                    return;
                }
                Ok(Step::Idle) => Some(WatchTaskResponse {
                    cursor: cursor_text(follower.cursor()),
                    update: Some(TaskUpdate::Heartbeat(Heartbeat {})),
                    progress: self
                        .trackers
                        .get(&self.task_id)
                        .map(|t| t.progress(&self.task_id)),
                    ..Default::default()
                }),
                Ok(Step::Event(stored)) => match self.event_message(&stored).await {
                    Some(message) => Some(message),
                    None => continue,
                },
                // Nothing to send, but the task may have become final in the replayed history.
                Ok(Step::CaughtUp) => None,
            };
            if let Some(message) = message {
                if sender.send(Ok(Box::new(message))).await.is_err() {
                    return;
                }
            }
            let caught_up = follower.cursor() >= self.caught_up_at;
            if self.end_when_final
                && caught_up
                && self
                    .trackers
                    .get(&self.task_id)
                    .is_some_and(TaskTracker::is_final)
            {
                return;
            }
        }
    }

    /// The message for a stored task event, with the task's progress after it.
    async fn event_message(&mut self, stored: &StoredEvent) -> Option<WatchTaskResponse> {
        let (task, update) = match stored.event.kind.clone() {
            Some(Kind::TaskStatus(e)) => (e.task_id.clone(), TaskUpdate::TaskStatus(e)),
            Some(Kind::RecipientStatus(e)) => (e.task_id.clone(), TaskUpdate::RecipientStatus(e)),
            Some(Kind::Reply(e)) => (e.task_id.clone(), TaskUpdate::Reply(e)),
            // The task filter only yields task events.
            _ => return None,
        };
        if !self.trackers.contains(&task) {
            // A task first seen on an every-task stream (or seen again after it was forgotten)
            // starts from a snapshot reflecting every event before this one; without one in
            // time, from this event on.
            let reflecting = stored.seq.saturating_sub(1);
            let tracker = match task_snapshot(&self.gateway, &task, reflecting).await {
                Ok(snapshot) => TaskTracker::from_snapshot(&snapshot),
                Err(missing) => {
                    tracing::debug!(task = %task, ?missing, "no snapshot; progress from events only");
                    TaskTracker::default()
                }
            };
            self.trackers.insert(task.clone(), tracker);
        }
        let every_task = self.task_id.is_empty();
        let (progress, recipient_status_merged) = self.trackers.apply(&task, &update, every_task);
        Some(WatchTaskResponse {
            cursor: cursor_text(stored.seq),
            update: Some(update),
            progress: Some(progress),
            recipient_status_merged,
            received_time: stored.event.received_time,
        })
    }
}

/// Starts a WatchAccounts stream.
pub async fn watch_accounts(
    gateway: Arc<Gateway>,
    request: WatchAccountsRequest,
) -> Result<WatchStream<WatchAccountsResponse>, Status> {
    let WatchAccountsRequest {
        phones,
        after_cursor,
    } = request;
    let mut v = error::Violations::default();
    let phones: Vec<String> = phones
        .iter()
        .enumerate()
        .map(|(i, p)| crate::convert::validate::phone(&mut v, &format!("phones[{i}]"), p))
        .collect();
    v.into_result(())?;
    let (start, _) = start_cursor(&gateway, &after_cursor).await?;
    let listed: ListAccountsResponse = gateway
        .read(&routes::ACCOUNT_QUERY_STATUS, ListAccountsRequest {}, None)
        .await?;
    let accounts = listed
        .accounts
        .into_iter()
        .filter(|a| phones.is_empty() || phones.contains(&a.phone))
        .collect();
    Ok(spawn_stream(move |sender| async move {
        let snapshot = WatchAccountsResponse {
            cursor: cursor_text(start),
            update: Some(watch_accounts_response::Update::Snapshot(
                AccountsSnapshot { accounts },
            )),
            received_time: None,
        };
        if sender.send(Ok(Box::new(snapshot))).await.is_err() {
            return;
        }
        let mut follower = Follower::new(
            gateway.events.log.clone(),
            gateway.events.hub.clone(),
            Filter::Accounts { phones },
            start,
        );
        loop {
            use watch_accounts_response::Update;
            let message = match follower.next(gateway.events.heartbeat).await {
                Err(error) => {
                    let _ = sender.send(Err(log_status(error))).await;
                    return;
                }
                Ok(Step::CaughtUp) => continue,
                Ok(Step::Idle) => WatchAccountsResponse {
                    cursor: cursor_text(follower.cursor()),
                    update: Some(Update::Heartbeat(Heartbeat {})),
                    received_time: None,
                },
                Ok(Step::Event(stored)) => {
                    let update = match stored.event.kind.clone() {
                        Some(Kind::AccountStatus(e)) => Update::AccountStatus(e),
                        Some(Kind::Registration(e)) => Update::Registration(e),
                        Some(Kind::ConnectionStatus(e)) => Update::ConnectionStatus(e),
                        Some(Kind::QrLogin(e)) => Update::QrLogin(e),
                        Some(Kind::ScanTaskStatus(e)) => Update::ScanTaskStatus(e),
                        // The account filter only yields account events.
                        _ => continue,
                    };
                    WatchAccountsResponse {
                        cursor: cursor_text(stored.seq),
                        update: Some(update),
                        received_time: stored.event.received_time,
                    }
                }
            };
            if sender.send(Ok(Box::new(message))).await.is_err() {
                return;
            }
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recipient_statuses_never_go_backwards() {
        let mut tracker = TaskTracker::default();
        let s = |status: RecipientStatus| status as i32;
        assert_eq!(
            tracker.merge("a", s(RecipientStatus::Sent)),
            s(RecipientStatus::Sent)
        );
        assert_eq!(
            tracker.merge("a", s(RecipientStatus::Read)),
            s(RecipientStatus::Read)
        );
        assert_eq!(
            tracker.merge("a", s(RecipientStatus::Delivered)),
            s(RecipientStatus::Read),
            "a late delivered does not undo read"
        );
        assert_eq!(
            tracker.merge("a", s(RecipientStatus::ReadReplied)),
            s(RecipientStatus::ReadReplied)
        );
        assert_eq!(
            tracker.merge("a", s(RecipientStatus::ReadNoReply)),
            s(RecipientStatus::ReadReplied),
            "final stays"
        );
        assert_eq!(
            tracker.merge("b", s(RecipientStatus::SendFailed)),
            s(RecipientStatus::SendFailed)
        );
        assert_eq!(
            tracker.merge("b", s(RecipientStatus::Delivered)),
            s(RecipientStatus::SendFailed),
            "failed is final"
        );
        let progress = tracker.progress("t");
        assert_eq!(progress.total, 2);
        let count = |status: RecipientStatus, count| RecipientCount {
            status: status as i32,
            count,
        };
        assert_eq!(
            progress.counts,
            vec![
                count(RecipientStatus::ReadReplied, 1),
                count(RecipientStatus::SendFailed, 1)
            ]
        );
        // Counts follow each change: c moves from SENT to DELIVERED, not counted twice.
        tracker.merge("c", s(RecipientStatus::Sent));
        tracker.merge("c", s(RecipientStatus::Delivered));
        let progress = tracker.progress("t");
        assert_eq!(progress.total, 3);
        assert_eq!(
            progress.counts,
            vec![
                count(RecipientStatus::Delivered, 1),
                count(RecipientStatus::ReadReplied, 1),
                count(RecipientStatus::SendFailed, 1)
            ]
        );
    }

    fn task_status(task_id: &str, status: TaskStatus) -> TaskUpdate {
        TaskUpdate::TaskStatus(TaskStatusChanged {
            task_id: task_id.into(),
            status: status as i32,
        })
    }

    #[test]
    fn trackers_forget_finished_tasks_and_the_least_recently_seen_past_the_cap() {
        let mut trackers = Trackers::new(3);
        for task in ["a", "b", "c"] {
            trackers.insert(task.into(), TaskTracker::default());
        }
        // "a" is seen again, so "b" is now the least recently seen.
        trackers.apply("a", &task_status("a", TaskStatus::Dispatching), true);
        trackers.insert("d".into(), TaskTracker::default());
        assert_eq!(trackers.len(), 3, "bounded by the cap");
        assert!(
            !trackers.contains("b"),
            "the least recently seen is forgotten"
        );
        for task in ["a", "c", "d"] {
            assert!(trackers.contains(task), "{task}");
        }
        assert_eq!(trackers.by_age.len(), 3, "the age index follows the map");

        // The update that finishes a task is answered with its progress, then the task goes.
        let (progress, _) = trackers.apply("c", &task_status("c", TaskStatus::Completed), true);
        assert_eq!(progress.status, TaskStatus::Completed as i32);
        assert!(!trackers.contains("c"));
        trackers.apply("d", &task_status("d", TaskStatus::Stopped), true);
        assert!(!trackers.contains("d"));
        assert_eq!((trackers.len(), trackers.by_age.len()), (1, 1));

        // A single-task stream keeps its task: heartbeats and end_when_final need it.
        trackers.apply("a", &task_status("a", TaskStatus::Completed), false);
        assert!(trackers.contains("a"));

        // A task found finished in its snapshot is not forgotten by a late reply about it.
        let finished = TaskTracker {
            status: TaskStatus::Completed as i32,
            ..Default::default()
        };
        trackers.insert("e".into(), finished);
        let reply = TaskUpdate::Reply(ReplyReceived {
            task_id: "e".into(),
            ..Default::default()
        });
        trackers.apply("e", &reply, true);
        assert!(trackers.contains("e"));

        // However many tasks pass, the map stays within the cap.
        for i in 0..10_000 {
            let task = format!("t{i}");
            trackers.insert(task.clone(), TaskTracker::default());
            trackers.apply(&task, &task_status(&task, TaskStatus::Dispatching), true);
        }
        assert_eq!((trackers.len(), trackers.by_age.len()), (3, 3));
    }
}
