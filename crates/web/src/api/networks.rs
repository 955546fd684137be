//! `/api/v1/networks`: networks and committees with their members.

use async_trait::async_trait;
use axum::Json;
use axum::extract::Path;
use axum::http::StatusCode;
use phakhi_domain::NetworkId;
use phakhi_domain::network::{Network, NetworkInput};
use phakhi_store::{Listing, NetworkFilter, Page, Precondition, Store, StoreResult};

use crate::auth::Caller;
use crate::etag::Tagged;
use crate::extract::{ApiJson, ApiQuery, IfMatch, PageParams};
use crate::problem::Problem;
use crate::resource::{self, ListResponse, Resource};

/// The networks collection as a [`Resource`].
#[derive(Debug)]
pub struct Networks;

#[async_trait]
impl Resource for Networks {
    type Id = NetworkId;
    type Input = NetworkInput;
    type Record = Network;
    type Filter = NetworkFilter;
    const PATH: &'static str = "/api/v1/networks";

    fn id(r: &Network) -> NetworkId {
        r.id
    }
    fn version(r: &Network) -> i64 {
        r.meta.version
    }
    async fn create(s: &dyn Store, input: NetworkInput) -> StoreResult<Network> {
        s.create_network(input).await
    }
    async fn get(s: &dyn Store, id: NetworkId) -> StoreResult<Network> {
        s.get_network(id).await
    }
    async fn update(s: &dyn Store, id: NetworkId, pre: Precondition, input: NetworkInput) -> StoreResult<Network> {
        s.update_network(id, pre, input).await
    }
    async fn delete(s: &dyn Store, id: NetworkId, pre: Precondition) -> StoreResult<()> {
        s.delete_network(id, pre).await
    }
    async fn list(s: &dyn Store, f: &NetworkFilter, page: &Page) -> StoreResult<Listing<Network>> {
        s.list_networks(f, page).await
    }
}

/// List networks.
#[utoipa::path(get, path = "/api/v1/networks", tag = "networks", operation_id = "list_networks",
    params(NetworkFilter, PageParams),
    responses((status = 200, body = ListResponse<Network>), (status = 400, body = Problem), (status = 422, body = Problem)))]
pub async fn list(
    caller: Caller,
    ApiQuery(filter): ApiQuery<NetworkFilter>,
    ApiQuery(p): ApiQuery<PageParams>,
) -> Result<Json<ListResponse<Network>>, Problem> {
    resource::list::<Networks>(&caller, filter, p.page()?).await
}

/// Create a network with its members.
#[utoipa::path(post, path = "/api/v1/networks", tag = "networks", operation_id = "create_network",
    request_body = NetworkInput,
    responses((status = 201, body = Network, headers(("ETag" = String), ("Location" = String))), (status = 400, body = Problem), (status = 422, body = Problem)))]
pub async fn create(caller: Caller, ApiJson(input): ApiJson<NetworkInput>) -> Result<Tagged<Network>, Problem> {
    resource::create::<Networks>(&caller, input).await
}

/// One network.
#[utoipa::path(get, path = "/api/v1/networks/{id}", tag = "networks", operation_id = "get_network",
    params(("id" = NetworkId, Path)),
    responses((status = 200, body = Network, headers(("ETag" = String))), (status = 404, body = Problem)))]
pub async fn get(caller: Caller, Path(id): Path<NetworkId>) -> Result<Tagged<Network>, Problem> {
    resource::get::<Networks>(&caller, id).await
}

/// Replace a network (needs `If-Match`).
#[utoipa::path(put, path = "/api/v1/networks/{id}", tag = "networks", operation_id = "update_network",
    params(("id" = NetworkId, Path), ("If-Match" = String, Header)), request_body = NetworkInput,
    responses((status = 200, body = Network), (status = 404, body = Problem), (status = 412, body = Problem), (status = 422, body = Problem), (status = 428, body = Problem)))]
pub async fn update(
    caller: Caller,
    Path(id): Path<NetworkId>,
    IfMatch(pre): IfMatch,
    ApiJson(input): ApiJson<NetworkInput>,
) -> Result<Tagged<Network>, Problem> {
    resource::update::<Networks>(&caller, id, pre, input).await
}

/// Remove a network and its memberships (needs `If-Match`).
#[utoipa::path(delete, path = "/api/v1/networks/{id}", tag = "networks", operation_id = "delete_network",
    params(("id" = NetworkId, Path), ("If-Match" = String, Header)),
    responses((status = 204), (status = 404, body = Problem), (status = 409, body = Problem), (status = 412, body = Problem), (status = 428, body = Problem)))]
pub async fn delete(caller: Caller, Path(id): Path<NetworkId>, IfMatch(pre): IfMatch) -> Result<StatusCode, Problem> {
    resource::delete::<Networks>(&caller, id, pre).await
}
