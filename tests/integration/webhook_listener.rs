//! The webhook listener end to end: every authentication mode over real HTTP (the good request
//! stored, the bad one refused, stored nowhere and not dead-lettered), redeliveries stored once,
//! cursors older than retention refused with a resumable hint, and a restart on the same data
//! directory keeping every event, cursor and dedup key.

use std::sync::Arc;
use std::time::Duration;

use prost::Message;
use tokio::net::TcpListener;
use tonic::transport::Channel;
use tonic::Code;
use wadispatch_gateway::config::parse_signing_secret;
use wadispatch_gateway::events::log::{
    Appended, Bounds, EventLog, Filter, LogSettings, NewEvent, SqliteLog, DB_FILE,
};
use wadispatch_gateway::events::Events;
use wadispatch_gateway::proto::v1::account_service_client::AccountServiceClient;
use wadispatch_gateway::proto::v1::event::Kind;
use wadispatch_gateway::proto::v1::task_service_client::TaskServiceClient;
use wadispatch_gateway::proto::v1::watch_accounts_response::Update as AccountUpdate;
use wadispatch_gateway::proto::v1::watch_task_response::Update as TaskUpdate;
use wadispatch_gateway::proto::v1::*;
use wadispatch_gateway::upstream::routes;
use wadispatch_gateway::webhook::auth;
use wadispatch_gateway::wire::webhook::WebhookKind;

use crate::common;
use crate::common::next;
use crate::common::RecordingPlatform;
use crate::common::{
    error_details, event_args, fixture_text, upstream_settings, webhook_auth_from, Gateway,
};

/// The task of the documented webhook examples.
const TASK: &str = "6a2724fa2b7055971f960cc162632595";
/// An account phone for the account events of the retention test.
const PHONE: &str = "861821371272";
/// Signing secrets (Standard Webhooks format) for the signature tests.
const SECRET_OLD: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const SECRET_NEW: &str = "whsec_dGhlLW5ldy1zZWNyZXQtYWZ0ZXItcm90YXRpb24=";

/// The documented GS_V3_SYNC_TASK_STATUS example.
fn example() -> String {
    fixture_text("wh-GS_V3_SYNC_TASK_STATUS.request.json")
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// A platform stand-in answering the watch snapshots, and a gateway in front of it with its
/// webhook listener under `prefix` and authenticated by `flags`.
async fn gateway(flags: &[&str], prefix: &str) -> (RecordingPlatform, Gateway) {
    gateway_with(flags, |events| events.webhook_prefix = prefix.to_owned()).await
}

/// A platform stand-in whose task and account snapshots are valid envelopes.
async fn snapshot_platform() -> RecordingPlatform {
    let platform = RecordingPlatform::start().await;
    let task = serde_json::json!({"code": 200, "message": "success", "data": {"taskId": TASK, "status": 3, "info": []}});
    platform.answer(
        routes::GET_TASK_EXECUTION_STATUS.path,
        200,
        task.to_string(),
    );
    platform.answer_fixture(
        routes::LIST_ACCOUNTS.path,
        "17-queryWhatsAppStatus.response.json",
    );
    platform
}

/// POSTs `body` as JSON with extra `headers`; the HTTP status and the answer (Null if not JSON).
async fn post(url: &str, headers: &[(&str, String)], body: &str) -> (u16, serde_json::Value) {
    let mut request = reqwest::Client::new()
        .post(url)
        .header("content-type", "application/json")
        .body(body.to_owned());
    for (name, value) in headers {
        request = request.header(*name, value);
    }
    let answer = request.send().await.unwrap();
    let status = answer.status().as_u16();
    (status, answer.json().await.unwrap_or_default())
}

/// The task status webhook URL of `gateway` (prefix included, no path secret).
fn task_status_url(gateway: &Gateway) -> String {
    format!("{}{}", gateway.webhook_url, WebhookKind::TaskStatus.path())
}

/// Standard Webhooks headers signing `body` with `secret` as message `id` sent at `timestamp`.
fn signed(secret: &str, id: &str, timestamp: i64, body: &str) -> Vec<(&'static str, String)> {
    let secret = parse_signing_secret(secret).unwrap();
    vec![
        ("webhook-id", id.to_owned()),
        ("webhook-timestamp", timestamp.to_string()),
        (
            "webhook-signature",
            auth::sign(&secret, id, timestamp, body.as_bytes()),
        ),
    ]
}

/// Every event the gateway's log holds.
async fn stored(gateway: &Gateway) -> Vec<wadispatch_gateway::events::log::StoredEvent> {
    gateway
        .events
        .log
        .read_after(0, &Filter::All, 1000)
        .await
        .unwrap()
}

/// Asserts the log holds nothing and nothing was dead-lettered (after refused requests only).
async fn assert_nothing_kept(gateway: &Gateway, what: &str) {
    assert!(
        stored(gateway).await.is_empty(),
        "{what}: a refused webhook reached the log"
    );
    assert!(
        gateway
            .events
            .log
            .dead_letters(10)
            .await
            .unwrap()
            .is_empty(),
        "{what}: a refused webhook was dead-lettered"
    );
}

/// Asserts the log holds exactly the example's one event, and nothing was dead-lettered.
async fn assert_example_stored_once(gateway: &Gateway, what: &str) {
    let stored = stored(gateway).await;
    assert_eq!(stored.len(), 1, "{what}: {stored:#?}");
    assert!(
        matches!(&stored[0].event.kind, Some(Kind::TaskStatus(e)) if e.task_id == TASK),
        "{what}: {stored:#?}"
    );
    assert!(
        gateway
            .events
            .log
            .dead_letters(10)
            .await
            .unwrap()
            .is_empty(),
        "{what}: dead letters"
    );
}

fn assert_refused(answer: (u16, serde_json::Value), status: u16, what: &str) {
    assert_eq!(answer.0, status, "{what}: {}", answer.1);
    assert_eq!(answer.1["code"], status, "{what}: the platform's envelope");
    assert!(
        !answer.1["message"].as_str().unwrap_or_default().is_empty(),
        "{what}: a reason: {}",
        answer.1
    );
}

fn assert_accepted(answer: (u16, serde_json::Value), what: &str) {
    assert_eq!(answer.0, 200, "{what}: {}", answer.1);
    assert_eq!(
        answer.1,
        serde_json::json!({"code": 200, "message": "success", "data": ""}),
        "{what}: the platform's envelope"
    );
}

#[tokio::test]
async fn path_secret_serves_webhooks_only_under_the_secret() {
    let (_platform, gateway) = gateway(&["--webhook-path-secret", "s3cr3t-p4th"], "").await;
    let base = &gateway.webhook_url;
    let path = WebhookKind::TaskStatus.path();
    for url in [
        format!("{base}{path}"),
        format!("{base}/wrong-secret{path}"),
        format!("{base}{path}/s3cr3t-p4th"),
    ] {
        let (status, _) = post(&url, &[], &example()).await;
        assert_eq!(status, 404, "{url}");
    }
    assert_nothing_kept(&gateway, "no path secret").await;

    let answer = post(&format!("{base}/s3cr3t-p4th{path}"), &[], &example()).await;
    assert_accepted(answer, "with the path secret");
    assert_example_stored_once(&gateway, "with the path secret").await;
}

#[tokio::test]
async fn path_secret_goes_after_the_prefix() {
    let (_platform, gateway) = gateway(&["--webhook-path-secret", "s3cr3t"], "/hooks").await;
    assert!(gateway.webhook_url.ends_with("/hooks"));
    let root = gateway.webhook_url.trim_end_matches("/hooks");
    let path = WebhookKind::TaskStatus.path();
    for url in [
        format!("{root}/hooks{path}"),
        format!("{root}/s3cr3t{path}"),
        format!("{root}/s3cr3t/hooks{path}"),
        format!("{root}{path}"),
    ] {
        let (status, _) = post(&url, &[], &example()).await;
        assert_eq!(status, 404, "{url}");
    }
    assert_nothing_kept(&gateway, "wrong paths").await;

    let answer = post(&format!("{root}/hooks/s3cr3t{path}"), &[], &example()).await;
    assert_accepted(answer, "/hooks/<secret>/<path>");
    assert_example_stored_once(&gateway, "/hooks/<secret>/<path>").await;
}

#[tokio::test]
async fn required_header_must_be_present_and_right() {
    let (_platform, gateway) =
        gateway(&["--webhook-header", "X-Hook-Token: t0ken-value"], "").await;
    let url = task_status_url(&gateway);
    assert_refused(post(&url, &[], &example()).await, 401, "missing header");
    for wrong in ["t0ken-valuE", "t0ken", "t0ken-value-and-more", "x"] {
        assert_refused(
            post(&url, &[("x-hook-token", wrong.to_owned())], &example()).await,
            401,
            "wrong header value",
        );
    }
    // The right value under another header name does not count.
    assert_refused(
        post(&url, &[("x-other-token", "t0ken-value".into())], &example()).await,
        401,
        "other header",
    );
    assert_nothing_kept(&gateway, "bad header").await;

    let answer = post(&url, &[("X-Hook-Token", "t0ken-value".into())], &example()).await;
    assert_accepted(answer, "right header");
    assert_example_stored_once(&gateway, "right header").await;
}

#[tokio::test]
async fn standard_webhooks_signatures_are_verified() {
    let (_platform, gateway) = gateway(&["--webhook-signing-secret", SECRET_OLD], "").await;
    let url = task_status_url(&gateway);
    let body = example();

    // Unsigned.
    assert_refused(post(&url, &[], &body).await, 401, "unsigned");
    // Tampered: signed for the example, but another body arrives.
    let tampered = body.replace("\"1\"", "\"5\"");
    assert_ne!(tampered, body);
    assert_refused(
        post(&url, &signed(SECRET_OLD, "msg_t", now(), &body), &tampered).await,
        401,
        "tampered body",
    );
    // Validly signed, but ten minutes ago: a replay.
    let old = now() - 600;
    assert_refused(
        post(&url, &signed(SECRET_OLD, "msg_old", old, &body), &body).await,
        401,
        "timestamp 10 minutes old",
    );
    // Signed with a secret the gateway does not know.
    assert_refused(
        post(&url, &signed(SECRET_NEW, "msg_new", now(), &body), &body).await,
        401,
        "unknown secret",
    );
    // The id is signed too.
    let mut headers = signed(SECRET_OLD, "msg_a", now(), &body);
    headers[0].1 = "msg_b".into();
    assert_refused(post(&url, &headers, &body).await, 401, "swapped id");
    assert_nothing_kept(&gateway, "bad signatures").await;

    let answer = post(&url, &signed(SECRET_OLD, "msg_1", now(), &body), &body).await;
    assert_accepted(answer, "valid signature");
    assert_example_stored_once(&gateway, "valid signature").await;
}

#[tokio::test]
async fn signing_secret_rotation_accepts_either_secret() {
    let (_platform, gateway) = gateway(
        &[
            "--webhook-signing-secret",
            SECRET_OLD,
            "--webhook-signing-secret",
            SECRET_NEW,
        ],
        "",
    )
    .await;
    let url = task_status_url(&gateway);
    let body = example();
    let unknown = "whsec_c29tZWJvZHktZWxzZXMtc2VjcmV0";
    assert_refused(
        post(&url, &signed(unknown, "msg_x", now(), &body), &body).await,
        401,
        "neither secret",
    );
    assert_nothing_kept(&gateway, "neither secret").await;

    let answer = post(&url, &signed(SECRET_NEW, "msg_1", now(), &body), &body).await;
    assert_accepted(answer, "signed with the second secret");
    assert_example_stored_once(&gateway, "signed with the second secret").await;

    let other = serde_json::json!({"taskId": TASK, "status": "2"}).to_string();
    let answer = post(&url, &signed(SECRET_OLD, "msg_2", now(), &other), &other).await;
    assert_accepted(answer, "signed with the first secret");
    assert_eq!(stored(&gateway).await.len(), 2);
}

#[tokio::test]
async fn a_webhook_id_sent_twice_is_stored_once() {
    let (_platform, gateway) = gateway(&["--webhook-signing-secret", SECRET_OLD], "").await;
    let url = task_status_url(&gateway);
    let body = example();
    let first = signed(SECRET_OLD, "msg_retry", now() - 1, &body);
    let second = signed(SECRET_OLD, "msg_retry", now(), &body);
    assert_ne!(first[2].1, second[2].1, "re-signed: another signature");
    assert_accepted(post(&url, &first, &body).await, "first delivery");
    assert_accepted(post(&url, &second, &body).await, "redelivery");
    assert_example_stored_once(&gateway, "a redelivered webhook-id").await;

    // Another id is another webhook, even with the same body.
    let third = signed(SECRET_OLD, "msg_other", now(), &body);
    assert_accepted(post(&url, &third, &body).await, "another id");
    assert_eq!(stored(&gateway).await.len(), 2);
}

#[tokio::test]
async fn allowlist_admits_loopback() {
    let (_platform, gateway) = gateway(&["--webhook-allow", "127.0.0.0/8"], "").await;
    let answer = post(&task_status_url(&gateway), &[], &example()).await;
    assert_accepted(answer, "from 127.0.0.1");
    assert_example_stored_once(&gateway, "from 127.0.0.1").await;
}

#[tokio::test]
async fn allowlist_refuses_other_sources() {
    let (_platform, gateway) = gateway(&["--webhook-allow", "10.0.0.0/8,192.168.1.7"], "").await;
    let answer = post(&task_status_url(&gateway), &[], &example()).await;
    assert_refused(answer, 403, "from 127.0.0.1");
    assert_nothing_kept(&gateway, "from 127.0.0.1").await;
}

#[tokio::test]
async fn all_modes_at_once_must_all_pass() {
    let (_platform, gateway) = gateway(
        &[
            "--webhook-path-secret",
            "p4th",
            "--webhook-header",
            "X-Hook-Token: abc",
            "--webhook-signing-secret",
            SECRET_OLD,
            "--webhook-allow",
            "127.0.0.1",
        ],
        "/hooks",
    )
    .await;
    let url = format!(
        "{}/p4th{}",
        gateway.webhook_url,
        WebhookKind::TaskStatus.path()
    );
    let body = example();
    let good = || {
        let mut headers = signed(SECRET_OLD, "msg_1", now(), &body);
        headers.push(("x-hook-token", "abc".into()));
        headers
    };
    let no_header: Vec<_> = good()
        .into_iter()
        .filter(|(n, _)| *n != "x-hook-token")
        .collect();
    assert_refused(post(&url, &no_header, &body).await, 401, "no header");
    let no_signature: Vec<_> = good()
        .into_iter()
        .filter(|(n, _)| *n != "webhook-signature")
        .collect();
    assert_refused(post(&url, &no_signature, &body).await, 401, "no signature");
    let wrong_path = format!("{}{}", gateway.webhook_url, WebhookKind::TaskStatus.path());
    assert_eq!(post(&wrong_path, &good(), &body).await.0, 404);
    assert_nothing_kept(&gateway, "one mode failing").await;

    assert_accepted(post(&url, &good(), &body).await, "every mode passing");
    assert_example_stored_once(&gateway, "every mode passing").await;
}

// ---------------------------------------------------------------------------------------------
// A gateway over a log the test holds, so it can prune it or reopen it.

/// The gateway's gRPC API and webhook listener over `log`, stopped when dropped.
async fn node(platform: &RecordingPlatform, log: Arc<dyn EventLog>) -> Gateway {
    let events = Arc::new(Events::new(log, Duration::from_millis(300)));
    let webhooks = TcpListener::bind("127.0.0.1:0").await.unwrap();
    Gateway::serve(
        upstream_settings(&platform.url()),
        webhooks,
        events,
        event_args(),
        common::no_auth(),
        None,
    )
    .await
}

/// Heartbeats (every 300 ms here) tolerated before an expected update must have come.
const MAX_HEARTBEATS: usize = 60;

/// The next `n` task updates after the snapshot, heartbeats skipped.
async fn task_updates(
    stream: &mut tonic::Streaming<WatchTaskResponse>,
    n: usize,
) -> Vec<WatchTaskResponse> {
    let mut updates = Vec::new();
    let mut heartbeats = 0;
    while updates.len() < n {
        let message = next(stream).await;
        match message.update {
            Some(TaskUpdate::Heartbeat(_)) => {
                heartbeats += 1;
                assert!(
                    heartbeats < MAX_HEARTBEATS,
                    "only heartbeats after {updates:#?}"
                );
            }
            Some(TaskUpdate::Snapshot(_)) => panic!("a second snapshot: {message:?}"),
            _ => updates.push(message),
        }
    }
    updates
}

async fn account_updates(
    stream: &mut tonic::Streaming<WatchAccountsResponse>,
    n: usize,
) -> Vec<WatchAccountsResponse> {
    let mut updates = Vec::new();
    let mut heartbeats = 0;
    while updates.len() < n {
        let message = next(stream).await;
        match message.update {
            Some(AccountUpdate::Heartbeat(_)) => {
                heartbeats += 1;
                assert!(
                    heartbeats < MAX_HEARTBEATS,
                    "only heartbeats after {updates:#?}"
                );
            }
            Some(AccountUpdate::Snapshot(_)) => panic!("a second snapshot: {message:?}"),
            _ => updates.push(message),
        }
    }
    updates
}

/// Opens a WatchTask of TASK after `cursor`; checks and skips its snapshot, whose cursor is the
/// starting one.
async fn watch_task(
    channel: &Channel,
    cursor: &str,
) -> Result<tonic::Streaming<WatchTaskResponse>, tonic::Status> {
    let mut stream = TaskServiceClient::new(channel.clone())
        .watch_task(WatchTaskRequest {
            task_id: TASK.into(),
            after_cursor: cursor.into(),
            end_when_final: false,
        })
        .await?
        .into_inner();
    let snapshot = next(&mut stream).await;
    assert!(
        matches!(snapshot.update, Some(TaskUpdate::Snapshot(_))),
        "{snapshot:?}"
    );
    assert_eq!(
        snapshot.cursor, cursor,
        "the snapshot carries the start cursor"
    );
    Ok(stream)
}

async fn watch_accounts(
    channel: &Channel,
    cursor: &str,
) -> Result<tonic::Streaming<WatchAccountsResponse>, tonic::Status> {
    let mut stream = AccountServiceClient::new(channel.clone())
        .watch_accounts(WatchAccountsRequest {
            phones: Vec::new(),
            after_cursor: cursor.into(),
        })
        .await?
        .into_inner();
    let snapshot = next(&mut stream).await;
    let Some(AccountUpdate::Snapshot(accounts)) = &snapshot.update else {
        panic!("a snapshot: {snapshot:?}")
    };
    assert_eq!(accounts.accounts.len(), 1, "{snapshot:?}");
    assert_eq!(
        snapshot.cursor, cursor,
        "the snapshot carries the start cursor"
    );
    Ok(stream)
}

/// Asserts a watch start failed because `cursor` expired, pointing at `oldest`.
fn assert_expired(status: tonic::Status, oldest: &str, what: &str) {
    assert_eq!(status.code(), Code::OutOfRange, "{what}: {status:?}");
    let details = error_details(&status);
    let info = details
        .error_info()
        .unwrap_or_else(|| panic!("{what}: an ErrorInfo in {status:?}"));
    assert_eq!(info.reason, "CURSOR_EXPIRED", "{what}");
    assert_eq!(
        info.metadata.get("oldest_cursor").map(String::as_str),
        Some(oldest),
        "{what}: {info:?}"
    );
}

/// Event `i` of the retention test: task status events at even i, account status events at odd.
fn numbered(i: u32, received: &prost_types::Timestamp) -> Event {
    let kind = if i.is_multiple_of(2) {
        Kind::TaskStatus(TaskStatusChanged {
            task_id: TASK.into(),
            status: (i % 5 + 1) as i32,
        })
    } else {
        Kind::AccountStatus(AccountStatusChanged {
            phone: PHONE.into(),
            status: AccountStatus::Normal as i32,
            online_status: OnlineStatus::Online as i32,
            reason: i as i32,
            ..Default::default()
        })
    };
    Event {
        kind: Some(kind),
        received_time: Some(*received),
    }
}

#[tokio::test]
async fn a_cursor_older_than_retention_is_refused_with_the_oldest_resumable_cursor() {
    const EVENTS: u32 = 16;
    const KEPT: u32 = 7;
    let received = prost_types::Timestamp {
        seconds: now(),
        nanos: 0,
    };
    let events: Vec<Event> = (0..EVENTS).map(|i| numbered(i, &received)).collect();
    // A byte budget holding exactly the newest KEPT payloads: pruning drops the others.
    let budget: usize = events[(EVENTS - KEPT) as usize..]
        .iter()
        .map(|e| e.encode_to_vec().len())
        .sum();

    let dir = tempfile::tempdir().unwrap();
    let log = Arc::new(
        SqliteLog::open(
            dir.path(),
            LogSettings {
                retention_bytes: budget as u64,
                ..Default::default()
            },
        )
        .unwrap(),
    );
    for (i, event) in events.iter().enumerate() {
        let appended = log
            .append(
                format!("test:{i}").into(),
                vec![NewEvent {
                    event: event.clone(),
                }],
            )
            .await
            .unwrap();
        let seq = i as u64 + 1;
        assert_eq!(
            appended,
            Appended::Stored {
                first_seq: seq,
                last_seq: seq
            }
        );
    }
    let pruned = log.prune().await.unwrap();
    assert_eq!(pruned.events, u64::from(EVENTS - KEPT));
    let oldest = u64::from(EVENTS - KEPT + 1);
    assert_eq!(
        log.bounds().await.unwrap(),
        Bounds {
            oldest: Some(oldest),
            latest: u64::from(EVENTS)
        }
    );
    let oldest_cursor = (oldest - 1).to_string();

    let platform = snapshot_platform().await;
    let node = node(&platform, log.clone()).await;

    // Too old: refused with the cursor to resume from; one below the boundary too.
    for cursor in ["0", "1", &(oldest - 2).to_string()] {
        let status = watch_task(&node.channel, cursor).await.unwrap_err();
        assert_expired(status, &oldest_cursor, &format!("WatchTask after {cursor}"));
        let status = watch_accounts(&node.channel, cursor).await.unwrap_err();
        assert_expired(
            status,
            &oldest_cursor,
            &format!("WatchAccounts after {cursor}"),
        );
    }

    // Resuming from exactly the hint: every retained event, in order, none missing.
    let retained_tasks: Vec<(u64, Event)> = (oldest..=u64::from(EVENTS))
        .filter(|seq| (seq - 1) % 2 == 0)
        .map(|seq| (seq, events[(seq - 1) as usize].clone()))
        .collect();
    let retained_accounts: Vec<(u64, Event)> = (oldest..=u64::from(EVENTS))
        .filter(|seq| (seq - 1) % 2 == 1)
        .map(|seq| (seq, events[(seq - 1) as usize].clone()))
        .collect();
    assert!(!retained_tasks.is_empty() && !retained_accounts.is_empty());

    let mut tasks = watch_task(&node.channel, &oldest_cursor).await.unwrap();
    let got = task_updates(&mut tasks, retained_tasks.len()).await;
    for (message, (seq, event)) in got.iter().zip(&retained_tasks) {
        assert_eq!(message.cursor, seq.to_string());
        let Some(Kind::TaskStatus(expected)) = &event.kind else {
            unreachable!()
        };
        assert_eq!(
            message.update,
            Some(TaskUpdate::TaskStatus(expected.clone()))
        );
        assert_eq!(message.received_time, Some(received));
    }

    let mut accounts = watch_accounts(&node.channel, &oldest_cursor).await.unwrap();
    let got = account_updates(&mut accounts, retained_accounts.len()).await;
    for (message, (seq, event)) in got.iter().zip(&retained_accounts) {
        assert_eq!(message.cursor, seq.to_string());
        let Some(Kind::AccountStatus(expected)) = &event.kind else {
            unreachable!()
        };
        assert_eq!(
            message.update,
            Some(AccountUpdate::AccountStatus(expected.clone()))
        );
    }

    // A live event after the replay follows without a gap.
    let live = serde_json::json!({"taskId": TASK, "status": "5"}).to_string();
    let (status, _) = post(
        &format!("{}{}", node.webhook_url, WebhookKind::TaskStatus.path()),
        &[],
        &live,
    )
    .await;
    assert_eq!(status, 200);
    let got = task_updates(&mut tasks, 1).await;
    assert_eq!(got[0].cursor, (u64::from(EVENTS) + 1).to_string());
    assert_eq!(
        got[0].update,
        Some(TaskUpdate::TaskStatus(TaskStatusChanged {
            task_id: TASK.into(),
            status: TaskStatus::Completed as i32
        }))
    );
}

/// Cursor, update and receipt time of each message: what a replay must reproduce.
fn replayable(
    messages: &[WatchTaskResponse],
) -> Vec<(String, Option<TaskUpdate>, Option<prost_types::Timestamp>)> {
    messages
        .iter()
        .map(|m| (m.cursor.clone(), m.update.clone(), m.received_time))
        .collect()
}

/// Stops a gateway (its shutdown signal, client channel and event handles are dropped), keeping
/// only its data directory.
fn stop(gateway: Gateway) -> tempfile::TempDir {
    gateway
        .data_dir
        .expect("the harness owns this gateway's data dir")
}

#[tokio::test]
async fn a_restart_on_the_same_data_dir_keeps_events_cursors_and_dedup_keys() {
    let platform = snapshot_platform().await;
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let first = Gateway::start_with(
        upstream_settings(&platform.url()),
        listener,
        event_args(),
        common::no_auth(),
    )
    .await;
    let kinds = [
        WebhookKind::TaskStatus,
        WebhookKind::TaskDetailStatus,
        WebhookKind::ReplyMessage,
    ];
    for kind in kinds {
        let body = fixture_text(&format!("wh-{}.request.json", kind.config_id()));
        let url = format!("{}{}", first.webhook_url, kind.path());
        assert_accepted(post(&url, &[], &body).await, kind.config_id());
    }
    // One with an unsigned webhook-id: nothing vouches for the id, so its dedup key is its kind
    // and body, like the others'.
    let with_id = serde_json::json!({"taskId": TASK, "status": "2"}).to_string();
    let id_header = [("webhook-id", "msg_before_restart".to_owned())];
    assert_accepted(
        post(&task_status_url(&first), &id_header, &with_id).await,
        "with webhook-id",
    );
    // Status, two recipients, a reply, a status.
    const STORED: usize = 5;
    let mut stream = watch_task(&first.channel, "0").await.unwrap();
    let before = task_updates(&mut stream, STORED).await;
    drop(stream);
    let cursors: Vec<u64> = before.iter().map(|m| m.cursor.parse().unwrap()).collect();
    assert!(cursors.windows(2).all(|w| w[0] < w[1]), "{cursors:?}");
    let bounds = first.events.log.bounds().await.unwrap();
    assert_eq!(bounds.latest, *cursors.last().unwrap());

    // Stop the first gateway and wait until it has let go of its log.
    let old_log = Arc::downgrade(&first.events.log);
    let data_dir = stop(first);
    common::eventually("the stopped gateway to close its event log", || {
        let gone = old_log.upgrade().is_none();
        async move { gone.then_some(()) }
    })
    .await;

    // A new gateway on the same directory.
    let log = Arc::new(SqliteLog::open(data_dir.path(), event_args().log_settings()).unwrap());
    assert_eq!(log.bounds().await.unwrap(), bounds);
    let second = node(&platform, log.clone()).await;
    let mut stream = watch_task(&second.channel, "0").await.unwrap();
    let after = task_updates(&mut stream, STORED).await;
    assert_eq!(replayable(&after), replayable(&before), "the same replay");

    // Redeliveries of webhooks acknowledged before the restart are recognised.
    let example_url = format!("{}{}", second.webhook_url, WebhookKind::TaskStatus.path());
    assert_accepted(
        post(&example_url, &[], &example()).await,
        "redelivered example",
    );
    assert_accepted(
        post(&example_url, &id_header, &with_id).await,
        "redelivered with its webhook-id",
    );
    let all = log.read_after(0, &Filter::All, 1000).await.unwrap();
    assert_eq!(all.len(), STORED, "stored once: {all:#?}");
    assert_eq!(log.bounds().await.unwrap(), bounds);

    // A new webhook continues the cursors after the old ones, without a gap.
    let new = serde_json::json!({"taskId": TASK, "status": "5"}).to_string();
    assert_accepted(post(&example_url, &[], &new).await, "new webhook");
    let got = task_updates(&mut stream, 1).await;
    assert_eq!(got[0].cursor, (bounds.latest + 1).to_string());
    assert_eq!(
        got[0].update,
        Some(TaskUpdate::TaskStatus(TaskStatusChanged {
            task_id: TASK.into(),
            status: TaskStatus::Completed as i32
        }))
    );
}

// ---------------------------------------------------------------------------------------------
// Redeliveries: what a webhook-id may suppress.

/// How many events the log holds.
async fn stored_count(gateway: &Gateway) -> usize {
    stored(gateway).await.len()
}

/// The URL of `kind` on `gateway` (prefix included, no path secret).
fn url_of(gateway: &Gateway, kind: WebhookKind) -> String {
    format!("{}{}", gateway.webhook_url, kind.path())
}

/// A body that reads as both a task status and a scan task status webhook (unknown fields are
/// ignored), so the same bytes can go to two kinds.
fn two_kind_body() -> String {
    serde_json::json!({
        "taskId": TASK, "status": "2",
        "userId": 10001, "taskStatus": 80, "whatsapp": "86166666666", "updateTime": 1710236000000_i64
    })
    .to_string()
}

#[tokio::test]
async fn unsigned_webhook_ids_are_not_trusted_for_dedup() {
    let (_platform, gateway) = gateway(&[], "").await;
    let id = [("webhook-id", "42".to_owned())];
    let other_status = serde_json::json!({"taskId": TASK, "status": "2"}).to_string();
    let reply = fixture_text("wh-GS_V3_REPLY_MESSAGE.request.json");
    assert_accepted(
        post(&url_of(&gateway, WebhookKind::TaskStatus), &id, &example()).await,
        "first",
    );
    assert_accepted(
        post(
            &url_of(&gateway, WebhookKind::TaskStatus),
            &id,
            &other_status,
        )
        .await,
        "same kind, another body",
    );
    assert_accepted(
        post(&url_of(&gateway, WebhookKind::ReplyMessage), &id, &reply).await,
        "another kind",
    );
    assert_eq!(
        stored_count(&gateway).await,
        3,
        "three webhooks, three events"
    );

    // Without a signature a redelivery is recognised by kind and body, header or not.
    assert_accepted(
        post(&url_of(&gateway, WebhookKind::TaskStatus), &[], &example()).await,
        "the first again, without the header",
    );
    assert_eq!(stored_count(&gateway).await, 3);
}

#[tokio::test]
async fn a_signed_webhook_id_with_another_body_is_stored() {
    let (_platform, gateway) = gateway(&["--webhook-signing-secret", SECRET_OLD], "").await;
    let url = task_status_url(&gateway);
    let first = example();
    let second = serde_json::json!({"taskId": TASK, "status": "2"}).to_string();
    for (body, what) in [
        (&first, "first"),
        (&second, "same id, another body"),
        (&second, "the second body again"),
        (&first, "the first body again"),
    ] {
        let headers = signed(SECRET_OLD, "msg_42", now(), body);
        assert_accepted(post(&url, &headers, body).await, what);
    }
    let kinds: Vec<_> = stored(&gateway)
        .await
        .into_iter()
        .map(|e| e.event.kind)
        .collect();
    assert_eq!(
        kinds,
        vec![
            Some(Kind::TaskStatus(TaskStatusChanged {
                task_id: TASK.into(),
                status: TaskStatus::PendingStart as i32,
            })),
            Some(Kind::TaskStatus(TaskStatusChanged {
                task_id: TASK.into(),
                status: TaskStatus::PendingSend as i32,
            })),
        ],
        "each content once"
    );
}

#[tokio::test]
async fn a_signed_webhook_id_dedups_only_within_its_kind() {
    let (_platform, gateway) = gateway(&["--webhook-signing-secret", SECRET_OLD], "").await;
    let body = two_kind_body();
    for kind in [WebhookKind::TaskStatus, WebhookKind::ScanTaskStatus] {
        let headers = signed(SECRET_OLD, "msg_7", now(), &body);
        assert_accepted(
            post(&url_of(&gateway, kind), &headers, &body).await,
            kind.config_id(),
        );
    }
    let events = stored(&gateway).await;
    assert!(
        matches!(
            events.iter().map(|e| &e.event.kind).collect::<Vec<_>>()[..],
            [Some(Kind::TaskStatus(_)), Some(Kind::ScanTaskStatus(_))]
        ),
        "one event of each kind: {events:#?}"
    );
    // And within each kind, the same id and body again is a duplicate.
    for kind in [WebhookKind::TaskStatus, WebhookKind::ScanTaskStatus] {
        let headers = signed(SECRET_OLD, "msg_7", now(), &body);
        assert_accepted(
            post(&url_of(&gateway, kind), &headers, &body).await,
            "again",
        );
    }
    assert_eq!(stored_count(&gateway).await, 2);
}

// ---------------------------------------------------------------------------------------------
// Rejections: the envelope, the dead letter, and the bounds on both.

/// A gateway authenticated by `flags` whose event settings `adjust` changes.
async fn gateway_with(
    flags: &[&str],
    adjust: impl FnOnce(&mut wadispatch_gateway::config::EventArgs),
) -> (RecordingPlatform, Gateway) {
    let platform = snapshot_platform().await;
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let mut events = event_args();
    adjust(&mut events);
    let gateway = Gateway::start_with(
        upstream_settings(&platform.url()),
        listener,
        events,
        webhook_auth_from(flags),
    )
    .await;
    (platform, gateway)
}

/// A connection to the gateway's own database, as an operator's sqlite3 shell would open it.
fn database(gateway: &Gateway) -> rusqlite::Connection {
    let dir = gateway
        .data_dir
        .as_ref()
        .expect("the harness owns the data dir");
    rusqlite::Connection::open(dir.path().join(DB_FILE)).unwrap()
}

/// Count and bytes (bodies and texts) of the dead letters the database holds.
fn dead_letter_usage(gateway: &Gateway) -> (u64, u64) {
    database(gateway)
        .query_row(
            "SELECT COUNT(*), COALESCE(SUM(length(body) + length(CAST(path AS BLOB))
                 + length(CAST(content_type AS BLOB)) + length(CAST(reason AS BLOB))), 0)
             FROM dead_letters",
            [],
            |row| Ok((row.get::<_, i64>(0)? as u64, row.get::<_, i64>(1)? as u64)),
        )
        .unwrap()
}

/// Sends a POST with a chunked body (no Content-Length) of `chunks` chunks of `chunk` bytes
/// over a raw connection, stopping at the first failed write (the gateway may answer and close
/// early). Returns the HTTP status and the JSON answer, and how many body bytes were written.
async fn post_chunked(url: &str, chunk: usize, chunks: usize) -> (u16, serde_json::Value, usize) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let url: reqwest::Url = url.parse().unwrap();
    let addr = format!("{}:{}", url.host_str().unwrap(), url.port().unwrap());
    let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let (mut read, mut write) = stream.into_split();
    let head = format!(
        "POST {} HTTP/1.1\r\nhost: gateway\r\ncontent-type: application/json\r\n\
         transfer-encoding: chunked\r\nconnection: close\r\n\r\n",
        url.path()
    );
    // The write half is handed back, not dropped: dropping it would half-close the connection,
    // which the server takes for the client going away.
    let writer = tokio::spawn(async move {
        let mut sent = 0;
        if write.write_all(head.as_bytes()).await.is_err() {
            return (sent, write);
        }
        let data = format!("{:x}\r\n{}\r\n", chunk, "x".repeat(chunk));
        for _ in 0..chunks {
            if write.write_all(data.as_bytes()).await.is_err() {
                return (sent, write);
            }
            sent += chunk;
        }
        let _ = write.write_all(b"0\r\n\r\n").await;
        (sent, write)
    });
    let mut answer = Vec::new();
    // The gateway closes after its answer; a reset after the answer arrived is fine.
    let mut buf = [0u8; 8192];
    while let Ok(n @ 1..) = read.read(&mut buf).await {
        answer.extend_from_slice(&buf[..n]);
    }
    let (sent, _write) = writer.await.unwrap();
    let text = String::from_utf8_lossy(&answer).into_owned();
    let status: u16 = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("an HTTP answer: {text:?} after {sent} bytes"));
    let json = text
        .split_once("\r\n\r\n")
        .map(|(_, body)| body)
        .and_then(|body| serde_json::from_str(body).ok())
        .unwrap_or_default();
    (status, json, sent)
}

fn assert_too_large(answer: &(u16, serde_json::Value), what: &str) {
    assert_eq!(answer.0, 413, "{what}: {}", answer.1);
    assert_eq!(
        answer.1["code"], 413,
        "{what}: the platform's envelope: {}",
        answer.1
    );
    assert_eq!(answer.1["data"], "", "{what}: {}", answer.1);
    assert!(
        answer.1["message"]
            .as_str()
            .unwrap_or_default()
            .contains("exceeds the limit of 1024 bytes"),
        "{what}: a reason: {}",
        answer.1
    );
}

#[tokio::test]
async fn an_oversized_body_gets_the_413_envelope_and_a_truncated_dead_letter() {
    const LIMIT: usize = 1024;
    const KEPT: usize = 100;
    let (_platform, gateway) = gateway_with(&[], |events| {
        events.webhook_body_limit = LIMIT;
        events.dead_letter_body_max_bytes = KEPT;
    })
    .await;
    let url = task_status_url(&gateway);

    // With Content-Length.
    let body = format!("{{\"taskId\": \"{}\"}}", "7".repeat(5000));
    let answer = post(&url, &[], &body).await;
    assert_too_large(&answer, "Content-Length");
    let message = answer.1["message"].as_str().unwrap().to_owned();
    assert!(
        message.contains(&format!("{} bytes", body.len())),
        "{message}"
    );
    let letters = gateway.events.log.dead_letters(10).await.unwrap();
    assert_eq!(letters.len(), 1);
    assert_eq!(letters[0].body, body.as_bytes()[..KEPT]);
    assert_eq!(letters[0].original_len, body.len() as u64);
    assert!(letters[0].truncated());
    assert_eq!(letters[0].reason, message);
    assert_eq!(letters[0].path, WebhookKind::TaskStatus.path());

    // Chunked, without Content-Length: read to its end when that comes soon after the limit.
    let answer = post_chunked(&url, 1000, 3).await;
    assert_too_large(&(answer.0, answer.1.clone()), "chunked");
    let letters = gateway.events.log.dead_letters(10).await.unwrap();
    assert_eq!(letters.len(), 2);
    assert_eq!(letters[0].original_len, 3000);
    assert_eq!(letters[0].body, vec![b'x'; KEPT]);

    // An endless body: counted up to a bound past the limit, then the read stops.
    let chunk = 64 * 1024;
    let answer = post_chunked(&url, chunk, 64 * 1024 * 1024 / chunk).await;
    assert_too_large(&(answer.0, answer.1.clone()), "endless");
    assert!(
        answer.1["message"].as_str().unwrap().contains("more than"),
        "{}",
        answer.1
    );
    let counted = gateway.events.log.dead_letters(1).await.unwrap()[0].original_len;
    let bound = (LIMIT as u64) + wadispatch_gateway::webhook::OVERSIZE_COUNT_MAX + chunk as u64;
    assert!(counted <= bound, "counted {counted} bytes, bound {bound}");
    assert!(
        answer.2 < 64 * 1024 * 1024,
        "the gateway stopped reading: {} bytes were written",
        answer.2
    );

    // A body of exactly the limit is read whole (and here rejected for its content only).
    let exact = format!("{{\"taskId\": \"{}\"}}", "7".repeat(LIMIT - 14));
    assert_eq!(exact.len(), LIMIT);
    let (status, _) = post(&url, &[], &exact).await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn an_oversized_body_is_not_kept_when_its_signature_cannot_be_checked() {
    let (_platform, gateway) = gateway_with(&["--webhook-signing-secret", SECRET_OLD], |events| {
        events.webhook_body_limit = 1024;
    })
    .await;
    let body = "x".repeat(5000);
    let answer = post(
        &task_status_url(&gateway),
        &signed(SECRET_OLD, "m", now(), &body),
        &body,
    )
    .await;
    assert_too_large(&answer, "signed");
    assert_nothing_kept(&gateway, "an unverifiable oversized body").await;
}

#[tokio::test]
async fn a_rejection_reason_names_the_kind_once() {
    let (_platform, gateway) = gateway(&[], "").await;
    for kind in [WebhookKind::TaskStatus, WebhookKind::ScanTaskStatus] {
        let (status, answer) = post(&url_of(&gateway, kind), &[], "{not json").await;
        assert_eq!(status, 400);
        let message = answer["message"].as_str().unwrap().to_owned();
        let letter = &gateway.events.log.dead_letters(1).await.unwrap()[0];
        for reason in [&message, &letter.reason] {
            assert_eq!(
                reason.matches(kind.config_id()).count(),
                1,
                "the kind once: {reason:?}"
            );
            assert_eq!(reason.matches("webhook: ").count(), 1, "{reason:?}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_flood_of_malformed_bodies_stays_within_the_dead_letter_caps() {
    const MAX_BYTES: u64 = 1 << 20;
    const FLOOD: usize = 200;
    const VALID: usize = 40;
    let (_platform, gateway) = gateway_with(&[], |events| {
        events.dead_letter_max_bytes = MAX_BYTES;
        events.dead_letter_body_max_bytes = 16 * 1024;
    })
    .await;
    let url = task_status_url(&gateway);
    // 1 MiB bodies that are not JSON: each parses to a 400.
    let junk = Arc::new(format!("{{\"taskId\": \"{}", "9".repeat(1 << 20)));
    let client = reqwest::Client::new();
    let mut flood = Vec::new();
    for worker in 0..8 {
        let (client, url, junk) = (client.clone(), url.clone(), junk.clone());
        flood.push(tokio::spawn(async move {
            let mut rejected = 0;
            for _ in 0..FLOOD / 8 {
                let answer = client
                    .post(&url)
                    .header("content-type", "application/json")
                    .body(junk.as_bytes().to_vec())
                    .send()
                    .await
                    .unwrap();
                assert_eq!(answer.status(), 400, "worker {worker}");
                rejected += 1;
            }
            rejected
        }));
    }
    // Valid webhooks meanwhile: every one acknowledged and stored.
    for i in 0..VALID {
        let body = serde_json::json!({"taskId": format!("flood-{i}"), "status": "3"}).to_string();
        assert_accepted(
            post(&url, &[], &body).await,
            "a valid webhook during the flood",
        );
    }
    let mut rejected = 0;
    for worker in flood {
        rejected += worker.await.unwrap();
    }
    assert_eq!(rejected, FLOOD);
    assert_eq!(stored_count(&gateway).await, VALID);

    let (count, bytes) = dead_letter_usage(&gateway);
    assert!(
        bytes <= MAX_BYTES,
        "dead letters hold {bytes} bytes, cap {MAX_BYTES}"
    );
    assert!(count > 0 && count < FLOOD as u64, "{count} dead letters");
    let letters = gateway.events.log.dead_letters(1000).await.unwrap();
    assert!(letters
        .iter()
        .all(|l| l.truncated() && l.original_len == junk.len() as u64));
    // The database file, WAL included, stays far below the 200 MiB the flood sent.
    let dir = gateway.data_dir.as_ref().unwrap().path();
    let on_disk: u64 = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().metadata().unwrap().len())
        .sum();
    eprintln!(
        "flood of {FLOOD} x 1 MiB: {count} dead letters, {bytes} bytes, {on_disk} bytes on disk"
    );
    assert!(on_disk < 32 << 20, "the log takes {on_disk} bytes on disk");
}

#[tokio::test]
async fn a_dead_letter_that_cannot_be_written_still_gets_its_4xx() {
    let (_platform, gateway) = gateway(&[], "").await;
    // Every dead-letter insert fails from now on, as on a full disk.
    database(&gateway)
        .execute_batch(
            "CREATE TRIGGER no_room BEFORE INSERT ON dead_letters
             BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;",
        )
        .unwrap();
    let url = task_status_url(&gateway);
    for round in 0..3 {
        let (status, answer) = post(&url, &[], "{not json").await;
        assert_eq!(status, 400, "round {round}: {answer}");
        assert!(
            answer["message"].as_str().unwrap().contains("not JSON"),
            "{answer}"
        );
        let body = serde_json::json!({"taskId": format!("t{round}"), "status": "3"}).to_string();
        assert_accepted(post(&url, &[], &body).await, "a valid webhook");
    }
    assert_eq!(stored_count(&gateway).await, 3);
    assert!(gateway
        .events
        .log
        .dead_letters(10)
        .await
        .unwrap()
        .is_empty());
}
