//! Activities: the list and an activity's page with its participation breakdown.

use std::collections::HashMap;

use axum::extract::{OriginalUri, Path, Query, State};
use phakhi_charts::Item;
use phakhi_domain::activity::{Activity, ActivityKind};
use phakhi_domain::alignment::SubjectKind;
use phakhi_domain::participation::ParticipationCell;
use phakhi_domain::{ActivityId, FiscalYear, Vocabulary};
use phakhi_store::{ActivityFilter, ItemRef};
use serde::Deserialize;

use super::agreements::alignment_section;
use super::charts::{datum, text};
use super::download::{self, AREA_HEADERS, Areas, Download, Format};
use super::programmes::fiscal_year_options;
use super::view::lang_text;
use super::view::{
    Audience, Body, Card, DetailPage, Fact, Filter, Link, ListPage, Names, PageNumber, Pager, Section, Table, about, area_name, by_age,
    by_gender, by_target_group, filter_query, place_group_goal_filters, shown, target_group_names, target_groups_fact,
};
use super::{Chrome, PageError, PageResult, render};
use crate::AppState;
use crate::auth::Caller;
use crate::i18n::Lang;
use phakhi_exchange::table::Cell;

#[derive(Debug, Deserialize, Default)]
pub struct ActivityQuery {
    fiscal_year: Option<String>,
    kind: Option<String>,
    area: Option<String>,
    target_group: Option<String>,
    organization: Option<String>,
    programme: Option<String>,
    aligned_to: Option<String>,
    q: Option<String>,
    #[serde(flatten)]
    page: PageNumber,
    #[serde(flatten)]
    download: Download,
}

pub fn card(lang: Lang, base: &str, a: &Activity) -> Card {
    let mut meta = vec![format!("{} · {}", lang.date_time(a.input.starts_at), lang.label(a.input.kind))];
    if let Some(venue) = lang_text(lang, a.input.venue_th.as_deref(), a.input.venue_en.as_deref()) {
        meta.push(venue);
    }
    let total = phakhi_domain::disclosure::single(a.participation_summary.total);
    if a.participation_summary.total > 0 {
        meta.push(lang.t_with("count-participants", &[("count", shown(total).into())]));
    }
    Card {
        href: format!("{base}/activities/{}", a.id.0),
        title: lang.pick(&a.input.title_th, a.input.title_en.as_deref()).to_owned(),
        meta,
        badge: None,
    }
}

pub async fn list(lang: Lang, uri: OriginalUri, State(state): State<AppState>, Query(q): Query<ActivityQuery>) -> PageResult {
    let store = state.store();
    let err = |e| PageError::from_store(lang, e);
    let bad = |field: &str| PageError::BadRequest(lang, lang.t_with("error-filter", &[("field", field.to_owned().into())]));
    let set = |s: &Option<String>| s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
    let fiscal_year = set(&q.fiscal_year)
        .map(|s| s.parse().ok().and_then(|y| FiscalYear::from_be(y).ok()).ok_or_else(|| bad("fiscal_year")))
        .transpose()?;
    let kind = set(&q.kind).map(|s| ActivityKind::from_code(&s).ok_or_else(|| bad("kind"))).transpose()?;
    let aligned_to = set(&q.aligned_to).map(|s| ItemRef::parse(&s).ok_or_else(|| bad("aligned_to"))).transpose()?;
    let organization =
        set(&q.organization).map(|s| s.parse().map(phakhi_domain::OrganizationId).map_err(|_| bad("organization"))).transpose()?;
    let programme = set(&q.programme).map(|s| s.parse().map(phakhi_domain::ProgrammeId).map_err(|_| bad("programme"))).transpose()?;
    let filter = ActivityFilter {
        fiscal_year,
        kind,
        area: set(&q.area),
        target_group: set(&q.target_group),
        organization,
        programme,
        aligned_to,
        q: set(&q.q),
        ..Default::default()
    };
    if let Some(format) = q.download.format(lang)? {
        return export(store, lang, format, &filter).await;
    }
    let found = store.list_activities(&filter, &q.page.page()).await.map_err(err)?;
    let c = Chrome::new(lang, &uri, "activities", lang.t("activities-title"));
    let mut filters = vec![
        Filter::text("q", lang.t("filter-title"), set(&q.q).as_deref()),
        Filter::select("fiscal_year", lang.t("filter-fiscal-year"), set(&q.fiscal_year), lang.t("filter-all"), fiscal_year_options(lang)),
        Filter::vocabulary("kind", lang, lang.t("filter-kind"), kind),
    ];
    filters.extend(place_group_goal_filters(store, lang, set(&q.area), set(&q.target_group), set(&q.aligned_to)).await?);
    // Filters reached from a partner's or programme's page stay in the paging links.
    let mut query = filter_query(&filters);
    for (name, value) in [("organization", set(&q.organization)), ("programme", set(&q.programme))] {
        if let Some(v) = value {
            query.push((name, v));
        }
    }
    let path = format!("{}/activities", c.base());
    let pager = Pager::new(lang, &path, &query, q.page.number(), found.total);
    Ok(render(&ListPage {
        downloads: download::links(lang, &path, &query),
        heading: lang.t("activities-title"),
        intro: lang.t("activities-intro"),
        cards: found.items.iter().map(|a| card(lang, c.base(), a)).collect(),
        filters,
        pager,
        actions: vec![
            Link { href: format!("{}/activities/calendar", c.base()), text: lang.t("calendar-title") },
            Link { href: format!("{}/activities/new", c.base()), text: lang.t("activities-new") },
            super::import::action(lang, phakhi_exchange::import::Kind::Activities),
        ],
        c,
    }))
}

/// Every activity the filters match, as a file: titles, kind, times, programme, organisations,
/// venue, hours, target groups, area, and the number of participants as the public may see it
/// (the list is public: a count below 5 is "<5", as on the page).
async fn export(store: &dyn phakhi_store::Store, lang: Lang, format: Format, filter: &ActivityFilter) -> PageResult {
    let mut headers = download::headers(lang, &["download-id", "field-title-th", "field-title-en", "field-kind", "field-starts-at"]);
    headers.push(download::iso_header(lang, "field-starts-at"));
    headers.extend(download::headers(
        lang,
        &[
            "field-ends-at",
            "field-mode",
            "field-programme",
            "field-lead",
            "field-partners",
            "field-venue",
            "field-hours",
            "field-target-groups",
            "download-participants",
        ],
    ));
    headers.extend(download::headers(lang, &AREA_HEADERS));
    let mut table = download::table(lang, "activities-title", headers);
    let groups = target_group_names(store, lang).await?;
    let (mut areas, mut names) = (Areas::default(), Names::default());
    let mut programmes: HashMap<phakhi_domain::ProgrammeId, String> = HashMap::new();
    let mut batches = download::Batches::new(lang);
    while let Some(page) = batches.next_page() {
        let batch = batches.take(store.list_activities(filter, &page).await)?;
        let organisations =
            batch.iter().flat_map(|a| a.input.lead_organization_id.into_iter().chain(a.input.partner_organization_ids.clone()));
        names.add(store, lang, organisations.collect::<Vec<_>>()).await?;
        for a in batch {
            if let Some(id) = a.input.programme_id
                && !programmes.contains_key(&id)
            {
                let p = store.get_programme(id).await.map_err(|e| PageError::from_store(lang, e))?;
                programmes.insert(id, lang.pick(&p.input.title_th, p.input.title_en.as_deref()).to_owned());
            }
            let partners: Vec<String> = a.input.partner_organization_ids.iter().map(|id| names.name(*id)).collect();
            let target_groups: Vec<&str> = a.input.target_groups.iter().map(|g| groups.get(g).map_or(g.as_str(), String::as_str)).collect();
            let starts_on = crate::i18n::thai_time(a.input.starts_at).date_naive();
            let participants = match phakhi_domain::disclosure::single(a.participation_summary.total) {
                phakhi_domain::disclosure::Shown::Count(n) => Cell::number(n as f64),
                suppressed => Cell::text(shown(suppressed)),
            };
            let mut row = vec![
                Cell::text(a.id.0.to_string()),
                Cell::text(a.input.title_th),
                Cell::optional(a.input.title_en),
                Cell::text(lang.label(a.input.kind)),
                download::date_time(lang, a.input.starts_at),
                download::iso(Some(starts_on)),
                a.input.ends_at.map_or(Cell::Empty, |at| download::date_time(lang, at)),
                Cell::text(lang.label(a.input.mode)),
                Cell::optional(a.input.programme_id.and_then(|id| programmes.get(&id).cloned())),
                Cell::optional(a.input.lead_organization_id.map(|id| names.name(id))),
                Cell::text(partners.join(", ")),
                Cell::optional(lang_text(lang, a.input.venue_th.as_deref(), a.input.venue_en.as_deref())),
                a.input.hours.map_or(Cell::Empty, Cell::number),
                Cell::text(target_groups.join(", ")),
                participants,
            ];
            row.extend(areas.cells(store, lang, a.input.area_code.as_deref()).await);
            table.rows.push(row);
        }
    }
    download::respond(lang, format, "activities", &table)
}

pub async fn detail(lang: Lang, uri: OriginalUri, State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> PageResult {
    let store = state.store();
    let err = |e| PageError::from_store(lang, e);
    let id = ActivityId(id.parse().map_err(|_| PageError::NotFound(lang))?);
    let a = store.get_activity(id).await.map_err(err)?;
    let audience = Audience::of(&caller, SubjectKind::Activity, id.0).await;
    let title = lang.pick(&a.input.title_th, a.input.title_en.as_deref()).to_owned();
    let c = Chrome::new(lang, &uri, "activities", title.clone());
    let base = c.base();
    let names = Names::load(
        store,
        lang,
        a.input.lead_organization_id.into_iter().chain(a.input.partner_organization_ids.iter().copied()).collect(),
    )
    .await?;

    let mut when = lang.date_time(a.input.starts_at);
    if let Some(end) = a.input.ends_at {
        when = format!("{when} – {}", lang.date_time(end));
    }
    let mut facts = vec![
        Fact::new(lang.t("field-kind"), lang.label(a.input.kind)),
        Fact::new(lang.t("field-when"), when),
        Fact::new(lang.t("field-mode"), lang.label(a.input.mode)),
    ];
    if let Some(venue) = lang_text(lang, a.input.venue_th.as_deref(), a.input.venue_en.as_deref()) {
        facts.push(Fact::new(lang.t("field-venue"), venue));
    }
    if let Some(area) = area_name(store, lang, a.input.area_code.as_deref()).await {
        facts.push(Fact::new(lang.t("field-area"), area));
    }
    if let Some(h) = a.input.hours {
        facts.push(Fact::new(lang.t("field-hours"), phakhi_charts::format_number(h)));
    }
    if let Some(lead) = a.input.lead_organization_id {
        facts.push(Fact::link(lang.t("field-lead"), names.link(base, lead)));
    }
    if let Some(programme) = a.input.programme_id
        && let Ok(p) = store.get_programme(programme).await
    {
        facts.push(Fact::link(
            lang.t("field-programme"),
            Link {
                href: format!("{base}/programmes/{}", programme.0),
                text: lang.pick(&p.input.title_th, p.input.title_en.as_deref()).to_owned(),
            },
        ));
    }
    let groups = target_group_names(store, lang).await?;
    facts.extend(target_groups_fact(lang, &a.input.target_groups, &groups));
    let mut sections = about(lang, facts, a.input.description_th.as_deref(), a.input.description_en.as_deref());
    sections.push(
        Section::new(
            "partners",
            lang.t("section-activity-partners"),
            Body::Links(a.input.partner_organization_ids.iter().map(|o| names.link(base, *o)).collect()),
        )
        .or_empty(lang.t("empty-partners")),
    );
    if a.input.participation.is_empty() {
        sections.push(
            Section::new("participation", lang.t("section-participation"), Body::Text(String::new()))
                .or_empty(lang.t("empty-participation")),
        );
    } else {
        sections.extend(participation_sections(lang, &a.input.participation, &groups, audience));
    }
    sections.push(alignment_section(store, lang, base, SubjectKind::Activity, id.0).await?);
    let mut actions = vec![Link { href: format!("{base}/activities/{}/edit", id.0), text: lang.t("action-edit") }];
    // The people themselves are for the organiser's editors only: the link shows only to them.
    if caller.is_signed_in()
        && let Ok(people) = caller.store().list_participants(id).await
    {
        let text = lang.t_with("participants-link", &[("count", people.len().into())]);
        actions.push(Link { href: format!("{base}/activities/{}/participants", id.0), text });
    }
    actions.push(Link { href: format!("{base}/activities/{}/report.pdf", id.0), text: lang.t("activity-report-pdf") });
    Ok(render(&DetailPage { kind: lang.t("kind-activity"), heading: title, subtitle: None, actions, sections, c }))
}

/// The activity's report as PDF: its details and participation as the public may see them.
pub async fn report_pdf(lang: Lang, State(state): State<AppState>, Path(id): Path<String>) -> PageResult {
    let id = ActivityId(id.parse().map_err(|_| PageError::NotFound(lang))?);
    let made = phakhi_reports::activity_report(state.store(), id, &super::report::options(lang)).await;
    super::report::respond(lang, "activity-report", made)
}

/// Who took part, by gender (as a chart with its table), age band and target group. For the public
/// every count from 1 to 4 is hidden, and whatever would let it be recovered from the total; those
/// entitled to the record's figures see them exact, and are told the public does not.
pub fn participation_sections(
    lang: Lang,
    cells: &[ParticipationCell],
    groups: &HashMap<String, String>,
    audience: Audience,
) -> Vec<Section> {
    let (gender, total) = audience.breakdown(by_gender(lang, cells));
    let items: Vec<Item> = gender.iter().map(|r| Item { label: r.label.clone(), value: datum(r.count), href: None }).collect();
    let chart = phakhi_charts::bars(
        "participation-gender",
        &text(lang, lang.t_with("participation-by-gender", &[("total", shown(total).into())]), "chart-gender", "chart-participants"),
        &items,
    );
    let table = |id: &str, heading: String, header: String, rows: Vec<super::view::BreakdownRow>| {
        Section::new(
            id,
            heading.clone(),
            Body::Table(Table {
                caption: heading,
                headers: vec![header, lang.t("chart-participants")],
                rows: rows.into_iter().map(|r| vec![(r.label.clone(), None), (r.display(), None)]).collect(),
            }),
        )
    };
    let (age, _) = audience.breakdown(by_age(lang, cells));
    let (target, _) = audience.breakdown(by_target_group(lang, cells, groups));
    let mut sections = Vec::new();
    if audience == Audience::Entitled {
        sections.push(Section::new("exact-figures", lang.t("exact-figures-heading"), Body::Text(lang.t("exact-figures-text"))));
    }
    sections.extend([
        Section::new(
            "participation",
            lang.t_with("section-participation-total", &[("total", shown(total).into())]),
            Body::Chart(Box::new(chart)),
        ),
        table("participation-age", lang.t("participation-by-age"), lang.t("chart-age"), age),
        table("participation-target-group", lang.t("participation-by-target-group"), lang.t("chart-target-group"), target),
    ]);
    sections
}
