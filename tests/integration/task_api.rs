//! TaskService against a recording platform: every documented request example of the 12 task
//! endpoints is reproduced by an RPC call, and every response example decodes.

use serde_json::{json, Value};
use tonic::Code;
use wadispatch_gateway::proto::v1::message_content::Kind;
use wadispatch_gateway::proto::v1::task_service_client::TaskServiceClient;
use wadispatch_gateway::proto::v1::*;
use wadispatch_gateway::upstream::routes;

use crate::common;
use crate::common::{
    assert_get, assert_post, drop_empty, exchange, fixture_json, fixture_query, platform_time,
    Harness,
};

const CREATED_TASK_ID: &str = "6a2724fa2b7055971f960cc162632595";

fn options(name: &str, start: &str, send_type: SendType) -> Option<TaskOptions> {
    Some(TaskOptions {
        name: name.into(),
        start_time: Some(platform_time(start)),
        end_time: None,
        send_type: send_type as i32,
        agent_account: String::new(),
        target_type: TargetType::Individual as i32,
    })
}

fn text(text: &str, sort: Option<i32>, trans_id: &str, variables: &[&str]) -> MessageContent {
    MessageContent {
        kind: Some(Kind::Text(TextContent { text: text.into() })),
        sort,
        trans_id: trans_id.into(),
        variables: variables
            .iter()
            .map(|name| VariableField {
                r#type: AttributeType::Basic as i32,
                name: (*name).into(),
            })
            .collect(),
    }
}

const SALE: &str = "Hello! All products are 10% off today. Come and check them out.";

/// The five routing-link and contact-card-link items every "Example-3" of the create endpoints
/// sends.
fn links() -> Vec<MessageContent> {
    let route = |sort, text: &str, route_type: RouteType, target: &str| MessageContent {
        kind: Some(Kind::RoutingLink(RoutingLinkContent {
            text: text.into(),
            route_type: route_type as i32,
            route_targets: vec![target.into()],
        })),
        sort: Some(sort),
        ..Default::default()
    };
    vec![
        route(
            0,
            "hello, this is agent routing link",
            RouteType::Agent,
            "801406",
        ),
        route(
            1,
            "hello, this is customer service group routing link",
            RouteType::WhatsappGroup,
            "67",
        ),
        route(
            2,
            "hello, this is customer service group routing link",
            RouteType::CustomInbound,
            "8619876543210",
        ),
        MessageContent {
            kind: Some(Kind::ContactCardLink(ContactCardLinkContent {
                text: "hello, this is contact card hyperlink".into(),
                image_url: "https://www.google.com/favicon.ico".into(),
                title: "Title".into(),
                description: "This is a contact card hyperlink".into(),
                link: "https://www.google.com/".into(),
                ads_template_id: None,
            })),
            sort: Some(3),
            ..Default::default()
        },
        MessageContent {
            kind: Some(Kind::ContactCardLink(ContactCardLinkContent {
                text: "hello, this is contact card hyperlink 2".into(),
                ads_template_id: Some(32),
                ..Default::default()
            })),
            sort: Some(4),
            ..Default::default()
        },
    ]
}

/// Runs one create RPC and checks the body against the example and the answer's task id.
macro_rules! golden_create {
    ($route:expr, $example:expr, $response:expr, $rpc:ident, $request:expr) => {{
        let (recorded, response) = exchange($route.path, $response, |channel| async move {
            TaskServiceClient::new(channel).$rpc($request).await
        })
        .await;
        assert_post(&recorded, $route.path, &drop_empty($example));
        assert_eq!(
            recorded.headers.get("x-api-key").map(String::as_str),
            Some("test-key")
        );
        response.task_id
    }};
}

#[tokio::test]
async fn assign_single_target_examples() {
    let request = |contents, name: &str, start: &str, send_type| CreateSingleTargetTaskRequest {
        options: options(name, start, send_type),
        sender_phone: "8618217331213".into(),
        target: "8618217331211".into(),
        contents,
        ..Default::default()
    };
    let birthday = "Hello {friendName}, today is your birthday ({birthday}). All products are 70% off. Come and check them out.";
    let cases = [
        (
            "01-assign-soCreate.request-1.json",
            request(
                vec![text(SALE, Some(0), "", &[])],
                "task-202403201653119191",
                "2024-04-21 17:01:27",
                SendType::Pc,
            ),
        ),
        (
            "01-assign-soCreate.request-2.json",
            request(
                vec![text(birthday, Some(0), "", &["friendName", "birthday"])],
                "task-202403201653119191",
                "2024-04-21 17:01:27",
                SendType::Pc,
            ),
        ),
        (
            "01-assign-soCreate.request-3.json",
            CreateSingleTargetTaskRequest {
                sender_phone: "8618812341234".into(),
                target: "8615212877543".into(),
                ..request(
                    links(),
                    "api-specified-account-single-target",
                    "2024-10-16 17:49:02",
                    SendType::Mobile,
                )
            },
        ),
    ];
    for (example, request) in cases {
        let id = golden_create!(
            routes::CREATE_SINGLE_TARGET_TASK,
            fixture_json(example),
            "01-assign-soCreate.response.json",
            create_single_target_task,
            request
        );
        assert_eq!(id, CREATED_TASK_ID);
    }
}

#[tokio::test]
async fn assign_paired_examples() {
    let pair = |s: &str, f: &str| SendPair {
        sender_phone: s.into(),
        target: f.into(),
    };
    let birthday = "Hello {friendName}, today is your birthday ({birthday}). All products are 70% off. Come and check them out.";
    let cases = [
        (
            "02-moscCreate.request-1.json",
            CreatePairedTaskRequest {
                options: options(
                    "task-202403201653119191",
                    "2024-04-21 17:01:27",
                    SendType::Pc,
                ),
                pairs: vec![pair("8618217331213", "8618217331211")],
                contents: vec![text(SALE, Some(0), "", &[])],
                ..Default::default()
            },
        ),
        (
            "02-moscCreate.request-2.json",
            CreatePairedTaskRequest {
                options: options(
                    "task-202403201653119191",
                    "2024-04-21 17:01:27",
                    SendType::Pc,
                ),
                pairs: vec![pair("8618217331213", "8618217331211")],
                contents: vec![text(birthday, Some(0), "", &["friendName", "birthday"])],
                ..Default::default()
            },
        ),
        (
            "02-moscCreate.request-3.json",
            CreatePairedTaskRequest {
                options: options("api-task", "2024-10-16 18:00:00", SendType::Mobile),
                pairs: vec![pair("8618812341234", "8615212877543")],
                contents: links(),
                ..Default::default()
            },
        ),
    ];
    for (example, request) in cases {
        let id = golden_create!(
            routes::CREATE_PAIRED_TASK,
            fixture_json(example),
            "02-moscCreate.response.json",
            create_paired_task,
            request
        );
        assert_eq!(id, CREATED_TASK_ID);
    }
}

#[tokio::test]
async fn assign_paired_content_examples() {
    let cases = [
        (
            "03-modcCreate.request-1.json",
            CreatePairedContentTaskRequest {
                options: options(
                    "task-202403201653119191",
                    "2024-04-22 10:29:55",
                    SendType::Mobile,
                ),
                pairs: vec![PairedContent {
                    sender_phone: "8618217331213".into(),
                    target: "8618217331211".into(),
                    contents: vec![text(SALE, Some(0), "", &[])],
                }],
                ..Default::default()
            },
        ),
        (
            "03-modcCreate.request-2.json",
            CreatePairedContentTaskRequest {
                options: options("api-task", "2024-10-16 18:00:00", SendType::Mobile),
                pairs: vec![PairedContent {
                    sender_phone: "8618812341234".into(),
                    target: "8615212877543".into(),
                    contents: links(),
                }],
                ..Default::default()
            },
        ),
    ];
    for (example, request) in cases {
        let id = golden_create!(
            routes::CREATE_PAIRED_CONTENT_TASK,
            fixture_json(example),
            "03-modcCreate.response.json",
            create_paired_content_task,
            request
        );
        assert_eq!(id, CREATED_TASK_ID);
    }
}

#[tokio::test]
async fn assign_pooled_examples() {
    let birthday = "Hello {friendName}, today is your birthday. All products are 70% off. Come and check them out.";
    let cases = [
        // Example-1's second item sends `"sort": ""`, an empty string for an int: that is "no
        // sort", which the gateway expresses by leaving sort unset (drop_empty removes it).
        (
            "04-mmCreate.request-1.json",
            CreatePooledTaskRequest {
                options: options("many-to-many-create-1", "2024-07-21 17:01:27", SendType::Pc),
                sender_phones: vec!["6578645661211".into()],
                targets: vec!["8618217331211".into()],
                contents: vec![
                    text(SALE, Some(0), "tr00003", &[]),
                    text(birthday, None, "tr00002", &["friendName"]),
                ],
                ..Default::default()
            },
        ),
        (
            "04-mmCreate.request-2.json",
            CreatePooledTaskRequest {
                options: options("many-to-many-create-2", "2024-10-16 18:00:00", SendType::Pc),
                sender_phones: vec!["8618812341234".into()],
                targets: vec!["8615212877543".into()],
                contents: links(),
                ..Default::default()
            },
        ),
    ];
    for (example, request) in cases {
        let id = golden_create!(
            routes::CREATE_POOLED_TASK,
            fixture_json(example),
            "04-mmCreate.response.json",
            create_pooled_task,
            request
        );
        assert_eq!(id, "278881");
    }
}

#[tokio::test]
async fn assign_account_group_example() {
    let birthday = "Hello {friendName}, today is your birthday. All products are 70% off. Come and check them out.";
    let mut contents = vec![
        text(SALE, None, "tr00003", &[]),
        text(birthday, None, "tr00002", &["friendName"]),
    ];
    contents.extend(links());
    let request = CreateAccountGroupTaskRequest {
        options: options(
            "account-group-create-mass-send-1",
            "2024-07-21 17:01:27",
            SendType::Pc,
        ),
        audience_group_id: 68,
        targets: vec!["8618217331211".into()],
        contents,
        ..Default::default()
    };
    // The example names the target list `friendWhatsApp`; its own table (and mmCreate) name it
    // `friendWhatsAppList`, which the gateway sends.
    let mut example = fixture_json("05-groupCreate.request-1.json");
    let targets = example
        .as_object_mut()
        .unwrap()
        .remove("friendWhatsApp")
        .unwrap();
    example["friendWhatsAppList"] = targets;
    let id = golden_create!(
        routes::CREATE_ACCOUNT_GROUP_TASK,
        example,
        "05-groupCreate.response.json",
        create_account_group_task,
        request
    );
    assert_eq!(id, "876");
}

#[tokio::test]
async fn unassigned_single_target_examples() {
    let request =
        |contents, name: &str, start: &str, target: &str| CreateUnassignedSingleTargetTaskRequest {
            options: options(name, start, SendType::Mobile),
            target: target.into(),
            contents,
            ..Default::default()
        };
    let birthday = "Hello {friendName}, today is your birthday. All products are 70% off. Come and check them out.";
    let cases = [
        (
            "06-noAssign-soCreate.request-1.json",
            request(
                vec![text(SALE, Some(0), "", &[])],
                "task-202403201653119191",
                "2024-04-22 10:29:55",
                "8618217331211",
            ),
        ),
        (
            "06-noAssign-soCreate.request-2.json",
            request(
                vec![text(birthday, Some(0), "", &["friendName"])],
                "task-202403201653119191",
                "2024-04-22 10:29:55",
                "8618217331211",
            ),
        ),
        (
            "06-noAssign-soCreate.request-3.json",
            request(links(), "api-task", "2024-10-16 18:00:00", "8615212877543"),
        ),
    ];
    for (example, request) in cases {
        let id = golden_create!(
            routes::CREATE_UNASSIGNED_SINGLE_TARGET_TASK,
            fixture_json(example),
            "06-noAssign-soCreate.response.json",
            create_unassigned_single_target_task,
            request
        );
        assert_eq!(id, CREATED_TASK_ID);
    }
}

#[tokio::test]
async fn unassigned_multi_target_examples() {
    let request = |contents, name: &str, start: &str, target: &str| CreateUnassignedTaskRequest {
        options: options(name, start, SendType::Mobile),
        targets: vec![target.into()],
        contents,
        ..Default::default()
    };
    let birthday = "Hello {friendName}, today is your birthday. All products are 70% off. Come and check them out.";
    let cases = [
        (
            "07-moCreate.request-1.json",
            request(
                vec![text(SALE, Some(0), "", &[])],
                "task-202403201653119191",
                "2024-04-22 10:29:55",
                "8618217331211",
            ),
        ),
        // Example-2 has no name: an empty name is not sent.
        (
            "07-moCreate.request-2.json",
            request(
                vec![text(birthday, Some(0), "", &["friendName"])],
                "",
                "2024-04-22 10:29:55",
                "8618217331211",
            ),
        ),
        (
            "07-moCreate.request-3.json",
            request(links(), "api-task", "2024-10-16 18:00:00", "8615212877543"),
        ),
    ];
    for (example, request) in cases {
        let id = golden_create!(
            routes::CREATE_UNASSIGNED_TASK,
            fixture_json(example),
            "07-moCreate.response.json",
            create_unassigned_task,
            request
        );
        assert_eq!(id, CREATED_TASK_ID);
    }
}

#[tokio::test]
async fn conditional_example_1() {
    let birthday = "Hello {friendName}, today is your birthday ({birthday}). All products are 70% off. Come and check them out.";
    let request = CreateConditionalTaskRequest {
        options: options(
            "task-20240320175301",
            "2024-04-22 10:29:55",
            SendType::Mobile,
        ),
        conditions: vec![
            AudienceCondition {
                r#type: AttributeType::Basic as i32,
                name: "Age".into(),
                operator: ConditionOperator::LessThan as i32,
                value: "20".into(),
                ..Default::default()
            },
            AudienceCondition {
                r#type: AttributeType::Basic as i32,
                name: "money".into(),
                operator: ConditionOperator::Between as i32,
                range_start: "5000".into(),
                range_end: "10000".into(),
                ..Default::default()
            },
        ],
        group_condition: None,
        automated_behaviors: vec![AutomatedBehavior {
            event: BehaviorEvent::MessageSent as i32,
            action: BehaviorAction::ChangeStage as i32,
            operation: BehaviorOperation::Modify as i32,
            tag_values: vec!["Contacted".into()],
            stage_value: None,
        }],
        contents: vec![text(birthday, Some(0), "", &["friendName", "birthday"])],
        ..Default::default()
    };
    // The example sends `opsType`, `eventType` and `actionType` as strings ("1") and the tag list
    // as a single string; their tables type them int and List, as the gateway sends them.
    // (`type` of a condition is a String in its table, so "1" stays a string.)
    let mut example = fixture_json("08-comoCreate.request-1.json");
    for condition in example["targetAudienceCondition"].as_array_mut().unwrap() {
        let ops: i64 = condition["opsType"].as_str().unwrap().parse().unwrap();
        condition["opsType"] = json!(ops);
    }
    let behavior = &mut example["automatedBehavior"][0];
    for key in ["eventType", "actionType", "opsType"] {
        let number: i64 = behavior[key].as_str().unwrap().parse().unwrap();
        behavior[key] = json!(number);
    }
    behavior["customerTagValue"] = json!([behavior["customerTagValue"].clone()]);
    let id = golden_create!(
        routes::CREATE_CONDITIONAL_TASK,
        example,
        "08-comoCreate.response.json",
        create_conditional_task,
        request
    );
    assert_eq!(id, CREATED_TASK_ID);
}

#[tokio::test]
async fn conditional_example_2() {
    let request = CreateConditionalTaskRequest {
        options: options("20240802165237", "2024-08-02 16:52:37", SendType::Pc),
        conditions: vec![],
        group_condition: Some(GroupAudienceCondition {
            account_phones: vec!["86187272722".into()],
            group_tag_ids: vec![10295],
            owner_ids: vec![621485],
            group_name: "test".into(),
        }),
        automated_behaviors: vec![],
        contents: links(),
        ..Default::default()
    };
    // The example names the start time `startTime` and the behaviours `automatedBehaviorDTOS`
    // (empty here); the table's names, which the gateway sends, are `startTaskTime` and
    // `automatedBehavior`.
    let mut example = fixture_json("08-comoCreate.request-2.json");
    let members = example.as_object_mut().unwrap();
    let start = members.remove("startTime").unwrap();
    members.insert("startTaskTime".into(), start);
    assert_eq!(members.remove("automatedBehaviorDTOS"), Some(json!([])));
    let id = golden_create!(
        routes::CREATE_CONDITIONAL_TASK,
        example,
        "08-comoCreate.response.json",
        create_conditional_task,
        request
    );
    assert_eq!(id, CREATED_TASK_ID);
}

#[tokio::test]
async fn execution_status_example() {
    let (path, params) = fixture_query("09-queryExecuteStatus.request.query");
    assert_eq!(path, routes::GET_TASK_EXECUTION_STATUS.path);
    let task_id = params["taskId"].clone();
    let (recorded, response) = exchange(
        routes::GET_TASK_EXECUTION_STATUS.path,
        "09-queryExecuteStatus.response.json",
        |channel| async move {
            TaskServiceClient::new(channel)
                .get_task_execution_status(GetTaskExecutionStatusRequest { task_id })
                .await
        },
    )
    .await;
    assert_get(
        &recorded,
        routes::GET_TASK_EXECUTION_STATUS.path,
        &[("taskId", "174")],
    );
    assert_eq!(
        response,
        GetTaskExecutionStatusResponse {
            task_id: "7ecb410f496db67f549aac211cf2be7d".into(),
            status: TaskStatus::PendingStart as i32,
            recipients: vec![
                RecipientState {
                    sender_phone: "86172162521".into(),
                    target: "86172162521".into(),
                    status: RecipientStatus::PendingSend as i32,
                    time: Some(platform_time("2023-07-12 10:43:00")),
                },
                RecipientState {
                    sender_phone: "86172162522".into(),
                    target: "86172162522".into(),
                    status: RecipientStatus::Sending as i32,
                    time: Some(platform_time("2023-07-12 10:43:00")),
                },
            ],
        }
    );
}

#[tokio::test]
async fn execution_status_maps_pending_dispatch_and_failure() {
    let harness = Harness::start().await;
    harness.platform.answer(
        routes::GET_TASK_EXECUTION_STATUS.path,
        200,
        json!({"code": 200, "message": "success", "data": {"taskId": "9", "status": "5", "info": [
            {"whatsApp": "8611", "friendWhatsApp": "8612", "time": "", "status": 0},
            {"whatsApp": "8611", "friendWhatsApp": "8613", "time": "2023-07-12 10:43:00", "status": "-1"}
        ]}})
        .to_string(),
    );
    let response = TaskServiceClient::new(harness.gateway.channel.clone())
        .get_task_execution_status(GetTaskExecutionStatusRequest {
            task_id: "9".into(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(response.status, TaskStatus::Completed as i32);
    assert_eq!(
        response.recipients[0].status,
        RecipientStatus::PendingDispatch as i32
    );
    assert_eq!(response.recipients[0].time, None);
    assert_eq!(
        response.recipients[1].status,
        RecipientStatus::SendFailed as i32
    );
}

#[tokio::test]
async fn batch_examples_send_a_bare_array() {
    macro_rules! batch {
        ($route:expr, $example:literal, $response:literal, $rpc:ident, $request:ident) => {{
            let task_ids = vec!["12".to_owned(), "13".to_owned(), "14".to_owned()];
            let (recorded, _) = exchange($route.path, $response, |channel| async move {
                TaskServiceClient::new(channel)
                    .$rpc($request {
                        task_ids,
                        ..Default::default()
                    })
                    .await
            })
            .await;
            assert_post(&recorded, $route.path, &fixture_json($example));
        }};
    }
    batch!(
        routes::START_TASKS,
        "10-batchStart.request.json",
        "10-batchStart.response.json",
        start_tasks,
        StartTasksRequest
    );
    batch!(
        routes::PAUSE_TASKS,
        "11-batchPause.request.json",
        "11-batchPause.response.json",
        pause_tasks,
        PauseTasksRequest
    );
    batch!(
        routes::STOP_TASKS,
        "12-batchStop.request.json",
        "12-batchStop.response.json",
        stop_tasks,
        StopTasksRequest
    );
}

#[tokio::test]
async fn batch_keeps_large_and_hex_ids_exact() {
    let huge = "98765432109876543210987654321".to_owned();
    let (recorded, _) = exchange(
        routes::STOP_TASKS.path,
        "12-batchStop.response.json",
        |channel| async move {
            TaskServiceClient::new(channel)
                .stop_tasks(StopTasksRequest {
                    task_ids: vec![huge, CREATED_TASK_ID.into(), "007".into()],
                    ..Default::default()
                })
                .await
        },
    )
    .await;
    // serde_json::Value would round a huge number, so the raw body is compared as text.
    let raw = serde_json::to_string(&recorded.body).unwrap();
    assert!(recorded.body.is_array(), "{raw}");
    assert_eq!(recorded.body[1], json!(CREATED_TASK_ID));
    assert_eq!(
        recorded.body[2],
        json!("007"),
        "a leading zero is not a JSON number: sent as a string"
    );
}

fn violations(status: &tonic::Status) -> Vec<String> {
    assert_eq!(status.code(), Code::InvalidArgument, "{status:?}");
    common::error_details(status)
        .bad_request()
        .expect("a BadRequest detail")
        .field_violations
        .iter()
        .map(|v| v.field.clone())
        .collect()
}

#[tokio::test]
async fn validation_rejects_before_any_http_call() {
    let harness = Harness::start().await;
    let mut client = TaskServiceClient::new(harness.gateway.channel.clone());
    let long_text = "x".repeat(1025);
    let too_many: Vec<String> = (0..5001).map(|i| format!("86130{i:08}")).collect();
    let status = client
        .create_unassigned_task(CreateUnassignedTaskRequest {
            options: Some(TaskOptions {
                target_type: 0,
                send_type: 9,
                ..Default::default()
            }),
            targets: too_many,
            contents: vec![text(&long_text, None, "", &[]), MessageContent::default()],
            ..Default::default()
        })
        .await
        .unwrap_err();
    let fields = violations(&status);
    for field in [
        "options.target_type",
        "options.send_type",
        "targets",
        "contents[0].text.text",
        "contents[1]",
    ] {
        assert!(
            fields.contains(&field.to_string()),
            "{field} not in {fields:?}"
        );
    }

    let status = client
        .create_single_target_task(CreateSingleTargetTaskRequest {
            options: options("t", "2024-04-21 17:01:27", SendType::Pc),
            sender_phone: "86 182-1733-1213".into(),
            target: "86-abc".into(),
            contents: vec![MessageContent {
                kind: Some(Kind::Image(MediaContent::default())),
                ..Default::default()
            }],
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(violations(&status), vec!["target", "contents[0].image.url"]);

    let status = client
        .create_pooled_task(CreatePooledTaskRequest {
            options: Some(TaskOptions {
                target_type: TargetType::Individual as i32,
                start_time: Some(platform_time("2024-04-21 17:01:27")),
                end_time: Some(platform_time("2024-04-21 17:00:00")),
                ..Default::default()
            }),
            sender_phones: vec![],
            targets: vec!["8618217331211".into()],
            contents: vec![MessageContent {
                kind: Some(Kind::RoutingLink(RoutingLinkContent {
                    text: "x".into(),
                    route_type: 3,
                    route_targets: vec!["not a number".into()],
                })),
                ..Default::default()
            }],
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(
        violations(&status),
        vec![
            "options.end_time",
            "sender_phones",
            "contents[0].routing_link.route_targets[0]"
        ]
    );

    let status = client
        .stop_tasks(StopTasksRequest {
            task_ids: vec![],
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(violations(&status), vec!["task_ids"]);
    let status = client
        .get_task_execution_status(GetTaskExecutionStatusRequest {
            task_id: " ".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(violations(&status), vec!["task_id"]);
    assert!(
        harness.platform.received().is_empty(),
        "nothing invalid reaches the platform"
    );
}

#[tokio::test]
async fn limits_are_accepted_at_their_maximum() {
    let harness = Harness::start().await;
    harness.platform.answer_fixture(
        routes::CREATE_UNASSIGNED_TASK.path,
        "07-moCreate.response.json",
    );
    let targets: Vec<String> = (0..5000).map(|i| format!("+86 130-{i:08}")).collect();
    let response = TaskServiceClient::new(harness.gateway.channel.clone())
        .create_unassigned_task(CreateUnassignedTaskRequest {
            options: Some(TaskOptions {
                target_type: TargetType::Individual as i32,
                ..Default::default()
            }),
            targets,
            contents: vec![text(&"é".repeat(1024), None, "", &[])],
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(response.task_id, CREATED_TASK_ID);
    let body = harness.platform.only_request().body;
    let sent = body["friendWhatsApp"].as_array().unwrap();
    assert_eq!(sent.len(), 5000);
    assert_eq!(
        sent[7],
        Value::String("8613000000007".into()),
        "phones are normalised to digits"
    );
    assert!(
        body.get("startTaskTime").is_none(),
        "unset start time: the platform's default (now) applies"
    );
}
