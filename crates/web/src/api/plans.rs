//! `/api/v1/plans`: a network's plans (strategy → measure → indicator), copying one as a template,
//! and its progress for a fiscal year and area.

use async_trait::async_trait;
use axum::Json;
use axum::extract::Path;
use axum::http::StatusCode;
use phakhi_domain::plan::{Plan, PlanCopyInput, PlanInput};
use phakhi_domain::{FiscalYear, PlanId};
use phakhi_store::{Listing, Page, PlanFilter, PlanProgress, Precondition, Store, StoreResult};
use serde::Deserialize;

use crate::auth::Caller;
use crate::etag::Tagged;
use crate::extract::{ApiJson, ApiQuery, IfMatch, PageParams};
use crate::problem::Problem;
use crate::resource::{self, ListResponse, Resource};

/// The plans collection as a [`Resource`].
#[derive(Debug)]
pub struct Plans;

#[async_trait]
impl Resource for Plans {
    type Id = PlanId;
    type Input = PlanInput;
    type Record = Plan;
    type Filter = PlanFilter;
    const PATH: &'static str = "/api/v1/plans";

    fn id(r: &Plan) -> PlanId {
        r.id
    }
    fn version(r: &Plan) -> i64 {
        r.meta.version
    }
    async fn create(s: &dyn Store, input: PlanInput) -> StoreResult<Plan> {
        s.create_plan(input).await
    }
    async fn get(s: &dyn Store, id: PlanId) -> StoreResult<Plan> {
        s.get_plan(id).await
    }
    async fn update(s: &dyn Store, id: PlanId, pre: Precondition, input: PlanInput) -> StoreResult<Plan> {
        s.update_plan(id, pre, input).await
    }
    async fn delete(s: &dyn Store, id: PlanId, pre: Precondition) -> StoreResult<()> {
        s.delete_plan(id, pre).await
    }
    async fn list(s: &dyn Store, f: &PlanFilter, page: &Page) -> StoreResult<Listing<Plan>> {
        s.list_plans(f, page).await
    }
}

/// List plans.
#[utoipa::path(get, path = "/api/v1/plans", tag = "plans", operation_id = "list_plans",
    params(PlanFilter, PageParams),
    responses((status = 200, body = ListResponse<Plan>), (status = 400, body = Problem), (status = 422, body = Problem)))]
pub async fn list(
    caller: Caller,
    ApiQuery(filter): ApiQuery<PlanFilter>,
    ApiQuery(p): ApiQuery<PageParams>,
) -> Result<Json<ListResponse<Plan>>, Problem> {
    resource::list::<Plans>(&caller, filter, p.page()?).await
}

/// Record a plan (its network's coordinators, or its organisation's editors when no network keeps it).
#[utoipa::path(post, path = "/api/v1/plans", tag = "plans", operation_id = "create_plan",
    request_body = PlanInput,
    responses((status = 201, body = Plan, headers(("ETag" = String), ("Location" = String))), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn create(caller: Caller, ApiJson(input): ApiJson<PlanInput>) -> Result<Tagged<Plan>, Problem> {
    resource::create::<Plans>(&caller, input).await
}

/// One plan.
#[utoipa::path(get, path = "/api/v1/plans/{id}", tag = "plans", operation_id = "get_plan",
    params(("id" = PlanId, Path)),
    responses((status = 200, body = Plan, headers(("ETag" = String))), (status = 404, body = Problem)))]
pub async fn get(caller: Caller, Path(id): Path<PlanId>) -> Result<Tagged<Plan>, Problem> {
    resource::get::<Plans>(&caller, id).await
}

/// Replace a plan (needs `If-Match`).
#[utoipa::path(put, path = "/api/v1/plans/{id}", tag = "plans", operation_id = "update_plan",
    params(("id" = PlanId, Path), ("If-Match" = String, Header)), request_body = PlanInput,
    responses((status = 200, body = Plan), (status = 404, body = Problem), (status = 412, body = Problem), (status = 422, body = Problem), (status = 428, body = Problem)))]
pub async fn update(
    caller: Caller,
    Path(id): Path<PlanId>,
    IfMatch(pre): IfMatch,
    ApiJson(input): ApiJson<PlanInput>,
) -> Result<Tagged<Plan>, Problem> {
    resource::update::<Plans>(&caller, id, pre, input).await
}

/// Remove a plan and its tree (needs `If-Match`; its indicators must be removed first).
#[utoipa::path(delete, path = "/api/v1/plans/{id}", tag = "plans", operation_id = "delete_plan",
    params(("id" = PlanId, Path), ("If-Match" = String, Header)),
    responses((status = 204), (status = 404, body = Problem), (status = 409, body = Problem), (status = 412, body = Problem), (status = 428, body = Problem)))]
pub async fn delete(caller: Caller, Path(id): Path<PlanId>, IfMatch(pre): IfMatch) -> Result<StatusCode, Problem> {
    resource::delete::<Plans>(&caller, id, pre).await
}

/// Copy a plan as a template: a new plan in draft with its own tree and indicators, no values.
#[utoipa::path(post, path = "/api/v1/plans/{id}/copy", tag = "plans", operation_id = "copy_plan",
    params(("id" = PlanId, Path)), request_body = PlanCopyInput,
    responses((status = 201, body = Plan, headers(("ETag" = String), ("Location" = String))), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn copy(caller: Caller, Path(id): Path<PlanId>, ApiJson(input): ApiJson<PlanCopyInput>) -> Result<Tagged<Plan>, Problem> {
    let plan = caller.store().copy_plan_as_template(id, input).await?;
    Ok(Tagged::created(format!("{}/{}", Plans::PATH, plan.id), plan.meta.version, plan))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProgressQuery {
    /// Buddhist Era fiscal year reported on, e.g. 2567; the current one when absent.
    pub fiscal_year: Option<i32>,
    /// DOPA code of the area reported on; the plan's own area when absent.
    pub area: Option<String>,
}

/// The fiscal year asked for, else the current one (Thai time).
pub fn fiscal_year_or_current(year: Option<i32>) -> Result<FiscalYear, Problem> {
    match year {
        Some(y) => {
            FiscalYear::from_be(y).map_err(|e| Problem::malformed("fiscal_year", "ปีงบประมาณต้องเป็นปีพุทธศักราช เช่น 2567", e.to_string()))
        }
        None => Ok(FiscalYear::containing(crate::i18n::thai_today())),
    }
}

/// A plan's progress for a fiscal year and area: each indicator's value, target and status, and the
/// weighted roll-up of the tree. Values resting on a count of participants from 1 to 4 are
/// suppressed for readers who may not see the plan's figures (`exact` is false).
#[utoipa::path(get, path = "/api/v1/plans/{id}/progress", tag = "plans", operation_id = "plan_progress",
    params(("id" = PlanId, Path), ProgressQuery),
    responses((status = 200, body = PlanProgress), (status = 400, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn progress(caller: Caller, Path(id): Path<PlanId>, ApiQuery(q): ApiQuery<ProgressQuery>) -> Result<Json<PlanProgress>, Problem> {
    let year = fiscal_year_or_current(q.fiscal_year)?;
    Ok(Json(caller.store().plan_progress(id, year, q.area).await?))
}
