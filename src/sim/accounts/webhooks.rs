//! What the account area sends: CHANNEL_SYNC_STATUS on every change of an account's status,
//! CHANNEL_REGISTER_STATUS with a registration's result, and the WA_SYNC_ON_OR_OFF_LINE_STATUS
//! records, which the state queues and sends in batches once per tick.

use serde_json::{json, Value};

use crate::sim::world::World;
use crate::wire::webhook::WebhookKind;

/// Documented: 0-50 records per WA_SYNC_ON_OR_OFF_LINE_STATUS webhook.
pub(super) const ONLINE_RECORDS_PER_WEBHOOK: usize = 50;

/// CHANNEL_SYNC_STATUS: the account's new status and online status, and why.
pub(super) fn channel_status(
    world: &mut World,
    phone: &str,
    status: i64,
    online_status: i64,
    reason: &str,
) {
    world.emit(
        WebhookKind::AccountStatus,
        json!({"whatsApp": phone, "status": status, "onlineStatus": online_status, "reason": reason, "instanceCode": ""}),
    );
}

/// One WA_SYNC_ON_OR_OFF_LINE_STATUS record, stamped with the platform's local time now: its
/// `status` is the tens of its `detailStatus`.
pub(super) fn online_record(
    world: &World,
    phone: &str,
    detail: i64,
    agent: &str,
    platform_type: i64,
) -> Value {
    json!({
        "whatsId": phone,
        "status": detail / 10 * 10,
        "detailStatus": detail,
        "account": agent,
        "platformType": platform_type,
        "time": world.local_time(world.now_ms),
    })
}

/// WA_SYNC_ON_OR_OFF_LINE_STATUS carrying `records` (at most [`ONLINE_RECORDS_PER_WEBHOOK`]),
/// as the example's bare array or as the table's `{"whatsAppList": [...]}`.
pub(super) fn online_status(world: &mut World, records: &[Value], bare_array: bool) {
    let body = if bare_array {
        Value::Array(records.to_vec())
    } else {
        json!({ "whatsAppList": records })
    };
    world.emit(WebhookKind::OnlineStatus, body);
}

/// CHANNEL_REGISTER_STATUS: `status` is a string ("1"/"0") as the documented example.
pub(super) fn register_status(world: &mut World, full_number: &str, ok: bool) {
    world.emit(
        WebhookKind::RegisterStatus,
        json!({"phone": full_number, "status": if ok { "1" } else { "0" }}),
    );
}
