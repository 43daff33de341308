//! The tolerant readers of `src/wire/lenient.rs`, each driven the way the gateway uses them:
//! serde_json deserialising a struct field through `#[serde(deserialize_with = ...)]`. The input
//! is the field's JSON text, read as `{"v": <input>}` by one struct per reader; a struct with
//! the field as raw JSON is the reference.
//!
//! Properties: never panics; a reader succeeds only on JSON; what it reads has the value that
//! was sent: an integer equals the number or numeric string exactly, text read from a number is
//! the number as sent (or its plain integer digits), a boolean comes from a boolean, 0/1 or one
//! of the accepted strings, and a list has one item per element (one for a single value where
//! that is allowed).
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;
use wadispatch_gateway::wire::lenient;
use wadispatch_gateway_fuzz::{decimal, keeps_number};

/// A field as sent, null included (a plain `Option` would read null as absent).
fn raw<'de, D: serde::Deserializer<'de>>(de: D) -> Result<Option<&'de RawValue>, D::Error> {
    <&RawValue>::deserialize(de).map(Some)
}

#[derive(Deserialize)]
struct Raw<'a> {
    #[serde(borrow, default, deserialize_with = "raw")]
    v: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct Int {
    #[serde(default, deserialize_with = "lenient::int")]
    v: Option<i64>,
}

#[derive(Deserialize)]
struct Text {
    #[serde(default, deserialize_with = "lenient::string")]
    v: String,
}

#[derive(Deserialize)]
struct Bool {
    #[serde(default, deserialize_with = "lenient::bool")]
    v: Option<bool>,
}

#[derive(Deserialize)]
struct TextList {
    #[serde(default, deserialize_with = "lenient::string_list")]
    v: Vec<String>,
}

/// An item of the streamed lists, with lenient fields of its own (as the platform's records).
#[derive(Deserialize)]
struct Item {
    #[serde(default, deserialize_with = "lenient::int")]
    n: Option<i64>,
    #[serde(default, deserialize_with = "lenient::string")]
    s: String,
}

#[derive(Deserialize)]
struct RawItem<'a> {
    #[serde(borrow, default, deserialize_with = "raw")]
    n: Option<&'a RawValue>,
    #[serde(borrow, default, deserialize_with = "raw")]
    s: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct List {
    #[serde(default, deserialize_with = "lenient::list")]
    v: Vec<Item>,
}

#[derive(Deserialize)]
struct OneOrList {
    #[serde(default, deserialize_with = "lenient::one_or_list")]
    v: Vec<Item>,
}

fuzz_target!(|data: &[u8]| {
    let Ok(field) = std::str::from_utf8(data) else {
        return;
    };
    let json = format!("{{\"v\": {field}}}");
    let raw = serde_json::from_str::<Raw>(&json).ok();
    // The field as sent: None when absent, or when the document is not JSON at all.
    let sent = raw.as_ref().and_then(|raw| raw.v).map(RawValue::get);
    let ok_only_on_json = |reader: &str, ok: bool| {
        assert!(!ok || raw.is_some(), "{reader} accepted what is not JSON");
    };

    let int = serde_json::from_str::<Int>(&json);
    ok_only_on_json("int", int.is_ok());
    if let (Ok(read), Some(sent)) = (&int, sent) {
        check_int(sent, read.v);
    }

    let text = serde_json::from_str::<Text>(&json);
    ok_only_on_json("string", text.is_ok());
    if let (Ok(read), Some(sent)) = (&text, sent) {
        check_text(sent, &read.v);
    }

    let flag = serde_json::from_str::<Bool>(&json);
    ok_only_on_json("bool", flag.is_ok());
    if let (Ok(read), Some(sent)) = (&flag, sent) {
        check_bool(sent, read.v);
    }

    let texts = serde_json::from_str::<TextList>(&json);
    ok_only_on_json("string_list", texts.is_ok());
    if let (Ok(read), Some(sent)) = (&texts, sent) {
        let elements = elements(sent, true);
        assert_eq!(read.v.len(), elements.len(), "string_list of {sent}");
        for (element, read) in elements.iter().zip(&read.v) {
            check_text(element, read);
        }
    }

    let list = serde_json::from_str::<List>(&json);
    ok_only_on_json("list", list.is_ok());
    if let (Ok(read), Some(sent)) = (&list, sent) {
        assert!(!sent.starts_with('{'), "list accepted an object: {sent}");
        check_items(&elements(sent, false), &read.v);
    }

    let one_or_list = serde_json::from_str::<OneOrList>(&json);
    ok_only_on_json("one_or_list", one_or_list.is_ok());
    if let (Ok(read), Some(sent)) = (&one_or_list, sent) {
        check_items(&elements(sent, true), &read.v);
    }
});

/// `lenient::int`: `None` only for null and blank strings; otherwise exactly the value sent.
fn check_int(sent: &str, read: Option<i64>) {
    let value: Value = serde_json::from_str(sent).expect("raw JSON re-reads");
    let exact = match &value {
        Value::Number(_) => decimal(sent),
        Value::String(text) => decimal(text.trim()),
        _ => None,
    };
    match read {
        None => assert!(
            value.is_null() || value.as_str().is_some_and(|t| t.trim().is_empty()),
            "int read {sent} as absent"
        ),
        Some(n) => assert!(
            exact.is_some() && exact == decimal(&n.to_string()),
            "int read {sent} as {n}: not the value sent"
        ),
    }
}

/// `lenient::string`: a string as sent, a number as sent (or its integer digits), a boolean as
/// `true`/`false`, null as "".
fn check_text(sent: &str, read: &str) {
    let value: Value = serde_json::from_str(sent).expect("raw JSON re-reads");
    match value {
        Value::Null => assert_eq!(read, ""),
        Value::String(text) => assert_eq!(read, text),
        Value::Bool(flag) => assert_eq!(read, flag.to_string()),
        Value::Number(_) => assert!(
            keeps_number(sent, read),
            "string read the number {sent} as {read:?}: its digits were not kept"
        ),
        other => panic!("string accepted {other}"),
    }
}

/// `lenient::bool`.
fn check_bool(sent: &str, read: Option<bool>) {
    let value: Value = serde_json::from_str(sent).expect("raw JSON re-reads");
    let expected = match &value {
        Value::Null => None,
        Value::Bool(flag) => Some(*flag),
        Value::Number(_) => match decimal(sent) {
            Some(d) if d == decimal("0").unwrap() => Some(false),
            Some(d) if d == decimal("1").unwrap() => Some(true),
            _ => panic!("bool accepted the number {sent}"),
        },
        Value::String(text) => match text.trim().to_ascii_lowercase().as_str() {
            "" => None,
            "true" | "1" => Some(true),
            "false" | "0" => Some(false),
            _ => panic!("bool accepted {text:?}"),
        },
        other => panic!("bool accepted {other}"),
    };
    assert_eq!(read, expected, "bool of {sent}");
}

/// The elements of a list field as sent: an array's elements; nothing for null and ""; the
/// value itself where a single value counts as a one-item list. Read as raw JSON only: an
/// element's fields that the item ignores are skipped unread (a number too large for an f64
/// among them is no error), so they need not re-read as a `Value`.
fn elements(sent: &str, single_allowed: bool) -> Vec<&str> {
    match sent.as_bytes().first() {
        Some(b'[') => serde_json::from_str::<Vec<&RawValue>>(sent)
            .expect("an array re-reads")
            .into_iter()
            .map(RawValue::get)
            .collect(),
        Some(b'n') => Vec::new(),
        Some(b'"') if serde_json::from_str::<String>(sent).is_ok_and(|s| s.is_empty()) => {
            Vec::new()
        }
        _ if single_allowed => vec![sent],
        _ => panic!("a list accepted {sent}"),
    }
}

fn check_items(elements: &[&str], read: &[Item]) {
    assert_eq!(read.len(), elements.len(), "items of {elements:?}");
    for (element, item) in elements.iter().zip(read) {
        let raw: RawItem = serde_json::from_str(element).expect("an item re-reads");
        match raw.n {
            Some(n) => check_int(n.get(), item.n),
            None => assert_eq!(item.n, None),
        }
        match raw.s {
            Some(s) => check_text(s.get(), &item.s),
            None => assert_eq!(item.s, ""),
        }
    }
}
