//! The platform's 39 endpoints as data: method, path and whether a call may be retried.
//! `read_only` marks calls that change nothing on the platform, so retrying one after a failed
//! connection cannot do anything twice; every create and state-changing call is `false`.

use super::{Method, Route};

const fn get(path: &'static str) -> Route {
    Route {
        method: Method::Get,
        path,
        read_only: true,
    }
}

const fn post(path: &'static str, read_only: bool) -> Route {
    Route {
        method: Method::Post,
        path,
        read_only,
    }
}

// Mass dispatch (mass-dispatch-and-audience.txt).
pub const TASK_ASSIGN_SINGLE: Route = post("/group-dispatch-api/gsTask/assign/soCreate", false);
pub const TASK_ASSIGN_PAIRED: Route = post("/group-dispatch-api/gsTask/assign/moscCreate", false);
pub const TASK_ASSIGN_PAIRED_CONTENT: Route =
    post("/group-dispatch-api/gsTask/assign/modcCreate", false);
pub const TASK_ASSIGN_POOLED: Route = post("/group-dispatch-api/gsTask/assign/mmCreate", false);
pub const TASK_ASSIGN_GROUP: Route = post("/group-dispatch-api/gsTask/assign/groupCreate", false);
pub const TASK_UNASSIGNED_SINGLE: Route =
    post("/group-dispatch-api/gsTask/noAssign/soCreate", false);
pub const TASK_UNASSIGNED_MULTI: Route =
    post("/group-dispatch-api/gsTask/noAssign/moCreate", false);
pub const TASK_UNASSIGNED_CONDITIONAL: Route =
    post("/group-dispatch-api/gsTask/noAssign/comoCreate", false);
pub const TASK_EXECUTION_STATUS: Route = get("/group-dispatch-api/gsTask/queryExecuteStatus");
pub const TASK_BATCH_START: Route = post("/group-dispatch-api/gsTask/batchStart", false);
pub const TASK_BATCH_PAUSE: Route = post("/group-dispatch-api/gsTask/batchPause", false);
pub const TASK_BATCH_STOP: Route = post("/group-dispatch-api/gsTask/batchStop", false);

// Audience groups (mass-dispatch-and-audience.txt).
pub const AUDIENCE_ADD: Route = post(
    "/group-dispatch-api/whatsapp-audience/addWhatsappAudience",
    false,
);
pub const AUDIENCE_QUERY: Route = get("/group-dispatch-api/whatsapp-audience/query");
pub const AUDIENCE_DETAIL: Route = get("/group-dispatch-api/whatsapp-audience/queryDetail");

// Customer-service accounts and registration (account-management.txt).
pub const ACCOUNT_BATCH_INSERT: Route = post("/group-dispatch-api/whatsapp/batchInsert", false);
pub const ACCOUNT_QUERY_STATUS: Route = get("/group-dispatch-api/whatsapp/queryWhatsAppStatus");
pub const ACCOUNT_BATCH_ONLINE: Route = post("/group-dispatch-api/whatsapp/batchOnline", false);
pub const ACCOUNT_BATCH_RECYCLE: Route = post("/group-dispatch-api/whatsapp/batchRecycle", false);
pub const REGISTER_SUBMIT_PHONE: Route = post("/group-dispatch-api/register/submitPhone", false);
pub const REGISTER_SUBMIT_CODE: Route =
    post("/group-dispatch-api/register/submitVerifyCode", false);

// Wake-up actions (whatsapp-accounts-qrcode.txt).
pub const WAKE_UP_ADD: Route = post("/wscrm-bus-api/open/action/batchAdd", false);
pub const WAKE_UP_RESULTS: Route = post("/wscrm-bus-api/open/action/callbackResult", true);

// Cloud ports and QR login (whatsapp-accounts-qrcode.txt).
pub const QR_PAIR_TARGETS: Route = get("/group-dispatch-api/qrCode/selectPairTarget");
pub const QR_PRE_GENERATE: Route = post("/group-dispatch-api/qrCode/preGenerate", false);
pub const QR_GET_CODE: Route = post("/group-dispatch-api/qrCode/getQrCode", false);
pub const QR_GET_CODE_V2: Route = post("/group-dispatch-api/qrCode/getQrCodeV2", false);
pub const QR_LOGIN_INFO: Route = post("/group-dispatch-api/qrCode/getQrCodeInfo", true);
pub const QR_ONLINE: Route = post("/group-dispatch-api/qrCode/onLine", false);
pub const QR_OFFLINE: Route = post("/group-dispatch-api/qrCode/offline", false);
pub const QR_LOG_OUT: Route = post("/group-dispatch-api/qrCode/logOut", false);
pub const QR_PORT_QUOTA: Route = get("/group-dispatch-api/qrCode/selectCloudPort");
pub const QR_PORT_DETAIL: Route = get("/group-dispatch-api/qrCode/selectCloudPortDetail");
pub const QR_CONTACTS: Route = get("/group-dispatch-api/qrCode/selectContact");
pub const QR_CONTACT_INFO: Route = post("/group-dispatch-api/qrCode/contact/info", true);
pub const QR_PROFILE: Route = post("/group-dispatch-api/qrCode/info/profile", true);
pub const PROFILE_UPDATE: Route = post(
    "/group-dispatch-api/channelInfo/updateAvatarOrNickname",
    false,
);

// PC QR scan tasks (whatsapp-accounts-qrcode.txt).
pub const SCAN_TASK_CREATE: Route = post("/wscrm-bus-api/qrCodeTask/create", false);
// Documented as callable repeatedly until the scan succeeds: it only reads the task's code.
pub const SCAN_TASK_QR_CODE: Route = post("/wscrm-bus-api/qrCodeTask/getQrCode", true);

/// Every route, in the order of the platform's endpoint index.
pub const ALL: [Route; 39] = [
    TASK_ASSIGN_SINGLE,
    TASK_ASSIGN_PAIRED,
    TASK_ASSIGN_PAIRED_CONTENT,
    TASK_ASSIGN_POOLED,
    TASK_ASSIGN_GROUP,
    TASK_UNASSIGNED_SINGLE,
    TASK_UNASSIGNED_MULTI,
    TASK_UNASSIGNED_CONDITIONAL,
    TASK_EXECUTION_STATUS,
    TASK_BATCH_START,
    TASK_BATCH_PAUSE,
    TASK_BATCH_STOP,
    AUDIENCE_ADD,
    AUDIENCE_QUERY,
    AUDIENCE_DETAIL,
    ACCOUNT_BATCH_INSERT,
    ACCOUNT_QUERY_STATUS,
    ACCOUNT_BATCH_ONLINE,
    ACCOUNT_BATCH_RECYCLE,
    REGISTER_SUBMIT_PHONE,
    REGISTER_SUBMIT_CODE,
    WAKE_UP_ADD,
    WAKE_UP_RESULTS,
    QR_PAIR_TARGETS,
    QR_PRE_GENERATE,
    QR_GET_CODE,
    QR_GET_CODE_V2,
    QR_LOGIN_INFO,
    QR_ONLINE,
    QR_OFFLINE,
    QR_LOG_OUT,
    QR_PORT_QUOTA,
    QR_PORT_DETAIL,
    QR_CONTACTS,
    QR_CONTACT_INFO,
    QR_PROFILE,
    PROFILE_UPDATE,
    SCAN_TASK_CREATE,
    SCAN_TASK_QR_CODE,
];
