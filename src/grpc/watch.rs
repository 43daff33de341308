//! The server-streaming watches: a snapshot from the platform (shared with every other stream
//! through `snapshots`), then events from the durable log through a gap-free `Follower`, each
//! message carrying a resumable cursor. A stream makes each message when its client's
//! connection asks for the next one, and ends as soon as its client leaves; its per-task state
//! is bounded.
//!
//! Both watches are a `Watch`: what it sends first, per event and when idle, and when it is
//! done. One send loop (`follow`) drives either. The recipients' progress is in `progress`.

mod progress;

use std::cell::RefCell;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use progress::{TaskTracker, Trackers};
use prometheus_client::metrics::gauge::Gauge;
use tonic::Status;

use super::snapshots::{Missing, SnapshotCache, SnapshotSettings};
use super::Gateway;
use crate::error;
use crate::events::follow::{Follower, Step};
use crate::events::log::{EncodedEvent, EventLog, Filter, LogError, StoredEvent};
use crate::events::Events;
use crate::observe::metrics::metrics;
use crate::observe::metrics::watch::WatchLabels;
use crate::proto::v1::event::Kind;
use crate::proto::v1::watch_accounts_response::Update as AccountsUpdate;
use crate::proto::v1::watch_task_response::Update as TaskUpdate;
use crate::proto::v1::*;
use crate::proto::{Encoded, EncodedWatchTaskResponse};
use crate::upstream::routes;

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

/// A watch's next message, or its final error, on its way from the producer to its stream.
type Handing<T> = RefCell<Option<Result<T, Status>>>;

thread_local! {
    static TASK_MESSAGE: Handing<EncodedWatchTaskResponse> = const { RefCell::new(None) };
    static ACCOUNTS_MESSAGE: Handing<WatchAccountsResponse> = const { RefCell::new(None) };
}

/// A watch message type and its hand-over slot, one per thread. A stream polls its producer on
/// the thread it runs on and takes the message the producer put there before the poll
/// returned, so the slot is never shared between streams; and a stream need not hold room for
/// a message of its own for its whole life.
trait Handoff: Sized + Send + 'static {
    fn with_slot<R>(use_slot: impl FnOnce(&Handing<Self>) -> R) -> R;

    /// Takes what a producer handed over on this thread.
    fn take() -> Option<Result<Self, Status>> {
        Self::with_slot(|slot| slot.borrow_mut().take())
    }
}

impl Handoff for EncodedWatchTaskResponse {
    fn with_slot<R>(use_slot: impl FnOnce(&Handing<Self>) -> R) -> R {
        TASK_MESSAGE.with(use_slot)
    }
}

impl Handoff for WatchAccountsResponse {
    fn with_slot<R>(use_slot: impl FnOnce(&Handing<Self>) -> R) -> R {
        ACCOUNTS_MESSAGE.with(use_slot)
    }
}

/// How a stream's producer hands over its messages, one at a time.
struct Sender<T>(PhantomData<fn(T)>);

impl<T: Handoff> Sender<T> {
    /// Hands `message` to the stream, which returns it from the poll under way; the producer
    /// then awaits [`Handed`] before it makes the next. (Not one async fn: its future would keep
    /// a copy of the message's room in every idle stream's state.) A producer only runs while
    /// its stream is polled, so a stream whose client left, dropped with the response, makes
    /// nothing more.
    fn hand(&self, message: Result<T, Status>) -> Handed {
        T::with_slot(|slot| *slot.borrow_mut() = Some(message));
        Handed(false)
    }
}

/// Pending once, without a wake-up: the stream returns the message just handed over, and its
/// reader polls again for the next.
struct Handed(bool);

impl Future for Handed {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            Poll::Ready(())
        } else {
            self.0 = true;
            Poll::Pending
        }
    }
}

/// A watch's messages on their way to the client, made by its producer as the client's connection
/// polls for them: no task and no channel per stream, so an idle stream holds only its
/// producer's state, and a replay's messages go from the log to the encoder without a hop
/// between tasks. Dropping the stream (the client left: hyper drops a response body whose
/// stream was reset or whose connection closed) drops the producer and its registration with
/// the hub.
pub struct WatchStream<T> {
    producer: Option<Pin<Box<dyn Future<Output = ()> + Send>>>,
    /// `T::take`, so that the stream is a stream whatever its reader knows of `T`.
    take: fn() -> Option<Result<T, Status>>,
}

impl<T> std::fmt::Debug for WatchStream<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WatchStream")
            .field("ended", &self.producer.is_none())
            .finish()
    }
}

/// The stream of the messages `produce` makes with the sender it is given.
fn stream<T: Handoff, P, Fut>(produce: P) -> WatchStream<T>
where
    P: FnOnce(Sender<T>) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    WatchStream {
        producer: Some(Box::pin(produce(Sender(PhantomData)))),
        take: T::take,
    }
}

impl<T> tokio_stream::Stream for WatchStream<T> {
    type Item = Result<T, Status>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let take = self.take;
        let Some(producer) = self.producer.as_mut() else {
            return Poll::Ready(None);
        };
        // Whatever a producer that panicked on this thread left behind is not this stream's.
        drop(take());
        let done = producer.as_mut().poll(cx).is_ready();
        if done {
            self.producer = None;
        }
        match take() {
            Some(message) => Poll::Ready(Some(message)),
            None if done => Poll::Ready(None),
            None => Poll::Pending,
        }
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
    type Message: Handoff;

    /// The events the stream follows.
    fn filter(&self) -> Filter;

    /// The message opening the stream, at `cursor` (as clients see it), if it has one.
    fn snapshot(&mut self, cursor: String) -> Option<Self::Message>;

    /// Whether the watch can make the message for `event` at once; if not, [`prepare`]
    /// (Self::prepare) fetches what it needs first.
    fn is_ready_for(&self, _event: &Event) -> bool {
        true
    }

    /// Fetches what the watch needs to make the message for `stored`. Apart from
    /// [`on_event`](Self::on_event) so that messages are made without a future around them.
    fn prepare(&mut self, _stored: &StoredEvent) -> impl Future<Output = ()> + Send {
        std::future::ready(())
    }

    /// The message for a logged event, whose cursor is `cursor`, or None to pass over it. The
    /// watch takes from `event` what it keeps; what it leaves there (the room of its texts) is
    /// reused for the next event a replay decodes.
    /// `stored_as` is the event as the log stored it, when the watch is replaying it.
    fn on_event(
        &mut self,
        event: &mut Event,
        stored_as: Option<EncodedEvent<'_>>,
        cursor: Cursor<'_>,
    ) -> Option<Self::Message>;

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
///
/// This future is most of an idle stream's memory, so it is written to keep its state small:
/// an `async` block rather than an `async fn` (whose future keeps its arguments twice), and no
/// message or event held across an await (messages are handed over before awaiting, and an
/// event waiting for its watch to prepare waits boxed).
// An async fn's future would keep the arguments twice (see above).
#[allow(clippy::manual_async_fn)]
fn follow<W: Watch>(
    mut watch: W,
    events: Arc<Events>,
    sender: Sender<W::Message>,
    start: u64,
) -> impl Future<Output = ()> + Send {
    async move {
        let filter = watch.filter();
        let kind = filter.kind_label();
        let _open = OpenStream::open(kind);
        let events_sent = metrics()
            .watch
            .events_sent
            .get_or_create_owned(&WatchLabels { kind });
        let log = events.log.clone();
        let opening = watch
            .snapshot(log.cursor_text(start))
            .map(|snapshot| sender.hand(Ok(snapshot)));
        if let Some(handed) = opening {
            handed.await;
            if watch.is_done(start) {
                return;
            }
        }
        let mut follower = Follower::new(events.log.clone(), events.hub.clone(), filter, start);
        // An event the watch must prepare for before it makes its message.
        let mut unprepared: Option<Box<StoredEvent>> = None;
        loop {
            let step = match unprepared.take() {
                Some(stored) => {
                    watch.prepare(&stored).await;
                    Ok(Step::Event(*stored))
                }
                None => follower.next(events.heartbeat).await,
            };
            let (handed, failed) = match react(&mut watch, &*log, step) {
                Reaction::Send(message, of_event) => {
                    if of_event {
                        events_sent.inc();
                    }
                    (Some(sender.hand(Ok(message))), false)
                }
                Reaction::Fail(status) => (Some(sender.hand(Err(status))), true),
                Reaction::Prepare(stored) => {
                    unprepared = Some(stored);
                    continue;
                }
                Reaction::Nothing => (None, false),
            };
            if let Some(handed) = handed {
                handed.await;
            }
            if failed || watch.is_done(follower.cursor()) {
                return;
            }
        }
    }
}

/// A logged event's cursor, written as its message needs it.
struct Cursor<'a> {
    log: &'a dyn EventLog,
    seq: u64,
}

impl Cursor<'_> {
    fn text(&self) -> String {
        self.log.cursor_text(self.seq)
    }

    /// Makes `text` the cursor, in the room it has.
    fn write_over(&self, text: &mut String) {
        text.clear();
        self.log.write_cursor(self.seq, text);
    }
}

/// What a watch does with a step of its follower.
enum Reaction<M> {
    /// Send this message (of an event or not).
    Send(M, bool),
    /// End the stream with this error.
    Fail(Status),
    /// Prepare for this event, then make its message.
    Prepare(Box<StoredEvent>),
    /// Nothing to send.
    Nothing,
}

thread_local! {
    /// Where a replayed event is decoded on this thread: the texts of its kind keep their room
    /// from one event to the next (see `EncodedEvent::decode_into`).
    static DECODED: RefCell<Event> = RefCell::default();
}

/// The reaction of `watch` to `step`. Synchronous, so that nothing of the step is kept across
/// the send loop's awaits.
fn react<W: Watch>(
    watch: &mut W,
    log: &dyn EventLog,
    step: Result<Step<'_>, LogError>,
) -> Reaction<W::Message> {
    let made = |message: Option<W::Message>| match message {
        Some(message) => Reaction::Send(message, true),
        None => Reaction::Nothing,
    };
    match step {
        Err(error) => Reaction::Fail(log_status(error)),
        Ok(Step::Idle { cursor }) => Reaction::Send(watch.on_idle(log.cursor_text(cursor)), false),
        // Seldom anything to fetch first; the event waits boxed meanwhile.
        Ok(Step::Event(stored)) if !watch.is_ready_for(&stored.event) => {
            Reaction::Prepare(Box::new(stored))
        }
        Ok(Step::Event(mut stored)) => {
            let seq = stored.seq;
            made(watch.on_event(&mut stored.event, None, Cursor { log, seq }))
        }
        Ok(Step::Encoded(encoded)) => DECODED.with_borrow_mut(|event| {
            if let Err(error) = encoded.decode_into(event) {
                return Reaction::Fail(log_status(error));
            }
            let seq = encoded.seq;
            if !watch.is_ready_for(event) {
                let event = std::mem::take(event);
                return Reaction::Prepare(Box::new(StoredEvent { seq, event }));
            }
            made(watch.on_event(event, Some(encoded), Cursor { log, seq }))
        }),
        // Nothing to send, but the watch may be done with the replayed history.
        Ok(Step::CaughtUp) => Reaction::Nothing,
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
) -> Result<WatchStream<EncodedWatchTaskResponse>, Status> {
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
    Ok(stream(move |sender| follow(watch, events, sender, start)))
}

/// The task a task event is about.
fn task_of(event: &Event) -> Option<&str> {
    match &event.kind {
        Some(Kind::TaskStatus(e)) => Some(&e.task_id),
        Some(Kind::RecipientStatus(e)) => Some(&e.task_id),
        Some(Kind::Reply(e)) => Some(&e.task_id),
        _ => None,
    }
}

/// `message`, its update unset, encoded with the update the log stored: `kind`, the field of
/// `Event.kind` and its encoded message. The bytes prost writes for the message with that
/// update, or None for a kind that is no task update.
fn with_stored_update(
    message: &WatchTaskResponse,
    kind: (u32, &[u8]),
) -> Option<EncodedWatchTaskResponse> {
    // Field numbers of task.proto's WatchTaskResponse: `cursor`, then the `update` fields that
    // carry events.proto's Event.kind task_status (1), recipient_status (2) and reply (3).
    const CURSOR: u32 = 1;
    let tag = match kind.0 {
        1 => 3,
        2 => 4,
        3 => 5,
        _ => return None,
    };
    let before = if message.cursor.is_empty() {
        0
    } else {
        prost::encoding::string::encoded_len(CURSOR, &message.cursor)
    };
    Some(Encoded::with_field(message, before, tag, kind.1))
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

thread_local! {
    /// The message a task stream fills for each event it sends from this thread: its cursor and
    /// progress keep their room from one event to the next, and a replay allocates nothing of
    /// its own per event.
    static TASK_RESPONSE: RefCell<WatchTaskResponse> = RefCell::default();
}

impl Watch for TaskWatch {
    type Message = EncodedWatchTaskResponse;

    fn filter(&self) -> Filter {
        Filter::Tasks {
            task_id: (!self.task_id.is_empty()).then(|| self.task_id.clone()),
        }
    }

    /// The watched task's snapshot with its progress; the task is tracked from it.
    fn snapshot(&mut self, cursor: String) -> Option<EncodedWatchTaskResponse> {
        let snapshot = self.snapshot.take()?;
        let tracker = TaskTracker::from_snapshot(&snapshot);
        let progress = tracker.progress(&self.task_id);
        self.trackers.insert(self.task_id.clone(), tracker);
        Some(Encoded::of(&WatchTaskResponse {
            cursor,
            update: Some(TaskUpdate::Snapshot(TaskSnapshot::clone(&snapshot))),
            progress: Some(progress),
            ..Default::default()
        }))
    }

    /// A task first seen on an every-task stream (or seen again after it was forgotten) starts
    /// from a snapshot reflecting every event before this one; without one in time, from this
    /// event on.
    fn is_ready_for(&self, event: &Event) -> bool {
        task_of(event).is_none_or(|task| self.trackers.contains(task))
    }

    async fn prepare(&mut self, stored: &StoredEvent) {
        let Some(task) = task_of(&stored.event) else {
            return;
        };
        let reflecting = stored.seq.saturating_sub(1);
        // Boxed: the wait is rare, and inline it would enlarge every idle stream's state.
        let snapshot = Box::pin(task_snapshot(&self.gateway, task, reflecting));
        let tracker = match snapshot.await {
            Ok(snapshot) => TaskTracker::from_snapshot(&snapshot),
            Err(missing) => {
                tracing::debug!(task = %task, ?missing, "no snapshot; progress from events only");
                TaskTracker::default()
            }
        };
        self.trackers.insert(task.to_owned(), tracker);
    }

    /// The message for a stored task event, with the task's progress after it.
    fn on_event(
        &mut self,
        event: &mut Event,
        stored_as: Option<EncodedEvent<'_>>,
        cursor: Cursor<'_>,
    ) -> Option<EncodedWatchTaskResponse> {
        let update = match event.kind.take() {
            Some(Kind::TaskStatus(e)) => TaskUpdate::TaskStatus(e),
            Some(Kind::RecipientStatus(e)) => TaskUpdate::RecipientStatus(e),
            Some(Kind::Reply(e)) => TaskUpdate::Reply(e),
            // The task filter only yields task events.
            other => {
                event.kind = other;
                return None;
            }
        };
        let every_task = self.task_id.is_empty();
        TASK_RESPONSE.with_borrow_mut(|message| {
            let WatchTaskResponse {
                cursor: cursor_text,
                update: slot,
                progress,
                recipient_status_merged,
                received_time,
            } = message;
            let update = &*slot.insert(update);
            let task = match update {
                TaskUpdate::TaskStatus(e) => &e.task_id,
                TaskUpdate::RecipientStatus(e) => &e.task_id,
                TaskUpdate::Reply(e) => &e.task_id,
                _ => return None,
            };
            let progress = progress.get_or_insert_default();
            *recipient_status_merged = self.trackers.apply(task, update, every_task, progress);
            cursor.write_over(cursor_text);
            *received_time = event.received_time;
            // A replayed update is copied as the log stored it, not encoded again.
            let mut update = message.update.take();
            let spliced = stored_as
                .and_then(|stored| stored.kind_field())
                .and_then(|kind| with_stored_update(message, kind));
            let encoded = match spliced {
                Some(encoded) => encoded,
                None => {
                    message.update = update.take();
                    Encoded::of(&*message)
                }
            };
            // Back to the event, whose texts keep their room for the next one decoded into it.
            event.kind = match message.update.take().or(update) {
                Some(TaskUpdate::TaskStatus(e)) => Some(Kind::TaskStatus(e)),
                Some(TaskUpdate::RecipientStatus(e)) => Some(Kind::RecipientStatus(e)),
                Some(TaskUpdate::Reply(e)) => Some(Kind::Reply(e)),
                _ => None,
            };
            Some(encoded)
        })
    }

    fn on_idle(&self, cursor: String) -> EncodedWatchTaskResponse {
        Encoded::of(&WatchTaskResponse {
            cursor,
            update: Some(TaskUpdate::Heartbeat(Heartbeat {})),
            progress: self
                .trackers
                .get(&self.task_id)
                .map(|t| t.progress(&self.task_id)),
            ..Default::default()
        })
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
    Ok(stream(move |sender| {
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

    fn on_event(
        &mut self,
        event: &mut Event,
        _stored_as: Option<EncodedEvent<'_>>,
        cursor: Cursor<'_>,
    ) -> Option<WatchAccountsResponse> {
        let update = match event.kind.take() {
            Some(Kind::AccountStatus(e)) => AccountsUpdate::AccountStatus(e),
            Some(Kind::Registration(e)) => AccountsUpdate::Registration(e),
            Some(Kind::ConnectionStatus(e)) => AccountsUpdate::ConnectionStatus(e),
            Some(Kind::QrLogin(e)) => AccountsUpdate::QrLogin(e),
            Some(Kind::ScanTaskStatus(e)) => AccountsUpdate::ScanTaskStatus(e),
            // The account filter only yields account events.
            _ => return None,
        };
        Some(WatchAccountsResponse {
            cursor: cursor.text(),
            update: Some(update),
            received_time: event.received_time,
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The size of the future `f` returns, without calling it.
    fn future_size<A, B, C, D, R>(_: impl FnOnce(A, B, C, D) -> R) -> usize {
        std::mem::size_of::<R>()
    }

    #[test]
    fn a_replayed_update_copied_as_stored_gives_prost_s_bytes() {
        use prost::Message;

        use crate::events::log::EncodedBatch;

        let time = Some(prost_types::Timestamp {
            seconds: 1_764_500_000,
            nanos: 3,
        });
        let kinds = [
            Kind::TaskStatus(TaskStatusChanged {
                task_id: "T1".into(),
                status: TaskStatus::Completed as i32,
            }),
            Kind::RecipientStatus(RecipientStatusChanged {
                task_id: "T1".into(),
                target: "8613900000001".into(),
                status: RecipientStatus::Read as i32,
                time,
                ..Default::default()
            }),
            Kind::Reply(ReplyReceived {
                task_id: "T1".into(),
                ..Default::default()
            }),
        ];
        for kind in kinds {
            let update = match kind.clone() {
                Kind::TaskStatus(e) => TaskUpdate::TaskStatus(e),
                Kind::RecipientStatus(e) => TaskUpdate::RecipientStatus(e),
                Kind::Reply(e) => TaskUpdate::Reply(e),
                _ => unreachable!(),
            };
            for cursor in ["", "1764500000000-42"] {
                let mut message = WatchTaskResponse {
                    cursor: cursor.into(),
                    update: Some(update.clone()),
                    progress: Some(TaskProgress {
                        task_id: "T1".into(),
                        total: 1,
                        ..Default::default()
                    }),
                    recipient_status_merged: RecipientStatus::Read as i32,
                    received_time: time,
                };
                let whole = Encoded::of(&message);
                let event = Event {
                    kind: Some(kind.clone()),
                    received_time: time,
                };
                let mut batch = EncodedBatch::default();
                batch.push(42, &event.encode_to_vec());
                let stored = batch.get(0).unwrap().kind_field().expect("one kind field");
                message.update = None;
                let spliced = with_stored_update(&message, stored).expect("a task update");
                assert_eq!(spliced.as_bytes(), whole.as_bytes(), "{kind:?}, {cursor:?}");
            }
        }
        // An encoding with the kind twice (prost merges them) is not copied.
        let mut batch = EncodedBatch::default();
        let twice = Event {
            kind: Some(Kind::TaskStatus(TaskStatusChanged::default())),
            received_time: None,
        }
        .encode_to_vec()
        .repeat(2);
        batch.push(1, &twice);
        assert!(batch.get(0).unwrap().kind_field().is_none());
    }

    #[test]
    fn an_idle_stream_state_stays_small() {
        // The send loop's future is what an open stream holds between messages (boxed once);
        // 10,000 idle watchers should not each keep kilobytes of room for a message or an
        // event (it was 2.7 KiB with both kept across awaits and the arguments twice).
        for (watch, size) in [
            ("task", future_size(follow::<TaskWatch>)),
            ("accounts", future_size(follow::<AccountsWatch>)),
        ] {
            assert!(size <= 768, "a {watch} stream's state takes {size} bytes");
        }
    }
}
