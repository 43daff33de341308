//! TLS on a listener, with optional client certificates (mutual TLS) and certificate rotation
//! without a restart.
//!
//! - [`TlsAcceptor`] is a [`Handshake`]: each new connection is handshaken with the newest
//!   configuration, in the connection's own task under the header timeout. ALPN offers what the
//!   listener speaks: `h2` and `http/1.1` for gRPC (gRPC-Web over HTTP/1.1 beside it), `http/1.1`
//!   for webhooks.
//! - **Client certificates.** With a client-CA bundle, the handshake asks for a client
//!   certificate and verifies it against the bundle; [`ClientAuth`] says whether a client may
//!   also come without one. A verified certificate's subject reaches every request on the
//!   connection as a [`PeerCertificate`].
//! - **Rotation.** The certificate, key and client-CA files are read again when their bytes
//!   change (a digest compared at each poll: a modification time can miss a rewrite within the
//!   same second) and on SIGHUP. A new configuration serves new handshakes only: open connections
//!   keep the session they have. A reload that fails keeps the configuration in service and logs
//!   which file is wrong, never a key's bytes.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock, Weak};
use std::time::Duration;

use sha2::{Digest, Sha256};
use tokio::net::TcpStream;
use tokio_rustls::rustls::pki_types::pem::{self, PemObject};
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::rustls::server::WebPkiClientVerifier;
use tokio_rustls::rustls::{self, RootCertStore, ServerConfig};
use x509_parser::asn1_rs::{Tag, ToDer};
use x509_parser::certificate::X509Certificate;
use x509_parser::prelude::FromDer;
use x509_parser::x509::{AttributeTypeAndValue, X509Name};

use super::{Handshake, PeerCertificate, Protocol};

/// Largest certificate, key or CA file read: a long CA bundle is a few hundred KiB; a path
/// pointing at something else (a device, a log) fails instead of being read without end.
const MAX_FILE_BYTES: u64 = 4 << 20;

/// Whether a listener with a client-CA bundle lets in clients without a certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ClientAuth {
    /// A connection without a certificate the bundle verifies is refused at the handshake.
    #[default]
    Required,
    /// A client may also come without a certificate (e.g. callers that use API keys); one that
    /// sends a certificate must still send one the bundle verifies.
    Optional,
}

/// Where a listener's TLS material lives: PEM files, read at start and again when they change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsFiles {
    /// The server's certificate chain, leaf first.
    pub cert: PathBuf,
    /// The private key of the leaf certificate (PKCS#8, PKCS#1 or SEC1).
    pub key: PathBuf,
    /// CA certificates that client certificates are verified against; none: no client
    /// certificates are asked for.
    pub client_ca: Option<PathBuf>,
    /// Used only with `client_ca`.
    pub client_auth: ClientAuth,
}

/// TLS of both listeners (built from the flags by `config::TlsArgs`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsSettings {
    /// The gRPC listener's files; none: plaintext.
    pub grpc: Option<TlsFiles>,
    /// The webhook listener's files; none: plaintext.
    pub webhooks: Option<TlsFiles>,
    /// How often the files are read to see whether they changed; zero: only on SIGHUP.
    pub reload_interval: std::time::Duration,
}

/// A TLS file that cannot be used: which file, and what is wrong with it. Never holds any of the
/// file's bytes.
#[derive(Debug, Clone, thiserror::Error)]
#[error("TLS {role} file {}: {problem}", path.display())]
pub struct TlsError {
    /// Which file: "certificate", "private key" or "client CA".
    pub role: &'static str,
    /// The file's path as configured.
    pub path: PathBuf,
    /// What is wrong with it (unreadable, too large, not PEM, not X.509...); never the file's
    /// bytes.
    pub problem: String,
}

/// What a reload did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reloaded {
    /// The files hold what is in service already.
    Unchanged,
    /// New handshakes use the new files.
    Replaced,
}

/// The TLS handshake of one listener; clones share one configuration, which reloads replace.
#[derive(Clone)]
pub struct TlsAcceptor {
    inner: Arc<Inner>,
}

struct Inner {
    /// The listener's name, for logs.
    name: &'static str,
    files: TlsFiles,
    alpn: Vec<Vec<u8>>,
    /// What new handshakes use.
    serving: RwLock<Arc<Loaded>>,
    /// What the last poll or reload read: a poll acts (and logs) only on a change. Held during a
    /// reload, so that a poll and a SIGHUP do not reload at once.
    seen: Mutex<Seen>,
}

/// One configuration built from the files.
struct Loaded {
    config: Arc<ServerConfig>,
    /// Of the files' bytes (see `Contents::digest`).
    digest: [u8; 32],
    subject: String,
    not_after: String,
}

/// The outcome of reading the files, as a poll compares it with the previous one.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Seen {
    Contents([u8; 32]),
    Unreadable(String),
}

impl Seen {
    fn of(contents: &Result<Contents, TlsError>) -> Self {
        match contents {
            Ok(contents) => Seen::Contents(contents.digest),
            Err(error) => Seen::Unreadable(error.to_string()),
        }
    }
}

impl std::fmt::Debug for TlsAcceptor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let serving = self.serving();
        f.debug_struct("TlsAcceptor")
            .field("listener", &self.inner.name)
            .field("files", &self.inner.files)
            .field("subject", &serving.subject)
            .finish_non_exhaustive()
    }
}

impl TlsAcceptor {
    /// Reads `files` for the listener `name` speaking `protocol`; fails with the file at fault.
    pub fn load(
        name: &'static str,
        files: TlsFiles,
        protocol: &Protocol,
    ) -> Result<Self, TlsError> {
        let alpn = match protocol {
            Protocol::Http1 => vec![b"http/1.1".to_vec()],
            // The server's order wins: h2 for a client that offers both.
            Protocol::Http1AndHttp2 { .. } => vec![b"h2".to_vec(), b"http/1.1".to_vec()],
        };
        let contents = Contents::read(&files)?;
        let loaded = build(&files, &contents, &alpn)?;
        tracing::info!(
            listener = name,
            subject = %loaded.subject,
            not_after = %loaded.not_after,
            client_ca = ?files.client_ca,
            client_auth = ?files.client_auth,
            "TLS certificate loaded"
        );
        let seen = Seen::Contents(loaded.digest);
        Ok(Self {
            inner: Arc::new(Inner {
                name,
                files,
                alpn,
                serving: RwLock::new(Arc::new(loaded)),
                seen: Mutex::new(seen),
            }),
        })
    }

    /// Whether a client must present a verified certificate to connect.
    pub fn requires_client_certificate(&self) -> bool {
        self.inner.files.client_ca.is_some() && self.inner.files.client_auth == ClientAuth::Required
    }

    /// The subject of the server certificate new handshakes present (RFC 4514).
    pub fn subject(&self) -> String {
        self.serving().subject.clone()
    }

    /// Reads the files again and, when they differ from the configuration in service, builds
    /// one from them for new handshakes; a failure keeps the one in service. Logs either way.
    /// What SIGHUP calls; blocking (it reads files).
    pub fn reload(&self) -> Result<Reloaded, TlsError> {
        let mut seen = self.inner.seen.lock().unwrap_or_else(|e| e.into_inner());
        let contents = Contents::read(&self.inner.files);
        *seen = Seen::of(&contents);
        let outcome = contents.and_then(|contents| self.replace(&contents));
        match &outcome {
            Ok(Reloaded::Unchanged) => tracing::info!(
                listener = self.inner.name,
                "TLS files unchanged: nothing to reload"
            ),
            Ok(Reloaded::Replaced) => {}
            Err(error) => self.log_failure(error),
        }
        outcome
    }

    /// What the periodic poll calls: reloads only when the files' bytes differ from what the
    /// previous poll (or reload) saw, so a file left broken is reported once, not at every poll.
    fn poll(&self) {
        let mut seen = self.inner.seen.lock().unwrap_or_else(|e| e.into_inner());
        let contents = Contents::read(&self.inner.files);
        let now = Seen::of(&contents);
        if now == *seen {
            return;
        }
        *seen = now;
        if let Err(error) = contents.and_then(|contents| self.replace(&contents)) {
            self.log_failure(&error);
        }
    }

    /// Builds a configuration from `contents` and puts it in service, unless it is the one
    /// serving already.
    fn replace(&self, contents: &Contents) -> Result<Reloaded, TlsError> {
        if self.serving().digest == contents.digest {
            return Ok(Reloaded::Unchanged);
        }
        let loaded = build(&self.inner.files, contents, &self.inner.alpn)?;
        tracing::info!(
            listener = self.inner.name,
            subject = %loaded.subject,
            not_after = %loaded.not_after,
            "TLS files reloaded: new connections use the new certificate"
        );
        *self
            .inner
            .serving
            .write()
            .unwrap_or_else(|e| e.into_inner()) = Arc::new(loaded);
        Ok(Reloaded::Replaced)
    }

    fn log_failure(&self, error: &TlsError) {
        tracing::error!(
            listener = self.inner.name,
            file = %error.path.display(),
            "TLS reload failed, the previous certificate stays in service: {error}"
        );
    }

    fn serving(&self) -> Arc<Loaded> {
        self.inner
            .serving
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Reloads every `interval` when the files changed (never when zero) and at once on SIGHUP,
    /// until every clone of this acceptor is dropped. The SIGHUP handler is in place when this
    /// returns; SIGHUP then only reloads TLS files (it no longer ends the process).
    pub fn spawn_reloader(
        &self,
        interval: Duration,
    ) -> std::io::Result<tokio::task::JoinHandle<()>> {
        let mut hangup = crate::signals::Hangup::register()?;
        let acceptor: Weak<Inner> = Arc::downgrade(&self.inner);
        let mut ticks = (!interval.is_zero()).then(|| {
            let mut ticks =
                tokio::time::interval_at(tokio::time::Instant::now() + interval, interval);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            ticks
        });
        Ok(tokio::spawn(async move {
            loop {
                let forced = tokio::select! {
                    () = next_tick(&mut ticks) => false,
                    () = hangup.recv() => true,
                };
                let Some(inner) = acceptor.upgrade() else {
                    return;
                };
                let acceptor = TlsAcceptor { inner };
                // Reading files blocks: off the runtime's workers.
                let _ = tokio::task::spawn_blocking(move || {
                    if forced {
                        let _ = acceptor.reload();
                    } else {
                        acceptor.poll();
                    }
                })
                .await;
            }
        }))
    }
}

async fn next_tick(ticks: &mut Option<tokio::time::Interval>) {
    match ticks {
        Some(ticks) => {
            ticks.tick().await;
        }
        None => std::future::pending().await,
    }
}

impl Handshake for TlsAcceptor {
    type Io = tokio_rustls::server::TlsStream<TcpStream>;

    async fn handshake(
        &self,
        tcp: TcpStream,
    ) -> std::io::Result<(Self::Io, Option<PeerCertificate>)> {
        let config = self.serving().config.clone();
        let stream = tokio_rustls::TlsAcceptor::from(config).accept(tcp).await?;
        let certificate = match stream.get_ref().1.peer_certificates() {
            Some([leaf, ..]) => Some(peer_certificate(leaf).map_err(|error| {
                // Verified, yet unreadable here: refused rather than let in without an identity.
                std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!("client certificate: {error}"),
                )
            })?),
            _ => None,
        };
        Ok((stream, certificate))
    }
}

/// The files' bytes.
struct Contents {
    cert: Vec<u8>,
    key: Vec<u8>,
    client_ca: Option<Vec<u8>>,
    /// SHA-256 over all of them, each with its length, so that a change to any shows.
    digest: [u8; 32],
}

impl Contents {
    fn read(files: &TlsFiles) -> Result<Self, TlsError> {
        let cert = read_file("certificate", &files.cert)?;
        let key = read_file("private key", &files.key)?;
        let client_ca = match &files.client_ca {
            Some(path) => Some(read_file("client CA", path)?),
            None => None,
        };
        let mut hasher = Sha256::new();
        for part in [Some(&cert), Some(&key), client_ca.as_ref()] {
            match part {
                Some(bytes) => {
                    hasher.update([1]);
                    hasher.update((bytes.len() as u64).to_le_bytes());
                    hasher.update(bytes);
                }
                None => hasher.update([0]),
            }
        }
        Ok(Self {
            cert,
            key,
            client_ca,
            digest: hasher.finalize().into(),
        })
    }
}

fn read_file(role: &'static str, path: &Path) -> Result<Vec<u8>, TlsError> {
    let fail = |problem: String| TlsError {
        role,
        path: path.to_owned(),
        problem,
    };
    let file = std::fs::File::open(path).map_err(|e| fail(format!("cannot read it: {e}")))?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| fail(format!("cannot read it: {e}")))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(fail(format!(
            "larger than {MAX_FILE_BYTES} bytes: not a PEM file?"
        )));
    }
    Ok(bytes)
}

/// A server configuration from the files' contents.
fn build(files: &TlsFiles, contents: &Contents, alpn: &[Vec<u8>]) -> Result<Loaded, TlsError> {
    let fail = |role: &'static str, path: &Path, problem: String| TlsError {
        role,
        path: path.to_owned(),
        problem,
    };
    let cert_fail = |problem: String| fail("certificate", &files.cert, problem);
    let key_fail = |problem: String| fail("private key", &files.key, problem);

    let chain = certificates(&contents.cert).map_err(cert_fail)?;
    let (subject, not_after) = {
        let (_, leaf) = X509Certificate::from_der(&chain[0])
            .map_err(|e| cert_fail(format!("the first certificate is not X.509: {e}")))?;
        let not_after = leaf.validity().not_after.timestamp();
        if not_after < chrono::Utc::now().timestamp() {
            tracing::warn!(
                file = %files.cert.display(),
                "the TLS certificate has expired: clients will refuse it"
            );
        }
        let not_after = chrono::DateTime::from_timestamp(not_after, 0)
            .map(|t| t.to_rfc3339())
            .unwrap_or_else(|| not_after.to_string());
        (rfc4514(leaf.subject()), not_after)
    };
    // The key's own parse errors are not shown: they could quote its bytes.
    let key = PrivateKeyDer::from_pem_slice(&contents.key).map_err(|e| {
        key_fail(match e {
            pem::Error::NoItemsFound => {
                "no PRIVATE KEY block (PKCS#8, PKCS#1 or SEC1 PEM) in it".to_owned()
            }
            _ => "not a valid PEM private key".to_owned(),
        })
    })?;

    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let verifier = match (&files.client_ca, &contents.client_ca) {
        (Some(path), Some(bundle)) => {
            let ca_fail = |problem: String| fail("client CA", path, problem);
            let mut roots = RootCertStore::empty();
            for certificate in certificates(bundle).map_err(ca_fail)? {
                roots
                    .add(certificate)
                    .map_err(|e| ca_fail(format!("not a usable CA certificate: {e}")))?;
            }
            let builder =
                WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider.clone());
            let builder = match files.client_auth {
                ClientAuth::Required => builder,
                ClientAuth::Optional => builder.allow_unauthenticated(),
            };
            builder.build().map_err(|e| ca_fail(e.to_string()))?
        }
        _ => WebPkiClientVerifier::no_client_auth(),
    };
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| cert_fail(e.to_string()))?
        .with_client_cert_verifier(verifier)
        .with_single_cert(chain, key)
        .map_err(|e| match e {
            rustls::Error::InconsistentKeys(_) => key_fail(format!(
                "does not match the certificate in {}",
                files.cert.display()
            )),
            other => key_fail(format!("cannot be used: {other}")),
        })?;
    config.alpn_protocols = alpn.to_vec();
    Ok(Loaded {
        config: Arc::new(config),
        digest: contents.digest,
        subject,
        not_after,
    })
}

/// The CERTIFICATE blocks of a PEM file, at least one.
fn certificates(pem: &[u8]) -> Result<Vec<CertificateDer<'static>>, String> {
    let chain = CertificateDer::pem_slice_iter(pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("not valid PEM: {e}"))?;
    if chain.is_empty() {
        return Err("no CERTIFICATE block in it".to_owned());
    }
    Ok(chain)
}

/// The subject of a verified client certificate.
fn peer_certificate(der: &CertificateDer<'_>) -> Result<PeerCertificate, String> {
    let (_, certificate) = X509Certificate::from_der(der).map_err(|e| e.to_string())?;
    let subject = certificate.subject();
    Ok(PeerCertificate {
        subject: rfc4514(subject),
        // The most specific: the last in the certificate's order.
        common_name: subject
            .iter_common_name()
            .filter_map(|cn| string_value(cn))
            .last(),
    })
}

/// A distinguished name in RFC 4514's string form: the most specific RDN first, RDNs joined by
/// ',', the attributes of a multi-valued RDN by '+', types by their short names (CN, L, ST, O,
/// OU, C, STREET, DC, UID) or dotted OIDs, string values escaped, other values as '#' and the
/// hex of their DER encoding.
fn rfc4514(name: &X509Name<'_>) -> String {
    let rdns: Vec<String> = name
        .iter_rdn()
        .map(|rdn| rdn.iter().map(attribute).collect::<Vec<String>>().join("+"))
        .collect();
    rdns.into_iter().rev().collect::<Vec<_>>().join(",")
}

fn attribute(attribute: &AttributeTypeAndValue<'_>) -> String {
    let oid = attribute.attr_type().to_id_string();
    let short = match oid.as_str() {
        "2.5.4.3" => Some("CN"),
        "2.5.4.7" => Some("L"),
        "2.5.4.8" => Some("ST"),
        "2.5.4.10" => Some("O"),
        "2.5.4.11" => Some("OU"),
        "2.5.4.6" => Some("C"),
        "2.5.4.9" => Some("STREET"),
        "0.9.2342.19200300.100.1.25" => Some("DC"),
        "0.9.2342.19200300.100.1.1" => Some("UID"),
        _ => None,
    };
    // RFC 4514 2.4: a type written as an OID takes its value in hex.
    match (short, string_value(attribute)) {
        (Some(short), Some(value)) => format!("{short}={}", escape(&value)),
        (short, _) => {
            let der = attribute.attr_value().to_der_vec().unwrap_or_default();
            let hex: String = der.iter().map(|b| format!("{b:02x}")).collect();
            format!("{}=#{hex}", short.map_or(oid.clone(), str::to_owned))
        }
    }
}

/// The value of a string-typed attribute.
fn string_value(attribute: &AttributeTypeAndValue<'_>) -> Option<String> {
    let value = attribute.attr_value();
    match value.tag() {
        Tag::Utf8String
        | Tag::PrintableString
        | Tag::Ia5String
        | Tag::NumericString
        | Tag::VisibleString
        | Tag::TeletexString => std::str::from_utf8(value.data).ok().map(str::to_owned),
        Tag::BmpString => {
            let units: Vec<u16> = value
                .data
                .chunks_exact(2)
                .map(|pair| u16::from_be_bytes([pair[0], pair[1]]))
                .collect();
            String::from_utf16(&units).ok()
        }
        Tag::UniversalString => value
            .data
            .chunks_exact(4)
            .map(|quad| char::from_u32(u32::from_be_bytes([quad[0], quad[1], quad[2], quad[3]])))
            .collect(),
        _ => None,
    }
}

/// RFC 4514 2.4: the characters with a meaning in the string form, a leading '#' or space, a
/// trailing space and NUL are escaped.
fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let last = value.chars().count().saturating_sub(1);
    for (i, c) in value.chars().enumerate() {
        match c {
            '"' | '+' | ',' | ';' | '<' | '>' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '#' if i == 0 => out.push_str("\\#"),
            ' ' if i == 0 || i == last => out.push_str("\\ "),
            '\0' => out.push_str("\\00"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_escaped_as_rfc_4514_says() {
        assert_eq!(escape("Acme, Inc."), "Acme\\, Inc.");
        assert_eq!(escape("a+b;c<d>e\"f\\g"), "a\\+b\\;c\\<d\\>e\\\"f\\\\g");
        assert_eq!(escape("#1 "), "\\#1\\ ");
        assert_eq!(escape(" x#"), "\\ x#");
        assert_eq!(escape("nul\0"), "nul\\00");
        assert_eq!(escape("plain-name_1.example"), "plain-name_1.example");
        assert_eq!(escape(""), "");
    }
}
