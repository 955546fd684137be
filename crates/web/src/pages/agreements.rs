//! Agreements (MOUs): the list and an agreement's page with its parties, commitments and documents.

use axum::extract::{OriginalUri, Path, Query, State};
use phakhi_domain::agreement::{Agreement, AgreementStatus};
use phakhi_domain::alignment::SubjectKind;
use phakhi_domain::commitment::{Commitment, ReportingLight};
use phakhi_domain::{AgreementId, Vocabulary};
use phakhi_store::{AgreementFilter, AlignmentFilter, CommitmentFilter, NetworkFilter, Page, Store};
use serde::Deserialize;

use super::download::{self, AREA_HEADERS, Areas, Download, Format};
use super::view::lang_text;
use super::view::{
    Body, Card, DetailPage, Fact, Filter, Link, ListPage, Names, PageNumber, Pager, Section, Table, area_name, filter_query,
    province_options,
};
use super::{Chrome, PageError, PageResult, render};
use crate::AppState;
use crate::i18n::{Lang, number, thai_time, thai_today};
use phakhi_exchange::table::Cell;

#[derive(Debug, Deserialize, Default)]
pub struct AgreementQuery {
    status: Option<String>,
    area: Option<String>,
    network: Option<String>,
    q: Option<String>,
    #[serde(flatten)]
    page: PageNumber,
    #[serde(flatten)]
    download: Download,
}

pub fn card(lang: Lang, base: &str, a: &Agreement) -> Card {
    let mut meta = Vec::new();
    if let Some(on) = a.input.signed_on {
        meta.push(lang.t_with("signed-on", &[("date", lang.date(on).into())]));
    }
    meta.push(signatories(lang, a));
    Card {
        href: format!("{base}/agreements/{}", a.id.0),
        title: lang.pick(&a.input.title_th, a.input.title_en.as_deref()).to_owned(),
        meta,
        badge: Some((lang.label(a.input.status).to_owned(), status_class(a.input.status))),
    }
}

fn status_class(s: AgreementStatus) -> &'static str {
    match s {
        AgreementStatus::Active | AgreementStatus::Signed => "ok",
        AgreementStatus::Draft => "muted",
        AgreementStatus::Expired | AgreementStatus::Terminated => "bad",
    }
}

/// "62 signatories declared, 59 registered in phakhi" — the MOU's own count and the parties recorded.
fn signatories(lang: Lang, a: &Agreement) -> String {
    match a.input.declared_signatories {
        Some(declared) => lang.t_with(
            "signatories-declared-registered",
            &[("declared", number(u64::from(declared)).into()), ("registered", number(u64::from(a.registered_signatories)).into())],
        ),
        None => lang.t_with("signatories-registered", &[("registered", number(u64::from(a.registered_signatories)).into())]),
    }
}

pub fn light_class(light: ReportingLight) -> &'static str {
    match light {
        ReportingLight::OnTrack => "ok",
        ReportingLight::Overdue => "warn",
        ReportingLight::Inactive => "bad",
        ReportingLight::Closed => "muted",
    }
}

/// When a commitment's reporting clock starts without any report: the promise was made when its
/// agreement was signed; failing that, when it was recorded.
pub fn promised_on(k: &Commitment, agreement: Option<&Agreement>) -> chrono::NaiveDate {
    agreement.and_then(|a| a.input.signed_on).unwrap_or_else(|| thai_time(k.meta.created_at).date_naive())
}

/// A commitment with its reporting light; `names` adds who made it.
pub fn commitment_card(lang: Lang, base: &str, k: &Commitment, promised_on: chrono::NaiveDate, names: Option<&Names>) -> Card {
    let light = k.input.reporting_light(promised_on, thai_today());
    let mut meta = vec![lang.label(k.input.status).to_owned()];
    if let Some(names) = names {
        meta.insert(0, names.link(base, k.input.organization_id).text);
    }
    match k.input.latest_progress() {
        Some(p) => meta.push(lang.t_with("latest-report", &[("date", lang.date(p.reported_on).into()), ("percent", p.percent.into())])),
        None => meta.push(lang.t("no-report-yet")),
    }
    Card {
        href: format!("{base}/commitments/{}/edit", k.id.0),
        title: lang.pick(&k.input.title_th, k.input.title_en.as_deref()).to_owned(),
        meta,
        badge: Some((lang.label(light).to_owned(), light_class(light))),
    }
}

pub async fn list(lang: Lang, uri: OriginalUri, State(state): State<AppState>, Query(q): Query<AgreementQuery>) -> PageResult {
    let store = state.store();
    let err = |e| PageError::from_store(lang, e);
    let bad = |field: &str| PageError::BadRequest(lang, lang.t_with("error-filter", &[("field", field.to_owned().into())]));
    let set = |s: &Option<String>| s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
    let status = set(&q.status).map(|s| AgreementStatus::from_code(&s).ok_or_else(|| bad("status"))).transpose()?;
    let network = set(&q.network).map(|s| s.parse().map(phakhi_domain::NetworkId).map_err(|_| bad("network"))).transpose()?;
    let filter = AgreementFilter { status, area: set(&q.area), network, q: set(&q.q), ..Default::default() };
    if let Some(format) = q.download.format(lang)? {
        return export(store, lang, format, &filter).await;
    }
    let found = store.list_agreements(&filter, &q.page.page()).await.map_err(err)?;
    let c = Chrome::new(lang, &uri, "agreements", lang.t("agreements-title"));
    let networks = store.list_networks(&NetworkFilter::default(), &Page { limit: 200, offset: 0, sort: None }).await.map_err(err)?;
    let filters = vec![
        Filter::text("q", lang.t("filter-title"), set(&q.q).as_deref()),
        Filter::vocabulary("status", lang, lang.t("filter-status"), status),
        Filter::select("area", lang.t("filter-province"), set(&q.area), lang.t("filter-all"), province_options(store, lang).await?),
        Filter::select(
            "network",
            lang.t("filter-network"),
            set(&q.network),
            lang.t("filter-all"),
            networks
                .items
                .iter()
                .map(|n| (n.id.0.to_string(), lang.pick(&n.input.name_th, n.input.name_en.as_deref()).to_owned()))
                .collect(),
        ),
    ];
    let path = format!("{}/agreements", c.base());
    let pager = Pager::new(lang, &path, &filter_query(&filters), q.page.number(), found.total);
    Ok(render(&ListPage {
        downloads: download::links(lang, &path, &filter_query(&filters)),
        heading: lang.t("agreements-title"),
        intro: lang.t("agreements-intro"),
        cards: found.items.iter().map(|a| card(lang, c.base(), a)).collect(),
        filters,
        pager,
        actions: vec![
            Link { href: format!("{}/agreements/new", c.base()), text: lang.t("agreements-new") },
            super::import::action(lang, phakhi_exchange::import::Kind::AgreementParties),
        ],
        c,
    }))
}

/// Every agreement the filters match, as a file: titles, status, dates, signatories, network, area.
async fn export(store: &dyn phakhi_store::Store, lang: Lang, format: Format, filter: &AgreementFilter) -> PageResult {
    let mut headers = download::headers(lang, &["download-id", "field-title-th", "field-title-en", "field-status"]);
    headers.extend([lang.t("field-signed-on"), download::iso_header(lang, "field-signed-on")]);
    headers.extend(download::headers(
        lang,
        &[
            "field-term-start",
            "field-term-end",
            "field-declared-signatories",
            "download-registered-signatories",
            "field-network",
            "field-place",
        ],
    ));
    headers.extend(download::headers(lang, &AREA_HEADERS));
    let mut table = download::table(lang, "agreements-title", headers);
    let mut areas = Areas::default();
    let networks = store.list_networks(&NetworkFilter::default(), &Page::all()).await.map_err(|e| PageError::from_store(lang, e))?;
    let network_name = |id: phakhi_domain::NetworkId| {
        networks.items.iter().find(|n| n.id == id).map(|n| lang.pick(&n.input.name_th, n.input.name_en.as_deref()).to_owned())
    };
    let mut batches = download::Batches::new(lang);
    while let Some(page) = batches.next_page() {
        let batch = batches.take(store.list_agreements(filter, &page).await)?;
        for a in batch {
            let mut row = vec![
                Cell::text(a.id.0.to_string()),
                Cell::text(a.input.title_th),
                Cell::optional(a.input.title_en),
                Cell::text(lang.label(a.input.status)),
                download::date(lang, a.input.signed_on),
                download::iso(a.input.signed_on),
                download::date(lang, a.input.term_start),
                download::date(lang, a.input.term_end),
                a.input.declared_signatories.map_or(Cell::Empty, Cell::number),
                Cell::number(a.registered_signatories),
                Cell::optional(a.input.network_id.and_then(network_name)),
                Cell::optional(super::view::lang_text(lang, a.input.place_th.as_deref(), a.input.place_en.as_deref())),
            ];
            row.extend(areas.cells(store, lang, a.input.area_code.as_deref()).await);
            table.rows.push(row);
        }
    }
    download::respond(lang, format, "agreements", &table)
}

pub async fn detail(lang: Lang, uri: OriginalUri, State(state): State<AppState>, Path(id): Path<String>) -> PageResult {
    let store = state.store();
    let err = |e| PageError::from_store(lang, e);
    let id = AgreementId(id.parse().map_err(|_| PageError::NotFound(lang))?);
    let a = store.get_agreement(id).await.map_err(err)?;
    let title = lang.pick(&a.input.title_th, a.input.title_en.as_deref()).to_owned();
    let c = Chrome::new(lang, &uri, "agreements", title.clone());
    let base = c.base();

    let mut facts =
        vec![Fact::new(lang.t("field-status"), lang.label(a.input.status)), Fact::new(lang.t("field-signatories"), signatories(lang, &a))];
    if let Some(on) = a.input.signed_on {
        facts.push(Fact::new(lang.t("field-signed-on"), lang.date(on)));
    }
    if let Some(place) = lang_text(lang, a.input.place_th.as_deref(), a.input.place_en.as_deref()) {
        facts.push(Fact::new(lang.t("field-place"), place));
    }
    if let Some(area) = area_name(store, lang, a.input.area_code.as_deref()).await {
        facts.push(Fact::new(lang.t("field-area"), area));
    }
    if a.input.term_start.is_some() || a.input.term_end.is_some() {
        let term = format!(
            "{} – {}",
            a.input.term_start.map(|d| lang.date(d)).unwrap_or_default(),
            a.input.term_end.map(|d| lang.date(d)).unwrap_or_else(|| lang.t("open-ended"))
        );
        facts.push(Fact::new(lang.t("field-term"), term));
    }
    if !a.input.themes.is_empty() {
        facts.push(Fact::new(lang.t("field-themes"), a.input.themes.join(", ")));
    }
    if let Some(network) = a.input.network_id
        && let Ok(n) = store.get_network(network).await
    {
        facts.push(Fact::link(
            lang.t("field-network"),
            Link {
                href: format!("{base}/networks/{}", network.0),
                text: lang.pick(&n.input.name_th, n.input.name_en.as_deref()).to_owned(),
            },
        ));
    }
    let mut sections = vec![Section::new("facts", lang.t("section-about"), Body::Facts(facts))];
    if let Some(notes) = lang_text(lang, a.input.notes_th.as_deref(), a.input.notes_en.as_deref()) {
        sections.push(Section::new("notes", lang.t("field-notes"), Body::Text(notes)));
    }

    let commitments = store
        .list_commitments(&CommitmentFilter { agreement: Some(id), ..Default::default() }, &Page { limit: 500, offset: 0, sort: None })
        .await
        .map_err(err)?;
    let names = Names::load(
        store,
        lang,
        a.input.parties.iter().map(|p| p.organization_id).chain(commitments.items.iter().map(|k| k.input.organization_id)).collect(),
    )
    .await?;
    let parties = a
        .input
        .parties
        .iter()
        .map(|p| {
            let org = names.link(base, p.organization_id);
            vec![(org.text, Some(org.href)), (lang.label(p.role).to_owned(), None), (p.signed_by.clone().unwrap_or_default(), None)]
        })
        .collect();
    sections.push(
        Section::new(
            "parties",
            lang.t("section-parties"),
            Body::Table(Table {
                caption: signatories(lang, &a),
                headers: vec![lang.t("field-organization"), lang.t("field-role"), lang.t("field-signed-by")],
                rows: parties,
            }),
        )
        .or_empty(lang.t("empty-parties")),
    );
    sections.push(
        Section::new(
            "commitments",
            lang.t("section-commitments"),
            Body::Cards(commitments.items.iter().map(|k| commitment_card(lang, base, k, promised_on(k, Some(&a)), Some(&names))).collect()),
        )
        .or_empty(lang.t("empty-commitments"))
        .with_more(Some(Link { href: format!("{base}/commitments/new?agreement_id={}", id.0), text: lang.t("commitments-new") })),
    );
    let documents = a
        .input
        .documents
        .iter()
        .map(|d| {
            vec![
                (d.title.clone(), d.url.clone()),
                (d.file_name.clone(), None),
                (d.size_bytes.map(|b| format!("{} KB", number(b.div_ceil(1024)))).unwrap_or_default(), None),
            ]
        })
        .collect();
    sections.push(
        Section::new(
            "documents",
            lang.t("section-documents"),
            Body::Table(Table {
                caption: lang.t("section-documents"),
                headers: vec![lang.t("field-document"), lang.t("field-file-name"), lang.t("field-size")],
                rows: documents,
            }),
        )
        .or_empty(lang.t("empty-documents")),
    );
    sections.push(alignment_section(store, lang, base, SubjectKind::Agreement, id.0).await?);
    Ok(render(&DetailPage {
        kind: lang.t("kind-agreement"),
        heading: title,
        subtitle: None,
        actions: vec![Link { href: format!("{base}/agreements/{}/edit", id.0), text: lang.t("action-edit") }],
        sections,
        c,
    }))
}

/// The framework items a record is aligned to, linked to the frameworks explorer.
pub async fn alignment_section(
    store: &dyn Store,
    lang: Lang,
    base: &str,
    subject_kind: SubjectKind,
    id: uuid::Uuid,
) -> Result<Section, PageError> {
    let err = |e| PageError::from_store(lang, e);
    let alignments = store
        .list_alignments(
            &AlignmentFilter { subject_kind: Some(subject_kind), subject_id: Some(id), ..Default::default() },
            &Page { limit: 200, offset: 0, sort: None },
        )
        .await
        .map_err(err)?;
    let mut links = Vec::new();
    for al in &alignments.items {
        let item = store.get_framework_item(al.input.item_id).await.map_err(err)?;
        let framework = &item.framework_code;
        let title = super::view::item_title(lang, &item.input);
        links.push(Link {
            href: format!("{base}/frameworks/{framework}/{}", item.input.code),
            text: format!("{} {} {title}", framework_label(framework), item.input.code),
        });
    }
    Ok(Section::new("alignment", lang.t("section-alignment"), Body::Links(links)).or_empty(lang.t("empty-alignment")))
}

/// How a framework's items are prefixed in links: `SDG 5.2`, `LC 1.3`.
pub fn framework_label(code: &str) -> String {
    match code {
        phakhi_domain::framework::SDG => "SDG".to_owned(),
        phakhi_domain::framework::LEARNING_CITY => "UNESCO LC".to_owned(),
        other => other.to_uppercase(),
    }
}
