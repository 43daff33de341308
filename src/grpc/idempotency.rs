//! Safe retries of state-changing calls (AIP-155 request ids, Stripe's `Idempotency-Key`): a call
//! its caller identified is sent to the platform at most once. The durable half is the request
//! records in the event log ([`crate::events::log::requests`]); this is the gateway's half: which
//! id a call carries, the digest a retry must match, concurrent duplicates waiting on the first,
//! and the answers a retry gets.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use bytes::Bytes;
use prost::Message;
use sha2::{Digest, Sha256};
use tonic::metadata::MetadataMap;
use tonic::{Code, Status};

use crate::callers::Caller;
use crate::error;
use crate::events::log::requests::{EarlierRequest, EarlierState, RequestKey};
use crate::events::log::{EventLog, Filter};
use crate::proto::v1::*;
use crate::upstream::Route;

/// Metadata carrying a request id for callers that cannot set the message's field (Stripe's name).
pub const IDEMPOTENCY_KEY: &str = "idempotency-key";
/// Metadata a proxy or tracer may set per request; taken as the request id when it is a usable
/// one and neither the field nor `idempotency-key` is set.
pub const X_REQUEST_ID: &str = "x-request-id";
/// Longest request id taken from metadata.
pub const MAX_METADATA_ID_CHARS: usize = 128;
/// Most task events read, after the first attempt's cursor, looking for evidence of what an
/// unknown-outcome create did: bounds the work one retry can cause.
pub const EVIDENCE_SCAN_EVENTS: usize = 20_000;
/// Most task ids reported as evidence.
pub const EVIDENCE_MAX_TASKS: usize = 5;

/// Which metadata may identify a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestIdSettings {
    /// Whether `x-request-id` identifies a call when neither the field nor `idempotency-key` is
    /// set. Off where a tracer or proxy propagates one correlation id to several calls.
    pub from_x_request_id: bool,
}

/// Off by default: a propagated correlation id on a start, a pause and the same start again
/// would silently keep the second start from the platform.
impl Default for RequestIdSettings {
    fn default() -> Self {
        RequestIdSettings {
            from_x_request_id: false,
        }
    }
}

/// The request id of a state-changing request message: the `request_id` field that each of
/// them has. Read-only requests have none.
pub trait Identified {
    /// The field as sent; empty when unset.
    fn request_id(&self) -> &str {
        ""
    }

    /// Recipients the request sends to (friend numbers or group ids), as evidence of a create
    /// whose outcome is unknown can be matched against; empty for other calls.
    fn sends_to(&self) -> Vec<&str> {
        Vec::new()
    }
}

/// Requests whose `request_id` field is the whole of what they tell.
macro_rules! identified {
    ($($message:ty),+ $(,)?) => {
        $(impl Identified for $message {
            fn request_id(&self) -> &str {
                &self.request_id
            }
        })+
        /// The messages that carry a request id, checked against the proto descriptors.
        #[cfg(test)]
        const IDENTIFIED: &[&str] = &[$(stringify!($message)),+];
    };
}

identified!(
    ImportAccountsRequest,
    BringAccountsOnlineRequest,
    RecycleAccountsRequest,
    SubmitRegistrationPhoneRequest,
    SubmitRegistrationCodeRequest,
    CreateAudienceGroupRequest,
    ReserveLoginPortRequest,
    GetLoginQrCodeRequest,
    GetLoginCodeRequest,
    BringPortOnlineRequest,
    TakePortOfflineRequest,
    LogOutPortRequest,
    UpdateAvatarOrNicknameRequest,
    WakeUpConversationsRequest,
    CreateScanTaskRequest,
    StartTasksRequest,
    PauseTasksRequest,
    StopTasksRequest,
    CreateConditionalTaskRequest,
);

/// Creates: their request id and the recipients they name.
macro_rules! identified_create {
    ($($message:ty => |$request:ident| $targets:expr),+ $(,)?) => {
        $(impl Identified for $message {
            fn request_id(&self) -> &str {
                &self.request_id
            }
            fn sends_to(&self) -> Vec<&str> {
                let $request = self;
                $targets
            }
        })+
        #[cfg(test)]
        const IDENTIFIED_CREATES: &[&str] = &[$(stringify!($message)),+];
    };
}

identified_create!(
    CreateSingleTargetTaskRequest => |r| vec![r.target.as_str()],
    CreatePairedTaskRequest => |r| r.pairs.iter().map(|p| p.target.as_str()).collect(),
    CreatePairedContentTaskRequest => |r| r.pairs.iter().map(|p| p.target.as_str()).collect(),
    CreatePooledTaskRequest => |r| r.targets.iter().map(String::as_str).collect(),
    CreateAccountGroupTaskRequest => |r| r.targets.iter().map(String::as_str).collect(),
    CreateUnassignedSingleTargetTaskRequest => |r| vec![r.target.as_str()],
    CreateUnassignedTaskRequest => |r| r.targets.iter().map(String::as_str).collect(),
);

/// Reads change nothing, so they carry no request id.
macro_rules! unidentified {
    ($($message:ty),+ $(,)?) => { $(impl Identified for $message {})+ };
}

unidentified!(
    GetTaskExecutionStatusRequest,
    ListAudienceGroupsRequest,
    GetAudienceGroupMembersRequest,
    ListAccountsRequest,
    ListPairTargetsRequest,
    GetWakeUpResultsRequest,
    GetPortQuotaRequest,
    GetLoginInfoRequest,
    ListPortsRequest,
    GetContactRequest,
    GetProfileRequest,
    ListContactsRequest,
    GetScanTaskQrCodeRequest,
);

/// The request id a call carries, as the key of its record: the message's field (a UUID,
/// compared in lower case), else the `idempotency-key` metadata (1 to 128 visible ASCII
/// characters, or the call is refused), else, when `settings` allow, `x-request-id` when it is
/// such a value (a proxy may set anything there, so an unusable one is ignored rather than
/// refused). An `x-request-id` is often a correlation id a tracer propagates to every call of
/// one job, so it identifies a call of one RPC only: a create and a start carrying the same one
/// are two requests. None: the call is not identified and is sent as it comes.
pub fn request_key(
    caller: &Caller,
    rpc: &str,
    field: &str,
    metadata: &MetadataMap,
    settings: RequestIdSettings,
) -> Result<Option<RequestKey>, Status> {
    let key = |request_id: String| RequestKey {
        caller: caller.name.to_string(),
        request_id,
    };
    if !field.is_empty() {
        // Its form was checked with the message's other fields.
        return Ok(Some(key(field.to_ascii_lowercase())));
    }
    if let Some(value) = metadata.get(IDEMPOTENCY_KEY) {
        return match value.to_str().ok().filter(|id| usable_metadata_id(id)) {
            Some(id) => Ok(Some(key(id.to_owned()))),
            None => Err(error::invalid_field(
                "idempotency-key (metadata)",
                format!("1 to {MAX_METADATA_ID_CHARS} visible ASCII characters"),
            )),
        };
    }
    if !settings.from_x_request_id {
        return Ok(None);
    }
    Ok(metadata
        .get(X_REQUEST_ID)
        .and_then(|value| value.to_str().ok())
        .filter(|id| usable_metadata_id(id))
        // A space cannot occur in an id or a path, so no two scoped ids look alike, and no
        // field or idempotency-key value looks like one.
        .map(|id| key(format!("{X_REQUEST_ID} {rpc} {id}"))))
}

/// Whether a key's id is a scoped `x-request-id` (see [`request_key`]).
pub fn is_scoped(request_id: &str) -> bool {
    request_id
        .strip_prefix(X_REQUEST_ID)
        .is_some_and(|rest| rest.starts_with(' '))
}

fn usable_metadata_id(id: &str) -> bool {
    (1..=MAX_METADATA_ID_CHARS).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_graphic())
}

/// What a retry must match: SHA-256 of the RPC's platform path and the request as the platform
/// would receive it (after validation and normalisation, without the request id), so the same
/// call written two ways (`+86 182...` and `86182...`) is the same request.
pub fn request_digest(route: &Route, wire_request: &impl serde::Serialize) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(route.path.as_bytes());
    hasher.update([0]);
    // Serialising the wire types cannot fail (plain structs, string keys); an empty body would
    // still be keyed by the path.
    hasher.update(serde_json::to_vec(wire_request).unwrap_or_default());
    hasher.finalize().into()
}

/// The answer every waiter on one call gets: the encoded response, or the status.
pub type SharedAnswer = Result<Bytes, Status>;

/// A call in flight in this gateway under a request id.
#[derive(Debug)]
struct Flight {
    digest: [u8; 32],
    started_ms: i64,
    answer: tokio::sync::watch::Receiver<Option<SharedAnswer>>,
}

/// Identified calls in flight in this gateway, so that a concurrent duplicate waits for the first
/// instead of racing it. Bounded by the calls in flight: each entry lives as long as its call.
#[derive(Debug, Default)]
pub struct InFlight {
    calls: Mutex<HashMap<RequestKey, Flight>>,
}

/// How a call with a request id joins the calls in flight.
#[derive(Debug)]
pub enum Join {
    /// It is the first: it goes on, and answers the others through this.
    Lead(Lead),
    /// The same call is in flight: wait for its answer.
    Follow(tokio::sync::watch::Receiver<Option<SharedAnswer>>),
    /// Another call with the same id and another request is in flight.
    Reused {
        /// When that call started, in milliseconds since the Unix epoch.
        first_attempt_ms: i64,
    },
}

/// The first call of a key: publishes its answer to the duplicates waiting on it and leaves the
/// calls in flight when dropped (answering them ABORTED if it never published).
#[derive(Debug)]
pub struct Lead {
    key: RequestKey,
    in_flight: Arc<InFlight>,
    answer: tokio::sync::watch::Sender<Option<SharedAnswer>>,
}

impl InFlight {
    /// Joins the call identified by `key` with request `digest`, starting at `now_ms`.
    pub fn join(self: &Arc<Self>, key: &RequestKey, digest: [u8; 32], now_ms: i64) -> Join {
        let mut calls = self.calls.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(flight) = calls.get(key) {
            return if flight.digest == digest {
                Join::Follow(flight.answer.clone())
            } else {
                Join::Reused {
                    first_attempt_ms: flight.started_ms,
                }
            };
        }
        let (answer, receiver) = tokio::sync::watch::channel(None);
        calls.insert(
            key.clone(),
            Flight {
                digest,
                started_ms: now_ms,
                answer: receiver,
            },
        );
        Join::Lead(Lead {
            key: key.clone(),
            in_flight: self.clone(),
            answer,
        })
    }

    /// Calls in flight under a request id.
    pub fn len(&self) -> usize {
        self.calls
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }

    /// Whether no identified call is in flight.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Lead {
    /// The key the call is identified by.
    pub fn key(&self) -> &RequestKey {
        &self.key
    }

    /// Answers the duplicates waiting on this call.
    pub fn publish(&self, answer: SharedAnswer) {
        self.answer.send_replace(Some(answer));
    }
}

impl Drop for Lead {
    fn drop(&mut self) {
        self.in_flight
            .calls
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&self.key);
        if self.answer.borrow().is_none() {
            self.answer.send_replace(Some(Err(Status::aborted(
                "the first call with this request id ended without an answer; retry",
            ))));
        }
    }
}

/// Waits for the first call's answer, at most `deadline` (or until it ends, without one).
pub async fn follow(
    mut answer: tokio::sync::watch::Receiver<Option<SharedAnswer>>,
    deadline: Option<Duration>,
    started: std::time::Instant,
) -> SharedAnswer {
    let wait = answer.wait_for(Option::is_some);
    let waited = match deadline {
        Some(deadline) => tokio::time::timeout(deadline, wait)
            .await
            .map_err(|_| in_flight(started)),
        None => Ok(wait.await),
    };
    match waited? {
        Ok(answer) => answer.clone().unwrap_or_else(|| Err(in_flight(started))),
        Err(_) => Err(in_flight(started)),
    }
}

/// A duplicate that could not get the first call's answer within its deadline.
fn in_flight(started: std::time::Instant) -> Status {
    error::request_in_flight(started.elapsed())
}

/// The answer to a call whose request id was used before, from what that call left.
/// `log` is searched for evidence when the earlier call's outcome is unknown.
pub async fn answer_earlier(
    earlier: &EarlierRequest,
    request_id: &str,
    sends_to: &[&str],
    log: &dyn EventLog,
) -> SharedAnswer {
    if !earlier.same_request {
        return Err(error::request_id_reused(request_id, earlier.started_ms));
    }
    match &earlier.state {
        EarlierState::Answered(Some(response)) => Ok(Bytes::copy_from_slice(response)),
        EarlierState::Answered(None) => Err(error::request_already_succeeded(earlier.started_ms)),
        EarlierState::InFlight | EarlierState::Unknown => {
            let tasks = evidence(log, earlier.started_seq, sends_to).await;
            Err(error::outcome_unknown(
                earlier.started_ms,
                earlier.started_seq,
                &tasks,
            ))
        }
    }
}

/// Tasks the log has heard of since `after` (a cursor) that send to one of `sends_to`: what an
/// unknown-outcome create may have made. Evidence, not proof (another campaign may send to the
/// same recipient); at most [`EVIDENCE_MAX_TASKS`], reading at most [`EVIDENCE_SCAN_EVENTS`].
async fn evidence(log: &dyn EventLog, after: u64, sends_to: &[&str]) -> Vec<String> {
    let wanted: Vec<String> = sends_to.iter().map(|target| plain(target)).collect();
    let mut tasks = Vec::new();
    if wanted.is_empty() {
        return tasks;
    }
    let filter = Filter::Tasks { task_id: None };
    let (mut cursor, mut scanned) = (after, 0);
    while scanned < EVIDENCE_SCAN_EVENTS && tasks.len() < EVIDENCE_MAX_TASKS {
        let Ok(page) = log.read_after(cursor, &filter, 1_000).await else {
            break;
        };
        let Some(last) = page.last() else { break };
        cursor = last.seq;
        scanned += page.len();
        for stored in &page {
            if let Some(event::Kind::RecipientStatus(status)) = &stored.event.kind {
                if wanted.contains(&plain(&status.target))
                    && !tasks.contains(&status.task_id)
                    && tasks.len() < EVIDENCE_MAX_TASKS
                {
                    tasks.push(status.task_id.clone());
                }
            }
        }
    }
    tasks
}

/// A recipient as both a request and a webhook may write it: `+86 182-1726` and `861821726` are
/// one number (group ids are letters and digits, kept as they are).
fn plain(recipient: &str) -> String {
    recipient
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

/// Decodes a shared answer as the RPC's response message.
pub fn decode<Resp: Message + Default>(answer: SharedAnswer) -> Result<Resp, Status> {
    answer.and_then(|bytes| {
        Resp::decode(bytes).map_err(|error| {
            Status::new(
                Code::Internal,
                format!("a recorded answer cannot be decoded: {error}"),
            )
        })
    })
}

#[cfg(test)]
mod tests {
    use prost::Message;
    use prost_types::FileDescriptorSet;

    use super::*;
    use crate::convert::validate;

    /// Every state-changing RPC's request has a `request_id` field and reads it; no other does.
    #[test]
    fn every_state_changing_request_is_identified() {
        let set = FileDescriptorSet::decode(crate::proto::FILE_DESCRIPTOR_SET).unwrap();
        let with_field: Vec<String> = set
            .file
            .iter()
            .flat_map(|file| &file.message_type)
            // Request messages only (an AuditRecord reports a call's request id).
            .filter(|message| message.name().ends_with("Request"))
            .filter(|message| {
                message
                    .field
                    .iter()
                    .any(|field| field.name() == "request_id")
            })
            .map(|message| message.name().to_owned())
            .collect();
        let mut identified: Vec<&str> = IDENTIFIED
            .iter()
            .chain(IDENTIFIED_CREATES)
            .copied()
            .collect();
        identified.sort_unstable();
        let mut with_field: Vec<&str> = with_field.iter().map(String::as_str).collect();
        with_field.sort_unstable();
        assert_eq!(identified, with_field);
        let audited = crate::grpc::permissions()
            .into_iter()
            .filter(|rpc| rpc.audited)
            .count();
        assert_eq!(identified.len(), audited);
    }

    #[test]
    fn metadata_ids_are_bounded_visible_ascii() {
        let caller = Caller::anonymous();
        let on = RequestIdSettings {
            from_x_request_id: true,
        };
        let off = RequestIdSettings::default();
        let rpc = "/wadispatch.v1.TaskService/StartTasks";
        let mut metadata = MetadataMap::new();
        assert_eq!(request_key(&caller, rpc, "", &metadata, on).unwrap(), None);
        metadata.insert(X_REQUEST_ID, "not usable: spaces".parse().unwrap());
        assert_eq!(request_key(&caller, rpc, "", &metadata, on).unwrap(), None);
        metadata.insert(X_REQUEST_ID, "trace-7".parse().unwrap());
        let key = request_key(&caller, rpc, "", &metadata, on)
            .unwrap()
            .unwrap();
        assert_eq!(key.request_id, format!("x-request-id {rpc} trace-7"));
        assert_eq!(request_key(&caller, rpc, "", &metadata, off).unwrap(), None);
        metadata.insert(IDEMPOTENCY_KEY, "order-42".parse().unwrap());
        let key = request_key(&caller, rpc, "", &metadata, off)
            .unwrap()
            .unwrap();
        assert_eq!(key.request_id, "order-42");
        let uuid = "6F1C2A9E-4B7D-4C1E-9A53-2D8F0B7E6C41";
        let key = request_key(&caller, rpc, uuid, &metadata, on)
            .unwrap()
            .unwrap();
        assert_eq!(key.request_id, "6f1c2a9e-4b7d-4c1e-9a53-2d8f0b7e6c41");
        metadata.insert(IDEMPOTENCY_KEY, "x".repeat(129).parse().unwrap());
        let refused = request_key(&caller, rpc, "", &metadata, on).unwrap_err();
        assert_eq!(refused.code(), Code::InvalidArgument);
        assert!(validate::is_uuid("6f1c2a9e-4b7d-4c1e-9a53-2d8f0b7e6c41"));
    }

    #[tokio::test]
    async fn a_duplicate_waits_for_the_first_and_a_reuse_is_told() {
        let in_flight = Arc::new(InFlight::default());
        let key = RequestKey {
            caller: "ops".into(),
            request_id: "r".into(),
        };
        let Join::Lead(lead) = in_flight.join(&key, [1; 32], 0) else {
            panic!("the first call leads")
        };
        assert!(matches!(
            in_flight.join(&key, [2; 32], 0),
            Join::Reused { .. }
        ));
        let Join::Follow(answer) = in_flight.join(&key, [1; 32], 0) else {
            panic!("a duplicate follows")
        };
        let waiting = tokio::spawn(follow(answer, None, std::time::Instant::now()));
        lead.publish(Ok(Bytes::from_static(b"answer")));
        drop(lead);
        assert_eq!(
            waiting.await.unwrap().unwrap(),
            Bytes::from_static(b"answer")
        );
        assert!(in_flight.is_empty());
        // Dropped without an answer: its followers are not left waiting.
        let Join::Lead(lead) = in_flight.join(&key, [1; 32], 0) else {
            panic!("the entry was removed")
        };
        let Join::Follow(answer) = in_flight.join(&key, [1; 32], 0) else {
            panic!("a duplicate follows")
        };
        drop(lead);
        let status = follow(answer, None, std::time::Instant::now())
            .await
            .unwrap_err();
        assert_eq!(status.code(), Code::Aborted);
    }
}
