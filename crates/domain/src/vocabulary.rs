//! Closed vocabularies (sectors, roles, statuses, kinds …): each value has a stable code used in the
//! API and the database, and a Thai and an English label used wherever a person reads it.

use serde::Serialize;

/// A closed list of coded values with bilingual labels.
pub trait Vocabulary: Sized + Copy + 'static {
    /// Name of the vocabulary as exposed at `/api/v1/vocabularies`.
    const NAME: &'static str;
    /// Every value, in display order.
    const ALL: &'static [Self];
    fn code(self) -> &'static str;
    fn label_th(self) -> &'static str;
    fn label_en(self) -> &'static str;

    /// The value with this code, if any.
    fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.code() == code)
    }

    /// All values as entries for display or the API.
    fn entries() -> Vec<VocabularyEntry> {
        Self::ALL.iter().map(|v| VocabularyEntry { code: v.code(), label_th: v.label_th(), label_en: v.label_en() }).collect()
    }
}

/// One value of a vocabulary with its labels.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct VocabularyEntry {
    pub code: &'static str,
    pub label_th: &'static str,
    pub label_en: &'static str,
}

/// Declares a vocabulary enum: serde and OpenAPI use the code; labels come from the table.
#[macro_export]
macro_rules! vocabulary {
    ($(#[$doc:meta])* $name:ident as $vname:literal { $($(#[$vdoc:meta])* $variant:ident = $code:literal, $th:literal, $en:literal;)+ }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $($(#[$vdoc])* #[serde(rename = $code)] $variant,)+
        }

        // Written out rather than derived: the derive does not see `rename` through the macro and
        // would document the Rust variant names instead of the codes the API speaks.
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .enum_values(Some([$($code),+]))
                    .description(Some(concat!("Vocabulary `", $vname, "`:", $(" `", $code, "` ", $en, ";"),+)))
                    .into()
            }
        }

        impl utoipa::ToSchema for $name {}

        impl $crate::vocabulary::Vocabulary for $name {
            const NAME: &'static str = $vname;
            const ALL: &'static [Self] = &[$(Self::$variant),+];
            fn code(self) -> &'static str {
                match self { $(Self::$variant => $code,)+ }
            }
            fn label_th(self) -> &'static str {
                match self { $(Self::$variant => $th,)+ }
            }
            fn label_en(self) -> &'static str {
                match self { $(Self::$variant => $en,)+ }
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::vocabulary::UnknownCode;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                <Self as $crate::vocabulary::Vocabulary>::from_code(s)
                    .ok_or_else(|| $crate::vocabulary::UnknownCode { vocabulary: $vname, code: s.to_owned() })
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str($crate::vocabulary::Vocabulary::code(*self))
            }
        }
    };
}

/// A code that is not in its vocabulary (e.g. a corrupted database value).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{code}' is not a value of {vocabulary}")]
pub struct UnknownCode {
    pub vocabulary: &'static str,
    pub code: String,
}

/// Every vocabulary with its entries, for `/api/v1/vocabularies` and forms.
pub fn all_vocabularies() -> Vec<(&'static str, Vec<VocabularyEntry>)> {
    use crate::{activity, agreement, area, commitment, framework, network, organization, participation, programme};
    fn e<V: Vocabulary>() -> (&'static str, Vec<VocabularyEntry>) {
        (V::NAME, V::entries())
    }
    vec![
        e::<organization::Sector>(),
        e::<organization::OrganizationStatus>(),
        e::<network::MemberRole>(),
        e::<agreement::PartyRole>(),
        e::<agreement::AgreementStatus>(),
        e::<commitment::CommitmentStatus>(),
        e::<commitment::DeliverableStatus>(),
        e::<programme::ProgrammeStatus>(),
        e::<activity::ActivityKind>(),
        e::<activity::AttendanceMode>(),
        e::<participation::Gender>(),
        e::<participation::AgeBand>(),
        e::<framework::FrameworkKind>(),
        e::<area::AreaLevel>(),
        e::<crate::alignment::SubjectKind>(),
        e::<crate::plan::PlanStatus>(),
        e::<crate::plan::PlanLevel>(),
        e::<crate::indicator::Direction>(),
        e::<crate::indicator::Dimension>(),
        e::<crate::indicator::ValueStatus>(),
        e::<crate::indicator::Transition>(),
        e::<crate::progress::ProgressStatus>(),
    ]
}
