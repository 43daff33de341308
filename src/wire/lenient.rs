//! Tolerant readers for what the platform sends. Its documents' examples disagree with their
//! own tables (numbers as strings, `""` for absent numbers, a list given as a single string,
//! booleans as strings), and what the examples show the platform may send, so every numeric,
//! boolean and list field it sends is read through these. Use with
//! `#[serde(default, deserialize_with = "lenient::...")]`.
//!
//! Numbers are read without serde_json's `arbitrary_precision` (it would change how every number
//! in the build is held), so a JSON number is an i64, a u64 or a binary float. An integer is
//! therefore accepted as text or as a number only when it is exact: a JSON number with a fraction
//! or an exponent, or beyond 64 bits, is refused with a reason instead of being re-spelled
//! (`1e3` would read "1000.0", `12345678901234567890123` "1.2345678901234568e+22"). Values quoted
//! in errors are cut to [`QUOTE_CHARS`].

use std::marker::PhantomData;

use serde::de::value::MapAccessDeserializer;
use serde::de::{Error as _, MapAccess, SeqAccess, Unexpected, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::{Number, Value};

use super::{excerpt, QUOTE_CHARS};

/// A string; numbers and booleans are rendered as text, null becomes "".
pub fn string<'de, D: Deserializer<'de>>(de: D) -> Result<String, D::Error> {
    Ok(match Value::deserialize(de)? {
        Value::Null => String::new(),
        Value::String(text) => text,
        Value::Number(number) => exact_integer(&number).map_err(D::Error::custom)?,
        Value::Bool(flag) => flag.to_string(),
        other => {
            return Err(D::Error::custom(format!(
                "expected a string, got {}",
                quote(&other)
            )))
        }
    })
}

/// The digits of an integer number exactly as sent; a number with a fraction or an exponent, or
/// beyond 64 bits, is refused (see the module comment).
pub fn exact_integer(number: &Number) -> Result<String, String> {
    if number.is_i64() || number.is_u64() {
        Ok(number.to_string())
    } else {
        Err(format!(
            "expected a string or an integer, got the number {number}: a number with a fraction, \
             an exponent or more than 64 bits cannot be kept digit for digit"
        ))
    }
}

/// A value as quoted in an error: its JSON, cut to [`QUOTE_CHARS`].
pub fn quote(value: &Value) -> String {
    match value {
        // A string is quoted without serialising it whole first.
        Value::String(text) => format!("{:?}", excerpt(text, QUOTE_CHARS)),
        other => excerpt(&other.to_string(), QUOTE_CHARS),
    }
}

/// An integer given as a number or a numeric string; null and "" are absent.
pub fn int<'de, D: Deserializer<'de>>(de: D) -> Result<Option<i64>, D::Error> {
    int_from(Value::deserialize(de)?).map_err(D::Error::custom)
}

/// A boolean given as true/false, "true"/"false", 1/0 or "1"/"0"; null and "" are absent.
pub fn bool<'de, D: Deserializer<'de>>(de: D) -> Result<Option<bool>, D::Error> {
    Ok(match Value::deserialize(de)? {
        Value::Null => None,
        Value::Bool(flag) => Some(flag),
        Value::Number(number) => match number.as_i64() {
            Some(0) => Some(false),
            Some(1) => Some(true),
            _ => {
                return Err(D::Error::custom(format!(
                    "expected a boolean, got {number}"
                )))
            }
        },
        Value::String(text) => match text.trim().to_ascii_lowercase().as_str() {
            "" => None,
            "true" | "1" => Some(true),
            "false" | "0" => Some(false),
            _ => {
                return Err(D::Error::custom(format!(
                    "expected a boolean, got {:?}",
                    excerpt(&text, QUOTE_CHARS)
                )))
            }
        },
        other => {
            return Err(D::Error::custom(format!(
                "expected a boolean, got {}",
                quote(&other)
            )))
        }
    })
}

/// A list of strings; a single string is a one-item list, null and "" are empty.
pub fn string_list<'de, D: Deserializer<'de>>(de: D) -> Result<Vec<String>, D::Error> {
    let item = |value: Value| match value {
        Value::String(text) => Ok(text),
        Value::Number(number) => exact_integer(&number).map_err(D::Error::custom),
        other => Err(D::Error::custom(format!(
            "expected a string, got {}",
            quote(&other)
        ))),
    };
    match Value::deserialize(de)? {
        Value::Null => Ok(Vec::new()),
        Value::String(text) if text.is_empty() => Ok(Vec::new()),
        Value::Array(values) => values.into_iter().map(item).collect(),
        single => Ok(vec![item(single)?]),
    }
}

/// A list of T; null and "" are empty (the platform sends `""` as `data` of empty results).
/// Items are read straight from the input, without an intermediate `Value`: status lists run to
/// thousands of recipients.
pub fn list<'de, D: Deserializer<'de>, T: Deserialize<'de>>(de: D) -> Result<Vec<T>, D::Error> {
    de.deserialize_any(ListVisitor {
        single_object: false,
        item: PhantomData,
    })
}

/// A list of T where a single T (an object) counts as a one-item list; null and `""` are empty.
pub fn one_or_list<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    de: D,
) -> Result<Vec<T>, D::Error> {
    de.deserialize_any(ListVisitor {
        single_object: true,
        item: PhantomData,
    })
}

struct ListVisitor<T> {
    /// Whether an object is read as a one-item list.
    single_object: bool,
    item: PhantomData<T>,
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for ListVisitor<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        if self.single_object {
            f.write_str("a list or an object")
        } else {
            f.write_str("a list")
        }
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        // The hint comes from the input: bounded so a hostile length cannot reserve gigabytes.
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(items)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Vec<T>, A::Error> {
        if !self.single_object {
            return Err(A::Error::invalid_type(Unexpected::Map, &self));
        }
        T::deserialize(MapAccessDeserializer::new(map)).map(|item| vec![item])
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Vec<T>, E> {
        Ok(Vec::new())
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<Vec<T>, E> {
        Ok(Vec::new())
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Vec<T>, E> {
        if text.is_empty() {
            Ok(Vec::new())
        } else {
            // Not `Unexpected::Str`: that quotes the whole string, however long.
            Err(E::invalid_value(
                Unexpected::Other(&format!("string {:?}", excerpt(text, QUOTE_CHARS))),
                &self,
            ))
        }
    }
}

/// An integer within i64, as a JSON integer or a numeric string. A JSON number with a fraction or
/// an exponent is refused even when its value is whole: without exact decimal digits, `1.0` and
/// `1.0000000000000001` are the same float, and rounding the latter would change the value.
fn int_from(value: Value) -> Result<Option<i64>, String> {
    match value {
        Value::Null => Ok(None),
        Value::Number(number) => number.as_i64().map(Some).ok_or_else(|| {
            format!(
                "expected an integer, got {number} (a fraction, an exponent or more than 64 bits)"
            )
        }),
        Value::String(text) if text.trim().is_empty() => Ok(None),
        Value::String(text) => text
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| format!("expected an integer, got {:?}", excerpt(&text, QUOTE_CHARS))),
        other => Err(format!("expected an integer, got {}", quote(&other))),
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Deserialize)]
    struct Probe {
        #[serde(default, deserialize_with = "int")]
        n: Option<i64>,
        #[serde(default, deserialize_with = "string")]
        s: String,
        #[serde(default, deserialize_with = "bool")]
        b: Option<bool>,
        #[serde(default, deserialize_with = "string_list")]
        l: Vec<String>,
    }

    fn probe(json: &str) -> Probe {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn accepts_every_documented_variant() {
        assert_eq!(probe(r#"{"n": 1}"#).n, Some(1));
        assert_eq!(probe(r#"{"n": "1"}"#).n, Some(1));
        assert_eq!(probe(r#"{"n": ""}"#).n, None);
        assert_eq!(probe(r#"{"n": null}"#).n, None);
        assert_eq!(probe(r#"{}"#).n, None);
        assert_eq!(
            probe(r#"{"s": 8654029561952415744}"#).s,
            "8654029561952415744"
        );
        assert_eq!(probe(r#"{"s": null}"#).s, "");
        assert_eq!(probe(r#"{"b": "false"}"#).b, Some(false));
        assert_eq!(probe(r#"{"b": true}"#).b, Some(true));
        assert_eq!(probe(r#"{"l": "Contacted"}"#).l, vec!["Contacted"]);
        assert_eq!(probe(r#"{"l": ["a", 2]}"#).l, vec!["a", "2"]);
    }

    #[test]
    fn rejects_what_is_not_a_number() {
        assert!(serde_json::from_str::<Probe>(r#"{"n": "abc"}"#).is_err());
        assert!(serde_json::from_str::<Probe>(r#"{"n": 1.5}"#).is_err());
        assert!(serde_json::from_str::<Probe>(r#"{"b": "maybe"}"#).is_err());
    }

    #[test]
    fn numbers_read_as_text_keep_their_digits_or_are_refused() {
        assert_eq!(
            probe(r#"{"s": 18446744073709551615}"#).s,
            "18446744073709551615"
        );
        assert_eq!(
            probe(r#"{"s": -9223372036854775808}"#).s,
            "-9223372036854775808"
        );
        assert_eq!(probe(r#"{"l": [12, "x"]}"#).l, vec!["12", "x"]);
        for (json, number) in [
            (r#"{"s": 1e3}"#, "1000.0"),
            (
                r#"{"s": 12345678901234567890123}"#,
                "1.2345678901234568e+22",
            ),
            (r#"{"s": 1.5}"#, "1.5"),
            (r#"{"l": [1, 2.0]}"#, "2.0"),
        ] {
            let error = serde_json::from_str::<Probe>(json)
                .err()
                .unwrap()
                .to_string();
            assert!(
                error.contains(&format!(
                    "expected a string or an integer, got the number {number}"
                )),
                "{json}: {error}"
            );
        }
    }

    #[test]
    fn integers_are_exact_or_refused() {
        assert_eq!(probe(r#"{"n": -9223372036854775808}"#).n, Some(i64::MIN));
        assert_eq!(probe(r#"{"n": " 42 "}"#).n, Some(42));
        for json in [
            r#"{"n": 1e3}"#,
            r#"{"n": 5.0}"#,
            r#"{"n": 9223372036854775808}"#,
            r#"{"n": "9223372036854775808"}"#,
            r#"{"n": 12345678901234567890123}"#,
        ] {
            let error = serde_json::from_str::<Probe>(json)
                .err()
                .unwrap()
                .to_string();
            assert!(error.contains("expected an integer"), "{json}: {error}");
        }
    }

    #[test]
    fn quoted_values_are_cut_short() {
        let long = "y".repeat(100_000);
        for json in [
            format!(r#"{{"n": "{long}"}}"#),
            format!(r#"{{"b": "{long}"}}"#),
            format!(r#"{{"s": ["{long}"]}}"#),
        ] {
            let error = serde_json::from_str::<Probe>(&json)
                .err()
                .unwrap()
                .to_string();
            assert!(
                error.len() < 400,
                "{} bytes: {}",
                error.len(),
                &error[..200]
            );
        }
        let error = serde_json::from_str::<Lists>(&format!(r#"{{"many": "{long}"}}"#))
            .err()
            .unwrap()
            .to_string();
        assert!(error.len() < 400, "{} bytes", error.len());
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Item {
        #[serde(default, deserialize_with = "int")]
        id: Option<i64>,
    }

    #[derive(Deserialize)]
    struct Lists {
        #[serde(default, deserialize_with = "list")]
        many: Vec<Item>,
        #[serde(default, deserialize_with = "one_or_list")]
        one: Vec<Item>,
    }

    fn lists(json: &str) -> Result<Lists, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn lists_read_their_items_and_every_empty_spelling() {
        let item = |id| Item { id: Some(id) };
        let read = lists(r#"{"many": [{"id": 1}, {"id": "2"}], "one": [{"id": 3}]}"#).unwrap();
        assert_eq!(read.many, vec![item(1), item(2)]);
        assert_eq!(read.one, vec![item(3)]);
        for empty in [
            r#"{}"#,
            r#"{"many": null, "one": null}"#,
            r#"{"many": "", "one": ""}"#,
        ] {
            let read = lists(empty).unwrap();
            assert!(read.many.is_empty() && read.one.is_empty(), "{empty}");
        }
        // A single object counts as a one-item list only where the platform sends one.
        assert_eq!(lists(r#"{"one": {"id": 4}}"#).unwrap().one, vec![item(4)]);
        let error = lists(r#"{"many": {"id": 4}}"#).err().unwrap().to_string();
        assert!(error.contains("expected a list"), "{error}");
        for bad in [
            r#"{"many": "x"}"#,
            r#"{"many": 5}"#,
            r#"{"one": true}"#,
            r#"{"many": [{"id": "x"}]}"#,
        ] {
            assert!(lists(bad).is_err(), "{bad}");
        }
    }
}
