//! Assembles the gRPC server: the six platform services, gRPC reflection (v1 and v1alpha, so
//! both current and older grpcurl work), `grpc.health.v1` as liveness and readiness (probes of
//! the platform and of the event store), gRPC-Web beside gRPC, and graceful shutdown; the webhook listener; and the
//! metrics endpoint. All are served by `listen`, which holds their connections within caps and
//! timeouts, over TLS when configured (`load_tls`).

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tonic_health::pb::health_server::HealthServer;
use tonic_health::server::HealthService;

use crate::callers::authenticate::{Admission, Authenticate};
use crate::callers::guard::Guard;
use crate::callers::{CallerSettings, KeyRing};
use crate::convert::WireContext;
use crate::dashboard::DashboardSettings;
use crate::events::log::{EventLog, JetStreamLog, LogSettings, NatsSettings, SqliteLog};
use crate::events::Events;
use crate::grpc::watch::WatchSettings;
use crate::grpc::{self, Gateway};
use crate::listen::grpc_web::{grpc_web, GrpcWebSettings};
use crate::listen::message_limit::MessageLimit;
use crate::listen::{self, Application, ListenSettings, PlainTcp, TlsAcceptor, TlsSettings};
use crate::observe::endpoint::{self, Sample};
use crate::observe::health::Health;
use crate::proto::v1::{
    account_service_server::AccountServiceServer, audience_service_server::AudienceServiceServer,
    caller_service_server::CallerServiceServer, cloud_port_service_server::CloudPortServiceServer,
    conversation_service_server::ConversationServiceServer,
    scan_task_service_server::ScanTaskServiceServer, task_service_server::TaskServiceServer,
};
use crate::proto::FILE_DESCRIPTOR_SET;
use crate::upstream::{Upstream, UpstreamSettings};
use crate::webhook::ListenerSettings;
use crate::wire::time::PlatformClock;

/// Fully qualified names of the platform services, as health checks name them.
pub const SERVICE_NAMES: [&str; 7] = [
    "wadispatch.v1.TaskService",
    "wadispatch.v1.AudienceService",
    "wadispatch.v1.AccountService",
    "wadispatch.v1.ConversationService",
    "wadispatch.v1.CloudPortService",
    "wadispatch.v1.ScanTaskService",
    "wadispatch.v1.CallerService",
];

/// Upper bound of one health probe of the platform.
const PROBE_TIMEOUT: Duration = Duration::from_secs(5);
/// Connections the metrics endpoint holds at most: a few scrapers and probes.
const METRICS_MAX_CONNECTIONS: usize = 64;
/// Connections the dashboard holds at most: a page keeps two event streams and a few requests.
const DASHBOARD_MAX_CONNECTIONS: usize = 256;

/// Where the live dashboard is served, and how.
#[derive(Debug)]
pub struct DashboardListener {
    /// Its listener.
    pub listener: TcpListener,
    /// Its backlog and stream bound.
    pub settings: DashboardSettings,
}

/// What operators see of a gateway: its health, published by the gRPC health service and by
/// `/healthz` and `/readyz` on the webhook and metrics ports, and the metrics endpoint's listener
/// if metrics are on.
#[derive(Debug)]
pub struct Observability {
    /// Liveness and readiness, set by the probes.
    pub health: Health,
    service: HealthServer<HealthService>,
    /// Where `/metrics` is served; None: metrics are not served.
    pub metrics: Option<TcpListener>,
    /// Where the dashboard is served; None: it is not.
    pub dashboard: Option<DashboardListener>,
}

impl Observability {
    /// Health not ready until the probes report, the metrics endpoint on `metrics` and the
    /// dashboard on `dashboard` if given.
    pub async fn new(metrics: Option<TcpListener>, dashboard: Option<DashboardListener>) -> Self {
        let reporter = tonic_health::server::HealthReporter::new();
        let service = HealthServer::new(HealthService::from_health_reporter(reporter.clone()));
        Self {
            health: Health::new(reporter, &SERVICE_NAMES).await,
            service,
            metrics,
            dashboard,
        }
    }
}

/// What the gRPC API needs besides its listener (built from the flags by `config::UpstreamArgs`).
#[derive(Debug, Clone)]
pub struct GrpcSettings {
    /// The platform client.
    pub upstream: UpstreamSettings,
    /// Company (tenant) id sent as `tenantId` with the wake-up calls.
    pub tenant_id: Option<i64>,
    /// UTC offset of the platform's `YYYY-MM-DD HH:MM:SS` times.
    pub platform_utc_offset: chrono::FixedOffset,
    /// How often the health check probes the platform.
    pub health_interval: Duration,
    /// How the watch streams share task snapshots, and how much per-task state each keeps.
    pub watch: WatchSettings,
    /// Which metadata may identify a state-changing call for safe retries.
    pub request_ids: grpc::idempotency::RequestIdSettings,
    /// Most state-changing calls one caller may have under way.
    pub max_calls_per_caller: usize,
}

/// How both listeners hold their connections (see `config::ConnectionArgs`).
#[derive(Debug, Clone)]
pub struct Connections {
    /// Connection limits of the gRPC listener.
    pub grpc: ListenSettings,
    /// Connection limits of the webhook listener.
    pub webhooks: ListenSettings,
    /// Largest gRPC request message, in bytes.
    pub grpc_max_request_bytes: usize,
    /// Which browser pages may call the gRPC listener over gRPC-Web.
    pub grpc_web: GrpcWebSettings,
    /// TLS of the gRPC listener; none: plaintext.
    pub grpc_tls: Option<TlsAcceptor>,
    /// TLS of the webhook listener; none: plaintext.
    pub webhook_tls: Option<TlsAcceptor>,
}

/// Raises the descriptor limit as far as allowed, derives the connection caps from it with
/// `caps_within` (given the soft limit), and warns when they leave fewer than `reserve`
/// descriptors for everything else.
pub fn connection_limits(
    caps_within: impl FnOnce(u64) -> Connections,
    reserve: u64,
) -> Connections {
    let fds = listen::raise_fd_limit();
    let connections = caps_within(fds.soft);
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
    if (caps as u64).saturating_add(reserve) > fds.soft {
        tracing::warn!(
            fd_limit = fds.soft,
            caps,
            "the connection caps leave fewer than {reserve} descriptors for the event log and \
             the platform pool: raise the descriptor limit or lower the caps"
        );
    }
    connections
}

/// Loads the TLS files of both listeners into `connections` (a bad file fails the start, naming
/// it) and starts their reloaders: every `tls.reload_interval` and on SIGHUP.
pub fn load_tls(
    connections: &mut Connections,
    tls: &TlsSettings,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let listeners = [
        (
            &mut connections.grpc_tls,
            &connections.grpc,
            tls.grpc.clone(),
        ),
        (
            &mut connections.webhook_tls,
            &connections.webhooks,
            tls.webhooks.clone(),
        ),
    ];
    for (acceptor, settings, files) in listeners {
        *acceptor = match files {
            Some(files) => {
                let loaded = TlsAcceptor::load(settings.name, files, &settings.protocol)?;
                loaded
                    .spawn_reloader(tls.reload_interval)
                    .map_err(|e| format!("cannot listen for SIGHUP (TLS reloads): {e}"))?;
                Some(loaded)
            }
            None => None,
        };
    }
    Ok(())
}

/// Serves `app` on `listener` over TLS when `tls` is given, else over plain TCP.
async fn serve_listener<S: Application>(
    listener: TcpListener,
    settings: ListenSettings,
    tls: Option<TlsAcceptor>,
    app: S,
    shutdown: impl Future<Output = ()>,
    grace: Duration,
) {
    match tls {
        Some(tls) => listen::serve(listener, settings, tls, app, shutdown, grace).await,
        None => listen::serve(listener, settings, PlainTcp, app, shutdown, grace).await,
    }
}

/// Serves the gRPC API on `listener` until `shutdown` completes, then lets in-flight calls
/// finish for at most `grace`: a client that keeps its connection open cannot hold the process.
/// `admission` says who may call.
#[allow(clippy::too_many_arguments)]
pub async fn serve_grpc(
    listener: TcpListener,
    settings: &GrpcSettings,
    events: Arc<Events>,
    admission: Admission,
    connections: Connections,
    observability: Observability,
    shutdown: impl Future<Output = ()> + Send,
    grace: Duration,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let addr = listener.local_addr()?;
    if !addr.ip().is_loopback() && connections.grpc_tls.is_none() {
        tracing::warn!(
            %addr,
            "THE gRPC LISTENER IS REACHABLE BEYOND LOOPBACK WITHOUT TLS: callers' keys and \
             messages cross the network in clear. Set --tls-cert and --tls-key."
        );
    }
    let upstream = Upstream::new(&settings.upstream)?;
    let guard = Arc::new(Guard::new());
    // Other replicas' charges are followed from before the trail is read: one made in between
    // is counted twice (refusing a little early), never missed.
    if let Some(mut remote) = events.log.remote_charges().await? {
        let guard = guard.clone();
        tokio::spawn(async move {
            while let Some(charge) = remote.recv().await {
                guard.apply_remote(&charge.caller, charge.minute_ms, charge.charged);
            }
        });
    }
    // The recipient ceilings count what the audit trail says was charged in the last day.
    let now_ms = chrono::Utc::now().timestamp_millis();
    let charges = events
        .log
        .recipient_charges(now_ms - crate::events::audit::MIN_RETENTION_MS)
        .await?;
    guard.restore(charges, now_ms);
    let cx = WireContext {
        clock: PlatformClock::new(settings.platform_utc_offset),
        tenant_id: settings.tenant_id,
    };
    let gateway = Arc::new(Gateway {
        upstream: upstream.clone(),
        cx,
        events: events.clone(),
        watches: grpc::watch::Watches::new(settings.watch),
        guard: guard.clone(),
        in_flight: Default::default(),
        request_ids: settings.request_ids,
        calls: grpc::CallsUnderWay::new(settings.max_calls_per_caller),
    });
    let calls = gateway.calls.clone();

    let Observability {
        health,
        service: health_service,
        metrics,
        dashboard,
    } = observability;
    let probes = [
        tokio::spawn(probe_platform(
            upstream,
            health.clone(),
            settings.health_interval,
        )),
        tokio::spawn(probe_store(
            events.clone(),
            health.clone(),
            settings.health_interval,
        )),
    ];
    // Not ready from the moment the shutdown starts, so load balancers drain this gateway; the
    // dashboard's pages are let go at the same moment.
    let (stopping, dashboard_stopped) = tokio::sync::watch::channel(false);
    let shutdown = {
        let health = health.clone();
        async move {
            shutdown.await;
            health.stopping().await;
            let _ = stopping.send(true);
        }
    };
    let dashboard = dashboard.map(|dashboard| {
        let addr = dashboard.listener.local_addr().ok();
        let tls = connections.grpc_tls.clone();
        if addr.is_some_and(|addr| !addr.ip().is_loopback()) && tls.is_none() {
            tracing::warn!(
                addr = ?addr,
                "THE DASHBOARD IS REACHABLE BEYOND LOOPBACK WITHOUT TLS: the API key a person \
                 signs in with and the session cookie cross the network in clear. Set \
                 --tls-cert and --tls-key."
            );
        }
        if matches!(admission, Admission::Everyone) {
            tracing::warn!(
                addr = ?addr,
                "the dashboard is open to anyone who can reach it (--allow-unauthenticated): \
                 give --api-keys to make people sign in"
            );
        }
        let app = crate::dashboard::router(
            gateway.clone(),
            admission.clone(),
            health.clone(),
            dashboard.settings,
            tls.is_some(),
        );
        // HTTP/2 beside HTTP/1.1, as on the gRPC port, whose TLS acceptor (and ALPN: h2 first)
        // it shares: a browser over HTTPS speaks HTTP/2, every tab on one connection.
        let settings = ListenSettings {
            name: "dashboard",
            max_connections: DASHBOARD_MAX_CONNECTIONS,
            protocol: connections.grpc.protocol,
            ..connections.webhooks.clone()
        };
        let mut stopped = dashboard_stopped;
        tokio::spawn(serve_listener(
            dashboard.listener,
            settings,
            tls,
            app,
            async move {
                let _ = stopped.wait_for(|stop| *stop).await;
            },
            grace,
        ))
    });
    let (metrics_stop, metrics_stopped) = tokio::sync::watch::channel(false);
    let metrics = metrics.map(|listener| {
        let sampler = Arc::new(Sampled {
            events,
            guard: guard.clone(),
            admission: admission.clone(),
        });
        let settings = ListenSettings {
            name: "metrics",
            max_connections: METRICS_MAX_CONNECTIONS,
            ..connections.webhooks.clone()
        };
        let app = endpoint::router(health.clone(), sampler);
        let mut stopped = metrics_stopped;
        tokio::spawn(listen::serve(
            listener,
            settings,
            PlainTcp,
            app,
            async move {
                let _ = stopped.wait_for(|stop| *stop).await;
            },
            Duration::ZERO,
        ))
    });

    // `MessageLimit` answers an oversize message first, with RESOURCE_EXHAUSTED; tonic's own
    // decoding limit stays at the same size as a second line (and the bound after decompression).
    let limit = connections.grpc_max_request_bytes;
    let reflection_v1 = reflection().build_v1()?.max_decoding_message_size(limit);
    let reflection_v1alpha = reflection()
        .build_v1alpha()?
        .max_decoding_message_size(limit);

    let routes = tonic::service::Routes::new(health_service.max_decoding_message_size(limit))
        .add_service(reflection_v1)
        .add_service(reflection_v1alpha)
        .add_service(
            TaskServiceServer::new(grpc::task::TaskApi::new(gateway.clone()))
                .max_decoding_message_size(limit),
        )
        .add_service(
            AudienceServiceServer::new(grpc::audience::AudienceApi::new(gateway.clone()))
                .max_decoding_message_size(limit),
        )
        .add_service(
            AccountServiceServer::new(grpc::account::AccountApi::new(gateway.clone()))
                .max_decoding_message_size(limit),
        )
        .add_service(
            ConversationServiceServer::new(grpc::conversation::ConversationApi::new(
                gateway.clone(),
            ))
            .max_decoding_message_size(limit),
        )
        .add_service(
            CloudPortServiceServer::new(grpc::cloud_port::CloudPortApi::new(gateway.clone()))
                .max_decoding_message_size(limit),
        )
        .add_service(
            ScanTaskServiceServer::new(grpc::scan_task::ScanTaskApi::new(gateway.clone()))
                .max_decoding_message_size(limit),
        )
        .add_service(
            CallerServiceServer::new(grpc::caller::CallerApi::new(gateway))
                .max_decoding_message_size(limit),
        )
        .prepare();
    // gRPC-Web outermost: everything inside sees plain gRPC, so its calls pass the same
    // authentication, permissions, call rate and size limit, and are counted alike.
    let app = grpc_web(
        crate::observe::rpc::ObserveRpc::new(
            Authenticate::new(MessageLimit::new(routes, limit), admission, guard),
            grpc::rpc_methods(),
        ),
        &connections.grpc_web,
    )?;
    serve_listener(
        listener,
        connections.grpc,
        connections.grpc_tls,
        app,
        shutdown,
        grace,
    )
    .await;
    // Scrapes go on while the calls finish; the endpoint closes with the gateway.
    // Calls whose callers went away still run; their outcomes are recorded if they end in time
    // (one cut off is an unknown outcome after the restart, never sent again).
    if !calls.finish(grace).await {
        tracing::warn!(
            "state-changing calls were still under way at shutdown: their outcomes are unknown"
        );
    }
    let _ = metrics_stop.send(true);
    if let Some(metrics) = metrics {
        let _ = metrics.await;
    }
    if let Some(dashboard) = dashboard {
        let _ = dashboard.await;
    }
    for probe in probes {
        probe.abort();
    }
    Ok(())
}

/// The gauges a scrape reads: the store's size and bounds, the tail's lag, what the blast guard
/// leaves each key.
#[derive(Debug)]
struct Sampled {
    events: Arc<Events>,
    guard: Arc<Guard>,
    /// Whose limits the guard's gauges show: the key file's callers, as it is now.
    admission: Admission,
}

#[async_trait::async_trait]
impl Sample for Sampled {
    async fn sample(&self) {
        // On an error the store's gauges keep their last values; the next scrape tries again.
        if let Err(error) = self.events.sample_metrics().await {
            tracing::debug!(%error, "cannot read the event store's size and bounds");
        }
        match &self.admission {
            Admission::Keys(ring) => self.guard.record_remaining(ring.keys().callers()),
            // Everyone is anonymous and unlimited: nothing to show.
            Admission::Everyone => self.guard.record_remaining([]),
        }
    }
}

/// Reflection over every schema the server speaks: ours, health, and the google.rpc error
/// details, so that grpcurl can also print a BadRequest or ErrorInfo.
fn reflection() -> tonic_reflection::server::Builder<'static> {
    tonic_reflection::server::Builder::configure()
        .register_encoded_file_descriptor_set(FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(tonic_types::pb::FILE_DESCRIPTOR_SET)
}

/// Tells `health` whether the platform answers HTTP at all (any status: it is reachable), so
/// that load balancers route around a gateway cut off from it; liveness is not affected.
async fn probe_platform(upstream: Upstream, health: Health, interval: Duration) {
    let mut last = None;
    loop {
        let reachable = upstream.reachable(PROBE_TIMEOUT).await;
        if last != Some(reachable) {
            if reachable {
                tracing::info!(upstream = upstream.base_url(), "platform reachable");
            } else {
                tracing::warn!(upstream = upstream.base_url(), "platform unreachable");
            }
            last = Some(reachable);
        }
        health.set_platform(reachable).await;
        tokio::time::sleep(interval).await;
    }
}

/// Tells `health` whether the event store takes writes: a webhook could not be acknowledged, nor
/// a state-changing call recorded, by a gateway whose store does not.
async fn probe_store(events: Arc<Events>, health: Health, interval: Duration) {
    let mut last = None;
    loop {
        let writable = match tokio::time::timeout(PROBE_TIMEOUT, events.log.check_writable()).await
        {
            Ok(Ok(())) => true,
            Ok(Err(error)) => {
                if last != Some(false) {
                    tracing::warn!(%error, "the event store does not take writes");
                }
                false
            }
            Err(_) => {
                if last != Some(false) {
                    tracing::warn!(timeout = ?PROBE_TIMEOUT, "the event store's write probe did not finish in time");
                }
                false
            }
        };
        if writable && last == Some(false) {
            tracing::info!("the event store takes writes again");
        }
        last = Some(writable);
        health.set_store(writable).await;
        tokio::time::sleep(interval).await;
    }
}

/// Opens the durable event log (in `data_dir`, or on the NATS servers of `nats`) and starts
/// its fan-out; idle watch streams get a heartbeat after `heartbeat`.
pub async fn open_events(
    data_dir: &std::path::Path,
    nats: Option<NatsSettings>,
    log: LogSettings,
    heartbeat: Duration,
) -> Result<Arc<Events>, Box<dyn std::error::Error + Send + Sync>> {
    let log: Arc<dyn EventLog> = match nats {
        None => Arc::new(SqliteLog::open(data_dir, log)?),
        Some(nats) => {
            if nats.insecure() {
                tracing::warn!(
                    servers = ?nats.servers,
                    "the link to NATS is not encrypted (no tls:// server, no --nats-tls-ca): \
                     events, audit records and request ids cross the network in clear"
                );
            }
            let log = JetStreamLog::open(log, nats.clone()).await?;
            tracing::info!(servers = ?nats.servers, replicas = nats.replicas, "event store: NATS JetStream");
            Arc::new(log)
        }
    };
    Ok(Arc::new(Events::new(log, heartbeat)))
}

/// Serves the webhook listener on `listener` (with `/healthz` and `/readyz` from `health`)
/// until `shutdown` completes, then lets in-flight webhooks finish for at most `grace`.
pub async fn serve_webhooks(
    listener: TcpListener,
    events: Arc<Events>,
    settings: ListenerSettings,
    health: Health,
    connections: Connections,
    shutdown: impl Future<Output = ()> + Send + 'static,
    grace: Duration,
) -> std::io::Result<()> {
    let addr = listener.local_addr()?;
    // A client certificate required at the handshake authenticates every sender too.
    let certificates = connections
        .webhook_tls
        .as_ref()
        .is_some_and(TlsAcceptor::requires_client_certificate);
    if !addr.ip().is_loopback() && !settings.auth.any() && !certificates {
        tracing::warn!(
            %addr,
            "THE WEBHOOK LISTENER IS REACHABLE BEYOND LOOPBACK WITH NO AUTHENTICATION: anyone who \
             can reach it can inject events. Set --webhook-path-secret, --webhook-header, \
             --webhook-signing-secret, --webhook-allow or --webhook-tls-client-ca."
        );
    }
    // The peer address the source allowlist needs reaches the handlers as `ConnectInfo`, which
    // `listen` puts in every request.
    // `/healthz` and `/readyz` too, for orchestrators probing a gateway whose metrics are off.
    let app = crate::observe::http::HttpSpans::new(
        crate::webhook::router(events.log.clone(), settings).merge(endpoint::health_routes(health)),
        crate::wire::webhook::WebhookKind::ALL.map(crate::wire::webhook::WebhookKind::path),
    );
    serve_listener(
        listener,
        connections.webhooks,
        connections.webhook_tls,
        app,
        shutdown,
        grace,
    )
    .await;
    Ok(())
}

/// Who may call, from the settings: the key file's callers (reloaded as it changes), everyone,
/// or (`None`) nobody said.
pub fn admission(
    settings: &CallerSettings,
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

/// Runs the webhook listener, the gRPC server and (on `metrics` and `dashboard`, if given) the
/// metrics endpoint and the dashboard/// over one event log until Ctrl-C or SIGTERM, then lets in-flight work finish for at most
/// `grace`.
#[allow(clippy::too_many_arguments)]
pub async fn run_gateway(
    grpc: TcpListener,
    webhooks: TcpListener,
    events: Arc<Events>,
    grpc_settings: &GrpcSettings,
    webhook_settings: ListenerSettings,
    admission: Admission,
    connections: Connections,
    metrics: Option<TcpListener>,
    dashboard: Option<DashboardListener>,
    grace: Duration,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let stop = Stop::on_signal();
    let observability = Observability::new(metrics, dashboard).await;
    let listener = tokio::spawn(serve_webhooks(
        webhooks,
        events.clone(),
        webhook_settings,
        observability.health.clone(),
        connections.clone(),
        stop.wait(),
        grace,
    ));
    serve_grpc(
        grpc,
        grpc_settings,
        events,
        admission,
        connections,
        observability,
        stop.wait(),
        grace,
    )
    .await?;
    finish(listener, grace).await;
    Ok(())
}

/// One shutdown signal, awaited by several servers.
#[derive(Debug)]
pub struct Stop(tokio::sync::watch::Receiver<bool>);

impl Stop {
    /// Stops on Ctrl-C or (on Unix) SIGTERM; spawns the task that waits for them, so it needs a
    /// Tokio runtime.
    pub fn on_signal() -> Self {
        let (stop, stopped) = tokio::sync::watch::channel(false);
        tokio::spawn(async move {
            shutdown_signal().await;
            let _ = stop.send(true);
        });
        Self(stopped)
    }

    /// A future that completes once the signal came (at once if it already had), for each server.
    pub fn wait(&self) -> impl std::future::Future<Output = ()> + Send + 'static {
        let mut stopped = self.0.clone();
        async move {
            let _ = stopped.wait_for(|stop| *stop).await;
        }
    }
}

/// Waits for the webhook listener to drain, at most `grace`.
pub async fn finish(listener: tokio::task::JoinHandle<std::io::Result<()>>, grace: Duration) {
    match tokio::time::timeout(grace, listener).await {
        Ok(Ok(Ok(()))) => {}
        Ok(Ok(Err(error))) => tracing::error!("webhook listener failed: {error}"),
        Ok(Err(error)) => tracing::error!("webhook listener panicked: {error}"),
        Err(_) => tracing::warn!("webhook listener did not drain within the shutdown grace"),
    }
}

/// Listens on `addr`, naming it in the error.
pub async fn bind(addr: std::net::SocketAddr) -> Result<tokio::net::TcpListener, String> {
    tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))
}

/// Listens on `addr` for the metrics endpoint, warning when it is reachable beyond loopback: it
/// has no authentication, and its metrics name the callers' keys.
pub async fn bind_metrics(addr: std::net::SocketAddr) -> Result<TcpListener, String> {
    let listener = bind(addr).await?;
    if !addr.ip().is_loopback() {
        tracing::warn!(
            %addr,
            "the metrics endpoint is reachable beyond loopback and has no authentication: \
             anyone who can reach it reads the gateway's metrics (key names included). Keep it on \
             a private network."
        );
    }
    Ok(listener)
}

/// Completes on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
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
