//! Cloud ports, QR code and pair-code login, contacts, profiles, PC QR scan tasks
//! (endpoints 24-39) and their webhooks WA_SYNC_QR_LOGIN_STATUS and SCAN_TASK_STATUS_SYNC.
//!
//! Model. A *login* is one QR code window (`preGenerate`'s hex id): it reserves one cloud port
//! for 10 minutes; issuing a QR or pair code starts a simulated handset scan which, after a
//! short delay, logs the phone in (the port is then occupied until `logOut`) or fails (the port
//! is released, as the document's note says). A PC *scan task* is an agent scanning a QR code
//! with their own handset; when it succeeds it occupies a port like a login whose id is the
//! task id. The account state (online, banned, name, avatar) lives in `accounts`, so a port's
//! status 10/20 is read from its account instead of being kept twice.
//!
//! Where the documents are silent, this simulator chooses (each also noted at its code):
//! * Quota: 5 ports (`DEFAULT_MAX_PORTS`); reserved, scanning and logged-in windows all count.
//! * `preGenerate`: `type` other than 1/2 -> 1003; a `target` that is not a pairing target, or
//!   type 2 (cloud PC) without a `target`, -> 1004 (a cloud PC is paired with a target tenant;
//!   there is no default target); then a full quota -> 1001. Checked in that order.
//! * `getQrCode` without `id` (the table makes it optional) reserves a type-1 window implicitly;
//!   its id reaches the customer through WA_SYNC_QR_LOGIN_STATUS and getQrCodeInfo.
//! * Scan outcome: 1.5 s (scaled) after a code is issued. It fails (webhook status 0, port
//!   released) when the phone ends in "0000" or its account is banned; otherwise it succeeds.
//!   getQrCode (no phone) invents one from the seeded rng. Re-issuing a code while scanning
//!   keeps the scan for the same phone and restarts it for a different one; on a logged-in
//!   window it is refused (400).
//! * One phone occupies one port: a phone logging in again releases its older port.
//! * Unknown, expired, failed or logged-out ids -> 1002. A live window that is not logged in
//!   yet -> 400 for onLine/offline/contacts/profile; those that read WhatsApp (contacts,
//!   profile) also need the account online (400 otherwise). `logOut` on a window that is not
//!   logged in yet cancels the reservation.
//! * getQrCodeInfo lists every window matching the filters (none: all), released ones
//!   included (status 0), `whatsApp` "" while the phone is unknown; no match -> [].
//! * `selectContact` without `id` merges the books of all online ports. Contact books are
//!   derived from the owner's phone, so they are stable. `contact/info` for a number outside
//!   the book answers a stranger: isFriend false, all names empty. firstName/fullName are read
//!   as WhatsApp's (first name, full name); the table's swapped remarks are ignored.
//! * updateAvatarOrNickname: one of avatar/nickname is required, avatar must be an http(s)
//!   URL, every phone must be an existing account (404), and for type 1 logged in on a cloud
//!   port and online (400); nothing changes unless every phone passes.
//! * Over quota (maxPort lowered below currentPort): logged-in accounts on the latest
//!   requested ports are taken offline, and onLine on them answers 1001.
//! * Scan tasks: `allocationRole` 1 or 3 (400 otherwise); 3 requires `userId`; 1 without one
//!   picks an agent of `AGENT_POOL`. A full quota at create -> 1001 with the document's failure
//!   text; create does not reserve a port (one is taken at login). Agent N's handset is
//!   "861" + N as 10 digits. Timeline: first getQrCode -> 1.5 s -> 70 scanned -> 1.5 s -> 80
//!   (port taken, account online), or 85 (no free port by then), or 90 (handset ends in
//!   "4444" or its account is banned; the account is marked banned). The task times out after
//!   3 minutes (scaled): QR never fetched -> 83; handset ending "7171" never scans -> 71;
//!   handset ending "8484" scans but never completes -> 84. getQrCode after the scan -> 400,
//!   unknown task -> 404. The webhook's `whatsapp` is "" while no handset has scanned.
//!
//! The area's files, each importing only those after it: `handlers` (routes, reading requests,
//! answers), `scan_tasks` and `logins` (the transitions and the clock), `state` (what is known,
//! and the shared lookups), `webhooks` (what is sent), `generated` (made-up values), `codes`.

mod codes;
mod generated;
mod handlers;
mod logins;
mod scan_tasks;
mod state;
mod webhooks;

pub use handlers::routes;
pub use state::{Login, LoginStage, PairTarget, ScanStage, ScanTask, State, DEFAULT_MAX_PORTS};

use crate::sim::world::World;

/// Advances scans, reservations, scan tasks and the quota rule to `world.now_ms`.
pub fn tick(world: &mut World) {
    logins::advance_logins(world);
    scan_tasks::advance(world);
    logins::enforce_quota(world);
}
