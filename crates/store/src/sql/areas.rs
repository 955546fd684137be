//! SQL for administrative areas (read-only reference data).

use phakhi_domain::Vocabulary;
use phakhi_domain::area::Area;

use super::checks::code;
use super::{Select, Sql, Tx};
use crate::error::Context;
use crate::{AreaFilter, Listing, Page, StoreError, StoreResult};

const COLUMNS: &str = "a.code, a.level, a.parent_code, a.name_th, a.name_en, a.iso_3166_2, a.postcode, a.region_th, a.region_en";

#[derive(sqlx::FromRow)]
struct Row {
    code: String,
    level: String,
    parent_code: Option<String>,
    name_th: String,
    name_en: String,
    iso_3166_2: Option<String>,
    postcode: Option<String>,
    region_th: Option<String>,
    region_en: Option<String>,
}

impl Row {
    fn into_domain(self) -> StoreResult<Area> {
        Ok(Area {
            level: code("areas", &self.level)?,
            code: self.code,
            parent_code: self.parent_code,
            name_th: self.name_th,
            name_en: self.name_en,
            iso_3166_2: self.iso_3166_2,
            postcode: self.postcode,
            region_th: self.region_th,
            region_en: self.region_en,
        })
    }
}

pub async fn get(tx: &mut impl Tx, area: &str) -> StoreResult<Area> {
    let row: Option<Row> = tx
        .fetch_optional(Sql::new(format!("SELECT {COLUMNS} FROM areas a WHERE a.code = $1")).bind(area))
        .await
        .context("reading an area")?;
    row.ok_or_else(|| StoreError::not_found("area", area))?.into_domain()
}

pub async fn list(tx: &mut impl Tx, f: &AreaFilter, page: &Page) -> StoreResult<Listing<Area>> {
    let mut q = Select::new(COLUMNS, "areas a");
    q.eq("a.level", f.level.map(|l| l.code()));
    q.eq("a.parent_code", f.parent.as_deref());
    q.text(&["a.name_th", "a.name_en"], f.q.as_deref());
    let (count,): (i64,) = tx.fetch_optional(q.count()).await.context("counting areas")?.unwrap_or((0,));
    let sortable = [("code", "a.code"), ("name_th", "a.name_th"), ("name_en", "a.name_en")];
    let rows: Vec<Row> = tx.fetch_all(q.page(page, &sortable, "a.code", "a.code")?).await.context("listing areas")?;
    Ok(Listing { items: rows.into_iter().map(Row::into_domain).collect::<StoreResult<_>>()?, total: count as u64 })
}

/// The areas one level below `parent` in code order: every province when there is none.
pub async fn children(tx: &mut impl Tx, parent: Option<&str>) -> StoreResult<Vec<Area>> {
    let sql = match parent {
        Some(code) => Sql::new(format!("SELECT {COLUMNS} FROM areas a WHERE a.parent_code = $1 ORDER BY a.code")).bind(code),
        None => Sql::new(format!("SELECT {COLUMNS} FROM areas a WHERE a.level = 'province' ORDER BY a.code")),
    };
    let rows: Vec<Row> = tx.fetch_all(sql).await.context("reading the areas within an area")?;
    rows.into_iter().map(Row::into_domain).collect()
}
