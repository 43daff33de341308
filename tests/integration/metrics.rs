//! The metrics as an operator sees them: a real Prometheus server scrapes a gateway process
//! under a short load, and its query API returns the series with exactly the counts the load
//! made (calls by code, platform calls by outcome, webhooks by outcome and reason).

use std::net::SocketAddr;

use wadispatch_gateway::proto::v1::account_service_client::AccountServiceClient;
use wadispatch_gateway::proto::v1::task_service_client::TaskServiceClient;
use wadispatch_gateway::proto::v1::{GetTaskExecutionStatusRequest, ListAccountsRequest};
use wadispatch_gateway::upstream::routes;

use crate::common::process::{free_port, post_task_status, GatewayProcess};
use crate::common::prometheus::Prometheus;
use crate::common::RecordingPlatform;

const LISTS: usize = 7;
const INVALID: usize = 3;
const STORED: usize = 5;
const MALFORMED: usize = 2;

#[tokio::test]
async fn prometheus_scrapes_exact_counts_of_a_short_load() {
    let dir = tempfile::tempdir().unwrap();
    let platform = RecordingPlatform::start().await;
    platform.answer_fixture(
        routes::LIST_ACCOUNTS.path,
        "17-queryWhatsAppStatus.response.json",
    );
    let webhooks = SocketAddr::from(([127, 0, 0, 1], free_port()));
    let metrics = SocketAddr::from(([127, 0, 0, 1], free_port()));
    let mut gateway = GatewayProcess::new(platform.url(), webhooks, dir.path().join("data"))
        .with_env("WADISPATCH_METRICS_ADDR", metrics.to_string());
    let channel = gateway.start().await;
    let prometheus = Prometheus::start(&dir.path().join("prometheus"), &[metrics]).await;

    for _ in 0..LISTS {
        AccountServiceClient::new(channel.clone())
            .list_accounts(ListAccountsRequest {})
            .await
            .unwrap();
    }
    for _ in 0..INVALID {
        let refused = TaskServiceClient::new(channel.clone())
            .get_task_execution_status(GetTaskExecutionStatusRequest::default())
            .await
            .unwrap_err();
        assert_eq!(refused.code(), tonic::Code::InvalidArgument);
    }
    let client = reqwest::Client::new();
    for n in 0..STORED {
        let body = serde_json::json!({"taskId": format!("m-{n}"), "status": "2"}).to_string();
        assert_eq!(post_task_status(&client, webhooks, body).await, 200);
    }
    let again = serde_json::json!({"taskId": "m-0", "status": "2"}).to_string();
    assert_eq!(
        post_task_status(&client, webhooks, again).await,
        200,
        "a duplicate is acknowledged"
    );
    for _ in 0..MALFORMED {
        assert_eq!(
            post_task_status(&client, webhooks, r#"{"status": "1"}"#.into()).await,
            400
        );
    }

    let rpc = |service: &str, method: &str, code: &str| {
        format!(
            r#"grpc_server_handled_total{{grpc_service="{service}",grpc_method="{method}",grpc_code="{code}"}}"#
        )
    };
    prometheus
        .wait_for_value("up{job=\"wadispatch\"}", 1.0)
        .await;
    prometheus
        .wait_for_value(
            &rpc("wadispatch.v1.AccountService", "ListAccounts", "OK"),
            LISTS as f64,
        )
        .await;
    prometheus
        .wait_for_value(
            &rpc(
                "wadispatch.v1.TaskService",
                "GetTaskExecutionStatus",
                "InvalidArgument",
            ),
            INVALID as f64,
        )
        .await;
    prometheus
        .wait_for_value(
            r#"grpc_server_handling_seconds_count{grpc_method="ListAccounts"}"#,
            LISTS as f64,
        )
        .await;
    // The invalid calls never reached the platform.
    let route = routes::LIST_ACCOUNTS.path;
    prometheus
        .wait_for_value(
            &format!(r#"sum(wadispatch_platform_calls_total{{route="{route}",outcome="ok",http_status="200"}})"#),
            LISTS as f64,
        )
        .await;
    let webhook = |outcome: &str, reason: &str| {
        format!(
            r#"wadispatch_webhooks_total{{kind="GS_V3_SYNC_TASK_STATUS",outcome="{outcome}",reason="{reason}"}}"#
        )
    };
    prometheus
        .wait_for_value(&webhook("stored", "none"), STORED as f64)
        .await;
    prometheus
        .wait_for_value(&webhook("duplicate", "none"), 1.0)
        .await;
    prometheus
        .wait_for_value(&webhook("rejected", "parse"), MALFORMED as f64)
        .await;
    prometheus
        .wait_for_value(r#"wadispatch_dead_letters"#, MALFORMED as f64)
        .await;
    prometheus
        .wait_for_value(
            r#"wadispatch_webhook_commit_seconds_count{kind="GS_V3_SYNC_TASK_STATUS"}"#,
            STORED as f64,
        )
        .await;
    prometheus
        .wait_for_value(r#"wadispatch_store_latest_seq"#, STORED as f64)
        .await;
    prometheus.wait_for_value("wadispatch_ready", 1.0).await;
    let others = prometheus
        .query(r#"wadispatch_platform_calls_total{route!~".*queryWhatsAppStatus"} > 0"#)
        .await;
    assert!(
        others.is_empty(),
        "no other platform call was made: {others:?}"
    );
    // Only the outcomes this load made have counts, and no label carries a task id: the
    // family's labels are the kind, the outcome and the reason.
    let counted = prometheus
        .query("count(wadispatch_webhooks_total > 0)")
        .await;
    assert_eq!(
        counted[0].1, 3.0,
        "stored, duplicate and rejected: {counted:?}"
    );
    for (labels, _) in prometheus.query("wadispatch_webhooks_total").await {
        for name in labels.as_object().unwrap().keys() {
            assert!(
                ["__name__", "instance", "job", "kind", "outcome", "reason"]
                    .contains(&name.as_str()),
                "unexpected label {name}: {labels}"
            );
        }
    }
}
