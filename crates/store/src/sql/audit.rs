//! SQL for the audit log: one row per create, update or delete, written in the change's own
//! transaction (so a change and its record stand or fall together), never updated or deleted.

use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use super::bulk::Rows;
use super::{Select, Tx};
use phakhi_domain::access::{AuditReach, Owners};

use crate::accounts::{Actor, AuditEntry, AuditFilter};
use crate::error::Context;
use crate::{Listing, Page, StoreResult};

/// What happened to which record, with the record before and after.
#[derive(Debug)]
pub struct Change {
    pub action: &'static str,
    pub entity: &'static str,
    pub id: Uuid,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

pub fn json(record: &impl Serialize) -> Option<serde_json::Value> {
    serde_json::to_value(record).ok()
}

impl Change {
    pub fn created(entity: &'static str, id: Uuid, after: &impl Serialize) -> Self {
        Change { action: "create", entity, id, before: None, after: json(after) }
    }

    pub fn updated(entity: &'static str, id: Uuid, before: &impl Serialize, after: &impl Serialize) -> Self {
        Change { action: "update", entity, id, before: json(before), after: json(after) }
    }

    pub fn deleted(entity: &'static str, id: Uuid, before: &impl Serialize) -> Self {
        Change { action: "delete", entity, id, before: json(before), after: None }
    }
}

/// Writes the entry and whose records it is about (`audit_scope`), so that a network's coordinators
/// can later read the changes to their network's records, even after a record is deleted.
pub async fn record(tx: &mut impl Tx, actor: &Actor, owners: &Owners, change: Change) -> StoreResult<()> {
    record_many(tx, actor, [(owners.clone(), change)]).await
}

/// Writes several entries as [`record`] writes one, in as few statements as the database allows: a
/// participation sheet of a million rows changes a hundred thousand activities, and a statement per
/// entry would be most of its import time on PostgreSQL.
pub async fn record_many(tx: &mut impl Tx, actor: &Actor, changes: impl IntoIterator<Item = (Owners, Change)>) -> StoreResult<()> {
    let at = Utc::now();
    let mut log =
        Rows::new("audit_log", &["id", "at", "actor_user_id", "actor", "ip", "action", "entity", "entity_id", "before_json", "after_json"]);
    let mut by_network = Rows::new("audit_scope", &["audit_id", "network_id"]);
    let mut by_organization = Rows::new("audit_scope", &["audit_id", "organization_id"]);
    for (owners, change) in changes {
        let entry = Uuid::now_v7();
        let (networks, organizations) = scope_of(&owners, &change);
        log.push([
            entry.into(),
            at.into(),
            actor.principal.user_id.into(),
            actor.principal.label.as_str().into(),
            actor.ip.clone().into(),
            change.action.into(),
            change.entity.into(),
            change.id.into(),
            change.before.into(),
            change.after.into(),
        ]);
        for network in networks {
            by_network.push([entry.into(), network.into()]);
        }
        for organization in organizations {
            by_organization.push([entry.into(), organization.into()]);
        }
    }
    log.write(tx).await?;
    by_network.write(tx).await?;
    by_organization.write(tx).await?;
    Ok(())
}

/// The networks and organisations an entry concerns: the record's owners, and the record itself when
/// it is a network or an organisation (a new one has no owners yet).
fn scope_of(owners: &Owners, change: &Change) -> (Vec<Uuid>, Vec<Uuid>) {
    let mut networks: Vec<Uuid> = owners.networks.iter().map(|n| n.0).collect();
    let mut organizations: Vec<Uuid> = owners.organizations.iter().map(|o| o.0).collect();
    match change.entity {
        "network" => networks.push(change.id),
        "organization" => organizations.push(change.id),
        _ => {}
    }
    for ids in [&mut networks, &mut organizations] {
        ids.sort();
        ids.dedup();
    }
    (networks, organizations)
}

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    at: DateTime<Utc>,
    actor_user_id: Option<Uuid>,
    actor: String,
    ip: Option<String>,
    action: String,
    entity: String,
    entity_id: Uuid,
    before_json: Option<sqlx::types::Json<serde_json::Value>>,
    after_json: Option<sqlx::types::Json<serde_json::Value>>,
}

const COLUMNS: &str = "a.id, a.at, a.actor_user_id, a.actor, a.ip, a.action, a.entity, a.entity_id, a.before_json, a.after_json";

/// Newest first, only the part of the log `reach` covers.
pub async fn list(tx: &mut impl Tx, reach: &AuditReach, f: &AuditFilter, page: &Page) -> StoreResult<Listing<AuditEntry>> {
    let mut q = Select::new(COLUMNS, "audit_log a");
    q.eq("a.entity", f.entity.as_deref());
    q.eq("a.entity_id", f.entity_id);
    q.eq("a.actor_user_id", f.actor_user_id);
    if let Some(network) = f.network_id {
        let p = q.arg(network);
        q.and(format!("EXISTS (SELECT 1 FROM audit_scope s WHERE s.audit_id = a.id AND s.network_id = {p})"));
    }
    if let Some(organization) = f.organization_id {
        let p = q.arg(organization);
        q.and(format!("EXISTS (SELECT 1 FROM audit_scope s WHERE s.audit_id = a.id AND s.organization_id = {p})"));
    }
    if let AuditReach::Networks(networks) = reach {
        let placeholders: Vec<String> = networks.iter().map(|n| q.arg(n.0)).collect();
        q.and(format!("EXISTS (SELECT 1 FROM audit_scope s WHERE s.audit_id = a.id AND s.network_id IN ({}))", placeholders.join(", ")));
    }
    let (count,): (i64,) = tx.fetch_optional(q.count()).await.context("counting audit entries")?.unwrap_or((0,));
    let rows: Vec<Row> = tx.fetch_all(q.page(page, &[("at", "a.at")], "a.at DESC", "a.id")?).await.context("reading the audit log")?;
    let items = rows
        .into_iter()
        .map(|r| AuditEntry {
            id: r.id,
            at: r.at,
            actor_user_id: r.actor_user_id,
            actor: r.actor,
            ip: r.ip,
            action: r.action,
            entity: r.entity,
            entity_id: r.entity_id,
            before: r.before_json.map(|j| j.0),
            after: r.after_json.map(|j| j.0),
        })
        .collect();
    Ok(Listing { items, total: u64::try_from(count).unwrap_or(0) })
}
