//! The platform's eight webhooks: configuration id and the path each is delivered to.

/// One kind of webhook the platform pushes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum WebhookKind {
    /// GS_V3_SYNC_TASK_STATUS: a task's status changed.
    TaskStatus,
    /// GS_V3_SYNC_TASK_DETAIL_STATUS: recipients' statuses changed, batched, with failure codes.
    TaskDetailStatus,
    /// GS_V3_REPLY_MESSAGE: a recipient replied to a task's message.
    ReplyMessage,
    /// CHANNEL_SYNC_STATUS: an account's status or online status changed, with a reason code.
    AccountStatus,
    /// CHANNEL_REGISTER_STATUS: a registration finished, successfully or not.
    RegisterStatus,
    /// WA_SYNC_ON_OR_OFF_LINE_STATUS: accounts went online, offline or were banned (0-50 records).
    OnlineStatus,
    /// WA_SYNC_QR_LOGIN_STATUS: a QR code login succeeded or failed.
    QrLoginStatus,
    /// SCAN_TASK_STATUS_SYNC: a PC QR scan task moved on (status 70, 71, 80, 83, 84, 85 or 90).
    ScanTaskStatus,
}

impl WebhookKind {
    /// Every kind, in declaration order: what the listener mounts a path for.
    pub const ALL: [WebhookKind; 8] = [
        Self::TaskStatus,
        Self::TaskDetailStatus,
        Self::ReplyMessage,
        Self::AccountStatus,
        Self::RegisterStatus,
        Self::OnlineStatus,
        Self::QrLoginStatus,
        Self::ScanTaskStatus,
    ];

    /// The configuration id the platform's documents give it.
    pub fn config_id(self) -> &'static str {
        match self {
            Self::TaskStatus => "GS_V3_SYNC_TASK_STATUS",
            Self::TaskDetailStatus => "GS_V3_SYNC_TASK_DETAIL_STATUS",
            Self::ReplyMessage => "GS_V3_REPLY_MESSAGE",
            Self::AccountStatus => "CHANNEL_SYNC_STATUS",
            Self::RegisterStatus => "CHANNEL_REGISTER_STATUS",
            Self::OnlineStatus => "WA_SYNC_ON_OR_OFF_LINE_STATUS",
            Self::QrLoginStatus => "WA_SYNC_QR_LOGIN_STATUS",
            Self::ScanTaskStatus => "SCAN_TASK_STATUS_SYNC",
        }
    }

    /// The documented path. SCAN_TASK_STATUS_SYNC's is left to the customer ("baseURL+uri"):
    /// this project uses /callback/qrCodeTask/syncStatus, beside the task callbacks.
    pub fn path(self) -> &'static str {
        match self {
            Self::TaskStatus => "/callback/gsTask/syncTaskStatus",
            Self::TaskDetailStatus => "/callback/gsTask/syncGsTaskInfoStatus",
            Self::ReplyMessage => "/callback/gsTask/syncGsTaskInfoReplyMessage",
            Self::AccountStatus => "/callback/gsTask/syncWhatsAppStatus",
            Self::RegisterStatus => "/group-dispatch-api/register/syncStatus",
            Self::OnlineStatus => "/api/callback/whatsapp/onlineStatus",
            Self::QrLoginStatus => "/wscrm-bus-api/open/qrCode/syncLoginStatus",
            Self::ScanTaskStatus => "/callback/qrCodeTask/syncStatus",
        }
    }
}
