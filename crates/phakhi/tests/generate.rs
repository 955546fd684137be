//! `phakhi generate` as an operator runs it: a city-scale data set into an empty database on each
//! backend, and a refusal to generate into a database that already holds records.

use std::process::Command;

const PHAKHI: &str = env!("CARGO_BIN_EXE_phakhi");

fn generate(database: &str, seed: &str) -> std::process::Output {
    Command::new(PHAKHI)
        .args(["generate", "--scale", "city", "--seed", seed, "--database", database])
        .env("PHAKHI_LOG", "warn")
        .env_remove("PHAKHI_DATABASE_URL")
        .output()
        .expect("run phakhi generate")
}

fn city_is_generated_once(database: &str, backend: &str) {
    let first = generate(database, "5");
    let report = String::from_utf8_lossy(&first.stderr);
    assert!(first.status.success(), "{backend}: {report}");
    for count in ["200 organisations", "20 agreements", "1000 programmes", "10000 activities"] {
        assert!(report.contains(count), "{backend}: '{count}' in {report}");
    }
    let again = generate(database, "6");
    let refusal = String::from_utf8_lossy(&again.stderr);
    assert!(!again.status.success(), "{backend}: a database with records is refused");
    assert!(refusal.contains("already holds records"), "{backend}: {refusal}");
}

#[test]
fn city_scale_fills_an_empty_sqlite_database_once() {
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", dir.path().join("generated.db").display());
    city_is_generated_once(&database, "sqlite");
}

#[tokio::test]
async fn city_scale_fills_an_empty_postgres_database_once() {
    let Some(t) = phakhi_test_support::postgres().await else { return };
    let url = t.url.clone();
    tokio::task::spawn_blocking(move || city_is_generated_once(&url, "postgres")).await.unwrap();
}
