//! Every mapping of a failure to a gRPC status, in one place (AIP-193: each carries a
//! `google.rpc.ErrorInfo`, and invalid requests a `google.rpc.BadRequest`).

use std::collections::HashMap;
use std::time::Duration;

use tonic::{Code, Status};
use tonic_types::{ErrorDetails, FieldViolation, StatusExt};

use crate::upstream::UpstreamError;
use crate::wire::excerpt;

/// `ErrorInfo.domain` of every error the gateway reports.
pub const ERROR_DOMAIN: &str = "wadispatch-gateway";
/// Longest status message: it travels in the `grpc-message` header, and a client's header limit
/// (8-16 KiB by default) turns a longer one into an unrelated transport error.
pub const MAX_MESSAGE_CHARS: usize = 1024;
/// Most field violations reported in one `BadRequest`.
pub const MAX_VIOLATIONS: usize = 50;
/// Longest `ErrorInfo` metadata value (also carried in a header, `grpc-status-details-bin`).
pub const MAX_METADATA_CHARS: usize = 512;

/// gRPC code and `ErrorInfo.reason` for an envelope code. 1001-1004 are the documented QR code /
/// cloud-port errors. The documents give no other codes, but the platform's envelope codes follow
/// HTTP's (200 = success), so the HTTP-like ones map as their HTTP meaning; any other code is
/// UNKNOWN, since nothing documents what it means.
fn platform_code(code: i64) -> (Code, &'static str) {
    match code {
        1001 => (Code::ResourceExhausted, "PORT_QUOTA_INSUFFICIENT"),
        1002 => (Code::NotFound, "PORT_NOT_FOUND"),
        1003 => (Code::InvalidArgument, "UNSUPPORTED_TYPE"),
        1004 => (Code::FailedPrecondition, "PAIRING_TARGET_NOT_SET"),
        400 => (Code::InvalidArgument, "PLATFORM_REJECTED_REQUEST"),
        401 => (Code::Unauthenticated, "PLATFORM_UNAUTHENTICATED"),
        403 => (Code::PermissionDenied, "PLATFORM_PERMISSION_DENIED"),
        404 => (Code::NotFound, "PLATFORM_NOT_FOUND"),
        429 => (Code::ResourceExhausted, "PLATFORM_RATE_LIMITED"),
        503 => (Code::Unavailable, "PLATFORM_UNAVAILABLE"),
        _ => (Code::Unknown, "PLATFORM_ERROR"),
    }
}

/// gRPC code for an HTTP status without an envelope error, as gRPC's own HTTP-to-gRPC mapping
/// has it: the gateway built the request, so a 400 is its fault (INTERNAL) and a 404 means the
/// platform lacks the endpoint (UNIMPLEMENTED).
fn http_status(status: u16) -> Code {
    match status {
        400 => Code::Internal,
        401 => Code::Unauthenticated,
        403 => Code::PermissionDenied,
        404 => Code::Unimplemented,
        429 | 502 | 503 | 504 => Code::Unavailable,
        _ => Code::Unknown,
    }
}

/// A status with an `ErrorInfo`; the message and metadata values are cut to their bounds, as
/// they may quote the platform.
fn with_info(
    code: Code,
    message: String,
    reason: &str,
    metadata: HashMap<String, String>,
) -> Status {
    let metadata: HashMap<String, String> = metadata
        .into_iter()
        .map(|(key, value)| (key, excerpt(&value, MAX_METADATA_CHARS)))
        .collect();
    Status::with_error_details(
        code,
        excerpt(&message, MAX_MESSAGE_CHARS),
        ErrorDetails::with_error_info(reason, ERROR_DOMAIN, metadata),
    )
}

impl From<UpstreamError> for Status {
    fn from(error: UpstreamError) -> Self {
        let message = error.to_string();
        match error {
            UpstreamError::Platform {
                route,
                code,
                message: platform_message,
                ..
            } => {
                let (grpc_code, reason) = platform_code(code);
                let metadata = HashMap::from([
                    ("platform_code".to_owned(), code.to_string()),
                    ("platform_message".to_owned(), platform_message),
                    ("path".to_owned(), route.path.to_owned()),
                ]);
                with_info(grpc_code, message, reason, metadata)
            }
            UpstreamError::HttpStatus {
                route,
                status,
                body_excerpt,
            } => {
                let metadata = HashMap::from([
                    ("http_status".to_owned(), status.to_string()),
                    ("body".to_owned(), body_excerpt),
                    ("path".to_owned(), route.path.to_owned()),
                ]);
                with_info(
                    http_status(status),
                    message,
                    "PLATFORM_HTTP_ERROR",
                    metadata,
                )
            }
            UpstreamError::Timeout(_) => with_info(
                Code::DeadlineExceeded,
                message,
                "PLATFORM_TIMEOUT",
                HashMap::new(),
            ),
            UpstreamError::Unsent(_) => with_info(
                Code::DeadlineExceeded,
                message,
                "PLATFORM_CALL_NOT_SENT",
                HashMap::new(),
            ),
            UpstreamError::Connect(_) => with_info(
                Code::Unavailable,
                message,
                "PLATFORM_UNREACHABLE",
                HashMap::new(),
            ),
            UpstreamError::Transport(_) => with_info(
                Code::Unavailable,
                message,
                "PLATFORM_CONNECTION_FAILED",
                HashMap::new(),
            ),
            UpstreamError::Decode { route, .. } => {
                let metadata = HashMap::from([("path".to_owned(), route.path.to_owned())]);
                with_info(
                    Code::Internal,
                    message,
                    "PLATFORM_RESPONSE_UNDECODABLE",
                    metadata,
                )
            }
            UpstreamError::TooLarge { route, limit } => {
                let metadata = HashMap::from([
                    ("path".to_owned(), route.path.to_owned()),
                    ("limit_bytes".to_owned(), limit.to_string()),
                ]);
                with_info(
                    Code::Internal,
                    message,
                    "PLATFORM_RESPONSE_TOO_LARGE",
                    metadata,
                )
            }
            // Not sent, so retrying is safe: UNAVAILABLE says so.
            UpstreamError::Saturated { max_in_flight, .. } => {
                let metadata =
                    HashMap::from([("max_in_flight".to_owned(), max_in_flight.to_string())]);
                with_info(
                    Code::Unavailable,
                    message,
                    "PLATFORM_CALLS_SATURATED",
                    metadata,
                )
            }
        }
    }
}

/// Fields of a request that the platform would reject, found before any HTTP call.
#[derive(Debug, Default)]
pub struct Violations(Vec<FieldViolation>);

impl Violations {
    /// Records that `field` (a path such as `contents[0].text.text`) is invalid.
    pub fn add(&mut self, field: impl Into<String>, description: impl Into<String>) {
        let description = excerpt(&description.into(), MAX_METADATA_CHARS);
        self.0.push(FieldViolation::new(field, description));
    }

    /// True when no violation was recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(value)` when nothing was recorded, else INVALID_ARGUMENT naming every bad field.
    pub fn into_result<T>(self, value: T) -> Result<T, Status> {
        if self.0.is_empty() {
            return Ok(value);
        }
        let mut violations = self.0;
        let total = violations.len();
        // 5,000 bad recipients must not become a 500 KB header: the first ones say enough.
        violations.truncate(MAX_VIOLATIONS);
        let mut summary = violations
            .iter()
            .map(|v| format!("{}: {}", v.field, v.description))
            .collect::<Vec<_>>()
            .join("; ");
        if total > violations.len() {
            summary = format!(
                "{} more fields are invalid; {summary}",
                total - violations.len()
            );
        }
        let details = ErrorDetails::with_bad_request(violations);
        Err(Status::with_error_details(
            Code::InvalidArgument,
            excerpt(&format!("invalid request: {summary}"), MAX_MESSAGE_CHARS),
            details,
        ))
    }
}

/// INVALID_ARGUMENT naming one field, for checks outside a request's conversion.
pub fn invalid_field(field: &str, description: impl Into<String>) -> Status {
    let mut v = Violations::default();
    v.add(field, description);
    v.into_result(()).unwrap_err()
}

/// A setting the call needs is missing (e.g. --tenant-id for the wake-up calls).
pub fn missing_setting(flag: &str, why: &str) -> Status {
    let metadata = HashMap::from([("setting".to_owned(), flag.to_owned())]);
    with_info(
        Code::FailedPrecondition,
        format!("the gateway is not configured with {flag}: {why}"),
        "GATEWAY_SETTING_MISSING",
        metadata,
    )
}

/// The platform answered 200 with data the schema cannot represent (e.g. a malformed time).
pub fn undecodable(path: &str, detail: String) -> Status {
    let metadata = HashMap::from([("path".to_owned(), path.to_owned())]);
    with_info(
        Code::Internal,
        format!("cannot decode the platform's answer: {detail}"),
        "PLATFORM_RESPONSE_UNDECODABLE",
        metadata,
    )
}

/// A watch cursor older than the log's retention: resuming from it would leave a gap.
pub fn cursor_expired(cursor: &str, oldest: &str) -> Status {
    let metadata = HashMap::from([("oldest_cursor".to_owned(), oldest.to_owned())]);
    with_info(
        Code::OutOfRange,
        format!("cursor {cursor} is older than the event log's retention; the oldest cursor to resume from is {oldest}"),
        "CURSOR_EXPIRED",
        metadata,
    )
}

/// A watch's task snapshot did not come within the snapshot wait; the fetch goes on, so a retry
/// soon after finds it.
pub fn snapshot_not_ready(task_id: &str, wait: std::time::Duration) -> Status {
    let metadata = HashMap::from([("task_id".to_owned(), task_id.to_owned())]);
    with_info(
        Code::Unavailable,
        format!("the platform has not answered the task's snapshot within {wait:?}; retry shortly"),
        "SNAPSHOT_NOT_READY",
        metadata,
    )
}

/// The audit trail could not record a state-changing call, which is therefore not sent.
pub fn audit_unavailable(detail: &str) -> Status {
    with_info(
        Code::Unavailable,
        format!("the audit trail cannot record the call, so it was not sent: {detail}"),
        "AUDIT_UNAVAILABLE",
        HashMap::new(),
    )
}

/// The event log's store cannot be read or written.
pub fn store_unavailable(detail: &str) -> Status {
    with_info(
        Code::Unavailable,
        format!("event log unavailable: {detail}"),
        "EVENT_LOG_UNAVAILABLE",
        HashMap::new(),
    )
}

/// An epoch-milliseconds time as RFC 3339 UTC, for error metadata.
fn rfc3339_ms(time_ms: i64) -> String {
    crate::wire::time::rfc3339_millis(time_ms).unwrap_or_else(|| time_ms.to_string())
}

/// A retry whose first attempt was sent and whose outcome nobody knows (a timeout or a broken
/// connection after the request left, or the gateway stopped mid-call): it is never sent again.
/// The metadata says when the first attempt started, the event cursor at that moment (watch from
/// it to see what happened since), and the tasks the log has seen since sending to the call's
/// recipients.
pub fn outcome_unknown(first_attempt_ms: i64, cursor: u64, evidence_task_ids: &[String]) -> Status {
    let first = rfc3339_ms(first_attempt_ms);
    let mut metadata = HashMap::from([
        ("first_attempt_time".to_owned(), first.clone()),
        ("first_attempt_cursor".to_owned(), cursor.to_string()),
    ]);
    let seen = if evidence_task_ids.is_empty() {
        String::new()
    } else {
        let ids = evidence_task_ids.join(",");
        metadata.insert("evidence_task_ids".to_owned(), ids.clone());
        format!("; since then the platform reported tasks sending to its recipients: {ids}")
    };
    with_info(
        Code::Aborted,
        format!(
            "a call with this request id was sent at {first} and its outcome is unknown, so it is \
             not sent again{seen}. Check the platform (GetTaskExecutionStatus, a watch from cursor \
             {cursor}), then retry with a new request id if it did not happen"
        ),
        "OUTCOME_UNKNOWN",
        metadata,
    )
}

/// The request id was used before with another request: a caller bug that must not be papered
/// over by answering the other call's result.
pub fn request_id_reused(request_id: &str, first_attempt_ms: i64) -> Status {
    let first = rfc3339_ms(first_attempt_ms);
    let metadata = HashMap::from([
        ("request_id".to_owned(), request_id.to_owned()),
        ("first_attempt_time".to_owned(), first.clone()),
    ]);
    with_info(
        Code::InvalidArgument,
        format!("request id {request_id} was used at {first} for another request; each call needs its own request id"),
        "REQUEST_ID_REUSED",
        metadata,
    )
}

/// The first call with this request id succeeded, and its answer held a secret (a QR code, a
/// pair code) that the gateway does not keep.
pub fn request_already_succeeded(first_attempt_ms: i64) -> Status {
    let first = rfc3339_ms(first_attempt_ms);
    let metadata = HashMap::from([("first_attempt_time".to_owned(), first.clone())]);
    with_info(
        Code::AlreadyExists,
        format!("a call with this request id succeeded at {first}; its answer holds a secret that is not kept, so call again with a new request id to get a fresh one"),
        "REQUEST_ALREADY_SUCCEEDED",
        metadata,
    )
}

/// The request records are at their cap: a call with a request id cannot be recorded, so it is
/// not sent (forgetting older records early could let their retries be sent twice).
pub fn request_records_full(max_records: u64) -> Status {
    let metadata = HashMap::from([("max_records".to_owned(), max_records.to_string())]);
    with_info(
        Code::ResourceExhausted,
        format!("the gateway holds its most request-id records ({max_records}, --request-id-max-records) until older ones age out; the call was not sent"),
        "REQUEST_RECORDS_FULL",
        metadata,
    )
}

/// The caller has its most state-changing calls under way (its earlier calls run to their end
/// even if it went away); this one was not sent.
pub fn calls_under_way_exceeded(max: usize) -> Status {
    let metadata = HashMap::from([("max_calls".to_owned(), max.to_string())]);
    with_info(
        Code::ResourceExhausted,
        format!("this caller has {max} state-changing calls under way (--upstream-max-calls-per-caller), including calls it stopped waiting for; this one was not sent"),
        "CALLS_UNDER_WAY_EXCEEDED",
        metadata,
    )
}

/// A duplicate of a call still in flight did not get its answer within its own deadline.
pub fn request_in_flight(waited: std::time::Duration) -> Status {
    let metadata = HashMap::from([("waited_ms".to_owned(), waited.as_millis().to_string())]);
    with_info(
        Code::Aborted,
        "a call with this request id is still in flight; retry later with the same request id to get its answer".to_owned(),
        "REQUEST_IN_FLIGHT",
        metadata,
    )
}

/// Why a request without a valid caller is refused (`ErrorInfo.reason`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unauthenticated {
    /// No `authorization` header and no verified client certificate.
    Missing,
    /// An `authorization` header that is not `Bearer <key>`, or a key that is too long.
    Malformed,
    /// A well-formed key (or a verified certificate) that no key file entry holds.
    Unknown,
}

/// UNAUTHENTICATED: the request did not name a known caller. The message never quotes what the
/// caller sent (it may be a secret of some other system).
pub fn unauthenticated(why: Unauthenticated) -> Status {
    let (reason, message) = match why {
        Unauthenticated::Missing => (
            "API_KEY_MISSING",
            "this gateway needs a caller identity: send `authorization: Bearer <key>`",
        ),
        Unauthenticated::Malformed => (
            "API_KEY_MALFORMED",
            "the authorization header must be `Bearer <key>` with a key from `wadispatch-gateway keys new`",
        ),
        Unauthenticated::Unknown => (
            "API_KEY_UNKNOWN",
            "the key (or client certificate) is not in the gateway's key file; it may have been revoked",
        ),
    };
    with_info(
        Code::Unauthenticated,
        message.to_owned(),
        reason,
        HashMap::new(),
    )
}

/// PERMISSION_DENIED: the caller is known but does not hold the RPC's permission (its name).
pub fn permission_denied(caller: &str, permission: &str) -> Status {
    let metadata = HashMap::from([
        ("caller".to_owned(), caller.to_owned()),
        ("permission".to_owned(), permission.to_owned()),
    ]);
    with_info(
        Code::PermissionDenied,
        format!("caller {caller:?} does not hold the permission {permission} this call needs"),
        "PERMISSION_DENIED",
        metadata,
    )
}

/// RESOURCE_EXHAUSTED: the caller's call bucket is empty.
pub fn call_rate_exceeded(caller: &str, rate: f64, burst: u32, retry: Duration) -> Status {
    let limit = "calls_per_second";
    let mut details = ErrorDetails::with_error_info(
        "CALL_RATE_EXCEEDED",
        ERROR_DOMAIN,
        HashMap::from([
            ("caller".to_owned(), caller.to_owned()),
            ("limit".to_owned(), limit.to_owned()),
        ]),
    );
    details
        .set_retry_info(Some(retry))
        .add_quota_failure_violation(
            format!("caller:{caller}"),
            format!("{limit}: {rate} calls per second, {burst} at once"),
        );
    Status::with_error_details(
        Code::ResourceExhausted,
        format!("caller {caller:?} is over its call rate ({rate} per second, {burst} at once); retry in {retry:?}"),
        details,
    )
}

/// RESOURCE_EXHAUSTED: a create's recipients would pass one of the caller's ceilings; `retry` is
/// when enough earlier recipients leave the window, `None` if the create alone passes it.
pub fn recipient_ceiling_exceeded(
    caller: &str,
    limit: &str,
    ceiling: u64,
    used: u64,
    recipients: u64,
    retry: Option<Duration>,
) -> Status {
    let mut details = ErrorDetails::with_error_info(
        "RECIPIENT_CEILING_EXCEEDED",
        ERROR_DOMAIN,
        HashMap::from([
            ("caller".to_owned(), caller.to_owned()),
            ("limit".to_owned(), limit.to_owned()),
            ("ceiling".to_owned(), ceiling.to_string()),
            ("used".to_owned(), used.to_string()),
            ("recipients".to_owned(), recipients.to_string()),
        ]),
    );
    if retry.is_some() {
        details.set_retry_info(retry);
    }
    details.add_quota_failure_violation(
        format!("caller:{caller}"),
        format!("{limit}: {used} of {ceiling} recipients used; this call names {recipients}"),
    );
    let when = match retry {
        Some(retry) => format!("retry in {retry:?}"),
        None => "it names more than the ceiling on its own".to_owned(),
    };
    Status::with_error_details(
        Code::ResourceExhausted,
        format!("caller {caller:?} would pass its {limit} ceiling of {ceiling} ({used} used, this call names {recipients}): {when}"),
        details,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_stay_small_whatever_they_quote() {
        let huge = "x".repeat(1 << 20);
        let status = undecodable("/p", huge.clone());
        assert!(status.message().chars().count() <= MAX_MESSAGE_CHARS + 1);
        let mut v = Violations::default();
        for i in 0..5000 {
            v.add(format!("targets[{i}]"), huge.as_str());
        }
        let status = v.into_result(()).unwrap_err();
        assert!(status.message().chars().count() <= MAX_MESSAGE_CHARS + 1);
        assert!(
            status.message().contains("4950 more fields are invalid"),
            "{}",
            &status.message()[..100]
        );
        let details = status.get_error_details();
        let violations = &details.bad_request().unwrap().field_violations;
        assert_eq!(violations.len(), MAX_VIOLATIONS);
        assert!(violations[0].description.chars().count() <= MAX_METADATA_CHARS + 1);
    }
}
