//! Networks: the list and a network's page with its members and agreements.

use axum::extract::{OriginalUri, Path, Query, State};
use phakhi_domain::network::{MemberRole, Network};
use phakhi_domain::{FiscalYear, NetworkId, Vocabulary};
use phakhi_store::{AgreementFilter, NetworkFilter, Page};
use serde::Deserialize;

use super::download::{self, AREA_HEADERS, Areas, Download, Format};
use super::view::{
    Body, Card, DetailPage, Fact, Filter, Link, ListPage, Names, PageNumber, Pager, Section, Table, about, area_name, filter_query,
};
use super::{Chrome, PageError, PageResult, render};
use crate::AppState;
use crate::i18n::{Lang, number, thai_today};
use phakhi_exchange::table::Cell;

#[derive(Debug, Deserialize, Default)]
pub struct NetworkQuery {
    q: Option<String>,
    #[serde(flatten)]
    page: PageNumber,
    #[serde(flatten)]
    download: Download,
}

#[derive(Debug, Deserialize, Default)]
pub struct ReportQuery {
    /// Buddhist Era; the current fiscal year when absent.
    fiscal_year: Option<String>,
}

pub fn card(lang: Lang, base: &str, n: &Network) -> Card {
    let mut meta = vec![lang.t_with("count-members", &[("count", number(n.input.members.len() as u64).into())])];
    if let Some(on) = n.input.established_on {
        meta.push(lang.t_with("established-on", &[("date", lang.date(on).into())]));
    }
    Card {
        href: format!("{base}/networks/{}", n.id.0),
        title: lang.pick(&n.input.name_th, n.input.name_en.as_deref()).to_owned(),
        meta,
        badge: None,
    }
}

pub async fn list(lang: Lang, uri: OriginalUri, State(state): State<AppState>, Query(q): Query<NetworkQuery>) -> PageResult {
    let store = state.store();
    let text = q.q.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let filter = NetworkFilter { q: text.map(str::to_owned), ..Default::default() };
    if let Some(format) = q.download.format(lang)? {
        return export(store, lang, format, &filter).await;
    }
    let found = store.list_networks(&filter, &q.page.page()).await.map_err(|e| PageError::from_store(lang, e))?;
    let c = Chrome::new(lang, &uri, "networks", lang.t("networks-title"));
    let filters = vec![Filter::text("q", lang.t("filter-name"), text)];
    let path = format!("{}/networks", c.base());
    let pager = Pager::new(lang, &path, &filter_query(&filters), q.page.number(), found.total);
    Ok(render(&ListPage {
        downloads: download::links(lang, &path, &filter_query(&filters)),
        heading: lang.t("networks-title"),
        intro: lang.t("networks-intro"),
        cards: found.items.iter().map(|n| card(lang, c.base(), n)).collect(),
        filters,
        pager,
        actions: vec![
            Link { href: format!("{}/networks/new", c.base()), text: lang.t("networks-new") },
            super::import::action(lang, phakhi_exchange::import::Kind::NetworkMembers),
        ],
        c,
    }))
}

/// Every network the filters match, as a file: names, members, founding instrument and date, area.
async fn export(store: &dyn phakhi_store::Store, lang: Lang, format: Format, filter: &NetworkFilter) -> PageResult {
    let mut headers = download::headers(lang, &["download-id", "field-name-th", "field-name-en", "field-members", "field-instrument"]);
    headers.extend([lang.t("field-established-on"), download::iso_header(lang, "field-established-on")]);
    headers.extend(download::headers(lang, &AREA_HEADERS));
    let mut table = download::table(lang, "networks-title", headers);
    let mut areas = Areas::default();
    let mut batches = download::Batches::new(lang);
    while let Some(page) = batches.next_page() {
        let batch = batches.take(store.list_networks(filter, &page).await)?;
        for n in batch {
            let mut row = vec![
                Cell::text(n.id.0.to_string()),
                Cell::text(n.input.name_th),
                Cell::optional(n.input.name_en),
                Cell::number(n.input.members.len() as f64),
                Cell::optional(n.input.instrument),
                download::date(lang, n.input.established_on),
                download::iso(n.input.established_on),
            ];
            row.extend(areas.cells(store, lang, n.input.area_code.as_deref()).await);
            table.rows.push(row);
        }
    }
    download::respond(lang, format, "networks", &table)
}

pub async fn detail(lang: Lang, uri: OriginalUri, State(state): State<AppState>, Path(id): Path<String>) -> PageResult {
    let store = state.store();
    let err = |e| PageError::from_store(lang, e);
    let id = NetworkId(id.parse().map_err(|_| PageError::NotFound(lang))?);
    let n = store.get_network(id).await.map_err(err)?;
    let name = lang.pick(&n.input.name_th, n.input.name_en.as_deref()).to_owned();
    let c = Chrome::new(lang, &uri, "networks", name.clone());
    let base = c.base();

    let mut facts = vec![Fact::new(lang.t("field-members"), number(n.input.members.len() as u64))];
    if let Some(instrument) = &n.input.instrument {
        facts.push(Fact::new(lang.t("field-instrument"), instrument.clone()));
    }
    if let Some(on) = n.input.established_on {
        facts.push(Fact::new(lang.t("field-established-on"), lang.date(on)));
    }
    if let Some(area) = area_name(store, lang, n.input.area_code.as_deref()).await {
        facts.push(Fact::new(lang.t("field-area"), area));
    }
    let mut sections = about(lang, facts, n.input.description_th.as_deref(), n.input.description_en.as_deref());

    // Officers first (chair, vice-chair, secretariat), then members, each group in the recorded order.
    let mut members = n.input.members.clone();
    members.sort_by_key(|m| MemberRole::ALL.iter().position(|r| *r == m.role));
    let names = Names::load(store, lang, members.iter().map(|m| m.organization_id).collect()).await?;
    let rows = members
        .iter()
        .map(|m| {
            let org = names.link(base, m.organization_id);
            vec![
                (org.text, Some(org.href)),
                (lang.label(m.role).to_owned(), None),
                (m.represented_by.clone().unwrap_or_default(), None),
                (m.joined_on.map(|d| lang.date(d)).unwrap_or_default(), None),
            ]
        })
        .collect();
    sections.push(
        Section::new(
            "members",
            lang.t("section-members"),
            Body::Table(Table {
                caption: lang.t("section-members"),
                headers: vec![
                    lang.t("field-organization"),
                    lang.t("field-role"),
                    lang.t("field-represented-by"),
                    lang.t("field-joined-on"),
                ],
                rows,
            }),
        )
        .or_empty(lang.t("empty-members")),
    );
    let agreements = store
        .list_agreements(&AgreementFilter { network: Some(id), ..Default::default() }, &Page { limit: 100, offset: 0, sort: None })
        .await
        .map_err(err)?;
    sections.push(
        Section::new(
            "agreements",
            lang.t("section-agreements"),
            Body::Cards(agreements.items.iter().map(|a| super::agreements::card(lang, base, a)).collect()),
        )
        .or_empty(lang.t("empty-agreements")),
    );
    Ok(render(&DetailPage {
        kind: lang.t("kind-network"),
        heading: name,
        subtitle: None,
        actions: vec![
            Link { href: format!("{base}/networks/{}/edit", id.0), text: lang.t("action-edit") },
            Link { href: format!("{base}/partners?network={}", id.0), text: lang.t("see-member-directory") },
            Link { href: format!("{base}/networks/{}/report.pdf", id.0), text: lang.t("network-report-pdf") },
        ],
        sections,
        c,
    }))
}

/// The network's annual report as PDF (`phakhi_reports`), in the page's language, for the fiscal
/// year asked for or the current one. Public like the page: the report reads as the public does.
pub async fn report_pdf(lang: Lang, State(state): State<AppState>, Path(id): Path<String>, Query(q): Query<ReportQuery>) -> PageResult {
    let id = NetworkId(id.parse().map_err(|_| PageError::NotFound(lang))?);
    let year = super::report::fiscal_year(lang, q.fiscal_year.as_deref())?.unwrap_or_else(|| FiscalYear::containing(thai_today()));
    let made = phakhi_reports::network_report(state.store(), id, year, &super::report::options(lang)).await;
    super::report::respond(lang, &format!("network-report-{}", year.be()), made)
}
