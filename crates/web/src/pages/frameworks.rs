//! The frameworks explorer: SDG goal → targets → indicators (and the learning-city areas, and any
//! custom framework), and for each item who and what contributes to it.

use axum::extract::{OriginalUri, Path, State};
use phakhi_domain::framework::FrameworkItem;
use phakhi_store::{ActivityFilter, AgreementFilter, FrameworkItemFilter, ItemRef, OrganizationFilter, Page, ProgrammeFilter, Store};

use phakhi_charts::{Figure, Series};

use super::agreements::framework_label;
use super::charts::{count, text};
use super::view::lang_text;
use super::view::{Body, Card, DetailPage, Fact, Link, ListPage, Pager, Section};
use super::{Chrome, PageError, PageResult, render};
use crate::AppState;
use crate::i18n::{Lang, number};

const ALL: Page = Page { limit: 1000, offset: 0, sort: None };

fn item_title(lang: Lang, item: &FrameworkItem) -> String {
    let title = super::view::item_title(lang, &item.input);
    format!("{} {} {title}", framework_label(&item.framework_code), item.input.code)
}

fn item_href(base: &str, item: &FrameworkItem) -> String {
    format!("{base}/frameworks/{}/{}", item.framework_code, item.input.code)
}

pub async fn list(lang: Lang, uri: OriginalUri, State(state): State<AppState>) -> PageResult {
    let found = state.store().list_frameworks(&ALL).await.map_err(|e| PageError::from_store(lang, e))?;
    let c = Chrome::new(lang, &uri, "frameworks", lang.t("frameworks-title"));
    let cards = found
        .items
        .iter()
        .map(|f| Card {
            href: format!("{}/frameworks/{}", c.base(), f.input.code),
            title: lang.pick(&f.input.name_th, f.input.name_en.as_deref()).to_owned(),
            meta: f.input.publisher.iter().cloned().collect(),
            badge: None,
        })
        .collect();
    Ok(render(&ListPage {
        heading: lang.t("frameworks-title"),
        intro: lang.t("frameworks-intro"),
        filters: Vec::new(),
        cards,
        pager: Pager::new(lang, "", &[], 1, found.total),
        actions: Vec::new(),
        // A handful of reference frameworks, not records: the API and the Open SDG files carry them.
        downloads: Vec::new(),
        c,
    }))
}

/// How many programmes and activities (of any year) are aligned to the item or below it.
async fn contributions(store: &dyn Store, lang: Lang, item: &FrameworkItem) -> Result<(u64, u64), PageError> {
    let err = |e| PageError::from_store(lang, e);
    let none = Page { limit: 0, offset: 0, sort: None };
    let aligned = || Some(ItemRef::Id(item.id));
    let programmes =
        store.list_programmes(&ProgrammeFilter { aligned_to: aligned(), ..Default::default() }, &none).await.map_err(err)?.total;
    let activities =
        store.list_activities(&ActivityFilter { aligned_to: aligned(), ..Default::default() }, &none).await.map_err(err)?.total;
    Ok((programmes, activities))
}

/// The items as cards, and a stacked chart of the programmes and activities under each.
async fn item_cards(store: &dyn Store, lang: Lang, base: &str, items: &[FrameworkItem]) -> Result<(Vec<Card>, Figure), PageError> {
    let mut cards = Vec::new();
    let mut series = [
        Series { label: lang.t("chart-programmes"), values: Vec::new() },
        Series { label: lang.t("chart-activities"), values: Vec::new() },
    ];
    for item in items {
        let (programmes, activities) = contributions(store, lang, item).await?;
        series[0].values.push(count(programmes));
        series[1].values.push(count(activities));
        let none = programmes + activities == 0;
        cards.push(Card {
            href: item_href(base, item),
            title: item_title(lang, item),
            meta: vec![lang.t_with("count-programmes-activities", &[("programmes", programmes.into()), ("activities", activities.into())])],
            badge: none.then(|| (lang.t("gap-nothing-yet"), "warn")),
        });
    }
    let categories: Vec<String> = items.iter().map(|i| format!("{} {}", framework_label(&i.framework_code), i.input.code)).collect();
    let chart = phakhi_charts::stacked_bars(
        "contributions",
        &text(lang, lang.t("chart-contributions-title"), "chart-item", "chart-programmes-activities"),
        &categories,
        &series,
    );
    Ok((cards, chart))
}

pub async fn framework(lang: Lang, uri: OriginalUri, State(state): State<AppState>, Path(code): Path<String>) -> PageResult {
    let store = state.store();
    let err = |e| PageError::from_store(lang, e);
    let f = store.get_framework(&code).await.map_err(err)?;
    let name = lang.pick(&f.input.name_th, f.input.name_en.as_deref()).to_owned();
    let c = Chrome::new(lang, &uri, "frameworks", name.clone());
    let top = store
        .list_framework_items(&FrameworkItemFilter { framework: Some(code.clone()), top_level: true, ..Default::default() }, &ALL)
        .await
        .map_err(err)?;
    let mut facts = Vec::new();
    if let Some(p) = &f.input.publisher {
        facts.push(Fact::new(lang.t("field-publisher"), p.clone()));
    }
    if let Some(url) = &f.input.url {
        facts.push(Fact { label: lang.t("field-website"), value: url.clone(), href: Some(url.clone()) });
    }
    let mut sections = Vec::new();
    if let Some(d) = lang_text(lang, f.input.description_th.as_deref(), f.input.description_en.as_deref()) {
        facts.push(Fact::new(lang.t("field-description"), d));
    }
    sections.push(Section::new("facts", lang.t("section-about"), Body::Facts(facts)));
    let (cards, chart) = item_cards(store, lang, c.base(), &top.items).await?;
    if !cards.is_empty() {
        sections.push(Section::new("contributions", lang.t("chart-contributions-title"), Body::Chart(Box::new(chart))));
    }
    sections.push(Section::new("items", lang.t("section-framework-items"), Body::Cards(cards)).or_empty(lang.t("empty-framework-items")));
    Ok(render(&DetailPage { kind: lang.t("kind-framework"), heading: name, subtitle: None, actions: Vec::new(), sections, c }))
}

pub async fn item(
    lang: Lang,
    uri: OriginalUri,
    State(state): State<AppState>,
    Path((code, item_code)): Path<(String, String)>,
) -> PageResult {
    let store = state.store();
    let err = |e| PageError::from_store(lang, e);
    let found = store
        .list_framework_items(&FrameworkItemFilter { framework: Some(code.clone()), code: Some(item_code), ..Default::default() }, &ALL)
        .await
        .map_err(err)?;
    let item = found.items.into_iter().next().ok_or(PageError::NotFound(lang))?;
    let heading = item_title(lang, &item);
    let c = Chrome::new(lang, &uri, "frameworks", heading.clone());
    let base = c.base();
    let framework = store.get_framework(&code).await.map_err(err)?;

    // Where the item sits: framework, then each ancestor.
    let mut trail = vec![Link {
        href: format!("{base}/frameworks/{code}"),
        text: lang.pick(&framework.input.name_th, framework.input.name_en.as_deref()).to_owned(),
    }];
    let mut ancestors = Vec::new();
    let mut parent = item.input.parent_id;
    while let Some(id) = parent {
        let p = store.get_framework_item(id).await.map_err(err)?;
        parent = p.input.parent_id;
        ancestors.push(Link { href: item_href(base, &p), text: item_title(lang, &p) });
    }
    trail.extend(ancestors.into_iter().rev());
    let mut sections = vec![Section::new("trail", lang.t("section-framework-trail"), Body::Links(trail))];

    let children =
        store.list_framework_items(&FrameworkItemFilter { parent: Some(item.id), ..Default::default() }, &ALL).await.map_err(err)?;
    if !children.items.is_empty() {
        sections.push(Section::new(
            "children",
            lang.t("section-framework-children"),
            Body::Cards(item_cards(store, lang, base, &children.items).await?.0),
        ));
    }

    let aligned = || Some(ItemRef::Id(item.id));
    let some = Page { limit: 50, offset: 0, sort: None };
    let partners =
        store.list_organizations(&OrganizationFilter { aligned_to: aligned(), ..Default::default() }, &some).await.map_err(err)?;
    let mut partner_cards = Vec::new();
    for o in &partners.items {
        partner_cards.push(Card {
            href: format!("{base}/partners/{}", o.id.0),
            title: lang.pick(&o.input.name_th, o.input.name_en.as_deref()).to_owned(),
            meta: vec![lang.label(o.input.sector).to_owned()],
            badge: None,
        });
    }
    let item_query = format!("{}:{}", item.framework_code, item.input.code);
    let more = |path: &str, total: u64, key: &str| {
        (total > 50).then(|| Link {
            href: format!("{base}/{path}?aligned_to={item_query}"),
            text: lang.t_with(key, &[("count", number(total).into())]),
        })
    };
    sections.push(
        Section::new(
            "partners",
            lang.t_with("section-contributing-partners", &[("count", number(partners.total).into())]),
            Body::Cards(partner_cards),
        )
        .or_empty(lang.t("empty-contributors"))
        .with_more(more("partners", partners.total, "see-all-count")),
    );
    let programmes = store.list_programmes(&ProgrammeFilter { aligned_to: aligned(), ..Default::default() }, &some).await.map_err(err)?;
    sections.push(
        Section::new(
            "programmes",
            lang.t_with("section-contributing-programmes", &[("count", number(programmes.total).into())]),
            Body::Cards(programmes.items.iter().map(|p| super::programmes::card(lang, base, p)).collect()),
        )
        .or_empty(lang.t("empty-contributors"))
        .with_more(more("programmes", programmes.total, "see-all-count")),
    );
    let activities = store.list_activities(&ActivityFilter { aligned_to: aligned(), ..Default::default() }, &some).await.map_err(err)?;
    sections.push(
        Section::new(
            "activities",
            lang.t_with("section-contributing-activities", &[("count", number(activities.total).into())]),
            Body::Cards(activities.items.iter().map(|a| super::activities::card(lang, base, a)).collect()),
        )
        .or_empty(lang.t("empty-contributors"))
        .with_more(more("activities", activities.total, "see-all-count")),
    );
    let agreements = store.list_agreements(&AgreementFilter { aligned_to: aligned(), ..Default::default() }, &some).await.map_err(err)?;
    sections.push(
        Section::new(
            "agreements",
            lang.t_with("section-contributing-agreements", &[("count", number(agreements.total).into())]),
            Body::Cards(agreements.items.iter().map(|a| super::agreements::card(lang, base, a)).collect()),
        )
        .or_empty(lang.t("empty-contributors")),
    );
    Ok(render(&DetailPage { kind: lang.t("kind-framework-item"), heading, subtitle: None, actions: Vec::new(), sections, c }))
}
