//! What the listener puts between hyper and the application: every request is counted on its
//! connection from its headers to the end of its answer, carries the peer's address (and the
//! client certificate the TLS handshake verified), and every byte read marks the connection
//! active.

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use http::{Request, Response};
use http_body::{Body, Frame, SizeHint};
use hyper::body::Incoming;
use pin_project_lite::pin_project;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

use super::registry::{self, Conn};
use super::PeerCertificate;

/// The application a listener serves: a service of requests with a [`RequestBody`] that never
/// fails, cloned onto every connection and called from spawned tasks.
pub trait Application:
    tower_service::Service<
        Request<RequestBody>,
        Response = Response<<Self as Application>::Body>,
        Error = Infallible,
        Future: Send + 'static,
    > + Clone
    + Send
    + 'static
{
    /// The body of its answers.
    type Body: Body<Data = Bytes, Error: Into<Box<dyn std::error::Error + Send + Sync>>>
        + Send
        + 'static;
}

impl<S, B> Application for S
where
    S: tower_service::Service<
            Request<RequestBody>,
            Response = Response<B>,
            Error = Infallible,
            Future: Send + 'static,
        > + Clone
        + Send
        + 'static,
    B: Body<Data = Bytes, Error: Into<Box<dyn std::error::Error + Send + Sync>>> + Send + 'static,
{
    type Body = B;
}

/// The hyper service of one connection, in front of the application's tower service `S`.
#[derive(Debug, Clone)]
pub(crate) struct ConnService<S> {
    inner: S,
    conn: Arc<Conn>,
    peer: SocketAddr,
    /// The client certificate the handshake verified, if any.
    certificate: Option<PeerCertificate>,
}

impl<S> ConnService<S> {
    pub(crate) fn new(
        inner: S,
        conn: Arc<Conn>,
        peer: SocketAddr,
        certificate: Option<PeerCertificate>,
    ) -> Self {
        Self {
            inner,
            conn,
            peer,
            certificate,
        }
    }
}

impl<S: Application> hyper::service::Service<Request<Incoming>> for ConnService<S> {
    type Response = Response<ResponseBody<S::Body>>;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Infallible>> + Send>>;

    fn call(&self, request: Request<Incoming>) -> Self::Future {
        let tracked = Arc::new(self.conn.request_started());
        let (mut parts, body) = request.into_parts();
        // The peer's address, as axum's `ConnectInfo` extractor (the webhook allowlist) looks
        // it up.
        parts
            .extensions
            .insert(axum::extract::ConnectInfo(self.peer));
        if let Some(certificate) = &self.certificate {
            parts.extensions.insert(certificate.clone());
        }
        if body.is_end_stream() {
            tracked.received();
        }
        let body = RequestBody::request(body, tracked.clone());
        let mut service = self.inner.clone();
        Box::pin(async move {
            // Held across the call: a call dropped before answering (the client reset its stream)
            // still ends the request.
            let guard = tracked;
            std::future::poll_fn(|cx| service.poll_ready(cx)).await?;
            let response = service.call(Request::from_parts(parts, body)).await?;
            Ok(response.map(|inner| ResponseBody::response(inner, guard)))
        })
    }
}

/// Where a poll of a body's next frame left the body.
#[derive(Debug, PartialEq, Eq)]
enum Reached {
    /// Nothing yet, or a frame with more to follow.
    Middle,
    /// Its end: no frame, or the last one.
    End,
    /// An error.
    Error,
}

/// What a body's `poll_frame` returns.
type PolledFrame<B> = Poll<Option<Result<Frame<<B as Body>::Data>, <B as Body>::Error>>>;

fn polled_to<B: Body>(polled: &PolledFrame<B>, body: &B) -> Reached {
    match polled {
        Poll::Ready(None) => Reached::End,
        Poll::Ready(Some(Ok(_))) if body.is_end_stream() => Reached::End,
        Poll::Ready(Some(Err(_))) => Reached::Error,
        Poll::Ready(Some(Ok(_))) | Poll::Pending => Reached::Middle,
    }
}

/// A request's body as the application reads it; reaching its end marks the request received
/// in full.
pub type RequestBody = TrackedBody<Incoming>;

/// A response's body; its end, or its drop with a closed stream, ends the request.
pub type ResponseBody<B> = TrackedBody<B>;

/// What reaching a body's end marks on its request.
#[derive(Debug, Clone, Copy)]
enum EndMarks {
    /// The request's body: received in full, at every poll that reaches its end.
    Received,
    /// The response's body: the request finished, once, at its end or an error (no frame
    /// follows an error).
    Finished,
}

pin_project! {
    /// A request's or a response's body, telling its request when it reaches its end.
    #[derive(Debug)]
    pub struct TrackedBody<B> {
        #[pin]
        inner: B,
        request: Option<Arc<registry::Request>>,
        marks: EndMarks,
    }
}

impl<B> TrackedBody<B> {
    fn request(inner: B, request: Arc<registry::Request>) -> Self {
        Self {
            inner,
            request: Some(request),
            marks: EndMarks::Received,
        }
    }

    fn response(inner: B, request: Arc<registry::Request>) -> Self {
        Self {
            inner,
            request: Some(request),
            marks: EndMarks::Finished,
        }
    }
}

impl<B: Body<Data = Bytes>> Body for TrackedBody<B> {
    type Data = Bytes;
    type Error = B::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, B::Error>>> {
        let mut this = self.project();
        let polled = this.inner.as_mut().poll_frame(cx);
        let reached = polled_to(&polled, &*this.inner);
        match this.marks {
            EndMarks::Received if reached == Reached::End => {
                if let Some(request) = this.request.as_ref() {
                    request.received();
                }
            }
            EndMarks::Finished if reached != Reached::Middle => {
                if let Some(request) = this.request.take() {
                    request.finished();
                }
            }
            _ => {}
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

pin_project! {
    /// The connection's byte stream; reads tell the watchdog that an idle HTTP/1 connection has
    /// begun its next request.
    #[derive(Debug)]
    pub(crate) struct TrackedIo<T> {
        #[pin]
        inner: T,
        conn: Arc<Conn>,
        track_reads: bool,
    }
}

impl<T> TrackedIo<T> {
    pub(crate) fn new(inner: T, conn: Arc<Conn>, track_reads: bool) -> Self {
        Self {
            inner,
            conn,
            track_reads,
        }
    }
}

impl<T: AsyncRead> AsyncRead for TrackedIo<T> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let this = self.project();
        let before = buf.filled().len();
        let polled = this.inner.poll_read(cx, buf);
        if *this.track_reads && matches!(polled, Poll::Ready(Ok(()))) && buf.filled().len() > before
        {
            this.conn.bytes_read();
        }
        polled
    }
}

impl<T: AsyncWrite> AsyncWrite for TrackedIo<T> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        self.project().inner.poll_write(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        self.project().inner.poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        self.project().inner.poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        self.project().inner.poll_shutdown(cx)
    }
}
