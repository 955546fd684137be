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

use super::{Backend, Sql, Tx, overview, reference, search, target_groups};
use super::{activities, agreements, alignments, areas, commitments, dump, frameworks, networks, organizations, programmes};
use crate::error::Context;
use crate::listing::*;
use crate::{Dump, Overview, Precondition, ReferenceSet, SearchRequest, SearchResults, Store, StoreResult};

/// A [`Store`] over a SQL backend.
#[derive(Debug)]
pub struct SqlStore<B: Backend> {
    backend: B,
}

impl<B: Backend> SqlStore<B> {
    pub fn new(backend: B) -> Self {
        Self { backend }
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
        let out = organizations::create(&mut tx, input).await;
        finish(tx, out).await
    }

    async fn get_organization(&self, id: OrganizationId) -> StoreResult<Organization> {
        let mut tx = self.read().await?;
        let out = organizations::get(&mut tx, id).await;
        end_read(tx, out).await
    }

    async fn update_organization(&self, id: OrganizationId, pre: Precondition, input: OrganizationInput) -> StoreResult<Organization> {
        let mut tx = self.write().await?;
        let out = organizations::update(&mut tx, id, pre, input).await;
        finish(tx, out).await
    }

    async fn delete_organization(&self, id: OrganizationId, pre: Precondition) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let out = organizations::delete(&mut tx, id, pre).await;
        finish(tx, out).await
    }

    async fn list_organizations(&self, filter: &OrganizationFilter, page: &Page) -> StoreResult<Listing<Organization>> {
        let mut tx = self.read().await?;
        let out = organizations::list(&mut tx, filter, page).await;
        end_read(tx, out).await
    }

    async fn create_network(&self, input: NetworkInput) -> StoreResult<Network> {
        let mut tx = self.write().await?;
        let out = networks::create(&mut tx, input).await;
        finish(tx, out).await
    }

    async fn get_network(&self, id: NetworkId) -> StoreResult<Network> {
        let mut tx = self.read().await?;
        let out = networks::get(&mut tx, id).await;
        end_read(tx, out).await
    }

    async fn update_network(&self, id: NetworkId, pre: Precondition, input: NetworkInput) -> StoreResult<Network> {
        let mut tx = self.write().await?;
        let out = networks::update(&mut tx, id, pre, input).await;
        finish(tx, out).await
    }

    async fn delete_network(&self, id: NetworkId, pre: Precondition) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let out = networks::delete(&mut tx, id, pre).await;
        finish(tx, out).await
    }

    async fn list_networks(&self, filter: &NetworkFilter, page: &Page) -> StoreResult<Listing<Network>> {
        let mut tx = self.read().await?;
        let out = networks::list(&mut tx, filter, page).await;
        end_read(tx, out).await
    }

    async fn create_agreement(&self, input: AgreementInput) -> StoreResult<Agreement> {
        let mut tx = self.write().await?;
        let out = agreements::create(&mut tx, input).await;
        finish(tx, out).await
    }

    async fn get_agreement(&self, id: AgreementId) -> StoreResult<Agreement> {
        let mut tx = self.read().await?;
        let out = agreements::get(&mut tx, id).await;
        end_read(tx, out).await
    }

    async fn update_agreement(&self, id: AgreementId, pre: Precondition, input: AgreementInput) -> StoreResult<Agreement> {
        let mut tx = self.write().await?;
        let out = agreements::update(&mut tx, id, pre, input).await;
        finish(tx, out).await
    }

    async fn delete_agreement(&self, id: AgreementId, pre: Precondition) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let out = agreements::delete(&mut tx, id, pre).await;
        finish(tx, out).await
    }

    async fn list_agreements(&self, filter: &AgreementFilter, page: &Page) -> StoreResult<Listing<Agreement>> {
        let mut tx = self.read().await?;
        let out = agreements::list(&mut tx, filter, page).await;
        end_read(tx, out).await
    }

    async fn create_commitment(&self, input: CommitmentInput) -> StoreResult<Commitment> {
        let mut tx = self.write().await?;
        let out = commitments::create(&mut tx, input).await;
        finish(tx, out).await
    }

    async fn get_commitment(&self, id: CommitmentId) -> StoreResult<Commitment> {
        let mut tx = self.read().await?;
        let out = commitments::get(&mut tx, id).await;
        end_read(tx, out).await
    }

    async fn update_commitment(&self, id: CommitmentId, pre: Precondition, input: CommitmentInput) -> StoreResult<Commitment> {
        let mut tx = self.write().await?;
        let out = commitments::update(&mut tx, id, pre, input).await;
        finish(tx, out).await
    }

    async fn delete_commitment(&self, id: CommitmentId, pre: Precondition) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let out = commitments::delete(&mut tx, id, pre).await;
        finish(tx, out).await
    }

    async fn list_commitments(&self, filter: &CommitmentFilter, page: &Page) -> StoreResult<Listing<Commitment>> {
        let mut tx = self.read().await?;
        let out = commitments::list(&mut tx, filter, page).await;
        end_read(tx, out).await
    }

    async fn create_programme(&self, input: ProgrammeInput) -> StoreResult<Programme> {
        let mut tx = self.write().await?;
        let out = programmes::create(&mut tx, input).await;
        finish(tx, out).await
    }

    async fn get_programme(&self, id: ProgrammeId) -> StoreResult<Programme> {
        let mut tx = self.read().await?;
        let out = programmes::get(&mut tx, id).await;
        end_read(tx, out).await
    }

    async fn update_programme(&self, id: ProgrammeId, pre: Precondition, input: ProgrammeInput) -> StoreResult<Programme> {
        let mut tx = self.write().await?;
        let out = programmes::update(&mut tx, id, pre, input).await;
        finish(tx, out).await
    }

    async fn delete_programme(&self, id: ProgrammeId, pre: Precondition) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let out = programmes::delete(&mut tx, id, pre).await;
        finish(tx, out).await
    }

    async fn list_programmes(&self, filter: &ProgrammeFilter, page: &Page) -> StoreResult<Listing<Programme>> {
        let mut tx = self.read().await?;
        let out = programmes::list(&mut tx, filter, page).await;
        end_read(tx, out).await
    }

    async fn create_activity(&self, input: ActivityInput) -> StoreResult<Activity> {
        let mut tx = self.write().await?;
        let out = activities::create(&mut tx, input).await;
        finish(tx, out).await
    }

    async fn get_activity(&self, id: ActivityId) -> StoreResult<Activity> {
        let mut tx = self.read().await?;
        let out = activities::get(&mut tx, id).await;
        end_read(tx, out).await
    }

    async fn update_activity(&self, id: ActivityId, pre: Precondition, input: ActivityInput) -> StoreResult<Activity> {
        let mut tx = self.write().await?;
        let out = activities::update(&mut tx, id, pre, input).await;
        finish(tx, out).await
    }

    async fn delete_activity(&self, id: ActivityId, pre: Precondition) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let out = activities::delete(&mut tx, id, pre).await;
        finish(tx, out).await
    }

    async fn list_activities(&self, filter: &ActivityFilter, page: &Page) -> StoreResult<Listing<Activity>> {
        let mut tx = self.read().await?;
        let out = activities::list(&mut tx, filter, page).await;
        end_read(tx, out).await
    }

    async fn create_framework(&self, input: FrameworkInput) -> StoreResult<Framework> {
        let mut tx = self.write().await?;
        let out = frameworks::create(&mut tx, input).await;
        finish(tx, out).await
    }

    async fn get_framework(&self, code: &str) -> StoreResult<Framework> {
        let mut tx = self.read().await?;
        let out = frameworks::get(&mut tx, code).await;
        end_read(tx, out).await
    }

    async fn update_framework(&self, code: &str, pre: Precondition, input: FrameworkInput) -> StoreResult<Framework> {
        let mut tx = self.write().await?;
        let out = frameworks::update(&mut tx, code, pre, input).await;
        finish(tx, out).await
    }

    async fn delete_framework(&self, code: &str, pre: Precondition) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let out = frameworks::delete(&mut tx, code, pre).await;
        finish(tx, out).await
    }

    async fn list_frameworks(&self, page: &Page) -> StoreResult<Listing<Framework>> {
        let mut tx = self.read().await?;
        let out = frameworks::list(&mut tx, page).await;
        end_read(tx, out).await
    }

    async fn create_framework_item(&self, framework_code: &str, input: FrameworkItemInput) -> StoreResult<FrameworkItem> {
        let mut tx = self.write().await?;
        let out = frameworks::create_item(&mut tx, framework_code, input).await;
        finish(tx, out).await
    }

    async fn get_framework_item(&self, id: FrameworkItemId) -> StoreResult<FrameworkItem> {
        let mut tx = self.read().await?;
        let out = frameworks::get_item(&mut tx, id).await;
        end_read(tx, out).await
    }

    async fn update_framework_item(&self, id: FrameworkItemId, pre: Precondition, input: FrameworkItemInput) -> StoreResult<FrameworkItem> {
        let mut tx = self.write().await?;
        let out = frameworks::update_item(&mut tx, id, pre, input).await;
        finish(tx, out).await
    }

    async fn delete_framework_item(&self, id: FrameworkItemId, pre: Precondition) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let out = frameworks::delete_item(&mut tx, id, pre).await;
        finish(tx, out).await
    }

    async fn list_framework_items(&self, filter: &FrameworkItemFilter, page: &Page) -> StoreResult<Listing<FrameworkItem>> {
        let mut tx = self.read().await?;
        let out = frameworks::list_items(&mut tx, filter, page).await;
        end_read(tx, out).await
    }

    async fn create_alignment(&self, input: AlignmentInput) -> StoreResult<Alignment> {
        let mut tx = self.write().await?;
        let out = alignments::create(&mut tx, input).await;
        finish(tx, out).await
    }

    async fn get_alignment(&self, id: AlignmentId) -> StoreResult<Alignment> {
        let mut tx = self.read().await?;
        let out = alignments::get(&mut tx, id).await;
        end_read(tx, out).await
    }

    async fn delete_alignment(&self, id: AlignmentId) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let out = alignments::delete(&mut tx, id).await;
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
        let out = target_groups::create(&mut tx, group).await;
        finish(tx, out).await
    }

    async fn install_reference(&self, set: &ReferenceSet) -> StoreResult<bool> {
        let mut tx = self.write().await?;
        let out = reference::install(&mut tx, set).await;
        finish(tx, out).await
    }

    async fn overview(&self, fiscal_year: FiscalYear) -> StoreResult<Overview> {
        let mut tx = self.read().await?;
        let out = overview::overview(&mut tx, fiscal_year).await;
        end_read(tx, out).await
    }

    async fn search(&self, request: &SearchRequest, page: &Page) -> StoreResult<SearchResults> {
        let mut tx = self.read().await?;
        let out = search::search(&mut tx, request, page).await;
        end_read(tx, out).await
    }

    async fn reindex(&self) -> StoreResult<u64> {
        let mut tx = self.write().await?;
        let out = search::reindex(&mut tx).await;
        finish(tx, out).await
    }

    async fn export(&self) -> StoreResult<Dump> {
        let mut tx = self.read().await?;
        let out = dump::export(&mut tx).await;
        end_read(tx, out).await
    }

    async fn import(&self, dump: &Dump) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let out = dump::import(&mut tx, dump).await;
        finish(tx, out).await
    }
}
