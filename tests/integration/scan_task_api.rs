//! ScanTaskService against a recording platform: every documented request example of the PC QR
//! scan task endpoints (38, 39) is reproduced by an RPC call, and every response example decodes.

use wadispatch_gateway::proto::v1::scan_task_service_client::ScanTaskServiceClient;
use wadispatch_gateway::proto::v1::*;
use wadispatch_gateway::upstream::routes;

use crate::common::{assert_post, exchange, fixture_json};

const SCAN_TASK_ID: &str = "f0d485cb2e5e4c5ca21b74e970043e6c";

#[tokio::test]
async fn create_example() {
    let (recorded, response) = exchange(
        routes::CREATE_SCAN_TASK.path,
        "38-create.response.json",
        |channel| async move {
            ScanTaskServiceClient::new(channel)
                .create_scan_task(CreateScanTaskRequest {
                    agent_id: Some(10001),
                    allocation_role: AllocationRole::Specified as i32,
                    ..Default::default()
                })
                .await
        },
    )
    .await;
    assert_post(
        &recorded,
        routes::CREATE_SCAN_TASK.path,
        &fixture_json("38-create.request.json"),
    );
    assert_eq!(
        recorded.headers.get("x-api-key").map(String::as_str),
        Some("test-key")
    );
    assert_eq!(
        response,
        CreateScanTaskResponse {
            scan_task_id: SCAN_TASK_ID.into(),
        }
    );
}

#[tokio::test]
async fn qr_code_example() {
    let (recorded, response) = exchange(
        routes::GET_SCAN_TASK_QR_CODE.path,
        "39-qrCodeTask-getQrCode.response.json",
        |channel| async move {
            ScanTaskServiceClient::new(channel)
                .get_scan_task_qr_code(GetScanTaskQrCodeRequest {
                    scan_task_id: SCAN_TASK_ID.into(),
                })
                .await
        },
    )
    .await;
    assert_post(
        &recorded,
        routes::GET_SCAN_TASK_QR_CODE.path,
        &fixture_json("39-qrCodeTask-getQrCode.request.json"),
    );
    assert_eq!(
        response,
        GetScanTaskQrCodeResponse {
            qr_code: "qr_code".into(),
        }
    );
}
