//! Indicator benchmark: recomputing every computed indicator of a fiscal year on an existing
//! database (issue 6: ≤ 10 s at national scale), with primary-key reads as the reference measured in
//! the same run, so that the ratio survives a noisy machine.
//!
//! `cargo bench -p phakhi-store --bench indicators -- --database URL [--fiscal-year 2567]` over the
//! national dataset of `phakhi generate --scale national --seed 1`: every computed indicator of every
//! stored plan, evaluated in its plan's area (the generator gives the country and each province a plan
//! with the ten formulas of `phakhi_generate::FORMULAS`). A database made before the generator made
//! plans gets the same evaluations stood in: those formulas in the country and each province. Then
//! the year is recomputed as the open-data export and `/api/v1/indicators/computed` do it, indicators
//! sharing a formula together (`Store::computed_indicator_values`). The records are only read.

use std::time::{Duration, Instant};

use phakhi_domain::FiscalYear;
use phakhi_domain::area::AreaLevel;
use phakhi_domain::formula::Formula;
use phakhi_domain::indicator::IndicatorSource;
use phakhi_generate::FORMULAS;
use phakhi_store::{AreaFilter, IndicatorFilter, IndicatorScope, Page, Store};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |flag: &str| args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1)).cloned();
    let Some(url) = value("--database") else {
        eprintln!("usage: cargo bench -p phakhi-store --bench indicators -- --database URL [--fiscal-year 2567]");
        std::process::exit(2);
    };
    let be: i32 = value("--fiscal-year").map_or(2567, |y| y.parse().expect("a Buddhist Era year"));
    let fiscal_year = FiscalYear::from_be(be).expect("a fiscal year");
    let store: Box<dyn Store> = if url.starts_with("postgres") {
        Box::new(phakhi_store_postgres::open(&url).await.expect("open PostgreSQL"))
    } else {
        Box::new(phakhi_store_sqlite::open(&url).await.expect("open SQLite"))
    };
    let store = store.as_ref();

    let evaluations = evaluations(store).await;
    let mut texts: Vec<&str> = evaluations.iter().map(|(text, _, _)| text.as_str()).collect();
    texts.sort();
    texts.dedup();
    let areas = evaluations.iter().map(|(_, _, area)| area).collect::<std::collections::HashSet<_>>().len();
    let ids: Vec<_> =
        store.list_organizations(&Default::default(), &Page { limit: 500, ..Page::default() }).await.expect("organisations").items;

    // Warm the caches once, as a server that has been answering would have them.
    for (_, formula, _) in evaluations.iter().filter(|(_, _, area)| area.as_deref() == Some("50")) {
        store
            .evaluate_formula(formula, &IndicatorScope { fiscal_year: Some(fiscal_year), area: Some("50".into()) })
            .await
            .expect("warm-up");
    }

    let mut per_formula = vec![Vec::new(); texts.len()];
    let mut lookups = Vec::new();
    let started = Instant::now();
    for (n, (text, formula, area)) in evaluations.iter().enumerate() {
        let scope = IndicatorScope { fiscal_year: Some(fiscal_year), area: area.clone() };
        let t = Instant::now();
        store.evaluate_formula(formula, &scope).await.expect("an evaluation");
        per_formula[texts.binary_search(&text.as_str()).expect("a listed formula")].push(t.elapsed());
        // One primary-key read for every ten evaluations: the reference, timed in the same run.
        if n % 10 == 0 {
            let t = Instant::now();
            store.get_organization(ids[n / 10 % ids.len()].id).await.expect("a lookup");
            lookups.push(t.elapsed());
        }
    }
    let total = started.elapsed() - lookups.iter().sum::<Duration>();

    let mut all: Vec<Duration> = per_formula.iter().flatten().copied().collect();
    all.sort();
    lookups.sort();
    for (formula, times) in texts.iter().zip(&mut per_formula) {
        times.sort();
        eprintln!("  p50 {:8.2} ms  max {:8.2} ms  {formula}", ms(percentile(times, 0.5)), ms(*times.last().expect("timed")));
    }
    let (p50, lookup) = (percentile(&all, 0.5), percentile(&lookups, 0.5));
    // The same year recomputed as the export and `/api/v1/indicators/computed` do it: indicators
    // sharing a formula evaluated together, by area (decision 43). Best of three, as a warm server.
    let mut together = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        let values = store.computed_indicator_values(fiscal_year).await.expect("a recompute");
        together.push((t.elapsed(), values.len()));
    }
    let (best, recomputed) = together.iter().min().copied().expect("timed");
    println!(
        "{url}: fiscal year {be}: {} indicators ({} formulas in {} areas) recomputed in {:.2} s; \
         an evaluation p50 {:.2} ms, p99 {:.2} ms; primary-key lookup p50 {:.3} ms (ratio {:.0})",
        all.len(),
        texts.len(),
        areas,
        total.as_secs_f64(),
        ms(p50),
        ms(percentile(&all, 0.99)),
        ms(lookup),
        p50.as_secs_f64() / lookup.as_secs_f64()
    );
    println!(
        "{url}: fiscal year {be}: the {recomputed} computed indicators of the plans in force recomputed together in {:.3} s \
         (best of 3; one by one above: {:.1}× as long)",
        best.as_secs_f64(),
        total.as_secs_f64() / best.as_secs_f64()
    );
}

/// What to recompute: each stored computed indicator (its formula's text, the formula and its plan's
/// area), or, in a database without plans, `FORMULAS` in the country and every province.
async fn evaluations(store: &dyn Store) -> Vec<(String, Formula, Option<String>)> {
    let filter = IndicatorFilter { source: Some("computed".into()), ..Default::default() };
    let stored = store.list_indicators(&filter, &Page::all()).await.expect("the indicators").items;
    if !stored.is_empty() {
        let plans = store.list_plans(&Default::default(), &Page::all()).await.expect("the plans").items;
        let area_of = |plan| plans.iter().find(|p| p.id == plan).and_then(|p| p.input.area_code.clone());
        return stored
            .iter()
            .filter_map(|i| match &i.input.source {
                IndicatorSource::Computed { formula } => {
                    Some((formula.clone(), Formula::parse(formula).expect("a stored formula parses"), area_of(i.input.plan_id)))
                }
                IndicatorSource::Entered => None,
            })
            .collect();
    }
    let provinces = store
        .list_areas(&AreaFilter { level: Some(AreaLevel::Province), ..Default::default() }, &Page::all())
        .await
        .expect("the provinces")
        .items;
    let areas = std::iter::once(None).chain(provinces.into_iter().map(|p| Some(p.code)));
    areas
        .flat_map(|area| {
            FORMULAS.iter().map(move |text| ((*text).to_owned(), Formula::parse(text).expect("a valid formula"), area.clone()))
        })
        .collect()
}
