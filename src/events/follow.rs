//! One watcher's ordered, gap-free view of the log from a cursor on: catch-up reads from the log,
//! then live events from the hub, and back to the log whenever the hub drops it for lagging.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Duration;

use prometheus_client::metrics::counter::Counter;

use super::hub::{Hub, Subscription};
use super::log::{EventLog, Filter, LogError, StoredEvent};
use crate::observe::metrics::metrics;
use crate::observe::metrics::watch::WatchLabels;

/// Events one catch-up read takes from the log.
const CATCH_UP_BATCH: usize = 512;
/// Capacity of a watcher's channel from the hub: how far it may fall behind live before it is
/// dropped and catches up from the log instead.
pub const LIVE_CAPACITY: usize = 1024;

/// What `Follower::next` yields.
#[derive(Debug)]
pub enum Step {
    /// The next matching event.
    Event(Arc<StoredEvent>),
    /// Nothing arrived for the idle interval.
    Idle,
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
    /// Catch-up events read from the log, not yet yielded.
    backlog: VecDeque<StoredEvent>,
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
            backlog: VecDeque::new(),
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
    pub async fn next(&mut self, idle: Duration) -> Result<Step, LogError> {
        loop {
            if let Some(event) = self.backlog.pop_front() {
                self.cursor = event.seq;
                return Ok(Step::Event(Arc::new(event)));
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
                let batch = self
                    .log
                    .read_after(self.cursor, &self.filter, CATCH_UP_BATCH)
                    .await?;
                // The log holds nothing more up to `until` when the read came back short or
                // already reached past it.
                let reached =
                    batch.len() < CATCH_UP_BATCH || batch.last().is_some_and(|e| e.seq >= until);
                self.backlog
                    .extend(batch.into_iter().filter(|e| e.seq <= until));
                if self.backlog.is_empty() && reached {
                    // Live events take over from here.
                    self.cursor = until;
                    return Ok(Step::CaughtUp);
                }
                continue;
            }
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
                        return Ok(Step::Event(event));
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
                    return Ok(Step::Idle);
                }
            }
        }
    }
}
