//! The key file (`--api-keys`): who may call, with which permissions and limits. It holds only
//! each key's SHA-256 digest, never a key; keys are 256 random bits, so a plain digest is as
//! strong as a slow hash would be. A presented key is compared with every digest in constant
//! time. The file is read again when its contents change and on SIGHUP; a file that does not read
//! keeps the previous keys.
//!
//! ```toml
//! [[key]]
//! name = "campaigns"
//! sha256 = "<64 hex digits, printed by `wadispatch-gateway keys new`>"
//! permissions = ["tasks.send", "tasks.read", "tasks.watch"]
//! calls_per_second = 20.0
//! call_burst = 40
//! recipients_per_hour = 10000
//! recipients_per_day = 50000
//!
//! [[key]]
//! name = "ops-dashboard"
//! certificate_subject = "CN=ops-dashboard,O=Acme"   # a verified client certificate (mTLS)
//! permissions = ["tasks.read", "tasks.watch", "accounts.read", "accounts.watch"]
//! ```

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use base64::Engine;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::{Caller, CallerSource, Grants};

/// What every key starts with: tells a key from other secrets in a leaked log or a scanner's
/// rules.
pub const KEY_PREFIX: &str = "wdk_";
/// Random bytes in a key.
const KEY_BYTES: usize = 32;
/// Longest key name: it is a label in logs and audit records.
pub const MAX_NAME_CHARS: usize = 64;
/// Longest `authorization` value looked at; a longer one is no key of ours.
pub const MAX_AUTHORIZATION_BYTES: usize = 256;
/// Most entries in a key file: each costs a digest comparison per call.
pub const MAX_KEYS: usize = 10_000;
/// Recipients charged for a create whose recipients the platform selects later (a conditional
/// task), unless the key's entry says otherwise: the most any one task may name.
pub const DEFAULT_UNKNOWN_RECIPIENTS: u64 = 5_000;

/// A key's limits; an unset one does not apply.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KeyLimits {
    /// Token bucket on calls: refill rate per second...
    pub calls_per_second: Option<f64>,
    /// ... and size (calls at once); defaults to one second's worth, at least 1.
    pub call_burst: Option<u32>,
    /// Recipients of creates within any rolling hour.
    pub recipients_per_hour: Option<u64>,
    /// Recipients of creates within any rolling day (24 hours).
    pub recipients_per_day: Option<u64>,
    /// Recipients charged for a create that names none (a conditional task).
    pub unknown_recipients: u64,
}

/// No limits; a conditional task still counts [`DEFAULT_UNKNOWN_RECIPIENTS`], so that the audit
/// trail of an unlimited caller (`--allow-unauthenticated`) says what it may send to.
impl Default for KeyLimits {
    fn default() -> Self {
        Self {
            calls_per_second: None,
            call_burst: None,
            recipients_per_hour: None,
            recipients_per_day: None,
            unknown_recipients: DEFAULT_UNKNOWN_RECIPIENTS,
        }
    }
}

impl KeyLimits {
    /// The bucket's size: `call_burst`, or one second's worth of calls (at least 1).
    pub fn burst(&self) -> Option<u32> {
        let rate = self.calls_per_second?;
        Some(self.call_burst.unwrap_or_else(|| {
            // Saturating: an absurd rate is a large bucket, not a panic.
            (rate.ceil() as u32).max(1)
        }))
    }
}

/// One entry of the key file, as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EntryFile {
    name: String,
    sha256: Option<String>,
    certificate_subject: Option<String>,
    #[serde(default)]
    permissions: Vec<String>,
    calls_per_second: Option<f64>,
    call_burst: Option<u32>,
    recipients_per_hour: Option<u64>,
    recipients_per_day: Option<u64>,
    unknown_recipients: Option<u64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyFile {
    #[serde(default, rename = "key")]
    keys: Vec<EntryFile>,
}

/// How an entry recognises its caller.
#[derive(Debug, Clone)]
enum Credential {
    Digest([u8; 32]),
    Subject(String),
}

#[derive(Debug, Clone)]
struct Entry {
    credential: Credential,
    caller: Caller,
}

/// The entries of one reading of the key file.
#[derive(Debug, Default)]
pub struct Keys {
    entries: Vec<Entry>,
}

impl Keys {
    /// Reads a key file's text. Errors name the entry and the field, never a value.
    pub fn parse(text: &str) -> Result<Self, String> {
        let file: KeyFile = toml::from_str(text).map_err(|error| {
            // The error's own rendering quotes the offending line, which could hold a key pasted
            // by mistake: give its position and message only.
            let at = error
                .span()
                .map(|span| {
                    let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
                    format!(" (line {line})")
                })
                .unwrap_or_default();
            format!("{}{at}", without_values(error.message()))
        })?;
        if file.keys.len() > MAX_KEYS {
            return Err(format!("{} keys; at most {MAX_KEYS}", file.keys.len()));
        }
        let mut entries: Vec<Entry> = Vec::with_capacity(file.keys.len());
        for (index, raw) in file.keys.into_iter().enumerate() {
            let entry = Entry::parse(raw).map_err(|e| format!("key #{}: {e}", index + 1))?;
            let clash = entries.iter().find(|other| {
                other.caller.name == entry.caller.name
                    || match (&other.credential, &entry.credential) {
                        (Credential::Digest(a), Credential::Digest(b)) => a == b,
                        (Credential::Subject(a), Credential::Subject(b)) => a == b,
                        _ => false,
                    }
            });
            if let Some(other) = clash {
                return Err(format!(
                    "key #{} ({:?}) has the name, digest or subject of key {:?}",
                    index + 1,
                    entry.caller.name,
                    other.caller.name
                ));
            }
            entries.push(entry);
        }
        Ok(Self { entries })
    }

    /// Entries in the key file.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True for a key file with no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The caller a presented key belongs to. Every digest is compared, in constant time, so the
    /// time taken says nothing of how close a guess came.
    pub fn by_key(&self, presented: &str) -> Option<Caller> {
        self.by_digest(&key_digest(presented))
    }

    /// The caller whose key has this digest ([`key_digest`]): how the dashboard's sessions,
    /// which keep the digest and never the key, find their caller in the current key file, so a
    /// removed key or a changed permission applies at once. Compared in constant time.
    pub fn by_digest(&self, digest: &[u8; 32]) -> Option<Caller> {
        let mut found = None;
        for entry in &self.entries {
            if let Credential::Digest(expected) = &entry.credential {
                if bool::from(expected.ct_eq(digest)) {
                    found = Some(entry.caller.clone());
                }
            }
        }
        found
    }

    /// The caller a verified client certificate's subject stands for.
    pub fn by_subject(&self, subject: &str) -> Option<Caller> {
        self.entries
            .iter()
            .find_map(|entry| match &entry.credential {
                Credential::Subject(s) if s == subject => Some(entry.caller.clone()),
                _ => None,
            })
    }

    /// Every key's name and limits (the guard keeps state per name).
    pub fn callers(&self) -> impl Iterator<Item = &Caller> {
        self.entries.iter().map(|entry| &entry.caller)
    }
}

impl Entry {
    fn parse(raw: EntryFile) -> Result<Self, String> {
        let name = raw.name.trim().to_owned();
        if name.is_empty()
            || name.chars().count() > MAX_NAME_CHARS
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '@'))
        {
            return Err(format!(
                "name must be 1 to {MAX_NAME_CHARS} letters, digits or - _ . @"
            ));
        }
        let credential = match (raw.sha256, raw.certificate_subject) {
            (Some(hex), None) => Credential::Digest(parse_digest(&hex).ok_or_else(|| {
                format!("{name:?}: sha256 must be 64 hex digits (the digest `keys new` prints)")
            })?),
            (None, Some(subject)) if !subject.trim().is_empty() => {
                Credential::Subject(subject.trim().to_owned())
            }
            _ => {
                return Err(format!(
                    "{name:?}: give exactly one of sha256 and certificate_subject"
                ))
            }
        };
        let grants = Grants::parse(&raw.permissions).map_err(|e| format!("{name:?}: {e}"))?;
        if let Some(rate) = raw.calls_per_second {
            if !(rate.is_finite() && rate > 0.0) {
                return Err(format!("{name:?}: calls_per_second must be above 0"));
            }
        }
        if raw.call_burst == Some(0) {
            return Err(format!("{name:?}: call_burst must be at least 1"));
        }
        if raw.call_burst.is_some() && raw.calls_per_second.is_none() {
            return Err(format!("{name:?}: call_burst needs calls_per_second"));
        }
        let limits = KeyLimits {
            calls_per_second: raw.calls_per_second,
            call_burst: raw.call_burst,
            recipients_per_hour: raw.recipients_per_hour,
            recipients_per_day: raw.recipients_per_day,
            unknown_recipients: raw.unknown_recipients.unwrap_or(DEFAULT_UNKNOWN_RECIPIENTS),
        };
        let source = match credential {
            Credential::Digest(_) => CallerSource::ApiKey,
            Credential::Subject(_) => CallerSource::Certificate,
        };
        Ok(Self {
            credential,
            caller: Caller {
                name: Arc::from(name),
                source,
                grants: Arc::new(grants),
                limits,
            },
        })
    }
}

/// The fields of a key file entry, the only quoted words an error may repeat.
const FIELDS: [&str; 10] = [
    "key",
    "name",
    "sha256",
    "certificate_subject",
    "permissions",
    "calls_per_second",
    "call_burst",
    "recipients_per_hour",
    "recipients_per_day",
    "unknown_recipients",
];

/// A parse error's message with every value it quotes replaced by `…`: serde quotes a value of the
/// wrong type (`invalid type: string "wdk_...", expected u32`) and an unknown field's name, and
/// either may be a key pasted in the wrong place. Field names and punctuation (`=`) stay.
fn without_values(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut chars = message.chars();
    while let Some(c) = chars.next() {
        out.push(c);
        if c != '"' && c != '`' {
            continue;
        }
        let mut quoted = String::new();
        let mut escaped = false;
        let mut closed = false;
        for inner in chars.by_ref() {
            if inner == c && !escaped {
                closed = true;
                break;
            }
            escaped = c == '"' && inner == '\\' && !escaped;
            quoted.push(inner);
        }
        let harmless = FIELDS.contains(&quoted.as_str())
            || !quoted.chars().any(char::is_alphanumeric) && quoted.chars().count() <= 3;
        out.push_str(if harmless { &quoted } else { "…" });
        if closed {
            out.push(c);
        }
    }
    out
}

fn parse_digest(hex: &str) -> Option<[u8; 32]> {
    let hex = hex.trim();
    let hex = hex.strip_prefix("sha256:").unwrap_or(hex);
    if hex.len() != 64 {
        return None;
    }
    let mut digest = [0u8; 32];
    for (i, byte) in digest.iter_mut().enumerate() {
        *byte = u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(digest)
}

/// The SHA-256 digest of a presented key, as the key file keeps it.
pub fn key_digest(presented: &str) -> [u8; 32] {
    Sha256::digest(presented.as_bytes()).into()
}

/// A new random key and its digest's hex, for `keys new`.
pub fn new_key() -> Result<(String, String), String> {
    let mut bytes = [0u8; KEY_BYTES];
    getrandom::fill(&mut bytes).map_err(|e| format!("no randomness from the OS: {e}"))?;
    let key = format!(
        "{KEY_PREFIX}{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    );
    let digest = crate::events::log::digest_hex(&Sha256::digest(key.as_bytes()));
    Ok((key, digest))
}

/// A new key and its key-file entry for a caller `name` with `permissions` and `limits`. The entry
/// is read back before it is returned, so what is printed is what the gateway accepts.
pub fn new_entry<S: AsRef<str>>(
    name: &str,
    permissions: &[S],
    limits: &KeyLimits,
) -> Result<(String, String), String> {
    let (key, digest) = new_key()?;
    let quoted: Vec<String> = permissions
        .iter()
        .map(|p| serde_json::Value::from(p.as_ref().trim()).to_string())
        .collect();
    let mut entry = format!(
        "[[key]]\nname = {}\nsha256 = \"{digest}\"\npermissions = [{}]\n",
        serde_json::Value::from(name),
        quoted.join(", ")
    );
    if let Some(rate) = limits.calls_per_second {
        entry += &format!("calls_per_second = {rate:?}\n");
        if let Some(burst) = limits.call_burst {
            entry += &format!("call_burst = {burst}\n");
        }
    }
    if let Some(n) = limits.recipients_per_hour {
        entry += &format!("recipients_per_hour = {n}\n");
    }
    if let Some(n) = limits.recipients_per_day {
        entry += &format!("recipients_per_day = {n}\n");
    }
    let keys = Keys::parse(&entry)?;
    debug_assert!(keys.by_key(&key).is_some());
    Ok((key, entry))
}

/// The key file as last read, shared by every request; re-read when it changes.
#[derive(Debug, Clone)]
pub struct KeyRing {
    path: PathBuf,
    /// The keys in use, and the digest of the bytes they were read from (to tell a change).
    current: Arc<RwLock<(Arc<Keys>, [u8; 32])>>,
}

impl KeyRing {
    /// Reads the key file; an unreadable or invalid file is an error.
    pub fn open(path: &Path) -> Result<Self, String> {
        let (keys, digest) = read_file(path)?;
        Ok(Self {
            path: path.to_owned(),
            current: Arc::new(RwLock::new((Arc::new(keys), digest))),
        })
    }

    /// The keys as last read.
    pub fn keys(&self) -> Arc<Keys> {
        self.current
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .0
            .clone()
    }

    /// Reads the file again if its contents changed. `Ok(true)`: new keys in use; an error keeps
    /// the previous keys.
    pub fn reload(&self) -> Result<bool, String> {
        let bytes = std::fs::read(&self.path)
            .map_err(|e| format!("cannot read {}: {e}", self.path.display()))?;
        let digest: [u8; 32] = Sha256::digest(&bytes).into();
        if self.current.read().unwrap_or_else(|p| p.into_inner()).1 == digest {
            return Ok(false);
        }
        let keys = parse_bytes(&self.path, &bytes)?;
        *self.current.write().unwrap_or_else(|p| p.into_inner()) = (Arc::new(keys), digest);
        Ok(true)
    }

    /// Re-reads the file every `interval` (zero: never on a timer, which would spin) and on
    /// SIGHUP, for as long as the process runs. SIGHUP is handled from when this returns.
    pub fn watch(&self, interval: Duration) -> std::io::Result<()> {
        let ring = self.clone();
        let mut hangup = crate::signals::Hangup::register()?;
        tokio::spawn(async move {
            let tick = || async move {
                if interval.is_zero() {
                    std::future::pending::<()>().await;
                }
                tokio::time::sleep(interval).await;
            };
            loop {
                tokio::select! {
                    () = tick() => {}
                    () = hangup.recv() => {}
                }
                match ring.reload() {
                    Ok(true) => tracing::info!(
                        file = %ring.path.display(),
                        keys = ring.keys().len(),
                        "API keys reloaded"
                    ),
                    Ok(false) => {}
                    Err(error) => tracing::error!(
                        "API key file not reloaded, the previous keys stay in use: {error}"
                    ),
                }
            }
        });
        Ok(())
    }
}

fn read_file(path: &Path) -> Result<(Keys, [u8; 32]), String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let keys = parse_bytes(path, &bytes)?;
    Ok((keys, Sha256::digest(&bytes).into()))
}

fn parse_bytes(path: &Path, bytes: &[u8]) -> Result<Keys, String> {
    let text =
        std::str::from_utf8(bytes).map_err(|_| format!("{} is not UTF-8 text", path.display()))?;
    Keys::parse(text).map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &str, digest: &str, permissions: &str) -> String {
        format!(
            "[[key]]\nname = \"{name}\"\nsha256 = \"{digest}\"\npermissions = [{permissions}]\n"
        )
    }

    #[test]
    fn a_key_finds_its_entry_and_nothing_else_does() {
        let (key, digest) = new_key().unwrap();
        let (other, other_digest) = new_key().unwrap();
        assert!(key.starts_with(KEY_PREFIX) && key.len() == KEY_PREFIX.len() + 43);
        let text = entry("a", &digest, "\"tasks.read\"") + &entry("b", &other_digest, "\"*\"");
        let keys = Keys::parse(&text).unwrap();
        assert_eq!(&*keys.by_key(&key).unwrap().name, "a");
        assert_eq!(&*keys.by_key(&other).unwrap().name, "b");
        assert!(keys.by_key("wdk_nope").is_none());
        assert!(keys.by_key(&digest).is_none(), "the digest is not a key");
    }

    #[test]
    fn bad_files_are_refused_without_quoting_values() {
        let (_, digest) = new_key().unwrap();
        let secret = "wdk_pasted_by_mistake_0123456789";
        let pasted = format!("[[key]]\nname = \"a\"\nkey = \"{secret}\"\n");
        let error = Keys::parse(&pasted).unwrap_err();
        assert!(!error.contains(secret), "{error}");
        assert!(error.contains("line"), "{error}");
        // A key in a field of another type, or as a field's name, is not repeated either.
        for text in [
            format!("[[key]]\nname = \"a\"\nsha256 = \"{digest}\"\ncall_burst = \"{secret}\"\n"),
            format!("[[key]]\nname = \"a\"\nsha256 = \"{digest}\"\npermissions = \"{secret}\"\n"),
            format!("[[key]]\nname = \"a\"\ncalls_per_second = \"{secret}\\\"x\"\n"),
            format!("[[key]]\nname = \"a\"\n{secret} = 1\n"),
        ] {
            let error = Keys::parse(&text).unwrap_err();
            assert!(!error.contains(secret), "{error}");
            assert!(!error.contains("x\\\""), "{error}");
            assert!(error.contains("line"), "{error}");
        }
        // What helps fix the file stays: field names and punctuation.
        let unknown = Keys::parse(&format!("[[key]]\n{secret} = 1\n")).unwrap_err();
        for field in FIELDS.iter().skip(1) {
            assert!(
                unknown.contains(&format!("`{field}`")),
                "{field}: {unknown}"
            );
        }
        assert!(Keys::parse("[[key]]\nname\n").unwrap_err().contains("`=`"));
        for (text, expect) in [
            (entry("a", "abc", "\"*\""), "64 hex"),
            (entry("a", &digest, "\"tasks.sned\""), "tasks.sned"),
            (
                entry("a", &digest, "\"*\"") + &entry("a", &new_key().unwrap().1, "\"*\""),
                "name",
            ),
            (
                entry("a", &digest, "\"*\"") + &entry("b", &digest, "\"*\""),
                "digest",
            ),
            (
                "[[key]]\nname = \"a\"\npermissions = []\n".to_owned(),
                "exactly one",
            ),
            (entry("bad name", &digest, "\"*\""), "name must be"),
        ] {
            let error = Keys::parse(&text).unwrap_err();
            assert!(error.contains(expect), "{expect:?} not in {error:?}");
        }
    }

    #[test]
    fn new_entries_read_back_with_their_limits() {
        let limits = KeyLimits {
            calls_per_second: Some(20.0),
            call_burst: Some(40),
            recipients_per_hour: Some(1000),
            recipients_per_day: None,
            unknown_recipients: DEFAULT_UNKNOWN_RECIPIENTS,
        };
        let (key, entry) = new_entry("svc", &["tasks.send", "tasks.read"], &limits).unwrap();
        let caller = Keys::parse(&entry).unwrap().by_key(&key).unwrap();
        assert_eq!(caller.limits, limits);
        assert_eq!(caller.grants.names(), ["tasks.send", "tasks.read"]);
        assert!(!entry.contains(&key), "the entry holds the digest only");
        assert!(new_entry("svc", &["tasks.sned"], &limits).is_err());
        assert!(new_entry("a b", &["*"], &limits).is_err());
    }

    #[test]
    fn limits_and_subjects() {
        let text = "[[key]]\nname = \"ops\"\ncertificate_subject = \"CN=ops,O=Acme\"\n\
                    permissions = [\"tasks.*\"]\ncalls_per_second = 2.5\nrecipients_per_day = 10\n";
        let keys = Keys::parse(text).unwrap();
        let ops = keys.by_subject("CN=ops,O=Acme").unwrap();
        assert_eq!(ops.source, CallerSource::Certificate);
        assert_eq!(ops.limits.burst(), Some(3));
        assert_eq!(ops.limits.recipients_per_day, Some(10));
        assert_eq!(ops.limits.unknown_recipients, DEFAULT_UNKNOWN_RECIPIENTS);
        assert!(keys.by_subject("CN=ops").is_none());
    }

    #[tokio::test]
    async fn a_zero_interval_never_reloads_on_a_timer() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys.toml");
        let (key, digest) = new_key().unwrap();
        std::fs::write(&path, entry("a", &digest, "\"*\"")).unwrap();
        let ring = KeyRing::open(&path).unwrap();
        ring.watch(Duration::ZERO).unwrap();
        std::fs::write(&path, "").unwrap();
        // A timer of zero would re-read the file in a loop, at once; none runs.
        for _ in 0..100 {
            tokio::task::yield_now().await;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert!(ring.keys().by_key(&key).is_some(), "not re-read");
        assert!(ring.reload().unwrap(), "the change is there to read");
    }

    #[test]
    fn reload_swaps_keys_and_keeps_them_on_a_bad_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys.toml");
        let (key, digest) = new_key().unwrap();
        std::fs::write(&path, entry("a", &digest, "\"*\"")).unwrap();
        let ring = KeyRing::open(&path).unwrap();
        assert!(ring.keys().by_key(&key).is_some());
        assert!(!ring.reload().unwrap(), "unchanged");
        std::fs::write(&path, "[[key]]\nname = 3").unwrap();
        assert!(ring.reload().is_err());
        assert!(ring.keys().by_key(&key).is_some(), "kept");
        std::fs::write(&path, "").unwrap();
        assert!(ring.reload().unwrap());
        assert!(ring.keys().by_key(&key).is_none(), "revoked");
    }
}
