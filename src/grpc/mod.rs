//! The gRPC services. Every unary RPC takes the same path: validate and convert the request,
//! call its platform route, convert the answer. What differs per RPC is data: its route and its
//! message types, listed per service by `unary_service!`.

pub mod account;
pub mod audience;
pub mod caller;
pub mod cloud_port;
pub mod codec;
pub mod conversation;
pub mod idempotency;
pub mod scan_task;
pub mod snapshots;
mod state_changing;

pub use self::state_changing::{CallsUnderWay, DEFAULT_MAX_CALLS_PER_CALLER};
pub mod task;
pub mod watch;

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tonic::metadata::MetadataMap;
use tonic::{Request, Response, Status};

use self::idempotency::{Identified, InFlight, RequestIdSettings};
use crate::callers::guard::Guard;
use crate::callers::{self, count_refusal, CallFacts, Permission, Refusal};
use crate::convert::{FromWire, ToWire, WireContext};
use crate::error;
use crate::events::Events;
use crate::observe::rpc::{RpcMethods, RpcType};
use crate::upstream::{Route, Upstream};

/// What the call path needs of a request message: its conversion (to a wire request it can
/// digest and send from a task of its own), its facts for the guard and the audit, its request
/// id.
pub trait UnaryRequest:
    ToWire<Wire: serde::Serialize + Send + 'static> + CallFacts + Identified + prost::Message
{
}

impl<T> UnaryRequest for T where
    T: ToWire<Wire: serde::Serialize + Send + 'static> + CallFacts + Identified + prost::Message
{
}

/// What the call path needs of a response message: its conversion, its facts, and its encoding
/// (a retry's answer is kept encoded).
pub trait UnaryResponse:
    FromWire<Wire: Send> + CallFacts + prost::Message + Default + 'static
{
}

impl<T> UnaryResponse for T where
    T: FromWire<Wire: Send> + CallFacts + prost::Message + Default + 'static
{
}

/// What every RPC handler needs: the platform client, the conversion settings, the event
/// log with its fan-out for the watches, what the watches share (task snapshots), and the
/// callers' blast guard.
#[derive(Debug)]
pub struct Gateway {
    /// The platform client.
    pub upstream: Upstream,
    /// Conversion settings: the platform's clock and tenant id.
    pub cx: WireContext,
    /// The event log and its hub, for the watches and the audit trail.
    pub events: Arc<Events>,
    /// What the watch streams share: task snapshots and their bounds.
    pub watches: watch::Watches,
    /// The blast guard: each caller's call rate and recipient ceilings.
    pub guard: Arc<Guard>,
    /// Calls with a request id in flight here: their duplicates wait for them.
    pub in_flight: Arc<InFlight>,
    /// Which metadata may identify a call.
    pub request_ids: RequestIdSettings,
    /// State-changing calls under way, per caller, bounded; awaited at shutdown.
    pub calls: CallsUnderWay,
}

/// Longest `x-request-id` an audit record keeps: ids are UUIDs or similar.
pub const MAX_REQUEST_ID_CHARS: usize = 128;

impl Gateway {
    /// The one call path of every unary RPC: the caller's permission, the request's conversion
    /// (its validation), then the platform call. A state-changing call also passes the blast
    /// guard and is recorded in the audit trail, durably, before the platform sees it; one with
    /// a request id is sent at most once ([`idempotency`]).
    pub async fn unary<Req, Resp>(
        self: &Arc<Self>,
        route: &'static Route,
        permission: Permission,
        request: Request<Req>,
    ) -> Result<Response<Resp>, Status>
    where
        Req: UnaryRequest,
        Resp: UnaryResponse,
    {
        let caller = callers::caller_of(&request)?;
        if route.read_only {
            caller.require(permission)?;
            record_request_id(
                request
                    .metadata()
                    .get("x-request-id")
                    .and_then(|v| v.to_str().ok()),
            );
            let deadline = caller_deadline(request.metadata());
            let wire_request = request
                .into_inner()
                .to_wire(&self.cx)
                .inspect_err(|_| count_refusal(Refusal::InvalidArgument))?;
            return self
                .read_wire(route, &wire_request, deadline)
                .await
                .map(Response::new);
        }
        self.state_changing(route, permission, caller, request)
            .await
    }

    /// A read-only platform call on the gateway's own behalf (a watch's snapshot), or a caller's
    /// once admitted.
    pub async fn read<Req: ToWire, Resp: FromWire>(
        &self,
        route: &Route,
        message: Req,
        deadline: Option<Duration>,
    ) -> Result<Resp, Status> {
        let wire_request = message.to_wire(&self.cx)?;
        self.read_wire(route, &wire_request, deadline).await
    }

    /// A read-only platform call of a request already converted.
    async fn read_wire<W: serde::Serialize, Resp: FromWire>(
        &self,
        route: &Route,
        wire_request: &W,
        deadline: Option<Duration>,
    ) -> Result<Resp, Status> {
        debug_assert!(route.read_only, "{} changes state", route.path);
        let data: Resp::Wire = self.upstream.call(route, wire_request, deadline).await?;
        Resp::from_wire(data, &self.cx).map_err(|detail| error::undecodable(route.path, detail))
    }
}

/// Records the caller's request id (cut to [`MAX_REQUEST_ID_CHARS`]) on the RPC's span, so the
/// call's log lines and trace carry it.
fn record_request_id(request_id: Option<&str>) {
    if let Some(id) = request_id.filter(|id| !id.is_empty()) {
        let end = id
            .char_indices()
            .nth(MAX_REQUEST_ID_CHARS)
            .map_or(id.len(), |(at, _)| at);
        tracing::Span::current().record("request_id", &id[..end]);
    }
}

/// The caller's deadline less the margin the gateway keeps to answer in time.
fn caller_deadline(metadata: &MetadataMap) -> Option<Duration> {
    grpc_timeout(metadata).map(|d| d.saturating_sub(deadline_margin(d)))
}

/// Now, in milliseconds since the Unix epoch: the audit trail's and the guard's clock.
pub(crate) fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// Time kept back from the caller's deadline so the gateway itself answers DEADLINE_EXCEEDED,
/// with its ErrorInfo, before the caller's own timer cancels the call (which reports
/// CANCELLED): a tenth of it, at most 100 ms, room for the answer to travel on a busy host.
fn deadline_margin(deadline: Duration) -> Duration {
    (deadline / 10).min(Duration::from_millis(100))
}

/// The caller's deadline from the `grpc-timeout` header (`<digits><unit>`, unit one of
/// H M S m u n), so the platform call never outlives the caller's patience.
pub fn grpc_timeout(metadata: &MetadataMap) -> Option<Duration> {
    let raw = metadata.get("grpc-timeout")?.to_str().ok()?;
    let (digits, unit) = raw.split_at_checked(raw.len().checked_sub(1)?)?;
    let value: u64 = digits.parse().ok()?;
    Some(match unit {
        "H" => Duration::from_secs(value.saturating_mul(3600)),
        "M" => Duration::from_secs(value.saturating_mul(60)),
        "S" => Duration::from_secs(value),
        "m" => Duration::from_millis(value),
        "u" => Duration::from_micros(value),
        "n" => Duration::from_nanos(value),
        _ => return None,
    })
}

/// A unary service's RPCs: each one's Rust name, permission, and whether it changes state.
pub type RpcTable = &'static [(&'static str, Permission, bool)];

/// An RPC and the permission its caller needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RpcPermission {
    /// The full method path, e.g. `/wadispatch.v1.TaskService/StartTasks`.
    pub path: String,
    /// `None`: any known caller may call it.
    pub permission: Option<Permission>,
    /// Whether it changes state on the platform, and so is recorded in the audit trail.
    pub audited: bool,
    /// Whether it answers with a stream (the watches).
    pub server_streaming: bool,
}

/// Every RPC the gateway serves and its permission, from the services' tables and the streams'
/// and CallerService's own: what the README's permission table shows.
pub fn permissions() -> Vec<RpcPermission> {
    use crate::proto::v1::*;
    let unary: [(&str, RpcTable); 6] = [
        (
            task_service_server::SERVICE_NAME,
            task::TaskApi::PERMISSIONS,
        ),
        (
            audience_service_server::SERVICE_NAME,
            audience::AudienceApi::PERMISSIONS,
        ),
        (
            account_service_server::SERVICE_NAME,
            account::AccountApi::PERMISSIONS,
        ),
        (
            conversation_service_server::SERVICE_NAME,
            conversation::ConversationApi::PERMISSIONS,
        ),
        (
            cloud_port_service_server::SERVICE_NAME,
            cloud_port::CloudPortApi::PERMISSIONS,
        ),
        (
            scan_task_service_server::SERVICE_NAME,
            scan_task::ScanTaskApi::PERMISSIONS,
        ),
    ];
    // Their service, Rust name, permission, and whether they stream.
    let others = [
        (
            task_service_server::SERVICE_NAME,
            "watch_task",
            Some(task::WATCH_TASK_PERMISSION),
            true,
        ),
        (
            account_service_server::SERVICE_NAME,
            "watch_accounts",
            Some(account::WATCH_ACCOUNTS_PERMISSION),
            true,
        ),
        (
            caller_service_server::SERVICE_NAME,
            "get_caller",
            None,
            false,
        ),
        (
            caller_service_server::SERVICE_NAME,
            "list_audit_records",
            Some(caller::LIST_AUDIT_RECORDS_PERMISSION),
            false,
        ),
    ];
    unary
        .into_iter()
        .flat_map(|(service, table)| {
            table.iter().map(move |(rpc, permission, audited)| {
                (service, *rpc, Some(*permission), *audited, false)
            })
        })
        .chain(others.map(|(service, rpc, permission, streaming)| {
            (service, rpc, permission, false, streaming)
        }))
        .map(
            |(service, rpc, permission, audited, server_streaming)| RpcPermission {
                path: format!("/{service}/{}", method_name(rpc)),
                permission,
                audited,
                server_streaming,
            },
        )
        .collect()
}

/// The RPC layer's table of every method the gateway serves (its [`permissions`], with health
/// and reflection), for their metrics' labels and their spans' names.
pub fn rpc_methods() -> RpcMethods {
    let rpcs = permissions();
    RpcMethods::new(rpcs.iter().map(|rpc| {
        let kind = if rpc.server_streaming {
            RpcType::ServerStream
        } else {
            RpcType::Unary
        };
        (rpc.path.as_str(), kind)
    }))
}

/// A proto method's name from its Rust one: `start_tasks` -> `StartTasks`.
fn method_name(rust_name: &str) -> String {
    rust_name
        .split('_')
        .flat_map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| first.to_ascii_uppercase())
                .into_iter()
                .chain(chars)
        })
        .collect()
}

/// Implements a proto service: one line per unary RPC, naming its request, response, platform
/// route and the permission its caller needs; the service's streaming RPCs, if any, follow the table as trait items.
macro_rules! unary_service {
    ($api:ident: $service:path { $($rpc:ident($request:ty) -> $response:ty => $route:expr, $permission:ident;)+ } $($streaming:tt)*) => {
        /// Implements the service over the shared [`Gateway`](crate::grpc::Gateway).
        #[derive(Clone, Debug)]
        pub struct $api {
            gateway: std::sync::Arc<$crate::grpc::Gateway>,
        }

        impl $api {
            /// The unary RPCs (by their Rust names), the permission each needs and whether it
            /// changes state (and so is audited), as the table says: the data of
            /// [`permissions`](crate::grpc::permissions).
            pub const PERMISSIONS: $crate::grpc::RpcTable =
                &[$((stringify!($rpc), $crate::callers::Permission::$permission, !$route.read_only)),+];

            /// The service over the shared gateway.
            pub fn new(gateway: std::sync::Arc<$crate::grpc::Gateway>) -> Self {
                Self { gateway }
            }
        }

        #[tonic::async_trait]
        impl $service for $api {
            $(
                async fn $rpc(
                    &self,
                    request: tonic::Request<$request>,
                ) -> Result<tonic::Response<$response>, tonic::Status> {
                    self.gateway
                        .unary(&$route, $crate::callers::Permission::$permission, request)
                        .await
                }
            )+
            $($streaming)*
        }
    };
}
pub(crate) use unary_service;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grpc_timeout_units() {
        let mut metadata = MetadataMap::new();
        assert_eq!(grpc_timeout(&metadata), None);
        for (raw, expected) in [
            ("2S", Duration::from_secs(2)),
            ("250m", Duration::from_millis(250)),
            ("1H", Duration::from_secs(3600)),
            ("100u", Duration::from_micros(100)),
        ] {
            metadata.insert("grpc-timeout", raw.parse().unwrap());
            assert_eq!(grpc_timeout(&metadata), Some(expected), "{raw}");
        }
        metadata.insert("grpc-timeout", "5X".parse().unwrap());
        assert_eq!(grpc_timeout(&metadata), None);
    }
}
