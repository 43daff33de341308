//! Test certificates: a CA per test made with rcgen, server certificates for `localhost` and
//! 127.0.0.1, client certificates; files a listener loads and rewrites; and clients that speak
//! TLS to a listener (tonic over HTTP/2, hyper over HTTP/1.1).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa,
    Issuer, KeyPair, KeyUsagePurpose,
};
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName};
use tokio_rustls::rustls::{self, ClientConfig, RootCertStore};

pub(crate) type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// A certificate and its private key, in PEM.
#[derive(Debug, Clone)]
pub(crate) struct Pem {
    pub cert: String,
    pub key: String,
}

/// A certificate authority that signs server and client certificates.
pub(crate) struct Ca {
    issuer: Issuer<'static, KeyPair>,
    /// The CA's own certificate, in PEM: what a peer trusts.
    pub cert: String,
}

impl Ca {
    pub(crate) fn new(name: &str) -> Self {
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.distinguished_name = dn(&[
            (DnType::OrganizationName, "Test"),
            (DnType::CommonName, name),
        ]);
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let key = KeyPair::generate().unwrap();
        let cert = params.self_signed(&key).unwrap().pem();
        Self {
            issuer: Issuer::new(params, key),
            cert,
        }
    }

    /// A server certificate for `localhost` and 127.0.0.1.
    pub(crate) fn server(&self) -> Pem {
        let mut params =
            CertificateParams::new(vec!["localhost".to_owned(), "127.0.0.1".to_owned()]).unwrap();
        params.distinguished_name = dn(&[(DnType::CommonName, "localhost")]);
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        self.sign(params)
    }

    /// A client certificate whose subject is `O=org, CN=cn` (RFC 4514: `CN=cn,O=org`).
    pub(crate) fn client(&self, org: &str, cn: &str) -> Pem {
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.distinguished_name =
            dn(&[(DnType::OrganizationName, org), (DnType::CommonName, cn)]);
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
        self.sign(params)
    }

    fn sign(&self, params: CertificateParams) -> Pem {
        let key = KeyPair::generate().unwrap();
        let cert = params.signed_by(&key, &self.issuer).unwrap().pem();
        Pem {
            cert,
            key: key.serialize_pem(),
        }
    }
}

/// A distinguished name with `parts` in this order (the least specific first, as X.509 keeps
/// them).
fn dn(parts: &[(DnType, &str)]) -> DistinguishedName {
    let mut dn = DistinguishedName::new();
    for (kind, value) in parts {
        dn.push(kind.clone(), *value);
    }
    dn
}

/// A listener's TLS files in a directory of their own, removed when dropped.
pub(crate) struct TlsDir {
    _dir: tempfile::TempDir,
    pub cert: PathBuf,
    pub key: PathBuf,
    pub client_ca: PathBuf,
}

impl TlsDir {
    /// `server`'s files, and `client_ca` as the client-CA bundle when given.
    pub(crate) fn new(server: &Pem, client_ca: Option<&Ca>) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let files = Self {
            cert: dir.path().join("server.pem"),
            key: dir.path().join("server-key.pem"),
            client_ca: dir.path().join("client-ca.pem"),
            _dir: dir,
        };
        files.write(server);
        if let Some(ca) = client_ca {
            std::fs::write(&files.client_ca, &ca.cert).unwrap();
        }
        files
    }

    /// Replaces the certificate and key files, each by a rename (as a certificate manager does).
    pub(crate) fn write(&self, server: &Pem) {
        replace(&self.cert, &server.cert);
        replace(&self.key, &server.key);
    }

    /// The acceptor's view of these files.
    pub(crate) fn files(
        &self,
        client_auth: Option<wadispatch_gateway::listen::ClientAuth>,
    ) -> wadispatch_gateway::listen::TlsFiles {
        wadispatch_gateway::listen::TlsFiles {
            cert: self.cert.clone(),
            key: self.key.clone(),
            client_ca: client_auth.map(|_| self.client_ca.clone()),
            client_auth: client_auth.unwrap_or_default(),
        }
    }
}

/// Writes `text` to a file beside `path` and renames it over `path`.
pub(crate) fn replace(path: &std::path::Path, text: &str) {
    let next = path.with_extension("next");
    std::fs::write(&next, text).unwrap();
    std::fs::rename(&next, path).unwrap();
}

/// A client configuration trusting `ca`, presenting `identity` when given, offering `alpn`.
pub(crate) fn client_config(ca: &Ca, identity: Option<&Pem>, alpn: &[&[u8]]) -> Arc<ClientConfig> {
    let mut roots = RootCertStore::empty();
    roots
        .add(CertificateDer::from_pem_slice(ca.cert.as_bytes()).unwrap())
        .unwrap();
    let builder =
        ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_root_certificates(roots);
    let mut config = match identity {
        Some(pem) => builder
            .with_client_auth_cert(
                vec![CertificateDer::from_pem_slice(pem.cert.as_bytes()).unwrap()],
                PrivateKeyDer::from_pem_slice(pem.key.as_bytes()).unwrap(),
            )
            .unwrap(),
        None => builder.with_no_client_auth(),
    };
    config.alpn_protocols = alpn.iter().map(|p| p.to_vec()).collect();
    Arc::new(config)
}

/// A TLS connection to `addr` as `localhost`, with the protocol ALPN agreed on.
pub(crate) async fn connect(
    addr: SocketAddr,
    config: Arc<ClientConfig>,
) -> Result<
    (
        tokio_rustls::client::TlsStream<tokio::net::TcpStream>,
        Option<Vec<u8>>,
    ),
    BoxError,
> {
    let tcp = tokio::net::TcpStream::connect(addr).await?;
    let tls = tokio_rustls::TlsConnector::from(config)
        .connect(ServerName::try_from("localhost")?, tcp)
        .await?;
    let alpn = tls.get_ref().1.alpn_protocol().map(<[u8]>::to_vec);
    Ok((tls, alpn))
}

/// An HTTP/1.1 request over TLS: the answer's status and body.
pub(crate) async fn https1(
    addr: SocketAddr,
    config: Arc<ClientConfig>,
    method: http::Method,
    path: &str,
    body: &str,
) -> Result<(u16, String), BoxError> {
    let (tls, _) = connect(addr, config).await?;
    let (mut send, connection) =
        hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(tls)).await?;
    tokio::spawn(connection);
    let request = http::Request::builder()
        .method(method)
        .uri(path)
        .header("host", "localhost")
        .header("content-type", "application/json")
        .body(Full::new(Bytes::from(body.to_owned())))?;
    let answer = send.send_request(request).await?;
    let status = answer.status().as_u16();
    let body = answer.into_body().collect().await?.to_bytes();
    Ok((status, String::from_utf8_lossy(&body).into_owned()))
}

/// A tonic channel to `addr` over TLS trusting `ca`, with `identity` as client certificate when
/// given; connected at once, so a refused handshake fails here.
pub(crate) async fn grpc_channel(
    addr: SocketAddr,
    ca: &Ca,
    identity: Option<&Pem>,
) -> Result<tonic::transport::Channel, tonic::transport::Error> {
    use tonic::transport::{Certificate, ClientTlsConfig, Identity};
    let mut tls = ClientTlsConfig::new()
        .ca_certificate(Certificate::from_pem(&ca.cert))
        .domain_name("localhost");
    if let Some(pem) = identity {
        tls = tls.identity(Identity::from_pem(&pem.cert, &pem.key));
    }
    tonic::transport::Channel::from_shared(format!("https://{addr}"))
        .unwrap()
        .tls_config(tls)?
        .connect()
        .await
}
