//! The connections one listener holds: what each is doing, and which one gives way when the
//! listener is at its cap.
//!
//! A connection is *busy* while one of its requests has been received whole and is being
//! answered (a unary call in progress, an open watch stream). Every other connection is
//! *evictable*: one that is idle, that has not sent a whole request yet (a silent socket, a
//! half-sent header, an HTTP/2 preface alone), or whose request body is still trickling in. At
//! the cap, a newcomer closes the oldest evictable connection, so a flood of idle or slow
//! connections only ever displaces its own kind and never a watch stream or a call in flight.
//!
//! A connection younger than the eviction grace is not evicted yet: it has had no time to send
//! its request. While every evictable connection is that young, the accept loop waits (see
//! `wait_for_room`) and newcomers queue in the kernel's accept backlog, in arrival order, instead
//! of being accepted and evicted by the next one: a flood that reconnects as fast as it is closed
//! then cannot evict a well-behaved client before its request is in.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, AtomicU8, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use tokio::sync::Notify;

/// `head_since_ms` when no byte of a next request has arrived.
const NOT_STARTED: u64 = u64::MAX;

/// One accepted connection, shared by its task, its requests and the registry.
#[derive(Debug)]
pub(crate) struct Conn {
    id: u64,
    opened: Instant,
    /// Requests started on this connection, ever.
    requests: AtomicU64,
    /// Requests started and not yet answered in full.
    active: AtomicU32,
    /// Requests received in full and not yet answered in full: these make the connection busy.
    answering: AtomicU32,
    /// When `active` last fell to zero, in ms after `opened`.
    idle_since_ms: AtomicU64,
    /// When the first byte of a next HTTP/1 request arrived on an idle connection, in ms after
    /// `opened`; `NOT_STARTED` when none has.
    head_since_ms: AtomicU64,
    /// Set (under the registry's lock) when the connection is evicted or force-closed.
    closing: AtomicBool,
    /// Wakes the connection's task to close at once.
    close: Notify,
    /// Wakes the connection's watchdog: the connection became idle, or a next request began.
    changed: Notify,
}

/// What the watchdog of a connection does next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Close the socket now: the client is too slow to send its request (headers).
    Close,
    /// Ask the client to go away (HTTP/2 GOAWAY, or closing an idle HTTP/1 connection).
    GoAway,
    /// Nothing to do before this time; `None`: until a request ends or begins.
    Wait(Option<Instant>),
}

/// The time limits a watchdog enforces.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Timeouts {
    /// From opening to the first request's headers, and (HTTP/1) from a request's first byte to
    /// its last header byte.
    pub header: Duration,
    /// From the end of the last request to the next one.
    pub idle: Duration,
}

impl Conn {
    pub(super) fn new(id: u64) -> Self {
        Self {
            id,
            opened: Instant::now(),
            requests: AtomicU64::new(0),
            active: AtomicU32::new(0),
            answering: AtomicU32::new(0),
            idle_since_ms: AtomicU64::new(0),
            head_since_ms: AtomicU64::new(NOT_STARTED),
            closing: AtomicBool::new(false),
            close: Notify::new(),
            changed: Notify::new(),
        }
    }

    pub(crate) fn opened(&self) -> Instant {
        self.opened
    }

    fn now_ms(&self) -> u64 {
        u64::try_from(self.opened.elapsed().as_millis()).unwrap_or(u64::MAX - 1)
    }

    fn at_ms(&self, ms: u64) -> Instant {
        self.opened + Duration::from_millis(ms)
    }

    /// A request's headers arrived: it is in flight until its answer ends.
    pub(crate) fn request_started(self: &Arc<Self>) -> Request {
        self.requests.fetch_add(1, Ordering::Relaxed);
        self.active.fetch_add(1, Ordering::AcqRel);
        self.head_since_ms.store(NOT_STARTED, Ordering::Relaxed);
        Request {
            conn: self.clone(),
            stage: AtomicU8::new(RECEIVING),
        }
    }

    /// Bytes arrived from the client. On an idle HTTP/1 connection they start the next request's
    /// head, whose header timeout runs from now.
    pub(crate) fn bytes_read(&self) {
        if self.active.load(Ordering::Acquire) == 0
            && self.head_since_ms.load(Ordering::Relaxed) == NOT_STARTED
            && self
                .head_since_ms
                .compare_exchange(
                    NOT_STARTED,
                    self.now_ms(),
                    Ordering::Relaxed,
                    Ordering::Relaxed,
                )
                .is_ok()
        {
            self.changed.notify_one();
        }
    }

    /// Whether a newcomer may close this connection: no request of it is being answered.
    fn evictable(&self) -> bool {
        !self.closing.load(Ordering::Acquire) && self.answering.load(Ordering::Acquire) == 0
    }

    /// When a newcomer may close this connection: once it is evictable and `grace` old.
    fn evictable_from(&self, grace: Duration) -> Option<Instant> {
        self.evictable().then(|| self.opened + grace)
    }

    /// Completes when the connection must close at once (evicted, or shutdown grace over).
    pub(crate) async fn closed(&self) {
        self.close.notified().await;
    }

    /// Completes when the watchdog should look again.
    pub(crate) async fn changed(&self) {
        self.changed.notified().await;
    }

    /// What the watchdog does now.
    pub(crate) fn verdict(&self, timeouts: &Timeouts) -> Verdict {
        let now = self.now_ms();
        let ms = |d: Duration| u64::try_from(d.as_millis()).unwrap_or(u64::MAX / 2);
        if self.active.load(Ordering::Acquire) > 0 {
            return Verdict::Wait(None);
        }
        let (deadline, verdict) = if self.requests.load(Ordering::Relaxed) == 0 {
            (ms(timeouts.header), Verdict::Close)
        } else {
            match self.head_since_ms.load(Ordering::Relaxed) {
                // Only HTTP/1 connections report bytes of a next request (see `ReadTracking`).
                head if head != NOT_STARTED => {
                    (head.saturating_add(ms(timeouts.header)), Verdict::Close)
                }
                _ => (
                    self.idle_since_ms
                        .load(Ordering::Relaxed)
                        .saturating_add(ms(timeouts.idle)),
                    Verdict::GoAway,
                ),
            }
        };
        if now >= deadline {
            verdict
        } else {
            Verdict::Wait(Some(self.at_ms(deadline)))
        }
    }

    /// Whether no request is in flight.
    pub(crate) fn is_idle(&self) -> bool {
        self.active.load(Ordering::Acquire) == 0
    }
}

const RECEIVING: u8 = 0;
const ANSWERING: u8 = 1;
const DONE: u8 = 2;

/// One request on a connection, from its headers to the end of its answer.
#[derive(Debug)]
pub(crate) struct Request {
    conn: Arc<Conn>,
    stage: AtomicU8,
}

impl Request {
    /// The request's body has been read to its end: answering it makes the connection busy.
    pub(crate) fn received(&self) {
        if self
            .stage
            .compare_exchange(RECEIVING, ANSWERING, Ordering::AcqRel, Ordering::Acquire)
            .is_ok()
        {
            self.conn.answering.fetch_add(1, Ordering::AcqRel);
        }
    }

    /// The answer ended (sent in full, failed, or dropped with its stream).
    pub(crate) fn finished(&self) {
        let was = self.stage.swap(DONE, Ordering::AcqRel);
        if was == DONE {
            return;
        }
        if was == ANSWERING {
            self.conn.answering.fetch_sub(1, Ordering::AcqRel);
        }
        if self.conn.active.fetch_sub(1, Ordering::AcqRel) == 1 {
            self.conn
                .idle_since_ms
                .store(self.conn.now_ms(), Ordering::Relaxed);
            self.conn.changed.notify_one();
        }
    }
}

impl Drop for Request {
    fn drop(&mut self) {
        self.finished();
    }
}

/// The connections of one listener, in the order they were opened.
#[derive(Debug)]
pub(crate) struct Registry {
    cap: usize,
    /// How long a new connection is safe from eviction.
    grace: Duration,
    inner: Mutex<Inner>,
    /// Sockets held: registered connections, including evicted ones not yet closed.
    open: AtomicUsize,
    /// Signalled whenever a connection's socket is closed.
    closed: Notify,
    evictions: AtomicU64,
}

#[derive(Debug, Default)]
struct Inner {
    next_id: u64,
    conns: BTreeMap<u64, Arc<Conn>>,
    /// Registered connections not evicted or force-closed: what the cap counts.
    live: usize,
}

/// A connection's place in its registry, released when its task ends.
#[derive(Debug)]
pub(crate) struct Registered {
    registry: Arc<Registry>,
    pub(crate) conn: Arc<Conn>,
}

impl Drop for Registered {
    fn drop(&mut self) {
        {
            let mut inner = self.registry.lock();
            inner.conns.remove(&self.conn.id);
            if !self.conn.closing.load(Ordering::Acquire) {
                inner.live -= 1;
            }
        }
        self.registry.open.fetch_sub(1, Ordering::AcqRel);
        self.registry.closed.notify_waiters();
    }
}

impl Registry {
    pub(crate) fn new(cap: usize, grace: Duration) -> Arc<Self> {
        Arc::new(Self {
            cap: cap.max(1),
            grace,
            inner: Mutex::default(),
            open: AtomicUsize::new(0),
            closed: Notify::new(),
            evictions: AtomicU64::new(0),
        })
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // The lock guards plain bookkeeping that no panic leaves half-done.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Registers a new connection. At the cap, the oldest evictable connection is closed to make
    /// room; `None` when every connection is busy (the newcomer is then turned away).
    pub(crate) fn admit(self: &Arc<Self>) -> Option<Registered> {
        let mut inner = self.lock();
        if inner.live >= self.cap && !self.evict_oldest(&mut inner) {
            return None;
        }
        let id = inner.next_id;
        inner.next_id += 1;
        let conn = Arc::new(Conn::new(id));
        inner.conns.insert(id, conn.clone());
        inner.live += 1;
        self.open.fetch_add(1, Ordering::AcqRel);
        Some(Registered {
            registry: self.clone(),
            conn,
        })
    }

    /// Closes the oldest evictable connection, if there is one (when descriptors run out).
    pub(crate) fn evict_one(&self) -> bool {
        let mut inner = self.lock();
        self.evict_oldest(&mut inner)
    }

    fn evict_oldest(&self, inner: &mut Inner) -> bool {
        let now = Instant::now();
        let victim = inner
            .conns
            .values()
            .find(|c| c.evictable_from(self.grace).is_some_and(|from| from <= now))
            .cloned();
        match victim {
            Some(victim) => {
                Self::close(inner, &victim);
                self.evictions.fetch_add(1, Ordering::Relaxed);
                true
            }
            None => false,
        }
    }

    fn close(inner: &mut Inner, conn: &Conn) {
        if !conn.closing.swap(true, Ordering::AcqRel) {
            inner.live -= 1;
            conn.close.notify_one();
        }
    }

    /// Closes every connection at once (the shutdown grace is over).
    pub(crate) fn close_all(&self) {
        let mut inner = self.lock();
        let conns: Vec<Arc<Conn>> = inner.conns.values().cloned().collect();
        for conn in conns {
            Self::close(&mut inner, &conn);
        }
    }

    /// Sockets held now, evicted ones not yet closed included.
    pub(crate) fn open(&self) -> usize {
        self.open.load(Ordering::Acquire)
    }

    /// Connections evicted so far.
    pub(crate) fn evictions(&self) -> u64 {
        self.evictions.load(Ordering::Relaxed)
    }

    pub(crate) fn cap(&self) -> usize {
        self.cap
    }

    /// Waits while a newcomer would only find connections too young to evict: returns once there
    /// is a free place, an evictable connection past its grace, or none evictable at all (every
    /// connection is answering a request; the newcomer is then turned away at once).
    pub(crate) async fn wait_for_room(&self) {
        loop {
            let notified = self.closed.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            let youngest_wait = {
                let inner = self.lock();
                if inner.live < self.cap {
                    return;
                }
                // The oldest evictable connection is the first to come of age.
                match inner
                    .conns
                    .values()
                    .find_map(|c| c.evictable_from(self.grace))
                {
                    Some(from) if from > Instant::now() => from,
                    _ => return,
                }
            };
            tokio::select! {
                () = tokio::time::sleep_until(youngest_wait.into()) => {}
                () = notified => {}
            }
        }
    }

    /// Waits until fewer than `limit` sockets are held.
    pub(crate) async fn wait_below(&self, limit: usize) {
        loop {
            let notified = self.closed.notified();
            tokio::pin!(notified);
            // Registered before the check, so a close in between is not missed.
            notified.as_mut().enable();
            if self.open() < limit {
                return;
            }
            notified.await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn timeouts() -> Timeouts {
        Timeouts {
            header: Duration::from_secs(10),
            idle: Duration::from_secs(60),
        }
    }

    #[tokio::test]
    async fn at_the_cap_the_oldest_evictable_connection_gives_way() {
        let registry = Registry::new(3, Duration::ZERO);
        let watch = registry.admit().unwrap();
        let idle = registry.admit().unwrap();
        let slow = registry.admit().unwrap();
        // The first connection answers a request received whole (a watch stream).
        let stream = watch.conn.request_started();
        stream.received();
        // The third has sent headers but its body is still arriving.
        let _upload = slow.conn.request_started();

        let newcomer = registry.admit().expect("room is made");
        assert!(
            idle.conn.closing.load(Ordering::Acquire),
            "oldest evictable"
        );
        assert!(!watch.conn.closing.load(Ordering::Acquire), "busy: kept");
        assert_eq!(registry.evictions(), 1);
        // The evicted connection's socket still counts until its task drops it.
        assert_eq!(registry.open(), 4);
        drop(idle);
        assert_eq!(registry.open(), 3);

        let next = registry.admit().expect("the slow upload gives way");
        assert!(slow.conn.closing.load(Ordering::Acquire));
        drop(slow);
        // The watch and two newcomers that are idle: the oldest newcomer goes next.
        let _last = registry.admit().unwrap();
        assert!(newcomer.conn.closing.load(Ordering::Acquire));
        assert!(!next.conn.closing.load(Ordering::Acquire));
        assert!(!watch.conn.closing.load(Ordering::Acquire));
    }

    #[tokio::test]
    async fn a_connection_within_its_grace_is_not_evicted_and_the_newcomer_waits_for_it() {
        let registry = Registry::new(1, Duration::from_millis(200));
        let young = registry.admit().unwrap();
        assert!(
            registry.admit().is_none(),
            "a newcomer cannot evict a connection that had no time to send its request"
        );
        assert_eq!(registry.evictions(), 0);
        tokio::time::timeout(Duration::from_secs(30), registry.wait_for_room())
            .await
            .expect("room once the grace has passed");
        let newcomer = registry.admit().expect("the young connection came of age");
        assert_eq!(registry.evictions(), 1);
        assert!(young.conn.closing.load(Ordering::Acquire));
        drop(newcomer);
    }

    #[tokio::test]
    async fn when_every_connection_is_busy_the_newcomer_is_turned_away() {
        let registry = Registry::new(1, Duration::ZERO);
        let busy = registry.admit().unwrap();
        let call = busy.conn.request_started();
        call.received();
        assert!(registry.admit().is_none());
        drop(call);
        assert!(registry.admit().is_some(), "idle again once answered");
    }

    #[tokio::test]
    async fn a_finished_or_cancelled_request_leaves_the_connection_idle() {
        let registry = Registry::new(4, Duration::ZERO);
        let conn = registry.admit().unwrap().conn.clone();
        let request = conn.request_started();
        request.received();
        assert!(!conn.evictable() && !conn.is_idle());
        request.finished();
        assert!(conn.evictable() && conn.is_idle());
        drop(request); // finishing twice counts once
        assert!(conn.is_idle());
        // Dropped before its body arrived (stream reset): idle too.
        drop(conn.request_started());
        assert!(conn.is_idle() && conn.evictable());
    }

    #[tokio::test]
    async fn close_all_closes_every_connection_once() {
        let registry = Registry::new(2, Duration::ZERO);
        let a = registry.admit().unwrap();
        let b = registry.admit().unwrap();
        registry.close_all();
        registry.close_all();
        assert!(a.conn.closing.load(Ordering::Acquire));
        assert!(b.conn.closing.load(Ordering::Acquire));
        drop((a, b));
        assert_eq!(registry.open(), 0);
        assert_eq!(registry.lock().live, 0);
    }

    #[test]
    fn the_watchdog_applies_the_header_then_the_idle_timeout() {
        let conn = Arc::new(Conn::new(0));
        // A new connection has the header timeout to start a request.
        let Verdict::Wait(Some(at)) = conn.verdict(&timeouts()) else {
            panic!("a deadline")
        };
        assert_eq!(at, conn.opened + Duration::from_secs(10));
        // Past it: closed.
        let short = Timeouts {
            header: Duration::ZERO,
            ..timeouts()
        };
        assert_eq!(conn.verdict(&short), Verdict::Close);

        // A request in flight: no deadline at all (a watch stream may last for days).
        let request = conn.request_started();
        assert_eq!(conn.verdict(&short), Verdict::Wait(None));
        drop(request);
        // Idle after a request: the idle timeout, then GOAWAY.
        let Verdict::Wait(Some(at)) = conn.verdict(&timeouts()) else {
            panic!("a deadline")
        };
        assert!(at >= conn.opened + Duration::from_secs(60));
        let no_idle = Timeouts {
            idle: Duration::ZERO,
            ..timeouts()
        };
        assert_eq!(conn.verdict(&no_idle), Verdict::GoAway);

        // HTTP/1: bytes of a next request start its header timeout (HTTP/2 connections report
        // none: see `ReadTracking`).
        conn.bytes_read();
        let Verdict::Wait(Some(at)) = conn.verdict(&timeouts()) else {
            panic!("a deadline")
        };
        assert!(at < conn.opened + Duration::from_secs(60));
        assert_eq!(conn.verdict(&short), Verdict::Close);
    }
}
