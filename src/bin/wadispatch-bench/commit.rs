//! 11. The commit tail: one-status webhooks sent open-loop at a fixed rate for a long run, each
//!     POST started on schedule whatever the earlier ones are doing, so a slow commit shows in
//!     the acknowledgements of every webhook that waited for it. Reported overall and per
//!     window, with the WAL file's size sampled every second; afterwards the gateway is killed
//!     with SIGKILL and every acknowledged status must be in its log.

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::task::JoinSet;
use wadispatch_gateway::events::log::DB_FILE;

use crate::ingest::{count_events, SENT};
use crate::load::{self, Status};
use crate::procs;
use crate::report::{table, Report};
use crate::stats::{micros, show_count, show_kib, show_ratio, show_us, Latencies};
use crate::Bench;

/// Tasks the statuses are spread over.
const TASKS: u64 = 1000;
/// Webhook numbers of this measurement start here, clear of the other measurements'.
const FIRST: u64 = 3_000_000_000;

/// One acknowledged POST: when it was started (since the run's start) and its latency.
type Ack = (Duration, Duration);

pub(crate) async fn run(bench: &Bench, report: &mut Report) {
    let plan = &bench.plan;
    let (rate, duration) = (plan.commit_rate, plan.commit_duration);
    let gateway = procs::start_gateway(
        &bench.gateway_bin,
        &bench.work,
        "commit",
        bench.sim_addr,
        &[],
    )
    .await;
    let url = format!("http://{}{}", gateway.webhooks, load::DETAIL_STATUS_PATH);
    let wal = gateway.data_dir.join(format!("{DB_FILE}-wal"));

    let sampling = Arc::new(AtomicU64::new(1));
    let sampler = tokio::spawn(sample_wal(wal, sampling.clone()));
    let (acks, errors) = send_at_rate(&url, rate, duration).await;
    sampling.store(0, Ordering::Relaxed);
    let wal_sizes = sampler.await.expect("the WAL sampler");

    let data_dir = gateway.data_dir.clone();
    gateway.proc.kill();
    let stored = count_events(&data_dir);
    let acknowledged = acks.len() as u64;
    if errors > 0 {
        report.fail(format!(
            "commit: {errors} of {} webhooks not acknowledged",
            acknowledged + errors
        ));
    }
    if stored != acknowledged {
        report.fail(format!(
            "commit: {acknowledged} statuses acknowledged, {stored} in the log after SIGKILL"
        ));
    }

    // Ten windows, at least a second each.
    let window = (duration / 10).max(Duration::from_secs(1));
    let windows = duration.as_secs_f64() / window.as_secs_f64();
    let mut rows = Vec::new();
    for w in 0..windows.ceil() as u32 {
        let (from, to) = (window * w, window * (w + 1));
        let mut latencies = Latencies::default();
        for (_, latency) in acks.iter().filter(|(at, _)| *at >= from && *at < to) {
            latencies.push(*latency);
        }
        let wal_max = wal_sizes
            .iter()
            .filter(|(at, _)| *at >= from && *at < to)
            .map(|(_, size)| *size)
            .max()
            .unwrap_or(0);
        rows.push(row(
            format!("{:.0}-{:.0} s", from.as_secs_f64(), to.as_secs_f64()),
            &mut latencies,
            show_kib(wal_max as f64),
        ));
    }
    let mut all = Latencies::with_capacity(acks.len());
    for (_, latency) in &acks {
        all.push(*latency);
    }
    let wal_max = wal_sizes.iter().map(|(_, size)| *size).max().unwrap_or(0);
    let wal_last = wal_sizes.last().map_or(0, |(_, size)| *size);
    let tail = micros(all.percentile(99.0)) / micros(all.percentile(50.0));
    rows.push(row(
        "whole run".into(),
        &mut all,
        format!(
            "{} (last {})",
            show_kib(wal_max as f64),
            show_kib(wal_last as f64)
        ),
    ));
    report.target(
        &format!(
            "commit: ack p99 ÷ p50 at {} webhooks/s",
            show_count(rate as f64)
        ),
        "≤ 3×",
        show_ratio(tail),
        tail <= 3.0,
    );
    let body = format!(
        "One-status recipient-status webhooks sent open-loop at {rate}/s for {secs:.0} s (each \
         POST started on schedule, whatever the earlier ones are doing), acknowledged only after \
         their group commit: how much a commit that runs long (a checkpoint) delays the webhooks \
         queued behind it. The WAL file's size is sampled every second. Afterwards the gateway \
         is killed with SIGKILL: {acked} statuses acknowledged, {stored} in its log.\n\n{}",
        table(
            &[
                "window",
                "webhooks acknowledged",
                "ack p50",
                "ack p99",
                "ack p99.9",
                "p99 ÷ p50",
                "WAL file, max",
            ],
            &rows
        ),
        secs = duration.as_secs_f64(),
        acked = show_count(acknowledged as f64),
        stored = show_count(stored as f64),
    );
    report.section("11. The commit tail", body);
}

fn row(window: String, latencies: &mut Latencies, wal: String) -> Vec<String> {
    let p50 = micros(latencies.percentile(50.0));
    let p99 = micros(latencies.percentile(99.0));
    vec![
        window,
        show_count(latencies.len() as f64),
        show_us(p50),
        show_us(p99),
        show_us(micros(latencies.percentile(99.9))),
        show_ratio(p99 / p50),
    ]
    .into_iter()
    .chain([wal])
    .collect()
}

/// The WAL file's size every second while `sampling` is set: (since start, bytes).
async fn sample_wal(wal: std::path::PathBuf, sampling: Arc<AtomicU64>) -> Vec<(Duration, u64)> {
    let start = Instant::now();
    let mut sizes = Vec::new();
    let mut interval = tokio::time::interval(Duration::from_secs(1));
    while sampling.load(Ordering::Relaxed) == 1 {
        interval.tick().await;
        sizes.push((start.elapsed(), file_size(&wal)));
    }
    sizes
}

/// Absent (before the first write) is empty.
fn file_size(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(0, |meta| meta.len())
}

/// `rate` one-status webhooks per second for `duration`, each POST started on schedule (open
/// loop); every acknowledged one's start and latency, and the count of the others.
async fn send_at_rate(url: &str, rate: u64, duration: Duration) -> (Vec<Ack>, u64) {
    let http = load::http_client();
    let total = (rate as f64 * duration.as_secs_f64()).ceil() as u64;
    let acks = Arc::new(Mutex::new(Vec::with_capacity(total as usize)));
    let errors = Arc::new(AtomicU64::new(0));
    let mut posts = JoinSet::new();
    let start = Instant::now();
    let mut interval = tokio::time::interval(Duration::from_millis(1));
    let mut sent = 0u64;
    while sent < total {
        interval.tick().await;
        let due = ((start.elapsed().as_secs_f64() * rate as f64) as u64 + 1).min(total);
        while sent < due {
            let number = FIRST + sent;
            sent += 1;
            let task = format!("commit-{}", number % TASKS);
            let status = Status {
                info_id: number,
                target: load::target_of(number),
                status: SENT,
            };
            let body = load::detail_status_body([(task.as_str(), vec![status])]);
            let (http, url, acks, errors) =
                (http.clone(), url.to_owned(), acks.clone(), errors.clone());
            posts.spawn(async move {
                let posted = start.elapsed();
                match load::post_webhook(&http, &url, body).await {
                    Ok(()) => acks
                        .lock()
                        .unwrap()
                        .push((posted, start.elapsed() - posted)),
                    Err(_) => {
                        errors.fetch_add(1, Ordering::Relaxed);
                    }
                }
            });
        }
        // Reap finished POSTs as we go: a long run would otherwise hold every task's result.
        while posts.try_join_next().is_some() {}
    }
    while posts.join_next().await.is_some() {}
    let acks = std::mem::take(&mut *acks.lock().unwrap());
    (acks, errors.load(Ordering::Relaxed))
}
