//! Assembles the gRPC server: the six platform services, gRPC reflection (v1 and v1alpha, so
//! both current and older grpcurl work), `grpc.health.v1` driven by a probe of the platform,
//! and graceful shutdown; and the webhook listener. Both are served by `listen`, which holds
//! their connections within caps and timeouts.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tonic_health::server::HealthReporter;
use tonic_health::ServingStatus;

use crate::callers::authenticate::{Admission, Authenticate};
use crate::callers::guard::Guard;
use crate::config::{EventArgs, UpstreamArgs};
use crate::convert::WireContext;
use crate::events::log::{EventLog, SqliteLog};
use crate::events::Events;
use crate::grpc::{self, Gateway};
use crate::listen::message_limit::MessageLimit;
use crate::listen::{self, ListenSettings, PlainTcp};
use crate::proto::v1::{
    account_service_server::AccountServiceServer, audience_service_server::AudienceServiceServer,
    caller_service_server::CallerServiceServer, cloud_port_service_server::CloudPortServiceServer,
    conversation_service_server::ConversationServiceServer,
    scan_task_service_server::ScanTaskServiceServer, task_service_server::TaskServiceServer,
};
use crate::proto::FILE_DESCRIPTOR_SET;
use crate::upstream::Upstream;
use crate::webhook::auth::WebhookAuthArgs;
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

/// How both listeners hold their connections (see `config::ConnectionArgs`).
#[derive(Debug, Clone)]
pub struct Connections {
    pub grpc: ListenSettings,
    pub webhooks: ListenSettings,
    /// Largest gRPC request message, in bytes.
    pub grpc_max_request_bytes: usize,
}

/// Serves the gRPC API on `listener` until `shutdown` completes, then lets in-flight calls
/// finish for at most `grace`: a client that keeps its connection open cannot hold the process.
/// `admission` says who may call.
pub async fn serve_grpc(
    listener: TcpListener,
    settings: &UpstreamArgs,
    events: Arc<Events>,
    admission: Admission,
    connections: Connections,
    shutdown: impl Future<Output = ()> + Send,
    grace: Duration,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let upstream = Upstream::new(settings)?;
    let guard = Arc::new(Guard::new());
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
        events,
        watches: grpc::watch::Watches::new(settings.watch.watch_settings()),
        guard: guard.clone(),
    });

    let (health_reporter, health_service) = tonic_health::server::health_reporter();
    let probe = tokio::spawn(probe_platform(
        upstream,
        health_reporter,
        settings.health_interval,
    ));

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
    listen::serve(
        listener,
        connections.grpc,
        PlainTcp,
        Authenticate::new(MessageLimit::new(routes, limit), admission, guard),
        shutdown,
        grace,
    )
    .await;
    probe.abort();
    Ok(())
}

/// Reflection over every schema the server speaks: ours, health, and the google.rpc error
/// details, so that grpcurl can also print a BadRequest or ErrorInfo.
fn reflection() -> tonic_reflection::server::Builder<'static> {
    tonic_reflection::server::Builder::configure()
        .register_encoded_file_descriptor_set(FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(tonic_types::pb::FILE_DESCRIPTOR_SET)
}

/// Reports SERVING while the platform answers HTTP at all (any status: it is reachable) and
/// NOT_SERVING while it cannot be reached, so load balancers route around a gateway that is cut
/// off from the platform.
async fn probe_platform(upstream: Upstream, reporter: HealthReporter, interval: Duration) {
    let mut last = None;
    loop {
        let reachable = upstream.reachable(PROBE_TIMEOUT).await;
        let status = if reachable {
            ServingStatus::Serving
        } else {
            ServingStatus::NotServing
        };
        if last != Some(reachable) {
            if reachable {
                tracing::info!(
                    upstream = upstream.base_url(),
                    "platform reachable: serving"
                );
            } else {
                tracing::warn!(
                    upstream = upstream.base_url(),
                    "platform unreachable: health is NOT_SERVING"
                );
            }
            for service in std::iter::once("").chain(SERVICE_NAMES) {
                reporter.set_service_status(service, status).await;
            }
            last = Some(reachable);
        }
        tokio::time::sleep(interval).await;
    }
}

/// Opens the durable event log in `data_dir` and starts its fan-out.
pub fn open_events(
    data_dir: &std::path::Path,
    settings: &EventArgs,
) -> Result<Arc<Events>, Box<dyn std::error::Error + Send + Sync>> {
    let log: Arc<dyn EventLog> = Arc::new(SqliteLog::open(data_dir, settings.log_settings())?);
    Ok(Arc::new(Events::new(log, settings.heartbeat)))
}

/// Serves the webhook listener on `listener` until `shutdown` completes, then lets in-flight
/// webhooks finish for at most `grace`.
#[allow(clippy::too_many_arguments)]
pub async fn serve_webhooks(
    listener: TcpListener,
    events: Arc<Events>,
    settings: EventArgs,
    auth: WebhookAuthArgs,
    utc_offset: chrono::FixedOffset,
    connections: Connections,
    shutdown: impl Future<Output = ()> + Send + 'static,
    grace: Duration,
) -> std::io::Result<()> {
    let addr = listener.local_addr()?;
    if !addr.ip().is_loopback() && !auth.any() {
        tracing::warn!(
            %addr,
            "THE WEBHOOK LISTENER IS REACHABLE BEYOND LOOPBACK WITH NO AUTHENTICATION: anyone who \
             can reach it can inject events. Set --webhook-path-secret, --webhook-header, \
             --webhook-signing-secret or --webhook-allow."
        );
    }
    let listener_settings = ListenerSettings {
        prefix: settings.webhook_prefix.clone(),
        auth: auth.clone(),
        body_limit: settings.webhook_body_limit,
        clock: PlatformClock::new(utc_offset),
    };
    // The peer address the source allowlist needs reaches the handlers as `ConnectInfo`, which
    // `listen` puts in every request.
    let app = crate::webhook::router(events.log.clone(), listener_settings);
    listen::serve(
        listener,
        connections.webhooks,
        PlainTcp,
        app,
        shutdown,
        grace,
    )
    .await;
    Ok(())
}
