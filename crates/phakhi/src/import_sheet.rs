//! `phakhi import-sheet`: reads the file, prepares its rows (`phakhi_exchange`), hands them to the
//! store and prints the report of every row. The exit status is a failure when any row has an error,
//! except with `--valid-rows-only`, where invalid rows are expected and only reported.

use std::path::Path;

use anyhow::{Context, bail};
use phakhi_exchange::areas::AreaIndex;
use phakhi_exchange::import::{Kind, prepare, run as apply};
use phakhi_store::Store;
use phakhi_store::sheet::{RowAction, SheetMode};

/// The kinds of sheet the command imports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SheetKind {
    Organizations,
    NetworkMembers,
    AgreementParties,
    Programmes,
    Activities,
    Participation,
}

impl SheetKind {
    fn kind(self) -> Kind {
        match self {
            SheetKind::Organizations => Kind::Organizations,
            SheetKind::NetworkMembers => Kind::NetworkMembers,
            SheetKind::AgreementParties => Kind::AgreementParties,
            SheetKind::Programmes => Kind::Programmes,
            SheetKind::Activities => Kind::Activities,
            SheetKind::Participation => Kind::Participation,
        }
    }
}

pub fn mode(dry_run: bool, valid_rows_only: bool) -> SheetMode {
    match (dry_run, valid_rows_only) {
        (true, _) => SheetMode::DryRun,
        (false, true) => SheetMode::ValidRowsOnly,
        (false, false) => SheetMode::AllOrNothing,
    }
}

pub async fn run(store: &dyn Store, kind: SheetKind, file: &Path, mode: SheetMode) -> anyhow::Result<()> {
    let progress = Progress::start();
    progress.stage(format!("อ่านไฟล์ / reading {}", file.display()));
    let sheet = phakhi_exchange::sheet::read(file)?;
    progress.stage(format!("ตรวจ {} แถว / checking {} rows", sheet.rows.len(), sheet.rows.len()));
    let areas = AreaIndex::reference().map_err(|e| anyhow::anyhow!("loading the reference areas: {e}"))?;
    let groups = store.list_target_groups().await.context("reading the target groups")?;
    let prepared = prepare(kind.kind(), &sheet, &areas, &groups)?;
    drop(sheet);
    progress.stage(match mode {
        SheetMode::DryRun => format!("จับคู่ {} แถวกับข้อมูลเดิม / matching {} rows", prepared.rows.len(), prepared.rows.len()),
        _ => format!("บันทึก {} แถว / writing {} rows", prepared.rows.len(), prepared.rows.len()),
    });
    let report = apply(store, &prepared, mode).await.context("importing the sheet")?;
    progress.finish();
    print!("{}", report.render());
    let errors = report.count(RowAction::Error);
    if errors > 0 && mode != SheetMode::ValidRowsOnly {
        bail!("{errors} rows have errors (มี {errors} แถวที่ผิดพลาด)");
    }
    Ok(())
}

/// What the import is doing and for how long, on standard error (a million-row file takes a while,
/// and the store writes it in one transaction, so there is no row count to show).
struct Progress(indicatif::ProgressBar);

impl Progress {
    fn start() -> Self {
        let bar = indicatif::ProgressBar::new_spinner();
        let style = indicatif::ProgressStyle::with_template("{spinner} [{elapsed_precise}] {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner());
        bar.set_style(style);
        bar.enable_steady_tick(std::time::Duration::from_millis(200));
        Self(bar)
    }

    fn stage(&self, what: String) {
        if !self.0.message().is_empty() {
            self.0.println(format!("  {} ({:.1} s)", self.0.message(), self.0.elapsed().as_secs_f64()));
        }
        self.0.set_message(what);
    }

    fn finish(self) {
        self.stage(String::new());
        self.0.finish_and_clear();
    }
}
