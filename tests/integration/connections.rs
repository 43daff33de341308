//! Both listeners against hostile connection patterns: silent, half-sent-header and
//! preface-only connections are closed after the header timeout and idle ones after the idle
//! timeout; a flood at the cap displaces only idle connections, never a watch stream; a client
//! that stops answering pings is dropped; an oversize request gets RESOURCE_EXHAUSTED; and the
//! binary, under a 1,024-descriptor limit, keeps serving while thousands of idle connections are
//! held against both ports. No timing is asserted: waits are bounded polls.

#![cfg(target_os = "linux")]

use std::io::Read;
use std::net::SocketAddr;
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::rt::{TokioExecutor, TokioIo};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tonic::transport::Channel;
use tonic::Code;
use wadispatch_gateway::config::{default_connection_caps, ConnectionArgs};
use wadispatch_gateway::proto::v1::account_service_client::AccountServiceClient;
use wadispatch_gateway::proto::v1::task_service_client::TaskServiceClient;
use wadispatch_gateway::proto::v1::watch_accounts_response::Update as AccountUpdate;
use wadispatch_gateway::proto::v1::{
    GetTaskExecutionStatusRequest, ListAccountsRequest, WatchAccountsRequest, WatchAccountsResponse,
};
use wadispatch_gateway::server::Connections;

use crate::common;
use crate::common::{eventually, next, RecordingPlatform};

/// The HTTP/2 client preface and an empty SETTINGS frame, and nothing after.
const H2_PREFACE: &[u8] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\0\0\0\x04\0\0\0\0\0";
/// A request head cut off in the middle of a header line.
const HALF_HEADER: &[u8] =
    b"POST /callback/gsTask/syncWhatsAppStatus HTTP/1.1\r\nHost: gateway\r\nContent-Ty";
/// The webhook kind these tests post: an account status change, one event per body.
const ACCOUNT_STATUS_PATH: &str = "/callback/gsTask/syncWhatsAppStatus";

/// How a hostile connection stalls.
#[derive(Debug, Clone, Copy)]
enum Stall {
    /// Connects and sends nothing.
    Silent,
    /// Sends part of an HTTP/1 request head.
    HalfHeader,
    /// Sends the HTTP/2 preface and SETTINGS, then nothing.
    PrefaceOnly,
}

async fn stalled(addr: SocketAddr, stall: Stall) -> TcpStream {
    // Bounded: a gateway that stopped accepting leaves connects hanging in the kernel's backlog.
    let mut tcp = tokio::time::timeout(Duration::from_secs(20), TcpStream::connect(addr))
        .await
        .unwrap_or_else(|_| panic!("{addr} stopped accepting connections"))
        .unwrap();
    match stall {
        Stall::Silent => {}
        Stall::HalfHeader => tcp.write_all(HALF_HEADER).await.unwrap(),
        Stall::PrefaceOnly => tcp.write_all(H2_PREFACE).await.unwrap(),
    }
    tcp
}

/// Whether the gateway closed `tcp` (end of stream or reset); what it sent before is discarded.
fn is_closed(tcp: &TcpStream) -> bool {
    let mut buf = [0u8; 4096];
    loop {
        match tcp.try_read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => continue,
            Err(error) if error.kind() == std::io::ErrorKind::WouldBlock => return false,
            Err(_) => return true,
        }
    }
}

/// How many of `sockets` the gateway still holds open.
fn held(sockets: &[TcpStream]) -> usize {
    sockets.iter().filter(|tcp| !is_closed(tcp)).count()
}

/// A gateway in front of a recording platform, with these connection settings.
async fn gateway(connections: Connections) -> (RecordingPlatform, common::Gateway) {
    let platform = RecordingPlatform::start().await;
    let webhooks = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let data_dir = tempfile::tempdir().unwrap();
    let events = common::open_events(data_dir.path(), &common::event_args());
    let gateway = common::Gateway::serve_with(
        common::upstream_settings(&platform.url()),
        webhooks,
        events,
        common::event_args(),
        common::no_auth(),
        connections,
        Some(data_dir),
    )
    .await;
    (platform, gateway)
}

fn webhook_addr(gateway: &common::Gateway) -> SocketAddr {
    gateway
        .webhook_url
        .trim_start_matches("http://")
        .parse()
        .unwrap()
}

/// A channel that connects on its first call (an eagerly opened connection would be a stalled
/// one until that call).
fn lazy_channel(addr: SocketAddr) -> Channel {
    Channel::from_shared(format!("http://{addr}"))
        .unwrap()
        .connect_lazy()
}

/// An every-account watch stream, past its snapshot, and the channel it runs on.
async fn watch_accounts(addr: SocketAddr) -> (Channel, tonic::Streaming<WatchAccountsResponse>) {
    let channel = lazy_channel(addr);
    let mut stream = AccountServiceClient::new(channel.clone())
        .watch_accounts(WatchAccountsRequest::default())
        .await
        .unwrap()
        .into_inner();
    let first = next(&mut stream).await;
    assert!(
        matches!(first.update, Some(AccountUpdate::Snapshot(_))),
        "{first:?}"
    );
    (channel, stream)
}

/// Waits on `stream` for the status change of `phone` (heartbeats and others skipped).
async fn account_status_reaches(stream: &mut tonic::Streaming<WatchAccountsResponse>, phone: &str) {
    for _ in 0..400 {
        if let Some(AccountUpdate::AccountStatus(status)) = next(stream).await.update {
            if status.phone == phone {
                return;
            }
        }
    }
    panic!("the status change of {phone} never reached the watch stream");
}

/// A distinct account status webhook body (a repeated body would be deduplicated).
fn account_status(phone: &str) -> String {
    serde_json::json!({
        "whatsApp": phone, "status": 1, "onlineStatus": 1, "reason": "", "instanceCode": ""
    })
    .to_string()
}

/// One well-behaved webhook POST on a fresh connection; `None` when it could not complete.
async fn post_account_status(webhooks: SocketAddr, phone: &str) -> Option<u16> {
    let answer = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap()
        .post(format!("http://{webhooks}{ACCOUNT_STATUS_PATH}"))
        .header("content-type", "application/json")
        .body(account_status(phone))
        .send()
        .await
        .ok()?;
    Some(answer.status().as_u16())
}

/// One well-behaved gRPC call on a fresh connection; `None` when it could not complete.
async fn list_accounts(grpc: SocketAddr) -> Option<()> {
    let mut client = AccountServiceClient::new(lazy_channel(grpc));
    let call = client.list_accounts(ListAccountsRequest {});
    match tokio::time::timeout(Duration::from_secs(5), call).await {
        Ok(Ok(_)) => Some(()),
        _ => None,
    }
}

/// POSTs an account status webhook on `tcp` as HTTP/1.1 keep-alive; answers the HTTP status.
async fn raw_post(tcp: &mut TcpStream, phone: &str) -> u16 {
    let body = account_status(phone);
    let request = format!(
        "POST {ACCOUNT_STATUS_PATH} HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    );
    tcp.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    let mut buf = [0u8; 1024];
    loop {
        let n = tcp.read(&mut buf).await.unwrap();
        assert!(n > 0, "closed before answering: {answer:?}");
        answer.extend_from_slice(&buf[..n]);
        let text = String::from_utf8_lossy(&answer);
        if let Some((head, rest)) = text.split_once("\r\n\r\n") {
            let length: usize = head
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().parse().unwrap())
                })
                .expect("a content length");
            if rest.len() >= length {
                return head[9..12].parse().unwrap();
            }
        }
    }
}

/// Stalled connections against both ports, `per_port` each, alternating between the silent
/// ones and those that sent part of a request.
async fn flood(
    grpc: SocketAddr,
    webhooks: SocketAddr,
    per_port: usize,
) -> (Vec<TcpStream>, Vec<TcpStream>) {
    let mut grpc_flood = Vec::new();
    let mut webhook_flood = Vec::new();
    for i in 0..per_port {
        let (to_grpc, to_webhooks) = if i % 2 == 0 {
            (Stall::Silent, Stall::Silent)
        } else {
            (Stall::PrefaceOnly, Stall::HalfHeader)
        };
        grpc_flood.push(stalled(grpc, to_grpc).await);
        webhook_flood.push(stalled(webhooks, to_webhooks).await);
    }
    (grpc_flood, webhook_flood)
}

/// Waits until the gateway holds no more of each flood than its port's cap; how many it holds.
async fn held_to_caps(
    grpc_flood: &[TcpStream],
    webhook_flood: &[TcpStream],
    grpc_cap: usize,
    webhook_cap: usize,
) -> (usize, usize) {
    eventually("the flood held to the caps", || {
        let counts = (held(grpc_flood), held(webhook_flood));
        async move { (counts.0 <= grpc_cap && counts.1 <= webhook_cap).then_some(counts) }
    })
    .await
}

/// Through a flood: a gRPC call and a webhook POST complete, and the webhook's status change
/// of `phone` reaches `watch`, a stream opened before the flood.
async fn good_clients_get_through(
    grpc: SocketAddr,
    webhooks: SocketAddr,
    watch: &mut tonic::Streaming<WatchAccountsResponse>,
    phone: &str,
) {
    eventually("a gRPC call through the flood", || list_accounts(grpc)).await;
    let status = eventually("a webhook through the flood", || {
        post_account_status(webhooks, phone)
    })
    .await;
    assert_eq!(status, 200);
    account_status_reaches(watch, phone).await;
}

/// A gRPC request with an empty message, as raw HTTP/2.
fn grpc_request(path: &str) -> http::Request<Full<Bytes>> {
    http::Request::post(path)
        .header("content-type", "application/grpc")
        .header("te", "trailers")
        .body(Full::new(Bytes::from_static(&[0, 0, 0, 0, 0])))
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stalled_and_idle_connections_are_closed_after_the_timeouts_and_a_watch_stream_is_not() {
    let mut args: ConnectionArgs = common::connection_args();
    args.grpc_header_timeout = Duration::from_millis(500);
    args.grpc_idle_timeout = Duration::from_millis(800);
    args.webhook_header_timeout = Duration::from_millis(500);
    args.webhook_idle_timeout = Duration::from_millis(800);
    let (_platform, gateway) = gateway(args.connections(1 << 16)).await;
    let grpc = gateway.addr;
    let webhooks = webhook_addr(&gateway);
    let (_channel, mut watch) = watch_accounts(grpc).await;

    let mut sockets = vec![
        stalled(grpc, Stall::Silent).await,
        stalled(grpc, Stall::PrefaceOnly).await,
        stalled(webhooks, Stall::Silent).await,
        stalled(webhooks, Stall::HalfHeader).await,
    ];
    // HTTP/1 keep-alive after a request, and a next request's head begun but never finished.
    let mut kept_alive = TcpStream::connect(webhooks).await.unwrap();
    assert_eq!(raw_post(&mut kept_alive, "8613900000001").await, 200);
    let mut next_head = TcpStream::connect(webhooks).await.unwrap();
    assert_eq!(raw_post(&mut next_head, "8613900000002").await, 200);
    next_head.write_all(HALF_HEADER).await.unwrap();
    sockets.extend([kept_alive, next_head]);
    // An HTTP/2 connection idle after a call: GOAWAY, then the connection ends.
    let (mut send, connection) = hyper::client::conn::http2::handshake(
        TokioExecutor::new(),
        TokioIo::new(TcpStream::connect(grpc).await.unwrap()),
    )
    .await
    .unwrap();
    let idle_h2 = tokio::spawn(connection);
    let response = send
        .send_request(grpc_request("/grpc.health.v1.Health/Check"))
        .await
        .unwrap();
    let answer = response.into_body().collect().await.unwrap();
    let trailers = answer.trailers().expect("gRPC trailers");
    assert_eq!(trailers["grpc-status"], "0", "{trailers:?}");

    eventually("every stalled and idle connection closed", || {
        let open = held(&sockets);
        let h2_done = idle_h2.is_finished();
        async move { (open == 0 && h2_done).then_some(()) }
    })
    .await;

    // The timeouts have passed; the watch stream, a call in flight all along, is still served.
    let phone = "8613900000003";
    assert_eq!(post_account_status(webhooks, phone).await, Some(200));
    account_status_reaches(&mut watch, phone).await;
    assert_eq!(list_accounts(grpc).await, Some(()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_at_the_cap_displaces_idle_connections_but_not_a_watch_stream() {
    const GRPC_CAP: usize = 16;
    const WEBHOOK_CAP: usize = 8;
    const FLOOD: usize = 200;
    let mut args = common::connection_args();
    args.grpc_max_connections = Some(GRPC_CAP);
    args.webhook_max_connections = Some(WEBHOOK_CAP);
    // Long timeouts: what closes the flood here is the cap alone.
    args.grpc_header_timeout = Duration::from_secs(600);
    args.webhook_header_timeout = Duration::from_secs(600);
    let (_platform, gateway) = gateway(args.connections(1 << 16)).await;
    let grpc = gateway.addr;
    let webhooks = webhook_addr(&gateway);
    let (_channel, mut watch) = watch_accounts(grpc).await;

    let (grpc_flood, webhook_flood) = flood(grpc, webhooks, FLOOD).await;
    let (held_grpc, held_webhooks) =
        held_to_caps(&grpc_flood, &webhook_flood, GRPC_CAP, WEBHOOK_CAP).await;
    assert!(held_grpc > 0 && held_webhooks > 0, "newcomers got in");

    good_clients_get_through(grpc, webhooks, &mut watch, "8613900000010").await;
}

/// An HTTP/2 frame: 24-bit length, type, flags, stream id, payload.
fn h2_frame(kind: u8, flags: u8, stream: u32, payload: &[u8]) -> Vec<u8> {
    let mut frame = (payload.len() as u32).to_be_bytes()[1..].to_vec();
    frame.extend([kind, flags]);
    frame.extend(stream.to_be_bytes());
    frame.extend_from_slice(payload);
    frame
}

/// An HPACK block of literal, never-indexed fields (no compression state needed).
fn hpack(fields: &[(&str, &str)]) -> Vec<u8> {
    let mut block = Vec::new();
    for (name, value) in fields {
        block.push(0x10);
        block.push(name.len() as u8);
        block.extend_from_slice(name.as_bytes());
        block.push(value.len() as u8);
        block.extend_from_slice(value.as_bytes());
    }
    block
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_stops_answering_pings_is_dropped_even_with_a_stream_open() {
    let mut args = common::connection_args();
    args.grpc_keepalive_interval = Duration::from_millis(300);
    args.grpc_keepalive_timeout = Duration::from_millis(300);
    let (_platform, gateway) = gateway(args.connections(1 << 16)).await;

    // A hand-written client: opens a watch stream, then never answers anything (no SETTINGS ack,
    // no PING ack), as a vanished host would not.
    let mut tcp = TcpStream::connect(gateway.addr).await.unwrap();
    let mut opening = H2_PREFACE.to_vec();
    let headers = hpack(&[
        (":method", "POST"),
        (":scheme", "http"),
        (":path", "/wadispatch.v1.AccountService/WatchAccounts"),
        (":authority", "gateway"),
        ("content-type", "application/grpc"),
        ("te", "trailers"),
    ]);
    const HEADERS: u8 = 0x1;
    const DATA: u8 = 0x0;
    const END_HEADERS: u8 = 0x4;
    const END_STREAM: u8 = 0x1;
    opening.extend(h2_frame(HEADERS, END_HEADERS, 1, &headers));
    opening.extend(h2_frame(DATA, END_STREAM, 1, &[0, 0, 0, 0, 0]));
    tcp.write_all(&opening).await.unwrap();

    // Frames from the gateway until it closes the connection; the stream did answer (DATA on
    // stream 1: the snapshot, heartbeats).
    let mut received = Vec::new();
    let mut buf = [0u8; 4096];
    let ended = tokio::time::timeout(Duration::from_secs(30), async {
        loop {
            match tcp.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => received.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    assert!(ended.is_ok(), "the unresponsive client was never dropped");
    let mut frames = &received[..];
    let mut stream_data = false;
    while frames.len() >= 9 {
        let len = u32::from_be_bytes([0, frames[0], frames[1], frames[2]]) as usize;
        let stream = u32::from_be_bytes([frames[5], frames[6], frames[7], frames[8]]) & 0x7fff_ffff;
        stream_data |= frames[3] == DATA && stream == 1 && len > 0;
        frames = &frames[(9 + len).min(frames.len())..];
    }
    assert!(stream_data, "the watch stream was open and answering");
}

#[tokio::test]
async fn an_oversize_request_gets_resource_exhausted_and_the_connection_goes_on() {
    let harness = common::Harness::start().await;
    let mut tasks = TaskServiceClient::new(harness.gateway.channel.clone());
    let limit = wadispatch_gateway::config::DEFAULT_GRPC_MAX_REQUEST_BYTES;
    let oversize = tasks
        .get_task_execution_status(GetTaskExecutionStatusRequest {
            task_id: "a".repeat(limit + 1),
        })
        .await
        .unwrap_err();
    assert_eq!(oversize.code(), Code::ResourceExhausted, "{oversize:?}");
    assert!(oversize.message().contains("limit"), "{oversize:?}");
    assert!(harness.platform.received().is_empty(), "never sent on");
    // The same channel goes on serving.
    let accounts = AccountServiceClient::new(harness.gateway.channel.clone())
        .list_accounts(ListAccountsRequest {})
        .await;
    assert!(accounts.is_ok(), "{accounts:?}");
}

#[tokio::test]
async fn the_request_size_limit_is_a_setting() {
    let mut args = common::connection_args();
    args.grpc_max_request_bytes = 1000;
    let (_platform, gateway) = gateway(args.connections(1 << 16)).await;
    let mut tasks = TaskServiceClient::new(gateway.channel.clone());
    let over = tasks
        .get_task_execution_status(GetTaskExecutionStatusRequest {
            task_id: "a".repeat(1000),
        })
        .await
        .unwrap_err();
    assert_eq!(over.code(), Code::ResourceExhausted, "{over:?}");
    // Within the limit (the field's tag and length take 3 bytes): past the limit, whatever the
    // gateway then makes of the id.
    let within = tasks
        .get_task_execution_status(GetTaskExecutionStatusRequest {
            task_id: "a".repeat(990),
        })
        .await;
    assert_ne!(
        within.map_err(|s| s.code()).err(),
        Some(Code::ResourceExhausted)
    );
}

/// Lines the child process logs, collected by a thread so its pipe never fills.
#[derive(Clone, Default)]
struct Log(Arc<Mutex<Vec<String>>>);

impl Log {
    fn collect(child: &mut Child) -> Self {
        let log = Self::default();
        let lines = log.0.clone();
        let mut stdout = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            let mut text = String::new();
            let mut buf = [0u8; 8192];
            while let Ok(n) = stdout.read(&mut buf) {
                if n == 0 {
                    break;
                }
                text.push_str(&String::from_utf8_lossy(&buf[..n]));
                while let Some((line, rest)) = text.split_once('\n') {
                    lines.lock().unwrap().push(line.to_owned());
                    text = rest.to_owned();
                }
            }
        });
        log
    }

    fn find(&self, needle: &str) -> Option<String> {
        self.0
            .lock()
            .unwrap()
            .iter()
            .find(|l| l.contains(needle))
            .cloned()
    }
}

/// Kills the child process when the test ends, however it ends.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The `name=value` field of a log line, as a number.
fn field(line: &str, name: &str) -> usize {
    line.split_whitespace()
        .find_map(|f| f.strip_prefix(&format!("{name}=")))
        .unwrap_or_else(|| panic!("{name} missing from {line}"))
        .parse()
        .unwrap()
}

/// Resident memory of process `pid`, in KiB.
fn rss_kib(pid: u32) -> usize {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// Open descriptors of process `pid`, and how many of them are sockets.
fn descriptors(pid: u32) -> (usize, usize) {
    let mut total = 0;
    let mut sockets = 0;
    for entry in std::fs::read_dir(format!("/proc/{pid}/fd"))
        .unwrap()
        .flatten()
    {
        total += 1;
        if std::fs::read_link(entry.path())
            .is_ok_and(|target| target.to_string_lossy().starts_with("socket:"))
        {
            sockets += 1;
        }
    }
    (total, sockets)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The gateway's descriptor limit in the binary test, soft and hard.
const CHILD_FD_LIMIT: u64 = 1024;
/// Stalled connections opened against each port in the binary test.
const FLOOD_PER_PORT: usize = 2500;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn under_a_1024_descriptor_limit_thousands_of_idle_connections_do_not_stop_good_clients() {
    // The flood needs thousands of sockets on this side too.
    let own = wadispatch_gateway::listen::raise_fd_limit();
    let per_port = FLOOD_PER_PORT.min((own.soft as usize).saturating_sub(512) / 2);
    let platform = RecordingPlatform::start().await;
    let grpc: SocketAddr = format!("127.0.0.1:{}", free_port()).parse().unwrap();
    let webhooks: SocketAddr = format!("127.0.0.1:{}", free_port()).parse().unwrap();
    let data_dir = tempfile::tempdir().unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_wadispatch-gateway"));
    command
        .arg("serve")
        .env("WADISPATCH_ALLOW_UNAUTHENTICATED", "true")
        .env("WADISPATCH_DATA_DIR", data_dir.path())
        .env("WADISPATCH_GRPC_ADDR", grpc.to_string())
        .env("WADISPATCH_WEBHOOK_ADDR", webhooks.to_string())
        .env("WADISPATCH_UPSTREAM_URL", platform.url())
        // Long header timeouts: the flood stays until the cap displaces it.
        .env("WADISPATCH_GRPC_HEADER_TIMEOUT", "10m")
        .env("WADISPATCH_WEBHOOK_HEADER_TIMEOUT", "10m")
        .env("WADISPATCH_HEARTBEAT", "300ms")
        .env("WADISPATCH_SHUTDOWN_GRACE", "1s")
        .env("RUST_LOG", "info")
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped());
    // SAFETY: setrlimit is async-signal-safe; the closure touches nothing else.
    unsafe {
        command.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: CHILD_FD_LIMIT as libc::rlim_t,
                rlim_max: CHILD_FD_LIMIT as libc::rlim_t,
            };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &limit) == 0 {
                Ok(())
            } else {
                Err(std::io::Error::last_os_error())
            }
        });
    }
    let mut child = Killed(command.spawn().unwrap());
    let log = Log::collect(&mut child.0);
    let pid = child.0.id();
    eventually("the gateway serving", || {
        let serving = log.find("serving");
        async move { serving }
    })
    .await;
    let caps = log
        .find("connection caps")
        .expect("the caps are logged at start");
    let (grpc_cap, webhook_cap) = (
        field(&caps, "grpc_max_connections"),
        field(&caps, "webhook_max_connections"),
    );
    assert_eq!(field(&caps, "fd_limit"), CHILD_FD_LIMIT as usize, "{caps}");
    assert_eq!(
        (grpc_cap, webhook_cap),
        default_connection_caps(CHILD_FD_LIMIT)
    );
    assert!(
        per_port > grpc_cap + webhook_cap,
        "this machine's descriptor limit ({}) is too low for the flood",
        own.hard
    );

    let (_channel, mut watch) = watch_accounts(grpc).await;
    let rss_before = rss_kib(pid);
    let (grpc_flood, webhook_flood) = flood(grpc, webhooks, per_port).await;

    // Well-behaved clients still get in, and the watch stream opened before the flood lives on.
    good_clients_get_through(grpc, webhooks, &mut watch, "8613900000020").await;

    let (held_grpc, held_webhooks) =
        held_to_caps(&grpc_flood, &webhook_flood, grpc_cap, webhook_cap).await;
    let (fds, sockets) = descriptors(pid);
    let rss_after = rss_kib(pid);
    println!(
        "flood of {per_port} stalled connections per port against a {CHILD_FD_LIMIT}-descriptor \
         gateway (caps: gRPC {grpc_cap}, webhooks {webhook_cap}): held open {held_grpc} gRPC and \
         {held_webhooks} webhook connections; the gateway uses {fds} descriptors, {sockets} of \
         them sockets; RSS {rss_before} KiB before the flood, {rss_after} KiB after"
    );
    assert!(fds < CHILD_FD_LIMIT as usize, "{fds} descriptors");
    // The caps, the evicted connections still closing, the listeners and the platform pool.
    assert!(
        sockets <= grpc_cap + webhook_cap + 2 * 32 + 16,
        "{sockets} sockets"
    );
}
