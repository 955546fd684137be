//! `/api/v1/search`: one search across every kind of record, in Thai and English.

use axum::Json;
use axum::http::{HeaderMap, header};
use phakhi_store::{Facets, SearchRequest, SearchResults};
use serde::Serialize;
use uuid::Uuid;

use crate::auth::Caller;
use crate::extract::{ApiQuery, PageParams};
use crate::problem::Problem;

/// One record found, titled in the reader's language.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Hit {
    /// organization, network, agreement, commitment, programme, activity, framework_item, plan or indicator.
    #[serde(rename = "type")]
    pub kind: String,
    pub id: Uuid,
    /// The title in the language asked for (`Accept-Language`), falling back to Thai.
    pub title: String,
    pub title_th: String,
    pub title_en: Option<String>,
    /// HTML-safe excerpt with the matched words in `<mark>`.
    pub snippet: String,
    pub score: f64,
}

/// Ranked hits with counts by type, sector and province.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SearchResponse {
    pub hits: Vec<Hit>,
    /// Matches counted, up to 1,000.
    pub total: u64,
    /// More records matched than were counted: `total` and the facets are lower bounds, and the hits
    /// are the best of those counted plus those whose title holds every word. Narrow with `type`,
    /// `area` or another word.
    pub total_is_lower_bound: bool,
    pub limit: u32,
    pub offset: u64,
    pub facets: Facets,
    /// The query run instead, when the one typed found nothing and a one-letter correction did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub corrected_query: Option<String>,
}

/// Whether the reader prefers English over Thai (Thai unless English comes first).
fn prefers_english(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .is_some_and(|first| first.trim().to_ascii_lowercase().starts_with("en"))
}

/// Search organisations, networks, agreements, commitments, programmes, activities and framework
/// items. Thai is matched word by word (มนุษยชน finds สิทธิมนุษยชน); English is stemmed and forgives
/// one typo; `prefix=true` completes the last word for a type-ahead box.
#[utoipa::path(get, path = "/api/v1/search", tag = "search", operation_id = "search",
    params(SearchRequest, PageParams), responses((status = 200, body = SearchResponse), (status = 400, body = Problem)))]
pub async fn search(
    caller: Caller,
    headers: HeaderMap,
    ApiQuery(request): ApiQuery<SearchRequest>,
    ApiQuery(p): ApiQuery<PageParams>,
) -> Result<Json<SearchResponse>, Problem> {
    if let Some(kind) = request.kind.as_deref().filter(|k| !phakhi_store::KINDS.contains(k)) {
        return Err(Problem::malformed(
            "type",
            "ชนิดของรายการไม่ถูกต้อง",
            format!("'{kind}' is not one of {}", phakhi_store::KINDS.join(", ")),
        ));
    }
    // Hits are always in order of relevance; a `sort` parameter has nothing to reorder by.
    let page = phakhi_store::Page { sort: None, ..p.page()? };
    let english = prefers_english(&headers);
    let SearchResults { hits, total, total_is_lower_bound, facets, corrected_query } = caller.store().search(&request, &page).await?;
    let hits = hits
        .into_iter()
        .map(|h| {
            let title = match (&h.title_en, english) {
                (Some(en), true) => en.clone(),
                _ => h.title_th.clone(),
            };
            Hit { kind: h.kind, id: h.id, title, title_th: h.title_th, title_en: h.title_en, snippet: h.snippet, score: h.score }
        })
        .collect();
    Ok(Json(SearchResponse { hits, total, total_is_lower_bound, limit: page.limit, offset: page.offset, facets, corrected_query }))
}
