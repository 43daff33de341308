//! gRPC-Web beside gRPC on the gRPC port: browsers cannot make plain gRPC calls (they have no
//! access to HTTP/2 trailers), and Connect's clients and `buf curl` speak gRPC-Web by default.
//!
//! A gRPC-Web call (`application/grpc-web`, `+proto`, `-text`), over HTTP/1.1 or HTTP/2, is
//! translated into a plain gRPC call by tonic-web before the service stack sees it, and its
//! answer back, trailers as a last frame of the body. So whatever is inside (authentication,
//! permissions, the call rate, the request-size limit, metrics) sees only gRPC and treats both
//! alike. Plain gRPC over HTTP/2 passes through untouched; any other HTTP/1.1 request gets 400.
//!
//! In front of it, CORS: a page may call the gateway only from an origin the operator listed
//! (`--grpc-web-origin`; none by default). Browsers ask first (a preflight `OPTIONS`, which every
//! gRPC-Web call needs: its content type and headers are not CORS-safelisted) and send the call
//! only if the answer allows that origin; for another origin the answer allows nothing.
//! Non-browser clients send no `Origin` and need no CORS.

use std::time::Duration;

use http::header::HeaderName;
use http::{HeaderValue, Method};
use tonic_web::{GrpcWebLayer, GrpcWebService};
use tower_http::cors::{AllowOrigin, Cors, CorsLayer};
use tower_layer::Layer;

/// How long a browser may keep a preflight's answer: Chromium's own ceiling (2 hours), so a page
/// does not ask again before every call.
pub const PREFLIGHT_MAX_AGE: Duration = Duration::from_secs(2 * 60 * 60);

/// Request headers a page may send: gRPC-Web's own (as its clients send them), the API key, the
/// metadata a retry or a trace carries (see the README's "Retrying safely" and "Traces").
const ALLOWED_HEADERS: [&str; 10] = [
    "content-type",
    "x-grpc-web",
    "x-user-agent",
    "grpc-timeout",
    "grpc-accept-encoding",
    "authorization",
    "idempotency-key",
    "x-request-id",
    "traceparent",
    "tracestate",
];

/// Response headers a page may read: the status of a call that fails before any message (a
/// refused key, a message over the limit) comes in the headers, not in the body's trailer frame.
const EXPOSED_HEADERS: [&str; 3] = ["grpc-status", "grpc-message", "grpc-status-details-bin"];

/// Which browser pages may call the gRPC API.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GrpcWebSettings {
    /// Origins (`https://app.example`, `http://localhost:5173`) whose pages may call, in the
    /// form browsers send them: scheme, host and port only. Empty: no page may.
    pub allowed_origins: Vec<String>,
}

/// The gRPC service stack `inner`, serving gRPC-Web beside gRPC, behind CORS.
pub type GrpcWeb<S> = Cors<GrpcWebService<S>>;

/// Serves gRPC-Web beside gRPC in front of `inner`, to the pages of `settings`' origins. Fails
/// on an origin that cannot be a header value (config checks them first).
pub fn grpc_web<S>(inner: S, settings: &GrpcWebSettings) -> Result<GrpcWeb<S>, String> {
    let origins = settings
        .allowed_origins
        .iter()
        .map(|origin| {
            HeaderValue::from_str(origin).map_err(|_| format!("not a usable origin: {origin:?}"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let cors = CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_methods([Method::POST])
        .allow_headers(ALLOWED_HEADERS.map(HeaderName::from_static))
        .expose_headers(EXPOSED_HEADERS.map(HeaderName::from_static))
        .max_age(PREFLIGHT_MAX_AGE);
    // No `allow_credentials`: the key travels in a header the page sets itself, and a cookie
    // never goes along.
    Ok(cors.layer(GrpcWebLayer::new().layer(inner)))
}
