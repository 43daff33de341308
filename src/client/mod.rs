//! The terminal client: `watch` and `send`, and the demo's own campaign. It is a caller like any
//! Go or Python service: it speaks gRPC to a gateway through the generated tonic clients, with
//! an API key and TLS as they would, and knows nothing of the server side. It shares with the
//! gateway only what must agree: the proto types, the phone number rules (`convert::validate`)
//! and the JSON views of watch messages (`view`).
//!
//! - `connect`: the channel, TLS and the key on every call;
//! - `targets`: the recipients' CSV file, checked whole before anything is sent, its chunks and
//!   their request ids;
//! - `send`: creates a campaign's tasks, safe to run again;
//! - `feed`: a watch stream that resumes after its last cursor when the connection drops;
//! - `cursor`: the cursor file that lets a stopped `watch` continue where it was;
//! - `progress`, `accounts`: what a person sees (bars at a terminal, plain lines otherwise);
//! - `watch`: the `watch` subcommands.

pub mod accounts;
pub mod connect;
pub mod cursor;
pub mod feed;
pub mod progress;
pub mod send;
pub mod targets;
pub mod watch;

use std::io::IsTerminal;

pub use connect::{ConnectSettings, Connection, GatewayAddr};

/// How the client shows what it watches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Output {
    /// For people: progress bars at a terminal, plain lines otherwise.
    #[default]
    Text,
    /// For scripts: one JSON object per line, the shapes of `crate::view`.
    Json,
}

/// What text output looks like, decided once per command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Live progress bars, redrawn in place.
    Bars,
    /// One line per change, no bars and no colour: for logs, pipes and CI.
    Plain,
    /// One JSON object per message.
    Json,
}

impl Style {
    /// The style of `output` on this process's stdout: bars only for a person at a terminal,
    /// and never when `plain` is asked for (the demo's `--headless`).
    pub fn of(output: Output, plain: bool) -> Self {
        match output {
            Output::Json => Self::Json,
            Output::Text if !plain && std::io::stdout().is_terminal() => Self::Bars,
            Output::Text => Self::Plain,
        }
    }
}

/// Why a client command stopped short.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// Ctrl-C: what was shown is kept (the cursor file is current); not a failure to report.
    #[error("interrupted")]
    Interrupted,
    /// Anything else, said as the person should read it.
    #[error("{0}")]
    Failed(String),
}

impl From<String> for ClientError {
    fn from(message: String) -> Self {
        Self::Failed(message)
    }
}

impl From<&str> for ClientError {
    fn from(message: &str) -> Self {
        Self::Failed(message.to_owned())
    }
}

/// A refused or failed call, as one line: the gRPC code, its message and, if the gateway gave
/// one, the `ErrorInfo` reason.
pub fn describe(status: &tonic::Status) -> String {
    use tonic_types::StatusExt;
    let reason = status
        .get_error_details()
        .error_info()
        .map(|info| format!(" ({})", info.reason))
        .unwrap_or_default();
    format!("{:?}{reason}: {}", status.code(), status.message())
}
