//! Several replicas on NATS JetStream (real nats-server processes): one log, one order, nothing
//! lost. Webhooks posted to any replica reach the watchers of every replica in the same order;
//! a cursor from one resumes on another; redeliveries to other replicas are stored once; a
//! replica cut off from NATS answers 503 (never 200) and ends its watches; a stream leader killed
//! during ingest loses no acknowledged webhook; an old cursor gets OUT_OF_RANGE, one from a
//! recreated stream or from SQLite is refused; 10,000 watchers cost one server consumer.

use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio_stream::StreamExt;
use tonic::Code;
use wadispatch_gateway::events::follow::{Follower, Step};
use wadispatch_gateway::events::log::{
    Appended, EventLog, Filter, JetStreamLog, LogSettings, NatsSettings,
};
use wadispatch_gateway::events::Events;
use wadispatch_gateway::proto::v1::task_service_client::TaskServiceClient;
use wadispatch_gateway::proto::v1::watch_task_response::Update;
use wadispatch_gateway::proto::v1::*;
use wadispatch_gateway::wire::webhook::WebhookKind;

use crate::common::nats::{CutProxy, NatsCluster, NatsNode};
use crate::common::process::{free_port, GatewayProcess};
use crate::common::{event_args, eventually, no_auth, upstream_settings, Gateway};

const TASK: &str = "6a2724fa2b7055971f960cc162632595";

/// Log settings for these tests: the defaults, with `retention_age`.
fn log_settings(retention_age: Duration) -> LogSettings {
    LogSettings {
        retention_age,
        ..event_args().log_settings()
    }
}

/// NATS settings for `servers` with `replicas`, giving up on an unreachable NATS after 3 s so
/// a 503 comes quickly.
fn nats_settings(servers: &str, replicas: usize) -> NatsSettings {
    NatsSettings {
        replicas,
        unavailable_after: Duration::from_secs(3),
        request_timeout: Duration::from_secs(2),
        ..NatsSettings::new(servers.split(',').map(str::to_owned).collect())
    }
}

/// A replica served in-process over a JetStream log; its platform is never called.
async fn replica(nats: NatsSettings, settings: LogSettings) -> Gateway {
    let log = JetStreamLog::open(settings, nats).await.unwrap();
    let args = event_args();
    let events = Arc::new(Events::new(Arc::new(log), args.heartbeat));
    let webhooks = TcpListener::bind("127.0.0.1:0").await.unwrap();
    // Nothing listens on port 9: the platform is never needed by these tests.
    Gateway::serve(
        upstream_settings("http://127.0.0.1:9"),
        webhooks,
        events,
        args,
        no_auth(),
        None,
    )
    .await
}

/// A replica on the single node `nats`, keeping events an hour.
async fn replica_of(nats: &NatsNode) -> Gateway {
    let settings = nats_settings(&nats.url(), 1);
    replica(settings, log_settings(Duration::from_secs(3600))).await
}

/// A GS_V3_SYNC_TASK_DETAIL_STATUS body with one recipient, told apart by `n`.
fn recipient_body(n: u64) -> String {
    serde_json::json!({
        "groupSendInfoStatusList": [{
            "taskId": TASK,
            "info": [{
                "senderWhatsApp": "861271625212",
                "friendWhatsApp": format!("91{n:010}"),
                "time": 1_721_358_108_467_i64 + n as i64,
                "status": 1,
                "infoId": n,
            }]
        }]
    })
    .to_string()
}

/// POSTs a recipient status webhook to `webhook_url`; the HTTP status (0 if no answer).
async fn post(client: &reqwest::Client, webhook_url: &str, body: String) -> u16 {
    client
        .post(format!(
            "{webhook_url}{}",
            WebhookKind::TaskDetailStatus.path()
        ))
        .header("content-type", "application/json")
        .body(body)
        .timeout(Duration::from_secs(30))
        .send()
        .await
        .map_or(0, |answer| answer.status().as_u16())
}

/// POSTs `bodies` all at once, alternately to the two replicas; their HTTP statuses.
async fn post_to_both(
    client: &reqwest::Client,
    replicas: [&Gateway; 2],
    bodies: impl Iterator<Item = String>,
) -> Vec<u16> {
    let mut posts = tokio::task::JoinSet::new();
    for (n, body) in bodies.enumerate() {
        let url = replicas[n % 2].webhook_url.clone();
        let client = client.clone();
        posts.spawn(async move { post(&client, &url, body).await });
    }
    posts.join_all().await
}

/// A WatchTask stream of every task, after `cursor` ("" for from now).
async fn watch(
    channel: tonic::transport::Channel,
    cursor: &str,
) -> Result<tonic::Streaming<WatchTaskResponse>, tonic::Status> {
    let request = WatchTaskRequest {
        after_cursor: cursor.to_owned(),
        ..Default::default()
    };
    TaskServiceClient::new(channel)
        .watch_task(request)
        .await
        .map(tonic::Response::into_inner)
}

/// The next `count` recipient updates: (cursor, info id), skipping heartbeats (bounded).
async fn recipients(
    stream: &mut tonic::Streaming<WatchTaskResponse>,
    count: usize,
) -> Vec<(String, i64)> {
    let mut seen = Vec::new();
    let mut heartbeats = 0;
    while seen.len() < count {
        let message = tokio::time::timeout(Duration::from_secs(60), stream.next())
            .await
            .expect("a watch message within a minute")
            .expect("the stream goes on")
            .expect("no error on the stream");
        match message.update {
            Some(Update::RecipientStatus(update)) => seen.push((message.cursor, update.info_id)),
            Some(Update::Heartbeat(_)) => {
                heartbeats += 1;
                assert!(
                    heartbeats < 200,
                    "only heartbeats after {} updates",
                    seen.len()
                );
            }
            _ => {}
        }
    }
    seen
}

#[tokio::test]
async fn replicas_share_one_order_and_a_cursor_resumes_on_any_of_them() {
    let dir = tempfile::tempdir().unwrap();
    let nats = NatsNode::single(dir.path()).await;
    let a = replica_of(&nats).await;
    let b = replica_of(&nats).await;
    let mut on_a = watch(a.channel.clone(), "").await.unwrap();
    let mut on_b = watch(b.channel.clone(), "").await.unwrap();
    let client = reqwest::Client::new();
    // Concurrent posts to both replicas: the stream decides one order for all.
    let bodies = (0..40).map(recipient_body);
    assert!(post_to_both(&client, [&a, &b], bodies)
        .await
        .iter()
        .all(|s| *s == 200));
    let seen_on_a = recipients(&mut on_a, 40).await;
    let seen_on_b = recipients(&mut on_b, 40).await;
    assert_eq!(
        seen_on_a, seen_on_b,
        "one order, one cursor per event, on every replica"
    );
    let mut ids: Vec<i64> = seen_on_a.iter().map(|(_, id)| *id).collect();
    ids.sort_unstable();
    assert_eq!(ids, (0..40).collect::<Vec<_>>(), "every webhook once");

    // A's cursor in the middle resumes on B: the rest, no gap, no duplicate.
    let mut resumed = watch(b.channel.clone(), &seen_on_a[14].0).await.unwrap();
    assert_eq!(recipients(&mut resumed, 25).await, seen_on_a[15..]);
}

/// The events stream as a plain NATS client sees it.
async fn events_stream(url: &str) -> async_nats::jetstream::stream::Stream {
    let client = async_nats::connect(url).await.unwrap();
    async_nats::jetstream::new(client)
        .get_stream("WAD_EVENTS")
        .await
        .unwrap()
}

/// How many times each info id is in `log`. A read may fail while the cluster settles after a
/// failover (a watch then fails UNAVAILABLE and its client resumes): it is tried again.
async fn stored_ids(log: &dyn EventLog) -> std::collections::BTreeMap<i64, usize> {
    let mut counts = std::collections::BTreeMap::new();
    let mut after = 0;
    loop {
        let batch = eventually("a read of the log", || async move {
            let read = log.read_after(after, &Filter::All, 1000).await;
            read.inspect_err(|e| eprintln!("read after {after}: {e}"))
                .ok()
        })
        .await;
        let Some(last) = batch.last() else {
            return counts;
        };
        after = last.seq;
        for stored in &batch {
            if let Some(wadispatch_gateway::proto::v1::event::Kind::RecipientStatus(e)) =
                &stored.event.kind
            {
                *counts.entry(e.info_id).or_default() += 1;
            }
        }
    }
}

#[tokio::test]
async fn a_redelivery_to_another_replica_at_once_later_or_concurrently_is_stored_once() {
    let dir = tempfile::tempdir().unwrap();
    let nats = NatsNode::single(dir.path()).await;
    let a = replica_of(&nats).await;
    let b = replica_of(&nats).await;
    // The server's own duplicate window plays no part: shrink it to 1 s.
    let mut stream = events_stream(&nats.url()).await;
    let mut config = stream.info().await.unwrap().config.clone();
    config.duplicate_window = Duration::from_secs(1);
    async_nats::jetstream::new(async_nats::connect(nats.url()).await.unwrap())
        .update_stream(config)
        .await
        .unwrap();

    let client = reqwest::Client::new();
    // To both replicas at the same moment.
    let (to_a, to_b) = tokio::join!(
        post(&client, &a.webhook_url, recipient_body(7)),
        post(&client, &b.webhook_url, recipient_body(7)),
    );
    assert_eq!((to_a, to_b), (200, 200), "a redelivery is acknowledged too");
    // Again to B at once, and to A after the duplicate window.
    assert_eq!(post(&client, &b.webhook_url, recipient_body(7)).await, 200);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(post(&client, &a.webhook_url, recipient_body(7)).await, 200);
    // Concurrently to both, many times over.
    let bodies = (0..16).map(|_| recipient_body(8));
    assert!(post_to_both(&client, [&a, &b], bodies)
        .await
        .iter()
        .all(|s| *s == 200));

    let counts = stored_ids(a.events.log.as_ref()).await;
    assert_eq!(
        counts,
        [(7, 1), (8, 1)].into(),
        "each webhook stored exactly once"
    );
}

#[tokio::test]
async fn a_replica_cut_off_from_nats_answers_503_ends_its_watches_and_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let nats = NatsNode::single(dir.path()).await;
    let proxy = CutProxy::start(nats.addr()).await;
    let hour = log_settings(Duration::from_secs(3600));
    let cut_off = replica(nats_settings(&proxy.url(), 1), hour).await;
    let other = replica_of(&nats).await;
    let client = reqwest::Client::new();
    let mut watcher = watch(cut_off.channel.clone(), "").await.unwrap();
    assert_eq!(
        post(&client, &cut_off.webhook_url, recipient_body(0)).await,
        200
    );
    let first = recipients(&mut watcher, 1).await;

    proxy.cut();
    for n in 1..=3 {
        assert_eq!(
            post(&client, &cut_off.webhook_url, recipient_body(n)).await,
            503,
            "never 200 for what is not stored"
        );
    }
    // The other replica stores meanwhile.
    assert_eq!(
        post(&client, &other.webhook_url, recipient_body(10)).await,
        200
    );
    // The cut-off replica's watch ends with an error to resume from, not endless heartbeats.
    let ended = tokio::time::timeout(Duration::from_secs(60), async {
        loop {
            match watcher.next().await {
                Some(Ok(_)) => continue,
                Some(Err(status)) => return Some(status),
                None => return None,
            }
        }
    })
    .await
    .expect("the watch ends within a minute");
    let status = ended.expect("an error, not a silent end");
    assert_eq!(status.code(), Code::Unavailable, "{status:?}");

    proxy.heal();
    // The platform retries what got 503: once NATS is back, each is stored.
    for n in 1..=3 {
        let url = cut_off.webhook_url.clone();
        let client = client.clone();
        eventually(&format!("webhook {n} stored after the heal"), move || {
            let (url, client) = (url.clone(), client.clone());
            async move { (post(&client, &url, recipient_body(n)).await == 200).then_some(()) }
        })
        .await;
    }
    // Resumed where it stopped: everything since, once; nothing lost during the cut.
    let mut resumed = watch(cut_off.channel.clone(), &first[0].0).await.unwrap();
    let mut ids: Vec<i64> = recipients(&mut resumed, 4)
        .await
        .iter()
        .map(|(_, id)| *id)
        .collect();
    ids.sort_unstable();
    assert_eq!(ids, [1, 2, 3, 10]);
    let counts = stored_ids(other.events.log.as_ref()).await;
    assert!(counts.values().all(|n| *n == 1), "{counts:?}");
}

#[tokio::test]
async fn an_old_cursor_is_out_of_range_and_one_from_another_stream_or_store_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let nats = NatsNode::single(dir.path()).await;
    let short = replica(
        nats_settings(&nats.url(), 1),
        log_settings(Duration::from_secs(1)),
    )
    .await;
    let client = reqwest::Client::new();
    let mut watcher = watch(short.channel.clone(), "").await.unwrap();
    assert_eq!(
        post(&client, &short.webhook_url, recipient_body(1)).await,
        200
    );
    let cursor = recipients(&mut watcher, 1).await.remove(0).0;
    drop(watcher);
    // Once the event has aged out, a cursor before it would skip it: OUT_OF_RANGE.
    let log = short.events.log.clone();
    eventually("the event to age out", move || {
        let log = log.clone();
        async move { (log.bounds().await.unwrap().oldest.is_none()).then_some(()) }
    })
    .await;
    let expired = watch(short.channel.clone(), "0").await.unwrap_err();
    assert_eq!(expired.code(), Code::OutOfRange, "{expired:?}");

    // The stream deleted and created again (by the next replica to start): old cursors name
    // another stream.
    events_stream(&nats.url()).await;
    async_nats::jetstream::new(async_nats::connect(nats.url()).await.unwrap())
        .delete_stream("WAD_EVENTS")
        .await
        .unwrap();
    let fresh = replica_of(&nats).await;
    let refused = watch(fresh.channel.clone(), &cursor).await.unwrap_err();
    assert_eq!(refused.code(), Code::InvalidArgument, "{refused:?}");
    assert!(
        refused.message().contains("another event stream"),
        "{refused:?}"
    );
    let sqlite = watch(fresh.channel.clone(), "5").await.unwrap_err();
    assert_eq!(sqlite.code(), Code::InvalidArgument, "{sqlite:?}");
    assert!(sqlite.message().contains("SQLite"), "{sqlite:?}");
}

#[tokio::test]
async fn ten_thousand_watchers_on_a_replica_cost_one_server_consumer() {
    const WATCHERS: usize = 10_000;
    let dir = tempfile::tempdir().unwrap();
    let nats = NatsNode::single(dir.path()).await;
    let settings = log_settings(Duration::from_secs(3600));
    let log: Arc<dyn EventLog> = Arc::new(
        JetStreamLog::open(settings, nats_settings(&nats.url(), 1))
            .await
            .unwrap(),
    );
    let events = Events::new(log.clone(), Duration::from_secs(60));
    let start = log.bounds().await.unwrap().latest;
    let mut watchers = tokio::task::JoinSet::new();
    for _ in 0..WATCHERS {
        let mut follower = Follower::new(
            log.clone(),
            events.hub.clone(),
            Filter::Tasks { task_id: None },
            start,
        );
        watchers.spawn(async move {
            loop {
                match follower.next(Duration::from_secs(120)).await.unwrap() {
                    Step::Event(stored) => return stored.seq,
                    Step::Encoded(encoded) => return encoded.seq,
                    Step::Idle { .. } | Step::CaughtUp => continue,
                }
            }
        });
    }
    let hub = events.hub.clone();
    eventually("every watcher registered with the hub", move || {
        let hub = hub.clone();
        async move { (hub.registrations() == WATCHERS).then_some(()) }
    })
    .await;
    let client = reqwest::Client::new();
    let gateway = replica_of(&nats).await;
    assert_eq!(
        post(&client, &gateway.webhook_url, recipient_body(1)).await,
        200
    );
    let seqs = watchers.join_all().await;
    assert_eq!(seqs.len(), WATCHERS);
    assert!(
        seqs.windows(2).all(|w| w[0] == w[1]),
        "every watcher got the event"
    );
    // This replica's tail, and the other replica's: one each.
    let mut stream = events_stream(&nats.url()).await;
    assert_eq!(stream.info().await.unwrap().state.consumer_count, 2);
}

/// Posts `body` until it is acknowledged, the way the platform retries: every answer is a 200
/// or a 503 (never anything else), within `attempts`; returns the 503s seen.
async fn post_until_stored(
    client: &reqwest::Client,
    url: &str,
    body: String,
    attempts: usize,
) -> usize {
    for unavailable in 0..attempts {
        match post(client, url, body.clone()).await {
            200 => return unavailable,
            503 => tokio::time::sleep(Duration::from_millis(100)).await,
            other => panic!("a webhook answered {other}: only 200 or 503 are acceptable"),
        }
    }
    panic!("a webhook still not stored after {attempts} attempts")
}

#[tokio::test]
async fn killing_the_stream_leader_during_ingest_loses_no_acknowledged_webhook() {
    const WEBHOOKS: u64 = 300;
    let mut cluster = NatsCluster::start(3).await;
    let gateway = replica(
        nats_settings(&cluster.urls(), 3),
        log_settings(Duration::from_secs(3600)),
    )
    .await;
    let leader = cluster.wait_for_stream_leader("WAD_EVENTS", None).await;
    let client = reqwest::Client::new();
    let mut unavailable = 0;
    for n in 0..WEBHOOKS {
        if n == WEBHOOKS / 3 {
            cluster.kill(leader);
        }
        unavailable +=
            post_until_stored(&client, &gateway.webhook_url, recipient_body(n), 600).await;
    }
    eprintln!("503s while a new leader was elected: {unavailable}");
    cluster
        .wait_for_stream_leader("WAD_EVENTS", Some(leader))
        .await;
    let counts = stored_ids(gateway.events.log.as_ref()).await;
    assert_eq!(
        counts.len() as u64,
        WEBHOOKS,
        "every acknowledged webhook is kept"
    );
    assert!(
        counts.values().all(|n| *n == 1),
        "and kept once: {counts:?}"
    );
    // The killed node comes back and catches up (its health requires being current).
    cluster.restart(leader).await;
}

#[tokio::test]
async fn a_watcher_of_a_killed_replica_resumes_on_another_with_no_gap_and_no_duplicate() {
    let dir = tempfile::tempdir().unwrap();
    let nats = NatsNode::single(dir.path().join("nats")).await;
    let platform = crate::common::RecordingPlatform::start().await;
    let start = |name: &str| {
        let webhooks = std::net::SocketAddr::from(([127, 0, 0, 1], free_port()));
        GatewayProcess::new(platform.url(), webhooks, dir.path().join(name))
            .with_env("WADISPATCH_EVENT_STORE", nats.url())
    };
    let mut a = start("a");
    let mut b = start("b");
    let on_a = a.start().await;
    let on_b = b.start().await;
    let (url_a, url_b) = (
        format!("http://{}", a.webhooks),
        format!("http://{}", b.webhooks),
    );
    let client = reqwest::Client::new();
    let mut watcher = watch(on_a, "").await.unwrap();
    for n in 0..20 {
        let url = if n % 2 == 0 { &url_a } else { &url_b };
        assert_eq!(post(&client, url, recipient_body(n)).await, 200);
    }
    let before = recipients(&mut watcher, 10).await;
    a.kill();
    for n in 20..40 {
        assert_eq!(post(&client, &url_b, recipient_body(n)).await, 200);
    }
    let mut resumed = watch(on_b, &before.last().unwrap().0).await.unwrap();
    let after = recipients(&mut resumed, 30).await;
    let mut ids: Vec<i64> = before.iter().chain(&after).map(|(_, id)| *id).collect();
    ids.sort_unstable();
    assert_eq!(
        ids,
        (0..40).collect::<Vec<_>>(),
        "no gap, no duplicate across the replicas"
    );
}

/// A recipient status event of `task`, numbered `n`.
fn recipient_event(task: &str, n: i64) -> wadispatch_gateway::events::log::NewEvent {
    use wadispatch_gateway::proto::v1::event::Kind;
    wadispatch_gateway::events::log::NewEvent {
        event: Event {
            kind: Some(Kind::RecipientStatus(RecipientStatusChanged {
                task_id: task.to_owned(),
                info_id: n,
                ..Default::default()
            })),
            ..Default::default()
        },
    }
}

/// Every event `log` holds after `after` for `filter`, read page by page as a follower does.
async fn read_all(log: &dyn EventLog, mut after: u64, filter: &Filter) -> Vec<(u64, i64)> {
    let mut seen = Vec::new();
    loop {
        let page = log.read_after(after, filter, 512).await.unwrap();
        let Some(last) = page.last().map(|e| e.seq) else {
            return seen;
        };
        for stored in page {
            if let Some(wadispatch_gateway::proto::v1::event::Kind::RecipientStatus(e)) =
                stored.event.kind
            {
                seen.push((stored.seq, e.info_id));
            }
        }
        after = last;
    }
}

#[tokio::test]
async fn a_replay_from_far_back_on_a_fresh_replica_reads_every_event_once_in_order() {
    const TASKS: i64 = 10;
    const PER_WEBHOOK: i64 = 100;
    const WEBHOOKS: i64 = 100;
    let dir = tempfile::tempdir().unwrap();
    let nats = NatsNode::single(dir.path()).await;
    let settings = || log_settings(Duration::from_secs(3600));
    let writer = JetStreamLog::open(settings(), nats_settings(&nats.url(), 1))
        .await
        .unwrap();
    for w in 0..WEBHOOKS {
        let task = format!("T{}", w % TASKS);
        let events = (0..PER_WEBHOOK)
            .map(|i| recipient_event(&task, w * PER_WEBHOOK + i))
            .collect();
        writer
            .append(format!("webhook {w}").into(), events)
            .await
            .unwrap();
    }
    // A replica opened now has nothing in its ring: everything comes from the servers, the
    // long way (100 messages) through a consumer, page by page; the resume from the middle
    // below (50 messages) by direct gets.
    let reader = JetStreamLog::open(settings(), nats_settings(&nats.url(), 1))
        .await
        .unwrap();
    let all = read_all(&reader, 0, &Filter::All).await;
    let ids: Vec<i64> = all.iter().map(|(_, id)| *id).collect();
    assert_eq!(
        ids,
        (0..WEBHOOKS * PER_WEBHOOK).collect::<Vec<_>>(),
        "every event once, in order"
    );
    assert!(all.windows(2).all(|w| w[0].0 < w[1].0), "seqs increase");

    // One task's events, and a resume from the middle of the log.
    let task = read_all(
        &reader,
        0,
        &Filter::Tasks {
            task_id: Some("T3".into()),
        },
    )
    .await;
    let expected: Vec<i64> = (0..WEBHOOKS)
        .filter(|w| w % TASKS == 3)
        .flat_map(|w| w * PER_WEBHOOK..(w + 1) * PER_WEBHOOK)
        .collect();
    assert_eq!(task.iter().map(|(_, id)| *id).collect::<Vec<_>>(), expected);
    let middle = all[4_999].0;
    let resumed = read_all(&reader, middle, &Filter::All).await;
    assert_eq!(resumed, all[5_000..]);
}

#[tokio::test]
async fn an_event_too_large_for_the_servers_is_a_dead_letter_and_a_413_not_an_endless_503() {
    let dir = tempfile::tempdir().unwrap();
    // The servers take messages of at most 4 KiB.
    let nats = NatsNode::single_with(dir.path(), "max_payload: 4096").await;
    let gateway = replica_of(&nats).await;
    let client = reqwest::Client::new();
    let mut reply = crate::common::fixture_json("wh-GS_V3_REPLY_MESSAGE.request.json");
    reply["content"][0]["text"] = "x".repeat(10_000).into();
    let answer = client
        .post(format!(
            "{}{}",
            gateway.webhook_url,
            WebhookKind::ReplyMessage.path()
        ))
        .header("content-type", "application/json")
        .body(reply.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 413, "{:?}", answer.text().await);
    let letters = gateway.events.log.dead_letters(1).await.unwrap();
    assert_eq!(letters.len(), 1, "kept for inspection");
    assert!(
        letters[0].reason.contains("too large"),
        "{:?}",
        letters[0].reason
    );
    // Ordinary webhooks are stored as ever.
    assert_eq!(
        post(&client, &gateway.webhook_url, recipient_body(1)).await,
        200
    );
}

#[tokio::test]
async fn a_signed_message_id_again_with_another_body_is_stored_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let nats = NatsNode::single(dir.path()).await;
    let settings = log_settings(Duration::from_secs(3600));
    let log = JetStreamLog::open(settings, nats_settings(&nats.url(), 1))
        .await
        .unwrap();
    let signed = |digest: u8| wadispatch_gateway::events::log::Dedup::MessageId {
        scope: "GS_V3_SYNC_TASK_DETAIL_STATUS".into(),
        id: "msg_1".into(),
        digest: [digest; 32],
    };
    let first = log
        .append(signed(1), vec![recipient_event("T1", 1)])
        .await
        .unwrap();
    assert!(matches!(first, Appended::Stored { .. }), "{first:?}");
    let again = log
        .append(signed(1), vec![recipient_event("T1", 1)])
        .await
        .unwrap();
    assert_eq!(again, Appended::Duplicate);
    let reused = log
        .append(signed(2), vec![recipient_event("T1", 2)])
        .await
        .unwrap();
    assert!(matches!(reused, Appended::Conflicting { .. }), "{reused:?}");
    // Either content delivered again is a duplicate.
    for digest in [1, 2] {
        let n = i64::from(digest);
        let again = log
            .append(signed(digest), vec![recipient_event("T1", n)])
            .await
            .unwrap();
        assert_eq!(again, Appended::Duplicate);
    }
}
