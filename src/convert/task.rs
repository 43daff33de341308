//! TaskService requests and responses <-> mass-dispatch wire shapes.

use serde_json::value::RawValue;
use tonic::Status;

use super::validate::{self as check};
use super::{empty_responses, non_empty, platform_time, FromWire, ToWire, WireContext};
use crate::convert::codes::PlatformCode;
use crate::error::Violations;
use crate::proto::v1::message_content::Kind;
use crate::proto::v1::*;
use crate::wire::task as wire;

/// `TaskOptions` into the fields every create body shares. Returns the target type too, which
/// decides how targets are checked.
fn options(
    v: &mut Violations,
    cx: &WireContext,
    options: Option<TaskOptions>,
) -> (wire::CreateTask, Option<TargetType>) {
    let TaskOptions {
        name,
        start_time,
        end_time,
        send_type,
        agent_account,
        target_type,
    } = options.unwrap_or_default();
    let target = check::required_enum::<TargetType>(v, "options.target_type", target_type);
    let start_task_time = check::time(v, "options.start_time", cx, start_time.as_ref());
    let end_task_time = check::time(v, "options.end_time", cx, end_time.as_ref());
    if let Some(end) = &end_time {
        let starts = start_time.unwrap_or_else(crate::wire::time::now);
        if (end.seconds, end.nanos) <= (starts.seconds, starts.nanos) {
            v.add(
                "options.end_time",
                "must be in the future and after start_time",
            );
        }
    }
    let body = wire::CreateTask {
        name: non_empty(name),
        start_task_time,
        end_task_time,
        send_type: check::optional_enum::<SendType>(v, "options.send_type", send_type),
        agent_account: non_empty(agent_account),
        target_type: target.map_or(0, |(_, code)| code),
        ..Default::default()
    };
    (body, target.map(|(t, _)| t))
}

/// Content items, at least one.
fn contents(v: &mut Violations, field: &str, items: Vec<MessageContent>) -> Vec<wire::Content> {
    check::count(v, field, items.len(), 1, usize::MAX);
    items
        .into_iter()
        .enumerate()
        .map(|(i, item)| content(v, &format!("{field}[{i}]"), item))
        .collect()
}

fn content(v: &mut Violations, field: &str, item: MessageContent) -> wire::Content {
    let MessageContent {
        kind,
        sort,
        trans_id,
        variables,
    } = item;
    let variable_fields: Vec<wire::VariableField> = variables
        .into_iter()
        .enumerate()
        .map(|(i, VariableField { r#type, name })| {
            let at = format!("{field}.variables[{i}]");
            let kind = check::required_code::<AttributeType>(v, &format!("{at}.type"), r#type);
            check::required(v, &format!("{at}.name"), &name);
            wire::VariableField {
                kind,
                name: name.trim().to_owned(),
            }
        })
        .collect();
    let common = wire::Content {
        sort,
        trans_id: non_empty(trans_id),
        variable_fields: (!variable_fields.is_empty()).then_some(variable_fields),
        ..Default::default()
    };
    let text_field = |v: &mut Violations, name: &str, text: &str| {
        check::message_text(v, &format!("{field}.{name}"), text)
    };
    let Some(kind) = kind else {
        v.add(field, "one content kind is required: text, image, audio, file, video, contact_card, contact_card_link or routing_link");
        return common;
    };
    let media = |v: &mut Violations,
                 name: &str,
                 content_type: ContentType,
                 media: MediaContent,
                 common: wire::Content| {
        let MediaContent {
            url,
            caption,
            file_name,
        } = media;
        check::required(v, &format!("{field}.{name}.url"), &url);
        text_field(v, &format!("{name}.caption"), &caption);
        wire::Content {
            kind: code(content_type),
            url: non_empty(url),
            text: non_empty(caption),
            file_name: non_empty(file_name),
            ..common
        }
    };
    match kind {
        Kind::Text(TextContent { text }) => {
            check::required(v, &format!("{field}.text.text"), &text);
            text_field(v, "text.text", &text);
            wire::Content {
                kind: code(ContentType::Text),
                text: Some(text),
                ..common
            }
        }
        Kind::Image(item) => media(v, "image", ContentType::Image, item, common),
        Kind::Audio(item) => media(v, "audio", ContentType::Audio, item, common),
        Kind::File(item) => media(v, "file", ContentType::File, item, common),
        Kind::Video(item) => media(v, "video", ContentType::Video, item, common),
        Kind::ContactCard(ContactCardContent { text, url }) => {
            if text.trim().is_empty() && url.trim().is_empty() {
                v.add(format!("{field}.contact_card"), "text or url is required");
            }
            text_field(v, "contact_card.text", &text);
            wire::Content {
                kind: code(ContentType::ContactCard),
                text: non_empty(text),
                url: non_empty(url),
                ..common
            }
        }
        Kind::ContactCardLink(ContactCardLinkContent {
            text,
            image_url,
            title,
            description,
            link,
            ads_template_id,
        }) => {
            if ads_template_id.is_none() && link.trim().is_empty() {
                v.add(
                    format!("{field}.contact_card_link.link"),
                    "required unless ads_template_id is set",
                );
            }
            text_field(v, "contact_card_link.text", &text);
            wire::Content {
                kind: code(ContentType::ContactCardLink),
                text: non_empty(text),
                url: non_empty(image_url),
                title: non_empty(title),
                desc: non_empty(description),
                link: non_empty(link),
                ads_template_id,
                ..common
            }
        }
        Kind::RoutingLink(RoutingLinkContent {
            text,
            route_type,
            route_targets,
        }) => {
            let at = format!("{field}.routing_link");
            let route =
                check::required_enum::<RouteType>(v, &format!("{at}.route_type"), route_type);
            text_field(v, "routing_link.text", &text);
            check::count(
                v,
                &format!("{at}.route_targets"),
                route_targets.len(),
                1,
                usize::MAX,
            );
            let route_list = route_targets
                .iter()
                .enumerate()
                .map(|(i, target)| {
                    let at = format!("{at}.route_targets[{i}]");
                    match route {
                        // Custom inbound routes list WhatsApp numbers; the others list ids.
                        Some((RouteType::CustomInbound, _)) => check::phone(v, &at, target),
                        _ => {
                            check::required(v, &at, target);
                            target.trim().to_owned()
                        }
                    }
                })
                .collect();
            wire::Content {
                kind: code(ContentType::RoutingLink),
                text: non_empty(text),
                route_type: route.map(|(_, code)| code),
                route_list: Some(route_list),
                ..common
            }
        }
    }
}

fn code<E: PlatformCode>(value: E) -> i64 {
    value
        .to_platform()
        .expect("a concrete content type has a platform code")
}

fn targets(
    v: &mut Violations,
    field: &str,
    target_type: Option<TargetType>,
    raw: &[String],
) -> Vec<String> {
    check::recipients(v, field, raw.len());
    raw.iter()
        .enumerate()
        .map(|(i, t)| check::target(v, &format!("{field}[{i}]"), target_type, t))
        .collect()
}

fn phones(v: &mut Violations, field: &str, raw: &[String]) -> Vec<String> {
    check::count(v, field, raw.len(), 1, usize::MAX);
    raw.iter()
        .enumerate()
        .map(|(i, p)| check::phone(v, &format!("{field}[{i}]"), p))
        .collect()
}

impl ToWire for CreateSingleTargetTaskRequest {
    type Wire = wire::CreateTask;
    fn to_wire(self, cx: &WireContext) -> Result<Self::Wire, Status> {
        let Self {
            options: opts,
            sender_phone,
            target,
            contents: items,
            request_id,
        } = self;
        let mut v = Violations::default();
        check::request_id(&mut v, &request_id);
        let (body, target_type) = options(&mut v, cx, opts);
        let body = wire::CreateTask {
            send_whats_app: Some(check::phone(&mut v, "sender_phone", &sender_phone)),
            friend_whats_app: Some(wire::OneOrMany::One(check::target(
                &mut v,
                "target",
                target_type,
                &target,
            ))),
            content: Some(contents(&mut v, "contents", items)),
            ..body
        };
        v.into_result(body)
    }
}

impl ToWire for CreatePairedTaskRequest {
    type Wire = wire::CreateTask;
    fn to_wire(self, cx: &WireContext) -> Result<Self::Wire, Status> {
        let Self {
            options: opts,
            pairs,
            contents: items,
            request_id,
        } = self;
        let mut v = Violations::default();
        check::request_id(&mut v, &request_id);
        let (body, target_type) = options(&mut v, cx, opts);
        check::recipients(&mut v, "pairs", pairs.len());
        let send_infos = pairs
            .into_iter()
            .enumerate()
            .map(
                |(
                    i,
                    SendPair {
                        sender_phone,
                        target,
                    },
                )| wire::SendInfo {
                    send_whats_app: check::phone(
                        &mut v,
                        &format!("pairs[{i}].sender_phone"),
                        &sender_phone,
                    ),
                    friend_whats_app: check::target(
                        &mut v,
                        &format!("pairs[{i}].target"),
                        target_type,
                        &target,
                    ),
                    content: None,
                },
            )
            .collect();
        let body = wire::CreateTask {
            send_infos: Some(send_infos),
            content: Some(contents(&mut v, "contents", items)),
            ..body
        };
        v.into_result(body)
    }
}

impl ToWire for CreatePairedContentTaskRequest {
    type Wire = wire::CreateTask;
    fn to_wire(self, cx: &WireContext) -> Result<Self::Wire, Status> {
        let Self {
            options: opts,
            pairs,
            request_id,
        } = self;
        let mut v = Violations::default();
        check::request_id(&mut v, &request_id);
        let (body, target_type) = options(&mut v, cx, opts);
        check::recipients(&mut v, "pairs", pairs.len());
        let send_infos = pairs
            .into_iter()
            .enumerate()
            .map(
                |(
                    i,
                    PairedContent {
                        sender_phone,
                        target,
                        contents: items,
                    },
                )| wire::SendInfo {
                    send_whats_app: check::phone(
                        &mut v,
                        &format!("pairs[{i}].sender_phone"),
                        &sender_phone,
                    ),
                    friend_whats_app: check::target(
                        &mut v,
                        &format!("pairs[{i}].target"),
                        target_type,
                        &target,
                    ),
                    content: Some(contents(&mut v, &format!("pairs[{i}].contents"), items)),
                },
            )
            .collect();
        v.into_result(wire::CreateTask {
            send_infos: Some(send_infos),
            ..body
        })
    }
}

impl ToWire for CreatePooledTaskRequest {
    type Wire = wire::CreateTask;
    fn to_wire(self, cx: &WireContext) -> Result<Self::Wire, Status> {
        let Self {
            options: opts,
            sender_phones,
            targets: raw_targets,
            contents: items,
            request_id,
        } = self;
        let mut v = Violations::default();
        check::request_id(&mut v, &request_id);
        let (body, target_type) = options(&mut v, cx, opts);
        let body = wire::CreateTask {
            send_whats_app_list: Some(phones(&mut v, "sender_phones", &sender_phones)),
            friend_whats_app_list: Some(targets(&mut v, "targets", target_type, &raw_targets)),
            content: Some(contents(&mut v, "contents", items)),
            ..body
        };
        v.into_result(body)
    }
}

impl ToWire for CreateAccountGroupTaskRequest {
    type Wire = wire::CreateTask;
    fn to_wire(self, cx: &WireContext) -> Result<Self::Wire, Status> {
        let Self {
            options: opts,
            audience_group_id,
            targets: raw_targets,
            contents: items,
            request_id,
        } = self;
        let mut v = Violations::default();
        check::request_id(&mut v, &request_id);
        let (body, target_type) = options(&mut v, cx, opts);
        if audience_group_id <= 0 {
            v.add(
                "audience_group_id",
                "required: a positive audience group id",
            );
        }
        let body = wire::CreateTask {
            whatsapp_group_id: Some(audience_group_id),
            friend_whats_app_list: Some(targets(&mut v, "targets", target_type, &raw_targets)),
            content: Some(contents(&mut v, "contents", items)),
            ..body
        };
        v.into_result(body)
    }
}

impl ToWire for CreateUnassignedSingleTargetTaskRequest {
    type Wire = wire::CreateTask;
    fn to_wire(self, cx: &WireContext) -> Result<Self::Wire, Status> {
        let Self {
            options: opts,
            target,
            contents: items,
            request_id,
        } = self;
        let mut v = Violations::default();
        check::request_id(&mut v, &request_id);
        let (body, target_type) = options(&mut v, cx, opts);
        let body = wire::CreateTask {
            friend_whats_app: Some(wire::OneOrMany::One(check::target(
                &mut v,
                "target",
                target_type,
                &target,
            ))),
            content: Some(contents(&mut v, "contents", items)),
            ..body
        };
        v.into_result(body)
    }
}

impl ToWire for CreateUnassignedTaskRequest {
    type Wire = wire::CreateTask;
    fn to_wire(self, cx: &WireContext) -> Result<Self::Wire, Status> {
        let Self {
            options: opts,
            targets: raw_targets,
            contents: items,
            request_id,
        } = self;
        let mut v = Violations::default();
        check::request_id(&mut v, &request_id);
        let (body, target_type) = options(&mut v, cx, opts);
        let body = wire::CreateTask {
            friend_whats_app: Some(wire::OneOrMany::Many(targets(
                &mut v,
                "targets",
                target_type,
                &raw_targets,
            ))),
            content: Some(contents(&mut v, "contents", items)),
            ..body
        };
        v.into_result(body)
    }
}

impl ToWire for CreateConditionalTaskRequest {
    type Wire = wire::CreateTask;
    fn to_wire(self, cx: &WireContext) -> Result<Self::Wire, Status> {
        let Self {
            options: opts,
            conditions,
            group_condition,
            automated_behaviors,
            contents: items,
            request_id,
        } = self;
        let mut v = Violations::default();
        check::request_id(&mut v, &request_id);
        let (body, target_type) = options(&mut v, cx, opts);
        // The table marks both condition kinds required, yet each example sends only one of
        // them: one kind is enough.
        if conditions.is_empty() && group_condition.is_none() {
            v.add("conditions", "conditions or group_condition is required");
        }
        let conditions: Vec<wire::AudienceCondition> = conditions
            .into_iter()
            .enumerate()
            .map(
                |(
                    i,
                    AudienceCondition {
                        r#type,
                        name,
                        operator,
                        value,
                        range_start,
                        range_end,
                    },
                )| {
                    let at = format!("conditions[{i}]");
                    let kind = check::required_code::<AttributeType>(
                        &mut v,
                        &format!("{at}.type"),
                        r#type,
                    );
                    check::required(&mut v, &format!("{at}.name"), &name);
                    let ops_type = check::optional_enum::<ConditionOperator>(
                        &mut v,
                        &format!("{at}.operator"),
                        operator,
                    );
                    if ops_type == ConditionOperator::Between.to_platform()
                        && (range_start.trim().is_empty() || range_end.trim().is_empty())
                    {
                        v.add(
                            format!("{at}.range_start"),
                            "BETWEEN needs range_start and range_end",
                        );
                    }
                    wire::AudienceCondition {
                        kind: kind.to_string(),
                        name: name.trim().to_owned(),
                        ops_type,
                        value: non_empty(value),
                        range_value_start: non_empty(range_start),
                        range_value_end: non_empty(range_end),
                    }
                },
            )
            .collect();
        let group = group_condition.map(
            |GroupAudienceCondition {
                 account_phones,
                 group_tag_ids,
                 owner_ids,
                 group_name,
             }| {
                wire::GroupCondition {
                    whatsapp_list: account_phones
                        .iter()
                        .enumerate()
                        .map(|(i, p)| {
                            check::phone(&mut v, &format!("group_condition.account_phones[{i}]"), p)
                        })
                        .collect(),
                    group_tab_ids: group_tag_ids,
                    principal_list: owner_ids,
                    group_name: non_empty(group_name),
                }
            },
        );
        let behaviors: Vec<wire::Behavior> = automated_behaviors
            .into_iter()
            .enumerate()
            .map(
                |(
                    i,
                    AutomatedBehavior {
                        event,
                        action,
                        operation,
                        tag_values,
                        stage_value,
                    },
                )| {
                    let at = format!("automated_behaviors[{i}]");
                    wire::Behavior {
                        event_type: check::required_code::<BehaviorEvent>(
                            &mut v,
                            &format!("{at}.event"),
                            event,
                        ),
                        action_type: check::required_code::<BehaviorAction>(
                            &mut v,
                            &format!("{at}.action"),
                            action,
                        ),
                        ops_type: check::required_code::<BehaviorOperation>(
                            &mut v,
                            &format!("{at}.operation"),
                            operation,
                        ),
                        customer_tag_value: tag_values,
                        customer_stage_value: stage_value,
                    }
                },
            )
            .collect();
        let content = contents(&mut v, "contents", items);
        if target_type == Some(TargetType::Group)
            && content.iter().any(|c| c.variable_fields.is_some())
        {
            v.add(
                "contents",
                "group mass dispatch does not support message variables",
            );
        }
        let body = wire::CreateTask {
            target_audience_condition: (!conditions.is_empty()).then_some(conditions),
            target_audience_condition_on_group: group,
            automated_behavior: (!behaviors.is_empty()).then_some(behaviors),
            content: Some(content),
            ..body
        };
        v.into_result(body)
    }
}

/// The eight create responses all carry just the new task's id.
macro_rules! task_created {
    ($($response:ty),+) => {$(
        impl FromWire for $response {
            type Wire = wire::TaskCreated;
            fn from_wire(wire: Self::Wire, _: &WireContext) -> Result<Self, String> {
                Ok(Self { task_id: $crate::convert::platform_id("data.taskId", wire.task_id)? })
            }
        }
    )+};
}
task_created!(
    CreateSingleTargetTaskResponse,
    CreatePairedTaskResponse,
    CreatePairedContentTaskResponse,
    CreatePooledTaskResponse,
    CreateAccountGroupTaskResponse,
    CreateUnassignedSingleTargetTaskResponse,
    CreateUnassignedTaskResponse,
    CreateConditionalTaskResponse
);

impl ToWire for GetTaskExecutionStatusRequest {
    type Wire = wire::ExecutionStatusQuery;
    fn to_wire(self, _: &WireContext) -> Result<Self::Wire, Status> {
        let Self { task_id } = self;
        let mut v = Violations::default();
        check::required(&mut v, "task_id", &task_id);
        v.into_result(wire::ExecutionStatusQuery {
            task_id: task_id.trim().to_owned(),
        })
    }
}

impl FromWire for GetTaskExecutionStatusResponse {
    type Wire = wire::ExecutionStatus;
    fn from_wire(wire: Self::Wire, cx: &WireContext) -> Result<Self, String> {
        let wire::ExecutionStatus {
            task_id,
            status,
            info,
        } = wire;
        let recipients = info
            .into_iter()
            .map(
                |wire::RecipientInfo {
                     whats_app,
                     friend_whats_app,
                     status,
                     time,
                 }| {
                    Ok(RecipientState {
                        sender_phone: whats_app,
                        target: friend_whats_app,
                        status: super::code::<RecipientStatus>("info.status", status)?,
                        time: platform_time(cx, "info.time", &time)?,
                    })
                },
            )
            .collect::<Result<_, String>>()?;
        Ok(Self {
            task_id,
            status: super::code::<TaskStatus>("status", status)?,
            recipients,
        })
    }
}

/// Batch start / pause / stop: the ids as a bare JSON array.
macro_rules! batch_requests {
    ($($request:ty),+) => {$(
        impl ToWire for $request {
            type Wire = Vec<Box<RawValue>>;
            fn to_wire(self, _: &WireContext) -> Result<Self::Wire, Status> {
                let Self { task_ids, request_id } = self;
                let mut v = Violations::default();
                check::request_id(&mut v, &request_id);
                let ids = check::ids(&mut v, "task_ids", &task_ids);
                v.into_result(wire::task_id_array(&ids))
            }
        }
    )+};
}
batch_requests!(StartTasksRequest, PauseTasksRequest, StopTasksRequest);
empty_responses!(StartTasksResponse, PauseTasksResponse, StopTasksResponse);
