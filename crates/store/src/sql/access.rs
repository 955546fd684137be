//! Who owns a record, worked out inside the write's own transaction, and the decision of
//! [`phakhi_domain::access`] turned into a store error. Every write of `SqlStore` passes here, so the
//! API, the forms, imports and any future interface obey the same rules.

use phakhi_domain::access::{self, Decision, Owners, Principal, Role};
use phakhi_domain::activity::ActivityInput;
use phakhi_domain::agreement::AgreementInput;
use phakhi_domain::alignment::SubjectKind;
use phakhi_domain::commitment::CommitmentInput;
use phakhi_domain::programme::ProgrammeInput;
use phakhi_domain::{AgreementId, IndicatorId, NetworkId, OrganizationId, PlanId, ProgrammeId};
use uuid::Uuid;

use super::{Sql, Tx};
use crate::error::Context;
use crate::{StoreError, StoreResult};

/// Allows the write or says why not.
pub fn allow(principal: &Principal, owners: &Owners) -> StoreResult<()> {
    // A new organisation has no owners yet: any network coordinator may register one.
    if owners.organizations.is_empty() && owners.networks.is_empty() && !owners.admin_only && !owners.network_only {
        let coordinator = principal.grants.iter().any(|g| g.role == Role::Coordinator);
        if coordinator || principal.is_admin() {
            return Ok(());
        }
    }
    match access::decide(principal, owners) {
        Decision::Allow => Ok(()),
        Decision::SignInFirst => Err(StoreError::Unauthenticated),
        Decision::Forbidden => Err(StoreError::Forbidden { who: principal.label.clone() }),
    }
}

/// Personal data of participants: only the organising organisation's editors, and admins.
pub fn allow_personal(principal: &Principal, owners: &Owners) -> StoreResult<()> {
    if principal.is_anonymous() {
        return Err(StoreError::Unauthenticated);
    }
    let editor = principal.grants.iter().any(|g| {
        g.role == Role::Editor && matches!(g.scope, phakhi_domain::access::Scope::Organization(o) if owners.organizations.contains(&o))
    });
    if principal.is_admin() || editor { Ok(()) } else { Err(StoreError::Forbidden { who: principal.label.clone() }) }
}

/// The networks these organisations are members of: their coordinators manage the members' records.
async fn member_networks(tx: &mut impl Tx, organizations: &[OrganizationId]) -> StoreResult<Vec<NetworkId>> {
    let mut networks = Vec::new();
    for org in organizations {
        let rows: Vec<(Uuid,)> = tx
            .fetch_all(Sql::new("SELECT DISTINCT network_id FROM network_members WHERE organization_id = $1").bind(org.0))
            .await
            .context("finding an organisation's networks")?;
        networks.extend(rows.into_iter().map(|(n,)| NetworkId(n)));
    }
    networks.sort_by_key(|n| n.0);
    networks.dedup();
    Ok(networks)
}

/// Records of these organisations, managed also by the coordinators of their networks.
async fn of_organizations(tx: &mut impl Tx, organizations: Vec<OrganizationId>) -> StoreResult<Owners> {
    let networks = member_networks(tx, &organizations).await?;
    Ok(Owners { organizations, networks, ..Default::default() })
}

/// An organisation's own record; `None` for one being registered.
pub async fn organization(tx: &mut impl Tx, id: Option<OrganizationId>) -> StoreResult<Owners> {
    match id {
        Some(id) => of_organizations(tx, vec![id]).await,
        None => Ok(Owners::default()),
    }
}

/// A network: only its coordinators (and admins) change it; only admins create one.
pub fn network(id: Option<NetworkId>) -> Owners {
    match id {
        Some(id) => Owners { networks: vec![id], network_only: true, ..Default::default() },
        None => Owners::admin_only(),
    }
}

/// An agreement belongs to its network; one outside any network is an admin's to record.
pub fn agreement(input: &AgreementInput) -> Owners {
    match input.network_id {
        Some(n) => Owners { networks: vec![n], network_only: true, ..Default::default() },
        None => Owners::admin_only(),
    }
}

async fn agreement_network(tx: &mut impl Tx, id: AgreementId) -> StoreResult<Option<NetworkId>> {
    let row: Option<(Option<Uuid>,)> = tx
        .fetch_optional(Sql::new("SELECT network_id FROM agreements WHERE id = $1").bind(id.0))
        .await
        .context("finding an agreement's network")?;
    Ok(row.and_then(|(n,)| n).map(NetworkId))
}

/// A commitment belongs to the organisation that made it and to its agreement's network.
pub async fn commitment(tx: &mut impl Tx, input: &CommitmentInput) -> StoreResult<Owners> {
    let mut owners = of_organizations(tx, vec![input.organization_id]).await?;
    owners.networks.extend(agreement_network(tx, input.agreement_id).await?);
    Ok(owners)
}

/// A programme belongs to its lead organisation.
pub async fn programme(tx: &mut impl Tx, input: &ProgrammeInput) -> StoreResult<Owners> {
    of_organizations(tx, vec![input.lead_organization_id]).await
}

async fn programme_lead(tx: &mut impl Tx, id: ProgrammeId) -> StoreResult<Option<OrganizationId>> {
    let row: Option<(Uuid,)> = tx
        .fetch_optional(Sql::new("SELECT lead_organization_id FROM programmes WHERE id = $1").bind(id.0))
        .await
        .context("finding a programme's lead")?;
    Ok(row.map(|(o,)| OrganizationId(o)))
}

/// An activity belongs to its lead organisation, else to its programme's.
pub async fn activity(tx: &mut impl Tx, input: &ActivityInput) -> StoreResult<Owners> {
    activity_led(tx, input.lead_organization_id, input.programme_id).await
}

/// The owners of an activity with this lead organisation and programme.
pub async fn activity_led(tx: &mut impl Tx, lead: Option<OrganizationId>, programme: Option<ProgrammeId>) -> StoreResult<Owners> {
    let lead = match (lead, programme) {
        (Some(lead), _) => Some(lead),
        (None, Some(p)) => programme_lead(tx, p).await?,
        (None, None) => None,
    };
    match lead {
        Some(lead) => of_organizations(tx, vec![lead]).await,
        None => Ok(Owners::admin_only()),
    }
}

/// An alignment belongs to whoever owns its subject.
pub async fn subject(tx: &mut impl Tx, kind: SubjectKind, id: Uuid) -> StoreResult<Owners> {
    match kind {
        SubjectKind::Agreement => Ok(agreement_network(tx, AgreementId(id)).await?.map_or_else(Owners::admin_only, |n| network(Some(n)))),
        SubjectKind::Commitment => {
            let row: Option<(Uuid, Uuid)> = tx
                .fetch_optional(Sql::new("SELECT organization_id, agreement_id FROM commitments WHERE id = $1").bind(id))
                .await
                .context("finding a commitment's owners")?;
            let Some((org, agreement)) = row else { return Ok(Owners::admin_only()) };
            let mut owners = of_organizations(tx, vec![OrganizationId(org)]).await?;
            owners.networks.extend(agreement_network(tx, AgreementId(agreement)).await?);
            Ok(owners)
        }
        SubjectKind::Programme => match programme_lead(tx, ProgrammeId(id)).await? {
            Some(lead) => of_organizations(tx, vec![lead]).await,
            None => Ok(Owners::admin_only()),
        },
        SubjectKind::Activity => {
            let row: Option<(Option<Uuid>, Option<Uuid>)> = tx
                .fetch_optional(Sql::new("SELECT lead_organization_id, programme_id FROM activities WHERE id = $1").bind(id))
                .await
                .context("finding an activity's owners")?;
            let lead = match row {
                Some((Some(lead), _)) => Some(OrganizationId(lead)),
                Some((None, Some(p))) => programme_lead(tx, ProgrammeId(p)).await?,
                _ => None,
            };
            match lead {
                Some(lead) => of_organizations(tx, vec![lead]).await,
                None => Ok(Owners::admin_only()),
            }
        }
    }
}

/// A plan is kept by its network — only the network's coordinators (and admins) manage it — or,
/// when no network keeps it, by its organisation (its editors, and its networks' coordinators).
pub async fn plan(tx: &mut impl Tx, network: Option<NetworkId>, organization: Option<OrganizationId>) -> StoreResult<Owners> {
    match (network, organization) {
        (Some(n), o) => Ok(Owners { networks: vec![n], organizations: o.into_iter().collect(), network_only: true, ..Default::default() }),
        (None, Some(o)) => of_organizations(tx, vec![o]).await,
        (None, None) => Ok(Owners::admin_only()),
    }
}

/// The owners of a stored plan; a missing plan is not found.
pub async fn plan_by_id(tx: &mut impl Tx, id: PlanId) -> StoreResult<Owners> {
    let row: Option<(Option<Uuid>, Option<Uuid>)> = tx
        .fetch_optional(Sql::new("SELECT network_id, organization_id FROM plans WHERE id = $1").bind(id.0))
        .await
        .context("finding a plan's owners")?;
    let (network, organization) = row.ok_or_else(|| StoreError::not_found("plan", id))?;
    plan(tx, network.map(NetworkId), organization.map(OrganizationId)).await
}

/// Who may enter an indicator's values: whoever manages its plan, and the editors of the
/// organisations responsible for it.
pub async fn indicator_entry(tx: &mut impl Tx, indicator: IndicatorId) -> StoreResult<Owners> {
    let row: Option<(Uuid,)> = tx
        .fetch_optional(Sql::new("SELECT plan_id FROM indicators WHERE id = $1").bind(indicator.0))
        .await
        .context("finding an indicator's plan")?;
    let (plan,) = row.ok_or_else(|| StoreError::not_found("indicator", indicator))?;
    let mut owners = plan_by_id(tx, PlanId(plan)).await?;
    owners.network_only = false;
    let responsible: Vec<(Uuid,)> = tx
        .fetch_all(Sql::new("SELECT organization_id FROM indicator_organizations WHERE indicator_id = $1").bind(indicator.0))
        .await
        .context("finding an indicator's organisations")?;
    owners.merge(Owners { organizations: responsible.into_iter().map(|(o,)| OrganizationId(o)).collect(), ..Default::default() });
    Ok(owners)
}

/// Who may approve or return an indicator's values: the coordinators of the plan's network (or of
/// its organisation's networks) and admins — never the editors who entered them.
pub async fn indicator_review(tx: &mut impl Tx, indicator: IndicatorId) -> StoreResult<Owners> {
    let mut owners = indicator_entry(tx, indicator).await?;
    owners.network_only = true;
    if owners.networks.is_empty() {
        // Without any network, only an admin reviews: network_only with no network allows nobody else.
        owners.admin_only = true;
    }
    Ok(owners)
}
