//! `/api/v1/indicators`: the indicators of plans (definition, baseline, targets, where values come
//! from; a computed indicator's formula is checked before it is saved), and
//! `/api/v1/indicators/evaluate`: a formula of the indicator language evaluated for a fiscal year and
//! an area (docs/indicators.md). The public sees no value built on a count of participants from 1 to
//! 4; admins see every value exact.

use async_trait::async_trait;
use axum::Json;
use axum::extract::Path;
use axum::http::StatusCode;
use phakhi_domain::formula::Formula;
use phakhi_domain::indicator::{Indicator, IndicatorInput};
use phakhi_domain::{FiscalYear, IndicatorId};
use phakhi_store::{IndicatorFilter, IndicatorScope, Listing, Page, Precondition, Store, StoreError, StoreResult};
use serde::{Deserialize, Serialize};

use crate::auth::Caller;
use crate::etag::Tagged;
use crate::extract::{ApiJson, ApiQuery, IfMatch, PageParams};
use crate::problem::Problem;
use crate::resource::{self, ListResponse, Resource};

/// The indicators collection as a [`Resource`].
#[derive(Debug)]
pub struct Indicators;

#[async_trait]
impl Resource for Indicators {
    type Id = IndicatorId;
    type Input = IndicatorInput;
    type Record = Indicator;
    type Filter = IndicatorFilter;
    const PATH: &'static str = "/api/v1/indicators";

    fn id(r: &Indicator) -> IndicatorId {
        r.id
    }
    fn version(r: &Indicator) -> i64 {
        r.meta.version
    }
    async fn create(s: &dyn Store, input: IndicatorInput) -> StoreResult<Indicator> {
        s.create_indicator(input).await
    }
    async fn get(s: &dyn Store, id: IndicatorId) -> StoreResult<Indicator> {
        s.get_indicator(id).await
    }
    async fn update(s: &dyn Store, id: IndicatorId, pre: Precondition, input: IndicatorInput) -> StoreResult<Indicator> {
        s.update_indicator(id, pre, input).await
    }
    async fn delete(s: &dyn Store, id: IndicatorId, pre: Precondition) -> StoreResult<()> {
        s.delete_indicator(id, pre).await
    }
    async fn list(s: &dyn Store, f: &IndicatorFilter, page: &Page) -> StoreResult<Listing<Indicator>> {
        s.list_indicators(f, page).await
    }
}

/// List indicators of plans.
#[utoipa::path(get, path = "/api/v1/indicators", tag = "indicators", operation_id = "list_indicators",
    params(IndicatorFilter, PageParams),
    responses((status = 200, body = ListResponse<Indicator>), (status = 400, body = Problem), (status = 422, body = Problem)))]
pub async fn list(
    caller: Caller,
    ApiQuery(filter): ApiQuery<IndicatorFilter>,
    ApiQuery(p): ApiQuery<PageParams>,
) -> Result<Json<ListResponse<Indicator>>, Problem> {
    resource::list::<Indicators>(&caller, filter, p.page()?).await
}

/// Record an indicator of a plan. A computed indicator's formula is parsed and checked first: a
/// mistake is a 422 naming the character at fault.
#[utoipa::path(post, path = "/api/v1/indicators", tag = "indicators", operation_id = "create_indicator",
    request_body = IndicatorInput,
    responses((status = 201, body = Indicator, headers(("ETag" = String), ("Location" = String))), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem),
        (status = 422, body = Problem)))]
pub async fn create(caller: Caller, ApiJson(input): ApiJson<IndicatorInput>) -> Result<Tagged<Indicator>, Problem> {
    resource::create::<Indicators>(&caller, input).await
}

/// One indicator.
#[utoipa::path(get, path = "/api/v1/indicators/{id}", tag = "indicators", operation_id = "get_indicator",
    params(("id" = IndicatorId, Path)),
    responses((status = 200, body = Indicator, headers(("ETag" = String))), (status = 404, body = Problem)))]
pub async fn get(caller: Caller, Path(id): Path<IndicatorId>) -> Result<Tagged<Indicator>, Problem> {
    resource::get::<Indicators>(&caller, id).await
}

/// Replace an indicator (needs `If-Match`).
#[utoipa::path(put, path = "/api/v1/indicators/{id}", tag = "indicators", operation_id = "update_indicator",
    params(("id" = IndicatorId, Path), ("If-Match" = String, Header)), request_body = IndicatorInput,
    responses((status = 200, body = Indicator), (status = 404, body = Problem), (status = 412, body = Problem), (status = 422, body = Problem), (status = 428, body = Problem)))]
pub async fn update(
    caller: Caller,
    Path(id): Path<IndicatorId>,
    IfMatch(pre): IfMatch,
    ApiJson(input): ApiJson<IndicatorInput>,
) -> Result<Tagged<Indicator>, Problem> {
    resource::update::<Indicators>(&caller, id, pre, input).await
}

/// Remove an indicator with no values that is not placed in its plan's tree (needs `If-Match`).
#[utoipa::path(delete, path = "/api/v1/indicators/{id}", tag = "indicators", operation_id = "delete_indicator",
    params(("id" = IndicatorId, Path), ("If-Match" = String, Header)),
    responses((status = 204), (status = 404, body = Problem), (status = 409, body = Problem), (status = 412, body = Problem), (status = 428, body = Problem)))]
pub async fn delete(caller: Caller, Path(id): Path<IndicatorId>, IfMatch(pre): IfMatch) -> Result<StatusCode, Problem> {
    resource::delete::<Indicators>(&caller, id, pre).await
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EvaluateQuery {
    /// The formula, e.g. `sum(participants, gender = female) / sum(participants) * 100`.
    pub formula: String,
    /// Buddhist Era fiscal year (1 October – 30 September), e.g. 2567; all years when absent.
    pub fiscal_year: Option<i32>,
    /// DOPA code of a province, district or subdistrict; the whole country when absent.
    pub area: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Evaluation {
    /// The value; null when undefined (a division by zero, no organisation in a share's set) or
    /// suppressed.
    pub value: Option<f64>,
    /// True when the value rests on a count of participants from 1 to 4 and is hidden from this reader.
    pub suppressed: bool,
    pub fiscal_year: Option<i32>,
    pub area: Option<String>,
}

/// Evaluate an indicator formula for a fiscal year and area.
#[utoipa::path(get, path = "/api/v1/indicators/evaluate", tag = "indicators", operation_id = "evaluate_formula",
    params(EvaluateQuery),
    responses((status = 200, body = Evaluation), (status = 400, body = Problem), (status = 422, body = Problem)))]
pub async fn evaluate(caller: Caller, ApiQuery(q): ApiQuery<EvaluateQuery>) -> Result<Json<Evaluation>, Problem> {
    let formula = Formula::parse(&q.formula).map_err(|e| Problem::invalid(e.violation("formula")))?;
    let fiscal_year = q
        .fiscal_year
        .map(|y| FiscalYear::from_be(y).map_err(|e| Problem::malformed("fiscal_year", "ปีงบประมาณต้องเป็นปีพุทธศักราช เช่น 2567", e.to_string())))
        .transpose()?;
    let scope = IndicatorScope { fiscal_year, area: q.area.clone() };
    let result = caller.store().evaluate_formula(&formula, &scope).await.map_err(|e| match e {
        // Errors about the formula's values (an unknown framework item) belong to its parameter.
        StoreError::Invalid(v) => Problem::invalid(
            v.into_vec()
                .into_iter()
                .map(|mut x| {
                    x.field = "formula".into();
                    x
                })
                .collect::<Vec<_>>()
                .into(),
        ),
        other => other.into(),
    })?;
    let suppressed = result.uses_a_small_count && !caller.principal.is_admin();
    Ok(Json(Evaluation { value: if suppressed { None } else { result.value }, suppressed, fiscal_year: q.fiscal_year, area: q.area }))
}
