//! Individual participants of an activity: personal data under the PDPA. Only editors of the
//! organising organisation (and admins) may read or change them; the public sees the activity's
//! aggregate counts. `GET /participants/{id}` is also the data subject's copy of everything phakhi
//! holds about them; `DELETE` erases them and keeps their count in the activity's figures.

use axum::Json;
use axum::extract::Path;
use axum::http::StatusCode;
use phakhi_domain::participant::{Participant, ParticipantInput};
use phakhi_domain::{ActivityId, ParticipantId};

use crate::auth::Caller;
use crate::etag::Tagged;
use crate::extract::{ApiJson, IfMatch};
use crate::problem::Problem;

/// The people recorded for an activity.
#[utoipa::path(get, path = "/api/v1/activities/{id}/participants", tag = "participants", operation_id = "list_participants",
    params(("id" = ActivityId, Path)),
    responses((status = 200, body = Vec<Participant>), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn list(caller: Caller, Path(id): Path<ActivityId>) -> Result<Json<Vec<Participant>>, Problem> {
    Ok(Json(caller.store().list_participants(id).await?))
}

/// Record a person who took part (gender identity and disability need their explicit consent).
#[utoipa::path(post, path = "/api/v1/activities/{id}/participants", tag = "participants", operation_id = "create_participant",
    params(("id" = ActivityId, Path)), request_body = ParticipantInput,
    responses((status = 201, body = Participant, headers(("ETag" = String), ("Location" = String))), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn create(
    caller: Caller,
    Path(id): Path<ActivityId>,
    ApiJson(input): ApiJson<ParticipantInput>,
) -> Result<Tagged<Participant>, Problem> {
    let p = caller.store().create_participant(id, input).await?;
    Ok(Tagged::created(format!("/api/v1/participants/{}", p.id.0), p.meta.version, p))
}

/// Everything phakhi holds about one person (their copy under the PDPA).
#[utoipa::path(get, path = "/api/v1/participants/{id}", tag = "participants", operation_id = "get_participant",
    params(("id" = ParticipantId, Path)),
    responses((status = 200, body = Participant, headers(("ETag" = String))), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem)))]
pub async fn get(caller: Caller, Path(id): Path<ParticipantId>) -> Result<Tagged<Participant>, Problem> {
    let p = caller.store().get_participant(id).await?;
    Ok(Tagged::ok(p.meta.version, p))
}

/// Correct a person's record; their count moves with them.
#[utoipa::path(put, path = "/api/v1/participants/{id}", tag = "participants", operation_id = "update_participant",
    params(("id" = ParticipantId, Path), ("If-Match" = String, Header)), request_body = ParticipantInput,
    responses((status = 200, body = Participant, headers(("ETag" = String))), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 412, body = Problem), (status = 422, body = Problem), (status = 428, body = Problem)))]
pub async fn update(
    caller: Caller,
    Path(id): Path<ParticipantId>,
    IfMatch(pre): IfMatch,
    ApiJson(input): ApiJson<ParticipantInput>,
) -> Result<Tagged<Participant>, Problem> {
    let p = caller.store().update_participant(id, pre, input).await?;
    Ok(Tagged::ok(p.meta.version, p))
}

/// Erase a person (the activity's counts keep them; the audit log never held their data).
#[utoipa::path(delete, path = "/api/v1/participants/{id}", tag = "participants", operation_id = "erase_participant",
    params(("id" = ParticipantId, Path), ("If-Match" = String, Header)),
    responses((status = 204), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 412, body = Problem), (status = 428, body = Problem)))]
pub async fn erase(caller: Caller, Path(id): Path<ParticipantId>, IfMatch(pre): IfMatch) -> Result<StatusCode, Problem> {
    caller.store().erase_participant(id, pre).await?;
    Ok(StatusCode::NO_CONTENT)
}
