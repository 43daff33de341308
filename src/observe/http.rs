//! A server span per HTTP request, for the webhook listener: named after the route's documented
//! path (`POST /callback/gsTask/syncTaskStatus`), never after the request's own path, which may
//! hold the path secret. Requests to no route (scans, probes, mistyped secrets) are traced at
//! debug level only.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{ready, Context, Poll};

use http::{Request, Response};
use pin_project_lite::pin_project;
use tracing::field::Empty;
use tracing::Span;

use super::trace;

/// A route: its documented path, and the span name of a POST to it.
#[derive(Debug)]
struct Route {
    path: &'static str,
    name: String,
}

/// The span layer's service around the HTTP app `S`.
#[derive(Debug, Clone)]
pub struct HttpSpans<S> {
    inner: S,
    routes: Arc<[Route]>,
}

impl<S> HttpSpans<S> {
    /// Traces the requests to `inner`; a request whose path ends with one of `routes` (the
    /// documented paths, which a prefix and a path secret may precede) is named after it.
    pub fn new(inner: S, routes: impl IntoIterator<Item = &'static str>) -> Self {
        let routes = routes
            .into_iter()
            .map(|path| Route {
                path,
                name: format!("POST {path}"),
            })
            .collect();
        Self { inner, routes }
    }

    /// The longest documented path the request's path ends with.
    fn route(&self, path: &str) -> Option<&Route> {
        self.routes
            .iter()
            .filter(|route| path.ends_with(route.path))
            .max_by_key(|route| route.path.len())
    }
}

/// A method's name when it is a standard one; `_OTHER` (as OpenTelemetry's conventions say) when
/// a stranger made it up.
fn method_name(method: &http::Method) -> &'static str {
    use http::Method;
    [
        Method::GET,
        Method::POST,
        Method::PUT,
        Method::DELETE,
        Method::HEAD,
        Method::OPTIONS,
        Method::PATCH,
        Method::CONNECT,
        Method::TRACE,
    ]
    .into_iter()
    .zip([
        "GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH", "CONNECT", "TRACE",
    ])
    .find_map(|(known, name)| (known == method).then_some(name))
    .unwrap_or("_OTHER")
}

impl<S, B, RB> tower_service::Service<Request<B>> for HttpSpans<S>
where
    S: tower_service::Service<Request<B>, Response = Response<RB>>,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = SpannedFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        let method = method_name(request.method());
        let span = match self.route(request.uri().path()) {
            Some(route) => tracing::info_span!(
                "http",
                otel.name = route.name.as_str(),
                otel.kind = "server",
                otel.status_code = Empty,
                http.request.method = method,
                http.route = route.path,
                http.response.status_code = Empty,
                trace_id = Empty,
            ),
            None => tracing::debug_span!(
                "http",
                otel.name = method,
                otel.kind = "server",
                otel.status_code = Empty,
                http.request.method = method,
                http.response.status_code = Empty,
                trace_id = Empty,
            ),
        };
        if !span.is_disabled() {
            trace::adopt_remote_parent(&span, request.headers());
        }
        let inner = span.in_scope(|| self.inner.call(request));
        SpannedFuture { inner, span }
    }
}

pin_project! {
    /// The app's answer, made inside the request's span; the span ends with the answer.
    #[derive(Debug)]
    pub struct SpannedFuture<F> {
        #[pin]
        inner: F,
        span: Span,
    }
}

impl<F, RB, E> Future for SpannedFuture<F>
where
    F: Future<Output = Result<Response<RB>, E>>,
{
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let answered = ready!(this.span.in_scope(|| this.inner.poll(cx)));
        if let Ok(response) = &answered {
            let status = response.status();
            this.span
                .record("http.response.status_code", status.as_u16());
            if status.is_server_error() {
                this.span.record("otel.status_code", "error");
            }
        }
        Poll::Ready(answered)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_are_matched_by_their_documented_end_and_methods_are_bounded() {
        let spans = HttpSpans::new((), ["/callback/syncStatus", "/x/callback/syncStatus"]);
        let secret = "/hooks/s3cr3t/x/callback/syncStatus";
        assert_eq!(spans.route(secret).unwrap().path, "/x/callback/syncStatus");
        assert_eq!(
            spans.route("/callback/syncStatus").unwrap().name,
            "POST /callback/syncStatus"
        );
        assert!(spans.route("/healthz").is_none());
        assert_eq!(method_name(&http::Method::POST), "POST");
        assert_eq!(
            method_name(&http::Method::from_bytes(b"SECRET").unwrap()),
            "_OTHER"
        );
    }
}
