//! What an operator sees of the gateway: Prometheus metrics (`metrics`), health as liveness and
//! readiness (`health`), the HTTP endpoint that serves both to tools that cannot speak gRPC
//! (`endpoint`), and logs and traces (`trace`). Every stage of the data flow records into it; it
//! depends on none of them.

pub mod endpoint;
pub mod health;
pub mod http;
pub mod metrics;
pub mod rpc;
pub mod trace;
