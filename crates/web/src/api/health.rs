//! Health checks for load balancers and orchestrators.

use axum::extract::State;
use axum::http::StatusCode;

use crate::AppState;
use crate::problem::Problem;

/// The process is up.
#[utoipa::path(get, path = "/healthz", tag = "operations", operation_id = "live", responses((status = 200, body = String)))]
pub async fn live() -> &'static str {
    "ok"
}

/// The process can serve requests: its database answers.
#[utoipa::path(get, path = "/readyz", tag = "operations", operation_id = "ready",
    responses((status = 200, body = String), (status = 503, body = Problem)))]
pub async fn ready(State(app): State<AppState>) -> Result<(StatusCode, &'static str), Problem> {
    app.store().ping().await.map_err(|e| {
        tracing::warn!(error = %e, "not ready");
        Problem::unavailable()
    })?;
    Ok((StatusCode::OK, "ready"))
}
