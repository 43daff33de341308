//! Webhook bodies to events: every documented example, every documented variant, and the
//! bodies that are not webhooks of their kind.

use std::path::PathBuf;

use chrono::FixedOffset;
use prost_types::Timestamp;
use serde_json::{json, Value};
use wadispatch_gateway::proto::v1::{
    event, AccountStatus, AccountStatusChanged, AccountStatusReason, ConnectionStatus,
    ConnectionStatusChanged, ContentType, DetailStatus, Event, FailureReason, OnlineStatus,
    PlatformType, QrLoginFinished, RecipientStatus, RecipientStatusChanged, RegistrationFinished,
    ReplyContent, ReplyMedia, ReplyReceived, ScanTaskStatus, ScanTaskStatusChanged, TaskStatus,
    TaskStatusChanged,
};
use wadispatch_gateway::webhook::parse::{parse, ParseError};
use wadispatch_gateway::wire::time::PlatformClock;
use wadispatch_gateway::wire::webhook::WebhookKind;

fn utc8() -> PlatformClock {
    PlatformClock::new(FixedOffset::east_opt(8 * 3600).unwrap())
}

fn received() -> Timestamp {
    Timestamp {
        seconds: 1_800_000_000,
        nanos: 123_000_000,
    }
}

fn ts(seconds: i64, nanos: i32) -> Option<Timestamp> {
    Some(Timestamp { seconds, nanos })
}

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/platform")
        .join(format!("wh-{name}.request.json"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn events(kind: WebhookKind, body: &[u8]) -> Vec<event::Kind> {
    let events = parse(kind, body, &utc8(), received()).unwrap();
    events
        .into_iter()
        .map(
            |Event {
                 kind,
                 received_time,
             }| {
                assert_eq!(received_time, Some(received()));
                kind.expect("every event has a kind")
            },
        )
        .collect()
}

fn events_of(kind: WebhookKind, body: Value) -> Vec<event::Kind> {
    events(kind, body.to_string().as_bytes())
}

fn one(kind: WebhookKind, body: Value) -> event::Kind {
    let mut all = events_of(kind, body);
    assert_eq!(all.len(), 1);
    all.remove(0)
}

fn error(kind: WebhookKind, body: &[u8]) -> String {
    let ParseError { reason } = parse(kind, body, &utc8(), received())
        .map(|events| panic!("{}: {events:?}", String::from_utf8_lossy(body)))
        .unwrap_err();
    assert!(
        reason.starts_with(kind.config_id()),
        "reason names the webhook: {reason}"
    );
    reason
}

fn error_of(kind: WebhookKind, body: Value) -> String {
    error(kind, body.to_string().as_bytes())
}

// ---- the documents' examples ----

#[test]
fn task_status_example() {
    let events = events(WebhookKind::TaskStatus, &fixture("GS_V3_SYNC_TASK_STATUS"));
    assert_eq!(
        events,
        vec![event::Kind::TaskStatus(TaskStatusChanged {
            task_id: "6a2724fa2b7055971f960cc162632595".into(),
            status: TaskStatus::PendingStart as i32,
        })]
    );
}

#[test]
fn task_detail_status_example() {
    let events = events(
        WebhookKind::TaskDetailStatus,
        &fixture("GS_V3_SYNC_TASK_DETAIL_STATUS"),
    );
    let info = |info_id, target: &str| {
        event::Kind::RecipientStatus(RecipientStatusChanged {
            task_id: "6a2724fa2b7055971f960cc162632595".into(),
            info_id,
            sender_phone: "861271625212".into(),
            target: target.into(),
            status: RecipientStatus::PendingSend as i32,
            // 1721358108467 ms
            time: ts(1_721_358_108, 467_000_000),
            failure_reason: FailureReason::Unspecified as i32,
            trans_id: String::new(),
        })
    };
    assert_eq!(
        events,
        vec![info(95, "911827121626"), info(96, "911827121621")]
    );
}

#[test]
fn reply_message_example() {
    let events = events(WebhookKind::ReplyMessage, &fixture("GS_V3_REPLY_MESSAGE"));
    assert_eq!(
        events,
        vec![event::Kind::Reply(ReplyReceived {
            user_id: "101".into(),
            serial_number: None,
            account_phone: "86172272727".into(),
            target: "61191828282".into(),
            task_id: "6a2724fa2b7055971f960cc162632595".into(),
            task_info_id: "9812343432".into(),
            contents: vec![
                ReplyContent {
                    r#type: ContentType::Text as i32,
                    text: "hello".into(),
                    media: None,
                    message_id: "19282dskdasldjl21".into(),
                    time: ts(1_689_129_792, 0),
                },
                ReplyContent {
                    r#type: ContentType::Image as i32,
                    text: String::new(),
                    media: Some(ReplyMedia {
                        file_name: "e70faa31-62dc-4d00-a42a-8a07735aa350".into(),
                        url: "https://id-wscrm.oss-accelerate.aliyuncs.com/client/d584b8cfb9185cc999389f17b4236b3b/61733005-dfdb-4704-9c5d-944423c70dd1".into(),
                        mime_type: "image/jpeg".into(),
                        caption: String::new(),
                    }),
                    message_id: "1282190210219082198".into(),
                    time: ts(1_689_129_792, 0),
                },
            ],
        })]
    );
}

#[test]
fn account_status_example() {
    let events = events(WebhookKind::AccountStatus, &fixture("CHANNEL_SYNC_STATUS"));
    assert_eq!(
        events,
        vec![event::Kind::AccountStatus(AccountStatusChanged {
            phone: "8218132718231".into(),
            status: AccountStatus::Normal as i32,
            online_status: OnlineStatus::LoggingIn as i32,
            reason: AccountStatusReason::Unspecified as i32,
            reason_text: String::new(),
            instance_code: String::new(),
        })]
    );
}

#[test]
fn register_status_example() {
    let events = events(
        WebhookKind::RegisterStatus,
        &fixture("CHANNEL_REGISTER_STATUS"),
    );
    assert_eq!(
        events,
        vec![event::Kind::Registration(RegistrationFinished {
            phone: "861821726232".into(),
            succeeded: true,
        })]
    );
}

#[test]
fn online_status_example_is_a_bare_array() {
    let events = events(
        WebhookKind::OnlineStatus,
        &fixture("WA_SYNC_ON_OR_OFF_LINE_STATUS"),
    );
    let record = event::Kind::ConnectionStatus(ConnectionStatusChanged {
        phone: "8617633819542".into(),
        // 1 is not a documented code: it passes through as 1.
        status: 1,
        detail_status: DetailStatus::PcQrLogin as i32,
        agent_account: String::new(),
        platform_type: PlatformType::Pc as i32,
        // 2024-07-03 15:27:00 at UTC+8 = 07:27:00 UTC.
        time: ts(1_719_991_620, 0),
    });
    assert_eq!(events, vec![record.clone(), record]);
}

#[test]
fn qr_login_status_example() {
    let events = events(
        WebhookKind::QrLoginStatus,
        &fixture("WA_SYNC_QR_LOGIN_STATUS"),
    );
    assert_eq!(
        events,
        vec![event::Kind::QrLogin(QrLoginFinished {
            login_id: "ad518a4271fa43c8937612c5f60396f8".into(),
            phone: "817272727272".into(),
            succeeded: true,
        })]
    );
}

#[test]
fn scan_task_status_example() {
    let events = events(
        WebhookKind::ScanTaskStatus,
        &fixture("SCAN_TASK_STATUS_SYNC"),
    );
    assert_eq!(
        events,
        vec![event::Kind::ScanTaskStatus(ScanTaskStatusChanged {
            scan_task_id: "f0d485cb2e5e4c5ca21b74e970043e6c".into(),
            agent_id: Some(10001),
            phone: "86166666666".into(),
            status: ScanTaskStatus::LoggedIn as i32,
            update_time: ts(1_710_236_000, 0),
        })]
    );
}

#[test]
fn every_kind_has_its_example() {
    let names = [
        "GS_V3_SYNC_TASK_STATUS",
        "GS_V3_SYNC_TASK_DETAIL_STATUS",
        "GS_V3_REPLY_MESSAGE",
        "CHANNEL_SYNC_STATUS",
        "CHANNEL_REGISTER_STATUS",
        "WA_SYNC_ON_OR_OFF_LINE_STATUS",
        "WA_SYNC_QR_LOGIN_STATUS",
        "SCAN_TASK_STATUS_SYNC",
    ];
    for kind in WebhookKind::ALL {
        assert!(names.contains(&kind.config_id()));
        assert!(!events(kind, &fixture(kind.config_id())).is_empty());
    }
}

// ---- documented variants ----

#[test]
fn numbers_may_be_numeric_strings() {
    assert_eq!(
        one(WebhookKind::TaskStatus, json!({"taskId": "t", "status": 5})),
        event::Kind::TaskStatus(TaskStatusChanged {
            task_id: "t".into(),
            status: TaskStatus::Completed as i32,
        })
    );
    let detail = json!({"groupSendInfoStatusList": [{"taskId": "t", "info": [{
        "senderWhatsApp": "1", "friendWhatsApp": "2", "time": "1721358108467",
        "status": "-1", "infoId": "95", "failReasonCode": "805", "transId": "x-1"
    }]}]});
    assert_eq!(
        one(WebhookKind::TaskDetailStatus, detail),
        event::Kind::RecipientStatus(RecipientStatusChanged {
            task_id: "t".into(),
            info_id: 95,
            sender_phone: "1".into(),
            target: "2".into(),
            status: RecipientStatus::SendFailed as i32,
            time: ts(1_721_358_108, 467_000_000),
            failure_reason: FailureReason::TextSendError as i32,
            trans_id: "x-1".into(),
        })
    );
    let account = json!({"whatsApp": "8", "status": "2", "onlineStatus": "4", "reason": "1004", "instanceCode": "scan-1"});
    assert_eq!(
        one(WebhookKind::AccountStatus, account),
        event::Kind::AccountStatus(AccountStatusChanged {
            phone: "8".into(),
            status: AccountStatus::Banned as i32,
            online_status: OnlineStatus::Offline as i32,
            reason: AccountStatusReason::LoggedOut as i32,
            reason_text: "1004".into(),
            instance_code: "scan-1".into(),
        })
    );
    assert_eq!(
        one(
            WebhookKind::RegisterStatus,
            json!({"phone": "86", "status": 0})
        ),
        event::Kind::Registration(RegistrationFinished {
            phone: "86".into(),
            succeeded: false,
        })
    );
    assert_eq!(
        one(
            WebhookKind::QrLoginStatus,
            json!({"id": "q", "whatsapp": "81", "status": "0"})
        ),
        event::Kind::QrLogin(QrLoginFinished {
            login_id: "q".into(),
            phone: "81".into(),
            succeeded: false,
        })
    );
    let scan = json!({"taskId": "s", "userId": "7", "taskStatus": "90", "whatsapp": "86", "updateTime": "1710236000001"});
    assert_eq!(
        one(WebhookKind::ScanTaskStatus, scan),
        event::Kind::ScanTaskStatus(ScanTaskStatusChanged {
            scan_task_id: "s".into(),
            agent_id: Some(7),
            phone: "86".into(),
            status: ScanTaskStatus::Banned as i32,
            update_time: ts(1_710_236_000, 1_000_000),
        })
    );
    let online = json!([{"whatsId": "86", "status": "40", "detailStatus": "41", "account": "agent", "time": "2024-07-03 15:27:00", "platformType": "2"}]);
    assert_eq!(
        one(WebhookKind::OnlineStatus, online),
        event::Kind::ConnectionStatus(ConnectionStatusChanged {
            phone: "86".into(),
            status: ConnectionStatus::Banned as i32,
            detail_status: DetailStatus::Banned as i32,
            agent_account: "agent".into(),
            platform_type: PlatformType::Android as i32,
            time: ts(1_719_991_620, 0),
        })
    );
}

#[test]
fn empty_and_null_optional_numbers_are_absent() {
    let scan = |user_id: Value| {
        let body = json!({"taskId": "s", "userId": user_id, "taskStatus": 70, "updateTime": 0});
        match one(WebhookKind::ScanTaskStatus, body) {
            event::Kind::ScanTaskStatus(event) => event,
            other => panic!("{other:?}"),
        }
    };
    assert_eq!(scan(json!("")).agent_id, None);
    assert_eq!(scan(json!(null)).agent_id, None);
    let event = scan(json!(3));
    assert_eq!(event.agent_id, Some(3));
    // whatsapp is optional; updateTime 0 is the epoch.
    assert_eq!(event.phone, "");
    assert_eq!(event.update_time, ts(0, 0));

    let reply = |serial: Value| {
        let body = json!({"userId": 1, "serialNumber": serial, "whatsApp": "a", "friendWhatsApp": "f",
            "taskId": "t", "taskInfoId": 9, "content": []});
        match one(WebhookKind::ReplyMessage, body) {
            event::Kind::Reply(event) => event,
            other => panic!("{other:?}"),
        }
    };
    assert_eq!(reply(json!(null)).serial_number, None);
    assert_eq!(reply(json!("")).serial_number, None);
    let event = reply(json!("42"));
    assert_eq!(event.serial_number, Some(42));
    // Numbers where the table says String are read as their digits.
    assert_eq!(event.user_id, "1");
    assert_eq!(event.task_info_id, "9");
    assert!(event.contents.is_empty());

    // failReasonCode "" and an absent transId / senderWhatsApp.
    let detail = json!({"groupSendInfoStatusList": [{"taskId": "t", "info": [{
        "friendWhatsApp": "2", "time": 1, "status": 0, "infoId": 1, "failReasonCode": ""
    }]}]});
    assert_eq!(
        one(WebhookKind::TaskDetailStatus, detail),
        event::Kind::RecipientStatus(RecipientStatusChanged {
            task_id: "t".into(),
            info_id: 1,
            sender_phone: String::new(),
            target: "2".into(),
            status: RecipientStatus::PendingDispatch as i32,
            time: ts(0, 1_000_000),
            failure_reason: FailureReason::Unspecified as i32,
            trans_id: String::new(),
        })
    );
}

#[test]
fn unknown_fields_are_ignored() {
    let body = json!({"taskId": "t", "status": "3", "tenantId": 7, "extra": {"nested": [1, 2]}});
    assert_eq!(
        one(WebhookKind::TaskStatus, body),
        event::Kind::TaskStatus(TaskStatusChanged {
            task_id: "t".into(),
            status: TaskStatus::Dispatching as i32,
        })
    );
    let online = json!({"whatsAppList": [{"whatsId": "86", "status": 10, "detailStatus": 12,
        "account": "a", "time": "2024-06-27 19:52:12", "platformType": 1, "new": true}], "batch": 1});
    assert_eq!(events_of(WebhookKind::OnlineStatus, online).len(), 1);
}

#[test]
fn unknown_codes_pass_through() {
    let body = json!({"taskId": "t", "status": 7});
    assert_eq!(
        one(WebhookKind::TaskStatus, body),
        event::Kind::TaskStatus(TaskStatusChanged {
            task_id: "t".into(),
            status: 7,
        })
    );
    let detail = json!({"groupSendInfoStatusList": [{"taskId": "t", "info": [{
        "friendWhatsApp": "2", "time": 1, "status": 8, "infoId": 1, "failReasonCode": 724
    }]}]});
    match one(WebhookKind::TaskDetailStatus, detail) {
        event::Kind::RecipientStatus(event) => {
            assert_eq!(event.status, 8);
            assert_eq!(event.failure_reason, 724);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn online_status_object_form() {
    let body = json!({"whatsAppList": [
        {"whatsId": "861", "status": 10, "detailStatus": 12, "account": "agent1",
         "time": "2024-06-27 19:52:12", "platformType": 1},
        {"whatsId": "862", "status": 30, "detailStatus": 32, "account": "agent2",
         "time": "1970-01-01 08:00:01", "platformType": 2}
    ]});
    assert_eq!(
        events_of(WebhookKind::OnlineStatus, body),
        vec![
            event::Kind::ConnectionStatus(ConnectionStatusChanged {
                phone: "861".into(),
                status: ConnectionStatus::Online as i32,
                detail_status: DetailStatus::PcOnline as i32,
                agent_account: "agent1".into(),
                platform_type: PlatformType::Pc as i32,
                // 2024-06-27 11:52:12 UTC
                time: ts(1_719_489_132, 0),
            }),
            event::Kind::ConnectionStatus(ConnectionStatusChanged {
                phone: "862".into(),
                status: ConnectionStatus::Offline as i32,
                detail_status: DetailStatus::PcClientClosed as i32,
                agent_account: "agent2".into(),
                platform_type: PlatformType::Android as i32,
                time: ts(1, 0),
            }),
        ]
    );
}

#[test]
fn online_status_empty_list_is_no_events() {
    assert!(events(WebhookKind::OnlineStatus, b"[]").is_empty());
    assert!(events(WebhookKind::OnlineStatus, br#"{"whatsAppList": []}"#).is_empty());
    assert!(events(WebhookKind::OnlineStatus, br#"{"whatsAppList": null}"#).is_empty());
    assert!(events(WebhookKind::OnlineStatus, br#"{"whatsAppList": ""}"#).is_empty());
    // Other batched kinds may also carry nothing.
    assert!(events(
        WebhookKind::TaskDetailStatus,
        br#"{"groupSendInfoStatusList": []}"#
    )
    .is_empty());
    assert!(events(
        WebhookKind::TaskDetailStatus,
        br#"{"groupSendInfoStatusList": [{"taskId": "t", "info": []}]}"#
    )
    .is_empty());
}

#[test]
fn reply_url_may_be_a_plain_string() {
    let body = json!({"userId": "101", "serialNumber": 3, "whatsApp": "a", "friendWhatsApp": "f",
    "taskId": "t", "taskInfoId": "i", "content": [
        {"type": "4", "url": "https://x.invalid/f.pdf", "messageId": "m1", "time": 5},
        {"type": 1, "text": "hi", "url": "", "messageId": "m2", "time": "6"},
        {"type": 3, "url": null, "messageId": "m3", "time": 7}
    ]});
    assert_eq!(
        one(WebhookKind::ReplyMessage, body),
        event::Kind::Reply(ReplyReceived {
            user_id: "101".into(),
            serial_number: Some(3),
            account_phone: "a".into(),
            target: "f".into(),
            task_id: "t".into(),
            task_info_id: "i".into(),
            contents: vec![
                ReplyContent {
                    r#type: ContentType::File as i32,
                    text: String::new(),
                    media: Some(ReplyMedia {
                        url: "https://x.invalid/f.pdf".into(),
                        ..ReplyMedia::default()
                    }),
                    message_id: "m1".into(),
                    time: ts(0, 5_000_000),
                },
                ReplyContent {
                    r#type: ContentType::Text as i32,
                    text: "hi".into(),
                    media: None,
                    message_id: "m2".into(),
                    time: ts(0, 6_000_000),
                },
                ReplyContent {
                    r#type: ContentType::Audio as i32,
                    text: String::new(),
                    media: None,
                    message_id: "m3".into(),
                    time: ts(0, 7_000_000),
                },
            ],
        })
    );
}

#[test]
fn qr_login_accepts_both_phone_spellings() {
    let camel = json!({"id": "q", "whatsApp": "817", "status": 1});
    let lower = json!({"id": "q", "whatsapp": "817", "status": true});
    let expected = event::Kind::QrLogin(QrLoginFinished {
        login_id: "q".into(),
        phone: "817".into(),
        succeeded: true,
    });
    assert_eq!(one(WebhookKind::QrLoginStatus, camel), expected);
    assert_eq!(one(WebhookKind::QrLoginStatus, lower), expected);
    // The phone is optional (failed logins may have none).
    assert_eq!(
        one(WebhookKind::QrLoginStatus, json!({"id": "q", "status": 0})),
        event::Kind::QrLogin(QrLoginFinished {
            login_id: "q".into(),
            phone: String::new(),
            succeeded: false,
        })
    );
}

#[test]
fn account_reason_codes_and_text() {
    let reason = |reason: Value| {
        let body = json!({"whatsApp": "8", "status": 1, "onlineStatus": 2, "reason": reason});
        match one(WebhookKind::AccountStatus, body) {
            event::Kind::AccountStatus(event) => (event.reason, event.reason_text),
            other => panic!("{other:?}"),
        }
    };
    assert_eq!(
        reason(json!("1001")),
        (AccountStatusReason::PairingFailed as i32, "1001".into())
    );
    assert_eq!(
        reason(json!(1002)),
        (AccountStatusReason::NetworkError as i32, "1002".into())
    );
    assert_eq!(
        reason(json!("1003")),
        (
            AccountStatusReason::PairCodeTooFrequent as i32,
            "1003".into()
        )
    );
    assert_eq!(
        reason(json!("Pairing failed")),
        (0, "Pairing failed".into())
    );
    assert_eq!(reason(json!("1005")), (0, "1005".into()));
    assert_eq!(reason(json!(null)), (0, String::new()));
}

#[test]
fn events_keep_body_order_across_groups() {
    let body = json!({"groupSendInfoStatusList": [
        {"taskId": "a", "info": [
            {"friendWhatsApp": "1", "time": 1, "status": 3, "infoId": 1},
            {"friendWhatsApp": "2", "time": 2, "status": 4, "infoId": 2}]},
        {"taskId": "b", "info": [
            {"friendWhatsApp": "3", "time": 3, "status": 5, "infoId": 3}]}
    ]});
    let order: Vec<(String, i64)> = events_of(WebhookKind::TaskDetailStatus, body)
        .into_iter()
        .map(|kind| match kind {
            event::Kind::RecipientStatus(event) => (event.task_id, event.info_id),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        order,
        vec![("a".into(), 1), ("a".into(), 2), ("b".into(), 3)]
    );
}

// ---- bodies that are not webhooks of their kind ----

#[test]
fn non_json_is_an_error() {
    for kind in WebhookKind::ALL {
        let reason = error(kind, b"taskId=1&status=2");
        assert!(reason.contains("not JSON"), "{reason}");
    }
    // The online-status example's stray brace is a typo in the document, not what is sent.
    let mut stray = fixture("WA_SYNC_ON_OR_OFF_LINE_STATUS");
    stray.extend_from_slice(b"}");
    assert!(error(WebhookKind::OnlineStatus, &stray).contains("not JSON"));
}

#[test]
fn wrong_shape_is_an_error() {
    for kind in WebhookKind::ALL {
        if kind == WebhookKind::OnlineStatus {
            continue;
        }
        let reason = error(kind, b"[{\"taskId\": \"t\"}]");
        assert!(reason.contains("expected a JSON object"), "{reason}");
    }
    let reason = error(WebhookKind::OnlineStatus, b"\"x\"");
    assert!(reason.contains("whatsAppList"), "{reason}");
    let reason = error_of(WebhookKind::OnlineStatus, json!({"list": []}));
    assert!(reason.contains("whatsAppList: missing"), "{reason}");
    let reason = error_of(WebhookKind::OnlineStatus, json!([1]));
    assert!(reason.contains("[0]: expected an object"), "{reason}");
    let reason = error_of(
        WebhookKind::TaskDetailStatus,
        json!({"groupSendInfoStatusList": {"taskId": "t"}}),
    );
    assert!(
        reason.contains("groupSendInfoStatusList: expected a list"),
        "{reason}"
    );
    let reason = error_of(
        WebhookKind::ReplyMessage,
        json!({"whatsApp": "a", "friendWhatsApp": "f", "taskId": "t", "content": [
            {"type": 2, "url": ["x"], "messageId": "m", "time": 1}]}),
    );
    assert!(reason.contains("content[0].url: "), "{reason}");
}

#[test]
fn missing_identifying_fields_are_errors() {
    let cases = [
        (WebhookKind::TaskStatus, json!({"status": "1"}), "taskId"),
        (
            WebhookKind::TaskStatus,
            json!({"taskId": "", "status": "1"}),
            "taskId",
        ),
        (
            WebhookKind::TaskStatus,
            json!({"taskId": null, "status": "1"}),
            "taskId",
        ),
        (
            WebhookKind::TaskDetailStatus,
            json!({"groupSendInfoStatusList": [{"info": []}]}),
            "groupSendInfoStatusList[0].taskId",
        ),
        (
            WebhookKind::TaskDetailStatus,
            json!({"groupSendInfoStatusList": [{"taskId": "t", "info": [
                {"time": 1, "status": 1, "infoId": 1}]}]}),
            "groupSendInfoStatusList[0].info[0].friendWhatsApp",
        ),
        (
            WebhookKind::TaskDetailStatus,
            json!({}),
            "groupSendInfoStatusList",
        ),
        (
            WebhookKind::ReplyMessage,
            json!({"whatsApp": "a", "friendWhatsApp": "f", "content": []}),
            "taskId",
        ),
        (
            WebhookKind::ReplyMessage,
            json!({"whatsApp": "a", "taskId": "t", "content": []}),
            "friendWhatsApp",
        ),
        (
            WebhookKind::ReplyMessage,
            json!({"friendWhatsApp": "f", "taskId": "t", "content": []}),
            "whatsApp",
        ),
        (
            WebhookKind::ReplyMessage,
            json!({"whatsApp": "a", "friendWhatsApp": "f", "taskId": "t"}),
            "content",
        ),
        (
            WebhookKind::AccountStatus,
            json!({"status": 1, "onlineStatus": 1}),
            "whatsApp",
        ),
        (WebhookKind::RegisterStatus, json!({"status": 1}), "phone"),
        (
            WebhookKind::OnlineStatus,
            json!([{"whatsId": "", "status": 10, "detailStatus": 12, "time": "2024-07-03 15:27:00", "platformType": 1}]),
            "[0].whatsId",
        ),
        (
            WebhookKind::QrLoginStatus,
            json!({"whatsapp": "8", "status": 1}),
            "id",
        ),
        (
            WebhookKind::ScanTaskStatus,
            json!({"taskStatus": 80, "updateTime": 1}),
            "taskId",
        ),
    ];
    for (kind, body, field) in cases {
        let reason = error_of(kind, body);
        assert!(
            reason.contains(&format!("{field}: missing")),
            "{kind:?}: {reason}"
        );
    }
}

#[test]
fn missing_status_fields_are_errors() {
    let cases = [
        (WebhookKind::TaskStatus, json!({"taskId": "t"}), "status"),
        (
            WebhookKind::TaskStatus,
            json!({"taskId": "t", "status": ""}),
            "status",
        ),
        (
            WebhookKind::TaskDetailStatus,
            json!({"groupSendInfoStatusList": [{"taskId": "t", "info": [
                {"friendWhatsApp": "f", "time": 1, "infoId": 1, "status": null}]}]}),
            "groupSendInfoStatusList[0].info[0].status",
        ),
        (
            WebhookKind::AccountStatus,
            json!({"whatsApp": "8", "status": 1}),
            "onlineStatus",
        ),
        (
            WebhookKind::RegisterStatus,
            json!({"phone": "8", "status": ""}),
            "status",
        ),
        (WebhookKind::QrLoginStatus, json!({"id": "q"}), "status"),
        (
            WebhookKind::ScanTaskStatus,
            json!({"taskId": "s", "updateTime": 1}),
            "taskStatus",
        ),
        (
            WebhookKind::ScanTaskStatus,
            json!({"taskId": "s", "taskStatus": 80}),
            "updateTime",
        ),
        (
            WebhookKind::OnlineStatus,
            json!([{"whatsId": "8", "status": 10, "time": "2024-07-03 15:27:00", "platformType": 1}]),
            "[0].detailStatus",
        ),
    ];
    for (kind, body, field) in cases {
        let reason = error_of(kind, body);
        assert!(
            reason.contains(&format!("{field}: missing")),
            "{kind:?}: {reason}"
        );
    }
}

#[test]
fn bad_status_text_is_an_error() {
    let reason = error_of(
        WebhookKind::TaskStatus,
        json!({"taskId": "t", "status": "abc"}),
    );
    assert!(
        reason.contains("status: expected an integer, got \"abc\""),
        "{reason}"
    );
    let reason = error_of(
        WebhookKind::TaskDetailStatus,
        json!({"groupSendInfoStatusList": [{"taskId": "t", "info": [
            {"friendWhatsApp": "f", "time": 1, "status": 1, "infoId": 1},
            {"friendWhatsApp": "g", "time": 1, "status": "sent", "infoId": 2}]}]}),
    );
    assert!(
        reason.contains("groupSendInfoStatusList[0].info[1].status: expected an integer"),
        "{reason}"
    );
    let reason = error_of(
        WebhookKind::RegisterStatus,
        json!({"phone": "8", "status": 2}),
    );
    assert!(reason.contains("status: expected a boolean"), "{reason}");
    let reason = error_of(
        WebhookKind::ScanTaskStatus,
        json!({"taskId": "s", "userId": "agent", "taskStatus": 80, "updateTime": 1}),
    );
    assert!(reason.contains("userId: expected an integer"), "{reason}");
    let reason = error_of(
        WebhookKind::ScanTaskStatus,
        json!({"taskId": {"id": 1}, "taskStatus": 80, "updateTime": 1}),
    );
    assert!(reason.contains("taskId: expected a string"), "{reason}");
}

#[test]
fn bad_time_is_an_error() {
    let online = |time: Value| {
        json!([{"whatsId": "8", "status": 10, "detailStatus": 12, "account": "",
            "time": time, "platformType": 1}])
    };
    let reason = error_of(
        WebhookKind::OnlineStatus,
        online(json!("2024-13-03 15:27:00")),
    );
    assert!(
        reason.contains("[0].time: expected a time YYYY-MM-DD HH:MM:SS"),
        "{reason}"
    );
    let reason = error_of(WebhookKind::OnlineStatus, online(json!("yesterday")));
    assert!(reason.contains("[0].time: expected a time"), "{reason}");
    let reason = error_of(WebhookKind::OnlineStatus, online(json!("")));
    assert!(reason.contains("[0].time: missing"), "{reason}");
    let reason = error_of(
        WebhookKind::ScanTaskStatus,
        json!({"taskId": "s", "taskStatus": 80, "updateTime": "2024-03-12 17:33:20"}),
    );
    assert!(
        reason.contains("updateTime: expected an integer"),
        "{reason}"
    );
    let reason = error_of(
        WebhookKind::ReplyMessage,
        json!({"whatsApp": "a", "friendWhatsApp": "f", "taskId": "t", "content": [
            {"type": 1, "text": "x", "messageId": "m", "time": 1.5}]}),
    );
    assert!(
        reason.contains("content[0].time: expected an integer"),
        "{reason}"
    );
}

// ---- values the schema cannot hold exactly ----

/// Epoch times outside google.protobuf.Timestamp's range (0001-01-01..9999-12-31 UTC) are
/// refused, not clamped or wrapped; the edges themselves are accepted.
#[test]
fn times_outside_a_timestamps_range_are_errors() {
    let detail = |time: Value| {
        json!({"groupSendInfoStatusList": [{"taskId": "t", "info": [
            {"friendWhatsApp": "f", "time": time, "status": 1, "infoId": 1}]}]})
    };
    for millis in [
        json!(-99_999_999_999_999_999_i64),
        json!(9_223_372_036_854_775_807_i64),
        json!(253_402_300_800_000_i64),
        json!(-62_135_596_800_001_i64),
        json!("253402300800000"),
    ] {
        let reason = error_of(WebhookKind::TaskDetailStatus, detail(millis.clone()));
        assert_eq!(
            reason,
            format!(
                "GS_V3_SYNC_TASK_DETAIL_STATUS webhook: groupSendInfoStatusList[0].info[0].time: \
                 {} ms since the epoch is outside the times a timestamp can hold \
                 (0001-01-01 to 9999-12-31 UTC)",
                millis
                    .as_i64()
                    .unwrap_or_else(|| millis.as_str().unwrap().parse().unwrap())
            )
        );
    }
    let time_of = |body: Value| match one(WebhookKind::TaskDetailStatus, body) {
        event::Kind::RecipientStatus(event) => event.time,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        time_of(detail(json!(253_402_300_799_999_i64))),
        ts(253_402_300_799, 999_000_000)
    );
    assert_eq!(
        time_of(detail(json!(-62_135_596_800_000_i64))),
        ts(-62_135_596_800, 0)
    );

    let scan = json!({"taskId": "s", "taskStatus": 80, "updateTime": i64::MIN});
    let reason = error_of(WebhookKind::ScanTaskStatus, scan);
    assert!(
        reason.contains("updateTime: -9223372036854775808 ms since the epoch is outside"),
        "{reason}"
    );
    let reply = json!({"whatsApp": "a", "friendWhatsApp": "f", "taskId": "t", "content": [
        {"type": 1, "text": "x", "messageId": "m", "time": i64::MAX}]});
    let reason = error_of(WebhookKind::ReplyMessage, reply);
    assert!(
        reason.contains("content[0].time: 9223372036854775807 ms"),
        "{reason}"
    );

    // Local times (UTC+8 here): year 0 and five-digit years parse as dates but are not
    // Timestamps; 0001-01-01 00:00 is 8 hours before the range starts, +10000-01-01 08:00 just
    // after it ends.
    let online = |time: &str| {
        json!([{"whatsId": "8", "status": 10, "detailStatus": 12, "account": "",
            "time": time, "platformType": 1}])
    };
    for time in [
        "0000-01-01 00:00:00",
        "0001-01-01 00:00:00",
        "+10000-01-01 08:00:00",
        "-0001-01-01 00:00:00",
    ] {
        let reason = error_of(WebhookKind::OnlineStatus, online(time));
        assert_eq!(
            reason,
            format!(
                "WA_SYNC_ON_OR_OFF_LINE_STATUS webhook: [0].time: expected a time \
                 YYYY-MM-DD HH:MM:SS between 0001-01-01 and 9999-12-31 UTC, got {time:?}"
            )
        );
    }
    match &events_of(WebhookKind::OnlineStatus, online("9999-12-31 23:59:59"))[0] {
        event::Kind::ConnectionStatus(event) => {
            assert_eq!(event.time, ts(253_402_300_799 - 8 * 3600, 0))
        }
        other => panic!("{other:?}"),
    }
}

/// Ids sent as JSON numbers keep their digits; numbers that cannot (a fraction, an exponent,
/// more than 64 bits) are refused naming the field, never re-spelled as "1000.0" or "1.23e+22".
#[test]
fn numeric_ids_keep_their_digits_or_are_errors() {
    let task = |id: &str| format!(r#"{{"taskId": {id}, "status": 1}}"#);
    let task_id = |body: &str| match &events(WebhookKind::TaskStatus, body.as_bytes())[..] {
        [event::Kind::TaskStatus(event)] => event.task_id.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(
        task_id(&task("18446744073709551615")),
        "18446744073709551615"
    );
    assert_eq!(task_id(&task("-42")), "-42");
    // As a string, any digits are kept.
    assert_eq!(
        task_id(&task(r#""12345678901234567890123""#)),
        "12345678901234567890123"
    );
    for (id, read) in [
        ("1e3", "1000.0"),
        ("12345678901234567890123", "1.2345678901234568e+22"),
        ("18446744073709551616", "1.8446744073709552e+19"),
        ("1.0", "1.0"),
    ] {
        let reason = error(WebhookKind::TaskStatus, task(id).as_bytes());
        assert_eq!(
            reason,
            format!(
                "GS_V3_SYNC_TASK_STATUS webhook: taskId: expected a string or an integer, got \
                 the number {read}: a number with a fraction, an exponent or more than 64 bits \
                 cannot be kept digit for digit"
            ),
            "{id}"
        );
    }
    // Deeper ids name their path.
    let body = r#"{"groupSendInfoStatusList": [{"taskId": "t", "info": [
        {"friendWhatsApp": 8613800138000, "time": 1, "status": 1, "infoId": 1, "transId": 1e3}]}]}"#;
    let reason = error(WebhookKind::TaskDetailStatus, body.as_bytes());
    assert!(
        reason.contains("groupSendInfoStatusList[0].info[0].transId: expected a string or an integer, got the number 1000.0"),
        "{reason}"
    );
    let body = r#"{"whatsApp": 8617227272, "friendWhatsApp": "f", "taskId": "t",
        "content": [{"type": 1, "text": "x", "messageId": 5e-324, "time": 1}]}"#;
    let reason = error(WebhookKind::ReplyMessage, body.as_bytes());
    assert!(
        reason.contains("content[0].messageId: expected a string or an integer"),
        "{reason}"
    );
    // Integer fields: 1e3 is not silently read as 1000 either.
    let reason = error(
        WebhookKind::TaskDetailStatus,
        br#"{"groupSendInfoStatusList": [{"taskId": "t", "info": [
            {"friendWhatsApp": "f", "time": 1, "status": 1, "infoId": 1e3}]}]}"#,
    );
    assert!(
        reason.contains("info[0].infoId: expected an integer, got 1000.0"),
        "{reason}"
    );
}

/// A code that cannot keep its own number (beyond 32 bits, or the number the schema uses for
/// another code) is refused naming the field; other unknown codes, negative ones included, keep
/// their number. None becomes UNSPECIFIED.
#[test]
fn out_of_range_codes_keep_their_value_or_are_errors() {
    let status_of = |status: Value| match one(
        WebhookKind::TaskStatus,
        json!({"taskId": "t", "status": status}),
    ) {
        event::Kind::TaskStatus(event) => event.status,
        other => panic!("{other:?}"),
    };
    assert_eq!(status_of(json!(-1)), -1);
    assert_eq!(status_of(json!("-5")), -5);
    assert_eq!(status_of(json!(2_147_483_647)), 2_147_483_647);
    assert_eq!(status_of(json!(-2_147_483_648_i64)), -2_147_483_648);
    for code in [2_147_483_648_i64, -2_147_483_649, i64::MAX] {
        let reason = error_of(
            WebhookKind::TaskStatus,
            json!({"taskId": "t", "status": code}),
        );
        assert_eq!(
            reason,
            format!(
                "GS_V3_SYNC_TASK_STATUS webhook: status: unknown TaskStatus code {code}: beyond \
                 the 32 bits of an enum number"
            )
        );
    }
    // 100 and 101 are the schema's numbers for the platform's recipient statuses 0 and -1.
    let detail = |status: i64, reason: i64| {
        json!({"groupSendInfoStatusList": [{"taskId": "t", "info": [
            {"friendWhatsApp": "f", "time": 1, "status": status, "infoId": 1,
             "failReasonCode": reason}]}]})
    };
    let reason = error_of(WebhookKind::TaskDetailStatus, detail(100, 701));
    assert_eq!(
        reason,
        "GS_V3_SYNC_TASK_DETAIL_STATUS webhook: groupSendInfoStatusList[0].info[0].status: \
         unknown RecipientStatus code 100: its number stands for another platform code in the \
         schema"
    );
    let reason = error_of(WebhookKind::TaskDetailStatus, detail(1, 4_294_967_296));
    assert!(
        reason.contains("info[0].failReasonCode: unknown FailureReason code 4294967296: beyond"),
        "{reason}"
    );
    match one(WebhookKind::TaskDetailStatus, detail(-1, -3)) {
        event::Kind::RecipientStatus(event) => {
            assert_eq!(event.status, RecipientStatus::SendFailed as i32);
            assert_eq!(event.failure_reason, -3);
        }
        other => panic!("{other:?}"),
    }
    let online = json!([{"whatsId": "8", "status": 10, "detailStatus": 12, "account": "",
        "time": "2024-06-27 19:52:12", "platformType": 3_000_000_000_i64}]);
    let reason = error_of(WebhookKind::OnlineStatus, online);
    assert!(
        reason.contains("[0].platformType: unknown PlatformType code 3000000000"),
        "{reason}"
    );
}

/// A hostile body's megabytes are not copied into the rejection's reason.
#[test]
fn reasons_quote_values_briefly() {
    let long = "9".repeat(1 << 20);
    for body in [
        json!({"taskId": "t", "status": long}),
        json!({"taskId": [long.clone(), long.clone()], "status": 1}),
        json!([{"whatsId": "8", "status": 10, "detailStatus": 12, "account": "",
            "time": long, "platformType": 1}]),
    ] {
        let kind = if body.is_array() {
            WebhookKind::OnlineStatus
        } else {
            WebhookKind::TaskStatus
        };
        let reason = error_of(kind, body);
        assert!(
            reason.chars().count() <= wadispatch_gateway::webhook::parse::MAX_REASON_CHARS + 1
                && reason.len() < 1024,
            "{} bytes: {}",
            reason.len(),
            &reason[..200]
        );
    }
}
