//! The webhook body parser, every kind in one target: the first byte picks the kind (low three
//! bits) and the platform's UTC offset (the other five), the rest is the body. One target rather
//! than eight so that each bounded CI run covers every kind, and so that the corpus of one kind
//! seeds the others (their bodies share field names and shapes).
//!
//! Properties: never panics; parsing is deterministic; a kind yields only its own event, one per
//! body except the two batched kinds; identifying strings are non-empty; every timestamp is
//! within protobuf's valid range (0001-01-01..9999-12-31); text read from a JSON number keeps
//! the number as sent (or as plain integer digits of the same value).
#![no_main]

use chrono::FixedOffset;
use libfuzzer_sys::fuzz_target;
use prost_types::Timestamp;
use wadispatch_gateway::config::{parse_offset, DEFAULT_PLATFORM_UTC_OFFSET};
use wadispatch_gateway::proto::v1::{event, Event};
use wadispatch_gateway::webhook::parse::parse;
use wadispatch_gateway::wire::time::PlatformClock;
use wadispatch_gateway::wire::webhook::WebhookKind;
use wadispatch_gateway_fuzz::{assert_valid_timestamp, is_integer_digits};

/// The receive time handed to the parser (any valid instant; it must come back unchanged).
const RECEIVED: Timestamp = Timestamp {
    seconds: 1_721_358_108,
    nanos: 467_000_000,
};

fuzz_target!(|data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let kind = WebhookKind::ALL[usize::from(selector & 0b111)];
    let clock = PlatformClock::new(offset(selector >> 3));
    let result = parse(kind, body, &clock, RECEIVED);
    assert_eq!(
        result,
        parse(kind, body, &clock, RECEIVED),
        "parsing is not deterministic"
    );
    let events = match result {
        Ok(events) => events,
        Err(error) => {
            assert!(!error.reason.is_empty(), "an error without a reason");
            return;
        }
    };
    if !matches!(
        kind,
        WebhookKind::TaskDetailStatus | WebhookKind::OnlineStatus
    ) {
        assert_eq!(events.len(), 1, "{kind:?} yields one event per body");
    }
    for event in &events {
        check_event(kind, event, body);
    }
});

/// 0 is the default offset (+08:00, what the seeds use); 1..=31 are whole hours from -14 to +14.
fn offset(index: u8) -> FixedOffset {
    if index == 0 {
        return parse_offset(DEFAULT_PLATFORM_UTC_OFFSET).expect("the default offset parses");
    }
    let hours = (i32::from(index) - 16).clamp(-14, 14);
    FixedOffset::east_opt(hours * 3600).expect("within a day")
}

fn check_event(kind: WebhookKind, event: &Event, body: &[u8]) {
    assert_eq!(event.received_time, Some(RECEIVED), "received time changed");
    let Some(read) = &event.kind else {
        panic!("an event without a kind");
    };
    let time = |t: &Option<Timestamp>, what: &str| match t {
        Some(t) => assert_valid_timestamp(t, what),
        None => panic!("{what}: a required time is missing"),
    };
    // Every string the parser produced, and whether it identifies something (must be non-empty).
    let mut texts: Vec<(&str, &String, bool)> = Vec::new();
    match (kind, read) {
        (WebhookKind::TaskStatus, event::Kind::TaskStatus(e)) => {
            texts.push(("task_id", &e.task_id, true));
        }
        (WebhookKind::TaskDetailStatus, event::Kind::RecipientStatus(e)) => {
            time(&e.time, "time");
            texts.extend([
                ("task_id", &e.task_id, true),
                ("target", &e.target, true),
                ("sender_phone", &e.sender_phone, false),
                ("trans_id", &e.trans_id, false),
            ]);
        }
        (WebhookKind::ReplyMessage, event::Kind::Reply(e)) => {
            texts.extend([
                ("account_phone", &e.account_phone, true),
                ("target", &e.target, true),
                ("task_id", &e.task_id, true),
                ("user_id", &e.user_id, false),
                ("task_info_id", &e.task_info_id, false),
            ]);
            for content in &e.contents {
                time(&content.time, "content.time");
                texts.extend([
                    ("content.text", &content.text, false),
                    ("content.message_id", &content.message_id, false),
                ]);
                if let Some(media) = &content.media {
                    texts.extend([
                        ("media.file_name", &media.file_name, false),
                        ("media.url", &media.url, false),
                        ("media.mime_type", &media.mime_type, false),
                        ("media.caption", &media.caption, false),
                    ]);
                }
            }
        }
        (WebhookKind::AccountStatus, event::Kind::AccountStatus(e)) => {
            texts.extend([
                ("phone", &e.phone, true),
                ("reason_text", &e.reason_text, false),
                ("instance_code", &e.instance_code, false),
            ]);
        }
        (WebhookKind::RegisterStatus, event::Kind::Registration(e)) => {
            texts.push(("phone", &e.phone, true));
        }
        (WebhookKind::OnlineStatus, event::Kind::ConnectionStatus(e)) => {
            time(&e.time, "time");
            texts.extend([
                ("phone", &e.phone, true),
                ("agent_account", &e.agent_account, false),
            ]);
        }
        (WebhookKind::QrLoginStatus, event::Kind::QrLogin(e)) => {
            texts.extend([("login_id", &e.login_id, true), ("phone", &e.phone, false)]);
        }
        (WebhookKind::ScanTaskStatus, event::Kind::ScanTaskStatus(e)) => {
            time(&e.update_time, "update_time");
            texts.extend([
                ("scan_task_id", &e.scan_task_id, true),
                ("phone", &e.phone, false),
            ]);
        }
        (kind, other) => panic!("a {kind:?} webhook produced {other:?}"),
    }
    // A body with a backslash may spell a string with escapes, so its text need not appear as
    // sent; without one, every string read is either in the body as sent (a JSON string, or a
    // number's own digits) or plain integer digits (a number rewritten without losing its value).
    let escaped = body.contains(&b'\\');
    for (what, text, identifies) in texts {
        if identifies {
            assert!(!text.trim().is_empty(), "{what} is empty");
        }
        if !escaped && !text.is_empty() {
            assert!(
                contains(body, text.as_bytes()) || is_integer_digits(text),
                "{what} = {text:?} is not in the body as sent: a number lost its digits"
            );
        }
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}
