//! Spreadsheets uploaded for import, kept between the preview and the confirmation.
//!
//! phakhi runs as several stateless processes behind a load balancer, so an upload previewed by one
//! process may be confirmed through another: the file is staged in the database, not on a local
//! disk or in memory (decision 34). Only the person who uploaded a file can read, use or discard
//! it; it is deleted when its import is confirmed, and after [`LIFETIME`] in any case (expired
//! uploads are deleted whenever another is staged). Staging is not a change to any record, so it
//! is not audited; the import it leads to is, row by row.

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

/// The largest file that can be staged: 10 MiB. A formatted workbook of a few thousand rows fits
/// easily; what bounds an import from the browser is its number of rows (the upload page's limit),
/// since every row is checked within one request.
pub const MAX_BYTES: usize = 10 * 1024 * 1024;

/// How long a staged upload is kept when its import is never confirmed.
pub const LIFETIME: Duration = Duration::hours(24);

/// A file to stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUpload {
    /// The kind of sheet it was uploaded as (`organizations`, `activities` …).
    pub kind: String,
    /// The file's name as it was on the uploader's computer (its extension says how to read it).
    pub filename: String,
    pub bytes: Vec<u8>,
}

/// A staged upload.
#[derive(Clone, PartialEq, Eq)]
pub struct StagedUpload {
    pub id: Uuid,
    /// The account that uploaded it, the only one that may use it.
    pub owner_user_id: Uuid,
    pub kind: String,
    pub filename: String,
    pub bytes: Vec<u8>,
    pub created_at: DateTime<Utc>,
}

impl StagedUpload {
    /// When it is deleted if its import is never confirmed.
    pub fn expires_at(&self) -> DateTime<Utc> {
        self.created_at + LIFETIME
    }
}

/// The bytes are left out: a file can be megabytes long.
impl std::fmt::Debug for StagedUpload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StagedUpload")
            .field("id", &self.id)
            .field("owner_user_id", &self.owner_user_id)
            .field("kind", &self.kind)
            .field("filename", &self.filename)
            .field("bytes", &self.bytes.len())
            .field("created_at", &self.created_at)
            .finish()
    }
}
