//! What a person sees of sender accounts: a line per change (online, offline, banned, a login
//! or registration that finished) and a summary of how many are online, offline and banned,
//! kept under the lines at a terminal and appended to each line elsewhere.

use std::collections::BTreeMap;

use indicatif::{ProgressBar, ProgressStyle};

use super::progress::Screen;
use super::Style;
use crate::proto::v1::watch_accounts_response::Update;
use crate::proto::v1::{AccountStatus, ConnectionStatus, OnlineStatus, WatchAccountsResponse};
use crate::view;

/// Where an account stands, for the summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Logged in and able to send.
    Online,
    /// Not logged in (or logging in or out).
    Offline,
    /// Banned by WhatsApp.
    Banned,
}

/// From an account's status and login state.
fn standing(status: i32, online: i32) -> Standing {
    if status == AccountStatus::Banned as i32 {
        Standing::Banned
    } else if online == OnlineStatus::Online as i32 {
        Standing::Online
    } else {
        Standing::Offline
    }
}

/// The accounts' view.
#[derive(Debug)]
pub struct AccountsView {
    screen: Screen,
    summary_bar: Option<ProgressBar>,
    accounts: BTreeMap<String, Standing>,
}

impl AccountsView {
    /// An empty view: the stream's snapshot fills it.
    pub fn new(style: Style) -> Self {
        let screen = Screen::new(style);
        let summary_bar = screen.has_bars().then(|| {
            screen.add(ProgressBar::new(0).with_style(
                ProgressStyle::with_template("{spinner} {msg}").expect("a valid template"),
            ))
        });
        Self {
            screen,
            summary_bar,
            accounts: BTreeMap::new(),
        }
    }

    /// Prints a line (above the summary at a terminal).
    pub fn line(&self, text: &str) -> std::io::Result<()> {
        self.screen.line(text)
    }

    /// `5 accounts: 3 online, 1 offline, 1 banned`.
    pub fn summary(&self) -> String {
        let of = |standing| self.accounts.values().filter(|s| **s == standing).count();
        format!(
            "{} accounts: {} online, {} offline, {} banned",
            self.accounts.len(),
            of(Standing::Online),
            of(Standing::Offline),
            of(Standing::Banned)
        )
    }

    /// Takes in one message: a line for what changed, and the summary.
    pub fn show(&mut self, message: &WatchAccountsResponse) -> std::io::Result<()> {
        let line = match &message.update {
            Some(Update::Snapshot(snapshot)) => {
                self.accounts = snapshot
                    .accounts
                    .iter()
                    .map(|a| (a.phone.clone(), standing(a.status, a.online_status)))
                    .collect();
                None
            }
            Some(Update::ConnectionStatus(changed)) => {
                let now = match ConnectionStatus::try_from(changed.status) {
                    Ok(ConnectionStatus::Online) => Some(Standing::Online),
                    Ok(ConnectionStatus::Banned) => Some(Standing::Banned),
                    Ok(ConnectionStatus::Offline | ConnectionStatus::Disconnected) => {
                        Some(Standing::Offline)
                    }
                    _ => None,
                };
                if let Some(now) = now {
                    self.accounts.insert(changed.phone.clone(), now);
                }
                Some(format!(
                    "{} {}",
                    changed.phone,
                    view::connection_status_name(changed.status)
                ))
            }
            Some(Update::AccountStatus(changed)) => {
                self.accounts.insert(
                    changed.phone.clone(),
                    standing(changed.status, changed.online_status),
                );
                let reason = if changed.reason_text.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", changed.reason_text)
                };
                Some(format!(
                    "{} {}, {}{reason}",
                    changed.phone,
                    view::account_status_name(changed.status),
                    view::online_status_name(changed.online_status)
                ))
            }
            // Registrations, logins and scan tasks: the one-line summary the JSON view gives.
            Some(Update::Registration(_) | Update::QrLogin(_) | Update::ScanTaskStatus(_)) => {
                let shown = view::accounts_message(message);
                let phone = shown["phone"]
                    .as_str()
                    .map(|p| format!("{p} "))
                    .unwrap_or_default();
                Some(format!(
                    "{phone}{}",
                    shown["summary"].as_str().unwrap_or_default()
                ))
            }
            Some(Update::Heartbeat(_)) | None => None,
        };
        let summary = self.summary();
        match &self.summary_bar {
            Some(bar) => {
                if let Some(line) = line {
                    self.screen.line(&line)?;
                }
                bar.set_message(summary);
                bar.tick();
                Ok(())
            }
            None => match line {
                Some(line) => self.screen.line(&format!("{line}  [{summary}]")),
                None if matches!(message.update, Some(Update::Snapshot(_))) => {
                    self.screen.line(&summary)
                }
                None => Ok(()),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proto::v1::{AccountState, AccountsSnapshot, ConnectionStatusChanged};

    #[test]
    fn the_summary_follows_the_snapshot_and_each_change() {
        let mut view = AccountsView::new(Style::Plain);
        let account = |phone: &str, status: AccountStatus, online: OnlineStatus| AccountState {
            phone: phone.into(),
            status: status as i32,
            online_status: online as i32,
        };
        view.show(&WatchAccountsResponse {
            cursor: "1".into(),
            update: Some(Update::Snapshot(AccountsSnapshot {
                accounts: vec![
                    account("1", AccountStatus::Normal, OnlineStatus::Online),
                    account("2", AccountStatus::Normal, OnlineStatus::Offline),
                    account("3", AccountStatus::Banned, OnlineStatus::Online),
                ],
            })),
            received_time: None,
        })
        .unwrap();
        assert_eq!(view.summary(), "3 accounts: 1 online, 1 offline, 1 banned");
        view.show(&WatchAccountsResponse {
            cursor: "2".into(),
            update: Some(Update::ConnectionStatus(ConnectionStatusChanged {
                phone: "2".into(),
                status: ConnectionStatus::Online as i32,
                ..Default::default()
            })),
            received_time: None,
        })
        .unwrap();
        assert_eq!(view.summary(), "3 accounts: 2 online, 0 offline, 1 banned");
    }
}
