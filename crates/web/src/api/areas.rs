//! `/api/v1/areas`: Thailand's provinces, districts and subdistricts with their DOPA codes.

use axum::extract::{Path, State};
use axum::Json;
use phakhi_domain::area::{Area, AreaLevel};
use phakhi_store::AreaFilter;
use serde::Deserialize;

use crate::extract::{ApiQuery, PageParams};
use crate::problem::Problem;
use crate::resource::ListResponse;
use crate::AppState;

/// Filters for areas.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AreaQuery {
    pub level: Option<AreaLevel>,
    /// Areas directly inside this one.
    pub parent: Option<String>,
    /// Part of the Thai or English name.
    pub q: Option<String>,
}

/// List areas (e.g. `?level=province` for the 77 provinces).
#[utoipa::path(get, path = "/api/v1/areas", tag = "reference", operation_id = "list_areas",
    params(AreaQuery, PageParams), responses((status = 200, body = ListResponse<Area>), (status = 400, body = Problem)))]
pub async fn list(State(app): State<AppState>, ApiQuery(q): ApiQuery<AreaQuery>, ApiQuery(p): ApiQuery<PageParams>) -> Result<Json<ListResponse<Area>>, Problem> {
    let page = p.page()?;
    let listing = app.store().list_areas(&AreaFilter { level: q.level, parent: q.parent, q: q.q }, &page).await?;
    Ok(Json(ListResponse::new(listing, &page)))
}

/// One area by code.
#[utoipa::path(get, path = "/api/v1/areas/{code}", tag = "reference", operation_id = "get_area",
    params(("code" = String, Path)), responses((status = 200, body = Area), (status = 404, body = Problem)))]
pub async fn get(State(app): State<AppState>, Path(code): Path<String>) -> Result<Json<Area>, Problem> {
    Ok(Json(app.store().get_area(&code).await?))
}
