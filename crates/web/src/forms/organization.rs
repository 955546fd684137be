//! The organisation form.

use phakhi_domain::OrganizationId;
use phakhi_domain::organization::{OrganizationInput, OrganizationStatus, Sector};
use phakhi_store::{Precondition, Store, StoreError};

use super::{Editable, Field, FormSpec, Kind, Stored, json, organization_choices, vocabulary};
use crate::i18n::Lang;
use crate::pages::PageError;

pub struct Form;

#[async_trait::async_trait]
impl Editable for Form {
    type Input = OrganizationInput;
    const SECTION: &'static str = "partners";
    const NEW_HEADING: &'static str = "partners-new";
    const EDIT_HEADING: &'static str = "edit-heading";
    const LIST: &'static str = "/partners";

    async fn spec(store: &dyn Store, lang: Lang) -> Result<FormSpec, PageError> {
        Ok(FormSpec {
            fields: vec![
                Field::new("name_th", "field-name-th", Kind::Text).required(),
                Field::new("name_en", "field-name-en", Kind::Text),
                Field::new("abbreviation", "field-abbreviation", Kind::Text),
                Field::new("sector", "field-sector", vocabulary::<Sector>(lang)).required(),
                Field::new("status", "field-status", vocabulary::<OrganizationStatus>(lang)).required(),
                Field::new("parent_id", "field-parent", organization_choices(store, lang).await?),
                Field::new("area_code", "field-area-code", Kind::Text).hint("hint-area-code"),
                Field::new("website", "field-website", Kind::Url),
                Field::new("description_th", "field-description-th", Kind::LongText),
                Field::new("description_en", "field-description-en", Kind::LongText),
            ],
            repeats: vec![],
        })
    }

    async fn load(store: &dyn Store, id: uuid::Uuid) -> Result<Stored, StoreError> {
        let o = store.get_organization(OrganizationId(id)).await?;
        Ok(Stored { input: json(&o.input), version: o.meta.version, title: o.input.name_th.clone(), href: format!("/partners/{id}") })
    }

    async fn create(store: &dyn Store, input: OrganizationInput) -> Result<String, StoreError> {
        Ok(format!("/partners/{}", store.create_organization(input).await?.id.0))
    }

    async fn update(store: &dyn Store, id: uuid::Uuid, pre: Precondition, input: OrganizationInput) -> Result<String, StoreError> {
        Ok(format!("/partners/{}", store.update_organization(OrganizationId(id), pre, input).await?.id.0))
    }
}
