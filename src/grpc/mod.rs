//! The gRPC services. Every unary RPC takes the same path: validate and convert the request,
//! call its platform route, convert the answer. What differs per RPC is data: its route and its
//! message types, listed per service by `unary_service!`.

pub mod account;
pub mod audience;
pub mod cloud_port;
pub mod codec;
pub mod conversation;
pub mod scan_task;
pub mod snapshots;
pub mod task;
pub mod watch;

use std::sync::Arc;
use std::time::Duration;

use tonic::metadata::MetadataMap;
use tonic::{Request, Response, Status};

use crate::convert::{FromWire, ToWire, WireContext};
use crate::error;
use crate::events::Events;
use crate::upstream::{Route, Upstream};

/// What every RPC handler needs: the platform client, the conversion settings, the event
/// log with its fan-out for the watches, and what the watches share (task snapshots).
pub struct Gateway {
    pub upstream: Upstream,
    pub cx: WireContext,
    pub events: Arc<Events>,
    pub watches: watch::Watches,
}

impl Gateway {
    /// The one call path of every unary RPC.
    pub async fn unary<Req, Resp>(
        &self,
        route: &Route,
        request: Request<Req>,
    ) -> Result<Response<Resp>, Status>
    where
        Req: ToWire,
        Resp: FromWire,
    {
        let deadline =
            grpc_timeout(request.metadata()).map(|d| d.saturating_sub(deadline_margin(d)));
        let wire_request = request.into_inner().to_wire(&self.cx)?;
        let data: Resp::Wire = self.upstream.call(route, &wire_request, deadline).await?;
        Resp::from_wire(data, &self.cx)
            .map(Response::new)
            .map_err(|detail| error::undecodable(route.path, detail))
    }
}

/// Time kept back from the caller's deadline so the gateway itself answers DEADLINE_EXCEEDED,
/// with its ErrorInfo, before tonic's own timer cancels the call (which reports CANCELLED).
fn deadline_margin(deadline: Duration) -> Duration {
    (deadline / 10).min(Duration::from_millis(20))
}

/// The caller's deadline from the `grpc-timeout` header ("<digits><unit>", unit one of
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

/// Implements a proto service: one line per unary RPC, naming its request, response and
/// platform route; the service's streaming RPCs, if any, follow the table as trait items.
macro_rules! unary_service {
    ($api:ident: $service:path { $($rpc:ident($request:ty) -> $response:ty => $route:expr;)+ } $($streaming:tt)*) => {
        /// Implements the service over the shared [`Gateway`](crate::grpc::Gateway).
        #[derive(Clone)]
        pub struct $api {
            gateway: std::sync::Arc<$crate::grpc::Gateway>,
        }

        impl $api {
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
                    self.gateway.unary(&$route, request).await
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
