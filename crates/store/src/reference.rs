//! The reference data a store installs: areas, built-in target groups and frameworks.

use phakhi_domain::area::Area;
use phakhi_domain::framework::{FrameworkInput, FrameworkItemInput};
use phakhi_domain::target_group::TargetGroup;
use phakhi_domain::{FrameworkId, FrameworkItemId};

/// A built-in framework with its items (ids are stable across installations).
#[derive(Debug, Clone)]
pub struct ReferenceFramework {
    pub id: FrameworkId,
    pub input: FrameworkInput,
    /// Items in parent-before-child order.
    pub items: Vec<(FrameworkItemId, FrameworkItemInput)>,
}

/// Everything phakhi ships as reference data, with a checksum so it is installed once per version.
#[derive(Debug, Clone)]
pub struct ReferenceSet {
    /// Changes whenever any of the data changes.
    pub checksum: String,
    /// Parents before children.
    pub areas: Vec<Area>,
    pub target_groups: Vec<TargetGroup>,
    pub frameworks: Vec<ReferenceFramework>,
}
