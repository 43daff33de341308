//! Audience group shapes (mass-dispatch-and-audience.txt).

use serde::{Deserialize, Serialize};

use super::lenient;

/// Body of addWhatsappAudience.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AddAudience {
    pub name: String,
    pub whats_id_list: Vec<String>,
}

/// `data` of addWhatsappAudience.
#[derive(Debug, Deserialize)]
pub struct AudienceAdded {
    #[serde(default, deserialize_with = "lenient::int")]
    pub id: Option<i64>,
    #[serde(default, deserialize_with = "lenient::int")]
    pub count: Option<i64>,
}

/// Query of whatsapp-audience/query; every parameter is optional and omitted when unset.
#[derive(Debug, Serialize)]
pub struct AudienceQuery {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<i32>,
}

/// `data` of whatsapp-audience/query.
#[derive(Debug, Deserialize)]
pub struct AudiencePage {
    #[serde(default, deserialize_with = "lenient::list")]
    pub records: Vec<AudienceRecord>,
    #[serde(default, deserialize_with = "lenient::int")]
    pub total: Option<i64>,
}

#[derive(Debug, Deserialize)]
pub struct AudienceRecord {
    #[serde(default, deserialize_with = "lenient::int")]
    pub id: Option<i64>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub name: String,
    #[serde(default, deserialize_with = "lenient::list")]
    pub items: Vec<AudienceItem>,
}

/// A member; `countryCode` is the platform's localised region name ("Iran", "UNKNOWN").
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AudienceItem {
    #[serde(default, deserialize_with = "lenient::string")]
    pub phone: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub country_code: String,
}

/// Query of whatsapp-audience/queryDetail.
#[derive(Debug, Serialize)]
pub struct AudienceDetailQuery {
    pub id: i64,
}

/// `data` of queryDetail: its table describes one object {phone, countryCode}, its example
/// gives an array of them. Both are read (null or `""` as no members).
#[derive(Debug, Deserialize)]
#[serde(transparent)]
pub struct AudienceMembers(
    #[serde(deserialize_with = "lenient::one_or_list")] pub Vec<AudienceItem>,
);
