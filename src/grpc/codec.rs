//! The protobuf codec of every service: prost, with smaller first buffers than tonic's 8 KiB.
//! Each call and each open watch stream holds its encode buffer for as long as it lives (tonic
//! reuses it for every message and never shrinks it); 10,000 idle watches should not hold
//! 80 MiB. Larger messages grow the buffer as needed.

use std::any::TypeId;

use tonic::codec::{BufferSettings, Codec};
use tonic_prost::ProstCodec;

use crate::proto::v1::{WatchAccountsResponse, WatchTaskResponse};

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
    message == TypeId::of::<WatchTaskResponse>() || message == TypeId::of::<WatchAccountsResponse>()
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
    type Encoder = <ProstCodec<T, U> as Codec>::Encoder;
    type Decoder = <ProstCodec<T, U> as Codec>::Decoder;

    fn encoder(&mut self) -> Self::Encoder {
        let first = if is_stream_message::<T>() {
            STREAM_FIRST_BUFFER
        } else {
            FIRST_BUFFER
        };
        ProstCodec::<T, U>::raw_encoder(BufferSettings::new(first, YIELD_THRESHOLD))
    }

    // A server reads one request and drops its buffer; a client's stream keeps the larger one,
    // which a replay fills at once.
    fn decoder(&mut self) -> Self::Decoder {
        ProstCodec::<T, U>::raw_decoder(BufferSettings::new(FIRST_BUFFER, YIELD_THRESHOLD))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proto::v1::{WatchTaskRequest, WatchTaskResponse};

    #[test]
    fn only_the_watch_streams_start_small() {
        assert!(is_stream_message::<WatchTaskResponse>());
        assert!(is_stream_message::<WatchAccountsResponse>());
        assert!(!is_stream_message::<WatchTaskRequest>());
        assert!(!is_stream_message::<
            crate::proto::v1::GetTaskExecutionStatusResponse,
        >());
    }
}
