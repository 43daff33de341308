//! Long catch-ups (a watcher resuming from far back, a replay from the beginning) read through an
//! ordered consumer instead of direct gets: measured here, a consumer delivers the events stream
//! about four times faster than batched direct gets. A catch-up reads in pages (`read_after`
//! is called page by page), so its consumer is parked between pages, found again by the filter
//! and position of the next page, and dropped when the catch-up is done, idle, or crowded out:
//! at most [`PARKED`] wait at once, each holding one ephemeral server consumer.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use async_nats::jetstream::consumer::pull::{Ordered, OrderedConfig};
use async_nats::jetstream::consumer::DeliverPolicy;
use tokio_stream::StreamExt;

use super::read::{filter_subject, matches};
use super::streams::EVENTS_STREAM;
use super::{message, unavailable, Shared};
use crate::events::log::{Filter, LogError, StoredEvent};

/// Catch-ups whose consumer waits for their next page.
const PARKED: usize = 32;
/// Messages a catch-up's consumer pulls ahead (each up to 1,000 events): what a parked
/// catch-up holds in memory.
const PULL_MESSAGES: i64 = 64;
/// A parked consumer unused this long is dropped (its server consumer then expires).
const IDLE: Duration = Duration::from_secs(30);

/// One catch-up's consumer, where it stopped.
pub(super) struct Replay {
    filter: Filter,
    /// Seq of the last event returned: the next page starts after it.
    after: u64,
    messages: Ordered,
    /// Matching messages the consumer has still to deliver.
    pending: u64,
    /// Events of messages read but not returned yet (past a page's end), first for the next.
    held: VecDeque<StoredEvent>,
    parked_at: Instant,
}

impl std::fmt::Debug for Replay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Replay")
            .field("filter", &self.filter)
            .field("after", &self.after)
            .field("pending", &self.pending)
            .field("held", &self.held.len())
            .finish_non_exhaustive()
    }
}

/// The parked catch-ups of one replica.
#[derive(Debug, Default)]
pub(super) struct CatchUps {
    parked: Mutex<Vec<Replay>>,
}

impl CatchUps {
    /// The catch-up parked at `after` for `filter`, if any.
    pub(super) fn take(&self, filter: &Filter, after: u64) -> Option<Replay> {
        let mut parked = self.parked.lock().expect("catch-ups lock");
        parked.retain(|replay| replay.parked_at.elapsed() < IDLE);
        let index = parked
            .iter()
            .position(|replay| replay.after == after && replay.filter == *filter)?;
        Some(parked.swap_remove(index))
    }

    fn park(&self, mut replay: Replay) {
        replay.parked_at = Instant::now();
        let mut parked = self.parked.lock().expect("catch-ups lock");
        if parked.len() >= PARKED {
            // The one parked longest goes.
            if let Some(oldest) = (0..parked.len()).min_by_key(|&i| parked[i].parked_at) {
                parked.swap_remove(oldest);
            }
        }
        parked.push(replay);
    }
}

/// Up to `limit` events matching `filter` with seq in `after+1 ..= upto`, in order, through
/// `parked` (the previous page's consumer) or a new consumer.
pub(super) async fn read(
    shared: &Shared,
    parked: Option<Replay>,
    after: u64,
    upto: u64,
    filter: &Filter,
    limit: usize,
) -> Result<Vec<StoredEvent>, LogError> {
    let _permit = shared.reads.acquire().await.map_err(unavailable)?;
    let mut replay = match parked {
        Some(replay) => replay,
        None => start(shared, after, filter).await?,
    };
    let mut events = Vec::with_capacity(limit.min(1024));
    let mut reached_upto = false;
    while events.len() < limit {
        let Some(event) = replay.held.pop_front() else {
            if replay.pending == 0 {
                break;
            }
            let message = tokio::time::timeout(shared.nats.request_timeout, replay.messages.next())
                .await
                .map_err(|_| unavailable("the catch-up consumer delivered nothing in time"))?
                .ok_or_else(|| unavailable("the catch-up consumer ended"))?
                .map_err(unavailable)?;
            let info = message.info().map_err(unavailable)?;
            replay.pending = info.pending;
            replay.held = message::decode(info.stream_sequence, &message.payload)?.into();
            continue;
        };
        if event.seq <= after {
            continue;
        }
        if event.seq > upto {
            reached_upto = true;
            break;
        }
        if matches(filter, &event.event) {
            replay.after = event.seq;
            events.push(event);
        }
    }
    // Another page will follow from here, unless nothing is left below `upto`.
    if !reached_upto && (replay.pending > 0 || !replay.held.is_empty()) {
        shared.catch_ups.park(replay);
    }
    Ok(events)
}

async fn start(shared: &Shared, after: u64, filter: &Filter) -> Result<Replay, LogError> {
    let stream = shared
        .jetstream
        .get_stream_no_info(EVENTS_STREAM)
        .await
        .map_err(unavailable)?;
    let consumer = stream
        .create_consumer(OrderedConfig {
            filter_subject: filter_subject(filter),
            deliver_policy: DeliverPolicy::ByStartSequence {
                start_sequence: message::first_message_after(after),
            },
            max_batch: PULL_MESSAGES,
            ..Default::default()
        })
        .await
        .map_err(unavailable)?;
    let pending = consumer.cached_info().num_pending;
    let messages = consumer.messages().await.map_err(unavailable)?;
    Ok(Replay {
        filter: filter.clone(),
        after,
        messages,
        pending,
        held: VecDeque::new(),
        parked_at: Instant::now(),
    })
}
