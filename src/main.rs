use clap::Parser;
use std::time::Duration;
use tracing_subscriber::EnvFilter;

use wadispatch_gateway::callers::authenticate::Admission;
use wadispatch_gateway::callers::keys::{self, KeyRing};
use wadispatch_gateway::config::{
    AuditArgs, CallerArgs, Cli, Command, DeadLetterArgs, DemoArgs, GatewayArgs, KeysCommand,
    NewKeyArgs, ServeArgs, UpstreamArgs,
};
use wadispatch_gateway::server;
use wadispatch_gateway::sim::{SimArgs, Simulator};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .init();
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Serve(args) => serve(args).await,
        Command::Demo(args) => demo(args).await,
        Command::Sim(args) => sim(args).await,
        Command::DeadLetters(args) => dead_letters(args),
        Command::Audit(args) => audit(args),
        Command::Keys(KeysCommand::New(args)) => new_key(&args),
    };
    match outcome {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!("{error}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn serve(args: ServeArgs) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let admission = admission(&args.gateway.callers, args.gateway.grpc_addr)?.ok_or(
        "no callers are configured: give --api-keys FILE (make keys with `wadispatch-gateway \
         keys new NAME --permissions ...`), or --allow-unauthenticated to let anyone who can \
         reach the gRPC port call every RPC",
    )?;
    let mut connections = connection_limits(&args.gateway);
    server::load_tls(&mut connections, &args.gateway.tls)?;
    let webhooks = bind(args.gateway.webhook_addr).await?;
    let grpc = bind(args.gateway.grpc_addr).await?;
    tracing::info!(
        grpc = %args.gateway.grpc_addr,
        grpc_tls = connections.grpc_tls.is_some(),
        webhooks = %args.gateway.webhook_addr,
        webhook_tls = connections.webhook_tls.is_some(),
        data_dir = %args.gateway.data_dir.display(),
        upstream = %args.upstream.upstream_url,
        "serving"
    );
    run_gateway(
        grpc,
        webhooks,
        &args.gateway,
        &args.upstream,
        admission,
        connections,
        args.shutdown_grace,
    )
    .await?;
    tracing::info!("stopped");
    Ok(())
}

/// Raises the descriptor limit as far as allowed, and derives the connection caps from it.
fn connection_limits(gateway: &GatewayArgs) -> server::Connections {
    let fds = wadispatch_gateway::listen::raise_fd_limit();
    let connections = gateway.connections.connections(fds.soft);
    let caps = connections.grpc.max_connections + connections.webhooks.max_connections;
    tracing::info!(
        fd_limit = fds.soft,
        fd_limit_was = fds.was,
        fd_limit_hard = fds.hard,
        grpc_max_connections = connections.grpc.max_connections,
        webhook_max_connections = connections.webhooks.max_connections,
        fds_left = fds.soft.saturating_sub(caps as u64),
        "descriptor limit and connection caps"
    );
    if (caps as u64).saturating_add(wadispatch_gateway::config::FD_RESERVE_MIN) > fds.soft {
        tracing::warn!(
            fd_limit = fds.soft,
            caps,
            "the connection caps leave fewer than {} descriptors for the event log and the \
             platform pool: raise the descriptor limit or lower the caps",
            wadispatch_gateway::config::FD_RESERVE_MIN
        );
    }
    connections
}

/// Runs the webhook listener and the gRPC server over one event log until Ctrl-C or SIGTERM.
async fn run_gateway(
    grpc: tokio::net::TcpListener,
    webhooks: tokio::net::TcpListener,
    gateway: &GatewayArgs,
    upstream: &UpstreamArgs,
    admission: Admission,
    connections: server::Connections,
    grace: Duration,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let events = server::open_events(&gateway.data_dir, &gateway.events)?;
    let stop = Stop::on_signal();
    let listener = tokio::spawn(server::serve_webhooks(
        webhooks,
        events.clone(),
        gateway.events.clone(),
        gateway.webhook_auth.clone(),
        upstream.platform_utc_offset,
        connections.clone(),
        stop.wait(),
        grace,
    ));
    server::serve_grpc(
        grpc,
        upstream,
        events,
        admission,
        connections,
        stop.wait(),
        grace,
    )
    .await?;
    finish(listener, grace).await;
    Ok(())
}

async fn sim(args: SimArgs) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let listener = bind(args.listen).await?;
    let simulator = Simulator::start(listener, &args)?;
    tracing::info!(listen = %simulator.addr, webhooks = ?args.webhook_url, "platform simulator running");
    shutdown_signal().await;
    Ok(())
}

fn dead_letters(args: DeadLetterArgs) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    for letter in wadispatch_gateway::events::log::read_dead_letters(&args.data_dir, args.limit)? {
        let received =
            chrono::DateTime::from_timestamp_millis(letter.received_ms).unwrap_or_default();
        let line = serde_json::json!({
            "id": letter.id,
            "received_time": received.to_rfc3339(),
            "path": letter.path,
            "content_type": letter.content_type,
            "reason": letter.reason,
            "body": String::from_utf8_lossy(&letter.body),
            // `body` holds only the first bytes of a longer body when truncated.
            "truncated": letter.truncated(),
            "original_len": letter.original_len,
        });
        println!("{line}");
    }
    Ok(())
}

fn audit(args: AuditArgs) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    use std::io::Write;
    use wadispatch_gateway::events::audit::{self, AuditQuery};
    if args.limit == Some(0) {
        return Ok(());
    }
    let query = AuditQuery {
        after_id: 0,
        since_ms: args.since_ms,
        caller: args.key,
        limit: args.limit.unwrap_or(0),
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    audit::read_records::<Box<dyn std::error::Error + Send + Sync>>(
        &args.data_dir,
        &query,
        |record| Ok(writeln!(out, "{}", record.to_json())?),
    )?;
    out.flush()?;
    Ok(())
}

/// Who may call, from the settings: the key file's callers, everyone, or (`None`) nobody said.
fn admission(
    settings: &CallerArgs,
    grpc_addr: std::net::SocketAddr,
) -> Result<Option<Admission>, String> {
    if let Some(path) = &settings.api_keys {
        let ring = KeyRing::open(path)?;
        if ring.keys().is_empty() {
            tracing::warn!(file = %path.display(), "the key file names no caller: every call is refused");
        }
        tracing::info!(file = %path.display(), keys = ring.keys().len(), "API keys loaded");
        ring.watch(settings.api_keys_reload_interval)
            .map_err(|e| format!("cannot listen for SIGHUP to reload the key file: {e}"))?;
        return Ok(Some(Admission::Keys(ring)));
    }
    if !settings.allow_unauthenticated {
        return Ok(None);
    }
    if grpc_addr.ip().is_loopback() {
        tracing::warn!("running without API keys (--allow-unauthenticated): every local caller may call every RPC");
    } else {
        tracing::warn!(
            %grpc_addr,
            "THE GRPC API IS REACHABLE BEYOND LOOPBACK WITH NO AUTHENTICATION \
             (--allow-unauthenticated): anyone who can reach it can send messages in your \
             name. Give --api-keys instead."
        );
    }
    Ok(Some(Admission::Everyone))
}

/// `keys new`: a new key, once, and its key-file entry.
fn new_key(args: &NewKeyArgs) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let (key, entry) = keys::new_entry(
        &args.name,
        &args.permissions,
        &keys::KeyLimits {
            calls_per_second: Some(args.calls_per_second).filter(|r| *r > 0.0),
            call_burst: Some(args.call_burst).filter(|_| args.calls_per_second > 0.0),
            recipients_per_hour: Some(args.recipients_per_hour).filter(|n| *n > 0),
            recipients_per_day: Some(args.recipients_per_day).filter(|n| *n > 0),
            unknown_recipients: keys::DEFAULT_UNKNOWN_RECIPIENTS,
        },
    )?;
    eprintln!(
        "The key for {:?} is printed below, once: give it to the caller (it sends \
         `authorization: Bearer <key>`). Append the entry after it to the key file; it holds only \
         the key's digest.\n",
        args.name
    );
    println!("{key}\n\n{entry}");
    Ok(())
}

/// Grace of a demo's shutdown: nothing in it needs to drain.
const DEMO_SHUTDOWN_GRACE: Duration = Duration::from_secs(1);

async fn demo(mut args: DemoArgs) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    if args.gateway.tls.webhooks().is_some() {
        return Err("the demo's simulator posts its webhooks over plain HTTP: \
                    --webhook-tls-cert is for `serve`"
            .into());
    }
    let mut connections = connection_limits(&args.gateway);
    server::load_tls(&mut connections, &args.gateway.tls)?;
    let webhooks = bind_or_any(args.gateway.webhook_addr).await?;
    let webhook_addr = webhooks.local_addr()?;
    // The simulator pushes its webhooks to the gateway's own listener.
    let prefix = args
        .gateway
        .events
        .webhook_prefix
        .trim_end_matches('/')
        .to_owned();
    args.sim
        .webhook_url
        .get_or_insert_with(|| format!("http://{webhook_addr}{prefix}"));
    let simulator = Simulator::start(bind_or_any(args.sim.listen).await?, &args.sim)?;
    let grpc = bind_or_any(args.gateway.grpc_addr).await?;
    let grpc_addr = grpc.local_addr()?;
    let upstream = UpstreamArgs {
        upstream_url: format!("http://{}", simulator.addr).parse()?,
        upstream_headers: Vec::new(),
        tenant_id: Some(DEMO_TENANT_ID),
        upstream_timeout: Duration::from_secs(30),
        upstream_attempts: 3,
        platform_utc_offset: args.sim.utc_offset,
        health_interval: Duration::from_secs(10),
        limits: Default::default(),
        watch: Default::default(),
    };
    // Zero configuration, but not open: a fresh key for this run unless the callers were given.
    let (admission, key) = match admission(&args.gateway.callers, grpc_addr)? {
        Some(admission) => (admission, None),
        None => {
            let (admission, key) = demo_key(&args.gateway.data_dir)?;
            (admission, Some(key))
        }
    };
    println!(
        "{}",
        demo_guide(
            grpc_addr,
            simulator.addr,
            webhook_addr,
            &args.gateway.data_dir,
            key.as_deref(),
            &grpcurl_connect(&args.gateway.tls),
        )
    );
    run_gateway(
        grpc,
        webhooks,
        &args.gateway,
        &upstream,
        admission,
        connections,
        DEMO_SHUTDOWN_GRACE,
    )
    .await
}

/// Name of the demo's key file in its data directory, written anew by every demo run.
const DEMO_KEY_FILE: &str = "demo-keys.toml";

/// A new key with every permission, in a key file of its own in the demo's data directory.
fn demo_key(
    data_dir: &std::path::Path,
) -> Result<(Admission, String), Box<dyn std::error::Error + Send + Sync>> {
    std::fs::create_dir_all(data_dir)?;
    let (key, entry) = keys::new_entry("demo", &["*"], &keys::KeyLimits::default())?;
    let path = data_dir.join(DEMO_KEY_FILE);
    std::fs::write(
        &path,
        format!("# Written by `wadispatch-gateway demo` for this run.\n{entry}"),
    )?;
    Ok((Admission::Keys(KeyRing::open(&path)?), key))
}

/// One shutdown signal, awaited by several servers.
struct Stop(tokio::sync::watch::Receiver<bool>);

impl Stop {
    fn on_signal() -> Self {
        let (stop, stopped) = tokio::sync::watch::channel(false);
        tokio::spawn(async move {
            shutdown_signal().await;
            let _ = stop.send(true);
        });
        Self(stopped)
    }

    fn wait(&self) -> impl std::future::Future<Output = ()> + Send + 'static {
        let mut stopped = self.0.clone();
        async move {
            let _ = stopped.wait_for(|stop| *stop).await;
        }
    }
}

/// Waits for the webhook listener to drain, at most `grace`.
async fn finish(listener: tokio::task::JoinHandle<std::io::Result<()>>, grace: Duration) {
    match tokio::time::timeout(grace, listener).await {
        Ok(Ok(Ok(()))) => {}
        Ok(Ok(Err(error))) => tracing::error!("webhook listener failed: {error}"),
        Ok(Err(error)) => tracing::error!("webhook listener panicked: {error}"),
        Err(_) => tracing::warn!("webhook listener did not drain within the shutdown grace"),
    }
}

/// Company id the demo sends with wake-up calls (the documents' example id).
const DEMO_TENANT_ID: i64 = 500766;

/// How grpcurl connects to the demo's gRPC listener: in clear, or trusting the CA that signed
/// --tls-cert (and with a client certificate under --tls-client-ca).
fn grpcurl_connect(tls: &wadispatch_gateway::config::TlsArgs) -> String {
    match tls.grpc() {
        None => "-plaintext".to_owned(),
        Some(files) if files.client_ca.is_some() => {
            "-cacert CA.pem -cert CLIENT.pem -key CLIENT-KEY.pem".to_owned()
        }
        Some(_) => "-cacert CA.pem".to_owned(),
    }
}

/// What a new user does next, printed by `demo`; `connect` is grpcurl's connection flags.
fn demo_guide(
    grpc: std::net::SocketAddr,
    sim: std::net::SocketAddr,
    webhooks: std::net::SocketAddr,
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
async fn bind_or_any(addr: std::net::SocketAddr) -> Result<tokio::net::TcpListener, String> {
    match tokio::net::TcpListener::bind(addr).await {
        Err(error) if error.kind() == std::io::ErrorKind::AddrInUse => {
            tracing::warn!("{addr} is in use; the demo takes a free port instead");
            bind(std::net::SocketAddr::new(addr.ip(), 0)).await
        }
        other => other.map_err(|e| format!("cannot listen on {addr}: {e}")),
    }
}

async fn bind(addr: std::net::SocketAddr) -> Result<tokio::net::TcpListener, String> {
    tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))
}

/// Completes on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!("cannot listen for Ctrl-C: {error}");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!("cannot listen for SIGTERM: {error}");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
    tracing::info!("shutting down: finishing in-flight calls");
}
