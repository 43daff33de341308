//! Appending one webhook so that no crash can store its events without its dedup marker (a
//! redelivery would store them twice) or the marker without the events (the webhook would be
//! lost). A marker is published with "no message on this subject yet" as its condition: a
//! redelivery, to this replica or any other, fails the condition and stores nothing.
//!
//! A webhook with one event (most of them: one recipient's status) is one message whose own
//! subject is the marker (see `subjects::Placement`): atomic by nature, and measured about 20
//! times faster than the smallest atomic batch on a single-replica file stream, whose server
//! stages every batch in a file store of its own. A webhook with more events is one atomic batch
//! of a marker and its events; a body too large for one batch is cut into chunks, each with a
//! marker of its own, so a redelivery after a crash between chunks stores exactly the missing
//! ones.

use bytes::Bytes;
use prost::Message;
use sha2::{Digest, Sha256};

use super::batch::{self, BatchError, Outgoing, MAX_BATCH_MESSAGES};
use super::subjects::{self, Placement};
use super::Shared;
use crate::events::log::{digest_hex, Appended, Dedup, LogError, NewEvent};
use crate::events::{stream_key, Stream};

/// Most payload bytes of one chunk: well under the server's default `max_payload` (1 MiB) times
/// the messages of a batch, so a chunk never meets the server's limits on pending bytes.
const CHUNK_BYTES: usize = 4 << 20;

pub(super) async fn append(
    shared: &Shared,
    dedup: Dedup,
    events: Vec<NewEvent>,
) -> Result<Appended, LogError> {
    let marker = marker_hash(&dedup);
    let conflicting = match &dedup {
        Dedup::MessageId { scope, id, digest } => {
            seen_with_other_content(shared, scope, id, digest).await?
        }
        Dedup::Key(_) => false,
    };
    let appended = if let [single] = events.as_slice() {
        append_alone(shared, &marker, single).await?
    } else {
        append_batches(shared, &marker, events).await?
    };
    // The sender's message id is noted for the next delivery's `Conflicting` check; it only
    // serves that report, so it need not be atomic with the events.
    if let (Dedup::MessageId { scope, id, digest }, Appended::Stored { .. }) = (&dedup, appended) {
        let note = Outgoing::new(
            message_id_subject(scope, id),
            Bytes::from(digest_hex(digest)),
        );
        let attempt = || batch::publish_one(&shared.jetstream, note.clone());
        batch::with_retry(shared.write_budget(), attempt).await?;
    }
    Ok(match appended {
        Appended::Stored {
            first_seq,
            last_seq,
        } if conflicting => Appended::Conflicting {
            first_seq,
            last_seq,
        },
        other => other,
    })
}

/// One event, alone on its marker subject.
async fn append_alone(
    shared: &Shared,
    marker: &str,
    event: &NewEvent,
) -> Result<Appended, LogError> {
    let message = Outgoing::new(
        subject(event, Placement::Alone { marker }),
        Bytes::from(event.event.encode_to_vec()),
    )
    .first_on_subject();
    let attempt = || batch::publish_one(&shared.jetstream, message.clone());
    match batch::with_retry(shared.write_budget(), attempt).await {
        Ok(seq) => Ok(Appended::Stored {
            first_seq: seq,
            last_seq: seq,
        }),
        Err(BatchError::Expectation) => Ok(Appended::Duplicate),
        Err(other) => Err(other.into()),
    }
}

/// No event or several: atomic batches of a marker and the events, chunked.
async fn append_batches(
    shared: &Shared,
    marker: &str,
    events: Vec<NewEvent>,
) -> Result<Appended, LogError> {
    let chunks = chunk(events);
    let chunk_count = chunks.len();
    let mut range: Option<(u64, u64)> = None;
    let mut last_seq = 0;
    for (index, chunk) in chunks.into_iter().enumerate() {
        let subject = if chunk_count == 1 {
            format!("{}.{marker}", subjects::DEDUP)
        } else {
            format!("{}.{marker}.{index}", subjects::DEDUP)
        };
        let events_in_chunk = chunk.len() as u64;
        let mut messages = Vec::with_capacity(chunk.len() + 1);
        messages.push(Outgoing::new(subject, Bytes::new()).first_on_subject());
        messages.extend(chunk);
        let attempt = || batch::publish(&shared.client, &shared.jetstream, messages.clone());
        match batch::with_retry(shared.write_budget(), attempt).await {
            Ok(committed) => {
                last_seq = committed.last_seq;
                if events_in_chunk > 0 {
                    let first = committed.last_seq + 1 - events_in_chunk;
                    range = Some((range.map_or(first, |(f, _)| f), committed.last_seq));
                }
            }
            // The marker was kept: this chunk was stored before (by any replica).
            Err(BatchError::Expectation) => {}
            Err(other) => return Err(other.into()),
        }
    }
    if last_seq == 0 && range.is_none() {
        return Ok(Appended::Duplicate);
    }
    let (first_seq, last_seq) = range.unwrap_or((last_seq + 1, last_seq));
    Ok(Appended::Stored {
        first_seq,
        last_seq,
    })
}

/// Where an event goes.
fn subject(event: &NewEvent, placement: Placement<'_>) -> String {
    let (stream, key) = stream_key(&event.event);
    match stream {
        Stream::Tasks => subjects::task_event(&key, placement),
        Stream::Accounts => subjects::account_event(&key, placement),
    }
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

/// Whether this message id was stored before with another content (the sender reused it).
async fn seen_with_other_content(
    shared: &Shared,
    scope: &str,
    id: &str,
    digest: &[u8; 32],
) -> Result<bool, LogError> {
    let subject = message_id_subject(scope, id);
    match super::read::last_on_subject(shared, &subject).await? {
        Some(payload) => Ok(payload != digest_hex(digest).as_bytes()),
        None => Ok(false),
    }
}

/// The events as messages, cut into chunks that each fit one batch with its marker; at least one
/// chunk, which may be empty (the marker alone).
fn chunk(events: Vec<NewEvent>) -> Vec<Vec<Outgoing>> {
    let mut chunks = vec![Vec::new()];
    let mut bytes = 0;
    for new in events {
        let subject = subject(&new, Placement::InBatch);
        let payload = Bytes::from(new.event.encode_to_vec());
        let current = chunks.last_mut().expect("at least one chunk");
        if current.len() + 1 >= MAX_BATCH_MESSAGES || bytes + payload.len() > CHUNK_BYTES {
            chunks.push(Vec::new());
            bytes = 0;
        }
        bytes += payload.len();
        chunks
            .last_mut()
            .expect("at least one chunk")
            .push(Outgoing::new(subject, payload));
    }
    chunks
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
    fn a_five_thousand_recipient_body_is_cut_into_batches_the_server_accepts() {
        let events = (0..5000).map(|n| recipient("T1", n)).collect();
        let chunks = chunk(events);
        assert_eq!(chunks.iter().map(Vec::len).sum::<usize>(), 5000);
        assert!(chunks.len() >= 6, "{} chunks", chunks.len());
        // Each chunk leaves room for its marker.
        assert!(chunks.iter().all(|c| c.len() < MAX_BATCH_MESSAGES));
        assert_eq!(chunks[0][0].subject, "wad.ev.t.T1.batch");
    }

    #[test]
    fn a_webhook_without_events_is_one_empty_chunk() {
        assert_eq!(chunk(Vec::new()).len(), 1);
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
