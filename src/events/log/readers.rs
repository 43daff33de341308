//! Reads: a pool of read-only connections, and the queries the watches replay and resume with.

use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};

use prost::Message;
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection, OptionalExtension};

use super::schema::{to_u64, BUSY_TIMEOUT};
use super::{Bounds, EncodedBatch, Filter, LogError, StoredEvent};
use crate::events::Stream;
use crate::proto::v1::Event;

/// Idle read connections kept open; more are opened on demand and closed after use.
const READ_POOL_IDLE: usize = 4;

/// Events a read makes room for at its first row; a larger limit grows as rows come.
const MAX_ROOM: usize = 4096;
/// Bytes an encoded task event takes, about (a recipient status with its times: 60-100).
const TYPICAL_ENCODING: usize = 96;

/// Read connections. WAL lets them read while the writer writes; each statement sees one
/// committed snapshot.
#[derive(Debug)]
pub(super) struct Readers {
    pub(super) path: PathBuf,
    idle: Mutex<Vec<Connection>>,
}

impl Readers {
    /// A pool for the log at `path`; connections are opened on demand.
    pub(super) fn new(path: PathBuf) -> Self {
        Readers {
            path,
            idle: Mutex::new(Vec::new()),
        }
    }

    /// Runs `read` on an idle connection, or a new one, and keeps at most [`READ_POOL_IDLE`] idle.
    pub(super) fn with<T>(
        &self,
        read: impl FnOnce(&Connection) -> Result<T, LogError>,
    ) -> Result<T, LogError> {
        let idle = self
            .idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop();
        let conn = match idle {
            Some(conn) => conn,
            None => {
                let conn = Connection::open(&self.path)?;
                conn.busy_timeout(BUSY_TIMEOUT)?;
                // Only the writer thread writes: a bug elsewhere cannot take the write lock.
                conn.pragma_update(None, "query_only", true)?;
                conn
            }
        };
        let result = read(&conn);
        let mut idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner);
        if idle.len() < READ_POOL_IDLE {
            idle.push(conn);
        }
        result
    }
}

/// Up to `limit` events with seq > `after` that match `filter`, in seq order.
pub(super) fn read_after(
    conn: &Connection,
    after: u64,
    filter: &Filter,
    limit: usize,
) -> Result<Vec<StoredEvent>, LogError> {
    let mut events = Vec::new();
    each_after(conn, after, filter, limit, |seq, encoding| {
        if events.capacity() == 0 {
            // Room for a whole batch once there is a row: grown by doubling, a batch was copied
            // several times, and each large allocation made glibc consolidate its free chunks.
            events.reserve_exact(limit.min(MAX_ROOM));
        }
        let event = Event::decode(encoding).map_err(|source| LogError::Corrupt { seq, source })?;
        events.push(StoredEvent { seq, event });
        Ok(())
    })?;
    Ok(events)
}

/// [`read_after`], the events left encoded, into `batch`.
pub(super) fn read_encoded_after(
    conn: &Connection,
    after: u64,
    filter: &Filter,
    limit: usize,
    batch: &mut EncodedBatch,
) -> Result<(), LogError> {
    each_after(conn, after, filter, limit, |seq, encoding| {
        if batch.is_empty() {
            batch.reserve(limit.min(MAX_ROOM), limit.min(MAX_ROOM) * TYPICAL_ENCODING);
        }
        batch.push(seq, encoding);
        Ok(())
    })
}

/// Calls `each` with the seq and the encoded event of up to `limit` events with seq > `after`
/// that match `filter`, in seq order; the encoding is where SQLite holds it, not a copy.
fn each_after(
    conn: &Connection,
    after: u64,
    filter: &Filter,
    limit: usize,
    mut each: impl FnMut(u64, &[u8]) -> Result<(), LogError>,
) -> Result<(), LogError> {
    let after = i64::try_from(after).unwrap_or(i64::MAX);
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let (stream, keys): (Option<Stream>, Vec<String>) = match filter {
        Filter::Tasks { task_id } => (Some(Stream::Tasks), task_id.iter().cloned().collect()),
        Filter::Accounts { phones } => {
            let mut phones = phones.clone();
            phones.sort_unstable();
            phones.dedup();
            (Some(Stream::Accounts), phones)
        }
        Filter::All => (None, Vec::new()),
    };
    let mut sql = String::from("SELECT seq, payload FROM events WHERE ");
    if stream.is_some() {
        sql.push_str("stream = ? AND ");
    }
    if !keys.is_empty() {
        sql.push_str("key IN (?");
        sql.push_str(&",?".repeat(keys.len() - 1));
        sql.push_str(") AND ");
    }
    sql.push_str("seq > ? ORDER BY seq LIMIT ?");
    let values = stream
        .map(|stream| Value::from(stream.as_str().to_owned()))
        .into_iter()
        .chain(keys.into_iter().map(Value::from))
        .chain([Value::from(after), Value::from(limit)]);
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params_from_iter(values))?;
    while let Some(row) = rows.next()? {
        let seq = to_u64(row.get(0)?);
        let encoding = row.get_ref(1)?.as_blob().map_err(rusqlite::Error::from)?;
        each(seq, encoding)?;
    }
    Ok(())
}

/// The oldest retained seq and the latest assigned.
pub(super) fn bounds(conn: &Connection) -> Result<Bounds, LogError> {
    // One statement, so both come from one snapshot.
    let (oldest, latest): (Option<i64>, i64) = conn.query_row(
        "SELECT (SELECT MIN(seq) FROM events),
                COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'events'), 0)",
        [],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?;
    Ok(Bounds {
        oldest: oldest.map(to_u64),
        latest: to_u64(latest),
    })
}

/// The highest seq ever assigned; kept by SQLite for AUTOINCREMENT tables even when the rows are
/// gone.
pub(super) fn sequence(conn: &Connection) -> Result<u64, LogError> {
    let seq: Option<i64> = conn
        .query_row(
            "SELECT seq FROM sqlite_sequence WHERE name = 'events'",
            [],
            |row| row.get(0),
        )
        .optional()?;
    Ok(seq.map_or(0, to_u64))
}
