//! Plans: a province's or a city's own plan (a provincial human-rights plan, a learning-city plan) as
//! a tree of strategies, measures and indicators over a span of fiscal years, owned by the network
//! (or organisation) that keeps it. A plan may be copied from another as a template.

use phakhi_thai::FiscalYear;
use serde::{Deserialize, Serialize};

use crate::area::check_area_code;
use crate::target_group::check_code;
use crate::text::{DESCRIPTION_MAX, NAME_MAX, SHORT_MAX, check_line, check_optional_line, check_paragraphs};
use crate::{FrameworkItemId, IndicatorId, NetworkId, OrganizationId, PlanId, PlanItemId, RecordMeta, Validate, Violations, Vocabulary};

crate::vocabulary! {
    /// Where a plan stands.
    PlanStatus as "plan_status" {
        Draft = "draft", "ร่างแผน", "Draft";
        Active = "active", "ใช้บังคับ", "In force";
        Closed = "closed", "สิ้นสุดแล้ว", "Closed";
    }
}

crate::vocabulary! {
    /// The level of an item in a plan's tree, from the top.
    PlanLevel as "plan_level" {
        Strategy = "strategy", "ยุทธศาสตร์", "Strategy";
        Measure = "measure", "มาตรการ", "Measure";
        Indicator = "indicator", "ตัวชี้วัด", "Indicator";
    }
}

impl PlanLevel {
    /// Depth from the top: strategies 0, measures 1, indicators 2. A parent is always shallower
    /// than its children, which also makes a cycle impossible.
    pub fn depth(self) -> u8 {
        match self {
            PlanLevel::Strategy => 0,
            PlanLevel::Measure => 1,
            PlanLevel::Indicator => 2,
        }
    }
}

/// The largest weight an item may carry in its parent's roll-up.
pub const WEIGHT_MAX: f64 = 1_000.0;

/// What may be written about a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanInput {
    /// Short stable code, e.g. `cm-human-rights-2566`.
    pub code: String,
    pub title_th: String,
    #[serde(default)]
    pub title_en: Option<String>,
    #[serde(default)]
    pub description_th: Option<String>,
    #[serde(default)]
    pub description_en: Option<String>,
    /// The network that keeps the plan: its coordinators manage it and approve values.
    #[serde(default)]
    pub network_id: Option<NetworkId>,
    /// The organisation that keeps the plan, when no network does (or besides it).
    #[serde(default)]
    pub organization_id: Option<OrganizationId>,
    /// The area the plan covers (DOPA code); progress is reported for it unless another is asked.
    #[serde(default)]
    pub area_code: Option<String>,
    /// First fiscal year of the plan (Buddhist Era), e.g. 2566.
    #[schema(value_type = i32, minimum = 2500, maximum = 2700, example = 2566)]
    pub start_year: FiscalYear,
    /// Last fiscal year of the plan (Buddhist Era), e.g. 2570.
    #[schema(value_type = i32, minimum = 2500, maximum = 2700, example = 2570)]
    pub end_year: FiscalYear,
    pub status: PlanStatus,
    #[serde(default)]
    pub responsible_organization_ids: Vec<OrganizationId>,
    /// Framework items the plan serves (a national plan's strategy, SDG targets, learning-city areas).
    #[serde(default)]
    pub aligned_to: Vec<FrameworkItemId>,
}

/// A stored plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Plan {
    pub id: PlanId,
    #[serde(flatten)]
    pub input: PlanInput,
    /// The plan this one was copied from, when it was made from a template.
    pub template_of: Option<PlanId>,
    #[serde(flatten)]
    pub meta: RecordMeta,
}

/// What a copy of a plan changes: its identity, its owner and its area. Everything else — the
/// tree, the indicators with their baselines and targets — is copied; values are not.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanCopyInput {
    pub code: String,
    pub title_th: String,
    #[serde(default)]
    pub title_en: Option<String>,
    #[serde(default)]
    pub network_id: Option<NetworkId>,
    #[serde(default)]
    pub organization_id: Option<OrganizationId>,
    #[serde(default)]
    pub area_code: Option<String>,
}

impl Validate for PlanInput {
    fn validate(&self) -> Violations {
        let mut v = Violations::new();
        check_code(&mut v, "/code", &self.code);
        check_line(&mut v, "/title_th", &self.title_th, NAME_MAX, true);
        check_optional_line(&mut v, "/title_en", self.title_en.as_deref(), NAME_MAX);
        check_paragraphs(&mut v, "/description_th", self.description_th.as_deref(), DESCRIPTION_MAX);
        check_paragraphs(&mut v, "/description_en", self.description_en.as_deref(), DESCRIPTION_MAX);
        check_owner(&mut v, self.network_id, self.organization_id);
        check_area_code(&mut v, "/area_code", self.area_code.as_deref());
        if self.end_year < self.start_year {
            v.add("/end_year", "end_before_start", "ปีสิ้นสุดของแผนต้องไม่ก่อนปีเริ่มต้น", "The plan's last year must not be before its first");
        }
        check_unique(&mut v, "/responsible_organization_ids", &self.responsible_organization_ids);
        check_unique(&mut v, "/aligned_to", &self.aligned_to);
        v
    }
}

impl Validate for PlanCopyInput {
    fn validate(&self) -> Violations {
        let mut v = Violations::new();
        check_code(&mut v, "/code", &self.code);
        check_line(&mut v, "/title_th", &self.title_th, NAME_MAX, true);
        check_optional_line(&mut v, "/title_en", self.title_en.as_deref(), NAME_MAX);
        check_owner(&mut v, self.network_id, self.organization_id);
        check_area_code(&mut v, "/area_code", self.area_code.as_deref());
        v
    }
}

/// A plan belongs to someone: without an owner nobody but an admin could ever manage it.
fn check_owner(v: &mut Violations, network: Option<NetworkId>, organization: Option<OrganizationId>) {
    if network.is_none() && organization.is_none() {
        v.add("/network_id", "required", "ต้องระบุเครือข่ายหรือองค์กรที่เป็นเจ้าของแผน", "A plan needs the network or organisation that keeps it");
    }
}

/// Each entry of a list of ids appears once.
pub(crate) fn check_unique<T: PartialEq>(v: &mut Violations, field: &str, items: &[T]) {
    for (i, item) in items.iter().enumerate() {
        if items[..i].contains(item) {
            v.add(format!("{field}/{i}"), "duplicate", "รายการนี้ซ้ำ", "This entry is listed twice");
        }
    }
}

/// What may be written about an item of a plan's tree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanItemInput {
    pub plan_id: PlanId,
    /// The item above this one, in the same plan; none for a strategy.
    #[serde(default)]
    pub parent_id: Option<PlanItemId>,
    pub level: PlanLevel,
    /// Code within the plan, e.g. `1`, `1.2`, `1.2.1`.
    pub code: String,
    pub title_th: String,
    #[serde(default)]
    pub title_en: Option<String>,
    /// Weight in the parent's roll-up (default 1).
    #[serde(default = "default_weight")]
    #[schema(minimum = 0.0, maximum = 1000.0, default = 1.0)]
    pub weight: f64,
    /// For an item of level `indicator`: the indicator (of the same plan) it places in the tree.
    #[serde(default)]
    pub indicator_id: Option<IndicatorId>,
    #[serde(default)]
    pub responsible_organization_ids: Vec<OrganizationId>,
    /// Order among siblings.
    #[serde(default)]
    pub position: i64,
}

fn default_weight() -> f64 {
    1.0
}

/// A stored plan item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PlanItem {
    pub id: PlanItemId,
    #[serde(flatten)]
    pub input: PlanItemInput,
    #[serde(flatten)]
    pub meta: RecordMeta,
}

impl Validate for PlanItemInput {
    fn validate(&self) -> Violations {
        let mut v = Violations::new();
        check_line(&mut v, "/code", &self.code, SHORT_MAX, true);
        check_line(&mut v, "/title_th", &self.title_th, NAME_MAX, true);
        check_optional_line(&mut v, "/title_en", self.title_en.as_deref(), NAME_MAX);
        if !(self.weight.is_finite() && self.weight > 0.0 && self.weight <= WEIGHT_MAX) {
            v.add("/weight", "out_of_range", "น้ำหนักต้องมากกว่า 0 และไม่เกิน 1,000", "A weight is more than 0 and at most 1,000");
        }
        match (self.level, self.indicator_id) {
            (PlanLevel::Indicator, None) => {
                v.add("/indicator_id", "required", "รายการระดับตัวชี้วัดต้องระบุตัวชี้วัด", "An item of level indicator names its indicator")
            }
            (PlanLevel::Strategy | PlanLevel::Measure, Some(_)) => v.add(
                "/indicator_id",
                "inconsistent",
                "ระบุตัวชี้วัดได้เฉพาะรายการระดับตัวชี้วัด",
                "Only an item of level indicator names an indicator",
            ),
            _ => {}
        }
        if self.level == PlanLevel::Strategy && self.parent_id.is_some() {
            v.add(
                "/parent_id",
                "inconsistent",
                "ยุทธศาสตร์อยู่บนสุดของแผน ไม่มีรายการแม่",
                "A strategy is at the top of its plan and has no parent",
            );
        }
        if self.level != PlanLevel::Strategy && self.parent_id.is_none() {
            v.add("/parent_id", "required", "มาตรการและตัวชี้วัดต้องอยู่ภายใต้รายการแม่", "A measure or an indicator sits under a parent item");
        }
        check_unique(&mut v, "/responsible_organization_ids", &self.responsible_organization_ids);
        v
    }
}

/// Why an item cannot go under a parent: checked by the store with the parent it looked up.
pub fn check_parent(v: &mut Violations, child: PlanLevel, parent: PlanLevel) {
    if parent.depth() >= child.depth() || parent == PlanLevel::Indicator {
        v.add(
            "/parent_id",
            "invalid_parent",
            format!("{}ต้องอยู่ภายใต้รายการระดับที่สูงกว่า (ไม่ใช่{})", child.label_th(), parent.label_th()),
            format!("A {} sits under an item of a higher level, not a {}", child.code(), parent.code()),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan() -> PlanInput {
        PlanInput {
            code: "cm-human-rights".into(),
            title_th: "แผนสิทธิมนุษยชนจังหวัดเชียงใหม่".into(),
            title_en: None,
            description_th: None,
            description_en: None,
            network_id: Some(NetworkId(uuid::Uuid::nil())),
            organization_id: None,
            area_code: Some("50".into()),
            start_year: FiscalYear::from_be(2566).unwrap(),
            end_year: FiscalYear::from_be(2570).unwrap(),
            status: PlanStatus::Active,
            responsible_organization_ids: vec![],
            aligned_to: vec![],
        }
    }

    fn item(level: PlanLevel, parent: bool, indicator: bool) -> PlanItemInput {
        PlanItemInput {
            plan_id: PlanId(uuid::Uuid::nil()),
            parent_id: parent.then(|| PlanItemId(uuid::Uuid::nil())),
            level,
            code: "1".into(),
            title_th: "ยุทธศาสตร์".into(),
            title_en: None,
            weight: 1.0,
            indicator_id: indicator.then(|| IndicatorId(uuid::Uuid::nil())),
            responsible_organization_ids: vec![],
            position: 0,
        }
    }

    fn fields(v: &Violations) -> Vec<&str> {
        v.as_slice().iter().map(|x| x.field.as_str()).collect()
    }

    #[test]
    fn a_plan_needs_an_owner_and_its_years_in_order() {
        assert!(plan().validate().is_empty());
        let mut p = plan();
        p.network_id = None;
        p.end_year = FiscalYear::from_be(2565).unwrap();
        assert_eq!(fields(&p.validate()), ["/network_id", "/end_year"]);
    }

    #[test]
    fn levels_decide_parents_and_indicators() {
        assert!(item(PlanLevel::Strategy, false, false).validate().is_empty());
        assert!(item(PlanLevel::Indicator, true, true).validate().is_empty());
        assert_eq!(fields(&item(PlanLevel::Strategy, true, true).validate()), ["/indicator_id", "/parent_id"]);
        assert_eq!(fields(&item(PlanLevel::Indicator, false, false).validate()), ["/indicator_id", "/parent_id"]);
        let mut heavy = item(PlanLevel::Measure, true, false);
        heavy.weight = f64::NAN;
        assert_eq!(fields(&heavy.validate()), ["/weight"]);
    }

    #[test]
    fn a_parent_is_always_a_higher_level() {
        let mut v = Violations::new();
        check_parent(&mut v, PlanLevel::Measure, PlanLevel::Strategy);
        check_parent(&mut v, PlanLevel::Indicator, PlanLevel::Strategy);
        assert!(v.is_empty());
        check_parent(&mut v, PlanLevel::Measure, PlanLevel::Measure);
        check_parent(&mut v, PlanLevel::Strategy, PlanLevel::Indicator);
        assert_eq!(v.as_slice().len(), 2);
    }
}
