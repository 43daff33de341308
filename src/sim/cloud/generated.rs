//! Values the simulator makes up, each from a seed so that it is stable: phones for QR logins
//! that name none, QR payloads, contact books and push names, agents' handsets.

use std::collections::BTreeSet;

use serde_json::{json, Value};

use crate::sim::rng::Rng;

/// A phone for a QR login that does not name one: Chinese mobile format, never failing.
pub(super) fn invent_phone(rng: &mut Rng) -> String {
    loop {
        let phone = format!("861{:010}", rng.below(10_000_000_000));
        if !phone.ends_with("0000") {
            return phone;
        }
    }
}

/// The three base64 key fields of a WhatsApp QR payload.
pub(super) fn qr_keys(rng: &mut Rng) -> String {
    (0..3)
        .map(|_| base64(rng, 32))
        .collect::<Vec<_>>()
        .join(",")
}

/// A QR payload: a fresh ref part, then the window's or task's fixed key fields.
pub(super) fn qr_payload(rng: &mut Rng, keys: &str) -> String {
    format!("2@{},{keys},1", base64(rng, 74))
}

/// `len` random bytes in standard padded base64, as the QR payload's fields are.
pub(super) fn base64(rng: &mut Rng, len: usize) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let bytes: Vec<u8> = (0..len).map(|_| rng.below(256) as u8).collect();
    let mut out = String::with_capacity(len.div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// FNV-1a: a stable seed from a phone, independent of the world's rng.
pub(super) fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

const FIRST_NAMES: [&str; 12] = [
    "Ryan", "Mia", "Wei", "Ana", "Omar", "Li", "Sara", "Jon", "Yuki", "Ravi", "Eva", "Tom",
];
const LAST_NAMES: [&str; 10] = [
    "yu", "Chen", "Silva", "Khan", "Tan", "Garcia", "Sato", "Patel", "Novak", "Lee",
];

/// The contact book of `owner`: derived from the phone, so it is the same on every call.
pub(super) fn contact_book(owner: &str) -> Vec<Value> {
    let mut rng = Rng::new(fnv(owner));
    let country = &owner[..owner.len().min(2)];
    let mut seen = BTreeSet::new();
    let count = 3 + rng.below(6);
    (0..count)
        .filter_map(|_| {
            let phone = format!("{country}1{:010}", rng.below(10_000_000_000));
            let first = *rng.pick(&FIRST_NAMES);
            let last = *rng.pick(&LAST_NAMES);
            let friend = rng.chance(0.7);
            (phone != owner && seen.insert(phone.clone())).then(|| {
                let full = format!("{first} {last}");
                if friend {
                    contact(&phone, &full, true, first, &full)
                } else {
                    // Not saved: WhatsApp knows only the push name.
                    contact(&phone, &full, false, "", "")
                }
            })
        })
        .collect()
}

/// One contact as contact/info and selectContact answer it.
pub(super) fn contact(
    phone: &str,
    push_name: &str,
    friend: bool,
    first: &str,
    full: &str,
) -> Value {
    json!({"whatsapp": phone, "pushName": push_name, "isFriend": friend, "firstName": first, "fullName": full})
}

/// The push name of an account that has not set one, stable per phone.
pub(super) fn default_push_name(phone: &str) -> String {
    let mut rng = Rng::new(fnv(phone) ^ 0x5A5A);
    format!("{} {}", rng.pick(&FIRST_NAMES), rng.pick(&LAST_NAMES))
}

/// The simulated handset of agent `user_id`.
pub(super) fn agent_handset(user_id: i64) -> String {
    format!("861{:010}", user_id % 10_000_000_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard_encoding() {
        // A 74-byte ref encodes to 100 characters ending in one '=', like the example's.
        let mut rng = Rng::new(1);
        let encoded = base64(&mut rng, 74);
        assert_eq!(encoded.len(), 100);
        assert!(encoded.ends_with('=') && !encoded.ends_with("=="));
        assert_eq!(base64(&mut Rng::new(1), 32).len(), 44);
    }

    #[test]
    fn contact_books_are_stable_and_exclude_the_owner() {
        let book = contact_book("8618733334441");
        assert_eq!(book, contact_book("8618733334441"));
        assert!((3..=8).contains(&book.len()));
        assert!(book.iter().all(|c| c["whatsapp"] != "8618733334441"));
    }
}
