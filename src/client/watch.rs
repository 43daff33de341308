//! `watch task ID`, `watch tasks`, `watch accounts [PHONE...]`: a watch stream shown live,
//! resumable from its cursor file; and the live view of a campaign's tasks for `send` and the
//! demo.
//!
//! A message is shown (a bar moves, a line or JSON object is printed), then its cursor is
//! written to the cursor file; Ctrl-C is taken only between two messages. So a watch stopped
//! and started again continues right after the last message shown: no gap, no repeat.

use std::path::PathBuf;

use tokio::sync::mpsc;

use super::accounts::AccountsView;
use super::cursor::{self, CursorFile};
use super::feed::{self, Fed, FeedError, Watched};
use super::progress::{CampaignView, TasksView};
use super::{ClientError, ConnectSettings, Connection, Output, Style};
use crate::proto::v1::watch_task_response::Update as TaskUpdate;
use crate::proto::v1::{
    WatchAccountsRequest, WatchAccountsResponse, WatchTaskRequest, WatchTaskResponse,
};
use crate::view;

/// Messages a feed may hold for its consumer: a screen never falls far behind its stream.
const FEED_BUFFER: usize = 256;

/// What to watch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Watch {
    /// One task, by id.
    Task(String),
    /// Every task.
    Tasks,
    /// These accounts (every account when empty).
    Accounts(Vec<String>),
}

impl Watch {
    /// Its name in the default cursor file's path.
    fn name(&self) -> String {
        match self {
            Self::Task(id) => format!("task-{id}"),
            Self::Tasks => "tasks".into(),
            Self::Accounts(phones) => cursor::accounts_watch(phones),
        }
    }
}

/// Settings of a `watch`.
#[derive(Debug, Clone)]
pub struct WatchSettings {
    /// The gateway and how to reach it.
    pub connect: ConnectSettings,
    /// What to watch.
    pub watch: Watch,
    /// Where the cursor is kept; None: the default under `cursor_dir`.
    pub cursor_file: Option<PathBuf>,
    /// Directory of the default cursor files (one subdirectory per gateway).
    pub cursor_dir: PathBuf,
    /// People's text or scripts' JSON.
    pub output: Output,
    /// For a task: end once it is completed or stopped.
    pub until_final: bool,
}

/// Runs a `watch` until its stream ends (`--until-final`), Ctrl-C, or a failure.
pub async fn run(settings: WatchSettings) -> Result<(), ClientError> {
    let connection = Connection::open(&settings.connect)?;
    if settings.until_final && !matches!(settings.watch, Watch::Task(_)) {
        return Err("--until-final is for `watch task ID`: other watches never end".into());
    }
    let file = CursorFile::new(settings.cursor_file.clone().unwrap_or_else(|| {
        cursor::default_path(
            &settings.cursor_dir,
            &settings.connect.gateway,
            &settings.watch.name(),
        )
    }));
    let after = file.load()?.unwrap_or_default();
    let style = Style::of(settings.output, false);
    let from = if after.is_empty() {
        "from now".to_owned()
    } else {
        format!("after cursor {after}")
    };
    note(
        style,
        &format!(
            "watching {} on {} {from} (cursor kept in {})",
            match &settings.watch {
                Watch::Task(id) => format!("task {id}"),
                Watch::Tasks => "every task".into(),
                Watch::Accounts(phones) if phones.is_empty() => "every account".into(),
                Watch::Accounts(phones) => format!("accounts {}", phones.join(", ")),
            },
            connection.gateway,
            file.path().display()
        ),
    );
    match settings.watch.clone() {
        Watch::Task(id) => {
            let feed = task_feed(&connection, id, after, settings.until_final);
            let mut view = CampaignView::new(style, &[]);
            let outcome = consume(feed, Some(&file), style, true, |m| view.show(m)).await;
            end(outcome, &file, style, || view.finish())
        }
        Watch::Tasks => {
            let feed = task_feed(&connection, String::new(), after, false);
            let mut view = TasksView::new(style);
            let outcome = consume(feed, Some(&file), style, true, |m| view.show(m)).await;
            end(outcome, &file, style, || Ok(()))
        }
        Watch::Accounts(phones) => {
            let accounts = connection.accounts();
            let (out, feed) = mpsc::channel(FEED_BUFFER);
            let producer = tokio::spawn(feed::follow(
                move |after_cursor| {
                    let mut accounts = accounts.clone();
                    let phones = phones.clone();
                    async move {
                        accounts
                            .watch_accounts(WatchAccountsRequest {
                                phones,
                                after_cursor,
                            })
                            .await
                    }
                },
                after,
                false,
                out,
            ));
            let mut view = AccountsView::new(style);
            let outcome =
                consume((feed, producer), Some(&file), style, true, |m| view.show(m)).await;
            end(outcome, &file, style, || Ok(()))
        }
    }
}

/// A running feed: its messages, and the task that follows the stream.
type Feed<M> = (
    mpsc::Receiver<Fed<M>>,
    tokio::task::JoinHandle<Result<(), FeedError>>,
);

/// Follows `WatchTask` for `task_id` (every task when empty) after `after`.
fn task_feed(
    connection: &Connection,
    task_id: String,
    after: String,
    until_final: bool,
) -> Feed<WatchTaskResponse> {
    let tasks = connection.tasks();
    let (out, feed) = mpsc::channel(FEED_BUFFER);
    let producer = tokio::spawn(feed::follow(
        move |after_cursor| {
            let mut tasks = tasks.clone();
            let task_id = task_id.clone();
            async move {
                tasks
                    .watch_task(WatchTaskRequest {
                        task_id,
                        after_cursor,
                        end_when_final: until_final,
                    })
                    .await
            }
        },
        after,
        until_final,
        out,
    ));
    (feed, producer)
}

/// Something the person should know, where it does not mix with the output: on stderr when
/// stdout is for scripts.
fn note(style: Style, text: &str) {
    if style == Style::Json {
        eprintln!("{text}");
    } else {
        println!("{text}");
    }
}

/// A watch message as a script reads it.
pub trait JsonView: Watched {
    /// Its JSON view.
    fn json(&self) -> serde_json::Value;
    /// Whether it only says the stream is alive.
    fn is_heartbeat(&self) -> bool;
    /// Whether it is the state the stream opens with.
    fn is_snapshot(&self) -> bool;
}

impl JsonView for WatchTaskResponse {
    fn json(&self) -> serde_json::Value {
        view::task_message(self)
    }
    fn is_heartbeat(&self) -> bool {
        matches!(self.update, Some(TaskUpdate::Heartbeat(_)))
    }
    fn is_snapshot(&self) -> bool {
        matches!(self.update, Some(TaskUpdate::Snapshot(_)))
    }
}

impl JsonView for WatchAccountsResponse {
    fn json(&self) -> serde_json::Value {
        view::accounts_message(self)
    }
    fn is_heartbeat(&self) -> bool {
        use crate::proto::v1::watch_accounts_response::Update;
        matches!(self.update, Some(Update::Heartbeat(_)))
    }
    fn is_snapshot(&self) -> bool {
        use crate::proto::v1::watch_accounts_response::Update;
        matches!(self.update, Some(Update::Snapshot(_)))
    }
}

/// How a consumed feed ended.
enum Ended {
    /// The stream ended as asked: the task is final.
    Done,
    /// Ctrl-C.
    Interrupted,
    /// The feed failed.
    Failed(FeedError),
}

/// Shows each message of `feed` (with `show` in text styles, as a JSON line otherwise), then
/// keeps its cursor in `file` if there is one, until the feed ends, or Ctrl-C when
/// `interruptible`. In JSON, heartbeats are left out, and so is a snapshot a resumed stream
/// opens with: its cursor is the last one already printed.
async fn consume<M: JsonView>(
    feed: Feed<M>,
    file: Option<&CursorFile>,
    style: Style,
    interruptible: bool,
    mut show: impl FnMut(&M) -> std::io::Result<()>,
) -> Result<Ended, ClientError> {
    let (mut feed, producer) = feed;
    let interrupted = async {
        if interruptible {
            // No handler (an unsupported platform) means no Ctrl-C to wait for.
            if tokio::signal::ctrl_c().await.is_err() {
                std::future::pending::<()>().await;
            }
        } else {
            std::future::pending::<()>().await;
        }
    };
    tokio::pin!(interrupted);
    let ended = loop {
        let fed = tokio::select! {
            biased;
            () = &mut interrupted => break Ended::Interrupted,
            fed = feed.recv() => fed,
        };
        let (message, resumed) = match fed {
            None => break Ended::Done,
            Some(Fed::Note(text)) => {
                note(style, &text);
                continue;
            }
            Some(Fed::Message { message, resumed }) => (message, resumed),
        };
        if style == Style::Json {
            let repeat = resumed && message.is_snapshot();
            if !message.is_heartbeat() && !repeat {
                use std::io::Write;
                let mut out = std::io::stdout().lock();
                writeln!(out, "{}", message.json())
                    .and_then(|()| out.flush())
                    .map_err(|e| format!("cannot write the output: {e}"))?;
            }
        } else {
            show(&message).map_err(|e| format!("cannot write the output: {e}"))?;
        }
        if let Some(file) = file {
            file.save(message.cursor())?;
        }
    };
    drop(feed);
    // The producer ends once the channel is closed; its outcome says why the feed ended.
    if let Ended::Done = ended {
        match producer.await {
            Ok(Ok(())) => {}
            Ok(Err(error)) => return Ok(Ended::Failed(error)),
            Err(panicked) => return Err(format!("the watch failed: {panicked}").into()),
        }
    } else {
        producer.abort();
    }
    Ok(ended)
}

/// The end of a `watch`: the view's last word, and why it stopped.
fn end(
    outcome: Result<Ended, ClientError>,
    file: &CursorFile,
    style: Style,
    finish: impl FnOnce() -> std::io::Result<()>,
) -> Result<(), ClientError> {
    let ended = outcome?;
    if style != Style::Json {
        // Best effort: a closed stdout has nothing left to show.
        let _ = finish();
    }
    match ended {
        Ended::Done => Ok(()),
        Ended::Interrupted => {
            eprintln!(
                "stopped; the same command continues after the last message shown (cursor in {})",
                file.path().display()
            );
            Err(ClientError::Interrupted)
        }
        Ended::Failed(FeedError::Expired { cursor, oldest }) => {
            let oldest = oldest
                .map(|oldest| format!(" (the oldest it can resume after is {oldest})"))
                .unwrap_or_default();
            Err(format!(
                "the cursor {cursor} kept in {} is older than the gateway's log keeps{oldest}: \
                 the events after it were pruned, so resuming from it would leave a gap. Delete \
                 the file to watch from now.",
                file.path().display()
            )
            .into())
        }
        Ended::Failed(FeedError::Failed(why)) => Err(format!("watch failed: {why}").into()),
    }
}

/// Shows the tasks `task_ids` of one campaign live, from their state now until every one is
/// completed or stopped; returns their final view. With `interruptible`, Ctrl-C stops watching
/// (the tasks go on).
pub async fn campaign(
    connection: &Connection,
    task_ids: &[String],
    style: Style,
    interruptible: bool,
) -> Result<super::progress::Funnel, ClientError> {
    let (out, feed) = mpsc::channel(FEED_BUFFER);
    let mut producers = tokio::task::JoinSet::new();
    for id in task_ids {
        let tasks = connection.tasks();
        let id = id.clone();
        producers.spawn(feed::follow(
            move |after_cursor| {
                let mut tasks = tasks.clone();
                let task_id = id.clone();
                async move {
                    tasks
                        .watch_task(WatchTaskRequest {
                            task_id,
                            after_cursor,
                            end_when_final: true,
                        })
                        .await
                }
            },
            String::new(),
            true,
            out.clone(),
        ));
    }
    drop(out);
    // The feeds' outcomes are gathered by one task, so `consume` sees a single producer.
    let producer = tokio::spawn(async move {
        while let Some(outcome) = producers.join_next().await {
            match outcome {
                Ok(Ok(())) => {}
                Ok(Err(error)) => return Err(error),
                Err(panicked) => return Err(FeedError::Failed(panicked.to_string())),
            }
        }
        Ok(())
    });
    let mut view = CampaignView::new(style, task_ids);
    // Several streams interleave their cursors: a campaign is watched from its state, not
    // resumed from a cursor.
    let outcome = consume((feed, producer), None, style, interruptible, |m| {
        view.show(m)
    })
    .await?;
    if style != Style::Json {
        let _ = view.finish();
    }
    match outcome {
        Ended::Done => Ok(view.funnel()),
        Ended::Interrupted => Err(ClientError::Interrupted),
        Ended::Failed(FeedError::Failed(why)) => Err(format!("watch failed: {why}").into()),
        Ended::Failed(FeedError::Expired { cursor, .. }) => {
            Err(format!("watch failed: cursor {cursor} expired").into())
        }
    }
}
