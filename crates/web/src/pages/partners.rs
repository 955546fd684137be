//! Partners: the directory of organisations and each organisation's page.

use axum::extract::{OriginalUri, Path, Query, State};
use phakhi_domain::organization::{Organization, OrganizationStatus, Sector};
use phakhi_domain::{OrganizationId, Vocabulary};
use phakhi_store::{
    ActivityFilter, AgreementFilter, CommitmentFilter, FrameworkItemFilter, ItemRef, NetworkFilter, OrganizationFilter, Page,
    ProgrammeFilter, Store,
};
use serde::Deserialize;
use uuid::Uuid;

use super::download::{self, AREA_HEADERS, Areas, Download, Format};
use super::view::{
    Body, Card, DetailPage, Fact, Filter, Link, ListPage, Names, PageNumber, Pager, Section, about, area_name, filter_query,
    province_options,
};
use super::{Chrome, PageError, PageResult, render};
use crate::AppState;
use crate::i18n::Lang;
use phakhi_exchange::table::Cell;

#[derive(Debug, Deserialize, Default)]
pub struct DirectoryQuery {
    sector: Option<String>,
    area: Option<String>,
    network: Option<String>,
    aligned_to: Option<String>,
    q: Option<String>,
    #[serde(flatten)]
    page: PageNumber,
    #[serde(flatten)]
    download: Download,
}

fn non_empty(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

pub async fn list(lang: Lang, uri: OriginalUri, State(state): State<AppState>, Query(q): Query<DirectoryQuery>) -> PageResult {
    let store = state.store();
    let err = |e| PageError::from_store(lang, e);
    let bad = |field: &str| PageError::BadRequest(lang, lang.t_with("error-filter", &[("field", field.to_owned().into())]));
    let sector = non_empty(&q.sector).map(|s| Sector::from_code(s).ok_or_else(|| bad("sector"))).transpose()?;
    let network = non_empty(&q.network).map(|s| s.parse::<Uuid>().map(phakhi_domain::NetworkId).map_err(|_| bad("network"))).transpose()?;
    let aligned_to = non_empty(&q.aligned_to).map(|s| ItemRef::parse(s).ok_or_else(|| bad("aligned_to"))).transpose()?;
    let filter = OrganizationFilter {
        area: non_empty(&q.area).map(str::to_owned),
        sector,
        network,
        aligned_to,
        q: non_empty(&q.q).map(str::to_owned),
        ..Default::default()
    };
    if let Some(format) = q.download.format(lang)? {
        return export(store, lang, format, &filter).await;
    }
    let found = store.list_organizations(&filter, &q.page.page()).await.map_err(err)?;
    let c = Chrome::new(lang, &uri, "partners", lang.t("partners-title"));

    let networks = store.list_networks(&NetworkFilter::default(), &Page { limit: 200, offset: 0, sort: None }).await.map_err(err)?;
    let goals = framework_options(store, lang).await?;
    let filters = vec![
        Filter::text("q", lang.t("filter-name"), non_empty(&q.q)),
        Filter::vocabulary("sector", lang, lang.t("filter-sector"), sector),
        Filter::select("area", lang.t("filter-province"), q.area.clone(), lang.t("filter-all"), province_options(store, lang).await?),
        Filter::select(
            "network",
            lang.t("filter-network"),
            q.network.clone(),
            lang.t("filter-all"),
            networks
                .items
                .iter()
                .map(|n| (n.id.0.to_string(), lang.pick(&n.input.name_th, n.input.name_en.as_deref()).to_owned()))
                .collect(),
        ),
        Filter::select("aligned_to", lang.t("filter-framework-item"), q.aligned_to.clone(), lang.t("filter-all"), goals),
    ];
    let mut cards = Vec::new();
    for o in &found.items {
        cards.push(card(store, lang, &c, o).await);
    }
    let path = format!("{}/partners", c.base());
    let pager = Pager::new(lang, &path, &filter_query(&filters), q.page.number(), found.total);
    Ok(render(&ListPage {
        downloads: download::links(lang, &path, &filter_query(&filters)),
        heading: lang.t("partners-title"),
        intro: lang.t("partners-intro"),
        filters,
        cards,
        pager,
        actions: vec![
            Link { href: format!("{}/partners/new", c.base()), text: lang.t("partners-new") },
            super::import::action(lang, phakhi_exchange::import::Kind::Organizations),
        ],
        c,
    }))
}

/// Every organisation the filters match, as a file: names, sector, status, parent, DOPA area, website.
async fn export(store: &dyn Store, lang: Lang, format: Format, filter: &OrganizationFilter) -> PageResult {
    let mut headers = download::headers(
        lang,
        &["download-id", "field-name-th", "field-name-en", "field-abbreviation", "field-sector", "field-status", "field-parent"],
    );
    headers.extend(download::headers(lang, &AREA_HEADERS));
    headers.push(lang.t("field-website"));
    let mut table = download::table(lang, "partners-title", headers);
    let (mut areas, mut parents) = (Areas::default(), Names::default());
    let mut batches = download::Batches::new(lang);
    while let Some(page) = batches.next_page() {
        let batch = batches.take(store.list_organizations(filter, &page).await)?;
        let parent_ids: Vec<_> = batch.iter().filter_map(|o| o.input.parent_id).collect();
        parents.add(store, lang, parent_ids).await?;
        for o in batch {
            let mut row = vec![
                Cell::text(o.id.0.to_string()),
                Cell::text(o.input.name_th),
                Cell::optional(o.input.name_en),
                Cell::optional(o.input.abbreviation),
                Cell::text(lang.label(o.input.sector)),
                Cell::text(lang.label(o.input.status)),
                Cell::optional(o.input.parent_id.map(|p| parents.name(p))),
            ];
            row.extend(areas.cells(store, lang, o.input.area_code.as_deref()).await);
            row.push(Cell::optional(o.input.website));
            table.rows.push(row);
        }
    }
    download::respond(lang, format, "partners", &table)
}

/// SDG goals and learning-city areas, for "works towards" filters.
pub async fn framework_options(store: &dyn Store, lang: Lang) -> Result<Vec<(String, String)>, PageError> {
    let mut options = Vec::new();
    for framework in [phakhi_domain::framework::SDG, phakhi_domain::framework::LEARNING_CITY] {
        let items = store
            .list_framework_items(
                &FrameworkItemFilter { framework: Some(framework.into()), top_level: framework == "sdg", ..Default::default() },
                &Page { limit: 100, offset: 0, sort: None },
            )
            .await
            .map_err(|e| PageError::from_store(lang, e))?;
        for i in items.items.iter().filter(|i| framework == "sdg" || i.input.parent_id.is_some()) {
            let title = super::view::item_title(lang, &i.input);
            let prefix = if framework == "sdg" { format!("SDG {}", i.input.code) } else { i.input.code.clone() };
            options.push((format!("{framework}:{}", i.input.code), format!("{prefix} {title}")));
        }
    }
    Ok(options)
}

async fn card(store: &dyn Store, lang: Lang, c: &Chrome, o: &Organization) -> Card {
    let mut meta = vec![lang.label(o.input.sector).to_owned()];
    if let Some(area) = area_name(store, lang, o.input.area_code.as_deref()).await {
        meta.push(area);
    }
    let badge = (o.input.status != OrganizationStatus::Active).then(|| (lang.label(o.input.status).to_owned(), "muted"));
    Card {
        href: format!("{}/partners/{}", c.base(), o.id.0),
        title: lang.pick(&o.input.name_th, o.input.name_en.as_deref()).to_owned(),
        meta,
        badge,
    }
}

pub async fn detail(lang: Lang, uri: OriginalUri, State(state): State<AppState>, Path(id): Path<String>) -> PageResult {
    let store = state.store();
    let err = |e| PageError::from_store(lang, e);
    let id = OrganizationId(id.parse().map_err(|_| PageError::NotFound(lang))?);
    let o = store.get_organization(id).await.map_err(err)?;
    let name = lang.pick(&o.input.name_th, o.input.name_en.as_deref()).to_owned();
    let c = Chrome::new(lang, &uri, "partners", name.clone());
    let base = c.base();
    let all = Page { limit: 100, offset: 0, sort: None };

    let mut facts =
        vec![Fact::new(lang.t("field-sector"), lang.label(o.input.sector)), Fact::new(lang.t("field-status"), lang.label(o.input.status))];
    if let Some(abbr) = &o.input.abbreviation {
        facts.push(Fact::new(lang.t("field-abbreviation"), abbr.clone()));
    }
    if let Some(area) = area_name(store, lang, o.input.area_code.as_deref()).await {
        facts.push(Fact::link(
            lang.t("field-area"),
            Link { href: format!("{base}/partners?area={}", o.input.area_code.clone().unwrap_or_default()), text: area },
        ));
    }
    if let Some(parent) = o.input.parent_id {
        let names = Names::load(store, lang, vec![parent]).await?;
        facts.push(Fact::link(lang.t("field-parent"), names.link(base, parent)));
    }
    if let Some(site) = &o.input.website {
        facts.push(Fact { label: lang.t("field-website"), value: site.clone(), href: Some(site.clone()) });
    }
    let mut sections = about(lang, facts, o.input.description_th.as_deref(), o.input.description_en.as_deref());

    let networks = store.list_networks(&NetworkFilter { organization: Some(id), ..Default::default() }, &all).await.map_err(err)?;
    sections.push(
        Section::new(
            "networks",
            lang.t("section-networks"),
            Body::Cards(networks.items.iter().map(|n| super::networks::card(lang, base, n)).collect()),
        )
        .or_empty(lang.t("empty-networks")),
    );
    let agreements = store.list_agreements(&AgreementFilter { organization: Some(id), ..Default::default() }, &all).await.map_err(err)?;
    sections.push(
        Section::new(
            "agreements",
            lang.t("section-agreements-signed"),
            Body::Cards(agreements.items.iter().map(|a| super::agreements::card(lang, base, a)).collect()),
        )
        .or_empty(lang.t("empty-agreements")),
    );
    let commitments =
        store.list_commitments(&CommitmentFilter { organization: Some(id), ..Default::default() }, &all).await.map_err(err)?;
    let mut commitment_cards = Vec::new();
    for k in &commitments.items {
        let agreement = agreements.items.iter().find(|a| a.id == k.input.agreement_id);
        commitment_cards.push(super::agreements::commitment_card(lang, base, k, super::agreements::promised_on(k, agreement), None));
    }
    sections.push(
        Section::new("commitments", lang.t("section-commitments"), Body::Cards(commitment_cards)).or_empty(lang.t("empty-commitments")),
    );
    let programmes = store.list_programmes(&ProgrammeFilter { organization: Some(id), ..Default::default() }, &all).await.map_err(err)?;
    sections.push(
        Section::new(
            "programmes",
            lang.t("section-programmes"),
            Body::Cards(programmes.items.iter().map(|p| super::programmes::card(lang, base, p)).collect()),
        )
        .or_empty(lang.t("empty-programmes")),
    );
    let recent = Page { limit: 20, offset: 0, sort: None };
    let activities = store.list_activities(&ActivityFilter { organization: Some(id), ..Default::default() }, &recent).await.map_err(err)?;
    sections.push(
        Section::new(
            "activities",
            lang.t("section-activities"),
            Body::Cards(activities.items.iter().map(|a| super::activities::card(lang, base, a)).collect()),
        )
        .or_empty(lang.t("empty-activities"))
        .with_more(
            (activities.total > 20)
                .then(|| Link { href: format!("{base}/activities?organization={}", id.0), text: lang.t("see-all-activities") }),
        ),
    );
    sections.push(sdg_section(store, lang, base, id).await?);

    Ok(render(&DetailPage {
        kind: lang.t("kind-organization"),
        heading: name,
        subtitle: (lang == Lang::Th)
            .then(|| o.input.name_en.clone())
            .flatten()
            .or_else(|| (lang == Lang::En).then(|| o.input.name_th.clone())),
        actions: vec![Link { href: format!("{base}/partners/{}/edit", id.0), text: lang.t("action-edit") }],
        sections,
        c,
    }))
}

/// The SDG goals the organisation's programmes and activities are aligned to.
async fn sdg_section(store: &dyn Store, lang: Lang, base: &str, id: OrganizationId) -> Result<Section, PageError> {
    let err = |e| PageError::from_store(lang, e);
    let goals = store
        .list_framework_items(
            &FrameworkItemFilter { framework: Some("sdg".into()), top_level: true, ..Default::default() },
            &Page { limit: 50, offset: 0, sort: None },
        )
        .await
        .map_err(err)?;
    let none = Page { limit: 0, offset: 0, sort: None };
    let mut links = Vec::new();
    for g in &goals.items {
        let item = ItemRef::Code { framework: "sdg".into(), code: g.input.code.clone() };
        let programmes = store
            .list_programmes(&ProgrammeFilter { organization: Some(id), aligned_to: Some(item.clone()), ..Default::default() }, &none)
            .await
            .map_err(err)?
            .total;
        let activities = store
            .list_activities(&ActivityFilter { organization: Some(id), aligned_to: Some(item), ..Default::default() }, &none)
            .await
            .map_err(err)?
            .total;
        if programmes + activities > 0 {
            let title = super::view::item_title(lang, &g.input);
            links.push(Link {
                href: format!("{base}/frameworks/sdg/{}", g.input.code),
                text: format!(
                    "SDG {} {title} — {}",
                    g.input.code,
                    lang.t_with("count-programmes-activities", &[("programmes", programmes.into()), ("activities", activities.into())])
                ),
            });
        }
    }
    Ok(Section::new("sdgs", lang.t("section-sdgs"), Body::Links(links)).or_empty(lang.t("empty-sdgs")))
}
