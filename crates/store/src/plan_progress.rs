//! A plan's progress for one fiscal year and area, as the store reports it: the tree in reading
//! order, each indicator with its value and each item with its status and roll-up.

use phakhi_domain::PlanItemId;
use phakhi_domain::indicator::{Indicator, Target};
use phakhi_domain::plan::{Plan, PlanItem};
use phakhi_domain::progress::Progress;
use serde::Serialize;

/// How far a plan has got.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct PlanProgress {
    pub plan: Plan,
    /// The reporting year (Buddhist Era).
    pub fiscal_year: i32,
    /// The area reported on (DOPA code); the plan's own unless another was asked; none = national.
    pub area: Option<String>,
    /// The plan as a whole: the weighted roll-up of its strategies.
    pub overall: Progress,
    /// True when the reader sees exact values; false when values resting on a count of participants
    /// from 1 to 4 are suppressed (the public).
    pub exact: bool,
    /// Every item, parents before their children, siblings by position.
    pub items: Vec<ItemProgress>,
}

/// One item of the tree with its progress.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct ItemProgress {
    pub item: PlanItem,
    /// 0 for strategies, 1 for what is directly under them, …
    pub depth: u8,
    pub progress: Progress,
    /// Children counted in the roll-up.
    pub counted: usize,
    /// Children left out of the roll-up for lack of data.
    pub excluded: Vec<PlanItemId>,
    /// For an item of level indicator: the indicator and its value.
    pub indicator: Option<IndicatorReading>,
}

/// An indicator's value for the reporting year and area.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct IndicatorReading {
    pub indicator: Indicator,
    /// The approved value (entered indicators) or the computed one; none when there is none or it
    /// is suppressed.
    pub value: Option<f64>,
    /// True when a computed value rests on a count of participants from 1 to 4 and is hidden from this reader.
    pub suppressed: bool,
    /// The target of the plan's end (the latest year's).
    pub final_target: Option<Target>,
    /// The target set for the reporting year, if any.
    pub target_for_year: Option<Target>,
    /// Why a computed value could not be worked out (e.g. its formula names a framework item that no longer exists).
    pub problem: Option<String>,
}
