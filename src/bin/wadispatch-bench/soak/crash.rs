//! 1. kill -9 cycles under webhook load. The gateway is started on one data directory again and
//!    again while several senders post recipient-status webhooks, and killed with SIGKILL at a
//!    random moment. A webhook that was not acknowledged is redelivered after the restart with
//!    the same body, as the platform does. At the end every status of every acknowledged
//!    webhook must be in the log, read back through a `WatchTask` replay from cursor 0, exactly
//!    once.

use std::collections::{HashMap, VecDeque};
use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use rusqlite::{Connection, OpenFlags};
use tokio::sync::watch;
use wadispatch_gateway::events::log::DB_FILE;
use wadispatch_gateway::proto::v1::task_service_client::TaskServiceClient;
use wadispatch_gateway::proto::v1::{watch_task_response::Update, WatchTaskRequest};
use wadispatch_gateway::sim::rng::Rng;

use super::Outcome;
use crate::load::{self, Status};
use crate::procs::{self, Gateway};
use crate::stats::show_count;
use crate::Bench;

pub(super) const TITLE: &str = "1. kill -9 cycles under webhook load";

/// Recipient statuses per webhook: an acknowledged webhook is stored whole or not at all.
const PER_BODY: u64 = 3;
/// Recipient status "sent".
const SENT: i32 = 4;
/// Attempts to get each unacknowledged webhook acknowledged by the last, unkilled gateway.
const REDELIVERY_ATTEMPTS: usize = 5;
/// After a failed POST, a sender waits this long for the kill to be announced before it
/// takes the failure for a transient one and goes on.
const FAILURE_PAUSE: Duration = Duration::from_millis(500);
/// Generous bound of the final replay: only a stalled stream comes near it.
const REPLAY_DEADLINE: Duration = Duration::from_secs(600);

/// One webhook body and the info ids of the statuses it carries.
#[derive(Clone)]
struct Webhook {
    body: Bytes,
    ids: Range<u64>,
}

/// What the senders share across cycles.
#[derive(Default)]
struct Ledger {
    /// Statuses of acknowledged webhooks, by info id.
    acknowledged: Vec<Range<u64>>,
    /// Webhooks not acknowledged yet: sent when a gateway was killed (stored or not).
    pending: Vec<VecDeque<Webhook>>,
    acknowledged_webhooks: u64,
    failed_posts: u64,
}

pub(super) async fn run(bench: &Bench, seed: u64) -> Outcome {
    let sizes = &bench.plan.soak;
    let mut outcome = Outcome::new(
        TITLE,
        format!(
            "{cycles} times: `serve` started on the same data directory, {senders} senders posting \
             recipient-status webhooks ({PER_BODY} statuses each, all distinct), SIGKILL at a \
             random moment {min:.1}-{max:.1} s after it listens (seed {seed}). Webhooks without a \
             200 are redelivered with the same body after the restart, as the platform retries. \
             Then a last start takes every remaining redelivery, and a `WatchTask` replay from \
             cursor 0 reads the whole log back: every acknowledged status must be there, once.",
            cycles = sizes.crash_cycles,
            senders = sizes.crash_senders,
            min = sizes.crash_min_run.as_secs_f64(),
            max = sizes.crash_max_run.as_secs_f64(),
        ),
    );
    let mut rng = Rng::new(seed);
    let next_id = Arc::new(AtomicU64::new(0));
    let mut ledger = Ledger {
        pending: vec![VecDeque::new(); sizes.crash_senders],
        ..Default::default()
    };
    let mut redelivered = 0u64;
    for cycle in 0..sizes.crash_cycles {
        redelivered += ledger.pending.iter().map(|p| p.len() as u64).sum::<u64>();
        let gateway = start(bench).await;
        let window = sizes.crash_max_run.saturating_sub(sizes.crash_min_run);
        let run_for = sizes.crash_min_run + window.mul_f64(rng.unit());
        let before = ledger.acknowledged_webhooks;
        cycle_under_load(gateway, run_for, &mut ledger, &next_id).await;
        eprintln!(
            "soak: crash: cycle {}/{}: killed after {:.2} s, {} webhooks acknowledged",
            cycle + 1,
            sizes.crash_cycles,
            run_for.as_secs_f64(),
            ledger.acknowledged_webhooks - before
        );
    }

    // The last start: every webhook still unacknowledged is redelivered until acknowledged.
    redelivered += ledger.pending.iter().map(|p| p.len() as u64).sum::<u64>();
    let gateway = start(bench).await;
    let unacknowledged = redeliver_all(&gateway, &mut ledger).await;
    outcome.check(unacknowledged == 0, || {
        format!("{unacknowledged} webhooks were refused {REDELIVERY_ATTEMPTS} times by the restarted gateway")
    });

    let latest = latest_seq(&gateway);
    let seen = match replay(&gateway, latest).await {
        Ok(seen) => seen,
        Err(error) => {
            outcome.fail(error);
            HashMap::new()
        }
    };
    gateway.proc.kill();

    let acknowledged: u64 = ledger.acknowledged.iter().map(|r| r.end - r.start).sum();
    let lost_ids: Vec<u64> = ledger
        .acknowledged
        .iter()
        .flat_map(|r| r.clone())
        .filter(|id| !seen.contains_key(id))
        .collect();
    let lost_webhooks = ledger
        .acknowledged
        .iter()
        .filter(|r| (*r).clone().any(|id| !seen.contains_key(&id)))
        .count();
    let duplicated = seen.values().filter(|&&n| n > 1).count();
    let foreign = seen
        .keys()
        .filter(|&&id| id >= next_id.load(Ordering::Relaxed))
        .count();
    outcome.figure("cycles (SIGKILL each)", sizes.crash_cycles.to_string(), "–");
    outcome.figure(
        "webhooks acknowledged during the cycles",
        show_count(ledger.acknowledged_webhooks as f64),
        "–",
    );
    outcome.figure(
        "statuses acknowledged (all cycles and the last start)",
        show_count(acknowledged as f64),
        "–",
    );
    outcome.figure(
        "webhooks redelivered after a kill",
        show_count(redelivered as f64),
        "–",
    );
    outcome.figure(
        "failed POSTs (killed mid-request or refused)",
        show_count(ledger.failed_posts as f64),
        "–",
    );
    outcome.figure(
        "statuses in the log (replay from cursor 0)",
        show_count(seen.len() as f64),
        "–",
    );
    outcome.figure(
        "acknowledged statuses lost",
        format!("{} (in {lost_webhooks} webhooks)", lost_ids.len()),
        "0",
    );
    outcome.figure(
        "statuses stored more than once",
        duplicated.to_string(),
        "0",
    );
    outcome.check(lost_ids.is_empty(), || {
        format!(
            "{} acknowledged statuses ({lost_webhooks} webhooks) are not in the log after the \
             kills, e.g. info ids {:?}",
            lost_ids.len(),
            &lost_ids[..lost_ids.len().min(5)]
        )
    });
    outcome.check(duplicated == 0, || {
        format!(
            "{duplicated} statuses are in the log more than once (a redelivery was stored again)"
        )
    });
    outcome.check(foreign == 0, || {
        format!("{foreign} statuses in the log were never sent")
    });
    outcome
}

async fn start(bench: &Bench) -> Gateway {
    procs::start_gateway(
        &bench.gateway_bin,
        &bench.work,
        "soak-crash",
        bench.sim_addr,
        &[],
    )
    .await
}

/// Senders post until the gateway is killed `run_for` after it started listening.
async fn cycle_under_load(
    gateway: Gateway,
    run_for: Duration,
    ledger: &mut Ledger,
    next_id: &Arc<AtomicU64>,
) {
    let url = format!("http://{}{}", gateway.webhooks, load::DETAIL_STATUS_PATH);
    let http = load::http_client();
    let (killed, killed_rx) = watch::channel(false);
    let senders: Vec<_> = ledger
        .pending
        .iter_mut()
        .enumerate()
        .map(|(sender, pending)| {
            let queue = std::mem::take(pending);
            tokio::spawn(send_until_killed(
                http.clone(),
                url.clone(),
                sender,
                queue,
                next_id.clone(),
                killed_rx.clone(),
            ))
        })
        .collect();
    tokio::time::sleep(run_for).await;
    gateway.proc.kill();
    let _ = killed.send(true);
    for (sender, running) in senders.into_iter().enumerate() {
        let sent = running.await.expect("a webhook sender panicked");
        ledger.acknowledged.extend(sent.acknowledged);
        ledger.acknowledged_webhooks += sent.acknowledged_webhooks;
        ledger.failed_posts += sent.failed_posts;
        ledger.pending[sender] = sent.pending;
    }
}

/// What one sender did in one cycle.
struct Sent {
    acknowledged: Vec<Range<u64>>,
    acknowledged_webhooks: u64,
    failed_posts: u64,
    /// Unacknowledged webhooks, oldest first: redelivered first next time.
    pending: VecDeque<Webhook>,
}

/// Posts the sender's pending webhooks, then new ones, until the kill is announced.
async fn send_until_killed(
    http: reqwest::Client,
    url: String,
    sender: usize,
    mut pending: VecDeque<Webhook>,
    next_id: Arc<AtomicU64>,
    mut killed: watch::Receiver<bool>,
) -> Sent {
    let mut sent = Sent {
        acknowledged: Vec::new(),
        acknowledged_webhooks: 0,
        failed_posts: 0,
        pending: VecDeque::new(),
    };
    while !*killed.borrow() {
        let webhook = pending
            .pop_front()
            .unwrap_or_else(|| new_webhook(sender, &next_id));
        match load::post_webhook(&http, &url, webhook.body.clone()).await {
            Ok(()) => {
                sent.acknowledged.push(webhook.ids);
                sent.acknowledged_webhooks += 1;
            }
            Err(_) => {
                sent.failed_posts += 1;
                sent.pending.push_back(webhook);
                let announced = killed.wait_for(|k| *k);
                let _ = tokio::time::timeout(FAILURE_PAUSE, announced).await;
            }
        }
    }
    sent.pending.extend(pending);
    sent
}

fn new_webhook(sender: usize, next_id: &AtomicU64) -> Webhook {
    let first = next_id.fetch_add(PER_BODY, Ordering::Relaxed);
    let ids = first..first + PER_BODY;
    let statuses = ids
        .clone()
        .map(|n| Status {
            info_id: n,
            target: load::target_of(n),
            status: SENT,
        })
        .collect();
    let task = format!("soak-crash-{sender}");
    Webhook {
        body: Bytes::from(load::detail_status_body([(task.as_str(), statuses)])),
        ids,
    }
}

/// Redelivers every pending webhook to the last gateway, a few at a time; returns how many
/// were never acknowledged.
async fn redeliver_all(gateway: &Gateway, ledger: &mut Ledger) -> usize {
    let url = format!("http://{}{}", gateway.webhooks, load::DETAIL_STATUS_PATH);
    let http = load::http_client();
    let mut refused = 0;
    for queue in &mut ledger.pending {
        for webhook in queue.drain(..) {
            let mut acknowledged = false;
            for _ in 0..REDELIVERY_ATTEMPTS {
                if load::post_webhook(&http, &url, webhook.body.clone())
                    .await
                    .is_ok()
                {
                    acknowledged = true;
                    break;
                }
            }
            if acknowledged {
                ledger.acknowledged.push(webhook.ids);
            } else {
                refused += 1;
            }
        }
    }
    refused
}

/// The last seq of the log, read from the SQLite file (read-only) while the gateway runs.
fn latest_seq(gateway: &Gateway) -> u64 {
    let conn = Connection::open_with_flags(
        gateway.data_dir.join(DB_FILE),
        OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .expect("the gateway's log");
    conn.busy_timeout(Duration::from_secs(5))
        .expect("busy timeout");
    conn.query_row("SELECT COALESCE(MAX(seq), 0) FROM events", [], |row| {
        row.get::<_, i64>(0)
    })
    .expect("the latest seq") as u64
}

/// Every recipient status in the log, by info id with how often it came, read through the
/// gateway's own every-task replay from cursor 0 up to `latest`.
async fn replay(gateway: &Gateway, latest: u64) -> Result<HashMap<u64, u32>, String> {
    let channel = load::grpc_channel(gateway.grpc).await;
    let request = WatchTaskRequest {
        after_cursor: "0".into(),
        ..Default::default()
    };
    let mut stream = TaskServiceClient::new(channel)
        .watch_task(request)
        .await
        .map_err(|s| format!("WatchTask from cursor 0: {s}"))?
        .into_inner();
    let mut seen: HashMap<u64, u32> = HashMap::new();
    let mut cursor = 0u64;
    let reading = async {
        while cursor < latest {
            let message = stream
                .message()
                .await
                .map_err(|s| format!("the replay failed at cursor {cursor}: {s}"))?
                .ok_or_else(|| format!("the replay ended at cursor {cursor} of {latest}"))?;
            cursor = message
                .cursor
                .parse()
                .map_err(|_| format!("a non-numeric cursor {:?}", message.cursor))?;
            if let Some(Update::RecipientStatus(status)) = message.update {
                *seen.entry(status.info_id as u64).or_default() += 1;
            }
        }
        Ok::<(), String>(())
    };
    match tokio::time::timeout(REPLAY_DEADLINE, reading).await {
        Ok(result) => result.map(|()| seen),
        Err(_) => Err(format!("the replay stalled at cursor {cursor} of {latest}")),
    }
}
