//! What the blast guard and the audit trail need to know of a request or a response: how many
//! recipients a create would send to, and which platform ids a call names or creates. Never
//! message bodies, profile contents or secrets (keys, verification codes, pair codes, proxy
//! credentials): only ids, each written `<kind>:<id>` (`task:6a27...`, `account:8613...`).

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

    /// Whether this answer holds a secret (a QR code, a pair code): such an answer is never
    /// stored, not even for answering a retry.
    const HOLDS_SECRET: bool = false;
}

/// Most ids an audit record keeps of one call (a batch call may name thousands); the record
/// counts recipients separately.
pub const MAX_SUBJECTS: usize = 100;
/// Longest id kept, in characters: platform ids are far shorter, and a caller's text is not
/// stored whole in a record (a longer id is cut).
pub const MAX_SUBJECT_CHARS: usize = 128;

/// The kinds of ids, as subjects write them before the colon.
pub mod kind {
    /// A task's id.
    pub const TASK: &str = "task";
    /// A customer-service account's phone number (with its country code).
    pub const ACCOUNT: &str = "account";
    /// An audience group's id.
    pub const AUDIENCE_GROUP: &str = "audience_group";
    /// A registration's id.
    pub const REGISTRATION: &str = "registration";
    /// A cloud-port login's (QR window's) id.
    pub const LOGIN: &str = "login";
    /// A pairing target's id.
    pub const PAIRING_TARGET: &str = "pairing_target";
    /// A wake-up action's id.
    pub const WAKE_UP_ACTION: &str = "wake_up_action";
    /// A PC scan task's id.
    pub const SCAN_TASK: &str = "scan_task";
    /// An agent's id.
    pub const AGENT: &str = "agent";
}

/// Collects subjects: skips empty ids and repeats, cuts each to [`MAX_SUBJECT_CHARS`], stops at
/// [`MAX_SUBJECTS`] (so a 5,000-item request costs no more than a 100-item one past that).
#[derive(Debug, Default)]
struct Subjects(Vec<String>);

impl Subjects {
    fn one(self, kind: &str, id: impl ToString) -> Self {
        self.all(kind, [id])
    }

    fn all<I: ToString>(mut self, kind: &str, ids: impl IntoIterator<Item = I>) -> Self {
        for id in ids {
            if self.0.len() >= MAX_SUBJECTS {
                break;
            }
            let id = id.to_string();
            let id = id.trim();
            if id.is_empty() {
                continue;
            }
            let subject = format!("{kind}:{}", cut(id));
            if !self.0.contains(&subject) {
                self.0.push(subject);
            }
        }
        self
    }

    fn done(self) -> Vec<String> {
        self.0
    }
}

fn cut(id: &str) -> &str {
    id.char_indices()
        .nth(MAX_SUBJECT_CHARS)
        .map_or(id, |(end, _)| &id[..end])
}

/// A phone number as accounts elsewhere carry it: the dialling code's digits, then the number.
fn full_phone(area_code: &str, phone: &str) -> String {
    format!(
        "{}{}",
        area_code.trim().trim_start_matches('+'),
        phone.trim()
    )
}

/// Messages with nothing to tell: reads, and the answers of state-changing calls that return
/// no id (or only a secret: a QR code or a pair code).
macro_rules! no_facts {
    ($($message:ty),+ $(,)?) => { $(impl CallFacts for $message {})+ };
}

/// Answers that return the id of the task they created.
macro_rules! created_task {
    ($($message:ty),+ $(,)?) => {
        $(impl CallFacts for $message {
            fn subjects(&self) -> Vec<String> {
                Subjects::default().one(kind::TASK, &self.task_id).done()
            }
        })+
    };
}

/// Requests that name the tasks they act on.
macro_rules! names_tasks {
    ($($message:ty),+ $(,)?) => {
        $(impl CallFacts for $message {
            fn subjects(&self) -> Vec<String> {
                Subjects::default().all(kind::TASK, &self.task_ids).done()
            }
        })+
    };
}

/// Requests that act on one cloud-port login.
macro_rules! names_login {
    ($($message:ty),+ $(,)?) => {
        $(impl CallFacts for $message {
            fn subjects(&self) -> Vec<String> {
                Subjects::default().one(kind::LOGIN, &self.login_id).done()
            }
        })+
    };
}

// Creates: their recipients, and the accounts (or audience group) they send from.

impl CallFacts for CreateSingleTargetTaskRequest {
    fn recipients(&self) -> Recipients {
        Recipients::Known(1)
    }

    fn subjects(&self) -> Vec<String> {
        Subjects::default()
            .one(kind::ACCOUNT, &self.sender_phone)
            .done()
    }
}

impl CallFacts for CreatePairedTaskRequest {
    fn recipients(&self) -> Recipients {
        Recipients::Known(self.pairs.len() as u64)
    }

    fn subjects(&self) -> Vec<String> {
        let senders = self.pairs.iter().map(|pair| &pair.sender_phone);
        Subjects::default().all(kind::ACCOUNT, senders).done()
    }
}

impl CallFacts for CreatePairedContentTaskRequest {
    fn recipients(&self) -> Recipients {
        Recipients::Known(self.pairs.len() as u64)
    }

    fn subjects(&self) -> Vec<String> {
        let senders = self.pairs.iter().map(|pair| &pair.sender_phone);
        Subjects::default().all(kind::ACCOUNT, senders).done()
    }
}

impl CallFacts for CreatePooledTaskRequest {
    fn recipients(&self) -> Recipients {
        Recipients::Known(self.targets.len() as u64)
    }

    fn subjects(&self) -> Vec<String> {
        Subjects::default()
            .all(kind::ACCOUNT, &self.sender_phones)
            .done()
    }
}

impl CallFacts for CreateAccountGroupTaskRequest {
    fn recipients(&self) -> Recipients {
        Recipients::Known(self.targets.len() as u64)
    }

    fn subjects(&self) -> Vec<String> {
        Subjects::default()
            .all(kind::AUDIENCE_GROUP, nonzero(self.audience_group_id))
            .done()
    }
}

impl CallFacts for CreateUnassignedSingleTargetTaskRequest {
    fn recipients(&self) -> Recipients {
        Recipients::Known(1)
    }
}

impl CallFacts for CreateUnassignedTaskRequest {
    fn recipients(&self) -> Recipients {
        Recipients::Known(self.targets.len() as u64)
    }
}

impl CallFacts for CreateConditionalTaskRequest {
    fn recipients(&self) -> Recipients {
        Recipients::Unknown
    }

    fn subjects(&self) -> Vec<String> {
        let accounts = self
            .group_condition
            .iter()
            .flat_map(|condition| &condition.account_phones);
        Subjects::default().all(kind::ACCOUNT, accounts).done()
    }
}

created_task! {
    CreateSingleTargetTaskResponse, CreatePairedTaskResponse, CreatePairedContentTaskResponse,
    CreatePooledTaskResponse, CreateAccountGroupTaskResponse,
    CreateUnassignedSingleTargetTaskResponse, CreateUnassignedTaskResponse,
    CreateConditionalTaskResponse,
}

names_tasks! { StartTasksRequest, PauseTasksRequest, StopTasksRequest }

// Audience groups: the member accounts, and the group created.

impl CallFacts for CreateAudienceGroupRequest {
    fn subjects(&self) -> Vec<String> {
        Subjects::default().all(kind::ACCOUNT, &self.phones).done()
    }
}

impl CallFacts for CreateAudienceGroupResponse {
    fn subjects(&self) -> Vec<String> {
        Subjects::default()
            .all(kind::AUDIENCE_GROUP, nonzero(self.group_id))
            .done()
    }
}

// Accounts: their phone numbers, never their keys nor a verification code.

impl CallFacts for ImportAccountsRequest {
    fn subjects(&self) -> Vec<String> {
        let phones = self.accounts.iter().map(|account| &account.phone);
        Subjects::default().all(kind::ACCOUNT, phones).done()
    }
}

impl CallFacts for BringAccountsOnlineRequest {
    fn subjects(&self) -> Vec<String> {
        let phones = self
            .accounts
            .iter()
            .filter_map(|account| account.credentials.as_ref())
            .map(|credentials| &credentials.phone);
        Subjects::default().all(kind::ACCOUNT, phones).done()
    }
}

impl CallFacts for RecycleAccountsRequest {
    fn subjects(&self) -> Vec<String> {
        Subjects::default().all(kind::ACCOUNT, &self.phones).done()
    }
}

impl CallFacts for SubmitRegistrationPhoneRequest {
    fn subjects(&self) -> Vec<String> {
        Subjects::default()
            .one(kind::ACCOUNT, full_phone(&self.area_code, &self.phone))
            .done()
    }
}

impl CallFacts for SubmitRegistrationPhoneResponse {
    fn subjects(&self) -> Vec<String> {
        Subjects::default()
            .all(kind::REGISTRATION, nonzero(self.registration_id))
            .done()
    }
}

impl CallFacts for SubmitRegistrationCodeRequest {
    fn subjects(&self) -> Vec<String> {
        // The verification code is a secret: the number alone.
        Subjects::default()
            .one(kind::ACCOUNT, full_phone(&self.area_code, &self.phone))
            .done()
    }
}

// Cloud ports: the login (QR window) ids and account phones, never a proxy's credentials
// (`ip_config`), a QR code or a pair code.

impl CallFacts for ReserveLoginPortRequest {
    fn subjects(&self) -> Vec<String> {
        Subjects::default()
            .all(kind::PAIRING_TARGET, self.pairing_target_id)
            .done()
    }
}

impl CallFacts for ReserveLoginPortResponse {
    fn subjects(&self) -> Vec<String> {
        Subjects::default().one(kind::LOGIN, &self.login_id).done()
    }
}

impl CallFacts for GetLoginCodeRequest {
    fn subjects(&self) -> Vec<String> {
        Subjects::default()
            .one(kind::LOGIN, &self.login_id)
            .one(kind::ACCOUNT, &self.phone)
            .done()
    }
}

names_login! {
    GetLoginQrCodeRequest, BringPortOnlineRequest, TakePortOfflineRequest, LogOutPortRequest,
}

impl CallFacts for UpdateAvatarOrNicknameRequest {
    fn subjects(&self) -> Vec<String> {
        // The accounts changed, not the avatar or nickname they get.
        Subjects::default().all(kind::ACCOUNT, &self.phones).done()
    }
}

// Wake-up actions: the accounts they act for, and the actions queued.

impl CallFacts for WakeUpConversationsRequest {
    fn subjects(&self) -> Vec<String> {
        let accounts = self.actions.iter().map(|action| &action.account_phone);
        Subjects::default().all(kind::ACCOUNT, accounts).done()
    }
}

impl CallFacts for WakeUpConversationsResponse {
    fn subjects(&self) -> Vec<String> {
        Subjects::default()
            .all(kind::WAKE_UP_ACTION, &self.action_ids)
            .done()
    }
}

// Scan tasks: the agent asked for, and the task created.

impl CallFacts for CreateScanTaskRequest {
    fn subjects(&self) -> Vec<String> {
        Subjects::default().all(kind::AGENT, self.agent_id).done()
    }
}

impl CallFacts for CreateScanTaskResponse {
    fn subjects(&self) -> Vec<String> {
        Subjects::default()
            .one(kind::SCAN_TASK, &self.scan_task_id)
            .done()
    }
}

/// A numeric id, or nothing for proto3's unset 0.
fn nonzero(id: i64) -> Option<i64> {
    (id != 0).then_some(id)
}

// Answers that are a secret: a QR code to scan, a pair code to type.
impl CallFacts for GetLoginQrCodeResponse {
    const HOLDS_SECRET: bool = true;
}

impl CallFacts for GetLoginCodeResponse {
    const HOLDS_SECRET: bool = true;
}

// State-changing calls whose answer holds no id.
no_facts! {
    StartTasksResponse, PauseTasksResponse, StopTasksResponse, ImportAccountsResponse,
    BringAccountsOnlineResponse, RecycleAccountsResponse, SubmitRegistrationCodeResponse,
    BringPortOnlineResponse,
    TakePortOfflineResponse, LogOutPortResponse, UpdateAvatarOrNicknameResponse,
}

// Reads: not audited.
no_facts! {
    GetAudienceGroupMembersRequest, GetAudienceGroupMembersResponse, GetContactRequest,
    GetContactResponse, GetLoginInfoRequest, GetLoginInfoResponse, GetPortQuotaRequest,
    GetPortQuotaResponse, GetProfileRequest, GetProfileResponse, GetScanTaskQrCodeRequest,
    GetScanTaskQrCodeResponse, GetTaskExecutionStatusRequest, GetTaskExecutionStatusResponse,
    GetWakeUpResultsRequest, GetWakeUpResultsResponse, ListAccountsRequest, ListAccountsResponse,
    ListAudienceGroupsRequest, ListAudienceGroupsResponse, ListContactsRequest,
    ListContactsResponse, ListPairTargetsRequest, ListPairTargetsResponse, ListPortsRequest,
    ListPortsResponse,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_are_kinds_and_ids_without_repeats_within_bounds() {
        let start = StartTasksRequest {
            task_ids: vec!["a".into(), " a ".into(), String::new(), "b".into()],
            ..Default::default()
        };
        assert_eq!(start.subjects(), ["task:a", "task:b"]);
        let many = RecycleAccountsRequest {
            phones: (0..5000).map(|i| format!("86{i:010}")).collect(),
            ..Default::default()
        };
        let subjects = many.subjects();
        assert_eq!(subjects.len(), MAX_SUBJECTS);
        assert_eq!(subjects[0], "account:860000000000");
        let long = StopTasksRequest {
            task_ids: vec!["é".repeat(1000)],
            ..Default::default()
        };
        assert_eq!(
            long.subjects()[0].chars().count(),
            "task:".len() + MAX_SUBJECT_CHARS
        );
        assert_eq!(
            CreateAccountGroupTaskRequest::default().subjects(),
            Vec::<String>::new(),
            "an unset numeric id is no subject"
        );
    }

    #[test]
    fn secrets_and_contents_are_never_subjects() {
        let code = SubmitRegistrationCodeRequest {
            phone: "13800138000".into(),
            area_code: "+86".into(),
            verify_code: "918273".into(),
            ..Default::default()
        };
        assert_eq!(code.subjects(), ["account:8613800138000"]);
        let online = BringPortOnlineRequest {
            login_id: "w1".into(),
            ip_config: "1.2.3.4:1080:user:secret".into(),
            ..Default::default()
        };
        assert_eq!(online.subjects(), ["login:w1"]);
        let profile = UpdateAvatarOrNicknameRequest {
            nickname: "Nick".into(),
            avatar_url: "https://a.example/x.png".into(),
            phones: vec!["8613800138000".into()],
            ..Default::default()
        };
        assert_eq!(profile.subjects(), ["account:8613800138000"]);
        let imported = ImportAccountsRequest {
            accounts: vec![AccountCredentials {
                phone: "8613800138000".into(),
                private_key: "secret-key".into(),
                ..Default::default()
            }],
            ..Default::default()
        };
        assert_eq!(imported.subjects(), ["account:8613800138000"]);
        let pair = GetLoginCodeResponse {
            qr_code: "2@qr".into(),
            pair_code: "IVEA_IPON".into(),
        };
        assert!(pair.subjects().is_empty());
    }

    #[test]
    fn creates_count_recipients_and_name_what_they_create() {
        let pooled = CreatePooledTaskRequest {
            sender_phones: vec!["861".into(), "862".into()],
            targets: vec!["a".into(), "b".into(), "c".into()],
            ..Default::default()
        };
        assert_eq!(pooled.recipients(), Recipients::Known(3));
        assert_eq!(pooled.subjects(), ["account:861", "account:862"]);
        assert_eq!(
            CreateConditionalTaskRequest::default().recipients(),
            Recipients::Unknown
        );
        let created = CreateUnassignedTaskResponse {
            task_id: "6a27".into(),
        };
        assert_eq!(created.subjects(), ["task:6a27"]);
        let group = CreateAudienceGroupResponse {
            group_id: 73,
            saved_count: 2,
        };
        assert_eq!(group.subjects(), ["audience_group:73"]);
        assert_eq!(StartTasksRequest::default().recipients(), Recipients::None);
    }
}
