//! `/api/v1/gaps`: what no programme or activity of a fiscal year reaches — SDG goals and targets,
//! learning-city areas, target groups, provinces — which signatories of active agreements recorded
//! nothing, and which entered indicators have no approved value. No counts of people: public.

use axum::Json;
use phakhi_store::gaps::Gaps;
use serde::Deserialize;

use super::plans::fiscal_year_or_current;
use crate::auth::Caller;
use crate::extract::ApiQuery;
use crate::problem::Problem;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GapsQuery {
    /// Buddhist Era fiscal year (1 October – 30 September), e.g. 2567; the current one when absent.
    pub fiscal_year: Option<i32>,
}

/// The gaps of a fiscal year.
#[utoipa::path(get, path = "/api/v1/gaps", tag = "indicators", operation_id = "gaps",
    params(GapsQuery), responses((status = 200, body = Gaps), (status = 400, body = Problem)))]
pub async fn gaps(caller: Caller, ApiQuery(q): ApiQuery<GapsQuery>) -> Result<Json<Gaps>, Problem> {
    let fiscal_year = fiscal_year_or_current(q.fiscal_year)?;
    Ok(Json(caller.store().gaps(fiscal_year).await?))
}
