//! The SQLite event log against a real database in a temporary directory.

use std::collections::HashSet;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, Waker};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use prost_types::Timestamp;
use wadispatch_gateway::events::log::{
    read_dead_letters, Appended, Bounds, Dedup, EventLog, Filter, Fsync, LogError, LogSettings,
    NewDeadLetter, NewEvent, SqliteLog, DB_FILE, DEAD_LETTERS_IN_FLIGHT, DEAD_LETTER_TEXT_MAX,
};
use wadispatch_gateway::proto::v1::event::Kind;
use wadispatch_gateway::proto::v1::{AccountStatusChanged, Event, TaskStatusChanged};

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

fn timestamp(ms: i64) -> Option<Timestamp> {
    Some(Timestamp {
        seconds: ms.div_euclid(1000),
        nanos: (ms.rem_euclid(1000) * 1_000_000) as i32,
    })
}

fn task(task_id: &str, received_ms: i64) -> NewEvent {
    NewEvent {
        event: Event {
            kind: Some(Kind::TaskStatus(TaskStatusChanged {
                task_id: task_id.into(),
                ..Default::default()
            })),
            received_time: timestamp(received_ms),
        },
    }
}

fn account(phone: &str, received_ms: i64) -> NewEvent {
    NewEvent {
        event: Event {
            kind: Some(Kind::AccountStatus(AccountStatusChanged {
                phone: phone.into(),
                ..Default::default()
            })),
            received_time: timestamp(received_ms),
        },
    }
}

fn settings() -> LogSettings {
    LogSettings {
        fsync: Fsync::Normal,
        retention_age: Duration::from_millis(DAY_MS as u64),
        retention_bytes: 1 << 30,
        group_commit_max: 512,
        ..LogSettings::default()
    }
}

fn open(dir: &tempfile::TempDir, settings: LogSettings) -> SqliteLog {
    SqliteLog::open(&dir.path().join("data"), settings).unwrap()
}

/// Seqs and the task id / phone of each event read.
async fn read(log: &SqliteLog, after: u64, filter: Filter) -> Vec<(u64, String)> {
    log.read_after(after, &filter, 1000)
        .await
        .unwrap()
        .into_iter()
        .map(|stored| {
            let key = match stored.event.kind {
                Some(Kind::TaskStatus(e)) => e.task_id,
                Some(Kind::AccountStatus(e)) => e.phone,
                other => panic!("unexpected event {other:?}"),
            };
            (stored.seq, key)
        })
        .collect()
}

fn keyed(pairs: &[(u64, &str)]) -> Vec<(u64, String)> {
    pairs
        .iter()
        .map(|(seq, key)| (*seq, key.to_string()))
        .collect()
}

fn tasks(task_id: Option<&str>) -> Filter {
    Filter::Tasks {
        task_id: task_id.map(str::to_owned),
    }
}

fn accounts(phones: &[&str]) -> Filter {
    Filter::Accounts {
        phones: phones.iter().map(|p| p.to_string()).collect(),
    }
}

/// Polls a future once, so an append puts its request in the writer's queue without waiting.
fn poll_once<F: Future + ?Sized>(future: Pin<&mut F>) {
    let mut cx = Context::from_waker(Waker::noop());
    assert!(
        matches!(future.poll(&mut cx), Poll::Pending),
        "the writer is blocked, nothing can complete yet"
    );
}

/// Another connection holding the write lock: the writer cannot commit until it is released.
fn block_writer(dir: &tempfile::TempDir) -> rusqlite::Connection {
    let blocker = rusqlite::Connection::open(dir.path().join("data").join(DB_FILE)).unwrap();
    // The writer's own start-up prune may hold the lock for a moment.
    blocker.busy_timeout(Duration::from_secs(5)).unwrap();
    blocker.execute_batch("BEGIN IMMEDIATE").unwrap();
    blocker
}

#[tokio::test]
async fn creates_a_wal_database_in_the_directory() {
    let dir = tempfile::tempdir().unwrap();
    let log = open(&dir, settings());
    let path = dir.path().join("data").join(DB_FILE);
    assert!(path.exists());
    let conn = rusqlite::Connection::open(&path).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |row| row.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    assert_eq!(
        log.bounds().await.unwrap(),
        Bounds {
            oldest: None,
            latest: 0
        }
    );
}

#[tokio::test]
async fn appends_and_reads_in_order_with_filters() {
    let dir = tempfile::tempdir().unwrap();
    let log = open(&dir, settings());
    let now = now_ms();
    let first = log
        .append(
            "w1".into(),
            vec![task("t1", now), account("p1", now), task("t2", now)],
        )
        .await
        .unwrap();
    assert_eq!(
        first,
        Appended::Stored {
            first_seq: 1,
            last_seq: 3
        }
    );
    let second = log
        .append(
            "w2".into(),
            vec![account("p2", now), task("t1", now), account("p3", now)],
        )
        .await
        .unwrap();
    assert_eq!(
        second,
        Appended::Stored {
            first_seq: 4,
            last_seq: 6
        }
    );

    assert_eq!(
        read(&log, 0, tasks(None)).await,
        keyed(&[(1, "t1"), (3, "t2"), (5, "t1")])
    );
    assert_eq!(
        read(&log, 0, tasks(Some("t1"))).await,
        keyed(&[(1, "t1"), (5, "t1")])
    );
    assert_eq!(read(&log, 1, tasks(Some("t1"))).await, keyed(&[(5, "t1")]));
    assert_eq!(read(&log, 0, tasks(Some("nope"))).await, keyed(&[]));
    assert_eq!(
        read(&log, 0, accounts(&[])).await,
        keyed(&[(2, "p1"), (4, "p2"), (6, "p3")])
    );
    assert_eq!(
        read(&log, 0, accounts(&["p3", "p1", "p1"])).await,
        keyed(&[(2, "p1"), (6, "p3")])
    );
    assert_eq!(read(&log, 2, accounts(&["p1"])).await, keyed(&[]));
    assert_eq!(
        read(&log, 3, Filter::All).await,
        keyed(&[(4, "p2"), (5, "t1"), (6, "p3")])
    );

    // The limit takes the first matches after the cursor.
    let limited = log.read_after(0, &tasks(None), 2).await.unwrap();
    assert_eq!(
        limited.iter().map(|e| e.seq).collect::<Vec<_>>(),
        vec![1, 3]
    );
    assert!(log.read_after(0, &tasks(None), 0).await.unwrap().is_empty());

    // The payload round-trips whole, received time included.
    assert_eq!(limited[0].event, task("t1", now).event);
    assert_eq!(
        log.bounds().await.unwrap(),
        Bounds {
            oldest: Some(1),
            latest: 6
        }
    );
}

#[tokio::test]
async fn duplicate_key_stores_nothing_also_after_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let now = now_ms();
    {
        let log = open(&dir, settings());
        assert!(matches!(
            log.append("same".into(), vec![task("t1", now)])
                .await
                .unwrap(),
            Appended::Stored { .. }
        ));
        assert_eq!(
            log.append("same".into(), vec![task("t1", now), task("t2", now)])
                .await
                .unwrap(),
            Appended::Duplicate
        );
        assert_eq!(read(&log, 0, Filter::All).await, keyed(&[(1, "t1")]));
    }
    let log = open(&dir, settings());
    assert_eq!(
        log.append("same".into(), vec![task("t3", now)])
            .await
            .unwrap(),
        Appended::Duplicate
    );
    assert_eq!(read(&log, 0, Filter::All).await, keyed(&[(1, "t1")]));
    assert_eq!(log.bounds().await.unwrap().latest, 1);
}

#[tokio::test]
async fn duplicate_key_within_one_group_commit() {
    let dir = tempfile::tempdir().unwrap();
    let log = open(
        &dir,
        LogSettings {
            fsync: Fsync::Full,
            ..settings()
        },
    );
    log.bounds().await.unwrap();
    let now = now_ms();

    // Another connection holds the write lock, so the writer cannot commit while every append
    // below is queued; they then go out in at most two transactions (the first one the writer
    // took before blocking, and all the rest).
    let blocker = block_writer(&dir);
    let before = log.commits();
    let mut appends: Vec<_> = (0..50)
        .map(|i| log.append("dup".into(), vec![task(&format!("t{i}"), now)]))
        .collect();
    for append in &mut appends {
        poll_once(append.as_mut());
    }
    blocker.execute_batch("COMMIT").unwrap();
    let mut outcomes = Vec::new();
    for append in appends {
        outcomes.push(append.await.unwrap());
    }

    assert!(log.commits() - before <= 2, "commits: {}", log.commits());
    let stored: Vec<_> = outcomes
        .iter()
        .filter(|outcome| matches!(outcome, Appended::Stored { .. }))
        .collect();
    assert_eq!(
        stored,
        vec![&Appended::Stored {
            first_seq: 1,
            last_seq: 1
        }]
    );
    assert_eq!(read(&log, 0, Filter::All).await, keyed(&[(1, "t0")]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_appends_share_commits() {
    let dir = tempfile::tempdir().unwrap();
    let log = Arc::new(open(&dir, settings()));
    log.bounds().await.unwrap();
    let now = now_ms();
    const APPENDS: usize = 200;
    let barrier = Arc::new(tokio::sync::Barrier::new(APPENDS));
    let before = log.commits();
    let tasks: Vec<_> = (0..APPENDS)
        .map(|i| {
            let log = log.clone();
            let barrier = barrier.clone();
            tokio::spawn(async move {
                barrier.wait().await;
                log.append(
                    format!("webhook-{i}").into(),
                    vec![task(&format!("t{i}"), now), account(&format!("p{i}"), now)],
                )
                .await
                .unwrap()
            })
        })
        .collect();
    let mut seqs = HashSet::new();
    for task in tasks {
        match task.await.unwrap() {
            Appended::Stored {
                first_seq,
                last_seq,
            } => {
                assert_eq!(
                    last_seq,
                    first_seq + 1,
                    "one webhook's events are contiguous"
                );
                assert!(seqs.insert(first_seq) && seqs.insert(last_seq));
            }
            other => panic!("distinct keys are stored: {other:?}"),
        }
    }
    assert_eq!(seqs, (1..=2 * APPENDS as u64).collect());
    let commits = log.commits() - before;
    assert!(
        commits < APPENDS as u64,
        "group commit: {commits} commits for {APPENDS} appends"
    );
    assert_eq!(
        log.read_after(0, &Filter::All, 1000).await.unwrap().len(),
        2 * APPENDS
    );
}

#[tokio::test]
async fn deterministic_burst_is_one_or_two_commits() {
    let dir = tempfile::tempdir().unwrap();
    let log = open(&dir, settings());
    log.bounds().await.unwrap();
    let now = now_ms();
    let blocker = block_writer(&dir);
    let mut appends: Vec<_> = (0..200)
        .map(|i| log.append(format!("k{i}").into(), vec![task("t", now)]))
        .collect();
    for append in &mut appends {
        poll_once(append.as_mut());
    }
    blocker.execute_batch("COMMIT").unwrap();
    let mut last = 0;
    for append in appends {
        match append.await.unwrap() {
            // Queue order is seq order.
            Appended::Stored {
                first_seq,
                last_seq,
            } => {
                assert_eq!((first_seq, last_seq), (last + 1, last + 1));
                last = last_seq;
            }
            other => panic!("distinct keys: {other:?}"),
        }
    }
    assert!(log.commits() <= 2, "commits: {}", log.commits());
}

#[tokio::test]
async fn group_commit_max_caps_a_batch() {
    let dir = tempfile::tempdir().unwrap();
    let log = open(
        &dir,
        LogSettings {
            group_commit_max: 10,
            ..settings()
        },
    );
    log.bounds().await.unwrap();
    let now = now_ms();
    let blocker = block_writer(&dir);
    let mut appends: Vec<_> = (0..100)
        .map(|i| log.append(format!("k{i}").into(), vec![task("t", now)]))
        .collect();
    for append in &mut appends {
        poll_once(append.as_mut());
    }
    blocker.execute_batch("COMMIT").unwrap();
    for append in appends {
        append.await.unwrap();
    }
    // 100 requests in batches of at most 10, plus perhaps a first batch taken before blocking.
    assert!((10..=11).contains(&log.commits()), "{}", log.commits());
}

#[tokio::test]
async fn latest_watch_follows_commits() {
    let dir = tempfile::tempdir().unwrap();
    let now = now_ms();
    {
        let log = open(&dir, settings());
        let mut latest = log.latest();
        assert_eq!(*latest.borrow_and_update(), 0);
        log.append("a".into(), vec![task("t", now), task("t", now)])
            .await
            .unwrap();
        // Published before append returned.
        assert!(latest.has_changed().unwrap());
        assert_eq!(*latest.borrow_and_update(), 2);

        let waiter = tokio::spawn(async move {
            latest.changed().await.unwrap();
            *latest.borrow_and_update()
        });
        log.append("b".into(), vec![account("p", now)])
            .await
            .unwrap();
        assert_eq!(waiter.await.unwrap(), 3);

        // A duplicate commits nothing new: no change.
        let mut latest = log.latest();
        log.append("b".into(), vec![account("p", now)])
            .await
            .unwrap();
        assert!(!latest.has_changed().unwrap());
        assert_eq!(*latest.borrow_and_update(), 3);
    }
    let log = open(&dir, settings());
    assert_eq!(*log.latest().borrow(), 3);
}

#[tokio::test]
async fn empty_append_records_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let log = open(&dir, settings());
    let now = now_ms();
    log.append("a".into(), vec![task("t", now)]).await.unwrap();
    assert_eq!(
        log.append("empty".into(), Vec::new()).await.unwrap(),
        Appended::Stored {
            first_seq: 2,
            last_seq: 1
        }
    );
    assert_eq!(
        log.append("empty".into(), vec![task("t", now)])
            .await
            .unwrap(),
        Appended::Duplicate
    );
}

#[tokio::test]
async fn prune_by_age_removes_a_prefix() {
    let dir = tempfile::tempdir().unwrap();
    let log = open(&dir, settings());
    let now = now_ms();
    let old = now - 2 * DAY_MS;
    log.append("old1".into(), vec![task("t", old), account("p", old)])
        .await
        .unwrap();
    log.append("old2".into(), vec![task("t", old)])
        .await
        .unwrap();
    log.append("new".into(), vec![task("t", now), account("p", now)])
        .await
        .unwrap();
    // Old again, but after a young one: kept so the retained seqs have no hole.
    log.append("late-old".into(), vec![task("t", old)])
        .await
        .unwrap();
    log.dead_letter(NewDeadLetter::new(
        "/x".into(),
        "text/plain".into(),
        "bad".into(),
        b"x".to_vec(),
    ))
    .await
    .unwrap();

    let pruned = log.prune().await.unwrap();
    assert_eq!(pruned.events, 3);
    assert_eq!(
        log.bounds().await.unwrap(),
        Bounds {
            oldest: Some(4),
            latest: 6
        }
    );
    assert_eq!(
        read(&log, 0, Filter::All).await,
        keyed(&[(4, "t"), (5, "p"), (6, "t")])
    );
    // Dedup keys are as old as their append, not as the event's received time.
    assert_eq!(
        log.append("old1".into(), vec![task("t", now)])
            .await
            .unwrap(),
        Appended::Duplicate
    );
    assert_eq!(log.dead_letters(10).await.unwrap().len(), 1);

    // Two days on, everything is past retention: events, dedup keys and dead letters.
    let pruned = log.prune_at(now_ms() + 2 * DAY_MS).await.unwrap();
    assert_eq!(pruned.events, 3);
    assert_eq!(pruned.dedup_keys, 4);
    assert_eq!(pruned.dead_letters, 1);
    assert_eq!(
        log.bounds().await.unwrap(),
        Bounds {
            oldest: None,
            latest: 6
        }
    );
    assert!(log.dead_letters(10).await.unwrap().is_empty());
    assert_eq!(
        log.append("old1".into(), vec![task("t", now)])
            .await
            .unwrap(),
        Appended::Stored {
            first_seq: 7,
            last_seq: 7
        }
    );
}

#[tokio::test]
async fn prune_by_bytes_keeps_dedup_keys() {
    let dir = tempfile::tempdir().unwrap();
    let now = now_ms();
    let one = {
        use prost::Message;
        task("t", now).event.encoded_len() as u64
    };
    let log = open(
        &dir,
        LogSettings {
            retention_bytes: 3 * one,
            ..settings()
        },
    );
    for i in 0..10 {
        log.append(format!("k{i}").into(), vec![task("t", now)])
            .await
            .unwrap();
    }
    let pruned = log.prune().await.unwrap();
    assert_eq!(pruned.events, 7);
    assert_eq!(pruned.dedup_keys, 0);
    assert_eq!(
        log.bounds().await.unwrap(),
        Bounds {
            oldest: Some(8),
            latest: 10
        }
    );
    assert_eq!(
        read(&log, 0, tasks(Some("t"))).await,
        keyed(&[(8, "t"), (9, "t"), (10, "t")])
    );
    // A redelivery of a webhook whose events were pruned for size is still recognised.
    assert_eq!(
        log.append("k0".into(), vec![task("t", now)]).await.unwrap(),
        Appended::Duplicate
    );
    // Within budget: nothing more goes.
    assert_eq!(log.prune().await.unwrap().events, 0);
}

#[tokio::test]
async fn seqs_are_never_reused_after_pruning_and_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let now = now_ms();
    {
        let log = open(&dir, settings());
        for i in 0..5 {
            log.append(format!("k{i}").into(), vec![task("t", now)])
                .await
                .unwrap();
        }
        // Everything, the newest event included, is pruned.
        log.prune_at(now + 2 * DAY_MS).await.unwrap();
        assert_eq!(
            log.bounds().await.unwrap(),
            Bounds {
                oldest: None,
                latest: 5
            }
        );
    }
    let log = open(&dir, settings());
    assert_eq!(
        log.bounds().await.unwrap(),
        Bounds {
            oldest: None,
            latest: 5
        }
    );
    assert_eq!(*log.latest().borrow(), 5);
    assert_eq!(
        log.append("k5".into(), vec![task("t", now)]).await.unwrap(),
        Appended::Stored {
            first_seq: 6,
            last_seq: 6
        }
    );
    assert_eq!(read(&log, 0, Filter::All).await, keyed(&[(6, "t")]));
}

#[tokio::test]
async fn reopened_log_continues_after_the_last_seq() {
    let dir = tempfile::tempdir().unwrap();
    let now = now_ms();
    {
        let log = open(&dir, settings());
        log.append("a".into(), vec![task("t", now), account("p", now)])
            .await
            .unwrap();
    }
    let log = open(&dir, settings());
    assert_eq!(
        log.bounds().await.unwrap(),
        Bounds {
            oldest: Some(1),
            latest: 2
        }
    );
    assert_eq!(
        log.append("b".into(), vec![task("t", now)]).await.unwrap(),
        Appended::Stored {
            first_seq: 3,
            last_seq: 3
        }
    );
    assert_eq!(
        read(&log, 0, Filter::All).await,
        keyed(&[(1, "t"), (2, "p"), (3, "t")])
    );
}

#[tokio::test]
async fn dead_letters_are_kept_newest_first() {
    let dir = tempfile::tempdir().unwrap();
    {
        let log = open(&dir, settings());
        for i in 1..=3u8 {
            let id = log
                .dead_letter(NewDeadLetter::new(
                    format!("/callback/{i}"),
                    "application/json".into(),
                    format!("reason {i}"),
                    vec![i; 3],
                ))
                .await
                .unwrap();
            assert_eq!(id, u64::from(i));
        }
    }
    let log = open(&dir, settings());
    let letters = log.dead_letters(2).await.unwrap();
    assert_eq!(letters.iter().map(|l| l.id).collect::<Vec<_>>(), vec![3, 2]);
    let newest = &letters[0];
    assert_eq!(newest.path, "/callback/3");
    assert_eq!(newest.content_type, "application/json");
    assert_eq!(newest.reason, "reason 3");
    assert_eq!(newest.body, vec![3, 3, 3]);
    assert!((now_ms() - newest.received_ms).abs() < 60_000);
    assert_eq!(log.dead_letters(10).await.unwrap().len(), 3);
}

// ---------------------------------------------------------------------------------------------
// Dead-letter caps.

/// A dead letter whose texts take [`TEXTS`] bytes and whose body is `body` bytes.
fn letter(n: u32, body: usize) -> NewDeadLetter {
    NewDeadLetter::new(
        "/p".into(),
        "application/json".into(),
        format!("reason {n:04}"),
        vec![b'a'; body],
    )
}

/// Bytes the texts of `letter` take: "/p", "application/json", "reason NNNN".
const TEXTS: u64 = 2 + 16 + 11;

/// The test settings with the dead letters capped at `max_count`.
fn count_capped(max_count: u64) -> LogSettings {
    LogSettings {
        dead_letter_max_count: max_count,
        ..settings()
    }
}

/// Ids (newest first) of the letters kept, and their bytes as the database sums them.
async fn kept(log: &SqliteLog, dir: &tempfile::TempDir) -> (Vec<u64>, u64) {
    let ids = log
        .dead_letters(1000)
        .await
        .unwrap()
        .iter()
        .map(|l| l.id)
        .collect();
    let conn = rusqlite::Connection::open(dir.path().join("data").join(DB_FILE)).unwrap();
    let bytes: i64 = conn
        .query_row(
            "SELECT COALESCE(SUM(length(body) + length(CAST(path AS BLOB))
                 + length(CAST(content_type AS BLOB)) + length(CAST(reason AS BLOB))), 0)
             FROM dead_letters",
            [],
            |row| row.get(0),
        )
        .unwrap();
    (ids, bytes as u64)
}

#[tokio::test]
async fn dead_letters_are_capped_by_count_oldest_first() {
    let dir = tempfile::tempdir().unwrap();
    let log = open(&dir, count_capped(3));
    for n in 1..=7 {
        assert_eq!(log.dead_letter(letter(n, 10)).await.unwrap(), u64::from(n));
        let (ids, _) = kept(&log, &dir).await;
        let oldest_kept = u64::from(n).saturating_sub(2).max(1);
        assert_eq!(ids, (oldest_kept..=u64::from(n)).rev().collect::<Vec<_>>());
    }
    // Pruning finds nothing more to do; the caps hold across a reopen.
    assert_eq!(log.prune().await.unwrap().dead_letters, 0);
    drop(log);
    let log = open(&dir, count_capped(3));
    log.dead_letter(letter(8, 10)).await.unwrap();
    assert_eq!(kept(&log, &dir).await.0, vec![8, 7, 6]);
}

#[tokio::test]
async fn dead_letters_are_capped_by_bytes_oldest_first() {
    let dir = tempfile::tempdir().unwrap();
    let one = TEXTS + 100;
    // Room for two and a half letters.
    let cap = 2 * one + one / 2;
    let log = open(
        &dir,
        LogSettings {
            dead_letter_max_bytes: cap,
            ..settings()
        },
    );
    for n in 1..=6 {
        log.dead_letter(letter(n, 100)).await.unwrap();
        let (ids, bytes) = kept(&log, &dir).await;
        assert!(bytes <= cap, "{bytes} bytes kept, cap {cap}");
        let expected: Vec<u64> = (1..=u64::from(n)).rev().take(2).collect();
        assert_eq!(ids, expected, "the newest two after {n}");
    }
    // A larger letter makes room by evicting as many of the oldest as it needs.
    let big = letter(7, (cap - TEXTS) as usize);
    log.dead_letter(big).await.unwrap();
    let (ids, bytes) = kept(&log, &dir).await;
    assert_eq!(ids, vec![7]);
    assert_eq!(bytes, cap);
}

#[tokio::test]
async fn dead_letter_bodies_are_cut_and_keep_their_original_length() {
    let dir = tempfile::tempdir().unwrap();
    let log = open(
        &dir,
        LogSettings {
            dead_letter_body_max_bytes: 64,
            ..settings()
        },
    );
    log.dead_letter(letter(1, 1000)).await.unwrap();
    log.dead_letter(letter(2, 64)).await.unwrap();
    // A body that was not read whole: its first bytes and the length the sender declared.
    log.dead_letter(NewDeadLetter {
        original_len: 50_000_000,
        ..letter(3, 10)
    })
    .await
    .unwrap();
    // A reason or content type far longer than any real one is cut too.
    log.dead_letter(NewDeadLetter::new(
        "/p".into(),
        "é".repeat(10_000),
        "r".repeat(100_000),
        Vec::new(),
    ))
    .await
    .unwrap();
    drop(log);
    let log = open(&dir, settings());
    let letters = log.dead_letters(10).await.unwrap();
    let cut: Vec<_> = letters
        .iter()
        .map(|l| (l.id, l.body.len(), l.original_len, l.truncated()))
        .collect();
    assert_eq!(
        cut,
        vec![
            (4, 0, 0, false),
            (3, 10, 50_000_000, true),
            (2, 64, 64, false),
            (1, 64, 1000, true)
        ]
    );
    let texts = &letters[0];
    assert!(
        texts.reason.len() <= DEAD_LETTER_TEXT_MAX,
        "{}",
        texts.reason.len()
    );
    assert!(texts.content_type.len() <= DEAD_LETTER_TEXT_MAX);
    assert!(texts.content_type.starts_with('é') && texts.content_type.ends_with('…'));
}

#[tokio::test]
async fn dead_letters_are_still_pruned_by_age() {
    let dir = tempfile::tempdir().unwrap();
    let log = open(&dir, count_capped(3));
    for n in 1..=3 {
        log.dead_letter(letter(n, 10)).await.unwrap();
    }
    let pruned = log.prune_at(now_ms() + 2 * DAY_MS).await.unwrap();
    assert_eq!(pruned.dead_letters, 3);
    // The running totals followed: a full set of new letters fits the count cap again.
    for n in 4..=6 {
        log.dead_letter(letter(n, 10)).await.unwrap();
    }
    let reasons: Vec<String> = log
        .dead_letters(10)
        .await
        .unwrap()
        .into_iter()
        .map(|l| l.reason)
        .collect();
    assert_eq!(reasons, ["reason 0006", "reason 0005", "reason 0004"]);
}

#[tokio::test]
async fn lowered_caps_apply_when_the_log_is_opened() {
    let dir = tempfile::tempdir().unwrap();
    {
        let log = open(&dir, settings());
        for n in 1..=5 {
            log.dead_letter(letter(n, 100)).await.unwrap();
        }
    }
    let log = open(&dir, count_capped(2));
    // The writer prunes once at start, before it takes any request.
    log.prune().await.unwrap();
    assert_eq!(kept(&log, &dir).await.0, vec![5, 4]);
}

#[tokio::test]
async fn a_failing_dead_letter_never_fails_the_appends_of_its_batch() {
    let dir = tempfile::tempdir().unwrap();
    let log = open(&dir, settings());
    log.bounds().await.unwrap();
    let now = now_ms();
    // While the writer is blocked, dead-letter inserts start failing (as on a full disk), and
    // appends and dead letters queue up together to share one batch.
    let blocker = block_writer(&dir);
    blocker
        .execute_batch(
            "CREATE TRIGGER no_room BEFORE INSERT ON dead_letters
             BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;",
        )
        .unwrap();
    let mut appends = Vec::new();
    let mut letters = Vec::new();
    for i in 0..20 {
        let mut append = log.append(format!("k{i}").into(), vec![task("t", now)]);
        poll_once(append.as_mut());
        appends.push(append);
        let mut dead = log.dead_letter(letter(i, 10));
        poll_once(dead.as_mut());
        letters.push(dead);
    }
    blocker.execute_batch("COMMIT").unwrap();
    for (i, append) in appends.into_iter().enumerate() {
        assert!(
            matches!(append.await, Ok(Appended::Stored { .. })),
            "append {i} is stored"
        );
    }
    for dead in letters {
        assert!(dead.await.is_err());
    }
    assert_eq!(read(&log, 0, Filter::All).await.len(), 20);
    assert!(log.dead_letters(10).await.unwrap().is_empty());
}

#[tokio::test]
async fn dead_letters_beyond_the_queue_bound_are_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let log = open(&dir, settings());
    log.bounds().await.unwrap();
    let blocker = block_writer(&dir);
    let mut queued = Vec::new();
    for i in 0..DEAD_LETTERS_IN_FLIGHT {
        let mut dead = Box::pin(log.dead_letter(letter(i as u32, 10)));
        poll_once(dead.as_mut());
        queued.push(dead);
    }
    // The queue is full: the next one is refused without waiting for the writer.
    let refused = log.dead_letter(letter(9999, 10)).await;
    assert!(
        matches!(refused, Err(LogError::DeadLettersBusy)),
        "{refused:?}"
    );
    blocker.execute_batch("COMMIT").unwrap();
    for dead in queued {
        dead.await.unwrap();
    }
    // Slots are free again.
    log.dead_letter(letter(10_000, 10)).await.unwrap();
}

// ---------------------------------------------------------------------------------------------
// Verified message ids.

fn message(scope: &str, id: &str, content: u8) -> Dedup {
    Dedup::MessageId {
        scope: scope.into(),
        id: id.into(),
        digest: [content; 32],
    }
}

#[tokio::test]
async fn message_ids_dedup_by_scope_and_content() {
    let dir = tempfile::tempdir().unwrap();
    let now = now_ms();
    {
        let log = open(&dir, settings());
        let append = |dedup: Dedup| log.append(dedup, vec![task("t", now)]);
        assert!(matches!(
            append(message("A", "42", 1)).await.unwrap(),
            Appended::Stored { .. }
        ));
        assert_eq!(
            append(message("A", "42", 1)).await.unwrap(),
            Appended::Duplicate
        );
        // Another content under the same id: stored, and reported.
        assert_eq!(
            append(message("A", "42", 2)).await.unwrap(),
            Appended::Conflicting {
                first_seq: 2,
                last_seq: 2
            }
        );
        // Either content again is a redelivery.
        assert_eq!(
            append(message("A", "42", 2)).await.unwrap(),
            Appended::Duplicate
        );
        assert_eq!(
            append(message("A", "42", 1)).await.unwrap(),
            Appended::Duplicate
        );
        // The same id in another scope is another message.
        assert!(matches!(
            append(message("B", "42", 1)).await.unwrap(),
            Appended::Stored { .. }
        ));
        // An id that embeds what looks like another key's parts is just another id.
        assert!(matches!(
            append(message("A", "42:x", 1)).await.unwrap(),
            Appended::Stored { .. }
        ));
    }
    // Across a restart too.
    let log = open(&dir, settings());
    for (scope, id, content) in [("A", "42", 1), ("A", "42", 2), ("B", "42", 1)] {
        assert_eq!(
            log.append(message(scope, id, content), vec![task("t", now)])
                .await
                .unwrap(),
            Appended::Duplicate
        );
    }
    assert_eq!(read(&log, 0, Filter::All).await.len(), 4);
}

#[tokio::test]
async fn a_database_of_an_older_version_is_upgraded_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let path = data.join(DB_FILE);
    {
        // The schema as released before dead-letter caps and verified message ids.
        let old = rusqlite::Connection::open(&path).unwrap();
        old.execute_batch(
            "PRAGMA journal_mode = WAL;
             CREATE TABLE events (seq INTEGER PRIMARY KEY AUTOINCREMENT, received_ms INTEGER NOT NULL,
                 stream TEXT NOT NULL, key TEXT NOT NULL, payload BLOB NOT NULL);
             CREATE TABLE dedup (key TEXT PRIMARY KEY, received_ms INTEGER NOT NULL) WITHOUT ROWID;
             CREATE TABLE dead_letters (id INTEGER PRIMARY KEY, received_ms INTEGER NOT NULL,
                 path TEXT NOT NULL, content_type TEXT NOT NULL, reason TEXT NOT NULL,
                 body BLOB NOT NULL);",
        )
        .unwrap();
        let now = now_ms();
        old.execute(
            "INSERT INTO dedup (key, received_ms) VALUES ('body:K:abc', ?1)",
            [now],
        )
        .unwrap();
        old.execute(
            "INSERT INTO dead_letters (received_ms, path, content_type, reason, body)
             VALUES (?1, '/old', 'text/plain', 'old reason', X'0102030405')",
            [now],
        )
        .unwrap();
    }
    // Inspecting it read-only works before any upgrade.
    let before = read_dead_letters(&data, 10).unwrap();
    assert_eq!((before[0].original_len, before[0].truncated()), (5, false));

    let log = open(&dir, settings());
    let letters = log.dead_letters(10).await.unwrap();
    assert_eq!(letters.len(), 1);
    assert_eq!(letters[0].body, vec![1, 2, 3, 4, 5]);
    assert_eq!(
        (letters[0].original_len, letters[0].truncated()),
        (5, false)
    );
    assert_eq!(
        log.append("body:K:abc".into(), vec![task("t", now_ms())])
            .await
            .unwrap(),
        Appended::Duplicate,
        "dedup keys of the old version still count"
    );
    assert!(matches!(
        log.append(message("A", "1", 1), vec![task("t", now_ms())])
            .await
            .unwrap(),
        Appended::Stored { .. }
    ));
    log.dead_letter(NewDeadLetter {
        original_len: 99,
        ..letter(1, 3)
    })
    .await
    .unwrap();
    assert_eq!(log.dead_letters(1).await.unwrap()[0].original_len, 99);
}
