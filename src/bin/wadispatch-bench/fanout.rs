//! 3. Fan-out: a webhook POST to the message on every watch stream it concerns, with 1 to
//!    10,000 concurrent subscribers (most on their own task, a few on every task), at a fixed
//!    rate of events; and the gateway's memory per idle subscriber. The POST's own
//!    acknowledgement, measured in the same run, is the baseline.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::{Notify, Semaphore};
use tokio::task::JoinSet;
use tonic::transport::Channel;
use wadispatch_gateway::proto::v1::task_service_client::TaskServiceClient;
use wadispatch_gateway::proto::v1::{watch_task_response::Update, WatchTaskRequest};

use crate::load::{self, Status};
use crate::procs::{self, Store};
use crate::report::{table, Report};
use crate::stats::{
    micros, show_count, show_kib, show_ratio, show_us, signed_percentile, Latencies,
};
use crate::Bench;

/// Watch streams per HTTP/2 connection (servers commonly cap concurrent streams at 100-200).
const STREAMS_PER_CONNECTION: usize = 100;
/// Every-task subscribers: 1 per 100 subscribers, at most this many.
const EVERY_TASK_MAX: usize = 10;
/// Event numbers of the measured window start here; lower ones are warm-up.
const MEASURED: u64 = 1_000_000_000;
/// Recipient status "delivered".
const DELIVERED: i32 = 5;

/// What the subscribers saw, shared with their reader tasks.
struct Deliveries {
    /// When each measured event's POST started, in ns since `epoch` (0: not sent).
    sent_ns: Vec<AtomicU64>,
    /// When each measured event's POST was acknowledged, in ns since `epoch` (0: not yet).
    acked_ns: Vec<AtomicU64>,
    /// Each measured delivery: the event's index in the window and when it arrived (ns since
    /// `epoch`), to be set against its acknowledgement, which may come later.
    receipts: Mutex<Vec<(usize, u64)>>,
    epoch: Instant,
    own_task: Mutex<Latencies>,
    every_task: Mutex<Latencies>,
    /// Event messages received (warm-up included).
    received: AtomicU64,
    arrived: Notify,
    errors: Mutex<Vec<String>>,
}

impl Deliveries {
    fn record(&self, number: u64, every_task: bool) {
        let now = self.epoch.elapsed();
        let measured = number
            .checked_sub(MEASURED)
            .map(|k| k as usize)
            .filter(|&k| k < self.sent_ns.len());
        if let Some(k) = measured {
            self.receipts
                .lock()
                .unwrap()
                .push((k, now.as_nanos() as u64));
            let sent = Duration::from_nanos(self.sent_ns[k].load(Ordering::Acquire));
            let latency = now.saturating_sub(sent);
            let samples = if every_task {
                &self.every_task
            } else {
                &self.own_task
            };
            samples.lock().unwrap().push(latency);
        }
        self.received.fetch_add(1, Ordering::Release);
        self.arrived.notify_waiters();
    }

    fn error(&self, error: String) {
        self.errors.lock().unwrap().push(error);
    }

    async fn wait_for(&self, count: u64, timeout: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let arrived = self.arrived.notified();
            if self.received.load(Ordering::Acquire) >= count {
                return true;
            }
            if tokio::time::timeout_at(deadline, arrived).await.is_err() {
                return self.received.load(Ordering::Acquire) >= count;
            }
        }
    }
}

/// Opens a WatchTask stream and reads it until the run ends; returns once the stream is open
/// (for a one-task watch: once its snapshot arrived).
async fn subscribe(
    channel: Channel,
    task_id: Option<String>,
    deliveries: Arc<Deliveries>,
) -> Option<tokio::task::JoinHandle<()>> {
    let every_task = task_id.is_none();
    let request = WatchTaskRequest {
        task_id: task_id.unwrap_or_default(),
        ..Default::default()
    };
    let mut stream = match TaskServiceClient::new(channel).watch_task(request).await {
        Ok(stream) => stream.into_inner(),
        Err(status) => {
            deliveries.error(format!("WatchTask: {status}"));
            return None;
        }
    };
    if !every_task {
        match stream.message().await {
            Ok(Some(first)) if matches!(first.update, Some(Update::Snapshot(_))) => {}
            other => {
                deliveries.error(format!("no snapshot first: {other:?}"));
                return None;
            }
        }
    }
    Some(tokio::spawn(async move {
        loop {
            match stream.message().await {
                Ok(Some(message)) => {
                    if let Some(Update::RecipientStatus(status)) = message.update {
                        match load::number_of(&status.target) {
                            Some(number) => deliveries.record(number, every_task),
                            None => deliveries.error(format!("foreign target {}", status.target)),
                        }
                    }
                }
                Ok(None) => return,
                Err(status) => {
                    // The run ends by dropping the connections; anything else is a failure.
                    if status.code() != tonic::Code::Cancelled
                        && status.code() != tonic::Code::Unknown
                    {
                        deliveries.error(format!("stream failed: {status}"));
                    }
                    return;
                }
            }
        }
    }))
}

/// The simulator's tasks the subscribers watch (each watch starts from its task's snapshot).
pub(crate) async fn create_tasks(sim: SocketAddr, count: usize) -> Vec<String> {
    let http = load::http_client();
    let permits = Arc::new(Semaphore::new(32));
    let mut creating = JoinSet::new();
    for i in 0..count {
        let (http, permits) = (http.clone(), permits.clone());
        creating.spawn(async move {
            let _permit = permits.acquire_owned().await;
            (
                i,
                load::create_task(
                    &http,
                    sim,
                    &format!("fanout-{i}"),
                    &[load::target_of(i as u64)],
                )
                .await,
            )
        });
    }
    let mut tasks = vec![String::new(); count];
    while let Some(created) = creating.join_next().await {
        let (i, id) = created.expect("task creation panicked");
        tasks[i] = id;
    }
    tasks
}

/// One subscriber count's figures.
pub(crate) struct Measured {
    row: Vec<String>,
    memory_row: Vec<String>,
    /// Every delivery's latency, POST start to stream message.
    pub(crate) p50_us: f64,
    pub(crate) p99_us: f64,
    /// The POSTs' own acknowledgements.
    pub(crate) ack_p50_us: f64,
    pub(crate) ack_p99_us: f64,
    /// From a POST's acknowledgement to each of its deliveries: negative when the message
    /// reached the stream before the answer reached the sender.
    pub(crate) after_ack_p50_us: f64,
    pub(crate) after_ack_p99_us: f64,
    /// Messages delivered in the measured window.
    pub(crate) deliveries: usize,
    /// Resident memory (RSS) per idle subscriber.
    per_subscriber: f64,
    /// Anonymous resident memory per idle subscriber.
    anon_per_subscriber: f64,
}

pub(crate) async fn run(bench: &Bench, report: &mut Report) {
    let plan = &bench.plan;
    let largest = plan.fanout_subscribers.iter().copied().max().unwrap_or(1);
    let tasks = create_tasks(bench.sim_addr, largest).await;
    let mut rows = Vec::new();
    let mut memory_rows = Vec::new();
    for &subscribers in &plan.fanout_subscribers {
        let pace = Pace {
            rate: plan.fanout_rate,
            duration: plan.fanout_duration,
        };
        let measured = measure(bench, report, &tasks, subscribers, &Store::sqlite(), pace).await;
        rows.push(measured.row);
        memory_rows.push(measured.memory_row);
        if subscribers == 1_000 {
            report.target(
                "fan-out: p99 POST → stream at 1,000 subscribers",
                "≤ 10 ms",
                show_us(measured.p99_us),
                measured.p99_us <= 10_000.0,
            );
        }
        if subscribers == largest && largest >= 1_000 {
            report.target(
                &format!(
                    "fan-out: memory per idle subscriber ({})",
                    show_count(subscribers as f64)
                ),
                "≤ 4 KiB",
                format!(
                    "{} (anonymous {})",
                    show_kib(measured.per_subscriber),
                    show_kib(measured.anon_per_subscriber)
                ),
                measured.per_subscriber <= 4.0 * 1024.0,
            );
        }
    }
    let body = format!(
        "One recipient-status webhook per event at {rate} events/s for {secs:.0} s, spread round-robin \
         over the watched tasks. Latency: from the start of the POST to the message on a stream \
         (every delivery counted: an event reaches its task's subscriber and every every-task \
         subscriber). Baseline: the POST's own acknowledgement (after the durable commit), same \
         run. Before the window, one warm-up event per task, so every-task streams have fetched \
         each task's snapshot. {STREAMS_PER_CONNECTION} streams per HTTP/2 connection.\n\n{}\n\
         Memory: the gateway's RSS before the connections and after all subscribers are open and \
         idle for 1 s (snapshot sent, no events yet), and its anonymous part (RssAnon: heap and \
         stacks, without the binary's pages, which the page cache shares and which vary from run \
         to run).\n\n{}",
        table(
            &[
                "subscribers",
                "events/s sent",
                "deliveries",
                "p50",
                "p99",
                "p99 own-task / every-task",
                "POST ack p50 / p99",
                "p50 ÷ ack p50"
            ],
            &rows
        ),
        table(
            &[
                "subscribers",
                "connections",
                "RSS before / idle",
                "per idle subscriber",
                "anonymous before / idle",
                "anonymous per idle subscriber",
                "open all",
                "warm-up"
            ],
            &memory_rows
        ),
        rate = plan.fanout_rate,
        secs = plan.fanout_duration.as_secs_f64(),
    );
    report.section("3. Fan-out: POST to stream message", body);
}

/// How fast and how long the measured window sends events.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Pace {
    pub(crate) rate: u64,
    pub(crate) duration: Duration,
}

/// A fresh gateway on `store` with `subscribers` watch streams: open them, weigh them idle, warm
/// them up, then send events at `pace` and time every delivery.
pub(crate) async fn measure(
    bench: &Bench,
    report: &mut Report,
    tasks: &[String],
    subscribers: usize,
    store: &Store,
    pace: Pace,
) -> Measured {
    let every_task = (subscribers / 100).min(EVERY_TASK_MAX);
    let own_task = subscribers - every_task;
    let watched = &tasks[..own_task];
    let name = format!("fanout-{}-{subscribers}", store.slug);
    // How failures name this run.
    let run = format!("fan-out {subscribers} ({})", store.label);
    let gateway = procs::start_gateway(
        &bench.gateway_bin,
        &bench.work,
        &name,
        bench.sim_addr,
        &store.args(),
    )
    .await;
    let http = load::http_client();
    let url = format!("http://{}{}", gateway.webhooks, load::DETAIL_STATUS_PATH);
    let events = (pace.rate as f64 * pace.duration.as_secs_f64()).ceil() as usize;
    let deliveries = Arc::new(Deliveries {
        sent_ns: (0..events).map(|_| AtomicU64::new(0)).collect(),
        acked_ns: (0..events).map(|_| AtomicU64::new(0)).collect(),
        receipts: Mutex::new(Vec::with_capacity(events * (1 + every_task))),
        epoch: Instant::now(),
        own_task: Mutex::new(Latencies::with_capacity(events)),
        every_task: Mutex::new(Latencies::with_capacity(events * every_task)),
        received: AtomicU64::new(0),
        arrived: Notify::new(),
        errors: Mutex::new(Vec::new()),
    });

    let rss_before = gateway.proc.rss_bytes();
    let anon_before = gateway.proc.anonymous_bytes();
    let opened = Instant::now();
    let (channels, readers) = open_all(gateway.grpc, watched, every_task, &deliveries).await;
    let open_time = opened.elapsed();
    tokio::time::sleep(Duration::from_secs(1)).await;
    let rss_idle = gateway.proc.rss_bytes();
    let anon_idle = gateway.proc.anonymous_bytes();
    let per_subscriber = rss_idle.saturating_sub(rss_before) as f64 / subscribers as f64;
    let anon_per_subscriber = anon_idle.saturating_sub(anon_before) as f64 / subscribers as f64;

    let warmed = Instant::now();
    for error in warm_up(&http, &url, watched).await {
        report.fail(format!("{run}: warm-up webhook: {error}"));
    }
    let warm_expected = (own_task * (1 + every_task)) as u64;
    if !deliveries
        .wait_for(warm_expected, Duration::from_secs(120))
        .await
    {
        report.fail(format!(
            "{run}: warm-up delivered {} of {warm_expected} messages",
            deliveries.received.load(Ordering::Acquire)
        ));
    }
    let warm_time = warmed.elapsed();

    let window = send_at_rate(&http, &url, watched, pace.rate, events, &deliveries).await;
    let expected = warm_expected + (events * (1 + every_task)) as u64;
    if !deliveries.wait_for(expected, Duration::from_secs(60)).await {
        report.fail(format!(
            "{run}: {} of {expected} messages delivered",
            deliveries.received.load(Ordering::Acquire)
        ));
    }
    if window.errors > 0 {
        report.fail(format!(
            "{run}: {} webhooks not acknowledged",
            window.errors
        ));
    }
    for error in deliveries.errors.lock().unwrap().iter().take(3) {
        report.fail(format!("{run}: {error}"));
    }
    drop(channels);
    for reader in readers {
        reader.abort();
    }
    gateway.proc.kill();

    let mut own = std::mem::take(&mut *deliveries.own_task.lock().unwrap());
    let mut every = std::mem::take(&mut *deliveries.every_task.lock().unwrap());
    let mut acks = window.acks;
    let mut all = own.clone();
    all.extend(every.clone());
    let p50_us = micros(all.percentile(50.0));
    let p99_us = micros(all.percentile(99.0));
    let ack_p50_us = micros(acks.percentile(50.0));
    let ack_p99_us = micros(acks.percentile(99.0));
    // Every delivered event was acknowledged by the time the window drained.
    let mut after_ack: Vec<f64> = deliveries
        .receipts
        .lock()
        .unwrap()
        .iter()
        .map(|&(k, received)| {
            let acked = deliveries.acked_ns[k].load(Ordering::Acquire);
            (received as f64 - acked as f64) / 1e3
        })
        .collect();
    let after_ack_p50_us = signed_percentile(&mut after_ack, 50.0);
    let after_ack_p99_us = signed_percentile(&mut after_ack, 99.0);
    let pair = |a: f64, b: f64| format!("{} / {}", show_us(a), show_us(b));
    let row = vec![
        format!(
            "{} ({own_task} + {every_task} every-task)",
            show_count(subscribers as f64)
        ),
        show_count(events as f64 / window.sending.as_secs_f64()),
        show_count(all.len() as f64),
        show_us(p50_us),
        show_us(p99_us),
        if every_task > 0 {
            pair(micros(own.percentile(99.0)), micros(every.percentile(99.0)))
        } else {
            show_us(micros(own.percentile(99.0)))
        },
        pair(ack_p50_us, ack_p99_us),
        show_ratio(p50_us / ack_p50_us),
    ];
    // Below 100 subscribers the delta is allocator noise, not subscribers.
    let per = |bytes: f64| {
        if subscribers >= 100 {
            show_kib(bytes)
        } else {
            "–".into()
        }
    };
    let mib = |bytes: u64| format!("{:.1} MiB", bytes as f64 / 1048576.0);
    let memory_row = vec![
        show_count(subscribers as f64),
        channels_for(subscribers).to_string(),
        format!("{} / {}", mib(rss_before), mib(rss_idle)),
        per(per_subscriber),
        format!("{} / {}", mib(anon_before), mib(anon_idle)),
        per(anon_per_subscriber),
        format!("{:.1} s", open_time.as_secs_f64()),
        format!("{:.1} s", warm_time.as_secs_f64()),
    ];
    Measured {
        row,
        memory_row,
        p50_us,
        p99_us,
        ack_p50_us,
        ack_p99_us,
        after_ack_p50_us,
        after_ack_p99_us,
        deliveries: all.len(),
        per_subscriber,
        anon_per_subscriber,
    }
}

fn channels_for(subscribers: usize) -> usize {
    subscribers.div_ceil(STREAMS_PER_CONNECTION)
}

/// Opens a WatchTask stream on each watched task and `every_task` on every task, 64 at a time
/// as clients arriving; returns the connections and the streams' reader tasks.
async fn open_all(
    grpc: SocketAddr,
    watched: &[String],
    every_task: usize,
    deliveries: &Arc<Deliveries>,
) -> (Vec<Channel>, Vec<tokio::task::JoinHandle<()>>) {
    let mut channels = Vec::new();
    for _ in 0..channels_for(watched.len() + every_task) {
        channels.push(load::grpc_channel(grpc).await);
    }
    let filters: Vec<Option<String>> = watched
        .iter()
        .cloned()
        .map(Some)
        .chain(std::iter::repeat_n(None, every_task))
        .collect();
    let mut readers = Vec::with_capacity(filters.len());
    for (chunk_index, chunk) in filters.chunks(64).enumerate() {
        let mut opening = JoinSet::new();
        for (i, task_id) in chunk.iter().enumerate() {
            let channel = channels[(chunk_index * 64 + i) / STREAMS_PER_CONNECTION].clone();
            opening.spawn(subscribe(channel, task_id.clone(), deliveries.clone()));
        }
        while let Some(reader) = opening.join_next().await {
            readers.extend(reader.expect("subscribe panicked"));
        }
    }
    (channels, readers)
}

/// One event per watched task, so every-task streams have met every task (their first event of
/// a task fetches its snapshot from the platform). Returns the failed POSTs.
async fn warm_up(http: &reqwest::Client, url: &str, watched: &[String]) -> Vec<String> {
    let mut errors = Vec::new();
    for (chunk_index, chunk) in watched.chunks(100).enumerate() {
        let body = load::detail_status_body(chunk.iter().enumerate().map(|(i, task)| {
            let number = (chunk_index * 100 + i) as u64;
            (task.as_str(), vec![delivered(number)])
        }));
        if let Err(error) = load::post_webhook(http, url, body).await {
            errors.push(error);
        }
    }
    errors
}

fn delivered(number: u64) -> Status {
    Status {
        info_id: number,
        target: load::target_of(number),
        status: DELIVERED,
    }
}

/// What the measured window sent.
struct Window {
    acks: Latencies,
    errors: u64,
    /// From the first POST to the last one started.
    sending: Duration,
}

/// `events` one-status webhooks at `rate` per second, round-robin over the watched tasks, each
/// POST started on schedule (open loop) and its start recorded for the deliveries it causes.
async fn send_at_rate(
    http: &reqwest::Client,
    url: &str,
    watched: &[String],
    rate: u64,
    events: usize,
    deliveries: &Arc<Deliveries>,
) -> Window {
    let acks = Arc::new(Mutex::new(Latencies::with_capacity(events)));
    let errors = Arc::new(AtomicU64::new(0));
    let mut posts = JoinSet::new();
    let start = Instant::now();
    let mut interval = tokio::time::interval(Duration::from_millis(1));
    let mut sent = 0usize;
    while sent < events {
        interval.tick().await;
        let due = ((start.elapsed().as_secs_f64() * rate as f64) as usize + 1).min(events);
        while sent < due {
            let k = sent;
            sent += 1;
            let number = MEASURED + k as u64;
            let task = watched[k % watched.len().max(1)].as_str();
            let body = load::detail_status_body([(task, vec![delivered(number)])]);
            let (http, url, deliveries, acks, errors) = (
                http.clone(),
                url.to_owned(),
                deliveries.clone(),
                acks.clone(),
                errors.clone(),
            );
            posts.spawn(async move {
                let posted = deliveries.epoch.elapsed();
                deliveries.sent_ns[k].store(posted.as_nanos() as u64, Ordering::Release);
                match load::post_webhook(&http, &url, body).await {
                    Ok(()) => {
                        let acked = deliveries.epoch.elapsed();
                        deliveries.acked_ns[k].store(acked.as_nanos() as u64, Ordering::Release);
                        acks.lock().unwrap().push(acked - posted);
                    }
                    Err(_) => {
                        errors.fetch_add(1, Ordering::Relaxed);
                    }
                }
            });
        }
    }
    let sending = start.elapsed();
    while posts.join_next().await.is_some() {}
    let acks = std::mem::take(&mut *acks.lock().unwrap());
    Window {
        acks,
        errors: errors.load(Ordering::Relaxed),
        sending,
    }
}
