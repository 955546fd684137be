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
use serde::{Deserialize, Serialize};

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
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub enum ItemRef {
    Id(FrameworkItemId),
    Code { framework: String, code: String },
}

impl TryFrom<String> for ItemRef {
    type Error = String;
    fn try_from(text: String) -> Result<Self, String> {
        Self::parse(&text).ok_or_else(|| format!("'{text}' is neither a framework item id nor framework:code such as sdg:4"))
    }
}

impl ItemRef {
    /// Parses a UUID or `framework:code`.
    pub fn parse(text: &str) -> Option<Self> {
        if let Ok(id) = text.parse() {
            return Some(Self::Id(id));
        }
        let (framework, code) = text.split_once(':')?;
        (!framework.is_empty() && !code.is_empty()).then(|| Self::Code { framework: framework.to_owned(), code: code.to_owned() })
    }
}

/// Filters for areas.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AreaFilter {
    pub level: Option<AreaLevel>,
    /// Areas directly inside this one.
    pub parent: Option<String>,
    /// Part of the Thai or English name.
    pub q: Option<String>,
}

/// Filters for organisations.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OrganizationFilter {
    /// Area code (DOPA); includes every area inside it (`40` = all of Khon Kaen).
    pub area: Option<String>,
    pub sector: Option<Sector>,
    pub status: Option<OrganizationStatus>,
    /// Members of this network.
    pub network: Option<NetworkId>,
    /// Units of this parent organisation.
    pub parent: Option<OrganizationId>,
    /// Leads or partners programmes or activities aligned to this framework item (an id or
    /// `framework:code`, e.g. `sdg:5`) or to an item below it.
    #[param(value_type = Option<String>)]
    pub aligned_to: Option<ItemRef>,
    /// Part of the Thai or English name or the abbreviation.
    pub q: Option<String>,
}

/// Filters for networks.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NetworkFilter {
    /// Area code (DOPA); includes every area inside it.
    pub area: Option<String>,
    /// Networks this organisation is a member of.
    pub organization: Option<OrganizationId>,
    /// Part of the name or the founding instrument.
    pub q: Option<String>,
}

/// Filters for agreements.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AgreementFilter {
    /// Area code (DOPA); includes every area inside it.
    pub area: Option<String>,
    pub status: Option<AgreementStatus>,
    pub network: Option<NetworkId>,
    /// Agreements this organisation is a party to.
    pub organization: Option<OrganizationId>,
    /// A framework item id or `framework:code` (e.g. `sdg:4`); includes the items below it.
    #[param(value_type = Option<String>)]
    pub aligned_to: Option<ItemRef>,
    /// Signed in this Thai fiscal year (Buddhist Era, e.g. 2567).
    #[param(value_type = Option<i32>)]
    pub fiscal_year: Option<FiscalYear>,
    /// Part of the title or place.
    pub q: Option<String>,
}

/// Filters for commitments.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CommitmentFilter {
    pub agreement: Option<AgreementId>,
    /// Commitments this organisation made.
    pub organization: Option<OrganizationId>,
    pub status: Option<CommitmentStatus>,
    /// A framework item id or `framework:code`; includes the items below it.
    #[param(value_type = Option<String>)]
    pub aligned_to: Option<ItemRef>,
}

/// Filters for programmes.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProgrammeFilter {
    /// Area code (DOPA); includes every area inside it.
    pub area: Option<String>,
    pub status: Option<ProgrammeStatus>,
    /// Thai fiscal year (Buddhist Era, e.g. 2567).
    #[param(value_type = Option<i32>)]
    pub fiscal_year: Option<FiscalYear>,
    /// Programmes this organisation leads or partners in.
    pub organization: Option<OrganizationId>,
    /// Target-group code.
    pub target_group: Option<String>,
    /// A framework item id or `framework:code`; includes the items below it.
    #[param(value_type = Option<String>)]
    pub aligned_to: Option<ItemRef>,
    /// Part of the title.
    pub q: Option<String>,
}

/// Filters for activities.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ActivityFilter {
    /// Area code (DOPA); includes every area inside it.
    pub area: Option<String>,
    pub kind: Option<ActivityKind>,
    pub programme: Option<ProgrammeId>,
    /// Activities this organisation led or partnered in.
    pub organization: Option<OrganizationId>,
    /// Started in this Thai fiscal year (Buddhist Era, Thai time).
    #[param(value_type = Option<i32>)]
    pub fiscal_year: Option<FiscalYear>,
    /// Target-group code.
    pub target_group: Option<String>,
    /// A framework item id or `framework:code`; includes the items below it.
    #[param(value_type = Option<String>)]
    pub aligned_to: Option<ItemRef>,
    /// Started at or after this instant (RFC 3339).
    pub from: Option<DateTime<Utc>>,
    /// Started before this instant (RFC 3339).
    pub to: Option<DateTime<Utc>>,
    /// Part of the title or venue.
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
    /// Exactly this item code (e.g. `5.2`).
    pub code: Option<String>,
    pub q: Option<String>,
}

/// Filters for alignments.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AlignmentFilter {
    pub subject_kind: Option<SubjectKind>,
    pub subject_id: Option<uuid::Uuid>,
    /// A framework item id or `framework:code`; includes the items below it.
    #[param(value_type = Option<String>)]
    pub item: Option<ItemRef>,
    /// Framework code, e.g. `sdg`.
    pub framework: Option<String>,
}

/// Filters for plans.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PlanFilter {
    /// Plans this network keeps.
    pub network: Option<NetworkId>,
    /// Plans this organisation keeps or is responsible for.
    pub organization: Option<OrganizationId>,
    pub status: Option<phakhi_domain::plan::PlanStatus>,
    /// Plans covering this area (DOPA code) or an area inside it.
    pub area: Option<String>,
    /// Part of the title or the code.
    pub q: Option<String>,
}

/// Filters for the items of plans.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PlanItemFilter {
    pub plan: Option<PlanId>,
    /// Items directly under this one.
    pub parent: Option<PlanItemId>,
    pub level: Option<phakhi_domain::plan::PlanLevel>,
}

/// Filters for indicators.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct IndicatorFilter {
    pub plan: Option<PlanId>,
    /// Indicators whose values this organisation enters.
    pub organization: Option<OrganizationId>,
    /// `entered` or `computed`.
    pub source: Option<String>,
    /// A framework item id or `framework:code`; includes the items below it.
    #[param(value_type = Option<String>)]
    pub aligned_to: Option<ItemRef>,
    /// Part of the name or the code.
    pub q: Option<String>,
}

/// Filters for an indicator's entered values.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct IndicatorValueFilter {
    #[param(value_type = Option<i32>)]
    pub fiscal_year: Option<FiscalYear>,
    /// Exactly this area (DOPA code); `national` for values of the whole country.
    pub area: Option<String>,
    pub status: Option<phakhi_domain::indicator::ValueStatus>,
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
