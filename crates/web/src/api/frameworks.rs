//! `/api/v1/frameworks` and their items: the SDGs, UNESCO learning-city areas (built in, read-only)
//! and the plans a network defines itself.

use axum::Json;
use axum::extract::Path;
use axum::http::StatusCode;
use phakhi_domain::FrameworkItemId;
use phakhi_domain::framework::{Framework, FrameworkInput, FrameworkItem, FrameworkItemInput};
use phakhi_store::FrameworkItemFilter;
use serde::Deserialize;

use crate::auth::Caller;
use crate::etag::Tagged;
use crate::extract::{ApiJson, ApiQuery, IfMatch, PageParams};
use crate::problem::Problem;
use crate::resource::ListResponse;

/// List frameworks.
#[utoipa::path(get, path = "/api/v1/frameworks", tag = "frameworks", operation_id = "list_frameworks",
    params(PageParams), responses((status = 200, body = ListResponse<Framework>), (status = 400, body = Problem)))]
pub async fn list(caller: Caller, ApiQuery(p): ApiQuery<PageParams>) -> Result<Json<ListResponse<Framework>>, Problem> {
    let page = p.page()?;
    let listing = caller.store().list_frameworks(&page).await?;
    Ok(Json(ListResponse::new(listing, &page)))
}

/// Define a framework (a national, provincial or city plan).
#[utoipa::path(post, path = "/api/v1/frameworks", tag = "frameworks", operation_id = "create_framework",
    request_body = FrameworkInput,
    responses((status = 201, body = Framework), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn create(caller: Caller, ApiJson(input): ApiJson<FrameworkInput>) -> Result<Tagged<Framework>, Problem> {
    let f = caller.store().create_framework(input).await?;
    Ok(Tagged::created(format!("/api/v1/frameworks/{}", f.input.code), f.meta.version, f))
}

/// One framework, by code (e.g. `sdg`, `unesco-lc`).
#[utoipa::path(get, path = "/api/v1/frameworks/{code}", tag = "frameworks", operation_id = "get_framework",
    params(("code" = String, Path)), responses((status = 200, body = Framework), (status = 404, body = Problem)))]
pub async fn get(caller: Caller, Path(code): Path<String>) -> Result<Tagged<Framework>, Problem> {
    let f = caller.store().get_framework(&code).await?;
    Ok(Tagged::ok(f.meta.version, f))
}

/// Replace a framework's description (built-in frameworks are read-only).
#[utoipa::path(put, path = "/api/v1/frameworks/{code}", tag = "frameworks", operation_id = "update_framework",
    params(("code" = String, Path), ("If-Match" = String, Header)), request_body = FrameworkInput,
    responses((status = 200, body = Framework), (status = 409, body = Problem), (status = 412, body = Problem), (status = 422, body = Problem), (status = 428, body = Problem)))]
pub async fn update(
    caller: Caller,
    Path(code): Path<String>,
    IfMatch(pre): IfMatch,
    ApiJson(input): ApiJson<FrameworkInput>,
) -> Result<Tagged<Framework>, Problem> {
    let f = caller.store().update_framework(&code, pre, input).await?;
    Ok(Tagged::ok(f.meta.version, f))
}

/// Remove a framework and its items, unless something is aligned to them.
#[utoipa::path(delete, path = "/api/v1/frameworks/{code}", tag = "frameworks", operation_id = "delete_framework",
    params(("code" = String, Path), ("If-Match" = String, Header)),
    responses((status = 204), (status = 404, body = Problem), (status = 409, body = Problem), (status = 412, body = Problem), (status = 428, body = Problem)))]
pub async fn delete(caller: Caller, Path(code): Path<String>, IfMatch(pre): IfMatch) -> Result<StatusCode, Problem> {
    caller.store().delete_framework(&code, pre).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Filters for a framework's items.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ItemQuery {
    /// Children of this item.
    pub parent: Option<FrameworkItemId>,
    /// Only the top of the tree (e.g. the 17 goals).
    #[serde(default)]
    pub top_level: bool,
    /// `goal`, `target`, `indicator`, `group`, `area` …
    pub level: Option<String>,
    /// Part of the code or title.
    pub q: Option<String>,
}

/// A framework's items (goal → target → indicator …).
#[utoipa::path(get, path = "/api/v1/frameworks/{code}/items", tag = "frameworks", operation_id = "list_framework_items",
    params(("code" = String, Path), ItemQuery, PageParams),
    responses((status = 200, body = ListResponse<FrameworkItem>), (status = 404, body = Problem)))]
pub async fn list_items(
    caller: Caller,
    Path(code): Path<String>,
    ApiQuery(q): ApiQuery<ItemQuery>,
    ApiQuery(p): ApiQuery<PageParams>,
) -> Result<Json<ListResponse<FrameworkItem>>, Problem> {
    let page = p.page()?;
    caller.store().get_framework(&code).await?;
    let filter =
        FrameworkItemFilter { framework: Some(code), parent: q.parent, top_level: q.top_level, level: q.level, code: None, q: q.q };
    let listing = caller.store().list_framework_items(&filter, &page).await?;
    Ok(Json(ListResponse::new(listing, &page)))
}

/// Add an item to a framework a network defined.
#[utoipa::path(post, path = "/api/v1/frameworks/{code}/items", tag = "frameworks", operation_id = "create_framework_item",
    params(("code" = String, Path)), request_body = FrameworkItemInput,
    responses((status = 201, body = FrameworkItem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn create_item(
    caller: Caller,
    Path(code): Path<String>,
    ApiJson(input): ApiJson<FrameworkItemInput>,
) -> Result<Tagged<FrameworkItem>, Problem> {
    let item = caller.store().create_framework_item(&code, input).await?;
    Ok(Tagged::created(format!("/api/v1/framework-items/{}", item.id), item.meta.version, item))
}

/// One framework item.
#[utoipa::path(get, path = "/api/v1/framework-items/{id}", tag = "frameworks", operation_id = "get_framework_item",
    params(("id" = FrameworkItemId, Path)), responses((status = 200, body = FrameworkItem), (status = 404, body = Problem)))]
pub async fn get_item(caller: Caller, Path(id): Path<FrameworkItemId>) -> Result<Tagged<FrameworkItem>, Problem> {
    let item = caller.store().get_framework_item(id).await?;
    Ok(Tagged::ok(item.meta.version, item))
}

/// Replace a framework item (not of a built-in framework).
#[utoipa::path(put, path = "/api/v1/framework-items/{id}", tag = "frameworks", operation_id = "update_framework_item",
    params(("id" = FrameworkItemId, Path), ("If-Match" = String, Header)), request_body = FrameworkItemInput,
    responses((status = 200, body = FrameworkItem), (status = 409, body = Problem), (status = 412, body = Problem), (status = 422, body = Problem), (status = 428, body = Problem)))]
pub async fn update_item(
    caller: Caller,
    Path(id): Path<FrameworkItemId>,
    IfMatch(pre): IfMatch,
    ApiJson(input): ApiJson<FrameworkItemInput>,
) -> Result<Tagged<FrameworkItem>, Problem> {
    let item = caller.store().update_framework_item(id, pre, input).await?;
    Ok(Tagged::ok(item.meta.version, item))
}

/// Remove a framework item without children or alignments.
#[utoipa::path(delete, path = "/api/v1/framework-items/{id}", tag = "frameworks", operation_id = "delete_framework_item",
    params(("id" = FrameworkItemId, Path), ("If-Match" = String, Header)),
    responses((status = 204), (status = 404, body = Problem), (status = 409, body = Problem), (status = 412, body = Problem), (status = 428, body = Problem)))]
pub async fn delete_item(caller: Caller, Path(id): Path<FrameworkItemId>, IfMatch(pre): IfMatch) -> Result<StatusCode, Problem> {
    caller.store().delete_framework_item(id, pre).await?;
    Ok(StatusCode::NO_CONTENT)
}
