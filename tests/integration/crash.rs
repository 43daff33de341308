//! `kill -9` of the gateway binary during and between webhook bursts from the platform simulator
//! loses no acknowledged event: after the restarts every status change and reply of the task is on
//! the WatchTask stream, once, in cursor order, and a stream resumed from a cursor in the middle
//! continues with no gap and no duplicate.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::net::SocketAddr;
use std::time::Duration;

use tokio_stream::StreamExt;
use tonic::transport::Channel;
use wadispatch_gateway::proto::v1::task_service_client::TaskServiceClient;
use wadispatch_gateway::proto::v1::watch_task_response::Update;
use wadispatch_gateway::proto::v1::*;
use wadispatch_gateway::sim::delivery::DeliveryStats;

use crate::common;
use crate::common::delivery::{
    campaign, delivered, execution_status, lifecycle, settle, wait_completed, wait_delivered,
};
use crate::common::process::{free_port, GatewayProcess};
use crate::common::{sim_args, start_simulator};

/// Recipients of the task: enough webhooks for a burst that lasts a while.
const RECIPIENTS: usize = 300;
/// One WatchTask stream from `after_cursor` to the end of the log: the snapshot, then every
/// event up to the first heartbeat (which the gateway sends only once the stream has caught up
/// with the log and nothing new arrives; nothing does once the simulator has settled).
async fn replay(
    channel: &Channel,
    task_id: &str,
    after_cursor: &str,
) -> (WatchTaskResponse, Vec<WatchTaskResponse>) {
    let mut stream = TaskServiceClient::new(channel.clone())
        .watch_task(WatchTaskRequest {
            task_id: task_id.to_owned(),
            after_cursor: after_cursor.to_owned(),
            // Not end_when_final: watch.rs ends such a stream right after the snapshot when the
            // task is already final, without replaying the log after `after_cursor`. The first
            // heartbeat marks the end of the replay instead.
            end_when_final: false,
        })
        .await
        .unwrap()
        .into_inner();
    let snapshot = next(&mut stream).await;
    assert!(
        matches!(snapshot.update, Some(Update::Snapshot(_))),
        "{snapshot:?}"
    );
    let mut events = Vec::new();
    loop {
        let message = next(&mut stream).await;
        if matches!(message.update, Some(Update::Heartbeat(_))) {
            return (snapshot, events);
        }
        events.push(message);
        assert!(events.len() < 100_000, "the stream never caught up");
    }
}

async fn next(stream: &mut tonic::Streaming<WatchTaskResponse>) -> WatchTaskResponse {
    tokio::time::timeout(Duration::from_secs(30), stream.next())
        .await
        .expect("a message within the bound")
        .expect("the stream stays open until the test ends it")
        .expect("not an error")
}

fn cursor(message: &WatchTaskResponse) -> u64 {
    message
        .cursor
        .parse()
        .unwrap_or_else(|_| panic!("cursor {:?}", message.cursor))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_during_and_between_webhook_bursts_loses_no_acknowledged_event() {
    let data_dir = tempfile::tempdir().unwrap();
    let webhooks = SocketAddr::from(([127, 0, 0, 1], free_port()));
    let sim = start_simulator(sim_args(2.0, Some(format!("http://{webhooks}")))).await;
    let mut gateway = GatewayProcess::new(
        format!("http://{}", sim.addr),
        webhooks,
        data_dir.path().to_path_buf(),
    );
    let channel = gateway.start().await;

    let task_id = TaskServiceClient::new(channel)
        .create_unassigned_task(campaign("crash", RECIPIENTS))
        .await
        .unwrap()
        .into_inner()
        .task_id;

    // 1. During the burst: a few webhooks in.
    let base = delivered(&sim);
    wait_delivered(&sim, base + 10).await;
    gateway.kill();
    eprintln!("kill 1 after {} acknowledged webhooks", delivered(&sim));
    // Down long enough for deliveries to fail and be retried later.
    tokio::time::sleep(Duration::from_millis(300)).await;
    gateway.start().await;

    // 2. While the backlog of the downtime drains.
    let resumed = delivered(&sim);
    wait_delivered(&sim, resumed + 40).await;
    gateway.kill();
    eprintln!("kill 2 after {} acknowledged webhooks", delivered(&sim));
    let channel = gateway.start().await;

    wait_completed(&channel, &task_id).await;
    settle(&sim).await;

    // 3. Between bursts: nothing in flight.
    gateway.kill();
    eprintln!("kill 3 after {} acknowledged webhooks", delivered(&sim));
    let channel = gateway.start().await;

    let stats = &sim.delivery;
    eprintln!(
        "simulator: {} webhooks acknowledged in {} attempts, {} abandoned, {} dropped",
        DeliveryStats::get(&stats.delivered),
        DeliveryStats::get(&stats.attempts),
        DeliveryStats::get(&stats.abandoned),
        DeliveryStats::get(&stats.dropped),
    );
    assert_eq!(
        DeliveryStats::get(&stats.abandoned),
        0,
        "no webhook given up"
    );
    assert_eq!(DeliveryStats::get(&stats.dropped), 0);
    assert!(
        DeliveryStats::get(&stats.attempts) > DeliveryStats::get(&stats.delivered),
        "the kills made deliveries fail and be retried"
    );

    let status = execution_status(&channel, &task_id).await;
    assert_eq!(status.status, TaskStatus::Completed as i32);
    assert_eq!(status.recipients.len(), RECIPIENTS);
    let finals: HashMap<&str, i32> = status
        .recipients
        .iter()
        .map(|r| (r.target.as_str(), r.status))
        .collect();
    assert_eq!(finals.len(), RECIPIENTS, "distinct targets");

    // The whole log of the task.
    let (snapshot, events) = replay(&channel, &task_id, "0").await;
    assert_eq!(snapshot.cursor, "0");
    let cursors: Vec<u64> = events.iter().map(cursor).collect();
    assert!(
        cursors.windows(2).all(|w| w[0] < w[1]),
        "cursors strictly increase: {cursors:?}"
    );

    let mut task_statuses = Vec::new();
    let mut recipient_paths: HashMap<String, Vec<i32>> = HashMap::new();
    let mut replies: Vec<String> = Vec::new();
    for message in &events {
        match &message.update {
            Some(Update::TaskStatus(e)) => {
                assert_eq!(e.task_id, task_id);
                task_statuses.push(e.status);
            }
            Some(Update::RecipientStatus(e)) => {
                assert_eq!(e.task_id, task_id);
                recipient_paths
                    .entry(e.target.clone())
                    .or_default()
                    .push(e.status);
            }
            Some(Update::Reply(e)) => {
                assert_eq!(e.task_id, task_id);
                replies.push(e.target.clone());
            }
            other => panic!("unexpected message on a task stream: {other:?}"),
        }
        assert!(message.received_time.is_some(), "{message:?}");
    }

    // Nothing acknowledged was lost, nothing stored twice.
    use TaskStatus::*;
    assert_eq!(
        task_statuses,
        [PendingStart, PendingSend, Dispatching, Completed].map(|s| s as i32),
        "every task status change, once, in order"
    );
    assert_eq!(
        recipient_paths.len(),
        RECIPIENTS,
        "every recipient is on the stream"
    );
    for (target, final_status) in &finals {
        let path = recipient_paths.get(*target).map(Vec::as_slice);
        assert_eq!(
            path.and_then(|p| p.last()),
            Some(final_status),
            "{target}: its final status (from the platform) is on the stream: {path:?}"
        );
        assert_eq!(
            path,
            Some(lifecycle(*final_status).as_slice()),
            "{target}: every status change, once, in order"
        );
    }
    let replied: HashSet<&str> = finals
        .iter()
        .filter(|(_, s)| **s == RecipientStatus::ReadReplied as i32)
        .map(|(t, _)| *t)
        .collect();
    assert_eq!(
        replies.len(),
        replied.len(),
        "one reply per replying recipient, none twice"
    );
    assert_eq!(
        replies.iter().map(String::as_str).collect::<HashSet<_>>(),
        replied
    );

    // The stream's final progress is the platform's final state.
    let progress = events.last().unwrap().progress.clone().unwrap();
    assert_eq!(progress.status, Completed as i32);
    assert_eq!(progress.total, RECIPIENTS as i32);
    let mut expected: BTreeMap<i32, i32> = BTreeMap::new();
    for status in finals.values() {
        *expected.entry(*status).or_default() += 1;
    }
    let counted: BTreeMap<i32, i32> = progress
        .counts
        .iter()
        .map(|c| (c.status, c.count))
        .collect();
    assert_eq!(counted, expected, "progress counts are the final statuses");

    // Resuming from a cursor in the middle: exactly the rest, no gap, no duplicate.
    let middle = events.len() / 2;
    let (resumed_snapshot, rest) = replay(&channel, &task_id, &events[middle].cursor).await;
    assert_eq!(resumed_snapshot.cursor, events[middle].cursor);
    let suffix = &events[middle + 1..];
    assert_eq!(rest.len(), suffix.len(), "no gap, no duplicate");
    for (resumed, first) in rest.iter().zip(suffix) {
        assert_eq!(resumed.cursor, first.cursor);
        assert_eq!(resumed.update, first.update);
        assert_eq!(resumed.received_time, first.received_time);
    }
    eprintln!(
        "{} events on the stream; resumed after cursor {} with the last {}",
        events.len(),
        events[middle].cursor,
        rest.len()
    );
}

/// A create the gateway was killed in the middle of is never sent again: after the restart its
/// retry learns the outcome is unknown (the request record left in flight says so).
#[tokio::test]
async fn kill_9_during_an_identified_create_never_sends_it_twice() {
    let data_dir = tempfile::tempdir().unwrap();
    let platform = common::RecordingPlatform::start().await;
    let path = wadispatch_gateway::upstream::routes::CREATE_UNASSIGNED_SINGLE_TARGET_TASK.path;
    // The platform holds the create long enough for the kill to land while it is in flight.
    platform.answer_after(
        path,
        200,
        r#"{"code": 200, "message": "Success", "data": {"taskId": "t-1"}}"#,
        Duration::from_secs(60),
    );
    let webhooks = SocketAddr::from(([127, 0, 0, 1], free_port()));
    let mut gateway = GatewayProcess::new(platform.url(), webhooks, data_dir.path().to_path_buf());
    let request = CreateUnassignedSingleTargetTaskRequest {
        request_id: "0b5c7f3e-8d1a-4e2b-9c6f-1a2b3c4d5e6f".into(),
        ..common::text_task_request()
    };
    let channel = gateway.start().await;
    let first = {
        let request = request.clone();
        tokio::spawn(async move {
            TaskServiceClient::new(channel)
                .create_unassigned_single_target_task(request)
                .await
        })
    };
    common::eventually("the create reaches the platform", || async {
        (!platform.received().is_empty()).then_some(())
    })
    .await;
    gateway.kill();
    assert!(first.await.unwrap().is_err(), "the killed gateway answered");

    let channel = gateway.start().await;
    let retry = TaskServiceClient::new(channel)
        .create_unassigned_single_target_task(request)
        .await
        .unwrap_err();
    common::assert_error_info(&retry, tonic::Code::Aborted, "OUTCOME_UNKNOWN");
    let creates = platform
        .received()
        .iter()
        .filter(|recorded| recorded.path == path)
        .count();
    assert_eq!(creates, 1, "the create was sent again");
}
