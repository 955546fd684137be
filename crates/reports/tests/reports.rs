//! Each report kind rendered from the demonstration network on every database: a PDF comes out, its
//! text (read back with poppler's `pdftotext`) holds the records' Thai or English words, and a count
//! of people that disclosure control hides never appears.
//!
//! `pdftotext` (Debian: poppler-utils) is needed to read the text; without it these tests say so and
//! pass, unless `PHAKHI_REQUIRE_TOOLS=1` (as in CI), which makes a missing tool a failure.

use std::io::Write as _;
use std::process::Command;

use chrono::{NaiveDate, TimeZone, Utc};
use phakhi_domain::activity::{ActivityInput, ActivityKind, AttendanceMode};
use phakhi_domain::participation::{AgeBand, Gender, ParticipationCell};
use phakhi_domain::{ActivityId, FiscalYear, NetworkId, PlanId};
use phakhi_reports::{Lang, Options, activity_report, network_report, plan_report};
use phakhi_store::{NetworkFilter, Page, PlanFilter, Store};

const GENDER_NETWORK_TH: &str = "ภาคีเครือข่ายส่งเสริมความเสมอภาคทางเพศ จังหวัดขอนแก่น";
const GENDER_NETWORK_EN: &str = "Khon Kaen gender-equality partner network";
const LEARNING_PLAN_TH: &str = "แผนขับเคลื่อนขอนแก่นเมืองแห่งการเรียนรู้";
/// Women at the test activity: hidden by secondary suppression, because the three men are hidden
/// and the total is shown (140 − 137 would give them away).
const HIDDEN_WOMEN: u32 = 137;
const SHOWN_TOTAL: &str = "140";

fn options(lang: Lang) -> Options {
    Options { lang, thai_numerals: false, issued_on: NaiveDate::from_ymd_opt(2024, 10, 15).expect("a date") }
}

/// The text of a PDF as `pdftotext` reads it, or `None` (with a notice) when poppler is not installed.
fn pdf_text(pdf: &[u8]) -> Option<String> {
    let mut file = tempfile::NamedTempFile::new().expect("a temporary file");
    file.write_all(pdf).expect("write the PDF");
    match Command::new("pdftotext").args(["-enc", "UTF-8"]).arg(file.path()).arg("-").output() {
        Ok(out) => {
            assert!(out.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&out.stderr));
            Some(String::from_utf8(out.stdout).expect("pdftotext writes UTF-8"))
        }
        Err(e) => {
            let required = std::env::var("PHAKHI_REQUIRE_TOOLS").is_ok_and(|v| v == "1");
            assert!(!required, "pdftotext is required (PHAKHI_REQUIRE_TOOLS=1) but could not run: {e}");
            eprintln!("notice: pdftotext could not run ({e}); the PDF text checks are skipped. Install poppler-utils to run them.");
            None
        }
    }
}

/// Text with every space and line break removed, so a name the layout broke across lines still matches.
fn squeezed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn assert_contains(text: &str, word: &str, backend: &str) {
    assert!(squeezed(text).contains(&squeezed(word)), "{backend}: the report's text lacks {word:?}:\n{text}");
}

/// Checks a report is a PDF and, when `PHAKHI_REPORTS_OUT` names a directory, keeps it there to be
/// looked at (`pdftoppm -r 60 -png`).
fn assert_pdf(pdf: &[u8], name: &str) {
    assert!(pdf.starts_with(b"%PDF"), "{name} is not a PDF: {:?}", &pdf[..pdf.len().min(16)]);
    if let Ok(dir) = std::env::var("PHAKHI_REPORTS_OUT") {
        std::fs::write(std::path::Path::new(&dir).join(format!("{name}.pdf")), pdf).expect("keep the report");
    }
}

async fn network_id(store: &dyn Store, name: &str) -> NetworkId {
    let filter = NetworkFilter { q: Some(name.into()), ..Default::default() };
    let found = store.list_networks(&filter, &Page::default()).await.expect("list networks");
    found.items.iter().find(|n| n.input.name_th == name).unwrap_or_else(|| panic!("the demo network {name}")).id
}

async fn plan_id(store: &dyn Store, title: &str) -> PlanId {
    let found = store.list_plans(&PlanFilter::default(), &Page::all()).await.expect("list plans");
    found.items.iter().find(|p| p.input.title_th == title).unwrap_or_else(|| panic!("the demo plan {title}")).id
}

fn cell(gender: Gender, age_band: AgeBand, target_group: Option<&str>, count: u32) -> ParticipationCell {
    ParticipationCell { gender, age_band, target_group: target_group.map(str::to_owned), nationality: None, count }
}

/// A workshop of the gender network in fiscal year 2567, led by a member (Khon Kaen Province),
/// with 137 women and 3 men.
async fn workshop(store: &dyn Store, network: NetworkId) -> ActivityId {
    let lead = store.get_network(network).await.expect("the network").input.members[0].organization_id;
    let input = ActivityInput {
        programme_id: None,
        kind: ActivityKind::Workshop,
        title_th: "อบรมเชิงปฏิบัติการผู้นำชุมชนด้านความเสมอภาคทางเพศ".into(),
        title_en: Some("Community leaders' gender-equality workshop".into()),
        description_th: None,
        description_en: None,
        starts_at: Utc.with_ymd_and_hms(2024, 3, 12, 2, 0, 0).unwrap(),
        ends_at: None,
        venue_th: Some("ศาลากลางจังหวัดขอนแก่น".into()),
        venue_en: None,
        area_code: Some("40".into()),
        hours: Some(6.0),
        mode: AttendanceMode::Onsite,
        lead_organization_id: Some(lead),
        partner_organization_ids: vec![],
        target_groups: vec![],
        volunteer_hours: None,
        participation: vec![
            cell(Gender::Female, AgeBand::Adult, Some("lgbtq"), HIDDEN_WOMEN),
            cell(Gender::Male, AgeBand::Adult, Some("lgbtq"), 3),
        ],
    };
    store.create_activity(input).await.expect("create the workshop").id
}

#[tokio::test]
async fn each_report_renders_with_its_words_intact_and_no_hidden_count() {
    for t in phakhi_test_support::stores().await {
        let store = t.store.as_ref();
        phakhi_demo::load(store).await.expect("load the demonstration network");
        let network = network_id(store, GENDER_NETWORK_TH).await;
        let activity = workshop(store, network).await;
        let year = FiscalYear::from_be(2567).expect("a fiscal year");

        let th = network_report(store, network, year, &options(Lang::Th)).await.expect("the Thai network report");
        let en = network_report(store, network, year, &options(Lang::En)).await.expect("the English network report");
        let plan = plan_id(store, LEARNING_PLAN_TH).await;
        let plan_th = plan_report(store, plan, Some(year), &options(Lang::Th)).await.expect("the Thai plan report");
        let plan_en = plan_report(store, plan, Some(year), &options(Lang::En)).await.expect("the English plan report");
        let act = activity_report(store, activity, &options(Lang::Th)).await.expect("the activity report");
        for (pdf, name) in [(&th, "network-th"), (&en, "network-en"), (&plan_th, "plan-th"), (&plan_en, "plan-en"), (&act, "activity-th")] {
            assert_pdf(pdf, &format!("{name}-{}", t.backend));
        }

        let Some(text) = pdf_text(&th) else { return };
        let b = t.backend;
        assert_contains(&text, GENDER_NETWORK_TH, b);
        assert_contains(&text, "ปีงบประมาณ พ.ศ. 2567", b);
        assert_contains(&text, "ส่วนราชการส่วนภูมิภาค", b); // Khon Kaen Province's sector
        assert_contains(&text, "มูลนิธิเครือข่ายความหลากหลายทางเพศอีสาน", b);
        assert_contains(&text, "<5", b);
        assert_contains(&text, SHOWN_TOTAL, b);
        assert!(!text.contains(&HIDDEN_WOMEN.to_string()), "{b}: the hidden count {HIDDEN_WOMEN} is in the network report");
        // Tone marks above upper vowels once came out twice ("จำนวนตั้ตั้งแต่", typst issue 7610).
        assert_contains(&text, "จำนวนตั้งแต่ 1 ถึง 4 คน", b);
        assert!(!text.contains("ตั้ตั้ง") && !text.contains("ที่ที่"), "{b}: a syllable extracted twice:\n{text}");

        let text = pdf_text(&en).expect("pdftotext ran before");
        assert_contains(&text, GENDER_NETWORK_EN, b);
        assert_contains(&text, "Provincial or regional office", b);
        assert_contains(&text, "Sustainable Development Goals", b);
        assert!(!text.contains(&HIDDEN_WOMEN.to_string()), "{b}: the hidden count is in the English network report");

        let text = pdf_text(&plan_th).expect("pdftotext ran before");
        assert_contains(&text, LEARNING_PLAN_TH, b);
        assert_contains(&text, "ค่าเป้าหมาย", b);
        let text = pdf_text(&plan_en).expect("pdftotext ran before");
        assert_contains(&text, "Plan monitoring report", b);
        assert_contains(&text, "Baseline", b);

        let text = pdf_text(&act).expect("pdftotext ran before");
        assert_contains(&text, "อบรมเชิงปฏิบัติการผู้นำชุมชนด้านความเสมอภาคทางเพศ", b);
        assert_contains(&text, "หญิง", b);
        assert_contains(&text, "<5", b);
        assert_contains(&text, SHOWN_TOTAL, b);
        assert!(!text.contains(&HIDDEN_WOMEN.to_string()), "{b}: the hidden count is in the activity report");
    }
}

#[tokio::test]
async fn thai_numerals_replace_the_digits_of_the_text() {
    let t = phakhi_test_support::sqlite().await;
    let store = t.store.as_ref();
    phakhi_demo::load(store).await.expect("load the demonstration network");
    let network = network_id(store, GENDER_NETWORK_TH).await;
    let year = FiscalYear::from_be(2567).expect("a fiscal year");
    let pdf = network_report(store, network, year, &Options { thai_numerals: true, ..options(Lang::Th) }).await.expect("the report");
    let Some(text) = pdf_text(&pdf) else { return };
    assert_contains(&text, "ปีงบประมาณ พ.ศ. ๒๕๖๗", "sqlite");
    assert!(!text.contains("2567"), "Arabic digits left in the text with Thai numerals");
}

#[tokio::test]
async fn a_plan_year_outside_the_plan_is_refused() {
    let t = phakhi_test_support::sqlite().await;
    let store = t.store.as_ref();
    phakhi_demo::load(store).await.expect("load the demonstration network");
    let plan = plan_id(store, LEARNING_PLAN_TH).await;
    let year = FiscalYear::from_be(2590).expect("a fiscal year");
    let err = plan_report(store, plan, Some(year), &options(Lang::En)).await.expect_err("a year outside the plan");
    assert!(err.to_string().contains("2590"), "{err}");
}
