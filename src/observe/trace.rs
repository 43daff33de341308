//! Logs and traces: the process's one `tracing` subscriber, writing log lines as text (today's
//! look) or JSON lines that carry the fields of every span they happen in (caller, RPC, request
//! id, trace id, platform path), and, when an OTLP endpoint is given, exporting the spans over
//! OTLP/gRPC in batches. Trace context crosses the process in W3C `traceparent` headers: taken
//! from a caller's request by the RPC layer, given to the platform's by the client.
//!
//! Spans of the gateway's own at info level are always made, whatever `RUST_LOG` says: a warning
//! logged inside an RPC then still says whose call it was, and the exporter sees every RPC.

use std::str::FromStr;

use http::{HeaderMap, HeaderName, HeaderValue};
use opentelemetry::propagation::{Extractor, Injector, TextMapPropagator};
use opentelemetry::trace::{TraceContextExt, TracerProvider as _};
use opentelemetry_otlp::{WithExportConfig, WithTonicConfig};
use opentelemetry_sdk::propagation::TraceContextPropagator;
use opentelemetry_sdk::trace::{Sampler, SdkTracerProvider};
use opentelemetry_sdk::Resource;
use tracing::Span;
use tracing_opentelemetry::OpenTelemetrySpanExt;
use tracing_subscriber::filter::{filter_fn, EnvFilter, FilterExt, Targets};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::Layer;

mod fields;

/// The `service.name` spans carry unless `OTEL_SERVICE_NAME` says otherwise.
pub const SERVICE_NAME: &str = "wadispatch-gateway";
/// The environment variable OpenTelemetry reads the service's name from.
const SERVICE_NAME_ENV: &str = "OTEL_SERVICE_NAME";
/// Whose spans are exported and always made: the gateway's own (not its libraries', nor the
/// exporter's, whose own calls must not be traced in turn).
const OWN_TARGET: &str = "wadispatch_gateway";
/// Default share of new traces sampled (`--trace-sample-ratio`).
pub const DEFAULT_SAMPLE_RATIO: f64 = 1.0;

/// How log lines are written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum LogFormat {
    /// Human-readable lines, with the fields of the spans they happen in.
    #[default]
    Text,
    /// One JSON object per line: the event's fields at the top, every span it happens in under
    /// `spans`.
    Json,
}

impl FromStr for LogFormat {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        match text.trim().to_ascii_lowercase().as_str() {
            "text" => Ok(Self::Text),
            "json" => Ok(Self::Json),
            _ => Err(format!("expected text or json, got {text:?}")),
        }
    }
}

/// Where and how spans are exported (built from the flags by `config::ObserveArgs`).
#[derive(Debug, Clone, PartialEq)]
pub struct OtlpSettings {
    /// The OTLP/gRPC collector, e.g. `http://127.0.0.1:4317`.
    pub endpoint: String,
    /// Share of new traces sampled, 0 to 1; a caller's sampling decision is followed.
    pub sample_ratio: f64,
}

/// What logging and tracing need to finish: the exporter's last batch.
#[derive(Debug, Default)]
pub struct Telemetry {
    provider: Option<SdkTracerProvider>,
}

impl Telemetry {
    /// Exports the spans still batched and stops the exporter; call before the runtime ends.
    pub fn shutdown(self) {
        if let Some(provider) = self.provider {
            if let Err(error) = provider.shutdown() {
                tracing::warn!(%error, "the last spans could not be exported");
            }
        }
    }
}

/// Installs the process's subscriber: log lines in `format`, filtered by `RUST_LOG` (default
/// `info`), and the spans exported to `otlp` if given. The exporter's client needs a Tokio
/// runtime: call from within one (`Runtime::enter`). Fails if a subscriber is installed already
/// or the endpoint is not a URL the exporter takes.
pub fn init(format: LogFormat, otlp: Option<&OtlpSettings>) -> Result<Telemetry, String> {
    let logs = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    // The gateway's spans reach the log layer even when RUST_LOG leaves them out, so that the
    // lines RUST_LOG lets through carry them.
    let own_spans = filter_fn(|meta| {
        meta.is_span()
            && meta.target().starts_with(OWN_TARGET)
            && *meta.level() <= tracing::Level::INFO
    })
    // Without it the level every disabled `debug!` is checked against would be TRACE.
    .with_max_level_hint(tracing::Level::INFO);
    let logs = logs.or(own_spans);
    let fmt = match format {
        // Colours only for a person at a terminal (and not under NO_COLOR): escape codes in a
        // file or a collector's pipe are noise, and each costs formatting per span field.
        LogFormat::Text => tracing_subscriber::fmt::layer()
            .fmt_fields(fields::TextFields)
            .with_ansi(colours())
            .with_filter(logs)
            .boxed(),
        LogFormat::Json => tracing_subscriber::fmt::layer()
            .json()
            .flatten_event(true)
            .with_current_span(false)
            .with_span_list(true)
            .with_filter(logs)
            .boxed(),
    };
    let (provider, export) = match otlp {
        None => (None, None),
        Some(otlp) => {
            let provider = provider(otlp)?;
            let layer = tracing_opentelemetry::layer()
                .with_tracer(provider.tracer(SERVICE_NAME))
                // The span's source location, thread and idle time: nothing an operator
                // reads, each a cost per span.
                .with_location(false)
                .with_target(false)
                .with_threads(false)
                .with_tracked_inactivity(false)
                .with_filter(Targets::new().with_target(OWN_TARGET, tracing::Level::INFO));
            (Some(provider), Some(layer))
        }
    };
    tracing_subscriber::registry()
        .with(fmt)
        .with(export)
        .try_init()
        .map_err(|e| format!("cannot install the log subscriber: {e}"))?;
    if let Some(otlp) = otlp {
        if exposed_in_clear(&otlp.endpoint) {
            tracing::warn!(
                endpoint = %otlp.endpoint,
                "spans are exported over plain http beyond loopback: callers' names, request ids \
                 and platform paths cross the network in clear. Use an https:// endpoint."
            );
        }
        tracing::info!(endpoint = %otlp.endpoint, sample_ratio = otlp.sample_ratio, "exporting spans over OTLP/gRPC");
    }
    Ok(Telemetry { provider })
}

/// Whether text log lines are coloured: stderr is a terminal and `NO_COLOR` is not set.
fn colours() -> bool {
    use std::io::IsTerminal;
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// The tracer provider: batch export over OTLP/gRPC, parent-based sampling, the service's name.
fn provider(otlp: &OtlpSettings) -> Result<SdkTracerProvider, String> {
    let mut exporter = opentelemetry_otlp::SpanExporter::builder()
        .with_tonic()
        .with_endpoint(otlp.endpoint.clone());
    if otlp.endpoint.starts_with("https://") {
        // The system's trust anchors; without them no certificate verifies.
        exporter =
            exporter.with_tls_config(tonic::transport::ClientTlsConfig::new().with_native_roots());
    }
    let exporter = exporter
        .build()
        .map_err(|e| format!("cannot export spans to {}: {e}", otlp.endpoint))?;
    // The resource's defaults read OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES.
    let mut resource = Resource::builder();
    if std::env::var_os(SERVICE_NAME_ENV).is_none() {
        resource = resource.with_service_name(SERVICE_NAME);
    }
    Ok(SdkTracerProvider::builder()
        .with_batch_exporter(exporter)
        .with_sampler(Sampler::ParentBased(Box::new(Sampler::TraceIdRatioBased(
            otlp.sample_ratio,
        ))))
        .with_resource(resource.build())
        .build())
}

/// Whether an endpoint is plain http to a host beyond loopback.
fn exposed_in_clear(endpoint: &str) -> bool {
    let Ok(uri) = endpoint.parse::<http::Uri>() else {
        return false;
    };
    if uri.scheme_str() != Some("http") {
        return false;
    }
    let host = uri.host().unwrap_or_default();
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let loopback = host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    !loopback
}

/// Makes the caller's trace (its `traceparent` and `tracestate` headers) the parent of `span`,
/// and records on it the trace id its log lines carry: the span's own trace when spans are
/// exported, else the caller's. Call before the span is first entered.
pub(crate) fn adopt_remote_parent(span: &Span, headers: &HeaderMap) {
    let remote = headers
        .contains_key("traceparent")
        .then(|| TraceContextPropagator::new().extract(&HeaderExtractor(headers)));
    if let Some(remote) = &remote {
        // Fails only when spans are not exported: the caller's trace id is logged below.
        let _ = span.set_parent(remote.clone());
    }
    let own = span.context();
    let trace_id = [Some(&own), remote.as_ref()]
        .into_iter()
        .flatten()
        .map(|cx| cx.span().span_context().trace_id())
        .find(|id| *id != opentelemetry::trace::TraceId::INVALID);
    if let Some(trace_id) = trace_id {
        span.record("trace_id", tracing::field::display(trace_id));
    }
}

/// Writes the current span's trace context into `headers` as `traceparent` (and `tracestate`),
/// for the platform's side of the trace. Writes nothing when spans are not exported.
pub fn inject_current_context(headers: &mut HeaderMap) {
    let cx = Span::current().context();
    if cx.span().span_context().is_valid() {
        TraceContextPropagator::new().inject_context(&cx, &mut HeaderInjector(headers));
    }
}

struct HeaderExtractor<'a>(&'a HeaderMap);

impl Extractor for HeaderExtractor<'_> {
    fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).and_then(|value| value.to_str().ok())
    }

    fn keys(&self) -> Vec<&str> {
        self.0.keys().map(HeaderName::as_str).collect()
    }
}

struct HeaderInjector<'a>(&'a mut HeaderMap);

impl Injector for HeaderInjector<'_> {
    fn set(&mut self, key: &str, value: String) {
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(key.as_bytes()),
            HeaderValue::from_str(&value),
        ) {
            self.0.insert(name, value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_formats() {
        assert_eq!("json".parse(), Ok(LogFormat::Json));
        assert_eq!(" Text ".parse(), Ok(LogFormat::Text));
        assert!("yaml".parse::<LogFormat>().is_err());
    }

    #[test]
    fn plain_http_beyond_loopback_is_exposed() {
        assert!(exposed_in_clear("http://collector.internal:4317"));
        assert!(exposed_in_clear("http://10.0.0.5:4317"));
        assert!(!exposed_in_clear("http://127.0.0.1:4317"));
        assert!(!exposed_in_clear("http://localhost:4317"));
        assert!(!exposed_in_clear("http://[::1]:4317"));
        assert!(!exposed_in_clear("https://collector.internal:4317"));
    }

    #[test]
    fn a_callers_trace_id_is_read_from_its_traceparent() {
        let mut headers = HeaderMap::new();
        headers.insert(
            "traceparent",
            HeaderValue::from_static("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
        );
        let cx = TraceContextPropagator::new().extract(&HeaderExtractor(&headers));
        let span = cx.span();
        let context = span.span_context();
        assert!(context.is_remote());
        assert_eq!(
            context.trace_id().to_string(),
            "4bf92f3577b34da6a3ce929d0e0e4736"
        );
        let mut out = HeaderMap::new();
        TraceContextPropagator::new().inject_context(&cx, &mut HeaderInjector(&mut out));
        assert_eq!(out["traceparent"], headers["traceparent"]);
    }
}
