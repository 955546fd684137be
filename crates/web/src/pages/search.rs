//! The search page: one box across every kind of record, in Thai and English, with counts by kind
//! to narrow the results. The header's search box on every page submits here.

use askama::Template;
use axum::extract::{OriginalUri, Path, Query, State};
use axum::response::{IntoResponse, Redirect};
use phakhi_domain::{CommitmentId, FrameworkItemId};
use phakhi_store::{SearchRequest, StoreError};
use serde::Deserialize;

use super::view::{Link, PageNumber, Pager};
use super::{Chrome, PageError, PageResult, render};
use crate::AppState;
use crate::i18n::{Lang, number};

#[derive(Debug, Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
    #[serde(rename = "type")]
    kind: Option<String>,
    #[serde(flatten)]
    page: PageNumber,
}

#[derive(Debug)]
pub struct Hit {
    pub href: String,
    pub kind: String,
    pub title: String,
    /// HTML made by the search module: escaped text with `<mark>` around matches.
    pub snippet: String,
}

#[derive(Debug)]
pub struct KindFacet {
    pub link: Link,
    pub count: String,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    c: Chrome,
    searched: bool,
    hits: Vec<Hit>,
    facets: Vec<KindFacet>,
    corrected: Option<String>,
    pager: Pager,
}

/// The message key naming a kind of record.
fn kind_key(kind: &str) -> &'static str {
    match kind {
        "organization" => "kind-organization",
        "network" => "kind-network",
        "agreement" => "kind-agreement",
        "commitment" => "kind-commitment",
        "programme" => "kind-programme",
        "activity" => "kind-activity",
        "plan" => "kind-plan",
        "indicator" => "kind-indicator",
        _ => "kind-framework-item",
    }
}

fn hit_href(base: &str, kind: &str, id: uuid::Uuid) -> String {
    let path = match kind {
        "organization" => "partners",
        "network" => "networks",
        "agreement" => "agreements",
        "commitment" => "commitments",
        "programme" => "programmes",
        "activity" => "activities",
        "plan" => "plans",
        "indicator" => "indicators",
        _ => "framework-items",
    };
    format!("{base}/{path}/{id}")
}

pub async fn page(lang: Lang, uri: OriginalUri, State(state): State<AppState>, Query(q): Query<SearchQuery>) -> PageResult {
    let text = q.q.trim().to_owned();
    let mut c =
        Chrome::new(lang, &uri, "", if text.is_empty() { lang.t("search-title") } else { format!("{} · {text}", lang.t("search-title")) });
    c.q = text.clone();
    let base = c.base();
    if text.is_empty() {
        return Ok(render(&SearchPage {
            c,
            searched: false,
            hits: Vec::new(),
            facets: Vec::new(),
            corrected: None,
            pager: Pager::default(),
        }));
    }
    let kind = q.kind.clone().filter(|k| !k.is_empty());
    let request = SearchRequest { q: text.clone(), kind: kind.clone(), area: None, prefix: false };
    let results = state.store().search(&request, &q.page.page()).await.map_err(|e| PageError::from_store(lang, e))?;
    let hits = results
        .hits
        .iter()
        .map(|h| Hit {
            href: hit_href(base, &h.kind, h.id),
            kind: lang.t(kind_key(&h.kind)),
            title: lang.pick(&h.title_th, h.title_en.as_deref()).to_owned(),
            snippet: h.snippet.clone(),
        })
        .collect();
    let query_for = |k: Option<&str>| {
        let mut pairs = form_urlencoded::Serializer::new(String::new());
        pairs.append_pair("q", &text);
        if let Some(k) = k {
            pairs.append_pair("type", k);
        }
        format!("{base}/search?{}", pairs.finish())
    };
    // Past the counting limit every count is a lower bound: "1,000+".
    let at_least = |n: u64| if results.total_is_lower_bound { format!("{}+", number(n)) } else { number(n) };
    let all_count: u64 = results.facets.kind.values().sum();
    let mut facets = vec![KindFacet {
        link: Link { href: query_for(None), text: lang.t("search-all-kinds") },
        count: at_least(all_count),
        current: kind.is_none(),
    }];
    facets.extend(results.facets.kind.iter().map(|(k, n)| KindFacet {
        link: Link { href: query_for(Some(k)), text: lang.t(kind_key(k)) },
        count: at_least(*n),
        current: kind.as_deref() == Some(k),
    }));
    let mut query = vec![("q", text.clone())];
    if let Some(k) = &kind {
        query.push(("type", k.clone()));
    }
    let mut pager = Pager::new(lang, &format!("{base}/search"), &query, q.page.number(), results.total);
    if results.total_is_lower_bound {
        pager.summary = lang.t_with("search-too-many", &[("total", number(results.total).into())]);
    }
    Ok(render(&SearchPage { c, searched: true, hits, facets, corrected: results.corrected_query.clone(), pager }))
}

/// A commitment is shown on its agreement's page.
pub async fn commitment(lang: Lang, State(state): State<AppState>, Path(id): Path<String>) -> PageResult {
    let id = CommitmentId(id.parse().map_err(|_| PageError::NotFound(lang))?);
    let k = state.store().get_commitment(id).await.map_err(|e| PageError::from_store(lang, e))?;
    Ok(Redirect::to(&format!("/{}/agreements/{}#commitments", lang.code(), k.input.agreement_id.0)).into_response())
}

/// A framework item's page is addressed by its framework and code.
pub async fn framework_item(lang: Lang, State(state): State<AppState>, Path(id): Path<String>) -> PageResult {
    let id = FrameworkItemId(id.parse().map_err(|_| PageError::NotFound(lang))?);
    let item = state.store().get_framework_item(id).await.map_err(|e: StoreError| PageError::from_store(lang, e))?;
    Ok(Redirect::to(&format!("/{}/frameworks/{}/{}", lang.code(), item.framework_code, item.input.code)).into_response())
}
