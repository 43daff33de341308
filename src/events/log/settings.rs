//! The log's durability, retention, batching and dead-letter caps, with their defaults.

use std::time::Duration;

use super::{audit, requests};

/// Default age after which events, dedup keys and dead letters are pruned: long enough to cover
/// a subscriber that is down over a long weekend and the platform's redelivery window.
pub const DEFAULT_RETENTION_AGE: Duration = Duration::from_secs(7 * 24 * 60 * 60);
/// Default cap on the total payload bytes of retained events (1 GiB).
pub const DEFAULT_RETENTION_BYTES: u64 = 1 << 30;
/// Default cap on the number of dead letters kept; the oldest go first. Enough to inspect a
/// misbehaving sender, few enough that listing or pruning them is cheap.
pub const DEFAULT_DEAD_LETTER_MAX_COUNT: u64 = 10_000;
/// Default cap on the bytes of the dead letters kept (bodies and texts, 64 MiB); the oldest go
/// first. Malformed traffic can never take more disk than this.
pub const DEFAULT_DEAD_LETTER_MAX_BYTES: u64 = 64 << 20;
/// Default cap on the body bytes kept per dead letter (64 KiB); a longer body is cut, and its
/// original length recorded. Enough to see what is wrong with a body.
pub const DEFAULT_DEAD_LETTER_BODY_MAX_BYTES: usize = 64 << 10;
/// Default cap on the requests written by one transaction; bounds the latency a huge burst adds
/// to the first request of the batch.
pub const DEFAULT_GROUP_COMMIT_MAX: usize = 512;

/// Default bound on the WAL file (64 MiB): the WAL normally starts over at half of it, and
/// reaches it only when readers keep checkpoints from finishing; then the writer waits for them
/// rather than let the file grow.
pub const DEFAULT_WAL_MAX_BYTES: u64 = 64 << 20;

/// How hard a commit is pushed to disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Fsync {
    /// `synchronous = NORMAL`: a commit is written to the WAL but fsynced only at checkpoints.
    /// Survives a crash or kill -9 of the process (the OS has the pages), which is what the
    /// gateway promises; an OS crash or power loss may lose the last commits.
    #[default]
    Normal,
    /// `synchronous = FULL`: every commit fsyncs the WAL; survives power loss too, at the cost
    /// of one fsync per group commit.
    Full,
}

/// Durability, retention and batching of the log.
#[derive(Debug, Clone)]
pub struct LogSettings {
    /// Whether every commit is fsynced.
    pub fsync: Fsync,
    /// Events, dedup keys and dead letters older than this are pruned.
    pub retention_age: Duration,
    /// The oldest events are pruned while their payloads total more than this. Dedup keys are
    /// never pruned by size: a redelivery must be recognised for the whole retention age.
    pub retention_bytes: u64,
    /// Most requests written by one transaction.
    pub group_commit_max: usize,
    /// Most dead letters kept; the oldest are pruned first.
    pub dead_letter_max_count: u64,
    /// Most bytes of dead letters kept (bodies and texts); the oldest are pruned first.
    pub dead_letter_max_bytes: u64,
    /// Most body bytes kept per dead letter; a longer body is cut, its length recorded.
    pub dead_letter_body_max_bytes: usize,
    /// Most audit records of refused calls kept; the oldest are pruned first.
    pub audit_max_refused_records: u64,
    /// How long a request id is remembered: a retry within it is never sent twice.
    pub request_retention: Duration,
    /// Most request records kept; at the cap new calls with a request id are refused.
    pub request_max_records: u64,
    /// Bytes of WAL at which the writer itself forces a checkpoint that waits for readers.
    pub wal_max_bytes: u64,
}

impl Default for LogSettings {
    fn default() -> Self {
        LogSettings {
            fsync: Fsync::default(),
            retention_age: DEFAULT_RETENTION_AGE,
            retention_bytes: DEFAULT_RETENTION_BYTES,
            group_commit_max: DEFAULT_GROUP_COMMIT_MAX,
            dead_letter_max_count: DEFAULT_DEAD_LETTER_MAX_COUNT,
            dead_letter_max_bytes: DEFAULT_DEAD_LETTER_MAX_BYTES,
            dead_letter_body_max_bytes: DEFAULT_DEAD_LETTER_BODY_MAX_BYTES,
            audit_max_refused_records: audit::DEFAULT_MAX_REFUSED_RECORDS,
            request_retention: requests::DEFAULT_RETENTION,
            request_max_records: requests::DEFAULT_MAX_RECORDS,
            wal_max_bytes: DEFAULT_WAL_MAX_BYTES,
        }
    }
}

impl LogSettings {
    /// The body bytes a dead letter keeps: the body cap, and never more than the bytes cap.
    pub(super) fn dead_letter_body_max(&self) -> usize {
        let total = usize::try_from(self.dead_letter_max_bytes).unwrap_or(usize::MAX);
        self.dead_letter_body_max_bytes.min(total)
    }
}
