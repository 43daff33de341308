//! Retention: events by age and by total size (always a prefix, so cursors resume without holes),
//! dedup keys by age, dead letters by age and by their caps, the audit trail by its own rules.

use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior};

use super::dead_letters::DeadLetterTotals;
use super::settings::LogSettings;
use super::{audit, requests};
use super::{LogError, Pruned};

/// How often the writer thread prunes by itself.
pub const PRUNE_INTERVAL: Duration = Duration::from_secs(60);

/// Prunes what `settings` no longer retain as of `now_ms` (epoch milliseconds), in one
/// transaction; returns what was removed and the dead-letter totals after it.
pub(super) fn prune(
    conn: &mut Connection,
    settings: &LogSettings,
    now_ms: i64,
) -> Result<(Pruned, DeadLetterTotals), LogError> {
    let age = i64::try_from(settings.retention_age.as_millis()).unwrap_or(i64::MAX);
    let cutoff = now_ms.saturating_sub(age);
    let budget = i64::try_from(settings.retention_bytes).unwrap_or(i64::MAX);
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // By age, only ever a prefix (up to the first event young enough), so the retained seqs
    // have no holes and Bounds.oldest alone tells whether a cursor can resume.
    let first_young: Option<i64> = tx
        .query_row(
            "SELECT seq FROM events WHERE received_ms >= ?1 ORDER BY seq LIMIT 1",
            [cutoff],
            |row| row.get(0),
        )
        .optional()?;
    let mut events = match first_young {
        Some(seq) => tx.execute("DELETE FROM events WHERE seq < ?1", [seq])?,
        None => tx.execute("DELETE FROM events", [])?,
    };
    // By size, the oldest first, until the payloads fit the budget.
    let total: i64 = tx.query_row(
        "SELECT COALESCE(SUM(length(payload)), 0) FROM events",
        [],
        |row| row.get(0),
    )?;
    if total > budget {
        let mut excess = total - budget;
        let mut last = None;
        {
            let mut stmt = tx.prepare("SELECT seq, length(payload) FROM events ORDER BY seq")?;
            let mut rows = stmt.query([])?;
            while excess > 0 {
                let Some(row) = rows.next()? else { break };
                last = Some(row.get::<_, i64>(0)?);
                excess -= row.get::<_, i64>(1)?;
            }
        }
        if let Some(last) = last {
            events += tx.execute("DELETE FROM events WHERE seq <= ?1", [last])?;
        }
    }
    // Dedup keys by age only: a redelivery must be recognised for the whole retention age.
    let dedup_keys = tx.execute("DELETE FROM dedup WHERE received_ms < ?1", [cutoff])?;
    // Dead letters by age, then by the caps (which may have been lowered since the last run).
    let aged = tx.execute("DELETE FROM dead_letters WHERE received_ms < ?1", [cutoff])?;
    let audit_records = audit::prune(&tx, now_ms, cutoff, settings.audit_max_refused_records)?;
    let request_age = i64::try_from(settings.request_retention.as_millis()).unwrap_or(i64::MAX);
    let request_records = requests::prune(&tx, now_ms.saturating_sub(request_age))?;
    let mut totals = DeadLetterTotals::of(&tx)?;
    let evicted = totals.evict_over(
        &tx,
        settings.dead_letter_max_count,
        settings.dead_letter_max_bytes,
    )?;
    tx.commit()?;
    let pruned = Pruned {
        events: events as u64,
        dedup_keys: dedup_keys as u64,
        dead_letters: aged as u64 + evicted,
        audit_records,
        request_records,
    };
    if pruned != Pruned::default() {
        tracing::debug!(?pruned, "event log pruned");
    }
    Ok((pruned, totals))
}
