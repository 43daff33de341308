//! The platform's eight webhooks: configuration id and the path each is delivered to.

/// One kind of webhook the platform pushes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum WebhookKind {
    TaskStatus,
    TaskDetailStatus,
    ReplyMessage,
    AccountStatus,
    RegisterStatus,
    OnlineStatus,
    QrLoginStatus,
    ScanTaskStatus,
}

impl WebhookKind {
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
