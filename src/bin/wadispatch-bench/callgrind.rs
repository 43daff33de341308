//! 10. Instructions per unary call: the call of 1. (GetTaskExecutionStatus of a 10-recipient
//!     task) with the gateway and the simulator it calls each running under valgrind's callgrind.
//!     An instruction count does not move with the machine's other load, so it tracks the
//!     gateway's work per call where CPU times on a shared machine cannot.
//!
//! Start-up and warm-up do not count: after warm-up calls both processes' counters are zeroed
//! (`callgrind_control --zero`), a fixed number of calls is made, and both dump
//! (`callgrind_control --dump`); each dump holds the instructions (Ir) of exactly that stretch,
//! all threads together. The dumps are kept for `callgrind_annotate` (full mode).

use std::path::{Path, PathBuf};
use std::process::Command;

use wadispatch_gateway::proto::v1::task_service_client::TaskServiceClient;

use crate::load;
use crate::procs::{self, Launch, Proc};
use crate::report::{table, Report};
use crate::stats::show_count;
use crate::unary::{gateway_call, RECIPIENTS};
use crate::Bench;

const SECTION: &str = "10. Instructions per unary call (callgrind)";

/// Measured calls per concurrency, and warm-up calls before them.
struct Sizes {
    calls: [(usize, usize); 2],
    warm_up: usize,
}

/// Under callgrind a release gateway serves a few hundred calls a second, a debug one a tenth
/// of that: the quick sizes take seconds.
const QUICK: Sizes = Sizes {
    calls: [(1, 20), (64, 128)],
    warm_up: 64,
};
const FULL: Sizes = Sizes {
    calls: [(1, 2_000), (64, 6_400)],
    warm_up: 1_000,
};

/// One process under callgrind: its dumps are `<out>.<n>`.
struct Profiled {
    proc: Proc,
    out: PathBuf,
    dumps: usize,
}

impl Profiled {
    fn start(name: &'static str, bench: &Bench, args: &[String]) -> Self {
        let out = bench.work.path().join(format!("{name}.callgrind"));
        let mut all = vec![
            "--tool=callgrind".to_owned(),
            format!("--callgrind-out-file={}", out.display()),
            // The gateway's runtime threads run one at a time under valgrind whatever this
            // says; fair scheduling keeps one from starving the others.
            "--fair-sched=yes".to_owned(),
            bench.gateway_bin.display().to_string(),
        ];
        all.extend(args.iter().cloned());
        let log = bench.work.path().join(format!("{name}-callgrind.log"));
        let proc = procs::spawn(name, Path::new("valgrind"), &all, &Launch::default(), &log);
        Self {
            proc,
            out,
            dumps: 0,
        }
    }

    fn control(&self, what: &str) -> Result<(), String> {
        procs::run_tool(
            "callgrind_control",
            &[what.to_owned(), self.proc.pid().to_string()],
        )
    }

    /// Dumps the counts since the last zero or dump; the dump's file and its total Ir.
    fn dump(&mut self) -> Result<(PathBuf, u64), String> {
        self.control("--dump")?;
        self.dumps += 1;
        let file = PathBuf::from(format!("{}.{}", self.out.display(), self.dumps));
        let text = std::fs::read_to_string(&file)
            .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
        let total = text
            .lines()
            .find_map(|l| l.strip_prefix("summary:").or(l.strip_prefix("totals:")))
            .and_then(|n| n.split_whitespace().next()?.parse().ok())
            .ok_or_else(|| format!("no instruction total in {}", file.display()))?;
        Ok((file, total))
    }
}

/// Whether valgrind's callgrind and its control script can be run.
fn available() -> Result<(), String> {
    for tool in ["valgrind", "callgrind_control"] {
        Command::new(tool)
            .arg("--version")
            .output()
            .map_err(|e| format!("{tool} not found ({e}); .ci/tools.sh installs it"))?;
    }
    Ok(())
}

pub(crate) async fn run(bench: &Bench, report: &mut Report, by_name: bool) {
    if let Err(missing) = available() {
        if by_name {
            report.fail(format!("--only callgrind: {missing}"));
        } else {
            report.section(SECTION, format!("Not measured: {missing}."));
        }
        return;
    }
    if let Err(error) = measure(bench, report).await {
        bench.work.keep();
        report.fail(format!(
            "callgrind: {error} (logs in {})",
            bench.work.path().display()
        ));
    }
}

async fn measure(bench: &Bench, report: &mut Report) -> Result<(), String> {
    let sizes = if bench.plan.quick { &QUICK } else { &FULL };
    let sim_addr = procs::free_addr();
    let mut sim = Profiled::start("simulator", bench, &procs::simulator_args(sim_addr));
    procs::wait_listening(sim_addr, &mut sim.proc).await;
    let (grpc, webhooks) = (procs::free_addr(), procs::free_addr());
    let data_dir = bench.work.path().join("callgrind-gateway");
    let mut args = procs::gateway_args(grpc, webhooks, sim_addr, &data_dir);
    // No health probe inside a measured stretch: only the calls count.
    args.extend(["--health-interval", "1h"].map(String::from));
    let mut gateway = Profiled::start("gateway", bench, &args);
    procs::wait_listening(grpc, &mut gateway.proc).await;
    let http = load::http_client();
    let targets: Vec<String> = (0..RECIPIENTS as u64).map(load::target_of).collect();
    let task_id = load::create_task(&http, sim_addr, "callgrind", &targets).await;
    let client = TaskServiceClient::new(load::grpc_channel(grpc).await);
    let calls_of = |concurrency: usize, calls: usize| {
        let (client, task_id) = (client.clone(), task_id.clone());
        load::closed_loop(
            concurrency,
            move |n, _| n >= calls,
            move |_| gateway_call(client.clone(), task_id.clone(), None),
        )
    };
    let mut rows = Vec::new();
    let mut kept = Vec::new();
    for (concurrency, calls) in sizes.calls {
        // Warm-up at this concurrency: its platform connections opened, buffers grown.
        let warm = calls_of(concurrency, sizes.warm_up).await;
        if let Some(error) = warm.errors.first() {
            return Err(format!("warm-up c={concurrency}: {error}"));
        }
        gateway.control("--zero")?;
        sim.control("--zero")?;
        let result = calls_of(concurrency, calls).await;
        let (gateway_file, gateway_ir) = gateway.dump()?;
        let (sim_file, sim_ir) = sim.dump()?;
        if result.calls() != calls || !result.errors.is_empty() {
            return Err(format!(
                "c={concurrency}: {} of {calls} calls answered, e.g. {}",
                result.calls(),
                result.errors.first().map_or("", String::as_str)
            ));
        }
        let per_call = |ir: u64| ir as f64 / calls as f64;
        rows.push(vec![
            concurrency.to_string(),
            calls.to_string(),
            show_count(per_call(gateway_ir)),
            show_count(per_call(sim_ir)),
            format!("{:.2}×", gateway_ir as f64 / sim_ir.max(1) as f64),
        ]);
        report.target(
            &format!("callgrind: gateway instructions per call at c={concurrency}"),
            "≤ the simulator's",
            format!(
                "{} vs {}",
                show_count(per_call(gateway_ir)),
                show_count(per_call(sim_ir))
            ),
            gateway_ir <= sim_ir,
        );
        kept.extend([gateway_file, sim_file]);
    }
    let files = if bench.plan.quick {
        String::new()
    } else {
        format!("\n\nThe dumps, for `callgrind_annotate`: {}.", keep(&kept)?)
    };
    let (warm_up, binary) = (sizes.warm_up, bench.gateway_bin.display());
    report.section(
        SECTION,
        format!(
            "GetTaskExecutionStatus of a {RECIPIENTS}-recipient task through the gateway ({binary}), \
             the gateway and the simulator each under `valgrind --tool=callgrind`, one connection \
             to the gateway. After {warm_up} warm-up calls at each concurrency both counters are \
             zeroed, the calls made, and both dumped: instructions (Ir) of all threads per call, \
             start-up and warm-up excluded.\n\n{}{files}",
            table(
                &[
                    "concurrency",
                    "calls",
                    "gateway Ir/call",
                    "simulator Ir/call",
                    "gateway / simulator"
                ],
                &rows
            )
        ),
    );
    Ok(())
}

/// Copies the dumps out of the work directory (removed at the end of the run); where they went.
fn keep(files: &[PathBuf]) -> Result<String, String> {
    let dir = std::env::temp_dir().join(format!("wadispatch-callgrind-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    for file in files {
        let name = file.file_name().expect("a dump's file name");
        std::fs::copy(file, dir.join(name))
            .map_err(|e| format!("cannot copy {}: {e}", file.display()))?;
    }
    Ok(dir.display().to_string())
}
