//! ETags from record versions, and responses that carry them.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// The strong ETag of a record version: `"3"`.
pub fn format(version: i64) -> HeaderValue {
    HeaderValue::from_str(&format!("\"{version}\"")).expect("digits and quotes are a valid header value")
}

/// The version in a strong ETag, if it is one of ours.
pub fn parse(tag: &str) -> Option<i64> {
    tag.strip_prefix('"')?.strip_suffix('"')?.parse().ok()
}

/// A record in a response, with its ETag (and, when just created, its location).
#[derive(Debug)]
pub struct Tagged<T> {
    status: StatusCode,
    version: i64,
    location: Option<String>,
    body: T,
}

impl<T> Tagged<T> {
    pub fn ok(version: i64, body: T) -> Self {
        Self { status: StatusCode::OK, version, location: None, body }
    }

    pub fn created(location: String, version: i64, body: T) -> Self {
        Self { status: StatusCode::CREATED, version, location: Some(location), body }
    }
}

impl<T: Serialize> IntoResponse for Tagged<T> {
    fn into_response(self) -> Response {
        let mut response = (self.status, axum::Json(self.body)).into_response();
        let headers = response.headers_mut();
        headers.insert(header::ETAG, format(self.version));
        if let Some(location) = self.location.and_then(|l| HeaderValue::from_str(&l).ok()) {
            headers.insert(header::LOCATION, location);
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etags_round_trip_and_weak_tags_do_not_parse() {
        assert_eq!(parse(format(7).to_str().unwrap()), Some(7));
        assert_eq!(parse("W/\"7\""), None);
        assert_eq!(parse("7"), None);
    }
}
