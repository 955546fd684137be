//! Spreadsheets staged between an import's preview and its confirmation, on SQLite and PostgreSQL:
//! only their owner sees, uses or discards them; the public and the platform cannot stage; they
//! expire after a day, and an expired one is deleted when the next is staged.

use std::sync::Arc;

use chrono::Utc;
use phakhi_domain::access::{Grant, Principal, Role, Scope};
use phakhi_store::accounts::{Actor, NewUser};
use phakhi_store::uploads::{LIFETIME, MAX_BYTES, NewUpload};
use phakhi_store::{Store, StoreError};
use phakhi_test_support::{TestStore, stores};

/// A store acting for a new account of an editor (uploads belong to accounts, so it must exist).
async fn person(t: &TestStore, email: &str) -> Arc<dyn Store> {
    let grant = Grant { role: Role::Admin, scope: Scope::Platform };
    let user = t
        .store
        .create_user(NewUser { email: email.into(), display_name: email.into(), password_hash: None, grants: vec![grant] })
        .await
        .unwrap();
    let principal = Principal { user_id: Some(user.id), label: user.email, grants: user.grants };
    t.store.acting_as(Actor { principal, ip: None })
}

fn sheet(bytes: &[u8]) -> NewUpload {
    NewUpload { kind: "activities".into(), filename: "กิจกรรม ๒๕๖๗.csv".into(), bytes: bytes.to_vec() }
}

/// Sets back the time an upload was staged, as if it had been waiting that long.
async fn age(t: &TestStore, id: uuid::Uuid, by: chrono::Duration) {
    use sqlx::Connection;
    let at = Utc::now() - by;
    let sql = "UPDATE staged_uploads SET created_at = $1 WHERE id = $2";
    let changed = match t.backend {
        "sqlite" => {
            let mut c = sqlx::SqliteConnection::connect(&t.url).await.unwrap();
            sqlx::query(sql).bind(at).bind(id).execute(&mut c).await.unwrap().rows_affected()
        }
        _ => {
            let mut c = sqlx::PgConnection::connect(&t.url).await.unwrap();
            sqlx::query(sql).bind(at).bind(id).execute(&mut c).await.unwrap().rows_affected()
        }
    };
    assert_eq!(changed, 1, "{}", t.backend);
}

#[tokio::test]
async fn an_upload_is_kept_byte_for_byte_for_its_owner_alone() {
    for t in stores().await {
        let b = t.backend;
        let somchai = person(&t, "somchai@example.org").await;
        let malee = person(&t, "malee@example.org").await;
        // Windows-874 bytes and a BOM must come back exactly as uploaded.
        let bytes = [b"\xEF\xBB\xBF".as_slice(), "ชื่อกิจกรรม,วันที่\n".as_bytes(), &[0xA1, 0xD2, 0x00, 0xFF]].concat();
        let staged = somchai.stage_upload(sheet(&bytes)).await.unwrap();
        assert_eq!((staged.kind.as_str(), staged.filename.as_str()), ("activities", "กิจกรรม ๒๕๖๗.csv"), "{b}");
        assert!(staged.expires_at() > Utc::now() + LIFETIME - chrono::Duration::minutes(1), "{b}");

        let read = somchai.staged_upload(staged.id).await.unwrap();
        assert_eq!(read.bytes, bytes, "{b}: the bytes as uploaded");
        assert_eq!(read.owner_user_id, staged.owner_user_id, "{b}");
        assert_eq!(read.created_at.timestamp(), staged.created_at.timestamp(), "{b}");

        assert!(matches!(malee.staged_upload(staged.id).await, Err(StoreError::NotFound { .. })), "{b}: not another person's");
        assert!(matches!(malee.discard_upload(staged.id).await, Err(StoreError::NotFound { .. })), "{b}: nor theirs to discard");
        somchai.staged_upload(staged.id).await.expect("still there after the other person tried");

        somchai.discard_upload(staged.id).await.unwrap();
        assert!(matches!(somchai.staged_upload(staged.id).await, Err(StoreError::NotFound { .. })), "{b}: gone once discarded");
        assert!(matches!(somchai.discard_upload(staged.id).await, Err(StoreError::NotFound { .. })), "{b}: discarded once");
    }
}

#[tokio::test]
async fn only_people_signed_in_with_an_account_stage_uploads() {
    for t in stores().await {
        let b = t.backend;
        let public = t.store.acting_as(Actor { principal: Principal::anonymous(), ip: None });
        assert!(matches!(public.stage_upload(sheet(b"a,b")).await, Err(StoreError::Unauthenticated)), "{b}");
        assert!(matches!(public.staged_upload(uuid::Uuid::now_v7()).await, Err(StoreError::Unauthenticated)), "{b}");
        // The platform itself (the CLI) reads its files from disk; it has no account to own one.
        assert!(matches!(t.store.stage_upload(sheet(b"a,b")).await, Err(StoreError::Forbidden { .. })), "{b}");
    }
}

#[tokio::test]
async fn an_empty_or_oversized_file_is_refused_with_the_reason() {
    for t in stores().await {
        let b = t.backend;
        let somchai = person(&t, "somchai@example.org").await;
        let codes = |e: StoreError| match e {
            StoreError::Invalid(v) => v.into_vec().into_iter().map(|v| v.code).collect::<Vec<_>>(),
            other => panic!("{b}: {other}"),
        };
        assert_eq!(codes(somchai.stage_upload(sheet(b"")).await.unwrap_err()), ["empty_file"], "{b}");
        assert_eq!(codes(somchai.stage_upload(sheet(&vec![b'x'; MAX_BYTES + 1])).await.unwrap_err()), ["file_too_large"], "{b}");
        let largest = somchai.stage_upload(sheet(&vec![b'x'; MAX_BYTES])).await.unwrap();
        assert_eq!(somchai.staged_upload(largest.id).await.unwrap().bytes.len(), MAX_BYTES, "{b}: the largest allowed fits");
    }
}

#[tokio::test]
async fn an_upload_expires_after_a_day_and_is_deleted_when_the_next_is_staged() {
    for t in stores().await {
        let b = t.backend;
        let somchai = person(&t, "somchai@example.org").await;
        let malee = person(&t, "malee@example.org").await;
        let old = somchai.stage_upload(sheet(b"old")).await.unwrap();
        let recent = somchai.stage_upload(sheet(b"recent")).await.unwrap();
        age(&t, old.id, LIFETIME + chrono::Duration::minutes(1)).await;
        age(&t, recent.id, LIFETIME - chrono::Duration::minutes(5)).await;
        assert!(matches!(somchai.staged_upload(old.id).await, Err(StoreError::NotFound { .. })), "{b}: expired");
        assert_eq!(somchai.staged_upload(recent.id).await.unwrap().bytes, b"recent", "{b}: not yet");
        // Anyone's next upload clears out what expired.
        malee.stage_upload(sheet(b"new")).await.unwrap();
        assert!(matches!(somchai.discard_upload(old.id).await, Err(StoreError::NotFound { .. })), "{b}: the expired row was deleted");
        somchai.discard_upload(recent.id).await.expect("the recent one was kept");
    }
}
