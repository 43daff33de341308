//! The gateway in front of the platform simulator, end to end through gRPC, for every service.

use std::time::Duration;

use tonic::Code;
use wadispatch_gateway::proto::v1::account_service_client::AccountServiceClient;
use wadispatch_gateway::proto::v1::audience_service_client::AudienceServiceClient;
use wadispatch_gateway::proto::v1::cloud_port_service_client::CloudPortServiceClient;
use wadispatch_gateway::proto::v1::conversation_service_client::ConversationServiceClient;
use wadispatch_gateway::proto::v1::message_content::Kind;
use wadispatch_gateway::proto::v1::scan_task_service_client::ScanTaskServiceClient;
use wadispatch_gateway::proto::v1::task_service_client::TaskServiceClient;
use wadispatch_gateway::proto::v1::*;

use crate::common;
use crate::common::{eventually, sim_args, SimHarness};

/// Accounts a fresh simulator has online.
const SEEDED_ACCOUNT: &str = "8613800000001";

fn text(body: &str) -> Vec<MessageContent> {
    vec![MessageContent {
        kind: Some(Kind::Text(TextContent { text: body.into() })),
        ..Default::default()
    }]
}

fn individuals() -> Option<TaskOptions> {
    Some(TaskOptions {
        name: "e2e".into(),
        target_type: TargetType::Individual as i32,
        ..Default::default()
    })
}

fn recipients(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("+86 152 {i:08}")).collect()
}

const FINAL_RECIPIENT: [RecipientStatus; 3] = [
    RecipientStatus::ReadReplied,
    RecipientStatus::ReadNoReply,
    RecipientStatus::SendFailed,
];

async fn completed(
    tasks: &mut TaskServiceClient<tonic::transport::Channel>,
    task_id: &str,
) -> GetTaskExecutionStatusResponse {
    eventually("task completion", || {
        let mut tasks = tasks.clone();
        let task_id = task_id.to_owned();
        async move {
            let status = tasks
                .get_task_execution_status(GetTaskExecutionStatusRequest { task_id })
                .await
                .unwrap()
                .into_inner();
            (status.status == TaskStatus::Completed as i32).then_some(status)
        }
    })
    .await
}

#[tokio::test]
async fn a_task_runs_to_completion_and_every_recipient_is_final() {
    let harness = SimHarness::start(sim_args(5.0, None)).await;
    let mut tasks = TaskServiceClient::new(harness.gateway.channel.clone());
    let created = tasks
        .create_unassigned_task(CreateUnassignedTaskRequest {
            options: individuals(),
            targets: recipients(100),
            contents: text("hello"),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    let status = completed(&mut tasks, &created.task_id).await;
    assert_eq!(status.task_id, created.task_id);
    assert_eq!(status.recipients.len(), 100);
    for recipient in &status.recipients {
        let state = RecipientStatus::try_from(recipient.status).unwrap();
        assert!(
            FINAL_RECIPIENT.contains(&state),
            "{recipient:?} is not final"
        );
        assert!(recipient.time.is_some(), "{recipient:?} has no time");
        assert!(
            recipient.target.starts_with("86152"),
            "normalised phone: {recipient:?}"
        );
        assert!(
            !recipient.sender_phone.is_empty(),
            "the simulator assigned a sender: {recipient:?}"
        );
    }
}

#[tokio::test]
async fn every_create_mode_reaches_the_simulator() {
    let harness = SimHarness::start(sim_args(5.0, None)).await;
    let channel = harness.gateway.channel.clone();
    let mut tasks = TaskServiceClient::new(channel.clone());
    let group = AudienceServiceClient::new(channel.clone())
        .create_audience_group(CreateAudienceGroupRequest {
            name: "senders".into(),
            phones: vec![SEEDED_ACCOUNT.into()],
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    let ids = [
        tasks
            .create_single_target_task(CreateSingleTargetTaskRequest {
                options: individuals(),
                sender_phone: SEEDED_ACCOUNT.into(),
                target: "8615200000001".into(),
                contents: text("one"),
                ..Default::default()
            })
            .await
            .map(|r| r.into_inner().task_id),
        tasks
            .create_paired_task(CreatePairedTaskRequest {
                options: individuals(),
                pairs: vec![SendPair {
                    sender_phone: SEEDED_ACCOUNT.into(),
                    target: "8615200000002".into(),
                }],
                contents: text("pair"),
                ..Default::default()
            })
            .await
            .map(|r| r.into_inner().task_id),
        tasks
            .create_paired_content_task(CreatePairedContentTaskRequest {
                options: individuals(),
                pairs: vec![PairedContent {
                    sender_phone: SEEDED_ACCOUNT.into(),
                    target: "8615200000003".into(),
                    contents: text("own"),
                }],
                ..Default::default()
            })
            .await
            .map(|r| r.into_inner().task_id),
        tasks
            .create_pooled_task(CreatePooledTaskRequest {
                options: individuals(),
                sender_phones: vec![SEEDED_ACCOUNT.into()],
                targets: recipients(3),
                contents: text("pool"),
                ..Default::default()
            })
            .await
            .map(|r| r.into_inner().task_id),
        tasks
            .create_account_group_task(CreateAccountGroupTaskRequest {
                options: individuals(),
                audience_group_id: group.group_id,
                targets: recipients(3),
                contents: text("group"),
                ..Default::default()
            })
            .await
            .map(|r| r.into_inner().task_id),
        tasks
            .create_unassigned_single_target_task(CreateUnassignedSingleTargetTaskRequest {
                options: individuals(),
                target: "8615200000004".into(),
                contents: text("any"),
                ..Default::default()
            })
            .await
            .map(|r| r.into_inner().task_id),
        tasks
            .create_conditional_task(CreateConditionalTaskRequest {
                options: individuals(),
                conditions: vec![AudienceCondition {
                    r#type: AttributeType::Basic as i32,
                    name: "stage".into(),
                    operator: ConditionOperator::Equal as i32,
                    value: "lead".into(),
                    ..Default::default()
                }],
                group_condition: None,
                automated_behaviors: vec![],
                contents: text("conditional"),
                ..Default::default()
            })
            .await
            .map(|r| r.into_inner().task_id),
    ];
    for id in ids {
        let id = id.unwrap();
        let status = completed(&mut tasks, &id).await;
        assert!(!status.recipients.is_empty(), "task {id} has recipients");
    }
}

#[tokio::test]
async fn tasks_pause_resume_and_stop() {
    // Slow enough that the task is still running when it is paused.
    let harness = SimHarness::start(sim_args(0.2, None)).await;
    let mut tasks = TaskServiceClient::new(harness.gateway.channel.clone());
    let task_id = tasks
        .create_unassigned_task(CreateUnassignedTaskRequest {
            options: individuals(),
            targets: recipients(50),
            contents: text("slow"),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .task_id;
    let status_of = |mut tasks: TaskServiceClient<tonic::transport::Channel>, task_id: String| async move {
        tasks
            .get_task_execution_status(GetTaskExecutionStatusRequest { task_id })
            .await
            .unwrap()
            .into_inner()
            .status
    };
    tasks
        .pause_tasks(PauseTasksRequest {
            task_ids: vec![task_id.clone()],
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        status_of(tasks.clone(), task_id.clone()).await,
        TaskStatus::Paused as i32
    );
    tasks
        .start_tasks(StartTasksRequest {
            task_ids: vec![task_id.clone()],
            ..Default::default()
        })
        .await
        .unwrap();
    assert_ne!(
        status_of(tasks.clone(), task_id.clone()).await,
        TaskStatus::Paused as i32
    );
    tasks
        .stop_tasks(StopTasksRequest {
            task_ids: vec![task_id.clone()],
            ..Default::default()
        })
        .await
        .unwrap();
    let stopped = tasks
        .get_task_execution_status(GetTaskExecutionStatusRequest {
            task_id: task_id.clone(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(stopped.status, TaskStatus::Stopped as i32);
    assert!(
        stopped
            .recipients
            .iter()
            .any(|r| r.status == RecipientStatus::SendFailed as i32),
        "unsent recipients fail on stop"
    );

    let unknown = tasks
        .stop_tasks(StopTasksRequest {
            task_ids: vec!["99999999".into()],
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(unknown.code(), Code::NotFound, "{unknown:?}");
}

#[tokio::test]
async fn accounts_import_go_online_and_are_recycled() {
    let harness = SimHarness::start(sim_args(10.0, None)).await;
    let mut accounts = AccountServiceClient::new(harness.gateway.channel.clone());
    let listed = accounts
        .list_accounts(ListAccountsRequest {})
        .await
        .unwrap()
        .into_inner()
        .accounts;
    assert!(
        listed
            .iter()
            .any(|a| a.phone == SEEDED_ACCOUNT && a.online_status == OnlineStatus::Online as i32),
        "{listed:?}"
    );

    let phone = "8618217262320";
    let credentials = AccountCredentials {
        phone: phone.into(),
        name: "lee".into(),
        ..Default::default()
    };
    accounts
        .import_accounts(ImportAccountsRequest {
            accounts: vec![credentials.clone()],
            ..Default::default()
        })
        .await
        .unwrap();
    let state_of = |accounts: AccountServiceClient<tonic::transport::Channel>| async move {
        let mut accounts = accounts;
        accounts
            .list_accounts(ListAccountsRequest {})
            .await
            .unwrap()
            .into_inner()
            .accounts
            .into_iter()
            .find(|a| a.phone == phone)
    };
    assert_eq!(
        state_of(accounts.clone()).await.unwrap().online_status,
        OnlineStatus::Offline as i32
    );

    accounts
        .bring_accounts_online(BringAccountsOnlineRequest {
            accounts: vec![OnlineAccount {
                credentials: Some(credentials),
                r#override: false,
            }],
            ..Default::default()
        })
        .await
        .unwrap();
    eventually("the account online", || {
        let accounts = accounts.clone();
        async move {
            state_of(accounts)
                .await
                .filter(|a| a.online_status == OnlineStatus::Online as i32)
        }
    })
    .await;

    accounts
        .recycle_accounts(RecycleAccountsRequest {
            phones: vec![phone.into()],
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(
        state_of(accounts.clone()).await.is_none(),
        "recycled accounts are gone"
    );
}

#[tokio::test]
async fn registration_takes_a_phone_then_a_code() {
    let harness = SimHarness::start(sim_args(10.0, None)).await;
    let mut accounts = AccountServiceClient::new(harness.gateway.channel.clone());
    let registration = accounts
        .submit_registration_phone(SubmitRegistrationPhoneRequest {
            phone: "182172623211".into(),
            verify_type: VerifyType::Sms as i32,
            account_type: AccountType::Business as i32,
            area_code: "86".into(),
            country_code: "cn".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert!(registration.registration_id > 0);
    accounts
        .submit_registration_code(SubmitRegistrationCodeRequest {
            phone: "182172623211".into(),
            area_code: "+86".into(),
            verify_code: "123456".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    let unknown = accounts
        .submit_registration_code(SubmitRegistrationCodeRequest {
            phone: "1999999999".into(),
            area_code: "+86".into(),
            verify_code: "123456".into(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_ne!(unknown.code(), Code::Ok);
}

#[tokio::test]
async fn audience_groups_are_created_listed_and_read() {
    let harness = SimHarness::start(sim_args(10.0, None)).await;
    let mut audiences = AudienceServiceClient::new(harness.gateway.channel.clone());
    let created = audiences
        .create_audience_group(CreateAudienceGroupRequest {
            name: "vip".into(),
            phones: vec!["99123456".into(), "98123456".into()],
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(created.saved_count, 2);
    let page = audiences
        .list_audience_groups(ListAudienceGroupsRequest {
            group_id: created.group_id,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(page.total, 1);
    assert_eq!(page.groups[0].name, "vip");
    let members = audiences
        .get_audience_group_members(GetAudienceGroupMembersRequest {
            group_id: created.group_id,
        })
        .await
        .unwrap()
        .into_inner()
        .members;
    let phones: Vec<&str> = members.iter().map(|m| m.phone.as_str()).collect();
    assert_eq!(phones, ["99123456", "98123456"]);
    assert!(members.iter().all(|m| !m.region.is_empty()));
    let missing = audiences
        .get_audience_group_members(GetAudienceGroupMembersRequest { group_id: 987654 })
        .await
        .unwrap_err();
    assert_eq!(missing.code(), Code::NotFound, "{missing:?}");
}

#[tokio::test]
async fn wake_up_actions_execute() {
    let harness = SimHarness::start(sim_args(50.0, None)).await;
    let mut conversations = ConversationServiceClient::new(harness.gateway.channel.clone());
    let action = WakeUpAction {
        agent_account: "demo-agent".into(),
        account_phone: SEEDED_ACCOUNT.into(),
        friend_phone: "8613633800088".into(),
        platform_type: PlatformType::Pc as i32,
        message: "hello".into(),
        r#type: WakeUpActionType::OpenConversation as i32,
    };
    let ids = conversations
        .wake_up_conversations(WakeUpConversationsRequest {
            actions: vec![action],
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .action_ids;
    assert_eq!(ids.len(), 1);
    let result = eventually("the wake-up result", || {
        let mut conversations = conversations.clone();
        let ids = ids.clone();
        async move {
            let results = conversations
                .get_wake_up_results(GetWakeUpResultsRequest { action_ids: ids })
                .await
                .unwrap()
                .into_inner()
                .results;
            results
                .into_iter()
                .find(|r| r.execute_status != WakeUpExecuteStatus::NotExecuted as i32)
        }
    })
    .await;
    assert_eq!(
        result.execute_status,
        WakeUpExecuteStatus::Succeeded as i32,
        "{result:?}"
    );
    assert!(result.execute_time.is_some());
    assert_eq!(result.tenant_id, common::TENANT_ID);
}

#[tokio::test]
async fn cloud_port_login_by_pair_code() {
    let harness = SimHarness::start(sim_args(20.0, None)).await;
    let mut ports = CloudPortServiceClient::new(harness.gateway.channel.clone());
    let targets = ports
        .list_pair_targets(ListPairTargetsRequest {})
        .await
        .unwrap()
        .into_inner()
        .targets;
    assert!(!targets.is_empty());
    let login_id = ports
        .reserve_login_port(ReserveLoginPortRequest {
            client_type: LoginClientType::CloudPc as i32,
            pairing_target_id: Some(targets[0].id),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .login_id;
    let code = ports
        .get_login_code(GetLoginCodeRequest {
            login_id: login_id.clone(),
            phone: "8618733334444".into(),
            ip_config: String::new(),
            pair_code_mode: PairCodeMode::Easy as i32,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert!(
        !code.qr_code.is_empty() && !code.pair_code.is_empty(),
        "{code:?}"
    );
    eventually("the QR login", || {
        let mut ports = ports.clone();
        let login_id = login_id.clone();
        async move {
            let logins = ports
                .get_login_info(GetLoginInfoRequest {
                    login_id,
                    phone: String::new(),
                })
                .await
                .unwrap()
                .into_inner()
                .logins;
            logins.into_iter().find(|l| l.logged_in)
        }
    })
    .await;
    let listed = ports
        .list_ports(ListPortsRequest {})
        .await
        .unwrap()
        .into_inner()
        .ports;
    let port = listed
        .iter()
        .find(|p| p.phone == "8618733334444")
        .unwrap_or_else(|| panic!("{listed:?}"));
    assert_eq!(port.status, PortStatus::Online as i32);
    assert!(
        port.id.parse::<u64>().unwrap() > 1 << 53,
        "port ids stay exact above 2^53: {}",
        port.id
    );
    let quota = ports
        .get_port_quota(GetPortQuotaRequest {})
        .await
        .unwrap()
        .into_inner();
    assert!(
        quota.used_ports >= 1 && quota.max_ports >= quota.used_ports,
        "{quota:?}"
    );

    let profile = ports
        .get_profile(GetProfileRequest {
            login_id: login_id.clone(),
        })
        .await
        .unwrap()
        .into_inner()
        .profile
        .unwrap();
    assert_eq!(profile.phone, "8618733334444");
    let contacts = ports
        .list_contacts(ListContactsRequest {
            login_id: login_id.clone(),
        })
        .await
        .unwrap()
        .into_inner()
        .contacts;
    assert!(!contacts.is_empty());
    let contact = ports
        .get_contact(GetContactRequest {
            login_id: login_id.clone(),
            phone: contacts[0].phone.clone(),
        })
        .await
        .unwrap()
        .into_inner()
        .contact
        .unwrap();
    assert_eq!(contact.phone, contacts[0].phone);
    ports
        .update_avatar_or_nickname(UpdateAvatarOrNicknameRequest {
            device_type: ProfileDeviceType::CloudPort as i32,
            avatar_url: String::new(),
            nickname: "mimanchin".into(),
            phones: vec!["8618733334444".into()],
            ..Default::default()
        })
        .await
        .unwrap();
    ports
        .take_port_offline(TakePortOfflineRequest {
            login_id: login_id.clone(),
            ..Default::default()
        })
        .await
        .unwrap();
    ports
        .bring_port_online(BringPortOnlineRequest {
            login_id: login_id.clone(),
            ip_config: String::new(),
            ..Default::default()
        })
        .await
        .unwrap();
    ports
        .log_out_port(LogOutPortRequest {
            login_id: login_id.clone(),
            ..Default::default()
        })
        .await
        .unwrap();
    let released = ports
        .get_profile(GetProfileRequest { login_id })
        .await
        .unwrap_err();
    assert_eq!(
        released.code(),
        Code::NotFound,
        "a released port is QR error 1002: {released:?}"
    );
}

#[tokio::test]
async fn cloud_port_quota_and_type_errors_keep_their_meaning() {
    let harness = SimHarness::start(sim_args(10.0, None)).await;
    let mut ports = CloudPortServiceClient::new(harness.gateway.channel.clone());
    let reserve = || ReserveLoginPortRequest {
        client_type: LoginClientType::Pc as i32,
        pairing_target_id: Some(10085),
        ..Default::default()
    };
    let exhausted = eventually("the port quota to run out", || {
        let mut ports = ports.clone();
        async move { ports.reserve_login_port(reserve()).await.err() }
    })
    .await;
    assert_eq!(exhausted.code(), Code::ResourceExhausted, "{exhausted:?}");
    let quota = ports
        .get_port_quota(GetPortQuotaRequest {})
        .await
        .unwrap()
        .into_inner();
    assert_eq!(quota.used_ports, quota.max_ports);
    let unknown = ports
        .get_login_qr_code(GetLoginQrCodeRequest {
            login_id: "nope".into(),
            ip_config: String::new(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(unknown.code(), Code::NotFound, "{unknown:?}");
}

#[tokio::test]
async fn scan_tasks_hand_out_a_qr_code() {
    let harness = SimHarness::start(sim_args(10.0, None)).await;
    let mut scans = ScanTaskServiceClient::new(harness.gateway.channel.clone());
    let task = scans
        .create_scan_task(CreateScanTaskRequest {
            agent_id: Some(10001),
            allocation_role: AllocationRole::Specified as i32,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert!(!task.scan_task_id.is_empty());
    let code = scans
        .get_scan_task_qr_code(GetScanTaskQrCodeRequest {
            scan_task_id: task.scan_task_id,
        })
        .await
        .unwrap()
        .into_inner();
    assert!(!code.qr_code.is_empty());
}

#[tokio::test]
async fn platform_faults_map_to_honest_codes() {
    let mut outage = sim_args(10.0, None);
    outage.http_error_rate = 1.0;
    let harness = SimHarness::start(outage).await;
    let status = AccountServiceClient::new(harness.gateway.channel.clone())
        .list_accounts(ListAccountsRequest {})
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::Unavailable, "{status:?}");

    let mut failing = sim_args(10.0, None);
    failing.envelope_error_rate = 1.0;
    let harness = SimHarness::start(failing).await;
    let status = AccountServiceClient::new(harness.gateway.channel.clone())
        .list_accounts(ListAccountsRequest {})
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::Unknown, "{status:?}");
    assert_eq!(
        common::error_details(&status)
            .error_info()
            .unwrap()
            .metadata["platform_code"],
        "500"
    );

    let mut slow = sim_args(10.0, None);
    slow.latency = Duration::from_secs(3);
    let harness = SimHarness::start(slow).await;
    let mut request = tonic::Request::new(ListAccountsRequest {});
    request
        .metadata_mut()
        .insert("grpc-timeout", "2S".parse().unwrap());
    let status = AccountServiceClient::new(harness.gateway.channel.clone())
        .list_accounts(request)
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::DeadlineExceeded, "{status:?}");
}

#[tokio::test]
async fn a_task_is_watched_to_completion_through_the_simulators_webhooks() {
    use wadispatch_gateway::proto::v1::watch_task_response::Update;

    let harness = SimHarness::start(sim_args(5.0, None)).await;
    let mut tasks = TaskServiceClient::new(harness.gateway.channel.clone());
    let task_id = tasks
        .create_unassigned_task(CreateUnassignedTaskRequest {
            options: individuals(),
            targets: recipients(40),
            contents: text("watched"),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .task_id;
    // From the start of the log: every webhook of this task, whenever the stream opens.
    let request = WatchTaskRequest {
        task_id: task_id.clone(),
        after_cursor: "0".into(),
        end_when_final: false,
    };
    let mut stream = tasks.watch_task(request).await.unwrap().into_inner();
    let mut replies = 0;
    // The replies the latest progress counted: the stream's own count of what it sent.
    let mut progress_replies = 0;
    let mut last_cursor = 0u64;
    let mut finished = None;
    // Bounded: heartbeats come every 300 ms, so an idle stream still advances this loop.
    for _ in 0..2000 {
        let message = tokio::time::timeout(Duration::from_secs(20), stream.message())
            .await
            .expect("a message within the bound")
            .unwrap()
            .expect("the stream stays open");
        let cursor: u64 = message.cursor.parse().unwrap();
        if !matches!(
            message.update,
            Some(Update::Heartbeat(_)) | Some(Update::Snapshot(_))
        ) {
            assert!(
                cursor > last_cursor,
                "cursors increase: {cursor} after {last_cursor}"
            );
            last_cursor = cursor;
        }
        if matches!(message.update, Some(Update::Reply(_))) {
            replies += 1;
        }
        let Some(progress) = message.progress else {
            continue;
        };
        progress_replies = progress.replies;
        let settled: i32 = progress
            .counts
            .iter()
            .filter(|c| FINAL_RECIPIENT.iter().any(|f| *f as i32 == c.status))
            .map(|c| c.count)
            .sum();
        if progress.status == TaskStatus::Completed as i32 && progress.total == 40 && settled == 40
        {
            finished = Some(progress);
            break;
        }
    }
    let progress = finished.expect("every recipient final on the stream");
    let platform = completed(&mut tasks, &task_id).await;
    let mut expected: std::collections::BTreeMap<i32, i32> = std::collections::BTreeMap::new();
    for recipient in &platform.recipients {
        *expected.entry(recipient.status).or_default() += 1;
    }
    let watched: std::collections::BTreeMap<i32, i32> = progress
        .counts
        .iter()
        .map(|c| (c.status, c.count))
        .collect();
    assert_eq!(
        watched, expected,
        "the stream's progress matches the platform's final statuses"
    );
    // A reply webhook may trail the status that announced it: read on (bounded) until every
    // read-replied recipient's reply has arrived.
    let replied = expected
        .get(&(RecipientStatus::ReadReplied as i32))
        .copied()
        .unwrap_or(0);
    for _ in 0..100 {
        if replies >= replied {
            break;
        }
        let message = tokio::time::timeout(Duration::from_secs(20), stream.message())
            .await
            .unwrap()
            .unwrap()
            .unwrap();
        if matches!(message.update, Some(Update::Reply(_))) {
            replies += 1;
        }
        if let Some(progress) = message.progress {
            progress_replies = progress.replies;
        }
    }
    assert_eq!(replies, replied, "one reply per read-replied recipient");
    assert_eq!(
        progress_replies, replies,
        "the progress counts every reply sent"
    );
    // Every failed recipient is counted under one reason (those the snapshot found failed under
    // UNSPECIFIED: the execution status carries none).
    let failed = expected
        .get(&(RecipientStatus::SendFailed as i32))
        .copied()
        .unwrap_or(0);
    assert!(failed > 0, "the seeded campaign fails some recipients");
    let by_reason: i32 = progress.failures.iter().map(|f| f.count).sum();
    assert_eq!(by_reason, failed, "{:?}", progress.failures);
}
