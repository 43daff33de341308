//! The proto <-> platform boundary: one `ToWire` impl per request (validation included) and one
//! `FromWire` impl per response, grouped by proto service. Requests are destructured fully so
//! that a new proto field is a compile error until it is mapped.

pub mod account;
pub mod audience;
pub mod cloud_port;
pub mod conversation;
pub mod scan_task;
pub mod task;
pub mod validate;

use serde::de::DeserializeOwned;
use serde::Serialize;
use tonic::Status;

use crate::wire::time::PlatformClock;

/// Settings that conversions need besides the message itself.
#[derive(Debug, Clone)]
pub struct WireContext {
    /// Zone of the platform's `YYYY-MM-DD HH:MM:SS` strings.
    pub clock: PlatformClock,
    /// Company id for the /wscrm-bus-api wake-up calls (`--tenant-id`).
    pub tenant_id: Option<i64>,
}

/// A proto request that becomes a platform request.
pub trait ToWire {
    /// What is sent: a JSON body for POST, query parameters for GET.
    type Wire: Serialize + Send + Sync;
    /// Validates and converts; INVALID_ARGUMENT (with a BadRequest naming each field) when the
    /// platform would reject the request.
    fn to_wire(self, cx: &WireContext) -> Result<Self::Wire, Status>;
}

/// A proto response made from the envelope's `data`.
pub trait FromWire: Sized {
    /// The documented shape of `data`.
    type Wire: DeserializeOwned;
    /// Converts; `Err` describes data the schema cannot represent.
    fn from_wire(wire: Self::Wire, cx: &WireContext) -> Result<Self, String>;
}

/// `data` of the endpoints that answer nothing useful (`""`, `null` or `[]`).
#[derive(Debug, serde::Deserialize)]
pub struct Ignored(#[allow(dead_code)] serde::de::IgnoredAny);

/// Implements `FromWire` for responses with no fields.
macro_rules! empty_responses {
    ($($response:ty),+ $(,)?) => {$(
        impl $crate::convert::FromWire for $response {
            type Wire = $crate::convert::Ignored;
            fn from_wire(_: Self::Wire, _: &$crate::convert::WireContext) -> Result<Self, String> {
                Ok(Self {})
            }
        }
    )+};
}
pub(crate) use empty_responses;
