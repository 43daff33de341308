//! Webhooks in, watch streams out: every documented webhook example reaches a stream with its
//! fields intact; resuming from a cursor has no gap and no duplicate; redeliveries are stored
//! once; malformed bodies are dead-lettered with a 4xx; a stalled watcher does not delay others.

use std::time::Duration;

use tokio_stream::StreamExt;
use tonic::Code;
use wadispatch_gateway::proto::v1::account_service_client::AccountServiceClient;
use wadispatch_gateway::proto::v1::task_service_client::TaskServiceClient;
use wadispatch_gateway::proto::v1::watch_accounts_response::Update as AccountUpdate;
use wadispatch_gateway::proto::v1::watch_task_response::Update as TaskUpdate;
use wadispatch_gateway::proto::v1::*;
use wadispatch_gateway::upstream::routes;
use wadispatch_gateway::wire::time::from_epoch_millis;
use wadispatch_gateway::wire::webhook::WebhookKind;

use crate::common::next;
use crate::common::{fixture_text, platform_time, Harness};

const TASK: &str = "6a2724fa2b7055971f960cc162632595";

/// POSTs a webhook body to the gateway's listener; returns the HTTP status and the answer.
async fn post(
    harness: &Harness,
    kind: WebhookKind,
    content_type: &str,
    body: &str,
) -> (u16, serde_json::Value) {
    let answer = reqwest::Client::new()
        .post(format!("{}{}", harness.gateway.webhook_url, kind.path()))
        .header("content-type", content_type)
        .body(body.to_owned())
        .send()
        .await
        .unwrap();
    let status = answer.status().as_u16();
    (status, answer.json().await.unwrap_or_default())
}

async fn post_fixture(harness: &Harness, kind: WebhookKind) {
    let body = fixture_text(&format!("wh-{}.request.json", kind.config_id()));
    let (status, answer) = post(harness, kind, "application/json", &body).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(
        answer,
        serde_json::json!({"code": 200, "message": "success", "data": ""}),
        "the platform's envelope"
    );
}

/// Heartbeats (every 300 ms in tests) tolerated before an update must have come.
const MAX_HEARTBEATS: usize = 60;

/// The next update, skipping a bounded number of heartbeats.
async fn next_task_update(stream: &mut tonic::Streaming<WatchTaskResponse>) -> WatchTaskResponse {
    for _ in 0..MAX_HEARTBEATS {
        let message = next(stream).await;
        if !matches!(message.update, Some(TaskUpdate::Heartbeat(_))) {
            return message;
        }
    }
    panic!("only heartbeats: the expected update never came");
}

async fn next_account_update(
    stream: &mut tonic::Streaming<WatchAccountsResponse>,
) -> WatchAccountsResponse {
    for _ in 0..MAX_HEARTBEATS {
        let message = next(stream).await;
        if !matches!(message.update, Some(AccountUpdate::Heartbeat(_))) {
            return message;
        }
    }
    panic!("only heartbeats: the expected update never came");
}

/// A harness whose platform stand-in answers the task snapshot with no recipients.
async fn harness() -> Harness {
    let harness = Harness::start().await;
    let empty = serde_json::json!({"code": 200, "message": "success", "data": {"taskId": TASK, "status": 3, "info": []}});
    harness.platform.answer(
        routes::GET_TASK_EXECUTION_STATUS.path,
        200,
        empty.to_string(),
    );
    harness
}

#[tokio::test]
async fn every_task_webhook_example_reaches_watch_task_intact() {
    let harness = harness().await;
    let mut tasks = TaskServiceClient::new(harness.gateway.channel.clone());
    let mut stream = tasks
        .watch_task(WatchTaskRequest {
            task_id: TASK.into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    let snapshot = next(&mut stream).await;
    assert!(
        matches!(snapshot.update, Some(TaskUpdate::Snapshot(_))),
        "{snapshot:?}"
    );

    post_fixture(&harness, WebhookKind::TaskStatus).await;
    let message = next_task_update(&mut stream).await;
    assert_eq!(
        message.update,
        Some(TaskUpdate::TaskStatus(TaskStatusChanged {
            task_id: TASK.into(),
            status: TaskStatus::PendingStart as i32
        }))
    );
    assert!(message.received_time.is_some());
    assert_eq!(
        message.progress.as_ref().unwrap().status,
        TaskStatus::PendingStart as i32
    );

    post_fixture(&harness, WebhookKind::TaskDetailStatus).await;
    let mut progress = None;
    for (info_id, target) in [(95, "911827121626"), (96, "911827121621")] {
        let message = next_task_update(&mut stream).await;
        progress = message.progress.clone();
        let expected = RecipientStatusChanged {
            task_id: TASK.into(),
            info_id,
            sender_phone: "861271625212".into(),
            target: target.into(),
            status: RecipientStatus::PendingSend as i32,
            time: Some(from_epoch_millis(1_721_358_108_467)),
            failure_reason: 0,
            trans_id: String::new(),
        };
        assert_eq!(message.update, Some(TaskUpdate::RecipientStatus(expected)));
        assert_eq!(
            message.recipient_status_merged,
            RecipientStatus::PendingSend as i32
        );
    }
    let progress = progress.unwrap();
    assert_eq!(progress.total, 2, "both recipients counted: {progress:?}");
    assert_eq!(
        progress.counts,
        vec![RecipientCount {
            status: RecipientStatus::PendingSend as i32,
            count: 2
        }]
    );

    post_fixture(&harness, WebhookKind::ReplyMessage).await;
    let Some(TaskUpdate::Reply(reply)) = next_task_update(&mut stream).await.update else {
        panic!("a reply")
    };
    assert_eq!(reply.user_id, "101");
    assert_eq!(
        reply.serial_number, None,
        "\"serialNumber\": \"\" is no serial number"
    );
    assert_eq!(
        (reply.account_phone.as_str(), reply.target.as_str()),
        ("86172272727", "61191828282")
    );
    assert_eq!(
        (reply.task_id.as_str(), reply.task_info_id.as_str()),
        (TASK, "9812343432")
    );
    assert_eq!(reply.contents.len(), 2);
    assert_eq!(reply.contents[0].text, "hello");
    assert_eq!(
        reply.contents[0].time,
        Some(from_epoch_millis(1_689_129_792_000))
    );
    let media = reply.contents[1].media.as_ref().unwrap();
    assert_eq!(
        (media.file_name.as_str(), media.mime_type.as_str()),
        ("e70faa31-62dc-4d00-a42a-8a07735aa350", "image/jpeg")
    );
}

#[tokio::test]
async fn every_account_webhook_example_reaches_watch_accounts_intact() {
    let harness = Harness::start().await;
    let mut accounts = AccountServiceClient::new(harness.gateway.channel.clone());
    let mut stream = accounts
        .watch_accounts(WatchAccountsRequest::default())
        .await
        .unwrap()
        .into_inner();
    assert!(matches!(
        next(&mut stream).await.update,
        Some(AccountUpdate::Snapshot(_))
    ));

    post_fixture(&harness, WebhookKind::AccountStatus).await;
    assert_eq!(
        next_account_update(&mut stream).await.update,
        Some(AccountUpdate::AccountStatus(AccountStatusChanged {
            phone: "8218132718231".into(),
            status: AccountStatus::Normal as i32,
            online_status: OnlineStatus::LoggingIn as i32,
            reason: 0,
            reason_text: String::new(),
            instance_code: String::new(),
        }))
    );
    post_fixture(&harness, WebhookKind::RegisterStatus).await;
    assert_eq!(
        next_account_update(&mut stream).await.update,
        Some(AccountUpdate::Registration(RegistrationFinished {
            phone: "861821726232".into(),
            succeeded: true
        }))
    );
    post_fixture(&harness, WebhookKind::OnlineStatus).await;
    for _ in 0..2 {
        let Some(AccountUpdate::ConnectionStatus(connection)) =
            next_account_update(&mut stream).await.update
        else {
            panic!("a connection status")
        };
        assert_eq!(connection.phone, "8617633819542");
        assert_eq!(
            connection.status, 1,
            "the example's undocumented status 1 passes through"
        );
        assert_eq!(connection.detail_status, DetailStatus::PcQrLogin as i32);
        assert_eq!(connection.platform_type, PlatformType::Pc as i32);
        assert_eq!(connection.time, Some(platform_time("2024-07-03 15:27:00")));
    }
    post_fixture(&harness, WebhookKind::QrLoginStatus).await;
    assert_eq!(
        next_account_update(&mut stream).await.update,
        Some(AccountUpdate::QrLogin(QrLoginFinished {
            login_id: "ad518a4271fa43c8937612c5f60396f8".into(),
            phone: "817272727272".into(),
            succeeded: true
        }))
    );
    post_fixture(&harness, WebhookKind::ScanTaskStatus).await;
    assert_eq!(
        next_account_update(&mut stream).await.update,
        Some(AccountUpdate::ScanTaskStatus(ScanTaskStatusChanged {
            scan_task_id: "f0d485cb2e5e4c5ca21b74e970043e6c".into(),
            agent_id: Some(10001),
            phone: "86166666666".into(),
            status: ScanTaskStatus::LoggedIn as i32,
            update_time: Some(from_epoch_millis(1_710_236_000_000)),
        }))
    );
}

/// Posts task status webhooks `from..from + n` for `task`, each body distinct (identical bodies
/// would be redeliveries).
async fn burst(harness: &Harness, task: &str, from: usize, n: usize) {
    for i in from..from + n {
        let body = serde_json::json!({"taskId": task, "status": ((i % 6) + 1).to_string(), "n": i})
            .to_string();
        let (status, _) = post(harness, WebhookKind::TaskStatus, "application/json", &body).await;
        assert_eq!(status, 200);
    }
}

async fn cursors(stream: &mut tonic::Streaming<WatchTaskResponse>, n: usize) -> Vec<u64> {
    let mut seen = Vec::new();
    while seen.len() < n {
        let message = next_task_update(stream).await;
        if matches!(message.update, Some(TaskUpdate::TaskStatus(_))) {
            seen.push(message.cursor.parse().unwrap());
        }
    }
    seen
}

#[tokio::test]
async fn resuming_from_a_cursor_has_no_gap_and_no_duplicate() {
    let harness = harness().await;
    burst(&harness, TASK, 0, 30).await;
    let mut tasks = TaskServiceClient::new(harness.gateway.channel.clone());
    let watch = |after: String| WatchTaskRequest {
        task_id: TASK.into(),
        after_cursor: after,
        end_when_final: false,
    };
    let mut first = tasks
        .watch_task(watch("0".into()))
        .await
        .unwrap()
        .into_inner();
    assert!(matches!(
        next(&mut first).await.update,
        Some(TaskUpdate::Snapshot(_))
    ));
    let all = cursors(&mut first, 30).await;
    assert!(all.windows(2).all(|w| w[0] < w[1]), "in order: {all:?}");
    drop(first);

    // Resume after the 12th: exactly the 13th.. follow, then live events.
    let mut resumed = tasks
        .watch_task(watch(all[11].to_string()))
        .await
        .unwrap()
        .into_inner();
    assert!(matches!(
        next(&mut resumed).await.update,
        Some(TaskUpdate::Snapshot(_))
    ));
    burst(&harness, TASK, 30, 5).await;
    let replayed = cursors(&mut resumed, 18 + 5).await;
    assert_eq!(&replayed[..18], &all[12..]);
    assert!(
        replayed.windows(2).all(|w| w[0] < w[1]),
        "no duplicate: {replayed:?}"
    );

    let bad = tasks.watch_task(watch("soon".into())).await.unwrap_err();
    assert_eq!(bad.code(), Code::InvalidArgument);
    let future = tasks.watch_task(watch("999999".into())).await.unwrap_err();
    assert_eq!(future.code(), Code::InvalidArgument);
}

#[tokio::test]
async fn redeliveries_are_acknowledged_but_stored_once() {
    let harness = harness().await;
    for _ in 0..3 {
        post_fixture(&harness, WebhookKind::TaskStatus).await;
    }
    // An unsigned webhook-id vouches for nothing: two bodies under one id are two webhooks.
    let client = reqwest::Client::new();
    for body in [
        r#"{"taskId": "t2", "status": "2"}"#,
        r#"{"taskId": "t2", "status": "2", "retry": 1}"#,
    ] {
        let answer = client
            .post(format!(
                "{}{}",
                harness.gateway.webhook_url,
                WebhookKind::TaskStatus.path()
            ))
            .header("content-type", "application/json")
            .header("webhook-id", "msg_42")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 200);
    }
    let stored = harness
        .gateway
        .events
        .log
        .read_after(0, &wadispatch_gateway::events::log::Filter::All, 100)
        .await
        .unwrap();
    assert_eq!(
        stored.len(),
        3,
        "one event per distinct webhook: {stored:#?}"
    );
}

#[tokio::test]
async fn malformed_webhooks_get_a_4xx_and_are_dead_lettered() {
    let harness = harness().await;
    let cases = [
        (
            WebhookKind::TaskStatus,
            "application/json",
            "{not json",
            400,
        ),
        (
            WebhookKind::TaskStatus,
            "application/json",
            r#"[{"taskId": "1"}]"#,
            400,
        ),
        (
            WebhookKind::TaskDetailStatus,
            "application/json",
            r#"{"groupSendInfoStatusList": [{"info": []}]}"#,
            400,
        ),
        (
            WebhookKind::RegisterStatus,
            "application/json",
            r#"{"phone": "86", "status": "maybe"}"#,
            400,
        ),
        (
            WebhookKind::TaskStatus,
            "text/plain",
            r#"{"taskId": "1", "status": "1"}"#,
            415,
        ),
    ];
    for (kind, content_type, body, expected) in cases {
        let (status, answer) = post(&harness, kind, content_type, body).await;
        assert_eq!(status, expected, "{body}: {answer}");
        assert!(
            !answer["message"].as_str().unwrap_or_default().is_empty(),
            "a reason: {answer}"
        );
    }
    let letters = harness.gateway.events.log.dead_letters(10).await.unwrap();
    assert_eq!(letters.len(), cases.len());
    let newest = &letters[0];
    assert_eq!(newest.body, br#"{"taskId": "1", "status": "1"}"#);
    assert!(newest.reason.contains("text/plain"), "{}", newest.reason);
    assert_eq!(newest.path, WebhookKind::TaskStatus.path());
    assert!(letters.iter().all(|l| !l.reason.is_empty()));
    let stored = harness
        .gateway
        .events
        .log
        .read_after(0, &wadispatch_gateway::events::log::Filter::All, 100)
        .await
        .unwrap();
    assert!(stored.is_empty(), "nothing malformed reaches the log");

    // Oversized bodies are refused before they are read.
    let huge = format!(
        r#"{{"taskId": "1", "status": "1", "pad": "{}"}}"#,
        "x".repeat(5 * 1024 * 1024)
    );
    let (status, _) = post(&harness, WebhookKind::TaskStatus, "application/json", &huge).await;
    assert_eq!(status, 413);
}

#[tokio::test]
async fn a_stalled_watcher_does_not_delay_a_fast_one_and_still_gets_everything() {
    let harness = harness().await;
    let mut tasks = TaskServiceClient::new(harness.gateway.channel.clone());
    let watch = || WatchTaskRequest {
        task_id: TASK.into(),
        after_cursor: String::new(),
        end_when_final: false,
    };
    let mut stalled = tasks.watch_task(watch()).await.unwrap().into_inner();
    assert!(matches!(
        next(&mut stalled).await.update,
        Some(TaskUpdate::Snapshot(_))
    ));
    let mut fast = tasks.watch_task(watch()).await.unwrap().into_inner();
    assert!(matches!(
        next(&mut fast).await.update,
        Some(TaskUpdate::Snapshot(_))
    ));

    // Far more than the stalled watcher's buffers hold: the hub drops it instead of waiting.
    const EVENTS: usize = 3000;
    let poster = {
        let url = format!(
            "{}{}",
            harness.gateway.webhook_url,
            WebhookKind::TaskDetailStatus.path()
        );
        tokio::spawn(async move {
            let client = reqwest::Client::new();
            for batch in 0..EVENTS / 100 {
                let info: Vec<_> = (0..100)
                    .map(|i| serde_json::json!({"friendWhatsApp": format!("86150{:08}", batch * 100 + i), "status": 3, "time": 1721358108467u64, "infoId": batch * 100 + i}))
                    .collect();
                let body = serde_json::json!({"groupSendInfoStatusList": [{"taskId": TASK, "info": info}]});
                let answer = client.post(&url).json(&body).send().await.unwrap();
                assert_eq!(answer.status(), 200);
            }
        })
    };
    let fast_cursors = recipient_cursors(&mut fast, EVENTS).await;
    poster.await.unwrap();
    // Only now does the stalled watcher read: it receives every event, in order, none twice.
    let stalled_cursors = recipient_cursors(&mut stalled, EVENTS).await;
    assert_eq!(stalled_cursors, fast_cursors);
    assert!(fast_cursors.windows(2).all(|w| w[0] < w[1]));
}

async fn recipient_cursors(stream: &mut tonic::Streaming<WatchTaskResponse>, n: usize) -> Vec<u64> {
    let mut seen = Vec::with_capacity(n);
    while seen.len() < n {
        let message = next_task_update(stream).await;
        if let Some(TaskUpdate::RecipientStatus(_)) = message.update {
            seen.push(message.cursor.parse().unwrap());
        }
    }
    seen
}

#[tokio::test]
async fn a_finished_task_ends_its_stream_and_heartbeats_keep_idle_streams_open() {
    let harness = harness().await;
    let mut tasks = TaskServiceClient::new(harness.gateway.channel.clone());
    let mut idle = tasks
        .watch_task(WatchTaskRequest {
            task_id: TASK.into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert!(matches!(
        next(&mut idle).await.update,
        Some(TaskUpdate::Snapshot(_))
    ));
    let heartbeat = next(&mut idle).await;
    assert!(
        matches!(heartbeat.update, Some(TaskUpdate::Heartbeat(_))),
        "{heartbeat:?}"
    );

    let mut ending = tasks
        .watch_task(WatchTaskRequest {
            task_id: TASK.into(),
            after_cursor: String::new(),
            end_when_final: true,
        })
        .await
        .unwrap()
        .into_inner();
    assert!(matches!(
        next(&mut ending).await.update,
        Some(TaskUpdate::Snapshot(_))
    ));
    let (status, _) = post(
        &harness,
        WebhookKind::TaskStatus,
        "application/json",
        &serde_json::json!({"taskId": TASK, "status": "5"}).to_string(),
    )
    .await;
    assert_eq!(status, 200);
    let done = next_task_update(&mut ending).await;
    assert_eq!(done.progress.unwrap().status, TaskStatus::Completed as i32);
    let end = tokio::time::timeout(Duration::from_secs(20), ending.next())
        .await
        .expect("the stream ends");
    assert!(end.is_none(), "{end:?}");
}

#[tokio::test]
async fn replaying_a_finished_task_streams_its_history_before_ending() {
    let harness = harness().await;
    // The platform already reports the task completed.
    let done = serde_json::json!({"code": 200, "message": "success", "data": {"taskId": TASK, "status": 5, "info": []}});
    harness.platform.answer(
        routes::GET_TASK_EXECUTION_STATUS.path,
        200,
        done.to_string(),
    );
    burst(&harness, TASK, 100, 4).await;
    let (status, _) = post(
        &harness,
        WebhookKind::TaskStatus,
        "application/json",
        &serde_json::json!({"taskId": TASK, "status": "5"}).to_string(),
    )
    .await;
    assert_eq!(status, 200);

    let mut tasks = TaskServiceClient::new(harness.gateway.channel.clone());
    let request = WatchTaskRequest {
        task_id: TASK.into(),
        after_cursor: "0".into(),
        end_when_final: true,
    };
    let mut stream = tasks.watch_task(request).await.unwrap().into_inner();
    let mut statuses = Vec::new();
    while let Some(message) = tokio::time::timeout(Duration::from_secs(20), stream.next())
        .await
        .expect("ends within the bound")
    {
        if let Some(TaskUpdate::TaskStatus(change)) = message.unwrap().update {
            statuses.push(change.status);
        }
    }
    assert_eq!(
        statuses.len(),
        5,
        "the whole history, then the end: {statuses:?}"
    );
    assert_eq!(statuses.last(), Some(&(TaskStatus::Completed as i32)));
}
