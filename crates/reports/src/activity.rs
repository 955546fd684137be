//! The activity report: one activity or event — what, when, where, who organised it — and who took
//! part, broken down by gender, age band and target group.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use phakhi_domain::ActivityId;
use phakhi_domain::activity::Activity;
use phakhi_domain::alignment::SubjectKind;
use phakhi_domain::organization::Organization;
use phakhi_store::{AlignmentFilter, Page, Store};

use crate::document::{Block, Cover, Lang, Options, Report, Section};
use crate::participation::{blocks, target_group_names};
use crate::{ReportError, public};

/// The day an instant falls on in Thailand (UTC+7), where every activity takes place.
pub fn thai_day(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&FixedOffset::east_opt(7 * 3600).expect("UTC+7 is a valid offset")).date_naive()
}

/// An organisation's name in the report's language.
pub fn organization_name(lang: Lang, o: &Organization) -> String {
    lang.pick(&o.input.name_th, o.input.name_en.as_deref()).to_owned()
}

/// An area's name in the report's language, or its code when it is unknown.
pub async fn area_name(store: &dyn Store, lang: Lang, code: &str) -> String {
    match store.get_area(code).await {
        Ok(a) => lang.pick(&a.name_th, Some(&a.name_en)).to_owned(),
        Err(_) => code.to_owned(),
    }
}

/// The frameworks an activity, programme or commitment is aligned to: "SDG 5.1", one line each.
pub async fn alignment_lines(store: &dyn Store, kind: SubjectKind, id: uuid::Uuid) -> Result<Vec<String>, ReportError> {
    let filter = AlignmentFilter { subject_kind: Some(kind), subject_id: Some(id), ..Default::default() };
    let found = store.list_alignments(&filter, &Page { limit: 100, offset: 0, sort: None }).await?;
    Ok(found.items.iter().map(|a| format!("{} {}", a.framework_code.to_uppercase(), a.item_code)).collect())
}

async fn facts(store: &dyn Store, lang: Lang, a: &Activity) -> Result<Vec<[String; 2]>, ReportError> {
    let i = &a.input;
    let mut when = lang.date(thai_day(i.starts_at));
    if let Some(end) = i.ends_at.map(thai_day).filter(|end| *end != thai_day(i.starts_at)) {
        when = format!("{when} – {}", lang.date(end));
    }
    let mut rows = vec![
        [lang.t("ประเภทกิจกรรม", "Kind"), lang.label(i.kind).to_owned()],
        [lang.t("วันที่", "Date"), when],
        [lang.t("รูปแบบ", "Attendance"), lang.label(i.mode).to_owned()],
    ];
    if let Some(venue) = lang.pick_opt(i.venue_th.as_deref(), i.venue_en.as_deref()) {
        rows.push([lang.t("สถานที่", "Venue"), venue]);
    }
    if let Some(code) = &i.area_code {
        rows.push([lang.t("พื้นที่", "Area"), area_name(store, lang, code).await]);
    }
    if let Some(h) = i.hours {
        rows.push([lang.t("จำนวนชั่วโมง", "Hours"), phakhi_charts::format_number(h)]);
    }
    if let Some(lead) = i.lead_organization_id {
        rows.push([lang.t("หน่วยงานหลัก", "Lead organisation"), organization_name(lang, &store.get_organization(lead).await?)]);
    }
    for partner in &i.partner_organization_ids {
        rows.push([lang.t("หน่วยงานร่วม", "Partner"), organization_name(lang, &store.get_organization(*partner).await?)]);
    }
    if let Some(p) = i.programme_id {
        let p = store.get_programme(p).await?;
        rows.push([lang.t("โครงการ", "Programme"), lang.pick(&p.input.title_th, p.input.title_en.as_deref()).to_owned()]);
    }
    let alignments = alignment_lines(store, SubjectKind::Activity, a.id.0).await?;
    if !alignments.is_empty() {
        rows.push([lang.t("ความสอดคล้อง", "Aligned to"), alignments.join(", ")]);
    }
    Ok(rows)
}

/// The activity report as PDF.
pub async fn activity_report(store: &dyn Store, id: ActivityId, options: &Options) -> Result<Vec<u8>, ReportError> {
    let store = public(store);
    let lang = options.lang;
    let a = store.get_activity(id).await?;
    let other = match lang {
        Lang::Th => a.input.title_en.clone(),
        Lang::En => Some(a.input.title_th.clone()),
    };
    let cover = Cover {
        kind: lang.t("รายงานผลการดำเนินกิจกรรม", "Activity report"),
        title: lang.pick(&a.input.title_th, a.input.title_en.as_deref()).to_owned(),
        subtitle: other.filter(|o| o != lang.pick(&a.input.title_th, a.input.title_en.as_deref())),
        period: lang.fiscal_year(phakhi_domain::FiscalYear::containing(thai_day(a.input.starts_at))),
        lines: vec![lang.t(&format!("จัดทำเมื่อ {}", lang.date(options.issued_on)), &format!("Issued {}", lang.date(options.issued_on)))],
    };
    let mut report = Report::new(*options, cover);
    let mut about = Section::new(lang.t("ข้อมูลกิจกรรม", "The activity")).with(Block::Facts { rows: facts(&*store, lang, &a).await? });
    if let Some(text) = lang.pick_opt(a.input.description_th.as_deref(), a.input.description_en.as_deref()) {
        about = about.with(Block::paragraph(text));
    }
    report.push(about);
    let groups = target_group_names(&*store, lang).await?;
    let participation = blocks(&mut report, &a.input.participation, &groups);
    report.push(Section { heading: lang.t("ผู้เข้าร่วม", "Participation"), blocks: participation });
    report.pdf().await
}
