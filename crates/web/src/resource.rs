//! The shape every CRUD resource of the API shares — create, read, update with `If-Match`, delete,
//! list — written once. Each resource module implements [`Resource`] for its entity and keeps only
//! what differs: its query parameters and its OpenAPI description.

use std::fmt::Display;

use async_trait::async_trait;
use axum::Json;
use axum::http::StatusCode;
use phakhi_store::{Listing, Page, Precondition, Store, StoreResult};
use serde::Serialize;

use crate::auth::Caller;
use crate::etag::Tagged;
use crate::problem::Problem;

/// A page of records.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ListResponse<T> {
    pub items: Vec<T>,
    /// Records matching the filters across all pages.
    pub total: u64,
    pub limit: u32,
    pub offset: u64,
}

impl<T> ListResponse<T> {
    pub fn new(listing: Listing<T>, page: &Page) -> Self {
        Self { items: listing.items, total: listing.total, limit: page.limit, offset: page.offset }
    }
}

/// An entity exposed as a collection with items.
#[async_trait]
pub trait Resource: Send + Sync + 'static {
    type Id: Copy + Display + Send + Sync + 'static;
    type Input: Send + 'static;
    type Record: Serialize + Send + 'static;
    type Filter: Send + Sync;
    /// The collection's path, e.g. `/api/v1/organizations`.
    const PATH: &'static str;

    fn id(record: &Self::Record) -> Self::Id;
    fn version(record: &Self::Record) -> i64;
    async fn create(store: &dyn Store, input: Self::Input) -> StoreResult<Self::Record>;
    async fn get(store: &dyn Store, id: Self::Id) -> StoreResult<Self::Record>;
    async fn update(store: &dyn Store, id: Self::Id, pre: Precondition, input: Self::Input) -> StoreResult<Self::Record>;
    async fn delete(store: &dyn Store, id: Self::Id, pre: Precondition) -> StoreResult<()>;
    async fn list(store: &dyn Store, filter: &Self::Filter, page: &Page) -> StoreResult<Listing<Self::Record>>;
}

pub async fn create<R: Resource>(caller: &Caller, input: R::Input) -> Result<Tagged<R::Record>, Problem> {
    let record = R::create(caller.store(), input).await?;
    Ok(Tagged::created(format!("{}/{}", R::PATH, R::id(&record)), R::version(&record), record))
}

pub async fn get<R: Resource>(caller: &Caller, id: R::Id) -> Result<Tagged<R::Record>, Problem> {
    let record = R::get(caller.store(), id).await?;
    Ok(Tagged::ok(R::version(&record), record))
}

pub async fn update<R: Resource>(caller: &Caller, id: R::Id, pre: Precondition, input: R::Input) -> Result<Tagged<R::Record>, Problem> {
    let record = R::update(caller.store(), id, pre, input).await?;
    Ok(Tagged::ok(R::version(&record), record))
}

pub async fn delete<R: Resource>(caller: &Caller, id: R::Id, pre: Precondition) -> Result<StatusCode, Problem> {
    R::delete(caller.store(), id, pre).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn list<R: Resource>(caller: &Caller, filter: R::Filter, page: Page) -> Result<Json<ListResponse<R::Record>>, Problem> {
    let listing = R::list(caller.store(), &filter, &page).await?;
    Ok(Json(ListResponse::new(listing, &page)))
}
