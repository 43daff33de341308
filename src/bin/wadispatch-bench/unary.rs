//! 1. Unary overhead: GetTaskExecutionStatus through the gateway vs. the same HTTP call made
//!    directly to the simulator, in paired rounds that alternate which goes first.
//! 5. ghz: the same RPC by reflection, its summary next to ours.
//! 6. TLS: the same RPC through a gateway serving TLS vs. one serving plaintext, in paired
//!    rounds on kept connections (the cost of encryption per call, not of handshakes).
//! 7. API keys: the same RPC through a gateway that checks a key on every call vs. an open one.
//! 8. Request ids: CreateUnassignedSingleTargetTask without a request id vs. with a new one per
//!    call (the durable claim and settlement), and a retry answered from its record vs. a create
//!    sent to the platform.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use wadispatch_gateway::proto::v1::task_service_client::TaskServiceClient;
use wadispatch_gateway::proto::v1::{
    message_content, CreateUnassignedSingleTargetTaskRequest, GetTaskExecutionStatusRequest,
    MessageContent, TargetType, TaskOptions, TextContent,
};

use crate::certs;
use crate::load::{self, LoopResult};
use crate::procs::{self, Proc, Usage};
use crate::report::{table, Report};
use crate::stats::{median, micros, show_count, show_ratio, show_us};
use crate::Bench;

/// Recipients of the task whose status is queried: a small campaign's status, ~1 KiB of JSON.
pub(crate) const RECIPIENTS: usize = 10;
const CONCURRENCIES: [usize; 2] = [1, 64];

#[derive(Clone, Copy, PartialEq)]
enum Via {
    Direct,
    Gateway,
    /// The TLS gateway.
    GatewayTls,
    /// The gateway with a key file, called with a key.
    GatewayKey,
    /// A one-recipient create through the gateway, without a request id.
    Create,
    /// The same create with a new request id on every call.
    CreateIdentified,
    /// The same create with one request id, answered from its record after the first call.
    CreateRetried,
}

/// One side of one round.
struct Side {
    p50_us: f64,
    p99_us: f64,
    per_second: f64,
    gateway: PerCall,
    sim: PerCall,
}

/// What one process spent per call over a round.
#[derive(Debug, Clone, Copy)]
struct PerCall {
    user_us: f64,
    kernel_us: f64,
    switches: f64,
}

impl PerCall {
    fn of(usage: Usage, calls: f64) -> Self {
        PerCall {
            user_us: micros(usage.user) / calls,
            kernel_us: micros(usage.system) / calls,
            switches: usage.switches as f64 / calls,
        }
    }

    fn cpu_us(&self) -> f64 {
        self.user_us + self.kernel_us
    }
}

/// The two ways to make the call, and the processes whose CPU time it costs.
struct Callers<'a> {
    http: reqwest::Client,
    direct_url: String,
    grpc: TaskServiceClient<tonic::transport::Channel>,
    /// A second gateway serving TLS, and a client of it, when TLS is measured.
    tls: Option<(TaskServiceClient<tonic::transport::Channel>, &'a Proc)>,
    /// A third gateway with a key file, a client of it and the key's `authorization` value, when
    /// keys are measured.
    keyed: Option<(
        TaskServiceClient<tonic::transport::Channel>,
        &'a Proc,
        Bearer,
    )>,
    task_id: String,
    gateway: &'a Proc,
    sim: &'a Proc,
}

impl Callers<'_> {
    /// Calls `via` from `concurrency` callers until `until` (calls started, time) says stop.
    async fn call_until(
        &self,
        via: Via,
        concurrency: usize,
        until: impl Fn(usize, Duration) -> bool + Send + Sync + 'static,
    ) -> LoopResult {
        match via {
            Via::Direct => {
                let (http, url) = (self.http.clone(), self.direct_url.clone());
                load::closed_loop(concurrency, until, move |_| direct_call(http.get(&url))).await
            }
            Via::Create | Via::CreateIdentified | Via::CreateRetried => {
                let grpc = self.grpc.clone();
                load::closed_loop(concurrency, until, move |_| create_call(grpc.clone(), via)).await
            }
            Via::Gateway | Via::GatewayTls | Via::GatewayKey => {
                let (grpc, task_id) = (self.client(via).clone(), self.task_id.clone());
                let bearer = match (via, &self.keyed) {
                    (Via::GatewayKey, Some((_, _, bearer))) => Some(bearer.clone()),
                    _ => None,
                };
                load::closed_loop(concurrency, until, move |_| {
                    gateway_call(grpc.clone(), task_id.clone(), bearer.clone())
                })
                .await
            }
        }
    }

    fn client(&self, via: Via) -> &TaskServiceClient<tonic::transport::Channel> {
        match (via, &self.tls, &self.keyed) {
            (Via::GatewayTls, Some((client, _)), _) => client,
            (Via::GatewayKey, _, Some((client, _, _))) => client,
            _ => &self.grpc,
        }
    }

    /// The gateway process that answers `via`.
    fn gateway_of(&self, via: Via) -> &Proc {
        match (via, &self.tls, &self.keyed) {
            (Via::GatewayTls, Some((_, proc)), _) => proc,
            (Via::GatewayKey, _, Some((_, proc, _))) => proc,
            _ => self.gateway,
        }
    }

    /// One timed round, with the CPU time and context switches it cost.
    async fn round(&self, via: Via, concurrency: usize, length: Duration) -> (Side, LoopResult) {
        let gateway = self.gateway_of(via);
        let (gateway_before, sim_before) = (gateway.usage(), self.sim.usage());
        let result = self
            .call_until(via, concurrency, move |_, elapsed| elapsed >= length)
            .await;
        let calls = result.calls().max(1) as f64;
        let mut latencies = result.latencies.clone();
        let side = Side {
            p50_us: micros(latencies.percentile(50.0)),
            p99_us: micros(latencies.percentile(99.0)),
            per_second: result.per_second(),
            gateway: PerCall::of(gateway.usage() - gateway_before, calls),
            sim: PerCall::of(self.sim.usage() - sim_before, calls),
        };
        (side, result)
    }
}

/// The call a hand-written client makes: GET, check the envelope, decode the JSON.
async fn direct_call(request: reqwest::RequestBuilder) -> Result<(), String> {
    let body = request
        .send()
        .await
        .map_err(|e| format!("direct: {e}"))?
        .bytes()
        .await
        .map_err(|e| format!("direct: {e}"))?;
    let answer: serde_json::Value =
        serde_json::from_slice(&body).map_err(|e| format!("direct: {e}"))?;
    let recipients = answer["data"]["info"].as_array().map_or(0, Vec::len);
    if answer["code"] == 200 && recipients == RECIPIENTS {
        Ok(())
    } else {
        Err(format!("direct: unexpected answer {answer}"))
    }
}

/// Request ids of the creates measured: unique within the run (the gateways are fresh).
static NEXT_REQUEST: AtomicU64 = AtomicU64::new(1);
/// The one request id every retried create carries.
const RETRIED_REQUEST_ID: &str = "8b1f0c2e-5a6d-4e7f-9a0b-1c2d3e4f5a6b";

/// A one-recipient create through the gateway, identified as `via` says; the answer checked.
async fn create_call(
    mut grpc: TaskServiceClient<tonic::transport::Channel>,
    via: Via,
) -> Result<(), String> {
    let n = NEXT_REQUEST.fetch_add(1, Ordering::Relaxed);
    let request_id = match via {
        Via::CreateIdentified => format!("00000000-0000-4000-8000-{n:012x}"),
        Via::CreateRetried => RETRIED_REQUEST_ID.to_owned(),
        _ => String::new(),
    };
    let target = match via {
        // A retry is the same request every time.
        Via::CreateRetried => load::target_of(0),
        _ => load::target_of(n),
    };
    let request = CreateUnassignedSingleTargetTaskRequest {
        options: Some(TaskOptions {
            name: "bench-retries".into(),
            target_type: TargetType::Individual as i32,
            ..Default::default()
        }),
        target,
        contents: vec![MessageContent {
            kind: Some(message_content::Kind::Text(TextContent {
                text: "benchmark".into(),
            })),
            ..Default::default()
        }],
        request_id,
    };
    let created = grpc
        .create_unassigned_single_target_task(request)
        .await
        .map_err(|s| format!("create: {s}"))?;
    if created.into_inner().task_id.is_empty() {
        Err("create: no task id".into())
    } else {
        Ok(())
    }
}

/// An `authorization: Bearer <key>` value.
type Bearer = tonic::metadata::MetadataValue<tonic::metadata::Ascii>;

/// The same through the gateway: the typed answer, checked; with the key if given.
pub(crate) async fn gateway_call(
    mut grpc: TaskServiceClient<tonic::transport::Channel>,
    task_id: String,
    bearer: Option<Bearer>,
) -> Result<(), String> {
    let mut request = tonic::Request::new(GetTaskExecutionStatusRequest { task_id });
    if let Some(bearer) = bearer {
        request.metadata_mut().insert("authorization", bearer);
    }
    let status = grpc
        .get_task_execution_status(request)
        .await
        .map_err(|s| format!("gateway: {s}"))?;
    let recipients = status.into_inner().recipients.len();
    if recipients == RECIPIENTS {
        Ok(())
    } else {
        Err(format!("gateway returned {recipients} recipients"))
    }
}

pub(crate) async fn run(
    bench: &Bench,
    report: &mut Report,
    ours: bool,
    tls: bool,
    keys: bool,
    retries: bool,
    ghz: Option<&Path>,
) {
    let gateway = procs::start_gateway(
        &bench.gateway_bin,
        &bench.work,
        "unary",
        bench.sim_addr,
        &[],
    )
    .await;
    let tls_gateway = if tls {
        match tls_gateway(bench).await {
            Ok(started) => Some(started),
            Err(error) => {
                report.section("6. Unary over TLS", format!("Not measured: {error}."));
                None
            }
        }
    } else {
        None
    };
    let keyed_gateway = if keys {
        match keyed_gateway(bench).await {
            Ok(started) => Some(started),
            Err(error) => {
                report.fail(format!("the keyed gateway did not start: {error}"));
                None
            }
        }
    } else {
        None
    };
    let http = load::http_client();
    let targets: Vec<String> = (0..RECIPIENTS as u64).map(load::target_of).collect();
    let task_id = load::create_task(&http, bench.sim_addr, "unary", &targets).await;
    let callers = Callers {
        direct_url: format!(
            "http://{}{}?taskId={task_id}",
            bench.sim_addr,
            load::EXECUTE_STATUS_PATH
        ),
        http,
        grpc: TaskServiceClient::new(load::grpc_channel(gateway.grpc).await),
        tls: tls_gateway
            .as_ref()
            .map(|(gateway, client)| (client.clone(), &gateway.proc)),
        keyed: keyed_gateway
            .as_ref()
            .map(|(gateway, client, bearer)| (client.clone(), &gateway.proc, bearer.clone())),
        task_id: task_id.clone(),
        gateway: &gateway.proc,
        sim: &bench.sim,
    };
    if ours {
        for concurrency in CONCURRENCIES {
            unary_figures(bench, report, &callers, concurrency).await;
        }
    }
    if let Some(ghz) = ghz {
        ghz_figures(bench, report, &callers, ghz, gateway.grpc).await;
    }
    if callers.tls.is_some() {
        for concurrency in CONCURRENCIES {
            comparison_figures(bench, report, &callers, &TLS, concurrency).await;
        }
    }
    if callers.keyed.is_some() {
        for concurrency in CONCURRENCIES {
            comparison_figures(bench, report, &callers, &KEYS, concurrency).await;
        }
    }
    if retries {
        for concurrency in CONCURRENCIES {
            comparison_figures(bench, report, &callers, &REQUEST_IDS, concurrency).await;
            comparison_figures(bench, report, &callers, &RETRIED, concurrency).await;
        }
    }
}

/// A gateway with a key file holding one key (every permission, no limits, made by `keys new`),
/// a client of it, and the key's `authorization` value.
async fn keyed_gateway(
    bench: &Bench,
) -> Result<
    (
        procs::Gateway,
        TaskServiceClient<tonic::transport::Channel>,
        Bearer,
    ),
    String,
> {
    let output = std::process::Command::new(&bench.gateway_bin)
        .args([
            "keys",
            "new",
            "bench",
            "--permissions",
            "*",
            "--calls-per-second",
            "0",
        ])
        .args(["--recipients-per-hour", "0", "--recipients-per-day", "0"])
        .output()
        .map_err(|e| format!("keys new: {e}"))?;
    let printed = String::from_utf8_lossy(&output.stdout).into_owned();
    let (key, entry) = printed
        .split_once("\n\n")
        .filter(|_| output.status.success())
        .ok_or_else(|| format!("keys new: {}", String::from_utf8_lossy(&output.stderr)))?;
    let file = bench.work.path().join("bench-keys.toml");
    std::fs::write(&file, entry).map_err(|e| format!("cannot write the key file: {e}"))?;
    let file = file.display().to_string();
    let gateway = procs::start_gateway(
        &bench.gateway_bin,
        &bench.work,
        "unary-key",
        bench.sim_addr,
        &["--api-keys", &file],
    )
    .await;
    let bearer = format!("Bearer {}", key.trim())
        .parse()
        .map_err(|e| format!("the key is not a header value: {e}"))?;
    let client = TaskServiceClient::new(load::grpc_channel(gateway.grpc).await);
    Ok((gateway, client, bearer))
}

/// A gateway serving TLS with a certificate made by the README's openssl commands, and a client
/// that trusts its CA.
async fn tls_gateway(
    bench: &Bench,
) -> Result<(procs::Gateway, TaskServiceClient<tonic::transport::Channel>), String> {
    let dir = bench.work.path().join("tls-files");
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let files = certs::make(&dir)?;
    let (cert, key) = (
        files.cert.display().to_string(),
        files.key.display().to_string(),
    );
    let gateway = procs::start_gateway(
        &bench.gateway_bin,
        &bench.work,
        "unary-tls",
        bench.sim_addr,
        &["--tls-cert", &cert, "--tls-key", &key],
    )
    .await;
    let ca = std::fs::read_to_string(&files.ca).map_err(|e| format!("cannot read the CA: {e}"))?;
    let channel = load::grpc_tls_channel(gateway.grpc, &ca).await?;
    Ok((gateway, TaskServiceClient::new(channel)))
}

/// Paired rounds of `pair` at `concurrency`, alternating which goes first, after a warm-up of
/// both; failed calls are reported.
async fn paired_rounds(
    bench: &Bench,
    report: &mut Report,
    callers: &Callers<'_>,
    pair: [Via; 2],
    concurrency: usize,
) -> [Vec<Side>; 2] {
    let plan = &bench.plan;
    // Warm both paths: connection pools, allocator, the simulator's world.
    for via in pair {
        callers.round(via, concurrency, plan.unary_round / 4).await;
    }
    let mut sides = [Vec::new(), Vec::new()];
    for round in 0..plan.unary_rounds {
        let order = if round % 2 == 0 { [0, 1] } else { [1, 0] };
        for which in order {
            let (side, result) = callers
                .round(pair[which], concurrency, plan.unary_round)
                .await;
            if let Some(error) = result.errors.first() {
                report.fail(format!(
                    "unary c={concurrency}: {} of {} calls failed, e.g. {error}",
                    result.errors.len(),
                    result.errors.len() + result.calls()
                ));
            }
            sides[which].push(side);
        }
    }
    sides
}

/// Medians of one side's figure over its rounds.
fn med(sides: &[Side], f: impl Fn(&Side) -> f64) -> f64 {
    median(&sides.iter().map(f).collect::<Vec<_>>())
}

/// The median of a figure's per-round difference between two sides.
fn paired(first: &[Side], second: &[Side], f: fn(&Side, &Side) -> f64) -> f64 {
    median(
        &first
            .iter()
            .zip(second)
            .map(|(a, b)| f(a, b))
            .collect::<Vec<_>>(),
    )
}

/// What a comparison of two gateways measures: its section, what differs, and the names of its
/// two paths and of what the second adds.
struct Comparison {
    section: &'static str,
    /// The call measured.
    call: &'static str,
    gateways: &'static str,
    pair: [Via; 2],
    names: [&'static str; 3],
}

/// The read the first comparisons measure.
const STATUS_CALL: &str = "GetTaskExecutionStatus of a 10-recipient task";
const _: () = assert!(RECIPIENTS == 10, "STATUS_CALL names the task's size");

const TLS: Comparison = Comparison {
    section: "6. Unary over TLS",
    call: STATUS_CALL,
    gateways: "one serving plaintext and one TLS (TLS 1.3, a P-256 certificate made by the \
               README's openssl commands)",
    pair: [Via::Gateway, Via::GatewayTls],
    names: ["gateway, plaintext", "gateway, TLS", "TLS"],
};

const KEYS: Comparison = Comparison {
    section: "7. Unary with an API key",
    call: STATUS_CALL,
    gateways: "one open (--allow-unauthenticated) and one with a key file, called with its key: \
               the key's SHA-256 compared with the file's digest, the caller's permission and \
               call rate checked on every call",
    pair: [Via::Gateway, Via::GatewayKey],
    names: ["gateway, open", "gateway, API key", "the key check"],
};

/// What the creates of measurement 8 are.
const CREATE_CALL: &str = "CreateUnassignedSingleTargetTask (one recipient; audited, so each \
                           sent call commits its audit record before and after the platform call)";

const REQUEST_IDS: Comparison = Comparison {
    section: "8. Creates with a request id",
    call: CREATE_CALL,
    gateways: "one gateway, called without a request id and with a new one on every call (its \
               digest, the claim committed with the audit record, the answer kept with the \
               outcome)",
    pair: [Via::Create, Via::CreateIdentified],
    names: [
        "create, no request id",
        "create, new request id",
        "the request id",
    ],
};

const RETRIED: Comparison = Comparison {
    section: "8. Retries answered from their record",
    call: CREATE_CALL,
    gateways: "one gateway, a create sent to the platform vs. the retry of one create (one \
               request id), answered from its record without a platform call",
    pair: [Via::Create, Via::CreateRetried],
    names: [
        "create, sent to the platform",
        "retry, answered from the record",
        "answering from the record",
    ],
};

async fn comparison_figures(
    bench: &Bench,
    report: &mut Report,
    callers: &Callers<'_>,
    comparison: &Comparison,
    concurrency: usize,
) {
    let body = format!(
        "{} through {}, {concurrency} concurrent caller(s) on one kept connection to each, \
         {rounds} paired rounds of {secs:.1} s alternating which goes first. Medians over the \
         rounds; \"added\" is the median of the per-round differences.",
        comparison.call,
        comparison.gateways,
        rounds = bench.plan.unary_rounds,
        secs = bench.plan.unary_round.as_secs_f64(),
    );
    let table = compared(
        bench,
        report,
        callers,
        comparison.pair,
        comparison.names,
        concurrency,
    )
    .await;
    report.section(
        &format!("{}, concurrency {concurrency}", comparison.section),
        format!("{body}\n\n{table}"),
    );
}

/// The table of two gateway paths measured in paired rounds: each one's medians and what the
/// second adds. `names`: the two paths' and what the second adds.
async fn compared(
    bench: &Bench,
    report: &mut Report,
    callers: &Callers<'_>,
    pair: [Via; 2],
    names: [&str; 3],
    concurrency: usize,
) -> String {
    let [first, second] = paired_rounds(bench, report, callers, pair, concurrency).await;
    let row = |name: &str, sides: &[Side]| {
        vec![
            name.to_owned(),
            show_us(med(sides, |s| s.p50_us)),
            show_us(med(sides, |s| s.p99_us)),
            show_count(med(sides, |s| s.per_second)),
            show_us(med(sides, |s| s.gateway.cpu_us())),
        ]
    };
    let rows = vec![
        row(names[0], &first),
        row(names[1], &second),
        vec![
            format!("**added by {}** (paired)", names[2]),
            format!(
                "**{}**",
                show_us(paired(&first, &second, |a, b| b.p50_us - a.p50_us))
            ),
            format!(
                "**{}**",
                show_us(paired(&first, &second, |a, b| b.p99_us - a.p99_us))
            ),
            format!(
                "**{}** of the first",
                show_ratio(paired(&first, &second, |a, b| b.per_second / a.per_second))
            ),
            format!(
                "**{}**",
                show_us(paired(&first, &second, |a, b| b.gateway.cpu_us()
                    - a.gateway.cpu_us()))
            ),
        ],
    ];
    table(
        &["path", "p50", "p99", "calls/s", "gateway CPU/call"],
        &rows,
    )
}

async fn unary_figures(
    bench: &Bench,
    report: &mut Report,
    callers: &Callers<'_>,
    concurrency: usize,
) {
    let plan = &bench.plan;
    let [direct, gateway] = paired_rounds(
        bench,
        report,
        callers,
        [Via::Direct, Via::Gateway],
        concurrency,
    )
    .await;
    let paired = |f: fn(&Side, &Side) -> f64| paired(&direct, &gateway, f);
    let added_p50 = paired(|d, g| g.p50_us - d.p50_us);
    let added_p99 = paired(|d, g| g.p99_us - d.p99_us);
    let throughput = paired(|d, g| g.per_second / d.per_second);
    let gateway_cpu = med(&gateway, |s| s.gateway.cpu_us());
    let rows = vec![
        vec![
            "direct HTTP to the simulator".into(),
            show_us(med(&direct, |s| s.p50_us)),
            show_us(med(&direct, |s| s.p99_us)),
            show_count(med(&direct, |s| s.per_second)),
            "–".into(),
            "–".into(),
            show_us(med(&direct, |s| s.sim.cpu_us())),
        ],
        vec![
            "through the gateway (gRPC)".into(),
            show_us(med(&gateway, |s| s.p50_us)),
            show_us(med(&gateway, |s| s.p99_us)),
            show_count(med(&gateway, |s| s.per_second)),
            show_us(gateway_cpu),
            format!("{:.1}", med(&gateway, |s| s.gateway.switches)),
            show_us(med(&gateway, |s| s.sim.cpu_us())),
        ],
        vec![
            "**added by the gateway** (paired)".into(),
            format!("**{}**", show_us(added_p50)),
            format!("**{}**", show_us(added_p99)),
            format!("**{}** of direct", show_ratio(throughput)),
            String::new(),
            String::new(),
            String::new(),
        ],
    ];
    let body = format!(
        "GetTaskExecutionStatus of a {RECIPIENTS}-recipient task, {concurrency} concurrent caller(s), \
         {rounds} paired rounds of {secs:.1} s, alternating which path goes first. \
         Medians over the rounds; \"added\" is the median of the per-round differences.\n\n{}",
        table(
            &[
                "path",
                "p50",
                "p99",
                "calls/s",
                "gateway CPU/call",
                "gateway context switches/call",
                "simulator CPU/call"
            ],
            &rows
        ),
        rounds = plan.unary_rounds,
        secs = plan.unary_round.as_secs_f64(),
    );
    let body = if concurrency > 1 {
        format!("{body}\n\n{}", cost_split(&gateway))
    } else {
        body
    };
    report.section(
        &format!("1. Unary overhead, concurrency {concurrency}"),
        body,
    );
    if concurrency == 1 {
        report.target(
            "unary: added p50 at c=1",
            "≤ 100 µs",
            show_us(added_p50),
            added_p50 <= 100.0,
        );
    }
    report.target(
        &format!("unary: gateway CPU per call at c={concurrency}"),
        "≤ 50 µs",
        show_us(gateway_cpu),
        gateway_cpu <= 50.0,
    );
    if concurrency > 1 {
        // Both are one HTTP exchange each way per call; the gateway also converts.
        let sim_cpu = med(&gateway, |s| s.sim.cpu_us());
        report.target(
            &format!("unary: gateway CPU per call ÷ the simulator's at c={concurrency}"),
            "≤ 1.0×",
            format!(
                "{} ({} vs {})",
                show_ratio(gateway_cpu / sim_cpu),
                show_us(gateway_cpu),
                show_us(sim_cpu)
            ),
            gateway_cpu <= sim_cpu,
        );
    }
}

/// Where each process's CPU per call goes in the rounds through the gateway: the simulator
/// serves one HTTP exchange per call; the gateway serves one (gRPC) and makes one (HTTP), so
/// its kernel share shows what the second exchange costs.
fn cost_split(gateway_rounds: &[Side]) -> String {
    let row = |name: &str, of: fn(&Side) -> PerCall| {
        let figure = |f: fn(&PerCall) -> f64| med(gateway_rounds, |s| f(&of(s)));
        vec![
            name.to_owned(),
            show_us(figure(PerCall::cpu_us)),
            show_us(figure(|p| p.user_us)),
            show_us(figure(|p| p.kernel_us)),
            format!("{:.1}", figure(|p| p.switches)),
        ]
    };
    let ratio =
        |f: fn(&PerCall) -> f64| show_ratio(med(gateway_rounds, |s| f(&s.gateway) / f(&s.sim)));
    let rows = vec![
        row("gateway", |s| s.gateway),
        row("simulator", |s| s.sim),
        vec![
            "gateway ÷ simulator".to_owned(),
            ratio(PerCall::cpu_us),
            ratio(|p| p.user_us),
            ratio(|p| p.kernel_us),
            ratio(|p| p.switches),
        ],
    ];
    format!(
        "Where the CPU per call goes in the rounds through the gateway (medians). The simulator \
         serves one HTTP exchange per call; the gateway serves one and makes one, so its kernel \
         time covers two.\n\n{}",
        table(
            &[
                "process",
                "CPU/call",
                "user",
                "kernel",
                "context switches/call"
            ],
            &rows
        )
    )
}

/// ghz's own summary of the same RPC (found by reflection), next to ours for the same count.
async fn ghz_figures(
    bench: &Bench,
    report: &mut Report,
    callers: &Callers<'_>,
    ghz: &Path,
    grpc: SocketAddr,
) {
    let calls = bench.plan.ghz_calls;
    let mut rows = Vec::new();
    for concurrency in CONCURRENCIES {
        let data = serde_json::json!({ "task_id": callers.task_id }).to_string();
        let cpu_before = callers.gateway.cpu_time();
        let switches_before = callers.gateway.context_switches();
        let mut command = std::process::Command::new(ghz);
        command
            .args(["--insecure", "--format", "json", "--connections", "1"])
            .args(["--call", "wadispatch.v1.TaskService.GetTaskExecutionStatus"])
            .args([
                "-d",
                &data,
                "-c",
                &concurrency.to_string(),
                "-n",
                &calls.to_string(),
            ])
            .arg(grpc.to_string());
        let output = tokio::task::spawn_blocking(move || command.output())
            .await
            .expect("ghz runner panicked")
            .unwrap_or_else(|e| panic!("cannot run ghz: {e}"));
        let gateway_cpu = micros(callers.gateway.cpu_time() - cpu_before) / calls as f64;
        let switches = (callers.gateway.context_switches() - switches_before) as f64 / calls as f64;
        let summary: serde_json::Value = match serde_json::from_slice(&output.stdout) {
            Ok(summary) => summary,
            Err(e) => {
                report.fail(format!(
                    "ghz c={concurrency} printed no JSON summary ({e}): {}",
                    String::from_utf8_lossy(&output.stderr)
                ));
                continue;
            }
        };
        let ok = summary["statusCodeDistribution"]["OK"]
            .as_u64()
            .unwrap_or(0);
        if ok != calls as u64 {
            report.fail(format!(
                "ghz c={concurrency}: {ok} of {calls} calls OK: {}",
                summary["errorDistribution"]
            ));
        }
        let percentile = |p: u64| {
            summary["latencyDistribution"]
                .as_array()
                .and_then(|ps| ps.iter().find(|x| x["percentage"] == p))
                .and_then(|x| x["latency"].as_f64())
                .map_or(f64::NAN, |ns| ns / 1000.0)
        };
        // Ours, the same count right after, on its own connection like ghz.
        let cpu_before = callers.gateway.cpu_time();
        let switches_before = callers.gateway.context_switches();
        let mut ours = callers
            .call_until(Via::Gateway, concurrency, move |n, _| n >= calls)
            .await;
        if let Some(error) = ours.errors.first() {
            report.fail(format!("unary after ghz, c={concurrency}: {error}"));
        }
        let our_calls = ours.calls().max(1) as f64;
        let our_cpu = micros(callers.gateway.cpu_time() - cpu_before) / our_calls;
        let our_switches =
            (callers.gateway.context_switches() - switches_before) as f64 / our_calls;
        rows.push(vec![
            format!("ghz, c={concurrency}"),
            show_us(percentile(50)),
            show_us(percentile(99)),
            show_count(summary["rps"].as_f64().unwrap_or(f64::NAN)),
            show_us(gateway_cpu),
            format!("{switches:.1}"),
        ]);
        rows.push(vec![
            format!("wadispatch-bench, c={concurrency}"),
            show_us(micros(ours.latencies.percentile(50.0))),
            show_us(micros(ours.latencies.percentile(99.0))),
            show_count(ours.per_second()),
            show_us(our_cpu),
            format!("{our_switches:.1}"),
        ]);
    }
    let body = format!(
        "ghz calling GetTaskExecutionStatus through server reflection (no proto files), {calls} calls \
         on one connection, then this load generator with the same count, back to back.\n\n{}",
        table(
            &["client", "p50", "p99", "calls/s", "gateway CPU/call", "gateway context switches/call"],
            &rows
        )
    );
    report.section("5. Second opinion: ghz", body);
}
