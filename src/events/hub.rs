//! Fan-out of new log entries to watchers. One task reads each newly committed batch from the log
//! once and routes every event to the subscribers of its task or phone (and to the every-task /
//! every-account subscribers), so the work per event is proportional to the watchers it
//! concerns, not to all of them. Every subscriber has a bounded channel: a full one is dropped
//! from the hub instead of awaited, so a slow watcher never delays ingest or other watchers; the
//! dropped watcher notices its channel closed and catches up from the log (see `follow`).
//! A registration lasts as long as its `Subscription`: dropping it (the stream ended, whatever
//! the reason) tells the hub to forget it, so finished watches leave nothing behind.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Poll, Waker};

use tokio::sync::{mpsc, oneshot};

use super::log::{EventLog, Filter, StoredEvent};
use super::{stream_key, Stream};

/// Events one hub read takes from the log.
const READ_BATCH: usize = 1024;

/// A registration: events with seq > `from` reach `events`, in order, until the hub drops it
/// or this is dropped.
#[derive(Debug)]
pub struct Subscription {
    /// Seq the hub had routed up to when it registered: events up to it are read from the log.
    pub from: u64,
    /// Events after `from`, in order; closed when the hub dropped the subscriber for lagging.
    pub events: Feed,
    /// Unregisters on drop.
    _registration: Registration,
}

/// Removes its registration from the hub when dropped. The command is queued, never awaited:
/// dropping costs one message however busy the hub is, and at most one per registration.
#[derive(Debug)]
struct Registration {
    id: u64,
    commands: mpsc::UnboundedSender<Command>,
}

impl Drop for Registration {
    fn drop(&mut self) {
        // Fails only once the hub has stopped, and then there is nothing to remove.
        let _ = self.commands.send(Command::Unsubscribe(self.id));
    }
}

enum Command {
    Subscribe {
        filter: Filter,
        capacity: usize,
        reply: oneshot::Sender<Subscription>,
    },
    Unsubscribe(u64),
}

/// Handle to the fan-out task.
#[derive(Clone, Debug)]
pub struct Hub {
    commands: mpsc::UnboundedSender<Command>,
    registrations: Arc<AtomicUsize>,
    /// Seq the hub has fanned out up to.
    routed: Arc<AtomicU64>,
}

impl Hub {
    /// Starts the fan-out task over `log`.
    pub fn start(log: Arc<dyn EventLog>) -> Self {
        let (commands, requests) = mpsc::unbounded_channel();
        let registrations = Arc::new(AtomicUsize::new(0));
        let latest = log.latest();
        // Where the task starts: nothing committed before it is owed to anyone.
        let routed = Arc::new(AtomicU64::new(*latest.borrow()));
        // Weak, so that the task ends once every handle and registration is gone.
        let own_commands = commands.downgrade();
        let counters = Counters {
            registrations: registrations.clone(),
            routed: routed.clone(),
        };
        tokio::spawn(run(log, latest, requests, own_commands, counters));
        Self {
            commands,
            registrations,
            routed,
        }
    }

    /// Registers a subscriber; None once the hub has stopped.
    pub async fn subscribe(&self, filter: Filter, capacity: usize) -> Option<Subscription> {
        let (reply, answer) = oneshot::channel();
        self.commands
            .send(Command::Subscribe {
                filter,
                capacity,
                reply,
            })
            .ok()?;
        answer.await.ok()
    }

    /// Subscribers registered now: one per live watch stream (fewer while some catch up from
    /// the log). A cheap gauge, for tests and metrics.
    pub fn registrations(&self) -> usize {
        self.registrations.load(Ordering::Relaxed)
    }

    /// Seq the hub has fanned out up to: every event up to it has reached the subscribers it
    /// concerns (or dropped them for lagging).
    pub fn routed(&self) -> u64 {
        self.routed.load(Ordering::Relaxed)
    }
}

/// What the fan-out task tells its handles, as atomics: updated once per round, never per event.
struct Counters {
    registrations: Arc<AtomicUsize>,
    routed: Arc<AtomicU64>,
}

/// One subscriber's bounded queue of events from the hub. Lighter than a Tokio channel (whose
/// cache-padded state and first block cost about 800 bytes before any event): an idle
/// subscriber's queue is one small allocation, and its buffer, grown by a burst, is freed
/// once drained.
#[derive(Debug)]
pub struct Feed(Arc<Mutex<Queue>>);

#[derive(Debug, Default)]
struct Queue {
    events: VecDeque<Arc<StoredEvent>>,
    /// The subscriber's task, waiting for an event.
    waiting: Option<Waker>,
    /// The hub let go of this subscriber: no event will follow those queued.
    closed: bool,
}

/// Capacity a drained queue keeps; a larger buffer (from a burst) is freed.
const FEED_KEEP: usize = 16;

impl Feed {
    /// The next event; None once the hub dropped the subscriber (lagging, or the hub stopped)
    /// and the events queued before have been taken.
    pub async fn recv(&mut self) -> Option<Arc<StoredEvent>> {
        std::future::poll_fn(|cx| {
            let mut queue = self.0.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some(event) = queue.events.pop_front() {
                if queue.events.is_empty() && queue.events.capacity() > FEED_KEEP {
                    queue.events = VecDeque::new();
                }
                return Poll::Ready(Some(event));
            }
            if queue.closed {
                return Poll::Ready(None);
            }
            queue.waiting = Some(cx.waker().clone());
            Poll::Pending
        })
        .await
    }
}

/// The hub's end of a [`Feed`], holding at most `capacity` events; dropping it closes the feed.
struct Feeding {
    queue: Arc<Mutex<Queue>>,
    capacity: usize,
}

impl Feeding {
    fn new(capacity: usize) -> (Self, Feed) {
        let queue = Arc::new(Mutex::new(Queue::default()));
        let feeding = Self {
            queue: queue.clone(),
            capacity: capacity.max(1),
        };
        (feeding, Feed(queue))
    }

    /// Queues `event`; false when the queue is full (the subscriber lags) or its subscriber is
    /// gone.
    fn push(&self, event: Arc<StoredEvent>) -> bool {
        if Arc::strong_count(&self.queue) == 1 {
            return false;
        }
        let waiting = {
            let mut queue = self.queue.lock().unwrap_or_else(PoisonError::into_inner);
            if queue.events.len() >= self.capacity {
                return false;
            }
            queue.events.push_back(event);
            queue.waiting.take()
        };
        if let Some(waker) = waiting {
            waker.wake();
        }
        true
    }
}

impl Drop for Feeding {
    fn drop(&mut self) {
        let waiting = {
            let mut queue = self.queue.lock().unwrap_or_else(PoisonError::into_inner);
            queue.closed = true;
            queue.waiting.take()
        };
        if let Some(waker) = waiting {
            waker.wake();
        }
    }
}

#[derive(Default)]
struct Subscribers {
    next_id: u64,
    senders: HashMap<u64, (Filter, Feeding)>,
    by_key: HashMap<(Stream, String), HashSet<u64>>,
    everything: HashMap<Stream, HashSet<u64>>,
}

impl Subscribers {
    /// Registers `sender`; returns its id.
    fn add(&mut self, filter: Filter, sender: Feeding) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        for key in index_keys(&filter) {
            self.slot(key).insert(id);
        }
        self.senders.insert(id, (filter, sender));
        id
    }

    fn remove(&mut self, id: u64) {
        let Some((filter, _)) = self.senders.remove(&id) else {
            return;
        };
        for key in index_keys(&filter) {
            match key {
                (stream, Some(key)) => {
                    let slot = (stream, key);
                    if let Some(ids) = self.by_key.get_mut(&slot) {
                        ids.remove(&id);
                        if ids.is_empty() {
                            self.by_key.remove(&slot);
                        }
                    }
                }
                (stream, None) => {
                    if let Some(ids) = self.everything.get_mut(&stream) {
                        ids.remove(&id);
                    }
                }
            }
        }
    }

    fn slot(&mut self, key: (Stream, Option<String>)) -> &mut HashSet<u64> {
        match key {
            (stream, Some(key)) => self.by_key.entry((stream, key)).or_default(),
            (stream, None) => self.everything.entry(stream).or_default(),
        }
    }

    /// Ids of the subscribers an event concerns.
    fn targets(&self, stream: Stream, key: &str) -> Vec<u64> {
        let keyed = self
            .by_key
            .get(&(stream, key.to_owned()))
            .into_iter()
            .flatten();
        let all = self.everything.get(&stream).into_iter().flatten();
        keyed.chain(all).copied().collect()
    }
}

async fn run(
    log: Arc<dyn EventLog>,
    mut latest: tokio::sync::watch::Receiver<u64>,
    mut requests: mpsc::UnboundedReceiver<Command>,
    own_commands: mpsc::WeakUnboundedSender<Command>,
    counters: Counters,
) {
    let mut cursor = *latest.borrow_and_update();
    counters.routed.store(cursor, Ordering::Relaxed);
    let mut subscribers = Subscribers::default();
    loop {
        tokio::select! {
            request = requests.recv() => match request {
                None => return,
                Some(Command::Subscribe { filter, capacity, reply }) => {
                    // Upgrades while the requester's handle or any registration lives.
                    let Some(commands) = own_commands.upgrade() else { return };
                    let (sender, events) = Feeding::new(capacity);
                    let id = subscribers.add(filter, sender);
                    let registration = Registration { id, commands };
                    // Everything up to `cursor` has been routed already: the subscriber reads
                    // it from the log, and gets the rest from the channel. Should the caller
                    // have gone meanwhile, the unanswered subscription unregisters on drop.
                    let _ = reply.send(Subscription { from: cursor, events, _registration: registration });
                }
                Some(Command::Unsubscribe(id)) => subscribers.remove(id),
            },
            changed = latest.changed() => {
                if changed.is_err() {
                    return;
                }
                let target = *latest.borrow_and_update();
                while cursor < target {
                    let batch = match log.read_after(cursor, &Filter::All, READ_BATCH).await {
                        Ok(batch) => batch,
                        Err(error) => {
                            // Subscribers catch up from the log themselves once dropped.
                            tracing::error!(%error, "hub cannot read the event log; dropping subscribers");
                            subscribers = Subscribers { next_id: subscribers.next_id, ..Default::default() };
                            break;
                        }
                    };
                    let Some(last) = batch.last().map(|e| e.seq) else {
                        cursor = target;
                        break;
                    };
                    for event in batch {
                        dispatch(&mut subscribers, Arc::new(event));
                    }
                    cursor = last;
                }
            }
        }
        counters
            .registrations
            .store(subscribers.senders.len(), Ordering::Relaxed);
        counters.routed.store(cursor, Ordering::Relaxed);
    }
}

/// Where a filter is indexed: (stream, Some(key)) for keyed filters, (stream, None) for
/// every-task / every-account filters.
fn index_keys(filter: &Filter) -> Vec<(Stream, Option<String>)> {
    match filter {
        Filter::Tasks { task_id: Some(id) } => vec![(Stream::Tasks, Some(id.clone()))],
        Filter::Tasks { task_id: None } => vec![(Stream::Tasks, None)],
        Filter::Accounts { phones } if phones.is_empty() => vec![(Stream::Accounts, None)],
        Filter::Accounts { phones } => phones
            .iter()
            .map(|p| (Stream::Accounts, Some(p.clone())))
            .collect(),
        Filter::All => vec![(Stream::Tasks, None), (Stream::Accounts, None)],
    }
}

fn dispatch(subscribers: &mut Subscribers, event: Arc<StoredEvent>) {
    let (stream, key) = stream_key(&event.event);
    for id in subscribers.targets(stream, &key) {
        let Some((_, sender)) = subscribers.senders.get(&id) else {
            continue;
        };
        if !sender.push(event.clone()) {
            // Full (lagging) or closed (gone): never wait; a lagging subscriber catches up
            // from the log after it sees its channel close.
            subscribers.remove(id);
        }
    }
}
