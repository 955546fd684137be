//! Accounts, sessions, API tokens and the audit log: who is acting, and what they did.

use chrono::{DateTime, Utc};
use phakhi_domain::access::{Grant, Principal};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Who is making a change and from where, as the audit log records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub principal: Principal,
    /// The client's address, when the change came over HTTP.
    pub ip: Option<String>,
}

impl Actor {
    /// The platform itself (CLI, demonstration loader, imports): may do anything, and says so in
    /// the audit log.
    pub fn system(label: &str) -> Self {
        Actor { principal: Principal::system(label), ip: None }
    }
}

/// A person's account (never its password hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct User {
    pub id: Uuid,
    pub email: String,
    pub display_name: String,
    /// `active` or `disabled`.
    pub status: String,
    #[schema(value_type = Vec<Object>)]
    pub grants: Vec<Grant>,
    pub created_at: DateTime<Utc>,
}

/// An account to create.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub email: String,
    pub display_name: String,
    /// Argon2id PHC string; `None` until a reset link sets one.
    pub password_hash: Option<String>,
    pub grants: Vec<Grant>,
}

/// What signing in needs to know about an account.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub user: User,
    pub password_hash: Option<String>,
    pub failed_sign_ins: i64,
    pub locked_until: Option<DateTime<Utc>>,
}

/// A signed-in session as stored (the secret itself is only in the visitor's cookie).
#[derive(Debug, Clone)]
pub struct SessionRecord {
    pub token_hash: String,
    pub user_id: Uuid,
    pub csrf_token: String,
    pub expires_at: DateTime<Utc>,
    pub ip: Option<String>,
}

/// A live session: who it is, and the token its forms must carry.
#[derive(Debug, Clone)]
pub struct Session {
    pub principal: Principal,
    pub csrf_token: String,
    pub expires_at: DateTime<Utc>,
}

/// An API token (never its secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiToken {
    pub id: Uuid,
    pub user_id: Uuid,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// One entry of the append-only audit log.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct AuditEntry {
    pub id: Uuid,
    pub at: DateTime<Utc>,
    pub actor_user_id: Option<Uuid>,
    /// The account's email, or `cli` / `system` / `demo`.
    pub actor: String,
    pub ip: Option<String>,
    /// `create`, `update` or `delete`.
    pub action: String,
    /// `organization`, `programme`, …
    pub entity: String,
    pub entity_id: Uuid,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// Filters for the audit log.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditFilter {
    pub entity: Option<String>,
    pub entity_id: Option<Uuid>,
    /// Changes made by this account.
    pub actor_user_id: Option<Uuid>,
    /// Changes to the records of this network (itself, its agreements, its members' records).
    pub network_id: Option<Uuid>,
    /// Changes to the records of this organisation.
    pub organization_id: Option<Uuid>,
}
