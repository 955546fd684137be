//! Search requests and results: one search across every kind of record.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The kinds of record the search finds.
pub const KINDS: [&str; 9] =
    ["organization", "network", "agreement", "commitment", "programme", "activity", "framework_item", "plan", "indicator"];

/// Matches a search looks at. A common word matches hundreds of thousands of records in the national
/// dataset, and ranking, counting and faceting every one of them costs time linear in their number
/// (200 ms for 57,000 matches). So a search reads at most this many matches, in index order, and
/// ranks those — plus up to as many whose title holds every word, so a record named by the query is
/// found however many records mention it. Beyond this many, the total and the facet counts are lower
/// bounds ("1,000+"), and a filter or another word narrows the search.
pub const CANDIDATES: usize = 1_000;

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
    /// The number of matches, counted up to a limit (1,000).
    pub total: u64,
    /// More records matched than were counted: `total` and the facet counts are lower bounds, and the
    /// hits are the best of the records counted plus those whose title holds every word.
    pub total_is_lower_bound: bool,
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
