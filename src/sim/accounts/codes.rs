//! The account area's documented codes: account and online statuses, and the detail statuses
//! of WA_SYNC_ON_OR_OFF_LINE_STATUS.

/// Account status (`status`): 1 normal, 2 banned.
pub const NORMAL: i64 = 1;
/// Account status: banned.
pub const BANNED: i64 = 2;
/// Online status (`onlineStatus`): 1 logging in, 2 online, 3 logging out, 4 offline.
pub const LOGGING_IN: i64 = 1;
/// Online status: online.
pub const ONLINE: i64 = 2;
/// Online status: logging out.
pub const LOGGING_OUT: i64 = 3;
/// Online status: offline.
pub const OFFLINE: i64 = 4;

/// WA_SYNC_ON_OR_OFF_LINE_STATUS `detailStatus` values; the record's `status` is the tens
/// (10 online, 20 disconnected, 30 offline, 40 banned).
pub const DETAIL_QR_LOGIN: i64 = 11;
/// PC online (status 10).
pub const DETAIL_ONLINE: i64 = 12;
/// PC disconnected (status 20).
pub const DETAIL_DISCONNECTED: i64 = 21;
/// PC account closed: offline (status 30).
pub const DETAIL_CLOSED_ACCOUNT: i64 = 31;
/// PC client closed: offline (status 30).
pub const DETAIL_CLOSED_CLIENT: i64 = 32;
/// Taken offline by the platform's monitor (status 30).
pub const DETAIL_MONITOR_OFFLINE: i64 = 33;
/// Banned (status 40).
pub const DETAIL_BANNED: i64 = 41;
