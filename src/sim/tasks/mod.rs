//! Mass-dispatch tasks (endpoints 1-12) and their three webhooks GS_V3_SYNC_TASK_STATUS,
//! GS_V3_SYNC_TASK_DETAIL_STATUS and GS_V3_REPLY_MESSAGE.
//!
//! A task is a list of recipients (one per sender/target pair) that the clock moves through the
//! documented statuses. Every random outcome (failure and its code, reply, pace, reply content)
//! is drawn when the task is created, never while ticking, from a stream split off the world's
//! rng at its seed state (`task_rng`), so the same seed and the same task requests give the same
//! outcomes however the ticks fall and whatever the other areas draw.
//!
//! Requests are read by the documents' field names (see `read` and `sim::request`), not with
//! the gateway's types.
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
//!
//! The area's files, each importing only those after it: `handlers` (routes and answers),
//! `read` (fields), `state` (the state machine and its clock), `webhooks` (what is sent),
//! `recipient` (one recipient's stages), `codes` (the documented codes and limits).

mod codes;
mod handlers;
mod read;
mod recipient;
mod state;
mod webhooks;

pub use codes::*;
pub use handlers::routes;
pub use state::{tick, State};
