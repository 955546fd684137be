//! The commitment form: a party's promise under an agreement, with dated progress reports as rows.

use phakhi_domain::CommitmentId;
use phakhi_domain::commitment::{CommitmentInput, CommitmentStatus};
use phakhi_store::{AgreementFilter, Page, Precondition, Store, StoreError};

use super::{Editable, Field, FormSpec, Kind, Repeat, Stored, json, organization_choices, vocabulary};
use crate::i18n::Lang;
use crate::pages::PageError;

pub struct Form;

#[async_trait::async_trait]
impl Editable for Form {
    type Input = CommitmentInput;
    const SECTION: &'static str = "agreements";
    const NEW_HEADING: &'static str = "commitments-new";
    const EDIT_HEADING: &'static str = "edit-heading";
    const LIST: &'static str = "/agreements";

    async fn spec(store: &dyn Store, lang: Lang) -> Result<FormSpec, PageError> {
        let agreements = store
            .list_agreements(&AgreementFilter::default(), &Page { limit: 1000, offset: 0, sort: None })
            .await
            .map_err(|e| PageError::from_store(lang, e))?;
        let agreements = agreements
            .items
            .iter()
            .map(|a| (a.id.0.to_string(), lang.pick(&a.input.title_th, a.input.title_en.as_deref()).to_owned()))
            .collect();
        Ok(FormSpec {
            fields: vec![
                Field::new("agreement_id", "field-agreement", Kind::Select(agreements)).required(),
                Field::new("organization_id", "field-committed-by", organization_choices(store, lang).await?)
                    .required()
                    .hint("hint-committed-by"),
                Field::new("title_th", "field-title-th", Kind::Text).required(),
                Field::new("title_en", "field-title-en", Kind::Text),
                Field::new("status", "field-status", vocabulary::<CommitmentStatus>(lang)).required(),
                Field::new("description_th", "field-description-th", Kind::LongText),
                Field::new("description_en", "field-description-en", Kind::LongText),
            ],
            repeats: vec![Repeat {
                name: "progress",
                legend: "section-progress",
                fields: vec![
                    Field::new("reported_on", "field-reported-on", Kind::Date).required(),
                    Field::new("percent", "field-percent", Kind::Integer).required(),
                    Field::new("narrative_th", "field-narrative-th", Kind::Text),
                    Field::new("narrative_en", "field-narrative-en", Kind::Text),
                ],
            }],
        })
    }

    async fn load(store: &dyn Store, id: uuid::Uuid) -> Result<Stored, StoreError> {
        let k = store.get_commitment(CommitmentId(id)).await?;
        let href = format!("/agreements/{}#commitments", k.input.agreement_id.0);
        Ok(Stored { input: json(&k.input), version: k.meta.version, title: k.input.title_th.clone(), href })
    }

    async fn create(store: &dyn Store, input: CommitmentInput) -> Result<String, StoreError> {
        Ok(format!("/agreements/{}#commitments", store.create_commitment(input).await?.input.agreement_id.0))
    }

    async fn update(store: &dyn Store, id: uuid::Uuid, pre: Precondition, input: CommitmentInput) -> Result<String, StoreError> {
        Ok(format!("/agreements/{}#commitments", store.update_commitment(CommitmentId(id), pre, input).await?.input.agreement_id.0))
    }
}
