//! The dashboard in a real browser: `demo` (the gateway in front of the simulator) with its
//! dashboard, and `tests/browser/dashboard.mjs` driving Debian's Chromium through Playwright
//! against it. The script signs in, watches campaigns this test creates, pauses and resumes
//! through gRPC at its request, reloads the page and cuts its connections mid-campaign, and
//! compares what the page shows with the platform's final state; it saves screenshots under
//! `target/screenshots/`. See `tests/common/browser.rs` for how Chromium and Playwright are
//! installed on a fresh machine.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{json, Value};
use tonic::service::interceptor::InterceptedService;
use tonic::transport::Channel;
use wadispatch_gateway::callers::keys::{new_entry, KeyLimits};
use wadispatch_gateway::proto::v1::task_service_client::TaskServiceClient;
use wadispatch_gateway::proto::v1::*;

use crate::common::browser;

/// Bound of the whole browser run; each of the script's waits has its own, shorter one.
const RUN_BOUND: Duration = Duration::from_secs(600);
/// The simulator's time multiplier: slow enough that a 300-recipient campaign takes seconds to
/// dispatch, so the script pauses it in the middle however loaded the machine is; fast enough
/// that the run takes well under a minute.
const SIM_SPEED: &str = "0.25";

/// A child process killed when dropped, so a failing test leaves none behind.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

type Tasks = TaskServiceClient<
    InterceptedService<
        Channel,
        Box<dyn FnMut(tonic::Request<()>) -> Result<tonic::Request<()>, tonic::Status> + Send>,
    >,
>;

fn tasks_client(channel: Channel, key: &str) -> Tasks {
    let bearer: tonic::metadata::MetadataValue<_> = format!("Bearer {key}").parse().unwrap();
    TaskServiceClient::with_interceptor(
        channel,
        Box::new(move |mut request: tonic::Request<()>| {
            request
                .metadata_mut()
                .insert("authorization", bearer.clone());
            Ok(request)
        }),
    )
}

/// A key file with three callers: `ops` may do everything, `viewer` may watch and read tasks but
/// not the audit trail (no dead letters), `reporter` may only read tasks (no dashboard); answers
/// the three keys.
fn write_keys(path: &std::path::Path) -> [String; 3] {
    let mut file = String::new();
    let mut keys = Vec::new();
    for (name, permissions) in [
        ("ops", &["*"][..]),
        (
            "viewer",
            &["tasks.read", "tasks.watch", "accounts.watch"][..],
        ),
        ("reporter", &["tasks.read"][..]),
    ] {
        let (key, entry) = new_entry(name, permissions, &KeyLimits::default()).unwrap();
        file.push_str(&entry);
        file.push('\n');
        keys.push(key);
    }
    std::fs::write(path, file).unwrap();
    keys.try_into().unwrap()
}

/// What the script's requests act on: the gRPC API and the webhook listener.
struct Controls {
    tasks: Tasks,
    webhooks: String,
}

/// Carries out one of the script's requests: `create`, `pause` and `resume` a campaign through
/// gRPC, or post a `bad_webhook` the listener cannot read (it becomes a dead letter).
async fn control(controls: &mut Controls, request: &Value) -> Result<Value, tonic::Status> {
    let tasks = &mut controls.tasks;
    let task_ids = || vec![request["task_id"].as_str().unwrap_or_default().to_owned()];
    match request["op"].as_str() {
        Some("bad_webhook") => {
            let status = crate::common::process::post_task_status(
                &reqwest::Client::new(),
                controls.webhooks.parse().unwrap(),
                "this is not JSON".into(),
            )
            .await;
            Ok(json!({"status": status}))
        }
        Some("create") => {
            let recipients = request["recipients"].as_u64().unwrap_or(100);
            let created = tasks
                .create_unassigned_task(CreateUnassignedTaskRequest {
                    options: Some(TaskOptions {
                        name: "browser test".into(),
                        target_type: TargetType::Individual as i32,
                        ..Default::default()
                    }),
                    targets: (1..=recipients).map(|i| format!("86152{i:08}")).collect(),
                    contents: vec![MessageContent {
                        kind: Some(message_content::Kind::Text(TextContent {
                            text: "Hello from the dashboard's browser test".into(),
                        })),
                        ..Default::default()
                    }],
                    ..Default::default()
                })
                .await?
                .into_inner();
            Ok(json!({"task_id": created.task_id}))
        }
        Some("pause") => {
            tasks
                .pause_tasks(PauseTasksRequest {
                    task_ids: task_ids(),
                    ..Default::default()
                })
                .await?;
            Ok(json!({}))
        }
        Some("resume") => {
            tasks
                .start_tasks(StartTasksRequest {
                    task_ids: task_ids(),
                    ..Default::default()
                })
                .await?;
            Ok(json!({}))
        }
        other => Err(tonic::Status::invalid_argument(format!(
            "unknown request {other:?}"
        ))),
    }
}

/// Sends each line `from` gives to `to`, from a thread of its own (reading a pipe blocks).
fn forward_lines(
    from: impl std::io::Read + Send + 'static,
    to: tokio::sync::mpsc::UnboundedSender<String>,
) {
    std::thread::spawn(move || {
        for line in BufReader::new(from).lines().map_while(Result::ok) {
            if to.send(line).is_err() {
                break;
            }
        }
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_in_a_real_browser() {
    let chromium = browser::chromium_bin();
    browser::install_playwright();

    let data_dir = tempfile::tempdir().unwrap();
    let key_file = data_dir.path().join("keys.toml");
    let [ops, viewer, reporter] = write_keys(&key_file);
    let mut demo = Killed(
        Command::new(env!("CARGO_BIN_EXE_wadispatch-gateway"))
            .args(["demo", "--speed", SIM_SPEED])
            .args([
                "--grpc-addr",
                "127.0.0.1:0",
                "--webhook-addr",
                "127.0.0.1:0",
            ])
            .args(["--listen", "127.0.0.1:0", "--metrics-addr", "127.0.0.1:0"])
            .args(["--dashboard-addr", "127.0.0.1:0"])
            .arg("--api-keys")
            .arg(&key_file)
            .arg("--data-dir")
            .arg(data_dir.path())
            .env("NO_COLOR", "1")
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    // The guide the demo prints: the gRPC address, then (last) the dashboard's URL.
    let mut guide = BufReader::new(demo.0.stdout.take().unwrap()).lines();
    let mut grpc = None;
    let mut webhooks = None;
    let mut dashboard = None;
    for line in guide.by_ref() {
        let line = line.unwrap();
        let mut words = line.split_whitespace();
        match (words.next(), words.next()) {
            (Some("gRPC"), Some("gateway")) => grpc = words.next().map(str::to_owned),
            (Some("webhook"), Some("listener")) => {
                webhooks = words
                    .next()
                    .and_then(|url| url.strip_prefix("http://"))
                    .map(str::to_owned)
            }
            (Some("dashboard"), Some(url)) => {
                dashboard = Some(url.to_owned());
                break;
            }
            _ => {}
        }
    }
    let grpc = grpc.expect("the demo prints its gRPC address");
    let webhooks = webhooks.expect("the demo prints its webhook listener's address");
    let dashboard = dashboard.expect("the demo prints its dashboard's URL");
    // With callers given, the demo's link carries no key: the script signs in with ops's.
    assert!(
        dashboard.starts_with("http://127.0.0.1:") && dashboard.ends_with('/'),
        "{dashboard}"
    );
    // The demo prints nothing more that matters; its stdout must not fill up and block it.
    std::thread::spawn(move || guide.for_each(drop));

    let channel = Channel::from_shared(format!("http://{grpc}"))
        .unwrap()
        .connect()
        .await
        .unwrap();
    let mut controls = Controls {
        tasks: tasks_client(channel, &ops),
        webhooks,
    };

    let screenshots = browser::screenshot_dir();
    std::fs::create_dir_all(&screenshots).unwrap();
    let mut node = Killed(
        Command::new("node")
            .arg(browser::script_dir().join("dashboard.mjs"))
            .arg("--url")
            .arg(format!("{dashboard}#key={ops}"))
            .arg("--viewer-key")
            .arg(&viewer)
            .arg("--unwatching-key")
            .arg(&reporter)
            .arg("--screenshots")
            .arg(&screenshots)
            .arg("--chromium")
            .arg(&chromium)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("node runs (the browser tests need Node.js)"),
    );
    let mut to_script = node.0.stdin.take().unwrap();
    // Both of the script's outputs, line by line, into the test's own (captured) output.
    let (lines, mut from_script) = tokio::sync::mpsc::unbounded_channel();
    let stdout = node.0.stdout.take().unwrap();
    let stderr = node.0.stderr.take().unwrap();
    forward_lines(stdout, lines.clone());
    forward_lines(stderr, lines);
    let run = async {
        while let Some(line) = from_script.recv().await {
            let Some(request) = line.strip_prefix("@@control ") else {
                eprintln!("{line}");
                continue;
            };
            let request: Value = serde_json::from_str(request).unwrap();
            let answer = control(&mut controls, &request)
                .await
                .unwrap_or_else(|status| json!({"error": status.to_string()}));
            eprintln!("control {request} -> {answer}");
            writeln!(to_script, "{answer}").unwrap();
        }
    };
    tokio::time::timeout(RUN_BOUND, run)
        .await
        .expect("the browser run ends within its bound");
    let status = node.0.wait().unwrap();
    eprintln!("screenshots in {}", screenshots.display());
    assert!(
        status.success(),
        "the browser test failed ({status}): see its output above and the screenshots in {}",
        screenshots.display()
    );
}
