//! Audience group shapes (mass-dispatch-and-audience.txt).

use serde::{Deserialize, Serialize};

use super::lenient;

/// Body of addWhatsappAudience.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AddAudience {
    /// The group's name.
    pub name: String,
    /// `whatsIdList`: the members' phone numbers.
    pub whats_id_list: Vec<String>,
}

/// `data` of addWhatsappAudience.
#[derive(Debug, Deserialize)]
pub struct AudienceAdded {
    /// The new audience group's id: what a groupCreate task names as `whatsappGroupId`.
    #[serde(default, deserialize_with = "lenient::int")]
    pub id: Option<i64>,
    /// `count`: how many members were saved; may be fewer than were sent.
    #[serde(default, deserialize_with = "lenient::int")]
    pub count: Option<i64>,
}

/// Query of whatsapp-audience/query; every parameter is optional and omitted when unset.
#[derive(Debug, Serialize)]
pub struct AudienceQuery {
    /// Group name filter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// One group by id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// Page number, from 1 (the platform's default).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current: Option<i32>,
    /// Page size; the platform's default is 10.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<i32>,
}

/// `data` of whatsapp-audience/query.
#[derive(Debug, Deserialize)]
pub struct AudiencePage {
    /// This page's groups.
    #[serde(default, deserialize_with = "lenient::list")]
    pub records: Vec<AudienceRecord>,
    /// Groups matching the query across all pages.
    #[serde(default, deserialize_with = "lenient::int")]
    pub total: Option<i64>,
}

/// A `records` item: one audience group with its members.
#[derive(Debug, Deserialize)]
pub struct AudienceRecord {
    /// The group's id.
    #[serde(default, deserialize_with = "lenient::int")]
    pub id: Option<i64>,
    /// The group's name; optional in the table.
    #[serde(default, deserialize_with = "lenient::string")]
    pub name: String,
    /// The group's members.
    #[serde(default, deserialize_with = "lenient::list")]
    pub items: Vec<AudienceItem>,
}

/// A member; `countryCode` is the platform's localised region name ("Iran", "UNKNOWN").
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AudienceItem {
    /// The member's phone number.
    #[serde(default, deserialize_with = "lenient::string")]
    pub phone: String,
    /// The number's region name, localised by the request's language header (not an ISO code).
    #[serde(default, deserialize_with = "lenient::string")]
    pub country_code: String,
}

/// Query of whatsapp-audience/queryDetail.
#[derive(Debug, Serialize)]
pub struct AudienceDetailQuery {
    /// The audience group to list.
    pub id: i64,
}

/// `data` of queryDetail: its table describes one object {phone, countryCode}, its example
/// gives an array of them. Both are read (null or `""` as no members).
#[derive(Debug, Deserialize)]
#[serde(transparent)]
pub struct AudienceMembers(
    #[serde(deserialize_with = "lenient::one_or_list")] pub Vec<AudienceItem>,
);
