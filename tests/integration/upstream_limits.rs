//! The platform client's bounds: the size of an answer, the text of errors, the ids the platform
//! creates, the values in its answers, calls in flight and idle connections.

use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use serde_json::json;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tonic::Code;
use wadispatch_gateway::config::UpstreamArgs;
use wadispatch_gateway::proto::v1::task_service_client::TaskServiceClient;
use wadispatch_gateway::proto::v1::*;
use wadispatch_gateway::upstream::routes;

use crate::common::{
    assert_error_info, eventually, text_task_request, upstream_settings, Gateway, Harness,
};

fn status_request() -> GetTaskExecutionStatusRequest {
    GetTaskExecutionStatusRequest {
        task_id: "1".into(),
    }
}

fn status_answer() -> String {
    json!({"code": 200, "message": "success", "data": {"taskId": "1", "status": 5, "info": []}})
        .to_string()
}

/// Settings without the frequent health probe, so the stand-in sees only the calls under test.
fn settings(platform: &RawPlatform) -> UpstreamArgs {
    let mut settings = upstream_settings(&platform.url());
    settings.health_interval = Duration::from_secs(3600);
    settings
}

// ---- a raw HTTP/1.1 stand-in that counts connections and concurrent requests ----

/// How the raw stand-in answers a platform call.
#[derive(Clone)]
enum Answer {
    /// This body, after a delay.
    Body { body: String, delay: Duration },
    /// `total` bytes of an endless JSON string, declared in Content-Length or not (then the
    /// body ends when the connection closes).
    Huge { total: u64, declared: bool },
}

#[derive(Default)]
struct Counters {
    /// Connections accepted and not yet closed by the gateway.
    open_connections: AtomicUsize,
    /// The most connections ever open at once.
    max_open_connections: AtomicUsize,
    /// Platform calls received (health probes excluded).
    requests: AtomicUsize,
    /// Calls received and not yet answered.
    in_flight: AtomicUsize,
    /// The most calls ever in flight at once.
    max_in_flight: AtomicUsize,
    /// Bytes of a huge answer written before the write failed or ended.
    huge_written: AtomicU64,
    /// Whether writing a huge answer failed (the gateway stopped reading and closed).
    huge_cut: AtomicBool,
}

struct RawPlatform {
    addr: std::net::SocketAddr,
    counters: Arc<Counters>,
}

impl RawPlatform {
    async fn start(answer: Answer) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let counters = Arc::new(Counters::default());
        let shared_counters = counters.clone();
        let shared_answer = Arc::new(answer);
        tokio::spawn(async move {
            loop {
                let (stream, _) = listener.accept().await.unwrap();
                let counters = shared_counters.clone();
                let answer = shared_answer.clone();
                let open = counters.open_connections.fetch_add(1, Ordering::SeqCst) + 1;
                counters
                    .max_open_connections
                    .fetch_max(open, Ordering::SeqCst);
                tokio::spawn(async move {
                    let _ = serve_connection(stream, &counters, &answer).await;
                    counters.open_connections.fetch_sub(1, Ordering::SeqCst);
                });
            }
        });
        Self { addr, counters }
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn count(&self, counter: impl Fn(&Counters) -> &AtomicUsize) -> usize {
        counter(&self.counters).load(Ordering::SeqCst)
    }
}

/// Serves the requests of one keep-alive connection until the gateway closes it.
async fn serve_connection(
    stream: TcpStream,
    counters: &Counters,
    answer: &Answer,
) -> std::io::Result<()> {
    let mut stream = BufReader::new(stream);
    loop {
        let mut request_line = String::new();
        if stream.read_line(&mut request_line).await? == 0 {
            return Ok(());
        }
        let mut content_length = 0;
        loop {
            let mut header = String::new();
            stream.read_line(&mut header).await?;
            if header.trim().is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    content_length = value.trim().parse().unwrap();
                }
            }
        }
        let mut body = vec![0; content_length];
        stream.read_exact(&mut body).await?;
        if request_line.starts_with("GET / ") {
            stream
                .write_all(b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n")
                .await?;
            continue;
        }
        counters.requests.fetch_add(1, Ordering::SeqCst);
        let now = counters.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        counters.max_in_flight.fetch_max(now, Ordering::SeqCst);
        match answer.clone() {
            Answer::Body { body, delay } => {
                tokio::time::sleep(delay).await;
                counters.in_flight.fetch_sub(1, Ordering::SeqCst);
                let head = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                    body.len()
                );
                stream.write_all(head.as_bytes()).await?;
                stream.write_all(body.as_bytes()).await?;
            }
            Answer::Huge { total, declared } => {
                counters.in_flight.fetch_sub(1, Ordering::SeqCst);
                let head = if declared {
                    format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {total}\r\n\r\n")
                } else {
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n"
                        .to_owned()
                };
                stream.write_all(head.as_bytes()).await?;
                let start = br#"{"code":200,"message":"success","data":""#;
                stream.write_all(start).await?;
                let chunk = vec![b'7'; 64 * 1024];
                let mut written = start.len() as u64;
                while written < total {
                    let n = chunk.len().min((total - written) as usize);
                    if stream.write_all(&chunk[..n]).await.is_err() {
                        counters.huge_cut.store(true, Ordering::SeqCst);
                        break;
                    }
                    written += n as u64;
                    counters.huge_written.store(written, Ordering::SeqCst);
                }
                let _ = stream.flush().await;
                return Ok(());
            }
        }
    }
}

// ---- answer size ----

/// A 50 MB answer is not buffered: the gateway stops reading at its limit, closes the
/// connection (the stand-in's writes fail long before 50 MB) and reports INTERNAL.
#[tokio::test]
async fn a_huge_answer_is_cut_off_at_the_limit() {
    const TOTAL: u64 = 50 << 20;
    const LIMIT: usize = 1 << 20;
    for declared in [false, true] {
        let platform = RawPlatform::start(Answer::Huge {
            total: TOTAL,
            declared,
        })
        .await;
        let mut settings = settings(&platform);
        settings.limits.max_response_bytes = LIMIT;
        let gateway = Gateway::start(settings).await;
        let status = TaskServiceClient::new(gateway.channel.clone())
            .get_task_execution_status(status_request())
            .await
            .unwrap_err();
        let metadata =
            assert_error_info(&status, Code::Internal, "PLATFORM_RESPONSE_TOO_LARGE").metadata;
        assert_eq!(metadata["limit_bytes"], LIMIT.to_string());
        assert_eq!(metadata["path"], routes::GET_TASK_EXECUTION_STATUS.path);
        assert!(
            status.message().contains("exceeds 1048576 bytes"),
            "{status:?}"
        );
        let cut = eventually("the stand-in's write to fail", || async {
            platform
                .counters
                .huge_cut
                .load(Ordering::SeqCst)
                .then_some(())
        })
        .await;
        assert_eq!(cut, ());
        let written = platform.counters.huge_written.load(Ordering::SeqCst);
        assert!(
            written < TOTAL,
            "declared={declared}: the stand-in wrote all {written} bytes"
        );
    }
}

/// An answer under the limit is read whole, however it is split.
#[tokio::test]
async fn an_answer_under_the_limit_is_read() {
    let info: Vec<_> = (0..5000)
        .map(|i| {
            json!({"whatsApp": "8613800138000", "friendWhatsApp": format!("86139{i:08}"),
                   "status": 4, "time": "2024-04-21 17:01:27"})
        })
        .collect();
    let body = json!({"code": 200, "data": {"taskId": "1", "status": 3, "info": info}}).to_string();
    let platform = RawPlatform::start(Answer::Body {
        body: body.clone(),
        delay: Duration::ZERO,
    })
    .await;
    let mut settings = settings(&platform);
    settings.limits.max_response_bytes = body.len();
    let gateway = Gateway::start(settings).await;
    let response = TaskServiceClient::new(gateway.channel.clone())
        .get_task_execution_status(status_request())
        .await
        .unwrap()
        .into_inner();
    assert_eq!(response.recipients.len(), 5000);
}

/// A 1 MB string where an object is expected is INTERNAL with a short message, not a 1 MB
/// grpc-message (which clients see as an unrelated transport error).
#[tokio::test]
async fn error_text_quoting_the_platform_is_short() {
    let harness = Harness::start().await;
    let mut tasks = TaskServiceClient::new(harness.gateway.channel.clone());
    let megabyte = "x".repeat(1 << 20);
    let answers = [
        json!({"code": 200, "data": megabyte}),
        json!({"code": 200, "data": {"taskId": "1", "status": 1, "info": megabyte}}),
        json!({"code": 200, "data": {"taskId": "1", "status": 1, "info": [
            {"whatsApp": "1", "friendWhatsApp": "2", "status": 1, "time": megabyte}]}}),
        json!(megabyte),
    ];
    for answer in answers {
        harness.platform.answer(
            routes::GET_TASK_EXECUTION_STATUS.path,
            200,
            answer.to_string(),
        );
        let status = tasks
            .get_task_execution_status(status_request())
            .await
            .unwrap_err();
        let metadata =
            assert_error_info(&status, Code::Internal, "PLATFORM_RESPONSE_UNDECODABLE").metadata;
        assert!(
            status.message().len() < 4096,
            "a {} byte message",
            status.message().len()
        );
        assert!(metadata.values().all(|value| value.len() < 2048));
    }
    // The platform's own error message is cut too.
    harness.platform.answer(
        routes::GET_TASK_EXECUTION_STATUS.path,
        200,
        json!({"code": 500, "message": megabyte, "data": null}).to_string(),
    );
    let status = tasks
        .get_task_execution_status(status_request())
        .await
        .unwrap_err();
    let metadata = assert_error_info(&status, Code::Unknown, "PLATFORM_ERROR").metadata;
    assert!(status.message().len() < 4096, "{}", status.message().len());
    assert!(metadata["platform_message"].len() < 2048);
    assert!(metadata["platform_message"].starts_with("xxxx"));
}

// ---- ids and values in answers ----

/// A created task's id must be 1 to 128 printable ASCII characters: anything else is an answer
/// the gateway cannot vouch for, and the caller learns so.
#[tokio::test]
async fn created_ids_are_checked() {
    let harness = Harness::start().await;
    let mut tasks = TaskServiceClient::new(harness.gateway.channel.clone());
    let route = routes::CREATE_UNASSIGNED_SINGLE_TARGET_TASK.path;
    let created = |task_id: serde_json::Value| {
        json!({"code": 200, "message": "success", "data": {"taskId": task_id}}).to_string()
    };
    for (task_id, expected) in [
        (json!("a".repeat(128)), "a".repeat(128)),
        (
            json!(18_446_744_073_709_551_615_u64),
            "18446744073709551615".into(),
        ),
        (
            json!("6a2724fa2b7055971f960cc162632595"),
            "6a2724fa2b7055971f960cc162632595".into(),
        ),
    ] {
        harness.platform.answer(route, 200, created(task_id));
        let response = tasks
            .create_unassigned_single_target_task(text_task_request())
            .await
            .unwrap()
            .into_inner();
        assert_eq!(response.task_id, expected);
    }
    for (task_id, why) in [
        (json!("a".repeat(129)), "an id of 129 bytes, more than 128"),
        (json!("a".repeat(1 << 20)), "an id of 1048576 bytes"),
        (json!("task\u{7}1"), "an id with '\\u{7}'"),
        (json!("task 1"), "an id with ' '"),
        (json!("tâche"), "an id with 'â'"),
        (json!(""), "no id"),
        (
            json!(1e3),
            "expected a string or an integer, got the number 1000.0",
        ),
    ] {
        harness.platform.answer(route, 200, created(task_id));
        let status = tasks
            .create_unassigned_single_target_task(text_task_request())
            .await
            .unwrap_err();
        assert_error_info(&status, Code::Internal, "PLATFORM_RESPONSE_UNDECODABLE");
        assert!(status.message().contains("data"), "{}", status.message());
        assert!(
            status.message().contains(why),
            "{why}: {}",
            status.message()
        );
        assert!(status.message().len() < 4096);
    }
}

/// Numbers in answers are refused, naming the field, rather than wrapped, rounded or turned
/// into UNSPECIFIED.
#[tokio::test]
async fn out_of_range_values_in_answers_are_refused() {
    let harness = Harness::start().await;
    let mut tasks = TaskServiceClient::new(harness.gateway.channel.clone());
    let answer = |status: serde_json::Value, recipient_status: serde_json::Value| {
        json!({"code": 200, "data": {"taskId": "1", "status": status, "info": [
            {"whatsApp": "1", "friendWhatsApp": "2", "status": recipient_status,
             "time": "2024-04-21 17:01:27"}]}})
        .to_string()
    };
    for (body, expected) in [
        (
            answer(json!(2_147_483_648_i64), json!(1)),
            "status: unknown TaskStatus code 2147483648",
        ),
        (
            answer(json!(1), json!(100)),
            "info.status: unknown RecipientStatus code 100",
        ),
        (
            answer(json!(1), json!(1e3)),
            "data.info[0].status: expected an integer, got 1000.0",
        ),
        (
            answer(json!(9_223_372_036_854_775_808_u64), json!(1)),
            "data.status: expected an integer",
        ),
    ] {
        harness
            .platform
            .answer(routes::GET_TASK_EXECUTION_STATUS.path, 200, body);
        let status = tasks
            .get_task_execution_status(status_request())
            .await
            .unwrap_err();
        assert_error_info(&status, Code::Internal, "PLATFORM_RESPONSE_UNDECODABLE");
        assert!(
            status.message().contains(expected),
            "{expected}: {}",
            status.message()
        );
    }
    // An unknown code that fits keeps its number.
    harness.platform.answer(
        routes::GET_TASK_EXECUTION_STATUS.path,
        200,
        answer(json!(-1), json!(9)),
    );
    let response = tasks
        .get_task_execution_status(status_request())
        .await
        .unwrap()
        .into_inner();
    assert_eq!(response.status, -1);
    assert_eq!(response.recipients[0].status, 9);
}

// ---- calls in flight and pooled connections ----

/// With the cap at k, never more than k calls reach the platform at once, and 10k calls made
/// together all complete.
#[tokio::test]
async fn calls_in_flight_are_capped() {
    const K: usize = 3;
    const IDLE: usize = 2;
    let platform = RawPlatform::start(Answer::Body {
        body: status_answer(),
        delay: Duration::from_millis(100),
    })
    .await;
    let mut settings = settings(&platform);
    settings.limits.max_in_flight = K;
    settings.limits.max_idle_connections = Some(IDLE);
    let gateway = Gateway::start(settings).await;
    let calls: Vec<_> = (0..10 * K)
        .map(|_| {
            let mut tasks = TaskServiceClient::new(gateway.channel.clone());
            tokio::spawn(async move { tasks.get_task_execution_status(status_request()).await })
        })
        .collect();
    for call in calls {
        let response = call.await.unwrap().unwrap().into_inner();
        assert_eq!(response.status, TaskStatus::Completed as i32);
    }
    assert_eq!(platform.count(|c| &c.requests), 10 * K);
    let max = platform.count(|c| &c.max_in_flight);
    assert!(max <= K, "{max} calls reached the platform at once");
    // Connections: those of the calls in flight, the idle ones kept, and those of calls just
    // finished on their way back to the pool (where they are closed if it is full).
    let open = platform.count(|c| &c.max_open_connections);
    assert!(open <= 2 * K + IDLE, "{open} connections open at once");
}

/// A call that finds every slot taken for its whole deadline fails UNAVAILABLE unsent.
#[tokio::test]
async fn a_call_waiting_past_its_deadline_for_a_slot_is_not_sent() {
    let platform = RawPlatform::start(Answer::Body {
        body: status_answer(),
        delay: Duration::from_secs(60),
    })
    .await;
    let mut settings = settings(&platform);
    settings.limits.max_in_flight = 1;
    let upstream =
        wadispatch_gateway::upstream::Upstream::new(&settings.upstream_settings()).unwrap();
    let gateway = Gateway::start(settings).await;
    let mut holder = TaskServiceClient::new(gateway.channel.clone());
    let _held =
        tokio::spawn(async move { holder.get_task_execution_status(status_request()).await });
    eventually("the first call to reach the platform", || async {
        (platform.count(|c| &c.in_flight) == 1).then_some(())
    })
    .await;

    let mut request = tonic::Request::new(status_request());
    request
        .metadata_mut()
        .insert("grpc-timeout", "2S".parse().unwrap());
    let status = TaskServiceClient::new(gateway.channel.clone())
        .get_task_execution_status(request)
        .await
        .unwrap_err();
    let metadata =
        assert_error_info(&status, Code::Unavailable, "PLATFORM_CALLS_SATURATED").metadata;
    assert_eq!(metadata["max_in_flight"], "1");
    assert!(
        status.message().contains("not sent"),
        "{}",
        status.message()
    );
    assert_eq!(
        platform.count(|c| &c.requests),
        1,
        "the second call was sent"
    );

    // The counts are readable, for metrics: a separate client with its own single slot.
    assert_eq!((upstream.in_flight(), upstream.max_in_flight()), (0, 1));
    let busy = upstream.clone();
    let _busy = tokio::spawn(async move {
        busy.call::<_, serde_json::Value>(
            &routes::GET_TASK_EXECUTION_STATUS,
            &[("taskId", "1")],
            None,
        )
        .await
    });
    eventually("the client to count its call", || async {
        (upstream.in_flight() == 1).then_some(())
    })
    .await;
}

/// Starts `n` calls at once and waits for them all to succeed.
async fn burst(gateway: &Gateway, n: usize) {
    let calls: Vec<_> = (0..n)
        .map(|_| {
            let mut tasks = TaskServiceClient::new(gateway.channel.clone());
            tokio::spawn(async move { tasks.get_task_execution_status(status_request()).await })
        })
        .collect();
    for call in calls {
        call.await.unwrap().unwrap();
    }
}

/// After a burst, at most `--upstream-max-idle-connections` stay open.
#[tokio::test]
async fn idle_connections_beyond_the_cap_are_closed() {
    let platform = RawPlatform::start(Answer::Body {
        body: status_answer(),
        delay: Duration::from_millis(200),
    })
    .await;
    let mut settings = settings(&platform);
    settings.limits.max_idle_connections = Some(2);
    settings.limits.idle_timeout = Duration::from_secs(3600);
    let gateway = Gateway::start(settings).await;
    burst(&gateway, 20).await;
    let max = platform.count(|c| &c.max_in_flight);
    assert!(max > 2, "the burst needed only {max} connections");
    eventually("idle connections beyond the cap to close", || async {
        (platform.count(|c| &c.open_connections) <= 2).then_some(())
    })
    .await;
}

/// An idle connection is closed after `--upstream-idle-timeout`.
#[tokio::test]
async fn idle_connections_time_out() {
    let platform = RawPlatform::start(Answer::Body {
        body: status_answer(),
        delay: Duration::from_millis(100),
    })
    .await;
    let mut settings = settings(&platform);
    settings.limits.idle_timeout = Duration::from_millis(300);
    let gateway = Gateway::start(settings).await;
    burst(&gateway, 5).await;
    eventually("every idle connection to time out", || async {
        (platform.count(|c| &c.open_connections) == 0).then_some(())
    })
    .await;
}
