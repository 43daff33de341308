//! Reaching the NATS servers: addresses, credentials and TLS as the NATS ecosystem names them.

use std::path::PathBuf;
use std::time::Duration;

use super::unavailable;
use crate::events::log::LogError;

/// How the gateway proves who it is to NATS.
#[derive(Clone, Default)]
pub enum NatsAuth {
    /// No credentials (a server without authorization, or one trusting the TLS client).
    #[default]
    None,
    /// `--nats-user` and `--nats-password`.
    UserPassword {
        /// The user name.
        user: String,
        /// The password (never logged).
        password: String,
    },
    /// `--nats-token`.
    Token(String),
    /// `--nats-creds`: a decentralised-auth credentials file (JWT and NKey seed).
    CredsFile(PathBuf),
}

impl std::fmt::Debug for NatsAuth {
    // Secrets never reach a log line, even at debug level.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NatsAuth::None => f.write_str("None"),
            NatsAuth::UserPassword { user, .. } => write!(f, "UserPassword({user:?}, <redacted>)"),
            NatsAuth::Token(_) => f.write_str("Token(<redacted>)"),
            NatsAuth::CredsFile(path) => write!(f, "CredsFile({})", path.display()),
        }
    }
}

/// Where the NATS servers are, how to authenticate, and how the streams are replicated.
#[derive(Debug, Clone)]
pub struct NatsSettings {
    /// Server URLs (`nats://host:port`, `tls://host:port`, without credentials: those are
    /// `auth`); the client learns the rest of the cluster from them.
    pub servers: Vec<String>,
    /// Credentials.
    pub auth: NatsAuth,
    /// CA certificates (PEM) that sign the servers' certificates; implies TLS.
    pub tls_ca: Option<PathBuf>,
    /// Replicas of every stream: 1, or 3 (or 5) on a cluster.
    pub replicas: usize,
    /// How long a write or read keeps retrying while NATS is unreachable or electing a leader,
    /// before it fails (a webhook then gets 503).
    pub unavailable_after: Duration,
    /// How long one JetStream request waits for its answer.
    pub request_timeout: Duration,
}

/// Default for [`NatsSettings::unavailable_after`]: a stream leader election takes about 5 s.
pub const DEFAULT_UNAVAILABLE_AFTER: Duration = Duration::from_secs(10);
/// Default for [`NatsSettings::request_timeout`].
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(5);

impl NatsSettings {
    /// Settings for `servers` with no credentials, R1, and the default timeouts.
    pub fn new(servers: Vec<String>) -> Self {
        Self {
            servers,
            auth: NatsAuth::None,
            tls_ca: None,
            replicas: 1,
            unavailable_after: DEFAULT_UNAVAILABLE_AFTER,
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
        }
    }

    /// Whether the link to NATS is unencrypted: worth a warning.
    pub fn insecure(&self) -> bool {
        self.tls_ca.is_none() && !self.servers.iter().any(|s| s.starts_with("tls://"))
    }
}

/// Connects, retrying the first connection until `unavailable_after`; afterwards the client
/// reconnects by itself, forever.
pub(super) async fn connect(settings: &NatsSettings) -> Result<async_nats::Client, LogError> {
    let mut options = match &settings.auth {
        NatsAuth::None => async_nats::ConnectOptions::new(),
        NatsAuth::UserPassword { user, password } => {
            async_nats::ConnectOptions::with_user_and_password(user.clone(), password.clone())
        }
        NatsAuth::Token(token) => async_nats::ConnectOptions::with_token(token.clone()),
        NatsAuth::CredsFile(path) => async_nats::ConnectOptions::with_credentials_file(path)
            .await
            .map_err(|error| {
                LogError::Refused(format!("NATS credentials file {}: {error}", path.display()))
            })?,
    };
    if let Some(ca) = &settings.tls_ca {
        options = options.add_root_certificates(ca.clone()).require_tls(true);
    }
    options = options
        .name("wadispatch-gateway")
        .connection_timeout(settings.request_timeout)
        .request_timeout(Some(settings.request_timeout))
        .max_reconnects(None)
        .event_callback(|event| async move {
            // Disconnections and reconnections are worth an operator's attention; the rest
            // (slow consumers, lame duck) too, at a lower level.
            match event {
                async_nats::Event::Disconnected => tracing::warn!("lost the connection to NATS"),
                async_nats::Event::Connected => tracing::info!("connected to NATS"),
                other => tracing::debug!(event = %other, "NATS client event"),
            }
        });
    let servers: Vec<async_nats::ServerAddr> = settings
        .servers
        .iter()
        .map(|url| {
            url.parse()
                .map_err(|error| LogError::Refused(format!("NATS server address {url:?}: {error}")))
        })
        .collect::<Result<_, _>>()?;
    let give_up = tokio::time::Instant::now() + settings.unavailable_after;
    loop {
        match options.clone().connect(servers.clone()).await {
            Ok(client) => return Ok(client),
            Err(error) if tokio::time::Instant::now() < give_up => {
                tracing::warn!(%error, "cannot reach NATS yet; retrying");
                tokio::time::sleep(Duration::from_millis(250)).await;
            }
            Err(error) => return Err(unavailable(format!("cannot connect to NATS: {error}"))),
        }
    }
}
