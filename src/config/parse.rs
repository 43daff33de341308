//! The string parsers of the settings: durations, offsets, headers, networks, secrets. Flags,
//! environment variables and the config file all reach the components through these, so a value
//! means the same wherever it is written. Errors never echo a secret.

use std::net::IpAddr;
use std::time::Duration;

use base64::Engine as _;
use chrono::FixedOffset;

use crate::events::log::Fsync;
use crate::listen::ClientAuth;
use crate::webhook::auth::SigningSecret;

/// Prefix of Standard Webhooks secrets.
const SECRET_PREFIX: &str = "whsec_";

/// Parses "250ms", "30s", "2m", "12h", "7d" or a bare number of seconds.
///
/// ```
/// use std::time::Duration;
/// use wadispatch_gateway::config::parse_duration;
///
/// assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
/// assert_eq!(parse_duration("7d"), Ok(Duration::from_secs(7 * 24 * 3600)));
/// assert!(parse_duration("soon").is_err());
/// ```
pub fn parse_duration(raw: &str) -> Result<Duration, String> {
    let raw = raw.trim();
    let split = raw.find(|c: char| !c.is_ascii_digit()).unwrap_or(raw.len());
    let (number, unit) = raw.split_at(split);
    let number: u64 = number
        .parse()
        .map_err(|_| format!("expected a duration like 250ms, 30s or 2m, got {raw:?}"))?;
    match unit {
        "ms" => Ok(Duration::from_millis(number)),
        "" | "s" => Ok(Duration::from_secs(number)),
        "m" => seconds(number, 60, raw),
        "h" => seconds(number, 3600, raw),
        "d" => seconds(number, 86_400, raw),
        _ => Err(format!(
            "unknown duration unit {unit:?} in {raw:?} (use ms, s, m, h or d)"
        )),
    }
}

fn seconds(number: u64, unit: u64, raw: &str) -> Result<Duration, String> {
    number
        .checked_mul(unit)
        .map(Duration::from_secs)
        .ok_or_else(|| format!("duration {raw:?} is too long"))
}

/// Parses a point in time as `audit --since` takes it: RFC 3339, or a duration (as
/// [`parse_duration`] reads it) meaning that long ago. Answers epoch milliseconds.
///
/// ```
/// use wadispatch_gateway::config::parse_since;
///
/// assert_eq!(parse_since("2026-03-01T09:00:00+08:00"), Ok(1_772_326_800_000));
/// let hour_ago = parse_since("1h").unwrap();
/// assert!(hour_ago <= chrono::Utc::now().timestamp_millis() - 3_600_000);
/// assert!(parse_since("yesterday").is_err());
/// ```
pub fn parse_since(raw: &str) -> Result<i64, String> {
    if let Ok(time) = chrono::DateTime::parse_from_rfc3339(raw.trim()) {
        return Ok(time.timestamp_millis());
    }
    let ago = parse_duration(raw).map_err(|_| {
        format!("expected an RFC 3339 time (2026-03-01T09:00:00Z) or a duration ago (1h, 7d), got {raw:?}")
    })?;
    let ago = i64::try_from(ago.as_millis()).unwrap_or(i64::MAX);
    Ok(chrono::Utc::now().timestamp_millis().saturating_sub(ago))
}

/// Parses "+08:00", "-05:30", "+8" or "Z".
///
/// ```
/// use wadispatch_gateway::config::parse_offset;
///
/// // The platform's default zone.
/// assert_eq!(parse_offset("+08:00").unwrap().local_minus_utc(), 8 * 3600);
/// assert!(parse_offset("08:00").is_err(), "the sign is required");
/// ```
pub fn parse_offset(raw: &str) -> Result<FixedOffset, String> {
    let bad = || format!("expected a UTC offset like +08:00, got {raw:?}");
    let raw = raw.trim();
    if raw == "Z" || raw == "UTC" {
        return FixedOffset::east_opt(0).ok_or_else(bad);
    }
    let (sign, rest) = match raw.split_at_checked(1) {
        Some(("+", rest)) => (1, rest),
        Some(("-", rest)) => (-1, rest),
        _ => return Err(bad()),
    };
    let (hours, minutes) = rest.split_once(':').unwrap_or((rest, "0"));
    let hours: i32 = hours.parse().map_err(|_| bad())?;
    let minutes: i32 = minutes.parse().map_err(|_| bad())?;
    if hours > 14 || minutes > 59 {
        return Err(bad());
    }
    FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60)).ok_or_else(bad)
}

/// A log format: "text" or "json".
pub(crate) fn parse_log_format(raw: &str) -> Result<crate::observe::trace::LogFormat, String> {
    raw.parse()
}

/// An OTLP/gRPC endpoint: an http:// or https:// URL with a host, e.g. http://127.0.0.1:4317.
/// Credentials in it are refused (the endpoint is logged), and errors do not echo it.
pub(crate) fn parse_otlp_endpoint(raw: &str) -> Result<String, String> {
    let raw = raw.trim();
    let url = reqwest::Url::parse(raw)
        .map_err(|_| "expected a URL like http://127.0.0.1:4317".to_owned())?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err("expected an http:// or https:// URL with a host".into());
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("the OTLP endpoint must not hold credentials: they would be logged".into());
    }
    Ok(raw.to_owned())
}

/// A share from 0 to 1.
pub(crate) fn parse_ratio(raw: &str) -> Result<f64, String> {
    match raw.trim().parse::<f64>() {
        Ok(ratio) if (0.0..=1.0).contains(&ratio) => Ok(ratio),
        _ => Err(format!("expected a number from 0 to 1, got {raw:?}")),
    }
}

/// A count of at least 1.
pub(crate) fn parse_positive(raw: &str) -> Result<usize, String> {
    match raw.trim().parse::<usize>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(format!(
            "expected a whole number of at least 1, got {raw:?}"
        )),
    }
}

/// A static header sent to the platform, "Name: value".
pub(crate) fn parse_header(raw: &str) -> Result<(String, String), String> {
    let (name, value) = raw
        .split_once(':')
        .ok_or_else(|| format!("expected \"Name: value\", got {raw:?}"))?;
    let name = name.trim();
    let value = value.trim();
    reqwest::header::HeaderName::from_bytes(name.as_bytes())
        .map_err(|e| format!("bad header name {name:?}: {e}"))?;
    reqwest::header::HeaderValue::from_str(value)
        .map_err(|e| format!("bad value for header {name:?}: {e}"))?;
    Ok((name.to_owned(), value.to_owned()))
}

pub(crate) fn parse_client_auth(raw: &str) -> Result<ClientAuth, String> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "required" => Ok(ClientAuth::Required),
        "optional" => Ok(ClientAuth::Optional),
        _ => Err(format!("expected required or optional, got {raw:?}")),
    }
}

pub(crate) fn parse_fsync(raw: &str) -> Result<Fsync, String> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "normal" => Ok(Fsync::Normal),
        "full" => Ok(Fsync::Full),
        _ => Err(format!("expected normal or full, got {raw:?}")),
    }
}

/// Parses `whsec_<base64>` or bare base64 into a signing key.
pub fn parse_signing_secret(raw: &str) -> Result<SigningSecret, String> {
    let raw = raw.trim();
    let encoded = raw.strip_prefix(SECRET_PREFIX).unwrap_or(raw);
    // Never echo the secret itself in the error: it lands in terminals and logs.
    let key = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .map_err(|e| {
            format!("expected a signing secret \"whsec_<base64>\", but its base64 is invalid: {e}")
        })?;
    if key.is_empty() {
        return Err("signing secret is empty (expected \"whsec_<base64>\")".into());
    }
    Ok(SigningSecret::new(key))
}

impl std::str::FromStr for SigningSecret {
    type Err = String;

    fn from_str(raw: &str) -> Result<Self, String> {
        parse_signing_secret(raw)
    }
}

/// Parses "Name: value" (the header every webhook must carry); the value is a secret, never
/// shown.
pub(crate) fn parse_webhook_header(raw: &str) -> Result<(String, String), String> {
    let (name, value) = raw
        .split_once(':')
        .ok_or_else(|| "expected \"Name: value\" (value not shown)".to_owned())?;
    let name = name.trim();
    let value = value.trim();
    axum::http::HeaderName::from_bytes(name.as_bytes())
        .map_err(|e| format!("bad header name {name:?}: {e}"))?;
    if value.is_empty() {
        return Err(format!("empty value for header {name:?}"));
    }
    axum::http::HeaderValue::from_str(value)
        .map_err(|e| format!("bad value for header {name:?}: {e}"))?;
    Ok((name.to_owned(), value.to_owned()))
}

/// Parses a CIDR network, or a single IP as a /32 or /128.
pub(crate) fn parse_net(raw: &str) -> Result<ipnet::IpNet, String> {
    let raw = raw.trim();
    raw.parse::<ipnet::IpNet>()
        .or_else(|_| raw.parse::<IpAddr>().map(ipnet::IpNet::from))
        .map_err(|_| format!("expected a network like 10.0.0.0/8 or an IP address, got {raw:?}"))
}

/// Accepts one URL path segment of unreserved characters, so it matches the same way however
/// the sender encodes its URL.
pub(crate) fn parse_path_secret(raw: &str) -> Result<String, String> {
    let secret = raw.trim().trim_matches('/');
    if secret.is_empty() {
        return Err("webhook path secret is empty".into());
    }
    if !secret
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
    {
        return Err(
            "webhook path secret may contain only A-Z a-z 0-9 - . _ ~ (value not shown)".into(),
        );
    }
    Ok(secret.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_and_offsets_parse() {
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert_eq!(parse_duration("30"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(parse_duration("7d"), Ok(Duration::from_secs(7 * 86_400)));
        assert!(parse_duration("2w").is_err());
        assert!(parse_duration("999999999999999999d")
            .unwrap_err()
            .contains("too long"));
        assert_eq!(parse_since("1970-01-01T00:00:01.5Z"), Ok(1500));
        assert!(parse_since("0s").unwrap() > 1_700_000_000_000);
        assert!(parse_since("2026-13-01T00:00:00Z").is_err());
        assert_eq!(parse_offset("+08:00").unwrap().local_minus_utc(), 8 * 3600);
        assert_eq!(
            parse_offset("-05:30").unwrap().local_minus_utc(),
            -(5 * 3600 + 1800)
        );
        assert_eq!(parse_offset("+8").unwrap().local_minus_utc(), 8 * 3600);
        assert!(parse_offset("08:00").is_err());
        assert_eq!(
            parse_header("X-Api-Key: abc").unwrap(),
            ("X-Api-Key".into(), "abc".into())
        );
        assert!(parse_header("no colon").is_err());
    }

    #[test]
    fn allowlist_parsing() {
        assert_eq!(parse_net("10.0.0.0/8").unwrap().to_string(), "10.0.0.0/8");
        assert_eq!(
            parse_net(" 192.0.2.1 ").unwrap().to_string(),
            "192.0.2.1/32"
        );
        assert_eq!(parse_net("::1").unwrap().to_string(), "::1/128");
        assert!(parse_net("10.0.0.0/33").is_err());
        assert!(parse_net("example.com").is_err());
    }

    #[test]
    fn observability_settings_parse() {
        assert_eq!(
            parse_otlp_endpoint(" http://127.0.0.1:4317 ").unwrap(),
            "http://127.0.0.1:4317"
        );
        assert!(parse_otlp_endpoint("https://collector.example:4317").is_ok());
        assert!(parse_otlp_endpoint("127.0.0.1:4317").is_err());
        assert!(parse_otlp_endpoint("ftp://collector:21").is_err());
        let with_credentials = parse_otlp_endpoint("https://user:hunter2@collector:4317");
        assert!(!with_credentials.unwrap_err().contains("hunter2"));
        assert_eq!(parse_ratio("0.25"), Ok(0.25));
        assert_eq!(parse_ratio("1"), Ok(1.0));
        assert!(parse_ratio("1.5").is_err());
        assert!(parse_ratio("-0.1").is_err());
        assert!(parse_ratio("NaN").is_err());
        assert_eq!(
            parse_log_format("json"),
            Ok(crate::observe::trace::LogFormat::Json)
        );
        assert!(parse_log_format("xml").is_err());
    }

    #[test]
    fn header_parsing() {
        assert!(parse_webhook_header("no colon").is_err());
        assert!(parse_webhook_header("Bad Name: v").is_err());
        assert!(parse_webhook_header("X-Key:").is_err());
        assert!(parse_webhook_header("X-Key: a\nb").is_err());
        // A value may itself contain ':'.
        assert_eq!(
            parse_webhook_header("Authorization: Basic a:b").unwrap(),
            ("Authorization".into(), "Basic a:b".into())
        );
    }

    #[test]
    fn path_secret_parsing() {
        assert_eq!(parse_path_secret("/Abc-9._~/").unwrap(), "Abc-9._~");
        assert!(parse_path_secret("").is_err());
        assert!(parse_path_secret("/").is_err());
        assert!(parse_path_secret("a/b").is_err());
        assert!(parse_path_secret("a b").is_err());
        assert!(parse_path_secret("a%20b").is_err());
    }

    #[test]
    fn signing_secret_parsing() {
        let s = parse_signing_secret("whsec_AQIDBA==").unwrap();
        assert_eq!(s.as_bytes(), &[1, 2, 3, 4]);
        // Bare base64 (no prefix) is accepted too.
        assert_eq!(parse_signing_secret("AQIDBA==").unwrap(), s);
        assert_eq!("whsec_AQIDBA==".parse::<SigningSecret>().unwrap(), s);

        for bad in [
            "whsec_not base64!",
            "whsec_AQIDBA=",
            "whsec_",
            "",
            "whsec_%%%%",
        ] {
            let err = parse_signing_secret(bad).unwrap_err();
            assert!(err.contains("signing secret"), "{bad:?}: {err}");
        }
        // Errors and Debug never show the key material.
        assert!(!parse_signing_secret("whsec_sup3rsecret!")
            .unwrap_err()
            .contains("sup3r"));
        assert_eq!(format!("{s:?}"), "SigningSecret(<4 bytes>)");
    }
}
