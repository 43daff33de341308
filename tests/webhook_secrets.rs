//! The path secret never leaves the routes: every log line the gateway writes (captured here at
//! TRACE), every dead-letter row, every answer and the `dead-letters` command's output are
//! searched for it after traffic that exercises each answer of the webhook listener.
//!
//! Its own test binary: it installs the process-wide log subscriber.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use common::{
    event_args, fixture_text, upstream_settings, webhook_auth_from, Gateway, RecordingPlatform,
};
use tokio::net::TcpListener;
use wadispatch_gateway::config::parse_signing_secret;
use wadispatch_gateway::webhook::auth;
use wadispatch_gateway::webhook::PATH_SECRET_PLACEHOLDER;
use wadispatch_gateway::wire::webhook::WebhookKind;

const PATH_SECRET: &str = "Zq9-very.secret_path~7";
const SIGNING_SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
/// The signing key's base64, which must not show either.
const SIGNING_KEY: &str = "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

/// Everything logged by this process since the subscriber was installed.
fn captured() -> &'static Arc<Mutex<Vec<u8>>> {
    static LOGS: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOGS.get_or_init(|| {
        let logs = Arc::new(Mutex::new(Vec::new()));
        let sink = logs.clone();
        tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_writer(move || Capture(sink.clone()))
            .init();
        logs
    })
}

struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A gateway under /hooks with the path secret, and `flags` on top; webhooks up to 1 KiB.
async fn gateway(platform: &RecordingPlatform, flags: &[&str]) -> Gateway {
    let mut events = event_args();
    events.webhook_prefix = "/hooks".into();
    events.webhook_body_limit = 1024;
    let mut all = vec!["--webhook-path-secret", PATH_SECRET];
    all.extend_from_slice(flags);
    Gateway::start_with(
        upstream_settings(&platform.url()),
        TcpListener::bind("127.0.0.1:0").await.unwrap(),
        events,
        webhook_auth_from(&all),
    )
    .await
}

/// POSTs `body` with `content_type` and `headers`; the status and the answer's text.
async fn post(
    url: &str,
    content_type: &str,
    headers: &[(&str, String)],
    body: &str,
) -> (u16, String) {
    let mut request = reqwest::Client::new()
        .post(url)
        .header("content-type", content_type)
        .body(body.to_owned());
    for (name, value) in headers {
        request = request.header(*name, value);
    }
    let answer = request.send().await.unwrap();
    (answer.status().as_u16(), answer.text().await.unwrap())
}

fn signed(id: &str, body: &str) -> Vec<(&'static str, String)> {
    let secret = parse_signing_secret(SIGNING_SECRET).unwrap();
    let now = chrono::Utc::now().timestamp();
    vec![
        ("webhook-id", id.to_owned()),
        ("webhook-timestamp", now.to_string()),
        (
            "webhook-signature",
            auth::sign(&secret, id, now, body.as_bytes()),
        ),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_path_secret_reaches_no_log_line_row_or_answer() {
    let logs = captured();
    let platform = RecordingPlatform::start().await;
    let open = gateway(&platform, &[]).await;
    let signing = gateway(&platform, &["--webhook-signing-secret", SIGNING_SECRET]).await;
    let path = WebhookKind::TaskStatus.path();
    let url = |gateway: &Gateway| format!("{}/{PATH_SECRET}{path}", gateway.webhook_url);
    let example = fixture_text("wh-GS_V3_SYNC_TASK_STATUS.request.json");
    let other = serde_json::json!({"taskId": "t-2", "status": "2"}).to_string();
    let oversized = "x".repeat(5000);

    let mut answers = Vec::new();
    // Every answer of the open listener: 200, 400, 415, 413, and 404 on paths near the real one.
    for (content_type, body, status) in [
        ("application/json", example.as_str(), 200),
        ("application/json", "{not json", 400),
        ("text/plain", example.as_str(), 415),
        ("application/json", oversized.as_str(), 413),
    ] {
        let answer = post(&url(&open), content_type, &[], body).await;
        assert_eq!(answer.0, status, "{}", answer.1);
        answers.push(answer.1);
    }
    let root = open.webhook_url.trim_end_matches("/hooks");
    for wrong in [
        format!("{root}/hooks/{PATH_SECRET}/callback/nowhere"),
        format!("{root}/hooks/{PATH_SECRET}x{path}"),
        format!("{root}/{PATH_SECRET}/hooks{path}"),
        format!("{root}/hooks{path}"),
    ] {
        let answer = post(&wrong, "application/json", &[], &example).await;
        assert_eq!(answer.0, 404, "{wrong}: {}", answer.1);
        let envelope: serde_json::Value = serde_json::from_str(&answer.1).unwrap();
        assert_eq!(envelope["code"], 404, "{}", answer.1);
        answers.push(answer.1);
    }
    // The signing listener: refused, oversized, malformed, and a reused id with another body.
    for (headers, body, status) in [
        (vec![], example.as_str(), 401),
        (signed("msg_big", &oversized), oversized.as_str(), 413),
        (signed("msg_bad", "{not json"), "{not json", 400),
        (signed("msg_dup", &example), example.as_str(), 200),
        (signed("msg_dup", &other), other.as_str(), 200),
    ] {
        let answer = post(&url(&signing), "application/json", &headers, body).await;
        assert_eq!(answer.0, status, "{}", answer.1);
        answers.push(answer.1);
    }

    for answer in &answers {
        assert!(!answer.contains(PATH_SECRET), "an answer: {answer}");
    }
    let logs = String::from_utf8(logs.lock().unwrap().clone()).unwrap();
    for line in logs.lines() {
        assert!(!line.contains(PATH_SECRET), "a log line: {line}");
        assert!(!line.contains(SIGNING_KEY), "a log line: {line}");
    }
    // What the lines show instead; and the conflict is reported, by kind and id.
    let shown = format!("/hooks/{PATH_SECRET_PLACEHOLDER}{path}");
    assert!(logs.contains(&shown), "{logs}");
    assert!(
        logs.lines().any(|line| line.contains("WARN")
            && line.contains("another body")
            && line.contains("msg_dup")
            && line.contains(WebhookKind::TaskStatus.config_id())),
        "{logs}"
    );

    // The rows: the shown path, never the secret; the 413 one cut with its size.
    let letters = open.events.log.dead_letters(10).await.unwrap();
    assert_eq!(letters.len(), 3, "{letters:#?}");
    let signed_letters = signing.events.log.dead_letters(10).await.unwrap();
    assert_eq!(signed_letters.len(), 1, "{signed_letters:#?}");
    for letter in letters.iter().chain(&signed_letters) {
        assert_eq!(letter.path, shown);
        for text in [&letter.path, &letter.reason, &letter.content_type] {
            assert!(!text.contains(PATH_SECRET), "{letter:?}");
        }
    }
    assert_eq!(letters[0].original_len, 5000);
    assert!(letters[0].truncated());

    // The `dead-letters` command prints the same rows, truncation and original size included.
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_wadispatch-gateway"))
        .arg("dead-letters")
        .arg("--data-dir")
        .arg(open.data_dir.as_ref().unwrap().path())
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let printed = String::from_utf8(output.stdout).unwrap();
    assert!(!printed.contains(PATH_SECRET), "{printed}");
    let rows: Vec<serde_json::Value> = printed
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(rows.len(), 3, "{printed}");
    assert_eq!(rows[0]["truncated"], true);
    assert_eq!(rows[0]["original_len"], 5000);
    assert_eq!(rows[0]["path"], shown);
    assert_eq!(rows[1]["truncated"], false);
    assert_eq!(rows[1]["original_len"], example.len());
}
