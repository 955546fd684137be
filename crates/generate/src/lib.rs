//! Synthetic data sets for benchmarks: a partner network at the scale of a city, a province or the
//! whole country — organisations in every sector placed in real DOPA areas, networks, agreements with
//! parties and commitments, programmes over fiscal years 2564–2569, activities of every kind with who
//! took part, and alignments to SDG targets and learning-city areas.
//!
//! Everything is **clearly synthetic** (every name and title ends with "(ข้อมูลสังเคราะห์)" or
//! "(synthetic)") and **reproducible**: the same seed gives the same records, ids and timestamps
//! included (each batch has its own ChaCha8 stream; nothing reads the clock).
//!
//! Pure: no I/O. [`Generator`] yields [`Dump`]-shaped batches — first the register, then programmes with
//! their activities, last the plans (the country's and each province's, with their indicators and
//! values) — so ten million participation cells never sit in memory at once; the caller loads each
//! batch (`Store::load_bulk`).

mod plans;
mod random;
mod register;
pub mod scale;
pub mod words;
mod work;
mod world;

use chrono::NaiveDate;
use phakhi_domain::FiscalYear;
use phakhi_store::{Dump, ReferenceSet};

pub use crate::plans::FORMULAS;
use crate::plans::Tally;
use crate::random::{IdClock, stream};
use crate::register::{Directory, register};
pub use crate::scale::{Plan, Scale, Territory};
use crate::world::World;

/// "Today" for the generated data: statuses (expired agreements, completed programmes) are judged
/// against this fixed day, not the clock, so a data set does not change with the day it is made.
pub const REFERENCE_DAY: NaiveDate = NaiveDate::from_ymd_opt(2026, 3, 31).expect("a valid date");

/// The first day generated records may carry: the start of fiscal year 2564.
pub fn first_day() -> NaiveDate {
    FiscalYear::from_be(2564).expect("2564 is a fiscal year").first_day()
}

/// Why a data set cannot be generated.
#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    #[error("reference data: {0}")]
    Reference(String),
}

/// Yields the batches of one data set, in order: the register first, then the work batches.
#[derive(Debug)]
pub struct Generator {
    plan: Plan,
    seed: u64,
    world: World,
    register: Option<Dump>,
    directory: Directory,
    next_work: usize,
    /// What the work batches made so far hold, for the plans' baselines and targets.
    tally: Tally,
    plans_made: bool,
}

impl Generator {
    /// Prepares a data set of `plan` from `seed` over the given reference data (`phakhi_reference`).
    pub fn new(plan: Plan, seed: u64, reference: &ReferenceSet) -> Result<Self, GenerateError> {
        let world = World::new(reference, plan.territory)?;
        let mut rng = stream(seed, 0);
        let mut clock = IdClock::for_batch(0);
        let r = register(&mut rng, &mut clock, &plan, &world);
        let dump = Dump {
            organizations: r.organizations,
            networks: r.networks,
            agreements: r.agreements,
            commitments: r.commitments,
            alignments: r.alignments,
            ..Dump::empty()
        };
        Ok(Self {
            plan,
            seed,
            world,
            register: Some(dump),
            directory: r.directory,
            next_work: 0,
            tally: Tally::default(),
            plans_made: false,
        })
    }

    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// Batches in all: the register, the work batches and the plans.
    pub fn batches(&self) -> usize {
        1 + self.plan.work_batches() + 1
    }

    /// The plans batch, from its own stream (so adding plans changed none of the other records).
    fn plans_batch(&self) -> Dump {
        let batch = self.plan.work_batches() as u64 + 1;
        let (mut rng, mut clock) = (stream(self.seed, batch), IdClock::for_batch(batch));
        plans::plans(&mut rng, &mut clock, &self.world, &self.directory, &self.tally)
    }

    /// Work batch `b` (0-based): its share of the programmes and activities, from its own stream.
    fn work_batch(&self, b: usize) -> Dump {
        let batches = self.plan.work_batches();
        let share = |total: usize, i: usize| total * i / batches;
        let programmes = share(self.plan.programmes, b)..share(self.plan.programmes, b + 1);
        let activities = share(self.plan.activities, b)..share(self.plan.activities, b + 1);
        let batch = b as u64 + 1;
        let (mut rng, mut clock) = (stream(self.seed, batch), IdClock::for_batch(batch));
        let w = work::work(&mut rng, &mut clock, &self.world, &self.directory, programmes, activities);
        Dump { programmes: w.programmes, activities: w.activities, alignments: w.alignments, ..Dump::empty() }
    }
}

impl Iterator for Generator {
    type Item = Dump;

    fn next(&mut self) -> Option<Dump> {
        if let Some(register) = self.register.take() {
            return Some(register);
        }
        if self.next_work >= self.plan.work_batches() {
            if self.plans_made {
                return None;
            }
            self.plans_made = true;
            return Some(self.plans_batch());
        }
        self.next_work += 1;
        let batch = self.work_batch(self.next_work - 1);
        self.tally.add(&batch, &self.world);
        Some(batch)
    }
}
