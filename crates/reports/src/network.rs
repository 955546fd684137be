//! The network's annual report for one fiscal year: the network, its members by sector, its
//! agreements, the commitments made under them and their status, the programmes and activities of
//! its members in the year, who took part, the SDGs the work is aligned to, and where it took place.
//!
//! A network's work is what its members lead or partner in: the programmes and activities of the
//! year in which a member organisation takes part, each counted once.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use phakhi_charts::{Datum, Goal, Item, Region};
use phakhi_domain::activity::Activity;
use phakhi_domain::agreement::Agreement;
use phakhi_domain::alignment::{Alignment, SubjectKind};
use phakhi_domain::area::AreaLevel;
use phakhi_domain::commitment::Commitment;
use phakhi_domain::network::{MemberRole, Network};
use phakhi_domain::organization::{Organization, Sector};
use phakhi_domain::programme::Programme;
use phakhi_domain::vocabulary::Vocabulary;
use phakhi_domain::{FiscalYear, NetworkId, OrganizationId};
use phakhi_store::{
    ActivityFilter, AgreementFilter, AlignmentFilter, AreaFilter, CommitmentFilter, FrameworkItemFilter, Page, ProgrammeFilter, Store,
};

use crate::activity::{area_name, organization_name, thai_day};
use crate::document::{Block, Cover, Lang, Options, Report, Section, number, shown};
use crate::participation::{blocks, chart_text, target_group_names};
use crate::{ReportError, public};

/// What the report reads about a network and its year.
struct Year {
    network: Network,
    fiscal_year: FiscalYear,
    /// The members' organisations, in the network's order.
    members: Vec<Organization>,
    agreements: Vec<Agreement>,
    commitments: Vec<Commitment>,
    programmes: Vec<Programme>,
    activities: Vec<Activity>,
    /// SDG alignments of the year's programmes and activities.
    sdg: Vec<Alignment>,
}

async fn read(store: &dyn Store, id: NetworkId, fiscal_year: FiscalYear) -> Result<Year, ReportError> {
    let network = store.get_network(id).await?;
    let mut members = Vec::new();
    for m in &network.input.members {
        members.push(store.get_organization(m.organization_id).await?);
    }
    let agreements = store.list_agreements(&AgreementFilter { network: Some(id), ..Default::default() }, &Page::all()).await?.items;
    let mut commitments = Vec::new();
    for a in &agreements {
        let filter = CommitmentFilter { agreement: Some(a.id), ..Default::default() };
        commitments.extend(store.list_commitments(&filter, &Page::all()).await?.items);
    }
    let member_ids: Vec<OrganizationId> = members.iter().map(|o| o.id).collect();
    let (programmes, activities) = work_of(store, &member_ids, fiscal_year).await?;
    let mut sdg = Vec::new();
    let subjects =
        programmes.iter().map(|p| (SubjectKind::Programme, p.id.0)).chain(activities.iter().map(|a| (SubjectKind::Activity, a.id.0)));
    for (kind, subject) in subjects {
        let filter =
            AlignmentFilter { subject_kind: Some(kind), subject_id: Some(subject), framework: Some("sdg".into()), ..Default::default() };
        sdg.extend(store.list_alignments(&filter, &Page::all()).await?.items);
    }
    Ok(Year { network, fiscal_year, members, agreements, commitments, programmes, activities, sdg })
}

/// The year's programmes (by title) and activities (by date) that a member leads or partners in,
/// each once however many members take part in it.
async fn work_of(
    store: &dyn Store,
    members: &[OrganizationId],
    fiscal_year: FiscalYear,
) -> Result<(Vec<Programme>, Vec<Activity>), ReportError> {
    let (mut programmes, mut activities) = (BTreeMap::new(), BTreeMap::new());
    for org in members {
        let filter = ProgrammeFilter { organization: Some(*org), fiscal_year: Some(fiscal_year), ..Default::default() };
        programmes.extend(store.list_programmes(&filter, &Page::all()).await?.items.into_iter().map(|p| (p.id.0, p)));
        let filter = ActivityFilter { organization: Some(*org), fiscal_year: Some(fiscal_year), ..Default::default() };
        activities.extend(store.list_activities(&filter, &Page::all()).await?.items.into_iter().map(|a| (a.id.0, a)));
    }
    let mut programmes: Vec<Programme> = programmes.into_values().collect();
    programmes.sort_by(|a, b| a.input.title_th.cmp(&b.input.title_th));
    let mut activities: Vec<Activity> = activities.into_values().collect();
    activities.sort_by_key(|a| a.input.starts_at);
    Ok((programmes, activities))
}

fn cover(lang: Lang, y: &Year, options: &Options) -> Cover {
    let n = &y.network.input;
    let title = lang.pick(&n.name_th, n.name_en.as_deref()).to_owned();
    let other = match lang {
        Lang::Th => n.name_en.clone(),
        Lang::En => Some(n.name_th.clone()),
    };
    Cover {
        kind: lang.t("รายงานผลการดำเนินงานประจำปี", "Annual report"),
        subtitle: other.filter(|o| *o != title),
        title,
        period: lang.fiscal_year(y.fiscal_year),
        lines: vec![lang.t(&format!("จัดทำเมื่อ {}", lang.date(options.issued_on)), &format!("Issued {}", lang.date(options.issued_on)))],
    }
}

async fn about(store: &dyn Store, lang: Lang, y: &Year) -> Section {
    let n = &y.network.input;
    let first = y.fiscal_year.first_day();
    let last = y.fiscal_year.last_day();
    let mut rows = vec![
        [lang.t("ชื่อเครือข่าย", "Network"), n.name_th.clone()],
        [lang.t("ชื่อภาษาอังกฤษ", "Name in English"), n.name_en.clone().unwrap_or_else(|| "–".into())],
        [lang.t("ช่วงเวลาที่รายงาน", "Period reported"), format!("{} – {}", lang.date(first), lang.date(last))],
        [lang.t("จำนวนสมาชิก", "Members"), number(n.members.len() as u64)],
    ];
    if let Some(instrument) = &n.instrument {
        rows.push([lang.t("ตราสารจัดตั้ง", "Founding instrument"), instrument.clone()]);
    }
    if let Some(on) = n.established_on {
        rows.push([lang.t("วันที่จัดตั้ง", "Established"), lang.date(on)]);
    }
    if let Some(code) = &n.area_code {
        rows.push([lang.t("พื้นที่", "Area"), area_name(store, lang, code).await]);
    }
    let mut section = Section::new(lang.t("ข้อมูลเครือข่าย", "The network")).with(Block::Facts { rows });
    if let Some(text) = lang.pick_opt(n.description_th.as_deref(), n.description_en.as_deref()) {
        section = section.with(Block::paragraph(text));
    }
    section
}

fn members(report: &mut Report, y: &Year) -> Section {
    let lang = report.lang();
    let sectors: Vec<(Sector, u64)> = Sector::ALL
        .iter()
        .map(|s| (*s, y.members.iter().filter(|o| o.input.sector == *s).count() as u64))
        .filter(|(_, n)| *n > 0)
        .collect();
    let items: Vec<Item> =
        sectors.iter().map(|(s, n)| Item { label: lang.label(*s).to_owned(), value: Datum::Value(*n as f64), href: None }).collect();
    let title = lang.t("สมาชิกจำแนกตามภาคส่วน", "Members by sector");
    let sector_header = lang.t("ภาคส่วน", "Sector");
    let figure = phakhi_charts::bars(
        "members-by-sector",
        &chart_text(lang, title.clone(), sector_header.clone(), lang.t("หน่วยงาน", "Organisations")),
        &items,
    );
    // Officers first (chair, vice-chair, secretariat), then members, as the network page lists them.
    let mut listed: Vec<_> = y.network.input.members.iter().zip(&y.members).collect();
    listed.sort_by_key(|(m, _)| MemberRole::ALL.iter().position(|r| *r == m.role));
    let rows = listed
        .iter()
        .map(|(m, o)| vec![organization_name(lang, o), lang.label(o.input.sector).to_owned(), lang.label(m.role).to_owned()])
        .collect();
    Section::new(lang.t("สมาชิกเครือข่าย", "Members"))
        .with(report.chart(&figure, 85))
        .with(Block::counts(
            Some(title),
            vec![sector_header.clone(), lang.t("หน่วยงาน", "Organisations")],
            sectors.iter().map(|(s, n)| vec![lang.label(*s).to_owned(), number(*n)]).collect(),
        ))
        .with(Block::columns(
            Some(lang.t("รายชื่อสมาชิก", "Member organisations")),
            vec![lang.t("หน่วยงาน", "Organisation"), sector_header, lang.t("บทบาท", "Role")],
            rows,
            &[3, 2, 1],
        ))
}

/// A section listing records as a table, one row each, or saying there are none.
fn listing<T>(
    heading: String,
    none: String,
    records: &[T],
    headers: Vec<String>,
    widths: &[u8],
    row: impl Fn(&T) -> Vec<String>,
) -> Section {
    let section = Section::new(heading);
    if records.is_empty() {
        return section.with(Block::paragraph(none));
    }
    section.with(Block::columns(None, headers, records.iter().map(row).collect(), widths))
}

fn agreements(lang: Lang, y: &Year) -> Section {
    listing(
        lang.t("ข้อตกลงความร่วมมือ", "Agreements"),
        lang.t("ไม่มีข้อตกลงที่บันทึกไว้", "No agreements are recorded."),
        &y.agreements,
        vec![lang.t("ข้อตกลง", "Agreement"), lang.t("วันที่ลงนาม", "Signed"), lang.t("สถานะ", "Status"), lang.t("ภาคี", "Parties")],
        &[4, 2, 1, 0],
        |a| {
            vec![
                lang.pick(&a.input.title_th, a.input.title_en.as_deref()).to_owned(),
                a.input.signed_on.map(|d| lang.date(d)).unwrap_or_else(|| "–".into()),
                lang.label(a.input.status).to_owned(),
                number(a.input.parties.len() as u64),
            ]
        },
    )
}

/// Commitments counted by status, in the vocabulary's order.
fn commitments_by_status(lang: Lang, commitments: &[Commitment]) -> Block {
    let mut by_status: BTreeMap<usize, (String, u64)> = BTreeMap::new();
    for c in commitments {
        let position = phakhi_domain::commitment::CommitmentStatus::ALL.iter().position(|s| *s == c.input.status).unwrap_or(usize::MAX);
        by_status.entry(position).or_insert_with(|| (lang.label(c.input.status).to_owned(), 0)).1 += 1;
    }
    Block::counts(
        Some(lang.t("พันธะจำแนกตามสถานะ", "Commitments by status")),
        vec![lang.t("สถานะ", "Status"), lang.t("จำนวน", "Number")],
        by_status.into_values().map(|(label, n)| vec![label, number(n)]).collect(),
    )
}

fn commitments(lang: Lang, y: &Year, names: &HashMap<OrganizationId, String>) -> Section {
    let mut section = listing(
        lang.t("พันธะและสถานะการดำเนินงาน", "Commitments and their status"),
        lang.t("ไม่มีพันธะที่บันทึกไว้", "No commitments are recorded."),
        &y.commitments,
        vec![lang.t("พันธะ", "Commitment"), lang.t("หน่วยงาน", "Organisation"), lang.t("สถานะ", "Status"), lang.t("ความคืบหน้า", "Progress")],
        &[3, 2, 1, 0],
        |c| {
            let progress = c.input.progress.iter().max_by_key(|p| p.reported_on).map_or_else(|| "–".into(), |p| format!("{}%", p.percent));
            vec![
                lang.pick(&c.input.title_th, c.input.title_en.as_deref()).to_owned(),
                names.get(&c.input.organization_id).cloned().unwrap_or_default(),
                lang.label(c.input.status).to_owned(),
                progress,
            ]
        },
    );
    if !y.commitments.is_empty() {
        section.blocks.insert(0, commitments_by_status(lang, &y.commitments));
    }
    section
}

fn programmes(lang: Lang, y: &Year, names: &HashMap<OrganizationId, String>) -> Section {
    listing(
        lang.t("โครงการ", "Programmes"),
        lang.t("ไม่มีโครงการในปีงบประมาณนี้", "No programmes in this fiscal year."),
        &y.programmes,
        vec![
            lang.t("โครงการ", "Programme"),
            lang.t("หน่วยงานหลัก", "Lead"),
            lang.t("สถานะ", "Status"),
            lang.t("งบประมาณ (บาท)", "Budget (baht)"),
        ],
        &[3, 2, 1, 0],
        |p| {
            vec![
                lang.pick(&p.input.title_th, p.input.title_en.as_deref()).to_owned(),
                names.get(&p.input.lead_organization_id).cloned().unwrap_or_default(),
                lang.label(p.input.status).to_owned(),
                p.input.budget_baht.map_or_else(|| "–".into(), |b| phakhi_charts::format_number(b.as_baht_f64())),
            ]
        },
    )
}

fn activities(lang: Lang, y: &Year) -> Section {
    listing(
        lang.t("กิจกรรม", "Activities"),
        lang.t("ไม่มีกิจกรรมในปีงบประมาณนี้", "No activities in this fiscal year."),
        &y.activities,
        vec![lang.t("วันที่", "Date"), lang.t("กิจกรรม", "Activity"), lang.t("ประเภท", "Kind"), lang.t("ผู้เข้าร่วม", "Participants")],
        // The date column is as wide as its dates; the first column is never set as a number.
        &[0, 4, 1, 0],
        |a| {
            vec![
                lang.date(thai_day(a.input.starts_at)),
                lang.pick(&a.input.title_th, a.input.title_en.as_deref()).to_owned(),
                lang.label(a.input.kind).to_owned(),
                shown(phakhi_domain::disclosure::single(a.participation_summary.total)),
            ]
        },
    )
}

/// The programmes and activities aligned to each SDG goal (a target counts for its goal).
fn goal_counts(y: &Year) -> BTreeMap<u8, (BTreeSet<uuid::Uuid>, BTreeSet<uuid::Uuid>)> {
    let mut goals: BTreeMap<u8, (BTreeSet<uuid::Uuid>, BTreeSet<uuid::Uuid>)> = BTreeMap::new();
    for a in &y.sdg {
        let Some(goal) = a.item_code.split('.').next().and_then(|g| g.parse::<u8>().ok()) else { continue };
        let entry = goals.entry(goal).or_default();
        match a.input.subject_kind {
            SubjectKind::Programme => entry.0.insert(a.input.subject_id),
            _ => entry.1.insert(a.input.subject_id),
        };
    }
    goals
}

async fn sdg(store: &dyn Store, report: &mut Report, y: &Year) -> Result<Section, ReportError> {
    let lang = report.lang();
    let filter = FrameworkItemFilter { framework: Some("sdg".into()), top_level: true, ..Default::default() };
    let titles: HashMap<String, String> = store
        .list_framework_items(&filter, &Page::all())
        .await?
        .items
        .into_iter()
        .map(|i| (i.input.code, lang.pick_opt(i.input.title_th.as_deref(), i.input.title_en.as_deref()).unwrap_or_default()))
        .collect();
    let counts = goal_counts(y);
    let goals: Vec<Goal> = (1..=17u8)
        .map(|g| {
            let n = counts.get(&g).map_or(0, |(p, a)| p.len() + a.len());
            Goal { number: g, label: titles.get(&g.to_string()).cloned().unwrap_or_default(), value: Datum::Value(n as f64), href: None }
        })
        .collect();
    let title = lang.t("โครงการและกิจกรรมจำแนกตามเป้าหมายการพัฒนาที่ยั่งยืน", "Programmes and activities by Sustainable Development Goal");
    let figure = phakhi_charts::sdg_wheel(
        "sdg-coverage",
        &chart_text(lang, title.clone(), lang.t("เป้าหมาย", "Goal"), lang.t("โครงการและกิจกรรม", "Programmes and activities")),
        &goals,
    );
    let rows: Vec<Vec<String>> = counts
        .iter()
        .map(|(g, (p, a))| {
            vec![format!("{g} {}", titles.get(&g.to_string()).cloned().unwrap_or_default()), number(p.len() as u64), number(a.len() as u64)]
        })
        .collect();
    let section = Section::new(lang.t("ความสอดคล้องกับเป้าหมายการพัฒนาที่ยั่งยืน (SDGs)", "Sustainable Development Goals covered"))
        .with(report.chart(&figure, 70));
    Ok(if rows.is_empty() {
        section
            .with(Block::paragraph(lang.t("ไม่มีโครงการหรือกิจกรรมที่ระบุความสอดคล้องกับ SDGs", "No programme or activity is aligned to an SDG.")))
    } else {
        section.with(Block::counts(
            Some(title),
            vec![lang.t("เป้าหมาย", "Goal"), lang.t("โครงการ", "Programmes"), lang.t("กิจกรรม", "Activities")],
            rows,
        ))
    })
}

async fn map(store: &dyn Store, report: &mut Report, y: &Year) -> Result<Section, ReportError> {
    let lang = report.lang();
    let mut by_province: HashMap<&str, u64> = HashMap::new();
    for a in &y.activities {
        if let Some(code) = a.input.area_code.as_deref().and_then(|c| c.get(..2)) {
            *by_province.entry(code).or_default() += 1;
        }
    }
    let filter = AreaFilter { level: Some(AreaLevel::Province), ..Default::default() };
    let provinces = store.list_areas(&filter, &Page::all()).await?.items;
    let regions: Vec<Region> = provinces
        .iter()
        .map(|p| Region {
            code: p.code.clone(),
            label: lang.pick(&p.name_th, Some(&p.name_en)).to_owned(),
            value: Datum::Value(by_province.get(p.code.as_str()).copied().unwrap_or(0) as f64),
            href: None,
        })
        .collect();
    let title = lang.t("จำนวนกิจกรรมจำแนกตามจังหวัด", "Activities by province");
    let activities = lang.t("กิจกรรม", "Activities");
    let figure = phakhi_charts::province_map(
        "activity-map",
        &chart_text(lang, title, lang.t("จังหวัด", "Province"), activities.clone()),
        &regions,
        &activities,
    );
    let mut rows: Vec<Vec<String>> = figure.table.rows.iter().filter(|r| r.get(1).is_some_and(|v| v != "0")).cloned().collect();
    rows.sort();
    Ok(Section::new(lang.t("พื้นที่ดำเนินงาน", "Where the work took place"))
        .with(report.chart(&figure, 55))
        .with(Block::counts(Some(figure.title.clone()), figure.table.headers.clone(), rows))
        .with(Block::note(phakhi_charts::ATTRIBUTION)))
}

/// The network's annual report for `fiscal_year` as PDF.
pub async fn network_report(store: &dyn Store, id: NetworkId, fiscal_year: FiscalYear, options: &Options) -> Result<Vec<u8>, ReportError> {
    let store = public(store);
    let lang = options.lang;
    let y = read(&*store, id, fiscal_year).await?;
    let mut names: HashMap<OrganizationId, String> = y.members.iter().map(|o| (o.id, organization_name(lang, o))).collect();
    for id in y.commitments.iter().map(|c| c.input.organization_id).chain(y.programmes.iter().map(|p| p.input.lead_organization_id)) {
        if let std::collections::hash_map::Entry::Vacant(entry) = names.entry(id) {
            entry.insert(organization_name(lang, &store.get_organization(id).await?));
        }
    }
    let mut report = Report::new(*options, cover(lang, &y, options));
    report.push(about(&*store, lang, &y).await);
    let members = members(&mut report, &y);
    report.push(members);
    report.push(agreements(lang, &y));
    report.push(commitments(lang, &y, &names));
    report.push(programmes(lang, &y, &names));
    report.push(activities(lang, &y));
    let groups = target_group_names(&*store, lang).await?;
    let cells: Vec<_> = y.activities.iter().flat_map(|a| a.input.participation.iter().cloned()).collect();
    let participation = blocks(&mut report, &cells, &groups);
    report.push(Section { heading: lang.t("การมีส่วนร่วม", "Participation"), blocks: participation });
    let sdg = sdg(&*store, &mut report, &y).await?;
    report.push(sdg);
    let map = map(&*store, &mut report, &y).await?;
    report.push(map);
    report.pdf().await
}
