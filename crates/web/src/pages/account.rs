//! Signing in and out, and setting a password from a one-time link.
//!
//! Sign-in never says whether an email has an account: a wrong password, an unknown email, a locked
//! or disabled account all get the same answer, in the same time (see `auth::password::verify`).
//! Attempts are limited per address and per account in the database, so the limits hold across
//! every app process; five failures in a row lock the account for 15 minutes.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{OriginalUri, Query};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect};
use chrono::{Duration, Utc};
use phakhi_domain::access::{Role, Scope};
use phakhi_store::accounts::SessionRecord;
use serde::Deserialize;

use super::{Chrome, PageError, PageResult, render};
use crate::auth::{Caller, SESSION_COOKIE, password, secret};
use crate::forms::Values;
use crate::i18n::Lang;

/// How long a session lasts: a working day.
const SESSION_HOURS: i64 = 12;
/// The window over which attempts are counted.
const WINDOW_MINUTES: i64 = 15;
/// Attempts allowed per window from one address, and against one account.
const MAX_PER_IP: u64 = 30;
const MAX_PER_ACCOUNT: u64 = 10;
/// Consecutive failures that lock an account, and for how long.
const LOCK_AFTER: i64 = 5;
const LOCK_MINUTES: i64 = 15;

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    c: Chrome,
    signed_in_as: Option<String>,
    roles: Vec<RoleView>,
    /// Pages only some accounts have (the audit log).
    links: Vec<super::view::Link>,
    csrf: String,
    next: String,
    email: String,
    error: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

/// Only a path on this site: never `//elsewhere` or `https://elsewhere`.
fn safe_next(lang: Lang, next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_owned(),
        _ => format!("/{}/", lang.code()),
    }
}

/// A role as the account page shows it: the role, and the network or organisation it covers by
/// name, linked to its page.
async fn role_view(caller: &Caller, lang: Lang, role: Role, scope: Scope) -> RoleView {
    let store = caller.store();
    let base = format!("/{}", lang.code());
    let over = match scope {
        Scope::Platform => None,
        Scope::Network(n) => {
            let name = store.get_network(n).await.map(|x| lang.pick(&x.input.name_th, x.input.name_en.as_deref()).to_owned());
            Some((name.unwrap_or_else(|_| n.0.to_string()), format!("{base}/networks/{}", n.0)))
        }
        Scope::Organization(o) => {
            let name = store.get_organization(o).await.map(|x| lang.pick(&x.input.name_th, x.input.name_en.as_deref()).to_owned());
            Some((name.unwrap_or_else(|_| o.0.to_string()), format!("{base}/partners/{}", o.0)))
        }
    };
    RoleView { role: lang.label(role).to_owned(), over }
}

#[derive(Debug)]
struct RoleView {
    role: String,
    /// The scope's name and page.
    over: Option<(String, String)>,
}

pub async fn page(lang: Lang, uri: OriginalUri, caller: Caller, Query(q): Query<NextQuery>) -> PageResult {
    let c = Chrome::new(lang, &uri, "", lang.t(if caller.is_signed_in() { "account-title" } else { "sign-in-title" }));
    let mut roles = Vec::new();
    for g in &caller.principal.grants {
        roles.push(role_view(&caller, lang, g.role, g.scope).await);
    }
    let mut links = Vec::new();
    // Every role but a viewer's may write some records, and so import a spreadsheet of them.
    if caller.principal.grants.iter().any(|g| g.role != Role::Viewer) {
        links.push(super::view::Link { href: format!("{}/import", c.base()), text: lang.t("import-link") });
    }
    if caller.principal.audit_reach().is_some() {
        links.push(super::view::Link { href: format!("{}/audit", c.base()), text: lang.t("audit-title") });
    }
    Ok(render(&AccountPage {
        signed_in_as: caller.is_signed_in().then(|| caller.principal.label.clone()),
        roles,
        links,
        csrf: caller.csrf_token.clone().unwrap_or_default(),
        next: safe_next(lang, q.next.as_deref()),
        email: String::new(),
        error: None,
        c,
    }))
}

/// A sign-in form must come from this site: a page elsewhere could otherwise sign a visitor into
/// an account of the attacker's ("login CSRF").
fn same_origin(headers: &HeaderMap) -> bool {
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    match (headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()), host) {
        (Some(origin), Some(host)) => origin.split("://").nth(1) == Some(host),
        (Some(_), None) => false,
        // Browsers send Origin on every POST; tools that don't are not browsers a page can drive.
        (None, _) => true,
    }
}

fn is_https(headers: &HeaderMap) -> bool {
    headers.get("x-forwarded-proto").and_then(|v| v.to_str().ok()) == Some("https")
}

fn session_cookie(value: &str, max_age: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!("{SESSION_COOKIE}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax{secure}"))
        .unwrap_or_else(|_| HeaderValue::from_static("phakhi_session=; Path=/; Max-Age=0"))
}

pub async fn sign_in(lang: Lang, uri: OriginalUri, caller: Caller, headers: HeaderMap, body: Bytes) -> PageResult {
    let values = Values::from_form(&body);
    let email = values.get("email").trim().to_owned();
    let next = safe_next(lang, Some(values.get("next")));
    let refuse = |status: StatusCode, key: &str| {
        let c = Chrome::new(lang, &uri, "", lang.t("sign-in-title"));
        let page = AccountPage {
            c,
            signed_in_as: None,
            roles: Vec::new(),
            links: Vec::new(),
            csrf: String::new(),
            next: next.clone(),
            email: email.clone(),
            error: Some(lang.t(key)),
        };
        Ok((status, render(&page)).into_response())
    };
    if !same_origin(&headers) {
        return refuse(StatusCode::FORBIDDEN, "sign-in-failed");
    }
    let store = caller.store();
    let err = |e| PageError::from_store(lang, e);
    let ip = caller.store().actor().ip.clone();
    let ip_key = format!("ip:{}", ip.clone().unwrap_or_else(|| "unknown".into()));
    let account_key = format!("email:{}", email.to_lowercase());
    let since = Utc::now() - Duration::minutes(WINDOW_MINUTES);
    let by_ip = store.count_sign_in_attempts(&ip_key, since).await.map_err(err)?;
    let by_account = store.count_sign_in_attempts(&account_key, since).await.map_err(err)?;
    if by_ip >= MAX_PER_IP || by_account >= MAX_PER_ACCOUNT {
        let mut response = refuse(StatusCode::TOO_MANY_REQUESTS, "sign-in-too-many")?;
        response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(WINDOW_MINUTES * 60));
        return Ok(response);
    }
    store.record_sign_in_attempt(&ip_key).await.map_err(err)?;
    store.record_sign_in_attempt(&account_key).await.map_err(err)?;

    let credentials = store.credentials(&email).await.map_err(err)?;
    let stored_hash = credentials.as_ref().and_then(|c| c.password_hash.as_deref());
    let password_ok = password::verify(values.get("password"), stored_hash);
    let Some(credentials) = credentials else { return refuse(StatusCode::UNAUTHORIZED, "sign-in-failed") };
    let locked = credentials.locked_until.is_some_and(|until| until > Utc::now());
    if !password_ok || locked || credentials.user.status != "active" {
        if !locked {
            let lock = (credentials.failed_sign_ins + 1 >= LOCK_AFTER).then(|| Utc::now() + Duration::minutes(LOCK_MINUTES));
            store.note_sign_in(credentials.user.id, false, lock).await.map_err(err)?;
        }
        return refuse(StatusCode::UNAUTHORIZED, "sign-in-failed");
    }
    store.note_sign_in(credentials.user.id, true, None).await.map_err(err)?;
    let token = secret::new("ps_");
    let record = SessionRecord {
        token_hash: secret::hash(&token),
        user_id: credentials.user.id,
        csrf_token: secret::new(""),
        expires_at: Utc::now() + Duration::hours(SESSION_HOURS),
        ip,
    };
    store.create_session(record).await.map_err(err)?;
    let mut response = Redirect::to(&next).into_response();
    response.headers_mut().append(header::SET_COOKIE, session_cookie(&token, SESSION_HOURS * 3600, is_https(&headers)));
    Ok(response)
}

pub async fn sign_out(lang: Lang, caller: Caller, headers: HeaderMap, body: Bytes) -> PageResult {
    let values = Values::from_form(&body);
    let genuine = caller.csrf_token.as_deref().is_some_and(|t| secret::same(t, values.get("_csrf")));
    if let (true, Some(hash)) = (genuine, caller.session_hash.as_deref()) {
        caller.store().end_session(hash).await.map_err(|e| PageError::from_store(lang, e))?;
    }
    let mut response = Redirect::to(&format!("/{}/", lang.code())).into_response();
    if genuine {
        response.headers_mut().append(header::SET_COOKIE, session_cookie("", 0, is_https(&headers)));
    }
    Ok(response)
}

#[derive(Template)]
#[template(path = "reset.html")]
struct ResetPage {
    c: Chrome,
    token: String,
    error: Option<String>,
    done: bool,
}

#[derive(Debug, Deserialize)]
pub struct ResetQuery {
    #[serde(default)]
    token: String,
}

pub async fn reset_form(lang: Lang, uri: OriginalUri, Query(q): Query<ResetQuery>) -> PageResult {
    let c = Chrome::new(lang, &uri, "", lang.t("reset-title"));
    Ok(render(&ResetPage { c, token: q.token, error: None, done: false }))
}

pub async fn reset(lang: Lang, uri: OriginalUri, caller: Caller, body: Bytes) -> PageResult {
    let values = Values::from_form(&body);
    let token = values.get("token").to_owned();
    let again = |key: &str, status: StatusCode| {
        let c = Chrome::new(lang, &uri, "", lang.t("reset-title"));
        Ok((status, render(&ResetPage { c, token: token.clone(), error: Some(lang.t(key)), done: false })).into_response())
    };
    let (new, repeated) = (values.get("password"), values.get("password_again"));
    if new != repeated {
        return again("reset-mismatch", StatusCode::UNPROCESSABLE_ENTITY);
    }
    let Ok(hash) = password::hash(new) else { return again("reset-too-short", StatusCode::UNPROCESSABLE_ENTITY) };
    let used = caller.store().reset_password(&secret::hash(&token), &hash).await.map_err(|e| PageError::from_store(lang, e))?;
    if !used {
        return again("reset-invalid-link", StatusCode::BAD_REQUEST);
    }
    let c = Chrome::new(lang, &uri, "", lang.t("reset-title"));
    Ok(render(&ResetPage { c, token: String::new(), error: None, done: true }))
}
