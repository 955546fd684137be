//! Writing a spreadsheet: every row matched on its natural key and created, updated or left alone
//! through the entities' own SQL functions (which keep the search index and the year figures), each
//! change checked against the actor's roles and audited, all in the caller's one transaction.
//!
//! Each row runs inside a savepoint, so a row that fails (bad reference, rule broken) is undone alone
//! and the rows around it can still be written when the caller wants only the valid rows.

use std::collections::BTreeSet;

use chrono::{FixedOffset, NaiveDate};
use phakhi_domain::access::Principal;
use phakhi_domain::activity::{Activity, ActivityInput, AttendanceMode};
use phakhi_domain::agreement::{AgreementParty, PartyRole};
use phakhi_domain::network::{MemberRole, NetworkMember};
use phakhi_domain::organization::{Organization, OrganizationInput, OrganizationStatus};
use phakhi_domain::participation::ParticipationCell;
use phakhi_domain::programme::{Programme, ProgrammeInput, ProgrammeStatus};
use phakhi_domain::{
    ActivityId, AgreementId, FiscalYear, NetworkId, OrganizationId, ProgrammeId, Validate, Violation, Violations, Vocabulary,
};
use uuid::Uuid;

mod participation;

use super::audit::{self, Change};
use super::{Sql, Tx, access, activities, agreements, networks, organizations, programmes};
use crate::accounts::Actor;
use crate::error::Context;
use crate::sheet::{
    ActivityRow, AgreementPartyRow, NetworkMemberRow, OrganizationRow, ProgrammeRow, RowAction, RowOutcome, SheetRecord, SheetRow,
};
use crate::{Precondition, StoreError, StoreResult};

/// Applies every row; a row's failure is its outcome, not the sheet's (except for errors that are no
/// row's fault: the database failing, or the actor lacking the right). Participation rows are written
/// together ([`participation`]); the others one by one, in order.
pub async fn apply(tx: &mut impl Tx, actor: &Actor, rows: &[SheetRow]) -> StoreResult<Vec<RowOutcome>> {
    let cells: Vec<(u32, &crate::sheet::ParticipationRow)> = rows
        .iter()
        .filter_map(|r| match &r.record {
            SheetRecord::Participation(p) => Some((r.row, p)),
            _ => None,
        })
        .collect();
    let mut out = participation::apply(tx, actor, &cells).await?;
    for row in rows.iter().filter(|r| !matches!(r.record, SheetRecord::Participation(_))) {
        tx.execute(Sql::new("SAVEPOINT sheet_row")).await.context("opening a row's savepoint")?;
        let result = match &row.record {
            SheetRecord::Organization(o) => organization(tx, actor, o).await,
            SheetRecord::Activity(a) => activity(tx, actor, a).await,
            SheetRecord::Programme(p) => programme(tx, actor, p).await,
            SheetRecord::NetworkMember(m) => network_member(tx, actor, m).await,
            SheetRecord::AgreementParty(p) => agreement_party(tx, actor, p).await,
            SheetRecord::Participation(_) => unreachable!("participation rows are applied together, above"),
        };
        let outcome = match result {
            Ok((action, id)) => RowOutcome { row: row.row, action, id: Some(id), problems: Vec::new() },
            Err(e) => {
                let problems = match e {
                    StoreError::Invalid(v) => v.into_vec(),
                    StoreError::Conflict { message_th, message_en } => {
                        vec![Violation { field: String::new(), code: "conflict".into(), message_th, message_en }]
                    }
                    other => return Err(other),
                };
                tx.execute(Sql::new("ROLLBACK TO SAVEPOINT sheet_row")).await.context("undoing a row")?;
                RowOutcome { row: row.row, action: RowAction::Error, id: None, problems }
            }
        };
        tx.execute(Sql::new("RELEASE SAVEPOINT sheet_row")).await.context("closing a row's savepoint")?;
        out.push(outcome);
    }
    out.sort_by_key(|o| o.row);
    Ok(out)
}

fn allow(principal: &Principal, owners: &phakhi_domain::access::Owners) -> StoreResult<()> {
    access::allow(principal, owners)
}

fn invalid(field: &str, code: &str, th: impl Into<String>, en: impl Into<String>) -> StoreError {
    StoreError::Invalid(Violations::single(field, code, th, en))
}

/// An organisation named in a sheet: by exact Thai name, English name (any case) or abbreviation.
async fn organization_named(tx: &mut impl Tx, field: &str, name: &str) -> StoreResult<OrganizationId> {
    let rows: Vec<(Uuid, String)> = tx
        .fetch_all(
            Sql::new(
                "SELECT id, name_th FROM organizations WHERE name_th = $1 OR lower(name_en) = lower($1) OR abbreviation = $1 \
                 ORDER BY name_th, id",
            )
            .bind(name),
        )
        .await
        .context("finding an organisation by name")?;
    match rows.as_slice() {
        [(id, _)] => Ok(OrganizationId(*id)),
        [] => Err(invalid(
            field,
            "unknown_organization",
            format!("ไม่พบองค์กรชื่อ “{name}” (นำเข้าองค์กรก่อน)"),
            format!("No organisation is named “{name}” (import the organisations first)"),
        )),
        many => {
            let ids: Vec<String> = many.iter().map(|(id, n)| format!("{n} ({id})")).collect();
            Err(invalid(
                field,
                "ambiguous_organization",
                format!("มีองค์กรชื่อ “{name}” มากกว่าหนึ่ง: {}", ids.join(", ")),
                format!("More than one organisation is named “{name}”: {}", ids.join(", ")),
            ))
        }
    }
}

/// A programme named by its Thai title; when several fiscal years have one of that title, the one of
/// the activity's fiscal year.
async fn programme_titled(tx: &mut impl Tx, title: &str, year: FiscalYear) -> StoreResult<ProgrammeId> {
    let rows: Vec<(Uuid, i64)> = tx
        .fetch_all(Sql::new("SELECT id, fiscal_year FROM programmes WHERE title_th = $1 ORDER BY fiscal_year, id").bind(title))
        .await
        .context("finding a programme by title")?;
    let of_year: Vec<&(Uuid, i64)> = rows.iter().filter(|(_, y)| *y == i64::from(year.be())).collect();
    match (rows.as_slice(), of_year.as_slice()) {
        ([(id, _)], _) | (_, [(id, _)]) => Ok(ProgrammeId(*id)),
        ([], _) => {
            Err(invalid("/programme", "unknown_programme", format!("ไม่พบโครงการ “{title}”"), format!("No programme is titled “{title}”")))
        }
        (many, _) => {
            let years: Vec<String> = many.iter().map(|(_, y)| y.to_string()).collect();
            Err(invalid(
                "/programme",
                "ambiguous_programme",
                format!("มีโครงการ “{title}” มากกว่าหนึ่ง (ปีงบประมาณ {})", years.join(", ")),
                format!("More than one programme is titled “{title}” (fiscal years {})", years.join(", ")),
            ))
        }
    }
}

/// Organisations: matched by Thai name and area code.
async fn organization(tx: &mut impl Tx, actor: &Actor, row: &OrganizationRow) -> StoreResult<(RowAction, Uuid)> {
    let parent_id = match &row.parent {
        Some(name) => Some(organization_named(tx, "/parent", name).await?),
        None => None,
    };
    let candidates: Vec<(Uuid,)> = tx
        .fetch_all(Sql::new("SELECT id FROM organizations WHERE name_th = $1 ORDER BY id").bind(row.name_th.as_str()))
        .await
        .context("matching an organisation")?;
    let mut matched: Vec<Organization> = Vec::new();
    for (id,) in candidates {
        let o = organizations::get(tx, OrganizationId(id)).await?;
        if o.input.area_code == row.area_code {
            matched.push(o);
        }
    }
    if matched.len() > 1 {
        return Err(StoreError::conflict(
            "มีองค์กรชื่อและพื้นที่นี้มากกว่าหนึ่งแล้ว จึงไม่ทราบว่าจะปรับปรุงรายการใด",
            "More than one stored organisation has this name and area, so the row cannot be matched",
        ));
    }
    match matched.pop() {
        None => {
            let Some(sector) = row.sector else {
                return Err(invalid("/sector", "required", "ต้องระบุภาคส่วนเมื่อเพิ่มองค์กรใหม่", "A new organisation needs a sector"));
            };
            let input = OrganizationInput {
                name_th: row.name_th.clone(),
                name_en: row.name_en.clone(),
                abbreviation: row.abbreviation.clone(),
                sector,
                parent_id,
                area_code: row.area_code.clone(),
                website: row.website.clone(),
                status: row.status.unwrap_or(OrganizationStatus::Active),
                description_th: row.description_th.clone(),
                description_en: row.description_en.clone(),
            };
            let owners = access::organization(tx, None).await?;
            allow(&actor.principal, &owners)?;
            let r = organizations::create(tx, input).await?;
            audit::record(tx, actor, &owners, Change::created("organization", r.id.0, &r)).await?;
            Ok((RowAction::Create, r.id.0))
        }
        Some(before) => {
            let old = &before.input;
            let input = OrganizationInput {
                name_th: old.name_th.clone(),
                name_en: row.name_en.clone().or_else(|| old.name_en.clone()),
                abbreviation: row.abbreviation.clone().or_else(|| old.abbreviation.clone()),
                sector: row.sector.unwrap_or(old.sector),
                parent_id: parent_id.or(old.parent_id),
                area_code: old.area_code.clone(),
                website: row.website.clone().or_else(|| old.website.clone()),
                status: row.status.unwrap_or(old.status),
                description_th: row.description_th.clone().or_else(|| old.description_th.clone()),
                description_en: row.description_en.clone().or_else(|| old.description_en.clone()),
            };
            if &input == old {
                return Ok((RowAction::Unchanged, before.id.0));
            }
            let owners = access::organization(tx, Some(before.id)).await?;
            allow(&actor.principal, &owners)?;
            let after = organizations::update(tx, before.id, Precondition::Any, input).await?;
            audit::record(tx, actor, &owners, Change::updated("organization", before.id.0, &before, &after)).await?;
            Ok((RowAction::Update, before.id.0))
        }
    }
}

/// The calendar day in Thailand.
fn thai_day(at: chrono::DateTime<chrono::Utc>) -> NaiveDate {
    let bangkok = FixedOffset::east_opt(7 * 3600).expect("+07:00 is a valid offset");
    at.with_timezone(&bangkok).date_naive()
}

fn cell_key(c: &ParticipationCell) -> (String, String, Option<String>, Option<String>, u32) {
    (c.gender.code().to_owned(), c.age_band.code().to_owned(), c.target_group.clone(), c.nationality.clone(), c.count)
}

/// The same activity, whatever order its lists were stored in.
fn same_activity(a: &ActivityInput, b: &ActivityInput) -> bool {
    let sorted = |x: &ActivityInput| {
        let mut x = x.clone();
        x.partner_organization_ids.sort();
        x.target_groups.sort();
        x.participation.sort_by_key(cell_key);
        x
    };
    sorted(a) == sorted(b)
}

/// Activities: matched by Thai title, start day (Thailand time) and lead organisation.
async fn activity(tx: &mut impl Tx, actor: &Actor, row: &ActivityRow) -> StoreResult<(RowAction, Uuid)> {
    // Every name is resolved before anything is reported, so a row shows all its problems at once.
    let mut problems = Violations::new();
    let mut resolve = async |field: &str, name: &str, problems: &mut Violations| noted(organization_named(tx, field, name).await, problems);
    let lead = match &row.lead_organization {
        Some(name) => resolve("/lead_organization", name, &mut problems).await?,
        None => None,
    };
    let mut partners = Vec::new();
    for (i, name) in row.partner_organizations.iter().enumerate() {
        if let Some(id) = resolve(&format!("/partner_organizations/{i}"), name, &mut problems).await? {
            partners.push(id);
        }
    }
    let programme = match &row.programme {
        Some(title) => noted(programme_titled(tx, title, FiscalYear::containing(thai_day(row.starts_at))).await, &mut problems)?,
        None => None,
    };
    if !problems.is_empty() {
        return Err(StoreError::Invalid(problems));
    }

    let candidates: Vec<(Uuid,)> = tx
        .fetch_all(Sql::new("SELECT id FROM activities WHERE title_th = $1 ORDER BY id").bind(row.title_th.as_str()))
        .await
        .context("matching an activity")?;
    let mut matched: Vec<Activity> = Vec::new();
    for (id,) in candidates {
        let a = activities::get(tx, ActivityId(id)).await?;
        if thai_day(a.input.starts_at) == thai_day(row.starts_at) && a.input.lead_organization_id == lead {
            matched.push(a);
        }
    }
    if matched.len() > 1 {
        return Err(StoreError::conflict(
            "มีกิจกรรมชื่อ วันที่ และหน่วยงานหลักนี้มากกว่าหนึ่งแล้ว จึงไม่ทราบว่าจะปรับปรุงรายการใด",
            "More than one stored activity has this title, day and lead organisation, so the row cannot be matched",
        ));
    }
    match matched.pop() {
        None => {
            let Some(kind) = row.kind else {
                return Err(invalid("/kind", "required", "ต้องระบุประเภทกิจกรรมเมื่อเพิ่มกิจกรรมใหม่", "A new activity needs a kind"));
            };
            let input = ActivityInput {
                programme_id: programme,
                kind,
                title_th: row.title_th.clone(),
                title_en: row.title_en.clone(),
                description_th: row.description_th.clone(),
                description_en: None,
                starts_at: row.starts_at,
                ends_at: row.ends_at,
                venue_th: row.venue_th.clone(),
                venue_en: None,
                area_code: row.area_code.clone(),
                hours: row.hours,
                mode: row.mode.unwrap_or(AttendanceMode::Onsite),
                lead_organization_id: lead,
                partner_organization_ids: partners,
                target_groups: row.target_groups.clone(),
                volunteer_hours: row.volunteer_hours,
                participation: row.participation.clone().unwrap_or_default(),
            };
            // Validated here too, so that the row's own problems come before any reference check.
            input.validate().into_result().map_err(StoreError::Invalid)?;
            let owners = access::activity(tx, &input).await?;
            allow(&actor.principal, &owners)?;
            let r = activities::create(tx, input).await?;
            audit::record(tx, actor, &owners, Change::created("activity", r.id.0, &r)).await?;
            Ok((RowAction::Create, r.id.0))
        }
        Some(before) => {
            let old = &before.input;
            let partner_set: BTreeSet<_> = partners.iter().copied().collect();
            let input = ActivityInput {
                programme_id: programme.or(old.programme_id),
                kind: row.kind.unwrap_or(old.kind),
                title_th: old.title_th.clone(),
                title_en: row.title_en.clone().or_else(|| old.title_en.clone()),
                description_th: row.description_th.clone().or_else(|| old.description_th.clone()),
                description_en: old.description_en.clone(),
                starts_at: row.starts_at,
                ends_at: row.ends_at.or(old.ends_at),
                venue_th: row.venue_th.clone().or_else(|| old.venue_th.clone()),
                venue_en: old.venue_en.clone(),
                area_code: row.area_code.clone().or_else(|| old.area_code.clone()),
                hours: row.hours.or(old.hours),
                mode: row.mode.unwrap_or(old.mode),
                lead_organization_id: old.lead_organization_id,
                partner_organization_ids: if partner_set.is_empty() { old.partner_organization_ids.clone() } else { partners },
                target_groups: if row.target_groups.is_empty() { old.target_groups.clone() } else { row.target_groups.clone() },
                volunteer_hours: row.volunteer_hours.or(old.volunteer_hours),
                participation: row.participation.clone().unwrap_or_else(|| old.participation.clone()),
            };
            if same_activity(&input, old) {
                return Ok((RowAction::Unchanged, before.id.0));
            }
            input.validate().into_result().map_err(StoreError::Invalid)?;
            let owners = access::activity(tx, &input).await?;
            allow(&actor.principal, &owners)?;
            let after = activities::update(tx, before.id, Precondition::Any, input).await?;
            audit::record(tx, actor, &owners, Change::updated("activity", before.id.0, &before, &after)).await?;
            Ok((RowAction::Update, before.id.0))
        }
    }
}

/// Resolves the names of a row's organisations, collecting every problem.
async fn organizations_named(
    tx: &mut impl Tx,
    problems: &mut Violations,
    named: &[(String, &str)],
) -> StoreResult<Vec<Option<OrganizationId>>> {
    let mut out = Vec::with_capacity(named.len());
    for (field, name) in named {
        out.push(noted(organization_named(tx, field, name).await, problems)?);
    }
    Ok(out)
}

/// What a row names, or `None` with the row's problem noted beside the others, so that a row shows
/// all its problems at once. Errors that are no row's fault (the database failing) are returned.
fn noted<T>(found: StoreResult<T>, problems: &mut Violations) -> StoreResult<Option<T>> {
    match found {
        Ok(found) => Ok(Some(found)),
        Err(StoreError::Invalid(v)) => {
            problems.nest("", v);
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// Programmes: matched by Thai title, fiscal year and lead organisation.
async fn programme(tx: &mut impl Tx, actor: &Actor, row: &ProgrammeRow) -> StoreResult<(RowAction, Uuid)> {
    let mut problems = Violations::new();
    let mut named = vec![("/lead_organization".to_owned(), row.lead_organization.as_str())];
    named.extend(row.partner_organizations.iter().enumerate().map(|(i, n)| (format!("/partner_organizations/{i}"), n.as_str())));
    let ids = organizations_named(tx, &mut problems, &named).await?;
    if !problems.is_empty() {
        return Err(StoreError::Invalid(problems));
    }
    let lead = ids[0].expect("resolved without problems");
    let partners: Vec<OrganizationId> = ids[1..].iter().flatten().copied().collect();
    let candidates: Vec<(Uuid,)> = tx
        .fetch_all(
            Sql::new("SELECT id FROM programmes WHERE title_th = $1 AND fiscal_year = $2 AND lead_organization_id = $3 ORDER BY id")
                .bind(row.title_th.as_str())
                .bind(i64::from(row.fiscal_year.be()))
                .bind(lead.0),
        )
        .await
        .context("matching a programme")?;
    if candidates.len() > 1 {
        return Err(StoreError::conflict(
            "มีโครงการชื่อ ปีงบประมาณ และหน่วยงานหลักนี้มากกว่าหนึ่งแล้ว จึงไม่ทราบว่าจะปรับปรุงรายการใด",
            "More than one stored programme has this title, fiscal year and lead organisation, so the row cannot be matched",
        ));
    }
    match candidates.first() {
        None => {
            let input = ProgrammeInput {
                title_th: row.title_th.clone(),
                title_en: row.title_en.clone(),
                description_th: row.description_th.clone(),
                description_en: None,
                fiscal_year: row.fiscal_year,
                budget_baht: row.budget_baht,
                budget_source: row.budget_source.clone(),
                lead_organization_id: lead,
                partner_organization_ids: partners,
                target_groups: row.target_groups.clone(),
                area_code: row.area_code.clone(),
                starts_on: row.starts_on,
                ends_on: row.ends_on,
                status: row.status.unwrap_or(ProgrammeStatus::Active),
            };
            let owners = access::programme(tx, &input).await?;
            allow(&actor.principal, &owners)?;
            let r = programmes::create(tx, input).await?;
            audit::record(tx, actor, &owners, Change::created("programme", r.id.0, &r)).await?;
            Ok((RowAction::Create, r.id.0))
        }
        Some((id,)) => {
            let before: Programme = programmes::get(tx, ProgrammeId(*id)).await?;
            let old = &before.input;
            let input = ProgrammeInput {
                title_th: old.title_th.clone(),
                title_en: row.title_en.clone().or_else(|| old.title_en.clone()),
                description_th: row.description_th.clone().or_else(|| old.description_th.clone()),
                description_en: old.description_en.clone(),
                fiscal_year: old.fiscal_year,
                budget_baht: row.budget_baht.or(old.budget_baht),
                budget_source: row.budget_source.clone().or_else(|| old.budget_source.clone()),
                lead_organization_id: old.lead_organization_id,
                partner_organization_ids: if partners.is_empty() { old.partner_organization_ids.clone() } else { partners },
                target_groups: if row.target_groups.is_empty() { old.target_groups.clone() } else { row.target_groups.clone() },
                area_code: row.area_code.clone().or_else(|| old.area_code.clone()),
                starts_on: row.starts_on.or(old.starts_on),
                ends_on: row.ends_on.or(old.ends_on),
                status: row.status.unwrap_or(old.status),
            };
            let sorted = |x: &ProgrammeInput| {
                let mut x = x.clone();
                x.partner_organization_ids.sort();
                x.target_groups.sort();
                x
            };
            if sorted(&input) == sorted(old) {
                return Ok((RowAction::Unchanged, before.id.0));
            }
            let owners = access::programme(tx, old).await?;
            allow(&actor.principal, &owners)?;
            let after = programmes::update(tx, before.id, Precondition::Any, input).await?;
            audit::record(tx, actor, &owners, Change::updated("programme", before.id.0, &before, &after)).await?;
            Ok((RowAction::Update, before.id.0))
        }
    }
}

/// A record named in a sheet by its Thai or English title: exactly one must have it.
async fn named_record(tx: &mut impl Tx, table: &str, th: &str, en: &str, field: &str, name: &str, what: (&str, &str)) -> StoreResult<Uuid> {
    let rows: Vec<(Uuid,)> = tx
        .fetch_all(Sql::new(format!("SELECT id FROM {table} WHERE {th} = $1 OR lower({en}) = lower($1) ORDER BY id")).bind(name))
        .await
        .context("finding a record by name")?;
    match rows.as_slice() {
        [(id,)] => Ok(*id),
        [] => Err(invalid(field, "unknown", format!("ไม่พบ{} “{name}”", what.0), format!("No {} is named “{name}”", what.1))),
        many => Err(invalid(
            field,
            "ambiguous",
            format!("มี{} “{name}” {} รายการ", what.0, many.len()),
            format!("{} records are named “{name}” ({})", many.len(), what.1),
        )),
    }
}

/// Network members: matched by network and organisation.
async fn network_member(tx: &mut impl Tx, actor: &Actor, row: &NetworkMemberRow) -> StoreResult<(RowAction, Uuid)> {
    let mut problems = Violations::new();
    let network =
        noted(named_record(tx, "networks", "name_th", "name_en", "/network", &row.network, ("เครือข่าย", "network")).await, &mut problems)?
            .map(NetworkId);
    let org = organizations_named(tx, &mut problems, &[("/organization".to_owned(), row.organization.as_str())]).await?[0];
    let (Some(network), Some(org)) = (network, org) else { return Err(StoreError::Invalid(problems)) };
    let before = networks::get(tx, network).await?;
    let mut input = before.input.clone();
    let action = match input.members.iter_mut().find(|m| m.organization_id == org) {
        None => {
            input.members.push(NetworkMember {
                organization_id: org,
                role: row.role.unwrap_or(MemberRole::Member),
                represented_by: row.represented_by.clone(),
                joined_on: row.joined_on,
            });
            RowAction::Create
        }
        Some(m) => {
            let was = m.clone();
            m.role = row.role.unwrap_or(m.role);
            m.represented_by = row.represented_by.clone().or_else(|| m.represented_by.clone());
            m.joined_on = row.joined_on.or(m.joined_on);
            if *m == was {
                return Ok((RowAction::Unchanged, network.0));
            }
            RowAction::Update
        }
    };
    let owners = access::network(Some(network));
    allow(&actor.principal, &owners)?;
    let after = networks::update(tx, network, Precondition::Any, input).await?;
    audit::record(tx, actor, &owners, Change::updated("network", network.0, &before, &after)).await?;
    Ok((action, network.0))
}

/// Agreement parties: matched by agreement and organisation.
async fn agreement_party(tx: &mut impl Tx, actor: &Actor, row: &AgreementPartyRow) -> StoreResult<(RowAction, Uuid)> {
    let mut problems = Violations::new();
    let agreement = noted(
        named_record(tx, "agreements", "title_th", "title_en", "/agreement", &row.agreement, ("บันทึกความร่วมมือ", "agreement")).await,
        &mut problems,
    )?
    .map(AgreementId);
    let org = organizations_named(tx, &mut problems, &[("/organization".to_owned(), row.organization.as_str())]).await?[0];
    let (Some(agreement), Some(org)) = (agreement, org) else { return Err(StoreError::Invalid(problems)) };
    let before = agreements::get(tx, agreement).await?;
    let mut input = before.input.clone();
    let action = match input.parties.iter_mut().find(|p| p.organization_id == org) {
        None => {
            input.parties.push(AgreementParty {
                organization_id: org,
                role: row.role.unwrap_or(PartyRole::Signatory),
                signed_by: row.signed_by.clone(),
            });
            RowAction::Create
        }
        Some(p) => {
            let was = p.clone();
            p.role = row.role.unwrap_or(p.role);
            p.signed_by = row.signed_by.clone().or_else(|| p.signed_by.clone());
            if *p == was {
                return Ok((RowAction::Unchanged, agreement.0));
            }
            RowAction::Update
        }
    };
    let owners = access::agreement(&before.input);
    allow(&actor.principal, &owners)?;
    let after = agreements::update(tx, agreement, Precondition::Any, input).await?;
    audit::record(tx, actor, &owners, Change::updated("agreement", agreement.0, &before, &after)).await?;
    Ok((action, agreement.0))
}
