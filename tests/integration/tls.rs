//! TLS on both listeners: gRPC over TLS through a real gateway, plaintext clients refused without
//! harm, client certificates (required and optional) and the subject each request carries,
//! rotation of the files under open connections (by poll, by SIGHUP, and a broken rewrite that
//! keeps the old certificate), webhooks over TLS, start-up with bad files, and a certificate's
//! subject standing for a caller of the key file.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use axum::Extension;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use wadispatch_gateway::callers::authenticate::Admission;
use wadispatch_gateway::listen::tls::Reloaded;
use wadispatch_gateway::listen::{
    self, ClientAuth, ListenSettings, PeerCertificate, Protocol, TlsAcceptor,
};
use wadispatch_gateway::proto::v1::account_service_client::AccountServiceClient;
use wadispatch_gateway::proto::v1::task_service_client::TaskServiceClient;
use wadispatch_gateway::proto::v1::{ListAccountsRequest, WatchTaskRequest};
use wadispatch_gateway::wire::webhook::WebhookKind;

use crate::common;
use crate::common::pki::{self, Ca, Pem, TlsDir};
use crate::common::{eventually, next};

const HTTP1: &[&[u8]] = &[b"h2", b"http/1.1"];

fn grpc_protocol() -> Protocol {
    Protocol::Http1AndHttp2 {
        keepalive_interval: None,
        keepalive_timeout: Duration::from_secs(20),
        max_streams: 200,
    }
}

/// A gateway in front of the simulator, each listener over TLS when given an acceptor.
struct TlsGateway {
    grpc: SocketAddr,
    webhooks: SocketAddr,
    events: Arc<wadispatch_gateway::events::Events>,
    _simulator: wadispatch_gateway::sim::Simulator,
    _data_dir: tempfile::TempDir,
    _stop: tokio::sync::watch::Sender<bool>,
}

impl TlsGateway {
    async fn start(grpc_tls: Option<TlsAcceptor>, webhook_tls: Option<TlsAcceptor>) -> Self {
        Self::start_admitting(grpc_tls, webhook_tls, Admission::Everyone).await
    }

    async fn start_admitting(
        grpc_tls: Option<TlsAcceptor>,
        webhook_tls: Option<TlsAcceptor>,
        admission: Admission,
    ) -> Self {
        let simulator = common::start_simulator(common::sim_args(5.0, None)).await;
        let settings = common::upstream_settings(&format!("http://{}", simulator.addr));
        let data_dir = tempfile::tempdir().unwrap();
        let event_settings = common::event_args();
        let events = common::open_events(data_dir.path(), &event_settings);
        let mut connections = common::connection_args().connections(1 << 16);
        connections.grpc_tls = grpc_tls;
        connections.webhook_tls = webhook_tls;
        let webhooks = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let webhook_addr = webhooks.local_addr().unwrap();
        let (grpc_addr, stop) = common::serve_listeners(
            &settings,
            webhooks,
            events.clone(),
            &event_settings,
            common::no_auth(),
            connections,
            admission,
        )
        .await;
        Self {
            grpc: grpc_addr,
            webhooks: webhook_addr,
            events,
            _simulator: simulator,
            _data_dir: data_dir,
            _stop: stop,
        }
    }
}

/// ListAccounts over a new TLS connection trusting `ca`; the error as text.
async fn list_accounts(addr: SocketAddr, ca: &Ca, identity: Option<&Pem>) -> Result<(), String> {
    let channel = pki::grpc_channel(addr, ca, identity)
        .await
        .map_err(|e| format!("connect: {e:?}"))?;
    call(&channel).await
}

async fn call(channel: &tonic::transport::Channel) -> Result<(), String> {
    AccountServiceClient::new(channel.clone())
        .list_accounts(ListAccountsRequest {})
        .await
        .map(drop)
        .map_err(|status| format!("{status:?}"))
}

#[tokio::test]
async fn grpc_over_tls_reaches_the_platform_and_plaintext_clients_are_refused_without_harm() {
    let ca = Ca::new("gRPC CA");
    let files = TlsDir::new(&ca.server(), None);
    let acceptor = TlsAcceptor::load("grpc", files.files(None), &grpc_protocol()).unwrap();
    let gateway = TlsGateway::start(Some(acceptor), None).await;

    list_accounts(gateway.grpc, &ca, None)
        .await
        .expect("a TLS call through the gateway to the simulator");
    // ALPN: the gRPC listener picks h2, even for a client that lists HTTP/1.1 first.
    let (_, alpn) = pki::connect(
        gateway.grpc,
        pki::client_config(&ca, None, &[b"http/1.1", b"h2"]),
    )
    .await
    .unwrap();
    assert_eq!(alpn.as_deref(), Some(&b"h2"[..]));

    // A plaintext gRPC client fails...
    let plaintext = tonic::transport::Channel::from_shared(format!("http://{}", gateway.grpc))
        .unwrap()
        .connect_lazy();
    assert!(call(&plaintext).await.is_err(), "plaintext to a TLS port");
    // ... and so does a client that does not trust the server's CA.
    let stranger = Ca::new("another CA");
    assert!(list_accounts(gateway.grpc, &stranger, None).await.is_err());
    // Raw plaintext bytes: the connection is closed, nothing else.
    let mut raw = tokio::net::TcpStream::connect(gateway.grpc).await.unwrap();
    raw.write_all(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")
        .await
        .unwrap();
    let mut rest = Vec::new();
    let closed = tokio::time::timeout(Duration::from_secs(20), raw.read_to_end(&mut rest)).await;
    assert!(closed.is_ok(), "the listener closes a plaintext connection");

    // The listener still serves.
    list_accounts(gateway.grpc, &ca, None)
        .await
        .expect("still serving after the plaintext clients");
}

#[tokio::test]
async fn grpc_with_client_certificates_required_lets_in_only_verified_clients() {
    let ca = Ca::new("gRPC CA");
    let clients = Ca::new("client CA");
    let files = TlsDir::new(&ca.server(), Some(&clients));
    let acceptor = TlsAcceptor::load(
        "grpc",
        files.files(Some(ClientAuth::Required)),
        &grpc_protocol(),
    )
    .unwrap();
    assert!(acceptor.requires_client_certificate());
    let gateway = TlsGateway::start(Some(acceptor), None).await;

    assert!(
        list_accounts(gateway.grpc, &ca, None).await.is_err(),
        "no certificate"
    );
    let forged = Ca::new("client CA").client("Acme", "campaigns");
    assert!(
        list_accounts(gateway.grpc, &ca, Some(&forged))
            .await
            .is_err(),
        "a certificate from another CA of the same name"
    );
    list_accounts(
        gateway.grpc,
        &ca,
        Some(&clients.client("Acme", "campaigns")),
    )
    .await
    .expect("a verified client certificate");
}

#[tokio::test]
async fn a_verified_certificate_subject_is_a_caller_of_the_key_file() {
    let ca = Ca::new("gRPC CA");
    let clients = Ca::new("client CA");
    let files = TlsDir::new(&ca.server(), Some(&clients));
    let keys = files.cert.with_file_name("keys.toml");
    std::fs::write(
        &keys,
        "[[key]]\nname = \"ops-dashboard\"\ncertificate_subject = \"CN=ops-dashboard,O=Acme\"\n\
         permissions = [\"accounts.read\"]\n",
    )
    .unwrap();
    let ring = wadispatch_gateway::callers::keys::KeyRing::open(&keys).unwrap();
    let acceptor = TlsAcceptor::load(
        "grpc",
        files.files(Some(ClientAuth::Optional)),
        &grpc_protocol(),
    )
    .unwrap();
    let gateway = TlsGateway::start_admitting(Some(acceptor), None, Admission::Keys(ring)).await;

    let ops = clients.client("Acme", "ops-dashboard");
    list_accounts(gateway.grpc, &ca, Some(&ops))
        .await
        .expect("the certificate's subject is the key file's caller");
    let other = clients.client("Acme", "intruder");
    let refused = list_accounts(gateway.grpc, &ca, Some(&other))
        .await
        .unwrap_err();
    assert!(refused.contains("Unauthenticated"), "{refused}");
    let refused = list_accounts(gateway.grpc, &ca, None).await.unwrap_err();
    assert!(refused.contains("Unauthenticated"), "{refused}");
}

/// An HTTP/1.1 listener served by `listen::serve` with `acceptor`, answering each request with
/// its `PeerCertificate` ("subject|common name") or "none".
async fn echo_listener(acceptor: TlsAcceptor) -> (SocketAddr, tokio::sync::watch::Sender<bool>) {
    echo_listener_with(acceptor, Duration::from_secs(10)).await
}

async fn echo_listener_with(
    acceptor: TlsAcceptor,
    header_timeout: Duration,
) -> (SocketAddr, tokio::sync::watch::Sender<bool>) {
    let app = axum::Router::new().fallback(
        |certificate: Option<Extension<PeerCertificate>>| async move {
            match certificate {
                Some(Extension(certificate)) => format!(
                    "{}|{}",
                    certificate.subject,
                    certificate.common_name.unwrap_or_default()
                ),
                None => "none".to_owned(),
            }
        },
    );
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let settings = ListenSettings {
        name: "echo",
        max_connections: 64,
        header_timeout,
        idle_timeout: Duration::from_secs(60),
        protocol: Protocol::Http1,
    };
    let (stop, mut stopped) = tokio::sync::watch::channel(false);
    tokio::spawn(async move {
        let shutdown = async move {
            let _ = stopped.wait_for(|s| *s).await;
        };
        listen::serve(
            listener,
            settings,
            acceptor,
            app,
            shutdown,
            Duration::from_secs(1),
        )
        .await;
    });
    (addr, stop)
}

/// GET / over a new TLS connection: the echoed certificate, or the error as text.
async fn echo(addr: SocketAddr, ca: &Ca, identity: Option<&Pem>) -> Result<String, String> {
    let config = pki::client_config(ca, identity, HTTP1);
    match pki::https1(addr, config, http::Method::GET, "/", "").await {
        Ok((200, body)) => Ok(body),
        Ok((status, body)) => Err(format!("HTTP {status}: {body}")),
        Err(error) => Err(error.to_string()),
    }
}

#[tokio::test]
async fn required_client_certificates_refuse_strangers_and_tag_every_request_with_the_subject() {
    let ca = Ca::new("server CA");
    let clients = Ca::new("client CA");
    let files = TlsDir::new(&ca.server(), Some(&clients));
    let acceptor = TlsAcceptor::load(
        "echo",
        files.files(Some(ClientAuth::Required)),
        &Protocol::Http1,
    )
    .unwrap();
    let (addr, _stop) = echo_listener(acceptor).await;

    assert!(echo(addr, &ca, None).await.is_err(), "no certificate");
    let stranger = Ca::new("client CA").client("Acme", "campaigns");
    assert!(
        echo(addr, &ca, Some(&stranger)).await.is_err(),
        "another CA"
    );
    // A server certificate of the right CA is no client certificate (extended key usage).
    assert!(echo(addr, &ca, Some(&clients.server())).await.is_err());

    let good = clients.client("Acme", "campaigns");
    assert_eq!(
        echo(addr, &ca, Some(&good)).await.unwrap(),
        "CN=campaigns,O=Acme|campaigns"
    );
    // RFC 4514 escaping reaches the request as such.
    let odd = clients.client("Acme, Inc.", "#ops+billing");
    assert_eq!(
        echo(addr, &ca, Some(&odd)).await.unwrap(),
        "CN=\\#ops\\+billing,O=Acme\\, Inc.|#ops+billing"
    );

    // Every request of a connection carries it, not only the first.
    let (tls, alpn) = pki::connect(addr, pki::client_config(&ca, Some(&good), HTTP1))
        .await
        .unwrap();
    assert_eq!(
        alpn.as_deref(),
        Some(&b"http/1.1"[..]),
        "the webhook side of ALPN"
    );
    let (mut send, connection) =
        hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(tls))
            .await
            .unwrap();
    tokio::spawn(connection);
    for _ in 0..3 {
        let request = http::Request::get("/")
            .header("host", "localhost")
            .body(http_body_util::Empty::<bytes::Bytes>::new())
            .unwrap();
        let answer = send.send_request(request).await.unwrap();
        let body = http_body_util::BodyExt::collect(answer.into_body())
            .await
            .unwrap()
            .to_bytes();
        assert_eq!(&body[..], b"CN=campaigns,O=Acme|campaigns");
    }
}

#[tokio::test]
async fn optional_client_certificates_let_in_clients_without_one_but_verify_those_sent() {
    let ca = Ca::new("server CA");
    let clients = Ca::new("client CA");
    let files = TlsDir::new(&ca.server(), Some(&clients));
    let acceptor = TlsAcceptor::load(
        "echo",
        files.files(Some(ClientAuth::Optional)),
        &Protocol::Http1,
    )
    .unwrap();
    assert!(!acceptor.requires_client_certificate());
    let (addr, _stop) = echo_listener(acceptor).await;

    assert_eq!(echo(addr, &ca, None).await.unwrap(), "none");
    assert_eq!(
        echo(addr, &ca, Some(&clients.client("Acme", "reports")))
            .await
            .unwrap(),
        "CN=reports,O=Acme|reports"
    );
    let stranger = Ca::new("elsewhere").client("Acme", "reports");
    assert!(
        echo(addr, &ca, Some(&stranger)).await.is_err(),
        "a certificate sent must still verify"
    );
}

#[tokio::test]
async fn a_client_that_stalls_its_handshake_is_closed_at_the_header_timeout() {
    let ca = Ca::new("server CA");
    let files = TlsDir::new(&ca.server(), None);
    let acceptor = TlsAcceptor::load("echo", files.files(None), &Protocol::Http1).unwrap();
    let (addr, _stop) = echo_listener_with(acceptor, Duration::from_millis(200)).await;
    // Half a ClientHello record header, then nothing.
    let mut stalled = tokio::net::TcpStream::connect(addr).await.unwrap();
    stalled.write_all(&[0x16, 0x03]).await.unwrap();
    let mut rest = Vec::new();
    let closed =
        tokio::time::timeout(Duration::from_secs(20), stalled.read_to_end(&mut rest)).await;
    assert!(closed.is_ok(), "closed by the server");
    assert_eq!(
        echo(addr, &ca, None).await.unwrap(),
        "none",
        "still serving"
    );
}

#[tokio::test]
async fn rotation_serves_the_new_certificate_to_new_connections_and_keeps_open_ones() {
    let old_ca = Ca::new("old CA");
    let new_ca = Ca::new("new CA");
    let files = TlsDir::new(&old_ca.server(), None);
    let acceptor = TlsAcceptor::load("grpc", files.files(None), &grpc_protocol()).unwrap();
    // Polled often: the test waits for the poll, not for SIGHUP.
    let _reloader = acceptor.spawn_reloader(Duration::from_millis(50)).unwrap();
    let gateway = TlsGateway::start(Some(acceptor), None).await;

    let open = pki::grpc_channel(gateway.grpc, &old_ca, None)
        .await
        .unwrap();
    call(&open).await.unwrap();
    let mut watch = TaskServiceClient::new(open.clone())
        .watch_task(WatchTaskRequest::default())
        .await
        .unwrap()
        .into_inner();
    next(&mut watch).await;

    files.write(&new_ca.server());
    eventually("new connections get the new certificate", || async {
        list_accounts(gateway.grpc, &new_ca, None).await.ok()
    })
    .await;
    assert!(
        list_accounts(gateway.grpc, &old_ca, None).await.is_err(),
        "a new connection trusting only the old CA"
    );
    // The connection opened before the rotation is the same one: a reconnect would have met the
    // new certificate, which this channel does not trust.
    call(&open)
        .await
        .expect("the open connection still serves calls");
    for _ in 0..3 {
        next(&mut watch).await;
    }
}

#[tokio::test]
async fn a_broken_rewrite_keeps_the_certificate_in_service_and_names_the_file() {
    let ca = Ca::new("server CA");
    let server = ca.server();
    let files = TlsDir::new(&server, None);
    let acceptor = TlsAcceptor::load("echo", files.files(None), &Protocol::Http1).unwrap();
    let (addr, _stop) = echo_listener(acceptor.clone()).await;
    assert_eq!(acceptor.reload().unwrap(), Reloaded::Unchanged);

    let next_ca = Ca::new("next CA");
    let next = next_ca.server();
    // Garbage where the certificate was.
    pki::replace(
        &files.cert,
        "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n",
    );
    let error = acceptor.reload().unwrap_err();
    assert_eq!(error.path, files.cert, "{error}");
    assert_eq!(
        echo(addr, &ca, None).await.unwrap(),
        "none",
        "the old one serves"
    );

    // A certificate with another certificate's key.
    pki::replace(&files.cert, &next.cert);
    let error = acceptor.reload().unwrap_err();
    assert_eq!(error.path, files.key, "{error}");
    assert!(error.problem.contains("does not match"), "{error}");
    assert_eq!(echo(addr, &ca, None).await.unwrap(), "none");

    // A key file that is not a key: the error never quotes it.
    let secret = "c2VjcmV0LWtleS1tYXRlcmlhbC10aGF0LW11c3Qtbm90LWxlYWs";
    pki::replace(
        &files.key,
        &format!("-----BEGIN PRIVATE KEY-----\n{secret}!\n-----END PRIVATE KEY-----\n"),
    );
    let error = acceptor.reload().unwrap_err();
    assert_eq!(error.path, files.key);
    assert!(
        !format!("{error} {error:?}").contains(&secret[..16]),
        "{error:?}"
    );
    let error = {
        pki::replace(&files.key, &server.key);
        acceptor.reload().unwrap_err()
    };
    assert!(error.problem.contains("does not match"), "{error}");
    for line in server.key.lines().filter(|l| !l.starts_with("-----")) {
        assert!(!error.to_string().contains(line), "key bytes in {error}");
    }
    assert_eq!(echo(addr, &ca, None).await.unwrap(), "none");
    assert!(echo(addr, &next_ca, None).await.is_err());

    // Mended: the next certificate is in service.
    files.write(&next);
    assert_eq!(acceptor.reload().unwrap(), Reloaded::Replaced);
    assert_eq!(echo(addr, &next_ca, None).await.unwrap(), "none");
    assert!(echo(addr, &ca, None).await.is_err());
    assert!(acceptor.subject().contains("CN=localhost"));
}

#[tokio::test]
async fn a_changed_client_ca_bundle_is_reloaded_too() {
    let ca = Ca::new("server CA");
    let first = Ca::new("first client CA");
    let second = Ca::new("second client CA");
    let files = TlsDir::new(&ca.server(), Some(&first));
    let acceptor = TlsAcceptor::load(
        "echo",
        files.files(Some(ClientAuth::Required)),
        &Protocol::Http1,
    )
    .unwrap();
    let (addr, _stop) = echo_listener(acceptor.clone()).await;
    let (alice, bob) = (first.client("Acme", "alice"), second.client("Acme", "bob"));
    assert!(echo(addr, &ca, Some(&alice)).await.is_ok());
    assert!(echo(addr, &ca, Some(&bob)).await.is_err());

    pki::replace(&files.client_ca, "no certificates here\n");
    let error = acceptor.reload().unwrap_err();
    assert_eq!(error.path, files.client_ca, "{error}");
    assert!(echo(addr, &ca, Some(&alice)).await.is_ok(), "kept");

    pki::replace(&files.client_ca, &second.cert);
    assert_eq!(acceptor.reload().unwrap(), Reloaded::Replaced);
    assert!(echo(addr, &ca, Some(&bob)).await.is_ok());
    assert!(echo(addr, &ca, Some(&alice)).await.is_err());
}

#[test]
fn loading_bad_files_fails_naming_the_file() {
    let ca = Ca::new("server CA");
    let server = ca.server();
    let files = TlsDir::new(&server, Some(&ca));
    let load = |files: listen::TlsFiles| {
        TlsAcceptor::load("grpc", files, &grpc_protocol())
            .map(drop)
            .unwrap_err()
    };

    let mut missing = files.files(None);
    missing.cert = files.cert.with_file_name("absent.pem");
    let error = load(missing);
    assert_eq!(error.path, files.cert.with_file_name("absent.pem"));
    assert!(error.to_string().contains("absent.pem"), "{error}");

    // A key where the certificate should be.
    let mut swapped = files.files(None);
    swapped.cert = files.key.clone();
    let error = load(swapped);
    assert_eq!(error.path, files.key);
    assert!(error.problem.contains("no CERTIFICATE"), "{error}");

    let mut no_key = files.files(None);
    no_key.key = files.cert.clone();
    let error = load(no_key);
    assert_eq!(
        (error.role, error.path.clone()),
        ("private key", files.cert.clone())
    );

    let mut no_ca = files.files(Some(ClientAuth::Required));
    no_ca.client_ca = Some(files.key.clone());
    let error = load(no_ca);
    assert_eq!(
        (error.role, error.path.clone()),
        ("client CA", files.key.clone())
    );
}

#[tokio::test]
async fn webhooks_over_tls_are_stored() {
    let ca = Ca::new("webhook CA");
    let files = TlsDir::new(&ca.server(), None);
    let acceptor = TlsAcceptor::load("webhooks", files.files(None), &Protocol::Http1).unwrap();
    let gateway = TlsGateway::start(None, Some(acceptor)).await;
    let before = *gateway.events.log.latest().borrow();

    let body = common::fixture_text("wh-GS_V3_SYNC_TASK_STATUS.request.json");
    let (status, answer) = pki::https1(
        gateway.webhooks,
        pki::client_config(&ca, None, &[b"http/1.1"]),
        http::Method::POST,
        WebhookKind::TaskStatus.path(),
        &body,
    )
    .await
    .unwrap();
    assert_eq!(status, 200, "{answer}");
    assert!(*gateway.events.log.latest().borrow() > before, "appended");

    // Plain HTTP to the TLS port stores nothing.
    let plain = reqwest::Client::new()
        .post(format!(
            "http://{}{}",
            gateway.webhooks,
            WebhookKind::TaskStatus.path()
        ))
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await;
    assert!(plain.is_err() || !plain.unwrap().status().is_success());
}

/// A child process, killed if the test fails before it stops.
struct Child(std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        if let Ok(None) = self.0.try_wait() {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
}

/// The binary with TLS from its environment: a start with a bad file stops at once naming it;
/// a good one serves TLS and reloads on SIGHUP (the poll is off: only the signal can do it).
#[tokio::test]
async fn the_binary_loads_tls_from_its_environment_and_reloads_on_sighup() {
    let platform = common::RecordingPlatform::start().await;
    let free_port = || {
        std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port()
    };
    let (port, webhook_port) = (free_port(), free_port());
    let data_dir = tempfile::tempdir().unwrap();
    let old_ca = Ca::new("old CA");
    let files = TlsDir::new(&old_ca.server(), None);
    let gateway = |cert: &std::path::Path| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_wadispatch-gateway"));
        command
            .arg("serve")
            .env("WADISPATCH_DATA_DIR", data_dir.path())
            .env(
                "WADISPATCH_WEBHOOK_ADDR",
                format!("127.0.0.1:{webhook_port}"),
            )
            .env("WADISPATCH_GRPC_ADDR", format!("127.0.0.1:{port}"))
            .env("WADISPATCH_UPSTREAM_URL", platform.url())
            .env("WADISPATCH_TLS_CERT", cert)
            .env("WADISPATCH_TLS_KEY", &files.key)
            .env("WADISPATCH_TLS_RELOAD_INTERVAL", "0")
            .env("WADISPATCH_ALLOW_UNAUTHENTICATED", "true")
            .env("WADISPATCH_SHUTDOWN_GRACE", "1s")
            .env("RUST_LOG", "info")
            .env("NO_COLOR", "1");
        command
    };

    let absent = files.cert.with_file_name("absent.pem");
    let failed = gateway(&absent).output().unwrap();
    assert!(!failed.status.success());
    let said = String::from_utf8_lossy(&failed.stdout);
    assert!(said.contains(&absent.display().to_string()), "{said}");
    let unpaired = gateway(&files.cert)
        .env_remove("WADISPATCH_TLS_KEY")
        .output()
        .unwrap();
    assert!(!unpaired.status.success());
    assert!(
        String::from_utf8_lossy(&unpaired.stderr).contains("--tls-key"),
        "a certificate without its key"
    );

    let mut child = Child(gateway(&files.cert).stdout(Stdio::piped()).spawn().unwrap());
    let mut log = BufReader::new(child.0.stdout.take().unwrap()).lines();
    log.by_ref()
        .map(Result::unwrap)
        .find(|line| line.contains("serving"))
        .expect("serving");
    let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    list_accounts(addr, &old_ca, None).await.unwrap();

    let new_ca = Ca::new("new CA");
    files.write(&new_ca.server());
    assert!(
        list_accounts(addr, &new_ca, None).await.is_err(),
        "no poll: still the old certificate"
    );
    let signal = |name: &str| {
        let sent = Command::new("kill")
            .args([name, &child.0.id().to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
    };
    signal("-HUP");
    eventually("SIGHUP reloads", || async {
        list_accounts(addr, &new_ca, None).await.ok()
    })
    .await;
    assert!(list_accounts(addr, &old_ca, None).await.is_err());

    signal("-TERM");
    assert!(child.0.wait().unwrap().success(), "still a clean stop");
    let rest: Vec<String> = log.map(Result::unwrap).collect();
    assert!(
        rest.iter()
            .any(|l| l.contains("TLS files reloaded") && l.contains("CN=localhost")),
        "{rest:?}"
    );
}

/// A gRPC listener beyond loopback without TLS is warned about at start.
#[tokio::test]
async fn serving_grpc_beyond_loopback_in_clear_is_warned_about() {
    let data_dir = tempfile::tempdir().unwrap();
    let log = data_dir.path().join("gateway.log");
    let child = Child(
        Command::new(env!("CARGO_BIN_EXE_wadispatch-gateway"))
            .arg("serve")
            .env("WADISPATCH_DATA_DIR", data_dir.path().join("data"))
            .env("WADISPATCH_GRPC_ADDR", "0.0.0.0:0")
            .env("WADISPATCH_WEBHOOK_ADDR", "127.0.0.1:0")
            .env("WADISPATCH_UPSTREAM_URL", "http://127.0.0.1:9")
            .env("WADISPATCH_ALLOW_UNAUTHENTICATED", "true")
            .env("RUST_LOG", "warn")
            .env("NO_COLOR", "1")
            .stdout(std::fs::File::create(&log).unwrap())
            .spawn()
            .unwrap(),
    );
    eventually("the warning", || async {
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        text.contains("THE gRPC LISTENER IS REACHABLE BEYOND LOOPBACK WITHOUT TLS")
            .then_some(())
    })
    .await;
    drop(child);
}
