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

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Value};

use super::answer::{Answer, PlatformError};
use super::http::SimRoute;
use super::request::{is_phone, phone, Params};
use super::world::World;
use crate::upstream::Method;
use crate::wire::webhook::WebhookKind;

/// Account status (`status`): 1 normal, 2 banned.
pub const NORMAL: i64 = 1;
pub const BANNED: i64 = 2;
/// Online status (`onlineStatus`): 1 logging in, 2 online, 3 logging out, 4 offline.
pub const LOGGING_IN: i64 = 1;
pub const ONLINE: i64 = 2;
pub const LOGGING_OUT: i64 = 3;
pub const OFFLINE: i64 = 4;

/// WA_SYNC_ON_OR_OFF_LINE_STATUS `detailStatus` values; the record's `status` is the tens
/// (10 online, 20 disconnected, 30 offline, 40 banned).
pub const DETAIL_QR_LOGIN: i64 = 11;
pub const DETAIL_ONLINE: i64 = 12;
pub const DETAIL_DISCONNECTED: i64 = 21;
pub const DETAIL_CLOSED_ACCOUNT: i64 = 31;
pub const DETAIL_CLOSED_CLIENT: i64 = 32;
pub const DETAIL_MONITOR_OFFLINE: i64 = 33;
pub const DETAIL_BANNED: i64 = 41;

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
/// Time a wake-up action takes to start (opening the window on the agent's client; undocumented).
const ACTION_START_MS: f64 = 1_000.0;
/// How long an action waits for its account to log in before failing. The documents say one
/// minute; it is shortened (like every platform duration here) so demos see results.
const ACTION_LOGIN_WAIT_MS: f64 = 2_000.0;
/// Documented: actions on the same agent and account run sequentially, 10 s apart.
const ACTION_SPACING_MS: f64 = 10_000.0;
/// Documented: 0-50 records per WA_SYNC_ON_OR_OFF_LINE_STATUS webhook.
const ONLINE_RECORDS_PER_WEBHOOK: usize = 50;
/// Documented: one message's content is at most 1024 characters.
const MAX_CONTENT_CHARS: usize = 1024;
/// executeTime of an action not executed yet: epoch + 1 s, which is the documented
/// "1970-01-01 08:00:01" in the platform's UTC+8.
const PLACEHOLDER_EXECUTE_MS: i64 = 1_000;
/// Key fields batchInsert's table marks required; the examples send them as "".
const IMPORT_KEYS: [&str; 5] = [
    "publicKey",
    "privateKey",
    "msgPublicKey",
    "msgPrivateKey",
    "accountId",
];
/// batchOnline's required key fields (`accountId` is optional there).
const ONLINE_KEYS: [&str; 4] = ["publicKey", "privateKey", "msgPublicKey", "msgPrivateKey"];

/// One customer-service account.
#[derive(Debug, Clone)]
pub struct Account {
    pub phone: String,
    /// NORMAL or BANNED.
    pub status: i64,
    /// LOGGING_IN, ONLINE, LOGGING_OUT or OFFLINE.
    pub online_status: i64,
    /// 1 personal, 2 business.
    pub account_type: i64,
    pub name: String,
    pub avatar: String,
    /// Agent account the account is logged in under ("" when none).
    pub agent: String,
    /// 1 PC, 2 Android.
    pub platform_type: i64,
}

impl Account {
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
    pub id: i64,
    pub name: String,
    /// Deduplicated phones, in the order given.
    pub members: Vec<String>,
}

/// A wake-up action (endpoints 22-23).
#[derive(Debug, Clone)]
pub struct Action {
    pub id: String,
    pub tenant_id: i64,
    pub agent: String,
    /// As given ("" when absent) until executed, then the account that ran it.
    pub whats_id: String,
    pub friend: String,
    pub platform_type: i64,
    pub content: String,
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

#[derive(Debug)]
pub struct State {
    pub accounts: BTreeMap<String, Account>,
    pub audiences: BTreeMap<i64, Audience>,
    pub actions: BTreeMap<String, Action>,
    next_audience_id: i64,
    next_registration_id: i64,
    /// Pending registrations by full number (area code digits + phone).
    registrations: BTreeMap<String, Registration>,
    /// Accounts logging in, with the time their login completes.
    logins: BTreeMap<String, i64>,
    /// Ids of actions not executed yet, in creation order.
    pending_actions: Vec<String>,
    /// Earliest start of the next action per (agent, whatsId) lane.
    lanes: BTreeMap<(String, String), i64>,
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
    world.emit(
        WebhookKind::AccountStatus,
        json!({"whatsApp": phone, "status": status, "onlineStatus": online_status, "reason": reason, "instanceCode": ""}),
    );
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
    let record = json!({
        "whatsId": phone,
        "status": detail / 10 * 10,
        "detailStatus": detail,
        "account": agent,
        "platformType": platform_type,
        "time": world.local_time(world.now_ms),
    });
    world.accounts.online_records.push(record);
}

pub fn routes() -> Vec<SimRoute> {
    use Method::{Get, Post};
    let route = |method, path, handler| SimRoute {
        method,
        path,
        handler,
    };
    vec![
        route(
            Post,
            "/group-dispatch-api/whatsapp-audience/addWhatsappAudience",
            add_audience,
        ),
        route(
            Get,
            "/group-dispatch-api/whatsapp-audience/query",
            query_audiences,
        ),
        route(
            Get,
            "/group-dispatch-api/whatsapp-audience/queryDetail",
            audience_detail,
        ),
        route(
            Post,
            "/group-dispatch-api/whatsapp/batchInsert",
            batch_insert,
        ),
        route(
            Get,
            "/group-dispatch-api/whatsapp/queryWhatsAppStatus",
            query_accounts,
        ),
        route(
            Post,
            "/group-dispatch-api/whatsapp/batchOnline",
            batch_online,
        ),
        route(
            Post,
            "/group-dispatch-api/whatsapp/batchRecycle",
            batch_recycle,
        ),
        route(
            Post,
            "/group-dispatch-api/register/submitPhone",
            submit_phone,
        ),
        route(
            Post,
            "/group-dispatch-api/register/submitVerifyCode",
            submit_verify_code,
        ),
        route(Post, "/wscrm-bus-api/open/action/batchAdd", add_actions),
        route(
            Post,
            "/wscrm-bus-api/open/action/callbackResult",
            action_results,
        ),
    ]
}

/// Completes due logins, registrations and wake-up actions, then sends the queued online/offline
/// records.
pub fn tick(world: &mut World) {
    complete_logins(world);
    complete_registrations(world);
    run_actions(world);
    flush_online_records(world);
}

// ---- audience groups (13-15) ----

/// 13: invalid numbers and repeats are not saved (`count` is documented as the number of
/// successfully saved records); a list with nothing valid is rejected. Names need not be unique.
fn add_audience(world: &mut World, params: &Params) -> Answer {
    let name = params.str("name")?;
    let given = params.str_list("whatsIdList");
    if given.is_empty() {
        return Err(PlatformError::invalid("whatsIdList is required"));
    }
    let mut seen = BTreeSet::new();
    let members: Vec<String> = given
        .iter()
        .map(|p| p.trim())
        .filter(|p| is_phone(p) && seen.insert(*p))
        .map(str::to_owned)
        .collect();
    if members.is_empty() {
        return Err(PlatformError::invalid(
            "whatsIdList has no valid WhatsApp number",
        ));
    }
    let state = &mut world.accounts;
    let id = state.next_audience_id;
    state.next_audience_id += 1;
    let count = members.len();
    state.audiences.insert(id, Audience { id, name, members });
    Ok(json!({"id": id, "count": count}))
}

/// 14: `name` matches as a substring (the documents do not say how); groups in id order.
fn query_audiences(world: &mut World, params: &Params) -> Answer {
    let name = params.opt_str("name");
    let id = params.opt_int("id")?;
    let current = params.opt_int("current")?.unwrap_or(1);
    let size = params.opt_int("size")?.unwrap_or(10);
    if current < 1 {
        return Err(PlatformError::invalid("current must be at least 1"));
    }
    if size < 1 {
        return Err(PlatformError::invalid("size must be at least 1"));
    }
    let matching: Vec<&Audience> = world
        .accounts
        .audiences
        .values()
        .filter(|a| id.is_none_or(|id| a.id == id))
        .filter(|a| name.as_deref().is_none_or(|n| a.name.contains(n)))
        .collect();
    let skip = usize::try_from((current - 1).saturating_mul(size)).unwrap_or(usize::MAX);
    let size = usize::try_from(size).unwrap_or(usize::MAX);
    let records: Vec<Value> = matching
        .iter()
        .skip(skip)
        .take(size)
        .map(|a| json!({"id": a.id, "name": a.name, "items": items(&a.members)}))
        .collect();
    Ok(json!({"records": records, "total": matching.len()}))
}

/// 15: `data` is a bare array, as the example (the table says Object).
fn audience_detail(world: &mut World, params: &Params) -> Answer {
    let id = params.int("id")?;
    let audience = world
        .accounts
        .audiences
        .get(&id)
        .ok_or_else(|| PlatformError::not_found(format!("no audience group {id}")))?;
    Ok(items(&audience.members))
}

fn items(members: &[String]) -> Value {
    members
        .iter()
        .map(|p| json!({"phone": p, "countryCode": region(p)}))
        .collect()
}

/// The region of a number, by its country calling code (longest prefix). English names: the
/// documents localise by a request header they do not name. "UNKNOWN" as the example shows
/// (its "99123456" starts with the unassigned 991). NANP "1" is reported as the United States.
pub fn region(phone: &str) -> &'static str {
    (1..=3)
        .rev()
        .filter_map(|len| phone.get(..len))
        .find_map(|prefix| {
            CALLING_CODES
                .iter()
                .find(|(code, _)| *code == prefix)
                .map(|(_, name)| *name)
        })
        .unwrap_or("UNKNOWN")
}

const CALLING_CODES: &[(&str, &str)] = &[
    ("1", "United States"),
    ("7", "Russia"),
    ("76", "Kazakhstan"),
    ("77", "Kazakhstan"),
    ("20", "Egypt"),
    ("211", "South Sudan"),
    ("212", "Morocco"),
    ("213", "Algeria"),
    ("216", "Tunisia"),
    ("218", "Libya"),
    ("220", "Gambia"),
    ("221", "Senegal"),
    ("222", "Mauritania"),
    ("223", "Mali"),
    ("224", "Guinea"),
    ("225", "Ivory Coast"),
    ("226", "Burkina Faso"),
    ("227", "Niger"),
    ("228", "Togo"),
    ("229", "Benin"),
    ("230", "Mauritius"),
    ("231", "Liberia"),
    ("232", "Sierra Leone"),
    ("233", "Ghana"),
    ("234", "Nigeria"),
    ("235", "Chad"),
    ("236", "Central African Republic"),
    ("237", "Cameroon"),
    ("238", "Cape Verde"),
    ("239", "Sao Tome and Principe"),
    ("240", "Equatorial Guinea"),
    ("241", "Gabon"),
    ("242", "Congo"),
    ("243", "DR Congo"),
    ("244", "Angola"),
    ("245", "Guinea-Bissau"),
    ("248", "Seychelles"),
    ("249", "Sudan"),
    ("250", "Rwanda"),
    ("251", "Ethiopia"),
    ("252", "Somalia"),
    ("253", "Djibouti"),
    ("254", "Kenya"),
    ("255", "Tanzania"),
    ("256", "Uganda"),
    ("257", "Burundi"),
    ("258", "Mozambique"),
    ("260", "Zambia"),
    ("261", "Madagascar"),
    ("262", "Reunion"),
    ("263", "Zimbabwe"),
    ("264", "Namibia"),
    ("265", "Malawi"),
    ("266", "Lesotho"),
    ("267", "Botswana"),
    ("268", "Eswatini"),
    ("269", "Comoros"),
    ("27", "South Africa"),
    ("291", "Eritrea"),
    ("297", "Aruba"),
    ("298", "Faroe Islands"),
    ("299", "Greenland"),
    ("30", "Greece"),
    ("31", "Netherlands"),
    ("32", "Belgium"),
    ("33", "France"),
    ("34", "Spain"),
    ("350", "Gibraltar"),
    ("351", "Portugal"),
    ("352", "Luxembourg"),
    ("353", "Ireland"),
    ("354", "Iceland"),
    ("355", "Albania"),
    ("356", "Malta"),
    ("357", "Cyprus"),
    ("358", "Finland"),
    ("359", "Bulgaria"),
    ("36", "Hungary"),
    ("370", "Lithuania"),
    ("371", "Latvia"),
    ("372", "Estonia"),
    ("373", "Moldova"),
    ("374", "Armenia"),
    ("375", "Belarus"),
    ("376", "Andorra"),
    ("377", "Monaco"),
    ("378", "San Marino"),
    ("380", "Ukraine"),
    ("381", "Serbia"),
    ("382", "Montenegro"),
    ("383", "Kosovo"),
    ("385", "Croatia"),
    ("386", "Slovenia"),
    ("387", "Bosnia and Herzegovina"),
    ("389", "North Macedonia"),
    ("39", "Italy"),
    ("40", "Romania"),
    ("41", "Switzerland"),
    ("420", "Czech Republic"),
    ("421", "Slovakia"),
    ("423", "Liechtenstein"),
    ("43", "Austria"),
    ("44", "United Kingdom"),
    ("45", "Denmark"),
    ("46", "Sweden"),
    ("47", "Norway"),
    ("48", "Poland"),
    ("49", "Germany"),
    ("501", "Belize"),
    ("502", "Guatemala"),
    ("503", "El Salvador"),
    ("504", "Honduras"),
    ("505", "Nicaragua"),
    ("506", "Costa Rica"),
    ("507", "Panama"),
    ("509", "Haiti"),
    ("51", "Peru"),
    ("52", "Mexico"),
    ("53", "Cuba"),
    ("54", "Argentina"),
    ("55", "Brazil"),
    ("56", "Chile"),
    ("57", "Colombia"),
    ("58", "Venezuela"),
    ("591", "Bolivia"),
    ("592", "Guyana"),
    ("593", "Ecuador"),
    ("595", "Paraguay"),
    ("597", "Suriname"),
    ("598", "Uruguay"),
    ("60", "Malaysia"),
    ("61", "Australia"),
    ("62", "Indonesia"),
    ("63", "Philippines"),
    ("64", "New Zealand"),
    ("65", "Singapore"),
    ("66", "Thailand"),
    ("670", "Timor-Leste"),
    ("673", "Brunei"),
    ("675", "Papua New Guinea"),
    ("676", "Tonga"),
    ("677", "Solomon Islands"),
    ("678", "Vanuatu"),
    ("679", "Fiji"),
    ("685", "Samoa"),
    ("81", "Japan"),
    ("82", "South Korea"),
    ("84", "Vietnam"),
    ("850", "North Korea"),
    ("852", "Hong Kong"),
    ("853", "Macau"),
    ("855", "Cambodia"),
    ("856", "Laos"),
    ("86", "China"),
    ("880", "Bangladesh"),
    ("886", "Taiwan"),
    ("90", "Turkey"),
    ("91", "India"),
    ("92", "Pakistan"),
    ("93", "Afghanistan"),
    ("94", "Sri Lanka"),
    ("95", "Myanmar"),
    ("960", "Maldives"),
    ("961", "Lebanon"),
    ("962", "Jordan"),
    ("963", "Syria"),
    ("964", "Iraq"),
    ("965", "Kuwait"),
    ("966", "Saudi Arabia"),
    ("967", "Yemen"),
    ("968", "Oman"),
    ("970", "Palestine"),
    ("971", "United Arab Emirates"),
    ("972", "Israel"),
    ("973", "Bahrain"),
    ("974", "Qatar"),
    ("975", "Bhutan"),
    ("976", "Mongolia"),
    ("977", "Nepal"),
    ("98", "Iran"),
    ("992", "Tajikistan"),
    ("993", "Turkmenistan"),
    ("994", "Azerbaijan"),
    ("995", "Georgia"),
    ("996", "Kyrgyzstan"),
    ("998", "Uzbekistan"),
];

// ---- accounts (16-19) ----

/// What batchInsert and batchOnline read of one account.
struct Credentials {
    phone: String,
    account_type: Option<i64>,
    name: Option<String>,
    avatar: Option<String>,
}

/// Reads `whatsAppList[index]`, naming the item in errors. The key fields must be present
/// (not missing, not null) but may be "", as the examples send them.
fn read_credentials(
    item: &Params,
    index: usize,
    keys: &[&str],
) -> Result<Credentials, PlatformError> {
    let at = |error: PlatformError| {
        PlatformError::invalid(format!("whatsAppList[{index}].{}", error.message))
    };
    let phone = phone("whatsApp", &item.str("whatsApp").map_err(at)?).map_err(at)?;
    for key in keys {
        match item.get(key) {
            Value::Null => return Err(at(PlatformError::invalid(format!("{key} is required")))),
            Value::String(_) | Value::Number(_) => {}
            _ => {
                return Err(at(PlatformError::invalid(format!(
                    "{key} must be a string"
                ))))
            }
        }
    }
    Ok(Credentials {
        phone,
        account_type: item.opt_code("whatsappType", &[1, 2]).map_err(at)?,
        name: item.opt_str("name"),
        avatar: item.opt_str("avatar"),
    })
}

/// The whole list is validated before anything changes, so a bad item changes nothing.
fn read_account_list(
    params: &Params,
    keys: &[&str],
) -> Result<Vec<(Credentials, Params)>, PlatformError> {
    let items = params.objects("whatsAppList")?;
    if items.is_empty() {
        return Err(PlatformError::invalid("whatsAppList is required"));
    }
    items
        .into_iter()
        .enumerate()
        .map(|(i, item)| Ok((read_credentials(&item, i, keys)?, item)))
        .collect()
}

/// Creates the account (offline, normal) or updates the fields given; the keys are accepted
/// but not kept: nothing the platform answers shows them.
fn upsert(world: &mut World, credentials: &Credentials) {
    let account = world
        .accounts
        .accounts
        .entry(credentials.phone.clone())
        .or_insert_with(|| Account::new(&credentials.phone));
    if let Some(account_type) = credentials.account_type {
        account.account_type = account_type;
    }
    if let Some(name) = &credentials.name {
        account.name = name.clone();
    }
    if let Some(avatar) = &credentials.avatar {
        account.avatar = avatar.clone();
    }
}

/// 16: imported accounts start offline (no webhook: nothing changed state). Importing a known
/// account updates its name/avatar/type and keeps its status.
fn batch_insert(world: &mut World, params: &Params) -> Answer {
    for (credentials, _) in read_account_list(params, &IMPORT_KEYS)? {
        upsert(world, &credentials);
    }
    Ok(json!(""))
}

/// 17: every account, in phone order.
fn query_accounts(world: &mut World, _params: &Params) -> Answer {
    let accounts = world.accounts.accounts.values();
    Ok(accounts
        .map(|a| json!({"whatsApp": a.phone, "status": a.status, "onlineStatus": a.online_status}))
        .collect())
}

/// 18: each account goes logging in (1), then online (2) after a scaled delay. Undocumented
/// choices: an unknown account is imported on the fly (the item carries everything an import
/// does); an account online or logging in is left alone unless `override` is true, which logs
/// it in again; a banned account stays banned.
fn batch_online(world: &mut World, params: &Params) -> Answer {
    let items = read_account_list(params, &ONLINE_KEYS)?;
    let mut list = Vec::with_capacity(items.len());
    for (i, (credentials, item)) in items.into_iter().enumerate() {
        let force = item.opt_bool("override").ok_or_else(|| {
            PlatformError::invalid(format!(
                "whatsAppList[{i}].override is required (true or false)"
            ))
        })?;
        list.push((credentials, force));
    }
    let due = world.now_ms + world.scaled_ms(LOGIN_MS);
    for (credentials, force) in list {
        upsert(world, &credentials);
        let account = &world.accounts.accounts[&credentials.phone];
        let busy = matches!(account.online_status, ONLINE | LOGGING_IN);
        if account.status == BANNED || (busy && !force) {
            continue;
        }
        set_status(world, &credentials.phone, NORMAL, LOGGING_IN, "");
        world.accounts.logins.insert(credentials.phone, due);
    }
    Ok(json!(""))
}

fn complete_logins(world: &mut World) {
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

/// 19: each account is taken offline (logging out first when online; the webhooks go before the
/// removal, detail 31 "close account") and removed. The list is optional in the table: absent
/// or empty recycles nothing. Unknown numbers are skipped (recycling is idempotent), but a
/// malformed number is rejected.
fn batch_recycle(world: &mut World, params: &Params) -> Answer {
    let phones = params.str_list("whatsAppList");
    for (i, p) in phones.iter().enumerate() {
        phone(&format!("whatsAppList[{i}]"), p)?;
    }
    for phone in phones {
        let Some(account) = world.accounts.accounts.get(&phone) else {
            continue;
        };
        let status = account.status;
        if account.online_status == ONLINE && status == NORMAL {
            set_status(world, &phone, status, LOGGING_OUT, "");
        }
        set_status_detailed(
            world,
            &phone,
            status,
            OFFLINE,
            "",
            Some(DETAIL_CLOSED_ACCOUNT),
        );
        let state = &mut world.accounts;
        state.accounts.remove(&phone);
        state.logins.remove(&phone);
        state.reported_online.remove(&phone);
    }
    Ok(json!(""))
}

// ---- registration (20-21) ----

/// "+86" or "86" -> "86".
fn area_code(params: &Params) -> Result<String, PlatformError> {
    let raw = params.str("areaCode")?;
    let digits = raw.trim().trim_start_matches('+');
    if (1..=4).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) {
        Ok(digits.to_owned())
    } else {
        Err(PlatformError::invalid(format!(
            "areaCode {raw:?} is not a calling code like \"+86\""
        )))
    }
}

/// The number registered: area code digits + phone (the examples send them apart).
fn full_number(params: &Params) -> Result<String, PlatformError> {
    let local = phone("phone", &params.str("phone")?)?;
    let full = format!("{}{local}", area_code(params)?);
    phone("areaCode+phone", &full)
}

/// 20: a new submission for the same number replaces a pending one (a new code is sent).
fn submit_phone(world: &mut World, params: &Params) -> Answer {
    let full = full_number(params)?;
    params.code("verifyType", &[0, 1, 2, 3])?;
    let account_type = params.code("accountType", &[1, 2])?;
    let country = params.str("countryCode")?;
    if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(PlatformError::invalid(format!(
            "countryCode {country:?} is not a two-letter code like \"CN\""
        )));
    }
    let state = &mut world.accounts;
    let task_id = state.next_registration_id;
    state.next_registration_id += 1;
    state.registrations.insert(
        full,
        Registration {
            task_id,
            account_type,
            verifying: None,
        },
    );
    Ok(json!(task_id))
}

/// 21: the documents do not say which codes are right: here a code of exactly six digits
/// succeeds, anything else fails. The result comes later in CHANNEL_REGISTER_STATUS. One code
/// is checked at a time; after a failure a new code may be submitted.
fn submit_verify_code(world: &mut World, params: &Params) -> Answer {
    let full = full_number(params)?;
    let code = params.str("verifyCode")?;
    let due = world.now_ms + world.scaled_ms(REGISTRATION_MS);
    let registration = world.accounts.registrations.get_mut(&full).ok_or_else(|| {
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
    let ok = code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit());
    registration.verifying = Some((due, ok));
    Ok(json!(""))
}

/// Sends due registration results; `status` is a string ("1"/"0") as the documented example.
/// A success adds the account (offline) and ends the registration.
fn complete_registrations(world: &mut World) {
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
        world.emit(
            WebhookKind::RegisterStatus,
            json!({"phone": full, "status": if ok { "1" } else { "0" }}),
        );
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

// ---- wake-up actions (22-23) ----

/// One item of batchAdd's `data`.
struct NewAction {
    agent: String,
    whats_id: Option<String>,
    friend: String,
    platform_type: i64,
    content: String,
    kind: i64,
}

fn read_action(item: &Params, index: usize) -> Result<NewAction, PlatformError> {
    let at =
        |error: PlatformError| PlatformError::invalid(format!("data[{index}].{}", error.message));
    let content = item.opt_str("content").unwrap_or_default();
    if content.chars().count() > MAX_CONTENT_CHARS {
        return Err(at(PlatformError::invalid(format!(
            "content is longer than {MAX_CONTENT_CHARS} characters"
        ))));
    }
    Ok(NewAction {
        agent: item.str("agentAccount").map_err(at)?,
        whats_id: item
            .opt_str("whatsId")
            .map(|w| phone("whatsId", &w))
            .transpose()
            .map_err(at)?,
        friend: phone("friendWhatsId", &item.str("friendWhatsId").map_err(at)?).map_err(at)?,
        platform_type: item.code("platformType", &[1, 2]).map_err(at)?,
        content,
        // "1" (a string) as the example sends it reads as 1.
        kind: item.code("type", &[1]).map_err(at)?,
    })
}

/// 22: one id per item, in order (`data` is a list, as the example; the table says String).
/// Any tenant id is accepted (the platform's tenants are not modelled); it scopes the results.
fn add_actions(world: &mut World, params: &Params) -> Answer {
    let tenant_id = params.int("tenantId")?;
    let items = params.objects("data")?;
    if items.is_empty() {
        return Err(PlatformError::invalid("data is required"));
    }
    let new: Vec<NewAction> = items
        .iter()
        .enumerate()
        .map(|(i, item)| read_action(item, i))
        .collect::<Result<_, _>>()?;
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
    Ok(json!(ids))
}

/// Runs started actions: success as soon as the account is online (its whatsId, or the first
/// online account of the agent when none was given); failure when it is not within the login
/// wait. An account already bound to another agent does not count; one with no agent (brought
/// online through batchOnline) is bound to the action's agent on success.
fn run_actions(world: &mut World) {
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

/// 23: results in the order asked. An id that does not exist or belongs to another tenant is
/// "not found" (404), so one tenant cannot read another's.
fn action_results(world: &mut World, params: &Params) -> Answer {
    let tenant_id = params.int("tenantId")?;
    if params.get("data").is_null() {
        return Err(PlatformError::invalid("data is required"));
    }
    let mut records = Vec::new();
    for id in params.str_list("data") {
        let action = world
            .accounts
            .actions
            .get(&id)
            .filter(|a| a.tenant_id == tenant_id)
            .ok_or_else(|| {
                PlatformError::not_found(format!("no wake-up action {id} for tenant {tenant_id}"))
            })?;
        records.push(json!({
            "id": action.id,
            "tenantId": action.tenant_id,
            "agentAccount": action.agent,
            "whatsId": action.whats_id,
            "friendWhatsId": action.friend,
            "type": action.kind,
            // A number, as the example (the table says String).
            "executeStatus": action.execute_status,
            "executeTime": world.local_time(action.execute_time_ms.unwrap_or(PLACEHOLDER_EXECUTE_MS)),
        }));
    }
    Ok(Value::Array(records))
}

// ---- WA_SYNC_ON_OR_OFF_LINE_STATUS ----

/// Sends the queued records, at most 50 per webhook, alternating the body between the example's
/// bare array and the table's `{"whatsAppList": [...]}` so receivers meet both.
fn flush_online_records(world: &mut World) {
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
        let body = if bare {
            Value::Array(chunk.to_vec())
        } else {
            json!({"whatsAppList": chunk})
        };
        world.emit(WebhookKind::OnlineStatus, body);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_follow_the_examples() {
        assert_eq!(region("99123456"), "UNKNOWN");
        assert_eq!(region("98123456"), "Iran");
        assert_eq!(region("8613800000001"), "China");
        assert_eq!(region("85291234567"), "Hong Kong");
        assert_eq!(region("77012345678"), "Kazakhstan");
        assert_eq!(region("79012345678"), "Russia");
        assert_eq!(region(""), "UNKNOWN");
    }

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
