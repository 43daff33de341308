//! What the measurements share: clients, the closed-loop driver, and the platform's JSON shapes
//! the generator sends (task creation, recipient-status webhooks).

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::json;
use tonic::transport::Channel;
use wadispatch_gateway::proto::v1::task_service_client::TaskServiceClient;
use wadispatch_gateway::proto::v1::{WatchTaskRequest, WatchTaskResponse};

use crate::stats::Latencies;

/// The platform's recipient-status webhook (GS_V3_SYNC_TASK_DETAIL_STATUS), as the listener
/// serves it.
pub(crate) const DETAIL_STATUS_PATH: &str = "/callback/gsTask/syncGsTaskInfoStatus";
/// The status query the unary benchmark calls, directly and through the gateway.
pub(crate) const EXECUTE_STATUS_PATH: &str = "/group-dispatch-api/gsTask/queryExecuteStatus";

/// One HTTP/2 connection to the gateway's gRPC port.
pub(crate) async fn grpc_channel(addr: SocketAddr) -> Channel {
    Channel::from_shared(format!("http://{addr}"))
        .expect("a valid URI")
        .tcp_nodelay(true)
        .connect()
        .await
        .unwrap_or_else(|e| panic!("cannot connect to {addr}: {e}"))
}

/// One HTTP/2 connection over TLS to the gateway's gRPC port, trusting the CA `ca_pem` for the
/// name `localhost`.
pub(crate) async fn grpc_tls_channel(addr: SocketAddr, ca_pem: &str) -> Result<Channel, String> {
    let tls = tonic::transport::ClientTlsConfig::new()
        .ca_certificate(tonic::transport::Certificate::from_pem(ca_pem))
        .domain_name("localhost");
    Channel::from_shared(format!("https://{addr}"))
        .expect("a valid URI")
        .tcp_nodelay(true)
        .tls_config(tls)
        .map_err(|e| format!("TLS client: {e}"))?
        .connect()
        .await
        .map_err(|e| format!("cannot connect over TLS to {addr}: {e:?}"))
}

/// Connections enough for `streams` streams at `per_connection` streams each.
pub(crate) async fn grpc_channels(
    addr: SocketAddr,
    streams: usize,
    per_connection: usize,
) -> Vec<Channel> {
    let mut channels = Vec::new();
    for _ in 0..streams.div_ceil(per_connection) {
        channels.push(grpc_channel(addr).await);
    }
    channels
}

/// Opens a WatchTask stream on `channel`; a refusal as text.
pub(crate) async fn watch_task(
    channel: Channel,
    request: WatchTaskRequest,
) -> Result<tonic::Streaming<WatchTaskResponse>, String> {
    Ok(TaskServiceClient::new(channel)
        .watch_task(request)
        .await
        .map_err(|s| format!("WatchTask: {s}"))?
        .into_inner())
}

/// An HTTP/1.1 client with a connection pool, as a hand-written platform client would use.
pub(crate) fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .tcp_nodelay(true)
        .pool_max_idle_per_host(1024)
        .build()
        .expect("an HTTP client")
}

/// A phone number that carries a sequence number, so a received event says which one it is.
pub(crate) fn target_of(n: u64) -> String {
    format!("86{n:011}")
}

/// The sequence number `target_of` put into a phone number.
pub(crate) fn number_of(target: &str) -> Option<u64> {
    target.strip_prefix("86")?.parse().ok()
}

/// Creates a task in the simulator (noAssign/moCreate, senders picked by the platform) and
/// returns its id.
pub(crate) async fn create_task(
    http: &reqwest::Client,
    sim: SocketAddr,
    name: &str,
    targets: &[String],
) -> String {
    let body = json!({
        "name": name,
        "sendType": 2,
        "targetType": 1,
        "friendWhatsApp": targets,
        "content": [{"type": 1, "text": "benchmark", "url": "", "sort": 0, "variableFields": []}],
    });
    let answer = sim_json(
        http.post(format!(
            "http://{sim}/group-dispatch-api/gsTask/noAssign/moCreate"
        ))
        .json(&body),
        "the simulator creates a task",
    )
    .await;
    answer["data"]["taskId"]
        .as_str()
        .unwrap_or_else(|| panic!("no task id in {answer}"))
        .to_owned()
}

/// One recipient status in a webhook body.
pub(crate) struct Status {
    pub info_id: u64,
    pub target: String,
    pub status: i32,
}

/// A GS_V3_SYNC_TASK_DETAIL_STATUS body: the statuses of one or more tasks.
pub(crate) fn detail_status_body<'a>(
    groups: impl IntoIterator<Item = (&'a str, Vec<Status>)>,
) -> Vec<u8> {
    let groups: Vec<serde_json::Value> = groups
        .into_iter()
        .map(|(task_id, statuses)| {
            let info: Vec<serde_json::Value> = statuses
                .iter()
                .map(|s| {
                    json!({
                        "senderWhatsApp": "8613800000001",
                        "friendWhatsApp": s.target,
                        "time": 1_721_358_108_467_i64,
                        "status": s.status,
                        "infoId": s.info_id,
                        "failReasonCode": null,
                        "transId": null,
                    })
                })
                .collect();
            json!({"taskId": task_id, "info": info})
        })
        .collect();
    serde_json::to_vec(&json!({ "groupSendInfoStatusList": groups })).expect("JSON")
}

/// POSTs one webhook body; Ok once the gateway acknowledged it with 200.
pub(crate) async fn post_webhook(
    http: &reqwest::Client,
    url: &str,
    body: impl Into<reqwest::Body>,
) -> Result<(), String> {
    let response = http
        .post(url)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .map_err(|e| format!("webhook POST failed: {}", error_chain(&e)))?;
    let status = response.status();
    // Read the envelope, as the platform does, so the connection is reused.
    let _ = response.bytes().await;
    if status.is_success() {
        Ok(())
    } else {
        Err(format!("webhook answered {status}"))
    }
}

/// An error with its causes, "a: b: c": HTTP and gRPC clients keep the reason (refused, timed
/// out, reset) in the sources, not in the error's own text.
pub(crate) fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.ends_with(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

/// POSTs every body once, `concurrency` at a time, as fast as they are acknowledged.
pub(crate) async fn post_all(
    http: &reqwest::Client,
    url: &str,
    bodies: Vec<axum::body::Bytes>,
    concurrency: usize,
) -> LoopResult {
    post_all_within(http, url, bodies, concurrency, Duration::MAX).await
}

/// [`post_all`], starting no POST once `within` has passed: a slow store's round stays
/// bounded in time, and its figures come from the POSTs it answered.
pub(crate) async fn post_all_within(
    http: &reqwest::Client,
    url: &str,
    bodies: Vec<axum::body::Bytes>,
    concurrency: usize,
    within: Duration,
) -> LoopResult {
    let count = bodies.len();
    let bodies = Arc::new(bodies);
    let (http, url) = (http.clone(), url.to_owned());
    closed_loop(
        concurrency,
        move |n, elapsed| n >= count || elapsed >= within,
        move |n| {
            let (http, url, body) = (http.clone(), url.clone(), bodies[n].clone());
            async move { post_webhook(&http, &url, body).await }
        },
    )
    .await
}

/// What a closed-loop run did.
pub(crate) struct LoopResult {
    pub latencies: Latencies,
    pub errors: Vec<String>,
    pub elapsed: Duration,
}

impl LoopResult {
    pub(crate) fn calls(&self) -> usize {
        self.latencies.len()
    }

    pub(crate) fn per_second(&self) -> f64 {
        self.calls() as f64 / self.elapsed.as_secs_f64()
    }
}

/// `concurrency` workers, each calling `call` back to back until `until` says stop (given the
/// number of calls started so far and the time since the start).
pub(crate) async fn closed_loop<F, Fut>(
    concurrency: usize,
    until: impl Fn(usize, Duration) -> bool + Send + Sync + 'static,
    call: F,
) -> LoopResult
where
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<(), String>> + Send + 'static,
{
    let call = Arc::new(call);
    let until = Arc::new(until);
    let started_calls = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let start = Instant::now();
    let workers: Vec<_> = (0..concurrency)
        .map(|_| {
            let call = call.clone();
            let until = until.clone();
            let started_calls = started_calls.clone();
            tokio::spawn(async move {
                let mut latencies = Latencies::with_capacity(4096);
                let mut errors = Vec::new();
                loop {
                    let n = started_calls.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    if until(n, start.elapsed()) {
                        break;
                    }
                    let sent = Instant::now();
                    match call(n).await {
                        Ok(()) => latencies.push(sent.elapsed()),
                        Err(error) => errors.push(error),
                    }
                }
                (latencies, errors)
            })
        })
        .collect();
    let mut result = LoopResult {
        latencies: Latencies::default(),
        errors: Vec::new(),
        elapsed: Duration::ZERO,
    };
    for worker in workers {
        let (latencies, errors) = worker.await.expect("a load worker panicked");
        result.latencies.extend(latencies);
        result.errors.extend(errors);
    }
    result.elapsed = start.elapsed();
    result
}

/// Calls the simulator has received at `path` so far (its `GET /_sim/stats` counters).
pub(crate) async fn sim_calls(http: &reqwest::Client, sim: SocketAddr, path: &str) -> u64 {
    let stats = sim_json(
        http.get(format!(
            "http://{sim}{}",
            wadispatch_gateway::sim::http::STATS_PATH
        )),
        "the simulator's call counters",
    )
    .await;
    stats["calls"][path]
        .as_u64()
        .unwrap_or_else(|| panic!("no counter for {path} in {stats}"))
}

/// The JSON answer to a call the simulator must answer with success: `what` it gives.
async fn sim_json(request: reqwest::RequestBuilder, what: &str) -> serde_json::Value {
    request
        .send()
        .await
        .and_then(|r| r.error_for_status())
        .expect(what)
        .json()
        .await
        .expect("a JSON answer")
}
