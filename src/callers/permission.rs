//! Permissions: one per RPC, named `<area>.<action>`. Which RPC needs which is data, written
//! beside each RPC's platform route in the service tables (`grpc/*.rs`); a key file grants them
//! by name, by area (`tasks.*`) or all at once (`*`).

use std::fmt;

/// What an RPC needs its caller to hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    /// Read a task's status (GetTaskExecutionStatus).
    TasksRead,
    /// Watch tasks (WatchTask).
    TasksWatch,
    /// Create tasks and start them: what sends messages.
    TasksSend,
    /// Pause and stop tasks.
    TasksControl,
    /// List audience groups and their members.
    AudienceRead,
    /// Create audience groups.
    AudienceManage,
    /// Read accounts, cloud ports, contacts and profiles.
    AccountsRead,
    /// Watch accounts (WatchAccounts).
    AccountsWatch,
    /// Import, bring online, recycle and register accounts; reserve, log in, bring online, take
    /// offline and log out cloud ports; change profiles.
    AccountsManage,
    /// Read wake-up results.
    ConversationsRead,
    /// Queue wake-up actions.
    ConversationsSend,
    /// Read a scan task's QR code.
    ScanRead,
    /// Create scan tasks.
    ScanCreate,
    /// Read the audit trail (ListAuditRecords).
    AuditRead,
}

impl Permission {
    /// Every permission, in the order of the README's table.
    pub const ALL: [Permission; 14] = [
        Self::TasksRead,
        Self::TasksWatch,
        Self::TasksSend,
        Self::TasksControl,
        Self::AudienceRead,
        Self::AudienceManage,
        Self::AccountsRead,
        Self::AccountsWatch,
        Self::AccountsManage,
        Self::ConversationsRead,
        Self::ConversationsSend,
        Self::ScanRead,
        Self::ScanCreate,
        Self::AuditRead,
    ];

    /// The name a key file grants it by.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::TasksRead => "tasks.read",
            Self::TasksWatch => "tasks.watch",
            Self::TasksSend => "tasks.send",
            Self::TasksControl => "tasks.control",
            Self::AudienceRead => "audience.read",
            Self::AudienceManage => "audience.manage",
            Self::AccountsRead => "accounts.read",
            Self::AccountsWatch => "accounts.watch",
            Self::AccountsManage => "accounts.manage",
            Self::ConversationsRead => "conversations.read",
            Self::ConversationsSend => "conversations.send",
            Self::ScanRead => "scan.read",
            Self::ScanCreate => "scan.create",
            Self::AuditRead => "audit.read",
        }
    }

    /// The part before the dot: what `<area>.*` grants.
    pub fn area(self) -> &'static str {
        self.as_str()
            .split_once('.')
            .map_or(self.as_str(), |(area, _)| area)
    }
}

impl fmt::Display for Permission {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One grant of a key file.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Grant {
    Everything,
    Area(&'static str),
    One(Permission),
}

/// The permissions a caller holds, as its key file entry wrote them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Grants {
    grants: Vec<Grant>,
}

impl Grants {
    /// `*`: every permission.
    pub fn everything() -> Self {
        Self {
            grants: vec![Grant::Everything],
        }
    }

    /// Reads grants as a key file writes them: `*`, `<area>.*` or a permission's name. An unknown
    /// name is an error, so that a typo cannot silently grant nothing (or too much).
    pub fn parse<S: AsRef<str>>(names: &[S]) -> Result<Self, String> {
        let grants = names
            .iter()
            .map(|name| {
                let name = name.as_ref().trim();
                if name == "*" {
                    return Ok(Grant::Everything);
                }
                if let Some(area) = name.strip_suffix(".*") {
                    return Permission::ALL
                        .iter()
                        .map(|p| p.area())
                        .find(|known| *known == area)
                        .map(Grant::Area)
                        .ok_or_else(|| format!("unknown permission area {name:?}"));
                }
                Permission::ALL
                    .into_iter()
                    .find(|p| p.as_str() == name)
                    .map(Grant::One)
                    .ok_or_else(|| {
                        format!(
                            "unknown permission {name:?} (known: *, <area>.*, {})",
                            Permission::ALL.map(Permission::as_str).join(", ")
                        )
                    })
            })
            .collect::<Result<_, String>>()?;
        Ok(Self { grants })
    }

    /// Whether a grant covers `permission`: everything, its area (`tasks.*`) or the permission
    /// itself.
    pub fn allows(&self, permission: Permission) -> bool {
        self.grants.iter().any(|grant| match grant {
            Grant::Everything => true,
            Grant::Area(area) => permission.area() == *area,
            Grant::One(one) => *one == permission,
        })
    }

    /// The grants as written: `*`, `<area>.*` or names.
    pub fn names(&self) -> Vec<String> {
        self.grants
            .iter()
            .map(|grant| match grant {
                Grant::Everything => "*".to_owned(),
                Grant::Area(area) => format!("{area}.*"),
                Grant::One(permission) => permission.as_str().to_owned(),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grants_by_name_area_and_everything() {
        let grants = Grants::parse(&["tasks.read", "accounts.*"]).unwrap();
        assert!(grants.allows(Permission::TasksRead));
        assert!(!grants.allows(Permission::TasksSend));
        assert!(grants.allows(Permission::AccountsManage));
        assert!(grants.allows(Permission::AccountsWatch));
        assert!(!grants.allows(Permission::AuditRead));
        let all = Grants::parse(&["*"]).unwrap();
        assert!(Permission::ALL.iter().all(|p| all.allows(*p)));
        assert!(Grants::parse::<&str>(&[])
            .map(|none| Permission::ALL.iter().all(|p| !none.allows(*p)))
            .unwrap());
        assert_eq!(grants.names(), ["tasks.read", "accounts.*"]);
    }

    #[test]
    fn unknown_names_are_errors() {
        assert!(Grants::parse(&["tasks.sned"])
            .unwrap_err()
            .contains("tasks.sned"));
        assert!(Grants::parse(&["task.*"]).is_err());
        assert!(Grants::parse(&["tasks"]).is_err());
    }

    #[test]
    fn names_are_unique() {
        let mut names: Vec<_> = Permission::ALL.iter().map(|p| p.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Permission::ALL.len());
    }
}
