//! The metrics of the webhook listener, the event store and the watches, read as Prometheus
//! scrapes them (`encode_text`, so the names are checked as exported): every answer of the
//! listener counted once under its outcome and reason, the store's commits, errors, pruning and
//! sampled gauges, on SQLite and on JetStream (real nats-server), and the watch streams' gauge
//! back where it was once they end.
//!
//! The registry is process-wide, and the integration tests share one process, where other tests
//! post webhooks of every kind and open watches at the same time. So each test here runs its
//! body alone, in a child process of this test binary (see [`alone`]): its counts are exact.

use std::collections::HashMap;
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use wadispatch_gateway::events::log::{
    EventLog, JetStreamLog, LogSettings, NatsSettings, NewDeadLetter, NewEvent, SqliteLog, DB_FILE,
};
use wadispatch_gateway::observe::metrics::encode_text;
use wadispatch_gateway::proto::v1::account_service_client::AccountServiceClient;
use wadispatch_gateway::proto::v1::event::Kind;
use wadispatch_gateway::proto::v1::task_service_client::TaskServiceClient;
use wadispatch_gateway::proto::v1::watch_accounts_response::Update as AccountUpdate;
use wadispatch_gateway::proto::v1::watch_task_response::Update as TaskUpdate;
use wadispatch_gateway::proto::v1::*;
use wadispatch_gateway::upstream::routes;
use wadispatch_gateway::wire::webhook::WebhookKind;

use crate::common::nats::NatsNode;
use crate::common::{
    event_args, eventually, fixture_text, next, upstream_settings, webhook_auth_from, Gateway,
    RecordingPlatform,
};

/// Set in the child process that runs a test's body alone.
const ALONE: &str = "WADISPATCH_TEST_ALONE";

/// Runs `alone::<name>` in a child process of this binary, and nothing else there; fails with
/// its output when it fails.
fn run_alone(name: &str) {
    let test = format!("store_metrics::alone::{name}");
    let output = Command::new(std::env::current_exe().unwrap())
        .args([test.as_str(), "--exact", "--ignored", "--test-threads=1"])
        .args(["--nocapture"])
        .env(ALONE, "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{test} failed ({}):\n{stdout}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    // A filter that matched nothing would pass without running anything.
    assert!(stdout.contains("1 passed"), "{test} did not run:\n{stdout}");
}

#[test]
fn every_webhook_answer_is_counted_once() {
    run_alone("webhook_answers");
}

#[test]
fn sqlite_commits_errors_and_pruning_are_counted() {
    run_alone("sqlite_store");
}

#[test]
fn watch_streams_are_counted_while_open() {
    run_alone("watch_streams");
}

#[test]
fn jetstream_commits_errors_usage_and_probe() {
    run_alone("jetstream_store");
}

/// The metrics as a scrape shows them: each series (name and sorted labels) with its value.
struct Scrape(HashMap<String, f64>);

impl Scrape {
    fn now() -> Self {
        let mut series = HashMap::new();
        for line in encode_text().lines() {
            if line.starts_with('#') {
                continue;
            }
            let (key, value) = line.rsplit_once(' ').expect("a sample line");
            series.insert(canonical(key), value.parse().expect("a sample value"));
        }
        Self(series)
    }

    /// The value of `name` with exactly `labels`; 0 for a series not exported yet.
    fn get(&self, name: &str, labels: &[(&str, &str)]) -> f64 {
        let mut pairs: Vec<String> = labels.iter().map(|(k, v)| format!("{k}=\"{v}\"")).collect();
        pairs.sort();
        let key = if pairs.is_empty() {
            name.to_owned()
        } else {
            format!("{name}{{{}}}", pairs.join(","))
        };
        self.0.get(&key).copied().unwrap_or(0.0)
    }

    /// The series of `name` (with any labels) whose values differ from `before`, with the
    /// difference.
    fn moved(&self, before: &Scrape, name: &str) -> HashMap<String, f64> {
        let prefix = format!("{name}{{");
        self.0
            .iter()
            .filter(|(key, _)| key.starts_with(&prefix) || *key == name)
            .map(|(key, value)| (key.clone(), value - before.0.get(key).unwrap_or(&0.0)))
            .filter(|(_, delta)| *delta != 0.0)
            .collect()
    }
}

/// A series' name with its labels sorted (label values here are fixed words: no commas).
fn canonical(key: &str) -> String {
    let Some((name, labels)) = key.split_once('{') else {
        return key.to_owned();
    };
    let mut pairs: Vec<&str> = labels.trim_end_matches('}').split(',').collect();
    pairs.sort_unstable();
    format!("{name}{{{}}}", pairs.join(","))
}

/// A webhook series' key as [`Scrape::moved`] names it.
fn webhook_series(outcome: &str, reason: &str, kind: &str) -> String {
    canonical(&format!(
        "wadispatch_webhooks_total{{kind=\"{kind}\",outcome=\"{outcome}\",reason=\"{reason}\"}}"
    ))
}

fn task_event(task_id: &str) -> NewEvent {
    NewEvent {
        event: Event {
            kind: Some(Kind::TaskStatus(TaskStatusChanged {
                task_id: task_id.into(),
                ..Default::default()
            })),
            received_time: None,
        },
    }
}

/// The bodies of the tests, each run alone by the test of the same purpose above.
mod alone {
    use super::*;

    /// Whether this process runs one test alone; a run of every ignored test in the shared
    /// process skips these, whose counts would then be anyone's.
    fn alone() -> bool {
        let alone = std::env::var_os(ALONE).is_some();
        if !alone {
            eprintln!("skipped: runs alone in a child process (see store_metrics::run_alone)");
        }
        alone
    }

    const TASK: &str = "6a2724fa2b7055971f960cc162632595";

    /// One raw request whose body breaks off before its Content-Length; the status answered.
    async fn broken_body(url: &str, path: &str) -> u16 {
        let addr = url.trim_start_matches("http://");
        let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        let head = format!(
            "POST {path} HTTP/1.1\r\nhost: {addr}\r\ncontent-type: application/json\r\n\
             x-token: t0ken\r\ncontent-length: 100\r\n\r\n{{\"taskId\":"
        );
        stream.write_all(head.as_bytes()).await.unwrap();
        stream.shutdown().await.unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).await.unwrap();
        let status = answer.split(' ').nth(1).expect("a status line");
        status.parse().unwrap()
    }

    #[tokio::test]
    #[ignore = "run alone in a child process by every_webhook_answer_is_counted_once"]
    async fn webhook_answers() {
        if !alone() {
            return;
        }
        let args = wadispatch_gateway::config::EventArgs {
            webhook_body_limit: 4096,
            ..event_args()
        };
        let auth = webhook_auth_from(&["--webhook-header", "X-Token: t0ken"]);
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        // Nothing listens on port 9: no platform is needed.
        let upstream = upstream_settings("http://127.0.0.1:9");
        let gateway = Gateway::start_with(upstream, listener, args, auth).await;
        let kind = WebhookKind::TaskStatus;
        let path = kind.path();
        let url = format!("{}{path}", gateway.webhook_url);
        let example = fixture_text("wh-GS_V3_SYNC_TASK_STATUS.request.json");
        let http = reqwest::Client::new();
        let post = |token: Option<&str>, content_type: &str, body: String| {
            let mut request = http
                .post(&url)
                .header("content-type", content_type)
                .body(body);
            if let Some(token) = token {
                request = request.header("x-token", token);
            }
            async move { request.send().await.unwrap().status().as_u16() }
        };

        let before = Scrape::now();
        let json = "application/json";
        assert_eq!(post(None, json, example.clone()).await, 401);
        assert_eq!(post(Some("t0kem"), json, example.clone()).await, 401);
        assert_eq!(post(Some("t0ken"), json, "not json".into()).await, 400);
        assert_eq!(
            post(Some("t0ken"), "text/plain", example.clone()).await,
            415
        );
        assert_eq!(post(Some("t0ken"), json, "x".repeat(5000)).await, 413);
        assert_eq!(broken_body(&gateway.webhook_url, path).await, 400);
        assert_eq!(post(Some("t0ken"), json, example.clone()).await, 200);
        assert_eq!(post(Some("t0ken"), json, example.clone()).await, 200);
        let nowhere = format!("{}/callback/nowhere", gateway.webhook_url);
        let missing = http.post(nowhere).body("{}").send().await.unwrap();
        assert_eq!(missing.status().as_u16(), 404);
        let after = Scrape::now();

        // Each answer once, under its own labels, and nothing else.
        let id = kind.config_id();
        let expected: HashMap<String, f64> = [
            webhook_series("refused", "header_missing", id),
            webhook_series("refused", "header_wrong", id),
            webhook_series("rejected", "parse", id),
            webhook_series("rejected", "content_type", id),
            webhook_series("rejected", "too_large", id),
            webhook_series("unreadable", "none", id),
            webhook_series("stored", "none", id),
            webhook_series("duplicate", "none", id),
            webhook_series("not_found", "none", "unknown"),
        ]
        .into_iter()
        .map(|series| (series, 1.0))
        .collect();
        assert_eq!(after.moved(&before, "wadispatch_webhooks_total"), expected);

        // Bodies read whole: the bad JSON, the text and both examples.
        let of_kind = [("kind", id)];
        let delta = |name: &str, labels: &[(&str, &str)]| {
            after.get(name, labels) - before.get(name, labels)
        };
        assert_eq!(delta("wadispatch_webhook_body_bytes_count", &of_kind), 4.0);
        let read = "not json".len() + 3 * example.len();
        let body_bytes = delta("wadispatch_webhook_body_bytes_sum", &of_kind);
        assert_eq!(body_bytes, read as f64);
        // Only the stored one waited for a commit of its events.
        assert_eq!(
            delta("wadispatch_webhook_commit_seconds_count", &of_kind),
            1.0
        );
        assert!(delta("wadispatch_webhook_commit_seconds_sum", &of_kind) > 0.0);

        // The store: the stored and the duplicate each a group commit, the example's event in
        // the first; three dead letters; no failure.
        let latest = gateway.events.log.bounds().await.unwrap().latest;
        assert_eq!(latest, 1);
        assert_eq!(delta("wadispatch_store_commits_total", &[]), 2.0);
        assert_eq!(delta("wadispatch_store_commit_events_count", &[]), 2.0);
        assert_eq!(delta("wadispatch_store_commit_events_sum", &[]), 1.0);
        assert_eq!(delta("wadispatch_store_commit_seconds_count", &[]), 2.0);
        assert_eq!(delta("wadispatch_store_write_errors_total", &[]), 0.0);

        // The gauges read at scrape time, once the hub has fanned out the event.
        eventually("the hub to fan out the stored event", || async {
            gateway.events.sample_metrics().await.unwrap();
            (Scrape::now().get("wadispatch_watch_tail_lag_events", &[]) == 0.0).then_some(())
        })
        .await;
        let sampled = Scrape::now();
        assert_eq!(sampled.get("wadispatch_dead_letters", &[]), 3.0);
        let letters = gateway.events.log.dead_letters(10).await.unwrap();
        let letter_bytes: usize = letters
            .iter()
            .map(|l| l.body.len() + l.path.len() + l.content_type.len() + l.reason.len())
            .sum();
        let sampled_bytes = sampled.get("wadispatch_dead_letter_bytes", &[]);
        assert_eq!(sampled_bytes, letter_bytes as f64);
        assert_eq!(sampled.get("wadispatch_store_latest_seq", &[]), 1.0);
        assert_eq!(sampled.get("wadispatch_store_oldest_seq", &[]), 1.0);
        let dir = gateway.data_dir.as_ref().unwrap().path();
        let db = std::fs::metadata(dir.join(DB_FILE)).unwrap().len();
        assert!(sampled.get("wadispatch_store_log_bytes", &[]) >= db as f64);
    }

    #[tokio::test]
    #[ignore = "run alone in a child process by sqlite_commits_errors_and_pruning_are_counted"]
    async fn sqlite_store() {
        if !alone() {
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let settings = LogSettings {
            dead_letter_max_count: 1,
            ..LogSettings::default()
        };
        let log = SqliteLog::open(dir.path(), settings).unwrap();
        // Behind the prune the writer starts with.
        log.check_writable().await.unwrap();
        let before = Scrape::now();
        let events = vec![task_event("T1"), task_event("T2"), task_event("T1")];
        log.append("three".into(), events).await.unwrap();
        log.append("none".into(), Vec::new()).await.unwrap();
        let letter = |body: &str| {
            let body = body.as_bytes().to_vec();
            NewDeadLetter::new("/p".into(), "text/plain".into(), "r".into(), body)
        };
        log.dead_letter(letter("first")).await.unwrap();
        // Over the cap of one: the first is evicted.
        log.dead_letter(letter("second")).await.unwrap();
        let after = Scrape::now();
        let delta = |name: &str, labels: &[(&str, &str)]| {
            after.get(name, labels) - before.get(name, labels)
        };
        assert_eq!(delta("wadispatch_store_commits_total", &[]), 2.0);
        assert_eq!(delta("wadispatch_store_commit_events_count", &[]), 2.0);
        assert_eq!(delta("wadispatch_store_commit_events_sum", &[]), 3.0);
        let pruned = "wadispatch_store_pruned_rows_total";
        let evicted = HashMap::from([(format!("{pruned}{{table=\"dead_letters\"}}"), 1.0)]);
        assert_eq!(after.moved(&before, pruned), evicted);

        // Everything is past its age a long time from now.
        log.prune_at(i64::MAX).await.unwrap();
        let pruned_all = Scrape::now().moved(&after, pruned);
        let table = |table: &str| format!("{pruned}{{table=\"{table}\"}}");
        let expected = HashMap::from([
            (table("events"), 3.0),
            (table("dedup_keys"), 2.0),
            (table("dead_letters"), 1.0),
        ]);
        assert_eq!(pruned_all, expected);

        // A database another process holds the write lock of: the append fails after the
        // lock's wait, and counts; the probe is no write of events and does not.
        let other = rusqlite::Connection::open(dir.path().join(DB_FILE)).unwrap();
        other.execute_batch("BEGIN IMMEDIATE").unwrap();
        let locked = Scrape::now();
        let appended = log.append("locked".into(), vec![task_event("T3")]).await;
        assert!(appended.is_err(), "{appended:?}");
        let failed = Scrape::now();
        assert_eq!(
            failed.get("wadispatch_store_write_errors_total", &[])
                - locked.get("wadispatch_store_write_errors_total", &[]),
            1.0
        );
        assert_eq!(
            failed.moved(&locked, "wadispatch_store_commits_total"),
            HashMap::new()
        );
        other.execute_batch("ROLLBACK").unwrap();
        log.append("locked".into(), vec![task_event("T3")])
            .await
            .unwrap();
        log.check_writable().await.unwrap();
        let unlocked = Scrape::now();
        let errors = "wadispatch_store_write_errors_total";
        assert_eq!(unlocked.get(errors, &[]), failed.get(errors, &[]));
    }

    /// A platform stand-in answering the task and account snapshots.
    async fn snapshot_platform() -> RecordingPlatform {
        let platform = RecordingPlatform::start().await;
        let task = serde_json::json!({"code": 200, "message": "success",
            "data": {"taskId": TASK, "status": 3, "info": []}});
        let path = routes::GET_TASK_EXECUTION_STATUS.path;
        platform.answer(path, 200, task.to_string());
        platform.answer_fixture(
            routes::LIST_ACCOUNTS.path,
            "17-queryWhatsAppStatus.response.json",
        );
        platform
    }

    /// The next task update that is not a heartbeat.
    async fn next_task_update(stream: &mut tonic::Streaming<WatchTaskResponse>) -> TaskUpdate {
        loop {
            match next(stream).await.update {
                Some(TaskUpdate::Heartbeat(_)) => continue,
                Some(update) => return update,
                None => panic!("a message without an update"),
            }
        }
    }

    #[tokio::test]
    #[ignore = "run alone in a child process by watch_streams_are_counted_while_open"]
    async fn watch_streams() {
        if !alone() {
            return;
        }
        let platform = snapshot_platform().await;
        let gateway = Gateway::start(upstream_settings(&platform.url())).await;
        let streams = |kind: &'static str| {
            move || async move { Scrape::now().get("wadispatch_watch_streams", &[("kind", kind)]) }
        };
        let before = Scrape::now();

        let mut tasks = TaskServiceClient::new(gateway.channel.clone());
        let mut watches = Vec::new();
        for _ in 0..2 {
            let request = WatchTaskRequest {
                task_id: TASK.into(),
                ..Default::default()
            };
            let mut stream = tasks.watch_task(request).await.unwrap().into_inner();
            // The snapshot comes from the stream's producer: it is running, and counted.
            let update = next_task_update(&mut stream).await;
            assert!(matches!(update, TaskUpdate::Snapshot(_)), "{update:?}");
            watches.push(stream);
        }
        let mut accounts = AccountServiceClient::new(gateway.channel.clone());
        let request = WatchAccountsRequest::default();
        let mut account_stream = accounts.watch_accounts(request).await.unwrap().into_inner();
        let first = next(&mut account_stream).await.update;
        assert!(
            matches!(first, Some(AccountUpdate::Snapshot(_))),
            "{first:?}"
        );
        let open = Scrape::now();
        assert_eq!(
            open.get("wadispatch_watch_streams", &[("kind", "task")]),
            2.0
        );
        assert_eq!(
            open.get("wadispatch_watch_streams", &[("kind", "accounts")]),
            1.0
        );
        // One fetch of the task's snapshot, shared by the second stream.
        let fetches = "wadispatch_snapshot_fetches_total";
        let hits = "wadispatch_snapshot_hits_total";
        assert_eq!(open.get(fetches, &[]) - before.get(fetches, &[]), 1.0);
        assert_eq!(open.get(hits, &[]) - before.get(hits, &[]), 1.0);

        let url = format!("{}{}", gateway.webhook_url, WebhookKind::TaskStatus.path());
        let example = fixture_text("wh-GS_V3_SYNC_TASK_STATUS.request.json");
        let answer = reqwest::Client::new()
            .post(url)
            .header("content-type", "application/json")
            .body(example)
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status().as_u16(), 200);
        for stream in &mut watches {
            let update = next_task_update(stream).await;
            assert!(matches!(update, TaskUpdate::TaskStatus(_)), "{update:?}");
        }

        // Gone with their clients, each stream uncounted.
        drop(watches);
        drop(account_stream);
        eventually("the task streams to end", || async {
            (streams("task")().await == 0.0).then_some(())
        })
        .await;
        eventually("the account stream to end", || async {
            (streams("accounts")().await == 0.0).then_some(())
        })
        .await;
        let ended = Scrape::now();
        let sent = "wadispatch_watch_events_sent_total";
        let events_sent = ended.moved(&before, sent);
        let expected = HashMap::from([(format!("{sent}{{kind=\"task\"}}"), 2.0)]);
        assert_eq!(events_sent, expected);
        // No stream fell behind.
        assert_eq!(
            ended.moved(&before, "wadispatch_watch_detached_total"),
            HashMap::new()
        );
    }

    #[tokio::test]
    #[ignore = "run alone in a child process by jetstream_commits_errors_usage_and_probe"]
    async fn jetstream_store() {
        if !alone() {
            return;
        }
        let nats_dir = tempfile::tempdir().unwrap();
        let mut node = NatsNode::single(nats_dir.path()).await;
        let settings = NatsSettings {
            unavailable_after: Duration::from_secs(2),
            request_timeout: Duration::from_secs(2),
            ..NatsSettings::new(vec![node.url()])
        };
        let log = Arc::new(
            JetStreamLog::open(LogSettings::default(), settings)
                .await
                .unwrap(),
        );
        log.check_writable().await.unwrap();
        let before = Scrape::now();
        // One message for a webhook about one task, one per task for a webhook about two.
        log.append("one".into(), vec![task_event("T1"), task_event("T1")])
            .await
            .unwrap();
        log.append("two".into(), vec![task_event("T2"), task_event("T3")])
            .await
            .unwrap();
        let redelivered = log.append("one".into(), vec![task_event("T1"), task_event("T1")]);
        assert!(matches!(
            redelivered.await.unwrap(),
            wadispatch_gateway::events::log::Appended::Duplicate
        ));
        let after = Scrape::now();
        let delta = |name: &str| after.get(name, &[]) - before.get(name, &[]);
        assert_eq!(delta("wadispatch_store_commits_total"), 3.0);
        assert_eq!(delta("wadispatch_store_commit_events_count"), 3.0);
        assert_eq!(delta("wadispatch_store_commit_events_sum"), 4.0);
        // A redelivery's failed expectation is no error.
        assert_eq!(delta("wadispatch_store_write_errors_total"), 0.0);

        let letter = NewDeadLetter::new("/p".into(), "text/plain".into(), "r".into(), b"x".into());
        log.dead_letter(letter).await.unwrap();
        let usage = log.usage().await.unwrap();
        assert_eq!(usage.bounds, log.bounds().await.unwrap());
        assert!(usage.bounds.latest > 0 && usage.bounds.oldest == Some(1));
        assert_eq!(usage.dead_letters, 1);
        assert!(usage.dead_letter_bytes > 0);
        assert!(usage.bytes > usage.dead_letter_bytes);

        // No server: the probe fails within its bound, and so does a write, which counts.
        node.stop().await;
        let probed = log.check_writable().await;
        assert!(probed.is_err(), "{probed:?}");
        let failing = Scrape::now();
        let appended = log.append("three".into(), vec![task_event("T4")]).await;
        assert!(appended.is_err(), "{appended:?}");
        let errors = "wadispatch_store_write_errors_total";
        let failed = Scrape::now();
        assert_eq!(failed.get(errors, &[]) - failing.get(errors, &[]), 1.0);

        node.restart().await;
        eventually("the probe to pass once the server is back", || async {
            log.check_writable().await.ok()
        })
        .await;
    }
}
