//! The integration tests, one module per area, in one test binary. Each test binary links the
//! whole library and its dependencies: with one instead of one per file, the rebuild after a
//! change in `src/` takes about a third of the time and the target directory a third of the
//! space, and the slow tests (the descriptor flood, the kill -9 cycles, the simulator runs)
//! overlap with the rest instead of running after them.
//!
//! The modules share one process and one copy of `common`: none may install a process-wide log
//! subscriber or change the working directory or the environment, and the helpers a module adds
//! to a `common` type go on a type of its own (as with the simulator tests' `SimSession<M>`).
//! `tests/webhook_secrets.rs` stays a binary of its own: it captures every log line of its
//! process.

#[path = "../common/mod.rs"]
mod common;

mod account_api;
mod audience_api;
mod binary;
mod browser;
mod callers;
mod cli;
mod cloud_port_api;
mod config_file;
mod connections;
mod conversation_api;
mod crash;
mod dashboard;
mod doc_coverage;
mod e2e;
mod event_log;
mod grpc_web;
mod health;
mod idempotency;
mod jetstream;
mod jetstream_calls;
mod jetstream_e2e;
mod layers;
mod metric_names;
mod metrics;
mod nats_harness;
mod scan_task_api;
mod server;
mod sim_accounts;
mod sim_cloud;
mod sim_delivery;
mod sim_stats;
mod sim_tasks;
mod store_metrics;
mod task_api;
mod tls;
mod traces;
mod upstream_errors;
mod upstream_limits;
mod watch;
mod watch_bounds;
mod webhook_listener;
mod webhook_parse;
