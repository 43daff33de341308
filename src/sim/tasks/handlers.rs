//! The task endpoints (1-12): their routes, and for each how the request is read, which
//! senders and targets it makes, and what is answered.

use serde_json::{json, Value};

use super::read::{
    audience_condition, automated_behaviour, batch_ids, check_count, contents, friend, friends,
    send_infos, spec, within,
};
use super::state::{self, task_rng, Batch, Target};
use crate::sim::answer::{Answer, PlatformError};
use crate::sim::http::{Handler, SimRoute};
use crate::sim::request::{phone, Params};
use crate::sim::rng::Rng;
use crate::sim::world::World;
use crate::upstream::Method;

fn post(path: &'static str, handler: Handler) -> SimRoute {
    SimRoute {
        method: Method::Post,
        path,
        handler,
    }
}

/// The routes of endpoints 1-12.
pub fn routes() -> Vec<SimRoute> {
    vec![
        post(
            "/group-dispatch-api/gsTask/assign/soCreate",
            assign_so_create,
        ),
        post(
            "/group-dispatch-api/gsTask/assign/moscCreate",
            assign_mosc_create,
        ),
        post(
            "/group-dispatch-api/gsTask/assign/modcCreate",
            assign_modc_create,
        ),
        post(
            "/group-dispatch-api/gsTask/assign/mmCreate",
            assign_mm_create,
        ),
        post(
            "/group-dispatch-api/gsTask/assign/groupCreate",
            assign_group_create,
        ),
        post(
            "/group-dispatch-api/gsTask/noAssign/soCreate",
            no_assign_so_create,
        ),
        post(
            "/group-dispatch-api/gsTask/noAssign/moCreate",
            no_assign_mo_create,
        ),
        post(
            "/group-dispatch-api/gsTask/noAssign/comoCreate",
            no_assign_como_create,
        ),
        SimRoute {
            method: Method::Get,
            path: "/group-dispatch-api/gsTask/queryExecuteStatus",
            handler: query_execute_status,
        },
        post("/group-dispatch-api/gsTask/batchStart", batch_start),
        post("/group-dispatch-api/gsTask/batchPause", batch_pause),
        post("/group-dispatch-api/gsTask/batchStop", batch_stop),
    ]
}

// ---- creating ----

/// Pairs targets with senders round-robin, starting at `offset`.
fn round_robin(
    senders: &[String],
    friends: Vec<String>,
    offset: usize,
    trans_id: Option<String>,
) -> Vec<Target> {
    friends
        .into_iter()
        .enumerate()
        .map(|(i, friend)| Target {
            sender: senders[(offset + i) % senders.len()].clone(),
            friend,
            trans_id: trans_id.clone(),
        })
        .collect()
}

/// Creates a task of an unassigned mode: the platform spreads the targets round-robin over the
/// online accounts, from a seeded offset.
fn create_unassigned(
    world: &mut World,
    spec: state::Spec,
    friends: Vec<String>,
    trans_id: Option<String>,
) -> Answer {
    let online = world.accounts.online_phones();
    if online.is_empty() {
        return Err(PlatformError::invalid(
            "no customer service account is online to send the task",
        ));
    }
    let offset = task_rng(world).below(online.len() as u64) as usize;
    create(world, spec, round_robin(&online, friends, offset, trans_id))
}

/// Creates the task once its targets are known: at least one, at most `MAX_TARGETS`.
fn create(world: &mut World, spec: state::Spec, targets: Vec<Target>) -> Answer {
    check_count(targets.len())?;
    if targets.is_empty() {
        return Err(PlatformError::invalid("the task has no targets"));
    }
    Ok(json!({"taskId": state::create(world, spec, targets)}))
}

/// 1: one specified sender, one target; the only mode with sendType 3 (cloud PC).
fn assign_so_create(world: &mut World, p: &Params) -> Answer {
    let spec = spec(world, p, &[1, 2, 3])?;
    let trans_id = contents(p, "content", spec.group)?;
    let sender = phone("sendWhatsApp", &p.str("sendWhatsApp")?)?;
    let friend = friend("friendWhatsApp", &p.str("friendWhatsApp")?, spec.group)?;
    create(
        world,
        spec,
        vec![Target {
            sender,
            friend,
            trans_id,
        }],
    )
}

/// 2: specified sender/target pairs, shared content.
fn assign_mosc_create(world: &mut World, p: &Params) -> Answer {
    let spec = spec(world, p, &[1, 2])?;
    let targets = send_infos(p, spec.group, false)?;
    create(world, spec, targets)
}

/// 3: specified sender/target pairs, each with its own content.
fn assign_modc_create(world: &mut World, p: &Params) -> Answer {
    let spec = spec(world, p, &[1, 2])?;
    let targets = send_infos(p, spec.group, true)?;
    create(world, spec, targets)
}

/// 4: a pool of senders and a list of targets, not bound: targets go round-robin over the pool.
fn assign_mm_create(world: &mut World, p: &Params) -> Answer {
    let spec = spec(world, p, &[1, 2])?;
    let trans_id = contents(p, "content", spec.group)?;
    let senders = p.str_list("sendWhatsAppList");
    if senders.is_empty() {
        return Err(PlatformError::invalid(
            "sendWhatsAppList is required (a non-empty list)",
        ));
    }
    let senders = senders
        .iter()
        .map(|s| phone("sendWhatsAppList", s))
        .collect::<Result<Vec<_>, _>>()?;
    let friends = friends(
        "friendWhatsAppList",
        p.str_list("friendWhatsAppList"),
        spec.group,
    )?;
    create(world, spec, round_robin(&senders, friends, 0, trans_id))
}

/// 5: the members of an audience group send, round-robin. The table names the targets
/// `friendWhatsAppList`, the example `friendWhatsApp`: both are read.
fn assign_group_create(world: &mut World, p: &Params) -> Answer {
    let spec = spec(world, p, &[1, 2])?;
    let trans_id = contents(p, "content", spec.group)?;
    let group_id = p.int("whatsappGroupId")?;
    let (field, list) = match p.str_list("friendWhatsAppList") {
        list if !list.is_empty() => ("friendWhatsAppList", list),
        _ => ("friendWhatsApp", p.str_list("friendWhatsApp")),
    };
    if list.is_empty() {
        return Err(PlatformError::invalid(
            "friendWhatsAppList is required (a non-empty list)",
        ));
    }
    let friends = friends(field, list, spec.group)?;
    let members = world.accounts.audience_members(group_id).ok_or_else(|| {
        PlatformError::not_found(format!(
            "whatsappGroupId {group_id}: no such audience group"
        ))
    })?;
    if members.is_empty() {
        return Err(PlatformError::invalid(format!(
            "whatsappGroupId {group_id}: the audience group has no accounts"
        )));
    }
    create(world, spec, round_robin(&members, friends, 0, trans_id))
}

/// 6: one target, the platform picks the sender among the online accounts.
fn no_assign_so_create(world: &mut World, p: &Params) -> Answer {
    let spec = spec(world, p, &[1, 2])?;
    let trans_id = contents(p, "content", spec.group)?;
    let list = p.str_list("friendWhatsApp");
    if list.len() > 1 {
        return Err(PlatformError::invalid(
            "friendWhatsApp: this mode sends to a single target",
        ));
    }
    let friends = friends("friendWhatsApp", list, spec.group)?;
    create_unassigned(world, spec, friends, trans_id)
}

/// 7: several targets (`friendWhatsApp` is a list here), senders among the online accounts.
fn no_assign_mo_create(world: &mut World, p: &Params) -> Answer {
    let spec = spec(world, p, &[1, 2])?;
    let trans_id = contents(p, "content", spec.group)?;
    let friends = friends("friendWhatsApp", p.str_list("friendWhatsApp"), spec.group)?;
    create_unassigned(world, spec, friends, trans_id)
}

/// 8: targets resolved from audience conditions, senders among the online accounts.
fn no_assign_como_create(world: &mut World, p: &Params) -> Answer {
    let spec = spec(world, p, &[1, 2])?;
    let trans_id = contents(p, "content", spec.group)?;
    // The table requires both condition fields, but each example gives only one: one suffices.
    let conditions = p.objects("targetAudienceCondition")?;
    for (i, condition) in conditions.iter().enumerate() {
        audience_condition(condition)
            .map_err(|e| within(&format!("targetAudienceCondition[{i}]"), e))?;
    }
    let on_group = p.object("targetAudienceConditionOnGroup");
    if conditions.is_empty() && on_group.is_none() {
        return Err(PlatformError::invalid(
            "targetAudienceCondition or targetAudienceConditionOnGroup is required",
        ));
    }
    // The table names it automatedBehavior, the second example automatedBehaviorDTOS.
    let mut field = "automatedBehavior";
    let mut behaviours = p.objects(field)?;
    if behaviours.is_empty() {
        field = "automatedBehaviorDTOS";
        behaviours = p.objects(field)?;
    }
    for (i, behaviour) in behaviours.iter().enumerate() {
        automated_behaviour(behaviour).map_err(|e| within(&format!("{field}[{i}]"), e))?;
    }
    let key = json!([
        p.get("targetAudienceCondition"),
        p.get("targetAudienceConditionOnGroup"),
        spec.group
    ]);
    let friends = audience(&key.to_string(), spec.group);
    create_unassigned(world, spec, friends, trans_id)
}

/// The audience a condition set selects: 10-20 targets derived from a hash of the conditions.
fn audience(key: &str, group: bool) -> Vec<String> {
    // FNV-1a: stable across runs and platforms, unlike std's hasher.
    let hash = key.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    });
    let mut rng = Rng::new(hash);
    let count = 10 + rng.below(11);
    (0..count)
        .map(|_| {
            if group {
                format!("120363{:012}@g.us", rng.below(1_000_000_000_000))
            } else {
                let country = *rng.pick(&["62", "91", "55", "52", "234", "63"]);
                let digits = 12 - country.len() as u32;
                format!(
                    "{country}{:0width$}",
                    rng.below(10u64.pow(digits)),
                    width = digits as usize
                )
            }
        })
        .collect()
}

// ---- querying ----

/// 9: the task's status and every recipient's.
fn query_execute_status(world: &mut World, p: &Params) -> Answer {
    let id = p.str("taskId")?;
    let task = world
        .tasks
        .tasks
        .get(id.trim())
        .ok_or_else(|| PlatformError::not_found(format!("taskId {id}: no such task")))?;
    let info: Vec<Value> = task
        .recipients
        .iter()
        .map(|r| {
            json!({
                "whatsApp": r.sender,
                "friendWhatsApp": r.friend,
                "time": world.local_time(r.changed_ms),
                "status": r.status,
            })
        })
        .collect();
    Ok(json!({"taskId": task.id, "status": task.status, "info": info}))
}

// ---- batch operations ----

/// Runs a batch operation on the listed tasks, all of which must exist.
fn batch(world: &mut World, p: &Params, operation: Batch) -> Answer {
    let ids = batch_ids(world, p)?;
    state::batch(world, ids, operation);
    Ok(json!(""))
}

/// 10: starts a task pending start at once, or resumes a paused one.
fn batch_start(world: &mut World, p: &Params) -> Answer {
    batch(world, p, Batch::Start)
}

/// 11: pauses a task pending start, pending send or dispatching.
fn batch_pause(world: &mut World, p: &Params) -> Answer {
    batch(world, p, Batch::Pause)
}

/// 12: stops a task for good; recipients not yet sent fail with 707.
fn batch_stop(world: &mut World, p: &Params) -> Answer {
    batch(world, p, Batch::Stop)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn audience_is_stable_and_well_formed() {
        let people = audience("[1]", false);
        assert_eq!(people, audience("[1]", false));
        assert!((10..=20).contains(&people.len()));
        assert!(people.iter().all(|p| crate::sim::request::is_phone(p)));
        let groups = audience("[1]", true);
        assert!(groups
            .iter()
            .all(|g| g.starts_with("120363") && g.ends_with("@g.us") && g.len() == 23));
    }
}
