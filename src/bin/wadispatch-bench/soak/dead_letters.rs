//! 4. Malformed-body floods. Many invalid webhook bodies, some of 1 MiB and a few beyond the
//!    body limit, are posted to every webhook path. Each must get a 4xx (never a 5xx), the
//!    dead letters they leave in the log (`dead_letters`, read from the SQLite file read-only)
//!    must stay within the gateway's dead-letter caps, and a valid webhook must still get 200.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use rusqlite::{Connection, OpenFlags};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use wadispatch_gateway::events::log::DB_FILE;
use wadispatch_gateway::wire::webhook::WebhookKind;

use super::flags::{self, ServeFlag};
use super::{attempts, show_mib, wait_until, Outcome};
use crate::load::{self, Status};
use crate::procs::{self, Launch};
use crate::stats::show_count;
use crate::Bench;

pub(super) const TITLE: &str = "4. Malformed-body floods and the dead-letter caps";

/// One large malformed body.
const LARGE: usize = 1 << 20;
/// Bodies beyond the gateway's body limit (413).
const OVERSIZE_BODIES: usize = 2;
/// Senders at once.
const CONCURRENCY: usize = 16;
/// Caps the check sets when the binary has them, small enough for the flood to exceed both.
const MAX_BYTES: u64 = 4 << 20;
const MAX_COUNT: u64 = 100;
/// Bounded wait for pruning that runs just after the flood's inserts.
const PRUNE_WAIT: Duration = Duration::from_secs(10);
/// Attempts of the valid webhook after the flood.
const ATTEMPTS: usize = 3;
/// Recipient status "read".
const READ: i32 = 6;

/// The dead-letter settings the binary has, found by name in `serve --help`.
#[derive(Default)]
struct Caps {
    max_bytes: Option<ServeFlag>,
    max_count: Option<ServeFlag>,
    body: Option<ServeFlag>,
}

impl Caps {
    fn detect(flags: Vec<ServeFlag>) -> Self {
        let mut caps = Caps::default();
        for flag in flags.into_iter().filter(|f| f.name.contains("dead-letter")) {
            if flag.name.contains("body") {
                caps.body = Some(flag);
            } else if flag.name.contains("bytes") {
                caps.max_bytes = Some(flag);
            } else if flag.name.contains("count") {
                caps.max_count = Some(flag);
            }
        }
        caps
    }
}

/// The bound a figure is held to: `bound` and the cap's flag as the check sets it, or a note
/// that the binary has no such cap.
fn cap_bound(cap: Option<&ServeFlag>, bound: &str) -> String {
    cap.map_or("a cap (none set)".into(), |f| {
        format!("≤ {bound} ({})", f.flag())
    })
}

/// What the dead-letter table holds.
#[derive(Debug, Clone, Copy)]
struct Stored {
    rows: u64,
    body_bytes: u64,
    largest_body: u64,
}

pub(super) async fn run(bench: &Bench) -> Outcome {
    let sizes = &bench.plan.soak;
    let caps = Caps::detect(flags::serve_flags(&bench.gateway_bin));
    let found: Vec<String> = [&caps.max_bytes, &caps.max_count, &caps.body]
        .into_iter()
        .flatten()
        .map(ServeFlag::flag)
        .collect();
    let mut outcome = Outcome::new(
        TITLE,
        format!(
            "{bodies} malformed bodies posted to the eight webhook paths, {CONCURRENCY} at a \
             time: {large} of 1 MiB (not JSON), {OVERSIZE_BODIES} beyond the body limit, the rest \
             small (not JSON, the wrong shape, the wrong content type). Each must get a 4xx. The \
             `dead_letters` table is then read from the SQLite file (read-only): its rows and \
             `sum(length(body))` must be within the gateway's caps, set to {MAX_COUNT} rows and \
             {max_bytes} when it has them. Dead-letter settings in `serve --help`: {found}. \
             Then a valid webhook must get 200.",
            bodies = sizes.junk_bodies,
            large = sizes.junk_large,
            max_bytes = show_mib(MAX_BYTES as f64),
            found = if found.is_empty() {
                "none".to_owned()
            } else {
                found.join(", ")
            },
        ),
    );
    let mut env = Vec::new();
    if let Some(flag) = &caps.max_bytes {
        env.extend(flags::env_setting(flag, MAX_BYTES.to_string()));
    }
    if let Some(flag) = &caps.max_count {
        env.extend(flags::env_setting(flag, MAX_COUNT.to_string()));
    }
    let gateway = procs::start_gateway_with(
        &bench.gateway_bin,
        &bench.work,
        "soak-dead-letters",
        bench.sim_addr,
        &[],
        &Launch { env, nofile: None },
    )
    .await;
    let base = format!("http://{}", gateway.webhooks);
    let body_limit = flags::serve_flags(&bench.gateway_bin)
        .iter()
        .find(|f| f.name == "webhook-body-limit")
        .and_then(ServeFlag::default_number)
        .unwrap_or(wadispatch_gateway::webhook::DEFAULT_BODY_LIMIT as u64)
        as usize;

    let answers = flood(&base, sizes.junk_bodies, sizes.junk_large, body_limit).await;
    let stored_now = stored(&gateway.data_dir);
    let capped = caps.max_bytes.is_some() || caps.max_count.is_some();
    let within = |s: &Stored| {
        (caps.max_bytes.is_none() || s.body_bytes <= MAX_BYTES)
            && (caps.max_count.is_none() || s.rows <= MAX_COUNT)
    };
    // Pruning that runs right after the inserts gets a moment; without caps there is none.
    let settled = if capped && !within(&stored_now) {
        wait_until(PRUNE_WAIT, || {
            Some(stored(&gateway.data_dir)).filter(within)
        })
        .await
        .unwrap_or_else(|| stored(&gateway.data_dir))
    } else {
        stored_now
    };
    let file_bytes = file_size(&gateway.data_dir);

    let http = load::http_client();
    let valid = valid_webhook(&http, &base).await;
    gateway.proc.kill();

    outcome.figure(
        "malformed bodies sent (MiB)",
        format!(
            "{} ({})",
            show_count(answers.sent as f64),
            show_mib(answers.bytes as f64)
        ),
        "–",
    );
    outcome.figure(
        "answers 4xx / 2xx / 5xx / no answer",
        format!(
            "{} / {} / {} / {}",
            answers.client_errors, answers.successes, answers.server_errors, answers.failed
        ),
        "all 4xx",
    );
    outcome.figure(
        "bodies beyond the limit: 413 / cut off while sending",
        format!("{} / {}", answers.oversize_413, answers.oversize_cut_off),
        "–",
    );
    outcome.figure(
        "dead letters stored: rows",
        show_count(settled.rows as f64),
        &cap_bound(caps.max_count.as_ref(), &MAX_COUNT.to_string()),
    );
    outcome.figure(
        "dead letters stored: body bytes",
        show_mib(settled.body_bytes as f64),
        &cap_bound(caps.max_bytes.as_ref(), &show_mib(MAX_BYTES as f64)),
    );
    let body_cap = caps.body.as_ref().and_then(ServeFlag::default_number);
    outcome.figure(
        "largest dead-letter body stored",
        show_mib(settled.largest_body as f64),
        &body_cap.map_or("–".into(), |cap| format!("≤ {}", show_mib(cap as f64))),
    );
    outcome.figure(
        "log file size (database + WAL)",
        show_mib(file_bytes as f64),
        "–",
    );
    outcome.figure(
        "valid webhook after the flood",
        match &valid {
            Ok(n) => format!("200 at attempt {n}"),
            Err(e) => format!("failed {ATTEMPTS} times: {e}"),
        },
        &format!("200 within {ATTEMPTS} attempts"),
    );

    outcome.check(answers.successes == 0, || {
        format!(
            "{} malformed bodies were accepted with 2xx",
            answers.successes
        )
    });
    outcome.check(answers.server_errors == 0 && answers.failed == 0, || {
        format!(
            "{} malformed bodies got a 5xx and {} no answer: the flood made the listener fail",
            answers.server_errors, answers.failed
        )
    });
    if !capped {
        let every = if settled.rows >= answers.client_errors {
            " (one per rejected body)"
        } else {
            ""
        };
        outcome.fail(format!(
            "dead letters are unbounded: the binary has no dead-letter cap setting (`serve \
             --help`), and the flood left {} rows{every} holding {} of bodies, {} on disk",
            settled.rows,
            show_mib(settled.body_bytes as f64),
            show_mib(file_bytes as f64)
        ));
    }
    if caps.max_count.is_some() {
        outcome.check(settled.rows <= MAX_COUNT, || {
            format!(
                "{} dead letters stored, beyond the cap of {MAX_COUNT}",
                settled.rows
            )
        });
    }
    if caps.max_bytes.is_some() {
        outcome.check(settled.body_bytes <= MAX_BYTES, || {
            format!(
                "{} of dead-letter bodies stored, beyond the cap of {}",
                show_mib(settled.body_bytes as f64),
                show_mib(MAX_BYTES as f64)
            )
        });
    }
    if let Some(cap) = body_cap {
        outcome.check(settled.largest_body <= cap, || {
            format!(
                "a dead-letter body of {} bytes is stored, beyond the per-body cap of {cap}",
                settled.largest_body
            )
        });
    }
    outcome.check(valid.is_ok(), || {
        format!(
            "after the flood a valid webhook failed {ATTEMPTS} times: {}",
            valid.as_ref().unwrap_err()
        )
    });
    outcome
}

/// How the flood was answered.
#[derive(Default)]
struct Answers {
    sent: u64,
    bytes: u64,
    successes: u64,
    client_errors: u64,
    server_errors: u64,
    /// No HTTP answer at all (connection reset, timeout).
    failed: u64,
    /// Of the bodies beyond the limit: answered 413, or cut off (the listener may close the
    /// connection before the client finished sending; not judged).
    oversize_413: u64,
    oversize_cut_off: u64,
}

/// One malformed request: path, content type, body.
fn junk(n: usize, large: usize, body_limit: usize) -> (&'static str, &'static str, Bytes) {
    let kind = WebhookKind::ALL[n % WebhookKind::ALL.len()];
    // Every body differs, so no dedup of any kind can hide the growth.
    let tag = format!("{{\"soak\": {n}, ");
    if n < OVERSIZE_BODIES {
        let mut body = tag.into_bytes();
        body.resize(body_limit + LARGE, b'x');
        return (kind.path(), "application/json", Bytes::from(body));
    }
    if n < OVERSIZE_BODIES + large {
        let mut body = tag.into_bytes();
        body.resize(LARGE, b'x');
        return (kind.path(), "application/json", Bytes::from(body));
    }
    let (content_type, body) = match n % 3 {
        0 => ("application/json", format!("{tag} not json")),
        1 => ("application/json", format!("[{n}, \"the wrong shape\"]")),
        _ => ("text/plain", format!("plain text {n}")),
    };
    (kind.path(), content_type, Bytes::from(body))
}

async fn flood(base: &str, bodies: usize, large: usize, body_limit: usize) -> Answers {
    let http = load::http_client();
    let permits = Arc::new(Semaphore::new(CONCURRENCY));
    let mut posts = JoinSet::new();
    let mut answers = Answers::default();
    for n in 0..bodies {
        let (path, content_type, body) = junk(n, large, body_limit);
        answers.sent += 1;
        answers.bytes += body.len() as u64;
        let permit = permits.clone().acquire_owned().await.expect("permits");
        let request = http
            .post(format!("{base}{path}"))
            .header("content-type", content_type)
            .body(body);
        let oversize = n < OVERSIZE_BODIES;
        posts.spawn(async move {
            let _permit = permit;
            let status = match request.send().await {
                Ok(response) => {
                    let status = response.status();
                    let _ = response.bytes().await;
                    Some(status.as_u16())
                }
                Err(_) => None,
            };
            (oversize, status)
        });
    }
    while let Some(answer) = posts.join_next().await {
        match answer.expect("a POST panicked") {
            (true, Some(413)) => answers.oversize_413 += 1,
            (true, None) => answers.oversize_cut_off += 1,
            (_, Some(200..=299)) => answers.successes += 1,
            (_, Some(400..=499)) => answers.client_errors += 1,
            (_, Some(_)) => answers.server_errors += 1,
            (false, None) => answers.failed += 1,
        }
    }
    answers
}

/// The dead-letter table, read from the SQLite file while the gateway runs.
fn stored(data_dir: &std::path::Path) -> Stored {
    let conn =
        Connection::open_with_flags(data_dir.join(DB_FILE), OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("the gateway's log");
    conn.busy_timeout(Duration::from_secs(5))
        .expect("busy timeout");
    conn.query_row(
        "SELECT COUNT(*), COALESCE(SUM(LENGTH(body)), 0), COALESCE(MAX(LENGTH(body)), 0) \
         FROM dead_letters",
        [],
        |row| {
            Ok(Stored {
                rows: row.get::<_, i64>(0)? as u64,
                body_bytes: row.get::<_, i64>(1)? as u64,
                largest_body: row.get::<_, i64>(2)? as u64,
            })
        },
    )
    .expect("the dead letters")
}

/// Bytes of the log's files (database, WAL, shared memory).
fn file_size(data_dir: &std::path::Path) -> u64 {
    std::fs::read_dir(data_dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok()?.metadata().ok())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}

/// A valid recipient-status webhook (a new one each attempt), retried up to `ATTEMPTS` times.
async fn valid_webhook(http: &reqwest::Client, base: &str) -> Result<usize, String> {
    let url = format!("{base}{}", load::DETAIL_STATUS_PATH);
    let attempt = std::sync::atomic::AtomicU64::new(0);
    attempts(ATTEMPTS, || {
        let n = attempt.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let body = load::detail_status_body([(
            "soak-dead-letters",
            vec![Status {
                info_id: n,
                target: load::target_of(n),
                status: READ,
            }],
        )]);
        load::post_webhook(http, &url, body)
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flag(name: &str) -> ServeFlag {
        ServeFlag {
            name: name.into(),
            env: None,
            default: Some("1".into()),
        }
    }

    #[test]
    fn tells_the_caps_apart_by_name() {
        let caps = Caps::detect(
            [
                "dead-letter-max-bytes",
                "dead-letter-max-count",
                "dead-letter-body-max-bytes",
                "retention-bytes",
            ]
            .map(flag)
            .to_vec(),
        );
        assert_eq!(caps.max_bytes.unwrap().name, "dead-letter-max-bytes");
        assert_eq!(caps.max_count.unwrap().name, "dead-letter-max-count");
        assert_eq!(caps.body.unwrap().name, "dead-letter-body-max-bytes");
        let none = Caps::detect(vec![flag("retention-bytes")]);
        assert!(none.max_bytes.is_none() && none.max_count.is_none() && none.body.is_none());
    }
}
