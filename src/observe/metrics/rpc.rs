//! gRPC calls, under the names go-grpc-middleware's Prometheus provider uses
//! (`grpc_server_started_total`, `grpc_server_handled_total`, `grpc_server_handling_seconds`),
//! which the common gRPC dashboards query.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::Histogram;

use super::latency_histogram;
use super::Families;

/// Which RPC: its type (`unary`, `server_stream`, `bidi_stream`), service and method. Methods
/// the gateway does not serve are counted under type, service and method `unknown`.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RpcLabels {
    /// `unary`, `server_stream` (the watches, health's Watch) or `bidi_stream` (reflection).
    pub grpc_type: &'static str,
    /// The full service name, e.g. `wadispatch.v1.TaskService`.
    pub grpc_service: &'static str,
    /// The method, e.g. `CreateTask`.
    pub grpc_method: &'static str,
}

/// An RPC and the code it ended with.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct HandledLabels {
    /// `unary`, `server_stream` (the watches, health's Watch) or `bidi_stream` (reflection).
    pub grpc_type: &'static str,
    /// The full service name.
    pub grpc_service: &'static str,
    /// The method.
    pub grpc_method: &'static str,
    /// The gRPC status code's name as Go spells it: `OK`, `InvalidArgument`, `Unavailable`...
    pub grpc_code: &'static str,
}

/// Calls as they arrive and end.
#[derive(Debug)]
pub struct RpcMetrics {
    /// RPCs started.
    pub started: Family<RpcLabels, Counter>,
    /// RPCs completed, by code.
    pub handled: Family<HandledLabels, Counter>,
    /// Time from the request's arrival to the response's end (a stream's whole life).
    pub handling_seconds: Family<RpcLabels, Histogram, fn() -> Histogram>,
}

impl RpcMetrics {
    pub(super) fn register(registry: &mut Families<'_>) -> Self {
        let metrics = Self {
            started: Family::default(),
            handled: Family::default(),
            handling_seconds: Family::new_with_constructor(latency_histogram),
        };
        registry.register(
            "grpc_server_started",
            "RPCs started on the server",
            metrics.started.clone(),
        );
        registry.register(
            "grpc_server_handled",
            "RPCs completed on the server, by gRPC code",
            metrics.handled.clone(),
        );
        registry.register(
            "grpc_server_handling_seconds",
            "Time from an RPC's arrival to the end of its response (a stream's whole life)",
            metrics.handling_seconds.clone(),
        );
        metrics
    }
}
