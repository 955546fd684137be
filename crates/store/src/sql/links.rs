//! Ordered many-to-many links (a programme's partners, an activity's target groups …): one table per
//! link with `(parent, value, position)`, written and read the same way for every link.

use std::collections::HashMap;

use uuid::Uuid;

use super::checks::{self, placeholders};
use super::{Arg, Sql, Tx};
use crate::StoreResult;
use crate::error::Context;

/// A link table: its name and the names of its parent and value columns.
#[derive(Debug, Clone, Copy)]
pub struct Link {
    pub table: &'static str,
    pub parent: &'static str,
    pub value: &'static str,
}

impl Link {
    /// Replaces the parent's values with `values`, in order.
    pub async fn write<V: Clone + Into<Arg>>(self, tx: &mut impl Tx, parent: Uuid, values: &[V]) -> StoreResult<()> {
        let Link { table, parent: pc, value: vc } = self;
        tx.execute(Sql::new(format!("DELETE FROM {table} WHERE {pc} = $1")).bind(parent)).await.context("replacing links")?;
        for (position, v) in values.iter().enumerate() {
            tx.execute(
                Sql::new(format!("INSERT INTO {table} ({pc}, {vc}, position) VALUES ({})", placeholders(1, 3)))
                    .bind(parent)
                    .bind(v.clone())
                    .bind(position as i64),
            )
            .await
            .context("inserting a link")?;
        }
        Ok(())
    }

    /// The values of each parent, in order.
    pub async fn read<V>(self, tx: &mut impl Tx, parents: &[Uuid]) -> StoreResult<HashMap<Uuid, Vec<V>>>
    where
        (Uuid, V): super::Record,
    {
        let Link { table, parent: pc, value: vc } = self;
        let rows: Vec<(Uuid, V)> =
            checks::fetch_for_ids(tx, &format!("SELECT {pc}, {vc} FROM {table} WHERE {pc}"), &format!("ORDER BY {pc}, position"), parents)
                .await?;
        let mut by_parent: HashMap<Uuid, Vec<V>> = HashMap::new();
        for (p, v) in rows {
            by_parent.entry(p).or_default().push(v);
        }
        Ok(by_parent)
    }

    /// Deletes every link of the parent.
    pub async fn clear(self, tx: &mut impl Tx, parent: Uuid) -> StoreResult<()> {
        let Link { table, parent: pc, .. } = self;
        tx.execute(Sql::new(format!("DELETE FROM {table} WHERE {pc} = $1")).bind(parent)).await.context("deleting links")?;
        Ok(())
    }
}
