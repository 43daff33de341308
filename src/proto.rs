//! Code generated from proto/wadispatch/v1 by build.rs, and one form of a message of our own:
//! [`Encoded`], what a server stream sends when it encodes its messages itself.

use std::cell::RefCell;
use std::fmt;
use std::marker::PhantomData;

use bytes::{Buf, BufMut};
use prost::encoding::{self, DecodeContext, WireType};
use prost::{DecodeError, Message};

/// Package `wadispatch.v1`: services, requests, responses, enums and events.
#[allow(clippy::all, missing_docs)]
pub mod v1 {
    tonic::include_proto!("wadispatch.v1");
    // The servers, generated apart (see build.rs).
    include!(concat!(env!("OUT_DIR"), "/servers/wadispatch.v1.rs"));
}

/// Encoded `FileDescriptorSet` of every proto file, for gRPC reflection.
pub const FILE_DESCRIPTOR_SET: &[u8] =
    include_bytes!(concat!(env!("OUT_DIR"), "/wadispatch_descriptor.bin"));

/// What the WatchTask server's stream yields (named by build.rs).
pub type EncodedWatchTaskResponse = Encoded<v1::WatchTaskResponse>;

/// Room an encoded message's buffer may keep when it is left to its thread for the next one; a
/// larger message (a big snapshot) frees its room after use.
pub(crate) const SPARE_ROOM: usize = 64 * 1024;

thread_local! {
    /// The buffer of the last encoded message dropped on this thread (the codec drops each once
    /// it has copied it), for the next one encoded here.
    static SPARE: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// An `M` in its protobuf encoding. A replay makes a message per event; building each as a new
/// `M` allocated its every text and list, where a stream can fill one `M` in place and encode
/// it here, into a buffer that goes back to the thread once sent. The generated server takes it
/// where it would take an `M`; the bytes on the wire are the same.
pub struct Encoded<M> {
    bytes: Vec<u8>,
    message: PhantomData<fn() -> M>,
}

impl<M: Message> Encoded<M> {
    /// `message`, encoded.
    pub fn of(message: &M) -> Self {
        Self::of_len(message, 0)
    }

    /// `message` encoded, followed by `more` bytes of room.
    fn of_len(message: &M, more: usize) -> Self {
        let len = message.encoded_len();
        let mut bytes = SPARE.with_borrow_mut(std::mem::take);
        bytes.clear();
        bytes.resize(len + more, 0);
        // Into a slice: prost writes a byte at a time, and into a `Vec` each was a `memcpy`.
        let mut unwritten = &mut bytes[..len];
        message.encode_raw(&mut unwritten);
        assert!(unwritten.is_empty(), "prost writes its encoded_len");
        Self {
            bytes,
            message: PhantomData,
        }
    }

    /// `message` with one field more, whose encoding the caller has: `tag` holding the encoded
    /// message `value`, placed after the first `before` bytes of `message`'s encoding (its
    /// fields numbered below `tag`), where prost would write it.
    pub fn with_field(message: &M, before: usize, tag: u32, value: &[u8]) -> Self {
        let field_len =
            encoding::key_len(tag) + encoding::encoded_len_varint(value.len() as u64) + value.len();
        let mut encoded = Self::of_len(message, field_len);
        let bytes = &mut encoded.bytes;
        let end = bytes.len() - field_len;
        assert!(before <= end, "the field goes inside the message");
        bytes.copy_within(before..end, before + field_len);
        let mut gap = &mut bytes[before..before + field_len];
        encoding::encode_key(tag, WireType::LengthDelimited, &mut gap);
        encoding::encode_varint(value.len() as u64, &mut gap);
        gap.put_slice(value);
        encoded
    }

    /// The message back, as a client decodes it.
    pub fn to_message(&self) -> Result<M, DecodeError>
    where
        M: Default,
    {
        M::decode(self.bytes.as_slice())
    }

    /// The encoding.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }
}

impl<M> Drop for Encoded<M> {
    fn drop(&mut self) {
        if self.bytes.capacity() <= SPARE_ROOM {
            let bytes = std::mem::take(&mut self.bytes);
            // A thread being torn down has no spare to keep.
            let _ = SPARE.try_with(|spare| {
                let mut spare = spare.borrow_mut();
                if spare.capacity() < bytes.capacity() {
                    *spare = bytes;
                }
            });
        }
    }
}

impl<M> Default for Encoded<M> {
    fn default() -> Self {
        Self {
            bytes: Vec::new(),
            message: PhantomData,
        }
    }
}

impl<M> fmt::Debug for Encoded<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Encoded")
            .field("message", &std::any::type_name::<M>())
            .field("len", &self.bytes.len())
            .finish()
    }
}

impl<M> Message for Encoded<M> {
    fn encode_raw(&self, buf: &mut impl BufMut) {
        buf.put_slice(&self.bytes);
    }

    /// Keeps each field as it comes, so that decoding an encoding gives it back (as `M`'s
    /// decoding would, an unknown group is dropped).
    fn merge_field(
        &mut self,
        tag: u32,
        wire_type: WireType,
        buf: &mut impl Buf,
        ctx: DecodeContext,
    ) -> Result<(), DecodeError> {
        let bytes = &mut self.bytes;
        match wire_type {
            WireType::Varint => {
                let mut value = 0;
                encoding::uint64::merge(wire_type, &mut value, buf, ctx)?;
                encoding::uint64::encode(tag, &value, bytes);
            }
            WireType::SixtyFourBit => {
                let mut value = 0;
                encoding::fixed64::merge(wire_type, &mut value, buf, ctx)?;
                encoding::fixed64::encode(tag, &value, bytes);
            }
            WireType::ThirtyTwoBit => {
                let mut value = 0;
                encoding::fixed32::merge(wire_type, &mut value, buf, ctx)?;
                encoding::fixed32::encode(tag, &value, bytes);
            }
            WireType::LengthDelimited => {
                let mut value = Vec::new();
                encoding::bytes::merge(wire_type, &mut value, buf, ctx)?;
                encoding::bytes::encode(tag, &value, bytes);
            }
            WireType::StartGroup | WireType::EndGroup => {
                encoding::skip_field(wire_type, tag, buf, ctx)?;
            }
        }
        Ok(())
    }

    fn encoded_len(&self) -> usize {
        self.bytes.len()
    }

    fn clear(&mut self) {
        self.bytes.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::v1::watch_task_response::Update;
    use super::v1::*;
    use super::*;

    fn response() -> WatchTaskResponse {
        WatchTaskResponse {
            cursor: "42".into(),
            update: Some(Update::RecipientStatus(RecipientStatusChanged {
                task_id: "T1".into(),
                info_id: -7,
                target: "8613800000000".into(),
                status: RecipientStatus::Read as i32,
                time: Some(prost_types::Timestamp {
                    seconds: 1_700_000_000,
                    nanos: 5,
                }),
                ..Default::default()
            })),
            progress: Some(TaskProgress {
                task_id: "T1".into(),
                total: 3,
                counts: vec![RecipientCount {
                    status: RecipientStatus::Read as i32,
                    count: 1,
                }],
                ..Default::default()
            }),
            recipient_status_merged: RecipientStatus::Read as i32,
            received_time: None,
        }
    }

    #[test]
    fn an_encoded_message_is_the_message_bytes_and_decodes_back() {
        let message = response();
        let encoded = Encoded::of(&message);
        assert_eq!(encoded.as_bytes(), message.encode_to_vec());
        assert_eq!(encoded.encode_to_vec(), message.encode_to_vec());
        assert_eq!(encoded.to_message().unwrap(), message);
        // Decoded as itself, field by field, it keeps the bytes.
        let again = EncodedWatchTaskResponse::decode(encoded.as_bytes()).unwrap();
        assert_eq!(again.as_bytes(), encoded.as_bytes());
        // A truncated encoding is refused, not kept.
        let cut = &encoded.as_bytes()[..encoded.as_bytes().len() - 1];
        assert!(EncodedWatchTaskResponse::decode(cut).is_err());
    }

    #[test]
    fn a_dropped_encoding_leaves_its_room_for_the_next() {
        let first = Encoded::of(&response());
        let room = first.bytes.as_ptr();
        drop(first);
        let second = Encoded::of(&WatchTaskResponse::default());
        assert_eq!(second.bytes.as_ptr(), room);
        assert!(second.as_bytes().is_empty());
    }
}
