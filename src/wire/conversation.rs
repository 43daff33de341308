//! Wake-up action shapes (whatsapp-accounts-qrcode.txt).

use serde::{Deserialize, Serialize};

use super::lenient;

/// Body of batchAdd.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WakeUpBatch {
    pub tenant_id: i64,
    pub data: Vec<WakeUpItem>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WakeUpItem {
    pub agent_account: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub whats_id: Option<String>,
    pub friend_whats_id: String,
    pub platform_type: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    /// The table's int; the example sends "1", a variant the gateway does not copy.
    #[serde(rename = "type")]
    pub kind: i64,
}

/// `data` of batchAdd: its table types it as a String, its example gives a list of ids. Both are
/// read (a single string as one id; null or `""` as none).
#[derive(Debug, Deserialize)]
#[serde(transparent)]
pub struct ActionIds(#[serde(deserialize_with = "lenient::string_list")] pub Vec<String>);

/// Body of callbackResult.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResultQuery {
    pub tenant_id: i64,
    pub data: Vec<String>,
}

/// `data` of callbackResult. The example gives a list of records; the table lists a record's
/// fields without saying they are in a list, so a single record object is read too.
#[derive(Debug, Deserialize)]
#[serde(transparent)]
pub struct ActionResults(#[serde(deserialize_with = "lenient::one_or_list")] pub Vec<ActionResult>);

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActionResult {
    #[serde(default, deserialize_with = "lenient::string")]
    pub id: String,
    #[serde(default, deserialize_with = "lenient::int")]
    pub tenant_id: Option<i64>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub agent_account: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub whats_id: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub friend_whats_id: String,
    #[serde(rename = "type", default, deserialize_with = "lenient::int")]
    pub kind: Option<i64>,
    /// A String in the table, a number in the example: both are read.
    #[serde(default, deserialize_with = "lenient::int")]
    pub execute_status: Option<i64>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub execute_time: String,
}
