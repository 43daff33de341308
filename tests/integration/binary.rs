//! The `wadispatch-gateway` binary: configured by environment, stops cleanly on SIGTERM.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use tonic_health::pb::health_client::HealthClient;
use tonic_health::pb::HealthCheckRequest;
use wadispatch_gateway::proto::v1::account_service_client::AccountServiceClient;
use wadispatch_gateway::proto::v1::ListAccountsRequest;

use crate::common::RecordingPlatform;

#[tokio::test]
async fn serve_reads_its_settings_from_the_environment_and_stops_on_sigterm() {
    let platform = RecordingPlatform::start().await;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let data_dir = tempfile::tempdir().unwrap();
    let webhook_port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_wadispatch-gateway"))
        .arg("serve")
        .env("WADISPATCH_ALLOW_UNAUTHENTICATED", "true")
        .env("WADISPATCH_DATA_DIR", data_dir.path())
        .env(
            "WADISPATCH_WEBHOOK_ADDR",
            format!("127.0.0.1:{webhook_port}"),
        )
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

    // A malformed webhook is refused with a reason and kept for inspection.
    let refused = reqwest::Client::new()
        .post(format!(
            "http://127.0.0.1:{webhook_port}/callback/gsTask/syncTaskStatus"
        ))
        .header("content-type", "application/json")
        .body(r#"{"status": "1"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 400);

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

    let letters = Command::new(env!("CARGO_BIN_EXE_wadispatch-gateway"))
        .arg("dead-letters")
        .arg("--data-dir")
        .arg(data_dir.path())
        .output()
        .unwrap();
    assert!(letters.status.success());
    let letters = String::from_utf8(letters.stdout).unwrap();
    let letter: serde_json::Value =
        serde_json::from_str(letters.lines().next().expect("one dead letter")).unwrap();
    assert_eq!(letter["path"], "/callback/gsTask/syncTaskStatus");
    assert_eq!(letter["body"], r#"{"status": "1"}"#);
    assert!(
        letter["reason"].as_str().unwrap().contains("taskId"),
        "{letter}"
    );
}

#[test]
fn serve_requires_the_upstream_url_and_documents_every_flag() {
    let missing = Command::new(env!("CARGO_BIN_EXE_wadispatch-gateway"))
        .arg("serve")
        .env("WADISPATCH_ALLOW_UNAUTHENTICATED", "true")
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

#[tokio::test]
async fn demo_runs_the_simulator_and_the_gateway_and_a_task_completes() {
    use wadispatch_gateway::proto::v1::task_service_client::TaskServiceClient;
    use wadispatch_gateway::proto::v1::*;

    let data_dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_wadispatch-gateway"))
        .args([
            "demo",
            "--grpc-addr",
            "127.0.0.1:0",
            "--listen",
            "127.0.0.1:0",
            "--webhook-addr",
            "127.0.0.1:0",
        ])
        .arg("--data-dir")
        .arg(data_dir.path())
        .env("NO_COLOR", "1")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut guide = BufReader::new(child.stdout.take().unwrap()).lines();
    let gateway_line = guide
        .by_ref()
        .map(Result::unwrap)
        .find(|line| line.contains("gRPC gateway"))
        .unwrap();
    let grpc_addr = gateway_line.split_whitespace().nth(2).unwrap().to_owned();
    let printed: Vec<String> = guide
        .by_ref()
        .map(Result::unwrap)
        .take_while(|line| !line.contains("Ctrl-C"))
        .collect();
    let printed = printed.join("\n");
    for call in [
        "TaskService/CreateUnassignedTask",
        "TaskService/GetTaskExecutionStatus",
        "AccountService/ListAccounts",
    ] {
        assert!(
            printed.contains(&format!("{grpc_addr} wadispatch.v1.{call}")),
            "the guide shows {call}: {printed}"
        );
    }

    // The demo is not open: it made a key for this run, and the guide's commands send it.
    let key = printed
        .lines()
        .find_map(|line| line.trim().strip_prefix("export WADISPATCH_KEY="))
        .expect("the guide gives the demo's key")
        .to_owned();
    assert!(printed.contains("-H \"authorization: Bearer $WADISPATCH_KEY\""));
    let channel = tonic::transport::Channel::from_shared(format!("http://{grpc_addr}"))
        .unwrap()
        .connect()
        .await
        .unwrap();
    let anonymous = TaskServiceClient::new(channel.clone())
        .get_task_execution_status(GetTaskExecutionStatusRequest {
            task_id: "1".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(anonymous.code(), tonic::Code::Unauthenticated);

    // What the printed CreateUnassignedTask command sends.
    let bearer: tonic::metadata::MetadataValue<_> = format!("Bearer {key}").parse().unwrap();
    let mut tasks =
        TaskServiceClient::with_interceptor(channel, move |mut request: tonic::Request<()>| {
            request
                .metadata_mut()
                .insert("authorization", bearer.clone());
            Ok(request)
        });
    let task_id = tasks
        .create_unassigned_task(CreateUnassignedTaskRequest {
            options: Some(TaskOptions {
                name: "demo".into(),
                target_type: TargetType::Individual as i32,
                ..Default::default()
            }),
            targets: (1..=100).map(|i| format!("86152{i:08}")).collect(),
            contents: vec![MessageContent {
                kind: Some(message_content::Kind::Text(TextContent {
                    text: "Hello from the wadispatch demo".into(),
                })),
                ..Default::default()
            }],
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .task_id;
    let mut done = None;
    for _ in 0..600 {
        let status = tasks
            .get_task_execution_status(GetTaskExecutionStatusRequest {
                task_id: task_id.clone(),
            })
            .await
            .unwrap()
            .into_inner();
        if status.status == TaskStatus::Completed as i32 {
            done = Some(status);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let done = done.expect("the demo task completes");
    assert_eq!(done.recipients.len(), 100);

    // The simulator's webhooks reached the gateway: the task's whole history is on the stream,
    // which ends once the task is final.
    let mut watch = tasks
        .watch_task(WatchTaskRequest {
            task_id: task_id.clone(),
            after_cursor: "0".into(),
            end_when_final: true,
        })
        .await
        .unwrap()
        .into_inner();
    let mut last = None;
    let mut events = 0;
    while let Some(message) =
        tokio::time::timeout(std::time::Duration::from_secs(30), watch.message())
            .await
            .unwrap()
            .unwrap()
    {
        if matches!(
            message.update,
            Some(watch_task_response::Update::RecipientStatus(_))
        ) {
            events += 1;
        }
        last = message.progress;
    }
    assert!(
        events >= 100,
        "every recipient's statuses were watched: {events}"
    );
    assert_eq!(last.unwrap().status, TaskStatus::Completed as i32);

    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(child.wait().unwrap().success());
}
