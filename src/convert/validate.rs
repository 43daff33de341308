//! Checks of what the platform would reject, shared by every request conversion. Each records a
//! violation naming the field and still returns a value, so one call reports every bad field.

use prost_types::Timestamp;

use super::WireContext;
use crate::convert::codes::PlatformCode;
use crate::error::Violations;
use crate::proto::v1::TargetType;

/// Most friend phone numbers (recipients) one task may have.
pub const MAX_RECIPIENTS: usize = 5000;
/// Most characters in one message's content.
pub const MAX_MESSAGE_CHARS: usize = 1024;
/// Digits in a phone number with country code (E.164 allows at most 15).
const PHONE_DIGITS: std::ops::RangeInclusive<usize> = 6..=15;
/// Digits in a national number sent with a separate area code (registration).
const NATIONAL_DIGITS: std::ops::RangeInclusive<usize> = 4..=15;

/// A phone number with country code, normalised to digits: `+`, spaces and dashes are accepted
/// and removed; anything else is a violation.
pub fn phone(v: &mut Violations, field: &str, raw: &str) -> String {
    digits(
        v,
        field,
        raw,
        PHONE_DIGITS,
        "a phone number with country code",
    )
}

/// A national phone number (the area code travels separately), normalised like `phone`.
pub fn national_phone(v: &mut Violations, field: &str, raw: &str) -> String {
    digits(
        v,
        field,
        raw,
        NATIONAL_DIGITS,
        "a phone number without the area code",
    )
}

fn digits(
    v: &mut Violations,
    field: &str,
    raw: &str,
    len: std::ops::RangeInclusive<usize>,
    what: &str,
) -> String {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        v.add(field, format!("required: {what}"));
        return String::new();
    }
    let body = trimmed.strip_prefix('+').unwrap_or(trimmed);
    let normalised: String = body.chars().filter(|c| *c != ' ' && *c != '-').collect();
    if !normalised.chars().all(|c| c.is_ascii_digit()) {
        v.add(
            field,
            format!(
                "{raw:?} is not {what}: only digits, a leading '+', spaces and dashes are allowed"
            ),
        );
    } else if !len.contains(&normalised.len()) {
        v.add(
            field,
            format!(
                "{raw:?} is not {what}: expected {} to {} digits",
                len.start(),
                len.end()
            ),
        );
    }
    normalised
}

/// A task target: a phone number for individual targets, a group id for group targets.
pub fn target(
    v: &mut Violations,
    field: &str,
    target_type: Option<TargetType>,
    raw: &str,
) -> String {
    match target_type {
        Some(TargetType::Group) => {
            let id = raw.trim();
            if id.is_empty() {
                v.add(field, "required: a WhatsApp group id");
            } else if id.chars().any(char::is_whitespace) {
                v.add(
                    field,
                    format!("{raw:?} is not a WhatsApp group id: it contains white space"),
                );
            }
            id.to_owned()
        }
        // Individual, or a missing target type (already reported): check as a phone number.
        _ => phone(v, field, raw),
    }
}

/// A required free-text field.
pub fn required(v: &mut Violations, field: &str, raw: &str) {
    if raw.trim().is_empty() {
        v.add(field, "required");
    }
}

/// Message text within the platform's 1024-character limit.
pub fn message_text(v: &mut Violations, field: &str, text: &str) {
    let chars = text.chars().count();
    if chars > MAX_MESSAGE_CHARS {
        v.add(
            field,
            format!("{chars} characters: a message's content is at most {MAX_MESSAGE_CHARS}"),
        );
    }
}

/// A list with between `min` and `max` items.
pub fn count(v: &mut Violations, field: &str, len: usize, min: usize, max: usize) {
    if len < min {
        v.add(field, format!("at least {min} required"));
    } else if len > max {
        v.add(field, format!("{len} items: at most {max} allowed"));
    }
}

/// The recipients of a task: 1 to 5000.
pub fn recipients(v: &mut Violations, field: &str, len: usize) {
    count(v, field, len, 1, MAX_RECIPIENTS);
}

/// A required enum: a known value other than UNSPECIFIED. Returns the proto value and its
/// platform code.
pub fn required_enum<E>(v: &mut Violations, field: &str, raw: i32) -> Option<(E, i64)>
where
    E: PlatformCode + TryFrom<i32>,
{
    let value = known_enum::<E>(v, field, raw)?;
    match value.to_platform() {
        Some(code) => Some((value, code)),
        None => {
            v.add(field, "required");
            None
        }
    }
}

/// The platform code of a required enum; 0 (never sent: the violation fails the call) when it
/// is missing or unknown.
pub fn required_code<E>(v: &mut Violations, field: &str, raw: i32) -> i64
where
    E: PlatformCode + TryFrom<i32>,
{
    required_enum::<E>(v, field, raw).map_or(0, |(_, code)| code)
}

/// An optional enum: UNSPECIFIED means "not sent"; an unknown number is a violation.
pub fn optional_enum<E>(v: &mut Violations, field: &str, raw: i32) -> Option<i64>
where
    E: PlatformCode + TryFrom<i32>,
{
    known_enum::<E>(v, field, raw)?.to_platform()
}

fn known_enum<E: TryFrom<i32>>(v: &mut Violations, field: &str, raw: i32) -> Option<E> {
    let value = E::try_from(raw).ok();
    if value.is_none() {
        v.add(field, format!("{raw} is not a known value"));
    }
    value
}

/// An optional time, as the platform's local `YYYY-MM-DD HH:MM:SS`.
pub fn time(
    v: &mut Violations,
    field: &str,
    cx: &WireContext,
    timestamp: Option<&Timestamp>,
) -> Option<String> {
    let timestamp = timestamp?;
    let text = cx.clock.format(timestamp);
    if text.is_none() {
        v.add(field, "not a valid time between years 1 and 9999");
    }
    text
}

/// A list of ids where each must be non-empty; returns them trimmed.
pub fn ids(v: &mut Violations, field: &str, raw: &[String]) -> Vec<String> {
    count(v, field, raw.len(), 1, usize::MAX);
    raw.iter()
        .enumerate()
        .map(|(i, id)| {
            required(v, &format!("{field}[{i}]"), id);
            id.trim().to_owned()
        })
        .collect()
}

/// An optional request id (AIP-155): empty, or a UUID written as 36 characters, 8-4-4-4-12 hex
/// digits in either case (what every UUID library prints).
pub fn request_id(v: &mut Violations, raw: &str) {
    if !raw.is_empty() && !is_uuid(raw) {
        v.add(
            "request_id",
            "a UUID such as 6f1c2a9e-4b7d-4c1e-9a53-2d8f0b7e6c41, or empty",
        );
    }
}

/// Whether `raw` is a UUID in its hyphenated form, `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`.
pub fn is_uuid(raw: &str) -> bool {
    raw.len() == 36
        && raw.bytes().enumerate().all(|(i, byte)| match i {
            8 | 13 | 18 | 23 => byte == b'-',
            _ => byte.is_ascii_hexdigit(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_are_normalised_or_rejected() {
        let mut v = Violations::default();
        assert_eq!(phone(&mut v, "p", "+86 182-1726-232"), "861821726232");
        assert_eq!(phone(&mut v, "p", "8618217331211"), "8618217331211");
        assert!(v.is_empty());
        phone(&mut v, "a", "86abc1234567");
        phone(&mut v, "b", "(86) 1234567");
        phone(&mut v, "c", "12345");
        phone(&mut v, "d", "1234567890123456");
        phone(&mut v, "e", "");
        phone(&mut v, "f", "++8612345678");
        let status = v.into_result(()).unwrap_err();
        for field in ["a:", "b:", "c:", "d:", "e:", "f:"] {
            assert!(
                status.message().contains(field),
                "{field} missing from {}",
                status.message()
            );
        }
    }

    #[test]
    fn group_targets_are_ids_not_phones() {
        let mut v = Violations::default();
        assert_eq!(
            target(&mut v, "t", Some(TargetType::Group), "120363042@g.us"),
            "120363042@g.us"
        );
        assert!(v.is_empty());
        target(&mut v, "t", Some(TargetType::Individual), "120363042@g.us");
        assert!(!v.is_empty());
    }

    #[test]
    fn limits_are_inclusive() {
        let mut v = Violations::default();
        message_text(&mut v, "t", &"é".repeat(MAX_MESSAGE_CHARS));
        recipients(&mut v, "r", MAX_RECIPIENTS);
        assert!(v.is_empty());
        message_text(&mut v, "t", &"x".repeat(MAX_MESSAGE_CHARS + 1));
        recipients(&mut v, "r", MAX_RECIPIENTS + 1);
        recipients(&mut v, "r0", 0);
        assert!(v
            .into_result(())
            .unwrap_err()
            .message()
            .contains("r0: at least 1"));
    }

    #[test]
    fn request_ids_are_uuids_or_empty() {
        let mut v = Violations::default();
        request_id(&mut v, "");
        request_id(&mut v, "6f1c2a9e-4b7d-4c1e-9a53-2d8f0b7e6c41");
        request_id(&mut v, "6F1C2A9E-4B7D-4C1E-9A53-2D8F0B7E6C41");
        assert!(v.is_empty());
        for bad in [
            "retry-1",
            "6f1c2a9e4b7d4c1e9a532d8f0b7e6c41",
            "6f1c2a9e-4b7d-4c1e-9a53-2d8f0b7e6c4g",
            " 6f1c2a9e-4b7d-4c1e-9a53-2d8f0b7e6c4",
        ] {
            let mut v = Violations::default();
            request_id(&mut v, bad);
            assert!(!v.is_empty(), "{bad}");
        }
    }
}
