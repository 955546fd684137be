//! `/api/v1/indicators/evaluate`: a formula of the indicator language evaluated for a fiscal year and
//! an area (docs/indicators.md). The public sees no value built on a count of participants from 1 to
//! 4; admins see every value exact.

use axum::Json;
use phakhi_domain::FiscalYear;
use phakhi_domain::formula::Formula;
use phakhi_store::{IndicatorScope, StoreError};
use serde::{Deserialize, Serialize};

use crate::auth::Caller;
use crate::extract::ApiQuery;
use crate::problem::Problem;

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
