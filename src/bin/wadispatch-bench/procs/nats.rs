//! nats-server processes for the JetStream measurement: one node (R1 streams) or a cluster on
//! loopback (R3 streams), each node with its config, store and log in the work directory.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::{spawn, Launch, Proc, WorkDir};

/// The largest message the servers take (their default is 1 MiB): the gateway publishes whole
/// webhook bodies' events in batches, as a deployment's servers must allow.
const MAX_PAYLOAD: usize = 8 << 20;
/// Attempts at starting on fresh ports when a port picked free was taken before the server
/// bound it.
const PORT_ATTEMPTS: usize = 3;
/// How long a node or a cluster may take to be ready: a cluster elects its meta leader first.
const READY_WITHIN: Duration = Duration::from_secs(60);

/// One nats-server process with JetStream.
#[derive(Debug)]
struct Node {
    proc: Proc,
    client: SocketAddr,
    monitor: SocketAddr,
    log: PathBuf,
}

/// A single JetStream node or a cluster of them, killed when dropped.
#[derive(Debug)]
pub(crate) struct NatsServers {
    nodes: Vec<Node>,
}

impl NatsServers {
    /// `size` nodes (1: a single server, no cluster) under `work/<name>/n<i>`; returns once
    /// every node answers `/healthz` (JetStream up and, in a cluster, current with the meta
    /// group). Starts over on fresh ports when one was taken meanwhile.
    pub(crate) async fn start(binary: &Path, work: &WorkDir, name: &str, size: usize) -> Self {
        assert!(size > 0, "a cluster has nodes");
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(2))
            .build()
            .expect("an HTTP client");
        for _ in 0..PORT_ATTEMPTS {
            let ports = free_addrs(3 * size);
            let (clients, rest) = ports.split_at(size);
            let (monitors, routes) = rest.split_at(size);
            let mut nodes = Vec::with_capacity(size);
            for i in 0..size {
                let dir = work.path().join(name).join(format!("n{i}"));
                let _ = std::fs::remove_dir_all(&dir);
                std::fs::create_dir_all(&dir).expect("a nats-server directory");
                let mut config = format!(
                    "server_name: \"n{i}\"\n\
                     listen: \"{client}\"\n\
                     http: \"{monitor}\"\n\
                     max_payload: {MAX_PAYLOAD}\n\
                     jetstream {{\n  store_dir: \"{store}\"\n}}\n",
                    client = clients[i],
                    monitor = monitors[i],
                    store = dir.join("store").display(),
                );
                if size > 1 {
                    let route_urls: Vec<String> = routes
                        .iter()
                        .map(|r| format!("\"nats-route://{r}\""))
                        .collect();
                    // The process id in the name keeps a route that reaches another run's
                    // cluster (on a port it let go) from merging the two.
                    config += &format!(
                        "cluster {{\n  name: \"bench-{pid}-{name}\"\n  listen: \"{listen}\"\n  \
                         routes: [{routes}]\n}}\n",
                        pid = std::process::id(),
                        listen = routes[i],
                        routes = route_urls.join(", "),
                    );
                }
                let config_path = dir.join("nats.conf");
                std::fs::write(&config_path, config).expect("writing nats.conf");
                let log = dir.join("nats.log");
                let args = ["-c".to_owned(), config_path.display().to_string()];
                nodes.push(Node {
                    proc: spawn("nats-server", binary, &args, &Launch::default(), &log),
                    client: clients[i],
                    monitor: monitors[i],
                    log,
                });
            }
            let mut servers = Self { nodes };
            match servers.wait_ready(&http).await {
                Ok(()) => return servers,
                Err(Failure::PortTaken) => continue,
                Err(Failure::Failed(why)) => panic!("nats-server ({name}) did not start: {why}"),
            }
        }
        panic!("nats-server ({name}) found its ports taken {PORT_ATTEMPTS} times")
    }

    /// Every node's client URL, comma-separated, as the gateway's `--event-store` and the
    /// `nats` CLI's `--server` take seed servers.
    pub(crate) fn urls(&self) -> String {
        let urls: Vec<String> = self
            .nodes
            .iter()
            .map(|n| format!("nats://{}", n.client))
            .collect();
        urls.join(",")
    }

    /// How many nodes there are.
    pub(crate) fn len(&self) -> usize {
        self.nodes.len()
    }

    /// The nodes' process ids, for reading their CPU time.
    pub(crate) fn procs(&self) -> impl Iterator<Item = &Proc> {
        self.nodes.iter().map(|n| &n.proc)
    }

    async fn wait_ready(&mut self, http: &reqwest::Client) -> Result<(), Failure> {
        let deadline = Instant::now() + READY_WITHIN;
        // The full health check: JetStream is up and, in a cluster, the node is current with
        // the meta group, so the gateway's first stream creation finds a meta leader.
        let mut pending: Vec<usize> = (0..self.nodes.len()).collect();
        while !pending.is_empty() {
            let mut still = Vec::new();
            for i in pending {
                let node = &mut self.nodes[i];
                if let Some(status) = node.proc.exited() {
                    let log = std::fs::read_to_string(&node.log).unwrap_or_default();
                    return Err(if log.contains("address already in use") {
                        Failure::PortTaken
                    } else {
                        Failure::Failed(format!("n{i} exited with {status}:\n{log}"))
                    });
                }
                let url = format!("http://{}/healthz", node.monitor);
                let healthy = match http.get(&url).send().await {
                    Ok(answer) => answer.status().is_success(),
                    Err(_) => false,
                };
                if !healthy {
                    still.push(i);
                }
            }
            pending = still;
            if !pending.is_empty() {
                if Instant::now() > deadline {
                    return Err(Failure::Failed(format!(
                        "nodes {pending:?} not healthy within {READY_WITHIN:?}"
                    )));
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
        Ok(())
    }
}

/// `count` distinct loopback addresses free at the time of the call: all bound at once, so no
/// two are the same, then let go for the servers to bind.
fn free_addrs(count: usize) -> Vec<SocketAddr> {
    let listeners: Vec<std::net::TcpListener> = (0..count)
        .map(|_| std::net::TcpListener::bind("127.0.0.1:0").expect("a free loopback port"))
        .collect();
    listeners
        .iter()
        .map(|l| l.local_addr().expect("a bound address"))
        .collect()
}

/// Why the servers did not come up.
enum Failure {
    /// A port picked free was taken meanwhile: worth another try on fresh ports.
    PortTaken,
    Failed(String),
}
