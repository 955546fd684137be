//! The interface's own stylesheet, script and the Sarabun font, compiled into the binary and served
//! with long-lived caching: their URLs carry a hash of their content, so a new release is fetched at
//! once and an unchanged file never again.

use std::hash::{Hash, Hasher};
use std::sync::LazyLock;

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::AppState;

const CSS: &str = include_str!("../assets/app.css");
const JS: &str = include_str!("../assets/app.js");
const SARABUN_400: &[u8] = include_bytes!("../../../data/fonts/sarabun/Sarabun_400Regular.ttf");
const SARABUN_600: &[u8] = include_bytes!("../../../data/fonts/sarabun/Sarabun_600SemiBold.ttf");
const FONT_LICENCE: &str = include_str!("../../../data/fonts/sarabun/OFL.txt");

/// A short hash of the stylesheet and script, changing whenever either does.
static VERSION: LazyLock<String> = LazyLock::new(|| {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    CSS.hash(&mut hasher);
    JS.hash(&mut hasher);
    format!("{:x}", hasher.finish() & 0xffff_ffff)
});

/// The URL of an asset, versioned by content.
pub fn href(name: &str) -> String {
    if name.starts_with("fonts/") { format!("/assets/{name}") } else { format!("/assets/{name}?v={}", *VERSION) }
}

fn cached(content_type: &'static str, body: impl IntoResponse) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=31536000, immutable"));
    response
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/assets/app.css", get(|| async { cached("text/css; charset=utf-8", CSS) }))
        .route("/assets/app.js", get(|| async { cached("text/javascript; charset=utf-8", JS) }))
        .route("/assets/fonts/sarabun-400.ttf", get(|| async { cached("font/ttf", SARABUN_400) }))
        .route("/assets/fonts/sarabun-600.ttf", get(|| async { cached("font/ttf", SARABUN_600) }))
        .route("/assets/fonts/OFL.txt", get(|| async { cached("text/plain; charset=utf-8", FONT_LICENCE) }))
}
