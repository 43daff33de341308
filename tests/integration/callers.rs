//! Callers: API keys, permissions, the blast guard and the audit trail, against a real in-process
//! gateway with a key file (in a temporary directory) in front of the recording platform, which
//! shows that a refused call never reached it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use bytes::{Buf, BufMut};
use prost::Message;
use tokio::net::TcpListener;
use tonic::codec::{Codec, DecodeBuf, Decoder, EncodeBuf, Encoder};
use tonic::transport::Channel;
use tonic::{Code, Request, Status};
use tonic_health::pb::health_check_response::ServingStatus;
use tonic_health::pb::health_client::HealthClient;
use tonic_health::pb::HealthCheckRequest;
use tonic_reflection::pb::v1::server_reflection_client::ServerReflectionClient;
use tonic_reflection::pb::v1::server_reflection_request::MessageRequest;
use tonic_reflection::pb::v1::server_reflection_response::MessageResponse;
use tonic_reflection::pb::v1::ServerReflectionRequest;
use wadispatch_gateway::callers::authenticate::Admission;
use wadispatch_gateway::callers::keys::{self, KeyRing};
use wadispatch_gateway::events::audit::{AuditEntry, AuditOutcome};
use wadispatch_gateway::events::log::{EventLog, LogSettings, SqliteLog, DB_FILE};
use wadispatch_gateway::proto::v1::account_service_client::AccountServiceClient;
use wadispatch_gateway::proto::v1::caller_service_client::CallerServiceClient;
use wadispatch_gateway::proto::v1::cloud_port_service_client::CloudPortServiceClient;
use wadispatch_gateway::proto::v1::task_service_client::TaskServiceClient;
use wadispatch_gateway::proto::v1::*;
use wadispatch_gateway::upstream::routes;

use crate::common;
use crate::common::{
    assert_error_info, connection_args, error_details, event_args, eventually, no_auth,
    upstream_settings, Gateway, RecordingPlatform,
};

// ---------------------------------------------------------------------------------------------
// The permission table, pinned: every RPC, the permission it needs (None: any valid key), and
// whether it changes state (and so is audited).

#[rustfmt::skip]
const RPCS: [(&str, Option<&str>, bool); 43] = [
    ("TaskService/CreateSingleTargetTask", Some("tasks.send"), true),
    ("TaskService/CreatePairedTask", Some("tasks.send"), true),
    ("TaskService/CreatePairedContentTask", Some("tasks.send"), true),
    ("TaskService/CreatePooledTask", Some("tasks.send"), true),
    ("TaskService/CreateAccountGroupTask", Some("tasks.send"), true),
    ("TaskService/CreateUnassignedSingleTargetTask", Some("tasks.send"), true),
    ("TaskService/CreateUnassignedTask", Some("tasks.send"), true),
    ("TaskService/CreateConditionalTask", Some("tasks.send"), true),
    ("TaskService/GetTaskExecutionStatus", Some("tasks.read"), false),
    ("TaskService/StartTasks", Some("tasks.send"), true),
    ("TaskService/PauseTasks", Some("tasks.control"), true),
    ("TaskService/StopTasks", Some("tasks.control"), true),
    ("TaskService/WatchTask", Some("tasks.watch"), false),
    ("AudienceService/CreateAudienceGroup", Some("audience.manage"), true),
    ("AudienceService/ListAudienceGroups", Some("audience.read"), false),
    ("AudienceService/GetAudienceGroupMembers", Some("audience.read"), false),
    ("AccountService/ImportAccounts", Some("accounts.manage"), true),
    ("AccountService/ListAccounts", Some("accounts.read"), false),
    ("AccountService/BringAccountsOnline", Some("accounts.manage"), true),
    ("AccountService/RecycleAccounts", Some("accounts.manage"), true),
    ("AccountService/SubmitRegistrationPhone", Some("accounts.manage"), true),
    ("AccountService/SubmitRegistrationCode", Some("accounts.manage"), true),
    ("AccountService/WatchAccounts", Some("accounts.watch"), false),
    ("ConversationService/WakeUpConversations", Some("conversations.send"), true),
    ("ConversationService/GetWakeUpResults", Some("conversations.read"), false),
    ("CloudPortService/ListPairTargets", Some("accounts.read"), false),
    ("CloudPortService/ReserveLoginPort", Some("accounts.manage"), true),
    ("CloudPortService/GetLoginQrCode", Some("accounts.manage"), true),
    ("CloudPortService/GetLoginCode", Some("accounts.manage"), true),
    ("CloudPortService/GetLoginInfo", Some("accounts.read"), false),
    ("CloudPortService/BringPortOnline", Some("accounts.manage"), true),
    ("CloudPortService/TakePortOffline", Some("accounts.manage"), true),
    ("CloudPortService/LogOutPort", Some("accounts.manage"), true),
    ("CloudPortService/GetPortQuota", Some("accounts.read"), false),
    ("CloudPortService/ListPorts", Some("accounts.read"), false),
    ("CloudPortService/ListContacts", Some("accounts.read"), false),
    ("CloudPortService/GetContact", Some("accounts.read"), false),
    ("CloudPortService/GetProfile", Some("accounts.read"), false),
    ("CloudPortService/UpdateAvatarOrNickname", Some("accounts.manage"), true),
    ("ScanTaskService/CreateScanTask", Some("scan.create"), true),
    ("ScanTaskService/GetScanTaskQrCode", Some("scan.read"), false),
    ("CallerService/GetCaller", None, false),
    ("CallerService/ListAuditRecords", Some("audit.read"), false),
];

const PACKAGE: &str = "wadispatch.v1";

/// Every method the schema declares: (`Service/Method`, server-streaming).
fn schema_methods() -> BTreeMap<String, bool> {
    let set =
        prost_types::FileDescriptorSet::decode(wadispatch_gateway::proto::FILE_DESCRIPTOR_SET)
            .unwrap();
    set.file
        .iter()
        .filter(|file| file.package() == PACKAGE)
        .flat_map(|file| &file.service)
        .flat_map(|service| {
            service.method.iter().map(move |method| {
                (
                    format!("{}/{}", service.name(), method.name()),
                    method.server_streaming(),
                )
            })
        })
        .collect()
}

/// The code's permission table, as (`Service/Method`, permission name, audited).
fn code_table() -> BTreeMap<String, (Option<String>, bool)> {
    wadispatch_gateway::grpc::permissions()
        .into_iter()
        .map(|rpc| {
            let name = rpc
                .path
                .strip_prefix(&format!("/{PACKAGE}."))
                .unwrap()
                .to_owned();
            let permission = rpc.permission.map(|p| p.as_str().to_owned());
            (name, (permission, rpc.audited))
        })
        .collect()
}

#[test]
fn every_rpc_of_the_schema_has_the_pinned_permission_in_the_code() {
    let schema = schema_methods();
    let pinned: BTreeMap<String, (Option<String>, bool)> = RPCS
        .iter()
        .map(|(rpc, permission, audited)| {
            ((*rpc).to_owned(), (permission.map(str::to_owned), *audited))
        })
        .collect();
    assert_eq!(pinned.len(), RPCS.len(), "no RPC twice in the table");
    assert_eq!(
        schema.keys().collect::<Vec<_>>(),
        pinned.keys().collect::<Vec<_>>(),
        "the pinned table and the schema name the same RPCs"
    );
    assert_eq!(
        code_table(),
        pinned,
        "the code's permissions are the pinned ones"
    );
    // Every permission guards some RPC.
    let used: BTreeSet<&str> = RPCS.iter().filter_map(|(_, p, _)| *p).collect();
    let all: BTreeSet<&str> = wadispatch_gateway::callers::Permission::ALL
        .iter()
        .map(|p| p.as_str())
        .collect();
    assert_eq!(used, all);
}

#[test]
fn the_readme_shows_the_codes_permission_table() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let header = "| RPC | permission | audited |";
    let table: BTreeMap<String, (Option<String>, bool)> = readme
        .lines()
        .skip_while(|line| line.trim() != header)
        .skip(2)
        .take_while(|line| line.starts_with('|'))
        .map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let rpc = cells[1].trim_matches('`').to_owned();
            let permission = match cells[2] {
                "any valid caller" => None,
                named => Some(named.trim_matches('`').to_owned()),
            };
            (rpc, (permission, cells[3] == "yes"))
        })
        .collect();
    let generated: String = code_table()
        .iter()
        .map(|(rpc, (permission, audited))| {
            let permission = permission
                .as_ref()
                .map_or_else(|| "any valid caller".to_owned(), |p| format!("`{p}`"));
            let audited = if *audited { "yes" } else { "" };
            format!("| `{rpc}` | {permission} | {audited} |\n")
        })
        .collect();
    assert_eq!(
        table,
        code_table(),
        "README's permission table differs from the code; the code's table is:\n\
         {header}\n|---|---|---|\n{generated}"
    );
}

// ---------------------------------------------------------------------------------------------
// Key files and gateways.

/// A key file in a temporary directory, rewritten (atomically) as entries come and go.
struct KeyFile {
    dir: tempfile::TempDir,
    entries: Vec<(String, String)>,
}

impl KeyFile {
    fn new() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
            entries: Vec::new(),
        }
    }

    fn path(&self) -> PathBuf {
        self.dir.path().join("keys.toml")
    }

    /// Adds an entry with `permissions` and extra TOML lines (limits); returns its key.
    fn add(&mut self, name: &str, permissions: &[&str], extra: &str) -> String {
        let (key, digest) = keys::new_key().unwrap();
        let permissions: Vec<String> = permissions.iter().map(|p| format!("{p:?}")).collect();
        let entry = format!(
            "[[key]]\nname = {name:?}\nsha256 = \"{digest}\"\npermissions = [{}]\n{extra}\n",
            permissions.join(", ")
        );
        self.entries.push((name.to_owned(), entry));
        self.write();
        key
    }

    fn remove(&mut self, name: &str) {
        self.entries.retain(|(n, _)| n != name);
        self.write();
    }

    fn write(&self) {
        let text: String = self.entries.iter().map(|(_, e)| e.as_str()).collect();
        self.write_text(&text);
    }

    fn write_text(&self, text: &str) {
        let temporary = self.dir.path().join("keys.toml.new");
        std::fs::write(&temporary, text).unwrap();
        std::fs::rename(temporary, self.path()).unwrap();
    }

    fn ring(&self) -> KeyRing {
        KeyRing::open(&self.path()).unwrap()
    }
}

/// A gateway admitting the key file's callers, over the event log in `data_dir`.
async fn gateway(platform: &RecordingPlatform, ring: KeyRing, data_dir: &Path) -> Gateway {
    let webhooks = TcpListener::bind("127.0.0.1:0").await.unwrap();
    serve(&platform.url(), webhooks, ring, data_dir).await
}

/// A gateway in front of `upstream_url`, its webhook listener on `webhooks`.
async fn serve(
    upstream_url: &str,
    webhooks: TcpListener,
    ring: KeyRing,
    data_dir: &Path,
) -> Gateway {
    let events = common::open_events(data_dir, &event_args());
    Gateway::serve_admitting(
        upstream_settings(upstream_url),
        webhooks,
        events,
        event_args(),
        no_auth(),
        connection_args().connections(1 << 16),
        None,
        Admission::Keys(ring),
    )
    .await
}

/// The recording platform, a key file and a gateway over a data directory of its own.
struct Setup {
    platform: RecordingPlatform,
    ring: KeyRing,
    gateway: Gateway,
    data_dir: tempfile::TempDir,
}

impl Setup {
    async fn start(keys: &KeyFile) -> Self {
        let platform = RecordingPlatform::start().await;
        let ring = keys.ring();
        let data_dir = tempfile::tempdir().unwrap();
        let gateway = gateway(&platform, ring.clone(), data_dir.path()).await;
        Self {
            platform,
            ring,
            gateway,
            data_dir,
        }
    }

    /// Stops the gateway and starts a new one over the same data directory and key file.
    async fn restart(self) -> Self {
        let Setup {
            platform,
            ring,
            gateway: old,
            data_dir,
        } = self;
        drop(old);
        let gateway = gateway(&platform, ring.clone(), data_dir.path()).await;
        Self {
            platform,
            ring,
            gateway,
            data_dir,
        }
    }

    fn tasks(&self) -> TaskServiceClient<Channel> {
        TaskServiceClient::new(self.gateway.channel.clone())
    }

    fn accounts(&self) -> AccountServiceClient<Channel> {
        AccountServiceClient::new(self.gateway.channel.clone())
    }

    fn ports(&self) -> CloudPortServiceClient<Channel> {
        CloudPortServiceClient::new(self.gateway.channel.clone())
    }

    fn callers(&self) -> CallerServiceClient<Channel> {
        CallerServiceClient::new(self.gateway.channel.clone())
    }

    /// The platform calls received (health probes are not counted).
    fn platform_calls(&self) -> usize {
        self.platform.received().len()
    }
}

/// `message` with `authorization: Bearer <key>`.
fn authed<T>(message: T, key: &str) -> Request<T> {
    with_authorization(message, &format!("Bearer {key}"))
}

fn with_authorization<T>(message: T, value: &str) -> Request<T> {
    let mut request = Request::new(message);
    request
        .metadata_mut()
        .insert("authorization", value.parse().unwrap());
    request
}

/// Passes raw message bytes through, to call any method by its path.
#[derive(Debug, Clone, Copy, Default)]
struct Raw;

impl Codec for Raw {
    type Encode = Vec<u8>;
    type Decode = Vec<u8>;
    type Encoder = Raw;
    type Decoder = Raw;

    fn encoder(&mut self) -> Raw {
        Raw
    }

    fn decoder(&mut self) -> Raw {
        Raw
    }
}

impl Encoder for Raw {
    type Item = Vec<u8>;
    type Error = Status;

    fn encode(&mut self, item: Vec<u8>, dst: &mut EncodeBuf<'_>) -> Result<(), Status> {
        dst.put_slice(&item);
        Ok(())
    }
}

impl Decoder for Raw {
    type Item = Vec<u8>;
    type Error = Status;

    fn decode(&mut self, src: &mut DecodeBuf<'_>) -> Result<Option<Vec<u8>>, Status> {
        Ok(Some(src.copy_to_bytes(src.remaining()).to_vec()))
    }
}

/// Calls `/wadispatch.v1.<rpc>` with an empty message as the holder of `key` (none: without an
/// `authorization` header); a stream counts as answered once its response headers arrive.
async fn call_empty(
    channel: &Channel,
    rpc: &str,
    streaming: bool,
    key: Option<&str>,
) -> Result<(), Status> {
    let mut grpc = tonic::client::Grpc::new(channel.clone());
    grpc.ready()
        .await
        .map_err(|e| Status::unavailable(e.to_string()))?;
    let path = http::uri::PathAndQuery::from_str(&format!("/{PACKAGE}.{rpc}")).unwrap();
    let request = match key {
        Some(key) => authed(Vec::new(), key),
        None => Request::new(Vec::new()),
    };
    if streaming {
        grpc.server_streaming(request, path, Raw).await.map(drop)
    } else {
        grpc.unary(request, path, Raw).await.map(drop)
    }
}

// ---------------------------------------------------------------------------------------------
// Permissions.

#[tokio::test]
async fn each_permission_allows_its_rpcs_and_nothing_else_reaches_the_platform() {
    let mut keys = KeyFile::new();
    let nothing = keys.add("nothing", &[], "");
    let mut holders = BTreeMap::new();
    for permission in wadispatch_gateway::callers::Permission::ALL {
        let name = permission.as_str();
        holders.insert(name, keys.add(&format!("only-{name}"), &[name], ""));
    }
    let setup = Setup::start(&keys).await;
    let channel = &setup.gateway.channel;
    let streaming = schema_methods();

    // No key: nothing but health can be called.
    for (rpc, _, _) in RPCS {
        let status = call_empty(channel, rpc, streaming[rpc], None)
            .await
            .expect_err(rpc);
        assert_error_info(&status, Code::Unauthenticated, "API_KEY_MISSING");
    }

    // A key holding no permission: PERMISSION_DENIED naming the permission, except GetCaller.
    for (rpc, permission, _) in RPCS {
        let answer = call_empty(channel, rpc, streaming[rpc], Some(&nothing)).await;
        match permission {
            None => assert!(answer.is_ok(), "{rpc}: {answer:?}"),
            Some(permission) => {
                let status = answer.expect_err(rpc);
                let info = assert_error_info(&status, Code::PermissionDenied, "PERMISSION_DENIED");
                assert_eq!(info.metadata["permission"], permission, "{rpc}");
                assert_eq!(info.metadata["caller"], "nothing", "{rpc}");
            }
        }
    }
    assert_eq!(
        setup.platform_calls(),
        0,
        "no refused call reached the platform"
    );
    // Every refused state-changing call is in the audit trail, and only those.
    let records = setup
        .gateway
        .events
        .log
        .audit_records(everything())
        .await
        .unwrap();
    let audited: BTreeSet<String> = records
        .iter()
        .inspect(|record| {
            assert_eq!(record.grpc_code.as_deref(), Some("PERMISSION_DENIED"));
            assert_eq!(record.caller, "nothing");
            assert!(record.completed && !record.charged, "{record:?}");
        })
        .map(|record| {
            record
                .rpc
                .trim_start_matches(&format!("/{PACKAGE}."))
                .to_owned()
        })
        .collect();
    let state_changing: BTreeSet<String> = RPCS
        .iter()
        .filter(|(_, _, audited)| *audited)
        .map(|(rpc, _, _)| (*rpc).to_owned())
        .collect();
    assert_eq!(records.len(), state_changing.len());
    assert_eq!(audited, state_changing);

    // A key holding exactly the RPC's permission passes the check (whatever the empty request
    // then meets: validation, or the platform).
    for (rpc, permission, _) in RPCS {
        let key = permission.map_or(&nothing, |p| &holders[p]);
        if let Err(status) = call_empty(channel, rpc, streaming[rpc], Some(key)).await {
            assert!(
                !matches!(
                    status.code(),
                    Code::PermissionDenied | Code::Unauthenticated
                ),
                "{rpc} with {permission:?}: {status:?}"
            );
        }
    }
}

#[tokio::test]
async fn areas_and_everything_grant_what_they_name() {
    let mut keys = KeyFile::new();
    let tasks = keys.add("tasks-area", &["tasks.*"], "");
    let all = keys.add("all", &["*"], "");
    let setup = Setup::start(&keys).await;
    let channel = &setup.gateway.channel;
    let streaming = schema_methods();
    for (rpc, permission, _) in RPCS {
        for (key, granted) in [
            (&tasks, permission.is_none_or(|p| p.starts_with("tasks."))),
            (&all, true),
        ] {
            let answer = call_empty(channel, rpc, streaming[rpc], Some(key)).await;
            let denied = answer.is_err_and(|s| s.code() == Code::PermissionDenied);
            assert_eq!(denied, !granted, "{rpc}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Authentication.

#[tokio::test]
async fn missing_malformed_and_unknown_keys_are_unauthenticated() {
    let mut keys = KeyFile::new();
    let key = keys.add("reader", &["accounts.read"], "");
    let setup = Setup::start(&keys).await;
    setup.platform.answer_fixture(
        routes::LIST_ACCOUNTS.path,
        "17-queryWhatsAppStatus.response.json",
    );
    let (unknown, _) = keys::new_key().unwrap();
    for (authorization, reason) in [
        (None, "API_KEY_MISSING"),
        (Some("Basic dXNlcjpwYXNz".to_owned()), "API_KEY_MALFORMED"),
        (Some("Bearer".to_owned()), "API_KEY_MALFORMED"),
        (Some("garbage".to_owned()), "API_KEY_MALFORMED"),
        (Some(format!("Bearer {key} extra")), "API_KEY_MALFORMED"),
        (
            Some(format!("Bearer {}", "k".repeat(300))),
            "API_KEY_MALFORMED",
        ),
        (Some(format!("Bearer {unknown}")), "API_KEY_UNKNOWN"),
        // The digest in the key file is not a key.
        (
            Some(format!("Bearer {}", keys::new_key().unwrap().1)),
            "API_KEY_UNKNOWN",
        ),
    ] {
        let request = match &authorization {
            Some(value) => with_authorization(ListAccountsRequest {}, value),
            None => Request::new(ListAccountsRequest {}),
        };
        let status = setup.accounts().list_accounts(request).await.unwrap_err();
        assert_error_info(&status, Code::Unauthenticated, reason);
        // The status never repeats a key that was sent.
        if let Some(value) = &authorization {
            for sent in value.split_whitespace().filter(|word| word.len() > 20) {
                assert!(!status.message().contains(sent), "{status:?}");
            }
        }
    }
    // Two authorization headers are one too many.
    let mut twice = authed(ListAccountsRequest {}, &key);
    twice
        .metadata_mut()
        .append("authorization", format!("Bearer {key}").parse().unwrap());
    let status = setup.accounts().list_accounts(twice).await.unwrap_err();
    assert_error_info(&status, Code::Unauthenticated, "API_KEY_MALFORMED");
    assert_eq!(setup.platform_calls(), 0);

    // The scheme in any case, as HTTP has it.
    let lower = with_authorization(ListAccountsRequest {}, &format!("bearer {key}"));
    setup.accounts().list_accounts(lower).await.unwrap();
    assert_eq!(setup.platform_calls(), 1);
}

#[tokio::test]
async fn revoked_keys_stop_new_keys_start_and_a_bad_file_keeps_the_keys_in_use() {
    let mut keys = KeyFile::new();
    let staying = keys.add("staying", &["*"], "");
    let leaving = keys.add("leaving", &["*"], "");
    let setup = Setup::start(&keys).await;
    let caller = |key: &str| {
        let mut client = setup.callers();
        let request = authed(GetCallerRequest {}, key);
        async move {
            client
                .get_caller(request)
                .await
                .map(|r| r.into_inner().name)
        }
    };
    assert_eq!(caller(&leaving).await.unwrap(), "leaving");

    // Revoked: the entry removed and the file read again.
    keys.remove("leaving");
    assert!(setup.ring.reload().unwrap());
    let status = caller(&leaving).await.unwrap_err();
    assert_error_info(&status, Code::Unauthenticated, "API_KEY_UNKNOWN");
    assert_eq!(caller(&staying).await.unwrap(), "staying");

    // A new key works without a restart: the file is watched.
    setup.ring.watch(Duration::from_millis(50)).unwrap();
    let arriving = keys.add("arriving", &["tasks.read"], "");
    let name = eventually("the new key to be accepted", || {
        let answer = caller(&arriving);
        async move { answer.await.ok() }
    })
    .await;
    assert_eq!(name, "arriving");

    // A rewrite that does not read keeps the keys in use.
    keys.write_text("[[key]]\nname = 3\n");
    let error = setup.ring.reload().unwrap_err();
    assert!(error.contains("line 2"), "{error}");
    assert_eq!(caller(&staying).await.unwrap(), "staying");
    assert_eq!(caller(&arriving).await.unwrap(), "arriving");
    let status = caller(&leaving).await.unwrap_err();
    assert_eq!(status.code(), Code::Unauthenticated);
    assert_eq!(setup.platform_calls(), 0);
}

#[tokio::test]
async fn health_is_open_and_reflection_needs_a_key() {
    let mut keys = KeyFile::new();
    let key = keys.add("no-permissions", &[], "");
    let setup = Setup::start(&keys).await;
    let channel = setup.gateway.channel.clone();
    for service in ["", "wadispatch.v1.TaskService"] {
        let status = eventually("health SERVING without a key", || {
            let mut health = HealthClient::new(channel.clone());
            async move {
                // A service not reported yet is NOT_FOUND: asked again.
                let answer = health
                    .check(HealthCheckRequest {
                        service: service.to_owned(),
                    })
                    .await
                    .ok()?
                    .into_inner();
                (answer.status == ServingStatus::Serving as i32).then_some(answer.status)
            }
        })
        .await;
        assert_eq!(status, ServingStatus::Serving as i32);
    }

    let list = || ServerReflectionRequest {
        host: String::new(),
        message_request: Some(MessageRequest::ListServices(String::new())),
    };
    let anonymous = ServerReflectionClient::new(channel.clone())
        .server_reflection_info(tokio_stream::iter([list()]))
        .await;
    let status = anonymous.unwrap_err();
    assert_error_info(&status, Code::Unauthenticated, "API_KEY_MISSING");

    let mut answers = ServerReflectionClient::new(channel.clone())
        .server_reflection_info(authed(tokio_stream::iter([list()]), &key))
        .await
        .unwrap()
        .into_inner();
    let answer = common::next(&mut answers).await;
    let Some(MessageResponse::ListServicesResponse(services)) = answer.message_response else {
        panic!("not a service list: {answer:?}");
    };
    let names: BTreeSet<String> = services.service.into_iter().map(|s| s.name).collect();
    for service in wadispatch_gateway::server::SERVICE_NAMES {
        assert!(names.contains(service), "{service} not in {names:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// The blast guard.

fn targets(n: usize) -> Vec<String> {
    (1..=n).map(|i| format!("86152{i:08}")).collect()
}

fn text(body: &str) -> Vec<MessageContent> {
    vec![MessageContent {
        kind: Some(message_content::Kind::Text(TextContent {
            text: body.into(),
        })),
        ..Default::default()
    }]
}

fn individual() -> Option<TaskOptions> {
    Some(TaskOptions {
        name: "blast".into(),
        target_type: TargetType::Individual as i32,
        ..Default::default()
    })
}

fn create(n: usize) -> CreateUnassignedTaskRequest {
    CreateUnassignedTaskRequest {
        options: individual(),
        targets: targets(n),
        contents: text("hello"),
        ..Default::default()
    }
}

/// A valid conditional task: its recipients are whoever is under 20.
fn conditional_task() -> CreateConditionalTaskRequest {
    CreateConditionalTaskRequest {
        options: individual(),
        conditions: vec![AudienceCondition {
            r#type: AttributeType::Basic as i32,
            name: "Age".into(),
            operator: ConditionOperator::LessThan as i32,
            value: "20".into(),
            ..Default::default()
        }],
        contents: text("hello"),
        ..Default::default()
    }
}

/// GetCaller's hour quota for the holder of `key`: (used, remaining).
async fn hour_quota(setup: &Setup, key: &str) -> (u64, u64) {
    let caller = setup
        .callers()
        .get_caller(authed(GetCallerRequest {}, key))
        .await
        .unwrap()
        .into_inner();
    let quota = caller
        .recipient_quotas
        .iter()
        .find(|q| q.limit == "recipients_per_hour")
        .unwrap();
    assert_eq!(quota.window_seconds, 3600);
    assert_eq!(quota.ceiling, quota.used + quota.remaining);
    (quota.used, quota.remaining)
}

#[tokio::test]
async fn the_call_rate_refuses_a_burst_beyond_its_bucket_before_the_platform() {
    let mut keys = KeyFile::new();
    // One call per 100 s refills the bucket: the three calls below are "immediate" on any
    // machine, however loaded.
    let key = keys.add(
        "bursty",
        &["accounts.read"],
        "calls_per_second = 0.01\ncall_burst = 2",
    );
    let setup = Setup::start(&keys).await;
    setup.platform.answer_fixture(
        routes::LIST_ACCOUNTS.path,
        "17-queryWhatsAppStatus.response.json",
    );
    for _ in 0..2 {
        setup
            .accounts()
            .list_accounts(authed(ListAccountsRequest {}, &key))
            .await
            .unwrap();
    }
    let status = setup
        .accounts()
        .list_accounts(authed(ListAccountsRequest {}, &key))
        .await
        .unwrap_err();
    let info = assert_error_info(&status, Code::ResourceExhausted, "CALL_RATE_EXCEEDED");
    assert_eq!(info.metadata["limit"], "calls_per_second");
    assert_eq!(info.metadata["caller"], "bursty");
    let details = error_details(&status);
    let retry = details.retry_info().unwrap().retry_delay.unwrap();
    assert!(
        retry > Duration::ZERO && retry <= Duration::from_secs(100),
        "{retry:?}"
    );
    let violations = &details.quota_failure().unwrap().violations;
    assert_eq!(violations.len(), 1);
    assert_eq!(violations[0].subject, "caller:bursty");
    assert_eq!(
        violations[0].description,
        "calls_per_second: 0.01 calls per second, 2 at once"
    );
    assert_eq!(
        setup.platform_calls(),
        2,
        "the refused call never reached the platform"
    );
    // GetCaller is a call too, and equally refused.
    let status = setup
        .callers()
        .get_caller(authed(GetCallerRequest {}, &key))
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::ResourceExhausted);
}

#[tokio::test]
async fn recipient_ceilings_hold_refund_what_was_not_sent_and_survive_a_restart() {
    let mut keys = KeyFile::new();
    let key = keys.add("campaigns", &["tasks.send"], "recipients_per_hour = 150");
    let conditional = keys.add(
        "conditional",
        &["tasks.send"],
        "recipients_per_hour = 150\nunknown_recipients = 40",
    );
    let setup = Setup::start(&keys).await;
    let created = routes::CREATE_UNASSIGNED_TASK.path;
    setup
        .platform
        .answer_fixture(created, "07-moCreate.response.json");

    // 100 of 150 pass, and the answer says what is left.
    let first = setup
        .tasks()
        .create_unassigned_task(authed(create(100), &key))
        .await
        .unwrap();
    let remaining = first
        .metadata()
        .get("wadispatch-recipients-per-hour-remaining");
    assert_eq!(remaining.unwrap().to_str().unwrap(), "50");
    assert!(first
        .metadata()
        .get("wadispatch-recipients-per-day-remaining")
        .is_none());
    assert_eq!(hour_quota(&setup, &key).await, (100, 50));

    // 100 more would pass the ceiling: refused with the exact details, before the platform.
    let status = setup
        .tasks()
        .create_unassigned_task(authed(create(100), &key))
        .await
        .unwrap_err();
    let info = assert_error_info(
        &status,
        Code::ResourceExhausted,
        "RECIPIENT_CEILING_EXCEEDED",
    );
    assert_eq!(info.metadata["limit"], "recipients_per_hour");
    assert_eq!(info.metadata["ceiling"], "150");
    assert_eq!(info.metadata["used"], "100");
    assert_eq!(info.metadata["recipients"], "100");
    let details = error_details(&status);
    let violations = &details.quota_failure().unwrap().violations;
    assert_eq!(violations.len(), 1);
    assert_eq!(violations[0].subject, "caller:campaigns");
    assert_eq!(
        violations[0].description,
        "recipients_per_hour: 100 of 150 recipients used; this call names 100"
    );
    // The first 100 leave the window an hour after the minute they were counted in.
    let retry = details.retry_info().unwrap().retry_delay.unwrap();
    assert!(
        retry > Duration::ZERO && retry <= Duration::from_secs(3600),
        "{retry:?}"
    );
    assert_eq!(
        setup.platform.received().len(),
        1,
        "the refused create was not sent"
    );

    // A create the platform refuses before acting sent nothing: its recipients are given back.
    setup
        .platform
        .answer(created, 200, r#"{"code":400,"message":"no","data":""}"#);
    let rejected = setup
        .tasks()
        .create_unassigned_task(authed(create(50), &key))
        .await
        .unwrap_err();
    assert_eq!(rejected.code(), Code::InvalidArgument, "{rejected:?}");
    assert_eq!(setup.platform.received().len(), 2);
    assert_eq!(hour_quota(&setup, &key).await, (100, 50));
    setup
        .platform
        .answer_fixture(created, "07-moCreate.response.json");
    let full = setup
        .tasks()
        .create_unassigned_task(authed(create(50), &key))
        .await
        .unwrap();
    let remaining = full
        .metadata()
        .get("wadispatch-recipients-per-hour-remaining");
    assert_eq!(remaining.unwrap().to_str().unwrap(), "0");

    // A conditional task names no recipients: it is charged the key's estimate.
    setup.platform.answer_fixture(
        routes::CREATE_CONDITIONAL_TASK.path,
        "08-comoCreate.response.json",
    );
    setup
        .tasks()
        .create_conditional_task(authed(conditional_task(), &conditional))
        .await
        .unwrap();
    assert_eq!(hour_quota(&setup, &conditional).await, (40, 110));
    let calls = setup.platform.received().len();

    // Across a restart the charges are read back from the audit trail.
    let setup = setup.restart().await;
    assert_eq!(hour_quota(&setup, &key).await, (150, 0));
    assert_eq!(hour_quota(&setup, &conditional).await, (40, 110));
    let status = setup
        .tasks()
        .create_unassigned_task(authed(create(1), &key))
        .await
        .unwrap_err();
    let info = assert_error_info(
        &status,
        Code::ResourceExhausted,
        "RECIPIENT_CEILING_EXCEEDED",
    );
    assert_eq!(info.metadata["used"], "150");
    assert_eq!(
        setup.platform.received().len(),
        calls,
        "nothing sent after the restart"
    );

    // The audit trail says what was charged.
    let records = setup
        .gateway
        .events
        .log
        .audit_records(everything())
        .await
        .unwrap();
    let summary: Vec<(&str, u64, bool, Option<&str>)> = records
        .iter()
        .map(|r| {
            (
                r.caller.as_str(),
                r.recipients,
                r.charged,
                r.grpc_code.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("campaigns", 100, true, Some("OK")),
            ("campaigns", 100, false, Some("RESOURCE_EXHAUSTED")),
            ("campaigns", 50, false, Some("INVALID_ARGUMENT")),
            ("campaigns", 50, true, Some("OK")),
            ("conditional", 40, true, Some("OK")),
            ("campaigns", 1, false, Some("RESOURCE_EXHAUSTED")),
        ]
    );
}

#[tokio::test]
async fn a_tasks_life_in_the_simulator_is_guarded_and_audited_under_its_key() {
    let mut keys = KeyFile::new();
    let key = keys.add("campaigns", &["tasks.*"], "recipients_per_hour = 100");
    // Slow enough that the task is still running when it is paused.
    let webhooks = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let webhook_url = format!("http://{}", webhooks.local_addr().unwrap());
    let simulator = common::start_simulator(common::sim_args(0.2, Some(webhook_url))).await;
    let data_dir = tempfile::tempdir().unwrap();
    let gateway = serve(
        &format!("http://{}", simulator.addr),
        webhooks,
        keys.ring(),
        data_dir.path(),
    )
    .await;
    let mut tasks = TaskServiceClient::new(gateway.channel.clone());
    let task_id = tasks
        .create_unassigned_task(authed(create(50), &key))
        .await
        .unwrap()
        .into_inner()
        .task_id;
    let ids = || vec![task_id.clone()];
    tasks
        .pause_tasks(authed(
            PauseTasksRequest {
                task_ids: ids(),
                ..Default::default()
            },
            &key,
        ))
        .await
        .unwrap();
    tasks
        .start_tasks(authed(
            StartTasksRequest {
                task_ids: ids(),
                ..Default::default()
            },
            &key,
        ))
        .await
        .unwrap();
    tasks
        .stop_tasks(authed(
            StopTasksRequest {
                task_ids: ids(),
                ..Default::default()
            },
            &key,
        ))
        .await
        .unwrap();
    let status = tasks
        .get_task_execution_status(authed(
            GetTaskExecutionStatusRequest {
                task_id: task_id.clone(),
            },
            &key,
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(status.status, TaskStatus::Stopped as i32);
    // The platform refuses to stop a task it does not know.
    let unknown = tasks
        .stop_tasks(authed(
            StopTasksRequest {
                task_ids: vec!["99999999".into()],
                ..Default::default()
            },
            &key,
        ))
        .await
        .unwrap_err();
    assert_eq!(unknown.code(), Code::NotFound);
    // 50 of 100 used: 51 more are refused, 50 pass.
    let over = tasks
        .create_unassigned_task(authed(create(51), &key))
        .await
        .unwrap_err();
    assert_error_info(&over, Code::ResourceExhausted, "RECIPIENT_CEILING_EXCEEDED");
    tasks
        .create_unassigned_task(authed(create(50), &key))
        .await
        .unwrap();

    let records = gateway
        .events
        .log
        .audit_records(everything())
        .await
        .unwrap();
    let task = format!("task:{task_id}");
    let seen: Vec<(&str, Vec<&str>, u64, Option<&str>)> = records
        .iter()
        .map(|r| {
            (
                r.rpc.rsplit('/').next().unwrap(),
                r.subjects.iter().map(String::as_str).collect(),
                r.recipients,
                r.grpc_code.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        seen[..6],
        [
            ("CreateUnassignedTask", vec![task.as_str()], 50, Some("OK")),
            ("PauseTasks", vec![task.as_str()], 0, Some("OK")),
            ("StartTasks", vec![task.as_str()], 0, Some("OK")),
            ("StopTasks", vec![task.as_str()], 0, Some("OK")),
            ("StopTasks", vec!["task:99999999"], 0, Some("NOT_FOUND")),
            (
                "CreateUnassignedTask",
                vec![],
                51,
                Some("RESOURCE_EXHAUSTED")
            ),
        ]
    );
    assert_eq!(records[4].platform_code, Some(404));
    assert_eq!(records.len(), 7);
    assert!(records[6].subjects[0].starts_with("task:") && records[6].subjects[0] != task);
    assert!(records
        .iter()
        .all(|r| r.caller == "campaigns" && r.completed));
}

#[tokio::test]
async fn an_unauthenticated_gateway_audits_a_conditional_task_with_the_default_estimate() {
    // --allow-unauthenticated: no key, no limits, but the audit trail still says what a
    // conditional task may send to.
    let harness = common::Harness::start().await;
    harness.platform.answer_fixture(
        routes::CREATE_CONDITIONAL_TASK.path,
        "08-comoCreate.response.json",
    );
    TaskServiceClient::new(harness.gateway.channel.clone())
        .create_conditional_task(conditional_task())
        .await
        .unwrap();
    let records = harness
        .gateway
        .events
        .log
        .audit_records(everything())
        .await
        .unwrap();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].caller, "anonymous");
    assert_eq!(records[0].caller_source, "unauthenticated");
    assert_eq!(records[0].recipients, keys::DEFAULT_UNKNOWN_RECIPIENTS);
}

#[tokio::test]
async fn get_caller_shows_the_key_its_permissions_and_its_limits() {
    let mut keys = KeyFile::new();
    let key = keys.add(
        "svc",
        &["tasks.*", "audit.read"],
        "calls_per_second = 5.0\ncall_burst = 10\nrecipients_per_hour = 100\nrecipients_per_day = 1000",
    );
    let unlimited = keys.add("free", &[], "");
    let setup = Setup::start(&keys).await;
    let caller = setup
        .callers()
        .get_caller(authed(GetCallerRequest {}, &key))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(caller.name, "svc");
    assert_eq!(caller.source, CallerSource::ApiKey as i32);
    assert_eq!(caller.permissions, ["tasks.*", "audit.read"]);
    let rate = caller.call_rate.unwrap();
    assert_eq!((rate.calls_per_second, rate.burst), (5.0, 10));
    // This call took a token; the bucket refills, never past its size.
    assert!(rate.available >= 9.0 && rate.available <= 10.0, "{rate:?}");
    let quotas: Vec<(&str, i64, u64, u64, u64)> = caller
        .recipient_quotas
        .iter()
        .map(|q| {
            (
                q.limit.as_str(),
                q.window_seconds,
                q.ceiling,
                q.used,
                q.remaining,
            )
        })
        .collect();
    assert_eq!(
        quotas,
        [
            ("recipients_per_hour", 3600, 100, 0, 100),
            ("recipients_per_day", 86_400, 1000, 0, 1000)
        ]
    );
    let free = setup
        .callers()
        .get_caller(authed(GetCallerRequest {}, &unlimited))
        .await
        .unwrap()
        .into_inner();
    assert!(free.call_rate.is_none() && free.recipient_quotas.is_empty());
    assert!(free.permissions.is_empty());
}

// ---------------------------------------------------------------------------------------------
// The audit trail.

const MESSAGE_TEXT: &str = "Spring sale: 30% off for you";
const VERIFY_CODE: &str = "7301948265";
const PROXY_PASSWORD: &str = "proxy-pass-61f0";
const NICKNAME: &str = "Nick-the-nickname";

/// What is checked of an audit record: caller, RPC, platform path, subjects, recipients, gRPC
/// code, platform code and request id.
type Seen<'a> = (
    &'a str,
    String,
    &'a str,
    Vec<&'a str>,
    u64,
    &'a str,
    Option<i64>,
    &'a str,
);

fn with_request_id<T>(message: T, key: &str, id: &str) -> Request<T> {
    let mut request = authed(message, key);
    request
        .metadata_mut()
        .insert("x-request-id", id.parse().unwrap());
    request
}

/// Every column of every audit row, as text.
fn audit_rows_text(data_dir: &Path) -> String {
    let conn = rusqlite::Connection::open_with_flags(
        data_dir.join(DB_FILE),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .unwrap();
    let mut statement = conn.prepare("SELECT * FROM audit").unwrap();
    let columns = statement.column_count();
    let mut rows = statement.query([]).unwrap();
    let mut text = String::new();
    while let Some(row) = rows.next().unwrap() {
        for i in 0..columns {
            let value: rusqlite::types::Value = row.get(i).unwrap();
            text.push_str(&format!("{value:?}\t"));
        }
        text.push('\n');
    }
    text
}

/// The `wadispatch-gateway audit` lines for `args`, parsed.
fn audit_cli(data_dir: &Path, args: &[&str]) -> Vec<serde_json::Value> {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_wadispatch-gateway"))
        .arg("audit")
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

/// An audit query for every record (these tests write far fewer).
fn everything() -> wadispatch_gateway::events::audit::AuditQuery {
    wadispatch_gateway::events::audit::AuditQuery {
        limit: 10_000,
        ..Default::default()
    }
}

fn epoch_ms(time: &prost_types::Timestamp) -> i64 {
    time.seconds * 1000 + i64::from(time.nanos) / 1_000_000
}

#[tokio::test]
async fn every_state_change_is_audited_with_its_outcome_and_no_secret() {
    let mut keys = KeyFile::new();
    let operator = keys.add("operator", &["tasks.*", "accounts.*"], "");
    let reader = keys.add("reader", &["tasks.read"], "");
    let auditor = keys.add("auditor", &["audit.read"], "");
    let setup = Setup::start(&keys).await;
    let platform = &setup.platform;
    for (route, fixture) in [
        (routes::CREATE_UNASSIGNED_TASK, "07-moCreate.response.json"),
        (routes::START_TASKS, "10-batchStart.response.json"),
        (routes::PAUSE_TASKS, "11-batchPause.response.json"),
        (routes::STOP_TASKS, "12-batchStop.response.json"),
        (
            routes::SUBMIT_REGISTRATION_CODE,
            "21-submitVerifyCode.response.json",
        ),
        (routes::BRING_PORT_ONLINE, "29-onLine.response.json"),
        (
            routes::UPDATE_AVATAR_OR_NICKNAME,
            "37-updateAvatarOrNickname.response.json",
        ),
    ] {
        platform.answer_fixture(route.path, fixture);
    }
    platform.answer(
        routes::RECYCLE_ACCOUNTS.path,
        200,
        r#"{"code":500,"message":"account busy","data":""}"#,
    );
    let before = chrono::Utc::now().timestamp_millis();

    // A create, then start, pause and stop of the task it made.
    let create = CreateUnassignedTaskRequest {
        options: individual(),
        targets: targets(3),
        contents: text(MESSAGE_TEXT),
        ..Default::default()
    };
    let task_id = setup
        .tasks()
        .create_unassigned_task(with_request_id(create.clone(), &operator, "req-create"))
        .await
        .unwrap()
        .into_inner()
        .task_id;
    assert_eq!(task_id, "6a2724fa2b7055971f960cc162632595");
    let ids = vec![task_id.clone()];
    let mut tasks = setup.tasks();
    tasks
        .start_tasks(with_request_id(
            StartTasksRequest {
                task_ids: ids.clone(),
                ..Default::default()
            },
            &operator,
            "req-start",
        ))
        .await
        .unwrap();
    tasks
        .pause_tasks(with_request_id(
            PauseTasksRequest {
                task_ids: ids.clone(),
                ..Default::default()
            },
            &operator,
            "req-pause",
        ))
        .await
        .unwrap();
    tasks
        .stop_tasks(with_request_id(
            StopTasksRequest {
                task_ids: ids.clone(),
                ..Default::default()
            },
            &operator,
            "req-stop",
        ))
        .await
        .unwrap();
    // An account operation, with a secret in it.
    setup
        .accounts()
        .submit_registration_code(with_request_id(
            SubmitRegistrationCodeRequest {
                phone: "13800138000".into(),
                area_code: "+86".into(),
                verify_code: VERIFY_CODE.into(),
                ..Default::default()
            },
            &operator,
            "req-code",
        ))
        .await
        .unwrap();
    // A port operation, with a proxy's credentials in it.
    setup
        .ports()
        .bring_port_online(with_request_id(
            BringPortOnlineRequest {
                login_id: "ad518a4271fa43c8937612c5f60396f8".into(),
                ip_config: format!("10.0.0.1:1080:proxy-user:{PROXY_PASSWORD}"),
                ..Default::default()
            },
            &operator,
            "req-online",
        ))
        .await
        .unwrap();
    // A profile change.
    setup
        .ports()
        .update_avatar_or_nickname(with_request_id(
            UpdateAvatarOrNicknameRequest {
                device_type: ProfileDeviceType::CloudPort as i32,
                nickname: NICKNAME.into(),
                phones: vec!["8613800138000".into()],
                ..Default::default()
            },
            &operator,
            "req-profile",
        ))
        .await
        .unwrap();
    // One the platform rejects.
    let rejected = setup
        .accounts()
        .recycle_accounts(with_request_id(
            RecycleAccountsRequest {
                phones: vec!["8613800138001".into(), "8613800138002".into()],
                ..Default::default()
            },
            &operator,
            "req-recycle",
        ))
        .await
        .unwrap_err();
    assert_error_info(&rejected, Code::Unknown, "PLATFORM_ERROR");
    let sent = platform.received().len();
    assert_eq!(sent, 8);
    // One without the permission, and one that is invalid: neither reaches the platform.
    let denied = tasks
        .pause_tasks(with_request_id(
            PauseTasksRequest {
                task_ids: ids.clone(),
                ..Default::default()
            },
            &reader,
            "req-denied",
        ))
        .await
        .unwrap_err();
    assert_eq!(denied.code(), Code::PermissionDenied);
    let invalid = tasks
        .create_unassigned_task(with_request_id(
            CreateUnassignedTaskRequest {
                targets: Vec::new(),
                ..create.clone()
            },
            &operator,
            "req-invalid",
        ))
        .await
        .unwrap_err();
    assert_eq!(invalid.code(), Code::InvalidArgument);
    // Reads are not audited.
    platform.answer_fixture(
        routes::GET_TASK_EXECUTION_STATUS.path,
        "09-queryExecuteStatus.response.json",
    );
    tasks
        .get_task_execution_status(authed(GetTaskExecutionStatusRequest { task_id }, &reader))
        .await
        .unwrap();
    assert_eq!(platform.received().len(), sent + 1);
    let after = chrono::Utc::now().timestamp_millis();

    // Read through the RPC, which needs audit.read.
    let status = setup
        .callers()
        .list_audit_records(authed(ListAuditRecordsRequest::default(), &operator))
        .await
        .unwrap_err();
    let info = assert_error_info(&status, Code::PermissionDenied, "PERMISSION_DENIED");
    assert_eq!(info.metadata["permission"], "audit.read");
    let page = setup
        .callers()
        .list_audit_records(authed(ListAuditRecordsRequest::default(), &auditor))
        .await
        .unwrap()
        .into_inner();
    let records = page.records;
    assert_eq!(page.next_cursor, records.last().unwrap().cursor);
    let task = "task:6a2724fa2b7055971f960cc162632595";
    let service = |rpc: &str| format!("/{PACKAGE}.{rpc}");
    #[rustfmt::skip]
    let expected: Vec<Seen> = vec![
        ("operator", service("TaskService/CreateUnassignedTask"), routes::CREATE_UNASSIGNED_TASK.path, vec![task], 3, "OK", None, "req-create"),
        ("operator", service("TaskService/StartTasks"), routes::START_TASKS.path, vec![task], 0, "OK", None, "req-start"),
        ("operator", service("TaskService/PauseTasks"), routes::PAUSE_TASKS.path, vec![task], 0, "OK", None, "req-pause"),
        ("operator", service("TaskService/StopTasks"), routes::STOP_TASKS.path, vec![task], 0, "OK", None, "req-stop"),
        ("operator", service("AccountService/SubmitRegistrationCode"), routes::SUBMIT_REGISTRATION_CODE.path, vec!["account:8613800138000"], 0, "OK", None, "req-code"),
        ("operator", service("CloudPortService/BringPortOnline"), routes::BRING_PORT_ONLINE.path, vec!["login:ad518a4271fa43c8937612c5f60396f8"], 0, "OK", None, "req-online"),
        ("operator", service("CloudPortService/UpdateAvatarOrNickname"), routes::UPDATE_AVATAR_OR_NICKNAME.path, vec!["account:8613800138000"], 0, "OK", None, "req-profile"),
        ("operator", service("AccountService/RecycleAccounts"), routes::RECYCLE_ACCOUNTS.path, vec!["account:8613800138001", "account:8613800138002"], 0, "UNKNOWN", Some(500), "req-recycle"),
        ("reader", service("TaskService/PauseTasks"), routes::PAUSE_TASKS.path, vec![task], 0, "PERMISSION_DENIED", None, "req-denied"),
        ("operator", service("TaskService/CreateUnassignedTask"), routes::CREATE_UNASSIGNED_TASK.path, vec![], 0, "INVALID_ARGUMENT", None, "req-invalid"),
    ];
    let found: Vec<Seen> = records
        .iter()
        .map(|r| {
            (
                r.caller.as_str(),
                r.rpc.clone(),
                r.platform_path.as_str(),
                r.subjects.iter().map(String::as_str).collect(),
                r.recipients,
                r.grpc_code.as_str(),
                r.platform_code,
                r.request_id.as_str(),
            )
        })
        .collect();
    assert_eq!(found, expected);
    for record in &records {
        let time = epoch_ms(record.time.as_ref().unwrap());
        assert!(before <= time && time <= after, "{record:?}");
        assert!(record.completed);
        assert_eq!(record.caller_source, CallerSource::ApiKey as i32);
        assert!(record.request_bytes > 0 || record.grpc_code == "INVALID_ARGUMENT");
    }
    assert_eq!(records[0].request_bytes, create.encoded_len() as u64);

    // No message text, code, proxy credential or nickname anywhere: not in a row, not on disk.
    let rows = audit_rows_text(setup.data_dir.path());
    assert_eq!(rows.lines().count(), expected.len());
    for secret in [MESSAGE_TEXT, VERIFY_CODE, PROXY_PASSWORD, NICKNAME] {
        assert!(
            !rows.contains(secret),
            "{secret:?} in the audit rows:\n{rows}"
        );
        for file in std::fs::read_dir(setup.data_dir.path()).unwrap() {
            let bytes = std::fs::read(file.unwrap().path()).unwrap();
            assert!(
                !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
                "{secret:?} on disk"
            );
        }
    }

    // Pages follow the cursor; filters by caller and time.
    let mut paged = Vec::new();
    let mut cursor = String::new();
    loop {
        let page = setup
            .callers()
            .list_audit_records(authed(
                ListAuditRecordsRequest {
                    after_cursor: cursor.clone(),
                    limit: 3,
                    ..Default::default()
                },
                &auditor,
            ))
            .await
            .unwrap()
            .into_inner();
        if page.records.is_empty() {
            assert!(page.next_cursor.is_empty());
            break;
        }
        assert!(page.records.len() <= 3);
        cursor = page.next_cursor;
        paged.extend(page.records);
    }
    assert_eq!(paged, records);
    let readers = setup
        .callers()
        .list_audit_records(authed(
            ListAuditRecordsRequest {
                caller: "reader".into(),
                ..Default::default()
            },
            &auditor,
        ))
        .await
        .unwrap()
        .into_inner()
        .records;
    assert_eq!(readers, records[8..9]);
    let since = records[6].time;
    let recent = setup
        .callers()
        .list_audit_records(authed(
            ListAuditRecordsRequest {
                since,
                ..Default::default()
            },
            &auditor,
        ))
        .await
        .unwrap()
        .into_inner()
        .records;
    assert!(
        recent.len() >= 4 && recent.len() <= records.len(),
        "{recent:?}"
    );
    assert!(recent
        .iter()
        .all(|r| epoch_ms(r.time.as_ref().unwrap()) >= epoch_ms(since.as_ref().unwrap())));
    assert_eq!(recent.last(), records.last());
    for (bad, field) in [
        (
            ListAuditRecordsRequest {
                limit: 1001,
                ..Default::default()
            },
            "limit",
        ),
        (
            ListAuditRecordsRequest {
                after_cursor: "not-a-cursor".into(),
                ..Default::default()
            },
            "after_cursor",
        ),
    ] {
        let answer = setup
            .callers()
            .list_audit_records(authed(bad, &auditor))
            .await
            .unwrap_err();
        assert_eq!(answer.code(), Code::InvalidArgument);
        let violations = error_details(&answer)
            .bad_request()
            .unwrap()
            .field_violations
            .clone();
        assert_eq!(violations[0].field, field);
    }

    // The CLI prints the same records, from the running gateway's log.
    let printed = audit_cli(setup.data_dir.path(), &[]);
    assert_eq!(printed.len(), records.len());
    for (line, record) in printed.iter().zip(&records) {
        assert_eq!(line["cursor"], record.cursor);
        assert_eq!(line["caller"], record.caller);
        assert_eq!(line["caller_source"], "api_key");
        assert_eq!(line["rpc"], record.rpc);
        assert_eq!(line["platform_path"], record.platform_path);
        assert_eq!(line["subjects"], serde_json::json!(record.subjects));
        assert_eq!(line["recipients"], record.recipients);
        assert_eq!(line["request_bytes"], record.request_bytes);
        assert_eq!(line["request_id"], record.request_id);
        assert_eq!(line["completed"], true);
        assert_eq!(line["grpc_code"], record.grpc_code);
        assert_eq!(
            line["platform_code"],
            serde_json::json!(record.platform_code)
        );
        let time = chrono::DateTime::parse_from_rfc3339(line["time"].as_str().unwrap()).unwrap();
        assert_eq!(
            time.timestamp_millis(),
            epoch_ms(record.time.as_ref().unwrap())
        );
    }
    assert_eq!(printed[0]["charged"], true);
    let by_key = audit_cli(setup.data_dir.path(), &["--key", "reader"]);
    assert_eq!(by_key.len(), 1);
    assert_eq!(by_key[0]["cursor"], records[8].cursor);
    let limited = audit_cli(setup.data_dir.path(), &["--limit", "2"]);
    assert_eq!(limited, printed[..2]);
    let since_text = printed[6]["time"].as_str().unwrap();
    let recent_lines = audit_cli(setup.data_dir.path(), &["--since", since_text]);
    assert_eq!(recent_lines.len(), recent.len());
    assert_eq!(
        audit_cli(setup.data_dir.path(), &["--since", "1h"]),
        printed
    );
    assert!(audit_cli(setup.data_dir.path(), &["--since", "2999-01-01T00:00:00Z"]).is_empty());
}

#[test]
fn the_audit_cli_reads_a_log_without_the_table_and_refuses_a_missing_one() {
    // A log written before the audit trail existed: an events table only.
    let dir = tempfile::tempdir().unwrap();
    let conn = rusqlite::Connection::open(dir.path().join(DB_FILE)).unwrap();
    conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    conn.execute_batch("CREATE TABLE events (seq INTEGER PRIMARY KEY, payload BLOB)")
        .unwrap();
    drop(conn);
    assert!(audit_cli(dir.path(), &["--since", "7d", "--key", "x"]).is_empty());

    let empty = tempfile::tempdir().unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_wadispatch-gateway"))
        .args(["audit", "--data-dir"])
        .arg(empty.path().join("nothing-here"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let said = String::from_utf8_lossy(&output.stdout) + String::from_utf8_lossy(&output.stderr);
    assert!(said.contains("no event log"), "{said}");
    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_wadispatch-gateway"))
        .args(["audit", "--since", "last tuesday"])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("RFC 3339"));
}

#[tokio::test]
async fn the_audit_trail_is_pruned_with_the_retention_age_but_kept_a_day() {
    const HOUR_MS: i64 = 3_600_000;
    let now = chrono::Utc::now().timestamp_millis();
    let entry = |time_ms: i64| AuditEntry {
        time_ms,
        caller: "k".into(),
        caller_source: "api_key",
        rpc: "/wadispatch.v1.TaskService/StartTasks".into(),
        platform_path: routes::START_TASKS.path,
        subjects: vec!["task:t".into()],
        recipients: 0,
        request_bytes: 3,
        request_id: None,
    };
    let outcome = AuditOutcome {
        grpc_code: "OK",
        platform_code: None,
        subjects: Vec::new(),
        charged: false,
    };
    // Records 2 hours, 23 hours, 25 hours and 9 days old; a retention of an hour still keeps
    // the last day (the recipient ceilings are rebuilt from it), one of a week keeps the week.
    for (retention_hours, kept) in [(1, vec![2, 23]), (7 * 24, vec![2, 23, 25])] {
        let dir = tempfile::tempdir().unwrap();
        let log = SqliteLog::open(
            dir.path(),
            LogSettings {
                retention_age: Duration::from_secs(retention_hours * 3600),
                ..LogSettings::default()
            },
        )
        .unwrap();
        for age_hours in [2, 23, 25, 9 * 24] {
            log.audit(entry(now - age_hours * HOUR_MS), outcome.clone())
                .await
                .unwrap();
        }
        let pruned = log.prune_at(now).await.unwrap();
        assert_eq!(pruned.audit_records, 4 - kept.len() as u64);
        let left: Vec<i64> = log
            .audit_records(everything())
            .await
            .unwrap()
            .iter()
            .map(|record| (now - record.time_ms) / HOUR_MS)
            .collect();
        assert_eq!(left, kept, "retention {retention_hours}h");
    }
}

#[tokio::test]
async fn refused_calls_records_are_capped_and_sent_calls_records_are_not() {
    let now = chrono::Utc::now().timestamp_millis();
    let entry = |rpc: &str| AuditEntry {
        time_ms: now,
        caller: "k".into(),
        caller_source: "api_key",
        rpc: rpc.into(),
        platform_path: routes::START_TASKS.path,
        subjects: Vec::new(),
        recipients: 0,
        request_bytes: 3,
        request_id: None,
    };
    let refusal = AuditOutcome {
        grpc_code: "PERMISSION_DENIED",
        platform_code: None,
        subjects: Vec::new(),
        charged: false,
    };
    let dir = tempfile::tempdir().unwrap();
    let log = SqliteLog::open(
        dir.path(),
        LogSettings {
            audit_max_refused_records: 3,
            ..LogSettings::default()
        },
    )
    .unwrap();
    // Interleaved: 10 refused calls and 5 sent ones (recorded first, completed after).
    for i in 0..10 {
        log.audit(entry(&format!("refused-{i}")), refusal.clone())
            .await
            .unwrap();
        if i % 2 == 0 {
            let begun = log
                .begin_call(entry(&format!("sent-{i}")), None)
                .await
                .unwrap();
            let wadispatch_gateway::events::log::CallBegun::Recorded { audit_id, .. } = begun
            else {
                panic!("a call without a request id is always recorded: {begun:?}")
            };
            log.end_call(
                audit_id,
                AuditOutcome {
                    grpc_code: "OK",
                    ..refusal.clone()
                },
                None,
            )
            .await
            .unwrap();
        }
    }
    let pruned = log.prune_at(now).await.unwrap();
    assert_eq!(pruned.audit_records, 7);
    let left: Vec<String> = log
        .audit_records(everything())
        .await
        .unwrap()
        .into_iter()
        .map(|record| record.rpc)
        .collect();
    assert_eq!(
        left,
        [
            "sent-0",
            "sent-2",
            "sent-4",
            "sent-6",
            "refused-7",
            "refused-8",
            "sent-8",
            "refused-9"
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// The binary.

fn gateway_binary() -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_wadispatch-gateway"));
    command
        .env_remove("WADISPATCH_API_KEYS")
        .env_remove("WADISPATCH_ALLOW_UNAUTHENTICATED")
        .env("NO_COLOR", "1");
    command
}

fn all_output(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr)
}

#[test]
fn serve_refuses_to_start_without_callers_or_with_a_bad_key_file() {
    let data_dir = tempfile::tempdir().unwrap();
    let serve = || {
        let mut command = gateway_binary();
        command
            .arg("serve")
            .env("WADISPATCH_UPSTREAM_URL", "http://127.0.0.1:9")
            .env("WADISPATCH_DATA_DIR", data_dir.path())
            .env("WADISPATCH_GRPC_ADDR", "127.0.0.1:0")
            .env("WADISPATCH_WEBHOOK_ADDR", "127.0.0.1:0");
        command
    };
    let output = serve().output().unwrap();
    assert!(!output.status.success());
    let said = all_output(&output);
    assert!(
        said.contains("--api-keys") && said.contains("--allow-unauthenticated"),
        "{said}"
    );

    // A key pasted into the wrong field is not repeated.
    let secret = keys::new_key().unwrap().0;
    let keys = tempfile::tempdir().unwrap();
    let path = keys.path().join("keys.toml");
    std::fs::write(
        &path,
        format!("[[key]]\nname = \"a\"\nsha256 = \"{secret}\"\n"),
    )
    .unwrap();
    let output = serve().arg("--api-keys").arg(&path).output().unwrap();
    assert!(!output.status.success());
    let said = all_output(&output);
    assert!(said.contains(&path.display().to_string()), "{said}");
    assert!(said.contains("sha256 must be 64 hex digits"), "{said}");
    assert!(!said.contains(&secret), "{said}");
    std::fs::write(
        &path,
        format!("[[key]]\nname = \"b\"\ncall_burst = \"{secret}\"\n"),
    )
    .unwrap();
    let output = serve().arg("--api-keys").arg(&path).output().unwrap();
    assert!(!output.status.success());
    let said = all_output(&output);
    assert!(
        said.contains("invalid type") && said.contains("line 3"),
        "{said}"
    );
    assert!(!said.contains(&secret), "{said}");
    // Both at once is a contradiction.
    let output = serve()
        .args(["--allow-unauthenticated", "--api-keys"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(all_output(&output).contains("cannot be used with"));
}

#[tokio::test]
async fn keys_new_prints_a_key_and_an_entry_a_gateway_accepts() {
    let output = gateway_binary()
        .args([
            "keys",
            "new",
            "dashboard",
            "--permissions",
            "tasks.read,accounts.*",
            "--recipients-per-hour",
            "500",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let printed = String::from_utf8(output.stdout).unwrap();
    let (key, entry) = printed.split_once("\n\n").unwrap();
    assert!(key.starts_with(keys::KEY_PREFIX), "{printed}");
    assert!(
        !entry.contains(key),
        "the entry holds the digest, not the key"
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("once"));
    let file = KeyFile::new();
    file.write_text(entry);
    let setup = Setup::start(&file).await;
    let caller = setup
        .callers()
        .get_caller(authed(GetCallerRequest {}, key))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(caller.name, "dashboard");
    assert_eq!(caller.permissions, ["tasks.read", "accounts.*"]);
    let rate = caller.call_rate.unwrap();
    assert_eq!(
        (rate.calls_per_second, rate.burst),
        (
            wadispatch_gateway::config::DEFAULT_KEY_CALLS_PER_SECOND,
            wadispatch_gateway::config::DEFAULT_KEY_CALL_BURST
        )
    );
    let ceilings: Vec<(&str, u64)> = caller
        .recipient_quotas
        .iter()
        .map(|q| (q.limit.as_str(), q.ceiling))
        .collect();
    assert_eq!(
        ceilings,
        [
            ("recipients_per_hour", 500),
            (
                "recipients_per_day",
                wadispatch_gateway::config::DEFAULT_KEY_RECIPIENTS_PER_DAY
            )
        ]
    );
    setup.platform.answer_fixture(
        routes::LIST_ACCOUNTS.path,
        "17-queryWhatsAppStatus.response.json",
    );
    setup
        .accounts()
        .list_accounts(authed(ListAccountsRequest {}, key))
        .await
        .unwrap();
    let denied = setup
        .tasks()
        .create_unassigned_task(authed(create(1), key))
        .await
        .unwrap_err();
    assert_eq!(denied.code(), Code::PermissionDenied);
    assert_eq!(setup.platform_calls(), 1);
}
