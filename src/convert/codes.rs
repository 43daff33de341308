//! The platform's numeric codes and the proto enums, mapped in one place.
//!
//! Proto values carry the platform's own number wherever it is positive (see common.proto), and
//! every pair is still spelled out here so that adding a proto value without its platform code is
//! a compile error. A code the platform sends that the schema does not know yet is passed
//! through unchanged as an open-enum number (negative ones included), so clients see it instead
//! of losing it. A code that cannot keep its number is refused, never turned into another value:
//! one beyond 32 bits, or one equal to a number the schema already uses for another platform code
//! (our substitutes for the platform's 0 and -1, e.g. 100 and 101). An undocumented 0 stays 0,
//! which reads as UNSPECIFIED.

use crate::proto::v1::{
    AccountStatus, AccountStatusReason, AccountType, AllocationRole, AttributeType, BehaviorAction,
    BehaviorEvent, BehaviorOperation, ConditionOperator, ConnectionStatus, ContentType,
    DetailStatus, FailureReason, LoginClientType, OnlineStatus, PlatformType, PortStatus,
    ProfileDeviceType, QrCodeError, RecipientStatus, RouteType, ScanTaskStatus, SendType,
    TargetType, TaskStatus, VerifyType, WakeUpActionType, WakeUpExecuteStatus,
};

/// A proto enum with a platform code per value.
pub trait PlatformCode: Sized + Copy {
    /// The platform's code; `None` for UNSPECIFIED, which has none.
    fn to_platform(self) -> Option<i64>;
    /// The proto number for a platform code (see the module comment for unknown codes).
    fn from_platform(code: i64) -> Result<i32, UnknownCode>;
    /// As `from_platform`; an absent code is UNSPECIFIED.
    fn from_optional(code: Option<i64>) -> Result<i32, UnknownCode> {
        code.map_or(Ok(0), Self::from_platform)
    }
}

/// A platform code the schema does not know and cannot pass on as its own number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UnknownCode {
    /// The code does not fit an enum number's 32 bits.
    #[error("unknown {enum_name} code {code}: beyond the 32 bits of an enum number")]
    OutOfRange {
        /// The proto enum the code was read for.
        enum_name: &'static str,
        /// The code as the platform sent it.
        code: i64,
    },
    /// The code's number already stands for another platform code in the schema (the
    /// substitutes for the platform's 0 and -1).
    #[error(
        "unknown {enum_name} code {code}: its number stands for another platform code in the schema"
    )]
    Taken {
        /// The proto enum the code was read for.
        enum_name: &'static str,
        /// The code as the platform sent it.
        code: i64,
    },
}

macro_rules! platform_codes {
    ($($enum:ident { $($variant:ident = $code:expr),+ $(,)? })+) => {$(
        impl PlatformCode for $enum {
            fn to_platform(self) -> Option<i64> {
                match self {
                    $enum::Unspecified => None,
                    $($enum::$variant => Some($code),)+
                }
            }

            fn from_platform(code: i64) -> Result<i32, UnknownCode> {
                $(if code == $code {
                    return Ok($enum::$variant as i32);
                })+
                let enum_name = stringify!($enum);
                match i32::try_from(code) {
                    // UNSPECIFIED's number: the same number, read as "not set".
                    Ok(0) => Ok(0),
                    Ok(number) if $enum::try_from(number).is_err() => Ok(number),
                    Ok(_) => Err(UnknownCode::Taken { enum_name, code }),
                    Err(_) => Err(UnknownCode::OutOfRange { enum_name, code }),
                }
            }
        }
    )+};
}

platform_codes! {
    ContentType {
        Text = 1, Image = 2, Audio = 3, File = 4, Video = 5, ContactCard = 6,
        ContactCardLink = 10, RoutingLink = 11,
    }
    TargetType { Individual = 1, Group = 2 }
    SendType { Pc = 1, Mobile = 2, CloudPc = 3 }
    TaskStatus {
        PendingStart = 1, PendingSend = 2, Dispatching = 3, Stopped = 4, Completed = 5, Paused = 6,
    }
    RecipientStatus {
        PendingDispatch = 0, PendingSend = 1, Sending = 2, Sent = 3, Delivered = 4, Read = 5,
        ReadReplied = 6, ReadNoReply = 7, SendFailed = -1,
    }
    FailureReason {
        AccountNoLongerExists = 700, DispatchLimitReached = 701, TaskRecycled = 702, Timeout = 703,
        LoginPopup = 704, AccountBanned = 705, LoginNotDetected = 706, StoppedManually = 707,
        HourClockTimeout = 708, ImageDownloadFailed = 709, AccountUnavailable = 710,
        NumberAbnormal = 712, TaskSendFailed = 713, AppleAccount = 714,
        MessageResponseTimeout = 715, SendTimeout = 716, AccountSendRestricted = 718,
        LoginElsewhere = 719, QrScanTimeout = 720, InvalidNumber = 721, ChannelDataError = 722,
        SieveFailed = 723,
        ClientExited = 800, PortNotFound = 801, ClientSendError = 802, ChineseTextRestricted = 803,
        ResourceDownloadFailed = 804, TextSendError = 805, MediaSendError = 806,
        VcardSendError = 807, GroupNotFound = 808, FriendBlocked = 809, FriendVcardNotFound = 810,
        AccountLoggedOut = 811, AccountRefresh = 812, CannotSendToFriend = 813,
        CannotSendToGroup = 814, InvalidGroup = 815, AdminsOnly = 816, MessageUrlNotFound = 817,
        MessageTypeNotFound = 818, OwnAccountNotFound = 819, NumberSieveError = 820,
        StrangerChatError = 821, GroupInfoUpdateError = 822,
        PendingSendTimeout = 900, UnknownError = 999,
    }
    AccountStatus { Normal = 1, Banned = 2 }
    OnlineStatus { LoggingIn = 1, Online = 2, LoggingOut = 3, Offline = 4 }
    ConnectionStatus { Online = 10, Disconnected = 20, Offline = 30, Banned = 40 }
    DetailStatus {
        PcQrLogin = 11, PcOnline = 12, PcDisconnected = 21, PcAccountClosed = 31,
        PcClientClosed = 32, PcMonitorOffline = 33, Banned = 41,
    }
    PlatformType { Pc = 1, Android = 2 }
    AccountType { Personal = 1, Business = 2 }
    VerifyType { Sms = 0, Voice = 1, MissedCall = 2, Internal = 3 }
    QrCodeError {
        PortQuotaInsufficient = 1001, PortNotFound = 1002, UnsupportedType = 1003,
        PairingTargetNotSet = 1004,
    }
    AccountStatusReason {
        PairingFailed = 1001, NetworkError = 1002, PairCodeTooFrequent = 1003, LoggedOut = 1004,
    }
    ScanTaskStatus {
        Scanned = 70, ScanTimeout = 71, LoggedIn = 80, QrCodeTimeout = 83, LoginTimeout = 84,
        NoPort = 85, Banned = 90,
    }
    PortStatus { Online = 10, Disconnected = 20 }
    RouteType { Agent = 1, WhatsappGroup = 2, CustomInbound = 3 }
    AttributeType { Basic = 1, Extended = 2 }
    ConditionOperator { LessThan = 1, Equal = 2, GreaterThan = 3, Between = 4 }
    BehaviorEvent { MessageSent = 1, MessageFailed = 2 }
    BehaviorAction { ChangeStage = 1, ChangeTags = 2 }
    BehaviorOperation { Add = 1, Remove = 2, Modify = 3 }
    WakeUpActionType { OpenConversation = 1 }
    WakeUpExecuteStatus { NotExecuted = 0, Succeeded = 1, Failed = 2 }
    AllocationRole { Random = 1, Specified = 3 }
    LoginClientType { Pc = 1, CloudPc = 2 }
    ProfileDeviceType { PhysicalDevice = 0, CloudPort = 1 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substitutes_map_both_ways() {
        assert_eq!(RecipientStatus::SendFailed.to_platform(), Some(-1));
        assert_eq!(
            RecipientStatus::from_platform(-1),
            Ok(RecipientStatus::SendFailed as i32)
        );
        assert_eq!(
            RecipientStatus::from_platform(0),
            Ok(RecipientStatus::PendingDispatch as i32)
        );
        assert_eq!(VerifyType::Sms.to_platform(), Some(0));
        assert_eq!(RecipientStatus::Unspecified.to_platform(), None);
        assert_eq!(RecipientStatus::from_optional(None), Ok(0));
    }

    #[test]
    fn unknown_codes_keep_their_number_or_are_refused() {
        assert_eq!(FailureReason::from_platform(724), Ok(724));
        assert_eq!(TaskStatus::from_platform(7), Ok(7));
        // Negative codes keep their number too: the schema uses none.
        assert_eq!(TaskStatus::from_platform(-1), Ok(-1));
        assert_eq!(RecipientStatus::from_platform(-7), Ok(-7));
        assert_eq!(FailureReason::from_platform(0), Ok(0));
        // 100 is our substitute for the platform's 0: an unknown platform 100 cannot be it.
        assert_eq!(
            RecipientStatus::from_platform(100),
            Err(UnknownCode::Taken {
                enum_name: "RecipientStatus",
                code: 100
            })
        );
        for code in [i64::MAX, 2_147_483_648, -2_147_483_649] {
            let error = TaskStatus::from_platform(code).unwrap_err();
            assert_eq!(
                error,
                UnknownCode::OutOfRange {
                    enum_name: "TaskStatus",
                    code
                }
            );
            assert!(error.to_string().contains(&code.to_string()), "{error}");
        }
    }

    #[test]
    fn every_documented_failure_code_is_known() {
        let documented = (700..=723)
            .filter(|c| *c != 711 && *c != 717)
            .chain(800..=822)
            .chain([900, 999]);
        for code in documented {
            let number = FailureReason::from_platform(code).unwrap();
            assert!(
                FailureReason::try_from(number).is_ok(),
                "failure code {code} has no enum value"
            );
        }
    }
}
