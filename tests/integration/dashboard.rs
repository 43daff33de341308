//! The dashboard's HTTP side, against the gateway binary in front of the simulator: signing in
//! with a key (and refusals), the task and account event streams with the cursor as SSE id and
//! a reconnect resuming gap-free from `Last-Event-ID`, a task's recipients, dead letters,
//! health, the security headers, a key removed while its session is open, and the stream bound.
//! The page itself is tested in a real browser (`browser.rs`).

use std::net::SocketAddr;
use std::time::Duration;

use wadispatch_gateway::callers::keys;
use wadispatch_gateway::proto::v1::task_service_client::TaskServiceClient;
use wadispatch_gateway::sim::Simulator;

use crate::common::process::{free_port, GatewayProcess};
use crate::common::{delivery, eventually, sim_args};

/// One server-sent event.
#[derive(Debug, Clone)]
struct Sse {
    id: Option<String>,
    event: String,
    data: serde_json::Value,
}

/// Reads server-sent events off a streaming answer.
struct SseReader {
    response: reqwest::Response,
    buffer: String,
}

impl SseReader {
    /// The next event, or None when the stream ended.
    async fn next(&mut self) -> Option<Sse> {
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let (mut id, mut event, mut data) = (None, String::from("message"), String::new());
                for line in block.lines() {
                    if let Some(value) = line.strip_prefix("id:") {
                        id = Some(value.trim().to_owned());
                    } else if let Some(value) = line.strip_prefix("event:") {
                        event = value.trim().to_owned();
                    } else if let Some(value) = line.strip_prefix("data:") {
                        data.push_str(value.trim_start());
                    }
                }
                if data.is_empty() {
                    continue;
                }
                return Some(Sse {
                    id,
                    event,
                    data: serde_json::from_str(&data).expect("event data is JSON"),
                });
            }
            let chunk = tokio::time::timeout(Duration::from_secs(30), self.response.chunk())
                .await
                .expect("an event within 30 s")
                .expect("the stream reads");
            match chunk {
                Some(bytes) => self.buffer.push_str(std::str::from_utf8(&bytes).unwrap()),
                None => return None,
            }
        }
    }
}

/// The gateway binary with a key file and the dashboard, in front of a simulator.
struct Setup {
    _simulator: Simulator,
    gateway: GatewayProcess,
    dashboard: String,
    metrics: String,
    keys_file: std::path::PathBuf,
    /// Every permission.
    full_key: String,
    /// tasks.watch and accounts.watch only.
    watcher_key: String,
    /// tasks.read only.
    reader_key: String,
    _dir: tempfile::TempDir,
}

async fn setup(max_streams: usize) -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let webhooks = SocketAddr::from(([127, 0, 0, 1], free_port()));
    let simulator = Simulator::start(
        tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap(),
        &sim_args(20.0, Some(format!("http://{webhooks}/"))),
    )
    .unwrap();
    let limits = keys::KeyLimits::default();
    let (full_key, full) = keys::new_entry("operator", &["*"], &limits).unwrap();
    let (watcher_key, watcher) =
        keys::new_entry("wallboard", &["tasks.watch", "accounts.watch"], &limits).unwrap();
    let (reader_key, reader) = keys::new_entry("reader", &["tasks.read"], &limits).unwrap();
    let keys_file = dir.path().join("keys.toml");
    std::fs::write(&keys_file, format!("{full}\n{watcher}\n{reader}")).unwrap();
    let dashboard_addr = SocketAddr::from(([127, 0, 0, 1], free_port()));
    let metrics_addr = SocketAddr::from(([127, 0, 0, 1], free_port()));
    let mut gateway = GatewayProcess::new(
        format!("http://{}", simulator.addr),
        webhooks,
        dir.path().join("data"),
    )
    .without_env("WADISPATCH_ALLOW_UNAUTHENTICATED")
    .with_env("WADISPATCH_API_KEYS", keys_file.display().to_string())
    .with_env("WADISPATCH_API_KEYS_RELOAD_INTERVAL", "200ms")
    .with_env("WADISPATCH_DASHBOARD_ADDR", dashboard_addr.to_string())
    .with_env("WADISPATCH_METRICS_ADDR", metrics_addr.to_string())
    .with_env("WADISPATCH_DASHBOARD_MAX_STREAMS", max_streams.to_string());
    gateway.start().await;
    Setup {
        _simulator: simulator,
        gateway,
        dashboard: format!("http://{dashboard_addr}"),
        metrics: format!("http://{metrics_addr}/metrics"),
        keys_file,
        full_key,
        watcher_key,
        reader_key,
        _dir: dir,
    }
}

impl Setup {
    /// A browser-like client: it keeps the cookies it is given.
    fn browser() -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .unwrap()
    }

    async fn sign_in(&self, client: &reqwest::Client, key: &str) -> reqwest::Response {
        client
            .post(format!("{}/api/session", self.dashboard))
            .json(&serde_json::json!({ "key": key }))
            .send()
            .await
            .unwrap()
    }

    async fn get(&self, client: &reqwest::Client, path: &str) -> reqwest::Response {
        client
            .get(format!("{}{path}", self.dashboard))
            .send()
            .await
            .unwrap()
    }

    async fn events(
        &self,
        client: &reqwest::Client,
        path: &str,
        last_event_id: Option<&str>,
    ) -> SseReader {
        let mut request = client.get(format!("{}{path}", self.dashboard));
        if let Some(id) = last_event_id {
            request = request.header("last-event-id", id);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(
            response.headers()["content-type"],
            "text/event-stream",
            "{path}"
        );
        SseReader {
            response,
            buffer: String::new(),
        }
    }

    async fn tasks_client(&self) -> TaskServiceClient<Authorized> {
        let channel =
            tonic::transport::Channel::from_shared(format!("http://{}", self.gateway.grpc))
                .unwrap()
                .connect()
                .await
                .unwrap();
        let bearer: tonic::metadata::MetadataValue<_> =
            format!("Bearer {}", self.full_key).parse().unwrap();
        TaskServiceClient::new(tonic::service::interceptor::InterceptedService::new(
            channel,
            Bearer(bearer),
        ))
    }
}

/// A channel sending the operator's key with every call.
type Authorized =
    tonic::service::interceptor::InterceptedService<tonic::transport::Channel, Bearer>;

/// Adds `authorization: Bearer <key>` to each call.
#[derive(Clone)]
struct Bearer(tonic::metadata::MetadataValue<tonic::metadata::Ascii>);

impl tonic::service::Interceptor for Bearer {
    fn call(
        &mut self,
        mut request: tonic::Request<()>,
    ) -> Result<tonic::Request<()>, tonic::Status> {
        request
            .metadata_mut()
            .insert("authorization", self.0.clone());
        Ok(request)
    }
}

async fn error_of(response: reqwest::Response) -> (u16, String) {
    let status = response.status().as_u16();
    let body: serde_json::Value = response.json().await.unwrap();
    (status, body["error"].as_str().unwrap().to_owned())
}

#[tokio::test]
async fn a_person_signs_in_and_follows_a_campaign_gap_free_across_a_reconnect() {
    let setup = setup(8).await;
    let browser = Setup::browser();

    // The page itself needs no session, and says what it allows.
    let page = setup.get(&browser, "/").await;
    assert_eq!(page.status(), 200);
    let policy = page.headers()["content-security-policy"].to_str().unwrap();
    assert!(policy.contains("script-src 'self'"), "{policy}");
    assert!(page.text().await.unwrap().contains("/assets/app.js"));

    // Without a session every API answer is 401; wrong keys and thin keys are refused.
    for path in [
        "/api/session",
        "/api/health",
        "/api/tasks/events",
        "/api/accounts/events",
        "/api/dead-letters",
        "/api/tasks/1",
    ] {
        assert_eq!(setup.get(&browser, path).await.status(), 401, "{path}");
    }
    let (status, error) = error_of(setup.sign_in(&browser, "wdk_not_a_key").await).await;
    assert_eq!((status, error.as_str()), (401, "unknown API key"));
    let (status, error) = error_of(setup.sign_in(&browser, &setup.reader_key).await).await;
    assert_eq!(status, 403);
    assert!(error.contains("tasks.watch"), "{error}");
    assert!(
        !error.contains(&setup.reader_key),
        "the key is never echoed"
    );

    let signed_in = setup.sign_in(&browser, &setup.full_key).await;
    assert_eq!(signed_in.status(), 200);
    let cookie = signed_in.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    assert!(
        !cookie.contains(&setup.full_key),
        "the cookie is a token, not the key"
    );
    let who: serde_json::Value = signed_in.json().await.unwrap();
    assert_eq!(who["caller"], "operator");

    // A campaign through the gRPC API.
    let mut tasks = setup.tasks_client().await;
    let task_id = tasks
        .create_unassigned_task(delivery::campaign("dashboard", 40))
        .await
        .unwrap()
        .into_inner()
        .task_id;
    let mut stream = setup
        .events(&browser, "/api/tasks/events?after=0", None)
        .await;
    let mut seen = Vec::new();
    while seen.len() < 15 {
        let event = stream.next().await.expect("the stream goes on");
        if event.event == "task" {
            seen.push(event);
        }
    }
    drop(stream);
    // The browser reconnects with the last id it saw, after the task is over.
    eventually("the task's completion", || async {
        let detail: serde_json::Value = setup
            .get(&browser, &format!("/api/tasks/{task_id}"))
            .await
            .json()
            .await
            .unwrap();
        (detail["status"] == "COMPLETED").then_some(())
    })
    .await;
    let last_seen = seen.last().unwrap().id.clone().unwrap();
    let mut resumed = setup
        .events(&browser, "/api/tasks/events", Some(&last_seen))
        .await;
    let latest: u64 = {
        let health: serde_json::Value = setup
            .get(&browser, "/api/health")
            .await
            .json()
            .await
            .unwrap();
        health["latest_cursor"].as_str().unwrap().parse().unwrap()
    };
    let mut last_progress = None;
    loop {
        let event = resumed.next().await.expect("the stream goes on");
        let cursor: u64 = event.id.as_deref().unwrap().parse().unwrap();
        if event.event == "task" {
            if event.data["task_id"] == task_id.as_str() {
                last_progress = Some(event.data["progress"].clone());
            }
            seen.push(event);
        }
        if cursor >= latest {
            break;
        }
    }
    drop(resumed);
    // Every event of the log, once, in order: what one uninterrupted stream sends.
    let mut whole = setup
        .events(&browser, "/api/tasks/events?after=0", None)
        .await;
    let mut expected = Vec::new();
    while expected.len() < seen.len() {
        let event = whole.next().await.unwrap();
        if event.event == "task" {
            expected.push(event.id.unwrap());
        }
    }
    let ids: Vec<String> = seen.iter().map(|e| e.id.clone().unwrap()).collect();
    assert_eq!(
        ids, expected,
        "the reconnect resumed with no gap and no repeat"
    );
    for event in &seen {
        assert_eq!(event.data["cursor"].as_str(), event.id.as_deref());
    }

    // The stream's final progress is the platform's final state.
    let progress = last_progress.expect("events of the task after the reconnect");
    assert_eq!(progress["status"], "COMPLETED");
    assert_eq!(progress["total"], 40);
    let detail: serde_json::Value = setup
        .get(&browser, &format!("/api/tasks/{task_id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(detail["status"], "COMPLETED");
    let recipients = detail["recipients"].as_array().unwrap();
    assert_eq!(recipients.len(), 40);
    let mut counts = std::collections::BTreeMap::<String, u64>::new();
    for recipient in recipients {
        *counts
            .entry(recipient["status"].as_str().unwrap().to_owned())
            .or_default() += 1;
    }
    let streamed: std::collections::BTreeMap<String, u64> = progress["counts"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(status, count)| (status.clone(), count.as_u64().unwrap()))
        .collect();
    assert_eq!(streamed, counts);

    // Accounts open with their states.
    let mut accounts = setup.events(&browser, "/api/accounts/events", None).await;
    let snapshot = accounts.next().await.unwrap();
    assert_eq!(snapshot.event, "accounts");
    assert_eq!(snapshot.data["kind"], "snapshot");
    assert!(!snapshot.data["accounts"].as_array().unwrap().is_empty());
    drop(accounts);

    // A malformed webhook is a dead letter the page lists; a key without audit.read is refused.
    let rejected = reqwest::Client::new()
        .post(format!(
            "http://{}/callback/gsTask/syncTaskStatus",
            setup.gateway.webhooks
        ))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert!(rejected.status().is_client_error());
    let letters: serde_json::Value = setup
        .get(&browser, "/api/dead-letters")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(letters["count"], 1);
    assert_eq!(letters["recent"][0]["body"], "{not json");
    let wallboard = Setup::browser();
    assert_eq!(
        setup.sign_in(&wallboard, &setup.watcher_key).await.status(),
        200
    );
    let (status, error) = error_of(setup.get(&wallboard, "/api/dead-letters").await).await;
    assert_eq!(status, 403);
    assert!(error.contains("audit.read"), "{error}");

    // Sign-ins are counted by outcome; the sessions open are the two of this test.
    let exported = reqwest::get(&setup.metrics)
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for line in [
        r#"wadispatch_dashboard_sign_ins_total{outcome="ok"} 2"#,
        r#"wadispatch_dashboard_sign_ins_total{outcome="unknown_key"} 1"#,
        r#"wadispatch_dashboard_sign_ins_total{outcome="permission_denied"} 1"#,
        "wadispatch_dashboard_sessions 2",
    ] {
        assert!(exported.lines().any(|l| l == line), "{line} in\n{exported}");
    }

    // Signing out ends the session.
    let out = browser
        .delete(format!("{}/api/session", setup.dashboard))
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), 204);
    assert_eq!(setup.get(&browser, "/api/health").await.status(), 401);
}

#[tokio::test]
async fn streams_are_bounded_a_bad_cursor_fails_clearly_and_a_removed_key_ends_its_session() {
    let setup = setup(1).await;
    let browser = Setup::browser();
    assert_eq!(
        setup.sign_in(&browser, &setup.watcher_key).await.status(),
        200
    );

    // A cursor beyond the log's end: the stream's one event says so, then it ends.
    let mut beyond = setup
        .events(&browser, "/api/tasks/events", Some("999999"))
        .await;
    let failure = beyond.next().await.unwrap();
    assert_eq!(failure.event, "failure");
    assert_eq!(failure.data["code"], "INVALID_ARGUMENT");
    assert!(beyond.next().await.is_none());
    drop(beyond);

    // One stream at most: a second is refused while the first is open, and let in after.
    let open = eventually("the bad-cursor stream's slot is free", || async {
        let response = browser
            .get(format!("{}/api/accounts/events", setup.dashboard))
            .send()
            .await
            .unwrap();
        (response.status() == 200).then_some(response)
    })
    .await;
    let (status, error) = error_of(setup.get(&browser, "/api/tasks/events").await).await;
    assert_eq!(status, 503);
    assert!(error.contains("event streams"), "{error}");
    drop(open);
    eventually("the slot is free again", || async {
        let response = setup.get(&browser, "/api/tasks/events").await;
        (response.status() == 200).then_some(())
    })
    .await;

    // Scripts may send the key itself.
    let script = reqwest::Client::new()
        .get(format!("{}/api/health", setup.dashboard))
        .bearer_auth(&setup.reader_key)
        .send()
        .await
        .unwrap();
    assert_eq!(script.status(), 200);

    // The key leaves the key file: its open session is refused at once after the reload.
    let kept: Vec<String> = std::fs::read_to_string(&setup.keys_file)
        .unwrap()
        .split("[[key]]")
        .filter(|entry| !entry.contains("\"wallboard\""))
        .map(str::to_owned)
        .collect();
    std::fs::write(&setup.keys_file, kept.join("[[key]]")).unwrap();
    let refused = eventually("the key file is reloaded", || async {
        let response = setup.get(&browser, "/api/health").await;
        (response.status() == 401).then_some(response)
    })
    .await;
    let (status, error) = error_of(refused).await;
    assert_eq!(status, 401);
    assert!(error.contains("sign in again"), "{error}");
}

#[tokio::test]
async fn over_tls_the_dashboard_speaks_http2_to_browsers_and_http1_to_others() {
    use http_body_util::BodyExt;

    use crate::common::pki::{self, Ca, TlsDir};

    let ca = Ca::new("dashboard CA");
    let files = TlsDir::new(&ca.server(), None);
    let mut connections = crate::common::connection_args().connections(1 << 16);
    connections.grpc_tls = Some(
        wadispatch_gateway::listen::TlsAcceptor::load(
            "grpc",
            files.files(None),
            &connections.grpc.protocol,
        )
        .unwrap(),
    );
    let platform = crate::common::RecordingPlatform::start().await;
    let data = tempfile::tempdir().unwrap();
    let event_args = crate::common::event_args();
    let events = crate::common::open_events(data.path(), &event_args);
    let grpc = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let dashboard = listener.local_addr().unwrap();
    let observability = wadispatch_gateway::server::Observability::new(
        None,
        Some(wadispatch_gateway::server::DashboardListener {
            listener,
            settings: Default::default(),
        }),
    )
    .await;
    let settings = crate::common::upstream_settings(&platform.url()).grpc_settings();
    tokio::spawn(async move {
        wadispatch_gateway::server::serve_grpc(
            grpc,
            &settings,
            events,
            wadispatch_gateway::callers::authenticate::Admission::Everyone,
            connections,
            observability,
            std::future::pending(),
            Duration::from_secs(1),
        )
        .await
        .unwrap();
    });

    // A browser offers h2 first and gets it: the page over HTTP/2.
    let (tls, alpn) = eventually("the dashboard answers over TLS", || {
        let config = pki::client_config(&ca, None, &[b"h2", b"http/1.1"]);
        async move { pki::connect(dashboard, config).await.ok() }
    })
    .await;
    assert_eq!(alpn.as_deref(), Some(&b"h2"[..]));
    let (mut send, connection) = hyper::client::conn::http2::handshake(
        hyper_util::rt::TokioExecutor::new(),
        hyper_util::rt::TokioIo::new(tls),
    )
    .await
    .unwrap();
    tokio::spawn(connection);
    let page = send
        .send_request(
            http::Request::get(format!("https://localhost:{}/", dashboard.port()))
                .body(http_body_util::Empty::<bytes::Bytes>::new())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.headers().contains_key("content-security-policy"));
    let body = page.into_body().collect().await.unwrap().to_bytes();
    assert!(String::from_utf8_lossy(&body).contains("/assets/app.js"));

    // A client that offers only HTTP/1.1 is served HTTP/1.1.
    let (status, health) = pki::https1(
        dashboard,
        pki::client_config(&ca, None, &[b"http/1.1"]),
        http::Method::GET,
        "/api/health",
        "",
    )
    .await
    .unwrap();
    assert_eq!(status, 200, "{health}");
    assert!(health.contains("\"live\":true"), "{health}");
}
