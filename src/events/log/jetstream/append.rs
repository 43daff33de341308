//! Appending one webhook so that no crash can store its events without their dedup marker (a
//! redelivery would store them twice) or a marker without its events (the webhook would be
//! lost), with no atomic batch: a webhook's events for one task (or account) are ONE message,
//! whose own subject, `wad.ev.<t|a>.<id>.<marker>`, is the marker. It is published on the
//! condition that nothing was stored on that subject yet, so a redelivery, to this replica or any
//! other, fails the condition and stores nothing. (An atomic batch of a marker and the events
//! would do too, but a single-replica stream's server stages every batch in a file store of its
//! own: measured here, about 20 times the cost of a plain publish.) A webhook about several tasks,
//! or too large for one message, is several messages with markers of their own (`<marker>-<i>`),
//! so a redelivery after a crash between two of them stores exactly the missing ones. A webhook
//! with no event stores its marker alone on `wad.dedup.<marker>`.

use std::collections::HashMap;
use std::time::Instant;

use bytes::Bytes;
use prost::Message;
use sha2::{Digest, Sha256};

use super::batch::{self, BatchError, Outgoing};
use super::message::{self, MAX_BYTES, MAX_EVENTS};
use super::{subjects, Shared};
use crate::events::log::{digest_hex, Appended, Dedup, LogError, NewEvent};
use crate::events::{stream_key, Stream};
use crate::observe::metrics::metrics;
use crate::proto::v1::Event;

pub(super) async fn append(
    shared: &Shared,
    dedup: Dedup,
    events: Vec<NewEvent>,
) -> Result<Appended, LogError> {
    let marker = marker_hash(&dedup);
    let messages = if events.is_empty() {
        vec![(format!("{}.{marker}", subjects::DEDUP), Bytes::new(), 0)]
    } else {
        messages(&marker, events)
    };
    let mut stored: Option<(u64, u64)> = None;
    for (subject, payload, count) in messages {
        let message = Outgoing::new(subject, payload).first_on_subject();
        let attempt = || batch::publish_one(&shared.jetstream, message.clone());
        let started = Instant::now();
        match batch::with_retry(shared.write_budget(), attempt).await {
            Ok(sequence) => {
                // Each message is a commit of its own, retries included in its time.
                let store = &metrics().store;
                store.commits.inc();
                store
                    .commit_seconds
                    .observe(started.elapsed().as_secs_f64());
                store.commit_events.observe(count as f64);
                let first = message::event_seq(sequence, 0);
                let last = if count == 0 {
                    message::end_of(sequence)
                } else {
                    message::event_seq(sequence, count - 1)
                };
                stored = Some((stored.map_or(first, |(f, _)| f), last));
            }
            // Stored before (by any replica): this part of the webhook is a redelivery.
            Err(BatchError::Expectation) => {}
            Err(other) => return Err(other.into()),
        }
    }
    let Some((first_seq, last_seq)) = stored else {
        return Ok(Appended::Duplicate);
    };
    let conflicting = match &dedup {
        Dedup::MessageId { scope, id, digest } => {
            noted_with_other_content(shared, scope, id, digest).await?
        }
        Dedup::Key(_) => false,
    };
    Ok(if conflicting {
        Appended::Conflicting {
            first_seq,
            last_seq,
        }
    } else {
        Appended::Stored {
            first_seq,
            last_seq,
        }
    })
}

/// The marker's token: SHA-256 of what makes two webhooks the same, in hex.
fn marker_hash(dedup: &Dedup) -> String {
    let mut hash = Sha256::new();
    match dedup {
        Dedup::Key(key) => {
            hash.update(b"key\0");
            hash.update(key.as_bytes());
        }
        // One marker per (scope, id, content): the same id with another content is stored.
        Dedup::MessageId { scope, id, digest } => {
            hash.update(b"message-id\0");
            hash.update(scope.as_bytes());
            hash.update(b"\0");
            hash.update(id.as_bytes());
            hash.update(b"\0");
            hash.update(digest);
        }
    }
    digest_hex(&hash.finalize())
}

/// Where a sender's message id is recorded with its content's digest.
fn message_id_subject(scope: &str, id: &str) -> String {
    let mut hash = Sha256::new();
    hash.update(scope.as_bytes());
    hash.update(b"\0");
    hash.update(id.as_bytes());
    format!("{}.{}", subjects::MESSAGE_IDS, digest_hex(&hash.finalize()))
}

/// Notes a stored webhook's message id with its content's digest, on the condition that the id
/// was never noted; whether it was, with another content (the sender reused the id). Only that
/// report rests on it, so it need not be atomic with the events; one write in the usual case.
async fn noted_with_other_content(
    shared: &Shared,
    scope: &str,
    id: &str,
    digest: &[u8; 32],
) -> Result<bool, LogError> {
    let subject = message_id_subject(scope, id);
    let digest = digest_hex(digest);
    let note = Outgoing::new(subject.clone(), Bytes::from(digest.clone())).first_on_subject();
    let attempt = || batch::publish_one(&shared.jetstream, note.clone());
    match batch::with_retry(shared.write_budget(), attempt).await {
        Ok(_) => Ok(false),
        // Noted before: by another content, or by this one when a redelivery stores what a
        // crash left out of an earlier delivery.
        Err(BatchError::Expectation) => Ok(super::read::last_on_subject(shared, &subject)
            .await?
            .is_some_and(|noted| noted != digest.as_bytes())),
        Err(other) => Err(other.into()),
    }
}

/// The webhook's messages: (subject, payload, events), one per task or account in the order
/// they first appear, cut where one would pass [`MAX_EVENTS`] or [`MAX_BYTES`].
fn messages(marker: &str, events: Vec<NewEvent>) -> Vec<(String, Bytes, usize)> {
    // Grouped by where they go, each group in the webhook's order (indexed: an account webhook
    // may name thousands of phones).
    let mut groups: Vec<(String, Vec<Event>)> = Vec::new();
    let mut group_of: HashMap<(Stream, String), usize> = HashMap::new();
    for new in events {
        let key = stream_key(&new.event);
        let index = *group_of.entry(key).or_insert_with_key(|(stream, key)| {
            let prefix = match stream {
                Stream::Tasks => subjects::task_event_prefix(key),
                Stream::Accounts => subjects::account_event_prefix(key),
            };
            groups.push((prefix, Vec::new()));
            groups.len() - 1
        });
        groups[index].1.push(new.event);
    }
    let mut messages = Vec::new();
    for (prefix, group) in groups {
        let mut part = 0;
        let mut start = 0;
        while start < group.len() {
            let mut end = start;
            let mut bytes = 0;
            while end < group.len() && end - start < MAX_EVENTS {
                let size = group[end].encoded_len() + 4;
                if end > start && bytes + size > MAX_BYTES {
                    break;
                }
                bytes += size;
                end += 1;
            }
            let token = if part == 0 {
                marker.to_owned()
            } else {
                format!("{marker}-{part}")
            };
            let slice = &group[start..end];
            messages.push((
                format!("{prefix}.{token}"),
                message::encode(slice),
                slice.len(),
            ));
            part += 1;
            start = end;
        }
    }
    messages
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proto::v1::event::Kind;
    use crate::proto::v1::{Event, RecipientStatusChanged};

    fn recipient(task: &str, n: usize) -> NewEvent {
        NewEvent {
            event: Event {
                kind: Some(Kind::RecipientStatus(RecipientStatusChanged {
                    task_id: task.to_owned(),
                    target: format!("8613800{n:06}"),
                    ..Default::default()
                })),
                ..Default::default()
            },
        }
    }

    #[test]
    fn a_five_thousand_recipient_body_is_cut_into_messages_the_server_accepts() {
        let events = (0..5000).map(|n| recipient("T1", n)).collect();
        let messages = messages("m", events);
        assert_eq!(messages.iter().map(|(_, _, n)| n).sum::<usize>(), 5000);
        assert_eq!(messages.len(), 5, "{} messages", messages.len());
        assert!(messages
            .iter()
            .all(|(_, payload, n)| *n <= MAX_EVENTS && payload.len() <= MAX_BYTES));
        assert_eq!(messages[0].0, "wad.ev.t.T1.m");
        assert_eq!(messages[1].0, "wad.ev.t.T1.m-1");
    }

    #[test]
    fn a_webhook_about_several_tasks_is_a_message_per_task_in_order() {
        let events = vec![recipient("A", 1), recipient("B", 2), recipient("A", 3)];
        let messages = messages("m", events);
        let subjects: Vec<&str> = messages.iter().map(|(s, _, _)| s.as_str()).collect();
        assert_eq!(subjects, ["wad.ev.t.A.m", "wad.ev.t.B.m"]);
        let first = message::decode(1, &messages[0].1).unwrap();
        assert_eq!(first.len(), 2);
    }

    #[test]
    fn markers_tell_keys_and_message_ids_apart() {
        let key = marker_hash(&Dedup::Key("x".into()));
        let id = marker_hash(&Dedup::MessageId {
            scope: "s".into(),
            id: "x".into(),
            digest: [0; 32],
        });
        let other_content = marker_hash(&Dedup::MessageId {
            scope: "s".into(),
            id: "x".into(),
            digest: [1; 32],
        });
        assert_ne!(key, id);
        assert_ne!(id, other_content);
        assert_eq!(key.len(), 64);
    }
}
