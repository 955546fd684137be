//! The `Store` trait: every way phakhi reads and writes its records.

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

use crate::listing::*;
use crate::{Dump, Overview, ReferenceSet, SearchRequest, SearchResults, StoreResult};

/// What the client believes the current version is, for optimistic concurrency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precondition {
    /// Write whatever the current version is (`If-Match: *`, the CLI, imports).
    Any,
    /// Write only if the record is still at this version.
    Version(i64),
}

/// Storage for all of phakhi's records. Every write is one transaction: it happens completely or not
/// at all, and is durable once the method returns `Ok`.
#[async_trait]
pub trait Store: Send + Sync + std::fmt::Debug {
    /// `sqlite` or `postgres`.
    fn backend_name(&self) -> &'static str;
    /// Checks the database answers.
    async fn ping(&self) -> StoreResult<()>;
    /// Installs or refreshes reference data; returns false if this exact set was already installed.
    async fn install_reference(&self, set: &ReferenceSet) -> StoreResult<bool>;

    async fn list_areas(&self, filter: &AreaFilter, page: &Page) -> StoreResult<Listing<Area>>;
    async fn get_area(&self, code: &str) -> StoreResult<Area>;

    async fn list_target_groups(&self) -> StoreResult<Vec<TargetGroup>>;
    async fn create_target_group(&self, group: TargetGroup) -> StoreResult<TargetGroup>;

    async fn create_organization(&self, input: OrganizationInput) -> StoreResult<Organization>;
    async fn get_organization(&self, id: OrganizationId) -> StoreResult<Organization>;
    async fn update_organization(&self, id: OrganizationId, pre: Precondition, input: OrganizationInput) -> StoreResult<Organization>;
    async fn delete_organization(&self, id: OrganizationId, pre: Precondition) -> StoreResult<()>;
    async fn list_organizations(&self, filter: &OrganizationFilter, page: &Page) -> StoreResult<Listing<Organization>>;

    async fn create_network(&self, input: NetworkInput) -> StoreResult<Network>;
    async fn get_network(&self, id: NetworkId) -> StoreResult<Network>;
    async fn update_network(&self, id: NetworkId, pre: Precondition, input: NetworkInput) -> StoreResult<Network>;
    async fn delete_network(&self, id: NetworkId, pre: Precondition) -> StoreResult<()>;
    async fn list_networks(&self, filter: &NetworkFilter, page: &Page) -> StoreResult<Listing<Network>>;

    async fn create_agreement(&self, input: AgreementInput) -> StoreResult<Agreement>;
    /// An agreement with its commitments.
    async fn get_agreement(&self, id: AgreementId) -> StoreResult<Agreement>;
    async fn update_agreement(&self, id: AgreementId, pre: Precondition, input: AgreementInput) -> StoreResult<Agreement>;
    async fn delete_agreement(&self, id: AgreementId, pre: Precondition) -> StoreResult<()>;
    async fn list_agreements(&self, filter: &AgreementFilter, page: &Page) -> StoreResult<Listing<Agreement>>;

    async fn create_commitment(&self, input: CommitmentInput) -> StoreResult<Commitment>;
    async fn get_commitment(&self, id: CommitmentId) -> StoreResult<Commitment>;
    async fn update_commitment(&self, id: CommitmentId, pre: Precondition, input: CommitmentInput) -> StoreResult<Commitment>;
    async fn delete_commitment(&self, id: CommitmentId, pre: Precondition) -> StoreResult<()>;
    async fn list_commitments(&self, filter: &CommitmentFilter, page: &Page) -> StoreResult<Listing<Commitment>>;

    async fn create_programme(&self, input: ProgrammeInput) -> StoreResult<Programme>;
    async fn get_programme(&self, id: ProgrammeId) -> StoreResult<Programme>;
    async fn update_programme(&self, id: ProgrammeId, pre: Precondition, input: ProgrammeInput) -> StoreResult<Programme>;
    async fn delete_programme(&self, id: ProgrammeId, pre: Precondition) -> StoreResult<()>;
    async fn list_programmes(&self, filter: &ProgrammeFilter, page: &Page) -> StoreResult<Listing<Programme>>;

    async fn create_activity(&self, input: ActivityInput) -> StoreResult<Activity>;
    async fn get_activity(&self, id: ActivityId) -> StoreResult<Activity>;
    async fn update_activity(&self, id: ActivityId, pre: Precondition, input: ActivityInput) -> StoreResult<Activity>;
    async fn delete_activity(&self, id: ActivityId, pre: Precondition) -> StoreResult<()>;
    async fn list_activities(&self, filter: &ActivityFilter, page: &Page) -> StoreResult<Listing<Activity>>;

    async fn create_framework(&self, input: FrameworkInput) -> StoreResult<Framework>;
    async fn get_framework(&self, code: &str) -> StoreResult<Framework>;
    async fn update_framework(&self, code: &str, pre: Precondition, input: FrameworkInput) -> StoreResult<Framework>;
    async fn delete_framework(&self, code: &str, pre: Precondition) -> StoreResult<()>;
    async fn list_frameworks(&self, page: &Page) -> StoreResult<Listing<Framework>>;

    async fn create_framework_item(&self, framework_code: &str, input: FrameworkItemInput) -> StoreResult<FrameworkItem>;
    async fn get_framework_item(&self, id: FrameworkItemId) -> StoreResult<FrameworkItem>;
    async fn update_framework_item(&self, id: FrameworkItemId, pre: Precondition, input: FrameworkItemInput) -> StoreResult<FrameworkItem>;
    async fn delete_framework_item(&self, id: FrameworkItemId, pre: Precondition) -> StoreResult<()>;
    async fn list_framework_items(&self, filter: &FrameworkItemFilter, page: &Page) -> StoreResult<Listing<FrameworkItem>>;

    async fn create_alignment(&self, input: AlignmentInput) -> StoreResult<Alignment>;
    async fn get_alignment(&self, id: AlignmentId) -> StoreResult<Alignment>;
    async fn delete_alignment(&self, id: AlignmentId) -> StoreResult<()>;
    async fn list_alignments(&self, filter: &AlignmentFilter, page: &Page) -> StoreResult<Listing<Alignment>>;

    /// The figures of one fiscal year for the whole register (home page, annual report).
    async fn overview(&self, fiscal_year: FiscalYear) -> StoreResult<Overview>;

    /// Searches every kind of record in Thai and English, best matches first.
    async fn search(&self, request: &SearchRequest, page: &Page) -> StoreResult<SearchResults>;
    /// Rebuilds the search index from the records; returns the number of documents indexed.
    async fn reindex(&self) -> StoreResult<u64>;

    /// Every record a network keeps (not the reference data), in a stable order.
    async fn export(&self) -> StoreResult<Dump>;
    /// Loads a dump into a database that holds no records yet, keeping ids, versions and timestamps.
    async fn import(&self, dump: &Dump) -> StoreResult<()>;
}
