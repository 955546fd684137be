//! The demonstration network: the partner network described by five Thai news reports (2022–2024),
//! recorded from their facts and nothing else. Where a report gives a count but not the names (the
//! 62 — or 59 — agencies of the learning-city MOU), the count is recorded, not invented names.
//! People appear only by their public role. Each record's notes cite its report:
//!
//! * 000 — Khon Kaen gender-equality MOU, 5 Jul 2024, and the InterPride World Conference 2025 bid.
//! * 001 — Khon Kaen city's "SMART GENDER" programme, fiscal year 2567, youth cohort 23 Feb 2024.
//! * 002 — Chiang Mai's provincial human-rights subcommittee and its planning meeting (31 Mar).
//! * 003 — KKTT and PMU-A forum no. 3 "Khon Kaen: City of Opportunity", 25 Oct 2022.
//! * 004 — Khon Kaen learning-city MOU, 17 Sep 2024, 62 agencies (also reported as 59).
//!
//! Two plans follow from reports 002 and 004 (`plans.rs`); what in them is illustrative says so.

mod facts;
mod plans;

use phakhi_store::{Store, StoreResult};

pub use facts::load;
pub use plans::TRAINING_FORMULA;

/// What the loader created.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DemoSummary {
    pub organizations: usize,
    pub networks: usize,
    pub agreements: usize,
    pub commitments: usize,
    pub programmes: usize,
    pub activities: usize,
    pub frameworks: usize,
    pub alignments: usize,
    pub plans: usize,
    pub indicators: usize,
}

/// Whether the database already holds the demonstration network.
pub async fn is_loaded(store: &dyn Store) -> StoreResult<bool> {
    let filter = phakhi_store::OrganizationFilter { q: Some(facts::MARKER.into()), ..Default::default() };
    Ok(store.list_organizations(&filter, &phakhi_store::Page::default()).await?.total > 0)
}
