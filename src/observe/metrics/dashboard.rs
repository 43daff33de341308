//! The dashboard: sign-ins and open sessions (its event streams are watch streams, counted with
//! them).

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;

use super::Families;

/// How a sign-in ended.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct SignInLabels {
    /// `ok`, `unknown_key`, `permission_denied` or `malformed`.
    pub outcome: &'static str,
}

/// Sign-ins and sessions.
#[derive(Debug, Default)]
pub struct DashboardMetrics {
    /// Sign-ins, by outcome.
    pub sign_ins: Family<SignInLabels, Counter>,
    /// Sessions open (expired ones leave when next looked at, or when a sign-in needs room).
    pub sessions: Gauge,
}

impl DashboardMetrics {
    pub(super) fn register(registry: &mut Families<'_>) -> Self {
        let metrics = Self::default();
        registry.register(
            "dashboard_sign_ins",
            "Sign-ins to the dashboard, by outcome",
            metrics.sign_ins.clone(),
        );
        registry.register(
            "dashboard_sessions",
            "Dashboard sessions open",
            metrics.sessions.clone(),
        );
        metrics
    }
}
