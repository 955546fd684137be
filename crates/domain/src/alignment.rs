//! Alignment: any agreement, commitment, programme or activity may contribute to any number of
//! framework items at once (an MOU to SDG 4, 8 and 10 and to a learning-city area of focus).

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::text::{DESCRIPTION_MAX, check_paragraphs};
use crate::{AlignmentId, FrameworkItemId, Validate, Violations};

crate::vocabulary! {
    /// The kinds of record that can be aligned to a framework item.
    SubjectKind as "subject_kind" {
        Agreement = "agreement", "บันทึกความร่วมมือ", "Agreement";
        Commitment = "commitment", "พันธะสัญญา", "Commitment";
        Programme = "programme", "โครงการ", "Programme";
        Activity = "activity", "กิจกรรม", "Activity";
    }
}

/// What may be written about an alignment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AlignmentInput {
    pub subject_kind: SubjectKind,
    /// Id of the agreement, commitment, programme or activity.
    pub subject_id: Uuid,
    pub item_id: FrameworkItemId,
    /// Why the record contributes to the item.
    #[serde(default)]
    pub note: Option<String>,
}

/// A stored alignment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Alignment {
    pub id: AlignmentId,
    #[serde(flatten)]
    pub input: AlignmentInput,
    /// Framework code and item code, e.g. `sdg` / `4.7`, for readers.
    pub framework_code: String,
    pub item_code: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

impl Validate for AlignmentInput {
    fn validate(&self) -> Violations {
        let mut v = Violations::new();
        check_paragraphs(&mut v, "/note", self.note.as_deref(), DESCRIPTION_MAX);
        v
    }
}
