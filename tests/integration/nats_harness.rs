//! The NATS harness itself, against real nats-server processes: a single node serves clients and
//! JetStream, keeps its store across a kill and a graceful stop, and takes a test's extra
//! settings; a 3-node cluster forms, moves a replicated stream's leadership off a killed leader
//! and takes the node back; the cut proxy relays, cuts and heals, for raw connections and for a
//! NATS client that reconnects.

use std::time::Duration;

use async_nats::connection::State;
use async_nats::jetstream::{self, stream};
use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio_stream::StreamExt;

use crate::common::eventually;
use crate::common::nats::{CutProxy, NatsCluster, NatsNode, MAX_PAYLOAD};

/// How long a read may wait for a live server before the test fails instead of hanging.
const READ_BOUND: Duration = Duration::from_secs(20);

async fn bounded<T>(what: &str, future: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(READ_BOUND, future)
        .await
        .unwrap_or_else(|_| panic!("{what}: nothing within {READ_BOUND:?}"))
}

/// The `INFO {...}` line a NATS server greets each connection with, parsed.
async fn greeting(connection: &mut BufReader<TcpStream>) -> Value {
    let mut line = String::new();
    bounded("the INFO line", connection.read_line(&mut line))
        .await
        .expect("reading the INFO line");
    let json = line
        .strip_prefix("INFO ")
        .unwrap_or_else(|| panic!("not an INFO line: {line:?}"));
    serde_json::from_str(json.trim_end()).expect("INFO's JSON")
}

/// Connects to `addr`, checks the greeting is a NATS server's, and answers a PING: bytes pass
/// both ways.
async fn ping(addr: std::net::SocketAddr) -> BufReader<TcpStream> {
    let mut connection = BufReader::new(TcpStream::connect(addr).await.expect("connecting"));
    let info = greeting(&mut connection).await;
    assert!(info["server_id"].is_string(), "{info}");
    connection
        .get_mut()
        .write_all(b"CONNECT {\"verbose\":false}\r\nPING\r\n")
        .await
        .unwrap();
    let mut line = String::new();
    bounded("PONG", connection.read_line(&mut line))
        .await
        .unwrap();
    assert_eq!(line, "PONG\r\n");
    connection
}

/// Reads `connection` until the proxy ends it (a reset or an end of stream); answers what it
/// read before that.
async fn until_cut(connection: &mut BufReader<TcpStream>) -> Vec<u8> {
    let mut read = Vec::new();
    let mut buf = [0; 256];
    loop {
        match bounded("the cut", connection.read(&mut buf)).await {
            Ok(0) | Err(_) => return read,
            Ok(n) => read.extend_from_slice(&buf[..n]),
        }
    }
}

fn stream_config(name: &str, replicas: usize) -> stream::Config {
    stream::Config {
        name: name.to_owned(),
        subjects: vec![format!("{}.>", name.to_lowercase())],
        num_replicas: replicas,
        ..Default::default()
    }
}

/// Publishes `payload` with message id `id` until the stream acknowledges it, and answers its
/// sequence number: a retry after a lost acknowledgement is deduplicated by the id, so the
/// message is stored once however many attempts it takes.
async fn publish_once(js: &jetstream::Context, subject: &str, id: &str, payload: &str) -> u64 {
    eventually(&format!("an acknowledgement of {id}"), || async move {
        let mut headers = async_nats::HeaderMap::new();
        headers.insert("Nats-Msg-Id", id);
        let ack = js
            .publish_with_headers(subject.to_owned(), headers, payload.to_owned().into())
            .await
            .ok()?;
        Some(ack.await.ok()?.sequence)
    })
    .await
}

/// The number of messages `stream` holds on `node`, as its monitor API reports.
async fn messages_on(node: &NatsNode, stream: &str) -> Option<u64> {
    let jsz = node.jsz("?streams=true").await?;
    jsz["account_details"]
        .as_array()?
        .iter()
        .filter_map(|account| account["stream_detail"].as_array())
        .flatten()
        .find(|detail| detail["name"] == stream)?["state"]["messages"]
        .as_u64()
}

#[tokio::test]
async fn single_node_serves_jetstream_and_keeps_its_store_across_a_kill_and_a_stop() {
    let dir = tempfile::tempdir().unwrap();
    let mut node = NatsNode::single(dir.path()).await;
    assert_eq!(
        node.url(),
        format!("nats://127.0.0.1:{}", node.client_port())
    );
    assert_ne!(node.client_port(), node.monitor_port());

    let mut connection = BufReader::new(TcpStream::connect(node.addr()).await.unwrap());
    let info = greeting(&mut connection).await;
    assert_eq!(info["jetstream"], true, "{info}");
    assert_eq!(info["max_payload"], MAX_PAYLOAD, "{info}");
    drop(connection);

    let client = async_nats::connect(node.url()).await.unwrap();
    let js = jetstream::new(client);
    js.create_stream(stream_config("SINGLE", 1)).await.unwrap();
    assert_eq!(publish_once(&js, "single.a", "a", "first").await, 1);

    let ports = (node.client_port(), node.monitor_port());
    node.kill();
    assert!(!node.is_running());
    assert!(
        TcpStream::connect(node.addr()).await.is_err(),
        "a killed node still accepts connections"
    );
    node.restart().await;
    assert_eq!((node.client_port(), node.monitor_port()), ports);
    // The client reconnects to the same URL by itself; the store kept the message.
    assert_eq!(publish_once(&js, "single.a", "b", "second").await, 2);

    node.stop().await;
    assert!(!node.is_running());
    node.restart().await;
    assert_eq!(publish_once(&js, "single.a", "c", "third").await, 3);
    assert_eq!(messages_on(&node, "SINGLE").await, Some(3));

    let log = node.log();
    assert_eq!(
        log.matches("Server is ready").count(),
        3,
        "one start and two restarts in the log:\n{log}"
    );
}

#[tokio::test]
async fn extra_config_reaches_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let node = NatsNode::single_with(dir.path(), "authorization { token: \"s3cret\" }\n").await;
    let mut connection = BufReader::new(TcpStream::connect(node.addr()).await.unwrap());
    let info = greeting(&mut connection).await;
    assert_eq!(info["auth_required"], true, "{info}");

    assert!(async_nats::connect(node.url()).await.is_err());
    let client = async_nats::ConnectOptions::with_token("s3cret".into())
        .connect(node.url())
        .await
        .unwrap();
    let js = jetstream::new(client);
    js.create_stream(stream_config("GUARDED", 1)).await.unwrap();
    assert_eq!(publish_once(&js, "guarded.a", "a", "first").await, 1);
}

#[tokio::test]
async fn cluster_moves_a_replicated_stream_off_a_killed_leader_and_takes_the_node_back() {
    let mut cluster = NatsCluster::start(3).await;
    assert_eq!(cluster.len(), 3);
    for i in 0..cluster.len() {
        assert!(cluster.node(i).healthy("").await, "n{i} healthy");
    }
    assert!(cluster.meta_leader().await.is_some());
    let urls = cluster.urls();
    let seeds: Vec<&str> = urls.split(',').collect();
    assert_eq!(seeds.len(), 3);
    for (i, seed) in seeds.iter().enumerate() {
        assert_eq!(*seed, cluster.node(i).url());
    }

    let js = jetstream::new(async_nats::connect(seeds).await.unwrap());
    assert_eq!(
        cluster.stream_leader("REPLICATED").await,
        None,
        "no stream yet"
    );
    js.create_stream(stream_config("REPLICATED", 3))
        .await
        .unwrap();
    let leader = cluster.wait_for_stream_leader("REPLICATED", None).await;
    assert_eq!(publish_once(&js, "replicated.a", "a", "first").await, 1);

    cluster.kill(leader);
    assert!(!cluster.node(leader).is_running());
    let successor = cluster
        .wait_for_stream_leader("REPLICATED", Some(leader))
        .await;
    assert!(cluster.node(successor).is_running());
    // Two of three replicas are a quorum: the stream still takes messages.
    assert_eq!(publish_once(&js, "replicated.a", "b", "second").await, 2);
    cluster.wait_for_meta_leader().await;

    cluster.restart(leader).await;
    assert!(cluster.node(leader).healthy("").await);
    let node = cluster.node(leader);
    eventually("the restarted node to catch up", || async move {
        (messages_on(node, "REPLICATED").await? == 2).then_some(())
    })
    .await;
}

#[tokio::test]
async fn cut_proxy_relays_then_cuts_then_heals() {
    let dir = tempfile::tempdir().unwrap();
    let node = NatsNode::single(dir.path()).await;
    let proxy = CutProxy::start(node.addr()).await;
    assert_ne!(proxy.addr(), node.addr());

    let mut open = ping(proxy.addr()).await;
    let client = async_nats::connect(proxy.url()).await.unwrap();
    let mut subscription = client.subscribe("cut.test").await.unwrap();
    client.publish("cut.test", "before".into()).await.unwrap();
    let message = bounded("the message before the cut", subscription.next())
        .await
        .unwrap();
    assert_eq!(message.payload, "before");

    proxy.cut();
    // What the server sent before the cut (its first PING, on a slow machine) may still be
    // unread; then the connection ends.
    until_cut(&mut open).await;
    let mut fresh = BufReader::new(TcpStream::connect(proxy.addr()).await.unwrap());
    let greeted = until_cut(&mut fresh).await;
    assert!(
        greeted.is_empty(),
        "a connection made during the cut got {:?}",
        String::from_utf8_lossy(&greeted)
    );
    eventually("the client to lose its connection", || {
        let state = client.connection_state();
        async move { (state != State::Connected).then_some(()) }
    })
    .await;

    proxy.heal();
    drop(ping(proxy.addr()).await);
    eventually("the client to reconnect", || {
        let state = client.connection_state();
        async move { (state == State::Connected).then_some(()) }
    })
    .await;
    // The client subscribes again on reconnecting.
    client.publish("cut.test", "after".into()).await.unwrap();
    let message = bounded("the message after the heal", subscription.next())
        .await
        .unwrap();
    assert_eq!(message.payload, "after");
}
