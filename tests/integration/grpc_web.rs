//! gRPC-Web on the gRPC port, against a gateway with a key file in front of the simulator, with a
//! client written here from the protocol (length-prefixed messages, then a trailer frame) over
//! hyper's HTTP/1.1 and HTTP/2 clients: unary calls and watch streams followed to their end and
//! resumed from a cursor, the same refusals as gRPC (no key, an unknown key, a missing
//! permission, a message over the size limit, also in the base64 text encoding), the calls
//! counted in the RPC metrics, CORS preflights for a listed origin and another, an HTTP/1
//! keep-alive connection whose next request's headers stall being cut off, and ALPN over TLS
//! (h2 preferred, http/1.1 served).

use std::net::SocketAddr;
use std::time::Duration;

use base64::Engine as _;
use bytes::{Buf, BufMut, Bytes, BytesMut};
use http::{HeaderMap, HeaderName, HeaderValue, Method, Request, Response, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo};
use prost::Message;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tonic::Code;
use wadispatch_gateway::callers::authenticate::Admission;
use wadispatch_gateway::callers::keys::{self, KeyRing};
use wadispatch_gateway::listen::TlsAcceptor;
use wadispatch_gateway::proto::v1::watch_accounts_response::Update as AccountUpdate;
use wadispatch_gateway::proto::v1::watch_task_response::Update;
use wadispatch_gateway::proto::v1::*;
use wadispatch_gateway::server::Connections;

use crate::common;
use crate::common::pki::{self, Ca, TlsDir};

/// A page origin the gateway lists, and one it does not.
const ALLOWED_ORIGIN: &str = "https://app.example";
const OTHER_ORIGIN: &str = "https://elsewhere.example";
/// The request-size limit of these gateways, small enough to exceed cheaply.
const MAX_REQUEST_BYTES: usize = 4096;

/// Which HTTP a gRPC-Web call travels over.
#[derive(Debug, Clone, Copy)]
enum Http {
    One,
    Two,
}

/// A gateway in front of the simulator, admitting two callers: `key` with every permission and
/// `reader_key` with tasks.read only; pages of `ALLOWED_ORIGIN` may call it.
struct WebGateway {
    addr: SocketAddr,
    key: String,
    reader_key: String,
    _keys: tempfile::TempDir,
    _data_dir: tempfile::TempDir,
    _simulator: wadispatch_gateway::sim::Simulator,
    _stop: tokio::sync::watch::Sender<bool>,
}

impl WebGateway {
    async fn start() -> Self {
        Self::start_with(|_| {}).await
    }

    /// Starts one whose connection settings `adjust` changes.
    async fn start_with(adjust: impl FnOnce(&mut Connections)) -> Self {
        let keys = tempfile::tempdir().unwrap();
        let (key, digest) = keys::new_key().unwrap();
        let (reader_key, reader_digest) = keys::new_key().unwrap();
        let path = keys.path().join("keys.toml");
        std::fs::write(
            &path,
            format!(
                "[[key]]\nname = \"web\"\nsha256 = \"{digest}\"\npermissions = [\"*\"]\n\n\
                 [[key]]\nname = \"reader\"\nsha256 = \"{reader_digest}\"\n\
                 permissions = [\"tasks.read\"]\n"
            ),
        )
        .unwrap();
        let ring = KeyRing::open(&path).unwrap();

        let webhooks = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let webhook_url = format!("http://{}", webhooks.local_addr().unwrap());
        let simulator = common::start_simulator(common::sim_args(5.0, Some(webhook_url))).await;
        let settings = common::upstream_settings(&format!("http://{}", simulator.addr));
        let data_dir = tempfile::tempdir().unwrap();
        let event_settings = common::event_args();
        let events = common::open_events(data_dir.path(), &event_settings);
        let mut args = common::connection_args();
        args.grpc_max_request_bytes = MAX_REQUEST_BYTES;
        let mut connections = args.connections(1 << 16);
        connections.grpc_web.allowed_origins = vec![ALLOWED_ORIGIN.to_owned()];
        adjust(&mut connections);
        let (addr, stop) = common::serve_listeners(
            &settings,
            webhooks,
            events,
            &event_settings,
            common::no_auth(),
            connections,
            Admission::Keys(ring),
        )
        .await;
        Self {
            addr,
            key,
            reader_key,
            _keys: keys,
            _data_dir: data_dir,
            _simulator: simulator,
            _stop: stop,
        }
    }

    /// A unary call with `key`, expected to succeed.
    async fn unary<Req: Message, Res: Message + Default>(
        &self,
        http: Http,
        method: &str,
        request: &Req,
    ) -> Res {
        let mut answer = self
            .call(http, method, Some(&self.key), frame(request))
            .await;
        let message = answer.message().await.expect("one message");
        answer.end().await.ok(method);
        Res::decode(message).unwrap()
    }

    /// Starts a gRPC-Web call of `method` over a new connection, with `key` when given, `body`
    /// as its request body.
    async fn call(&self, http: Http, method: &str, key: Option<&str>, body: Bytes) -> WebCall {
        let mut request = web_request(method, body);
        if let Some(key) = key {
            request.headers_mut().insert(
                "authorization",
                HeaderValue::from_str(&format!("Bearer {key}")).unwrap(),
            );
        }
        WebCall::new(send(self.addr, http, request).await)
    }
}

/// A gRPC-Web request of `method` (`wadispatch.v1.TaskService/WatchTask`) with `body`.
fn web_request(method: &str, body: Bytes) -> Request<Full<Bytes>> {
    Request::builder()
        .method(Method::POST)
        .uri(format!("http://gateway/{method}"))
        .header("content-type", "application/grpc-web+proto")
        .header("x-grpc-web", "1")
        .body(Full::new(body))
        .unwrap()
}

/// Sends `request` over a new connection to `addr`, in `http`.
async fn send(addr: SocketAddr, http: Http, request: Request<Full<Bytes>>) -> Response<Incoming> {
    let io = TokioIo::new(TcpStream::connect(addr).await.unwrap());
    let answer = match http {
        Http::One => {
            let (mut sender, connection) = hyper::client::conn::http1::handshake(io).await.unwrap();
            tokio::spawn(connection);
            sender.send_request(request).await
        }
        Http::Two => {
            let (mut sender, connection) =
                hyper::client::conn::http2::handshake(TokioExecutor::new(), io)
                    .await
                    .unwrap();
            tokio::spawn(connection);
            sender.send_request(request).await
        }
    };
    tokio::time::timeout(Duration::from_secs(20), async { answer.unwrap() })
        .await
        .unwrap()
}

/// A message in gRPC's length-prefixed framing, which gRPC-Web keeps.
fn frame(message: &impl Message) -> Bytes {
    let encoded = message.encode_to_vec();
    let mut framed = BytesMut::with_capacity(5 + encoded.len());
    framed.put_u8(0);
    framed.put_u32(u32::try_from(encoded.len()).unwrap());
    framed.put_slice(&encoded);
    framed.freeze()
}

/// Flag of a gRPC-Web frame that carries the trailers rather than a message.
const TRAILER_FRAME: u8 = 0x80;

/// The answer to a gRPC-Web call, read frame by frame as it streams in.
struct WebCall {
    status: StatusCode,
    headers: HeaderMap,
    body: Incoming,
    buffered: BytesMut,
}

/// How a call ended: its status, from the trailer frame, or from the headers when the call
/// failed before any message (a trailers-only answer).
struct Ended {
    headers: HeaderMap,
    status: tonic::Status,
}

impl Ended {
    /// Asserts that the call succeeded.
    fn ok(&self, what: &str) {
        assert_eq!(self.status.code(), Code::Ok, "{what}: {:?}", self.status);
    }

    /// Asserts the code and the ErrorInfo reason of a failed call.
    fn refused(&self, code: Code, reason: &str) {
        common::assert_error_info(&self.status, code, reason);
    }
}

/// A trailers-only answer, or the frame after the messages.
enum Next {
    Message(Bytes),
    Trailers(HeaderMap),
}

impl WebCall {
    fn new(response: Response<Incoming>) -> Self {
        let (parts, body) = response.into_parts();
        assert_eq!(parts.status, StatusCode::OK, "{parts:?}");
        assert_eq!(
            parts.headers.get("content-type").unwrap(),
            "application/grpc-web+proto"
        );
        Self {
            status: parts.status,
            headers: parts.headers,
            body,
            buffered: BytesMut::new(),
        }
    }

    /// The next frame; `None` at the end of the body.
    async fn next(&mut self) -> Option<Next> {
        loop {
            if self.buffered.len() >= 5 {
                let len = u32::from_be_bytes(self.buffered[1..5].try_into().unwrap()) as usize;
                if self.buffered.len() >= 5 + len {
                    let flags = self.buffered.get_u8();
                    self.buffered.advance(4);
                    let payload = self.buffered.split_to(len).freeze();
                    return Some(if flags & TRAILER_FRAME != 0 {
                        Next::Trailers(trailer_block(&payload))
                    } else {
                        Next::Message(payload)
                    });
                }
            }
            let frame = tokio::time::timeout(Duration::from_secs(20), self.body.frame())
                .await
                .expect("the answer goes on within the bound");
            match frame {
                Some(frame) => {
                    if let Ok(data) = frame.unwrap().into_data() {
                        self.buffered.extend_from_slice(&data);
                    }
                }
                None => {
                    assert!(self.buffered.is_empty(), "a frame cut off");
                    return None;
                }
            }
        }
    }

    /// The next message; `None` once the messages end.
    async fn message(&mut self) -> Option<Bytes> {
        match self.next().await {
            Some(Next::Message(message)) => Some(message),
            Some(Next::Trailers(trailers)) => {
                // Put back for `end`.
                self.headers.extend(trailers);
                None
            }
            None => None,
        }
    }

    /// Reads to the end of the call: its status, from the trailer frame or the headers.
    async fn end(mut self) -> Ended {
        while let Some(next) = self.next().await {
            match next {
                Next::Message(_) => panic!("a message after the end was expected"),
                Next::Trailers(trailers) => self.headers.extend(trailers),
            }
        }
        assert_eq!(self.status, StatusCode::OK);
        let status = tonic::Status::from_header_map(&self.headers)
            .unwrap_or_else(|| panic!("no grpc-status in {:?}", self.headers));
        Ended {
            headers: self.headers,
            status,
        }
    }
}

/// A trailer frame's payload: header lines, `name:value\r\n` each.
fn trailer_block(payload: &[u8]) -> HeaderMap {
    let text = std::str::from_utf8(payload).unwrap();
    let mut headers = HeaderMap::new();
    for line in text.split("\r\n").filter(|line| !line.is_empty()) {
        let (name, value) = line.split_once(':').unwrap();
        headers.append(
            HeaderName::from_bytes(name.trim().as_bytes()).unwrap(),
            HeaderValue::from_str(value.trim()).unwrap(),
        );
    }
    headers
}

fn create_request(targets: usize) -> CreateUnassignedTaskRequest {
    CreateUnassignedTaskRequest {
        options: Some(TaskOptions {
            name: "grpc-web".into(),
            target_type: TargetType::Individual as i32,
            ..Default::default()
        }),
        targets: (1..=targets).map(|i| format!("86152{i:08}")).collect(),
        contents: vec![MessageContent {
            kind: Some(message_content::Kind::Text(TextContent {
                text: "hi from a page".into(),
            })),
            ..Default::default()
        }],
        ..Default::default()
    }
}

/// Follows a `WatchTask` stream to its end (`end_when_final`): its messages, and how it ended.
async fn watch_to_end(
    gateway: &WebGateway,
    http: Http,
    request: &WatchTaskRequest,
) -> Vec<WatchTaskResponse> {
    let mut call = gateway
        .call(
            http,
            "wadispatch.v1.TaskService/WatchTask",
            Some(&gateway.key),
            frame(request),
        )
        .await;
    let mut messages = Vec::new();
    while let Some(message) = call.message().await {
        messages.push(WatchTaskResponse::decode(message).unwrap());
    }
    call.end().await.ok("WatchTask");
    messages
}

fn is_event(message: &WatchTaskResponse) -> bool {
    !matches!(
        message.update,
        Some(Update::Heartbeat(_)) | Some(Update::Snapshot(_)) | None
    )
}

#[tokio::test]
async fn a_page_creates_a_task_follows_it_resumes_and_sees_the_platforms_final_state() {
    let gateway = WebGateway::start().await;
    for http in [Http::One, Http::Two] {
        let caller: GetCallerResponse = gateway
            .unary(
                http,
                "wadispatch.v1.CallerService/GetCaller",
                &GetCallerRequest::default(),
            )
            .await;
        assert_eq!(caller.name, "web", "{http:?}");

        let created: CreateUnassignedTaskResponse = gateway
            .unary(
                http,
                "wadispatch.v1.TaskService/CreateUnassignedTask",
                &create_request(20),
            )
            .await;
        let task_id = created.task_id;

        // The whole history, from the start of the log to the task's end.
        let all = watch_to_end(
            &gateway,
            http,
            &WatchTaskRequest {
                task_id: task_id.clone(),
                after_cursor: "0".into(),
                end_when_final: true,
            },
        )
        .await;
        assert!(
            matches!(all[0].update, Some(Update::Snapshot(_))),
            "{http:?}: {:?}",
            all[0]
        );
        let events: Vec<&WatchTaskResponse> = all.iter().filter(|m| is_event(m)).collect();
        assert!(events.len() >= 2, "{http:?}: {all:?}");
        let last = all.last().unwrap().progress.clone().unwrap();
        assert_eq!(last.status(), TaskStatus::Completed, "{http:?}");

        // Resumed after an event in the middle: only what came after it, in order.
        let middle = &events[events.len() / 2];
        let resumed = watch_to_end(
            &gateway,
            http,
            &WatchTaskRequest {
                task_id: task_id.clone(),
                after_cursor: middle.cursor.clone(),
                end_when_final: true,
            },
        )
        .await;
        let resumed_events: Vec<&str> = resumed
            .iter()
            .filter(|m| is_event(m))
            .map(|m| m.cursor.as_str())
            .collect();
        let expected: Vec<&str> = events
            .iter()
            .skip_while(|m| m.cursor != middle.cursor)
            .skip(1)
            .map(|m| m.cursor.as_str())
            .collect();
        assert_eq!(resumed_events, expected, "{http:?}");
        // The same counts (failure reasons aside: a resumed stream's snapshot has none).
        let resumed_last = resumed.last().unwrap().progress.clone().unwrap();
        assert_eq!(
            (
                resumed_last.status,
                resumed_last.total,
                &resumed_last.counts
            ),
            (last.status, last.total, &last.counts),
            "{http:?}"
        );

        // The streamed progress is the platform's own count.
        let status: GetTaskExecutionStatusResponse = gateway
            .unary(
                http,
                "wadispatch.v1.TaskService/GetTaskExecutionStatus",
                &GetTaskExecutionStatusRequest {
                    task_id: task_id.clone(),
                },
            )
            .await;
        assert_eq!(status.recipients.len(), 20);
        assert_eq!(last.total, 20);
        for count in &last.counts {
            let platform = status
                .recipients
                .iter()
                .filter(|r| r.status == count.status)
                .count();
            assert_eq!(platform, count.count as usize, "{http:?}: {count:?}");
        }
    }
}

#[tokio::test]
async fn a_watch_that_never_ends_streams_over_http1_as_it_goes() {
    let gateway = WebGateway::start().await;
    let mut call = gateway
        .call(
            Http::One,
            "wadispatch.v1.AccountService/WatchAccounts",
            Some(&gateway.key),
            frame(&WatchAccountsRequest::default()),
        )
        .await;
    // The snapshot arrives while the stream stays open: the answer is streamed, not buffered.
    let first = WatchAccountsResponse::decode(call.message().await.unwrap()).unwrap();
    assert!(
        matches!(first.update, Some(AccountUpdate::Snapshot(_))),
        "{first:?}"
    );
    // Then heartbeats (every 300 ms in these tests), one message at a time.
    let next = WatchAccountsResponse::decode(call.message().await.unwrap()).unwrap();
    assert!(!next.cursor.is_empty(), "{next:?}");
}

#[tokio::test]
async fn grpc_web_calls_are_refused_as_grpc_calls_are() {
    let gateway = WebGateway::start().await;
    let get_caller = frame(&GetCallerRequest::default());
    for http in [Http::One, Http::Two] {
        let ended = gateway
            .call(
                http,
                "wadispatch.v1.CallerService/GetCaller",
                None,
                get_caller.clone(),
            )
            .await
            .end()
            .await;
        ended.refused(Code::Unauthenticated, "API_KEY_MISSING");

        let ended = gateway
            .call(
                http,
                "wadispatch.v1.CallerService/GetCaller",
                Some("wdk_not-a-key-of-this-gateway"),
                get_caller.clone(),
            )
            .await
            .end()
            .await;
        assert_eq!(ended.status.code(), Code::Unauthenticated);

        // A key without tasks.send may not create.
        let ended = gateway
            .call(
                http,
                "wadispatch.v1.TaskService/CreateUnassignedTask",
                Some(&gateway.reader_key),
                frame(&create_request(1)),
            )
            .await
            .end()
            .await;
        ended.refused(Code::PermissionDenied, "PERMISSION_DENIED");

        // A watch stream needs tasks.watch too.
        let ended = gateway
            .call(
                http,
                "wadispatch.v1.TaskService/WatchTask",
                Some(&gateway.reader_key),
                frame(&WatchTaskRequest::default()),
            )
            .await
            .end()
            .await;
        assert_eq!(ended.status.code(), Code::PermissionDenied);
    }
}

#[tokio::test]
async fn a_grpc_web_message_over_the_limit_is_resource_exhausted_in_either_encoding() {
    let gateway = WebGateway::start().await;
    // Only a frame header declaring more than the limit: the rest is never needed.
    let mut header = BytesMut::new();
    header.put_u8(0);
    header.put_u32(u32::try_from(MAX_REQUEST_BYTES).unwrap() + 1);
    let header = header.freeze();
    for http in [Http::One, Http::Two] {
        let ended = gateway
            .call(
                http,
                "wadispatch.v1.CallerService/GetCaller",
                Some(&gateway.key),
                header.clone(),
            )
            .await
            .end()
            .await;
        assert_eq!(ended.status.code(), Code::ResourceExhausted, "{http:?}");
    }

    // The text encoding (base64, for clients that cannot send binary) is decoded before the
    // limit looks at it.
    let mut request = web_request(
        "wadispatch.v1.CallerService/GetCaller",
        Bytes::from(base64::engine::general_purpose::STANDARD.encode(&header)),
    );
    for name in ["content-type", "accept"] {
        request
            .headers_mut()
            .insert(name, HeaderValue::from_static("application/grpc-web-text"));
    }
    request.headers_mut().insert(
        "authorization",
        HeaderValue::from_str(&format!("Bearer {}", gateway.key)).unwrap(),
    );
    let response = send(gateway.addr, Http::One, request).await;
    assert_eq!(
        response.headers().get("content-type").unwrap(),
        "application/grpc-web-text+proto"
    );
    let status = tonic::Status::from_header_map(response.headers()).unwrap_or_else(|| {
        panic!("a trailers-only answer: {:?}", response.headers());
    });
    assert_eq!(status.code(), Code::ResourceExhausted);
}

/// The value of `name` in `headers`, as text; empty when absent.
fn header<'a>(headers: &'a HeaderMap, name: &str) -> &'a str {
    headers
        .get(name)
        .map_or("", |value| value.to_str().unwrap())
}

/// A browser's preflight for a gRPC-Web call from a page of `origin`.
fn preflight(origin: &str) -> Request<Full<Bytes>> {
    Request::builder()
        .method(Method::OPTIONS)
        .uri("http://gateway/wadispatch.v1.TaskService/WatchTask")
        .header("origin", origin)
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "authorization,content-type,x-grpc-web,x-user-agent,grpc-timeout",
        )
        .body(Full::new(Bytes::new()))
        .unwrap()
}

#[tokio::test]
async fn cors_lets_the_listed_origins_pages_call_and_no_other() {
    let gateway = WebGateway::start().await;

    let allowed = send(gateway.addr, Http::One, preflight(ALLOWED_ORIGIN)).await;
    assert!(allowed.status().is_success(), "{allowed:?}");
    let headers = allowed.headers();
    assert_eq!(
        header(headers, "access-control-allow-origin"),
        ALLOWED_ORIGIN
    );
    assert!(header(headers, "access-control-allow-methods").contains("POST"));
    let allowed_headers = header(headers, "access-control-allow-headers");
    for needed in [
        "authorization",
        "content-type",
        "x-grpc-web",
        "x-user-agent",
        "grpc-timeout",
        "idempotency-key",
    ] {
        assert!(allowed_headers.contains(needed), "{needed}: {headers:?}");
    }
    // No cookie ever goes along: the key is a header.
    assert!(headers.get("access-control-allow-credentials").is_none());

    // Another origin's page is allowed nothing, so its browser never sends the call.
    let refused = send(gateway.addr, Http::One, preflight(OTHER_ORIGIN)).await;
    assert!(
        refused
            .headers()
            .get("access-control-allow-origin")
            .is_none(),
        "{refused:?}"
    );

    // The call itself, from the listed origin: the page may read its status, including the
    // status of a call refused before any message (in the headers).
    let mut request = web_request(
        "wadispatch.v1.CallerService/GetCaller",
        frame(&GetCallerRequest::default()),
    );
    request
        .headers_mut()
        .insert("origin", HeaderValue::from_static(ALLOWED_ORIGIN));
    let ended = WebCall::new(send(gateway.addr, Http::One, request).await)
        .end()
        .await;
    ended.refused(Code::Unauthenticated, "API_KEY_MISSING");
    assert_eq!(
        header(&ended.headers, "access-control-allow-origin"),
        ALLOWED_ORIGIN
    );
    let exposed = header(&ended.headers, "access-control-expose-headers");
    for needed in ["grpc-status", "grpc-message", "grpc-status-details-bin"] {
        assert!(exposed.contains(needed), "{needed}: {exposed}");
    }
}

#[tokio::test]
async fn by_default_no_origin_is_allowed() {
    let gateway = WebGateway::start_with(|connections| {
        connections.grpc_web = common::connection_args().connections(1 << 16).grpc_web;
    })
    .await;
    let answer = send(gateway.addr, Http::One, preflight(ALLOWED_ORIGIN)).await;
    assert!(
        answer
            .headers()
            .get("access-control-allow-origin")
            .is_none(),
        "{answer:?}"
    );
}

/// `grpc_server_started_total` of one method, as the metrics endpoint would show it.
fn started(method: &str) -> u64 {
    let text = wadispatch_gateway::observe::metrics::encode_text();
    text.lines()
        .filter(|line| line.starts_with("grpc_server_started_total{"))
        .filter(|line| line.contains(&format!("grpc_method=\"{method}\"")))
        .map(|line| line.rsplit(' ').next().unwrap().parse::<u64>().unwrap())
        .sum()
}

#[tokio::test]
async fn grpc_web_calls_are_counted_as_rpcs() {
    let gateway = WebGateway::start().await;
    // Other tests may call the same method meanwhile: counters only grow, so at least ours.
    let before = started("GetTaskExecutionStatus");
    for _ in 0..3 {
        gateway
            .call(
                Http::One,
                "wadispatch.v1.TaskService/GetTaskExecutionStatus",
                Some(&gateway.key),
                frame(&GetTaskExecutionStatusRequest {
                    task_id: "no-such-task".into(),
                }),
            )
            .await
            .end()
            .await;
    }
    assert!(started("GetTaskExecutionStatus") >= before + 3);
}

/// A raw HTTP/1.1 gRPC-Web request of GetCaller with `key`, keeping the connection open.
fn raw_get_caller(key: &str) -> Vec<u8> {
    let body = frame(&GetCallerRequest::default());
    let mut request = format!(
        "POST /wadispatch.v1.CallerService/GetCaller HTTP/1.1\r\nhost: gateway\r\n\
         content-type: application/grpc-web+proto\r\nauthorization: Bearer {key}\r\n\
         content-length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    request.extend_from_slice(&body);
    request
}

/// Reads `tcp` until the gateway closes it; panics if it stays open far past `timeout`.
async fn closed_within(tcp: &mut TcpStream, timeout: Duration) {
    let mut buf = [0u8; 4096];
    let bound = timeout + Duration::from_secs(30);
    tokio::time::timeout(bound, async {
        loop {
            match tcp.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        }
    })
    .await
    .expect("the gateway closes the connection");
}

#[tokio::test]
async fn http1_connections_on_the_grpc_port_get_a_header_timeout_per_request() {
    let header_timeout = Duration::from_millis(500);
    let gateway = WebGateway::start_with(|connections| {
        connections.grpc.header_timeout = header_timeout;
    })
    .await;

    // A whole request, answered; then the next one's head stalls halfway.
    let mut tcp = TcpStream::connect(gateway.addr).await.unwrap();
    tcp.write_all(&raw_get_caller(&gateway.key)).await.unwrap();
    let mut answer = Vec::new();
    let mut buf = [0u8; 4096];
    // The chunked body's last chunk ends the answer.
    while !answer.ends_with(b"0\r\n\r\n") {
        let n = tokio::time::timeout(Duration::from_secs(20), tcp.read(&mut buf))
            .await
            .expect("an answer")
            .unwrap();
        assert!(n > 0, "closed before answering: {answer:?}");
        answer.extend_from_slice(&buf[..n]);
    }
    let text = String::from_utf8_lossy(&answer);
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    assert!(text.contains("grpc-status:0"), "{text}");
    tcp.write_all(b"POST /wadispatch.v1.CallerService/GetCaller HTTP/1.1\r\nhost: gatew")
        .await
        .unwrap();
    closed_within(&mut tcp, header_timeout).await;

    // A connection that never finishes its first request's head is cut off too.
    let mut silent = TcpStream::connect(gateway.addr).await.unwrap();
    silent.write_all(b"POST / HTTP/1.1\r\nhost").await.unwrap();
    closed_within(&mut silent, header_timeout).await;
}

#[tokio::test]
async fn over_tls_alpn_offers_h2_then_http1_and_grpc_web_is_served_on_http1() {
    let ca = Ca::new("gRPC-Web CA");
    let files = TlsDir::new(&ca.server(), None);
    let gateway = WebGateway::start_with(|connections| {
        let acceptor =
            TlsAcceptor::load("grpc", files.files(None), &connections.grpc.protocol).unwrap();
        connections.grpc_tls = Some(acceptor);
    })
    .await;

    // A client offering both gets h2, the server's preference (gRPC clients offer h2 alone).
    let both = pki::client_config(&ca, None, &[b"http/1.1", b"h2"]);
    let (_, alpn) = pki::connect(gateway.addr, both).await.unwrap();
    assert_eq!(alpn.as_deref(), Some(&b"h2"[..]));

    // One offering HTTP/1.1 alone (a browser's fetch may) gets it, and gRPC-Web over it.
    let http1 = pki::client_config(&ca, None, &[b"http/1.1"]);
    let (tls, alpn) = pki::connect(gateway.addr, http1).await.unwrap();
    assert_eq!(alpn.as_deref(), Some(&b"http/1.1"[..]));
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(tls))
        .await
        .unwrap();
    tokio::spawn(connection);
    let mut request = web_request(
        "wadispatch.v1.CallerService/GetCaller",
        frame(&GetCallerRequest::default()),
    );
    request.headers_mut().insert(
        "authorization",
        HeaderValue::from_str(&format!("Bearer {}", gateway.key)).unwrap(),
    );
    let mut call = WebCall::new(sender.send_request(request).await.unwrap());
    let caller = GetCallerResponse::decode(call.message().await.unwrap()).unwrap();
    assert_eq!(caller.name, "web");
    call.end().await.ok("GetCaller over TLS and HTTP/1.1");
}
