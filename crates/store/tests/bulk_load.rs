//! `Store::load_bulk` with generated data, on SQLite and (when reachable) PostgreSQL: every batch lands
//! as the per-record inserts would have written it, counts and figures add up through the Store API,
//! the records are found by search as soon as they are loaded (and a reindex finds them the same), and
//! the audit log has one entry per batch.

use phakhi_domain::access::Principal;
use phakhi_domain::{FiscalYear, Validate};
use phakhi_generate::{Generator, Plan};
use phakhi_store::accounts::{Actor, AuditFilter};
use phakhi_store::*;
use phakhi_test_support::stores;

fn one() -> Page {
    Page { limit: 1, ..Page::default() }
}

/// The tiny plan's batches, and everything in them merged for checking.
fn data_set() -> (Vec<Dump>, Dump) {
    let reference = phakhi_reference::reference_set().unwrap();
    let batches: Vec<Dump> = Generator::new(Plan::tiny(), 11, &reference).unwrap().collect();
    let mut all = batches[0].clone();
    for b in &batches[1..] {
        all.programmes.extend(b.programmes.iter().cloned());
        all.activities.extend(b.activities.iter().cloned());
        all.alignments.extend(b.alignments.iter().cloned());
        all.plans.extend(b.plans.iter().cloned());
        all.indicators.extend(b.indicators.iter().cloned());
    }
    (batches, all)
}

#[tokio::test]
async fn generated_batches_load_count_and_are_found() {
    let (batches, all) = data_set();
    for t in stores().await {
        let s = t.store.as_ref();
        let b = t.backend;
        for batch in &batches {
            s.load_bulk(batch).await.unwrap_or_else(|e| panic!("{b}: {e}"));
        }
        // Counts through the Store API.
        assert_eq!(s.list_organizations(&Default::default(), &one()).await.unwrap().total as usize, all.organizations.len(), "{b}");
        assert_eq!(s.list_networks(&Default::default(), &one()).await.unwrap().total as usize, all.networks.len(), "{b}");
        assert_eq!(s.list_agreements(&Default::default(), &one()).await.unwrap().total as usize, all.agreements.len(), "{b}");
        assert_eq!(s.list_commitments(&Default::default(), &one()).await.unwrap().total as usize, all.commitments.len(), "{b}");
        assert_eq!(s.list_programmes(&Default::default(), &one()).await.unwrap().total as usize, all.programmes.len(), "{b}");
        assert_eq!(s.list_activities(&Default::default(), &one()).await.unwrap().total as usize, all.activities.len(), "{b}");
        assert_eq!(s.list_alignments(&Default::default(), &one()).await.unwrap().total as usize, all.alignments.len(), "{b}");
        assert_eq!(s.list_plans(&Default::default(), &one()).await.unwrap().total as usize, all.plans.len(), "{b}");
        assert_eq!(s.list_indicators(&Default::default(), &one()).await.unwrap().total as usize, all.indicators.len(), "{b}");
        assert!(!all.plans.is_empty(), "the generator ends with the plans");
        // A plan of the last batch is found by its title, as every record is.
        let plan = &all.plans[all.plans.len() - 1];
        let request = SearchRequest { q: plan.input.title_th.clone(), kind: Some("plan".into()), area: None, prefix: false };
        let found = s.search(&request, &Page::default()).await.unwrap();
        assert!(found.hits.iter().any(|h| h.id == plan.id.0), "{b}: the plan {} is not found", plan.input.title_th);

        // Records read back exactly as generated (the bulk rows mirror the per-record inserts).
        for a in all.activities.iter().step_by(37) {
            assert_eq!(&s.get_activity(a.id).await.unwrap(), a, "{b}");
        }
        for p in all.programmes.iter().step_by(7) {
            assert_eq!(&s.get_programme(p.id).await.unwrap(), p, "{b}");
        }
        for a in &all.agreements {
            let back = s.get_agreement(a.id).await.unwrap();
            assert_eq!((&back.input, &back.meta), (&a.input, &a.meta), "{b}");
            assert!(back.input.validate().is_empty());
        }
        for c in &all.commitments {
            assert_eq!(&s.get_commitment(c.id).await.unwrap(), c, "{b}");
        }
        for n in &all.networks {
            assert_eq!(&s.get_network(n.id).await.unwrap(), n, "{b}");
        }
        for o in all.organizations.iter().step_by(5) {
            assert_eq!(&s.get_organization(o.id).await.unwrap(), o, "{b}");
        }

        // The overview's figures are the sums of the generated cells.
        let fy = FiscalYear::from_be(2567).unwrap();
        let overview = s.overview(fy).await.unwrap();
        let in_year: Vec<_> = all.programmes.iter().filter(|p| p.input.fiscal_year == fy).collect();
        assert_eq!(overview.programmes as usize, in_year.len(), "{b}");
        assert!(overview.activities > 0 && overview.participants > 0, "{b}");

        // A generated title is found by search, in Thai and in English.
        let target = &all.activities[0];
        let request = SearchRequest { q: target.input.title_th.clone(), kind: Some("activity".into()), area: None, prefix: false };
        let found = s.search(&request, &Page::default()).await.unwrap();
        assert!(found.hits.iter().any(|h| h.id == target.id.0), "{b}: {} not found by its Thai title", target.input.title_th);
        let english = target.input.title_en.clone().unwrap();
        let request = SearchRequest { q: english.clone(), kind: Some("activity".into()), area: None, prefix: false };
        let found = s.search(&request, &Page::default()).await.unwrap();
        assert!(found.hits.iter().any(|h| h.id == target.id.0), "{b}: {english} not found");

        // The index written while loading is the one a rebuild writes.
        let broad = SearchRequest { q: "synthetic".into(), ..Default::default() };
        let before = s.search(&broad, &Page::default()).await.unwrap();
        let indexed = s.reindex().await.unwrap();
        assert!(indexed as usize >= all.organizations.len() + all.programmes.len() + all.activities.len(), "{b}");
        let after = s.search(&broad, &Page::default()).await.unwrap();
        assert!(before.total > 0, "{b}");
        assert_eq!((before.total, &before.facets), (after.total, &after.facets), "{b}");
        // Settling the index after a load (merging it) changes what it finds in nothing.
        s.finish_bulk_load().await.unwrap_or_else(|e| panic!("{b}: {e}"));
        let settled = s.search(&broad, &Page::default()).await.unwrap();
        assert_eq!((before.total, &before.facets), (settled.total, &settled.facets), "{b}");
        if b == "postgres" {
            // And PostgreSQL has the statistics of every table it plans by, autovacuum or not.
            use sqlx::Connection;
            let mut db = sqlx::PgConnection::connect(&t.url).await.unwrap();
            let (tables,): (i64,) = sqlx::query_as(
                "SELECT COUNT(DISTINCT tablename) FROM pg_stats WHERE schemaname = current_schema() AND tablename IN ('activity_partners', 'programme_partners', 'organizations')",
            )
            .fetch_one(&mut db)
            .await
            .unwrap();
            assert_eq!(tables, 3, "{b}: statistics gathered after the load");
        }

        // One audit entry per batch, saying what it loaded.
        let filter = AuditFilter { entity: Some("bulk_load".into()), ..Default::default() };
        let log = s.list_audit(&filter, &Page::all()).await.unwrap();
        assert_eq!(log.total as usize, batches.len(), "{b}");
        let loaded: u64 = log.items.iter().map(|e| e.after.as_ref().unwrap()["activities"].as_u64().unwrap()).sum();
        assert_eq!(loaded as usize, all.activities.len(), "{b}");
        assert!(log.items.iter().all(|e| e.action == "create"));
    }
}

#[tokio::test]
async fn only_admins_load_in_bulk_and_a_failed_batch_leaves_nothing() {
    let (batches, _) = data_set();
    for t in stores().await {
        let b = t.backend;
        let anonymous = t.store.acting_as(Actor { principal: Principal::anonymous(), ip: None });
        assert!(anonymous.load_bulk(&batches[0]).await.is_err(), "{b}: an anonymous caller is refused");
        assert!(anonymous.finish_bulk_load().await.is_err(), "{b}: an anonymous caller is refused");
        // Work before the register refers to organisations that do not exist: the keys refuse it whole.
        assert!(t.store.load_bulk(&batches[1]).await.is_err(), "{b}");
        assert_eq!(t.store.list_programmes(&Default::default(), &one()).await.unwrap().total, 0, "{b}");
        let log = t.store.list_audit(&AuditFilter::default(), &Page::all()).await.unwrap();
        assert!(log.items.iter().all(|e| e.entity != "bulk_load"), "{b}: no audit entry for a batch that failed");
    }
}
