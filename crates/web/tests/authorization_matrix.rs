//! The authorisation matrix: every operation of the API (read from its OpenAPI document, so a new
//! route cannot escape) × every role × the record's own scope or another's, on SQLite and PostgreSQL.
//! Each attempt gets a fresh account holding the role, and records owned by a fresh organisation that
//! is a member of a fresh network, made anew after every write that was allowed (so allowed deletes
//! cannot disturb the next attempt). A refused attempt must leave the database as it was.

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use chrono::{TimeZone, Utc};
use phakhi_domain::access::Principal;
use phakhi_domain::access::{Grant, Role, Scope};
use phakhi_domain::activity::{ActivityInput, ActivityKind, AttendanceMode};
use phakhi_domain::agreement::{AgreementInput, AgreementParty, AgreementStatus, PartyRole};
use phakhi_domain::commitment::{CommitmentInput, CommitmentStatus};
use phakhi_domain::framework::{FrameworkInput, FrameworkItemInput, FrameworkKind};
use phakhi_domain::indicator::{Direction, IndicatorInput, IndicatorSource, IndicatorValueInput, Transition};
use phakhi_domain::network::{MemberRole, NetworkInput, NetworkMember};
use phakhi_domain::organization::{OrganizationInput, OrganizationStatus, Sector};
use phakhi_domain::plan::{PlanInput, PlanItemInput, PlanLevel, PlanStatus};
use phakhi_domain::programme::{ProgrammeInput, ProgrammeStatus};
use phakhi_domain::{FiscalYear, FrameworkItemId, IndicatorId, NetworkId, OrganizationId, PlanId, PlanItemId};
use phakhi_store::accounts::{Actor, NewUser};
use phakhi_store::{Precondition, Store};
use phakhi_web::auth::secret;
use serde_json::{Value, json};
use tower::ServiceExt;

/// Who tries, relative to the record's owners.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Anonymous,
    ViewerOwn,
    EditorOwn,
    EditorOther,
    CoordinatorOwn,
    CoordinatorOther,
    Admin,
}

const EVERYONE: [Who; 7] =
    [Who::Anonymous, Who::ViewerOwn, Who::EditorOwn, Who::EditorOther, Who::CoordinatorOwn, Who::CoordinatorOther, Who::Admin];

/// Who may perform an operation (reads not listed here are public).
fn allowed(operation: &str, who: Who) -> bool {
    let org_record = matches!(who, Who::Admin | Who::CoordinatorOwn | Who::EditorOwn);
    let network_record = matches!(who, Who::Admin | Who::CoordinatorOwn);
    match operation {
        "create_organization" => matches!(who, Who::Admin | Who::CoordinatorOwn | Who::CoordinatorOther),
        "update_organization" | "delete_organization" => org_record,
        "create_network" => who == Who::Admin,
        "update_network" | "delete_network" | "create_agreement" | "update_agreement" | "delete_agreement" => network_record,
        "create_commitment" | "update_commitment" | "delete_commitment" | "create_programme" | "update_programme" | "delete_programme"
        | "create_activity" | "update_activity" | "delete_activity" | "create_alignment" | "delete_alignment" => org_record,
        "create_framework"
        | "update_framework"
        | "delete_framework"
        | "create_framework_item"
        | "update_framework_item"
        | "delete_framework_item"
        | "create_target_group" => who == Who::Admin,
        // Coordinators read the part of the log about their network (the access test checks which part).
        "list_audit" => matches!(who, Who::Admin | Who::CoordinatorOwn | Who::CoordinatorOther),
        // Personal data: the organising organisation's editors and admins, not even the coordinator.
        "list_participants" | "get_participant" | "create_participant" | "update_participant" | "erase_participant" => {
            matches!(who, Who::Admin | Who::EditorOwn)
        }
        // Plans are their network's: its coordinators manage them, editors of member organisations do not.
        "create_plan" | "update_plan" | "delete_plan" | "copy_plan" | "create_plan_item" | "update_plan_item" | "delete_plan_item"
        | "create_indicator" | "update_indicator" | "delete_indicator" => network_record,
        // Values are entered by editors of the indicator's responsible organisation (and the plan's
        // managers), and reviewed only by the plan's coordinators.
        "create_indicator_value" | "update_indicator_value" | "delete_indicator_value" | "submit_indicator_value" => org_record,
        "approve_indicator_value" | "return_indicator_value" => network_record,
        // A value not yet approved is for those entitled to the plan's figures.
        "get_indicator_value" => org_record || who == Who::ViewerOwn,
        _ => true,
    }
}

/// A fresh organisation, member of a fresh network, with records of every kind.
struct Owned {
    org: OrganizationId,
    network: NetworkId,
    agreement: uuid::Uuid,
    commitment: uuid::Uuid,
    programme: uuid::Uuid,
    activity: uuid::Uuid,
    alignment: uuid::Uuid,
    framework: String,
    item: uuid::Uuid,
    participant: uuid::Uuid,
    plan: uuid::Uuid,
    plan_item: uuid::Uuid,
    indicator: uuid::Uuid,
    /// A draft value and a submitted one of the indicator.
    draft: uuid::Uuid,
    submitted: uuid::Uuid,
}

struct Matrix {
    router: Router,
    store: Arc<dyn Store>,
    other_org: OrganizationId,
    other_network: NetworkId,
    n: usize,
}

fn organization(name: String) -> OrganizationInput {
    OrganizationInput {
        name_th: name,
        name_en: None,
        abbreviation: None,
        sector: Sector::CivilSociety,
        parent_id: None,
        area_code: Some("40".into()),
        website: None,
        status: OrganizationStatus::Active,
        description_th: None,
        description_en: None,
    }
}

fn network(name: String, member: Option<OrganizationId>) -> NetworkInput {
    NetworkInput {
        name_th: name,
        name_en: None,
        instrument: None,
        established_on: None,
        area_code: None,
        description_th: None,
        description_en: None,
        members: member
            .map(|m| NetworkMember { organization_id: m, role: MemberRole::Member, represented_by: None, joined_on: None })
            .into_iter()
            .collect(),
    }
}

fn agreement(network: NetworkId, party: OrganizationId) -> AgreementInput {
    AgreementInput {
        title_th: "บันทึกความร่วมมือทดสอบ".into(),
        title_en: None,
        themes: vec![],
        signed_on: None,
        place_th: None,
        place_en: None,
        area_code: None,
        term_start: None,
        term_end: None,
        declared_signatories: None,
        status: AgreementStatus::Draft,
        network_id: Some(network),
        notes_th: None,
        notes_en: None,
        parties: vec![AgreementParty { organization_id: party, role: PartyRole::Signatory, signed_by: None }],
        documents: vec![],
    }
}

fn programme(lead: OrganizationId) -> ProgrammeInput {
    ProgrammeInput {
        title_th: "โครงการทดสอบ".into(),
        title_en: None,
        description_th: None,
        description_en: None,
        fiscal_year: FiscalYear::from_be(2567).unwrap(),
        budget_baht: None,
        budget_source: None,
        lead_organization_id: lead,
        partner_organization_ids: vec![],
        target_groups: vec![],
        area_code: None,
        starts_on: None,
        ends_on: None,
        status: ProgrammeStatus::Active,
    }
}

fn activity(lead: OrganizationId) -> ActivityInput {
    ActivityInput {
        programme_id: None,
        kind: ActivityKind::Meeting,
        title_th: "ประชุมทดสอบ".into(),
        title_en: None,
        description_th: None,
        description_en: None,
        starts_at: Utc.with_ymd_and_hms(2024, 3, 1, 2, 0, 0).unwrap(),
        ends_at: None,
        venue_th: None,
        venue_en: None,
        area_code: None,
        hours: None,
        mode: AttendanceMode::Onsite,
        lead_organization_id: Some(lead),
        partner_organization_ids: vec![],
        target_groups: vec![],
        volunteer_hours: None,
        participation: vec![],
    }
}

impl Matrix {
    async fn new(store: Arc<dyn Store>) -> Self {
        let other_org = store.create_organization(organization("องค์กรอื่น".into())).await.unwrap().id;
        let other_network = store.create_network(network("เครือข่ายอื่น".into(), Some(other_org))).await.unwrap().id;
        Matrix { router: phakhi_web::router(store.clone()), store, other_org, other_network, n: 0 }
    }

    /// Records of every kind owned by a fresh organisation (created as the platform itself).
    async fn owned(&mut self) -> Owned {
        self.n += 1;
        let s = self.store.as_ref();
        let org = s.create_organization(organization(format!("องค์กรทดสอบ {}", self.n))).await.unwrap().id;
        let network = s.create_network(network(format!("เครือข่ายทดสอบ {}", self.n), Some(org))).await.unwrap().id;
        let agreement = s.create_agreement(agreement(network, org)).await.unwrap().id;
        let commitment = s
            .create_commitment(CommitmentInput {
                agreement_id: agreement,
                organization_id: org,
                title_th: "พันธะทดสอบ".into(),
                title_en: None,
                description_th: None,
                description_en: None,
                status: CommitmentStatus::InProgress,
                deliverables: vec![],
                progress: vec![],
            })
            .await
            .unwrap()
            .id;
        let programme = s.create_programme(programme(org)).await.unwrap().id;
        let activity = s.create_activity(activity(org)).await.unwrap().id;
        let alignment = s
            .create_alignment(phakhi_domain::alignment::AlignmentInput {
                subject_kind: phakhi_domain::alignment::SubjectKind::Programme,
                subject_id: programme.0,
                item_id: FrameworkItemId::reference("sdg", "5"),
                note: None,
            })
            .await
            .unwrap()
            .id;
        let framework = format!("plan-{}", self.n);
        s.create_framework(FrameworkInput {
            code: framework.clone(),
            kind: FrameworkKind::LocalPlan,
            name_th: "แผนทดสอบ".into(),
            name_en: None,
            publisher: None,
            url: None,
            description_th: None,
            description_en: None,
        })
        .await
        .unwrap();
        let item = s.create_framework_item(&framework, item_input("1")).await.unwrap().id;
        let participant = s.create_participant(activity, person()).await.unwrap().id;
        let plan = s.create_plan(plan_input(format!("plan-{}", self.n), network)).await.unwrap().id;
        let indicator = s.create_indicator(indicator_input(plan, "1.1", org)).await.unwrap().id;
        let top = s.create_plan_item(plan_item(plan, None, "1", None)).await.unwrap().id;
        let plan_item = s.create_plan_item(plan_item(plan, Some(top), "1.1", Some(indicator))).await.unwrap().id;
        let draft = s.create_indicator_value(indicator, value(2567)).await.unwrap().id;
        let submitted = s.create_indicator_value(indicator, value(2566)).await.unwrap().id;
        s.transition_indicator_value(submitted, Precondition::Any, Transition::Submit).await.unwrap();
        Owned {
            org,
            network,
            agreement: agreement.0,
            commitment: commitment.0,
            programme: programme.0,
            activity: activity.0,
            alignment: alignment.0,
            framework,
            item: item.0,
            participant: participant.0,
            plan: plan.0,
            plan_item: plan_item.0,
            indicator: indicator.0,
            draft: draft.0,
            submitted: submitted.0,
        }
    }

    /// A fresh account holding the role relative to `owned`, and its API token.
    /// The role `who` holds, over the scope it names.
    fn grant(&self, who: Who, owned: &Owned) -> Option<Grant> {
        let scope = match who {
            Who::Anonymous => return None,
            Who::ViewerOwn | Who::EditorOwn => Scope::Organization(owned.org),
            Who::EditorOther => Scope::Organization(self.other_org),
            Who::CoordinatorOwn => Scope::Network(owned.network),
            Who::CoordinatorOther => Scope::Network(self.other_network),
            Who::Admin => Scope::Platform,
        };
        let role = match who {
            Who::ViewerOwn => Role::Viewer,
            Who::EditorOwn | Who::EditorOther => Role::Editor,
            Who::CoordinatorOwn | Who::CoordinatorOther => Role::Coordinator,
            _ => Role::Admin,
        };
        Some(Grant { role, scope })
    }

    async fn token(&mut self, who: Who, owned: &Owned) -> Option<String> {
        let grant = self.grant(who, owned)?;
        self.n += 1;
        let user = self
            .store
            .create_user(NewUser {
                email: format!("person{}@example.org", self.n),
                display_name: "x".into(),
                password_hash: None,
                grants: vec![grant],
            })
            .await
            .unwrap();
        let token = secret::new("pk_");
        self.store.create_api_token(user.id, "matrix", &secret::hash(&token)).await.unwrap();
        Some(token)
    }

    async fn send(&self, method: Method, uri: &str, token: Option<&str>, body: Option<Value>) -> StatusCode {
        let mut request = Request::builder().method(method.clone()).uri(uri);
        if let Some(t) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        if method != Method::GET {
            request = request.header(header::IF_MATCH, "*");
        }
        if body.is_some() {
            request = request.header(header::CONTENT_TYPE, "application/json");
        }
        let request = request.body(body.map(|b| Body::from(b.to_string())).unwrap_or_else(Body::empty)).unwrap();
        self.router.clone().oneshot(request).await.unwrap().status()
    }
}

fn person() -> phakhi_domain::participant::ParticipantInput {
    phakhi_domain::participant::ParticipantInput {
        full_name: "สมศรี ใจดี".into(),
        contact: None,
        gender: None,
        age_band: None,
        target_group: None,
        nationality: None,
        disability: None,
        consent: None,
    }
}

fn item_input(code: &str) -> FrameworkItemInput {
    FrameworkItemInput {
        code: code.into(),
        parent_id: None,
        level: "strategy".into(),
        title_th: Some("ยุทธศาสตร์".into()),
        title_en: None,
        position: 1,
        colour: None,
    }
}

fn plan_input(code: String, network: NetworkId) -> PlanInput {
    PlanInput {
        code,
        title_th: "แผนทดสอบ".into(),
        title_en: None,
        description_th: None,
        description_en: None,
        network_id: Some(network),
        organization_id: None,
        area_code: None,
        start_year: FiscalYear::from_be(2566).unwrap(),
        end_year: FiscalYear::from_be(2570).unwrap(),
        status: PlanStatus::Active,
        responsible_organization_ids: vec![],
        aligned_to: vec![],
    }
}

fn plan_item(plan: PlanId, parent: Option<PlanItemId>, code: &str, indicator: Option<IndicatorId>) -> PlanItemInput {
    PlanItemInput {
        plan_id: plan,
        parent_id: parent,
        level: if indicator.is_some() { PlanLevel::Indicator } else { PlanLevel::Strategy },
        code: code.into(),
        title_th: "ยุทธศาสตร์ทดสอบ".into(),
        title_en: None,
        weight: 1.0,
        indicator_id: indicator,
        responsible_organization_ids: vec![],
        position: 0,
    }
}

fn indicator_input(plan: PlanId, code: &str, responsible: OrganizationId) -> IndicatorInput {
    IndicatorInput {
        plan_id: plan,
        code: code.into(),
        name_th: "ตัวชี้วัดทดสอบ".into(),
        name_en: None,
        definition_th: None,
        definition_en: None,
        unit_th: "ร้อยละ".into(),
        unit_en: None,
        direction: Direction::HigherIsBetter,
        baseline: None,
        targets: vec![],
        disaggregations: vec![],
        aligned_to: vec![],
        source: IndicatorSource::Entered,
        responsible_organization_ids: vec![responsible],
    }
}

fn value(year: i32) -> IndicatorValueInput {
    IndicatorValueInput {
        fiscal_year: FiscalYear::from_be(year).unwrap(),
        area_code: None,
        disaggregation: Default::default(),
        value: 50.0,
        source: None,
    }
}

fn to_json(v: impl serde::Serialize) -> Value {
    serde_json::to_value(v).unwrap()
}

/// The request for an operation against records owned by `o`; `None` when the matrix lacks the
/// operation (which fails the test: every new route needs its row here).
async fn request(m: &Matrix, operation: &str, o: &Owned) -> Option<(Method, String, Option<Value>)> {
    let s = m.store.as_ref();
    let (get, post, put, delete) = (Method::GET, Method::POST, Method::PUT, Method::DELETE);
    let org_body = || {
        let mut input = organization("ชื่อใหม่".into());
        input.name_en = Some("Renamed".into());
        to_json(input)
    };
    Some(match operation {
        "list_organizations" => (get, "/api/v1/organizations".into(), None),
        "get_organization" => (get, format!("/api/v1/organizations/{}", o.org.0), None),
        "create_organization" => (post, "/api/v1/organizations".into(), Some(to_json(organization("องค์กรใหม่".into())))),
        "update_organization" => (put, format!("/api/v1/organizations/{}", o.org.0), Some(org_body())),
        // An organisation with records cannot be deleted (409); the rights are checked first.
        "delete_organization" => (delete, format!("/api/v1/organizations/{}", o.org.0), None),
        "list_networks" => (get, "/api/v1/networks".into(), None),
        "get_network" => (get, format!("/api/v1/networks/{}", o.network.0), None),
        "create_network" => (post, "/api/v1/networks".into(), Some(to_json(network("เครือข่ายใหม่".into(), None)))),
        "update_network" => (put, format!("/api/v1/networks/{}", o.network.0), Some(to_json(network("ชื่อใหม่".into(), Some(o.org))))),
        "delete_network" => (delete, format!("/api/v1/networks/{}", o.network.0), None),
        "list_agreements" => (get, "/api/v1/agreements".into(), None),
        "get_agreement" => (get, format!("/api/v1/agreements/{}", o.agreement), None),
        "create_agreement" => (post, "/api/v1/agreements".into(), Some(to_json(agreement(o.network, o.org)))),
        "update_agreement" => {
            let mut input = agreement(o.network, o.org);
            input.title_en = Some("Renamed".into());
            (put, format!("/api/v1/agreements/{}", o.agreement), Some(to_json(input)))
        }
        "delete_agreement" => (delete, format!("/api/v1/agreements/{}", o.agreement), None),
        "list_commitments" => (get, "/api/v1/commitments".into(), None),
        "get_commitment" => (get, format!("/api/v1/commitments/{}", o.commitment), None),
        "create_commitment" | "update_commitment" => {
            let body = json!({"agreement_id": o.agreement, "organization_id": o.org.0, "title_th": "พันธะใหม่", "status": "planned"});
            if operation == "create_commitment" {
                (post, "/api/v1/commitments".into(), Some(body))
            } else {
                (put, format!("/api/v1/commitments/{}", o.commitment), Some(body))
            }
        }
        "delete_commitment" => (delete, format!("/api/v1/commitments/{}", o.commitment), None),
        "list_programmes" => (get, "/api/v1/programmes".into(), None),
        "get_programme" => (get, format!("/api/v1/programmes/{}", o.programme), None),
        "create_programme" => (post, "/api/v1/programmes".into(), Some(to_json(programme(o.org)))),
        "update_programme" => (put, format!("/api/v1/programmes/{}", o.programme), Some(to_json(programme(o.org)))),
        "delete_programme" => (delete, format!("/api/v1/programmes/{}", o.programme), None),
        "list_activities" => (get, "/api/v1/activities".into(), None),
        "get_activity" => (get, format!("/api/v1/activities/{}", o.activity), None),
        "create_activity" => (post, "/api/v1/activities".into(), Some(to_json(activity(o.org)))),
        "update_activity" => (put, format!("/api/v1/activities/{}", o.activity), Some(to_json(activity(o.org)))),
        "delete_activity" => (delete, format!("/api/v1/activities/{}", o.activity), None),
        "list_alignments" => (get, "/api/v1/alignments".into(), None),
        "get_alignment" => (get, format!("/api/v1/alignments/{}", o.alignment), None),
        "create_alignment" => (
            post,
            "/api/v1/alignments".into(),
            Some(json!({"subject_kind": "programme", "subject_id": o.programme, "item_id": FrameworkItemId::reference("sdg", "4").0})),
        ),
        "delete_alignment" => (delete, format!("/api/v1/alignments/{}", o.alignment), None),
        "list_frameworks" => (get, "/api/v1/frameworks".into(), None),
        "get_framework" => (get, format!("/api/v1/frameworks/{}", o.framework), None),
        "create_framework" => {
            let framework = s.get_framework(&o.framework).await.unwrap();
            let mut input = framework.input;
            input.code = format!("{}-new", o.framework);
            (post, "/api/v1/frameworks".into(), Some(to_json(input)))
        }
        "update_framework" => {
            let mut input = s.get_framework(&o.framework).await.unwrap().input;
            input.name_en = Some("Renamed".into());
            (put, format!("/api/v1/frameworks/{}", o.framework), Some(to_json(input)))
        }
        "delete_framework" => (delete, format!("/api/v1/frameworks/{}", o.framework), None),
        "list_framework_items" => (get, format!("/api/v1/frameworks/{}/items", o.framework), None),
        "get_framework_item" => (get, format!("/api/v1/framework-items/{}", o.item), None),
        "create_framework_item" => (post, format!("/api/v1/frameworks/{}/items", o.framework), Some(to_json(item_input("2")))),
        "update_framework_item" => (put, format!("/api/v1/framework-items/{}", o.item), Some(to_json(item_input("1")))),
        "delete_framework_item" => (delete, format!("/api/v1/framework-items/{}", o.item), None),
        "list_participants" => (get, format!("/api/v1/activities/{}/participants", o.activity), None),
        "create_participant" => (post, format!("/api/v1/activities/{}/participants", o.activity), Some(to_json(person()))),
        "get_participant" => (get, format!("/api/v1/participants/{}", o.participant), None),
        "update_participant" => (put, format!("/api/v1/participants/{}", o.participant), Some(to_json(person()))),
        "erase_participant" => (delete, format!("/api/v1/participants/{}", o.participant), None),
        "list_areas" => (get, "/api/v1/areas?level=province".into(), None),
        "get_area" => (get, "/api/v1/areas/40".into(), None),
        "list_target_groups" => (get, "/api/v1/target-groups".into(), None),
        "create_target_group" => (
            post,
            "/api/v1/target-groups".into(),
            Some(json!({"code": format!("group_{}", o.org.0.simple()), "name_th": "กลุ่ม", "name_en": "Group"})),
        ),
        "list_vocabularies" => (get, "/api/v1/vocabularies".into(), None),
        "search" => (get, "/api/v1/search?q=%E0%B8%97%E0%B8%94%E0%B8%AA%E0%B8%AD%E0%B8%9A".into(), None),
        "list_audit" => (get, "/api/v1/audit".into(), None),
        "list_plans" => (get, "/api/v1/plans".into(), None),
        "get_plan" => (get, format!("/api/v1/plans/{}", o.plan), None),
        "create_plan" => (post, "/api/v1/plans".into(), Some(to_json(plan_input(format!("new-{}", o.plan.simple()), o.network)))),
        "update_plan" => {
            let mut input = s.get_plan(PlanId(o.plan)).await.unwrap().input;
            input.title_en = Some("Renamed".into());
            (put, format!("/api/v1/plans/{}", o.plan), Some(to_json(input)))
        }
        // A plan with indicators cannot be deleted (409); the rights are checked first.
        "delete_plan" => (delete, format!("/api/v1/plans/{}", o.plan), None),
        "copy_plan" => (
            post,
            format!("/api/v1/plans/{}/copy", o.plan),
            Some(json!({"code": format!("copy-{}", o.plan.simple()), "title_th": "สำเนา", "network_id": o.network.0})),
        ),
        "plan_progress" => (get, format!("/api/v1/plans/{}/progress?fiscal_year=2567", o.plan), None),
        "list_plan_items" => (get, format!("/api/v1/plan-items?plan={}", o.plan), None),
        "get_plan_item" => (get, format!("/api/v1/plan-items/{}", o.plan_item), None),
        "create_plan_item" => (post, "/api/v1/plan-items".into(), Some(to_json(plan_item(PlanId(o.plan), None, "2", None)))),
        "update_plan_item" => {
            let mut input = s.get_plan_item(PlanItemId(o.plan_item)).await.unwrap().input;
            input.weight = 2.0;
            (put, format!("/api/v1/plan-items/{}", o.plan_item), Some(to_json(input)))
        }
        "delete_plan_item" => (delete, format!("/api/v1/plan-items/{}", o.plan_item), None),
        "list_indicators" => (get, format!("/api/v1/indicators?plan={}", o.plan), None),
        "get_indicator" => (get, format!("/api/v1/indicators/{}", o.indicator), None),
        "create_indicator" => (post, "/api/v1/indicators".into(), Some(to_json(indicator_input(PlanId(o.plan), "2.1", o.org)))),
        "update_indicator" => {
            let mut input = s.get_indicator(IndicatorId(o.indicator)).await.unwrap().input;
            input.name_en = Some("Renamed".into());
            (put, format!("/api/v1/indicators/{}", o.indicator), Some(to_json(input)))
        }
        // An indicator with values cannot be deleted (409); the rights are checked first.
        "delete_indicator" => (delete, format!("/api/v1/indicators/{}", o.indicator), None),
        "list_indicator_values" => (get, format!("/api/v1/indicators/{}/values", o.indicator), None),
        "create_indicator_value" => (post, format!("/api/v1/indicators/{}/values", o.indicator), Some(to_json(value(2568)))),
        "get_indicator_value" => (get, format!("/api/v1/indicator-values/{}", o.draft), None),
        "update_indicator_value" => (put, format!("/api/v1/indicator-values/{}", o.draft), Some(to_json(value(2569)))),
        "delete_indicator_value" => (delete, format!("/api/v1/indicator-values/{}", o.draft), None),
        "submit_indicator_value" => (post, format!("/api/v1/indicator-values/{}/submit", o.draft), None),
        "approve_indicator_value" => (post, format!("/api/v1/indicator-values/{}/approve", o.submitted), None),
        "return_indicator_value" => (post, format!("/api/v1/indicator-values/{}/return", o.submitted), None),
        "evaluate_formula" => (get, "/api/v1/indicators/evaluate?formula=count(activities)&fiscal_year=2567".into(), None),
        "evaluate_formula_by_area" => (get, "/api/v1/indicators/evaluate-by-area?formula=count(activities)&area=40".into(), None),
        "computed_indicator_values" => (get, "/api/v1/indicators/computed?fiscal_year=2567".into(), None),
        "gaps" => (get, "/api/v1/gaps?fiscal_year=2567".into(), None),
        "live" => (get, "/healthz".into(), None),
        "ready" => (get, "/readyz".into(), None),
        _ => return None,
    })
}

#[tokio::test]
async fn every_operation_for_every_role_over_its_own_scope_and_another() {
    let document = serde_json::to_value(phakhi_web::openapi()).unwrap();
    let operations: Vec<String> = document["paths"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|item| item.as_object().unwrap().values().filter_map(|op| op["operationId"].as_str().map(str::to_owned)))
        .collect();
    assert!(operations.len() >= 50, "the OpenAPI document lists {} operations", operations.len());
    for db in phakhi_test_support::stores().await {
        let b = db.backend;
        let mut m = Matrix::new(db.store.clone()).await;
        let mut failures = Vec::new();
        // Records are made afresh only after an attempt that may have changed them (an allowed write,
        // or a refused one that changed something): a read or a refused write leaves them as they
        // were, checked below, so the next attempt can use them. The database then grows with the
        // allowed writes only, and the snapshot taken after a refused write is the next one's before.
        let mut owned = m.owned().await;
        let mut unchanged_since: Option<Value> = None;
        for operation in &operations {
            for who in EVERYONE {
                let Some((method, uri, body)) = request(&m, operation, &owned).await else {
                    panic!("the authorisation matrix has no row for {operation}: add it to `request` and `allowed`");
                };
                let token = m.token(who, &owned).await;
                let expect_allowed = allowed(operation, who);
                // A refused write must change nothing: compare everything before and after.
                let snapshot = async || serde_json::to_value(m.store.export().await.unwrap()).unwrap();
                let before = match (expect_allowed || method == Method::GET, unchanged_since.take()) {
                    (true, _) => Value::Null,
                    (false, Some(known)) => known,
                    (false, None) => snapshot().await,
                };
                let status = m.send(method.clone(), &uri, token.as_deref(), body).await;
                let ok = if expect_allowed {
                    // Allowed: not refused on rights (a delete may still meet a 409 conflict).
                    status.is_success() || status == StatusCode::CONFLICT
                } else {
                    let refused = if who == Who::Anonymous { StatusCode::UNAUTHORIZED } else { StatusCode::FORBIDDEN };
                    let after = if method == Method::GET { Value::Null } else { snapshot().await };
                    let same = before == after;
                    if same && method != Method::GET {
                        unchanged_since = Some(after);
                    }
                    status == refused && same
                };
                if method != Method::GET && (expect_allowed || !ok) {
                    owned = m.owned().await;
                    unchanged_since = None;
                }
                if !ok {
                    failures.push(format!(
                        "{operation} as {who:?}: {method} {uri} answered {status} (expected {})",
                        if expect_allowed { "allowed" } else { "refused, nothing changed" }
                    ));
                }
            }
        }
        assert!(
            failures.is_empty(),
            "{b}: {} of {} attempts wrong:\n{}",
            failures.len(),
            operations.len() * EVERYONE.len(),
            failures.join("\n")
        );
    }
}

/// The indicator page offers the value form and the workflow buttons by `Store::indicator_rights`:
/// for every role it must say exactly what the matrix above allows.
#[tokio::test]
async fn indicator_rights_agree_with_what_the_store_allows() {
    for db in phakhi_test_support::stores().await {
        let mut m = Matrix::new(db.store.clone()).await;
        let owned = m.owned().await;
        for who in EVERYONE {
            let principal = match m.grant(who, &owned) {
                Some(grant) => Principal { user_id: Some(uuid::Uuid::new_v4()), label: format!("{who:?}"), grants: vec![grant] },
                None => Principal::anonymous(),
            };
            let store = m.store.acting_as(Actor { principal, ip: None });
            let rights = store.indicator_rights(IndicatorId(owned.indicator)).await.unwrap();
            let expected = phakhi_store::IndicatorRights {
                enter: allowed("submit_indicator_value", who),
                review: allowed("approve_indicator_value", who),
                see_private: allowed("get_indicator_value", who),
            };
            assert_eq!(rights, expected, "{}: {who:?}", db.backend);
        }
    }
}
