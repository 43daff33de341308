//! The writer thread: the only write connection, group commit of whatever is queued, appends with
//! their dedup claims, dead letters and audit records each in a transaction of their own, the
//! readiness probe's write, and the periodic prune. It records the store's commit, error and
//! pruning metrics where they happen.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::Arc;
use std::time::Instant;

use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};
use tokio::sync::{oneshot, watch, OwnedSemaphorePermit};

use super::audit::{self, AuditEntry, AuditOutcome};
use super::checkpoint::Checkpointer;
use super::dead_letters::{self, DeadLetterRow, DeadLetterTotals, SharedTotals};
use super::prune::{self, PRUNE_INTERVAL};
use super::requests::{self, Claimed, RequestClaim, RequestEnd, RequestKey};
use super::schema::{now_ms, to_u64};
use super::settings::LogSettings;
use super::{digest_hex, Appended, CallBegun, Dedup, LogError, Pruned};
use crate::events::Stream;
use crate::observe::metrics::metrics;
use crate::observe::metrics::store::PrunedLabels;

/// An event encoded as its row, ready for the writer (encoding happens on the caller's task).
pub(super) struct EventRow {
    pub(super) received_ms: i64,
    pub(super) stream: Stream,
    pub(super) key: String,
    pub(super) payload: Vec<u8>,
}

/// What the writer thread is asked to do.
pub(super) enum Request {
    Append(AppendWrite),
    DeadLetter(DeadLetterWrite),
    Audit(AuditWrite),
    Prune {
        now_ms: i64,
        reply: oneshot::Sender<Result<Pruned, LogError>>,
    },
    /// The readiness probe: one tiny write transaction, answered once committed.
    Probe {
        reply: oneshot::Sender<Result<(), LogError>>,
    },
    /// Sent by `Drop`: everything queued before it is still written.
    Shutdown,
}

/// An append, answered once its group commit commits.
pub(super) struct AppendWrite {
    pub(super) dedup: Dedup,
    pub(super) rows: Vec<EventRow>,
    pub(super) reply: oneshot::Sender<Result<Appended, LogError>>,
}

/// A dead letter, answered once the dead letters of its batch commit.
pub(super) struct DeadLetterWrite {
    pub(super) letter: DeadLetterRow,
    pub(super) reply: oneshot::Sender<Result<u64, LogError>>,
    /// Released once written (or failed): bounds the dead letters queued.
    pub(super) _slot: OwnedSemaphorePermit,
}

/// An audit-trail write, answered once committed.
pub(super) enum AuditWrite {
    /// A call that was not sent, with its outcome.
    Unsent {
        entry: AuditEntry,
        outcome: AuditOutcome,
        reply: oneshot::Sender<Result<u64, LogError>>,
    },
    /// A call about to be sent: its record, and the claim of its request id if it has one.
    Begin {
        entry: AuditEntry,
        claim: Option<RequestClaim>,
        reply: oneshot::Sender<Result<CallBegun, LogError>>,
    },
    /// A sent call's outcome, and how its request id is settled.
    End {
        id: u64,
        outcome: AuditOutcome,
        request: Option<(RequestKey, RequestEnd)>,
        reply: oneshot::Sender<Result<(), LogError>>,
    },
}

/// Owns the only write connection, so writes never contend for SQLite's write lock and
/// batching is simple.
pub(super) struct Writer {
    pub(super) conn: Connection,
    pub(super) settings: LogSettings,
    pub(super) latest: Arc<watch::Sender<u64>>,
    pub(super) commits: Arc<AtomicU64>,
    /// The dead-letter table's totals as of the last commit.
    pub(super) dead_letters: DeadLetterTotals,
    /// The same, for the metrics: set with every change of `dead_letters`.
    pub(super) shared_dead_letters: Arc<SharedTotals>,
    /// The request records held, for their cap: counted at open and after each prune, up by
    /// claims and down by failures in between.
    pub(super) request_records: u64,
    /// Runs the WAL's checkpoints off the commit path; stopped when the writer ends.
    pub(super) checkpointer: Checkpointer,
    /// WAL pages at which the writer forces a checkpoint itself ([`LogSettings::wal_max_bytes`]).
    pub(super) wal_max_pages: u64,
}

impl Writer {
    /// Serves `inbox` until a Shutdown or until every sender is gone, pruning at start and then
    /// every [`PRUNE_INTERVAL`].
    pub(super) fn run(mut self, inbox: mpsc::Receiver<Request>) {
        let mut next_prune = Instant::now();
        loop {
            // Checked every round, not only on an idle timeout, so sustained load cannot starve it.
            if Instant::now() >= next_prune {
                if let Err(error) = self.prune(now_ms()) {
                    tracing::warn!(%error, "event log prune failed");
                }
                next_prune = Instant::now() + PRUNE_INTERVAL;
            }
            let first =
                match inbox.recv_timeout(next_prune.saturating_duration_since(Instant::now())) {
                    Ok(request) => request,
                    Err(RecvTimeoutError::Timeout) => continue,
                    Err(RecvTimeoutError::Disconnected) => return,
                };
            // Group commit: everything queued right now shares one transaction and one fsync.
            let mut batch = vec![first];
            while batch.len() < self.settings.group_commit_max.max(1) {
                match inbox.try_recv() {
                    Ok(request) => batch.push(request),
                    Err(_) => break,
                }
            }
            if !self.handle(batch) {
                return;
            }
        }
    }

    /// Returns false once a Shutdown was handled.
    fn handle(&mut self, batch: Vec<Request>) -> bool {
        let mut appends = Vec::with_capacity(batch.len());
        let mut dead_letters = Vec::new();
        let mut audits = Vec::new();
        let mut prunes = Vec::new();
        let mut probes = Vec::new();
        let mut shutdown = false;
        for request in batch {
            match request {
                Request::Append(append) => appends.push(append),
                Request::DeadLetter(letter) => dead_letters.push(letter),
                Request::Audit(write) => audits.push(write),
                Request::Prune { now_ms, reply } => prunes.push((now_ms, reply)),
                Request::Probe { reply } => probes.push(reply),
                Request::Shutdown => shutdown = true,
            }
        }
        // Appends first and in their own transaction: dead letters neither delay their answers
        // nor, if they cannot be written (a full disk, a cap), make them fail.
        if !appends.is_empty() {
            self.write_appends(appends);
        }
        if !dead_letters.is_empty() {
            self.write_dead_letters(dead_letters);
        }
        if !audits.is_empty() {
            self.write_audits(audits);
        }
        for (now_ms, reply) in prunes {
            let _ = reply.send(self.prune(now_ms));
        }
        // Probes queued together share one write: each asked whether a write commits now.
        if !probes.is_empty() {
            let probed = self.probe();
            for reply in probes {
                let _ = reply.send(probed.clone());
            }
        }
        // After the answers: a checkpoint forced here delays the next batch, not this one.
        self.checkpointer
            .after_batch(&self.conn, self.wal_max_pages);
        !shutdown
    }

    /// Writes appends in one transaction; answers nobody before the commit, and everybody with
    /// the error if any statement or the commit fails (nothing of the batch is then stored).
    fn write_appends(&mut self, appends: Vec<AppendWrite>) {
        let before = *self.latest.borrow();
        let mut latest = before;
        let started = Instant::now();
        match self.insert_appends(&appends, &mut latest) {
            Ok(outcomes) => {
                self.commits.fetch_add(1, Ordering::Relaxed);
                let store = &metrics().store;
                store.commits.inc();
                store
                    .commit_seconds
                    .observe(started.elapsed().as_secs_f64());
                // One seq per event, consecutive within the writer's transaction.
                store.commit_events.observe((latest - before) as f64);
                // Before the answers, so an acknowledged webhook is already visible to watchers.
                self.latest.send_if_modified(|seq| {
                    let changed = *seq != latest;
                    *seq = latest;
                    changed
                });
                // A send fails only if the caller gave up waiting; its events are stored anyway.
                for (append, outcome) in appends.into_iter().zip(outcomes) {
                    let _ = append.reply.send(Ok(outcome));
                }
            }
            Err(error) => {
                metrics().store.write_errors.inc();
                tracing::error!(%error, requests = appends.len(), "event log commit failed");
                for append in appends {
                    let _ = append.reply.send(Err(error.clone()));
                }
            }
        }
    }

    fn insert_appends(
        &mut self,
        appends: &[AppendWrite],
        latest: &mut u64,
    ) -> Result<Vec<Appended>, LogError> {
        let now = now_ms();
        // IMMEDIATE takes the write lock up front instead of upgrading mid-transaction.
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut outcomes = Vec::with_capacity(appends.len());
        {
            let mut event = tx.prepare_cached(
                "INSERT INTO events (received_ms, stream, key, payload) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for append in appends {
                // Earlier appends of this batch count too: they are in the same transaction.
                let claim = claim(&tx, &append.dedup, now)?;
                if claim == Claim::Duplicate {
                    outcomes.push(Appended::Duplicate);
                    continue;
                }
                let first_seq = *latest + 1;
                for row in &append.rows {
                    let seq = event.insert(params![
                        row.received_ms,
                        row.stream.as_str(),
                        row.key,
                        row.payload
                    ])?;
                    *latest = to_u64(seq);
                }
                let last_seq = *latest;
                outcomes.push(match claim {
                    Claim::Conflict => Appended::Conflicting {
                        first_seq,
                        last_seq,
                    },
                    _ => Appended::Stored {
                        first_seq,
                        last_seq,
                    },
                });
            }
        }
        tx.commit()?;
        Ok(outcomes)
    }

    /// Writes dead letters in one transaction, evicting the oldest beyond the caps; on failure
    /// only these dead letters fail.
    fn write_dead_letters(&mut self, letters: Vec<DeadLetterWrite>) {
        let mut totals = self.dead_letters;
        let written = dead_letters::insert(
            &mut self.conn,
            letters.iter().map(|write| &write.letter),
            &mut totals,
            self.settings.dead_letter_max_count,
            self.settings.dead_letter_max_bytes,
        );
        match written {
            Ok(ids) => {
                self.commits.fetch_add(1, Ordering::Relaxed);
                // What the caps evicted to make room.
                let evicted =
                    (self.dead_letters.count + ids.len() as u64).saturating_sub(totals.count);
                count_pruned("dead_letters", evicted);
                self.set_dead_letters(totals);
                for (letter, id) in letters.into_iter().zip(ids) {
                    let _ = letter.reply.send(Ok(id));
                }
            }
            Err(error) => {
                metrics().store.write_errors.inc();
                // Rolled back: the totals of the last commit still hold.
                tracing::warn!(%error, letters = letters.len(), "dead letters not kept");
                for letter in letters {
                    let _ = letter.reply.send(Err(error.clone()));
                }
            }
        }
    }

    /// Writes audit records and request records in one transaction of their own; answers nobody
    /// before the commit, and everybody with the error if it fails. Ends go first: a call's end
    /// and a later claim of its request id never share a batch out of order anyway (the id's
    /// duplicates wait in memory until the end has committed), and settling first is the order
    /// that would stay right if they did.
    fn write_audits(&mut self, writes: Vec<AuditWrite>) {
        let (mut unsent, mut begins, mut ends) = (Vec::new(), Vec::new(), Vec::new());
        for write in writes {
            match write {
                AuditWrite::Unsent {
                    entry,
                    outcome,
                    reply,
                } => unsent.push(((entry, outcome), reply)),
                AuditWrite::Begin {
                    entry,
                    claim,
                    reply,
                } => begins.push(((entry, claim), reply)),
                AuditWrite::End {
                    id,
                    outcome,
                    request,
                    reply,
                } => ends.push(((id, outcome, request), reply)),
            }
        }
        let latest = *self.latest.borrow();
        let retention =
            i64::try_from(self.settings.request_retention.as_millis()).unwrap_or(i64::MAX);
        let max_records = self.settings.request_max_records;
        let mut records = self.request_records;
        let written = (|| -> Result<_, LogError> {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            for ((id, outcome, request), _) in &ends {
                audit::finish(&tx, *id, outcome)?;
                if let Some((key, end)) = request {
                    requests::settle(&tx, key, end)?;
                    if *end == RequestEnd::Failed {
                        records = records.saturating_sub(1);
                    }
                }
            }
            let mut begun = Vec::with_capacity(begins.len());
            for ((entry, claim), _) in &begins {
                let claimed = match claim {
                    Some(claim) => requests::claim(
                        &tx,
                        claim,
                        latest,
                        claim.started_ms.saturating_sub(retention),
                        records < max_records,
                    )?,
                    None => Some(Claimed::First),
                };
                begun.push(match claimed {
                    Some(Claimed::First) => {
                        if claim.is_some() {
                            records += 1;
                        }
                        CallBegun::Recorded {
                            audit_id: audit::insert(&tx, entry, None)?,
                            cursor: latest,
                        }
                    }
                    Some(Claimed::Earlier(earlier)) => CallBegun::Earlier(earlier),
                    None => CallBegun::RecordsFull { max_records },
                });
            }
            let mut ids = Vec::with_capacity(unsent.len());
            for ((entry, outcome), _) in &unsent {
                ids.push(audit::insert(&tx, entry, Some(outcome))?);
            }
            tx.commit()?;
            Ok((begun, ids))
        })();
        match written {
            Ok((begun, ids)) => {
                self.request_records = records;
                for (_, reply) in ends {
                    let _ = reply.send(Ok(()));
                }
                for ((_, reply), begun) in begins.into_iter().zip(begun) {
                    let _ = reply.send(Ok(begun));
                }
                for ((_, reply), id) in unsent.into_iter().zip(ids) {
                    let _ = reply.send(Ok(id));
                }
            }
            Err(error) => {
                metrics().store.write_errors.inc();
                let records = ends.len() + begins.len() + unsent.len();
                tracing::error!(%error, records, "audit trail commit failed");
                for (_, reply) in ends {
                    let _ = reply.send(Err(error.clone()));
                }
                for (_, reply) in begins {
                    let _ = reply.send(Err(error.clone()));
                }
                for (_, reply) in unsent {
                    let _ = reply.send(Err(error.clone()));
                }
            }
        }
    }

    /// Prunes, then keeps the dead-letter totals the prune left.
    fn prune(&mut self, now_ms: i64) -> Result<Pruned, LogError> {
        let (pruned, totals) =
            prune::prune(&mut self.conn, &self.settings, now_ms).inspect_err(|_| {
                metrics().store.write_errors.inc();
            })?;
        self.set_dead_letters(totals);
        let Pruned {
            events,
            dedup_keys,
            dead_letters,
            audit_records,
            request_records,
        } = pruned;
        count_pruned("events", events);
        count_pruned("dedup_keys", dedup_keys);
        count_pruned("dead_letters", dead_letters);
        count_pruned("audit_records", audit_records);
        count_pruned("request_records", request_records);
        self.request_records = requests::count(&self.conn)?;
        Ok(pruned)
    }

    fn set_dead_letters(&mut self, totals: DeadLetterTotals) {
        self.dead_letters = totals;
        self.shared_dead_letters.set(totals);
    }

    /// Rewrites the probe's row in a transaction of its own: it commits only if the database
    /// takes a write (its lock, a page in the WAL, the commit).
    fn probe(&mut self) -> Result<(), LogError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.prepare_cached(
            "INSERT INTO write_probe (id, probed_ms) VALUES (1, ?1)
             ON CONFLICT (id) DO UPDATE SET probed_ms = excluded.probed_ms",
        )?
        .execute([now_ms()])?;
        tx.commit()?;
        Ok(())
    }
}

/// Adds rows a prune or a cap removed from `table` (a name of the fixed list of
/// [`PrunedLabels`]).
fn count_pruned(table: &'static str, rows: u64) {
    if rows > 0 {
        let pruned = &metrics().store.pruned;
        pruned.get_or_create(&PrunedLabels { table }).inc_by(rows);
    }
}

/// What an append's dedup record says it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Claim {
    New,
    /// A verified message id seen before with another content.
    Conflict,
    Duplicate,
}

/// Records `dedup` in the dedup table, unless it is a redelivery.
fn claim(tx: &Transaction, dedup: &Dedup, now: i64) -> rusqlite::Result<Claim> {
    let mut insert = tx.prepare_cached(
        "INSERT OR IGNORE INTO dedup (key, received_ms, digest) VALUES (?1, ?2, ?3)",
    )?;
    match dedup {
        // Ignored = the key is known, from before or from earlier in this batch.
        Dedup::Key(key) => Ok(match insert.execute(params![key, now, None::<Vec<u8>>])? {
            0 => Claim::Duplicate,
            _ => Claim::New,
        }),
        Dedup::MessageId { scope, id, digest } => {
            // The id is last, so no id can make one key look like another.
            let key = format!("id:{scope}:{id}");
            let known: Option<Option<Vec<u8>>> = tx
                .prepare_cached("SELECT digest FROM dedup WHERE key = ?1")?
                .query_row([&key], |row| row.get(0))
                .optional()?;
            match known {
                None => {
                    insert.execute(params![key, now, &digest[..]])?;
                    Ok(Claim::New)
                }
                Some(Some(known)) if known == digest[..] => Ok(Claim::Duplicate),
                Some(_) => {
                    // Each further content of the id under its own key, the fixed-length digest
                    // before the id.
                    let version = format!("idv:{scope}:{}:{id}", digest_hex(digest));
                    Ok(match insert.execute(params![version, now, &digest[..]])? {
                        0 => Claim::Duplicate,
                        _ => Claim::Conflict,
                    })
                }
            }
        }
    }
}
