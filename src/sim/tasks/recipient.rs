//! One recipient of a task: what it will do, drawn when the task is created, and the stages
//! the clock takes it through.

use super::codes::{
    R_DELIVERED, R_FAILED, R_NO_REPLY, R_PENDING_DISPATCH, R_PENDING_SEND, R_READ, R_REPLIED,
    R_SENDING, R_SENT,
};

/// What a recipient will do, decided at creation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Fate {
    /// Fails at the sending stage with this code.
    Fail(i64),
    /// Sent; for individuals read and replied.
    Reply,
    /// Sent; for individuals read without reply.
    Silent,
}

/// One sender/target pair of a task.
#[derive(Debug)]
pub(super) struct Recipient {
    pub(super) info_id: i64,
    pub(super) sender: String,
    pub(super) friend: String,
    pub(super) trans_id: Option<String>,
    pub(super) status: i64,
    /// When the status last changed (epoch ms).
    pub(super) changed_ms: i64,
    /// When the next stage is due; None when final or held.
    pub(super) next_ms: Option<i64>,
    pub(super) fail_code: Option<i64>,
    pub(super) fate: Fate,
    /// Receipt pace factor (delivery, read, reply take `pace` stages).
    pub(super) pace: f64,
    /// Seeds the reply's content.
    pub(super) seed: u64,
}

impl Recipient {
    pub(super) fn is_final(&self, group: bool) -> bool {
        matches!(self.status, R_FAILED | R_REPLIED | R_NO_REPLY) || (group && self.status == R_SENT)
    }

    /// Not yet sending: held by a pause, failed by a stop.
    pub(super) fn is_waiting(&self) -> bool {
        matches!(self.status, R_PENDING_DISPATCH | R_PENDING_SEND)
    }

    /// Takes the stage due at `at`.
    pub(super) fn step(&mut self, at: i64, group: bool, stage: i64) {
        let status = match (self.status, self.fate) {
            (R_PENDING_DISPATCH, _) => R_PENDING_SEND,
            (R_PENDING_SEND, _) => R_SENDING,
            (R_SENDING, Fate::Fail(code)) => {
                self.fail_code = Some(code);
                R_FAILED
            }
            (R_SENDING, _) => R_SENT,
            (R_SENT, _) => R_DELIVERED,
            (R_DELIVERED, _) => R_READ,
            (R_READ, Fate::Reply) => R_REPLIED,
            (R_READ, _) => R_NO_REPLY,
            _ => {
                self.next_ms = None;
                return;
            }
        };
        self.status = status;
        self.changed_ms = at;
        self.next_ms = if self.is_final(group) {
            None
        } else if status >= R_SENT {
            Some(at + ((stage as f64) * self.pace).round().max(1.0) as i64)
        } else {
            Some(at + stage)
        };
    }
}
