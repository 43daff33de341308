//! Conversions between `google.protobuf.Timestamp` and the platform's three time formats:
//! `YYYY-MM-DD HH:MM:SS` strings in the platform's local zone (requests and most responses),
//! epoch milliseconds (webhook detail times) and epoch seconds (`lastChatTime`).
//!
//! Every time read from the platform must lie within `google.protobuf.Timestamp`'s valid range,
//! 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z: other languages' encoders refuse a
//! Timestamp outside it, so one would break a client far from its cause. A time outside it is
//! refused, not clamped: a clamped time would look like a real one.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDateTime, TimeZone, Utc};
use prost_types::Timestamp;

/// The platform's text format for date-times.
const PLATFORM_FORMAT: &str = "%Y-%m-%d %H:%M:%S";

/// `google.protobuf.Timestamp`'s earliest valid second, 0001-01-01T00:00:00Z.
pub const MIN_SECONDS: i64 = -62_135_596_800;
/// `google.protobuf.Timestamp`'s latest valid second, 9999-12-31T23:59:59Z.
pub const MAX_SECONDS: i64 = 253_402_300_799;

/// An epoch time outside [`MIN_SECONDS`]..=[`MAX_SECONDS`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{value} {unit} since the epoch is outside the times a timestamp can hold (0001-01-01 to 9999-12-31 UTC)")]
pub struct OutOfRange {
    /// The epoch time as received.
    pub value: i64,
    /// Its unit, "ms" or "s", as the error message writes it.
    pub unit: &'static str,
}

/// The platform's local zone, a setting (`--platform-utc-offset`, UTC+8 by default).
#[derive(Debug, Clone, Copy)]
pub struct PlatformClock {
    offset: FixedOffset,
}

impl PlatformClock {
    /// A clock at this fixed offset from UTC.
    pub fn new(offset: FixedOffset) -> Self {
        Self { offset }
    }

    /// Formats an instant as the platform's local `YYYY-MM-DD HH:MM:SS`, or `None` when the
    /// timestamp is invalid (outside its valid range included) or its local year is outside
    /// 1..=9999. Sub-second precision is dropped: the platform's format has none.
    pub fn format(&self, timestamp: &Timestamp) -> Option<String> {
        // Outside the valid range a local year 1 could still be written, but not read back.
        if !in_range(timestamp) {
            return None;
        }
        let local = to_datetime(timestamp)?.with_timezone(&self.offset);
        (1..=9999)
            .contains(&local.year())
            .then(|| local.format(PLATFORM_FORMAT).to_string())
    }

    /// Parses the platform's local `YYYY-MM-DD HH:MM:SS` (a `T` separator is accepted too);
    /// `None` when malformed or outside a timestamp's valid range (see the module comment).
    pub fn parse(&self, text: &str) -> Option<Timestamp> {
        let text = text.trim();
        let naive = match fixed_width(text) {
            Some(naive) => naive,
            // Unpadded fields and other spellings chrono accepts.
            None => NaiveDateTime::parse_from_str(text, PLATFORM_FORMAT)
                .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S"))
                .ok()?,
        };
        // A local year the platform's format cannot write back (chrono also reads "+10000" and
        // "-0024") is no platform time, even where its instant is within range at this offset.
        if !(1..=9999).contains(&naive.year()) {
            return None;
        }
        let instant = self.offset.from_local_datetime(&naive).single()?;
        // A leap second (second 60, which chrono accepts) has nanos no Timestamp may hold.
        Some(from_datetime(instant.with_timezone(&Utc)))
            .filter(|t| t.nanos < 1_000_000_000 && in_range(t))
    }
}

/// The common case, `YYYY-MM-DD HH:MM:SS` (or `T`) with every field padded, read without
/// interpreting a format string: a status answer carries one per recipient.
fn fixed_width(text: &str) -> Option<NaiveDateTime> {
    let b = text.as_bytes();
    if b.len() != 19 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b' ' | b'T') {
        return None;
    }
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        b[range].iter().try_fold(0u32, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    let date =
        chrono::NaiveDate::from_ymd_opt(number(0..4)? as i32, number(5..7)?, number(8..10)?)?;
    date.and_hms_opt(number(11..13)?, number(14..16)?, number(17..19)?)
}

/// Epoch milliseconds as RFC 3339 in UTC with milliseconds (`2026-03-01T09:00:00.123Z`), as
/// the gateway shows its own times; None outside chrono's range.
pub fn rfc3339_millis(millis: i64) -> Option<String> {
    chrono::DateTime::from_timestamp_millis(millis)
        .map(|time| time.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
}

/// Current time as a timestamp.
pub fn now() -> Timestamp {
    from_datetime(Utc::now())
}

/// A timestamp from epoch milliseconds the platform sent, within the valid range.
pub fn epoch_millis(millis: i64) -> Result<Timestamp, OutOfRange> {
    Some(from_epoch_millis(millis))
        .filter(in_range)
        .ok_or(OutOfRange {
            value: millis,
            unit: "ms",
        })
}

/// A timestamp from epoch seconds the platform sent, within the valid range.
pub fn epoch_seconds(seconds: i64) -> Result<Timestamp, OutOfRange> {
    Some(from_epoch_seconds(seconds))
        .filter(in_range)
        .ok_or(OutOfRange {
            value: seconds,
            unit: "s",
        })
}

/// Whether a timestamp is within `google.protobuf.Timestamp`'s valid range.
fn in_range(timestamp: &Timestamp) -> bool {
    (MIN_SECONDS..=MAX_SECONDS).contains(&timestamp.seconds)
}

/// A timestamp from epoch milliseconds, unchecked: what [`epoch_millis`] builds on, and what
/// platform input must never use directly.
pub fn from_epoch_millis(millis: i64) -> Timestamp {
    Timestamp {
        seconds: millis.div_euclid(1000),
        nanos: (millis.rem_euclid(1000) * 1_000_000) as i32,
    }
}

/// A timestamp from epoch seconds, unchecked: what [`epoch_seconds`] builds on, and what platform
/// input must never use directly.
pub fn from_epoch_seconds(seconds: i64) -> Timestamp {
    Timestamp { seconds, nanos: 0 }
}

fn to_datetime(timestamp: &Timestamp) -> Option<DateTime<Utc>> {
    let nanos = u32::try_from(timestamp.nanos)
        .ok()
        .filter(|n| *n < 1_000_000_000)?;
    DateTime::from_timestamp(timestamp.seconds, nanos)
}

fn from_datetime(instant: DateTime<Utc>) -> Timestamp {
    Timestamp {
        seconds: instant.timestamp(),
        nanos: instant.timestamp_subsec_nanos() as i32,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc8() -> PlatformClock {
        PlatformClock::new(FixedOffset::east_opt(8 * 3600).unwrap())
    }

    #[test]
    fn platform_strings_are_local_time() {
        let clock = utc8();
        // The platform's documented placeholder 1970-01-01 08:00:01 is epoch + 1 s in UTC+8.
        assert_eq!(
            clock.parse("1970-01-01 08:00:01"),
            Some(from_epoch_seconds(1))
        );
        let ts = clock.parse("2024-04-21 17:01:27").unwrap();
        assert_eq!(ts.seconds, 1_713_690_087);
        assert_eq!(clock.format(&ts).as_deref(), Some("2024-04-21 17:01:27"));
        let utc = PlatformClock::new(FixedOffset::east_opt(0).unwrap());
        assert_eq!(utc.format(&ts).as_deref(), Some("2024-04-21 09:01:27"));
        assert_eq!(clock.parse("2024-13-01 00:00:00"), None);
        assert_eq!(clock.parse(""), None);
    }

    #[test]
    fn the_fixed_width_reader_agrees_with_chrono() {
        let clock = utc8();
        let chrono = |text: &str| {
            NaiveDateTime::parse_from_str(text, PLATFORM_FORMAT)
                .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S"))
                .ok()
        };
        for text in [
            "2024-04-21 17:01:27",
            "2024-04-21T17:01:27",
            "2024-02-29 23:59:59",
            "2023-02-29 00:00:00",
            "2024-04-21 24:00:00",
            "2024-04-21 17:60:00",
            "2024-0a-21 17:01:27",
            "2024-04-21_17:01:27",
        ] {
            assert_eq!(fixed_width(text), chrono(text), "{text}");
        }
        // Unpadded fields miss the fast path and are still read.
        assert_eq!(fixed_width("2024-4-21 7:01:27"), None);
        assert_eq!(
            clock.parse("2024-4-21 7:01:27"),
            clock.parse("2024-04-21 07:01:27")
        );
        assert!(clock.parse("2024-04-21 07:01:27").is_some());
    }

    #[test]
    fn invalid_timestamps_do_not_format() {
        let clock = utc8();
        assert_eq!(
            clock.format(&Timestamp {
                seconds: 0,
                nanos: -1
            }),
            None
        );
        assert_eq!(
            clock.format(&Timestamp {
                seconds: i64::MAX,
                nanos: 0
            }),
            None
        );
        // Year 10000 does not fit the platform's four-digit year.
        assert_eq!(
            clock.format(&Timestamp {
                seconds: 253_402_300_800,
                nanos: 0
            }),
            None
        );
    }

    #[test]
    fn times_outside_a_timestamps_range_are_refused() {
        let clock = utc8();
        let utc = PlatformClock::new(FixedOffset::east_opt(0).unwrap());
        assert_eq!(
            utc.parse("0001-01-01 00:00:00"),
            Some(from_epoch_seconds(MIN_SECONDS))
        );
        assert_eq!(
            utc.parse("9999-12-31 23:59:59"),
            Some(from_epoch_seconds(MAX_SECONDS))
        );
        // Year 1 at UTC+8 starts 8 hours before the range does.
        assert_eq!(clock.parse("0001-01-01 00:00:00"), None);
        assert!(clock.parse("0001-01-01 08:00:00").is_some());
        for text in [
            "0000-06-01 00:00:00",
            "+10000-01-01 00:00:00",
            "-0001-01-01 00:00:00",
            "+262142-01-01 00:00:00",
        ] {
            assert_eq!(utc.parse(text), None, "{text}");
        }
        assert_eq!(
            epoch_millis(MAX_SECONDS * 1000 + 999),
            Ok(Timestamp {
                seconds: MAX_SECONDS,
                nanos: 999_000_000
            })
        );
        assert_eq!(
            epoch_millis(MIN_SECONDS * 1000),
            Ok(from_epoch_seconds(MIN_SECONDS))
        );
        for millis in [
            i64::MAX,
            i64::MIN,
            -99_999_999_999_999_999,
            (MAX_SECONDS + 1) * 1000,
            MIN_SECONDS * 1000 - 1,
        ] {
            assert_eq!(
                epoch_millis(millis),
                Err(OutOfRange {
                    value: millis,
                    unit: "ms"
                })
            );
        }
        assert!(epoch_seconds(MAX_SECONDS + 1).is_err());
        assert!(epoch_seconds(MIN_SECONDS - 1).is_err());
        assert_eq!(epoch_seconds(0), Ok(from_epoch_seconds(0)));
        // A valid instant whose local year is 0 cannot be sent in the platform's format.
        let west = PlatformClock::new(FixedOffset::west_opt(5 * 3600).unwrap());
        assert_eq!(west.format(&from_epoch_seconds(MIN_SECONDS)), None);
        assert_eq!(
            utc.format(&from_epoch_seconds(MIN_SECONDS)).as_deref(),
            Some("0001-01-01 00:00:00")
        );
    }

    #[test]
    fn a_timestamp_outside_the_range_is_not_formatted_at_any_offset() {
        // One second before 0001-01-01 UTC is local year 1 at +01:32, yet no valid timestamp.
        let east = PlatformClock::new(FixedOffset::east_opt(5520).unwrap());
        assert_eq!(east.format(&from_epoch_seconds(MIN_SECONDS - 1)), None);
        assert!(east.format(&from_epoch_seconds(MIN_SECONDS)).is_some());
    }

    #[test]
    fn a_local_year_beyond_9999_is_not_a_time_at_any_offset() {
        // 10000-01-01 00:00 at UTC+8 is 9999-12-31 16:00 UTC, within range, yet not writable back.
        assert_eq!(utc8().parse("+10000-01-01 00:00:00"), None);
        assert_eq!(utc8().parse("-0024-01-01 03:03:27"), None);
    }

    #[test]
    fn a_leap_second_is_not_a_time() {
        // chrono reads second 60 as a leap second, with nanos of 1e9 or more: no valid Timestamp.
        let clock = utc8();
        assert_eq!(clock.parse("2024-04-21 03:01:60"), None);
        assert_eq!(clock.parse("2024-4-21 3:01:60"), None);
        assert!(clock.parse("2024-04-21 03:01:59").is_some());
    }

    #[test]
    fn epoch_conversions() {
        assert_eq!(
            from_epoch_millis(1_721_358_108_467),
            Timestamp {
                seconds: 1_721_358_108,
                nanos: 467_000_000
            }
        );
        assert_eq!(
            from_epoch_millis(-1),
            Timestamp {
                seconds: -1,
                nanos: 999_000_000
            }
        );
    }
}
