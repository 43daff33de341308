//! `send`: one message to every recipient of a CSV file. The whole file is checked first and
//! nothing is sent if any row is bad; then it goes out as tasks of at most 5,000 recipients,
//! each created with a request id derived from what it sends, so running the same command
//! again (after a crash, Ctrl-C, a lost connection) creates nothing twice: the gateway answers
//! a repeated request id with the task it created the first time. Then the tasks are watched
//! until they are completed or stopped.
//!
//! Tasks start on their own: the create RPCs leave `start_time` unset, which the platform takes
//! as "now" (its documents: "Scheduled start time; default current time"); StartTasks is for
//! tasks scheduled later or paused.

use std::path::PathBuf;
use std::time::Duration;

use tonic::Code;
use tonic_types::StatusExt;

use super::targets::{self, TargetsError};
use super::{describe, watch, ClientError, ConnectSettings, Connection, Output, Style};
use crate::proto::v1::message_content::Kind;
use crate::proto::v1::{
    CreatePooledTaskRequest, CreateUnassignedTaskRequest, MessageContent, TargetType, TaskOptions,
    TextContent,
};

/// Attempts of one create that fails before the gateway could record it (UNAVAILABLE) or in
/// flight (DEADLINE_EXCEEDED): the same request id each time, so none can send twice.
const CREATE_ATTEMPTS: u32 = 4;
/// Deadline of one create: a 5,000-recipient task is one platform call.
const CREATE_DEADLINE: Duration = Duration::from_secs(60);
/// Wait before the next attempt; doubled each time.
const RETRY_DELAY: Duration = Duration::from_secs(1);

/// Settings of a `send`.
#[derive(Debug, Clone)]
pub struct SendSettings {
    /// The gateway and how to reach it.
    pub connect: ConnectSettings,
    /// The recipients' CSV file.
    pub targets: PathBuf,
    /// The message.
    pub text: String,
    /// Sender accounts (a pool the platform assigns recipients to); none: the platform picks.
    pub senders: Vec<String>,
    /// The tasks' name; chunks after the first get ` (2/3)` and so on.
    pub name: Option<String>,
    /// Watch the tasks until they are final.
    pub watch: bool,
    /// People's text or scripts' JSON.
    pub output: Output,
}

/// A campaign ready to send: recipients checked, text and senders checked.
#[derive(Debug, Clone)]
pub struct Campaign {
    /// Normalised phone numbers, in file order, no duplicates.
    pub recipients: Vec<String>,
    /// The message.
    pub text: String,
    /// Normalised sender phone numbers; empty: the platform picks.
    pub senders: Vec<String>,
    /// The tasks' name.
    pub name: Option<String>,
    /// Mixed into the request ids: empty for `send`, new per run for the demo's campaign.
    pub salt: String,
}

impl Campaign {
    /// Checks the text and the senders; every problem at once.
    pub fn new(
        recipients: Vec<String>,
        text: String,
        senders: &[String],
        name: Option<String>,
    ) -> Result<Self, Vec<String>> {
        let mut problems = Vec::new();
        if let Err(why) = targets::text(&text) {
            problems.push(why);
        }
        let mut normalised = Vec::new();
        for sender in senders {
            match targets::phone(sender) {
                Ok(phone) => normalised.push(phone),
                Err(why) => problems.push(format!("--sender {sender:?}: {why}")),
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Self {
            recipients,
            text,
            senders: normalised,
            name,
            salt: String::new(),
        })
    }
}

/// One created task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Created {
    /// Its id.
    pub task_id: String,
    /// Its recipients.
    pub recipients: usize,
}

/// Runs `send`: check the file, create its tasks, watch them.
pub async fn run(settings: SendSettings) -> Result<(), ClientError> {
    let shown = settings.targets.display().to_string();
    let data = std::fs::read(&settings.targets).map_err(|e| format!("cannot read {shown}: {e}"))?;
    let recipients = match targets::parse(&data) {
        Ok(recipients) => recipients,
        Err(TargetsError::Empty) => {
            return Err(format!("{shown} names no recipient: nothing sent").into())
        }
        Err(TargetsError::BadRows(rows)) => {
            for row in &rows {
                eprintln!("{shown}:{}: {}", row.line, row.reason);
            }
            let noun = if rows.len() == 1 { "row" } else { "rows" };
            return Err(format!(
                "{} bad {noun} in {shown}: nothing sent (fix them and run the command again)",
                rows.len()
            )
            .into());
        }
    };
    let campaign = Campaign::new(recipients, settings.text, &settings.senders, settings.name)
        .map_err(|problems| format!("{}: nothing sent", problems.join("; ")))?;
    let connection = Connection::open(&settings.connect)?;
    let style = Style::of(settings.output, false);
    let created = create(&connection, &campaign, style).await?;
    if !settings.watch {
        return Ok(());
    }
    let ids: Vec<String> = created.into_iter().map(|c| c.task_id).collect();
    match watch::campaign(&connection, &ids, style, true).await {
        Err(ClientError::Interrupted) => {
            eprintln!(
                "stopped watching; the tasks go on (watch one with `watch task ID`; running \
                 this same command again creates nothing twice)"
            );
            Err(ClientError::Interrupted)
        }
        other => other.map(drop),
    }
}

/// Creates the campaign's tasks, one per chunk, in order, printing each task id as it comes.
/// Stops at the first chunk that fails: the ones before are created, and running the same
/// campaign again answers them from the gateway's records and goes on from there.
pub async fn create(
    connection: &Connection,
    campaign: &Campaign,
    style: Style,
) -> Result<Vec<Created>, ClientError> {
    let chunks: Vec<&[String]> = targets::chunks(&campaign.recipients).collect();
    let mut created = Vec::new();
    for (index, chunk) in chunks.iter().enumerate() {
        let request_id = targets::request_id(
            index,
            chunk,
            &campaign.text,
            &campaign.senders,
            &campaign.salt,
        );
        let name = match (&campaign.name, chunks.len()) {
            (None, _) => String::new(),
            (Some(name), 1) => name.clone(),
            (Some(name), n) => format!("{name} ({}/{n})", index + 1),
        };
        let task_id = match create_one(connection, campaign, chunk, name, &request_id).await {
            Ok(task_id) => task_id,
            Err(why) => {
                let done = if created.is_empty() {
                    "no task was created".to_owned()
                } else {
                    format!(
                        "tasks {} were created",
                        created
                            .iter()
                            .map(|c: &Created| c.task_id.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                };
                return Err(format!(
                    "part {} of {} ({} recipients) was not created: {why}; {done}",
                    index + 1,
                    chunks.len(),
                    chunk.len()
                )
                .into());
            }
        };
        let part = format!("part {} of {}", index + 1, chunks.len());
        if style == Style::Json {
            println!(
                "{}",
                serde_json::json!({
                    "kind": "created",
                    "task_id": task_id,
                    "recipients": chunk.len(),
                    "part": index + 1,
                    "parts": chunks.len(),
                    "request_id": request_id,
                })
            );
        } else {
            println!(
                "created task {task_id} ({} recipients, {part}, request id {request_id})",
                chunk.len()
            );
        }
        created.push(Created {
            task_id,
            recipients: chunk.len(),
        });
    }
    Ok(created)
}

/// Creates one chunk's task, retrying with the same request id while the call may not have
/// reached the platform or its answer was lost; anything else is said as the gateway said it.
async fn create_one(
    connection: &Connection,
    campaign: &Campaign,
    chunk: &[String],
    name: String,
    request_id: &str,
) -> Result<String, String> {
    let options = Some(TaskOptions {
        name,
        target_type: TargetType::Individual as i32,
        ..Default::default()
    });
    let contents = vec![MessageContent {
        kind: Some(Kind::Text(TextContent {
            text: campaign.text.clone(),
        })),
        ..Default::default()
    }];
    let mut delay = RETRY_DELAY;
    let mut attempt = 1;
    loop {
        let mut tasks = connection.tasks();
        let answer = if campaign.senders.is_empty() {
            let mut request = tonic::Request::new(CreateUnassignedTaskRequest {
                options: options.clone(),
                targets: chunk.to_vec(),
                contents: contents.clone(),
                request_id: request_id.to_owned(),
            });
            request.set_timeout(CREATE_DEADLINE);
            tasks
                .create_unassigned_task(request)
                .await
                .map(|answer| answer.into_inner().task_id)
        } else {
            let mut request = tonic::Request::new(CreatePooledTaskRequest {
                options: options.clone(),
                sender_phones: campaign.senders.clone(),
                targets: chunk.to_vec(),
                contents: contents.clone(),
                request_id: request_id.to_owned(),
            });
            request.set_timeout(CREATE_DEADLINE);
            tasks
                .create_pooled_task(request)
                .await
                .map(|answer| answer.into_inner().task_id)
        };
        let status = match answer {
            Ok(task_id) => return Ok(task_id),
            Err(status) => status,
        };
        let retry = matches!(status.code(), Code::Unavailable | Code::DeadlineExceeded);
        if !retry || attempt >= CREATE_ATTEMPTS {
            return Err(explain(&status));
        }
        attempt += 1;
        tokio::time::sleep(delay).await;
        delay *= 2;
    }
}

/// A failed create in the person's terms, with what to do for the refusals that need it.
fn explain(status: &tonic::Status) -> String {
    let reason = status
        .get_error_details()
        .error_info()
        .map(|info| info.reason.clone())
        .unwrap_or_default();
    let advice = match reason.as_str() {
        "OUTCOME_UNKNOWN" => {
            " — the platform may have created it: look for it (README \"Retrying safely\") \
             before sending to these recipients again"
        }
        "REQUEST_ID_REUSED" => {
            " — this part was sent before with other settings (another --name?): run the \
             command as it was"
        }
        _ => "",
    };
    format!("{}{advice}", describe(status))
}
