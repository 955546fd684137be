//! `phakhi report KIND`: a PDF report (network annual report, plan monitoring report, activity
//! report) in Thai or English, typeset by `phakhi_reports`.

use std::path::PathBuf;

use anyhow::{Context, bail};
use phakhi_domain::{ActivityId, FiscalYear, NetworkId, PlanId};
use phakhi_reports::{Lang, Options};
use phakhi_store::Store;

/// Which report to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportKind {
    /// A network's annual report (needs --network).
    Network,
    /// A plan's monitoring report (needs --plan).
    Plan,
    /// One activity's report (needs --activity).
    Activity,
}

/// The report's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportLang {
    Th,
    En,
}

/// What `phakhi report` was asked for.
#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    #[arg(value_enum)]
    kind: ReportKind,
    /// The language of the report.
    #[arg(long, value_enum, default_value_t = ReportLang::Th)]
    lang: ReportLang,
    /// The network's id (network report).
    #[arg(long)]
    network: Option<String>,
    /// The plan's id (plan report).
    #[arg(long)]
    plan: Option<String>,
    /// The activity's id (activity report).
    #[arg(long)]
    activity: Option<String>,
    /// The fiscal year in the Buddhist Era, e.g. 2567 (1 Oct 2023 – 30 Sep 2024); by default the current one.
    #[arg(long)]
    fiscal_year: Option<i32>,
    /// Write numbers in the text with Thai digits (๐–๙).
    #[arg(long)]
    thai_numerals: bool,
    /// The PDF file to write.
    #[arg(long)]
    out: PathBuf,
}

fn id(value: Option<&str>, flag: &str) -> anyhow::Result<uuid::Uuid> {
    let Some(value) = value else { bail!("this report needs --{flag} ID") };
    value.parse().with_context(|| format!("--{flag} {value} is not an id (a UUID)"))
}

/// Makes the report asked for and writes it to `--out`.
pub async fn run(store: &dyn Store, args: &ReportArgs) -> anyhow::Result<()> {
    let today = phakhi_reports::thai_day(chrono::Utc::now());
    let lang = match args.lang {
        ReportLang::Th => Lang::Th,
        ReportLang::En => Lang::En,
    };
    let options = Options { lang, thai_numerals: args.thai_numerals, issued_on: today };
    let fiscal_year = args.fiscal_year.map(FiscalYear::from_be).transpose().context("--fiscal-year")?;
    let pdf = match args.kind {
        ReportKind::Network => {
            let network = NetworkId(id(args.network.as_deref(), "network")?);
            let year = fiscal_year.unwrap_or_else(|| FiscalYear::containing(today));
            phakhi_reports::network_report(store, network, year, &options).await
        }
        ReportKind::Plan => phakhi_reports::plan_report(store, PlanId(id(args.plan.as_deref(), "plan")?), fiscal_year, &options).await,
        ReportKind::Activity => {
            phakhi_reports::activity_report(store, ActivityId(id(args.activity.as_deref(), "activity")?), &options).await
        }
    }
    .context("making the report")?;
    std::fs::write(&args.out, &pdf).with_context(|| format!("writing {}", args.out.display()))?;
    eprintln!("report written to {} ({} kB)", args.out.display(), pdf.len().div_ceil(1024));
    Ok(())
}
