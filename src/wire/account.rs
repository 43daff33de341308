//! Customer-service account and registration shapes (account-management.txt, repeated in
//! whatsapp-accounts-qrcode.txt).

use serde::{Deserialize, Serialize};

use super::lenient;

/// Body of batchInsert.
#[derive(Debug, Serialize)]
pub struct ImportAccounts {
    #[serde(rename = "whatsAppList")]
    pub whats_app_list: Vec<Credentials>,
}

/// A `whatsAppList` item of batchInsert, and the shared part of batchOnline's. The tables mark
/// the key fields required while the examples send them as `""`: every string field is sent,
/// empty or not, as the examples do.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Credentials {
    /// The tables' nameless phone row; the examples call it `whatsApp`.
    #[serde(rename = "whatsApp")]
    pub whats_app: String,
    /// Optional in the tables (default personal), so omitted when not chosen.
    #[serde(rename = "whatsappType", skip_serializing_if = "Option::is_none")]
    pub whatsapp_type: Option<i64>,
    pub name: String,
    pub avatar: String,
    pub public_key: String,
    pub private_key: String,
    pub msg_public_key: String,
    pub msg_private_key: String,
    pub account_id: String,
    pub next_key_id: String,
    pub registration_id: String,
    pub device_params: String,
}

/// Body of batchOnline.
#[derive(Debug, Serialize)]
pub struct BringOnline {
    #[serde(rename = "whatsAppList")]
    pub whats_app_list: Vec<OnlineAccount>,
}

/// A `whatsAppList` item of batchOnline: the batchInsert item plus `override`.
#[derive(Debug, Serialize)]
pub struct OnlineAccount {
    pub r#override: bool,
    #[serde(flatten)]
    pub credentials: Credentials,
}

/// Body of batchRecycle: unlike batchInsert/batchOnline, its `whatsAppList` holds bare phone
/// numbers.
#[derive(Debug, Serialize)]
pub struct Recycle {
    #[serde(rename = "whatsAppList")]
    pub whats_app_list: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountState {
    /// The table's nameless phone row; the example calls it `whatsApp`.
    #[serde(rename = "whatsApp", default, deserialize_with = "lenient::string")]
    pub whats_app: String,
    #[serde(default, deserialize_with = "lenient::int")]
    pub status: Option<i64>,
    #[serde(default, deserialize_with = "lenient::int")]
    pub online_status: Option<i64>,
}

/// Body of register/submitPhone.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SubmitPhone {
    pub phone: String,
    pub verify_type: i64,
    pub account_type: i64,
    pub area_code: String,
    pub country_code: String,
}

/// `data` of register/submitPhone: the registration task id, an int (a numeric string is read
/// too).
#[derive(Debug, Deserialize)]
#[serde(transparent)]
pub struct RegistrationId(#[serde(deserialize_with = "lenient::int")] pub Option<i64>);

/// Body of register/submitVerifyCode.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SubmitVerifyCode {
    pub phone: String,
    pub verify_code: String,
    pub area_code: String,
}
