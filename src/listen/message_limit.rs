//! The gRPC request-size limit, checked on the wire: each message's 5-byte frame header
//! (compressed flag, 4-byte big-endian length) is read as the body streams in, and a message
//! declared larger than the limit fails the call with RESOURCE_EXHAUSTED, the code the gRPC spec
//! gives to a message over the receiver's limit, before any of it is buffered. tonic's own check
//! of the same length would answer OUT_OF_RANGE. The services keep their decoding limit at the
//! same value all the same: it is what bounds a message's size after decompression, should
//! compression be accepted one day.

use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::{Buf, Bytes};
use http::Request;
use http_body::{Body, Frame, SizeHint};
use pin_project_lite::pin_project;

/// Errors of a limited body: the inner body's, or the Status a caller gets.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Length of a gRPC message's frame header: compressed flag, then 4-byte big-endian length.
const FRAME_HEADER: usize = 5;

/// A tower service whose requests' gRPC messages are at most `limit` bytes each.
#[derive(Debug, Clone)]
pub struct MessageLimit<S> {
    inner: S,
    limit: usize,
}

impl<S> MessageLimit<S> {
    /// Wraps `inner`, refusing a request with a message over `limit` bytes.
    pub fn new(inner: S, limit: usize) -> Self {
        Self { inner, limit }
    }
}

impl<S, B> tower_service::Service<Request<B>> for MessageLimit<S>
where
    S: tower_service::Service<Request<LimitedBody<B>>>,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = S::Future;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        let limit = self.limit;
        self.inner
            .call(request.map(|body| LimitedBody::new(body, limit)))
    }
}

pin_project! {
    /// A request body that fails once a gRPC message in it declares more than `limit` bytes.
    #[derive(Debug)]
    pub struct LimitedBody<B> {
        #[pin]
        inner: B,
        frames: Frames,
    }
}

impl<B> LimitedBody<B> {
    fn new(inner: B, limit: usize) -> Self {
        Self {
            inner,
            frames: Frames::new(limit),
        }
    }
}

impl<B> Body for LimitedBody<B>
where
    B: Body<Data = Bytes>,
    B::Error: Into<BoxError>,
{
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        let this = self.project();
        if this.frames.failed {
            return Poll::Ready(None);
        }
        match this.inner.poll_frame(cx) {
            Poll::Ready(Some(Ok(frame))) => {
                if let Some(data) = frame.data_ref() {
                    if let Err(status) = this.frames.scan(data.chunk()) {
                        // tonic finds a Status in a body error and answers with it.
                        return Poll::Ready(Some(Err(Box::new(status))));
                    }
                }
                Poll::Ready(Some(Ok(frame)))
            }
            Poll::Ready(Some(Err(error))) => Poll::Ready(Some(Err(error.into()))),
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => Poll::Pending,
        }
    }

    fn is_end_stream(&self) -> bool {
        self.frames.failed || self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// Where the body is in its sequence of length-prefixed messages.
#[derive(Debug)]
struct Frames {
    limit: usize,
    /// Bytes of the current frame header seen so far (headers may span DATA frames).
    header: [u8; FRAME_HEADER],
    header_len: usize,
    /// Bytes of the current message still to come.
    remaining: u64,
    failed: bool,
}

impl Frames {
    fn new(limit: usize) -> Self {
        Self {
            limit,
            header: [0; FRAME_HEADER],
            header_len: 0,
            remaining: 0,
            failed: false,
        }
    }

    /// Follows `data` through message payloads and headers; fails on a header over the limit.
    fn scan(&mut self, mut data: &[u8]) -> Result<(), tonic::Status> {
        while !data.is_empty() {
            if self.remaining > 0 {
                let skip = usize::try_from(self.remaining)
                    .unwrap_or(usize::MAX)
                    .min(data.len());
                self.remaining -= skip as u64;
                data = &data[skip..];
                continue;
            }
            let take = (FRAME_HEADER - self.header_len).min(data.len());
            self.header[self.header_len..self.header_len + take].copy_from_slice(&data[..take]);
            self.header_len += take;
            data = &data[take..];
            if self.header_len == FRAME_HEADER {
                self.header_len = 0;
                let len = u32::from_be_bytes([
                    self.header[1],
                    self.header[2],
                    self.header[3],
                    self.header[4],
                ]);
                if u64::from(len) > self.limit as u64 {
                    self.failed = true;
                    return Err(tonic::Status::resource_exhausted(format!(
                        "request message of {len} bytes is over the limit of {} bytes",
                        self.limit
                    )));
                }
                self.remaining = u64::from(len);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(len: u32) -> Vec<u8> {
        let mut frame = vec![0];
        frame.extend_from_slice(&len.to_be_bytes());
        frame.resize(FRAME_HEADER + len as usize, 7);
        frame
    }

    #[test]
    fn messages_up_to_the_limit_pass_in_any_chunking() {
        let mut stream = message(10);
        stream.extend(message(0));
        stream.extend(message(10));
        for chunk in 1..=stream.len() {
            let mut frames = Frames::new(10);
            for piece in stream.chunks(chunk) {
                frames.scan(piece).unwrap();
            }
            assert_eq!((frames.header_len, frames.remaining), (0, 0));
        }
    }

    #[test]
    fn a_message_over_the_limit_is_resource_exhausted_whatever_the_chunking() {
        let mut stream = message(3);
        // Only the header of the second message: its payload is never needed.
        stream.extend_from_slice(&message(11)[..FRAME_HEADER]);
        for chunk in 1..=stream.len() {
            let mut frames = Frames::new(10);
            let failed = stream
                .chunks(chunk)
                .map(|piece| frames.scan(piece))
                .find_map(Result::err)
                .expect("fails");
            assert_eq!(failed.code(), tonic::Code::ResourceExhausted);
            assert!(
                failed.message().contains("11 bytes"),
                "{}",
                failed.message()
            );
        }
    }

    #[test]
    fn a_length_near_u32_max_is_refused_without_overflow() {
        let mut frames = Frames::new(usize::MAX);
        frames.scan(&[0, 0xff, 0xff, 0xff, 0xff]).unwrap();
        assert_eq!(frames.remaining, u64::from(u32::MAX));
        let mut frames = Frames::new(4 << 20);
        assert!(frames.scan(&[1, 0xff, 0xff, 0xff, 0xff]).is_err());
    }
}
