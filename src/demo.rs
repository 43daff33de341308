//! `demo`: the gateway in front of the simulator on loopback, with no configuration. What the
//! demo adds to a plain `serve`: the settings of its platform (the simulator), a fresh key unless
//! callers were given, a fallback to a free port, a campaign sent through its own gRPC API as a
//! client would (`client/`) and shown live, and the guide it prints.

use std::time::Duration;

use crate::callers::authenticate::Admission;
use crate::callers::keys::{self, KeyRing};
use crate::client::{self, ConnectSettings, Connection, GatewayAddr, Style};
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
            ca_file: None,
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

/// The same for the terminal client's flags (after `--gateway ADDR`).
pub fn client_connect(tls: &TlsSettings) -> &'static str {
    match &tls.grpc {
        None => "",
        Some(files) if files.client_ca.is_some() => {
            " --ca-cert CA.pem --client-cert CLIENT.pem --client-key CLIENT-KEY.pem"
        }
        Some(_) => " --ca-cert CA.pem",
    }
}

/// Where the demo serves its metrics unless `--metrics-addr` says otherwise: the port
/// OpenTelemetry's Prometheus exporters use.
pub const METRICS_ADDR: &str = "127.0.0.1:9464";

/// Recipients of the demo's campaign: a few hundred, so that at the demo's speed (0.1) its bars
/// move for about twenty seconds, and at the simulator's default rates some fifteen fail and
/// some ninety reply.
pub const CAMPAIGN_RECIPIENTS: usize = 300;
/// The demo campaign's message.
pub const CAMPAIGN_TEXT: &str = "Hello from the wadispatch demo: reply to say hi!";

/// How the demo's campaign reaches the demo's own gRPC listener at `grpc`, as any client
/// would: with the demo's key (`demo_key`) or, when the callers were given (--api-keys), the
/// one in `given`; over TLS when the listener has it, trusting `given`'s CA. Err says why the
/// campaign cannot run.
pub fn campaign_connection(
    grpc: std::net::SocketAddr,
    tls: &TlsSettings,
    demo_key: Option<&str>,
    allow_unauthenticated: bool,
    mut given: ConnectSettings,
) -> Result<ConnectSettings, String> {
    // A listener on every address is reached on loopback.
    let ip = match grpc.ip() {
        ip if ip.is_unspecified() && ip.is_ipv4() => std::net::Ipv4Addr::LOCALHOST.into(),
        ip if ip.is_unspecified() => std::net::Ipv6Addr::LOCALHOST.into(),
        ip => ip,
    };
    given.gateway = GatewayAddr {
        authority: std::net::SocketAddr::new(ip, grpc.port()).to_string(),
        https: Some(tls.grpc.is_some()),
    };
    if let Some(key) = demo_key {
        given.key = Some(key.to_owned());
    } else if given.key.is_none() && !allow_unauthenticated {
        return Err(
            "the callers come from --api-keys: give the campaign one of their keys \
                    with --key (or WADISPATCH_KEY)"
                .into(),
        );
    }
    match &tls.grpc {
        None => {
            given.ca_cert = None;
            given.client_identity = None;
        }
        Some(_) if given.ca_cert.is_none() => {
            return Err(
                "the gRPC listener speaks TLS: give the campaign the CA that signed \
                        --tls-cert with --ca-cert (or WADISPATCH_CA_CERT)"
                    .into(),
            )
        }
        Some(files) if files.client_ca.is_some() && given.client_identity.is_none() => {
            if files.client_auth == crate::listen::ClientAuth::Required {
                return Err("the gRPC listener asks for client certificates: give the \
                            campaign one with --client-cert and --client-key"
                    .into());
            }
        }
        Some(_) => {}
    }
    Ok(given)
}

/// The demo's campaign: `CAMPAIGN_RECIPIENTS` recipients sent one message through the gateway
/// (`send`'s path: checked, created with a request id, the simulator picking the senders), then
/// shown live until its tasks are completed. New on every run: its request ids carry a random
/// salt, so a demo restarted on the same data directory does not get the last run's answer.
pub async fn campaign(connect: &ConnectSettings, style: Style) -> Result<(), String> {
    let connection = Connection::open(connect)?;
    let recipients: Vec<String> = (1..=CAMPAIGN_RECIPIENTS)
        .map(|i| format!("86153{i:08}"))
        .collect();
    let mut campaign = client::send::Campaign::new(
        recipients,
        CAMPAIGN_TEXT.to_owned(),
        &[],
        Some("demo campaign".to_owned()),
    )
    .map_err(|problems| problems.join("; "))?;
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| format!("no randomness from the OS: {e}"))?;
    campaign.salt = salt.iter().map(|b| format!("{b:02x}")).collect();
    println!(
        "\nThe demo's campaign: {CAMPAIGN_RECIPIENTS} recipients, one message, sent through the \
         gateway's gRPC API (what `wadispatch-gateway send` does):"
    );
    let created = client::send::create(&connection, &campaign, style)
        .await
        .map_err(|e| e.to_string())?;
    let ids: Vec<String> = created.into_iter().map(|c| c.task_id).collect();
    // Ctrl-C is the demo's: it stops the gateway, and with it this campaign's view.
    client::watch::campaign(&connection, &ids, style, false)
        .await
        .map_err(|e| e.to_string())?;
    Ok(())
}

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

/// What a new user does next, printed by `demo`; `tls` decides grpcurl's and the client's
/// connection flags, `dashboard` is the dashboard's URL (with the key in its fragment) when it
/// is served.
#[allow(clippy::too_many_arguments)]
pub fn guide(
    grpc: std::net::SocketAddr,
    sim: std::net::SocketAddr,
    webhooks: std::net::SocketAddr,
    metrics: std::net::SocketAddr,
    data_dir: &std::path::Path,
    key: Option<&str>,
    tls: &TlsSettings,
    dashboard: Option<&str>,
) -> String {
    let connect = grpcurl_connect(tls);
    // The command as it was run, so the lines can be pasted as they are.
    let program = std::env::args()
        .next()
        .unwrap_or_else(|| "wadispatch-gateway".to_owned());
    let flags = format!("--gateway {grpc}{}", client_connect(tls));
    let dashboard_line = dashboard.map_or_else(String::new, |url| {
        format!("  dashboard           {url}   (live view of campaigns, accounts, dead letters)\n")
    });
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
{dashboard_line}{key_line}
  # the terminal client: every task live, then one campaign from a CSV file
  {program} watch tasks {flags}
  {program} send {flags} --targets recipients.csv --text "Hello"

  # what the gateway offers
  {grpcurl} {grpc} list

  # watch every task: a message per status change and reply, each with a resumable cursor
  {grpcurl} -d '{{}}' {grpc} wadispatch.v1.TaskService/WatchTask

  # create a task sending one message to 100 recipients (the simulator picks the senders)
  {grpcurl} -d '{{"options": {{"name": "demo", "target_type": "TARGET_TYPE_INDIVIDUAL"}},
    "targets": [{targets}],
    "contents": [{{"text": {{"text": "Hello from the wadispatch demo"}}}}]}}' {grpc} wadispatch.v1.TaskService/CreateUnassignedTask

  # its status and every recipient's, ten seconds later (--speed 0.1): TASK_STATUS_COMPLETED
  {grpcurl} -d '{{"task_id": "TASK_ID"}}' {grpc} wadispatch.v1.TaskService/GetTaskExecutionStatus

  # one task from the start of the log to its end: the snapshot, every event, then the stream ends
  {grpcurl} -d '{{"task_id": "TASK_ID", "after_cursor": "0", "end_when_final": true}}' \
    {grpc} wadispatch.v1.TaskService/WatchTask

  # the simulator's accounts
  {grpcurl} {grpc} wadispatch.v1.AccountService/ListAccounts

  # who you are, what you may do, and what your limits leave
  {grpcurl} {grpc} wadispatch.v1.CallerService/GetCaller

Ctrl-C stops the demo."#,
        targets = targets.join(", "),
        data_dir = data_dir.display(),
        dashboard_line = dashboard_line,
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
