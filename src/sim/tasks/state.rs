//! The tasks' state machine: tasks and their recipients, created with every random outcome
//! drawn at once, moved by the clock (`tick`) and by the batch operations, each change queueing
//! its webhooks in order.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::codes::{
    failure_codes, COMPLETED, DISPATCHING, PAUSED, PENDING_SEND, PENDING_SEND_TIMEOUT,
    PENDING_START, R_FAILED, R_PENDING_DISPATCH, R_REPLIED, R_SENDING, STOPPED, STOPPED_MANUALLY,
};
use super::recipient::{Fate, Recipient};
use super::webhooks::{self, Webhooks};
use crate::sim::rng::Rng;
use crate::sim::world::World;

/// Timing at speed 1.0: recipients enter dispatch 5 ms apart and each stage takes about 60 ms,
/// so 100 recipients finish in about a second.
const STAGE_MS: f64 = 60.0;
const STAGGER_MS: f64 = 5.0;

/// Every task, and what the clock still has to move.
#[derive(Debug, Default)]
pub struct State {
    pub(super) tasks: BTreeMap<String, Task>,
    /// Tasks that still have something to do (not settled).
    active: BTreeSet<String>,
    next_task_id: Option<u64>,
    next_info_id: Option<i64>,
    /// The tasks' own random stream, split off the world's at its seed state (see `task_rng`).
    rng: Option<Rng>,
}

impl State {
    /// A task's status, if it exists.
    pub fn task_status(&self, task_id: &str) -> Option<i64> {
        self.tasks.get(task_id).map(|task| task.status)
    }
}

/// The fields every create mode shares.
pub(super) struct Spec {
    pub(super) start_ms: i64,
    pub(super) end_ms: Option<i64>,
    pub(super) send_type: i64,
    pub(super) group: bool,
}

/// One recipient to be: sender, target and the transId of its content.
pub(super) struct Target {
    pub(super) sender: String,
    pub(super) friend: String,
    pub(super) trans_id: Option<String>,
}

/// One task and its recipients.
#[derive(Debug)]
pub(super) struct Task {
    pub(super) id: String,
    pub(super) status: i64,
    group: bool,
    start_ms: i64,
    end_ms: Option<i64>,
    /// When a task pending send (2) starts dispatching (3).
    dispatch_from: i64,
    pub(super) recipients: Vec<Recipient>,
    /// Earliest recipient stage due (i64::MAX when none).
    next_due: i64,
}

impl Task {
    fn set_status(&mut self, status: i64, out: &mut Webhooks) {
        if self.status != status {
            self.status = status;
            out.push(webhooks::task_status(&self.id, status));
        }
    }

    fn refresh_due(&mut self) {
        self.next_due = self
            .recipients
            .iter()
            .filter_map(|r| r.next_ms)
            .min()
            .unwrap_or(i64::MAX);
    }

    /// Schedules held recipients (not yet sending, nothing due) from `from`, `stagger` apart.
    fn schedule_held(&mut self, from: i64, stagger: i64) {
        let held = self
            .recipients
            .iter_mut()
            .filter(|r| r.is_waiting() && r.next_ms.is_none());
        for (k, recipient) in held.enumerate() {
            recipient.next_ms = Some(from + k as i64 * stagger);
        }
        self.refresh_due();
    }

    fn enter_pending_send(&mut self, at: i64, stage: i64, stagger: i64, out: &mut Webhooks) {
        self.set_status(PENDING_SEND, out);
        self.dispatch_from = at + stage;
        self.schedule_held(self.dispatch_from, stagger);
    }

    /// Fails every recipient not yet sent with `code` at `at`.
    fn cancel(&mut self, code: i64, at: i64, infos: &mut Vec<Value>) {
        for recipient in self
            .recipients
            .iter_mut()
            .filter(|r| (R_PENDING_DISPATCH..=R_SENDING).contains(&r.status))
        {
            recipient.status = R_FAILED;
            recipient.fail_code = Some(code);
            recipient.changed_ms = at;
            recipient.next_ms = None;
            infos.push(webhooks::detail_info(recipient));
        }
        self.refresh_due();
    }

    /// Takes every recipient stage due up to `limit`.
    fn step_recipients(
        &mut self,
        limit: i64,
        stage: i64,
        infos: &mut Vec<Value>,
        out: &mut Webhooks,
    ) {
        if self.next_due > limit {
            return;
        }
        let mut next_due = i64::MAX;
        for recipient in &mut self.recipients {
            while let Some(due) = recipient.next_ms.filter(|due| *due <= limit) {
                recipient.step(due, self.group, stage);
                infos.push(webhooks::detail_info(recipient));
                if recipient.status == R_REPLIED {
                    out.push(webhooks::reply(recipient, &self.id));
                }
            }
            next_due = next_due.min(recipient.next_ms.unwrap_or(i64::MAX));
        }
        self.next_due = next_due;
    }

    fn all_final(&self) -> bool {
        self.recipients.iter().all(|r| r.is_final(self.group))
    }

    /// Nothing left to happen.
    fn settled(&self) -> bool {
        matches!(self.status, STOPPED | COMPLETED) && self.next_due == i64::MAX
    }

    /// Moves the task to `now`, queueing its webhooks in order.
    fn advance(&mut self, now: i64, stage: i64, stagger: i64, out: &mut Webhooks) {
        // Until the end time, everything may happen; after it only sent messages progress.
        let cutoff = self.end_ms.map_or(now, |end| end.min(now));
        if self.status == PENDING_START && self.start_ms <= cutoff {
            self.enter_pending_send(self.start_ms, stage, stagger, out);
        }
        if self.status == PENDING_SEND && self.dispatch_from <= cutoff {
            self.set_status(DISPATCHING, out);
        }
        let mut infos = Vec::new();
        let mut replies = Vec::new();
        self.step_recipients(cutoff, stage, &mut infos, &mut replies);
        if let Some(end) = self.end_ms.filter(|end| *end <= now) {
            if matches!(
                self.status,
                PENDING_START | PENDING_SEND | DISPATCHING | PAUSED
            ) && !self.all_final()
            {
                self.set_status(STOPPED, out);
                self.cancel(PENDING_SEND_TIMEOUT, end, &mut infos);
            }
        }
        self.step_recipients(now, stage, &mut infos, &mut replies);
        out.extend(webhooks::detail_webhooks(&self.id, infos));
        out.extend(replies);
        if matches!(self.status, DISPATCHING | PAUSED) && self.all_final() {
            self.set_status(COMPLETED, out);
        }
    }
    /// Batch start (10): starts a task pending start at once, or resumes a paused one.
    fn start(&mut self, now: i64, stage: i64, stagger: i64, out: &mut Webhooks) {
        match self.status {
            PENDING_START => {
                self.start_ms = now;
                self.enter_pending_send(now, stage, stagger, out);
            }
            PAUSED if now < self.start_ms => self.set_status(PENDING_START, out),
            PAUSED
                if self
                    .recipients
                    .iter()
                    .any(|r| r.status != R_PENDING_DISPATCH) =>
            {
                self.set_status(DISPATCHING, out);
                self.schedule_held(now, stagger);
            }
            PAUSED => self.enter_pending_send(now, stage, stagger, out),
            _ => {}
        }
    }

    /// Batch pause (11): pauses a task pending start, pending send or dispatching.
    fn pause(&mut self, out: &mut Webhooks) {
        if matches!(self.status, PENDING_START | PENDING_SEND | DISPATCHING) {
            for recipient in self.recipients.iter_mut().filter(|r| r.is_waiting()) {
                recipient.next_ms = None;
            }
            self.refresh_due();
            self.set_status(PAUSED, out);
        }
    }

    /// Batch stop (12): stops a task for good; recipients not yet sent fail with 707.
    fn stop(&mut self, now: i64, out: &mut Webhooks) {
        if matches!(
            self.status,
            PENDING_START | PENDING_SEND | DISPATCHING | PAUSED
        ) {
            self.set_status(STOPPED, out);
            let mut infos = Vec::new();
            self.cancel(STOPPED_MANUALLY, now, &mut infos);
            out.extend(webhooks::detail_webhooks(&self.id, infos));
        }
    }
}

fn stage_ms(world: &World) -> (i64, i64) {
    (
        world.scaled_ms(STAGE_MS).max(1),
        world.scaled_ms(STAGGER_MS).max(0),
    )
}

/// The tasks' random stream. It is derived from the world's rng in its seed state (the first
/// tick, which runs before any request, takes it, without consuming a draw), so task outcomes
/// depend only on the seed and the task requests, not on when other areas draw from the world's.
pub(super) fn task_rng(world: &mut World) -> &mut Rng {
    let world_rng = &world.rng;
    world
        .tasks
        .rng
        .get_or_insert_with(|| Rng::new(world_rng.clone().next_u64() ^ 0x7A5C_0DE5_F00D_BEEF))
}

/// Moves every active task to `world.now_ms`.
pub fn tick(world: &mut World) {
    task_rng(world);
    let now = world.now_ms;
    let (stage, stagger) = stage_ms(world);
    let mut out = Vec::new();
    let state = &mut world.tasks;
    let mut settled = Vec::new();
    for id in &state.active {
        if let Some(task) = state.tasks.get_mut(id) {
            task.advance(now, stage, stagger, &mut out);
            if task.settled() {
                settled.push(id.clone());
            }
        }
    }
    for id in settled {
        state.active.remove(&id);
    }
    webhooks::emit_all(world, out);
}

/// Creates a task of `targets` (checked by the caller: one at least, at most `MAX_TARGETS`),
/// drawing every recipient's outcome now; returns the task's id.
pub(super) fn create(world: &mut World, spec: Spec, targets: Vec<Target>) -> String {
    let now = world.now_ms;
    task_rng(world);
    let state = &mut world.tasks;
    let rng = state.rng.as_mut().expect("task_rng set it");
    let next = state
        .next_task_id
        .get_or_insert_with(|| 200_000 + rng.below(700_000));
    let id = next.to_string();
    *next += 1;
    let first_info = *state
        .next_info_id
        .get_or_insert_with(|| 1_000 + rng.below(9_000) as i64);
    let failures = failure_codes(spec.send_type, spec.group);
    let knobs = world.knobs.clone();
    let recipients: Vec<Recipient> = targets
        .into_iter()
        .enumerate()
        .map(|(i, target)| {
            let fate = if rng.chance(knobs.failure_rate) {
                Fate::Fail(*rng.pick(failures))
            } else if !spec.group && rng.chance(knobs.reply_rate) {
                Fate::Reply
            } else {
                Fate::Silent
            };
            Recipient {
                info_id: first_info + i as i64,
                sender: target.sender,
                friend: target.friend,
                trans_id: target.trans_id,
                status: R_PENDING_DISPATCH,
                changed_ms: now,
                next_ms: None,
                fail_code: None,
                fate,
                pace: 0.75 + rng.unit() * 0.5,
                seed: rng.next_u64(),
            }
        })
        .collect();
    world.tasks.next_info_id = Some(first_info + recipients.len() as i64);
    let task = Task {
        id: id.clone(),
        status: PENDING_START,
        group: spec.group,
        start_ms: spec.start_ms,
        end_ms: spec.end_ms,
        dispatch_from: spec.start_ms,
        recipients,
        next_due: i64::MAX,
    };
    world.tasks.tasks.insert(id.clone(), task);
    world.tasks.active.insert(id.clone());
    // The task is created pending start; the documented example of the status webhook is "1".
    let (kind, body) = webhooks::task_status(&id, PENDING_START);
    world.emit(kind, body);
    // Move it on at once if it starts now, so a query right after creating sees it running.
    tick(world);
    id
}

/// A batch operation on tasks (endpoints 10-12).
#[derive(Debug, Clone, Copy)]
pub(super) enum Batch {
    Start,
    Pause,
    Stop,
}

/// Runs `operation` on each listed task that exists and sends the webhooks it produced.
pub(super) fn batch(world: &mut World, ids: Vec<String>, operation: Batch) {
    let now = world.now_ms;
    let (stage, stagger) = stage_ms(world);
    let mut out = Vec::new();
    for id in ids {
        if let Some(task) = world.tasks.tasks.get_mut(&id) {
            match operation {
                Batch::Start => task.start(now, stage, stagger, &mut out),
                Batch::Pause => task.pause(&mut out),
                Batch::Stop => task.stop(now, &mut out),
            }
            if !task.settled() {
                world.tasks.active.insert(id);
            }
        }
    }
    webhooks::emit_all(world, out);
}
