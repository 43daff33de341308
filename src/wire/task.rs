//! Mass-dispatch task shapes (mass-dispatch-and-audience.txt).

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::value::RawValue;

use super::lenient;

/// Body of all eight create endpoints: each mode fills the fields its table lists, and absent
/// fields are not sent.
#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateTask {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_task_time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_task_time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub send_type: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agent_account: Option<String>,
    pub target_type: i64,
    #[serde(rename = "sendWhatsApp", skip_serializing_if = "Option::is_none")]
    pub send_whats_app: Option<String>,
    /// A single target (soCreate) or, in noAssign/moCreate, a list under the same name.
    #[serde(rename = "friendWhatsApp", skip_serializing_if = "Option::is_none")]
    pub friend_whats_app: Option<OneOrMany>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub send_infos: Option<Vec<SendInfo>>,
    #[serde(rename = "sendWhatsAppList", skip_serializing_if = "Option::is_none")]
    pub send_whats_app_list: Option<Vec<String>>,
    /// groupCreate's example names this `friendWhatsApp`; its table, followed here, and mmCreate
    /// name it `friendWhatsAppList`.
    #[serde(rename = "friendWhatsAppList", skip_serializing_if = "Option::is_none")]
    pub friend_whats_app_list: Option<Vec<String>>,
    #[serde(rename = "whatsappGroupId", skip_serializing_if = "Option::is_none")]
    pub whatsapp_group_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_audience_condition: Option<Vec<AudienceCondition>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_audience_condition_on_group: Option<GroupCondition>,
    /// comoCreate's second example names this `automatedBehaviorDTOS`; its table, followed
    /// here, names it `automatedBehavior`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub automated_behavior: Option<Vec<Behavior>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<Vec<Content>>,
}

#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SendInfo {
    #[serde(rename = "sendWhatsApp")]
    pub send_whats_app: String,
    #[serde(rename = "friendWhatsApp")]
    pub friend_whats_app: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<Vec<Content>>,
}

/// One content item; which fields are set depends on `type`.
#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Content {
    #[serde(rename = "type")]
    pub kind: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sort: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variable_fields: Option<Vec<VariableField>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trans_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub route_type: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub route_list: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub desc: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ads_template_id: Option<i64>,
}

#[derive(Debug, Serialize)]
pub struct VariableField {
    #[serde(rename = "type")]
    pub kind: i64,
    pub name: String,
}

/// `targetAudienceCondition` item. Its table types `type` as String (the example agrees:
/// "1"), and `opsType` as int (the example sends "1": a variant the gateway does not copy).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AudienceCondition {
    #[serde(rename = "type")]
    pub kind: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ops_type: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub range_value_start: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub range_value_end: Option<String>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupCondition {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub whatsapp_list: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub group_tab_ids: Vec<i64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub principal_list: Vec<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group_name: Option<String>,
}

/// `automatedBehavior` item: numbers and a tag list, as its table types them (its example
/// sends numeric strings and a single string).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Behavior {
    pub event_type: i64,
    pub action_type: i64,
    pub ops_type: i64,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub customer_tag_value: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_stage_value: Option<i32>,
}

/// `data` of the create endpoints: `{"taskId": "..."}`; a bare id is read too.
#[derive(Debug)]
pub struct TaskCreated {
    pub task_id: String,
}

impl<'de> Deserialize<'de> for TaskCreated {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        super::bare_or_keyed_id(de, "taskId").map(|task_id| Self { task_id })
    }
}

/// Query of queryExecuteStatus.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExecutionStatusQuery {
    pub task_id: String,
}

/// `data` of queryExecuteStatus.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExecutionStatus {
    #[serde(default, deserialize_with = "lenient::string")]
    pub task_id: String,
    #[serde(default, deserialize_with = "lenient::int")]
    pub status: Option<i64>,
    #[serde(default, deserialize_with = "lenient::list")]
    pub info: Vec<RecipientInfo>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecipientInfo {
    #[serde(rename = "whatsApp", default, deserialize_with = "lenient::string")]
    pub whats_app: String,
    #[serde(
        rename = "friendWhatsApp",
        default,
        deserialize_with = "lenient::string"
    )]
    pub friend_whats_app: String,
    #[serde(default, deserialize_with = "lenient::int")]
    pub status: Option<i64>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub time: String,
}

/// Body of batchStart / batchPause / batchStop: a bare JSON array of task ids. The documents'
/// examples give numbers; task ids are also hex strings elsewhere, so an all-digit id is sent as a
/// JSON number, digit for digit (no i64 or f64 in between, so ids of any size stay exact), and
/// any other id as a string.
pub fn task_id_array(ids: &[String]) -> Vec<Box<RawValue>> {
    ids.iter()
        .map(|id| {
            let numeric = !id.is_empty()
                && id.bytes().all(|b| b.is_ascii_digit())
                && (id == "0" || !id.starts_with('0'));
            let json = if numeric {
                id.clone()
            } else {
                serde_json::to_string(id).expect("a string serialises")
            };
            RawValue::from_string(json).expect("digits or a JSON string are valid JSON")
        })
        .collect()
}
