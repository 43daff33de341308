//! Events as the log stores them (each an encoded `Event`), for catch-up reads: a batch is two
//! allocations whatever its size, the read only copies bytes, and the reader decodes one event
//! at a time into an `Event` whose room it reuses (`decode_into`). Decoding a batch of
//! `StoredEvent`s on the read thread allocated every text of every event there, to be freed on
//! the thread that sent them.

use prost::Message;

use super::{LogError, StoredEvent};
use crate::proto::v1::event::Kind;
use crate::proto::v1::Event;

/// Consecutive stored events in seq order, their encodings side by side.
#[derive(Debug, Default)]
pub struct EncodedBatch {
    encodings: Vec<u8>,
    /// Each event's seq and where its encoding ends in `encodings`.
    events: Vec<(u64, usize)>,
}

impl EncodedBatch {
    /// Empties the batch, keeping its room.
    pub fn clear(&mut self) {
        self.encodings.clear();
        self.events.clear();
    }

    /// Room for `events` events of about `bytes` bytes in all.
    pub fn reserve(&mut self, events: usize, bytes: usize) {
        self.events.reserve(events);
        self.encodings.reserve(bytes);
    }

    /// Adds the event at `seq`, encoded as `encoding`; seqs are added in increasing order.
    pub fn push(&mut self, seq: u64, encoding: &[u8]) {
        self.encodings.extend_from_slice(encoding);
        self.events.push((seq, self.encodings.len()));
    }

    /// Adds a decoded event, encoding it (for stores that read events decoded).
    pub fn push_decoded(&mut self, stored: &StoredEvent) {
        stored.event.encode_raw(&mut self.encodings);
        self.events.push((stored.seq, self.encodings.len()));
    }

    /// Events in the batch.
    pub fn len(&self) -> usize {
        self.events.len()
    }

    /// Whether the batch has no event.
    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    /// Seq of the last event.
    pub fn last_seq(&self) -> Option<u64> {
        self.events.last().map(|&(seq, _)| seq)
    }

    /// Keeps only the events with seq up to `seq`.
    pub fn truncate_after(&mut self, seq: u64) {
        let kept = self.events.partition_point(|&(s, _)| s <= seq);
        self.events.truncate(kept);
        let end = self.events.last().map_or(0, |&(_, end)| end);
        self.encodings.truncate(end);
    }

    /// The event at `index`.
    pub fn get(&self, index: usize) -> Option<EncodedEvent<'_>> {
        let &(seq, end) = self.events.get(index)?;
        let start = index
            .checked_sub(1)
            .map_or(0, |before| self.events[before].1);
        Some(EncodedEvent {
            seq,
            encoding: &self.encodings[start..end],
        })
    }
}

/// One event of an [`EncodedBatch`].
#[derive(Debug, Clone, Copy)]
pub struct EncodedEvent<'a> {
    /// Its position in the log.
    pub seq: u64,
    encoding: &'a [u8],
}

impl<'a> EncodedEvent<'a> {
    /// Decodes the event into `event`, which holds whatever was decoded into it before: the
    /// texts and lists of its kind's message keep their room when this event is of the same
    /// kind (`Message::clear` empties them without freeing). Exactly what decoding into a new
    /// `Event` gives.
    pub fn decode_into(&self, event: &mut Event) -> Result<(), LogError> {
        if let Some(kind) = &mut event.kind {
            match kind {
                Kind::TaskStatus(m) => m.clear(),
                Kind::RecipientStatus(m) => m.clear(),
                Kind::Reply(m) => m.clear(),
                Kind::AccountStatus(m) => m.clear(),
                Kind::Registration(m) => m.clear(),
                Kind::ConnectionStatus(m) => m.clear(),
                Kind::QrLogin(m) => m.clear(),
                Kind::ScanTaskStatus(m) => m.clear(),
            }
        }
        event.received_time = None;
        let decoded = event.merge(self.encoding);
        // An encoding without a kind leaves none, not the one from before.
        if decoded.is_err() || self.kind_fields().is_none() {
            event.kind = None;
        }
        decoded.map_err(|source| LogError::Corrupt {
            seq: self.seq,
            source,
        })
    }

    /// The tag (1-8) and the encoded message of the event's kind, when the encoding has exactly
    /// one such field: then decoding gives that message, and a copy of its bytes is its
    /// encoding.
    pub fn kind_field(&self) -> Option<(u32, &'a [u8])> {
        match self.kind_fields()? {
            (first, true) => Some(first),
            (_, false) => None,
        }
    }

    /// The first field of the `kind` oneof (tags 1-8) in the encoding, and whether it is the only
    /// one; None without any, or for an encoding that does not parse (decoding refuses it).
    fn kind_fields(&self) -> Option<((u32, &'a [u8]), bool)> {
        let mut rest = self.encoding;
        let mut first = None;
        let mut only = true;
        while !rest.is_empty() {
            let (tag, wire_type) = prost::encoding::decode_key(&mut rest).ok()?;
            if (1..=8).contains(&tag) && wire_type == prost::encoding::WireType::LengthDelimited {
                let len = prost::encoding::decode_varint(&mut rest).ok()?;
                let len = usize::try_from(len).ok().filter(|&len| len <= rest.len())?;
                let (value, after) = rest.split_at(len);
                rest = after;
                match first {
                    None => first = Some((tag, value)),
                    Some(_) => only = false,
                }
            } else {
                let context = prost::encoding::DecodeContext::default();
                prost::encoding::skip_field(wire_type, tag, &mut rest, context).ok()?;
            }
        }
        first.map(|first| (first, only))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proto::v1::{
        AccountStatusChanged, RecipientStatusChanged, ReplyContent, ReplyReceived,
        TaskStatusChanged,
    };

    fn events() -> Vec<Event> {
        let time = Some(prost_types::Timestamp {
            seconds: 1_764_500_000,
            nanos: 7,
        });
        vec![
            Event {
                kind: Some(Kind::RecipientStatus(RecipientStatusChanged {
                    task_id: "T1".into(),
                    info_id: 9,
                    sender_phone: "8613800000000".into(),
                    target: "8613900000001".into(),
                    status: 6,
                    time,
                    failure_reason: 0,
                    trans_id: "trans-1".into(),
                })),
                received_time: time,
            },
            // The same kind with fewer fields: none of the first's may remain.
            Event {
                kind: Some(Kind::RecipientStatus(RecipientStatusChanged {
                    task_id: "T2".into(),
                    target: "g-1".into(),
                    ..Default::default()
                })),
                received_time: None,
            },
            Event {
                kind: Some(Kind::Reply(ReplyReceived {
                    task_id: "T1".into(),
                    contents: vec![ReplyContent {
                        text: "hi".into(),
                        ..Default::default()
                    }],
                    ..Default::default()
                })),
                received_time: time,
            },
            Event {
                kind: Some(Kind::Reply(ReplyReceived::default())),
                received_time: None,
            },
            // No kind at all: none from before.
            Event::default(),
            Event {
                kind: Some(Kind::TaskStatus(TaskStatusChanged {
                    task_id: "T3".into(),
                    status: 2,
                })),
                received_time: time,
            },
            Event {
                kind: Some(Kind::AccountStatus(AccountStatusChanged {
                    phone: "8613700000000".into(),
                    ..Default::default()
                })),
                received_time: None,
            },
        ]
    }

    #[test]
    fn decoding_into_a_used_event_gives_what_decoding_afresh_does() {
        let mut batch = EncodedBatch::default();
        for (i, event) in events().iter().enumerate() {
            batch.push(10 + i as u64, &event.encode_to_vec());
        }
        let mut reused = Event::default();
        for round in 0..2 {
            for (i, event) in events().iter().enumerate() {
                let encoded = batch.get(i).unwrap();
                assert_eq!(encoded.seq, 10 + i as u64);
                encoded.decode_into(&mut reused).unwrap();
                assert_eq!(&reused, event, "round {round}, event {i}");
                let mut fresh = Event::default();
                encoded.decode_into(&mut fresh).unwrap();
                assert_eq!(fresh, *event);
            }
        }
        assert!(batch.get(events().len()).is_none());
    }

    #[test]
    fn a_corrupt_encoding_is_refused_with_its_seq() {
        let mut batch = EncodedBatch::default();
        // Field 2 (a recipient status) claiming 5 bytes it does not have.
        batch.push(7, &[0x12, 5, 1]);
        let mut event = events().remove(0);
        match batch.get(0).unwrap().decode_into(&mut event) {
            Err(LogError::Corrupt { seq: 7, .. }) => {}
            other => panic!("{other:?}"),
        }
        assert_eq!(event.kind, None, "nothing of a refused event is left");
    }

    #[test]
    fn a_batch_keeps_seq_order_and_is_cut_after_a_seq() {
        let mut batch = EncodedBatch::default();
        for (i, event) in events().into_iter().enumerate() {
            batch.push_decoded(&StoredEvent {
                seq: 2 * i as u64 + 1,
                event,
            });
        }
        assert_eq!(batch.len(), events().len());
        assert_eq!(batch.last_seq(), Some(13));
        batch.truncate_after(6);
        assert_eq!(batch.len(), 3);
        assert_eq!(batch.last_seq(), Some(5));
        for (i, event) in events().into_iter().take(3).enumerate() {
            let mut decoded = Event::default();
            batch.get(i).unwrap().decode_into(&mut decoded).unwrap();
            assert_eq!(decoded, event);
        }
        let room = (batch.encodings.capacity(), batch.events.capacity());
        batch.clear();
        assert!(batch.is_empty());
        let kept = (batch.encodings.capacity(), batch.events.capacity());
        assert_eq!(kept, room, "cleared, the room stays");
    }
}
