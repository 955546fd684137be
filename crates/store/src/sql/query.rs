//! A small builder for the lists' `SELECT … WHERE … ORDER BY … LIMIT` statements, so that filters add
//! conditions and arguments together and placeholders are always numbered right.

use std::borrow::Cow;

use super::{Arg, Dialect, Sql};
use crate::listing::{ItemRef, Page, Sort};
use crate::{StoreError, StoreResult};
use phakhi_domain::Violations;

/// A list query under construction.
#[derive(Debug)]
pub struct Select {
    columns: &'static str,
    from: Cow<'static, str>,
    conditions: Vec<String>,
    args: Vec<Arg>,
}

impl Select {
    pub fn new(columns: &'static str, from: impl Into<Cow<'static, str>>) -> Self {
        Self { columns, from: from.into(), conditions: Vec::new(), args: Vec::new() }
    }

    /// The same query reading from `from`: for a `FROM` that holds placeholders of its own, which
    /// must be registered (`arg`) before it can be written.
    pub fn with_from(self, from: impl Into<Cow<'static, str>>) -> Self {
        Self { from: from.into(), ..self }
    }

    /// Registers a value and returns its placeholder (`$3`).
    pub fn arg(&mut self, value: impl Into<Arg>) -> String {
        self.args.push(value.into());
        format!("${}", self.args.len())
    }

    /// Adds a condition (joined with AND).
    pub fn and(&mut self, condition: impl Into<String>) {
        self.conditions.push(condition.into());
    }

    /// `column = value` when the filter is set.
    pub fn eq(&mut self, column: &str, value: Option<impl Into<Arg>>) {
        if let Some(v) = value {
            let p = self.arg(v);
            self.and(format!("{column} = {p}"));
        }
    }

    /// Matches an area and every area inside it: DOPA codes nest by prefix.
    pub fn area(&mut self, column: &str, area: Option<&str>) -> StoreResult<()> {
        if let Some(code) = area {
            if phakhi_domain::area::AreaLevel::of_code(code).is_none() {
                return Err(StoreError::Invalid(Violations::single(
                    "area",
                    "invalid_area_code",
                    "รหัสพื้นที่ต้องเป็นรหัสกรมการปกครอง 2, 4 หรือ 6 หลัก",
                    "An area code is a DOPA code of 2, 4 or 6 digits",
                )));
            }
            let p = self.arg(format!("{code}%"));
            self.and(format!("{column} LIKE {p}"));
        }
        Ok(())
    }

    /// Case-insensitive substring match on any of the columns.
    pub fn text(&mut self, columns: &[&str], q: Option<&str>) {
        let Some(q) = q.map(str::trim).filter(|q| !q.is_empty()) else { return };
        let escaped = q.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
        let p = self.arg(format!("%{}%", escaped.to_lowercase()));
        let ors: Vec<String> = columns.iter().map(|c| format!("LOWER(COALESCE({c}, '')) LIKE {p} ESCAPE '\\'")).collect();
        self.and(format!("({})", ors.join(" OR ")));
    }

    /// Subject is aligned to the item or to any item below it in the framework tree.
    pub fn aligned_to(&mut self, kind: &str, subject_column: &str, item: Option<&ResolvedItem>) {
        if let Some(item) = item {
            let p = self.arg(item.0);
            self.and(aligned_condition(kind, subject_column, &p));
        }
    }

    /// The organisation leads or partners a programme or an activity aligned to the item or below it.
    pub fn contributes_to(&mut self, organization_column: &str, item: Option<&ResolvedItem>) {
        if let Some(item) = item {
            let p = self.arg(item.0);
            self.and(contributes_condition(organization_column, &p));
        }
    }

    fn where_clause(&self) -> String {
        if self.conditions.is_empty() { String::new() } else { format!(" WHERE {}", self.conditions.join(" AND ")) }
    }

    /// `SELECT columns FROM … WHERE …`, unordered.
    pub fn plain(&self) -> Sql {
        Sql { text: format!("SELECT {} FROM {}{}", self.columns, self.from, self.where_clause()).into(), args: self.args.clone() }
    }

    /// The one value in `columns`, as a double on both databases.
    pub fn scalar_as_double(&self) -> Sql {
        let text = format!("SELECT CAST({} AS DOUBLE PRECISION) FROM {}{}", self.columns, self.from, self.where_clause());
        Sql { text: text.into(), args: self.args.clone() }
    }

    /// The value in `columns` for each `key`, as a double on both databases.
    pub fn grouped_as_double(&self, key: &str) -> Sql {
        let text =
            format!("SELECT {key}, CAST({} AS DOUBLE PRECISION) FROM {}{} GROUP BY {key}", self.columns, self.from, self.where_clause());
        Sql { text: text.into(), args: self.args.clone() }
    }

    /// `SELECT COUNT(*)` over the same filters.
    pub fn count(&self) -> Sql {
        Sql { text: format!("SELECT COUNT(*) FROM {}{}", self.from, self.where_clause()).into(), args: self.args.clone() }
    }

    /// The page itself. `sortable` maps public sort names to columns; `natural` is the default order.
    /// The primary key always breaks ties so pages never overlap.
    pub fn page(mut self, page: &Page, sortable: &[(&str, &str)], natural: &str, key: &str) -> StoreResult<Sql> {
        let order = match &page.sort {
            None => natural.to_owned(),
            Some(Sort { field, descending }) => {
                let Some((_, column)) = sortable.iter().find(|(name, _)| name == field) else {
                    let names: Vec<&str> = sortable.iter().map(|(n, _)| *n).collect();
                    return Err(StoreError::Invalid(Violations::single(
                        "sort",
                        "unknown_sort_field",
                        format!("เรียงลำดับได้ตาม: {}", names.join(", ")),
                        format!("Sortable fields are: {}", names.join(", ")),
                    )));
                };
                format!("{column} {}", if *descending { "DESC" } else { "ASC" })
            }
        };
        let limit = self.arg(i64::from(page.limit.min(i32::MAX as u32)));
        let offset = self.arg(i64::try_from(page.offset).unwrap_or(i64::MAX));
        let text = format!(
            "SELECT {} FROM {}{} ORDER BY {order}, {key} LIMIT {limit} OFFSET {offset}",
            self.columns,
            self.from,
            self.where_clause()
        );
        Ok(Sql { text: text.into(), args: self.args })
    }
}

/// The subject is aligned to the item in placeholder `p` or to any item below it.
pub fn aligned_condition(kind: &str, subject_column: &str, p: &str) -> String {
    aligned(kind, subject_column, p, "")
}

/// As [`aligned_condition`], checked record by record, for queries that read a few thousand records
/// at most (a share's sums over its organisations' own work). PostgreSQL otherwise turns the `EXISTS`
/// into a join that first gathers every record aligned anywhere under the item (20,000 activities
/// under SDG 16 at national scale: 100–140 ms, against 7–26 ms probing each record's alignments,
/// measured); `OFFSET 0` keeps the subquery from being joined. SQLite checks an `EXISTS` record by
/// record anyway, and has no `OFFSET` without `LIMIT`.
pub fn aligned_condition_per_record(dialect: Dialect, kind: &str, subject_column: &str, p: &str) -> String {
    aligned(kind, subject_column, p, if dialect == Dialect::Postgres { " OFFSET 0" } else { "" })
}

fn aligned(kind: &str, subject_column: &str, p: &str, tail: &str) -> String {
    let items = subtree(p);
    format!(
        "EXISTS (SELECT 1 FROM alignments al WHERE al.subject_kind = '{kind}' AND al.subject_id = {subject_column} AND al.item_id IN {items}{tail})"
    )
}

/// The organisation in `o` leads or partners a programme or an activity aligned to the item in
/// placeholder `p` or below it.
pub fn contributes_condition(o: &str, p: &str) -> String {
    let items = subtree(p);
    format!(
        "EXISTS (SELECT 1 FROM alignments al WHERE al.item_id IN {items} AND ( \
         (al.subject_kind = 'programme' AND (EXISTS (SELECT 1 FROM programmes x WHERE x.id = al.subject_id AND x.lead_organization_id = {o}) \
           OR EXISTS (SELECT 1 FROM programme_partners x WHERE x.programme_id = al.subject_id AND x.organization_id = {o}))) \
         OR (al.subject_kind = 'activity' AND (EXISTS (SELECT 1 FROM activities x WHERE x.id = al.subject_id AND x.lead_organization_id = {o}) \
           OR EXISTS (SELECT 1 FROM activity_partners x WHERE x.activity_id = al.subject_id AND x.organization_id = {o})))))"
    )
}

/// The item in placeholder `p` and every item below it, as a parenthesised subquery for `IN`.
pub fn aligned_subtree(p: &str) -> String {
    subtree(p)
}

fn subtree(p: &str) -> String {
    format!(
        "(WITH RECURSIVE sub(id) AS (SELECT {p} UNION ALL SELECT fi.id FROM framework_items fi JOIN sub ON fi.parent_id = sub.id) SELECT id FROM sub)"
    )
}

/// A framework item reference after lookup.
#[derive(Debug, Clone, Copy)]
pub struct ResolvedItem(pub uuid::Uuid);

/// Looks up an `ItemRef`; an unknown item is an input error on `field`.
pub async fn resolve_item<T: super::Tx>(tx: &mut T, item: Option<&ItemRef>, field: &str) -> StoreResult<Option<ResolvedItem>> {
    use crate::error::Context;
    let Some(item) = item else { return Ok(None) };
    let found: Option<(uuid::Uuid,)> = match item {
        ItemRef::Id(id) => tx
            .fetch_optional(Sql::new("SELECT id FROM framework_items WHERE id = $1").bind(id.0))
            .await
            .context("looking up a framework item")?,
        ItemRef::Code { framework, code } => tx
            .fetch_optional(
                Sql::new(
                    "SELECT fi.id FROM framework_items fi JOIN frameworks f ON f.id = fi.framework_id \
                     WHERE f.code = $1 AND fi.code = $2",
                )
                .bind(framework.as_str())
                .bind(code.as_str()),
            )
            .await
            .context("looking up a framework item")?,
    };
    match found {
        Some((id,)) => Ok(Some(ResolvedItem(id))),
        None => Err(StoreError::Invalid(Violations::single(
            field,
            "unknown_framework_item",
            "ไม่พบรายการในกรอบการพัฒนานี้",
            "No such framework item",
        ))),
    }
}
