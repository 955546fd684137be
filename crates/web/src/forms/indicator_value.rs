//! Entering an indicator's values and moving them through their workflow.
//!
//! A value is entered for a fiscal year, an area (only when the indicator is broken down by area;
//! otherwise it is the plan's own) and, if the indicator allows, a gender, an age band or a target
//! group, with where the figure comes from; it is saved as a draft. The steps of
//! [`Transition`] — submit, approve, return — are buttons on the indicator's page, offered only to
//! those the store would let take them; the store still decides, and a refusal comes back on that
//! page as a message in the reader's language.

use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::extract::{OriginalUri, Path};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use phakhi_domain::indicator::{Dimension, Indicator, IndicatorValue, IndicatorValueInput, Transition};
use phakhi_domain::participation::{AgeBand, Gender};
use phakhi_domain::{FiscalYear, IndicatorId, IndicatorValueId, Vocabulary};
use phakhi_store::{Precondition, Store, StoreError};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{
    Confirm, ConfirmPage, Field, FormContext, FormSpec, Kind, Outcome, Values, context, genuine, parse_id, require_sign_in, show, submit,
    target_group_choices, vocabulary,
};
use crate::auth::Caller;
use crate::i18n::Lang;
use crate::pages::{PageError, render};

/// The breakdowns a value may have, as the form's fields are named.
const BREAKDOWNS: [Dimension; 3] = [Dimension::Gender, Dimension::AgeBand, Dimension::TargetGroup];

/// The form's flat shape of an [`IndicatorValueInput`]: each breakdown is a field of its own.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    fiscal_year: FiscalYear,
    #[serde(default)]
    area_code: Option<String>,
    #[serde(default)]
    gender: Option<String>,
    #[serde(default)]
    age_band: Option<String>,
    #[serde(default)]
    target_group: Option<String>,
    value: f64,
    #[serde(default)]
    source: Option<String>,
}

impl Entry {
    fn into_input(self) -> IndicatorValueInput {
        let breakdown =
            [(Dimension::Gender, self.gender), (Dimension::AgeBand, self.age_band), (Dimension::TargetGroup, self.target_group)];
        let disaggregation: BTreeMap<String, String> = breakdown.into_iter().filter_map(|(d, v)| Some((d.code().to_owned(), v?))).collect();
        IndicatorValueInput {
            fiscal_year: self.fiscal_year,
            area_code: self.area_code,
            disaggregation,
            value: self.value,
            source: self.source,
        }
    }
}

/// A stored value in the form's flat shape.
fn flat(input: &IndicatorValueInput) -> Value {
    let mut doc = super::json(input);
    if let Some(map) = doc.as_object_mut() {
        map.remove("disaggregation");
        for (k, v) in &input.disaggregation {
            map.insert(k.clone(), json!(v));
        }
    }
    doc
}

/// The store names a breakdown `/disaggregation/gender`; the form's field is `gender`.
fn onto_form_fields(e: StoreError) -> StoreError {
    super::move_violations(e, |field| match field {
        "/disaggregation/gender" => Some("/gender"),
        "/disaggregation/age_band" => Some("/age_band"),
        "/disaggregation/target_group" => Some("/target_group"),
        _ => None,
    })
}

/// The form for a value of this indicator: the area only when it is broken down by area, and only
/// the breakdowns it allows.
async fn spec(store: &dyn Store, lang: Lang, indicator: &Indicator) -> Result<FormSpec, PageError> {
    let allows = |d: Dimension| indicator.input.disaggregations.contains(&d);
    let mut fields = vec![Field::new("fiscal_year", "field-fiscal-year", Kind::Integer).required().hint("hint-fiscal-year")];
    if allows(Dimension::Area) {
        fields.push(Field::new("area_code", "field-area-code", Kind::Text).hint("hint-value-area"));
    }
    for d in BREAKDOWNS.into_iter().filter(|d| allows(*d)) {
        fields.push(match d {
            Dimension::Gender => Field::new("gender", "field-gender", vocabulary::<Gender>(lang)).hint("hint-value-breakdown"),
            Dimension::AgeBand => Field::new("age_band", "field-age-band", vocabulary::<AgeBand>(lang)).hint("hint-value-breakdown"),
            _ => Field::new("target_group", "field-target-group", target_group_choices(store, lang, false).await?)
                .hint("hint-value-breakdown"),
        });
    }
    fields.push(Field::new("value", "field-value", Kind::Decimal).required());
    fields.push(Field::new("source", "field-value-source", Kind::Text).hint("hint-value-source"));
    Ok(FormSpec { fields, repeats: vec![] })
}

/// The indicator's page, at its values.
pub fn indicator_href(lang: Lang, indicator: IndicatorId) -> String {
    format!("/{}/indicators/{}#values", lang.code(), indicator.0)
}

fn indicator_name(lang: Lang, i: &Indicator) -> String {
    format!("{} {}", i.input.code, lang.pick(&i.input.name_th, i.input.name_en.as_deref()))
}

fn form_context<'a>(
    lang: Lang,
    uri: &'a OriginalUri,
    caller: &Caller,
    heading: String,
    i: &Indicator,
    version: Option<i64>,
) -> FormContext<'a> {
    FormContext { section: "indicators", ..context(lang, uri, caller, heading, indicator_href(lang, i.id), version) }
}

async fn indicator(store: &dyn Store, lang: Lang, id: &str) -> Result<Indicator, PageError> {
    let id = IndicatorId(parse_id(lang, id)?);
    store.get_indicator(id).await.map_err(|e| PageError::from_store(lang, e))
}

/// A new value starts in the plan's area (the only one allowed unless the indicator is broken
/// down by area).
async fn new_value_base(store: &dyn Store, lang: Lang, i: &Indicator) -> Result<Value, PageError> {
    let plan = store.get_plan(i.input.plan_id).await.map_err(|e| PageError::from_store(lang, e))?;
    Ok(json!({ "area_code": plan.input.area_code }))
}

pub async fn new(lang: Lang, uri: OriginalUri, caller: Caller, Path(id): Path<String>) -> Result<Response, PageError> {
    require_sign_in(lang, &uri, &caller)?;
    let store = caller.store();
    let i = indicator(store, lang, &id).await?;
    let heading = lang.t_with("indicator-values-new", &[("name", indicator_name(lang, &i).into())]);
    let spec = spec(store, lang, &i).await?;
    let values = super::values_from_json(&spec, &new_value_base(store, lang, &i).await?);
    Ok(show(&form_context(lang, &uri, &caller, heading, &i, None), &spec, &values))
}

pub async fn create(lang: Lang, uri: OriginalUri, caller: Caller, Path(id): Path<String>, body: Bytes) -> Result<Outcome, PageError> {
    require_sign_in(lang, &uri, &caller)?;
    let store = caller.store();
    let i = indicator(store, lang, &id).await?;
    let heading = lang.t_with("indicator-values-new", &[("name", indicator_name(lang, &i).into())]);
    let ctx = form_context(lang, &uri, &caller, heading, &i, None);
    let spec = spec(store, lang, &i).await?;
    let base = new_value_base(store, lang, &i).await?;
    let indicator = i.id;
    Ok(submit(&ctx, &spec, &body, base, |entry: Entry, _| async move {
        store.create_indicator_value(indicator, entry.into_input()).await.map_err(onto_form_fields)?;
        Ok(indicator_href(lang, indicator))
    })
    .await)
}

async fn load(caller: &Caller, lang: Lang, id: &str) -> Result<(IndicatorValue, Indicator), PageError> {
    let id = IndicatorValueId(parse_id(lang, id)?);
    let err = |e| PageError::from_store(lang, e);
    let v = caller.store().get_indicator_value(id).await.map_err(err)?;
    let i = caller.store().get_indicator(v.indicator_id).await.map_err(err)?;
    Ok((v, i))
}

/// Only a draft can be changed: what was submitted is what gets approved (the store refuses the rest).
pub async fn edit(lang: Lang, uri: OriginalUri, caller: Caller, Path(id): Path<String>) -> Result<Response, PageError> {
    require_sign_in(lang, &uri, &caller)?;
    let (v, i) = load(&caller, lang, &id).await?;
    let heading = lang.t_with("indicator-values-edit", &[("name", indicator_name(lang, &i).into())]);
    let spec = spec(caller.store(), lang, &i).await?;
    let ctx = form_context(lang, &uri, &caller, heading, &i, Some(v.meta.version));
    Ok(show(&ctx, &spec, &super::values_from_json(&spec, &flat(&v.input))))
}

pub async fn update(lang: Lang, uri: OriginalUri, caller: Caller, Path(id): Path<String>, body: Bytes) -> Result<Outcome, PageError> {
    require_sign_in(lang, &uri, &caller)?;
    let (v, i) = load(&caller, lang, &id).await?;
    let heading = lang.t_with("indicator-values-edit", &[("name", indicator_name(lang, &i).into())]);
    let store = caller.store();
    let spec = spec(store, lang, &i).await?;
    let ctx = form_context(lang, &uri, &caller, heading, &i, Some(v.meta.version));
    let (value, indicator) = (v.id, i.id);
    Ok(submit(&ctx, &spec, &body, flat(&v.input), |entry: Entry, pre| async move {
        store.update_indicator_value(value, pre, entry.into_input()).await.map_err(onto_form_fields)?;
        Ok(indicator_href(lang, indicator))
    })
    .await)
}

fn remove_page(lang: Lang, uri: &OriginalUri, caller: &Caller, v: &IndicatorValue, i: &Indicator, error: Option<String>) -> ConfirmPage {
    let ask = Confirm {
        section: "indicators",
        heading: lang.t_with("indicator-values-remove-heading", &[("name", indicator_name(lang, i).into())]),
        text: "indicator-values-remove-text",
        button: "indicator-values-remove",
        version: v.meta.version,
        cancel: indicator_href(lang, i.id),
    };
    ConfirmPage::new(lang, uri, caller, ask, error)
}

pub async fn confirm_remove(lang: Lang, uri: OriginalUri, caller: Caller, Path(id): Path<String>) -> Result<Response, PageError> {
    require_sign_in(lang, &uri, &caller)?;
    let (v, i) = load(&caller, lang, &id).await?;
    Ok(render(&remove_page(lang, &uri, &caller, &v, &i, None)))
}

/// Removes a draft entered by mistake; the store refuses (and the page says why) a value already
/// submitted or approved, and anyone who may not enter the indicator's values.
pub async fn remove(lang: Lang, uri: OriginalUri, caller: Caller, Path(id): Path<String>, body: Bytes) -> Result<Response, PageError> {
    require_sign_in(lang, &uri, &caller)?;
    let (v, i) = load(&caller, lang, &id).await?;
    let page = |error| remove_page(lang, &uri, &caller, &v, &i, error);
    let store = caller.store();
    super::confirmed(lang, &caller, &body, page, indicator_href(lang, i.id), |pre| store.delete_indicator_value(v.id, pre)).await
}

/// A workflow step (`step=submit|approve|return`) posted from the indicator's page. A refusal — not
/// allowed, a step the value's status does not allow, changed meanwhile — shows that page again
/// with the reason.
pub async fn step(lang: Lang, uri: OriginalUri, caller: Caller, Path(id): Path<String>, body: Bytes) -> Result<Response, PageError> {
    require_sign_in(lang, &uri, &caller)?;
    let (v, i) = load(&caller, lang, &id).await?;
    let values = Values::from_form(&body);
    if !genuine(&caller, &values) {
        return refused(lang, &caller, &i, StatusCode::FORBIDDEN, lang.t("form-expired")).await;
    }
    let Some(step) = Transition::from_code(values.get("step")) else {
        return Err(PageError::BadRequest(lang, lang.t_with("error-filter", &[("field", "step".into())])));
    };
    let pre = values.get("_version").parse().map_or(Precondition::Any, Precondition::Version);
    match caller.store().transition_indicator_value(v.id, pre, step).await {
        Ok(_) => Ok(Redirect::to(&format!("/{}/indicators/{}#value-{}", lang.code(), i.id.0, v.id.0)).into_response()),
        Err(e) => match super::refusal(lang, e, false) {
            Ok((status, message)) => refused(lang, &caller, &i, status, message).await,
            Err(e) => Err(PageError::from_store(lang, e)),
        },
    }
}

/// The indicator's page again, saying why a step was not taken.
async fn refused(lang: Lang, caller: &Caller, i: &Indicator, status: StatusCode, message: String) -> Result<Response, PageError> {
    let page = crate::pages::indicators::page(lang, caller, i.id, None, Some(message)).await?;
    Ok((status, page).into_response())
}
