//! What many watchers cost: one task snapshot fetch per task however many every-task streams meet
//! it; a slow platform never holds back an every-task stream beyond the snapshot wait; a watch
//! that ends, whatever the reason, leaves no registration behind in the hub.

use std::time::Duration;

use tokio::net::TcpListener;
use tonic::Code;
use wadispatch_gateway::config::{EventArgs, UpstreamArgs};
use wadispatch_gateway::proto::v1::account_service_client::AccountServiceClient;
use wadispatch_gateway::proto::v1::task_service_client::TaskServiceClient;
use wadispatch_gateway::proto::v1::watch_task_response::Update as TaskUpdate;
use wadispatch_gateway::proto::v1::*;
use wadispatch_gateway::upstream::routes;
use wadispatch_gateway::wire::webhook::WebhookKind;

use crate::common;
use crate::common::{event_args, fixture_text, next, no_auth, upstream_settings, Gateway};
use crate::common::{eventually, RecordingPlatform};

/// A platform stand-in and a gateway in front of it, with adjusted settings.
struct Setup {
    platform: RecordingPlatform,
    gateway: Gateway,
}

impl Setup {
    async fn start(
        adjust_upstream: impl FnOnce(&mut UpstreamArgs),
        adjust_events: impl FnOnce(&mut EventArgs),
    ) -> Self {
        let platform = RecordingPlatform::start().await;
        let mut settings = upstream_settings(&platform.url());
        adjust_upstream(&mut settings);
        let mut events = event_args();
        adjust_events(&mut events);
        let webhooks = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let gateway = Gateway::start_with(settings, webhooks, events, no_auth()).await;
        Self { platform, gateway }
    }

    fn tasks(&self) -> TaskServiceClient<tonic::transport::Channel> {
        TaskServiceClient::new(self.gateway.channel.clone())
    }

    /// Opens a WatchTask stream; the call must be accepted.
    async fn watch_task(&self, request: WatchTaskRequest) -> tonic::Streaming<WatchTaskResponse> {
        self.tasks().watch_task(request).await.unwrap().into_inner()
    }

    /// Platform calls for a task snapshot so far.
    fn snapshot_calls(&self) -> usize {
        self.platform
            .received()
            .iter()
            .filter(|r| r.path == routes::GET_TASK_EXECUTION_STATUS.path)
            .count()
    }

    /// Posts a task status webhook; the gateway acknowledges it once it is in the log.
    async fn post_task_status(&self, task_id: &str, status: u8) {
        let body = serde_json::json!({"taskId": task_id, "status": status.to_string()});
        let answer = reqwest::Client::new()
            .post(format!(
                "{}{}",
                self.gateway.webhook_url,
                WebhookKind::TaskStatus.path()
            ))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 200);
    }

    /// Waits until the hub holds exactly `n` registrations.
    async fn registrations_reach(&self, n: usize) {
        let hub = &self.gateway.events.hub;
        eventually(&format!("{n} hub registrations"), || async {
            (hub.registrations() == n).then_some(())
        })
        .await;
    }

    /// Opens `n` every-task streams, live in the hub before this returns.
    async fn every_task_streams(&self, n: usize) -> Vec<tonic::Streaming<WatchTaskResponse>> {
        let mut streams = Vec::with_capacity(n);
        for _ in 0..n {
            let request = WatchTaskRequest::default();
            streams.push(self.watch_task(request).await);
        }
        self.registrations_reach(n).await;
        streams
    }
}

/// A platform stand-in whose every task snapshot is `task_id`'s with `status`, and a gateway
/// that sends no heartbeats (a stream must end, or notice its client left, without one).
async fn without_heartbeats(task_id: &str, status: TaskStatus) -> Setup {
    let setup = Setup::start(
        |_| {},
        |events| events.heartbeat = Duration::from_secs(3600),
    )
    .await;
    let snapshot = serde_json::json!({"code": 200, "message": "success", "data": {"taskId": task_id, "status": status as i32, "info": []}});
    setup.platform.answer(
        routes::GET_TASK_EXECUTION_STATUS.path,
        200,
        snapshot.to_string(),
    );
    setup
}

/// The stream's next message, or `None` at its end; `expecting` names what the 20-second bound
/// waits for.
async fn next_or_end(
    stream: &mut tonic::Streaming<WatchTaskResponse>,
    expecting: &str,
) -> Option<Result<WatchTaskResponse, tonic::Status>> {
    tokio::time::timeout(
        Duration::from_secs(20),
        tokio_stream::StreamExt::next(stream),
    )
    .await
    .expect(expecting)
}

/// The next message that is not a heartbeat, skipping a bounded number of them.
async fn next_update(stream: &mut tonic::Streaming<WatchTaskResponse>) -> WatchTaskResponse {
    for _ in 0..100 {
        let message = next(stream).await;
        if !matches!(message.update, Some(TaskUpdate::Heartbeat(_))) {
            return message;
        }
    }
    panic!("only heartbeats: the expected update never came");
}

#[tokio::test]
async fn every_task_watchers_share_one_snapshot_fetch_per_task() {
    const WATCHERS: usize = 20;
    let setup = Setup::start(|_| {}, |_| {}).await;
    // Slow enough that the watchers meet the task while its fetch is under way.
    setup.platform.answer_after(
        routes::GET_TASK_EXECUTION_STATUS.path,
        200,
        fixture_text("09-queryExecuteStatus.response.json"),
        Duration::from_millis(200),
    );
    let mut streams = setup.every_task_streams(WATCHERS).await;

    setup.post_task_status("new-task", 3).await;
    for stream in &mut streams {
        let message = next_update(stream).await;
        let progress = message.progress.unwrap();
        assert_eq!(progress.task_id, "new-task");
        assert_eq!(progress.status, TaskStatus::Dispatching as i32);
        assert_eq!(progress.total, 2, "counted from the shared snapshot");
    }
    assert_eq!(
        setup.snapshot_calls(),
        1,
        "one platform call for {WATCHERS} watchers"
    );

    // The next events about the task need no snapshot at all.
    setup.post_task_status("new-task", 6).await;
    for stream in &mut streams {
        assert_eq!(
            next_update(stream).await.progress.unwrap().status,
            TaskStatus::Paused as i32
        );
    }
    assert_eq!(setup.snapshot_calls(), 1);

    // Finished, the task is forgotten; a later event about it starts it afresh from a snapshot
    // that reflects the events since (one more fetch, shared again).
    setup
        .post_task_status("new-task", TaskStatus::Completed as u8)
        .await;
    for stream in &mut streams {
        let progress = next_update(stream).await.progress.unwrap();
        assert_eq!(progress.status, TaskStatus::Completed as i32);
    }
    // (A distinct body: the same one again would be a redelivery.)
    setup.post_task_status("new-task", 2).await;
    for stream in &mut streams {
        let progress = next_update(stream).await.progress.unwrap();
        let expected = (TaskStatus::PendingSend as i32, 2);
        assert_eq!((progress.status, progress.total), expected, "{progress:?}");
    }
    assert_eq!(setup.snapshot_calls(), 2);
}

/// A platform that takes an hour to answer a snapshot, and a gateway that would wait for it.
async fn slow_platform() -> Setup {
    let setup = Setup::start(
        |upstream| {
            upstream.upstream_timeout = Duration::from_secs(7200);
            upstream.watch.snapshot_wait = Duration::from_millis(200);
        },
        |_| {},
    )
    .await;
    setup.platform.answer_after(
        routes::GET_TASK_EXECUTION_STATUS.path,
        200,
        fixture_text("09-queryExecuteStatus.response.json"),
        Duration::from_secs(3600),
    );
    setup
}

#[tokio::test]
async fn a_slow_platform_does_not_hold_back_every_task_streams() {
    let setup = slow_platform().await;
    let mut streams = setup.every_task_streams(2).await;
    setup.post_task_status("slow-task", 3).await;
    for stream in &mut streams {
        // Bounded by `next`'s generous limit, far below the platform's hour.
        let message = next_update(stream).await;
        assert!(
            matches!(message.update, Some(TaskUpdate::TaskStatus(_))),
            "{message:?}"
        );
        let progress = message.progress.unwrap();
        assert_eq!(
            (progress.status, progress.total),
            (TaskStatus::Dispatching as i32, 0),
            "progress from the event alone"
        );
    }
    // Both streams waited on the same fetch, which is still under way.
    eventually("the snapshot fetch", || async {
        (setup.snapshot_calls() > 0).then_some(())
    })
    .await;
    assert_eq!(setup.snapshot_calls(), 1);
}

#[tokio::test]
async fn a_slow_snapshot_fails_a_single_task_watch_with_unavailable() {
    let setup = slow_platform().await;
    let request = WatchTaskRequest {
        task_id: "slow-task".into(),
        ..Default::default()
    };
    let mut tasks = setup.tasks();
    let error = tokio::time::timeout(Duration::from_secs(20), tasks.watch_task(request))
        .await
        .expect("answered within the bound, not after the platform's hour")
        .unwrap_err();
    assert_eq!(error.code(), Code::Unavailable, "{error:?}");
    let info = common::error_details(&error).error_info().cloned().unwrap();
    assert_eq!(info.reason, "SNAPSHOT_NOT_READY");
    assert_eq!(info.metadata["task_id"], "slow-task");
}

#[tokio::test]
async fn a_platform_error_still_fails_a_single_task_watch() {
    let setup = Setup::start(|_| {}, |_| {}).await;
    setup.platform.answer(
        routes::GET_TASK_EXECUTION_STATUS.path,
        200,
        r#"{"code": 404, "message": "no such task", "data": null}"#,
    );
    let request = WatchTaskRequest {
        task_id: "missing".into(),
        ..Default::default()
    };
    let error = setup.tasks().watch_task(request).await.unwrap_err();
    assert_eq!(error.code(), Code::NotFound, "{error:?}");
}

#[tokio::test]
async fn finished_and_abandoned_watches_leave_no_registration() {
    const WATCHES: usize = 40;
    // No heartbeats during the test: a stream must notice its client left without sending.
    let setup = without_heartbeats("t", TaskStatus::Dispatching).await;

    // Streams that end with their task (end_when_final).
    let mut ending = Vec::new();
    for i in 0..WATCHES {
        let request = WatchTaskRequest {
            task_id: format!("done-{i}"),
            after_cursor: String::new(),
            end_when_final: true,
        };
        let mut stream = setup.watch_task(request).await;
        assert!(matches!(
            next(&mut stream).await.update,
            Some(TaskUpdate::Snapshot(_))
        ));
        ending.push(stream);
    }
    setup.registrations_reach(WATCHES).await;
    for i in 0..WATCHES {
        setup
            .post_task_status(&format!("done-{i}"), TaskStatus::Completed as u8)
            .await;
    }
    for stream in &mut ending {
        let done = next_update(stream).await;
        assert_eq!(done.progress.unwrap().status, TaskStatus::Completed as i32);
        let end = next_or_end(stream, "the stream ends").await;
        assert!(end.is_none(), "{end:?}");
    }
    setup.registrations_reach(0).await;

    // Streams whose clients leave: one task, and a set of phones.
    let mut abandoned = Vec::new();
    let mut accounts = AccountServiceClient::new(setup.gateway.channel.clone());
    for i in 0..WATCHES {
        let request = WatchTaskRequest {
            task_id: format!("left-{i}"),
            ..Default::default()
        };
        let mut task = setup.watch_task(request).await;
        assert!(matches!(
            next(&mut task).await.update,
            Some(TaskUpdate::Snapshot(_))
        ));
        let request = WatchAccountsRequest {
            phones: vec![format!("86150{i:08}"), format!("86151{i:08}")],
            after_cursor: String::new(),
        };
        let mut phones = accounts.watch_accounts(request).await.unwrap().into_inner();
        next(&mut phones).await;
        abandoned.push((task, phones));
    }
    setup.registrations_reach(2 * WATCHES).await;
    drop(abandoned);
    setup.registrations_reach(0).await;
}

#[tokio::test]
async fn a_replay_of_a_finished_task_ends_when_the_replay_is_done() {
    // No heartbeats: the stream must end on its own once the replay has caught up, although
    // the task's last event is not the log's newest.
    let setup = without_heartbeats("done", TaskStatus::Completed).await;
    setup
        .post_task_status("done", TaskStatus::Completed as u8)
        .await;
    setup
        .post_task_status("other", TaskStatus::Dispatching as u8)
        .await;
    let request = WatchTaskRequest {
        task_id: "done".into(),
        after_cursor: "0".into(),
        end_when_final: true,
    };
    let mut stream = setup.watch_task(request).await;
    let mut updates = Vec::new();
    while let Some(message) =
        next_or_end(&mut stream, "the stream ends once its replay is done").await
    {
        updates.push(message.unwrap().update);
    }
    assert!(
        matches!(
            updates.as_slice(),
            [
                Some(TaskUpdate::Snapshot(_)),
                Some(TaskUpdate::TaskStatus(_))
            ]
        ),
        "the snapshot, the replayed status, then the end: {updates:?}"
    );
    setup.registrations_reach(0).await;
}

#[tokio::test]
async fn a_task_id_longer_than_any_platform_id_is_refused() {
    let setup = Setup::start(|_| {}, |_| {}).await;
    let request = WatchTaskRequest {
        task_id: "t".repeat(129),
        ..Default::default()
    };
    let error = setup.tasks().watch_task(request).await.unwrap_err();
    assert_eq!(error.code(), Code::InvalidArgument, "{error:?}");
    assert!(error.message().contains("task_id"), "{error:?}");
    assert_eq!(setup.snapshot_calls(), 0, "nothing reaches the platform");
}

/// Figures for the notes: platform snapshot calls per new task with 1,000 every-task watchers,
/// and hub registrations after 10,000 finished watches. Run with
/// `cargo test --release --test watch_bounds -- --ignored --nocapture`.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "a measurement, minutes long"]
async fn measure_snapshot_calls_and_leftover_registrations() {
    const WATCHERS: usize = 1000;
    const STREAMS_PER_CONNECTION: usize = 100;
    const NEW_TASKS: usize = 5;
    const FINISHED: usize = 10_000;
    let setup = Setup::start(|_| {}, |_| {}).await;
    setup.platform.answer_fixture(
        routes::GET_TASK_EXECUTION_STATUS.path,
        "09-queryExecuteStatus.response.json",
    );
    let mut streams = Vec::with_capacity(WATCHERS);
    for _ in 0..WATCHERS / STREAMS_PER_CONNECTION {
        let channel =
            tonic::transport::Channel::from_shared(format!("http://{}", setup.gateway.addr))
                .unwrap()
                .connect()
                .await
                .unwrap();
        for _ in 0..STREAMS_PER_CONNECTION {
            let mut tasks = TaskServiceClient::new(channel.clone());
            let request = WatchTaskRequest::default();
            streams.push(tasks.watch_task(request).await.unwrap().into_inner());
        }
    }
    setup.registrations_reach(WATCHERS).await;
    for n in 0..NEW_TASKS {
        setup.post_task_status(&format!("measured-{n}"), 3).await;
        for stream in &mut streams {
            next_update(stream).await;
        }
    }
    let calls = setup.snapshot_calls();
    println!(
        "{WATCHERS} every-task watchers, {NEW_TASKS} new tasks: {calls} snapshot calls ({} per new task)",
        calls as f64 / NEW_TASKS as f64
    );
    drop(streams);
    setup.registrations_reach(0).await;

    for i in 0..FINISHED {
        let task_id = format!("finished-{i}");
        let request = WatchTaskRequest {
            task_id: task_id.clone(),
            after_cursor: String::new(),
            end_when_final: true,
        };
        let mut stream = setup.watch_task(request).await;
        next(&mut stream).await;
        setup
            .post_task_status(&task_id, TaskStatus::Completed as u8)
            .await;
        while next_or_end(&mut stream, "the stream ends").await.is_some() {}
    }
    // Unregistering is queued, not awaited: let the hub take the last commands.
    tokio::time::sleep(Duration::from_millis(500)).await;
    println!(
        "hub registrations after {FINISHED} finished watches: {}",
        setup.gateway.events.hub.registrations()
    );
}
