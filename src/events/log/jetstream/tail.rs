//! This replica's tail of the events stream: ONE ordered consumer, however many watchers the
//! replica serves (the hub fans its events out in memory), keeping the most recent events in a
//! bounded ring. Reads of recent events come from the ring, in the stream's order and with no
//! server round trip; `latest` moves as the tail does, which is what wakes the hub.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_nats::jetstream::consumer::{pull::OrderedConfig, DeliverPolicy};
use tokio::sync::watch;

use super::streams::EVENTS_STREAM;
use super::{message, read, subjects, Shared};
use crate::events::log::{Filter, StoredEvent};

/// Events the ring keeps: a few seconds of a heavy campaign, a few MiB of memory.
const RING_EVENTS: usize = 16_384;
/// Pause before the tail consumer is created again after it failed.
const RECREATE_PAUSE: Duration = Duration::from_millis(250);

/// The most recent events, with every event whose seq is in `floor+1 ..= top` present.
#[derive(Debug)]
struct Ring {
    events: VecDeque<Arc<StoredEvent>>,
    /// Events at or below this seq are not in the ring.
    floor: u64,
    /// The last seq the tail has seen (an event's, or the stream's end at start).
    top: u64,
}

#[derive(Debug)]
struct Inner {
    ring: Mutex<Ring>,
    latest: watch::Sender<u64>,
    /// The highest seq this replica knows was stored: the tail's top or its own writes.
    known: AtomicU64,
    /// Whether the tail is consuming (false while it cannot reach the stream).
    following: AtomicBool,
}

/// Handle to the tail; the task stops when the last handle is dropped.
#[derive(Debug, Clone)]
pub(super) struct Tail {
    inner: Arc<Inner>,
    _task: Arc<AbortOnDrop>,
}

#[derive(Debug)]
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

impl Tail {
    /// Starts following the events stored after message `last_sequence` (the stream's end
    /// now).
    pub(super) fn start(shared: Arc<Shared>, last_sequence: u64) -> Self {
        let last_seq = message::end_of(last_sequence);
        let inner = Arc::new(Inner {
            ring: Mutex::new(Ring {
                events: VecDeque::new(),
                floor: last_seq,
                top: last_seq,
            }),
            latest: watch::channel(last_seq).0,
            known: AtomicU64::new(last_seq),
            following: AtomicBool::new(false),
        });
        let task = tokio::spawn(follow(shared, Arc::downgrade(&inner)));
        Self {
            inner,
            _task: Arc::new(AbortOnDrop(task)),
        }
    }

    /// Notes a seq this replica wrote.
    pub(super) fn written(&self, seq: u64) {
        self.inner.known.fetch_max(seq, Ordering::Relaxed);
    }

    /// The highest seq this replica knows to be stored.
    pub(super) fn known_latest(&self) -> u64 {
        self.inner.known.load(Ordering::Relaxed)
    }

    /// The tail's position, updated as it moves.
    pub(super) fn latest(&self) -> watch::Receiver<u64> {
        self.inner.latest.subscribe()
    }

    /// Whether the tail is following the stream now.
    pub(super) fn following(&self) -> bool {
        self.inner.following.load(Ordering::Relaxed)
    }

    /// Waits up to `wait` for the tail to reach `seq`; whether it did.
    pub(super) async fn reach(&self, seq: u64, wait: Duration) -> bool {
        let mut latest = self.latest();
        tokio::time::timeout(wait, latest.wait_for(|top| *top >= seq))
            .await
            .is_ok_and(|reached| reached.is_ok())
    }

    /// The ring's floor, and the events matching `filter` with seq above `after` (and above
    /// the floor), at most `limit`, in order.
    pub(super) fn recent(
        &self,
        after: u64,
        filter: &Filter,
        limit: usize,
    ) -> (u64, Vec<StoredEvent>) {
        let ring = self.inner.ring.lock().expect("tail ring lock");
        let start = ring.events.partition_point(|e| e.seq <= after);
        let events = ring
            .events
            .range(start..)
            .filter(|e| super::read::matches(filter, &e.event))
            .take(limit)
            .map(|e| StoredEvent::clone(e))
            .collect();
        (ring.floor, events)
    }
}

/// The tail's loop: an ordered consumer from the ring's top on, created again whenever it
/// fails (the link dropped, the stream leader changed), for as long as the log is open.
async fn follow(shared: Arc<Shared>, inner: std::sync::Weak<Inner>) {
    loop {
        let Some(from) = inner
            .upgrade()
            .map(|i| i.ring.lock().expect("tail ring lock").top)
        else {
            return;
        };
        match consume(&shared, &inner, from).await {
            Ok(()) => return,
            Err(error) => {
                if let Some(inner) = inner.upgrade() {
                    if inner.following.swap(false, Ordering::Relaxed) {
                        tracing::warn!(%error, "the event tail lost the stream; following again");
                    }
                }
                tokio::time::sleep(RECREATE_PAUSE).await;
            }
        }
    }
}

/// Consumes until an error, or until the log is gone (Ok).
async fn consume(
    shared: &Shared,
    inner: &std::sync::Weak<Inner>,
    after: u64,
) -> Result<(), String> {
    let stream = shared
        .jetstream
        .get_stream_no_info(EVENTS_STREAM)
        .await
        .map_err(|e| e.to_string())?;
    let consumer = stream
        .create_consumer(OrderedConfig {
            filter_subject: subjects::ALL_EVENTS.to_owned(),
            deliver_policy: DeliverPolicy::ByStartSequence {
                start_sequence: message::first_message_after(after),
            },
            ..Default::default()
        })
        .await
        .map_err(|e| e.to_string())?;
    let mut messages = consumer.messages().await.map_err(|e| e.to_string())?;
    match inner.upgrade() {
        Some(inner) => inner.following.store(true, Ordering::Relaxed),
        None => return Ok(()),
    }
    let all = [subjects::ALL_EVENTS];
    loop {
        let next = match inner.upgrade() {
            Some(inner) => {
                message::first_message_after(inner.ring.lock().expect("tail ring lock").top)
            }
            None => return Ok(()),
        };
        let Some(message) =
            read::next_or_stalled(shared, &mut messages, EVENTS_STREAM, &all, next).await?
        else {
            break;
        };
        let sequence = message.info().map_err(|e| e.to_string())?.stream_sequence;
        let Some(inner) = inner.upgrade() else {
            return Ok(());
        };
        let events = match message::decode(sequence, message.payload.as_ref()) {
            Ok(events) => events,
            Err(error) => {
                // Written by something else than a gateway: it cannot be delivered, and it must
                // not stop the tail.
                tracing::error!(sequence, %error, "a message of the events stream cannot be decoded; skipped");
                Vec::new()
            }
        };
        let top = message::end_of(sequence);
        {
            let mut ring = inner.ring.lock().expect("tail ring lock");
            if top <= ring.top {
                continue;
            }
            ring.events.extend(events.into_iter().map(Arc::new));
            ring.top = top;
            while ring.events.len() > RING_EVENTS {
                if let Some(oldest) = ring.events.pop_front() {
                    ring.floor = oldest.seq;
                }
            }
        }
        inner.known.fetch_max(top, Ordering::Relaxed);
        inner.latest.send_replace(top);
    }
    Err("the tail consumer ended".to_owned())
}
