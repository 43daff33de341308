//! The server around the services: reflection v1 and v1alpha, health, and every RPC answering.

use std::time::Duration;

use tokio_stream::StreamExt;
use tonic_health::pb::health_check_response::ServingStatus;
use tonic_health::pb::health_client::HealthClient;
use tonic_health::pb::HealthCheckRequest;

use crate::common::{upstream_settings, Gateway, Harness};

const SERVICES: [&str; 6] = [
    "wadispatch.v1.TaskService",
    "wadispatch.v1.AudienceService",
    "wadispatch.v1.AccountService",
    "wadispatch.v1.ConversationService",
    "wadispatch.v1.CloudPortService",
    "wadispatch.v1.ScanTaskService",
];

#[tokio::test]
async fn reflection_v1_lists_and_describes_services() {
    use tonic_reflection::pb::v1::server_reflection_client::ServerReflectionClient;
    use tonic_reflection::pb::v1::server_reflection_request::MessageRequest;
    use tonic_reflection::pb::v1::server_reflection_response::MessageResponse;
    use tonic_reflection::pb::v1::ServerReflectionRequest;

    let harness = Harness::start().await;
    let mut client = ServerReflectionClient::new(harness.gateway.channel.clone());
    let requests = [
        MessageRequest::ListServices(String::new()),
        MessageRequest::FileContainingSymbol("wadispatch.v1.TaskService".into()),
    ]
    .map(|message| ServerReflectionRequest {
        host: String::new(),
        message_request: Some(message),
    });
    let mut answers = client
        .server_reflection_info(tokio_stream::iter(requests))
        .await
        .unwrap()
        .into_inner();

    let Some(MessageResponse::ListServicesResponse(list)) =
        answers.next().await.unwrap().unwrap().message_response
    else {
        panic!("expected a service list");
    };
    let names: Vec<String> = list.service.into_iter().map(|s| s.name).collect();
    for service in SERVICES.iter().chain(&["grpc.health.v1.Health"]) {
        assert!(
            names.iter().any(|n| n == service),
            "{service} not listed in {names:?}"
        );
    }
    let Some(MessageResponse::FileDescriptorResponse(files)) =
        answers.next().await.unwrap().unwrap().message_response
    else {
        panic!("expected file descriptors");
    };
    assert!(!files.file_descriptor_proto.is_empty());
}

#[tokio::test]
async fn reflection_v1alpha_lists_services_for_older_tools() {
    use tonic_reflection::pb::v1alpha::server_reflection_client::ServerReflectionClient;
    use tonic_reflection::pb::v1alpha::server_reflection_request::MessageRequest;
    use tonic_reflection::pb::v1alpha::server_reflection_response::MessageResponse;
    use tonic_reflection::pb::v1alpha::ServerReflectionRequest;

    let harness = Harness::start().await;
    let mut client = ServerReflectionClient::new(harness.gateway.channel.clone());
    let request = ServerReflectionRequest {
        host: String::new(),
        message_request: Some(MessageRequest::ListServices(String::new())),
    };
    let mut answers = client
        .server_reflection_info(tokio_stream::iter([request]))
        .await
        .unwrap()
        .into_inner();
    let Some(MessageResponse::ListServicesResponse(list)) =
        answers.next().await.unwrap().unwrap().message_response
    else {
        panic!("expected a service list");
    };
    let names: Vec<String> = list.service.into_iter().map(|s| s.name).collect();
    for service in SERVICES {
        assert!(
            names.iter().any(|n| n == service),
            "{service} not listed in {names:?}"
        );
    }
}

async fn wait_for_health(
    client: &mut HealthClient<tonic::transport::Channel>,
    service: &str,
    wanted: ServingStatus,
) {
    // Polls until the probe has run; bounded so a broken probe fails the test instead of hanging.
    for _ in 0..100 {
        let status = client
            .check(HealthCheckRequest {
                service: service.into(),
            })
            .await
            .ok()
            .map(|r| r.into_inner().status);
        if status == Some(wanted as i32) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{service:?} never became {wanted:?}");
}

#[tokio::test]
async fn health_follows_the_platform() {
    let harness = Harness::start().await;
    let mut client = HealthClient::new(harness.gateway.channel.clone());
    wait_for_health(&mut client, "", ServingStatus::Serving).await;
    for service in SERVICES {
        wait_for_health(&mut client, service, ServingStatus::Serving).await;
    }

    // A gateway whose platform does not answer reports NOT_SERVING.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let cut_off = Gateway::start(upstream_settings(&format!("http://{closed}"))).await;
    let mut client = HealthClient::new(cut_off.channel.clone());
    wait_for_health(&mut client, "", ServingStatus::NotServing).await;
    wait_for_health(
        &mut client,
        "wadispatch.v1.TaskService",
        ServingStatus::NotServing,
    )
    .await;
}
