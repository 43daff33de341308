//! The one HTTP client for the platform: builds the request from a route and a wire value,
//! bounds it by the caller's deadline, retries read-only calls that fail to connect, unwraps the
//! `{code, message, data}` envelope and classifies every failure.
//!
//! Everything the platform can grow is bounded here: calls under way at once (a semaphore; the
//! wait for a slot counts against the call's deadline), idle pooled connections, the size of an
//! answer (read up to `--upstream-max-response-bytes`, the connection dropped past it), and the
//! platform text carried into error messages.
//!
//! Every call is measured per route (`wadispatch_platform_*` metrics) and traced: a client span
//! per call, whose context travels to the platform in a `traceparent` header.

pub mod routes;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::header::{self, HeaderMap, HeaderName, HeaderValue};
use http::{StatusCode, Uri};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::{TokioExecutor, TokioTimer};
use pin_project_lite::pin_project;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::histogram::Histogram;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use tokio::sync::{Semaphore, SemaphorePermit};
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::CertificateDer;
use tokio_rustls::rustls::{ClientConfig, RootCertStore};
use tracing::field::Empty;
use tracing::{Instrument, Span};

use crate::observe::metrics::metrics;
use crate::observe::metrics::platform::{OutcomeLabels, RouteLabels};
use crate::wire::{excerpt, lenient};

/// Envelope code of a successful call.
pub const SUCCESS_CODE: i64 = 200;
/// First delay between attempts of a read-only call; doubled per attempt.
const RETRY_BASE_DELAY: Duration = Duration::from_millis(50);
/// How much of an error body is kept for the caller's error details.
const BODY_EXCERPT_LEN: usize = 512;
/// How much of the platform's own error message, or of a decoding error, is kept: they reach
/// the caller in a gRPC status, which travels in a header.
const MESSAGE_EXCERPT_LEN: usize = 512;

/// HTTP method of a platform endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// Parameters go in the query string.
    Get,
    /// Parameters go in a JSON body.
    Post,
}

impl Method {
    /// The method's name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
}

/// One platform endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Route {
    /// GET (query string) or POST (JSON body).
    pub method: Method,
    /// Path below the upstream base URL.
    pub path: &'static str,
    /// Changes nothing on the platform, so a call that failed to connect may be retried.
    pub read_only: bool,
}

/// How the client reaches the platform (built from the flags by `config::UpstreamArgs`).
#[derive(Debug, Clone)]
pub struct UpstreamSettings {
    /// Base URL of the platform's HTTP API (route paths are appended).
    pub url: reqwest::Url,
    /// Static headers sent with every call, as (name, value).
    pub headers: Vec<(String, String)>,
    /// A PEM file of CA certificates trusted for an https:// URL besides the system's.
    pub ca_file: Option<std::path::PathBuf>,
    /// Upper bound of one call; a caller's shorter deadline wins.
    pub timeout: Duration,
    /// Attempts of a read-only call that fails to connect (1 = no retry).
    pub attempts: u32,
    /// What the client may hold.
    pub limits: UpstreamLimits,
}

/// Bounds on what the platform client holds: answers, concurrent calls, pooled connections.
/// `Default` gives the flags' defaults (see `config::UpstreamLimitArgs`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpstreamLimits {
    /// Largest platform answer read, in bytes.
    pub max_response_bytes: usize,
    /// Most platform calls under way at once.
    pub max_in_flight: usize,
    /// Most idle connections kept open for reuse; none: as many as `max_in_flight`.
    pub max_idle_connections: Option<usize>,
    /// How long an idle connection is kept open for reuse.
    pub idle_timeout: Duration,
}

/// Why a platform call failed.
#[derive(Debug, thiserror::Error)]
pub enum UpstreamError {
    /// The platform answered with an envelope whose code is not 200.
    #[error("platform error {code}: {message}")]
    Platform {
        /// The endpoint called.
        route: Route,
        /// The envelope's `code` (never 200 here); e.g. 1001-1004 for QR code errors.
        code: i64,
        /// The envelope's `message`, cut to a bounded length.
        message: String,
        /// The HTTP status the envelope came with (200 mostly; an error status when a proxy or
        /// the platform's front answered with an envelope).
        http_status: u16,
    },
    /// The platform answered with a non-2xx HTTP status and no envelope error.
    #[error("platform answered HTTP {status}")]
    HttpStatus {
        /// The endpoint called.
        route: Route,
        /// The HTTP status code.
        status: u16,
        /// The start of the answer's body, bounded, for the caller's error details.
        body_excerpt: String,
    },
    /// No answer within the caller's deadline or the configured timeout.
    #[error("platform did not answer within {0:?}")]
    Timeout(Duration),
    /// The connection could not be made (refused, unreachable, DNS).
    #[error("cannot connect to the platform: {0}")]
    Connect(String),
    /// The connection broke while the request or response was under way.
    #[error("platform connection failed: {0}")]
    Transport(String),
    /// The answer is not the documented envelope, or its data does not have the documented shape.
    #[error("cannot decode the platform's answer: {detail}")]
    Decode {
        /// The endpoint called.
        route: Route,
        /// What is wrong: no envelope, no code, or the field of `data` at fault with its path;
        /// cut to a bounded length.
        detail: String,
    },
    /// The answer is larger than `--upstream-max-response-bytes`; it was not read past that.
    #[error("the platform's answer exceeds {limit} bytes (--upstream-max-response-bytes)")]
    TooLarge {
        /// The endpoint called.
        route: Route,
        /// The bound in bytes, `--upstream-max-response-bytes`.
        limit: usize,
    },
    /// The call's time ran out before it could be sent (its deadline passed before it started, or
    /// while it waited between attempts); it was not sent.
    #[error("the call's time ({0:?}) ran out before it could be sent; it was not sent")]
    Unsent(Duration),
    /// Every platform call slot stayed taken for the whole of the call's time; it was not sent.
    #[error("no platform call slot freed up within {waited:?}: {max_in_flight} calls were under way (--upstream-max-in-flight); the call was not sent")]
    Saturated {
        /// `--upstream-max-in-flight`: the slots there are.
        max_in_flight: usize,
        /// How long the call waited for a slot: all the time its deadline allowed.
        waited: Duration,
    },
}

/// Envelope codes with which the platform refuses a call before acting on it: a bad request,
/// no authority, nothing to act on, too many calls, and the QR-code errors (1001 quota, 1002
/// no such port, 1003 unsupported type, 1004 no pairing target). Any other code (500 and the
/// undocumented ones) may come after the platform acted.
const REFUSAL_CODES: [i64; 9] = [400, 401, 403, 404, 429, 1001, 1002, 1003, 1004];

impl UpstreamError {
    /// Whether the platform certainly did not act on the call: it never left the gateway, or the
    /// platform refused it (a refusal code with a status below 500, or a 4xx status). Every
    /// other failure (a timeout, a broken connection, a 5xx, an undecodable answer, an unknown
    /// code) may come after the platform acted, so a state-changing call that failed so is
    /// never sent again on its own.
    pub fn nothing_done(&self) -> bool {
        match self {
            UpstreamError::Platform {
                code, http_status, ..
            } => *http_status < 500 && REFUSAL_CODES.contains(code),
            UpstreamError::HttpStatus { status, .. } => *status < 500,
            UpstreamError::Saturated { .. }
            | UpstreamError::Connect(_)
            | UpstreamError::Unsent(_) => true,
            _ => false,
        }
    }
}

/// What every call of one route shares, made once: its full URL, the name of its spans
/// (`POST /group-dispatch-api/...`) and its metrics (the common outcome's counter resolved, so a
/// call costs atomic increments, not lookups of its labels).
#[derive(Debug)]
struct RouteUrl {
    /// The route's URL without a query string.
    url: Uri,
    span_name: String,
    call_seconds: Histogram,
    /// `wadispatch_platform_calls_total` of an answered 200 `ok` call.
    ok: Counter,
}

#[derive(Deserialize)]
struct Envelope {
    #[serde(default, deserialize_with = "lenient::int")]
    code: Option<i64>,
    #[serde(default, deserialize_with = "lenient::string")]
    message: String,
    data: Option<Box<RawValue>>,
}

/// A successful answer's envelope with its data decoded in the same pass. Reading `data` as
/// raw JSON first ([`Envelope`]) and decoding it after scanned every answer twice, a twentieth
/// of a status call's instructions. Whatever this does not take (another code, no data or null,
/// data of another shape, a message that is not text) is read again as an [`Envelope`], which
/// says exactly what is wrong: both readings agree on every answer this one takes.
#[derive(Deserialize)]
struct Answered<T> {
    #[serde(default, deserialize_with = "lenient::int")]
    code: Option<i64>,
    // Read as the envelope reads it, so that a message the envelope refuses fails here too.
    #[serde(default, deserialize_with = "lenient::string", rename = "message")]
    _message: String,
    data: Option<T>,
}

/// The HTTP client: pooled HTTP/1.1 connections, over TLS for an https:// platform, counted as
/// they are opened.
type HttpClient = Client<CountedConnector<HttpsConnector<HttpConnector>>, Full<Bytes>>;

/// The platform's HTTP API.
#[derive(Debug, Clone)]
pub struct Upstream {
    http: HttpClient,
    /// The configured headers of every call, and `accept: */*` unless one is configured.
    headers: HeaderMap,
    /// Base URL without a trailing slash; route paths start with one.
    base_url: String,
    /// Every route's full URL, parsed once: parsing it (host normalisation included) cost more
    /// than the rest of building a request; and its span's name.
    urls: std::sync::Arc<std::collections::HashMap<&'static str, RouteUrl>>,
    timeout: Duration,
    attempts: u32,
    /// One permit per call under way, `--upstream-max-in-flight` in all; shared by clones.
    slots: Arc<Semaphore>,
    max_in_flight: usize,
    max_response_bytes: usize,
}

impl Upstream {
    /// A client for the platform at `settings.url`; fails when a header or a route's URL is
    /// malformed or the HTTP client cannot be built.
    pub fn new(settings: &UpstreamSettings) -> Result<Self, String> {
        let mut headers = HeaderMap::new();
        for (name, value) in &settings.headers {
            let name = HeaderName::from_bytes(name.as_bytes()).map_err(|e| e.to_string())?;
            let value = HeaderValue::from_str(value).map_err(|e| e.to_string())?;
            headers.append(name, value);
        }
        if !headers.contains_key(header::ACCEPT) {
            headers.insert(header::ACCEPT, HeaderValue::from_static("*/*"));
        }
        let mut connector = HttpConnector::new();
        // The TLS layer around it takes https:// URLs.
        connector.enforce_http(false);
        connector.set_nodelay(true);
        connector.set_connect_timeout(Some(settings.timeout));
        let connector = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(tls_config(&settings.url, settings.ca_file.as_deref())?)
            .https_or_http()
            .enable_http1()
            .wrap_connector(connector);
        // Redirects are not followed: a state-changing call answered 3xx is not sent again
        // elsewhere, and its status reaches the caller.
        let http = Client::builder(TokioExecutor::new())
            .pool_timer(TokioTimer::new())
            .pool_idle_timeout(settings.limits.idle_timeout)
            .pool_max_idle_per_host(
                settings
                    .limits
                    .max_idle_connections
                    .unwrap_or(settings.limits.max_in_flight),
            )
            .build(CountedConnector { inner: connector });
        let base_url = settings.url.as_str().trim_end_matches('/').to_owned();
        let urls = routes::ALL
            .iter()
            .map(|route| {
                let url = format!("{base_url}{}", route.path);
                url.parse()
                    .map(|url| {
                        let platform = &metrics().platform;
                        let known = RouteUrl {
                            url,
                            span_name: format!("{} {}", route.method.as_str(), route.path),
                            call_seconds: platform
                                .call_seconds
                                .get_or_create_owned(&RouteLabels { route: route.path }),
                            ok: platform.calls.get_or_create_owned(&OutcomeLabels {
                                route: route.path,
                                http_status: status_label(Some(StatusCode::OK)),
                                outcome: OUTCOME_OK,
                            }),
                        };
                        (route.path, known)
                    })
                    .map_err(|e| format!("bad platform URL {url}: {e}"))
            })
            .collect::<Result<_, _>>()?;
        Ok(Self {
            http,
            headers,
            base_url,
            urls: std::sync::Arc::new(urls),
            timeout: settings.timeout,
            attempts: settings.attempts.max(1),
            slots: Arc::new(Semaphore::new(settings.limits.max_in_flight.max(1))),
            max_in_flight: settings.limits.max_in_flight.max(1),
            max_response_bytes: settings.limits.max_response_bytes,
        })
    }

    /// Platform calls under way now (sending, or reading the answer).
    pub fn in_flight(&self) -> usize {
        self.max_in_flight - self.slots.available_permits()
    }

    /// Most platform calls under way at once (`--upstream-max-in-flight`).
    pub fn max_in_flight(&self) -> usize {
        self.max_in_flight
    }

    /// Base URL of the platform, for the health probe.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Whether the platform answers HTTP at all (any status), for health: the probe goes through
    /// the same pooled client and headers as the calls it stands for.
    pub async fn reachable(&self, timeout: Duration) -> bool {
        let Ok(uri) = self.base_url.parse::<Uri>() else {
            return false;
        };
        let request = self.request(http::Method::GET, uri, Bytes::new(), None);
        tokio::time::timeout(timeout, self.http.request(request))
            .await
            .is_ok_and(|answer| answer.is_ok())
    }

    /// A request with the configured headers; `content_type` with a body.
    fn request(
        &self,
        method: http::Method,
        uri: Uri,
        body: Bytes,
        content_type: Option<HeaderValue>,
    ) -> http::Request<Full<Bytes>> {
        let mut request = http::Request::new(Full::new(body));
        *request.method_mut() = method;
        *request.uri_mut() = uri;
        *request.headers_mut() = self.headers.clone();
        if let Some(content_type) = content_type {
            request
                .headers_mut()
                .insert(header::CONTENT_TYPE, content_type);
        }
        request
    }

    /// Calls `route` with `request` (query string for GET, JSON body for POST) and decodes the
    /// envelope's `data` as `T`. `deadline` is what is left of the caller's gRPC deadline; the
    /// wait for a call slot counts against it. Measured and traced as one call, retries included.
    pub async fn call<R, T>(
        &self,
        route: &Route,
        request: &R,
        deadline: Option<Duration>,
    ) -> Result<T, UpstreamError>
    where
        R: Serialize + ?Sized,
        T: DeserializeOwned,
    {
        let known = self.urls.get(route.path);
        let span_name = known.map_or(route.path, |known| known.span_name.as_str());
        let span = tracing::info_span!(
            "platform",
            otel.name = span_name,
            otel.kind = "client",
            otel.status_code = Empty,
            http.request.method = route.method.as_str(),
            url.path = route.path,
            http.response.status_code = Empty,
            platform.code = Empty,
            outcome = Empty,
        );
        let mut record = CallRecord::start(route.path, known, span.clone());
        let result = self
            .attempts(route, known, request, deadline, &mut record.http_status)
            .instrument(span)
            .await;
        record.end(&result);
        result
    }

    /// The attempts of one call: a read-only call that fails to connect is sent again.
    async fn attempts<R, T>(
        &self,
        route: &Route,
        known: Option<&RouteUrl>,
        request: &R,
        deadline: Option<Duration>,
        http_status: &mut Option<StatusCode>,
    ) -> Result<T, UpstreamError>
    where
        R: Serialize + ?Sized,
        T: DeserializeOwned,
    {
        let budget = deadline.map_or(self.timeout, |d| d.min(self.timeout));
        let started = Instant::now();
        let mut attempt = 1;
        loop {
            // Only a failed connection is retried, so nothing has been sent when time runs out
            // here: the caller learns that, and a state change may then be sent again.
            let remaining = budget.saturating_sub(started.elapsed());
            if remaining.is_zero() {
                return Err(UpstreamError::Unsent(budget));
            }
            let slot = self.slot(remaining).await?;
            let remaining = budget.saturating_sub(started.elapsed());
            if remaining.is_zero() {
                return Err(UpstreamError::Unsent(budget));
            }
            let outcome = self
                .send(route, known, request, remaining, http_status)
                .await;
            // Not held through a retry's backoff.
            drop(slot);
            match outcome {
                Err(UpstreamError::Connect(_)) if route.read_only && attempt < self.attempts => {
                    metrics()
                        .platform
                        .retries
                        .get_or_create(&RouteLabels { route: route.path })
                        .inc();
                    let delay = RETRY_BASE_DELAY * 2u32.saturating_pow(attempt - 1);
                    tokio::time::sleep(delay.min(budget.saturating_sub(started.elapsed()))).await;
                    attempt += 1;
                }
                Err(UpstreamError::Timeout(_)) => return Err(UpstreamError::Timeout(budget)),
                outcome => return outcome,
            }
        }
    }

    /// A call slot, waiting at most `patience` for one to free up.
    async fn slot(&self, patience: Duration) -> Result<SemaphorePermit<'_>, UpstreamError> {
        let saturated = || UpstreamError::Saturated {
            max_in_flight: self.max_in_flight,
            waited: patience,
        };
        if let Ok(permit) = self.slots.try_acquire() {
            return Ok(permit);
        }
        match tokio::time::timeout(patience, self.slots.acquire()).await {
            Ok(Ok(permit)) => Ok(permit),
            // The semaphore is never closed; a closed one would mean no calls at all.
            Ok(Err(_)) | Err(_) => Err(saturated()),
        }
    }

    /// One attempt; `http_status` is set once an answer's status is known.
    async fn send<R, T>(
        &self,
        route: &Route,
        known: Option<&RouteUrl>,
        request: &R,
        timeout: Duration,
        http_status: &mut Option<StatusCode>,
    ) -> Result<T, UpstreamError>
    where
        R: Serialize + ?Sized,
        T: DeserializeOwned,
    {
        let bad_url =
            |e: http::uri::InvalidUri| UpstreamError::Transport(format!("bad platform URL: {e}"));
        let url = match known {
            Some(known) => known.url.clone(),
            None => format!("{}{}", self.base_url, route.path)
                .parse()
                .map_err(bad_url)?,
        };
        let mut request = match route.method {
            Method::Get => {
                let query = query_string(request).map_err(UpstreamError::Transport)?;
                let url = if query.is_empty() {
                    url
                } else {
                    format!("{url}?{query}").parse().map_err(bad_url)?
                };
                self.request(http::Method::GET, url, Bytes::new(), None)
            }
            Method::Post => {
                let body = serde_json::to_vec(request).map_err(|e| {
                    UpstreamError::Transport(format!("cannot encode the request: {e}"))
                })?;
                let json = HeaderValue::from_static("application/json");
                self.request(http::Method::POST, url, body.into(), Some(json))
            }
        };
        crate::observe::trace::inject_current_context(request.headers_mut());
        // The whole exchange, the answer's body included, within `timeout`.
        let exchange = async {
            let response = self.http.request(request).await.map_err(classify)?;
            let status = response.status();
            *http_status = Some(status);
            let body = read_body(response, self.max_response_bytes, route).await?;
            Ok((status, body))
        };
        let (status, body) = tokio::time::timeout(timeout, exchange)
            .await
            .map_err(|_| UpstreamError::Timeout(timeout))??;
        // The common answer read in one pass; anything else is read again below, in two. Its
        // text is checked as UTF-8 once, whole: reading bytes, serde_json checks each string on
        // its own, at several times the cost.
        if let (true, Ok(text)) = (status.is_success(), std::str::from_utf8(&body)) {
            if let Ok(Answered {
                code: Some(SUCCESS_CODE),
                data: Some(data),
                ..
            }) = serde_json::from_str::<Answered<T>>(text)
            {
                return Ok(data);
            }
        }
        let envelope = serde_json::from_slice::<Envelope>(&body);
        if !status.is_success() {
            // An error envelope says more than the status line: prefer it when there is one.
            return Err(match envelope {
                Ok(Envelope {
                    code: Some(code),
                    message,
                    ..
                }) if code != SUCCESS_CODE => UpstreamError::Platform {
                    route: *route,
                    code,
                    message: excerpt(&message, MESSAGE_EXCERPT_LEN),
                    http_status: status.as_u16(),
                },
                _ => UpstreamError::HttpStatus {
                    route: *route,
                    status: status.as_u16(),
                    body_excerpt: body_excerpt(&body),
                },
            });
        }
        let decode = |detail: String| UpstreamError::Decode {
            route: *route,
            detail: excerpt(&detail, MESSAGE_EXCERPT_LEN),
        };
        let envelope = envelope.map_err(|e| {
            decode(format!(
                "not a platform envelope ({e}): {}",
                body_excerpt(&body)
            ))
        })?;
        match envelope.code {
            Some(SUCCESS_CODE) => {}
            Some(code) => {
                return Err(UpstreamError::Platform {
                    route: *route,
                    code,
                    message: excerpt(&envelope.message, MESSAGE_EXCERPT_LEN),
                    http_status: status.as_u16(),
                })
            }
            None => {
                return Err(decode(format!(
                    "envelope without a code: {}",
                    body_excerpt(&body)
                )))
            }
        }
        let data = envelope.data.as_deref().map_or("null", RawValue::get);
        serde_json::from_str(data).map_err(|_| decode(data_error::<T>(data)))
    }
}

/// One platform call as its metrics and span see it, from its start (waiting for a slot
/// included) to its end; dropped before its end (its caller went away), it is `canceled`.
#[derive(Debug)]
struct CallRecord<'a> {
    route: &'static str,
    /// The route's shared metrics, when it is one of the documented routes.
    known: Option<&'a RouteUrl>,
    started: Instant,
    span: Span,
    /// The last attempt's answer status, once known.
    http_status: Option<StatusCode>,
    ended: bool,
}

impl<'a> CallRecord<'a> {
    fn start(route: &'static str, known: Option<&'a RouteUrl>, span: Span) -> Self {
        metrics().platform.in_flight.inc();
        Self {
            route,
            known,
            started: Instant::now(),
            span,
            http_status: None,
            ended: false,
        }
    }

    fn end<T>(mut self, result: &Result<T, UpstreamError>) {
        if let Err(UpstreamError::Platform { code, .. }) = result {
            self.span.record("platform.code", code);
        }
        self.finish(outcome(result));
    }

    fn finish(&mut self, outcome: &'static str) {
        if std::mem::replace(&mut self.ended, true) {
            return;
        }
        let platform = &metrics().platform;
        platform.in_flight.dec();
        let seconds = self.started.elapsed().as_secs_f64();
        let answered_ok = outcome == OUTCOME_OK && self.http_status == Some(StatusCode::OK);
        match self.known {
            Some(known) if answered_ok => {
                known.ok.inc();
            }
            _ => {
                platform
                    .calls
                    .get_or_create(&OutcomeLabels {
                        route: self.route,
                        http_status: status_label(self.http_status),
                        outcome,
                    })
                    .inc();
            }
        }
        match self.known {
            Some(known) => known.call_seconds.observe(seconds),
            None => platform
                .call_seconds
                .get_or_create(&RouteLabels { route: self.route })
                .observe(seconds),
        }
        if let Some(status) = self.http_status {
            self.span
                .record("http.response.status_code", status.as_u16());
        }
        self.span.record("outcome", outcome);
        if outcome != OUTCOME_OK {
            self.span.record("otel.status_code", "error");
        }
    }
}

impl Drop for CallRecord<'_> {
    fn drop(&mut self) {
        self.finish("canceled");
    }
}

/// The outcome label of a successful call.
const OUTCOME_OK: &str = "ok";

/// A call's `outcome` label (`wadispatch_platform_calls_total`).
fn outcome<T>(result: &Result<T, UpstreamError>) -> &'static str {
    let Err(error) = result else {
        return OUTCOME_OK;
    };
    match error {
        UpstreamError::Platform { .. } if error.nothing_done() => "refused",
        UpstreamError::Platform { .. } => "platform_error",
        UpstreamError::HttpStatus { .. } => "http_error",
        UpstreamError::Timeout(_) => "timeout",
        UpstreamError::Connect(_) => "connect_error",
        UpstreamError::Transport(_) => "transport_error",
        UpstreamError::Decode { .. } => "undecodable",
        UpstreamError::TooLarge { .. } => "too_large",
        UpstreamError::Unsent(_) => "unsent",
        UpstreamError::Saturated { .. } => "saturated",
    }
}

/// Answer statuses with a label value of their own; any other is counted by its class.
const STATUS_LABELS: [(u16, &str); 22] = [
    (200, "200"),
    (201, "201"),
    (204, "204"),
    (301, "301"),
    (302, "302"),
    (304, "304"),
    (400, "400"),
    (401, "401"),
    (403, "403"),
    (404, "404"),
    (405, "405"),
    (408, "408"),
    (409, "409"),
    (413, "413"),
    (415, "415"),
    (422, "422"),
    (429, "429"),
    (500, "500"),
    (501, "501"),
    (502, "502"),
    (503, "503"),
    (504, "504"),
];

/// The `http_status` label of an answer's status: from a fixed table, so a platform (or a proxy
/// before it) answering odd statuses cannot grow the label set.
fn status_label(status: Option<StatusCode>) -> &'static str {
    let Some(status) = status else {
        return "none";
    };
    let code = status.as_u16();
    if let Some((_, label)) = STATUS_LABELS.iter().find(|(known, _)| *known == code) {
        return label;
    }
    match code / 100 {
        1 => "1xx",
        2 => "2xx",
        3 => "3xx",
        4 => "4xx",
        _ => "5xx",
    }
}

/// TLS for an https:// platform: the system's CA certificates and those of `ca_file`. A plain
/// http:// platform beyond this host is warned of: the configured headers (its credentials)
/// cross the network readable.
fn tls_config(
    url: &reqwest::Url,
    ca_file: Option<&std::path::Path>,
) -> Result<ClientConfig, String> {
    let mut roots = RootCertStore::empty();
    if url.scheme() == "https" {
        let system = rustls_native_certs::load_native_certs();
        for error in &system.errors {
            tracing::warn!(%error, "a system CA certificate could not be read");
        }
        roots.add_parsable_certificates(system.certs);
        if let Some(path) = ca_file {
            let named =
                |e: &dyn std::fmt::Display| format!("--upstream-ca-file {}: {e}", path.display());
            let pem = std::fs::read(path).map_err(|e| named(&e))?;
            let certificates = CertificateDer::pem_slice_iter(&pem)
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| named(&e))?;
            if certificates.is_empty() {
                return Err(named(&"no PEM certificate in it"));
            }
            for certificate in certificates {
                roots.add(certificate).map_err(|e| named(&e))?;
            }
        }
        if roots.is_empty() {
            return Err(
                "the platform URL is https:// but there is no CA certificate to trust: the \
                 system has none; give --upstream-ca-file"
                    .to_owned(),
            );
        }
    } else {
        if ca_file.is_some() {
            tracing::warn!("--upstream-ca-file is not used: the platform URL is http://");
        }
        let host = url.host_str().unwrap_or_default();
        let loopback = host == "localhost"
            || host
                .trim_matches(['[', ']'])
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback());
        if !loopback {
            tracing::warn!(
                host,
                "the platform is called over plain http://: its headers (the credentials \
                 --upstream-header sends) and every answer cross the network unencrypted; use \
                 an https:// URL"
            );
        }
    }
    let provider = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
    Ok(ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_root_certificates(roots)
        .with_no_client_auth())
}

/// The client's connector, counting the connections it makes. The pool's connections are
/// opaque to it, so their closing cannot be seen: no gauge of open connections.
#[derive(Debug, Clone)]
struct CountedConnector<S> {
    inner: S,
}

impl<S: tower_service::Service<R>, R> tower_service::Service<R> for CountedConnector<S> {
    type Response = S::Response;
    type Error = S::Error;
    type Future = Connecting<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: R) -> Self::Future {
        Connecting {
            inner: self.inner.call(request),
        }
    }
}

pin_project! {
    /// A connection being made; counted once made.
    struct Connecting<F> {
        #[pin]
        inner: F,
    }
}

impl<F: Future<Output = Result<C, E>>, C, E> Future for Connecting<F> {
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let polled = self.project().inner.poll(cx);
        if let Poll::Ready(Ok(_)) = &polled {
            metrics().platform.connections_opened.inc();
        }
        polled
    }
}

/// What is wrong with `data`, with the path of the field at fault (`data.info[3].status: ...`).
/// Only called once plain decoding failed, so a good answer does not pay for path tracking.
fn data_error<T: DeserializeOwned>(data: &str) -> String {
    let mut de = serde_json::Deserializer::from_str(data);
    let Err(error) = serde_path_to_error::deserialize::<_, T>(&mut de) else {
        return "unexpected data".to_owned();
    };
    let path = error.path().to_string();
    let field = if path == "." {
        "data".to_owned()
    } else {
        format!("data.{path}")
    };
    // serde quotes a mistyped string whole: cut it before the whole message is cut.
    let inner = excerpt(&error.into_inner().to_string(), MESSAGE_EXCERPT_LEN);
    format!("{field}: {inner}; data: {}", body_excerpt(data.as_bytes()))
}

/// The answer's body, read up to `limit` bytes: past it the response is dropped unread, which
/// closes its connection, instead of buffering whatever the platform sends.
async fn read_body(
    response: http::Response<Incoming>,
    limit: usize,
    route: &Route,
) -> Result<Vec<u8>, UpstreamError> {
    let too_large = || UpstreamError::TooLarge {
        route: *route,
        limit,
    };
    let declared = response
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|length| length.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|length| length > limit as u64) {
        return Err(too_large());
    }
    // The declared length is trusted for the first allocation only, and only up to the limit.
    let mut body = Vec::with_capacity(declared.map_or(0, |length| length as usize));
    let mut incoming = response.into_body();
    while let Some(frame) = incoming.frame().await {
        let frame = frame.map_err(|e| UpstreamError::Transport(error_chain(&e)))?;
        if let Ok(chunk) = frame.into_data() {
            if chunk.len() > limit - body.len() {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
    }
    Ok(body)
}

/// A failed exchange: refused or unreachable before anything was sent, or broken after.
fn classify(error: hyper_util::client::legacy::Error) -> UpstreamError {
    if error.is_connect() {
        UpstreamError::Connect(error_chain(&error))
    } else {
        UpstreamError::Transport(error_chain(&error))
    }
}

/// The query string of a GET route's `request`, as a form (`a=1&b=x+y`); empty for none.
pub fn query_string<R: Serialize + ?Sized>(request: &R) -> Result<String, String> {
    serde_urlencoded::to_string(request).map_err(|e| format!("cannot encode the query: {e}"))
}

fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

fn body_excerpt(body: &[u8]) -> String {
    // Only the start is decoded: 4 bytes per character at most.
    let start = &body[..body.len().min(BODY_EXCERPT_LEN * 4)];
    excerpt(&String::from_utf8_lossy(start), BODY_EXCERPT_LEN)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Only what certainly left nothing done at the platform lets a state change be sent again.
    #[test]
    fn nothing_done_only_when_the_platform_certainly_did_not_act() {
        let route = routes::CREATE_UNASSIGNED_TASK;
        let platform = |code, http_status| UpstreamError::Platform {
            route,
            code,
            message: String::new(),
            http_status,
        };
        let http = |status| UpstreamError::HttpStatus {
            route,
            status,
            body_excerpt: String::new(),
        };
        let second = Duration::from_secs(1);
        for done_nothing in [
            platform(400, 200),
            platform(429, 200),
            platform(1002, 200),
            http(404),
            UpstreamError::Connect("refused".into()),
            UpstreamError::Unsent(second),
            UpstreamError::Saturated {
                max_in_flight: 1,
                waited: second,
            },
        ] {
            assert!(done_nothing.nothing_done(), "{done_nothing:?}");
        }
        for maybe_acted in [
            platform(500, 200),
            platform(400, 503),
            platform(7, 200),
            http(502),
            UpstreamError::Timeout(second),
            UpstreamError::Transport("reset".into()),
        ] {
            assert!(!maybe_acted.nothing_done(), "{maybe_acted:?}");
        }
    }
}
