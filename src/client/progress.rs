//! What a person sees of tasks: for a campaign (one task or several) a bar per status group
//! (sent, delivered, read, replied, failed) of the recipients, failures by reason and replies as
//! they arrive; for every task of a gateway, a bar per task. At a terminal the bars are redrawn
//! in place; elsewhere (a pipe, a log, CI) the same news comes as plain lines, progress at most
//! once a second.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::time::{Duration, Instant};

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::Style;
use crate::proto::v1::watch_task_response::Update;
use crate::proto::v1::{RecipientStatus, TaskProgress, TaskStatus, WatchTaskResponse};
use crate::view;

/// How often plain output repeats a progress line that changed: often enough to see a
/// campaign move, seldom enough that a 5,000-recipient task is a few dozen lines, not 30,000.
const PLAIN_INTERVAL: Duration = Duration::from_secs(1);
/// Longest reply text shown on its line; the rest is cut (the JSON output has it whole).
const REPLY_CHARS: usize = 120;
/// Bars at most in the every-task view: tasks beyond it get their status lines only.
const MAX_TASK_BARS: usize = 20;

/// Whether a task status is final: nothing will happen to its recipients any more.
pub fn is_final(status: i32) -> bool {
    status == TaskStatus::Completed as i32 || status == TaskStatus::Stopped as i32
}

/// Where lines go: above the bars at a terminal, or plain to stdout.
#[derive(Debug)]
pub struct Screen {
    bars: Option<MultiProgress>,
}

impl Screen {
    /// The screen of `style` (bars only for `Style::Bars`).
    pub fn new(style: Style) -> Self {
        Self {
            bars: (style == Style::Bars)
                .then(|| MultiProgress::with_draw_target(ProgressDrawTarget::stdout())),
        }
    }

    /// Whether it draws bars.
    pub fn has_bars(&self) -> bool {
        self.bars.is_some()
    }

    /// Adds a bar below the others (a hidden one without bars).
    pub fn add(&self, bar: ProgressBar) -> ProgressBar {
        match &self.bars {
            Some(bars) => bars.add(bar),
            None => ProgressBar::hidden(),
        }
    }

    /// Removes a bar.
    pub fn remove(&self, bar: &ProgressBar) {
        if let Some(bars) = &self.bars {
            bars.remove(bar);
        }
    }

    /// Prints a line: above the bars, or on stdout. Fails when stdout is gone (a closed pipe).
    pub fn line(&self, text: &str) -> std::io::Result<()> {
        match &self.bars {
            Some(bars) => bars.println(text),
            None => {
                let mut out = std::io::stdout().lock();
                writeln!(out, "{text}")?;
                out.flush()
            }
        }
    }
}

/// Recipients of a task or a campaign by status group. The groups are cumulative, as a funnel:
/// a recipient who read the message was also sent it and had it delivered.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Funnel {
    /// Recipients known.
    pub total: u64,
    /// Sent (and maybe further).
    pub sent: u64,
    /// Delivered (and maybe read).
    pub delivered: u64,
    /// Read (replied or not).
    pub read: u64,
    /// Read and replied.
    pub replied: u64,
    /// Failed to send.
    pub failed: u64,
    /// Reply messages seen (a recipient may send several).
    pub replies: u64,
    /// Failed recipients per failure reason, by its short name.
    pub failures: BTreeMap<&'static str, u64>,
}

impl Funnel {
    /// Adds a task's progress.
    pub fn add(&mut self, progress: &TaskProgress) {
        self.total += count(progress.total);
        for item in &progress.counts {
            let n = count(item.count);
            let Ok(status) = RecipientStatus::try_from(item.status) else {
                continue;
            };
            use RecipientStatus as S;
            let (sent, delivered, read, replied, failed) = match status {
                S::Sent => (n, 0, 0, 0, 0),
                S::Delivered => (n, n, 0, 0, 0),
                S::Read | S::ReadNoReply => (n, n, n, 0, 0),
                S::ReadReplied => (n, n, n, n, 0),
                S::SendFailed => (0, 0, 0, 0, n),
                S::Unspecified | S::PendingSend | S::Sending | S::PendingDispatch => continue,
            };
            self.sent += sent;
            self.delivered += delivered;
            self.read += read;
            self.replied += replied;
            self.failed += failed;
        }
        self.replies += count(progress.replies);
        for failure in &progress.failures {
            *self
                .failures
                .entry(view::failure_reason_name(failure.reason))
                .or_default() += count(failure.count);
        }
    }

    /// The funnel of one task's progress.
    pub fn of(progress: &TaskProgress) -> Self {
        let mut funnel = Self::default();
        funnel.add(progress);
        funnel
    }

    /// A task's recipients with a final status: replied, read without reply, or failed.
    pub fn finished(progress: &TaskProgress) -> u64 {
        progress
            .counts
            .iter()
            .filter(|c| {
                [
                    RecipientStatus::ReadReplied as i32,
                    RecipientStatus::ReadNoReply as i32,
                    RecipientStatus::SendFailed as i32,
                ]
                .contains(&c.status)
            })
            .map(|c| count(c.count))
            .sum()
    }

    /// Failures by reason, most frequent first: `FRIEND_BLOCKED 3, TIMEOUT 2`.
    pub fn failures_text(&self) -> String {
        let mut reasons: Vec<(&&str, &u64)> = self.failures.iter().collect();
        reasons.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        reasons
            .iter()
            .map(|(reason, n)| format!("{reason} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// One line: `300 recipients: 150 sent, 100 delivered, 80 read, 20 replied, 5 failed
    /// (TIMEOUT 5); 22 replies`.
    pub fn summary(&self) -> String {
        let failures = if self.failures.is_empty() {
            String::new()
        } else {
            format!(" ({})", self.failures_text())
        };
        format!(
            "{} recipients: {} sent, {} delivered, {} read, {} replied, {} failed{failures}; {} replies",
            self.total, self.sent, self.delivered, self.read, self.replied, self.failed, self.replies
        )
    }
}

fn count(n: i32) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

/// The news of one message that both views print as a line: a task's status changed, or a
/// recipient replied.
fn news_line(message: &WatchTaskResponse) -> Option<String> {
    match &message.update {
        Some(Update::TaskStatus(changed)) => Some(format!(
            "task {}: {}",
            changed.task_id,
            view::task_status_name(changed.status)
        )),
        Some(Update::Reply(reply)) => {
            let text = view::task_message(message)["reply"]["text"]
                .as_str()
                .unwrap_or_default()
                .replace('\n', " ");
            let mut shown: String = text.chars().take(REPLY_CHARS).collect();
            if shown.len() < text.len() {
                shown.push('…');
            }
            Some(format!(
                "reply from {} (task {}): {shown}",
                reply.target, reply.task_id
            ))
        }
        _ => None,
    }
}

/// The task a message is about, if any.
fn task_of(message: &WatchTaskResponse) -> Option<&str> {
    let id = match &message.update {
        Some(Update::Snapshot(s)) => &s.task_id,
        Some(Update::TaskStatus(e)) => &e.task_id,
        Some(Update::RecipientStatus(e)) => &e.task_id,
        Some(Update::Reply(e)) => &e.task_id,
        Some(Update::Heartbeat(_)) | None => {
            return message.progress.as_ref().map(|p| p.task_id.as_str())
        }
    };
    Some(id)
}

/// The five bars of a campaign and the line under them.
#[derive(Debug)]
struct FunnelBars {
    sent: ProgressBar,
    delivered: ProgressBar,
    read: ProgressBar,
    replied: ProgressBar,
    failed: ProgressBar,
    footer: ProgressBar,
}

impl FunnelBars {
    fn new(screen: &Screen) -> Self {
        let bar = |name: &str, colour: &str| {
            let style = ProgressStyle::with_template(&format!(
                "{{prefix:>10}} [{{bar:40.{colour}/white}}] {{pos:>6}}/{{len:<6}} {{percent:>3}}%"
            ))
            .expect("a valid template")
            .progress_chars("█▉▊▋▌▍▎▏ ");
            let bar = screen.add(ProgressBar::new(0).with_style(style));
            bar.set_prefix(name.to_owned());
            bar
        };
        // Added in the order they are drawn, top to bottom.
        let sent = bar("sent", "cyan");
        let delivered = bar("delivered", "blue");
        let read = bar("read", "green");
        let replied = bar("replied", "magenta");
        let failed = bar("failed", "red");
        let footer = screen.add(
            ProgressBar::new(0)
                .with_style(ProgressStyle::with_template("{msg}").expect("a valid template")),
        );
        Self {
            sent,
            delivered,
            read,
            replied,
            failed,
            footer,
        }
    }

    fn show(&self, funnel: &Funnel, footer: String) {
        for (bar, n) in [
            (&self.sent, funnel.sent),
            (&self.delivered, funnel.delivered),
            (&self.read, funnel.read),
            (&self.replied, funnel.replied),
            (&self.failed, funnel.failed),
        ] {
            bar.set_length(funnel.total);
            bar.set_position(n);
        }
        self.footer.set_message(footer);
    }

    fn finish(&self) {
        for bar in [
            &self.sent,
            &self.delivered,
            &self.read,
            &self.replied,
            &self.failed,
            &self.footer,
        ] {
            // Left where they are: `finish` would fill every bar to its length.
            bar.abandon();
        }
    }
}

/// A campaign's tasks seen as one: the bars add up every task's recipients.
#[derive(Debug)]
pub struct CampaignView {
    screen: Screen,
    bars: Option<FunnelBars>,
    /// Each task's latest progress.
    tasks: BTreeMap<String, TaskProgress>,
    /// The last progress line printed in plain output, and when.
    printed: Option<(String, Instant)>,
}

impl CampaignView {
    /// A view of the tasks `task_ids` (more are added as messages name them).
    pub fn new(style: Style, task_ids: &[String]) -> Self {
        let screen = Screen::new(style);
        let tasks = task_ids
            .iter()
            .map(|id| {
                let progress = TaskProgress {
                    task_id: id.clone(),
                    ..Default::default()
                };
                (id.clone(), progress)
            })
            .collect();
        Self {
            screen,
            // Drawn once the recipients are known: a bar of length 0 would show as full.
            bars: None,
            tasks,
            printed: None,
        }
    }

    /// Prints a line (above the bars at a terminal).
    pub fn line(&self, text: &str) -> std::io::Result<()> {
        self.screen.line(text)
    }

    /// Takes in one message: its progress, and its news as a line.
    pub fn show(&mut self, message: &WatchTaskResponse) -> std::io::Result<()> {
        if let Some(progress) = &message.progress {
            if let Some(task) = task_of(message) {
                self.tasks.insert(task.to_owned(), progress.clone());
            }
        }
        if let Some(line) = news_line(message) {
            self.screen.line(&line)?;
        }
        self.refresh(false)
    }

    /// Every task's recipients added up.
    pub fn funnel(&self) -> Funnel {
        let mut funnel = Funnel::default();
        for progress in self.tasks.values() {
            funnel.add(progress);
        }
        funnel
    }

    /// Whether every task is stopped or completed.
    pub fn all_final(&self) -> bool {
        self.tasks.values().all(|p| is_final(p.status))
    }

    /// `3 tasks: 1 COMPLETED, 2 DISPATCHING`.
    fn tasks_line(&self) -> String {
        let mut by_status: BTreeMap<&str, usize> = BTreeMap::new();
        for progress in self.tasks.values() {
            *by_status
                .entry(view::task_status_name(progress.status))
                .or_default() += 1;
        }
        let statuses: Vec<String> = by_status
            .iter()
            .map(|(status, n)| format!("{n} {status}"))
            .collect();
        let tasks = self.tasks.len();
        let noun = if tasks == 1 { "task" } else { "tasks" };
        format!("{tasks} {noun}: {}", statuses.join(", "))
    }

    /// Redraws the bars, or prints the progress line if it changed and a second has passed
    /// (at once when `now`).
    fn refresh(&mut self, now: bool) -> std::io::Result<()> {
        let funnel = self.funnel();
        if self.screen.has_bars() {
            if funnel.total == 0 {
                return Ok(());
            }
            let screen = &self.screen;
            let tasks_line = self.tasks_line();
            let bars = self.bars.get_or_insert_with(|| FunnelBars::new(screen));
            let failures = if funnel.failures.is_empty() {
                String::new()
            } else {
                format!(" · failures: {}", funnel.failures_text())
            };
            bars.show(
                &funnel,
                format!(
                    "{:>10}  {} · {} replies{failures}",
                    "", tasks_line, funnel.replies
                ),
            );
            return Ok(());
        }
        let line = format!("progress: {}", funnel.summary());
        let due = match &self.printed {
            None => true,
            Some((last, at)) => *last != line && (now || at.elapsed() >= PLAIN_INTERVAL),
        };
        if due {
            self.screen.line(&line)?;
            self.printed = Some((line, Instant::now()));
        }
        Ok(())
    }

    /// The last word: the bars finished, and a line saying where every task ended.
    pub fn finish(&mut self) -> std::io::Result<()> {
        self.refresh(true)?;
        if let Some(bars) = &self.bars {
            bars.finish();
        }
        let funnel = self.funnel();
        let verb = if self.all_final() {
            "finished"
        } else {
            "so far"
        };
        self.screen.line(&format!(
            "{verb}: {}; {}",
            self.tasks_line(),
            funnel.summary()
        ))
    }
}

/// Every task of a gateway, a bar (or line) each.
#[derive(Debug)]
pub struct TasksView {
    screen: Screen,
    /// The tasks shown with a bar, at most `MAX_TASK_BARS`.
    bars: HashMap<String, ProgressBar>,
    /// The last plain progress line of each task, and when it was printed.
    printed: HashMap<String, (String, Instant)>,
}

impl TasksView {
    /// An empty view: tasks appear as messages name them.
    pub fn new(style: Style) -> Self {
        Self {
            screen: Screen::new(style),
            bars: HashMap::new(),
            printed: HashMap::new(),
        }
    }

    /// Prints a line (above the bars at a terminal).
    pub fn line(&self, text: &str) -> std::io::Result<()> {
        self.screen.line(text)
    }

    /// Takes in one message: the task's bar or line, and its news as a line.
    pub fn show(&mut self, message: &WatchTaskResponse) -> std::io::Result<()> {
        if let Some(line) = news_line(message) {
            self.screen.line(&line)?;
        }
        let (Some(task), Some(progress)) = (task_of(message), &message.progress) else {
            return Ok(());
        };
        let funnel = Funnel::of(progress);
        let status = view::task_status_name(progress.status);
        let text = format!(
            "{status} · {} sent · {} failed · {} replies",
            funnel.sent, funnel.failed, funnel.replies
        );
        if self.screen.has_bars() {
            self.show_bar(task, progress, &funnel, text)
        } else {
            let line = format!("task {task}: {}", funnel.summary());
            let due = match self.printed.get(task) {
                None => true,
                Some((last, at)) => {
                    *last != line && (is_final(progress.status) || at.elapsed() >= PLAIN_INTERVAL)
                }
            };
            if due {
                self.screen.line(&line)?;
                self.printed.insert(task.to_owned(), (line, Instant::now()));
            }
            if is_final(progress.status) {
                // Its final line is out; a late reply starts it again.
                self.printed.remove(task);
            }
            Ok(())
        }
    }

    fn show_bar(
        &mut self,
        task: &str,
        progress: &TaskProgress,
        funnel: &Funnel,
        text: String,
    ) -> std::io::Result<()> {
        if is_final(progress.status) {
            // A finished task leaves the bars for one line, so the screen holds tasks in flight.
            if let Some(bar) = self.bars.remove(task) {
                bar.finish_and_clear();
                self.screen.remove(&bar);
            }
            return self
                .screen
                .line(&format!("task {task}: {}", funnel.summary()));
        }
        if !self.bars.contains_key(task) && self.bars.len() >= MAX_TASK_BARS {
            return Ok(());
        }
        let bar = self.bars.entry(task.to_owned()).or_insert_with(|| {
            let style = ProgressStyle::with_template(
                "{prefix:>12} [{bar:30.cyan/white}] {pos:>5}/{len:<5} {msg}",
            )
            .expect("a valid template")
            .progress_chars("█▉▊▋▌▍▎▏ ");
            let bar = self.screen.add(ProgressBar::new(0).with_style(style));
            bar.set_prefix(task.to_owned());
            bar
        });
        bar.set_length(funnel.total);
        bar.set_position(Funnel::finished(progress));
        bar.set_message(text);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proto::v1::{FailureCount, FailureReason, RecipientCount};

    fn progress(
        counts: &[(RecipientStatus, i32)],
        failures: &[(FailureReason, i32)],
    ) -> TaskProgress {
        TaskProgress {
            task_id: "T1".into(),
            status: TaskStatus::Dispatching as i32,
            total: counts.iter().map(|(_, n)| n).sum(),
            counts: counts
                .iter()
                .map(|(status, count)| RecipientCount {
                    status: *status as i32,
                    count: *count,
                })
                .collect(),
            failures: failures
                .iter()
                .map(|(reason, count)| FailureCount {
                    reason: *reason as i32,
                    count: *count,
                })
                .collect(),
            replies: 4,
        }
    }

    #[test]
    fn the_funnel_counts_a_recipient_in_every_stage_it_passed() {
        use RecipientStatus as S;
        let task = progress(
            &[
                (S::PendingDispatch, 5),
                (S::Sent, 10),
                (S::Delivered, 7),
                (S::Read, 3),
                (S::ReadNoReply, 2),
                (S::ReadReplied, 3),
                (S::SendFailed, 4),
            ],
            &[
                (FailureReason::Timeout, 1),
                (FailureReason::AccountBanned, 3),
            ],
        );
        let funnel = Funnel::of(&task);
        assert_eq!(
            (
                funnel.total,
                funnel.sent,
                funnel.delivered,
                funnel.read,
                funnel.replied,
                funnel.failed
            ),
            (34, 25, 15, 8, 3, 4)
        );
        assert_eq!(Funnel::finished(&task), 9);
        assert_eq!(funnel.failures_text(), "ACCOUNT_BANNED 3, TIMEOUT 1");
        let mut two = funnel.clone();
        two.add(&task);
        assert_eq!(
            (two.total, two.replies, two.failures["TIMEOUT"]),
            (68, 8, 2)
        );
        assert!(
            funnel.summary().starts_with("34 recipients: 25 sent"),
            "{}",
            funnel.summary()
        );
    }

    #[test]
    fn a_campaign_is_final_when_every_task_is() {
        let mut view = CampaignView::new(Style::Plain, &["T1".into(), "T2".into()]);
        assert!(!view.all_final());
        for task in ["T1", "T2"] {
            view.tasks.get_mut(task).unwrap().status = TaskStatus::Completed as i32;
        }
        assert!(view.all_final());
        assert_eq!(view.tasks_line(), "2 tasks: 2 COMPLETED");
    }
}
