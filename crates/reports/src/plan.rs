//! The plan monitoring report for one fiscal year: the plan, its overall progress, and under each
//! strategy every item's status and every indicator's baseline, target, value, status and trend over
//! the plan's years — the figures `Store::plan_progress` gives the plan page, as the public sees them.

use std::collections::HashMap;

use phakhi_charts::{Datum, Series};
use phakhi_domain::indicator::{Indicator, Target};
use phakhi_domain::plan::Plan;
use phakhi_domain::progress::Progress;
use phakhi_domain::{FiscalYear, IndicatorId, PlanId};
use phakhi_store::{IndicatorReading, ItemProgress, PlanProgress, Store};

use crate::activity::{area_name, organization_name};
use crate::document::{Block, Cover, Lang, Options, Report, Section};
use crate::participation::chart_text;
use crate::{ReportError, public};

/// Each indicator's value in each year of the plan: `None` where there is none or it is withheld.
type Trend = HashMap<IndicatorId, Vec<Datum>>;

/// The year to report: the one asked for, which must lie within the plan, or else the current one
/// brought within the plan's years.
pub fn reporting_year(plan: &Plan, asked: Option<FiscalYear>, today: chrono::NaiveDate) -> Result<FiscalYear, ReportError> {
    let (first, last) = (plan.input.start_year, plan.input.end_year);
    match asked {
        Some(y) if y < first || y > last => Err(ReportError::YearOutsidePlan { asked: y.be(), first: first.be(), last: last.be() }),
        Some(y) => Ok(y),
        None => Ok(FiscalYear::containing(today).clamp(first, last)),
    }
}

fn plan_years(plan: &Plan) -> Vec<FiscalYear> {
    (plan.input.start_year.be()..=plan.input.end_year.be()).filter_map(|y| FiscalYear::from_be(y).ok()).collect()
}

fn reading_datum(r: &IndicatorReading) -> Datum {
    match (r.value, r.suppressed) {
        (Some(v), _) => Datum::Value(v),
        (None, true) => Datum::Suppressed,
        (None, false) => Datum::Missing,
    }
}

/// Every indicator's value in every year of the plan (one progress reading per year).
async fn trend(store: &dyn Store, plan: &Plan) -> Result<Trend, ReportError> {
    let years = plan_years(plan);
    let mut trend: Trend = HashMap::new();
    for (i, year) in years.iter().enumerate() {
        let progress = store.plan_progress(plan.id, *year, None).await?;
        for reading in progress.items.iter().filter_map(|item| item.indicator.as_ref()) {
            trend.entry(reading.indicator.id).or_insert_with(|| vec![Datum::Missing; years.len()])[i] = reading_datum(reading);
        }
    }
    Ok(trend)
}

/// A number with its unit: `62 หน่วยงาน`; Thai puts ร้อยละ before the number.
fn amount(lang: Lang, indicator: &Indicator, value: f64) -> String {
    let unit = lang.pick(&indicator.input.unit_th, indicator.input.unit_en.as_deref());
    let number = phakhi_charts::format_number((value * 100.0).round() / 100.0);
    if unit == "ร้อยละ" { format!("{unit} {number}") } else { format!("{number} {unit}") }
}

/// "45% achieved, 50% expected by now", or nothing when there is no status.
fn shares(lang: Lang, p: &Progress) -> String {
    let percent = |share: f64| format!("{}%", phakhi_charts::format_number((share * 100.0).round()));
    match (p.achieved, p.expected) {
        (Some(a), Some(e)) => lang.t(
            &format!("บรรลุแล้ว {} (ตามแผนควรถึง {})", percent(a), percent(e)),
            &format!("{} achieved ({} expected by now)", percent(a), percent(e)),
        ),
        _ => String::new(),
    }
}

fn status(lang: Lang, p: &Progress) -> String {
    let shares = shares(lang, p);
    if shares.is_empty() { lang.label(p.status).to_owned() } else { format!("{} — {shares}", lang.label(p.status)) }
}

fn cover(lang: Lang, plan: &Plan, year: FiscalYear, options: &Options) -> Cover {
    let title = lang.pick(&plan.input.title_th, plan.input.title_en.as_deref()).to_owned();
    let other = match lang {
        Lang::Th => plan.input.title_en.clone(),
        Lang::En => Some(plan.input.title_th.clone()),
    };
    Cover {
        kind: lang.t("รายงานการติดตามผลการดำเนินงานตามแผน", "Plan monitoring report"),
        subtitle: other.filter(|o| *o != title),
        title,
        period: lang.fiscal_year(year),
        lines: vec![lang.t(&format!("จัดทำเมื่อ {}", lang.date(options.issued_on)), &format!("Issued {}", lang.date(options.issued_on)))],
    }
}

async fn about(store: &dyn Store, lang: Lang, plan: &Plan, progress: &PlanProgress) -> Result<Section, ReportError> {
    let i = &plan.input;
    let period = format!("{} – {}", lang.fiscal_year(i.start_year), lang.fiscal_year(i.end_year));
    let mut rows = vec![
        [lang.t("รหัสแผน", "Plan code"), i.code.clone()],
        [lang.t("ระยะเวลาของแผน", "Plan period"), period],
        [lang.t("สถานะของแผน", "Plan status"), lang.label(i.status).to_owned()],
    ];
    if let Some(n) = i.network_id {
        let network = store.get_network(n).await?;
        rows.push([lang.t("เครือข่ายผู้รับผิดชอบ", "Network"), lang.pick(&network.input.name_th, network.input.name_en.as_deref()).to_owned()]);
    }
    if let Some(o) = i.organization_id {
        rows.push([lang.t("หน่วยงานผู้รับผิดชอบ", "Organisation"), organization_name(lang, &store.get_organization(o).await?)]);
    }
    if let Some(code) = &i.area_code {
        rows.push([lang.t("พื้นที่", "Area"), area_name(store, lang, code).await]);
    }
    rows.push([lang.t("ผลการดำเนินงานภาพรวม", "Overall progress"), status(lang, &progress.overall)]);
    let mut section = Section::new(lang.t("ข้อมูลแผนและผลภาพรวม", "The plan and its overall progress")).with(Block::Facts { rows });
    if let Some(text) = lang.pick_opt(i.description_th.as_deref(), i.description_en.as_deref()) {
        section = section.with(Block::paragraph(text));
    }
    section = section.with(Block::note(lang.t(
        "ความก้าวหน้าของแต่ละตัวชี้วัดคิดจากค่าฐานถึงค่าเป้าหมาย และรวมขึ้นไปตามน้ำหนักของแต่ละรายการ ใช้เฉพาะค่าที่ได้รับอนุมัติแล้ว",
        "Each indicator's progress runs from its baseline to its target and is rolled up by the items' weights; only approved values count.",
    )));
    if !progress.exact {
        section = section.with(Block::note(lang.t(
            "ค่าที่คำนวณจากจำนวนผู้เข้าร่วม 1 ถึง 4 คนไม่แสดง เพื่อคุ้มครองข้อมูลส่วนบุคคล",
            "Values resting on a count of 1 to 4 participants are not shown, to protect personal data.",
        )));
    }
    Ok(section)
}

/// The items of one strategy, as a table of their status.
fn item_table(lang: Lang, items: &[&ItemProgress]) -> Block {
    let rows = items
        .iter()
        .map(|i| {
            let indent = "   ".repeat(usize::from(i.depth));
            let title = lang.pick(&i.item.input.title_th, i.item.input.title_en.as_deref());
            vec![format!("{indent}{} {title}", i.item.input.code), lang.label(i.item.input.level).to_owned(), status(lang, &i.progress)]
        })
        .collect();
    Block::columns(None, vec![lang.t("รายการ", "Item"), lang.t("ระดับ", "Level"), lang.t("สถานะ", "Status")], rows, &[3, 1, 2])
}

fn indicator_facts(lang: Lang, r: &IndicatorReading, item: &ItemProgress, year: FiscalYear) -> Block {
    let i = &r.indicator;
    let at = |value: f64, year: FiscalYear| format!("{} ({})", amount(lang, i, value), lang.fiscal_year(year));
    let not_set = || lang.t("ยังไม่กำหนด", "Not set");
    let target = |t: Option<Target>| t.map(|t| at(t.value, t.fiscal_year));
    let mut rows = vec![
        [lang.t("ค่าฐาน", "Baseline"), i.input.baseline.map(|b| at(b.value, b.fiscal_year)).unwrap_or_else(not_set)],
        [lang.t("ค่าเป้าหมาย", "Target"), target(r.final_target).unwrap_or_else(not_set)],
    ];
    if let Some(t) = target(r.target_for_year).filter(|_| r.target_for_year != r.final_target) {
        rows.push([lang.t("เป้าหมายของปีนี้", "This year's milestone"), t]);
    }
    let value = match (r.value, r.suppressed) {
        (Some(v), _) => amount(lang, i, v),
        (None, true) => lang.t("ไม่แสดง (จำนวนน้อยกว่า 5 คน)", "Not shown (fewer than 5 people)"),
        (None, false) => lang.t("ยังไม่มีค่าที่อนุมัติ", "No approved value yet"),
    };
    rows.push([lang.t(&format!("ผลการดำเนินงาน {}", lang.fiscal_year(year)), &format!("Value, {}", lang.fiscal_year(year))), value]);
    rows.push([lang.t("สถานะ", "Status"), status(lang, &item.progress)]);
    if let Some(problem) = &r.problem {
        rows.push([lang.t("ปัญหา", "Problem"), problem.clone()]);
    }
    Block::Facts { rows }
}

fn trend_chart(report: &mut Report, plan: &Plan, r: &IndicatorReading, values: &[Datum]) -> Block {
    let lang = report.lang();
    let i = &r.indicator;
    let years = plan_years(plan);
    let targets =
        years.iter().map(|y| i.input.targets.iter().find(|t| t.fiscal_year == *y).map_or(Datum::Missing, |t| Datum::Value(t.value)));
    let series = [
        Series { label: lang.t("ผลการดำเนินงาน", "Value"), values: values.to_vec() },
        Series { label: lang.t("ค่าเป้าหมาย", "Target"), values: targets.collect() },
    ];
    let name = lang.pick(&i.input.name_th, i.input.name_en.as_deref());
    let unit = lang.pick(&i.input.unit_th, i.input.unit_en.as_deref());
    let text = chart_text(
        lang,
        lang.t(&format!("แนวโน้ม: {} {name}", i.input.code), &format!("Trend: {} {name}", i.input.code)),
        lang.t("ปีงบประมาณ", "Fiscal year"),
        unit.to_owned(),
    );
    let labels: Vec<String> = years.iter().map(|y| y.be().to_string()).collect();
    let figure = phakhi_charts::line(&format!("trend-{}", i.id.0.simple()), &text, &labels, &series);
    report.chart(&figure, 75)
}

/// One section per strategy: its items' status, then each indicator's figures and trend.
fn strategies(report: &mut Report, plan: &Plan, year: FiscalYear, progress: &PlanProgress, trend: &Trend) -> Vec<Section> {
    let lang = report.lang();
    let mut groups: Vec<Vec<&ItemProgress>> = Vec::new();
    for item in &progress.items {
        match groups.last_mut() {
            Some(group) if item.depth > 0 => group.push(item),
            _ => groups.push(vec![item]),
        }
    }
    groups
        .into_iter()
        .map(|items| {
            let head = &items[0].item.input;
            let heading = format!("{} {} {}", lang.label(head.level), head.code, lang.pick(&head.title_th, head.title_en.as_deref()));
            let mut section = Section::new(heading).with(item_table(lang, &items));
            for item in &items {
                let Some(reading) = &item.indicator else { continue };
                let name = lang.pick(&reading.indicator.input.name_th, reading.indicator.input.name_en.as_deref());
                section = section
                    .with(Block::Subheading { text: format!("{} {name}", reading.indicator.input.code) })
                    .with(indicator_facts(lang, reading, item, year));
                if let Some(values) = trend.get(&reading.indicator.id) {
                    section = section.with(trend_chart(report, plan, reading, values));
                }
            }
            section
        })
        .collect()
}

/// The plan's monitoring report for `fiscal_year` (by default the current one, within the plan) as PDF.
pub async fn plan_report(
    store: &dyn Store,
    id: PlanId,
    fiscal_year: Option<FiscalYear>,
    options: &Options,
) -> Result<Vec<u8>, ReportError> {
    let store = public(store);
    let lang = options.lang;
    let plan = store.get_plan(id).await?;
    let year = reporting_year(&plan, fiscal_year, options.issued_on)?;
    let progress = store.plan_progress(id, year, None).await?;
    let trend = trend(&*store, &plan).await?;
    let mut report = Report::new(*options, cover(lang, &plan, year, options));
    report.push(about(&*store, lang, &plan, &progress).await?);
    if progress.items.is_empty() {
        report.push(
            Section::new(lang.t("ผลการดำเนินงาน", "Progress"))
                .with(Block::paragraph(lang.t("แผนนี้ยังไม่มีรายการ", "The plan has no items yet."))),
        );
    }
    for section in strategies(&mut report, &plan, year, &progress, &trend) {
        report.push(section);
    }
    report.pdf().await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(first: i32, last: i32) -> Plan {
        let input = phakhi_domain::plan::PlanInput {
            code: "p".into(),
            title_th: "แผน".into(),
            title_en: None,
            description_th: None,
            description_en: None,
            network_id: None,
            organization_id: None,
            area_code: None,
            start_year: FiscalYear::from_be(first).expect("a year"),
            end_year: FiscalYear::from_be(last).expect("a year"),
            status: phakhi_domain::plan::PlanStatus::Active,
            responsible_organization_ids: vec![],
            aligned_to: vec![],
        };
        let now = chrono::Utc::now();
        let meta = phakhi_domain::RecordMeta { version: 1, created_at: now, updated_at: now };
        Plan { id: PlanId(uuid::Uuid::nil()), input, template_of: None, meta }
    }

    #[test]
    fn the_reporting_year_is_the_one_asked_for_within_the_plan_or_today_s_brought_within_it() {
        let p = plan(2567, 2570);
        let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).expect("a date");
        let be = |y| FiscalYear::from_be(y).expect("a year");
        assert_eq!(reporting_year(&p, Some(be(2568)), day(2030, 1, 1)).expect("inside").be(), 2568);
        assert!(matches!(reporting_year(&p, Some(be(2571)), day(2024, 1, 1)), Err(ReportError::YearOutsidePlan { asked: 2571, .. })));
        // 15 Oct 2024 is in fiscal year 2568; 2020 is before the plan; 2035 after it.
        assert_eq!(reporting_year(&p, None, day(2024, 10, 15)).expect("today").be(), 2568);
        assert_eq!(reporting_year(&p, None, day(2020, 1, 1)).expect("before").be(), 2567);
        assert_eq!(reporting_year(&p, None, day(2035, 1, 1)).expect("after").be(), 2570);
    }
}
