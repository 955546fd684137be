//! phakhi's domain: what a partner network is made of and the rules its records must follow.
//!
//! Everything here is pure — no database, no HTTP — so the same rules hold whichever storage backend
//! or interface a record arrives through. Each concept has its own module, named after it.
//!
//! Records follow one shape: an `…Input` struct is what a person or system may write (validated by
//! [`Validate`]), and the stored record (`Organization`, `Agreement`, …) adds the identity and
//! bookkeeping the platform assigns: id, version (for optimistic concurrency / ETags) and timestamps.

pub mod access;
pub mod activity;
pub mod agreement;
pub mod alignment;
pub mod area;
pub mod commitment;
pub mod disclosure;
pub mod formula;
pub mod framework;
pub mod ids;
pub mod indicator;
pub mod money;
pub mod network;
pub mod organization;
pub mod participant;
pub mod participation;
pub mod plan;
pub mod programme;
pub mod progress;
pub mod target_group;
pub mod text;
pub mod validation;
pub mod vocabulary;

pub use ids::*;
pub use phakhi_thai::FiscalYear;
pub use validation::{Validate, Violation, Violations};
pub use vocabulary::{Vocabulary, VocabularyEntry};

/// The bookkeeping every stored record carries.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct RecordMeta {
    /// Incremented on every change; the API's ETag is derived from it.
    pub version: i64,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}
