//! `/api/v1/programmes`: programmes by Thai fiscal year.

use async_trait::async_trait;
use axum::Json;
use axum::extract::Path;
use axum::http::StatusCode;
use phakhi_domain::ProgrammeId;
use phakhi_domain::programme::{Programme, ProgrammeInput};
use phakhi_store::{Listing, Page, Precondition, ProgrammeFilter, Store, StoreResult};

use crate::auth::Caller;
use crate::etag::Tagged;
use crate::extract::{ApiJson, ApiQuery, IfMatch, PageParams};
use crate::problem::Problem;
use crate::resource::{self, ListResponse, Resource};

/// The programmes collection as a [`Resource`].
#[derive(Debug)]
pub struct Programmes;

#[async_trait]
impl Resource for Programmes {
    type Id = ProgrammeId;
    type Input = ProgrammeInput;
    type Record = Programme;
    type Filter = ProgrammeFilter;
    const PATH: &'static str = "/api/v1/programmes";

    fn id(r: &Programme) -> ProgrammeId {
        r.id
    }
    fn version(r: &Programme) -> i64 {
        r.meta.version
    }
    async fn create(s: &dyn Store, input: ProgrammeInput) -> StoreResult<Programme> {
        s.create_programme(input).await
    }
    async fn get(s: &dyn Store, id: ProgrammeId) -> StoreResult<Programme> {
        s.get_programme(id).await
    }
    async fn update(s: &dyn Store, id: ProgrammeId, pre: Precondition, input: ProgrammeInput) -> StoreResult<Programme> {
        s.update_programme(id, pre, input).await
    }
    async fn delete(s: &dyn Store, id: ProgrammeId, pre: Precondition) -> StoreResult<()> {
        s.delete_programme(id, pre).await
    }
    async fn list(s: &dyn Store, f: &ProgrammeFilter, page: &Page) -> StoreResult<Listing<Programme>> {
        s.list_programmes(f, page).await
    }
}

/// List programmes.
#[utoipa::path(get, path = "/api/v1/programmes", tag = "programmes", operation_id = "list_programmes",
    params(ProgrammeFilter, PageParams),
    responses((status = 200, body = ListResponse<Programme>), (status = 400, body = Problem), (status = 422, body = Problem)))]
pub async fn list(
    caller: Caller,
    ApiQuery(filter): ApiQuery<ProgrammeFilter>,
    ApiQuery(p): ApiQuery<PageParams>,
) -> Result<Json<ListResponse<Programme>>, Problem> {
    resource::list::<Programmes>(&caller, filter, p.page()?).await
}

/// Create a programme.
#[utoipa::path(post, path = "/api/v1/programmes", tag = "programmes", operation_id = "create_programme",
    request_body = ProgrammeInput,
    responses((status = 201, body = Programme, headers(("ETag" = String), ("Location" = String))), (status = 400, body = Problem), (status = 422, body = Problem)))]
pub async fn create(caller: Caller, ApiJson(input): ApiJson<ProgrammeInput>) -> Result<Tagged<Programme>, Problem> {
    resource::create::<Programmes>(&caller, input).await
}

/// One programme.
#[utoipa::path(get, path = "/api/v1/programmes/{id}", tag = "programmes", operation_id = "get_programme",
    params(("id" = ProgrammeId, Path)),
    responses((status = 200, body = Programme, headers(("ETag" = String))), (status = 404, body = Problem)))]
pub async fn get(caller: Caller, Path(id): Path<ProgrammeId>) -> Result<Tagged<Programme>, Problem> {
    resource::get::<Programmes>(&caller, id).await
}

/// Replace a programme (needs `If-Match`).
#[utoipa::path(put, path = "/api/v1/programmes/{id}", tag = "programmes", operation_id = "update_programme",
    params(("id" = ProgrammeId, Path), ("If-Match" = String, Header)), request_body = ProgrammeInput,
    responses((status = 200, body = Programme), (status = 404, body = Problem), (status = 412, body = Problem), (status = 422, body = Problem), (status = 428, body = Problem)))]
pub async fn update(
    caller: Caller,
    Path(id): Path<ProgrammeId>,
    IfMatch(pre): IfMatch,
    ApiJson(input): ApiJson<ProgrammeInput>,
) -> Result<Tagged<Programme>, Problem> {
    resource::update::<Programmes>(&caller, id, pre, input).await
}

/// Remove a programme (needs `If-Match`).
#[utoipa::path(delete, path = "/api/v1/programmes/{id}", tag = "programmes", operation_id = "delete_programme",
    params(("id" = ProgrammeId, Path), ("If-Match" = String, Header)),
    responses((status = 204), (status = 404, body = Problem), (status = 409, body = Problem), (status = 412, body = Problem), (status = 428, body = Problem)))]
pub async fn delete(caller: Caller, Path(id): Path<ProgrammeId>, IfMatch(pre): IfMatch) -> Result<StatusCode, Problem> {
    resource::delete::<Programmes>(&caller, id, pre).await
}
