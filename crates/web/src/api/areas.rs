//! `/api/v1/areas`: Thailand's provinces, districts and subdistricts with their DOPA codes.

use axum::Json;
use axum::extract::Path;
use phakhi_domain::area::Area;
use phakhi_store::AreaFilter;

use crate::auth::Caller;
use crate::extract::{ApiQuery, PageParams};
use crate::problem::Problem;
use crate::resource::ListResponse;

/// List areas (e.g. `?level=province` for the 77 provinces).
#[utoipa::path(get, path = "/api/v1/areas", tag = "reference", operation_id = "list_areas",
    params(AreaFilter, PageParams), responses((status = 200, body = ListResponse<Area>), (status = 400, body = Problem)))]
pub async fn list(
    caller: Caller,
    ApiQuery(filter): ApiQuery<AreaFilter>,
    ApiQuery(p): ApiQuery<PageParams>,
) -> Result<Json<ListResponse<Area>>, Problem> {
    let page = p.page()?;
    let listing = caller.store().list_areas(&filter, &page).await?;
    Ok(Json(ListResponse::new(listing, &page)))
}

/// One area by code.
#[utoipa::path(get, path = "/api/v1/areas/{code}", tag = "reference", operation_id = "get_area",
    params(("code" = String, Path)), responses((status = 200, body = Area), (status = 404, body = Problem)))]
pub async fn get(caller: Caller, Path(code): Path<String>) -> Result<Json<Area>, Problem> {
    Ok(Json(caller.store().get_area(&code).await?))
}
