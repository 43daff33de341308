//! The QR code windows' state machine: a window reserves a port, a QR or pair code starts a
//! simulated handset scan, which logs the phone in (the port is then occupied until `logOut`)
//! or fails (the port is released); a window not logged in by its deadline lapses. Also the
//! quota rule: ports beyond a lowered quota go offline.

use super::codes::{quota_exhausted, REASON_LOGGED_OUT};
use super::generated::{default_push_name, invent_phone, qr_keys, qr_payload};
use super::state::{account_status, is_online, Login, LoginStage, SCAN_MS};
use super::webhooks;
use crate::sim::accounts::{self, Account, BANNED, NORMAL, OFFLINE, ONLINE};
use crate::sim::answer::PlatformError;
use crate::sim::world::World;

/// How long a reserved port waits for a login (documented: 10 minutes).
const RESERVATION_MS: f64 = 600_000.0;
/// Port application ids are snowflake-like numbers above 2^53, like the example's.
const PORT_ID_BASE: u64 = 8_639_164_839_053_938_688;
/// The agent (userName) QR code logins are made under.
const AGENT_NAME: &str = "test";

/// Reserves a port for a new QR code window; returns its id.
pub(super) fn reserve(
    world: &mut World,
    kind: i64,
    target: Option<i64>,
) -> Result<String, PlatformError> {
    if world.cloud.used_ports() >= world.cloud.max_ports {
        return Err(quota_exhausted());
    }
    let id = world.cloud.fresh_id(&mut world.rng);
    let login = new_login(
        world,
        id.clone(),
        kind,
        target,
        AGENT_NAME.into(),
        LoginStage::Reserved,
    );
    world.cloud.logins.insert(id.clone(), login);
    Ok(id)
}

pub(super) fn new_login(
    world: &mut World,
    id: String,
    kind: i64,
    target: Option<i64>,
    user_name: String,
    stage: LoginStage,
) -> Login {
    world.cloud.next_port += 1;
    Login {
        id,
        port_id: PORT_ID_BASE + world.cloud.next_port,
        kind,
        target,
        ip_config: None,
        user_name,
        created_ms: world.now_ms,
        deadline_ms: world.now_ms + world.scaled_ms(RESERVATION_MS),
        keys: qr_keys(&mut world.rng),
        stage,
    }
}

/// Issues a QR payload for a live, not yet logged-in window and (re)starts the handset scan.
pub(super) fn start_scan(
    world: &mut World,
    id: &str,
    phone: Option<String>,
    ip_config: Option<String>,
) -> Result<String, PlatformError> {
    let due_ms = world.now_ms + world.scaled_ms(SCAN_MS);
    let login = world.cloud.live_mut(id)?;
    let scanning = match &login.stage {
        LoginStage::LoggedIn { phone, .. } => {
            return Err(PlatformError::invalid(format!(
                "id {id} is already logged in as {phone}"
            )));
        }
        LoginStage::Scanning { phone, .. } => Some(phone.clone()),
        _ => None,
    };
    let phone = match phone.or_else(|| scanning.clone()) {
        Some(phone) => phone,
        None => invent_phone(&mut world.rng),
    };
    if scanning.as_deref() != Some(phone.as_str()) {
        login.stage = LoginStage::Scanning { phone, due_ms };
    }
    if ip_config.is_some() {
        login.ip_config = ip_config;
    }
    let keys = login.keys.clone();
    Ok(qr_payload(&mut world.rng, &keys))
}

/// Logs a live window out: its port is released, and a logged-in account goes offline (reason
/// 1004). Choice: logging out a window that is not logged in yet cancels its reservation.
pub(super) fn log_out(world: &mut World, id: &str) -> Result<(), PlatformError> {
    let login = world.cloud.live_mut(id)?;
    let phone = login.any_phone().map(str::to_owned);
    let was_logged_in = login.logged_in_phone().is_some();
    login.stage = LoginStage::Released {
        phone: phone.clone(),
    };
    if let (true, Some(phone)) = (was_logged_in, phone) {
        let status = account_status(world, &phone);
        accounts::set_status(world, &phone, status, OFFLINE, REASON_LOGGED_OUT);
    }
    Ok(())
}

// ---- the clock ----

/// Completes due scans and lapses windows past their deadline.
pub(super) fn advance_logins(world: &mut World) {
    let now = world.now_ms;
    let due: Vec<(String, Option<String>)> = world
        .cloud
        .logins
        .values()
        .filter_map(|l| match &l.stage {
            LoginStage::Scanning { phone, due_ms }
                if *due_ms <= now && *due_ms <= l.deadline_ms =>
            {
                Some((l.id.clone(), Some(phone.clone())))
            }
            LoginStage::Reserved | LoginStage::Scanning { .. } if l.deadline_ms <= now => {
                Some((l.id.clone(), None))
            }
            _ => None,
        })
        .collect();
    for (id, scanned) in due {
        match scanned {
            Some(phone) => {
                let banned = world
                    .accounts
                    .accounts
                    .get(&phone)
                    .is_some_and(|a| a.status == BANNED);
                if phone.ends_with("0000") || banned {
                    release(world, &id);
                    webhooks::qr_login_status(world, &id, &phone, 0);
                } else {
                    // The login result first, then the account status it causes.
                    webhooks::qr_login_status(world, &id, &phone, 1);
                    log_in(world, &id, &phone, AGENT_NAME);
                }
            }
            // Not logged in by the deadline: the reservation lapses silently.
            None => release(world, &id),
        }
    }
}

fn release(world: &mut World, id: &str) {
    if let Some(login) = world.cloud.logins.get_mut(id) {
        let phone = login.any_phone().map(str::to_owned);
        login.stage = LoginStage::Released { phone };
    }
}

/// Occupies the window's port with `phone` and brings its account online.
pub(super) fn log_in(world: &mut World, id: &str, phone: &str, agent: &str) {
    // Choice: one phone holds one port; an older port of the same phone is released.
    for login in world.cloud.logins.values_mut() {
        if login.id != id && login.logged_in_phone() == Some(phone) {
            login.stage = LoginStage::Released {
                phone: Some(phone.to_owned()),
            };
        }
    }
    if let Some(login) = world.cloud.logins.get_mut(id) {
        login.stage = LoginStage::LoggedIn {
            phone: phone.to_owned(),
            since_ms: world.now_ms,
        };
    }
    let account = world
        .accounts
        .accounts
        .entry(phone.to_owned())
        .or_insert_with(|| Account::new(phone));
    if account.name.is_empty() {
        account.name = default_push_name(phone);
    }
    account.agent = agent.to_owned();
    account.platform_type = 1;
    accounts::set_status(world, phone, NORMAL, ONLINE, "");
}

/// Documented note: when max ports are below the occupied ports, accounts on the latest
/// requested ports are taken offline.
pub(super) fn enforce_quota(world: &mut World) {
    if world.cloud.used_ports() <= world.cloud.max_ports {
        return;
    }
    let over: Vec<String> = world
        .cloud
        .live_in_order()
        .into_iter()
        .skip(world.cloud.max_ports)
        .filter_map(|l| l.logged_in_phone().map(str::to_owned))
        .collect();
    for phone in over {
        if is_online(world, &phone) {
            let status = account_status(world, &phone);
            accounts::set_status(world, &phone, status, OFFLINE, "");
        }
    }
}
