//! What the network's work does not reach in a fiscal year: the gaps a subcommittee, a learning-city
//! secretariat or an SDG review asks about first.

use phakhi_domain::FiscalYear;
use serde::Serialize;
use uuid::Uuid;

/// A framework item, target group or province that nothing of the year reached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Uncovered {
    /// `sdg` or `unesco-lc` for framework items; `target_group` or `province` otherwise.
    pub scheme: String,
    /// The item's code (`5`, `5.2`, `1.1`), the target group's code or the DOPA province code.
    pub code: String,
    /// `goal`, `target` or `area` for framework items; absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    pub name_th: String,
    pub name_en: Option<String>,
}

/// A party to an active agreement with no programme or activity of the year, as lead or partner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct SilentSignatory {
    pub agreement_id: Uuid,
    pub agreement_title_th: String,
    pub agreement_title_en: Option<String>,
    pub organization_id: Uuid,
    pub organization_name_th: String,
    pub organization_name_en: Option<String>,
}

/// An entered indicator of a plan running in the year with no approved value for the year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct MissingValue {
    pub indicator_id: Uuid,
    pub code: String,
    pub name_th: String,
    pub name_en: Option<String>,
    pub plan_id: Uuid,
    pub plan_title_th: String,
    pub plan_title_en: Option<String>,
}

/// The gaps of one fiscal year. Programmes count in their fiscal year, activities in the fiscal year
/// they start in (Thai time); a framework item is reached by work aligned to it or to anything below it.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Gaps {
    #[schema(value_type = i32)]
    pub fiscal_year: FiscalYear,
    /// SDG goals and targets and UNESCO learning-city areas no programme or activity is aligned to.
    pub framework_items: Vec<Uncovered>,
    /// Target groups no programme or activity names.
    pub target_groups: Vec<Uncovered>,
    /// Provinces with no programme and no activity located in them.
    pub provinces: Vec<Uncovered>,
    pub silent_signatories: Vec<SilentSignatory>,
    pub indicators_without_value: Vec<MissingValue>,
}
