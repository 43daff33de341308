//! The Standard Webhooks signature check (`WebhookAuth::check` with signing secrets).
//!
//! Input: a flags byte (bit 0: which of two secrets signs, bit 1: whether the receiver holds
//! two secrets, as during a rotation), an i64 (the signature's timestamp; little-endian), an i16
//! (the receiver clock's skew from it), a u16 and a byte (where to change one byte, and how),
//! then four fields each led by its length in one byte: the key, the `webhook-id`, a raw
//! `webhook-timestamp` and a raw `webhook-signature`; the rest is the body.
//!
//! Properties: never panics; with the raw headers, a request passes only if its timestamp is
//! within the tolerance and one of its `v1` entries carries the HMAC of `id.timestamp.body`
//! under a configured key; a correctly signed request always passes (alone or beside other
//! signature entries, with either secret of a rotation); changing one byte of the body, the id,
//! the timestamp or the signature, or checking with another key, always fails.
#![no_main]

use std::net::{IpAddr, Ipv4Addr};
use std::sync::OnceLock;

use axum::http::{HeaderMap, HeaderValue};
use base64::Engine as _;
use clap::Parser;
use libfuzzer_sys::fuzz_target;
use wadispatch_gateway::config::WebhookAuthArgs;
use wadispatch_gateway::webhook::auth::{sign, Signature, SigningSecret, WebhookAuth};

const PEER: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);

/// The settings a gateway started with no webhook flags has; each input sets the secrets.
#[derive(Parser)]
struct Flags {
    #[command(flatten)]
    auth: WebhookAuthArgs,
}

fn defaults() -> &'static WebhookAuth {
    static DEFAULTS: OnceLock<WebhookAuth> = OnceLock::new();
    DEFAULTS.get_or_init(|| Flags::parse_from(["fuzz"]).auth.settings())
}

/// Reads the input front to back; past the end everything is zero or empty.
struct Input<'a>(&'a [u8]);

impl<'a> Input<'a> {
    fn bytes<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0u8; N];
        let n = self.0.len().min(N);
        out[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        out
    }

    fn field(&mut self) -> &'a [u8] {
        let [len] = self.bytes::<1>();
        let n = self.0.len().min(usize::from(len));
        let (field, rest) = self.0.split_at(n);
        self.0 = rest;
        field
    }
}

fuzz_target!(|data: &[u8]| {
    let mut input = Input(data);
    let [flags] = input.bytes::<1>();
    let timestamp = i64::from_le_bytes(input.bytes::<8>());
    let skew = i64::from(i16::from_le_bytes(input.bytes::<2>()));
    let position = usize::from(u16::from_le_bytes(input.bytes::<2>()));
    let [mask] = input.bytes::<1>();
    let key = input.field();
    let id = input.field();
    let raw_timestamp = input.field();
    let raw_signature = input.field();
    let body = input.0;

    let key = if key.is_empty() { &[0u8][..] } else { key };
    let secret = SigningSecret::new(key);
    // The other key of a rotation differs from this one in its last byte.
    let mut other_key = key.to_vec();
    *other_key.last_mut().expect("not empty") ^= 0x5a;
    let other = SigningSecret::new(other_key);
    let (signer, secrets) = match (flags & 1 == 1, flags & 2 == 2) {
        (_, false) => (&secret, vec![secret.clone()]),
        (false, true) => (&secret, vec![secret.clone(), other.clone()]),
        (true, true) => (&other, vec![secret.clone(), other.clone()]),
    };
    let auth = WebhookAuth {
        webhook_signing_secrets: secrets,
        ..defaults().clone()
    };
    let tolerance = auth.webhook_signature_tolerance.as_secs() as i64;

    raw_headers(&auth, id, raw_timestamp, raw_signature, body, timestamp);

    // A sender signs with a printable ASCII id (what a header value can carry as text).
    let id: String = id
        .iter()
        .filter(|b| b.is_ascii_graphic())
        .map(|&b| char::from(b))
        .collect();
    let id = if id.is_empty() { "msg".to_owned() } else { id };
    let now = timestamp.saturating_add(skew % (tolerance + 1));
    let good = sign(signer, &id, timestamp, body);
    let check = |id: &str, timestamp: i64, signature: &str, body: &[u8]| {
        auth.check(PEER, &headers(id, timestamp, signature), body, now)
    };

    assert_eq!(
        check(&id, timestamp, &good, body),
        Ok(verified(&id)),
        "a correctly signed request was refused"
    );
    if let Ok(others) = std::str::from_utf8(raw_signature) {
        let beside = format!("{} {good}", others.trim());
        // Header text: printable ASCII (a value with other bytes has no text to check).
        if beside.bytes().all(|b| b == b' ' || b.is_ascii_graphic()) {
            assert_eq!(
                check(&id, timestamp, &beside, body),
                Ok(verified(&id)),
                "a correct signature beside {others:?} was refused"
            );
        }
    }

    let mask = if mask == 0 { 1 } else { mask };
    if !body.is_empty() {
        let mut changed = body.to_vec();
        changed[position % body.len()] ^= mask;
        assert!(
            check(&id, timestamp, &good, &changed).is_err(),
            "a changed body passed"
        );
    }
    let changed_id = change_printable(&id, position, mask);
    assert!(
        check(&changed_id, timestamp, &good, body).is_err(),
        "a changed id {changed_id:?} passed"
    );
    // One second off, towards the receiver's clock so the tolerance still holds.
    let other_second = if now >= timestamp {
        timestamp.saturating_add(1)
    } else {
        timestamp.saturating_sub(1)
    };
    if other_second != timestamp {
        assert!(
            check(&id, other_second, &good, body).is_err(),
            "a changed timestamp passed"
        );
    }
    let changed_signature = change_printable(&good, position, mask);
    assert!(
        check(&id, timestamp, &changed_signature, body).is_err(),
        "a changed signature {changed_signature:?} passed"
    );
    let stranger = WebhookAuth {
        webhook_signing_secrets: vec![SigningSecret::new(b"another key".to_vec())],
        ..defaults().clone()
    };
    if key != b"another key" {
        assert!(
            stranger
                .check(PEER, &headers(&id, timestamp, &good), body, now)
                .is_err(),
            "a request signed with another key passed"
        );
    }
});

/// The check with headers exactly as fuzzed: it may pass only for a fresh timestamp and a
/// `v1` entry carrying the right HMAC.
fn raw_headers(
    auth: &WebhookAuth,
    id: &[u8],
    timestamp: &[u8],
    signature: &[u8],
    body: &[u8],
    now: i64,
) {
    let mut headers = HeaderMap::new();
    for (name, value) in [
        ("webhook-id", id),
        ("webhook-timestamp", timestamp),
        ("webhook-signature", signature),
    ] {
        if let Ok(value) = HeaderValue::from_bytes(value) {
            headers.insert(name, value);
        }
    }
    if auth.check(PEER, &headers, body, now).is_err() {
        return;
    }
    let text = |value: &[u8]| {
        std::str::from_utf8(value)
            .expect("accepted headers are text")
            .trim()
            .to_owned()
    };
    let (id, timestamp, signature) = (text(id), text(timestamp), text(signature));
    let timestamp: i64 = timestamp.parse().expect("accepted timestamps are numbers");
    assert!(
        now.abs_diff(timestamp) <= auth.webhook_signature_tolerance.as_secs(),
        "a stale timestamp {timestamp} passed at {now}"
    );
    let lenient = base64::engine::GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        base64::engine::GeneralPurposeConfig::new()
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent)
            .with_decode_allow_trailing_bits(true),
    );
    let tag = |secret: &SigningSecret| {
        let signed = sign(secret, &id, timestamp, body);
        lenient
            .decode(signed.strip_prefix("v1,").expect("sign writes v1"))
            .expect("sign writes base64")
    };
    let tags: Vec<Vec<u8>> = auth.webhook_signing_secrets.iter().map(tag).collect();
    let carries_a_tag = signature.split_whitespace().any(|entry| {
        entry
            .strip_prefix("v1,")
            .and_then(|sig| lenient.decode(sig).ok())
            .is_some_and(|sig| tags.contains(&sig))
    });
    assert!(
        carries_a_tag,
        "{signature:?} passed without a right signature"
    );
}

fn headers(id: &str, timestamp: i64, signature: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(
        "webhook-id",
        HeaderValue::from_str(id).expect("printable id"),
    );
    headers.insert("webhook-timestamp", HeaderValue::from(timestamp));
    headers.insert(
        "webhook-signature",
        HeaderValue::from_str(signature).expect("printable signature"),
    );
    headers
}

/// `text` with the character at `position` replaced by another printable ASCII character.
fn change_printable(text: &str, position: usize, mask: u8) -> String {
    let mut bytes = text.as_bytes().to_vec();
    let at = position % bytes.len();
    let printable = 0x21..=0x7e_u8;
    let span = printable.end() - printable.start() + 1;
    let offset = 1 + mask % (span - 1);
    bytes[at] = printable.start() + (bytes[at] - printable.start() + offset) % span;
    String::from_utf8(bytes).expect("ASCII")
}

/// What a passing check says of a request signed with `id`: the sender vouches for that id.
fn verified(id: &str) -> Signature {
    Signature::Verified { id: id.to_owned() }
}
