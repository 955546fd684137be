//! `/api/v1/organizations`: partner organisations.

use async_trait::async_trait;
use axum::Json;
use axum::extract::Path;
use axum::http::StatusCode;
use phakhi_domain::OrganizationId;
use phakhi_domain::organization::{Organization, OrganizationInput};
use phakhi_store::{Listing, OrganizationFilter, Page, Precondition, Store, StoreResult};

use crate::auth::Caller;
use crate::etag::Tagged;
use crate::extract::{ApiJson, ApiQuery, IfMatch, PageParams};
use crate::problem::Problem;
use crate::resource::{self, ListResponse, Resource};

/// The organizations collection as a [`Resource`].
#[derive(Debug)]
pub struct Organizations;

#[async_trait]
impl Resource for Organizations {
    type Id = OrganizationId;
    type Input = OrganizationInput;
    type Record = Organization;
    type Filter = OrganizationFilter;
    const PATH: &'static str = "/api/v1/organizations";

    fn id(r: &Organization) -> OrganizationId {
        r.id
    }
    fn version(r: &Organization) -> i64 {
        r.meta.version
    }
    async fn create(s: &dyn Store, input: OrganizationInput) -> StoreResult<Organization> {
        s.create_organization(input).await
    }
    async fn get(s: &dyn Store, id: OrganizationId) -> StoreResult<Organization> {
        s.get_organization(id).await
    }
    async fn update(s: &dyn Store, id: OrganizationId, pre: Precondition, input: OrganizationInput) -> StoreResult<Organization> {
        s.update_organization(id, pre, input).await
    }
    async fn delete(s: &dyn Store, id: OrganizationId, pre: Precondition) -> StoreResult<()> {
        s.delete_organization(id, pre).await
    }
    async fn list(s: &dyn Store, f: &OrganizationFilter, page: &Page) -> StoreResult<Listing<Organization>> {
        s.list_organizations(f, page).await
    }
}

/// List organisations.
#[utoipa::path(get, path = "/api/v1/organizations", tag = "organizations", operation_id = "list_organizations",
    params(OrganizationFilter, PageParams),
    responses((status = 200, body = ListResponse<Organization>), (status = 400, body = Problem), (status = 422, body = Problem)))]
pub async fn list(
    caller: Caller,
    ApiQuery(filter): ApiQuery<OrganizationFilter>,
    ApiQuery(p): ApiQuery<PageParams>,
) -> Result<Json<ListResponse<Organization>>, Problem> {
    resource::list::<Organizations>(&caller, filter, p.page()?).await
}

/// Register an organisation.
#[utoipa::path(post, path = "/api/v1/organizations", tag = "organizations", operation_id = "create_organization",
    request_body = OrganizationInput,
    responses((status = 201, body = Organization, headers(("ETag" = String), ("Location" = String))), (status = 400, body = Problem), (status = 422, body = Problem)))]
pub async fn create(caller: Caller, ApiJson(input): ApiJson<OrganizationInput>) -> Result<Tagged<Organization>, Problem> {
    resource::create::<Organizations>(&caller, input).await
}

/// One organisation.
#[utoipa::path(get, path = "/api/v1/organizations/{id}", tag = "organizations", operation_id = "get_organization",
    params(("id" = OrganizationId, Path)),
    responses((status = 200, body = Organization, headers(("ETag" = String))), (status = 404, body = Problem)))]
pub async fn get(caller: Caller, Path(id): Path<OrganizationId>) -> Result<Tagged<Organization>, Problem> {
    resource::get::<Organizations>(&caller, id).await
}

/// Replace an organisation (needs `If-Match`).
#[utoipa::path(put, path = "/api/v1/organizations/{id}", tag = "organizations", operation_id = "update_organization",
    params(("id" = OrganizationId, Path), ("If-Match" = String, Header)), request_body = OrganizationInput,
    responses((status = 200, body = Organization), (status = 404, body = Problem), (status = 412, body = Problem), (status = 422, body = Problem), (status = 428, body = Problem)))]
pub async fn update(
    caller: Caller,
    Path(id): Path<OrganizationId>,
    IfMatch(pre): IfMatch,
    ApiJson(input): ApiJson<OrganizationInput>,
) -> Result<Tagged<Organization>, Problem> {
    resource::update::<Organizations>(&caller, id, pre, input).await
}

/// Remove an organisation that nothing refers to (needs `If-Match`).
#[utoipa::path(delete, path = "/api/v1/organizations/{id}", tag = "organizations", operation_id = "delete_organization",
    params(("id" = OrganizationId, Path), ("If-Match" = String, Header)),
    responses((status = 204), (status = 404, body = Problem), (status = 409, body = Problem), (status = 412, body = Problem), (status = 428, body = Problem)))]
pub async fn delete(caller: Caller, Path(id): Path<OrganizationId>, IfMatch(pre): IfMatch) -> Result<StatusCode, Problem> {
    resource::delete::<Organizations>(&caller, id, pre).await
}
