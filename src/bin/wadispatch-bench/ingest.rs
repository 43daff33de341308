//! 2. Webhook ingest into the durable log: recipient-status webhooks POSTed as fast as the
//!    gateway acknowledges them, vs. two floors: the same bodies POSTed to the HTTP floor (the
//!    gateway's listener stack answering without storing, `floor`), in rounds alternating with
//!    the gateway's, and the same rows inserted into the log's own schema in one transaction.
//!    Afterwards the gateway is killed with SIGKILL and every acknowledged status must be in its
//!    log.

use std::path::Path;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use prost::Message;
use rusqlite::{params, Connection};
use wadispatch_gateway::events::log::{DB_FILE, SCHEMA};
use wadispatch_gateway::proto::v1::{event, Event, RecipientStatusChanged};

use crate::load::{self, Status};
use crate::report::{table, Report};
use crate::stats::{median, micros, show_count, show_ratio, show_us};
use crate::Bench;
use crate::{floor, procs};

/// Webhook senders at once: the platform's delivery workers.
pub(crate) const CONCURRENCY: usize = 64;
/// Tasks the statuses are spread over.
const TASKS: u64 = 1000;
/// Recipient status "sent".
pub(crate) const SENT: i32 = 4;

/// One round's webhook bodies and the events they carry.
pub(crate) struct Batch {
    pub(crate) bodies: Vec<Bytes>,
    pub(crate) events: Vec<Event>,
}

/// `requests` bodies of `per_body` statuses each, numbered from `first`: every body differs, so
/// none is taken for a redelivery.
pub(crate) fn batch(first: u64, requests: usize, per_body: usize) -> Batch {
    let mut bodies = Vec::with_capacity(requests);
    let mut events = Vec::with_capacity(requests * per_body);
    for r in 0..requests as u64 {
        let base = first + r * per_body as u64;
        let task_id = format!("ingest-{}", base % TASKS);
        let statuses: Vec<Status> = (base..base + per_body as u64)
            .map(|n| Status {
                info_id: n,
                target: load::target_of(n),
                status: SENT,
            })
            .collect();
        events.extend(statuses.iter().map(|s| event_of(&task_id, s)));
        bodies.push(Bytes::from(load::detail_status_body([(
            task_id.as_str(),
            statuses,
        )])));
    }
    Batch { bodies, events }
}

/// The event the gateway stores for one status of `load::detail_status_body`: the floor inserts
/// it, and the JetStream measurement sizes `nats bench` messages by its encoding.
pub(crate) fn event_of(task_id: &str, status: &Status) -> Event {
    Event {
        kind: Some(event::Kind::RecipientStatus(RecipientStatusChanged {
            task_id: task_id.to_owned(),
            info_id: status.info_id as i64,
            sender_phone: "8613800000001".into(),
            target: status.target.clone(),
            status: status.status,
            time: Some(prost_types::Timestamp {
                seconds: 1_721_358_108,
                nanos: 467_000_000,
            }),
            ..Default::default()
        })),
        // The gateway stamps its receipt time to the nanosecond; a sub-second part of this size
        // encodes in as many bytes as most of its stamps do.
        received_time: Some(prost_types::Timestamp {
            seconds: 1_790_000_000,
            nanos: 500_000_000,
        }),
    }
}

/// The floor: the same events inserted into a fresh log schema in one transaction, with the
/// gateway's pragmas. Returns rows per second.
fn floor(dir: &Path, events: &[Event], fsync: &str) -> f64 {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).expect("a floor directory");
    let conn = Connection::open(dir.join(DB_FILE)).expect("a floor database");
    conn.pragma_update(None, "journal_mode", "WAL")
        .expect("WAL");
    conn.pragma_update(None, "synchronous", fsync)
        .expect("synchronous");
    conn.execute_batch(SCHEMA).expect("the log schema");
    let start = Instant::now();
    let tx = conn.unchecked_transaction().expect("a transaction");
    {
        let mut insert = tx
            .prepare("INSERT INTO events (received_ms, stream, key, payload) VALUES (?1, 'tasks', ?2, ?3)")
            .expect("an insert");
        for event in events {
            let Some(event::Kind::RecipientStatus(status)) = &event.kind else {
                unreachable!("the batch holds recipient statuses only")
            };
            insert
                .execute(params![
                    1_790_000_000_000_i64,
                    status.task_id,
                    event.encode_to_vec()
                ])
                .expect("an insert");
        }
    }
    tx.commit().expect("a commit");
    events.len() as f64 / start.elapsed().as_secs_f64()
}

struct Round {
    requests_per_second: f64,
    statuses_per_second: f64,
    floor_per_second: f64,
    /// Webhooks per second the HTTP floor answered.
    http_floor_per_second: f64,
    /// CPU time per webhook of the gateway process, and of the floor's, in µs.
    gateway_cpu_us: f64,
    http_floor_cpu_us: f64,
}

pub(crate) async fn run(bench: &Bench, report: &mut Report) {
    let plan = &bench.plan;
    let mut rows = Vec::new();
    let mut next_number = 0u64;
    let (http_floor_proc, http_floor_addr) = floor::start(&bench.work).await;
    let http_floor_url = format!("http://{http_floor_addr}{}", load::DETAIL_STATUS_PATH);
    let mut single_ratio = f64::NAN;
    for fsync in ["normal", "full"] {
        let name = format!("ingest-{fsync}");
        let gateway = procs::start_gateway(
            &bench.gateway_bin,
            &bench.work,
            &name,
            bench.sim_addr,
            &["--fsync", fsync],
        )
        .await;
        let url = format!("http://{}{}", gateway.webhooks, load::DETAIL_STATUS_PATH);
        let http = load::http_client();
        let mut acknowledged = 0u64;
        for (per_body, requests) in [
            (1, plan.ingest_requests_single),
            (100, plan.ingest_requests_hundred),
        ] {
            let mut rounds = Vec::new();
            for round in 0..plan.ingest_rounds {
                let Batch { bodies, events } = batch(next_number, requests, per_body);
                next_number += (requests * per_body) as u64;
                // The floor's round first on even rounds, second on odd ones: neither side always
                // runs on a warmer (or busier) machine.
                let floor_first = round % 2 == 0;
                let mut http_floor = None;
                if floor_first {
                    http_floor = Some(
                        timed(
                            &http_floor_proc,
                            load::post_all(&http, &http_floor_url, bodies.clone(), CONCURRENCY),
                        )
                        .await,
                    );
                }
                let (result, gateway_cpu) = timed(
                    &gateway.proc,
                    load::post_all(&http, &url, bodies.clone(), CONCURRENCY),
                )
                .await;
                if !floor_first {
                    http_floor = Some(
                        timed(
                            &http_floor_proc,
                            load::post_all(&http, &http_floor_url, bodies, CONCURRENCY),
                        )
                        .await,
                    );
                }
                let (http_floor, http_floor_cpu) = http_floor.expect("the floor's round ran");
                if let Some(error) = http_floor.errors.first() {
                    report.fail(format!("ingest: the HTTP floor failed, e.g. {error}"));
                }
                acknowledged += (result.calls() * per_body) as u64;
                if let Some(error) = result.errors.first() {
                    report.fail(format!(
                        "ingest ({fsync}, {per_body}/body): {} of {requests} webhooks not acknowledged, e.g. {error}",
                        result.errors.len()
                    ));
                }
                let floor_dir = bench
                    .work
                    .path()
                    .join(format!("floor-{fsync}-{per_body}-{round}"));
                let floor_per_second = floor(&floor_dir, &events, fsync);
                let _ = std::fs::remove_dir_all(&floor_dir);
                rounds.push(Round {
                    requests_per_second: result.per_second(),
                    statuses_per_second: result.per_second() * per_body as f64,
                    floor_per_second,
                    http_floor_per_second: http_floor.per_second(),
                    gateway_cpu_us: micros(gateway_cpu) / result.calls().max(1) as f64,
                    http_floor_cpu_us: micros(http_floor_cpu) / http_floor.calls().max(1) as f64,
                });
            }
            let med = |f: fn(&Round) -> f64| median(&rounds.iter().map(f).collect::<Vec<_>>());
            let requests_per_second = med(|r| r.requests_per_second);
            let statuses_per_second = med(|r| r.statuses_per_second);
            let http_ratio = med(|r| r.requests_per_second / r.http_floor_per_second);
            rows.push(vec![
                fsync.to_owned(),
                per_body.to_string(),
                show_count(requests_per_second),
                show_count(statuses_per_second),
                show_count(med(|r| r.http_floor_per_second)),
                show_ratio(http_ratio),
                format!(
                    "{} / {}",
                    show_us(med(|r| r.gateway_cpu_us)),
                    show_us(med(|r| r.http_floor_cpu_us))
                ),
                show_count(med(|r| r.floor_per_second)),
                show_ratio(med(|r| r.statuses_per_second / r.floor_per_second)),
            ]);
            if fsync == "normal" && per_body == 1 {
                single_ratio = http_ratio;
            }
            if fsync == "normal" {
                match per_body {
                    1 => report.target(
                        "ingest: webhook requests/s (1 status each)",
                        "≥ 10,000",
                        show_count(requests_per_second),
                        requests_per_second >= 10_000.0,
                    ),
                    _ => report.target(
                        "ingest: recipient statuses/s (100 per webhook)",
                        "≥ 100,000",
                        show_count(statuses_per_second),
                        statuses_per_second >= 100_000.0,
                    ),
                }
            }
        }
        // What was acknowledged survives a SIGKILL right after the last answer.
        let data_dir = gateway.data_dir.clone();
        gateway.proc.kill();
        let stored = count_events(&data_dir);
        if stored != acknowledged {
            report.fail(format!(
                "ingest ({fsync}): {acknowledged} statuses acknowledged, {stored} in the log after SIGKILL"
            ));
        }
        rows.push(vec![
            fsync.to_owned(),
            "after SIGKILL".into(),
            format!("{} acknowledged", show_count(acknowledged as f64)),
            format!("{} in the log", show_count(stored as f64)),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ]);
    }
    report.target(
        "ingest: webhooks/s (1 status each) ÷ HTTP floor",
        "≥ 0.50×",
        show_ratio(single_ratio),
        single_ratio >= 0.5,
    );
    let body = format!(
        "Recipient-status webhooks (GS_V3_SYNC_TASK_DETAIL_STATUS) with 1 or 100 statuses each, \
         {CONCURRENCY} concurrent senders, each answered only after its group commit. HTTP floor: \
         the same bodies from the same senders to a process serving the webhook paths through the \
         gateway's own accept stage (`listen`, the webhook listener's default settings), axum and \
         body limit, answering each body read whole as the gateway does but storing nothing; its \
         rounds alternate with the gateway's. Insert floor: the same events inserted in one \
         transaction into the log's own schema, same pragmas, same run. Medians of {rounds} rounds. `normal` (the default) survives a crash of the gateway; \
         `full` also an OS crash or power loss. After each setting's rounds the gateway is killed \
         with SIGKILL and its log is counted.\n\n{}",
        table(
            &[
                "fsync",
                "statuses/webhook",
                "webhooks/s",
                "statuses/s",
                "HTTP floor: webhooks/s",
                "webhooks/s ÷ HTTP floor",
                "CPU/webhook: gateway / HTTP floor",
                "insert floor: inserts/s",
                "statuses/s ÷ insert floor"
            ],
            &rows
        ),
        rounds = plan.ingest_rounds,
    );
    report.section("2. Webhook ingest into the durable log", body);
}

/// Runs `load` and returns its result with the CPU time `proc` spent meanwhile.
async fn timed<T>(proc: &procs::Proc, load: impl std::future::Future<Output = T>) -> (T, Duration) {
    let before = proc.cpu_time();
    let result = load.await;
    (result, proc.cpu_time().saturating_sub(before))
}

/// Events in the log at `dir`, read the way an operator would after a crash.
pub(crate) fn count_events(dir: &Path) -> u64 {
    // SQLite recovers the WAL on open: what a restarted gateway would see.
    let conn = Connection::open(dir.join(DB_FILE)).expect("the gateway's log");
    conn.busy_timeout(Duration::from_secs(5))
        .expect("busy timeout");
    conn.query_row("SELECT COUNT(*) FROM events", [], |row| {
        row.get::<_, i64>(0)
    })
    .map(|n| n as u64)
    .expect("a count")
}
