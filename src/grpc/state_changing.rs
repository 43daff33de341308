//! The state-changing half of the call path: the blast guard, the request id (a duplicate in
//! flight waits, a retry is answered from its record), the audit record and request claim
//! committed before the platform call, the call in a task of its own, and the outcome recorded
//! and shared after it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use tonic::metadata::{MetadataMap, MetadataValue};
use tonic::{Code, Request, Response, Status};
use tracing::Instrument;

use super::idempotency::{self, Join, Lead, SharedAnswer};
use super::{
    caller_deadline, now_ms, record_request_id, Gateway, UnaryRequest, UnaryResponse,
    MAX_REQUEST_ID_CHARS,
};
use crate::callers::authenticate::RpcPath;
use crate::callers::facts::MAX_SUBJECTS;
use crate::callers::guard::Charge;
use crate::callers::{count_refusal, CallFacts, Caller, Permission, Recipients, Refusal};
use crate::convert::{FromWire, WireContext};
use crate::error;
use crate::events::audit::{AuditEntry, AuditOutcome};
use crate::events::log::requests::{EarlierRequest, EarlierState, RequestClaim, RequestEnd};
use crate::events::log::{CallBegun, EventLog};
use crate::upstream::{Route, UpstreamError};

/// Default cap on one caller's state-changing calls under way: four times the platform client's
/// default call slots, room for any honest burst. What it bounds is a caller that cancels its
/// calls and sends more, since a call once recorded runs to its end without its caller.
pub const DEFAULT_MAX_CALLS_PER_CALLER: usize = 256;

/// The state-changing calls running in tasks of their own: counted per caller (bounded, so a
/// caller cannot pile up calls by cancelling them) and tracked, so that shutdown waits for them.
#[derive(Debug, Clone)]
pub struct CallsUnderWay {
    per_caller: Arc<Mutex<HashMap<Arc<str>, usize>>>,
    max_per_caller: usize,
    tasks: tokio_util::task::TaskTracker,
}

/// One caller's place among the calls under way, given back when dropped.
#[derive(Debug)]
struct CallSlot {
    calls: CallsUnderWay,
    caller: Arc<str>,
}

impl CallsUnderWay {
    /// At most `max_per_caller` calls under way per caller.
    pub fn new(max_per_caller: usize) -> Self {
        CallsUnderWay {
            per_caller: Default::default(),
            max_per_caller,
            tasks: tokio_util::task::TaskTracker::new(),
        }
    }

    /// A place for one more call of `caller`, if it has fewer than its cap under way.
    fn admit(&self, caller: &Arc<str>) -> Result<CallSlot, Status> {
        let mut per_caller = self
            .per_caller
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let count = per_caller.entry(caller.clone()).or_default();
        if *count >= self.max_per_caller {
            count_refusal(Refusal::CallsUnderWay);
            return Err(error::calls_under_way_exceeded(self.max_per_caller));
        }
        *count += 1;
        Ok(CallSlot {
            calls: self.clone(),
            caller: caller.clone(),
        })
    }

    /// Stops taking calls and waits, at most `grace`, for those under way; true if they all
    /// ended.
    pub async fn finish(&self, grace: Duration) -> bool {
        self.tasks.close();
        tokio::time::timeout(grace, self.tasks.wait()).await.is_ok()
    }
}

impl Drop for CallSlot {
    fn drop(&mut self) {
        let mut per_caller = self
            .calls
            .per_caller
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(count) = per_caller.get_mut(&self.caller) {
            *count -= 1;
            // The map holds only callers with calls under way.
            if *count == 0 {
                per_caller.remove(&self.caller);
            }
        }
    }
}

impl Gateway {
    pub(super) async fn state_changing<Req, Resp>(
        self: &Arc<Self>,
        route: &'static Route,
        permission: Permission,
        caller: Caller,
        request: Request<Req>,
    ) -> Result<Response<Resp>, Status>
    where
        Req: UnaryRequest,
        Resp: UnaryResponse,
    {
        let started = Instant::now();
        let deadline = caller_deadline(request.metadata());
        // The platform call gets what is left of it once recorded, not the whole of it again.
        let deadline_at = deadline.map(|deadline| started + deadline);
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
                .filter(|key| !idempotency::is_scoped(&key.request_id))
                .map(|key| key.request_id.clone())
                .or(entry.request_id),
            ..entry
        };
        record_request_id(entry.request_id.as_deref());
        // Kept only for a retry's answer, which may look for evidence of what a create did.
        let sends_to: Vec<String> = match &key {
            Ok(Some(_)) => message.sends_to().into_iter().map(str::to_owned).collect(),
            _ => Vec::new(),
        };
        // Refused before the platform: recorded with its outcome, nothing charged.
        let admitted = caller
            .require(permission)
            .and_then(|()| {
                // Permission and the ceilings count their own refusals; this is the request's
                // form (its request id, its fields).
                key.and_then(|key| Ok((key, message.to_wire(&self.cx)?)))
                    .inspect_err(|_| count_refusal(Refusal::InvalidArgument))
            })
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
                        count_refusal(Refusal::RequestIdReused);
                        let status = error::request_id_reused(&key.request_id, first_attempt_ms);
                        self.record_unsent(entry, status.code()).await;
                        return Err(status);
                    }
                }
            }
        };
        // Sent from a task of its own: once recorded, a call runs to its end and its outcome is
        // recorded even if its caller goes away; so the caller's calls under way are bounded.
        let slot = match self.calls.admit(&caller.name) {
            Ok(slot) => slot,
            Err(status) => {
                self.guard.refund(charge);
                if let Some(identity) = &identity {
                    identity.lead.publish(Err(status.clone()));
                }
                self.record_unsent(entry, status.code()).await;
                return Err(status);
            }
        };
        let gateway = self.clone();
        // In the RPC's span: the platform call's span is its child, even once the caller left.
        let sent = self.calls.tasks.spawn(
            async move {
                let answer = gateway
                    .send::<Resp, _>(route, entry, identity, wire_request, charge, deadline_at)
                    .await;
                drop(slot);
                answer
            }
            .in_current_span(),
        );
        let mut response = match sent.await {
            Ok(answer) => Response::new(answer?),
            Err(error) => {
                tracing::error!(%error, "a state-changing call's task failed");
                return Err(Status::internal(
                    "the call's task failed; see the gateway's log",
                ));
            }
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
        deadline_at: Option<Instant>,
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
            Ok(CallBegun::RecordsFull { max_records }) => {
                self.guard.refund(charge);
                count_refusal(Refusal::RequestRecordsFull);
                let status = error::request_records_full(max_records);
                if let Some(identity) = &identity {
                    identity.lead.publish(Err(status.clone()));
                }
                self.record_unsent(entry, status.code()).await;
                return Err(status);
            }
            Err(error) => {
                self.guard.refund(charge);
                count_refusal(Refusal::AuditUnavailable);
                let status = error::audit_unavailable(&error.to_string());
                if let Some(identity) = &identity {
                    identity.lead.publish(Err(status.clone()));
                }
                return Err(status);
            }
        };
        let deadline = deadline_at.map(|at| at.saturating_duration_since(Instant::now()));
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
        if let Err(error) = self.events.log.audit(entry, outcome).await {
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
/// charged, and a request id's outcome is unknown, unless the platform certainly did not act
/// ([`UpstreamError::nothing_done`]).
fn settle<Resp: FromWire + CallFacts>(
    called: Result<Resp::Wire, UpstreamError>,
    route: &Route,
    cx: &WireContext,
) -> (Result<Resp, Status>, AuditOutcome) {
    let (platform_code, charged) = match &called {
        Ok(_) => (None, true),
        Err(error) => {
            let code = match error {
                UpstreamError::Platform { code, .. } => Some(*code),
                _ => None,
            };
            (code, !error.nothing_done())
        }
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
