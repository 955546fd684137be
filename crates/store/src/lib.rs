//! The storage contract of phakhi and its one SQL implementation.
//!
//! * [`Store`] is what the rest of the platform talks to: one method per action on each entity,
//!   returning domain types and [`StoreError`]. The web layer and the CLI hold an `Arc<dyn Store>`.
//! * [`sql::SqlStore`] implements it once, in portable SQL, over a small [`sql::Backend`] trait. The
//!   SQLite and PostgreSQL crates implement `Backend` (connections, transactions, binding values, their
//!   own migrations) and nothing else, so the two databases cannot drift apart in behaviour; the
//!   contract tests in `tests/` run every case against both.

pub mod accounts;
mod dump;
mod error;
pub mod gaps;
mod indicators;
mod listing;
mod overview;
mod plan_progress;
mod reference;
mod search;
pub mod sheet;
pub mod sql;
mod store;
pub mod uploads;

pub use dump::{DUMP_FORMAT, DUMP_VERSION, Dump};
pub use error::{StoreError, StoreResult};
pub use indicators::{AreaBreakdown, AreaPart, ComputedValue, IndicatorRights, IndicatorScope, IndicatorValue, RegionPart};
pub use listing::*;
pub use overview::{ActivityTally, Coverage, Overview, Tally};
pub use plan_progress::{IndicatorReading, ItemProgress, PlanProgress};
pub use reference::{ReferenceFramework, ReferenceSet};
pub use search::{CANDIDATES, Facets, KINDS, SearchHit, SearchRequest, SearchResults};
pub use store::{Precondition, Store};
