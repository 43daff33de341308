//! Mass-dispatch tasks (endpoints 1-12) and their three webhooks GS_V3_SYNC_TASK_STATUS,
//! GS_V3_SYNC_TASK_DETAIL_STATUS and GS_V3_REPLY_MESSAGE.
//!
//! A task is a list of recipients (one per sender/target pair) that the clock moves through the
//! documented statuses. Every random outcome (failure and its code, reply, pace, reply content)
//! is drawn when the task is created, never while ticking, from a stream split off the world's
//! rng at its seed state (`task_rng`), so the same seed and the same task requests give the same
//! outcomes however the ticks fall and whatever the other areas draw.
//!
//! Requests are read by the documents' field names (see `request`), not with the gateway's types.
//!
//! Choices where the documents are silent:
//! * Task ids are numeric strings counting up from a seeded six-digit start (the mmCreate example
//!   answers "278881"), so that the batch endpoints' numeric arrays (`[12, 13, 14]`) address them.
//! * A start time in the past (every example's is) means "now". An end time must lie in the
//!   future and after the start ("Scheduled end time; future time").
//! * Senders of the assign modes are taken as given, whatever their account state: the platform
//!   accepts the task and would fail at sending time; the simulator does not model that link.
//!   Unassigned modes spread targets round-robin over the online accounts, from a seeded offset;
//!   with none online the create is refused with envelope code 400.
//! * Group targets (targetType 2) are any non-blank id; individual targets must be phones.
//! * Message variables are refused for group targets ("group mass dispatch does not support
//!   message variables", stated under comoCreate; applied to every mode).
//! * The transId of a recipient's detail infos is the first non-blank transId of its content.
//! * Recipients are created at status 0 without a webhook (creation is not a status change).
//! * Pause holds recipients that are not yet sending (0, 1); messages already sending, and the
//!   receipts and replies of sent ones, still arrive. Stop fails recipients not yet sent (0-2)
//!   with 707 "Stopped manually" (the only documented "stopped" code, used for every sendType);
//!   an end time reached first fails them with 900 "Pending send timeout".
//! * batchStart/batchPause/batchStop ignore tasks whose status the operation does not apply to
//!   (e.g. pausing a completed task); unknown ids fail the whole call with 404.
//! * Every delivered individual message is read; the reader replies with probability reply_rate
//!   (6), else the recipient ends at 7. Groups end at 3 (no receipts).
//! * noAssign/comoCreate resolves its audience from a hash of the conditions (same conditions,
//!   same 10-20 targets): phones for individuals, "120363" + 12 digits + "@g.us" for groups.
//!   Automated behaviours are validated but not run (the simulator keeps no customer CRM).
//! * The reply webhook's userId is a fixed tenant user "10001"; serialNumber is "" or a number.
//! * Task status webhooks: "1" on creation (the documented example), then every change.
//!   Resuming a paused task goes back to 1 (start time not reached), 3 (dispatching had begun)
//!   or 2. A paused task whose recipients all reach a final status completes (5).
//! * Failure codes are drawn from the table for the channel (700s mobile, 800s PC and cloud PC,
//!   plus 999), the group-specific 80x/81x codes only for groups.
//! * The PC app's "text and images only" is not enforced: the examples send links with sendType 1.
//! * 1024 characters are counted as Unicode characters, not bytes.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Value};

use super::answer::{Answer, PlatformError};
use super::http::{Handler, SimRoute};
use super::request::{phone, Params};
use super::rng::Rng;
use super::world::World;
use crate::upstream::Method;
use crate::wire::webhook::WebhookKind;

/// Task statuses.
pub const PENDING_START: i64 = 1;
pub const PENDING_SEND: i64 = 2;
pub const DISPATCHING: i64 = 3;
pub const STOPPED: i64 = 4;
pub const COMPLETED: i64 = 5;
pub const PAUSED: i64 = 6;

/// Recipient statuses.
pub const R_PENDING_DISPATCH: i64 = 0;
pub const R_PENDING_SEND: i64 = 1;
pub const R_SENDING: i64 = 2;
pub const R_SENT: i64 = 3;
pub const R_DELIVERED: i64 = 4;
pub const R_READ: i64 = 5;
pub const R_REPLIED: i64 = 6;
pub const R_NO_REPLY: i64 = 7;
pub const R_FAILED: i64 = -1;

/// Documented limits.
pub const MAX_TARGETS: usize = 5000;
pub const MAX_TEXT_CHARS: usize = 1024;
const CONTENT_TYPES: [i64; 8] = [1, 2, 3, 4, 5, 6, 10, 11];

/// Failure codes the simulator uses.
pub const STOPPED_MANUALLY: i64 = 707;
pub const PENDING_SEND_TIMEOUT: i64 = 900;
/// Failures at the sending stage, by channel and target kind: codes of the document's tables
/// that can happen to one message (not 707 stop / 702 recycled, which are task events).
const MOBILE_FAILURES: [i64; 14] = [
    700, 701, 703, 705, 709, 710, 712, 713, 715, 716, 718, 721, 723, 999,
];
const MOBILE_GROUP_FAILURES: [i64; 8] = [700, 701, 703, 705, 713, 716, 718, 999];
const PC_FAILURES: [i64; 10] = [802, 804, 805, 806, 809, 811, 813, 820, 821, 999];
const PC_GROUP_FAILURES: [i64; 8] = [802, 808, 811, 814, 815, 816, 822, 999];

/// Timing at speed 1.0: recipients enter dispatch 5 ms apart and each stage takes about 60 ms,
/// so 100 recipients finish in about a second.
const STAGE_MS: f64 = 60.0;
const STAGGER_MS: f64 = 5.0;
/// The documents give no limit per detail webhook; 500 infos keeps bodies moderate.
const MAX_INFOS_PER_WEBHOOK: usize = 500;
const USER_ID: &str = "10001";

type Webhooks = Vec<(WebhookKind, Value)>;

#[derive(Debug, Default)]
pub struct State {
    tasks: BTreeMap<String, Task>,
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

/// What a recipient will do, decided at creation.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Fate {
    /// Fails at the sending stage with this code.
    Fail(i64),
    /// Sent; for individuals read and replied.
    Reply,
    /// Sent; for individuals read without reply.
    Silent,
}

#[derive(Debug)]
struct Recipient {
    info_id: i64,
    sender: String,
    friend: String,
    trans_id: Option<String>,
    status: i64,
    /// When the status last changed (epoch ms).
    changed_ms: i64,
    /// When the next stage is due; None when final or held.
    next_ms: Option<i64>,
    fail_code: Option<i64>,
    fate: Fate,
    /// Receipt pace factor (delivery, read, reply take `pace` stages).
    pace: f64,
    /// Seeds the reply's content.
    seed: u64,
}

impl Recipient {
    fn is_final(&self, group: bool) -> bool {
        matches!(self.status, R_FAILED | R_REPLIED | R_NO_REPLY) || (group && self.status == R_SENT)
    }

    /// Not yet sending: held by a pause, failed by a stop.
    fn is_waiting(&self) -> bool {
        matches!(self.status, R_PENDING_DISPATCH | R_PENDING_SEND)
    }

    fn info(&self) -> Value {
        json!({
            "senderWhatsApp": self.sender,
            "friendWhatsApp": self.friend,
            "time": self.changed_ms,
            "status": self.status,
            "infoId": self.info_id,
            "failReasonCode": self.fail_code,
            "transId": self.trans_id,
        })
    }

    /// Takes the stage due at `at`.
    fn step(&mut self, at: i64, group: bool, stage: i64) {
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

    /// The GS_V3_REPLY_MESSAGE body of this recipient's reply, from its own seed.
    fn reply(&self, task_id: &str) -> Value {
        const TEXTS: [&str; 6] = [
            "Hi, is this offer still available?",
            "How much is it?",
            "Thanks, I will check it out.",
            "Please send me more details.",
            "Where is your shop?",
            "Not interested, thank you.",
        ];
        const MEDIA: [(i64, &str, &str); 4] = [
            (2, "image/jpeg", "jpg"),
            (3, "audio/ogg", "ogg"),
            (4, "application/pdf", "pdf"),
            (5, "video/mp4", "mp4"),
        ];
        let mut rng = Rng::new(self.seed);
        let serial_number = if rng.chance(0.5) {
            json!("")
        } else {
            json!(1 + rng.below(100_000))
        };
        let items = 1 + rng.below(2);
        let content: Vec<Value> = (0..items)
            .map(|_| {
                let message_id = format!("3EB0{:016X}", rng.next_u64());
                if rng.chance(0.7) {
                    json!({"type": 1, "text": rng.pick(&TEXTS), "messageId": message_id, "time": self.changed_ms})
                } else {
                    let (kind, mime_type, ext) = *rng.pick(&MEDIA);
                    let file = rng.hex_id();
                    json!({
                        "type": kind,
                        "url": {
                            "filename": file,
                            "url": format!("https://media.sim.invalid/reply/{file}.{ext}"),
                            "mimeType": mime_type,
                            "caption": "",
                        },
                        "messageId": message_id,
                        "time": self.changed_ms,
                    })
                }
            })
            .collect();
        json!({
            "userId": USER_ID,
            "serialNumber": serial_number,
            "whatsApp": self.sender,
            "friendWhatsApp": self.friend,
            "taskId": task_id,
            "taskInfoId": self.info_id.to_string(),
            "content": content,
        })
    }
}

#[derive(Debug)]
struct Task {
    id: String,
    status: i64,
    group: bool,
    start_ms: i64,
    end_ms: Option<i64>,
    /// When a task pending send (2) starts dispatching (3).
    dispatch_from: i64,
    recipients: Vec<Recipient>,
    /// Earliest recipient stage due (i64::MAX when none).
    next_due: i64,
}

impl Task {
    fn set_status(&mut self, status: i64, out: &mut Webhooks) {
        if self.status != status {
            self.status = status;
            out.push((
                WebhookKind::TaskStatus,
                json!({"taskId": self.id, "status": status.to_string()}),
            ));
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
            infos.push(recipient.info());
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
                infos.push(recipient.info());
                if recipient.status == R_REPLIED {
                    out.push((WebhookKind::ReplyMessage, recipient.reply(&self.id)));
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
        out.extend(detail_webhooks(&self.id, infos));
        out.extend(replies);
        if matches!(self.status, DISPATCHING | PAUSED) && self.all_final() {
            self.set_status(COMPLETED, out);
        }
    }
}

fn detail_webhooks(task_id: &str, infos: Vec<Value>) -> Webhooks {
    infos
        .chunks(MAX_INFOS_PER_WEBHOOK)
        .map(|chunk| {
            let body = json!({"groupSendInfoStatusList": [{"taskId": task_id, "info": chunk}]});
            (WebhookKind::TaskDetailStatus, body)
        })
        .collect()
}

fn emit_all(world: &mut World, out: Webhooks) {
    for (kind, body) in out {
        world.emit(kind, body);
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
fn task_rng(world: &mut World) -> &mut Rng {
    let world_rng = &world.rng;
    world
        .tasks
        .rng
        .get_or_insert_with(|| Rng::new(world_rng.clone().next_u64() ^ 0x7A5C_0DE5_F00D_BEEF))
}

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
    emit_all(world, out);
}

fn post(path: &'static str, handler: Handler) -> SimRoute {
    SimRoute {
        method: Method::Post,
        path,
        handler,
    }
}

pub fn routes() -> Vec<SimRoute> {
    vec![
        post(
            "/group-dispatch-api/gsTask/assign/soCreate",
            assign_so_create,
        ),
        post(
            "/group-dispatch-api/gsTask/assign/moscCreate",
            assign_mosc_create,
        ),
        post(
            "/group-dispatch-api/gsTask/assign/modcCreate",
            assign_modc_create,
        ),
        post(
            "/group-dispatch-api/gsTask/assign/mmCreate",
            assign_mm_create,
        ),
        post(
            "/group-dispatch-api/gsTask/assign/groupCreate",
            assign_group_create,
        ),
        post(
            "/group-dispatch-api/gsTask/noAssign/soCreate",
            no_assign_so_create,
        ),
        post(
            "/group-dispatch-api/gsTask/noAssign/moCreate",
            no_assign_mo_create,
        ),
        post(
            "/group-dispatch-api/gsTask/noAssign/comoCreate",
            no_assign_como_create,
        ),
        SimRoute {
            method: Method::Get,
            path: "/group-dispatch-api/gsTask/queryExecuteStatus",
            handler: query_execute_status,
        },
        post("/group-dispatch-api/gsTask/batchStart", batch_start),
        post("/group-dispatch-api/gsTask/batchPause", batch_pause),
        post("/group-dispatch-api/gsTask/batchStop", batch_stop),
    ]
}

// ---- creating ----

/// The fields every create mode shares.
struct Spec {
    start_ms: i64,
    end_ms: Option<i64>,
    send_type: i64,
    group: bool,
}

/// One recipient to be: sender, target and the transId of its content.
struct Target {
    sender: String,
    friend: String,
    trans_id: Option<String>,
}

/// Prefixes a nested field's error with where it sits, e.g. "content[2].url is required".
fn within(at: &str, error: PlatformError) -> PlatformError {
    PlatformError {
        code: error.code,
        message: format!("{at}.{}", error.message),
    }
}

fn time_field(
    world: &World,
    field: &str,
    text: Option<String>,
) -> Result<Option<i64>, PlatformError> {
    text.map(|text| {
        world.parse_local(&text).ok_or_else(|| {
            PlatformError::invalid(format!(
                "{field} {text:?} is not a time YYYY-MM-DD HH:MM:SS"
            ))
        })
    })
    .transpose()
}

fn spec(world: &World, p: &Params, send_types: &[i64]) -> Result<Spec, PlatformError> {
    let group = p.code("targetType", &[1, 2])? == 2;
    let send_type = p.opt_code("sendType", send_types)?.unwrap_or(1);
    // comoCreate's second example names the start time `startTime`.
    let (start_field, start) = match p.opt_str("startTaskTime") {
        Some(text) => ("startTaskTime", Some(text)),
        None => ("startTime", p.opt_str("startTime")),
    };
    let start_ms = time_field(world, start_field, start)?
        .unwrap_or(world.now_ms)
        .max(world.now_ms);
    let end_ms = time_field(world, "endTaskTime", p.opt_str("endTaskTime"))?;
    if let Some(end) = end_ms {
        if end <= start_ms {
            return Err(PlatformError::invalid(
                "endTaskTime must be a future time, after startTaskTime",
            ));
        }
    }
    Ok(Spec {
        start_ms,
        end_ms,
        send_type,
        group,
    })
}

/// Validates a content list; answers the transId its recipients report.
fn contents(p: &Params, field: &str, group: bool) -> Result<Option<String>, PlatformError> {
    let items = p.objects(field)?;
    if items.is_empty() {
        return Err(PlatformError::invalid(format!(
            "{field} is required (a non-empty list)"
        )));
    }
    let mut trans_id = None;
    for (i, item) in items.iter().enumerate() {
        let at = format!("{field}[{i}]");
        content_item(item, group).map_err(|error| within(&at, error))?;
        trans_id = trans_id.or_else(|| item.opt_str("transId"));
    }
    Ok(trans_id)
}

fn content_item(item: &Params, group: bool) -> Result<(), PlatformError> {
    let kind = item.code("type", &CONTENT_TYPES)?;
    if let Some(text) = item.get("text").as_str() {
        let chars = text.chars().count();
        if chars > MAX_TEXT_CHARS {
            return Err(PlatformError::invalid(format!(
                "text has {chars} characters; at most {MAX_TEXT_CHARS}"
            )));
        }
    }
    item.opt_int("sort")?;
    // adsTemplateId overrides the card's fields; it must still be an integer when present.
    let ads_template = item.opt_int("adsTemplateId")?;
    match kind {
        1 => {
            item.str("text")?;
        }
        2..=5 => {
            item.str("url").map_err(|_| {
                PlatformError::invalid(format!("url is required for content type {kind}"))
            })?;
        }
        10 if ads_template.is_none() && item.opt_str("link").is_none() => {
            return Err(PlatformError::invalid(
                "adsTemplateId or link is required for a contact card link (10)",
            ));
        }
        11 => {
            let route_type = item.code("routeType", &[1, 2, 3])?;
            let routes = item.str_list("routeList");
            if routes.is_empty() {
                return Err(PlatformError::invalid(
                    "routeList is required for a routing link (11)",
                ));
            }
            if route_type == 3 {
                for route in &routes {
                    phone("routeList", route)?;
                }
            }
        }
        _ => {}
    }
    let variables = item.objects("variableFields")?;
    if group && !variables.is_empty() {
        return Err(PlatformError::invalid(
            "variableFields: group mass dispatch does not support message variables",
        ));
    }
    for (i, variable) in variables.iter().enumerate() {
        let at = format!("variableFields[{i}]");
        variable.code("type", &[1, 2]).map_err(|e| within(&at, e))?;
        variable.str("name").map_err(|e| within(&at, e))?;
    }
    Ok(())
}

fn check_count(count: usize) -> Result<(), PlatformError> {
    if count > MAX_TARGETS {
        return Err(PlatformError::invalid(format!(
            "a task has at most {MAX_TARGETS} targets; got {count}"
        )));
    }
    Ok(())
}

/// A target: a phone for individuals, any non-blank id for groups.
fn friend(field: &str, text: &str, group: bool) -> Result<String, PlatformError> {
    if group {
        Ok(text.to_owned())
    } else {
        phone(field, text)
    }
}

/// A required list of targets, checked.
fn friends(field: &str, list: Vec<String>, group: bool) -> Result<Vec<String>, PlatformError> {
    if list.is_empty() {
        return Err(PlatformError::invalid(format!(
            "{field} is required (a non-empty list)"
        )));
    }
    check_count(list.len())?;
    list.iter().map(|text| friend(field, text, group)).collect()
}

/// Pairs targets with senders round-robin, starting at `offset`.
fn round_robin(
    senders: &[String],
    friends: Vec<String>,
    offset: usize,
    trans_id: Option<String>,
) -> Vec<Target> {
    friends
        .into_iter()
        .enumerate()
        .map(|(i, friend)| Target {
            sender: senders[(offset + i) % senders.len()].clone(),
            friend,
            trans_id: trans_id.clone(),
        })
        .collect()
}

/// Senders for the unassigned modes, and a seeded offset to start the round-robin at.
fn online_senders(world: &mut World) -> Result<(Vec<String>, usize), PlatformError> {
    let online = world.accounts.online_phones();
    if online.is_empty() {
        return Err(PlatformError::invalid(
            "no customer service account is online to send the task",
        ));
    }
    let offset = task_rng(world).below(online.len() as u64) as usize;
    Ok((online, offset))
}

fn create(world: &mut World, spec: Spec, targets: Vec<Target>) -> Answer {
    check_count(targets.len())?;
    if targets.is_empty() {
        return Err(PlatformError::invalid("the task has no targets"));
    }
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
    let failures: &[i64] = match (spec.send_type, spec.group) {
        (2, false) => &MOBILE_FAILURES,
        (2, true) => &MOBILE_GROUP_FAILURES,
        (_, false) => &PC_FAILURES,
        (_, true) => &PC_GROUP_FAILURES,
    };
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
    world.emit(
        WebhookKind::TaskStatus,
        json!({"taskId": id, "status": PENDING_START.to_string()}),
    );
    // Move it on at once if it starts now, so a query right after creating sees it running.
    tick(world);
    Ok(json!({"taskId": id}))
}

/// 1: one specified sender, one target; the only mode with sendType 3 (cloud PC).
fn assign_so_create(world: &mut World, p: &Params) -> Answer {
    let spec = spec(world, p, &[1, 2, 3])?;
    let trans_id = contents(p, "content", spec.group)?;
    let sender = phone("sendWhatsApp", &p.str("sendWhatsApp")?)?;
    let friend = friend("friendWhatsApp", &p.str("friendWhatsApp")?, spec.group)?;
    create(
        world,
        spec,
        vec![Target {
            sender,
            friend,
            trans_id,
        }],
    )
}

/// sendInfos' pairs; `own_content`: each pair carries its content (modcCreate), else the shared
/// top-level content applies (moscCreate).
fn send_infos(p: &Params, group: bool, own_content: bool) -> Result<Vec<Target>, PlatformError> {
    let shared = if own_content {
        None
    } else {
        contents(p, "content", group)?
    };
    let infos = p.objects("sendInfos")?;
    if infos.is_empty() {
        return Err(PlatformError::invalid(
            "sendInfos is required (a non-empty list)",
        ));
    }
    check_count(infos.len())?;
    infos
        .iter()
        .enumerate()
        .map(|(i, info)| {
            let at = format!("sendInfos[{i}]");
            let read = || -> Result<Target, PlatformError> {
                let sender = phone("sendWhatsApp", &info.str("sendWhatsApp")?)?;
                let friend = friend("friendWhatsApp", &info.str("friendWhatsApp")?, group)?;
                let trans_id = if own_content {
                    contents(info, "content", group)?
                } else {
                    shared.clone()
                };
                Ok(Target {
                    sender,
                    friend,
                    trans_id,
                })
            };
            read().map_err(|error| within(&at, error))
        })
        .collect()
}

/// 2: specified sender/target pairs, shared content.
fn assign_mosc_create(world: &mut World, p: &Params) -> Answer {
    let spec = spec(world, p, &[1, 2])?;
    let targets = send_infos(p, spec.group, false)?;
    create(world, spec, targets)
}

/// 3: specified sender/target pairs, each with its own content.
fn assign_modc_create(world: &mut World, p: &Params) -> Answer {
    let spec = spec(world, p, &[1, 2])?;
    let targets = send_infos(p, spec.group, true)?;
    create(world, spec, targets)
}

/// 4: a pool of senders and a list of targets, not bound: targets go round-robin over the pool.
fn assign_mm_create(world: &mut World, p: &Params) -> Answer {
    let spec = spec(world, p, &[1, 2])?;
    let trans_id = contents(p, "content", spec.group)?;
    let senders = p.str_list("sendWhatsAppList");
    if senders.is_empty() {
        return Err(PlatformError::invalid(
            "sendWhatsAppList is required (a non-empty list)",
        ));
    }
    let senders = senders
        .iter()
        .map(|s| phone("sendWhatsAppList", s))
        .collect::<Result<Vec<_>, _>>()?;
    let friends = friends(
        "friendWhatsAppList",
        p.str_list("friendWhatsAppList"),
        spec.group,
    )?;
    create(world, spec, round_robin(&senders, friends, 0, trans_id))
}

/// 5: the members of an audience group send, round-robin. The table names the targets
/// `friendWhatsAppList`, the example `friendWhatsApp`: both are read.
fn assign_group_create(world: &mut World, p: &Params) -> Answer {
    let spec = spec(world, p, &[1, 2])?;
    let trans_id = contents(p, "content", spec.group)?;
    let group_id = p.int("whatsappGroupId")?;
    let (field, list) = match p.str_list("friendWhatsAppList") {
        list if !list.is_empty() => ("friendWhatsAppList", list),
        _ => ("friendWhatsApp", p.str_list("friendWhatsApp")),
    };
    if list.is_empty() {
        return Err(PlatformError::invalid(
            "friendWhatsAppList is required (a non-empty list)",
        ));
    }
    let friends = friends(field, list, spec.group)?;
    let members = world.accounts.audience_members(group_id).ok_or_else(|| {
        PlatformError::not_found(format!(
            "whatsappGroupId {group_id}: no such audience group"
        ))
    })?;
    if members.is_empty() {
        return Err(PlatformError::invalid(format!(
            "whatsappGroupId {group_id}: the audience group has no accounts"
        )));
    }
    create(world, spec, round_robin(&members, friends, 0, trans_id))
}

/// 6: one target, the platform picks the sender among the online accounts.
fn no_assign_so_create(world: &mut World, p: &Params) -> Answer {
    let spec = spec(world, p, &[1, 2])?;
    let trans_id = contents(p, "content", spec.group)?;
    let list = p.str_list("friendWhatsApp");
    if list.len() > 1 {
        return Err(PlatformError::invalid(
            "friendWhatsApp: this mode sends to a single target",
        ));
    }
    let friends = friends("friendWhatsApp", list, spec.group)?;
    let (senders, offset) = online_senders(world)?;
    create(
        world,
        spec,
        round_robin(&senders, friends, offset, trans_id),
    )
}

/// 7: several targets (`friendWhatsApp` is a list here), senders among the online accounts.
fn no_assign_mo_create(world: &mut World, p: &Params) -> Answer {
    let spec = spec(world, p, &[1, 2])?;
    let trans_id = contents(p, "content", spec.group)?;
    let friends = friends("friendWhatsApp", p.str_list("friendWhatsApp"), spec.group)?;
    let (senders, offset) = online_senders(world)?;
    create(
        world,
        spec,
        round_robin(&senders, friends, offset, trans_id),
    )
}

/// 8: targets resolved from audience conditions, senders among the online accounts.
fn no_assign_como_create(world: &mut World, p: &Params) -> Answer {
    let spec = spec(world, p, &[1, 2])?;
    let trans_id = contents(p, "content", spec.group)?;
    // The table requires both condition fields, but each example gives only one: one suffices.
    let conditions = p.objects("targetAudienceCondition")?;
    for (i, condition) in conditions.iter().enumerate() {
        audience_condition(condition)
            .map_err(|e| within(&format!("targetAudienceCondition[{i}]"), e))?;
    }
    let on_group = p.object("targetAudienceConditionOnGroup");
    if conditions.is_empty() && on_group.is_none() {
        return Err(PlatformError::invalid(
            "targetAudienceCondition or targetAudienceConditionOnGroup is required",
        ));
    }
    // The table names it automatedBehavior, the second example automatedBehaviorDTOS.
    let mut field = "automatedBehavior";
    let mut behaviours = p.objects(field)?;
    if behaviours.is_empty() {
        field = "automatedBehaviorDTOS";
        behaviours = p.objects(field)?;
    }
    for (i, behaviour) in behaviours.iter().enumerate() {
        automated_behaviour(behaviour).map_err(|e| within(&format!("{field}[{i}]"), e))?;
    }
    let key = json!([
        p.get("targetAudienceCondition"),
        p.get("targetAudienceConditionOnGroup"),
        spec.group
    ]);
    let friends = audience(&key.to_string(), spec.group);
    let (senders, offset) = online_senders(world)?;
    create(
        world,
        spec,
        round_robin(&senders, friends, offset, trans_id),
    )
}

fn audience_condition(condition: &Params) -> Result<(), PlatformError> {
    condition.code("type", &[1, 2])?;
    condition.str("name")?;
    if condition.opt_code("opsType", &[1, 2, 3, 4])? == Some(4) {
        condition.str("rangeValueStart")?;
        condition.str("rangeValueEnd")?;
    }
    Ok(())
}

fn automated_behaviour(behaviour: &Params) -> Result<(), PlatformError> {
    behaviour.code("eventType", &[1, 2])?;
    behaviour.code("actionType", &[1, 2])?;
    behaviour.code("opsType", &[1, 2, 3])?;
    behaviour.opt_int("customerStageValue")?;
    Ok(())
}

/// The audience a condition set selects: 10-20 targets derived from a hash of the conditions.
fn audience(key: &str, group: bool) -> Vec<String> {
    // FNV-1a: stable across runs and platforms, unlike std's hasher.
    let hash = key.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    });
    let mut rng = Rng::new(hash);
    let count = 10 + rng.below(11);
    (0..count)
        .map(|_| {
            if group {
                format!("120363{:012}@g.us", rng.below(1_000_000_000_000))
            } else {
                let country = *rng.pick(&["62", "91", "55", "52", "234", "63"]);
                let digits = 12 - country.len() as u32;
                format!(
                    "{country}{:0width$}",
                    rng.below(10u64.pow(digits)),
                    width = digits as usize
                )
            }
        })
        .collect()
}

// ---- querying ----

/// 9: the task's status and every recipient's.
fn query_execute_status(world: &mut World, p: &Params) -> Answer {
    let id = p.str("taskId")?;
    let task = world
        .tasks
        .tasks
        .get(id.trim())
        .ok_or_else(|| PlatformError::not_found(format!("taskId {id}: no such task")))?;
    let info: Vec<Value> = task
        .recipients
        .iter()
        .map(|r| {
            json!({
                "whatsApp": r.sender,
                "friendWhatsApp": r.friend,
                "time": world.local_time(r.changed_ms),
                "status": r.status,
            })
        })
        .collect();
    Ok(json!({"taskId": task.id, "status": task.status, "info": info}))
}

// ---- batch operations ----

/// The task ids of a batch call: the documented bare array, or `{"ids": [...]}` as the table
/// names it; numbers or strings. Unknown ids fail the call before anything changes.
fn batch_ids(world: &World, p: &Params) -> Result<Vec<String>, PlatformError> {
    let items = match p.body() {
        Value::Array(items) => items,
        Value::Object(_) => match p.get("ids") {
            Value::Array(items) => items,
            _ => {
                return Err(PlatformError::invalid(
                    "ids is required (a JSON array of task ids)",
                ))
            }
        },
        _ => {
            return Err(PlatformError::invalid(
                "the body must be a JSON array of task ids",
            ))
        }
    };
    if items.is_empty() {
        return Err(PlatformError::invalid(
            "ids is required (a non-empty array of task ids)",
        ));
    }
    let ids = items
        .iter()
        .map(|item| match item {
            Value::Number(n) => Ok(n.to_string()),
            Value::String(s) if !s.trim().is_empty() => Ok(s.trim().to_owned()),
            other => Err(PlatformError::invalid(format!(
                "ids: {other} is not a task id"
            ))),
        })
        .collect::<Result<Vec<_>, _>>()?;
    let unknown: Vec<&str> = ids
        .iter()
        .filter(|id| !world.tasks.tasks.contains_key(*id))
        .map(String::as_str)
        .collect();
    if !unknown.is_empty() {
        return Err(PlatformError::not_found(format!(
            "no such task: {}",
            unknown.join(", ")
        )));
    }
    Ok(ids)
}

/// Runs `operation` on each listed task and sends the webhooks it produced.
fn batch(
    world: &mut World,
    p: &Params,
    operation: fn(&mut Task, i64, i64, i64, &mut Webhooks),
) -> Answer {
    let ids = batch_ids(world, p)?;
    let now = world.now_ms;
    let (stage, stagger) = stage_ms(world);
    let mut out = Vec::new();
    for id in ids {
        if let Some(task) = world.tasks.tasks.get_mut(&id) {
            operation(task, now, stage, stagger, &mut out);
            if !task.settled() {
                world.tasks.active.insert(id);
            }
        }
    }
    emit_all(world, out);
    Ok(json!(""))
}

/// 10: starts a task pending start at once, or resumes a paused one.
fn batch_start(world: &mut World, p: &Params) -> Answer {
    batch(world, p, |task, now, stage, stagger, out| {
        match task.status {
            PENDING_START => {
                task.start_ms = now;
                task.enter_pending_send(now, stage, stagger, out);
            }
            PAUSED if now < task.start_ms => task.set_status(PENDING_START, out),
            PAUSED
                if task
                    .recipients
                    .iter()
                    .any(|r| r.status != R_PENDING_DISPATCH) =>
            {
                task.set_status(DISPATCHING, out);
                task.schedule_held(now, stagger);
            }
            PAUSED => task.enter_pending_send(now, stage, stagger, out),
            _ => {}
        }
    })
}

/// 11: pauses a task pending start, pending send or dispatching.
fn batch_pause(world: &mut World, p: &Params) -> Answer {
    batch(world, p, |task, _, _, _, out| {
        if matches!(task.status, PENDING_START | PENDING_SEND | DISPATCHING) {
            for recipient in task.recipients.iter_mut().filter(|r| r.is_waiting()) {
                recipient.next_ms = None;
            }
            task.refresh_due();
            task.set_status(PAUSED, out);
        }
    })
}

/// 12: stops a task for good; recipients not yet sent fail with 707.
fn batch_stop(world: &mut World, p: &Params) -> Answer {
    batch(world, p, |task, now, _, _, out| {
        if matches!(
            task.status,
            PENDING_START | PENDING_SEND | DISPATCHING | PAUSED
        ) {
            task.set_status(STOPPED, out);
            let mut infos = Vec::new();
            task.cancel(STOPPED_MANUALLY, now, &mut infos);
            out.extend(detail_webhooks(&task.id, infos));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn audience_is_stable_and_well_formed() {
        let people = audience("[1]", false);
        assert_eq!(people, audience("[1]", false));
        assert!((10..=20).contains(&people.len()));
        assert!(people.iter().all(|p| super::super::request::is_phone(p)));
        let groups = audience("[1]", true);
        assert!(groups
            .iter()
            .all(|g| g.starts_with("120363") && g.ends_with("@g.us") && g.len() == 23));
    }
}
