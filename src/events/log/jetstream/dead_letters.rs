//! Dead letters in `WAD_DEAD`: rejected webhooks kept for inspection, one message each, their
//! id the stream seq. The caps are the stream's own limits, so the server evicts the oldest as
//! SQLite's writer does: `max_msgs` the count cap, `max_bytes` the bytes cap, `max_age` the
//! retention age, discarding old. The bytes cap counts what the server stores of each letter
//! (its texts and body, and about a hundred bytes of framing), so it holds a few letters fewer
//! than SQLite's, which counts texts and bodies only; a letter alone is cut to fit it.

use async_nats::jetstream::stream::{Config, DiscardPolicy, StorageType};
use bytes::{BufMut, Bytes, BytesMut};
use serde::{Deserialize, Serialize};

use super::batch::Outgoing;
use super::calls::publish_one;
use super::read::direct_batch;
use super::{unavailable, NatsSettings, Shared};
use crate::events::log::schema::now_ms;
use crate::events::log::{DeadLetter, LogError, LogSettings, NewDeadLetter};

pub(super) const DEAD_STREAM: &str = "WAD_DEAD";
const DEAD_SUBJECT: &str = "wad.dead";
/// What the server adds to a letter's payload in its bytes count: the subject, the message-id
/// header and the store's framing (about 120 bytes), rounded up.
const STORE_OVERHEAD: usize = 256;
/// The server's message-id window: a letter retried after a lost acknowledgement is kept once.
const DUPLICATE_WINDOW: std::time::Duration = std::time::Duration::from_secs(120);
/// Letters per batched direct get.
const PAGE: usize = 1000;

/// The stream for these settings: the caps as its limits, the oldest discarded.
pub(super) fn stream_config(settings: &LogSettings, nats: &NatsSettings) -> Config {
    Config {
        name: DEAD_STREAM.to_owned(),
        description: Some("wadispatch-gateway: dead letters (rejected webhooks)".to_owned()),
        subjects: vec![DEAD_SUBJECT.to_owned()],
        storage: StorageType::File,
        num_replicas: nats.replicas,
        discard: DiscardPolicy::Old,
        max_messages: i64::try_from(settings.dead_letter_max_count).unwrap_or(i64::MAX),
        max_bytes: i64::try_from(settings.dead_letter_max_bytes).unwrap_or(i64::MAX),
        max_age: settings.retention_age,
        duplicate_window: DUPLICATE_WINDOW.min(settings.retention_age),
        allow_direct: true,
        ..Default::default()
    }
}

/// A letter's texts, written before its body in the message: a JSON line (JSON escapes every
/// line break), then the body's bytes as they came.
#[derive(Debug, Serialize, Deserialize)]
struct Texts {
    received_ms: i64,
    path: String,
    content_type: String,
    reason: String,
    original_len: u64,
}

/// Keeps `letter`, its texts cut to [`DEAD_LETTER_TEXT_MAX`](crate::events::log::DEAD_LETTER_TEXT_MAX) and its body to what the caps
/// leave; returns its id. At most [`DEAD_LETTERS_IN_FLIGHT`](crate::events::log::DEAD_LETTERS_IN_FLIGHT)
/// are written at once: more are refused at once, so a flood of rejected webhooks cannot pile up
/// writes.
pub(super) async fn keep(shared: &Shared, letter: NewDeadLetter) -> Result<u64, LogError> {
    let _slot = shared
        .calls
        .dead_letter_slots
        .clone()
        .try_acquire_owned()
        .map_err(|_| LogError::DeadLettersBusy)?;
    let NewDeadLetter {
        path,
        content_type,
        reason,
        mut body,
        original_len,
    } = letter.with_texts_cut();
    let texts = serde_json::to_vec(&Texts {
        received_ms: now_ms(),
        path,
        content_type,
        reason,
        original_len,
    })
    .expect("texts serialise");
    // Within the bytes cap, and within one message as the server takes it: a letter is often
    // a body that was too large to store.
    let max_bytes = usize::try_from(shared.settings.dead_letter_max_bytes).unwrap_or(usize::MAX);
    let max_bytes = max_bytes.min(shared.client.server_info().max_payload);
    let room = max_bytes.saturating_sub(texts.len() + 1 + STORE_OVERHEAD);
    body.truncate(shared.settings.dead_letter_body_max().min(room));
    let mut payload = BytesMut::with_capacity(texts.len() + 1 + body.len());
    payload.put_slice(&texts);
    payload.put_u8(b'\n');
    payload.put_slice(&body);
    let message = Outgoing::new(DEAD_SUBJECT.to_owned(), payload.freeze());
    Ok(publish_one(shared, message).await?)
}

/// The newest `limit` letters, newest first. The stream only ever loses its oldest (by age or
/// the caps), so they are its last `limit` seqs.
pub(super) async fn newest(shared: &Shared, limit: usize) -> Result<Vec<DeadLetter>, LogError> {
    if limit == 0 {
        return Ok(Vec::new());
    }
    let _permit = shared.reads.acquire().await.map_err(unavailable)?;
    let stream = shared
        .jetstream
        .get_stream(DEAD_STREAM)
        .await
        .map_err(unavailable)?;
    let state = &stream.cached_info().state;
    if state.messages == 0 {
        return Ok(Vec::new());
    }
    let want = u64::try_from(limit).unwrap_or(u64::MAX).min(state.messages);
    let last = state.last_sequence;
    let mut next = (last + 1 - want).max(state.first_sequence);
    let mut letters = Vec::new();
    while next <= last {
        let batch = usize::try_from(last - next + 1).unwrap_or(PAGE).min(PAGE);
        let request = serde_json::json!({ "seq": next, "batch": batch });
        let (page, _) = direct_batch(shared, DEAD_STREAM, &request).await?;
        let Some(end) = page.last().map(|raw| raw.seq) else {
            break;
        };
        letters.extend(
            page.into_iter()
                .filter(|raw| raw.seq <= last)
                .map(|raw| letter(raw.seq, raw.payload)),
        );
        next = end + 1;
    }
    letters.reverse();
    letters.truncate(limit);
    Ok(letters)
}

/// A stored letter; one that cannot be read (not written by a gateway) shows as such.
fn letter(id: u64, payload: Bytes) -> DeadLetter {
    let split = payload.iter().position(|b| *b == b'\n');
    let texts = split.and_then(|at| serde_json::from_slice::<Texts>(&payload[..at]).ok());
    match (texts, split) {
        (Some(texts), Some(at)) => DeadLetter {
            id,
            received_ms: texts.received_ms,
            path: texts.path,
            content_type: texts.content_type,
            reason: texts.reason,
            body: payload[at + 1..].to_vec(),
            original_len: texts.original_len,
        },
        _ => DeadLetter {
            id,
            received_ms: 0,
            path: String::new(),
            content_type: String::new(),
            reason: "not a dead letter written by a gateway".to_owned(),
            original_len: payload.len() as u64,
            body: payload.to_vec(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_with_line_breaks_reads_back_as_written() {
        let texts = serde_json::to_vec(&Texts {
            received_ms: 5,
            path: "/p\n".into(),
            content_type: "c".into(),
            reason: "r\r\n".into(),
            original_len: 9,
        })
        .unwrap();
        let mut payload = texts.clone();
        payload.push(b'\n');
        payload.extend_from_slice(b"a\nb\n");
        let read = letter(3, Bytes::from(payload));
        assert_eq!(read.path, "/p\n");
        assert_eq!(read.reason, "r\r\n");
        assert_eq!(read.body, b"a\nb\n");
        assert_eq!(read.original_len, 9);
        assert!(read.truncated());
    }
}
