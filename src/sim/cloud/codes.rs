//! The cloud area's documented codes: login types, port statuses, SCAN_TASK_STATUS_SYNC
//! statuses, and the errors with the platform's own codes.

use crate::sim::answer::PlatformError;

/// `preGenerate` types.
pub(super) const PC: i64 = 1;
pub(super) const CLOUD_PC: i64 = 2;
/// Port status of selectCloudPortDetail.
pub(super) const PORT_ONLINE: i64 = 10;
pub(super) const PORT_DISCONNECTED: i64 = 20;
/// SCAN_TASK_STATUS_SYNC statuses.
pub(super) const SCANNED: i64 = 70;
pub(super) const SCAN_TIMEOUT: i64 = 71;
pub(super) const LOGGED_IN: i64 = 80;
pub(super) const QR_NOT_REPORTED: i64 = 83;
pub(super) const LOGIN_TIMEOUT: i64 = 84;
pub(super) const NO_PORT: i64 = 85;
pub(super) const ACCOUNT_BANNED: i64 = 90;
/// CHANNEL_SYNC_STATUS reason for a logout (documented reason code 1004).
pub(super) const REASON_LOGGED_OUT: &str = "1004";

/// 1001: no free cloud port within the quota.
pub(super) fn quota_exhausted() -> PlatformError {
    PlatformError::code(1001, "Current user cloud port quota is insufficient")
}

/// 1002: the window or port is unknown, expired, failed or released.
pub(super) fn port_gone() -> PlatformError {
    PlatformError::code(1002, "Current port does not exist or has been released")
}
