//! The `phakhi` binary as an operator uses it: serving, killing, exporting, importing, backing up.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const PHAKHI: &str = env!("CARGO_BIN_EXE_phakhi");

fn phakhi(args: &[&str]) -> std::process::Output {
    Command::new(PHAKHI).args(args).env("PHAKHI_LOG", "warn").env_remove("PHAKHI_DATABASE_URL").output().expect("run phakhi")
}

/// A running `phakhi serve`, and the address it announced once ready.
struct Server {
    child: Child,
    base: String,
}

impl Server {
    fn start(database: &str) -> Self {
        let mut child = Command::new(PHAKHI)
            .args(["serve", "--database", database, "--listen", "127.0.0.1:0"])
            .env("PHAKHI_LOG", "warn")
            .stdout(Stdio::piped())
            .spawn()
            .expect("start phakhi serve");
        // Wait for the readiness line rather than sleeping a fixed time.
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).expect("read the readiness line");
        let base = line.split("http://").nth(1).and_then(|r| r.split('/').next()).map(|a| format!("http://{a}")).expect("an address");
        Self { child, base }
    }

    fn kill(mut self) {
        // SIGKILL: no graceful shutdown, no chance to flush anything.
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn organization(i: usize) -> Value {
    json!({ "name_th": format!("องค์กรทดสอบ {i}"), "sector": "community_group", "area_code": "40" })
}

/// An admin account and an API token for it, made with the CLI as an operator would.
fn admin_token(database: &str) -> String {
    let added = phakhi(&["user", "add", "--database", database, "--email", "ops@example.org", "--role", "admin"]);
    assert!(added.status.success(), "{}", String::from_utf8_lossy(&added.stderr));
    let link = String::from_utf8(added.stdout).unwrap();
    assert!(link.starts_with("/th/reset-password?token=pr_"), "without a password, a link to set one: {link}");
    let created = phakhi(&["token", "create", "--database", database, "--email", "ops@example.org"]);
    assert!(created.status.success(), "{}", String::from_utf8_lossy(&created.stderr));
    let token = String::from_utf8(created.stdout).unwrap().trim().to_owned();
    assert!(token.starts_with("pk_"), "{token}");
    token
}

/// Writes from several clients at once, kills the server part-way, restarts it and finds every
/// write it acknowledged.
async fn acknowledged_writes_survive_a_kill(database: &str, backend: &str) {
    let server = Server::start(database);
    let token = admin_token(database);
    let client = reqwest::Client::builder()
        .default_headers([(reqwest::header::AUTHORIZATION, format!("Bearer {token}").parse().unwrap())].into_iter().collect())
        .build()
        .unwrap();
    let acknowledged = Arc::new(Mutex::new(Vec::<String>::new()));
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut writers = Vec::new();
    for w in 0..8 {
        let (client, base, acknowledged) = (client.clone(), server.base.clone(), acknowledged.clone());
        writers.push(tokio::spawn(async move {
            for i in 0..10_000 {
                if Instant::now() > deadline {
                    break;
                }
                match client.post(format!("{base}/api/v1/organizations")).json(&organization(w * 100_000 + i)).send().await {
                    Ok(r) if r.status() == 201 => {
                        let body: Value = r.json().await.unwrap_or(Value::Null);
                        if let Some(id) = body["id"].as_str() {
                            acknowledged.lock().unwrap().push(id.to_owned());
                        }
                    }
                    // Refused or cut off by the kill: not acknowledged, so nothing is promised.
                    _ => break,
                }
            }
        }));
    }
    while acknowledged.lock().unwrap().len() < 200 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    server.kill();
    for w in writers {
        w.await.unwrap();
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(acknowledged.len() >= 200, "{backend}: only {} writes before the kill", acknowledged.len());

    let server = Server::start(database);
    let listed: Value = client.get(format!("{}/api/v1/organizations?limit=1", server.base)).send().await.unwrap().json().await.unwrap();
    assert!(listed["total"].as_u64().unwrap() >= acknowledged.len() as u64, "{backend}");
    for id in &acknowledged {
        let status = client.get(format!("{}/api/v1/organizations/{id}", server.base)).send().await.unwrap().status();
        assert_eq!(status, 200, "{backend}: acknowledged organisation {id} was lost");
    }
}

#[tokio::test]
async fn acknowledged_writes_survive_the_process_being_killed() {
    for db in phakhi_test_support::stores().await {
        acknowledged_writes_survive_a_kill(&db.url, db.backend).await;
    }
}

#[test]
fn export_import_export_round_trips_through_the_binary() {
    let dir = tempfile::tempdir().unwrap();
    let demo = format!("sqlite://{}", dir.path().join("demo.db").display());
    let copy = format!("sqlite://{}", dir.path().join("copy.db").display());
    let (first, second) = (dir.path().join("first.json"), dir.path().join("second.json"));

    // `demo` loads the demonstration network, then serves; once it is ready, the loading is done.
    let mut server = Command::new(PHAKHI)
        .args(["demo", "--database", &demo, "--listen", "127.0.0.1:0"])
        .env("PHAKHI_LOG", "warn")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    // The demo prints its sign-in accounts, then the readiness line.
    let lines: Vec<String> =
        BufReader::new(server.stdout.take().unwrap()).lines().map_while(Result::ok).take_while(|l| !l.contains("ready")).collect();
    assert!(lines.iter().any(|l| l.starts_with("demo sign-in (admin): admin@demo.phakhi.invalid ")), "{lines:?}");
    server.kill().unwrap();
    server.wait().unwrap();

    let out = phakhi(&["export", "--database", &demo, "--out", first.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = phakhi(&["import", "--database", &copy, first.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = phakhi(&["export", "--database", &copy, "--out", second.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let read = |p: &Path| -> Value { serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap() };
    let (a, b) = (read(&first), read(&second));
    assert_eq!(a["organizations"].as_array().unwrap().len(), 23);
    assert_eq!(a, b, "export → import → export gives the same document");

    let again = phakhi(&["import", "--database", &copy, first.to_str().unwrap()]);
    assert!(!again.status.success(), "importing twice must be refused");

    let reindex = phakhi(&["reindex", "--database", &copy]);
    assert!(reindex.status.success(), "{}", String::from_utf8_lossy(&reindex.stderr));
    // 23 organisations, 3 networks, 2 agreements, 1 commitment, 4 programmes, 5 activities, the 452
    // reference framework items, 2 plans and their 4 indicators.
    assert!(String::from_utf8_lossy(&reindex.stderr).contains("indexed 496 records"), "{}", String::from_utf8_lossy(&reindex.stderr));

    // The plans' indicators as Open SDG data files: one per indicator, totals with blank columns.
    let open_sdg = dir.path().join("open-sdg");
    let out = phakhi(&["export", "--database", &copy, "--format", "opensdg", "--out", open_sdg.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let files: Vec<_> = std::fs::read_dir(&open_sdg).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(files.len(), a["indicators"].as_array().unwrap().len(), "one file per indicator: {files:?}");
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let header = text.lines().next().unwrap();
        assert!(header.starts_with("Year,") && header.ends_with(",GeoCode,Value"), "{}: {header}", file.display());
    }
    let approved: usize = files.iter().map(|f| std::fs::read_to_string(f).unwrap().lines().count() - 1).sum();
    assert!(approved > 0, "the demo's approved and computed values are published");

    // The IATI activity file, and CKAN documents whose Open SDG resources are the files just written.
    let iati = dir.path().join("phakhi-iati.xml");
    let out = phakhi(&["export", "--database", &copy, "--format", "iati", "--out", iati.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("4 programmes and 5 activities"), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(std::fs::read_to_string(&iati).unwrap().contains("<iati-activities version=\"2.03\""));
    let catalogue = dir.path().join("ckan");
    let out = phakhi(&["export", "--database", &copy, "--format", "ckan", "--out", catalogue.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let open_sdg_package: Value = serde_json::from_str(&std::fs::read_to_string(catalogue.join("phakhi-open-sdg.json")).unwrap()).unwrap();
    let mut named: Vec<String> =
        open_sdg_package["resources"].as_array().unwrap().iter().map(|r| r["url"].as_str().unwrap().to_owned()).collect();
    let mut written: Vec<String> = files.iter().map(|f| format!("opensdg/{}", f.file_name().unwrap().to_str().unwrap())).collect();
    named.sort();
    written.sort();
    assert_eq!(named, written, "the CKAN resources are the Open SDG files");
    // A network's annual report as PDF (its content is checked in crates/reports/tests).
    let pdf = dir.path().join("รายงาน.pdf");
    let network = a["networks"][0]["id"].as_str().unwrap();
    let out =
        phakhi(&["report", "network", "--database", &copy, "--network", network, "--fiscal-year", "2567", "--out", pdf.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));
    let out = phakhi(&["report", "plan", "--database", &copy, "--out", pdf.to_str().unwrap()]);
    assert!(!out.status.success() && String::from_utf8_lossy(&out.stderr).contains("--plan"), "a plan report needs --plan");
}

#[test]
fn mistyped_databases_are_errors_not_new_empty_files() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("typo.db");
    let out = phakhi(&["serve", "--database", &format!("sqlite://{}", missing.display()), "--listen", "127.0.0.1:0"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("phakhi migrate"), "the error says how to create it");
    assert!(!missing.exists(), "no empty file was created");
    let out = phakhi(&["export", "--database", "postgress://localhost/x", "--out", "-"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("unsupported database URL"));
}

#[test]
fn a_backup_is_a_consistent_copy_that_opens() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("live.db").display());
    assert!(phakhi(&["migrate", "--database", &db]).status.success());
    let backup = dir.path().join("backup.db");
    let out = phakhi(&["backup", "--database", &db, "--out", backup.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let restored = phakhi(&["export", "--database", &format!("sqlite://{}", backup.display()), "--out", "-"]);
    assert!(restored.status.success(), "{}", String::from_utf8_lossy(&restored.stderr));
    let again = phakhi(&["backup", "--database", &db, "--out", backup.to_str().unwrap()]);
    assert!(!again.status.success(), "a backup never overwrites");
}
