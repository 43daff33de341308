//! Customer-service accounts, audience groups, registration and wake-up actions
//! (endpoints 13-23) and the account webhooks CHANNEL_SYNC_STATUS, CHANNEL_REGISTER_STATUS and
//! WA_SYNC_ON_OR_OFF_LINE_STATUS.
//!
//! Requests are read by the documents' field names (never through the gateway's wire types).
//! Where the documents are silent the choice is noted where it is made; in short:
//! - A fresh simulator has three accounts, [`SEEDED_ACCOUNTS`], online and normal under the agent
//!   [`DEMO_AGENT`], so unassigned tasks and wake-up actions work out of the box.
//! - Logins, registrations and wake-up actions take scaled platform time (`World::scaled_ms`).
//! - A number ending in [`BANNED_SUFFIX`] is banned when it is brought online: the one ban rule,
//!   fixed so that runs are reproducible.
//! - WA_SYNC_ON_OR_OFF_LINE_STATUS records are batched per tick (at most 50 per webhook; an empty
//!   webhook is never sent) and the body alternates between the example's bare array and the
//!   table's `{"whatsAppList": [...]}`, the first shape drawn from the world's rng.
//!
//! The area's files, each importing only those after it: `handlers` (routes, reading requests,
//! answers), `regions` (calling codes), `actions` (wake-up actions), `state` (accounts, groups,
//! logins, registrations), `webhooks` (what is sent), `codes` (the documented statuses).

mod actions;
mod codes;
mod handlers;
mod regions;
mod state;
mod webhooks;

pub use codes::*;
pub use handlers::routes;
pub use regions::region;
pub use state::{
    set_status, set_status_detailed, Account, Action, Audience, State, BANNED_SUFFIX, DEMO_AGENT,
    SEEDED_ACCOUNTS,
};

use crate::sim::world::World;

/// Completes due logins, registrations and wake-up actions, then sends the queued online/offline
/// records.
pub fn tick(world: &mut World) {
    state::complete_logins(world);
    state::complete_registrations(world);
    actions::run_actions(world);
    state::flush_online_records(world);
}
