//! The `wadispatch-gateway` binary: configured by environment, stops cleanly on SIGTERM.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use common::RecordingPlatform;
use tonic_health::pb::health_client::HealthClient;
use tonic_health::pb::HealthCheckRequest;
use wadispatch_gateway::proto::v1::account_service_client::AccountServiceClient;
use wadispatch_gateway::proto::v1::ListAccountsRequest;

#[tokio::test]
async fn serve_reads_its_settings_from_the_environment_and_stops_on_sigterm() {
    let platform = RecordingPlatform::start().await;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_wadispatch-gateway"))
        .arg("serve")
        .env("WADISPATCH_UPSTREAM_URL", platform.url())
        .env("WADISPATCH_GRPC_ADDR", format!("127.0.0.1:{port}"))
        .env("WADISPATCH_UPSTREAM_HEADERS", "X-Api-Key: k1;X-Tenant: 7")
        .env("WADISPATCH_SHUTDOWN_GRACE", "1s")
        .env("RUST_LOG", "info")
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut log = BufReader::new(child.stdout.take().unwrap()).lines();
    let serving = log
        .by_ref()
        .map(Result::unwrap)
        .find(|line| line.contains("serving"))
        .unwrap();
    assert!(serving.contains(&format!("127.0.0.1:{port}")), "{serving}");

    // The connection stays open across the SIGTERM: the grace period bounds the wait for it.
    let channel = tonic::transport::Channel::from_shared(format!("http://127.0.0.1:{port}"))
        .unwrap()
        .connect()
        .await
        .unwrap();
    let health = HealthClient::new(channel.clone())
        .check(HealthCheckRequest {
            service: String::new(),
        })
        .await;
    assert!(health.is_ok(), "{health:?}");
    let accounts = AccountServiceClient::new(channel.clone())
        .list_accounts(ListAccountsRequest {})
        .await
        .unwrap();
    assert!(accounts.into_inner().accounts.is_empty());
    let call = platform.only_request();
    assert_eq!(
        call.headers.get("x-api-key").map(String::as_str),
        Some("k1")
    );
    assert_eq!(call.headers.get("x-tenant").map(String::as_str), Some("7"));

    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert!(status.success(), "SIGTERM is a clean stop, got {status:?}");
    let rest: Vec<String> = log.map(Result::unwrap).collect();
    assert!(rest.iter().any(|l| l.contains("stopped")), "{rest:?}");
    drop(channel);
}

#[test]
fn serve_requires_the_upstream_url_and_documents_every_flag() {
    let missing = Command::new(env!("CARGO_BIN_EXE_wadispatch-gateway"))
        .arg("serve")
        .env_remove("WADISPATCH_UPSTREAM_URL")
        .output()
        .unwrap();
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("--upstream-url"));

    let help = Command::new(env!("CARGO_BIN_EXE_wadispatch-gateway"))
        .args(["serve", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&help.stdout);
    for flag in [
        "--grpc-addr",
        "--webhook-addr",
        "--data-dir",
        "--upstream-url",
        "--upstream-header",
        "--tenant-id",
        "--upstream-timeout",
        "--upstream-attempts",
        "--platform-utc-offset",
        "--health-interval",
        "--shutdown-grace",
    ] {
        assert!(help.contains(flag), "{flag} missing from --help");
    }
    assert!(
        help.contains("WADISPATCH_GRPC_ADDR"),
        "environment variables are shown in --help"
    );
}
