//! Errors a store reports.
//!
//! Policy: the store speaks in the domain's terms — a record is missing, a write conflicts with
//! existing data, a precondition (version) failed, or the input breaks a rule that only the database can
//! check (an unknown area, organisation or framework item). Anything else is `Backend`: a database
//! failure carrying its context, which the web layer logs and turns into a 500/503 without details.

use phakhi_domain::Violations;

/// Result of a store operation.
pub type StoreResult<T> = Result<T, StoreError>;

/// What can go wrong in a store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The record does not exist.
    #[error("{entity} {id} not found")]
    NotFound { entity: &'static str, id: String },
    /// The write would break the integrity of other records (e.g. deleting an organisation that
    /// signed an agreement) or duplicates a unique key.
    #[error("conflict: {message_en}")]
    Conflict { message_th: String, message_en: String },
    /// The record changed since the client read it (optimistic concurrency).
    #[error("version mismatch: the record is now at version {current}")]
    VersionMismatch { current: i64 },
    /// The input refers to things that do not exist, or breaks a rule checked against stored data.
    #[error("invalid input: {0}")]
    Invalid(Violations),
    /// Nobody is signed in, and the change needs someone who is.
    #[error("sign in to make this change")]
    Unauthenticated,
    /// The person signed in may not make this change (see `phakhi_domain::access`).
    #[error("{who} may not make this change")]
    Forbidden { who: String },
    /// A stored value is not what phakhi writes (corruption or manual edits).
    #[error("corrupt data in {table}: {detail}")]
    Corrupt { table: &'static str, detail: String },
    /// The database cannot be reached (connection lost, pool exhausted); worth retrying later.
    #[error("database unavailable while {context}: {source}")]
    Unavailable {
        context: &'static str,
        #[source]
        source: sqlx::Error,
    },
    /// The database failed; `context` says what phakhi was doing.
    #[error("database error while {context}: {source}")]
    Backend {
        context: &'static str,
        #[source]
        source: sqlx::Error,
    },
}

impl StoreError {
    pub fn not_found(entity: &'static str, id: impl ToString) -> Self {
        Self::NotFound { entity, id: id.to_string() }
    }

    pub fn conflict(message_th: impl Into<String>, message_en: impl Into<String>) -> Self {
        Self::Conflict { message_th: message_th.into(), message_en: message_en.into() }
    }
}

impl From<Violations> for StoreError {
    fn from(v: Violations) -> Self {
        Self::Invalid(v)
    }
}

/// Adds what phakhi was doing to a database error, turning integrity violations into conflicts.
pub(crate) trait Context<T> {
    fn context(self, context: &'static str) -> StoreResult<T>;
}

impl<T> Context<T> for Result<T, sqlx::Error> {
    fn context(self, context: &'static str) -> StoreResult<T> {
        self.map_err(|source| match &source {
            sqlx::Error::Database(db) if db.is_foreign_key_violation() => StoreError::conflict(
                "ไม่สามารถดำเนินการได้ เพราะมีข้อมูลอื่นอ้างอิงถึงรายการนี้อยู่",
                format!("Not possible while other records refer to this one ({context})"),
            ),
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                StoreError::conflict("มีรายการที่ใช้รหัสหรือข้อมูลนี้อยู่แล้ว", format!("A record with this key already exists ({context})"))
            }
            sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => StoreError::Unavailable { context, source },
            _ => StoreError::Backend { context, source },
        })
    }
}
