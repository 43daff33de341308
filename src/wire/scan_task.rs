//! PC QR scan task shapes (whatsapp-accounts-qrcode.txt).

use serde::{Deserialize, Deserializer, Serialize};

/// Body of qrCodeTask/create.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateScanTask {
    /// Optional: without it the platform picks the agent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<i64>,
    /// `allocationRole`: 1 random agent, 3 the agent in `userId`.
    pub allocation_role: i64,
}

/// `data` of qrCodeTask/create: the example gives the bare id; `{"taskId": ...}` (the word the
/// document writes above the example, and the shape of the task create endpoints) is read too.
#[derive(Debug)]
pub struct ScanTaskCreated {
    /// The scan task's id: what qrCodeTask/getQrCode takes and the scan-task webhook reports.
    pub task_id: String,
}

impl<'de> Deserialize<'de> for ScanTaskCreated {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        super::bare_or_keyed_id(de, "taskId").map(|task_id| Self { task_id })
    }
}

/// Body of qrCodeTask/getQrCode.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QrCodeQuery {
    /// `taskId` from qrCodeTask/create; asked again until the scan succeeds.
    pub task_id: String,
}
