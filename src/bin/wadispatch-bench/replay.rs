//! 4. Replay: how fast a subscriber resuming from an old cursor receives the log's history,
//!    every task and one 5000-recipient task, vs. the baseline of reading and decoding the same
//!    rows straight from SQLite in this process.

use std::net::SocketAddr;
use std::path::Path;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use prost::Message;
use rusqlite::{Connection, OpenFlags};
use wadispatch_gateway::events::log::DB_FILE;
use wadispatch_gateway::proto::v1::{watch_task_response::Update, Event, WatchTaskRequest};

use crate::load::{self, Status};
use crate::procs;
use crate::report::{table, Report};
use crate::stats::{median, show_count, show_ratio};
use crate::Bench;

/// Statuses per preloaded webhook, and the senders preloading.
const PER_BODY: usize = 100;
const CONCURRENCY: usize = 32;
/// Recipient status "read".
const READ: i32 = 6;

struct Round {
    baseline: f64,
    every_task: f64,
    one_task: f64,
    /// CPU time per event of the every-task replay: the gateway's, and this process's (the
    /// client reading and decoding every message), in nanoseconds.
    gateway_cpu_ns: f64,
    client_cpu_ns: f64,
}

/// What a replay reads back: tasks created in the simulator, each with `per_task` recipient
/// statuses, `events` in all.
pub(crate) struct History {
    pub(crate) tasks: Vec<String>,
    pub(crate) per_task: usize,
    pub(crate) events: usize,
}

impl History {
    /// Creates the tasks in the simulator for about `events` statuses, 5000 per task (as many
    /// recipients as the platform allows), their names starting with `prefix`.
    pub(crate) async fn create(bench: &Bench, prefix: &str, events: usize) -> Self {
        let per_task = 5_000.min(events);
        let task_count = events.div_ceil(per_task);
        let http = load::http_client();
        let mut tasks = Vec::new();
        for t in 0..task_count {
            let name = format!("{prefix}-{t}");
            let targets = [load::target_of(t as u64)];
            tasks.push(load::create_task(&http, bench.sim_addr, &name, &targets).await);
        }
        Self {
            tasks,
            per_task,
            events: task_count * per_task,
        }
    }

    /// Status `n` of the history (of task `n / per_task`).
    pub(crate) fn status(&self, n: usize) -> Status {
        Status {
            info_id: n as u64,
            target: load::target_of(n as u64),
            status: READ,
        }
    }

    /// The task status `n` belongs to.
    pub(crate) fn task_of(&self, n: usize) -> &str {
        &self.tasks[n / self.per_task]
    }

    /// POSTs the whole history, 100 statuses per webhook, to the gateway listening for
    /// webhooks at `webhooks`; how long it took.
    pub(crate) async fn preload(&self, webhooks: SocketAddr) -> Result<Duration, String> {
        let bodies: Vec<Bytes> = (0..self.events / PER_BODY)
            .map(|b| {
                let first = b * PER_BODY;
                let statuses = (first..first + PER_BODY).map(|n| self.status(n)).collect();
                Bytes::from(load::detail_status_body([(self.task_of(first), statuses)]))
            })
            .collect();
        let http = load::http_client();
        let url = format!("http://{webhooks}{}", load::DETAIL_STATUS_PATH);
        let start = Instant::now();
        let preloaded = load::post_all(&http, &url, bodies, CONCURRENCY).await;
        match preloaded.errors.first() {
            Some(error) => Err(format!("preloading failed: {error}")),
            None => Ok(start.elapsed()),
        }
    }
}

pub(crate) async fn run(bench: &Bench, report: &mut Report) {
    let plan = &bench.plan;
    let history = History::create(bench, "replay", plan.replay_events).await;
    let (tasks, per_task, events) = (&history.tasks, history.per_task, history.events);
    let task_count = tasks.len();
    let gateway = procs::start_gateway(
        &bench.gateway_bin,
        &bench.work,
        "replay",
        bench.sim_addr,
        &[],
    )
    .await;
    let preload_time = match history.preload(gateway.webhooks).await {
        Ok(time) => time,
        Err(error) => {
            report.fail(format!("replay: {error}"));
            return;
        }
    };

    let channel = load::grpc_channel(gateway.grpc).await;
    let mut rounds = Vec::new();
    for _ in 0..plan.replay_rounds {
        let baseline = read_baseline(&gateway.data_dir, events);
        let (gateway_cpu, client_cpu) = (gateway.proc.cpu_time(), own_cpu_time());
        let every_task = match watch(channel.clone(), None, events).await {
            Ok(rate) => rate,
            Err(error) => {
                report.fail(format!("replay of every task: {error}"));
                return;
            }
        };
        let per_event = |spent: Duration| spent.as_nanos() as f64 / events as f64;
        let gateway_cpu_ns = per_event(gateway.proc.cpu_time() - gateway_cpu);
        let client_cpu_ns = per_event(own_cpu_time() - client_cpu);
        let one_task = match watch(channel.clone(), Some(tasks[0].clone()), per_task).await {
            Ok(rate) => rate,
            Err(error) => {
                report.fail(format!("replay of one task: {error}"));
                return;
            }
        };
        rounds.push(Round {
            baseline,
            every_task,
            one_task,
            gateway_cpu_ns,
            client_cpu_ns,
        });
    }
    let med = |f: fn(&Round) -> f64| median(&rounds.iter().map(f).collect::<Vec<_>>());
    let every_task = med(|r| r.every_task);
    let rows = vec![
        vec![
            "baseline: SELECT + decode in-process".into(),
            show_count(events as f64),
            show_count(med(|r| r.baseline)),
            "1.00×".into(),
        ],
        vec![
            "WatchTask, every task, from cursor 0".into(),
            show_count(events as f64),
            show_count(every_task),
            show_ratio(med(|r| r.every_task / r.baseline)),
        ],
        vec![
            format!("WatchTask, one {per_task}-recipient task, from cursor 0"),
            show_count(per_task as f64),
            show_count(med(|r| r.one_task)),
            show_ratio(med(|r| r.one_task / r.baseline)),
        ],
    ];
    let body = format!(
        "{tasks} tasks × {per_task} recipient statuses in the log (preloaded through the webhook \
         listener in {secs:.1} s: {rate} statuses/s), then replayed by a gRPC client that reads every \
         message (events/s from the call until the last event arrives, cursors checked gap-free). \
         Baseline: the same rows read and decoded straight from the SQLite file by this process, \
         same run. Medians of {rounds} rounds. CPU per event of the every-task replay (the \
         machine's two cores are shared by both): the gateway {gateway_cpu:.0} ns, this client \
         {client_cpu:.0} ns; the baseline reads and decodes one in {baseline_ns:.0} ns on one core.\n\n{}",
        table(&["reader", "events", "events/s", "÷ baseline"], &rows),
        gateway_cpu = med(|r| r.gateway_cpu_ns),
        client_cpu = med(|r| r.client_cpu_ns),
        baseline_ns = 1e9 / med(|r| r.baseline),
        tasks = task_count,
        secs = preload_time.as_secs_f64(),
        rate = show_count(events as f64 / preload_time.as_secs_f64()),
        rounds = plan.replay_rounds,
    );
    report.section("4. Replay from an old cursor", body);
    report.target(
        "replay: events/s from cursor 0",
        "≥ 100,000",
        show_count(every_task),
        every_task >= 100_000.0,
    );
    let of_baseline = med(|r| r.every_task / r.baseline);
    report.target(
        "replay: every task ÷ reading and decoding the rows directly",
        "≥ 0.40×",
        show_ratio(of_baseline),
        of_baseline >= 0.4,
    );
}

/// User plus system CPU time this process has used so far, all threads.
fn own_cpu_time() -> Duration {
    // SAFETY: getrusage only writes the struct it is given.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage
    };
    let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    time(usage.ru_utime) + time(usage.ru_stime)
}

/// Reads the whole task stream from the file and decodes it; events per second.
fn read_baseline(data_dir: &Path, events: usize) -> f64 {
    let start = Instant::now();
    let conn =
        Connection::open_with_flags(data_dir.join(DB_FILE), OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("the gateway's log");
    let mut stmt = conn
        .prepare("SELECT seq, payload FROM events WHERE stream = 'tasks' AND seq > 0 ORDER BY seq")
        .expect("a query");
    let mut rows = stmt.query([]).expect("rows");
    let mut read = 0usize;
    while let Some(row) = rows.next().expect("a row") {
        let payload: Vec<u8> = row.get(1).expect("a payload");
        let event = Event::decode(payload.as_slice()).expect("an event");
        read += usize::from(event.kind.is_some());
    }
    assert_eq!(read, events, "the baseline read every event");
    events as f64 / start.elapsed().as_secs_f64()
}

/// Replays `expected` recipient statuses from cursor 0; events per second.
pub(crate) async fn watch(
    channel: tonic::transport::Channel,
    task_id: Option<String>,
    expected: usize,
) -> Result<f64, String> {
    let start = Instant::now();
    let request = WatchTaskRequest {
        task_id: task_id.unwrap_or_default(),
        after_cursor: "0".into(),
        end_when_final: false,
    };
    let mut stream = load::watch_task(channel, request).await?;
    let mut received = 0usize;
    let mut last_cursor = 0u64;
    while received < expected {
        let message = stream
            .message()
            .await
            .map_err(|s| format!("stream: {s}"))?
            .ok_or("the stream ended early")?;
        if let Some(Update::RecipientStatus(_)) = message.update {
            let cursor = cursor_seq(&message.cursor)
                .ok_or_else(|| format!("cursor {:?} names no position", message.cursor))?;
            if cursor <= last_cursor {
                return Err(format!("cursor {cursor} after {last_cursor}"));
            }
            last_cursor = cursor;
            received += 1;
        }
    }
    Ok(expected as f64 / start.elapsed().as_secs_f64())
}

/// The position a cursor names: SQLite's cursors are the seq, JetStream's `<stream epoch>-<seq>`;
/// either way the seq is its last number, and it grows along one log.
fn cursor_seq(cursor: &str) -> Option<u64> {
    cursor.rsplit('-').next()?.parse().ok()
}
