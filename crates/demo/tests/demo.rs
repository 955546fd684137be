//! The demonstration network loads on both databases and holds the reports' facts.

use phakhi_domain::FiscalYear;
use phakhi_store::{AgreementFilter, ItemRef, Page, ProgrammeFilter};
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
    }
}
