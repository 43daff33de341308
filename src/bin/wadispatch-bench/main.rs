//! The load generator behind BENCHMARKS.md. It starts the simulator and the gateway as separate
//! processes of the real binary, drives them from here, and prints a Markdown report: every
//! figure side by side with its baseline from the same run, as medians and ratios.
//!
//! `--quick` runs every measurement at a tiny size: it proves the harness works (and fails on
//! lost or wrong events) without claiming anything about speed.
//!
//! `--only jetstream` (part of the whole suite) puts the JetStream event store beside the SQLite
//! log and `nats bench` (`jetstream/`); it needs `--nats-server` and `--nats`.
//!
//! `--only callgrind` (part of the whole suite) counts the instructions per unary call of the
//! gateway and the simulator under valgrind's callgrind (`callgrind`); it needs valgrind.
//!
//! `--soak` runs the chaos and soak checks instead (`soak/`): kill -9 cycles, connection floods,
//! a snapshot storm, malformed-body floods and finished watches, each judged on counts and
//! bounds, never on a timing.

mod callgrind;
mod certs;
mod commit;
mod fanout;
mod floor;
mod ingest;
mod jetstream;
mod load;
mod procs;
mod replay;
mod report;
mod soak;
mod stats;
mod unary;

use std::path::PathBuf;

use clap::Parser;
use report::Report;

#[derive(Debug, Parser)]
#[command(name = "wadispatch-bench", about = "Benchmarks of wadispatch-gateway")]
struct Args {
    /// Tiny sizes: proves the harness works, measures nothing meaningful.
    #[arg(long)]
    quick: bool,

    /// The gateway binary; default: `wadispatch-gateway` next to this one.
    #[arg(long)]
    gateway_bin: Option<PathBuf>,

    /// A ghz binary for the second opinion on the unary figures; without it that part is skipped.
    #[arg(long)]
    ghz: Option<PathBuf>,

    /// Only these measurements (comma-separated: unary, ingest, fanout, replay, ghz, tls, keys,
    /// retries, jetstream, callgrind, commit; with --soak: crash, flood, storm, dead-letters,
    /// finished-watches).
    #[arg(long, value_delimiter = ',')]
    only: Vec<String>,

    /// A nats-server binary (v2.12 or later: atomic batches) for the JetStream measurement.
    #[arg(long)]
    nats_server: Option<PathBuf>,

    /// The nats CLI (natscli v0.5.1) whose `nats bench` gives the JetStream ceilings.
    #[arg(long)]
    nats: Option<PathBuf>,

    /// Run the chaos and soak checks instead of the benchmarks.
    #[arg(long)]
    soak: bool,

    /// Seed of the soak's random choices (kill moments); default: from the clock, printed.
    #[arg(long)]
    seed: Option<u64>,

    /// Fan-out subscriber counts to measure (default 1,100,1000,10000; quick: 1,10).
    #[arg(long, value_delimiter = ',')]
    subscribers: Vec<usize>,

    /// Length of the commit-tail run in seconds (default 60; quick: 2).
    #[arg(long)]
    commit_seconds: Option<u64>,

    /// Serve the HTTP floor of the ingest measurement on this address instead (how this binary
    /// runs it as a process of its own).
    #[arg(long, hide = true)]
    serve_http_floor: Option<std::net::SocketAddr>,

    /// Also write the report to this file.
    #[arg(long)]
    report: Option<PathBuf>,
}

/// Sizes of one run.
#[derive(Debug, Clone)]
pub struct Plan {
    /// `--quick`: tiny sizes that prove the harness works and measure nothing meaningful.
    pub quick: bool,
    /// Paired rounds per unary figure.
    pub unary_rounds: usize,
    /// Length of one unary round.
    pub unary_round: std::time::Duration,
    /// Paired rounds per ingest figure.
    pub ingest_rounds: usize,
    /// Webhook requests per ingest round, by statuses per body.
    pub ingest_requests_single: usize,
    /// Webhook requests per ingest round with 100 statuses per body.
    pub ingest_requests_hundred: usize,
    /// Watcher counts the fan-out figure is measured at.
    pub fanout_subscribers: Vec<usize>,
    /// Events per second sent during a fan-out run.
    pub fanout_rate: u64,
    /// How long a fan-out run sends.
    pub fanout_duration: std::time::Duration,
    /// Events in the log before the replays.
    pub replay_events: usize,
    /// Replays of the preloaded log per figure.
    pub replay_rounds: usize,
    /// Calls per concurrency of the ghz comparison.
    pub ghz_calls: usize,
    /// Webhooks per second of the commit-tail run.
    pub commit_rate: u64,
    /// How long the commit-tail run sends.
    pub commit_duration: std::time::Duration,
    /// Sizes of the JetStream measurement.
    pub jetstream: jetstream::Sizes,
    /// Sizes of the soak checks.
    pub soak: soak::Sizes,
}

impl Plan {
    fn new(quick: bool, subscribers: Vec<usize>, commit_seconds: Option<u64>) -> Self {
        use std::time::Duration;
        let default_subscribers = if quick {
            vec![1, 10]
        } else {
            vec![1, 100, 1_000, 10_000]
        };
        let fanout_subscribers = if subscribers.is_empty() {
            default_subscribers
        } else {
            subscribers
        };
        if quick {
            Plan {
                quick,
                unary_rounds: 2,
                unary_round: Duration::from_millis(200),
                ingest_rounds: 1,
                ingest_requests_single: 300,
                ingest_requests_hundred: 20,
                fanout_subscribers,
                fanout_rate: 200,
                fanout_duration: Duration::from_millis(500),
                replay_events: 2_000,
                replay_rounds: 1,
                ghz_calls: 200,
                commit_rate: 500,
                commit_duration: Duration::from_secs(commit_seconds.unwrap_or(2)),
                jetstream: jetstream::Sizes::QUICK,
                soak: soak::Sizes::QUICK,
            }
        } else {
            Plan {
                quick,
                unary_rounds: 5,
                unary_round: Duration::from_secs(2),
                ingest_rounds: 3,
                ingest_requests_single: 30_000,
                ingest_requests_hundred: 2_000,
                fanout_subscribers,
                fanout_rate: 2_000,
                fanout_duration: Duration::from_secs(5),
                replay_events: 500_000,
                replay_rounds: 3,
                ghz_calls: 20_000,
                commit_rate: 2_000,
                commit_duration: Duration::from_secs(commit_seconds.unwrap_or(60)),
                jetstream: jetstream::Sizes::FULL,
                soak: soak::Sizes::FULL,
            }
        }
    }
}

fn main() -> std::process::ExitCode {
    let args = Args::parse();
    if let Some(addr) = args.serve_http_floor {
        return floor::serve(addr);
    }
    let gateway_bin = args.gateway_bin.clone().unwrap_or_else(|| {
        std::env::current_exe()
            .expect("the path of this binary")
            .with_file_name("wadispatch-gateway")
    });
    assert!(
        gateway_bin.exists(),
        "{} not found: build it first (cargo build --release)",
        gateway_bin.display()
    );
    let plan = Plan::new(args.quick, args.subscribers.clone(), args.commit_seconds);
    let known: &[&str] = if args.soak {
        &soak::CHECKS
    } else {
        &[
            "unary",
            "ingest",
            "fanout",
            "replay",
            "ghz",
            "tls",
            "keys",
            "retries",
            "jetstream",
            "callgrind",
            "commit",
        ]
    };
    if let Some(unknown) = args.only.iter().find(|o| !known.contains(&o.as_str())) {
        eprintln!(
            "unknown --only {unknown:?}: expected some of {}",
            known.join(", ")
        );
        return std::process::ExitCode::FAILURE;
    }
    let wanted = |name: &str| args.only.is_empty() || args.only.iter().any(|o| o == name);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let started = std::time::Instant::now();
    let mut report = Report::new(&plan, &gateway_bin, args.soak);
    runtime.block_on(async {
        let work = procs::WorkDir::create();
        let (sim, sim_addr) = procs::start_simulator(&gateway_bin, &work).await;
        let bench = std::sync::Arc::new(Bench {
            plan: plan.clone(),
            gateway_bin: gateway_bin.clone(),
            work,
            sim,
            sim_addr,
        });
        if args.soak {
            let checks: Vec<&str> = soak::CHECKS.into_iter().filter(|c| wanted(c)).collect();
            soak::run(&bench, &mut report, &checks, args.seed).await;
            return;
        }
        if ["unary", "ghz", "tls", "keys", "retries"]
            .iter()
            .any(|m| wanted(m))
        {
            let ghz = args.ghz.as_deref().filter(|_| wanted("ghz"));
            let (tls, keys, retries) = (wanted("tls"), wanted("keys"), wanted("retries"));
            unary::run(
                &bench,
                &mut report,
                wanted("unary"),
                tls,
                keys,
                retries,
                ghz,
            )
            .await;
        }
        if wanted("ingest") {
            ingest::run(&bench, &mut report).await;
        }
        if wanted("fanout") {
            fanout::run(&bench, &mut report).await;
        }
        if wanted("replay") {
            replay::run(&bench, &mut report).await;
        }
        if wanted("callgrind") {
            callgrind::run(&bench, &mut report, !args.only.is_empty()).await;
        }
        if wanted("jetstream") {
            match (&args.nats_server, &args.nats) {
                (Some(server), Some(cli)) => {
                    let tools = jetstream::Tools {
                        server: server.clone(),
                        cli: cli.clone(),
                    };
                    jetstream::run(&bench, &mut report, &tools).await;
                }
                // Asked for by name, its absence is a failure; in the whole suite, a gap the
                // report names.
                _ if !args.only.is_empty() => report.fail(
                    "--only jetstream needs --nats-server and --nats (.ci/bench.sh passes both)"
                        .into(),
                ),
                _ => report.section(
                    "9. JetStream event store",
                    "Not measured: no --nats-server and --nats given.".into(),
                ),
            }
        }
        if wanted("commit") {
            commit::run(&bench, &mut report).await;
        }
    });
    report.finish(started.elapsed());
    let text = report.markdown();
    println!("{text}");
    if let Some(path) = &args.report {
        std::fs::write(path, &text).expect("cannot write the report");
    }
    if report.failures.is_empty() {
        std::process::ExitCode::SUCCESS
    } else {
        for failure in &report.failures {
            eprintln!("FAILED: {failure}");
        }
        std::process::ExitCode::FAILURE
    }
}

/// What every measurement shares: the plan, the binary, the work directory and the simulator.
#[derive(Debug)]
pub struct Bench {
    /// The sizes of this run.
    pub plan: Plan,
    /// The gateway binary measured (`--gateway-bin`); it also runs the simulator.
    pub gateway_bin: PathBuf,
    /// Where the processes' logs and data go.
    pub work: procs::WorkDir,
    /// The simulator process (`sim` of the gateway binary, at speed 1000).
    pub sim: procs::Proc,
    /// The simulator's address.
    pub sim_addr: std::net::SocketAddr,
}
