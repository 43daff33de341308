//! The recipients of `send`: a CSV file read whole and checked before anything is sent, split
//! into the platform's 5,000-recipient tasks, each with a request id derived from what it sends.
//!
//! The format: one recipient per row, the phone number with country code in the first column
//! (`+86 152 0000 0001`, `8615200000001`: a leading `+`, spaces and dashes are allowed, as the
//! gateway's own check allows them); further columns (a name, a note) are ignored. Fields may be
//! quoted (`"+86 152 0000 0001","Doe, Jane"`). The first row is a header when its first field
//! holds no digit (`phone,name`). Blank rows and rows starting with `#` are skipped. Every bad
//! row is reported with its line number: a number the gateway would refuse, a number already
//! on an earlier row (after normalising: `+86 152...` and `86152...` are one person).

use std::collections::HashMap;

use sha2::{Digest, Sha256};
use tonic_types::StatusExt;

use crate::convert::validate;
use crate::error::Violations;

/// Most recipients one task may have: the platform's limit, as the gateway checks it.
pub const CHUNK: usize = validate::MAX_RECIPIENTS;

/// A row that cannot be sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadRow {
    /// Its line in the file, from 1.
    pub line: u64,
    /// Why, in the gateway's words.
    pub reason: String,
}

/// Why a recipients file cannot be sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetsError {
    /// No recipient at all (an empty file, or a header alone).
    Empty,
    /// Every bad row, in file order.
    BadRows(Vec<BadRow>),
}

/// The normalised phone numbers of a CSV file's rows, in file order, or every reason not to
/// send it.
pub fn parse(data: &[u8]) -> Result<Vec<String>, TargetsError> {
    let data = data.strip_prefix("\u{feff}".as_bytes()).unwrap_or(data);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .comment(Some(b'#'))
        .trim(csv::Trim::All)
        .from_reader(data);
    let mut phones = Vec::new();
    let mut first_line: HashMap<String, u64> = HashMap::new();
    let mut bad = Vec::new();
    let mut seen_a_row = false;
    // Line numbers from the records' byte offsets: the reader's own line count skips blank
    // lines, and a person counts them. A record's offset is where the reader started looking
    // for it, before the blank and comment lines it passed over.
    let mut counted = (0usize, 1u64);
    let mut line_at = |mut byte: usize| {
        loop {
            while data.get(byte).is_some_and(|b| matches!(b, b'\n' | b'\r')) {
                byte += 1;
            }
            if data.get(byte) != Some(&b'#') {
                break;
            }
            byte += data[byte..]
                .iter()
                .position(|b| *b == b'\n')
                .unwrap_or(data.len() - byte);
        }
        let (from, line) = counted;
        let newlines = data[from..byte.max(from)]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        counted = (byte.max(from), line + newlines as u64);
        counted.1
    };
    for record in reader.byte_records() {
        // Reading a byte slice fails only on I/O, which a slice never does; a record that
        // cannot be read is still reported rather than skipped.
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                let line = error.position().map_or(0, |at| line_at(at.byte() as usize));
                bad.push(BadRow {
                    line,
                    reason: format!("unreadable: {error}"),
                });
                continue;
            }
        };
        let line = record
            .position()
            .map_or(0, |at| line_at(at.byte() as usize));
        let first = record.get(0).unwrap_or_default();
        if record.len() <= 1 && first.is_empty() {
            continue;
        }
        let is_first_row = !seen_a_row;
        seen_a_row = true;
        let Ok(first) = std::str::from_utf8(first) else {
            bad.push(BadRow {
                line,
                reason: "not UTF-8 text".into(),
            });
            continue;
        };
        if is_first_row && !first.chars().any(|c| c.is_ascii_digit()) {
            continue;
        }
        match phone(first) {
            Err(reason) => bad.push(BadRow { line, reason }),
            Ok(phone) => match first_line.get(&phone) {
                Some(earlier) => bad.push(BadRow {
                    line,
                    reason: format!("{phone} is already on line {earlier}"),
                }),
                None => {
                    first_line.insert(phone.clone(), line);
                    phones.push(phone);
                }
            },
        }
    }
    if !bad.is_empty() {
        return Err(TargetsError::BadRows(bad));
    }
    if phones.is_empty() {
        return Err(TargetsError::Empty);
    }
    Ok(phones)
}

/// A phone number normalised by the gateway's own rule, or the gateway's reason to refuse it.
pub fn phone(raw: &str) -> Result<String, String> {
    let mut violations = Violations::default();
    let phone = validate::phone(&mut violations, "phone", raw);
    if violations.is_empty() {
        return Ok(phone);
    }
    let status = violations
        .into_result(())
        .expect_err("a violation was recorded");
    Err(first_violation(&status))
}

/// The description of the first field a refusal names (the check's own words), else its message.
fn first_violation(status: &tonic::Status) -> String {
    status
        .get_error_details()
        .bad_request()
        .and_then(|request| request.field_violations.first().cloned())
        .map_or_else(
            || status.message().to_owned(),
            |violation| violation.description,
        )
}

/// A message text the gateway would accept: not blank, within the platform's length.
pub fn text(raw: &str) -> Result<(), String> {
    let mut violations = Violations::default();
    validate::required(&mut violations, "text", raw);
    validate::message_text(&mut violations, "text", raw);
    violations
        .into_result(())
        .map_err(|status| format!("--text: {}", first_violation(&status)))
}

/// The campaign's tasks: its recipients in file order, `CHUNK` at a time.
pub fn chunks(phones: &[String]) -> std::slice::Chunks<'_, String> {
    phones.chunks(CHUNK)
}

/// The request id of chunk `index` of a campaign: a UUID (version 8, "custom") from a SHA-256
/// of everything the chunk's create sends that makes it this campaign's, and of `salt` (empty
/// for `send`; the demo makes its campaign new on every run). Running the same command again
/// sends the same ids, which the gateway answers from its records instead of creating the
/// tasks twice. The task's name is left out on purpose: a second run under another name is the
/// same campaign, and the gateway refuses the changed request (REQUEST_ID_REUSED) rather than
/// sending it again.
pub fn request_id(
    index: usize,
    chunk: &[String],
    text: &str,
    senders: &[String],
    salt: &str,
) -> String {
    let mut hash = Sha256::new();
    // Each part with its length first, so no two campaigns hash the same bytes.
    let mut part = |bytes: &[u8]| {
        hash.update((bytes.len() as u64).to_be_bytes());
        hash.update(bytes);
    };
    part(b"wadispatch send v1");
    part(salt.as_bytes());
    part(&(index as u64).to_be_bytes());
    part(text.as_bytes());
    let mut senders: Vec<&String> = senders.iter().collect();
    senders.sort();
    senders.dedup();
    part(&(senders.len() as u64).to_be_bytes());
    for sender in senders {
        part(sender.as_bytes());
    }
    part(&(chunk.len() as u64).to_be_bytes());
    for phone in chunk {
        part(phone.as_bytes());
    }
    let digest = hash.finalize();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    // RFC 9562: version 8 in the high nibble of byte 6, variant 10 in the top bits of byte 8.
    bytes[6] = (bytes[6] & 0x0f) | 0x80;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bad_lines(text: &str) -> Vec<(u64, String)> {
        match parse(text.as_bytes()) {
            Err(TargetsError::BadRows(rows)) => {
                rows.into_iter().map(|r| (r.line, r.reason)).collect()
            }
            other => panic!("expected bad rows, got {other:?}"),
        }
    }

    #[test]
    fn phones_are_normalised_with_a_header_comments_quotes_and_extra_columns() {
        let file = "\u{feff}phone,name\n\
                    # the spring list\n\
                    +86 152-0000-0001,Jane\n\
                    \n\
                    \"8615200000002\",\"Doe, John\"\n\
                    8615200000003\n";
        assert_eq!(
            parse(file.as_bytes()).unwrap(),
            ["8615200000001", "8615200000002", "8615200000003"]
        );
        // No header: the first row is a recipient.
        assert_eq!(
            parse(b"8615200000001\r\n8615200000002").unwrap(),
            ["8615200000001", "8615200000002"]
        );
    }

    #[test]
    fn every_bad_row_is_named_by_its_line() {
        let file = "phone\n8615200000001\nnot-a-phone\n12345\n\n+86 152 0000 0001\n8615200000002\n";
        let bad = bad_lines(file);
        let lines: Vec<u64> = bad.iter().map(|(line, _)| *line).collect();
        assert_eq!(lines, [3, 4, 6], "{bad:?}");
        assert!(bad[0].1.contains("only digits"), "{bad:?}");
        assert!(bad[1].1.contains("6 to 15 digits"), "{bad:?}");
        assert_eq!(bad[2].1, "8615200000001 is already on line 2");
        // A header is only ever the first row: a word later on is a bad row.
        assert_eq!(bad_lines("8615200000001\nphone\n")[0].0, 2);
        // Blank and comment lines count, with either line ending.
        for newline in ["\n", "\r\n"] {
            let file = [
                "# list",
                "8615200000001",
                "",
                "# more",
                "",
                "bad",
                "# end",
                "x",
            ]
            .join(newline);
            let lines: Vec<u64> = bad_lines(&file).iter().map(|(line, _)| *line).collect();
            assert_eq!(lines, [6, 8], "{newline:?}");
        }
    }

    #[test]
    fn an_empty_file_or_a_header_alone_is_refused() {
        for empty in ["", "\n\n", "phone,name\n", "# nothing yet\n"] {
            assert_eq!(
                parse(empty.as_bytes()),
                Err(TargetsError::Empty),
                "{empty:?}"
            );
        }
    }

    #[test]
    fn a_row_that_is_not_utf8_is_a_bad_row() {
        let bad = parse(b"8615200000001\n\xff\xfe86\n").unwrap_err();
        assert_eq!(
            bad,
            TargetsError::BadRows(vec![BadRow {
                line: 2,
                reason: "not UTF-8 text".into()
            }])
        );
    }

    #[test]
    fn the_text_is_checked_as_the_gateway_checks_it() {
        assert!(text("Hello").is_ok());
        assert!(text("  ").unwrap_err().contains("required"));
        let long = "x".repeat(validate::MAX_MESSAGE_CHARS + 1);
        assert!(text(&long).unwrap_err().contains("at most"));
    }

    #[test]
    fn chunks_hold_at_most_the_platforms_limit() {
        let phones: Vec<String> = (0..12_001).map(|i| format!("86152{i:08}")).collect();
        let sizes: Vec<usize> = chunks(&phones).map(<[String]>::len).collect();
        assert_eq!(sizes, [5000, 5000, 2001]);
        assert_eq!(chunks(&phones[..5000]).count(), 1);
    }

    #[test]
    fn request_ids_are_uuids_that_change_with_what_is_sent() {
        let phones: Vec<String> = vec!["8615200000001".into(), "8615200000002".into()];
        let senders = vec!["8613800000001".into(), "8613800000002".into()];
        let id = request_id(0, &phones, "hi", &senders, "");
        assert!(validate::is_uuid(&id), "{id}");
        assert_eq!(&id[14..15], "8", "version 8: {id}");
        assert!("89ab".contains(&id[19..20]), "RFC 9562 variant: {id}");
        assert_eq!(id, request_id(0, &phones, "hi", &senders, ""));
        let reordered: Vec<String> = senders.iter().rev().cloned().collect();
        assert_eq!(id, request_id(0, &phones, "hi", &reordered, ""));
        for other in [
            request_id(1, &phones, "hi", &senders, ""),
            request_id(0, &phones[..1], "hi", &senders, ""),
            request_id(0, &phones, "hi!", &senders, ""),
            request_id(0, &phones, "hi", &senders[..1], ""),
            request_id(0, &phones, "hi", &senders, "run 2"),
        ] {
            assert_ne!(id, other);
        }
    }
}
