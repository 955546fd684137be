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
}

impl SheetKind {
    fn kind(self) -> Kind {
        match self {
            SheetKind::Organizations => Kind::Organizations,
            SheetKind::NetworkMembers => Kind::NetworkMembers,
            SheetKind::AgreementParties => Kind::AgreementParties,
            SheetKind::Programmes => Kind::Programmes,
            SheetKind::Activities => Kind::Activities,
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
    let sheet = phakhi_exchange::sheet::read(file)?;
    let areas = AreaIndex::reference().map_err(|e| anyhow::anyhow!("loading the reference areas: {e}"))?;
    let groups = store.list_target_groups().await.context("reading the target groups")?;
    let prepared = prepare(kind.kind(), &sheet, &areas, &groups)?;
    let report = apply(store, &prepared, mode).await.context("importing the sheet")?;
    print!("{}", report.render());
    let errors = report.count(RowAction::Error);
    if errors > 0 && mode != SheetMode::ValidRowsOnly {
        bail!("{errors} rows have errors (มี {errors} แถวที่ผิดพลาด)");
    }
    Ok(())
}
