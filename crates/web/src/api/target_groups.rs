//! `/api/v1/target-groups`: whom programmes and activities serve.

use axum::Json;
use axum::http::StatusCode;
use phakhi_domain::target_group::TargetGroup;

use crate::auth::Caller;
use crate::extract::ApiJson;
use crate::problem::Problem;

/// Every target group, built-in first.
#[utoipa::path(get, path = "/api/v1/target-groups", tag = "reference", operation_id = "list_target_groups",
    responses((status = 200, body = Vec<TargetGroup>)))]
pub async fn list(caller: Caller) -> Result<Json<Vec<TargetGroup>>, Problem> {
    Ok(Json(caller.store().list_target_groups().await?))
}

/// Add a target group to the built-in ones.
#[utoipa::path(post, path = "/api/v1/target-groups", tag = "reference", operation_id = "create_target_group",
    request_body = TargetGroup, responses((status = 201, body = TargetGroup), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn create(caller: Caller, ApiJson(group): ApiJson<TargetGroup>) -> Result<(StatusCode, Json<TargetGroup>), Problem> {
    Ok((StatusCode::CREATED, Json(caller.store().create_target_group(group).await?)))
}
