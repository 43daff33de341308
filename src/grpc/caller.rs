//! `wadispatch.v1.CallerService`: the caller's own standing, and the audit trail. Answered by
//! the gateway alone; nothing reaches the platform.

use std::sync::Arc;
use std::time::Instant;

use tonic::{Request, Response, Status};

use super::Gateway;
use crate::callers::{self, Permission};
use crate::error;
use crate::events::audit::{AuditQuery, AuditRecord as StoredRecord};
use crate::proto::v1::caller_service_server::CallerService;
use crate::proto::v1::*;
use crate::wire::time::from_epoch_millis;

/// What ListAuditRecords' caller needs; GetCaller needs only a known caller.
pub const LIST_AUDIT_RECORDS_PERMISSION: Permission = Permission::AuditRead;

/// Records a ListAuditRecords call returns when it does not say.
pub const DEFAULT_AUDIT_PAGE: u32 = 100;
/// Most records one ListAuditRecords call returns.
pub const MAX_AUDIT_PAGE: u32 = 1000;

/// Implements the service over the shared [`Gateway`].
#[derive(Clone, Debug)]
pub struct CallerApi {
    gateway: Arc<Gateway>,
}

impl CallerApi {
    /// The service over the shared gateway.
    pub fn new(gateway: Arc<Gateway>) -> Self {
        Self { gateway }
    }
}

fn source(source: callers::CallerSource) -> CallerSource {
    match source {
        callers::CallerSource::ApiKey => CallerSource::ApiKey,
        callers::CallerSource::Certificate => CallerSource::Certificate,
        callers::CallerSource::Unauthenticated => CallerSource::Unauthenticated,
    }
}

#[tonic::async_trait]
impl CallerService for CallerApi {
    async fn get_caller(
        &self,
        request: Request<GetCallerRequest>,
    ) -> Result<Response<GetCallerResponse>, Status> {
        // Any known caller may see its own standing.
        let caller = callers::caller_of(&request)?;
        let standing = self
            .gateway
            .guard
            .standing(&caller, Instant::now(), super::now_ms());
        Ok(Response::new(GetCallerResponse {
            name: caller.name.to_string(),
            source: source(caller.source) as i32,
            permissions: caller.grants.names(),
            call_rate: standing
                .call_rate
                .map(|(calls_per_second, burst, available)| CallRate {
                    calls_per_second,
                    burst,
                    available,
                }),
            recipient_quotas: standing
                .quotas
                .into_iter()
                .map(|(limit, window, ceiling, used)| RecipientQuota {
                    limit: limit.to_owned(),
                    window_seconds: window.as_secs() as i64,
                    ceiling,
                    used,
                    remaining: ceiling.saturating_sub(used),
                })
                .collect(),
        }))
    }

    async fn list_audit_records(
        &self,
        request: Request<ListAuditRecordsRequest>,
    ) -> Result<Response<ListAuditRecordsResponse>, Status> {
        callers::caller_of(&request)?.require(LIST_AUDIT_RECORDS_PERMISSION)?;
        let ListAuditRecordsRequest {
            after_cursor,
            since,
            caller,
            limit,
        } = request.into_inner();
        let after_cursor = after_cursor.trim();
        let after_id = if after_cursor.is_empty() {
            0
        } else {
            after_cursor.parse().map_err(|_| {
                error::invalid_field("after_cursor", "must be a cursor from an earlier record")
            })?
        };
        let since_ms = since.map(|t| {
            t.seconds
                .saturating_mul(1000)
                .saturating_add(i64::from(t.nanos) / 1_000_000)
        });
        if limit > MAX_AUDIT_PAGE {
            return Err(error::invalid_field(
                "limit",
                format!("at most {MAX_AUDIT_PAGE}"),
            ));
        }
        let limit = if limit == 0 {
            DEFAULT_AUDIT_PAGE
        } else {
            limit
        };
        let query = AuditQuery {
            after_id,
            since_ms,
            caller: Some(caller).filter(|c| !c.is_empty()),
            limit: limit as usize,
        };
        let records = self
            .gateway
            .events
            .log
            .audit_records(query)
            .await
            .map_err(|e| error::store_unavailable(&e.to_string()))?;
        let next_cursor = records
            .last()
            .map_or_else(String::new, |record| record.id.to_string());
        Ok(Response::new(ListAuditRecordsResponse {
            records: records.into_iter().map(audit_record).collect(),
            next_cursor,
        }))
    }
}

/// A stored record as the API shows it.
fn audit_record(record: StoredRecord) -> AuditRecord {
    let StoredRecord {
        id,
        time_ms,
        caller,
        caller_source,
        rpc,
        platform_path,
        subjects,
        recipients,
        charged: _,
        request_bytes,
        request_id,
        completed,
        grpc_code,
        platform_code,
    } = record;
    AuditRecord {
        cursor: id.to_string(),
        time: Some(from_epoch_millis(time_ms)),
        caller,
        caller_source: callers::CallerSource::parse(&caller_source)
            .map_or(CallerSource::Unspecified, source) as i32,
        rpc,
        platform_path,
        subjects,
        recipients,
        request_bytes,
        request_id: request_id.unwrap_or_default(),
        completed,
        grpc_code: grpc_code.unwrap_or_default(),
        platform_code,
    }
}
