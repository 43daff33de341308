//! ConversationService against a recording platform: every documented request example of the
//! wake-up endpoints (22, 23) is reproduced by an RPC call, every response example decodes, and
//! without a tenant id nothing is sent.

use serde_json::json;
use tonic::Code;
use wadispatch_gateway::proto::v1::conversation_service_client::ConversationServiceClient;
use wadispatch_gateway::proto::v1::*;
use wadispatch_gateway::upstream::routes;

use crate::common::{
    assert_post, error_details, exchange, fixture_json, upstream_settings, Gateway,
    RecordingPlatform, TENANT_ID,
};

/// The action of the 22 example.
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

#[tokio::test]
async fn wake_up_example() {
    // The example sends `"type": "1"`, a string where its table types `type` as int; the gateway
    // sends the table's int.
    let mut example = fixture_json("22-action-batchAdd.request.json");
    assert_eq!(example["data"][0]["type"], json!("1"));
    example["data"][0]["type"] = json!(1);
    assert_eq!(example["tenantId"], json!(TENANT_ID));
    // An unset type sends the only documented action, as the example does.
    let unset_type = WakeUpAction {
        r#type: WakeUpActionType::Unspecified as i32,
        ..example_action()
    };
    for action in [example_action(), unset_type] {
        // The response's `data` is a list of ids, where the table types it as one String: both
        // are read.
        let (recorded, response) = exchange(
            routes::WAKE_UP_CONVERSATIONS.path,
            "22-action-batchAdd.response.json",
            |channel| async move {
                ConversationServiceClient::new(channel)
                    .wake_up_conversations(WakeUpConversationsRequest {
                        actions: vec![action],
                        ..Default::default()
                    })
                    .await
            },
        )
        .await;
        assert_post(&recorded, routes::WAKE_UP_CONVERSATIONS.path, &example);
        assert_eq!(
            recorded.headers.get("x-api-key").map(String::as_str),
            Some("test-key")
        );
        assert_eq!(
            response,
            WakeUpConversationsResponse {
                action_ids: vec!["20c7c02bf11b494286dd165da47388c9".into()],
            }
        );
    }
}

#[tokio::test]
async fn results_example() {
    let (recorded, response) = exchange(
        routes::GET_WAKE_UP_RESULTS.path,
        "23-callbackResult.response.json",
        |channel| async move {
            ConversationServiceClient::new(channel)
                .get_wake_up_results(GetWakeUpResultsRequest {
                    action_ids: vec!["ad518a4271fa43c8937612c5f60396f8".into()],
                })
                .await
        },
    )
    .await;
    assert_post(
        &recorded,
        routes::GET_WAKE_UP_RESULTS.path,
        &fixture_json("23-callbackResult.request.json"),
    );
    // `executeStatus` is the number 2 where the table says String, and `executeTime` is the
    // platform's "not executed" placeholder 1970-01-01 08:00:01, which reads as unset.
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

#[tokio::test]
async fn wake_up_without_tenant_id_is_a_failed_precondition() {
    let platform = RecordingPlatform::start().await;
    let mut settings = upstream_settings(&platform.url());
    settings.tenant_id = None;
    let gateway = Gateway::start(settings).await;
    let mut client = ConversationServiceClient::new(gateway.channel.clone());

    let assert_missing_tenant = |status: tonic::Status| {
        assert_eq!(status.code(), Code::FailedPrecondition, "{status:?}");
        assert!(status.message().contains("--tenant-id"), "{status:?}");
        let info = error_details(&status)
            .error_info()
            .cloned()
            .unwrap_or_else(|| panic!("no ErrorInfo in {status:?}"));
        assert_eq!(info.reason, "GATEWAY_SETTING_MISSING");
        assert_eq!(
            info.metadata.get("setting").map(String::as_str),
            Some("--tenant-id")
        );
    };
    assert_missing_tenant(
        client
            .wake_up_conversations(WakeUpConversationsRequest {
                actions: vec![example_action()],
                ..Default::default()
            })
            .await
            .unwrap_err(),
    );
    assert_missing_tenant(
        client
            .get_wake_up_results(GetWakeUpResultsRequest {
                action_ids: vec!["ad518a4271fa43c8937612c5f60396f8".into()],
            })
            .await
            .unwrap_err(),
    );
    assert!(
        platform.received().is_empty(),
        "nothing reaches the platform without a tenant id: {:#?}",
        platform.received()
    );
}
