//! `SqlStore`: the [`Store`] trait implemented once over any [`Backend`]. Each method opens one
//! transaction — a write transaction commits only when the whole operation succeeded, so a request
//! is never half-written.

use async_trait::async_trait;
use phakhi_domain::activity::{Activity, ActivityInput};
use phakhi_domain::agreement::{Agreement, AgreementInput};
use phakhi_domain::alignment::{Alignment, AlignmentInput};
use phakhi_domain::area::Area;
use phakhi_domain::commitment::{Commitment, CommitmentInput};
use phakhi_domain::framework::{Framework, FrameworkInput, FrameworkItem, FrameworkItemInput};
use phakhi_domain::network::{Network, NetworkInput};
use phakhi_domain::organization::{Organization, OrganizationInput};
use phakhi_domain::programme::{Programme, ProgrammeInput};
use phakhi_domain::target_group::TargetGroup;
use phakhi_domain::*;

use std::sync::Arc;

use chrono::{DateTime, Utc};
use phakhi_domain::access::{Grant, Owners, Principal, Scope};
use phakhi_domain::alignment::SubjectKind;
use phakhi_domain::indicator::{Indicator, IndicatorInput, IndicatorValue, IndicatorValueInput, Transition, ValueStatus};
use phakhi_domain::participant::{Participant, ParticipantInput};
use phakhi_domain::plan::{Plan, PlanCopyInput, PlanInput, PlanItem, PlanItemInput};
use uuid::Uuid;

use super::audit::{Change, json};
use super::{Backend, Dialect, Sql, Tx, access, accounts, audit, gaps, overview, participants, reference, search, target_groups};
use super::{activities, agreements, alignments, areas, commitments, dump, frameworks, networks, organizations, programmes};
use super::{indicator_values, plan_indicators, plan_items, plan_progress, plans, sheet, uploads};
use crate::accounts::{Actor, ApiToken, AuditEntry, AuditFilter, Credentials, NewUser, Session, SessionRecord, User};
use crate::error::Context;
use crate::listing::*;
use crate::uploads::{NewUpload, StagedUpload};
use crate::{Dump, Overview, PlanProgress, Precondition, ReferenceSet, SearchRequest, SearchResults, Store, StoreError, StoreResult};

/// A [`Store`] over a SQL backend, acting for someone: every write is checked against their roles
/// and recorded in the audit log under their name. [`SqlStore::new`] acts as the platform itself
/// (the CLI, imports); the web layer makes a store per request with [`Store::acting_as`].
#[derive(Debug)]
pub struct SqlStore<B: Backend> {
    backend: Arc<B>,
    actor: Actor,
}

impl<B: Backend> SqlStore<B> {
    pub fn new(backend: B) -> Self {
        Self { backend: Arc::new(backend), actor: Actor::system("system") }
    }

    /// Refuses anyone who is not signed in (before even looking the record up).
    fn signed_in(&self) -> StoreResult<()> {
        if self.actor.principal.is_anonymous() { Err(StoreError::Unauthenticated) } else { Ok(()) }
    }

    fn allow(&self, owners: &Owners) -> StoreResult<()> {
        access::allow(&self.actor.principal, owners)
    }

    /// Reading what is not yet public: whoever may see the owners' non-public figures.
    fn may_see(&self, owners: &Owners) -> StoreResult<()> {
        let principal = &self.actor.principal;
        if principal.may_see_private(owners) {
            Ok(())
        } else if principal.is_anonymous() {
            Err(StoreError::Unauthenticated)
        } else {
            Err(StoreError::Forbidden { who: principal.label.clone() })
        }
    }

    /// The account acting, for what belongs to a person (staged uploads): the platform itself and
    /// the public have none.
    fn account(&self) -> StoreResult<Uuid> {
        self.signed_in()?;
        self.actor.principal.user_id.ok_or_else(|| StoreError::Forbidden { who: self.actor.principal.label.clone() })
    }

    fn admin_only(&self) -> StoreResult<()> {
        self.allow(&Owners::admin_only())
    }

    /// Participants' personal data is for the organising organisation's editors and admins only.
    async fn personal(&self, tx: &mut B::Tx, activity: ActivityId) -> StoreResult<Owners> {
        let owners = access::subject(tx, SubjectKind::Activity, activity.0).await?;
        access::allow_personal(&self.actor.principal, &owners)?;
        Ok(owners)
    }

    async fn audit(&self, tx: &mut B::Tx, owners: &Owners, change: Change) -> StoreResult<()> {
        audit::record(tx, &self.actor, owners, change).await
    }

    /// The backend, for backend-specific operations (backups, closing pools).
    pub fn backend(&self) -> &B {
        &self.backend
    }

    async fn write(&self) -> StoreResult<B::Tx> {
        self.backend.begin_write().await.context("starting a write transaction")
    }

    async fn read(&self) -> StoreResult<B::Tx> {
        self.backend.begin_read().await.context("starting a read transaction")
    }

    async fn vacuum_search_index(&self) -> StoreResult<()> {
        self.backend.vacuum(Some("search_documents")).await.context("clearing out the rebuilt index's deleted documents")
    }

    /// Rebuilds the search index (when `only_if_outdated`, only an index of an older format);
    /// returns the documents written if it did.
    async fn rebuild_search_index(&self, only_if_outdated: bool) -> StoreResult<Option<u64>> {
        let mut tx = self.write().await?;
        let dialect = tx.dialect();
        let out = search::rebuild(&mut tx, only_if_outdated, || self.write()).await;
        let rebuilt = finish(tx, out).await;
        if rebuilt.is_err() && dialect == Dialect::Postgres {
            // What the failed rebuild committed of its new table would otherwise wait for the next one.
            let mut tx = self.write().await?;
            let out = search::discard_unfinished(&mut tx).await;
            finish(tx, out).await?;
        }
        if rebuilt.as_ref().is_ok_and(Option::is_some) {
            self.vacuum_search_index().await?;
        }
        rebuilt
    }
}

/// The audit entry of a change to a participant: which record of which activity, never the person's
/// data, so that erasing a person leaves nothing of them in the log either.
fn redacted(action: &'static str, p: &Participant) -> Change {
    let note = serde_json::json!({ "activity_id": p.activity_id, "personal_data": "not recorded in the audit log" });
    Change { action, entity: "participant", id: p.id.0, before: None, after: Some(note) }
}

/// The scopes an account's roles cover, so that a network's coordinators see in the audit log who
/// was given a role over their network.
fn granted_over(user: &User) -> Owners {
    let mut owners = Owners::admin_only();
    for grant in &user.grants {
        match grant.scope {
            Scope::Network(n) => owners.networks.push(n),
            Scope::Organization(o) => owners.organizations.push(o),
            Scope::Platform => {}
        }
    }
    owners
}

/// Commits a write that succeeded; rolls back one that failed, so nothing is half-written.
async fn finish<T: Tx, O>(tx: T, out: StoreResult<O>) -> StoreResult<O> {
    match out {
        Ok(out) => {
            tx.commit().await.context("committing")?;
            Ok(out)
        }
        Err(e) => {
            // The operation's error is what the caller needs; a failed rollback only closes the connection.
            let _ = tx.rollback().await;
            Err(e)
        }
    }
}

/// Ends a read transaction at once, releasing its snapshot.
async fn end_read<T: Tx, O>(tx: T, out: StoreResult<O>) -> StoreResult<O> {
    let _ = tx.rollback().await;
    out
}

#[async_trait]
impl<B: Backend> Store for SqlStore<B> {
    fn backend_name(&self) -> &'static str {
        B::NAME
    }

    async fn ping(&self) -> StoreResult<()> {
        let mut tx = self.read().await?;
        let out = tx.fetch_optional::<(i64,)>(Sql::new("SELECT COUNT(*) FROM reference_data")).await.context("pinging the database");
        end_read(tx, out).await.map(|_| ())
    }

    async fn create_organization(&self, input: OrganizationInput) -> StoreResult<Organization> {
        let mut tx = self.write().await?;
        let out = async {
            let owners = access::organization(&mut tx, None).await?;
            self.allow(&owners)?;
            let r = organizations::create(&mut tx, input).await?;
            self.audit(&mut tx, &owners, Change::created("organization", r.id.0, &r)).await?;
            Ok(r)
        }
        .await;
        finish(tx, out).await
    }

    async fn get_organization(&self, id: OrganizationId) -> StoreResult<Organization> {
        let mut tx = self.read().await?;
        let out = organizations::get(&mut tx, id).await;
        end_read(tx, out).await
    }

    async fn update_organization(&self, id: OrganizationId, pre: Precondition, input: OrganizationInput) -> StoreResult<Organization> {
        let mut tx = self.write().await?;
        let out = async {
            self.signed_in()?;
            let before = organizations::get(&mut tx, id).await?;
            let owners = access::organization(&mut tx, Some(id)).await?;
            self.allow(&owners)?;
            let after = organizations::update(&mut tx, id, pre, input).await?;
            self.audit(&mut tx, &owners, Change::updated("organization", id.0, &before, &after)).await?;
            Ok(after)
        }
        .await;
        finish(tx, out).await
    }

    async fn delete_organization(&self, id: OrganizationId, pre: Precondition) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let out = async {
            self.signed_in()?;
            let before = organizations::get(&mut tx, id).await?;
            let owners = access::organization(&mut tx, Some(id)).await?;
            self.allow(&owners)?;
            organizations::delete(&mut tx, id, pre).await?;
            self.audit(&mut tx, &owners, Change::deleted("organization", id.0, &before)).await?;
            Ok(())
        }
        .await;
        finish(tx, out).await
    }

    async fn list_organizations(&self, filter: &OrganizationFilter, page: &Page) -> StoreResult<Listing<Organization>> {
        let mut tx = self.read().await?;
        let out = organizations::list(&mut tx, filter, page).await;
        end_read(tx, out).await
    }

    async fn create_network(&self, input: NetworkInput) -> StoreResult<Network> {
        let mut tx = self.write().await?;
        let out = async {
            let owners = access::network(None);
            self.allow(&owners)?;
            let r = networks::create(&mut tx, input).await?;
            self.audit(&mut tx, &owners, Change::created("network", r.id.0, &r)).await?;
            Ok(r)
        }
        .await;
        finish(tx, out).await
    }

    async fn get_network(&self, id: NetworkId) -> StoreResult<Network> {
        let mut tx = self.read().await?;
        let out = networks::get(&mut tx, id).await;
        end_read(tx, out).await
    }

    async fn update_network(&self, id: NetworkId, pre: Precondition, input: NetworkInput) -> StoreResult<Network> {
        let mut tx = self.write().await?;
        let out = async {
            self.signed_in()?;
            let before = networks::get(&mut tx, id).await?;
            let owners = access::network(Some(id));
            self.allow(&owners)?;
            let after = networks::update(&mut tx, id, pre, input).await?;
            self.audit(&mut tx, &owners, Change::updated("network", id.0, &before, &after)).await?;
            Ok(after)
        }
        .await;
        finish(tx, out).await
    }

    async fn delete_network(&self, id: NetworkId, pre: Precondition) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let out = async {
            self.signed_in()?;
            let before = networks::get(&mut tx, id).await?;
            let owners = access::network(Some(id));
            self.allow(&owners)?;
            networks::delete(&mut tx, id, pre).await?;
            self.audit(&mut tx, &owners, Change::deleted("network", id.0, &before)).await?;
            Ok(())
        }
        .await;
        finish(tx, out).await
    }

    async fn list_networks(&self, filter: &NetworkFilter, page: &Page) -> StoreResult<Listing<Network>> {
        let mut tx = self.read().await?;
        let out = networks::list(&mut tx, filter, page).await;
        end_read(tx, out).await
    }

    async fn create_agreement(&self, input: AgreementInput) -> StoreResult<Agreement> {
        let mut tx = self.write().await?;
        let out = async {
            let owners = access::agreement(&input);
            self.allow(&owners)?;
            let r = agreements::create(&mut tx, input).await?;
            self.audit(&mut tx, &owners, Change::created("agreement", r.id.0, &r)).await?;
            Ok(r)
        }
        .await;
        finish(tx, out).await
    }

    async fn get_agreement(&self, id: AgreementId) -> StoreResult<Agreement> {
        let mut tx = self.read().await?;
        let out = agreements::get(&mut tx, id).await;
        end_read(tx, out).await
    }

    async fn update_agreement(&self, id: AgreementId, pre: Precondition, input: AgreementInput) -> StoreResult<Agreement> {
        let mut tx = self.write().await?;
        let out = async {
            self.signed_in()?;
            let before = agreements::get(&mut tx, id).await?;
            let mut owners = access::agreement(&before.input);
            self.allow(&owners)?;
            let also = access::agreement(&input);
            self.allow(&also)?;
            owners.merge(also);
            let after = agreements::update(&mut tx, id, pre, input).await?;
            self.audit(&mut tx, &owners, Change::updated("agreement", id.0, &before, &after)).await?;
            Ok(after)
        }
        .await;
        finish(tx, out).await
    }

    async fn delete_agreement(&self, id: AgreementId, pre: Precondition) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let out = async {
            self.signed_in()?;
            let before = agreements::get(&mut tx, id).await?;
            let owners = access::agreement(&before.input);
            self.allow(&owners)?;
            agreements::delete(&mut tx, id, pre).await?;
            self.audit(&mut tx, &owners, Change::deleted("agreement", id.0, &before)).await?;
            Ok(())
        }
        .await;
        finish(tx, out).await
    }

    async fn list_agreements(&self, filter: &AgreementFilter, page: &Page) -> StoreResult<Listing<Agreement>> {
        let mut tx = self.read().await?;
        let out = agreements::list(&mut tx, filter, page).await;
        end_read(tx, out).await
    }

    async fn create_commitment(&self, input: CommitmentInput) -> StoreResult<Commitment> {
        let mut tx = self.write().await?;
        let out = async {
            let owners = access::commitment(&mut tx, &input).await?;
            self.allow(&owners)?;
            let r = commitments::create(&mut tx, input).await?;
            self.audit(&mut tx, &owners, Change::created("commitment", r.id.0, &r)).await?;
            Ok(r)
        }
        .await;
        finish(tx, out).await
    }

    async fn get_commitment(&self, id: CommitmentId) -> StoreResult<Commitment> {
        let mut tx = self.read().await?;
        let out = commitments::get(&mut tx, id).await;
        end_read(tx, out).await
    }

    async fn update_commitment(&self, id: CommitmentId, pre: Precondition, input: CommitmentInput) -> StoreResult<Commitment> {
        let mut tx = self.write().await?;
        let out = async {
            self.signed_in()?;
            let before = commitments::get(&mut tx, id).await?;
            let mut owners = access::commitment(&mut tx, &before.input).await?;
            self.allow(&owners)?;
            let also = access::commitment(&mut tx, &input).await?;
            self.allow(&also)?;
            owners.merge(also);
            let after = commitments::update(&mut tx, id, pre, input).await?;
            self.audit(&mut tx, &owners, Change::updated("commitment", id.0, &before, &after)).await?;
            Ok(after)
        }
        .await;
        finish(tx, out).await
    }

    async fn delete_commitment(&self, id: CommitmentId, pre: Precondition) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let out = async {
            self.signed_in()?;
            let before = commitments::get(&mut tx, id).await?;
            let owners = access::commitment(&mut tx, &before.input).await?;
            self.allow(&owners)?;
            commitments::delete(&mut tx, id, pre).await?;
            self.audit(&mut tx, &owners, Change::deleted("commitment", id.0, &before)).await?;
            Ok(())
        }
        .await;
        finish(tx, out).await
    }

    async fn list_commitments(&self, filter: &CommitmentFilter, page: &Page) -> StoreResult<Listing<Commitment>> {
        let mut tx = self.read().await?;
        let out = commitments::list(&mut tx, filter, page).await;
        end_read(tx, out).await
    }

    async fn create_programme(&self, input: ProgrammeInput) -> StoreResult<Programme> {
        let mut tx = self.write().await?;
        let out = async {
            let owners = access::programme(&mut tx, &input).await?;
            self.allow(&owners)?;
            let r = programmes::create(&mut tx, input).await?;
            self.audit(&mut tx, &owners, Change::created("programme", r.id.0, &r)).await?;
            Ok(r)
        }
        .await;
        finish(tx, out).await
    }

    async fn get_programme(&self, id: ProgrammeId) -> StoreResult<Programme> {
        let mut tx = self.read().await?;
        let out = programmes::get(&mut tx, id).await;
        end_read(tx, out).await
    }

    async fn update_programme(&self, id: ProgrammeId, pre: Precondition, input: ProgrammeInput) -> StoreResult<Programme> {
        let mut tx = self.write().await?;
        let out = async {
            self.signed_in()?;
            let before = programmes::get(&mut tx, id).await?;
            let mut owners = access::programme(&mut tx, &before.input).await?;
            self.allow(&owners)?;
            let also = access::programme(&mut tx, &input).await?;
            self.allow(&also)?;
            owners.merge(also);
            let after = programmes::update(&mut tx, id, pre, input).await?;
            self.audit(&mut tx, &owners, Change::updated("programme", id.0, &before, &after)).await?;
            Ok(after)
        }
        .await;
        finish(tx, out).await
    }

    async fn delete_programme(&self, id: ProgrammeId, pre: Precondition) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let out = async {
            self.signed_in()?;
            let before = programmes::get(&mut tx, id).await?;
            let owners = access::programme(&mut tx, &before.input).await?;
            self.allow(&owners)?;
            programmes::delete(&mut tx, id, pre).await?;
            self.audit(&mut tx, &owners, Change::deleted("programme", id.0, &before)).await?;
            Ok(())
        }
        .await;
        finish(tx, out).await
    }

    async fn list_programmes(&self, filter: &ProgrammeFilter, page: &Page) -> StoreResult<Listing<Programme>> {
        let mut tx = self.read().await?;
        let out = programmes::list(&mut tx, filter, page).await;
        end_read(tx, out).await
    }

    async fn create_activity(&self, input: ActivityInput) -> StoreResult<Activity> {
        let mut tx = self.write().await?;
        let out = async {
            let owners = access::activity(&mut tx, &input).await?;
            self.allow(&owners)?;
            let r = activities::create(&mut tx, input).await?;
            self.audit(&mut tx, &owners, Change::created("activity", r.id.0, &r)).await?;
            Ok(r)
        }
        .await;
        finish(tx, out).await
    }

    async fn get_activity(&self, id: ActivityId) -> StoreResult<Activity> {
        let mut tx = self.read().await?;
        let out = activities::get(&mut tx, id).await;
        end_read(tx, out).await
    }

    async fn update_activity(&self, id: ActivityId, pre: Precondition, input: ActivityInput) -> StoreResult<Activity> {
        let mut tx = self.write().await?;
        let out = async {
            self.signed_in()?;
            let before = activities::get(&mut tx, id).await?;
            let mut owners = access::activity(&mut tx, &before.input).await?;
            self.allow(&owners)?;
            let also = access::activity(&mut tx, &input).await?;
            self.allow(&also)?;
            owners.merge(also);
            let after = activities::update(&mut tx, id, pre, input).await?;
            self.audit(&mut tx, &owners, Change::updated("activity", id.0, &before, &after)).await?;
            Ok(after)
        }
        .await;
        finish(tx, out).await
    }

    async fn delete_activity(&self, id: ActivityId, pre: Precondition) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let out = async {
            self.signed_in()?;
            let before = activities::get(&mut tx, id).await?;
            let owners = access::activity(&mut tx, &before.input).await?;
            self.allow(&owners)?;
            activities::delete(&mut tx, id, pre).await?;
            self.audit(&mut tx, &owners, Change::deleted("activity", id.0, &before)).await?;
            Ok(())
        }
        .await;
        finish(tx, out).await
    }

    async fn list_activities(&self, filter: &ActivityFilter, page: &Page) -> StoreResult<Listing<Activity>> {
        let mut tx = self.read().await?;
        let out = activities::list(&mut tx, filter, page).await;
        end_read(tx, out).await
    }

    async fn create_framework(&self, input: FrameworkInput) -> StoreResult<Framework> {
        let mut tx = self.write().await?;
        let out = async {
            let owners = Owners::admin_only();
            self.allow(&owners)?;
            let r = frameworks::create(&mut tx, input).await?;
            self.audit(&mut tx, &owners, Change::created("framework", r.id.0, &r)).await?;
            Ok(r)
        }
        .await;
        finish(tx, out).await
    }

    async fn get_framework(&self, code: &str) -> StoreResult<Framework> {
        let mut tx = self.read().await?;
        let out = frameworks::get(&mut tx, code).await;
        end_read(tx, out).await
    }

    async fn update_framework(&self, code: &str, pre: Precondition, input: FrameworkInput) -> StoreResult<Framework> {
        let mut tx = self.write().await?;
        let out = async {
            self.signed_in()?;
            let before = frameworks::get(&mut tx, code).await?;
            let owners = Owners::admin_only();
            self.allow(&owners)?;
            let after = frameworks::update(&mut tx, code, pre, input).await?;
            self.audit(&mut tx, &owners, Change::updated("framework", before.id.0, &before, &after)).await?;
            Ok(after)
        }
        .await;
        finish(tx, out).await
    }

    async fn delete_framework(&self, code: &str, pre: Precondition) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let out = async {
            self.signed_in()?;
            let before = frameworks::get(&mut tx, code).await?;
            let owners = Owners::admin_only();
            self.allow(&owners)?;
            frameworks::delete(&mut tx, code, pre).await?;
            self.audit(&mut tx, &owners, Change::deleted("framework", before.id.0, &before)).await?;
            Ok(())
        }
        .await;
        finish(tx, out).await
    }

    async fn list_frameworks(&self, page: &Page) -> StoreResult<Listing<Framework>> {
        let mut tx = self.read().await?;
        let out = frameworks::list(&mut tx, page).await;
        end_read(tx, out).await
    }

    async fn create_framework_item(&self, framework_code: &str, input: FrameworkItemInput) -> StoreResult<FrameworkItem> {
        let mut tx = self.write().await?;
        let out = async {
            let owners = Owners::admin_only();
            self.allow(&owners)?;
            let r = frameworks::create_item(&mut tx, framework_code, input).await?;
            self.audit(&mut tx, &owners, Change::created("framework_item", r.id.0, &r)).await?;
            Ok(r)
        }
        .await;
        finish(tx, out).await
    }

    async fn get_framework_item(&self, id: FrameworkItemId) -> StoreResult<FrameworkItem> {
        let mut tx = self.read().await?;
        let out = frameworks::get_item(&mut tx, id).await;
        end_read(tx, out).await
    }

    async fn update_framework_item(&self, id: FrameworkItemId, pre: Precondition, input: FrameworkItemInput) -> StoreResult<FrameworkItem> {
        let mut tx = self.write().await?;
        let out = async {
            self.signed_in()?;
            let before = frameworks::get_item(&mut tx, id).await?;
            let owners = Owners::admin_only();
            self.allow(&owners)?;
            let after = frameworks::update_item(&mut tx, id, pre, input).await?;
            self.audit(&mut tx, &owners, Change::updated("framework_item", id.0, &before, &after)).await?;
            Ok(after)
        }
        .await;
        finish(tx, out).await
    }

    async fn delete_framework_item(&self, id: FrameworkItemId, pre: Precondition) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let out = async {
            self.signed_in()?;
            let before = frameworks::get_item(&mut tx, id).await?;
            let owners = Owners::admin_only();
            self.allow(&owners)?;
            frameworks::delete_item(&mut tx, id, pre).await?;
            self.audit(&mut tx, &owners, Change::deleted("framework_item", id.0, &before)).await?;
            Ok(())
        }
        .await;
        finish(tx, out).await
    }

    async fn list_framework_items(&self, filter: &FrameworkItemFilter, page: &Page) -> StoreResult<Listing<FrameworkItem>> {
        let mut tx = self.read().await?;
        let out = frameworks::list_items(&mut tx, filter, page).await;
        end_read(tx, out).await
    }

    async fn create_alignment(&self, input: AlignmentInput) -> StoreResult<Alignment> {
        let mut tx = self.write().await?;
        let out = async {
            let owners = access::subject(&mut tx, input.subject_kind, input.subject_id).await?;
            self.allow(&owners)?;
            let r = alignments::create(&mut tx, input).await?;
            self.audit(&mut tx, &owners, Change::created("alignment", r.id.0, &r)).await?;
            Ok(r)
        }
        .await;
        finish(tx, out).await
    }

    async fn get_alignment(&self, id: AlignmentId) -> StoreResult<Alignment> {
        let mut tx = self.read().await?;
        let out = alignments::get(&mut tx, id).await;
        end_read(tx, out).await
    }

    async fn delete_alignment(&self, id: AlignmentId) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let out = async {
            self.signed_in()?;
            let before = alignments::get(&mut tx, id).await?;
            let owners = access::subject(&mut tx, before.input.subject_kind, before.input.subject_id).await?;
            self.allow(&owners)?;
            alignments::delete(&mut tx, id).await?;
            self.audit(&mut tx, &owners, Change::deleted("alignment", id.0, &before)).await?;
            Ok(())
        }
        .await;
        finish(tx, out).await
    }

    async fn list_alignments(&self, filter: &AlignmentFilter, page: &Page) -> StoreResult<Listing<Alignment>> {
        let mut tx = self.read().await?;
        let out = alignments::list(&mut tx, filter, page).await;
        end_read(tx, out).await
    }

    async fn list_areas(&self, filter: &AreaFilter, page: &Page) -> StoreResult<Listing<Area>> {
        let mut tx = self.read().await?;
        let out = areas::list(&mut tx, filter, page).await;
        end_read(tx, out).await
    }

    async fn get_area(&self, code: &str) -> StoreResult<Area> {
        let mut tx = self.read().await?;
        let out = areas::get(&mut tx, code).await;
        end_read(tx, out).await
    }

    async fn list_target_groups(&self) -> StoreResult<Vec<TargetGroup>> {
        let mut tx = self.read().await?;
        let out = target_groups::list(&mut tx).await;
        end_read(tx, out).await
    }

    async fn create_target_group(&self, group: TargetGroup) -> StoreResult<TargetGroup> {
        let mut tx = self.write().await?;
        let out = async {
            let owners = Owners::admin_only();
            self.allow(&owners)?;
            let r = target_groups::create(&mut tx, group).await?;
            self.audit(
                &mut tx,
                &owners,
                Change::created("target_group", uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, r.code.as_bytes()), &r),
            )
            .await?;
            Ok(r)
        }
        .await;
        finish(tx, out).await
    }

    async fn install_reference(&self, set: &ReferenceSet) -> StoreResult<bool> {
        let mut tx = self.write().await?;
        let out = async {
            self.admin_only()?;
            reference::install(&mut tx, set).await
        }
        .await;
        finish(tx, out).await
    }

    async fn evaluate_formula(
        &self,
        formula: &phakhi_domain::formula::Formula,
        scope: &crate::IndicatorScope,
    ) -> StoreResult<crate::IndicatorValue> {
        let mut tx = self.read().await?;
        let out = super::indicators::evaluate(&mut tx, formula, scope).await;
        end_read(tx, out).await
    }

    async fn evaluate_formula_by_area(
        &self,
        formula: &phakhi_domain::formula::Formula,
        scope: &crate::IndicatorScope,
    ) -> StoreResult<crate::AreaBreakdown> {
        let mut tx = self.read().await?;
        let out = super::area_breakdown::breakdown(&mut tx, formula, scope).await;
        end_read(tx, out).await
    }

    async fn computed_indicator_values(&self, fiscal_year: FiscalYear) -> StoreResult<Vec<crate::ComputedValue>> {
        let mut tx = self.read().await?;
        let out = super::recompute::year(&mut tx, fiscal_year).await;
        end_read(tx, out).await
    }

    async fn create_plan(&self, input: PlanInput) -> StoreResult<Plan> {
        let mut tx = self.write().await?;
        let out = async {
            let owners = access::plan(&mut tx, input.network_id, input.organization_id).await?;
            self.allow(&owners)?;
            let r = plans::create(&mut tx, input).await?;
            self.audit(&mut tx, &owners, Change::created("plan", r.id.0, &r)).await?;
            Ok(r)
        }
        .await;
        finish(tx, out).await
    }

    async fn get_plan(&self, id: PlanId) -> StoreResult<Plan> {
        let mut tx = self.read().await?;
        let out = plans::get(&mut tx, id).await;
        end_read(tx, out).await
    }

    async fn update_plan(&self, id: PlanId, pre: Precondition, input: PlanInput) -> StoreResult<Plan> {
        let mut tx = self.write().await?;
        let out = async {
            self.signed_in()?;
            let before = plans::get(&mut tx, id).await?;
            let mut owners = access::plan(&mut tx, before.input.network_id, before.input.organization_id).await?;
            self.allow(&owners)?;
            let also = access::plan(&mut tx, input.network_id, input.organization_id).await?;
            self.allow(&also)?;
            owners.merge(also);
            let after = plans::update(&mut tx, id, pre, input).await?;
            self.audit(&mut tx, &owners, Change::updated("plan", id.0, &before, &after)).await?;
            Ok(after)
        }
        .await;
        finish(tx, out).await
    }

    async fn delete_plan(&self, id: PlanId, pre: Precondition) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let out = async {
            self.signed_in()?;
            let before = plans::get(&mut tx, id).await?;
            let owners = access::plan(&mut tx, before.input.network_id, before.input.organization_id).await?;
            self.allow(&owners)?;
            plans::delete(&mut tx, id, pre).await?;
            self.audit(&mut tx, &owners, Change::deleted("plan", id.0, &before)).await
        }
        .await;
        finish(tx, out).await
    }

    async fn list_plans(&self, filter: &PlanFilter, page: &Page) -> StoreResult<Listing<Plan>> {
        let mut tx = self.read().await?;
        let out = plans::list(&mut tx, filter, page).await;
        end_read(tx, out).await
    }

    async fn copy_plan_as_template(&self, source: PlanId, copy: PlanCopyInput) -> StoreResult<Plan> {
        let mut tx = self.write().await?;
        let out = async {
            self.signed_in()?;
            plans::get(&mut tx, source).await?;
            let owners = access::plan(&mut tx, copy.network_id, copy.organization_id).await?;
            self.allow(&owners)?;
            let copied = plans::copy(&mut tx, source, copy).await?;
            // Each record the copy made is a record of its own, audited as created.
            self.audit(&mut tx, &owners, Change::created("plan", copied.plan.id.0, &copied.plan)).await?;
            for i in &copied.indicators {
                self.audit(&mut tx, &owners, Change::created("indicator", i.id.0, i)).await?;
            }
            for i in &copied.items {
                self.audit(&mut tx, &owners, Change::created("plan_item", i.id.0, i)).await?;
            }
            Ok(copied.plan)
        }
        .await;
        finish(tx, out).await
    }

    async fn create_plan_item(&self, input: PlanItemInput) -> StoreResult<PlanItem> {
        let mut tx = self.write().await?;
        let out = async {
            let owners = access::plan_by_id(&mut tx, input.plan_id).await?;
            self.allow(&owners)?;
            let r = plan_items::create(&mut tx, input).await?;
            self.audit(&mut tx, &owners, Change::created("plan_item", r.id.0, &r)).await?;
            Ok(r)
        }
        .await;
        finish(tx, out).await
    }

    async fn get_plan_item(&self, id: PlanItemId) -> StoreResult<PlanItem> {
        let mut tx = self.read().await?;
        let out = plan_items::get(&mut tx, id).await;
        end_read(tx, out).await
    }

    async fn update_plan_item(&self, id: PlanItemId, pre: Precondition, input: PlanItemInput) -> StoreResult<PlanItem> {
        let mut tx = self.write().await?;
        let out = async {
            self.signed_in()?;
            let before = plan_items::get(&mut tx, id).await?;
            let owners = access::plan_by_id(&mut tx, before.input.plan_id).await?;
            self.allow(&owners)?;
            let after = plan_items::update(&mut tx, id, pre, input).await?;
            self.audit(&mut tx, &owners, Change::updated("plan_item", id.0, &before, &after)).await?;
            Ok(after)
        }
        .await;
        finish(tx, out).await
    }

    async fn delete_plan_item(&self, id: PlanItemId, pre: Precondition) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let out = async {
            self.signed_in()?;
            let before = plan_items::get(&mut tx, id).await?;
            let owners = access::plan_by_id(&mut tx, before.input.plan_id).await?;
            self.allow(&owners)?;
            plan_items::delete(&mut tx, id, pre).await?;
            self.audit(&mut tx, &owners, Change::deleted("plan_item", id.0, &before)).await
        }
        .await;
        finish(tx, out).await
    }

    async fn list_plan_items(&self, filter: &PlanItemFilter, page: &Page) -> StoreResult<Listing<PlanItem>> {
        let mut tx = self.read().await?;
        let out = plan_items::list(&mut tx, filter, page).await;
        end_read(tx, out).await
    }

    async fn create_indicator(&self, input: IndicatorInput) -> StoreResult<Indicator> {
        let mut tx = self.write().await?;
        let out = async {
            let owners = access::plan_by_id(&mut tx, input.plan_id).await?;
            self.allow(&owners)?;
            let r = plan_indicators::create(&mut tx, input).await?;
            self.audit(&mut tx, &owners, Change::created("indicator", r.id.0, &r)).await?;
            Ok(r)
        }
        .await;
        finish(tx, out).await
    }

    async fn get_indicator(&self, id: IndicatorId) -> StoreResult<Indicator> {
        let mut tx = self.read().await?;
        let out = plan_indicators::get(&mut tx, id).await;
        end_read(tx, out).await
    }

    async fn update_indicator(&self, id: IndicatorId, pre: Precondition, input: IndicatorInput) -> StoreResult<Indicator> {
        let mut tx = self.write().await?;
        let out = async {
            self.signed_in()?;
            let before = plan_indicators::get(&mut tx, id).await?;
            let owners = access::plan_by_id(&mut tx, before.input.plan_id).await?;
            self.allow(&owners)?;
            let after = plan_indicators::update(&mut tx, id, pre, input).await?;
            self.audit(&mut tx, &owners, Change::updated("indicator", id.0, &before, &after)).await?;
            Ok(after)
        }
        .await;
        finish(tx, out).await
    }

    async fn delete_indicator(&self, id: IndicatorId, pre: Precondition) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let out = async {
            self.signed_in()?;
            let before = plan_indicators::get(&mut tx, id).await?;
            let owners = access::plan_by_id(&mut tx, before.input.plan_id).await?;
            self.allow(&owners)?;
            plan_indicators::delete(&mut tx, id, pre).await?;
            self.audit(&mut tx, &owners, Change::deleted("indicator", id.0, &before)).await
        }
        .await;
        finish(tx, out).await
    }

    async fn list_indicators(&self, filter: &IndicatorFilter, page: &Page) -> StoreResult<Listing<Indicator>> {
        let mut tx = self.read().await?;
        let out = plan_indicators::list(&mut tx, filter, page).await;
        end_read(tx, out).await
    }

    async fn create_indicator_value(&self, indicator: IndicatorId, input: IndicatorValueInput) -> StoreResult<IndicatorValue> {
        let mut tx = self.write().await?;
        let out = async {
            self.signed_in()?;
            let owners = access::indicator_entry(&mut tx, indicator).await?;
            self.allow(&owners)?;
            let i = plan_indicators::get(&mut tx, indicator).await?;
            let plan = plans::get(&mut tx, i.input.plan_id).await?;
            let r = indicator_values::create(&mut tx, &i, &plan, input, &self.actor.principal.label).await?;
            self.audit(&mut tx, &owners, Change::created("indicator_value", r.id.0, &r)).await?;
            Ok(r)
        }
        .await;
        finish(tx, out).await
    }

    async fn get_indicator_value(&self, id: IndicatorValueId) -> StoreResult<IndicatorValue> {
        let mut tx = self.read().await?;
        let out = async {
            let v = indicator_values::get(&mut tx, id).await?;
            if v.status != ValueStatus::Approved {
                let owners = access::indicator_entry(&mut tx, v.indicator_id).await?;
                self.may_see(&owners)?;
            }
            Ok(v)
        }
        .await;
        end_read(tx, out).await
    }

    async fn update_indicator_value(
        &self,
        id: IndicatorValueId,
        pre: Precondition,
        input: IndicatorValueInput,
    ) -> StoreResult<IndicatorValue> {
        let mut tx = self.write().await?;
        let out = async {
            self.signed_in()?;
            let before = indicator_values::get(&mut tx, id).await?;
            let owners = access::indicator_entry(&mut tx, before.indicator_id).await?;
            self.allow(&owners)?;
            let i = plan_indicators::get(&mut tx, before.indicator_id).await?;
            let plan = plans::get(&mut tx, i.input.plan_id).await?;
            let after = indicator_values::update(&mut tx, &before, &i, &plan, pre, input, &self.actor.principal.label).await?;
            self.audit(&mut tx, &owners, Change::updated("indicator_value", id.0, &before, &after)).await?;
            Ok(after)
        }
        .await;
        finish(tx, out).await
    }

    async fn delete_indicator_value(&self, id: IndicatorValueId, pre: Precondition) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let out = async {
            self.signed_in()?;
            let before = indicator_values::get(&mut tx, id).await?;
            let owners = access::indicator_entry(&mut tx, before.indicator_id).await?;
            self.allow(&owners)?;
            indicator_values::delete(&mut tx, &before, pre).await?;
            self.audit(&mut tx, &owners, Change::deleted("indicator_value", id.0, &before)).await
        }
        .await;
        finish(tx, out).await
    }

    async fn list_indicator_values(&self, indicator: IndicatorId, filter: &IndicatorValueFilter) -> StoreResult<Vec<IndicatorValue>> {
        let mut tx = self.read().await?;
        let out = async {
            let owners = access::indicator_entry(&mut tx, indicator).await?;
            let approved_only = !self.actor.principal.may_see_private(&owners);
            indicator_values::list(&mut tx, indicator, filter, approved_only).await
        }
        .await;
        end_read(tx, out).await
    }

    async fn transition_indicator_value(&self, id: IndicatorValueId, pre: Precondition, step: Transition) -> StoreResult<IndicatorValue> {
        let mut tx = self.write().await?;
        let out = async {
            self.signed_in()?;
            let before = indicator_values::get(&mut tx, id).await?;
            // Entering and reviewing are different hands: an editor submits, a coordinator approves.
            let owners = if step.is_review() {
                access::indicator_review(&mut tx, before.indicator_id).await?
            } else {
                access::indicator_entry(&mut tx, before.indicator_id).await?
            };
            self.allow(&owners)?;
            let after = indicator_values::transition(&mut tx, &before, pre, step, &self.actor.principal.label).await?;
            self.audit(&mut tx, &owners, Change::updated("indicator_value", id.0, &before, &after)).await?;
            Ok(after)
        }
        .await;
        finish(tx, out).await
    }

    async fn indicator_rights(&self, indicator: IndicatorId) -> StoreResult<crate::IndicatorRights> {
        let mut tx = self.read().await?;
        let out = async {
            let entry = access::indicator_entry(&mut tx, indicator).await?;
            let review = access::indicator_review(&mut tx, indicator).await?;
            let principal = &self.actor.principal;
            let may = |owners: &Owners| phakhi_domain::access::decide(principal, owners) == phakhi_domain::access::Decision::Allow;
            Ok(crate::IndicatorRights { enter: may(&entry), review: may(&review), see_private: principal.may_see_private(&entry) })
        }
        .await;
        end_read(tx, out).await
    }

    async fn plan_progress(&self, plan: PlanId, fiscal_year: FiscalYear, area: Option<String>) -> StoreResult<PlanProgress> {
        let mut tx = self.read().await?;
        let out = async {
            let owners = access::plan_by_id(&mut tx, plan).await?;
            let exact = self.actor.principal.may_see_private(&owners);
            plan_progress::progress(&mut tx, plan, fiscal_year, area, exact).await
        }
        .await;
        end_read(tx, out).await
    }

    async fn overview(&self, fiscal_year: FiscalYear) -> StoreResult<Overview> {
        let mut tx = self.read().await?;
        let out = overview::overview(&mut tx, fiscal_year).await;
        end_read(tx, out).await
    }

    async fn gaps(&self, fiscal_year: FiscalYear) -> StoreResult<crate::gaps::Gaps> {
        let mut tx = self.read().await?;
        let out = gaps::gaps(&mut tx, fiscal_year).await;
        end_read(tx, out).await
    }

    async fn search(&self, request: &SearchRequest, page: &Page) -> StoreResult<SearchResults> {
        let mut tx = self.read().await?;
        let out = search::search(&mut tx, request, page).await;
        end_read(tx, out).await
    }

    async fn reindex(&self) -> StoreResult<u64> {
        self.admin_only()?;
        Ok(self.rebuild_search_index(false).await?.unwrap_or_default())
    }

    async fn ensure_search_index(&self) -> StoreResult<Option<u64>> {
        self.rebuild_search_index(true).await
    }

    async fn export(&self) -> StoreResult<Dump> {
        let mut tx = self.read().await?;
        let out = dump::export(&mut tx).await;
        end_read(tx, out).await
    }

    async fn import(&self, dump: &Dump) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let out = async {
            self.admin_only()?;
            dump::import(&mut tx, dump).await
        }
        .await;
        finish(tx, out).await
    }

    fn acting_as(&self, actor: Actor) -> Arc<dyn Store> {
        Arc::new(SqlStore { backend: self.backend.clone(), actor })
    }

    fn actor(&self) -> &Actor {
        &self.actor
    }

    async fn create_participant(&self, activity: ActivityId, input: ParticipantInput) -> StoreResult<Participant> {
        let mut tx = self.write().await?;
        let out = async {
            let owners = self.personal(&mut tx, activity).await?;
            let p = participants::create(&mut tx, activity, input).await?;
            self.audit(&mut tx, &owners, redacted("create", &p)).await?;
            Ok(p)
        }
        .await;
        finish(tx, out).await
    }

    async fn get_participant(&self, id: ParticipantId) -> StoreResult<Participant> {
        let mut tx = self.read().await?;
        let out = async {
            let p = participants::get(&mut tx, id).await?;
            self.personal(&mut tx, p.activity_id).await?;
            Ok(p)
        }
        .await;
        end_read(tx, out).await
    }

    async fn list_participants(&self, activity: ActivityId) -> StoreResult<Vec<Participant>> {
        let mut tx = self.read().await?;
        let out = async {
            self.personal(&mut tx, activity).await?;
            participants::list(&mut tx, activity).await
        }
        .await;
        end_read(tx, out).await
    }

    async fn update_participant(&self, id: ParticipantId, pre: Precondition, input: ParticipantInput) -> StoreResult<Participant> {
        let mut tx = self.write().await?;
        let out = async {
            let before = participants::get(&mut tx, id).await?;
            let owners = self.personal(&mut tx, before.activity_id).await?;
            let p = participants::update(&mut tx, id, pre, input).await?;
            self.audit(&mut tx, &owners, redacted("update", &p)).await?;
            Ok(p)
        }
        .await;
        finish(tx, out).await
    }

    async fn erase_participant(&self, id: ParticipantId, pre: Precondition) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let out = async {
            let before = participants::get(&mut tx, id).await?;
            let owners = self.personal(&mut tx, before.activity_id).await?;
            participants::erase(&mut tx, id, pre).await?;
            self.audit(&mut tx, &owners, redacted("delete", &before)).await
        }
        .await;
        finish(tx, out).await
    }

    async fn may_see_private(&self, subject: SubjectKind, id: Uuid) -> StoreResult<bool> {
        let principal = &self.actor.principal;
        if principal.is_admin() {
            return Ok(true);
        }
        if principal.grants.is_empty() {
            return Ok(false);
        }
        let mut tx = self.read().await?;
        let out = access::subject(&mut tx, subject, id).await.map(|owners| principal.may_see_private(&owners));
        end_read(tx, out).await
    }

    async fn create_user(&self, user: NewUser) -> StoreResult<User> {
        self.admin_only()?;
        let mut tx = self.write().await?;
        let out = async {
            let u = accounts::create(&mut tx, user).await?;
            self.audit(&mut tx, &granted_over(&u), Change::created("user", u.id, &u)).await?;
            Ok(u)
        }
        .await;
        finish(tx, out).await
    }

    async fn add_grant(&self, user: Uuid, grant: Grant) -> StoreResult<()> {
        self.admin_only()?;
        let mut tx = self.write().await?;
        let out = async {
            let before = accounts::get(&mut tx, user).await?;
            accounts::add_grant(&mut tx, user, grant).await?;
            let after = accounts::get(&mut tx, user).await?;
            self.audit(&mut tx, &granted_over(&after), Change::updated("user", user, &before, &after)).await
        }
        .await;
        finish(tx, out).await
    }

    async fn get_user(&self, id: Uuid) -> StoreResult<User> {
        let mut tx = self.read().await?;
        let out = accounts::get(&mut tx, id).await;
        end_read(tx, out).await
    }

    async fn list_users(&self) -> StoreResult<Vec<User>> {
        self.admin_only()?;
        let mut tx = self.read().await?;
        let out = accounts::list(&mut tx).await;
        end_read(tx, out).await
    }

    async fn credentials(&self, email: &str) -> StoreResult<Option<Credentials>> {
        let mut tx = self.read().await?;
        let out = accounts::credentials(&mut tx, email).await;
        end_read(tx, out).await
    }

    async fn note_sign_in(&self, user: Uuid, success: bool, lock_until: Option<DateTime<Utc>>) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let out = accounts::note_sign_in(&mut tx, user, success, lock_until).await;
        finish(tx, out).await
    }

    async fn record_sign_in_attempt(&self, key: &str) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let out = accounts::record_attempt(&mut tx, key).await;
        finish(tx, out).await
    }

    async fn count_sign_in_attempts(&self, key: &str, since: DateTime<Utc>) -> StoreResult<u64> {
        let mut tx = self.read().await?;
        let out = accounts::count_attempts(&mut tx, key, since).await;
        end_read(tx, out).await
    }

    async fn create_session(&self, session: SessionRecord) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let out = accounts::create_session(&mut tx, session).await;
        finish(tx, out).await
    }

    async fn session(&self, token_hash: &str) -> StoreResult<Option<Session>> {
        let mut tx = self.read().await?;
        let out = accounts::session(&mut tx, token_hash).await;
        end_read(tx, out).await
    }

    async fn end_session(&self, token_hash: &str) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let out = accounts::end_session(&mut tx, token_hash).await;
        finish(tx, out).await
    }

    async fn create_api_token(&self, user: Uuid, name: &str, token_hash: &str) -> StoreResult<ApiToken> {
        self.admin_only()?;
        let mut tx = self.write().await?;
        let out = async {
            let t = accounts::create_token(&mut tx, user, name, token_hash).await?;
            self.audit(&mut tx, &Owners::admin_only(), Change::created("api_token", t.id, &t)).await?;
            Ok(t)
        }
        .await;
        finish(tx, out).await
    }

    async fn list_api_tokens(&self, user: Uuid) -> StoreResult<Vec<ApiToken>> {
        self.admin_only()?;
        let mut tx = self.read().await?;
        let out = accounts::list_tokens(&mut tx, user).await;
        end_read(tx, out).await
    }

    async fn api_token_principal(&self, token_hash: &str) -> StoreResult<Option<Principal>> {
        let mut tx = self.read().await?;
        let out = accounts::token_principal(&mut tx, token_hash).await;
        end_read(tx, out).await
    }

    async fn revoke_api_token(&self, id: Uuid) -> StoreResult<()> {
        self.admin_only()?;
        let mut tx = self.write().await?;
        let out = async {
            let t = accounts::revoke_token(&mut tx, id).await?;
            self.audit(&mut tx, &Owners::admin_only(), Change { action: "update", entity: "api_token", id, before: None, after: json(&t) })
                .await
        }
        .await;
        finish(tx, out).await
    }

    async fn create_password_reset(&self, user: Uuid, token_hash: &str, expires_at: DateTime<Utc>) -> StoreResult<()> {
        self.admin_only()?;
        let mut tx = self.write().await?;
        let out = async {
            accounts::create_reset(&mut tx, user, token_hash, expires_at).await?;
            let note = serde_json::json!({ "password_reset_link_issued": { "expires_at": expires_at } });
            self.audit(
                &mut tx,
                &Owners::admin_only(),
                Change { action: "update", entity: "user", id: user, before: None, after: Some(note) },
            )
            .await
        }
        .await;
        finish(tx, out).await
    }

    async fn reset_password(&self, token_hash: &str, password_hash: &str) -> StoreResult<bool> {
        let mut tx = self.write().await?;
        let out = async {
            let Some(user) = accounts::use_reset(&mut tx, token_hash, password_hash).await? else { return Ok(false) };
            let note = serde_json::json!({ "password": "set by a one-time reset link" });
            self.audit(
                &mut tx,
                &Owners::admin_only(),
                Change { action: "update", entity: "user", id: user, before: None, after: Some(note) },
            )
            .await?;
            Ok(true)
        }
        .await;
        finish(tx, out).await
    }

    async fn list_audit(&self, filter: &AuditFilter, page: &Page) -> StoreResult<Listing<AuditEntry>> {
        self.signed_in()?;
        let reach = self.actor.principal.audit_reach().ok_or_else(|| StoreError::Forbidden { who: self.actor.principal.label.clone() })?;
        let mut tx = self.read().await?;
        let out = audit::list(&mut tx, &reach, filter, page).await;
        end_read(tx, out).await
    }

    async fn load_bulk(&self, batch: &Dump) -> StoreResult<()> {
        self.admin_only()?;
        let mut tx = self.write().await?;
        let out = async {
            let loaded = super::bulk::load(&mut tx, batch).await?;
            search::index_batch(&mut tx, batch).await?;
            // One entry for the batch: the log shows that (and how much) was loaded, not a million rows.
            let change = Change { action: "create", entity: "bulk_load", id: Uuid::now_v7(), before: None, after: json(&loaded) };
            self.audit(&mut tx, &Owners::admin_only(), change).await
        }
        .await;
        finish(tx, out).await
    }

    async fn finish_bulk_load(&self) -> StoreResult<()> {
        self.admin_only()?;
        let mut tx = self.write().await?;
        let out = search::settle(&mut tx).await;
        finish(tx, out).await?;
        // The planner's estimates come from the statistics: without them the link tables
        // (`activity_partners` …) were estimated at a sixtieth of their distinct values, and a share's
        // sum over 31 organisations' work scanned every activity of the year, 190 ms where an index
        // lookup of the 2,948 pairs took a few (measured).
        self.backend.vacuum(None).await.context("vacuuming the loaded tables and gathering their statistics")
    }

    async fn apply_sheet(&self, rows: &[crate::sheet::SheetRow], mode: crate::sheet::SheetMode) -> StoreResult<crate::sheet::SheetReport> {
        use crate::sheet::{RowAction, SheetMode, SheetReport};
        self.signed_in()?;
        let mut tx = self.write().await?;
        let outcomes = match sheet::apply(&mut tx, &self.actor, rows).await {
            Ok(o) => o,
            Err(e) => return finish(tx, Err(e)).await,
        };
        let failed = outcomes.iter().any(|o| o.action == RowAction::Error);
        let changed = outcomes.iter().any(|o| matches!(o.action, RowAction::Create | RowAction::Update));
        let commit = match mode {
            SheetMode::DryRun => false,
            SheetMode::AllOrNothing => !failed && changed,
            SheetMode::ValidRowsOnly => changed,
        };
        if commit {
            tx.commit().await.context("committing")?;
        } else {
            tx.rollback().await.context("rolling back")?;
        }
        Ok(SheetReport { rows: outcomes, written: commit })
    }

    async fn stage_upload(&self, upload: NewUpload) -> StoreResult<StagedUpload> {
        let owner = self.account()?;
        let mut tx = self.write().await?;
        let out = uploads::stage(&mut tx, owner, upload).await;
        finish(tx, out).await
    }

    async fn staged_upload(&self, id: Uuid) -> StoreResult<StagedUpload> {
        let owner = self.account()?;
        let mut tx = self.read().await?;
        let out = uploads::get(&mut tx, owner, id).await;
        end_read(tx, out).await
    }

    async fn discard_upload(&self, id: Uuid) -> StoreResult<()> {
        let owner = self.account()?;
        let mut tx = self.write().await?;
        let out = uploads::discard(&mut tx, owner, id).await;
        finish(tx, out).await
    }
}
