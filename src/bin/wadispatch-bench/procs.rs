//! The processes under measurement: the simulator and the gateway run as their own processes
//! (the real `wadispatch-gateway` binary), so their CPU time, memory, descriptors and connections
//! are read from /proc apart from the load generator's; so do the NATS servers of the JetStream
//! measurement (`nats`) and its `nats bench` runs.

use std::net::{SocketAddr, TcpListener};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub(crate) use self::nats::NatsServers;

mod nats;

/// Linux reports /proc CPU times in USER_HZ ticks, which the kernel ABI fixes at 100 per second.
const TICKS_PER_SECOND: u64 = 100;

/// What a process has cost so far, split where the kernel's share shows: CPU time in user space
/// and in the kernel, and context switches.
#[derive(Debug, Clone, Copy)]
pub struct Usage {
    pub user: Duration,
    pub system: Duration,
    pub switches: u64,
}

impl std::ops::Sub for Usage {
    type Output = Usage;

    fn sub(self, earlier: Usage) -> Usage {
        Usage {
            user: self.user.saturating_sub(earlier.user),
            system: self.system.saturating_sub(earlier.system),
            switches: self.switches.saturating_sub(earlier.switches),
        }
    }
}

/// A child process, killed when dropped.
#[derive(Debug)]
pub struct Proc {
    name: &'static str,
    child: std::process::Child,
}

impl Proc {
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// User plus system CPU time the process has used so far, all threads (also exited ones).
    pub fn cpu_time(&self) -> Duration {
        let (user, system) = self.cpu_split();
        user + system
    }

    /// CPU time so far in user space and in the kernel, all threads (also exited ones).
    fn cpu_split(&self) -> (Duration, Duration) {
        let stat = self.read_proc("stat");
        // The command name (field 2) may hold spaces; fields after its ')' are fixed.
        let after_name = &stat[stat.rfind(')').expect("a /proc stat line") + 2..];
        let fields: Vec<&str> = after_name.split_whitespace().collect();
        // Fields 14 (utime) and 15 (stime), counted from 1 with the pid and name as 1 and 2.
        let ticks = |i: usize| {
            let ticks: u64 = fields[i].parse().expect("a tick count");
            Duration::from_millis(ticks * 1000 / TICKS_PER_SECOND)
        };
        (ticks(11), ticks(12))
    }

    /// Context switches (voluntary and not) of the process's live threads: each is a thread
    /// going to sleep or being preempted, the cost a call pays for waking the runtime.
    pub fn context_switches(&self) -> u64 {
        let tasks = std::fs::read_dir(format!("/proc/{}/task", self.pid()))
            .unwrap_or_else(|e| panic!("{} is gone: {e}", self.name));
        tasks
            .filter_map(|task| std::fs::read_to_string(task.ok()?.path().join("status")).ok())
            .flat_map(|status| {
                status
                    .lines()
                    .filter(|l| l.contains("ctxt_switches:"))
                    .filter_map(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
                    .collect::<Vec<_>>()
            })
            .sum()
    }

    /// Everything [`Usage`] counts, now.
    pub fn usage(&self) -> Usage {
        let (user, system) = self.cpu_split();
        Usage {
            user,
            system,
            switches: self.context_switches(),
        }
    }

    fn read_proc(&self, file: &str) -> String {
        std::fs::read_to_string(format!("/proc/{}/{file}", self.pid()))
            .unwrap_or_else(|e| panic!("{} is gone: {e}", self.name))
    }

    /// Resident set size in bytes.
    pub fn rss_bytes(&self) -> u64 {
        self.status_bytes("VmRSS:")
    }

    /// Anonymous resident memory in bytes (`RssAnon`: the heap, stacks and other private
    /// pages), without the pages of the binary and its libraries (`RssFile`), which the page
    /// cache shares and which do not grow with what the process holds.
    pub fn anonymous_bytes(&self) -> u64 {
        self.status_bytes("RssAnon:")
    }

    /// A size in kB from /proc status (`field` with its colon), in bytes.
    fn status_bytes(&self, field: &str) -> u64 {
        let status = self.read_proc("status");
        let kib: u64 = status
            .lines()
            .find_map(|line| line.strip_prefix(field))
            .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or_else(|| panic!("{field} in /proc status"));
        kib * 1024
    }

    /// Open file descriptors (files, sockets, pipes, the log's SQLite files).
    pub fn fd_count(&self) -> usize {
        std::fs::read_dir(format!("/proc/{}/fd", self.pid()))
            .unwrap_or_else(|e| panic!("{} is gone: {e}", self.name))
            .count()
    }

    /// TCP connections the process holds open (listeners not counted) whose local and remote
    /// ports pass `wanted(local, remote)`: its socket descriptors matched by inode with the
    /// kernel's connection table.
    pub fn connections(&self, wanted: impl Fn(u16, u16) -> bool) -> usize {
        let port = |address: &str| {
            let (_, hex) = address.rsplit_once(':')?;
            u16::from_str_radix(hex, 16).ok()
        };
        let mut inodes = std::collections::HashSet::new();
        for table in ["tcp", "tcp6"] {
            let path = format!("/proc/{}/net/{table}", self.pid());
            let text = std::fs::read_to_string(path).unwrap_or_default();
            // sl local_address rem_address st queues timer retransmits uid timeout inode ...
            for line in text.lines().skip(1) {
                let fields: Vec<&str> = line.split_whitespace().collect();
                let (Some(local), Some(remote), Some(state), Some(inode)) = (
                    fields.get(1).and_then(|a| port(a)),
                    fields.get(2).and_then(|a| port(a)),
                    fields.get(3),
                    fields.get(9),
                ) else {
                    continue;
                };
                // State 0A is LISTEN.
                if *state != "0A" && wanted(local, remote) {
                    inodes.insert(format!("socket:[{inode}]"));
                }
            }
        }
        std::fs::read_dir(format!("/proc/{}/fd", self.pid()))
            .unwrap_or_else(|e| panic!("{} is gone: {e}", self.name))
            .filter_map(|fd| std::fs::read_link(fd.ok()?.path()).ok())
            .filter(|target| inodes.contains(target.to_string_lossy().as_ref()))
            .count()
    }

    /// How the process ended, if it has.
    pub fn exited(&mut self) -> Option<std::process::ExitStatus> {
        self.child.try_wait().ok().flatten()
    }

    /// Stops the process the hard way (SIGKILL): what it acknowledged must already be on disk.
    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs a command-line tool to its end: Ok when it exits with success, else its stderr.
pub(crate) fn run_tool(program: &str, args: &[String]) -> Result<(), String> {
    let output = Command::new(program)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{program} {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        ))
    }
}

/// A loopback address nobody listens on right now.
pub(crate) fn free_addr() -> SocketAddr {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free loopback port")
}

/// Waits until `addr` accepts connections.
pub(crate) async fn wait_listening(addr: SocketAddr, proc: &mut Proc) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if tokio::net::TcpStream::connect(addr).await.is_ok() {
            return;
        }
        if let Ok(Some(status)) = proc.child.try_wait() {
            panic!("{} exited with {status} before listening", proc.name);
        }
        assert!(
            Instant::now() < deadline,
            "{} never listened on {addr}",
            proc.name
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Where the processes' logs and data go; removed at the end of the run unless `keep` was
/// called (a failed check leaves the logs for reading).
#[derive(Debug)]
pub struct WorkDir {
    path: PathBuf,
    keep: std::sync::atomic::AtomicBool,
}

impl WorkDir {
    pub fn create() -> Self {
        let dir = std::env::temp_dir().join(format!("wadispatch-bench-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("a work directory");
        Self {
            path: dir,
            keep: false.into(),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Leaves the directory in place at the end of the run.
    pub fn keep(&self) {
        self.keep.store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

impl Drop for WorkDir {
    fn drop(&mut self) {
        if !self.keep.load(std::sync::atomic::Ordering::Relaxed) {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

/// What a process gets beyond its arguments.
#[derive(Debug, Default, Clone)]
pub(crate) struct Launch {
    /// Extra environment variables.
    pub env: Vec<(String, String)>,
    /// A file-descriptor limit (soft and hard), set with `prlimit` before the binary runs.
    pub nofile: Option<u64>,
}

pub(crate) fn spawn(
    name: &'static str,
    binary: &Path,
    args: &[String],
    launch: &Launch,
    log: &Path,
) -> Proc {
    // Appended to: a gateway restarted on the same name (kill -9 cycles) keeps its earlier logs.
    let log = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
        .expect("a log file");
    let mut command = match launch.nofile {
        Some(limit) => {
            // prlimit execs the binary: the child's pid is the gateway's own.
            let mut command = Command::new("prlimit");
            command
                .arg(format!("--nofile={limit}"))
                .arg("--")
                .arg(binary);
            command
        }
        None => Command::new(binary),
    };
    // The benchmarks measure the call path: a gateway runs open unless it is given keys. An
    // environment variable, so that a gateway built before the setting existed starts the same way.
    if name == "gateway" && !args.iter().any(|a| a == "--api-keys") {
        command.env("WADISPATCH_ALLOW_UNAUTHENTICATED", "true");
    }
    // SAFETY: prctl is async-signal-safe and touches only the child being started.
    unsafe {
        command.pre_exec(|| {
            // Dies with the thread that started it, should this process be killed before its
            // `Proc`s are dropped: no server or gateway outlives an interrupted run.
            libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
            Ok(())
        });
    }
    let child = command
        .args(args)
        // Warnings only: per-request logging would be measured as gateway cost.
        .env("RUST_LOG", "warn")
        .env("NO_COLOR", "1")
        .envs(launch.env.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::null())
        .stdout(log.try_clone().expect("a log file"))
        .stderr(log)
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", binary.display()));
    Proc { name, child }
}

/// The simulator's command line, as fast as it goes.
pub(crate) fn simulator_args(addr: SocketAddr) -> Vec<String> {
    ["sim", "--listen", &addr.to_string(), "--speed", "1000"]
        .map(String::from)
        .to_vec()
}

/// The gateway's command line: its two listeners, the platform it calls and its data directory.
pub(crate) fn gateway_args(
    grpc: SocketAddr,
    webhooks: SocketAddr,
    upstream: SocketAddr,
    data_dir: &Path,
) -> Vec<String> {
    [
        "serve",
        "--grpc-addr",
        &grpc.to_string(),
        "--webhook-addr",
        &webhooks.to_string(),
        "--upstream-url",
        &format!("http://{upstream}"),
        "--data-dir",
        &data_dir.display().to_string(),
    ]
    .map(String::from)
    .to_vec()
}

/// The simulator with webhooks off and no added latency (its defaults), at a speed that
/// settles the benchmark's tasks within milliseconds.
pub(crate) async fn start_simulator(binary: &Path, work: &WorkDir) -> (Proc, SocketAddr) {
    let addr = free_addr();
    let args = simulator_args(addr);
    let log = work.path().join("sim.log");
    let mut proc = spawn("simulator", binary, &args, &Launch::default(), &log);
    wait_listening(addr, &mut proc).await;
    (proc, addr)
}

/// Where a gateway keeps its events: the embedded SQLite log (its default), or NATS servers.
#[derive(Debug, Clone)]
pub(crate) struct Store {
    /// How the report names it: "SQLite", "JetStream R1".
    pub label: &'static str,
    /// How data directories and logs are named: "sqlite", "r1".
    pub slug: &'static str,
    /// The `serve` flags that select it.
    pub flags: Vec<String>,
}

impl Store {
    /// The embedded SQLite log in the gateway's data directory.
    pub(crate) fn sqlite() -> Self {
        Self {
            label: "SQLite",
            slug: "sqlite",
            flags: Vec::new(),
        }
    }

    /// `servers`' JetStream with streams of `replicas` replicas.
    pub(crate) fn jetstream(
        label: &'static str,
        slug: &'static str,
        servers: &NatsServers,
        replicas: usize,
    ) -> Self {
        Self {
            label,
            slug,
            flags: vec![
                "--event-store".into(),
                servers.urls(),
                "--nats-replicas".into(),
                replicas.to_string(),
            ],
        }
    }

    /// The flags as `start_gateway` takes them.
    pub(crate) fn args(&self) -> Vec<&str> {
        self.flags.iter().map(String::as_str).collect()
    }
}

/// A running gateway and its addresses.
pub(crate) struct Gateway {
    pub proc: Proc,
    pub grpc: SocketAddr,
    pub webhooks: SocketAddr,
    pub data_dir: PathBuf,
}

/// `serve` in front of the simulator, on fresh ports, with its data in `work/<name>` (a fresh
/// directory unless an earlier gateway of that name left one).
pub(crate) async fn start_gateway(
    binary: &Path,
    work: &WorkDir,
    name: &str,
    upstream: SocketAddr,
    extra: &[&str],
) -> Gateway {
    start_gateway_with(binary, work, name, upstream, extra, &Launch::default()).await
}

/// `start_gateway` with extra environment variables or a descriptor limit.
pub(crate) async fn start_gateway_with(
    binary: &Path,
    work: &WorkDir,
    name: &str,
    upstream: SocketAddr,
    extra: &[&str],
    launch: &Launch,
) -> Gateway {
    let grpc = free_addr();
    let webhooks = free_addr();
    let data_dir = work.path().join(name);
    let mut args = gateway_args(grpc, webhooks, upstream, &data_dir);
    args.extend(["--shutdown-grace", "1s"].map(String::from));
    args.extend(extra.iter().map(|a| a.to_string()));
    let log = work.path().join(format!("{name}.log"));
    let mut proc = spawn("gateway", binary, &args, launch, &log);
    wait_listening(grpc, &mut proc).await;
    wait_listening(webhooks, &mut proc).await;
    Gateway {
        proc,
        grpc,
        webhooks,
        data_dir,
    }
}
