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

/// What the hub keeps of one subscriber: its queue, and where it is indexed.
struct Subscriber {
    feeding: Feeding,
    keys: Keys,
}

/// One index key: a stream and a key of it (a task id, a phone), or `None` for every key of the
/// stream. The key's text is shared with the index.
type Key = (Stream, Option<Arc<str>>);

/// Where a subscriber is indexed. A subscriber with one key (nearly all) keeps it inline: an
/// idle watch costs the hub a few dozen bytes beside its queue and its key's text.
enum Keys {
    One([Key; 1]),
    Many(Box<[Key]>),
}

impl Keys {
    /// Where `filter` is indexed; its texts move into the keys.
    fn of(filter: Filter) -> Self {
        match filter {
            Filter::Tasks { task_id } => Self::One([(Stream::Tasks, task_id.map(Arc::from))]),
            Filter::Accounts { phones } if phones.is_empty() => {
                Self::One([(Stream::Accounts, None)])
            }
            Filter::Accounts { mut phones } if phones.len() == 1 => {
                Self::One([(Stream::Accounts, phones.pop().map(Arc::from))])
            }
            Filter::Accounts { phones } => Self::Many(
                phones
                    .into_iter()
                    .map(|phone| (Stream::Accounts, Some(Arc::from(phone))))
                    .collect(),
            ),
            Filter::All => Self::Many(Box::new([(Stream::Tasks, None), (Stream::Accounts, None)])),
        }
    }

    fn iter(&self) -> std::slice::Iter<'_, Key> {
        match self {
            Self::One(key) => key.iter(),
            Self::Many(keys) => keys.iter(),
        }
    }
}

/// The subscribers of one key: nearly always one, kept inline.
enum Ids {
    One(u64),
    // Boxed: a set inline would triple every key's entry in the index.
    #[allow(clippy::box_collection)]
    Many(Box<HashSet<u64>>),
}

impl Ids {
    fn insert(&mut self, id: u64) {
        match self {
            Self::One(first) => *self = Self::Many(Box::new(HashSet::from([*first, id]))),
            Self::Many(ids) => {
                ids.insert(id);
            }
        }
    }

    /// Removes `id`; true when no subscriber is left.
    fn remove(&mut self, id: u64) -> bool {
        match self {
            Self::One(only) => *only == id,
            Self::Many(ids) => {
                ids.remove(&id);
                let mut left = ids.iter().copied();
                match (left.next(), left.next()) {
                    (None, _) => true,
                    // Inline again.
                    (Some(last), None) => {
                        *self = Self::One(last);
                        false
                    }
                    (Some(_), Some(_)) => false,
                }
            }
        }
    }

    fn iter(&self) -> impl Iterator<Item = u64> + '_ {
        let (one, many) = match self {
            Self::One(id) => (Some(*id), None),
            Self::Many(ids) => (None, Some(ids.iter().copied())),
        };
        one.into_iter().chain(many.into_iter().flatten())
    }
}

#[derive(Default)]
struct Subscribers {
    next_id: u64,
    senders: HashMap<u64, Subscriber>,
    /// Subscribers by stream, then key.
    by_key: HashMap<Stream, HashMap<Arc<str>, Ids>>,
    /// Subscribers of every key of a stream.
    everything: HashMap<Stream, HashSet<u64>>,
}

impl Subscribers {
    /// Registers `feeding` as a subscriber of the events `filter` matches; returns its id.
    fn add(&mut self, filter: Filter, feeding: Feeding) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        let keys = Keys::of(filter);
        for (stream, key) in keys.iter() {
            match key {
                Some(key) => {
                    let keyed = self.by_key.entry(*stream).or_default();
                    match keyed.get_mut(&**key) {
                        Some(ids) => ids.insert(id),
                        None => {
                            keyed.insert(key.clone(), Ids::One(id));
                        }
                    }
                }
                None => {
                    self.everything.entry(*stream).or_default().insert(id);
                }
            }
        }
        self.senders.insert(id, Subscriber { feeding, keys });
        id
    }

    fn remove(&mut self, id: u64) {
        let Some(subscriber) = self.senders.remove(&id) else {
            return;
        };
        for (stream, key) in subscriber.keys.iter() {
            match key {
                Some(key) => {
                    let Some(keyed) = self.by_key.get_mut(stream) else {
                        continue;
                    };
                    if keyed.get_mut(&**key).is_some_and(|ids| ids.remove(id)) {
                        keyed.remove(&**key);
                    }
                }
                None => {
                    if let Some(ids) = self.everything.get_mut(stream) {
                        ids.remove(&id);
                    }
                }
            }
        }
    }

    /// Ids of the subscribers an event concerns.
    fn targets(&self, stream: Stream, key: &str) -> Vec<u64> {
        let keyed = self
            .by_key
            .get(&stream)
            .and_then(|keyed| keyed.get(key))
            .into_iter()
            .flat_map(Ids::iter);
        let all = self.everything.get(&stream).into_iter().flatten().copied();
        keyed.chain(all).collect()
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

fn dispatch(subscribers: &mut Subscribers, event: Arc<StoredEvent>) {
    let (stream, key) = stream_key(&event.event);
    for id in subscribers.targets(stream, &key) {
        let Some(subscriber) = subscribers.senders.get(&id) else {
            continue;
        };
        if !subscriber.feeding.push(event.clone()) {
            // Full (lagging) or closed (gone): never wait; a lagging subscriber catches up
            // from the log after it sees its channel close.
            subscribers.remove(id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subscribe(subscribers: &mut Subscribers, filter: Filter) -> (u64, Feed) {
        let (feeding, feed) = Feeding::new(4);
        (subscribers.add(filter, feeding), feed)
    }

    fn task(id: &str) -> Filter {
        Filter::Tasks {
            task_id: Some(id.into()),
        }
    }

    fn sorted(mut ids: Vec<u64>) -> Vec<u64> {
        ids.sort_unstable();
        ids
    }

    #[test]
    fn subscribers_are_found_by_key_and_leave_nothing_behind() {
        let mut subscribers = Subscribers::default();
        let (a, _a) = subscribe(&mut subscribers, task("T1"));
        let (b, _b) = subscribe(&mut subscribers, task("T1"));
        let (c, _c) = subscribe(&mut subscribers, task("T2"));
        let (every, _every) = subscribe(&mut subscribers, Filter::Tasks { task_id: None });
        let phones = Filter::Accounts {
            phones: vec!["111".into(), "222".into()],
        };
        let (p, _p) = subscribe(&mut subscribers, phones);
        let (all, _all) = subscribe(&mut subscribers, Filter::All);

        assert_eq!(
            sorted(subscribers.targets(Stream::Tasks, "T1")),
            vec![a, b, every, all]
        );
        assert_eq!(
            sorted(subscribers.targets(Stream::Tasks, "T2")),
            vec![c, every, all]
        );
        assert_eq!(
            sorted(subscribers.targets(Stream::Accounts, "222")),
            vec![p, all]
        );
        // A phone that is also a task id is not the task.
        assert_eq!(subscribers.targets(Stream::Accounts, "T1"), vec![all]);

        subscribers.remove(a);
        assert_eq!(
            sorted(subscribers.targets(Stream::Tasks, "T1")),
            vec![b, every, all]
        );
        // Removing twice changes nothing.
        subscribers.remove(a);
        for id in [b, c, every, p, all] {
            subscribers.remove(id);
        }
        assert!(subscribers.senders.is_empty());
        assert!(subscribers.by_key.values().all(HashMap::is_empty));
        assert!(subscribers.everything.values().all(HashSet::is_empty));
        assert!(subscribers.targets(Stream::Tasks, "T1").is_empty());
    }
}
