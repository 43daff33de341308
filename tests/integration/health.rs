//! Liveness and readiness, in a gateway process: readiness follows the platform and the event
//! store (both ways), liveness stays SERVING throughout, and the gRPC health service, the
//! webhook port's and the metrics port's `/healthz` and `/readyz` agree.

use std::net::SocketAddr;

use tonic::transport::Channel;
use tonic_health::pb::health_check_response::ServingStatus;
use tonic_health::pb::health_client::HealthClient;
use tonic_health::pb::HealthCheckRequest;

use crate::common::nats::NatsNode;
use crate::common::process::{free_port, post_task_status, GatewayProcess};
use crate::common::{eventually, RecordingPlatform};

/// What the three faces of health say at one moment.
#[derive(Debug, PartialEq, Eq)]
struct Seen {
    /// gRPC `liveness`.
    live: bool,
    /// gRPC `readiness`.
    ready: bool,
    /// gRPC "" and a platform service say what `readiness` says (they are published one after
    /// the other, so for a moment during a change they may not).
    grpc_agrees: bool,
    /// `/healthz` and `/readyz` on the webhook port and on the metrics port, which must agree
    /// with the gRPC answers.
    http_agrees: bool,
}

async fn grpc_status(channel: &Channel, service: &str) -> ServingStatus {
    let answer = HealthClient::new(channel.clone())
        .check(HealthCheckRequest {
            service: service.to_owned(),
        })
        .await
        .unwrap();
    answer.into_inner().status()
}

async fn http_ok(addr: SocketAddr, path: &str) -> bool {
    let answer = reqwest::get(format!("http://{addr}{path}")).await.unwrap();
    match answer.status().as_u16() {
        200 => true,
        503 => false,
        other => panic!("{path} answered {other}"),
    }
}

async fn seen(channel: &Channel, webhooks: SocketAddr, metrics: SocketAddr) -> Seen {
    let live = grpc_status(channel, "liveness").await == ServingStatus::Serving;
    let ready = grpc_status(channel, "readiness").await == ServingStatus::Serving;
    let mut grpc_agrees = true;
    for service in ["", "wadispatch.v1.TaskService"] {
        grpc_agrees &= (grpc_status(channel, service).await == ServingStatus::Serving) == ready;
    }
    let mut http_agrees = true;
    for port in [webhooks, metrics] {
        http_agrees &= http_ok(port, "/healthz").await == live;
        http_agrees &= http_ok(port, "/readyz").await == ready;
    }
    Seen {
        live,
        ready,
        grpc_agrees,
        http_agrees,
    }
}

async fn wait_for(
    what: &str,
    channel: &Channel,
    webhooks: SocketAddr,
    metrics: SocketAddr,
    ready: bool,
) {
    let expected = Seen {
        live: true,
        ready,
        grpc_agrees: true,
        http_agrees: true,
    };
    eventually(what, || async {
        (seen(channel, webhooks, metrics).await == expected).then_some(())
    })
    .await;
}

/// Whether `wadispatch-gateway healthcheck` succeeds against `path` on `addr`.
fn healthcheck(addr: SocketAddr, path: &str) -> bool {
    std::process::Command::new(env!("CARGO_BIN_EXE_wadispatch-gateway"))
        .args(["healthcheck", "--url", &format!("http://{addr}{path}")])
        .env("RUST_LOG", "off")
        .output()
        .unwrap()
        .status
        .success()
}

/// A task status webhook unlike any other (so never a duplicate); its answer's status.
async fn post_status(client: &reqwest::Client, webhooks: SocketAddr, n: usize) -> u16 {
    let body = serde_json::json!({"taskId": format!("fill-{n}"), "status": "2"}).to_string();
    post_task_status(client, webhooks, body).await
}

#[tokio::test]
async fn readiness_follows_the_platform_and_a_full_disk_while_liveness_holds() {
    let dir = tempfile::tempdir().unwrap();
    // Nothing listens on the platform's address yet: the platform is down.
    let platform_addr = SocketAddr::from(([127, 0, 0, 1], free_port()));
    let webhooks = SocketAddr::from(([127, 0, 0, 1], free_port()));
    let metrics = SocketAddr::from(([127, 0, 0, 1], free_port()));
    // Every file the gateway writes stops growing at 2 MiB, as on a full disk.
    let mut gateway = GatewayProcess::new(
        format!("http://{platform_addr}"),
        webhooks,
        dir.path().join("data"),
    )
    .with_env("WADISPATCH_METRICS_ADDR", metrics.to_string())
    .with_env("WADISPATCH_HEALTH_INTERVAL", "100ms")
    .with_file_size_limit(2 << 20);
    let channel = gateway.start().await;

    wait_for(
        "not ready while the platform is down",
        &channel,
        webhooks,
        metrics,
        false,
    )
    .await;
    // The image's health check: the binary asks the endpoint.
    assert!(healthcheck(webhooks, "/healthz"), "live");
    assert!(!healthcheck(webhooks, "/readyz"), "not ready");
    let _platform = RecordingPlatform::start_on(platform_addr).await;
    wait_for(
        "ready once the platform answers",
        &channel,
        webhooks,
        metrics,
        true,
    )
    .await;
    assert!(healthcheck(metrics, "/readyz"), "ready");

    // Webhooks until the store cannot take one: 503, never a 200 for an event not kept.
    let client = reqwest::Client::new();
    let mut sent = 0;
    loop {
        let status = post_status(&client, webhooks, sent).await;
        sent += 1;
        match status {
            200 => assert!(sent < 100_000, "the store never filled up"),
            503 => break,
            other => panic!("webhook answered {other}"),
        }
    }
    wait_for(
        "not ready while the store cannot write",
        &channel,
        webhooks,
        metrics,
        false,
    )
    .await;

    gateway.lift_file_size_limit();
    wait_for(
        "ready once the store has room again",
        &channel,
        webhooks,
        metrics,
        true,
    )
    .await;
    // And it takes webhooks again, the refused one included (as the platform's retry would).
    assert_eq!(post_status(&client, webhooks, sent - 1).await, 200);
}

#[tokio::test]
async fn readiness_follows_a_shared_store_while_liveness_holds() {
    let dir = tempfile::tempdir().unwrap();
    let mut nats = NatsNode::single(dir.path().join("nats")).await;
    let platform = RecordingPlatform::start().await;
    let webhooks = SocketAddr::from(([127, 0, 0, 1], free_port()));
    let metrics = SocketAddr::from(([127, 0, 0, 1], free_port()));
    let mut gateway = GatewayProcess::new(platform.url(), webhooks, dir.path().join("data"))
        .with_env("WADISPATCH_EVENT_STORE", nats.url())
        .with_env("WADISPATCH_NATS_UNAVAILABLE_AFTER", "1s")
        .with_env("WADISPATCH_METRICS_ADDR", metrics.to_string())
        .with_env("WADISPATCH_HEALTH_INTERVAL", "100ms");
    let channel = gateway.start().await;
    wait_for("ready", &channel, webhooks, metrics, true).await;

    nats.kill();
    wait_for(
        "not ready while NATS is down",
        &channel,
        webhooks,
        metrics,
        false,
    )
    .await;
    nats.restart().await;
    wait_for("ready once NATS is back", &channel, webhooks, metrics, true).await;
    assert_eq!(
        post_status(&reqwest::Client::new(), webhooks, 0).await,
        200,
        "the store takes webhooks again"
    );
}
