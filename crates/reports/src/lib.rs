//! PDF reports in the layout of a Thai government report, typeset with typst as a library:
//!
//! * [`network_report`] — a network's annual report for one fiscal year;
//! * [`plan_report`] — a plan's monitoring report: every indicator with its trend;
//! * [`activity_report`] — one activity and who took part.
//!
//! Each kind reads the store, puts what it found into a [`document::Report`] (a cover and sections
//! in the report's language) and typesets it with the shared template (`templates/report.typ`) in an
//! in-memory typst world (`world`) that knows only the embedded Sarabun fonts.
//!
//! Reports are public documents: they read the store as the public does (anonymous), and every
//! count of people passes through `phakhi_domain::disclosure`, so a count from 1 to 4 is shown as
//! "<5" and cannot be recovered from a total.

mod activity;
pub mod document;
mod network;
mod participation;
mod plan;
mod world;

use std::sync::Arc;

use phakhi_domain::access::Principal;
use phakhi_store::accounts::Actor;
use phakhi_store::{Store, StoreError};

pub use activity::{activity_report, thai_day};
pub use document::{Lang, Options};
pub use network::network_report;
pub use plan::plan_report;

/// Why a report could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("reading the records: {0}")]
    Store(#[from] StoreError),
    #[error("the plan runs from fiscal year {first} to {last}; {asked} is outside it")]
    YearOutsidePlan { asked: i32, first: i32, last: i32 },
    /// The template or the data did not typeset: a bug in phakhi, reported with typst's messages.
    #[error("typesetting the report: {0}")]
    Typeset(String),
}

/// The store as the public reads it: whatever a report shows, anyone may see.
fn public(store: &dyn Store) -> Arc<dyn Store> {
    store.acting_as(Actor { principal: Principal::anonymous(), ip: None })
}
