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

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Value};

use super::accounts::{self, Account, BANNED, NORMAL, OFFLINE, ONLINE};
use super::answer::{Answer, PlatformError};
use super::http::{Handler, SimRoute};
use super::request::{phone, Params};
use super::rng::Rng;
use super::world::World;
use crate::upstream::Method;
use crate::wire::webhook::WebhookKind;

/// Port quota of the simulated tenant (not documented; the example shows 2).
pub const DEFAULT_MAX_PORTS: usize = 5;
/// How long a reserved port waits for a login (documented: 10 minutes).
const RESERVATION_MS: f64 = 600_000.0;
/// How long the simulated handset takes to scan a code, and then to finish logging in.
const SCAN_MS: f64 = 1_500.0;
/// How long a PC scan task waits for its QR to be fetched, scanned and logged in.
const SCAN_TASK_TIMEOUT_MS: f64 = 180_000.0;
/// Port application ids are snowflake-like numbers above 2^53, like the example's.
const PORT_ID_BASE: u64 = 8_639_164_839_053_938_688;
/// The agent (userName) QR code logins are made under.
const AGENT_NAME: &str = "test";
/// Agents a random-allocation scan task picks from.
const AGENT_POOL: [i64; 3] = [10001, 10002, 10003];

/// `preGenerate` types.
const PC: i64 = 1;
const CLOUD_PC: i64 = 2;
/// Port status of selectCloudPortDetail.
const PORT_ONLINE: i64 = 10;
const PORT_DISCONNECTED: i64 = 20;
/// SCAN_TASK_STATUS_SYNC statuses.
const SCANNED: i64 = 70;
const SCAN_TIMEOUT: i64 = 71;
const LOGGED_IN: i64 = 80;
const QR_NOT_REPORTED: i64 = 83;
const LOGIN_TIMEOUT: i64 = 84;
const NO_PORT: i64 = 85;
const ACCOUNT_BANNED: i64 = 90;
/// CHANNEL_SYNC_STATUS reason for a logout (documented reason code 1004).
const REASON_LOGGED_OUT: &str = "1004";

fn quota_exhausted() -> PlatformError {
    PlatformError::code(1001, "Current user cloud port quota is insufficient")
}

fn port_gone() -> PlatformError {
    PlatformError::code(1002, "Current port does not exist or has been released")
}

/// One pairing target (endpoint 24).
#[derive(Debug, Clone)]
pub struct PairTarget {
    pub id: i64,
    pub name: String,
    pub create_time: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum LoginStage {
    /// Port reserved, no code issued yet.
    Reserved,
    /// A QR or pair code was issued; the handset of `phone` finishes scanning at `due_ms`.
    Scanning { phone: String, due_ms: i64 },
    /// The port is occupied by `phone`.
    LoggedIn { phone: String, since_ms: i64 },
    /// Expired, failed or logged out: the port is free again. Kept for getQrCodeInfo.
    Released { phone: Option<String> },
}

/// One QR code window and the port it holds.
#[derive(Debug, Clone)]
pub struct Login {
    pub id: String,
    pub port_id: u64,
    /// PC or CLOUD_PC.
    pub kind: i64,
    pub target: Option<i64>,
    pub ip_config: Option<String>,
    /// Agent the login is made under (getQrCodeInfo's userName).
    pub user_name: String,
    pub created_ms: i64,
    /// Not logged in by then: the port is released.
    pub deadline_ms: i64,
    /// The QR payload's three key fields, fixed per window (the ref part changes per call).
    keys: String,
    pub stage: LoginStage,
}

impl Login {
    fn is_live(&self) -> bool {
        !matches!(self.stage, LoginStage::Released { .. })
    }

    fn logged_in_phone(&self) -> Option<&str> {
        match &self.stage {
            LoginStage::LoggedIn { phone, .. } => Some(phone),
            _ => None,
        }
    }

    /// The phone known for the window, logged in or not.
    fn any_phone(&self) -> Option<&str> {
        match &self.stage {
            LoginStage::Reserved => None,
            LoginStage::Scanning { phone, .. } | LoginStage::LoggedIn { phone, .. } => Some(phone),
            LoginStage::Released { phone } => phone.as_deref(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ScanStage {
    /// Created; QR not fetched yet.
    Created,
    /// QR fetched; the handset scans at `scan_due_ms`.
    QrShown { scan_due_ms: i64 },
    /// Scanned (70 sent); the login completes at `login_due_ms`.
    Scanned { login_due_ms: i64 },
    /// Final status sent.
    Ended(i64),
}

/// One PC QR scan task.
#[derive(Debug, Clone)]
pub struct ScanTask {
    pub id: String,
    pub user_id: i64,
    /// The agent's handset.
    pub phone: String,
    pub deadline_ms: i64,
    keys: String,
    pub stage: ScanStage,
}

#[derive(Debug)]
pub struct State {
    pub targets: Vec<PairTarget>,
    pub max_ports: usize,
    pub logins: BTreeMap<String, Login>,
    pub scan_tasks: BTreeMap<String, ScanTask>,
    next_port: u64,
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
    fn live_in_order(&self) -> Vec<&Login> {
        let mut live: Vec<&Login> = self.logins.values().filter(|l| l.is_live()).collect();
        live.sort_by_key(|l| l.port_id);
        live
    }

    /// Whether the login's port is beyond the quota (only after the quota was lowered).
    fn over_quota(&self, id: &str) -> bool {
        self.live_in_order()
            .iter()
            .position(|l| l.id == id)
            .is_some_and(|rank| rank >= self.max_ports)
    }

    fn fresh_id(&self, rng: &mut Rng) -> String {
        loop {
            let id = rng.hex_id();
            if !self.logins.contains_key(&id) && !self.scan_tasks.contains_key(&id) {
                return id;
            }
        }
    }
}

pub fn routes() -> Vec<SimRoute> {
    let route = |method: Method, path: &'static str, handler: Handler| SimRoute {
        method,
        path,
        handler,
    };
    vec![
        route(
            Method::Get,
            "/group-dispatch-api/qrCode/selectPairTarget",
            select_pair_target,
        ),
        route(
            Method::Post,
            "/group-dispatch-api/qrCode/preGenerate",
            pre_generate,
        ),
        route(
            Method::Post,
            "/group-dispatch-api/qrCode/getQrCode",
            get_qr_code,
        ),
        route(
            Method::Post,
            "/group-dispatch-api/qrCode/getQrCodeV2",
            get_qr_code_v2,
        ),
        route(
            Method::Post,
            "/group-dispatch-api/qrCode/getQrCodeInfo",
            get_qr_code_info,
        ),
        route(Method::Post, "/group-dispatch-api/qrCode/onLine", on_line),
        route(Method::Post, "/group-dispatch-api/qrCode/offline", offline),
        route(Method::Post, "/group-dispatch-api/qrCode/logOut", log_out),
        route(
            Method::Get,
            "/group-dispatch-api/qrCode/selectCloudPort",
            select_cloud_port,
        ),
        route(
            Method::Get,
            "/group-dispatch-api/qrCode/selectCloudPortDetail",
            select_cloud_port_detail,
        ),
        route(
            Method::Get,
            "/group-dispatch-api/qrCode/selectContact",
            select_contact,
        ),
        route(
            Method::Post,
            "/group-dispatch-api/qrCode/contact/info",
            contact_info,
        ),
        route(
            Method::Post,
            "/group-dispatch-api/qrCode/info/profile",
            profile,
        ),
        route(
            Method::Post,
            "/group-dispatch-api/channelInfo/updateAvatarOrNickname",
            update_avatar_or_nickname,
        ),
        route(
            Method::Post,
            "/wscrm-bus-api/qrCodeTask/create",
            create_scan_task,
        ),
        route(
            Method::Post,
            "/wscrm-bus-api/qrCodeTask/getQrCode",
            scan_task_qr_code,
        ),
    ]
}

/// Advances scans, reservations, scan tasks and the quota rule to `world.now_ms`.
pub fn tick(world: &mut World) {
    advance_logins(world);
    advance_scan_tasks(world);
    enforce_quota(world);
}

// ---- 24-25: pairing targets and port reservation ----

fn select_pair_target(world: &mut World, _: &Params) -> Answer {
    let targets = world.cloud.targets.iter().map(|t| {
        json!({"createTime": t.create_time, "targetTenantName": t.name, "targetTenantId": t.id})
    });
    Ok(Value::Array(targets.collect()))
}

fn pre_generate(world: &mut World, p: &Params) -> Answer {
    let kind = p.int("type")?;
    if kind != PC && kind != CLOUD_PC {
        return Err(PlatformError::code(1003, "Unsupported type"));
    }
    let target = p.opt_int("target")?;
    let known = |t: i64| world.cloud.targets.iter().any(|x| x.id == t);
    // Choice: a cloud PC must be paired with a target; there is no default target.
    let target_ok = match target {
        Some(t) => known(t),
        None => kind != CLOUD_PC,
    };
    if !target_ok {
        return Err(PlatformError::code(1004, "Pairing target not set"));
    }
    Ok(json!(reserve(world, kind, target)?))
}

/// Reserves a port for a new QR code window; returns its id.
fn reserve(world: &mut World, kind: i64, target: Option<i64>) -> Result<String, PlatformError> {
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

fn new_login(
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

// ---- 26-28: QR code, pair code, login information ----

fn get_qr_code(world: &mut World, p: &Params) -> Answer {
    let ip_config = p.opt_str("ipConfig");
    // Choice: `id` is optional in the table; without one a PC window is reserved implicitly.
    let id = match p.opt_str("id") {
        Some(id) => id,
        None => reserve(world, PC, None)?,
    };
    Ok(json!(start_scan(world, &id, None, ip_config)?))
}

fn get_qr_code_v2(world: &mut World, p: &Params) -> Answer {
    let id = p.str("id")?;
    let phone = phone("phone", &p.str("phone")?)?;
    let ip_config = p.opt_str("ipConfig");
    let mode = p.opt_str("isEasy").map(|m| m.trim().to_ascii_lowercase());
    if !matches!(mode.as_deref(), None | Some("n" | "y" | "b")) {
        return Err(PlatformError::invalid(
            "isEasy must be n (native), y (easy) or b (eight 8s)",
        ));
    }
    let qrcode = start_scan(world, &id, Some(phone), ip_config)?;
    let pair_code = match mode.as_deref() {
        // Native codes: WhatsApp's linking alphabet, in the example's XXXX_XXXX shape.
        Some("n") => {
            const ALPHABET: &[u8] = b"123456789ABCDEFGHJKLMNPQRSTVWXYZ";
            let mut half = || {
                (0..4)
                    .map(|_| *world.rng.pick(ALPHABET) as char)
                    .collect::<String>()
            };
            format!("{}_{}", half(), half())
        }
        // Easy codes: one letter and one digit, four times each (PPPP-1111).
        Some("y") => {
            let letter = (b'A' + world.rng.below(26) as u8) as char;
            let digit = (b'1' + world.rng.below(9) as u8) as char;
            format!(
                "{}-{}",
                letter.to_string().repeat(4),
                digit.to_string().repeat(4)
            )
        }
        _ => "88888888".to_owned(),
    };
    Ok(json!({"qrcode": qrcode, "pairCode": pair_code}))
}

/// Issues a QR payload for a live, not yet logged-in window and (re)starts the handset scan.
fn start_scan(
    world: &mut World,
    id: &str,
    phone: Option<String>,
    ip_config: Option<String>,
) -> Result<String, PlatformError> {
    let due_ms = world.now_ms + world.scaled_ms(SCAN_MS);
    let login = world
        .cloud
        .logins
        .get_mut(id)
        .filter(|l| l.is_live())
        .ok_or_else(port_gone)?;
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
    Ok(format!("2@{},{keys},1", base64(&mut world.rng, 74)))
}

fn get_qr_code_info(world: &mut World, p: &Params) -> Answer {
    let id = p.opt_str("id");
    // The table's phone row is nameless; the example answers `whatsApp`, the webhook `whatsapp`.
    let phone = p.opt_str("whatsApp").or_else(|| p.opt_str("whatsapp"));
    let mut logins: Vec<&Login> = world
        .cloud
        .logins
        .values()
        .filter(|l| id.as_ref().is_none_or(|id| &l.id == id))
        .filter(|l| phone.as_deref().is_none_or(|ph| l.any_phone() == Some(ph)))
        .collect();
    logins.sort_by_key(|l| l.port_id);
    let rows = logins.iter().map(|l| {
        json!({
            "status": i64::from(l.logged_in_phone().is_some()),
            "userName": l.user_name,
            "whatsApp": l.any_phone().unwrap_or(""),
        })
    });
    Ok(Value::Array(rows.collect()))
}

// ---- 29-31: online, offline, logout ----

fn on_line(world: &mut World, p: &Params) -> Answer {
    let id = p.str("id")?;
    let ip_config = p.opt_str("ipConfig");
    let phone = logged_in(world, &id)?;
    if world.cloud.over_quota(&id) {
        return Err(quota_exhausted());
    }
    if world
        .accounts
        .accounts
        .get(&phone)
        .is_some_and(|a| a.status == BANNED)
    {
        return Err(PlatformError::invalid(format!("account {phone} is banned")));
    }
    if let (Some(ip), Some(login)) = (ip_config, world.cloud.logins.get_mut(&id)) {
        login.ip_config = Some(ip);
    }
    accounts::set_status(world, &phone, NORMAL, ONLINE, "");
    Ok(json!([]))
}

fn offline(world: &mut World, p: &Params) -> Answer {
    let id = p.str("id")?;
    let phone = logged_in(world, &id)?;
    let status = account_status(world, &phone);
    accounts::set_status(world, &phone, status, OFFLINE, "");
    Ok(json!([]))
}

fn log_out(world: &mut World, p: &Params) -> Answer {
    let id = p.str("id")?;
    let login = world
        .cloud
        .logins
        .get_mut(&id)
        .filter(|l| l.is_live())
        .ok_or_else(port_gone)?;
    // Choice: logging out a window that is not logged in yet cancels its reservation.
    let phone = login.any_phone().map(str::to_owned);
    let was_logged_in = login.logged_in_phone().is_some();
    login.stage = LoginStage::Released {
        phone: phone.clone(),
    };
    if let (true, Some(phone)) = (was_logged_in, phone) {
        let status = account_status(world, &phone);
        accounts::set_status(world, &phone, status, OFFLINE, REASON_LOGGED_OUT);
    }
    Ok(json!([]))
}

/// The phone logged in on a live window: 1002 for unknown or released ids, 400 before login.
fn logged_in(world: &World, id: &str) -> Result<String, PlatformError> {
    let login = world
        .cloud
        .logins
        .get(id)
        .filter(|l| l.is_live())
        .ok_or_else(port_gone)?;
    login.logged_in_phone().map(str::to_owned).ok_or_else(|| {
        PlatformError::invalid(format!(
            "id {id} is not logged in yet: scan its QR code first"
        ))
    })
}

/// Like `logged_in`, and the account must be online: these calls read WhatsApp live.
fn online(world: &World, id: &str) -> Result<String, PlatformError> {
    let phone = logged_in(world, id)?;
    if is_online(world, &phone) {
        Ok(phone)
    } else {
        Err(PlatformError::invalid(format!(
            "{phone} on id {id} is disconnected: bring it online first"
        )))
    }
}

fn is_online(world: &World, phone: &str) -> bool {
    world
        .accounts
        .accounts
        .get(phone)
        .is_some_and(|a| a.online_status == ONLINE && a.status == NORMAL)
}

fn account_status(world: &World, phone: &str) -> i64 {
    world
        .accounts
        .accounts
        .get(phone)
        .map_or(NORMAL, |a| a.status)
}

// ---- 32-33: quota and port details ----

fn select_cloud_port(world: &mut World, _: &Params) -> Answer {
    Ok(json!({"currentPort": world.cloud.used_ports(), "maxPort": world.cloud.max_ports}))
}

fn select_cloud_port_detail(world: &mut World, _: &Params) -> Answer {
    let rows = world.cloud.live_in_order().into_iter().map(|l| {
        let phone = l.logged_in_phone();
        let status = phone.map(|ph| if is_online(world, ph) { PORT_ONLINE } else { PORT_DISCONNECTED });
        // The id is a JSON number above 2^53, as in the example (u64 is written exactly).
        json!({"phone": phone, "createTime": world.local_time(l.created_ms), "id": l.port_id, "status": status})
    });
    Ok(Value::Array(rows.collect()))
}

// ---- 34-36: contacts and profile ----

fn select_contact(world: &mut World, p: &Params) -> Answer {
    let owners = match p.opt_str("id") {
        Some(id) => vec![online(world, &id)?],
        // Choice: `id` is optional in the table; without it, every online port's book.
        None => world
            .cloud
            .live_in_order()
            .iter()
            .filter_map(|l| l.logged_in_phone())
            .filter(|ph| is_online(world, ph))
            .map(str::to_owned)
            .collect(),
    };
    let mut seen = BTreeSet::new();
    let contacts = owners
        .iter()
        .flat_map(|owner| contact_book(owner))
        .filter(|c| seen.insert(c["whatsapp"].to_string()));
    Ok(Value::Array(contacts.collect()))
}

fn contact_info(world: &mut World, p: &Params) -> Answer {
    let id = p.str("id")?;
    let wanted = phone("phone", &p.str("phone")?)?;
    let owner = online(world, &id)?;
    let known = contact_book(&owner)
        .into_iter()
        .find(|c| c["whatsapp"] == wanted.as_str());
    // Choice: a number outside the book is shown as a stranger, as WhatsApp shows one.
    Ok(known.unwrap_or_else(|| contact(&wanted, "", false, "", "")))
}

fn profile(world: &mut World, p: &Params) -> Answer {
    let id = p.str("id")?;
    let phone = online(world, &id)?;
    let since_ms = match world.cloud.logins.get(&id).map(|l| &l.stage) {
        Some(LoginStage::LoggedIn { since_ms, .. }) => *since_ms,
        _ => world.now_ms,
    };
    let account = world
        .accounts
        .accounts
        .get(&phone)
        .cloned()
        .unwrap_or_else(|| Account::new(&phone));
    let mut rng = Rng::new(fnv(&phone) ^ 0x9F0F);
    let push_name = if account.name.is_empty() {
        default_push_name(&phone)
    } else {
        account.name.clone()
    };
    let avatar = if account.avatar.is_empty() {
        format!(
            "https://pps.whatsapp.net/v/t61.24694-24/{}_n.jpg?ccb=11-4&_nc_sid=5e03e0",
            rng.next_u64()
        )
    } else {
        account.avatar.clone()
    };
    let business = account.account_type == 2;
    let about = *rng.pick(&[
        "Hey there! I am using WhatsApp.",
        "Available",
        "Busy",
        "At work",
        "Nihao",
    ]);
    let chats = contact_book(&phone).len() as u64 + rng.below(20);
    // lastChatTime is epoch seconds (documented), some time before the login.
    let last_chat = since_ms / 1000 - rng.below(3 * 86_400) as i64;
    Ok(json!({
        "whatsapp": phone,
        "isBusiness": business,
        "businessName": if business { push_name.as_str() } else { "" },
        "avatar": avatar,
        "pushName": push_name,
        "status": about,
        "chatNum": chats,
        "groupNum": rng.below(8),
        "lastChatTime": last_chat,
    }))
}

const FIRST_NAMES: [&str; 12] = [
    "Ryan", "Mia", "Wei", "Ana", "Omar", "Li", "Sara", "Jon", "Yuki", "Ravi", "Eva", "Tom",
];
const LAST_NAMES: [&str; 10] = [
    "yu", "Chen", "Silva", "Khan", "Tan", "Garcia", "Sato", "Patel", "Novak", "Lee",
];

/// The contact book of `owner`: derived from the phone, so it is the same on every call.
fn contact_book(owner: &str) -> Vec<Value> {
    let mut rng = Rng::new(fnv(owner));
    let country = &owner[..owner.len().min(2)];
    let mut seen = BTreeSet::new();
    let count = 3 + rng.below(6);
    (0..count)
        .filter_map(|_| {
            let phone = format!("{country}1{:010}", rng.below(10_000_000_000));
            let first = *rng.pick(&FIRST_NAMES);
            let last = *rng.pick(&LAST_NAMES);
            let friend = rng.chance(0.7);
            (phone != owner && seen.insert(phone.clone())).then(|| {
                let full = format!("{first} {last}");
                if friend {
                    contact(&phone, &full, true, first, &full)
                } else {
                    // Not saved: WhatsApp knows only the push name.
                    contact(&phone, &full, false, "", "")
                }
            })
        })
        .collect()
}

fn contact(phone: &str, push_name: &str, friend: bool, first: &str, full: &str) -> Value {
    json!({"whatsapp": phone, "pushName": push_name, "isFriend": friend, "firstName": first, "fullName": full})
}

fn default_push_name(phone: &str) -> String {
    let mut rng = Rng::new(fnv(phone) ^ 0x5A5A);
    format!("{} {}", rng.pick(&FIRST_NAMES), rng.pick(&LAST_NAMES))
}

// ---- 37: avatar and nickname ----

fn update_avatar_or_nickname(world: &mut World, p: &Params) -> Answer {
    let kind = p.code("type", &[0, 1])?;
    if !matches!(
        p.get("phoneList"),
        Value::Array(_) | Value::String(_) | Value::Null
    ) {
        return Err(PlatformError::invalid(
            "phoneList must be a list of phone numbers",
        ));
    }
    let phones = p.str_list("phoneList");
    if phones.is_empty() {
        return Err(PlatformError::invalid("phoneList is required"));
    }
    let avatar = p.opt_str("avatar");
    let nickname = p.opt_str("nickname");
    if avatar.is_none() && nickname.is_none() {
        return Err(PlatformError::invalid("avatar or nickname is required"));
    }
    if avatar
        .as_deref()
        .is_some_and(|a| !(a.starts_with("https://") || a.starts_with("http://")))
    {
        return Err(PlatformError::invalid(
            "avatar must be a reachable http(s) URL",
        ));
    }
    // Check every phone before changing any.
    for (i, text) in phones.iter().enumerate() {
        let field = format!("phoneList[{i}]");
        let ph = phone(&field, text)?;
        if !world.accounts.accounts.contains_key(&ph) {
            return Err(PlatformError::not_found(format!(
                "{field}: account {ph} does not exist"
            )));
        }
        let on_cloud_port = world
            .cloud
            .logins
            .values()
            .any(|l| l.logged_in_phone() == Some(ph.as_str()));
        if kind == 1 && !(on_cloud_port && is_online(world, &ph)) {
            return Err(PlatformError::invalid(format!(
                "{field}: cloud port must be online to execute ({ph} is not)"
            )));
        }
    }
    for ph in &phones {
        if let Some(account) = world.accounts.accounts.get_mut(ph) {
            if let Some(avatar) = &avatar {
                account.avatar = avatar.clone();
            }
            if let Some(nickname) = &nickname {
                account.name = nickname.clone();
            }
        }
    }
    Ok(json!(""))
}

// ---- 38-39: PC QR scan tasks ----

fn create_scan_task(world: &mut World, p: &Params) -> Answer {
    let role = p.code("allocationRole", &[1, 3])?;
    let user_id = match (p.opt_int("userId")?, role) {
        (Some(user), _) if user <= 0 => {
            return Err(PlatformError::invalid("userId must be a positive agent id"))
        }
        (Some(user), _) => user,
        (None, 3) => {
            return Err(PlatformError::invalid(
                "userId is required when allocationRole is 3 (specified)",
            ))
        }
        // Choice: "the server auto-selects one" from a fixed pool of agents.
        (None, _) => *world.rng.pick(&AGENT_POOL),
    };
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
    Ok(json!(id))
}

fn scan_task_qr_code(world: &mut World, p: &Params) -> Answer {
    let id = p.str("taskId")?;
    let scan_due_ms = world.now_ms + world.scaled_ms(SCAN_MS);
    let task = world
        .cloud
        .scan_tasks
        .get_mut(&id)
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
    Ok(json!(format!("2@{},{keys},1", base64(&mut world.rng, 74))))
}

/// The simulated handset of agent `user_id`.
fn agent_handset(user_id: i64) -> String {
    format!("861{:010}", user_id % 10_000_000_000)
}

// ---- the clock ----

fn advance_logins(world: &mut World) {
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
                    world.emit(
                        WebhookKind::QrLoginStatus,
                        json!({"id": id, "whatsapp": phone, "status": 0}),
                    );
                } else {
                    // The login result first, then the account status it causes.
                    world.emit(
                        WebhookKind::QrLoginStatus,
                        json!({"id": id, "whatsapp": phone, "status": 1}),
                    );
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
fn log_in(world: &mut World, id: &str, phone: &str, agent: &str) {
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

fn advance_scan_tasks(world: &mut World) {
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
    let body = json!({
        "taskId": id,
        "userId": task.user_id,
        "taskStatus": status,
        "whatsapp": phone,
        "updateTime": world.now_ms,
    });
    world.emit(WebhookKind::ScanTaskStatus, body);
}

/// Documented note: when max ports are below the occupied ports, accounts on the latest
/// requested ports are taken offline.
fn enforce_quota(world: &mut World) {
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

// ---- generated values ----

/// A phone for a QR login that does not name one: Chinese mobile format, never failing.
fn invent_phone(rng: &mut Rng) -> String {
    loop {
        let phone = format!("861{:010}", rng.below(10_000_000_000));
        if !phone.ends_with("0000") {
            return phone;
        }
    }
}

/// The three base64 key fields of a WhatsApp QR payload.
fn qr_keys(rng: &mut Rng) -> String {
    (0..3)
        .map(|_| base64(rng, 32))
        .collect::<Vec<_>>()
        .join(",")
}

/// `len` random bytes in standard padded base64, as the QR payload's fields are.
fn base64(rng: &mut Rng, len: usize) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let bytes: Vec<u8> = (0..len).map(|_| rng.below(256) as u8).collect();
    let mut out = String::with_capacity(len.div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// FNV-1a: a stable seed from a phone, independent of the world's rng.
fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard_encoding() {
        // A 74-byte ref encodes to 100 characters ending in one '=', like the example's.
        let mut rng = Rng::new(1);
        let encoded = base64(&mut rng, 74);
        assert_eq!(encoded.len(), 100);
        assert!(encoded.ends_with('=') && !encoded.ends_with("=="));
        assert_eq!(base64(&mut Rng::new(1), 32).len(), 44);
    }

    #[test]
    fn contact_books_are_stable_and_exclude_the_owner() {
        let book = contact_book("8618733334441");
        assert_eq!(book, contact_book("8618733334441"));
        assert!((3..=8).contains(&book.len()));
        assert!(book.iter().all(|c| c["whatsapp"] != "8618733334441"));
    }
}
