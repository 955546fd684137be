//! The plan form: a plan's identity, keeper, area and span of fiscal years (Buddhist Era). Its tree
//! is edited item by item (`plan_item.rs`); framework alignments are kept as they are. A plan can
//! also be copied as the template of a new one.

use axum::body::Bytes;
use axum::extract::{OriginalUri, Path};
use axum::response::Response;
use phakhi_domain::PlanId;
use phakhi_domain::plan::{Plan, PlanCopyInput, PlanInput, PlanStatus};
use phakhi_store::{Precondition, Store, StoreError};

use super::{
    Editable, Field, FormContext, FormSpec, Kind, Outcome, Stored, context, json, many, network_choices, organization_choices, parse_id,
    require_sign_in, show, submit, values_from_json, vocabulary,
};
use crate::auth::Caller;
use crate::i18n::Lang;
use crate::pages::PageError;

pub struct Form;

/// The fields a plan and its copy share: code, titles, keeper and area.
pub async fn identity_fields(store: &dyn Store, lang: Lang, organizations: Kind) -> Result<Vec<Field>, PageError> {
    Ok(vec![
        Field::new("code", "field-code", Kind::Text).required().hint("hint-plan-code"),
        Field::new("title_th", "field-title-th", Kind::Text).required(),
        Field::new("title_en", "field-title-en", Kind::Text),
        Field::new("network_id", "field-plan-keeper", network_choices(store, lang).await?).hint("hint-plan-keeper"),
        Field::new("organization_id", "field-organization", organizations),
        Field::new("area_code", "field-area-code", Kind::Text).hint("hint-area-code"),
    ])
}

#[async_trait::async_trait]
impl Editable for Form {
    type Input = PlanInput;
    const SECTION: &'static str = "plans";
    const NEW_HEADING: &'static str = "plans-new";
    const EDIT_HEADING: &'static str = "edit-heading";
    const LIST: &'static str = "/plans";

    async fn spec(store: &dyn Store, lang: Lang) -> Result<FormSpec, PageError> {
        let organizations = organization_choices(store, lang).await?;
        let responsible = many(&organizations);
        let mut fields = identity_fields(store, lang, organizations).await?;
        fields.extend([
            Field::new("start_year", "field-plan-start-year", Kind::Integer).required().hint("hint-fiscal-year"),
            Field::new("end_year", "field-plan-end-year", Kind::Integer).required().hint("hint-fiscal-year"),
            Field::new("status", "field-status", vocabulary::<PlanStatus>(lang)).required(),
            Field::new("responsible_organization_ids", "field-plan-responsible", responsible),
            Field::new("description_th", "field-description-th", Kind::LongText),
            Field::new("description_en", "field-description-en", Kind::LongText),
        ]);
        Ok(FormSpec { fields, repeats: vec![] })
    }

    async fn load(store: &dyn Store, id: uuid::Uuid) -> Result<Stored, StoreError> {
        let p = store.get_plan(PlanId(id)).await?;
        Ok(Stored { input: json(&p.input), version: p.meta.version, title: p.input.title_th.clone(), href: format!("/plans/{id}") })
    }

    async fn create(store: &dyn Store, input: PlanInput) -> Result<String, StoreError> {
        Ok(format!("/plans/{}", store.create_plan(input).await?.id.0))
    }

    async fn update(store: &dyn Store, id: uuid::Uuid, pre: Precondition, input: PlanInput) -> Result<String, StoreError> {
        Ok(format!("/plans/{}", store.update_plan(PlanId(id), pre, input).await?.id.0))
    }
}

fn copy_context<'a>(lang: Lang, uri: &'a OriginalUri, caller: &Caller, plan: &Plan) -> FormContext<'a> {
    let title = lang.pick(&plan.input.title_th, plan.input.title_en.as_deref());
    let heading = lang.t_with("plans-copy-heading", &[("title", title.to_owned().into())]);
    FormContext { section: "plans", ..context(lang, uri, caller, heading, format!("/{}/plans/{}", lang.code(), plan.id.0), None) }
}

async fn copy_spec(store: &dyn Store, lang: Lang) -> Result<FormSpec, PageError> {
    let mut fields = identity_fields(store, lang, organization_choices(store, lang).await?).await?;
    if let Some(code) = fields.first_mut() {
        code.hint = Some("hint-plan-copy");
    }
    Ok(FormSpec { fields, repeats: vec![] })
}

async fn source(caller: &Caller, lang: Lang, id: &str) -> Result<Plan, PageError> {
    caller.store().get_plan(PlanId(parse_id(lang, id)?)).await.map_err(|e| PageError::from_store(lang, e))
}

/// "Copy as template": a new draft plan with this one's tree and indicators (baselines and targets,
/// no values), under its own code, title, keeper and area — which start as the original's.
pub async fn copy_form(lang: Lang, uri: OriginalUri, caller: Caller, Path(id): Path<String>) -> Result<Response, PageError> {
    require_sign_in(lang, &uri, &caller)?;
    let plan = source(&caller, lang, &id).await?;
    let spec = copy_spec(caller.store(), lang).await?;
    let mut values = values_from_json(&spec, &json(&plan.input));
    values.set("code", "");
    Ok(show(&copy_context(lang, &uri, &caller, &plan), &spec, &values))
}

pub async fn copy(lang: Lang, uri: OriginalUri, caller: Caller, Path(id): Path<String>, body: Bytes) -> Result<Outcome, PageError> {
    require_sign_in(lang, &uri, &caller)?;
    let plan = source(&caller, lang, &id).await?;
    let store = caller.store();
    let spec = copy_spec(store, lang).await?;
    let ctx = copy_context(lang, &uri, &caller, &plan);
    Ok(submit(&ctx, &spec, &body, serde_json::json!({}), |input: PlanCopyInput, _| async move {
        let copied = store.copy_plan_as_template(plan.id, input).await?;
        Ok(format!("/{}/plans/{}", lang.code(), copied.id.0))
    })
    .await)
}
