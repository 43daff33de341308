//! Wake-up actions: queued on the lanes of their agent and account, spaced as documented, and
//! run by the clock once their account is online, or failed after the login wait.

use super::codes::{NORMAL, ONLINE};
use super::state::{Account, Action, State};
use crate::sim::world::World;

/// Time a wake-up action takes to start (opening the window on the agent's client; undocumented).
const ACTION_START_MS: f64 = 1_000.0;
/// How long an action waits for its account to log in before failing. The documents say one
/// minute; it is shortened (like every platform duration here) so demos see results.
const ACTION_LOGIN_WAIT_MS: f64 = 2_000.0;
/// Documented: actions on the same agent and account run sequentially, 10 s apart.
const ACTION_SPACING_MS: f64 = 10_000.0;

/// One item of batchAdd's `data`.
pub(super) struct NewAction {
    pub(super) agent: String,
    pub(super) whats_id: Option<String>,
    pub(super) friend: String,
    pub(super) platform_type: i64,
    pub(super) content: String,
    pub(super) kind: i64,
}

/// Queues wake-up actions, in order; returns their ids. Actions on the same agent and account
/// run one after the other, spaced as documented.
pub(super) fn add_actions(world: &mut World, tenant_id: i64, new: Vec<NewAction>) -> Vec<String> {
    let now = world.now_ms;
    let (start_delay, spacing) = (
        world.scaled_ms(ACTION_START_MS),
        world.scaled_ms(ACTION_SPACING_MS),
    );
    world.accounts.lanes.retain(|_, next| *next > now);
    let mut ids = Vec::with_capacity(new.len());
    for action in new {
        let id = world.rng.hex_id();
        let whats_id = action.whats_id.unwrap_or_default();
        // Without whatsId the account is chosen at execution; such items share one lane per agent.
        let lane = world
            .accounts
            .lanes
            .entry((action.agent.clone(), whats_id.clone()))
            .or_insert(0);
        let start_ms = (now + start_delay).max(*lane);
        *lane = start_ms + spacing;
        let record = Action {
            id: id.clone(),
            tenant_id,
            agent: action.agent,
            whats_id,
            friend: action.friend,
            platform_type: action.platform_type,
            content: action.content,
            kind: action.kind,
            execute_status: 0,
            execute_time_ms: None,
            start_ms,
        };
        world.accounts.actions.insert(id.clone(), record);
        world.accounts.pending_actions.push(id.clone());
        ids.push(id);
    }
    ids
}

/// Runs started actions: success as soon as the account is online (its whatsId, or the first
/// online account of the agent when none was given); failure when it is not within the login
/// wait. An account already bound to another agent does not count; one with no agent (brought
/// online through batchOnline) is bound to the action's agent on success.
pub(super) fn run_actions(world: &mut World) {
    let now = world.now_ms;
    let wait = world.scaled_ms(ACTION_LOGIN_WAIT_MS);
    let State {
        accounts,
        actions,
        pending_actions,
        ..
    } = &mut world.accounts;
    pending_actions.retain(|id| {
        let Some(action) = actions.get_mut(id) else {
            return false;
        };
        if action.start_ms > now {
            return true;
        }
        let usable = |a: &&mut Account| {
            a.status == NORMAL
                && a.online_status == ONLINE
                && (a.agent.is_empty() || a.agent == action.agent)
        };
        let account = if action.whats_id.is_empty() {
            accounts
                .values_mut()
                .find(|a| a.agent == action.agent && usable(a))
        } else {
            accounts.get_mut(&action.whats_id).filter(|a| usable(a))
        };
        if let Some(account) = account {
            account.agent.clone_from(&action.agent);
            action.whats_id.clone_from(&account.phone);
            action.execute_status = 1;
        } else if now >= action.start_ms + wait {
            action.execute_status = 2;
        } else {
            return true;
        }
        action.execute_time_ms = Some(now);
        false
    });
}
