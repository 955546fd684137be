//! Computed indicators on SQLite and PostgreSQL: formulas evaluated by the store's SQL equal the same
//! formulas worked out naively in Rust from the records, on random activities, for random periods,
//! areas and disaggregations.

use chrono::{Duration, FixedOffset, TimeZone, Utc};
use phakhi_domain::activity::{Activity, ActivityInput, ActivityKind, AttendanceMode};
use phakhi_domain::formula::Formula;
use phakhi_domain::organization::Organization;
use phakhi_domain::participation::{AgeBand, Gender, ParticipationCell};
use phakhi_domain::{FiscalYear, OrganizationId, Vocabulary};
use phakhi_store::{ActivityFilter, IndicatorScope, OrganizationFilter, Page, ProgrammeFilter, Store};

/// A small deterministic generator: the same records on every run and both databases.
struct Dice(u64);

impl Dice {
    fn roll(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.roll(items.len())]
    }
}

const AREAS: [&str; 5] = ["40", "4001", "50", "5001", "10"];

async fn random_activities(store: &dyn Store, dice: &mut Dice, n: usize) -> Vec<OrganizationId> {
    let orgs: Vec<OrganizationId> =
        store.list_organizations(&OrganizationFilter::default(), &Page::all()).await.unwrap().items.iter().map(|o| o.id).collect();
    let groups: Vec<String> = store.list_target_groups().await.unwrap().into_iter().map(|g| g.code).take(4).collect();
    let thai = FixedOffset::east_opt(7 * 3600).unwrap();
    for i in 0..n {
        // FY 2566 starts on 1 October 2022; spread over three fiscal years, some at the edges.
        let day = dice.roll(3 * 365);
        let starts_at = thai.with_ymd_and_hms(2022, 10, 1, 0, 30, 0).unwrap().with_timezone(&Utc) + Duration::days(day as i64);
        let partners: Vec<OrganizationId> = (0..dice.roll(3)).map(|_| *dice.pick(&orgs)).filter(|_| true).collect();
        let mut partners_unique = partners.clone();
        partners_unique.sort_by_key(|o| o.0);
        partners_unique.dedup();
        let lead = *dice.pick(&orgs);
        partners_unique.retain(|p| *p != lead);
        let participation = (0..dice.roll(4))
            .map(|_| ParticipationCell {
                gender: *dice.pick(Gender::ALL),
                age_band: *dice.pick(AgeBand::ALL),
                target_group: if dice.roll(3) == 0 { None } else { Some(dice.pick(&groups).clone()) },
                nationality: None,
                count: dice.roll(30) as u32,
            })
            .fold(Vec::<ParticipationCell>::new(), |mut cells, c| {
                // One cell per combination, as the domain requires.
                if !cells.iter().any(|x| x.gender == c.gender && x.age_band == c.age_band && x.target_group == c.target_group) {
                    cells.push(c);
                }
                cells
            });
        let input = ActivityInput {
            programme_id: None,
            kind: *dice.pick(ActivityKind::ALL),
            title_th: format!("กิจกรรมทดสอบตัวชี้วัด {i}"),
            title_en: None,
            description_th: None,
            description_en: None,
            starts_at,
            ends_at: None,
            venue_th: None,
            venue_en: None,
            area_code: if dice.roll(5) == 0 { None } else { Some((*dice.pick(&AREAS)).to_owned()) },
            hours: if dice.roll(4) == 0 { None } else { Some(dice.roll(13) as f64 / 2.0) },
            mode: *dice.pick(AttendanceMode::ALL),
            lead_organization_id: Some(lead),
            partner_organization_ids: partners_unique,
            target_groups: if dice.roll(2) == 0 { vec![dice.pick(&groups).clone()] } else { Vec::new() },
            volunteer_hours: None,
            participation,
        };
        store.create_activity(input).await.unwrap();
    }
    orgs
}

/// The formula's meaning, worked out directly from the records.
struct Naive {
    activities: Vec<Activity>,
    organizations: Vec<Organization>,
}

fn fiscal_year_of(a: &Activity) -> i32 {
    let thai = FixedOffset::east_opt(7 * 3600).unwrap();
    FiscalYear::containing(a.input.starts_at.with_timezone(&thai).date_naive()).be()
}

fn in_area(code: Option<&str>, area: Option<&str>) -> bool {
    area.is_none_or(|area| code.is_some_and(|c| c.starts_with(area)))
}

impl Naive {
    fn activities<'a>(&'a self, scope: &'a IndicatorScope) -> impl Iterator<Item = &'a Activity> + 'a {
        self.activities.iter().filter(move |a| {
            scope.fiscal_year.is_none_or(|fy| fiscal_year_of(a) == fy.be()) && in_area(a.input.area_code.as_deref(), scope.area.as_deref())
        })
    }

    fn cells<'a>(&'a self, scope: &'a IndicatorScope) -> impl Iterator<Item = &'a ParticipationCell> + 'a {
        self.activities(scope).flat_map(|a| a.input.participation.iter())
    }

    fn works_with(a: &Activity, org: OrganizationId) -> bool {
        a.input.lead_organization_id == Some(org) || a.input.partner_organization_ids.contains(&org)
    }
}

fn close(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() < 1e-6,
        (None, None) => true,
        _ => false,
    }
}

#[tokio::test]
async fn sql_evaluation_equals_the_naive_evaluation_on_random_records() {
    for db in phakhi_test_support::stores().await {
        let store = db.store.as_ref();
        let b = db.backend;
        phakhi_demo::load(store).await.unwrap();
        let mut dice = Dice(20261122);
        random_activities(store, &mut dice, 120).await;
        let naive = Naive {
            activities: store.list_activities(&ActivityFilter::default(), &Page::all()).await.unwrap().items,
            organizations: store.list_organizations(&OrganizationFilter::default(), &Page::all()).await.unwrap().items,
        };
        let group = store.list_target_groups().await.unwrap()[0].code.clone();
        // The demonstration network's activities aligned to SDG 5 or below it, by the store's listing.
        let sdg5 = ActivityFilter { aligned_to: Some(phakhi_store::ItemRef::parse("sdg:5").unwrap()), ..Default::default() };
        let aligned_to_goal_5: std::collections::HashSet<_> =
            store.list_activities(&sdg5, &Page::all()).await.unwrap().items.iter().map(|a| a.id).collect();
        assert!(!aligned_to_goal_5.is_empty(), "{b}: the demonstration network works on SDG 5");
        for round in 0..12 {
            let scope = IndicatorScope {
                fiscal_year: [None, Some(2566), Some(2567), Some(2568)][round % 4].map(|y| FiscalYear::from_be(y).unwrap()),
                area: [None, Some("40"), Some("5001"), Some("50")][(round / 4) % 4].map(str::to_owned),
            };
            let activities = || naive.activities(&scope);
            // The share of the scope's organisations whose own work of the period (anywhere) meets
            // the condition.
            let share = |meets: &dyn Fn(&Organization, &IndicatorScope) -> bool| {
                let orgs: Vec<_> =
                    naive.organizations.iter().filter(|o| in_area(o.input.area_code.as_deref(), scope.area.as_deref())).collect();
                let own = IndicatorScope { fiscal_year: scope.fiscal_year, area: None };
                let meeting = orgs.iter().filter(|o| meets(o, &own)).count();
                (!orgs.is_empty()).then(|| meeting as f64 / orgs.len() as f64 * 100.0)
            };
            let sum_cells =
                |f: &dyn Fn(&ParticipationCell) -> bool| naive.cells(&scope).filter(|c| f(c)).map(|c| f64::from(c.count)).sum::<f64>();
            let training = [ActivityKind::Training.code(), ActivityKind::Workshop.code()];
            let female = sum_cells(&|c| c.gender == Gender::Female);
            let all = sum_cells(&|_| true);
            let expected: Vec<(String, Option<f64>)> = vec![
                ("count(activities)".into(), Some(activities().count() as f64)),
                (
                    "count(activities, kind = training | workshop)".into(),
                    Some(activities().filter(|a| training.contains(&a.input.kind.code())).count() as f64),
                ),
                ("sum(participants, gender = female) / sum(participants) * 100".into(), (all > 0.0).then(|| female / all * 100.0)),
                (
                    "sum(hours, mode != online)".into(),
                    Some(activities().filter(|a| a.input.mode != AttendanceMode::Online).filter_map(|a| a.input.hours).sum()),
                ),
                (
                    format!("sum(participants, target_group = {group}, age_band = 15-24)"),
                    Some(sum_cells(&|c| c.target_group.as_deref() == Some(group.as_str()) && c.age_band == AgeBand::Youth)),
                ),
                (
                    format!("count(activities, target_group = {group})"),
                    Some(activities().filter(|a| a.input.target_groups.contains(&group)).count() as f64),
                ),
                ("count(activities, fiscal_year = 2567, area = 40)".into(), {
                    let fixed = IndicatorScope { fiscal_year: Some(FiscalYear::from_be(2567).unwrap()), area: Some("40".into()) };
                    Some(naive.activities(&fixed).count() as f64)
                }),
                ("share(organizations; sum(hours, kind = training | workshop) >= 3) * 100".into(), {
                    share(&|o, own| {
                        let hours: f64 = naive
                            .activities(own)
                            .filter(|a| Naive::works_with(a, o.id) && training.contains(&a.input.kind.code()))
                            .filter_map(|a| a.input.hours)
                            .sum();
                        hours >= 3.0
                    })
                }),
                ("share(organizations; count(activities, aligned_to = \"sdg:5\") >= 1) * 100".into(), {
                    share(&|o, own| naive.activities(own).any(|a| Naive::works_with(a, o.id) && aligned_to_goal_5.contains(&a.id)))
                }),
            ];
            for (text, want) in expected {
                let formula = Formula::parse(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
                let got = store.evaluate_formula(&formula, &scope).await.unwrap().value;
                assert!(close(got, want), "{b}: {text} for {scope:?}: SQL {got:?}, naive {want:?}");
            }
        }
    }
}

#[tokio::test]
async fn framework_filters_include_the_items_below_and_programmes_count_by_their_fiscal_year() {
    for db in phakhi_test_support::stores().await {
        let store = db.store.as_ref();
        let b = db.backend;
        phakhi_demo::load(store).await.unwrap();
        let all = IndicatorScope::default();
        let value =
            async |text: &str| store.evaluate_formula(&Formula::parse(text).unwrap(), &IndicatorScope::default()).await.unwrap().value;
        let aligned = store
            .list_activities(
                &ActivityFilter { aligned_to: Some(phakhi_store::ItemRef::parse("sdg:5").unwrap()), ..Default::default() },
                &Page::all(),
            )
            .await
            .unwrap()
            .total;
        assert_eq!(value("count(activities, aligned_to = \"sdg:5\")").await, Some(aligned as f64), "{b}");
        let fy2567 = store
            .list_programmes(&ProgrammeFilter { fiscal_year: Some(FiscalYear::from_be(2567).unwrap()), ..Default::default() }, &Page::all())
            .await
            .unwrap()
            .total;
        assert_eq!(value("count(programmes, fiscal_year = 2567)").await, Some(fy2567 as f64), "{b}");
        let unknown = Formula::parse("count(activities, aligned_to = \"sdg:99\")").unwrap();
        assert!(store.evaluate_formula(&unknown, &all).await.is_err(), "{b}: an unknown framework item is an input error");
    }
}

/// The formulas of the roll-up test: additive ones (their parts add up to the whole), a ratio, a share,
/// and one that names its own area (the same value everywhere).
const ROLL_UP_FORMULAS: [(&str, bool); 5] = [
    ("count(activities)", true),
    ("sum(hours, mode != online)", true),
    ("sum(participants, gender = female) / sum(participants) * 100", false),
    ("share(organizations; sum(hours, kind = training | workshop) >= 3) * 100", false),
    ("count(activities, fiscal_year = 2567, area = 40)", false),
];

#[tokio::test]
async fn the_roll_up_by_area_equals_each_area_evaluated_alone_and_adds_up() {
    for db in phakhi_test_support::stores().await {
        let store = db.store.as_ref();
        let b = db.backend;
        phakhi_demo::load(store).await.unwrap();
        random_activities(store, &mut Dice(20261201), 150).await;
        for (area, fiscal_year) in [(None, Some(2567)), (Some("40"), None), (Some("40"), Some(2566)), (Some("4001"), Some(2567))] {
            let scope = IndicatorScope { fiscal_year: fiscal_year.map(|y| FiscalYear::from_be(y).unwrap()), area: area.map(str::to_owned) };
            for (text, additive) in ROLL_UP_FORMULAS {
                let formula = Formula::parse(text).unwrap();
                let rolled = store.evaluate_formula_by_area(&formula, &scope).await.unwrap();
                let alone = store.evaluate_formula(&formula, &scope).await.unwrap();
                assert!(close(rolled.whole.value, alone.value), "{b}: {text} in {scope:?}: whole {:?}, alone {:?}", rolled.whole, alone);
                assert!(!rolled.parts.is_empty(), "{b}: {scope:?} has areas below it");
                let expected_level = match area.map(str::len) {
                    None => 2,
                    Some(n) => n + 2,
                };
                assert!(rolled.parts.iter().all(|p| p.area.code.len() == expected_level && p.area.code.starts_with(area.unwrap_or(""))));
                // Every part (the country's provinces: those where the records are, and two without).
                let checked =
                    rolled.parts.iter().filter(|p| area.is_some() || ["10", "40", "4001", "50", "96"].contains(&p.area.code.as_str()));
                for part in checked {
                    let there = IndicatorScope { fiscal_year: scope.fiscal_year, area: Some(part.area.code.clone()) };
                    let alone = store.evaluate_formula(&formula, &there).await.unwrap();
                    assert!(
                        close(part.value.value, alone.value),
                        "{b}: {text} in {}: rolled {:?}, alone {:?}",
                        part.area.code,
                        part.value,
                        alone
                    );
                    assert_eq!(part.value.uses_a_small_count, alone.uses_a_small_count, "{b}: {text} in {}", part.area.code);
                }
                if additive {
                    let parts: f64 = rolled.parts.iter().filter_map(|p| p.value.value).sum::<f64>()
                        + rolled.unplaced.and_then(|u| u.value).unwrap_or(0.0);
                    assert!(close(Some(parts), rolled.whole.value), "{b}: {text} in {scope:?}: parts {parts}, whole {:?}", rolled.whole);
                    for region in &rolled.regions {
                        let provinces: f64 =
                            rolled.parts.iter().filter(|p| region.provinces.contains(&p.area.code)).filter_map(|p| p.value.value).sum();
                        assert!(close(Some(provinces), region.value.value), "{b}: {text}: region {} {:?}", region.name_en, region.value);
                    }
                }
            }
            let regions = store.evaluate_formula_by_area(&Formula::parse("count(activities)").unwrap(), &scope).await.unwrap().regions;
            if area.is_none() {
                assert_eq!(regions.len(), 6, "{b}: the six regions");
                let mut provinces: Vec<&String> = regions.iter().flat_map(|r| &r.provinces).collect();
                provinces.sort();
                provinces.dedup();
                assert_eq!(provinces.len(), 77, "{b}: every province in one region");
            } else {
                assert!(regions.is_empty(), "{b}: regions only for the country");
            }
        }
        // A subdistrict has nothing below it: the whole alone.
        let scope = IndicatorScope { fiscal_year: None, area: Some("400101".into()) };
        let rolled = store.evaluate_formula_by_area(&Formula::parse("count(activities)").unwrap(), &scope).await.unwrap();
        assert!(rolled.parts.is_empty() && rolled.unplaced.is_none(), "{b}: nothing below a subdistrict");
    }
}

/// A plan in `area` running from `start` to `end` with every roll-up formula as a computed indicator.
async fn plan_with_the_roll_up_formulas(
    store: &dyn Store,
    network: phakhi_domain::NetworkId,
    code: &str,
    area: Option<&str>,
    (start, end): (i32, i32),
) -> Vec<phakhi_domain::IndicatorId> {
    use phakhi_domain::indicator::{Direction, IndicatorInput, IndicatorSource};
    use phakhi_domain::plan::{PlanInput, PlanStatus};
    let fy = |y| FiscalYear::from_be(y).unwrap();
    let input = PlanInput {
        code: code.into(),
        title_th: format!("แผนทดสอบ {code}"),
        title_en: None,
        description_th: None,
        description_en: None,
        network_id: Some(network),
        organization_id: None,
        area_code: area.map(str::to_owned),
        start_year: fy(start),
        end_year: fy(end),
        status: PlanStatus::Active,
        responsible_organization_ids: vec![],
        aligned_to: vec![],
    };
    let plan = store.create_plan(input).await.unwrap();
    let mut ids = Vec::new();
    for (n, (text, _)) in ROLL_UP_FORMULAS.iter().enumerate() {
        let indicator = IndicatorInput {
            plan_id: plan.id,
            code: format!("{}", n + 1),
            name_th: format!("ตัวชี้วัด {n}"),
            name_en: None,
            definition_th: None,
            definition_en: None,
            unit_th: "หน่วย".into(),
            unit_en: None,
            direction: Direction::HigherIsBetter,
            baseline: None,
            targets: vec![],
            disaggregations: vec![],
            aligned_to: vec![],
            source: IndicatorSource::Computed { formula: (*text).to_owned() },
            responsible_organization_ids: vec![],
        };
        ids.push(store.create_indicator(indicator).await.unwrap().id);
    }
    ids
}

/// A year's recompute answers plans sharing a formula with one roll-up by area; each value must still
/// be the indicator's own formula evaluated alone over its plan's area, small-count flag included.
#[tokio::test]
async fn a_year_s_recompute_equals_each_indicator_evaluated_alone() {
    for db in phakhi_test_support::stores().await {
        let store = db.store.as_ref();
        let b = db.backend;
        phakhi_demo::load(store).await.unwrap();
        random_activities(store, &mut Dice(20261202), 150).await;
        let network = store.list_networks(&Default::default(), &Page::all()).await.unwrap().items[0].id;
        // The country, three provinces (one without records), two districts of one province and two
        // plans of one district: roll-ups, and groups in one area evaluated there.
        let mut expected = Vec::new();
        for (code, area) in [("t-th", None), ("t-40", Some("40")), ("t-50", Some("50")), ("t-96", Some("96"))].into_iter().chain([
            ("t-4001", Some("4001")),
            ("t-4002", Some("4002")),
            ("t-5001", Some("5001")),
            ("t-5001b", Some("5001")),
        ]) {
            for id in plan_with_the_roll_up_formulas(store, network, code, area, (2566, 2568)).await {
                expected.push((id, area.map(str::to_owned)));
            }
        }
        // A plan that ended before the year is not recomputed.
        let ended = plan_with_the_roll_up_formulas(store, network, "t-old", Some("40"), (2561, 2565)).await;
        let year = FiscalYear::from_be(2567).unwrap();
        let values = store.computed_indicator_values(year).await.unwrap();
        assert!(values.iter().all(|v| !ended.contains(&v.indicator)), "{b}: a plan out of force is left out");
        for (id, area) in &expected {
            let got = values.iter().find(|v| v.indicator == *id).unwrap_or_else(|| panic!("{b}: indicator {id:?} in {area:?} recomputed"));
            assert_eq!(&got.area, area, "{b}");
            let indicator = store.get_indicator(*id).await.unwrap();
            let formula = indicator.input.formula().unwrap().unwrap();
            let text = &ROLL_UP_FORMULAS[indicator.input.code.parse::<usize>().unwrap() - 1].0;
            let alone = store.evaluate_formula(&formula, &IndicatorScope { fiscal_year: Some(year), area: area.clone() }).await.unwrap();
            assert!(close(got.value.value, alone.value), "{b}: {text} in {area:?}: recomputed {:?}, alone {alone:?}", got.value);
            assert_eq!(got.value.uses_a_small_count, alone.uses_a_small_count, "{b}: {text} in {area:?}");
        }
        // Something was there to compare: the records fall in fiscal year 2567 in Khon Kaen.
        let counted = values.iter().find(|v| v.area.as_deref() == Some("40")).and_then(|v| v.value.value);
        assert!(counted.is_some_and(|c| c > 0.0), "{b}: Khon Kaen's activities counted: {counted:?}");
    }
}
