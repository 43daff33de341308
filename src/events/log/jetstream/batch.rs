//! Atomic batch publishing (ADR-50, server 2.12+): the messages of one batch are stored all
//! together or not at all, with every consistency header checked at the commit. This is how one
//! webhook's dedup marker and its events, or a call's request claim and its audit record, become
//! one write that no crash can split. Errors are sorted into what a retry may cure (the link is
//! down, a leader is being elected, the server has too many open batches) and what it cannot.

use std::time::{Duration, Instant};

use async_nats::jetstream::context::{Context, PublishErrorKind};
use async_nats::jetstream::ErrorCode;
use async_nats::{Client, HeaderMap};
use bytes::Bytes;

use crate::observe::metrics::metrics;

/// The server's default cap on the messages of one atomic batch.
pub(super) const MAX_BATCH_MESSAGES: usize = 1000;
/// First pause between two attempts of a write a retry may cure; doubled up to
/// [`RETRY_PAUSE_MAX`].
const RETRY_PAUSE_MIN: Duration = Duration::from_millis(25);
const RETRY_PAUSE_MAX: Duration = Duration::from_millis(500);

/// One message of a batch.
#[derive(Debug, Clone)]
pub(super) struct Outgoing {
    pub(super) subject: String,
    pub(super) headers: HeaderMap,
    pub(super) payload: Bytes,
}

impl Outgoing {
    pub(super) fn new(subject: String, payload: Bytes) -> Self {
        Self {
            subject,
            headers: HeaderMap::new(),
            payload,
        }
    }

    /// Stored only if no message on this subject is kept: a claim, or a dedup marker.
    pub(super) fn first_on_subject(mut self) -> Self {
        self.headers
            .insert("Nats-Expected-Last-Subject-Sequence", "0");
        self
    }

    /// Stored only if the last message kept on this subject has seq `seq`.
    pub(super) fn after_on_subject(mut self, seq: u64) -> Self {
        self.headers.insert(
            "Nats-Expected-Last-Subject-Sequence",
            seq.to_string().as_str(),
        );
        self
    }

    /// Removed by the server `ttl` after it was stored.
    pub(super) fn with_ttl(mut self, ttl: Duration) -> Self {
        self.headers
            .insert("Nats-TTL", format!("{}s", ttl.as_secs().max(1)).as_str());
        self
    }
}

/// The seqs a committed batch got: consecutive, since the server stores a batch as one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Committed {
    pub(super) first_seq: u64,
    pub(super) last_seq: u64,
}

/// Why a batch was not stored.
#[derive(Debug, Clone, thiserror::Error)]
pub(super) enum BatchError {
    /// A subject expectation failed (a dedup marker or claim already kept): nothing stored.
    #[error("a message of the batch expected another last sequence on its subject")]
    Expectation,
    /// Nothing stored (or the answer was lost): the link is down, a leader is being elected, or
    /// the server has too many batches open. The same batch may be sent again: its expectations
    /// make a repeat of a stored batch fail with `Expectation`.
    #[error("JetStream is unavailable: {0}")]
    Unavailable(String),
    /// A message is larger than the server or stream takes.
    #[error("a message is too large for JetStream: {0}")]
    TooLarge(String),
    /// Refused for a reason a retry cannot cure (misconfigured stream...).
    #[error("JetStream refused the write: {0}")]
    Refused(String),
}

/// Publishes `messages` (at most [`MAX_BATCH_MESSAGES`]) as one atomic batch and waits for the
/// commit's acknowledgement.
pub(super) async fn publish(
    client: &Client,
    jetstream: &Context,
    messages: Vec<Outgoing>,
) -> Result<Committed, BatchError> {
    debug_assert!(!messages.is_empty() && messages.len() <= MAX_BATCH_MESSAGES);
    let batch_id = batch_id();
    let count = messages.len();
    let mut acked = None;
    for (index, mut message) in messages.into_iter().enumerate() {
        message.headers.insert("Nats-Batch-Id", batch_id.as_str());
        message
            .headers
            .insert("Nats-Batch-Sequence", (index + 1).to_string().as_str());
        if index + 1 < count {
            // Only the commit is acknowledged; the others travel ahead of it on the same
            // connection, in order.
            client
                .publish_with_headers(message.subject, message.headers, message.payload)
                .await
                .map_err(|error| BatchError::Unavailable(error.to_string()))?;
        } else {
            message.headers.insert("Nats-Batch-Commit", "1");
            acked = Some(
                jetstream
                    .publish_with_headers(message.subject, message.headers, message.payload)
                    .await
                    .map_err(classify)?,
            );
        }
    }
    let ack = acked
        .expect("a batch has a commit message")
        .await
        .map_err(classify)?;
    let stored = ack.batch_size.unwrap_or(1).max(1);
    Ok(Committed {
        first_seq: ack.sequence + 1 - stored,
        last_seq: ack.sequence,
    })
}

/// Publishes one message (not a batch) and waits for its acknowledgement; its seq.
pub(super) async fn publish_one(jetstream: &Context, message: Outgoing) -> Result<u64, BatchError> {
    let ack = jetstream
        .publish_with_headers(message.subject, message.headers, message.payload)
        .await
        .map_err(classify)?
        .await
        .map_err(classify)?;
    Ok(ack.sequence)
}

/// Runs `attempt` until it succeeds, fails for good, or `budget` has passed while it kept
/// failing with `Unavailable`; a failed expectation is final. Every write goes through here, so
/// a write that failed for good (not a failed expectation: that is a redelivery or a claim
/// taken, the write's purpose) counts in the store's write errors here.
pub(super) async fn with_retry<T, F, Fut>(budget: Duration, attempt: F) -> Result<T, BatchError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, BatchError>>,
{
    let written = retrying(budget, attempt).await;
    if matches!(
        written,
        Err(BatchError::Unavailable(_) | BatchError::TooLarge(_) | BatchError::Refused(_))
    ) {
        metrics().store.write_errors.inc();
    }
    written
}

async fn retrying<T, F, Fut>(budget: Duration, mut attempt: F) -> Result<T, BatchError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, BatchError>>,
{
    let give_up = Instant::now() + budget;
    let mut pause = RETRY_PAUSE_MIN;
    loop {
        match attempt().await {
            Err(BatchError::Unavailable(reason)) => {
                if Instant::now() + pause >= give_up {
                    return Err(BatchError::Unavailable(reason));
                }
                tracing::debug!(%reason, "JetStream write failed; retrying");
                tokio::time::sleep(pause).await;
                pause = (pause * 2).min(RETRY_PAUSE_MAX);
            }
            other => return other,
        }
    }
}

/// A batch id unique across replicas (the server keys open batches by it; at most 64 chars).
fn batch_id() -> String {
    let mut random = [0u8; 16];
    getrandom::fill(&mut random).expect("the operating system's random source");
    crate::events::log::digest_hex(&random)
}

/// Sorts a publish failure by whether a retry may cure it.
pub(super) fn classify(error: async_nats::jetstream::context::PublishError) -> BatchError {
    let code = std::error::Error::source(&error)
        .and_then(|source| source.downcast_ref::<async_nats::jetstream::Error>())
        .map(|api| api.error_code());
    match (error.kind(), code) {
        (PublishErrorKind::WrongLastSequence, _) => BatchError::Expectation,
        (_, Some(ErrorCode::STREAM_WRONG_LAST_SEQUENCE_CONSTANT)) => BatchError::Expectation,
        (
            PublishErrorKind::TimedOut
            | PublishErrorKind::BrokenPipe
            | PublishErrorKind::StreamNotFound
            | PublishErrorKind::MaxAckPending,
            _,
        ) => BatchError::Unavailable(error.to_string()),
        (PublishErrorKind::MaxPayloadExceeded, _) => BatchError::TooLarge(error.to_string()),
        (_, Some(code)) if code.0 == MESSAGE_TOO_LARGE => BatchError::TooLarge(error.to_string()),
        (_, Some(code)) if TRANSIENT_CODES.contains(&code.0) => {
            BatchError::Unavailable(error.to_string())
        }
        _ => BatchError::Refused(error.to_string()),
    }
}

/// JetStream's "message size exceeds maximum allowed" (the stream's `max_msg_size`).
const MESSAGE_TOO_LARGE: u64 = 10054;

/// JetStream API errors that pass: the cluster unavailable (10008), no peers (10005), not the
/// leader (10009), a batch cut short by a leader change (10176), too many open batches (10210).
const TRANSIENT_CODES: [u64; 5] = [10008, 10005, 10009, 10176, 10210];
