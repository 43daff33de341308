//! Writing the trail: an unsent call's record, a call's begin (claim and record in one batch)
//! and its end (outcome and settled request in one batch), and the cap on unsent records.

use super::*;
use crate::observe::metrics::metrics;
use crate::observe::metrics::store::PrunedLabels;

/// Records an unsent call with its outcome; keeps the unsent calls' records under their cap.
pub(in crate::events::log::jetstream) async fn audit(
    shared: &Shared,
    entry: AuditEntry,
    outcome: AuditOutcome,
) -> Result<u64, LogError> {
    let local = &shared.calls;
    let subject = unsent_subject(&entry.caller);
    let record = Begun::new(entry, Some(&outcome), &local.replica);
    let message = Outgoing::new(subject, json(&record)).with_ttl(audit_ttl(&shared.settings));
    let id = publish_one(shared, message).await?;
    let cap = shared.settings.audit_max_refused_records;
    let written = local.unsent_written.fetch_add(1, Ordering::Relaxed);
    if written.is_multiple_of((cap / 100).max(1)) {
        cap_unsent(shared, cap).await;
    }
    Ok(id)
}

/// Purges the oldest unsent calls' records beyond `cap`. Best effort: the record is written, and
/// the next purge catches up.
async fn cap_unsent(shared: &Shared, cap: u64) {
    let purged = async {
        let stream = shared.jetstream.get_stream_no_info(CALLS_STREAM).await?;
        Ok::<_, async_nats::Error>(
            stream
                .purge()
                .filter(format!("{UNSENT}.>"))
                .keep(cap)
                .await?
                .purged,
        )
    };
    match purged.await {
        Ok(0) => {}
        Ok(purged) => {
            let table = PrunedLabels {
                table: "audit_records",
            };
            metrics().store.pruned.get_or_create(&table).inc_by(purged);
            tracing::debug!(purged, "unsent calls' audit records over their cap purged");
        }
        Err(error) => tracing::warn!(%error, "cannot purge unsent calls' audit records"),
    }
}

/// Records a call before it is sent, claiming its request id in the same batch.
pub(in crate::events::log::jetstream) async fn begin(
    shared: &Shared,
    entry: AuditEntry,
    claim: Option<RequestClaim>,
    cursor: u64,
) -> Result<CallBegun, LogError> {
    let local = &shared.calls;
    let record = Outgoing::new(
        sent_subject(&entry.caller),
        json(&Begun::new(entry, None, &local.replica)),
    )
    .with_ttl(audit_ttl(&shared.settings));
    let Some(claim) = claim else {
        let audit_id = publish_one(shared, record).await?;
        return Ok(CallBegun::Recorded { audit_id, cursor });
    };
    let subject = request_subject(&claim.key);
    let digest = digest_hex(&claim.digest);
    let retention_ms = millis(shared.settings.request_retention);
    let max_records = shared.settings.request_max_records;
    // The first read may come from a replica of the stream a little behind; after a failed
    // condition, from its leader.
    let mut from_leader = false;
    for _ in 0..CLAIM_ATTEMPTS {
        let last = last_request(shared, &subject, from_leader).await?;
        if let Some((_, record)) = &last {
            if let Some(earlier) = record.earlier(&digest, claim.started_ms, retention_ms) {
                return Ok(CallBegun::Earlier(earlier));
            }
        }
        if !local.room(shared, max_records).await? {
            return Ok(CallBegun::RecordsFull { max_records });
        }
        let attempt = nonce();
        let claimed = RequestRecord {
            state: RequestState::InFlight,
            digest: digest.clone(),
            started_ms: claim.started_ms,
            started_seq: cursor,
            response: None,
            attempt: attempt.clone(),
        };
        let message = rollup(Outgoing::new(subject.clone(), json(&claimed)))
            .with_ttl(claim_ttl(&shared.settings));
        // Conditioned on the record read: a free id stays free, a stale record stays stale.
        let message = match &last {
            None => message.first_on_subject(),
            Some((seq, _)) => message.after_on_subject(*seq),
        };
        match publish_batch(shared, vec![message, record.clone()]).await {
            Ok(committed) => {
                // A stale record rolled up is replaced, not added.
                if last.is_none() {
                    local.records_moved(true);
                }
                return Ok(CallBegun::Recorded {
                    audit_id: committed.last_seq,
                    cursor,
                });
            }
            Err(BatchError::Expectation) => {
                // Another claim got there first, or this one did and its answer was lost.
                if let Some((seq, now)) = last_request(shared, &subject, true).await? {
                    if now.attempt == attempt {
                        if last.is_none() {
                            local.records_moved(true);
                        }
                        // A batch's seqs are consecutive: the record follows the claim.
                        return Ok(CallBegun::Recorded {
                            audit_id: seq + 1,
                            cursor,
                        });
                    }
                }
                from_leader = true;
            }
            Err(other) => return Err(other.into()),
        }
    }
    Err(LogError::Unavailable(format!(
        "the request record changed under {CLAIM_ATTEMPTS} claims in a row"
    )))
}

/// Completes a sent call's record with its outcome and settles its request record.
pub(in crate::events::log::jetstream) async fn end(
    shared: &Shared,
    audit_id: u64,
    outcome: AuditOutcome,
    request: Option<(RequestKey, RequestEnd)>,
) -> Result<(), LogError> {
    let local = &shared.calls;
    let begun: Begun = match message_at(shared, audit_id).await? {
        Some(message) if message.subject.starts_with(SENT) => decode(&message)?,
        _ => {
            return Err(LogError::Refused(format!(
                "no sent call's audit record {audit_id} to complete"
            )))
        }
    };
    let ended = Ended {
        audit_id,
        outcome: Outcome::from(&outcome),
        caller: begun.caller,
        time_ms: begun.time_ms,
        recipients: begun.recipients,
        replica: local.replica.clone(),
    };
    let end = Outgoing::new(end_subject(audit_id), json(&ended))
        .with_ttl(audit_ttl(&shared.settings))
        .first_on_subject();
    let settle = match &request {
        Some((key, how)) => settle(shared, audit_id, key, how).await?,
        None => None,
    };
    let forgotten = matches!(request, Some((_, RequestEnd::Failed)));
    let Some(settle) = settle else {
        return match publish_one(shared, end).await {
            // Ended before: a repeat of this end.
            Ok(_) | Err(BatchError::Expectation) => Ok(()),
            Err(other) => Err(other.into()),
        };
    };
    match publish_batch(shared, vec![end.clone(), settle]).await {
        Ok(_) => {}
        Err(BatchError::Expectation) => {
            if last_on(shared, &end_subject(audit_id)).await?.is_some() {
                // This batch was stored, its answer lost.
            } else {
                // The claim is no longer the last on its subject: it was taken for an orphan
                // and claimed again. The call's own record still gets its end.
                tracing::warn!(
                    audit_id,
                    "a call ended after its request record was claimed again; only its audit \
                     record is completed"
                );
                return match publish_one(shared, end).await {
                    Ok(_) | Err(BatchError::Expectation) => Ok(()),
                    Err(other) => Err(other.into()),
                };
            }
        }
        Err(other) => return Err(other.into()),
    }
    if forgotten {
        local.records_moved(false);
    }
    Ok(())
}

/// The settled request record for the claim made with record `audit_id`, conditioned on that
/// claim being still the last on its subject; None (with a warning) when there is no such claim.
async fn settle(
    shared: &Shared,
    audit_id: u64,
    key: &RequestKey,
    how: &RequestEnd,
) -> Result<Option<Outgoing>, LogError> {
    let subject = request_subject(key);
    // The claim went just before the record, in the same batch.
    let claim_seq = audit_id - 1;
    let claim = match message_at(shared, claim_seq).await? {
        Some(message) if message.subject.as_str() == subject => decode::<RequestRecord>(&message)?,
        _ => {
            tracing::warn!(
                audit_id,
                "no claim beside a call's record: its request record is left as it is"
            );
            return Ok(None);
        }
    };
    let retention_ms = millis(shared.settings.request_retention);
    let left_ms = claim.started_ms.saturating_add(retention_ms) - now_ms();
    let (state, response, ttl) = match how {
        RequestEnd::Failed => (RequestState::Forgotten, None, FORGOTTEN_TTL),
        RequestEnd::Unknown => (RequestState::Unknown, None, keep_for(left_ms)),
        RequestEnd::Answered(response) => (
            RequestState::Answered,
            response
                .as_ref()
                .map(|bytes| base64::engine::general_purpose::STANDARD.encode(bytes)),
            keep_for(left_ms),
        ),
    };
    let settled = RequestRecord {
        state,
        response,
        ..claim
    };
    Ok(Some(
        rollup(Outgoing::new(subject, json(&settled)))
            .with_ttl(ttl)
            .after_on_subject(claim_seq),
    ))
}

fn keep_for(ms: i64) -> Duration {
    whole_seconds(Duration::from_millis(ms.max(0).unsigned_abs()))
}
