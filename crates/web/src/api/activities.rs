//! `/api/v1/activities`: activities with participation counted by disaggregation.

use async_trait::async_trait;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::{DateTime, Utc};
use phakhi_domain::activity::{Activity, ActivityInput, ActivityKind};
use phakhi_domain::{ActivityId, FiscalYear, OrganizationId, ProgrammeId};
use phakhi_store::{Listing, ActivityFilter, Page, Precondition, Store, StoreResult};
use serde::Deserialize;

use crate::etag::Tagged;
use crate::extract::{ApiJson, ApiQuery, IfMatch, PageParams};
use crate::problem::Problem;
use crate::resource::{self, ListResponse, Resource};
use crate::AppState;

/// Filters for the activity list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ActivityQuery {
    /// Area code (DOPA); includes every area inside it.
    pub area: Option<String>,
    pub kind: Option<ActivityKind>,
    pub programme: Option<ProgrammeId>,
    /// Activities this organisation led or partnered in.
    pub organization: Option<OrganizationId>,
    /// Started in this Thai fiscal year (Buddhist Era, Thai time).
    #[param(value_type = Option<i32>)]
    pub fiscal_year: Option<FiscalYear>,
    /// Target-group code.
    pub target_group: Option<String>,
    /// A framework item id or `framework:code`; includes items below it.
    pub aligned_to: Option<String>,
    /// Started at or after this instant (RFC 3339).
    pub from: Option<DateTime<Utc>>,
    /// Started before this instant (RFC 3339).
    pub to: Option<DateTime<Utc>>,
    /// Part of the title or venue.
    pub q: Option<String>,
}

impl TryFrom<ActivityQuery> for ActivityFilter {
    type Error = Problem;
    fn try_from(q: ActivityQuery) -> Result<Self, Problem> {
        Ok(Self {
            area: q.area,
            kind: q.kind,
            programme: q.programme,
            organization: q.organization,
            fiscal_year: q.fiscal_year,
            target_group: q.target_group,
            aligned_to: crate::api::item_ref(q.aligned_to.as_deref(), "aligned_to")?,
            from: q.from,
            to: q.to,
            q: q.q,
        })
    }
}

/// The activities collection as a [`Resource`].
#[derive(Debug)]
pub struct Activities;

#[async_trait]
impl Resource for Activities {
    type Id = ActivityId;
    type Input = ActivityInput;
    type Record = Activity;
    type Filter = ActivityFilter;
    const PATH: &'static str = "/api/v1/activities";

    fn id(r: &Activity) -> ActivityId {
        r.id
    }
    fn version(r: &Activity) -> i64 {
        r.meta.version
    }
    async fn create(s: &dyn Store, input: ActivityInput) -> StoreResult<Activity> {
        s.create_activity(input).await
    }
    async fn get(s: &dyn Store, id: ActivityId) -> StoreResult<Activity> {
        s.get_activity(id).await
    }
    async fn update(s: &dyn Store, id: ActivityId, pre: Precondition, input: ActivityInput) -> StoreResult<Activity> {
        s.update_activity(id, pre, input).await
    }
    async fn delete(s: &dyn Store, id: ActivityId, pre: Precondition) -> StoreResult<()> {
        s.delete_activity(id, pre).await
    }
    async fn list(s: &dyn Store, f: &ActivityFilter, page: &Page) -> StoreResult<Listing<Activity>> {
        s.list_activities(f, page).await
    }
}

/// List activities.
#[utoipa::path(get, path = "/api/v1/activities", tag = "activities", operation_id = "list_activities",
    params(ActivityQuery, PageParams),
    responses((status = 200, body = ListResponse<Activity>), (status = 400, body = Problem), (status = 422, body = Problem)))]
pub async fn list(State(app): State<AppState>, ApiQuery(q): ApiQuery<ActivityQuery>, ApiQuery(p): ApiQuery<PageParams>) -> Result<Json<ListResponse<Activity>>, Problem> {
    resource::list::<Activities>(&app, q.try_into()?, p.page()?).await
}

/// Record an activity with its participation.
#[utoipa::path(post, path = "/api/v1/activities", tag = "activities", operation_id = "create_activity",
    request_body = ActivityInput,
    responses((status = 201, body = Activity, headers(("ETag" = String), ("Location" = String))), (status = 400, body = Problem), (status = 422, body = Problem)))]
pub async fn create(State(app): State<AppState>, ApiJson(input): ApiJson<ActivityInput>) -> Result<Tagged<Activity>, Problem> {
    resource::create::<Activities>(&app, input).await
}

/// One activity.
#[utoipa::path(get, path = "/api/v1/activities/{id}", tag = "activities", operation_id = "get_activity",
    params(("id" = ActivityId, Path)),
    responses((status = 200, body = Activity, headers(("ETag" = String))), (status = 404, body = Problem)))]
pub async fn get(State(app): State<AppState>, Path(id): Path<ActivityId>) -> Result<Tagged<Activity>, Problem> {
    resource::get::<Activities>(&app, id).await
}

/// Replace an activity (needs `If-Match`).
#[utoipa::path(put, path = "/api/v1/activities/{id}", tag = "activities", operation_id = "update_activity",
    params(("id" = ActivityId, Path), ("If-Match" = String, Header)), request_body = ActivityInput,
    responses((status = 200, body = Activity), (status = 404, body = Problem), (status = 412, body = Problem), (status = 422, body = Problem), (status = 428, body = Problem)))]
pub async fn update(State(app): State<AppState>, Path(id): Path<ActivityId>, IfMatch(pre): IfMatch, ApiJson(input): ApiJson<ActivityInput>) -> Result<Tagged<Activity>, Problem> {
    resource::update::<Activities>(&app, id, pre, input).await
}

/// Remove an activity and its participation counts (needs `If-Match`).
#[utoipa::path(delete, path = "/api/v1/activities/{id}", tag = "activities", operation_id = "delete_activity",
    params(("id" = ActivityId, Path), ("If-Match" = String, Header)),
    responses((status = 204), (status = 404, body = Problem), (status = 409, body = Problem), (status = 412, body = Problem), (status = 428, body = Problem)))]
pub async fn delete(State(app): State<AppState>, Path(id): Path<ActivityId>, IfMatch(pre): IfMatch) -> Result<StatusCode, Problem> {
    resource::delete::<Activities>(&app, id, pre).await
}
