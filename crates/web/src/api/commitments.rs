//! `/api/v1/commitments`: what each party promised under an agreement, and its progress.

use async_trait::async_trait;
use axum::Json;
use axum::extract::Path;
use axum::http::StatusCode;
use phakhi_domain::CommitmentId;
use phakhi_domain::commitment::{Commitment, CommitmentInput};
use phakhi_store::{CommitmentFilter, Listing, Page, Precondition, Store, StoreResult};

use crate::auth::Caller;
use crate::etag::Tagged;
use crate::extract::{ApiJson, ApiQuery, IfMatch, PageParams};
use crate::problem::Problem;
use crate::resource::{self, ListResponse, Resource};

/// The commitments collection as a [`Resource`].
#[derive(Debug)]
pub struct Commitments;

#[async_trait]
impl Resource for Commitments {
    type Id = CommitmentId;
    type Input = CommitmentInput;
    type Record = Commitment;
    type Filter = CommitmentFilter;
    const PATH: &'static str = "/api/v1/commitments";

    fn id(r: &Commitment) -> CommitmentId {
        r.id
    }
    fn version(r: &Commitment) -> i64 {
        r.meta.version
    }
    async fn create(s: &dyn Store, input: CommitmentInput) -> StoreResult<Commitment> {
        s.create_commitment(input).await
    }
    async fn get(s: &dyn Store, id: CommitmentId) -> StoreResult<Commitment> {
        s.get_commitment(id).await
    }
    async fn update(s: &dyn Store, id: CommitmentId, pre: Precondition, input: CommitmentInput) -> StoreResult<Commitment> {
        s.update_commitment(id, pre, input).await
    }
    async fn delete(s: &dyn Store, id: CommitmentId, pre: Precondition) -> StoreResult<()> {
        s.delete_commitment(id, pre).await
    }
    async fn list(s: &dyn Store, f: &CommitmentFilter, page: &Page) -> StoreResult<Listing<Commitment>> {
        s.list_commitments(f, page).await
    }
}

/// List commitments.
#[utoipa::path(get, path = "/api/v1/commitments", tag = "commitments", operation_id = "list_commitments",
    params(CommitmentFilter, PageParams),
    responses((status = 200, body = ListResponse<Commitment>), (status = 400, body = Problem), (status = 422, body = Problem)))]
pub async fn list(
    caller: Caller,
    ApiQuery(filter): ApiQuery<CommitmentFilter>,
    ApiQuery(p): ApiQuery<PageParams>,
) -> Result<Json<ListResponse<Commitment>>, Problem> {
    resource::list::<Commitments>(&caller, filter, p.page()?).await
}

/// Record a party's commitment under an agreement.
#[utoipa::path(post, path = "/api/v1/commitments", tag = "commitments", operation_id = "create_commitment",
    request_body = CommitmentInput,
    responses((status = 201, body = Commitment, headers(("ETag" = String), ("Location" = String))), (status = 400, body = Problem), (status = 422, body = Problem)))]
pub async fn create(caller: Caller, ApiJson(input): ApiJson<CommitmentInput>) -> Result<Tagged<Commitment>, Problem> {
    resource::create::<Commitments>(&caller, input).await
}

/// One commitment.
#[utoipa::path(get, path = "/api/v1/commitments/{id}", tag = "commitments", operation_id = "get_commitment",
    params(("id" = CommitmentId, Path)),
    responses((status = 200, body = Commitment, headers(("ETag" = String))), (status = 404, body = Problem)))]
pub async fn get(caller: Caller, Path(id): Path<CommitmentId>) -> Result<Tagged<Commitment>, Problem> {
    resource::get::<Commitments>(&caller, id).await
}

/// Replace a commitment (needs `If-Match`).
#[utoipa::path(put, path = "/api/v1/commitments/{id}", tag = "commitments", operation_id = "update_commitment",
    params(("id" = CommitmentId, Path), ("If-Match" = String, Header)), request_body = CommitmentInput,
    responses((status = 200, body = Commitment), (status = 404, body = Problem), (status = 412, body = Problem), (status = 422, body = Problem), (status = 428, body = Problem)))]
pub async fn update(
    caller: Caller,
    Path(id): Path<CommitmentId>,
    IfMatch(pre): IfMatch,
    ApiJson(input): ApiJson<CommitmentInput>,
) -> Result<Tagged<Commitment>, Problem> {
    resource::update::<Commitments>(&caller, id, pre, input).await
}

/// Remove a commitment (needs `If-Match`).
#[utoipa::path(delete, path = "/api/v1/commitments/{id}", tag = "commitments", operation_id = "delete_commitment",
    params(("id" = CommitmentId, Path), ("If-Match" = String, Header)),
    responses((status = 204), (status = 404, body = Problem), (status = 409, body = Problem), (status = 412, body = Problem), (status = 428, body = Problem)))]
pub async fn delete(caller: Caller, Path(id): Path<CommitmentId>, IfMatch(pre): IfMatch) -> Result<StatusCode, Problem> {
    resource::delete::<Commitments>(&caller, id, pre).await
}
