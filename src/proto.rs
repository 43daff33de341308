//! Code generated from proto/wadispatch/v1 by build.rs.

/// Package `wadispatch.v1`: services, requests, responses, enums and events.
#[allow(clippy::all, missing_docs)]
pub mod v1 {
    tonic::include_proto!("wadispatch.v1");
}

/// Encoded `FileDescriptorSet` of every proto file, for gRPC reflection.
pub const FILE_DESCRIPTOR_SET: &[u8] =
    include_bytes!(concat!(env!("OUT_DIR"), "/wadispatch_descriptor.bin"));
