//! 5. Finished watches. Many `WatchTask(task_id, end_when_final)` streams on finished tasks are
//!    opened and run to their end: each replays its task's event from the log (so it registers
//!    with the live fan-out, as every stream that catches up does) and ends once caught up,
//!    the task being final. After a warm-up batch of the same kind, the gateway's memory must
//!    stay flat across the measured batch: a finished stream leaves nothing behind.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use tonic::transport::Channel;
use wadispatch_gateway::proto::v1::task_service_client::TaskServiceClient;
use wadispatch_gateway::proto::v1::{
    watch_task_response::Update, GetTaskExecutionStatusRequest, TaskStatus, WatchTaskRequest,
};

use super::Outcome;
use crate::load::{self, Status};
use crate::procs;
use crate::stats::show_count;
use crate::Bench;

pub(super) const TITLE: &str = "5. Finished watches: memory after they end";

/// Finished tasks the streams watch. One: a stream ends once it has replayed up to the latest
/// event at its start, so its task's event must be the log's latest (with several tasks, the
/// streams of the others would wait for a heartbeat to learn they caught up).
const TASKS: usize = 1;
/// Streams open at once, and per HTTP/2 connection.
const CONCURRENCY: usize = 64;
const STREAMS_PER_CONNECTION: usize = 32;
/// RSS growth allowed per finished stream, amortised over the measured batch (after a warm-up
/// batch). The leak this finds keeps each finished stream's hub registration with its live
/// channel: measured at 1.0-1.5 KiB per stream in release builds and 1.6-2.2 KiB in debug
/// builds, in every batch of 10,000. A gateway that frees finished streams still grows a little
/// while its allocator settles: with the registrations removed, the first 10,000 streams after
/// the warm-up grew RSS by at most 400 bytes each, falling towards 0-100 over the next batches.
/// 600 bytes sits between the two: below half of the smallest leak measured, above the largest
/// settling growth.
const BYTES_PER_WATCH_BOUND: f64 = 600.0;
/// Generous bounds: one stream's whole life, and the simulator finishing the tasks.
const STREAM_DEADLINE: Duration = Duration::from_secs(60);
const FINISH_DEADLINE: Duration = Duration::from_secs(120);
/// Recipient status "read".
const READ: i32 = 6;

/// What the streams did.
#[derive(Default)]
struct Watched {
    ended: AtomicUsize,
    errors: Mutex<Vec<String>>,
}

pub(super) async fn run(bench: &Bench) -> Outcome {
    let sizes = &bench.plan.soak;
    let (warm_up, measured) = (sizes.finished_warm_up, sizes.finished_watches);
    let mut outcome = Outcome::new(
        TITLE,
        format!(
            "{TASKS} task finished at the simulator, one webhook about it in the log. Then \
             `WatchTask(task_id, after_cursor: \"0\", end_when_final: true)` streams, \
             {CONCURRENCY} at a time: each gets the snapshot and the task's event, then ends. \
             {warm_up} warm-up streams, the gateway's RSS, {measured} measured streams, RSS \
             again. Bound: {BYTES_PER_WATCH_BOUND:.0} bytes of RSS growth per finished stream \
             (the leak keeps 1-2 KiB each; a gateway that frees finished streams reuses the \
             warm-up's memory, growing by at most a few hundred bytes per stream while its \
             allocator settles)."
        ),
    );
    let gateway = procs::start_gateway(
        &bench.gateway_bin,
        &bench.work,
        "soak-finished",
        bench.sim_addr,
        &[],
    )
    .await;
    let http = load::http_client();
    let channels = load::grpc_channels(gateway.grpc, CONCURRENCY, STREAMS_PER_CONNECTION).await;
    let mut tasks = Vec::new();
    for t in 0..TASKS {
        let target = load::target_of(t as u64);
        tasks.push(
            load::create_task(
                &http,
                bench.sim_addr,
                &format!("soak-finished-{t}"),
                &[target],
            )
            .await,
        );
    }
    let mut client = TaskServiceClient::new(channels[0].clone());
    for task_id in &tasks {
        let finished = finished(&mut client, task_id).await;
        outcome.check(finished, || {
            format!(
                "task {task_id} did not finish within {} s",
                FINISH_DEADLINE.as_secs()
            )
        });
    }
    // One event per task in the log: every stream replays it, registering with the hub.
    let url = format!("http://{}{}", gateway.webhooks, load::DETAIL_STATUS_PATH);
    for (t, task_id) in tasks.iter().enumerate() {
        let status = Status {
            info_id: t as u64,
            target: load::target_of(t as u64),
            status: READ,
        };
        let body = load::detail_status_body([(task_id.as_str(), vec![status])]);
        if let Err(error) = load::post_webhook(&http, &url, body).await {
            outcome.fail(format!("a webhook about a finished task failed: {error}"));
        }
    }

    let watched = Arc::new(Watched::default());
    watch_all(&channels, &tasks, warm_up, &watched).await;
    let rss_before = gateway.proc.rss_bytes();
    watch_all(&channels, &tasks, measured, &watched).await;
    let rss_after = gateway.proc.rss_bytes();
    let fds_after = gateway.proc.fd_count();
    gateway.proc.kill();

    let ended = watched.ended.load(Ordering::Relaxed);
    let growth = rss_after as f64 - rss_before as f64;
    let per_watch = growth / measured.max(1) as f64;
    outcome.figure(
        "streams finished (warm-up + measured)",
        format!(
            "{} of {}",
            show_count(ended as f64),
            show_count((warm_up + measured) as f64)
        ),
        "all",
    );
    outcome.figure(
        "gateway RSS: after the warm-up / after the measured streams",
        format!(
            "{:.1} MiB / {:.1} MiB",
            rss_before as f64 / 1048576.0,
            rss_after as f64 / 1048576.0
        ),
        "–",
    );
    outcome.figure(
        "RSS growth per finished stream",
        format!("{per_watch:.0} bytes ({:.2} KiB)", per_watch / 1024.0),
        &format!("≤ {BYTES_PER_WATCH_BOUND:.0} bytes"),
    );
    outcome.figure("gateway descriptors after", fds_after.to_string(), "–");
    outcome.check(ended == warm_up + measured, || {
        format!(
            "only {ended} of {} streams ended as they should",
            warm_up + measured
        )
    });
    for error in watched.errors.lock().unwrap().iter().take(3) {
        outcome.fail(format!("a stream: {error}"));
    }
    outcome.check(per_watch <= BYTES_PER_WATCH_BOUND, || {
        format!(
            "the gateway's RSS grew by {:.1} MiB over {measured} finished streams: {per_watch:.0} \
             bytes each, bound {BYTES_PER_WATCH_BOUND:.0} (a finished stream's state is kept)",
            growth / 1048576.0
        )
    });
    outcome
}

/// Waits until the task is completed or stopped.
async fn finished(client: &mut TaskServiceClient<Channel>, task_id: &str) -> bool {
    let done = |status: i32| {
        matches!(
            TaskStatus::try_from(status),
            Ok(TaskStatus::Completed | TaskStatus::Stopped)
        )
    };
    let deadline = tokio::time::Instant::now() + FINISH_DEADLINE;
    while tokio::time::Instant::now() < deadline {
        let request = GetTaskExecutionStatusRequest {
            task_id: task_id.to_owned(),
        };
        if let Ok(answer) = client.get_task_execution_status(request).await {
            if done(answer.into_inner().status) {
                return true;
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    false
}

/// Runs `count` finished watches, `CONCURRENCY` at a time, round-robin over the tasks.
async fn watch_all(channels: &[Channel], tasks: &[String], count: usize, watched: &Arc<Watched>) {
    let permits = Arc::new(Semaphore::new(CONCURRENCY));
    let mut running = JoinSet::new();
    for i in 0..count {
        let permit = permits.clone().acquire_owned().await.expect("permits");
        let channel = channels[i % channels.len()].clone();
        let task_id = tasks[i % tasks.len()].clone();
        let watched = watched.clone();
        running.spawn(async move {
            let _permit = permit;
            match tokio::time::timeout(STREAM_DEADLINE, watch_to_end(channel, task_id)).await {
                Ok(Ok(())) => {
                    watched.ended.fetch_add(1, Ordering::Relaxed);
                }
                Ok(Err(error)) => watched.errors.lock().unwrap().push(error),
                Err(_) => watched.errors.lock().unwrap().push(format!(
                    "did not end within {} s",
                    STREAM_DEADLINE.as_secs()
                )),
            }
        });
        // Reap as they finish: the set stays as small as the concurrency.
        while running.try_join_next().is_some() {}
    }
    while running.join_next().await.is_some() {}
}

/// One finished watch: the snapshot, the task's event, then the end of the stream (heartbeats
/// before the end are allowed: they carry no state).
async fn watch_to_end(channel: Channel, task_id: String) -> Result<(), String> {
    let request = WatchTaskRequest {
        task_id: task_id.clone(),
        after_cursor: "0".into(),
        end_when_final: true,
    };
    let mut stream = load::watch_task(channel, request).await?;
    let mut updates = Vec::new();
    while let Some(message) = stream
        .message()
        .await
        .map_err(|s| format!("WatchTask stream: {s}"))?
    {
        if !matches!(message.update, Some(Update::Heartbeat(_))) {
            updates.push(message.update);
        }
    }
    match updates.as_slice() {
        [Some(Update::Snapshot(_)), Some(Update::RecipientStatus(_))] => Ok(()),
        other => Err(format!(
            "{task_id}: expected the snapshot and one event, got {other:?}"
        )),
    }
}
