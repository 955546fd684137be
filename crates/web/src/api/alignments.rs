//! `/api/v1/alignments`: which agreements, commitments, programmes and activities contribute to
//! which framework items.

use axum::Json;
use axum::extract::Path;
use axum::http::StatusCode;
use phakhi_domain::AlignmentId;
use phakhi_domain::alignment::{Alignment, AlignmentInput};
use phakhi_store::AlignmentFilter;

use crate::auth::Caller;
use crate::etag::Tagged;
use crate::extract::{ApiJson, ApiQuery, PageParams};
use crate::problem::Problem;
use crate::resource::ListResponse;

/// List alignments.
#[utoipa::path(get, path = "/api/v1/alignments", tag = "alignments", operation_id = "list_alignments",
    params(AlignmentFilter, PageParams), responses((status = 200, body = ListResponse<Alignment>), (status = 400, body = Problem)))]
pub async fn list(
    caller: Caller,
    ApiQuery(filter): ApiQuery<AlignmentFilter>,
    ApiQuery(p): ApiQuery<PageParams>,
) -> Result<Json<ListResponse<Alignment>>, Problem> {
    let page = p.page()?;
    let listing = caller.store().list_alignments(&filter, &page).await?;
    Ok(Json(ListResponse::new(listing, &page)))
}

/// Align a record to a framework item.
#[utoipa::path(post, path = "/api/v1/alignments", tag = "alignments", operation_id = "create_alignment",
    request_body = AlignmentInput, responses((status = 201, body = Alignment), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn create(caller: Caller, ApiJson(input): ApiJson<AlignmentInput>) -> Result<Tagged<Alignment>, Problem> {
    let a = caller.store().create_alignment(input).await?;
    Ok(Tagged::created(format!("/api/v1/alignments/{}", a.id), 1, a))
}

/// One alignment.
#[utoipa::path(get, path = "/api/v1/alignments/{id}", tag = "alignments", operation_id = "get_alignment",
    params(("id" = AlignmentId, Path)), responses((status = 200, body = Alignment), (status = 404, body = Problem)))]
pub async fn get(caller: Caller, Path(id): Path<AlignmentId>) -> Result<Tagged<Alignment>, Problem> {
    Ok(Tagged::ok(1, caller.store().get_alignment(id).await?))
}

/// Remove an alignment (alignments are never edited, only added and removed).
#[utoipa::path(delete, path = "/api/v1/alignments/{id}", tag = "alignments", operation_id = "delete_alignment",
    params(("id" = AlignmentId, Path)), responses((status = 204), (status = 404, body = Problem)))]
pub async fn delete(caller: Caller, Path(id): Path<AlignmentId>) -> Result<StatusCode, Problem> {
    caller.store().delete_alignment(id).await?;
    Ok(StatusCode::NO_CONTENT)
}
