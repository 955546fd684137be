//! `/api/v1/plan-items`: the items of plans' trees — strategies, measures, and the places of
//! indicators — with their weights in the roll-up.

use async_trait::async_trait;
use axum::Json;
use axum::extract::Path;
use axum::http::StatusCode;
use phakhi_domain::PlanItemId;
use phakhi_domain::plan::{PlanItem, PlanItemInput};
use phakhi_store::{Listing, Page, PlanItemFilter, Precondition, Store, StoreResult};

use crate::auth::Caller;
use crate::etag::Tagged;
use crate::extract::{ApiJson, ApiQuery, IfMatch, PageParams};
use crate::problem::Problem;
use crate::resource::{self, ListResponse, Resource};

/// The plan items collection as a [`Resource`].
#[derive(Debug)]
pub struct PlanItems;

#[async_trait]
impl Resource for PlanItems {
    type Id = PlanItemId;
    type Input = PlanItemInput;
    type Record = PlanItem;
    type Filter = PlanItemFilter;
    const PATH: &'static str = "/api/v1/plan-items";

    fn id(r: &PlanItem) -> PlanItemId {
        r.id
    }
    fn version(r: &PlanItem) -> i64 {
        r.meta.version
    }
    async fn create(s: &dyn Store, input: PlanItemInput) -> StoreResult<PlanItem> {
        s.create_plan_item(input).await
    }
    async fn get(s: &dyn Store, id: PlanItemId) -> StoreResult<PlanItem> {
        s.get_plan_item(id).await
    }
    async fn update(s: &dyn Store, id: PlanItemId, pre: Precondition, input: PlanItemInput) -> StoreResult<PlanItem> {
        s.update_plan_item(id, pre, input).await
    }
    async fn delete(s: &dyn Store, id: PlanItemId, pre: Precondition) -> StoreResult<()> {
        s.delete_plan_item(id, pre).await
    }
    async fn list(s: &dyn Store, f: &PlanItemFilter, page: &Page) -> StoreResult<Listing<PlanItem>> {
        s.list_plan_items(f, page).await
    }
}

/// List plan items, parents before children.
#[utoipa::path(get, path = "/api/v1/plan-items", tag = "plans", operation_id = "list_plan_items",
    params(PlanItemFilter, PageParams),
    responses((status = 200, body = ListResponse<PlanItem>), (status = 400, body = Problem), (status = 422, body = Problem)))]
pub async fn list(
    caller: Caller,
    ApiQuery(filter): ApiQuery<PlanItemFilter>,
    ApiQuery(p): ApiQuery<PageParams>,
) -> Result<Json<ListResponse<PlanItem>>, Problem> {
    resource::list::<PlanItems>(&caller, filter, p.page()?).await
}

/// Add a strategy, a measure or an indicator's place to a plan's tree.
#[utoipa::path(post, path = "/api/v1/plan-items", tag = "plans", operation_id = "create_plan_item",
    request_body = PlanItemInput,
    responses((status = 201, body = PlanItem, headers(("ETag" = String), ("Location" = String))), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem),
        (status = 422, body = Problem)))]
pub async fn create(caller: Caller, ApiJson(input): ApiJson<PlanItemInput>) -> Result<Tagged<PlanItem>, Problem> {
    resource::create::<PlanItems>(&caller, input).await
}

/// One plan item.
#[utoipa::path(get, path = "/api/v1/plan-items/{id}", tag = "plans", operation_id = "get_plan_item",
    params(("id" = PlanItemId, Path)),
    responses((status = 200, body = PlanItem, headers(("ETag" = String))), (status = 404, body = Problem)))]
pub async fn get(caller: Caller, Path(id): Path<PlanItemId>) -> Result<Tagged<PlanItem>, Problem> {
    resource::get::<PlanItems>(&caller, id).await
}

/// Replace a plan item (needs `If-Match`; it stays in its plan and above its children).
#[utoipa::path(put, path = "/api/v1/plan-items/{id}", tag = "plans", operation_id = "update_plan_item",
    params(("id" = PlanItemId, Path), ("If-Match" = String, Header)), request_body = PlanItemInput,
    responses((status = 200, body = PlanItem), (status = 404, body = Problem), (status = 412, body = Problem), (status = 422, body = Problem), (status = 428, body = Problem)))]
pub async fn update(
    caller: Caller,
    Path(id): Path<PlanItemId>,
    IfMatch(pre): IfMatch,
    ApiJson(input): ApiJson<PlanItemInput>,
) -> Result<Tagged<PlanItem>, Problem> {
    resource::update::<PlanItems>(&caller, id, pre, input).await
}

/// Remove a plan item without children (needs `If-Match`).
#[utoipa::path(delete, path = "/api/v1/plan-items/{id}", tag = "plans", operation_id = "delete_plan_item",
    params(("id" = PlanItemId, Path), ("If-Match" = String, Header)),
    responses((status = 204), (status = 404, body = Problem), (status = 409, body = Problem), (status = 412, body = Problem), (status = 428, body = Problem)))]
pub async fn delete(caller: Caller, Path(id): Path<PlanItemId>, IfMatch(pre): IfMatch) -> Result<StatusCode, Problem> {
    resource::delete::<PlanItems>(&caller, id, pre).await
}
