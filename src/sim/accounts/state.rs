//! The account area's state: accounts and their statuses, audience groups, pending logins and
//! registrations, and wake-up actions (run by `actions`), with the transitions of the first
//! ones. Every status change goes through [`set_status`], which sends its webhooks.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::codes::{
    BANNED, DETAIL_BANNED, DETAIL_CLOSED_ACCOUNT, DETAIL_CLOSED_CLIENT, DETAIL_DISCONNECTED,
    DETAIL_ONLINE, LOGGING_IN, LOGGING_OUT, NORMAL, OFFLINE, ONLINE,
};
use super::webhooks::{self, ONLINE_RECORDS_PER_WEBHOOK};
use crate::sim::answer::PlatformError;
use crate::sim::world::World;

/// The accounts a fresh simulator has: online, normal, logged in under [`DEMO_AGENT`].
pub const SEEDED_ACCOUNTS: [&str; 3] = ["8613800000001", "8613800000002", "8613800000003"];
/// Agent account of the seeded accounts (wake-up actions name it in `agentAccount`).
pub const DEMO_AGENT: &str = "demo-agent";
/// The documents do not say when the platform bans: here a number ending in this is banned as
/// soon as it is brought online (status 2, webhooks with 40/41). Deterministic on purpose.
pub const BANNED_SUFFIX: &str = "4444";

/// Platform time from batchOnline to online (undocumented; base before scaling).
const LOGIN_MS: f64 = 2_000.0;
/// Platform time from submitVerifyCode to the CHANNEL_REGISTER_STATUS webhook (undocumented).
const REGISTRATION_MS: f64 = 2_000.0;

/// One customer-service account.
#[derive(Debug, Clone)]
pub struct Account {
    /// The account's phone number: its key.
    pub phone: String,
    /// NORMAL or BANNED.
    pub status: i64,
    /// LOGGING_IN, ONLINE, LOGGING_OUT or OFFLINE.
    pub online_status: i64,
    /// 1 personal, 2 business.
    pub account_type: i64,
    /// Display name, from batchInsert/batchOnline or updateAvatarOrNickname.
    pub name: String,
    /// Avatar URL, from batchInsert/batchOnline or updateAvatarOrNickname.
    pub avatar: String,
    /// Agent account the account is logged in under ("" when none).
    pub agent: String,
    /// 1 PC, 2 Android.
    pub platform_type: i64,
}

impl Account {
    /// A personal PC account, normal and offline, with no agent.
    pub fn new(phone: &str) -> Self {
        Self {
            phone: phone.to_owned(),
            status: NORMAL,
            online_status: OFFLINE,
            account_type: 1,
            name: String::new(),
            avatar: String::new(),
            agent: String::new(),
            platform_type: 1,
        }
    }
}

/// An audience group (endpoints 13-15).
#[derive(Debug, Clone)]
pub struct Audience {
    /// The group id addWhatsappAudience answered, from 1.
    pub id: i64,
    /// The group name.
    pub name: String,
    /// Deduplicated phones, in the order given.
    pub members: Vec<String>,
}

/// A wake-up action (endpoints 22-23).
#[derive(Debug, Clone)]
pub struct Action {
    /// The action id batchAdd answered (32 hex digits).
    pub id: String,
    /// `tenantId` of the batchAdd call.
    pub tenant_id: i64,
    /// `agentAccount`: the agent whose client runs it.
    pub agent: String,
    /// As given ("" when absent) until executed, then the account that ran it.
    pub whats_id: String,
    /// `friendWhatsId`: the friend whose conversation is opened.
    pub friend: String,
    /// `platformType`: 1 PC, 2 Android.
    pub platform_type: i64,
    /// Message content ("" when absent).
    pub content: String,
    /// `type`: 1, open the chat window.
    pub kind: i64,
    /// 0 not executed, 1 success, 2 failed.
    pub execute_status: i64,
    /// Epoch ms of the execution, None until executed.
    pub execute_time_ms: Option<i64>,
    /// When the action starts trying (spacing on its lane applied).
    pub start_ms: i64,
}

/// A registration between submitPhone and its result.
#[derive(Debug, Clone)]
struct Registration {
    task_id: i64,
    account_type: i64,
    /// Set by submitVerifyCode: when the result is due and whether it succeeds.
    verifying: Option<(i64, bool)>,
}

/// The account area's whole state.
#[derive(Debug)]
pub struct State {
    /// Customer-service accounts by phone.
    pub accounts: BTreeMap<String, Account>,
    /// Audience groups by id.
    pub audiences: BTreeMap<i64, Audience>,
    /// Wake-up actions by id.
    pub actions: BTreeMap<String, Action>,
    next_audience_id: i64,
    next_registration_id: i64,
    /// Pending registrations by full number (area code digits + phone).
    registrations: BTreeMap<String, Registration>,
    /// Accounts logging in, with the time their login completes.
    logins: BTreeMap<String, i64>,
    /// Ids of actions not executed yet, in creation order.
    pub(super) pending_actions: Vec<String>,
    /// Earliest start of the next action per (agent, whatsId) lane.
    pub(super) lanes: BTreeMap<(String, String), i64>,
    /// Accounts whose last WA_SYNC_ON_OR_OFF_LINE_STATUS record said online: offline records are
    /// sent only for these, so a receiver never sees "offline" for an account it never saw online.
    reported_online: BTreeSet<String>,
    /// Records waiting for the next tick's WA_SYNC_ON_OR_OFF_LINE_STATUS webhooks.
    online_records: Vec<Value>,
    /// Shape of the next such webhook (true: bare array); None until the first is drawn.
    next_bare_array: Option<bool>,
}

impl Default for State {
    /// The seeded accounts, online under [`DEMO_AGENT`]; needs no rng.
    fn default() -> Self {
        let accounts: BTreeMap<String, Account> = SEEDED_ACCOUNTS
            .iter()
            .map(|phone| {
                let mut account = Account::new(phone);
                account.online_status = ONLINE;
                account.agent = DEMO_AGENT.to_owned();
                (phone.to_string(), account)
            })
            .collect();
        Self {
            reported_online: accounts.keys().cloned().collect(),
            accounts,
            audiences: BTreeMap::new(),
            actions: BTreeMap::new(),
            // The documents show ids 73 and 12; they only need to be unique.
            next_audience_id: 1,
            next_registration_id: 1,
            registrations: BTreeMap::new(),
            logins: BTreeMap::new(),
            pending_actions: Vec::new(),
            lanes: BTreeMap::new(),
            online_records: Vec::new(),
            next_bare_array: None,
        }
    }
}

impl State {
    /// Phones of the accounts that are online and not banned, in phone order.
    pub fn online_phones(&self) -> Vec<String> {
        self.accounts
            .values()
            .filter(|a| a.online_status == ONLINE && a.status == NORMAL)
            .map(|a| a.phone.clone())
            .collect()
    }

    /// Phones of an audience group's members, None when there is no such group.
    pub fn audience_members(&self, id: i64) -> Option<Vec<String>> {
        self.audiences.get(&id).map(|a| a.members.clone())
    }

    /// Saves an audience group of `members` (checked and deduplicated); returns its id.
    pub(super) fn add_audience(&mut self, name: String, members: Vec<String>) -> i64 {
        let id = self.next_audience_id;
        self.next_audience_id += 1;
        self.audiences.insert(id, Audience { id, name, members });
        id
    }

    /// Starts the registration of `full_number`, replacing a pending one; returns its task id.
    pub(super) fn register(&mut self, full_number: String, account_type: i64) -> i64 {
        let task_id = self.next_registration_id;
        self.next_registration_id += 1;
        self.registrations.insert(
            full_number,
            Registration {
                task_id,
                account_type,
                verifying: None,
            },
        );
        task_id
    }
}

/// Changes an account's status and online status, creating the account if needed, and sends
/// the webhooks the platform sends for it: CHANNEL_SYNC_STATUS on every change, and a
/// WA_SYNC_ON_OR_OFF_LINE_STATUS record when the account goes online (10/12), offline (30) or is
/// banned (40/41). The offline detail follows `reason` (the CHANNEL_SYNC_STATUS reason codes):
/// "1002" network exception -> disconnected 20/21, "1004" logged out -> 31, otherwise 32.
pub fn set_status(world: &mut World, phone: &str, status: i64, online_status: i64, reason: &str) {
    set_status_detailed(world, phone, status, online_status, reason, None);
}

/// [`set_status`] with the record's `detailStatus` chosen by the caller (e.g. 11 for a QR code
/// login, 31 for a recycled account). It is used only when a record is due and it is of the
/// same kind (same tens) as the derived one; otherwise the derived detail is kept.
pub fn set_status_detailed(
    world: &mut World,
    phone: &str,
    status: i64,
    online_status: i64,
    reason: &str,
    detail_status: Option<i64>,
) {
    let account = world
        .accounts
        .accounts
        .entry(phone.to_owned())
        .or_insert_with(|| Account::new(phone));
    if account.status == status && account.online_status == online_status {
        return;
    }
    let old_status = account.status;
    account.status = status;
    account.online_status = online_status;
    let (agent, platform_type) = (account.agent.clone(), account.platform_type);
    webhooks::channel_status(world, phone, status, online_status, reason);
    let reported = world.accounts.reported_online.contains(phone);
    let derived = if status == BANNED {
        (old_status != BANNED).then_some(DETAIL_BANNED)
    } else if online_status == ONLINE && !reported {
        Some(DETAIL_ONLINE)
    } else if online_status == OFFLINE && reported {
        Some(match reason {
            "1002" => DETAIL_DISCONNECTED,
            "1004" => DETAIL_CLOSED_ACCOUNT,
            _ => DETAIL_CLOSED_CLIENT,
        })
    } else {
        None
    };
    let Some(derived) = derived else { return };
    let detail = detail_status
        .filter(|d| d / 10 == derived / 10)
        .unwrap_or(derived);
    if detail / 10 == 1 {
        world.accounts.reported_online.insert(phone.to_owned());
    } else {
        world.accounts.reported_online.remove(phone);
    }
    let record = webhooks::online_record(world, phone, detail, &agent, platform_type);
    world.accounts.online_records.push(record);
}

// ---- logins and recycling ----

/// Logs an account in: logging in (1) now, online (2) after a scaled delay. A banned account
/// stays banned; one online or logging in is left alone unless `force`, which logs it in again.
pub(super) fn log_in(world: &mut World, phone: String, force: bool) {
    let account = &world.accounts.accounts[&phone];
    let busy = matches!(account.online_status, ONLINE | LOGGING_IN);
    if account.status == BANNED || (busy && !force) {
        return;
    }
    let due = world.now_ms + world.scaled_ms(LOGIN_MS);
    set_status(world, &phone, NORMAL, LOGGING_IN, "");
    world.accounts.logins.insert(phone, due);
}

pub(super) fn complete_logins(world: &mut World) {
    let now = world.now_ms;
    let due: Vec<String> = world
        .accounts
        .logins
        .iter()
        .filter(|(_, at)| **at <= now)
        .map(|(p, _)| p.clone())
        .collect();
    for phone in due {
        world.accounts.logins.remove(&phone);
        let Some(account) = world.accounts.accounts.get(&phone) else {
            continue;
        };
        if account.online_status != LOGGING_IN || account.status == BANNED {
            continue;
        }
        if phone.ends_with(BANNED_SUFFIX) {
            set_status(world, &phone, BANNED, OFFLINE, "");
        } else {
            set_status(world, &phone, NORMAL, ONLINE, "");
        }
    }
}

/// Takes an account offline (logging out first when online; the webhooks go before the removal,
/// detail 31 "close account") and removes it. An unknown number is skipped.
pub(super) fn recycle(world: &mut World, phone: &str) {
    let Some(account) = world.accounts.accounts.get(phone) else {
        return;
    };
    let status = account.status;
    if account.online_status == ONLINE && status == NORMAL {
        set_status(world, phone, status, LOGGING_OUT, "");
    }
    set_status_detailed(
        world,
        phone,
        status,
        OFFLINE,
        "",
        Some(DETAIL_CLOSED_ACCOUNT),
    );
    let state = &mut world.accounts;
    state.accounts.remove(phone);
    state.logins.remove(phone);
    state.reported_online.remove(phone);
}

// ---- registration ----

/// Checks a verification code of a pending registration: the result (`ok`) comes after a
/// scaled delay. One code is checked at a time; after a failure a new code may be submitted.
pub(super) fn verify(world: &mut World, full: &str, ok: bool) -> Result<(), PlatformError> {
    let due = world.now_ms + world.scaled_ms(REGISTRATION_MS);
    let registration = world.accounts.registrations.get_mut(full).ok_or_else(|| {
        PlatformError::not_found(format!(
            "no registration for {full}: submit the phone number first"
        ))
    })?;
    if registration.verifying.is_some() {
        return Err(PlatformError::invalid(format!(
            "a verification code for {full} (registration {}) is already being checked",
            registration.task_id
        )));
    }
    registration.verifying = Some((due, ok));
    Ok(())
}

/// Sends due registration results. A success adds the account (offline) and ends the registration.
pub(super) fn complete_registrations(world: &mut World) {
    let now = world.now_ms;
    let due: Vec<(String, bool, i64)> = world
        .accounts
        .registrations
        .iter()
        .filter_map(|(full, r)| {
            r.verifying
                .filter(|(at, _)| *at <= now)
                .map(|(_, ok)| (full.clone(), ok, r.account_type))
        })
        .collect();
    for (full, ok, account_type) in due {
        webhooks::register_status(world, &full, ok);
        if ok {
            world.accounts.registrations.remove(&full);
            let account = world
                .accounts
                .accounts
                .entry(full.clone())
                .or_insert_with(|| Account::new(&full));
            account.account_type = account_type;
        } else if let Some(registration) = world.accounts.registrations.get_mut(&full) {
            registration.verifying = None;
        }
    }
}

// ---- WA_SYNC_ON_OR_OFF_LINE_STATUS ----

/// Sends the queued records, at most 50 per webhook, alternating the body between the example's
/// bare array and the table's `{"whatsAppList": [...]}` so receivers meet both.
pub(super) fn flush_online_records(world: &mut World) {
    if world.accounts.online_records.is_empty() {
        return;
    }
    let records = std::mem::take(&mut world.accounts.online_records);
    for chunk in records.chunks(ONLINE_RECORDS_PER_WEBHOOK) {
        let bare = match world.accounts.next_bare_array {
            Some(bare) => bare,
            None => world.rng.chance(0.5),
        };
        world.accounts.next_bare_array = Some(!bare);
        webhooks::online_status(world, chunk, bare);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_state_is_online() {
        let state = State::default();
        assert_eq!(
            state.online_phones(),
            SEEDED_ACCOUNTS.map(String::from).to_vec()
        );
        assert!(state.accounts.values().all(|a| a.agent == DEMO_AGENT));
        assert_eq!(state.audience_members(1), None);
    }
}
