//! The log's tables, the migrations of databases made by older versions, and how values map to
//! SQLite's columns.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rusqlite::Connection;

/// File name of the log inside the data directory.
pub const DB_FILE: &str = "events.sqlite3";
/// How long a connection waits for a lock held by another connection (a checkpoint, an operator's
/// sqlite3 shell) before failing.
pub(super) const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Tables and indexes of the log (also the baseline the ingest benchmark inserts into).
pub const SCHEMA: &str = "
    -- AUTOINCREMENT: seqs are never reused, even after the newest events are pruned, so cursors
    -- stay monotonic across pruning and restarts (sqlite_sequence keeps the high-water mark).
    CREATE TABLE IF NOT EXISTS events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        received_ms INTEGER NOT NULL,
        stream TEXT NOT NULL,
        key TEXT NOT NULL,
        payload BLOB NOT NULL
    );
    -- One task or a set of phones.
    CREATE INDEX IF NOT EXISTS events_stream_key_seq ON events (stream, key, seq);
    -- Every task or every account: without it a reader of the quiet stream scans the busy one.
    CREATE INDEX IF NOT EXISTS events_stream_seq ON events (stream, seq);
    -- digest: the content digest of a verified message id (Dedup::MessageId), NULL otherwise.
    CREATE TABLE IF NOT EXISTS dedup (
        key TEXT PRIMARY KEY,
        received_ms INTEGER NOT NULL,
        digest BLOB
    ) WITHOUT ROWID;
    -- Age pruning of dedup keys without a full scan.
    CREATE INDEX IF NOT EXISTS dedup_received_ms ON dedup (received_ms);
    CREATE TABLE IF NOT EXISTS dead_letters (
        id INTEGER PRIMARY KEY,
        received_ms INTEGER NOT NULL,
        path TEXT NOT NULL,
        content_type TEXT NOT NULL,
        reason TEXT NOT NULL,
        -- At most the body cap: the first bytes of a longer body.
        body BLOB NOT NULL,
        -- Length of the whole body as sent; NULL in rows kept before bodies were cut (= body).
        original_len INTEGER
    );
    -- The readiness probe's one row, rewritten by each probe: a write transaction as small as
    -- one can be, so a database that cannot be written shows before a webhook finds out.
    CREATE TABLE IF NOT EXISTS write_probe (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        probed_ms INTEGER NOT NULL
    );
";

/// Columns added after the first release: `open` adds them to a database created before them.
const MIGRATIONS: [(&str, &str, &str); 2] = [
    ("dedup", "digest", "BLOB"),
    ("dead_letters", "original_len", "INTEGER"),
];

/// Adds the columns of [`MIGRATIONS`] a database created by an older version lacks.
pub(super) fn migrate(conn: &Connection) -> rusqlite::Result<()> {
    for (table, column, declaration) in MIGRATIONS {
        if !has_column(conn, table, column)? {
            conn.execute_batch(&format!(
                "ALTER TABLE {table} ADD COLUMN {column} {declaration}"
            ))?;
            tracing::info!(table, column, "event log schema upgraded");
        }
    }
    Ok(())
}

pub(super) fn has_column(conn: &Connection, table: &str, column: &str) -> rusqlite::Result<bool> {
    conn.prepare_cached("SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2")?
        .exists([table, column])
}

/// Seqs and ids are positive rowids; SQLite stores integers as i64.
pub(super) fn to_u64(rowid: i64) -> u64 {
    u64::try_from(rowid).unwrap_or_default()
}

/// The time now as the log stores times: milliseconds since the Unix epoch.
pub(super) fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}
