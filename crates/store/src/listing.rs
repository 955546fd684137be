//! Lists: pagination, sorting and the filters each list accepts.

use chrono::{DateTime, Utc};
use phakhi_domain::activity::ActivityKind;
use phakhi_domain::agreement::AgreementStatus;
use phakhi_domain::alignment::SubjectKind;
use phakhi_domain::area::AreaLevel;
use phakhi_domain::commitment::CommitmentStatus;
use phakhi_domain::organization::{OrganizationStatus, Sector};
use phakhi_domain::programme::ProgrammeStatus;
use phakhi_domain::*;
use serde::Serialize;

/// Default and largest page sizes.
pub const DEFAULT_LIMIT: u32 = 50;
pub const MAX_LIMIT: u32 = 500;

/// Which slice of a list to return, in which order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub limit: u32,
    pub offset: u64,
    /// Field to sort by (each list names the fields it accepts); `None` is the list's natural order.
    pub sort: Option<Sort>,
}

impl Default for Page {
    fn default() -> Self {
        Self { limit: DEFAULT_LIMIT, offset: 0, sort: None }
    }
}

impl Page {
    /// Everything, in natural order (exports, internal use).
    pub fn all() -> Self {
        Self { limit: u32::MAX, offset: 0, sort: None }
    }
}

/// A sort order: `name_th` ascending, `-updated_at` descending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sort {
    pub field: String,
    pub descending: bool,
}

impl Sort {
    /// Parses `field` or `-field`.
    pub fn parse(text: &str) -> Self {
        match text.strip_prefix('-') {
            Some(field) => Self { field: field.to_owned(), descending: true },
            None => Self { field: text.to_owned(), descending: false },
        }
    }
}

/// One page of a list and the size of the whole list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Listing<T> {
    pub items: Vec<T>,
    /// Number of records matching the filters, across all pages.
    pub total: u64,
}

/// A reference to a framework item: its id, or `framework:code` such as `sdg:4.7`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemRef {
    Id(FrameworkItemId),
    Code { framework: String, code: String },
}

impl ItemRef {
    /// Parses a UUID or `framework:code`.
    pub fn parse(text: &str) -> Option<Self> {
        if let Ok(id) = text.parse() {
            return Some(Self::Id(id));
        }
        let (framework, code) = text.split_once(':')?;
        (!framework.is_empty() && !code.is_empty())
            .then(|| Self::Code { framework: framework.to_owned(), code: code.to_owned() })
    }
}

/// Filters for areas.
#[derive(Debug, Clone, Default)]
pub struct AreaFilter {
    pub level: Option<AreaLevel>,
    pub parent: Option<String>,
    /// Part of the Thai or English name.
    pub q: Option<String>,
}

/// Filters for organisations.
#[derive(Debug, Clone, Default)]
pub struct OrganizationFilter {
    /// An area code; matches the area and everything inside it.
    pub area: Option<String>,
    pub sector: Option<Sector>,
    pub status: Option<OrganizationStatus>,
    pub network: Option<NetworkId>,
    pub parent: Option<OrganizationId>,
    pub q: Option<String>,
}

/// Filters for networks.
#[derive(Debug, Clone, Default)]
pub struct NetworkFilter {
    pub area: Option<String>,
    /// Networks this organisation is a member of.
    pub organization: Option<OrganizationId>,
    pub q: Option<String>,
}

/// Filters for agreements.
#[derive(Debug, Clone, Default)]
pub struct AgreementFilter {
    pub area: Option<String>,
    pub status: Option<AgreementStatus>,
    pub network: Option<NetworkId>,
    /// Agreements this organisation is a party to.
    pub organization: Option<OrganizationId>,
    /// Aligned to this item or any item below it.
    pub aligned_to: Option<ItemRef>,
    /// Signed within this fiscal year.
    pub fiscal_year: Option<FiscalYear>,
    pub q: Option<String>,
}

/// Filters for commitments.
#[derive(Debug, Clone, Default)]
pub struct CommitmentFilter {
    pub agreement: Option<AgreementId>,
    pub organization: Option<OrganizationId>,
    pub status: Option<CommitmentStatus>,
    pub aligned_to: Option<ItemRef>,
}

/// Filters for programmes.
#[derive(Debug, Clone, Default)]
pub struct ProgrammeFilter {
    pub area: Option<String>,
    pub status: Option<ProgrammeStatus>,
    pub fiscal_year: Option<FiscalYear>,
    /// Programmes this organisation leads or partners in.
    pub organization: Option<OrganizationId>,
    pub target_group: Option<String>,
    pub aligned_to: Option<ItemRef>,
    pub q: Option<String>,
}

/// Filters for activities.
#[derive(Debug, Clone, Default)]
pub struct ActivityFilter {
    pub area: Option<String>,
    pub kind: Option<ActivityKind>,
    pub programme: Option<ProgrammeId>,
    pub organization: Option<OrganizationId>,
    /// Started within this fiscal year (Thai time).
    pub fiscal_year: Option<FiscalYear>,
    pub target_group: Option<String>,
    pub aligned_to: Option<ItemRef>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub q: Option<String>,
}

/// Filters for framework items.
#[derive(Debug, Clone, Default)]
pub struct FrameworkItemFilter {
    pub framework: Option<String>,
    pub parent: Option<FrameworkItemId>,
    /// Only items without a parent (the top of the tree).
    pub top_level: bool,
    pub level: Option<String>,
    pub q: Option<String>,
}

/// Filters for alignments.
#[derive(Debug, Clone, Default)]
pub struct AlignmentFilter {
    pub subject_kind: Option<SubjectKind>,
    pub subject_id: Option<uuid::Uuid>,
    /// Aligned to this item or any item below it.
    pub item: Option<ItemRef>,
    pub framework: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_refs_parse_ids_and_codes() {
        assert_eq!(ItemRef::parse("sdg:4.7"), Some(ItemRef::Code { framework: "sdg".into(), code: "4.7".into() }));
        let id = FrameworkItemId::new();
        assert_eq!(ItemRef::parse(&id.to_string()), Some(ItemRef::Id(id)));
        assert_eq!(ItemRef::parse("sdg"), None);
        assert_eq!(ItemRef::parse(":4"), None);
    }

    #[test]
    fn sort_parses_direction() {
        assert_eq!(Sort::parse("-updated_at"), Sort { field: "updated_at".into(), descending: true });
        assert_eq!(Sort::parse("name_th"), Sort { field: "name_th".into(), descending: false });
    }
}
