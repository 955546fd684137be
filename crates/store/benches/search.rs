//! Search benchmark: indexing rate (`reindex`, documents per second) and query latency (p50, p99)
//! on SQLite and PostgreSQL, over the reference data plus N synthetic organisations whose names are
//! composed from words of the seed reports and the 77 province names.
//!
//! `cargo bench -p phakhi-store --bench search -- 20000` (N defaults to 20,000: the number of
//! organisations in the national dataset). The reference in the same run is a plain indexed lookup
//! by primary key on the same database (`get_organization`), so the ratio survives a noisy machine.
//!
//! `cargo bench -p phakhi-store --bench search -- --database URL` measures an existing database
//! instead — the national dataset of `phakhi generate --scale national` — without changing its
//! records: a full `reindex`, then the same queries (`--queries-only` skips the reindex).

use std::time::{Duration, Instant};

use phakhi_domain::organization::{OrganizationInput, OrganizationStatus, Sector};
use phakhi_store::{AreaFilter, Page, SearchRequest, Store};

const KINDS: [&str; 8] = [
    "สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัด",
    "มูลนิธิเพื่อเด็กและเยาวชน",
    "เทศบาลตำบล",
    "โรงเรียนบ้าน",
    "วิสาหกิจชุมชน",
    "ศูนย์การเรียนรู้ชุมชน",
    "สมาคมส่งเสริมสิทธิมนุษยชน",
    "กลุ่มอาสาสมัคร",
];
const TOPICS: [&str; 8] =
    ["ความเสมอภาคทางเพศ", "เมืองแห่งการเรียนรู้", "คนจนเมือง", "การจ้างงาน", "ผู้สูงอายุ", "สิ่งแวดล้อม", "เศรษฐกิจสร้างสรรค์", "สิทธิมนุษยชนศึกษา"];
const QUERIES: [&str; 10] = [
    "มนุษยชน",
    "เยาวชน ขอนแก่น",
    "เมืองแห่งการเรียนรู้",
    "learning city",
    "เทศบาลตำบล เชียงใหม่",
    "วิสาหกิจชุมชน",
    "gender equality",
    "คนจนเมือง",
    "อาสาสมัคร",
    "quality education",
];

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// Query latency over `QUERIES` (20 rounds), and the primary-key lookup of `ids` as the reference.
async fn latencies(store: &dyn Store, ids: &[phakhi_domain::OrganizationId]) -> (Duration, Duration, Duration) {
    let page = Page { limit: 20, ..Page::default() };
    let mut search_times = Vec::new();
    let mut lookup_times = Vec::new();
    let mut per_query = vec![Vec::new(); QUERIES.len()];
    let mut totals = vec![String::new(); QUERIES.len()];
    for round in 0..20 {
        for (i, q) in QUERIES.iter().enumerate() {
            let t = Instant::now();
            let found = store.search(&SearchRequest { q: (*q).into(), ..Default::default() }, &page).await.unwrap();
            search_times.push(t.elapsed());
            per_query[i].push(t.elapsed());
            totals[i] = format!("{}{}", found.total, if found.total_is_lower_bound { "+" } else { "" });
            let t = Instant::now();
            store.get_organization(ids[(round * 31 + i * 7) % ids.len()]).await.unwrap();
            lookup_times.push(t.elapsed());
        }
    }
    for ((q, mut times), total) in QUERIES.iter().zip(per_query).zip(totals) {
        times.sort();
        eprintln!("  {q:<24} {total:>6} hits  p50 {:6.2} ms", percentile(&times, 0.5).as_secs_f64() * 1e3);
    }
    search_times.sort();
    lookup_times.sort();
    (percentile(&search_times, 0.5), percentile(&search_times, 0.99), percentile(&lookup_times, 0.5))
}

/// An existing database, left as it was (apart from its rebuilt index).
async fn bench_existing(store: &dyn Store, url: &str, reindex: bool) {
    let ids: Vec<_> = store
        .list_organizations(&Default::default(), &Page { limit: 500, ..Page::default() })
        .await
        .unwrap()
        .items
        .iter()
        .map(|o| o.id)
        .collect();
    // A database written by an older phakhi is rebuilt on opening; that rebuild is the one measured.
    let start = Instant::now();
    let rebuilt = store.ensure_search_index().await.unwrap();
    if rebuilt.is_none() && !reindex {
        let (p50, p99, lookup) = latencies(store, &ids).await;
        println!("{url}: {}", latency_report(p50, p99, lookup));
        return;
    }
    let documents = match rebuilt {
        Some(documents) => documents,
        None => store.reindex().await.unwrap(),
    };
    let indexing = start.elapsed();
    let (p50, p99, lookup) = latencies(store, &ids).await;
    println!("{url}: {}", report(documents, indexing, p50, p99, lookup));
}

/// Indexing rate and query latency against the primary-key reference, as one line.
fn report(documents: u64, indexing: Duration, p50: Duration, p99: Duration, lookup: Duration) -> String {
    format!(
        "reindex {documents} documents in {:.2} s ({:.0} documents/s); {}",
        indexing.as_secs_f64(),
        documents as f64 / indexing.as_secs_f64(),
        latency_report(p50, p99, lookup)
    )
}

/// Query latency against the primary-key reference.
fn latency_report(p50: Duration, p99: Duration, lookup: Duration) -> String {
    format!(
        "search p50 {:.2} ms, p99 {:.2} ms; primary-key lookup p50 {:.2} ms (search/lookup p50 ratio {:.1})",
        p50.as_secs_f64() * 1e3,
        p99.as_secs_f64() * 1e3,
        lookup.as_secs_f64() * 1e3,
        p50.as_secs_f64() / lookup.as_secs_f64()
    )
}

async fn bench(store: &dyn Store, backend: &str, n: usize) {
    let provinces = store
        .list_areas(&AreaFilter { level: Some(phakhi_domain::area::AreaLevel::Province), ..Default::default() }, &Page::all())
        .await
        .unwrap()
        .items;
    let mut ids = Vec::with_capacity(n);
    let start = Instant::now();
    for i in 0..n {
        let p = &provinces[i % provinces.len()];
        let name = format!("{}{} {} {}", KINDS[i % KINDS.len()], p.name_th, TOPICS[(i / 7) % TOPICS.len()], i);
        let input = OrganizationInput {
            name_th: name,
            name_en: Some(format!("Organisation {i} of {}", p.name_en)),
            abbreviation: None,
            sector: Sector::CommunityGroup,
            parent_id: None,
            area_code: Some(p.code.clone()),
            website: None,
            status: OrganizationStatus::Active,
            description_th: Some(format!("ภาคีเครือข่าย{} จังหวัด{}", TOPICS[i % TOPICS.len()], p.name_th)),
            description_en: None,
        };
        ids.push(store.create_organization(input).await.unwrap().id);
    }
    let created = start.elapsed();
    let start = Instant::now();
    let documents = store.reindex().await.unwrap();
    let indexing = start.elapsed();

    let (p50, p99, lookup) = latencies(store, &ids).await;
    println!(
        "{backend}: {n} organisations created in {:.1} s ({:.0}/s, one transaction each); {}",
        created.as_secs_f64(),
        n as f64 / created.as_secs_f64(),
        report(documents, indexing, p50, p99, lookup)
    );
}

/// The allocator the `phakhi` binary uses, so that rebuilds here are timed as the product runs them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() {
    // The rebuild logs how long reading, segmenting and writing took.
    tracing_subscriber::fmt().with_env_filter(tracing_subscriber::EnvFilter::new("info")).with_writer(std::io::stderr).init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(url) = args.iter().position(|a| a == "--database").and_then(|i| args.get(i + 1)) {
        let store: Box<dyn Store> = if url.starts_with("postgres") {
            Box::new(phakhi_store_postgres::open(url).await.expect("open PostgreSQL"))
        } else {
            Box::new(phakhi_store_sqlite::open(url).await.expect("open SQLite"))
        };
        bench_existing(store.as_ref(), url, !args.iter().any(|a| a == "--queries-only")).await;
        return;
    }
    let n = args.iter().find_map(|a| a.parse().ok()).unwrap_or(20_000);
    for db in phakhi_test_support::stores().await {
        bench(db.store.as_ref(), db.backend, n).await;
    }
}
