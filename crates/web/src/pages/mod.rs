//! The web interface: server-rendered, bilingual pages under `/th/…` and `/en/…`.
//!
//! Every page works without JavaScript. Handlers gather what a page shows from the [`Store`] into a
//! typed view (one askama template each, in `crates/web/templates/`); all interface text comes from
//! the message catalogues through [`Lang`]. Participation counts pass through
//! [`phakhi_domain::disclosure`] before any page shows them.

mod account;
mod activities;
mod agreements;
mod audit;
mod calendar;
mod charts;
mod download;
mod frameworks;
mod gaps;
mod home;
pub(crate) mod import;
pub(crate) mod indicators;
mod networks;
mod participants;
mod partners;
mod plans;
mod programmes;
mod report;
mod search;
pub(crate) mod view;

use askama::Template;
use axum::Router;
use axum::extract::{OriginalUri, Request};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use phakhi_store::StoreError;

use crate::AppState;
use crate::forms;
use crate::i18n::Lang;

/// The parts every page shares: language, title, where it is, the search box.
#[derive(Debug, Clone)]
pub struct Chrome {
    pub lang: Lang,
    pub title: String,
    /// The main-navigation section this page belongs to (`partners`, `agreements` …).
    pub section: &'static str,
    /// This page's path and query without the language prefix, for the language switch.
    pub here: String,
    /// What is in the search box.
    pub q: String,
}

impl Chrome {
    pub fn new(lang: Lang, uri: &OriginalUri, section: &'static str, title: impl Into<String>) -> Self {
        let path_and_query = uri.0.path_and_query().map_or("/", |p| p.as_str());
        let here = path_and_query.strip_prefix(&format!("/{}", lang.code())).unwrap_or(path_and_query).to_owned();
        Chrome { lang, title: title.into(), section, here, q: String::new() }
    }

    pub fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }

    /// `/th` or `/en`, for links inside templates.
    pub fn base(&self) -> &'static str {
        match self.lang {
            Lang::Th => "/th",
            Lang::En => "/en",
        }
    }

    /// This page in the other language.
    pub fn other_href(&self) -> String {
        format!("/{}{}", self.lang.other().code(), if self.here.is_empty() { "/" } else { &self.here })
    }

    pub fn other_lang(&self) -> &'static str {
        self.lang.other().code()
    }

    /// The other language's own name, written in it.
    pub fn other_name(&self) -> &'static str {
        match self.lang {
            Lang::Th => "English",
            Lang::En => "ภาษาไทย",
        }
    }

    pub fn nav(&self) -> Vec<NavLink> {
        [
            ("home", "", "nav-home"),
            ("partners", "/partners", "nav-partners"),
            ("networks", "/networks", "nav-networks"),
            ("agreements", "/agreements", "nav-agreements"),
            ("programmes", "/programmes", "nav-programmes"),
            ("activities", "/activities", "nav-activities"),
            ("plans", "/plans", "nav-plans"),
            ("indicators", "/indicators", "nav-indicators"),
            ("frameworks", "/frameworks", "nav-frameworks"),
        ]
        .into_iter()
        .map(|(section, path, key)| NavLink {
            href: format!("{}{}", self.base(), if path.is_empty() { "/" } else { path }),
            label: self.t(key),
            current: section == self.section,
        })
        .collect()
    }

    pub fn asset(&self, name: &str) -> String {
        crate::assets::href(name)
    }
}

#[derive(Debug)]
pub struct NavLink {
    pub href: String,
    pub label: String,
    pub current: bool,
}

/// Why a page could not be shown, rendered as an HTML page in the visitor's language.
#[derive(Debug)]
pub enum PageError {
    NotFound(Lang),
    /// Not found, with an explanation of why it may be missing (404).
    Gone(Lang, String),
    /// Sign in first, then come back to this path.
    SignIn(Lang, String),
    BadRequest(Lang, String),
    /// Signed in, but this page is not theirs to see (403).
    Forbidden(Lang),
    Unavailable(Lang),
}

impl PageError {
    pub fn from_store(lang: Lang, e: StoreError) -> Self {
        match e {
            StoreError::NotFound { .. } => PageError::NotFound(lang),
            StoreError::Forbidden { .. } => PageError::Forbidden(lang),
            StoreError::Invalid(v) => {
                let message: Vec<&str> = v.as_slice().iter().map(|x| lang.violation(x)).collect();
                PageError::BadRequest(lang, message.join(" "))
            }
            other => {
                tracing::error!(error = %other, "a page could not be read from the store");
                PageError::Unavailable(lang)
            }
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    c: Chrome,
    heading: String,
    message: String,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let (lang, status, heading, message) = match self {
            PageError::SignIn(l, next) => {
                let query = form_urlencoded::Serializer::new(String::new()).append_pair("next", &next).finish();
                return axum::response::Redirect::to(&format!("/{}/account?{query}", l.code())).into_response();
            }
            PageError::NotFound(l) => (l, StatusCode::NOT_FOUND, l.t("error-not-found"), l.t("error-not-found-text")),
            PageError::Gone(l, m) => (l, StatusCode::NOT_FOUND, l.t("error-not-found"), m),
            PageError::BadRequest(l, m) => (l, StatusCode::BAD_REQUEST, l.t("error-bad-request"), m),
            PageError::Forbidden(l) => (l, StatusCode::FORBIDDEN, l.t("error-forbidden"), l.t("error-forbidden-text")),
            PageError::Unavailable(l) => (l, StatusCode::SERVICE_UNAVAILABLE, l.t("error-unavailable"), l.t("error-unavailable-text")),
        };
        let c = Chrome { lang, title: heading.clone(), section: "", here: "/".into(), q: String::new() };
        (status, render(&ErrorPage { c, heading, message })).into_response()
    }
}

/// A page's HTML, or a plain 500 if a template fails (which tests rule out).
pub fn render(page: &impl Template) -> Response {
    match page.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "a template failed to render");
            (StatusCode::INTERNAL_SERVER_ERROR, "template error").into_response()
        }
    }
}

pub type PageResult = Result<Response, PageError>;

/// The pages of one language; mounted at `/th` and at `/en`.
fn language_routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home::page))
        .route("/search", get(search::page))
        .route("/account", get(account::page))
        .route("/sign-in", axum::routing::post(account::sign_in))
        .route("/sign-out", axum::routing::post(account::sign_out))
        .route("/reset-password", get(account::reset_form).post(account::reset))
        .route("/partners", get(partners::list))
        .route("/partners/{id}", get(partners::detail))
        .route("/networks", get(networks::list))
        .route("/networks/{id}", get(networks::detail))
        .route("/networks/{id}/report.pdf", get(networks::report_pdf))
        .route("/agreements", get(agreements::list))
        .route("/agreements/{id}", get(agreements::detail))
        .route("/programmes", get(programmes::list))
        .route("/programmes/{id}", get(programmes::detail))
        .route("/activities", get(activities::list))
        .route("/activities/calendar", get(calendar::page))
        .route("/activities/{id}", get(activities::detail))
        .route("/activities/{id}/participants", get(participants::list))
        .route("/activities/{id}/report.pdf", get(activities::report_pdf))
        .route("/plans", get(plans::list))
        .route("/gaps", get(gaps::page))
        .route("/indicators", get(indicators::list))
        .route("/indicators/{id}", get(indicators::detail))
        .route("/plans/{id}", get(plans::detail))
        .route("/plans/{id}/report.pdf", get(plans::report_pdf))
        .route("/audit", get(audit::page))
        .route("/commitments/{id}", get(search::commitment))
        .route("/framework-items/{id}", get(search::framework_item))
        .route("/frameworks", get(frameworks::list))
        .route("/frameworks/{code}", get(frameworks::framework))
        .route("/frameworks/{code}/{item}", get(frameworks::item))
        .merge(forms::routes())
        .merge(import::routes())
        .fallback(|lang: Lang| async move { PageError::NotFound(lang) })
}

/// Every page, the assets, and `/` choosing a language.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(choose_language))
        // A nested router's own "/" answers only "/th"; the trailing-slash form is the canonical one.
        .route("/th/", get(home::page))
        .route("/en/", get(home::page))
        .nest("/th", language_routes())
        .nest("/en", language_routes())
        .merge(crate::assets::routes())
        .layer(axum::middleware::map_response_with_state((), remember_language))
        .layer(axum::middleware::from_fn(keep_private))
}

/// A page read by a signed-in person may hold non-public figures or personal data: no shared cache
/// may keep it, nor the browser once they have signed out. (Assets set their own caching.)
async fn keep_private(request: Request, next: axum::middleware::Next) -> Response {
    let signed_in = request.extensions().get::<crate::auth::Caller>().is_some_and(crate::auth::Caller::is_signed_in);
    let mut response = next.run(request).await;
    if signed_in && !response.headers().contains_key(header::CACHE_CONTROL) {
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    }
    response
}

const LANG_COOKIE: &str = "phakhi_lang";

/// `/` opens the language chosen last time, else the browser's preference, else Thai.
async fn choose_language(headers: HeaderMap) -> Redirect {
    let from_cookie = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().strip_prefix(&format!("{LANG_COOKIE}=")).map(str::to_owned))
        .find_map(|v| Lang::from_code(&v));
    let from_browser = || {
        let accept = headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or_default();
        let first = accept.split(',').next().unwrap_or_default().trim().to_ascii_lowercase();
        if first.starts_with("en") { Lang::En } else { Lang::Th }
    };
    let lang = from_cookie.unwrap_or_else(from_browser);
    Redirect::to(&format!("/{}/", lang.code()))
}

/// Pages remember their language in a cookie, so `/` and the next visit open in it.
async fn remember_language(uri: OriginalUri, mut response: Response) -> Response {
    let first = uri.0.path().trim_start_matches('/').split('/').next().unwrap_or_default();
    let is_html = response.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("text/html"));
    if let Some(lang) = Lang::from_code(first)
        && is_html
    {
        let cookie = format!("{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax", lang.code());
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

/// Whether a request prefers HTML (a browser) to JSON (an API client), for the site-wide 404.
pub fn wants_html(request: &Request) -> bool {
    request.headers().get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("text/html"))
}
