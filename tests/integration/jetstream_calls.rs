//! The audit trail, the request records, the dead letters and the shared recipient charges of the
//! NATS JetStream store, against a real nats-server, through `JetStreamLog` and the `EventLog`
//! trait: the answers the SQLite store gives (tests/integration/{idempotency,callers,event_log}.rs
//! hold its side), and what only a shared store has to answer for: two replicas claiming one
//! request id, and each replica seeing the other's charges but not its own.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use tokio::sync::mpsc;
use wadispatch_gateway::callers::guard::Guard;
use wadispatch_gateway::callers::{Caller, CallerSource, Grants, KeyLimits};
use wadispatch_gateway::events::audit::{AuditEntry, AuditOutcome, AuditQuery, AuditRecord};
use wadispatch_gateway::events::log::requests::{
    EarlierRequest, EarlierState, RequestClaim, RequestEnd, RequestKey,
};
use wadispatch_gateway::events::log::{
    CallBegun, EventLog, JetStreamLog, LogError, LogSettings, NatsSettings, NewDeadLetter,
    DEAD_LETTERS_IN_FLIGHT, DEAD_LETTER_TEXT_MAX,
};
use wadispatch_gateway::upstream::routes;

use crate::common::nats::{CutProxy, NatsNode};

const MINUTE_MS: i64 = 60_000;
/// How long a read of the follower may wait before the test fails instead of hanging.
const READ_BOUND: Duration = Duration::from_secs(20);

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// A node of its own for one test, and the directory it keeps its store in.
struct Server {
    node: NatsNode,
    _dir: tempfile::TempDir,
}

impl Server {
    async fn start() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let node = NatsNode::single(dir.path()).await;
        Server { node, _dir: dir }
    }

    /// A replica of the store with `settings`.
    async fn open(&self, settings: LogSettings) -> JetStreamLog {
        open_at(&self.node.url(), settings).await
    }
}

async fn open_at(url: &str, settings: LogSettings) -> JetStreamLog {
    JetStreamLog::open(settings, NatsSettings::new(vec![url.to_owned()]))
        .await
        .unwrap()
}

fn entry(caller: &str, rpc: &str, time_ms: i64, recipients: u64) -> AuditEntry {
    AuditEntry {
        time_ms,
        caller: caller.into(),
        caller_source: "api_key",
        rpc: rpc.into(),
        platform_path: routes::START_TASKS.path,
        subjects: vec!["task:t1".into()],
        recipients,
        request_bytes: 42,
        request_id: None,
    }
}

fn outcome(grpc_code: &'static str, charged: bool) -> AuditOutcome {
    AuditOutcome {
        grpc_code,
        platform_code: None,
        subjects: Vec::new(),
        charged,
    }
}

fn key(caller: &str, request_id: &str) -> RequestKey {
    RequestKey {
        caller: caller.into(),
        request_id: request_id.into(),
    }
}

fn claim(key: &RequestKey, request: u8, started_ms: i64) -> RequestClaim {
    RequestClaim {
        key: key.clone(),
        digest: [request; 32],
        started_ms,
    }
}

/// Begins a call that must be recorded; answers its audit id.
async fn recorded(log: &JetStreamLog, entry: AuditEntry, claim: Option<RequestClaim>) -> u64 {
    match log.begin_call(entry, claim).await.unwrap() {
        CallBegun::Recorded { audit_id, .. } => audit_id,
        other => panic!("not recorded: {other:?}"),
    }
}

/// Begins a call whose request id must be found taken.
async fn earlier(log: &JetStreamLog, entry: AuditEntry, claim: RequestClaim) -> EarlierRequest {
    match log.begin_call(entry, Some(claim)).await.unwrap() {
        CallBegun::Earlier(earlier) => earlier,
        other => panic!("not an earlier call: {other:?}"),
    }
}

fn everything() -> AuditQuery {
    AuditQuery {
        limit: 10_000,
        ..Default::default()
    }
}

async fn rpcs(log: &JetStreamLog, query: AuditQuery) -> Vec<String> {
    let records = log.audit_records(query).await.unwrap();
    records.into_iter().map(|record| record.rpc).collect()
}

async fn next_charge<T>(charges: &mut mpsc::Receiver<T>) -> T {
    tokio::time::timeout(READ_BOUND, charges.recv())
        .await
        .expect("a charge within the bound")
        .expect("the follower runs")
}

#[tokio::test]
async fn a_call_is_recorded_with_its_claim_and_settled_with_its_answer() {
    let server = Server::start().await;
    let log = server.open(LogSettings::default()).await;
    let now = now_ms();
    let id = key("k", "6f1c8d2e-1111-4222-8333-444455556666");
    let begun = log
        .begin_call(entry("k", "create-1", now, 3), Some(claim(&id, 1, now)))
        .await
        .unwrap();
    let CallBegun::Recorded { audit_id, cursor } = begun else {
        panic!("{begun:?}")
    };
    assert_eq!(cursor, 0, "no event was appended yet");
    // Recorded before the platform is called: not completed, its recipients charged.
    let records = log.audit_records(everything()).await.unwrap();
    assert_eq!(records.len(), 1);
    let record = &records[0];
    assert_eq!(record.id, audit_id);
    assert!(!record.completed && record.charged && record.grpc_code.is_none());

    // A duplicate while the first is under way (another replica's, or after a lost answer).
    let in_flight = earlier(
        &log,
        entry("k", "create-1", now + 5, 3),
        claim(&id, 1, now + 5),
    )
    .await;
    assert_eq!(
        in_flight,
        EarlierRequest {
            same_request: true,
            started_ms: now,
            started_seq: 0,
            state: EarlierState::InFlight,
        }
    );

    let mut ok = outcome("OK", true);
    ok.subjects = vec!["task:created".into()];
    log.end_call(
        audit_id,
        ok,
        Some((
            id.clone(),
            RequestEnd::Answered(Some(b"the answer".to_vec())),
        )),
    )
    .await
    .unwrap();
    let answered = earlier(
        &log,
        entry("k", "create-1", now + 9, 3),
        claim(&id, 1, now + 9),
    )
    .await;
    assert_eq!(
        answered.state,
        EarlierState::Answered(Some(b"the answer".to_vec()))
    );
    assert!(answered.same_request);
    // The same id with another request is told apart; another caller's same id is its own.
    assert!(
        !earlier(&log, entry("k", "create-2", now, 3), claim(&id, 2, now))
            .await
            .same_request
    );
    let theirs = key("other", &id.request_id);
    recorded(
        &log,
        entry("other", "create-3", now, 0),
        Some(claim(&theirs, 1, now)),
    )
    .await;

    let record = log.audit_records(everything()).await.unwrap().remove(0);
    assert_eq!(
        record,
        AuditRecord {
            id: audit_id,
            time_ms: now,
            caller: "k".into(),
            caller_source: "api_key".into(),
            rpc: "create-1".into(),
            platform_path: routes::START_TASKS.path.into(),
            subjects: vec!["task:t1".into(), "task:created".into()],
            recipients: 3,
            charged: true,
            request_bytes: 42,
            request_id: None,
            completed: true,
            grpc_code: Some("OK".into()),
            platform_code: None,
        }
    );
    // Ending twice (a retry of a lost answer) changes nothing.
    log.end_call(audit_id, outcome("OK", true), None)
        .await
        .unwrap();
    assert_eq!(log.audit_records(everything()).await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_failed_call_frees_its_request_id_and_an_unknown_or_secret_one_never_does() {
    let server = Server::start().await;
    let log = server.open(LogSettings::default()).await;
    let now = now_ms();
    let failed = key("k", "failed");
    let first = recorded(&log, entry("k", "c", now, 0), Some(claim(&failed, 1, now))).await;
    log.end_call(
        first,
        outcome("INVALID_ARGUMENT", false),
        Some((failed.clone(), RequestEnd::Failed)),
    )
    .await
    .unwrap();
    let retry = recorded(
        &log,
        entry("k", "c", now + 1, 0),
        Some(claim(&failed, 1, now + 1)),
    )
    .await;
    assert!(retry > first);

    let unknown = key("k", "unknown");
    let id = recorded(&log, entry("k", "c", now, 0), Some(claim(&unknown, 1, now))).await;
    log.end_call(
        id,
        outcome("DEADLINE_EXCEEDED", true),
        Some((unknown.clone(), RequestEnd::Unknown)),
    )
    .await
    .unwrap();
    let told = earlier(
        &log,
        entry("k", "c", now + 1, 0),
        claim(&unknown, 1, now + 1),
    )
    .await;
    assert_eq!(told.state, EarlierState::Unknown);

    // An answer holding a secret is not kept: the retry is told it succeeded, nothing more.
    let secret = key("k", "secret");
    let id = recorded(&log, entry("k", "qr", now, 0), Some(claim(&secret, 1, now))).await;
    log.end_call(
        id,
        outcome("OK", true),
        Some((secret.clone(), RequestEnd::Answered(None))),
    )
    .await
    .unwrap();
    let told = earlier(
        &log,
        entry("k", "qr", now + 1, 0),
        claim(&secret, 1, now + 1),
    )
    .await;
    assert_eq!(told.state, EarlierState::Answered(None));
}

#[tokio::test]
async fn a_request_id_is_forgotten_after_its_retention_but_never_while_in_flight() {
    let server = Server::start().await;
    let retention = Duration::from_secs(60);
    let log = server
        .open(LogSettings {
            request_retention: retention,
            ..LogSettings::default()
        })
        .await;
    let now = now_ms();
    let past = now - 2 * 60_000;
    let settled = key("k", "settled");
    let id = recorded(
        &log,
        entry("k", "c", past, 0),
        Some(claim(&settled, 1, past)),
    )
    .await;
    log.end_call(
        id,
        outcome("OK", true),
        Some((settled.clone(), RequestEnd::Answered(Some(vec![1])))),
    )
    .await
    .unwrap();
    // Two minutes after its start, a minute's retention has passed: sent again.
    recorded(&log, entry("k", "c", now, 0), Some(claim(&settled, 1, now))).await;

    let in_flight = key("k", "in-flight");
    recorded(
        &log,
        entry("k", "c", past, 0),
        Some(claim(&in_flight, 1, past)),
    )
    .await;
    let told = earlier(&log, entry("k", "c", now, 0), claim(&in_flight, 1, now)).await;
    assert_eq!(told.state, EarlierState::InFlight);
}

#[tokio::test]
async fn at_the_records_cap_new_claims_are_refused_and_recorded_ones_still_answer() {
    let server = Server::start().await;
    let log = server
        .open(LogSettings {
            request_max_records: 2,
            ..LogSettings::default()
        })
        .await;
    let now = now_ms();
    let (a, b, c) = (key("k", "a"), key("k", "b"), key("k", "c"));
    let first = recorded(&log, entry("k", "c", now, 0), Some(claim(&a, 1, now))).await;
    recorded(&log, entry("k", "c", now, 0), Some(claim(&b, 1, now))).await;
    let full = log
        .begin_call(entry("k", "c", now, 0), Some(claim(&c, 1, now)))
        .await
        .unwrap();
    assert_eq!(full, CallBegun::RecordsFull { max_records: 2 });
    earlier(&log, entry("k", "c", now, 0), claim(&a, 1, now)).await;
    recorded(&log, entry("k", "c", now, 0), None).await;
    // A failed call's record is forgotten, which makes room.
    log.end_call(
        first,
        outcome("INVALID_ARGUMENT", false),
        Some((a, RequestEnd::Failed)),
    )
    .await
    .unwrap();
    recorded(&log, entry("k", "c", now, 0), Some(claim(&c, 1, now))).await;
}

#[tokio::test]
async fn refused_calls_records_are_capped_and_sent_calls_records_are_not() {
    let server = Server::start().await;
    let log = server
        .open(LogSettings {
            audit_max_refused_records: 3,
            ..LogSettings::default()
        })
        .await;
    let now = now_ms();
    // Interleaved: 10 refused calls and 5 sent ones (recorded first, completed after).
    for i in 0..10 {
        log.audit(
            entry("k", &format!("refused-{i}"), now, 0),
            outcome("PERMISSION_DENIED", false),
        )
        .await
        .unwrap();
        if i % 2 == 0 {
            let id = recorded(&log, entry("k", &format!("sent-{i}"), now, 0), None).await;
            log.end_call(id, outcome("OK", false), None).await.unwrap();
        }
    }
    assert_eq!(
        rpcs(&log, everything()).await,
        [
            "sent-0",
            "sent-2",
            "sent-4",
            "sent-6",
            "refused-7",
            "refused-8",
            "sent-8",
            "refused-9"
        ]
    );
}

#[tokio::test]
async fn records_are_listed_oldest_first_by_page_caller_and_time() {
    let server = Server::start().await;
    let log = server.open(LogSettings::default()).await;
    let now = now_ms();
    let hour = 3_600_000;
    for (i, caller, age_hours) in [
        (0, "a", 5),
        (1, "b", 4),
        (2, "a", 3),
        (3, "b", 2),
        (4, "a", 1),
    ] {
        let rpc = format!("call-{i}");
        if i % 2 == 0 {
            log.audit(
                entry(caller, &rpc, now - age_hours * hour, 0),
                outcome("NOT_FOUND", false),
            )
            .await
            .unwrap();
        } else {
            recorded(&log, entry(caller, &rpc, now - age_hours * hour, 0), None).await;
        }
    }
    // Pages of two, each after the last one's cursor.
    let mut pages = Vec::new();
    let mut after_id = 0;
    loop {
        let page = log
            .audit_records(AuditQuery {
                after_id,
                limit: 2,
                ..Default::default()
            })
            .await
            .unwrap();
        let Some(last) = page.last() else { break };
        after_id = last.id;
        pages.push(page.iter().map(|r| r.rpc.clone()).collect::<Vec<_>>());
    }
    assert_eq!(
        pages,
        [
            vec!["call-0", "call-1"],
            vec!["call-2", "call-3"],
            vec!["call-4"]
        ]
    );
    let of_a = AuditQuery {
        caller: Some("a".into()),
        ..everything()
    };
    assert_eq!(
        rpcs(&log, of_a.clone()).await,
        ["call-0", "call-2", "call-4"]
    );
    let recent = AuditQuery {
        since_ms: Some(now - 3 * hour),
        ..everything()
    };
    assert_eq!(rpcs(&log, recent).await, ["call-2", "call-3", "call-4"]);
    let recent_of_a = AuditQuery {
        since_ms: Some(now - 3 * hour - 1),
        limit: 1,
        ..of_a
    };
    assert_eq!(rpcs(&log, recent_of_a).await, ["call-2"]);
    assert!(rpcs(
        &log,
        AuditQuery {
            since_ms: Some(now + hour),
            ..everything()
        }
    )
    .await
    .is_empty());
    // A caller whose name is not a subject token is still one caller.
    log.audit(entry("CN=x.y, O=*>", "odd", now, 0), outcome("OK", false))
        .await
        .unwrap();
    let odd = AuditQuery {
        caller: Some("CN=x.y, O=*>".into()),
        ..everything()
    };
    assert_eq!(rpcs(&log, odd).await, ["odd"]);
}

#[tokio::test]
async fn recipient_charges_count_what_was_not_given_back() {
    let server = Server::start().await;
    let log = server.open(LogSettings::default()).await;
    let now = now_ms();
    let minute = (now / MINUTE_MS) * MINUTE_MS;
    let earlier_minute = minute - 5 * MINUTE_MS;
    // Kept: a create that succeeded, one whose outcome is unknown, one still under way.
    let ok = recorded(&log, entry("k", "create", minute, 100), None).await;
    log.end_call(ok, outcome("OK", true), None).await.unwrap();
    recorded(&log, entry("k", "create", minute + 1, 20), None).await;
    let kept = recorded(&log, entry("k", "create", earlier_minute, 7), None).await;
    log.end_call(kept, outcome("UNAVAILABLE", true), None)
        .await
        .unwrap();
    // Given back: refused by the platform before it acted, and refused before the platform.
    let refused = recorded(&log, entry("k", "create", minute, 1000), None).await;
    log.end_call(refused, outcome("INVALID_ARGUMENT", false), None)
        .await
        .unwrap();
    log.audit(
        entry("k", "create", minute, 5000),
        outcome("RESOURCE_EXHAUSTED", false),
    )
    .await
    .unwrap();
    let other = recorded(&log, entry("other", "create", minute, 3), None).await;
    log.end_call(other, outcome("OK", true), None)
        .await
        .unwrap();
    // Older than asked for.
    recorded(&log, entry("k", "create", minute - 30 * MINUTE_MS, 9), None).await;

    let charges = log
        .recipient_charges(minute - 10 * MINUTE_MS)
        .await
        .unwrap();
    assert_eq!(
        charges,
        [
            ("k".to_owned(), earlier_minute, 7),
            ("k".to_owned(), minute, 120),
            ("other".to_owned(), minute, 3),
        ]
    );
}

/// A caller whose day's ceiling is `ceiling`.
fn limited(name: &str, ceiling: u64) -> Caller {
    Caller {
        name: Arc::from(name),
        source: CallerSource::ApiKey,
        grants: Arc::new(Grants::everything()),
        limits: KeyLimits {
            recipients_per_day: Some(ceiling),
            ..Default::default()
        },
    }
}

#[tokio::test]
async fn each_replica_sees_the_others_charges_and_refunds_but_not_its_own() {
    let server = Server::start().await;
    let a = server.open(LogSettings::default()).await;
    let b = server.open(LogSettings::default()).await;
    let mut seen_by_a = a.remote_charges().await.unwrap().expect("a shared store");
    let mut seen_by_b = b.remote_charges().await.unwrap().expect("a shared store");
    let now = now_ms();
    let minute = (now / MINUTE_MS) * MINUTE_MS;

    // A admits a create of 10 recipients, then the platform refuses it: given back.
    let refused = recorded(&a, entry("k", "create", now, 10), None).await;
    a.end_call(refused, outcome("INVALID_ARGUMENT", false), None)
        .await
        .unwrap();
    // A refused call charges nothing; a call without recipients neither.
    a.audit(
        entry("k", "create", now, 50),
        outcome("PERMISSION_DENIED", false),
    )
    .await
    .unwrap();
    recorded(&a, entry("k", "start", now, 0), None).await;
    // A admits 4 that stay charged, B admits 3.
    let kept = recorded(&a, entry("k", "create", now, 4), None).await;
    a.end_call(kept, outcome("OK", true), None).await.unwrap();
    recorded(&b, entry("k", "create", now, 3), None).await;

    let charge = |charged| ("k".to_owned(), minute, charged);
    let mut b_saw = Vec::new();
    for _ in 0..3 {
        let seen = next_charge(&mut seen_by_b).await;
        b_saw.push((seen.caller, seen.minute_ms, seen.charged));
    }
    assert_eq!(b_saw, [charge(10), charge(-10), charge(4)]);
    // A's own records came first in the stream: the first thing A sees is B's.
    let seen = next_charge(&mut seen_by_a).await;
    assert_eq!((seen.caller, seen.minute_ms, seen.charged), charge(3));

    // B's guard, with its own 3 and A's 4, has 3 left of a ceiling of 10.
    let guard = Guard::new();
    let caller = limited("k", 10);
    let own = guard.charge(&caller, 3, now).unwrap();
    for (name, minute_ms, charged) in b_saw {
        guard.apply_remote(&name, minute_ms, charged);
    }
    assert!(guard.charge(&caller, 4, now).is_err());
    let last = guard.charge(&caller, 3, now).unwrap();
    drop((own, last));
}

#[tokio::test]
async fn a_request_id_claimed_by_two_replicas_at_once_is_recorded_once() {
    let server = Server::start().await;
    let a = server.open(LogSettings::default()).await;
    let b = server.open(LogSettings::default()).await;
    let now = now_ms();
    for round in 0..20 {
        let id = key("k", &format!("race-{round}"));
        let (from_a, from_b) = tokio::join!(
            a.begin_call(entry("k", "create", now, 1), Some(claim(&id, 1, now))),
            b.begin_call(entry("k", "create", now, 1), Some(claim(&id, 1, now))),
        );
        let answers = [from_a.unwrap(), from_b.unwrap()];
        let recorded = answers
            .iter()
            .filter(|answer| matches!(answer, CallBegun::Recorded { .. }))
            .count();
        assert_eq!(recorded, 1, "round {round}: {answers:?}");
        assert!(
            answers.iter().any(|answer| matches!(
                answer,
                CallBegun::Earlier(EarlierRequest {
                    same_request: true,
                    state: EarlierState::InFlight,
                    ..
                })
            )),
            "round {round}: {answers:?}"
        );
    }
    // One audit record per round: the loser recorded nothing.
    assert_eq!(a.audit_records(everything()).await.unwrap().len(), 20);
}

/// A dead letter whose texts take 29 bytes and whose body is `body` bytes.
fn letter(n: u32, body: usize) -> NewDeadLetter {
    NewDeadLetter::new(
        "/p".into(),
        "application/json".into(),
        format!("reason {n:04}"),
        vec![b'a'; body],
    )
}

async fn kept_reasons(log: &JetStreamLog) -> Vec<String> {
    let letters = log.dead_letters(1000).await.unwrap();
    letters.into_iter().map(|letter| letter.reason).collect()
}

#[tokio::test]
async fn dead_letters_are_kept_newest_first_within_their_caps() {
    let server = Server::start().await;
    let log = server
        .open(LogSettings {
            dead_letter_max_count: 3,
            dead_letter_body_max_bytes: 64,
            ..LogSettings::default()
        })
        .await;
    assert!(log.dead_letters(10).await.unwrap().is_empty());
    for n in 1..=5 {
        assert_eq!(log.dead_letter(letter(n, 10)).await.unwrap(), u64::from(n));
    }
    let letters = log.dead_letters(2).await.unwrap();
    assert_eq!(letters.iter().map(|l| l.id).collect::<Vec<_>>(), [5, 4]);
    let newest = &letters[0];
    assert_eq!(newest.path, "/p");
    assert_eq!(newest.content_type, "application/json");
    assert_eq!(newest.body, vec![b'a'; 10]);
    assert!((now_ms() - newest.received_ms).abs() < 60_000);
    assert_eq!(
        kept_reasons(&log).await,
        ["reason 0005", "reason 0004", "reason 0003"]
    );

    // Bodies cut to the body cap keep their length; texts are cut too.
    log.dead_letter(letter(6, 1000)).await.unwrap();
    log.dead_letter(NewDeadLetter::new(
        "/p".into(),
        "é".repeat(10_000),
        "r".repeat(100_000),
        Vec::new(),
    ))
    .await
    .unwrap();
    let letters = log.dead_letters(2).await.unwrap();
    assert!(letters[0].reason.len() <= DEAD_LETTER_TEXT_MAX);
    assert!(letters[0].content_type.ends_with('…'));
    let cut = &letters[1];
    assert_eq!(
        (cut.body.len(), cut.original_len, cut.truncated()),
        (64, 1000, true)
    );
}

#[tokio::test]
async fn dead_letters_are_capped_by_bytes_and_a_big_one_alone_fits() {
    let server = Server::start().await;
    let cap = 4096;
    let log = server
        .open(LogSettings {
            dead_letter_max_bytes: cap,
            ..LogSettings::default()
        })
        .await;
    for n in 1..=10 {
        log.dead_letter(letter(n, 1000)).await.unwrap();
    }
    let kept = log.dead_letters(100).await.unwrap();
    let bytes: usize = kept.iter().map(|l| l.body.len() + l.reason.len()).sum();
    assert!(bytes <= cap as usize, "{bytes} bytes kept");
    assert!(kept.len() >= 2, "{} kept", kept.len());
    assert_eq!(kept[0].reason, "reason 0010", "the newest is kept");
    // A letter larger than the cap is cut to fit it, and is then the only one kept.
    log.dead_letter(letter(11, 10 * cap as usize))
        .await
        .unwrap();
    let kept = log.dead_letters(100).await.unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].reason, "reason 0011");
    assert!(kept[0].truncated() && !kept[0].body.is_empty());
}

fn poll_once<F: Future + ?Sized>(future: Pin<&mut F>) {
    let mut cx = Context::from_waker(Waker::noop());
    assert!(
        matches!(future.poll(&mut cx), Poll::Pending),
        "the store is cut off, nothing can complete yet"
    );
}

#[tokio::test]
async fn dead_letters_beyond_the_in_flight_bound_are_refused_at_once() {
    let server = Server::start().await;
    let proxy = CutProxy::start(server.node.addr()).await;
    let mut nats = NatsSettings::new(vec![proxy.url()]);
    // Long enough that the writes below wait for the heal instead of giving up.
    nats.unavailable_after = Duration::from_secs(120);
    let log = JetStreamLog::open(LogSettings::default(), nats)
        .await
        .unwrap();
    log.dead_letter(letter(0, 10)).await.unwrap();
    proxy.cut();
    let mut queued = Vec::new();
    for i in 0..DEAD_LETTERS_IN_FLIGHT {
        let mut dead = Box::pin(log.dead_letter(letter(i as u32 + 1, 10)));
        poll_once(dead.as_mut());
        queued.push(dead);
    }
    let refused = log.dead_letter(letter(9999, 10)).await;
    assert!(
        matches!(refused, Err(LogError::DeadLettersBusy)),
        "{refused:?}"
    );
    proxy.heal();
    for dead in queued {
        dead.await.unwrap();
    }
    // Slots are free again.
    log.dead_letter(letter(10_000, 10)).await.unwrap();
    assert_eq!(
        log.dead_letters(1000).await.unwrap().len(),
        DEAD_LETTERS_IN_FLIGHT + 2
    );
}
