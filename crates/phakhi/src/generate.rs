//! `phakhi generate`: fills an empty database with a synthetic, reproducible data set for benchmarks.
//!
//! Generation (CPU) runs on its own thread and hands batches over a short queue, so the next batch is
//! being made while the database writes the current one. Each batch is one transaction with one audit
//! entry (`Store::load_bulk`), and its records are indexed for search in the same transaction.

use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use indicatif::{ProgressBar, ProgressStyle};
use phakhi_generate::{Generator, Plan, Scale};
use phakhi_store::{Dump, Page, Store};

/// Batches made ahead of the database: enough to keep it busy, few enough to bound memory.
const QUEUE: usize = 2;

/// What a run loaded and how long each phase took.
#[derive(Debug, Default)]
pub struct Summary {
    pub organizations: u64,
    pub networks: u64,
    pub agreements: u64,
    pub commitments: u64,
    pub programmes: u64,
    pub activities: u64,
    pub participation_cells: u64,
    pub alignments: u64,
    pub plans: u64,
    pub indicators: u64,
    /// Loading and indexing for search, which happen together, batch by batch.
    pub loading: Duration,
}

impl Summary {
    /// The records loaded, each of them indexed for search (participation cells and alignments are
    /// parts of records, not records).
    fn records(&self) -> u64 {
        self.organizations
            + self.networks
            + self.agreements
            + self.commitments
            + self.programmes
            + self.activities
            + self.plans
            + self.indicators
    }

    fn add(&mut self, batch: &Dump) {
        self.organizations += batch.organizations.len() as u64;
        self.networks += batch.networks.len() as u64;
        self.agreements += batch.agreements.len() as u64;
        self.commitments += batch.commitments.len() as u64;
        self.programmes += batch.programmes.len() as u64;
        self.activities += batch.activities.len() as u64;
        self.participation_cells += batch.activities.iter().map(|a| a.input.participation.len() as u64).sum::<u64>();
        self.alignments += batch.alignments.len() as u64;
        self.plans += batch.plans.len() as u64;
        self.indicators += batch.indicators.len() as u64;
    }
}

/// Refuses a database that already holds records, as `import` does: generated data mixed into a real
/// register could not be told apart from it afterwards (except by its names).
async fn ensure_empty(store: &dyn Store) -> anyhow::Result<()> {
    let one = Page { limit: 1, ..Page::default() };
    let held = [
        ("organisations", store.list_organizations(&Default::default(), &one).await?.total),
        ("networks", store.list_networks(&Default::default(), &one).await?.total),
        ("agreements", store.list_agreements(&Default::default(), &one).await?.total),
        ("programmes", store.list_programmes(&Default::default(), &one).await?.total),
        ("activities", store.list_activities(&Default::default(), &one).await?.total),
    ];
    if let Some((what, n)) = held.iter().find(|(_, n)| *n > 0) {
        bail!("the database already holds records ({n} {what}); generate into an empty database");
    }
    Ok(())
}

fn bar(batches: usize) -> ProgressBar {
    let bar = ProgressBar::new(batches as u64);
    let style = ProgressStyle::with_template("{spinner} [{elapsed_precise}] [{bar:40}] {pos}/{len} batches, eta {eta} — {msg}")
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ");
    bar.set_style(style);
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

/// Generates the data set of `plan` from `seed` into `store`, which must hold no records.
pub async fn run(store: &dyn Store, plan: Plan, seed: u64) -> anyhow::Result<Summary> {
    ensure_empty(store).await?;
    let reference = phakhi_reference::reference_set().context("reading the embedded reference data")?;
    let generator = Generator::new(plan, seed, &reference).context("preparing the generator")?;
    let bar = bar(generator.batches());
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Dump>(QUEUE);
    let producer = std::thread::spawn(move || {
        for batch in generator {
            if tx.blocking_send(batch).is_err() {
                break; // the loader stopped (an error): stop generating
            }
        }
    });
    let mut summary = Summary::default();
    let started = Instant::now();
    let loaded = async {
        while let Some(batch) = rx.recv().await {
            store.load_bulk(&batch).await.context("loading a batch")?;
            summary.add(&batch);
            bar.set_message(format!("{} activities, {} participation cells", summary.activities, summary.participation_cells));
            bar.inc(1);
        }
        anyhow::Ok(())
    }
    .await;
    drop(rx);
    let _ = producer.join();
    loaded?;
    bar.set_message("merging the search index");
    store.finish_bulk_load().await.context("merging the search index")?;
    summary.loading = started.elapsed();
    bar.finish_and_clear();
    Ok(summary)
}

/// The report printed after a run.
pub fn report(scale: Scale, seed: u64, s: &Summary) -> String {
    format!(
        "generated the {} data set (seed {seed}): {} organisations, {} networks, {} agreements, {} commitments, \
         {} programmes, {} activities, {} participation cells, {} alignments, {} plans with {} indicators; \
         loaded and indexed for search in {:.1} s \
         ({:.0} records/s)",
        scale.name(),
        s.organizations,
        s.networks,
        s.agreements,
        s.commitments,
        s.programmes,
        s.activities,
        s.participation_cells,
        s.alignments,
        s.plans,
        s.indicators,
        s.loading.as_secs_f64(),
        s.records() as f64 / s.loading.as_secs_f64()
    )
}
