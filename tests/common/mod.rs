//! Test harness: a recording stand-in for the platform's HTTP API on loopback, and the gateway
//! served in-process against it on an ephemeral port.

#![allow(dead_code)]

pub(crate) mod browser;
pub(crate) mod delivery;
pub(crate) mod nats;
pub(crate) mod otlp;
pub(crate) mod pki;
pub(crate) mod process;
pub(crate) mod prometheus;

use std::collections::HashMap;
use std::marker::PhantomData;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::FixedOffset;
use serde_json::Value;
use tokio::net::TcpListener;
use tonic::transport::Channel;
use wadispatch_gateway::config::UpstreamArgs;

/// Tenant id the harness configures (the wake-up examples' company id).
pub(crate) const TENANT_ID: i64 = 500766;

/// What the platform stand-in received.
#[derive(Debug, Clone)]
pub(crate) struct Recorded {
    pub method: Method,
    pub path: String,
    /// Raw query string, without '?'; empty when there is none.
    pub query: String,
    /// Query parameters, decoded.
    pub params: HashMap<String, String>,
    pub headers: HashMap<String, String>,
    /// Body parsed as JSON; Null when empty.
    pub body: Value,
}

/// How the stand-in answers one path.
#[derive(Debug, Clone)]
pub(crate) struct Canned {
    pub status: StatusCode,
    pub body: String,
    pub delay: Duration,
}

#[derive(Default)]
struct PlatformState {
    received: Vec<Recorded>,
    probes: usize,
    answers: HashMap<String, Canned>,
}

/// A recording HTTP server standing in for the platform.
#[derive(Clone)]
pub(crate) struct RecordingPlatform {
    state: Arc<Mutex<PlatformState>>,
    pub addr: SocketAddr,
}

impl RecordingPlatform {
    pub(crate) async fn start() -> Self {
        Self::start_on("127.0.0.1:0".parse().unwrap()).await
    }

    /// Starts on a given address (e.g. one a test kept free to refuse connections first).
    pub(crate) async fn start_on(addr: SocketAddr) -> Self {
        let state = Arc::new(Mutex::new(PlatformState::default()));
        let listener = TcpListener::bind(addr).await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = axum::Router::new()
            .fallback(record)
            .with_state(state.clone());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Self { state, addr }
    }

    /// Starts serving HTTPS with `identity` (a certificate for 127.0.0.1), through the
    /// gateway's own TLS acceptor.
    pub(crate) async fn start_tls(identity: &pki::Pem) -> Self {
        use wadispatch_gateway::listen::{Handshake, Protocol, TlsAcceptor};
        let state = Arc::new(Mutex::new(PlatformState::default()));
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = axum::Router::new()
            .fallback(record)
            .with_state(state.clone());
        let files = pki::TlsDir::new(identity, None);
        let acceptor = TlsAcceptor::load("platform", files.files(None), &Protocol::Http1).unwrap();
        tokio::spawn(async move {
            // The files live as long as the stand-in serves.
            let _files = files;
            loop {
                let Ok((tcp, _)) = listener.accept().await else {
                    return;
                };
                let (acceptor, app) = (acceptor.clone(), app.clone());
                tokio::spawn(async move {
                    // A client that refuses the certificate ends here.
                    let Ok((tls, _)) = acceptor.handshake(tcp).await else {
                        return;
                    };
                    let service = hyper_util::service::TowerToHyperService::new(app);
                    let _ = hyper_util::server::conn::auto::Builder::new(
                        hyper_util::rt::TokioExecutor::new(),
                    )
                    .serve_connection(hyper_util::rt::TokioIo::new(tls), service)
                    .await;
                });
            }
        });
        Self { state, addr }
    }

    pub(crate) fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Answers `path` with `body` and HTTP `status`.
    pub(crate) fn answer(&self, path: &str, status: u16, body: impl Into<String>) {
        self.answer_after(path, status, body, Duration::ZERO);
    }

    /// Answers `path` after `delay`.
    pub(crate) fn answer_after(
        &self,
        path: &str,
        status: u16,
        body: impl Into<String>,
        delay: Duration,
    ) {
        let canned = Canned {
            status: StatusCode::from_u16(status).unwrap(),
            body: body.into(),
            delay,
        };
        self.state
            .lock()
            .unwrap()
            .answers
            .insert(path.to_owned(), canned);
    }

    /// Answers `path` with a fixture file (a documented response example).
    pub(crate) fn answer_fixture(&self, path: &str, fixture_name: &str) {
        self.answer(path, 200, fixture_text(fixture_name));
    }

    /// How many health probes reached the stand-in.
    pub(crate) fn probes(&self) -> usize {
        self.state.lock().unwrap().probes
    }

    pub(crate) fn received(&self) -> Vec<Recorded> {
        self.state.lock().unwrap().received.clone()
    }

    /// The one request received; panics when there were none or several.
    pub(crate) fn only_request(&self) -> Recorded {
        let received = self.received();
        assert_eq!(
            received.len(),
            1,
            "expected exactly one platform call, got {received:#?}"
        );
        received.into_iter().next().unwrap()
    }
}

async fn record(State(state): State<Arc<Mutex<PlatformState>>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let bytes: Bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap();
    let query = parts.uri.query().unwrap_or_default().to_owned();
    let params = url_decode_pairs(&query);
    let headers = parts
        .headers
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_owned(),
                v.to_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let body = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes)
            .unwrap_or_else(|e| panic!("gateway sent a body that is not JSON ({e}): {bytes:?}"))
    };
    let path = parts.uri.path().to_owned();
    let canned = {
        let mut state = state.lock().unwrap();
        // The gateway's health probe asks for the base URL; it is not a platform call.
        if parts.method == Method::GET && path == "/" {
            state.probes += 1;
            return (StatusCode::NOT_FOUND, "").into_response();
        }
        state.received.push(Recorded {
            method: parts.method,
            path: path.clone(),
            query,
            params,
            headers,
            body,
        });
        state.answers.get(&path).cloned()
    };
    let canned = canned.unwrap_or(Canned {
        status: StatusCode::OK,
        body: r#"{"code":200,"message":"success","data":""}"#.to_owned(),
        delay: Duration::ZERO,
    });
    tokio::time::sleep(canned.delay).await;
    let mut response = (
        canned.status,
        [("content-type", "application/json")],
        canned.body,
    )
        .into_response();
    // A redirect points at another path of the stand-in, where a client that follows it would
    // show up as a second request.
    if canned.status.is_redirection() {
        response
            .headers_mut()
            .insert("location", http::HeaderValue::from_static("/redirected"));
    }
    response
}

fn url_decode_pairs(query: &str) -> HashMap<String, String> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                out.push(u8::from_str_radix(&text[i + 1..i + 3], 16).unwrap());
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

/// Settings for a gateway in front of `upstream_url`.
pub(crate) fn upstream_settings(upstream_url: &str) -> UpstreamArgs {
    UpstreamArgs {
        upstream_url: upstream_url.parse().unwrap(),
        upstream_headers: vec![("X-Api-Key".into(), "test-key".into())],
        upstream_ca_file: None,
        tenant_id: Some(TENANT_ID),
        upstream_timeout: Duration::from_secs(10),
        upstream_attempts: 3,
        platform_utc_offset: FixedOffset::east_opt(8 * 3600).unwrap(),
        health_interval: Duration::from_millis(100),
        limits: Default::default(),
        watch: Default::default(),
    }
}

/// The gateway, served in-process.
pub(crate) struct Gateway {
    pub addr: SocketAddr,
    pub channel: Channel,
    /// Base URL of the gateway's webhook listener.
    pub webhook_url: String,
    pub events: std::sync::Arc<wadispatch_gateway::events::Events>,
    /// The event log's directory, removed when the test ends (None when the test owns the log).
    pub data_dir: Option<tempfile::TempDir>,
    _shutdown: tokio::sync::watch::Sender<bool>,
}

/// The event log in `data_dir` and its fan-out, as `settings` say.
pub(crate) fn open_events(
    data_dir: &std::path::Path,
    settings: &wadispatch_gateway::config::EventArgs,
) -> std::sync::Arc<wadispatch_gateway::events::Events> {
    let log = wadispatch_gateway::events::log::SqliteLog::open(data_dir, settings.log_settings())
        .unwrap();
    std::sync::Arc::new(wadispatch_gateway::events::Events::new(
        std::sync::Arc::new(log),
        settings.heartbeat,
    ))
}

/// Event settings for tests: a short heartbeat so idle streams show one quickly.
pub(crate) fn event_args() -> wadispatch_gateway::config::EventArgs {
    wadispatch_gateway::config::EventArgs {
        webhook_prefix: String::new(),
        webhook_body_limit: wadispatch_gateway::webhook::DEFAULT_BODY_LIMIT,
        fsync: wadispatch_gateway::events::log::Fsync::Normal,
        retention_age: Duration::from_secs(7 * 86_400),
        retention_bytes: 1 << 30,
        dead_letter_max_count: wadispatch_gateway::events::log::DEFAULT_DEAD_LETTER_MAX_COUNT,
        dead_letter_max_bytes: wadispatch_gateway::events::log::DEFAULT_DEAD_LETTER_MAX_BYTES,
        dead_letter_body_max_bytes:
            wadispatch_gateway::events::log::DEFAULT_DEAD_LETTER_BODY_MAX_BYTES,
        audit_max_refused_records: wadispatch_gateway::events::audit::DEFAULT_MAX_REFUSED_RECORDS,
        request_id_retention: wadispatch_gateway::events::log::requests::DEFAULT_RETENTION,
        request_id_max_records: wadispatch_gateway::events::log::requests::DEFAULT_MAX_RECORDS,
        request_id_from_x_request_id: false,
        wal_max_bytes: wadispatch_gateway::events::log::DEFAULT_WAL_MAX_BYTES,
        heartbeat: Duration::from_millis(300),
    }
}

/// The connection settings' defaults (caps not set: derived from a descriptor limit).
pub(crate) fn connection_args() -> wadispatch_gateway::config::ConnectionArgs {
    #[derive(clap::Parser)]
    struct Flags {
        #[command(flatten)]
        connections: wadispatch_gateway::config::ConnectionArgs,
    }
    <Flags as clap::Parser>::parse_from(["test"]).connections
}

/// No webhook authentication.
pub(crate) fn no_auth() -> wadispatch_gateway::webhook::auth::WebhookAuth {
    webhook_auth_from(&[])
}

impl Gateway {
    pub(crate) async fn start(settings: UpstreamArgs) -> Self {
        let webhooks = TcpListener::bind("127.0.0.1:0").await.unwrap();
        Self::start_with(settings, webhooks, event_args(), no_auth()).await
    }

    /// Starts the gateway with its webhook listener on `webhooks`.
    pub(crate) async fn start_with(
        settings: UpstreamArgs,
        webhooks: TcpListener,
        event_settings: wadispatch_gateway::config::EventArgs,
        auth: wadispatch_gateway::webhook::auth::WebhookAuth,
    ) -> Self {
        let data_dir = tempfile::tempdir().unwrap();
        let events = open_events(data_dir.path(), &event_settings);
        Self::serve(
            settings,
            webhooks,
            events,
            event_settings,
            auth,
            Some(data_dir),
        )
        .await
    }

    /// Serves the gRPC API and the webhook listener over `events`.
    pub(crate) async fn serve(
        settings: UpstreamArgs,
        webhooks: TcpListener,
        events: std::sync::Arc<wadispatch_gateway::events::Events>,
        event_settings: wadispatch_gateway::config::EventArgs,
        auth: wadispatch_gateway::webhook::auth::WebhookAuth,
        data_dir: Option<tempfile::TempDir>,
    ) -> Self {
        let connections = connection_args().connections(1 << 16);
        Self::serve_with(
            settings,
            webhooks,
            events,
            event_settings,
            auth,
            connections,
            data_dir,
        )
        .await
    }

    /// Serves the gRPC API and the webhook listener over `events`, within `connections`, open
    /// to every caller (`--allow-unauthenticated`).
    pub(crate) async fn serve_with(
        settings: UpstreamArgs,
        webhooks: TcpListener,
        events: std::sync::Arc<wadispatch_gateway::events::Events>,
        event_settings: wadispatch_gateway::config::EventArgs,
        auth: wadispatch_gateway::webhook::auth::WebhookAuth,
        connections: wadispatch_gateway::server::Connections,
        data_dir: Option<tempfile::TempDir>,
    ) -> Self {
        Self::serve_admitting(
            settings,
            webhooks,
            events,
            event_settings,
            auth,
            connections,
            data_dir,
            wadispatch_gateway::callers::authenticate::Admission::Everyone,
        )
        .await
    }

    /// Serves the gRPC API and the webhook listener over `events`, within `connections`, to the
    /// callers `admission` lets in.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn serve_admitting(
        settings: UpstreamArgs,
        webhooks: TcpListener,
        events: std::sync::Arc<wadispatch_gateway::events::Events>,
        event_settings: wadispatch_gateway::config::EventArgs,
        auth: wadispatch_gateway::webhook::auth::WebhookAuth,
        connections: wadispatch_gateway::server::Connections,
        data_dir: Option<tempfile::TempDir>,
        admission: wadispatch_gateway::callers::authenticate::Admission,
    ) -> Self {
        let webhook_url = format!(
            "http://{}{}",
            webhooks.local_addr().unwrap(),
            event_settings.webhook_prefix
        );
        let (addr, shutdown) = serve_listeners(
            &settings,
            webhooks,
            events.clone(),
            &event_settings,
            auth,
            connections,
            admission,
        )
        .await;
        let channel = Channel::from_shared(format!("http://{addr}"))
            .unwrap()
            .connect()
            .await
            .unwrap();
        Self {
            addr,
            channel,
            webhook_url,
            events,
            data_dir,
            _shutdown: shutdown,
        }
    }
}

/// Serves the gRPC API on a fresh loopback port and the webhook listener on `webhooks`, over
/// `events`, within `connections` (their TLS acceptors included), to the callers `admission` lets
/// in; answers the gRPC address and the sender that stops both listeners (dropping it stops them
/// too).
pub(crate) async fn serve_listeners(
    settings: &UpstreamArgs,
    webhooks: TcpListener,
    events: std::sync::Arc<wadispatch_gateway::events::Events>,
    event_settings: &wadispatch_gateway::config::EventArgs,
    auth: wadispatch_gateway::webhook::auth::WebhookAuth,
    connections: wadispatch_gateway::server::Connections,
    admission: wadispatch_gateway::callers::authenticate::Admission,
) -> (SocketAddr, tokio::sync::watch::Sender<bool>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (shutdown, stopped) = tokio::sync::watch::channel(false);
    let wait = move || {
        let mut stopped = stopped.clone();
        async move {
            let _ = stopped.wait_for(|s| *s).await;
        }
    };
    let observability = wadispatch_gateway::server::Observability::new(None, None).await;
    tokio::spawn(wadispatch_gateway::server::serve_webhooks(
        webhooks,
        events.clone(),
        event_settings.listener_settings(auth, settings.platform_utc_offset),
        observability.health.clone(),
        connections.clone(),
        wait(),
        Duration::from_secs(1),
    ));
    let grpc_settings = wadispatch_gateway::server::GrpcSettings {
        request_ids: event_settings.request_id_settings(),
        ..settings.grpc_settings()
    };
    tokio::spawn(async move {
        wadispatch_gateway::server::serve_grpc(
            listener,
            &grpc_settings,
            events,
            admission,
            connections,
            observability,
            wait(),
            Duration::from_secs(1),
        )
        .await
        .unwrap();
    });
    (addr, shutdown)
}

/// A recording platform and a gateway in front of it.
pub(crate) struct Harness {
    pub platform: RecordingPlatform,
    pub gateway: Gateway,
}

impl Harness {
    pub(crate) async fn start() -> Self {
        let platform = RecordingPlatform::start().await;
        let gateway = Gateway::start(upstream_settings(&platform.url())).await;
        Self { platform, gateway }
    }
}

/// Runs `install` holding an exclusive lock on `<repo>/.tools/<name>.lock` (as `.ci/tools.sh`
/// does), unless `installed` says another process did it while this one waited: test binaries
/// running at once then install a tool once.
pub(crate) fn install_once(name: &str, installed: impl Fn() -> bool, install: impl FnOnce()) {
    let tools = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(".tools");
    std::fs::create_dir_all(&tools)
        .unwrap_or_else(|e| panic!("cannot create {}: {e}", tools.display()));
    let lock_path = tools.join(format!("{name}.lock"));
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .unwrap_or_else(|e| panic!("cannot open {}: {e}", lock_path.display()));
    lock.lock()
        .unwrap_or_else(|e| panic!("cannot lock {}: {e}", lock_path.display()));
    if !installed() {
        install();
    }
}

/// The binary of a Debian package the tests run: the one the environment variable `env` names,
/// else `bin` once it answers `--version`, installing `packages` with apt-get (for `purpose`)
/// when it does not: under the one lock every apt-get of the tests and of `.ci/tools.sh` takes
/// (`.tools/apt.lock`), so test binaries asking at once install once, waiting for dpkg's own
/// lock too in case some other installer runs.
pub(crate) fn debian_binary(env: &str, bin: &str, packages: &[&str], purpose: &str) -> PathBuf {
    if let Some(path) = std::env::var_os(env) {
        return PathBuf::from(path);
    }
    let runs = || {
        std::process::Command::new(bin)
            .arg("--version")
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|status| status.success())
    };
    if runs() {
        return PathBuf::from(bin);
    }
    install_once("apt", runs, || {
        eprintln!(
            "installing Debian's {} with apt-get ({purpose})",
            packages.join(" ")
        );
        let apt = |args: &[&str]| {
            std::process::Command::new("apt-get")
                .args(["-o", "DPkg::Lock::Timeout=600"])
                .args(args)
                .env("DEBIAN_FRONTEND", "noninteractive")
                .stdin(std::process::Stdio::null())
                .status()
                .is_ok_and(|status| status.success())
        };
        let install: Vec<&str> = ["install", "-y", "-q", "--no-install-recommends"]
            .into_iter()
            .chain(packages.iter().copied())
            .collect();
        let done = apt(&install) || (apt(&["update", "-q"]) && apt(&install));
        assert!(
            done && runs(),
            "{purpose}: {bin} is missing: run .ci/tools.sh, or `apt-get install {}`, or set {env} \
             to another {bin}",
            packages.join(" ")
        );
    });
    PathBuf::from(bin)
}

/// Text of a fixture in tests/fixtures/platform.
pub(crate) fn fixture_text(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/platform/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

/// A JSON fixture, parsed.
pub(crate) fn fixture_json(name: &str) -> Value {
    serde_json::from_str(&fixture_text(name)).unwrap()
}

/// A `YYYY-MM-DD HH:MM:SS` time in the platform's default zone (UTC+8) as a Timestamp.
pub(crate) fn platform_time(text: &str) -> prost_types::Timestamp {
    let naive = chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").unwrap();
    let utc = naive - chrono::Duration::hours(8);
    prost_types::Timestamp {
        seconds: utc.and_utc().timestamp(),
        nanos: 0,
    }
}

/// The `ErrorInfo` and `BadRequest` of a failed call.
pub(crate) fn error_details(status: &tonic::Status) -> tonic_types::ErrorDetails {
    use tonic_types::StatusExt;
    status.get_error_details()
}

/// Asserts the code and the ErrorInfo reason of a failed call, and returns the ErrorInfo.
pub(crate) fn assert_error_info(
    status: &tonic::Status,
    code: tonic::Code,
    reason: &str,
) -> tonic_types::ErrorInfo {
    assert_eq!(status.code(), code, "{status:?}");
    let info = error_details(status)
        .error_info()
        .cloned()
        .unwrap_or_else(|| panic!("no ErrorInfo in {status:?}"));
    assert_eq!(info.reason, reason, "{status:?}");
    info
}

/// A valid request for a one-recipient task with one text message.
pub(crate) fn text_task_request(
) -> wadispatch_gateway::proto::v1::CreateUnassignedSingleTargetTaskRequest {
    use wadispatch_gateway::proto::v1::*;
    CreateUnassignedSingleTargetTaskRequest {
        options: Some(TaskOptions {
            target_type: TargetType::Individual as i32,
            ..Default::default()
        }),
        target: "8618217331211".into(),
        contents: vec![MessageContent {
            kind: Some(message_content::Kind::Text(TextContent {
                text: "hi".into(),
            })),
            ..Default::default()
        }],
        ..Default::default()
    }
}

/// Webhook authentication settings as the binary parses them from `flags`.
pub(crate) fn webhook_auth_from(flags: &[&str]) -> wadispatch_gateway::webhook::auth::WebhookAuth {
    #[derive(clap::Parser)]
    struct Flags {
        #[command(flatten)]
        auth: wadispatch_gateway::config::WebhookAuthArgs,
    }
    let argv = std::iter::once("test").chain(flags.iter().copied());
    <Flags as clap::Parser>::try_parse_from(argv)
        .expect("flags parse")
        .auth
        .settings()
}

/// Removes, recursively, object members whose value is null, "" or []: the documents' examples
/// use all three, and omission, interchangeably for optional fields the example does not use
/// (e.g. `"url": ""` on a text item, `"endTaskTime": null`, `"variableFields": []`).
pub(crate) fn drop_empty(value: Value) -> Value {
    match value {
        Value::Object(members) => Value::Object(
            members
                .into_iter()
                .filter(|(_, v)| {
                    !matches!(v, Value::Null)
                        && v != &Value::String(String::new())
                        && v != &Value::Array(vec![])
                })
                .map(|(k, v)| (k, drop_empty(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(drop_empty).collect()),
        other => other,
    }
}

/// Calls an RPC through a fresh harness whose platform answers `path` with `response_fixture`,
/// and returns what the platform received together with the typed response.
pub(crate) async fn exchange<R, F, Fut>(
    path: &str,
    response_fixture: &str,
    call: F,
) -> (Recorded, R)
where
    F: FnOnce(Channel) -> Fut,
    Fut: std::future::Future<Output = Result<tonic::Response<R>, tonic::Status>>,
{
    let harness = Harness::start().await;
    harness.platform.answer_fixture(path, response_fixture);
    let response = call(harness.gateway.channel.clone())
        .await
        .unwrap_or_else(|s| panic!("{path}: {s:?}"));
    (harness.platform.only_request(), response.into_inner())
}

/// Asserts a recorded POST with a JSON body.
pub(crate) fn assert_post(recorded: &Recorded, path: &str, expected_body: &Value) {
    assert_eq!(recorded.method, Method::POST, "{path}");
    assert_eq!(recorded.path, path);
    assert_eq!(recorded.query, "", "{path}: a POST carries no query");
    assert_eq!(
        recorded.headers.get("content-type").map(String::as_str),
        Some("application/json"),
        "{path}"
    );
    assert_eq!(
        &recorded.body, expected_body,
        "{path}: body differs from the documented example"
    );
}

/// Asserts a recorded GET with these query parameters and no body.
pub(crate) fn assert_get(recorded: &Recorded, path: &str, expected_params: &[(&str, &str)]) {
    assert_eq!(recorded.method, Method::GET, "{path}");
    assert_eq!(recorded.path, path);
    let expected: HashMap<String, String> = expected_params
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    assert_eq!(
        recorded.params, expected,
        "{path}: query {:?}",
        recorded.query
    );
    assert_eq!(recorded.body, Value::Null, "{path}: a GET carries no body");
}

/// Query parameters of a `.query` fixture: the documents' GET example URLs.
pub(crate) fn fixture_query(name: &str) -> (String, HashMap<String, String>) {
    let text = fixture_text(name);
    let (path, query) = text.trim().split_once('?').unwrap_or((text.trim(), ""));
    (
        format!("/{}", path.trim_start_matches('/')),
        url_decode_pairs(query),
    )
}

/// Simulator settings for tests: fast, seeded, webhooks to `webhook_url` when given.
pub(crate) fn sim_args(
    speed: f64,
    webhook_url: Option<String>,
) -> wadispatch_gateway::sim::SimSettings {
    wadispatch_gateway::sim::SimSettings {
        listen: "127.0.0.1:0".parse().unwrap(),
        webhook_url,
        speed,
        failure_rate: 0.1,
        reply_rate: 0.5,
        seed: 7,
        latency: Duration::ZERO,
        http_error_rate: 0.0,
        envelope_error_rate: 0.0,
        webhook_drop_rate: 0.0,
        webhook_reorder: false,
        webhook_attempts: 10,
        utc_offset: FixedOffset::east_opt(8 * 3600).unwrap(),
    }
}

/// The gateway in front of the platform simulator.
pub(crate) struct SimHarness {
    pub simulator: wadispatch_gateway::sim::Simulator,
    pub gateway: Gateway,
}

impl SimHarness {
    /// The simulator sends its webhooks to the gateway's listener unless `args` names a URL.
    pub(crate) async fn start(mut args: wadispatch_gateway::sim::SimSettings) -> Self {
        let webhooks = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let webhook_addr = webhooks.local_addr().unwrap();
        args.webhook_url
            .get_or_insert_with(|| format!("http://{webhook_addr}"));
        let simulator = start_simulator(args).await;
        let settings = upstream_settings(&format!("http://{}", simulator.addr));
        let gateway = Gateway::start_with(settings, webhooks, event_args(), no_auth()).await;
        Self { simulator, gateway }
    }
}

/// The platform simulator, served in-process on `args.listen` (an ephemeral loopback port with
/// `sim_args`); it runs until the test's runtime ends.
pub(crate) async fn start_simulator(
    args: wadispatch_gateway::sim::SimSettings,
) -> wadispatch_gateway::sim::Simulator {
    let listener = TcpListener::bind(args.listen).await.unwrap();
    wadispatch_gateway::sim::Simulator::start(listener, &args).unwrap()
}

/// Speaks the simulator's HTTP API directly; answers are the whole `{code, message, data}`
/// envelope, after checking the HTTP status is a success.
#[derive(Clone)]
pub(crate) struct SimClient {
    pub base: String,
    pub http: reqwest::Client,
}

impl SimClient {
    pub(crate) fn new(simulator: &wadispatch_gateway::sim::Simulator) -> Self {
        Self {
            base: format!("http://{}", simulator.addr),
            http: reqwest::Client::new(),
        }
    }

    /// The envelope answering a POST of `body` to `path`.
    pub(crate) async fn post(&self, path: &str, body: Value) -> Value {
        let request = self.http.post(format!("{}{path}", self.base)).json(&body);
        Self::success(path, request).await.json().await.unwrap()
    }

    /// The envelope answering a GET of `path` with `query` (`path` may carry a query itself).
    pub(crate) async fn get(&self, path: &str, query: &[(&str, &str)]) -> Value {
        serde_json::from_str(&self.get_text(path, query).await).unwrap()
    }

    /// The raw text answering a GET of `path` with `query`.
    pub(crate) async fn get_text(&self, path: &str, query: &[(&str, &str)]) -> String {
        let request = self.http.get(format!("{}{path}", self.base)).query(query);
        Self::success(path, request).await.text().await.unwrap()
    }

    async fn success(path: &str, request: reqwest::RequestBuilder) -> reqwest::Response {
        let response = request.send().await.unwrap();
        assert!(
            response.status().is_success(),
            "{path}: HTTP {}",
            response.status()
        );
        response
    }
}

/// The simulator sending its webhooks to a fresh `WebhookReceiver`, and a client for its HTTP
/// API; derefs to the client, so `post`/`get` answer whole envelopes.
///
/// `M` is a type of the test module that uses it: the module's own helpers, written as
/// `impl SimSession<M>`, then stay out of the other modules sharing the test binary (one of them
/// shadows `post`/`get`).
pub(crate) struct SimSession<M> {
    pub client: SimClient,
    pub receiver: WebhookReceiver,
    module: PhantomData<M>,
}

impl<M> SimSession<M> {
    /// Starts with `sim_args(speed, receiver URL)` as `adjust` changes them.
    pub(crate) async fn start_with(
        speed: f64,
        adjust: impl FnOnce(&mut wadispatch_gateway::sim::SimSettings),
    ) -> Self {
        let (receiver, url) = WebhookReceiver::start(0).await;
        let mut args = sim_args(speed, Some(url));
        adjust(&mut args);
        let client = SimClient::new(&start_simulator(args).await);
        Self {
            client,
            receiver,
            module: PhantomData,
        }
    }
}

impl<M> std::ops::Deref for SimSession<M> {
    type Target = SimClient;

    fn deref(&self) -> &SimClient {
        &self.client
    }
}

/// A webhook receiver on loopback: records the path and JSON body (Null when not JSON) of every
/// POST, refuses the first `refusals` with HTTP 500, then acknowledges like the platform does.
#[derive(Clone, Default)]
pub(crate) struct WebhookReceiver {
    posts: Arc<Mutex<Vec<(String, Value)>>>,
    refusals: Arc<Mutex<usize>>,
}

impl WebhookReceiver {
    /// Starts a receiver; answers it and its base URL (the simulator's `webhook_url`).
    pub(crate) async fn start(refusals: usize) -> (Self, String) {
        let receiver = Self {
            refusals: Arc::new(Mutex::new(refusals)),
            ..Default::default()
        };
        let app = axum::Router::new()
            .fallback(receive_webhook)
            .with_state(receiver.clone());
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        (receiver, url)
    }

    /// Every post received, refused ones included, in arrival order.
    pub(crate) fn posts(&self) -> Vec<(String, Value)> {
        self.posts.lock().unwrap().clone()
    }

    /// Bodies of the posts received on `path`, in arrival order.
    pub(crate) fn posts_to(&self, path: &str) -> Vec<Value> {
        self.posts
            .lock()
            .unwrap()
            .iter()
            .filter(|(p, _)| p == path)
            .map(|(_, body)| body.clone())
            .collect()
    }
}

async fn receive_webhook(
    State(receiver): State<WebhookReceiver>,
    uri: axum::http::Uri,
    body: Bytes,
) -> Response {
    let body = serde_json::from_slice(&body).unwrap_or(Value::Null);
    receiver
        .posts
        .lock()
        .unwrap()
        .push((uri.path().to_owned(), body));
    let mut refusals = receiver.refusals.lock().unwrap();
    if *refusals > 0 {
        *refusals -= 1;
        return (
            StatusCode::INTERNAL_SERVER_ERROR,
            axum::Json(serde_json::json!({"code": 500})),
        )
            .into_response();
    }
    axum::Json(serde_json::json!({"code": 200, "message": "success", "data": ""})).into_response()
}

/// Polls `probe` until it yields a value, a bounded number of times (about half a minute; no
/// timing assertion: a slow machine only polls longer); panics naming `what` otherwise.
pub(crate) async fn eventually<T, F, Fut>(what: &str, mut probe: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    for _ in 0..1200 {
        if let Some(found) = probe().await {
            return found;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("timed out waiting for {what}");
}

/// The next message of a gRPC stream, bounded so that a silent stream fails the test instead of
/// hanging it.
pub(crate) async fn next<T>(stream: &mut tonic::Streaming<T>) -> T {
    tokio::time::timeout(
        Duration::from_secs(20),
        tokio_stream::StreamExt::next(stream),
    )
    .await
    .expect("a message within the bound")
    .expect("the stream is open")
    .expect("not an error")
}
