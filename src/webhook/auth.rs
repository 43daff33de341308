//! Webhook authentication.
//!
//! The platform documents no signing scheme ("API encryption rules use HTTP headers"), so the
//! listener offers several independent, optional modes: a secret path segment (enforced by
//! routing), a required static header, Standard Webhooks signatures
//! (<https://www.standardwebhooks.com>) and a source-network allowlist. Every configured mode
//! must pass.

use std::fmt;
use std::net::IpAddr;
use std::time::Duration;

use axum::http::{HeaderMap, StatusCode};
use base64::Engine as _;
use hmac::{KeyInit, Mac};

type HmacSha256 = hmac::Hmac<sha2::Sha256>;

/// Header carrying the unique message id (part of the signed content).
const HEADER_ID: &str = "webhook-id";
/// Header carrying the send time in unix seconds (part of the signed content; replay guard).
const HEADER_TIMESTAMP: &str = "webhook-timestamp";
/// Header carrying space-separated "v1,<base64>" signatures.
const HEADER_SIGNATURE: &str = "webhook-signature";
/// The only signature version we verify (symmetric HMAC-SHA256).
const SIGNATURE_VERSION: &str = "v1";

/// Webhook authentication settings; each mode optional; all configured modes must pass. Built
/// from the flags by `config::WebhookAuthArgs`.
#[derive(Clone)]
pub struct WebhookAuth {
    /// Secret path segment: webhooks are served under `/<secret>/...` only.
    pub webhook_path_secret: Option<String>,
    /// Header every webhook must carry, as (name, value); the value is compared in constant time.
    pub webhook_header: Option<(String, String)>,
    /// Standard Webhooks signing secrets; any one of them may sign (rotation).
    pub webhook_signing_secrets: Vec<SigningSecret>,
    /// Networks allowed to send webhooks; empty: any.
    pub webhook_allow: Vec<ipnet::IpNet>,
    /// How far a signature's timestamp may be from our clock, either way.
    pub webhook_signature_tolerance: Duration,
}

// By hand so the path secret and header value never reach logs through `{:?}`.
impl fmt::Debug for WebhookAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookAuth")
            .field(
                "webhook_path_secret",
                &self.webhook_path_secret.as_ref().map(|_| "<redacted>"),
            )
            .field(
                "webhook_header",
                &self
                    .webhook_header
                    .as_ref()
                    .map(|(name, _)| format!("{name}: <redacted>")),
            )
            .field("webhook_signing_secrets", &self.webhook_signing_secrets)
            .field("webhook_allow", &self.webhook_allow)
            .field(
                "webhook_signature_tolerance",
                &self.webhook_signature_tolerance,
            )
            .finish()
    }
}

/// A Standard Webhooks signing key: the bytes behind `whsec_<base64>`.
#[derive(Clone, PartialEq, Eq)]
pub struct SigningSecret(Vec<u8>);

impl SigningSecret {
    /// Wraps raw key bytes.
    pub fn new(key: impl Into<Vec<u8>>) -> Self {
        Self(key.into())
    }

    /// The raw key bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    fn mac(&self) -> HmacSha256 {
        // HMAC accepts keys of any length, so this cannot fail.
        HmacSha256::new_from_slice(&self.0).expect("HMAC takes keys of any length")
    }
}

// Redacted so secrets never reach logs through `{:?}` of the settings.
impl fmt::Debug for SigningSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SigningSecret(<{} bytes>)", self.0.len())
    }
}

/// Why a webhook was refused: which check failed, and the detail the sender is answered with.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{}: {}", .refusal.answer(), .detail)]
pub struct AuthError {
    /// The check that failed.
    pub refusal: Refusal,
    /// What failed about it, for the sender and the log (never a secret).
    pub detail: String,
}

/// The check a refused webhook failed: one per way a sender can get it wrong, so that the
/// refusals' metric tells a misconfigured sender (wrong header, wrong secret, skewed clock) from
/// an unknown one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// 403: the source address is not in `--webhook-allow`.
    SourceNotAllowed,
    /// 401: the `--webhook-header` header is missing.
    HeaderMissing,
    /// 401: the `--webhook-header` header has another value.
    HeaderWrong,
    /// 401: a signature is required and a Standard Webhooks header is missing or empty.
    SignatureHeadersMissing,
    /// 401: `webhook-timestamp` is not unix seconds.
    TimestampInvalid,
    /// 401: `webhook-timestamp` is further from our clock than the tolerance (a replay, or a
    /// skewed clock).
    TimestampStale,
    /// 401: no signature matches any signing secret.
    SignatureInvalid,
}

impl Refusal {
    /// The refusal as the metrics' `reason` label.
    pub fn reason(self) -> &'static str {
        match self {
            Refusal::SourceNotAllowed => "source_not_allowed",
            Refusal::HeaderMissing => "header_missing",
            Refusal::HeaderWrong => "header_wrong",
            Refusal::SignatureHeadersMissing => "signature_headers_missing",
            Refusal::TimestampInvalid => "timestamp_invalid",
            Refusal::TimestampStale => "timestamp_stale",
            Refusal::SignatureInvalid => "signature_invalid",
        }
    }

    /// The HTTP status to answer with.
    pub fn status(self) -> StatusCode {
        match self {
            Refusal::SourceNotAllowed => StatusCode::FORBIDDEN,
            _ => StatusCode::UNAUTHORIZED,
        }
    }

    /// How the answer starts: the status's meaning.
    fn answer(self) -> &'static str {
        match self {
            Refusal::SourceNotAllowed => "forbidden",
            _ => "unauthorized",
        }
    }

    fn because(self, detail: String) -> AuthError {
        AuthError {
            refusal: self,
            detail,
        }
    }
}

impl AuthError {
    /// The HTTP status to answer with.
    pub fn status(&self) -> StatusCode {
        self.refusal.status()
    }
}

/// What a request that passed authentication proved about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Signature {
    /// No signing secret is configured, so nothing vouches for the request's `webhook-id`.
    NotRequired,
    /// A Standard Webhooks signature over `id`, the timestamp and the body matched: the sender
    /// vouches for this `webhook-id` (trimmed, as signed).
    Verified {
        /// The `webhook-id` header's value, trimmed.
        id: String,
    },
}

impl WebhookAuth {
    /// True when at least one mode is configured (the listener warns loudly at start if none is
    /// and it listens beyond loopback).
    pub fn any(&self) -> bool {
        self.webhook_path_secret.is_some()
            || self.webhook_header.is_some()
            || !self.webhook_signing_secrets.is_empty()
            || !self.webhook_allow.is_empty()
    }

    /// Checks one request (path secret is handled by routing, not here): allowlist (peer IP),
    /// header (constant-time compare), Standard Webhooks signature. Tells whether a signature
    /// was verified.
    pub fn check(
        &self,
        peer: IpAddr,
        headers: &HeaderMap,
        body: &[u8],
        now_unix: i64,
    ) -> Result<Signature, AuthError> {
        self.check_sender(peer, headers)?;
        self.check_signature(headers, body, now_unix)
    }

    /// The checks that need no body (allowlist and header), so a refused sender costs no read.
    pub fn check_sender(&self, peer: IpAddr, headers: &HeaderMap) -> Result<(), AuthError> {
        self.check_allow(peer)?;
        self.check_header(headers)
    }

    /// True when every request must carry a valid signature (a signing secret is configured).
    pub fn requires_signature(&self) -> bool {
        !self.webhook_signing_secrets.is_empty()
    }

    fn check_allow(&self, peer: IpAddr) -> Result<(), AuthError> {
        if self.webhook_allow.is_empty() {
            return Ok(());
        }
        // A dual-stack socket reports IPv4 peers as ::ffff:a.b.c.d; match them against v4 nets.
        let canonical = peer.to_canonical();
        if self
            .webhook_allow
            .iter()
            .any(|net| net.contains(&peer) || net.contains(&canonical))
        {
            Ok(())
        } else {
            Err(Refusal::SourceNotAllowed
                .because(format!("source {canonical} is not in --webhook-allow")))
        }
    }

    fn check_header(&self, headers: &HeaderMap) -> Result<(), AuthError> {
        let Some((name, expected)) = &self.webhook_header else {
            return Ok(());
        };
        let Some(got) = headers.get(name.as_str()) else {
            return Err(Refusal::HeaderMissing.because(format!("missing header {name}")));
        };
        if ct_eq(got.as_bytes(), expected.as_bytes()) {
            Ok(())
        } else {
            Err(Refusal::HeaderWrong.because(format!("wrong value of header {name}")))
        }
    }

    /// The Standard Webhooks signature check alone (see [`WebhookAuth::check`]).
    pub fn check_signature(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        now_unix: i64,
    ) -> Result<Signature, AuthError> {
        if !self.requires_signature() {
            return Ok(Signature::NotRequired);
        }
        let header = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .ok_or_else(|| {
                    Refusal::SignatureHeadersMissing.because(format!("missing header {name}"))
                })
        };
        let id = header(HEADER_ID)?;
        let timestamp_raw = header(HEADER_TIMESTAMP)?;
        let signatures = header(HEADER_SIGNATURE)?;

        let timestamp: i64 = timestamp_raw.parse().map_err(|_| {
            Refusal::TimestampInvalid.because(format!("{HEADER_TIMESTAMP} is not unix seconds"))
        })?;
        // Checked before the signature: a captured, validly signed request must not be replayable.
        let skew = now_unix.abs_diff(timestamp);
        if skew > self.webhook_signature_tolerance.as_secs() {
            let direction = if timestamp < now_unix { "old" } else { "new" };
            return Err(Refusal::TimestampStale.because(format!(
                "{HEADER_TIMESTAMP} too {direction} ({skew}s off, tolerance {}s)",
                self.webhook_signature_tolerance.as_secs()
            )));
        }

        // Sign once per secret, then compare every v1 entry against it (rotation on both ends).
        let prefix = signed_prefix(id, timestamp);
        for secret in &self.webhook_signing_secrets {
            let mac = secret.mac().chain_update(&prefix).chain_update(body);
            for entry in signatures.split_whitespace() {
                let Some((SIGNATURE_VERSION, sig)) = entry.split_once(',') else {
                    continue; // other versions (e.g. v1a, asymmetric) are not ours to check
                };
                let Ok(sig) = base64::engine::general_purpose::STANDARD.decode(sig) else {
                    continue;
                };
                if mac.clone().verify_slice(&sig).is_ok() {
                    return Ok(Signature::Verified { id: id.to_owned() });
                }
            }
        }
        Err(Refusal::SignatureInvalid.because(format!(
            "no valid {SIGNATURE_VERSION} signature in {HEADER_SIGNATURE}"
        )))
    }
}

/// Signs like a Standard Webhooks sender (for tests, the simulator and tools):
/// "v1,<base64(HMAC-SHA256(secret, id.timestamp.body))>".
pub fn sign(secret: &SigningSecret, id: &str, timestamp: i64, body: &[u8]) -> String {
    let tag = secret
        .mac()
        .chain_update(signed_prefix(id, timestamp))
        .chain_update(body)
        .finalize()
        .into_bytes();
    format!(
        "{SIGNATURE_VERSION},{}",
        base64::engine::general_purpose::STANDARD.encode(tag)
    )
}

/// The part of the signed content before the body: "{id}.{timestamp}.".
fn signed_prefix(id: &str, timestamp: i64) -> String {
    format!("{id}.{timestamp}.")
}

/// Equality whose time does not depend on where the inputs differ, so a header value cannot be
/// guessed byte by byte. The length may leak, which reveals nothing useful about the value.
fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let diff = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    std::hint::black_box(diff) == 0
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;
    use clap::Parser;

    use super::*;
    use crate::config::{parse_signing_secret, WebhookAuthArgs};

    const NOW: i64 = 1_700_000_000;
    const BODY: &[u8] = br#"{"taskId":42,"status":"done"}"#;

    #[derive(Debug, Parser)]
    struct Cli {
        #[command(flatten)]
        auth: WebhookAuthArgs,
    }

    fn parse(args: &[&str]) -> WebhookAuth {
        let argv = std::iter::once("test").chain(args.iter().copied());
        Cli::try_parse_from(argv)
            .expect("arguments parse")
            .auth
            .settings()
    }

    fn none() -> WebhookAuth {
        WebhookAuth {
            webhook_path_secret: None,
            webhook_header: None,
            webhook_signing_secrets: Vec::new(),
            webhook_allow: Vec::new(),
            webhook_signature_tolerance: Duration::from_secs(300),
        }
    }

    fn secret(byte: u8) -> SigningSecret {
        SigningSecret::new(vec![byte; 24])
    }

    fn with_secrets(secrets: Vec<SigningSecret>) -> WebhookAuth {
        WebhookAuth {
            webhook_signing_secrets: secrets,
            ..none()
        }
    }

    fn signed(id: &str, ts: i64, signature: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(HEADER_ID, HeaderValue::from_str(id).unwrap());
        h.insert(
            HEADER_TIMESTAMP,
            HeaderValue::from_str(&ts.to_string()).unwrap(),
        );
        h.insert(HEADER_SIGNATURE, HeaderValue::from_str(signature).unwrap());
        h
    }

    fn verified(id: &str) -> Result<Signature, AuthError> {
        Ok(Signature::Verified { id: id.to_owned() })
    }

    fn localhost() -> IpAddr {
        "127.0.0.1".parse().unwrap()
    }

    /// Whether `r` is a refusal by `refusal`, answered 401.
    fn refused_by(r: Result<Signature, AuthError>, refusal: Refusal) -> bool {
        r.is_err_and(|e| e.refusal == refusal && e.status() == StatusCode::UNAUTHORIZED)
    }

    #[test]
    fn nothing_configured_accepts_everything() {
        let auth = none();
        assert!(!auth.any());
        assert_eq!(
            auth.check(localhost(), &HeaderMap::new(), BODY, NOW),
            Ok(Signature::NotRequired)
        );
        // The default from clap is the same empty configuration.
        let parsed = parse(&[]);
        assert!(!parsed.any());
        assert_eq!(parsed.webhook_signature_tolerance, Duration::from_secs(300));
    }

    #[test]
    fn any_is_true_for_each_mode() {
        assert!(parse(&["--webhook-path-secret", "s3cret"]).any());
        assert!(parse(&["--webhook-header", "X-Key: v"]).any());
        assert!(parse(&["--webhook-signing-secret", "whsec_AAAA"]).any());
        assert!(parse(&["--webhook-allow", "10.0.0.0/8"]).any());
    }

    #[test]
    fn allowlist() {
        let auth = parse(&[
            "--webhook-allow",
            "127.0.0.0/8,2001:db8::/32",
            "--webhook-allow",
            "192.0.2.7",
        ]);
        let ok = |ip: &str| auth.check(ip.parse().unwrap(), &HeaderMap::new(), BODY, NOW);
        assert_eq!(ok("127.0.0.1"), Ok(Signature::NotRequired));
        assert_eq!(ok("127.8.9.10"), Ok(Signature::NotRequired));
        assert_eq!(ok("2001:db8::1"), Ok(Signature::NotRequired));
        assert_eq!(ok("192.0.2.7"), Ok(Signature::NotRequired));
        // IPv4-mapped IPv6, as a dual-stack socket reports IPv4 peers.
        assert_eq!(ok("::ffff:127.0.0.1"), Ok(Signature::NotRequired));
        assert_eq!(ok("::ffff:192.0.2.7"), Ok(Signature::NotRequired));

        let bad = ok("10.1.2.3").unwrap_err();
        assert_eq!(bad.refusal, Refusal::SourceNotAllowed);
        assert_eq!(bad.status(), StatusCode::FORBIDDEN);
        assert_eq!(bad.refusal.reason(), "source_not_allowed");
        assert_eq!(
            bad.to_string(),
            "forbidden: source 10.1.2.3 is not in --webhook-allow"
        );
        for refused in ["192.0.2.8", "::ffff:10.0.0.1", "2001:db9::1", "::1"] {
            let refusal = ok(refused).map_err(|e| e.refusal);
            assert_eq!(refusal, Err(Refusal::SourceNotAllowed), "{refused}");
        }
    }

    #[test]
    fn header() {
        let auth = parse(&["--webhook-header", "X-Webhook-Token:  t0ken "]);
        assert_eq!(
            auth.webhook_header,
            Some(("X-Webhook-Token".into(), "t0ken".into()))
        );

        let mut h = HeaderMap::new();
        // Header names are case-insensitive.
        h.insert("x-webhook-token", HeaderValue::from_static("t0ken"));
        assert_eq!(
            auth.check(localhost(), &h, BODY, NOW),
            Ok(Signature::NotRequired)
        );

        h.insert("x-webhook-token", HeaderValue::from_static("t0kem"));
        let err = auth.check(localhost(), &h, BODY, NOW).unwrap_err();
        assert_eq!(err.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(
            err.to_string(),
            "unauthorized: wrong value of header X-Webhook-Token"
        );
        assert!(refused_by(Err(err), Refusal::HeaderWrong));
        h.insert("x-webhook-token", HeaderValue::from_static("t0ken2"));
        let wrong = auth.check(localhost(), &h, BODY, NOW);
        assert!(refused_by(wrong, Refusal::HeaderWrong));
        h.insert("x-webhook-token", HeaderValue::from_static(""));
        let empty = auth.check(localhost(), &h, BODY, NOW);
        assert!(refused_by(empty, Refusal::HeaderWrong));

        let missing = auth.check(localhost(), &HeaderMap::new(), BODY, NOW);
        assert!(refused_by(missing, Refusal::HeaderMissing));
    }

    #[test]
    fn ct_eq_compares_exactly() {
        assert!(ct_eq(b"abc", b"abc"));
        assert!(ct_eq(b"", b""));
        assert!(!ct_eq(b"abc", b"abd"));
        assert!(!ct_eq(b"abc", b"ab"));
    }

    #[test]
    fn known_answer_vector() {
        // The example of the Standard Webhooks spec, recomputed independently with:
        //   python3 -c 'import hmac,hashlib,base64
        //   key=base64.b64decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
        //   msg=b"msg_p5jXN8AQM9LWM0D4loKWxJek.1614265330."+b"{\"test\": 2432232314}"
        //   print("v1,"+base64.b64encode(hmac.new(key,msg,hashlib.sha256).digest()).decode())'
        // which prints the expected value below (and matches the spec's published signature).
        let secret = parse_signing_secret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
        let id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
        let ts = 1_614_265_330;
        let body = br#"{"test": 2432232314}"#;
        let expected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
        assert_eq!(sign(&secret, id, ts, body), expected);

        let auth = with_secrets(vec![secret]);
        assert_eq!(
            auth.check(localhost(), &signed(id, ts, expected), body, ts),
            verified(id)
        );
    }

    #[test]
    fn signature_valid() {
        let s = secret(1);
        let auth = with_secrets(vec![s.clone()]);
        let sig = sign(&s, "msg_1", NOW, BODY);
        assert_eq!(
            auth.check(localhost(), &signed("msg_1", NOW, &sig), BODY, NOW),
            verified("msg_1")
        );
    }

    #[test]
    fn a_verified_signature_names_its_id() {
        let s = secret(1);
        let auth = with_secrets(vec![s.clone()]);
        assert!(auth.requires_signature());
        assert!(!none().requires_signature());
        let sig = sign(&s, "msg_1", NOW, BODY);
        let mut h = signed("msg_1", NOW, &sig);
        // The id as signed: blanks around the header value are not part of it.
        h.insert(HEADER_ID, HeaderValue::from_static(" msg_1 "));
        assert_eq!(auth.check(localhost(), &h, BODY, NOW), verified("msg_1"));
        // The sender checks need no body; the signature check alone refuses another body.
        assert_eq!(auth.check_sender(localhost(), &h), Ok(()));
        let other_body = auth.check_signature(&h, b"{}", NOW);
        assert!(refused_by(other_body, Refusal::SignatureInvalid));
        // Without a secret a webhook-id proves nothing.
        assert_eq!(
            none().check(localhost(), &h, BODY, NOW),
            Ok(Signature::NotRequired)
        );
    }

    #[test]
    fn signature_tampered() {
        let s = secret(1);
        let auth = with_secrets(vec![s.clone()]);
        let sig = sign(&s, "msg_1", NOW, BODY);
        let check = |id: &str, ts: i64, body: &[u8]| {
            auth.check(localhost(), &signed(id, ts, &sig), body, NOW)
        };
        let invalid = |r| refused_by(r, Refusal::SignatureInvalid);
        assert!(invalid(check(
            "msg_1",
            NOW,
            br#"{"taskId":43,"status":"done"}"#
        )));
        assert!(invalid(check("msg_1", NOW, b"")));
        // The id and timestamp are signed too.
        assert!(invalid(check("msg_2", NOW, BODY)));
        assert!(invalid(check("msg_1", NOW + 1, BODY)));
        // Garbage and truncated signatures.
        for bad in ["v1,!!!", "v1,", "v1", &sig[..sig.len() - 4]] {
            assert!(invalid(auth.check(
                localhost(),
                &signed("msg_1", NOW, bad),
                BODY,
                NOW
            )));
        }
    }

    #[test]
    fn signature_wrong_secret() {
        let auth = with_secrets(vec![secret(1)]);
        let sig = sign(&secret(2), "msg_1", NOW, BODY);
        let other_secret = auth.check(localhost(), &signed("msg_1", NOW, &sig), BODY, NOW);
        assert!(refused_by(other_secret, Refusal::SignatureInvalid));
    }

    #[test]
    fn signature_rotation_second_secret_matches() {
        let auth = with_secrets(vec![secret(1), secret(2)]);
        let sig = sign(&secret(2), "msg_1", NOW, BODY);
        assert_eq!(
            auth.check(localhost(), &signed("msg_1", NOW, &sig), BODY, NOW),
            verified("msg_1")
        );
    }

    #[test]
    fn signature_several_entries_one_matches() {
        let auth = with_secrets(vec![secret(1)]);
        let good = sign(&secret(1), "msg_1", NOW, BODY);
        let other = sign(&secret(3), "msg_1", NOW, BODY);
        let header = format!("{other} v1,AAAA {good}");
        assert_eq!(
            auth.check(localhost(), &signed("msg_1", NOW, &header), BODY, NOW),
            verified("msg_1")
        );
        let header = format!("{other} v1,AAAA");
        let none_matches = auth.check(localhost(), &signed("msg_1", NOW, &header), BODY, NOW);
        assert!(refused_by(none_matches, Refusal::SignatureInvalid));
    }

    #[test]
    fn signature_non_v1_entries_ignored() {
        let auth = with_secrets(vec![secret(1)]);
        let good = sign(&secret(1), "msg_1", NOW, BODY);
        let b64 = good.strip_prefix("v1,").unwrap();
        // The right bytes under another version label must not count.
        for header in [format!("v1a,{b64}"), format!("v2,{b64}"), b64.to_owned()] {
            let other_version = auth.check(localhost(), &signed("msg_1", NOW, &header), BODY, NOW);
            assert!(refused_by(other_version, Refusal::SignatureInvalid));
        }
        // ...and do not spoil a valid v1 entry beside them.
        let header = format!("v1a,{b64} v2,xyz {good}");
        assert_eq!(
            auth.check(localhost(), &signed("msg_1", NOW, &header), BODY, NOW),
            verified("msg_1")
        );
    }

    #[test]
    fn signature_timestamp_tolerance() {
        let s = secret(1);
        let auth = with_secrets(vec![s.clone()]);
        let at = |ts: i64| {
            let sig = sign(&s, "msg_1", ts, BODY);
            auth.check(localhost(), &signed("msg_1", ts, &sig), BODY, NOW)
        };
        assert_eq!(at(NOW - 300), verified("msg_1"));
        assert_eq!(at(NOW + 300), verified("msg_1"));
        for stale in [NOW - 301, NOW + 301, 0, i64::MAX, i64::MIN] {
            assert!(refused_by(at(stale), Refusal::TimestampStale), "{stale}");
        }

        let strict = WebhookAuth {
            webhook_signature_tolerance: Duration::from_secs(10),
            ..with_secrets(vec![s.clone()])
        };
        let sig = sign(&s, "msg_1", NOW - 11, BODY);
        let late = strict.check(localhost(), &signed("msg_1", NOW - 11, &sig), BODY, NOW);
        assert!(refused_by(late, Refusal::TimestampStale));
    }

    #[test]
    fn signature_missing_or_malformed_headers() {
        let s = secret(1);
        let auth = with_secrets(vec![s.clone()]);
        let sig = sign(&s, "msg_1", NOW, BODY);
        let full = signed("msg_1", NOW, &sig);
        for name in [HEADER_ID, HEADER_TIMESTAMP, HEADER_SIGNATURE] {
            let mut h = full.clone();
            h.remove(name);
            let missing = Refusal::SignatureHeadersMissing;
            let without = auth.check(localhost(), &h, BODY, NOW);
            assert!(refused_by(without, missing), "without {name}");
            h.insert(name, HeaderValue::from_static(""));
            let empty = auth.check(localhost(), &h, BODY, NOW);
            assert!(refused_by(empty, missing), "empty {name}");
        }
        let mut h = full.clone();
        h.insert(HEADER_TIMESTAMP, HeaderValue::from_static("yesterday"));
        let yesterday = auth.check(localhost(), &h, BODY, NOW);
        assert!(refused_by(yesterday, Refusal::TimestampInvalid));
        let bare = auth.check(localhost(), &HeaderMap::new(), BODY, NOW);
        assert!(refused_by(bare, Refusal::SignatureHeadersMissing));
    }

    #[test]
    fn signing_secrets_from_flags() {
        let auth = parse(&[
            "--webhook-signing-secret",
            "whsec_AQIDBA==,whsec_BQYHCA==",
            "--webhook-signing-secret",
            "CQoLDA==",
            "--webhook-signature-tolerance",
            "30s",
        ]);
        let keys: Vec<&[u8]> = auth
            .webhook_signing_secrets
            .iter()
            .map(|s| s.as_bytes())
            .collect();
        assert_eq!(keys, [&[1, 2, 3, 4][..], &[5, 6, 7, 8], &[9, 10, 11, 12]]);
        assert_eq!(auth.webhook_signature_tolerance, Duration::from_secs(30));

        let err =
            Cli::try_parse_from(["test", "--webhook-signing-secret", "whsec_???"]).unwrap_err();
        assert!(err.to_string().contains("base64"), "{err}");
    }

    #[test]
    fn all_modes_combined_must_all_pass() {
        let s = parse_signing_secret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
        let auth = parse(&[
            "--webhook-path-secret",
            "p4th",
            "--webhook-header",
            "X-Token: abc",
            "--webhook-signing-secret",
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "--webhook-allow",
            "127.0.0.0/8",
        ]);
        assert!(auth.any());
        assert_eq!(auth.webhook_path_secret.as_deref(), Some("p4th"));
        // Debug (what a startup log would print) shows no secret.
        let shown = format!("{auth:?}");
        assert!(shown.contains("X-Token: <redacted>"), "{shown}");
        for secret in ["p4th", "abc", "MfKQ9r8G"] {
            assert!(!shown.contains(secret), "{shown}");
        }

        let sig = sign(&s, "msg_1", NOW, BODY);
        let mut good = signed("msg_1", NOW, &sig);
        good.insert("x-token", HeaderValue::from_static("abc"));
        assert_eq!(auth.check(localhost(), &good, BODY, NOW), verified("msg_1"));

        // Each mode failing alone fails the request.
        let elsewhere = auth.check("10.0.0.1".parse().unwrap(), &good, BODY, NOW);
        assert_eq!(
            elsewhere.map_err(|e| e.refusal),
            Err(Refusal::SourceNotAllowed)
        );
        let mut no_header = good.clone();
        no_header.remove("x-token");
        let no_header = auth.check(localhost(), &no_header, BODY, NOW);
        assert!(refused_by(no_header, Refusal::HeaderMissing));
        let mut bad_sig = good.clone();
        bad_sig.insert(HEADER_SIGNATURE, HeaderValue::from_static("v1,AAAA"));
        let bad_sig = auth.check(localhost(), &bad_sig, BODY, NOW);
        assert!(refused_by(bad_sig, Refusal::SignatureInvalid));
        let other_body = auth.check(localhost(), &good, b"{}", NOW);
        assert!(refused_by(other_body, Refusal::SignatureInvalid));
        let an_hour_on = auth.check(localhost(), &good, BODY, NOW + 3600);
        assert!(refused_by(an_hour_on, Refusal::TimestampStale));
    }

    #[test]
    fn every_refusal_has_its_own_reason() {
        let all = [
            Refusal::SourceNotAllowed,
            Refusal::HeaderMissing,
            Refusal::HeaderWrong,
            Refusal::SignatureHeadersMissing,
            Refusal::TimestampInvalid,
            Refusal::TimestampStale,
            Refusal::SignatureInvalid,
        ];
        let reasons: std::collections::HashSet<&str> = all.iter().map(|r| r.reason()).collect();
        assert_eq!(reasons.len(), all.len(), "{reasons:?}");
        // Prometheus label values of the fixed list: lower-case words.
        assert!(reasons
            .iter()
            .all(|r| r.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')));
    }
}
