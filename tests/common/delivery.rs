//! The platform simulator's webhook deliveries as tests judge them: how many were acknowledged,
//! when its queue has drained, and the statuses a recipient passes through.

use std::time::Duration;

use tonic::transport::Channel;
use wadispatch_gateway::proto::v1::task_service_client::TaskServiceClient;
use wadispatch_gateway::proto::v1::*;
use wadispatch_gateway::sim::delivery::DeliveryStats;
use wadispatch_gateway::sim::Simulator;

/// Longest pause between two delivery attempts of the simulator (its `MAX_BACKOFF`), plus margin:
/// a delivery queue with no attempt for this long has nothing left to send.
const QUIET: Duration = Duration::from_millis(3500);

pub(crate) fn delivered(sim: &Simulator) -> u64 {
    DeliveryStats::get(&sim.delivery.delivered)
}

/// Waits (bounded) until the simulator has had `count` webhooks acknowledged in all.
pub(crate) async fn wait_delivered(sim: &Simulator, count: u64) {
    for _ in 0..6000 {
        if delivered(sim) >= count {
            return;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    panic!(
        "timed out waiting for {count} acknowledged webhooks (have {})",
        delivered(sim)
    );
}

pub(crate) async fn execution_status(
    channel: &Channel,
    task_id: &str,
) -> GetTaskExecutionStatusResponse {
    TaskServiceClient::new(channel.clone())
        .get_task_execution_status(GetTaskExecutionStatusRequest {
            task_id: task_id.to_owned(),
        })
        .await
        .unwrap()
        .into_inner()
}

/// Waits (bounded) until the simulator's webhook queue has drained: no delivery attempt for
/// longer than its longest backoff.
pub(crate) async fn settle(sim: &Simulator) {
    let mut last = DeliveryStats::get(&sim.delivery.attempts);
    let mut quiet_since = tokio::time::Instant::now();
    for _ in 0..600 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let attempts = DeliveryStats::get(&sim.delivery.attempts);
        if attempts != last {
            last = attempts;
            quiet_since = tokio::time::Instant::now();
        } else if quiet_since.elapsed() >= QUIET {
            return;
        }
    }
    panic!("the simulator's webhook queue never settled");
}

/// Every status a recipient passes through on its way to `final_status` (the simulator's
/// lifecycle of an individual target; each step is one change in a detail webhook).
pub(crate) fn lifecycle(final_status: i32) -> Vec<i32> {
    use RecipientStatus::*;
    let path: &[RecipientStatus] = match RecipientStatus::try_from(final_status) {
        Ok(SendFailed) => &[PendingSend, Sending, SendFailed],
        Ok(ReadReplied) => &[PendingSend, Sending, Sent, Delivered, Read, ReadReplied],
        Ok(ReadNoReply) => &[PendingSend, Sending, Sent, Delivered, Read, ReadNoReply],
        other => panic!("not a final recipient status: {other:?}"),
    };
    path.iter().map(|s| *s as i32).collect()
}

/// A campaign for the simulator to run: one text to `recipients` individual targets.
pub(crate) fn campaign(name: &str, recipients: usize) -> CreateUnassignedTaskRequest {
    CreateUnassignedTaskRequest {
        options: Some(TaskOptions {
            name: name.into(),
            target_type: TargetType::Individual as i32,
            ..Default::default()
        }),
        targets: (0..recipients).map(|i| format!("86152{i:08}")).collect(),
        contents: vec![MessageContent {
            kind: Some(message_content::Kind::Text(TextContent {
                text: "hello".into(),
            })),
            ..Default::default()
        }],
        ..Default::default()
    }
}

/// Waits (bounded) until the platform says `task_id` is completed.
pub(crate) async fn wait_completed(channel: &Channel, task_id: &str) {
    super::eventually("the task to complete on the platform", || {
        let channel = channel.clone();
        let task_id = task_id.to_owned();
        async move {
            let status = execution_status(&channel, &task_id).await;
            (status.status == TaskStatus::Completed as i32).then_some(())
        }
    })
    .await;
}
