//! Search requests and results: one search across every kind of record.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The kinds of record the search finds.
pub const KINDS: [&str; 7] = ["organization", "network", "agreement", "commitment", "programme", "activity", "framework_item"];

/// What to search for.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchRequest {
    /// What the person typed, in Thai, English or both.
    #[serde(default)]
    pub q: String,
    /// Only this kind of record: organization, network, agreement, commitment, programme, activity, framework_item.
    #[serde(rename = "type")]
    #[param(rename = "type")]
    pub kind: Option<String>,
    /// Only records in this province (a DOPA province code, or any longer code inside it).
    pub area: Option<String>,
    /// Treat the last word as a prefix (for a type-ahead box).
    #[serde(default)]
    pub prefix: bool,
}

/// One record found.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct SearchHit {
    #[serde(rename = "type")]
    pub kind: String,
    pub id: Uuid,
    pub title_th: String,
    pub title_en: Option<String>,
    /// HTML-safe excerpt with the matched words in `<mark>`.
    pub snippet: String,
    /// Higher is more relevant; comparable only within one result list.
    pub score: f64,
}

/// A page of hits, the total, and counts by type, sector and province over all hits.
#[derive(Debug, Clone, Default, PartialEq, Serialize, utoipa::ToSchema)]
pub struct SearchResults {
    pub hits: Vec<SearchHit>,
    pub total: u64,
    pub facets: Facets,
    /// When nothing matched as typed and a one-letter correction of an English word did, the query
    /// that was run instead.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub corrected_query: Option<String>,
}

/// Counts of hits by facet value.
#[derive(Debug, Clone, Default, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Facets {
    #[serde(rename = "type")]
    pub kind: BTreeMap<String, u64>,
    pub sector: BTreeMap<String, u64>,
    pub province: BTreeMap<String, u64>,
}
