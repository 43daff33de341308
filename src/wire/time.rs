//! Conversions between `google.protobuf.Timestamp` and the platform's three time formats:
//! `YYYY-MM-DD HH:MM:SS` strings in the platform's local zone (requests and most responses),
//! epoch milliseconds (webhook detail times) and epoch seconds (`lastChatTime`).

use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone, Utc};
use prost_types::Timestamp;

/// The platform's text format for date-times.
const PLATFORM_FORMAT: &str = "%Y-%m-%d %H:%M:%S";

/// The platform's local zone, a setting (`--platform-utc-offset`, UTC+8 by default).
#[derive(Debug, Clone, Copy)]
pub struct PlatformClock {
    offset: FixedOffset,
}

impl PlatformClock {
    pub fn new(offset: FixedOffset) -> Self {
        Self { offset }
    }

    /// Formats an instant as the platform's local `YYYY-MM-DD HH:MM:SS`, or `None` when the
    /// timestamp is invalid or outside years 1..=9999. Sub-second precision is dropped: the
    /// platform's format has none.
    pub fn format(&self, timestamp: &Timestamp) -> Option<String> {
        let instant = to_datetime(timestamp)?;
        let text = instant
            .with_timezone(&self.offset)
            .format(PLATFORM_FORMAT)
            .to_string();
        (text.len() == 19).then_some(text)
    }

    /// Parses the platform's local `YYYY-MM-DD HH:MM:SS` (a `T` separator is accepted too).
    pub fn parse(&self, text: &str) -> Option<Timestamp> {
        let text = text.trim();
        let naive = match fixed_width(text) {
            Some(naive) => naive,
            // Unpadded fields and other spellings chrono accepts.
            None => NaiveDateTime::parse_from_str(text, PLATFORM_FORMAT)
                .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S"))
                .ok()?,
        };
        let instant = self.offset.from_local_datetime(&naive).single()?;
        // A leap second (second 60, which chrono accepts) has nanos no Timestamp may hold.
        Some(from_datetime(instant.with_timezone(&Utc))).filter(|t| t.nanos < 1_000_000_000)
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

/// Current time as a timestamp.
pub fn now() -> Timestamp {
    from_datetime(Utc::now())
}

/// A timestamp from epoch milliseconds.
pub fn from_epoch_millis(millis: i64) -> Timestamp {
    Timestamp {
        seconds: millis.div_euclid(1000),
        nanos: (millis.rem_euclid(1000) * 1_000_000) as i32,
    }
}

/// A timestamp from epoch seconds.
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
