//! The PC scan tasks' state machine: an agent scans a QR code with their own handset. The first
//! getQrCode shows the code; the handset scans it (70) and logs in (80), taking a port like a
//! QR code window whose id is the task id, or the task ends without a port (85), banned (90),
//! or timed out (71, 83, 84). Every status is sent in SCAN_TASK_STATUS_SYNC.

use super::codes::{
    ACCOUNT_BANNED, LOGGED_IN, LOGIN_TIMEOUT, NO_PORT, PC, QR_NOT_REPORTED, SCANNED, SCAN_TIMEOUT,
};
use super::generated::{agent_handset, qr_keys, qr_payload};
use super::logins::{log_in, new_login};
use super::state::{LoginStage, ScanStage, ScanTask, SCAN_MS};
use super::webhooks;
use crate::sim::accounts::{self, BANNED, OFFLINE};
use crate::sim::answer::PlatformError;
use crate::sim::world::World;

/// How long a PC scan task waits for its QR to be fetched, scanned and logged in.
const SCAN_TASK_TIMEOUT_MS: f64 = 180_000.0;
/// Agents a random-allocation scan task picks from.
pub(super) const AGENT_POOL: [i64; 3] = [10001, 10002, 10003];

/// Creates a scan task for agent `user_id`; returns its id. It takes no port yet (one is taken
/// at login), but a full quota refuses it with 1001 and the document's failure text.
pub(super) fn create(world: &mut World, user_id: i64) -> Result<String, PlatformError> {
    // Choice: the documented failure case answers 1001, the quota code.
    if world.cloud.used_ports() >= world.cloud.max_ports {
        return Err(PlatformError::code(
            1001,
            "Insufficient port quota, or insufficient ports for online agents",
        ));
    }
    let id = world.cloud.fresh_id(&mut world.rng);
    let task = ScanTask {
        id: id.clone(),
        user_id,
        phone: agent_handset(user_id),
        deadline_ms: world.now_ms + world.scaled_ms(SCAN_TASK_TIMEOUT_MS),
        keys: qr_keys(&mut world.rng),
        stage: ScanStage::Created,
    };
    world.cloud.scan_tasks.insert(id.clone(), task);
    Ok(id)
}

/// Shows the task's QR code (the first call starts the handset's scan); refused once scanned.
pub(super) fn show_qr(world: &mut World, id: &str) -> Result<String, PlatformError> {
    let scan_due_ms = world.now_ms + world.scaled_ms(SCAN_MS);
    let task = world
        .cloud
        .scan_tasks
        .get_mut(id)
        .ok_or_else(|| PlatformError::not_found(format!("scan task {id} does not exist")))?;
    match task.stage {
        ScanStage::Created => task.stage = ScanStage::QrShown { scan_due_ms },
        ScanStage::QrShown { .. } => {}
        ScanStage::Scanned { .. } => {
            return Err(PlatformError::invalid(format!(
                "scan task {id}'s QR code was already scanned"
            )))
        }
        ScanStage::Ended(status) => {
            return Err(PlatformError::invalid(format!(
                "scan task {id} has ended with status {status}"
            )))
        }
    }
    let keys = task.keys.clone();
    Ok(qr_payload(&mut world.rng, &keys))
}

// ---- the clock ----

/// Moves every scan task that has not ended.
pub(super) fn advance(world: &mut World) {
    let now = world.now_ms;
    let next_ms = now + world.scaled_ms(SCAN_MS);
    let ids: Vec<String> = world
        .cloud
        .scan_tasks
        .values()
        .filter(|t| !matches!(t.stage, ScanStage::Ended(_)))
        .map(|t| t.id.clone())
        .collect();
    for id in ids {
        let Some(task) = world.cloud.scan_tasks.get_mut(&id) else {
            continue;
        };
        let timed_out = task.deadline_ms <= now;
        match task.stage {
            ScanStage::Created if timed_out => end_scan_task(world, &id, QR_NOT_REPORTED, false),
            ScanStage::QrShown { scan_due_ms } => {
                let scans = !task.phone.ends_with("7171");
                if scans && scan_due_ms <= now && scan_due_ms <= task.deadline_ms {
                    task.stage = ScanStage::Scanned {
                        login_due_ms: next_ms,
                    };
                    emit_scan_status(world, &id, SCANNED, true);
                } else if timed_out {
                    end_scan_task(world, &id, SCAN_TIMEOUT, false);
                }
            }
            ScanStage::Scanned { login_due_ms } => {
                let completes = !task.phone.ends_with("8484");
                if completes && login_due_ms <= now {
                    finish_scan_login(world, &id);
                } else if !completes && timed_out {
                    end_scan_task(world, &id, LOGIN_TIMEOUT, true);
                }
            }
            _ => {}
        }
    }
}

/// The scanned handset logs in: 85 without a free port, 90 when banned, otherwise 80.
fn finish_scan_login(world: &mut World, id: &str) {
    let Some(task) = world.cloud.scan_tasks.get(id).cloned() else {
        return;
    };
    if world.cloud.used_ports() >= world.cloud.max_ports {
        return end_scan_task(world, id, NO_PORT, true);
    }
    let banned = world
        .accounts
        .accounts
        .get(&task.phone)
        .is_some_and(|a| a.status == BANNED);
    if banned || task.phone.ends_with("4444") {
        accounts::set_status(world, &task.phone, BANNED, OFFLINE, "");
        return end_scan_task(world, id, ACCOUNT_BANNED, true);
    }
    // The port is held like a QR window's, under the task id (so onLine/offline/logOut work).
    let user = task.user_id.to_string();
    let stage = LoginStage::Reserved;
    let login = new_login(world, id.to_owned(), PC, None, user.clone(), stage);
    world.cloud.logins.insert(id.to_owned(), login);
    log_in(world, id, &task.phone, &user);
    end_scan_task(world, id, LOGGED_IN, true);
}

fn end_scan_task(world: &mut World, id: &str, status: i64, scanned: bool) {
    if let Some(task) = world.cloud.scan_tasks.get_mut(id) {
        task.stage = ScanStage::Ended(status);
    }
    emit_scan_status(world, id, status, scanned);
}

fn emit_scan_status(world: &mut World, id: &str, status: i64, scanned: bool) {
    let Some(task) = world.cloud.scan_tasks.get(id) else {
        return;
    };
    // Choice: `whatsapp` is "" while no handset has scanned the code.
    let phone = if scanned {
        task.phone.clone()
    } else {
        String::new()
    };
    let user_id = task.user_id;
    webhooks::scan_task_status(world, id, user_id, status, &phone);
}
