//! `wadispatch.v1.ScanTaskService`.

use crate::proto::v1::scan_task_service_server::ScanTaskService;
use crate::proto::v1::*;
use crate::upstream::routes;

super::unary_service! {
    ScanTaskApi: ScanTaskService {
        create_scan_task(CreateScanTaskRequest) -> CreateScanTaskResponse => routes::CREATE_SCAN_TASK, ScanCreate;
        get_scan_task_qr_code(GetScanTaskQrCodeRequest) -> GetScanTaskQrCodeResponse => routes::GET_SCAN_TASK_QR_CODE, ScanRead;
    }
}
