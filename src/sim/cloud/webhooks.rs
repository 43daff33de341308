//! What the cloud area sends: WA_SYNC_QR_LOGIN_STATUS with a QR or pair code login's result, and
//! SCAN_TASK_STATUS_SYNC on every status of a PC scan task.

use serde_json::json;

use crate::sim::world::World;
use crate::wire::webhook::WebhookKind;

/// WA_SYNC_QR_LOGIN_STATUS: `status` 1 logged in, 0 failed.
pub(super) fn qr_login_status(world: &mut World, id: &str, phone: &str, status: i64) {
    world.emit(
        WebhookKind::QrLoginStatus,
        json!({"id": id, "whatsapp": phone, "status": status}),
    );
}

/// SCAN_TASK_STATUS_SYNC. `phone` is the handset that scanned; "" while none has (a choice).
pub(super) fn scan_task_status(
    world: &mut World,
    task_id: &str,
    user_id: i64,
    status: i64,
    phone: &str,
) {
    let body = json!({
        "taskId": task_id,
        "userId": user_id,
        "taskStatus": status,
        "whatsapp": phone,
        "updateTime": world.now_ms,
    });
    world.emit(WebhookKind::ScanTaskStatus, body);
}
