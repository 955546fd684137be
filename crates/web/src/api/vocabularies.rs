//! `/api/v1/vocabularies`: every closed list of codes with its Thai and English labels.

use std::collections::BTreeMap;

use axum::Json;
use phakhi_domain::VocabularyEntry;

/// Sectors, roles, statuses, kinds, genders, age bands … with labels for forms and reports.
#[utoipa::path(get, path = "/api/v1/vocabularies", tag = "reference", operation_id = "list_vocabularies",
    responses((status = 200, body = BTreeMap<String, Vec<VocabularyEntry>>)))]
pub async fn list() -> Json<BTreeMap<&'static str, Vec<VocabularyEntry>>> {
    Json(phakhi_domain::vocabulary::all_vocabularies().into_iter().collect())
}
