//! Real nats-server processes for the JetStream tests: a single node, a cluster on loopback, and a
//! TCP proxy that can cut a client off from them.
//!
//! The server binary is `$WADISPATCH_NATS_SERVER`, or the pinned one in `<repo>/.tools/bin`,
//! installed there with `go install` on first use when neither `.ci/tools.sh` nor an earlier run
//! put it there, so a plain `cargo test` works on a fresh machine that has Go.
//!
//! Every node listens on loopback ports picked free, keeps its config, store and log in a
//! directory of its own, and is killed when dropped. A test that panics while holding nodes gets
//! the tail of their logs on its output. A node dies with the thread that started it (the test's
//! thread, or a worker of its runtime), so an interrupted test run leaves no server behind.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom};
use std::net::SocketAddr;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;
use std::time::Duration;

use serde_json::Value;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::{JoinHandle, JoinSet};

use super::eventually;

/// The nats-server release the tests run (pinned in `.ci/tools.sh` too).
pub(crate) const NATS_SERVER_VERSION: &str = "2.15.3";

/// Names a nats-server binary to use instead of the pinned one in `.tools/bin`.
pub(crate) const NATS_SERVER_ENV: &str = "WADISPATCH_NATS_SERVER";

/// The largest message the servers take (their default is 1 MiB): the gateway publishes a whole
/// webhook body, up to the listener's body limit, plus its headers.
pub(crate) const MAX_PAYLOAD: usize = 8 << 20;
const _: () = assert!(
    MAX_PAYLOAD > wadispatch_gateway::webhook::DEFAULT_BODY_LIMIT,
    "a webhook body at the listener's default limit, with headers, fits in one message"
);

const NATS_SERVER_MODULE: &str = "github.com/nats-io/nats-server/v2";

/// Attempts at starting on fresh ports when a port picked free was taken before the server
/// bound it (another test, or an outgoing connection, got it in between).
const PORT_ATTEMPTS: usize = 3;

/// Log lines printed for each node of a test that panics.
const LOG_TAIL_LINES: usize = 40;

/// The nats-server binary the harness runs: `$WADISPATCH_NATS_SERVER` when set, else
/// `<repo>/.tools/bin/nats-server` when it is at [`NATS_SERVER_VERSION`], else that path after
/// installing the pinned version there with `go install` (about 40 s on two cores).
///
/// Decided once per process. The install holds an exclusive lock on `.tools/nats-server.lock`
/// (as `.ci/tools.sh` does), so test binaries running at once build it once; it builds into a
/// fresh directory and renames the binary into place, so nobody runs a half-written file.
/// Panics with what to do when Go is not installed.
pub(crate) fn nats_server_bin() -> PathBuf {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        if let Some(path) = std::env::var_os(NATS_SERVER_ENV) {
            return PathBuf::from(path);
        }
        let tools = Path::new(env!("CARGO_MANIFEST_DIR")).join(".tools");
        let bin = tools.join("bin").join("nats-server");
        if !is_pinned(&bin) {
            install_nats_server(&tools, &bin);
        }
        bin
    })
    .clone()
}

/// Whether `bin` runs and reports the pinned version.
fn is_pinned(bin: &Path) -> bool {
    Command::new(bin)
        .arg("--version")
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .is_ok_and(|out| {
            String::from_utf8_lossy(&out.stdout).trim()
                == format!("nats-server: v{NATS_SERVER_VERSION}")
        })
}

/// Builds the pinned nats-server into `bin`, under the lock, unless another process just did.
fn install_nats_server(tools: &Path, bin: &Path) {
    let bin_dir = bin.parent().expect("the binary's directory");
    std::fs::create_dir_all(bin_dir)
        .unwrap_or_else(|e| panic!("cannot create {}: {e}", bin_dir.display()));
    super::install_once(
        "nats-server",
        || is_pinned(bin),
        || build_nats_server(tools, bin),
    );
}

/// `go install` of the pinned nats-server into a fresh directory, then moved into `bin`.
fn build_nats_server(tools: &Path, bin: &Path) {
    let bin_dir = bin.parent().expect("the binary's directory");
    let staging = tempfile::Builder::new()
        .prefix("nats-server.")
        .tempdir_in(tools)
        .unwrap_or_else(|e| panic!("cannot create a directory in {}: {e}", tools.display()));
    let package = format!("{NATS_SERVER_MODULE}@v{NATS_SERVER_VERSION}");
    eprintln!(
        "installing nats-server into {} with `go install {package}` (about a minute)",
        bin_dir.display()
    );
    let status = Command::new("go")
        .args(["install", &package])
        .env("GOBIN", staging.path())
        .stdin(Stdio::null())
        .status()
        .unwrap_or_else(|e| {
            panic!(
                "the JetStream tests need nats-server v{NATS_SERVER_VERSION} and cannot build \
                 it: running `go` failed ({e}). Install Go, or run .ci/tools.sh, or set \
                 {NATS_SERVER_ENV} to a nats-server binary"
            )
        });
    assert!(
        status.success(),
        "`go install {package}` failed ({status}); its output is above"
    );
    std::fs::rename(staging.path().join("nats-server"), bin)
        .unwrap_or_else(|e| panic!("cannot move nats-server into {}: {e}", bin.display()));
    assert!(
        is_pinned(bin),
        "{} does not report v{NATS_SERVER_VERSION}",
        bin.display()
    );
}

/// [`nats_server_bin`] off the async threads: an install blocks for about a minute.
async fn server_bin() -> PathBuf {
    match tokio::task::spawn_blocking(nats_server_bin).await {
        Ok(bin) => bin,
        Err(e) => std::panic::resume_unwind(e.into_panic()),
    }
}

/// `count` distinct loopback ports free at the time of the call: all are bound at once, so they
/// differ, then released for the server to bind. Another process can take one in between, so
/// starting a server retries on fresh ports when it reports one in use.
fn free_ports(count: usize) -> Vec<u16> {
    let listeners: Vec<std::net::TcpListener> = (0..count)
        .map(|_| std::net::TcpListener::bind("127.0.0.1:0").unwrap())
        .collect();
    listeners
        .iter()
        .map(|l| l.local_addr().unwrap().port())
        .collect()
}

/// A unique cluster name: a route that reaches another test's cluster (one of whose nodes took
/// a port a killed node let go) is refused instead of merging the two clusters.
fn unique_cluster_name() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    format!(
        "test-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

/// The monitor API's HTTP client. No pooled connections: a pooled connection to a killed node
/// would fail the next request to its successor on the same port.
fn monitor_client() -> reqwest::Client {
    reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap()
}

/// Where a node sits in a cluster.
#[derive(Debug, Clone)]
struct ClusterSeat {
    /// The cluster's name, unique to it.
    name: String,
    port: u16,
    /// Every node's cluster port, its own included (the server skips itself).
    routes: Vec<u16>,
}

/// One nats-server process with JetStream on loopback.
#[derive(Debug)]
pub(crate) struct NatsNode {
    name: String,
    dir: PathBuf,
    client_port: u16,
    monitor_port: u16,
    cluster: Option<ClusterSeat>,
    /// Appended to the generated config (e.g. an `authorization` block).
    extra_config: String,
    bin: PathBuf,
    child: Option<Child>,
    http: reqwest::Client,
}

/// Why a node did not come up.
enum StartFailure {
    /// One of its ports was taken: worth another try on fresh ports.
    PortTaken,
    /// Anything else, with the node's log of this run.
    Failed(String),
}

impl NatsNode {
    /// A single JetStream node on free ports, its config, store and log in `dir` (which the
    /// caller keeps); returns once it answers `/healthz?js-enabled-only=true`.
    pub(crate) async fn single(dir: impl Into<PathBuf>) -> Self {
        Self::single_with(dir, "").await
    }

    /// [`Self::single`] with `extra_config` appended to its config: server settings a test
    /// needs, such as `authorization { token: "..." }` or a `tls` block.
    pub(crate) async fn single_with(dir: impl Into<PathBuf>, extra_config: &str) -> Self {
        let bin = server_bin().await;
        let mut node = Self::new("n0", dir.into(), bin, None, extra_config);
        for _ in 0..PORT_ATTEMPTS {
            node.move_to(&free_ports(2), None);
            let log_from = node.spawn();
            match node.wait_started(log_from).await {
                Ok(()) => return node,
                Err(StartFailure::PortTaken) => continue,
                Err(StartFailure::Failed(log)) => panic!("nats-server did not start:\n{log}"),
            }
        }
        panic!("nats-server found its ports taken {PORT_ATTEMPTS} times")
    }

    /// A node not started yet; [`Self::move_to`] gives it its ports.
    fn new(
        name: &str,
        dir: PathBuf,
        bin: PathBuf,
        cluster: Option<ClusterSeat>,
        extra_config: &str,
    ) -> Self {
        std::fs::create_dir_all(&dir)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
        Self {
            name: name.to_owned(),
            dir,
            client_port: 0,
            monitor_port: 0,
            cluster,
            extra_config: extra_config.to_owned(),
            bin,
            child: None,
            http: monitor_client(),
        }
    }

    /// The client URL, `nats://127.0.0.1:PORT`.
    pub(crate) fn url(&self) -> String {
        format!("nats://{}", self.addr())
    }

    /// The client address (e.g. for a [`CutProxy`] in front of the node).
    pub(crate) fn addr(&self) -> SocketAddr {
        SocketAddr::from(([127, 0, 0, 1], self.client_port))
    }

    /// The port clients connect to.
    pub(crate) fn client_port(&self) -> u16 {
        self.client_port
    }

    /// The port of the HTTP monitor API (`/healthz`, `/jsz`, `/varz`, ...).
    pub(crate) fn monitor_port(&self) -> u16 {
        self.monitor_port
    }

    /// The server's name (`n0`, `n1`, ...), as the monitor API names leaders.
    pub(crate) fn name(&self) -> &str {
        &self.name
    }

    /// The node's directory: `nats.conf`, `nats.log` and the JetStream `store/`.
    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }

    /// Whether the process was started and not yet killed or stopped.
    pub(crate) fn is_running(&self) -> bool {
        self.child.is_some()
    }

    /// Everything the server logged, all its runs in this directory appended.
    pub(crate) fn log(&self) -> String {
        std::fs::read_to_string(self.log_path()).unwrap_or_default()
    }

    /// Kills the process with SIGKILL (a crash: no goodbye to clients or peers) and reaps it.
    /// Nothing happens when it is not running.
    pub(crate) fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            // Fails only when it has exited already, which is what is wanted.
            let _ = child.kill();
            child.wait().expect("reaping nats-server");
        }
    }

    /// Stops the process gracefully (SIGTERM: the server shuts JetStream down and closes its
    /// connections) and waits for it to exit. Nothing happens when it is not running.
    pub(crate) async fn stop(&mut self) {
        let Some(child) = self.child.as_mut() else {
            return;
        };
        let pid = libc::pid_t::try_from(child.id()).expect("a pid");
        // SAFETY: signals our own child, not reaped yet, so the pid is still its.
        unsafe { libc::kill(pid, libc::SIGTERM) };
        let status = eventually(&format!("{} to exit after SIGTERM", self.name), || {
            let exited = child.try_wait().expect("waiting for nats-server");
            async move { exited }
        })
        .await;
        self.child = None;
        assert!(status.success(), "{} exited with {status}", self.name);
    }

    /// Starts the node again on the same ports and store (stopping it gracefully first when it
    /// runs); returns once it answers `/healthz?js-enabled-only=true`.
    pub(crate) async fn restart(&mut self) {
        self.stop().await;
        let log_from = self.spawn();
        match self.wait_started(log_from).await {
            Ok(()) => {}
            Err(StartFailure::PortTaken) => panic!(
                "{} cannot restart: one of its ports was taken meanwhile:\n{}",
                self.name,
                read_from(&self.log_path(), log_from)
            ),
            Err(StartFailure::Failed(log)) => panic!("{} did not restart:\n{log}", self.name),
        }
    }

    /// Whether `/healthz` with `query` answers 200: `?js-enabled-only=true` once JetStream is
    /// up; the empty query once, besides, the node is current with the meta group and with
    /// every stream it holds.
    pub(crate) async fn healthy(&self, query: &str) -> bool {
        let url = format!("http://127.0.0.1:{}/healthz{query}", self.monitor_port);
        self.http
            .get(url)
            .send()
            .await
            .is_ok_and(|response| response.status().is_success())
    }

    /// The monitor API's `/jsz` with `query` (e.g. `?streams=true`); None when the node does
    /// not answer.
    pub(crate) async fn jsz(&self, query: &str) -> Option<Value> {
        let url = format!("http://127.0.0.1:{}/jsz{query}", self.monitor_port);
        let response = self.http.get(url).send().await.ok()?;
        if !response.status().is_success() {
            return None;
        }
        response.json().await.ok()
    }

    /// The JetStream meta group's leader as this node sees it: None when it does not answer,
    /// Some(None) while it knows no leader.
    async fn meta_leader_name(&self) -> Option<Option<String>> {
        let jsz = self.jsz("").await?;
        Some(jsz["meta_cluster"]["leader"].as_str().map(str::to_owned))
    }

    /// `stream`'s leader as this node sees it: None when it does not answer, Some(None) when it
    /// does not hold the stream, Some(Some(None)) while the stream has no leader.
    async fn stream_leader_name(&self, stream: &str) -> Option<Option<Option<String>>> {
        let jsz = self.jsz("?streams=true").await?;
        let empty = Vec::new();
        let accounts = jsz["account_details"].as_array().unwrap_or(&empty);
        let held = accounts
            .iter()
            .filter_map(|account| account["stream_detail"].as_array())
            .flatten()
            .find(|detail| detail["name"] == stream);
        Some(held.map(|detail| detail["cluster"]["leader"].as_str().map(str::to_owned)))
    }

    fn log_path(&self) -> PathBuf {
        self.dir.join("nats.log")
    }

    fn config_path(&self) -> PathBuf {
        self.dir.join("nats.conf")
    }

    fn store_path(&self) -> PathBuf {
        self.dir.join("store")
    }

    /// Gives the node `ports` (client, monitor, and in a cluster its own cluster port) and, in a
    /// cluster, `routes`, with an empty store: a node that came up on other ports may have
    /// recorded peers there.
    fn move_to(&mut self, ports: &[u16], routes: Option<Vec<u16>>) {
        self.client_port = ports[0];
        self.monitor_port = ports[1];
        if let Some(seat) = self.cluster.as_mut() {
            seat.port = ports[2];
            seat.routes = routes.expect("a cluster node's routes");
        }
        let store = self.store_path();
        if store.exists() {
            std::fs::remove_dir_all(&store)
                .unwrap_or_else(|e| panic!("cannot remove {}: {e}", store.display()));
        }
    }

    /// The server's config: loopback listeners, the raised payload limit, JetStream's store in
    /// the node's directory, the cluster block, then the test's extra settings.
    fn config(&self) -> String {
        let mut config = format!(
            "server_name: \"{name}\"\n\
             listen: \"127.0.0.1:{client}\"\n\
             http: \"127.0.0.1:{monitor}\"\n\
             max_payload: {MAX_PAYLOAD}\n\
             jetstream {{\n  store_dir: \"{store}\"\n}}\n",
            name = self.name,
            client = self.client_port,
            monitor = self.monitor_port,
            store = self.store_path().display(),
        );
        if let Some(seat) = &self.cluster {
            let routes: Vec<String> = seat
                .routes
                .iter()
                .map(|port| format!("\"nats-route://127.0.0.1:{port}\""))
                .collect();
            config += &format!(
                "cluster {{\n  name: \"{}\"\n  listen: \"127.0.0.1:{}\"\n  routes: [{}]\n}}\n",
                seat.name,
                seat.port,
                routes.join(", ")
            );
        }
        config += &self.extra_config;
        config
    }

    /// Writes the config and spawns the server, its output appended to the log; answers the
    /// log's length before this run, to read what the run wrote.
    fn spawn(&mut self) -> u64 {
        assert!(self.child.is_none(), "{} is running already", self.name);
        std::fs::write(self.config_path(), self.config()).expect("writing nats.conf");
        let log = OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.log_path())
            .expect("opening nats.log");
        let log_from = log.metadata().expect("nats.log's length").len();
        let mut command = Command::new(&self.bin);
        command
            .arg("-c")
            .arg(self.config_path())
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("nats.log"))
            .stderr(log);
        // SAFETY: prctl is async-signal-safe and touches only the child being started.
        unsafe {
            command.pre_exec(|| {
                // Dies with the thread that started it, should the test process die unwinding
                // nothing (an interrupted run).
                libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
                Ok(())
            });
        }
        let child = command
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", self.bin.display()));
        self.child = Some(child);
        log_from
    }

    /// Waits until the spawned server has logged that it is ready and answers
    /// `/healthz?js-enabled-only=true`, or exits. The log line tells this run's server from
    /// another process that took its monitor port in the moment before it exits.
    async fn wait_started(&mut self, log_from: u64) -> Result<(), StartFailure> {
        let log_path = self.log_path();
        let child = self.child.as_mut().expect("spawned");
        let http = &self.http;
        let url = format!(
            "http://127.0.0.1:{}/healthz?js-enabled-only=true",
            self.monitor_port
        );
        let outcome = eventually(&format!("{} to be ready", self.name), || {
            let exited = child.try_wait().expect("waiting for nats-server");
            let ready = read_from(&log_path, log_from).contains("Server is ready");
            let request = http.get(&url).send();
            async move {
                if let Some(status) = exited {
                    return Some(Err(status));
                }
                if !ready {
                    return None;
                }
                let response = request.await.ok()?;
                response.status().is_success().then_some(Ok(()))
            }
        })
        .await;
        let Err(status) = outcome else {
            return Ok(());
        };
        self.child = None;
        let log = read_from(&log_path, log_from);
        if log.contains("address already in use") {
            return Err(StartFailure::PortTaken);
        }
        Err(StartFailure::Failed(format!(
            "{} exited with {status}:\n{log}",
            self.name
        )))
    }
}

impl Drop for NatsNode {
    fn drop(&mut self) {
        self.kill();
        if std::thread::panicking() {
            let log = self.log();
            let lines: Vec<&str> = log.lines().collect();
            let tail = &lines[lines.len().saturating_sub(LOG_TAIL_LINES)..];
            eprintln!(
                "--- last lines of {} ({}) ---\n{}",
                self.name,
                self.log_path().display(),
                tail.join("\n")
            );
        }
    }
}

/// `path`'s text from byte `offset` on.
fn read_from(path: &Path, offset: u64) -> String {
    let mut text = String::new();
    if let Ok(mut file) = File::open(path) {
        if file.seek(SeekFrom::Start(offset)).is_ok() {
            let _ = file.read_to_string(&mut text);
        }
    }
    text
}

/// A JetStream cluster of nodes `n0`, `n1`, ... on loopback, each routing to all the others;
/// its directories are removed when it is dropped.
#[derive(Debug)]
pub(crate) struct NatsCluster {
    nodes: Vec<NatsNode>,
    _dir: tempfile::TempDir,
}

impl NatsCluster {
    /// Starts `size` nodes on free ports; returns once every node answers the full `/healthz`
    /// (JetStream up, current with the meta group) and they agree on a meta leader.
    pub(crate) async fn start(size: usize) -> Self {
        Self::start_with(size, "").await
    }

    /// [`Self::start`] with `extra_config` appended to every node's config (see
    /// [`NatsNode::single_with`]).
    pub(crate) async fn start_with(size: usize, extra_config: &str) -> Self {
        assert!(size > 0, "a cluster has nodes");
        let dir = tempfile::tempdir().expect("a temporary directory");
        let bin = server_bin().await;
        let seat = ClusterSeat {
            name: unique_cluster_name(),
            port: 0,
            routes: Vec::new(),
        };
        let nodes = (0..size)
            .map(|i| {
                let name = format!("n{i}");
                let node_dir = dir.path().join(&name);
                NatsNode::new(
                    &name,
                    node_dir,
                    bin.clone(),
                    Some(seat.clone()),
                    extra_config,
                )
            })
            .collect();
        let mut cluster = Self { nodes, _dir: dir };
        cluster.start_nodes().await;
        cluster
            .wait_until(
                "the cluster to agree on a meta leader, every node healthy",
                async |c| {
                    for node in &c.nodes {
                        if !node.healthy("").await {
                            return false;
                        }
                    }
                    c.meta_leader().await.is_some()
                },
            )
            .await;
        cluster
    }

    /// Spawns every node on fresh ports, then waits for each to answer; starts them all over on
    /// fresh ports when one finds a port taken.
    async fn start_nodes(&mut self) {
        for _ in 0..PORT_ATTEMPTS {
            let ports = free_ports(3 * self.nodes.len());
            let routes: Vec<u16> = ports.chunks(3).map(|p| p[2]).collect();
            let mut log_from = Vec::new();
            for (node, ports) in self.nodes.iter_mut().zip(ports.chunks(3)) {
                node.kill();
                node.move_to(ports, Some(routes.clone()));
                log_from.push(node.spawn());
            }
            let mut port_taken = false;
            for (node, log_from) in self.nodes.iter_mut().zip(log_from) {
                match node.wait_started(log_from).await {
                    Ok(()) => {}
                    Err(StartFailure::PortTaken) => port_taken = true,
                    Err(StartFailure::Failed(log)) => {
                        panic!("cluster node {} did not start:\n{log}", node.name)
                    }
                }
            }
            if !port_taken {
                return;
            }
        }
        panic!("the cluster found its ports taken {PORT_ATTEMPTS} times")
    }

    /// How many nodes it has (running or not).
    pub(crate) fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Every node's client URL, comma-separated, as a client takes its seed servers:
    /// `nats://127.0.0.1:A,nats://127.0.0.1:B,...`.
    pub(crate) fn urls(&self) -> String {
        let urls: Vec<String> = self.nodes.iter().map(NatsNode::url).collect();
        urls.join(",")
    }

    /// Node `i`.
    pub(crate) fn node(&self, i: usize) -> &NatsNode {
        &self.nodes[i]
    }

    /// Kills node `i` with SIGKILL (see [`NatsNode::kill`]).
    pub(crate) fn kill(&mut self, i: usize) {
        self.nodes[i].kill();
    }

    /// Stops node `i` gracefully (see [`NatsNode::stop`]).
    pub(crate) async fn stop(&mut self, i: usize) {
        self.nodes[i].stop().await;
    }

    /// Starts node `i` again on its ports and store; returns once it answers the full
    /// `/healthz`: back in the meta group and current with every stream it holds.
    pub(crate) async fn restart(&mut self, i: usize) {
        self.nodes[i].restart().await;
        let what = format!("{} to be healthy after its restart", self.nodes[i].name);
        self.wait_until(&what, async |c| c.nodes[i].healthy("").await)
            .await;
    }

    /// The JetStream meta leader: Some when every running node answers and names the same
    /// running node.
    pub(crate) async fn meta_leader(&self) -> Option<usize> {
        let mut leader = None;
        for node in self.running() {
            let named = node.meta_leader_name().await??;
            if leader.get_or_insert_with(|| named.clone()) != &named {
                return None;
            }
        }
        self.running_index(&leader?)
    }

    /// `stream`'s leader (in whichever account holds it): Some when every running node answers,
    /// and those that hold the stream name the same running node.
    pub(crate) async fn stream_leader(&self, stream: &str) -> Option<usize> {
        let mut leader = None;
        for node in self.running() {
            let Some(named) = node.stream_leader_name(stream).await? else {
                continue;
            };
            let named = named?;
            if leader.get_or_insert_with(|| named.clone()) != &named {
                return None;
            }
        }
        self.running_index(&leader?)
    }

    /// Waits for a meta leader (see [`Self::meta_leader`]).
    pub(crate) async fn wait_for_meta_leader(&self) -> usize {
        eventually("a meta leader", || self.meta_leader()).await
    }

    /// Waits for a leader of `stream` other than `excluding` (e.g. one just killed, whose
    /// followers take a few seconds to notice and elect another).
    pub(crate) async fn wait_for_stream_leader(
        &self,
        stream: &str,
        excluding: Option<usize>,
    ) -> usize {
        let what = format!("a leader of stream {stream} other than {excluding:?}");
        eventually(&what, || async move {
            self.stream_leader(stream)
                .await
                .filter(|&leader| Some(leader) != excluding)
        })
        .await
    }

    fn running(&self) -> impl Iterator<Item = &NatsNode> {
        self.nodes.iter().filter(|node| node.is_running())
    }

    fn running_index(&self, name: &str) -> Option<usize> {
        self.nodes
            .iter()
            .position(|node| node.name == name && node.is_running())
    }

    /// Polls `ready` until it holds (bounded, see [`eventually`]).
    async fn wait_until(&self, what: &str, ready: impl AsyncFn(&Self) -> bool) {
        eventually(what, || async { ready(self).await.then_some(()) }).await
    }
}

/// Connections a [`CutProxy`] relays at once; more are reset on arrival.
const PROXY_MAX_CONNECTIONS: usize = 64;

/// A TCP proxy on a free loopback port in front of one address, which can cut every client off
/// (as a network partition or a dead server would) and let them back.
///
/// [`Self::cut`] resets every relayed connection and, until [`Self::heal`], resets each new one
/// as soon as it is accepted: a client sees its connection reset and its reconnects fail, while
/// the proxy keeps its port for the heal. Its tasks run on the runtime that started it and end
/// when it is dropped.
#[derive(Debug)]
pub(crate) struct CutProxy {
    addr: SocketAddr,
    cut: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl CutProxy {
    /// Starts relaying to `target`.
    pub(crate) async fn start(target: SocketAddr) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (cut, cut_seen) = watch::channel(false);
        let task = tokio::spawn(accept(listener, target, cut_seen));
        Self { addr, cut, task }
    }

    /// The address clients connect to.
    pub(crate) fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `nats://` and the address, for a NATS client.
    pub(crate) fn url(&self) -> String {
        format!("nats://{}", self.addr)
    }

    /// Resets every open connection, and every new one until [`Self::heal`]. Connections
    /// accepted after this returns are reset; open ones are reset by their relays right after.
    pub(crate) fn cut(&self) {
        self.cut.send_replace(true);
    }

    /// Relays new connections again.
    pub(crate) fn heal(&self) {
        self.cut.send_replace(false);
    }
}

impl Drop for CutProxy {
    fn drop(&mut self) {
        // Dropping the accept task drops its relays' JoinSet, which aborts them.
        self.task.abort();
    }
}

async fn accept(listener: TcpListener, target: SocketAddr, cut: watch::Receiver<bool>) {
    let mut relays = JoinSet::new();
    loop {
        let Ok((client, _)) = listener.accept().await else {
            // Out of descriptors, most likely: wait for some to close instead of spinning.
            tokio::time::sleep(Duration::from_millis(10)).await;
            continue;
        };
        while relays.try_join_next().is_some() {}
        if *cut.borrow() || relays.len() >= PROXY_MAX_CONNECTIONS {
            reset(client);
            continue;
        }
        relays.spawn(relay(client, target, cut.clone()));
    }
}

/// Copies both ways until either side closes, or resets both sides when the proxy is cut.
async fn relay(mut client: TcpStream, target: SocketAddr, mut cut: watch::Receiver<bool>) {
    let Ok(mut server) = TcpStream::connect(target).await else {
        reset(client);
        return;
    };
    tokio::select! {
        _ = tokio::io::copy_bidirectional(&mut client, &mut server) => {}
        // `wait_for` sees a cut made before it was called too.
        _ = cut.wait_for(|&cut| cut) => {
            reset(client);
            reset(server);
        }
    }
}

/// Closes `stream` with a reset (RST) rather than an orderly close, as a broken network does.
fn reset(stream: TcpStream) {
    let _ = stream.set_zero_linger();
}
