//! The settings: the only place that defines flags and environment variables and parses their
//! strings. Every flag is also an environment variable `WADISPATCH_<NAME>`. Each component takes
//! a plain settings struct of its own, defined beside it; the methods here build them, so no
//! component depends on this module or on clap.

mod file;
mod parse;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use chrono::FixedOffset;
use clap::{Args, Parser, Subcommand};
pub use file::{parse_cli, CONFIG_ENV, CONFIG_FLAG, MAX_CONFIG_FILE_BYTES};
use parse::{
    parse_client_auth, parse_fsync, parse_header, parse_log_format, parse_net, parse_otlp_endpoint,
    parse_path_secret, parse_positive, parse_ratio, parse_webhook_header,
};
pub use parse::{parse_duration, parse_offset, parse_signing_secret, parse_since};

/// Default gRPC listen address.
pub const DEFAULT_GRPC_ADDR: &str = "127.0.0.1:50051";
/// Default webhook listen address.
pub const DEFAULT_WEBHOOK_ADDR: &str = "127.0.0.1:8080";
/// Default directory of the durable event log.
pub const DEFAULT_DATA_DIR: &str = "./data";
/// The platform's documented local zone: its default times such as `1970-01-01 08:00:01` show UTC+8.
pub const DEFAULT_PLATFORM_UTC_OFFSET: &str = "+08:00";

/// The command line: a subcommand and the optional config file.
#[derive(Debug, Parser)]
#[command(
    name = "wadispatch-gateway",
    version,
    about = "gRPC gateway for the WhatsApp mass-dispatch platform"
)]
pub struct Cli {
    /// Config file (TOML) whose keys are the flags' long names (grpc-addr = "0.0.0.0:50051");
    /// flags and environment variables override it.
    #[arg(long, env = "WADISPATCH_CONFIG", global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// How log lines are written: "text" for people, "json" (one object per line, with the
    /// fields of the caller's RPC, its request id and trace id) for log collectors.
    #[arg(long, env = "WADISPATCH_LOG_FORMAT", global = true, default_value = "text", value_parser = parse_log_format)]
    pub log_format: crate::observe::trace::LogFormat,

    /// What to run.
    #[command(subcommand)]
    pub command: Command,
}

impl Cli {
    /// The observability settings of the command, if it runs a gateway.
    pub fn observe(&self) -> Option<&ObserveArgs> {
        match &self.command {
            Command::Serve(args) => Some(&args.gateway.observe),
            Command::Demo(args) => Some(&args.gateway.observe),
            _ => None,
        }
    }
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the gRPC API in front of the platform at --upstream-url.
    Serve(ServeArgs),
    /// Run the platform simulator and the gateway together on loopback, with no configuration,
    /// and show a campaign sent through the gateway live.
    #[command(mut_arg("speed", |speed| speed.default_value(DEMO_SPEED)))]
    Demo(DemoArgs),
    /// Run the platform simulator alone.
    Sim(SimArgs),
    /// Print the webhooks the listener rejected and kept, newest first, as JSON lines.
    DeadLetters(DeadLetterArgs),
    /// Print the audit trail of state-changing calls, oldest first, as JSON lines.
    Audit(AuditArgs),
    /// Manage API keys: `keys new NAME --permissions ...` prints a new key and its key-file entry.
    #[command(subcommand)]
    Keys(KeysCommand),
    /// Ask a gateway's `/healthz` (or `/readyz`) and exit 0 if it answers 200: a container's
    /// health check, for images that have no shell or HTTP client.
    Healthcheck(HealthcheckArgs),
    /// Watch a task, every task or the sender accounts live, as a client of a gateway;
    /// resumable: Ctrl-C and the same command again continue after the last message shown.
    #[command(subcommand)]
    Watch(WatchCommand),
    /// Send one message to every recipient of a CSV file, as a client of a gateway: checks the
    /// whole file first, creates tasks of at most 5,000 recipients (running it again creates
    /// nothing twice), then watches them until they are final.
    Send(SendArgs),
}

/// `healthcheck`: which endpoint to ask.
#[derive(Debug, Clone, Args)]
pub struct HealthcheckArgs {
    /// The health endpoint: `/healthz` (liveness) or `/readyz` (readiness) on the webhook port
    /// (plain HTTP) or the metrics port.
    #[arg(
        long,
        env = "WADISPATCH_HEALTHCHECK_URL",
        default_value = "http://127.0.0.1:8080/healthz"
    )]
    pub url: reqwest::Url,

    /// How long to wait for the answer.
    #[arg(long, default_value = "3s", value_parser = parse_duration)]
    pub timeout: Duration,
}

/// How the terminal client reaches a gateway: its address, and the credentials.
#[derive(Debug, Clone, Args)]
pub struct ClientArgs {
    /// The gateway's gRPC address: host:port, or http://host:port, or https://host:port (TLS,
    /// with --ca-cert).
    #[arg(long, env = "WADISPATCH_ADDR", default_value = DEFAULT_GRPC_ADDR, value_parser = parse_gateway_addr)]
    pub gateway: crate::client::GatewayAddr,

    /// The API key and TLS files.
    #[command(flatten)]
    pub credentials: CredentialArgs,
}

/// The credentials of a client: the same environment variables as the Go, Java and Python
/// examples.
#[derive(Clone, Args)]
pub struct CredentialArgs {
    /// API key, sent on every call as `authorization: Bearer <key>`; prefer the environment
    /// variable to the command line. Never printed.
    #[arg(long, env = "WADISPATCH_KEY", hide_env_values = true)]
    pub key: Option<String>,

    /// PEM CA that signed the gateway's certificate: connect with TLS, trusting it. Unset:
    /// plaintext (for a gateway on loopback).
    #[arg(long, env = "WADISPATCH_CA_CERT", value_name = "FILE")]
    pub ca_cert: Option<PathBuf>,

    /// PEM client certificate, for a gateway that asks for one (mutual TLS; with --client-key).
    #[arg(
        long,
        env = "WADISPATCH_CLIENT_CERT",
        value_name = "FILE",
        requires = "client_key"
    )]
    pub client_cert: Option<PathBuf>,

    /// PEM private key (PKCS#8) of --client-cert.
    #[arg(
        long,
        env = "WADISPATCH_CLIENT_KEY",
        value_name = "FILE",
        requires = "client_cert"
    )]
    pub client_key: Option<PathBuf>,
}

// The key stays out of `{:?}`.
impl std::fmt::Debug for CredentialArgs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CredentialArgs")
            .field("key", &self.key.as_ref().map(|_| "<redacted>"))
            .field("ca_cert", &self.ca_cert)
            .field("client_cert", &self.client_cert)
            .field("client_key", &self.client_key)
            .finish()
    }
}

impl CredentialArgs {
    /// The client's connection to `gateway` with these credentials.
    pub fn connect_settings(
        &self,
        gateway: crate::client::GatewayAddr,
    ) -> crate::client::ConnectSettings {
        crate::client::ConnectSettings {
            gateway,
            key: self.key.clone().filter(|key| !key.trim().is_empty()),
            ca_cert: self.ca_cert.clone(),
            client_identity: self.client_cert.clone().zip(self.client_key.clone()),
        }
    }
}

impl ClientArgs {
    /// The client's connection settings.
    pub fn settings(&self) -> crate::client::ConnectSettings {
        self.credentials.connect_settings(self.gateway.clone())
    }
}

/// `host:port`, `http://host:port` or `https://host:port` (a trailing `/` allowed); nothing
/// else: a path would be silently dropped by a gRPC channel.
fn parse_gateway_addr(raw: &str) -> Result<crate::client::GatewayAddr, String> {
    let raw = raw.trim();
    let (https, rest) = if let Some(rest) = raw.strip_prefix("https://") {
        (Some(true), rest)
    } else if let Some(rest) = raw.strip_prefix("http://") {
        (Some(false), rest)
    } else if raw.contains("://") {
        return Err(format!(
            "expected host:port or http(s)://host:port, got {raw:?}"
        ));
    } else {
        (None, raw)
    };
    let authority = rest.strip_suffix('/').unwrap_or(rest);
    let parsed: http::uri::Authority = authority
        .parse()
        .map_err(|_| format!("expected host:port or http(s)://host:port, got {raw:?}"))?;
    if parsed.port_u16().is_none() || parsed.host().is_empty() || authority.contains('@') {
        return Err(format!(
            "expected host:port or http(s)://host:port (with the port), got {raw:?}"
        ));
    }
    Ok(crate::client::GatewayAddr {
        authority: authority.to_owned(),
        https,
    })
}

/// How a client command shows its output.
#[derive(Debug, Clone, Args)]
pub struct OutputArgs {
    /// "text": progress bars at a terminal, plain lines otherwise (a pipe, a log); "json": one
    /// JSON object per line for scripts, the shapes of the dashboard's events.
    #[arg(long, env = "WADISPATCH_OUTPUT", default_value = "text", value_parser = parse_output)]
    pub output: crate::client::Output,
}

fn parse_output(raw: &str) -> Result<crate::client::Output, String> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "text" => Ok(crate::client::Output::Text),
        "json" => Ok(crate::client::Output::Json),
        _ => Err(format!("expected \"text\" or \"json\", got {raw:?}")),
    }
}

/// `watch`: what to watch.
#[derive(Debug, Subcommand)]
pub enum WatchCommand {
    /// One task: a bar per status group (sent, delivered, read, replied, failed), failures by
    /// reason, replies as they arrive.
    Task(WatchTaskArgs),
    /// Every task: a bar (or line) per task.
    Tasks(WatchAnyArgs),
    /// Sender accounts (all, or the PHONEs given): a line per change, and how many are online,
    /// offline and banned.
    Accounts(WatchAccountsArgs),
}

/// What every watch takes: the gateway, the output and the cursor file.
#[derive(Debug, Clone, Args)]
pub struct WatchAnyArgs {
    /// The gateway and the credentials.
    #[command(flatten)]
    pub client: ClientArgs,

    /// How it is shown.
    #[command(flatten)]
    pub output: OutputArgs,

    /// File keeping the cursor of the last message shown, written after each one; the same
    /// watch started again continues after it. Default: one file per gateway and watch under
    /// $XDG_STATE_HOME/wadispatch-gateway/cursors (~/.local/state/...).
    #[arg(long, env = "WADISPATCH_CURSOR_FILE", value_name = "FILE")]
    pub cursor_file: Option<PathBuf>,
}

/// `watch task ID`.
#[derive(Debug, Clone, Args)]
pub struct WatchTaskArgs {
    /// The task's id.
    pub task_id: String,

    /// End once the task is completed or stopped (after showing every message before that).
    #[arg(long, env = "WADISPATCH_UNTIL_FINAL")]
    pub until_final: bool,

    /// The gateway, the output, the cursor file.
    #[command(flatten)]
    pub watch: WatchAnyArgs,
}

/// `watch accounts [PHONE...]`.
#[derive(Debug, Clone, Args)]
pub struct WatchAccountsArgs {
    /// Accounts to watch; none: every account.
    pub phones: Vec<String>,

    /// The gateway, the output, the cursor file.
    #[command(flatten)]
    pub watch: WatchAnyArgs,
}

/// Where default cursor files go: `$XDG_STATE_HOME/wadispatch-gateway/cursors`, else
/// `~/.local/state/wadispatch-gateway/cursors`, else `.wadispatch-cursors` here.
fn cursor_dir() -> PathBuf {
    let state = std::env::var_os("XDG_STATE_HOME")
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|home| !home.is_empty())
                .map(|home| PathBuf::from(home).join(".local/state"))
        });
    match state {
        Some(state) => state.join("wadispatch-gateway/cursors"),
        None => PathBuf::from(".wadispatch-cursors"),
    }
}

impl WatchCommand {
    /// The watch's settings.
    pub fn settings(&self) -> crate::client::watch::WatchSettings {
        use crate::client::watch::Watch;
        let (watch, any, until_final) = match self {
            Self::Task(args) => (
                Watch::Task(args.task_id.trim().to_owned()),
                &args.watch,
                args.until_final,
            ),
            Self::Tasks(args) => (Watch::Tasks, args, false),
            Self::Accounts(args) => (Watch::Accounts(args.phones.clone()), &args.watch, false),
        };
        crate::client::watch::WatchSettings {
            connect: any.client.settings(),
            watch,
            cursor_file: any.cursor_file.clone(),
            cursor_dir: cursor_dir(),
            output: any.output.output,
            until_final,
        }
    }
}

/// `send`: the campaign.
#[derive(Debug, Clone, Args)]
pub struct SendArgs {
    /// CSV file of recipients: a phone number with country code in the first column, one per
    /// row; an optional header row; further columns ignored (see the README).
    #[arg(long, env = "WADISPATCH_SEND_TARGETS", value_name = "FILE.csv")]
    pub targets: PathBuf,

    /// The message, at most 1024 characters.
    #[arg(long, env = "WADISPATCH_SEND_TEXT")]
    pub text: String,

    /// A sender account the platform may send from (repeatable: a pool); none: the platform
    /// picks among its online accounts. In the environment variable, separate with ','.
    #[arg(
        long = "sender",
        env = "WADISPATCH_SEND_SENDERS",
        value_name = "PHONE",
        value_delimiter = ','
    )]
    pub senders: Vec<String>,

    /// The tasks' name; a campaign of several tasks numbers them: "NAME (2/3)".
    #[arg(long, env = "WADISPATCH_SEND_NAME")]
    pub name: Option<String>,

    /// Only create the tasks (print their ids); do not watch them.
    #[arg(long, env = "WADISPATCH_SEND_NO_WATCH")]
    pub no_watch: bool,

    /// How it is shown.
    #[command(flatten)]
    pub output: OutputArgs,

    /// The gateway and the credentials.
    #[command(flatten)]
    pub client: ClientArgs,
}

impl SendArgs {
    /// The campaign's settings.
    pub fn settings(&self) -> crate::client::send::SendSettings {
        crate::client::send::SendSettings {
            connect: self.client.settings(),
            targets: self.targets.clone(),
            text: self.text.clone(),
            senders: self.senders.clone(),
            name: self.name.clone().filter(|name| !name.trim().is_empty()),
            watch: !self.no_watch,
            output: self.output.output,
        }
    }
}

/// `keys`: API keys for the key file (`--api-keys`).
#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Print a new random key (give it to the caller; it is shown once) and the entry to append
    /// to the key file, which holds only the key's SHA-256 digest.
    New(NewKeyArgs),
}

/// `keys new`: a key's name, permissions and limits.
#[derive(Debug, Clone, Args)]
pub struct NewKeyArgs {
    /// The caller's name, as logs and the audit trail show it (letters, digits, - _ . @).
    pub name: String,

    /// Permissions, comma-separated: names such as tasks.send, areas such as tasks.*, or *.
    #[arg(long, value_delimiter = ',', required = true)]
    pub permissions: Vec<String>,

    /// Calls per second the key may make (token bucket); 0: no limit.
    #[arg(long, default_value_t = DEFAULT_KEY_CALLS_PER_SECOND)]
    pub calls_per_second: f64,

    /// Calls the key may make at once (the bucket's size).
    #[arg(long, default_value_t = DEFAULT_KEY_CALL_BURST)]
    pub call_burst: u32,

    /// Recipients the key's creates may name within any rolling hour; 0: no limit.
    #[arg(long, default_value_t = DEFAULT_KEY_RECIPIENTS_PER_HOUR)]
    pub recipients_per_hour: u64,

    /// Recipients the key's creates may name within any rolling day; 0: no limit.
    #[arg(long, default_value_t = DEFAULT_KEY_RECIPIENTS_PER_DAY)]
    pub recipients_per_day: u64,
}

impl NewKeyArgs {
    /// The new key's limits; a zero means none.
    pub fn limits(&self) -> crate::callers::keys::KeyLimits {
        crate::callers::keys::KeyLimits {
            calls_per_second: Some(self.calls_per_second).filter(|r| *r > 0.0),
            call_burst: Some(self.call_burst).filter(|_| self.calls_per_second > 0.0),
            recipients_per_hour: Some(self.recipients_per_hour).filter(|n| *n > 0),
            recipients_per_day: Some(self.recipients_per_day).filter(|n| *n > 0),
            unknown_recipients: crate::callers::keys::DEFAULT_UNKNOWN_RECIPIENTS,
        }
    }
}

/// `keys new` defaults: generous for a service's steady traffic, low enough that a runaway loop
/// is stopped within its first minutes rather than at the platform's own limits.
pub const DEFAULT_KEY_CALLS_PER_SECOND: f64 = 20.0;
/// Default burst of `keys new`: two seconds of calls at the default rate.
pub const DEFAULT_KEY_CALL_BURST: u32 = 40;
/// Default hourly recipient ceiling of `keys new`.
pub const DEFAULT_KEY_RECIPIENTS_PER_HOUR: u64 = 20_000;
/// Default daily recipient ceiling of `keys new`.
pub const DEFAULT_KEY_RECIPIENTS_PER_DAY: u64 = 100_000;
/// Default interval at which the key file is checked for changes (SIGHUP checks at once).
pub const DEFAULT_API_KEYS_RELOAD_INTERVAL: &str = "10s";

/// Who may call the gateway.
#[derive(Debug, Clone, Args)]
pub struct CallerArgs {
    /// Key file (TOML) naming the callers, their key digests or certificate subjects, their
    /// permissions and limits; see `keys new`. Re-read when it changes and on SIGHUP.
    #[arg(long, env = "WADISPATCH_API_KEYS")]
    pub api_keys: Option<PathBuf>,

    /// How often the key file is checked for changes; 0: only on SIGHUP.
    #[arg(long, env = "WADISPATCH_API_KEYS_RELOAD_INTERVAL", default_value = DEFAULT_API_KEYS_RELOAD_INTERVAL, value_parser = parse_duration)]
    pub api_keys_reload_interval: Duration,

    /// Serve every caller without a key, with every permission. Without --api-keys, `serve`
    /// refuses to start unless this is given.
    #[arg(
        long,
        env = "WADISPATCH_ALLOW_UNAUTHENTICATED",
        conflicts_with = "api_keys"
    )]
    pub allow_unauthenticated: bool,
}

impl CallerArgs {
    /// The callers' settings: key file, its reload interval, unauthenticated mode.
    pub fn settings(&self) -> crate::callers::CallerSettings {
        crate::callers::CallerSettings {
            api_keys: self.api_keys.clone(),
            api_keys_reload_interval: self.api_keys_reload_interval,
            allow_unauthenticated: self.allow_unauthenticated,
        }
    }
}

/// `dead-letters`: inspect the dead-letter table of an event log.
#[derive(Debug, Clone, Args)]
pub struct DeadLetterArgs {
    /// Directory of the durable event log.
    #[arg(long, env = "WADISPATCH_DATA_DIR", default_value = DEFAULT_DATA_DIR)]
    pub data_dir: PathBuf,

    /// How many to print.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,

    /// The event store to read (its streams are read as they are).
    #[command(flatten)]
    pub store: StoreArgs,
}

/// `audit`: read the audit trail of an event log (also while a gateway writes to it).
#[derive(Debug, Clone, Args)]
pub struct AuditArgs {
    /// Directory of the durable event log.
    #[arg(long, env = "WADISPATCH_DATA_DIR", default_value = DEFAULT_DATA_DIR)]
    pub data_dir: PathBuf,

    /// Only calls received at or after this time: RFC 3339 (2026-03-01T09:00:00Z) or a duration
    /// ago (30m, 1h, 7d).
    #[arg(long = "since", value_name = "TIME", value_parser = parse_since)]
    pub since_ms: Option<i64>,

    /// Only this caller's calls (its key name, or its certificate's subject).
    #[arg(long)]
    pub key: Option<String>,

    /// Most records printed; every matching record when not given.
    #[arg(long)]
    pub limit: Option<usize>,

    /// The event store to read (its streams are read as they are).
    #[command(flatten)]
    pub store: StoreArgs,
}

/// `demo`: the gateway in front of the simulator.
#[derive(Debug, Clone, Args)]
pub struct DemoArgs {
    /// The gateway's listeners, log, webhook authentication, callers and TLS.
    #[command(flatten)]
    pub gateway: GatewayArgs,

    /// The simulator the gateway calls.
    #[command(flatten)]
    pub sim: SimArgs,

    /// Show the demo's campaign as plain lines even at a terminal (for CI and recordings).
    #[arg(long, env = "WADISPATCH_DEMO_HEADLESS")]
    pub headless: bool,

    /// Skip the demo's campaign: start everything and print the guide at once.
    #[arg(long, env = "WADISPATCH_DEMO_NO_CAMPAIGN")]
    pub no_campaign: bool,

    /// How the demo's campaign calls its own gateway when the gateway is given callers
    /// (--api-keys) or TLS: a key of the key file, and the CA that signed --tls-cert.
    #[command(flatten)]
    pub client: CredentialArgs,
}

/// The demo's simulator speed unless `--speed` says otherwise: at 0.1 a 100-recipient task
/// takes about ten seconds and the demo's 300-recipient campaign about twenty, slow enough to
/// watch its bars move (`sim` keeps 1.0, for tests and benchmarks).
pub const DEMO_SPEED: &str = "0.1";

/// What the gateway itself listens on and keeps, shared by `serve` and `demo`.
#[derive(Debug, Clone, Args)]
pub struct GatewayArgs {
    /// Address the gRPC server listens on.
    #[arg(long, env = "WADISPATCH_GRPC_ADDR", default_value = DEFAULT_GRPC_ADDR)]
    pub grpc_addr: SocketAddr,

    /// Address the webhook listener listens on.
    #[arg(long, env = "WADISPATCH_WEBHOOK_ADDR", default_value = DEFAULT_WEBHOOK_ADDR)]
    pub webhook_addr: SocketAddr,

    /// Directory of the durable event log.
    #[arg(long, env = "WADISPATCH_DATA_DIR", default_value = DEFAULT_DATA_DIR)]
    pub data_dir: PathBuf,

    /// Webhook listener and event log.
    #[command(flatten)]
    pub events: EventArgs,

    /// Where the event log is kept: embedded, or shared by several replicas on NATS JetStream.
    #[command(flatten)]
    pub store: StoreArgs,

    /// How webhooks are authenticated.
    #[command(flatten)]
    pub webhook_auth: WebhookAuthArgs,

    /// Connection limits of both listeners.
    #[command(flatten)]
    pub connections: ConnectionArgs,

    /// Who may call the gateway.
    #[command(flatten)]
    pub callers: CallerArgs,

    /// TLS of both listeners.
    #[command(flatten)]
    pub tls: TlsArgs,

    /// Metrics, traces and logs.
    #[command(flatten)]
    pub observe: ObserveArgs,

    /// The live dashboard.
    #[command(flatten)]
    pub dashboard: DashboardArgs,
}

/// The live dashboard: a page for people, fed by the same watch streams as the gRPC API.
#[derive(Debug, Clone, Args)]
pub struct DashboardArgs {
    /// Address the dashboard is served on (HTTP, or HTTPS with the gRPC listener's
    /// certificate); off when not given (`demo` serves it on 127.0.0.1:8090). Signing in takes
    /// an API key with tasks.watch and accounts.watch.
    #[arg(long, env = "WADISPATCH_DASHBOARD_ADDR")]
    pub dashboard_addr: Option<SocketAddr>,

    /// Events of the log a newly opened dashboard is sent first, so that it shows recent
    /// campaigns.
    #[arg(long, env = "WADISPATCH_DASHBOARD_BACKLOG", default_value_t = crate::dashboard::DEFAULT_BACKLOG_EVENTS)]
    pub dashboard_backlog: u64,

    /// Event streams every open dashboard page holds together, at most (each page holds two).
    #[arg(long, env = "WADISPATCH_DASHBOARD_MAX_STREAMS", default_value_t = crate::dashboard::DEFAULT_MAX_STREAMS)]
    pub dashboard_max_streams: usize,
}

impl DashboardArgs {
    /// The dashboard's settings.
    pub fn settings(&self) -> crate::dashboard::DashboardSettings {
        crate::dashboard::DashboardSettings {
            backlog_events: self.dashboard_backlog,
            max_streams: self.dashboard_max_streams,
        }
    }
}

/// How an operator observes the gateway: metrics, traces, logs.
#[derive(Debug, Clone, Args)]
pub struct ObserveArgs {
    /// Address of the HTTP endpoint serving /metrics (Prometheus), /healthz and /readyz; off
    /// when not given. It has no authentication: keep it on loopback or a private network.
    #[arg(long, env = "WADISPATCH_METRICS_ADDR")]
    pub metrics_addr: Option<SocketAddr>,

    /// OTLP/gRPC collector the spans are exported to, e.g. http://127.0.0.1:4317; off when not
    /// given. Spans name callers and request ids: use https:// beyond loopback.
    #[arg(long, env = "WADISPATCH_OTLP_ENDPOINT", value_parser = parse_otlp_endpoint)]
    pub otlp_endpoint: Option<String>,

    /// Share of new traces sampled, 0 to 1 (a caller's own decision, in its traceparent, is
    /// followed): lower it when the collector cannot take every call.
    #[arg(long, env = "WADISPATCH_TRACE_SAMPLE_RATIO", default_value_t = crate::observe::trace::DEFAULT_SAMPLE_RATIO, value_parser = parse_ratio)]
    pub trace_sample_ratio: f64,
}

impl ObserveArgs {
    /// Where spans are exported; none when no endpoint is given.
    pub fn otlp_settings(&self) -> Option<crate::observe::trace::OtlpSettings> {
        self.otlp_endpoint
            .as_ref()
            .map(|endpoint| crate::observe::trace::OtlpSettings {
                endpoint: endpoint.clone(),
                sample_ratio: self.trace_sample_ratio,
            })
    }
}

/// `serve`: the gateway in front of the real platform.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// The gateway's listeners, log, webhook authentication, callers and TLS.
    #[command(flatten)]
    pub gateway: GatewayArgs,

    /// How long a shutdown (SIGTERM, Ctrl-C) waits for in-flight calls and open connections
    /// before closing them.
    #[arg(long, env = "WADISPATCH_SHUTDOWN_GRACE", default_value = "10s", value_parser = parse_duration)]
    pub shutdown_grace: Duration,

    /// The platform's URL, headers, timeouts and client limits.
    #[command(flatten)]
    pub upstream: UpstreamArgs,
}

/// The webhook listener and the durable event log.
#[derive(Debug, Clone, Args)]
pub struct EventArgs {
    /// Path prefix of the webhook listener, before the platform's documented paths (e.g. /hooks).
    #[arg(long, env = "WADISPATCH_WEBHOOK_PREFIX", default_value = "")]
    pub webhook_prefix: String,

    /// Largest webhook body accepted, in bytes; larger ones get 413.
    #[arg(long, env = "WADISPATCH_WEBHOOK_BODY_LIMIT", default_value_t = crate::webhook::DEFAULT_BODY_LIMIT)]
    pub webhook_body_limit: usize,

    /// Durability of each log commit: "normal" survives a crash of the gateway (kill -9),
    /// "full" also an OS crash or power loss, at one fsync per group commit.
    #[arg(long, env = "WADISPATCH_FSYNC", default_value = "normal", value_parser = parse_fsync)]
    pub fsync: crate::events::log::Fsync,

    /// Events, dedup keys and dead letters older than this are pruned.
    #[arg(long, env = "WADISPATCH_RETENTION_AGE", default_value = "7d", value_parser = parse_duration)]
    pub retention_age: Duration,

    /// The oldest events are pruned while the log's event payloads exceed this many bytes.
    #[arg(long, env = "WADISPATCH_RETENTION_BYTES", default_value_t = crate::events::log::DEFAULT_RETENTION_BYTES)]
    pub retention_bytes: u64,

    /// Most dead letters (rejected webhooks) kept; the oldest are pruned first.
    #[arg(long, env = "WADISPATCH_DEAD_LETTER_MAX_COUNT", default_value_t = crate::events::log::DEFAULT_DEAD_LETTER_MAX_COUNT, value_parser = clap::value_parser!(u64).range(1..))]
    pub dead_letter_max_count: u64,

    /// Most bytes of dead letters kept (bodies and texts); the oldest are pruned first.
    #[arg(long, env = "WADISPATCH_DEAD_LETTER_MAX_BYTES", default_value_t = crate::events::log::DEFAULT_DEAD_LETTER_MAX_BYTES, value_parser = clap::value_parser!(u64).range(1..))]
    pub dead_letter_max_bytes: u64,

    /// Bytes of SQLite WAL at which the writer forces a checkpoint that waits for readers.
    /// Checkpoints normally run off the commit path near 4 MiB; the WAL reaches this only while
    /// a reader keeps them from finishing, and writes then slow down rather than grow the file.
    #[arg(long, env = "WADISPATCH_WAL_MAX_BYTES", default_value_t = crate::events::log::DEFAULT_WAL_MAX_BYTES, value_parser = clap::value_parser!(u64).range(1..))]
    pub wal_max_bytes: u64,

    /// Most body bytes kept per dead letter; a longer body is cut and its length recorded.
    #[arg(long, env = "WADISPATCH_DEAD_LETTER_BODY_MAX_BYTES", default_value_t = crate::events::log::DEFAULT_DEAD_LETTER_BODY_MAX_BYTES)]
    pub dead_letter_body_max_bytes: usize,

    /// Most audit records of refused calls (permission, validation, ceilings) kept; the oldest
    /// go first. Records of calls sent to the platform are pruned by age only.
    #[arg(long, env = "WADISPATCH_AUDIT_MAX_REFUSED_RECORDS", default_value_t = crate::events::audit::DEFAULT_MAX_REFUSED_RECORDS, value_parser = clap::value_parser!(u64).range(1..))]
    pub audit_max_refused_records: u64,

    /// How long a state-changing call's request id is remembered: a retry with it within this
    /// time is answered from the record and never sent to the platform twice.
    #[arg(long, env = "WADISPATCH_REQUEST_ID_RETENTION", default_value = "24h", value_parser = parse_duration)]
    pub request_id_retention: Duration,

    /// Most request-id records kept; at the cap a new call with a request id is refused unsent
    /// (REQUEST_RECORDS_FULL) until records age out.
    #[arg(long, env = "WADISPATCH_REQUEST_ID_MAX_RECORDS", default_value_t = crate::events::log::requests::DEFAULT_MAX_RECORDS, value_parser = clap::value_parser!(u64).range(1..))]
    pub request_id_max_records: u64,

    /// Whether an `x-request-id` header identifies a state-changing call for safe retries (per
    /// RPC) when neither the `request_id` field nor `idempotency-key` is set. Off by default: a
    /// tracer or proxy that propagates one correlation id to several calls of one RPC (a start,
    /// a pause, the same start again) would have the later ones answered without being sent.
    #[arg(long, env = "WADISPATCH_REQUEST_ID_FROM_X_REQUEST_ID", default_value_t = crate::grpc::idempotency::RequestIdSettings::default().from_x_request_id, action = clap::ArgAction::Set)]
    pub request_id_from_x_request_id: bool,

    /// Idle time after which a watch stream gets a heartbeat message.
    #[arg(long, env = "WADISPATCH_HEARTBEAT", default_value = "15s", value_parser = parse_duration)]
    pub heartbeat: Duration,
}

/// The event store: SQLite in the data directory, or NATS JetStream shared by replicas.
#[derive(Debug, Clone, Args)]
pub struct StoreArgs {
    /// Where events, dedup markers, dead letters, the audit trail and request records are
    /// kept: "sqlite" (embedded, in --data-dir: one gateway) or NATS JetStream servers
    /// ("nats://host:4222", comma-separated seeds of a cluster, "tls://" for TLS), which every
    /// replica of the gateway shares.
    #[arg(long, env = "WADISPATCH_EVENT_STORE", default_value = "sqlite", value_parser = parse_event_store)]
    pub event_store: EventStore,

    /// NATS user (with --nats-password).
    #[arg(long, env = "WADISPATCH_NATS_USER", requires = "nats_password")]
    pub nats_user: Option<String>,

    /// NATS password (with --nats-user); prefer the environment variable to the command line.
    #[arg(
        long,
        env = "WADISPATCH_NATS_PASSWORD",
        hide_env_values = true,
        requires = "nats_user"
    )]
    pub nats_password: Option<String>,

    /// NATS token; prefer the environment variable to the command line.
    #[arg(long, env = "WADISPATCH_NATS_TOKEN", hide_env_values = true, conflicts_with_all = ["nats_user", "nats_creds"])]
    pub nats_token: Option<String>,

    /// NATS credentials file (a user JWT and its NKey seed, as `nsc` writes them).
    #[arg(
        long,
        env = "WADISPATCH_NATS_CREDS",
        value_name = "FILE",
        conflicts_with = "nats_user"
    )]
    pub nats_creds: Option<PathBuf>,

    /// CA certificates (PEM) of the NATS servers' TLS certificates; implies TLS.
    #[arg(long, env = "WADISPATCH_NATS_TLS_CA", value_name = "FILE")]
    pub nats_tls_ca: Option<PathBuf>,

    /// Replicas of each JetStream stream: 1 on a single server, 3 (or 5) on a cluster, so
    /// losing a server loses nothing acknowledged. Applied to existing streams at start.
    #[arg(long, env = "WADISPATCH_NATS_REPLICAS", default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..=5))]
    pub nats_replicas: u64,

    /// How long a write keeps retrying while NATS is unreachable or electing a leader before
    /// a webhook gets 503 (never 200 for what is not stored).
    #[arg(long, env = "WADISPATCH_NATS_UNAVAILABLE_AFTER", default_value = "10s", value_parser = parse_duration)]
    pub nats_unavailable_after: Duration,
}

/// The event store named by `--event-store`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventStore {
    /// The embedded SQLite log in the data directory.
    Sqlite,
    /// NATS servers' URLs.
    Nats(Vec<String>),
}

fn parse_event_store(raw: &str) -> Result<EventStore, String> {
    let raw = raw.trim();
    if raw.eq_ignore_ascii_case("sqlite") {
        return Ok(EventStore::Sqlite);
    }
    let servers: Vec<String> = raw.split(',').map(|s| s.trim().to_owned()).collect();
    for server in &servers {
        let Some((_, address)) = server.split_once("://") else {
            return Err(format!(
                "expected \"sqlite\" or nats://host:port (comma-separated for a cluster), got {server:?}"
            ));
        };
        // Credentials in an address would reach log lines; they have flags of their own. Not
        // echoed: the value holds a secret.
        if address.contains('@') {
            return Err(
                "a NATS address with credentials in it: give them with --nats-user and \
                 --nats-password, --nats-token or --nats-creds"
                    .to_owned(),
            );
        }
        if !(server.starts_with("nats://") || server.starts_with("tls://")) {
            return Err(format!(
                "expected \"sqlite\" or nats://host:port (comma-separated for a cluster), got {server:?}"
            ));
        }
    }
    Ok(EventStore::Nats(servers))
}

impl StoreArgs {
    /// The store to open: None for the embedded SQLite log.
    pub fn nats_settings(&self) -> Option<crate::events::log::NatsSettings> {
        use crate::events::log::{NatsAuth, NatsSettings};
        let EventStore::Nats(servers) = &self.event_store else {
            return None;
        };
        let auth = match (
            &self.nats_user,
            &self.nats_password,
            &self.nats_token,
            &self.nats_creds,
        ) {
            (Some(user), Some(password), _, _) => NatsAuth::UserPassword {
                user: user.clone(),
                password: password.clone(),
            },
            (_, _, Some(token), _) => NatsAuth::Token(token.clone()),
            (_, _, _, Some(creds)) => NatsAuth::CredsFile(creds.clone()),
            _ => NatsAuth::None,
        };
        Some(NatsSettings {
            auth,
            tls_ca: self.nats_tls_ca.clone(),
            replicas: usize::try_from(self.nats_replicas).unwrap_or(1),
            unavailable_after: self.nats_unavailable_after,
            ..NatsSettings::new(servers.clone())
        })
    }
}

impl EventArgs {
    /// The event log's retention, dead-letter and audit caps, and durability.
    pub fn log_settings(&self) -> crate::events::log::LogSettings {
        crate::events::log::LogSettings {
            fsync: self.fsync,
            retention_age: self.retention_age,
            retention_bytes: self.retention_bytes,
            dead_letter_max_count: self.dead_letter_max_count,
            dead_letter_max_bytes: self.dead_letter_max_bytes,
            dead_letter_body_max_bytes: self.dead_letter_body_max_bytes,
            audit_max_refused_records: self.audit_max_refused_records,
            request_retention: self.request_id_retention,
            request_max_records: self.request_id_max_records,
            wal_max_bytes: self.wal_max_bytes,
            ..Default::default()
        }
    }

    /// Which metadata may identify a state-changing call.
    pub fn request_id_settings(&self) -> crate::grpc::idempotency::RequestIdSettings {
        crate::grpc::idempotency::RequestIdSettings {
            from_x_request_id: self.request_id_from_x_request_id,
        }
    }

    /// The webhook listener's settings, with its authentication and the platform's UTC offset.
    pub fn listener_settings(
        &self,
        auth: crate::webhook::auth::WebhookAuth,
        utc_offset: FixedOffset,
    ) -> crate::webhook::ListenerSettings {
        crate::webhook::ListenerSettings {
            prefix: self.webhook_prefix.clone(),
            auth,
            body_limit: self.webhook_body_limit,
            clock: crate::wire::time::PlatformClock::new(utc_offset),
        }
    }
}

/// Descriptors the default connection caps leave to everything else, at least: standard streams,
/// the runtime (epoll, wakers, signal pipe), the event log (database, WAL, shared memory, and the
/// readers' handles) and the platform's connection pool (capped by its own settings).
pub const FD_RESERVE_MIN: u64 = 256;
/// ... and at least this fraction (1/8) of the descriptor limit, so that a large limit still
/// leaves room for a large platform pool.
pub const FD_RESERVE_DIVISOR: u64 = 8;
/// The default caps never exceed this many connections in all: an idle connection still costs
/// memory (its buffers and task, about 30 KiB measured under a flood), so a huge descriptor
/// limit must not become a huge memory bound (about 1 GiB at this ceiling).
pub const MAX_DEFAULT_CONNECTIONS: u64 = 32_768;
/// The webhook listener's share of the connection budget (1/4): the platform sends webhooks over
/// a few keep-alive connections; gRPC clients (a connection per client process, watchers
/// included) get the rest.
pub const WEBHOOK_CONNECTION_SHARE_DIVISOR: u64 = 4;
/// Each listener keeps at least this many connections, however low the descriptor limit.
pub const MIN_CONNECTIONS_PER_LISTENER: usize = 8;
/// Default time a connection has to send a request's headers (the HTTP/2 preface included):
/// far more than any real client needs, short enough that silent or half-sent connections are
/// gone within seconds.
pub const DEFAULT_HEADER_TIMEOUT: &str = "10s";
/// Default idle time after which a webhook connection (HTTP/1 keep-alive) is closed: above the
/// platform senders' usual reuse interval, below common client pool timeouts (90 s).
pub const DEFAULT_WEBHOOK_IDLE_TIMEOUT: &str = "60s";
/// Default time after which a gRPC connection with no call in flight gets GOAWAY (gRPC's
/// MAX_CONNECTION_IDLE); clients reconnect transparently on their next call.
pub const DEFAULT_GRPC_IDLE_TIMEOUT: &str = "5m";
/// Default interval of HTTP/2 keepalive pings on a quiet gRPC connection: finds dead peers that
/// hold watch streams (a vanished host sends no FIN).
pub const DEFAULT_GRPC_KEEPALIVE_INTERVAL: &str = "60s";
/// Default time a keepalive ping may go unanswered before the connection is closed.
pub const DEFAULT_GRPC_KEEPALIVE_TIMEOUT: &str = "20s";
/// Default concurrent calls (streams) per gRPC connection: hyper's and common servers' figure;
/// clients open more connections, or queue, beyond it.
pub const DEFAULT_GRPC_MAX_STREAMS_PER_CONNECTION: u32 = 200;
/// Default largest gRPC request message: gRPC's customary 4 MiB (a 5,000-recipient task is far
/// below it).
pub const DEFAULT_GRPC_MAX_REQUEST_BYTES: usize = 4 * 1024 * 1024;

/// The default connection caps (gRPC, webhooks) under a descriptor limit: the limit minus a
/// reserve (`FD_RESERVE_MIN`, or 1/`FD_RESERVE_DIVISOR` of the limit when larger), at most
/// `MAX_DEFAULT_CONNECTIONS`, split 3:1.
///
/// ```
/// use wadispatch_gateway::config::default_connection_caps;
///
/// assert_eq!(default_connection_caps(1024), (576, 192));
/// ```
pub fn default_connection_caps(fd_limit: u64) -> (usize, usize) {
    let reserve = FD_RESERVE_MIN.max(fd_limit / FD_RESERVE_DIVISOR);
    let budget = fd_limit
        .saturating_sub(reserve)
        .min(MAX_DEFAULT_CONNECTIONS);
    let webhooks = budget / WEBHOOK_CONNECTION_SHARE_DIVISOR;
    let grpc = budget - webhooks;
    let cap = |n: u64| {
        usize::try_from(n)
            .unwrap_or(usize::MAX)
            .max(MIN_CONNECTIONS_PER_LISTENER)
    };
    (cap(grpc), cap(webhooks))
}

/// Connection limits and timeouts of both listeners.
#[derive(Debug, Clone, Args)]
pub struct ConnectionArgs {
    /// Open gRPC connections at most; at the cap a new connection closes the oldest one that is
    /// idle or has not sent a whole request. Default: derived from the descriptor limit.
    #[arg(long, env = "WADISPATCH_GRPC_MAX_CONNECTIONS")]
    pub grpc_max_connections: Option<usize>,

    /// Open webhook connections at most, as --grpc-max-connections.
    #[arg(long, env = "WADISPATCH_WEBHOOK_MAX_CONNECTIONS")]
    pub webhook_max_connections: Option<usize>,

    /// Time a new gRPC connection has to send the HTTP/2 preface and its first call's headers;
    /// over HTTP/1.1 (gRPC-Web), each next call's headers from its first byte too.
    #[arg(long, env = "WADISPATCH_GRPC_HEADER_TIMEOUT", default_value = DEFAULT_HEADER_TIMEOUT, value_parser = parse_duration)]
    pub grpc_header_timeout: Duration,

    /// A gRPC connection with no call in flight for this long gets GOAWAY.
    #[arg(long, env = "WADISPATCH_GRPC_IDLE_TIMEOUT", default_value = DEFAULT_GRPC_IDLE_TIMEOUT, value_parser = parse_duration)]
    pub grpc_idle_timeout: Duration,

    /// Interval of HTTP/2 keepalive pings on a quiet gRPC connection; 0 disables them.
    #[arg(long, env = "WADISPATCH_GRPC_KEEPALIVE_INTERVAL", default_value = DEFAULT_GRPC_KEEPALIVE_INTERVAL, value_parser = parse_duration)]
    pub grpc_keepalive_interval: Duration,

    /// A keepalive ping unanswered for this long closes the connection.
    #[arg(long, env = "WADISPATCH_GRPC_KEEPALIVE_TIMEOUT", default_value = DEFAULT_GRPC_KEEPALIVE_TIMEOUT, value_parser = parse_duration)]
    pub grpc_keepalive_timeout: Duration,

    /// Concurrent calls (HTTP/2 streams, watch streams included) per gRPC connection.
    #[arg(long, env = "WADISPATCH_GRPC_MAX_STREAMS_PER_CONNECTION", default_value_t = DEFAULT_GRPC_MAX_STREAMS_PER_CONNECTION)]
    pub grpc_max_streams_per_connection: u32,

    /// Largest gRPC request message, in bytes; larger ones get RESOURCE_EXHAUSTED.
    #[arg(long, env = "WADISPATCH_GRPC_MAX_REQUEST_BYTES", default_value_t = DEFAULT_GRPC_MAX_REQUEST_BYTES)]
    pub grpc_max_request_bytes: usize,

    /// Origin of browser pages that may call the gRPC API over gRPC-Web (CORS), as
    /// `https://app.example` or `http://localhost:5173`; repeatable (comma-separated in the
    /// environment variable). None by default: no page may. Non-browser gRPC-Web clients need none.
    #[arg(long, env = "WADISPATCH_GRPC_WEB_ORIGIN", value_delimiter = ',', value_parser = parse_origin)]
    pub grpc_web_origin: Vec<String>,

    /// Time a webhook connection has to send a request's headers: the first from its opening,
    /// each next one from its first byte.
    #[arg(long, env = "WADISPATCH_WEBHOOK_HEADER_TIMEOUT", default_value = DEFAULT_HEADER_TIMEOUT, value_parser = parse_duration)]
    pub webhook_header_timeout: Duration,

    /// A webhook connection idle (keep-alive, no request) for this long is closed.
    #[arg(long, env = "WADISPATCH_WEBHOOK_IDLE_TIMEOUT", default_value = DEFAULT_WEBHOOK_IDLE_TIMEOUT, value_parser = parse_duration)]
    pub webhook_idle_timeout: Duration,
}

impl ConnectionArgs {
    /// Both listeners' settings; caps not set are derived from the descriptor limit `fd_limit`.
    /// Plaintext: `server::load_tls` adds TLS.
    pub fn connections(&self, fd_limit: u64) -> crate::server::Connections {
        use crate::listen::{ListenSettings, Protocol};
        let (grpc_cap, webhook_cap) = default_connection_caps(fd_limit);
        crate::server::Connections {
            grpc: ListenSettings {
                name: "grpc",
                max_connections: self.grpc_max_connections.unwrap_or(grpc_cap),
                header_timeout: self.grpc_header_timeout,
                idle_timeout: self.grpc_idle_timeout,
                // HTTP/1.1 beside HTTP/2: gRPC-Web's callers often speak it.
                protocol: Protocol::Http1AndHttp2 {
                    keepalive_interval: Some(self.grpc_keepalive_interval).filter(|d| !d.is_zero()),
                    keepalive_timeout: self.grpc_keepalive_timeout,
                    max_streams: self.grpc_max_streams_per_connection,
                },
            },
            webhooks: ListenSettings {
                name: "webhooks",
                max_connections: self.webhook_max_connections.unwrap_or(webhook_cap),
                header_timeout: self.webhook_header_timeout,
                idle_timeout: self.webhook_idle_timeout,
                protocol: Protocol::Http1,
            },
            grpc_max_request_bytes: self.grpc_max_request_bytes,
            grpc_web: crate::listen::grpc_web::GrpcWebSettings {
                allowed_origins: self.grpc_web_origin.clone(),
            },
            grpc_tls: None,
            webhook_tls: None,
        }
    }
}

/// A browser origin as `--grpc-web-origin` takes it: `http` or `https`, a host and an optional
/// port, nothing else (no path, query, user or wildcard); returned as browsers send it in
/// `Origin` (lower case, punycode, no default port), which CORS compares byte for byte.
fn parse_origin(raw: &str) -> Result<String, String> {
    let shape = "an origin is scheme://host[:port], e.g. https://app.example";
    if raw.trim() == "*" {
        return Err(format!("no wildcard: name each page's origin ({shape})"));
    }
    let url = reqwest::Url::parse(raw.trim()).map_err(|e| format!("{raw:?}: {e}; {shape}"))?;
    if !matches!(url.scheme(), "http" | "https")
        || url.path() != "/"
        || url.query().is_some()
        || url.fragment().is_some()
        || !url.username().is_empty()
        || url.password().is_some()
    {
        return Err(format!("{raw:?}: {shape}, nothing more"));
    }
    Ok(url.origin().ascii_serialization())
}

/// Default interval at which the TLS files are read again to see whether they changed: a
/// renewed certificate is in service within seconds, at the cost of reading a few KiB.
pub const DEFAULT_TLS_RELOAD_INTERVAL: &str = "10s";

/// TLS on both listeners: certificate and key files, optional client certificates (mutual TLS),
/// and how often the files are checked for a rotation (SIGHUP checks at once).
#[derive(Debug, Clone, Args)]
pub struct TlsArgs {
    /// PEM certificate chain (leaf first) of the gRPC listener; with --tls-key, the listener
    /// speaks only TLS.
    #[arg(long, env = "WADISPATCH_TLS_CERT", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,

    /// PEM private key (PKCS#8, PKCS#1 or SEC1) of --tls-cert.
    #[arg(long, env = "WADISPATCH_TLS_KEY", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,

    /// PEM CA bundle: the gRPC listener asks clients for a certificate and verifies it against
    /// these CAs (mutual TLS).
    #[arg(long, env = "WADISPATCH_TLS_CLIENT_CA", requires = "tls_cert")]
    pub tls_client_ca: Option<PathBuf>,

    /// With --tls-client-ca: "required" refuses a connection without a verified client
    /// certificate; "optional" also lets in clients that send none.
    #[arg(long, env = "WADISPATCH_TLS_CLIENT_AUTH", default_value = "required", value_parser = parse_client_auth)]
    pub tls_client_auth: crate::listen::ClientAuth,

    /// PEM certificate chain of the webhook listener, as --tls-cert.
    #[arg(
        long,
        env = "WADISPATCH_WEBHOOK_TLS_CERT",
        requires = "webhook_tls_key"
    )]
    pub webhook_tls_cert: Option<PathBuf>,

    /// PEM private key of --webhook-tls-cert.
    #[arg(
        long,
        env = "WADISPATCH_WEBHOOK_TLS_KEY",
        requires = "webhook_tls_cert"
    )]
    pub webhook_tls_key: Option<PathBuf>,

    /// PEM CA bundle that webhook senders' client certificates are verified against.
    #[arg(
        long,
        env = "WADISPATCH_WEBHOOK_TLS_CLIENT_CA",
        requires = "webhook_tls_cert"
    )]
    pub webhook_tls_client_ca: Option<PathBuf>,

    /// With --webhook-tls-client-ca: "required" or "optional", as --tls-client-auth.
    #[arg(long, env = "WADISPATCH_WEBHOOK_TLS_CLIENT_AUTH", default_value = "required", value_parser = parse_client_auth)]
    pub webhook_tls_client_auth: crate::listen::ClientAuth,

    /// How often the TLS files are read to see whether they changed (0: only on SIGHUP).
    #[arg(long, env = "WADISPATCH_TLS_RELOAD_INTERVAL", default_value = DEFAULT_TLS_RELOAD_INTERVAL, value_parser = parse_duration)]
    pub tls_reload_interval: Duration,
}

impl TlsArgs {
    /// The TLS files of both listeners and how often they are re-read.
    pub fn settings(&self) -> crate::listen::TlsSettings {
        crate::listen::TlsSettings {
            grpc: self.grpc(),
            webhooks: self.webhooks(),
            reload_interval: self.tls_reload_interval,
        }
    }

    /// The gRPC listener's files; none: plaintext.
    pub fn grpc(&self) -> Option<crate::listen::TlsFiles> {
        tls_files(
            &self.tls_cert,
            &self.tls_key,
            &self.tls_client_ca,
            self.tls_client_auth,
        )
    }

    /// The webhook listener's files; none: plaintext.
    pub fn webhooks(&self) -> Option<crate::listen::TlsFiles> {
        tls_files(
            &self.webhook_tls_cert,
            &self.webhook_tls_key,
            &self.webhook_tls_client_ca,
            self.webhook_tls_client_auth,
        )
    }
}

fn tls_files(
    cert: &Option<PathBuf>,
    key: &Option<PathBuf>,
    client_ca: &Option<PathBuf>,
    client_auth: crate::listen::ClientAuth,
) -> Option<crate::listen::TlsFiles> {
    Some(crate::listen::TlsFiles {
        cert: cert.clone()?,
        key: key.clone()?,
        client_ca: client_ca.clone(),
        client_auth,
    })
}

/// How the gateway reaches the platform.
#[derive(Debug, Clone, Args)]
pub struct UpstreamArgs {
    /// Base URL of the platform's HTTP API, e.g. `https://platform.example` (paths are appended).
    #[arg(long, env = "WADISPATCH_UPSTREAM_URL")]
    pub upstream_url: reqwest::Url,

    /// Static header sent with every platform call, as "Name: value"; repeatable. The platform
    /// authenticates by headers whose scheme its documents leave to the contract. In the
    /// environment variable, separate headers with ';'.
    #[arg(long = "upstream-header", env = "WADISPATCH_UPSTREAM_HEADERS", value_delimiter = ';', value_parser = parse_header)]
    pub upstream_headers: Vec<(String, String)>,

    /// PEM file of CA certificates trusted for an https:// platform URL, besides the system's
    /// (a private CA, or a host without the system's certificates).
    #[arg(long, env = "WADISPATCH_UPSTREAM_CA_FILE")]
    pub upstream_ca_file: Option<PathBuf>,

    /// Company (tenant) id sent as `tenantId` with the /wscrm-bus-api wake-up calls.
    #[arg(long, env = "WADISPATCH_TENANT_ID")]
    pub tenant_id: Option<i64>,

    /// Upper bound of one platform call; a caller's shorter gRPC deadline wins.
    #[arg(long, env = "WADISPATCH_UPSTREAM_TIMEOUT", default_value = "30s", value_parser = parse_duration)]
    pub upstream_timeout: Duration,

    /// Attempts of a read-only call that fails to connect (1 = no retry). Calls that create or
    /// change something are never retried.
    #[arg(long, env = "WADISPATCH_UPSTREAM_ATTEMPTS", default_value_t = 3)]
    pub upstream_attempts: u32,

    /// UTC offset of the platform's `YYYY-MM-DD HH:MM:SS` times.
    #[arg(long, env = "WADISPATCH_PLATFORM_UTC_OFFSET", default_value = DEFAULT_PLATFORM_UTC_OFFSET, value_parser = parse_offset)]
    pub platform_utc_offset: FixedOffset,

    /// How often the readiness probes check the platform and the event store.
    #[arg(long, env = "WADISPATCH_HEALTH_INTERVAL", default_value = "10s", value_parser = parse_duration)]
    pub health_interval: Duration,

    /// What the platform client may hold: answer size, calls in flight, pooled connections.
    #[command(flatten)]
    pub limits: UpstreamLimitArgs,

    /// How the watch streams share task snapshots from the platform, and how much per-task
    /// state each keeps.
    #[command(flatten)]
    pub watch: WatchArgs,
}

/// Default of `--upstream-max-response-bytes`. The largest documented answer is a task status
/// with 5,000 recipients (the platform's per-task maximum): about 200 bytes per recipient
/// pretty-printed with group ids, 1 MB in all; 8 MiB leaves eight times that.
pub const DEFAULT_UPSTREAM_MAX_RESPONSE_BYTES: usize = 8 << 20;
/// Default of `--upstream-max-in-flight`: enough to keep a platform answering in 100 ms busy at
/// 640 calls/s, few enough that a burst (thousands of watchers fetching snapshots) cannot open
/// thousands of connections to it.
pub const DEFAULT_UPSTREAM_MAX_IN_FLIGHT: usize = 64;
/// Default of `--upstream-idle-timeout`: shorter than common servers' keep-alive timeouts (60 s
/// and more), so the gateway closes an idle connection before the platform does mid-request.
pub const DEFAULT_UPSTREAM_IDLE_TIMEOUT: &str = "30s";

impl UpstreamArgs {
    /// The platform client's settings.
    pub fn upstream_settings(&self) -> crate::upstream::UpstreamSettings {
        crate::upstream::UpstreamSettings {
            url: self.upstream_url.clone(),
            headers: self.upstream_headers.clone(),
            ca_file: self.upstream_ca_file.clone(),
            timeout: self.upstream_timeout,
            attempts: self.upstream_attempts,
            limits: self.limits.limits(),
        }
    }

    /// The gRPC API's settings: the platform client, the platform's zone, health, watches.
    pub fn grpc_settings(&self) -> crate::server::GrpcSettings {
        crate::server::GrpcSettings {
            upstream: self.upstream_settings(),
            tenant_id: self.tenant_id,
            platform_utc_offset: self.platform_utc_offset,
            health_interval: self.health_interval,
            watch: self.watch.watch_settings(),
            request_ids: Default::default(),
            max_calls_per_caller: self.limits.max_calls_per_caller,
        }
    }
}

/// Bounds on what the platform client holds: answers, concurrent calls, pooled connections.
#[derive(Debug, Clone, Args)]
pub struct UpstreamLimitArgs {
    /// Largest platform answer read, in bytes; a larger one is cut off (the connection closed)
    /// and the call fails with INTERNAL (PLATFORM_RESPONSE_TOO_LARGE).
    #[arg(long = "upstream-max-response-bytes", env = "WADISPATCH_UPSTREAM_MAX_RESPONSE_BYTES", default_value_t = DEFAULT_UPSTREAM_MAX_RESPONSE_BYTES)]
    pub max_response_bytes: usize,

    /// Most platform calls under way at once; further calls wait for a slot, within their
    /// deadline, and fail with UNAVAILABLE (PLATFORM_CALLS_SATURATED) unsent if none frees up.
    #[arg(long = "upstream-max-in-flight", env = "WADISPATCH_UPSTREAM_MAX_IN_FLIGHT", default_value_t = DEFAULT_UPSTREAM_MAX_IN_FLIGHT, value_parser = parse_positive)]
    pub max_in_flight: usize,

    /// Most idle connections to the platform kept open for reuse; default: as many as calls may
    /// be in flight, so a steady load at that cap reuses its connections instead of opening one
    /// per call (a quarter of it cost 50% more CPU per call at 64 callers). Idle ones still
    /// close after `--upstream-idle-timeout`.
    #[arg(
        long = "upstream-max-idle-connections",
        env = "WADISPATCH_UPSTREAM_MAX_IDLE_CONNECTIONS"
    )]
    pub max_idle_connections: Option<usize>,

    /// How long an idle connection to the platform is kept open for reuse.
    #[arg(long = "upstream-idle-timeout", env = "WADISPATCH_UPSTREAM_IDLE_TIMEOUT", default_value = DEFAULT_UPSTREAM_IDLE_TIMEOUT, value_parser = parse_duration)]
    pub idle_timeout: Duration,

    /// Most state-changing calls one caller may have under way, counted until the platform
    /// answers even when the caller has gone away (a recorded call runs to its end); beyond it
    /// calls are refused unsent with RESOURCE_EXHAUSTED (CALLS_UNDER_WAY_EXCEEDED).
    #[arg(long = "upstream-max-calls-per-caller", env = "WADISPATCH_UPSTREAM_MAX_CALLS_PER_CALLER", default_value_t = crate::grpc::DEFAULT_MAX_CALLS_PER_CALLER, value_parser = parse_positive)]
    pub max_calls_per_caller: usize,
}

impl UpstreamLimitArgs {
    /// The platform client's bounds.
    pub fn limits(&self) -> crate::upstream::UpstreamLimits {
        crate::upstream::UpstreamLimits {
            max_response_bytes: self.max_response_bytes,
            max_in_flight: self.max_in_flight,
            max_idle_connections: self.max_idle_connections,
            idle_timeout: self.idle_timeout,
        }
    }
}

/// The flags' defaults; here, beside the constants they come from.
impl Default for crate::upstream::UpstreamLimits {
    fn default() -> Self {
        UpstreamLimitArgs::default().limits()
    }
}

/// The flags' defaults; here, beside the constants they come from.
impl Default for crate::grpc::watch::WatchSettings {
    fn default() -> Self {
        WatchArgs::default().watch_settings()
    }
}

impl Default for UpstreamLimitArgs {
    fn default() -> Self {
        Self {
            max_response_bytes: DEFAULT_UPSTREAM_MAX_RESPONSE_BYTES,
            max_in_flight: DEFAULT_UPSTREAM_MAX_IN_FLIGHT,
            max_calls_per_caller: crate::grpc::DEFAULT_MAX_CALLS_PER_CALLER,
            max_idle_connections: None,
            idle_timeout: parse_duration(DEFAULT_UPSTREAM_IDLE_TIMEOUT)
                .expect("the default idle timeout parses"),
        }
    }
}

/// Task snapshots kept for reuse: enough for the tasks that start together, while each may hold
/// up to 5000 recipients.
pub const DEFAULT_SNAPSHOT_CACHE_ENTRIES: usize = 256;
/// Reuse of a task snapshot: long enough to serve every watcher that meets a new task from the
/// same webhook, short enough that a stream opening later gets current numbers.
pub const DEFAULT_SNAPSHOT_CACHE_TTL: Duration = Duration::from_secs(5);
/// Memory of a failed snapshot fetch: watchers meeting the task together share the failure,
/// but the platform is asked again a moment later.
pub const DEFAULT_SNAPSHOT_FAILURE_TTL: Duration = Duration::from_secs(1);
/// Longest a stream waits for a snapshot: beyond it a slow platform would hold back every
/// event of an every-task stream.
pub const DEFAULT_SNAPSHOT_WAIT: Duration = Duration::from_secs(2);
/// Tasks whose progress one every-task stream tracks: a stream open for months must not hold
/// every task it ever saw; a task forgotten and seen again starts afresh from its snapshot.
pub const DEFAULT_WATCH_TRACKED_TASKS: usize = 1000;

/// The watch streams' shared task snapshots and per-stream state.
#[derive(Debug, Clone, Args)]
pub struct WatchArgs {
    /// Task snapshots kept for reuse by other watch streams (at least 1); the least recently
    /// used go first.
    #[arg(long, env = "WADISPATCH_SNAPSHOT_CACHE_ENTRIES", default_value_t = DEFAULT_SNAPSHOT_CACHE_ENTRIES)]
    pub snapshot_cache_entries: usize,

    /// How long a fetched task snapshot is reused by other watch streams.
    #[arg(long, env = "WADISPATCH_SNAPSHOT_CACHE_TTL", default_value = "5s", value_parser = parse_duration)]
    pub snapshot_cache_ttl: Duration,

    /// How long a failed task snapshot fetch is remembered before the platform is asked again.
    #[arg(long, env = "WADISPATCH_SNAPSHOT_FAILURE_TTL", default_value = "1s", value_parser = parse_duration)]
    pub snapshot_failure_ttl: Duration,

    /// Longest a watch stream waits for a task snapshot; an every-task stream then counts the
    /// task's progress from events, a single-task WatchTask fails with UNAVAILABLE.
    #[arg(long, env = "WADISPATCH_SNAPSHOT_WAIT", default_value = "2s", value_parser = parse_duration)]
    pub snapshot_wait: Duration,

    /// Tasks whose progress one every-task WatchTask stream tracks (at least 1); the least
    /// recently seen are forgotten beyond it, and finished tasks at once.
    #[arg(long, env = "WADISPATCH_WATCH_TRACKED_TASKS", default_value_t = DEFAULT_WATCH_TRACKED_TASKS)]
    pub watch_tracked_tasks: usize,
}

impl Default for WatchArgs {
    fn default() -> Self {
        Self {
            snapshot_cache_entries: DEFAULT_SNAPSHOT_CACHE_ENTRIES,
            snapshot_cache_ttl: DEFAULT_SNAPSHOT_CACHE_TTL,
            snapshot_failure_ttl: DEFAULT_SNAPSHOT_FAILURE_TTL,
            snapshot_wait: DEFAULT_SNAPSHOT_WAIT,
            watch_tracked_tasks: DEFAULT_WATCH_TRACKED_TASKS,
        }
    }
}

impl WatchArgs {
    /// The watches' snapshot cache and tracking bounds (each at least 1).
    pub fn watch_settings(&self) -> crate::grpc::watch::WatchSettings {
        crate::grpc::watch::WatchSettings {
            snapshots: crate::grpc::snapshots::SnapshotSettings {
                capacity: self.snapshot_cache_entries.max(1),
                ttl: self.snapshot_cache_ttl,
                failure_ttl: self.snapshot_failure_ttl,
                wait: self.snapshot_wait,
            },
            tracked_tasks: self.watch_tracked_tasks.max(1),
        }
    }
}

/// Default simulator listen address.
pub const DEFAULT_SIM_ADDR: &str = "127.0.0.1:9090";

/// Settings of the simulator (`sim` flags; `demo` uses the defaults).
#[derive(Debug, Clone, Args)]
pub struct SimArgs {
    /// Address the simulated platform listens on.
    #[arg(long, env = "WADISPATCH_SIM_LISTEN", default_value = DEFAULT_SIM_ADDR)]
    pub listen: SocketAddr,

    /// Base URL webhooks are sent to (each kind's documented path is appended); none: no webhooks.
    #[arg(long, env = "WADISPATCH_SIM_WEBHOOK_URL")]
    pub webhook_url: Option<String>,

    /// Time multiplier: at 1.0 a 100-recipient task completes in about a second.
    #[arg(long, env = "WADISPATCH_SIM_SPEED", default_value_t = 1.0)]
    pub speed: f64,

    /// Probability that one recipient's message fails.
    #[arg(long, env = "WADISPATCH_SIM_FAILURE_RATE", default_value_t = 0.05)]
    pub failure_rate: f64,

    /// Probability that a recipient who read the message replies.
    #[arg(long, env = "WADISPATCH_SIM_REPLY_RATE", default_value_t = 0.3)]
    pub reply_rate: f64,

    /// Random seed: the same seed and the same requests give the same outcomes.
    #[arg(long, env = "WADISPATCH_SIM_SEED", default_value_t = 1)]
    pub seed: u64,

    /// Latency added to every answer.
    #[arg(long, env = "WADISPATCH_SIM_LATENCY", default_value = "0ms", value_parser = parse_duration)]
    pub latency: Duration,

    /// Probability of answering HTTP 503 instead of handling a request.
    #[arg(long, env = "WADISPATCH_SIM_HTTP_ERROR_RATE", default_value_t = 0.0)]
    pub http_error_rate: f64,

    /// Probability of answering an envelope error (code 500) instead of handling a request.
    #[arg(
        long,
        env = "WADISPATCH_SIM_ENVELOPE_ERROR_RATE",
        default_value_t = 0.0
    )]
    pub envelope_error_rate: f64,

    /// Probability that a webhook is dropped and never sent.
    #[arg(long, env = "WADISPATCH_SIM_WEBHOOK_DROP_RATE", default_value_t = 0.0)]
    pub webhook_drop_rate: f64,

    /// Deliver webhooks concurrently after random delays, so they may arrive out of order.
    #[arg(long, env = "WADISPATCH_SIM_WEBHOOK_REORDER")]
    pub webhook_reorder: bool,

    /// Delivery attempts per webhook before it is abandoned.
    #[arg(long, env = "WADISPATCH_SIM_WEBHOOK_ATTEMPTS", default_value_t = 10)]
    pub webhook_attempts: u32,

    /// UTC offset of the simulated platform's local times.
    #[arg(long = "sim-utc-offset", env = "WADISPATCH_SIM_UTC_OFFSET", default_value = DEFAULT_PLATFORM_UTC_OFFSET, value_parser = parse_offset)]
    pub utc_offset: FixedOffset,
}

impl SimArgs {
    /// The simulator's settings.
    pub fn settings(&self) -> crate::sim::SimSettings {
        crate::sim::SimSettings {
            listen: self.listen,
            webhook_url: self.webhook_url.clone(),
            speed: self.speed,
            failure_rate: self.failure_rate,
            reply_rate: self.reply_rate,
            seed: self.seed,
            latency: self.latency,
            http_error_rate: self.http_error_rate,
            envelope_error_rate: self.envelope_error_rate,
            webhook_drop_rate: self.webhook_drop_rate,
            webhook_reorder: self.webhook_reorder,
            webhook_attempts: self.webhook_attempts,
            utc_offset: self.utc_offset,
        }
    }
}

/// Default tolerance between a signature's timestamp and our clock; the Standard Webhooks
/// reference libraries use five minutes.
pub const DEFAULT_SIGNATURE_TOLERANCE: &str = "5m";

/// Webhook authentication flags; each mode optional; all configured modes must pass.
#[derive(Clone, Args)]
pub struct WebhookAuthArgs {
    /// Secret path segment: webhooks are served under `/<secret>/...` only. Use only URL-safe
    /// characters (A-Z a-z 0-9 - . _ ~).
    #[arg(long, env = "WADISPATCH_WEBHOOK_PATH_SECRET", hide_env_values = true, value_parser = parse_path_secret)]
    pub webhook_path_secret: Option<String>,

    /// Header every webhook must carry, as "Name: value" (value compared in constant time).
    #[arg(long, env = "WADISPATCH_WEBHOOK_HEADER", hide_env_values = true, value_parser = parse_webhook_header)]
    pub webhook_header: Option<(String, String)>,

    /// Standard Webhooks signing secret `whsec_<base64>`; repeatable so a rotated-out secret
    /// keeps working until the sender switches. In the environment variable, separate secrets
    /// with ','.
    #[arg(
        long = "webhook-signing-secret",
        env = "WADISPATCH_WEBHOOK_SIGNING_SECRETS",
        hide_env_values = true,
        value_delimiter = ',',
        value_parser = parse_signing_secret
    )]
    pub webhook_signing_secrets: Vec<crate::webhook::auth::SigningSecret>,

    /// Network allowed to send webhooks (CIDR such as 10.0.0.0/8, or a single IP); repeatable.
    /// In the environment variable, separate networks with ','.
    #[arg(long, env = "WADISPATCH_WEBHOOK_ALLOW", value_delimiter = ',', value_parser = parse_net)]
    pub webhook_allow: Vec<ipnet::IpNet>,

    /// How far a signature's timestamp may be from our clock, either way, before the webhook is
    /// rejected as a replay (or a sender with a broken clock).
    #[arg(long, env = "WADISPATCH_WEBHOOK_SIGNATURE_TOLERANCE", default_value = DEFAULT_SIGNATURE_TOLERANCE, value_parser = parse_duration)]
    pub webhook_signature_tolerance: Duration,
}

impl WebhookAuthArgs {
    /// The webhook authentication settings.
    pub fn settings(&self) -> crate::webhook::auth::WebhookAuth {
        crate::webhook::auth::WebhookAuth {
            webhook_path_secret: self.webhook_path_secret.clone(),
            webhook_header: self.webhook_header.clone(),
            webhook_signing_secrets: self.webhook_signing_secrets.clone(),
            webhook_allow: self.webhook_allow.clone(),
            webhook_signature_tolerance: self.webhook_signature_tolerance,
        }
    }
}

// Through the plain settings' redacting `Debug`, so secrets never reach logs through `{:?}`.
impl std::fmt::Debug for WebhookAuthArgs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.settings().fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_store_is_sqlite_or_nats_servers_without_credentials_in_them() {
        assert_eq!(parse_event_store("SQLite"), Ok(EventStore::Sqlite));
        assert_eq!(
            parse_event_store("nats://a:4222, tls://b:4222"),
            Ok(EventStore::Nats(vec![
                "nats://a:4222".into(),
                "tls://b:4222".into()
            ]))
        );
        let refused = parse_event_store("nats://me:hunter2@a:4222").unwrap_err();
        assert!(refused.contains("--nats-user"), "{refused}");
        assert!(
            !refused.contains("hunter2"),
            "the secret is not echoed: {refused}"
        );
        assert!(parse_event_store("http://a:4222").is_err());
        assert!(parse_event_store("a:4222").is_err());
    }

    #[test]
    fn an_origin_is_scheme_host_and_port_as_browsers_send_it() {
        assert_eq!(
            parse_origin("https://App.Example"),
            Ok("https://app.example".into())
        );
        assert_eq!(
            parse_origin("http://localhost:5173/"),
            Ok("http://localhost:5173".into())
        );
        // A default port is not part of what a browser sends.
        assert_eq!(
            parse_origin("https://app.example:443"),
            Ok("https://app.example".into())
        );
        for refused in [
            "*",
            "app.example",
            "https://app.example/page",
            "https://app.example?x=1",
            "https://user@app.example",
            "file:///index.html",
            "ftp://app.example",
        ] {
            assert!(parse_origin(refused).is_err(), "{refused}");
        }
    }

    #[test]
    fn upstream_limit_defaults_are_the_flags_defaults() {
        #[derive(Parser)]
        struct Flags {
            #[command(flatten)]
            limits: UpstreamLimitArgs,
        }
        let flags = Flags::parse_from(["test"]).limits;
        assert_eq!(
            format!("{flags:?}"),
            format!("{:?}", UpstreamLimitArgs::default())
        );
        assert_eq!(flags.limits(), crate::upstream::UpstreamLimits::default());
        assert!(Flags::try_parse_from(["test", "--upstream-max-in-flight", "0"]).is_err());
        let flags = Flags::parse_from(["test", "--upstream-max-in-flight", "3"]).limits;
        assert_eq!(flags.max_in_flight, 3);
    }

    #[test]
    fn tls_files_come_in_pairs_and_client_auth_defaults_to_required() {
        #[derive(Parser)]
        struct Flags {
            #[command(flatten)]
            tls: TlsArgs,
        }
        let none = Flags::parse_from(["test"]).tls;
        assert_eq!((none.grpc(), none.webhooks()), (None, None));
        assert_eq!(
            Some(none.tls_reload_interval),
            parse_duration(DEFAULT_TLS_RELOAD_INTERVAL).ok()
        );
        for alone in [
            &["--tls-cert", "c.pem"][..],
            &["--tls-key", "k.pem"],
            &["--tls-client-ca", "ca.pem"],
            &["--webhook-tls-cert", "c.pem"],
            &["--webhook-tls-key", "k.pem"],
            &["--webhook-tls-client-ca", "ca.pem"],
        ] {
            let error = Flags::try_parse_from(std::iter::once("test").chain(alone.iter().copied()))
                .err()
                .unwrap_or_else(|| panic!("{alone:?} alone is refused"));
            assert_eq!(
                error.kind(),
                clap::error::ErrorKind::MissingRequiredArgument,
                "{alone:?}"
            );
        }
        let grpc = Flags::parse_from([
            "test",
            "--tls-cert",
            "c.pem",
            "--tls-key",
            "k.pem",
            "--tls-client-ca",
            "ca.pem",
        ])
        .tls;
        let files = grpc.grpc().expect("gRPC TLS");
        assert_eq!(files.client_auth, crate::listen::ClientAuth::Required);
        assert_eq!(files.client_ca, Some(PathBuf::from("ca.pem")));
        assert_eq!(grpc.webhooks(), None);
        let optional = Flags::parse_from([
            "test",
            "--webhook-tls-cert",
            "c.pem",
            "--webhook-tls-key",
            "k.pem",
            "--webhook-tls-client-auth",
            "optional",
        ])
        .tls;
        assert_eq!(
            optional.webhooks().map(|files| files.client_auth),
            Some(crate::listen::ClientAuth::Optional)
        );
        assert!(Flags::try_parse_from(["test", "--tls-client-auth", "maybe"]).is_err());
    }

    #[test]
    fn watch_flags_default_to_the_named_constants() {
        #[derive(Parser)]
        struct Flags {
            #[command(flatten)]
            watch: WatchArgs,
        }
        let parsed = Flags::parse_from(["test"]).watch;
        let defaults = WatchArgs::default();
        assert_eq!(
            format!("{parsed:?}"),
            format!("{defaults:?}"),
            "the flags' defaults and WatchArgs::default() agree"
        );
    }
}
