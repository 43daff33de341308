//! Health as two questions. Liveness: does the process serve? (an orchestrator restarts it when
//! not). Readiness: should traffic come here? (the platform answers, the event store takes
//! writes, and the gateway is not shutting down; a load balancer routes around it when not).
//! A platform outage makes the gateway unready, never dead: restarting it would not help.
//!
//! Both are published as `grpc.health.v1` services and over HTTP (`endpoint`):
//! [`LIVENESS_SERVICE`] for liveness; [`READINESS_SERVICE`], the empty name (what load
//! balancers ask by default) and each platform service's name for readiness.

use std::sync::{Arc, Mutex};

use tonic_health::server::HealthReporter;
use tonic_health::ServingStatus;

use super::metrics::metrics;

/// The `grpc.health.v1` service name of liveness: SERVING while the process serves.
pub const LIVENESS_SERVICE: &str = "liveness";
/// The `grpc.health.v1` service name of readiness (the empty name means the same).
pub const READINESS_SERVICE: &str = "readiness";

/// Why the gateway is not ready, as `/readyz` and the log say it: fixed texts (a store's error
/// may name servers or paths, which go to the log only).
pub const PLATFORM_UNREACHABLE: &str = "the platform does not answer";
/// See [`PLATFORM_UNREACHABLE`].
pub const STORE_NOT_WRITABLE: &str = "the event store does not take writes";
/// See [`PLATFORM_UNREACHABLE`].
pub const NOT_PROBED: &str = "not probed yet";
/// See [`PLATFORM_UNREACHABLE`].
pub const SHUTTING_DOWN: &str = "shutting down";

/// The gateway's health, shared by the probes that set it and the endpoints that report it.
#[derive(Debug, Clone)]
pub struct Health {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    reporter: HealthReporter,
    /// Names readiness is published under besides [`READINESS_SERVICE`] and "".
    services: Vec<&'static str>,
    state: Mutex<State>,
}

#[derive(Debug, Default, Clone, Copy)]
struct State {
    /// None until the first probe.
    platform: Option<bool>,
    /// None until the first probe.
    store: Option<bool>,
    stopping: bool,
    /// What the gRPC health service says now, so it is told only of changes.
    published: Option<bool>,
}

impl State {
    fn not_ready(&self) -> Vec<&'static str> {
        let mut reasons = Vec::new();
        if self.stopping {
            reasons.push(SHUTTING_DOWN);
        }
        match self.platform {
            None => reasons.push(NOT_PROBED),
            Some(false) => reasons.push(PLATFORM_UNREACHABLE),
            Some(true) => {}
        }
        match self.store {
            None if self.platform.is_some() => reasons.push(NOT_PROBED),
            Some(false) => reasons.push(STORE_NOT_WRITABLE),
            _ => {}
        }
        reasons
    }
}

impl Health {
    /// Health published through `reporter`: live, and not ready until both probes reported.
    /// Readiness is also published under each of `services`.
    pub async fn new(reporter: HealthReporter, services: &[&'static str]) -> Self {
        reporter
            .set_service_status(LIVENESS_SERVICE, ServingStatus::Serving)
            .await;
        let health = Self {
            inner: Arc::new(Inner {
                reporter,
                services: services.to_vec(),
                state: Mutex::new(State::default()),
            }),
        };
        health.publish().await;
        health
    }

    /// The platform probe's outcome.
    pub async fn set_platform(&self, reachable: bool) {
        metrics().health.platform_reachable.set(reachable.into());
        self.update(|state| state.platform = Some(reachable)).await;
    }

    /// The store probe's outcome.
    pub async fn set_store(&self, writable: bool) {
        metrics().health.store_writable.set(writable.into());
        self.update(|state| state.store = Some(writable)).await;
    }

    /// Shutting down: not ready from now on, so load balancers drain this gateway while its
    /// calls finish; still live.
    pub async fn stopping(&self) {
        self.update(|state| state.stopping = true).await;
    }

    /// Whether the process serves: true until it exits.
    pub fn live(&self) -> bool {
        true
    }

    /// Why the gateway is not ready; empty when it is.
    pub fn not_ready(&self) -> Vec<&'static str> {
        self.state().not_ready()
    }

    fn state(&self) -> State {
        *self.inner.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    async fn update(&self, change: impl FnOnce(&mut State)) {
        {
            let mut state = self.inner.state.lock().unwrap_or_else(|e| e.into_inner());
            change(&mut state);
        }
        self.publish().await;
    }

    /// Tells the gRPC health service when readiness changed.
    async fn publish(&self) {
        let reasons = self.not_ready();
        let ready = reasons.is_empty();
        {
            let mut state = self.inner.state.lock().unwrap_or_else(|e| e.into_inner());
            if state.published == Some(ready) {
                return;
            }
            state.published = Some(ready);
        }
        metrics().health.ready.set(ready.into());
        if ready {
            tracing::info!("ready: serving");
        } else {
            tracing::warn!(
                reasons = reasons.join("; "),
                "not ready: health is NOT_SERVING"
            );
        }
        let status = if ready {
            ServingStatus::Serving
        } else {
            ServingStatus::NotServing
        };
        let names = ["", READINESS_SERVICE]
            .into_iter()
            .chain(self.inner.services.iter().copied());
        for service in names {
            self.inner
                .reporter
                .set_service_status(service, status)
                .await;
        }
    }
}
