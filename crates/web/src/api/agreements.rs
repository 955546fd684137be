//! `/api/v1/agreements`: agreements (MOUs) with their parties, documents and commitments.

use async_trait::async_trait;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use phakhi_domain::agreement::{Agreement, AgreementInput, AgreementStatus};
use phakhi_domain::{AgreementId, FiscalYear, NetworkId, OrganizationId};
use phakhi_store::{Listing, AgreementFilter, Page, Precondition, Store, StoreResult};
use serde::Deserialize;

use crate::etag::Tagged;
use crate::extract::{ApiJson, ApiQuery, IfMatch, PageParams};
use crate::problem::Problem;
use crate::resource::{self, ListResponse, Resource};
use crate::AppState;

/// Filters for the agreement list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AgreementQuery {
    /// Area code (DOPA); includes every area inside it.
    pub area: Option<String>,
    pub status: Option<AgreementStatus>,
    pub network: Option<NetworkId>,
    /// Agreements this organisation is a party to.
    pub organization: Option<OrganizationId>,
    /// A framework item id or `framework:code` (e.g. `sdg:4`); includes items below it.
    pub aligned_to: Option<String>,
    /// Signed in this Thai fiscal year (Buddhist Era, e.g. 2567).
    #[param(value_type = Option<i32>)]
    pub fiscal_year: Option<FiscalYear>,
    /// Part of the title or place.
    pub q: Option<String>,
}

impl TryFrom<AgreementQuery> for AgreementFilter {
    type Error = Problem;
    fn try_from(q: AgreementQuery) -> Result<Self, Problem> {
        Ok(Self {
            area: q.area,
            status: q.status,
            network: q.network,
            organization: q.organization,
            aligned_to: crate::api::item_ref(q.aligned_to.as_deref(), "aligned_to")?,
            fiscal_year: q.fiscal_year,
            q: q.q,
        })
    }
}

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
    params(AgreementQuery, PageParams),
    responses((status = 200, body = ListResponse<Agreement>), (status = 400, body = Problem), (status = 422, body = Problem)))]
pub async fn list(State(app): State<AppState>, ApiQuery(q): ApiQuery<AgreementQuery>, ApiQuery(p): ApiQuery<PageParams>) -> Result<Json<ListResponse<Agreement>>, Problem> {
    resource::list::<Agreements>(&app, q.try_into()?, p.page()?).await
}

/// Register an agreement with its parties and documents.
#[utoipa::path(post, path = "/api/v1/agreements", tag = "agreements", operation_id = "create_agreement",
    request_body = AgreementInput,
    responses((status = 201, body = Agreement, headers(("ETag" = String), ("Location" = String))), (status = 400, body = Problem), (status = 422, body = Problem)))]
pub async fn create(State(app): State<AppState>, ApiJson(input): ApiJson<AgreementInput>) -> Result<Tagged<Agreement>, Problem> {
    resource::create::<Agreements>(&app, input).await
}

/// One agreement.
#[utoipa::path(get, path = "/api/v1/agreements/{id}", tag = "agreements", operation_id = "get_agreement",
    params(("id" = AgreementId, Path)),
    responses((status = 200, body = Agreement, headers(("ETag" = String))), (status = 404, body = Problem)))]
pub async fn get(State(app): State<AppState>, Path(id): Path<AgreementId>) -> Result<Tagged<Agreement>, Problem> {
    resource::get::<Agreements>(&app, id).await
}

/// Replace an agreement (needs `If-Match`).
#[utoipa::path(put, path = "/api/v1/agreements/{id}", tag = "agreements", operation_id = "update_agreement",
    params(("id" = AgreementId, Path), ("If-Match" = String, Header)), request_body = AgreementInput,
    responses((status = 200, body = Agreement), (status = 404, body = Problem), (status = 412, body = Problem), (status = 422, body = Problem), (status = 428, body = Problem)))]
pub async fn update(State(app): State<AppState>, Path(id): Path<AgreementId>, IfMatch(pre): IfMatch, ApiJson(input): ApiJson<AgreementInput>) -> Result<Tagged<Agreement>, Problem> {
    resource::update::<Agreements>(&app, id, pre, input).await
}

/// Remove an agreement without commitments (needs `If-Match`).
#[utoipa::path(delete, path = "/api/v1/agreements/{id}", tag = "agreements", operation_id = "delete_agreement",
    params(("id" = AgreementId, Path), ("If-Match" = String, Header)),
    responses((status = 204), (status = 404, body = Problem), (status = 409, body = Problem), (status = 412, body = Problem), (status = 428, body = Problem)))]
pub async fn delete(State(app): State<AppState>, Path(id): Path<AgreementId>, IfMatch(pre): IfMatch) -> Result<StatusCode, Problem> {
    resource::delete::<Agreements>(&app, id, pre).await
}
