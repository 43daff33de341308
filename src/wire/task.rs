//! Mass-dispatch task shapes (mass-dispatch-and-audience.txt).

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::value::RawValue;

use super::lenient;

/// Body of all eight create endpoints: each mode fills the fields its table lists, and absent
/// fields are not sent.
#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateTask {
    /// `name`: the task's name; optional.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `startTaskTime`: scheduled start, platform-local `YYYY-MM-DD HH:MM:SS`; absent means now.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_task_time: Option<String>,
    /// `endTaskTime`: scheduled end, platform-local `YYYY-MM-DD HH:MM:SS`; must lie in the future.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_task_time: Option<String>,
    /// `sendType`: send channel, 1 PC, 2 mobile WaChat, 3 cloud PC (3 is listed by soCreate only);
    /// absent means PC.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub send_type: Option<i64>,
    /// `agentAccount`: send as this agent (an agent account of the platform); optional.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agent_account: Option<String>,
    /// `targetType`, required by every mode: 1 individuals (phone numbers), 2 WhatsApp groups
    /// (group ids).
    pub target_type: i64,
    /// `sendWhatsApp`: the one customer-service account that sends (assign/soCreate).
    #[serde(rename = "sendWhatsApp", skip_serializing_if = "Option::is_none")]
    pub send_whats_app: Option<String>,
    /// A single target (soCreate) or, in noAssign/moCreate, a list under the same name.
    #[serde(rename = "friendWhatsApp", skip_serializing_if = "Option::is_none")]
    pub friend_whats_app: Option<OneOrMany>,
    /// `sendInfos`: bound sender → recipient pairs (assign/moscCreate; assign/modcCreate with
    /// per-pair content).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub send_infos: Option<Vec<SendInfo>>,
    /// `sendWhatsAppList`: the senders the platform shares the recipients among (assign/mmCreate).
    #[serde(rename = "sendWhatsAppList", skip_serializing_if = "Option::is_none")]
    pub send_whats_app_list: Option<Vec<String>>,
    /// groupCreate's example names this `friendWhatsApp`; its table, followed here, and mmCreate
    /// name it `friendWhatsAppList`.
    #[serde(rename = "friendWhatsAppList", skip_serializing_if = "Option::is_none")]
    pub friend_whats_app_list: Option<Vec<String>>,
    /// `whatsappGroupId`: the audience group whose members send (assign/groupCreate); the id
    /// addWhatsappAudience returned.
    #[serde(rename = "whatsappGroupId", skip_serializing_if = "Option::is_none")]
    pub whatsapp_group_id: Option<i64>,
    /// `targetAudienceCondition`: conditions that pick individual recipients (noAssign/comoCreate,
    /// target type 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_audience_condition: Option<Vec<AudienceCondition>>,
    /// `targetAudienceConditionOnGroup`: the query that picks WhatsApp groups (noAssign/comoCreate,
    /// target type 2).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_audience_condition_on_group: Option<GroupCondition>,
    /// comoCreate's second example names this `automatedBehaviorDTOS`; its table, followed
    /// here, names it `automatedBehavior`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub automated_behavior: Option<Vec<Behavior>>,
    /// `content`: the messages, sent in `sort` order; each at most 1024 characters. Absent only in
    /// modcCreate, whose content is per pair in `sendInfos`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<Vec<Content>>,
}

/// `friendWhatsApp`'s two documented shapes; untagged, so it serialises as the bare value.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum OneOrMany {
    /// One recipient: a phone number or a group id (soCreate).
    One(String),
    /// Several recipients, at most 5000 per task (noAssign/moCreate).
    Many(Vec<String>),
}

/// A `sendInfos` item: one sender bound to one recipient.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SendInfo {
    /// `sendWhatsApp`: the customer-service account that sends to this recipient.
    #[serde(rename = "sendWhatsApp")]
    pub send_whats_app: String,
    /// `friendWhatsApp`: the recipient, a phone number or a group id per `targetType`.
    #[serde(rename = "friendWhatsApp")]
    pub friend_whats_app: String,
    /// This pair's own messages (modcCreate only; moscCreate sends the task's `content` to all).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<Vec<Content>>,
}

/// One content item; which fields are set depends on `type`.
#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Content {
    /// `type`: 1 text, 2 image, 3 audio, 4 file, 5 video, 6 contact card, 10 contact card link, 11
    /// routing link.
    #[serde(rename = "type")]
    pub kind: i64,
    /// `text`: the message text, or a link's caption; at most 1024 characters. `{name}`
    /// placeholders are filled from `variableFields`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// `url`: the static resource (image, audio, file, video) or a contact card link's image.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// `fileName`: the name the recipient sees for `url` (listed by moscCreate only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file_name: Option<String>,
    /// `sort`: this item's position among the task's messages, ascending.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sort: Option<i32>,
    /// `variableFields`: the recipient attributes that fill `text`'s placeholders.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variable_fields: Option<Vec<VariableField>>,
    /// `transId`: the caller's reference for this message (the documents give only its name); the
    /// detail-status webhook reports a `transId` per recipient.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trans_id: Option<String>,
    /// `routeType` of a routing link (type 11): 1 agent, 2 WhatsApp group, 3 custom inbound.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub route_type: Option<i64>,
    /// `routeList` of a routing link: agent ids, group ids or WhatsApp numbers, per `routeType`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub route_list: Option<Vec<String>>,
    /// `title` of a contact card link (type 10).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// `desc` of a contact card link (type 10).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub desc: Option<String>,
    /// `link` of a contact card link (type 10): where the card leads.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    /// `adsTemplateId`: an ad template configured on the platform beforehand; when set it replaces
    /// title, desc, link and url (contact card links only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ads_template_id: Option<i64>,
}

/// A `variableFields` item: one placeholder of a message's text.
#[derive(Debug, Serialize)]
pub struct VariableField {
    /// `type`: 1 basic attribute (friendName, birthday, ...), 2 extended field configured in the
    /// platform's admin backend.
    #[serde(rename = "type")]
    pub kind: i64,
    /// `name`: the attribute's name, as written between braces in the text.
    pub name: String,
}

/// `targetAudienceCondition` item. Its table types `type` as String (the example agrees:
/// "1"), and `opsType` as int (the example sends "1": a variant the gateway does not copy).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AudienceCondition {
    /// `type`: 1 basic attribute, 2 extended field.
    #[serde(rename = "type")]
    pub kind: String,
    /// `name`: the attribute the condition tests.
    pub name: String,
    /// `opsType`: 1 less than, 2 equal, 3 greater than, 4 range
    /// (`rangeValueStart`..`rangeValueEnd`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ops_type: Option<i64>,
    /// `value` compared with operators 1-3.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// `rangeValueStart`: lower end of a range condition (`opsType` 4).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub range_value_start: Option<String>,
    /// `rangeValueEnd`: upper end of a range condition (`opsType` 4).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub range_value_end: Option<String>,
}

/// `targetAudienceConditionOnGroup`: which WhatsApp groups a group task goes to; unset filters are
/// omitted.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupCondition {
    /// `whatsappList`: groups of these customer-service numbers.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub whatsapp_list: Vec<String>,
    /// `groupTabIds`: groups carrying these group tag ids.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub group_tab_ids: Vec<i64>,
    /// `principalList`: groups owned by these owners (their ids).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub principal_list: Vec<i64>,
    /// `groupName`: group name, matched fuzzily by the platform.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group_name: Option<String>,
}

/// `automatedBehavior` item: numbers and a tag list, as its table types them (its example
/// sends numeric strings and a single string).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Behavior {
    /// `eventType`: the trigger, 1 message sent, 2 message send failed.
    pub event_type: i64,
    /// `actionType`: what changes, 1 the customer's stage, 2 the customer's tags.
    pub action_type: i64,
    /// `opsType`: 1 add, 2 remove, 3 modify.
    pub ops_type: i64,
    /// `customerTagValue`: the tags added, removed or set (action type 2).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub customer_tag_value: Vec<String>,
    /// `customerStageValue`: the stage set (action type 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_stage_value: Option<i32>,
}

/// `data` of the create endpoints: `{"taskId": "..."}`; a bare id is read too.
#[derive(Debug)]
pub struct TaskCreated {
    /// The new task's id (`taskId`): hex or digits, kept as text.
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
    /// `taskId` of the task to report on (the document calls it the order id).
    pub task_id: String,
}

/// `data` of queryExecuteStatus.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExecutionStatus {
    /// `taskId`, as asked.
    #[serde(default, deserialize_with = "lenient::string")]
    pub task_id: String,
    /// Task status: 1 pending start, 2 pending send, 3 dispatching, 4 stopped, 5 completed, 6
    /// paused.
    #[serde(default, deserialize_with = "lenient::int")]
    pub status: Option<i64>,
    /// `info`: one record per sender → recipient pair; runs to thousands.
    #[serde(default, deserialize_with = "lenient::list")]
    pub info: Vec<RecipientInfo>,
}

/// An `info` item of queryExecuteStatus: where one recipient stands.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecipientInfo {
    /// The sending customer-service account (the table's nameless row; `whatsApp` in the example).
    #[serde(rename = "whatsApp", default, deserialize_with = "lenient::string")]
    pub whats_app: String,
    /// `friendWhatsApp`: the recipient, a phone number or a group id.
    #[serde(
        rename = "friendWhatsApp",
        default,
        deserialize_with = "lenient::string"
    )]
    pub friend_whats_app: String,
    /// Recipient status: 0 pending dispatch, 1 pending send, 2 sending, 3 sent, 4 delivered, 5
    /// read, 6 read and replied, 7 read without reply, -1 send failed.
    #[serde(default, deserialize_with = "lenient::int")]
    pub status: Option<i64>,
    /// `time` the status was reached, platform-local `YYYY-MM-DD HH:MM:SS` (the webhook gives epoch
    /// milliseconds instead).
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
