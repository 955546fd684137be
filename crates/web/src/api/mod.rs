//! The JSON API under `/api/v1`: one module per resource, one function per action, each registered
//! with its OpenAPI description in [`routes`].

pub mod activities;
pub mod agreements;
pub mod alignments;
pub mod areas;
pub mod audit;
pub mod commitments;
pub mod document;
pub mod frameworks;
pub mod gaps;
pub mod health;
pub mod indicator_values;
pub mod indicators;
pub mod networks;
pub mod organizations;
pub mod participants;
pub mod plan_items;
pub mod plans;
pub mod programmes;
pub mod search;
pub mod target_groups;
pub mod vocabularies;

use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;

/// The API's description; paths are added from the handlers.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "phakhi API",
        description = "The register, activities and alignment of a partner network (ภาคีเครือข่าย). \
                       Errors are RFC 9457 problem details with Thai and English messages. \
                       Updates and deletes need `If-Match` with the ETag of the version read. \
                       Reading is public; writes need a session or `Authorization: Bearer <token>`.",
        license(name = "Apache-2.0")
    ),
    tags(
        (name = "organizations", description = "องค์กรภาคี — partner organisations"),
        (name = "networks", description = "เครือข่าย — networks and committees"),
        (name = "agreements", description = "บันทึกความร่วมมือ — agreements (MOUs)"),
        (name = "commitments", description = "พันธะสัญญา — what each party promised"),
        (name = "programmes", description = "โครงการ — programmes by fiscal year"),
        (name = "activities", description = "กิจกรรม — activities and participation"),
        (name = "frameworks", description = "กรอบการพัฒนา — SDGs, learning cities, plans"),
        (name = "alignments", description = "การเชื่อมโยงกับกรอบการพัฒนา — alignment"),
        (name = "search", description = "ค้นหา — search in Thai and English"),
        (name = "reference", description = "ข้อมูลอ้างอิง — areas, target groups, vocabularies"),
        (name = "participants", description = "ผู้เข้าร่วมรายบุคคล — personal data, for the organiser's editors"),
        (name = "audit", description = "บันทึกการเปลี่ยนแปลง — the audit log (admins, and coordinators for their network)"),
        (name = "plans", description = "แผน — plans: strategies, measures, indicators and progress"),
        (name = "indicators", description = "ตัวชี้วัด — indicators of plans, their values and workflow, computed indicators (formula language: docs/indicators.md)"),
        (name = "operations", description = "Health checks"),
    )
)]
struct ApiDoc;

/// Every API route with its OpenAPI operation.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(organizations::list, organizations::create))
        .routes(routes!(organizations::get, organizations::update, organizations::delete))
        .routes(routes!(networks::list, networks::create))
        .routes(routes!(networks::get, networks::update, networks::delete))
        .routes(routes!(agreements::list, agreements::create))
        .routes(routes!(agreements::get, agreements::update, agreements::delete))
        .routes(routes!(commitments::list, commitments::create))
        .routes(routes!(commitments::get, commitments::update, commitments::delete))
        .routes(routes!(programmes::list, programmes::create))
        .routes(routes!(programmes::get, programmes::update, programmes::delete))
        .routes(routes!(activities::list, activities::create))
        .routes(routes!(activities::get, activities::update, activities::delete))
        .routes(routes!(participants::list, participants::create))
        .routes(routes!(participants::get, participants::update, participants::erase))
        .routes(routes!(frameworks::list, frameworks::create))
        .routes(routes!(frameworks::get, frameworks::update, frameworks::delete))
        .routes(routes!(frameworks::list_items, frameworks::create_item))
        .routes(routes!(frameworks::get_item, frameworks::update_item, frameworks::delete_item))
        .routes(routes!(alignments::list, alignments::create))
        .routes(routes!(alignments::get, alignments::delete))
        .routes(routes!(areas::list))
        .routes(routes!(areas::get))
        .routes(routes!(target_groups::list, target_groups::create))
        .routes(routes!(search::search))
        .routes(routes!(plans::list, plans::create))
        .routes(routes!(plans::get, plans::update, plans::delete))
        .routes(routes!(plans::copy))
        .routes(routes!(plans::progress))
        .routes(routes!(plan_items::list, plan_items::create))
        .routes(routes!(plan_items::get, plan_items::update, plan_items::delete))
        .routes(routes!(indicators::list, indicators::create))
        .routes(routes!(indicators::evaluate))
        .routes(routes!(indicators::evaluate_by_area))
        .routes(routes!(indicators::computed))
        .routes(routes!(gaps::gaps))
        .routes(routes!(indicators::get, indicators::update, indicators::delete))
        .routes(routes!(indicator_values::list, indicator_values::create))
        .routes(routes!(indicator_values::get, indicator_values::update, indicator_values::delete))
        .routes(routes!(indicator_values::submit))
        .routes(routes!(indicator_values::approve))
        .routes(routes!(indicator_values::return_to_draft))
        .routes(routes!(audit::list))
        .routes(routes!(vocabularies::list))
        .routes(routes!(health::live))
        .routes(routes!(health::ready))
}
