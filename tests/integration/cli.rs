//! The terminal client, as the binary a person runs: `send` against the gateway in front of the
//! simulator (a bad file sends nothing; a large one goes out as 5,000-recipient tasks, and the
//! same command again creates none), `watch` stopped with SIGINT and started again (its JSON
//! cursors continue with no gap and no repeat), and `demo` showing its campaign.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Output, Stdio};

use wadispatch_gateway::proto::v1::task_service_client::TaskServiceClient;
use wadispatch_gateway::proto::v1::watch_task_response::Update;
use wadispatch_gateway::proto::v1::*;
use wadispatch_gateway::upstream::routes;

use crate::common::{delivery, sim_args, SimHarness};

/// The binary with the client's environment cleared, so the machine's own settings (a key, a
/// CA) cannot leak into a test.
fn client(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_wadispatch-gateway"));
    command
        .args(args)
        .env_remove("WADISPATCH_KEY")
        .env_remove("WADISPATCH_CA_CERT")
        .env_remove("WADISPATCH_CLIENT_CERT")
        .env_remove("WADISPATCH_CLIENT_KEY")
        .env_remove("WADISPATCH_ADDR")
        .env_remove("WADISPATCH_CONFIG")
        .env("NO_COLOR", "1")
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null());
    command
}

/// Runs `command` to its end off the runtime's thread (the gateway it calls runs on it).
async fn output(mut command: Command) -> Output {
    tokio::task::spawn_blocking(move || command.output().unwrap())
        .await
        .unwrap()
}

/// The task ids `send` printed, with their recipients.
fn created(stdout: &str) -> Vec<(String, usize)> {
    stdout
        .lines()
        .filter_map(|line| line.strip_prefix("created task "))
        .map(|rest| {
            let (id, rest) = rest.split_once(" (").unwrap();
            let recipients = rest.split_once(' ').unwrap().0.parse().unwrap();
            (id.to_owned(), recipients)
        })
        .collect()
}

fn creates(harness: &SimHarness) -> u64 {
    harness
        .simulator
        .shared
        .calls
        .get(routes::CREATE_UNASSIGNED_TASK.path)
}

#[tokio::test]
async fn send_names_every_bad_row_and_creates_nothing() {
    // Slow, so the simulator sends few webhooks while the test runs.
    let harness = SimHarness::start(sim_args(0.05, None)).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("spring.csv");
    std::fs::write(
        &file,
        "phone,name\n\
         +86 152 0000 0001,Jane\n\
         call me maybe,John\n\
         8615200000002\n\
         12345\n\
         \n\
         86-152-0000-0001,Jane again\n\
         8615200000003\n",
    )
    .unwrap();
    let gateway = harness.gateway.addr.to_string();
    let path = file.to_str().unwrap();
    let run = output(client(&[
        "send",
        "--gateway",
        &gateway,
        "--targets",
        path,
        "--text",
        "Spring sale",
    ]))
    .await;
    assert!(!run.status.success());
    let stderr = String::from_utf8_lossy(&run.stderr);
    for line in [3, 5, 7] {
        assert!(
            stderr.contains(&format!("{path}:{line}: ")),
            "line {line} is named: {stderr}"
        );
    }
    assert!(
        stderr.contains("already on line 2"),
        "the duplicate names its first line: {stderr}"
    );
    assert!(stderr.contains("3 bad rows"), "{stderr}");
    assert!(stderr.contains("nothing sent"), "{stderr}");
    assert!(created(&String::from_utf8_lossy(&run.stdout)).is_empty());

    // An empty file, and a header alone, are refused too.
    std::fs::write(&file, "phone\n").unwrap();
    let run = output(client(&[
        "send",
        "--gateway",
        &gateway,
        "--targets",
        path,
        "--text",
        "Spring sale",
    ]))
    .await;
    assert!(!run.status.success());
    assert!(
        String::from_utf8_lossy(&run.stderr).contains("names no recipient"),
        "{run:?}"
    );
    // The platform never saw a create.
    assert_eq!(creates(&harness), 0);
    assert_eq!(
        harness
            .simulator
            .shared
            .calls
            .get(routes::CREATE_POOLED_TASK.path),
        0
    );
}

#[tokio::test]
async fn a_large_file_goes_out_in_tasks_of_5000_and_running_it_again_creates_none() {
    // Slow: the test is about creates, not about 12,001 recipients' webhooks.
    let harness = SimHarness::start(sim_args(0.01, None)).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("everyone.csv");
    let mut csv = String::from("phone\n");
    for i in 0..12_001 {
        csv.push_str(&format!("+86 152 {i:08}\n"));
    }
    std::fs::write(&file, csv).unwrap();
    let gateway = harness.gateway.addr.to_string();
    let args = [
        "send",
        "--gateway",
        &gateway,
        "--targets",
        file.to_str().unwrap(),
        "--text",
        "Spring sale",
        "--name",
        "spring",
        "--no-watch",
    ];
    let first = output(client(&args)).await;
    assert!(first.status.success(), "{first:?}");
    let tasks = created(&String::from_utf8_lossy(&first.stdout));
    let sizes: Vec<usize> = tasks.iter().map(|(_, n)| *n).collect();
    assert_eq!(sizes, [5000, 5000, 2001], "{tasks:?}");
    assert_eq!(creates(&harness), 3);

    // As after a crash or Ctrl-C: the same command answers the same tasks, creating none.
    let again = output(client(&args)).await;
    assert!(again.status.success(), "{again:?}");
    assert_eq!(created(&String::from_utf8_lossy(&again.stdout)), tasks);
    assert_eq!(creates(&harness), 3, "the platform saw 3 creates, not 6");

    // Each task holds its part of the file, in order.
    let mut client = TaskServiceClient::new(harness.gateway.channel.clone());
    let last = client
        .get_task_execution_status(GetTaskExecutionStatusRequest {
            task_id: tasks[2].0.clone(),
        })
        .await
        .unwrap()
        .into_inner();
    let mut targets: Vec<String> = last.recipients.into_iter().map(|r| r.target).collect();
    targets.sort();
    assert_eq!(targets.len(), 2001);
    assert_eq!(targets[0], "8615200010000");
    assert_eq!(targets[2000], "8615200012000");
}

/// The JSON lines of a watch: each line's kind and cursor.
fn kinds_and_cursors(lines: &[String]) -> Vec<(String, u64)> {
    lines
        .iter()
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).unwrap();
            (
                value["kind"].as_str().unwrap().to_owned(),
                value["cursor"].as_str().unwrap().parse().unwrap(),
            )
        })
        .collect()
}

/// Reads `child`'s stdout lines until `enough` says so; returns them and the reader for the
/// rest.
fn read_until(
    child: &mut Child,
    mut enough: impl FnMut(&[String]) -> bool,
) -> (Vec<String>, BufReader<std::process::ChildStdout>) {
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut lines = Vec::new();
    while !enough(&lines) {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap() == 0 {
            break;
        }
        lines.push(line.trim_end().to_owned());
    }
    (lines, reader)
}

#[tokio::test]
async fn watch_stopped_with_sigint_continues_after_its_last_line_until_the_task_is_final() {
    let harness = SimHarness::start(sim_args(0.5, None)).await;
    let mut tasks = TaskServiceClient::new(harness.gateway.channel.clone());
    let task_id = tasks
        .create_unassigned_task(delivery::campaign("resume", 200))
        .await
        .unwrap()
        .into_inner()
        .task_id;
    let dir = tempfile::tempdir().unwrap();
    let cursor_file = dir.path().join("task.cursor");
    let gateway = harness.gateway.addr.to_string();
    let watch = {
        let (task_id, cursor_file) = (task_id.clone(), cursor_file.clone());
        move || {
            let mut command = client(&[
                "watch",
                "task",
                &task_id,
                "--until-final",
                "--output",
                "json",
                "--gateway",
                &gateway,
                "--cursor-file",
                cursor_file.to_str().unwrap(),
            ]);
            command.stdout(Stdio::piped()).stderr(Stdio::piped());
            command.spawn().unwrap()
        }
    };

    // The first run: its snapshot, then events, until the task is paused mid-stream (so it
    // cannot end first) and the watch gets SIGINT.
    let (mut first, reader, mut first_lines) = tokio::task::spawn_blocking({
        let watch = watch.clone();
        move || {
            let mut child = watch();
            let (lines, reader) = read_until(&mut child, |lines| lines.len() >= 40);
            (child, reader, lines)
        }
    })
    .await
    .unwrap();
    assert_eq!(first_lines.len(), 40, "the first run printed 40 lines");
    tasks
        .pause_tasks(PauseTasksRequest {
            task_ids: vec![task_id.clone()],
            ..Default::default()
        })
        .await
        .unwrap();
    let (status, rest) = tokio::task::spawn_blocking(move || {
        // SAFETY: kill sends a signal to the child this test started and still owns.
        let sent = unsafe { libc::kill(first.id() as libc::pid_t, libc::SIGINT) };
        assert_eq!(sent, 0);
        let mut rest = String::new();
        let mut reader = reader;
        reader.read_to_string(&mut rest).unwrap();
        (first.wait().unwrap(), rest)
    })
    .await
    .unwrap();
    assert_eq!(
        status.code(),
        Some(130),
        "SIGINT ends the watch as interrupted"
    );
    first_lines.extend(rest.lines().map(str::to_owned));

    // The second run continues from the cursor file; the task resumes and runs to its end.
    let mut second = tokio::task::spawn_blocking(watch).await.unwrap();
    tasks
        .start_tasks(StartTasksRequest {
            task_ids: vec![task_id.clone()],
            ..Default::default()
        })
        .await
        .unwrap();
    let (status, second_lines, stderr) = tokio::task::spawn_blocking(move || {
        let (lines, _) = read_until(&mut second, |_| false);
        let mut stderr = String::new();
        second
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        (second.wait().unwrap(), lines, stderr)
    })
    .await
    .unwrap();
    assert!(
        status.success(),
        "--until-final ends it: {status:?} {stderr}"
    );
    assert!(stderr.contains("after cursor"), "it resumed: {stderr}");

    let first = kinds_and_cursors(&first_lines);
    let second = kinds_and_cursors(&second_lines);
    assert_eq!(
        first[0].0, "snapshot",
        "a fresh watch opens with the task's state"
    );
    assert!(
        second.iter().all(|(kind, _)| kind != "snapshot"),
        "a resumed watch prints no snapshot: its cursor was printed already"
    );
    let last: serde_json::Value = serde_json::from_str(second_lines.last().unwrap()).unwrap();
    assert_eq!(last["progress"]["status"], "COMPLETED", "{last}");

    // Every event after the first run's start, as the log holds them: the two runs printed
    // exactly these, in order, none missing and none twice.
    let mut replay = tasks
        .watch_task(WatchTaskRequest {
            task_id: task_id.clone(),
            after_cursor: first[0].1.to_string(),
            end_when_final: true,
        })
        .await
        .unwrap()
        .into_inner();
    let mut expected = Vec::new();
    while let Some(message) = replay.message().await.unwrap() {
        if !matches!(
            message.update,
            Some(Update::Snapshot(_) | Update::Heartbeat(_))
        ) {
            expected.push(message.cursor.parse::<u64>().unwrap());
        }
    }
    let printed: Vec<u64> = first[1..]
        .iter()
        .chain(&second)
        .map(|(_, cursor)| *cursor)
        .collect();
    assert!(first.len() >= 40 && !second.is_empty());
    assert_eq!(printed, expected);
}

#[tokio::test]
async fn demo_shows_its_campaign_in_plain_lines_then_the_guide() {
    let data_dir = tempfile::tempdir().unwrap();
    let mut demo = client(&[
        "demo",
        "--headless",
        "--speed",
        "2",
        "--grpc-addr",
        "127.0.0.1:0",
        "--listen",
        "127.0.0.1:0",
        "--webhook-addr",
        "127.0.0.1:0",
        "--metrics-addr",
        "127.0.0.1:0",
    ]);
    demo.arg("--data-dir").arg(data_dir.path());
    let mut demo = demo.stdout(Stdio::piped()).spawn().unwrap();
    let (printed, _) = tokio::task::spawn_blocking(move || {
        let printed = read_until(&mut demo, |lines| {
            lines
                .last()
                .is_some_and(|line| line.contains("Ctrl-C stops the demo"))
        });
        // SAFETY: kill sends a signal to the child this test started and still owns.
        unsafe { libc::kill(demo.id() as libc::pid_t, libc::SIGTERM) };
        let status = demo.wait().unwrap();
        assert!(status.success(), "{status:?}");
        printed
    })
    .await
    .unwrap();
    let at = |needle: &str| {
        printed
            .iter()
            .position(|line| line.contains(needle))
            .unwrap_or_else(|| panic!("no line has {needle:?}:\n{}", printed.join("\n")))
    };
    let created = at("created task ");
    let progress = at("progress: 300 recipients: ");
    let completed = at(": COMPLETED");
    let finished = at("finished: 1 task: 1 COMPLETED; 300 recipients: ");
    let guide = at("gRPC gateway");
    assert!(created < progress && progress < completed && completed < finished && finished < guide);
    // At the simulator's default rates some recipients fail and some reply.
    let summary = &printed[finished];
    assert!(
        summary.contains(" failed ("),
        "failures by reason: {summary}"
    );
    assert!(!summary.contains(" 0 replied"), "{summary}");
    assert!(printed
        .iter()
        .any(|line| line.starts_with("reply from 86153")));
    assert!(
        printed.iter().all(|line| !line.contains('\u{1b}')),
        "plain lines: no bars, no colour"
    );
    assert!(printed[guide..]
        .iter()
        .any(|line| line.contains("watch tasks --gateway")));
}
