//! The gaps of a fiscal year over the demonstration network, on both databases, each list checked
//! against an independent count through the listing filters: an item, group, province or signatory is
//! a gap exactly when no programme of the year and no activity starting in it reaches it.

use phakhi_domain::agreement::AgreementStatus;
use phakhi_domain::area::AreaLevel;
use phakhi_domain::{FiscalYear, OrganizationId};
use phakhi_store::*;
use phakhi_test_support::stores;

fn one() -> Page {
    Page { limit: 1, ..Page::default() }
}

/// Programmes of the year plus activities starting in it that the filters select.
async fn work(s: &dyn Store, fy: FiscalYear, programmes: ProgrammeFilter, activities: ActivityFilter) -> u64 {
    let p = s.list_programmes(&ProgrammeFilter { fiscal_year: Some(fy), ..programmes }, &one()).await.unwrap().total;
    let a = s.list_activities(&ActivityFilter { fiscal_year: Some(fy), ..activities }, &one()).await.unwrap().total;
    p + a
}

#[tokio::test]
async fn gaps_are_exactly_what_no_work_of_the_year_reaches() {
    for t in stores().await {
        let s = t.store.as_ref();
        let b = t.backend;
        phakhi_demo::load(s).await.unwrap();
        for fy in [2567, 2568].map(|y| FiscalYear::from_be(y).unwrap()) {
            let gaps = s.gaps(fy).await.unwrap();

            // Framework items: SDG goals and targets, learning-city areas.
            for (framework, levels) in [("sdg", ["goal", "target"]), ("unesco-lc", ["area", "area"])] {
                let filter = FrameworkItemFilter { framework: Some(framework.into()), ..Default::default() };
                for item in s.list_framework_items(&filter, &Page::all()).await.unwrap().items {
                    if !levels.contains(&item.input.level.as_str()) {
                        continue;
                    }
                    let reach = || Some(ItemRef::Id(item.id));
                    let n = work(
                        s,
                        fy,
                        ProgrammeFilter { aligned_to: reach(), ..Default::default() },
                        ActivityFilter { aligned_to: reach(), ..Default::default() },
                    )
                    .await;
                    let listed = gaps.framework_items.iter().any(|g| g.scheme == framework && g.code == item.input.code);
                    assert_eq!(listed, n == 0, "{b} {fy:?}: {framework} {} ({n} reach it)", item.input.code);
                }
            }
            assert!(
                gaps.framework_items.iter().any(|g| g.scheme == "sdg" && g.level.as_deref() == Some("goal")),
                "{b}: some goal is a gap"
            );

            for group in s.list_target_groups().await.unwrap() {
                let code = || Some(group.code.clone());
                let n = work(
                    s,
                    fy,
                    ProgrammeFilter { target_group: code(), ..Default::default() },
                    ActivityFilter { target_group: code(), ..Default::default() },
                )
                .await;
                assert_eq!(gaps.target_groups.iter().any(|g| g.code == group.code), n == 0, "{b} {fy:?}: target group {}", group.code);
            }

            let provinces = AreaFilter { level: Some(AreaLevel::Province), ..Default::default() };
            for province in s.list_areas(&provinces, &Page::all()).await.unwrap().items {
                let area = || Some(province.code.clone());
                let n = work(
                    s,
                    fy,
                    ProgrammeFilter { area: area(), ..Default::default() },
                    ActivityFilter { area: area(), ..Default::default() },
                )
                .await;
                assert_eq!(gaps.provinces.iter().any(|g| g.code == province.code), n == 0, "{b} {fy:?}: province {}", province.code);
            }
            if fy.be() == 2567 {
                assert!(!gaps.provinces.iter().any(|g| g.code == "40"), "{b}: Khon Kaen has work in 2567");
                assert!(gaps.provinces.len() < 77, "{b}");
            }

            let active = AgreementFilter { status: Some(AgreementStatus::Active), ..Default::default() };
            for agreement in s.list_agreements(&active, &Page::all()).await.unwrap().items {
                for party in &agreement.input.parties {
                    let org = || Some::<OrganizationId>(party.organization_id);
                    let n = work(
                        s,
                        fy,
                        ProgrammeFilter { organization: org(), ..Default::default() },
                        ActivityFilter { organization: org(), ..Default::default() },
                    )
                    .await;
                    let listed = gaps
                        .silent_signatories
                        .iter()
                        .any(|g| g.agreement_id == agreement.id.0 && g.organization_id == party.organization_id.0);
                    assert_eq!(listed, n == 0, "{b} {fy:?}: party {:?}", party.organization_id);
                }
            }
        }
    }
}

#[tokio::test]
async fn an_entered_indicator_without_an_approved_value_is_a_gap() {
    for t in stores().await {
        let s = t.store.as_ref();
        let b = t.backend;
        phakhi_demo::load(s).await.unwrap();
        let plans = s.list_plans(&PlanFilter::default(), &Page::all()).await.unwrap().items;
        let mut checked = 0;
        for plan in &plans {
            for y in plan.input.start_year.be()..=plan.input.end_year.be() {
                let fy = FiscalYear::from_be(y).unwrap();
                let gaps = s.gaps(fy).await.unwrap();
                let indicators = IndicatorFilter { plan: Some(plan.id), ..Default::default() };
                for indicator in s.list_indicators(&indicators, &Page::all()).await.unwrap().items {
                    let approved = IndicatorValueFilter {
                        fiscal_year: Some(fy),
                        status: Some(phakhi_domain::indicator::ValueStatus::Approved),
                        ..Default::default()
                    };
                    let approved = !s.list_indicator_values(indicator.id, &approved).await.unwrap().is_empty();
                    let entered = matches!(indicator.input.source, phakhi_domain::indicator::IndicatorSource::Entered);
                    let listed = gaps.indicators_without_value.iter().any(|g| g.indicator_id == indicator.id.0);
                    assert_eq!(listed, entered && !approved, "{b} {y}: indicator {}", indicator.input.code);
                    checked += usize::from(entered);
                }
            }
        }
        assert!(checked > 0, "{b}: the demo has entered indicators");
    }
}
