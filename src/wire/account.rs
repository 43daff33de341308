//! Customer-service account and registration shapes (account-management.txt, repeated in
//! whatsapp-accounts-qrcode.txt).

use serde::{Deserialize, Serialize};

use super::lenient;

/// Body of batchInsert.
#[derive(Debug, Serialize)]
pub struct ImportAccounts {
    /// The accounts to import, each with its keys.
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
    /// Display name (`name`).
    pub name: String,
    /// Avatar image URL (`avatar`).
    pub avatar: String,
    /// `publicKey`: the account public key.
    pub public_key: String,
    /// `privateKey`: the account private key; a secret.
    pub private_key: String,
    /// `msgPublicKey`: the message public key.
    pub msg_public_key: String,
    /// `msgPrivateKey`: the message private key; a secret.
    pub msg_private_key: String,
    /// `accountId`: the account id (required by batchInsert, optional in batchOnline).
    pub account_id: String,
    /// `nextKeyId`, passed through as given (the documents give only its name).
    pub next_key_id: String,
    /// `registrationId`: the account's WhatsApp registration id.
    pub registration_id: String,
    /// `deviceParams`: the device parameters, opaque to the gateway.
    pub device_params: String,
}

/// Body of batchOnline.
#[derive(Debug, Serialize)]
pub struct BringOnline {
    /// The accounts to bring online, each with its keys.
    #[serde(rename = "whatsAppList")]
    pub whats_app_list: Vec<OnlineAccount>,
}

/// A `whatsAppList` item of batchOnline: the batchInsert item plus `override`.
#[derive(Debug, Serialize)]
pub struct OnlineAccount {
    /// `override`: whether to override the account if the platform already has it (the documents
    /// say no more).
    pub r#override: bool,
    /// The batchInsert fields, flattened beside `override`.
    #[serde(flatten)]
    pub credentials: Credentials,
}

/// Body of batchRecycle: unlike batchInsert/batchOnline, its `whatsAppList` holds bare phone
/// numbers.
#[derive(Debug, Serialize)]
pub struct Recycle {
    /// The phone numbers of the accounts to recycle.
    #[serde(rename = "whatsAppList")]
    pub whats_app_list: Vec<String>,
}

/// A queryWhatsAppStatus item: one customer-service account and its state.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountState {
    /// The table's nameless phone row; the example calls it `whatsApp`.
    #[serde(rename = "whatsApp", default, deserialize_with = "lenient::string")]
    pub whats_app: String,
    /// Account status: 1 normal, 2 banned.
    #[serde(default, deserialize_with = "lenient::int")]
    pub status: Option<i64>,
    /// `onlineStatus`: 1 logging in, 2 online, 3 logging out, 4 offline.
    #[serde(default, deserialize_with = "lenient::int")]
    pub online_status: Option<i64>,
}

/// Body of register/submitPhone.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SubmitPhone {
    /// The number to register, without the area code.
    pub phone: String,
    /// `verifyType`: how the code is delivered, 0 SMS, 1 voice, 2 missed call, 3 internal.
    pub verify_type: i64,
    /// `accountType`: 1 personal, 2 business.
    pub account_type: i64,
    /// `areaCode`: the dialling prefix with its plus, e.g. "+86".
    pub area_code: String,
    /// `countryCode`: ISO country code, e.g. "CN".
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
    /// The number being registered, as sent to submitPhone.
    pub phone: String,
    /// `verifyCode`: the code WhatsApp delivered.
    pub verify_code: String,
    /// `areaCode`: the dialling prefix, as sent to submitPhone.
    pub area_code: String,
}
