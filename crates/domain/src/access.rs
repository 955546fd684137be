//! Who may change what. A partner network spans dozens of organisations that each keep their own
//! records and must not edit anyone else's; this module is the one place that decides.
//!
//! * A **platform admin** may change anything.
//! * A **network coordinator** manages one network: the network itself, its agreements and their
//!   commitments, and the records of its member organisations (their programmes and activities).
//! * An **organisation editor** keeps one organisation's records: the organisation, the programmes
//!   and activities it leads, and the progress of the commitments it made.
//! * A **viewer** of a network or organisation may see its non-public figures; a viewer changes nothing.
//! * Anyone else reads what is public and changes nothing.
//!
//! A record is "owned" by the organisations and networks it belongs to ([`Owners`]); a change is
//! allowed when the person holds a writing role over one of them — for an update, over the record as
//! it is *and* as it would become, so nobody can move a record out of someone else's hands.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{NetworkId, OrganizationId};

crate::vocabulary! {
    /// A role a person holds, over the platform, a network or an organisation.
    Role as "role" {
        Admin = "admin", "ผู้ดูแลระบบ", "Platform admin";
        Coordinator = "coordinator", "ผู้ประสานงานเครือข่าย", "Network coordinator";
        Editor = "editor", "ผู้บันทึกข้อมูลขององค์กร", "Organisation editor";
        Viewer = "viewer", "ผู้ดูข้อมูล", "Viewer";
    }
}

/// Where a role applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "id")]
pub enum Scope {
    Platform,
    Network(NetworkId),
    Organization(OrganizationId),
}

/// A role held over a scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Grant {
    pub role: Role,
    pub scope: Scope,
}

impl Grant {
    /// Whether the role and scope go together (admins over the platform, coordinators over a
    /// network, editors over an organisation, viewers over either).
    pub fn is_well_formed(&self) -> bool {
        matches!(
            (self.role, self.scope),
            (Role::Admin, Scope::Platform)
                | (Role::Coordinator, Scope::Network(_))
                | (Role::Editor, Scope::Organization(_))
                | (Role::Viewer, Scope::Network(_) | Scope::Organization(_))
        )
    }
}

/// Who is asking: a signed-in person (or an API token acting for one), or the anonymous public.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Principal {
    pub user_id: Option<Uuid>,
    /// An email for people, `cli` / `system` for the platform itself; recorded in the audit log.
    pub label: String,
    pub grants: Vec<Grant>,
}

impl Principal {
    pub fn anonymous() -> Self {
        Principal { user_id: None, label: "anonymous".into(), grants: Vec::new() }
    }

    /// The platform acting on its own behalf (the CLI, imports, the demonstration loader).
    pub fn system(label: &str) -> Self {
        Principal { user_id: None, label: label.into(), grants: vec![Grant { role: Role::Admin, scope: Scope::Platform }] }
    }

    pub fn is_anonymous(&self) -> bool {
        self.user_id.is_none() && self.grants.is_empty()
    }

    pub fn is_admin(&self) -> bool {
        self.grants.iter().any(|g| g.role == Role::Admin)
    }

    /// Whether this person may see non-public figures (raw participation, personal records) of a
    /// record with these owners.
    pub fn may_see_private(&self, owners: &Owners) -> bool {
        self.is_admin()
            || self.grants.iter().any(|g| match g.scope {
                Scope::Platform => false,
                Scope::Network(n) => owners.networks.contains(&n),
                Scope::Organization(o) => owners.organizations.contains(&o),
            })
    }

    /// Whether this person may write a record with these owners.
    pub fn may_write(&self, owners: &Owners) -> bool {
        self.grants.iter().any(|g| match (g.role, g.scope) {
            (Role::Admin, _) => true,
            (Role::Coordinator, Scope::Network(n)) => owners.networks.contains(&n),
            (Role::Editor, Scope::Organization(o)) => owners.organizations.contains(&o) && !owners.network_only,
            _ => false,
        })
    }
}

/// The organisations and networks a record belongs to. The store works these out from the record
/// (and, for organisations, from the networks they are members of).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Owners {
    pub organizations: Vec<OrganizationId>,
    pub networks: Vec<NetworkId>,
    /// Records only a network's coordinators (or an admin) may change, whatever organisations they
    /// mention: the network itself, its agreements.
    pub network_only: bool,
    /// Records only an admin may change: reference data, frameworks, target groups, new networks.
    pub admin_only: bool,
}

impl Owners {
    pub fn admin_only() -> Self {
        Owners { admin_only: true, ..Default::default() }
    }

    /// Adds another set of owners (an updated record's owners before and after the change).
    pub fn merge(&mut self, other: Owners) {
        for o in other.organizations {
            if !self.organizations.contains(&o) {
                self.organizations.push(o);
            }
        }
        for n in other.networks {
            if !self.networks.contains(&n) {
                self.networks.push(n);
            }
        }
        self.network_only |= other.network_only;
        self.admin_only |= other.admin_only;
    }
}

/// The part of the audit log a person may read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditReach {
    /// Admins: all of it.
    Everything,
    /// Network coordinators: changes to records their networks own, which includes the records of
    /// the networks' member organisations.
    Networks(Vec<NetworkId>),
}

impl Principal {
    /// Which part of the audit log this person may read; `None` for nobody's business (the public,
    /// editors and viewers: the log holds records before and after, non-public figures included).
    pub fn audit_reach(&self) -> Option<AuditReach> {
        if self.is_admin() {
            return Some(AuditReach::Everything);
        }
        let networks: Vec<NetworkId> = self
            .grants
            .iter()
            .filter_map(|g| match (g.role, g.scope) {
                (Role::Coordinator, Scope::Network(n)) => Some(n),
                _ => None,
            })
            .collect();
        if networks.is_empty() { None } else { Some(AuditReach::Networks(networks)) }
    }
}

/// The outcome of asking to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allow,
    /// Nobody is signed in: sign in first (401).
    SignInFirst,
    /// Signed in, but not allowed (403).
    Forbidden,
}

/// Decides a write over a record with `owners` (for an update, call once for the record as it is
/// and once for what it would become).
pub fn decide(principal: &Principal, owners: &Owners) -> Decision {
    if principal.is_anonymous() {
        return Decision::SignInFirst;
    }
    let allowed = if owners.admin_only { principal.is_admin() } else { principal.may_write(owners) };
    if allowed { Decision::Allow } else { Decision::Forbidden }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org(n: u128) -> OrganizationId {
        OrganizationId(Uuid::from_u128(n))
    }

    fn net(n: u128) -> NetworkId {
        NetworkId(Uuid::from_u128(n))
    }

    fn person(grants: &[(Role, Scope)]) -> Principal {
        Principal {
            user_id: Some(Uuid::from_u128(99)),
            label: "someone@example.org".into(),
            grants: grants.iter().map(|(role, scope)| Grant { role: *role, scope: *scope }).collect(),
        }
    }

    fn owned_by(orgs: &[u128], nets: &[u128]) -> Owners {
        Owners {
            organizations: orgs.iter().map(|n| org(*n)).collect(),
            networks: nets.iter().map(|n| net(*n)).collect(),
            ..Default::default()
        }
    }

    #[test]
    fn only_admins_and_coordinators_read_the_audit_log_and_coordinators_only_their_networks() {
        assert_eq!(Principal::system("cli").audit_reach(), Some(AuditReach::Everything));
        let coordinator = person(&[(Role::Coordinator, Scope::Network(net(7))), (Role::Viewer, Scope::Network(net(8)))]);
        assert_eq!(coordinator.audit_reach(), Some(AuditReach::Networks(vec![net(7)])));
        assert_eq!(person(&[(Role::Editor, Scope::Organization(org(1)))]).audit_reach(), None);
        assert_eq!(person(&[(Role::Viewer, Scope::Network(net(7)))]).audit_reach(), None);
        assert_eq!(Principal::anonymous().audit_reach(), None);
    }

    #[test]
    fn merged_owners_keep_each_owner_once_and_the_stricter_rule() {
        let mut owners = owned_by(&[1], &[7]);
        owners.merge(Owners { network_only: true, ..owned_by(&[1, 2], &[7, 8]) });
        assert_eq!(owners.organizations, vec![org(1), org(2)]);
        assert_eq!(owners.networks, vec![net(7), net(8)]);
        assert!(owners.network_only && !owners.admin_only);
    }

    #[test]
    fn the_public_must_sign_in_and_signed_in_strangers_are_forbidden() {
        assert_eq!(decide(&Principal::anonymous(), &owned_by(&[1], &[])), Decision::SignInFirst);
        assert_eq!(decide(&person(&[]), &owned_by(&[1], &[])), Decision::Forbidden);
    }

    #[test]
    fn an_editor_keeps_only_their_own_organisations_records() {
        let editor = person(&[(Role::Editor, Scope::Organization(org(1)))]);
        assert_eq!(decide(&editor, &owned_by(&[1], &[7])), Decision::Allow);
        assert_eq!(decide(&editor, &owned_by(&[2], &[7])), Decision::Forbidden);
        let network_record = Owners { network_only: true, ..owned_by(&[1], &[7]) };
        assert_eq!(decide(&editor, &network_record), Decision::Forbidden, "an editor does not manage the network's agreements");
    }

    #[test]
    fn a_coordinator_manages_the_network_and_its_members_records() {
        let coordinator = person(&[(Role::Coordinator, Scope::Network(net(7)))]);
        assert_eq!(decide(&coordinator, &owned_by(&[2], &[7])), Decision::Allow);
        assert_eq!(decide(&coordinator, &Owners { network_only: true, ..owned_by(&[], &[7]) }), Decision::Allow);
        assert_eq!(decide(&coordinator, &owned_by(&[2], &[8])), Decision::Forbidden);
        assert_eq!(decide(&coordinator, &Owners::admin_only()), Decision::Forbidden);
    }

    #[test]
    fn viewers_see_but_never_write_and_admins_do_everything() {
        let viewer = person(&[(Role::Viewer, Scope::Organization(org(1)))]);
        assert_eq!(decide(&viewer, &owned_by(&[1], &[])), Decision::Forbidden);
        assert!(viewer.may_see_private(&owned_by(&[1], &[])));
        assert!(!viewer.may_see_private(&owned_by(&[2], &[])));
        let admin = person(&[(Role::Admin, Scope::Platform)]);
        assert_eq!(decide(&admin, &Owners::admin_only()), Decision::Allow);
        assert!(admin.may_see_private(&owned_by(&[5], &[])));
    }

    #[test]
    fn only_matching_roles_and_scopes_are_grants() {
        assert!(Grant { role: Role::Editor, scope: Scope::Organization(org(1)) }.is_well_formed());
        assert!(!Grant { role: Role::Editor, scope: Scope::Network(net(1)) }.is_well_formed());
        assert!(!Grant { role: Role::Admin, scope: Scope::Organization(org(1)) }.is_well_formed());
    }
}
