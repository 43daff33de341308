//! The server-streaming watches: a snapshot from the platform, then events from the durable log
//! through a gap-free `Follower`, each message carrying a resumable cursor. Each stream runs in
//! its own task feeding a bounded channel; a failed send means the client left.

use std::collections::HashMap;
use std::sync::Arc;

use tokio::sync::mpsc;
use tonic::{Request, Status};

use super::Gateway;
use crate::error;
use crate::events::follow::{Follower, Step};
use crate::events::log::{Filter, LogError};
use crate::proto::v1::event::Kind;
use crate::proto::v1::*;
use crate::upstream::routes;

/// Messages buffered towards one client.
const CLIENT_BUFFER: usize = 64;

/// A watch's messages on their way to the client. They travel boxed: a channel allocates its
/// slots 32 at a time, and an idle stream should not hold 32 full-size messages' worth of memory.
pub struct WatchStream<T>(mpsc::Receiver<Result<Box<T>, Status>>);

impl<T> tokio_stream::Stream for WatchStream<T> {
    type Item = Result<T, Status>;

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        self.0
            .poll_recv(cx)
            .map(|message| message.map(|message| message.map(|boxed| *boxed)))
    }
}

/// A cursor as clients see it: the log sequence number, in decimal.
fn cursor_text(seq: u64) -> String {
    seq.to_string()
}

/// Where a watch starts: after the client's cursor, or after the latest event for a new watch.
/// Also returns the latest cursor at that moment: a replay has caught up once it reaches it.
async fn start_cursor(gateway: &Gateway, after_cursor: &str) -> Result<(u64, u64), Status> {
    let bounds = gateway.events.log.bounds().await.map_err(log_status)?;
    let after_cursor = after_cursor.trim();
    if after_cursor.is_empty() {
        return Ok((bounds.latest, bounds.latest));
    }
    let cursor: u64 = after_cursor.parse().map_err(|_| {
        error::invalid_field(
            "after_cursor",
            format!("{after_cursor:?} is not a cursor from this gateway"),
        )
    })?;
    if cursor > bounds.latest {
        let beyond = format!("{cursor} is beyond the latest cursor {}", bounds.latest);
        return Err(error::invalid_field("after_cursor", beyond));
    }
    // Every event after this cursor is still in the log, or resuming would leave a gap.
    let oldest_resumable = bounds.oldest.map_or(bounds.latest, |oldest| oldest - 1);
    if cursor < oldest_resumable {
        return Err(error::cursor_expired(
            cursor,
            &cursor_text(oldest_resumable),
        ));
    }
    Ok((cursor, bounds.latest))
}

fn log_status(error: LogError) -> Status {
    Status::unavailable(format!("event log unavailable: {error}"))
}

/// Order of recipient statuses for monotonic merging; final statuses are never replaced.
fn rank(status: i32) -> u8 {
    match RecipientStatus::try_from(status) {
        Ok(RecipientStatus::PendingDispatch) => 1,
        Ok(RecipientStatus::PendingSend) => 2,
        Ok(RecipientStatus::Sending) => 3,
        Ok(RecipientStatus::Sent) => 4,
        Ok(RecipientStatus::Delivered) => 5,
        Ok(RecipientStatus::Read) => 6,
        Ok(
            RecipientStatus::ReadReplied
            | RecipientStatus::ReadNoReply
            | RecipientStatus::SendFailed,
        ) => FINAL_RANK,
        _ => 0,
    }
}
const FINAL_RANK: u8 = 9;

/// What a stream knows of one task.
#[derive(Debug, Default)]
struct TaskTracker {
    status: i32,
    /// Merged status per recipient, keyed by target (phone or group id).
    recipients: HashMap<String, i32>,
    /// Recipients per merged status, kept with every merge so that a message's progress costs
    /// the number of statuses, not the number of recipients.
    counts: HashMap<i32, i32>,
}

impl TaskTracker {
    fn from_snapshot(snapshot: &TaskSnapshot) -> Self {
        let mut tracker = Self {
            status: snapshot.status,
            ..Default::default()
        };
        for recipient in &snapshot.recipients {
            tracker.merge(&recipient.target, recipient.status);
        }
        tracker
    }

    /// Merges a reported status; returns the recipient's status after merging.
    fn merge(&mut self, target: &str, reported: i32) -> i32 {
        let previous = self.recipients.get(target).copied();
        let merged = match previous {
            Some(current) if rank(current) == FINAL_RANK || rank(reported) < rank(current) => {
                current
            }
            _ => reported,
        };
        if previous != Some(merged) {
            if let Some(old) = previous {
                *self.counts.entry(old).or_default() -= 1;
            }
            *self.counts.entry(merged).or_default() += 1;
            self.recipients.insert(target.to_owned(), merged);
        }
        merged
    }

    fn is_final(&self) -> bool {
        matches!(
            TaskStatus::try_from(self.status),
            Ok(TaskStatus::Completed | TaskStatus::Stopped)
        )
    }

    fn progress(&self, task_id: &str) -> TaskProgress {
        let mut counts: Vec<RecipientCount> = self
            .counts
            .iter()
            .filter(|(_, count)| **count > 0)
            .map(|(status, count)| RecipientCount {
                status: *status,
                count: *count,
            })
            .collect();
        counts.sort_by_key(|c| (rank(c.status), c.status));
        TaskProgress {
            task_id: task_id.to_owned(),
            status: self.status,
            total: self.recipients.len() as i32,
            counts,
        }
    }
}

async fn task_snapshot(gateway: &Gateway, task_id: &str) -> Result<TaskSnapshot, Status> {
    let request = Request::new(GetTaskExecutionStatusRequest {
        task_id: task_id.to_owned(),
    });
    let status: GetTaskExecutionStatusResponse = gateway
        .unary(&routes::TASK_EXECUTION_STATUS, request)
        .await?
        .into_inner();
    let GetTaskExecutionStatusResponse {
        task_id,
        status,
        recipients,
    } = status;
    Ok(TaskSnapshot {
        task_id,
        status,
        recipients,
    })
}

/// Starts a WatchTask stream.
pub async fn watch_task(
    gateway: Arc<Gateway>,
    request: WatchTaskRequest,
) -> Result<WatchStream<WatchTaskResponse>, Status> {
    let WatchTaskRequest {
        task_id,
        after_cursor,
        end_when_final,
    } = request;
    let task_id = task_id.trim().to_owned();
    if end_when_final && task_id.is_empty() {
        return Err(error::invalid_field("end_when_final", "needs a task_id"));
    }
    let (start, caught_up_at) = start_cursor(&gateway, &after_cursor).await?;
    // The snapshot comes after the start cursor is fixed, so it may already include events
    // that follow it; merging is monotonic, so replaying them changes nothing.
    let mut trackers: HashMap<String, TaskTracker> = HashMap::new();
    let snapshot = if task_id.is_empty() {
        None
    } else {
        Some(task_snapshot(&gateway, &task_id).await?)
    };
    let (sender, receiver) = mpsc::channel(CLIENT_BUFFER);
    tokio::spawn(async move {
        if let Some(snapshot) = snapshot {
            let tracker = TaskTracker::from_snapshot(&snapshot);
            let progress = tracker.progress(&task_id);
            // A replay of a finished task ends only after the replayed history, not at once.
            let done = end_when_final && tracker.is_final() && start >= caught_up_at;
            trackers.insert(task_id.clone(), tracker);
            let message = WatchTaskResponse {
                cursor: cursor_text(start),
                update: Some(watch_task_response::Update::Snapshot(snapshot)),
                progress: Some(progress),
                ..Default::default()
            };
            if sender.send(Ok(Box::new(message))).await.is_err() || done {
                return;
            }
        }
        let filter = Filter::Tasks {
            task_id: (!task_id.is_empty()).then(|| task_id.clone()),
        };
        let mut follower = Follower::new(
            gateway.events.log.clone(),
            gateway.events.hub.clone(),
            filter,
            start,
        );
        loop {
            let message = match follower.next(gateway.events.heartbeat).await {
                Err(error) => {
                    let _ = sender.send(Err(log_status(error))).await;
                    return;
                }
                Ok(Step::Idle) => WatchTaskResponse {
                    cursor: cursor_text(follower.cursor()),
                    update: Some(watch_task_response::Update::Heartbeat(Heartbeat {})),
                    progress: trackers.get(&task_id).map(|t| t.progress(&task_id)),
                    ..Default::default()
                },
                Ok(Step::Event(stored)) => {
                    let cursor = cursor_text(stored.seq);
                    let received_time = stored.event.received_time;
                    let (event_task, update, merged) = match stored.event.kind.clone() {
                        Some(Kind::TaskStatus(e)) => (
                            e.task_id.clone(),
                            watch_task_response::Update::TaskStatus(e),
                            None,
                        ),
                        Some(Kind::RecipientStatus(e)) => (
                            e.task_id.clone(),
                            watch_task_response::Update::RecipientStatus(e),
                            Some(()),
                        ),
                        Some(Kind::Reply(e)) => (
                            e.task_id.clone(),
                            watch_task_response::Update::Reply(e),
                            None,
                        ),
                        // The task filter only yields task events.
                        _ => continue,
                    };
                    if !trackers.contains_key(&event_task) {
                        // A task first seen on an every-task stream: start from its snapshot.
                        let tracker = match task_snapshot(&gateway, &event_task).await {
                            Ok(snapshot) => TaskTracker::from_snapshot(&snapshot),
                            Err(status) => {
                                tracing::debug!(task = %event_task, %status, "no snapshot; progress from events only");
                                TaskTracker::default()
                            }
                        };
                        trackers.insert(event_task.clone(), tracker);
                    }
                    let tracker = trackers.get_mut(&event_task).expect("inserted above");
                    let mut recipient_status_merged = 0;
                    match &update {
                        watch_task_response::Update::TaskStatus(e) => tracker.status = e.status,
                        watch_task_response::Update::RecipientStatus(e) if merged.is_some() => {
                            recipient_status_merged = tracker.merge(&e.target, e.status);
                        }
                        _ => {}
                    }
                    WatchTaskResponse {
                        cursor,
                        update: Some(update),
                        progress: Some(tracker.progress(&event_task)),
                        recipient_status_merged,
                        received_time,
                    }
                }
            };
            if sender.send(Ok(Box::new(message))).await.is_err() {
                return;
            }
            let caught_up = follower.cursor() >= caught_up_at;
            if end_when_final
                && caught_up
                && trackers.get(&task_id).is_some_and(TaskTracker::is_final)
            {
                return;
            }
        }
    });
    Ok(WatchStream(receiver))
}

/// Starts a WatchAccounts stream.
pub async fn watch_accounts(
    gateway: Arc<Gateway>,
    request: WatchAccountsRequest,
) -> Result<WatchStream<WatchAccountsResponse>, Status> {
    let WatchAccountsRequest {
        phones,
        after_cursor,
    } = request;
    let mut v = error::Violations::default();
    let phones: Vec<String> = phones
        .iter()
        .enumerate()
        .map(|(i, p)| crate::convert::validate::phone(&mut v, &format!("phones[{i}]"), p))
        .collect();
    v.into_result(())?;
    let (start, _) = start_cursor(&gateway, &after_cursor).await?;
    let listed: ListAccountsResponse = gateway
        .unary(
            &routes::ACCOUNT_QUERY_STATUS,
            Request::new(ListAccountsRequest {}),
        )
        .await?
        .into_inner();
    let accounts = listed
        .accounts
        .into_iter()
        .filter(|a| phones.is_empty() || phones.contains(&a.phone))
        .collect();
    let (sender, receiver) = mpsc::channel(CLIENT_BUFFER);
    tokio::spawn(async move {
        let snapshot = WatchAccountsResponse {
            cursor: cursor_text(start),
            update: Some(watch_accounts_response::Update::Snapshot(
                AccountsSnapshot { accounts },
            )),
            received_time: None,
        };
        if sender.send(Ok(Box::new(snapshot))).await.is_err() {
            return;
        }
        let mut follower = Follower::new(
            gateway.events.log.clone(),
            gateway.events.hub.clone(),
            Filter::Accounts { phones },
            start,
        );
        loop {
            use watch_accounts_response::Update;
            let message = match follower.next(gateway.events.heartbeat).await {
                Err(error) => {
                    let _ = sender.send(Err(log_status(error))).await;
                    return;
                }
                Ok(Step::Idle) => WatchAccountsResponse {
                    cursor: cursor_text(follower.cursor()),
                    update: Some(Update::Heartbeat(Heartbeat {})),
                    received_time: None,
                },
                Ok(Step::Event(stored)) => {
                    let update = match stored.event.kind.clone() {
                        Some(Kind::AccountStatus(e)) => Update::AccountStatus(e),
                        Some(Kind::Registration(e)) => Update::Registration(e),
                        Some(Kind::ConnectionStatus(e)) => Update::ConnectionStatus(e),
                        Some(Kind::QrLogin(e)) => Update::QrLogin(e),
                        Some(Kind::ScanTaskStatus(e)) => Update::ScanTaskStatus(e),
                        // The account filter only yields account events.
                        _ => continue,
                    };
                    WatchAccountsResponse {
                        cursor: cursor_text(stored.seq),
                        update: Some(update),
                        received_time: stored.event.received_time,
                    }
                }
            };
            if sender.send(Ok(Box::new(message))).await.is_err() {
                return;
            }
        }
    });
    Ok(WatchStream(receiver))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recipient_statuses_never_go_backwards() {
        let mut tracker = TaskTracker::default();
        let s = |status: RecipientStatus| status as i32;
        assert_eq!(
            tracker.merge("a", s(RecipientStatus::Sent)),
            s(RecipientStatus::Sent)
        );
        assert_eq!(
            tracker.merge("a", s(RecipientStatus::Read)),
            s(RecipientStatus::Read)
        );
        assert_eq!(
            tracker.merge("a", s(RecipientStatus::Delivered)),
            s(RecipientStatus::Read),
            "a late delivered does not undo read"
        );
        assert_eq!(
            tracker.merge("a", s(RecipientStatus::ReadReplied)),
            s(RecipientStatus::ReadReplied)
        );
        assert_eq!(
            tracker.merge("a", s(RecipientStatus::ReadNoReply)),
            s(RecipientStatus::ReadReplied),
            "final stays"
        );
        assert_eq!(
            tracker.merge("b", s(RecipientStatus::SendFailed)),
            s(RecipientStatus::SendFailed)
        );
        assert_eq!(
            tracker.merge("b", s(RecipientStatus::Delivered)),
            s(RecipientStatus::SendFailed),
            "failed is final"
        );
        let progress = tracker.progress("t");
        assert_eq!(progress.total, 2);
        let count = |status: RecipientStatus, count| RecipientCount {
            status: status as i32,
            count,
        };
        assert_eq!(
            progress.counts,
            vec![
                count(RecipientStatus::ReadReplied, 1),
                count(RecipientStatus::SendFailed, 1)
            ]
        );
        // Counts follow each change: c moves from SENT to DELIVERED, not counted twice.
        tracker.merge("c", s(RecipientStatus::Sent));
        tracker.merge("c", s(RecipientStatus::Delivered));
        let progress = tracker.progress("t");
        assert_eq!(progress.total, 3);
        assert_eq!(
            progress.counts,
            vec![
                count(RecipientStatus::Delivered, 1),
                count(RecipientStatus::ReadReplied, 1),
                count(RecipientStatus::SendFailed, 1)
            ]
        );
    }
}
