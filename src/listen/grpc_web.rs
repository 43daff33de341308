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
//! Non-browser clients send no `Origin` and need no CORS: their calls (any but `OPTIONS`) pass
//! beside it, without the `Vary` and `Access-Control-Expose-Headers` it adds to every answer,
//! which cost every plain gRPC call a header map and two more headers to encode; browsers send
//! `Origin` with every cross-origin call and with every POST.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use http::header::{HeaderName, ORIGIN};
use http::{HeaderValue, Method, Request, Response};
use pin_project_lite::pin_project;
use tonic_web::{GrpcWebLayer, GrpcWebService};
use tower_http::cors::{self, AllowOrigin, Cors, CorsLayer};
use tower_layer::Layer;
use tower_service::Service;

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
pub type GrpcWeb<S> = CorsForOrigins<GrpcWebService<S>>;

/// CORS for the requests that carry an `Origin` (and every `OPTIONS`); the others go straight to
/// the service inside.
#[derive(Debug, Clone)]
pub struct CorsForOrigins<S> {
    cors: Cors<S>,
}

impl<S, B, RB> Service<Request<B>> for CorsForOrigins<S>
where
    S: Service<Request<B>, Response = Response<RB>>,
    RB: Default,
{
    type Response = Response<RB>;
    type Error = S::Error;
    type Future = CorsFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.cors.poll_ready(cx)
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        if request.headers().contains_key(ORIGIN) || request.method() == Method::OPTIONS {
            CorsFuture::Cors {
                future: self.cors.call(request),
            }
        } else {
            CorsFuture::Direct {
                future: self.cors.get_mut().call(request),
            }
        }
    }
}

pin_project! {
    /// The answer of [`CorsForOrigins`]: through CORS or straight from the service (`future`).
    // pin-project-lite takes no doc comment on a variant's field.
    #[allow(missing_docs)]
    #[project = CorsFutureProjection]
    pub enum CorsFuture<F> {
        /// A request with an `Origin`, or a preflight.
        Cors { #[pin] future: cors::ResponseFuture<F> },
        /// Any other request.
        Direct { #[pin] future: F },
    }
}

impl<F, RB, E> Future for CorsFuture<F>
where
    F: Future<Output = Result<Response<RB>, E>>,
    RB: Default,
{
    type Output = Result<Response<RB>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project() {
            CorsFutureProjection::Cors { future } => future.poll(cx),
            CorsFutureProjection::Direct { future } => future.poll(cx),
        }
    }
}

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
    Ok(CorsForOrigins {
        cors: cors.layer(GrpcWebLayer::new().layer(inner)),
    })
}
