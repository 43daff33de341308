//! Other replicas' recipient charges and refunds, followed from the trail for this replica's
//! blast guard.

use super::*;
use crate::events::log::jetstream::read;

/// The other replicas' charges and refunds (see `EventLog::remote_charges`): an ordered consumer of the records and ends from the
/// stream's end on, created again from where it was whenever it fails.
pub(in crate::events::log::jetstream) async fn remote_charges(
    shared: Arc<Shared>,
) -> Result<mpsc::Receiver<RemoteCharge>, LogError> {
    let stream = shared
        .jetstream
        .get_stream(CALLS_STREAM)
        .await
        .map_err(unavailable)?;
    let after = stream.cached_info().state.last_sequence;
    let (charges, receiver) = mpsc::channel(REMOTE_CHARGES_QUEUE);
    tokio::spawn(follow(shared, after, charges));
    Ok(receiver)
}

async fn follow(shared: Arc<Shared>, mut after: u64, charges: mpsc::Sender<RemoteCharge>) {
    let replica = shared.calls.replica.clone();
    let mut following = true;
    loop {
        tokio::select! {
            () = charges.closed() => return,
            ended = consume(&shared, &replica, &mut after, &charges) => match ended {
                Ok(()) => return,
                Err(error) => {
                    if std::mem::replace(&mut following, false) {
                        tracing::warn!(%error, "the follower of other replicas' charges lost the stream; following again");
                    }
                    tokio::time::sleep(FOLLOW_PAUSE).await;
                }
            },
        }
    }
}

/// Consumes from `after` until an error, or until the receiver is gone (Ok).
async fn consume(
    shared: &Shared,
    replica: &str,
    after: &mut u64,
    charges: &mpsc::Sender<RemoteCharge>,
) -> Result<(), String> {
    let stream = shared
        .jetstream
        .get_stream_no_info(CALLS_STREAM)
        .await
        .map_err(|e| e.to_string())?;
    let consumer = stream
        .create_consumer(OrderedConfig {
            filter_subjects: vec![format!("{RECORDS}.>"), format!("{ENDS}.>")],
            deliver_policy: DeliverPolicy::ByStartSequence {
                start_sequence: *after + 1,
            },
            ..Default::default()
        })
        .await
        .map_err(|e| e.to_string())?;
    let mut messages = consumer.messages().await.map_err(|e| e.to_string())?;
    let (records, ends) = (format!("{RECORDS}.>"), format!("{ENDS}.>"));
    let subjects = [records.as_str(), ends.as_str()];
    loop {
        let next = *after + 1;
        let Some(message) =
            read::next_or_stalled(shared, &mut messages, CALLS_STREAM, &subjects, next).await?
        else {
            break;
        };
        let seq = message.info().map_err(|e| e.to_string())?.stream_sequence;
        if seq <= *after {
            continue;
        }
        *after = seq;
        let Some(charge) = remote_charge(&message.subject, &message.payload, replica) else {
            continue;
        };
        if charges.send(charge).await.is_err() {
            return Ok(());
        }
    }
    Err("the follower's consumer ended".to_owned())
}

/// What a record or an end written by another replica than `replica` does to its caller's
/// counts, if anything.
fn remote_charge(subject: &str, payload: &[u8], replica: &str) -> Option<RemoteCharge> {
    let minute = |time_ms: i64| (time_ms / 60_000) * 60_000;
    let signed = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
    if subject.starts_with(ENDS) {
        let end: Ended = serde_json::from_slice(payload).ok()?;
        // The record charged its recipients when it started; an end that does not keep them
        // gives them back.
        (end.replica != replica && end.recipients > 0 && !end.outcome.charged).then(|| {
            RemoteCharge {
                caller: end.caller,
                minute_ms: minute(end.time_ms),
                charged: -signed(end.recipients),
            }
        })
    } else {
        let begun: Begun = serde_json::from_slice(payload).ok()?;
        (begun.replica != replica && begun.charged(None)).then(|| RemoteCharge {
            minute_ms: minute(begun.time_ms),
            charged: signed(begun.recipients),
            caller: begun.caller,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_records_are_not_remote_charges() {
        let begun = Begun {
            time_ms: 125_000,
            caller: "k".into(),
            caller_source: "api_key".into(),
            rpc: "/r".into(),
            platform_path: "/p".into(),
            subjects: Vec::new(),
            recipients: 5,
            request_bytes: 1,
            request_id: None,
            replica: "a".into(),
            outcome: None,
        };
        let payload = serde_json::to_vec(&begun).unwrap();
        assert_eq!(remote_charge("wad.call.rec.a.x", &payload, "a"), None);
        assert_eq!(
            remote_charge("wad.call.rec.a.x", &payload, "b"),
            Some(RemoteCharge {
                caller: "k".into(),
                minute_ms: 120_000,
                charged: 5
            })
        );
        let end = Ended {
            audit_id: 3,
            outcome: Outcome {
                grpc_code: "INVALID_ARGUMENT".into(),
                platform_code: None,
                subjects: Vec::new(),
                charged: false,
            },
            caller: "k".into(),
            time_ms: 125_000,
            recipients: 5,
            replica: "a".into(),
        };
        let payload = serde_json::to_vec(&end).unwrap();
        assert_eq!(
            remote_charge("wad.call.end.3", &payload, "b").map(|c| c.charged),
            Some(-5)
        );
        let kept = Ended {
            outcome: Outcome {
                charged: true,
                ..end.outcome.clone()
            },
            ..end
        };
        let payload = serde_json::to_vec(&kept).unwrap();
        assert_eq!(remote_charge("wad.call.end.3", &payload, "b"), None);
    }
}
