//! How people see the watch streams: the JSON views of `WatchTaskResponse` and
//! `WatchAccountsResponse` that the dashboard's Server-Sent Events and the terminal client's
//! `--output json` both print. One place, so a script and a page read the same shapes.
//!
//! Enum values are their proto names without the enum's prefix (`RECIPIENT_STATUS_READ` is
//! `"READ"`), times are RFC 3339 in UTC, and absent values are `null`. Every message carries its
//! `cursor` and a `kind` naming its update.

use serde_json::{json, Map, Value};

use crate::proto::v1::watch_accounts_response::Update as AccountsUpdate;
use crate::proto::v1::watch_task_response::Update as TaskUpdate;
use crate::proto::v1::*;

/// A WatchTask message: `{cursor, kind, task_id, received_time, progress, ...}` with the
/// update's own fields (`task_status`, `recipient`, `reply`, or a snapshot's `task_status` and
/// `recipients`).
pub fn task_message(message: &WatchTaskResponse) -> Value {
    let WatchTaskResponse {
        cursor,
        update,
        progress,
        recipient_status_merged,
        received_time,
    } = message;
    let mut view = Map::new();
    view.insert("cursor".into(), json!(cursor));
    let (kind, task_id) = match update {
        Some(TaskUpdate::Snapshot(snapshot)) => {
            view.insert(
                "task_status".into(),
                json!(task_status_name(snapshot.status)),
            );
            view.insert("recipients".into(), recipients_view(&snapshot.recipients));
            ("snapshot", Some(&snapshot.task_id))
        }
        Some(TaskUpdate::TaskStatus(changed)) => {
            view.insert(
                "task_status".into(),
                json!(task_status_name(changed.status)),
            );
            ("task_status", Some(&changed.task_id))
        }
        Some(TaskUpdate::RecipientStatus(changed)) => {
            let failure =
                (changed.failure_reason != 0).then(|| failure_reason_name(changed.failure_reason));
            view.insert(
                "recipient".into(),
                json!({
                    "phone": changed.target,
                    "status": recipient_status_name(changed.status),
                    "merged_status": recipient_status_name(*recipient_status_merged),
                    "failure_reason": failure,
                    "sender": changed.sender_phone,
                    "time": changed.time.as_ref().map(time),
                }),
            );
            ("recipient_status", Some(&changed.task_id))
        }
        Some(TaskUpdate::Reply(reply)) => {
            view.insert("reply".into(), reply_view(reply));
            ("reply", Some(&reply.task_id))
        }
        Some(TaskUpdate::Heartbeat(_)) => ("heartbeat", None),
        None => ("unknown", None),
    };
    view.insert("kind".into(), json!(kind));
    let task_id = task_id.or(progress.as_ref().map(|p| &p.task_id));
    view.insert("task_id".into(), json!(task_id));
    view.insert(
        "received_time".into(),
        json!(received_time.as_ref().map(time)),
    );
    view.insert(
        "progress".into(),
        progress.as_ref().map_or(Value::Null, progress_view),
    );
    Value::Object(view)
}

/// A task's status as `GetTaskExecutionStatus` answers it: `{task_id, status, recipients}`.
pub fn task_state(state: &GetTaskExecutionStatusResponse) -> Value {
    json!({
        "task_id": state.task_id,
        "status": task_status_name(state.status),
        "recipients": recipients_view(&state.recipients),
    })
}

/// Each recipient's phone, status, sender and time of its status.
fn recipients_view(recipients: &[RecipientState]) -> Value {
    recipients
        .iter()
        .map(|r| {
            json!({
                "phone": r.target,
                "status": recipient_status_name(r.status),
                "sender": r.sender_phone,
                "time": r.time.as_ref().map(time),
            })
        })
        .collect()
}

/// A task's progress: its status, recipients known, the non-zero counts per status, failures per
/// reason and replies.
fn progress_view(progress: &TaskProgress) -> Value {
    let TaskProgress {
        task_id,
        status,
        total,
        counts,
        failures,
        replies,
    } = progress;
    let counts: Map<String, Value> = counts
        .iter()
        .filter(|c| c.count != 0)
        .map(|c| (recipient_status_name(c.status).to_owned(), json!(c.count)))
        .collect();
    let failures: Vec<Value> = failures
        .iter()
        .map(|f| json!({"reason": failure_reason_name(f.reason), "count": f.count}))
        .collect();
    json!({
        "task_id": task_id,
        "status": task_status_name(*status),
        "total": total,
        "counts": counts,
        "failures": failures,
        "replies": replies,
    })
}

/// A reply: who sent it to which account, its contents' text joined (a media content shows as
/// its file name), and the time of its first content.
fn reply_view(reply: &ReplyReceived) -> Value {
    let text: Vec<&str> = reply
        .contents
        .iter()
        .map(|c| match &c.media {
            Some(media) if c.text.is_empty() => media.file_name.as_str(),
            _ => c.text.as_str(),
        })
        .filter(|t| !t.is_empty())
        .collect();
    json!({
        "phone": reply.target,
        "account": reply.account_phone,
        "text": text.join("\n"),
        "time": reply.contents.iter().find_map(|c| c.time.as_ref()).map(time),
    })
}

/// A WatchAccounts message: `{cursor, kind, received_time, ...}` with the update's fields (a
/// snapshot's `accounts`, a change's `phone` and states, or a one-line `summary`).
pub fn accounts_message(message: &WatchAccountsResponse) -> Value {
    let WatchAccountsResponse {
        cursor,
        update,
        received_time,
    } = message;
    let mut view = match update {
        Some(AccountsUpdate::Snapshot(snapshot)) => {
            let accounts: Vec<Value> = snapshot
                .accounts
                .iter()
                .map(|a| {
                    json!({
                        "phone": a.phone,
                        "status": account_status_name(a.status),
                        "online": online_status_name(a.online_status),
                    })
                })
                .collect();
            json!({"kind": "snapshot", "accounts": accounts})
        }
        Some(AccountsUpdate::ConnectionStatus(changed)) => json!({
            "kind": "connection_status",
            "phone": changed.phone,
            "connection": connection_status_name(changed.status),
            "time": changed.time.as_ref().map(time),
        }),
        Some(AccountsUpdate::AccountStatus(changed)) => json!({
            "kind": "account_status",
            "phone": changed.phone,
            "status": account_status_name(changed.status),
            "online": online_status_name(changed.online_status),
            "reason": account_status_reason_name(changed.reason),
            "reason_text": changed.reason_text,
        }),
        Some(AccountsUpdate::Registration(finished)) => json!({
            "kind": "registration",
            "phone": finished.phone,
            "summary": format!("registration {}", outcome(finished.succeeded)),
        }),
        Some(AccountsUpdate::QrLogin(finished)) => json!({
            "kind": "qr_login",
            "phone": non_empty(&finished.phone),
            "summary": format!("QR-code login {} {}", finished.login_id, outcome(finished.succeeded)),
        }),
        Some(AccountsUpdate::ScanTaskStatus(changed)) => json!({
            "kind": "scan_task_status",
            "phone": non_empty(&changed.phone),
            "summary": format!(
                "scan task {} {}",
                changed.scan_task_id,
                enum_name(
                    ScanTaskStatus::try_from(changed.status).ok().map(|s| s.as_str_name()),
                    "SCAN_TASK_STATUS_",
                ),
            ),
        }),
        Some(AccountsUpdate::Heartbeat(_)) => json!({"kind": "heartbeat"}),
        None => json!({"kind": "unknown"}),
    };
    view["cursor"] = json!(cursor);
    view["received_time"] = json!(received_time.as_ref().map(time));
    view
}

fn outcome(succeeded: bool) -> &'static str {
    if succeeded {
        "succeeded"
    } else {
        "failed"
    }
}

fn non_empty(text: &str) -> Option<&str> {
    (!text.is_empty()).then_some(text)
}

/// A time as RFC 3339 in UTC with milliseconds; an out-of-range one as its seconds.
fn time(at: &prost_types::Timestamp) -> String {
    chrono::DateTime::from_timestamp(at.seconds, at.nanos.clamp(0, 999_999_999) as u32).map_or_else(
        || at.seconds.to_string(),
        |t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
    )
}

/// A proto enum value's name without its prefix; UNSPECIFIED for a value this build does not
/// know (a newer peer's).
fn enum_name(full: Option<&'static str>, prefix: &str) -> &'static str {
    full.map_or("UNSPECIFIED", |name| {
        name.strip_prefix(prefix).unwrap_or(name)
    })
}

/// A task status's short name, e.g. `COMPLETED`.
pub fn task_status_name(value: i32) -> &'static str {
    enum_name(
        TaskStatus::try_from(value).ok().map(|s| s.as_str_name()),
        "TASK_STATUS_",
    )
}

/// A recipient status's short name, e.g. `SEND_FAILED`.
pub fn recipient_status_name(value: i32) -> &'static str {
    enum_name(
        RecipientStatus::try_from(value)
            .ok()
            .map(|s| s.as_str_name()),
        "RECIPIENT_STATUS_",
    )
}

/// A failure reason's short name, e.g. `FRIEND_BLOCKED`.
pub fn failure_reason_name(value: i32) -> &'static str {
    enum_name(
        FailureReason::try_from(value).ok().map(|s| s.as_str_name()),
        "FAILURE_REASON_",
    )
}

/// An account status's short name, e.g. `BANNED`.
pub fn account_status_name(value: i32) -> &'static str {
    enum_name(
        AccountStatus::try_from(value).ok().map(|s| s.as_str_name()),
        "ACCOUNT_STATUS_",
    )
}

/// An online status's short name, e.g. `OFFLINE`.
pub fn online_status_name(value: i32) -> &'static str {
    enum_name(
        OnlineStatus::try_from(value).ok().map(|s| s.as_str_name()),
        "ONLINE_STATUS_",
    )
}

/// A connection status's short name, e.g. `DISCONNECTED`.
pub fn connection_status_name(value: i32) -> &'static str {
    enum_name(
        ConnectionStatus::try_from(value)
            .ok()
            .map(|s| s.as_str_name()),
        "CONNECTION_STATUS_",
    )
}

fn account_status_reason_name(value: i32) -> &'static str {
    enum_name(
        AccountStatusReason::try_from(value)
            .ok()
            .map(|s| s.as_str_name()),
        "ACCOUNT_STATUS_REASON_",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recipient_change_shows_short_names_times_and_progress() {
        let message = WatchTaskResponse {
            cursor: "57".into(),
            update: Some(TaskUpdate::RecipientStatus(RecipientStatusChanged {
                task_id: "T1".into(),
                target: "8615200000001".into(),
                sender_phone: "8613800000001".into(),
                status: RecipientStatus::SendFailed as i32,
                failure_reason: FailureReason::FriendBlocked as i32,
                time: Some(prost_types::Timestamp {
                    seconds: 1_764_486_001,
                    nanos: 123_000_000,
                }),
                ..Default::default()
            })),
            progress: Some(TaskProgress {
                task_id: "T1".into(),
                status: TaskStatus::Dispatching as i32,
                total: 3,
                counts: vec![
                    RecipientCount {
                        status: RecipientStatus::SendFailed as i32,
                        count: 1,
                    },
                    RecipientCount {
                        status: RecipientStatus::Sent as i32,
                        count: 0,
                    },
                ],
                failures: vec![FailureCount {
                    reason: FailureReason::FriendBlocked as i32,
                    count: 1,
                }],
                replies: 2,
            }),
            recipient_status_merged: RecipientStatus::SendFailed as i32,
            received_time: None,
        };
        let view = task_message(&message);
        assert_eq!(view["kind"], "recipient_status");
        assert_eq!(view["task_id"], "T1");
        assert_eq!(view["cursor"], "57");
        assert_eq!(view["received_time"], Value::Null);
        assert_eq!(view["recipient"]["status"], "SEND_FAILED");
        assert_eq!(view["recipient"]["failure_reason"], "FRIEND_BLOCKED");
        assert_eq!(view["recipient"]["time"], "2025-11-30T07:00:01.123Z");
        assert_eq!(view["progress"]["status"], "DISPATCHING");
        assert_eq!(view["progress"]["counts"], json!({"SEND_FAILED": 1}));
        assert_eq!(view["progress"]["failures"][0]["reason"], "FRIEND_BLOCKED");
        assert_eq!(view["progress"]["replies"], 2);
    }

    #[test]
    fn a_heartbeat_of_every_task_has_no_task_and_no_progress() {
        let view = task_message(&WatchTaskResponse {
            cursor: "9".into(),
            update: Some(TaskUpdate::Heartbeat(Heartbeat {})),
            ..Default::default()
        });
        assert_eq!(view["kind"], "heartbeat");
        assert_eq!(view["task_id"], Value::Null);
        assert_eq!(view["progress"], Value::Null);
    }

    #[test]
    fn account_views_name_states_and_unknown_values_stay_readable() {
        let view = accounts_message(&WatchAccountsResponse {
            cursor: "3".into(),
            update: Some(AccountsUpdate::Snapshot(AccountsSnapshot {
                accounts: vec![AccountState {
                    phone: "8613800000001".into(),
                    status: AccountStatus::Banned as i32,
                    online_status: 999,
                }],
            })),
            received_time: None,
        });
        assert_eq!(view["kind"], "snapshot");
        assert_eq!(view["accounts"][0]["status"], "BANNED");
        assert_eq!(view["accounts"][0]["online"], "UNSPECIFIED");
        let view = accounts_message(&WatchAccountsResponse {
            cursor: "4".into(),
            update: Some(AccountsUpdate::ConnectionStatus(ConnectionStatusChanged {
                phone: "8613800000001".into(),
                status: ConnectionStatus::Offline as i32,
                ..Default::default()
            })),
            received_time: None,
        });
        assert_eq!(view["connection"], "OFFLINE");
        assert_eq!(view["cursor"], "4");
    }
}
