//! How the task endpoints read and check their fields: the fields every create mode shares,
//! content lists, targets, audience conditions and the batch calls' task ids. Each error names
//! the field, and where it sits in a list (`content[2].url is required`).

use serde_json::Value;

use super::codes::{CONTENT_TYPES, MAX_TARGETS, MAX_TEXT_CHARS};
use super::state::{Spec, Target};
use crate::sim::answer::PlatformError;
use crate::sim::request::{phone, Params};
use crate::sim::world::World;

/// Prefixes a nested field's error with where it sits, e.g. "content[2].url is required".
pub(super) fn within(at: &str, error: PlatformError) -> PlatformError {
    PlatformError {
        code: error.code,
        message: format!("{at}.{}", error.message),
    }
}

fn time_field(
    world: &World,
    field: &str,
    text: Option<String>,
) -> Result<Option<i64>, PlatformError> {
    text.map(|text| {
        world.parse_local(&text).ok_or_else(|| {
            PlatformError::invalid(format!(
                "{field} {text:?} is not a time YYYY-MM-DD HH:MM:SS"
            ))
        })
    })
    .transpose()
}

pub(super) fn spec(world: &World, p: &Params, send_types: &[i64]) -> Result<Spec, PlatformError> {
    let group = p.code("targetType", &[1, 2])? == 2;
    let send_type = p.opt_code("sendType", send_types)?.unwrap_or(1);
    // comoCreate's second example names the start time `startTime`.
    let (start_field, start) = match p.opt_str("startTaskTime") {
        Some(text) => ("startTaskTime", Some(text)),
        None => ("startTime", p.opt_str("startTime")),
    };
    let start_ms = time_field(world, start_field, start)?
        .unwrap_or(world.now_ms)
        .max(world.now_ms);
    let end_ms = time_field(world, "endTaskTime", p.opt_str("endTaskTime"))?;
    if let Some(end) = end_ms {
        if end <= start_ms {
            return Err(PlatformError::invalid(
                "endTaskTime must be a future time, after startTaskTime",
            ));
        }
    }
    Ok(Spec {
        start_ms,
        end_ms,
        send_type,
        group,
    })
}

/// Validates a content list; answers the transId its recipients report.
pub(super) fn contents(
    p: &Params,
    field: &str,
    group: bool,
) -> Result<Option<String>, PlatformError> {
    let items = p.objects(field)?;
    if items.is_empty() {
        return Err(PlatformError::invalid(format!(
            "{field} is required (a non-empty list)"
        )));
    }
    let mut trans_id = None;
    for (i, item) in items.iter().enumerate() {
        let at = format!("{field}[{i}]");
        content_item(item, group).map_err(|error| within(&at, error))?;
        trans_id = trans_id.or_else(|| item.opt_str("transId"));
    }
    Ok(trans_id)
}

fn content_item(item: &Params, group: bool) -> Result<(), PlatformError> {
    let kind = item.code("type", &CONTENT_TYPES)?;
    if let Some(text) = item.get("text").as_str() {
        let chars = text.chars().count();
        if chars > MAX_TEXT_CHARS {
            return Err(PlatformError::invalid(format!(
                "text has {chars} characters; at most {MAX_TEXT_CHARS}"
            )));
        }
    }
    item.opt_int("sort")?;
    // adsTemplateId overrides the card's fields; it must still be an integer when present.
    let ads_template = item.opt_int("adsTemplateId")?;
    match kind {
        1 => {
            item.str("text")?;
        }
        2..=5 => {
            item.str("url").map_err(|_| {
                PlatformError::invalid(format!("url is required for content type {kind}"))
            })?;
        }
        10 if ads_template.is_none() && item.opt_str("link").is_none() => {
            return Err(PlatformError::invalid(
                "adsTemplateId or link is required for a contact card link (10)",
            ));
        }
        11 => {
            let route_type = item.code("routeType", &[1, 2, 3])?;
            let routes = item.str_list("routeList");
            if routes.is_empty() {
                return Err(PlatformError::invalid(
                    "routeList is required for a routing link (11)",
                ));
            }
            if route_type == 3 {
                for route in &routes {
                    phone("routeList", route)?;
                }
            }
        }
        _ => {}
    }
    let variables = item.objects("variableFields")?;
    if group && !variables.is_empty() {
        return Err(PlatformError::invalid(
            "variableFields: group mass dispatch does not support message variables",
        ));
    }
    for (i, variable) in variables.iter().enumerate() {
        let at = format!("variableFields[{i}]");
        variable.code("type", &[1, 2]).map_err(|e| within(&at, e))?;
        variable.str("name").map_err(|e| within(&at, e))?;
    }
    Ok(())
}

pub(super) fn check_count(count: usize) -> Result<(), PlatformError> {
    if count > MAX_TARGETS {
        return Err(PlatformError::invalid(format!(
            "a task has at most {MAX_TARGETS} targets; got {count}"
        )));
    }
    Ok(())
}

/// A target: a phone for individuals, any non-blank id for groups.
pub(super) fn friend(field: &str, text: &str, group: bool) -> Result<String, PlatformError> {
    if group {
        Ok(text.to_owned())
    } else {
        phone(field, text)
    }
}

/// A required list of targets, checked.
pub(super) fn friends(
    field: &str,
    list: Vec<String>,
    group: bool,
) -> Result<Vec<String>, PlatformError> {
    if list.is_empty() {
        return Err(PlatformError::invalid(format!(
            "{field} is required (a non-empty list)"
        )));
    }
    check_count(list.len())?;
    list.iter().map(|text| friend(field, text, group)).collect()
}

/// sendInfos' pairs; `own_content`: each pair carries its content (modcCreate), else the shared
/// top-level content applies (moscCreate).
pub(super) fn send_infos(
    p: &Params,
    group: bool,
    own_content: bool,
) -> Result<Vec<Target>, PlatformError> {
    let shared = if own_content {
        None
    } else {
        contents(p, "content", group)?
    };
    let infos = p.objects("sendInfos")?;
    if infos.is_empty() {
        return Err(PlatformError::invalid(
            "sendInfos is required (a non-empty list)",
        ));
    }
    check_count(infos.len())?;
    infos
        .iter()
        .enumerate()
        .map(|(i, info)| {
            let at = format!("sendInfos[{i}]");
            let read = || -> Result<Target, PlatformError> {
                let sender = phone("sendWhatsApp", &info.str("sendWhatsApp")?)?;
                let friend = friend("friendWhatsApp", &info.str("friendWhatsApp")?, group)?;
                let trans_id = if own_content {
                    contents(info, "content", group)?
                } else {
                    shared.clone()
                };
                Ok(Target {
                    sender,
                    friend,
                    trans_id,
                })
            };
            read().map_err(|error| within(&at, error))
        })
        .collect()
}

pub(super) fn audience_condition(condition: &Params) -> Result<(), PlatformError> {
    condition.code("type", &[1, 2])?;
    condition.str("name")?;
    if condition.opt_code("opsType", &[1, 2, 3, 4])? == Some(4) {
        condition.str("rangeValueStart")?;
        condition.str("rangeValueEnd")?;
    }
    Ok(())
}

pub(super) fn automated_behaviour(behaviour: &Params) -> Result<(), PlatformError> {
    behaviour.code("eventType", &[1, 2])?;
    behaviour.code("actionType", &[1, 2])?;
    behaviour.code("opsType", &[1, 2, 3])?;
    behaviour.opt_int("customerStageValue")?;
    Ok(())
}

/// The task ids of a batch call: the documented bare array, or `{"ids": [...]}` as the table
/// names it; numbers or strings. Unknown ids fail the call before anything changes.
pub(super) fn batch_ids(world: &World, p: &Params) -> Result<Vec<String>, PlatformError> {
    let items = match p.body() {
        Value::Array(items) => items,
        Value::Object(_) => match p.get("ids") {
            Value::Array(items) => items,
            _ => {
                return Err(PlatformError::invalid(
                    "ids is required (a JSON array of task ids)",
                ))
            }
        },
        _ => {
            return Err(PlatformError::invalid(
                "the body must be a JSON array of task ids",
            ))
        }
    };
    if items.is_empty() {
        return Err(PlatformError::invalid(
            "ids is required (a non-empty array of task ids)",
        ));
    }
    let ids = items
        .iter()
        .map(|item| match item {
            Value::Number(n) => Ok(n.to_string()),
            Value::String(s) if !s.trim().is_empty() => Ok(s.trim().to_owned()),
            other => Err(PlatformError::invalid(format!(
                "ids: {other} is not a task id"
            ))),
        })
        .collect::<Result<Vec<_>, _>>()?;
    let unknown: Vec<&str> = ids
        .iter()
        .filter(|id| !world.tasks.tasks.contains_key(*id))
        .map(String::as_str)
        .collect();
    if !unknown.is_empty() {
        return Err(PlatformError::not_found(format!(
            "no such task: {}",
            unknown.join(", ")
        )));
    }
    Ok(ids)
}
