//! The generated data sets: reproducible, of the planned size, valid, and plausible.

use std::collections::{BTreeSet, HashSet};

use phakhi_domain::FiscalYear;
use phakhi_domain::Validate;
use phakhi_domain::Vocabulary;
use phakhi_domain::activity::ActivityKind;
use phakhi_domain::indicator::ValueStatus;
use phakhi_domain::organization::Sector;
use phakhi_domain::participation::{AgeBand, Gender};
use phakhi_domain::plan::PlanLevel;
use phakhi_generate::words::{MARKER_EN, MARKER_TH};
use phakhi_generate::{FORMULAS, Generator, Plan, Scale};
use phakhi_store::{Dump, ReferenceSet};

fn reference() -> ReferenceSet {
    phakhi_reference::reference_set().expect("the embedded reference data parses")
}

fn generate(plan: Plan, seed: u64) -> Vec<Dump> {
    Generator::new(plan, seed, &reference()).expect("a generator").collect()
}

/// All batches as one dump.
fn merged(batches: Vec<Dump>) -> Dump {
    let mut all = batches[0].clone();
    for b in batches.into_iter().skip(1) {
        all.organizations.extend(b.organizations);
        all.networks.extend(b.networks);
        all.agreements.extend(b.agreements);
        all.commitments.extend(b.commitments);
        all.programmes.extend(b.programmes);
        all.activities.extend(b.activities);
        all.alignments.extend(b.alignments);
        all.plans.extend(b.plans);
        all.indicators.extend(b.indicators);
        all.plan_items.extend(b.plan_items);
        all.indicator_values.extend(b.indicator_values);
    }
    all
}

#[test]
fn the_same_seed_gives_the_same_data_and_another_seed_other_data() {
    let a = generate(Plan::tiny(), 7);
    assert_eq!(a, generate(Plan::tiny(), 7), "same seed, same records (ids and timestamps included)");
    let b = generate(Plan::tiny(), 8);
    assert_ne!(a[0].organizations[0].id, b[0].organizations[0].id);
    assert_ne!(a, b);
}

#[test]
fn a_plan_yields_exactly_its_counts_in_batches() {
    let plan = Plan::tiny();
    let batches = generate(plan, 1);
    assert_eq!(batches.len(), 1 + plan.work_batches() + 1, "the register, the work, the plans");
    assert!(batches.len() > 2, "the tiny plan spans several work batches");
    let all = merged(batches);
    assert_eq!(all.organizations.len(), plan.organizations);
    assert_eq!(all.networks.len(), plan.networks);
    assert_eq!(all.agreements.len(), plan.agreements);
    assert_eq!(all.programmes.len(), plan.programmes);
    assert_eq!(all.activities.len(), plan.activities);
    let ids: HashSet<_> = all.activities.iter().map(|a| a.id).collect();
    assert_eq!(ids.len(), plan.activities, "ids are unique across batches");
}

#[test]
fn the_scales_are_ten_times_apart() {
    let (city, province, national) = (Scale::City.plan(), Scale::Province.plan(), Scale::National.plan());
    assert_eq!((city.organizations, city.agreements, city.programmes, city.activities), (200, 20, 1_000, 10_000));
    assert_eq!((province.organizations, province.agreements, province.programmes, province.activities), (2_000, 200, 10_000, 100_000));
    assert_eq!(
        (national.organizations, national.agreements, national.programmes, national.activities),
        (20_000, 2_000, 100_000, 1_000_000)
    );
    assert_eq!(national.work_batches(), 100);
    assert_eq!("province".parse::<Scale>(), Ok(Scale::Province));
    assert!("planet".parse::<Scale>().is_err());
}

#[test]
fn city_scale_data_is_valid_plausible_and_marked_synthetic() {
    let set = reference();
    let all = merged(Generator::new(Scale::City.plan(), 42, &set).unwrap().collect());
    assert_eq!((all.organizations.len(), all.programmes.len(), all.activities.len()), (200, 1_000, 10_000));

    // Every record follows the domain's rules.
    for o in &all.organizations {
        assert!(o.input.validate().is_empty(), "{:?}", o.input.validate());
    }
    for n in &all.networks {
        assert!(n.input.validate().is_empty(), "{:?}", n.input.validate());
    }
    for a in &all.agreements {
        assert!(a.input.validate().is_empty(), "{:?}", a.input.validate());
    }
    for c in &all.commitments {
        assert!(c.input.validate().is_empty(), "{:?}", c.input.validate());
    }
    for p in &all.programmes {
        assert!(p.input.validate().is_empty(), "{:?}", p.input.validate());
    }
    for a in &all.activities {
        assert!(a.input.validate().is_empty(), "{:?}", a.input.validate());
    }
    for a in &all.alignments {
        assert!(a.input.validate().is_empty());
    }

    // Real area codes, all inside Mueang Khon Kaen (the city scale's district) or its province.
    let areas: HashSet<&str> = set.areas.iter().map(|a| a.code.as_str()).collect();
    let codes = all
        .organizations
        .iter()
        .filter_map(|o| o.input.area_code.as_deref())
        .chain(all.activities.iter().filter_map(|a| a.input.area_code.as_deref()));
    for code in codes {
        assert!(areas.contains(code), "{code} is a DOPA code");
        assert!(code == "40" || code.starts_with("4001"), "{code} is in the city");
    }

    // Every sector, activity kind and fiscal year 2564–2569 occurs.
    let sectors: HashSet<Sector> = all.organizations.iter().map(|o| o.input.sector).collect();
    assert_eq!(sectors.len(), Sector::ALL.len());
    let kinds: HashSet<ActivityKind> = all.activities.iter().map(|a| a.input.kind).collect();
    assert_eq!(kinds.len(), ActivityKind::ALL.len());
    let years: BTreeSet<i32> = all.programmes.iter().map(|p| p.input.fiscal_year.be()).collect();
    assert_eq!(years.into_iter().collect::<Vec<_>>(), vec![2564, 2565, 2566, 2567, 2568, 2569]);

    // Alignments point at built-in SDG targets and learning-city areas.
    let items: HashSet<_> = set.frameworks.iter().flat_map(|f| f.items.iter().map(|(id, _)| *id)).collect();
    assert!(all.alignments.iter().all(|a| items.contains(&a.input.item_id)));
    assert!(all.alignments.iter().any(|a| a.framework_code == "unesco-lc"));
    assert!(all.alignments.len() > all.programmes.len());

    // Titles are searchable Thai and English, and say they are synthetic.
    assert!(all.programmes.iter().all(|p| p.input.title_th.ends_with(MARKER_TH)));
    assert!(all.activities.iter().all(|a| a.input.title_en.as_deref().is_some_and(|t| t.ends_with(MARKER_EN))));
    assert!(all.organizations.iter().all(|o| o.input.name_th.ends_with(MARKER_TH)));
}

#[test]
fn participation_is_plausible_and_full_of_small_counts() {
    let all = merged(generate(Scale::City.plan(), 3));
    let cells: Vec<_> = all.activities.iter().flat_map(|a| &a.input.participation).collect();
    let per_activity = cells.len() as f64 / all.activities.len() as f64;
    assert!((9.0..=11.0).contains(&per_activity), "about ten cells per activity, not {per_activity}");
    let small = cells.iter().filter(|c| c.count < 5).count() as f64 / cells.len() as f64;
    assert!(small > 0.3, "many cells are small enough to be suppressed ({small})");
    let totals: Vec<u64> = all.activities.iter().map(|a| a.participation_summary.total).collect();
    let mean = totals.iter().sum::<u64>() as f64 / totals.len() as f64;
    assert!((20.0..=200.0).contains(&mean), "an activity reaches tens of people on average, not {mean}");
    assert!(totals.iter().all(|t| *t > 0));
    let female: u64 = all.activities.iter().map(|a| a.participation_summary.by_gender.get("female").copied().unwrap_or(0)).sum();
    let male: u64 = all.activities.iter().map(|a| a.participation_summary.by_gender.get("male").copied().unwrap_or(0)).sum();
    assert!(female > male, "women take part more often, as in the reports");
    let genders: HashSet<Gender> = cells.iter().map(|c| c.gender).collect();
    let ages: HashSet<AgeBand> = cells.iter().map(|c| c.age_band).collect();
    assert_eq!((genders.len(), ages.len()), (Gender::ALL.len(), AgeBand::ALL.len()));
}

#[test]
fn the_country_and_every_province_get_a_plan_with_targets_near_their_own_figures() {
    let all = merged(generate(Scale::City.plan(), 5));
    // The city scale covers one province: the country's plan and Khon Kaen's.
    let areas: Vec<Option<&str>> = all.plans.iter().map(|p| p.input.area_code.as_deref()).collect();
    assert_eq!(areas, [None, Some("40")]);
    for p in &all.plans {
        assert!(p.input.validate().is_empty(), "{:?}", p.input.validate());
        assert!(p.input.title_th.ends_with(MARKER_TH), "{}", p.input.title_th);
    }
    // Ten computed indicators per plan, each formula one the platform parses, and one entered.
    assert_eq!(all.indicators.len(), 2 * (FORMULAS.len() + 1));
    for i in &all.indicators {
        assert!(i.input.validate().is_empty(), "{}: {:?}", i.input.code, i.input.validate());
        if let Some(formula) = i.input.formula() {
            formula.unwrap_or_else(|e| panic!("{}: {e}", i.input.code));
        }
    }
    // The province's activity count: its 2565 baseline is the activities the data set holds for
    // Khon Kaen in fiscal year 2565, and the targets lie within the factors' range of each year's.
    let khon_kaen = all.plans.iter().find(|p| p.input.area_code.as_deref() == Some("40")).unwrap().id;
    let count = all.indicators.iter().find(|i| i.input.plan_id == khon_kaen && i.input.code == "1.1.1").unwrap();
    let in_year = |be: i32| {
        let fy = FiscalYear::from_be(be).unwrap();
        all.activities
            .iter()
            .filter(|a| FiscalYear::containing((a.input.starts_at + chrono::Duration::hours(7)).date_naive()) == fy)
            .count() as f64
    };
    assert_eq!(count.input.baseline.map(|b| (b.fiscal_year.be(), b.value)), Some((2565, in_year(2565))));
    for t in &count.input.targets {
        let actual = in_year(t.fiscal_year.be()).max(in_year(2569) * 1.05);
        let actual = if t.fiscal_year.be() < 2570 { in_year(t.fiscal_year.be()) } else { actual };
        assert!((0.84 * actual..=1.21 * actual).contains(&t.value), "{}: {} against {actual}", t.fiscal_year.be(), t.value);
    }
    // Entered values in every state of the workflow, each with who moved it.
    let states: HashSet<ValueStatus> = all.indicator_values.iter().map(|v| v.status).collect();
    assert_eq!(states, HashSet::from([ValueStatus::Draft, ValueStatus::Submitted, ValueStatus::Approved]));
    assert!(
        all.indicator_values.iter().all(|v| v.input.validate().is_empty() && (v.status != ValueStatus::Approved || v.approved.is_some()))
    );
    // Every indicator placed once in its plan's tree, under a measure.
    for item in all.plan_items.iter().filter(|i| i.input.level == PlanLevel::Indicator) {
        let parent = all.plan_items.iter().find(|p| Some(p.id) == item.input.parent_id).expect("a parent");
        assert_eq!(parent.input.level, PlanLevel::Measure);
        assert!(item.input.validate().is_empty());
    }
    let placed: HashSet<_> = all.plan_items.iter().filter_map(|i| i.input.indicator_id).collect();
    assert_eq!(placed.len(), all.indicators.len());
}
