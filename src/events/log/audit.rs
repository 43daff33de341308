//! The audit trail's table in the event log's store: every state-changing call, written durably
//! before the platform is called and completed with its outcome, so that a call the gateway was
//! stopped in the middle of still shows (as not completed). Pruned with the events' retention
//! age (never sooner than a day: the recipient ceilings are rebuilt from it at start).

use std::path::Path;

use rusqlite::{params, Connection, OpenFlags, Transaction};

use super::schema::DB_FILE;
use super::LogError;

/// Table and indexes of the audit trail.
pub const SCHEMA: &str = "
    -- AUTOINCREMENT: ids are never reused, so a reader's cursor stays valid across pruning.
    CREATE TABLE IF NOT EXISTS audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        time_ms INTEGER NOT NULL,
        caller TEXT NOT NULL,
        caller_source TEXT NOT NULL,
        rpc TEXT NOT NULL,
        platform_path TEXT NOT NULL,
        -- JSON array of the platform ids the call named or created.
        subjects TEXT NOT NULL,
        recipients INTEGER NOT NULL,
        -- 1 while the recipients count against the caller's ceilings.
        charged INTEGER NOT NULL,
        request_bytes INTEGER NOT NULL,
        request_id TEXT,
        completed INTEGER NOT NULL DEFAULT 0,
        -- 1 when the call was refused before the platform (written with its outcome at once):
        -- the records a flood of bad calls makes, capped by count.
        refused INTEGER NOT NULL DEFAULT 0,
        grpc_code TEXT,
        platform_code INTEGER
    );
    CREATE INDEX IF NOT EXISTS audit_time ON audit (time_ms);
    CREATE INDEX IF NOT EXISTS audit_caller_time ON audit (caller, time_ms);
    CREATE INDEX IF NOT EXISTS audit_refused ON audit (id) WHERE refused = 1;
";

/// Default cap on the audit records of refused calls: a key without a call rate could otherwise
/// grow the trail as fast as it can send bad calls. Records of calls that reached the platform are
/// never pruned by count (they are state changes, and the recipient ceilings are rebuilt from
/// them).
pub const DEFAULT_MAX_REFUSED_RECORDS: u64 = 100_000;

/// The shortest the audit trail is kept, whatever the retention age: the recipient ceilings'
/// longest window, which is rebuilt from it at start.
pub const MIN_RETENTION_MS: i64 = 24 * 60 * 60 * 1000;

/// A state-changing call as it starts.
#[derive(Debug, Clone)]
pub struct AuditEntry {
    /// When the call was received, in milliseconds since the Unix epoch.
    pub time_ms: i64,
    /// The caller's name (the key's name, the certificate's subject, or "anonymous").
    pub caller: String,
    /// How the caller proved who it is (`callers::CallerSource::as_str`).
    pub caller_source: &'static str,
    /// The full RPC path, e.g. `/wadispatch.v1.TaskService/StartTasks`.
    pub rpc: String,
    /// The platform path the call goes to (its route's path).
    pub platform_path: &'static str,
    /// Ids the request names.
    pub subjects: Vec<String>,
    /// Recipients counted against the caller's ceilings.
    pub recipients: u64,
    /// Size of the request message in bytes.
    pub request_bytes: u64,
    /// The caller's `x-request-id`, already cut to its bound.
    pub request_id: Option<String>,
}

/// How a recorded call ended.
#[derive(Debug, Clone)]
pub struct AuditOutcome {
    /// The call's gRPC status code, named as the gRPC spec writes it (`OK`, `INVALID_ARGUMENT`...).
    pub grpc_code: &'static str,
    /// The platform's envelope code when it answered with one.
    pub platform_code: Option<i64>,
    /// Ids the response returned (a created task's id), added to the entry's.
    pub subjects: Vec<String>,
    /// Whether the recipients still count against the caller's ceilings: false when the call
    /// certainly sent nothing (refused before the platform, or rejected by it).
    pub charged: bool,
}

fn subjects_json(entry: &[String], outcome: &[String]) -> String {
    serde_json::Value::from(entry.iter().chain(outcome).cloned().collect::<Vec<_>>()).to_string()
}

/// Inserts an entry (with its outcome when the call ended before the platform); returns its id.
pub(crate) fn insert(
    tx: &Transaction,
    entry: &AuditEntry,
    outcome: Option<&AuditOutcome>,
) -> rusqlite::Result<u64> {
    let charged = outcome.is_none_or(|o| o.charged) && entry.recipients > 0;
    let no_subjects = Vec::new();
    let subjects = subjects_json(
        &entry.subjects,
        outcome.map_or(&no_subjects, |o| &o.subjects),
    );
    tx.execute(
        "INSERT INTO audit (time_ms, caller, caller_source, rpc, platform_path, subjects, \
         recipients, charged, request_bytes, request_id, completed, grpc_code, platform_code, \
         refused) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?11)",
        params![
            entry.time_ms,
            entry.caller,
            entry.caller_source,
            entry.rpc,
            entry.platform_path,
            subjects,
            to_i64(entry.recipients),
            charged,
            to_i64(entry.request_bytes),
            entry.request_id,
            outcome.is_some(),
            outcome.map(|o| o.grpc_code),
            outcome.and_then(|o| o.platform_code),
        ],
    )?;
    Ok(tx.last_insert_rowid().max(0) as u64)
}

/// Completes an entry with its outcome.
pub(crate) fn finish(tx: &Transaction, id: u64, outcome: &AuditOutcome) -> rusqlite::Result<()> {
    let id = to_i64(id);
    let subjects: String =
        tx.query_row("SELECT subjects FROM audit WHERE id = ?1", [id], |row| {
            row.get(0)
        })?;
    let mut all: Vec<String> = serde_json::from_str(&subjects).unwrap_or_default();
    all.extend(outcome.subjects.iter().cloned());
    tx.execute(
        "UPDATE audit SET completed = 1, grpc_code = ?2, platform_code = ?3, \
         charged = charged AND ?4, subjects = ?5 WHERE id = ?1",
        params![
            id,
            outcome.grpc_code,
            outcome.platform_code,
            outcome.charged,
            subjects_json(&all, &[]),
        ],
    )?;
    Ok(())
}

/// Recipients still charged since `since_ms`, summed per caller and minute: (caller, minute's
/// start in epoch milliseconds, recipients).
pub(crate) fn charges(
    conn: &Connection,
    since_ms: i64,
) -> rusqlite::Result<Vec<(String, i64, u64)>> {
    let mut stmt = conn.prepare(
        "SELECT caller, (time_ms / 60000) * 60000 AS minute, SUM(recipients) FROM audit \
         WHERE charged = 1 AND time_ms >= ?1 GROUP BY caller, minute",
    )?;
    let rows = stmt.query_map([since_ms], |row| {
        Ok((
            row.get(0)?,
            row.get(1)?,
            row.get::<_, i64>(2)?.max(0) as u64,
        ))
    })?;
    rows.collect()
}

/// Deletes records older than `cutoff_ms` (never younger than [`MIN_RETENTION_MS`] before
/// `now_ms`), then the oldest records of refused calls beyond `max_refused`; returns how many.
pub(crate) fn prune(
    tx: &Transaction,
    now_ms: i64,
    cutoff_ms: i64,
    max_refused: u64,
) -> rusqlite::Result<u64> {
    let cutoff = cutoff_ms.min(now_ms.saturating_sub(MIN_RETENTION_MS));
    let aged = tx.execute("DELETE FROM audit WHERE time_ms < ?1", [cutoff])?;
    let over = tx.execute(
        "DELETE FROM audit WHERE refused = 1 AND id <= (SELECT id FROM audit WHERE refused = 1 \
         ORDER BY id DESC LIMIT 1 OFFSET ?1)",
        [to_i64(max_refused)],
    )?;
    Ok((aged + over) as u64)
}

fn to_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// A stored audit record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRecord {
    /// The record's id: ascending, never reused (a reader's cursor).
    pub id: u64,
    /// When the call was received, in milliseconds since the Unix epoch.
    pub time_ms: i64,
    /// The caller's name.
    pub caller: String,
    /// How the caller proved who it is (`callers::CallerSource::as_str`).
    pub caller_source: String,
    /// The full RPC path, e.g. `/wadispatch.v1.TaskService/StartTasks`.
    pub rpc: String,
    /// The platform path called.
    pub platform_path: String,
    /// Ids the request named and the response returned (a created task's id).
    pub subjects: Vec<String>,
    /// Recipients the call counted against the caller's ceilings.
    pub recipients: u64,
    /// Whether the recipients count against the caller's ceilings.
    pub charged: bool,
    /// Size of the request message in bytes.
    pub request_bytes: u64,
    /// The caller's `x-request-id`, cut to its bound.
    pub request_id: Option<String>,
    /// False when the gateway stopped before the call's outcome was known.
    pub completed: bool,
    /// The call's gRPC status code (`OK`, `INVALID_ARGUMENT`...); none while not completed.
    pub grpc_code: Option<String>,
    /// The platform's envelope code, when it answered with one.
    pub platform_code: Option<i64>,
}

/// Which records to read.
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    /// Only records with an id above this.
    pub after_id: u64,
    /// Only records received at or after this time (epoch milliseconds).
    pub since_ms: Option<i64>,
    /// Only this caller's records.
    pub caller: Option<String>,
    /// Most records returned.
    pub limit: usize,
}

/// Records matching `query`, oldest first.
pub(crate) fn query(conn: &Connection, query: &AuditQuery) -> rusqlite::Result<Vec<AuditRecord>> {
    let mut stmt = conn.prepare(
        "SELECT id, time_ms, caller, caller_source, rpc, platform_path, subjects, recipients, \
         charged, request_bytes, request_id, completed, grpc_code, platform_code FROM audit \
         WHERE id > ?1 AND time_ms >= ?2 AND (?3 IS NULL OR caller = ?3) ORDER BY id LIMIT ?4",
    )?;
    let rows = stmt.query_map(
        params![
            to_i64(query.after_id),
            query.since_ms.unwrap_or(i64::MIN),
            query.caller,
            i64::try_from(query.limit).unwrap_or(i64::MAX),
        ],
        |row| {
            let subjects: String = row.get(6)?;
            Ok(AuditRecord {
                id: row.get::<_, i64>(0)?.max(0) as u64,
                time_ms: row.get(1)?,
                caller: row.get(2)?,
                caller_source: row.get(3)?,
                rpc: row.get(4)?,
                platform_path: row.get(5)?,
                subjects: serde_json::from_str(&subjects).unwrap_or_default(),
                recipients: row.get::<_, i64>(7)?.max(0) as u64,
                charged: row.get(8)?,
                request_bytes: row.get::<_, i64>(9)?.max(0) as u64,
                request_id: row.get(10)?,
                completed: row.get(11)?,
                grpc_code: row.get(12)?,
                platform_code: row.get(13)?,
            })
        },
    )?;
    rows.collect()
}

impl AuditRecord {
    /// The record as one JSON object (what `wadispatch-gateway audit` prints): the RPC's field
    /// names, the time in RFC 3339 (UTC, milliseconds), and whether the recipients still count.
    pub fn to_json(&self) -> serde_json::Value {
        let time = crate::wire::time::rfc3339_millis(self.time_ms);
        serde_json::json!({
            "cursor": self.id.to_string(),
            "time": time,
            "caller": self.caller,
            "caller_source": self.caller_source,
            "rpc": self.rpc,
            "platform_path": self.platform_path,
            "subjects": self.subjects,
            "recipients": self.recipients,
            "charged": self.charged,
            "request_bytes": self.request_bytes,
            "request_id": self.request_id,
            "completed": self.completed,
            "grpc_code": self.grpc_code,
            "platform_code": self.platform_code,
        })
    }
}

/// Records read per query by [`read_records`], so memory stays bounded whatever the trail holds.
const READ_PAGE: usize = 1000;
/// How long a reader waits for the database when the gateway's writer holds it.
const READ_BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// Passes the records of the log in `dir` that match `query` to `each`, oldest first, at most
/// `query.limit` (0: every one), stopping at the first error `each` returns; returns how many.
/// The log is opened read-only, so that a running gateway's log is neither locked nor pruned; a
/// log written before the audit trail existed has no records.
pub fn read_records<E: From<LogError>>(
    dir: &Path,
    query: &AuditQuery,
    mut each: impl FnMut(&AuditRecord) -> Result<(), E>,
) -> Result<usize, E> {
    let path = dir.join(DB_FILE);
    std::fs::metadata(&path).map_err(|error| LogError::Io {
        path: dir.to_owned(),
        source: std::sync::Arc::new(std::io::Error::new(
            error.kind(),
            format!("no event log ({DB_FILE}) to read: {error}"),
        )),
    })?;
    let conn = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(LogError::from)?;
    conn.busy_timeout(READ_BUSY_TIMEOUT)
        .map_err(LogError::from)?;
    let has_table = conn
        .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit'")
        .and_then(|mut statement| statement.exists([]))
        .map_err(LogError::from)?;
    if !has_table {
        return Ok(0);
    }
    let wanted = if query.limit == 0 {
        usize::MAX
    } else {
        query.limit
    };
    let mut page = query.clone();
    let mut read = 0;
    while read < wanted {
        page.limit = READ_PAGE.min(wanted - read);
        let records = self::query(&conn, &page).map_err(LogError::from)?;
        for record in &records {
            each(record)?;
        }
        read += records.len();
        match records.last() {
            Some(last) if records.len() == page.limit => page.after_id = last.id,
            _ => break,
        }
    }
    Ok(read)
}
