//! Compiles proto/wadispatch/v1/*.proto with protox (no protoc needed), generates the tonic
//! server and client code, and writes the descriptor set that gRPC reflection serves.

use std::path::{Path, PathBuf};

use prost::Message;

const PROTO_ROOT: &str = "proto";
const PROTO_DIR: &str = "proto/wadispatch/v1";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // A new or removed file changes the directory's mtime; each file is watched for edits.
    println!("cargo:rerun-if-changed={PROTO_DIR}");
    let mut protos: Vec<PathBuf> = std::fs::read_dir(PROTO_DIR)?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    protos.retain(|path| path.extension().is_some_and(|ext| ext == "proto"));
    protos.sort();
    for proto in &protos {
        println!("cargo:rerun-if-changed={}", proto.display());
    }

    let descriptors = protox::compile(&protos, [PROTO_ROOT])?;
    let out_dir = PathBuf::from(std::env::var("OUT_DIR")?);
    std::fs::write(
        Path::new(&out_dir).join("wadispatch_descriptor.bin"),
        descriptors.encode_to_vec(),
    )?;
    // The messages and the clients.
    tonic_prost_build::configure()
        .build_server(false)
        .build_client(true)
        // A smaller first buffer per call and per watch stream (see src/grpc/codec.rs).
        .codec_path("crate::grpc::codec::GatewayCodec")
        .compile_fds(descriptors.clone())?;
    // The servers, apart: they take the messages made above, except that WatchTask's stream
    // sends messages the gateway encodes itself (see `Encoded` in src/proto.rs).
    let servers = out_dir.join("servers");
    std::fs::create_dir_all(&servers)?;
    tonic_prost_build::configure()
        .build_server(true)
        .build_client(false)
        .codec_path("crate::grpc::codec::GatewayCodec")
        .extern_path(".wadispatch.v1", "crate::proto::v1")
        .extern_path(
            ".wadispatch.v1.WatchTaskResponse",
            "crate::proto::EncodedWatchTaskResponse",
        )
        .out_dir(servers)
        .compile_fds(descriptors)?;
    Ok(())
}
