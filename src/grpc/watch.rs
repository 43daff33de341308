//! The server-streaming watches: a snapshot from the platform (shared with every other stream
//! through `snapshots`), then events from the durable log through a gap-free `Follower`, each
//! message carrying a resumable cursor. Each stream runs in its own task feeding a bounded
//! channel, and ends as soon as its client leaves; its per-task state is bounded.
//!
//! Both watches are a `Watch`: what it sends first, per event and when idle, and when it is
//! done. One send loop (`follow`) drives either. The recipients' progress is in `progress`.

mod progress;

use std::future::Future;
use std::sync::Arc;

use progress::{TaskTracker, Trackers};
use prometheus_client::metrics::gauge::Gauge;
use tokio::sync::mpsc;
use tonic::Status;

use super::snapshots::{Missing, SnapshotCache, SnapshotSettings};
use super::Gateway;
use crate::error;
use crate::events::follow::{Follower, Step};
use crate::events::log::{Filter, LogError, StoredEvent};
use crate::events::Events;
use crate::observe::metrics::metrics;
use crate::observe::metrics::watch::WatchLabels;
use crate::proto::v1::event::Kind;
use crate::proto::v1::watch_accounts_response::Update as AccountsUpdate;
use crate::proto::v1::watch_task_response::Update as TaskUpdate;
use crate::proto::v1::*;
use crate::upstream::routes;

/// Messages buffered towards one client.
const CLIENT_BUFFER: usize = 64;

/// Settings of the watches (from `config::WatchArgs`).
#[derive(Debug, Clone, Copy)]
pub struct WatchSettings {
    /// How task snapshots are shared and how long they live.
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
    /// Watches sharing an empty snapshot cache; a `tracked_tasks` of 0 counts as 1.
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
#[derive(Debug)]
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

/// Where a watch starts: after the client's cursor, or after the latest event for a new watch.
/// Also returns the latest cursor at that moment: a replay has caught up once it reaches it.
async fn start_cursor(gateway: &Gateway, after_cursor: &str) -> Result<(u64, u64), Status> {
    let bounds = gateway.events.log.bounds().await.map_err(log_status)?;
    let after_cursor = after_cursor.trim();
    if after_cursor.is_empty() {
        return Ok((bounds.latest, bounds.latest));
    }
    let log = &gateway.events.log;
    let cursor = log
        .parse_cursor(after_cursor)
        .map_err(|refused| error::invalid_field("after_cursor", refused))?;
    if cursor > bounds.latest {
        let beyond = format!(
            "{after_cursor} is beyond the latest cursor {}",
            log.cursor_text(bounds.latest)
        );
        return Err(error::invalid_field("after_cursor", beyond));
    }
    // Every event after this cursor is still in the log, or resuming would leave a gap.
    let oldest_resumable = bounds.oldest.map_or(bounds.latest, |oldest| oldest - 1);
    if cursor < oldest_resumable {
        return Err(error::cursor_expired(
            after_cursor,
            &log.cursor_text(oldest_resumable),
        ));
    }
    Ok((cursor, bounds.latest))
}

fn log_status(error: LogError) -> Status {
    Status::unavailable(format!("event log unavailable: {error}"))
}

/// One watch stream's producer: the messages it makes of its snapshot, of each logged event it
/// follows and of an idle while, and when it is done. [`follow`] sends them.
trait Watch: Send + 'static {
    type Message: Send + 'static;

    /// The events the stream follows.
    fn filter(&self) -> Filter;

    /// The message opening the stream, at `cursor` (as clients see it), if it has one.
    fn snapshot(&mut self, cursor: String) -> Option<Self::Message>;

    /// The message for a logged event, whose cursor is `cursor`, or None to pass over it.
    fn on_event(
        &mut self,
        stored: &StoredEvent,
        cursor: String,
    ) -> impl Future<Output = Option<Self::Message>> + Send;

    /// The heartbeat sent after an idle while, at `cursor`.
    fn on_idle(&self, cursor: String) -> Self::Message;

    /// Whether the stream ends, having sent everything up to `cursor`.
    fn is_done(&self, _cursor: u64) -> bool {
        false
    }
}

/// A watch stream open: counted in `wadispatch_watch_streams` from its creation to its drop,
/// whichever way the stream ends (done, failed, client gone, server stopping).
struct OpenStream(Gauge);

impl OpenStream {
    fn open(kind: &'static str) -> Self {
        let gauge = metrics()
            .watch
            .streams
            .get_or_create_owned(&WatchLabels { kind });
        gauge.inc();
        Self(gauge)
    }
}

impl Drop for OpenStream {
    fn drop(&mut self) {
        self.0.dec();
    }
}

/// The send loop of every watch: its snapshot, then a message per followed event and a
/// heartbeat per idle while, until the watch is done, the log fails (the stream's last message
/// is the error) or the client leaves.
async fn follow<W: Watch>(
    mut watch: W,
    events: Arc<Events>,
    sender: Sender<W::Message>,
    start: u64,
) {
    let filter = watch.filter();
    let kind = filter.kind_label();
    let _open = OpenStream::open(kind);
    let events_sent = metrics()
        .watch
        .events_sent
        .get_or_create_owned(&WatchLabels { kind });
    let log = events.log.clone();
    if let Some(snapshot) = watch.snapshot(log.cursor_text(start)) {
        if sender.send(Ok(Box::new(snapshot))).await.is_err() || watch.is_done(start) {
            return;
        }
    }
    let mut follower = Follower::new(events.log.clone(), events.hub.clone(), filter, start);
    loop {
        let (message, of_event) = match follower.next(events.heartbeat).await {
            Err(error) => {
                let _ = sender.send(Err(log_status(error))).await;
                return;
            }
            Ok(Step::Idle) => (
                Some(watch.on_idle(log.cursor_text(follower.cursor()))),
                false,
            ),
            Ok(Step::Event(stored)) => {
                match watch.on_event(&stored, log.cursor_text(stored.seq)).await {
                    Some(message) => (Some(message), true),
                    None => continue,
                }
            }
            // Nothing to send, but the watch may be done with the replayed history.
            Ok(Step::CaughtUp) => (None, false),
        };
        if let Some(message) = message {
            if sender.send(Ok(Box::new(message))).await.is_err() {
                return;
            }
            if of_event {
                events_sent.inc();
            }
        }
        if watch.is_done(follower.cursor()) {
            return;
        }
    }
}

/// Asks the platform for a task's execution status, as a snapshot.
async fn fetch_snapshot(gateway: Arc<Gateway>, task_id: String) -> Result<TaskSnapshot, Status> {
    let request = GetTaskExecutionStatusRequest { task_id };
    let status: GetTaskExecutionStatusResponse = gateway
        .read(&routes::GET_TASK_EXECUTION_STATUS, request, None)
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
    let events = gateway.events.clone();
    let watch = TaskWatch {
        gateway,
        task_id,
        end_when_final,
        caught_up_at,
        snapshot,
        trackers: Trackers::new(tracked_tasks),
    };
    Ok(spawn_stream(move |sender| {
        follow(watch, events, sender, start)
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
    /// The watched task's snapshot, until the stream opens with it.
    snapshot: Option<Arc<TaskSnapshot>>,
    trackers: Trackers,
}

impl Watch for TaskWatch {
    type Message = WatchTaskResponse;

    fn filter(&self) -> Filter {
        Filter::Tasks {
            task_id: (!self.task_id.is_empty()).then(|| self.task_id.clone()),
        }
    }

    /// The watched task's snapshot with its progress; the task is tracked from it.
    fn snapshot(&mut self, cursor: String) -> Option<WatchTaskResponse> {
        let snapshot = self.snapshot.take()?;
        let tracker = TaskTracker::from_snapshot(&snapshot);
        let progress = tracker.progress(&self.task_id);
        self.trackers.insert(self.task_id.clone(), tracker);
        Some(WatchTaskResponse {
            cursor,
            update: Some(TaskUpdate::Snapshot(TaskSnapshot::clone(&snapshot))),
            progress: Some(progress),
            ..Default::default()
        })
    }

    /// The message for a stored task event, with the task's progress after it.
    async fn on_event(
        &mut self,
        stored: &StoredEvent,
        cursor: String,
    ) -> Option<WatchTaskResponse> {
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
            cursor,
            update: Some(update),
            progress: Some(progress),
            recipient_status_merged,
            received_time: stored.event.received_time,
        })
    }

    fn on_idle(&self, cursor: String) -> WatchTaskResponse {
        WatchTaskResponse {
            cursor,
            update: Some(TaskUpdate::Heartbeat(Heartbeat {})),
            progress: self
                .trackers
                .get(&self.task_id)
                .map(|t| t.progress(&self.task_id)),
            ..Default::default()
        }
    }

    /// With `end_when_final`, once the watched task is final and a replay has caught up: a
    /// replay of a finished task ends only after the replayed history, not at once.
    fn is_done(&self, cursor: u64) -> bool {
        self.end_when_final
            && cursor >= self.caught_up_at
            && self
                .trackers
                .get(&self.task_id)
                .is_some_and(TaskTracker::is_final)
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
        .read(&routes::LIST_ACCOUNTS, ListAccountsRequest {}, None)
        .await?;
    let accounts = listed
        .accounts
        .into_iter()
        .filter(|a| phones.is_empty() || phones.contains(&a.phone))
        .collect();
    Ok(spawn_stream(move |sender| {
        let watch = AccountsWatch {
            phones,
            accounts: Some(accounts),
        };
        follow(watch, gateway.events.clone(), sender, start)
    }))
}

/// One WatchAccounts stream's producer.
struct AccountsWatch {
    /// The watched phones; empty for every account.
    phones: Vec<String>,
    /// The watched accounts as listed, until the stream opens with them.
    accounts: Option<Vec<AccountState>>,
}

impl Watch for AccountsWatch {
    type Message = WatchAccountsResponse;

    fn filter(&self) -> Filter {
        Filter::Accounts {
            phones: self.phones.clone(),
        }
    }

    fn snapshot(&mut self, cursor: String) -> Option<WatchAccountsResponse> {
        let accounts = self.accounts.take()?;
        Some(WatchAccountsResponse {
            cursor,
            update: Some(AccountsUpdate::Snapshot(AccountsSnapshot { accounts })),
            received_time: None,
        })
    }

    async fn on_event(
        &mut self,
        stored: &StoredEvent,
        cursor: String,
    ) -> Option<WatchAccountsResponse> {
        let update = match stored.event.kind.clone() {
            Some(Kind::AccountStatus(e)) => AccountsUpdate::AccountStatus(e),
            Some(Kind::Registration(e)) => AccountsUpdate::Registration(e),
            Some(Kind::ConnectionStatus(e)) => AccountsUpdate::ConnectionStatus(e),
            Some(Kind::QrLogin(e)) => AccountsUpdate::QrLogin(e),
            Some(Kind::ScanTaskStatus(e)) => AccountsUpdate::ScanTaskStatus(e),
            // The account filter only yields account events.
            _ => return None,
        };
        Some(WatchAccountsResponse {
            cursor,
            update: Some(update),
            received_time: stored.event.received_time,
        })
    }

    fn on_idle(&self, cursor: String) -> WatchAccountsResponse {
        WatchAccountsResponse {
            cursor,
            update: Some(AccountsUpdate::Heartbeat(Heartbeat {})),
            received_time: None,
        }
    }
}
