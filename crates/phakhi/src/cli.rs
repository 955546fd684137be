//! The command line.

use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::{Parser, Subcommand};

use crate::database::{Database, Mode};
use crate::{generate, import_sheet, report, serve, users};

const DEFAULT_DATABASE: &str = "sqlite://phakhi.db";
const DEFAULT_DEMO_DATABASE: &str = "sqlite://phakhi-demo.db";
const DEFAULT_LISTEN: &str = "127.0.0.1:8080";

/// phakhi (ภาคี): the register, activities and alignment of a partner network.
#[derive(Debug, Parser)]
#[command(version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Args)]
struct DatabaseArg {
    /// Database URL: `sqlite://path/to/file.db` or `postgres://user@host/db`.
    #[arg(long, env = "PHAKHI_DATABASE_URL")]
    database: Option<String>,
}

impl DatabaseArg {
    fn url(&self, default: &str) -> String {
        self.database.clone().unwrap_or_else(|| default.to_owned())
    }
}

#[derive(Debug, clap::Args)]
struct ListenArg {
    /// Address to listen on.
    #[arg(long, env = "PHAKHI_LISTEN", default_value = DEFAULT_LISTEN)]
    listen: String,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the platform (the database must exist: create it with `phakhi migrate`).
    Serve {
        #[command(flatten)]
        db: DatabaseArg,
        #[command(flatten)]
        listen: ListenArg,
    },
    /// Create the database or bring it to the current schema, and install the reference data.
    Migrate {
        #[command(flatten)]
        db: DatabaseArg,
    },
    /// Create (or refresh) a database holding the demonstration network, then serve it.
    Demo {
        #[command(flatten)]
        db: DatabaseArg,
        #[command(flatten)]
        listen: ListenArg,
    },
    /// Write every record as one JSON document, the plans' indicator values as Open SDG data files,
    /// programmes and activities as IATI 2.03 XML, or CKAN metadata of these datasets
    /// (docs/open-data.md).
    Export {
        #[command(flatten)]
        db: DatabaseArg,
        /// `json`: every record, one document (for `phakhi import`); `opensdg`: one CSV per indicator
        /// (Year, disaggregations, GeoCode, Value; small counts of people left out) into the directory `--out`;
        /// `iati`: one IATI activity file; `ckan`: one CKAN dataset document per published dataset
        /// into the directory `--out`.
        #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
        format: ExportFormat,
        /// File to write (`-` for standard output with `json` and `iati`); a directory for `opensdg` and `ckan`.
        #[arg(long)]
        out: PathBuf,
        /// With `ckan`: where the datasets' files are published (their resources' URLs start with it);
        /// relative file names without it.
        #[arg(long)]
        base_url: Option<String>,
    },
    /// Load a JSON document written by `phakhi export` into a database that holds no records yet.
    Import {
        #[command(flatten)]
        db: DatabaseArg,
        /// The document to load.
        file: PathBuf,
    },
    /// Import a spreadsheet (XLSX, or CSV in UTF-8 or TIS-620/Windows-874) with Thai or English
    /// headers, below any title rows. Rows are matched to stored records by natural key —
    /// organisations by Thai name + area; network members by network + organisation; agreement parties
    /// by agreement + organisation; programmes by Thai title + fiscal year + lead organisation;
    /// activities by Thai title + start day + lead organisation — so importing the same file again
    /// changes nothing, and an empty cell never erases a stored value. Without --valid-rows-only
    /// nothing is written unless every row is valid. Columns and examples: docs/import.md.
    ImportSheet {
        #[command(flatten)]
        db: DatabaseArg,
        /// What the sheet lists.
        #[arg(value_enum)]
        kind: import_sheet::SheetKind,
        /// The .xlsx or .csv file.
        file: PathBuf,
        /// Check and show, per row, what would be created, updated or left unchanged; write nothing.
        #[arg(long, conflicts_with = "valid_rows_only")]
        dry_run: bool,
        /// Write the valid rows and report the others (by default one invalid row stops the import).
        #[arg(long)]
        valid_rows_only: bool,
    },
    /// Rebuild the search index from the records (it is kept up to date on every write; this is for
    /// after a change to the search pipeline or a restore from an old backup).
    Reindex {
        #[command(flatten)]
        db: DatabaseArg,
    },
    /// Accounts: add people with a role, list them, send a one-time password link.
    User {
        #[command(subcommand)]
        action: UserCommand,
    },
    /// API tokens for integrations (`Authorization: Bearer …`), acting for an account.
    Token {
        #[command(subcommand)]
        action: TokenCommand,
    },
    /// Write the audit log (every create, update and delete: who, when, from where, before and after)
    /// as JSON lines.
    Audit {
        #[command(flatten)]
        db: DatabaseArg,
        #[arg(long)]
        out: PathBuf,
    },
    /// Fill an empty database with a synthetic, reproducible data set (every name is marked
    /// "(ข้อมูลสังเคราะห์)" / "(synthetic)") for benchmarks: city, province or national scale.
    Generate {
        #[command(flatten)]
        db: DatabaseArg,
        /// city (200 organisations, 10,000 activities), province (2,000 / 100,000) or national
        /// (20,000 / 1,000,000, about 10 million participation cells).
        #[arg(long)]
        scale: phakhi_generate::Scale,
        /// The same seed gives the same data set, ids included.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Write a PDF report in the layout of a Thai government report (Sarabun, A4, a cover, Buddhist
    /// Era dates, page numbers): `network` (annual report of a fiscal year), `plan` (monitoring: every
    /// indicator's baseline, target, value, status and trend) or `activity`. Reports are public: counts
    /// of 1 to 4 people read "<5". See docs/reports.md.
    Report {
        #[command(flatten)]
        db: DatabaseArg,
        #[command(flatten)]
        args: report::ReportArgs,
    },
    /// Copy a running SQLite database consistently to a new file.
    Backup {
        #[command(flatten)]
        db: DatabaseArg,
        /// The copy to create (must not exist).
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
enum UserCommand {
    /// Add an account with a role. A password piped on standard input is set; otherwise a one-time
    /// link to set one is printed.
    Add {
        #[command(flatten)]
        db: DatabaseArg,
        #[arg(long)]
        email: String,
        /// The name shown in the interface (the email if not given).
        #[arg(long)]
        name: Option<String>,
        /// admin, coordinator (with --network), editor (with --organization) or viewer (with either).
        #[arg(long)]
        role: String,
        #[arg(long)]
        organization: Option<String>,
        #[arg(long)]
        network: Option<String>,
    },
    /// List accounts and their roles.
    List {
        #[command(flatten)]
        db: DatabaseArg,
    },
    /// Print a one-time link that sets a new password (no mail server needed).
    Reset {
        #[command(flatten)]
        db: DatabaseArg,
        #[arg(long)]
        email: String,
    },
}

#[derive(Debug, Subcommand)]
enum TokenCommand {
    /// Create a token for an account and print it (shown once, stored hashed).
    Create {
        #[command(flatten)]
        db: DatabaseArg,
        #[arg(long)]
        email: String,
        /// What the token is for, e.g. the integration's name.
        #[arg(long, default_value = "api")]
        name: String,
    },
    /// Revoke a token by its id.
    Revoke {
        #[command(flatten)]
        db: DatabaseArg,
        id: String,
    },
}

impl Cli {
    /// The log filter when `PHAKHI_LOG` is not set. Generating writes statements of tens of thousands
    /// of rows on purpose: sqlx's slow-statement warning would print each of them in full.
    pub fn default_log_filter(&self) -> &'static str {
        match self.command {
            Command::Generate { .. } => "info,sqlx=error",
            _ => "info,sqlx=warn,tower_http=info",
        }
    }
}

/// Runs an account command against an existing database, acting as the command line.
async fn with_store<F>(db: &DatabaseArg, f: F) -> anyhow::Result<()>
where
    F: AsyncFnOnce(&dyn phakhi_store::Store) -> anyhow::Result<()>,
{
    let database = Database::open(&db.url(DEFAULT_DATABASE), Mode::Existing).await?;
    let store = database.store().acting_as(phakhi_store::accounts::Actor::system("cli"));
    let result = f(store.as_ref()).await;
    database.close().await;
    result
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve { db, listen } => {
            let database = Database::open(&db.url(DEFAULT_DATABASE), Mode::Existing).await?;
            serve::run(database, &listen.listen).await
        }
        Command::Migrate { db } => {
            let url = db.url(DEFAULT_DATABASE);
            Database::open(&url, Mode::Create).await?.close().await;
            eprintln!("{url}: schema up to date, reference data installed");
            Ok(())
        }
        Command::Demo { db, listen } => {
            let url = db.url(DEFAULT_DEMO_DATABASE);
            let database = Database::open_demo(&url).await?;
            let store = database.store().acting_as(phakhi_store::accounts::Actor::system("demo"));
            if store.list_users().await.context("listing accounts")?.is_empty() {
                for (email, password, role) in users::demo_accounts(store.as_ref()).await? {
                    // On stdout, before the ready line, so whoever started the demo can sign in.
                    println!("demo sign-in ({role}): {email} {password}");
                }
            }
            serve::run(database, &listen.listen).await
        }
        Command::User { action } => match action {
            UserCommand::Add { db, email, name, role, organization, network } => {
                let grant = users::grant(&role, organization.as_deref(), network.as_deref())?;
                with_store(&db, async |s| users::add(s, &email, name.as_deref(), grant).await).await
            }
            UserCommand::List { db } => with_store(&db, async |s| users::list(s).await).await,
            UserCommand::Reset { db, email } => with_store(&db, async |s| users::reset(s, &email).await).await,
        },
        Command::Token { action } => match action {
            TokenCommand::Create { db, email, name } => with_store(&db, async |s| users::create_token(s, &email, &name).await).await,
            TokenCommand::Revoke { db, id } => with_store(&db, async |s| users::revoke_token(s, &id).await).await,
        },
        Command::Audit { db, out } => with_store(&db, async |s| users::export_audit(s, &out).await).await,
        Command::Export { db, format: ExportFormat::Json, out, .. } => {
            let database = Database::open(&db.url(DEFAULT_DATABASE), Mode::Existing).await?;
            let dump = database.store().export().await.context("reading the records")?;
            database.close().await;
            write_json(&out, &dump)
        }
        Command::Export { db, format: ExportFormat::Iati, out, .. } => {
            let database = Database::open(&db.url(DEFAULT_DATABASE), Mode::Existing).await?;
            let export = phakhi_exchange::iati::export(database.store().as_ref(), chrono::Utc::now()).await;
            database.close().await;
            let export = export.context("exporting IATI activities")?;
            write_file(&out, |file| Ok(std::io::Write::write_all(file, &export.xml)?))?;
            eprintln!(
                "{} programmes and {} activities ({} without a lead left out, {} counts of people withheld)",
                export.programmes, export.activities, export.left_out, export.withheld
            );
            Ok(())
        }
        Command::Export { db, format: ExportFormat::Ckan, out, base_url } => {
            let database = Database::open(&db.url(DEFAULT_DATABASE), Mode::Existing).await?;
            let dump = database.store().export().await.context("reading the records");
            database.close().await;
            let dump = dump?;
            let catalogue = phakhi_exchange::ckan::Catalogue {
                base_url,
                generated_at: chrono::Utc::now(),
                open_sdg_files: crate::open_sdg::file_names(&dump),
            };
            let packages = phakhi_exchange::ckan::packages(&dump, &catalogue).context("describing the datasets")?;
            let written = phakhi_exchange::ckan::write(&out, &packages)?;
            eprintln!("{} CKAN dataset documents written to {}", written.len(), out.display());
            Ok(())
        }
        Command::Export { db, format: ExportFormat::Opensdg, out, .. } => {
            let database = Database::open(&db.url(DEFAULT_DATABASE), Mode::Existing).await?;
            let written = crate::open_sdg::export(database.store().as_ref(), &out).await;
            database.close().await;
            let written = written.context("exporting Open SDG data")?;
            eprintln!(
                "exported {} indicators ({} rows, {} values withheld as small counts of people) to {}",
                written.files,
                written.rows,
                written.suppressed,
                out.display()
            );
            Ok(())
        }
        Command::Import { db, file } => {
            let text = std::fs::read_to_string(&file).with_context(|| format!("reading {}", file.display()))?;
            let dump: phakhi_store::Dump =
                serde_json::from_str(&text).with_context(|| format!("{} is not a phakhi dump", file.display()))?;
            let database = Database::open(&db.url(DEFAULT_DATABASE), Mode::Create).await?;
            let result = database.store().import(&dump).await;
            database.close().await;
            result.context("importing")?;
            eprintln!(
                "imported {} organisations, {} agreements, {} programmes, {} activities",
                dump.organizations.len(),
                dump.agreements.len(),
                dump.programmes.len(),
                dump.activities.len()
            );
            Ok(())
        }
        Command::ImportSheet { db, kind, file, dry_run, valid_rows_only } => {
            let database = Database::open(&db.url(DEFAULT_DATABASE), Mode::Existing).await?;
            let store = database.store().acting_as(phakhi_store::accounts::Actor::system("cli"));
            let result = import_sheet::run(store.as_ref(), kind, &file, import_sheet::mode(dry_run, valid_rows_only)).await;
            database.close().await;
            result
        }
        Command::Reindex { db } => {
            let database = Database::open(&db.url(DEFAULT_DATABASE), Mode::Existing).await?;
            let result = database.store().reindex().await;
            database.close().await;
            eprintln!("indexed {} records", result.context("rebuilding the search index")?);
            Ok(())
        }
        Command::Generate { db, scale, seed } => {
            let database = Database::open(&db.url(DEFAULT_DATABASE), Mode::Create).await?;
            let result = generate::run(database.store().as_ref(), scale.plan(), seed).await;
            database.close().await;
            eprintln!("{}", generate::report(scale, seed, &result?));
            Ok(())
        }
        Command::Report { db, args } => {
            let database = Database::open(&db.url(DEFAULT_DATABASE), Mode::Existing).await?;
            let result = report::run(database.store().as_ref(), &args).await;
            database.close().await;
            result
        }
        Command::Backup { db, out } => {
            if out.exists() {
                bail!("{} already exists; a backup never overwrites a file", out.display());
            }
            let database = Database::open(&db.url(DEFAULT_DATABASE), Mode::Existing).await?;
            let result = database.backup(&out).await;
            database.close().await;
            result?;
            eprintln!("backup written to {}", out.display());
            Ok(())
        }
    }
}

/// What `phakhi export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Json,
    Opensdg,
    Iati,
    Ckan,
}

/// Writes JSON to a file atomically (a temporary file renamed into place), or to standard output.
fn write_json<T: serde::Serialize>(out: &std::path::Path, value: &T) -> anyhow::Result<()> {
    write_file(out, |file| {
        serde_json::to_writer_pretty(std::io::BufWriter::new(file), value).context("writing the export")?;
        Ok(())
    })
}

/// Writes a file atomically (a temporary file beside it, renamed into place), or standard output
/// when `out` is `-`.
fn write_file(out: &std::path::Path, write: impl FnOnce(&mut dyn std::io::Write) -> anyhow::Result<()>) -> anyhow::Result<()> {
    if out.as_os_str() == "-" {
        let mut stdout = std::io::stdout().lock();
        write(&mut stdout)?;
        println!();
        return Ok(());
    }
    let dir = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
    let tmp = tempfile::NamedTempFile::new_in(dir).with_context(|| format!("creating a file in {}", dir.display()))?;
    write(&mut tmp.as_file())?;
    tmp.as_file().sync_all().context("flushing the export")?;
    tmp.persist(out).with_context(|| format!("saving {}", out.display()))?;
    eprintln!("exported to {}", out.display());
    Ok(())
}
