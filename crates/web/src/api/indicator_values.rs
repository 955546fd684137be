//! Entered values of indicators and their workflow: `/api/v1/indicators/{id}/values` and
//! `/api/v1/indicator-values/{id}` with `submit`, `approve` and `return`. Editors of an indicator's
//! responsible organisations enter and submit; the plan's coordinators approve or return. Only
//! approved values are official and public.

use axum::Json;
use axum::extract::Path;
use axum::http::StatusCode;
use phakhi_domain::indicator::{IndicatorValue, IndicatorValueInput, Transition};
use phakhi_domain::{IndicatorId, IndicatorValueId};
use phakhi_store::IndicatorValueFilter;

use crate::auth::Caller;
use crate::etag::Tagged;
use crate::extract::{ApiJson, ApiQuery, IfMatch};
use crate::problem::Problem;

/// An indicator's values: every one for those who enter, review or may see the plan's figures;
/// approved ones for everyone else.
#[utoipa::path(get, path = "/api/v1/indicators/{id}/values", tag = "indicators", operation_id = "list_indicator_values",
    params(("id" = IndicatorId, Path), IndicatorValueFilter),
    responses((status = 200, body = Vec<IndicatorValue>), (status = 400, body = Problem), (status = 404, body = Problem)))]
pub async fn list(
    caller: Caller,
    Path(id): Path<IndicatorId>,
    ApiQuery(filter): ApiQuery<IndicatorValueFilter>,
) -> Result<Json<Vec<IndicatorValue>>, Problem> {
    Ok(Json(caller.store().list_indicator_values(id, &filter).await?))
}

/// Enter a value (as a draft) for a fiscal year, area and breakdown.
#[utoipa::path(post, path = "/api/v1/indicators/{id}/values", tag = "indicators", operation_id = "create_indicator_value",
    params(("id" = IndicatorId, Path)), request_body = IndicatorValueInput,
    responses((status = 201, body = IndicatorValue, headers(("ETag" = String), ("Location" = String))), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem),
        (status = 422, body = Problem)))]
pub async fn create(
    caller: Caller,
    Path(id): Path<IndicatorId>,
    ApiJson(input): ApiJson<IndicatorValueInput>,
) -> Result<Tagged<IndicatorValue>, Problem> {
    let v = caller.store().create_indicator_value(id, input).await?;
    Ok(Tagged::created(format!("/api/v1/indicator-values/{}", v.id), v.meta.version, v))
}

/// One value (a value not yet approved only for those who enter, review or may see the plan's figures).
#[utoipa::path(get, path = "/api/v1/indicator-values/{id}", tag = "indicators", operation_id = "get_indicator_value",
    params(("id" = IndicatorValueId, Path)),
    responses((status = 200, body = IndicatorValue, headers(("ETag" = String))), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem)))]
pub async fn get(caller: Caller, Path(id): Path<IndicatorValueId>) -> Result<Tagged<IndicatorValue>, Problem> {
    let v = caller.store().get_indicator_value(id).await?;
    Ok(Tagged::ok(v.meta.version, v))
}

/// Change a draft value (needs `If-Match`).
#[utoipa::path(put, path = "/api/v1/indicator-values/{id}", tag = "indicators", operation_id = "update_indicator_value",
    params(("id" = IndicatorValueId, Path), ("If-Match" = String, Header)), request_body = IndicatorValueInput,
    responses((status = 200, body = IndicatorValue), (status = 404, body = Problem), (status = 409, body = Problem), (status = 412, body = Problem),
        (status = 422, body = Problem), (status = 428, body = Problem)))]
pub async fn update(
    caller: Caller,
    Path(id): Path<IndicatorValueId>,
    IfMatch(pre): IfMatch,
    ApiJson(input): ApiJson<IndicatorValueInput>,
) -> Result<Tagged<IndicatorValue>, Problem> {
    let v = caller.store().update_indicator_value(id, pre, input).await?;
    Ok(Tagged::ok(v.meta.version, v))
}

/// Remove a draft value (needs `If-Match`).
#[utoipa::path(delete, path = "/api/v1/indicator-values/{id}", tag = "indicators", operation_id = "delete_indicator_value",
    params(("id" = IndicatorValueId, Path), ("If-Match" = String, Header)),
    responses((status = 204), (status = 404, body = Problem), (status = 409, body = Problem), (status = 412, body = Problem), (status = 428, body = Problem)))]
pub async fn delete(caller: Caller, Path(id): Path<IndicatorValueId>, IfMatch(pre): IfMatch) -> Result<StatusCode, Problem> {
    caller.store().delete_indicator_value(id, pre).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn step(
    caller: &Caller,
    id: IndicatorValueId,
    pre: phakhi_store::Precondition,
    step: Transition,
) -> Result<Tagged<IndicatorValue>, Problem> {
    let v = caller.store().transition_indicator_value(id, pre, step).await?;
    Ok(Tagged::ok(v.meta.version, v))
}

/// Submit a draft for approval (needs `If-Match`). An illegal step is a 409 saying why.
#[utoipa::path(post, path = "/api/v1/indicator-values/{id}/submit", tag = "indicators", operation_id = "submit_indicator_value",
    params(("id" = IndicatorValueId, Path), ("If-Match" = String, Header)),
    responses((status = 200, body = IndicatorValue), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem), (status = 412, body = Problem), (status = 428, body = Problem)))]
pub async fn submit(caller: Caller, Path(id): Path<IndicatorValueId>, IfMatch(pre): IfMatch) -> Result<Tagged<IndicatorValue>, Problem> {
    step(&caller, id, pre, Transition::Submit).await
}

/// Approve a submitted value: it becomes official (the plan's coordinators and admins; needs `If-Match`).
#[utoipa::path(post, path = "/api/v1/indicator-values/{id}/approve", tag = "indicators", operation_id = "approve_indicator_value",
    params(("id" = IndicatorValueId, Path), ("If-Match" = String, Header)),
    responses((status = 200, body = IndicatorValue), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem), (status = 412, body = Problem), (status = 428, body = Problem)))]
pub async fn approve(caller: Caller, Path(id): Path<IndicatorValueId>, IfMatch(pre): IfMatch) -> Result<Tagged<IndicatorValue>, Problem> {
    step(&caller, id, pre, Transition::Approve).await
}

/// Return a submitted or approved value to draft for correction (the plan's coordinators and admins; needs `If-Match`).
#[utoipa::path(post, path = "/api/v1/indicator-values/{id}/return", tag = "indicators", operation_id = "return_indicator_value",
    params(("id" = IndicatorValueId, Path), ("If-Match" = String, Header)),
    responses((status = 200, body = IndicatorValue), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem), (status = 412, body = Problem), (status = 428, body = Problem)))]
pub async fn return_to_draft(
    caller: Caller,
    Path(id): Path<IndicatorValueId>,
    IfMatch(pre): IfMatch,
) -> Result<Tagged<IndicatorValue>, Problem> {
    step(&caller, id, pre, Transition::Return).await
}
