//! Subject names in the JetStream streams, and the escaping of the platform's ids into subject
//! tokens. A task id or phone becomes one token: `[A-Za-z0-9-]+` is kept as it is (every id the
//! platform documents), anything else is `_` followed by its base64url (no padding), so no id can
//! smuggle in a `.`, `*`, `>` or space and no two ids share a token.

use base64::Engine;

/// Every event's subject starts with this; the tail and `Filter::All` read `wad.ev.>`.
pub(super) const EVENTS: &str = "wad.ev";
/// Dedup markers: `wad.dedup.<hex of the dedup key's SHA-256>[.<chunk>]`.
pub(super) const DEDUP: &str = "wad.dedup";
/// Message ids seen per scope, with the digest of the content they came with.
pub(super) const MESSAGE_IDS: &str = "wad.msgid";

/// One subject token for an id.
pub(super) fn token(id: &str) -> String {
    let plain = !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if plain {
        id.to_owned()
    } else {
        format!(
            "_{}",
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(id)
        )
    }
}

/// The subject of a task's events without its last token (the message's marker).
pub(super) fn task_event_prefix(task_id: &str) -> String {
    format!("{EVENTS}.t.{}", token(task_id))
}

/// The subject of an account's events without its last token (the message's marker).
pub(super) fn account_event_prefix(phone: &str) -> String {
    format!("{EVENTS}.a.{}", token(phone))
}

/// Every event of one task.
pub(super) fn task_events(task_id: &str) -> String {
    format!("{EVENTS}.t.{}.*", token(task_id))
}

/// Every event of one account.
pub(super) fn account_events(phone: &str) -> String {
    format!("{EVENTS}.a.{}.*", token(phone))
}

/// Every task event.
pub(super) const ALL_TASK_EVENTS: &str = "wad.ev.t.*.*";
/// Every account event.
pub(super) const ALL_ACCOUNT_EVENTS: &str = "wad.ev.a.*.*";
/// Every event of both streams.
pub(super) const ALL_EVENTS: &str = "wad.ev.>";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_ids_are_kept_and_others_cannot_break_out_of_their_token() {
        assert_eq!(token("Tk-123abc"), "Tk-123abc");
        assert_eq!(token("8613800000000"), "8613800000000");
        for hostile in ["a.b", "*", ">", "a b", "", "_x", "é"] {
            let escaped = token(hostile);
            assert!(escaped.starts_with('_'), "{hostile:?} -> {escaped}");
            assert!(
                escaped
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
                "{hostile:?} -> {escaped}"
            );
        }
        // "_x" is escaped, so it cannot collide with the escape of another id.
        assert_ne!(token("_x"), "_x");
        assert_eq!(
            task_event_prefix("a.b"),
            format!("wad.ev.t.{}", token("a.b"))
        );
        assert_eq!(account_event_prefix("86"), "wad.ev.a.86");
        assert_eq!(task_events("T1"), "wad.ev.t.T1.*");
    }
}
