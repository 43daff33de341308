//! What one watch stream knows of the tasks it reports: each recipient's status merged so that
//! it never goes backwards (a late "delivered" does not undo "read"; a final status stays), the
//! recipients per status that every message's progress reports, and a bounded set of such
//! trackers for an every-task stream.
//!
//! An idle stream keeps its trackers for its whole life, so they are kept small: task ids are
//! exact `Box<str>`s in a map that is a short vector while it has a few entries (a single-task
//! stream's one task), where a hash table's smallest allocation would cost more than its
//! entries; a task's recipients are one string of their targets and a table of where each is.

use std::collections::HashSet;
use std::hash::BuildHasher;
use std::sync::LazyLock;

use hashbrown::HashTable;

use crate::proto::v1::watch_task_response::Update as TaskUpdate;
use crate::proto::v1::{
    FailureCount, FailureReason, RecipientCount, RecipientStatus, TaskProgress, TaskSnapshot,
    TaskStatus,
};

/// Order of recipient statuses for monotonic merging; final statuses are never replaced.
fn rank(status: i32) -> u8 {
    match RecipientStatus::try_from(status) {
        Ok(RecipientStatus::PendingDispatch) => 1,
        Ok(RecipientStatus::PendingSend) => 2,
        Ok(RecipientStatus::Sending) => 3,
        Ok(RecipientStatus::Sent) => 4,
        Ok(RecipientStatus::Delivered) => 5,
        Ok(RecipientStatus::Read) => 6,
        Ok(
            RecipientStatus::ReadReplied
            | RecipientStatus::ReadNoReply
            | RecipientStatus::SendFailed,
        ) => FINAL_RANK,
        _ => 0,
    }
}
const FINAL_RANK: u8 = 9;

/// A recipient's status after `reported` arrives: never backwards, and a final one stays.
fn merged_status(current: i32, reported: i32) -> i32 {
    if rank(current) == FINAL_RANK || rank(reported) < rank(current) {
        current
    } else {
        reported
    }
}

/// Entries a [`TextMap`] keeps in a vector, searched linearly, before it becomes a hash table.
const FEW: usize = 8;

/// A [`TextMap`]'s hash table. Hashed with foldhash (seeded per process), not SipHash: a replay
/// looks up its task for every event, and SipHash was a tenth of a replaying gateway's time. A
/// stranger cannot grow these maps: the trackers are bounded.
type Table<V> = std::collections::HashMap<Box<str>, V, foldhash::fast::RandomState>;

/// A map keyed by text: a vector of at most [`FEW`] entries, grown one entry at a time, then a
/// hash table, boxed so that the map takes a vector's room where it is kept.
#[derive(Debug)]
enum TextMap<V> {
    Few(Vec<(Box<str>, V)>),
    // Boxed on purpose (see above): inline, the table would double the map's size.
    #[allow(clippy::box_collection)]
    Many(Box<Table<V>>),
}

impl<V> Default for TextMap<V> {
    fn default() -> Self {
        Self::Few(Vec::new())
    }
}

impl<V> TextMap<V> {
    fn len(&self) -> usize {
        match self {
            Self::Few(entries) => entries.len(),
            Self::Many(map) => map.len(),
        }
    }

    fn get(&self, key: &str) -> Option<&V> {
        match self {
            Self::Few(entries) => entries.iter().find(|(k, _)| &**k == key).map(|(_, v)| v),
            Self::Many(map) => map.get(key),
        }
    }

    fn get_mut(&mut self, key: &str) -> Option<&mut V> {
        match self {
            Self::Few(entries) => entries
                .iter_mut()
                .find(|(k, _)| &**k == key)
                .map(|(_, v)| v),
            Self::Many(map) => map.get_mut(key),
        }
    }

    /// Adds `key`, which is not in the map, copying it.
    fn insert_new(&mut self, key: &str, value: V) {
        match self {
            Self::Few(entries) if entries.len() < FEW => {
                // One more slot at a time: a few reallocations, never room for nobody.
                entries.reserve_exact(1);
                entries.push((key.into(), value));
            }
            Self::Few(entries) => {
                let mut map = Table::with_capacity_and_hasher(FEW * 2, Default::default());
                map.extend(entries.drain(..));
                map.insert(key.into(), value);
                *self = Self::Many(Box::new(map));
            }
            Self::Many(map) => {
                map.insert(key.into(), value);
            }
        }
    }

    fn remove(&mut self, key: &str) -> Option<V> {
        match self {
            Self::Few(entries) => {
                let at = entries.iter().position(|(k, _)| &**k == key)?;
                Some(entries.swap_remove(at).1)
            }
            Self::Many(map) => map.remove(key),
        }
    }

    fn iter(&self) -> Box<dyn Iterator<Item = (&str, &V)> + '_> {
        match self {
            Self::Few(entries) => Box::new(entries.iter().map(|(k, v)| (&**k, v))),
            Self::Many(map) => Box::new(map.iter().map(|(k, v)| (&**k, v))),
        }
    }
}

/// How the recipient tables hash a target (seeded once per process).
static TARGET_HASHING: LazyLock<foldhash::fast::RandomState> = LazyLock::new(Default::default);

fn target_hash(target: &str) -> u64 {
    TARGET_HASHING.hash_one(target)
}

/// Merged status per recipient, keyed by target. The targets' texts are side by side in one
/// string: a task's 5,000 recipients are two allocations, not one per target, and a replay
/// adding a recipient per event allocates only as the string and the table double. A caller
/// cannot grow it: a task's recipients are its snapshot's and its (authenticated) webhooks'.
#[derive(Debug, Default)]
struct Recipients {
    texts: String,
    table: HashTable<Recipient>,
}

/// A recipient of [`Recipients`]: where its target is in the texts, and its status.
#[derive(Debug)]
struct Recipient {
    start: usize,
    len: usize,
    status: i32,
}

impl Recipients {
    /// Room for the recipients of `snapshot`.
    fn for_snapshot(snapshot: &TaskSnapshot) -> Self {
        let texts = snapshot.recipients.iter().map(|r| r.target.len()).sum();
        Self {
            texts: String::with_capacity(texts),
            table: HashTable::with_capacity(snapshot.recipients.len()),
        }
    }

    fn len(&self) -> usize {
        self.table.len()
    }

    fn get_mut(&mut self, target: &str) -> Option<&mut i32> {
        let texts = &self.texts;
        self.table
            .find_mut(target_hash(target), |r| {
                &texts[r.start..r.start + r.len] == target
            })
            .map(|r| &mut r.status)
    }

    /// Adds `target`, which is not in the table.
    fn insert_new(&mut self, target: &str, status: i32) {
        let recipient = Recipient {
            start: self.texts.len(),
            len: target.len(),
            status,
        };
        self.texts.push_str(target);
        let texts = &self.texts;
        self.table
            .insert_unique(target_hash(target), recipient, |r| {
                target_hash(&texts[r.start..r.start + r.len])
            });
    }
}

/// Adds `delta` to the count of `key` in `counts`, kept sorted by `order` and grown one entry at
/// a time (a task sees a handful of statuses and reasons).
fn add_count<K: Ord>(counts: &mut Vec<(i32, i32)>, order: impl Fn(i32) -> K, at: i32, delta: i32) {
    match counts.binary_search_by_key(&order(at), |&(s, _)| order(s)) {
        Ok(i) => counts[i].1 += delta,
        Err(i) => {
            counts.reserve_exact(1);
            counts.insert(i, (at, delta));
        }
    }
}

/// What a stream knows of one task.
#[derive(Debug, Default)]
pub(super) struct TaskTracker {
    status: i32,
    /// Replies seen since the stream started.
    replies: i32,
    /// Merged status per recipient, keyed by target (phone or group id).
    recipients: Recipients,
    /// Recipients per merged status, kept with every merge so that a message's progress costs
    /// the number of statuses, not the number of recipients; in the order progress reports them
    /// (by rank, then status), with no room for the statuses never seen.
    counts: Vec<(i32, i32)>,
    /// Failed recipients per failure reason, by reason: counted when a recipient becomes
    /// SEND_FAILED, which is final, so no recipient is counted twice and none needs its reason
    /// kept.
    failures: Vec<(i32, i32)>,
    /// Failed recipients counted without a reason (found failed in a snapshot): a later event
    /// with the reason (a replay, a redelivery) moves the recipient to it. Seldom any: boxed,
    /// so that the tracker holds a pointer, not an empty set's 48 bytes.
    #[allow(clippy::box_collection)]
    unexplained: Option<Box<HashSet<Box<str>>>>,
}

impl TaskTracker {
    pub(super) fn from_snapshot(snapshot: &TaskSnapshot) -> Self {
        let mut tracker = Self {
            status: snapshot.status,
            recipients: Recipients::for_snapshot(snapshot),
            ..Default::default()
        };
        for recipient in &snapshot.recipients {
            // The execution status carries no failure reason.
            tracker.merge(
                &recipient.target,
                recipient.status,
                FailureReason::Unspecified as i32,
            );
        }
        tracker
    }

    /// Merges a reported status (and, with SEND_FAILED, its failure reason); returns the
    /// recipient's status after merging.
    pub(super) fn merge(&mut self, target: &str, reported: i32, failure_reason: i32) -> i32 {
        // One lookup for a known recipient: its status is merged in place.
        let previous = self.recipients.get_mut(target).map(|slot| {
            let current = *slot;
            *slot = merged_status(current, reported);
            current
        });
        let merged = previous.map_or(reported, |current| merged_status(current, reported));
        if previous.is_none() {
            self.recipients.insert_new(target, merged);
        }
        let failed = RecipientStatus::SendFailed as i32;
        let unspecified = FailureReason::Unspecified as i32;
        if previous != Some(merged) {
            if let Some(old) = previous {
                self.count(old, -1);
            }
            self.count(merged, 1);
            if merged == failed {
                add_count(&mut self.failures, |r| r, failure_reason, 1);
                if failure_reason == unspecified {
                    self.unexplained
                        .get_or_insert_default()
                        .insert(target.into());
                }
            }
        } else if reported == failed && failure_reason != unspecified && self.explain(target) {
            add_count(&mut self.failures, |r| r, unspecified, -1);
            self.failures.retain(|&(_, count)| count != 0);
            add_count(&mut self.failures, |r| r, failure_reason, 1);
        }
        merged
    }

    /// Whether `target` was counted failed without a reason; it no longer is.
    fn explain(&mut self, target: &str) -> bool {
        let Some(unexplained) = self.unexplained.as_mut() else {
            return false;
        };
        let explained = unexplained.remove(target);
        if unexplained.is_empty() {
            self.unexplained = None;
        }
        explained
    }

    /// Adds `delta` recipients to `status`'s count.
    fn count(&mut self, status: i32, delta: i32) {
        add_count(&mut self.counts, |s| (rank(s), s), status, delta);
    }

    pub(super) fn is_final(&self) -> bool {
        matches!(
            TaskStatus::try_from(self.status),
            Ok(TaskStatus::Completed | TaskStatus::Stopped)
        )
    }

    pub(super) fn progress(&self, task_id: &str) -> TaskProgress {
        let mut progress = TaskProgress::default();
        self.write_progress(task_id, &mut progress);
        progress
    }

    /// Makes `progress` this task's, reusing the room its texts and lists have.
    pub(super) fn write_progress(&self, task_id: &str, progress: &mut TaskProgress) {
        progress.task_id.clear();
        progress.task_id.push_str(task_id);
        progress.status = self.status;
        progress.total = self.recipients.len() as i32;
        progress.counts.clear();
        progress.counts.extend(
            self.counts
                .iter()
                .filter(|(_, count)| *count > 0)
                .map(|&(status, count)| RecipientCount { status, count }),
        );
        progress.failures.clear();
        progress.failures.extend(
            self.failures
                .iter()
                .map(|&(reason, count)| FailureCount { reason, count }),
        );
        progress.replies = self.replies;
    }
}

/// The tasks whose progress one stream tracks, bounded: past `cap` the least recently seen is
/// forgotten, and a later event about it starts it afresh from its snapshot.
#[derive(Debug)]
pub(super) struct Trackers {
    cap: usize,
    /// Each task's tracker and the tick it was last seen at. Boxed, so that the map's spare
    /// slots cost a pointer each, not a tracker.
    tasks: TextMap<(Box<TaskTracker>, u64)>,
    tick: u64,
}

impl Trackers {
    pub(super) fn new(cap: usize) -> Self {
        Self {
            cap: cap.max(1),
            tasks: TextMap::default(),
            tick: 0,
        }
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.tasks.len()
    }

    pub(super) fn contains(&self, task_id: &str) -> bool {
        self.tasks.get(task_id).is_some()
    }

    pub(super) fn get(&self, task_id: &str) -> Option<&TaskTracker> {
        self.tasks.get(task_id).map(|(tracker, _)| &**tracker)
    }

    /// The task's tracker, marked as the most recently seen.
    fn touch(&mut self, task_id: &str) -> Option<&mut TaskTracker> {
        let (tracker, seen) = self.tasks.get_mut(task_id)?;
        self.tick += 1;
        *seen = self.tick;
        Some(tracker)
    }

    /// Tracks `task_id` as the most recently seen, forgetting the least recently seen past the
    /// cap. Finding that one scans the map, but only when a task is added at the cap, which
    /// costs a snapshot fetch anyway.
    pub(super) fn insert(&mut self, task_id: String, tracker: TaskTracker) {
        self.tasks.remove(&task_id);
        while self.tasks.len() >= self.cap {
            let oldest = self
                .tasks
                .iter()
                .min_by_key(|(_, (_, seen))| *seen)
                .map(|(task, _)| task.to_owned());
            let Some(oldest) = oldest else { break };
            self.tasks.remove(&oldest);
        }
        self.tick += 1;
        self.tasks
            .insert_new(&task_id, (Box::new(tracker), self.tick));
    }

    fn remove(&mut self, task_id: &str) {
        self.tasks.remove(task_id);
    }

    /// Applies an event's update to its task, which is tracked; writes the task's progress
    /// after it into `progress` and returns the recipient's merged status (unspecified unless a
    /// recipient status). With
    /// `forget_final` (an every-task stream) the update that finishes a task also forgets it;
    /// only that one: a task found finished in its snapshot stays until it is the least
    /// recently seen, so that late replies about it do not each cost a snapshot.
    pub(super) fn apply(
        &mut self,
        task_id: &str,
        update: &TaskUpdate,
        forget_final: bool,
        progress: &mut TaskProgress,
    ) -> i32 {
        let tracker = self.touch(task_id).expect("the task is tracked");
        let mut recipient_status_merged = RecipientStatus::Unspecified as i32;
        match update {
            TaskUpdate::TaskStatus(e) => tracker.status = e.status,
            TaskUpdate::RecipientStatus(e) => {
                recipient_status_merged = tracker.merge(&e.target, e.status, e.failure_reason);
            }
            TaskUpdate::Reply(_) => tracker.replies = tracker.replies.saturating_add(1),
            _ => {}
        }
        tracker.write_progress(task_id, progress);
        if forget_final && matches!(update, TaskUpdate::TaskStatus(_)) && tracker.is_final() {
            self.remove(task_id);
        }
        recipient_status_merged
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proto::v1::{ReplyReceived, TaskStatusChanged};

    #[test]
    fn failures_are_counted_per_reason_once_and_replies_per_message() {
        let failed = RecipientStatus::SendFailed as i32;
        let banned = FailureReason::AccountBanned as i32;
        let timeout = FailureReason::Timeout as i32;
        let mut tracker = TaskTracker::from_snapshot(&TaskSnapshot {
            task_id: "t".into(),
            status: TaskStatus::Dispatching as i32,
            recipients: vec![crate::proto::v1::RecipientState {
                target: "old".into(),
                status: failed,
                ..Default::default()
            }],
        });
        tracker.merge("a", failed, banned);
        tracker.merge("b", failed, banned);
        tracker.merge("c", failed, timeout);
        // A failure reported again (a redelivered webhook) does not count twice.
        tracker.merge("a", failed, banned);
        tracker.merge("d", RecipientStatus::Sent as i32, 0);
        let reasons = |tracker: &TaskTracker| {
            tracker
                .progress("t")
                .failures
                .iter()
                .map(|f| (f.reason, f.count))
                .collect::<Vec<_>>()
        };
        let unspecified = FailureReason::Unspecified as i32;
        assert_eq!(
            reasons(&tracker),
            vec![(unspecified, 1), (timeout, 1), (banned, 2)]
        );
        // The failure of a recipient found failed in the snapshot, with its reason (a replay):
        // the recipient moves from no reason to that reason, once.
        tracker.merge("old", failed, timeout);
        tracker.merge("old", failed, banned);
        assert_eq!(reasons(&tracker), vec![(timeout, 2), (banned, 2)]);
        tracker.replies = 3;
        let progress = tracker.progress("t");
        let failed_count = progress.counts.iter().find(|c| c.status == failed).unwrap();
        assert_eq!(
            failed_count.count, 4,
            "the reasons add up to the failed recipients"
        );
        assert_eq!(progress.replies, 3);

        // Written over another task's progress, with more counts and failures than it has, the
        // progress is the same as written afresh.
        let mut reused = progress.clone();
        let other = TaskTracker::from_snapshot(&TaskSnapshot {
            task_id: "other".into(),
            ..Default::default()
        });
        other.write_progress("other", &mut reused);
        assert_eq!(reused, other.progress("other"));
        tracker.write_progress("t", &mut reused);
        assert_eq!(reused, progress);
    }

    #[test]
    fn recipient_statuses_never_go_backwards() {
        let mut tracker = TaskTracker::default();
        let s = |status: RecipientStatus| status as i32;
        assert_eq!(
            tracker.merge("a", s(RecipientStatus::Sent), 0),
            s(RecipientStatus::Sent)
        );
        assert_eq!(
            tracker.merge("a", s(RecipientStatus::Read), 0),
            s(RecipientStatus::Read)
        );
        assert_eq!(
            tracker.merge("a", s(RecipientStatus::Delivered), 0),
            s(RecipientStatus::Read),
            "a late delivered does not undo read"
        );
        assert_eq!(
            tracker.merge("a", s(RecipientStatus::ReadReplied), 0),
            s(RecipientStatus::ReadReplied)
        );
        assert_eq!(
            tracker.merge("a", s(RecipientStatus::ReadNoReply), 0),
            s(RecipientStatus::ReadReplied),
            "final stays"
        );
        assert_eq!(
            tracker.merge("b", s(RecipientStatus::SendFailed), 0),
            s(RecipientStatus::SendFailed)
        );
        assert_eq!(
            tracker.merge("b", s(RecipientStatus::Delivered), 0),
            s(RecipientStatus::SendFailed),
            "failed is final"
        );
        let progress = tracker.progress("t");
        assert_eq!(progress.total, 2);
        let count = |status: RecipientStatus, count| RecipientCount {
            status: status as i32,
            count,
        };
        assert_eq!(
            progress.counts,
            vec![
                count(RecipientStatus::ReadReplied, 1),
                count(RecipientStatus::SendFailed, 1)
            ]
        );
        // Counts follow each change: c moves from SENT to DELIVERED, not counted twice.
        tracker.merge("c", s(RecipientStatus::Sent), 0);
        tracker.merge("c", s(RecipientStatus::Delivered), 0);
        let progress = tracker.progress("t");
        assert_eq!(progress.total, 3);
        assert_eq!(
            progress.counts,
            vec![
                count(RecipientStatus::Delivered, 1),
                count(RecipientStatus::ReadReplied, 1),
                count(RecipientStatus::SendFailed, 1)
            ]
        );
    }

    #[test]
    fn an_idle_single_task_stream_keeps_little() {
        // Kept inline in every stream's state, and boxed per tracked task (the recipients'
        // string and table take 32 bytes more than a map of boxed targets did, and save an
        // allocation of 32 bytes or more per recipient).
        assert!(std::mem::size_of::<Trackers>() <= 48);
        assert!(std::mem::size_of::<TaskTracker>() <= 128);
    }

    #[test]
    fn maps_past_a_few_entries_keep_every_entry() {
        let sent = RecipientStatus::Sent as i32;
        let read = RecipientStatus::Read as i32;
        let mut tracker = TaskTracker::default();
        // From a short vector to a hash table at FEW + 1 recipients, and on.
        for i in 0..3 * FEW {
            tracker.merge(&format!("r{i}"), sent, 0);
        }
        for i in (0..3 * FEW).step_by(2) {
            assert_eq!(tracker.merge(&format!("r{i}"), read, 0), read);
        }
        // Already read: a late sent does not undo it.
        assert_eq!(tracker.merge("r0", sent, 0), read);
        let progress = tracker.progress("t");
        assert_eq!(progress.total, 3 * FEW as i32);
        let half = (3 * FEW / 2) as i32;
        assert_eq!(
            progress.counts,
            vec![
                RecipientCount {
                    status: sent,
                    count: half
                },
                RecipientCount {
                    status: read,
                    count: half
                }
            ]
        );

        // A snapshot of many recipients starts as a hash table.
        let snapshot = TaskSnapshot {
            recipients: (0..2 * FEW)
                .map(|i| crate::proto::v1::RecipientState {
                    target: format!("s{i}"),
                    status: sent,
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        };
        let from_snapshot = TaskTracker::from_snapshot(&snapshot);
        assert_eq!(from_snapshot.progress("t").total, 2 * FEW as i32);

        // Past a few tasks the least recently seen still goes first.
        let cap = 2 * FEW;
        let mut trackers = Trackers::new(cap);
        for i in 0..cap {
            trackers.insert(format!("t{i}"), TaskTracker::default());
        }
        trackers.apply(
            "t0",
            &task_status("t0", TaskStatus::Dispatching),
            true,
            &mut TaskProgress::default(),
        );
        trackers.insert("new".into(), TaskTracker::default());
        assert_eq!(trackers.len(), cap);
        assert!(trackers.contains("t0") && trackers.contains("new"));
        assert!(
            !trackers.contains("t1"),
            "the least recently seen is forgotten"
        );
        for i in 2..cap {
            assert!(trackers.contains(&format!("t{i}")), "t{i}");
        }
    }

    fn task_status(task_id: &str, status: TaskStatus) -> TaskUpdate {
        TaskUpdate::TaskStatus(TaskStatusChanged {
            task_id: task_id.into(),
            status: status as i32,
        })
    }

    #[test]
    fn trackers_forget_finished_tasks_and_the_least_recently_seen_past_the_cap() {
        let mut trackers = Trackers::new(3);
        for task in ["a", "b", "c"] {
            trackers.insert(task.into(), TaskTracker::default());
        }
        // "a" is seen again, so "b" is now the least recently seen.
        trackers.apply(
            "a",
            &task_status("a", TaskStatus::Dispatching),
            true,
            &mut TaskProgress::default(),
        );
        trackers.insert("d".into(), TaskTracker::default());
        assert_eq!(trackers.len(), 3, "bounded by the cap");
        assert!(
            !trackers.contains("b"),
            "the least recently seen is forgotten"
        );
        for task in ["a", "c", "d"] {
            assert!(trackers.contains(task), "{task}");
        }

        // The update that finishes a task is answered with its progress, then the task goes.
        let mut progress = TaskProgress::default();
        let completed = task_status("c", TaskStatus::Completed);
        trackers.apply("c", &completed, true, &mut progress);
        assert_eq!(progress.status, TaskStatus::Completed as i32);
        assert!(!trackers.contains("c"));
        trackers.apply(
            "d",
            &task_status("d", TaskStatus::Stopped),
            true,
            &mut TaskProgress::default(),
        );
        assert!(!trackers.contains("d"));
        assert_eq!(trackers.len(), 1);

        // A single-task stream keeps its task: heartbeats and end_when_final need it.
        trackers.apply(
            "a",
            &task_status("a", TaskStatus::Completed),
            false,
            &mut TaskProgress::default(),
        );
        assert!(trackers.contains("a"));

        // A task found finished in its snapshot is not forgotten by a late reply about it.
        let finished = TaskTracker {
            status: TaskStatus::Completed as i32,
            ..Default::default()
        };
        trackers.insert("e".into(), finished);
        let reply = TaskUpdate::Reply(ReplyReceived {
            task_id: "e".into(),
            ..Default::default()
        });
        trackers.apply("e", &reply, true, &mut TaskProgress::default());
        assert!(trackers.contains("e"));

        // However many tasks pass, the map stays within the cap.
        for i in 0..10_000 {
            let task = format!("t{i}");
            trackers.insert(task.clone(), TaskTracker::default());
            trackers.apply(
                &task,
                &task_status(&task, TaskStatus::Dispatching),
                true,
                &mut TaskProgress::default(),
            );
        }
        assert_eq!(trackers.len(), 3);
    }
}
