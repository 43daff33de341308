//! Reading the events stream: recent events from this replica's tail, older ones with batched
//! direct gets (stateless: no consumer per reader), and the stream's bounds.

use std::time::Duration;

use bytes::Bytes;
use tokio_stream::StreamExt;

use super::streams::EVENTS_STREAM;
use super::tail::Tail;
use super::{catch_up, message, subjects, unavailable, Shared};
use crate::events::log::{Bounds, Filter, LogError, StoredEvent};
use crate::events::{stream_key, Stream};
use crate::proto::v1::Event;

/// Messages behind the ring beyond which a catch-up reads through a consumer: a consumer costs a
/// round trip to create, and then delivers about four times faster than direct gets.
const LONG_CATCH_UP: u64 = 64;
/// Bytes one direct get of events answers at most (a message holds up to 1,000 events, so a
/// page of a few hundred events must not fetch hundreds of messages).
const DIRECT_GET_BYTES: usize = 1 << 20;
/// How long a read waits for the tail to reach what this replica wrote before it fails.
const TAIL_WAIT: Duration = Duration::from_secs(2);

/// Whether `event` is one `filter` selects.
pub(super) fn matches(filter: &Filter, event: &Event) -> bool {
    let (stream, key) = stream_key(event);
    match filter {
        Filter::All => true,
        Filter::Tasks { task_id } => {
            stream == Stream::Tasks && task_id.as_ref().is_none_or(|id| *id == key)
        }
        Filter::Accounts { phones } => {
            stream == Stream::Accounts && (phones.is_empty() || phones.contains(&key))
        }
    }
}

/// The subject (with wildcards) that selects `filter`'s events on the server; events of
/// several phones are selected by the every-account subject and sorted out here.
pub(super) fn filter_subject(filter: &Filter) -> String {
    match filter {
        Filter::All => subjects::ALL_EVENTS.to_owned(),
        Filter::Tasks { task_id: Some(id) } => subjects::task_events(id),
        Filter::Tasks { task_id: None } => subjects::ALL_TASK_EVENTS.to_owned(),
        Filter::Accounts { phones } if phones.len() == 1 => subjects::account_events(&phones[0]),
        Filter::Accounts { .. } => subjects::ALL_ACCOUNT_EVENTS.to_owned(),
    }
}

/// Up to `limit` events matching `filter` with seq above `after`, in order.
pub(super) async fn read_after(
    shared: &Shared,
    tail: &Tail,
    after: u64,
    filter: &Filter,
    limit: usize,
) -> Result<Vec<StoredEvent>, LogError> {
    // What this replica wrote itself must be readable at once: let the tail catch up with it.
    // A tail that cannot is failing (NATS unreachable): reading the recent events elsewhere
    // could meet a lagging replica's copy and skip some, so the read fails instead.
    let known = tail.known_latest();
    if !tail.reach(known, TAIL_WAIT).await {
        return Err(unavailable(format!(
            "this replica's tail of the events stream is behind its own writes (at {} of {known})",
            *tail.latest().borrow()
        )));
    }
    let (floor, recent) = tail.recent(after, filter, limit);
    if after >= floor {
        return Ok(recent);
    }
    // Older than the ring: from the servers up to the ring's floor, then the ring. A long way
    // back (or the next page of one) goes through a consumer, a short one by direct gets.
    let parked = shared.catch_ups.take(filter, after);
    let behind = message::first_message_after(floor) - message::first_message_after(after);
    let mut events = if parked.is_some() || behind > LONG_CATCH_UP {
        catch_up::read(shared, parked, after, floor, filter, limit).await?
    } else {
        direct(shared, after, floor, filter, limit).await?
    };
    let room = limit - events.len();
    events.extend(recent.into_iter().take(room));
    Ok(events)
}

/// Events matching `filter` with seq in `after+1 ..= upto`, at most `limit`, read with batched
/// direct gets.
async fn direct(
    shared: &Shared,
    after: u64,
    upto: u64,
    filter: &Filter,
    limit: usize,
) -> Result<Vec<StoredEvent>, LogError> {
    let _permit = shared.reads.acquire().await.map_err(unavailable)?;
    let subject = filter_subject(filter);
    let mut events = Vec::new();
    let mut from = message::first_message_after(after);
    while events.len() < limit && message::event_seq(from, 0) <= upto {
        let want = limit - events.len();
        let request = serde_json::json!({
            "seq": from, "batch": want, "next_by_subj": subject, "max_bytes": DIRECT_GET_BYTES,
        });
        let (batch, pending) = direct_batch(shared, EVENTS_STREAM, &request).await?;
        let Some(last) = batch.last().map(|m| m.seq) else {
            break;
        };
        for stored in batch {
            for event in message::decode(stored.seq, &stored.payload)? {
                if event.seq > after && event.seq <= upto && matches(filter, &event.event) {
                    events.push(event);
                }
            }
        }
        from = last + 1;
        if pending == 0 {
            break;
        }
    }
    events.truncate(limit);
    Ok(events)
}

/// A message of a batched direct get.
#[derive(Debug)]
pub(super) struct Raw {
    pub(super) seq: u64,
    pub(super) subject: String,
    pub(super) payload: Bytes,
}

/// One batched direct get on `stream` (`request` as the server takes it: `seq` or `start_time`,
/// `next_by_subj`, `batch`, or `multi_last`): the messages answered and how many more match.
pub(super) async fn direct_batch(
    shared: &Shared,
    stream: &str,
    request: &serde_json::Value,
) -> Result<(Vec<Raw>, u64), LogError> {
    let inbox = shared.client.new_inbox();
    let mut replies = shared
        .client
        .subscribe(inbox.clone())
        .await
        .map_err(unavailable)?;
    shared
        .client
        .publish_with_reply(
            format!("$JS.API.DIRECT.GET.{stream}"),
            inbox,
            Bytes::from(request.to_string()),
        )
        .await
        .map_err(unavailable)?;
    let mut messages = Vec::new();
    loop {
        let reply = tokio::time::timeout(shared.nats.request_timeout, replies.next())
            .await
            .map_err(|_| unavailable(format!("no answer to a direct get of {stream}")))?
            .ok_or_else(|| unavailable("the connection to NATS closed during a read"))?;
        let header = |name: &str| -> Option<String> {
            Some(reply.headers.as_ref()?.get(name)?.as_str().to_owned())
        };
        match reply.status.map(u16::from) {
            // End of batch: how many more match.
            Some(204) => {
                let pending = header("Nats-Num-Pending").and_then(|n| n.parse().ok());
                return Ok((messages, pending.unwrap_or(0)));
            }
            // Nothing matches.
            Some(404) => return Ok((messages, 0)),
            Some(503) => return Err(unavailable("no server answers direct gets (no responders)")),
            Some(status) => {
                return Err(unavailable(format!(
                    "direct get of {stream} answered {status} {}",
                    reply.description.as_deref().unwrap_or("")
                )))
            }
            None => {
                let seq = header("Nats-Sequence")
                    .and_then(|n| n.parse().ok())
                    .ok_or_else(|| unavailable("a direct get answer without Nats-Sequence"))?;
                messages.push(Raw {
                    seq,
                    subject: header("Nats-Subject").unwrap_or_default(),
                    payload: reply.payload.clone(),
                });
            }
        }
    }
}

/// Quiet time after which a follower checks its stream holds nothing it has not delivered.
const STALL_CHECK: Duration = Duration::from_secs(2);

/// A following consumer's next message; None when it ended. One quiet for [`STALL_CHECK`] while
/// its stream holds a message on `subjects` from `next_sequence` on has stalled (seen after a
/// stream leader's loss): that is an error, so that its owner makes it again from where it
/// stopped. A failed check counts as no stall: the consumer's own errors tell of a lost link.
pub(super) async fn next_or_stalled(
    shared: &Shared,
    messages: &mut async_nats::jetstream::consumer::pull::Ordered,
    stream: &str,
    subjects: &[&str],
    next_sequence: u64,
) -> Result<Option<async_nats::jetstream::Message>, String> {
    loop {
        match tokio::time::timeout(STALL_CHECK, messages.next()).await {
            Ok(Some(message)) => return message.map(Some).map_err(|e| e.to_string()),
            Ok(None) => return Ok(None),
            Err(_) => {
                for subject in subjects {
                    let request = serde_json::json!({
                        "seq": next_sequence, "batch": 1, "next_by_subj": subject,
                    });
                    let stored = direct_batch(shared, stream, &request).await;
                    if stored.is_ok_and(|(messages, _)| !messages.is_empty()) {
                        return Err(format!("the consumer of {stream} stalled behind it"));
                    }
                }
            }
        }
    }
}

/// The stream's oldest and latest seqs, from its leader.
pub(super) async fn bounds(shared: &Shared) -> Result<Bounds, LogError> {
    let stream = shared
        .jetstream
        .get_stream(EVENTS_STREAM)
        .await
        .map_err(unavailable)?;
    Ok(bounds_of(&stream.cached_info().state))
}

/// The seqs the events stream holds in `state`.
pub(super) fn bounds_of(state: &async_nats::jetstream::stream::State) -> Bounds {
    Bounds {
        oldest: (state.messages > 0).then(|| message::oldest(state.first_sequence)),
        latest: message::end_of(state.last_sequence),
    }
}

/// The payload of the last message on `subject`, if any.
pub(super) async fn last_on_subject(
    shared: &Shared,
    subject: &str,
) -> Result<Option<Bytes>, LogError> {
    let stream = shared
        .jetstream
        .get_stream_no_info(EVENTS_STREAM)
        .await
        .map_err(unavailable)?;
    match stream.direct_get_last_for_subject(subject).await {
        Ok(message) => Ok(Some(message.payload)),
        Err(error)
            if error.kind() == async_nats::jetstream::stream::DirectGetErrorKind::NotFound =>
        {
            Ok(None)
        }
        Err(error) => Err(unavailable(error)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proto::v1::event::Kind;
    use crate::proto::v1::{AccountStatusChanged, TaskStatusChanged};

    fn task(id: &str) -> Event {
        Event {
            kind: Some(Kind::TaskStatus(TaskStatusChanged {
                task_id: id.into(),
                ..Default::default()
            })),
            ..Default::default()
        }
    }

    fn account(phone: &str) -> Event {
        Event {
            kind: Some(Kind::AccountStatus(AccountStatusChanged {
                phone: phone.into(),
                ..Default::default()
            })),
            ..Default::default()
        }
    }

    #[test]
    fn filters_select_as_the_sqlite_queries_do() {
        let one_task = Filter::Tasks {
            task_id: Some("T1".into()),
        };
        assert!(matches(&one_task, &task("T1")));
        assert!(!matches(&one_task, &task("T2")));
        assert!(!matches(&one_task, &account("T1")));
        let phones = Filter::Accounts {
            phones: vec!["1".into(), "2".into()],
        };
        assert!(matches(&phones, &account("2")));
        assert!(!matches(&phones, &account("3")));
        assert!(matches(&Filter::Accounts { phones: vec![] }, &account("3")));
        assert!(matches(&Filter::All, &task("x")));
        assert_eq!(filter_subject(&phones), "wad.ev.a.*.*");
        assert_eq!(
            filter_subject(&Filter::Accounts {
                phones: vec!["1".into()]
            }),
            "wad.ev.a.1.*"
        );
    }
}
