//! Typed identifiers: an `OrganizationId` can never be passed where a `ProgrammeId` is expected.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! typed_id {
    ($($(#[$doc:meta])* $name:ident),+ $(,)?) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, utoipa::ToSchema)]
        #[serde(transparent)]
        #[schema(value_type = String, format = Uuid)]
        pub struct $name(pub Uuid);

        impl $name {
            /// A new, time-ordered identifier (UUID v7), so records sort by creation.
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }

        impl From<Uuid> for $name {
            fn from(id: Uuid) -> Self {
                Self(id)
            }
        }
    )+};
}

typed_id!(
    /// An organisation: ministry office, municipality, university, company, foundation, community group.
    OrganizationId,
    /// A network: a coalition or committee of organisations.
    NetworkId,
    /// An agreement (MOU).
    AgreementId,
    /// One party's commitment under an agreement.
    CommitmentId,
    /// A programme (โครงการ) with a fiscal year and budget.
    ProgrammeId,
    /// An activity: training, forum, workshop, conference …
    ActivityId,
    /// A framework: the SDGs, UNESCO learning-city features, a national or city plan.
    FrameworkId,
    /// An item of a framework: a goal, target, indicator, strategy, area of focus …
    FrameworkItemId,
    /// The link between a record and a framework item.
    AlignmentId,
    /// One person recorded as taking part in an activity (personal data).
    ParticipantId,
    /// A plan: strategies, measures and indicators over a span of fiscal years.
    PlanId,
    /// One node of a plan's tree: a strategy, a measure, or an indicator's place in the plan.
    PlanItemId,
    /// An indicator of a plan, with its baseline, targets and where its values come from.
    IndicatorId,
    /// One entered value of an indicator, for a fiscal year, area and disaggregation.
    IndicatorValueId,
);

/// Namespace for identifiers derived from reference data, so that the same SDG target has the same id
/// in every phakhi database and dumps can move between installations.
pub const REFERENCE_NAMESPACE: Uuid = Uuid::from_u128(0x6c0f_3a2e_8d9b_4f51_9a47_5e0b_1d2c_7a11);

impl FrameworkId {
    /// The stable id of a built-in framework, derived from its code.
    pub fn reference(code: &str) -> Self {
        Self(Uuid::new_v5(&REFERENCE_NAMESPACE, format!("framework:{code}").as_bytes()))
    }
}

impl FrameworkItemId {
    /// The stable id of a built-in framework item, derived from the framework's and the item's codes.
    pub fn reference(framework_code: &str, item_code: &str) -> Self {
        Self(Uuid::new_v5(&REFERENCE_NAMESPACE, format!("item:{framework_code}:{item_code}").as_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_ids_are_stable_and_distinct() {
        assert_eq!(FrameworkItemId::reference("sdg", "4"), FrameworkItemId::reference("sdg", "4"));
        assert_ne!(FrameworkItemId::reference("sdg", "4"), FrameworkItemId::reference("sdg", "4.1"));
        assert_ne!(FrameworkItemId::reference("sdg", "1"), FrameworkItemId::reference("unesco-lc", "1"));
    }

    #[test]
    fn new_ids_sort_by_creation() {
        let a = OrganizationId::new();
        let b = OrganizationId::new();
        assert!(a < b);
    }
}
