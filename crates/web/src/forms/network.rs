//! The network form, with its members as rows.

use phakhi_domain::NetworkId;
use phakhi_domain::network::{MemberRole, NetworkInput};
use phakhi_store::{Precondition, Store, StoreError};

use super::{Editable, Field, FormSpec, Kind, Repeat, Stored, json, organization_choices, vocabulary};
use crate::i18n::Lang;
use crate::pages::PageError;

pub struct Form;

#[async_trait::async_trait]
impl Editable for Form {
    type Input = NetworkInput;
    const SECTION: &'static str = "networks";
    const NEW_HEADING: &'static str = "networks-new";
    const EDIT_HEADING: &'static str = "edit-heading";
    const LIST: &'static str = "/networks";

    async fn spec(store: &dyn Store, lang: Lang) -> Result<FormSpec, PageError> {
        Ok(FormSpec {
            fields: vec![
                Field::new("name_th", "field-name-th", Kind::Text).required(),
                Field::new("name_en", "field-name-en", Kind::Text),
                Field::new("instrument", "field-instrument", Kind::Text),
                Field::new("established_on", "field-established-on", Kind::Date),
                Field::new("area_code", "field-area-code", Kind::Text).hint("hint-area-code"),
                Field::new("description_th", "field-description-th", Kind::LongText),
                Field::new("description_en", "field-description-en", Kind::LongText),
            ],
            repeats: vec![Repeat {
                name: "members",
                legend: "section-members",
                fields: vec![
                    Field::new("organization_id", "field-organization", organization_choices(store, lang).await?).required(),
                    Field::new("role", "field-role", vocabulary::<MemberRole>(lang)).required(),
                    Field::new("represented_by", "field-represented-by", Kind::Text),
                    Field::new("joined_on", "field-joined-on", Kind::Date),
                ],
            }],
        })
    }

    async fn load(store: &dyn Store, id: uuid::Uuid) -> Result<Stored, StoreError> {
        let n = store.get_network(NetworkId(id)).await?;
        Ok(Stored { input: json(&n.input), version: n.meta.version, title: n.input.name_th.clone(), href: format!("/networks/{id}") })
    }

    async fn create(store: &dyn Store, input: NetworkInput) -> Result<String, StoreError> {
        Ok(format!("/networks/{}", store.create_network(input).await?.id.0))
    }

    async fn update(store: &dyn Store, id: uuid::Uuid, pre: Precondition, input: NetworkInput) -> Result<String, StoreError> {
        Ok(format!("/networks/{}", store.update_network(NetworkId(id), pre, input).await?.id.0))
    }
}
