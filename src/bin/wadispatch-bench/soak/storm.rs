//! 3. Snapshot storm. Many every-task `WatchTask` streams are open when new tasks arrive: tasks
//!    created through the gateway's own create RPC, then one webhook about each. Every stream
//!    must get each new task's event, and the platform must be asked for each new task's
//!    snapshot (`queryExecuteStatus`, counted by the simulator) about once per gateway, not once
//!    per stream.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::task::JoinSet;
use tonic::transport::Channel;
use wadispatch_gateway::proto::v1::message_content::Kind;
use wadispatch_gateway::proto::v1::task_service_client::TaskServiceClient;
use wadispatch_gateway::proto::v1::{
    watch_task_response::Update, CreateUnassignedTaskRequest, MessageContent, TargetType,
    TaskOptions, TextContent, WatchTaskRequest,
};

use super::{wait_until, Outcome};
use crate::load::{self, Status};
use crate::procs;
use crate::stats::show_count;
use crate::Bench;

pub(super) const TITLE: &str = "3. Snapshot storm: every-task watchers and new tasks";

/// Streams per HTTP/2 connection: below any sane max-concurrent-streams setting.
const STREAMS_PER_CONNECTION: usize = 50;
/// Platform snapshot calls allowed per new task and gateway. One is the design (a single fetch
/// shared by every stream); the second covers a stream so far behind that the shared entry
/// expired before it met the task, which a small cache with expiry allows. Calls that fail to
/// connect and are retried never reach the platform, so retries are not counted. Without the
/// sharing it is one per watcher (hundreds).
const CALLS_PER_TASK_BOUND: f64 = 2.0;
/// Generous bound of the wait for every stream to get every new task's event.
const DELIVERY_DEADLINE: Duration = Duration::from_secs(300);
/// How long the descriptors are watched for coming back after the streams closed (printed,
/// not judged: idle pooled connections may stay until the pool's own idle timeout).
const RELEASE_WAIT: Duration = Duration::from_secs(10);
/// Recipient status "sent".
const SENT: i32 = 4;

/// Which tasks each stream has seen, counted per task: (stream, task) pairs.
#[derive(Default)]
struct Seen {
    streams_per_task: Mutex<HashMap<String, usize>>,
    errors: Mutex<Vec<String>>,
}

pub(super) async fn run(bench: &Bench) -> Outcome {
    let sizes = &bench.plan.soak;
    let (watchers, tasks) = (sizes.storm_watchers, sizes.storm_tasks);
    let mut outcome = Outcome::new(
        TITLE,
        format!(
            "{watchers} every-task `WatchTask` streams ({STREAMS_PER_CONNECTION} per HTTP/2 \
             connection) on a fresh gateway; then {tasks} tasks created through its \
             `CreateUnassignedTask`, and one recipient-status webhook about each. Every stream \
             must get every new task's event; the simulator counts the `queryExecuteStatus` \
             calls the gateway made meanwhile. Bound: {CALLS_PER_TASK_BOUND} per new task (one \
             shared fetch, plus one after a cache expiry for a stream far behind)."
        ),
    );
    let gateway = procs::start_gateway(
        &bench.gateway_bin,
        &bench.work,
        "soak-storm",
        bench.sim_addr,
        &[],
    )
    .await;
    let sim_port = bench.sim_addr.port();
    let platform_connections = || gateway.proc.connections(|_, remote| remote == sim_port);
    let http = load::http_client();
    let fds_start = gateway.proc.fd_count();

    let seen = Arc::new(Seen::default());
    let channels = load::grpc_channels(gateway.grpc, watchers, STREAMS_PER_CONNECTION).await;
    let mut readers = JoinSet::new();
    for i in 0..watchers {
        let opened = open_watcher(channels[i / STREAMS_PER_CONNECTION].clone(), seen.clone()).await;
        match opened {
            Ok(reader) => {
                readers.spawn(reader);
            }
            Err(error) => outcome.fail(format!("stream {i} did not open: {error}")),
        }
    }
    let fds_open = gateway.proc.fd_count();

    let calls_before = load::sim_calls(&http, bench.sim_addr, load::EXECUTE_STATUS_PATH).await;
    let mut client = TaskServiceClient::new(channels[0].clone());
    let url = format!("http://{}{}", gateway.webhooks, load::DETAIL_STATUS_PATH);
    let mut new_tasks = Vec::new();
    for t in 0..tasks {
        let target = load::target_of(t as u64);
        let created = client
            .create_unassigned_task(CreateUnassignedTaskRequest {
                options: Some(TaskOptions {
                    name: format!("soak-storm-{t}"),
                    target_type: TargetType::Individual as i32,
                    ..Default::default()
                }),
                targets: vec![target.clone()],
                contents: vec![MessageContent {
                    kind: Some(Kind::Text(TextContent {
                        text: "storm".into(),
                    })),
                    ..Default::default()
                }],
                ..Default::default()
            })
            .await;
        let task_id = match created {
            Ok(answer) => answer.into_inner().task_id,
            Err(status) => {
                outcome.fail(format!("CreateUnassignedTask failed: {status}"));
                continue;
            }
        };
        let status = Status {
            info_id: t as u64,
            target,
            status: SENT,
        };
        let body = load::detail_status_body([(task_id.as_str(), vec![status])]);
        if let Err(error) = load::post_webhook(&http, &url, body).await {
            outcome.fail(format!("the webhook about a new task failed: {error}"));
        }
        new_tasks.push(task_id);
    }

    let expected = watchers * new_tasks.len();
    let delivered = |seen: &Seen| -> usize {
        let per_task = seen.streams_per_task.lock().unwrap();
        new_tasks
            .iter()
            .map(|t| per_task.get(t).copied().unwrap_or(0))
            .sum()
    };
    wait_until(DELIVERY_DEADLINE, || {
        (delivered(&seen) >= expected).then_some(())
    })
    .await;
    let deliveries = delivered(&seen);
    let calls =
        load::sim_calls(&http, bench.sim_addr, load::EXECUTE_STATUS_PATH).await - calls_before;
    let fds_storm = gateway.proc.fd_count();
    let platform_after_storm = platform_connections();

    drop(client);
    readers.abort_all();
    while readers.join_next().await.is_some() {}
    drop(channels);
    let fds_closed = wait_until(RELEASE_WAIT, || {
        let fds = gateway.proc.fd_count();
        (fds <= fds_start).then_some(fds)
    })
    .await
    .unwrap_or_else(|| gateway.proc.fd_count());
    let platform_closed = platform_connections();
    gateway.proc.kill();

    let per_task = calls as f64 / new_tasks.len().max(1) as f64;
    outcome.figure(
        "every-task streams × new tasks",
        format!("{watchers} × {}", new_tasks.len()),
        "–",
    );
    outcome.figure(
        "new-task events delivered to the streams",
        format!(
            "{} of {}",
            show_count(deliveries as f64),
            show_count(expected as f64)
        ),
        "all",
    );
    outcome.figure(
        "platform snapshot calls (queryExecuteStatus)",
        show_count(calls as f64),
        "–",
    );
    outcome.figure(
        "platform calls per new task",
        format!("{per_task:.2}"),
        &format!("≤ {CALLS_PER_TASK_BOUND}"),
    );
    outcome.figure(
        format!(
            "gateway descriptors: start / streams open / after the storm / streams closed \
             (≤ {} s later)",
            RELEASE_WAIT.as_secs()
        ),
        format!("{fds_start} / {fds_open} / {fds_storm} / {fds_closed}"),
        "–",
    );
    outcome.figure(
        "gateway connections to the platform: after the storm / streams closed",
        format!("{platform_after_storm} / {platform_closed}"),
        "–",
    );
    outcome.check(deliveries >= expected, || {
        format!(
            "only {deliveries} of {expected} new-task events reached the streams within {} s",
            DELIVERY_DEADLINE.as_secs()
        )
    });
    outcome.check(per_task <= CALLS_PER_TASK_BOUND, || {
        let why = if per_task >= watchers as f64 / 2.0 {
            " - about one per stream: the streams do not share the fetch"
        } else {
            ""
        };
        format!(
            "{calls} snapshot calls to the platform for {} new tasks with {watchers} every-task \
             streams: {per_task:.1} per task, bound {CALLS_PER_TASK_BOUND}{why}",
            new_tasks.len()
        )
    });
    for error in seen.errors.lock().unwrap().iter().take(3) {
        outcome.fail(format!("a stream failed: {error}"));
    }
    outcome
}

/// Opens an every-task stream; the returned future reads it, counting each task it meets once.
async fn open_watcher(
    channel: Channel,
    seen: Arc<Seen>,
) -> Result<impl std::future::Future<Output = ()> + Send + 'static, String> {
    let mut stream = load::watch_task(channel, WatchTaskRequest::default()).await?;
    Ok(async move {
        let mut tasks: HashSet<String> = HashSet::new();
        loop {
            let task_id = match stream.message().await {
                Ok(Some(message)) => match message.update {
                    Some(Update::TaskStatus(e)) => e.task_id,
                    Some(Update::RecipientStatus(e)) => e.task_id,
                    Some(Update::Reply(e)) => e.task_id,
                    _ => continue,
                },
                Ok(None) => return,
                Err(status) => {
                    seen.errors.lock().unwrap().push(status.to_string());
                    return;
                }
            };
            if tasks.insert(task_id.clone()) {
                *seen
                    .streams_per_task
                    .lock()
                    .unwrap()
                    .entry(task_id)
                    .or_default() += 1;
            }
        }
    })
}
