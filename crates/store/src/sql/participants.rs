//! SQL for individual participants. Each person also counts once in the activity's participation
//! cells (gender × age band × target group × nationality), so the aggregate figures stay complete;
//! erasing a person removes their row and leaves the count.

use chrono::{DateTime, NaiveDate, Utc};
use phakhi_domain::participant::{Consent, Participant, ParticipantInput};
use phakhi_domain::participation::{AgeBand, Gender};
use phakhi_domain::{ActivityId, ParticipantId, RecordMeta, Vocabulary};
use uuid::Uuid;

use super::checks::{self, References, code};
use super::figures::{self, Subjects};
use super::{Sql, Tx};
use crate::error::Context;
use crate::{Precondition, StoreError, StoreResult};

const TABLE: &str = "participants";
const ENTITY: &str = "participant";
const COLUMNS: &str = "id, activity_id, full_name, contact, gender, age_band, target_group, nationality, disability, consent_purpose, \
                       consent_given_on, version, created_at, updated_at";

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    activity_id: Uuid,
    full_name: String,
    contact: Option<String>,
    gender: Option<String>,
    age_band: Option<String>,
    target_group: Option<String>,
    nationality: Option<String>,
    disability: Option<String>,
    consent_purpose: Option<String>,
    consent_given_on: Option<NaiveDate>,
    version: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl Row {
    fn into_domain(self) -> StoreResult<Participant> {
        Ok(Participant {
            id: ParticipantId(self.id),
            activity_id: ActivityId(self.activity_id),
            input: ParticipantInput {
                full_name: self.full_name,
                contact: self.contact,
                gender: self.gender.as_deref().map(|g| code::<Gender>("participants", g)).transpose()?,
                age_band: self.age_band.as_deref().map(|a| code::<AgeBand>("participants", a)).transpose()?,
                target_group: self.target_group,
                nationality: self.nationality,
                disability: self.disability,
                consent: match (self.consent_purpose, self.consent_given_on) {
                    (Some(purpose), Some(given_on)) => Some(Consent { purpose, given_on }),
                    _ => None,
                },
            },
            meta: RecordMeta { version: self.version, created_at: self.created_at, updated_at: self.updated_at },
        })
    }
}

/// Adds one to (or takes one from) the activity's cell for this person's characteristics, and
/// marks the activity changed so its ETag moves.
async fn count(tx: &mut impl Tx, activity: Uuid, p: &ParticipantInput, delta: i64) -> StoreResult<()> {
    let gender = p.gender.unwrap_or(Gender::NotStated).code();
    let age = p.age_band.unwrap_or(AgeBand::NotStated).code();
    let same_cell = "activity_id = $1 AND gender = $2 AND age_band = $3 AND COALESCE(target_group, '') = COALESCE($4, '') \
                     AND COALESCE(nationality, '') = COALESCE($5, '')";
    // $1 activity, $2–$5 the person's cell, $6 the change: the same arguments for both statements.
    let cell = |sql: Sql| sql.bind(activity).bind(gender).bind(age).bind(p.target_group.clone()).bind(p.nationality.clone()).bind(delta);
    let updated = tx
        .execute(cell(Sql::new(format!("UPDATE participation_cells SET count = count + $6 WHERE {same_cell} AND count + $6 >= 0"))))
        .await
        .context("counting a participant")?;
    if updated == 0 && delta > 0 {
        tx.execute(cell(Sql::new(
            "INSERT INTO participation_cells (activity_id, position, gender, age_band, target_group, nationality, count) \
             VALUES ($1, (SELECT COALESCE(MAX(position), -1) + 1 FROM participation_cells WHERE activity_id = $1), $2, $3, $4, $5, $6)",
        )))
        .await
        .context("adding a participation cell")?;
    }
    tx.execute(Sql::new("UPDATE activities SET version = version + 1, updated_at = $2 WHERE id = $1").bind(activity).bind(Utc::now()))
        .await
        .context("marking the activity changed")?;
    Ok(())
}

async fn check(tx: &mut impl Tx, activity: ActivityId, input: &ParticipantInput) -> StoreResult<()> {
    let mut refs = References::validated(input);
    refs.target_group(tx, "/target_group", input.target_group.as_deref()).await?;
    refs.finish()?;
    let (n,): (i64,) = tx
        .fetch_optional(Sql::new("SELECT COUNT(*) FROM activities WHERE id = $1").bind(activity.0))
        .await
        .context("finding the activity")?
        .unwrap_or((0,));
    if n == 0 {
        return Err(StoreError::not_found("activity", activity.0));
    }
    Ok(())
}

/// A blank optional text is no text: a blank disability is no declared disability (and so needs no
/// consent, as the domain rule says and the database's CHECK requires).
fn given(text: &Option<String>) -> Option<String> {
    text.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned)
}

/// The person's own columns, as `$3 … $11` after the id and activity.
fn bind_person(sql: Sql, p: &ParticipantInput) -> Sql {
    sql.bind(p.full_name.trim())
        .bind(given(&p.contact))
        .bind(p.gender.map(|g| g.code()))
        .bind(p.age_band.map(|a| a.code()))
        .bind(given(&p.target_group))
        .bind(given(&p.nationality))
        .bind(given(&p.disability))
        .bind(p.consent.as_ref().map(|c| c.purpose.clone()))
        .bind(p.consent.as_ref().map(|c| c.given_on))
}

pub async fn create(tx: &mut impl Tx, activity: ActivityId, input: ParticipantInput) -> StoreResult<Participant> {
    check(tx, activity, &input).await?;
    let change = figures::Change::begin(tx, Subjects::activity(activity.0)).await?;
    let id = Uuid::now_v7();
    let meta = checks::first_version();
    let insert =
        Sql::new(format!("INSERT INTO participants ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"))
            .bind(id)
            .bind(activity.0);
    let insert = bind_person(insert, &input).bind(meta.version).bind(meta.created_at).bind(meta.updated_at);
    tx.execute(insert).await.context("recording a participant")?;
    count(tx, activity.0, &input, 1).await?;
    change.finish(tx).await?;
    get(tx, ParticipantId(id)).await
}

pub async fn get(tx: &mut impl Tx, id: ParticipantId) -> StoreResult<Participant> {
    let row: Option<Row> = tx
        .fetch_optional(Sql::new(format!("SELECT {COLUMNS} FROM participants WHERE id = $1")).bind(id.0))
        .await
        .context("reading a participant")?;
    row.ok_or_else(|| StoreError::not_found(ENTITY, id.0))?.into_domain()
}

pub async fn list(tx: &mut impl Tx, activity: ActivityId) -> StoreResult<Vec<Participant>> {
    let rows: Vec<Row> = tx
        .fetch_all(Sql::new(format!("SELECT {COLUMNS} FROM participants WHERE activity_id = $1 ORDER BY created_at, id")).bind(activity.0))
        .await
        .context("listing participants")?;
    rows.into_iter().map(Row::into_domain).collect()
}

/// Corrects a record (the PDPA's right to rectification); the person's count moves with them.
pub async fn update(tx: &mut impl Tx, id: ParticipantId, pre: Precondition, input: ParticipantInput) -> StoreResult<Participant> {
    let before = get(tx, id).await?;
    check(tx, before.activity_id, &input).await?;
    checks::next_version(tx, TABLE, ENTITY, id.0, pre).await?;
    let correct = Sql::new(
        "UPDATE participants SET full_name = $3, contact = $4, gender = $5, age_band = $6, target_group = $7, nationality = $8, \
         disability = $9, consent_purpose = $10, consent_given_on = $11 WHERE id = $1 AND activity_id = $2",
    )
    .bind(id.0)
    .bind(before.activity_id.0);
    tx.execute(bind_person(correct, &input)).await.context("correcting a participant")?;
    let change = figures::Change::begin(tx, Subjects::activity(before.activity_id.0)).await?;
    count(tx, before.activity_id.0, &before.input, -1).await?;
    count(tx, before.activity_id.0, &input, 1).await?;
    change.finish(tx).await?;
    get(tx, id).await
}

/// Erases the person; their count stays in the activity's figures.
pub async fn erase(tx: &mut impl Tx, id: ParticipantId, pre: Precondition) -> StoreResult<()> {
    checks::current_version(tx, TABLE, ENTITY, id.0, pre).await?;
    let n = tx.execute(Sql::new("DELETE FROM participants WHERE id = $1").bind(id.0)).await.context("erasing a participant")?;
    if n == 0 {
        return Err(StoreError::not_found(ENTITY, id.0));
    }
    Ok(())
}
