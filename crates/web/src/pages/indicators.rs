//! Indicators: the list (every plan's, or one plan's), and an indicator's page — its definition,
//! unit, direction, baseline and targets per fiscal year; for a computed one its value in each
//! year of the plan from the formula, through the store's evaluation; and the entered values with
//! their workflow, each with the steps the reader may take.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{OriginalUri, Path, Query};
use phakhi_domain::indicator::{Indicator, IndicatorSource, IndicatorValue, Stamp, Transition, ValueStatus};
use phakhi_domain::plan::Plan;
use phakhi_domain::{FiscalYear, IndicatorId, PlanId, Vocabulary};
use phakhi_store::{IndicatorFilter, IndicatorRights, IndicatorScope, IndicatorValueFilter, Page, Store};
use serde::Deserialize;

use super::plans::amount;
use super::view::{Body, Card, Fact, Filter, Link, ListPage, Names, PageNumber, Pager, Section, Table, about, area_name, filter_query};
use super::{Chrome, PageError, PageResult, render};
use crate::auth::Caller;
use crate::i18n::Lang;

#[derive(Debug, Deserialize, Default)]
pub struct IndicatorListQuery {
    q: Option<String>,
    plan: Option<String>,
    source: Option<String>,
    #[serde(flatten)]
    page: PageNumber,
}

/// `1.1.1 ร้อยละของ…` in the page's language.
fn name(lang: Lang, i: &Indicator) -> String {
    format!("{} {}", i.input.code, lang.pick(&i.input.name_th, i.input.name_en.as_deref()))
}

fn source_label(lang: Lang, source: &IndicatorSource) -> (String, &'static str) {
    match source {
        IndicatorSource::Entered => (lang.t("indicator-kind-entered"), "muted"),
        IndicatorSource::Computed { .. } => (lang.t("indicator-kind-computed"), "ok"),
    }
}

fn unit(lang: Lang, i: &Indicator) -> String {
    lang.pick(&i.input.unit_th, i.input.unit_en.as_deref()).to_owned()
}

/// Every plan by id, for their titles (a register has few plans).
async fn plans(store: &dyn Store, lang: Lang) -> Result<HashMap<PlanId, Plan>, PageError> {
    let all = Page { limit: 500, offset: 0, sort: None };
    let found = store.list_plans(&Default::default(), &all).await.map_err(|e| PageError::from_store(lang, e))?;
    Ok(found.items.into_iter().map(|p| (p.id, p)).collect())
}

fn plan_title(lang: Lang, p: &Plan) -> String {
    lang.pick(&p.input.title_th, p.input.title_en.as_deref()).to_owned()
}

pub async fn list(lang: Lang, uri: OriginalUri, caller: Caller, Query(q): Query<IndicatorListQuery>) -> PageResult {
    let store = caller.store();
    let set = |s: &Option<String>| s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
    let bad = |field: &str| PageError::BadRequest(lang, lang.t_with("error-filter", &[("field", field.to_owned().into())]));
    let plan = set(&q.plan).map(|p| p.parse().map(PlanId).map_err(|_| bad("plan"))).transpose()?;
    let source = set(&q.source);
    if source.as_deref().is_some_and(|s| s != "entered" && s != "computed") {
        return Err(bad("source"));
    }
    let filter = IndicatorFilter { plan, source: source.clone(), q: set(&q.q), ..Default::default() };
    let found = store.list_indicators(&filter, &q.page.page()).await.map_err(|e| PageError::from_store(lang, e))?;
    let plans = plans(store, lang).await?;
    let c = Chrome::new(lang, &uri, "indicators", lang.t("indicators-title"));
    let base = c.base();
    let mut plan_options: Vec<(String, String)> = plans.values().map(|p| (p.id.0.to_string(), plan_title(lang, p))).collect();
    plan_options.sort_by(|a, b| a.1.cmp(&b.1));
    let sources = vec![("entered".into(), lang.t("indicator-kind-entered")), ("computed".into(), lang.t("indicator-kind-computed"))];
    let filters = vec![
        Filter::text("q", lang.t("filter-title"), set(&q.q).as_deref()),
        Filter::select("plan", lang.t("field-plan"), plan.map(|p| p.0.to_string()), lang.t("filter-all"), plan_options),
        Filter::select("source", lang.t("field-indicator-source"), source, lang.t("filter-all"), sources),
    ];
    let cards = found
        .items
        .iter()
        .map(|i| Card {
            href: format!("{base}/indicators/{}", i.id.0),
            title: name(lang, i),
            meta: [
                plans.get(&i.input.plan_id).map(|p| plan_title(lang, p)),
                Some(lang.t_with("indicator-unit", &[("unit", unit(lang, i).into())])),
            ]
            .into_iter()
            .flatten()
            .collect(),
            badge: Some(source_label(lang, &i.input.source)),
        })
        .collect();
    let path = format!("{base}/indicators");
    let pager = Pager::new(lang, &path, &filter_query(&filters), q.page.number(), found.total);
    let new_href = match plan {
        Some(p) => format!("{base}/indicators/new?plan_id={}", p.0),
        None => format!("{base}/indicators/new"),
    };
    Ok(render(&ListPage {
        heading: lang.t("indicators-title"),
        intro: lang.t("indicators-intro"),
        cards,
        filters,
        pager,
        actions: vec![Link { href: new_href, text: lang.t("indicators-new") }],
        downloads: vec![],
        c,
    }))
}

#[derive(Debug, Deserialize, Default)]
pub struct IndicatorQuery {
    fiscal_year: Option<String>,
}

pub async fn detail(lang: Lang, caller: Caller, Path(id): Path<String>, Query(q): Query<IndicatorQuery>) -> PageResult {
    let id = IndicatorId(id.parse().map_err(|_| PageError::NotFound(lang))?);
    let year = match q.fiscal_year.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(y) => Some(
            y.parse()
                .ok()
                .and_then(|y| FiscalYear::from_be(y).ok())
                .ok_or_else(|| PageError::BadRequest(lang, lang.t_with("error-filter", &[("field", "fiscal_year".into())])))?,
        ),
        None => None,
    };
    page(lang, &caller, id, year, None).await
}

/// One entered value as the page shows it, with the workflow steps the reader may take.
#[derive(Debug)]
pub struct ValueView {
    pub id: String,
    pub version: i64,
    /// The year, area and breakdown it is for.
    pub heading: String,
    pub value: String,
    pub status: (String, &'static str),
    pub facts: Vec<Fact>,
    /// (step code, button label).
    pub steps: Vec<(&'static str, String)>,
    /// Where a draft is edited and removed, for those who may enter values.
    pub edit: Option<(String, String)>,
}

#[derive(Template)]
#[template(path = "indicator.html")]
pub struct IndicatorPage {
    pub c: Chrome,
    pub kind: String,
    pub heading: String,
    pub subtitle: Option<String>,
    /// Why a step just asked for was not taken.
    pub notice: Option<String>,
    pub actions: Vec<Link>,
    pub sections: Vec<Section>,
    pub values: Vec<ValueView>,
    pub add_value: Option<Link>,
    pub csrf: Option<String>,
}

/// The indicator's page (`notice`: why a workflow step was refused, shown at the top). The values
/// the reader may see and the steps offered are the caller's store's answer.
pub async fn page(lang: Lang, caller: &Caller, id: IndicatorId, year: Option<FiscalYear>, notice: Option<String>) -> PageResult {
    let store = caller.store();
    let err = |e| PageError::from_store(lang, e);
    let i = store.get_indicator(id).await.map_err(err)?;
    let plan = store.get_plan(i.input.plan_id).await.map_err(err)?;
    let rights = if caller.is_signed_in() { store.indicator_rights(id).await.map_err(err)? } else { IndicatorRights::default() };
    let filter = IndicatorValueFilter { fiscal_year: year, ..Default::default() };
    let values = store.list_indicator_values(id, &filter).await.map_err(err)?;
    let title = lang.pick(&i.input.name_th, i.input.name_en.as_deref()).to_owned();
    let path = format!("/{}/indicators/{}", lang.code(), id.0);
    let c = Chrome::new(lang, &OriginalUri(path.parse().unwrap_or_default()), "indicators", title.clone());
    let base = c.base();

    let mut sections =
        about(lang, facts(store, lang, base, &i, &plan).await?, i.input.definition_th.as_deref(), i.input.definition_en.as_deref());
    sections.push(Section::new(
        "years",
        lang.t("section-indicator-years"),
        Body::Table(years(store, lang, &i, &plan, &values, rights).await),
    ));
    let mut actions = vec![Link { href: format!("{base}/plans/{}", plan.id.0), text: lang.t("indicator-plan-link") }];
    if caller.is_signed_in() {
        actions.push(Link { href: format!("{base}/indicators/{}/edit", id.0), text: lang.t("action-edit") });
    }
    let entered = i.input.source == IndicatorSource::Entered;
    let add_value = (entered && rights.enter)
        .then(|| Link { href: format!("{base}/indicators/{}/values/new", id.0), text: lang.t("indicator-values-add") });
    let mut areas = HashMap::new();
    for v in &values {
        if let Some(code) = &v.input.area_code
            && !areas.contains_key(code)
        {
            areas.insert(code.clone(), area_name(store, lang, Some(code)).await.unwrap_or_else(|| code.clone()));
        }
    }
    let groups = super::view::target_group_names(store, lang).await?;
    let values = values.iter().map(|v| value_view(lang, base, &i, v, rights, &areas, &groups)).collect();
    Ok(render(&IndicatorPage {
        kind: lang.t("kind-indicator"),
        heading: title,
        subtitle: Some(format!("{} · {}", i.input.code, plan_title(lang, &plan))),
        notice,
        actions,
        sections,
        values,
        add_value,
        csrf: caller.csrf_token.clone(),
        c,
    }))
}

async fn facts(store: &dyn Store, lang: Lang, base: &str, i: &Indicator, plan: &Plan) -> Result<Vec<Fact>, PageError> {
    let input = &i.input;
    let at = |value: f64, year: FiscalYear| format!("{} ({})", amount(lang, i, value), lang.fiscal_year(year));
    let mut facts = vec![
        Fact::link(lang.t("field-plan"), Link { href: format!("{base}/plans/{}", plan.id.0), text: plan_title(lang, plan) }),
        Fact::new(lang.t("field-code"), input.code.clone()),
        Fact::new(lang.t("field-unit"), unit(lang, i)),
        Fact::new(lang.t("field-direction"), lang.label(input.direction)),
        Fact::new(
            lang.t("field-indicator-baseline"),
            input.baseline.map_or_else(|| lang.t("value-not-set"), |b| at(b.value, b.fiscal_year)),
        ),
        Fact::new(
            lang.t("field-indicator-target"),
            input.final_target().map_or_else(|| lang.t("value-not-set"), |t| at(t.value, t.fiscal_year)),
        ),
    ];
    let source = match &input.source {
        IndicatorSource::Entered => lang.t("indicator-source-entered"),
        IndicatorSource::Computed { formula } => lang.t_with("indicator-source-computed", &[("formula", formula.clone().into())]),
    };
    facts.push(Fact::new(lang.t("field-indicator-source"), source));
    if !input.disaggregations.is_empty() {
        let dims: Vec<&str> = input.disaggregations.iter().map(|d| lang.label(*d)).collect();
        facts.push(Fact::new(lang.t("field-disaggregations"), dims.join(", ")));
    }
    let names = Names::load(store, lang, input.responsible_organization_ids.clone()).await?;
    for o in &input.responsible_organization_ids {
        facts.push(Fact::link(lang.t("field-indicator-responsible"), names.link(base, *o)));
    }
    Ok(facts)
}

/// Each fiscal year of the plan (and any other year with a target): its target and its value — the
/// formula's for a computed indicator, else the approved total for the plan's area.
async fn years(store: &dyn Store, lang: Lang, i: &Indicator, plan: &Plan, values: &[IndicatorValue], rights: IndicatorRights) -> Table {
    let mut years: Vec<FiscalYear> =
        (plan.input.start_year.be()..=plan.input.end_year.be()).filter_map(|y| FiscalYear::from_be(y).ok()).collect();
    years.extend(i.input.targets.iter().map(|t| t.fiscal_year).filter(|y| *y < plan.input.start_year || *y > plan.input.end_year));
    years.sort();
    let formula = i.input.formula().and_then(Result::ok);
    let mut rows = Vec::new();
    for year in years {
        let target = i.input.target_for(year).map_or_else(|| lang.t("value-not-set"), |t| amount(lang, i, t.value));
        let value = match &formula {
            Some(f) => {
                let scope = IndicatorScope { fiscal_year: Some(year), area: plan.input.area_code.clone() };
                match store.evaluate_formula(f, &scope).await {
                    Ok(r) if r.uses_a_small_count && !rights.see_private => lang.t("indicator-value-suppressed"),
                    Ok(r) => r.value.map_or_else(|| lang.t("indicator-value-undefined"), |v| amount(lang, i, v)),
                    Err(e) => {
                        tracing::warn!(error = %e, "an indicator's formula could not be evaluated");
                        lang.t("indicator-value-failed")
                    }
                }
            }
            None => values
                .iter()
                .find(|v| {
                    v.input.fiscal_year == year
                        && v.status == ValueStatus::Approved
                        && v.input.is_total()
                        && v.input.area_code == plan.input.area_code
                })
                .map_or_else(|| lang.t("indicator-value-none"), |v| amount(lang, i, v.input.value)),
        };
        rows.push(vec![(lang.fiscal_year(year), None), (target, None), (value, None)]);
    }
    let value_header = if formula.is_some() { "indicator-column-computed" } else { "indicator-column-approved" };
    Table {
        caption: lang.t("section-indicator-years"),
        headers: vec![lang.t("field-fiscal-year"), lang.t("field-indicator-target"), lang.t(value_header)],
        rows,
    }
}

fn stamp(lang: Lang, s: &Stamp) -> String {
    lang.t_with("indicator-stamp", &[("by", s.by.clone().into()), ("at", lang.date_time(s.at).into())])
}

fn value_view(
    lang: Lang,
    base: &str,
    i: &Indicator,
    v: &IndicatorValue,
    rights: IndicatorRights,
    areas: &HashMap<String, String>,
    groups: &HashMap<String, String>,
) -> ValueView {
    let mut place = vec![lang.fiscal_year(v.input.fiscal_year)];
    place.push(
        v.input
            .area_code
            .as_ref()
            .map_or_else(|| lang.t("indicator-whole-country"), |a| areas.get(a).cloned().unwrap_or_else(|| a.clone())),
    );
    for (dimension, code) in &v.input.disaggregation {
        let label = match dimension.as_str() {
            "gender" => phakhi_domain::participation::Gender::from_code(code).map(|g| lang.label(g).to_owned()),
            "age_band" => phakhi_domain::participation::AgeBand::from_code(code).map(|a| lang.label(a).to_owned()),
            _ => groups.get(code).cloned(),
        };
        place.push(label.unwrap_or_else(|| code.clone()));
    }
    let mut facts = Vec::new();
    if let Some(source) = &v.input.source {
        facts.push(Fact::new(lang.t("field-value-source"), source.clone()));
    }
    facts.push(Fact::new(lang.t("indicator-entered"), stamp(lang, &v.entered)));
    for (key, s) in [("indicator-submitted", &v.submitted), ("indicator-approved", &v.approved), ("indicator-returned", &v.returned)] {
        if let Some(s) = s {
            facts.push(Fact::new(lang.t(key), stamp(lang, s)));
        }
    }
    // The steps the value's status allows (the domain's rule), offered to whoever the store would let take them.
    let steps = Transition::ALL
        .iter()
        .filter(|step| v.status.after(**step).is_ok())
        .filter(|step| if step.is_review() { rights.review } else { rights.enter })
        .map(|step| (step.code(), lang.label(*step).to_owned()))
        .collect();
    let status_class = match v.status {
        ValueStatus::Approved => "ok",
        ValueStatus::Submitted => "warn",
        ValueStatus::Draft => "muted",
    };
    ValueView {
        id: v.id.0.to_string(),
        version: v.meta.version,
        heading: place.join(" · "),
        value: amount(lang, i, v.input.value),
        status: (lang.label(v.status).to_owned(), status_class),
        facts,
        steps,
        edit: (v.status.is_editable() && rights.enter).then(|| {
            let at = format!("{base}/indicator-values/{}", v.id.0);
            (format!("{at}/edit"), format!("{at}/remove"))
        }),
    }
}
