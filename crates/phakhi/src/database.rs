//! Choosing and opening the database from its URL.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, bail};
use phakhi_store::Store;
use phakhi_store_postgres::PostgresStore;
use phakhi_store_sqlite::SqliteStore;

/// Whether opening may create a new, empty database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Create,
    /// Refuse a SQLite file that does not exist: a mistyped path must not become an empty database.
    Existing,
}

/// An open database of either kind.
#[derive(Debug)]
pub enum Database {
    Sqlite(Arc<SqliteStore>),
    Postgres(Arc<PostgresStore>),
}

/// The kind of database a URL names, and for SQLite its file.
#[derive(Debug, PartialEq, Eq)]
enum Target {
    Sqlite(PathBuf),
    Postgres,
}

fn target(url: &str) -> anyhow::Result<Target> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Ok(Target::Postgres);
    }
    let Some(rest) = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")) else {
        bail!("unsupported database URL '{url}': use sqlite://path/to/file.db or postgres://user@host/database");
    };
    let path = rest.split('?').next().unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        bail!("'{url}' names no file: phakhi keeps its data in a file, e.g. sqlite://phakhi.db");
    }
    Ok(Target::Sqlite(PathBuf::from(path)))
}

impl Database {
    /// Opens the database, applies migrations and installs the reference data.
    pub async fn open(url: &str, mode: Mode) -> anyhow::Result<Self> {
        let database = match target(url)? {
            Target::Sqlite(path) => {
                if mode == Mode::Existing && !path.exists() {
                    bail!("there is no database at {}; create it with `phakhi migrate --database {url}`", path.display());
                }
                Self::Sqlite(Arc::new(phakhi_store_sqlite::open(url).await.with_context(|| format!("opening {url}"))?))
            }
            Target::Postgres => {
                Self::Postgres(Arc::new(phakhi_store_postgres::open(url).await.with_context(|| format!("opening {}", redact(url)))?))
            }
        };
        let reference = phakhi_reference::reference_set().context("reading the embedded reference data")?;
        if database.store().install_reference(&reference).await.context("installing the reference data")? {
            tracing::info!("reference data installed");
        }
        if let Some(documents) = database.store().ensure_search_index().await.context("rebuilding the search index")? {
            tracing::info!(documents, "search index rebuilt in the current format");
        }
        Ok(database)
    }

    /// Opens a database holding the demonstration network. A SQLite demo file is recreated, so the
    /// demo always starts fresh; a PostgreSQL database is loaded only if it holds no records yet.
    pub async fn open_demo(url: &str) -> anyhow::Result<Self> {
        if let Target::Sqlite(path) = target(url)? {
            remove_sqlite_files(&path)?;
        }
        let database = Self::open(url, Mode::Create).await?;
        let store = database.store();
        if phakhi_demo::is_loaded(store.as_ref()).await? {
            tracing::info!("the demonstration network is already loaded");
            return Ok(database);
        }
        if !store.export().await?.is_empty() {
            bail!("{} already holds other records; the demonstration needs an empty database", redact(url));
        }
        let summary = phakhi_demo::load(store.as_ref()).await.context("loading the demonstration network")?;
        tracing::info!(?summary, "demonstration network loaded");
        Ok(database)
    }

    pub fn store(&self) -> Arc<dyn Store> {
        match self {
            Self::Sqlite(s) => s.clone(),
            Self::Postgres(s) => s.clone(),
        }
    }

    /// A consistent copy of a SQLite database; PostgreSQL has its own tools.
    pub async fn backup(&self, out: &Path) -> anyhow::Result<()> {
        match self {
            Self::Sqlite(s) => s.backend().backup(out).await.with_context(|| format!("backing up to {}", out.display())),
            Self::Postgres(_) => bail!("back up PostgreSQL with pg_dump (see docs/operations.md)"),
        }
    }

    pub async fn close(&self) {
        match self {
            Self::Sqlite(s) => s.backend().close().await,
            Self::Postgres(s) => s.backend().close().await,
        }
    }
}

fn remove_sqlite_files(path: &Path) -> anyhow::Result<()> {
    for suffix in ["", "-wal", "-shm"] {
        let file = PathBuf::from(format!("{}{suffix}", path.display()));
        match std::fs::remove_file(&file) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e).with_context(|| format!("removing the old demo database {}", file.display())),
        }
    }
    Ok(())
}

/// The URL without its password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_select_the_backend_and_mistakes_are_refused() {
        assert_eq!(target("sqlite://phakhi.db").unwrap(), Target::Sqlite("phakhi.db".into()));
        assert_eq!(target("sqlite:data/x.db?mode=rwc").unwrap(), Target::Sqlite("data/x.db".into()));
        assert_eq!(target("postgres://u@h/db").unwrap(), Target::Postgres);
        for wrong in ["postgress://h/db", "phakhi.db", "sqlite://", "mysql://h/db", "sqlite::memory:"] {
            assert!(target(wrong).is_err(), "{wrong}");
        }
    }

    #[test]
    fn passwords_are_not_printed() {
        assert_eq!(redact("postgres://app:s3cret@db/phakhi"), "postgres://app:***@db/phakhi");
        assert_eq!(redact("postgres://app@db/phakhi"), "postgres://app@db/phakhi");
    }
}
