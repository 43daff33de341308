//! Reading the trail back: pages of records joined with their ends, and the recipients still
//! charged, for ListAuditRecords, the `audit` command and the blast guard's start.

use super::*;

/// Where a scan of the records starts.
#[derive(Debug, Clone, Copy)]
enum Start {
    Seq(u64),
    /// Epoch milliseconds; the first record the server stored at or after it.
    Time(i64),
}

/// Up to `batch` records on `filter` from `from`, in order, and whether more match. Messages that
/// are not records are skipped with a warning (nothing but a gateway writes here).
async fn records_page(
    shared: &Shared,
    filter: &str,
    from: Start,
    batch: usize,
) -> Result<(Vec<(u64, Begun)>, Option<u64>, bool), LogError> {
    let mut request = serde_json::json!({ "next_by_subj": filter, "batch": batch });
    match from {
        Start::Seq(seq) => request["seq"] = seq.into(),
        Start::Time(ms) => match crate::wire::time::rfc3339_millis(ms) {
            Some(time) => request["start_time"] = time.into(),
            None => request["seq"] = 1.into(),
        },
    }
    let (raw, pending) = direct_batch(shared, CALLS_STREAM, &request).await?;
    let last = raw.last().map(|raw| raw.seq);
    let records = raw
        .into_iter()
        .filter_map(|raw| match serde_json::from_slice(&raw.payload) {
            Ok(begun) => Some((raw.seq, begun)),
            Err(error) => {
                tracing::warn!(seq = raw.seq, subject = raw.subject, %error, "not an audit record; skipped");
                None
            }
        })
        .collect();
    Ok((records, last, pending > 0))
}

/// The first scan position for records received at or after `since_ms` (the servers' time,
/// less the clock skew a replica may have).
fn since(since_ms: i64) -> Start {
    match since_ms.checked_sub(millis(CLOCK_SKEW)) {
        Some(ms) if ms > 0 => Start::Time(ms),
        _ => Start::Seq(1),
    }
}

/// The ends of the sent calls `ids`, by id.
async fn ends(shared: &Shared, ids: &[u64]) -> Result<HashMap<u64, Ended>, LogError> {
    let mut ends = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(MULTI_LAST_MAX) {
        let mut wanted: Vec<String> = chunk.iter().map(|id| end_subject(*id)).collect();
        // The server stops at its byte budget and says how many it left: ask again for those.
        while !wanted.is_empty() {
            let request = serde_json::json!({ "multi_last": wanted });
            let (raw, pending) = direct_batch(shared, CALLS_STREAM, &request).await?;
            let answered: Vec<String> = raw.iter().map(|raw| raw.subject.clone()).collect();
            for raw in raw {
                match serde_json::from_slice::<Ended>(&raw.payload) {
                    Ok(end) => {
                        ends.insert(end.audit_id, end);
                    }
                    Err(error) => {
                        tracing::warn!(seq = raw.seq, %error, "not an audit record's end; skipped")
                    }
                }
            }
            if pending == 0 || answered.is_empty() {
                break;
            }
            wanted.retain(|subject| !answered.contains(subject));
        }
    }
    Ok(ends)
}

/// Audit records matching `query`, oldest first, each sent call's joined with its end.
pub(in crate::events::log::jetstream) async fn records(
    shared: &Shared,
    query: AuditQuery,
) -> Result<Vec<AuditRecord>, LogError> {
    if query.limit == 0 {
        return Ok(Vec::new());
    }
    let _permit = shared.reads.acquire().await.map_err(unavailable)?;
    let filter = match &query.caller {
        Some(caller) => format!("{RECORDS}.*.{}", token(&[caller])),
        None => format!("{RECORDS}.>"),
    };
    let since_ms = query.since_ms.unwrap_or(i64::MIN);
    let mut from = Start::Seq(query.after_id.saturating_add(1));
    if query.since_ms.is_some() {
        // Skip ahead to the time when it is further on than the cursor.
        let (first, _, _) = records_page(shared, &filter, since(since_ms), 1).await?;
        match first.first() {
            Some((seq, _)) if *seq > query.after_id => from = Start::Seq(*seq),
            Some(_) => {}
            None => return Ok(Vec::new()),
        }
    }
    let mut found = Vec::new();
    'pages: loop {
        let want = (query.limit - found.len()).min(PAGE);
        let (page, last, more) = records_page(shared, &filter, from, want).await?;
        for (seq, begun) in page {
            let wanted = seq > query.after_id
                && begun.time_ms >= since_ms
                && query.caller.as_ref().is_none_or(|c| *c == begun.caller);
            if wanted {
                found.push((seq, begun));
                if found.len() == query.limit {
                    break 'pages;
                }
            }
        }
        match last {
            Some(last) if more => from = Start::Seq(last + 1),
            _ => break,
        }
    }
    let sent: Vec<u64> = found
        .iter()
        .filter(|(_, begun)| begun.outcome.is_none())
        .map(|(seq, _)| *seq)
        .collect();
    let ends = ends(shared, &sent).await?;
    Ok(found
        .into_iter()
        .map(|(seq, begun)| begun.record(seq, ends.get(&seq)))
        .collect())
}

/// Recipients still charged by records received since `since_ms`, per caller and minute.
pub(in crate::events::log::jetstream) async fn recipient_charges(
    shared: &Shared,
    since_ms: i64,
) -> Result<Vec<(String, i64, u64)>, LogError> {
    let _permit = shared.reads.acquire().await.map_err(unavailable)?;
    let filter = format!("{RECORDS}.>");
    let mut charged = Vec::new();
    let mut from = since(since_ms);
    loop {
        let (page, last, more) = records_page(shared, &filter, from, PAGE).await?;
        charged.extend(
            page.into_iter()
                .filter(|(_, begun)| begun.time_ms >= since_ms && begun.charged(None)),
        );
        match last {
            Some(last) if more => from = Start::Seq(last + 1),
            _ => break,
        }
    }
    let sent: Vec<u64> = charged
        .iter()
        .filter(|(_, begun)| begun.outcome.is_none())
        .map(|(seq, _)| *seq)
        .collect();
    let ends = ends(shared, &sent).await?;
    let mut sums: HashMap<(String, i64), u64> = HashMap::new();
    for (seq, begun) in charged {
        if begun.charged(ends.get(&seq)) {
            let minute = (begun.time_ms / 60_000) * 60_000;
            *sums.entry((begun.caller, minute)).or_default() += begun.recipients;
        }
    }
    let mut sums: Vec<_> = sums
        .into_iter()
        .map(|((caller, minute), recipients)| (caller, minute, recipients))
        .collect();
    sums.sort_unstable();
    Ok(sums)
}

// ---------------------------------------------------------------------------------------------
// Other replicas' charges.
