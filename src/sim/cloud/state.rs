//! What the cloud area knows: pairing targets, QR code windows and the ports they hold, PC
//! scan tasks, and the lookups every endpoint shares (which window is live, logged in, online).
//! The transitions are in `logins` and `scan_tasks`.

use std::collections::BTreeMap;

use super::codes::port_gone;
use crate::sim::accounts::{NORMAL, ONLINE};
use crate::sim::answer::PlatformError;
use crate::sim::rng::Rng;
use crate::sim::world::World;

/// Port quota of the simulated tenant (not documented; the example shows 2).
pub const DEFAULT_MAX_PORTS: usize = 5;
/// How long the simulated handset takes to scan a code, and then to finish logging in.
pub(super) const SCAN_MS: f64 = 1_500.0;

/// One pairing target (endpoint 24).
#[derive(Debug, Clone)]
pub struct PairTarget {
    /// `targetTenantId`: what preGenerate's `target` names.
    pub id: i64,
    /// `targetTenantName`.
    pub name: String,
    /// `createTime`, platform-local `YYYY-MM-DD HH:MM:SS`.
    pub create_time: String,
}

/// Where a QR code window is.
#[derive(Debug, Clone, PartialEq)]
pub enum LoginStage {
    /// Port reserved, no code issued yet.
    Reserved,
    /// A QR or pair code was issued; the handset of `phone` finishes scanning at `due_ms`.
    Scanning {
        /// The phone scanning: given to getQrCodeV2, or made up for getQrCode.
        phone: String,
        /// When the scan's outcome is due, epoch ms.
        due_ms: i64,
    },
    /// The port is occupied by `phone`.
    LoggedIn {
        /// The account logged in on the port.
        phone: String,
        /// When it logged in, epoch ms.
        since_ms: i64,
    },
    /// Expired, failed or logged out: the port is free again. Kept for getQrCodeInfo.
    Released {
        /// The phone that scanned, if one did.
        phone: Option<String>,
    },
}

/// One QR code window and the port it holds.
#[derive(Debug, Clone)]
pub struct Login {
    /// The window id: 32 hex digits from preGenerate, or a scan task's id once its login takes a
    /// port.
    pub id: String,
    /// Order of the port's request: ranks the ports when the quota is lowered (the latest go
    /// offline first).
    pub port_id: u64,
    /// PC or CLOUD_PC.
    pub kind: i64,
    /// The pairing target id given to preGenerate.
    pub target: Option<i64>,
    /// The SOCKS5 `ipConfig` last given (getQrCode, getQrCodeV2, onLine); kept, not used.
    pub ip_config: Option<String>,
    /// Agent the login is made under (getQrCodeInfo's userName).
    pub user_name: String,
    /// When the port was reserved, epoch ms (selectCloudPortDetail's `createTime`).
    pub created_ms: i64,
    /// Not logged in by then: the port is released.
    pub deadline_ms: i64,
    /// The QR payload's three key fields, fixed per window (the ref part changes per call).
    pub(super) keys: String,
    /// Where the window is.
    pub stage: LoginStage,
}

impl Login {
    pub(super) fn is_live(&self) -> bool {
        !matches!(self.stage, LoginStage::Released { .. })
    }

    pub(super) fn logged_in_phone(&self) -> Option<&str> {
        match &self.stage {
            LoginStage::LoggedIn { phone, .. } => Some(phone),
            _ => None,
        }
    }

    /// The phone known for the window, logged in or not.
    pub(super) fn any_phone(&self) -> Option<&str> {
        match &self.stage {
            LoginStage::Reserved => None,
            LoginStage::Scanning { phone, .. } | LoginStage::LoggedIn { phone, .. } => Some(phone),
            LoginStage::Released { phone } => phone.as_deref(),
        }
    }
}

/// Where a PC scan task is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ScanStage {
    /// Created; QR not fetched yet.
    Created,
    /// QR fetched; the handset scans at `scan_due_ms`.
    QrShown {
        /// When the handset scans, epoch ms.
        scan_due_ms: i64,
    },
    /// Scanned (70 sent); the login completes at `login_due_ms`.
    Scanned {
        /// When the login completes, epoch ms.
        login_due_ms: i64,
    },
    /// Final status sent.
    Ended(i64),
}

/// One PC QR scan task.
#[derive(Debug, Clone)]
pub struct ScanTask {
    /// The task's id, 32 hex digits.
    pub id: String,
    /// The agent scanning (`userId`), given or picked from the agent pool.
    pub user_id: i64,
    /// The agent's handset.
    pub phone: String,
    /// When the task times out (3 minutes, scaled, after create), epoch ms.
    pub deadline_ms: i64,
    pub(super) keys: String,
    /// Where the task is.
    pub stage: ScanStage,
}

/// The cloud area's whole state.
#[derive(Debug)]
pub struct State {
    /// The pairing targets selectPairTarget lists (the document's two examples).
    pub targets: Vec<PairTarget>,
    /// The port quota (`maxPort`); a test may lower it below the ports in use.
    pub max_ports: usize,
    /// Every QR code window by id, released ones included (getQrCodeInfo lists them).
    pub logins: BTreeMap<String, Login>,
    /// Every PC scan task by id.
    pub scan_tasks: BTreeMap<String, ScanTask>,
    /// Ports requested so far: the next port id.
    pub(super) next_port: u64,
}

impl Default for State {
    fn default() -> Self {
        // The two pairing targets of the example.
        let target = |id, name: &str, time: &str| PairTarget {
            id,
            name: name.into(),
            create_time: time.into(),
        };
        Self {
            targets: vec![
                target(10085, "xxxx", "2025-11-05 16:22:07"),
                target(10086, "yyyy", "2025-11-21 10:50:37"),
            ],
            max_ports: DEFAULT_MAX_PORTS,
            logins: BTreeMap::new(),
            scan_tasks: BTreeMap::new(),
            next_port: 0,
        }
    }
}

impl State {
    /// Ports currently occupied (reserved or logged in).
    pub fn used_ports(&self) -> usize {
        self.logins.values().filter(|l| l.is_live()).count()
    }

    /// Live logins in the order their ports were requested.
    pub(super) fn live_in_order(&self) -> Vec<&Login> {
        let mut live: Vec<&Login> = self.logins.values().filter(|l| l.is_live()).collect();
        live.sort_by_key(|l| l.port_id);
        live
    }

    /// Whether the login's port is beyond the quota (only after the quota was lowered).
    pub(super) fn over_quota(&self, id: &str) -> bool {
        self.live_in_order()
            .iter()
            .position(|l| l.id == id)
            .is_some_and(|rank| rank >= self.max_ports)
    }

    /// A live window: 1002 for unknown ids and released windows.
    pub(super) fn live(&self, id: &str) -> Result<&Login, PlatformError> {
        self.logins
            .get(id)
            .filter(|l| l.is_live())
            .ok_or_else(port_gone)
    }

    /// [`State::live`], to change it.
    pub(super) fn live_mut(&mut self, id: &str) -> Result<&mut Login, PlatformError> {
        self.logins
            .get_mut(id)
            .filter(|l| l.is_live())
            .ok_or_else(port_gone)
    }

    /// An id no window and no scan task has.
    pub(super) fn fresh_id(&self, rng: &mut Rng) -> String {
        loop {
            let id = rng.hex_id();
            if !self.logins.contains_key(&id) && !self.scan_tasks.contains_key(&id) {
                return id;
            }
        }
    }
}

// ---- lookups ----

/// The phone logged in on a live window: 1002 for unknown or released ids, 400 before login.
pub(super) fn logged_in(world: &World, id: &str) -> Result<String, PlatformError> {
    let login = world.cloud.live(id)?;
    login.logged_in_phone().map(str::to_owned).ok_or_else(|| {
        PlatformError::invalid(format!(
            "id {id} is not logged in yet: scan its QR code first"
        ))
    })
}

/// Like `logged_in`, and the account must be online: these calls read WhatsApp live.
pub(super) fn online(world: &World, id: &str) -> Result<String, PlatformError> {
    let phone = logged_in(world, id)?;
    if is_online(world, &phone) {
        Ok(phone)
    } else {
        Err(PlatformError::invalid(format!(
            "{phone} on id {id} is disconnected: bring it online first"
        )))
    }
}

/// Whether the account of `phone` is online and not banned.
pub(super) fn is_online(world: &World, phone: &str) -> bool {
    world
        .accounts
        .accounts
        .get(phone)
        .is_some_and(|a| a.online_status == ONLINE && a.status == NORMAL)
}

/// The account's status (normal or banned), normal for an unknown account.
pub(super) fn account_status(world: &World, phone: &str) -> i64 {
    world
        .accounts
        .accounts
        .get(phone)
        .map_or(NORMAL, |a| a.status)
}
