//! The time readers of `src/wire/time.rs`. Input: 8 bytes of an i64 (little-endian; epoch
//! milliseconds and seconds, and a timestamp's seconds), 4 bytes of an i32 (that timestamp's
//! nanos), 2 bytes of an i16 (the platform's UTC offset in minutes, folded into the range the
//! `--platform-utc-offset` setting accepts), then the text to parse. Shorter inputs are padded
//! with zeros.
//!
//! Properties: never panics; the epoch converters are exact (seconds and nanos add back up to
//! the input) and their nanos are valid; `parse` yields whole seconds within protobuf's valid
//! range (0001-01-01..9999-12-31) and round-trips through `format`; `format` gives 19
//! characters that `parse` reads back to the same second, and it formats every valid
//! timestamp not at the edges of the range.
#![no_main]

use chrono::FixedOffset;
use libfuzzer_sys::fuzz_target;
use prost_types::Timestamp;
use wadispatch_gateway::wire::time::{
    epoch_millis, epoch_seconds, from_epoch_millis, from_epoch_seconds, PlatformClock,
};
use wadispatch_gateway_fuzz::{
    assert_valid_timestamp, MAX_TIMESTAMP_SECONDS, MIN_TIMESTAMP_SECONDS,
};

/// The widest offset `--platform-utc-offset` accepts: +/-14:59.
const MAX_OFFSET_MINUTES: i32 = 14 * 60 + 59;
/// A day: a local date may differ from the UTC one by at most this.
const DAY: i64 = 86_400;

fuzz_target!(|data: &[u8]| {
    let mut header = [0u8; 14];
    let split = data.len().min(header.len());
    header[..split].copy_from_slice(&data[..split]);
    let number = i64::from_le_bytes(header[0..8].try_into().unwrap());
    let nanos = i32::from_le_bytes(header[8..12].try_into().unwrap());
    let minutes = i32::from(i16::from_le_bytes(header[12..14].try_into().unwrap()));
    let text = String::from_utf8_lossy(&data[split..]);

    let minutes = minutes % (MAX_OFFSET_MINUTES + 1);
    let clock = PlatformClock::new(FixedOffset::east_opt(minutes * 60).expect("within a day"));

    epoch(number);
    parse(&clock, &text);
    format(
        &clock,
        &Timestamp {
            seconds: number,
            nanos,
        },
    );
});

fn epoch(number: i64) {
    let from_millis = from_epoch_millis(number);
    assert!(
        (0..1_000_000_000).contains(&from_millis.nanos) && from_millis.nanos % 1_000_000 == 0,
        "from_epoch_millis({number}) = {from_millis:?}: bad nanos"
    );
    let back = i128::from(from_millis.seconds) * 1000 + i128::from(from_millis.nanos / 1_000_000);
    assert_eq!(
        back,
        i128::from(number),
        "from_epoch_millis({number}) = {from_millis:?}"
    );
    assert_eq!(
        from_epoch_seconds(number),
        Timestamp {
            seconds: number,
            nanos: 0
        }
    );
    // Platform input goes through the checked converters: they accept exactly the valid range.
    let valid = MIN_TIMESTAMP_SECONDS..=MAX_TIMESTAMP_SECONDS;
    assert_eq!(
        epoch_millis(number).ok(),
        valid.contains(&from_millis.seconds).then_some(from_millis),
        "epoch_millis({number})"
    );
    assert_eq!(
        epoch_seconds(number).ok(),
        valid.contains(&number).then(|| from_epoch_seconds(number)),
        "epoch_seconds({number})"
    );
}

fn parse(clock: &PlatformClock, text: &str) {
    let Some(parsed) = clock.parse(text) else {
        return;
    };
    assert_eq!(parsed.nanos, 0, "parse({text:?}) has sub-seconds");
    assert_valid_timestamp(&parsed, &format!("parse({text:?})"));
    let formatted = clock
        .format(&parsed)
        .unwrap_or_else(|| panic!("parse({text:?}) = {parsed:?} does not format"));
    assert_eq!(
        clock.parse(&formatted),
        Some(parsed),
        "parse({text:?}) = {parsed:?} formats as {formatted:?}, which reads back differently"
    );
}

fn format(clock: &PlatformClock, timestamp: &Timestamp) {
    let valid_nanos = (0..1_000_000_000).contains(&timestamp.nanos);
    let Some(formatted) = clock.format(timestamp) else {
        // Only an invalid timestamp, or one whose local date leaves the four-digit years, may
        // fail to format.
        let inside = (MIN_TIMESTAMP_SECONDS + DAY..=MAX_TIMESTAMP_SECONDS - DAY)
            .contains(&timestamp.seconds);
        assert!(!(valid_nanos && inside), "format({timestamp:?}) = None");
        return;
    };
    assert!(valid_nanos, "format({timestamp:?}) formatted bad nanos");
    assert_eq!(formatted.len(), 19, "format({timestamp:?}) = {formatted:?}");
    assert_eq!(
        clock.parse(&formatted),
        Some(Timestamp {
            seconds: timestamp.seconds,
            nanos: 0
        }),
        "format({timestamp:?}) = {formatted:?} does not read back"
    );
}
