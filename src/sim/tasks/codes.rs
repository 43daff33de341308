//! The task area's documented codes: task and recipient statuses, limits, and the failure
//! reason codes of the documents' tables.

/// Task statuses.
pub const PENDING_START: i64 = 1;
/// Task status: pending start, waiting for its start time.
pub const PENDING_SEND: i64 = 2;
/// Task status: pending send, started but no recipient dispatched yet.
pub const DISPATCHING: i64 = 3;
/// Task status: dispatching.
pub const STOPPED: i64 = 4;
/// Task status: stopped (final).
pub const COMPLETED: i64 = 5;
/// Task status: completed (final).
pub const PAUSED: i64 = 6;

/// Recipient statuses.
pub const R_PENDING_DISPATCH: i64 = 0;
/// Recipient status: pending send.
pub const R_PENDING_SEND: i64 = 1;
/// Recipient status: sending.
pub const R_SENDING: i64 = 2;
/// Recipient status: sent.
pub const R_SENT: i64 = 3;
/// Recipient status: delivered.
pub const R_DELIVERED: i64 = 4;
/// Recipient status: read.
pub const R_READ: i64 = 5;
/// Recipient status: read and replied.
pub const R_REPLIED: i64 = 6;
/// Recipient status: read, no reply.
pub const R_NO_REPLY: i64 = 7;
/// Recipient status: send failed, with a `failReasonCode`.
pub const R_FAILED: i64 = -1;

/// Documented limit of targets per task.
/// Not the gateway's `MAX_RECIPIENTS` on purpose: the simulator is an independent oracle.
pub const MAX_TARGETS: usize = 5000;
/// Documented limit of one text content, in characters.
pub const MAX_TEXT_CHARS: usize = 1024;
/// Documented content types.
pub(super) const CONTENT_TYPES: [i64; 8] = [1, 2, 3, 4, 5, 6, 10, 11];

/// Failure codes the simulator uses.
pub const STOPPED_MANUALLY: i64 = 707;
/// 900, pending send timeout: recipients not yet sent when the task's end time passes.
pub const PENDING_SEND_TIMEOUT: i64 = 900;
/// Failures at the sending stage, by channel and target kind: codes of the document's tables
/// that can happen to one message (not 707 stop / 702 recycled, which are task events).
const MOBILE_FAILURES: [i64; 14] = [
    700, 701, 703, 705, 709, 710, 712, 713, 715, 716, 718, 721, 723, 999,
];
const MOBILE_GROUP_FAILURES: [i64; 8] = [700, 701, 703, 705, 713, 716, 718, 999];
const PC_FAILURES: [i64; 10] = [802, 804, 805, 806, 809, 811, 813, 820, 821, 999];
const PC_GROUP_FAILURES: [i64; 8] = [802, 808, 811, 814, 815, 816, 822, 999];

/// The failure codes a message can draw, by its channel (sendType 2 mobile, else PC or cloud PC)
/// and target kind.
pub(super) fn failure_codes(send_type: i64, group: bool) -> &'static [i64] {
    match (send_type, group) {
        (2, false) => &MOBILE_FAILURES,
        (2, true) => &MOBILE_GROUP_FAILURES,
        (_, false) => &PC_FAILURES,
        (_, true) => &PC_GROUP_FAILURES,
    }
}
