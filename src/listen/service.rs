//! What the listener puts between hyper and the application: every request is counted on its
//! connection from its headers to the end of its answer, carries the peer's address (and the
//! client certificate the TLS handshake verified), and every byte read marks the connection
//! active.

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{ready, Context, Poll};

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

/// The HTTP/2 client preface, with which every HTTP/2 connection opens (RFC 9113, 3.4).
const H2_PREFACE: &[u8] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

/// Whether a connection's reads tell its watchdog that a next request began.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ReadTracking {
    /// HTTP/1: bytes read on an idle connection start the next request's head.
    Http1,
    /// HTTP/2: an idle connection exchanges pings and settings, which start nothing.
    Http2,
    /// Not known yet: the first bytes tell, as they tell hyper which protocol to speak. So far
    /// they are the first `matched` bytes of the HTTP/2 preface.
    Sniffing { matched: usize },
}

impl ReadTracking {
    /// Follows the connection's next bytes until they tell HTTP/2 (the whole preface) from
    /// HTTP/1 (anything else).
    fn read(&mut self, bytes: &[u8]) {
        if let ReadTracking::Sniffing { matched } = *self {
            let expected = &H2_PREFACE[matched..];
            let n = expected.len().min(bytes.len());
            *self = if bytes[..n] != expected[..n] {
                ReadTracking::Http1
            } else if n == expected.len() {
                ReadTracking::Http2
            } else {
                ReadTracking::Sniffing {
                    matched: matched + n,
                }
            };
        }
    }
}

/// A write at most this long is held back and sent with the next write, or at the flush.
const HELD_WRITE: usize = 4096;

pin_project! {
    /// The connection's byte stream; reads tell the watchdog that an idle HTTP/1 connection has
    /// begun its next request, and a small write waits for the next (see `poll_write`).
    #[derive(Debug)]
    pub(crate) struct TrackedIo<T> {
        #[pin]
        inner: T,
        conn: Arc<Conn>,
        tracking: ReadTracking,
        // A small write not sent yet; freed once sent.
        held: Vec<u8>,
    }
}

impl<T> TrackedIo<T> {
    pub(crate) fn new(inner: T, conn: Arc<Conn>, tracking: ReadTracking) -> Self {
        Self {
            inner,
            conn,
            tracking,
            held: Vec::new(),
        }
    }
}

impl<T: AsyncWrite> TrackedIo<T> {
    /// Sends what is held, if anything.
    fn poll_send_held(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        let mut this = self.project();
        while !this.held.is_empty() {
            let sent = ready!(this.inner.as_mut().poll_write(cx, this.held))?;
            if sent == 0 {
                return Poll::Ready(Err(std::io::ErrorKind::WriteZero.into()));
            }
            this.held.drain(..sent);
        }
        *this.held = Vec::new();
        Poll::Ready(Ok(()))
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
        if matches!(polled, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            this.tracking.read(&buf.filled()[before..]);
            if *this.tracking == ReadTracking::Http1 {
                this.conn.bytes_read();
            }
        }
        polled
    }
}

impl<T: AsyncWrite> AsyncWrite for TrackedIo<T> {
    /// A write of at most [`HELD_WRITE`] bytes is held, and goes out with the next write (in
    /// one vectored write) or at the flush, which both HTTP versions call once they have
    /// written. h2 writes a large DATA frame in two parts, its buffer (the frame's head, any
    /// frames before it and the payload's first KiB) then the rest of the payload: one system
    /// call each, and on loopback each wakes the receiver. Held, the two leave together: a
    /// replay's gateway spent 0.15 µs less per event.
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        loop {
            let this = self.as_mut().project();
            if this.held.len() + buf.len() <= HELD_WRITE {
                this.held.extend_from_slice(buf);
                return Poll::Ready(Ok(buf.len()));
            }
            if this.held.is_empty() {
                return this.inner.poll_write(cx, buf);
            }
            let both = [std::io::IoSlice::new(this.held), std::io::IoSlice::new(buf)];
            let sent = ready!(this.inner.poll_write_vectored(cx, &both))?;
            if sent == 0 {
                return Poll::Ready(Err(std::io::ErrorKind::WriteZero.into()));
            }
            let held = this.held.len();
            if sent < held {
                this.held.drain(..sent);
                continue;
            }
            *this.held = Vec::new();
            if sent > held {
                return Poll::Ready(Ok(sent - held));
            }
            // Only the held bytes went: `buf` is written (or held) afresh.
        }
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        ready!(self.as_mut().poll_send_held(cx))?;
        self.project().inner.poll_write_vectored(cx, bufs)
    }

    /// Not vectored, whatever the socket can do: h2 then copies DATA payloads under 1 KiB into
    /// its write buffer. With vectored writes it chains every payload of 256 bytes or more and
    /// must write it out before it buffers the next frame, so each unary response took a
    /// system call of its own (1.5 per call at 64 concurrent calls); copied, the responses of
    /// many streams leave together (0.6 per call). hyper's HTTP/1 copies a small body behind
    /// its head, one write either way.
    fn is_write_vectored(&self) -> bool {
        false
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        ready!(self.as_mut().poll_send_held(cx))?;
        self.project().inner.poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        ready!(self.as_mut().poll_send_held(cx))?;
        self.project().inner.poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use tokio::io::AsyncWriteExt;

    use super::*;
    use crate::listen::registry::Conn;

    /// A socket that takes at most `per_write` bytes a write, and records each write.
    #[derive(Debug)]
    struct Socket {
        per_write: usize,
        received: Vec<u8>,
        writes: Vec<usize>,
        flushes: usize,
    }

    impl AsyncWrite for Socket {
        fn poll_write(
            mut self: Pin<&mut Self>,
            _: &mut Context<'_>,
            buf: &[u8],
        ) -> Poll<std::io::Result<usize>> {
            let n = buf.len().min(self.per_write);
            self.received.extend_from_slice(&buf[..n]);
            self.writes.push(n);
            Poll::Ready(Ok(n))
        }

        fn poll_write_vectored(
            mut self: Pin<&mut Self>,
            _: &mut Context<'_>,
            bufs: &[std::io::IoSlice<'_>],
        ) -> Poll<std::io::Result<usize>> {
            let mut n = 0;
            for buf in bufs {
                let take = buf.len().min(self.per_write - n);
                self.received.extend_from_slice(&buf[..take]);
                n += take;
            }
            self.writes.push(n);
            Poll::Ready(Ok(n))
        }

        fn is_write_vectored(&self) -> bool {
            true
        }

        fn poll_flush(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
            self.flushes += 1;
            Poll::Ready(Ok(()))
        }

        fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
            Poll::Ready(Ok(()))
        }
    }

    fn tracked(per_write: usize) -> TrackedIo<Socket> {
        let socket = Socket {
            per_write,
            received: Vec::new(),
            writes: Vec::new(),
            flushes: 0,
        };
        TrackedIo::new(socket, Arc::new(Conn::new(0)), ReadTracking::Http2)
    }

    #[tokio::test]
    async fn a_small_write_leaves_with_the_next_or_at_the_flush() {
        let mut io = tracked(usize::MAX);
        // h2's buffer (a frame's head and the payload's first KiB), then the payload's rest.
        io.write_all(&[1; 1033]).await.unwrap();
        assert!(io.inner.writes.is_empty(), "held");
        io.write_all(&[2; 15_351]).await.unwrap();
        assert_eq!(io.inner.writes, [16_384], "one write for both");
        io.write_all(&[3; 100]).await.unwrap();
        io.write_all(&[4; 100]).await.unwrap();
        assert_eq!(io.inner.writes.len(), 1, "held together");
        io.flush().await.unwrap();
        assert_eq!(io.inner.writes, [16_384, 200]);
        assert_eq!(io.inner.flushes, 1);
        let mut sent = vec![1; 1033];
        sent.extend([2; 15_351]);
        sent.extend([3; 100]);
        sent.extend([4; 100]);
        assert_eq!(io.inner.received, sent);
        assert!(io.held.capacity() == 0, "nothing kept once sent");
    }

    #[tokio::test]
    async fn a_socket_taking_part_of_a_write_gets_every_byte_in_order() {
        let mut io = tracked(700);
        let mut sent = Vec::new();
        for (i, len) in [10, 3000, 5000, 1, 4096, 9000, 20].into_iter().enumerate() {
            let chunk = vec![i as u8; len];
            io.write_all(&chunk).await.unwrap();
            sent.extend(chunk);
        }
        io.shutdown().await.unwrap();
        assert_eq!(io.inner.received, sent);
        assert!(io.inner.writes.iter().all(|&n| n > 0 && n <= 700));
    }

    fn sniffed(chunks: &[&[u8]]) -> ReadTracking {
        let mut tracking = ReadTracking::Sniffing { matched: 0 };
        for chunk in chunks {
            tracking.read(chunk);
        }
        tracking
    }

    #[test]
    fn the_preface_tells_http2_in_any_chunking() {
        let mut opening = H2_PREFACE.to_vec();
        // A SETTINGS frame follows the preface in the same read.
        opening.extend_from_slice(b"\0\0\0\x04\0\0\0\0\0");
        for size in 1..=opening.len() {
            let chunks: Vec<&[u8]> = opening.chunks(size).collect();
            assert_eq!(sniffed(&chunks), ReadTracking::Http2, "chunks of {size}");
        }
    }

    #[test]
    fn anything_else_is_http1_as_soon_as_it_differs() {
        assert_eq!(sniffed(&[b"POST / HTTP/1.1\r\n"]), ReadTracking::Http1);
        // "PRI" alone could still be the preface; the next byte settles it.
        assert_eq!(sniffed(&[b"PRI"]), ReadTracking::Sniffing { matched: 3 });
        assert_eq!(sniffed(&[b"PRI", b"X"]), ReadTracking::Http1);
        assert_eq!(sniffed(&[b"PRI * HTTP/1.1\r\n"]), ReadTracking::Http1);
    }

    #[test]
    fn a_decided_protocol_stays() {
        let mut tracking = ReadTracking::Http1;
        tracking.read(H2_PREFACE);
        assert_eq!(tracking, ReadTracking::Http1);
        let mut tracking = ReadTracking::Http2;
        tracking.read(b"GET / HTTP/1.1\r\n");
        assert_eq!(tracking, ReadTracking::Http2);
    }
}
