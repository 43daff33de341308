//! Signing in to the dashboard. A browser's EventSource cannot send an `authorization` header,
//! so a person presents the API key once and gets a session cookie (HttpOnly, SameSite=Strict,
//! Secure over TLS) holding a random token. The gateway keeps, per session, only the SHA-256
//! digest of the key (never the key) and finds the caller in the current key file on every
//! request: a key removed from the file, or a permission taken away, applies at once. Scripts may
//! send `authorization: Bearer <key>` on any API request instead.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::Engine;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::{ApiError, Dashboard};
use crate::callers::authenticate::{bearer, Admission};
use crate::callers::keys::{key_digest, MAX_AUTHORIZATION_BYTES};
use crate::callers::{count_refusal, Caller, Permission, Refusal};
use crate::observe::metrics::dashboard::SignInLabels;
use crate::observe::metrics::metrics;

/// The session cookie's name.
const COOKIE: &str = "wadispatch_session";
/// What a key must hold to sign in: the dashboard is a view of both watches.
const SIGN_IN_PERMISSIONS: [Permission; 2] = [Permission::TasksWatch, Permission::AccountsWatch];

/// One signed-in browser.
#[derive(Debug)]
struct Session {
    /// Digest of the key it signed in with.
    key_digest: [u8; 32],
    expires: Instant,
}

/// The open sessions, by the digest of their token (a lookup never compares the token itself),
/// at most `max`, each for `lifetime`.
#[derive(Debug)]
pub(super) struct Sessions {
    open: Mutex<HashMap<[u8; 32], Session>>,
    max: usize,
    lifetime: Duration,
    /// Cookies are marked `Secure` (the listener has TLS).
    secure: bool,
}

impl Sessions {
    pub(super) fn new(max: usize, lifetime: Duration, secure: bool) -> Self {
        Self {
            open: Mutex::new(HashMap::new()),
            max: max.max(1),
            lifetime,
            secure,
        }
    }

    /// A new session for the key with `key_digest`: its token. At the cap, expired sessions go
    /// first, then the one closest to expiry.
    fn open(&self, key_digest: [u8; 32]) -> Result<String, ApiError> {
        let mut token = [0u8; 32];
        getrandom::fill(&mut token).map_err(|_| {
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "no randomness for a session",
            )
        })?;
        let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(token);
        let now = Instant::now();
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        if open.len() >= self.max {
            open.retain(|_, session| session.expires > now);
        }
        if open.len() >= self.max {
            let oldest = open
                .iter()
                .min_by_key(|(_, session)| session.expires)
                .map(|(id, _)| *id);
            if let Some(oldest) = oldest {
                open.remove(&oldest);
            }
        }
        open.insert(
            token_id(&token),
            Session {
                key_digest,
                expires: now + self.lifetime,
            },
        );
        record_sessions(open.len());
        Ok(token)
    }

    /// The key digest of a live session.
    fn key_digest(&self, token: &str) -> Option<[u8; 32]> {
        let id = token_id(token);
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        match open.get(&id) {
            Some(session) if session.expires > Instant::now() => Some(session.key_digest),
            Some(_) => {
                open.remove(&id);
                record_sessions(open.len());
                None
            }
            None => None,
        }
    }

    fn close(&self, token: &str) {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        open.remove(&token_id(token));
        record_sessions(open.len());
    }

    /// The `Set-Cookie` value carrying `token`, or clearing the cookie.
    fn cookie(&self, token: Option<&str>) -> String {
        let secure = if self.secure { "; Secure" } else { "" };
        match token {
            Some(token) => format!(
                "{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{secure}",
                self.lifetime.as_secs()
            ),
            None => format!("{COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{secure}"),
        }
    }
}

fn record_sessions(open: usize) {
    metrics()
        .dashboard
        .sessions
        .set(i64::try_from(open).unwrap_or(i64::MAX));
}

/// Counts a sign-in by how it ended.
fn count_sign_in(outcome: &'static str) {
    metrics()
        .dashboard
        .sign_ins
        .get_or_create(&SignInLabels { outcome })
        .inc();
}

fn token_id(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

/// The session token in the request's cookies, if any.
fn session_token(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|cookies| cookies.split(';'))
        .filter_map(|cookie| cookie.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, token)| token)
        .filter(|token| !token.is_empty() && token.len() <= 64)
}

impl Dashboard {
    /// Who is asking: the gateway's one caller when it runs unauthenticated, else the key in an
    /// `authorization` header or the session's key, as the key file names it now.
    pub(super) fn caller(&self, headers: &HeaderMap) -> Result<Caller, ApiError> {
        let ring = match &self.admission {
            Admission::Everyone => return Ok(Caller::anonymous()),
            Admission::Keys(ring) => ring.keys(),
        };
        let refused = |message: &str| {
            count_refusal(Refusal::Unauthenticated);
            ApiError::new(StatusCode::UNAUTHORIZED, message)
        };
        if let Some(value) = headers.get(header::AUTHORIZATION) {
            let key = bearer(value.as_bytes())
                .ok_or_else(|| refused("authorization must be `Bearer <key>`"))?;
            return ring.by_key(key).ok_or_else(|| refused("unknown API key"));
        }
        let digest = session_token(headers)
            .and_then(|token| self.sessions.key_digest(token))
            .ok_or_else(|| refused("sign in with an API key"))?;
        ring.by_digest(&digest)
            .ok_or_else(|| refused("the key of this session is no longer accepted: sign in again"))
    }
}

/// `{caller, permissions}` of a caller.
fn who(caller: &Caller) -> Json<serde_json::Value> {
    Json(serde_json::json!({
        "caller": &*caller.name,
        "permissions": caller.grants.names(),
    }))
}

/// `GET /api/session`: who the session (or header) stands for.
pub(super) async fn current(
    State(dashboard): State<Arc<Dashboard>>,
    headers: HeaderMap,
) -> Result<Json<serde_json::Value>, ApiError> {
    dashboard.caller(&headers).map(|caller| who(&caller))
}

/// A sign-in's body.
#[derive(Debug, Deserialize)]
pub(super) struct SignIn {
    key: String,
}

/// `POST /api/session` with `{"key": ...}`: a session for a key that may watch tasks and
/// accounts.
pub(super) async fn sign_in(
    State(dashboard): State<Arc<Dashboard>>,
    body: Result<Json<SignIn>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(SignIn { key }) = body.map_err(|rejection| {
        count_sign_in("malformed");
        ApiError::new(
            StatusCode::BAD_REQUEST,
            format!("expected {{\"key\": \"...\"}}: {}", rejection.body_text()),
        )
    })?;
    let ring = match &dashboard.admission {
        Admission::Everyone => return Ok(who(&Caller::anonymous()).into_response()),
        Admission::Keys(ring) => ring.keys(),
    };
    let key = key.trim();
    let caller = (key.len() <= MAX_AUTHORIZATION_BYTES)
        .then(|| ring.by_key(key))
        .flatten()
        .ok_or_else(|| {
            count_refusal(Refusal::Unauthenticated);
            count_sign_in("unknown_key");
            ApiError::new(StatusCode::UNAUTHORIZED, "unknown API key")
        })?;
    for permission in SIGN_IN_PERMISSIONS {
        caller.require(permission).map_err(|_| {
            count_sign_in("permission_denied");
            ApiError::new(
                StatusCode::FORBIDDEN,
                format!(
                    "the key {:?} lacks {}: the dashboard needs {} and {}",
                    &*caller.name,
                    permission.as_str(),
                    Permission::TasksWatch.as_str(),
                    Permission::AccountsWatch.as_str(),
                ),
            )
        })?;
    }
    let token = dashboard.sessions.open(key_digest(key))?;
    count_sign_in("ok");
    tracing::info!(caller = %caller.name, "dashboard sign-in");
    let cookie = dashboard.sessions.cookie(Some(&token));
    Ok(([(header::SET_COOKIE, cookie)], who(&caller)).into_response())
}

/// `DELETE /api/session`: ends the session and clears its cookie.
pub(super) async fn sign_out(
    State(dashboard): State<Arc<Dashboard>>,
    headers: HeaderMap,
) -> Response {
    if let Some(token) = session_token(&headers) {
        dashboard.sessions.close(token);
    }
    let cookie = dashboard.sessions.cookie(None);
    (StatusCode::NO_CONTENT, [(header::SET_COOKIE, cookie)]).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_are_bounded_expire_and_close() {
        let sessions = Sessions::new(2, Duration::from_secs(60), false);
        let a = sessions.open([1; 32]).unwrap();
        let b = sessions.open([2; 32]).unwrap();
        assert_eq!(sessions.key_digest(&a), Some([1; 32]));
        let c = sessions.open([3; 32]).unwrap();
        // At the cap the session closest to expiry (the first) went.
        assert_eq!(sessions.key_digest(&a), None);
        assert_eq!(sessions.key_digest(&b), Some([2; 32]));
        assert_eq!(sessions.key_digest(&c), Some([3; 32]));
        sessions.close(&b);
        assert_eq!(sessions.key_digest(&b), None);
        assert_eq!(sessions.open.lock().unwrap().len(), 1);

        let expired = Sessions::new(2, Duration::ZERO, true);
        let token = expired.open([4; 32]).unwrap();
        assert_eq!(expired.key_digest(&token), None);
        assert!(expired.cookie(Some(&token)).ends_with("; Secure"));
    }

    #[test]
    fn the_session_cookie_is_found_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            "theme=dark; wadispatch_session=abc_DEF-1; other=x"
                .parse()
                .unwrap(),
        );
        assert_eq!(session_token(&headers), Some("abc_DEF-1"));
        headers.insert(header::COOKIE, "wadispatch_session=".parse().unwrap());
        assert_eq!(session_token(&headers), None);
    }
}
