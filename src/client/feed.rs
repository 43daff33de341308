//! One watch stream, kept open: when the connection drops or the gateway restarts (UNAVAILABLE)
//! it is opened again after the last cursor received, so the messages it hands on have no gap
//! and no repeat. It hands them to a channel; the consumer shows each one and keeps its cursor.

use std::future::Future;
use std::time::Duration;

use tokio::sync::mpsc;
use tonic::{Code, Status, Streaming};
use tonic_types::StatusExt;

/// Attempts to reopen a stream in a row, without a message between them, before giving up:
/// about a minute of waiting with the delays below.
const MAX_ATTEMPTS: u32 = 10;
/// The first wait before reopening; it doubles up to `MAX_DELAY`.
const FIRST_DELAY: Duration = Duration::from_millis(250);
/// The longest wait between two attempts.
const MAX_DELAY: Duration = Duration::from_secs(8);

/// A message of a watch stream.
pub trait Watched: Send + 'static {
    /// The cursor to resume after it.
    fn cursor(&self) -> &str;
}

impl Watched for crate::proto::v1::WatchTaskResponse {
    fn cursor(&self) -> &str {
        &self.cursor
    }
}

impl Watched for crate::proto::v1::WatchAccountsResponse {
    fn cursor(&self) -> &str {
        &self.cursor
    }
}

/// What a feed hands on.
#[derive(Debug)]
pub enum Fed<M> {
    /// A message of the stream.
    Message {
        /// The message.
        message: M,
        /// Whether its stream was opened after a cursor: a snapshot it opens with then shows a
        /// state whose events were already handed on.
        resumed: bool,
    },
    /// Something the person should know: the connection dropped and is being reopened.
    Note(String),
}

/// Why a feed ended without its stream ending.
#[derive(Debug)]
pub enum FeedError {
    /// The cursor is older than the gateway's log keeps: the events after it are gone.
    Expired {
        /// The cursor asked for.
        cursor: String,
        /// The oldest cursor the gateway can resume after, if it said.
        oldest: Option<String>,
    },
    /// The gateway refused the watch or could not be reached in time; said as one line.
    Failed(String),
}

/// Opens the stream with `open(after_cursor)` (empty: from now) and hands each message to
/// `out`, reopening after the last cursor when the stream fails with UNAVAILABLE, or ends while
/// `ends` is false (a stream that ends on its own only does so when the task is final). Returns
/// when the stream ends as it should, or when `out` is closed (the consumer stopped).
pub async fn follow<M, F, Fut>(
    mut open: F,
    mut after: String,
    ends: bool,
    out: mpsc::Sender<Fed<M>>,
) -> Result<(), FeedError>
where
    M: Watched,
    F: FnMut(String) -> Fut,
    Fut: Future<Output = Result<tonic::Response<Streaming<M>>, Status>>,
{
    let mut failures = 0;
    loop {
        let resumed = !after.is_empty();
        let why = match open(after.clone()).await {
            Err(status) => status,
            Ok(stream) => {
                let mut stream = stream.into_inner();
                loop {
                    match stream.message().await {
                        Ok(Some(message)) => {
                            failures = 0;
                            after = message.cursor().to_owned();
                            let fed = Fed::Message { message, resumed };
                            if out.send(fed).await.is_err() {
                                return Ok(());
                            }
                        }
                        Ok(None) if ends => return Ok(()),
                        Ok(None) => break Status::unavailable("the gateway ended the stream"),
                        Err(status) => break status,
                    }
                }
            }
        };
        if why.code() == Code::OutOfRange {
            return Err(FeedError::Expired {
                cursor: after,
                oldest: why
                    .get_error_details()
                    .error_info()
                    .and_then(|info| info.metadata.get("oldest_cursor").cloned()),
            });
        }
        failures += 1;
        if !retryable(&why) || failures >= MAX_ATTEMPTS {
            return Err(FeedError::Failed(super::describe(&why)));
        }
        let delay = FIRST_DELAY
            .saturating_mul(1 << (failures - 1).min(8))
            .min(MAX_DELAY);
        let resume = if after.is_empty() {
            "from now".to_owned()
        } else {
            format!("after cursor {after}")
        };
        let note = format!(
            "watch interrupted ({}); reopening {resume} in {} ms",
            super::describe(&why),
            delay.as_millis()
        );
        if out.send(Fed::Note(note)).await.is_err() {
            return Ok(());
        }
        tokio::time::sleep(delay).await;
    }
}

/// Whether opening the stream again may succeed: the gateway or the connection was away, or
/// a task's snapshot was not ready yet (UNAVAILABLE, `SNAPSHOT_NOT_READY`).
fn retryable(status: &Status) -> bool {
    matches!(status.code(), Code::Unavailable | Code::DeadlineExceeded)
}
