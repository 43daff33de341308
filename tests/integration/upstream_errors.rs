//! Each class of platform failure maps to an honest gRPC code with a google.rpc.ErrorInfo.

use std::time::Duration;

use serde_json::json;
use tonic::Code;
use wadispatch_gateway::proto::v1::cloud_port_service_client::CloudPortServiceClient;
use wadispatch_gateway::proto::v1::task_service_client::TaskServiceClient;
use wadispatch_gateway::proto::v1::*;
use wadispatch_gateway::upstream::routes;

use crate::common::{
    assert_error_info, pki, text_task_request, upstream_settings, Gateway, Harness,
    RecordingPlatform,
};

fn reserve() -> ReserveLoginPortRequest {
    ReserveLoginPortRequest {
        client_type: LoginClientType::CloudPc as i32,
        pairing_target_id: None,
        ..Default::default()
    }
}

/// Asserts the code, the ErrorInfo reason and domain, and returns the ErrorInfo metadata.
fn assert_error(
    status: &tonic::Status,
    code: Code,
    reason: &str,
) -> std::collections::HashMap<String, String> {
    let info = assert_error_info(status, code, reason);
    assert_eq!(info.domain, "wadispatch-gateway");
    info.metadata
}

#[tokio::test]
async fn documented_qr_code_errors_map_to_their_meaning() {
    let harness = Harness::start().await;
    let mut client = CloudPortServiceClient::new(harness.gateway.channel.clone());
    let cases = [
        (
            1001,
            "Current user cloud port quota is insufficient",
            Code::ResourceExhausted,
            "PORT_QUOTA_INSUFFICIENT",
        ),
        (
            1002,
            "Current port does not exist or has been released",
            Code::NotFound,
            "PORT_NOT_FOUND",
        ),
        (
            1003,
            "Unsupported type",
            Code::InvalidArgument,
            "UNSUPPORTED_TYPE",
        ),
        (
            1004,
            "Pairing target not set",
            Code::FailedPrecondition,
            "PAIRING_TARGET_NOT_SET",
        ),
    ];
    for (platform_code, message, code, reason) in cases {
        let body = json!({"code": platform_code, "message": message, "data": null}).to_string();
        harness
            .platform
            .answer(routes::RESERVE_LOGIN_PORT.path, 200, body);
        let status = client.reserve_login_port(reserve()).await.unwrap_err();
        let metadata = assert_error(&status, code, reason);
        assert_eq!(metadata["platform_code"], platform_code.to_string());
        assert_eq!(metadata["platform_message"], message);
        assert_eq!(metadata["path"], routes::RESERVE_LOGIN_PORT.path);
    }
}

#[tokio::test]
async fn undocumented_envelope_codes() {
    let harness = Harness::start().await;
    let mut client = CloudPortServiceClient::new(harness.gateway.channel.clone());
    for (platform_code, code, reason) in [
        (
            json!(400),
            Code::InvalidArgument,
            "PLATFORM_REJECTED_REQUEST",
        ),
        (
            json!("401"),
            Code::Unauthenticated,
            "PLATFORM_UNAUTHENTICATED",
        ),
        (json!(429), Code::ResourceExhausted, "PLATFORM_RATE_LIMITED"),
        (json!(5123), Code::Unknown, "PLATFORM_ERROR"),
    ] {
        let body = json!({"code": platform_code, "message": "nope", "data": ""}).to_string();
        harness
            .platform
            .answer(routes::RESERVE_LOGIN_PORT.path, 200, body);
        let status = client.reserve_login_port(reserve()).await.unwrap_err();
        assert_error(&status, code, reason);
    }
}

#[tokio::test]
async fn http_error_statuses() {
    let harness = Harness::start().await;
    let mut client = CloudPortServiceClient::new(harness.gateway.channel.clone());
    harness
        .platform
        .answer(routes::RESERVE_LOGIN_PORT.path, 503, "upstream overloaded");
    let status = client.reserve_login_port(reserve()).await.unwrap_err();
    let metadata = assert_error(&status, Code::Unavailable, "PLATFORM_HTTP_ERROR");
    assert_eq!(metadata["http_status"], "503");
    assert_eq!(metadata["body"], "upstream overloaded");

    harness
        .platform
        .answer(routes::RESERVE_LOGIN_PORT.path, 403, "");
    let status = client.reserve_login_port(reserve()).await.unwrap_err();
    assert_error(&status, Code::PermissionDenied, "PLATFORM_HTTP_ERROR");

    // An error envelope in a non-2xx answer says more than the status line, so it wins.
    harness.platform.answer(
        routes::RESERVE_LOGIN_PORT.path,
        500,
        json!({"code": 1001, "message": "quota", "data": ""}).to_string(),
    );
    let status = client.reserve_login_port(reserve()).await.unwrap_err();
    assert_error(&status, Code::ResourceExhausted, "PORT_QUOTA_INSUFFICIENT");
}

/// An https:// platform is called over TLS, trusting the certificates of `--upstream-ca-file`;
/// a certificate nobody vouches for is a failed connection, and nothing is sent.
#[tokio::test]
async fn an_https_platform_is_verified_against_the_ca_file() {
    let ca = pki::Ca::new("platform CA");
    let platform = RecordingPlatform::start_tls(&ca.server()).await;
    let url = format!("https://127.0.0.1:{}", platform.addr.port());
    let ca_dir = tempfile::tempdir().unwrap();
    let ca_file = ca_dir.path().join("ca.pem");
    std::fs::write(&ca_file, &ca.cert).unwrap();

    let mut settings = upstream_settings(&url);
    settings.upstream_ca_file = Some(ca_file.clone());
    let gateway = Gateway::start(settings).await;
    let mut client = CloudPortServiceClient::new(gateway.channel.clone());
    platform.answer(
        routes::RESERVE_LOGIN_PORT.path,
        200,
        json!({"code": 200, "message": "success", "data": "window-1"}).to_string(),
    );
    let reserved = client.reserve_login_port(reserve()).await.unwrap();
    assert_eq!(reserved.into_inner().login_id, "window-1");
    let request = platform.only_request();
    assert_eq!(request.path, routes::RESERVE_LOGIN_PORT.path);
    assert_eq!(request.headers["x-api-key"], "test-key");

    // Another CA's file: the platform's certificate is not trusted.
    std::fs::write(&ca_file, &pki::Ca::new("someone else").cert).unwrap();
    let mut settings = upstream_settings(&url);
    settings.upstream_ca_file = Some(ca_file);
    let gateway = Gateway::start(settings).await;
    let mut client = CloudPortServiceClient::new(gateway.channel.clone());
    let status = client.reserve_login_port(reserve()).await.unwrap_err();
    assert_eq!(status.code(), Code::Unavailable, "{status:?}");
    assert!(
        status.message().contains("certificate"),
        "names the certificate: {status:?}"
    );
    assert_eq!(platform.received().len(), 1, "nothing more was sent");
}

/// A redirect is an answer, not an instruction: a state-changing call is not sent again to
/// wherever it points.
#[tokio::test]
async fn redirects_are_not_followed() {
    let harness = Harness::start().await;
    let mut client = CloudPortServiceClient::new(harness.gateway.channel.clone());
    harness
        .platform
        .answer(routes::RESERVE_LOGIN_PORT.path, 302, "");
    let status = client.reserve_login_port(reserve()).await.unwrap_err();
    let metadata = assert_error(&status, Code::Unknown, "PLATFORM_HTTP_ERROR");
    assert_eq!(metadata["http_status"], "302");
    assert_eq!(
        harness.platform.only_request().path,
        routes::RESERVE_LOGIN_PORT.path
    );
}

#[tokio::test]
async fn unparseable_answers_are_internal() {
    let harness = Harness::start().await;
    let mut client = TaskServiceClient::new(harness.gateway.channel.clone());
    let request = || GetTaskExecutionStatusRequest {
        task_id: "1".into(),
    };
    harness.platform.answer(
        routes::GET_TASK_EXECUTION_STATUS.path,
        200,
        "<html>gateway error</html>",
    );
    let status = client
        .get_task_execution_status(request())
        .await
        .unwrap_err();
    assert_error(&status, Code::Internal, "PLATFORM_RESPONSE_UNDECODABLE");

    harness.platform.answer(
        routes::GET_TASK_EXECUTION_STATUS.path,
        200,
        json!({"code": 200, "data": {"info": "nope"}}).to_string(),
    );
    let status = client
        .get_task_execution_status(request())
        .await
        .unwrap_err();
    assert_error(&status, Code::Internal, "PLATFORM_RESPONSE_UNDECODABLE");

    let bad_time = json!({"code": 200, "data": {"taskId": "1", "status": 1, "info": [{"whatsApp": "1", "friendWhatsApp": "2", "status": 1, "time": "yesterday"}]}});
    harness.platform.answer(
        routes::GET_TASK_EXECUTION_STATUS.path,
        200,
        bad_time.to_string(),
    );
    let status = client
        .get_task_execution_status(request())
        .await
        .unwrap_err();
    assert_error(&status, Code::Internal, "PLATFORM_RESPONSE_UNDECODABLE");
    assert!(
        status.message().contains("yesterday"),
        "{}",
        status.message()
    );
}

#[tokio::test]
async fn the_callers_deadline_bounds_the_platform_call() {
    let harness = Harness::start().await;
    harness.platform.answer_after(
        routes::GET_TASK_EXECUTION_STATUS.path,
        200,
        json!({"code": 200, "data": {"taskId": "1", "status": 1, "info": []}}).to_string(),
        Duration::from_secs(5),
    );
    // The header alone, without a client-side timer: the gateway must honour it by itself.
    let mut request = tonic::Request::new(GetTaskExecutionStatusRequest {
        task_id: "1".into(),
    });
    request
        .metadata_mut()
        .insert("grpc-timeout", "2S".parse().unwrap());
    let status = TaskServiceClient::new(harness.gateway.channel.clone())
        .get_task_execution_status(request)
        .await
        .unwrap_err();
    assert_error(&status, Code::DeadlineExceeded, "PLATFORM_TIMEOUT");
}

#[tokio::test]
async fn the_configured_timeout_bounds_the_platform_call() {
    let platform = RecordingPlatform::start().await;
    platform.answer_after(
        routes::GET_PORT_QUOTA.path,
        200,
        "{}",
        Duration::from_secs(5),
    );
    let mut settings = upstream_settings(&platform.url());
    settings.upstream_timeout = Duration::from_millis(200);
    let gateway = Gateway::start(settings).await;
    let status = CloudPortServiceClient::new(gateway.channel.clone())
        .get_port_quota(GetPortQuotaRequest {})
        .await
        .unwrap_err();
    assert_error(&status, Code::DeadlineExceeded, "PLATFORM_TIMEOUT");
}

/// A port that refuses connections until the platform stand-in is started on it.
async fn refusing_port() -> std::net::SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap()
}

#[tokio::test]
async fn refused_connections_are_unavailable_and_only_reads_are_retried() {
    let addr = refusing_port().await;
    let mut settings = upstream_settings(&format!("http://{addr}"));
    settings.upstream_attempts = 12;
    let gateway = Gateway::start(settings).await;
    let mut tasks = TaskServiceClient::new(gateway.channel.clone());

    // A create is never retried: it fails at once, even though the platform comes up later.
    let status = tasks
        .create_unassigned_single_target_task(text_task_request())
        .await
        .unwrap_err();
    assert_error(&status, Code::Unavailable, "PLATFORM_UNREACHABLE");

    // A read is retried with backoff: start the platform on that port while it retries.
    let late_platform = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(120)).await;
        let platform = RecordingPlatform::start_on(addr).await;
        platform.answer(
            routes::GET_TASK_EXECUTION_STATUS.path,
            200,
            json!({"code": 200, "data": {"taskId": "1", "status": 5, "info": []}}).to_string(),
        );
        platform
    });
    let response = tasks
        .get_task_execution_status(GetTaskExecutionStatusRequest {
            task_id: "1".into(),
        })
        .await
        .unwrap();
    assert_eq!(response.into_inner().status, TaskStatus::Completed as i32);
    let platform = late_platform.await.unwrap();
    let paths: Vec<String> = platform.received().into_iter().map(|r| r.path).collect();
    assert_eq!(
        paths,
        vec![routes::GET_TASK_EXECUTION_STATUS.path.to_owned()],
        "the create never reached the platform"
    );
}
