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
pub mod task;
pub mod watch;

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use tonic::metadata::{MetadataMap, MetadataValue};
use tonic::{Code, Request, Response, Status};

use self::idempotency::{Identified, InFlight, Join, Lead, RequestIdSettings, SharedAnswer};
use crate::callers::authenticate::RpcPath;
use crate::callers::facts::MAX_SUBJECTS;
use crate::callers::guard::{Charge, Guard};
use crate::callers::{self, CallFacts, Caller, Permission, Recipients};
use crate::convert::{FromWire, ToWire, WireContext};
use crate::error;
use crate::events::audit::{AuditEntry, AuditOutcome};
use crate::events::log::requests::{EarlierRequest, EarlierState, RequestClaim, RequestEnd};
use crate::events::log::{CallBegun, EventLog};
use crate::events::Events;
use crate::upstream::{Route, Upstream, UpstreamError};

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
        Req: ToWire + CallFacts + Identified + prost::Message,
        Req::Wire: serde::Serialize + Send + 'static,
        Resp: FromWire + CallFacts + prost::Message + Default + 'static,
        Resp::Wire: Send,
    {
        let caller = callers::caller_of(&request)?;
        if route.read_only {
            caller.require(permission)?;
            let deadline = caller_deadline(request.metadata());
            return self
                .read(route, request.into_inner(), deadline)
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
        debug_assert!(route.read_only, "{} changes state", route.path);
        let wire_request = message.to_wire(&self.cx)?;
        let data: Resp::Wire = self.upstream.call(route, &wire_request, deadline).await?;
        Resp::from_wire(data, &self.cx).map_err(|detail| error::undecodable(route.path, detail))
    }

    async fn state_changing<Req, Resp>(
        self: &Arc<Self>,
        route: &'static Route,
        permission: Permission,
        caller: Caller,
        request: Request<Req>,
    ) -> Result<Response<Resp>, Status>
    where
        Req: ToWire + CallFacts + Identified + prost::Message,
        Req::Wire: serde::Serialize + Send + 'static,
        Resp: FromWire + CallFacts + prost::Message + Default + 'static,
        Resp::Wire: Send,
    {
        let started = Instant::now();
        let deadline = caller_deadline(request.metadata());
        let entry = audit_entry(&caller, route, &request);
        let key = idempotency::request_key(
            &caller,
            &entry.rpc,
            request.get_ref().request_id(),
            request.metadata(),
            self.request_ids,
        );
        let message = request.into_inner();
        let recipients = match message.recipients() {
            Recipients::None => 0,
            Recipients::Known(n) => n,
            Recipients::Unknown => caller.limits.unknown_recipients,
        };
        let mut subjects = message.subjects();
        subjects.truncate(MAX_SUBJECTS);
        let entry = AuditEntry {
            subjects,
            recipients,
            request_bytes: message.encoded_len() as u64,
            // As the caller sent it: a scoped `x-request-id` key shows as the header came.
            request_id: key
                .as_ref()
                .ok()
                .and_then(Option::as_ref)
                .filter(|key| !key.request_id.starts_with(idempotency::X_REQUEST_ID))
                .map(|key| key.request_id.clone())
                .or(entry.request_id),
            ..entry
        };
        // Kept only for a retry's answer, which may look for evidence of what a create did.
        let sends_to: Vec<String> = match &key {
            Ok(Some(_)) => message.sends_to().into_iter().map(str::to_owned).collect(),
            _ => Vec::new(),
        };
        // Refused before the platform: recorded with its outcome, nothing charged.
        let admitted = caller
            .require(permission)
            .and(key)
            .and_then(|key| Ok((key, message.to_wire(&self.cx)?)))
            .and_then(|(key, wire)| {
                Ok((
                    key,
                    wire,
                    self.guard.charge(&caller, recipients, entry.time_ms)?,
                ))
            });
        let (key, wire_request, charge) = match admitted {
            Ok(admitted) => admitted,
            Err(status) => {
                self.record_unsent(entry, status.code()).await;
                return Err(status);
            }
        };
        let identity = match key {
            None => None,
            Some(key) => {
                let digest = idempotency::request_digest(route, &wire_request);
                match self.in_flight.join(&key, digest, entry.time_ms) {
                    Join::Lead(lead) => Some(Identity {
                        lead,
                        digest,
                        sends_to,
                    }),
                    Join::Follow(answer) => {
                        self.guard.refund(charge);
                        let answer = idempotency::follow(answer, deadline, started).await;
                        self.record_unsent(entry, answer_code(&answer)).await;
                        return idempotency::decode(answer).map(Response::new);
                    }
                    Join::Reused { first_attempt_ms } => {
                        self.guard.refund(charge);
                        let status = error::request_id_reused(&key.request_id, first_attempt_ms);
                        self.record_unsent(entry, status.code()).await;
                        return Err(status);
                    }
                }
            }
        };
        // Sent from a task of its own: once recorded, a call runs to its end and its outcome is
        // recorded even if its caller goes away.
        let gateway = self.clone();
        let sent = tokio::spawn(async move {
            gateway
                .send::<Resp, _>(route, entry, identity, wire_request, charge, deadline)
                .await
        });
        let mut response = match sent.await {
            Ok(answer) => Response::new(answer?),
            Err(error) => return Err(Status::internal(format!("the call's task failed: {error}"))),
        };
        if recipients > 0 {
            self.quota_metadata(&caller, response.metadata_mut());
        }
        Ok(response)
    }

    /// Records an admitted call (claiming its request id), sends it, and records its outcome
    /// (settling its request id, answering the duplicates waiting on it).
    async fn send<Resp, W>(
        self: Arc<Self>,
        route: &'static Route,
        entry: AuditEntry,
        identity: Option<Identity>,
        wire_request: W,
        charge: Charge,
        deadline: Option<Duration>,
    ) -> Result<Resp, Status>
    where
        Resp: FromWire + CallFacts + prost::Message + Default,
        W: serde::Serialize,
    {
        let claim = identity.as_ref().map(|identity| RequestClaim {
            key: identity.lead.key().clone(),
            digest: identity.digest,
            started_ms: entry.time_ms,
        });
        // No state change goes unrecorded: without a durable record the call is not sent.
        let (audit_id, cursor) = match self.events.log.begin_call(entry.clone(), claim).await {
            Ok(CallBegun::Recorded { audit_id, cursor }) => (audit_id, cursor),
            Ok(CallBegun::Earlier(earlier)) => {
                self.guard.refund(charge);
                let answer = match &identity {
                    Some(identity) => {
                        let answer = identity.answer_earlier(&earlier, &*self.events.log).await;
                        identity.lead.publish(answer.clone());
                        answer
                    }
                    None => Err(Status::internal(
                        "an unidentified call found an earlier one",
                    )),
                };
                self.record_unsent(entry, answer_code(&answer)).await;
                return idempotency::decode(answer);
            }
            Err(error) => {
                self.guard.refund(charge);
                let status = error::audit_unavailable(&error.to_string());
                if let Some(identity) = &identity {
                    identity.lead.publish(Err(status.clone()));
                }
                return Err(status);
            }
        };
        let called: Result<Resp::Wire, UpstreamError> =
            self.upstream.call(route, &wire_request, deadline).await;
        let (answer, outcome) = settle::<Resp>(called, route, &self.cx);
        let charged = outcome.charged;
        if !charged {
            self.guard.refund(charge);
        } else {
            drop(charge);
        }
        let end = match (&answer, charged) {
            (Ok(response), _) => {
                RequestEnd::Answered((!Resp::HOLDS_SECRET).then(|| response.encode_to_vec()))
            }
            // Nothing was done: a retry may be sent.
            (Err(_), false) => RequestEnd::Failed,
            (Err(_), true) => RequestEnd::Unknown,
        };
        let request = identity
            .as_ref()
            .map(|identity| (identity.lead.key().clone(), end.clone()));
        if let Err(error) = self.events.log.end_call(audit_id, outcome, request).await {
            // Left in flight in the store: a later retry is answered OUTCOME_UNKNOWN, never sent.
            tracing::error!(%error, audit_id, "cannot record a call's outcome in the audit trail");
        }
        if let Some(identity) = identity {
            let shared = match (&answer, end) {
                (Ok(response), _) => Ok(response.encode_to_vec().into()),
                (Err(_), RequestEnd::Unknown) => {
                    let unknown = EarlierRequest {
                        same_request: true,
                        started_ms: entry.time_ms,
                        started_seq: cursor,
                        state: EarlierState::Unknown,
                    };
                    identity.answer_earlier(&unknown, &*self.events.log).await
                }
                (Err(status), _) => Err(status.clone()),
            };
            identity.lead.publish(shared);
        }
        answer
    }

    /// Records a call that was not sent (refused, or answered from an earlier call with its
    /// request id). Best effort: the answer stands whether or not it could be recorded.
    async fn record_unsent(&self, entry: AuditEntry, code: Code) {
        let outcome = AuditOutcome {
            grpc_code: code_name(code),
            platform_code: None,
            subjects: Vec::new(),
            charged: false,
        };
        if let Err(error) = self.events.log.audit(entry, Some(outcome)).await {
            tracing::error!(%error, "cannot record an unsent call in the audit trail");
        }
    }

    /// What the caller's recipient ceilings leave, as response metadata
    /// (`wadispatch-recipients-per-hour-remaining`, `...-per-day-remaining`).
    fn quota_metadata(&self, caller: &Caller, metadata: &mut MetadataMap) {
        let standing = self
            .guard
            .standing(caller, std::time::Instant::now(), now_ms());
        for (limit, _, ceiling, used) in standing.quotas {
            let key = format!("wadispatch-{}-remaining", limit.replace('_', "-"));
            if let Ok(key) = tonic::metadata::MetadataKey::from_bytes(key.as_bytes()) {
                metadata.insert(key, MetadataValue::from(ceiling.saturating_sub(used)));
            }
        }
    }
}

/// An identified call's part in the idempotency of its request id.
#[derive(Debug)]
struct Identity {
    lead: Lead,
    digest: [u8; 32],
    sends_to: Vec<String>,
}

impl Identity {
    async fn answer_earlier(&self, earlier: &EarlierRequest, log: &dyn EventLog) -> SharedAnswer {
        let sends_to: Vec<&str> = self.sends_to.iter().map(String::as_str).collect();
        idempotency::answer_earlier(earlier, &self.lead.key().request_id, &sends_to, log).await
    }
}

/// The code of a shared answer.
fn answer_code(answer: &SharedAnswer) -> Code {
    answer.as_ref().map_or_else(Status::code, |_| Code::Ok)
}

/// The caller's deadline less the margin the gateway keeps to answer in time.
fn caller_deadline(metadata: &MetadataMap) -> Option<Duration> {
    grpc_timeout(metadata).map(|d| d.saturating_sub(deadline_margin(d)))
}

/// The audit entry of a call, before its message is read.
fn audit_entry<T>(caller: &Caller, route: &Route, request: &Request<T>) -> AuditEntry {
    let request_id = request
        .metadata()
        .get("x-request-id")
        .and_then(|value| value.to_str().ok())
        .map(|id| id.chars().take(MAX_REQUEST_ID_CHARS).collect());
    AuditEntry {
        time_ms: now_ms(),
        caller: caller.name.to_string(),
        caller_source: caller.source.as_str(),
        rpc: request
            .extensions()
            .get::<RpcPath>()
            .map_or_else(String::new, |path| path.0.to_string()),
        platform_path: route.path,
        subjects: Vec::new(),
        recipients: 0,
        request_bytes: 0,
        request_id,
    }
}

/// The name of a gRPC code as the gRPC spec writes it (`OK`, `INVALID_ARGUMENT`...): what the
/// audit trail stores, so that storage does not depend on the RPC framework's types.
fn code_name(code: Code) -> &'static str {
    use Code::*;
    match code {
        Ok => "OK",
        Cancelled => "CANCELLED",
        Unknown => "UNKNOWN",
        InvalidArgument => "INVALID_ARGUMENT",
        DeadlineExceeded => "DEADLINE_EXCEEDED",
        NotFound => "NOT_FOUND",
        AlreadyExists => "ALREADY_EXISTS",
        PermissionDenied => "PERMISSION_DENIED",
        ResourceExhausted => "RESOURCE_EXHAUSTED",
        FailedPrecondition => "FAILED_PRECONDITION",
        Aborted => "ABORTED",
        OutOfRange => "OUT_OF_RANGE",
        Unimplemented => "UNIMPLEMENTED",
        Internal => "INTERNAL",
        Unavailable => "UNAVAILABLE",
        DataLoss => "DATA_LOSS",
        Unauthenticated => "UNAUTHENTICATED",
    }
}

/// The answer to the caller and the audit outcome of a platform call. The recipients stay
/// charged unless the call certainly sent nothing: it never left the gateway, or the platform
/// refused it.
fn settle<Resp: FromWire + CallFacts>(
    called: Result<Resp::Wire, UpstreamError>,
    route: &Route,
    cx: &WireContext,
) -> (Result<Resp, Status>, AuditOutcome) {
    let (platform_code, charged) = match &called {
        Ok(_) => (None, true),
        Err(UpstreamError::Platform { code, .. }) => (Some(*code), false),
        Err(UpstreamError::HttpStatus { status, .. }) => (None, *status >= 500),
        Err(UpstreamError::Saturated { .. } | UpstreamError::Connect(_)) => (None, false),
        Err(_) => (None, true),
    };
    let answer = called.map_err(Status::from).and_then(|data| {
        Resp::from_wire(data, cx).map_err(|detail| error::undecodable(route.path, detail))
    });
    let outcome = AuditOutcome {
        grpc_code: code_name(answer.as_ref().map_or_else(Status::code, |_| Code::Ok)),
        platform_code,
        subjects: answer.as_ref().map_or_else(
            |_| Vec::new(),
            |response| {
                let mut subjects = response.subjects();
                subjects.truncate(MAX_SUBJECTS);
                subjects
            },
        ),
        charged,
    };
    (answer, outcome)
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
    let others = [
        (
            task_service_server::SERVICE_NAME,
            "watch_task",
            Some(task::WATCH_TASK_PERMISSION),
        ),
        (
            account_service_server::SERVICE_NAME,
            "watch_accounts",
            Some(account::WATCH_ACCOUNTS_PERMISSION),
        ),
        (caller_service_server::SERVICE_NAME, "get_caller", None),
        (
            caller_service_server::SERVICE_NAME,
            "list_audit_records",
            Some(caller::LIST_AUDIT_RECORDS_PERMISSION),
        ),
    ];
    unary
        .into_iter()
        .flat_map(|(service, table)| {
            table
                .iter()
                .map(move |(rpc, permission, audited)| (service, *rpc, Some(*permission), *audited))
        })
        .chain(others.map(|(service, rpc, permission)| (service, rpc, permission, false)))
        .map(|(service, rpc, permission, audited)| RpcPermission {
            path: format!("/{service}/{}", method_name(rpc)),
            permission,
            audited,
        })
        .collect()
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
