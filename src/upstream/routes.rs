//! The platform's 39 endpoints as data: method, path and whether a call may be retried. Each is
//! named after the RPC that calls it; the path says the platform's own name.
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
pub const CREATE_SINGLE_TARGET_TASK: Route =
    post("/group-dispatch-api/gsTask/assign/soCreate", false);
pub const CREATE_PAIRED_TASK: Route = post("/group-dispatch-api/gsTask/assign/moscCreate", false);
pub const CREATE_PAIRED_CONTENT_TASK: Route =
    post("/group-dispatch-api/gsTask/assign/modcCreate", false);
pub const CREATE_POOLED_TASK: Route = post("/group-dispatch-api/gsTask/assign/mmCreate", false);
pub const CREATE_ACCOUNT_GROUP_TASK: Route =
    post("/group-dispatch-api/gsTask/assign/groupCreate", false);
pub const CREATE_UNASSIGNED_SINGLE_TARGET_TASK: Route =
    post("/group-dispatch-api/gsTask/noAssign/soCreate", false);
pub const CREATE_UNASSIGNED_TASK: Route =
    post("/group-dispatch-api/gsTask/noAssign/moCreate", false);
pub const CREATE_CONDITIONAL_TASK: Route =
    post("/group-dispatch-api/gsTask/noAssign/comoCreate", false);
pub const GET_TASK_EXECUTION_STATUS: Route = get("/group-dispatch-api/gsTask/queryExecuteStatus");
pub const START_TASKS: Route = post("/group-dispatch-api/gsTask/batchStart", false);
pub const PAUSE_TASKS: Route = post("/group-dispatch-api/gsTask/batchPause", false);
pub const STOP_TASKS: Route = post("/group-dispatch-api/gsTask/batchStop", false);

// Audience groups (mass-dispatch-and-audience.txt).
pub const CREATE_AUDIENCE_GROUP: Route = post(
    "/group-dispatch-api/whatsapp-audience/addWhatsappAudience",
    false,
);
pub const LIST_AUDIENCE_GROUPS: Route = get("/group-dispatch-api/whatsapp-audience/query");
pub const GET_AUDIENCE_GROUP_MEMBERS: Route =
    get("/group-dispatch-api/whatsapp-audience/queryDetail");

// Customer-service accounts and registration (account-management.txt).
pub const IMPORT_ACCOUNTS: Route = post("/group-dispatch-api/whatsapp/batchInsert", false);
pub const LIST_ACCOUNTS: Route = get("/group-dispatch-api/whatsapp/queryWhatsAppStatus");
pub const BRING_ACCOUNTS_ONLINE: Route = post("/group-dispatch-api/whatsapp/batchOnline", false);
pub const RECYCLE_ACCOUNTS: Route = post("/group-dispatch-api/whatsapp/batchRecycle", false);
pub const SUBMIT_REGISTRATION_PHONE: Route =
    post("/group-dispatch-api/register/submitPhone", false);
pub const SUBMIT_REGISTRATION_CODE: Route =
    post("/group-dispatch-api/register/submitVerifyCode", false);

// Wake-up actions (whatsapp-accounts-qrcode.txt).
pub const WAKE_UP_CONVERSATIONS: Route = post("/wscrm-bus-api/open/action/batchAdd", false);
pub const GET_WAKE_UP_RESULTS: Route = post("/wscrm-bus-api/open/action/callbackResult", true);

// Cloud ports and QR login (whatsapp-accounts-qrcode.txt).
pub const LIST_PAIR_TARGETS: Route = get("/group-dispatch-api/qrCode/selectPairTarget");
pub const RESERVE_LOGIN_PORT: Route = post("/group-dispatch-api/qrCode/preGenerate", false);
pub const GET_LOGIN_QR_CODE: Route = post("/group-dispatch-api/qrCode/getQrCode", false);
pub const GET_LOGIN_CODE: Route = post("/group-dispatch-api/qrCode/getQrCodeV2", false);
pub const GET_LOGIN_INFO: Route = post("/group-dispatch-api/qrCode/getQrCodeInfo", true);
pub const BRING_PORT_ONLINE: Route = post("/group-dispatch-api/qrCode/onLine", false);
pub const TAKE_PORT_OFFLINE: Route = post("/group-dispatch-api/qrCode/offline", false);
pub const LOG_OUT_PORT: Route = post("/group-dispatch-api/qrCode/logOut", false);
pub const GET_PORT_QUOTA: Route = get("/group-dispatch-api/qrCode/selectCloudPort");
pub const LIST_PORTS: Route = get("/group-dispatch-api/qrCode/selectCloudPortDetail");
pub const LIST_CONTACTS: Route = get("/group-dispatch-api/qrCode/selectContact");
pub const GET_CONTACT: Route = post("/group-dispatch-api/qrCode/contact/info", true);
pub const GET_PROFILE: Route = post("/group-dispatch-api/qrCode/info/profile", true);
pub const UPDATE_AVATAR_OR_NICKNAME: Route = post(
    "/group-dispatch-api/channelInfo/updateAvatarOrNickname",
    false,
);

// PC QR scan tasks (whatsapp-accounts-qrcode.txt).
pub const CREATE_SCAN_TASK: Route = post("/wscrm-bus-api/qrCodeTask/create", false);
// Documented as callable repeatedly until the scan succeeds: it only reads the task's code.
pub const GET_SCAN_TASK_QR_CODE: Route = post("/wscrm-bus-api/qrCodeTask/getQrCode", true);

/// Every route, in the order of the platform's endpoint index.
pub const ALL: [Route; 39] = [
    CREATE_SINGLE_TARGET_TASK,
    CREATE_PAIRED_TASK,
    CREATE_PAIRED_CONTENT_TASK,
    CREATE_POOLED_TASK,
    CREATE_ACCOUNT_GROUP_TASK,
    CREATE_UNASSIGNED_SINGLE_TARGET_TASK,
    CREATE_UNASSIGNED_TASK,
    CREATE_CONDITIONAL_TASK,
    GET_TASK_EXECUTION_STATUS,
    START_TASKS,
    PAUSE_TASKS,
    STOP_TASKS,
    CREATE_AUDIENCE_GROUP,
    LIST_AUDIENCE_GROUPS,
    GET_AUDIENCE_GROUP_MEMBERS,
    IMPORT_ACCOUNTS,
    LIST_ACCOUNTS,
    BRING_ACCOUNTS_ONLINE,
    RECYCLE_ACCOUNTS,
    SUBMIT_REGISTRATION_PHONE,
    SUBMIT_REGISTRATION_CODE,
    WAKE_UP_CONVERSATIONS,
    GET_WAKE_UP_RESULTS,
    LIST_PAIR_TARGETS,
    RESERVE_LOGIN_PORT,
    GET_LOGIN_QR_CODE,
    GET_LOGIN_CODE,
    GET_LOGIN_INFO,
    BRING_PORT_ONLINE,
    TAKE_PORT_OFFLINE,
    LOG_OUT_PORT,
    GET_PORT_QUOTA,
    LIST_PORTS,
    LIST_CONTACTS,
    GET_CONTACT,
    GET_PROFILE,
    UPDATE_AVATAR_OR_NICKNAME,
    CREATE_SCAN_TASK,
    GET_SCAN_TASK_QR_CODE,
];
