//! The blast guard: per key, a token bucket on calls and ceilings on the recipients its creates
//! name within a rolling hour and day, checked before anything reaches the platform. Recipients
//! are counted per minute (a charge leaves the hour window 60 minutes after the minute it was
//! made in); the counts are rebuilt at start from the audit trail, so a restart forgets nothing.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tonic::Status;

use super::{count_refusal, Caller, Refusal};
use crate::error;
use crate::observe::metrics::callers::GuardLabels;
use crate::observe::metrics::metrics;

const MINUTE_MS: i64 = 60_000;
/// The two windows recipients are counted in, with the names errors and GetCaller give them.
pub const WINDOWS: [(&str, Duration); 2] = [
    ("recipients_per_hour", Duration::from_secs(3600)),
    ("recipients_per_day", Duration::from_secs(86_400)),
];
/// The `limit` label of what is left of a key's call bucket: calls it may make at once now.
pub const CALLS_LIMIT: &str = "calls";

/// The longest window, in minutes: how far back charges are kept.
const KEPT_MINUTES: i64 = 1440;
/// Most callers the guard keeps state for: a key file holds at most `keys::MAX_KEYS`, and removed
/// keys' state is dropped once it holds nothing.
const MAX_TRACKED_CALLERS: usize = 2 * super::keys::MAX_KEYS;

/// Per-caller state.
#[derive(Debug, Default)]
struct Usage {
    /// Tokens left and when they were counted.
    bucket: Option<(f64, Instant)>,
    /// Recipients charged per minute (minute number since the epoch), oldest first.
    minutes: VecDeque<(i64, u64)>,
}

impl Usage {
    fn forget_before(&mut self, minute: i64) {
        while self.minutes.front().is_some_and(|(m, _)| *m < minute) {
            self.minutes.pop_front();
        }
    }

    /// Recipients charged in the window of `minutes` ending with minute `now`.
    fn used(&self, now: i64, minutes: i64) -> u64 {
        self.minutes
            .iter()
            .filter(|(m, _)| *m > now - minutes)
            .map(|(_, n)| n)
            .sum()
    }

    /// When `needed` recipients will have left the window, if they ever can.
    fn frees_at(&self, now: i64, minutes: i64, needed: u64) -> Option<i64> {
        let mut freed = 0u64;
        for (minute, n) in self.minutes.iter().filter(|(m, _)| *m > now - minutes) {
            freed += n;
            if freed >= needed {
                return Some(minute + minutes);
            }
        }
        None
    }
}

/// A charge of recipients, to give back if the call certainly sent nothing.
#[derive(Debug)]
#[must_use]
pub struct Charge {
    caller: Arc<str>,
    minute: i64,
    recipients: u64,
}

impl Charge {
    /// Recipients charged.
    pub fn recipients(&self) -> u64 {
        self.recipients
    }
}

/// What a caller's limits leave, for GetCaller and response metadata.
#[derive(Debug, Clone, PartialEq)]
pub struct Standing {
    /// Calls per second, burst, and calls that may be made at once now.
    pub call_rate: Option<(f64, u32, f64)>,
    /// Per window: its name, length, ceiling and recipients used.
    pub quotas: Vec<(&'static str, Duration, u64, u64)>,
}

/// The guard's state for every caller.
#[derive(Debug, Default)]
pub struct Guard {
    usage: Mutex<HashMap<Arc<str>, Usage>>,
}

impl Guard {
    /// A guard with nothing charged yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Restores recipient charges read back from the audit trail: (caller, time, recipients).
    pub fn restore(&self, charges: impl IntoIterator<Item = (String, i64, u64)>, now_ms: i64) {
        let oldest = now_ms.div_euclid(MINUTE_MS) - KEPT_MINUTES;
        let mut usage = self.lock();
        for (caller, time_ms, recipients) in charges {
            let minute = time_ms.div_euclid(MINUTE_MS);
            if minute <= oldest || recipients == 0 {
                continue;
            }
            let state = usage.entry(Arc::from(caller)).or_default();
            add(&mut state.minutes, minute, recipients);
        }
        for state in usage.values_mut() {
            state.minutes.make_contiguous().sort_unstable();
        }
    }

    /// Takes a token from the caller's call bucket, or refuses the call with RESOURCE_EXHAUSTED.
    pub fn admit_call(&self, caller: &Caller, now: Instant) -> Result<(), Status> {
        let (Some(rate), Some(burst)) = (caller.limits.calls_per_second, caller.limits.burst())
        else {
            return Ok(());
        };
        let mut usage = self.lock();
        let state = usage.entry(caller.name.clone()).or_default();
        let tokens = refill(state.bucket, rate, burst, now);
        if tokens >= 1.0 {
            state.bucket = Some((tokens - 1.0, now));
            Ok(())
        } else {
            state.bucket = Some((tokens, now));
            let wait = Duration::from_secs_f64((1.0 - tokens) / rate);
            Err(error::call_rate_exceeded(&caller.name, rate, burst, wait))
        }
    }

    /// Counts a create's recipients against the caller's ceilings, or refuses it with
    /// RESOURCE_EXHAUSTED naming the first ceiling it would pass.
    pub fn charge(&self, caller: &Caller, recipients: u64, now_ms: i64) -> Result<Charge, Status> {
        let minute = now_ms.div_euclid(MINUTE_MS);
        let charge = Charge {
            caller: caller.name.clone(),
            minute,
            recipients,
        };
        if recipients == 0 {
            return Ok(charge);
        }
        // Counted even without a ceiling: a ceiling the key file gains on reload then counts
        // the window's earlier recipients, as it would after a restart (which reads them back).
        let mut usage = self.lock();
        if usage.len() >= MAX_TRACKED_CALLERS && !usage.contains_key(&caller.name) {
            usage.retain(|_, state| !state.minutes.is_empty() || state.bucket.is_some());
        }
        let state = usage.entry(caller.name.clone()).or_default();
        state.forget_before(minute - KEPT_MINUTES + 1);
        for (name, window, ceiling) in ceilings(caller) {
            let Some(ceiling) = ceiling else { continue };
            let minutes = window_minutes(window);
            let used = state.used(minute, minutes);
            if used.saturating_add(recipients) > ceiling {
                let needed = used.saturating_add(recipients) - ceiling;
                let retry = (recipients <= ceiling)
                    .then(|| state.frees_at(minute, minutes, needed))
                    .flatten()
                    .map(|at| {
                        Duration::from_millis(u64::try_from(at * MINUTE_MS - now_ms).unwrap_or(0))
                    });
                count_refusal(Refusal::RecipientCeiling);
                return Err(error::recipient_ceiling_exceeded(
                    &caller.name,
                    name,
                    ceiling,
                    used,
                    recipients,
                    retry,
                ));
            }
        }
        add(&mut state.minutes, minute, recipients);
        Ok(charge)
    }

    /// Gives a charge back: the call it was made for sent nothing.
    pub fn refund(&self, charge: Charge) {
        if charge.recipients == 0 {
            return;
        }
        let mut usage = self.lock();
        if let Some(state) = usage.get_mut(&charge.caller) {
            if let Some((_, n)) = state.minutes.iter_mut().find(|(m, _)| *m == charge.minute) {
                *n = n.saturating_sub(charge.recipients);
            }
        }
    }

    /// Applies what another replica sharing the store did to `caller`'s recipient counts in the
    /// minute starting at `minute_ms`: `charged` recipients it admitted, or gave back when
    /// negative. Counted without checking the ceilings: that replica already admitted the call.
    pub fn apply_remote(&self, caller: &str, minute_ms: i64, charged: i64) {
        let minute = minute_ms.div_euclid(MINUTE_MS);
        let mut usage = self.lock();
        if charged < 0 {
            let state = usage.get_mut(caller);
            if let Some((_, n)) =
                state.and_then(|s| s.minutes.iter_mut().find(|(m, _)| *m == minute))
            {
                *n = n.saturating_sub(charged.unsigned_abs());
            }
            return;
        }
        if charged == 0 {
            return;
        }
        if usage.len() >= MAX_TRACKED_CALLERS && !usage.contains_key(caller) {
            usage.retain(|_, state| !state.minutes.is_empty() || state.bucket.is_some());
        }
        let state = usage.entry(Arc::from(caller)).or_default();
        let recipients = charged.unsigned_abs();
        // Another replica's minute may be older than this one's latest: kept in order, oldest
        // first, as the windows read them.
        match state.minutes.iter().rposition(|(m, _)| *m <= minute) {
            Some(at) if state.minutes[at].0 == minute => {
                state.minutes[at].1 = state.minutes[at].1.saturating_add(recipients);
            }
            Some(at) => state.minutes.insert(at + 1, (minute, recipients)),
            None => state.minutes.push_front((minute, recipients)),
        }
    }

    /// What the caller's limits leave now.
    pub fn standing(&self, caller: &Caller, now: Instant, now_ms: i64) -> Standing {
        let usage = self.lock();
        let state = usage.get(&caller.name);
        let call_rate = caller
            .limits
            .calls_per_second
            .zip(caller.limits.burst())
            .map(|(rate, burst)| {
                let tokens = refill(state.and_then(|s| s.bucket), rate, burst, now);
                (rate, burst, tokens)
            });
        let minute = now_ms.div_euclid(MINUTE_MS);
        let quotas = ceilings(caller)
            .into_iter()
            .filter_map(|(name, window, ceiling)| {
                let used = state.map_or(0, |s| s.used(minute, window_minutes(window)));
                ceiling.map(|ceiling| (name, window, ceiling, used))
            })
            .collect();
        Standing { call_rate, quotas }
    }

    /// Sets `wadispatch_blast_guard_remaining` to what each of `callers` (the key file's) may
    /// still use of each of its limits now: calls at once ([`CALLS_LIMIT`]) and recipients per
    /// window. Keys no longer in the file lose their series.
    pub fn record_remaining<'a>(&self, callers: impl IntoIterator<Item = &'a Caller>) {
        let (now, now_ms) = (Instant::now(), chrono::Utc::now().timestamp_millis());
        let gauges = &metrics().callers.guard_remaining;
        gauges.clear();
        for caller in callers {
            let standing = self.standing(caller, now, now_ms);
            let remaining = standing
                .call_rate
                .map(|(_, _, tokens)| (CALLS_LIMIT, tokens.floor() as u64))
                .into_iter()
                .chain(
                    standing
                        .quotas
                        .iter()
                        .map(|(limit, _, ceiling, used)| (*limit, ceiling.saturating_sub(*used))),
                );
            for (limit, left) in remaining {
                let labels = GuardLabels {
                    key: caller.name.to_string(),
                    limit,
                };
                gauges
                    .get_or_create(&labels)
                    .set(i64::try_from(left).unwrap_or(i64::MAX));
            }
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Arc<str>, Usage>> {
        self.usage.lock().unwrap_or_else(|p| p.into_inner())
    }
}

fn ceilings(caller: &Caller) -> [(&'static str, Duration, Option<u64>); 2] {
    let [(hour, hour_len), (day, day_len)] = WINDOWS;
    [
        (hour, hour_len, caller.limits.recipients_per_hour),
        (day, day_len, caller.limits.recipients_per_day),
    ]
}

fn window_minutes(window: Duration) -> i64 {
    i64::try_from(window.as_secs() / 60).unwrap_or(KEPT_MINUTES)
}

/// Tokens in a bucket counted at `last`, refilled up to `now` (a new bucket is full).
fn refill(last: Option<(f64, Instant)>, rate: f64, burst: u32, now: Instant) -> f64 {
    let burst = f64::from(burst);
    match last {
        None => burst,
        Some((tokens, at)) => {
            (tokens + now.saturating_duration_since(at).as_secs_f64() * rate).min(burst)
        }
    }
}

fn add(minutes: &mut VecDeque<(i64, u64)>, minute: i64, recipients: u64) {
    match minutes.iter_mut().rev().find(|(m, _)| *m == minute) {
        Some((_, n)) => *n = n.saturating_add(recipients),
        None => minutes.push_back((minute, recipients)),
    }
}

#[cfg(test)]
mod tests {
    use tonic_types::StatusExt;

    use super::*;
    use crate::callers::{Grants, KeyLimits};

    fn caller(limits: KeyLimits) -> Caller {
        Caller {
            name: Arc::from("k"),
            source: crate::callers::CallerSource::ApiKey,
            grants: Arc::new(Grants::everything()),
            limits,
        }
    }

    #[test]
    fn the_bucket_admits_its_burst_then_refills_at_its_rate() {
        let guard = Guard::new();
        let k = caller(KeyLimits {
            calls_per_second: Some(2.0),
            call_burst: Some(3),
            ..Default::default()
        });
        let t0 = Instant::now();
        for _ in 0..3 {
            guard.admit_call(&k, t0).unwrap();
        }
        let refused = guard.admit_call(&k, t0).unwrap_err();
        assert_eq!(refused.code(), tonic::Code::ResourceExhausted);
        let details = refused.get_error_details();
        assert_eq!(
            details.retry_info().unwrap().retry_delay,
            Some(Duration::from_millis(500))
        );
        assert!(details.quota_failure().unwrap().violations[0]
            .description
            .contains("calls_per_second"));
        guard
            .admit_call(&k, t0 + Duration::from_millis(500))
            .unwrap();
        assert!(guard
            .admit_call(&k, t0 + Duration::from_millis(500))
            .is_err());
        // Unlimited keys are never refused.
        let free = caller(KeyLimits::default());
        for _ in 0..1000 {
            guard.admit_call(&free, t0).unwrap();
        }
    }

    #[test]
    fn ceilings_count_within_rolling_windows_and_refunds_give_back() {
        let guard = Guard::new();
        let k = caller(KeyLimits {
            recipients_per_hour: Some(100),
            recipients_per_day: Some(150),
            ..Default::default()
        });
        let t = 1_700_000_000_000i64;
        let first = guard.charge(&k, 60, t).unwrap();
        assert_eq!(first.recipients(), 60);
        let over = guard.charge(&k, 41, t + 1000).unwrap_err();
        let details = over.get_error_details();
        let violation = &details.quota_failure().unwrap().violations[0];
        assert!(
            violation.description.contains("recipients_per_hour"),
            "{violation:?}"
        );
        // 60 recipients leave the hour 60 minutes after their minute.
        let retry = details.retry_info().unwrap().retry_delay.unwrap();
        let minute_end = (t.div_euclid(MINUTE_MS) + 60) * MINUTE_MS;
        assert_eq!(retry, Duration::from_millis((minute_end - t - 1000) as u64));
        let second = guard.charge(&k, 40, t + 1000).unwrap();
        guard.refund(second);
        let _ = guard.charge(&k, 40, t + 2000).unwrap();
        // An hour on, the hour has room but the day does not: 150 - 100.
        let later = t + 61 * MINUTE_MS;
        let day = guard.charge(&k, 51, later).unwrap_err();
        assert!(
            day.message().contains("recipients_per_day"),
            "{}",
            day.message()
        );
        let _ = guard.charge(&k, 50, later).unwrap();
        let standing = guard.standing(&k, Instant::now(), later);
        assert_eq!(
            standing.quotas,
            [
                ("recipients_per_hour", WINDOWS[0].1, 100, 50),
                ("recipients_per_day", WINDOWS[1].1, 150, 150)
            ]
        );
        // More than a ceiling at once can never pass: no RetryInfo.
        let never = guard.charge(&k, 101, later + 86_400_000).unwrap_err();
        assert!(never.get_error_details().retry_info().is_none());
    }

    #[test]
    fn a_ceiling_added_by_a_reload_counts_what_was_sent_before_it() {
        let guard = Guard::new();
        let t = 1_700_000_000_000i64;
        let unlimited = caller(KeyLimits::default());
        let _ = guard.charge(&unlimited, 100, t).unwrap();
        let failed = guard.charge(&unlimited, 30, t).unwrap();
        guard.refund(failed);
        // The same key after a reload gave it a ceiling of 150 an hour: 100 are already used.
        let limited = caller(KeyLimits {
            recipients_per_hour: Some(150),
            ..Default::default()
        });
        assert_eq!(guard.standing(&limited, Instant::now(), t).quotas[0].3, 100);
        assert!(guard.charge(&limited, 51, t + 1000).is_err());
        let _ = guard.charge(&limited, 50, t + 1000).unwrap();
    }

    #[test]
    fn the_remainders_of_every_key_and_limit_are_recorded() {
        let guard = Guard::new();
        let named = |name: &str, limits| Caller {
            name: Arc::from(name),
            ..caller(limits)
        };
        let limited = named(
            "remaining-limited",
            KeyLimits {
                calls_per_second: Some(1.0),
                call_burst: Some(5),
                recipients_per_hour: Some(100),
                recipients_per_day: Some(1000),
                ..Default::default()
            },
        );
        let free = named("remaining-free", KeyLimits::default());
        guard.admit_call(&limited, Instant::now()).unwrap();
        let _ = guard
            .charge(&limited, 30, chrono::Utc::now().timestamp_millis())
            .unwrap();
        guard.record_remaining([&limited, &free]);
        let gauge = |key: &str, limit| {
            metrics()
                .callers
                .guard_remaining
                .get(&GuardLabels {
                    key: key.to_owned(),
                    limit,
                })
                .map(|gauge| gauge.get())
        };
        // One call taken from the burst of 5 (a refill by the time of the reading is at most 1).
        assert!(matches!(
            gauge("remaining-limited", CALLS_LIMIT),
            Some(4 | 5)
        ));
        assert_eq!(gauge("remaining-limited", "recipients_per_hour"), Some(70));
        assert_eq!(gauge("remaining-limited", "recipients_per_day"), Some(970));
        assert_eq!(gauge("remaining-free", CALLS_LIMIT), None);
        // A key no longer in the key file loses its series.
        guard.record_remaining([&free]);
        assert_eq!(gauge("remaining-limited", "recipients_per_hour"), None);
    }

    #[test]
    fn restored_charges_count() {
        let guard = Guard::new();
        let k = caller(KeyLimits {
            recipients_per_day: Some(10),
            ..Default::default()
        });
        let now = 1_700_000_000_000i64;
        guard.restore(
            [
                ("k".to_owned(), now - 3_600_000, 7),
                ("k".to_owned(), now - 90_000_000, 100), // older than a day
                ("other".to_owned(), now, 100),
            ],
            now,
        );
        assert!(guard.charge(&k, 4, now).is_err());
        let _ = guard.charge(&k, 3, now).unwrap();
    }
}
