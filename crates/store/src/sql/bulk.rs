//! Bulk loading: many records per statement, for generated data sets of millions of rows.
//!
//! Each entity module inserts one row per statement, which is right for a request (a handful of rows)
//! and far too slow for ten million participation cells: the round trip, not the row, is the cost.
//! Here every table an entity's `insert` writes gets multi-row `INSERT … VALUES (…), (…)` statements,
//! as large as the database allows. The rows written are exactly those of the per-entity `insert`
//! functions (same columns, same `position` numbering), so records read back identically.
//!
//! What this module does not do: check references against the database or validate inputs (the
//! caller vouches for its data — the database's foreign keys still refuse a dangling reference), and
//! write the search index (`search::index_batch` does, in the same transaction: see `Store::load_bulk`).

use std::collections::HashMap;

use phakhi_domain::activity::Activity;
use phakhi_domain::agreement::Agreement;
use phakhi_domain::commitment::Commitment;
use phakhi_domain::network::Network;
use phakhi_domain::organization::Organization;
use phakhi_domain::participation::ParticipationCell;
use phakhi_domain::programme::Programme;
use phakhi_domain::{RecordMeta, Vocabulary};
use serde::Serialize;
use uuid::Uuid;

use super::figures::{self, Subjects};
use super::{Arg, Dialect, Sql, Tx, frameworks, target_groups};
use crate::error::Context;
use crate::{Dump, StoreResult};

/// Most parameters one statement may bind. PostgreSQL's protocol counts them in 16 bits (65,535);
/// SQLite allows 32,766 since 3.32 (the bundled SQLite is 3.4x).
fn max_parameters(dialect: Dialect) -> usize {
    match dialect {
        Dialect::Postgres => 65_535,
        Dialect::Sqlite => 32_766,
    }
}

/// How many rows of each table one batch wrote (the audit entry of the batch records it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Loaded {
    pub target_groups: u64,
    pub organizations: u64,
    pub networks: u64,
    pub network_members: u64,
    pub agreements: u64,
    pub agreement_parties: u64,
    pub agreement_documents: u64,
    pub commitments: u64,
    pub commitment_deliverables: u64,
    pub commitment_progress: u64,
    pub programmes: u64,
    pub programme_partners: u64,
    pub programme_target_groups: u64,
    pub activities: u64,
    pub activity_partners: u64,
    pub activity_target_groups: u64,
    pub participation_cells: u64,
    pub frameworks: u64,
    pub framework_items: u64,
    pub alignments: u64,
    pub plans: u64,
}

/// Rows for one table, kept flat (one `Vec` for all values) to avoid an allocation per row.
pub(super) struct Rows {
    table: &'static str,
    /// What a failure says it was doing (error contexts are static text).
    doing: &'static str,
    columns: &'static [&'static str],
    values: Vec<Arg>,
}

impl Rows {
    pub(super) fn new(table: &'static str, columns: &'static [&'static str]) -> Self {
        Self { table, doing: doing(table), columns, values: Vec::new() }
    }

    pub(super) fn push(&mut self, row: impl IntoIterator<Item = Arg>) {
        let before = self.values.len();
        self.values.extend(row);
        debug_assert_eq!(self.values.len() - before, self.columns.len(), "a row of {} has the wrong width", self.table);
    }

    fn len(&self) -> u64 {
        (self.values.len() / self.columns.len()) as u64
    }

    /// Writes the rows in as few statements as the database's parameter limit allows.
    pub(super) async fn write(self, tx: &mut impl Tx) -> StoreResult<u64> {
        let width = self.columns.len();
        let rows = self.len();
        let per_statement = max_parameters(tx.dialect()) / width;
        let head = format!("INSERT INTO {} ({}) VALUES ", self.table, self.columns.join(", "));
        let mut values = self.values.into_iter();
        let mut left = rows as usize;
        while left > 0 {
            let n = left.min(per_statement);
            let mut sql = Sql::new(statement(tx.dialect(), &head, width, n));
            sql.args = values.by_ref().take(n * width).collect();
            tx.execute(sql).await.context(self.doing)?;
            left -= n;
        }
        Ok(rows)
    }
}

/// The error context of a table's statements.
fn doing(table: &str) -> &'static str {
    match table {
        "organizations" => "bulk-inserting organisations",
        "networks" => "bulk-inserting networks",
        "network_members" => "bulk-inserting network members",
        "agreements" => "bulk-inserting agreements",
        "agreement_parties" => "bulk-inserting agreement parties",
        "agreement_documents" => "bulk-inserting agreement documents",
        "commitments" => "bulk-inserting commitments",
        "commitment_deliverables" => "bulk-inserting deliverables",
        "commitment_progress" => "bulk-inserting progress updates",
        "programmes" => "bulk-inserting programmes",
        "programme_partners" => "bulk-inserting programme partners",
        "programme_target_groups" => "bulk-inserting programme target groups",
        "activities" => "bulk-inserting activities",
        "activity_partners" => "bulk-inserting activity partners",
        "activity_target_groups" => "bulk-inserting activity target groups",
        "participation_cells" => "bulk-inserting participation cells",
        "alignments" => "bulk-inserting alignments",
        "audit_log" => "writing the audit log",
        "audit_scope" => "writing the audit log's scope",
        _ => "bulk-inserting rows",
    }
}

/// `head` followed by `rows` groups of `width` placeholders. SQLite gets anonymous `?`: it looks a
/// named or numbered placeholder (`$7`, `?7`) up in a list, once when parsing and once more when sqlx
/// binds it, which makes a statement of 30,000 of them take seconds; `?` are bound in order.
pub(super) fn statement(dialect: Dialect, head: &str, width: usize, rows: usize) -> String {
    use std::fmt::Write;
    let mut text = String::with_capacity(head.len() + rows * width * 8);
    text.push_str(head);
    for r in 0..rows {
        text.push_str(if r == 0 { "(" } else { ", (" });
        for c in 0..width {
            text.push_str(if c == 0 { "" } else { ", " });
            match dialect {
                Dialect::Sqlite => text.push('?'),
                Dialect::Postgres => {
                    let _ = write!(text, "${}", r * width + c + 1);
                }
            }
        }
        text.push(')');
    }
    text
}

fn position(i: usize) -> Arg {
    (i as i64).into()
}

fn organizations(list: &[Organization]) -> Rows {
    let mut rows = Rows::new(
        "organizations",
        &[
            "id",
            "name_th",
            "name_en",
            "abbreviation",
            "sector",
            "parent_id",
            "area_code",
            "website",
            "status",
            "description_th",
            "description_en",
            "version",
            "created_at",
            "updated_at",
        ],
    );
    for o in parents_first(list) {
        let i = &o.input;
        rows.push(record_row(o.id.0, super::organizations::fields(i), &o.meta));
    }
    rows
}

/// The organisations ordered so that a parent in the same batch is inserted before its units (the
/// foreign key is checked per statement, and a batch may span several statements).
fn parents_first(list: &[Organization]) -> Vec<&Organization> {
    let parent_of: HashMap<Uuid, Uuid> = list.iter().filter_map(|o| o.input.parent_id.map(|p| (o.id.0, p.0))).collect();
    let depth = |mut id: Uuid| {
        let mut d = 0usize;
        while let Some(p) = parent_of.get(&id) {
            id = *p;
            d += 1;
            if d > list.len() {
                break; // a cycle: the database will refuse it, with its own message
            }
        }
        d
    };
    let mut ordered: Vec<(usize, &Organization)> = list.iter().map(|o| (depth(o.id.0), o)).collect();
    ordered.sort_by_key(|(d, _)| *d);
    ordered.into_iter().map(|(_, o)| o).collect()
}

fn networks(list: &[Network]) -> [Rows; 2] {
    let mut networks = Rows::new(
        "networks",
        &[
            "id",
            "name_th",
            "name_en",
            "instrument",
            "established_on",
            "area_code",
            "description_th",
            "description_en",
            "version",
            "created_at",
            "updated_at",
        ],
    );
    let mut members = Rows::new("network_members", &["network_id", "organization_id", "role", "represented_by", "joined_on", "position"]);
    for n in list {
        let i = &n.input;
        networks.push(record_row(n.id.0, super::networks::fields(i), &n.meta));
        for (p, m) in i.members.iter().enumerate() {
            members.push([
                n.id.0.into(),
                m.organization_id.0.into(),
                m.role.code().into(),
                m.represented_by.clone().into(),
                m.joined_on.into(),
                position(p),
            ]);
        }
    }
    [networks, members]
}

fn agreements(list: &[Agreement]) -> [Rows; 3] {
    let mut agreements = Rows::new(
        "agreements",
        &[
            "id",
            "title_th",
            "title_en",
            "themes",
            "signed_on",
            "place_th",
            "place_en",
            "area_code",
            "term_start",
            "term_end",
            "declared_signatories",
            "status",
            "network_id",
            "notes_th",
            "notes_en",
            "version",
            "created_at",
            "updated_at",
        ],
    );
    let mut parties = Rows::new("agreement_parties", &["agreement_id", "organization_id", "role", "signed_by", "position"]);
    let mut documents =
        Rows::new("agreement_documents", &["agreement_id", "position", "title", "file_name", "media_type", "size_bytes", "sha256", "url"]);
    for a in list {
        let i = &a.input;
        agreements.push(record_row(a.id.0, super::agreements::fields(i), &a.meta));
        for (p, party) in i.parties.iter().enumerate() {
            parties.push([
                a.id.0.into(),
                party.organization_id.0.into(),
                party.role.code().into(),
                party.signed_by.clone().into(),
                position(p),
            ]);
        }
        for (p, d) in i.documents.iter().enumerate() {
            documents.push([
                a.id.0.into(),
                position(p),
                d.title.clone().into(),
                d.file_name.clone().into(),
                d.media_type.clone().into(),
                d.size_bytes.map(|s| s.min(i64::MAX as u64) as i64).into(),
                d.sha256.clone().into(),
                d.url.clone().into(),
            ]);
        }
    }
    [agreements, parties, documents]
}

fn commitments(list: &[Commitment]) -> [Rows; 3] {
    let mut commitments = Rows::new(
        "commitments",
        &[
            "id",
            "agreement_id",
            "organization_id",
            "title_th",
            "title_en",
            "description_th",
            "description_en",
            "status",
            "version",
            "created_at",
            "updated_at",
        ],
    );
    let mut deliverables =
        Rows::new("commitment_deliverables", &["commitment_id", "position", "title_th", "title_en", "due_on", "status", "delivered_on"]);
    let mut progress =
        Rows::new("commitment_progress", &["commitment_id", "position", "reported_on", "percent", "narrative_th", "narrative_en"]);
    for c in list {
        let i = &c.input;
        commitments.push(record_row(c.id.0, super::commitments::fields(i), &c.meta));
        for (p, d) in i.deliverables.iter().enumerate() {
            deliverables.push([
                c.id.0.into(),
                position(p),
                d.title_th.clone().into(),
                d.title_en.clone().into(),
                d.due_on.into(),
                d.status.code().into(),
                d.delivered_on.into(),
            ]);
        }
        for (p, u) in i.progress.iter().enumerate() {
            progress.push([
                c.id.0.into(),
                position(p),
                u.reported_on.into(),
                i64::from(u.percent).into(),
                u.narrative_th.clone().into(),
                u.narrative_en.clone().into(),
            ]);
        }
    }
    [commitments, deliverables, progress]
}

/// A record's row as its own module's `insert` writes it: the id, the input's fields, then the
/// bookkeeping — so a bulk-loaded record is stored exactly like one created through the API.
fn record_row(id: Uuid, fields: Vec<Arg>, meta: &RecordMeta) -> impl Iterator<Item = Arg> {
    std::iter::once(id.into()).chain(fields).chain([meta.version.into(), meta.created_at.into(), meta.updated_at.into()])
}

/// The rows of an ordered link table (`Link::write` in `links.rs`): parent, value, position.
fn link(table: &'static str, columns: &'static [&'static str; 3], links: impl Iterator<Item = (Uuid, Vec<Arg>)>) -> Rows {
    let mut rows = Rows::new(table, columns);
    for (parent, values) in links {
        for (p, v) in values.into_iter().enumerate() {
            rows.push([parent.into(), v, position(p)]);
        }
    }
    rows
}

fn programmes(list: &[Programme]) -> [Rows; 3] {
    let mut programmes = Rows::new(
        "programmes",
        &[
            "id",
            "title_th",
            "title_en",
            "description_th",
            "description_en",
            "fiscal_year",
            "budget_satang",
            "budget_source",
            "lead_organization_id",
            "area_code",
            "starts_on",
            "ends_on",
            "status",
            "version",
            "created_at",
            "updated_at",
        ],
    );
    for p in list {
        let i = &p.input;
        programmes.push(record_row(p.id.0, super::programmes::fields(i), &p.meta));
    }
    let partners = link(
        "programme_partners",
        &["programme_id", "organization_id", "position"],
        list.iter().map(|p| (p.id.0, p.input.partner_organization_ids.iter().map(|o| o.0.into()).collect())),
    );
    let groups = link(
        "programme_target_groups",
        &["programme_id", "target_group", "position"],
        list.iter().map(|p| (p.id.0, p.input.target_groups.iter().map(|g| g.clone().into()).collect())),
    );
    [programmes, partners, groups]
}

fn activities(list: &[Activity]) -> [Rows; 4] {
    let mut activities = Rows::new(
        "activities",
        &[
            "id",
            "programme_id",
            "kind",
            "title_th",
            "title_en",
            "description_th",
            "description_en",
            "starts_at",
            "ends_at",
            "venue_th",
            "venue_en",
            "area_code",
            "hours",
            "mode",
            "lead_organization_id",
            "volunteer_hours",
            "version",
            "created_at",
            "updated_at",
        ],
    );
    for a in list {
        activities.push(record_row(a.id.0, super::activities::fields(&a.input), &a.meta));
    }
    let cells = participation_cells(list.iter().map(|a| (a.id.0, a.input.participation.as_slice())));
    let partners = link(
        "activity_partners",
        &["activity_id", "organization_id", "position"],
        list.iter().map(|a| (a.id.0, a.input.partner_organization_ids.iter().map(|o| o.0.into()).collect())),
    );
    let groups = link(
        "activity_target_groups",
        &["activity_id", "target_group", "position"],
        list.iter().map(|a| (a.id.0, a.input.target_groups.iter().map(|g| g.clone().into()).collect())),
    );
    [activities, partners, groups, cells]
}

/// The participation cells of activities, each activity's in its order.
pub(super) fn participation_cells<'a>(list: impl IntoIterator<Item = (Uuid, &'a [ParticipationCell])>) -> Rows {
    let mut cells =
        Rows::new("participation_cells", &["activity_id", "position", "gender", "age_band", "target_group", "nationality", "count"]);
    for (activity, participation) in list {
        for (p, c) in participation.iter().enumerate() {
            cells.push([
                activity.into(),
                position(p),
                c.gender.code().into(),
                c.age_band.code().into(),
                c.target_group.clone().into(),
                c.nationality.clone().into(),
                i64::from(c.count).into(),
            ]);
        }
    }
    cells
}

/// The same columns as `alignments::insert`.
fn alignment_rows(list: &[phakhi_domain::alignment::Alignment]) -> Rows {
    let mut rows = Rows::new("alignments", &["id", "subject_kind", "subject_id", "item_id", "note", "created_at"]);
    for a in list {
        let i = &a.input;
        rows.push([
            a.id.0.into(),
            i.subject_kind.code().into(),
            i.subject_id.into(),
            i.item_id.0.into(),
            i.note.clone().into(),
            a.created_at.into(),
        ]);
    }
    rows
}

/// Activities and programmes loaded earlier (or created through the API) that the batch aligns: the
/// batch changes their share of the yearly figures.
fn aligned_earlier(batch: &Dump) -> Subjects {
    let own: std::collections::HashSet<Uuid> =
        batch.activities.iter().map(|a| a.id.0).chain(batch.programmes.iter().map(|p| p.id.0)).collect();
    let mut subjects = Subjects::default();
    for a in batch.alignments.iter().filter(|a| !own.contains(&a.input.subject_id)) {
        subjects.extend(Subjects::aligned(a.input.subject_kind, a.input.subject_id));
    }
    subjects
}

/// Writes every record of the batch (referenced records first) and adds their shares to the yearly
/// figures, without touching the search index.
pub async fn load(tx: &mut impl Tx, batch: &Dump) -> StoreResult<Loaded> {
    let change = figures::Change::begin(tx, aligned_earlier(batch)).await?;
    let mut n = Loaded::default();
    // Custom target groups and frameworks are few; their own inserts (which also index a framework
    // item) are fast enough and keep their rules in one place.
    for (i, g) in batch.target_groups.iter().enumerate() {
        target_groups::upsert(tx, g, i64::MAX / 2 + i as i64, false).await?;
    }
    n.target_groups = batch.target_groups.len() as u64;
    for f in &batch.frameworks {
        frameworks::insert(tx, f).await?;
    }
    n.frameworks = batch.frameworks.len() as u64;
    // As in an import: items first, then their parents, so the batch's order does not matter.
    for item in &batch.framework_items {
        let mut without_parent = item.clone();
        without_parent.input.parent_id = None;
        frameworks::insert_item(tx, &without_parent).await?;
    }
    for item in batch.framework_items.iter().filter(|i| i.input.parent_id.is_some()) {
        let sql =
            Sql::new("UPDATE framework_items SET parent_id = $1 WHERE id = $2").bind(item.input.parent_id.map(|p| p.0)).bind(item.id.0);
        tx.execute(sql).await.context("linking parent items")?;
    }
    n.framework_items = batch.framework_items.len() as u64;

    n.organizations = organizations(&batch.organizations).write(tx).await?;
    let [networks, members] = networks(&batch.networks);
    n.networks = networks.write(tx).await?;
    n.network_members = members.write(tx).await?;
    let [agreements, parties, documents] = agreements(&batch.agreements);
    n.agreements = agreements.write(tx).await?;
    n.agreement_parties = parties.write(tx).await?;
    n.agreement_documents = documents.write(tx).await?;
    let [commitments, deliverables, progress] = commitments(&batch.commitments);
    n.commitments = commitments.write(tx).await?;
    n.commitment_deliverables = deliverables.write(tx).await?;
    n.commitment_progress = progress.write(tx).await?;
    let [programmes, partners, groups] = programmes(&batch.programmes);
    n.programmes = programmes.write(tx).await?;
    n.programme_partners = partners.write(tx).await?;
    n.programme_target_groups = groups.write(tx).await?;
    let [activities, partners, groups, cells] = activities(&batch.activities);
    n.activities = activities.write(tx).await?;
    n.activity_partners = partners.write(tx).await?;
    n.activity_target_groups = groups.write(tx).await?;
    n.participation_cells = cells.write(tx).await?;
    n.alignments = alignment_rows(&batch.alignments).write(tx).await?;
    // Plans are few even at national scale: their own inserts suffice.
    super::dump::insert_plans(tx, batch).await?;
    n.plans = batch.plans.len() as u64;
    let mut loaded = Subjects::activities(batch.activities.iter().map(|a| a.id.0));
    loaded.extend(Subjects::programmes(batch.programmes.iter().map(|p| p.id.0)));
    refresh_statistics_when_grown(tx, n.participation_cells).await?;
    change.and_new_records(loaded).finish(tx).await?;
    Ok(n)
}

/// The tables the yearly figures' statements read, whose statistics PostgreSQL plans them by.
const FIGURES_READ: &str = "activities, participation_cells, alignments, programmes";

/// Refreshes PostgreSQL's statistics of the tables the figures read when a load has grown them by a
/// quarter since they were last gathered. Autovacuum gathers them only now and then; while a bulk
/// load grows the tables from nothing, the plan made for a small table (a sequential scan of every
/// participation cell) took 1.5 s per 500 activities instead of 42 ms (measured at two million
/// cells). Growth by a quarter at a time gathers them about twenty times over a national load.
async fn refresh_statistics_when_grown(tx: &mut impl Tx, cells_written: u64) -> StoreResult<()> {
    if tx.dialect() != Dialect::Postgres || cells_written == 0 {
        return Ok(());
    }
    // `reltuples` is -1 until statistics were first gathered; the count of changes since they were
    // last gathered does not include this transaction's.
    let sql = Sql::new(
        "SELECT CAST(c.reltuples AS DOUBLE PRECISION), CAST(COALESCE(s.n_mod_since_analyze, 0) AS BIGINT) FROM pg_class c \
         LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid WHERE c.oid = CAST('participation_cells' AS regclass)",
    );
    let (gathered, changed): (f64, i64) = tx.fetch_optional(sql).await.context("reading the table statistics")?.unwrap_or((-1.0, 0));
    if gathered < 0.0 || (changed as f64 + cells_written as f64) > gathered * 0.25 {
        tx.execute(Sql::new(format!("ANALYZE {FIGURES_READ}"))).await.context("refreshing the table statistics")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_number_every_value_once_in_row_order() {
        assert_eq!(statement(Dialect::Postgres, "INSERT INTO t (a, b) VALUES ", 2, 2), "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4)");
        assert_eq!(statement(Dialect::Sqlite, "INSERT INTO t (a, b) VALUES ", 2, 2), "INSERT INTO t (a, b) VALUES (?, ?), (?, ?)");
    }

    #[test]
    fn the_widest_table_still_fits_many_rows_in_one_statement() {
        // activities has 19 columns: 1,724 rows per SQLite statement, 3,449 per PostgreSQL statement.
        assert_eq!(max_parameters(Dialect::Sqlite) / 19, 1_724);
        assert_eq!(max_parameters(Dialect::Postgres) / 19, 3_449);
    }
}
