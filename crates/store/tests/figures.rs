//! The yearly figures the dashboard reads (`year_figures`, decision 28) stay equal to the figures
//! summed from the records, on SQLite and PostgreSQL, after every kind of write that changes them:
//! activities created, moved to another year and province, given other cells, deleted; personal
//! participant records counted in and out of cells; alignments to SDG goals added and removed;
//! programmes moved between years; batches bulk-loaded (one aligning an activity loaded before); a
//! dump imported into the empty database; and the backfill of migration 0009 run over the records.
//! Each organisation's work (`organization_work`, decision 45) is checked after every write the same way,
//! and after writes at once on one organisation's year.
//!
//! The reference is computed in Rust from the records as `Store::export` returns them, with the
//! fiscal year and month of each activity taken from `FiscalYear::containing` in Thai time: it shares
//! no SQL with the store.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use chrono::{DateTime, Duration, TimeZone, Utc};
use phakhi_domain::activity::{Activity, ActivityInput, ActivityKind, AttendanceMode};
use phakhi_domain::alignment::{Alignment, AlignmentInput, SubjectKind};
use phakhi_domain::organization::{Organization, OrganizationInput, OrganizationStatus, Sector};
use phakhi_domain::participant::{Consent, ParticipantInput};
use phakhi_domain::participation::{AgeBand, Gender, ParticipationCell};
use phakhi_domain::programme::{Programme, ProgrammeInput, ProgrammeStatus};
use phakhi_domain::*;
use phakhi_generate::{Generator, Plan};
use phakhi_store::*;
use phakhi_test_support::{TestStore, stores};

type S = Arc<dyn Store>;

/// The SDG goal of every SDG item, and the goals in order, from the reference data.
struct Goals {
    of: HashMap<FrameworkItemId, String>,
    in_order: Vec<String>,
}

impl Goals {
    fn from_reference() -> Self {
        let set = phakhi_reference::reference_set().unwrap();
        let sdg = set.frameworks.iter().find(|f| f.input.code == "sdg").expect("the SDG framework");
        let parent: HashMap<FrameworkItemId, Option<FrameworkItemId>> = sdg.items.iter().map(|(id, i)| (*id, i.parent_id)).collect();
        let code: HashMap<FrameworkItemId, &str> = sdg.items.iter().map(|(id, i)| (*id, i.code.as_str())).collect();
        let mut of = HashMap::new();
        for id in parent.keys() {
            let mut top = *id;
            while let Some(Some(p)) = parent.get(&top) {
                top = *p;
            }
            of.insert(*id, code[&top].to_owned());
        }
        let mut roots: Vec<_> =
            sdg.items.iter().filter(|(_, i)| i.parent_id.is_none()).map(|(_, i)| (i.position, i.code.clone())).collect();
        roots.sort();
        Self { of, in_order: roots.into_iter().map(|(_, c)| c).collect() }
    }
}

/// The fiscal year and month (`YYYY-MM`) an instant falls in, in Thai time.
fn thai_year_and_month(t: DateTime<Utc>) -> (FiscalYear, String) {
    let thai = (t + Duration::hours(7)).date_naive();
    (FiscalYear::containing(thai), thai.format("%Y-%m").to_string())
}

/// The parts of an overview counted by fiscal year. Gender and target-group tallies are compared as
/// sets (their order is checked on its own): ties in the count are ordered by code, and PostgreSQL's
/// collation may order codes with underscores differently from Rust.
#[derive(Debug, PartialEq)]
struct Figures {
    fiscal_years_with_records: Vec<i32>,
    totals: (u64, u64, u64),
    by_gender: BTreeMap<String, u64>,
    by_target_group: BTreeMap<String, u64>,
    sdg_goals: Vec<(String, u64, u64)>,
    by_province: Vec<(String, u64, u64)>,
    by_month: Vec<(String, u64, u64)>,
}

fn as_map(tallies: &[Tally]) -> BTreeMap<String, u64> {
    tallies.iter().map(|t| (t.code.clone(), t.count)).collect()
}

fn as_rows(tallies: &[ActivityTally]) -> Vec<(String, u64, u64)> {
    tallies.iter().map(|t| (t.key.clone(), t.activities, t.participants)).collect()
}

fn read(o: &Overview) -> Figures {
    for list in [&o.participants_by_gender, &o.participants_by_target_group] {
        assert!(list.windows(2).all(|w| w[0].count >= w[1].count), "most participants first: {list:?}");
    }
    Figures {
        fiscal_years_with_records: o.fiscal_years_with_records.iter().map(|y| y.be()).collect(),
        totals: (o.programmes, o.activities, o.participants),
        by_gender: as_map(&o.participants_by_gender),
        by_target_group: as_map(&o.participants_by_target_group),
        sdg_goals: o.sdg_goals.iter().map(|g| (g.code.clone(), g.programmes, g.activities)).collect(),
        by_province: as_rows(&o.by_province),
        by_month: as_rows(&o.by_month),
    }
}

/// The figures of `fy` summed from the records, as the overview defined them before the roll-up.
fn expected(dump: &Dump, goals: &Goals, fy: FiscalYear) -> Figures {
    let mut years: BTreeSet<i32> = dump.programmes.iter().map(|p| p.input.fiscal_year.be()).collect();
    years.extend(dump.activities.iter().map(|a| thai_year_and_month(a.input.starts_at).0.be()));
    let aligned_goals = |kind: SubjectKind, id: uuid::Uuid| -> BTreeSet<String> {
        dump.alignments
            .iter()
            .filter(|al: &&Alignment| al.input.subject_kind == kind && al.input.subject_id == id)
            .filter_map(|al| goals.of.get(&al.input.item_id).cloned())
            .collect()
    };
    let mut goal_counts: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    let programmes: Vec<_> = dump.programmes.iter().filter(|p| p.input.fiscal_year == fy).collect();
    for p in &programmes {
        for g in aligned_goals(SubjectKind::Programme, p.id.0) {
            goal_counts.entry(g).or_default().0 += 1;
        }
    }
    let (mut activities, mut participants) = (0, 0);
    let (mut by_gender, mut by_target_group) = (BTreeMap::new(), BTreeMap::new());
    let (mut by_province, mut by_month) = (BTreeMap::<String, (u64, u64)>::new(), BTreeMap::<String, (u64, u64)>::new());
    for a in &dump.activities {
        let (year, month) = thai_year_and_month(a.input.starts_at);
        if year != fy {
            continue;
        }
        let people: u64 = a.input.participation.iter().map(|c| u64::from(c.count)).sum();
        activities += 1;
        participants += people;
        for c in &a.input.participation {
            *by_gender.entry(c.gender.code().to_owned()).or_default() += u64::from(c.count);
            *by_target_group.entry(c.target_group.clone().unwrap_or_else(|| "not_stated".into())).or_default() += u64::from(c.count);
        }
        if let Some(area) = &a.input.area_code {
            let p = by_province.entry(area[..2].to_owned()).or_default();
            *p = (p.0 + 1, p.1 + people);
        }
        let m = by_month.entry(month).or_default();
        *m = (m.0 + 1, m.1 + people);
        for g in aligned_goals(SubjectKind::Activity, a.id.0) {
            goal_counts.entry(g).or_default().1 += 1;
        }
    }
    let rows = |m: BTreeMap<String, (u64, u64)>| m.into_iter().map(|(k, (a, p))| (k, a, p)).collect();
    Figures {
        fiscal_years_with_records: years.into_iter().rev().collect(),
        totals: (programmes.len() as u64, activities, participants),
        by_gender,
        by_target_group,
        sdg_goals: goals
            .in_order
            .iter()
            .map(|g| {
                let (p, a) = goal_counts.get(g).copied().unwrap_or_default();
                (g.clone(), p, a)
            })
            .collect(),
        by_province: rows(by_province),
        by_month: rows(by_month),
    }
}

/// An organisation, fiscal year (BE), goal (`all` for every activity) and kind of activity: the key
/// of a row of `organization_work`.
type WorkKey = (uuid::Uuid, i64, String, String);

/// The activities, hours and volunteer hours an organisation's row counts.
type Work = (i64, f64, f64);

/// Each organisation's work summed from the records: every activity counts for its lead and for each
/// partner, in the fiscal year it starts in, under `all` and under each goal it is aligned to.
fn expected_work(dump: &Dump, goals: &Goals) -> BTreeMap<WorkKey, Work> {
    let mut rows: BTreeMap<WorkKey, Work> = BTreeMap::new();
    for a in &dump.activities {
        let year = i64::from(thai_year_and_month(a.input.starts_at).0.be());
        let mut whose: BTreeSet<uuid::Uuid> = a.input.lead_organization_id.iter().map(|o| o.0).collect();
        whose.extend(a.input.partner_organization_ids.iter().map(|o| o.0));
        let mut under: BTreeSet<String> = dump
            .alignments
            .iter()
            .filter(|al| al.input.subject_kind == SubjectKind::Activity && al.input.subject_id == a.id.0)
            .filter_map(|al| goals.of.get(&al.input.item_id).cloned())
            .collect();
        under.insert("all".into());
        for org in &whose {
            for goal in &under {
                let row = rows.entry((*org, year, goal.clone(), a.input.kind.code().to_owned())).or_default();
                row.0 += 1;
                row.1 += a.input.hours.unwrap_or(0.0);
                row.2 += a.input.volunteer_hours.unwrap_or(0.0);
            }
        }
    }
    rows
}

/// Every row of `organization_work`, in key order.
async fn work_table(t: &TestStore) -> BTreeMap<WorkKey, Work> {
    use sqlx::Connection;
    let sql = "SELECT organization_id, CAST(fiscal_year AS BIGINT), goal, kind, CAST(activities AS BIGINT), hours, volunteer_hours \
               FROM organization_work";
    let rows: Vec<(uuid::Uuid, i64, String, String, i64, f64, f64)> = match t.backend {
        "sqlite" => sqlx::query_as(sql).fetch_all(&mut sqlx::SqliteConnection::connect(&t.url).await.unwrap()).await.unwrap(),
        _ => sqlx::query_as(sql).fetch_all(&mut sqlx::PgConnection::connect(&t.url).await.unwrap()).await.unwrap(),
    };
    rows.into_iter().map(|(o, y, g, k, n, h, v)| ((o, y, g, k), (n, h, v))).collect()
}

/// The organisations' work kept by the writes (decision 45) is the work summed from the records.
/// Hours in these tests are sums of halves and quarters, exact in binary, so they compare exactly.
async fn assert_work(t: &TestStore, goals: &Goals, step: &str) {
    let dump = t.store.export().await.unwrap();
    assert_eq!(work_table(t).await, expected_work(&dump, goals), "{}, after {step}: the organisations' work", t.backend);
}

/// Every fiscal year of the records, and one without any, reads as summed from the records.
async fn assert_figures(s: &dyn Store, goals: &Goals, b: &str, step: &str) {
    let dump = s.export().await.unwrap();
    let mut years: BTreeSet<i32> = dump.programmes.iter().map(|p| p.input.fiscal_year.be()).collect();
    years.extend(dump.activities.iter().map(|a| thai_year_and_month(a.input.starts_at).0.be()));
    years.insert(2560);
    for be in years {
        let fy = FiscalYear::from_be(be).unwrap();
        let o = s.overview(fy).await.unwrap_or_else(|e| panic!("{b}, {step}: {e}"));
        assert_eq!(read(&o), expected(&dump, goals, fy), "{b}, after {step}: fiscal year {be}");
    }
}

fn org() -> OrganizationInput {
    OrganizationInput {
        name_th: "สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดขอนแก่น".into(),
        name_en: None,
        abbreviation: None,
        sector: Sector::ProvincialOffice,
        parent_id: None,
        area_code: Some("40".into()),
        website: None,
        status: OrganizationStatus::Active,
        description_th: None,
        description_en: None,
    }
}

fn programme(lead: OrganizationId, fiscal_year: i32) -> ProgrammeInput {
    ProgrammeInput {
        title_th: "โครงการเมืองแห่งการเรียนรู้".into(),
        title_en: None,
        description_th: None,
        description_en: None,
        fiscal_year: FiscalYear::from_be(fiscal_year).unwrap(),
        budget_baht: None,
        budget_source: None,
        lead_organization_id: lead,
        partner_organization_ids: vec![],
        target_groups: vec![],
        area_code: Some("40".into()),
        starts_on: None,
        ends_on: None,
        status: ProgrammeStatus::Active,
    }
}

fn cell(gender: Gender, target_group: Option<&str>, count: u32) -> ParticipationCell {
    ParticipationCell { gender, age_band: AgeBand::Adult, target_group: target_group.map(Into::into), nationality: None, count }
}

fn activity(lead: OrganizationId, starts_at: DateTime<Utc>, area: Option<&str>, cells: Vec<ParticipationCell>) -> ActivityInput {
    ActivityInput {
        programme_id: None,
        kind: ActivityKind::Training,
        title_th: "อบรมผู้นำชุมชน".into(),
        title_en: None,
        description_th: None,
        description_en: None,
        starts_at,
        ends_at: None,
        venue_th: None,
        venue_en: None,
        area_code: area.map(Into::into),
        hours: None,
        mode: AttendanceMode::Onsite,
        lead_organization_id: Some(lead),
        partner_organization_ids: vec![],
        target_groups: vec![],
        volunteer_hours: None,
        participation: cells,
    }
}

fn person(gender: Option<Gender>, target_group: Option<&str>) -> ParticipantInput {
    ParticipantInput {
        full_name: "สมหญิง ใจดี".into(),
        contact: None,
        gender,
        age_band: None,
        target_group: target_group.map(Into::into),
        nationality: None,
        disability: None,
        consent: Some(Consent {
            purpose: "รายงานตัวชี้วัด".into(), given_on: chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap()
        }),
    }
}

fn aligned(kind: SubjectKind, id: uuid::Uuid, item: &str) -> AlignmentInput {
    AlignmentInput { subject_kind: kind, subject_id: id, item_id: FrameworkItemId::reference("sdg", item), note: None }
}

/// An alignment as a dump holds it.
fn alignment(kind: SubjectKind, subject: uuid::Uuid, item: &str) -> Alignment {
    Alignment {
        id: AlignmentId::new(),
        input: aligned(kind, subject, item),
        framework_code: "sdg".into(),
        item_code: item.into(),
        created_at: Utc::now(),
    }
}

fn thai(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap() - Duration::hours(7)
}

#[tokio::test]
async fn the_yearly_figures_follow_every_write() {
    let goals = Goals::from_reference();
    for t in stores().await {
        let (s, b): (S, _) = (t.store.clone(), t.backend);
        let check = async |step: &str| {
            assert_figures(s.as_ref(), &goals, b, step).await;
            assert_work(&t, &goals, step).await;
        };

        // An import fills the empty database: a programme aligned twice under one goal, and an
        // activity of the year before.
        let meta = RecordMeta { version: 1, created_at: Utc::now(), updated_at: Utc::now() };
        let lead = Organization { id: OrganizationId::new(), input: org(), meta: meta.clone() };
        let p = Programme { id: ProgrammeId::new(), input: programme(lead.id, 2567), meta: meta.clone() };
        let cells = vec![cell(Gender::Female, None, 2), cell(Gender::Male, Some("workers"), 1)];
        let earlier = Activity::new(ActivityId::new(), activity(lead.id, thai(2023, 3, 1, 9, 0), Some("40"), cells), meta.clone());
        let alignments = vec![
            alignment(SubjectKind::Programme, p.id.0, "4.7"),
            alignment(SubjectKind::Programme, p.id.0, "4"),
            alignment(SubjectKind::Activity, earlier.id.0, "1.2.1"),
        ];
        let dump =
            Dump { organizations: vec![lead.clone()], programmes: vec![p.clone()], activities: vec![earlier], alignments, ..empty_dump() };
        s.import(&dump).await.unwrap();
        check("an import into the empty database").await;
        let lead = lead.id;

        let cells = vec![cell(Gender::Female, Some("children_youth"), 10), cell(Gender::Male, None, 5)];
        let a1 = s.create_activity(activity(lead, thai(2024, 1, 15, 9, 0), Some("400101"), cells)).await.unwrap();
        // The first minute of 1 October in Thailand: fiscal year 2568, month 2024-10. A cell of nobody
        // still makes its gender a group of the year.
        let cells = vec![cell(Gender::GenderDiverse, None, 0), cell(Gender::NotStated, Some("lgbtq"), 3)];
        let a2 = s.create_activity(activity(lead, thai(2024, 10, 1, 0, 0), Some("10"), cells)).await.unwrap();
        s.create_activity(activity(lead, thai(2024, 9, 30, 23, 59), None, vec![])).await.unwrap();
        check("activities created in two years, one without place or people").await;

        s.create_alignment(aligned(SubjectKind::Activity, a1.id.0, "5.1")).await.unwrap();
        let to_goal_5 = s.create_alignment(aligned(SubjectKind::Activity, a1.id.0, "5.2.1")).await.unwrap();
        s.create_alignment(aligned(SubjectKind::Activity, a2.id.0, "16")).await.unwrap();
        check("activities aligned").await;

        // Another organisation partners the activity, whose kind and hours change: it counts in
        // both organisations' work, under the goal it is aligned to and under every goal.
        let partner = s.create_organization(org()).await.unwrap().id;
        let mut partnered = a1.input.clone();
        partnered.partner_organization_ids = vec![partner];
        partnered.kind = ActivityKind::Workshop;
        partnered.hours = Some(2.5);
        partnered.volunteer_hours = Some(1.25);
        let a1 = s.update_activity(a1.id, Precondition::Any, partnered).await.unwrap();
        check("a partner added, the kind and hours changed").await;
        let mut swapped = a1.input.clone();
        swapped.lead_organization_id = Some(partner);
        swapped.partner_organization_ids = vec![lead];
        let a1 = s.update_activity(a1.id, Precondition::Any, swapped).await.unwrap();
        let mut partnered = a2.input.clone();
        partnered.partner_organization_ids = vec![partner];
        partnered.hours = Some(3.0);
        s.update_activity(a2.id, Precondition::Any, partnered).await.unwrap();
        check("the lead and the partner swapped, and the partner added to another activity").await;

        let mut moved = a1.input.clone();
        moved.starts_at = thai(2025, 2, 1, 13, 0);
        moved.area_code = Some("5001".into());
        moved.participation = vec![cell(Gender::Female, Some("children_youth"), 4), cell(Gender::Female, Some("older_persons"), 6)];
        let a1 = s.update_activity(a1.id, Precondition::Any, moved).await.unwrap();
        check("an activity moved to another year and province with other cells").await;

        let mut retitled = a1.input.clone();
        retitled.title_th = "อบรมผู้นำชุมชน รุ่นที่ 2".into();
        let a1 = s.update_activity(a1.id, Precondition::Any, retitled).await.unwrap();
        check("an activity retitled").await;

        let someone = s.create_participant(a2.id, person(Some(Gender::Female), Some("children_youth"))).await.unwrap();
        s.create_participant(a2.id, person(None, Some("lgbtq"))).await.unwrap();
        check("participants counted into a new cell and an existing one").await;
        let corrected = s.update_participant(someone.id, Precondition::Any, person(Some(Gender::Male), None)).await.unwrap();
        check("a participant corrected").await;
        s.erase_participant(corrected.id, Precondition::Any).await.unwrap();
        check("a participant erased (their count stays)").await;

        s.delete_alignment(to_goal_5.id).await.unwrap();
        check("one of two alignments under a goal removed").await;

        let mut later = p.input.clone();
        later.fiscal_year = FiscalYear::from_be(2568).unwrap();
        s.update_programme(p.id, Precondition::Any, later).await.unwrap();
        check("a programme moved to another year").await;

        s.delete_activity(a2.id, Precondition::Any).await.unwrap();
        check("an activity with participants and alignments deleted").await;

        let reference = phakhi_reference::reference_set().unwrap();
        for batch in Generator::new(Plan::tiny(), 7, &reference).unwrap() {
            s.load_bulk(&batch).await.unwrap();
        }
        check("generated batches bulk-loaded").await;
        let late = Activity::new(
            ActivityId::new(),
            activity(lead, thai(2023, 12, 31, 20, 0), Some("4001"), vec![cell(Gender::Male, Some("workers"), 8)]),
            RecordMeta { version: 1, created_at: Utc::now(), updated_at: Utc::now() },
        );
        let batch = Dump {
            activities: vec![late.clone()],
            alignments: vec![
                alignment(SubjectKind::Activity, late.id.0, "8.5"),
                alignment(SubjectKind::Activity, a1.id.0, "10.2"),
                alignment(SubjectKind::Programme, p.id.0, "17"),
            ],
            ..empty_dump()
        };
        s.load_bulk(&batch).await.unwrap();
        check("a batch aligning records loaded before").await;

        // A participation sheet replaces two activities' cells: one gains a gender and keeps a group
        // only through a cell of nobody, the other (aligned to goal 8) loses its gender and group.
        let sheet_cell = |activity: &ActivityInput, row: u32, c: ParticipationCell| sheet::SheetRow {
            row,
            record: sheet::SheetRecord::Participation(sheet::ParticipationRow {
                activity: activity.title_th.clone(),
                day: (activity.starts_at + Duration::hours(7)).date_naive(),
                lead_organization: None,
                cell: c,
            }),
        };
        let rows = [
            sheet_cell(&a1.input, 2, cell(Gender::Female, Some("children_youth"), 4)),
            sheet_cell(&a1.input, 3, cell(Gender::Male, None, 7)),
            sheet_cell(&a1.input, 4, cell(Gender::GenderDiverse, Some("older_persons"), 0)),
            sheet_cell(&late.input, 5, cell(Gender::NotStated, None, 3)),
        ];
        let report = s.apply_sheet(&rows, sheet::SheetMode::AllOrNothing).await.unwrap();
        assert!(report.written && report.count(sheet::RowAction::Error) == 0, "{b}: {report:?}");
        check("a participation sheet").await;

        backfilled(&t, &goals).await;
    }
}

/// Writes at once on one organisation's year leave its work summed from the records: edits of hours
/// and partners (which change no yearly figure, so nothing else makes them wait for each other),
/// activities moved to the next year, and new activities. PostgreSQL runs them side by side on its
/// pool's connections; SQLite one after another.
#[tokio::test]
async fn the_organisations_work_stays_summed_under_concurrent_writes() {
    use std::future::Future;
    use std::pin::Pin;
    type Write = Pin<Box<dyn Future<Output = StoreResult<()>> + Send>>;
    let goals = Goals::from_reference();
    for t in stores().await {
        let (s, b): (S, _) = (t.store.clone(), t.backend);
        let lead = s.create_organization(org()).await.unwrap().id;
        let partners = [s.create_organization(org()).await.unwrap().id, s.create_organization(org()).await.unwrap().id];
        let mut earlier = Vec::new();
        for day in 1..=16 {
            earlier.push(s.create_activity(activity(lead, thai(2024, 1, day, 9, 0), Some("40"), vec![])).await.unwrap());
        }
        let mut writes: Vec<Write> = Vec::new();
        for (i, a) in earlier.into_iter().enumerate() {
            let mut input = a.input.clone();
            input.hours = Some(1.0 + i as f64 / 4.0);
            input.partner_organization_ids = vec![partners[i % 2]];
            if i % 5 == 0 {
                input.starts_at = thai(2024, 11, 1, 9, 0); // the next fiscal year
            }
            let s = s.clone();
            writes.push(Box::pin(async move { s.update_activity(a.id, Precondition::Any, input).await.map(|_| ()) }));
        }
        for i in 0..6 {
            let mut input = activity(partners[i % 2], thai(2024, 2, 1, 9, 0), None, vec![]);
            input.partner_organization_ids = vec![lead];
            input.hours = Some(2.5);
            let s = s.clone();
            writes.push(Box::pin(async move { s.create_activity(input).await.map(|_| ()) }));
        }
        for result in futures::future::join_all(writes).await {
            result.unwrap_or_else(|e| panic!("{b}: a concurrent write failed: {e}"));
        }
        assert_work(&t, &goals, "writes at once on one organisation's year").await;
    }
}

fn empty_dump() -> Dump {
    Dump {
        format: DUMP_FORMAT.into(),
        version: DUMP_VERSION,
        target_groups: vec![],
        organizations: vec![],
        networks: vec![],
        agreements: vec![],
        commitments: vec![],
        programmes: vec![],
        activities: vec![],
        frameworks: vec![],
        framework_items: vec![],
        alignments: vec![],
        plans: vec![],
        indicators: vec![],
        plan_items: vec![],
        indicator_values: vec![],
    }
}

/// The figures summed again from the records by the migrations' backfill read the same, row for row.
async fn backfilled(t: &TestStore, goals: &Goals) {
    use sqlx::Connection;
    let b = t.backend;
    // The table as migration 0009 created and filled it, filled again by 0015 with the provinces' breakdowns.
    let migration = match b {
        "sqlite" => [
            include_str!("../../store-sqlite/migrations/0009_figures.sql"),
            include_str!("../../store-sqlite/migrations/0015_figures_by_province.sql"),
        ],
        _ => [
            include_str!("../../store-postgres/migrations/0009_figures.sql"),
            include_str!("../../store-postgres/migrations/0015_figures_by_province.sql"),
        ],
    }
    .join("\n");
    let kept = table(t).await;
    let backfill = sqlx::raw_sql(sqlx::AssertSqlSafe(format!("DROP TABLE year_figures;\n{migration}")));
    let rows = match b {
        "sqlite" => backfill.execute(&mut sqlx::SqliteConnection::connect(&t.url).await.unwrap()).await.unwrap().rows_affected(),
        _ => backfill.execute(&mut sqlx::PgConnection::connect(&t.url).await.unwrap()).await.unwrap().rows_affected(),
    };
    assert!(rows > 0, "{b}: the backfill wrote the figures");
    assert_figures(t.store.as_ref(), goals, b, "migrations 0009 and 0015's backfill").await;
    // Every row the writes kept, the breakdowns by province included, is the row summed from the records.
    let summed = table(t).await;
    assert!(kept.iter().any(|r| r.1 == "province_gender") && kept.iter().any(|r| r.1 == "province_sdg_goal"), "{b}: {kept:?}");
    assert_eq!(kept, summed, "{b}: the figures kept by the writes differ from those summed from the records");

    // The organisations' work, summed again by migration 0018's backfill, reads the same row for row.
    let migration = match b {
        "sqlite" => include_str!("../../store-sqlite/migrations/0018_organization_work.sql"),
        _ => include_str!("../../store-postgres/migrations/0018_organization_work.sql"),
    };
    let kept = work_table(t).await;
    assert!(kept.keys().any(|k| k.2 != "all") && kept.values().any(|w| w.1 > 0.0), "{b}: {kept:?}");
    let backfill = sqlx::raw_sql(sqlx::AssertSqlSafe(format!("DROP TABLE organization_work;\n{migration}")));
    let rows = match b {
        "sqlite" => backfill.execute(&mut sqlx::SqliteConnection::connect(&t.url).await.unwrap()).await.unwrap().rows_affected(),
        _ => backfill.execute(&mut sqlx::PgConnection::connect(&t.url).await.unwrap()).await.unwrap().rows_affected(),
    };
    assert!(rows > 0, "{b}: the backfill wrote the organisations' work");
    assert_eq!(kept, work_table(t).await, "{b}: the organisations' work kept by the writes differs from migration 0018's backfill");
}

/// Every row of `year_figures`, in key order.
async fn table(t: &TestStore) -> Vec<(i64, String, String, i64, i64, i64)> {
    use sqlx::Connection;
    let sql = "SELECT CAST(fiscal_year AS BIGINT), dimension, code, CAST(programmes AS BIGINT), CAST(activities AS BIGINT), \
               CAST(participants AS BIGINT) FROM year_figures ORDER BY 1, 2, 3";
    match t.backend {
        "sqlite" => sqlx::query_as(sql).fetch_all(&mut sqlx::SqliteConnection::connect(&t.url).await.unwrap()).await.unwrap(),
        _ => sqlx::query_as(sql).fetch_all(&mut sqlx::PgConnection::connect(&t.url).await.unwrap()).await.unwrap(),
    }
}
