//! 2. Idle-connection floods on both ports. The gateway runs under a 1,024-descriptor limit
//!    while thousands of connections are held against it: idle ones and half-sent HTTP/1
//!    headers on the webhook port, idle ones and HTTP/2-preface-only ones on the gRPC port,
//!    each reopened when the gateway closes it (an attacker keeps the pressure on). Meanwhile a
//!    normal client must get a gRPC unary call and a webhook POST through within a bounded
//!    number of attempts; after the flood ends, the gateway's descriptors and connections must
//!    come back to their level before it.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::task::JoinSet;
use tonic::transport::Endpoint;
use wadispatch_gateway::proto::v1::task_service_client::TaskServiceClient;
use wadispatch_gateway::proto::v1::GetTaskExecutionStatusRequest;

use super::flags::{self, ServeFlag};
use super::{attempts, wait_until, Outcome};
use crate::load::{self, Status};
use crate::procs::{self, Launch};
use crate::stats::show_count;
use crate::Bench;

pub(super) const TITLE: &str = "2. Idle-connection floods on both ports";

/// The gateway's descriptor limit during the flood: the case of the issue (1,024).
const FD_LIMIT: u64 = 1024;
/// Timeouts of the gateway's connection handling (header read, idle, keepalive), when it has
/// such settings: short, so that the flood's connections are closed within the check.
const SHORT_TIMEOUT: &str = "2s";
/// Attempts a normal client gets, per call, while the flood is held.
const ATTEMPTS: usize = 3;
/// One attempt's connection and answer must come within this; a gateway that serves normal
/// clients answers in milliseconds, so this only bounds the wait for one that does not.
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(10);
/// A flood connection that is neither accepted nor refused within this counts as not opened.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
/// Pause before a flood connection the gateway closed is opened again.
const REOPEN_PAUSE: Duration = Duration::from_millis(100);
/// Descriptors the gateway may hold beyond its level before the flood once the flood ended: a
/// few pooled platform connections and on-demand log readers that the normal calls opened.
const FD_SLACK: usize = 16;
/// Generous bound of the wait for the descriptors to come back (connections the gateway still
/// has to notice are closed).
const RELEASE_DEADLINE: Duration = Duration::from_secs(60);
/// Recipient status "delivered".
const DELIVERED: i32 = 5;

/// The HTTP/1 request line and part of the headers, never finished.
const HALF_HEADERS: &[u8] =
    b"POST /callback/gsTask/syncGsTaskInfoStatus HTTP/1.1\r\nHost: gateway\r\nContent-Type: appl";
/// The HTTP/2 client connection preface, and nothing after it.
const H2_PREFACE: &[u8] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

/// Counters of the flood's connections.
#[derive(Default)]
struct FloodCounters {
    /// Connections whose first connect attempt has completed (opened or not).
    tried: AtomicU64,
    opened: AtomicU64,
    /// Connects that neither completed nor were refused within `CONNECT_TIMEOUT`, or failed.
    not_opened: AtomicU64,
    /// Connections the gateway closed (read end or reset).
    closed_by_gateway: AtomicU64,
    /// Open right now.
    open: AtomicU64,
}

impl FloodCounters {
    fn get(counter: &AtomicU64) -> u64 {
        counter.load(Ordering::Relaxed)
    }
}

pub(super) async fn run(bench: &Bench) -> Outcome {
    let sizes = &bench.plan.soak;
    let per_port = sizes.flood_per_port;
    let timeouts: Vec<ServeFlag> = flags::serve_flags(&bench.gateway_bin)
        .into_iter()
        .filter(is_connection_timeout)
        .collect();
    let timeouts_text = if timeouts.is_empty() {
        "the binary has no header-read, idle or keepalive timeout setting (`serve --help`), so \
         none is set"
            .to_owned()
    } else {
        let names: Vec<String> = timeouts.iter().map(ServeFlag::flag).collect();
        format!("set to {SHORT_TIMEOUT}: {}", names.join(", "))
    };
    let mut outcome = Outcome::new(
        TITLE,
        format!(
            "`serve` under `prlimit --nofile={FD_LIMIT}`. {per_port} connections held against \
             each port, reopened whenever the gateway closes one: on the webhook port half idle, \
             half with half-sent HTTP/1 headers; on the gRPC port half idle, half with only the \
             HTTP/2 preface. Meanwhile a normal client makes a `GetTaskExecutionStatus` call and \
             a webhook POST, each on a fresh connection, at most {ATTEMPTS} attempts of up to \
             {timeout} s each. Then the flood is closed and the gateway's descriptors \
             (`/proc/<pid>/fd`) and connections on its ports must come back to their level \
             before it (+{FD_SLACK}). Connection timeouts: {timeouts_text}.",
            timeout = ATTEMPT_TIMEOUT.as_secs(),
        ),
    );
    let env = timeouts
        .iter()
        .filter_map(|f| flags::env_setting(f, SHORT_TIMEOUT.into()))
        .collect();
    let launch = Launch {
        env,
        nofile: Some(FD_LIMIT),
    };
    let mut gateway = procs::start_gateway_with(
        &bench.gateway_bin,
        &bench.work,
        "soak-flood",
        bench.sim_addr,
        &[],
        &launch,
    )
    .await;
    let ports = [gateway.grpc.port(), gateway.webhooks.port()];
    let http = load::http_client();
    let task = load::create_task(&http, bench.sim_addr, "soak-flood", &[load::target_of(1)]).await;
    let normal = NormalClient {
        grpc: gateway.grpc,
        webhooks: gateway.webhooks,
        task_id: task,
        next_number: AtomicU64::new(0),
    };

    // The level before: after one call of each kind, so the log and the platform pool are open.
    let warm = normal.both().await;
    outcome.check(warm.0.is_ok() && warm.1.is_ok(), || {
        format!("the normal client failed before any flood: {warm:?}")
    });
    let fds_before = gateway.proc.fd_count();
    let held_before = gateway.proc.connections(|local, _| ports.contains(&local));

    let counters = Arc::new(FloodCounters::default());
    let mut flood = JoinSet::new();
    for i in 0..per_port {
        let (webhook_payload, grpc_payload) = if i % 2 == 0 {
            (&b""[..], &b""[..])
        } else {
            (HALF_HEADERS, H2_PREFACE)
        };
        flood.spawn(hold(gateway.webhooks, webhook_payload, counters.clone()));
        flood.spawn(hold(gateway.grpc, grpc_payload, counters.clone()));
    }
    let total = 2 * per_port as u64;
    wait_until(CONNECT_TIMEOUT * 3, || {
        (FloodCounters::get(&counters.tried) >= total).then_some(())
    })
    .await;
    let open_at_peak = FloodCounters::get(&counters.open);
    let fds_flood = gateway.proc.fd_count();
    let held_flood = gateway.proc.connections(|local, _| ports.contains(&local));

    let (grpc_attempts, webhook_attempts) = normal.with_attempts().await;
    let exited = gateway.proc.exited();
    outcome.check(exited.is_none(), || {
        format!("the gateway exited during the flood ({exited:?}); see soak-flood.log")
    });
    let fds_during = if exited.is_none() {
        gateway.proc.fd_count()
    } else {
        0
    };
    let held = format!(
        "the gateway held {fds_during} of its {FD_LIMIT} descriptors, {held_flood} connections \
         on its ports"
    );
    outcome.check(grpc_attempts.is_ok(), || {
        format!(
            "during the flood a gRPC unary call failed {ATTEMPTS} times ({held}); last: {}",
            grpc_attempts.as_ref().unwrap_err()
        )
    });
    outcome.check(webhook_attempts.is_ok(), || {
        format!(
            "during the flood a webhook POST failed {ATTEMPTS} times ({held}); last: {}",
            webhook_attempts.as_ref().unwrap_err()
        )
    });

    flood.abort_all();
    while flood.join_next().await.is_some() {}
    let (fds_after, held_after, after_flood) = if exited.is_none() {
        let settled = wait_until(RELEASE_DEADLINE, || {
            let fds = gateway.proc.fd_count();
            (fds <= fds_before + FD_SLACK).then_some(fds)
        })
        .await;
        let fds_after = settled.unwrap_or_else(|| gateway.proc.fd_count());
        let held_after = gateway.proc.connections(|local, _| ports.contains(&local));
        (fds_after, held_after, normal.both().await)
    } else {
        (0, 0, (Err("exited".into()), Err("exited".into())))
    };

    let attempts_text = |result: &Result<usize, String>| match result {
        Ok(n) => format!("succeeded at attempt {n}"),
        Err(_) => format!("failed {ATTEMPTS} times"),
    };
    outcome.figure("gateway descriptor limit", FD_LIMIT.to_string(), "–");
    outcome.figure(
        "flood connections opened (first try + reopened) / not opened",
        format!(
            "{} / {}",
            show_count(FloodCounters::get(&counters.opened) as f64),
            show_count(FloodCounters::get(&counters.not_opened) as f64)
        ),
        "–",
    );
    outcome.figure(
        "flood connections open at once, client side",
        show_count(open_at_peak as f64),
        "–",
    );
    outcome.figure(
        "flood connections closed by the gateway",
        show_count(FloodCounters::get(&counters.closed_by_gateway) as f64),
        "–",
    );
    outcome.figure(
        "gRPC unary call during the flood",
        attempts_text(&grpc_attempts),
        &format!("≤ {ATTEMPTS} attempts"),
    );
    outcome.figure(
        "webhook POST during the flood",
        attempts_text(&webhook_attempts),
        &format!("≤ {ATTEMPTS} attempts"),
    );
    outcome.figure(
        "gateway descriptors: before / flood open / after the calls / after the flood",
        format!("{fds_before} / {fds_flood} / {fds_during} / {fds_after}"),
        &format!("after ≤ {}", fds_before + FD_SLACK),
    );
    outcome.figure(
        "connections held on its ports: before / flood open / after the flood",
        format!("{held_before} / {held_flood} / {held_after}"),
        "–",
    );
    if exited.is_none() {
        outcome.check(fds_after <= fds_before + FD_SLACK, || {
            format!(
                "{fds_after} descriptors still open {} s after the flood closed (before it: \
                 {fds_before}; {held_after} connections held on its ports)",
                RELEASE_DEADLINE.as_secs()
            )
        });
        outcome.check(after_flood.0.is_ok() && after_flood.1.is_ok(), || {
            format!("after the flood the normal client still fails: {after_flood:?}")
        });
    }
    outcome
}

/// A connection-handling timeout of the gateway's listeners: header read, idle, keepalive.
fn is_connection_timeout(flag: &ServeFlag) -> bool {
    let name = flag.name.as_str();
    flag.takes_duration()
        && !name.starts_with("upstream")
        && (name.contains("timeout") || name.contains("interval"))
        && ["header", "idle", "keepalive", "keep-alive"]
            .iter()
            .any(|k| name.contains(k))
}

/// One flood connection to `addr`: sends `payload`, holds the connection until the gateway
/// closes it, then opens it again, until aborted.
async fn hold(addr: SocketAddr, payload: &'static [u8], counters: Arc<FloodCounters>) {
    let mut first = true;
    loop {
        let connected =
            tokio::time::timeout(CONNECT_TIMEOUT, tokio::net::TcpStream::connect(addr)).await;
        if first {
            counters.tried.fetch_add(1, Ordering::Relaxed);
            first = false;
        }
        let Ok(Ok(mut stream)) = connected else {
            counters.not_opened.fetch_add(1, Ordering::Relaxed);
            tokio::time::sleep(REOPEN_PAUSE).await;
            continue;
        };
        counters.opened.fetch_add(1, Ordering::Relaxed);
        counters.open.fetch_add(1, Ordering::Relaxed);
        let _guard = OpenGuard(&counters.open);
        if !payload.is_empty() && stream.write_all(payload).await.is_err() {
            counters.closed_by_gateway.fetch_add(1, Ordering::Relaxed);
            continue;
        }
        // Whatever the gateway sends (its HTTP/2 settings, a 408) is read and ignored; the
        // connection ends when the gateway closes it.
        let mut buffer = [0u8; 1024];
        while let Ok(read) = stream.read(&mut buffer).await {
            if read == 0 {
                break;
            }
        }
        counters.closed_by_gateway.fetch_add(1, Ordering::Relaxed);
        drop(stream);
        tokio::time::sleep(REOPEN_PAUSE).await;
    }
}

/// Decrements the open-connections gauge when a flood connection ends, also when aborted.
struct OpenGuard<'a>(&'a AtomicU64);

impl Drop for OpenGuard<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

/// The well-behaved client: each attempt on a fresh connection, as a newcomer.
struct NormalClient {
    grpc: SocketAddr,
    webhooks: SocketAddr,
    task_id: String,
    next_number: AtomicU64,
}

impl NormalClient {
    /// One attempt of each, at once.
    async fn both(&self) -> (Result<(), String>, Result<(), String>) {
        tokio::join!(self.grpc_call(), self.webhook())
    }

    /// Both calls, each retried up to `ATTEMPTS` times; Ok holds the attempt that succeeded.
    async fn with_attempts(&self) -> (Result<usize, String>, Result<usize, String>) {
        tokio::join!(
            attempts(ATTEMPTS, || self.grpc_call()),
            attempts(ATTEMPTS, || self.webhook())
        )
    }

    async fn grpc_call(&self) -> Result<(), String> {
        let call = async {
            let channel = Endpoint::from_shared(format!("http://{}", self.grpc))
                .expect("a valid URI")
                .connect_timeout(ATTEMPT_TIMEOUT)
                .timeout(ATTEMPT_TIMEOUT)
                .connect()
                .await
                .map_err(|e| format!("gRPC connect: {}", load::error_chain(&e)))?;
            let answer = TaskServiceClient::new(channel)
                .get_task_execution_status(GetTaskExecutionStatusRequest {
                    task_id: self.task_id.clone(),
                })
                .await
                .map_err(|s| format!("GetTaskExecutionStatus: {s}"))?
                .into_inner();
            if answer.task_id == self.task_id && answer.recipients.len() == 1 {
                Ok(())
            } else {
                Err(format!("unexpected answer {answer:?}"))
            }
        };
        tokio::time::timeout(ATTEMPT_TIMEOUT, call)
            .await
            .unwrap_or_else(|_| Err(format!("no answer within {} s", ATTEMPT_TIMEOUT.as_secs())))
    }

    async fn webhook(&self) -> Result<(), String> {
        let number = 1 + self.next_number.fetch_add(1, Ordering::Relaxed);
        let body = load::detail_status_body([(
            self.task_id.as_str(),
            vec![Status {
                info_id: number,
                target: load::target_of(number),
                status: DELIVERED,
            }],
        )]);
        let http = reqwest::Client::builder()
            .pool_max_idle_per_host(0)
            .timeout(ATTEMPT_TIMEOUT)
            .build()
            .expect("an HTTP client");
        let url = format!("http://{}{}", self.webhooks, load::DETAIL_STATUS_PATH);
        load::post_webhook(&http, &url, body).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flag(name: &str, default: &str) -> ServeFlag {
        ServeFlag {
            name: name.into(),
            env: Some(format!(
                "WADISPATCH_{}",
                name.to_uppercase().replace('-', "_")
            )),
            default: Some(default.into()),
        }
    }

    #[test]
    fn finds_the_listeners_connection_timeouts_only() {
        for name in [
            "webhook-header-read-timeout",
            "webhook-idle-timeout",
            "grpc-keepalive-interval",
            "grpc-keepalive-timeout",
        ] {
            assert!(is_connection_timeout(&flag(name, "10s")), "{name}");
        }
        for name in [
            "upstream-timeout",
            "upstream-idle-timeout",
            "shutdown-grace",
            "heartbeat",
            "webhook-signature-tolerance",
        ] {
            assert!(!is_connection_timeout(&flag(name, "10s")), "{name}");
        }
        // Not a duration: left alone rather than given a value it cannot parse.
        assert!(!is_connection_timeout(&flag(
            "webhook-idle-timeout-ms",
            "5000"
        )));
    }
}
