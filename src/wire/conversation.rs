//! Wake-up action shapes (whatsapp-accounts-qrcode.txt).

use serde::{Deserialize, Serialize};

use super::lenient;

/// Body of batchAdd.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WakeUpBatch {
    /// `tenantId`: the company id the actions belong to.
    pub tenant_id: i64,
    /// The actions, one per friend conversation to open.
    pub data: Vec<WakeUpItem>,
}

/// A `data` item of batchAdd: open one friend conversation. The agent and the account must be
/// logged in within a minute or the action fails; the same pair opens conversations 10 s apart.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WakeUpItem {
    /// `agentAccount`: the agent whose client opens the window.
    pub agent_account: String,
    /// `whatsId`: the customer-service account; absent, the client offers its logged-in accounts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub whats_id: Option<String>,
    /// `friendWhatsId`: the friend whose conversation is opened.
    pub friend_whats_id: String,
    /// `platformType`: the device, 1 PC, 2 Android.
    pub platform_type: i64,
    /// A message to send in the opened conversation.
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
    /// `tenantId`: the company id the actions belong to.
    pub tenant_id: i64,
    /// The action ids batchAdd returned.
    pub data: Vec<String>,
}

/// `data` of callbackResult. The example gives a list of records; the table lists a record's
/// fields without saying they are in a list, so a single record object is read too.
#[derive(Debug, Deserialize)]
#[serde(transparent)]
pub struct ActionResults(#[serde(deserialize_with = "lenient::one_or_list")] pub Vec<ActionResult>);

/// A callbackResult record: how one wake-up action went.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActionResult {
    /// The action id batchAdd returned.
    #[serde(default, deserialize_with = "lenient::string")]
    pub id: String,
    /// `tenantId`: the company id.
    #[serde(default, deserialize_with = "lenient::int")]
    pub tenant_id: Option<i64>,
    /// `agentAccount`: the agent whose client ran the action.
    #[serde(default, deserialize_with = "lenient::string")]
    pub agent_account: String,
    /// `whatsId`: the customer-service account.
    #[serde(default, deserialize_with = "lenient::string")]
    pub whats_id: String,
    /// `friendWhatsId`: the friend whose conversation was opened.
    #[serde(default, deserialize_with = "lenient::string")]
    pub friend_whats_id: String,
    /// `type`: the action, 1 open the client's chat window.
    #[serde(rename = "type", default, deserialize_with = "lenient::int")]
    pub kind: Option<i64>,
    /// A String in the table, a number in the example: both are read.
    #[serde(default, deserialize_with = "lenient::int")]
    pub execute_status: Option<i64>,
    /// `executeTime`: platform-local `YYYY-MM-DD HH:MM:SS`; `1970-01-01 08:00:01` (a second past
    /// the epoch, at UTC+8) until the action has run.
    #[serde(default, deserialize_with = "lenient::string")]
    pub execute_time: String,
}
