//! Request records: what the gateway knows of each state-changing call its caller identified with
//! a request id, so that a retry is answered from here instead of reaching the platform twice.
//! Written in the same transaction as the call's audit record: a call is claimed, durably, before
//! the platform sees it, and settled with its answer after. Only a digest of the request is kept
//! (never the request), and only answers that hold no secret.

use rusqlite::{params, OptionalExtension, Transaction};

use super::schema::to_u64;

/// Table and index of the request records.
pub const SCHEMA: &str = "
    CREATE TABLE IF NOT EXISTS requests (
        caller TEXT NOT NULL,
        request_id TEXT NOT NULL,
        -- SHA-256 of the RPC path and the request as the platform would receive it.
        digest BLOB NOT NULL,
        started_ms INTEGER NOT NULL,
        -- The log's latest seq when the call started: where evidence of its effect begins.
        started_seq INTEGER NOT NULL,
        -- 0 in flight, 1 answered, 2 outcome unknown.
        state INTEGER NOT NULL,
        -- The encoded answer when answered; NULL when it held a secret, which is not kept.
        response BLOB,
        PRIMARY KEY (caller, request_id)
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS requests_started ON requests (started_ms);
";

/// Default age after which a request id is forgotten, and a call with it is sent again.
pub const DEFAULT_RETENTION: std::time::Duration = std::time::Duration::from_secs(24 * 60 * 60);
/// Default cap on the request records kept: at the cap a new call with a request id is refused
/// (RESOURCE_EXHAUSTED) until records age out, since forgetting one early could send its retry.
pub const DEFAULT_MAX_RECORDS: u64 = 1_000_000;

const IN_FLIGHT: i64 = 0;
const ANSWERED: i64 = 1;
const UNKNOWN: i64 = 2;

/// A request id as one caller used it: ids are the callers' own, so two callers never collide.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RequestKey {
    /// The caller's name.
    pub caller: String,
    /// The request id as sent (a UUID in the message, or a metadata value).
    pub request_id: String,
}

/// A call about to be sent, claiming its request id.
#[derive(Debug, Clone)]
pub struct RequestClaim {
    /// Whose id, and which.
    pub key: RequestKey,
    /// SHA-256 of the RPC path and the request as the platform would receive it: a retry must
    /// carry the same request.
    pub digest: [u8; 32],
    /// When the call started, in milliseconds since the Unix epoch.
    pub started_ms: i64,
}

/// What an earlier call with the same request id left.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EarlierState {
    /// Claimed and not settled: in flight in some gateway, or cut off by a crash.
    InFlight,
    /// Answered; the encoded answer, or None when it held a secret and was not kept.
    Answered(Option<Vec<u8>>),
    /// Sent, and whether the platform acted on it is not known (a timeout, a broken connection).
    Unknown,
}

/// An earlier call with the same request id, within the retention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EarlierRequest {
    /// Whether it carried the same request (the same digest).
    pub same_request: bool,
    /// When it started, in milliseconds since the Unix epoch.
    pub started_ms: i64,
    /// The log's latest seq when it started.
    pub started_seq: u64,
    /// How it ended, if it did.
    pub state: EarlierState,
}

/// The answer to a claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claimed {
    /// No call with this id is remembered: this one is recorded in flight, and may be sent.
    First,
    /// One is: this call must not be sent.
    Earlier(EarlierRequest),
}

/// How a claimed call ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestEnd {
    /// The platform answered; its encoded answer, or None when it holds a secret.
    Answered(Option<Vec<u8>>),
    /// The platform certainly did nothing (it refused the call, or the call never left): the
    /// id is forgotten, so a retry is sent.
    Failed,
    /// Whether the platform acted is not known: a retry is never sent.
    Unknown,
}

/// Claims `claim.key` (None: no `room` for another record) unless a call with it started after `expired_before_ms`, or is still in
/// flight however old (a record is never forgotten while its call may still reach the platform);
/// an older settled record is replaced. `latest_seq` is the log's latest seq, recorded as where evidence begins.
pub(crate) fn claim(
    tx: &Transaction,
    claim: &RequestClaim,
    latest_seq: u64,
    expired_before_ms: i64,
    room: bool,
) -> rusqlite::Result<Option<Claimed>> {
    let earlier = tx
        .prepare_cached(
            "SELECT digest, started_ms, started_seq, state, response FROM requests \
             WHERE caller = ?1 AND request_id = ?2 AND (started_ms >= ?3 OR state = ?4)",
        )?
        .query_row(
            params![
                claim.key.caller,
                claim.key.request_id,
                expired_before_ms,
                IN_FLIGHT
            ],
            |row| {
                let digest: Vec<u8> = row.get(0)?;
                let state = match row.get::<_, i64>(3)? {
                    ANSWERED => EarlierState::Answered(row.get(4)?),
                    UNKNOWN => EarlierState::Unknown,
                    _ => EarlierState::InFlight,
                };
                Ok(EarlierRequest {
                    same_request: digest == claim.digest,
                    started_ms: row.get(1)?,
                    started_seq: to_u64(row.get(2)?),
                    state,
                })
            },
        )
        .optional()?;
    if let Some(earlier) = earlier {
        return Ok(Some(Claimed::Earlier(earlier)));
    }
    if !room {
        return Ok(None);
    }
    tx.prepare_cached(
        "INSERT OR REPLACE INTO requests (caller, request_id, digest, started_ms, started_seq, \
         state, response) VALUES (?1, ?2, ?3, ?4, ?5, ?6, NULL)",
    )?
    .execute(params![
        claim.key.caller,
        claim.key.request_id,
        &claim.digest[..],
        claim.started_ms,
        i64::try_from(latest_seq).unwrap_or(i64::MAX),
        IN_FLIGHT,
    ])?;
    Ok(Some(Claimed::First))
}

/// Settles a claimed call: keeps its answer or its unknown outcome, or forgets a failed one.
pub(crate) fn settle(tx: &Transaction, key: &RequestKey, end: &RequestEnd) -> rusqlite::Result<()> {
    match end {
        RequestEnd::Failed => {
            tx.prepare_cached("DELETE FROM requests WHERE caller = ?1 AND request_id = ?2")?
                .execute(params![key.caller, key.request_id])?;
        }
        RequestEnd::Answered(response) => {
            tx.prepare_cached(
                "UPDATE requests SET state = ?3, response = ?4 WHERE caller = ?1 AND request_id = ?2",
            )?
            .execute(params![key.caller, key.request_id, ANSWERED, response])?;
        }
        RequestEnd::Unknown => {
            tx.prepare_cached(
                "UPDATE requests SET state = ?3 WHERE caller = ?1 AND request_id = ?2",
            )?
            .execute(params![key.caller, key.request_id, UNKNOWN])?;
        }
    }
    Ok(())
}

/// At open: calls left in flight were cut off by a stop or crash of the gateway that claimed
/// them, after which nobody can tell whether the platform received them.
pub(crate) fn orphaned_to_unknown(conn: &rusqlite::Connection) -> rusqlite::Result<usize> {
    conn.execute(
        "UPDATE requests SET state = ?1 WHERE state = ?2",
        params![UNKNOWN, IN_FLIGHT],
    )
}

/// Deletes settled records that started before `cutoff_ms`; returns how many. Records in
/// flight are kept until settled (or turned unknown at the next open): forgetting one would let
/// its retry be sent. Nothing is forgotten by count: at the cap, new claims are refused instead.
pub(crate) fn prune(tx: &Transaction, cutoff_ms: i64) -> rusqlite::Result<u64> {
    let aged = tx.execute(
        "DELETE FROM requests WHERE started_ms < ?1 AND state != ?2",
        params![cutoff_ms, IN_FLIGHT],
    )?;
    Ok(aged as u64)
}

/// How many records the table holds.
pub(crate) fn count(conn: &rusqlite::Connection) -> rusqlite::Result<u64> {
    conn.query_row("SELECT COUNT(*) FROM requests", [], |row| {
        row.get::<_, i64>(0)
    })
    .map(|n| n.max(0) as u64)
}
