//! The account endpoints (13-23): their routes, and for each how the request is read and what
//! is answered. Every list is checked whole before anything changes.

use std::collections::BTreeSet;

use serde_json::{json, Value};

use super::actions::{self, NewAction};
use super::regions::region;
use super::state::{self, Account, Audience};
use crate::sim::answer::{Answer, PlatformError};
use crate::sim::http::SimRoute;
use crate::sim::request::{is_phone, phone, Params};
use crate::sim::world::World;
use crate::upstream::Method;

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

/// The routes of endpoints 13-23.
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
    let count = members.len();
    let id = world.accounts.add_audience(name, members);
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
    for (credentials, force) in list {
        upsert(world, &credentials);
        state::log_in(world, credentials.phone, force);
    }
    Ok(json!(""))
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
        state::recycle(world, &phone);
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
    let task_id = world.accounts.register(full, account_type);
    Ok(json!(task_id))
}

/// 21: the documents do not say which codes are right: here a code of exactly six digits
/// succeeds, anything else fails. The result comes later in CHANNEL_REGISTER_STATUS. One code
/// is checked at a time; after a failure a new code may be submitted.
fn submit_verify_code(world: &mut World, params: &Params) -> Answer {
    let full = full_number(params)?;
    let code = params.str("verifyCode")?;
    let ok = code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit());
    state::verify(world, &full, ok)?;
    Ok(json!(""))
}

// ---- wake-up actions (22-23) ----

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
    Ok(json!(actions::add_actions(world, tenant_id, new)))
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
