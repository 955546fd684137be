//! Who took part, as a public report may show it: the total, and the breakdowns by gender (chart and
//! table), age band and target group (chart and table). Every count goes through
//! `phakhi_domain::disclosure::disclose` first, so counts from 1 to 4 — and whatever would give them
//! away by subtraction from the total — read "<5" and are never drawn to scale.

use std::collections::{BTreeMap, HashMap};

use phakhi_charts::{Datum, Item, Text};
use phakhi_domain::disclosure::{self, Shown};
use phakhi_domain::participation::{AgeBand, Gender, ParticipationCell, summarise};
use phakhi_domain::vocabulary::Vocabulary;
use phakhi_store::Store;

use crate::ReportError;
use crate::document::{Block, Lang, Report, shown};

/// Target-group names by code, in the report's language.
pub async fn target_group_names(store: &dyn Store, lang: Lang) -> Result<HashMap<String, String>, ReportError> {
    let groups = store.list_target_groups().await?;
    Ok(groups.into_iter().map(|g| (g.code, lang.pick(&g.name_th, Some(&g.name_en)).to_owned())).collect())
}

/// The texts of a chart in the report's language.
pub fn chart_text(lang: Lang, title: String, label_header: String, value_header: String) -> Text {
    Text { title, table_summary: String::new(), label_header, value_header, empty: lang.t("ไม่มีข้อมูล", "No data") }
}

pub fn datum(s: Shown) -> Datum {
    match s {
        Shown::Count(n) => Datum::Value(n as f64),
        Shown::Suppressed => Datum::Suppressed,
    }
}

/// A disclosed breakdown in the order of its vocabulary, labelled in the report's language.
fn in_vocabulary_order<V: Vocabulary>(lang: Lang, shown: &BTreeMap<String, Shown>) -> Vec<(String, Shown)> {
    V::ALL.iter().filter_map(|v| shown.get(v.code()).map(|s| (lang.label(*v).to_owned(), *s))).collect()
}

fn by_target_group(lang: Lang, shown: &BTreeMap<String, Shown>, names: &HashMap<String, String>) -> Vec<(String, Shown)> {
    let not_stated = lang.label(Gender::NotStated).to_owned();
    shown.iter().map(|(code, s)| (names.get(code).cloned().unwrap_or_else(|| not_stated.clone()), *s)).collect()
}

fn bar_chart(report: &mut Report, id: &str, title: String, header: String, rows: &[(String, Shown)]) -> Block {
    let lang = report.lang();
    let items: Vec<Item> = rows.iter().map(|(label, s)| Item { label: label.clone(), value: datum(*s), href: None }).collect();
    let figure = phakhi_charts::bars(id, &chart_text(lang, title, header, lang.t("ผู้เข้าร่วม (คน)", "Participants")), &items);
    report.chart(&figure, 85)
}

fn count_table(lang: Lang, caption: String, header: String, rows: Vec<(String, Shown)>) -> Block {
    let rows = rows.into_iter().map(|(label, s)| vec![label, shown(s)]).collect();
    Block::counts(Some(caption), vec![header, lang.t("ผู้เข้าร่วม (คน)", "Participants")], rows)
}

/// The participation blocks of a report over `cells` (one activity's, or all of a network's year).
pub fn blocks(report: &mut Report, cells: &[ParticipationCell], groups: &HashMap<String, String>) -> Vec<Block> {
    let lang = report.lang();
    let summary = summarise(cells);
    if summary.total == 0 {
        return vec![Block::paragraph(lang.t("ไม่มีการบันทึกจำนวนผู้เข้าร่วม", "No participation was recorded."))];
    }
    // A report is public: the aggregates everyone may see, never the exact small counts.
    let public = disclosure::disclose(&summary, false);
    let total = shown(public.total);
    let gender = in_vocabulary_order::<Gender>(lang, &public.by_gender);
    let age = in_vocabulary_order::<AgeBand>(lang, &public.by_age_band);
    let target = by_target_group(lang, &public.by_target_group, groups);
    let gender_title = lang.t("ผู้เข้าร่วมจำแนกตามเพศ", "Participants by gender");
    let target_title = lang.t("ผู้เข้าร่วมจำแนกตามกลุ่มเป้าหมาย", "Participants by target group");
    let gender_header = lang.t("เพศ", "Gender");
    let target_header = lang.t("กลุ่มเป้าหมาย", "Target group");
    vec![
        Block::paragraph(lang.t(&format!("ผู้เข้าร่วมทั้งหมด {total} คน"), &format!("{total} participants in all."))),
        bar_chart(report, "participation-gender", gender_title.clone(), gender_header.clone(), &gender),
        count_table(lang, gender_title, gender_header, gender),
        count_table(lang, lang.t("ผู้เข้าร่วมจำแนกตามช่วงอายุ", "Participants by age band"), lang.t("ช่วงอายุ", "Age band"), age),
        bar_chart(report, "participation-target-group", target_title.clone(), target_header.clone(), &target),
        count_table(lang, target_title, target_header, target),
        Block::note(lang.t(
            "เพื่อคุ้มครองข้อมูลส่วนบุคคล จำนวนตั้งแต่ 1 ถึง 4 คนแสดงเป็น “<5” และจำนวนที่อาจใช้คำนวณย้อนกลับได้ถูกซ่อนด้วย",
            "To protect personal data, counts from 1 to 4 are shown as “<5”, and so is any count that would let them be worked out.",
        )),
    ]
}
