//! 9. The JetStream event store (`--event-store nats://...`) side by side with the embedded
//!    SQLite log, in one run: webhook ingest, fan-out latency and replay, each against a
//!    gateway on SQLite, on one nats-server (R1 streams) and on a three-node loopback cluster
//!    (R3 streams); and `nats bench` on the same servers with messages the size of one stored
//!    event, the engine's own ceiling for the same work (async publish for ingest, an ordered
//!    consumer for replay).
//!
//! Every part fails the run on a lost event, in `--quick` mode too: the statuses acknowledged
//! must all be in the store after the gateway is killed with SIGKILL, every delivery must
//! arrive, every replay must read the whole history in order.

mod natscli;
mod streams;

use std::path::PathBuf;
use std::time::Duration;

use prost::Message;

use self::natscli::NatsBench;
use crate::load;
use crate::procs::{self, Gateway, NatsServers, Store};
use crate::replay::History;
use crate::report::{table, Report};
use crate::stats::{median, micros, show_count, show_ratio, show_us};
use crate::{fanout, ingest, replay, Bench};

/// Sizes of the JetStream measurement.
#[derive(Debug, Clone)]
pub struct Sizes {
    /// Rounds of each ingest figure (the stores take turns going first).
    pub ingest_rounds: usize,
    /// Webhooks per ingest round with 1 status each, and with 100.
    pub ingest_single: usize,
    pub ingest_hundred: usize,
    /// No webhook of a round is sent after this: a slow store's round ends early, its
    /// figures from what it answered.
    pub ingest_within: Duration,
    /// Messages per `nats bench js pub async` run.
    pub publish_msgs: usize,
    /// Atomic batches per client of each `nats bench js pub atomic` run.
    pub atomic_batches: usize,
    /// Subscriber counts of the fan-out figure.
    pub fanout_subscribers: &'static [usize],
    /// Events per second and how long the fan-out sends them: a rate every store takes
    /// without a queue, so the figures are the path's, not a backlog's.
    pub fanout_rate: u64,
    pub fanout_duration: Duration,
    /// Statuses in the log before the replays, and replays of it per store.
    pub replay_events: usize,
    pub replay_rounds: usize,
}

impl Sizes {
    /// Proves the harness (servers, gateways, `nats bench`, the loss checks) in seconds.
    pub const QUICK: Sizes = Sizes {
        ingest_rounds: 1,
        ingest_single: 300,
        ingest_hundred: 20,
        ingest_within: Duration::from_secs(2),
        publish_msgs: 2_000,
        atomic_batches: 1,
        fanout_subscribers: &[1, 10],
        fanout_rate: 50,
        fanout_duration: Duration::from_secs(1),
        replay_events: 2_000,
        replay_rounds: 1,
    };

    /// About four minutes on a 2-core machine in a release build.
    pub const FULL: Sizes = Sizes {
        ingest_rounds: 3,
        ingest_single: 10_000,
        ingest_hundred: 1_000,
        ingest_within: Duration::from_secs(5),
        publish_msgs: 200_000,
        atomic_batches: 4,
        fanout_subscribers: &[1, 1_000],
        fanout_rate: 100,
        fanout_duration: Duration::from_secs(6),
        replay_events: 200_000,
        replay_rounds: 3,
    };
}

/// The NATS binaries: the server, and the CLI whose `nats bench` gives the ceilings.
#[derive(Debug, Clone)]
pub(crate) struct Tools {
    pub(crate) server: PathBuf,
    pub(crate) cli: PathBuf,
}

/// Messages per atomic batch of a 100-status webhook: its dedup marker and its events.
const HUNDRED_BATCH: usize = 101;
/// Events a watcher's catch-up read asks the log for (`CATCH_UP_BATCH` in `events/follow.rs`),
/// and so the size of the gateway's batched direct gets in a replay.
const CATCH_UP_BATCH: usize = 512;

/// One store measured: SQLite, or JetStream on some servers.
struct Backend<'a> {
    store: Store,
    servers: Option<&'a NatsServers>,
}

impl Backend<'_> {
    /// The CPU time the NATS servers have used so far (zero for SQLite).
    fn nats_cpu(&self) -> Duration {
        self.servers
            .map(|s| s.procs().map(procs::Proc::cpu_time).sum())
            .unwrap_or_default()
    }

    /// Empties the NATS servers, so the next gateway starts on an empty log.
    async fn fresh(&self, report: &mut Report) {
        if let Some(servers) = self.servers {
            if let Err(error) = streams::delete_all(servers).await {
                report.fail(format!("JetStream ({}): {error}", self.store.label));
            }
        }
    }

    async fn start_gateway(&self, bench: &Bench, part: &str) -> Gateway {
        let name = format!("js-{part}-{}", self.store.slug);
        procs::start_gateway(
            &bench.gateway_bin,
            &bench.work,
            &name,
            bench.sim_addr,
            &self.store.args(),
        )
        .await
    }
}

pub(crate) async fn run(bench: &Bench, report: &mut Report, tools: &Tools) {
    let r1 = NatsServers::start(&tools.server, &bench.work, "nats-r1", 1).await;
    let r3 = NatsServers::start(&tools.server, &bench.work, "nats-r3", 3).await;
    let backends = [
        Backend {
            store: Store::sqlite(),
            servers: None,
        },
        Backend {
            store: Store::jetstream("JetStream R1", "r1", &r1, 1),
            servers: Some(&r1),
        },
        Backend {
            store: Store::jetstream("JetStream R3", "r3", &r3, r3.len()),
            servers: Some(&r3),
        },
    ];
    let nats = NatsBench {
        cli: &tools.cli,
        work: &bench.work,
    };
    measure_ingest(bench, report, &backends, &nats).await;
    measure_fanout(bench, report, &backends).await;
    measure_replay(bench, report, &backends, &nats).await;
}

/// One store's figures of one ingest round.
#[derive(Default)]
struct IngestRound {
    webhooks_per_second: f64,
    statuses_per_second: f64,
    ack_p50_us: f64,
    ack_p99_us: f64,
    gateway_cpu_per_status_us: f64,
    nats_cpu_per_status_us: f64,
}

/// One `nats bench` run's figures.
struct Ceiling {
    msgs_per_second: f64,
    nats_cpu_per_msg_us: f64,
}

/// Runs one `nats bench` command and weighs the servers' CPU time per message.
async fn ceiling(
    report: &mut Report,
    backend: &Backend<'_>,
    msgs: usize,
    what: &str,
    run: impl std::future::Future<Output = Result<f64, String>>,
) -> Option<Ceiling> {
    let cpu = backend.nats_cpu();
    match run.await {
        Ok(msgs_per_second) => Some(Ceiling {
            msgs_per_second,
            nats_cpu_per_msg_us: micros(backend.nats_cpu() - cpu) / msgs as f64,
        }),
        Err(error) => {
            report.fail(format!("{what} ({}): {error}", backend.store.label));
            None
        }
    }
}

async fn measure_ingest(
    bench: &Bench,
    report: &mut Report,
    backends: &[Backend<'_>],
    nats: &NatsBench<'_>,
) {
    let sizes = &bench.plan.jetstream;
    let shapes = [(1, sizes.ingest_single), (100, sizes.ingest_hundred)];
    let mut gateways = Vec::new();
    for backend in backends {
        backend.fresh(report).await;
        gateways.push(backend.start_gateway(bench, "ingest").await);
    }
    // `nats bench` publishes messages the size of one stored status event.
    let event_size = ingest::batch(0, 1, 1).events[0].encoded_len();
    let http = load::http_client();
    let mut rounds: Vec<Vec<Vec<IngestRound>>> = backends
        .iter()
        .map(|_| shapes.iter().map(|_| Vec::new()).collect())
        .collect();
    let mut asyncs: Vec<Vec<Ceiling>> = backends.iter().map(|_| Vec::new()).collect();
    let mut atomics: Vec<Vec<Ceiling>> = backends.iter().map(|_| Vec::new()).collect();
    let mut acknowledged = vec![0u64; backends.len()];
    let mut next_number = 0u64;
    for round in 0..sizes.ingest_rounds {
        // The stores take turns going first, so none always meets the machine fresh.
        for k in 0..backends.len() {
            let i = (round + k) % backends.len();
            let (backend, gateway) = (&backends[i], &gateways[i]);
            let url = format!("http://{}{}", gateway.webhooks, load::DETAIL_STATUS_PATH);
            for (s, &(per_body, requests)) in shapes.iter().enumerate() {
                let bodies = ingest::batch(next_number, requests, per_body).bodies;
                next_number += (requests * per_body) as u64;
                let (gateway_cpu, nats_cpu) = (gateway.proc.cpu_time(), backend.nats_cpu());
                let mut result = load::post_all_within(
                    &http,
                    &url,
                    bodies,
                    ingest::CONCURRENCY,
                    sizes.ingest_within,
                )
                .await;
                let statuses = (result.calls() * per_body) as f64;
                acknowledged[i] += statuses as u64;
                if let Some(error) = result.errors.first() {
                    report.fail(format!(
                        "JetStream ingest ({}, {per_body}/body): {} webhooks not acknowledged, e.g. {error}",
                        backend.store.label,
                        result.errors.len()
                    ));
                }
                let per_status = |cpu: Duration| micros(cpu) / statuses.max(1.0);
                rounds[i][s].push(IngestRound {
                    webhooks_per_second: result.per_second(),
                    statuses_per_second: result.per_second() * per_body as f64,
                    ack_p50_us: micros(result.latencies.percentile(50.0)),
                    ack_p99_us: micros(result.latencies.percentile(99.0)),
                    gateway_cpu_per_status_us: per_status(gateway.proc.cpu_time() - gateway_cpu),
                    nats_cpu_per_status_us: per_status(backend.nats_cpu() - nats_cpu),
                });
            }
        }
        for (i, backend) in backends.iter().enumerate() {
            let Some(servers) = backend.servers else {
                continue;
            };
            let replicas = servers.len();
            let msgs = sizes.publish_msgs;
            let run = nats.publish_async(servers, replicas, event_size, msgs);
            if let Some(c) = ceiling(report, backend, msgs, "nats bench js pub async", run).await {
                asyncs[i].push(c);
            }
            // Whole batches for every client: natscli splits the messages evenly among them.
            let msgs = HUNDRED_BATCH * sizes.atomic_batches * ingest::CONCURRENCY;
            let run = nats.publish_atomic(
                servers,
                replicas,
                event_size,
                msgs,
                HUNDRED_BATCH,
                ingest::CONCURRENCY,
            );
            if let Some(c) = ceiling(report, backend, msgs, "nats bench js pub atomic", run).await {
                atomics[i].push(c);
            }
        }
    }

    // What was acknowledged is in the store after a SIGKILL right after the last answer.
    let mut kill_rows = Vec::new();
    for ((backend, gateway), acknowledged) in backends.iter().zip(gateways).zip(&acknowledged) {
        let data_dir = gateway.data_dir.clone();
        gateway.proc.kill();
        let stored = match backend.servers {
            None => Ok(ingest::count_events(&data_dir)),
            Some(servers) => streams::count_events(servers).await,
        };
        let stored_text = match stored {
            Ok(stored) if stored == *acknowledged => show_count(stored as f64),
            Ok(stored) => {
                report.fail(format!(
                    "JetStream ingest ({}): {acknowledged} statuses acknowledged, {stored} in the store after SIGKILL",
                    backend.store.label
                ));
                show_count(stored as f64)
            }
            Err(error) => {
                report.fail(format!(
                    "JetStream ingest ({}): cannot count the stored events: {error}",
                    backend.store.label
                ));
                "?".into()
            }
        };
        kill_rows.push(vec![
            backend.store.label.to_owned(),
            show_count(*acknowledged as f64),
            stored_text,
        ]);
    }

    let med = |rounds: &[IngestRound], f: fn(&IngestRound) -> f64| {
        median(&rounds.iter().map(f).collect::<Vec<_>>())
    };
    let mut rows = Vec::new();
    for (s, &(per_body, _)) in shapes.iter().enumerate() {
        let sqlite = med(&rounds[0][s], |r| r.statuses_per_second);
        for (i, backend) in backends.iter().enumerate() {
            let r = &rounds[i][s];
            let statuses = med(r, |r| r.statuses_per_second);
            rows.push(vec![
                backend.store.label.to_owned(),
                per_body.to_string(),
                show_count(med(r, |r| r.webhooks_per_second)),
                show_count(statuses),
                show_us(med(r, |r| r.ack_p50_us)),
                show_us(med(r, |r| r.ack_p99_us)),
                show_ratio(statuses / sqlite),
                show_us(med(r, |r| r.gateway_cpu_per_status_us)),
                match backend.servers {
                    Some(_) => show_us(med(r, |r| r.nats_cpu_per_status_us)),
                    None => "–".into(),
                },
            ]);
        }
    }

    let mut ceiling_rows = Vec::new();
    let ceiling_med =
        |runs: &[Ceiling], f: fn(&Ceiling) -> f64| median(&runs.iter().map(f).collect::<Vec<_>>());
    for (i, backend) in backends.iter().enumerate() {
        if backend.servers.is_none() {
            continue;
        }
        let hundred = med(&rounds[i][1], |r| r.statuses_per_second);
        for (what, runs) in [
            (
                "`pub async`, 1 client, 500 in flight".to_owned(),
                &asyncs[i],
            ),
            (
                format!(
                    "`pub atomic`, batches of {HUNDRED_BATCH}, {} clients",
                    ingest::CONCURRENCY
                ),
                &atomics[i],
            ),
        ] {
            let msgs_per_second = ceiling_med(runs, |c| c.msgs_per_second);
            ceiling_rows.push(vec![
                backend.store.label.to_owned(),
                what,
                show_count(msgs_per_second),
                show_us(ceiling_med(runs, |c| c.nats_cpu_per_msg_us)),
                show_ratio(hundred / msgs_per_second),
            ]);
        }
        if backend.store.slug == "r1" {
            let ratio = hundred / ceiling_med(&asyncs[i], |c| c.msgs_per_second);
            report.target(
                "JetStream R1: 100-status ingest ÷ `nats bench js pub async`",
                "≥ 0.5×",
                show_ratio(ratio),
                ratio >= 0.5,
            );
        }
    }

    let body = format!(
        "Recipient-status webhooks with 1 or 100 statuses each, {senders} concurrent senders, each \
         answered once its events are stored (SQLite: the group commit, `--fsync normal`; \
         JetStream: its message (its events, the subject its dedup marker) acknowledged by the \
         stream's leader, after the replicas' quorum for R3). One gateway per store, side by \
         side; medians of {rounds} rounds, the stores taking turns going first. CPU per status: \
         the gateway's, and the NATS servers' (all three nodes for R3), over the round.\n\n{}\n\
         The engine's ceiling on the same servers in the same rounds: `nats bench` (natscli \
         v0.5.1) publishing {msgs} messages of {event_size} bytes (one stored status event, as \
         this generator encodes it) into a fresh file-storage stream of the same replicas. \
         `pub atomic` writes what a 100-status webhook writes: one atomic batch of {HUNDRED_BATCH} \
         messages, from as many clients as there are senders.\n\n{}\n\
         After the rounds each gateway is killed with SIGKILL and its store counted (SQLite: \
         its file; JetStream: read back as a gateway reads it).\n\n{}",
        table(
            &[
                "store",
                "statuses/webhook",
                "webhooks/s",
                "statuses/s",
                "ack p50",
                "ack p99",
                "statuses/s ÷ SQLite",
                "gateway CPU/status",
                "NATS CPU/status",
            ],
            &rows
        ),
        table(
            &[
                "servers",
                "nats bench js",
                "msgs/s",
                "NATS CPU/msg",
                "100-status ingest ÷ this",
            ],
            &ceiling_rows
        ),
        table(
            &["store", "statuses acknowledged", "in the store after SIGKILL"],
            &kill_rows
        ),
        senders = ingest::CONCURRENCY,
        rounds = sizes.ingest_rounds,
        msgs = show_count(sizes.publish_msgs as f64),
    );
    report.section("9. JetStream event store: webhook ingest", body);
}

async fn measure_fanout(bench: &Bench, report: &mut Report, backends: &[Backend<'_>]) {
    let sizes = &bench.plan.jetstream;
    let pace = fanout::Pace {
        rate: sizes.fanout_rate,
        duration: sizes.fanout_duration,
    };
    let largest = sizes.fanout_subscribers.iter().copied().max().unwrap_or(1);
    let tasks = fanout::create_tasks(bench.sim_addr, largest).await;
    let mut rows = Vec::new();
    for &subscribers in sizes.fanout_subscribers {
        let mut sqlite_p99 = f64::NAN;
        for backend in backends {
            backend.fresh(report).await;
            let m = fanout::measure(bench, report, &tasks, subscribers, &backend.store, pace).await;
            if backend.servers.is_none() {
                sqlite_p99 = m.after_ack_p99_us;
            }
            let ratio = m.after_ack_p99_us / sqlite_p99;
            let pair = |a: f64, b: f64| format!("{} / {}", show_us(a), show_us(b));
            rows.push(vec![
                backend.store.label.to_owned(),
                show_count(subscribers as f64),
                show_count(m.deliveries as f64),
                pair(m.after_ack_p50_us, m.after_ack_p99_us),
                show_ratio(ratio),
                pair(m.p50_us, m.p99_us),
                pair(m.ack_p50_us, m.ack_p99_us),
            ]);
            if backend.store.slug == "r1" && subscribers == largest && largest >= 1_000 {
                report.target(
                    &format!(
                        "JetStream R1: fan-out p99, ack → stream, at {} subscribers ÷ SQLite's",
                        show_count(subscribers as f64)
                    ),
                    "≤ 2×",
                    format!("{} ({})", show_ratio(ratio), show_us(m.after_ack_p99_us)),
                    ratio <= 2.0,
                );
            }
        }
    }
    let body = format!(
        "Measurement 3 against each store at {rate} events/s for {secs:.0} s (one-status \
         webhooks, round-robin over the watched tasks, after the subscribers are open and warmed \
         up), a fresh gateway (and, for JetStream, empty servers) per row. \"Ack → stream\": from \
         the POST's acknowledgement reaching the sender to the message on each stream that \
         should get it (negative when the message came first); \"POST → stream\": from the start \
         of the POST, as in measurement 3. On JetStream an event reaches the hub through the \
         replica's tail, the ordered consumer that feeds its ring.\n\n{}",
        table(
            &[
                "store",
                "subscribers",
                "deliveries",
                "ack → stream p50 / p99",
                "p99 ÷ SQLite",
                "POST → stream p50 / p99",
                "POST ack p50 / p99",
            ],
            &rows
        ),
        rate = sizes.fanout_rate,
        secs = sizes.fanout_duration.as_secs_f64(),
    );
    report.section("9. JetStream event store: fan-out", body);
}

/// One store's figures of one replay round.
struct ReplayRound {
    every_task: f64,
    one_task: f64,
    gateway_cpu_per_event_us: f64,
}

async fn measure_replay(
    bench: &Bench,
    report: &mut Report,
    backends: &[Backend<'_>],
    nats: &NatsBench<'_>,
) {
    let sizes = &bench.plan.jetstream;
    let history = History::create(bench, "js-replay", sizes.replay_events).await;
    let events = history.events;
    let middle = events / 2;
    let event_size =
        ingest::event_of(history.task_of(middle), &history.status(middle)).encoded_len();
    let mut gateways = Vec::new();
    let mut preload_rates = Vec::new();
    for backend in backends {
        backend.fresh(report).await;
        let gateway = backend.start_gateway(bench, "replay").await;
        match history.preload(gateway.webhooks).await {
            Ok(time) => preload_rates.push(events as f64 / time.as_secs_f64()),
            Err(error) => {
                report.fail(format!(
                    "JetStream replay ({}): {error}",
                    backend.store.label
                ));
                return;
            }
        }
        gateways.push(gateway);
    }
    // The ceiling's stream: as many messages of the same size, published once per store.
    let mut filled = vec![false; backends.len()];
    for (i, backend) in backends.iter().enumerate() {
        if let Some(servers) = backend.servers {
            let run = nats.publish_async(servers, servers.len(), event_size, events);
            filled[i] = ceiling(report, backend, events, "nats bench js pub async", run)
                .await
                .is_some();
        }
    }
    let mut channels = Vec::new();
    for gateway in &gateways {
        channels.push(load::grpc_channel(gateway.grpc).await);
    }
    // The gateway's own stream, read by NATS's client the two ways: as the gateway reads it,
    // and with the ordered consumer.
    let mut events_streams = Vec::new();
    for backend in backends {
        events_streams.push(match backend.servers {
            Some(servers) => match streams::events_stream(servers).await {
                Ok(found) => Some(found),
                Err(error) => {
                    report.fail(format!(
                        "JetStream replay ({}): {error}",
                        backend.store.label
                    ));
                    None
                }
            },
            None => None,
        });
    }
    let mut rounds: Vec<Vec<ReplayRound>> = backends.iter().map(|_| Vec::new()).collect();
    let mut ordered: Vec<Vec<Ceiling>> = backends.iter().map(|_| Vec::new()).collect();
    let mut ordered_own: Vec<Vec<Ceiling>> = backends.iter().map(|_| Vec::new()).collect();
    let mut gets_own: Vec<Vec<Ceiling>> = backends.iter().map(|_| Vec::new()).collect();
    for round in 0..sizes.replay_rounds {
        for k in 0..backends.len() {
            let i = (round + k) % backends.len();
            let (backend, gateway) = (&backends[i], &gateways[i]);
            let cpu = gateway.proc.cpu_time();
            let every_task = replay::watch(channels[i].clone(), None, events).await;
            let cpu = gateway.proc.cpu_time() - cpu;
            let one_task = replay::watch(
                channels[i].clone(),
                Some(history.tasks[0].clone()),
                history.per_task,
            )
            .await;
            match (every_task, one_task) {
                (Ok(every_task), Ok(one_task)) => rounds[i].push(ReplayRound {
                    every_task,
                    one_task,
                    gateway_cpu_per_event_us: micros(cpu) / events as f64,
                }),
                (Err(error), _) | (_, Err(error)) => {
                    report.fail(format!(
                        "JetStream replay ({}): {error}",
                        backend.store.label
                    ));
                    return;
                }
            }
            if let (Some(servers), true) = (backend.servers, filled[i]) {
                let run = nats.ordered(servers, None, events);
                if let Some(c) =
                    ceiling(report, backend, events, "nats bench js ordered", run).await
                {
                    ordered[i].push(c);
                }
            }
            if let (Some(servers), Some((stream, filter))) = (backend.servers, &events_streams[i]) {
                // The gateway's stream holds a message per webhook body (its events about one
                // task), not one per event: nats bench reads that many messages.
                let messages = match streams::count_messages(servers).await {
                    Ok(messages) => usize::try_from(messages).unwrap_or(usize::MAX),
                    Err(error) => {
                        report.fail(format!(
                            "JetStream replay ({}): {error}",
                            backend.store.label
                        ));
                        return;
                    }
                };
                let run = nats.ordered(servers, Some(stream), messages);
                if let Some(c) =
                    ceiling(report, backend, messages, "nats bench js ordered", run).await
                {
                    ordered_own[i].push(c);
                }
                let run = nats.get_batch(servers, stream, filter, CATCH_UP_BATCH, messages);
                if let Some(c) =
                    ceiling(report, backend, messages, "nats bench js get batch", run).await
                {
                    gets_own[i].push(c);
                }
            }
        }
    }
    drop(gateways);

    let med = |runs: &[ReplayRound], f: fn(&ReplayRound) -> f64| {
        median(&runs.iter().map(f).collect::<Vec<_>>())
    };
    let rate =
        |runs: &[Ceiling]| median(&runs.iter().map(|c| c.msgs_per_second).collect::<Vec<_>>());
    let sqlite = med(&rounds[0], |r| r.every_task);
    let mut rows = Vec::new();
    let mut ceiling_rows = Vec::new();
    for (i, backend) in backends.iter().enumerate() {
        let every_task = med(&rounds[i], |r| r.every_task);
        let ceiling = rate(&ordered[i]);
        rows.push(vec![
            backend.store.label.to_owned(),
            show_count(preload_rates[i]),
            show_count(every_task),
            show_count(med(&rounds[i], |r| r.one_task)),
            show_us(med(&rounds[i], |r| r.gateway_cpu_per_event_us)),
            show_ratio(every_task / sqlite),
            match backend.servers {
                Some(_) => show_ratio(every_task / ceiling),
                None => "–".into(),
            },
        ]);
        if backend.servers.is_some() {
            let gets = rate(&gets_own[i]);
            ceiling_rows.push(vec![
                backend.store.label.to_owned(),
                show_count(ceiling),
                show_count(rate(&ordered_own[i])),
                show_count(gets),
                show_ratio(every_task / gets),
            ]);
            report.target(
                &format!(
                    "{}: replay events/s ÷ `nats bench js ordered`",
                    backend.store.label
                ),
                "≥ 0.5×",
                show_ratio(every_task / ceiling),
                every_task / ceiling >= 0.5,
            );
        }
    }
    let body = format!(
        "{tasks} tasks × {per_task} recipient statuses preloaded through each gateway's webhook \
         listener (100 per webhook, 32 senders), then replayed from cursor 0 by a gRPC client \
         that reads every message and checks the cursors increase (events/s from the call to \
         the last event; the gateway's CPU per event over the every-task replay). Medians of \
         {rounds} rounds, the stores taking turns. On JetStream a webhook's events about one task \
         are one message, and a replay reads what is older than the replica's ring of recent \
         events through an ordered consumer kept between pages of {CATCH_UP_BATCH}.\n\n{}\n\
         The ceiling on the same servers in the same rounds: `nats bench js ordered`, one \
         ordered consumer reading {events} messages of {event_size} bytes from the start of a \
         stream `nats bench js pub async` filled. Beside it, NATS's own client reading the \
         gateway's events stream after its replay (its messages, each a webhook body's events): \
         with the ordered consumer, and with batched direct gets of {CATCH_UP_BATCH} on the \
         events' subjects, one request at a time.\n\n{}",
        table(
            &[
                "store",
                "preload statuses/s",
                "every task: events/s",
                "one task: events/s",
                "gateway CPU/event",
                "÷ SQLite",
                "÷ nats bench js ordered",
            ],
            &rows
        ),
        table(
            &[
                "servers",
                "js ordered: msgs/s",
                "js ordered, gateway's stream",
                "js get batch, gateway's stream",
                "gateway replay ÷ js get batch",
            ],
            &ceiling_rows
        ),
        tasks = history.tasks.len(),
        per_task = history.per_task,
        rounds = sizes.replay_rounds,
        events = show_count(events as f64),
    );
    report.section("9. JetStream event store: replay", body);
}
