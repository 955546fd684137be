//! Small pieces of presentation the pages share: counts as the public may see them, links to records,
//! names of organisations and areas, paging.

use std::collections::HashMap;

use phakhi_domain::disclosure::{self, Shown};
use phakhi_domain::participation::{AgeBand, Gender, ParticipationCell};
use phakhi_domain::{OrganizationId, Vocabulary};
use phakhi_store::{Page, Store};
use serde::Deserialize;

use super::PageError;
use crate::i18n::{Lang, number};

/// A count to print: a number, or "<5" when it is hidden to protect the people counted.
pub fn shown(s: Shown) -> String {
    match s {
        Shown::Count(n) => number(n),
        Shown::Suppressed => "<5".to_owned(),
    }
}

/// A link with its text.
#[derive(Debug, Clone)]
pub struct Link {
    pub href: String,
    pub text: String,
}

/// Names of organisations by id, fetched once per page.
#[derive(Debug, Default)]
pub struct Names(HashMap<OrganizationId, String>);

impl Names {
    pub async fn load(store: &dyn Store, lang: Lang, ids: Vec<OrganizationId>) -> Result<Self, PageError> {
        let mut names = Names::default();
        names.add(store, lang, ids).await?;
        Ok(names)
    }

    /// Fetches the names not yet known (a download keeps one `Names` across its batches).
    pub async fn add(&mut self, store: &dyn Store, lang: Lang, ids: impl IntoIterator<Item = OrganizationId>) -> Result<(), PageError> {
        for id in ids {
            if self.0.contains_key(&id) {
                continue;
            }
            match store.get_organization(id).await {
                Ok(o) => {
                    self.0.insert(id, lang.pick(&o.input.name_th, o.input.name_en.as_deref()).to_owned());
                }
                Err(phakhi_store::StoreError::NotFound { .. }) => {}
                Err(e) => return Err(PageError::from_store(lang, e)),
            }
        }
        Ok(())
    }

    /// The organisation's name, or its id when it is gone.
    pub fn name(&self, id: OrganizationId) -> String {
        self.0.get(&id).cloned().unwrap_or_else(|| id.0.to_string())
    }

    pub fn link(&self, base: &str, id: OrganizationId) -> Link {
        Link { href: format!("{base}/partners/{}", id.0), text: self.name(id) }
    }
}

/// A province, district or subdistrict name for a DOPA code, in the page's language.
pub async fn area_name(store: &dyn Store, lang: Lang, code: Option<&str>) -> Option<String> {
    let area = store.get_area(code?).await.ok()?;
    Some(lang.pick(&area.name_th, Some(&area.name_en)).to_owned())
}

/// `?page=` of a list, 1-based. Kept as text: inside a flattened query struct serde sees every value
/// as a string, and a mistyped page number should show page 1, not an error.
#[derive(Debug, Deserialize, Default)]
pub struct PageNumber {
    pub page: Option<String>,
}

pub const PAGE_SIZE: u32 = 25;

impl PageNumber {
    pub fn page(&self) -> Page {
        Page { limit: PAGE_SIZE, offset: u64::from(self.number() - 1) * u64::from(PAGE_SIZE), sort: None }
    }

    pub fn number(&self) -> u32 {
        self.page.as_deref().and_then(|p| p.trim().parse::<u32>().ok()).unwrap_or(1).clamp(1, 100_000)
    }
}

/// Previous / next links of a paged list, keeping the other filters in the query string.
#[derive(Debug, Default)]
pub struct Pager {
    pub summary: String,
    pub previous: Option<String>,
    pub next: Option<String>,
}

impl Pager {
    pub fn new(lang: Lang, path: &str, query: &[(&str, String)], page: u32, total: u64) -> Self {
        let pages = total.div_ceil(u64::from(PAGE_SIZE)).max(1);
        let href = |n: u64| {
            let mut pairs = form_urlencoded::Serializer::new(String::new());
            for (k, v) in query.iter().filter(|(_, v)| !v.is_empty()) {
                pairs.append_pair(k, v);
            }
            if n > 1 {
                pairs.append_pair("page", &n.to_string());
            }
            let q = pairs.finish();
            if q.is_empty() { path.to_owned() } else { format!("{path}?{q}") }
        };
        let page = u64::from(page);
        Pager {
            summary: lang
                .t_with("list-summary", &[("total", number(total).into()), ("page", number(page).into()), ("pages", number(pages).into())]),
            previous: (page > 1).then(|| href(page - 1)),
            next: (page < pages).then(|| href(page + 1)),
        }
    }
}

/// One dimension of a participation breakdown as the public may see it.
#[derive(Debug, Clone)]
pub struct BreakdownRow {
    pub label: String,
    pub count: Shown,
}

impl BreakdownRow {
    pub fn display(&self) -> String {
        shown(self.count)
    }
}

/// Who is reading a page's participation figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// Everyone: counts from 1 to 4, and what would reveal them, are hidden.
    Public,
    /// Someone who may see this record's non-public figures (its organisation's or network's
    /// editors, coordinators and viewers, and admins): exact counts.
    Entitled,
}

impl Audience {
    /// Asks the caller's store whether they may see this record's non-public figures.
    pub async fn of(caller: &crate::auth::Caller, subject: phakhi_domain::alignment::SubjectKind, id: uuid::Uuid) -> Self {
        let entitled = caller.is_signed_in() && caller.store().may_see_private(subject, id).await.unwrap_or(false);
        if entitled { Audience::Entitled } else { Audience::Public }
    }

    /// A breakdown as this audience may see it.
    pub fn breakdown(self, rows: Vec<(String, u64)>) -> (Vec<BreakdownRow>, Shown) {
        match self {
            Audience::Public => breakdown(rows),
            Audience::Entitled => {
                let total = rows.iter().map(|(_, n)| n).sum();
                (rows.into_iter().map(|(label, n)| BreakdownRow { label, count: Shown::Count(n) }).collect(), Shown::Count(total))
            }
        }
    }
}

/// A participation breakdown (by gender, age band or target group) with small counts suppressed,
/// together with its total.
pub fn breakdown(rows: Vec<(String, u64)>) -> (Vec<BreakdownRow>, Shown) {
    let total: u64 = rows.iter().map(|(_, n)| n).sum();
    let counts: Vec<u64> = rows.iter().map(|(_, n)| *n).collect();
    let (shown, total) = disclosure::breakdown(&counts, total);
    (rows.into_iter().zip(shown).map(|((label, _), count)| BreakdownRow { label, count }).collect(), total)
}

/// Participants by gender, every category listed (zero included) so that the page shows what was
/// asked, not only what was found.
pub fn by_gender(lang: Lang, cells: &[ParticipationCell]) -> Vec<(String, u64)> {
    Gender::ALL
        .iter()
        .map(|g| (lang.label(*g).to_owned(), cells.iter().filter(|c| c.gender == *g).map(|c| u64::from(c.count)).sum()))
        .collect()
}

pub fn by_age(lang: Lang, cells: &[ParticipationCell]) -> Vec<(String, u64)> {
    AgeBand::ALL
        .iter()
        .map(|a| (lang.label(*a).to_owned(), cells.iter().filter(|c| c.age_band == *a).map(|c| u64::from(c.count)).sum()))
        .collect()
}

/// Target-group names by code.
pub async fn target_group_names(store: &dyn Store, lang: Lang) -> Result<HashMap<String, String>, PageError> {
    let groups = store.list_target_groups().await.map_err(|e| PageError::from_store(lang, e))?;
    Ok(groups.into_iter().map(|g| (g.code.clone(), lang.pick(&g.name_th, Some(&g.name_en)).to_owned())).collect())
}

pub fn by_target_group(lang: Lang, cells: &[ParticipationCell], names: &HashMap<String, String>) -> Vec<(String, u64)> {
    let mut totals: Vec<(String, u64)> = Vec::new();
    for c in cells {
        let label = match &c.target_group {
            Some(code) => names.get(code).cloned().unwrap_or_else(|| code.clone()),
            None => lang.t("not-stated"),
        };
        match totals.iter_mut().find(|(l, _)| *l == label) {
            Some((_, n)) => *n += u64::from(c.count),
            None => totals.push((label, u64::from(c.count))),
        }
    }
    totals
}

/// One record in a list: a link, what it is, and a few facts under it.
#[derive(Debug, Clone)]
pub struct Card {
    pub href: String,
    pub title: String,
    pub meta: Vec<String>,
    /// A short status (and its style class: `ok`, `warn`, `bad`, `muted`).
    pub badge: Option<(String, &'static str)>,
}

/// A labelled fact on a record's page.
#[derive(Debug, Clone)]
pub struct Fact {
    pub label: String,
    pub value: String,
    pub href: Option<String>,
}

impl Fact {
    pub fn new(label: String, value: impl Into<String>) -> Self {
        Fact { label, value: value.into(), href: None }
    }

    pub fn link(label: String, link: Link) -> Self {
        Fact { label, value: link.text, href: Some(link.href) }
    }
}

/// A simple table (participation breakdowns, parties …).
#[derive(Debug, Clone)]
pub struct Table {
    pub caption: String,
    pub headers: Vec<String>,
    /// Cells; a cell with a link is (text, Some(href)).
    pub rows: Vec<Vec<(String, Option<String>)>>,
}

/// What a section of a record's page holds.
#[derive(Debug)]
pub enum Body {
    Facts(Vec<Fact>),
    Cards(Vec<Card>),
    Table(Table),
    Chart(Box<phakhi_charts::Figure>),
    Text(String),
    Links(Vec<Link>),
    /// A plan's tree with each item's status (see `pages::plans`).
    Tree(Vec<TreeRow>),
}

/// One item of a plan's tree as a page shows it: its place, its status light and what it rests on.
#[derive(Debug)]
pub struct TreeRow {
    /// 0 for a strategy, deeper items indented below it.
    pub depth: u8,
    pub code: String,
    pub title: String,
    /// Strategy, measure or indicator, in the page's language.
    pub level: String,
    /// The status in words, and its badge class (`ok`, `warn`, `bad`, `muted`).
    pub status: (String, &'static str),
    /// How far, in words (shares achieved and expected, or why there is no status).
    pub summary: String,
    /// For an indicator: baseline, targets, value, source.
    pub facts: Vec<Fact>,
    /// What may be done with the item (its indicator's page; edit, remove, add below).
    pub links: Vec<Link>,
}

/// A titled part of a record's page; an empty one says so instead of disappearing, so readers see
/// what is missing.
#[derive(Debug)]
pub struct Section {
    pub id: String,
    pub heading: String,
    pub body: Body,
    pub empty: Option<String>,
    pub more: Option<Link>,
}

impl Section {
    pub fn new(id: &str, heading: String, body: Body) -> Self {
        Section { id: id.to_owned(), heading, body, empty: None, more: None }
    }

    /// The text shown when the section has nothing.
    pub fn or_empty(mut self, text: String) -> Self {
        let is_empty = match &self.body {
            Body::Facts(v) => v.is_empty(),
            Body::Cards(v) => v.is_empty(),
            Body::Table(t) => t.rows.is_empty(),
            Body::Links(v) => v.is_empty(),
            Body::Text(t) => t.trim().is_empty(),
            Body::Tree(rows) => rows.is_empty(),
            Body::Chart(_) => false,
        };
        if is_empty {
            self.empty = Some(text);
        }
        self
    }

    pub fn with_more(mut self, more: Option<Link>) -> Self {
        self.more = more;
        self
    }
}

/// A filter on a list page: a drop-down or a text box, submitted with GET.
#[derive(Debug, Clone)]
pub struct Filter {
    pub name: &'static str,
    pub label: String,
    pub value: String,
    /// Empty for a text box; otherwise (value, label) pairs, the first usually "all".
    pub options: Vec<(String, String)>,
}

impl Filter {
    pub fn text(name: &'static str, label: String, value: Option<&str>) -> Self {
        Filter { name, label, value: value.unwrap_or_default().to_owned(), options: Vec::new() }
    }

    pub fn select(name: &'static str, label: String, value: Option<String>, all: String, options: Vec<(String, String)>) -> Self {
        let mut all_options = vec![(String::new(), all)];
        all_options.extend(options);
        Filter { name, label, value: value.unwrap_or_default(), options: all_options }
    }

    /// A drop-down of a vocabulary's entries in the page's language.
    pub fn vocabulary<V: Vocabulary>(name: &'static str, lang: Lang, label: String, value: Option<V>) -> Self {
        Self::select(
            name,
            label,
            value.map(|v| v.code().to_owned()),
            lang.t("filter-all"),
            V::ALL.iter().map(|v| (v.code().to_owned(), lang.label(*v).to_owned())).collect(),
        )
    }

    pub fn is_select(&self) -> bool {
        !self.options.is_empty()
    }
}

/// A list page: filters, the records found, and paging.
#[derive(askama::Template)]
#[template(path = "list.html")]
pub struct ListPage {
    pub c: super::Chrome,
    pub heading: String,
    pub intro: String,
    pub filters: Vec<Filter>,
    pub cards: Vec<Card>,
    pub pager: Pager,
    pub actions: Vec<Link>,
    /// The list as a workbook and as CSV, with the filters shown (`pages::download`).
    pub downloads: Vec<Link>,
}

/// A record's page: heading, subtitle, and its sections.
#[derive(askama::Template)]
#[template(path = "detail.html")]
pub struct DetailPage {
    pub c: super::Chrome,
    pub kind: String,
    pub heading: String,
    pub subtitle: Option<String>,
    pub actions: Vec<Link>,
    pub sections: Vec<Section>,
}

/// Province names for a province filter.
pub async fn province_options(store: &dyn Store, lang: Lang) -> Result<Vec<(String, String)>, PageError> {
    let provinces = store
        .list_areas(
            &phakhi_store::AreaFilter { level: Some(phakhi_domain::area::AreaLevel::Province), ..Default::default() },
            &Page { limit: 100, offset: 0, sort: None },
        )
        .await
        .map_err(|e| PageError::from_store(lang, e))?;
    let mut options: Vec<(String, String)> =
        provinces.items.into_iter().map(|p| (p.code.clone(), lang.pick(&p.name_th, Some(&p.name_en)).to_owned())).collect();
    options.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(options)
}

/// Query-string pairs of the filters that are set, for paging links.
pub fn filter_query(filters: &[Filter]) -> Vec<(&str, String)> {
    filters.iter().filter(|f| !f.value.is_empty()).map(|f| (f.name, f.value.clone())).collect()
}

/// A bilingual text in the page's language, falling back to the other language when it has only
/// one (SDG targets, for instance, have English titles only).
pub fn lang_text(lang: Lang, th: Option<&str>, en: Option<&str>) -> Option<String> {
    let (th, en) = (th.filter(|s| !s.trim().is_empty()), en.filter(|s| !s.trim().is_empty()));
    let text = match lang {
        Lang::Th => th.or(en),
        Lang::En => en.or(th),
    }?;
    Some(text.to_owned())
}

/// A framework item's title in the page's language.
pub fn item_title(lang: Lang, item: &phakhi_domain::framework::FrameworkItemInput) -> String {
    lang_text(lang, item.title_th.as_deref(), item.title_en.as_deref()).unwrap_or_default()
}

/// A record's "about" section, followed by its description when it has one (in the page's
/// language, else the other).
pub fn about(lang: Lang, facts: Vec<Fact>, description_th: Option<&str>, description_en: Option<&str>) -> Vec<Section> {
    let mut sections = vec![Section::new("facts", lang.t("section-about"), Body::Facts(facts))];
    if let Some(d) = lang_text(lang, description_th, description_en) {
        sections.push(Section::new("description", lang.t("field-description"), Body::Text(d)));
    }
    sections
}

/// The target groups of a programme or activity, by name, as a fact.
pub fn target_groups_fact(lang: Lang, codes: &[String], names: &HashMap<String, String>) -> Option<Fact> {
    (!codes.is_empty()).then(|| {
        let list: Vec<String> = codes.iter().map(|g| names.get(g).cloned().unwrap_or_else(|| g.clone())).collect();
        Fact::new(lang.t("field-target-groups"), list.join(", "))
    })
}

/// The province, target-group and framework-item filters that programme and activity lists share.
pub async fn place_group_goal_filters(
    store: &dyn Store,
    lang: Lang,
    area: Option<String>,
    target_group: Option<String>,
    aligned_to: Option<String>,
) -> Result<Vec<Filter>, PageError> {
    let mut groups: Vec<(String, String)> = target_group_names(store, lang).await?.into_iter().collect();
    groups.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(vec![
        Filter::select("area", lang.t("filter-province"), area, lang.t("filter-all"), province_options(store, lang).await?),
        Filter::select("target_group", lang.t("filter-target-group"), target_group, lang.t("filter-all"), groups),
        Filter::select(
            "aligned_to",
            lang.t("filter-framework-item"),
            aligned_to,
            lang.t("filter-all"),
            super::partners::framework_options(store, lang).await?,
        ),
    ])
}
