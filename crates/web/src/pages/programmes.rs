//! Programmes: the list and a programme's page with its activities and who took part.

use axum::extract::{OriginalUri, Path, Query, State};
use phakhi_domain::alignment::SubjectKind;
use phakhi_domain::participation::ParticipationCell;
use phakhi_domain::programme::{Programme, ProgrammeStatus};
use phakhi_domain::{FiscalYear, ProgrammeId, Vocabulary};
use phakhi_store::{ActivityFilter, ItemRef, Page, ProgrammeFilter};
use serde::Deserialize;

use super::agreements::alignment_section;
use super::download::{self, AREA_HEADERS, Areas, Download, Format};
use super::view::{
    Audience, Body, Card, DetailPage, Fact, Filter, Link, ListPage, Names, PageNumber, Pager, Section, about, area_name, filter_query,
    place_group_goal_filters, target_group_names, target_groups_fact,
};
use super::{Chrome, PageError, PageResult, render};
use crate::AppState;
use crate::auth::Caller;
use crate::i18n::{Lang, thai_today};
use phakhi_exchange::table::Cell;

#[derive(Debug, Deserialize, Default)]
pub struct ProgrammeQuery {
    fiscal_year: Option<String>,
    status: Option<String>,
    area: Option<String>,
    target_group: Option<String>,
    aligned_to: Option<String>,
    q: Option<String>,
    #[serde(flatten)]
    page: PageNumber,
    #[serde(flatten)]
    download: Download,
}

/// `1,250,000 บาท` / `1,250,000 baht`.
pub fn baht(lang: Lang, amount: phakhi_domain::money::Baht) -> String {
    lang.t_with("amount-baht", &[("amount", phakhi_charts::format_number(amount.as_baht_f64()).into())])
}

pub fn card(lang: Lang, base: &str, p: &Programme) -> Card {
    let mut meta = vec![lang.fiscal_year(p.input.fiscal_year)];
    if let Some(b) = p.input.budget_baht {
        meta.push(baht(lang, b));
    }
    Card {
        href: format!("{base}/programmes/{}", p.id.0),
        title: lang.pick(&p.input.title_th, p.input.title_en.as_deref()).to_owned(),
        meta,
        badge: Some((
            lang.label(p.input.status).to_owned(),
            match p.input.status {
                ProgrammeStatus::Active => "ok",
                ProgrammeStatus::Completed | ProgrammeStatus::Planned => "muted",
                ProgrammeStatus::Cancelled => "bad",
            },
        )),
    }
}

/// Fiscal years from the current one back ten years, newest first.
pub fn fiscal_year_options(lang: Lang) -> Vec<(String, String)> {
    let current = FiscalYear::containing(thai_today()).be();
    (current - 10..=current + 1)
        .rev()
        .filter_map(|y| FiscalYear::from_be(y).ok())
        .map(|y| (y.be().to_string(), lang.fiscal_year(y)))
        .collect()
}

pub async fn list(lang: Lang, uri: OriginalUri, State(state): State<AppState>, Query(q): Query<ProgrammeQuery>) -> PageResult {
    let store = state.store();
    let err = |e| PageError::from_store(lang, e);
    let bad = |field: &str| PageError::BadRequest(lang, lang.t_with("error-filter", &[("field", field.to_owned().into())]));
    let set = |s: &Option<String>| s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
    let fiscal_year = set(&q.fiscal_year)
        .map(|s| s.parse().ok().and_then(|y| FiscalYear::from_be(y).ok()).ok_or_else(|| bad("fiscal_year")))
        .transpose()?;
    let status = set(&q.status).map(|s| ProgrammeStatus::from_code(&s).ok_or_else(|| bad("status"))).transpose()?;
    let aligned_to = set(&q.aligned_to).map(|s| ItemRef::parse(&s).ok_or_else(|| bad("aligned_to"))).transpose()?;
    let filter = ProgrammeFilter {
        fiscal_year,
        status,
        area: set(&q.area),
        target_group: set(&q.target_group),
        aligned_to,
        q: set(&q.q),
        ..Default::default()
    };
    if let Some(format) = q.download.format(lang)? {
        return export(store, lang, format, &filter).await;
    }
    let found = store.list_programmes(&filter, &q.page.page()).await.map_err(err)?;
    let c = Chrome::new(lang, &uri, "programmes", lang.t("programmes-title"));
    let mut filters = vec![
        Filter::text("q", lang.t("filter-title"), set(&q.q).as_deref()),
        Filter::select("fiscal_year", lang.t("filter-fiscal-year"), set(&q.fiscal_year), lang.t("filter-all"), fiscal_year_options(lang)),
        Filter::vocabulary("status", lang, lang.t("filter-status"), status),
    ];
    filters.extend(place_group_goal_filters(store, lang, set(&q.area), set(&q.target_group), set(&q.aligned_to)).await?);
    let path = format!("{}/programmes", c.base());
    let pager = Pager::new(lang, &path, &filter_query(&filters), q.page.number(), found.total);
    Ok(render(&ListPage {
        downloads: download::links(lang, &path, &filter_query(&filters)),
        heading: lang.t("programmes-title"),
        intro: lang.t("programmes-intro"),
        cards: found.items.iter().map(|p| card(lang, c.base(), p)).collect(),
        filters,
        pager,
        actions: vec![
            Link { href: format!("{}/programmes/new", c.base()), text: lang.t("programmes-new") },
            super::import::action(lang, phakhi_exchange::import::Kind::Programmes),
        ],
        c,
    }))
}

/// Every programme the filters match, as a file: titles, fiscal year, status, budget, organisations,
/// target groups, dates and area.
async fn export(store: &dyn phakhi_store::Store, lang: Lang, format: Format, filter: &ProgrammeFilter) -> PageResult {
    let mut headers = download::headers(
        lang,
        &[
            "download-id",
            "field-title-th",
            "field-title-en",
            "field-fiscal-year",
            "field-status",
            "field-budget-baht",
            "field-budget-source",
            "field-lead",
            "field-partners",
            "field-target-groups",
            "field-starts-on",
        ],
    );
    headers.push(download::iso_header(lang, "field-starts-on"));
    headers.push(lang.t("field-ends-on"));
    headers.extend(download::headers(lang, &AREA_HEADERS));
    let mut table = download::table(lang, "programmes-title", headers);
    let groups = target_group_names(store, lang).await?;
    let (mut areas, mut names) = (Areas::default(), Names::default());
    let mut batches = download::Batches::new(lang);
    while let Some(page) = batches.next_page() {
        let batch = batches.take(store.list_programmes(filter, &page).await)?;
        let organisations =
            batch.iter().flat_map(|p| std::iter::once(p.input.lead_organization_id).chain(p.input.partner_organization_ids.clone()));
        names.add(store, lang, organisations.collect::<Vec<_>>()).await?;
        for p in batch {
            let partners: Vec<String> = p.input.partner_organization_ids.iter().map(|id| names.name(*id)).collect();
            let target_groups: Vec<&str> = p.input.target_groups.iter().map(|g| groups.get(g).map_or(g.as_str(), String::as_str)).collect();
            let mut row = vec![
                Cell::text(p.id.0.to_string()),
                Cell::text(p.input.title_th),
                Cell::optional(p.input.title_en),
                Cell::number(p.input.fiscal_year.be()),
                Cell::text(lang.label(p.input.status)),
                p.input.budget_baht.map_or(Cell::Empty, |b| Cell::number(b.as_baht_f64())),
                Cell::optional(p.input.budget_source),
                Cell::text(names.name(p.input.lead_organization_id)),
                Cell::text(partners.join(", ")),
                Cell::text(target_groups.join(", ")),
                download::date(lang, p.input.starts_on),
                download::iso(p.input.starts_on),
                download::date(lang, p.input.ends_on),
            ];
            row.extend(areas.cells(store, lang, p.input.area_code.as_deref()).await);
            table.rows.push(row);
        }
    }
    download::respond(lang, format, "programmes", &table)
}

pub async fn detail(lang: Lang, uri: OriginalUri, State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> PageResult {
    let store = state.store();
    let err = |e| PageError::from_store(lang, e);
    let id = ProgrammeId(id.parse().map_err(|_| PageError::NotFound(lang))?);
    let p = store.get_programme(id).await.map_err(err)?;
    let title = lang.pick(&p.input.title_th, p.input.title_en.as_deref()).to_owned();
    let c = Chrome::new(lang, &uri, "programmes", title.clone());
    let base = c.base();
    let names = Names::load(
        store,
        lang,
        std::iter::once(p.input.lead_organization_id).chain(p.input.partner_organization_ids.iter().copied()).collect(),
    )
    .await?;

    let mut facts = vec![
        Fact::new(lang.t("field-fiscal-year"), lang.fiscal_year(p.input.fiscal_year)),
        Fact::new(lang.t("field-status"), lang.label(p.input.status)),
        Fact::link(lang.t("field-lead"), names.link(base, p.input.lead_organization_id)),
    ];
    if let Some(b) = p.input.budget_baht {
        let source = p.input.budget_source.as_deref().map(|s| format!(" ({s})")).unwrap_or_default();
        facts.push(Fact::new(lang.t("field-budget"), format!("{}{source}", baht(lang, b))));
    }
    if let Some(area) = area_name(store, lang, p.input.area_code.as_deref()).await {
        facts.push(Fact::new(lang.t("field-area"), area));
    }
    if p.input.starts_on.is_some() || p.input.ends_on.is_some() {
        let period = format!(
            "{} – {}",
            p.input.starts_on.map(|d| lang.date(d)).unwrap_or_default(),
            p.input.ends_on.map(|d| lang.date(d)).unwrap_or_default()
        );
        facts.push(Fact::new(lang.t("field-period"), period));
    }
    let groups = target_group_names(store, lang).await?;
    facts.extend(target_groups_fact(lang, &p.input.target_groups, &groups));
    let mut sections = about(lang, facts, p.input.description_th.as_deref(), p.input.description_en.as_deref());
    sections.push(
        Section::new(
            "partners",
            lang.t("section-programme-partners"),
            Body::Links(p.input.partner_organization_ids.iter().map(|o| names.link(base, *o)).collect()),
        )
        .or_empty(lang.t("empty-partners")),
    );
    let activities = store
        .list_activities(&ActivityFilter { programme: Some(id), ..Default::default() }, &Page { limit: 500, offset: 0, sort: None })
        .await
        .map_err(err)?;
    let cells: Vec<ParticipationCell> = activities.items.iter().flat_map(|a| a.input.participation.iter().cloned()).collect();
    sections.push(
        Section::new(
            "activities",
            lang.t("section-activities"),
            Body::Cards(activities.items.iter().map(|a| super::activities::card(lang, base, a)).collect()),
        )
        .or_empty(lang.t("empty-activities"))
        .with_more(Some(Link { href: format!("{base}/activities/new?programme_id={}", id.0), text: lang.t("activities-new") })),
    );
    // Exact figures only when every activity counted is the reader's to see: one led by another
    // organisation under this programme keeps its small counts hidden.
    let lead = p.input.lead_organization_id;
    let all_led_here = activities.items.iter().all(|a| a.input.lead_organization_id.is_none_or(|l| l == lead));
    let audience = if all_led_here { Audience::of(&caller, SubjectKind::Programme, id.0).await } else { Audience::Public };
    if !cells.is_empty() {
        sections.extend(super::activities::participation_sections(lang, &cells, &groups, audience));
    } else {
        sections.push(
            Section::new("participation", lang.t("section-participation"), Body::Text(String::new()))
                .or_empty(lang.t("empty-participation")),
        );
    }
    sections.push(alignment_section(store, lang, base, SubjectKind::Programme, id.0).await?);
    Ok(render(&DetailPage {
        kind: lang.t("kind-programme"),
        heading: title,
        subtitle: None,
        actions: vec![Link { href: format!("{base}/programmes/{}/edit", id.0), text: lang.t("action-edit") }],
        sections,
        c,
    }))
}
