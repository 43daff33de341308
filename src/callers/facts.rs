//! What the blast guard and the audit trail need to know of a request or a response: how many
//! recipients a create would send to, and which platform ids a call names or creates. Never
//! message bodies or secrets.

use crate::proto::v1::*;

/// Recipients a request would send messages to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recipients {
    /// The call sends nothing.
    None,
    /// The call names exactly this many recipients (targets, pairs).
    Known(u64),
    /// The call sends to recipients the platform selects later (a conditional task): the guard
    /// charges the caller's `unknown_recipients` estimate.
    Unknown,
}

/// Facts of a request or response message.
pub trait CallFacts {
    /// Recipients this request would send to.
    fn recipients(&self) -> Recipients {
        Recipients::None
    }

    /// Task, account, port or other platform ids this message names or returns, at most
    /// `MAX_SUBJECTS` of them.
    fn subjects(&self) -> Vec<String> {
        Vec::new()
    }
}

/// Most ids an audit record keeps of one call (a batch call may name thousands); the record
/// counts recipients separately.
pub const MAX_SUBJECTS: usize = 100;

/// Messages with nothing to tell: reads, and what records only its RPC and sizes.
macro_rules! no_facts {
    ($($message:ty),+ $(,)?) => { $(impl CallFacts for $message {})+ };
}

/// Creates whose recipients are a list in the request.
macro_rules! counted {
    ($($message:ty => $list:ident),+ $(,)?) => {
        $(impl CallFacts for $message {
            fn recipients(&self) -> Recipients {
                Recipients::Known(self.$list.len() as u64)
            }
        })+
    };
}

counted! {
    CreatePairedTaskRequest => pairs,
    CreatePairedContentTaskRequest => pairs,
    CreatePooledTaskRequest => targets,
    CreateAccountGroupTaskRequest => targets,
    CreateUnassignedTaskRequest => targets,
}

impl CallFacts for CreateSingleTargetTaskRequest {
    fn recipients(&self) -> Recipients {
        Recipients::Known(1)
    }
}

impl CallFacts for CreateUnassignedSingleTargetTaskRequest {
    fn recipients(&self) -> Recipients {
        Recipients::Known(1)
    }
}

impl CallFacts for CreateConditionalTaskRequest {
    fn recipients(&self) -> Recipients {
        Recipients::Unknown
    }
}

no_facts! {
    BringAccountsOnlineRequest, BringAccountsOnlineResponse, BringPortOnlineRequest,
    BringPortOnlineResponse, CreateAccountGroupTaskResponse, CreateAudienceGroupRequest,
    CreateAudienceGroupResponse, CreateConditionalTaskResponse, CreatePairedContentTaskResponse,
    CreatePairedTaskResponse, CreatePooledTaskResponse, CreateScanTaskRequest,
    CreateScanTaskResponse, CreateSingleTargetTaskResponse,
    CreateUnassignedSingleTargetTaskResponse, CreateUnassignedTaskResponse,
    GetAudienceGroupMembersRequest, GetAudienceGroupMembersResponse, GetContactRequest,
    GetContactResponse, GetLoginCodeRequest, GetLoginCodeResponse, GetLoginInfoRequest,
    GetLoginInfoResponse, GetLoginQrCodeRequest, GetLoginQrCodeResponse, GetPortQuotaRequest,
    GetPortQuotaResponse, GetProfileRequest, GetProfileResponse, GetScanTaskQrCodeRequest,
    GetScanTaskQrCodeResponse, GetTaskExecutionStatusRequest, GetTaskExecutionStatusResponse,
    GetWakeUpResultsRequest, GetWakeUpResultsResponse, ImportAccountsRequest,
    ImportAccountsResponse, ListAccountsRequest, ListAccountsResponse, ListAudienceGroupsRequest,
    ListAudienceGroupsResponse, ListContactsRequest, ListContactsResponse, ListPairTargetsRequest,
    ListPairTargetsResponse, ListPortsRequest, ListPortsResponse, LogOutPortRequest,
    LogOutPortResponse, PauseTasksRequest, PauseTasksResponse, RecycleAccountsRequest,
    RecycleAccountsResponse, ReserveLoginPortRequest, ReserveLoginPortResponse, StartTasksRequest,
    StartTasksResponse, StopTasksRequest, StopTasksResponse, SubmitRegistrationCodeRequest,
    SubmitRegistrationCodeResponse, SubmitRegistrationPhoneRequest,
    SubmitRegistrationPhoneResponse, TakePortOfflineRequest, TakePortOfflineResponse,
    UpdateAvatarOrNicknameRequest, UpdateAvatarOrNicknameResponse, WakeUpConversationsRequest,
    WakeUpConversationsResponse,
}
