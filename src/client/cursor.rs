//! The cursor file of a `watch`: the cursor of the last message shown, written after each one,
//! so a watch stopped (Ctrl-C, a crash, a reboot) and started again continues right after it,
//! with no gap and no repeat.
//!
//! A write goes to a temporary file beside it, then renames it over the old one: the file is
//! always either the previous cursor or the new one, never half of one.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::GatewayAddr;

/// Longest cursor text read back: cursors are decimal sequence numbers (or a stream identity
/// and a number on JetStream), so anything longer is not one of ours.
const MAX_CURSOR_CHARS: usize = 256;

/// Where one watch keeps its cursor.
#[derive(Debug)]
pub struct CursorFile {
    path: PathBuf,
    temporary: PathBuf,
}

impl CursorFile {
    /// The cursor file at `path` (its directory is made on the first write).
    pub fn new(path: PathBuf) -> Self {
        let mut temporary = path.clone().into_os_string();
        temporary.push(".tmp");
        Self {
            path,
            temporary: temporary.into(),
        }
    }

    /// Its path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The cursor kept, if any.
    pub fn load(&self) -> Result<Option<String>, String> {
        match std::fs::read_to_string(&self.path) {
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(error) => Err(format!("cannot read {}: {error}", self.path.display())),
            Ok(text) => {
                let cursor = text.trim();
                if cursor.is_empty() {
                    Ok(None)
                } else if cursor.len() > MAX_CURSOR_CHARS || cursor.contains(char::is_whitespace) {
                    Err(format!(
                        "{} holds no cursor: delete it to start from now",
                        self.path.display()
                    ))
                } else {
                    Ok(Some(cursor.to_owned()))
                }
            }
        }
    }

    /// Keeps `cursor`: written whole to the temporary file, then renamed over the old one.
    pub fn save(&self, cursor: &str) -> Result<(), String> {
        let failed = |e: std::io::Error| format!("cannot write {}: {e}", self.path.display());
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(failed)?;
        }
        std::fs::write(&self.temporary, format!("{cursor}\n")).map_err(failed)?;
        std::fs::rename(&self.temporary, &self.path).map_err(failed)
    }
}

/// The file name of a watch's cursor under `dir` when no `--cursor-file` is given: one
/// directory per gateway (cursors of one log mean nothing to another), one file per watch:
/// `task-<ID>`, `tasks`, `accounts` or `accounts-<digest of the phones>`.
pub fn default_path(dir: &Path, gateway: &GatewayAddr, watch: &str) -> PathBuf {
    dir.join(file_name(&gateway.authority))
        .join(file_name(watch))
}

/// `name` as one file name: kept when it is plain (letters, digits, `.`, `-`, `_`, not
/// starting with a dot), otherwise made plain and suffixed with a digest, so that two
/// different names never share a file.
fn file_name(name: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_');
    if !name.is_empty() && !name.starts_with('.') && name.chars().all(plain) && name.len() <= 100 {
        return name.to_owned();
    }
    let shown: String = name
        .chars()
        .take(60)
        .map(|c| if plain(c) { c } else { '_' })
        .collect();
    let digest = Sha256::digest(name.as_bytes());
    let hex: String = digest[..6].iter().map(|b| format!("{b:02x}")).collect();
    format!("{}-{hex}", shown.trim_start_matches('.'))
}

/// The watch name of `watch accounts PHONE...`: every account, or these (in any order).
pub fn accounts_watch(phones: &[String]) -> String {
    if phones.is_empty() {
        return "accounts".into();
    }
    let mut phones: Vec<&str> = phones.iter().map(String::as_str).collect();
    phones.sort_unstable();
    phones.dedup();
    let digest = Sha256::digest(phones.join(",").as_bytes());
    let hex: String = digest[..6].iter().map(|b| format!("{b:02x}")).collect();
    format!("accounts-{hex}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_cursor_is_read_back_and_replaced_whole() {
        let dir = tempfile::tempdir().unwrap();
        let file = CursorFile::new(dir.path().join("deeper/task-1"));
        assert_eq!(file.load(), Ok(None));
        file.save("57").unwrap();
        assert_eq!(file.load(), Ok(Some("57".into())));
        file.save("58").unwrap();
        assert_eq!(file.load(), Ok(Some("58".into())));
        assert!(!dir.path().join("deeper/task-1.tmp").exists());
        std::fs::write(file.path(), "not a\ncursor").unwrap();
        assert!(file.load().unwrap_err().contains("holds no cursor"));
    }

    #[test]
    fn default_paths_are_one_file_per_gateway_and_watch() {
        let gateway = |authority: &str| GatewayAddr {
            authority: authority.into(),
            https: None,
        };
        let dir = Path::new("/state");
        let path = default_path(dir, &gateway("127.0.0.1:50051"), "task-295521");
        assert_eq!(path.file_name().unwrap(), "task-295521");
        let per_gateway = path.parent().unwrap();
        assert_eq!(per_gateway.parent().unwrap(), dir);
        let shown = per_gateway.file_name().unwrap().to_str().unwrap();
        assert!(shown.starts_with("127.0.0.1_50051-"), "{shown}");
        assert_ne!(
            per_gateway,
            default_path(dir, &gateway("127.0.0.1:50052"), "tasks")
                .parent()
                .unwrap()
        );
        // A name that is not plain becomes one, and two such names stay apart.
        let a = default_path(dir, &gateway("[::1]:50051"), "task-../../etc");
        let b = default_path(dir, &gateway("[::1]:50051"), "task-..//..etc");
        assert_ne!(a, b);
        assert!(a.starts_with("/state"), "{a:?}");
        assert_eq!(a.components().count(), 4, "{a:?}");
        assert_eq!(accounts_watch(&[]), "accounts");
        assert_eq!(
            accounts_watch(&["2".into(), "1".into()]),
            accounts_watch(&["1".into(), "2".into(), "1".into()])
        );
    }
}
