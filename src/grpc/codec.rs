//! The protobuf codec of every service: prost, with a smaller first buffer than tonic's 8 KiB.
//! Each call and each open watch stream holds its encode buffer for as long as it lives; an
//! idle watch has sent one small snapshot, and 10,000 of them should not hold 80 MiB. Larger
//! messages grow the buffer as needed.

use tonic::codec::{BufferSettings, Codec};
use tonic_prost::ProstCodec;

/// First size of a call's encode and decode buffers.
const FIRST_BUFFER: usize = 1024;
/// tonic's default: encoded messages are flushed once this much is buffered.
const YIELD_THRESHOLD: usize = 32 * 1024;

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
        ProstCodec::<T, U>::raw_encoder(BufferSettings::new(FIRST_BUFFER, YIELD_THRESHOLD))
    }

    fn decoder(&mut self) -> Self::Decoder {
        ProstCodec::<T, U>::raw_decoder(BufferSettings::new(FIRST_BUFFER, YIELD_THRESHOLD))
    }
}
