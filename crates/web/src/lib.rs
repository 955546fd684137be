//! phakhi's HTTP layer: the web interface (`/th/…`, `/en/…`), the JSON API under `/api/v1`, its
//! OpenAPI document, health checks.
//!
//! Handlers are thin: they extract validated input (see [`extract`]), call the [`Store`] and shape the
//! response; every error is a [`problem::Problem`]. Cross-cutting concerns — request ids, tracing,
//! body size limits, timeouts, panics — are tower layers applied once in [`router`].

#![expect(clippy::result_large_err, reason = "a Problem is built once per failed request; boxing it would only add an allocation")]

pub mod api;
mod assets;
pub mod auth;
mod etag;
mod extract;
mod forms;
pub mod i18n;
mod pages;
pub mod problem;
mod resource;

use std::sync::Arc;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use phakhi_store::Store;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::problem::Problem;

/// Everything the pages use is phakhi's own and served from its own origin: no inline script or
/// style, no third party, and nobody may frame the pages.
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; \
     connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// Largest request body an API call or a form may send (an agreement with hundreds of parties fits
/// comfortably). The spreadsheet upload alone accepts more (`pages::import::REQUEST_LIMIT`), which is
/// why this is each extractor's limit while the layer's hard limit is the upload's.
const BODY_LIMIT: usize = 2 * 1024 * 1024;
/// Longest a request may take before the client gets 408 (and its transaction is rolled back).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// What every handler can reach.
#[derive(Clone, Debug)]
pub struct AppState {
    /// The store acting for the platform itself: only for looking up sessions and tokens, and for
    /// making a store that acts for the caller ([`auth::identify`]).
    accounts: Arc<dyn Store>,
    /// The store acting for the anonymous public: what public pages read.
    public: Arc<dyn Store>,
}

impl AppState {
    pub fn new(store: Arc<dyn Store>) -> Self {
        let public = store.acting_as(phakhi_store::accounts::Actor { principal: phakhi_domain::access::Principal::anonymous(), ip: None });
        Self { accounts: store, public }
    }

    /// The store as the public sees it: reads anything public, writes nothing.
    pub fn store(&self) -> &dyn Store {
        self.public.as_ref()
    }

    fn accounts(&self) -> &dyn Store {
        self.accounts.as_ref()
    }
}

/// The OpenAPI 3.1 document of the API, generated from the handlers.
pub fn openapi() -> serde_json::Value {
    api::document::served(&api::routes().split_for_parts().1)
}

/// The whole HTTP application.
pub fn router(store: Arc<dyn Store>) -> Router {
    let (api, document) = api::routes().split_for_parts();
    let document = Arc::new(api::document::served(&document));
    let state = AppState::new(store);
    Router::new()
        .merge(api)
        .route("/api/openapi.json", get(move || async move { Json(document.as_ref().clone()) }))
        .merge(pages::routes())
        .fallback(not_found)
        .method_not_allowed_fallback(|| async { Problem::method_not_allowed() })
        .layer(axum::middleware::from_fn_with_state(state.clone(), auth::identify))
        .layer(axum::middleware::from_fn(refuse_nul_in_uri))
        .with_state(state)
        .layer(axum::middleware::map_response(problem_for_bare_errors))
        // Pages and JSON shrink five- to tenfold on the slow mobile connections many visitors have.
        .layer(CompressionLayer::new())
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(RequestBodyLimitLayer::new(pages::import::REQUEST_LIMIT))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, REQUEST_TIMEOUT))
        .layer(CatchPanicLayer::custom(|_| Problem::internal().into_response()))
        .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::overriding(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CONTENT_SECURITY_POLICY)))
        .layer(SetResponseHeaderLayer::overriding(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(SetResponseHeaderLayer::overriding(header::REFERRER_POLICY, HeaderValue::from_static("strict-origin-when-cross-origin")))
        .layer(SetResponseHeaderLayer::overriding(
            header::HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static("camera=(), microphone=(), geolocation=(), payment=()"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin"),
        ))
        .layer(TraceLayer::new_for_http())
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
}

/// Error responses made by layers (timeouts, body limits) carry no explanation; give them a problem document,
/// so every error a client sees has the same shape.
async fn problem_for_bare_errors(response: Response) -> Response {
    let is_error = response.status().is_client_error() || response.status().is_server_error();
    // Pages explain their errors in HTML, in the reader's language; keep those.
    let is_explained = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/problem+json") || v.starts_with("application/json") || v.starts_with("text/html"));
    if is_error && !is_explained { Problem::from_status(response.status()).into_response() } else { response }
}

/// Nothing here: a page for a browser, a problem document for an API client.
async fn not_found(request: axum::extract::Request) -> Response {
    if pages::wants_html(&request) {
        pages::PageError::NotFound(i18n::Lang::Th).into_response()
    } else {
        Problem::not_found("There is nothing at this address".into()).into_response()
    }
}

/// A path or query holding an encoded NUL (`%00`) gets a clear 400 before any handler sees it: no
/// record may contain one, and PostgreSQL would refuse it in the middle of a query.
async fn refuse_nul_in_uri(request: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    let uri = request.uri().path_and_query().map_or("", |p| p.as_str());
    if uri.contains("%00") {
        let field = if request.uri().path().contains("%00") { "path" } else { "query" };
        return extract::nul_problem(field).into_response();
    }
    next.run(request).await
}
