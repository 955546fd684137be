//! `phakhi export --format iati`: programmes and activities as IATI 2.03 activity XML
//! (docs/open-data.md; choices in decision 30 of docs/decisions.md).
//!
//! * each programme is an `iati-activity` of hierarchy 1, each of its activities an `iati-activity`
//!   of hierarchy 2, linked both ways by `related-activity` (type 1 parent, 2 child); an activity of
//!   no programme stands alone at hierarchy 1 (and is left out when no organisation led it: IATI
//!   needs a reporting organisation);
//! * identifiers: an organisation is `PHAKHI-ORG-{uuid}` (phakhi records no registered identifier
//!   yet), a programme `{lead's ref}-P-{uuid}`, an activity `{reporting org's ref}-A-{uuid}`;
//! * roles: the funder named by the budget source 1, the lead 2 (and 3 when it manages a funder's
//!   money), partners 4 (the lead too when it has none); an activity's lead and partners 4;
//! * results: participation (with gender and age dimensions, counts below 5 withheld by
//!   [`phakhi_domain::disclosure`]) and the plan indicators the lead is responsible for.

mod results;
mod xml;

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, NaiveDate, SecondsFormat, Utc};
use phakhi_domain::activity::Activity;
use phakhi_domain::alignment::SubjectKind;
use phakhi_domain::organization::{Organization, Sector};
use phakhi_domain::programme::{Programme, ProgrammeStatus};
use phakhi_domain::{FiscalYear, OrganizationId, ProgrammeId};
use phakhi_store::{Dump, Store, StoreError};
use uuid::Uuid;

use crate::areas::AreaIndex;
use results::{Readings, ResultBlock};
use xml::{Bilingual, Xml};

/// How phakhi names an organisation that has no registered identifier (see decision 30).
pub const ORG_PREFIX: &str = "PHAKHI-ORG-";

/// Why the export could not be written.
#[derive(Debug, thiserror::Error)]
pub enum IatiError {
    #[error("reading the records: {0}")]
    Store(#[from] StoreError),
    #[error("writing the XML: {0}")]
    Write(#[from] std::io::Error),
    #[error("{0}")]
    Reference(#[from] phakhi_reference::ReferenceError),
    #[error("indicator {code}: its formula does not parse: {source}")]
    Formula { code: String, source: phakhi_domain::formula::FormulaError },
    #[error("nothing to publish: IATI needs at least one programme or activity led by an organisation")]
    Empty,
}

/// The document, and what went into it.
#[derive(Debug)]
pub struct IatiExport {
    pub xml: Vec<u8>,
    pub programmes: usize,
    pub activities: usize,
    /// Activities of no programme and no lead organisation: IATI cannot say who reports them.
    pub left_out: usize,
    /// Counts of people from 1 to 4 (and their partners in subtraction) not published.
    pub withheld: usize,
}

/// Reads every programme and activity and writes them as one `iati-activities` document.
pub async fn export(store: &dyn Store, generated_at: DateTime<Utc>) -> Result<IatiExport, IatiError> {
    let dump = store.export().await?;
    let records = Records::new(&dump)?;
    let readings = results::read_computed(store, &records, FiscalYear::containing(thai_date(generated_at))).await?;
    write(&records, &readings, generated_at)
}

/// The records with the look-ups the export needs.
pub(crate) struct Records<'a> {
    dump: &'a Dump,
    organizations: HashMap<OrganizationId, &'a Organization>,
    activities_of: HashMap<ProgrammeId, Vec<&'a Activity>>,
    /// SDG item codes by aligned record: looked up once per programme and activity, so a national
    /// export must not scan every alignment each time.
    sdg_items_of: HashMap<(SubjectKind, Uuid), Vec<&'a str>>,
    areas: AreaIndex,
}

impl<'a> Records<'a> {
    fn new(dump: &'a Dump) -> Result<Self, IatiError> {
        let mut activities_of: HashMap<ProgrammeId, Vec<&Activity>> = HashMap::new();
        for a in &dump.activities {
            if let Some(p) = a.input.programme_id {
                activities_of.entry(p).or_default().push(a);
            }
        }
        let mut sdg_items_of: HashMap<(SubjectKind, Uuid), Vec<&str>> = HashMap::new();
        for a in dump.alignments.iter().filter(|a| a.framework_code == phakhi_domain::framework::SDG) {
            sdg_items_of.entry((a.input.subject_kind, a.input.subject_id)).or_default().push(&a.item_code);
        }
        Ok(Self {
            dump,
            organizations: dump.organizations.iter().map(|o| (o.id, o)).collect(),
            activities_of,
            sdg_items_of,
            areas: AreaIndex::reference()?,
        })
    }

    fn organization(&self, id: OrganizationId) -> Option<&'a Organization> {
        self.organizations.get(&id).copied()
    }

    fn activities_of(&self, programme: ProgrammeId) -> &[&'a Activity] {
        self.activities_of.get(&programme).map(Vec::as_slice).unwrap_or_default()
    }

    /// SDG goals (vocabulary 2) and targets (vocabulary 3) a record is aligned to; an alignment to an
    /// SDG indicator counts for its target.
    fn sdg_tags(&self, kind: SubjectKind, subject: Uuid) -> Vec<(&'static str, String)> {
        let items = self.sdg_items_of.get(&(kind, subject)).map(Vec::as_slice).unwrap_or_default();
        let mut tags: Vec<(&'static str, String)> = items.iter().map(|code| sdg_tag(code)).collect();
        // Goals before targets, in the SDGs' own order (5 before 10, 4.7 before 4.10).
        tags.sort_by_key(|(vocabulary, code)| {
            (*vocabulary, code.split('.').map(|n| n.parse::<u32>().unwrap_or(u32::MAX)).collect::<Vec<_>>())
        });
        tags.dedup();
        tags
    }
}

fn sdg_tag(item_code: &str) -> (&'static str, String) {
    let mut parts = item_code.split('.');
    match (parts.next(), parts.next()) {
        (Some(goal), None) => ("2", goal.to_owned()),
        (Some(goal), Some(target)) => ("3", format!("{goal}.{target}")),
        _ => ("2", item_code.to_owned()),
    }
}

/// The day in Thailand (UTC+7) of an instant: activities are dated as their participants lived them.
fn thai_date(at: DateTime<Utc>) -> NaiveDate {
    let bangkok = FixedOffset::east_opt(7 * 3600).expect("UTC+7 is a valid offset");
    at.with_timezone(&bangkok).date_naive()
}

/// `PHAKHI-ORG-{uuid}`.
pub fn organization_ref(id: OrganizationId) -> String {
    format!("{ORG_PREFIX}{}", id.0)
}

/// IATI organisation type (codelist OrganisationType) of a sector.
fn organization_type(sector: Sector) -> &'static str {
    match sector {
        Sector::CentralGovernment | Sector::ProvincialOffice => "10",
        Sector::LocalGovernment => "11",
        Sector::StateEnterprise => "15",
        Sector::CivilSociety | Sector::CommunityGroup => "22",
        Sector::International => "40",
        Sector::PrivateCompany => "70",
        Sector::Academic => "80",
    }
}

/// An organisation taking part, by reference, or by name alone when phakhi does not know it.
#[derive(Debug, Clone, Copy)]
enum Party<'a> {
    Known(&'a Organization),
    Named(&'a str),
}

/// Codes of the IATI OrganisationRole codelist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Role {
    Funding = 1,
    Accountable = 2,
    Extending = 3,
    Implementing = 4,
}

/// Everything one `iati-activity` says, before it is written.
struct Entry<'a> {
    identifier: String,
    reporting: &'a Organization,
    hierarchy: &'static str,
    updated: DateTime<Utc>,
    title: Bilingual<'a>,
    description: Bilingual<'a>,
    parties: Vec<(Role, Party<'a>)>,
    status: &'static str,
    /// ActivityDateType code and day.
    dates: Vec<(&'static str, NaiveDate)>,
    area_code: Option<&'a str>,
    tags: Vec<(&'static str, String)>,
    budget: Option<(f64, FiscalYear)>,
    /// RelatedActivityType code and identifier.
    related: Vec<(&'static str, String)>,
    results: Vec<ResultBlock>,
}

fn write(r: &Records<'_>, readings: &Readings, generated_at: DateTime<Utc>) -> Result<IatiExport, IatiError> {
    let today = thai_date(generated_at);
    let mut export = IatiExport { xml: Vec::new(), programmes: 0, activities: 0, left_out: 0, withheld: 0 };
    let mut entries = Vec::new();
    for p in &r.dump.programmes {
        let Some(lead) = r.organization(p.input.lead_organization_id) else { continue };
        let parent = programme_entry(r, p, lead, readings, &mut export.withheld);
        let children: Vec<Entry<'_>> = r
            .activities_of(p.id)
            .iter()
            .map(|a| activity_entry(r, a, Some((&parent.identifier, lead)), today, &mut export.withheld))
            .collect();
        let mut parent = parent;
        parent.related.extend(children.iter().map(|c| ("2", c.identifier.clone())));
        export.programmes += 1;
        export.activities += children.len();
        entries.push(parent);
        entries.extend(children);
    }
    for a in r.dump.activities.iter().filter(|a| a.input.programme_id.is_none()) {
        if a.input.lead_organization_id.and_then(|id| r.organization(id)).is_none() {
            export.left_out += 1;
            continue;
        }
        entries.push(activity_entry(r, a, None, today, &mut export.withheld));
        export.activities += 1;
    }
    if entries.is_empty() {
        return Err(IatiError::Empty);
    }
    let mut x = Xml::new()?;
    let generated = generated_at.to_rfc3339_opts(SecondsFormat::Secs, true);
    x.open("iati-activities", &[("version", "2.03"), ("generated-datetime", &generated)])?;
    for e in &entries {
        write_entry(&mut x, r, e)?;
    }
    x.close("iati-activities")?;
    export.xml = x.finish()?;
    Ok(export)
}

fn programme_status(status: ProgrammeStatus) -> &'static str {
    match status {
        ProgrammeStatus::Planned => "1",
        ProgrammeStatus::Active => "2",
        ProgrammeStatus::Completed => "4",
        ProgrammeStatus::Cancelled => "5",
    }
}

/// Planned or actual start and end: actual once the programme has started or ended; the fiscal
/// year's first and last day where no date was recorded.
fn programme_dates(p: &Programme) -> Vec<(&'static str, NaiveDate)> {
    let started = matches!(p.input.status, ProgrammeStatus::Active | ProgrammeStatus::Completed);
    let ended = p.input.status == ProgrammeStatus::Completed;
    let start = match p.input.starts_on {
        Some(day) => (if started { "2" } else { "1" }, day),
        None => ("1", p.input.fiscal_year.first_day()),
    };
    let end = match p.input.ends_on {
        Some(day) => (if ended { "4" } else { "3" }, day),
        None => ("3", p.input.fiscal_year.last_day()),
    };
    vec![start, end]
}

/// Whether an organisation is named in a text as a word: its Thai name, or a part of its abbreviation
/// ("บพท." of "บพท. (PMU A)") standing between spaces, brackets or the ends of the text.
fn mentions(text: &str, o: &Organization) -> bool {
    let bounded = |word: &str| {
        text.match_indices(word).any(|(i, _)| {
            let before = text[..i].chars().next_back();
            let after = text[i + word.len()..].chars().next();
            let edge = |c: Option<char>| c.is_none_or(|c| c.is_whitespace() || "()[],;".contains(c));
            edge(before) && edge(after)
        })
    };
    let abbreviations = o.input.abbreviation.iter().flat_map(|a| a.split(['(', ')'])).map(str::trim).filter(|a| a.chars().count() >= 2);
    text.contains(o.input.name_th.as_str()) || abbreviations.into_iter().any(bounded)
}

/// The funder a budget source names: a recorded organisation when the text names one (a partner
/// first), else the text itself.
fn funder<'a>(r: &Records<'a>, p: &'a Programme) -> Option<Party<'a>> {
    let source = p.input.budget_source.as_deref()?.trim();
    if source.is_empty() {
        return None;
    }
    let partners = p.input.partner_organization_ids.iter().filter_map(|id| r.organization(*id));
    let everyone = r.dump.organizations.iter();
    Some(partners.chain(everyone).find(|o| mentions(source, o)).map_or(Party::Named(source), Party::Known))
}

fn programme_parties<'a>(r: &Records<'a>, p: &'a Programme, lead: &'a Organization) -> Vec<(Role, Party<'a>)> {
    let mut parties = Vec::new();
    let funder = funder(r, p);
    let funded_by_another = match funder {
        Some(Party::Known(f)) => f.id != lead.id,
        Some(Party::Named(_)) => true,
        None => false,
    };
    if let Some(f) = funder {
        parties.push((Role::Funding, f));
    }
    parties.push((Role::Accountable, Party::Known(lead)));
    if funded_by_another {
        parties.push((Role::Extending, Party::Known(lead)));
    }
    let funder_id = match funder {
        Some(Party::Known(f)) => Some(f.id),
        _ => None,
    };
    let implementers: Vec<&Organization> =
        p.input.partner_organization_ids.iter().filter(|id| Some(**id) != funder_id).filter_map(|id| r.organization(*id)).collect();
    if implementers.is_empty() {
        parties.push((Role::Implementing, Party::Known(lead)));
    }
    parties.extend(implementers.into_iter().map(|o| (Role::Implementing, Party::Known(o))));
    parties
}

fn programme_entry<'a>(r: &Records<'a>, p: &'a Programme, lead: &'a Organization, readings: &Readings, withheld: &mut usize) -> Entry<'a> {
    let identifier = format!("{}-P-{}", organization_ref(lead.id), p.id.0);
    let mut results = Vec::new();
    let cells: Vec<_> = r.activities_of(p.id).iter().flat_map(|a| a.input.participation.iter().cloned()).collect();
    let days: Vec<NaiveDate> = r.activities_of(p.id).iter().flat_map(|a| activity_days(a)).collect();
    if let (Some(first), Some(last)) = (days.iter().min(), days.iter().max()) {
        results.extend(results::participation(&cells, *first, *last, withheld));
    }
    results.extend(results::plan_indicators(r, p, readings, withheld));
    Entry {
        identifier,
        reporting: lead,
        hierarchy: "1",
        updated: p.meta.updated_at,
        title: Bilingual::new(&p.input.title_th, p.input.title_en.as_deref()),
        description: Bilingual::new(
            p.input.description_th.as_deref().unwrap_or(&p.input.title_th),
            p.input.description_en.as_deref().or(p.input.title_en.as_deref()),
        ),
        parties: programme_parties(r, p, lead),
        status: programme_status(p.input.status),
        dates: programme_dates(p),
        area_code: p.input.area_code.as_deref(),
        tags: r.sdg_tags(SubjectKind::Programme, p.id.0),
        budget: p.input.budget_baht.map(|b| (b.as_baht_f64(), p.input.fiscal_year)),
        related: Vec::new(),
        results,
    }
}

/// The first and last day (in Thailand) of an activity.
fn activity_days(a: &Activity) -> [NaiveDate; 2] {
    let start = thai_date(a.input.starts_at);
    [start, a.input.ends_at.map_or(start, thai_date)]
}

/// An activity of a programme (`parent`: its identifier and lead), or one standing alone.
fn activity_entry<'a>(
    r: &Records<'a>,
    a: &'a Activity,
    parent: Option<(&String, &'a Organization)>,
    today: NaiveDate,
    withheld: &mut usize,
) -> Entry<'a> {
    let lead = a.input.lead_organization_id.and_then(|id| r.organization(id));
    let reporting = parent.map(|(_, o)| o).or(lead).expect("an activity written has a programme or a lead");
    let [start, end] = activity_days(a);
    let mut parties = vec![(Role::Accountable, Party::Known(reporting))];
    parties.extend(
        lead.into_iter()
            .chain(a.input.partner_organization_ids.iter().filter_map(|id| r.organization(*id)))
            .map(|o| (Role::Implementing, Party::Known(o))),
    );
    let status = if start > today {
        "1"
    } else if end < today {
        "4"
    } else {
        "2"
    };
    Entry {
        identifier: format!("{}-A-{}", organization_ref(reporting.id), a.id.0),
        reporting,
        hierarchy: if parent.is_some() { "2" } else { "1" },
        updated: a.meta.updated_at,
        title: Bilingual::new(&a.input.title_th, a.input.title_en.as_deref()),
        description: Bilingual::new(
            a.input.description_th.as_deref().unwrap_or(&a.input.title_th),
            a.input.description_en.as_deref().or(a.input.title_en.as_deref()),
        ),
        parties,
        status,
        dates: vec![(if start <= today { "2" } else { "1" }, start), (if end < today { "4" } else { "3" }, end)],
        area_code: a.input.area_code.as_deref(),
        tags: r.sdg_tags(SubjectKind::Activity, a.id.0),
        budget: None,
        related: parent.map(|(id, _)| ("1", id.clone())).into_iter().collect(),
        results: results::participation(&a.input.participation, start, end, withheld).into_iter().collect(),
    }
}

fn write_party(x: &mut Xml, role: Role, party: Party<'_>) -> std::io::Result<()> {
    let role = (role as u8).to_string();
    match party {
        Party::Known(o) => {
            let reference = organization_ref(o.id);
            let attributes = [("ref", reference.as_str()), ("type", organization_type(o.input.sector)), ("role", role.as_str())];
            x.described("participating-org", &attributes, Bilingual::new(&o.input.name_th, o.input.name_en.as_deref()))
        }
        Party::Named(name) => x.described("participating-org", &[("role", role.as_str())], Bilingual::new(name, None)),
    }
}

/// Where: Thailand, and the DOPA area (its code in `ref`, its Thai and English names).
fn write_location(x: &mut Xml, r: &Records<'_>, code: &str) -> std::io::Result<()> {
    let reference = format!("TH-DOPA-{code}");
    x.open("location", &[("ref", &reference)])?;
    x.empty("location-reach", &[("code", "1")])?;
    if let Some(area) = r.areas.get(code) {
        x.described("name", &[], Bilingual::new(&area.name_th, Some(&area.name_en)))?;
    }
    let th = format!("รหัสพื้นที่กรมการปกครอง {code}");
    let en = format!("Department of Provincial Administration (DOPA) area code {code}");
    x.described("description", &[], Bilingual::new(&th, Some(&en)))?;
    x.close("location")
}

fn write_budget(x: &mut Xml, baht: f64, year: FiscalYear) -> std::io::Result<()> {
    let (start, end) = (year.first_day().to_string(), year.last_day().to_string());
    x.open("budget", &[("type", "1"), ("status", "1")])?;
    x.empty("period-start", &[("iso-date", &start)])?;
    x.empty("period-end", &[("iso-date", &end)])?;
    x.text("value", &[("currency", "THB"), ("value-date", &start)], &results::number(baht))?;
    x.close("budget")
}

/// One `iati-activity`, its elements in the order the schema's sequence requires.
fn write_entry(x: &mut Xml, r: &Records<'_>, e: &Entry<'_>) -> std::io::Result<()> {
    let updated = e.updated.to_rfc3339_opts(SecondsFormat::Secs, true);
    x.open(
        "iati-activity",
        &[("last-updated-datetime", &updated), ("xml:lang", "th"), ("default-currency", "THB"), ("hierarchy", e.hierarchy)],
    )?;
    x.text("iati-identifier", &[], &e.identifier)?;
    let reporting = organization_ref(e.reporting.id);
    x.described(
        "reporting-org",
        &[("ref", &reporting), ("type", organization_type(e.reporting.input.sector))],
        Bilingual::new(&e.reporting.input.name_th, e.reporting.input.name_en.as_deref()),
    )?;
    x.described("title", &[], e.title)?;
    x.described("description", &[("type", "1")], e.description)?;
    for (role, party) in &e.parties {
        write_party(x, *role, *party)?;
    }
    x.empty("activity-status", &[("code", e.status)])?;
    for (kind, day) in &e.dates {
        x.empty("activity-date", &[("type", kind), ("iso-date", &day.to_string())])?;
    }
    x.described("recipient-country", &[("code", "TH"), ("percentage", "100")], Bilingual::new("ประเทศไทย", Some("Thailand")))?;
    if let Some(code) = e.area_code {
        write_location(x, r, code)?;
    }
    for (vocabulary, code) in &e.tags {
        x.empty("tag", &[("vocabulary", vocabulary), ("code", code)])?;
    }
    if let Some((baht, year)) = e.budget {
        write_budget(x, baht, year)?;
    }
    for (kind, identifier) in &e.related {
        x.empty("related-activity", &[("ref", identifier), ("type", kind)])?;
    }
    for result in &e.results {
        results::write(x, result)?;
    }
    x.close("iati-activity")
}
