//! Safe retries: a state-changing call with a request id reaches the platform at most once,
//! whatever sequence of retries, timeouts and concurrent duplicates follows it.

use std::time::Duration;

use serde_json::json;
use tokio::net::TcpListener;
use tonic::{Code, Request};
use wadispatch_gateway::proto::v1::cloud_port_service_client::CloudPortServiceClient;
use wadispatch_gateway::proto::v1::task_service_client::TaskServiceClient;
use wadispatch_gateway::proto::v1::*;
use wadispatch_gateway::upstream::routes;

use crate::common::*;

const REQUEST_ID: &str = "6f1c2a9e-4b7d-4c1e-9a53-2d8f0b7e6c41";
const TASK_ID: &str = "6a2724fa2b7055971f960cc162632595";

fn created(task_id: &str) -> String {
    json!({"code": 200, "message": "Success", "data": {"taskId": task_id}}).to_string()
}

fn create_request(request_id: &str) -> CreateUnassignedSingleTargetTaskRequest {
    CreateUnassignedSingleTargetTaskRequest {
        request_id: request_id.into(),
        ..text_task_request()
    }
}

/// Platform requests to `path` so far.
fn calls_to(platform: &RecordingPlatform, path: &str) -> usize {
    platform
        .received()
        .iter()
        .filter(|recorded| recorded.path == path)
        .count()
}

async fn create(
    harness: &Harness,
    request: Request<CreateUnassignedSingleTargetTaskRequest>,
) -> Result<String, tonic::Status> {
    TaskServiceClient::new(harness.gateway.channel.clone())
        .create_unassigned_single_target_task(request)
        .await
        .map(|response| response.into_inner().task_id)
}

const CREATE: &str = routes::CREATE_UNASSIGNED_SINGLE_TARGET_TASK.path;

/// The create with `REQUEST_ID`, on a task of its own: the task id it answers.
fn spawn_create(harness: &Harness) -> tokio::task::JoinHandle<Result<String, tonic::Status>> {
    let channel = harness.gateway.channel.clone();
    tokio::spawn(async move {
        TaskServiceClient::new(channel)
            .create_unassigned_single_target_task(create_request(REQUEST_ID))
            .await
            .map(|response| response.into_inner().task_id)
    })
}

#[tokio::test]
async fn a_retry_after_success_gets_the_same_task_without_a_second_platform_call() {
    let harness = Harness::start().await;
    harness.platform.answer(CREATE, 200, created(TASK_ID));
    let first = create(&harness, Request::new(create_request(REQUEST_ID)))
        .await
        .unwrap();
    // The platform would now create another task: a second call would show.
    harness
        .platform
        .answer(CREATE, 200, created("another-task"));
    for _ in 0..3 {
        let retry = create(&harness, Request::new(create_request(REQUEST_ID)))
            .await
            .unwrap();
        assert_eq!(retry, first);
    }
    // The same id in upper case is the same UUID.
    let upper = create(
        &harness,
        Request::new(create_request(&REQUEST_ID.to_uppercase())),
    )
    .await
    .unwrap();
    assert_eq!(upper, first);
    assert_eq!(calls_to(&harness.platform, CREATE), 1);
    // Without a request id every call is sent.
    let unidentified = create(&harness, Request::new(create_request("")))
        .await
        .unwrap();
    assert_eq!(unidentified, "another-task");
    assert_eq!(calls_to(&harness.platform, CREATE), 2);
}

/// A create identified by `value` in metadata `key`.
fn identified(key: &'static str, value: &str) -> Request<CreateUnassignedSingleTargetTaskRequest> {
    let mut request = Request::new(create_request(""));
    request.metadata_mut().insert(key, value.parse().unwrap());
    request
}

#[tokio::test]
async fn the_id_may_come_as_metadata() {
    let harness = Harness::start().await;
    harness.platform.answer(CREATE, 200, created(TASK_ID));
    let first = create(&harness, identified("idempotency-key", "order-4711"))
        .await
        .unwrap();
    harness.platform.answer(CREATE, 200, created("second"));
    let retry = create(&harness, identified("idempotency-key", "order-4711"))
        .await
        .unwrap();
    assert_eq!(retry, first);
    assert_eq!(calls_to(&harness.platform, CREATE), 1);
    // An unusable idempotency-key is refused.
    let refused = create(&harness, identified("idempotency-key", &"k".repeat(129)))
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Code::InvalidArgument, "{refused:?}");
    assert!(refused.message().contains("idempotency-key"), "{refused:?}");
    // By default an x-request-id identifies nothing: both calls are sent.
    for _ in 0..2 {
        create(&harness, identified("x-request-id", "trace-1"))
            .await
            .unwrap();
    }
    assert_eq!(calls_to(&harness.platform, CREATE), 3);
}

#[tokio::test]
async fn a_retry_after_the_platform_refused_is_sent_again() {
    let harness = Harness::start().await;
    harness.platform.answer(
        CREATE,
        200,
        json!({"code": 400, "message": "friendWhatsApp is invalid", "data": null}).to_string(),
    );
    let refused = create(&harness, Request::new(create_request(REQUEST_ID)))
        .await
        .unwrap_err();
    assert_ne!(refused.code(), Code::Ok);
    harness.platform.answer(CREATE, 200, created(TASK_ID));
    let retry = create(&harness, Request::new(create_request(REQUEST_ID)))
        .await
        .unwrap();
    assert_eq!(retry, TASK_ID);
    assert_eq!(calls_to(&harness.platform, CREATE), 2);
    // And the success is now what the id answers.
    let again = create(&harness, Request::new(create_request(REQUEST_ID)))
        .await
        .unwrap();
    assert_eq!(again, TASK_ID);
    assert_eq!(calls_to(&harness.platform, CREATE), 2);
}

#[tokio::test]
async fn an_invalid_request_id_is_refused_with_its_field() {
    let harness = Harness::start().await;
    let refused = create(&harness, Request::new(create_request("retry-1")))
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Code::InvalidArgument);
    let details = error_details(&refused);
    let violations = details.bad_request().unwrap().field_violations.clone();
    assert!(
        violations.iter().any(|v| v.field == "request_id"),
        "{violations:?}"
    );
    assert_eq!(calls_to(&harness.platform, CREATE), 0);
}

#[tokio::test]
async fn the_same_id_with_another_request_is_refused() {
    let harness = Harness::start().await;
    harness.platform.answer(CREATE, 200, created(TASK_ID));
    create(&harness, Request::new(create_request(REQUEST_ID)))
        .await
        .unwrap();
    let mut other = create_request(REQUEST_ID);
    other.target = "8618217331299".into();
    let refused = create(&harness, Request::new(other)).await.unwrap_err();
    let info = assert_error_info(&refused, Code::InvalidArgument, "REQUEST_ID_REUSED");
    assert_eq!(info.metadata["request_id"], REQUEST_ID);
    // The same request written another way is the same request.
    let mut same = create_request(REQUEST_ID);
    same.target = "+86 182-1733-1211".into();
    assert_eq!(create(&harness, Request::new(same)).await.unwrap(), TASK_ID);
    // Another RPC with the same id is another request.
    let start = TaskServiceClient::new(harness.gateway.channel.clone())
        .start_tasks(StartTasksRequest {
            task_ids: vec![TASK_ID.into()],
            request_id: REQUEST_ID.into(),
        })
        .await
        .unwrap_err();
    assert_error_info(&start, Code::InvalidArgument, "REQUEST_ID_REUSED");
    assert_eq!(harness.platform.received().len(), 1);
}

#[tokio::test]
async fn a_platform_answering_after_the_deadline_leaves_an_unknown_outcome_never_resent() {
    let harness = slow_platform(Duration::from_secs(3)).await;
    let mut first = Request::new(create_request(REQUEST_ID));
    first.set_timeout(Duration::from_millis(600));
    let timed_out = create(&harness, first).await.unwrap_err();
    assert!(
        matches!(timed_out.code(), Code::DeadlineExceeded | Code::Cancelled),
        "{timed_out:?}"
    );
    // The platform created the task anyway, and reports its first recipient.
    let webhook = json!({"groupSendInfoStatusList": [{"taskId": "late-task", "info": [{
        "senderWhatsApp": "861271625212", "friendWhatsApp": "8618217331211",
        "time": 1721358108467i64, "status": 1, "infoId": 95}]}]});
    let posted = reqwest::Client::new()
        .post(format!(
            "{}/callback/gsTask/syncGsTaskInfoStatus",
            harness.gateway.webhook_url
        ))
        .json(&webhook)
        .send()
        .await
        .unwrap();
    assert_eq!(posted.status(), 200);
    let retry = eventually("the retry is answered OUTCOME_UNKNOWN", || async {
        let status = create(&harness, Request::new(create_request(REQUEST_ID)))
            .await
            .unwrap_err();
        // A retry while the first is still being settled waits for it; either way the answer
        // is the same.
        (status.code() == Code::Aborted).then_some(status)
    })
    .await;
    let info = assert_error_info(&retry, Code::Aborted, "OUTCOME_UNKNOWN");
    assert!(info.metadata.contains_key("first_attempt_time"), "{info:?}");
    assert!(
        info.metadata.contains_key("first_attempt_cursor"),
        "{info:?}"
    );
    assert_eq!(info.metadata["evidence_task_ids"], "late-task", "{info:?}");
    // Wait out the platform's answer: still one create.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let again = create(&harness, Request::new(create_request(REQUEST_ID)))
        .await
        .unwrap_err();
    assert_error_info(&again, Code::Aborted, "OUTCOME_UNKNOWN");
    assert_eq!(calls_to(&harness.platform, CREATE), 1);
}

/// A gateway in front of a platform that creates `TASK_ID` after `delay`.
async fn slow_platform(delay: Duration) -> Harness {
    let harness = Harness::start().await;
    harness
        .platform
        .answer_after(CREATE, 200, created(TASK_ID), delay);
    harness
}

#[tokio::test]
async fn fifty_concurrent_duplicates_make_one_platform_call_and_get_one_answer() {
    let harness = slow_platform(Duration::from_millis(500)).await;
    let calls: Vec<_> = (0..50).map(|_| spawn_create(&harness)).collect();
    for call in calls {
        assert_eq!(call.await.unwrap().unwrap(), TASK_ID);
    }
    assert_eq!(calls_to(&harness.platform, CREATE), 1);
}

#[tokio::test]
async fn a_duplicate_that_cannot_wait_for_the_first_is_aborted() {
    let harness = slow_platform(Duration::from_secs(2)).await;
    let first = spawn_create(&harness);
    eventually("the first call reaches the platform", || async {
        (calls_to(&harness.platform, CREATE) == 1).then_some(())
    })
    .await;
    let mut impatient = Request::new(create_request(REQUEST_ID));
    impatient.set_timeout(Duration::from_millis(300));
    let status = create(&harness, impatient).await.unwrap_err();
    // The gateway answers within the caller's deadline, or the caller's timer does.
    if status.code() == Code::Aborted {
        assert_error_info(&status, Code::Aborted, "REQUEST_IN_FLIGHT");
    } else {
        assert_eq!(status.code(), Code::DeadlineExceeded, "{status:?}");
    }
    assert_eq!(first.await.unwrap().unwrap(), TASK_ID);
    assert_eq!(
        create(&harness, Request::new(create_request(REQUEST_ID)))
            .await
            .unwrap(),
        TASK_ID
    );
    assert_eq!(calls_to(&harness.platform, CREATE), 1);
}

#[tokio::test]
async fn an_id_is_forgotten_after_its_retention() {
    const RETENTION: Duration = Duration::from_secs(2);
    let harness = harness_with(|events| events.request_id_retention = RETENTION).await;
    harness.platform.answer(CREATE, 200, created(TASK_ID));
    let started = std::time::Instant::now();
    create(&harness, Request::new(create_request(REQUEST_ID)))
        .await
        .unwrap();
    create(&harness, Request::new(create_request(REQUEST_ID)))
        .await
        .unwrap();
    // Within the retention (as it is unless the machine stalls for seconds): answered from the
    // record.
    if started.elapsed() < RETENTION {
        assert_eq!(calls_to(&harness.platform, CREATE), 1);
    }
    tokio::time::sleep(RETENTION.saturating_sub(started.elapsed()) + Duration::from_millis(100))
        .await;
    let before = calls_to(&harness.platform, CREATE);
    create(&harness, Request::new(create_request(REQUEST_ID)))
        .await
        .unwrap();
    assert_eq!(calls_to(&harness.platform, CREATE), before + 1);
}

#[tokio::test]
async fn a_secret_answer_is_not_kept_and_its_retry_is_told_so() {
    let harness = Harness::start().await;
    let path = routes::GET_LOGIN_QR_CODE.path;
    harness.platform.answer(
        path,
        200,
        json!({"code": 200, "message": "success", "data": "2@secret-qr-payload"}).to_string(),
    );
    let request = || GetLoginQrCodeRequest {
        login_id: "1001".into(),
        request_id: REQUEST_ID.into(),
        ..Default::default()
    };
    let mut client = CloudPortServiceClient::new(harness.gateway.channel.clone());
    let first = client
        .get_login_qr_code(request())
        .await
        .unwrap()
        .into_inner();
    assert_eq!(first.qr_code, "2@secret-qr-payload");
    let retry = client.get_login_qr_code(request()).await.unwrap_err();
    assert_error_info(&retry, Code::AlreadyExists, "REQUEST_ALREADY_SUCCEEDED");
    assert!(!retry.message().contains("secret-qr"), "{retry:?}");
    assert_eq!(calls_to(&harness.platform, path), 1);
    // Nowhere in the store.
    let dir = harness.gateway.data_dir.as_ref().unwrap().path();
    let conn = rusqlite::Connection::open(dir.join("events.sqlite3")).unwrap();
    let stored: Option<Vec<u8>> = conn
        .query_row("SELECT response FROM requests", [], |row| row.get(0))
        .unwrap();
    assert_eq!(stored, None);
}

/// `message` with a tracer's correlation id.
fn traced<T>(message: T) -> Request<T> {
    let mut request = Request::new(message);
    request
        .metadata_mut()
        .insert("x-request-id", "trace-4711".parse().unwrap());
    request
}

/// A gateway in front of a new recording platform, with event settings changed by `adjust`.
async fn harness_with(adjust: impl FnOnce(&mut wadispatch_gateway::config::EventArgs)) -> Harness {
    let platform = RecordingPlatform::start().await;
    let mut events = event_args();
    adjust(&mut events);
    let gateway = Gateway::start_with(
        upstream_settings(&platform.url()),
        TcpListener::bind("127.0.0.1:0").await.unwrap(),
        events,
        no_auth(),
    )
    .await;
    Harness { platform, gateway }
}

#[tokio::test]
async fn an_x_request_id_when_enabled_identifies_a_call_of_one_rpc() {
    let harness = harness_with(|events| events.request_id_from_x_request_id = true).await;
    harness.platform.answer(CREATE, 200, created(TASK_ID));
    let start_path = routes::START_TASKS.path;
    harness.platform.answer(
        start_path,
        200,
        json!({"code": 200, "message": "success", "data": null}).to_string(),
    );
    // A retry with the same header is answered from the record.
    create(&harness, traced(create_request(""))).await.unwrap();
    create(&harness, traced(create_request(""))).await.unwrap();
    assert_eq!(calls_to(&harness.platform, CREATE), 1);
    // The same correlation id on a start of the same job: another request.
    TaskServiceClient::new(harness.gateway.channel.clone())
        .start_tasks(traced(StartTasksRequest {
            task_ids: vec![TASK_ID.into()],
            ..Default::default()
        }))
        .await
        .unwrap();
    assert_eq!(calls_to(&harness.platform, start_path), 1);
    // An unusable one (a proxy may set anything) is ignored, not refused.
    for _ in 0..2 {
        create(&harness, identified("x-request-id", &"k".repeat(129)))
            .await
            .unwrap();
    }
    assert_eq!(calls_to(&harness.platform, CREATE), 3);
    // The audit trail shows the header as it came.
    let dir = harness.gateway.data_dir.as_ref().unwrap().path();
    let conn = rusqlite::Connection::open(dir.join("events.sqlite3")).unwrap();
    let shown: Vec<String> = conn
        .prepare("SELECT request_id FROM audit ORDER BY id LIMIT 3")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(shown, ["trace-4711", "trace-4711", "trace-4711"]);
}

#[tokio::test]
async fn a_failure_after_which_the_platform_may_have_acted_is_an_unknown_outcome() {
    // A 5xx with an error envelope (a proxy's, or the platform's after a write), and a 200
    // with a generic error code: neither says that nothing was created.
    for (status, body) in [
        (503, json!({"code": 503, "message": "upstream timeout"})),
        (
            200,
            json!({"code": 500, "message": "internal error", "data": null}),
        ),
    ] {
        let harness = Harness::start().await;
        harness.platform.answer(CREATE, status, body.to_string());
        let first = create(&harness, Request::new(create_request(REQUEST_ID)))
            .await
            .unwrap_err();
        assert_ne!(first.code(), Code::Ok);
        harness.platform.answer(CREATE, 200, created(TASK_ID));
        let retry = create(&harness, Request::new(create_request(REQUEST_ID)))
            .await
            .unwrap_err();
        assert_error_info(&retry, Code::Aborted, "OUTCOME_UNKNOWN");
        assert_eq!(calls_to(&harness.platform, CREATE), 1, "{status} {body}");
    }
}

#[tokio::test]
async fn at_the_records_cap_a_new_identified_call_is_refused_unsent() {
    let harness = harness_with(|events| events.request_id_max_records = 1).await;
    harness.platform.answer(CREATE, 200, created(TASK_ID));
    create(&harness, Request::new(create_request(REQUEST_ID)))
        .await
        .unwrap();
    let other = "11111111-2222-4333-8444-555555555555";
    let refused = create(&harness, Request::new(create_request(other)))
        .await
        .unwrap_err();
    assert_error_info(&refused, Code::ResourceExhausted, "REQUEST_RECORDS_FULL");
    // The recorded one still answers its retries, and calls without an id still go.
    assert_eq!(
        create(&harness, Request::new(create_request(REQUEST_ID)))
            .await
            .unwrap(),
        TASK_ID
    );
    create(&harness, Request::new(create_request("")))
        .await
        .unwrap();
    assert_eq!(calls_to(&harness.platform, CREATE), 2);
}

#[tokio::test]
async fn calls_a_caller_stopped_waiting_for_still_count_against_its_calls_under_way() {
    let platform = RecordingPlatform::start().await;
    platform.answer_after(CREATE, 200, created(TASK_ID), Duration::from_secs(2));
    let mut settings = upstream_settings(&platform.url());
    settings.limits.max_calls_per_caller = 2;
    let gateway = Gateway::start_with(
        settings,
        TcpListener::bind("127.0.0.1:0").await.unwrap(),
        event_args(),
        no_auth(),
    )
    .await;
    let harness = Harness { platform, gateway };
    // Two creates, abandoned by their caller once the platform has them.
    let abandoned: Vec<_> = (0..2)
        .map(|_| {
            let channel = harness.gateway.channel.clone();
            tokio::spawn(async move {
                TaskServiceClient::new(channel)
                    .create_unassigned_single_target_task(create_request(""))
                    .await
            })
        })
        .collect();
    eventually("both creates reach the platform", || async {
        (calls_to(&harness.platform, CREATE) == 2).then_some(())
    })
    .await;
    for call in &abandoned {
        call.abort();
    }
    let refused = create(&harness, Request::new(create_request("")))
        .await
        .unwrap_err();
    assert_error_info(
        &refused,
        Code::ResourceExhausted,
        "CALLS_UNDER_WAY_EXCEEDED",
    );
    assert_eq!(
        calls_to(&harness.platform, CREATE),
        2,
        "the third was not sent"
    );
    // Once the platform answers them, their places are free again.
    let sent = eventually("the abandoned creates end", || async {
        create(&harness, Request::new(create_request("")))
            .await
            .ok()
    })
    .await;
    assert_eq!(sent, TASK_ID);
}
