//! The authentication stage in front of every gRPC service: names the caller of each request,
//! refuses requests without a known one (UNAUTHENTICATED) and calls over the caller's rate
//! (RESOURCE_EXHAUSTED), before the request's message is even read. Health checks pass as they
//! are, for load balancers; reflection, like every RPC, needs a valid key. Each refusal is
//! counted by its reason, and the caller's name (never its key) is recorded on the RPC's span.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Instant;

use http::{Request, Response};
use pin_project_lite::pin_project;
use tonic::Status;

use super::guard::Guard;
use super::keys::{KeyRing, MAX_AUTHORIZATION_BYTES};
use super::{count_refusal, Caller, Refusal};
use crate::error::{self, Unauthenticated};
use crate::listen::PeerCertificate;

/// Path prefix of the health service, which stays open.
const HEALTH_PREFIX: &str = "/grpc.health.v1.Health/";

/// Who may call.
#[derive(Debug, Clone)]
pub enum Admission {
    /// Callers named in the key file, by key or verified client certificate.
    Keys(KeyRing),
    /// Anyone, with every permission (`--allow-unauthenticated`).
    Everyone,
}

/// The path of the RPC a request calls (e.g. `/wadispatch.v1.TaskService/StartTasks`), put in
/// the request's extensions for the audit trail.
#[derive(Debug, Clone)]
pub struct RpcPath(pub Arc<str>);

/// The authentication stage around the gRPC routes `S`.
#[derive(Debug, Clone)]
pub struct Authenticate<S> {
    inner: S,
    admission: Admission,
    guard: Arc<Guard>,
}

impl<S> Authenticate<S> {
    /// Wraps the gRPC routes `inner`: each request is admitted by `admission` (keys or everyone)
    /// and its call rate checked by `guard`.
    pub fn new(inner: S, admission: Admission, guard: Arc<Guard>) -> Self {
        Self {
            inner,
            admission,
            guard,
        }
    }

    /// The caller of a request, or why there is none.
    fn identify<B>(&self, request: &Request<B>) -> Result<Caller, Status> {
        let keys = match &self.admission {
            Admission::Everyone => return Ok(Caller::anonymous()),
            Admission::Keys(ring) => ring.keys(),
        };
        let mut authorizations = request
            .headers()
            .get_all(http::header::AUTHORIZATION)
            .iter();
        if let Some(value) = authorizations.next() {
            if authorizations.next().is_some() {
                return Err(error::unauthenticated(Unauthenticated::Malformed));
            }
            let key = bearer(value.as_bytes())
                .ok_or_else(|| error::unauthenticated(Unauthenticated::Malformed))?;
            // A key decides on its own: a certificate does not stand in for a wrong key.
            return keys
                .by_key(key)
                .ok_or_else(|| error::unauthenticated(Unauthenticated::Unknown));
        }
        match request.extensions().get::<PeerCertificate>() {
            Some(certificate) => keys
                .by_subject(&certificate.subject)
                .ok_or_else(|| error::unauthenticated(Unauthenticated::Unknown)),
            None => Err(error::unauthenticated(Unauthenticated::Missing)),
        }
    }
}

/// The key of an `authorization: Bearer <key>` value (the scheme in any case, as RFC 9110 has it).
pub fn bearer(value: &[u8]) -> Option<&str> {
    if value.len() > MAX_AUTHORIZATION_BYTES {
        return None;
    }
    let value = std::str::from_utf8(value).ok()?.trim();
    let (scheme, key) = value.split_once(' ')?;
    let key = key.trim_start();
    (scheme.eq_ignore_ascii_case("bearer") && !key.is_empty() && !key.contains(char::is_whitespace))
        .then_some(key)
}

impl<S, B> tower_service::Service<Request<B>> for Authenticate<S>
where
    S: tower_service::Service<Request<B>, Response = Response<tonic::body::Body>>,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = AuthFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request<B>) -> Self::Future {
        let path = request.uri().path();
        if path.starts_with(HEALTH_PREFIX) {
            return AuthFuture::Admitted {
                inner: self.inner.call(request),
            };
        }
        let admitted = self
            .identify(&request)
            .inspect_err(|_| count_refusal(Refusal::Unauthenticated))
            .and_then(|caller| {
                tracing::Span::current().record("caller", &*caller.name);
                self.guard
                    .admit_call(&caller, Instant::now())
                    .inspect_err(|_| count_refusal(Refusal::RateLimited))?;
                Ok(caller)
            });
        match admitted {
            Ok(caller) => {
                let path = RpcPath(Arc::from(path));
                request.extensions_mut().insert(path);
                request.extensions_mut().insert(caller);
                AuthFuture::Admitted {
                    inner: self.inner.call(request),
                }
            }
            Err(status) => {
                tracing::debug!(
                    path,
                    code = ?status.code(),
                    reason = status.message(),
                    "call refused before its service"
                );
                AuthFuture::Refused {
                    response: Some(status.into_http()),
                }
            }
        }
    }
}

pin_project! {
    /// The inner service's answer, or the refusal.
    #[project = AuthFutureProj]
    #[allow(missing_docs, reason = "pin_project_lite takes no doc comments on fields")]
    pub enum AuthFuture<F> {
        /// The caller was admitted: the inner service's future.
        Admitted { #[pin] inner: F },
        /// The caller was refused: the refusal, taken when first polled.
        Refused { response: Option<Response<tonic::body::Body>> },
    }
}

impl<F, E> Future for AuthFuture<F>
where
    F: Future<Output = Result<Response<tonic::body::Body>, E>>,
{
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project() {
            AuthFutureProj::Admitted { inner } => inner.poll(cx),
            AuthFutureProj::Refused { response } => {
                Poll::Ready(Ok(response.take().expect("polled after completion")))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::bearer;

    #[test]
    fn bearer_values() {
        assert_eq!(bearer(b"Bearer wdk_abc"), Some("wdk_abc"));
        assert_eq!(bearer(b"bearer  wdk_abc "), Some("wdk_abc"));
        assert_eq!(bearer(b"Basic dXNlcjpwYXNz"), None);
        assert_eq!(bearer(b"Bearer"), None);
        assert_eq!(bearer(b"Bearer a b"), None);
        assert_eq!(bearer(b"wdk_abc"), None);
        assert_eq!(bearer(&[b'x'; 300]), None);
        assert_eq!(bearer(b"Bearer \xff"), None);
    }
}
