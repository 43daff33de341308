//! One tower layer around the whole gRPC app, outside authentication: every request is counted
//! (`grpc_server_started_total`), and when its response ends (the trailers, a trailers-only
//! answer's headers, or the body dropped before its end, which is `Canceled`) counted again by
//! code (`grpc_server_handled_total`) and timed (`grpc_server_handling_seconds`; a stream's whole
//! life). The same layer opens the RPC's span, child of the W3C `traceparent` the caller sent,
//! which lasts as long as the response. Refusals of the stages inside it (UNAUTHENTICATED,
//! RESOURCE_EXHAUSTED) are counted like any answer.
//!
//! Labels come from a table of the methods the server serves: a path that is not in it counts as
//! service and method `unknown`, so a caller cannot grow the label sets.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{ready, Context, Poll};
use std::time::Instant;

use bytes::Bytes;
use http::{HeaderMap, Request, Response};
use http_body::{Body, Frame, SizeHint};
use pin_project_lite::pin_project;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::histogram::Histogram;
use tracing::field::Empty;
use tracing::Span;

use super::metrics::metrics;
use super::metrics::rpc::{HandledLabels, RpcLabels};
use super::trace;

/// Label value of whatever is not in the method table.
pub const UNKNOWN: &str = "unknown";
/// Path prefix of the health service: its checks are counted, and traced only at debug level
/// (a load balancer's probe every few seconds would drown the traces).
const HEALTH_PREFIX: &str = "/grpc.health.v1.Health/";

/// How an RPC streams, named as go-grpc-middleware names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RpcType {
    /// One request, one response.
    Unary,
    /// One request, a stream of responses.
    ServerStream,
    /// A stream of requests, one response.
    ClientStream,
    /// Streams both ways.
    BidiStream,
}

impl RpcType {
    /// The `grpc_type` label value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unary => "unary",
            Self::ServerStream => "server_stream",
            Self::ClientStream => "client_stream",
            Self::BidiStream => "bidi_stream",
        }
    }
}

/// The standard services every gateway serves beside its own: health and reflection.
pub const STANDARD_METHODS: [(&str, RpcType); 4] = [
    ("/grpc.health.v1.Health/Check", RpcType::Unary),
    ("/grpc.health.v1.Health/Watch", RpcType::ServerStream),
    (
        "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo",
        RpcType::BidiStream,
    ),
    (
        "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
        RpcType::BidiStream,
    ),
];

/// One method the server serves, with its labels, span name and the metrics every call of it
/// records resolved once, so that a call costs atomic increments, not lookups of its labels.
#[derive(Debug, Clone)]
struct Method {
    labels: RpcLabels,
    started: Counter,
    handling_seconds: Histogram,
    /// `grpc_server_handled_total` with code OK, the common end; other codes are looked up.
    handled_ok: Counter,
    /// `wadispatch.v1.TaskService/CreateTask`: the span's name.
    otel_name: &'static str,
    health: bool,
}

impl Method {
    fn new(labels: RpcLabels, otel_name: &'static str, health: bool) -> Self {
        let rpc = &metrics().rpc;
        Self {
            started: rpc.started.get_or_create_owned(&labels),
            handling_seconds: rpc.handling_seconds.get_or_create_owned(&labels),
            handled_ok: rpc
                .handled
                .get_or_create_owned(&handled_labels(&labels, "OK")),
            labels,
            otel_name,
            health,
        }
    }
}

fn handled_labels(labels: &RpcLabels, grpc_code: &'static str) -> HandledLabels {
    HandledLabels {
        grpc_type: labels.grpc_type,
        grpc_service: labels.grpc_service,
        grpc_method: labels.grpc_method,
        grpc_code,
    }
}

/// The methods the server serves, by path (`/wadispatch.v1.TaskService/CreateTask`).
#[derive(Debug, Clone)]
pub struct RpcMethods {
    by_path: Arc<HashMap<&'static str, Arc<Method>>>,
    unknown: Arc<Method>,
}

impl RpcMethods {
    /// The table of `served` methods (full paths and their types), plus [`STANDARD_METHODS`].
    /// A path that is not `/<service>/<method>` is left out.
    pub fn new<'a>(served: impl IntoIterator<Item = (&'a str, RpcType)>) -> Self {
        let by_path = served
            .into_iter()
            .chain(STANDARD_METHODS)
            .filter_map(|(path, kind)| {
                let (service, method) = path.strip_prefix('/')?.split_once('/')?;
                let method = Method::new(
                    RpcLabels {
                        grpc_type: kind.as_str(),
                        grpc_service: intern(service),
                        grpc_method: intern(method),
                    },
                    intern(&path[1..]),
                    path.starts_with(HEALTH_PREFIX),
                );
                Some((intern(path), Arc::new(method)))
            })
            .collect();
        Self {
            by_path: Arc::new(by_path),
            unknown: Arc::new(Method::new(
                RpcLabels {
                    grpc_type: UNKNOWN,
                    grpc_service: UNKNOWN,
                    grpc_method: UNKNOWN,
                },
                UNKNOWN,
                false,
            )),
        }
    }

    fn get(&self, path: &str) -> &Arc<Method> {
        self.by_path.get(path).unwrap_or(&self.unknown)
    }
}

/// The same text as a `&'static str` every time: label values are static, and the method table
/// is built again by every gateway a process starts (the tests start many), so each name is
/// leaked once, not once per table.
fn intern(text: &str) -> &'static str {
    static INTERNED: Mutex<Vec<&'static str>> = Mutex::new(Vec::new());
    let mut interned = INTERNED.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(found) = interned.iter().find(|known| **known == text) {
        return found;
    }
    let leaked: &'static str = Box::leak(Box::from(text));
    interned.push(leaked);
    leaked
}

/// A gRPC status code's name as Go spells it (`OK`, `InvalidArgument`, `Canceled`...): the
/// `grpc_code` label value go-grpc-middleware's dashboards expect.
pub fn code_name(code: tonic::Code) -> &'static str {
    use tonic::Code::*;
    match code {
        Ok => "OK",
        Cancelled => "Canceled",
        Unknown => "Unknown",
        InvalidArgument => "InvalidArgument",
        DeadlineExceeded => "DeadlineExceeded",
        NotFound => "NotFound",
        AlreadyExists => "AlreadyExists",
        PermissionDenied => "PermissionDenied",
        ResourceExhausted => "ResourceExhausted",
        FailedPrecondition => "FailedPrecondition",
        Aborted => "Aborted",
        OutOfRange => "OutOfRange",
        Unimplemented => "Unimplemented",
        Internal => "Internal",
        Unavailable => "Unavailable",
        DataLoss => "DataLoss",
        Unauthenticated => "Unauthenticated",
    }
}

/// Codes that mean the server failed, not the caller: the span's status is then an error, as
/// OpenTelemetry's gRPC conventions have it for servers.
fn server_fault(code: tonic::Code) -> bool {
    use tonic::Code::*;
    matches!(
        code,
        Unknown | DeadlineExceeded | Unimplemented | Internal | Unavailable | DataLoss
    )
}

/// The `grpc-status` of a header map, if it has one.
fn grpc_status(headers: &HeaderMap) -> Option<tonic::Code> {
    let value = headers.get("grpc-status")?.to_str().ok()?;
    value.trim().parse::<i32>().ok().map(tonic::Code::from_i32)
}

/// The code a client reads from an answer without `grpc-status`: the gRPC spec's mapping of
/// HTTP statuses (a 200 whose stream ended without trailers is an internal error).
fn code_of_http(status: http::StatusCode) -> tonic::Code {
    match status.as_u16() {
        200 => tonic::Code::Internal,
        400 => tonic::Code::Internal,
        401 => tonic::Code::Unauthenticated,
        403 => tonic::Code::PermissionDenied,
        404 => tonic::Code::Unimplemented,
        429 | 502 | 503 | 504 => tonic::Code::Unavailable,
        _ => tonic::Code::Unknown,
    }
}

/// The layer's service around the gRPC app `S`.
#[derive(Debug, Clone)]
pub struct ObserveRpc<S> {
    inner: S,
    methods: RpcMethods,
}

impl<S> ObserveRpc<S> {
    /// Counts, times and traces every request to `inner`, labelled from `methods`.
    pub fn new(inner: S, methods: RpcMethods) -> Self {
        Self { inner, methods }
    }
}

impl<S, B, RB> tower_service::Service<Request<B>> for ObserveRpc<S>
where
    S: tower_service::Service<Request<B>, Response = Response<RB>>,
    RB: Body<Data = Bytes>,
{
    type Response = Response<RpcBody<RB>>;
    type Error = S::Error;
    type Future = RpcFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        let method = self.methods.get(request.uri().path());
        method.started.inc();
        let span = rpc_span(method, request.headers());
        // Entered while the stages inside take the request: authentication records the caller
        // on it.
        let inner = span.in_scope(|| self.inner.call(request));
        RpcFuture {
            inner,
            call: Some(Call {
                method: method.clone(),
                started: Instant::now(),
                span,
            }),
        }
    }
}

/// The span of one RPC, child of the caller's `traceparent` when it sent one.
fn rpc_span(method: &Method, headers: &HeaderMap) -> Span {
    macro_rules! span_at {
        ($level:expr) => {
            tracing::span!(
                $level,
                "rpc",
                otel.name = method.otel_name,
                otel.kind = "server",
                otel.status_code = Empty,
                rpc.system = "grpc",
                rpc.service = method.labels.grpc_service,
                rpc.method = method.labels.grpc_method,
                rpc.grpc.status_code = Empty,
                caller = Empty,
                request_id = Empty,
                trace_id = Empty,
            )
        };
    }
    let span = if method.health {
        span_at!(tracing::Level::DEBUG)
    } else {
        span_at!(tracing::Level::INFO)
    };
    if !span.is_disabled() {
        trace::adopt_remote_parent(&span, headers);
    }
    span
}

/// An RPC under way: what its end records.
#[derive(Debug)]
struct Call {
    method: Arc<Method>,
    started: Instant,
    span: Span,
}

impl Call {
    fn end(self, code: tonic::Code) {
        let seconds = self.started.elapsed().as_secs_f64();
        let name = code_name(code);
        if code == tonic::Code::Ok {
            self.method.handled_ok.inc();
        } else {
            metrics()
                .rpc
                .handled
                .get_or_create(&handled_labels(&self.method.labels, name))
                .inc();
        }
        self.method.handling_seconds.observe(seconds);
        self.span.record("rpc.grpc.status_code", code as i32);
        if server_fault(code) {
            self.span.record("otel.status_code", "error");
        }
        self.span.in_scope(|| {
            tracing::debug!(grpc_code = name, seconds, "rpc ended");
        });
    }
}

/// Ends a call at most once: dropped before its end, the call was cancelled (the client reset
/// its stream, or the connection went away).
#[derive(Debug)]
struct Ending(Option<Call>);

impl Ending {
    fn end(&mut self, code: tonic::Code) {
        if let Some(call) = self.0.take() {
            call.end(code);
        }
    }

    fn span(&self) -> Option<&Span> {
        self.0.as_ref().map(|call| &call.span)
    }
}

impl Drop for Ending {
    fn drop(&mut self) {
        self.end(tonic::Code::Cancelled);
    }
}

pin_project! {
    /// The app's answer, its call ended at once when the answer is trailers-only.
    #[derive(Debug)]
    pub struct RpcFuture<F> {
        #[pin]
        inner: F,
        call: Option<Call>,
    }

    impl<F> PinnedDrop for RpcFuture<F> {
        fn drop(this: Pin<&mut Self>) {
            // Dropped before the app answered: the caller went away.
            if let Some(call) = this.project().call.take() {
                call.end(tonic::Code::Cancelled);
            }
        }
    }
}

impl<F, RB, E> Future for RpcFuture<F>
where
    F: Future<Output = Result<Response<RB>, E>>,
    RB: Body<Data = Bytes>,
{
    type Output = Result<Response<RpcBody<RB>>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let polled = match this.call.as_ref() {
            Some(call) => call.span.in_scope(|| this.inner.poll(cx)),
            None => this.inner.poll(cx),
        };
        let answered = ready!(polled);
        let mut ending = Ending(this.call.take());
        Poll::Ready(match answered {
            Ok(response) => {
                if let Some(code) = grpc_status(response.headers()) {
                    // Trailers-only: the status is in the headers and the body is empty.
                    ending.end(code);
                }
                let status = response.status();
                Ok(response.map(|inner| RpcBody {
                    inner,
                    ending,
                    status,
                }))
            }
            Err(error) => {
                ending.end(tonic::Code::Unknown);
                Err(error)
            }
        })
    }
}

pin_project! {
    /// The response's body: its trailers (or its end without them) end the call.
    #[derive(Debug)]
    pub struct RpcBody<B> {
        #[pin]
        inner: B,
        ending: Ending,
        status: http::StatusCode,
    }
}

impl<B: Body<Data = Bytes>> Body for RpcBody<B> {
    type Data = Bytes;
    type Error = B::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, B::Error>>> {
        let this = self.project();
        // A stream's messages are made while its body is polled: inside its span.
        let polled = match this.ending.span() {
            Some(span) => span.in_scope(|| this.inner.poll_frame(cx)),
            None => this.inner.poll_frame(cx),
        };
        match &polled {
            Poll::Ready(Some(Ok(frame))) => {
                if let Some(trailers) = frame.trailers_ref() {
                    let code = grpc_status(trailers).unwrap_or_else(|| code_of_http(*this.status));
                    this.ending.end(code);
                }
            }
            // The connection resets the stream: the client sees an internal error.
            Poll::Ready(Some(Err(_))) => this.ending.end(tonic::Code::Internal),
            Poll::Ready(None) => this.ending.end(code_of_http(*this.status)),
            Poll::Pending => {}
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use std::convert::Infallible;

    use http_body_util::{BodyExt, Empty as EmptyBody, Full};
    use tower_service::Service;

    use super::*;

    #[test]
    fn every_code_has_its_go_name() {
        let names: Vec<&str> = (0..=16)
            .map(|n| code_name(tonic::Code::from_i32(n)))
            .collect();
        assert_eq!(
            names,
            [
                "OK",
                "Canceled",
                "Unknown",
                "InvalidArgument",
                "DeadlineExceeded",
                "NotFound",
                "AlreadyExists",
                "PermissionDenied",
                "ResourceExhausted",
                "FailedPrecondition",
                "Aborted",
                "OutOfRange",
                "Unimplemented",
                "Internal",
                "Unavailable",
                "DataLoss",
                "Unauthenticated",
            ]
        );
    }

    #[test]
    fn the_table_names_served_methods_and_nothing_else() {
        let methods = RpcMethods::new([("/test.v1.Svc/Watch", RpcType::ServerStream)]);
        let watch = methods.get("/test.v1.Svc/Watch");
        assert_eq!(
            watch.labels,
            RpcLabels {
                grpc_type: "server_stream",
                grpc_service: "test.v1.Svc",
                grpc_method: "Watch",
            }
        );
        assert_eq!(watch.otel_name, "test.v1.Svc/Watch");
        assert!(methods.get("/grpc.health.v1.Health/Check").health);
        let stranger = methods.get("/test.v1.Svc/Watch/../secret");
        assert_eq!(stranger.labels.grpc_service, UNKNOWN);
        assert_eq!(stranger.otel_name, UNKNOWN);
    }

    /// A stand-in app: answers each path as the test says.
    #[derive(Clone)]
    struct App;

    impl Service<Request<()>> for App {
        type Response = Response<http_body_util::combinators::UnsyncBoxBody<Bytes, Infallible>>;
        type Error = Infallible;
        type Future = std::future::Ready<Result<Self::Response, Infallible>>;

        fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
            Poll::Ready(Ok(()))
        }

        fn call(&mut self, request: Request<()>) -> Self::Future {
            let response = match request.uri().path() {
                // A refusal: trailers-only, the status in the headers.
                "/test.v1.Count/Refused" => Response::builder()
                    .header("grpc-status", "16")
                    .body(EmptyBody::new().boxed_unsync()),
                // A message, then trailers with the status.
                _ => {
                    let mut trailers = HeaderMap::new();
                    trailers.insert("grpc-status", "5".parse().unwrap());
                    let body = Full::new(Bytes::from_static(b"message"))
                        .with_trailers(std::future::ready(Some(Ok(trailers))));
                    Response::builder().body(body.boxed_unsync())
                }
            };
            std::future::ready(Ok(response.unwrap()))
        }
    }

    fn handled(method: &'static str, code: &'static str) -> u64 {
        metrics()
            .rpc
            .handled
            .get_or_create(&HandledLabels {
                grpc_type: "unary",
                grpc_service: "test.v1.Count",
                grpc_method: method,
                grpc_code: code,
            })
            .get()
    }

    fn request(method: &str) -> Request<()> {
        Request::builder()
            .uri(format!("/test.v1.Count/{method}"))
            .body(())
            .unwrap()
    }

    #[tokio::test]
    async fn calls_are_counted_by_the_code_they_end_with() {
        let methods = RpcMethods::new(
            ["Refused", "Trailers", "Dropped"]
                .map(|m| (format!("/test.v1.Count/{m}"), RpcType::Unary))
                .iter()
                .map(|(path, kind)| (path.as_str(), *kind)),
        );
        let mut service = ObserveRpc::new(App, methods);

        let refused = service.call(request("Refused")).await.unwrap();
        // Counted as soon as the headers are out: a refusal has no trailers.
        assert_eq!(handled("Refused", "Unauthenticated"), 1);
        drop(refused);
        assert_eq!(handled("Refused", "Canceled"), 0);

        let answered = service.call(request("Trailers")).await.unwrap();
        assert_eq!(handled("Trailers", "NotFound"), 0);
        let collected = answered.into_body().collect().await.unwrap();
        assert_eq!(collected.trailers().unwrap()["grpc-status"], "5");
        assert_eq!(handled("Trailers", "NotFound"), 1);

        // The client went away before the trailers: cancelled, once.
        let dropped = service.call(request("Dropped")).await.unwrap();
        drop(dropped);
        assert_eq!(handled("Dropped", "Canceled"), 1);
        assert_eq!(handled("Dropped", "NotFound"), 0);
        let started = metrics()
            .rpc
            .started
            .get_or_create(&RpcLabels {
                grpc_type: "unary",
                grpc_service: "test.v1.Count",
                grpc_method: "Dropped",
            })
            .get();
        assert_eq!(started, 1);
    }
}
