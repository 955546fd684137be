//! Search over more matches than it counts, on SQLite and (when reachable) PostgreSQL: past 1,000
//! matches the total and facets are lower bounds, a record whose title holds the words is still found
//! first however late it was written, and a filter narrows inside the index.

use chrono::Utc;
use phakhi_domain::OrganizationId;
use phakhi_domain::RecordMeta;
use phakhi_domain::organization::{Organization, OrganizationInput, OrganizationStatus, Sector};
use phakhi_store::*;
use phakhi_test_support::stores;

fn organization(name: &str, description: &str, sector: Sector, area: &str) -> Organization {
    let now = Utc::now();
    Organization {
        id: OrganizationId::new(),
        input: OrganizationInput {
            name_th: name.into(),
            name_en: None,
            abbreviation: None,
            sector,
            parent_id: None,
            area_code: Some(area.into()),
            website: None,
            status: OrganizationStatus::Active,
            description_th: Some(description.into()),
            description_en: None,
        },
        meta: RecordMeta { version: 1, created_at: now, updated_at: now },
    }
}

fn batch(organizations: Vec<Organization>) -> Dump {
    Dump { organizations, ..Dump::empty() }
}

fn request(q: &str) -> SearchRequest {
    SearchRequest { q: q.into(), ..Default::default() }
}

#[tokio::test]
async fn past_the_counting_limit_totals_are_lower_bounds_and_named_records_still_come_first() {
    // 1,200 records mention the word in their description; the one named by it is written last.
    let mut many: Vec<Organization> =
        (0..1_200).map(|i| organization(&format!("กลุ่มอาสาสมัคร {i}"), "สมาชิกภาคีเครือข่ายพิทักษ์สิทธิเด็ก", Sector::CommunityGroup, "40")).collect();
    let named = organization("เครือข่ายพิทักษ์สิทธิเด็ก", "ศูนย์ประสานงาน", Sector::CivilSociety, "50");
    many.push(named.clone());
    for t in stores().await {
        let s = t.store.as_ref();
        let b = t.backend;
        s.load_bulk(&batch(many.clone())).await.unwrap_or_else(|e| panic!("{b}: {e}"));

        let found = s.search(&request("พิทักษ์สิทธิเด็ก"), &Page::default()).await.unwrap();
        assert!(found.total_is_lower_bound, "{b}: 1,201 matches are more than are counted");
        assert_eq!(found.total, CANDIDATES as u64, "{b}");
        assert_eq!(found.facets.kind.values().sum::<u64>(), CANDIDATES as u64, "{b}: facets count what was counted");
        // The matches counted are the community groups of province 40 and, depending on where the
        // index (on PostgreSQL, its shards) holds it, the civil-society network of province 50.
        assert_eq!(found.facets.kind.get("organization"), Some(&(CANDIDATES as u64)), "{b}");
        for (facet, common, rare) in [(&found.facets.sector, "community_group", "civil_society"), (&found.facets.province, "40", "50")] {
            let (common, rare) = (facet.get(common).copied().unwrap_or(0), facet.get(rare).copied().unwrap_or(0));
            assert_eq!(common + rare, CANDIDATES as u64, "{b}: {facet:?}");
            assert!(rare <= 1, "{b}: {facet:?}");
        }
        assert_eq!(found.hits.first().map(|h| h.id), Some(named.id.0), "{b}: the record named by the words comes first");

        // A filter narrows inside the index: exact counts again.
        let narrowed = s.search(&SearchRequest { area: Some("50".into()), ..request("พิทักษ์สิทธิเด็ก") }, &Page::default()).await.unwrap();
        assert!(!narrowed.total_is_lower_bound, "{b}");
        assert_eq!(narrowed.total, 1, "{b}");
        assert_eq!(narrowed.facets.province.get("50"), Some(&1), "{b}");
        let by_kind = s.search(&SearchRequest { kind: Some("network".into()), ..request("พิทักษ์สิทธิเด็ก") }, &Page::default()).await.unwrap();
        assert_eq!(by_kind.total, 0, "{b}: no network matches");

        // Pages stop where the counted matches end.
        let last = s.search(&request("พิทักษ์สิทธิเด็ก"), &Page { limit: 20, offset: CANDIDATES as u64 - 10, ..Page::default() }).await.unwrap();
        assert!(!last.hits.is_empty() && last.hits.len() <= 20, "{b}: {}", last.hits.len());
    }
}

#[tokio::test]
async fn a_thai_word_matches_where_its_parts_stand_together_and_elsewhere_only_when_nothing_does() {
    // คนจนเมือง is segmented into คนจน + เมือง; เมืองของคนจน holds both, apart.
    let together = organization("เครือข่ายคนจนเมือง", "", Sector::CivilSociety, "10");
    let apart = organization("เมืองของคนจน", "", Sector::CivilSociety, "10");
    for t in stores().await {
        let s = t.store.as_ref();
        let b = t.backend;
        s.load_bulk(&batch(vec![apart.clone()])).await.unwrap();
        let found = s.search(&request("คนจนเมือง"), &Page::default()).await.unwrap();
        let ids: Vec<_> = found.hits.iter().map(|h| h.id).collect();
        assert_eq!(ids, [apart.id.0], "{b}: with nothing written as typed, the parts anywhere");

        s.load_bulk(&batch(vec![together.clone()])).await.unwrap();
        let found = s.search(&request("คนจนเมือง"), &Page::default()).await.unwrap();
        let ids: Vec<_> = found.hits.iter().map(|h| h.id).collect();
        assert_eq!(ids, [together.id.0], "{b}: the word as written, and only it");
    }
}
