//! `/api/v1/agreements`: agreements (MOUs) with their parties, documents and commitments.

use async_trait::async_trait;
use axum::Json;
use axum::extract::Path;
use axum::http::StatusCode;
use phakhi_domain::AgreementId;
use phakhi_domain::agreement::{Agreement, AgreementInput};
use phakhi_store::{AgreementFilter, Listing, Page, Precondition, Store, StoreResult};

use crate::auth::Caller;
use crate::etag::Tagged;
use crate::extract::{ApiJson, ApiQuery, IfMatch, PageParams};
use crate::problem::Problem;
use crate::resource::{self, ListResponse, Resource};

/// The agreements collection as a [`Resource`].
#[derive(Debug)]
pub struct Agreements;

#[async_trait]
impl Resource for Agreements {
    type Id = AgreementId;
    type Input = AgreementInput;
    type Record = Agreement;
    type Filter = AgreementFilter;
    const PATH: &'static str = "/api/v1/agreements";

    fn id(r: &Agreement) -> AgreementId {
        r.id
    }
    fn version(r: &Agreement) -> i64 {
        r.meta.version
    }
    async fn create(s: &dyn Store, input: AgreementInput) -> StoreResult<Agreement> {
        s.create_agreement(input).await
    }
    async fn get(s: &dyn Store, id: AgreementId) -> StoreResult<Agreement> {
        s.get_agreement(id).await
    }
    async fn update(s: &dyn Store, id: AgreementId, pre: Precondition, input: AgreementInput) -> StoreResult<Agreement> {
        s.update_agreement(id, pre, input).await
    }
    async fn delete(s: &dyn Store, id: AgreementId, pre: Precondition) -> StoreResult<()> {
        s.delete_agreement(id, pre).await
    }
    async fn list(s: &dyn Store, f: &AgreementFilter, page: &Page) -> StoreResult<Listing<Agreement>> {
        s.list_agreements(f, page).await
    }
}

/// List agreements.
#[utoipa::path(get, path = "/api/v1/agreements", tag = "agreements", operation_id = "list_agreements",
    params(AgreementFilter, PageParams),
    responses((status = 200, body = ListResponse<Agreement>), (status = 400, body = Problem), (status = 422, body = Problem)))]
pub async fn list(
    caller: Caller,
    ApiQuery(filter): ApiQuery<AgreementFilter>,
    ApiQuery(p): ApiQuery<PageParams>,
) -> Result<Json<ListResponse<Agreement>>, Problem> {
    resource::list::<Agreements>(&caller, filter, p.page()?).await
}

/// Register an agreement with its parties and documents.
#[utoipa::path(post, path = "/api/v1/agreements", tag = "agreements", operation_id = "create_agreement",
    request_body = AgreementInput,
    responses((status = 201, body = Agreement, headers(("ETag" = String), ("Location" = String))), (status = 400, body = Problem), (status = 422, body = Problem)))]
pub async fn create(caller: Caller, ApiJson(input): ApiJson<AgreementInput>) -> Result<Tagged<Agreement>, Problem> {
    resource::create::<Agreements>(&caller, input).await
}

/// One agreement.
#[utoipa::path(get, path = "/api/v1/agreements/{id}", tag = "agreements", operation_id = "get_agreement",
    params(("id" = AgreementId, Path)),
    responses((status = 200, body = Agreement, headers(("ETag" = String))), (status = 404, body = Problem)))]
pub async fn get(caller: Caller, Path(id): Path<AgreementId>) -> Result<Tagged<Agreement>, Problem> {
    resource::get::<Agreements>(&caller, id).await
}

/// Replace an agreement (needs `If-Match`).
#[utoipa::path(put, path = "/api/v1/agreements/{id}", tag = "agreements", operation_id = "update_agreement",
    params(("id" = AgreementId, Path), ("If-Match" = String, Header)), request_body = AgreementInput,
    responses((status = 200, body = Agreement), (status = 404, body = Problem), (status = 412, body = Problem), (status = 422, body = Problem), (status = 428, body = Problem)))]
pub async fn update(
    caller: Caller,
    Path(id): Path<AgreementId>,
    IfMatch(pre): IfMatch,
    ApiJson(input): ApiJson<AgreementInput>,
) -> Result<Tagged<Agreement>, Problem> {
    resource::update::<Agreements>(&caller, id, pre, input).await
}

/// Remove an agreement without commitments (needs `If-Match`).
#[utoipa::path(delete, path = "/api/v1/agreements/{id}", tag = "agreements", operation_id = "delete_agreement",
    params(("id" = AgreementId, Path), ("If-Match" = String, Header)),
    responses((status = 204), (status = 404, body = Problem), (status = 409, body = Problem), (status = 412, body = Problem), (status = 428, body = Problem)))]
pub async fn delete(caller: Caller, Path(id): Path<AgreementId>, IfMatch(pre): IfMatch) -> Result<StatusCode, Problem> {
    resource::delete::<Agreements>(&caller, id, pre).await
}
