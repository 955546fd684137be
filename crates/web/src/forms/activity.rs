//! The activity form, with participation cells (gender × age band × target group) as rows.

use phakhi_domain::ActivityId;
use phakhi_domain::activity::{ActivityInput, ActivityKind, AttendanceMode};
use phakhi_domain::participation::{AgeBand, Gender};
use phakhi_store::{Page, Precondition, ProgrammeFilter, Store, StoreError};

use super::{
    Editable, Field, FormSpec, Kind, MAX_CHOICES, Repeat, Stored, json, many, organization_choices, target_group_choices, vocabulary,
};
use crate::i18n::Lang;
use crate::pages::PageError;

pub struct Form;

#[async_trait::async_trait]
impl Editable for Form {
    type Input = ActivityInput;
    const SECTION: &'static str = "activities";
    const NEW_HEADING: &'static str = "activities-new";
    const EDIT_HEADING: &'static str = "edit-heading";
    const LIST: &'static str = "/activities";

    async fn spec(store: &dyn Store, lang: Lang) -> Result<FormSpec, PageError> {
        let programmes = store
            .list_programmes(&ProgrammeFilter::default(), &Page { limit: MAX_CHOICES as u32, offset: 0, sort: None })
            .await
            .map_err(|e| PageError::from_store(lang, e))?;
        let programme_kind = if programmes.total > MAX_CHOICES {
            Kind::Text
        } else {
            Kind::Select(
                programmes
                    .items
                    .iter()
                    .map(|p| {
                        (
                            p.id.0.to_string(),
                            format!("{} ({})", lang.pick(&p.input.title_th, p.input.title_en.as_deref()), p.input.fiscal_year.be()),
                        )
                    })
                    .collect(),
            )
        };
        let organizations = organization_choices(store, lang).await?;
        let partners = many(&organizations);
        Ok(FormSpec {
            fields: vec![
                Field::new("title_th", "field-title-th", Kind::Text).required(),
                Field::new("title_en", "field-title-en", Kind::Text),
                Field::new("kind", "field-kind", vocabulary::<ActivityKind>(lang)).required(),
                Field::new("programme_id", "field-programme", programme_kind),
                Field::new("starts_at", "field-starts-at", Kind::DateTime).required().hint("hint-thai-time"),
                Field::new("ends_at", "field-ends-at", Kind::DateTime),
                Field::new("mode", "field-mode", vocabulary::<AttendanceMode>(lang)).required(),
                Field::new("venue_th", "field-venue-th", Kind::Text),
                Field::new("venue_en", "field-venue-en", Kind::Text),
                Field::new("area_code", "field-area-code", Kind::Text).hint("hint-area-code"),
                Field::new("hours", "field-hours", Kind::Decimal),
                Field::new("lead_organization_id", "field-lead", organizations),
                Field::new("partner_organization_ids", "field-partners", partners),
                Field::new("target_groups", "field-target-groups", target_group_choices(store, lang, true).await?),
                Field::new("description_th", "field-description-th", Kind::LongText),
                Field::new("description_en", "field-description-en", Kind::LongText),
            ],
            repeats: vec![Repeat {
                name: "participation",
                legend: "section-participation-cells",
                fields: vec![
                    Field::new("gender", "field-gender", vocabulary::<Gender>(lang)).required(),
                    Field::new("age_band", "field-age-band", vocabulary::<AgeBand>(lang)),
                    Field::new("target_group", "field-target-group", target_group_choices(store, lang, false).await?),
                    Field::new("nationality", "field-nationality", Kind::Text).hint("hint-nationality"),
                    Field::new("count", "field-count", Kind::Integer).required(),
                ],
            }],
        })
    }

    async fn load(store: &dyn Store, id: uuid::Uuid) -> Result<Stored, StoreError> {
        let a = store.get_activity(ActivityId(id)).await?;
        Ok(Stored { input: json(&a.input), version: a.meta.version, title: a.input.title_th.clone(), href: format!("/activities/{id}") })
    }

    async fn create(store: &dyn Store, input: ActivityInput) -> Result<String, StoreError> {
        Ok(format!("/activities/{}", store.create_activity(input).await?.id.0))
    }

    async fn update(store: &dyn Store, id: uuid::Uuid, pre: Precondition, input: ActivityInput) -> Result<String, StoreError> {
        Ok(format!("/activities/{}", store.update_activity(ActivityId(id), pre, input).await?.id.0))
    }
}
