//! The `Store` trait: every way phakhi reads and writes its records.

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use phakhi_domain::access::{Grant, Principal};
use phakhi_domain::activity::{Activity, ActivityInput};
use phakhi_domain::agreement::{Agreement, AgreementInput};
use phakhi_domain::alignment::SubjectKind;
use phakhi_domain::alignment::{Alignment, AlignmentInput};
use phakhi_domain::area::Area;
use phakhi_domain::commitment::{Commitment, CommitmentInput};
use phakhi_domain::framework::{Framework, FrameworkInput, FrameworkItem, FrameworkItemInput};
use phakhi_domain::indicator::{Indicator, IndicatorInput, IndicatorValue, IndicatorValueInput, Transition};
use phakhi_domain::network::{Network, NetworkInput};
use phakhi_domain::organization::{Organization, OrganizationInput};
use phakhi_domain::participant::{Participant, ParticipantInput};
use phakhi_domain::plan::{Plan, PlanCopyInput, PlanInput, PlanItem, PlanItemInput};
use phakhi_domain::programme::{Programme, ProgrammeInput};
use phakhi_domain::target_group::TargetGroup;
use phakhi_domain::*;
use uuid::Uuid;

use crate::accounts::{Actor, ApiToken, AuditEntry, AuditFilter, Credentials, NewUser, Session, SessionRecord, User};
use crate::listing::*;
use crate::uploads::{NewUpload, StagedUpload};
use crate::{Dump, Overview, PlanProgress, ReferenceSet, SearchRequest, SearchResults, StoreResult};

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
    /// What no programme or activity of the fiscal year reaches: framework items, target groups,
    /// provinces, silent signatories, and entered indicators without an approved value.
    async fn gaps(&self, fiscal_year: FiscalYear) -> StoreResult<crate::gaps::Gaps>;

    /// A computed indicator's value for a period and place. It is exact: callers showing it to the
    /// public apply the disclosure control (`IndicatorValue::uses_a_small_count`).
    async fn evaluate_formula(
        &self,
        formula: &phakhi_domain::formula::Formula,
        scope: &crate::IndicatorScope,
    ) -> StoreResult<crate::IndicatorValue>;
    /// The formula's value in the scope's area and in each area one level down (the provinces of the
    /// country and its six regions, the districts of a province, the subdistricts of a district).
    async fn evaluate_formula_by_area(
        &self,
        formula: &phakhi_domain::formula::Formula,
        scope: &crate::IndicatorScope,
    ) -> StoreResult<crate::AreaBreakdown>;
    /// Every computed indicator of the plans in force in the fiscal year, evaluated over its plan's
    /// area: what a recompute of the year gives, in plan and indicator code order. Exact, as
    /// [`Store::evaluate_formula`] is.
    async fn computed_indicator_values(&self, fiscal_year: FiscalYear) -> StoreResult<Vec<crate::ComputedValue>>;

    // --- Plans and indicators: managed by the plan's network coordinators (or its organisation's
    // editors when no network keeps it) and admins -------------------------------------------------
    async fn create_plan(&self, input: PlanInput) -> StoreResult<Plan>;
    async fn get_plan(&self, id: PlanId) -> StoreResult<Plan>;
    async fn update_plan(&self, id: PlanId, pre: Precondition, input: PlanInput) -> StoreResult<Plan>;
    /// Deletes a plan and its tree; refused (conflict) while it still has indicators.
    async fn delete_plan(&self, id: PlanId, pre: Precondition) -> StoreResult<()>;
    async fn list_plans(&self, filter: &PlanFilter, page: &Page) -> StoreResult<Listing<Plan>>;
    /// A new plan (in draft) copied from `source`: its own tree and indicators, no values.
    async fn copy_plan_as_template(&self, source: PlanId, copy: PlanCopyInput) -> StoreResult<Plan>;

    async fn create_plan_item(&self, input: PlanItemInput) -> StoreResult<PlanItem>;
    async fn get_plan_item(&self, id: PlanItemId) -> StoreResult<PlanItem>;
    async fn update_plan_item(&self, id: PlanItemId, pre: Precondition, input: PlanItemInput) -> StoreResult<PlanItem>;
    async fn delete_plan_item(&self, id: PlanItemId, pre: Precondition) -> StoreResult<()>;
    /// Items in tree order (parents before children).
    async fn list_plan_items(&self, filter: &PlanItemFilter, page: &Page) -> StoreResult<Listing<PlanItem>>;

    async fn create_indicator(&self, input: IndicatorInput) -> StoreResult<Indicator>;
    async fn get_indicator(&self, id: IndicatorId) -> StoreResult<Indicator>;
    async fn update_indicator(&self, id: IndicatorId, pre: Precondition, input: IndicatorInput) -> StoreResult<Indicator>;
    /// Refused (conflict) while the indicator has values or is placed in its plan's tree.
    async fn delete_indicator(&self, id: IndicatorId, pre: Precondition) -> StoreResult<()>;
    async fn list_indicators(&self, filter: &IndicatorFilter, page: &Page) -> StoreResult<Listing<Indicator>>;

    /// A draft value, entered by the plan's managers or an editor of a responsible organisation.
    async fn create_indicator_value(&self, indicator: IndicatorId, input: IndicatorValueInput) -> StoreResult<IndicatorValue>;
    /// An approved value is public; others only for those who may enter or review them (and viewers).
    async fn get_indicator_value(&self, id: IndicatorValueId) -> StoreResult<IndicatorValue>;
    /// Changes a draft (anything else is a conflict).
    async fn update_indicator_value(
        &self,
        id: IndicatorValueId,
        pre: Precondition,
        input: IndicatorValueInput,
    ) -> StoreResult<IndicatorValue>;
    /// Deletes a draft (anything else is a conflict).
    async fn delete_indicator_value(&self, id: IndicatorValueId, pre: Precondition) -> StoreResult<()>;
    /// The values the reader may see: all of them for those entitled, else only approved ones.
    async fn list_indicator_values(&self, indicator: IndicatorId, filter: &IndicatorValueFilter) -> StoreResult<Vec<IndicatorValue>>;
    /// Submits (whoever may enter the value), approves or returns (the plan's coordinators and admins).
    async fn transition_indicator_value(&self, id: IndicatorValueId, pre: Precondition, step: Transition) -> StoreResult<IndicatorValue>;
    /// What the person this store acts for may do with an indicator's values (nothing for the public).
    async fn indicator_rights(&self, indicator: IndicatorId) -> StoreResult<crate::IndicatorRights>;

    /// A plan's progress for a fiscal year and area (the plan's own when `None`): values, statuses and
    /// roll-ups. Readers who may not see the plan's non-public figures get computed values resting on
    /// a count of participants from 1 to 4 suppressed.
    async fn plan_progress(&self, plan: PlanId, fiscal_year: FiscalYear, area: Option<String>) -> StoreResult<PlanProgress>;

    /// Searches every kind of record in Thai and English, best matches first.
    async fn search(&self, request: &SearchRequest, page: &Page) -> StoreResult<SearchResults>;
    /// Rebuilds the search index from the records; returns the number of documents indexed.
    async fn reindex(&self) -> StoreResult<u64>;
    /// Rebuilds the search index if this version of phakhi writes it differently from the version that
    /// built it (after an upgrade); returns the number of documents indexed if it did.
    async fn ensure_search_index(&self) -> StoreResult<Option<u64>>;

    /// Every record a network keeps (not the reference data), in a stable order.
    async fn export(&self) -> StoreResult<Dump>;
    /// Loads a dump into a database that holds no records yet, keeping ids, versions and timestamps.
    async fn import(&self, dump: &Dump) -> StoreResult<()>;

    // --- Who is acting -------------------------------------------------------------------------
    /// This store acting for someone else: every write is checked against their roles
    /// (`phakhi_domain::access`) and recorded in the audit log under their name.
    fn acting_as(&self, actor: Actor) -> Arc<dyn Store>;
    /// Who this store acts for.
    fn actor(&self) -> &Actor;

    /// Whether the person this store acts for may see the non-public figures (raw participation
    /// counts) of a record: admins, and editors, coordinators and viewers of its owners.
    async fn may_see_private(&self, subject: SubjectKind, id: Uuid) -> StoreResult<bool>;

    // --- Participants: personal data, for the organising organisation's editors (and admins) -----
    async fn create_participant(&self, activity: ActivityId, input: ParticipantInput) -> StoreResult<Participant>;
    async fn get_participant(&self, id: ParticipantId) -> StoreResult<Participant>;
    async fn list_participants(&self, activity: ActivityId) -> StoreResult<Vec<Participant>>;
    async fn update_participant(&self, id: ParticipantId, pre: Precondition, input: ParticipantInput) -> StoreResult<Participant>;
    /// Erases a person's record; the activity's counts keep them.
    async fn erase_participant(&self, id: ParticipantId, pre: Precondition) -> StoreResult<()>;

    // --- Accounts (creating accounts, roles and tokens needs an admin) --------------------------
    async fn create_user(&self, user: NewUser) -> StoreResult<User>;
    async fn add_grant(&self, user: Uuid, grant: Grant) -> StoreResult<()>;
    async fn get_user(&self, id: Uuid) -> StoreResult<User>;
    async fn list_users(&self) -> StoreResult<Vec<User>>;
    /// An account and its password hash, by email (any case), for signing in.
    async fn credentials(&self, email: &str) -> StoreResult<Option<Credentials>>;
    /// Records the outcome of a sign-in on an account (failures count towards a lock-out).
    async fn note_sign_in(&self, user: Uuid, success: bool, lock_until: Option<DateTime<Utc>>) -> StoreResult<()>;
    /// Counts a sign-in attempt against a key (an IP address or an email), for rate limits shared by
    /// every app process.
    async fn record_sign_in_attempt(&self, key: &str) -> StoreResult<()>;
    async fn count_sign_in_attempts(&self, key: &str, since: DateTime<Utc>) -> StoreResult<u64>;
    async fn create_session(&self, session: SessionRecord) -> StoreResult<()>;
    /// The live session with this secret's hash, if it exists, has not expired and its account is active.
    async fn session(&self, token_hash: &str) -> StoreResult<Option<Session>>;
    async fn end_session(&self, token_hash: &str) -> StoreResult<()>;
    async fn create_api_token(&self, user: Uuid, name: &str, token_hash: &str) -> StoreResult<ApiToken>;
    async fn list_api_tokens(&self, user: Uuid) -> StoreResult<Vec<ApiToken>>;
    /// Who an unrevoked API token acts for.
    async fn api_token_principal(&self, token_hash: &str) -> StoreResult<Option<Principal>>;
    async fn revoke_api_token(&self, id: Uuid) -> StoreResult<()>;
    async fn create_password_reset(&self, user: Uuid, token_hash: &str, expires_at: DateTime<Utc>) -> StoreResult<()>;
    /// Uses a one-time reset link; false when it is unknown, used or expired.
    async fn reset_password(&self, token_hash: &str, password_hash: &str) -> StoreResult<bool>;

    // --- Audit log (append-only; admins read it) --------------------------------------------------
    async fn list_audit(&self, filter: &AuditFilter, page: &Page) -> StoreResult<Listing<AuditEntry>>;

    // --- Bulk loading (generated data sets; admins only) ------------------------------------------
    /// Writes a batch of records as given (ids, versions, timestamps) in one transaction, many rows per
    /// statement, with one audit entry for the whole batch. For data the caller vouches for (it is
    /// neither validated nor reference-checked here; the database's keys still hold). The batch's
    /// records are indexed for search in the same transaction, like any other write.
    async fn load_bulk(&self, batch: &Dump) -> StoreResult<()>;
    /// After the last batch of a bulk load: brings the search index into the shape searches are
    /// fastest on (written batch by batch, it is in many pieces). Admins only.
    async fn finish_bulk_load(&self) -> StoreResult<()>;

    // --- Spreadsheets ----------------------------------------------------------------------------
    /// Matches each row of a sheet to what is stored by its natural key (see [`crate::sheet`]) and
    /// creates, updates or leaves it, each change checked against the actor's roles and audited, all in
    /// one transaction. `DryRun` rolls it all back; `AllOrNothing` commits only when no row failed;
    /// `ValidRowsOnly` commits the rows that succeeded.
    async fn apply_sheet(&self, rows: &[crate::sheet::SheetRow], mode: crate::sheet::SheetMode) -> StoreResult<crate::sheet::SheetReport>;

    // --- Uploads staged for import (see [`crate::uploads`]) ---------------------------------------
    /// Keeps a spreadsheet for the person this store acts for until its import is confirmed or it
    /// expires, deleting expired uploads meanwhile. Only people (signed in with an account) stage.
    async fn stage_upload(&self, upload: NewUpload) -> StoreResult<StagedUpload>;
    /// One of this person's staged uploads; anyone else's, and an expired one, is `NotFound`.
    async fn staged_upload(&self, id: Uuid) -> StoreResult<StagedUpload>;
    /// Deletes one of this person's staged uploads (after its import, or when they give it up).
    async fn discard_upload(&self, id: Uuid) -> StoreResult<()>;
}
