//! The gateway binary as a child process, for tests that kill it with SIGKILL or run several
//! replicas of it.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use tonic::transport::Channel;
use tonic_health::pb::health_client::HealthClient;
use tonic_health::pb::HealthCheckRequest;

/// Heartbeat of the binary's watch streams: a heartbeat after a replay means it caught up.
pub(crate) const HEARTBEAT: &str = "300ms";

/// A free loopback port (free when this returns; the gateway binds it later).
pub(crate) fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The gateway binary, restarted on the same ports and data directory; killed when dropped, so
/// a failing test leaves no process behind.
pub(crate) struct GatewayProcess {
    child: Option<Child>,
    /// More environment for the binary (e.g. the event store), after the defaults.
    env: Vec<(String, String)>,
    /// Defaults the binary does not get (e.g. `--allow-unauthenticated` for a key file).
    env_removed: Vec<String>,
    upstream: String,
    pub grpc: SocketAddr,
    pub webhooks: SocketAddr,
    data_dir: PathBuf,
    /// The largest file the binary may write (RLIMIT_FSIZE), to make its store run out of room.
    file_size_limit: Option<u64>,
}

impl GatewayProcess {
    pub(crate) fn new(upstream: String, webhooks: SocketAddr, data_dir: PathBuf) -> Self {
        Self {
            child: None,
            env: Vec::new(),
            env_removed: Vec::new(),
            upstream,
            grpc: SocketAddr::from(([127, 0, 0, 1], free_port())),
            webhooks,
            data_dir,
            file_size_limit: None,
        }
    }

    /// Limits the size of every file the binary writes (RLIMIT_FSIZE), as a full disk would;
    /// past it a write fails (SIGXFSZ is ignored, so the process lives on).
    pub(crate) fn with_file_size_limit(mut self, bytes: u64) -> Self {
        self.file_size_limit = Some(bytes);
        self
    }

    /// Lifts the file size limit of the running binary: the disk has room again.
    pub(crate) fn lift_file_size_limit(&self) {
        let pid = self.child.as_ref().expect("running").id() as libc::pid_t;
        let unlimited = libc::rlimit {
            rlim_cur: libc::RLIM_INFINITY,
            rlim_max: libc::RLIM_INFINITY,
        };
        // SAFETY: prlimit reads `unlimited` and writes nothing (old limit pointer is null).
        let done =
            unsafe { libc::prlimit(pid, libc::RLIMIT_FSIZE, &unlimited, std::ptr::null_mut()) };
        assert_eq!(done, 0, "prlimit: {}", std::io::Error::last_os_error());
    }

    /// Sets an environment variable of the binary (over the defaults).
    pub(crate) fn with_env(mut self, name: &str, value: impl Into<String>) -> Self {
        self.env.push((name.to_owned(), value.into()));
        self
    }

    /// Takes a default environment variable away: a test giving `WADISPATCH_API_KEYS` removes
    /// `WADISPATCH_ALLOW_UNAUTHENTICATED`, which the flags refuse beside it.
    pub(crate) fn without_env(mut self, name: &str) -> Self {
        self.env_removed.push(name.to_owned());
        self
    }

    fn spawn(&self) -> Child {
        let mut command = Command::new(env!("CARGO_BIN_EXE_wadispatch-gateway"));
        if let Some(limit) = self.file_size_limit {
            use std::os::unix::process::CommandExt;
            // SAFETY: between fork and exec only async-signal-safe calls (signal, setrlimit).
            unsafe {
                command.pre_exec(move || {
                    libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
                    let limit = libc::rlimit {
                        rlim_cur: limit,
                        rlim_max: libc::RLIM_INFINITY,
                    };
                    if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0 {
                        return Err(std::io::Error::last_os_error());
                    }
                    Ok(())
                });
            }
        }
        command
            .arg("serve")
            .env("WADISPATCH_ALLOW_UNAUTHENTICATED", "true")
            .env("WADISPATCH_UPSTREAM_URL", &self.upstream)
            .env("WADISPATCH_GRPC_ADDR", self.grpc.to_string())
            .env("WADISPATCH_WEBHOOK_ADDR", self.webhooks.to_string())
            .env("WADISPATCH_DATA_DIR", &self.data_dir)
            .env("WADISPATCH_HEARTBEAT", HEARTBEAT)
            .env("RUST_LOG", "warn")
            .env("NO_COLOR", "1")
            .envs(self.env.iter().map(|(k, v)| (k, v)));
        for name in &self.env_removed {
            command.env_remove(name);
        }
        command.stdin(Stdio::null()).spawn().unwrap()
    }

    /// Starts the binary and waits until its gRPC port answers; respawns it (bounded) when it
    /// exits first, e.g. because a port of the killed one is not free yet.
    pub(crate) async fn start(&mut self) -> Channel {
        assert!(self.child.is_none(), "already running");
        for _ in 0..20 {
            self.child = Some(self.spawn());
            for _ in 0..200 {
                let exited = self.child.as_mut().unwrap().try_wait().unwrap();
                if let Some(status) = exited {
                    eprintln!("gateway exited before answering ({status}); starting it again");
                    break;
                }
                if let Some(channel) = answering(self.grpc).await {
                    return channel;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            self.kill();
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        panic!("the gateway never answered on {}", self.grpc);
    }

    /// SIGKILL (what `Child::kill` sends on Unix), then reaps the process.
    pub(crate) fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for GatewayProcess {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Posts a task status webhook body to the listener at `webhooks`; answers the HTTP status.
pub(crate) async fn post_task_status(
    client: &reqwest::Client,
    webhooks: SocketAddr,
    body: String,
) -> u16 {
    client
        .post(format!("http://{webhooks}/callback/gsTask/syncTaskStatus"))
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// A channel to `addr` once a health check through it gets an answer.
pub(crate) async fn answering(addr: SocketAddr) -> Option<Channel> {
    let channel = Channel::from_shared(format!("http://{addr}"))
        .unwrap()
        .connect_timeout(Duration::from_millis(500))
        .timeout(Duration::from_secs(10))
        .connect()
        .await
        .ok()?;
    let mut health = HealthClient::new(channel.clone());
    let check = health.check(HealthCheckRequest {
        service: String::new(),
    });
    match tokio::time::timeout(Duration::from_secs(2), check).await {
        Ok(Ok(_)) => Some(channel),
        _ => None,
    }
}
