//! Dead letters: rejected webhooks kept for inspection within a count and a bytes cap, the oldest
//! evicted first, with their texts and bodies cut to fit.

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};

use super::schema::{has_column, to_u64, DB_FILE};
use super::LogError;

/// Dead letters waiting for the writer at once; more are answered `DeadLettersBusy` and not
/// kept. Bounds the memory and writer time a flood of rejected webhooks can claim ahead of valid
/// ones.
pub const DEAD_LETTERS_IN_FLIGHT: usize = 64;
/// Longest path, content type or reason kept in a dead letter, in bytes; longer ones are cut.
pub const DEAD_LETTER_TEXT_MAX: usize = 2048;

/// Bytes a dead letter takes in the caps: its body and texts (as stored, in UTF-8).
const DEAD_LETTER_SIZE_SQL: &str = "length(body) + length(CAST(path AS BLOB)) \
    + length(CAST(content_type AS BLOB)) + length(CAST(reason AS BLOB))";

/// A webhook body that could not be parsed, kept for inspection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadLetter {
    /// The dead letter's id, ascending.
    pub id: u64,
    /// When the webhook was received, in milliseconds since the Unix epoch.
    pub received_ms: i64,
    /// The path it was sent to, with any path secret replaced.
    pub path: String,
    /// Its `Content-Type` header, cut to [`DEAD_LETTER_TEXT_MAX`] bytes.
    pub content_type: String,
    /// Why it was rejected, cut to [`DEAD_LETTER_TEXT_MAX`] bytes.
    pub reason: String,
    /// The body, or its first bytes when it was longer than the body cap or not read whole.
    pub body: Vec<u8>,
    /// Length of the whole body as sent.
    pub original_len: u64,
}

impl DeadLetter {
    /// True when `body` holds only the first bytes of the body sent.
    pub fn truncated(&self) -> bool {
        (self.body.len() as u64) < self.original_len
    }

    /// The letter as `wadispatch-gateway dead-letters` prints it, one JSON object per line.
    pub fn to_json(&self) -> serde_json::Value {
        let received =
            chrono::DateTime::from_timestamp_millis(self.received_ms).unwrap_or_default();
        serde_json::json!({
            "id": self.id,
            "received_time": received.to_rfc3339(),
            "path": self.path,
            "content_type": self.content_type,
            "reason": self.reason,
            "body": String::from_utf8_lossy(&self.body),
            // `body` holds only the first bytes of a longer body when truncated.
            "truncated": self.truncated(),
            "original_len": self.original_len,
        })
    }
}

/// A rejected webhook to keep as a dead letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDeadLetter {
    /// The path it was sent to, as it may be shown (no secrets).
    pub path: String,
    /// Its `Content-Type` header, as sent; cut to [`DEAD_LETTER_TEXT_MAX`] bytes when stored.
    pub content_type: String,
    /// Why it was rejected; cut to [`DEAD_LETTER_TEXT_MAX`] bytes when stored.
    pub reason: String,
    /// The body, or its first bytes when it was not read whole; cut to the body cap.
    pub body: Vec<u8>,
    /// Length of the whole body as sent (at least `body.len()`).
    pub original_len: u64,
}

impl NewDeadLetter {
    /// A dead letter of a body read whole.
    pub fn new(path: String, content_type: String, reason: String, body: Vec<u8>) -> Self {
        let original_len = body.len() as u64;
        NewDeadLetter {
            path,
            content_type,
            reason,
            body,
            original_len,
        }
    }

    /// The letter as every store keeps it: its texts cut to [`DEAD_LETTER_TEXT_MAX`], and its
    /// original length at least the body it holds.
    pub(super) fn with_texts_cut(mut self) -> Self {
        for text in [&mut self.path, &mut self.content_type, &mut self.reason] {
            truncate_utf8(text, DEAD_LETTER_TEXT_MAX);
        }
        self.original_len = self.original_len.max(self.body.len() as u64);
        self
    }
}

/// The newest `limit` dead letters.
pub(super) fn query_dead_letters(
    conn: &Connection,
    limit: usize,
) -> rusqlite::Result<Vec<DeadLetter>> {
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    // A database not yet opened by this version (read-only inspection) lacks the column.
    let original_len = if has_column(conn, "dead_letters", "original_len")? {
        "COALESCE(original_len, length(body))"
    } else {
        "length(body)"
    };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id, received_ms, path, content_type, reason, body, {original_len}
         FROM dead_letters ORDER BY id DESC LIMIT ?1"
    ))?;
    let letters = stmt.query_map([limit], |row| {
        Ok(DeadLetter {
            id: to_u64(row.get(0)?),
            received_ms: row.get(1)?,
            path: row.get(2)?,
            content_type: row.get(3)?,
            reason: row.get(4)?,
            body: row.get(5)?,
            original_len: to_u64(row.get(6)?),
        })
    })?;
    letters.collect()
}

/// The newest `limit` dead letters of the log in `dir`, read without opening the log for writing,
/// so that inspecting a running gateway's log never prunes or locks it.
pub fn read_dead_letters(dir: &Path, limit: usize) -> Result<Vec<DeadLetter>, LogError> {
    let path = dir.join(DB_FILE);
    let conn = Connection::open_with_flags(&path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    Ok(query_dead_letters(&conn, limit)?)
}

/// A dead letter as the writer inserts it, cut to the caps.
pub(super) struct DeadLetterRow {
    received_ms: i64,
    path: String,
    content_type: String,
    reason: String,
    body: Vec<u8>,
    original_len: u64,
}

impl DeadLetterRow {
    /// Cuts the texts to [`DEAD_LETTER_TEXT_MAX`] and the body to `body_max`, and to what is left
    /// of `max_bytes` after the texts, so that one letter alone always fits the bytes cap.
    pub(super) fn new(
        letter: NewDeadLetter,
        received_ms: i64,
        body_max: usize,
        max_bytes: u64,
    ) -> Self {
        let NewDeadLetter {
            path,
            content_type,
            reason,
            mut body,
            original_len,
        } = letter.with_texts_cut();
        let texts = (path.len() + content_type.len() + reason.len()) as u64;
        let room = usize::try_from(max_bytes.saturating_sub(texts)).unwrap_or(usize::MAX);
        body.truncate(body_max.min(room));
        DeadLetterRow {
            received_ms,
            path,
            content_type,
            reason,
            body,
            original_len,
        }
    }

    /// What it counts against the bytes cap; the same sum as [`DEAD_LETTER_SIZE_SQL`].
    fn size(&self) -> u64 {
        (self.body.len() + self.path.len() + self.content_type.len() + self.reason.len()) as u64
    }
}

/// Cuts `text` to at most `max` bytes, on a character boundary, marking the cut with "…".
pub fn truncate_utf8(text: &mut String, max: usize) {
    const MARK: &str = "…";
    if text.len() <= max {
        return;
    }
    let mut end = max.saturating_sub(MARK.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.truncate(end);
    if max >= MARK.len() {
        text.push_str(MARK);
    }
}

/// Running totals of the dead-letter table, kept by the writer so that enforcing the caps costs
/// one delete per evicted letter, never a scan.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct DeadLetterTotals {
    pub(super) count: u64,
    pub(super) bytes: u64,
}

/// The totals as of the writer's last commit, for other threads to read (the metrics).
#[derive(Debug, Default)]
pub(super) struct SharedTotals {
    count: AtomicU64,
    bytes: AtomicU64,
}

impl SharedTotals {
    pub(super) fn set(&self, totals: DeadLetterTotals) {
        self.count.store(totals.count, Ordering::Relaxed);
        self.bytes.store(totals.bytes, Ordering::Relaxed);
    }

    /// Count and bytes; each exact, though a commit may fall between the two reads.
    pub(super) fn get(&self) -> DeadLetterTotals {
        DeadLetterTotals {
            count: self.count.load(Ordering::Relaxed),
            bytes: self.bytes.load(Ordering::Relaxed),
        }
    }
}

impl DeadLetterTotals {
    /// Counted from the table: at open and after pruning by age (bounded by the count cap).
    pub(super) fn of(conn: &Connection) -> rusqlite::Result<Self> {
        conn.query_row(
            &format!("SELECT COUNT(*), COALESCE(SUM({DEAD_LETTER_SIZE_SQL}), 0) FROM dead_letters"),
            [],
            |row| {
                Ok(DeadLetterTotals {
                    count: to_u64(row.get(0)?),
                    bytes: to_u64(row.get(1)?),
                })
            },
        )
    }

    /// Deletes the oldest letters while over a cap; returns how many.
    pub(super) fn evict_over(
        &mut self,
        tx: &Transaction,
        max_count: u64,
        max_bytes: u64,
    ) -> rusqlite::Result<u64> {
        let mut evicted = 0;
        while self.count > max_count || self.bytes > max_bytes {
            let size: Option<i64> = tx
                .prepare_cached(&format!(
                    "DELETE FROM dead_letters WHERE id = (SELECT MIN(id) FROM dead_letters)
                     RETURNING {DEAD_LETTER_SIZE_SQL}"
                ))?
                .query_row([], |row| row.get(0))
                .optional()?;
            let Some(size) = size else {
                // Nothing left: whatever the totals said, the table is empty.
                *self = DeadLetterTotals::default();
                break;
            };
            self.count = self.count.saturating_sub(1);
            self.bytes = self.bytes.saturating_sub(to_u64(size));
            evicted += 1;
        }
        Ok(evicted)
    }
}

/// Inserts dead letters in one transaction, evicting the oldest beyond the caps; returns their
/// ids. `totals` is updated as the transaction goes: the caller keeps it only if this succeeds.
pub(super) fn insert<'a>(
    conn: &mut Connection,
    letters: impl ExactSizeIterator<Item = &'a DeadLetterRow>,
    totals: &mut DeadLetterTotals,
    max_count: u64,
    max_bytes: u64,
) -> Result<Vec<u64>, LogError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut ids = Vec::with_capacity(letters.len());
    for letter in letters {
        let id = tx
            .prepare_cached(
                "INSERT INTO dead_letters
                 (received_ms, path, content_type, reason, body, original_len)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .insert(params![
                letter.received_ms,
                letter.path,
                letter.content_type,
                letter.reason,
                letter.body,
                i64::try_from(letter.original_len).unwrap_or(i64::MAX)
            ])?;
        ids.push(to_u64(id));
        totals.count += 1;
        totals.bytes += letter.size();
        // After each insert, so that not even this transaction holds more than the caps.
        totals.evict_over(&tx, max_count, max_bytes)?;
    }
    tx.commit()?;
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncate_utf8_cuts_on_a_character_boundary() {
        let cut = |text: &str, max: usize| {
            let mut text = text.to_owned();
            truncate_utf8(&mut text, max);
            text
        };
        assert_eq!(cut("short", 10), "short");
        assert_eq!(cut("exactly10!", 10), "exactly10!");
        assert_eq!(cut("abcdefghijkl", 10), "abcdefg…");
        // "é" is two bytes: never split.
        let accents = cut(&"é".repeat(10), 10);
        assert!(accents.len() <= 10, "{accents}");
        assert_eq!(accents, "ééé…");
        assert_eq!(cut("abcdef", 2), "");
    }

    #[test]
    fn a_dead_letter_alone_always_fits_the_bytes_cap() {
        let letter = NewDeadLetter::new("/p".into(), "c".into(), "r".repeat(5000), vec![7; 1000]);
        let row = DeadLetterRow::new(letter, 0, 800, 2100);
        assert_eq!(row.reason.len(), DEAD_LETTER_TEXT_MAX);
        assert_eq!(row.body.len(), 2100 - 2 - 1 - DEAD_LETTER_TEXT_MAX);
        assert_eq!(row.size(), 2100);
        assert_eq!(row.original_len, 1000);
    }
}
