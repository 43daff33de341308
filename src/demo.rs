//! `demo`: the gateway in front of the simulator on loopback, with no configuration. What the
//! demo adds to a plain `serve`: the settings of its platform (the simulator), a fresh key unless
//! callers were given, a fallback to a free port, and the guide it prints.

use std::time::Duration;

use crate::callers::authenticate::Admission;
use crate::callers::keys::{self, KeyRing};
use crate::listen::TlsSettings;
use crate::server::{self, GrpcSettings};
use crate::upstream::UpstreamSettings;

/// Grace of a demo's shutdown: nothing in it needs to drain.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(1);

/// Company id the demo sends with wake-up calls (the documents' example id).
pub const TENANT_ID: i64 = 500766;

/// The gRPC API's settings in front of the simulator at `simulator`, whose local times are at
/// `utc_offset`: the flags' defaults, no headers, the demo's tenant.
pub fn grpc_settings(
    simulator: std::net::SocketAddr,
    utc_offset: chrono::FixedOffset,
) -> Result<GrpcSettings, String> {
    Ok(GrpcSettings {
        upstream: UpstreamSettings {
            url: format!("http://{simulator}")
                .parse()
                .map_err(|e| format!("bad simulator URL: {e}"))?,
            headers: Vec::new(),
            timeout: Duration::from_secs(30),
            attempts: 3,
            limits: Default::default(),
        },
        tenant_id: Some(TENANT_ID),
        platform_utc_offset: utc_offset,
        health_interval: Duration::from_secs(10),
        watch: Default::default(),
        request_ids: Default::default(),
        max_calls_per_caller: crate::grpc::DEFAULT_MAX_CALLS_PER_CALLER,
    })
}

/// Name of the demo's key file in its data directory, written anew by every demo run.
pub const KEY_FILE: &str = "demo-keys.toml";

/// A new key with every permission, in a key file of its own in the demo's data directory.
pub fn key(
    data_dir: &std::path::Path,
) -> Result<(Admission, String), Box<dyn std::error::Error + Send + Sync>> {
    std::fs::create_dir_all(data_dir)?;
    let (key, entry) = keys::new_entry("demo", &["*"], &keys::KeyLimits::default())?;
    let path = data_dir.join(KEY_FILE);
    std::fs::write(
        &path,
        format!("# Written by `wadispatch-gateway demo` for this run.\n{entry}"),
    )?;
    Ok((Admission::Keys(KeyRing::open(&path)?), key))
}

/// How grpcurl connects to the demo's gRPC listener: in clear, or trusting the CA that signed
/// --tls-cert (and with a client certificate under --tls-client-ca).
pub fn grpcurl_connect(tls: &TlsSettings) -> String {
    match &tls.grpc {
        None => "-plaintext".to_owned(),
        Some(files) if files.client_ca.is_some() => {
            "-cacert CA.pem -cert CLIENT.pem -key CLIENT-KEY.pem".to_owned()
        }
        Some(_) => "-cacert CA.pem".to_owned(),
    }
}

/// Where the demo serves its metrics unless `--metrics-addr` says otherwise: the port
/// OpenTelemetry's Prometheus exporters use.
pub const METRICS_ADDR: &str = "127.0.0.1:9464";

/// Where the demo serves its dashboard unless `--dashboard-addr` says otherwise.
pub const DASHBOARD_ADDR: &str = "127.0.0.1:8090";

/// The dashboard's address for a person to open: with the demo's key in the fragment, which
/// the page signs in with and then removes (a fragment never reaches a server or a log).
pub fn dashboard_url(addr: std::net::SocketAddr, tls: &TlsSettings, key: Option<&str>) -> String {
    let scheme = if tls.grpc.is_some() { "https" } else { "http" };
    match key {
        Some(key) => format!("{scheme}://{addr}/#key={key}"),
        None => format!("{scheme}://{addr}/"),
    }
}

/// What a new user does next, printed by `demo`; `connect` is grpcurl's connection flags.
pub fn guide(
    grpc: std::net::SocketAddr,
    sim: std::net::SocketAddr,
    webhooks: std::net::SocketAddr,
    metrics: std::net::SocketAddr,
    data_dir: &std::path::Path,
    key: Option<&str>,
    connect: &str,
) -> String {
    let targets: Vec<String> = (1..=100).map(|i| format!("\"86152{i:08}\"")).collect();
    let (key_line, grpcurl) = match key {
        Some(key) => (
            format!(
                "  API key (every permission; a new one each run)  {key}\n\n\
                 In another terminal:\n\n  export WADISPATCH_KEY={key}\n"
            ),
            format!("grpcurl {connect} -H \"authorization: Bearer $WADISPATCH_KEY\""),
        ),
        None => (
            "\nIn another terminal:\n".to_owned(),
            format!("grpcurl {connect}"),
        ),
    };
    format!(
        r#"
wadispatch-gateway demo: the gateway in front of the platform simulator, on loopback.
  gRPC gateway        {grpc}   (reflection on: grpcurl needs no proto files)
  platform simulator  http://{sim}   (sends its webhooks to the gateway)
  webhook listener    http://{webhooks}   (events kept in {data_dir})
  metrics and health  http://{metrics}/metrics   (/healthz, /readyz)
{key_line}
  # what the gateway offers
  {grpcurl} {grpc} list

  # watch every task: a message per status change and reply, each with a resumable cursor
  {grpcurl} -d '{{}}' {grpc} wadispatch.v1.TaskService/WatchTask

  # create a task sending one message to 100 recipients (the simulator picks the senders)
  {grpcurl} -d '{{"options": {{"name": "demo", "target_type": "TARGET_TYPE_INDIVIDUAL"}},
    "targets": [{targets}],
    "contents": [{{"text": {{"text": "Hello from the wadispatch demo"}}}}]}}' {grpc} wadispatch.v1.TaskService/CreateUnassignedTask

  # its status and every recipient's, a second later: TASK_STATUS_COMPLETED
  {grpcurl} -d '{{"task_id": "TASK_ID"}}' {grpc} wadispatch.v1.TaskService/GetTaskExecutionStatus

  # one task from the start of the log to its end: the snapshot, every event, then the stream ends
  {grpcurl} -d '{{"task_id": "TASK_ID", "after_cursor": "0", "end_when_final": true}}' \\
    {grpc} wadispatch.v1.TaskService/WatchTask

  # the simulator's accounts
  {grpcurl} {grpc} wadispatch.v1.AccountService/ListAccounts

  # who you are, what you may do, and what your limits leave
  {grpcurl} {grpc} wadispatch.v1.CallerService/GetCaller

Ctrl-C stops the demo."#,
        targets = targets.join(", "),
        data_dir = data_dir.display(),
    )
}

/// For `demo`, whose guide prints the addresses it got: a busy port is not worth failing over.
pub async fn bind_or_any(addr: std::net::SocketAddr) -> Result<tokio::net::TcpListener, String> {
    match tokio::net::TcpListener::bind(addr).await {
        Err(error) if error.kind() == std::io::ErrorKind::AddrInUse => {
            tracing::warn!("{addr} is in use; the demo takes a free port instead");
            server::bind(std::net::SocketAddr::new(addr.ip(), 0)).await
        }
        other => other.map_err(|e| format!("cannot listen on {addr}: {e}")),
    }
}
