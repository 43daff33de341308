//! The protobuf codec of every service: prost, with smaller first buffers than tonic's 8 KiB.
//! Each call and each open watch stream holds its encode buffer for as long as it lives (tonic
//! reuses it for every message and never shrinks it); 10,000 idle watches should not hold
//! 80 MiB. Larger messages grow the buffer as needed.
//!
//! Messages are encoded into a per-thread buffer (`proto::Encoded`) and copied into tonic's
//! buffer in one piece, and decoded from the contiguous bytes of tonic's buffer: prost writes and reads a
//! byte at a time, and through tonic's `EncodeBuf` each byte written was a call to
//! `BytesMut::put_slice` and a `memcpy` (a fifth of a replaying gateway's time). The bytes are
//! prost's own, unchanged.

use std::any::TypeId;
use std::marker::PhantomData;

use bytes::{Buf, BufMut};
use prost::Message;
use tonic::codec::{BufferSettings, Codec, DecodeBuf, Decoder, EncodeBuf, Encoder};
use tonic::Status;

use crate::proto::v1::WatchAccountsResponse;
use crate::proto::{Encoded, EncodedWatchTaskResponse};

/// First size of a call's encode and decode buffers: most answers fit, so a unary call encodes
/// without growing it, and the buffer goes with the call.
const FIRST_BUFFER: usize = 1024;
/// First size of a watch stream's encode buffer. The stream keeps it for its whole life, and an
/// idle watch has sent one snapshot and the odd heartbeat: grown (doubling) from here the buffer
/// ends at the size of the largest message sent so far (256 bytes for a small task's snapshot)
/// rather than at `FIRST_BUFFER`. A replay grows it to `YIELD_THRESHOLD` within its first
/// batch. Not 0: tonic sizes compression's buffer growth by it.
const STREAM_FIRST_BUFFER: usize = 64;
/// tonic's default: encoded messages are flushed once this much is buffered.
const YIELD_THRESHOLD: usize = 32 * 1024;
/// The messages of the long-lived server streams.
fn is_stream_message<T: 'static>() -> bool {
    let message = TypeId::of::<T>();
    message == TypeId::of::<EncodedWatchTaskResponse>()
        || message == TypeId::of::<WatchAccountsResponse>()
}

/// Messages already encoded: copied in one piece, not encoded again.
fn is_encoded<T: 'static>() -> bool {
    TypeId::of::<T>() == TypeId::of::<EncodedWatchTaskResponse>()
}

/// Named by build.rs as the codec of the generated servers and clients.
#[derive(Debug, Clone)]
pub struct GatewayCodec<T, U>(std::marker::PhantomData<(T, U)>);

impl<T, U> Default for GatewayCodec<T, U> {
    fn default() -> Self {
        Self(std::marker::PhantomData)
    }
}

impl<T, U> Codec for GatewayCodec<T, U>
where
    T: prost::Message + Send + 'static,
    U: prost::Message + Default + Send + 'static,
{
    type Encode = T;
    type Decode = U;
    type Encoder = GatewayEncoder<T>;
    type Decoder = GatewayDecoder<U>;

    fn encoder(&mut self) -> Self::Encoder {
        GatewayEncoder(PhantomData)
    }

    // A server reads one request and drops its buffer; a client's stream keeps the larger one,
    // which a replay fills at once.
    fn decoder(&mut self) -> Self::Decoder {
        GatewayDecoder(PhantomData)
    }
}

fn buffer_settings() -> BufferSettings {
    BufferSettings::new(FIRST_BUFFER, YIELD_THRESHOLD)
}

/// Encodes a `T` with prost through the thread's spare buffer (`proto::Encoded`).
#[derive(Debug)]
pub struct GatewayEncoder<T>(PhantomData<fn(T)>);

impl<T: Message + 'static> Encoder for GatewayEncoder<T> {
    type Item = T;
    type Error = Status;

    fn encode(&mut self, item: T, dst: &mut EncodeBuf<'_>) -> Result<(), Status> {
        if is_encoded::<T>() {
            item.encode_raw(dst);
            return Ok(());
        }
        // Through the thread's spare buffer, then into tonic's in one piece.
        dst.put_slice(Encoded::of(&item).as_bytes());
        Ok(())
    }

    fn buffer_settings(&self) -> BufferSettings {
        let first = if is_stream_message::<T>() {
            STREAM_FIRST_BUFFER
        } else {
            FIRST_BUFFER
        };
        BufferSettings::new(first, YIELD_THRESHOLD)
    }
}

/// Decodes a `U` with prost from the message's bytes, which tonic holds in one piece.
#[derive(Debug)]
pub struct GatewayDecoder<U>(PhantomData<fn() -> U>);

impl<U: Message + Default> Decoder for GatewayDecoder<U> {
    type Item = U;
    type Error = Status;

    fn decode(&mut self, src: &mut DecodeBuf<'_>) -> Result<Option<U>, Status> {
        let len = src.remaining();
        let decoded = if src.chunk().len() == len {
            let decoded = U::decode(src.chunk());
            src.advance(len);
            decoded
        } else {
            U::decode(src)
        };
        // As tonic's prost codec maps a malformed message.
        decoded
            .map(Some)
            .map_err(|e| Status::internal(e.to_string()))
    }

    fn buffer_settings(&self) -> BufferSettings {
        buffer_settings()
    }
}

#[cfg(test)]
mod tests {
    use http_body_util::BodyExt;
    use tonic::codec::{EncodeBody, SingleMessageCompressionOverride, Streaming};
    use tonic_prost::ProstCodec;

    use super::*;
    use crate::proto::v1::watch_task_response::Update;
    use crate::proto::v1::*;

    /// A replayed recipient status as a stream sends it, every field set.
    fn replayed(n: i64) -> WatchTaskResponse {
        WatchTaskResponse {
            cursor: (1_000_000 + n).to_string(),
            update: Some(Update::RecipientStatus(RecipientStatusChanged {
                task_id: "task-7".into(),
                info_id: n,
                sender_phone: "8613800000000".into(),
                target: format!("86139{n:08}"),
                status: RecipientStatus::Read as i32,
                time: Some(prost_types::Timestamp {
                    seconds: 1_764_500_000 + n,
                    nanos: 5_000_000,
                }),
                failure_reason: FailureReason::Unspecified as i32,
                trans_id: "t-1".into(),
            })),
            progress: Some(TaskProgress {
                task_id: "task-7".into(),
                status: TaskStatus::Dispatching as i32,
                total: 5000,
                counts: vec![RecipientCount {
                    status: RecipientStatus::Read as i32,
                    count: 300 + n as i32,
                }],
                failures: vec![FailureCount {
                    reason: FailureReason::Timeout as i32,
                    count: 2,
                }],
                replies: 1,
            }),
            recipient_status_merged: RecipientStatus::Read as i32,
            received_time: Some(prost_types::Timestamp {
                seconds: 1_764_500_001,
                nanos: 1,
            }),
        }
    }

    /// The body a server sends for `messages` with `encoder`.
    async fn body_of<E, T>(encoder: E, messages: Vec<T>) -> bytes::Bytes
    where
        E: Encoder<Item = T, Error = Status> + Send + 'static,
        T: Send + 'static,
    {
        let source = tokio_stream::iter(messages.into_iter().map(Ok));
        let body = EncodeBody::new_server(
            encoder,
            source,
            None,
            SingleMessageCompressionOverride::default(),
            None,
        );
        let collected = body.collect().await.expect("an encoded body");
        collected.to_bytes()
    }

    #[tokio::test]
    async fn the_bytes_are_prost_s_and_decode_to_the_same_messages() {
        // Larger than a thread's spare buffer keeps, so a message that frees it is among them.
        let mut big = replayed(0);
        let Some(Update::RecipientStatus(status)) = &mut big.update else {
            unreachable!()
        };
        status.trans_id = "x".repeat(crate::proto::SPARE_ROOM + 1);
        let mut messages: Vec<_> = (1..200).map(replayed).collect();
        messages.insert(100, big);
        messages.push(WatchTaskResponse::default());

        let ours = body_of(GatewayEncoder(PhantomData), messages.clone()).await;
        let tonic_s = ProstCodec::<WatchTaskResponse, WatchTaskRequest>::default().encoder();
        let theirs = body_of(tonic_s, messages.clone()).await;
        assert_eq!(ours, theirs, "the same gRPC frames, byte for byte");
        // And as a stream sends them, encoded before the codec sees them.
        let encoded = messages.iter().map(Encoded::of).collect();
        let sent = body_of(
            GatewayEncoder::<EncodedWatchTaskResponse>(PhantomData),
            encoded,
        );
        assert_eq!(sent.await, theirs, "encoded messages, the same frames");

        let body = http_body_util::Full::new(ours);
        let mut decoded: Streaming<WatchTaskResponse> =
            Streaming::new_request(GatewayDecoder(PhantomData), body, None, None);
        let mut back = Vec::new();
        while let Some(message) = decoded.message().await.expect("a valid message") {
            back.push(message);
        }
        assert_eq!(back, messages);
    }

    #[tokio::test]
    async fn a_malformed_message_is_an_internal_error() {
        // A frame of 2 bytes: field 1 (a string) claiming 5 bytes it does not have.
        let frame = bytes::Bytes::from_static(&[0, 0, 0, 0, 2, 0x0a, 5]);
        let body = http_body_util::Full::new(frame);
        let mut decoded: Streaming<WatchTaskResponse> =
            Streaming::new_request(GatewayDecoder(PhantomData), body, None, None);
        let status = decoded.message().await.expect_err("refused");
        assert_eq!(status.code(), tonic::Code::Internal);
    }

    #[test]
    fn only_the_watch_streams_start_small() {
        assert!(is_stream_message::<EncodedWatchTaskResponse>());
        assert!(is_stream_message::<WatchAccountsResponse>());
        assert!(!is_stream_message::<WatchTaskRequest>());
        assert!(!is_stream_message::<
            crate::proto::v1::GetTaskExecutionStatusResponse,
        >());
    }
}
