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
use phakhi_domain::{FiscalYear, IndicatorId, disclosure};
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
    let (formula, scope) = evaluation_of(&q)?;
    let result = caller.store().evaluate_formula(&formula, &scope).await.map_err(formula_problem)?;
    let suppressed = result.uses_a_small_count && !caller.principal.is_admin();
    Ok(Json(Evaluation { value: if suppressed { None } else { result.value }, suppressed, fiscal_year: q.fiscal_year, area: q.area }))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ComputedQuery {
    /// Buddhist Era fiscal year (1 October – 30 September), e.g. 2567.
    pub fiscal_year: i32,
}

/// One computed indicator's value over its plan's area.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ComputedShown {
    pub indicator_id: IndicatorId,
    /// The plan's area (DOPA code); the whole country when absent.
    pub area: Option<String>,
    #[serde(flatten)]
    pub shown: ShownValue,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ComputedValues {
    pub fiscal_year: i32,
    /// Every computed indicator of the plans in force in the year, in plan and indicator code order.
    pub values: Vec<ComputedShown>,
}

/// Recompute every computed indicator of the plans in force in a fiscal year, each over its plan's
/// area (indicators sharing a formula are evaluated together, by area). The public sees no value
/// built on a count of participants from 1 to 4.
#[utoipa::path(get, path = "/api/v1/indicators/computed", tag = "indicators", operation_id = "computed_indicator_values",
    params(ComputedQuery),
    responses((status = 200, body = ComputedValues), (status = 400, body = Problem)))]
pub async fn computed(caller: Caller, ApiQuery(q): ApiQuery<ComputedQuery>) -> Result<Json<ComputedValues>, Problem> {
    let fiscal_year = fiscal_year_of(q.fiscal_year)?;
    let values = caller.store().computed_indicator_values(fiscal_year).await?;
    let exact = caller.principal.is_admin();
    let values = values
        .into_iter()
        .map(|v| {
            let suppressed = v.value.uses_a_small_count && !exact;
            ComputedShown {
                indicator_id: v.indicator,
                area: v.area,
                shown: ShownValue { value: if suppressed { None } else { v.value.value }, suppressed },
            }
        })
        .collect();
    Ok(Json(ComputedValues { fiscal_year: q.fiscal_year, values }))
}

fn fiscal_year_of(be: i32) -> Result<FiscalYear, Problem> {
    FiscalYear::from_be(be).map_err(|e| Problem::malformed("fiscal_year", "ปีงบประมาณต้องเป็นปีพุทธศักราช เช่น 2567", e.to_string()))
}

/// The formula and scope a query asks for, or the problem with them.
fn evaluation_of(q: &EvaluateQuery) -> Result<(Formula, IndicatorScope), Problem> {
    let formula = Formula::parse(&q.formula).map_err(|e| Problem::invalid(e.violation("formula")))?;
    let fiscal_year = q.fiscal_year.map(fiscal_year_of).transpose()?;
    Ok((formula, IndicatorScope { fiscal_year, area: q.area.clone() }))
}

/// Errors about the formula's values (an unknown framework item) belong to its parameter.
fn formula_problem(e: StoreError) -> Problem {
    match e {
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
    }
}

/// A value as a reader may see it. (Named apart from `disclosure::Shown`, a count or "<5": the
/// document has one namespace for schemas, and the same name made one replace the other.)
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ShownValue {
    /// Null when undefined or suppressed.
    pub value: Option<f64>,
    /// True when the value is hidden from this reader: it rests on a count of participants from 1 to 4,
    /// or it would reveal such a value by subtraction from the figures beside it.
    pub suppressed: bool,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AreaShown {
    /// DOPA code.
    pub code: String,
    pub name_th: String,
    pub name_en: String,
    #[serde(flatten)]
    pub shown: ShownValue,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RegionShown {
    pub name_th: String,
    pub name_en: String,
    /// DOPA codes of the region's provinces.
    pub provinces: Vec<String>,
    #[serde(flatten)]
    pub shown: ShownValue,
}

/// A formula's value in an area and in each area one level down.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AreaEvaluation {
    pub fiscal_year: Option<i32>,
    /// The area broken down; the whole country when absent.
    pub area: Option<String>,
    pub whole: ShownValue,
    /// Each province of the country, district of a province or subdistrict of a district, in code order.
    pub parts: Vec<AreaShown>,
    /// Records placed only at the area's own level (or, for the country, nowhere): in `whole`, in no part.
    pub unplaced: Option<ShownValue>,
    /// For the whole country: its six regions.
    pub regions: Vec<RegionShown>,
}

/// Evaluate an indicator formula in an area and in each area one level down (roll-up by area).
#[utoipa::path(get, path = "/api/v1/indicators/evaluate-by-area", tag = "indicators", operation_id = "evaluate_formula_by_area",
    params(EvaluateQuery),
    responses((status = 200, body = AreaEvaluation), (status = 400, body = Problem), (status = 422, body = Problem)))]
pub async fn evaluate_by_area(caller: Caller, ApiQuery(q): ApiQuery<EvaluateQuery>) -> Result<Json<AreaEvaluation>, Problem> {
    let (formula, scope) = evaluation_of(&q)?;
    let b = caller.store().evaluate_formula_by_area(&formula, &scope).await.map_err(formula_problem)?;
    let hidden = Hidden::of(&b, caller.principal.is_admin());
    let shown =
        |v: &phakhi_store::IndicatorValue, hidden: bool| ShownValue { value: if hidden { None } else { v.value }, suppressed: hidden };
    Ok(Json(AreaEvaluation {
        fiscal_year: q.fiscal_year,
        area: q.area,
        whole: shown(&b.whole, hidden.whole),
        parts: b
            .parts
            .iter()
            .zip(&hidden.parts)
            .map(|(p, h)| AreaShown {
                code: p.area.code.clone(),
                name_th: p.area.name_th.clone(),
                name_en: p.area.name_en.clone(),
                shown: shown(&p.value, *h),
            })
            .collect(),
        unplaced: b.unplaced.as_ref().map(|v| shown(v, hidden.unplaced)),
        regions: b
            .regions
            .iter()
            .zip(&hidden.regions)
            .map(|(r, h)| RegionShown {
                name_th: r.name_th.clone(),
                name_en: r.name_en.clone(),
                provinces: r.provinces.clone(),
                shown: shown(&r.value, *h),
            })
            .collect(),
    }))
}

/// Which figures of a breakdown a reader may not see: those resting on a count of 1 to 4 people, and
/// one more beside each such figure that could otherwise be worked out by subtraction — among the
/// parts of the whole, and among the provinces of each region. Admins see everything.
struct Hidden {
    whole: bool,
    parts: Vec<bool>,
    unplaced: bool,
    regions: Vec<bool>,
}

impl Hidden {
    fn of(b: &phakhi_store::AreaBreakdown, sees_all: bool) -> Self {
        let small = |v: &phakhi_store::IndicatorValue| v.uses_a_small_count && !sees_all;
        let size = |v: &phakhi_store::IndicatorValue| v.value.unwrap_or(0.0);
        let whole = small(&b.whole);
        // The parts and the unplaced records together make up the whole.
        let mut parts: Vec<bool> = b.parts.iter().map(|p| small(&p.value)).chain(b.unplaced.iter().map(small)).collect();
        let sizes: Vec<f64> = b.parts.iter().map(|p| size(&p.value)).chain(b.unplaced.iter().map(size)).collect();
        disclosure::hide_a_partner(&mut parts, &sizes, whole);
        let unplaced = b.unplaced.is_some() && parts.pop().unwrap_or(false);
        let mut regions: Vec<bool> = b.regions.iter().map(|r| small(&r.value)).collect();
        for (r, region) in b.regions.iter().enumerate() {
            let members: Vec<usize> =
                b.parts.iter().enumerate().filter(|(_, p)| region.provinces.contains(&p.area.code)).map(|(i, _)| i).collect();
            let mut hidden: Vec<bool> = members.iter().map(|&i| parts[i]).collect();
            let sizes: Vec<f64> = members.iter().map(|&i| size(&b.parts[i].value)).collect();
            disclosure::hide_a_partner(&mut hidden, &sizes, regions[r]);
            members.iter().zip(hidden).for_each(|(&i, h)| parts[i] |= h);
        }
        let sizes: Vec<f64> = b.regions.iter().map(|r| size(&r.value)).collect();
        disclosure::hide_a_partner(&mut regions, &sizes, whole);
        Self { whole, parts, unplaced, regions }
    }
}
