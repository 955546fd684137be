//! Importing a participation sheet of a million rows (issue 7), against `sqlite3`'s own `.import` of
//! the same CSV as the floor: reading the file into a table, with no checks, no matching and no
//! indexes, is the least any import of it can cost.
//!
//! ```text
//! cargo bench -p phakhi-exchange --bench participation_import -- --database URL [--rows 1000000]
//! ```
//!
//! The database is a generated one (`phakhi generate --scale national`). The bench takes the
//! activities of fiscal year 2567 in the register's order, writes ten cells for each (two genders ×
//! five age bands) until it has `--rows` rows, and imports the file with `--valid-rows-only` as the
//! CLI does: read, check, match every row to its activity, replace the activities' cells, keep the
//! year figures and the audit log. The counts differ from run to run, so every run really writes.
//! It changes the database's participation: use a copy.

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use phakhi_domain::participation::AgeBand;
use phakhi_domain::{FiscalYear, Vocabulary};
use phakhi_exchange::areas::AreaIndex;
use phakhi_exchange::import::{Kind, prepare, run};
use phakhi_store::accounts::Actor;
use phakhi_store::sheet::{RowAction, SheetMode};
use phakhi_store::{ActivityFilter, Page, Store};

const GENDERS: [&str; 2] = ["หญิง", "ชาย"];

#[tokio::main]
async fn main() {
    // The store reports how long each step of the import took.
    tracing_subscriber::fmt().with_env_filter(tracing_subscriber::EnvFilter::new("info")).with_writer(std::io::stderr).init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |flag: &str| args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1)).cloned();
    let Some(url) = value("--database") else {
        eprintln!("usage: cargo bench -p phakhi-exchange --bench participation_import -- --database URL [--rows 1000000]");
        std::process::exit(2);
    };
    let rows: usize = value("--rows").map_or(1_000_000, |n| n.parse().expect("a number of rows"));
    let store: std::sync::Arc<dyn Store> = if url.starts_with("postgres") {
        phakhi_store_postgres::open(&url).await.expect("open PostgreSQL").acting_as(Actor::system("bench"))
    } else {
        phakhi_store_sqlite::open(&url).await.expect("open SQLite").acting_as(Actor::system("bench"))
    };
    let store = store.as_ref();

    let dir = tempfile::tempdir().expect("a temporary directory");
    let csv = dir.path().join("participation.csv");
    let started = Instant::now();
    let activities = sheet(store, rows, &csv).await;
    let size = std::fs::metadata(&csv).expect("the CSV").len();
    eprintln!("wrote {rows} rows for {activities} activities ({:.1} MB) in {:.1} s", size as f64 / 1e6, started.elapsed().as_secs_f64());

    let floor = sqlite3_import(dir.path(), &csv);

    let started = Instant::now();
    let sheet = phakhi_exchange::sheet::read(&csv).expect("read the CSV");
    let read = started.elapsed();
    let areas = AreaIndex::reference().expect("the areas");
    let groups = store.list_target_groups().await.expect("the target groups");
    let prepared = prepare(Kind::Participation, &sheet, &areas, &groups).expect("a participation sheet");
    let checked = started.elapsed() - read;
    drop(sheet);
    let report = run(store, &prepared, SheetMode::ValidRowsOnly).await.expect("the import");
    let total = started.elapsed();
    let written = total - read - checked;

    let (c, u, n, e) = (
        report.count(RowAction::Create),
        report.count(RowAction::Update),
        report.count(RowAction::Unchanged),
        report.count(RowAction::Error),
    );
    println!("participation import, {rows} rows, {activities} activities, {url}");
    println!("  read the file          {:>8.2} s", read.as_secs_f64());
    println!("  check the rows         {:>8.2} s", checked.as_secs_f64());
    println!("  match and write        {:>8.2} s", written.as_secs_f64());
    println!("  phakhi in all          {:>8.2} s  ({:.0} rows/s)", total.as_secs_f64(), rows as f64 / total.as_secs_f64());
    println!("  sqlite3 .import        {:>8.2} s  (floor)", floor.as_secs_f64());
    println!("  ratio                  {:>8.1}×", total.as_secs_f64() / floor.as_secs_f64());
    println!("  rows: {c} create, {u} update, {n} unchanged, {e} error; written: {}", report.written);
    if let Some(p) = report.problems().next() {
        println!("  first problem: row {} [{}] {}", p.row, p.column, p.message_en);
    }
}

/// Writes the sheet: the activities of fiscal year 2567, ten cells each, until `rows` rows. Returns
/// how many activities it names.
async fn sheet(store: &dyn Store, rows: usize, path: &Path) -> usize {
    let filter = ActivityFilter { fiscal_year: Some(FiscalYear::from_be(2567).expect("2567")), ..Default::default() };
    let bands: Vec<&str> = AgeBand::ALL.iter().filter(|b| **b != AgeBand::NotStated).map(|b| b.label_th()).collect();
    let per_activity = GENDERS.len() * (bands.len() + 1);
    let wanted = rows.div_ceil(per_activity);
    // A different count every run, so that every run writes.
    let salt = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs()) as usize;
    let mut text = String::from("ชื่อกิจกรรม,วันที่จัด,เพศ,ช่วงอายุ,จำนวน (คน)\n");
    let (mut written, mut named) = (0, 0);
    let mut page = Page { limit: 1_000, offset: 0, sort: None };
    'pages: while named < wanted {
        let listed = store.list_activities(&filter, &page).await.expect("the activities").items;
        if listed.is_empty() {
            break;
        }
        for a in &listed {
            let day = a.input.starts_at.with_timezone(&chrono::FixedOffset::east_opt(7 * 3600).expect("UTC+7")).date_naive();
            let day = format!("{}/{}/{}", chrono::Datelike::day(&day), chrono::Datelike::month(&day), chrono::Datelike::year(&day) + 543);
            let title = a.input.title_th.replace('"', "\"\"");
            for gender in GENDERS {
                for band in bands.iter().copied().chain(std::iter::once("ไม่ระบุ")) {
                    let count = (salt + written * 7) % 40 + 1;
                    let _ = writeln!(text, "\"{title}\",{day},{gender},{band},{count}");
                    written += 1;
                    if written == rows {
                        named += 1;
                        break 'pages;
                    }
                }
            }
            named += 1;
        }
        page.offset += listed.len() as u64;
    }
    std::fs::write(path, text).expect("write the CSV");
    named
}

/// `sqlite3`'s `.import` of the CSV into a new table of a new database: the floor.
fn sqlite3_import(dir: &Path, csv: &Path) -> Duration {
    let db = dir.join("floor.db");
    let started = Instant::now();
    let status = std::process::Command::new("sqlite3")
        .arg(&db)
        .arg(".mode csv")
        .arg(format!(".import {} cells", csv.display()))
        .status()
        .expect("sqlite3 (apt-get install sqlite3)");
    let took = started.elapsed();
    assert!(status.success(), "sqlite3 .import failed");
    took
}
