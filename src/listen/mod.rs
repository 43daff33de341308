//! The accepting stage of both listeners, gRPC and webhooks: accepts TCP connections, keeps the
//! open ones under a cap, serves each with hyper, and closes the ones that stall or idle.
//!
//! - **The accept loop never dies.** Out of descriptors (EMFILE, ENFILE) it closes the oldest
//!   evictable connection of its own listener, pauses briefly and goes on; a client that left
//!   before being accepted is skipped.
//! - **A cap on open connections** per listener (its default follows the descriptor limit, see
//!   `config::default_connection_caps`). At the cap a newcomer still gets in: the oldest
//!   connection that is idle or has not sent a whole request yet is closed for it (see
//!   `registry`); connections answering a request (a call, a watch stream) are never closed for
//!   a newcomer.
//! - **Timeouts per connection**, enforced by a watchdog in the connection's task: the first
//!   request's headers (the HTTP/2 preface included) within the header timeout of opening, on
//!   HTTP/1 each next request's headers within the header timeout of its first byte, and an
//!   idle timeout after the last request, which ends with GOAWAY (HTTP/2) or a close (HTTP/1).
//!   HTTP/2 connections are also pinged (keepalive) and carry at most so many streams.
//! - **Graceful shutdown**: the port closes at once, open connections are asked to finish (GOAWAY,
//!   no keep-alive) and closed when the grace runs out.
//!
//! The per-connection work (the TLS handshake included, see `tls`) runs in the connection's own
//! task, under the header timeout: see [`Handshake`].

pub mod fd_limit;
pub mod grpc_web;
pub mod message_limit;
mod registry;
mod service;
pub mod tls;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

pub use fd_limit::{raise_fd_limit, FdLimit};
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use registry::{Registered, Registry, Timeouts, Verdict};
pub use service::{Application, RequestBody, ResponseBody, TrackedBody};
use service::{ConnService, ReadTracking, TrackedIo};
pub use tls::{ClientAuth, TlsAcceptor, TlsError, TlsFiles, TlsSettings};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

/// How a listener speaks HTTP.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// HTTP/1.1 only: the webhook listener (webhook senders speak HTTP/1.1).
    Http1,
    /// HTTP/2 (gRPC), with keepalive pings and a cap on concurrent streams, and HTTP/1.1 beside
    /// it on the same port: the gRPC listener, whose gRPC-Web callers (browsers, many tools)
    /// speak HTTP/1.1. A connection is
    /// HTTP/2 when it opens with the HTTP/2 client preface (under TLS, ALPN offers `h2` first,
    /// then `http/1.1`), HTTP/1.1 otherwise, and is then held as a listener of that protocol
    /// alone holds it: keepalive pings and the stream cap for HTTP/2, the header timeout of
    /// every request for HTTP/1.1.
    Http1AndHttp2 {
        /// Ping an HTTP/2 connection this long after it last sent anything; `None`: never.
        keepalive_interval: Option<Duration>,
        /// A ping unanswered for this long closes the connection.
        keepalive_timeout: Duration,
        /// Concurrent streams (calls) per HTTP/2 connection.
        max_streams: u32,
    },
}

impl Protocol {
    /// How a connection's reads tell its watchdog that a next request began: HTTP/1 requests
    /// follow one another on a connection, each with its header timeout; an idle HTTP/2
    /// connection exchanges pings, which start nothing.
    fn read_tracking(&self) -> ReadTracking {
        match self {
            Protocol::Http1 => ReadTracking::Http1,
            Protocol::Http1AndHttp2 { .. } => ReadTracking::Sniffing { matched: 0 },
        }
    }
}

/// The connection limits of one listener.
#[derive(Debug, Clone)]
pub struct ListenSettings {
    /// Names the listener in logs: "grpc" or "webhooks".
    pub name: &'static str,
    /// Connections held open at most; at the cap a newcomer evicts the oldest evictable one.
    pub max_connections: usize,
    /// Time to send a request's headers: the first from the connection's opening, on HTTP/1 each
    /// next one from its first byte.
    pub header_timeout: Duration,
    /// A connection with no request in flight for this long is asked to go away.
    pub idle_timeout: Duration,
    /// HTTP/1.1 for webhooks; HTTP/2, with its keepalive and stream cap, and HTTP/1.1 beside it
    /// for gRPC (and its gRPC-Web callers).
    pub protocol: Protocol,
}

/// Sockets beyond the cap that evicted connections may hold while their tasks close them; the
/// accept loop waits rather than go further past the cap.
const CLOSING_SLACK: usize = 32;
/// How long a new connection is safe from eviction at the cap: time enough for a well-behaved
/// client, whose request is usually in the socket already when it is accepted, to send it; short
/// enough that a flood of idle connections turns over quickly (the cap divided by it per second).
const EVICTION_GRACE: Duration = Duration::from_millis(100);
/// First and longest pause of the accept loop after an accept error (out of descriptors).
const ACCEPT_BACKOFF: (Duration, Duration) = (Duration::from_millis(10), Duration::from_secs(1));
/// How long an idle connection asked to go away may take to close before it is dropped (an
/// HTTP/2 client acknowledges the GOAWAY's ping first).
const GOAWAY_GRACE: Duration = Duration::from_secs(10);
/// Warnings about a full listener or accept errors, at most this often.
const WARN_INTERVAL: Duration = Duration::from_secs(10);

/// Turns an accepted TCP stream into the byte stream HTTP is spoken over: [`PlainTcp`] or
/// [`TlsAcceptor`]. It runs in the connection's task under the header timeout, and the
/// connection is evictable meanwhile, so a stalled handshake costs no more than a stalled
/// request.
pub trait Handshake: Clone + Send + Sync + 'static {
    /// The byte stream after the handshake: the TCP stream itself, or TLS over it.
    type Io: AsyncRead + AsyncWrite + Unpin + Send + 'static;

    /// The byte stream, and the client's certificate when the handshake verified one: every
    /// request on the connection then carries it (see [`PeerCertificate`]).
    fn handshake(
        &self,
        tcp: TcpStream,
    ) -> impl Future<Output = std::io::Result<(Self::Io, Option<PeerCertificate>)>> + Send;
}

/// The verified client certificate of the connection a request came on (mutual TLS), in the
/// request's extensions. Absent on plain TCP and on TLS connections whose client sent none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeerCertificate {
    /// The certificate's subject in RFC 4514 form, most specific part first:
    /// `CN=campaigns,O=Acme`.
    pub subject: String,
    /// The subject's most specific common name (CN), when it has one that is a string.
    pub common_name: Option<String>,
}

/// Plain TCP: HTTP is spoken on the socket as accepted.
#[derive(Debug, Clone, Copy, Default)]
pub struct PlainTcp;

impl Handshake for PlainTcp {
    type Io = TcpStream;

    async fn handshake(
        &self,
        tcp: TcpStream,
    ) -> std::io::Result<(TcpStream, Option<PeerCertificate>)> {
        Ok((tcp, None))
    }
}

/// Serves `service` on every connection `listener` accepts, within `settings`, until `shutdown`
/// completes; then closes the port, asks open connections to finish, and closes those still open
/// after `grace`. Requests reach `service` with the peer's address in their extensions (axum's
/// `ConnectInfo<SocketAddr>`), and with its [`PeerCertificate`] when the handshake verified one.
pub async fn serve<H, S>(
    listener: TcpListener,
    settings: ListenSettings,
    handshake: H,
    service: S,
    shutdown: impl Future<Output = ()>,
    grace: Duration,
) where
    H: Handshake,
    S: Application,
{
    let registry = Registry::new(settings.max_connections, EVICTION_GRACE);
    let builder = Arc::new(http_builder(&settings.protocol));
    let timeouts = Timeouts {
        header: settings.header_timeout,
        idle: settings.idle_timeout,
    };
    let tracking = settings.protocol.read_tracking();
    let (stop, stopped) = watch::channel(false);
    let name = settings.name;
    // One throttle per warning: a routine one must not hide a worse one.
    let (mut accept_failed, mut turned_away, mut evicting) = (
        Throttle::default(),
        Throttle::default(),
        Throttle::default(),
    );
    let mut pause: Option<Duration> = None;
    tokio::pin!(shutdown);
    loop {
        let next = async {
            if let Some(pause) = pause {
                tokio::time::sleep(pause).await;
            }
            registry.wait_below(registry.cap() + CLOSING_SLACK).await;
            registry.wait_for_room().await;
            listener.accept().await
        };
        let accepted = tokio::select! {
            () = &mut shutdown => break,
            accepted = next => accepted,
        };
        let (tcp, peer) = match accepted {
            Ok(accepted) => {
                pause = None;
                accepted
            }
            // The client left before it was accepted.
            Err(error) if is_transient(&error) => continue,
            Err(error) => {
                let freed = is_out_of_descriptors(&error) && registry.evict_one();
                if accept_failed.ready() {
                    tracing::warn!(listener = name, %error, freed, "cannot accept a connection; pausing");
                }
                pause = Some(pause.map_or(ACCEPT_BACKOFF.0, |p| (p * 2).min(ACCEPT_BACKOFF.1)));
                continue;
            }
        };
        let evicted = registry.evictions();
        let Some(registered) = registry.admit() else {
            if turned_away.ready() {
                tracing::warn!(
                    listener = name,
                    cap = registry.cap(),
                    "connection cap reached and every connection is answering a request: \
                     new connections are turned away"
                );
            }
            continue;
        };
        if registry.evictions() > evicted && evicting.ready() {
            tracing::warn!(
                listener = name,
                cap = registry.cap(),
                evicted = registry.evictions(),
                "connection cap reached: the oldest idle connections make room for new ones"
            );
        }
        // Without TCP_NODELAY an answer's last segment waits out the client's delayed ACK.
        let _ = tcp.set_nodelay(true);
        tokio::spawn(run_connection(
            tcp,
            peer,
            registered,
            handshake.clone(),
            builder.clone(),
            service.clone(),
            timeouts,
            tracking,
            stopped.clone(),
        ));
    }
    // Closing the port at once: new clients are refused rather than left waiting.
    drop(listener);
    let _ = stop.send(true);
    if tokio::time::timeout(grace, registry.wait_below(1))
        .await
        .is_err()
    {
        tracing::warn!(
            listener = name,
            ?grace,
            open = registry.open(),
            "shutdown grace expired: closing the remaining connections"
        );
        registry.close_all();
        registry.wait_below(1).await;
    }
}

fn http_builder(protocol: &Protocol) -> Builder<TokioExecutor> {
    let mut builder = Builder::new(TokioExecutor::new());
    match *protocol {
        Protocol::Http1 => {
            builder = builder.http1_only();
            // The watchdog times headers itself: hyper's header timer also runs while a
            // keep-alive connection idles, which would make the idle timeout the header timeout.
            builder.http1().header_read_timeout(None);
        }
        Protocol::Http1AndHttp2 {
            keepalive_interval,
            keepalive_timeout,
            max_streams,
        } => {
            // The auto builder tells the two apart by the first bytes (the HTTP/2 preface or
            // not); HTTP/1's headers are timed by the watchdog, as on an `Http1` listener.
            builder.http1().header_read_timeout(None);
            http2(
                &mut builder,
                keepalive_interval,
                keepalive_timeout,
                max_streams,
            );
        }
    }
    builder
}

fn http2(
    builder: &mut Builder<TokioExecutor>,
    keepalive_interval: Option<Duration>,
    keepalive_timeout: Duration,
    max_streams: u32,
) {
    builder
        .http2()
        .timer(TokioTimer::new())
        .keep_alive_interval(keepalive_interval)
        .keep_alive_timeout(keepalive_timeout)
        .max_concurrent_streams(max_streams);
}

/// Where a connection is in its life.
#[derive(Debug, Clone, Copy)]
enum Phase {
    Serving,
    /// Idle too long and asked to go away at this time.
    GoingAway(Instant),
    /// Finishing what it has in flight: shutdown, or requests that outlived a GOAWAY.
    Draining,
}

#[allow(clippy::too_many_arguments)]
async fn run_connection<H, S>(
    tcp: TcpStream,
    peer: SocketAddr,
    registered: Registered,
    handshake: H,
    builder: Arc<Builder<TokioExecutor>>,
    service: S,
    timeouts: Timeouts,
    tracking: ReadTracking,
    mut stopped: watch::Receiver<bool>,
) where
    H: Handshake,
    S: Application,
{
    let conn = registered.conn.clone();
    let (io, certificate) = tokio::select! {
        io = handshake.handshake(tcp) => match io {
            Ok(established) => established,
            Err(error) => {
                tracing::debug!(%peer, %error, "handshake failed");
                return;
            }
        },
        () = tokio::time::sleep_until((conn.opened() + timeouts.header).into()) => return,
        () = conn.closed() => return,
    };
    let io = TokioIo::new(TrackedIo::new(io, conn.clone(), tracking));
    let connection = builder.serve_connection(
        io,
        ConnService::new(service, conn.clone(), peer, certificate),
    );
    tokio::pin!(connection);
    let mut phase = Phase::Serving;
    loop {
        let wake = match phase {
            Phase::Serving => match conn.verdict(&timeouts) {
                Verdict::Close => break,
                Verdict::GoAway => {
                    connection.as_mut().graceful_shutdown();
                    phase = Phase::GoingAway(Instant::now());
                    continue;
                }
                Verdict::Wait(at) => at,
            },
            Phase::GoingAway(since) => Some(since + GOAWAY_GRACE),
            Phase::Draining => None,
        };
        let serving = matches!(phase, Phase::Serving);
        tokio::select! {
            served = connection.as_mut() => {
                if let Err(error) = served {
                    tracing::debug!(%peer, %error, "connection ended with an error");
                }
                break;
            }
            () = conn.closed() => break,
            () = conn.changed(), if serving => {}
            // An error: the server is gone, which is a shutdown too.
            _ = stopped.changed(), if !matches!(phase, Phase::Draining) => {
                if serving {
                    connection.as_mut().graceful_shutdown();
                }
                phase = Phase::Draining;
            }
            () = sleep_until(wake), if wake.is_some() => {
                if let Phase::GoingAway(_) = phase {
                    if conn.is_idle() {
                        break;
                    }
                    phase = Phase::Draining;
                }
            }
        }
    }
    // The connection (and its socket) is a local, dropped before the parameter `registered`: the
    // registry counts a descriptor free only once it is.
}

async fn sleep_until(at: Option<Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at.into()).await,
        None => std::future::pending().await,
    }
}

/// Errors about one connection that left before it was accepted: skip it and go on.
fn is_transient(error: &std::io::Error) -> bool {
    use std::io::ErrorKind::*;
    matches!(
        error.kind(),
        ConnectionAborted | ConnectionReset | ConnectionRefused | Interrupted | WouldBlock
    )
}

/// EMFILE (this process) or ENFILE (the whole system): no descriptor for the new socket.
fn is_out_of_descriptors(error: &std::io::Error) -> bool {
    #[cfg(unix)]
    {
        matches!(error.raw_os_error(), Some(libc::EMFILE | libc::ENFILE))
    }
    #[cfg(not(unix))]
    {
        let _ = error;
        false
    }
}

/// Lets a repeated warning through at most once per `WARN_INTERVAL`.
#[derive(Debug, Default)]
struct Throttle {
    last: Option<Instant>,
}

impl Throttle {
    fn ready(&mut self) -> bool {
        let now = Instant::now();
        if self.last.is_some_and(|last| now < last + WARN_INTERVAL) {
            return false;
        }
        self.last = Some(now);
        true
    }
}
