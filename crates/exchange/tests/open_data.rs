//! The open-data exports of the demonstration network, on both databases: the IATI file validates
//! against the official 2.03 schema and says what the records say, small counts of people withheld;
//! the CKAN documents describe each published dataset.

use std::path::Path;
use std::process::Command;

use chrono::{DateTime, TimeZone, Utc};
use phakhi_domain::activity::{ActivityInput, ActivityKind, AttendanceMode};
use phakhi_domain::participation::{AgeBand, Gender, ParticipationCell};
use phakhi_exchange::{ckan, iati};
use phakhi_store::{Page, ProgrammeFilter, Store};
use phakhi_test_support::stores;

const SMART_GENDER_TH: &str = "โครงการการส่งเสริมความเท่าเทียมทางเพศและความเสมอภาคกับเพศทางเลือกสู่สังคมจิตอาสา “SMART GENDER”";
const PMU_A_TH: &str = "หน่วยบริหารและจัดการทุนด้านการพัฒนาระดับพื้นที่";
const SCHEMA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/schemas/iati/iati-activities-schema.xsd");

fn generated_at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 3, 0, 0).unwrap()
}

fn cell(gender: Gender, age_band: AgeBand, count: u32) -> ParticipationCell {
    ParticipationCell { gender, age_band, target_group: None, nationality: None, count }
}

/// The demonstration network, and a session of SMART GENDER whose three gender-diverse participants
/// must never be published as a number.
async fn demo_with_a_small_count(store: &dyn Store) {
    phakhi_demo::load(store).await.unwrap();
    let filter = ProgrammeFilter { q: Some("SMART GENDER".into()), ..Default::default() };
    let smart = &store.list_programmes(&filter, &Page::default()).await.unwrap().items[0];
    let session = ActivityInput {
        programme_id: Some(smart.id),
        kind: ActivityKind::Training,
        title_th: "SMART GENDER รุ่นที่ 2 (ทดสอบการปกปิดจำนวนน้อย)".into(),
        title_en: Some("SMART GENDER cohort 2 (small-count test)".into()),
        description_th: None,
        description_en: None,
        starts_at: Utc.with_ymd_and_hms(2024, 3, 1, 2, 0, 0).unwrap(),
        ends_at: None,
        venue_th: None,
        venue_en: None,
        area_code: Some("4001".into()),
        hours: Some(3.0),
        mode: AttendanceMode::Onsite,
        lead_organization_id: Some(smart.input.lead_organization_id),
        partner_organization_ids: vec![],
        target_groups: vec![],
        volunteer_hours: None,
        participation: vec![
            cell(Gender::Female, AgeBand::Youth, 41),
            cell(Gender::Male, AgeBand::Adult, 17),
            cell(Gender::GenderDiverse, AgeBand::Youth, 3),
        ],
    };
    store.create_activity(session).await.unwrap();
}

fn tools_required() -> bool {
    std::env::var("PHAKHI_REQUIRE_TOOLS").is_ok_and(|v| v == "1")
}

/// `xmllint --schema` on the file; `None` (with a notice) when xmllint is not installed.
fn xmllint(file: &Path) -> Option<std::process::Output> {
    match Command::new("xmllint").args(["--noout", "--schema", SCHEMA]).arg(file).output() {
        Ok(out) => Some(out),
        Err(e) => {
            assert!(!tools_required(), "xmllint is required (PHAKHI_REQUIRE_TOOLS=1) but could not run: {e}");
            eprintln!("notice: xmllint is not installed ({e}); the IATI schema validation is skipped. apt-get install libxml2-utils");
            None
        }
    }
}

fn texts<'a>(node: &roxmltree::Node<'a, 'a>) -> Vec<&'a str> {
    node.descendants().filter(|n| n.has_tag_name("narrative")).filter_map(|n| n.text()).collect()
}

#[tokio::test]
async fn the_iati_export_validates_and_says_what_the_records_say() {
    for t in stores().await {
        let b = t.backend;
        let s = t.store.as_ref();
        demo_with_a_small_count(s).await;
        let dump = s.export().await.unwrap();
        let export = iati::export(s, generated_at()).await.unwrap_or_else(|e| panic!("{b}: {e}"));

        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("phakhi-iati.xml");
        std::fs::write(&file, &export.xml).unwrap();
        if let Some(out) = xmllint(&file) {
            assert!(out.status.success(), "{b}: the export must validate against IATI 2.03:\n{}", String::from_utf8_lossy(&out.stderr));
        }

        let text = std::str::from_utf8(&export.xml).unwrap();
        let doc = roxmltree::Document::parse(text).unwrap();
        let activities: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("iati-activity")).collect();
        let identifier =
            |n: &roxmltree::Node| n.children().find(|c| c.has_tag_name("iati-identifier")).and_then(|c| c.text()).unwrap().to_owned();
        let programmes: Vec<_> = activities.iter().filter(|a| identifier(a).contains("-P-")).collect();
        assert_eq!(programmes.len(), dump.programmes.len(), "{b}: one iati-activity per programme");
        assert_eq!(
            activities.len(),
            dump.programmes.len() + dump.activities.len(),
            "{b}: and one per activity (each has a lead or a programme)"
        );
        assert_eq!((export.programmes, export.activities, export.left_out), (4, 6, 0), "{b}");
        assert!(programmes.iter().all(|p| p.attribute("hierarchy") == Some("1")), "{b}");

        // Every child names a parent that is in the file, and the parent names it back.
        let ids: Vec<String> = activities.iter().map(identifier).collect();
        for child in activities.iter().filter(|a| a.attribute("hierarchy") == Some("2")) {
            let parent = child.children().find(|c| c.has_tag_name("related-activity") && c.attribute("type") == Some("1")).unwrap();
            let parent_id = parent.attribute("ref").unwrap();
            assert!(ids.iter().any(|i| i == parent_id), "{b}: {parent_id}");
            let back = activities.iter().find(|a| identifier(a) == parent_id).unwrap();
            assert!(back.children().any(|c| c.attribute("type") == Some("2") && c.attribute("ref") == Some(&identifier(child))), "{b}");
        }

        // The Thai title intact, the SDG goals as tags of vocabulary 2.
        let smart =
            programmes.iter().find(|p| texts(p).contains(&SMART_GENDER_TH)).unwrap_or_else(|| panic!("{b}: the Thai title, intact"));
        let goals: Vec<&str> = smart
            .children()
            .filter(|c| c.has_tag_name("tag") && c.attribute("vocabulary") == Some("2"))
            .filter_map(|c| c.attribute("code"))
            .collect();
        assert_eq!(goals, ["5", "10", "16"], "{b}");
        let location = smart.children().find(|c| c.has_tag_name("location")).unwrap();
        assert_eq!(location.attribute("ref"), Some("TH-DOPA-4001"), "{b}: the DOPA code of Mueang Khon Kaen");

        // A funder named by the budget source is a funding (role 1) organisation.
        let funders: Vec<_> =
            doc.descendants().filter(|n| n.has_tag_name("participating-org") && n.attribute("role") == Some("1")).collect();
        assert_eq!(funders.len(), 2, "{b}: the two programmes funded by PMU A");
        assert!(funders.iter().all(|f| texts(f).contains(&PMU_A_TH)), "{b}");

        // Participation: the total shown, the three gender-diverse people (and the count that would
        // give them away by subtraction) withheld, a comment saying why.
        let actuals: Vec<_> = smart.descendants().filter(|n| n.has_tag_name("actual")).collect();
        let of = |value: &str| {
            actuals.iter().find(|a| a.children().any(|d| d.has_tag_name("dimension") && d.attribute("value") == Some(value))).unwrap()
        };
        assert!(actuals.iter().any(|a| a.attribute("value") == Some("61")), "{b}: the total");
        assert_eq!(of("female").attribute("value"), Some("41"), "{b}");
        for hidden in ["gender_diverse", "male"] {
            assert_eq!(of(hidden).attribute("value"), None, "{b}: {hidden}");
            assert!(texts(of(hidden)).iter().any(|t| t.contains("น้อยกว่า 5 คน")), "{b}: {hidden} says why");
        }
        assert!(!text.contains("value=\"3\""), "{b}: the small count appears nowhere");
        assert!(export.withheld >= 2, "{b}");
    }
}

#[tokio::test]
async fn the_ckan_documents_describe_each_published_dataset() {
    for t in stores().await {
        let b = t.backend;
        let s = t.store.as_ref();
        phakhi_demo::load(s).await.unwrap();
        let dump = s.export().await.unwrap();
        let files = vec!["indicator_kk-learning-city_1-1.csv".to_owned(), "indicator_kk-learning-city_2-1.csv".to_owned()];
        let catalogue = ckan::Catalogue {
            base_url: Some("https://data.example.go.th/phakhi/".into()),
            generated_at: generated_at(),
            open_sdg_files: files,
        };
        let packages = ckan::packages(&dump, &catalogue).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let written = ckan::write(dir.path(), &packages).unwrap();
        assert_eq!(written.len(), 3, "{b}: the dump, the Open SDG files and the IATI file");

        let mut names = Vec::new();
        for path in &written {
            let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap_or_else(|e| panic!("{b}: {e}"));
            for field in ["name", "title", "notes", "license_id", "objective", "update_frequency_unit", "geo_coverage", "data_category"] {
                assert!(doc[field].as_str().is_some_and(|v| !v.is_empty()), "{b}: {} has {field}", path.display());
            }
            assert!(doc["organization"]["name"].as_str().is_some(), "{b}");
            assert_eq!(doc["data_language"], serde_json::json!(["ไทย", "อังกฤษ"]), "{b}");
            assert!(doc["extras"].as_array().unwrap().iter().any(|e| e["key"] == "title_en"), "{b}: English beside Thai");
            let resources = doc["resources"].as_array().unwrap();
            assert!(!resources.is_empty(), "{b}");
            for r in resources {
                assert!(r["url"].as_str().unwrap().starts_with("https://data.example.go.th/phakhi/"), "{b}: {r}");
                assert!(r["format"].as_str().is_some() && r["name"].as_str().is_some(), "{b}");
            }
            names.push(doc["name"].as_str().unwrap().to_owned());
        }
        assert_eq!(names, ["phakhi-records", "phakhi-open-sdg", "phakhi-iati-activities"], "{b}");
        let open_sdg = &packages[1];
        assert_eq!(open_sdg.resources.len(), 2, "{b}: one resource per indicator file");
        assert_eq!(
            (open_sdg.first_year_of_data.as_str(), open_sdg.last_year_of_data.as_str()),
            ("2566", "2567"),
            "{b}: Buddhist Era years"
        );
        assert_eq!(open_sdg.geo_coverage, "อื่นๆ", "{b}: Khon Kaen and Chiang Mai");
        assert!(open_sdg.geo_coverage_other.contains("ขอนแก่น") && open_sdg.geo_coverage_other.contains("เชียงใหม่"), "{b}");
        assert!(packages[2].tags.iter().any(|t| t.name == "SDG 5"), "{b}: the goals the records serve");
    }
}
