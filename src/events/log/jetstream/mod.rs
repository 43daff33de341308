//! The event log on NATS JetStream (`--event-store nats://...`): what several gateway replicas
//! share, so that a webhook landing on any of them is one event in one order for the watchers of
//! all of them, and a redelivery to another replica is still recognised.
//!
//! Streams (see `streams`): `WAD_EVENTS` holds the events, a webhook's events about one task or
//! account in one message (`message`) whose subject, `wad.ev.<t|a>.<id>.<marker>`, is its dedup
//! marker (`append`), plus the markers of webhooks without events and signed senders' message ids;
//! `WAD_CALLS` the audit trail and request records (`calls`); `WAD_DEAD` the dead letters. An
//! event's seq is its message's sequence times 1024 plus its place in it; its cursor adds the
//! stream's creation time, so a cursor from a recreated stream or from the SQLite store is
//! refused, never misread.
//!
//! Each write is one message, or one atomic batch (`batch`: a call's claim and its audit record),
//! so no crash between two writes can lose or double anything. Reads (`read`) come from this
//! replica's tail (`tail`: one ordered consumer feeding the hub) for recent events, from batched
//! direct gets for older ones, and through a consumer kept between pages for a long way back
//! (`catch_up`), bounded in concurrency.

mod append;
mod batch;
mod calls;
mod catch_up;
mod connect;
mod dead_letters;
mod message;
mod read;
mod streams;
mod subjects;
mod tail;

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{watch, Semaphore};

pub use self::connect::{
    NatsAuth, NatsSettings, DEFAULT_REQUEST_TIMEOUT, DEFAULT_UNAVAILABLE_AFTER,
};
use super::audit::{AuditEntry, AuditOutcome, AuditQuery, AuditRecord};
use super::requests::{RequestClaim, RequestEnd, RequestKey};
use super::{
    Appended, Bounds, CallBegun, DeadLetter, Dedup, EventLog, Filter, LogError, LogSettings,
    NewDeadLetter, NewEvent, RemoteCharge, StoredEvent, Usage,
};

/// Most catch-up reads (direct gets) one replica runs at once; the rest wait their turn, so a
/// reconnect storm of watchers cannot flood the servers.
const CATCH_UP_READS: usize = 32;

/// What every part of the backend uses: the connection, the stream's identity, the settings.
#[derive(Debug)]
struct Shared {
    client: async_nats::Client,
    jetstream: async_nats::jetstream::Context,
    settings: LogSettings,
    nats: NatsSettings,
    /// `WAD_EVENTS`' creation time in epoch milliseconds: the identity cursors carry.
    epoch_ms: i64,
    /// Catch-up reads running.
    reads: Semaphore,
    /// This replica's part in the audit trail and request records.
    calls: calls::Local,
    /// Long catch-ups' consumers, parked between pages.
    catch_ups: catch_up::CatchUps,
}

impl Shared {
    /// How long a write keeps retrying while JetStream is unreachable or electing a leader
    /// before it fails (and the webhook gets 503).
    fn write_budget(&self) -> Duration {
        self.nats.unavailable_after
    }
}

/// The JetStream event log of one replica.
#[derive(Debug, Clone)]
pub struct JetStreamLog {
    shared: Arc<Shared>,
    tail: tail::Tail,
}

impl JetStreamLog {
    /// Connects, creates or checks the streams, and starts this replica's tail at the stream's
    /// end. Retries while the servers come up or elect leaders, up to `nats.unavailable_after`
    /// per step.
    pub async fn open(settings: LogSettings, nats: NatsSettings) -> Result<Self, LogError> {
        Self::connect(settings, nats, streams::Setup::CreateOrUpdate).await
    }

    /// Reads the streams as they are, without creating or changing them: for the command-line
    /// readers (`dead-letters`, `audit`), whose defaults must not become the streams' settings.
    pub async fn open_existing(nats: NatsSettings) -> Result<Self, LogError> {
        Self::connect(LogSettings::default(), nats, streams::Setup::Existing).await
    }

    async fn connect(
        settings: LogSettings,
        nats: NatsSettings,
        setup: streams::Setup,
    ) -> Result<Self, LogError> {
        let client = connect::connect(&nats).await?;
        let jetstream = async_nats::jetstream::ContextBuilder::new()
            .timeout(nats.request_timeout)
            .build(client.clone());
        let events = streams::ensure_all(&jetstream, &settings, &nats, setup).await?;
        let epoch_ms = streams::epoch_ms(&events);
        if settings.fsync == super::Fsync::Full {
            tracing::warn!(
                "--fsync full with NATS: JetStream fsyncs on the servers' own schedule; set \
                 `jetstream {{ sync_interval: always }}` on every server, or an acknowledged \
                 webhook can be lost to a power failure (the gateway cannot check this)"
            );
        }
        let shared = Arc::new(Shared {
            client,
            jetstream,
            settings,
            nats,
            epoch_ms,
            reads: Semaphore::new(CATCH_UP_READS),
            calls: calls::Local::new(),
            catch_ups: catch_up::CatchUps::default(),
        });
        let tail = tail::Tail::start(shared.clone(), events.state.last_sequence);
        Ok(Self { shared, tail })
    }
}

/// Maps a failure to reach JetStream to the log's error.
fn unavailable(error: impl std::fmt::Display) -> LogError {
    LogError::Unavailable(error.to_string())
}

impl From<batch::BatchError> for LogError {
    fn from(error: batch::BatchError) -> Self {
        match error {
            batch::BatchError::Unavailable(reason) => LogError::Unavailable(reason),
            batch::BatchError::TooLarge(reason) => LogError::TooLarge(reason),
            other => LogError::Refused(other.to_string()),
        }
    }
}

#[async_trait::async_trait]
impl EventLog for JetStreamLog {
    fn store_name(&self) -> &'static str {
        "jetstream"
    }

    async fn append(&self, dedup: Dedup, events: Vec<NewEvent>) -> Result<Appended, LogError> {
        let appended = append::append(&self.shared, dedup, events).await?;
        if let Appended::Stored { last_seq, .. } | Appended::Conflicting { last_seq, .. } = appended
        {
            self.tail.written(last_seq);
        }
        Ok(appended)
    }

    async fn read_after(
        &self,
        after: u64,
        filter: &Filter,
        limit: usize,
    ) -> Result<Vec<StoredEvent>, LogError> {
        read::read_after(&self.shared, &self.tail, after, filter, limit).await
    }

    async fn bounds(&self) -> Result<Bounds, LogError> {
        let bounds = read::bounds(&self.shared).await?;
        Ok(Bounds {
            latest: bounds.latest.max(self.tail.known_latest()),
            ..bounds
        })
    }

    fn latest(&self) -> watch::Receiver<u64> {
        self.tail.latest()
    }

    async fn usage(&self) -> Result<Usage, LogError> {
        streams::usage(&self.shared, self.tail.known_latest()).await
    }

    async fn check_writable(&self) -> Result<(), LogError> {
        streams::check_writable(&self.shared).await
    }

    fn available(&self) -> Result<(), LogError> {
        let connected =
            self.shared.client.connection_state() == async_nats::connection::State::Connected;
        if connected && self.tail.following() {
            Ok(())
        } else {
            Err(LogError::Unavailable(
                "this replica has lost its tail of the events stream (NATS unreachable?)".into(),
            ))
        }
    }

    fn write_cursor(&self, seq: u64, text: &mut String) {
        use std::fmt::Write;
        let _ = write!(text, "{}-{seq}", self.shared.epoch_ms);
    }

    fn parse_cursor(&self, text: &str) -> Result<u64, String> {
        // "0" is the log's beginning in every store.
        if text == "0" {
            return Ok(0);
        }
        let Some((epoch, seq)) = text.split_once('-') else {
            return Err(if text.bytes().all(|b| b.is_ascii_digit()) {
                format!("{text:?} is a cursor of the embedded (SQLite) event store, not of this NATS JetStream store")
            } else {
                format!("{text:?} is not a cursor from this gateway")
            });
        };
        match (epoch.parse::<i64>(), seq.parse::<u64>()) {
            (Ok(epoch), Ok(seq)) if epoch == self.shared.epoch_ms => Ok(seq),
            (Ok(_), Ok(_)) => Err(format!(
                "{text:?} is a cursor of another event stream (recreated, or another deployment's); \
                 this one's cursors start with {}-",
                self.shared.epoch_ms
            )),
            _ => Err(format!("{text:?} is not a cursor from this gateway")),
        }
    }

    async fn dead_letter(&self, letter: NewDeadLetter) -> Result<u64, LogError> {
        dead_letters::keep(&self.shared, letter).await
    }

    fn dead_letter_body_max(&self) -> usize {
        self.shared.settings.dead_letter_body_max()
    }

    async fn dead_letters(&self, limit: usize) -> Result<Vec<DeadLetter>, LogError> {
        dead_letters::newest(&self.shared, limit).await
    }

    async fn audit(&self, entry: AuditEntry, outcome: AuditOutcome) -> Result<u64, LogError> {
        calls::audit(&self.shared, entry, outcome).await
    }

    async fn begin_call(
        &self,
        entry: AuditEntry,
        claim: Option<RequestClaim>,
    ) -> Result<CallBegun, LogError> {
        let cursor = self.tail.known_latest();
        calls::begin(&self.shared, entry, claim, cursor).await
    }

    async fn end_call(
        &self,
        audit_id: u64,
        outcome: AuditOutcome,
        request: Option<(RequestKey, RequestEnd)>,
    ) -> Result<(), LogError> {
        calls::end(&self.shared, audit_id, outcome, request).await
    }

    async fn recipient_charges(&self, since_ms: i64) -> Result<Vec<(String, i64, u64)>, LogError> {
        calls::recipient_charges(&self.shared, since_ms).await
    }

    async fn audit_records(&self, query: AuditQuery) -> Result<Vec<AuditRecord>, LogError> {
        calls::records(&self.shared, query).await
    }

    async fn remote_charges(
        &self,
    ) -> Result<Option<tokio::sync::mpsc::Receiver<RemoteCharge>>, LogError> {
        calls::remote_charges(self.shared.clone()).await.map(Some)
    }
}
