//! Traces and JSON logs, end to end: the gateway binary exports its spans over OTLP/gRPC to a
//! receiver in the test, in front of the recording platform. An RPC's span is the child of the
//! `traceparent` its caller sent, the platform call's span is the RPC's child, and the platform
//! receives a `traceparent` naming that span; the JSON log lines of the RPC carry its trace id
//! and its caller.

use std::io::BufRead;
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;
use tonic::transport::Channel;
use wadispatch_gateway::proto::v1::task_service_client::TaskServiceClient;
use wadispatch_gateway::proto::v1::{GetTaskExecutionStatusRequest, StartTasksRequest};
use wadispatch_gateway::upstream::routes;

use crate::common::otlp::{OtlpReceiver, ReceivedSpan};
use crate::common::process::{answering, free_port};
use crate::common::RecordingPlatform;

/// The caller's trace and span, as its `traceparent` names them.
const CALLER_TRACE_ID: &str = "4bf92f3577b34da6a3ce929d0e0e4736";
const CALLER_SPAN_ID: &str = "00f067aa0ba902b7";
/// The webhook sender's.
const SENDER_TRACE_ID: &str = "0af7651916cd43dd8448eb211c80319c";
const SENDER_SPAN_ID: &str = "b7ad6b7169203331";
/// The webhook listener's path secret, which no span may show.
const PATH_SECRET: &str = "s3cr3t-segment";

/// The gateway binary with JSON logs on its stdout and its spans exported to a receiver.
struct TracedGateway {
    child: Child,
    webhooks: SocketAddr,
    lines: Arc<Mutex<Vec<String>>>,
    reader: Option<std::thread::JoinHandle<()>>,
    _data_dir: tempfile::TempDir,
}

impl TracedGateway {
    /// Starts the binary and waits until its gRPC port answers; starts it again on other ports
    /// (bounded) if it exits first, as when a port taken meanwhile.
    async fn start(platform: &str, receiver: &OtlpReceiver) -> (Self, Channel) {
        for _ in 0..5 {
            let grpc = SocketAddr::from(([127, 0, 0, 1], free_port()));
            let webhooks = SocketAddr::from(([127, 0, 0, 1], free_port()));
            let data_dir = tempfile::tempdir().unwrap();
            let mut child = Command::new(env!("CARGO_BIN_EXE_wadispatch-gateway"))
                .arg("serve")
                .env("WADISPATCH_ALLOW_UNAUTHENTICATED", "true")
                .env("WADISPATCH_UPSTREAM_URL", platform)
                .env("WADISPATCH_GRPC_ADDR", grpc.to_string())
                .env("WADISPATCH_WEBHOOK_ADDR", webhooks.to_string())
                .env("WADISPATCH_WEBHOOK_PATH_SECRET", PATH_SECRET)
                .env("WADISPATCH_DATA_DIR", data_dir.path())
                .env("WADISPATCH_LOG_FORMAT", "json")
                .env("WADISPATCH_OTLP_ENDPOINT", receiver.endpoint())
                // Warnings, and the line each RPC ends with.
                .env("RUST_LOG", "warn,wadispatch_gateway::observe::rpc=debug")
                .env_remove("OTEL_SERVICE_NAME")
                .env_remove("OTEL_RESOURCE_ATTRIBUTES")
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .spawn()
                .unwrap();
            let lines: Arc<Mutex<Vec<String>>> = Arc::default();
            let stdout = child.stdout.take().unwrap();
            let kept = lines.clone();
            let reader = std::thread::spawn(move || {
                for line in std::io::BufReader::new(stdout).lines() {
                    kept.lock().unwrap().push(line.unwrap());
                }
            });
            let mut gateway = Self {
                child,
                webhooks,
                lines,
                reader: Some(reader),
                _data_dir: data_dir,
            };
            for _ in 0..200 {
                if let Some(status) = gateway.child.try_wait().unwrap() {
                    eprintln!("gateway exited before answering ({status}); starting it again");
                    break;
                }
                if let Some(channel) = answering(grpc).await {
                    return (gateway, channel);
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            gateway.kill();
        }
        panic!("the gateway never answered");
    }

    /// SIGTERM, as an orchestrator stops it: the exporter sends its last batch before the exit.
    /// Answers every line it wrote.
    fn stop(mut self) -> Vec<String> {
        let pid = libc::pid_t::try_from(self.child.id()).unwrap();
        // SAFETY: kill(2) on our own child's pid, which is not reaped before `wait` below.
        assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
        let status = self.child.wait().unwrap();
        assert!(status.success(), "the gateway stopped with {status}");
        self.reader.take().unwrap().join().unwrap();
        self.lines.lock().unwrap().clone()
    }

    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for TracedGateway {
    fn drop(&mut self) {
        self.kill();
    }
}

/// The one exported span named `name`.
fn only_span<'a>(spans: &'a [ReceivedSpan], name: &str) -> &'a ReceivedSpan {
    let named: Vec<&ReceivedSpan> = spans.iter().filter(|s| s.name == name).collect();
    assert_eq!(named.len(), 1, "one span {name:?} in {spans:#?}");
    named[0]
}

/// The exported child of `parent` (in its trace) named `name`.
fn child_of<'a>(spans: &'a [ReceivedSpan], parent: &ReceivedSpan, name: &str) -> &'a ReceivedSpan {
    spans
        .iter()
        .find(|s| s.name == name && s.parent_span_id == parent.span_id)
        .unwrap_or_else(|| panic!("no child {name:?} of {parent:#?} in {spans:#?}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn an_rpc_is_traced_from_its_callers_traceparent_to_the_platform() {
    let receiver = OtlpReceiver::start().await;
    let platform = RecordingPlatform::start().await;
    let status_route = routes::GET_TASK_EXECUTION_STATUS;
    platform.answer_fixture(status_route.path, "09-queryExecuteStatus.response.json");
    platform.answer_fixture(routes::START_TASKS.path, "10-batchStart.response.json");
    let (gateway, channel) = TracedGateway::start(&platform.url(), &receiver).await;

    let mut client = TaskServiceClient::new(channel);
    let mut request = tonic::Request::new(GetTaskExecutionStatusRequest {
        task_id: "174".into(),
    });
    let traceparent = format!("00-{CALLER_TRACE_ID}-{CALLER_SPAN_ID}-01");
    let metadata = request.metadata_mut();
    metadata.insert("traceparent", traceparent.parse().unwrap());
    metadata.insert("x-request-id", "status-of-174".parse().unwrap());
    client.get_task_execution_status(request).await.unwrap();
    // A state change, untraced by its caller: sent from a task of its own, still in its RPC's
    // trace.
    client
        .start_tasks(StartTasksRequest {
            task_ids: vec!["12".into()],
            ..Default::default()
        })
        .await
        .unwrap();
    // A webhook, posted on the path with the secret.
    let webhook = format!(
        "http://{}/{PATH_SECRET}/callback/gsTask/syncTaskStatus",
        gateway.webhooks
    );
    let answer = reqwest::Client::new()
        .post(webhook)
        .header("content-type", "application/json")
        .header(
            "traceparent",
            format!("00-{SENDER_TRACE_ID}-{SENDER_SPAN_ID}-01"),
        )
        .body(crate::common::fixture_text(
            "wh-GS_V3_SYNC_TASK_STATUS.request.json",
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
    // The shutdown waits for no open connection.
    drop(client);
    let lines = gateway.stop();
    let spans = receiver.spans();

    let rpc = only_span(&spans, "wadispatch.v1.TaskService/GetTaskExecutionStatus");
    assert_eq!(rpc.kind, 2, "a server span: {rpc:#?}");
    assert_eq!(rpc.trace_id, CALLER_TRACE_ID);
    assert_eq!(rpc.parent_span_id, CALLER_SPAN_ID);
    assert_eq!(rpc.service_name, "wadispatch-gateway");
    for (key, value) in [
        ("rpc.system", "grpc"),
        ("rpc.service", "wadispatch.v1.TaskService"),
        ("rpc.method", "GetTaskExecutionStatus"),
        ("rpc.grpc.status_code", "0"),
        ("caller", "anonymous"),
        ("request_id", "status-of-174"),
        ("trace_id", CALLER_TRACE_ID),
    ] {
        assert_eq!(
            rpc.attributes.get(key).map(String::as_str),
            Some(value),
            "{key}: {rpc:#?}"
        );
    }
    let call_name = format!("GET {}", status_route.path);
    let call = child_of(&spans, rpc, &call_name);
    assert_eq!(call.kind, 3, "a client span: {call:#?}");
    assert_eq!(call.trace_id, CALLER_TRACE_ID);
    assert_eq!(call.attributes["url.path"], status_route.path);
    assert_eq!(call.attributes["http.response.status_code"], "200");

    let received = platform.received();
    let status_call = received
        .iter()
        .find(|r| r.path == status_route.path)
        .unwrap();
    assert_eq!(
        status_call.headers["traceparent"],
        format!("00-{CALLER_TRACE_ID}-{}-01", call.span_id),
        "the platform is told the call's span"
    );

    let start = only_span(&spans, "wadispatch.v1.TaskService/StartTasks");
    assert!(start.parent_span_id.is_empty(), "a new trace: {start:#?}");
    assert_ne!(start.trace_id, CALLER_TRACE_ID);
    let start_call = child_of(&spans, start, &format!("POST {}", routes::START_TASKS.path));
    assert_eq!(start_call.trace_id, start.trace_id);
    let start_received = received
        .iter()
        .find(|r| r.path == routes::START_TASKS.path)
        .unwrap();
    assert!(start_received.headers["traceparent"].contains(&start_call.span_id));
    let ingest = only_span(&spans, "POST /callback/gsTask/syncTaskStatus");
    assert_eq!(ingest.kind, 2, "a server span: {ingest:#?}");
    assert_eq!(ingest.trace_id, SENDER_TRACE_ID);
    assert_eq!(ingest.parent_span_id, SENDER_SPAN_ID);
    assert_eq!(
        ingest.attributes["http.route"],
        "/callback/gsTask/syncTaskStatus"
    );
    assert_eq!(ingest.attributes["http.response.status_code"], "200");
    assert!(
        spans
            .iter()
            .all(|span| !format!("{span:?}").contains(PATH_SECRET)),
        "no span shows the path secret: {spans:#?}"
    );
    // Health checks (the start-up probes) are counted, not traced at info level.
    assert!(
        spans.iter().all(|s| !s.name.starts_with("grpc.health")),
        "{spans:#?}"
    );

    // Every line is JSON; the RPC's carries its trace id, caller and request id.
    let logged: Vec<Value> = lines
        .iter()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect();
    let rpc_line = logged
        .iter()
        .find(|line| {
            line["message"] == "rpc ended"
                && line["spans"][0]["rpc.method"] == "GetTaskExecutionStatus"
        })
        .unwrap_or_else(|| panic!("no line of the RPC in {lines:#?}"));
    let fields = &rpc_line["spans"][0];
    assert_eq!(fields["name"], "rpc");
    assert_eq!(fields["trace_id"], CALLER_TRACE_ID);
    assert_eq!(fields["caller"], "anonymous");
    assert_eq!(fields["request_id"], "status-of-174");
    assert_eq!(rpc_line["grpc_code"], "OK");
}
