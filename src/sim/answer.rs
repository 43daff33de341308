//! What the simulator answers: the data of the platform's `{code, message, data}` envelope, or
//! the error that takes its place.

use serde_json::Value;

/// An error answered in the platform's envelope: `{"code": code, "message": message}`.
#[derive(Debug, Clone, PartialEq)]
pub struct PlatformError {
    /// The envelope's `code`: 400, 404, 500 or one of the platform's own (1001-1004).
    pub code: i64,
    /// The envelope's `message`.
    pub message: String,
}

impl PlatformError {
    /// A request the platform rejects (missing or malformed field): envelope code 400.
    pub fn invalid(message: impl Into<String>) -> Self {
        Self {
            code: 400,
            message: message.into(),
        }
    }

    /// Something that does not exist: envelope code 404.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self {
            code: 404,
            message: message.into(),
        }
    }

    /// An error with one of the platform's own codes (500, the cloud ports' 1001-1004, ...).
    pub fn code(code: i64, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

/// What an endpoint handler answers: the envelope's `data`, or the error in its place.
pub type Answer = Result<Value, PlatformError>;
