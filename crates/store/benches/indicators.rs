//! Indicator benchmark: recomputing every computed indicator of a fiscal year on an existing
//! database (issue 6: ≤ 10 s at national scale), with primary-key reads as the reference measured in
//! the same run, so that the ratio survives a noisy machine.
//!
//! `cargo bench -p phakhi-store --bench indicators -- --database URL [--fiscal-year 2567]` over the
//! national dataset of `phakhi generate --scale national --seed 1` (it holds no plans, so the bench
//! stands in for them: each province and the country keep a plan with the ten computed indicators of
//! `FORMULAS`, the formulas the demonstration's plans and the issue's examples use). The records are
//! only read.

use std::time::{Duration, Instant};

use phakhi_domain::FiscalYear;
use phakhi_domain::area::AreaLevel;
use phakhi_domain::formula::Formula;
use phakhi_store::{AreaFilter, IndicatorScope, Page, Store};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A provincial plan's computed indicators: counts, sums, ratios, alignments and the
/// cabinet-resolution share of report 002.
const FORMULAS: [&str; 10] = [
    "count(activities)",
    "sum(participants)",
    "sum(participants, gender = female) / sum(participants) * 100",
    "sum(hours, kind = training)",
    r#"count(activities, aligned_to = "sdg:5")"#,
    "sum(participants, target_group = children_youth)",
    "count(programmes)",
    "sum(budget)",
    "count(organizations, sector = local_government)",
    r#"share(organizations, sector = provincial_office | central_government; sum(hours, kind = training, aligned_to = "sdg:16") >= 3) * 100"#,
];

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

    let provinces = store
        .list_areas(&AreaFilter { level: Some(AreaLevel::Province), ..Default::default() }, &Page::all())
        .await
        .expect("the provinces")
        .items;
    let areas: Vec<Option<String>> = std::iter::once(None).chain(provinces.iter().map(|p| Some(p.code.clone()))).collect();
    let formulas: Vec<Formula> = FORMULAS.iter().map(|f| Formula::parse(f).expect("a valid formula")).collect();
    let ids: Vec<_> =
        store.list_organizations(&Default::default(), &Page { limit: 500, ..Page::default() }).await.expect("organisations").items;

    // Warm the caches once, as a server that has been answering would have them.
    for formula in &formulas {
        store
            .evaluate_formula(formula, &IndicatorScope { fiscal_year: Some(fiscal_year), area: Some("50".into()) })
            .await
            .expect("warm-up");
    }

    let mut per_formula = vec![Vec::new(); formulas.len()];
    let mut lookups = Vec::new();
    let started = Instant::now();
    for (a, area) in areas.iter().enumerate() {
        for (f, formula) in formulas.iter().enumerate() {
            let scope = IndicatorScope { fiscal_year: Some(fiscal_year), area: area.clone() };
            let t = Instant::now();
            store.evaluate_formula(formula, &scope).await.expect("an evaluation");
            per_formula[f].push(t.elapsed());
        }
        let t = Instant::now();
        store.get_organization(ids[a % ids.len()].id).await.expect("a lookup");
        lookups.push(t.elapsed());
    }
    let total = started.elapsed() - lookups.iter().sum::<Duration>();

    let mut all: Vec<Duration> = per_formula.iter().flatten().copied().collect();
    all.sort();
    lookups.sort();
    for (formula, times) in FORMULAS.iter().zip(&mut per_formula) {
        times.sort();
        eprintln!("  p50 {:8.2} ms  max {:8.2} ms  {formula}", ms(percentile(times, 0.5)), ms(*times.last().expect("timed")));
    }
    let (p50, lookup) = (percentile(&all, 0.5), percentile(&lookups, 0.5));
    println!(
        "{url}: fiscal year {be}: {} indicators ({} formulas × the country and {} provinces) recomputed in {:.2} s; \
         an evaluation p50 {:.2} ms, p99 {:.2} ms; primary-key lookup p50 {:.3} ms (ratio {:.0})",
        all.len(),
        formulas.len(),
        provinces.len(),
        total.as_secs_f64(),
        ms(p50),
        ms(percentile(&all, 0.99)),
        ms(lookup),
        p50.as_secs_f64() / lookup.as_secs_f64()
    );
}
