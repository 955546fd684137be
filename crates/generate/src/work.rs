//! What partners do: programmes across fiscal years 2564–2569 with their activities, who took part
//! (participation cells) and what they contribute to (alignments). Generated in batches.

use chrono::{Duration, NaiveDate, NaiveTime};
use phakhi_domain::activity::{Activity, ActivityInput, ActivityKind, AttendanceMode};
use phakhi_domain::alignment::{Alignment, SubjectKind};
use phakhi_domain::money::Baht;
use phakhi_domain::participation::{AgeBand, Gender, ParticipationCell};
use phakhi_domain::programme::{Programme, ProgrammeInput, ProgrammeStatus};
use phakhi_domain::{ActivityId, FiscalYear, OrganizationId, ProgrammeId, Vocabulary};
use rand::RngExt;

use crate::REFERENCE_DAY;
use crate::random::{IdClock, Rng, day_between, distinct, pick, small_count, thai_time, weighted};
use crate::register::{Directory, alignment, meta, sdg_items};
use crate::words::{ACTIONS, BUDGET_SOURCES, MARKER_EN, MARKER_TH, TOPICS, Topic, VENUES};
use crate::world::{Item, Place, World};

/// Fiscal years (Buddhist Era) and how many programmes each has: work grows year on year, and the
/// current year (2569) is not over.
const FISCAL_YEARS: [(i32, u32); 6] = [(2564, 12), (2565, 14), (2566, 16), (2567, 19), (2568, 21), (2569, 18)];

const KINDS: [(ActivityKind, u32); 8] = [
    (ActivityKind::Training, 30),
    (ActivityKind::Forum, 12),
    (ActivityKind::Workshop, 15),
    (ActivityKind::Meeting, 18),
    (ActivityKind::Conference, 4),
    (ActivityKind::Campaign, 10),
    (ActivityKind::SigningCeremony, 3),
    (ActivityKind::Volunteering, 8),
];

const MODES: [(AttendanceMode, u32); 3] = [(AttendanceMode::Onsite, 75), (AttendanceMode::Online, 12), (AttendanceMode::Hybrid, 13)];

const GENDERS: [(Gender, u32); 4] = [(Gender::Female, 48), (Gender::Male, 36), (Gender::GenderDiverse, 6), (Gender::NotStated, 10)];
const LGBTQ_GENDERS: [(Gender, u32); 4] = [(Gender::Female, 15), (Gender::Male, 15), (Gender::GenderDiverse, 60), (Gender::NotStated, 10)];

/// A programme as its activities need it.
struct Frame<'w> {
    id: ProgrammeId,
    province: usize,
    starts: NaiveDate,
    ends: NaiveDate,
    lead: OrganizationId,
    partners: Vec<OrganizationId>,
    groups: Vec<usize>,
    topic: &'w Topic,
    items: Vec<&'w Item>,
}

/// The programmes and activities of one batch, with their alignments.
#[derive(Debug, Default)]
pub struct Work {
    pub programmes: Vec<Programme>,
    pub activities: Vec<Activity>,
    pub alignments: Vec<Alignment>,
}

/// Programmes numbered `programmes.start..end` and activities `activities.start..end`.
pub fn work(
    rng: &mut Rng,
    clock: &mut IdClock,
    world: &World,
    dir: &Directory,
    programmes: std::ops::Range<usize>,
    activities: std::ops::Range<usize>,
) -> Work {
    let mut out = Work::default();
    let frames: Vec<Frame> = programmes.map(|n| programme(rng, clock, world, dir, n, &mut out)).collect();
    for n in activities {
        // A few activities stand alone, outside any programme.
        let frame = if frames.is_empty() || rng.random_bool(0.05) { None } else { Some(pick(rng, &frames)) };
        activity(rng, clock, world, dir, n, frame, &mut out);
    }
    out
}

fn fiscal_year(be: i32) -> FiscalYear {
    FiscalYear::from_be(be).expect("the generated fiscal years are valid")
}

/// A Thai-style subdistrict label: แขวง in Bangkok, ตำบล elsewhere.
fn subdistrict_th(place: &Place) -> String {
    let prefix = if place.code.starts_with("10") { "แขวง" } else { "ตำบล" };
    format!("{prefix}{}", place.name_th)
}

fn programme<'w>(rng: &mut Rng, clock: &mut IdClock, world: &'w World, dir: &Directory, n: usize, out: &mut Work) -> Frame<'w> {
    let lead_ref = *pick(rng, &dir.all);
    let p = lead_ref.province;
    let province = &world.provinces[p];
    let fy = fiscal_year(*weighted(rng, &FISCAL_YEARS));
    let topic = pick(rng, &TOPICS);
    let groups = distinct(rng, &(0..world.target_groups.len()).collect::<Vec<_>>(), 1..=3, |_| false);
    let partners = distinct(rng, dir.local(p), 0..=4, |o| *o == lead_ref.id);
    let (action, action_en) = pick(rng, &ACTIONS);
    let (_, group_th, group_en) = &world.target_groups[groups[0]];
    let starts = day_between(rng, fy.first_day(), fy.first_day() + Duration::days(150));
    let ends = day_between(rng, starts + Duration::days(30), fy.last_day());
    let status = if fy.be() == 2569 {
        *weighted(rng, &[(ProgrammeStatus::Active, 60), (ProgrammeStatus::Planned, 40)])
    } else {
        *weighted(rng, &[(ProgrammeStatus::Completed, 90), (ProgrammeStatus::Cancelled, 5), (ProgrammeStatus::Active, 5)])
    };
    // Budgets from 20,000 to about 5 million baht, most at the small end, in whole hundreds.
    let budget = (20_000.0 * (rng.random::<f64>() * 5.5).exp() / 100.0).round() as i64 * 100;
    let area_code = match rng.random_range(0..10) {
        0..5 => province.place.code.clone(),
        5..8 if !province.districts.is_empty() => pick(rng, &province.districts).code.clone(),
        _ => pick(rng, &province.subdistricts).code.clone(),
    };
    let id = ProgrammeId(clock.next(rng));
    let input = ProgrammeInput {
        title_th: format!(
            "โครงการ{action}{}สำหรับ{group_th} จังหวัด{} ปีงบประมาณ {} รุ่นที่ {} {MARKER_TH}",
            topic.th,
            province.place.name_th,
            fy.be(),
            n + 1
        ),
        title_en: Some(format!(
            "{action_en} {} for {group_en}, {}, FY {} no. {} {MARKER_EN}",
            topic.en,
            province.place.name_en,
            fy.be(),
            n + 1
        )),
        description_th: Some(format!("โครงการสังเคราะห์ด้าน{} สำหรับทดสอบระบบ", topic.th)),
        description_en: None,
        fiscal_year: fy,
        budget_baht: Some(Baht::from_satang(budget * 100)),
        budget_source: Some((*pick(rng, &BUDGET_SOURCES)).to_owned()),
        lead_organization_id: lead_ref.id,
        partner_organization_ids: partners.clone(),
        target_groups: groups.iter().map(|g| world.target_groups[*g].0.clone()).collect(),
        area_code: Some(area_code),
        starts_on: Some(starts),
        ends_on: Some(ends),
        status,
    };
    let created = fy.first_day() - Duration::days(rng.random_range(0..60));
    let mut items = sdg_items(rng, world, topic, 1..=3);
    if rng.random_bool(0.4) {
        items.push(pick(rng, &world.learning_city_areas));
    }
    for item in &items {
        out.alignments.push(alignment(rng, clock, SubjectKind::Programme, id.0, item, created));
    }
    out.programmes.push(Programme { id, input, meta: meta(created) });
    Frame { id, province: p, starts, ends, lead: lead_ref.id, partners, groups, topic, items }
}

/// Hours of an activity of this kind.
fn hours(rng: &mut Rng, kind: ActivityKind) -> f64 {
    let (from, to) = match kind {
        ActivityKind::Training => (3, 18),
        ActivityKind::Forum => (2, 4),
        ActivityKind::Workshop => (6, 16),
        ActivityKind::Meeting => (1, 3),
        ActivityKind::Conference => (8, 24),
        ActivityKind::Campaign => (2, 8),
        ActivityKind::SigningCeremony => (1, 2),
        ActivityKind::Volunteering => (3, 8),
    };
    f64::from(rng.random_range(from..=to))
}

/// How large the crowd of a kind of activity is, relative to a training.
fn crowd(kind: ActivityKind) -> f64 {
    match kind {
        ActivityKind::Conference => 3.0,
        ActivityKind::Campaign => 2.5,
        ActivityKind::Forum => 1.5,
        ActivityKind::Volunteering => 1.2,
        ActivityKind::Training => 1.0,
        ActivityKind::Workshop => 0.8,
        ActivityKind::SigningCeremony => 0.7,
        ActivityKind::Meeting => 0.5,
    }
}

fn activity(rng: &mut Rng, clock: &mut IdClock, world: &World, dir: &Directory, n: usize, frame: Option<&Frame>, out: &mut Work) {
    let (province, lead, topic, starts, ends) = match frame {
        Some(f) => {
            let lead = if f.partners.is_empty() || rng.random_bool(0.8) { f.lead } else { *pick(rng, &f.partners) };
            (f.province, lead, f.topic, f.starts, f.ends)
        }
        None => {
            let o = *pick(rng, &dir.all);
            let fy = fiscal_year(*weighted(rng, &FISCAL_YEARS));
            (o.province, o.id, pick(rng, &TOPICS), fy.first_day(), fy.last_day())
        }
    };
    let place = pick(rng, &world.provinces[province].subdistricts);
    let kind = *weighted(rng, &KINDS);
    let hours = hours(rng, kind);
    let day = day_between(rng, starts, ends);
    let time = *pick(rng, &[(8, 30), (9, 0), (9, 30), (13, 0)]);
    let starts_at = thai_time(day, NaiveTime::from_hms_opt(time.0, time.1, 0).expect("a valid time"));
    // Longer activities run over several six-hour days.
    let ends_at = if hours <= 8.0 {
        starts_at + Duration::minutes((hours * 60.0) as i64)
    } else {
        starts_at + Duration::days((hours / 6.0).ceil() as i64 - 1) + Duration::hours(8)
    };
    let group_pool: Vec<usize> = frame.map_or_else(|| vec![rng.random_range(0..world.target_groups.len())], |f| f.groups.clone());
    let groups = distinct(rng, &group_pool, 1..=2, |_| false);
    let partners = match frame {
        Some(f) => distinct(rng, &f.partners, 0..=f.partners.len().min(3), |o| *o == lead),
        None => Vec::new(),
    };
    let participation = cells(rng, world, &groups, crowd(kind));
    let total: u64 = participation.iter().map(|c| u64::from(c.count)).sum();
    let (_, group_th, group_en) = &world.target_groups[groups[0]];
    let (venue, venue_en) = pick(rng, &VENUES);
    let id = ActivityId(clock.next(rng));
    let input = ActivityInput {
        programme_id: frame.map(|f| f.id),
        kind,
        title_th: format!("{}{}สำหรับ{group_th} {} ครั้งที่ {} {MARKER_TH}", kind.label_th(), topic.th, subdistrict_th(place), n + 1),
        title_en: Some(format!("{} on {} for {group_en}, {}, session {} {MARKER_EN}", kind.label_en(), topic.en, place.name_en, n + 1)),
        description_th: rng.random_bool(0.2).then(|| format!("กิจกรรมสังเคราะห์ด้าน{} สำหรับทดสอบระบบ", topic.th)),
        description_en: None,
        starts_at,
        ends_at: Some(ends_at),
        venue_th: Some(format!("{venue}{}", place.name_th)),
        venue_en: Some(format!("{venue_en} {}", place.name_en)),
        area_code: Some(place.code.clone()),
        hours: Some(hours),
        mode: *weighted(rng, &MODES),
        lead_organization_id: Some(lead),
        partner_organization_ids: partners,
        target_groups: groups.iter().map(|g| world.target_groups[*g].0.clone()).collect(),
        volunteer_hours: (kind == ActivityKind::Volunteering).then(|| (total as f64 * hours).min(phakhi_domain::activity::MAX_HOURS)),
        participation,
    };
    let created = day - Duration::days(rng.random_range(0..30));
    let aligned: Option<&Item> = match frame {
        Some(f) if rng.random_bool(0.35) => Some(*pick(rng, &f.items)),
        None if rng.random_bool(0.35) => sdg_items(rng, world, topic, 1..=1).into_iter().next(),
        _ => None,
    };
    if let Some(item) = aligned {
        out.alignments.push(alignment(rng, clock, SubjectKind::Activity, id.0, item, created.min(REFERENCE_DAY)));
    }
    out.activities.push(Activity::new(id, input, meta(created)));
}

/// Five to fifteen cells of gender × age band × target group × nationality, each combination once,
/// most of them small.
fn cells(rng: &mut Rng, world: &World, groups: &[usize], crowd: f64) -> Vec<ParticipationCell> {
    let wanted = rng.random_range(5..=15);
    let mut out: Vec<ParticipationCell> = Vec::with_capacity(wanted);
    for _ in 0..wanted * 4 {
        if out.len() == wanted {
            break;
        }
        // A cell's target group: one of the activity's, sometimes not stated.
        let group = if rng.random_bool(0.15) { None } else { Some(*pick(rng, groups)) };
        let code = group.map(|g| world.target_groups[g].0.as_str());
        let gender = *weighted(rng, if code == Some("lgbtq") { &LGBTQ_GENDERS } else { &GENDERS });
        let age_band = *weighted(rng, &ages(code));
        let nationality = match code {
            Some("migrant_workers") => Some(*pick(rng, &["MM", "LA", "KH"])),
            Some("international_visitors") => Some(*pick(rng, &["US", "JP", "DE", "CN", "AU"])),
            _ if rng.random_bool(0.1) => None,
            _ => Some("TH"),
        };
        let cell = ParticipationCell {
            gender,
            age_band,
            target_group: code.map(str::to_owned),
            nationality: nationality.map(str::to_owned),
            count: small_count(rng, crowd),
        };
        let duplicate = out.iter().any(|c| {
            (c.gender, c.age_band, c.target_group.as_deref(), c.nationality.as_deref())
                == (cell.gender, cell.age_band, cell.target_group.as_deref(), cell.nationality.as_deref())
        });
        if !duplicate {
            out.push(cell);
        }
    }
    out
}

/// Age bands as the target group makes them likely.
fn ages(group: Option<&str>) -> [(AgeBand, u32); 5] {
    let w = match group {
        Some("children_youth") => [45, 45, 5, 0, 5],
        Some("students") => [20, 70, 5, 0, 5],
        Some("older_persons") => [0, 0, 10, 85, 5],
        _ => [3, 15, 60, 15, 7],
    };
    [(AgeBand::Under15, w[0]), (AgeBand::Youth, w[1]), (AgeBand::Adult, w[2]), (AgeBand::Older, w[3]), (AgeBand::NotStated, w[4])]
}
