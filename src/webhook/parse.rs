//! Webhook bodies to events: one function per kind, reading the platform's JSON as tolerantly as
//! its documents require (see /work/shared/platform-api/README.md, "Known inconsistencies").
//!
//! Bodies are read from a `serde_json::Value` through a small path-aware reader instead of
//! derived structs: a derived struct reports a wrong value without the field's name, and the
//! listener's 4xx answer and dead letter must say which field was wrong
//! (`groupSendInfoStatusList[0].info[1].status: expected an integer, got "abc"`).
//!
//! Rules shared by every kind:
//! * Numbers may be JSON numbers or numeric strings; `""` and `null` are absent
//!   (`lenient::int`). Strings may be numbers (rendered as digits) and `null` is `""`.
//! * Unknown fields are ignored: the platform may add fields.
//! * Required (the table's "Required: Yes"): numbers (status codes, ids, times) must be present;
//!   identifying strings (task ids, phones, login ids) must be present and non-empty. Other
//!   strings the tables mark required may be absent or `""`: the online-status example sends its
//!   required `account` as `""`, so the platform does not honour that for descriptive text.
//! * Required lists must be present; `null` and `""` read as empty (`lenient::list`'s
//!   convention, the platform's way of sending an empty list).
//! * Enum codes go through `PlatformCode::from_platform`, so a code the schema does not know yet
//!   reaches clients as its number; one that cannot keep its number (beyond 32 bits, or a number
//!   the schema uses for another code) is an error naming the field.
//! * Ids sent as JSON numbers keep their digits; a number with a fraction or an exponent, or
//!   beyond 64 bits, is an error (`lenient::exact_integer`).
//! * Times must lie within 0001-01-01..9999-12-31 UTC (`google.protobuf.Timestamp`'s range);
//!   others are errors, not clamped.
//! * Values quoted in errors are cut short, and so is the whole reason (`MAX_REASON_CHARS`).

use prost_types::Timestamp;
use serde_json::{Map, Value};

use crate::convert::codes::PlatformCode;
use crate::proto::v1::{
    event, AccountStatus, AccountStatusChanged, AccountStatusReason, ConnectionStatus,
    ConnectionStatusChanged, ContentType, DetailStatus, Event, FailureReason, OnlineStatus,
    PlatformType, QrLoginFinished, RecipientStatus, RecipientStatusChanged, RegistrationFinished,
    ReplyContent, ReplyMedia, ReplyReceived, ScanTaskStatus, ScanTaskStatusChanged, TaskStatus,
    TaskStatusChanged,
};
use crate::wire::time::{epoch_millis, PlatformClock};
use crate::wire::webhook::WebhookKind;
use crate::wire::{excerpt, lenient, QUOTE_CHARS};

/// Longest reason a rejection carries (the 4xx answer and the dead letter): a few quoted values
/// and their paths fit, a hostile body's megabytes do not.
pub const MAX_REASON_CHARS: usize = 1024;

/// Why a body is not a webhook of its kind (answered 4xx and dead-lettered by the listener).
#[derive(Debug, Clone, PartialEq)]
pub struct ParseError {
    /// What is wrong, after the webhook's configuration id; at most [`MAX_REASON_CHARS`]
    /// characters.
    pub reason: String,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.reason)
    }
}

impl std::error::Error for ParseError {}

/// The events of one webhook body, in body order.
pub fn parse(
    kind: WebhookKind,
    body: &[u8],
    clock: &PlatformClock,
    received_time: Timestamp,
) -> Result<Vec<Event>, ParseError> {
    let with_kind = |reason: String| ParseError {
        reason: excerpt(
            &format!("{} webhook: {reason}", kind.config_id()),
            MAX_REASON_CHARS,
        ),
    };
    let value: Value =
        serde_json::from_slice(body).map_err(|e| with_kind(format!("body is not JSON: {e}")))?;
    let kinds = read(kind, &value, clock).map_err(with_kind)?;
    Ok(kinds
        .into_iter()
        .map(|kind| Event {
            kind: Some(kind),
            received_time: Some(received_time),
        })
        .collect())
}

/// Errors inside the kind functions are plain text; `parse` prefixes the configuration id.
type Read<T> = Result<T, String>;

fn read(kind: WebhookKind, value: &Value, clock: &PlatformClock) -> Read<Vec<event::Kind>> {
    Ok(match kind {
        WebhookKind::TaskStatus => vec![task_status(&Obj::root(value)?)?],
        WebhookKind::TaskDetailStatus => task_detail_status(&Obj::root(value)?)?,
        WebhookKind::ReplyMessage => vec![reply_message(&Obj::root(value)?)?],
        WebhookKind::AccountStatus => vec![account_status(&Obj::root(value)?)?],
        WebhookKind::RegisterStatus => vec![register_status(&Obj::root(value)?)?],
        WebhookKind::OnlineStatus => online_status(value, clock)?,
        WebhookKind::QrLoginStatus => vec![qr_login_status(&Obj::root(value)?)?],
        WebhookKind::ScanTaskStatus => vec![scan_task_status(&Obj::root(value)?)?],
    })
}

/// GS_V3_SYNC_TASK_STATUS. `status` is typed String by its table and sent as `"1"` in the
/// example; the task status query sends the same enum as an int: both read.
fn task_status(body: &Obj) -> Read<event::Kind> {
    Ok(event::Kind::TaskStatus(TaskStatusChanged {
        task_id: body.id("taskId")?,
        status: body.code::<TaskStatus>("status")?,
    }))
}

/// GS_V3_SYNC_TASK_DETAIL_STATUS: one event per `info` record of every task in
/// `groupSendInfoStatusList`. `failReasonCode` and `transId` may be `null` (the example).
fn task_detail_status(body: &Obj) -> Read<Vec<event::Kind>> {
    let mut out = Vec::new();
    for group in body.required_list("groupSendInfoStatusList")? {
        let task_id = group.id("taskId")?;
        for info in group.required_list("info")? {
            out.push(event::Kind::RecipientStatus(RecipientStatusChanged {
                task_id: task_id.clone(),
                info_id: info.required_int("infoId")?,
                sender_phone: info.text("senderWhatsApp")?,
                target: info.id("friendWhatsApp")?,
                // -1 and 0 become SEND_FAILED and PENDING_DISPATCH (proto has no 0/-1 values).
                status: info.code::<RecipientStatus>("status")?,
                time: Some(info.epoch_millis("time")?),
                failure_reason: info.optional_code::<FailureReason>("failReasonCode")?,
                trans_id: info.text("transId")?,
            }));
        }
    }
    Ok(out)
}

/// GS_V3_REPLY_MESSAGE. `serialNumber` is an int sent as `""` in the example (absent).
fn reply_message(body: &Obj) -> Read<event::Kind> {
    let contents = body
        .required_list("content")?
        .iter()
        .map(reply_content)
        .collect::<Read<Vec<_>>>()?;
    Ok(event::Kind::Reply(ReplyReceived {
        user_id: body.text("userId")?,
        serial_number: body.int("serialNumber")?,
        // The table's nameless row; the example names it `whatsApp`.
        account_phone: body.id_of(&["whatsApp", "whatsapp"])?,
        target: body.id("friendWhatsApp")?,
        task_id: body.id("taskId")?,
        task_info_id: body.text("taskInfoId")?,
        contents,
    }))
}

/// One reply item. `url` is an object {filename, url, mimeType, caption} in the example and in
/// the "url Parameter Description" table, but the content table types it String: a plain string
/// is read as the media's URL. Text items carry no `url` (no media).
fn reply_content(item: &Obj) -> Read<ReplyContent> {
    let media = match item.get("url") {
        None => None,
        Some(Value::Object(_)) => {
            let url = item.object("url")?;
            Some(ReplyMedia {
                file_name: url.text("filename")?,
                url: url.text("url")?,
                mime_type: url.text("mimeType")?,
                caption: url.text("caption")?,
            })
        }
        Some(_) => Some(item.text("url")?)
            .filter(|url| !url.is_empty())
            .map(|url| ReplyMedia {
                url,
                ..ReplyMedia::default()
            }),
    };
    Ok(ReplyContent {
        r#type: item.code::<ContentType>("type")?,
        text: item.text("text")?,
        media,
        message_id: item.text("messageId")?,
        time: Some(item.epoch_millis("time")?),
    })
}

/// CHANNEL_SYNC_STATUS. `reason` is String ("Failure reason"); the documents list codes
/// 1001-1002 (account-management.txt) and 1001-1004 (whatsapp-accounts-qrcode.txt), so a reason
/// that is one of those codes also sets the enum. Any other text is only kept as text.
fn account_status(body: &Obj) -> Read<event::Kind> {
    let reason_text = body.text("reason")?;
    let reason = match reason_text.trim().parse::<i64>() {
        Ok(code @ 1001..=1004) => AccountStatusReason::from_platform(code)
            .map_err(|e| format!("{}: {e}", body.path_of("reason")))?,
        _ => AccountStatusReason::Unspecified as i32,
    };
    Ok(event::Kind::AccountStatus(AccountStatusChanged {
        // The table's nameless row; the example names it `whatsApp`.
        phone: body.id_of(&["whatsApp", "whatsapp"])?,
        status: body.code::<AccountStatus>("status")?,
        online_status: body.code::<OnlineStatus>("onlineStatus")?,
        reason,
        reason_text,
        instance_code: body.text("instanceCode")?,
    }))
}

/// CHANNEL_REGISTER_STATUS. `status` is an int in the table and `"1"` in the example.
fn register_status(body: &Obj) -> Read<event::Kind> {
    Ok(event::Kind::Registration(RegistrationFinished {
        phone: body.id("phone")?,
        succeeded: body.flag("status")?,
    }))
}

/// WA_SYNC_ON_OR_OFF_LINE_STATUS: one event per record. The table describes an object
/// `{"whatsAppList": [...]}`, the example is a bare array of records: both read. 0-50 records,
/// so an empty list is a valid body with no events. `status` 1 in the example is outside the
/// documented 10/20/30/40 and passes through as 1.
fn online_status(value: &Value, clock: &PlatformClock) -> Read<Vec<event::Kind>> {
    let records = match value {
        Value::Array(items) => Obj::items(items, "")?,
        Value::Object(_) => Obj::root(value)?.required_list("whatsAppList")?,
        other => {
            return Err(format!(
                "expected an array of records or an object with `whatsAppList`, got {}",
                type_name(other)
            ))
        }
    };
    records
        .iter()
        .map(|record| {
            Ok(event::Kind::ConnectionStatus(ConnectionStatusChanged {
                phone: record.id("whatsId")?,
                status: record.code::<ConnectionStatus>("status")?,
                detail_status: record.code::<DetailStatus>("detailStatus")?,
                // Required by the table, `""` in the example.
                agent_account: record.text("account")?,
                platform_type: record.code::<PlatformType>("platformType")?,
                time: Some(record.local_time("time", clock)?),
            }))
        })
        .collect()
}

/// WA_SYNC_QR_LOGIN_STATUS. The phone is the table's nameless optional row, `whatsapp` in the
/// example; `whatsApp` (the other documents' spelling) is read too.
fn qr_login_status(body: &Obj) -> Read<event::Kind> {
    Ok(event::Kind::QrLogin(QrLoginFinished {
        login_id: body.id("id")?,
        phone: body.text_of(&["whatsapp", "whatsApp"])?,
        succeeded: body.flag("status")?,
    }))
}

/// SCAN_TASK_STATUS_SYNC. `userId` and the phone (nameless optional row, `whatsapp` in the
/// example; `whatsApp` read too) are optional.
fn scan_task_status(body: &Obj) -> Read<event::Kind> {
    Ok(event::Kind::ScanTaskStatus(ScanTaskStatusChanged {
        scan_task_id: body.id("taskId")?,
        agent_id: body.int("userId")?,
        phone: body.text_of(&["whatsapp", "whatsApp"])?,
        status: body.code::<ScanTaskStatus>("taskStatus")?,
        update_time: Some(body.epoch_millis("updateTime")?),
    }))
}

/// A JSON object and its path in the body, for error messages.
struct Obj<'a> {
    path: String,
    map: &'a Map<String, Value>,
}

impl<'a> Obj<'a> {
    /// The body itself, which must be an object.
    fn root(value: &'a Value) -> Read<Self> {
        match value {
            Value::Object(map) => Ok(Self {
                path: String::new(),
                map,
            }),
            other => Err(format!("expected a JSON object, got {}", type_name(other))),
        }
    }

    /// The records of a list at `path`, each of which must be an object.
    fn items(items: &'a [Value], path: &str) -> Read<Vec<Self>> {
        items
            .iter()
            .enumerate()
            .map(|(index, item)| {
                let path = format!("{path}[{index}]");
                match item {
                    Value::Object(map) => Ok(Self { path, map }),
                    other => Err(format!(
                        "{path}: expected an object, got {}",
                        type_name(other)
                    )),
                }
            })
            .collect()
    }

    fn path_of(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_owned()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    /// A field's value; `null` counts as absent.
    fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|value| !value.is_null())
    }

    /// An optional string; absent is "".
    fn text(&self, key: &str) -> Read<String> {
        match self.get(key) {
            None => Ok(String::new()),
            Some(value) => {
                lenient::string(value).map_err(|e| format!("{}: {e}", self.path_of(key)))
            }
        }
    }

    /// An optional string under the first of several spellings that is non-empty.
    fn text_of(&self, keys: &[&str]) -> Read<String> {
        for key in keys {
            let text = self.text(key)?;
            if !text.is_empty() {
                return Ok(text);
            }
        }
        Ok(String::new())
    }

    /// A required identifying string: missing or empty is an error.
    fn id(&self, key: &str) -> Read<String> {
        self.id_of(&[key])
    }

    /// A required identifying string under any of several spellings (the first is the
    /// documented one, named in the error).
    fn id_of(&self, keys: &[&str]) -> Read<String> {
        let text = self.text_of(keys)?;
        if text.trim().is_empty() {
            return Err(format!("{}: missing or empty", self.path_of(keys[0])));
        }
        Ok(text)
    }

    /// An optional integer.
    fn int(&self, key: &str) -> Read<Option<i64>> {
        match self.get(key) {
            None => Ok(None),
            Some(value) => lenient::int(value).map_err(|e| format!("{}: {e}", self.path_of(key))),
        }
    }

    /// A required integer (`""` and `null` count as missing).
    fn required_int(&self, key: &str) -> Read<i64> {
        self.int(key)?
            .ok_or_else(|| format!("{}: missing", self.path_of(key)))
    }

    /// A required enum code as its proto number.
    fn code<E: PlatformCode>(&self, key: &str) -> Read<i32> {
        let code = self.required_int(key)?;
        E::from_platform(code).map_err(|e| format!("{}: {e}", self.path_of(key)))
    }

    /// An optional enum code as its proto number; absent is UNSPECIFIED.
    fn optional_code<E: PlatformCode>(&self, key: &str) -> Read<i32> {
        let code = self.int(key)?;
        E::from_optional(code).map_err(|e| format!("{}: {e}", self.path_of(key)))
    }

    /// A required 1/0 flag (`"1"`, `true` and `"true"` read too).
    fn flag(&self, key: &str) -> Read<bool> {
        let value = self.get(key);
        let flag = match value {
            None => None,
            Some(value) => {
                lenient::bool(value).map_err(|e| format!("{}: {e}", self.path_of(key)))?
            }
        };
        flag.ok_or_else(|| format!("{}: missing", self.path_of(key)))
    }

    /// A required time in epoch milliseconds.
    fn epoch_millis(&self, key: &str) -> Read<Timestamp> {
        epoch_millis(self.required_int(key)?).map_err(|e| format!("{}: {e}", self.path_of(key)))
    }

    /// A required time as the platform's local `YYYY-MM-DD HH:MM:SS`.
    fn local_time(&self, key: &str, clock: &PlatformClock) -> Read<Timestamp> {
        let text = self.text(key)?;
        if text.trim().is_empty() {
            return Err(format!("{}: missing", self.path_of(key)));
        }
        clock.parse(&text).ok_or_else(|| {
            format!(
                "{}: expected a time YYYY-MM-DD HH:MM:SS between 0001-01-01 and 9999-12-31 UTC, got {:?}",
                self.path_of(key),
                excerpt(&text, QUOTE_CHARS)
            )
        })
    }

    /// A nested object.
    fn object(&self, key: &str) -> Read<Obj<'a>> {
        let path = self.path_of(key);
        match self.get(key) {
            Some(Value::Object(map)) => Ok(Obj { path, map }),
            Some(other) => Err(format!(
                "{path}: expected an object, got {}",
                type_name(other)
            )),
            None => Err(format!("{path}: missing")),
        }
    }

    /// A required list of objects; `null` and `""` are empty.
    fn required_list(&self, key: &str) -> Read<Vec<Obj<'a>>> {
        let path = self.path_of(key);
        match self.map.get(key) {
            None => Err(format!("{path}: missing")),
            Some(Value::Null) => Ok(Vec::new()),
            Some(Value::String(text)) if text.is_empty() => Ok(Vec::new()),
            Some(Value::Array(items)) => Self::items(items, &path),
            Some(other) => Err(format!("{path}: expected a list, got {}", type_name(other))),
        }
    }
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
