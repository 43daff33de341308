//! wadispatch-gateway: a gRPC gateway in front of a WhatsApp mass-dispatch platform.
//!
//! Data flows top to bottom: `grpc` (one module per proto service) validates and converts with
//! `convert`, calls the platform through `upstream`, whose JSON shapes live in `wire`.
//! `config` defines every flag and builds each component's plain settings struct; no component
//! depends on it. `server` assembles the components, `demo` adds what the demo needs, and
//! `tests/integration/layers.rs` keeps the imports one-way.

pub mod callers;
pub mod client;
pub mod config;
pub mod convert;
pub mod dashboard;
pub mod demo;
pub mod error;
pub mod events;
pub mod grpc;
pub mod listen;
pub mod observe;
pub mod proto;
pub mod server;
pub mod signals;
pub mod sim;
pub mod upstream;
pub mod view;
pub mod webhook;
pub mod wire;
