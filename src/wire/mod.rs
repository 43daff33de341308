//! The platform's JSON shapes, field for field as its documents name them, plus the tolerant
//! readers and time formats shared by every endpoint (the proto <-> platform code tables are in
//! `convert::codes`).

pub mod account;
pub mod audience;
pub mod cloud_port;
pub mod conversation;
pub mod lenient;
pub mod scan_task;
pub mod task;
pub mod time;
pub mod webhook;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

/// Characters of a value quoted in an error message: enough to recognise it, small enough that a
/// hostile megabyte string does not become a megabyte of error text (gRPC status messages travel
/// in a header, webhook rejections in a response and a dead-letter row).
pub const QUOTE_CHARS: usize = 128;

/// At most `max_chars` characters of `text`, with `…` where it was cut.
pub fn excerpt(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

/// Query of the GETs that take no parameters: serialises to an empty query string.
#[derive(Debug, Default, Serialize)]
pub struct NoParams {}

/// A `data` that is a list of records; null and "" read as an empty list.
#[derive(Debug, Deserialize)]
#[serde(transparent, bound = "T: DeserializeOwned")]
pub struct List<T>(#[serde(deserialize_with = "lenient::list")] pub Vec<T>);

/// A `data` that is a bare string (an id or a QR code payload); a number is
/// read as its digits, null as "".
#[derive(Debug, Deserialize)]
#[serde(transparent)]
pub struct Text(#[serde(deserialize_with = "lenient::string")] pub String);

/// An id the platform returns either bare (`"data": "abc"`) or in an object under `key`
/// (`"data": {"taskId": "abc"}`): the documents' tables and examples disagree, so both are read.
pub fn bare_or_keyed_id<'de, D: Deserializer<'de>>(de: D, key: &str) -> Result<String, D::Error> {
    use serde::de::Error as _;
    match Value::deserialize(de)? {
        Value::String(id) => Ok(id),
        Value::Number(id) => lenient::exact_integer(&id).map_err(D::Error::custom),
        Value::Object(mut fields) => match fields.remove(key) {
            Some(Value::String(id)) => Ok(id),
            Some(Value::Number(id)) => {
                lenient::exact_integer(&id).map_err(|e| D::Error::custom(format!("{key}: {e}")))
            }
            Some(other) => Err(D::Error::custom(format!(
                "{key}: expected an id, got {}",
                lenient::quote(&other)
            ))),
            None => Err(D::Error::custom(format!("{key}: missing"))),
        },
        other => Err(D::Error::custom(format!(
            "expected an id or an object with `{key}`, got {}",
            lenient::quote(&other)
        ))),
    }
}
