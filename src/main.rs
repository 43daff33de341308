//! The `wadispatch-gateway` command: parses the command line (flags, environment, config file)
//! and runs the subcommand: `serve`, `demo`, `sim`, `dead-letters`, `audit`, `keys`,
//! `healthcheck`, or the terminal client's `watch` and `send`.

use wadispatch_gateway::callers::keys;
use wadispatch_gateway::client::{ClientError, Style};
use wadispatch_gateway::config::{
    self, AuditArgs, Cli, Command, DeadLetterArgs, DemoArgs, GatewayArgs, HealthcheckArgs,
    KeysCommand, NewKeyArgs, ObserveArgs, ServeArgs, SimArgs, FD_RESERVE_MIN,
};
use wadispatch_gateway::events::log::{EventLog, JetStreamLog};
use wadispatch_gateway::observe::trace::{self, LogFormat};
use wadispatch_gateway::sim::Simulator;
use wadispatch_gateway::{client, demo, server};

fn main() -> std::process::ExitCode {
    // Before the runtime's threads start: the config file's values become environment variables.
    let cli = match config::parse_cli() {
        Ok(cli) => cli,
        Err(error) => return failed(LogFormat::default(), &error),
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            return failed(
                cli.log_format,
                &format!("cannot start the runtime: {error}"),
            )
        }
    };
    // Logging starts before anything logs; the span exporter's client is made on the runtime.
    let otlp = cli.observe().and_then(ObserveArgs::otlp_settings);
    let telemetry = {
        let _runtime = runtime.enter();
        trace::init(cli.log_format, otlp.as_ref())
    };
    let telemetry = match telemetry {
        Ok(telemetry) => telemetry,
        Err(error) => {
            eprintln!("{error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    // The terminal client speaks to a person: its failures are plain lines, not log records.
    let client = match cli.command {
        Command::Watch(ref args) => Some(runtime.block_on(client::watch::run(args.settings()))),
        Command::Send(ref args) => Some(runtime.block_on(client::send::run(args.settings()))),
        _ => None,
    };
    if let Some(outcome) = client {
        telemetry.shutdown();
        return match outcome {
            Ok(()) => std::process::ExitCode::SUCCESS,
            // The shell's convention for a command ended by SIGINT.
            Err(ClientError::Interrupted) => std::process::ExitCode::from(130),
            Err(ClientError::Failed(why)) => {
                eprintln!("error: {why}");
                std::process::ExitCode::FAILURE
            }
        };
    }
    let outcome = runtime.block_on(run(cli));
    if let Err(error) = &outcome {
        tracing::error!("{error}");
    }
    // The last spans go out while the runtime still drives the exporter's connection.
    telemetry.shutdown();
    match outcome {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(_) => std::process::ExitCode::FAILURE,
    }
}

/// Logs why the gateway could not start, in `format`, when logging could not start yet.
fn failed(format: LogFormat, error: &str) -> std::process::ExitCode {
    let _ = trace::init(format, None);
    tracing::error!("{error}");
    std::process::ExitCode::FAILURE
}

async fn run(cli: Cli) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    match cli.command {
        Command::Serve(args) => serve(args).await,
        Command::Demo(args) => demo(args).await,
        Command::Sim(args) => sim(args).await,
        Command::DeadLetters(args) => dead_letters(args).await,
        Command::Audit(args) => audit(args).await,
        Command::Keys(KeysCommand::New(args)) => new_key(&args),
        Command::Healthcheck(args) => healthcheck(args).await,
        Command::Watch(_) | Command::Send(_) => unreachable!("main runs the client's commands"),
    }
}

/// `healthcheck`: 200 from the endpoint, or a failure that says what it got.
async fn healthcheck(
    args: HealthcheckArgs,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let answer = reqwest::Client::new()
        .get(args.url.clone())
        .timeout(args.timeout)
        .send()
        .await
        .map_err(|e| format!("{}: {e}", args.url))?;
    let status = answer.status();
    let text = answer.text().await.unwrap_or_default();
    if status.is_success() {
        print!("{text}");
        Ok(())
    } else {
        Err(format!("{}: {status}: {}", args.url, text.trim()).into())
    }
}

async fn serve(args: ServeArgs) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let gateway = &args.gateway;
    let admission = server::admission(&gateway.callers.settings(), gateway.grpc_addr)?.ok_or(
        "no callers are configured: give --api-keys FILE (make keys with `wadispatch-gateway \
         keys new NAME --permissions ...`), or --allow-unauthenticated to let anyone who can \
         reach the gRPC port call every RPC",
    )?;
    let mut connections =
        server::connection_limits(|fds| gateway.connections.connections(fds), FD_RESERVE_MIN);
    server::load_tls(&mut connections, &gateway.tls.settings())?;
    let webhooks = server::bind(gateway.webhook_addr).await?;
    let grpc = server::bind(gateway.grpc_addr).await?;
    tracing::info!(
        grpc = %gateway.grpc_addr,
        grpc_tls = connections.grpc_tls.is_some(),
        webhooks = %gateway.webhook_addr,
        webhook_tls = connections.webhook_tls.is_some(),
        data_dir = %gateway.data_dir.display(),
        metrics = ?gateway.observe.metrics_addr,
        upstream = %args.upstream.upstream_url,
        "serving"
    );
    let metrics = match gateway.observe.metrics_addr {
        Some(addr) => Some(server::bind_metrics(addr).await?),
        None => None,
    };
    let dashboard = match gateway.dashboard.dashboard_addr {
        Some(addr) => Some(server::DashboardListener {
            listener: server::bind(addr).await?,
            settings: gateway.dashboard.settings(),
        }),
        None => None,
    };
    let events = open_events(gateway).await?;
    let grpc_settings = server::GrpcSettings {
        request_ids: gateway.events.request_id_settings(),
        ..args.upstream.grpc_settings()
    };
    server::run_gateway(
        grpc,
        webhooks,
        events,
        &grpc_settings,
        webhook_settings(gateway, args.upstream.platform_utc_offset),
        admission,
        connections,
        metrics,
        dashboard,
        args.shutdown_grace,
    )
    .await?;
    tracing::info!("stopped");
    Ok(())
}

async fn demo(mut args: DemoArgs) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let gateway = &args.gateway;
    let tls = gateway.tls.settings();
    if tls.webhooks.is_some() {
        return Err("the demo's simulator posts its webhooks over plain HTTP: \
                    --webhook-tls-cert is for `serve`"
            .into());
    }
    let mut connections =
        server::connection_limits(|fds| gateway.connections.connections(fds), FD_RESERVE_MIN);
    server::load_tls(&mut connections, &tls)?;
    let webhooks = demo::bind_or_any(gateway.webhook_addr).await?;
    let webhook_addr = webhooks.local_addr()?;
    // The simulator pushes its webhooks to the gateway's own listener.
    let prefix = gateway
        .events
        .webhook_prefix
        .trim_end_matches('/')
        .to_owned();
    args.sim
        .webhook_url
        .get_or_insert_with(|| format!("http://{webhook_addr}{prefix}"));
    let simulator = Simulator::start(
        demo::bind_or_any(args.sim.listen).await?,
        &args.sim.settings(),
    )?;
    let grpc = demo::bind_or_any(gateway.grpc_addr).await?;
    let grpc_addr = grpc.local_addr()?;
    let metrics = match gateway.observe.metrics_addr {
        Some(addr) => server::bind_metrics(addr).await?,
        None => demo::bind_or_any(demo::METRICS_ADDR.parse()?).await?,
    };
    let metrics_addr = metrics.local_addr()?;
    let dashboard = demo::bind_or_any(
        gateway
            .dashboard
            .dashboard_addr
            .unwrap_or(demo::DASHBOARD_ADDR.parse()?),
    )
    .await?;
    let dashboard_addr = dashboard.local_addr()?;
    let grpc_settings = server::GrpcSettings {
        request_ids: gateway.events.request_id_settings(),
        ..demo::grpc_settings(simulator.addr, args.sim.utc_offset)?
    };
    // Zero configuration, but not open: a fresh key for this run unless the callers were given.
    let (admission, key) = match server::admission(&gateway.callers.settings(), grpc_addr)? {
        Some(admission) => (admission, None),
        None => {
            let (admission, key) = demo::key(&gateway.data_dir)?;
            (admission, Some(key))
        }
    };
    let guide = demo::guide(
        grpc_addr,
        simulator.addr,
        webhook_addr,
        metrics_addr,
        &gateway.data_dir,
        key.as_deref(),
        &tls,
        Some(&demo::dashboard_url(dashboard_addr, &tls, key.as_deref())),
    );
    let campaign = if args.no_campaign {
        None
    } else {
        // The address is the listener's own; `campaign_connection` sets it.
        let given = args.client.connect_settings(client::GatewayAddr {
            authority: grpc_addr.to_string(),
            https: None,
        });
        Some(demo::campaign_connection(
            grpc_addr,
            &tls,
            key.as_deref(),
            gateway.callers.allow_unauthenticated,
            given,
        ))
    };
    let style = Style::of(client::Output::Text, args.headless);
    let events = open_events(gateway).await?;
    let serving = server::run_gateway(
        grpc,
        webhooks,
        events,
        &grpc_settings,
        webhook_settings(gateway, args.sim.utc_offset),
        admission,
        connections,
        Some(metrics),
        Some(server::DashboardListener {
            listener: dashboard,
            settings: gateway.dashboard.settings(),
        }),
        demo::SHUTDOWN_GRACE,
    );
    tokio::pin!(serving);
    // The campaign calls the gateway that `serving` runs; both go on together until it is over
    // (or the demo is stopped), then the gateway keeps serving under the guide.
    let show = async {
        match campaign {
            None => {}
            Some(Err(why)) => println!("\nNo campaign: {why}."),
            Some(Ok(connect)) => {
                if let Err(why) = demo::campaign(&connect, style).await {
                    println!("The demo's campaign failed: {why}");
                }
            }
        }
        println!("{guide}");
    };
    tokio::select! {
        outcome = &mut serving => return outcome,
        () = show => {}
    }
    serving.await
}

async fn sim(args: SimArgs) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let listener = server::bind(args.listen).await?;
    let simulator = Simulator::start(listener, &args.settings())?;
    tracing::info!(listen = %simulator.addr, webhooks = ?args.webhook_url, "platform simulator running");
    server::shutdown_signal().await;
    Ok(())
}

/// The durable event log `gateway` names (its data directory, or NATS), with its fan-out.
async fn open_events(
    gateway: &GatewayArgs,
) -> Result<
    std::sync::Arc<wadispatch_gateway::events::Events>,
    Box<dyn std::error::Error + Send + Sync>,
> {
    server::open_events(
        &gateway.data_dir,
        gateway.store.nats_settings(),
        gateway.events.log_settings(),
        gateway.events.heartbeat,
    )
    .await
}

/// The webhook listener's settings; the platform's times are at `utc_offset`.
fn webhook_settings(
    gateway: &GatewayArgs,
    utc_offset: chrono::FixedOffset,
) -> wadispatch_gateway::webhook::ListenerSettings {
    gateway
        .events
        .listener_settings(gateway.webhook_auth.settings(), utc_offset)
}

async fn dead_letters(
    args: DeadLetterArgs,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let letters = match args.store.nats_settings() {
        None => wadispatch_gateway::events::log::read_dead_letters(&args.data_dir, args.limit)?,
        Some(nats) => {
            JetStreamLog::open_existing(nats)
                .await?
                .dead_letters(args.limit)
                .await?
        }
    };
    for letter in letters {
        println!("{}", letter.to_json());
    }
    Ok(())
}

async fn audit(args: AuditArgs) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
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
    let Some(nats) = args.store.nats_settings() else {
        audit::read_records::<Box<dyn std::error::Error + Send + Sync>>(
            &args.data_dir,
            &query,
            |record| Ok(writeln!(out, "{}", record.to_json())?),
        )?;
        out.flush()?;
        return Ok(());
    };
    // Page through the shared store as ListAuditRecords does.
    let log = JetStreamLog::open_existing(nats).await?;
    let mut query = query;
    let mut left = args.limit.unwrap_or(usize::MAX);
    while left > 0 {
        query.limit = AUDIT_PAGE.min(left);
        let page = log.audit_records(query.clone()).await?;
        let Some(last) = page.last().map(|record| record.id) else {
            break;
        };
        for record in &page {
            writeln!(out, "{}", record.to_json())?;
        }
        left = left.saturating_sub(page.len());
        query.after_id = last;
    }
    out.flush()?;
    Ok(())
}

/// Audit records read per request from a shared store.
const AUDIT_PAGE: usize = 1000;

/// `keys new`: a new key, once, and its key-file entry.
fn new_key(args: &NewKeyArgs) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let (key, entry) = keys::new_entry(&args.name, &args.permissions, &args.limits())?;
    eprintln!(
        "The key for {:?} is printed below, once: give it to the caller (it sends \
         `authorization: Bearer <key>`). Append the entry after it to the key file; it holds only \
         the key's digest.\n",
        args.name
    );
    println!("{key}\n\n{entry}");
    Ok(())
}
