//! Who is calling and what they may do. Every gRPC request passes `authenticate` first: it names
//! the caller (an API key from the key file, or a verified client certificate), refuses the
//! anonymous and the unknown, and applies the caller's call rate. The RPC's permission is checked
//! in the one call path (`grpc::Gateway`), where the `guard` also counts a create's recipients
//! against the caller's ceilings and the audit trail (`events::audit`) records every
//! state-changing call.

pub mod authenticate;
pub mod facts;
pub mod guard;
pub mod keys;
pub mod permission;

use std::sync::Arc;

pub use facts::{CallFacts, Recipients};
pub use keys::{KeyLimits, KeyRing};
pub use permission::{Grants, Permission};

/// Who may call the gateway (built from the flags by `config::CallerArgs`).
#[derive(Debug, Clone)]
pub struct CallerSettings {
    /// The key file naming the callers; none: no keys.
    pub api_keys: Option<std::path::PathBuf>,
    /// How often the key file is checked for changes; zero: only on SIGHUP.
    pub api_keys_reload_interval: std::time::Duration,
    /// Serve every caller without a key, with every permission (only without a key file).
    pub allow_unauthenticated: bool,
}

/// How a caller proved who it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallerSource {
    /// An API key in `authorization: Bearer <key>`.
    ApiKey,
    /// A client certificate the TLS listener verified.
    Certificate,
    /// Nobody: the gateway runs with `--allow-unauthenticated`.
    Unauthenticated,
}

impl CallerSource {
    /// The name stored in audit records.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ApiKey => "api_key",
            Self::Certificate => "certificate",
            Self::Unauthenticated => "unauthenticated",
        }
    }

    /// The source of an [`as_str`](Self::as_str) name, as read back from an audit record.
    pub fn parse(text: &str) -> Option<Self> {
        [Self::ApiKey, Self::Certificate, Self::Unauthenticated]
            .into_iter()
            .find(|source| source.as_str() == text)
    }
}

/// The identified caller of one request, put in the request's extensions by `authenticate`.
#[derive(Debug, Clone)]
pub struct Caller {
    /// The key's name in the key file, or the certificate's subject; "anonymous" when
    /// unauthenticated.
    pub name: Arc<str>,
    /// How the caller proved who it is.
    pub source: CallerSource,
    /// The permissions the key's entry grants.
    pub grants: Arc<Grants>,
    /// The key's call rate and recipient ceilings.
    pub limits: KeyLimits,
}

/// Name of the caller when the gateway runs unauthenticated.
pub const ANONYMOUS: &str = "anonymous";

impl Caller {
    /// The caller of every request when the gateway runs with `--allow-unauthenticated`: every
    /// permission, no limits.
    pub fn anonymous() -> Self {
        Self {
            name: Arc::from(ANONYMOUS),
            source: CallerSource::Unauthenticated,
            grants: Arc::new(Grants::everything()),
            limits: KeyLimits::default(),
        }
    }

    /// PERMISSION_DENIED unless the caller holds `permission`.
    pub fn require(&self, permission: Permission) -> Result<(), tonic::Status> {
        if self.grants.allows(permission) {
            Ok(())
        } else {
            count_refusal(Refusal::PermissionDenied);
            Err(crate::error::permission_denied(
                &self.name,
                permission.as_str(),
            ))
        }
    }
}

/// Why a call was refused before it reached the platform: the `reason` label of
/// `wadispatch_caller_refusals_total`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// No key, an unknown key or certificate, a malformed `authorization`.
    Unauthenticated,
    /// The key lacks the RPC's permission.
    PermissionDenied,
    /// Over the key's call rate.
    RateLimited,
    /// A create's recipients over one of the key's ceilings.
    RecipientCeiling,
    /// The caller has as many state-changing calls under way as it may.
    CallsUnderWay,
    /// The request does not validate (a field, or its `idempotency-key`).
    InvalidArgument,
    /// A request id used before for a different request.
    RequestIdReused,
    /// The request records are full: no new request id can be claimed.
    RequestRecordsFull,
    /// The audit record could not be written, so the state change is not sent.
    AuditUnavailable,
}

impl Refusal {
    /// The label value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unauthenticated => "unauthenticated",
            Self::PermissionDenied => "permission_denied",
            Self::RateLimited => "rate_limited",
            Self::RecipientCeiling => "recipient_ceiling",
            Self::CallsUnderWay => "calls_under_way",
            Self::InvalidArgument => "invalid_argument",
            Self::RequestIdReused => "request_id_reused",
            Self::RequestRecordsFull => "request_records_full",
            Self::AuditUnavailable => "audit_unavailable",
        }
    }
}

/// Counts a refusal.
pub fn count_refusal(reason: Refusal) {
    crate::observe::metrics::metrics()
        .callers
        .refusals
        .get_or_create(&crate::observe::metrics::callers::RefusalLabels {
            reason: reason.as_str(),
        })
        .inc();
}

/// The caller of a request, as `authenticate` identified it. Without one (a request that did not
/// pass `authenticate`, which only a wiring mistake makes) the call is refused.
pub fn caller_of<T>(request: &tonic::Request<T>) -> Result<Caller, tonic::Status> {
    request
        .extensions()
        .get::<Caller>()
        .cloned()
        .ok_or_else(|| crate::error::unauthenticated(crate::error::Unauthenticated::Missing))
}
