//! Plans: the list, and a plan's page with its tree — each indicator's baseline, targets, value and
//! status light, and each strategy's and measure's roll-up — for a chosen fiscal year.

use axum::extract::{OriginalUri, Path, Query, State};
use phakhi_domain::indicator::{Baseline, Indicator, IndicatorSource, Target};
use phakhi_domain::plan::{Plan, PlanLevel, PlanStatus};
use phakhi_domain::progress::{Progress, ProgressStatus};
use phakhi_domain::{FiscalYear, PlanId, Vocabulary};
use phakhi_store::{IndicatorReading, ItemProgress, PlanFilter, PlanProgress};
use serde::Deserialize;

use super::download::{self, AREA_HEADERS, Areas, Download, Format};
use super::view::{
    Body, Card, DetailPage, Fact, Filter, Link, ListPage, Names, PageNumber, Pager, Section, TreeRow, about, area_name, filter_query,
};
use super::{Chrome, PageError, PageResult, render};
use crate::AppState;
use crate::auth::Caller;
use crate::i18n::{Lang, thai_today};
use phakhi_exchange::table::Cell;

#[derive(Debug, Deserialize, Default)]
pub struct PlanListQuery {
    status: Option<String>,
    q: Option<String>,
    #[serde(flatten)]
    page: PageNumber,
    #[serde(flatten)]
    download: Download,
}

/// `ปีงบประมาณ 2566 – ปีงบประมาณ 2570` / `FY 2566 (Oct 2022 – Sep 2023) – FY 2570 (Oct 2026 – Sep 2027)`.
fn period(lang: Lang, p: &Plan) -> String {
    format!("{} – {}", lang.fiscal_year(p.input.start_year), lang.fiscal_year(p.input.end_year))
}

fn card(lang: Lang, base: &str, p: &Plan) -> Card {
    Card {
        href: format!("{base}/plans/{}", p.id.0),
        title: lang.pick(&p.input.title_th, p.input.title_en.as_deref()).to_owned(),
        meta: vec![period(lang, p)],
        badge: Some((
            lang.label(p.input.status).to_owned(),
            match p.input.status {
                PlanStatus::Active => "ok",
                PlanStatus::Draft | PlanStatus::Closed => "muted",
            },
        )),
    }
}

pub async fn list(lang: Lang, uri: OriginalUri, State(state): State<AppState>, Query(q): Query<PlanListQuery>) -> PageResult {
    let store = state.store();
    let set = |s: &Option<String>| s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
    let bad = |field: &str| PageError::BadRequest(lang, lang.t_with("error-filter", &[("field", field.to_owned().into())]));
    let status = set(&q.status).map(|s| PlanStatus::from_code(&s).ok_or_else(|| bad("status"))).transpose()?;
    let filter = PlanFilter { status, q: set(&q.q), ..Default::default() };
    if let Some(format) = q.download.format(lang)? {
        return export(store, lang, format, &filter).await;
    }
    let found = store.list_plans(&filter, &q.page.page()).await.map_err(|e| PageError::from_store(lang, e))?;
    let c = Chrome::new(lang, &uri, "plans", lang.t("plans-title"));
    let filters = vec![
        Filter::text("q", lang.t("filter-title"), set(&q.q).as_deref()),
        Filter::vocabulary("status", lang, lang.t("filter-status"), status),
    ];
    let path = format!("{}/plans", c.base());
    let pager = Pager::new(lang, &path, &filter_query(&filters), q.page.number(), found.total);
    Ok(render(&ListPage {
        downloads: download::links(lang, &path, &filter_query(&filters)),
        heading: lang.t("plans-title"),
        intro: lang.t("plans-intro"),
        cards: found.items.iter().map(|p| card(lang, c.base(), p)).collect(),
        filters,
        pager,
        actions: vec![
            Link { href: format!("{}/plans/new", c.base()), text: lang.t("plans-new") },
            Link { href: format!("{}/indicators", c.base()), text: lang.t("indicators-title") },
        ],
        c,
    }))
}

/// Every plan the filters match, as a file: code, titles, status, fiscal years (Buddhist Era) and area.
async fn export(store: &dyn phakhi_store::Store, lang: Lang, format: Format, filter: &PlanFilter) -> PageResult {
    let mut headers = download::headers(
        lang,
        &["download-id", "download-code", "field-title-th", "field-title-en", "field-status", "download-start-year", "download-end-year"],
    );
    headers.extend(download::headers(lang, &AREA_HEADERS));
    let mut table = download::table(lang, "plans-title", headers);
    let mut areas = Areas::default();
    let mut batches = download::Batches::new(lang);
    while let Some(page) = batches.next_page() {
        let batch = batches.take(store.list_plans(filter, &page).await)?;
        for p in batch {
            let mut row = vec![
                Cell::text(p.id.0.to_string()),
                Cell::text(p.input.code),
                Cell::text(p.input.title_th),
                Cell::optional(p.input.title_en),
                Cell::text(lang.label(p.input.status)),
                Cell::number(p.input.start_year.be()),
                Cell::number(p.input.end_year.be()),
            ];
            row.extend(areas.cells(store, lang, p.input.area_code.as_deref()).await);
            table.rows.push(row);
        }
    }
    download::respond(lang, format, "plans", &table)
}

#[derive(Debug, Deserialize, Default)]
pub struct PlanQuery {
    fiscal_year: Option<String>,
}

/// The year asked for, else the current fiscal year kept within the plan's period.
fn reporting_year(lang: Lang, plan: &Plan, asked: Option<&str>) -> Result<FiscalYear, PageError> {
    match asked.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => s
            .parse()
            .ok()
            .and_then(|y| FiscalYear::from_be(y).ok())
            .ok_or_else(|| PageError::BadRequest(lang, lang.t_with("error-filter", &[("field", "fiscal_year".into())]))),
        None => Ok(FiscalYear::containing(thai_today()).clamp(plan.input.start_year, plan.input.end_year)),
    }
}

pub async fn detail(
    lang: Lang,
    uri: OriginalUri,
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Query(q): Query<PlanQuery>,
) -> PageResult {
    let store = state.store();
    let err = |e| PageError::from_store(lang, e);
    let id = PlanId(id.parse().map_err(|_| PageError::NotFound(lang))?);
    let plan = store.get_plan(id).await.map_err(err)?;
    let year = reporting_year(lang, &plan, q.fiscal_year.as_deref())?;
    // The caller's own store decides whether values resting on small counts are shown to them.
    let progress = caller.store().plan_progress(id, year, None).await.map_err(err)?;
    let title = lang.pick(&plan.input.title_th, plan.input.title_en.as_deref()).to_owned();
    let c = Chrome::new(lang, &uri, "plans", title.clone());
    let base = c.base();

    let mut sections =
        about(lang, facts(&state, lang, base, &plan).await?, plan.input.description_th.as_deref(), plan.input.description_en.as_deref());
    sections.push(Section::new("years", lang.t("section-plan-years"), Body::Links(year_links(lang, base, &plan, year))));
    let heading = lang.t_with("section-plan-progress", &[("year", lang.fiscal_year(year).into())]);
    let data = Link { href: format!("/api/v1/plans/{}/progress?fiscal_year={}", id.0, year.be()), text: lang.t("plan-progress-data") };
    let manage = caller.is_signed_in();
    let tree = Section::new("progress", heading, Body::Tree(progress.items.iter().map(|i| row(lang, base, i, manage)).collect()))
        .or_empty(lang.t("empty-plan-tree"))
        .with_more(Some(data));
    sections.push(Section::new("overall", lang.t("section-plan-overall"), Body::Facts(overall(lang, &progress))));
    sections.push(tree);
    let report = Link { href: format!("{base}/plans/{}/report.pdf?fiscal_year={}", id.0, year.be()), text: lang.t("plan-report-pdf") };
    let mut actions = vec![Link { href: format!("{base}/indicators?plan={}", id.0), text: lang.t("plan-indicators") }, report];
    if manage {
        let link = |path: &str, key: &str| Link { href: format!("{base}/{path}"), text: lang.t(key) };
        actions.extend([
            link(&format!("plans/{}/edit", id.0), "action-edit"),
            link(&format!("plans/{}/items/new", id.0), "plan-items-add"),
            link(&format!("indicators/new?plan_id={}", id.0), "indicators-new"),
            link(&format!("plans/{}/copy", id.0), "plans-copy"),
        ]);
    }
    Ok(render(&DetailPage { kind: lang.t("kind-plan"), heading: title, subtitle: Some(period(lang, &plan)), actions, sections, c }))
}

/// The plan's monitoring report as PDF for the fiscal year asked for (by default the current one,
/// kept within the plan's period).
pub async fn report_pdf(lang: Lang, State(state): State<AppState>, Path(id): Path<String>, Query(q): Query<PlanQuery>) -> PageResult {
    let id = PlanId(id.parse().map_err(|_| PageError::NotFound(lang))?);
    let year = super::report::fiscal_year(lang, q.fiscal_year.as_deref())?;
    let made = phakhi_reports::plan_report(state.store(), id, year, &super::report::options(lang)).await;
    super::report::respond(lang, &format!("plan-report-{}", year.map_or_else(|| "current".to_owned(), |y| y.be().to_string())), made)
}

async fn facts(state: &AppState, lang: Lang, base: &str, plan: &Plan) -> Result<Vec<Fact>, PageError> {
    let store = state.store();
    let i = &plan.input;
    let mut facts =
        vec![Fact::new(lang.t("field-plan-period"), period(lang, plan)), Fact::new(lang.t("field-status"), lang.label(i.status))];
    if let Some(n) = i.network_id
        && let Ok(network) = store.get_network(n).await
    {
        let name = lang.pick(&network.input.name_th, network.input.name_en.as_deref()).to_owned();
        facts.push(Fact::link(lang.t("field-plan-keeper"), Link { href: format!("{base}/networks/{}", n.0), text: name }));
    }
    let orgs: Vec<_> = i.organization_id.into_iter().chain(i.responsible_organization_ids.iter().copied()).collect();
    let names = Names::load(store, lang, orgs).await?;
    if let Some(o) = i.organization_id {
        facts.push(Fact::link(lang.t("field-organization"), names.link(base, o)));
    }
    for o in &i.responsible_organization_ids {
        facts.push(Fact::link(lang.t("field-plan-responsible"), names.link(base, *o)));
    }
    if let Some(area) = area_name(store, lang, i.area_code.as_deref()).await {
        facts.push(Fact::new(lang.t("field-area"), area));
    }
    for item in &i.aligned_to {
        if let Ok(x) = store.get_framework_item(*item).await {
            let title = lang.pick(x.input.title_th.as_deref().unwrap_or_default(), x.input.title_en.as_deref());
            let text = format!("{} {}: {title}", x.framework_code.to_uppercase(), x.input.code);
            facts.push(Fact::link(lang.t("section-alignment"), Link { href: format!("{base}/framework-items/{}", item.0), text }));
        }
    }
    if let Some(source) = plan.template_of
        && let Ok(original) = store.get_plan(source).await
    {
        let text = lang.pick(&original.input.title_th, original.input.title_en.as_deref()).to_owned();
        facts.push(Fact::link(lang.t("field-plan-template-of"), Link { href: format!("{base}/plans/{}", source.0), text }));
    }
    Ok(facts)
}

/// One link per fiscal year of the plan (the one shown is marked in its text).
fn year_links(lang: Lang, base: &str, plan: &Plan, shown: FiscalYear) -> Vec<Link> {
    (plan.input.start_year.be()..=plan.input.end_year.be())
        .filter_map(|y| FiscalYear::from_be(y).ok())
        .map(|y| {
            let label = lang.fiscal_year(y);
            let text = if y == shown { lang.t_with("plan-year-shown", &[("year", label.into())]) } else { label };
            Link { href: format!("{base}/plans/{}?fiscal_year={}", plan.id.0, y.be()), text }
        })
        .collect()
}

fn overall(lang: Lang, p: &PlanProgress) -> Vec<Fact> {
    let mut facts =
        vec![Fact::new(lang.t("field-plan-overall"), format!("{} — {}", lang.label(p.overall.status), shares(lang, &p.overall)))];
    if let Some(area) = &p.area {
        facts.push(Fact::new(lang.t("field-area-code"), area.clone()));
    }
    facts.push(Fact::new(lang.t("field-plan-method"), lang.t("plan-method")));
    if !p.exact {
        facts.push(Fact::new(lang.t("field-plan-disclosure"), lang.t("plan-suppressed-note")));
    }
    facts
}

/// The badge class of a status light.
pub(super) fn light(status: ProgressStatus) -> &'static str {
    match status {
        ProgressStatus::OnTrack => "ok",
        ProgressStatus::AtRisk => "warn",
        ProgressStatus::OffTrack => "bad",
        ProgressStatus::NoData | ProgressStatus::NoTarget => "muted",
    }
}

/// A share from 0 to 1 as a whole percentage.
fn percent(share: f64) -> String {
    format!("{}%", phakhi_charts::format_number((share * 100.0).round()))
}

/// "45% of the way achieved, 50% expected by now" — or nothing when there is no status.
fn shares(lang: Lang, p: &Progress) -> String {
    match (p.achieved, p.expected) {
        (Some(a), Some(e)) => lang.t_with("plan-shares", &[("achieved", percent(a).into()), ("expected", percent(e).into())]),
        _ => String::new(),
    }
}

/// One item of the tree; `manage` adds the links to change it (for those signed in: the store
/// decides whether they may).
fn row(lang: Lang, base: &str, i: &ItemProgress, manage: bool) -> TreeRow {
    let item = &i.item.input;
    let mut summary = shares(lang, &i.progress);
    if i.indicator.is_none() && (i.counted > 0 || !i.excluded.is_empty()) {
        let parts = lang.t_with("plan-rollup", &[("counted", i.counted.into()), ("excluded", i.excluded.len().into())]);
        summary = if summary.is_empty() { parts } else { format!("{summary} · {parts}") };
    }
    TreeRow {
        depth: i.depth,
        code: item.code.clone(),
        title: lang.pick(&item.title_th, item.title_en.as_deref()).to_owned(),
        level: lang.label(item.level).to_owned(),
        status: (lang.label(i.progress.status).to_owned(), light(i.progress.status)),
        summary,
        facts: i.indicator.as_ref().map(|r| indicator_facts(lang, base, r)).unwrap_or_default(),
        links: item_links(lang, base, i, manage),
    }
}

fn item_links(lang: Lang, base: &str, i: &ItemProgress, manage: bool) -> Vec<Link> {
    let mut links = Vec::new();
    if let Some(r) = &i.indicator {
        links.push(Link { href: format!("{base}/indicators/{}", r.indicator.id.0), text: lang.t("plan-item-indicator-page") });
    }
    if manage {
        let item = &i.item;
        links.push(Link { href: format!("{base}/plan-items/{}/edit", item.id.0), text: lang.t("action-edit") });
        if item.input.level != PlanLevel::Indicator {
            let below = match item.input.level {
                PlanLevel::Strategy => PlanLevel::Measure,
                _ => PlanLevel::Indicator,
            };
            let href = format!("{base}/plans/{}/items/new?parent_id={}&level={}", item.input.plan_id.0, item.id.0, below.code());
            links.push(Link { href, text: lang.t("plan-items-add-below") });
        }
        links.push(Link { href: format!("{base}/plan-items/{}/remove", item.id.0), text: lang.t("plan-items-remove") });
    }
    links
}

/// A number with its unit, e.g. `62 หน่วยงาน`; Thai puts ร้อยละ before the number.
pub(super) fn amount(lang: Lang, indicator: &Indicator, value: f64) -> String {
    let unit = lang.pick(&indicator.input.unit_th, indicator.input.unit_en.as_deref());
    let number = phakhi_charts::format_number((value * 100.0).round() / 100.0);
    if unit == "ร้อยละ" { format!("{unit} {number}") } else { format!("{number} {unit}") }
}

fn indicator_facts(lang: Lang, base: &str, r: &IndicatorReading) -> Vec<Fact> {
    let i = &r.indicator;
    let name = lang.pick(&i.input.name_th, i.input.name_en.as_deref()).to_owned();
    let link = Link { href: format!("{base}/indicators/{}", i.id.0), text: format!("{} {name}", i.input.code) };
    let mut facts = vec![Fact::link(lang.t("field-indicator"), link)];
    let at = |value: f64, year: FiscalYear| format!("{} ({})", amount(lang, i, value), lang.fiscal_year(year));
    let baseline = i.input.baseline.map(|Baseline { value, fiscal_year }| at(value, fiscal_year));
    facts.push(Fact::new(lang.t("field-indicator-baseline"), baseline.unwrap_or_else(|| lang.t("value-not-set"))));
    let target = |t: Option<Target>| t.map(|t| at(t.value, t.fiscal_year));
    facts.push(Fact::new(lang.t("field-indicator-target"), target(r.final_target).unwrap_or_else(|| lang.t("value-not-set"))));
    if let Some(t) = target(r.target_for_year).filter(|_| r.target_for_year != r.final_target) {
        facts.push(Fact::new(lang.t("field-indicator-milestone"), t));
    }
    let value = match (r.value, r.suppressed) {
        (Some(v), _) => amount(lang, i, v),
        (None, true) => lang.t("indicator-value-suppressed"),
        (None, false) => lang.t("indicator-value-none"),
    };
    facts.push(Fact::new(lang.t("field-indicator-value"), value));
    let source = match &i.input.source {
        IndicatorSource::Entered => lang.t("indicator-source-entered"),
        IndicatorSource::Computed { formula } => lang.t_with("indicator-source-computed", &[("formula", formula.clone().into())]),
    };
    facts.push(Fact::new(lang.t("field-indicator-source"), source));
    if let Some(problem) = &r.problem {
        facts.push(Fact::new(lang.t("field-indicator-problem"), problem.clone()));
    }
    facts
}
