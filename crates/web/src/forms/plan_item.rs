//! A plan's tree, item by item: add a strategy, a measure under it or an indicator under that
//! (placing one of the plan's indicators), edit an item, remove one. The plan is fixed by the path
//! (`/plans/{id}/items/new`), so the choices of parent and indicator are the plan's own.

use axum::body::Bytes;
use axum::extract::{OriginalUri, Path, Query};
use axum::response::Response;
use phakhi_domain::plan::{PlanItem, PlanLevel};
use phakhi_domain::{PlanId, PlanItemId};
use phakhi_store::{IndicatorFilter, Page, PlanItemFilter, Store};
use serde_json::json;
use std::collections::HashMap;

use super::{
    Confirm, ConfirmPage, Field, FormContext, FormSpec, Kind, Outcome, context, many, organization_choices, parse_id, prefill,
    require_sign_in, show, submit, vocabulary,
};
use crate::auth::Caller;
use crate::i18n::Lang;
use crate::pages::{PageError, render};

/// The form for an item of this plan: parents are its strategies and measures, indicators its own.
async fn spec(store: &dyn Store, lang: Lang, plan: PlanId) -> Result<FormSpec, PageError> {
    let err = |e| PageError::from_store(lang, e);
    let all = Page { limit: 1000, offset: 0, sort: None };
    let items = store.list_plan_items(&PlanItemFilter { plan: Some(plan), ..Default::default() }, &all).await.map_err(err)?;
    let parents = items
        .items
        .iter()
        .filter(|i| i.input.level != PlanLevel::Indicator)
        .map(|i| (i.id.0.to_string(), format!("{} {}", i.input.code, lang.pick(&i.input.title_th, i.input.title_en.as_deref()))))
        .collect();
    let indicators = store.list_indicators(&IndicatorFilter { plan: Some(plan), ..Default::default() }, &all).await.map_err(err)?;
    let indicators = indicators
        .items
        .iter()
        .map(|i| (i.id.0.to_string(), format!("{} {}", i.input.code, lang.pick(&i.input.name_th, i.input.name_en.as_deref()))))
        .collect();
    Ok(FormSpec {
        fields: vec![
            Field::new("level", "field-plan-level", vocabulary::<PlanLevel>(lang)).required(),
            Field::new("parent_id", "field-parent", Kind::Select(parents)).hint("hint-plan-parent"),
            Field::new("code", "field-code", Kind::Text).required().hint("hint-plan-item-code"),
            Field::new("title_th", "field-title-th", Kind::Text).required(),
            Field::new("title_en", "field-title-en", Kind::Text),
            Field::new("indicator_id", "field-indicator", Kind::Select(indicators)).hint("hint-plan-indicator"),
            Field::new("weight", "field-weight", Kind::Decimal).hint("hint-weight"),
            Field::new("position", "field-position", Kind::Integer).hint("hint-position"),
            Field::new("responsible_organization_ids", "field-plan-responsible", many(&organization_choices(store, lang).await?)),
        ],
        repeats: vec![],
    })
}

/// The plan's page, at its tree.
fn plan_href(lang: Lang, plan: PlanId) -> String {
    format!("/{}/plans/{}#progress", lang.code(), plan.0)
}

async fn plan_title(store: &dyn Store, lang: Lang, plan: PlanId) -> Result<String, PageError> {
    let p = store.get_plan(plan).await.map_err(|e| PageError::from_store(lang, e))?;
    Ok(lang.pick(&p.input.title_th, p.input.title_en.as_deref()).to_owned())
}

fn form_context<'a>(
    lang: Lang,
    uri: &'a OriginalUri,
    caller: &Caller,
    heading: String,
    plan: PlanId,
    version: Option<i64>,
) -> FormContext<'a> {
    FormContext { section: "plans", ..context(lang, uri, caller, heading, plan_href(lang, plan), version) }
}

async fn load(caller: &Caller, lang: Lang, id: &str) -> Result<PlanItem, PageError> {
    let id = PlanItemId(parse_id(lang, id)?);
    caller.store().get_plan_item(id).await.map_err(|e| PageError::from_store(lang, e))
}

pub async fn new(
    lang: Lang,
    uri: OriginalUri,
    caller: Caller,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    require_sign_in(lang, &uri, &caller)?;
    let plan = PlanId(parse_id(lang, &id)?);
    let heading = lang.t_with("plan-items-new", &[("title", plan_title(caller.store(), lang, plan).await?.into())]);
    let spec = spec(caller.store(), lang, plan).await?;
    Ok(show(&form_context(lang, &uri, &caller, heading, plan, None), &spec, &prefill(&spec, &query)))
}

pub async fn create(lang: Lang, uri: OriginalUri, caller: Caller, Path(id): Path<String>, body: Bytes) -> Result<Outcome, PageError> {
    require_sign_in(lang, &uri, &caller)?;
    let store = caller.store();
    let plan = PlanId(parse_id(lang, &id)?);
    let heading = lang.t_with("plan-items-new", &[("title", plan_title(store, lang, plan).await?.into())]);
    let ctx = form_context(lang, &uri, &caller, heading, plan, None);
    let spec = spec(store, lang, plan).await?;
    Ok(submit(&ctx, &spec, &body, json!({ "plan_id": plan }), |input, _| async move {
        store.create_plan_item(input).await?;
        Ok(plan_href(lang, plan))
    })
    .await)
}

fn edit_heading(lang: Lang, item: &PlanItem) -> String {
    lang.t_with("edit-heading", &[("title", format!("{} {}", item.input.code, item.input.title_th).into())])
}

pub async fn edit(lang: Lang, uri: OriginalUri, caller: Caller, Path(id): Path<String>) -> Result<Response, PageError> {
    require_sign_in(lang, &uri, &caller)?;
    let item = load(&caller, lang, &id).await?;
    let plan = item.input.plan_id;
    let ctx = form_context(lang, &uri, &caller, edit_heading(lang, &item), plan, Some(item.meta.version));
    let spec = spec(caller.store(), lang, plan).await?;
    Ok(show(&ctx, &spec, &super::values_from_json(&spec, &super::json(&item.input))))
}

pub async fn update(lang: Lang, uri: OriginalUri, caller: Caller, Path(id): Path<String>, body: Bytes) -> Result<Outcome, PageError> {
    require_sign_in(lang, &uri, &caller)?;
    let item = load(&caller, lang, &id).await?;
    let (plan, item_id) = (item.input.plan_id, item.id);
    let ctx = form_context(lang, &uri, &caller, edit_heading(lang, &item), plan, Some(item.meta.version));
    let store = caller.store();
    let spec = spec(store, lang, plan).await?;
    Ok(submit(&ctx, &spec, &body, super::json(&item.input), |input, pre| async move {
        store.update_plan_item(item_id, pre, input).await?;
        Ok(plan_href(lang, plan))
    })
    .await)
}

fn remove_page(lang: Lang, uri: &OriginalUri, caller: &Caller, item: &PlanItem, error: Option<String>) -> ConfirmPage {
    let title = format!("{} {}", item.input.code, lang.pick(&item.input.title_th, item.input.title_en.as_deref()));
    let ask = Confirm {
        section: "plans",
        heading: lang.t_with("plan-items-remove-heading", &[("title", title.into())]),
        text: "plan-items-remove-text",
        button: "plan-items-remove",
        version: item.meta.version,
        cancel: plan_href(lang, item.input.plan_id),
    };
    ConfirmPage::new(lang, uri, caller, ask, error)
}

pub async fn confirm_remove(lang: Lang, uri: OriginalUri, caller: Caller, Path(id): Path<String>) -> Result<Response, PageError> {
    require_sign_in(lang, &uri, &caller)?;
    let item = load(&caller, lang, &id).await?;
    Ok(render(&remove_page(lang, &uri, &caller, &item, None)))
}

/// Removes the item; the store refuses (and the page says why) while items hang below it, and
/// refuses anyone who may not manage the plan.
pub async fn remove(lang: Lang, uri: OriginalUri, caller: Caller, Path(id): Path<String>, body: Bytes) -> Result<Response, PageError> {
    require_sign_in(lang, &uri, &caller)?;
    let item = load(&caller, lang, &id).await?;
    let page = |error| remove_page(lang, &uri, &caller, &item, error);
    let store = caller.store();
    super::confirmed(lang, &caller, &body, page, plan_href(lang, item.input.plan_id), |pre| store.delete_plan_item(item.id, pre)).await
}
