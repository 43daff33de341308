//! The connection to a gateway: plaintext or TLS (trusting one CA, with a client certificate
//! under mutual TLS), and the API key on every call as `authorization: Bearer <key>`, the way
//! the Go, Java and Python examples connect.

use std::path::PathBuf;
use std::time::Duration;

use tonic::metadata::{Ascii, MetadataValue};
use tonic::service::interceptor::InterceptedService;
use tonic::transport::{Certificate, Channel, ClientTlsConfig, Endpoint, Identity};

use crate::proto::v1::account_service_client::AccountServiceClient;
use crate::proto::v1::task_service_client::TaskServiceClient;

/// Time to open a connection before a call fails with UNAVAILABLE (and is retried, if safe).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Pings on a quiet connection: a watch that waits for hours still notices a vanished gateway
/// (a host that is gone sends no FIN) and resumes elsewhere or says so.
const KEEPALIVE_INTERVAL: Duration = Duration::from_secs(30);
/// A ping unanswered this long closes the connection.
const KEEPALIVE_TIMEOUT: Duration = Duration::from_secs(20);

/// Where the gateway listens, as given: `host:port`, or with a scheme that must agree with
/// the TLS settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GatewayAddr {
    /// `host:port`.
    pub authority: String,
    /// `Some(true)` for `https://`, `Some(false)` for `http://`, None when no scheme was given
    /// (TLS then follows `ca_cert`).
    pub https: Option<bool>,
}

impl std::fmt::Display for GatewayAddr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.authority)
    }
}

/// How the client reaches a gateway.
#[derive(Clone)]
pub struct ConnectSettings {
    /// The gateway's gRPC address.
    pub gateway: GatewayAddr,
    /// The API key; none for a gateway that lets anyone in (or admits by certificate).
    pub key: Option<String>,
    /// PEM CA bundle that signed the gateway's certificate: connect with TLS. None: plaintext.
    pub ca_cert: Option<PathBuf>,
    /// PEM client certificate and key (PKCS#8), for a gateway that asks for one.
    pub client_identity: Option<(PathBuf, PathBuf)>,
}

// The key stays out of `{:?}`, so it reaches no log line or error.
impl std::fmt::Debug for ConnectSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConnectSettings")
            .field("gateway", &self.gateway)
            .field("key", &self.key.as_ref().map(|_| "<redacted>"))
            .field("ca_cert", &self.ca_cert)
            .field("client_identity", &self.client_identity)
            .finish()
    }
}

/// Sends the key with every call.
#[derive(Clone)]
pub struct Bearer(Option<MetadataValue<Ascii>>);

impl std::fmt::Debug for Bearer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Bearer(<redacted>)")
    }
}

impl tonic::service::Interceptor for Bearer {
    fn call(
        &mut self,
        mut request: tonic::Request<()>,
    ) -> Result<tonic::Request<()>, tonic::Status> {
        if let Some(value) = &self.0 {
            request
                .metadata_mut()
                .insert("authorization", value.clone());
        }
        Ok(request)
    }
}

/// A task service client that sends the key.
pub type Tasks = TaskServiceClient<InterceptedService<Channel, Bearer>>;
/// An account service client that sends the key.
pub type Accounts = AccountServiceClient<InterceptedService<Channel, Bearer>>;

/// A connection to a gateway (opened on first use, reopened after a failure), and its key.
#[derive(Debug, Clone)]
pub struct Connection {
    channel: Channel,
    bearer: Bearer,
    /// The address as shown to the person.
    pub gateway: String,
}

impl Connection {
    /// Checks the settings and reads the TLS files; the connection itself opens with the first
    /// call, so a gateway still starting is waited for by the callers' retries.
    pub fn open(settings: &ConnectSettings) -> Result<Self, String> {
        let tls = match (&settings.ca_cert, settings.gateway.https) {
            (None, Some(true)) => {
                return Err(format!(
                    "https://{} needs --ca-cert (the CA that signed the gateway's certificate)",
                    settings.gateway.authority
                ))
            }
            (Some(_), Some(false)) => {
                return Err(format!(
                    "http://{} is plaintext, but --ca-cert asks for TLS: drop one of them",
                    settings.gateway.authority
                ))
            }
            (Some(ca), _) => Some(tls_config(ca, settings.client_identity.as_ref())?),
            (None, _) if settings.client_identity.is_some() => {
                return Err("--client-cert needs --ca-cert: client certificates go over TLS".into())
            }
            (None, _) => None,
        };
        let scheme = if tls.is_some() { "https" } else { "http" };
        let url = format!("{scheme}://{}", settings.gateway.authority);
        let mut endpoint = Endpoint::from_shared(url.clone())
            .map_err(|e| format!("{}: not a gateway address: {e}", settings.gateway))?
            .connect_timeout(CONNECT_TIMEOUT)
            .http2_keep_alive_interval(KEEPALIVE_INTERVAL)
            .keep_alive_timeout(KEEPALIVE_TIMEOUT)
            .keep_alive_while_idle(true);
        if let Some(tls) = tls {
            endpoint = endpoint
                .tls_config(tls)
                .map_err(|e| format!("TLS to {}: {e}", settings.gateway))?;
        }
        let bearer = match &settings.key {
            None => None,
            // Never echoed: the value is a secret.
            Some(key) => Some(format!("Bearer {}", key.trim()).parse().map_err(|_| {
                "the API key (--key, WADISPATCH_KEY) holds characters a header cannot carry"
                    .to_owned()
            })?),
        };
        Ok(Self {
            channel: endpoint.connect_lazy(),
            bearer: Bearer(bearer),
            gateway: url,
        })
    }

    /// The task service, sending the key.
    pub fn tasks(&self) -> Tasks {
        TaskServiceClient::with_interceptor(self.channel.clone(), self.bearer.clone())
    }

    /// The account service, sending the key.
    pub fn accounts(&self) -> Accounts {
        AccountServiceClient::with_interceptor(self.channel.clone(), self.bearer.clone())
    }
}

/// TLS trusting the CA in `ca`, with the client certificate and key of `identity` if given.
fn tls_config(
    ca: &std::path::Path,
    identity: Option<&(PathBuf, PathBuf)>,
) -> Result<ClientTlsConfig, String> {
    let read = |path: &std::path::Path| {
        std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
    };
    let mut config = ClientTlsConfig::new().ca_certificate(Certificate::from_pem(read(ca)?));
    if let Some((cert, key)) = identity {
        config = config.identity(Identity::from_pem(read(cert)?, read(key)?));
    }
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(https: Option<bool>, ca: bool, identity: bool) -> ConnectSettings {
        ConnectSettings {
            gateway: GatewayAddr {
                authority: "127.0.0.1:50051".into(),
                https,
            },
            key: Some("wdk_secret".into()),
            ca_cert: ca.then(|| PathBuf::from("/nonexistent/ca.pem")),
            client_identity: identity.then(|| (PathBuf::from("c.pem"), PathBuf::from("k.pem"))),
        }
    }

    #[tokio::test]
    async fn the_scheme_and_the_tls_files_must_agree() {
        assert!(Connection::open(&settings(None, false, false)).is_ok());
        assert!(Connection::open(&settings(Some(false), false, false)).is_ok());
        let https = Connection::open(&settings(Some(true), false, false)).unwrap_err();
        assert!(https.contains("--ca-cert"), "{https}");
        let http = Connection::open(&settings(Some(false), true, false)).unwrap_err();
        assert!(http.contains("plaintext"), "{http}");
        let cert = Connection::open(&settings(None, false, true)).unwrap_err();
        assert!(cert.contains("--client-cert needs --ca-cert"), "{cert}");
        let unreadable = Connection::open(&settings(None, true, false)).unwrap_err();
        assert!(unreadable.contains("/nonexistent/ca.pem"), "{unreadable}");
    }

    #[test]
    fn the_key_is_never_in_debug_output() {
        let shown = format!("{:?}", settings(None, false, false));
        assert!(!shown.contains("wdk_secret"), "{shown}");
    }
}
