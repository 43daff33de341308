//! What the task area sends: GS_V3_SYNC_TASK_STATUS on every change of a task's status,
//! GS_V3_SYNC_TASK_DETAIL_STATUS with its recipients' changes, and GS_V3_REPLY_MESSAGE for each
//! reply. The state machine collects them in order while it steps and hands them to the world.

use serde_json::{json, Value};

use super::recipient::Recipient;
use crate::sim::rng::Rng;
use crate::sim::world::World;
use crate::wire::webhook::WebhookKind;

/// The documents give no limit per detail webhook; 500 infos keeps bodies moderate.
const MAX_INFOS_PER_WEBHOOK: usize = 500;
/// The reply webhook's `userId`: a fixed tenant user (the documents leave it open).
const USER_ID: &str = "10001";

/// Webhooks produced by a step, in the order they are to be sent.
pub(super) type Webhooks = Vec<(WebhookKind, Value)>;

/// GS_V3_SYNC_TASK_STATUS: the status is a string, as the documented example sends it.
pub(super) fn task_status(task_id: &str, status: i64) -> (WebhookKind, Value) {
    (
        WebhookKind::TaskStatus,
        json!({"taskId": task_id, "status": status.to_string()}),
    )
}

/// One recipient's entry of GS_V3_SYNC_TASK_DETAIL_STATUS, as it is now.
pub(super) fn detail_info(recipient: &Recipient) -> Value {
    json!({
        "senderWhatsApp": recipient.sender,
        "friendWhatsApp": recipient.friend,
        "time": recipient.changed_ms,
        "status": recipient.status,
        "infoId": recipient.info_id,
        "failReasonCode": recipient.fail_code,
        "transId": recipient.trans_id,
    })
}

/// GS_V3_SYNC_TASK_DETAIL_STATUS webhooks carrying `infos`, at most 500 each.
pub(super) fn detail_webhooks(task_id: &str, infos: Vec<Value>) -> Webhooks {
    infos
        .chunks(MAX_INFOS_PER_WEBHOOK)
        .map(|chunk| {
            let body = json!({"groupSendInfoStatusList": [{"taskId": task_id, "info": chunk}]});
            (WebhookKind::TaskDetailStatus, body)
        })
        .collect()
}

/// Queues `out` on the world, in order.
pub(super) fn emit_all(world: &mut World, out: Webhooks) {
    for (kind, body) in out {
        world.emit(kind, body);
    }
}

/// The GS_V3_REPLY_MESSAGE of `recipient`'s reply, its content drawn from its own seed.
pub(super) fn reply(recipient: &Recipient, task_id: &str) -> (WebhookKind, Value) {
    const TEXTS: [&str; 6] = [
        "Hi, is this offer still available?",
        "How much is it?",
        "Thanks, I will check it out.",
        "Please send me more details.",
        "Where is your shop?",
        "Not interested, thank you.",
    ];
    const MEDIA: [(i64, &str, &str); 4] = [
        (2, "image/jpeg", "jpg"),
        (3, "audio/ogg", "ogg"),
        (4, "application/pdf", "pdf"),
        (5, "video/mp4", "mp4"),
    ];
    let mut rng = Rng::new(recipient.seed);
    let serial_number = if rng.chance(0.5) {
        json!("")
    } else {
        json!(1 + rng.below(100_000))
    };
    let items = 1 + rng.below(2);
    let content: Vec<Value> = (0..items)
        .map(|_| {
            let message_id = format!("3EB0{:016X}", rng.next_u64());
            if rng.chance(0.7) {
                json!({"type": 1, "text": rng.pick(&TEXTS), "messageId": message_id, "time": recipient.changed_ms})
            } else {
                let (kind, mime_type, ext) = *rng.pick(&MEDIA);
                let file = rng.hex_id();
                json!({
                    "type": kind,
                    "url": {
                        "filename": file,
                        "url": format!("https://media.sim.invalid/reply/{file}.{ext}"),
                        "mimeType": mime_type,
                        "caption": "",
                    },
                    "messageId": message_id,
                    "time": recipient.changed_ms,
                })
            }
        })
        .collect();
    let body = json!({
        "userId": USER_ID,
        "serialNumber": serial_number,
        "whatsApp": recipient.sender,
        "friendWhatsApp": recipient.friend,
        "taskId": task_id,
        "taskInfoId": recipient.info_id.to_string(),
        "content": content,
    });
    (WebhookKind::ReplyMessage, body)
}
