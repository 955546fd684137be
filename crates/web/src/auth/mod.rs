//! Who is calling: a signed-in session (cookie), an API token (`Authorization: Bearer`), or the
//! anonymous public — resolved once per request by [`identify`], then handed to handlers as a
//! [`Caller`] whose store acts for that person. What each person may do is decided in one place,
//! `phakhi_domain::access`, applied by the store to every write.

pub mod password;
pub mod secret;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use phakhi_domain::access::Principal;
use phakhi_store::Store;
use phakhi_store::accounts::Actor;

use crate::AppState;
use crate::problem::Problem;

/// The session cookie. `__Host-` would pin it to HTTPS; phakhi also runs on plain HTTP on a laptop,
/// so the cookie is marked `Secure` only when the platform is configured for HTTPS.
pub const SESSION_COOKIE: &str = "phakhi_session";

/// The caller of a request and a store acting for them.
#[derive(Clone, Debug)]
pub struct Caller {
    store: Arc<dyn Store>,
    pub principal: Principal,
    /// The token this session's forms must carry (none for tokens and the public).
    pub csrf_token: Option<String>,
    /// The hash of the session secret, to end the session on sign-out.
    pub session_hash: Option<String>,
}

impl Caller {
    pub fn store(&self) -> &dyn Store {
        self.store.as_ref()
    }

    pub fn is_signed_in(&self) -> bool {
        !self.principal.is_anonymous()
    }
}

/// A cookie's value from the request's `Cookie` headers.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|kv| kv.trim().strip_prefix(name)?.strip_prefix('=').map(str::to_owned))
}

/// Whether a load balancer in front of phakhi reports the client's address (`PHAKHI_BEHIND_PROXY=1`).
/// Only then is `X-Forwarded-For` believed: anyone can send the header, and believing it from the
/// open internet would let a client pick its own address for the sign-in limits.
static BEHIND_PROXY: std::sync::LazyLock<bool> = std::sync::LazyLock::new(|| std::env::var("PHAKHI_BEHIND_PROXY").is_ok_and(|v| v == "1"));

/// The client's address: the connection's, or behind a trusted proxy the first hop it reports.
pub fn client_ip(headers: &HeaderMap, connect: Option<&ConnectInfo<SocketAddr>>) -> Option<String> {
    let forwarded = || headers.get("x-forwarded-for").and_then(|v| v.to_str().ok()).and_then(|v| v.split(',').next()).map(str::trim);
    let from_proxy = if *BEHIND_PROXY { forwarded().filter(|s| !s.is_empty()).map(str::to_owned) } else { None };
    from_proxy.or_else(|| connect.map(|c| c.0.ip().to_string()))
}

/// Resolves the caller once per request and keeps it in the request's extensions.
pub async fn identify(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let ip = client_ip(request.headers(), request.extensions().get::<ConnectInfo<SocketAddr>>());
    let accounts = state.accounts();
    let mut principal = Principal::anonymous();
    let mut csrf_token = None;
    let mut session_hash = None;
    if let Some(value) = request.headers().get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()) {
        let Some(token) = value.strip_prefix("Bearer ").map(str::trim) else {
            return Problem::unauthenticated().into_response();
        };
        match accounts.api_token_principal(&secret::hash(token)).await {
            Ok(Some(p)) => principal = p,
            Ok(None) => return Problem::invalid_token().into_response(),
            Err(e) => return Problem::from(e).into_response(),
        }
    } else if let Some(secret) = cookie(request.headers(), SESSION_COOKIE) {
        let hash = secret::hash(&secret);
        // An expired or unknown cookie is simply no session: the visitor reads as the public.
        if let Ok(Some(session)) = accounts.session(&hash).await {
            principal = session.principal;
            csrf_token = Some(session.csrf_token);
            session_hash = Some(hash);
        }
    }
    // The API changes nothing for the anonymous public: say so before reading any body, so the
    // answer is the same 401 whatever was sent.
    if principal.is_anonymous() && request.uri().path().starts_with("/api/") && !request.method().is_safe() {
        return Problem::unauthenticated().into_response();
    }
    let store = accounts.acting_as(Actor { principal: principal.clone(), ip });
    request.extensions_mut().insert(Caller { store, principal, csrf_token, session_hash });
    next.run(request).await
}

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts.extensions.get::<Caller>().cloned().ok_or_else(Problem::internal)
    }
}
