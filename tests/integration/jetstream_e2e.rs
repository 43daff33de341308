//! Three gateway replicas (processes of the real binary) on a 3-node JetStream cluster behave
//! as one gateway: the platform simulator sends its webhooks round-robin through a balancer to
//! all three while watchers on every replica follow every task. Across a kill -9 of one replica
//! (its watcher resumes on another) and of the events stream's leader, every watcher receives
//! the identical sequence, and every recipient's lifecycle is on it exactly once, in order.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};
use tokio::net::TcpListener;
use tokio_stream::StreamExt;
use tonic::transport::Channel;
use wadispatch_gateway::proto::v1::task_service_client::TaskServiceClient;
use wadispatch_gateway::proto::v1::watch_task_response::Update;
use wadispatch_gateway::proto::v1::*;
use wadispatch_gateway::sim::delivery::DeliveryStats;

use crate::common::delivery::{
    campaign, delivered, execution_status, lifecycle, settle, wait_completed, wait_delivered,
};
use crate::common::nats::NatsCluster;
use crate::common::process::{free_port, GatewayProcess};
use crate::common::{sim_args, start_simulator};

const RECIPIENTS: usize = 200;
const REPLICAS: usize = 3;

/// The balancer in front of the replicas' webhook listeners: each request goes to the next
/// replica in turn, and to the one after when a replica does not answer (it was killed), as a
/// load balancer's health checks would arrange.
#[derive(Clone)]
struct Balancer {
    replicas: Arc<Vec<String>>,
    next: Arc<AtomicUsize>,
    client: reqwest::Client,
}

async fn balance(State(balancer): State<Balancer>, request: Request) -> Response {
    let path = request.uri().path().to_owned();
    let headers = request.headers().clone();
    let body: Bytes = axum::body::to_bytes(request.into_body(), 16 << 20)
        .await
        .unwrap_or_default();
    for _ in 0..balancer.replicas.len() {
        let i = balancer.next.fetch_add(1, Ordering::Relaxed) % balancer.replicas.len();
        let mut forward = balancer
            .client
            .post(format!("{}{path}", balancer.replicas[i]))
            .body(body.clone());
        if let Some(content_type) = headers.get("content-type") {
            forward = forward.header("content-type", content_type);
        }
        if let Ok(answer) = forward.send().await {
            let status = answer.status();
            let bytes = answer.bytes().await.unwrap_or_default();
            return (status, bytes).into_response();
        }
    }
    (axum::http::StatusCode::BAD_GATEWAY, "no replica answers").into_response()
}

/// Starts the balancer; its URL.
async fn start_balancer(replicas: Vec<String>) -> String {
    let balancer = Balancer {
        replicas: Arc::new(replicas),
        next: Arc::new(AtomicUsize::new(0)),
        client: reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .build()
            .unwrap(),
    };
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = axum::Router::new().fallback(balance).with_state(balancer);
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}")
}

/// One client's view of every task: the events received, in order, with their cursors; it
/// resumes from its last cursor (on the replica it is given) whenever its stream ends with an
/// error, as a client should.
struct Watcher {
    /// The cursor it first opened after: where it resumes before any event arrived.
    after: String,
    received: Vec<(String, Update)>,
    stream: Option<tonic::Streaming<WatchTaskResponse>>,
}

impl Watcher {
    /// Opens a stream after `cursor`, retrying while the replica answers UNAVAILABLE (its
    /// store is electing a leader), as a client should.
    async fn open(channel: &Channel, cursor: &str) -> tonic::Streaming<WatchTaskResponse> {
        for _ in 0..120 {
            let request = WatchTaskRequest {
                after_cursor: cursor.to_owned(),
                ..Default::default()
            };
            match TaskServiceClient::new(channel.clone())
                .watch_task(request)
                .await
            {
                Ok(stream) => return stream.into_inner(),
                Err(status) if status.code() == tonic::Code::Unavailable => {
                    tokio::time::sleep(Duration::from_millis(500)).await;
                }
                Err(status) => panic!("cannot watch after {cursor:?}: {status:?}"),
            }
        }
        panic!("a watch after {cursor:?} stayed unavailable for a minute")
    }

    async fn start(channel: &Channel) -> Self {
        Self {
            after: String::new(),
            received: Vec::new(),
            stream: Some(Self::open(channel, "").await),
        }
    }

    fn cursor(&self) -> &str {
        self.received
            .last()
            .map_or(self.after.as_str(), |(cursor, _)| cursor)
    }

    /// Reads until it holds `count` events, resuming on `channel` after an error; fails after
    /// two minutes.
    async fn read_until(&mut self, count: usize, channel: &Channel) {
        let give_up = tokio::time::Instant::now() + Duration::from_secs(120);
        while self.received.len() < count {
            assert!(
                tokio::time::Instant::now() < give_up,
                "only {} of {count} events after two minutes",
                self.received.len()
            );
            if self.stream.is_none() {
                self.stream = Some(Self::open(channel, self.cursor()).await);
            }
            let stream = self.stream.as_mut().unwrap();
            let message = tokio::time::timeout(Duration::from_secs(60), stream.next())
                .await
                .expect("a message within a minute");
            match message {
                Some(Ok(message)) => {
                    if let Some(
                        update @ (Update::TaskStatus(_)
                        | Update::RecipientStatus(_)
                        | Update::Reply(_)),
                    ) = message.update
                    {
                        self.received.push((message.cursor, update));
                    }
                }
                // The replica died, or lost NATS for a moment: resume from the last cursor.
                Some(Err(status)) => {
                    eprintln!(
                        "watch ended ({:?}); resuming after {:?}",
                        status.code(),
                        self.cursor()
                    );
                    self.stream = None;
                }
                None => self.stream = None,
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_replicas_on_a_cluster_are_one_gateway_through_replica_and_leader_kills() {
    let dir = tempfile::tempdir().unwrap();
    let mut cluster = NatsCluster::start(3).await;
    let webhook_addrs: Vec<SocketAddr> = (0..REPLICAS)
        .map(|_| SocketAddr::from(([127, 0, 0, 1], free_port())))
        .collect();
    let balancer = start_balancer(
        webhook_addrs
            .iter()
            .map(|a| format!("http://{a}"))
            .collect(),
    )
    .await;
    let sim = start_simulator(sim_args(2.0, Some(balancer))).await;
    let mut replicas: Vec<GatewayProcess> = webhook_addrs
        .iter()
        .enumerate()
        .map(|(i, webhooks)| {
            GatewayProcess::new(
                format!("http://{}", sim.addr),
                *webhooks,
                dir.path().join(format!("r{i}")),
            )
            .with_env("WADISPATCH_EVENT_STORE", cluster.urls())
            .with_env("WADISPATCH_NATS_REPLICAS", "3")
            .with_env("WADISPATCH_NATS_UNAVAILABLE_AFTER", "3s")
        })
        .collect();
    let mut channels = Vec::new();
    for replica in &mut replicas {
        channels.push(replica.start().await);
    }
    let mut watchers = Vec::new();
    for channel in &channels {
        watchers.push(Watcher::start(channel).await);
    }

    let task_id = TaskServiceClient::new(channels[0].clone())
        .create_unassigned_task(CreateUnassignedTaskRequest {
            request_id: "7b0c1c1e-8e0e-4c55-9b62-6a9d3a3f2a11".into(),
            ..campaign("replicas", RECIPIENTS)
        })
        .await
        .unwrap()
        .into_inner()
        .task_id;

    // Mid-burst: replica 1 dies; its watcher resumes on replica 2.
    wait_delivered(&sim, delivered(&sim) + 30).await;
    watchers[1].read_until(10, &channels[1]).await;
    replicas[1].kill();
    eprintln!(
        "replica 1 killed after {} acknowledged webhooks",
        delivered(&sim)
    );
    // Then the events stream's leader dies.
    wait_delivered(&sim, delivered(&sim) + 30).await;
    let leader = cluster.wait_for_stream_leader("WAD_EVENTS", None).await;
    cluster.kill(leader);
    eprintln!(
        "NATS stream leader (node {leader}) killed after {} acknowledged webhooks",
        delivered(&sim)
    );

    wait_completed(&channels[0], &task_id).await;
    settle(&sim).await;
    assert_eq!(
        DeliveryStats::get(&sim.delivery.abandoned),
        0,
        "no webhook given up"
    );
    assert_eq!(DeliveryStats::get(&sim.delivery.dropped), 0);

    // The whole history, as any replica replays it from the beginning.
    let mut history = Watcher {
        after: "0".into(),
        received: Vec::new(),
        stream: Some(Watcher::open(&channels[2], "0").await),
    };
    let finals = execution_status(&channels[0], &task_id).await;
    let expected_events = expected_count(&finals);
    history.read_until(expected_events, &channels[2]).await;
    for (i, watcher) in watchers.iter_mut().enumerate() {
        // Replica 1 is dead: its watcher carries on on replica 2.
        let channel = if i == 1 { &channels[2] } else { &channels[i] };
        watcher.read_until(expected_events, channel).await;
        assert_eq!(
            watcher.received, history.received,
            "watcher {i} received the identical sequence"
        );
    }

    // Every status change once, in order.
    let mut task_statuses = Vec::new();
    let mut paths: HashMap<String, Vec<i32>> = HashMap::new();
    for (_, update) in &history.received {
        match update {
            Update::TaskStatus(e) => task_statuses.push(e.status),
            Update::RecipientStatus(e) => paths.entry(e.target.clone()).or_default().push(e.status),
            _ => {}
        }
    }
    use TaskStatus::*;
    assert_eq!(
        task_statuses,
        [PendingStart, PendingSend, Dispatching, Completed].map(|s| s as i32)
    );
    assert_eq!(paths.len(), RECIPIENTS);
    for recipient in &finals.recipients {
        assert_eq!(
            paths.get(&recipient.target).map(Vec::as_slice),
            Some(lifecycle(recipient.status).as_slice()),
            "{}: every status change once, in order",
            recipient.target
        );
    }
}

/// Events a completed task's history holds: four task statuses, each recipient's lifecycle,
/// and a reply per replied recipient.
fn expected_count(finals: &GetTaskExecutionStatusResponse) -> usize {
    let replied = RecipientStatus::ReadReplied as i32;
    4 + finals
        .recipients
        .iter()
        .map(|r| lifecycle(r.status).len() + usize::from(r.status == replied))
        .sum::<usize>()
}
