//! The agreement (MOU) form, with its parties as rows. Documents are kept as they are.

use phakhi_domain::AgreementId;
use phakhi_domain::agreement::{AgreementInput, AgreementStatus, PartyRole};
use phakhi_store::{Precondition, Store, StoreError};

use super::{Editable, Field, FormSpec, Kind, Repeat, Stored, json, network_choices, organization_choices, vocabulary};
use crate::i18n::Lang;
use crate::pages::PageError;

pub struct Form;

#[async_trait::async_trait]
impl Editable for Form {
    type Input = AgreementInput;
    const SECTION: &'static str = "agreements";
    const NEW_HEADING: &'static str = "agreements-new";
    const EDIT_HEADING: &'static str = "edit-heading";
    const LIST: &'static str = "/agreements";

    async fn spec(store: &dyn Store, lang: Lang) -> Result<FormSpec, PageError> {
        Ok(FormSpec {
            fields: vec![
                Field::new("title_th", "field-title-th", Kind::Text).required(),
                Field::new("title_en", "field-title-en", Kind::Text),
                Field::new("status", "field-status", vocabulary::<AgreementStatus>(lang)).required(),
                Field::new("network_id", "field-network", network_choices(store, lang).await?),
                Field::new("signed_on", "field-signed-on", Kind::Date),
                Field::new("place_th", "field-place-th", Kind::Text),
                Field::new("place_en", "field-place-en", Kind::Text),
                Field::new("area_code", "field-area-code", Kind::Text).hint("hint-area-code"),
                Field::new("term_start", "field-term-start", Kind::Date),
                Field::new("term_end", "field-term-end", Kind::Date),
                Field::new("declared_signatories", "field-declared-signatories", Kind::Integer).hint("hint-declared-signatories"),
                Field::new("notes_th", "field-notes-th", Kind::LongText),
                Field::new("notes_en", "field-notes-en", Kind::LongText),
            ],
            repeats: vec![Repeat {
                name: "parties",
                legend: "section-parties",
                fields: vec![
                    Field::new("organization_id", "field-organization", organization_choices(store, lang).await?).required(),
                    Field::new("role", "field-role", vocabulary::<PartyRole>(lang)).required(),
                    Field::new("signed_by", "field-signed-by", Kind::Text),
                ],
            }],
        })
    }

    async fn load(store: &dyn Store, id: uuid::Uuid) -> Result<Stored, StoreError> {
        let a = store.get_agreement(AgreementId(id)).await?;
        Ok(Stored { input: json(&a.input), version: a.meta.version, title: a.input.title_th.clone(), href: format!("/agreements/{id}") })
    }

    async fn create(store: &dyn Store, input: AgreementInput) -> Result<String, StoreError> {
        Ok(format!("/agreements/{}", store.create_agreement(input).await?.id.0))
    }

    async fn update(store: &dyn Store, id: uuid::Uuid, pre: Precondition, input: AgreementInput) -> Result<String, StoreError> {
        Ok(format!("/agreements/{}", store.update_agreement(AgreementId(id), pre, input).await?.id.0))
    }
}
