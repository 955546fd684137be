//! The demonstration network loads on both databases and holds the reports' facts.

use phakhi_domain::FiscalYear;
use phakhi_domain::indicator::IndicatorSource;
use phakhi_domain::plan::PlanLevel;
use phakhi_store::{AgreementFilter, ItemRef, Page, PlanFilter, ProgrammeFilter};
use phakhi_test_support::stores;

#[tokio::test]
async fn the_demo_network_holds_the_facts_of_the_reports() {
    for t in stores().await {
        let s = t.store.as_ref();
        let b = t.backend;
        assert!(!phakhi_demo::is_loaded(s).await.unwrap(), "{b}");
        let summary = phakhi_demo::load(s).await.unwrap_or_else(|e| panic!("{b}: {e}"));
        assert!(phakhi_demo::is_loaded(s).await.unwrap(), "{b}");
        assert_eq!(
            (summary.organizations, summary.networks, summary.agreements, summary.programmes, summary.activities),
            (23, 3, 2, 4, 5),
            "{b}"
        );

        let mous = s.list_agreements(&AgreementFilter { area: Some("40".into()), ..Default::default() }, &Page::default()).await.unwrap();
        assert_eq!(mous.total, 2, "{b}: the two Khon Kaen MOUs");
        let learning = mous.items.iter().find(|a| a.input.declared_signatories == Some(62)).expect("the MOU declaring 62 signatories");
        assert!(learning.input.notes_th.as_deref().unwrap().contains("59"), "{b}: the other count is kept as a note");
        assert_eq!(learning.input.signed_on.unwrap().to_string(), "2024-09-17", "{b}");

        let fy2567 =
            ProgrammeFilter { fiscal_year: Some(FiscalYear::from_be(2567).unwrap()), q: Some("SMART GENDER".into()), ..Default::default() };
        let smart = s.list_programmes(&fy2567, &Page::default()).await.unwrap();
        assert_eq!(smart.total, 1, "{b}: SMART GENDER in fiscal year 2567");
        assert!(smart.items[0].input.target_groups.contains(&"lgbtq".to_owned()), "{b}");

        let gender_goal = AgreementFilter { aligned_to: ItemRef::parse("sdg:5"), ..Default::default() };
        assert_eq!(s.list_agreements(&gender_goal, &Page::default()).await.unwrap().total, 1, "{b}: the gender MOU serves SDG 5");

        // The plans of reports 002 and 004, with the cabinet-resolution indicator computed.
        assert_eq!((summary.plans, summary.indicators), (2, 4), "{b}");
        let plans = s.list_plans(&PlanFilter { area: Some("50".into()), ..Default::default() }, &Page::default()).await.unwrap();
        assert_eq!(plans.total, 1, "{b}: Chiang Mai's human-rights plan");
        let chiang_mai = &plans.items[0];
        assert_eq!((chiang_mai.input.start_year.be(), chiang_mai.input.end_year.be()), (2566, 2570), "{b}: under NHRP No. 5");
        let progress = s.plan_progress(chiang_mai.id, FiscalYear::from_be(2566).unwrap(), None).await.unwrap();
        let strategies = progress.items.iter().filter(|i| i.item.input.level == PlanLevel::Strategy).count();
        assert_eq!(strategies, 2, "{b}");
        let readings: Vec<_> = progress.items.iter().filter_map(|i| i.indicator.as_ref()).collect();
        let training = readings.iter().find(|r| r.indicator.input.formula().is_some()).expect("the computed training indicator");
        assert_eq!(training.indicator.input.source, IndicatorSource::Computed { formula: phakhi_demo::TRAINING_FORMULA.into() });
        assert_eq!(training.final_target.map(|t| t.value), Some(100.0), "{b}: every agency, as the cabinet resolution asks");
        assert!(training.value.is_some() && training.problem.is_none(), "{b}: the formula evaluates over the records");
        let awards = readings.iter().find(|r| r.indicator.input.source == IndicatorSource::Entered).expect("the entered indicator");
        assert_eq!(awards.value, Some(2.0), "{b}: the two award-winning agencies of report 002, approved");
        let kk = s.list_plans(&PlanFilter { area: Some("40".into()), ..Default::default() }, &Page::default()).await.unwrap();
        assert_eq!(kk.items.iter().map(|p| p.input.code.as_str()).collect::<Vec<_>>(), ["kk-learning-city"], "{b}");
    }
}
