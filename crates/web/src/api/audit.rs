//! `/api/v1/audit`: the append-only log of every create, update and delete — who, when, from where,
//! and the record before and after. Admins read it; there is no way to change it.

use axum::Json;
use phakhi_store::accounts::{AuditEntry, AuditFilter};

use crate::auth::Caller;
use crate::extract::{ApiQuery, PageParams};
use crate::problem::Problem;
use crate::resource::ListResponse;

/// The audit log, newest first.
#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", operation_id = "list_audit",
    params(AuditFilter, PageParams),
    responses((status = 200, body = ListResponse<AuditEntry>), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn list(
    caller: Caller,
    ApiQuery(filter): ApiQuery<AuditFilter>,
    ApiQuery(p): ApiQuery<PageParams>,
) -> Result<Json<ListResponse<AuditEntry>>, Problem> {
    let page = p.page()?;
    let listing = caller.store().list_audit(&filter, &page).await?;
    Ok(Json(ListResponse::new(listing, &page)))
}
