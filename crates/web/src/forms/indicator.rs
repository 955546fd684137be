//! The indicator form: what is measured, which way is better, the baseline, a target per fiscal
//! year (rows) and where the values come from — a formula, or entered by hand when it is left blank.
//!
//! The API nests the baseline (`baseline: {value, fiscal_year}`) and the source (`source: {kind,
//! formula}`); the form shows them as plain fields, so this module converts between the two shapes
//! (as the participant form does with consent) and moves the store's violations onto those fields.
//! A formula is parsed and checked by the domain when the indicator is validated: a bad one comes
//! back beside the field with the parser's message and the character where it went wrong.

use phakhi_domain::indicator::{Baseline, Dimension, Direction, IndicatorInput, IndicatorSource, Target};
use phakhi_domain::{FiscalYear, FrameworkItemId, IndicatorId, OrganizationId, PlanId, Violations};
use phakhi_store::{Precondition, Store, StoreError};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{Editable, Field, FormSpec, Kind, Repeat, Stored, many, organization_choices, plan_choices, vocabulary};
use crate::i18n::Lang;
use crate::pages::PageError;

/// The form's flat shape of an [`IndicatorInput`].
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    plan_id: PlanId,
    code: String,
    name_th: String,
    #[serde(default)]
    name_en: Option<String>,
    #[serde(default)]
    definition_th: Option<String>,
    #[serde(default)]
    definition_en: Option<String>,
    unit_th: String,
    #[serde(default)]
    unit_en: Option<String>,
    direction: Direction,
    #[serde(default)]
    baseline_value: Option<f64>,
    #[serde(default)]
    baseline_year: Option<FiscalYear>,
    #[serde(default)]
    targets: Vec<Target>,
    #[serde(default)]
    disaggregations: Vec<Dimension>,
    #[serde(default)]
    aligned_to: Vec<FrameworkItemId>,
    /// Blank: values are entered by hand.
    #[serde(default)]
    formula: Option<String>,
    #[serde(default)]
    responsible_organization_ids: Vec<OrganizationId>,
}

impl Entry {
    /// The API's input; a baseline needs both its value and its year.
    fn into_input(self) -> Result<IndicatorInput, StoreError> {
        let baseline = match (self.baseline_value, self.baseline_year) {
            (Some(value), Some(fiscal_year)) => Some(Baseline { value, fiscal_year }),
            (None, None) => None,
            (Some(_), None) => return Err(incomplete("/baseline_year")),
            (None, Some(_)) => return Err(incomplete("/baseline_value")),
        };
        let source = match self.formula {
            Some(formula) => IndicatorSource::Computed { formula },
            None => IndicatorSource::Entered,
        };
        Ok(IndicatorInput {
            plan_id: self.plan_id,
            code: self.code,
            name_th: self.name_th,
            name_en: self.name_en,
            definition_th: self.definition_th,
            definition_en: self.definition_en,
            unit_th: self.unit_th,
            unit_en: self.unit_en,
            direction: self.direction,
            baseline,
            targets: self.targets,
            disaggregations: self.disaggregations,
            aligned_to: self.aligned_to,
            source,
            responsible_organization_ids: self.responsible_organization_ids,
        })
    }
}

fn incomplete(field: &str) -> StoreError {
    StoreError::Invalid(Violations::single(
        field,
        "baseline_incomplete",
        "ค่าฐานต้องมีทั้งค่าและปีงบประมาณ",
        "A baseline needs both its value and its fiscal year",
    ))
}

/// A stored input in the form's flat shape.
fn flat(input: &IndicatorInput) -> Value {
    let mut doc = super::json(input);
    if let Some(map) = doc.as_object_mut() {
        map.remove("baseline");
        map.remove("source");
        if let Some(b) = input.baseline {
            map.insert("baseline_value".into(), json!(b.value));
            map.insert("baseline_year".into(), json!(b.fiscal_year));
        }
        if let IndicatorSource::Computed { formula } = &input.source {
            map.insert("formula".into(), json!(formula));
        }
    }
    doc
}

/// The store names the baseline and the formula by their nested pointers; the form has plain fields.
fn onto_form_fields(e: StoreError) -> StoreError {
    super::move_violations(e, |field| match field {
        "/source" | "/source/formula" => Some("/formula"),
        "/baseline" | "/baseline/value" => Some("/baseline_value"),
        "/baseline/fiscal_year" => Some("/baseline_year"),
        _ => None,
    })
}

pub struct Form;

#[async_trait::async_trait]
impl Editable for Form {
    type Input = Entry;
    const SECTION: &'static str = "indicators";
    const NEW_HEADING: &'static str = "indicators-new";
    const EDIT_HEADING: &'static str = "edit-heading";
    const LIST: &'static str = "/indicators";

    async fn spec(store: &dyn Store, lang: Lang) -> Result<FormSpec, PageError> {
        let responsible = many(&organization_choices(store, lang).await?);
        Ok(FormSpec {
            fields: vec![
                Field::new("plan_id", "field-plan", plan_choices(store, lang).await?).required(),
                Field::new("code", "field-code", Kind::Text).required().hint("hint-indicator-code"),
                Field::new("name_th", "field-name-th", Kind::Text).required(),
                Field::new("name_en", "field-name-en", Kind::Text),
                Field::new("definition_th", "field-definition-th", Kind::LongText),
                Field::new("definition_en", "field-definition-en", Kind::LongText),
                Field::new("unit_th", "field-unit-th", Kind::Text).required().hint("hint-unit"),
                Field::new("unit_en", "field-unit-en", Kind::Text),
                Field::new("direction", "field-direction", vocabulary::<Direction>(lang)).required(),
                Field::new("baseline_value", "field-baseline-value", Kind::Decimal),
                Field::new("baseline_year", "field-baseline-year", Kind::Integer).hint("hint-fiscal-year"),
                Field::new("formula", "field-formula", Kind::LongText).hint("hint-formula"),
                Field::new("disaggregations", "field-disaggregations", many(&vocabulary::<Dimension>(lang))),
                Field::new("responsible_organization_ids", "field-indicator-responsible", responsible),
            ],
            repeats: vec![Repeat {
                name: "targets",
                legend: "section-indicator-targets",
                fields: vec![
                    Field::new("fiscal_year", "field-fiscal-year", Kind::Integer).required().hint("hint-fiscal-year"),
                    Field::new("value", "field-target-value", Kind::Decimal).required(),
                ],
            }],
        })
    }

    async fn load(store: &dyn Store, id: uuid::Uuid) -> Result<Stored, StoreError> {
        let i = store.get_indicator(IndicatorId(id)).await?;
        Ok(Stored { input: flat(&i.input), version: i.meta.version, title: i.input.name_th.clone(), href: format!("/indicators/{id}") })
    }

    async fn create(store: &dyn Store, entry: Entry) -> Result<String, StoreError> {
        let created = store.create_indicator(entry.into_input()?).await.map_err(onto_form_fields)?;
        Ok(format!("/indicators/{}", created.id.0))
    }

    async fn update(store: &dyn Store, id: uuid::Uuid, pre: Precondition, entry: Entry) -> Result<String, StoreError> {
        let updated = store.update_indicator(IndicatorId(id), pre, entry.into_input()?).await.map_err(onto_form_fields)?;
        Ok(format!("/indicators/{}", updated.id.0))
    }
}
