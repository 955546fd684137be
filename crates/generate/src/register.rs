//! The register: organisations in every sector, networks of them, agreements between them and the
//! commitments each party made. Generated first, as one batch; programmes and activities refer to it.

use std::collections::HashMap;

use chrono::{Datelike, Duration, NaiveDate};
use phakhi_domain::agreement::{Agreement, AgreementDocument, AgreementInput, AgreementParty, AgreementStatus, PartyRole};
use phakhi_domain::alignment::{Alignment, AlignmentInput, SubjectKind};
use phakhi_domain::commitment::{Commitment, CommitmentInput, CommitmentStatus, Deliverable, DeliverableStatus, ProgressUpdate};
use phakhi_domain::network::{MemberRole, Network, NetworkInput, NetworkMember};
use phakhi_domain::organization::{Organization, OrganizationInput, OrganizationStatus, Sector};
use phakhi_domain::{AgreementId, AlignmentId, CommitmentId, NetworkId, OrganizationId, RecordMeta};
use rand::RngExt;

use crate::random::{IdClock, Rng, at_midnight, day_between, distinct, pick, weighted};
use crate::scale::Plan;
use crate::words::{COMPANY_SYLLABLES, MARKER_EN, MARKER_TH, PROMISES, TOPICS, Topic};
use crate::world::{Item, Place, World};
use crate::{REFERENCE_DAY, first_day};

/// What later batches need to know about an organisation.
#[derive(Debug, Clone, Copy)]
pub struct OrgRef {
    pub id: OrganizationId,
    pub province: usize,
    pub sector: Sector,
}

/// The organisations, grouped by province for choosing local partners.
#[derive(Debug, Clone, Default)]
pub struct Directory {
    pub all: Vec<OrgRef>,
    pub by_province: Vec<Vec<OrganizationId>>,
    sectors: HashMap<OrganizationId, Sector>,
}

impl Directory {
    fn new(provinces: usize, orgs: &[OrgRef]) -> Self {
        let mut by_province = vec![Vec::new(); provinces];
        for o in orgs {
            by_province[o.province].push(o.id);
        }
        let sectors = orgs.iter().map(|o| (o.id, o.sector)).collect();
        Self { all: orgs.to_vec(), by_province, sectors }
    }

    fn sector(&self, id: OrganizationId) -> Sector {
        self.sectors.get(&id).copied().unwrap_or(Sector::CivilSociety)
    }

    /// Organisations of a province (or anywhere, if it has none).
    pub fn local(&self, province: usize) -> &[OrganizationId] {
        let here = &self.by_province[province];
        if here.is_empty() { &self.by_province[self.all[0].province] } else { here }
    }
}

/// Version 1 records, created on `day`.
pub fn meta(day: NaiveDate) -> RecordMeta {
    RecordMeta { version: 1, created_at: at_midnight(day), updated_at: at_midnight(day) }
}

/// The sectors in roughly the proportions of Thai network registers.
const SECTORS: [(Sector, u32); 9] = [
    (Sector::CentralGovernment, 4),
    (Sector::ProvincialOffice, 12),
    (Sector::LocalGovernment, 22),
    (Sector::StateEnterprise, 4),
    (Sector::Academic, 12),
    (Sector::PrivateCompany, 14),
    (Sector::CivilSociety, 16),
    (Sector::CommunityGroup, 14),
    (Sector::International, 2),
];

/// The public role that signs or represents for an organisation of this sector (never a person).
fn public_role(sector: Sector, province: &Place) -> String {
    match sector {
        Sector::CentralGovernment => "อธิบดี".into(),
        Sector::ProvincialOffice => format!("ผู้ว่าราชการจังหวัด{}", province.name_th),
        Sector::LocalGovernment => "นายกเทศมนตรี".into(),
        Sector::StateEnterprise => "ผู้อำนวยการ".into(),
        Sector::Academic => "อธิการบดี".into(),
        Sector::PrivateCompany => "กรรมการผู้จัดการ".into(),
        Sector::CivilSociety => "ประธานมูลนิธิ".into(),
        Sector::CommunityGroup => "ประธานกลุ่ม".into(),
        Sector::International => "ผู้แทนประจำประเทศไทย".into(),
    }
}

/// A name for organisation number `n` of a sector, in Thai and English, with where it is.
fn organisation_name(rng: &mut Rng, n: usize, sector: Sector, province: &Place, sub: &Place, topic: &Topic) -> (String, String) {
    let (p, pe, s, se, t, te) = (&province.name_th, &province.name_en, &sub.name_th, &sub.name_en, topic.th, topic.en);
    let (th, en) = match sector {
        Sector::CentralGovernment => (format!("สำนักงาน{t}แห่งชาติ เขต {n}"), format!("National Office for {te}, Zone {n}")),
        Sector::ProvincialOffice => (format!("ศูนย์{t}จังหวัด{p} หน่วยที่ {n}"), format!("{pe} Provincial Centre for {te}, Unit {n}")),
        Sector::LocalGovernment if rng.random_bool(0.5) => (format!("เทศบาลตำบล{s}"), format!("{se} Subdistrict Municipality")),
        Sector::LocalGovernment => (format!("องค์การบริหารส่วนตำบล{s}"), format!("{se} Subdistrict Administrative Organisation")),
        Sector::StateEnterprise => (format!("สถาบัน{t}สาธารณะ {n}"), format!("Public Institute for {te} {n}")),
        Sector::Academic if rng.random_bool(0.6) => (format!("โรงเรียน{s}วิทยา"), format!("{se} Wittaya School")),
        Sector::Academic => (format!("วิทยาลัยชุมชน{p} วิทยาเขต{s}"), format!("{pe} Community College, {se} Campus")),
        Sector::PrivateCompany => {
            let (a, ae) = pick(rng, &COMPANY_SYLLABLES);
            let (b, be) = pick(rng, &COMPANY_SYLLABLES);
            (format!("บริษัท {a}{b}{s} จำกัด"), format!("{ae}{} {se} Co., Ltd.", be.to_lowercase()))
        }
        Sector::CivilSociety if rng.random_bool(0.5) => (format!("มูลนิธิเพื่อ{t}{p}"), format!("{pe} Foundation for {te}")),
        Sector::CivilSociety => (format!("สมาคม{t}จังหวัด{p}"), format!("{pe} Association for {te}")),
        Sector::CommunityGroup => (format!("กลุ่ม{t}ตำบล{s}"), format!("{se} Community Group for {te}")),
        Sector::International => (format!("โครงการความร่วมมือระหว่างประเทศด้าน{t} {n}"), format!("International Partnership for {te} {n}")),
    };
    (format!("{th} {n:05} {MARKER_TH}"), format!("{en} {n:05} {MARKER_EN}"))
}

/// Where an organisation is: provincial bodies at the province, local government and groups at a
/// subdistrict.
fn organisation_area(sector: Sector, province: &Place, sub: &Place) -> String {
    match sector {
        Sector::CentralGovernment | Sector::ProvincialOffice | Sector::StateEnterprise | Sector::International => province.code.clone(),
        _ => sub.code.clone(),
    }
}

fn organisations(rng: &mut Rng, clock: &mut IdClock, plan: &Plan, world: &World) -> (Vec<Organization>, Vec<OrgRef>) {
    let n_provinces = world.provinces.len();
    let weights: Vec<(usize, u32)> = world.provinces.iter().enumerate().map(|(i, p)| (i, p.subdistricts.len() as u32)).collect();
    let mut orgs = Vec::with_capacity(plan.organizations);
    let mut refs: Vec<OrgRef> = Vec::with_capacity(plan.organizations);
    let mut central: Vec<OrganizationId> = Vec::new();
    for n in 0..plan.organizations {
        // Every province gets some organisations; the rest follow the number of subdistricts.
        let p = if n < n_provinces * 10 { n % n_provinces } else { *weighted(rng, &weights) };
        let province = &world.provinces[p];
        let sub = pick(rng, &province.subdistricts);
        let sector = *weighted(rng, &SECTORS);
        let topic = pick(rng, &TOPICS);
        let (name_th, name_en) = organisation_name(rng, n + 1, sector, &province.place, sub, topic);
        // Provincial offices belong to a central unit created before them (parents come first).
        let parent_id = match sector {
            Sector::ProvincialOffice if !central.is_empty() && rng.random_bool(0.5) => Some(*pick(rng, &central)),
            _ => None,
        };
        let status =
            *weighted(rng, &[(OrganizationStatus::Active, 92), (OrganizationStatus::Inactive, 6), (OrganizationStatus::Dissolved, 2)]);
        let id = OrganizationId(clock.next(rng));
        let input = OrganizationInput {
            name_th,
            name_en: Some(name_en),
            abbreviation: rng.random_bool(0.2).then(|| format!("สสค.{}", n + 1)),
            sector,
            parent_id,
            area_code: Some(organisation_area(sector, &province.place, sub)),
            website: rng.random_bool(0.3).then(|| format!("https://org{}.example.invalid", n + 1)),
            status,
            description_th: Some(format!("องค์กรสังเคราะห์ด้าน{} สำหรับทดสอบระบบ ไม่ใช่หน่วยงานจริง", topic.th)),
            description_en: Some(format!("A synthetic organisation working on {}, for testing; not a real body.", topic.en)),
        };
        let created = day_between(rng, first_day(), REFERENCE_DAY);
        refs.push(OrgRef { id, province: p, sector });
        if sector == Sector::CentralGovernment {
            central.push(id);
        }
        orgs.push(Organization { id, input, meta: meta(created) });
    }
    (orgs, refs)
}

fn networks(rng: &mut Rng, clock: &mut IdClock, plan: &Plan, world: &World, dir: &Directory) -> Vec<Network> {
    (0..plan.networks)
        .map(|n| {
            let p = n % world.provinces.len();
            let province = &world.provinces[p].place;
            let topic = pick(rng, &TOPICS);
            let established = day_between(rng, first_day(), REFERENCE_DAY - Duration::days(90));
            let size = rng.random_range(5..=40);
            let members: Vec<NetworkMember> = distinct(rng, dir.local(p), size..=size, |_| false)
                .into_iter()
                .enumerate()
                .map(|(i, organization_id)| {
                    let role = match i {
                        0 => MemberRole::Chair,
                        1 => MemberRole::ViceChair,
                        2 => MemberRole::Secretariat,
                        _ => MemberRole::Member,
                    };
                    let sector = dir.sector(organization_id);
                    NetworkMember {
                        organization_id,
                        role,
                        represented_by: Some(public_role(sector, province)),
                        joined_on: Some(day_between(rng, established, REFERENCE_DAY)),
                    }
                })
                .collect();
            let input = NetworkInput {
                name_th: format!("เครือข่าย{}จังหวัด{} ที่ {} {MARKER_TH}", topic.th, province.name_th, n + 1),
                name_en: Some(format!("{} network on {} no. {} {MARKER_EN}", province.name_en, topic.en, n + 1)),
                instrument: Some(format!("คำสั่งจังหวัด{} ที่ {}/{} (ข้อมูลสังเคราะห์)", province.name_th, n + 1, established.year() + 543)),
                established_on: Some(established),
                area_code: Some(province.code.clone()),
                description_th: Some(format!("เครือข่ายสังเคราะห์ด้าน{} สำหรับทดสอบระบบ", topic.th)),
                description_en: Some(format!("A synthetic network on {}, for testing.", topic.en)),
                members,
            };
            Network { id: NetworkId(clock.next(rng)), input, meta: meta(established) }
        })
        .collect()
}

/// One to three SDG targets of the topic's goals.
pub fn sdg_items<'a>(rng: &mut Rng, world: &'a World, topic: &Topic, count: std::ops::RangeInclusive<usize>) -> Vec<&'a Item> {
    let n = rng.random_range(count);
    let mut out: Vec<&Item> = Vec::new();
    for _ in 0..n * 3 {
        if out.len() == n {
            break;
        }
        let goal = pick(rng, topic.sdgs);
        let Some(targets) = world.sdg_targets.get(goal) else { continue };
        let item = pick(rng, targets);
        if !out.iter().any(|i| i.id == item.id) {
            out.push(item);
        }
    }
    out
}

/// An alignment of a record to a framework item.
pub fn alignment(rng: &mut Rng, clock: &mut IdClock, kind: SubjectKind, subject: uuid::Uuid, item: &Item, day: NaiveDate) -> Alignment {
    Alignment {
        id: AlignmentId(clock.next(rng)),
        input: AlignmentInput { subject_kind: kind, subject_id: subject, item_id: item.id, note: None },
        framework_code: item.framework_code.to_owned(),
        item_code: item.code.clone(),
        created_at: at_midnight(day),
    }
}

/// The register's records.
#[derive(Debug, Default)]
pub struct Register {
    pub organizations: Vec<Organization>,
    pub networks: Vec<Network>,
    pub agreements: Vec<Agreement>,
    pub commitments: Vec<Commitment>,
    pub alignments: Vec<Alignment>,
    pub directory: Directory,
}

pub fn register(rng: &mut Rng, clock: &mut IdClock, plan: &Plan, world: &World) -> Register {
    let (organizations, refs) = organisations(rng, clock, plan, world);
    let directory = Directory::new(world.provinces.len(), &refs);
    let networks = networks(rng, clock, plan, world, &directory);
    let mut r = Register { organizations, networks, directory, ..Default::default() };
    for n in 0..plan.agreements {
        agreement(rng, clock, world, n, &mut r);
    }
    r
}

fn agreement(rng: &mut Rng, clock: &mut IdClock, world: &World, n: usize, r: &mut Register) {
    let p = rng.random_range(0..world.provinces.len());
    let province = &world.provinces[p].place;
    let topic = pick(rng, &TOPICS);
    // Most MOUs have a handful of parties; a few (learning-city MOUs) dozens.
    let size = if rng.random_bool(0.05) { rng.random_range(20..=60) } else { rng.random_range(2..=10) };
    let orgs = distinct(rng, r.directory.local(p), size..=size, |_| false);
    let parties: Vec<AgreementParty> = orgs
        .iter()
        .enumerate()
        .map(|(i, &organization_id)| {
            let role = if i > 1 && rng.random_bool(0.1) { PartyRole::Witness } else { PartyRole::Signatory };
            let sector = r.directory.sector(organization_id);
            AgreementParty { organization_id, role, signed_by: Some(public_role(sector, province)) }
        })
        .collect();
    let draft = rng.random_bool(0.05);
    let signed = day_between(rng, first_day(), REFERENCE_DAY - Duration::days(30));
    let term_end = signed + Duration::days(365 * rng.random_range(2..=5));
    let status = if draft {
        AgreementStatus::Draft
    } else if rng.random_bool(0.03) {
        AgreementStatus::Terminated
    } else if term_end < REFERENCE_DAY {
        AgreementStatus::Expired
    } else {
        AgreementStatus::Active
    };
    let signatories = parties.iter().filter(|p| p.role == PartyRole::Signatory).count() as u32;
    let network_id = r.networks.iter().filter(|x| x.input.area_code.as_deref() == Some(province.code.as_str())).map(|x| x.id).next();
    let id = AgreementId(clock.next(rng));
    let documents = if rng.random_bool(0.5) {
        let sha: [u8; 32] = rng.random();
        vec![AgreementDocument {
            title: format!("บันทึกข้อตกลงความร่วมมือ ฉบับลงนาม {MARKER_TH}"),
            file_name: format!("mou-{:05}.pdf", n + 1),
            media_type: Some("application/pdf".into()),
            size_bytes: Some(rng.random_range(80_000..4_000_000)),
            sha256: Some(sha.iter().map(|b| format!("{b:02x}")).collect()),
            url: None,
        }]
    } else {
        Vec::new()
    };
    let input = AgreementInput {
        title_th: format!("บันทึกข้อตกลงความร่วมมือด้าน{} จังหวัด{} ฉบับที่ {} {MARKER_TH}", topic.th, province.name_th, n + 1),
        title_en: Some(format!("MOU on {} in {} no. {} {MARKER_EN}", topic.en, province.name_en, n + 1)),
        themes: distinct(rng, &TOPICS.map(|t| t.th), 1..=3, |_| false).into_iter().map(str::to_owned).collect(),
        signed_on: (!draft).then_some(signed),
        place_th: Some(format!("ศาลากลางจังหวัด{}", province.name_th)),
        place_en: Some(format!("{} City Hall", province.name_en)),
        area_code: Some(province.code.clone()),
        term_start: Some(signed),
        term_end: Some(term_end),
        declared_signatories: Some(if rng.random_bool(0.1) { signatories + rng.random_range(1..=5) } else { signatories }),
        status,
        network_id: network_id.filter(|_| rng.random_bool(0.3)),
        notes_th: Some("ข้อมูลสังเคราะห์สำหรับทดสอบระบบ".into()),
        notes_en: None,
        parties,
        documents,
    };
    for item in sdg_items(rng, world, topic, 1..=2) {
        r.alignments.push(alignment(rng, clock, SubjectKind::Agreement, id.0, item, signed));
    }
    let promisers = distinct(rng, &orgs, 1..=4, |_| false);
    for organization_id in promisers {
        r.commitments.push(commitment(rng, clock, id, organization_id, status, signed, term_end, topic));
    }
    r.agreements.push(Agreement { id, registered_signatories: signatories, input, meta: meta(signed), commitments: None });
}

#[allow(clippy::too_many_arguments, reason = "the facts of the agreement a commitment is made under")]
fn commitment(
    rng: &mut Rng,
    clock: &mut IdClock,
    agreement_id: AgreementId,
    organization_id: OrganizationId,
    agreement: AgreementStatus,
    signed: NaiveDate,
    term_end: NaiveDate,
    topic: &Topic,
) -> Commitment {
    let status = match agreement {
        AgreementStatus::Draft => CommitmentStatus::Planned,
        AgreementStatus::Expired => {
            *weighted(rng, &[(CommitmentStatus::Done, 70), (CommitmentStatus::Dropped, 10), (CommitmentStatus::InProgress, 20)])
        }
        AgreementStatus::Terminated => CommitmentStatus::Dropped,
        _ => *weighted(rng, &[(CommitmentStatus::InProgress, 60), (CommitmentStatus::Planned, 25), (CommitmentStatus::Done, 15)]),
    };
    let until = term_end.min(REFERENCE_DAY);
    let deliverables = (0..rng.random_range(0..=3))
        .map(|k| {
            let due = day_between(rng, signed, term_end);
            let delivered = due < REFERENCE_DAY && rng.random_bool(0.75);
            let cancelled = !delivered && rng.random_bool(0.05);
            Deliverable {
                title_th: format!("รายงานผลการดำเนินงานด้าน{} ครั้งที่ {} {MARKER_TH}", topic.th, k + 1),
                title_en: Some(format!("Report on {} no. {} {MARKER_EN}", topic.en, k + 1)),
                due_on: Some(due),
                status: if delivered {
                    DeliverableStatus::Delivered
                } else if cancelled {
                    DeliverableStatus::Cancelled
                } else {
                    DeliverableStatus::Pending
                },
                delivered_on: delivered.then(|| day_between(rng, due - Duration::days(30), due).max(signed)),
            }
        })
        .collect();
    let reports = if status == CommitmentStatus::Planned { 0 } else { rng.random_range(0..=4) };
    let mut percent = 0u8;
    let mut progress: Vec<ProgressUpdate> = Vec::new();
    let mut day = signed;
    for k in 0..reports {
        day = day_between(rng, day, until);
        let last = k + 1 == reports;
        percent = if last && status == CommitmentStatus::Done { 100 } else { (percent + rng.random_range(5..=30)).min(95) };
        progress.push(ProgressUpdate {
            reported_on: day,
            percent,
            narrative_th: Some(format!("ดำเนินการแล้วร้อยละ {percent} {MARKER_TH}")),
            narrative_en: None,
        });
    }
    let (promise, promise_en) = pick(rng, &PROMISES);
    let input = CommitmentInput {
        agreement_id,
        organization_id,
        title_th: format!("{promise}{} {MARKER_TH}", topic.th),
        title_en: Some(format!("{promise_en} {} {MARKER_EN}", topic.en)),
        description_th: None,
        description_en: None,
        status,
        deliverables,
        progress,
    };
    Commitment { id: CommitmentId(clock.next(rng)), input, meta: meta(signed) }
}
