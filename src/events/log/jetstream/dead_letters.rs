//! PLACEHOLDER (being written): dead letters in `WAD_DEAD`.
use async_nats::jetstream::stream::Config;

use super::{NatsSettings, Shared};
use crate::events::log::{DeadLetter, LogError, LogSettings, NewDeadLetter};

pub(super) fn stream_config(_settings: &LogSettings, nats: &NatsSettings) -> Config {
    Config {
        name: "WAD_DEAD".into(),
        subjects: vec!["wad.dead".into()],
        num_replicas: nats.replicas,
        ..Default::default()
    }
}
pub(super) async fn keep(_s: &Shared, _l: NewDeadLetter) -> Result<u64, LogError> {
    Err(LogError::Refused("not yet".into()))
}
pub(super) async fn newest(_s: &Shared, _limit: usize) -> Result<Vec<DeadLetter>, LogError> {
    Ok(Vec::new())
}
