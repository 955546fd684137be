//! phakhi's HTTP layer: the JSON API under `/api/v1`, its OpenAPI document, health checks.
//!
//! Handlers are thin: they extract validated input (see [`extract`]), call the [`Store`] and shape the
//! response; every error is a [`problem::Problem`]. Cross-cutting concerns — request ids, tracing,
//! body size limits, timeouts, panics — are tower layers applied once in [`router`].

#![expect(clippy::result_large_err, reason = "a Problem is built once per failed request; boxing it would only add an allocation")]

pub mod api;
mod etag;
mod extract;
pub mod problem;
mod resource;

use std::sync::Arc;
use std::time::Duration;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use phakhi_store::Store;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::problem::Problem;

/// Largest request body accepted (an agreement with hundreds of parties fits comfortably).
const BODY_LIMIT: usize = 2 * 1024 * 1024;
/// Longest a request may take before the client gets 408 (and its transaction is rolled back).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// What every handler can reach.
#[derive(Clone, Debug)]
pub struct AppState {
    store: Arc<dyn Store>,
}

impl AppState {
    pub fn new(store: Arc<dyn Store>) -> Self {
        Self { store }
    }

    pub fn store(&self) -> &dyn Store {
        self.store.as_ref()
    }
}

/// The OpenAPI 3.1 document of the API, generated from the handlers.
pub fn openapi() -> utoipa::openapi::OpenApi {
    api::routes().split_for_parts().1
}

/// The whole HTTP application.
pub fn router(store: Arc<dyn Store>) -> Router {
    let (api, document) = api::routes().split_for_parts();
    let document = Arc::new(document);
    Router::new()
        .merge(api)
        .route("/api/openapi.json", get(move || async move { Json(document.as_ref().clone()) }))
        .route("/", get(home))
        .fallback(not_found)
        .method_not_allowed_fallback(|| async { Problem::method_not_allowed() })
        .with_state(AppState::new(store))
        .layer(axum::middleware::map_response(problem_for_bare_errors))
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, REQUEST_TIMEOUT))
        .layer(CatchPanicLayer::custom(|_| Problem::internal().into_response()))
        .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(TraceLayer::new_for_http())
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
}

/// Error responses made by layers (timeouts, body limits) carry no problem document; give them one,
/// so every error a client sees has the same shape.
async fn problem_for_bare_errors(response: Response) -> Response {
    let is_error = response.status().is_client_error() || response.status().is_server_error();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/problem+json") || v.starts_with("application/json"));
    if is_error && !is_json { Problem::from_status(response.status()).into_response() } else { response }
}

async fn not_found() -> Problem {
    Problem::not_found("There is nothing at this address".into())
}

/// A minimal bilingual landing page until the web interface arrives: where the API and its
/// documentation are.
async fn home() -> Response {
    Html(HOME).into_response()
}

const HOME: &str = r#"<!doctype html>
<html lang="th">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>ภาคี phakhi</title></head>
<body style="font-family: sans-serif; line-height: 1.7; max-width: 40rem; margin: 2rem auto; padding: 0 1rem">
<main>
<h1>ภาคี <span lang="en">phakhi</span></h1>
<p>ทะเบียนภาคีเครือข่าย บันทึกความร่วมมือ โครงการ และกิจกรรม เชื่อมโยงกับเป้าหมายการพัฒนาที่ยั่งยืน</p>
<p lang="en">The register, activities and alignment of a partner network.</p>
<ul>
<li><a href="/api/v1/organizations">องค์กรภาคี <span lang="en">· Organisations</span></a></li>
<li><a href="/api/v1/agreements">บันทึกความร่วมมือ <span lang="en">· Agreements</span></a></li>
<li><a href="/api/v1/programmes">โครงการ <span lang="en">· Programmes</span></a></li>
<li><a href="/api/v1/activities">กิจกรรม <span lang="en">· Activities</span></a></li>
<li><a href="/api/v1/frameworks/sdg/items?top_level=true">เป้าหมายการพัฒนาที่ยั่งยืน <span lang="en">· SDGs</span></a></li>
<li><a href="/api/openapi.json">เอกสาร API (OpenAPI) <span lang="en">· API description</span></a></li>
</ul>
</main>
</body>
</html>
"#;
