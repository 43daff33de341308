//! The cloud endpoints (24-39): their routes, and for each how the request is read and what is
//! answered; the windows' and scan tasks' transitions are in `logins` and `scan_tasks`.

use std::collections::BTreeSet;

use serde_json::{json, Value};

use super::codes::{quota_exhausted, CLOUD_PC, PC, PORT_DISCONNECTED, PORT_ONLINE};
use super::generated::{contact, contact_book, default_push_name, fnv};
use super::logins::{self, reserve, start_scan};
use super::scan_tasks::{self, AGENT_POOL};
use super::state::{account_status, is_online, logged_in, online, Login, LoginStage};
use crate::sim::accounts::{self, Account, BANNED, NORMAL, OFFLINE, ONLINE};
use crate::sim::answer::{Answer, PlatformError};
use crate::sim::http::{Handler, SimRoute};
use crate::sim::request::{phone, Params};
use crate::sim::rng::Rng;
use crate::sim::world::World;
use crate::upstream::Method;

/// The routes of endpoints 24-39.
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
    logins::log_out(world, &id)?;
    Ok(json!([]))
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
    Ok(json!(scan_tasks::create(world, user_id)?))
}

fn scan_task_qr_code(world: &mut World, p: &Params) -> Answer {
    let id = p.str("taskId")?;
    Ok(json!(scan_tasks::show_qr(world, &id)?))
}
