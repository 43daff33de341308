//! The durable event log and what is indexed about each event.

pub mod follow;
pub mod hub;
pub mod log;

use std::sync::Arc;
use std::time::Duration;

/// The audit trail's records, kept in the log's database.
pub use self::log::audit;
use crate::observe::metrics::metrics;
use crate::proto::v1::event::Kind;
use crate::proto::v1::Event;

/// Which watch stream an event belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stream {
    /// Task status, recipient status and reply events: `WatchTask`.
    Tasks,
    /// Account status, registration, connection, QR login and scan task events: `WatchAccounts`.
    Accounts,
}

impl Stream {
    /// The stream's name as the log stores it: "tasks" or "accounts".
    pub fn as_str(self) -> &'static str {
        match self {
            Stream::Tasks => "tasks",
            Stream::Accounts => "accounts",
        }
    }
}

/// The stream an event belongs to and its key there: the task id for task events, the account
/// phone for account events ("" where the platform did not say).
pub fn stream_key(event: &Event) -> (Stream, String) {
    match &event.kind {
        Some(Kind::TaskStatus(e)) => (Stream::Tasks, e.task_id.clone()),
        Some(Kind::RecipientStatus(e)) => (Stream::Tasks, e.task_id.clone()),
        Some(Kind::Reply(e)) => (Stream::Tasks, e.task_id.clone()),
        Some(Kind::AccountStatus(e)) => (Stream::Accounts, e.phone.clone()),
        Some(Kind::Registration(e)) => (Stream::Accounts, e.phone.clone()),
        Some(Kind::ConnectionStatus(e)) => (Stream::Accounts, e.phone.clone()),
        Some(Kind::QrLogin(e)) => (Stream::Accounts, e.phone.clone()),
        Some(Kind::ScanTaskStatus(e)) => (Stream::Accounts, e.phone.clone()),
        None => (Stream::Accounts, String::new()),
    }
}

/// What the watch RPCs need: the log, its fan-out, and the heartbeat interval.
#[derive(Debug)]
pub struct Events {
    /// The durable log: appended by the webhook listener, read by catch-ups.
    pub log: Arc<dyn log::EventLog>,
    /// The fan-out of newly committed events to live watchers.
    pub hub: hub::Hub,
    /// Idle time after which a watch stream gets a heartbeat.
    pub heartbeat: Duration,
}

impl Events {
    /// Starts the hub's reader task over `log` (so it needs a Tokio runtime).
    pub fn new(log: Arc<dyn log::EventLog>, heartbeat: Duration) -> Self {
        let hub = hub::Hub::start(log.clone());
        Self {
            log,
            hub,
            heartbeat,
        }
    }

    /// Events committed to the log that the hub has not fanned out to live watchers yet.
    pub fn tail_lag(&self) -> u64 {
        let latest = *self.log.latest().borrow();
        latest.saturating_sub(self.hub.routed())
    }

    /// Sets the gauges read at scrape time: the tail's lag, and the store's size, bounds and
    /// dead letters (one request per stream on a shared store). On a store that cannot answer,
    /// its gauges keep their last values and the error is returned.
    pub async fn sample_metrics(&self) -> Result<(), log::LogError> {
        let lag = i64::try_from(self.tail_lag()).unwrap_or(i64::MAX);
        metrics().watch.tail_lag.set(lag);
        self.log.usage().await?.record();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::log::{EventLog, Filter, LogSettings, NewEvent, SqliteLog};
    use super::*;
    use crate::proto::v1::TaskStatusChanged;

    fn task_event() -> NewEvent {
        NewEvent {
            event: Event {
                kind: Some(Kind::TaskStatus(TaskStatusChanged {
                    task_id: "T1".into(),
                    ..Default::default()
                })),
                received_time: None,
            },
        }
    }

    #[tokio::test]
    async fn the_tail_lag_is_what_the_hub_has_not_fanned_out() {
        let dir = tempfile::tempdir().unwrap();
        let log = Arc::new(SqliteLog::open(dir.path(), LogSettings::default()).unwrap());
        log.append("before".into(), vec![task_event(), task_event()])
            .await
            .unwrap();
        // What was committed before the hub started is owed to no one.
        let events = Events::new(log.clone(), Duration::from_secs(1));
        assert_eq!(events.hub.routed(), 2);
        assert_eq!(events.tail_lag(), 0);

        let mut subscription = events.hub.subscribe(Filter::All, 16).await.unwrap();
        log.append("after".into(), vec![task_event(); 3])
            .await
            .unwrap();
        for seq in 3..=5 {
            assert_eq!(subscription.events.recv().await.unwrap().seq, seq);
        }
        // Answered in a round of the hub after the one that routed seq 5.
        let _later = events.hub.subscribe(Filter::All, 1).await.unwrap();
        assert_eq!(events.hub.routed(), 5);
        assert_eq!(events.tail_lag(), 0);
    }
}
