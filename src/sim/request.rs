//! How the simulator reads a request: as the platform would, from the JSON body (POST) or the
//! query string (GET), by the documents' field names, tolerating numbers sent as strings. It
//! deliberately shares nothing with the gateway's `wire` types, so that a field the gateway
//! names wrongly is caught here instead of being agreed with.

use serde_json::{Map, Value};

use super::answer::PlatformError;

/// The parameters of one request.
#[derive(Debug, Clone)]
pub struct Params(pub Value);

impl Params {
    /// A GET's query string, every value as a string (as the platform would read it).
    pub fn from_query(pairs: Vec<(String, String)>) -> Self {
        Self(Value::Object(
            pairs
                .into_iter()
                .map(|(k, v)| (k, Value::String(v)))
                .collect::<Map<_, _>>(),
        ))
    }

    /// The raw value of a field (Null when absent).
    pub fn get(&self, field: &str) -> &Value {
        self.0.get(field).unwrap_or(&Value::Null)
    }

    /// The whole body, e.g. the bare array of batchStart.
    pub fn body(&self) -> &Value {
        &self.0
    }

    /// An optional string; numbers are rendered; null and "" are absent.
    pub fn opt_str(&self, field: &str) -> Option<String> {
        text(self.get(field))
    }

    /// A required, non-blank string.
    pub fn str(&self, field: &str) -> Result<String, PlatformError> {
        self.opt_str(field)
            .ok_or_else(|| PlatformError::invalid(format!("{field} is required")))
    }

    /// An optional integer, given as a number or a numeric string; null and "" are absent.
    pub fn opt_int(&self, field: &str) -> Result<Option<i64>, PlatformError> {
        int(self.get(field))
            .map_err(|_| PlatformError::invalid(format!("{field} must be an integer")))
    }

    /// A required integer.
    pub fn int(&self, field: &str) -> Result<i64, PlatformError> {
        self.opt_int(field)?
            .ok_or_else(|| PlatformError::invalid(format!("{field} is required")))
    }

    /// A required integer among `allowed`.
    pub fn code(&self, field: &str, allowed: &[i64]) -> Result<i64, PlatformError> {
        let value = self.int(field)?;
        check_code(field, value, allowed)
    }

    /// An optional integer among `allowed`.
    pub fn opt_code(&self, field: &str, allowed: &[i64]) -> Result<Option<i64>, PlatformError> {
        self.opt_int(field)?
            .map(|value| check_code(field, value, allowed))
            .transpose()
    }

    /// An optional boolean (true/false, "true"/"false", 1/0).
    pub fn opt_bool(&self, field: &str) -> Option<bool> {
        match self.get(field) {
            Value::Bool(b) => Some(*b),
            Value::Number(n) => n.as_i64().map(|n| n != 0),
            Value::String(s) => match s.as_str() {
                "true" | "1" => Some(true),
                "false" | "0" => Some(false),
                _ => None,
            },
            _ => None,
        }
    }

    /// A list of strings (numbers rendered); absent, null and "" are empty; a single string is
    /// a one-item list.
    pub fn str_list(&self, field: &str) -> Vec<String> {
        match self.get(field) {
            Value::Array(items) => items.iter().filter_map(text).collect(),
            other => text(other).into_iter().collect(),
        }
    }

    /// A list of objects, each as Params; absent and null are empty.
    pub fn objects(&self, field: &str) -> Result<Vec<Params>, PlatformError> {
        match self.get(field) {
            Value::Null => Ok(Vec::new()),
            Value::Array(items) => items
                .iter()
                .map(|item| match item {
                    Value::Object(_) => Ok(Params(item.clone())),
                    _ => Err(PlatformError::invalid(format!(
                        "{field} must be a list of objects"
                    ))),
                })
                .collect(),
            _ => Err(PlatformError::invalid(format!("{field} must be a list"))),
        }
    }

    /// A nested object as Params, if present.
    pub fn object(&self, field: &str) -> Option<Params> {
        match self.get(field) {
            Value::Object(_) => Some(Params(self.get(field).clone())),
            _ => None,
        }
    }
}

fn check_code(field: &str, value: i64, allowed: &[i64]) -> Result<i64, PlatformError> {
    if allowed.contains(&value) {
        Ok(value)
    } else {
        Err(PlatformError::invalid(format!(
            "{field} {value} is not one of {allowed:?}"
        )))
    }
}

fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn int(value: &Value) -> Result<Option<i64>, ()> {
    match value {
        Value::Null => Ok(None),
        Value::Number(n) => n.as_i64().map(Some).ok_or(()),
        Value::String(s) if s.trim().is_empty() => Ok(None),
        Value::String(s) => s.trim().parse().map(Some).map_err(|_| ()),
        _ => Err(()),
    }
}

/// The platform's phone rule: digits only, with country code.
pub fn is_phone(text: &str) -> bool {
    (6..=15).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit())
}

/// Checks a phone field's value, naming the field in the error.
pub fn phone(field: &str, text: &str) -> Result<String, PlatformError> {
    if is_phone(text) {
        Ok(text.to_owned())
    } else {
        Err(PlatformError::invalid(format!(
            "{field} {text:?} is not a WhatsApp number (digits with country code)"
        )))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn reads_documented_variants() {
        let p = Params(
            json!({"a": "1", "b": 2, "c": "", "d": null, "e": "x", "l": "one", "m": [1, "2"]}),
        );
        assert_eq!(p.opt_int("a"), Ok(Some(1)));
        assert_eq!(p.int("b"), Ok(2));
        assert_eq!(p.opt_int("c"), Ok(None));
        assert_eq!(p.opt_int("d"), Ok(None));
        assert!(p.opt_int("e").is_err());
        assert!(p.str("c").is_err());
        assert_eq!(p.str_list("l"), vec!["one"]);
        assert_eq!(p.str_list("m"), vec!["1", "2"]);
        assert_eq!(p.code("b", &[1, 2]), Ok(2));
        assert!(p.code("b", &[1]).is_err());
    }
}
