//! `/api/v1/activities`: activities with participation counted by disaggregation.

use async_trait::async_trait;
use axum::Json;
use axum::extract::Path;
use axum::http::StatusCode;
use phakhi_domain::activity::{Activity, ActivityInput};
use phakhi_domain::alignment::SubjectKind;
use phakhi_domain::disclosure::{DisclosedSummary, disclose};
use phakhi_domain::{ActivityId, RecordMeta};
use phakhi_store::{ActivityFilter, Listing, Page, Precondition, Store, StoreResult};
use serde::Serialize;

use crate::auth::Caller;
use crate::etag::Tagged;
use crate::extract::{ApiJson, ApiQuery, IfMatch, PageParams};
use crate::problem::Problem;
use crate::resource::{self, ListResponse, Resource};

/// The activities collection as a [`Resource`].
#[derive(Debug)]
pub struct Activities;

/// An activity as its reader may see it. Participation is sensitive (gender identity): readers who
/// are not admins nor editors, coordinators or viewers of the organising organisation get the
/// totals only, with every count from 1 to 4 shown as `"<5"`, and no cells.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ActivityView {
    pub id: ActivityId,
    #[serde(flatten)]
    pub input: ActivityInput,
    pub participation_summary: DisclosedSummary,
    #[serde(flatten)]
    pub meta: RecordMeta,
}

async fn view(store: &dyn Store, activity: StoreResult<Activity>) -> StoreResult<ActivityView> {
    let a = activity?;
    let private = store.may_see_private(SubjectKind::Activity, a.id.0).await?;
    let mut input = a.input;
    if !private {
        input.participation.clear();
    }
    Ok(ActivityView { id: a.id, participation_summary: disclose(&a.participation_summary, private), input, meta: a.meta })
}

#[async_trait]
impl Resource for Activities {
    type Id = ActivityId;
    type Input = ActivityInput;
    type Record = ActivityView;
    type Filter = ActivityFilter;
    const PATH: &'static str = "/api/v1/activities";

    fn id(r: &ActivityView) -> ActivityId {
        r.id
    }
    fn version(r: &ActivityView) -> i64 {
        r.meta.version
    }
    async fn create(s: &dyn Store, input: ActivityInput) -> StoreResult<ActivityView> {
        view(s, s.create_activity(input).await).await
    }
    async fn get(s: &dyn Store, id: ActivityId) -> StoreResult<ActivityView> {
        view(s, s.get_activity(id).await).await
    }
    async fn update(s: &dyn Store, id: ActivityId, pre: Precondition, input: ActivityInput) -> StoreResult<ActivityView> {
        view(s, s.update_activity(id, pre, input).await).await
    }
    async fn delete(s: &dyn Store, id: ActivityId, pre: Precondition) -> StoreResult<()> {
        s.delete_activity(id, pre).await
    }
    async fn list(s: &dyn Store, f: &ActivityFilter, page: &Page) -> StoreResult<Listing<ActivityView>> {
        let listing = s.list_activities(f, page).await?;
        let mut items = Vec::with_capacity(listing.items.len());
        for a in listing.items {
            items.push(view(s, Ok(a)).await?);
        }
        Ok(Listing { items, total: listing.total })
    }
}

/// List activities.
#[utoipa::path(get, path = "/api/v1/activities", tag = "activities", operation_id = "list_activities",
    params(ActivityFilter, PageParams),
    responses((status = 200, body = ListResponse<ActivityView>), (status = 400, body = Problem), (status = 422, body = Problem)))]
pub async fn list(
    caller: Caller,
    ApiQuery(filter): ApiQuery<ActivityFilter>,
    ApiQuery(p): ApiQuery<PageParams>,
) -> Result<Json<ListResponse<ActivityView>>, Problem> {
    resource::list::<Activities>(&caller, filter, p.page()?).await
}

/// Record an activity with its participation.
#[utoipa::path(post, path = "/api/v1/activities", tag = "activities", operation_id = "create_activity",
    request_body = ActivityInput,
    responses((status = 201, body = ActivityView, headers(("ETag" = String), ("Location" = String))), (status = 400, body = Problem), (status = 422, body = Problem)))]
pub async fn create(caller: Caller, ApiJson(input): ApiJson<ActivityInput>) -> Result<Tagged<ActivityView>, Problem> {
    resource::create::<Activities>(&caller, input).await
}

/// One activity.
#[utoipa::path(get, path = "/api/v1/activities/{id}", tag = "activities", operation_id = "get_activity",
    params(("id" = ActivityId, Path)),
    responses((status = 200, body = ActivityView, headers(("ETag" = String))), (status = 404, body = Problem)))]
pub async fn get(caller: Caller, Path(id): Path<ActivityId>) -> Result<Tagged<ActivityView>, Problem> {
    resource::get::<Activities>(&caller, id).await
}

/// Replace an activity (needs `If-Match`).
#[utoipa::path(put, path = "/api/v1/activities/{id}", tag = "activities", operation_id = "update_activity",
    params(("id" = ActivityId, Path), ("If-Match" = String, Header)), request_body = ActivityInput,
    responses((status = 200, body = ActivityView), (status = 404, body = Problem), (status = 412, body = Problem), (status = 422, body = Problem), (status = 428, body = Problem)))]
pub async fn update(
    caller: Caller,
    Path(id): Path<ActivityId>,
    IfMatch(pre): IfMatch,
    ApiJson(input): ApiJson<ActivityInput>,
) -> Result<Tagged<ActivityView>, Problem> {
    resource::update::<Activities>(&caller, id, pre, input).await
}

/// Remove an activity and its participation counts (needs `If-Match`).
#[utoipa::path(delete, path = "/api/v1/activities/{id}", tag = "activities", operation_id = "delete_activity",
    params(("id" = ActivityId, Path), ("If-Match" = String, Header)),
    responses((status = 204), (status = 404, body = Problem), (status = 409, body = Problem), (status = 412, body = Problem), (status = 428, body = Problem)))]
pub async fn delete(caller: Caller, Path(id): Path<ActivityId>, IfMatch(pre): IfMatch) -> Result<StatusCode, Problem> {
    resource::delete::<Activities>(&caller, id, pre).await
}
