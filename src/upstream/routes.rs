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
/// Quick create, specified account and one target (soCreate).
pub const CREATE_SINGLE_TARGET_TASK: Route =
    post("/group-dispatch-api/gsTask/assign/soCreate", false);
/// Quick create, bound sender → recipient pairs sharing one content (moscCreate).
pub const CREATE_PAIRED_TASK: Route = post("/group-dispatch-api/gsTask/assign/moscCreate", false);
/// Quick create, bound sender → recipient pairs, each with its own content (modcCreate).
pub const CREATE_PAIRED_CONTENT_TASK: Route =
    post("/group-dispatch-api/gsTask/assign/modcCreate", false);
/// Quick create, several senders and recipients, assigned freely by the platform (mmCreate).
pub const CREATE_POOLED_TASK: Route = post("/group-dispatch-api/gsTask/assign/mmCreate", false);
/// Quick create, the senders are an audience group's accounts (groupCreate).
pub const CREATE_ACCOUNT_GROUP_TASK: Route =
    post("/group-dispatch-api/gsTask/assign/groupCreate", false);
/// Quick create, the platform picks the account, one target (noAssign/soCreate).
pub const CREATE_UNASSIGNED_SINGLE_TARGET_TASK: Route =
    post("/group-dispatch-api/gsTask/noAssign/soCreate", false);
/// Quick create, the platform picks the accounts, several targets (noAssign/moCreate).
pub const CREATE_UNASSIGNED_TASK: Route =
    post("/group-dispatch-api/gsTask/noAssign/moCreate", false);
/// Quick create, recipients picked by conditions, with automated behaviours (comoCreate).
pub const CREATE_CONDITIONAL_TASK: Route =
    post("/group-dispatch-api/gsTask/noAssign/comoCreate", false);
/// A task's status with every recipient's (queryExecuteStatus).
pub const GET_TASK_EXECUTION_STATUS: Route = get("/group-dispatch-api/gsTask/queryExecuteStatus");
/// Start tasks, by id (batchStart).
pub const START_TASKS: Route = post("/group-dispatch-api/gsTask/batchStart", false);
/// Pause tasks, by id (batchPause).
pub const PAUSE_TASKS: Route = post("/group-dispatch-api/gsTask/batchPause", false);
/// Stop tasks, by id (batchStop).
pub const STOP_TASKS: Route = post("/group-dispatch-api/gsTask/batchStop", false);

// Audience groups (mass-dispatch-and-audience.txt).
/// Create an audience group from phone numbers (addWhatsappAudience).
pub const CREATE_AUDIENCE_GROUP: Route = post(
    "/group-dispatch-api/whatsapp-audience/addWhatsappAudience",
    false,
);
/// Audience groups with their members, paged (whatsapp-audience/query).
pub const LIST_AUDIENCE_GROUPS: Route = get("/group-dispatch-api/whatsapp-audience/query");
/// One audience group's members (queryDetail).
pub const GET_AUDIENCE_GROUP_MEMBERS: Route =
    get("/group-dispatch-api/whatsapp-audience/queryDetail");

// Customer-service accounts and registration (account-management.txt).
/// Import customer-service accounts with their keys (batchInsert).
pub const IMPORT_ACCOUNTS: Route = post("/group-dispatch-api/whatsapp/batchInsert", false);
/// Every customer-service account with its status and online status (queryWhatsAppStatus).
pub const LIST_ACCOUNTS: Route = get("/group-dispatch-api/whatsapp/queryWhatsAppStatus");
/// Bring customer-service accounts online (batchOnline).
pub const BRING_ACCOUNTS_ONLINE: Route = post("/group-dispatch-api/whatsapp/batchOnline", false);
/// Recycle customer-service accounts (batchRecycle).
pub const RECYCLE_ACCOUNTS: Route = post("/group-dispatch-api/whatsapp/batchRecycle", false);
/// Registration, step 1: submit the phone number; WhatsApp then sends the code (submitPhone).
pub const SUBMIT_REGISTRATION_PHONE: Route =
    post("/group-dispatch-api/register/submitPhone", false);
/// Registration, step 2: submit the verification code (submitVerifyCode).
pub const SUBMIT_REGISTRATION_CODE: Route =
    post("/group-dispatch-api/register/submitVerifyCode", false);

// Wake-up actions (whatsapp-accounts-qrcode.txt).
/// Open friend conversations on agents' clients, with an optional message (open/action/batchAdd).
pub const WAKE_UP_CONVERSATIONS: Route = post("/wscrm-bus-api/open/action/batchAdd", false);
/// How wake-up actions went, by action id (callbackResult); a POST that only reads.
pub const GET_WAKE_UP_RESULTS: Route = post("/wscrm-bus-api/open/action/callbackResult", true);

// Cloud ports and QR login (whatsapp-accounts-qrcode.txt).
/// The pairing targets a login port may be reserved for (selectPairTarget).
pub const LIST_PAIR_TARGETS: Route = get("/group-dispatch-api/qrCode/selectPairTarget");
/// Reserve a port and get its login window id; the port is held for 10 minutes (preGenerate).
pub const RESERVE_LOGIN_PORT: Route = post("/group-dispatch-api/qrCode/preGenerate", false);
/// The QR code of a login window (getQrCode).
pub const GET_LOGIN_QR_CODE: Route = post("/group-dispatch-api/qrCode/getQrCode", false);
/// The QR code or the pair code of a login window for a phone (getQrCodeV2).
pub const GET_LOGIN_CODE: Route = post("/group-dispatch-api/qrCode/getQrCodeV2", false);
/// Login state of a window or an account (getQrCodeInfo); a POST that only reads.
pub const GET_LOGIN_INFO: Route = post("/group-dispatch-api/qrCode/getQrCodeInfo", true);
/// Bring a cloud-port account online (qrCode/onLine).
pub const BRING_PORT_ONLINE: Route = post("/group-dispatch-api/qrCode/onLine", false);
/// Take a cloud-port account offline (qrCode/offline).
pub const TAKE_PORT_OFFLINE: Route = post("/group-dispatch-api/qrCode/offline", false);
/// Log a cloud-port account out (qrCode/logOut).
pub const LOG_OUT_PORT: Route = post("/group-dispatch-api/qrCode/logOut", false);
/// Ports in use and the quota (selectCloudPort).
pub const GET_PORT_QUOTA: Route = get("/group-dispatch-api/qrCode/selectCloudPort");
/// Every occupied port, with its number and status (selectCloudPortDetail).
pub const LIST_PORTS: Route = get("/group-dispatch-api/qrCode/selectCloudPortDetail");
/// A cloud port's address book (selectContact); may trigger WhatsApp's risk control.
pub const LIST_CONTACTS: Route = get("/group-dispatch-api/qrCode/selectContact");
/// One contact of a cloud port by phone (contact/info); a POST that only reads.
pub const GET_CONTACT: Route = post("/group-dispatch-api/qrCode/contact/info", true);
/// A cloud-port account's WhatsApp profile (info/profile); a POST that only reads.
pub const GET_PROFILE: Route = post("/group-dispatch-api/qrCode/info/profile", true);
/// Set accounts' avatar and nickname (channelInfo/updateAvatarOrNickname).
pub const UPDATE_AVATAR_OR_NICKNAME: Route = post(
    "/group-dispatch-api/channelInfo/updateAvatarOrNickname",
    false,
);

// PC QR scan tasks (whatsapp-accounts-qrcode.txt).
/// Create a PC QR scan task on an agent's client (qrCodeTask/create).
pub const CREATE_SCAN_TASK: Route = post("/wscrm-bus-api/qrCodeTask/create", false);
// Documented as callable repeatedly until the scan succeeds: it only reads the task's code.
/// The QR code of a PC scan task (qrCodeTask/getQrCode).
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
