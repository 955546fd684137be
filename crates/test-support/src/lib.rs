//! Test helpers: every storage test runs against each database phakhi supports, each test in its own
//! isolated database — a fresh SQLite file, or a fresh PostgreSQL schema that is dropped afterwards.
//!
//! PostgreSQL is found at `PHAKHI_TEST_POSTGRES_URL` (default `postgres://postgres@127.0.0.1:5432/test`).
//! When it is not reachable the PostgreSQL cases are skipped with a printed notice, unless
//! `PHAKHI_REQUIRE_POSTGRES=1` (as in CI), which turns the skip into a failure.

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use phakhi_store::Store;
use phakhi_store::sql::SqlStore;
use phakhi_store_postgres::Postgres;
use sqlx::postgres::PgConnectOptions;
use sqlx::{ConnectOptions, Connection};

const DEFAULT_POSTGRES: &str = "postgres://postgres@127.0.0.1:5432/test";

/// A store for one test, and what must be cleaned up after it.
pub struct TestStore {
    pub store: Arc<dyn Store>,
    /// `sqlite` or `postgres`, for assertion messages.
    pub backend: &'static str,
    /// The URL a `phakhi` process would use to reach the same database.
    pub url: String,
    cleanup: Cleanup,
}

impl std::fmt::Debug for TestStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestStore").field("backend", &self.backend).field("url", &self.url).finish()
    }
}

enum Cleanup {
    Sqlite(#[expect(dead_code, reason = "kept for its Drop, which deletes the directory")] tempfile::TempDir),
    Postgres { admin: Box<PgConnectOptions>, schema: String },
}

impl Drop for TestStore {
    fn drop(&mut self) {
        if let Cleanup::Postgres { admin, schema } = &self.cleanup {
            drop_schema((**admin).clone(), schema.clone());
        }
    }
}

/// Drops a test schema from a separate thread, so it works inside and outside a runtime.
fn drop_schema(admin: PgConnectOptions, schema: String) {
    let done = std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime for cleanup");
        rt.block_on(async {
            if let Ok(mut conn) = admin.connect().await {
                let _ = sqlx::query(sqlx::AssertSqlSafe(format!("DROP SCHEMA IF EXISTS {schema} CASCADE"))).execute(&mut conn).await;
                let _ = conn.close().await;
            }
        });
    });
    let _ = done.join();
}

/// A fresh SQLite store with the reference data installed.
pub async fn sqlite() -> TestStore {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let url = format!("sqlite://{}", dir.path().join("phakhi.db").display());
    let store = phakhi_store_sqlite::open(&url).await.expect("open SQLite");
    install_reference(&store).await;
    TestStore { store: Arc::new(store), backend: "sqlite", url, cleanup: Cleanup::Sqlite(dir) }
}

fn postgres_url() -> String {
    std::env::var("PHAKHI_TEST_POSTGRES_URL").unwrap_or_else(|_| DEFAULT_POSTGRES.to_owned())
}

fn postgres_required() -> bool {
    std::env::var("PHAKHI_REQUIRE_POSTGRES").is_ok_and(|v| v == "1")
}

/// A fresh PostgreSQL store in its own schema, or `None` (with a notice) when no server answers.
pub async fn postgres() -> Option<TestStore> {
    let url = postgres_url();
    let admin = PgConnectOptions::from_str(&url).expect("PHAKHI_TEST_POSTGRES_URL is a postgres:// URL");
    let mut conn = match tokio::time::timeout(Duration::from_secs(5), admin.connect()).await {
        Ok(Ok(conn)) => conn,
        failure => {
            let why = match failure {
                Ok(Err(e)) => e.to_string(),
                _ => "timed out".to_owned(),
            };
            assert!(!postgres_required(), "PostgreSQL is required (PHAKHI_REQUIRE_POSTGRES=1) but {url} failed: {why}");
            skip_notice(&url, &why);
            return None;
        }
    };
    let schema = format!("phakhi_test_{}", uuid::Uuid::new_v4().simple());
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}"))).execute(&mut conn).await.expect("create a test schema");
    let _ = conn.close().await;
    let options = admin.clone().options([("search_path", schema.as_str())]);
    let store = SqlStore::new(Postgres::open_with(options).await.expect("open PostgreSQL"));
    install_reference(&store).await;
    let url = format!("{url}{}options=-c%20search_path%3D{schema}", if url.contains('?') { "&" } else { "?" });
    Some(TestStore { store: Arc::new(store), backend: "postgres", url, cleanup: Cleanup::Postgres { admin: Box::new(admin), schema } })
}

/// Says once per test binary that the PostgreSQL cases are skipped. Written to stderr directly, as
/// the test harness captures `eprintln!` of passing tests and the notice would never be seen.
fn skip_notice(url: &str, why: &str) {
    use std::io::Write;
    static SAID: std::sync::Once = std::sync::Once::new();
    SAID.call_once(|| {
        let _ = writeln!(
            std::io::stderr(),
            "notice: PostgreSQL is not reachable at {url} ({why}); the PostgreSQL cases are skipped. \
             Start it, or set PHAKHI_TEST_POSTGRES_URL, to run them."
        );
    });
}

async fn install_reference(store: &dyn Store) {
    let set = phakhi_reference::reference_set().expect("the embedded reference data parses");
    store.install_reference(&set).await.expect("install reference data");
}

/// One fresh store per available backend: SQLite always, PostgreSQL when reachable.
pub async fn stores() -> Vec<TestStore> {
    let mut all = vec![sqlite().await];
    all.extend(postgres().await);
    all
}
