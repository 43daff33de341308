//! Checks shared by the fuzz targets: the valid range of a protobuf Timestamp and the exact value
//! of a JSON number as it was written.

use prost_types::Timestamp;

/// 0001-01-01T00:00:00Z, the first instant a `google.protobuf.Timestamp` may hold.
pub const MIN_TIMESTAMP_SECONDS: i64 = -62_135_596_800;
/// 9999-12-31T23:59:59Z, the last whole second a `google.protobuf.Timestamp` may hold.
pub const MAX_TIMESTAMP_SECONDS: i64 = 253_402_300_799;

/// Whether a timestamp is one that every protobuf JSON encoder accepts.
pub fn timestamp_is_valid(timestamp: &Timestamp) -> bool {
    (0..1_000_000_000).contains(&timestamp.nanos)
        && (MIN_TIMESTAMP_SECONDS..=MAX_TIMESTAMP_SECONDS).contains(&timestamp.seconds)
}

/// Panics (a fuzz finding) unless the timestamp is within protobuf's valid range.
pub fn assert_valid_timestamp(timestamp: &Timestamp, what: &str) {
    assert!(
        timestamp_is_valid(timestamp),
        "{what}: timestamp {timestamp:?} is outside 0001-01-01..9999-12-31 or has bad nanos"
    );
}

/// The exact value of a decimal number, `digits` x 10^`exponent`, in a canonical form:
/// no leading or trailing zeros in `digits`, and zero always `{false, "", 0}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decimal {
    pub negative: bool,
    pub digits: String,
    pub exponent: i64,
}

/// Reads a JSON number token (RFC 8259 grammar, plus a leading `+` and leading zeros so that
/// numeric strings such as "+007" can be compared too). `None` when the text is not a number.
pub fn decimal(text: &str) -> Option<Decimal> {
    let (negative, rest) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let (mantissa, exponent) = match rest.find(['e', 'E']) {
        Some(at) => (&rest[..at], Some(&rest[at + 1..])),
        None => (rest, None),
    };
    let (whole, fraction) = match mantissa.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (mantissa, None),
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(whole) || fraction.is_some_and(|f| !all_digits(f)) {
        return None;
    }
    let fraction = fraction.unwrap_or("");
    let mut exponent: i64 = match exponent {
        None => 0,
        Some(e) => {
            let (sign, digits) = match e.as_bytes().first()? {
                b'-' => (-1, &e[1..]),
                b'+' => (1, &e[1..]),
                _ => (1, e),
            };
            if !all_digits(digits) {
                return None;
            }
            // Saturates: an exponent past i64 is past anything these readers could keep.
            let magnitude = digits
                .bytes()
                .try_fold(0i64, |n, d| {
                    n.checked_mul(10)?.checked_add(i64::from(d - b'0'))
                })
                .unwrap_or(i64::MAX / 2);
            sign * magnitude
        }
    };
    exponent = exponent.saturating_sub(fraction.len() as i64);
    let all = format!("{whole}{fraction}");
    let significant = all.trim_start_matches('0');
    let trimmed = significant.trim_end_matches('0');
    if trimmed.is_empty() {
        return Some(Decimal {
            negative: false,
            digits: String::new(),
            exponent: 0,
        });
    }
    exponent = exponent.saturating_add((significant.len() - trimmed.len()) as i64);
    Some(Decimal {
        negative,
        digits: trimmed.to_owned(),
        exponent,
    })
}

/// Whether `text` is an integer written with digits only (an optional leading `-`).
pub fn is_integer_digits(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// Whether `read`, the text a reader made of the JSON number `token`, keeps the number exactly:
/// the token as sent, or the same value written as plain integer digits.
pub fn keeps_number(token: &str, read: &str) -> bool {
    read == token || (is_integer_digits(read) && decimal(read) == decimal(token))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_compare_by_value() {
        let value = |t: &str| decimal(t).unwrap();
        assert_eq!(value("1e3"), value("1000"));
        assert_eq!(value("1000.0"), value("1000"));
        assert_eq!(value("-0"), value("0.000e7"));
        assert_eq!(value("+007"), value("7"));
        assert_ne!(value("1.0000000000000001"), value("1"));
        assert_ne!(value("1e-400"), value("0"));
        assert_ne!(value("-5"), value("5"));
        for bad in ["", "-", "1.", ".5", "1e", "1e+", "0x10", "1_000", " 1"] {
            assert_eq!(decimal(bad), None, "{bad:?}");
        }
        assert!(keeps_number("1e3", "1e3"));
        assert!(keeps_number("1e3", "1000"));
        assert!(!keeps_number("1e3", "1000.0"));
        assert!(!keeps_number(
            "12345678901234567890123",
            "1.2345678901234568e+22"
        ));
    }

    #[test]
    fn the_timestamp_range_is_protobufs() {
        let at = |seconds, nanos| timestamp_is_valid(&Timestamp { seconds, nanos });
        assert!(at(MIN_TIMESTAMP_SECONDS, 0));
        assert!(at(MAX_TIMESTAMP_SECONDS, 999_999_999));
        assert!(!at(MIN_TIMESTAMP_SECONDS - 1, 999_999_999));
        assert!(!at(MAX_TIMESTAMP_SECONDS + 1, 0));
        assert!(!at(0, -1));
        assert!(!at(0, 1_000_000_000));
    }
}
