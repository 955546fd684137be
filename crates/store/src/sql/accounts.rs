//! SQL for accounts, their roles, sessions, API tokens, password resets and sign-in attempts.
//! Secrets (session cookies, API tokens, reset links) are stored only as hashes.

use chrono::{DateTime, Utc};
use phakhi_domain::access::{Grant, Principal, Role, Scope};
use phakhi_domain::{NetworkId, OrganizationId, Vocabulary};
use uuid::Uuid;

use super::{Sql, Tx};
use crate::accounts::{ApiToken, Credentials, NewUser, Session, SessionRecord, User};
use crate::error::Context;
use crate::{StoreError, StoreResult};

const ENTITY: &str = "user";

#[derive(sqlx::FromRow)]
struct UserRow {
    id: Uuid,
    email: String,
    display_name: String,
    password_hash: Option<String>,
    status: String,
    failed_sign_ins: i64,
    locked_until: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
}

const USER_COLUMNS: &str = "id, email, display_name, password_hash, status, failed_sign_ins, locked_until, created_at";

/// Emails compare without case: `Somchai@…` and `somchai@…` are one account.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

async fn grants(tx: &mut impl Tx, user: Uuid) -> StoreResult<Vec<Grant>> {
    let rows: Vec<(String, Option<Uuid>, Option<Uuid>)> = tx
        .fetch_all(Sql::new("SELECT role, network_id, organization_id FROM role_grants WHERE user_id = $1 ORDER BY role").bind(user))
        .await
        .context("reading roles")?;
    rows.into_iter()
        .map(|(role, network, org)| {
            let role = Role::from_code(&role)
                .ok_or_else(|| StoreError::Corrupt { table: "role_grants", detail: format!("unknown role {role}") })?;
            let scope = match (network, org) {
                (Some(n), None) => Scope::Network(NetworkId(n)),
                (None, Some(o)) => Scope::Organization(OrganizationId(o)),
                _ => Scope::Platform,
            };
            Ok(Grant { role, scope })
        })
        .collect()
}

async fn user(tx: &mut impl Tx, row: UserRow) -> StoreResult<(User, UserRow)> {
    let grants = grants(tx, row.id).await?;
    let user = User {
        id: row.id,
        email: row.email.clone(),
        display_name: row.display_name.clone(),
        status: row.status.clone(),
        grants,
        created_at: row.created_at,
    };
    Ok((user, row))
}

pub async fn create(tx: &mut impl Tx, new: NewUser) -> StoreResult<User> {
    let email = normalize_email(&new.email);
    if !email.contains('@') || email.len() > 254 {
        return Err(StoreError::Invalid(phakhi_domain::Violations::single(
            "/email",
            "invalid_email",
            "อีเมลไม่ถูกต้อง",
            "This is not an email address",
        )));
    }
    let id = Uuid::now_v7();
    let now = Utc::now();
    tx.execute(
        Sql::new(
            "INSERT INTO users (id, email, display_name, password_hash, status, failed_sign_ins, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, 'active', 0, $5, $5)",
        )
        .bind(id)
        .bind(email.as_str())
        .bind(new.display_name.as_str())
        .bind(new.password_hash)
        .bind(now),
    )
    .await
    .context("creating an account")?;
    for g in &new.grants {
        add_grant(tx, id, *g).await?;
    }
    get(tx, id).await
}

pub async fn add_grant(tx: &mut impl Tx, user: Uuid, grant: Grant) -> StoreResult<()> {
    if !grant.is_well_formed() {
        return Err(StoreError::Invalid(phakhi_domain::Violations::single(
            "/grants",
            "invalid_grant",
            "บทบาทนี้ต้องกำหนดขอบเขตให้ถูกต้อง: ผู้ดูแลระบบทั้งระบบ ผู้ประสานงานต่อเครือข่าย ผู้บันทึกข้อมูลต่อองค์กร",
            "Admins hold their role over the platform, coordinators over a network, editors over an organisation",
        )));
    }
    let (network, org) = match grant.scope {
        Scope::Platform => (None, None),
        Scope::Network(n) => (Some(n.0), None),
        Scope::Organization(o) => (None, Some(o.0)),
    };
    tx.execute(
        Sql::new("INSERT INTO role_grants (user_id, role, network_id, organization_id) VALUES ($1, $2, $3, $4)")
            .bind(user)
            .bind(grant.role.code())
            .bind(network)
            .bind(org),
    )
    .await
    .context("granting a role")?;
    Ok(())
}

pub async fn get(tx: &mut impl Tx, id: Uuid) -> StoreResult<User> {
    let row: Option<UserRow> = tx
        .fetch_optional(Sql::new(format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1")).bind(id))
        .await
        .context("reading an account")?;
    let row = row.ok_or_else(|| StoreError::not_found(ENTITY, id))?;
    Ok(user(tx, row).await?.0)
}

pub async fn list(tx: &mut impl Tx) -> StoreResult<Vec<User>> {
    let rows: Vec<UserRow> =
        tx.fetch_all(Sql::new(format!("SELECT {USER_COLUMNS} FROM users ORDER BY email"))).await.context("listing accounts")?;
    let mut users = Vec::with_capacity(rows.len());
    for row in rows {
        users.push(user(tx, row).await?.0);
    }
    Ok(users)
}

pub async fn credentials(tx: &mut impl Tx, email: &str) -> StoreResult<Option<Credentials>> {
    let row: Option<UserRow> = tx
        .fetch_optional(Sql::new(format!("SELECT {USER_COLUMNS} FROM users WHERE email = $1")).bind(normalize_email(email)))
        .await
        .context("reading credentials")?;
    let Some(row) = row else { return Ok(None) };
    let (user, row) = user(tx, row).await?;
    Ok(Some(Credentials { user, password_hash: row.password_hash, failed_sign_ins: row.failed_sign_ins, locked_until: row.locked_until }))
}

/// After a sign-in attempt on an account: success clears the failures; a failure counts, and locks
/// the account until `lock_until` when given.
pub async fn note_sign_in(tx: &mut impl Tx, user: Uuid, success: bool, lock_until: Option<DateTime<Utc>>) -> StoreResult<()> {
    let sql = if success {
        Sql::new("UPDATE users SET failed_sign_ins = 0, locked_until = NULL WHERE id = $1").bind(user)
    } else {
        Sql::new("UPDATE users SET failed_sign_ins = failed_sign_ins + 1, locked_until = $2 WHERE id = $1").bind(user).bind(lock_until)
    };
    tx.execute(sql).await.context("recording a sign-in")?;
    Ok(())
}

pub async fn set_password(tx: &mut impl Tx, user: Uuid, hash: &str) -> StoreResult<()> {
    tx.execute(
        Sql::new("UPDATE users SET password_hash = $2, failed_sign_ins = 0, locked_until = NULL, updated_at = $3 WHERE id = $1")
            .bind(user)
            .bind(hash)
            .bind(Utc::now()),
    )
    .await
    .context("setting a password")?;
    // A new password ends every session opened with the old one.
    tx.execute(Sql::new("DELETE FROM sessions WHERE user_id = $1").bind(user)).await.context("ending sessions")?;
    Ok(())
}

pub async fn record_attempt(tx: &mut impl Tx, key: &str) -> StoreResult<()> {
    let now = Utc::now();
    tx.execute(Sql::new("INSERT INTO sign_in_attempts (key, at) VALUES ($1, $2)").bind(key).bind(now))
        .await
        .context("recording an attempt")?;
    // Attempts older than a day no longer matter to any limit.
    tx.execute(Sql::new("DELETE FROM sign_in_attempts WHERE at < $1").bind(now - chrono::Duration::days(1)))
        .await
        .context("forgetting old attempts")?;
    Ok(())
}

pub async fn count_attempts(tx: &mut impl Tx, key: &str, since: DateTime<Utc>) -> StoreResult<u64> {
    let (n,): (i64,) = tx
        .fetch_optional(Sql::new("SELECT COUNT(*) FROM sign_in_attempts WHERE key = $1 AND at >= $2").bind(key).bind(since))
        .await
        .context("counting attempts")?
        .unwrap_or((0,));
    Ok(u64::try_from(n).unwrap_or(0))
}

pub async fn create_session(tx: &mut impl Tx, s: SessionRecord) -> StoreResult<()> {
    tx.execute(
        Sql::new("INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at, ip) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(s.token_hash)
            .bind(s.user_id)
            .bind(s.csrf_token)
            .bind(Utc::now())
            .bind(s.expires_at)
            .bind(s.ip),
    )
    .await
    .context("opening a session")?;
    Ok(())
}

/// The principal an active account acts as.
async fn principal(tx: &mut impl Tx, user_id: Uuid) -> StoreResult<Option<Principal>> {
    let user = get(tx, user_id).await?;
    if user.status != "active" {
        return Ok(None);
    }
    Ok(Some(Principal { user_id: Some(user.id), label: user.email, grants: user.grants }))
}

pub async fn session(tx: &mut impl Tx, token_hash: &str) -> StoreResult<Option<Session>> {
    let row: Option<(Uuid, String, DateTime<Utc>)> = tx
        .fetch_optional(Sql::new("SELECT user_id, csrf_token, expires_at FROM sessions WHERE token_hash = $1").bind(token_hash))
        .await
        .context("reading a session")?;
    let Some((user_id, csrf_token, expires_at)) = row else { return Ok(None) };
    if expires_at <= Utc::now() {
        return Ok(None);
    }
    Ok(principal(tx, user_id).await?.map(|principal| Session { principal, csrf_token, expires_at }))
}

pub async fn end_session(tx: &mut impl Tx, token_hash: &str) -> StoreResult<()> {
    tx.execute(Sql::new("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash)).await.context("ending a session")?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct TokenRow {
    id: Uuid,
    user_id: Uuid,
    name: String,
    created_at: DateTime<Utc>,
    revoked_at: Option<DateTime<Utc>>,
}

impl From<TokenRow> for ApiToken {
    fn from(r: TokenRow) -> Self {
        ApiToken { id: r.id, user_id: r.user_id, name: r.name, created_at: r.created_at, revoked_at: r.revoked_at }
    }
}

pub async fn create_token(tx: &mut impl Tx, user: Uuid, name: &str, token_hash: &str) -> StoreResult<ApiToken> {
    get(tx, user).await?;
    let id = Uuid::now_v7();
    tx.execute(
        Sql::new("INSERT INTO api_tokens (id, user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(id)
            .bind(user)
            .bind(name)
            .bind(token_hash)
            .bind(Utc::now()),
    )
    .await
    .context("creating an API token")?;
    token(tx, id).await
}

pub async fn list_tokens(tx: &mut impl Tx, user: Uuid) -> StoreResult<Vec<ApiToken>> {
    let rows: Vec<TokenRow> = tx
        .fetch_all(
            Sql::new("SELECT id, user_id, name, created_at, revoked_at FROM api_tokens WHERE user_id = $1 ORDER BY created_at").bind(user),
        )
        .await
        .context("listing API tokens")?;
    Ok(rows.into_iter().map(ApiToken::from).collect())
}

pub async fn token_principal(tx: &mut impl Tx, token_hash: &str) -> StoreResult<Option<Principal>> {
    let row: Option<(Uuid,)> = tx
        .fetch_optional(Sql::new("SELECT user_id FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL").bind(token_hash))
        .await
        .context("reading an API token")?;
    match row {
        Some((user,)) => principal(tx, user).await,
        None => Ok(None),
    }
}

/// Revokes a token and returns it as it now is.
pub async fn revoke_token(tx: &mut impl Tx, id: Uuid) -> StoreResult<ApiToken> {
    let n = tx
        .execute(Sql::new("UPDATE api_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL").bind(id).bind(Utc::now()))
        .await
        .context("revoking an API token")?;
    if n == 0 {
        return Err(StoreError::not_found("api_token", id));
    }
    token(tx, id).await
}

async fn token(tx: &mut impl Tx, id: Uuid) -> StoreResult<ApiToken> {
    let row: Option<TokenRow> = tx
        .fetch_optional(Sql::new("SELECT id, user_id, name, created_at, revoked_at FROM api_tokens WHERE id = $1").bind(id))
        .await
        .context("reading an API token")?;
    Ok(row.ok_or_else(|| StoreError::not_found("api_token", id))?.into())
}

pub async fn create_reset(tx: &mut impl Tx, user: Uuid, token_hash: &str, expires_at: DateTime<Utc>) -> StoreResult<()> {
    get(tx, user).await?;
    tx.execute(
        Sql::new("INSERT INTO password_resets (token_hash, user_id, expires_at) VALUES ($1, $2, $3)")
            .bind(token_hash)
            .bind(user)
            .bind(expires_at),
    )
    .await
    .context("creating a password reset")?;
    Ok(())
}

/// Uses a reset link once: sets the password if the link is known, unused and unexpired, and says
/// whose it was.
pub async fn use_reset(tx: &mut impl Tx, token_hash: &str, password_hash: &str) -> StoreResult<Option<Uuid>> {
    let row: Option<(Uuid, DateTime<Utc>, Option<DateTime<Utc>>)> = tx
        .fetch_optional(Sql::new("SELECT user_id, expires_at, used_at FROM password_resets WHERE token_hash = $1").bind(token_hash))
        .await
        .context("reading a password reset")?;
    let Some((user, expires_at, None)) = row else { return Ok(None) };
    if expires_at <= Utc::now() {
        return Ok(None);
    }
    tx.execute(Sql::new("UPDATE password_resets SET used_at = $2 WHERE token_hash = $1").bind(token_hash).bind(Utc::now()))
        .await
        .context("using a password reset")?;
    set_password(tx, user, password_hash).await?;
    Ok(Some(user))
}
