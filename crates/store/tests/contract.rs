//! The storage contract: every case runs against SQLite and (when reachable) PostgreSQL, each in an
//! isolated database, and must behave identically.

use std::sync::Arc;

use chrono::{NaiveDate, TimeZone, Utc};
use phakhi_domain::activity::{ActivityInput, ActivityKind, AttendanceMode};
use phakhi_domain::agreement::{AgreementInput, AgreementParty, AgreementStatus, PartyRole};
use phakhi_domain::alignment::{AlignmentInput, SubjectKind};
use phakhi_domain::area::AreaLevel;
use phakhi_domain::commitment::{CommitmentInput, CommitmentStatus, ProgressUpdate};
use phakhi_domain::framework::{FrameworkInput, FrameworkItemInput, FrameworkKind};
use phakhi_domain::network::{MemberRole, NetworkInput, NetworkMember};
use phakhi_domain::organization::{OrganizationInput, OrganizationStatus, Sector};
use phakhi_domain::participation::{AgeBand, Gender, ParticipationCell};
use phakhi_domain::programme::{ProgrammeInput, ProgrammeStatus};
use phakhi_domain::target_group::TargetGroup;
use phakhi_domain::*;
use phakhi_store::*;
use phakhi_test_support::stores;

fn org(name: &str, sector: Sector, area: Option<&str>) -> OrganizationInput {
    OrganizationInput {
        name_th: name.into(),
        name_en: None,
        abbreviation: None,
        sector,
        parent_id: None,
        area_code: area.map(Into::into),
        website: None,
        status: OrganizationStatus::Active,
        description_th: None,
        description_en: None,
    }
}

fn agreement(parties: &[OrganizationId]) -> AgreementInput {
    AgreementInput {
        title_th: "บันทึกความร่วมมือทดสอบ".into(),
        title_en: Some("Test MOU".into()),
        themes: vec!["ความเสมอภาคทางเพศ".into()],
        signed_on: NaiveDate::from_ymd_opt(2024, 7, 5),
        place_th: None,
        place_en: None,
        area_code: Some("40".into()),
        term_start: None,
        term_end: None,
        declared_signatories: Some(62),
        status: AgreementStatus::Signed,
        network_id: None,
        notes_th: None,
        notes_en: None,
        parties: parties
            .iter()
            .map(|&organization_id| AgreementParty { organization_id, role: PartyRole::Signatory, signed_by: None })
            .collect(),
        documents: vec![],
    }
}

fn programme(lead: OrganizationId, fiscal_year: i32) -> ProgrammeInput {
    ProgrammeInput {
        title_th: "SMART GENDER".into(),
        title_en: None,
        description_th: None,
        description_en: None,
        fiscal_year: FiscalYear::from_be(fiscal_year).unwrap(),
        budget_baht: None,
        budget_source: None,
        lead_organization_id: lead,
        partner_organization_ids: vec![],
        target_groups: vec!["lgbtq".into(), "children_youth".into()],
        area_code: Some("4001".into()),
        starts_on: None,
        ends_on: None,
        status: ProgrammeStatus::Active,
    }
}

fn activity(lead: OrganizationId, starts_at: chrono::DateTime<Utc>) -> ActivityInput {
    ActivityInput {
        programme_id: None,
        kind: ActivityKind::Training,
        title_th: "อบรมเยาวชน".into(),
        title_en: None,
        description_th: None,
        description_en: None,
        starts_at,
        ends_at: None,
        venue_th: None,
        venue_en: None,
        area_code: Some("40".into()),
        hours: Some(3.0),
        mode: AttendanceMode::Onsite,
        lead_organization_id: Some(lead),
        partner_organization_ids: vec![],
        target_groups: vec![],
        volunteer_hours: None,
        participation: vec![
            ParticipationCell {
                gender: Gender::Female,
                age_band: AgeBand::Youth,
                target_group: Some("children_youth".into()),
                nationality: Some("TH".into()),
                count: 12,
            },
            ParticipationCell { gender: Gender::GenderDiverse, age_band: AgeBand::Youth, target_group: None, nationality: None, count: 7 },
        ],
    }
}

fn fields(e: StoreError) -> Vec<String> {
    match e {
        StoreError::Invalid(v) => v.into_vec().into_iter().map(|v| v.field).collect(),
        other => panic!("expected invalid input, got {other:?}"),
    }
}

type S = Arc<dyn Store>;

async fn each(case: impl AsyncFn(S, &'static str)) {
    for t in stores().await {
        case(t.store.clone(), t.backend).await;
    }
}

#[tokio::test]
async fn reference_data_has_the_official_counts_and_installs_once() {
    each(async |s: S, b| {
        let count =
            async |level| s.list_areas(&AreaFilter { level: Some(level), ..Default::default() }, &Page::default()).await.unwrap().total;
        assert_eq!(count(AreaLevel::Province).await, 77, "{b}");
        assert_eq!(count(AreaLevel::District).await, 928, "{b}");
        assert_eq!(count(AreaLevel::Subdistrict).await, 7436, "{b}");
        let items = async |level: &str| {
            let f = FrameworkItemFilter { framework: Some("sdg".into()), level: Some(level.into()), ..Default::default() };
            s.list_framework_items(&f, &Page::default()).await.unwrap().total
        };
        assert_eq!((items("goal").await, items("target").await, items("indicator").await), (17, 169, 251), "{b}");
        let khon_kaen = s.get_area("40").await.unwrap();
        assert_eq!((khon_kaen.name_th.as_str(), khon_kaen.iso_3166_2.as_deref()), ("ขอนแก่น", Some("TH-40")), "{b}");
        let set = phakhi_reference::reference_set().unwrap();
        assert!(!s.install_reference(&set).await.unwrap(), "{b}: a second install changes nothing");
    })
    .await;
}

#[tokio::test]
async fn organisations_round_trip_filter_and_guard_versions() {
    each(async |s: S, b| {
        let city = s.create_organization(org("เทศบาลนครขอนแก่น", Sector::LocalGovernment, Some("4001"))).await.unwrap();
        s.create_organization(org("จังหวัดเชียงใหม่", Sector::ProvincialOffice, Some("50"))).await.unwrap();
        assert_eq!(s.get_organization(city.id).await.unwrap(), city, "{b}: reads back exactly");

        let in_khon_kaen =
            s.list_organizations(&OrganizationFilter { area: Some("40".into()), ..Default::default() }, &Page::default()).await.unwrap();
        assert_eq!(in_khon_kaen.total, 1, "{b}: the province filter includes its districts");
        let by_name =
            s.list_organizations(&OrganizationFilter { q: Some("นครขอน".into()), ..Default::default() }, &Page::default()).await.unwrap();
        assert_eq!(by_name.items[0].id, city.id, "{b}");
        let page = Page { limit: 1, offset: 1, sort: Some(Sort::parse("-created_at")) };
        let second = s.list_organizations(&OrganizationFilter::default(), &page).await.unwrap();
        assert_eq!((second.total, second.items.len(), second.items[0].id), (2, 1, city.id), "{b}: sorted and paged");

        let mut renamed = city.input.clone();
        renamed.name_en = Some("Khon Kaen City Municipality".into());
        let updated = s.update_organization(city.id, Precondition::Version(1), renamed.clone()).await.unwrap();
        assert_eq!(updated.meta.version, 2, "{b}");
        let stale = s.update_organization(city.id, Precondition::Version(1), city.input.clone()).await.unwrap_err();
        assert!(matches!(stale, StoreError::VersionMismatch { current: 2 }), "{b}: {stale:?}");
        assert_eq!(s.get_organization(city.id).await.unwrap().input, renamed, "{b}: the stale write changed nothing");
    })
    .await;
}

#[tokio::test]
async fn references_to_unknown_things_are_refused_with_the_field() {
    each(async |s: S, b| {
        let e = s.create_organization(org("x", Sector::Academic, Some("99"))).await.unwrap_err();
        assert_eq!(fields(e), ["/area_code"], "{b}");
        let a = s.create_organization(org("a", Sector::Academic, None)).await.unwrap();
        let mut child = org("b", Sector::Academic, None);
        child.parent_id = Some(a.id);
        let child = s.create_organization(child).await.unwrap();
        let mut cyclic = a.input.clone();
        cyclic.parent_id = Some(child.id);
        assert_eq!(fields(s.update_organization(a.id, Precondition::Any, cyclic).await.unwrap_err()), ["/parent_id"], "{b}");
        let ghost = OrganizationId::new();
        let e = s.create_agreement(agreement(&[a.id, ghost])).await.unwrap_err();
        assert_eq!(fields(e), ["/parties/1"], "{b}");
        assert_eq!(s.list_agreements(&AgreementFilter::default(), &Page::default()).await.unwrap().total, 0, "{b}: nothing half-written");
    })
    .await;
}

#[tokio::test]
async fn agreements_count_signatories_and_protect_commitments() {
    each(async |s: S, b| {
        let p = s.create_organization(org("จังหวัดขอนแก่น", Sector::ProvincialOffice, Some("40"))).await.unwrap();
        let q = s.create_organization(org("IGDN", Sector::CivilSociety, Some("40"))).await.unwrap();
        let outsider = s.create_organization(org("other", Sector::Academic, None)).await.unwrap();
        let mou = s.create_agreement(agreement(&[p.id, q.id])).await.unwrap();
        assert_eq!((mou.input.declared_signatories, mou.registered_signatories), (Some(62), 2), "{b}");

        let mut c = CommitmentInput {
            agreement_id: mou.id,
            organization_id: outsider.id,
            title_th: "แต่งตั้งคณะทำงาน".into(),
            title_en: None,
            description_th: None,
            description_en: None,
            status: CommitmentStatus::Planned,
            deliverables: vec![],
            progress: vec![ProgressUpdate {
                reported_on: NaiveDate::from_ymd_opt(2024, 8, 1).unwrap(),
                percent: 20,
                narrative_th: None,
                narrative_en: None,
            }],
        };
        assert_eq!(fields(s.create_commitment(c.clone()).await.unwrap_err()), ["/organization_id"], "{b}: only parties commit");
        c.organization_id = p.id;
        let commitment = s.create_commitment(c).await.unwrap();
        let read = s.get_agreement(mou.id).await.unwrap();
        assert_eq!(read.commitments.as_deref(), Some(&[commitment.clone()][..]), "{b}: the agreement shows its commitments");

        let mut without_p = mou.input.clone();
        without_p.parties.remove(0);
        assert_eq!(fields(s.update_agreement(mou.id, Precondition::Any, without_p).await.unwrap_err()), ["/parties"], "{b}");
        assert!(matches!(s.delete_agreement(mou.id, Precondition::Any).await.unwrap_err(), StoreError::Conflict { .. }), "{b}");
        assert!(
            matches!(s.delete_organization(p.id, Precondition::Any).await.unwrap_err(), StoreError::Conflict { .. }),
            "{b}: a signatory cannot vanish"
        );
        assert_eq!(s.get_organization(p.id).await.unwrap(), p, "{b}");

        s.delete_commitment(commitment.id, Precondition::Version(1)).await.unwrap();
        s.delete_agreement(mou.id, Precondition::Version(1)).await.unwrap();
        assert!(matches!(s.get_agreement(mou.id).await.unwrap_err(), StoreError::NotFound { .. }), "{b}");
    })
    .await;
}

#[tokio::test]
async fn programmes_and_activities_filter_by_year_group_and_alignment() {
    each(async |s: S, b| {
        let city = s.create_organization(org("เทศบาลนครขอนแก่น", Sector::LocalGovernment, Some("4001"))).await.unwrap();
        let smart = s.create_programme(programme(city.id, 2567)).await.unwrap();
        s.create_programme(programme(city.id, 2566)).await.unwrap();
        let fy = |y| ProgrammeFilter { fiscal_year: Some(FiscalYear::from_be(y).unwrap()), ..Default::default() };
        assert_eq!(s.list_programmes(&fy(2567), &Page::default()).await.unwrap().total, 1, "{b}");
        let lgbtq = ProgrammeFilter { target_group: Some("lgbtq".into()), ..Default::default() };
        assert_eq!(s.list_programmes(&lgbtq, &Page::default()).await.unwrap().total, 2, "{b}");

        // Aligned to target 5.1, the programme is found under goal 5 as well.
        let target = FrameworkItemId::reference("sdg", "5.1");
        s.create_alignment(AlignmentInput { subject_kind: SubjectKind::Programme, subject_id: smart.id.0, item_id: target, note: None })
            .await
            .unwrap();
        let under_goal = ProgrammeFilter { aligned_to: ItemRef::parse("sdg:5"), ..Default::default() };
        let found = s.list_programmes(&under_goal, &Page::default()).await.unwrap();
        assert_eq!(found.items.iter().map(|p| p.id).collect::<Vec<_>>(), [smart.id], "{b}");
        let dup = s
            .create_alignment(AlignmentInput { subject_kind: SubjectKind::Programme, subject_id: smart.id.0, item_id: target, note: None })
            .await;
        assert!(matches!(dup.unwrap_err(), StoreError::Conflict { .. }), "{b}");
        let missing = s
            .create_alignment(AlignmentInput {
                subject_kind: SubjectKind::Programme,
                subject_id: smart.id.0,
                item_id: FrameworkItemId::new(),
                note: None,
            })
            .await;
        assert_eq!(fields(missing.unwrap_err()), ["/item_id"], "{b}");

        // 1 Oct 2023 01:00 in Thailand is 30 Sep 18:00 UTC, already fiscal year 2567.
        let early = s.create_activity(activity(city.id, Utc.with_ymd_and_hms(2023, 9, 30, 18, 0, 0).unwrap())).await.unwrap();
        assert_eq!(early.participation_summary.total, 19, "{b}");
        assert_eq!(s.get_activity(early.id).await.unwrap(), early, "{b}: participation reads back exactly");
        let in_2567 = ActivityFilter { fiscal_year: Some(FiscalYear::from_be(2567).unwrap()), ..Default::default() };
        assert_eq!(s.list_activities(&in_2567, &Page::default()).await.unwrap().total, 1, "{b}");
        let in_2566 = ActivityFilter { fiscal_year: Some(FiscalYear::from_be(2566).unwrap()), ..Default::default() };
        assert_eq!(s.list_activities(&in_2566, &Page::default()).await.unwrap().total, 0, "{b}");

        s.delete_programme(smart.id, Precondition::Any).await.unwrap();
        let left =
            s.list_alignments(&AlignmentFilter { subject_id: Some(smart.id.0), ..Default::default() }, &Page::default()).await.unwrap();
        assert_eq!(left.total, 0, "{b}: alignments go with their subject");
    })
    .await;
}

#[tokio::test]
async fn the_overview_counts_one_fiscal_year_by_sector_gender_goal_province_and_month() {
    each(async |s: S, b| {
        let city = s.create_organization(org("เทศบาลนครขอนแก่น", Sector::LocalGovernment, Some("4001"))).await.unwrap();
        s.create_organization(org("มหาวิทยาลัยขอนแก่น", Sector::Academic, Some("40"))).await.unwrap();
        let smart = s.create_programme(programme(city.id, 2567)).await.unwrap();
        s.create_programme(programme(city.id, 2566)).await.unwrap();
        s.create_alignment(AlignmentInput {
            subject_kind: SubjectKind::Programme,
            subject_id: smart.id.0,
            item_id: FrameworkItemId::reference("sdg", "5.1"),
            note: None,
        })
        .await
        .unwrap();
        // 30 Sep 2024 23:30 in Thailand is still fiscal year 2567 and still September there.
        let late = s.create_activity(activity(city.id, Utc.with_ymd_and_hms(2024, 9, 30, 16, 30, 0).unwrap())).await.unwrap();
        s.create_alignment(AlignmentInput {
            subject_kind: SubjectKind::Activity,
            subject_id: late.id.0,
            item_id: FrameworkItemId::reference("sdg", "4"),
            note: None,
        })
        .await
        .unwrap();
        // 30 Sep 2024 17:00 UTC is 1 Oct in Thailand: fiscal year 2568, not counted.
        s.create_activity(activity(city.id, Utc.with_ymd_and_hms(2024, 9, 30, 17, 0, 0).unwrap())).await.unwrap();

        let o = s.overview(FiscalYear::from_be(2567).unwrap()).await.unwrap();
        let tally = |v: &[Tally], code: &str| v.iter().find(|t| t.code == code).map_or(0, |t| t.count);
        assert_eq!(tally(&o.organizations_by_sector, "local_government"), 1, "{b}");
        assert_eq!(tally(&o.organizations_by_sector, "academic"), 1, "{b}");
        assert_eq!((o.programmes, o.activities, o.participants), (1, 1, 19), "{b}");
        assert_eq!(tally(&o.participants_by_gender, "female"), 12, "{b}");
        assert_eq!(tally(&o.participants_by_gender, "gender_diverse"), 7, "{b}");
        assert_eq!(tally(&o.participants_by_target_group, "children_youth"), 12, "{b}");
        assert_eq!(tally(&o.participants_by_target_group, "not_stated"), 7, "{b}");
        assert_eq!(o.sdg_goals.len(), 17, "{b}: every goal, covered or not");
        let goal = |code: &str| o.sdg_goals.iter().find(|g| g.code == code).unwrap().clone();
        assert_eq!((goal("5").programmes, goal("5").activities), (1, 0), "{b}: a target's programme counts for its goal");
        assert_eq!((goal("4").programmes, goal("4").activities), (0, 1), "{b}");
        assert_eq!((goal("1").programmes, goal("1").activities), (0, 0), "{b}");
        assert_eq!(o.by_province, [ActivityTally { key: "40".into(), activities: 1, participants: 19 }], "{b}");
        assert_eq!(o.by_month, [ActivityTally { key: "2024-09".into(), activities: 1, participants: 19 }], "{b}: months in Thai time");
        let years: Vec<i32> = o.fiscal_years_with_records.iter().map(|y| y.be()).collect();
        assert_eq!(years, [2568, 2567, 2566], "{b}");
    })
    .await;
}

#[tokio::test]
async fn built_in_frameworks_are_read_only_and_plans_form_trees() {
    each(async |s: S, b| {
        let sdg = s.get_framework("sdg").await.unwrap();
        assert!(sdg.builtin, "{b}");
        assert!(
            matches!(s.update_framework("sdg", Precondition::Any, sdg.input.clone()).await.unwrap_err(), StoreError::Conflict { .. }),
            "{b}"
        );
        let plan = s
            .create_framework(FrameworkInput {
                code: "cm-hr-plan".into(),
                kind: FrameworkKind::ProvincialPlan,
                name_th: "แผนสิทธิมนุษยชนจังหวัดเชียงใหม่".into(),
                name_en: None,
                publisher: None,
                url: None,
                description_th: None,
                description_en: None,
            })
            .await
            .unwrap();
        let item = |code: &str, parent| FrameworkItemInput {
            code: code.into(),
            parent_id: parent,
            level: "strategy".into(),
            title_th: Some("ยุทธศาสตร์".into()),
            title_en: None,
            position: 0,
            colour: None,
        };
        let strategy = s.create_framework_item("cm-hr-plan", item("1", None)).await.unwrap();
        s.create_framework_item("cm-hr-plan", item("1.1", Some(strategy.id))).await.unwrap();
        let sdg_goal = FrameworkItemId::reference("sdg", "1");
        assert_eq!(fields(s.create_framework_item("cm-hr-plan", item("2", Some(sdg_goal))).await.unwrap_err()), ["/parent_id"], "{b}");
        let children = FrameworkItemFilter { parent: Some(strategy.id), ..Default::default() };
        assert_eq!(s.list_framework_items(&children, &Page::default()).await.unwrap().total, 1, "{b}");
        assert!(
            matches!(s.delete_framework_item(strategy.id, Precondition::Any).await.unwrap_err(), StoreError::Conflict { .. }),
            "{b}: it has a child"
        );
        s.delete_framework("cm-hr-plan", Precondition::Version(plan.meta.version)).await.unwrap();
    })
    .await;
}

#[tokio::test]
async fn export_then_import_into_an_empty_database_round_trips_exactly() {
    let source = phakhi_test_support::sqlite().await;
    let s = &source.store;
    let p = s.create_organization(org("จังหวัดขอนแก่น", Sector::ProvincialOffice, Some("40"))).await.unwrap();
    let mut unit = org("สำนักงาน", Sector::ProvincialOffice, Some("40"));
    unit.parent_id = Some(p.id);
    let unit = s.create_organization(unit).await.unwrap();
    s.create_target_group(TargetGroup {
        code: "forum_members".into(),
        name_th: "สมาชิกเวที".into(),
        name_en: "Forum members".into(),
        builtin: false,
    })
    .await
    .unwrap();
    let net = s
        .create_network(NetworkInput {
            name_th: "เครือข่าย".into(),
            name_en: None,
            instrument: Some("คำสั่ง ที่ 2/2566".into()),
            established_on: None,
            area_code: Some("40".into()),
            description_th: None,
            description_en: None,
            members: vec![NetworkMember { organization_id: unit.id, role: MemberRole::Chair, represented_by: None, joined_on: None }],
        })
        .await
        .unwrap();
    let mut mou = agreement(&[p.id, unit.id]);
    mou.network_id = Some(net.id);
    let mou = s.create_agreement(mou).await.unwrap();
    let prog = s.create_programme(programme(p.id, 2567)).await.unwrap();
    let mut act = activity(unit.id, Utc.with_ymd_and_hms(2024, 2, 23, 2, 0, 0).unwrap());
    act.programme_id = Some(prog.id);
    s.create_activity(act).await.unwrap();
    s.create_alignment(AlignmentInput {
        subject_kind: SubjectKind::Agreement,
        subject_id: mou.id.0,
        item_id: FrameworkItemId::reference("sdg", "5"),
        note: Some("เพศ".into()),
    })
    .await
    .unwrap();
    let first = s.export().await.unwrap();
    assert_eq!((first.organizations.len(), first.agreements.len(), first.activities.len(), first.alignments.len()), (2, 1, 1, 1));

    for target in stores().await {
        target.store.import(&first).await.unwrap_or_else(|e| panic!("{}: {e}", target.backend));
        let second = target.store.export().await.unwrap();
        assert_eq!(serde_json::to_value(&second).unwrap(), serde_json::to_value(&first).unwrap(), "{}", target.backend);
        let again = target.store.import(&first).await.unwrap_err();
        assert!(matches!(again, StoreError::Conflict { .. }), "{}: only into an empty database", target.backend);
    }
}

#[tokio::test]
async fn concurrent_writes_all_succeed() {
    each(async |s: S, b| {
        let tasks: Vec<_> = (0..40)
            .map(|i| {
                let s = s.clone();
                tokio::spawn(async move {
                    s.create_organization(org(&format!("องค์กร {i}"), Sector::CommunityGroup, Some("40"))).await
                })
            })
            .collect();
        for t in tasks {
            t.await.unwrap().unwrap_or_else(|e| panic!("{b}: {e}"));
        }
        assert_eq!(s.list_organizations(&OrganizationFilter::default(), &Page::default()).await.unwrap().total, 40, "{b}");
    })
    .await;
}

/// The two migration histories must describe the same tables and columns (the search index is
/// dialect-specific by design: FTS5 on SQLite, a tsvector on PostgreSQL).
#[tokio::test]
async fn both_schemas_have_the_same_tables_and_columns() {
    use std::collections::BTreeSet;
    let sqlite = phakhi_test_support::sqlite().await;
    let Some(postgres) = phakhi_test_support::postgres().await else { return };
    let lite = sqlx::SqlitePool::connect(&sqlite.url).await.unwrap();
    let lite_columns: BTreeSet<(String, String)> = sqlx::query_as(
        "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p \
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '_sqlx%' AND m.name NOT LIKE 'search_%'",
    )
    .fetch_all(&lite)
    .await
    .unwrap()
    .into_iter()
    .collect();
    let pg = sqlx::PgPool::connect(&postgres.url).await.unwrap();
    let pg_columns: BTreeSet<(String, String)> = sqlx::query_as(
        "SELECT table_name::text, column_name::text FROM information_schema.columns \
         WHERE table_schema = current_schema() AND table_name NOT LIKE '\\_sqlx%' AND table_name NOT LIKE 'search\\_%'",
    )
    .fetch_all(&pg)
    .await
    .unwrap()
    .into_iter()
    .collect();
    assert!(lite_columns.len() > 100, "{} columns", lite_columns.len());
    assert_eq!(lite_columns, pg_columns);
    pg.close().await;
    lite.close().await;
}

fn search(q: &str) -> SearchRequest {
    SearchRequest { q: q.into(), ..Default::default() }
}

async fn found(s: &S, request: &SearchRequest) -> Vec<uuid::Uuid> {
    s.search(request, &Page::default()).await.unwrap().hits.into_iter().map(|h| h.id).collect()
}

#[tokio::test]
async fn records_are_searchable_the_moment_they_are_written() {
    each(async |s: S, b| {
        let mut foundation = org("มูลนิธิส่งเสริมสิทธิมนุษยชน", Sector::CivilSociety, Some("50"));
        foundation.name_en = Some("Human Rights Promotion Foundation".into());
        let foundation = s.create_organization(foundation).await.unwrap();
        let city = s.create_organization(org("เทศบาลนครขอนแก่น", Sector::LocalGovernment, Some("4001"))).await.unwrap();
        let mut p = programme(city.id, 2567);
        p.title_th = "SMART GENDER ขอนแก่น".into();
        p.title_en = Some("Khon Kaen learning city".into());
        let p = s.create_programme(p).await.unwrap();

        assert_eq!(found(&s, &search("มนุษยชน")).await, [foundation.id.0], "{b}: a word inside a Thai compound");
        assert_eq!(found(&s, &search("สิทธิมนุษยชน เชียงใหม่")).await, Vec::<uuid::Uuid>::new(), "{b}: every word must match");
        assert!(found(&s, &search("learning cities")).await.contains(&p.id.0), "{b}: English is stemmed");
        assert!(found(&s, &search("SMART gend")).await.is_empty(), "{b}: without prefix, gend is a whole word");
        let typeahead = SearchRequest { q: "SMART GEN".into(), prefix: true, ..Default::default() };
        assert_eq!(found(&s, &typeahead).await, [p.id.0], "{b}: the word being typed is a prefix");

        let typo = s.search(&search("lerning"), &Page::default()).await.unwrap();
        assert_eq!(typo.corrected_query.as_deref(), Some("learn"), "{b}");
        assert!(typo.hits.iter().any(|h| h.id == p.id.0), "{b}: one typo in an English word is forgiven");

        let everything = s.search(&search("ขอนแก่น"), &Page::default()).await.unwrap();
        assert_eq!(everything.facets.kind.get("organization"), Some(&1), "{b}: {:?}", everything.facets);
        assert_eq!(everything.facets.province.get("40"), Some(&2), "{b}: {:?}", everything.facets);
        let only = SearchRequest { q: "ขอนแก่น".into(), kind: Some("programme".into()), ..Default::default() };
        assert_eq!(found(&s, &only).await, [p.id.0], "{b}");
        assert!(
            everything.hits.iter().any(|h| h.snippet.contains("<mark>")) || everything.hits.iter().all(|h| h.snippet.is_empty()),
            "{b}"
        );

        let sdg = s.search(&search("gender equality"), &Page::default()).await.unwrap();
        assert_eq!(sdg.hits.first().map(|h| h.id), Some(FrameworkItemId::reference("sdg", "5").0), "{b}: the goal ranks first");

        let mut renamed = city.input.clone();
        renamed.name_th = "เทศบาลนครเชียงใหม่".into();
        s.update_organization(city.id, Precondition::Any, renamed).await.unwrap();
        assert!(!found(&s, &search("ขอนแก่น")).await.contains(&city.id.0), "{b}: the old name is gone");
        assert!(found(&s, &search("เชียงใหม่")).await.contains(&city.id.0), "{b}: the new name is found");
        s.delete_programme(p.id, Precondition::Any).await.unwrap();
        assert!(!found(&s, &search("learning")).await.contains(&p.id.0), "{b}: deleted records are not found");

        let indexed = s.reindex().await.unwrap();
        assert!(indexed >= 2 + 452, "{b}: {indexed}");
        assert_eq!(found(&s, &search("มนุษยชน")).await, [foundation.id.0], "{b}: the rebuilt index finds the same");

        // Characters that end a field or a line in PostgreSQL's COPY text, or escape one.
        let mut input = org("ชมรม \\ O'Brien", Sector::CivilSociety, Some("4001"));
        input.description_th = Some("บรรทัดแรก\tมีแท็บ\r\nบรรทัดที่สอง \\N ไม่ใช่ค่าว่าง".into());
        let awkward = s.create_organization(input).await.unwrap();
        assert_eq!(found(&s, &search("O'Brien")).await, [awkward.id.0], "{b}: a record with a tab, line breaks and backslashes is indexed");
        assert_eq!(found(&s, &search("บรรทัดที่สอง")).await, [awkward.id.0], "{b}: past its line break");
        assert_eq!(s.reindex().await.unwrap(), indexed + 1, "{b}: a second rebuild, over the first, indexes every record");
        assert_eq!(found(&s, &search("O'Brien")).await, [awkward.id.0], "{b}: and finds them");
        let hit = s.search(&search("O'Brien"), &Page::default()).await.unwrap().hits.remove(0);
        assert_eq!(hit.title_th, "ชมรม \\ O'Brien", "{b}: the title comes back as written");
        let later = s.create_organization(org("สมาคมหลังการสร้างดัชนีใหม่", Sector::CivilSociety, None)).await.unwrap();
        assert_eq!(found(&s, &search("สมาคมหลังการสร้างดัชนีใหม่")).await, [later.id.0], "{b}: the rebuilt index takes new records");
        s.delete_organization(later.id, Precondition::Any).await.unwrap();
        assert!(found(&s, &search("สมาคมหลังการสร้างดัชนีใหม่")).await.is_empty(), "{b}: and lets them go");
    })
    .await;
}

#[tokio::test]
async fn accounts_sessions_tokens_and_resets_behave_alike_on_both_databases() {
    use chrono::Duration;
    use phakhi_domain::access::{Grant, Principal, Role, Scope};
    use phakhi_store::accounts::{Actor, AuditFilter, NewUser, SessionRecord};
    each(async |s: S, b| {
        let org = s.create_organization(org("เทศบาลนครขอนแก่น", Sector::LocalGovernment, Some("4001"))).await.unwrap();
        let editor = Grant { role: Role::Editor, scope: Scope::Organization(org.id) };
        let user = s
            .create_user(NewUser {
                email: "Somchai@Example.org".into(),
                display_name: "สมชาย".into(),
                password_hash: Some("$argon2id$x".into()),
                grants: vec![editor],
            })
            .await
            .unwrap();
        assert_eq!(user.email, "somchai@example.org", "{b}: emails are stored in lower case");
        let duplicate = s
            .create_user(NewUser { email: "SOMCHAI@example.org".into(), display_name: "x".into(), password_hash: None, grants: vec![] })
            .await;
        assert!(matches!(duplicate, Err(StoreError::Conflict { .. })), "{b}");
        let ill_formed = Grant { role: Role::Editor, scope: Scope::Platform };
        assert!(matches!(s.add_grant(user.id, ill_formed).await, Err(StoreError::Invalid(_))), "{b}");
        let found = s.credentials("somchai@EXAMPLE.org").await.unwrap().expect("found without regard to case");
        assert_eq!((found.user.grants.clone(), found.password_hash.as_deref()), (vec![editor], Some("$argon2id$x")), "{b}");

        // Sessions: live until they expire or end.
        let session = |hash: &str, hours: i64| SessionRecord {
            token_hash: hash.into(),
            user_id: user.id,
            csrf_token: "csrf".into(),
            expires_at: Utc::now() + Duration::hours(hours),
            ip: Some("203.0.113.7".into()),
        };
        s.create_session(session("live", 1)).await.unwrap();
        s.create_session(session("stale", -1)).await.unwrap();
        let live = s.session("live").await.unwrap().expect("a live session");
        assert_eq!(
            (live.principal.user_id, live.principal.grants.clone(), live.csrf_token.as_str()),
            (Some(user.id), vec![editor], "csrf"),
            "{b}"
        );
        assert!(s.session("stale").await.unwrap().is_none(), "{b}: expired");
        s.end_session("live").await.unwrap();
        assert!(s.session("live").await.unwrap().is_none(), "{b}: ended");

        // API tokens: act for the account until revoked.
        let token = s.create_api_token(user.id, "integration", "token-hash").await.unwrap();
        assert_eq!(s.api_token_principal("token-hash").await.unwrap().and_then(|p| p.user_id), Some(user.id), "{b}");
        s.revoke_api_token(token.id).await.unwrap();
        assert!(s.api_token_principal("token-hash").await.unwrap().is_none(), "{b}: revoked");

        // A reset link works once and ends the sessions opened with the old password.
        s.create_session(session("before-reset", 1)).await.unwrap();
        s.create_password_reset(user.id, "reset-hash", Utc::now() + Duration::hours(1)).await.unwrap();
        assert!(s.reset_password("reset-hash", "$argon2id$new").await.unwrap(), "{b}");
        assert!(!s.reset_password("reset-hash", "$argon2id$again").await.unwrap(), "{b}: only once");
        assert_eq!(s.credentials("somchai@example.org").await.unwrap().unwrap().password_hash.as_deref(), Some("$argon2id$new"), "{b}");
        assert!(s.session("before-reset").await.unwrap().is_none(), "{b}: old sessions ended");

        // Sign-in attempts count per key within a window; failures lock.
        s.record_sign_in_attempt("ip:203.0.113.7").await.unwrap();
        s.record_sign_in_attempt("ip:203.0.113.7").await.unwrap();
        assert_eq!(s.count_sign_in_attempts("ip:203.0.113.7", Utc::now() - Duration::minutes(15)).await.unwrap(), 2, "{b}");
        s.note_sign_in(user.id, false, Some(Utc::now() + Duration::minutes(15))).await.unwrap();
        let locked = s.credentials("somchai@example.org").await.unwrap().unwrap();
        assert_eq!(locked.failed_sign_ins, 1, "{b}");
        assert!(locked.locked_until.is_some(), "{b}");

        // Acting for the editor: their own organisation yes, a new network no, the public nothing.
        let principal = Principal { user_id: Some(user.id), label: user.email.clone(), grants: vec![editor] };
        let as_editor = s.acting_as(Actor { principal, ip: Some("203.0.113.7".into()) });
        let mut renamed = org.input.clone();
        renamed.name_en = Some("Khon Kaen City Municipality".into());
        as_editor.update_organization(org.id, Precondition::Any, renamed).await.unwrap();
        let network = NetworkInput {
            name_th: "เครือข่ายใหม่".into(),
            name_en: None,
            instrument: None,
            established_on: None,
            area_code: None,
            description_th: None,
            description_en: None,
            members: vec![],
        };
        assert!(matches!(as_editor.create_network(network.clone()).await, Err(StoreError::Forbidden { .. })), "{b}");
        let public = s.acting_as(Actor { principal: Principal::anonymous(), ip: None });
        assert!(matches!(public.create_network(network).await, Err(StoreError::Unauthenticated)), "{b}");
        assert!(matches!(public.list_users().await, Err(StoreError::Unauthenticated)), "{b}: accounts are not public");

        let log = s.list_audit(&AuditFilter { entity_id: Some(org.id.0), ..Default::default() }, &Page::default()).await.unwrap();
        let who: Vec<(&str, &str, Option<&str>)> =
            log.items.iter().map(|e| (e.action.as_str(), e.actor.as_str(), e.ip.as_deref())).collect();
        assert_eq!(who, [("update", "somchai@example.org", Some("203.0.113.7")), ("create", "system", None)], "{b}");
        assert_eq!(log.items[0].after.as_ref().unwrap()["name_en"], "Khon Kaen City Municipality", "{b}");
    })
    .await;
}
