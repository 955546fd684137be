//! The command line.

use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::{Parser, Subcommand};

use crate::database::{Database, Mode};
use crate::serve;

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
    /// Write every record as one JSON document.
    Export {
        #[command(flatten)]
        db: DatabaseArg,
        /// File to write (`-` for standard output).
        #[arg(long)]
        out: PathBuf,
    },
    /// Load a JSON document written by `phakhi export` into a database that holds no records yet.
    Import {
        #[command(flatten)]
        db: DatabaseArg,
        /// The document to load.
        file: PathBuf,
    },
    /// Rebuild the search index from the records (it is kept up to date on every write; this is for
    /// after a change to the search pipeline or a restore from an old backup).
    Reindex {
        #[command(flatten)]
        db: DatabaseArg,
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
            serve::run(database, &listen.listen).await
        }
        Command::Export { db, out } => {
            let database = Database::open(&db.url(DEFAULT_DATABASE), Mode::Existing).await?;
            let dump = database.store().export().await.context("reading the records")?;
            database.close().await;
            write_json(&out, &dump)
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
        Command::Reindex { db } => {
            let database = Database::open(&db.url(DEFAULT_DATABASE), Mode::Existing).await?;
            let result = database.store().reindex().await;
            database.close().await;
            eprintln!("indexed {} records", result.context("rebuilding the search index")?);
            Ok(())
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

/// Writes JSON to a file atomically (a temporary file renamed into place), or to standard output.
fn write_json<T: serde::Serialize>(out: &std::path::Path, value: &T) -> anyhow::Result<()> {
    if out.as_os_str() == "-" {
        let stdout = std::io::stdout().lock();
        serde_json::to_writer_pretty(stdout, value).context("writing to standard output")?;
        println!();
        return Ok(());
    }
    let dir = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
    let tmp = tempfile::NamedTempFile::new_in(dir).with_context(|| format!("creating a file in {}", dir.display()))?;
    serde_json::to_writer_pretty(std::io::BufWriter::new(tmp.as_file()), value).context("writing the export")?;
    tmp.as_file().sync_all().context("flushing the export")?;
    tmp.persist(out).with_context(|| format!("saving {}", out.display()))?;
    eprintln!("exported to {}", out.display());
    Ok(())
}
