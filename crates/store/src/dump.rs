//! The complete JSON dump of a network's records (`phakhi export` / `phakhi import`).
//!
//! Reference data (areas, built-in frameworks and target groups) is not in the dump: every phakhi
//! database installs the same reference data with the same ids, so alignments to SDG targets stay valid.

use phakhi_domain::activity::Activity;
use phakhi_domain::agreement::Agreement;
use phakhi_domain::alignment::Alignment;
use phakhi_domain::commitment::Commitment;
use phakhi_domain::framework::{Framework, FrameworkItem};
use phakhi_domain::indicator::{Indicator, IndicatorValue};
use phakhi_domain::network::Network;
use phakhi_domain::organization::Organization;
use phakhi_domain::plan::{Plan, PlanItem};
use phakhi_domain::programme::Programme;
use phakhi_domain::target_group::TargetGroup;
use serde::{Deserialize, Serialize};

/// Identifies the file type.
pub const DUMP_FORMAT: &str = "phakhi-dump";
/// Incremented when the layout changes incompatibly.
pub const DUMP_VERSION: u32 = 1;

/// All records, each list in creation order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dump {
    pub format: String,
    pub version: u32,
    /// Target groups a network added to the built-in ones.
    pub target_groups: Vec<TargetGroup>,
    pub organizations: Vec<Organization>,
    pub networks: Vec<Network>,
    /// Without their embedded commitments (those are listed under `commitments`).
    pub agreements: Vec<Agreement>,
    pub commitments: Vec<Commitment>,
    pub programmes: Vec<Programme>,
    pub activities: Vec<Activity>,
    /// Frameworks a network defined itself (plans), with their items.
    pub frameworks: Vec<Framework>,
    pub framework_items: Vec<FrameworkItem>,
    pub alignments: Vec<Alignment>,
    /// Plans with their trees, indicators and entered values (absent from dumps made before plans).
    #[serde(default)]
    pub plans: Vec<Plan>,
    #[serde(default)]
    pub indicators: Vec<Indicator>,
    /// Parents before children.
    #[serde(default)]
    pub plan_items: Vec<PlanItem>,
    #[serde(default)]
    pub indicator_values: Vec<IndicatorValue>,
}

impl Dump {
    /// A dump holding nothing, to fill in.
    pub fn empty() -> Self {
        Self {
            format: DUMP_FORMAT.to_owned(),
            version: DUMP_VERSION,
            target_groups: Vec::new(),
            organizations: Vec::new(),
            networks: Vec::new(),
            agreements: Vec::new(),
            commitments: Vec::new(),
            programmes: Vec::new(),
            activities: Vec::new(),
            frameworks: Vec::new(),
            framework_items: Vec::new(),
            alignments: Vec::new(),
            plans: Vec::new(),
            indicators: Vec::new(),
            plan_items: Vec::new(),
            indicator_values: Vec::new(),
        }
    }

    /// True when the dump holds no records at all.
    pub fn is_empty(&self) -> bool {
        self.target_groups.is_empty()
            && self.organizations.is_empty()
            && self.networks.is_empty()
            && self.agreements.is_empty()
            && self.commitments.is_empty()
            && self.programmes.is_empty()
            && self.activities.is_empty()
            && self.frameworks.is_empty()
            && self.framework_items.is_empty()
            && self.alignments.is_empty()
            && self.plans.is_empty()
            && self.indicators.is_empty()
            && self.plan_items.is_empty()
            && self.indicator_values.is_empty()
    }
}
