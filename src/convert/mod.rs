//! The proto <-> platform boundary: one `ToWire` impl per request (validation included) and one
//! `FromWire` impl per response, grouped by proto service. Requests are destructured fully so
//! that a new proto field is a compile error until it is mapped.

pub mod account;
pub mod audience;
pub mod cloud_port;
pub mod codes;
pub mod conversation;
pub mod scan_task;
pub mod task;
pub mod validate;

use codes::PlatformCode;
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

/// A trimmed string, or `None` when blank: optional fields are not sent empty.
pub(crate) fn non_empty(text: String) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// A platform time string; empty means unset, anything else unparseable is an error.
pub(crate) fn platform_time(
    cx: &WireContext,
    field: &str,
    text: &str,
) -> Result<Option<prost_types::Timestamp>, String> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    cx.clock
        .parse(text)
        .map(Some)
        .ok_or_else(|| format!("{field} {text:?} is not a YYYY-MM-DD HH:MM:SS time"))
}

/// A platform code as its proto number; absent is UNSPECIFIED, and a code that cannot keep its
/// number is an error naming `field` (see `codes`).
pub(crate) fn code<E: PlatformCode>(field: &str, code: Option<i64>) -> Result<i32, String> {
    E::from_optional(code).map_err(|e| format!("{field}: {e}"))
}

/// Longest id the gateway accepts from the platform. Its ids are 32 hex digits or up to 20
/// decimal digits; four times that leaves room for formats it may adopt, and keeps a runaway
/// answer from becoming an "id" every later call carries.
pub const MAX_PLATFORM_ID_CHARS: usize = 128;

/// An id the platform created (a task, a scan task, a QR window, a wake-up action): required,
/// at most [`MAX_PLATFORM_ID_CHARS`] characters, printable ASCII without spaces. The caller
/// sends it back in later calls and URLs, so anything else is an answer the gateway cannot
/// vouch for.
pub(crate) fn platform_id(field: &str, id: String) -> Result<String, String> {
    if id.is_empty() {
        return Err(format!("{field}: the platform returned no id"));
    }
    if id.len() > MAX_PLATFORM_ID_CHARS {
        return Err(format!(
            "{field}: the platform returned an id of {} bytes, more than {MAX_PLATFORM_ID_CHARS}",
            id.len()
        ));
    }
    if let Some(bad) = id.chars().find(|c| !c.is_ascii_graphic()) {
        return Err(format!(
            "{field}: the platform returned an id with {bad:?} in {:?}: only printable ASCII without spaces is accepted",
            crate::wire::excerpt(&id, crate::wire::QUOTE_CHARS)
        ));
    }
    Ok(id)
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

/// Helpers shared by the conversion unit tests.
#[cfg(test)]
pub(crate) mod test_support {
    use serde_json::Value;
    use tonic::Status;

    use super::WireContext;

    /// The platform's default zone (UTC+8) and the wake-up examples' company id.
    pub(crate) fn cx() -> WireContext {
        WireContext {
            clock: crate::wire::time::PlatformClock::new(
                chrono::FixedOffset::east_opt(8 * 3600).unwrap(),
            ),
            tenant_id: Some(500766),
        }
    }

    /// A fixture of tests/fixtures/platform (a documented example), parsed.
    pub(crate) fn fixture(name: &str) -> Value {
        let path = format!(
            "{}/tests/fixtures/platform/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        serde_json::from_str(&text).unwrap()
    }

    /// The `data` of a response fixture's envelope.
    pub(crate) fn data(name: &str) -> Value {
        fixture(name)["data"].clone()
    }

    /// Asserts INVALID_ARGUMENT naming `field`.
    pub(crate) fn rejected<T: std::fmt::Debug>(result: Result<T, Status>, field: &str) {
        let status = result.unwrap_err();
        assert_eq!(status.code(), tonic::Code::InvalidArgument, "{status:?}");
        assert!(
            status.message().contains(field),
            "{field} missing from {}",
            status.message()
        );
    }
}
