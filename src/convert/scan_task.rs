//! ScanTaskService requests and responses <-> PC QR scan task wire shapes.

use tonic::Status;

use super::validate::{self as check};
use super::{FromWire, ToWire, WireContext};
use crate::error::Violations;
use crate::proto::v1::*;
use crate::wire::scan_task as wire;

impl ToWire for CreateScanTaskRequest {
    type Wire = wire::CreateScanTask;
    fn to_wire(self, _: &WireContext) -> Result<Self::Wire, Status> {
        let Self {
            agent_id,
            allocation_role,
            request_id,
        } = self;
        let mut v = Violations::default();
        check::request_id(&mut v, &request_id);
        if agent_id.is_some_and(|id| id <= 0) {
            v.add("agent_id", "must be a positive agent id when set");
        }
        let allocation_role =
            check::required_code::<AllocationRole>(&mut v, "allocation_role", allocation_role);
        v.into_result(wire::CreateScanTask {
            user_id: agent_id,
            allocation_role,
        })
    }
}

impl FromWire for CreateScanTaskResponse {
    type Wire = wire::ScanTaskCreated;
    fn from_wire(wire: Self::Wire, _: &WireContext) -> Result<Self, String> {
        Ok(Self {
            scan_task_id: super::platform_id("data", wire.task_id)?,
        })
    }
}

impl ToWire for GetScanTaskQrCodeRequest {
    type Wire = wire::QrCodeQuery;
    fn to_wire(self, _: &WireContext) -> Result<Self::Wire, Status> {
        let Self { scan_task_id } = self;
        let mut v = Violations::default();
        check::required(&mut v, "scan_task_id", &scan_task_id);
        v.into_result(wire::QrCodeQuery {
            task_id: scan_task_id.trim().to_owned(),
        })
    }
}

impl FromWire for GetScanTaskQrCodeResponse {
    type Wire = crate::wire::Text;
    fn from_wire(wire: Self::Wire, _: &WireContext) -> Result<Self, String> {
        // An empty code is passed on, not an error: the call is documented as repeatable until
        // the scan succeeds, so the caller retries.
        Ok(Self { qr_code: wire.0 })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::convert::test_support::*;

    #[test]
    fn create_omits_unset_agent() {
        let request = CreateScanTaskRequest {
            agent_id: None,
            allocation_role: AllocationRole::Random as i32,
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_value(request.to_wire(&cx()).unwrap()).unwrap(),
            json!({"allocationRole": 1})
        );
    }

    #[test]
    fn create_rejects_bad_fields() {
        rejected(
            CreateScanTaskRequest {
                agent_id: Some(1),
                allocation_role: 0,
                ..Default::default()
            }
            .to_wire(&cx()),
            "allocation_role",
        );
        rejected(
            CreateScanTaskRequest {
                agent_id: Some(1),
                allocation_role: 2,
                ..Default::default()
            }
            .to_wire(&cx()),
            "allocation_role",
        );
        rejected(
            CreateScanTaskRequest {
                agent_id: Some(0),
                allocation_role: 1,
                ..Default::default()
            }
            .to_wire(&cx()),
            "agent_id",
        );
    }

    #[test]
    fn create_response_matches_example() {
        let wire = serde_json::from_value(data("38-create.response.json")).unwrap();
        let response = CreateScanTaskResponse::from_wire(wire, &cx()).unwrap();
        assert_eq!(
            response,
            CreateScanTaskResponse {
                scan_task_id: "f0d485cb2e5e4c5ca21b74e970043e6c".into()
            }
        );
        let wire =
            serde_json::from_value(json!({"taskId": "f0d485cb2e5e4c5ca21b74e970043e6c"})).unwrap();
        let response = CreateScanTaskResponse::from_wire(wire, &cx()).unwrap();
        assert_eq!(response.scan_task_id, "f0d485cb2e5e4c5ca21b74e970043e6c");
    }

    #[test]
    fn qr_code_rejects_missing_id() {
        rejected(
            GetScanTaskQrCodeRequest {
                scan_task_id: " ".into(),
            }
            .to_wire(&cx()),
            "scan_task_id",
        );
    }

    #[test]
    fn qr_code_response_matches_example() {
        let wire = serde_json::from_value(data("39-qrCodeTask-getQrCode.response.json")).unwrap();
        let response = GetScanTaskQrCodeResponse::from_wire(wire, &cx()).unwrap();
        assert_eq!(
            response,
            GetScanTaskQrCodeResponse {
                qr_code: "qr_code".into()
            }
        );
    }
}
