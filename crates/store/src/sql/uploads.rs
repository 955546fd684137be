//! SQL for staged uploads: spreadsheets kept between their preview and the confirmation of their
//! import (see [`crate::uploads`]). Every statement names the owner, so one person's upload is,
//! to anyone else, simply not there.

use chrono::{DateTime, Utc};
use phakhi_domain::Violations;
use uuid::Uuid;

use super::{Sql, Tx};
use crate::error::Context;
use crate::uploads::{LIFETIME, MAX_BYTES, NewUpload, StagedUpload};
use crate::{StoreError, StoreResult};

const ENTITY: &str = "upload";

/// Longest original file name kept, in characters.
const MAX_FILENAME: usize = 255;

#[derive(sqlx::FromRow)]
struct UploadRow {
    id: Uuid,
    owner_user_id: Uuid,
    kind: String,
    filename: String,
    bytes: Vec<u8>,
    created_at: DateTime<Utc>,
}

impl From<UploadRow> for StagedUpload {
    fn from(r: UploadRow) -> Self {
        StagedUpload {
            id: r.id,
            owner_user_id: r.owner_user_id,
            kind: r.kind,
            filename: r.filename,
            bytes: r.bytes,
            created_at: r.created_at,
        }
    }
}

/// What the database refuses to keep: nothing, too much, or a name that is not one.
fn check(upload: &NewUpload) -> Result<(), Violations> {
    let mut v = Violations::new();
    if upload.bytes.is_empty() {
        v.add("/file", "empty_file", "ไฟล์ว่างเปล่า", "The file is empty");
    }
    if upload.bytes.len() > MAX_BYTES {
        let mb = MAX_BYTES / (1024 * 1024);
        v.add("/file", "file_too_large", format!("ไฟล์ใหญ่เกิน {mb} MB"), format!("The file is larger than {mb} MB"));
    }
    let name = upload.filename.trim();
    if name.is_empty() || name.chars().count() > MAX_FILENAME || name.chars().any(char::is_control) {
        v.add("/filename", "invalid_filename", "ชื่อไฟล์ไม่ถูกต้อง", "The file name is not valid");
    }
    if upload.kind.trim().is_empty() {
        v.add("/kind", "required", "ต้องเลือกประเภทข้อมูล", "Choose what the sheet holds");
    }
    v.into_result()
}

/// Stages a file for `owner`, first deleting every upload that has expired (anyone's: nobody can
/// use them any more).
pub async fn stage(tx: &mut impl Tx, owner: Uuid, upload: NewUpload) -> StoreResult<StagedUpload> {
    check(&upload)?;
    let now = Utc::now();
    delete_expired(tx, now).await?;
    let staged = StagedUpload {
        id: Uuid::now_v7(),
        owner_user_id: owner,
        kind: upload.kind,
        filename: upload.filename.trim().to_owned(),
        bytes: upload.bytes,
        created_at: now,
    };
    tx.execute(
        Sql::new("INSERT INTO staged_uploads (id, owner_user_id, kind, filename, bytes, created_at) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(staged.id)
            .bind(owner)
            .bind(staged.kind.as_str())
            .bind(staged.filename.as_str())
            .bind(staged.bytes.clone())
            .bind(now),
    )
    .await
    .context("staging an upload")?;
    Ok(staged)
}

async fn delete_expired(tx: &mut impl Tx, now: DateTime<Utc>) -> StoreResult<u64> {
    tx.execute(Sql::new("DELETE FROM staged_uploads WHERE created_at < $1").bind(now - LIFETIME)).await.context("deleting expired uploads")
}

/// `owner`'s upload, unless it has expired; anyone else's is not found.
pub async fn get(tx: &mut impl Tx, owner: Uuid, id: Uuid) -> StoreResult<StagedUpload> {
    let row: Option<UploadRow> = tx
        .fetch_optional(
            Sql::new(
                "SELECT id, owner_user_id, kind, filename, bytes, created_at FROM staged_uploads \
                 WHERE id = $1 AND owner_user_id = $2 AND created_at >= $3",
            )
            .bind(id)
            .bind(owner)
            .bind(Utc::now() - LIFETIME),
        )
        .await
        .context("reading an upload")?;
    row.map(StagedUpload::from).ok_or_else(|| StoreError::not_found(ENTITY, id))
}

/// Deletes `owner`'s upload; anyone else's is not found.
pub async fn discard(tx: &mut impl Tx, owner: Uuid, id: Uuid) -> StoreResult<()> {
    let deleted = tx
        .execute(Sql::new("DELETE FROM staged_uploads WHERE id = $1 AND owner_user_id = $2").bind(id).bind(owner))
        .await
        .context("discarding an upload")?;
    if deleted == 0 { Err(StoreError::not_found(ENTITY, id)) } else { Ok(()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn upload(bytes: usize, filename: &str) -> NewUpload {
        NewUpload { kind: "organizations".into(), filename: filename.into(), bytes: vec![b'a'; bytes] }
    }

    #[test]
    fn only_a_named_file_with_something_in_it_and_not_too_much_is_kept() {
        assert!(check(&upload(10, "ภาคี.xlsx")).is_ok());
        assert!(check(&upload(MAX_BYTES, "ภาคี.xlsx")).is_ok());
        let codes = |u: &NewUpload| check(u).unwrap_err().into_vec().into_iter().map(|v| v.code).collect::<Vec<_>>();
        assert_eq!(codes(&upload(0, "ภาคี.xlsx")), vec!["empty_file"]);
        assert_eq!(codes(&upload(MAX_BYTES + 1, "ภาคี.xlsx")), vec!["file_too_large"]);
        assert_eq!(codes(&upload(1, " ")), vec!["invalid_filename"]);
        assert_eq!(codes(&upload(1, "a\nb.csv")), vec!["invalid_filename"]);
    }
}
