//! The simulator's webhook delivery: retried with backoff until acknowledged, given up after
//! its attempts, dropped or reordered on request.

use serde_json::json;
use wadispatch_gateway::sim::delivery::DeliveryStats;
use wadispatch_gateway::sim::Simulator;

use crate::common;
use crate::common::{eventually, start_simulator, SimClient, WebhookReceiver};

/// Registers a number, which makes the simulator send one CHANNEL_REGISTER_STATUS webhook.
async fn register(sim: &Simulator) {
    let client = SimClient::new(sim);
    let base = "/group-dispatch-api/register";
    let phone = json!({"phone": "182172623211", "verifyType": 1, "accountType": 2, "areaCode": "+86", "countryCode": "CN"});
    let answer = client.post(&format!("{base}/submitPhone"), phone).await;
    assert_eq!(answer["code"], 200, "{answer}");
    let code = json!({"phone": "182172623211", "verifyCode": "123456", "areaCode": "+86"});
    let answer = client.post(&format!("{base}/submitVerifyCode"), code).await;
    assert_eq!(answer["code"], 200, "{answer}");
}

async fn settle(stats: &DeliveryStats, done: impl Fn(&DeliveryStats) -> bool) {
    eventually("delivery to settle", || async { done(stats).then_some(()) }).await;
}

#[tokio::test]
async fn a_refused_webhook_is_redelivered_until_acknowledged() {
    let (receiver, url) = WebhookReceiver::start(2).await;
    let sim = start_simulator(common::sim_args(50.0, Some(url))).await;
    register(&sim).await;
    settle(&sim.delivery, |s| DeliveryStats::get(&s.delivered) == 1).await;
    let posts = receiver.posts();
    assert_eq!(
        posts.len(),
        3,
        "two refusals, then the acknowledged attempt: {posts:#?}"
    );
    assert!(posts
        .iter()
        .all(|(path, _)| path == "/group-dispatch-api/register/syncStatus"));
    assert!(
        posts.windows(2).all(|pair| pair[0].1 == pair[1].1),
        "every attempt carries the same body"
    );
    assert_eq!(
        posts[0].1,
        json!({"phone": "86182172623211", "status": "1"})
    );
    assert_eq!(DeliveryStats::get(&sim.delivery.attempts), 3);
    assert_eq!(DeliveryStats::get(&sim.delivery.abandoned), 0);
}

#[tokio::test]
async fn a_webhook_is_abandoned_after_its_attempts() {
    let (receiver, url) = WebhookReceiver::start(usize::MAX).await;
    let mut args = common::sim_args(50.0, Some(url));
    args.webhook_attempts = 3;
    let sim = start_simulator(args).await;
    register(&sim).await;
    settle(&sim.delivery, |s| DeliveryStats::get(&s.abandoned) == 1).await;
    assert_eq!(receiver.posts().len(), 3);
    assert_eq!(DeliveryStats::get(&sim.delivery.delivered), 0);
}

#[tokio::test]
async fn an_unreachable_receiver_is_retried_then_abandoned() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let mut args = common::sim_args(50.0, Some(format!("http://{closed}")));
    args.webhook_attempts = 2;
    let sim = start_simulator(args).await;
    register(&sim).await;
    settle(&sim.delivery, |s| DeliveryStats::get(&s.abandoned) == 1).await;
    assert_eq!(DeliveryStats::get(&sim.delivery.attempts), 2);
}

#[tokio::test]
async fn the_drop_knob_loses_webhooks_on_purpose() {
    let (receiver, url) = WebhookReceiver::start(0).await;
    let mut args = common::sim_args(50.0, Some(url));
    args.webhook_drop_rate = 1.0;
    let sim = start_simulator(args).await;
    register(&sim).await;
    settle(&sim.delivery, |s| DeliveryStats::get(&s.dropped) >= 1).await;
    assert!(receiver.posts().is_empty());
}

#[tokio::test]
async fn reordered_delivery_still_delivers_everything() {
    let (receiver, url) = WebhookReceiver::start(0).await;
    let mut args = common::sim_args(20.0, Some(url));
    args.webhook_reorder = true;
    let sim = start_simulator(args).await;
    let task = json!({"targetType": 1, "friendWhatsApp": ["8615200000001", "8615200000002", "8615200000003"],
        "content": [{"type": 1, "text": "hi"}]});
    let answer = SimClient::new(&sim)
        .post("/group-dispatch-api/gsTask/noAssign/moCreate", task)
        .await;
    let task_id = answer["data"]["taskId"].as_str().unwrap().to_owned();
    // The task's status webhooks all arrive, whatever their order: 1, 2, 3 and 5 as strings.
    settle(&sim.delivery, |_| {
        receiver
            .posts()
            .iter()
            .any(|(path, body)| path == "/callback/gsTask/syncTaskStatus" && body["status"] == "5")
    })
    .await;
    let mut statuses: Vec<String> = receiver
        .posts()
        .into_iter()
        .filter(|(path, body)| {
            path == "/callback/gsTask/syncTaskStatus" && body["taskId"] == task_id.as_str()
        })
        .map(|(_, body)| body["status"].as_str().unwrap().to_owned())
        .collect();
    statuses.sort();
    assert_eq!(statuses, ["1", "2", "3", "5"]);
}
