//! The programme form.

use phakhi_domain::ProgrammeId;
use phakhi_domain::programme::{ProgrammeInput, ProgrammeStatus};
use phakhi_store::{Precondition, Store, StoreError};

use super::{Editable, Field, FormSpec, Kind, Stored, json, many, organization_choices, target_group_choices, vocabulary};
use crate::i18n::Lang;
use crate::pages::PageError;

pub struct Form;

#[async_trait::async_trait]
impl Editable for Form {
    type Input = ProgrammeInput;
    const SECTION: &'static str = "programmes";
    const NEW_HEADING: &'static str = "programmes-new";
    const EDIT_HEADING: &'static str = "edit-heading";
    const LIST: &'static str = "/programmes";

    async fn spec(store: &dyn Store, lang: Lang) -> Result<FormSpec, PageError> {
        let organizations = organization_choices(store, lang).await?;
        let partners = many(&organizations);
        Ok(FormSpec {
            fields: vec![
                Field::new("title_th", "field-title-th", Kind::Text).required(),
                Field::new("title_en", "field-title-en", Kind::Text),
                Field::new("fiscal_year", "field-fiscal-year", Kind::Integer).required().hint("hint-fiscal-year"),
                Field::new("status", "field-status", vocabulary::<ProgrammeStatus>(lang)).required(),
                Field::new("lead_organization_id", "field-lead", organizations).required(),
                Field::new("budget_baht", "field-budget-baht", Kind::Decimal),
                Field::new("budget_source", "field-budget-source", Kind::Text),
                Field::new("area_code", "field-area-code", Kind::Text).hint("hint-area-code"),
                Field::new("starts_on", "field-starts-on", Kind::Date),
                Field::new("ends_on", "field-ends-on", Kind::Date),
                Field::new("target_groups", "field-target-groups", target_group_choices(store, lang, true).await?),
                Field::new("partner_organization_ids", "field-partners", partners),
                Field::new("description_th", "field-description-th", Kind::LongText),
                Field::new("description_en", "field-description-en", Kind::LongText),
            ],
            repeats: vec![],
        })
    }

    async fn load(store: &dyn Store, id: uuid::Uuid) -> Result<Stored, StoreError> {
        let p = store.get_programme(ProgrammeId(id)).await?;
        Ok(Stored { input: json(&p.input), version: p.meta.version, title: p.input.title_th.clone(), href: format!("/programmes/{id}") })
    }

    async fn create(store: &dyn Store, input: ProgrammeInput) -> Result<String, StoreError> {
        Ok(format!("/programmes/{}", store.create_programme(input).await?.id.0))
    }

    async fn update(store: &dyn Store, id: uuid::Uuid, pre: Precondition, input: ProgrammeInput) -> Result<String, StoreError> {
        Ok(format!("/programmes/{}", store.update_programme(ProgrammeId(id), pre, input).await?.id.0))
    }
}
