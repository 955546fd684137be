//! Indicators of a plan and their values.
//!
//! An indicator says what is measured (name, definition, unit), which way is better, where it
//! started (baseline) and where the plan wants it each fiscal year (targets). Its values are either
//! **computed** from the records by a formula ([`crate::formula`]) or **entered** by the
//! organisations responsible for it. An entered value goes through a small workflow — draft →
//! submitted → approved, and back to draft when returned — and only approved values are official:
//! they alone count in progress and are shown to the public.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use phakhi_thai::FiscalYear;
use serde::{Deserialize, Serialize};

use crate::area::check_area_code;
use crate::formula::Formula;
use crate::participation::{AgeBand, Gender};
use crate::plan::check_unique;
use crate::target_group::check_code;
use crate::text::{DESCRIPTION_MAX, NAME_MAX, SHORT_MAX, check_line, check_optional_line, check_paragraphs};
use crate::{FrameworkItemId, IndicatorId, IndicatorValueId, OrganizationId, PlanId, RecordMeta, Validate, Violations, Vocabulary};

crate::vocabulary! {
    /// Which way an indicator should move.
    Direction as "indicator_direction" {
        HigherIsBetter = "higher_is_better", "ยิ่งมากยิ่งดี", "Higher is better";
        LowerIsBetter = "lower_is_better", "ยิ่งน้อยยิ่งดี", "Lower is better";
    }
}

crate::vocabulary! {
    /// How an indicator's values may be broken down.
    Dimension as "indicator_dimension" {
        Gender = "gender", "เพศ", "Gender";
        AgeBand = "age_band", "ช่วงอายุ", "Age band";
        TargetGroup = "target_group", "กลุ่มเป้าหมาย", "Target group";
        Area = "area", "พื้นที่", "Area";
    }
}

crate::vocabulary! {
    /// Where an entered value stands in its workflow.
    ValueStatus as "indicator_value_status" {
        Draft = "draft", "ร่าง", "Draft";
        Submitted = "submitted", "ส่งตรวจแล้ว", "Submitted";
        Approved = "approved", "อนุมัติแล้ว", "Approved";
    }
}

crate::vocabulary! {
    /// A step of the value workflow.
    Transition as "indicator_value_transition" {
        Submit = "submit", "ส่งตรวจ", "Submit";
        Approve = "approve", "อนุมัติ", "Approve";
        Return = "return", "ส่งกลับแก้ไข", "Return for correction";
    }
}

/// Where an indicator's values come from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum IndicatorSource {
    /// Entered by the responsible organisations, approved by the plan's coordinators.
    Entered,
    /// Computed from the records by a formula of the indicator language (docs/indicators.md).
    Computed { formula: String },
}

/// Where an indicator started.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub value: f64,
    #[schema(value_type = i32, minimum = 2500, maximum = 2700, example = 2565)]
    pub fiscal_year: FiscalYear,
}

/// Where the plan wants an indicator by the end of a fiscal year.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Target {
    #[schema(value_type = i32, minimum = 2500, maximum = 2700, example = 2570)]
    pub fiscal_year: FiscalYear,
    pub value: f64,
}

/// What may be written about an indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IndicatorInput {
    pub plan_id: PlanId,
    /// Code within the plan, e.g. `1.1.1`.
    pub code: String,
    pub name_th: String,
    #[serde(default)]
    pub name_en: Option<String>,
    #[serde(default)]
    pub definition_th: Option<String>,
    #[serde(default)]
    pub definition_en: Option<String>,
    /// Unit in Thai, e.g. `ร้อยละ`, `คน`, `หน่วยงาน`.
    pub unit_th: String,
    #[serde(default)]
    pub unit_en: Option<String>,
    pub direction: Direction,
    #[serde(default)]
    pub baseline: Option<Baseline>,
    /// At most one per fiscal year.
    #[serde(default)]
    pub targets: Vec<Target>,
    /// How entered values may be broken down; `area` allows values for areas other than the plan's.
    #[serde(default)]
    pub disaggregations: Vec<Dimension>,
    /// SDG indicators or targets, learning-city areas … the indicator measures.
    #[serde(default)]
    pub aligned_to: Vec<FrameworkItemId>,
    pub source: IndicatorSource,
    /// Organisations whose editors enter the values.
    #[serde(default)]
    pub responsible_organization_ids: Vec<OrganizationId>,
}

/// A stored indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Indicator {
    pub id: IndicatorId,
    #[serde(flatten)]
    pub input: IndicatorInput,
    #[serde(flatten)]
    pub meta: RecordMeta,
}

impl IndicatorInput {
    /// The target of the plan's end: the one for the latest fiscal year.
    pub fn final_target(&self) -> Option<Target> {
        self.targets.iter().copied().max_by_key(|t| t.fiscal_year)
    }

    /// The target set for one fiscal year, if the plan sets one.
    pub fn target_for(&self, year: FiscalYear) -> Option<Target> {
        self.targets.iter().copied().find(|t| t.fiscal_year == year)
    }

    /// The formula of a computed indicator, parsed.
    pub fn formula(&self) -> Option<Result<Formula, crate::formula::FormulaError>> {
        match &self.source {
            IndicatorSource::Entered => None,
            IndicatorSource::Computed { formula } => Some(Formula::parse(formula)),
        }
    }
}

impl Validate for IndicatorInput {
    fn validate(&self) -> Violations {
        let mut v = Violations::new();
        check_line(&mut v, "/code", &self.code, SHORT_MAX, true);
        check_line(&mut v, "/name_th", &self.name_th, NAME_MAX, true);
        check_optional_line(&mut v, "/name_en", self.name_en.as_deref(), NAME_MAX);
        check_paragraphs(&mut v, "/definition_th", self.definition_th.as_deref(), DESCRIPTION_MAX);
        check_paragraphs(&mut v, "/definition_en", self.definition_en.as_deref(), DESCRIPTION_MAX);
        check_line(&mut v, "/unit_th", &self.unit_th, SHORT_MAX, true);
        check_optional_line(&mut v, "/unit_en", self.unit_en.as_deref(), SHORT_MAX);
        if let Some(b) = self.baseline
            && !b.value.is_finite()
        {
            v.add("/baseline/value", "not_a_number", "ค่าฐานต้องเป็นตัวเลข", "A baseline is a number");
        }
        for (i, t) in self.targets.iter().enumerate() {
            if !t.value.is_finite() {
                v.add(format!("/targets/{i}/value"), "not_a_number", "ค่าเป้าหมายต้องเป็นตัวเลข", "A target is a number");
            }
            if self.targets[..i].iter().any(|o| o.fiscal_year == t.fiscal_year) {
                v.add(format!("/targets/{i}/fiscal_year"), "duplicate", "กำหนดเป้าหมายได้ปีงบประมาณละหนึ่งค่า", "One target per fiscal year");
            }
        }
        check_unique(&mut v, "/disaggregations", &self.disaggregations);
        check_unique(&mut v, "/aligned_to", &self.aligned_to);
        check_unique(&mut v, "/responsible_organization_ids", &self.responsible_organization_ids);
        // The formula is parsed and checked now, so a saved computed indicator always evaluates.
        if let Some(Err(e)) = self.formula() {
            v.nest("", e.violation("/source/formula"));
        }
        v
    }
}

/// What may be written about an entered value. Breakdown keys are `gender`, `age_band` and
/// `target_group`; an empty breakdown is the total.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IndicatorValueInput {
    #[schema(value_type = i32, minimum = 2500, maximum = 2700, example = 2567)]
    pub fiscal_year: FiscalYear,
    /// DOPA code of the area the value is for; none for the whole country.
    #[serde(default)]
    pub area_code: Option<String>,
    /// E.g. `{"gender": "female"}`; empty for the total.
    #[serde(default)]
    pub disaggregation: BTreeMap<String, String>,
    pub value: f64,
    /// Where the figure comes from (a report, a survey, a letter).
    #[serde(default)]
    pub source: Option<String>,
}

/// Who moved a value and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Stamp {
    pub by: String,
    pub at: DateTime<Utc>,
}

/// A stored entered value with its workflow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct IndicatorValue {
    pub id: IndicatorValueId,
    pub indicator_id: IndicatorId,
    #[serde(flatten)]
    pub input: IndicatorValueInput,
    pub status: ValueStatus,
    pub entered: Stamp,
    /// The latest submission, approval and return.
    pub submitted: Option<Stamp>,
    pub approved: Option<Stamp>,
    pub returned: Option<Stamp>,
    #[serde(flatten)]
    pub meta: RecordMeta,
}

impl IndicatorValueInput {
    /// The breakdown as one canonical text (`age_band=15-24;gender=female`, empty for the total),
    /// so one value per indicator, year, area and breakdown can be a unique key.
    pub fn disaggregation_key(&self) -> String {
        disaggregation_key(&self.disaggregation)
    }

    /// Whether this is the total (no breakdown).
    pub fn is_total(&self) -> bool {
        self.disaggregation.is_empty()
    }

    /// Checks the value against what its indicator allows (its breakdowns).
    pub fn check_against(&self, indicator: &IndicatorInput) -> Violations {
        let mut v = self.validate();
        for key in self.disaggregation.keys() {
            let allowed = Dimension::from_code(key).is_some_and(|d| d != Dimension::Area && indicator.disaggregations.contains(&d));
            if !allowed {
                v.add(
                    format!("/disaggregation/{key}"),
                    "not_allowed",
                    "ตัวชี้วัดนี้ไม่ได้กำหนดให้แยกข้อมูลตามมิตินี้",
                    "This indicator is not broken down by this dimension",
                );
            }
        }
        v
    }
}

/// The canonical text of a breakdown.
pub fn disaggregation_key(d: &BTreeMap<String, String>) -> String {
    d.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(";")
}

/// The breakdown a canonical text stands for.
pub fn parse_disaggregation_key(key: &str) -> Option<BTreeMap<String, String>> {
    key.split(';').filter(|p| !p.is_empty()).map(|p| p.split_once('=').map(|(k, v)| (k.to_owned(), v.to_owned()))).collect()
}

impl Validate for IndicatorValueInput {
    fn validate(&self) -> Violations {
        let mut v = Violations::new();
        if !self.value.is_finite() {
            v.add("/value", "not_a_number", "ค่าต้องเป็นตัวเลข", "A value is a number");
        }
        check_area_code(&mut v, "/area_code", self.area_code.as_deref());
        check_optional_line(&mut v, "/source", self.source.as_deref(), NAME_MAX);
        for (key, value) in &self.disaggregation {
            let field = format!("/disaggregation/{key}");
            let known = match Dimension::from_code(key) {
                Some(Dimension::Gender) => Gender::from_code(value).is_some(),
                Some(Dimension::AgeBand) => AgeBand::from_code(value).is_some(),
                Some(Dimension::TargetGroup) => {
                    // Whether the group exists is the store's question; here only its shape.
                    let mut shape = Violations::new();
                    check_code(&mut shape, &field, value);
                    shape.is_empty()
                }
                Some(Dimension::Area) | None => {
                    v.add(
                        &field,
                        "unknown_dimension",
                        "แยกข้อมูลได้ตาม gender, age_band หรือ target_group (พื้นที่ระบุใน area_code)",
                        "Break a value down by gender, age_band or target_group (the area goes in area_code)",
                    );
                    continue;
                }
            };
            if !known {
                v.add(&field, "unknown_code", format!("ไม่รู้จักค่า {value}"), format!("Unknown value {value}"));
            }
        }
        v
    }
}

/// Why a workflow step is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a value that is {from} cannot be {}", step_past(*step))]
pub struct IllegalTransition {
    pub from: ValueStatus,
    pub step: Transition,
}

fn step_past(step: Transition) -> &'static str {
    match step {
        Transition::Submit => "submitted",
        Transition::Approve => "approved",
        Transition::Return => "returned",
    }
}

impl IllegalTransition {
    pub fn message_th(&self) -> String {
        format!("ค่าที่มีสถานะ “{}” ไม่สามารถ{}ได้", self.from.label_th(), self.step.label_th())
    }

    pub fn message_en(&self) -> String {
        self.to_string()
    }
}

impl ValueStatus {
    /// The status a step leads to: a draft is submitted, a submission approved or returned, and an
    /// approved value may be returned to draft for a correction (it stops counting until approved again).
    pub fn after(self, step: Transition) -> Result<ValueStatus, IllegalTransition> {
        match (self, step) {
            (ValueStatus::Draft, Transition::Submit) => Ok(ValueStatus::Submitted),
            (ValueStatus::Submitted, Transition::Approve) => Ok(ValueStatus::Approved),
            (ValueStatus::Submitted | ValueStatus::Approved, Transition::Return) => Ok(ValueStatus::Draft),
            (from, step) => Err(IllegalTransition { from, step }),
        }
    }

    /// Only drafts may be edited or deleted: what was submitted is what gets approved.
    pub fn is_editable(self) -> bool {
        self == ValueStatus::Draft
    }
}

impl Transition {
    /// Whether the step is a review (approving or returning), which only the plan's coordinators
    /// (and admins) take; submitting is for whoever may enter the value.
    pub fn is_review(self) -> bool {
        matches!(self, Transition::Approve | Transition::Return)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn indicator(source: IndicatorSource) -> IndicatorInput {
        IndicatorInput {
            plan_id: PlanId(uuid::Uuid::nil()),
            code: "1.1".into(),
            name_th: "ร้อยละของหน่วยงานที่จัดอบรมสิทธิมนุษยชน".into(),
            name_en: None,
            definition_th: None,
            definition_en: None,
            unit_th: "ร้อยละ".into(),
            unit_en: Some("percent".into()),
            direction: Direction::HigherIsBetter,
            baseline: None,
            targets: vec![],
            disaggregations: vec![Dimension::Gender],
            aligned_to: vec![],
            source,
            responsible_organization_ids: vec![],
        }
    }

    fn value(disaggregation: &[(&str, &str)]) -> IndicatorValueInput {
        IndicatorValueInput {
            fiscal_year: FiscalYear::from_be(2567).unwrap(),
            area_code: Some("50".into()),
            disaggregation: disaggregation.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect(),
            value: 12.5,
            source: None,
        }
    }

    #[test]
    fn a_bad_formula_is_refused_with_its_position() {
        let bad = indicator(IndicatorSource::Computed { formula: "count(activites)".into() });
        let v = bad.validate();
        let violation = &v.as_slice()[0];
        assert_eq!(violation.field, "/source/formula");
        assert_eq!(violation.code, "invalid_formula");
        assert!(violation.message_en.contains("character 7"), "{}", violation.message_en);
        let good = indicator(IndicatorSource::Computed { formula: "count(activities, kind = training)".into() });
        assert!(good.validate().is_empty());
    }

    #[test]
    fn one_target_per_year() {
        let mut i = indicator(IndicatorSource::Entered);
        let y = FiscalYear::from_be(2570).unwrap();
        i.targets = vec![Target { fiscal_year: y, value: 80.0 }, Target { fiscal_year: y, value: 90.0 }];
        assert_eq!(i.validate().as_slice()[0].field, "/targets/1/fiscal_year");
    }

    #[test]
    fn breakdowns_must_be_allowed_by_the_indicator_and_known() {
        let i = indicator(IndicatorSource::Entered);
        assert!(value(&[("gender", "female")]).check_against(&i).is_empty());
        let fields = |v: Violations| v.into_vec().into_iter().map(|x| (x.field, x.code)).collect::<Vec<_>>();
        assert_eq!(fields(value(&[("age_band", "15-24")]).check_against(&i)), [("/disaggregation/age_band".into(), "not_allowed".into())]);
        assert_eq!(fields(value(&[("gender", "robot")]).check_against(&i)), [("/disaggregation/gender".into(), "unknown_code".into())]);
        assert_eq!(fields(value(&[("area", "50")]).validate()), [("/disaggregation/area".into(), "unknown_dimension".into())]);
    }

    #[test]
    fn the_breakdown_key_is_canonical_and_round_trips() {
        let v = value(&[("gender", "female"), ("age_band", "15-24")]);
        assert_eq!(v.disaggregation_key(), "age_band=15-24;gender=female");
        assert_eq!(parse_disaggregation_key(&v.disaggregation_key()), Some(v.disaggregation.clone()));
        assert_eq!(parse_disaggregation_key(""), Some(BTreeMap::new()));
    }

    #[test]
    fn the_workflow_allows_only_its_own_steps() {
        use Transition::*;
        use ValueStatus::*;
        assert_eq!(Draft.after(Submit), Ok(Submitted));
        assert_eq!(Submitted.after(Approve), Ok(Approved));
        assert_eq!(Submitted.after(Return), Ok(Draft));
        assert_eq!(Approved.after(Return), Ok(Draft));
        for (from, step) in [(Draft, Approve), (Draft, Return), (Submitted, Submit), (Approved, Approve), (Approved, Submit)] {
            let e = from.after(step).unwrap_err();
            assert_eq!(e, IllegalTransition { from, step });
            assert!(!e.message_th().is_empty());
        }
        assert_eq!(Draft.after(Approve).unwrap_err().to_string(), "a value that is draft cannot be approved");
    }
}
