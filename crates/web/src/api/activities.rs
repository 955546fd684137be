//! `/api/v1/activities`: activities with participation counted by disaggregation.

use async_trait::async_trait;
use axum::Json;
use axum::extract::Path;
use axum::http::StatusCode;
use phakhi_domain::ActivityId;
use phakhi_domain::activity::{Activity, ActivityInput};
use phakhi_store::{ActivityFilter, Listing, Page, Precondition, Store, StoreResult};

use crate::auth::Caller;
use crate::etag::Tagged;
use crate::extract::{ApiJson, ApiQuery, IfMatch, PageParams};
use crate::problem::Problem;
use crate::resource::{self, ListResponse, Resource};

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
    params(ActivityFilter, PageParams),
    responses((status = 200, body = ListResponse<Activity>), (status = 400, body = Problem), (status = 422, body = Problem)))]
pub async fn list(
    caller: Caller,
    ApiQuery(filter): ApiQuery<ActivityFilter>,
    ApiQuery(p): ApiQuery<PageParams>,
) -> Result<Json<ListResponse<Activity>>, Problem> {
    resource::list::<Activities>(&caller, filter, p.page()?).await
}

/// Record an activity with its participation.
#[utoipa::path(post, path = "/api/v1/activities", tag = "activities", operation_id = "create_activity",
    request_body = ActivityInput,
    responses((status = 201, body = Activity, headers(("ETag" = String), ("Location" = String))), (status = 400, body = Problem), (status = 422, body = Problem)))]
pub async fn create(caller: Caller, ApiJson(input): ApiJson<ActivityInput>) -> Result<Tagged<Activity>, Problem> {
    resource::create::<Activities>(&caller, input).await
}

/// One activity.
#[utoipa::path(get, path = "/api/v1/activities/{id}", tag = "activities", operation_id = "get_activity",
    params(("id" = ActivityId, Path)),
    responses((status = 200, body = Activity, headers(("ETag" = String))), (status = 404, body = Problem)))]
pub async fn get(caller: Caller, Path(id): Path<ActivityId>) -> Result<Tagged<Activity>, Problem> {
    resource::get::<Activities>(&caller, id).await
}

/// Replace an activity (needs `If-Match`).
#[utoipa::path(put, path = "/api/v1/activities/{id}", tag = "activities", operation_id = "update_activity",
    params(("id" = ActivityId, Path), ("If-Match" = String, Header)), request_body = ActivityInput,
    responses((status = 200, body = Activity), (status = 404, body = Problem), (status = 412, body = Problem), (status = 422, body = Problem), (status = 428, body = Problem)))]
pub async fn update(
    caller: Caller,
    Path(id): Path<ActivityId>,
    IfMatch(pre): IfMatch,
    ApiJson(input): ApiJson<ActivityInput>,
) -> Result<Tagged<Activity>, Problem> {
    resource::update::<Activities>(&caller, id, pre, input).await
}

/// Remove an activity and its participation counts (needs `If-Match`).
#[utoipa::path(delete, path = "/api/v1/activities/{id}", tag = "activities", operation_id = "delete_activity",
    params(("id" = ActivityId, Path), ("If-Match" = String, Header)),
    responses((status = 204), (status = 404, body = Problem), (status = 409, body = Problem), (status = 412, body = Problem), (status = 428, body = Problem)))]
pub async fn delete(caller: Caller, Path(id): Path<ActivityId>, IfMatch(pre): IfMatch) -> Result<StatusCode, Problem> {
    resource::delete::<Activities>(&caller, id, pre).await
}
