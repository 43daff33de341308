//! What one message of the events stream holds: the events of one webhook for one task or
//! account (at most [`MAX_EVENTS`]), each length-delimited, so that a webhook of a hundred
//! statuses is one write, not a hundred. An event's seq (its cursor) is its message's stream
//! sequence times 1024 plus its place in the message: seqs keep the stream's order, and a
//! message's events are told apart.

use bytes::{Bytes, BytesMut};
use prost::Message;

use crate::events::log::{LogError, StoredEvent};
use crate::proto::v1::Event;

/// Events of one message at most (a place needs 10 bits).
pub(super) const MAX_EVENTS: usize = 1000;
/// Payload bytes of one message at most, unless one event alone is larger: far below the
/// server's default `max_payload` (1 MiB).
pub(super) const MAX_BYTES: usize = 512 << 10;
const PLACE_BITS: u32 = 10;

/// The seq of the event at `place` in message `sequence`.
pub(super) fn event_seq(sequence: u64, place: usize) -> u64 {
    (sequence << PLACE_BITS) | place as u64
}

/// The highest seq message `sequence` can hold: "after this message"; 0 before the first.
pub(super) fn end_of(sequence: u64) -> u64 {
    if sequence == 0 {
        0
    } else {
        event_seq(sequence, (1 << PLACE_BITS) - 1)
    }
}

/// The oldest seq a stream whose first message is `first_sequence` holds, as [`Bounds`] gives
/// it: a cursor before it resumes with no gap only if it is at least the end of the message
/// before (or the stream never lost a message).
///
/// [`Bounds`]: crate::events::log::Bounds
pub(super) fn oldest(first_sequence: u64) -> u64 {
    if first_sequence <= 1 {
        1
    } else {
        event_seq(first_sequence, 0)
    }
}

/// The stream sequence of the first message that may hold events after `seq`.
pub(super) fn first_message_after(seq: u64) -> u64 {
    let (sequence, place) = (seq >> PLACE_BITS, seq & ((1 << PLACE_BITS) - 1));
    if place == (1 << PLACE_BITS) - 1 {
        sequence + 1
    } else {
        sequence.max(1)
    }
}

/// Events as one message's payload.
pub(super) fn encode(events: &[Event]) -> Bytes {
    let mut payload = BytesMut::with_capacity(
        events.iter().map(Message::encoded_len).sum::<usize>() + 4 * events.len(),
    );
    for event in events {
        event
            .encode_length_delimited(&mut payload)
            .expect("a BytesMut grows as needed");
    }
    payload.freeze()
}

/// The events of message `sequence`.
pub(super) fn decode(sequence: u64, payload: &[u8]) -> Result<Vec<StoredEvent>, LogError> {
    let mut events = Vec::new();
    let mut rest = payload;
    while !rest.is_empty() {
        let seq = event_seq(sequence, events.len());
        let event = Event::decode_length_delimited(&mut rest)
            .map_err(|source| LogError::Corrupt { seq, source })?;
        events.push(StoredEvent { seq, event });
    }
    Ok(events)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proto::v1::event::Kind;
    use crate::proto::v1::TaskStatusChanged;

    #[test]
    fn a_message_holds_its_events_in_order_with_seqs_of_their_own() {
        let events: Vec<Event> = (0..3)
            .map(|i| Event {
                kind: Some(Kind::TaskStatus(TaskStatusChanged {
                    task_id: format!("T{i}"),
                    ..Default::default()
                })),
                ..Default::default()
            })
            .collect();
        let stored = decode(7, &encode(&events)).unwrap();
        assert_eq!(
            stored.iter().map(|e| e.seq).collect::<Vec<_>>(),
            [7168, 7169, 7170]
        );
        assert_eq!(
            stored.into_iter().map(|e| e.event).collect::<Vec<_>>(),
            events
        );
        assert!(event_seq(7, 999) < end_of(7) && end_of(7) < event_seq(8, 0));
        assert_eq!(first_message_after(event_seq(7, 2)), 7);
        assert_eq!(first_message_after(end_of(7)), 8);
        assert_eq!(first_message_after(0), 1);
        assert_eq!(end_of(0), 0);
        // Nothing lost yet: every cursor resumes; message 5 the first left: from the end of 4.
        assert_eq!(oldest(1) - 1, 0);
        assert_eq!(oldest(5) - 1, end_of(4));
        assert!(
            decode(1, b"\x05ab").is_err(),
            "a cut message is corrupt, not skipped"
        );
    }
}
