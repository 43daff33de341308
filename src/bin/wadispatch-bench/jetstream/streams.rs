//! The JetStream side of the checks, read with a NATS client of this process: emptying the
//! servers between parts (as each SQLite part gets a fresh data directory), and counting the
//! events stored, as an operator would after a crash.

use std::time::Duration;

use async_nats::jetstream::Context;
use tokio_stream::StreamExt;

use crate::procs::NatsServers;

/// The subjects of every event the gateway stores (`wad.ev.t.<task>`, `wad.ev.a.<phone>`: see
/// `src/events/log/jetstream/`); its dedup markers and message ids live beside them in the
/// same stream and are not events.
const EVENT_SUBJECTS: &str = "wad.ev.>";

async fn connect(servers: &NatsServers) -> Result<Context, String> {
    let addresses = servers
        .urls()
        .split(',')
        .map(str::parse)
        .collect::<Result<Vec<async_nats::ServerAddr>, _>>()
        .map_err(|e| format!("a NATS address: {e}"))?;
    let client = async_nats::ConnectOptions::new()
        .name("wadispatch-bench")
        .connection_timeout(Duration::from_secs(5))
        .connect(addresses)
        .await
        .map_err(|e| format!("cannot connect to NATS at {}: {e}", servers.urls()))?;
    Ok(async_nats::jetstream::ContextBuilder::new()
        .timeout(Duration::from_secs(10))
        .build(client))
}

/// Deletes every stream on the servers (the gateway's and `nats bench`'s): the next gateway
/// starts on an empty log. No gateway may be running on them.
pub(crate) async fn delete_all(servers: &NatsServers) -> Result<(), String> {
    let jetstream = connect(servers).await?;
    let mut names = Vec::new();
    let mut listing = jetstream.stream_names();
    while let Some(name) = listing.next().await {
        names.push(name.map_err(|e| format!("listing streams: {e}"))?);
    }
    for name in names {
        jetstream
            .delete_stream(&name)
            .await
            .map_err(|e| format!("deleting stream {name}: {e}"))?;
    }
    Ok(())
}

/// The gateway's events stream on the servers, and the filter that selects its events.
pub(crate) async fn events_stream(servers: &NatsServers) -> Result<(String, &'static str), String> {
    let jetstream = connect(servers).await?;
    let name = jetstream
        .stream_by_subject(EVENT_SUBJECTS)
        .await
        .map_err(|e| format!("no stream holds {EVENT_SUBJECTS}: {e}"))?;
    Ok((name, EVENT_SUBJECTS))
}

/// Messages in the events stream (a message holds a webhook's events about one task).
pub(crate) async fn count_messages(servers: &NatsServers) -> Result<u64, String> {
    let (name, _) = events_stream(servers).await?;
    let jetstream = connect(servers).await?;
    let stream = jetstream
        .get_stream(&name)
        .await
        .map_err(|e| format!("the events stream {name}: {e}"))?;
    Ok(stream.cached_info().state.messages)
}

/// Events stored on the servers, read back as a gateway reads them (a message holds all the
/// events of one webhook for one task, so messages are not events).
pub(crate) async fn count_events(servers: &NatsServers) -> Result<u64, String> {
    use wadispatch_gateway::events::log::{EventLog, Filter, JetStreamLog, NatsSettings};
    let urls = servers.urls().split(',').map(str::to_owned).collect();
    let log = JetStreamLog::open_existing(NatsSettings::new(urls))
        .await
        .map_err(|e| format!("the event store: {e}"))?;
    let (mut after, mut count) = (0, 0);
    loop {
        let page = log
            .read_after(after, &Filter::All, 4096)
            .await
            .map_err(|e| format!("reading the event store: {e}"))?;
        let Some(last) = page.last() else {
            return Ok(count);
        };
        after = last.seq;
        count += page.len() as u64;
    }
}
