//! ConversationService requests and responses <-> wake-up action wire shapes.

use tonic::Status;

use super::validate::{self as check};
use super::{platform_time, FromWire, ToWire, WireContext};
use crate::error::Violations;
use crate::proto::v1::*;
use crate::wire::conversation as wire;

/// The company id both wake-up calls must carry as `tenantId`.
fn tenant_id(cx: &WireContext) -> Result<i64, Status> {
    cx.tenant_id.ok_or_else(|| {
        crate::error::missing_setting(
            "--tenant-id",
            "the wake-up calls send the company id as tenantId",
        )
    })
}

fn action(v: &mut Violations, field: &str, action: WakeUpAction) -> wire::WakeUpItem {
    let WakeUpAction {
        agent_account,
        account_phone,
        friend_phone,
        platform_type,
        message,
        r#type,
    } = action;
    check::required(v, &format!("{field}.agent_account"), &agent_account);
    check::message_text(v, &format!("{field}.message"), &message);
    // OPEN_CONVERSATION (1) is the only documented action, and the table requires `type`, so
    // unset sends it.
    let kind = check::optional_enum::<WakeUpActionType>(v, &format!("{field}.type"), r#type)
        .unwrap_or(WakeUpActionType::OpenConversation as i64);
    wire::WakeUpItem {
        agent_account: agent_account.trim().to_owned(),
        whats_id: (!account_phone.trim().is_empty())
            .then(|| check::phone(v, &format!("{field}.account_phone"), &account_phone)),
        friend_whats_id: check::phone(v, &format!("{field}.friend_phone"), &friend_phone),
        platform_type: check::required_code::<PlatformType>(
            v,
            &format!("{field}.platform_type"),
            platform_type,
        ),
        content: (!message.trim().is_empty()).then_some(message),
        kind,
    }
}

impl ToWire for WakeUpConversationsRequest {
    type Wire = wire::WakeUpBatch;
    fn to_wire(self, cx: &WireContext) -> Result<Self::Wire, Status> {
        let Self {
            actions,
            request_id,
        } = self;
        let tenant_id = tenant_id(cx)?;
        let mut v = Violations::default();
        check::request_id(&mut v, &request_id);
        check::count(&mut v, "actions", actions.len(), 1, usize::MAX);
        let data = actions
            .into_iter()
            .enumerate()
            .map(|(i, a)| action(&mut v, &format!("actions[{i}]"), a))
            .collect();
        v.into_result(wire::WakeUpBatch { tenant_id, data })
    }
}

impl FromWire for WakeUpConversationsResponse {
    type Wire = wire::ActionIds;
    fn from_wire(wire: Self::Wire, _: &WireContext) -> Result<Self, String> {
        let action_ids = wire
            .0
            .into_iter()
            .enumerate()
            .map(|(i, id)| super::platform_id(&format!("data[{i}]"), id))
            .collect::<Result<_, _>>()?;
        Ok(Self { action_ids })
    }
}

impl ToWire for GetWakeUpResultsRequest {
    type Wire = wire::ResultQuery;
    fn to_wire(self, cx: &WireContext) -> Result<Self::Wire, Status> {
        let Self { action_ids } = self;
        let tenant_id = tenant_id(cx)?;
        let mut v = Violations::default();
        let data = check::ids(&mut v, "action_ids", &action_ids);
        v.into_result(wire::ResultQuery { tenant_id, data })
    }
}

/// The platform's "not executed yet" executeTime, 1970-01-01 08:00:01 in its UTC+8 zone: epoch
/// second 1.
const PLACEHOLDER_TIME: prost_types::Timestamp = prost_types::Timestamp {
    seconds: 1,
    nanos: 0,
};

impl FromWire for GetWakeUpResultsResponse {
    type Wire = wire::ActionResults;
    fn from_wire(wire: Self::Wire, cx: &WireContext) -> Result<Self, String> {
        let results = wire
            .0
            .into_iter()
            .map(|result| {
                let wire::ActionResult {
                    id,
                    tenant_id,
                    agent_account,
                    whats_id,
                    friend_whats_id,
                    kind,
                    execute_status,
                    execute_time,
                } = result;
                let execute_time = platform_time(cx, "executeTime", &execute_time)?
                    .filter(|t| *t != PLACEHOLDER_TIME);
                Ok(WakeUpResult {
                    action_id: id,
                    tenant_id: tenant_id.unwrap_or(0),
                    agent_account,
                    account_phone: whats_id,
                    friend_phone: friend_whats_id,
                    r#type: super::code::<WakeUpActionType>("type", kind)?,
                    execute_status: super::code::<WakeUpExecuteStatus>(
                        "executeStatus",
                        execute_status,
                    )?,
                    execute_time,
                })
            })
            .collect::<Result<_, String>>()?;
        Ok(Self { results })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::convert::test_support::*;

    fn example_action() -> WakeUpAction {
        WakeUpAction {
            agent_account: "test".into(),
            account_phone: "13633802288".into(),
            friend_phone: "8613633800088".into(),
            platform_type: PlatformType::Pc as i32,
            message: "hello".into(),
            r#type: WakeUpActionType::OpenConversation as i32,
        }
    }

    #[test]
    fn wake_up_omits_empty_optionals() {
        let action = WakeUpAction {
            account_phone: "".into(),
            message: "".into(),
            ..example_action()
        };
        let wire = WakeUpConversationsRequest {
            actions: vec![action],
            ..Default::default()
        }
        .to_wire(&cx())
        .unwrap();
        let item = &serde_json::to_value(&wire).unwrap()["data"][0];
        assert!(item.get("whatsId").is_none());
        assert!(item.get("content").is_none());
    }

    #[test]
    fn wake_up_rejects_bad_fields() {
        rejected(
            WakeUpConversationsRequest {
                actions: vec![],
                ..Default::default()
            }
            .to_wire(&cx()),
            "actions",
        );
        let bad = |action: WakeUpAction| {
            WakeUpConversationsRequest {
                actions: vec![action],
                ..Default::default()
            }
            .to_wire(&cx())
        };
        rejected(
            bad(WakeUpAction {
                agent_account: "".into(),
                ..example_action()
            }),
            "actions[0].agent_account",
        );
        rejected(
            bad(WakeUpAction {
                friend_phone: "".into(),
                ..example_action()
            }),
            "actions[0].friend_phone",
        );
        rejected(
            bad(WakeUpAction {
                account_phone: "x1".into(),
                ..example_action()
            }),
            "actions[0].account_phone",
        );
        rejected(
            bad(WakeUpAction {
                platform_type: 0,
                ..example_action()
            }),
            "actions[0].platform_type",
        );
        rejected(
            bad(WakeUpAction {
                message: "x".repeat(1025),
                ..example_action()
            }),
            "actions[0].message",
        );
        rejected(
            bad(WakeUpAction {
                r#type: 9,
                ..example_action()
            }),
            "actions[0].type",
        );
    }

    #[test]
    fn wake_up_needs_tenant_id() {
        let cx = WireContext {
            tenant_id: None,
            ..cx()
        };
        let status = WakeUpConversationsRequest {
            actions: vec![example_action()],
            ..Default::default()
        }
        .to_wire(&cx)
        .unwrap_err();
        assert_eq!(status.code(), tonic::Code::FailedPrecondition);
        assert!(status.message().contains("--tenant-id"));
        let status = GetWakeUpResultsRequest {
            action_ids: vec!["a".into()],
        }
        .to_wire(&cx)
        .unwrap_err();
        assert_eq!(status.code(), tonic::Code::FailedPrecondition);
    }

    #[test]
    fn wake_up_response_matches_example_and_table() {
        // The example: a list of ids.
        let wire = serde_json::from_value(data("22-action-batchAdd.response.json")).unwrap();
        let response = WakeUpConversationsResponse::from_wire(wire, &cx()).unwrap();
        assert_eq!(
            response,
            WakeUpConversationsResponse {
                action_ids: vec!["20c7c02bf11b494286dd165da47388c9".into()]
            }
        );
        // The table: one String.
        let wire = serde_json::from_value(json!("20c7c02bf11b494286dd165da47388c9")).unwrap();
        let response = WakeUpConversationsResponse::from_wire(wire, &cx()).unwrap();
        assert_eq!(
            response.action_ids,
            vec!["20c7c02bf11b494286dd165da47388c9"]
        );
    }

    #[test]
    fn results_reject_missing_ids() {
        rejected(
            GetWakeUpResultsRequest { action_ids: vec![] }.to_wire(&cx()),
            "action_ids",
        );
        rejected(
            GetWakeUpResultsRequest {
                action_ids: vec!["a".into(), " ".into()],
            }
            .to_wire(&cx()),
            "action_ids[1]",
        );
    }

    #[test]
    fn results_response_matches_example() {
        // executeStatus is the number 2 here (the table says String); the time is the placeholder.
        let wire = serde_json::from_value(data("23-callbackResult.response.json")).unwrap();
        let response = GetWakeUpResultsResponse::from_wire(wire, &cx()).unwrap();
        assert_eq!(
            response,
            GetWakeUpResultsResponse {
                results: vec![WakeUpResult {
                    action_id: "ad518a4271fa43c8937612c5f60396f8".into(),
                    tenant_id: 500766,
                    agent_account: "ykts02".into(),
                    account_phone: "8172727272727".into(),
                    friend_phone: "8261626162626".into(),
                    r#type: WakeUpActionType::OpenConversation as i32,
                    execute_status: WakeUpExecuteStatus::Failed as i32,
                    execute_time: None,
                }],
            }
        );
    }

    #[test]
    fn results_read_table_variants() {
        // The table's String status, a real execution time, and a single record object.
        let record = json!({"id": "a", "tenantId": "500766", "type": "1", "executeStatus": "0", "executeTime": "2024-04-21 17:01:27"});
        let wire = serde_json::from_value(record).unwrap();
        let result = GetWakeUpResultsResponse::from_wire(wire, &cx())
            .unwrap()
            .results
            .remove(0);
        assert_eq!(result.tenant_id, 500766);
        assert_eq!(
            result.execute_status,
            WakeUpExecuteStatus::NotExecuted as i32
        );
        assert_eq!(
            result.execute_time,
            Some(prost_types::Timestamp {
                seconds: 1_713_690_087,
                nanos: 0
            })
        );
        let wire = serde_json::from_value(json!([{"executeTime": "yesterday"}])).unwrap();
        assert!(GetWakeUpResultsResponse::from_wire(wire, &cx()).is_err());
    }
}
