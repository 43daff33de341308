//! One watcher's ordered, gap-free view of the log from a cursor on: catch-up reads from the log,
//! then live events from the hub, and back to the log whenever the hub drops it for lagging.

use std::sync::Arc;
use std::time::Duration;

use prometheus_client::metrics::counter::Counter;
use tokio::task::JoinHandle;

use super::hub::{Hub, Subscription};
use super::log::{EncodedBatch, EncodedEvent, EventLog, Filter, LogError, StoredEvent};
use crate::observe::metrics::metrics;
use crate::observe::metrics::watch::WatchLabels;

/// Events one catch-up read takes from the log. A catching-up follower holds at most two such
/// batches (about 100 KiB each): the one it yields from and the next, read meanwhile. Each read
/// hops to the blocking pool and back, waking threads: from 512, 1024 about halved a replay's
/// context switches and took some 6 % off its CPU; 2048 would take a little more at twice the
/// memory per replaying stream.
const CATCH_UP_BATCH: usize = 1024;
/// Capacity of a watcher's channel from the hub: how far it may fall behind live before it is
/// dropped and catches up from the log instead.
pub const LIVE_CAPACITY: usize = 1024;

/// What `Follower::next` yields.
#[derive(Debug)]
pub enum Step<'a> {
    /// The next matching event, live: the follower's own copy, so the watch can move its fields
    /// into its message (a live event shared with other watchers is copied only then).
    Event(StoredEvent),
    /// The next matching event, caught up from the log: as stored, to be decoded by the watch.
    Encoded(EncodedEvent<'a>),
    /// Nothing arrived for the idle interval.
    Idle {
        /// Where the follower still is.
        cursor: u64,
    },
    /// The catch-up from the log reached the live feed: every matching event up to the cursor
    /// has been yielded. A stream that ends once its task is final checks here, instead of
    /// waiting for a later event or the next heartbeat.
    CaughtUp,
}

/// One watch's reader of the log and the hub: yields every matching event after its cursor, in seq
/// order, once.
#[derive(Debug)]
pub struct Follower {
    log: Arc<dyn EventLog>,
    hub: Hub,
    filter: Filter,
    /// Seq of the last event yielded, or the starting cursor.
    cursor: u64,
    /// The catch-up from the log under way; none once live.
    catch_up: Option<Box<CatchUp>>,
    /// Live registration: events up to its `from` come from the log, later ones from its
    /// channel. Dropping the follower (its stream ended) unregisters it from the hub.
    live: Option<Subscription>,
    /// Where the catch-up from the log ends for the live registration: its `from`, or the log's
    /// latest seq when the hub had not routed that far yet (so a replay knows it has caught up
    /// with what the log held, not with what the hub had read).
    catch_up_to: u64,
    /// Dropped by the hub for lagging, and not yet back on the live feed.
    detached: bool,
    /// Counts detaching (its kind's `wadispatch_watch_detached_total`).
    detaches: Counter,
    /// Counts rejoining the live feed after a detach (`wadispatch_watch_caught_up_total`).
    rejoins: Counter,
}

impl Follower {
    /// A follower of the events matching `filter` with seq above `after`; it reads nothing until
    /// [`next`](Self::next).
    pub fn new(log: Arc<dyn EventLog>, hub: Hub, filter: Filter, after: u64) -> Self {
        let labels = WatchLabels {
            kind: filter.kind_label(),
        };
        let watch = &metrics().watch;
        Self {
            log,
            hub,
            cursor: after,
            catch_up: None,
            live: None,
            catch_up_to: 0,
            detached: false,
            detaches: watch.detached.get_or_create_owned(&labels),
            rejoins: watch.caught_up.get_or_create_owned(&labels),
            filter,
        }
    }

    /// Seq of the last event yielded (or the starting cursor).
    pub fn cursor(&self) -> u64 {
        self.cursor
    }

    /// The next matching event with seq > cursor, in order; Idle after `idle` without one.
    pub async fn next(&mut self, idle: Duration) -> Result<Step<'_>, LogError> {
        loop {
            let pending = self.catch_up.as_ref();
            if pending.is_some_and(|c| c.yielded < c.backlog.len()) {
                let catch_up = self
                    .catch_up
                    .as_deref_mut()
                    .expect("a catch-up checked above");
                catch_up.yielded += 1;
                let event = catch_up
                    .backlog
                    .get(catch_up.yielded - 1)
                    .expect("an index below the length");
                self.cursor = event.seq;
                return Ok(Step::Encoded(event));
            }
            if let Some(catch_up) = self.catch_up.as_deref_mut() {
                if catch_up.yielded > 0 {
                    // Drained: its room goes to the next read but one.
                    catch_up.spare = std::mem::take(&mut catch_up.backlog);
                    catch_up.yielded = 0;
                }
            }
            let Some(live) = &self.live else {
                let Some(subscription) =
                    self.hub.subscribe(self.filter.clone(), LIVE_CAPACITY).await
                else {
                    return Err(LogError::Closed);
                };
                self.catch_up_to = subscription.from.max(*self.log.latest().borrow());
                self.live = Some(subscription);
                continue;
            };
            let until = self.catch_up_to.max(live.from);
            if self.cursor < until {
                let catch_up = self.catch_up.get_or_insert_default();
                let mut batch = match catch_up.ahead.take() {
                    Some(ahead) if ahead.after == self.cursor => ahead.read().await?,
                    _ => {
                        let room = std::mem::take(&mut catch_up.spare);
                        self.log
                            .read_encoded_after(self.cursor, &self.filter, CATCH_UP_BATCH, room)
                            .await?
                    }
                };
                // The log holds nothing more up to `until` when the read came back short or
                // already reached past it.
                let reached = batch.len() < CATCH_UP_BATCH
                    || batch.last_seq().is_some_and(|seq| seq >= until);
                batch.truncate_after(until);
                if reached {
                    if batch.is_empty() {
                        // Live events take over from here.
                        self.cursor = until;
                        return Ok(Step::CaughtUp);
                    }
                } else if let Some(last) = batch.last_seq() {
                    // Read the next batch on the blocking pool while this one is sent.
                    let room = std::mem::take(&mut catch_up.spare);
                    catch_up.ahead = Some(ReadAhead::start(&self.log, &self.filter, last, room));
                }
                catch_up.backlog = batch;
                continue;
            }
            // Live: a replay's batches are not kept.
            self.catch_up = None;
            if self.detached {
                // Caught up with the new registration: live again.
                self.detached = false;
                self.rejoins.inc();
            }
            let live = self.live.as_mut().expect("live registration checked above");
            tokio::select! {
                event = live.events.recv() => match event {
                    Some(event) if event.seq > self.cursor => {
                        self.cursor = event.seq;
                        return Ok(Step::Event(Arc::unwrap_or_clone(event)));
                    }
                    // Already yielded from the log.
                    Some(_) => {}
                    // Dropped by the hub for lagging (or the hub stopped): catch up again.
                    None => {
                        self.live = None;
                        self.detached = true;
                        self.detaches.inc();
                    }
                },
                () = tokio::time::sleep(idle) => {
                    // A quiet feed is only worth a heartbeat if it is still fed.
                    self.log.available()?;
                    return Ok(Step::Idle { cursor: self.cursor });
                }
            }
        }
    }
}

/// A catch-up from the log under way: boxed in the follower, so that a live one holds a
/// pointer rather than room for batches.
#[derive(Debug, Default)]
struct CatchUp {
    /// Events read from the log; those from `yielded` on are still to be yielded.
    backlog: EncodedBatch,
    yielded: usize,
    /// The room of the last batch drained, which the read after the next fills: a catch-up
    /// allocates its two batches once (freeing a batch this large made glibc consolidate its
    /// free chunks each time).
    spare: EncodedBatch,
    /// The read after the backlog, under way while the backlog is yielded.
    ahead: Option<ReadAhead>,
}

/// A catch-up read running ahead of the follower: the batch after `after`. Dropped unused (the
/// follower went away or read elsewhere), it is cancelled.
#[derive(Debug)]
struct ReadAhead {
    after: u64,
    read: JoinHandle<Result<EncodedBatch, LogError>>,
}

impl ReadAhead {
    fn start(log: &Arc<dyn EventLog>, filter: &Filter, after: u64, room: EncodedBatch) -> Self {
        let (log, filter) = (log.clone(), filter.clone());
        let read = tokio::spawn(async move {
            log.read_encoded_after(after, &filter, CATCH_UP_BATCH, room)
                .await
        });
        Self { after, read }
    }

    async fn read(mut self) -> Result<EncodedBatch, LogError> {
        (&mut self.read)
            .await
            .map_err(|failed| LogError::ReadTask(failed.to_string()))?
    }
}

impl Drop for ReadAhead {
    fn drop(&mut self) {
        // A no-op once the read has been awaited.
        self.read.abort();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::log::{LogSettings, NewEvent, SqliteLog};
    use crate::proto::v1::event::Kind;
    use crate::proto::v1::{Event, TaskStatusChanged};

    /// Idle time of the follower's steps: a live follower with nothing to yield answers Idle.
    const IDLE: Duration = Duration::from_millis(10);

    fn task_event(n: usize) -> NewEvent {
        NewEvent {
            event: Event {
                kind: Some(Kind::TaskStatus(TaskStatusChanged {
                    task_id: format!("T{n}"),
                    ..Default::default()
                })),
                received_time: None,
            },
        }
    }

    /// The detach and rejoin counters of every-event followers, which only this test makes.
    fn counted() -> (u64, u64) {
        let labels = WatchLabels { kind: "all" };
        let watch = &metrics().watch;
        let detached = watch.detached.get_or_create(&labels).get();
        let caught_up = watch.caught_up.get_or_create(&labels).get();
        (detached, caught_up)
    }

    #[tokio::test]
    async fn a_follower_dropped_for_lagging_counts_its_detach_and_its_return() {
        let dir = tempfile::tempdir().unwrap();
        let log: Arc<dyn EventLog> =
            Arc::new(SqliteLog::open(dir.path(), LogSettings::default()).unwrap());
        let hub = Hub::start(log.clone());
        let mut follower = Follower::new(log.clone(), hub.clone(), Filter::All, 0);
        let (detached, caught_up) = counted();
        // Registered and live, with nothing to yield.
        assert!(matches!(
            follower.next(IDLE).await.unwrap(),
            Step::Idle { .. }
        ));
        assert_eq!(hub.registrations(), 1);

        // More than its channel holds while it is not read: the hub drops it.
        let total = LIVE_CAPACITY + 100;
        let events = (0..total).map(task_event).collect();
        log.append("burst".into(), events).await.unwrap();
        for _ in 0..1000 {
            if hub.registrations() == 0 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        assert_eq!(hub.registrations(), 0, "the hub kept a lagging subscriber");
        assert_eq!(
            counted(),
            (detached, caught_up),
            "counted before it noticed"
        );

        // It yields everything in order: the channel's events, then the log's, then live.
        let mut seqs = Vec::new();
        loop {
            match follower.next(IDLE).await.unwrap() {
                Step::Event(event) => seqs.push(event.seq),
                Step::Encoded(event) => seqs.push(event.seq),
                Step::Idle { .. } => break,
                Step::CaughtUp => {}
            }
        }
        assert_eq!(seqs, (1..=total as u64).collect::<Vec<_>>());
        assert_eq!(hub.registrations(), 1);
        assert_eq!(counted(), (detached + 1, caught_up + 1));
    }
}
