//! The streams the backend needs, created on first use and checked (and updated where they
//! differ: replicas, retention) on every start, so a deployment's settings are the streams'.

use std::time::Duration;

use async_nats::jetstream::context::{CreateStreamErrorKind, GetStreamErrorKind};
use async_nats::jetstream::stream::{Config, DiscardPolicy, Info, StorageType};
use async_nats::jetstream::Context;

use super::{calls, dead_letters, read, subjects, unavailable, NatsSettings, Shared};
use crate::events::log::{LogError, LogSettings, Usage};

/// The events, their dedup markers and the senders' message ids.
pub(super) const EVENTS_STREAM: &str = "WAD_EVENTS";
/// Consumers allowed on the events stream: one tail per replica, with room for operators'
/// tools; far below the server's own cap, so a bug cannot exhaust it.
const EVENTS_MAX_CONSUMERS: i32 = 256;
/// How long the server's own message-id window lasts; the gateway's dedup is its markers,
/// which last as long as the events, so this stays short.
const DUPLICATE_WINDOW: Duration = Duration::from_secs(120);

/// The events stream's configuration for these settings.
pub(super) fn events_config(settings: &LogSettings, nats: &NatsSettings) -> Config {
    Config {
        name: EVENTS_STREAM.to_owned(),
        description: Some("wadispatch-gateway: webhook events, dedup markers".to_owned()),
        subjects: vec![
            subjects::ALL_EVENTS.to_owned(),
            format!("{}.>", subjects::DEDUP),
            format!("{}.>", subjects::MESSAGE_IDS),
        ],
        storage: StorageType::File,
        num_replicas: nats.replicas,
        discard: DiscardPolicy::Old,
        max_age: settings.retention_age,
        max_bytes: i64::try_from(settings.retention_bytes).unwrap_or(i64::MAX),
        max_consumers: EVENTS_MAX_CONSUMERS,
        duplicate_window: DUPLICATE_WINDOW.min(settings.retention_age),
        allow_atomic_publish: true,
        allow_direct: true,
        ..Default::default()
    }
}

/// Whether the streams are made to match the settings, or only read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Setup {
    /// Created if missing, updated where they differ: a gateway replica.
    CreateOrUpdate,
    /// Must exist; left as they are: a command-line reader.
    Existing,
}

/// Creates or checks every stream (or, for `Setup::Existing`, finds them); returns the events
/// stream's info.
pub(super) async fn ensure_all(
    jetstream: &Context,
    settings: &LogSettings,
    nats: &NatsSettings,
    setup: Setup,
) -> Result<Info, LogError> {
    let configs = [
        events_config(settings, nats),
        calls::stream_config(settings, nats),
        dead_letters::stream_config(settings, nats),
    ];
    let mut infos = Vec::with_capacity(configs.len());
    for config in configs {
        infos.push(match setup {
            Setup::CreateOrUpdate => ensure(jetstream, config, nats).await?,
            Setup::Existing => existing(jetstream, &config.name).await?,
        });
    }
    Ok(infos.swap_remove(0))
}

/// The stream's info, if it exists.
async fn existing(jetstream: &Context, name: &str) -> Result<Info, LogError> {
    match jetstream.get_stream(name).await {
        Ok(stream) => Ok(stream.cached_info().clone()),
        Err(error) => match error.kind() {
            GetStreamErrorKind::JetStream(api) if api.error_code().0 == STREAM_NOT_FOUND => {
                Err(LogError::Refused(format!(
                    "stream {name} does not exist: no gateway has used these NATS servers yet"
                )))
            }
            _ => Err(unavailable(format!("stream {name}: {error}"))),
        },
    }
}

/// What the streams hold: one stream info request to each (answered by its leader), at once.
/// `known_latest` is the highest seq this replica knows stored, which a lagging answer may not
/// show yet.
pub(super) async fn usage(shared: &Shared, known_latest: u64) -> Result<Usage, LogError> {
    let info = |name: &'static str| async move {
        let stream = shared.jetstream.get_stream(name).await;
        stream
            .map(|stream| stream.cached_info().state.clone())
            .map_err(|error| unavailable(format!("stream {name}: {error}")))
    };
    let (events, calls, dead) = tokio::try_join!(
        info(EVENTS_STREAM),
        info(calls::CALLS_STREAM),
        info(dead_letters::DEAD_STREAM)
    )?;
    let bounds = read::bounds_of(&events);
    Ok(Usage {
        bytes: events.bytes + calls.bytes + dead.bytes,
        bounds: crate::events::log::Bounds {
            latest: bounds.latest.max(known_latest),
            ..bounds
        },
        dead_letters: dead.messages,
        dead_letter_bytes: dead.bytes,
    })
}

/// Whether the events stream has a leader that answers: the server every append goes to.
/// Within the request timeout (and the client's own, besides).
pub(super) async fn check_writable(shared: &Shared) -> Result<(), LogError> {
    let wait = shared.nats.request_timeout;
    match tokio::time::timeout(wait, shared.jetstream.get_stream(EVENTS_STREAM)).await {
        Ok(Ok(_)) => Ok(()),
        Ok(Err(error)) => Err(unavailable(format!("stream {EVENTS_STREAM}: {error}"))),
        Err(_) => Err(unavailable(format!(
            "stream {EVENTS_STREAM}: no answer from its leader within {wait:?}"
        ))),
    }
}

/// The identity cursors carry: the stream's creation time, epoch milliseconds.
pub(super) fn epoch_ms(info: &Info) -> i64 {
    i64::try_from(info.created.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX)
}

/// Creates the stream, or updates it where it differs from `config`; retries while JetStream
/// is unavailable (servers starting, leaders being elected), up to `unavailable_after`.
async fn ensure(
    jetstream: &Context,
    config: Config,
    nats: &NatsSettings,
) -> Result<Info, LogError> {
    let give_up = tokio::time::Instant::now() + nats.unavailable_after.max(Duration::from_secs(30));
    loop {
        match ensure_once(jetstream, &config).await {
            Ok(info) => return Ok(info),
            Err(Attempt::Final(error)) => return Err(error),
            Err(Attempt::Again(reason)) if tokio::time::Instant::now() < give_up => {
                tracing::info!(stream = %config.name, %reason, "JetStream not ready; retrying");
                tokio::time::sleep(Duration::from_millis(250)).await;
            }
            Err(Attempt::Again(reason)) => {
                return Err(unavailable(format!("stream {}: {reason}", config.name)))
            }
        }
    }
}

enum Attempt {
    Again(String),
    Final(LogError),
}

/// JetStream's code for "stream not found".
const STREAM_NOT_FOUND: u64 = 10059;

async fn ensure_once(jetstream: &Context, config: &Config) -> Result<Info, Attempt> {
    match jetstream.get_stream(&config.name).await {
        Ok(mut stream) => {
            let info = stream
                .info()
                .await
                .map_err(|e| Attempt::Again(e.to_string()))?
                .clone();
            if differs(&info.config, config) {
                tracing::info!(stream = %config.name, "updating the stream to the configured settings");
                return jetstream
                    .update_stream(config.clone())
                    .await
                    .map_err(|error| {
                        Attempt::Final(LogError::Refused(format!(
                            "stream {} cannot take the configured settings: {error}",
                            config.name
                        )))
                    });
            }
            Ok(info)
        }
        Err(error) => match error.kind() {
            GetStreamErrorKind::JetStream(api) if api.error_code().0 == STREAM_NOT_FOUND => {
                jetstream
                    .create_stream(config.clone())
                    .await
                    .map(|stream| stream.cached_info().clone())
                    .map_err(|error| match error.kind() {
                        CreateStreamErrorKind::TimedOut
                        | CreateStreamErrorKind::JetStreamUnavailable => {
                            Attempt::Again(error.to_string())
                        }
                        // Created meanwhile by another replica, or a cluster still forming.
                        _ => Attempt::Again(error.to_string()),
                    })
            }
            _ => Err(Attempt::Again(error.to_string())),
        },
    }
}

/// Whether the settings the gateway controls differ.
fn differs(have: &Config, want: &Config) -> bool {
    have.num_replicas != want.num_replicas
        || have.max_age != want.max_age
        || have.max_bytes != want.max_bytes
        || have.max_messages != want.max_messages
        || have.subjects != want.subjects
        || have.allow_atomic_publish != want.allow_atomic_publish
        || have.allow_direct != want.allow_direct
        || have.allow_message_ttl != want.allow_message_ttl
        || have.allow_rollup != want.allow_rollup
        || have.discard != want.discard
}
