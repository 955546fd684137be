//! Plans: the country's and each province's human-rights plan, with the computed indicators the
//! benchmarks recompute and one entered indicator with values in every workflow state.
//!
//! A plan's baseline and targets are set from what the data set holds, as a secretariat sets them
//! from last year's figures: the baseline is fiscal year 2565's value, each year's target that
//! year's value times a factor drawn per indicator (0.85–1.20), so some provinces are on track and
//! others behind. The values are tallied while the work batches are made ([`Tally`]), which is why
//! the plans come last.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;
use phakhi_domain::activity::{Activity, ActivityKind};
use phakhi_domain::alignment::SubjectKind;
use phakhi_domain::indicator::{
    Baseline, Direction, Indicator, IndicatorInput, IndicatorSource, IndicatorValue, IndicatorValueInput, Stamp, Target, ValueStatus,
};
use phakhi_domain::organization::Sector;
use phakhi_domain::participation::Gender;
use phakhi_domain::plan::{Plan as PlanRecord, PlanInput, PlanItem, PlanItemInput, PlanLevel, PlanStatus};
use phakhi_domain::{FiscalYear, FrameworkItemId, IndicatorId, IndicatorValueId, OrganizationId, PlanId, PlanItemId};
use phakhi_store::Dump;
use rand::RngExt;

use crate::random::{IdClock, Rng, at_midnight};
use crate::register::{Directory, meta};
use crate::words::{MARKER_EN, MARKER_TH};
use crate::world::{Item, Province, World};
use crate::{REFERENCE_DAY, first_day};

/// A computed indicator every generated plan has.
#[derive(Debug, Clone, Copy)]
struct Computed {
    formula: &'static str,
    /// Its code in the plan, which also places it under a measure (`1.2.3` under `1.2`).
    code: &'static str,
    name: (&'static str, &'static str),
    unit: (&'static str, &'static str),
    /// The SDG goal it is aligned to.
    goal: u8,
    basis: Basis,
}

/// Where a generated indicator's baseline and targets come from.
#[derive(Debug, Clone, Copy)]
enum Basis {
    /// The data set's own figure of each fiscal year (see [`Tally`]).
    Yearly(fn(&Figures) -> Option<f64>),
    /// One target for the plan's last year (the share the cabinet resolution wants: every agency).
    FinalTarget(f64),
    /// Neither: a count the plan watches without a target.
    Watched,
}

/// The computed indicators of every generated plan: counts, sums, a ratio, an SDG alignment, a
/// target group, and the cabinet-resolution share of report 002. The benchmarks recompute them.
const COMPUTED: [Computed; 10] = [
    Computed {
        formula: "count(activities)",
        code: "1.1.1",
        name: ("จำนวนกิจกรรมของภาคีเครือข่ายในพื้นที่", "Activities of the partners in the area"),
        unit: ("กิจกรรม", "activities"),
        goal: 16,
        basis: Basis::Yearly(|f| Some(f.activities)),
    },
    Computed {
        formula: "sum(participants)",
        code: "1.2.1",
        name: ("จำนวนผู้เข้าร่วมกิจกรรม", "Participants"),
        unit: ("คน", "people"),
        goal: 16,
        basis: Basis::Yearly(|f| Some(f.participants)),
    },
    Computed {
        formula: "sum(participants, gender = female) / sum(participants) * 100",
        code: "1.2.2",
        name: ("ร้อยละของผู้เข้าร่วมที่เป็นผู้หญิง", "Share of participants who are women"),
        unit: ("ร้อยละ", "percent"),
        goal: 16,
        basis: Basis::Yearly(|f| (f.participants > 0.0).then(|| f.women / f.participants * 100.0)),
    },
    Computed {
        formula: "sum(hours, kind = training)",
        code: "1.1.2",
        name: ("จำนวนชั่วโมงการอบรม", "Hours of training"),
        unit: ("ชั่วโมง", "hours"),
        goal: 16,
        basis: Basis::Yearly(|f| Some(f.training_hours)),
    },
    Computed {
        formula: r#"count(activities, aligned_to = "sdg:5")"#,
        code: "2.1.1",
        name: ("จำนวนกิจกรรมที่สอดคล้องกับ SDG 5 ความเท่าเทียมทางเพศ", "Activities aligned to SDG 5, gender equality"),
        unit: ("กิจกรรม", "activities"),
        goal: 5,
        basis: Basis::Yearly(|f| Some(f.sdg5_activities)),
    },
    Computed {
        formula: "sum(participants, target_group = children_youth)",
        code: "1.2.3",
        name: ("จำนวนเด็กและเยาวชนที่เข้าร่วมกิจกรรม", "Children and young people taking part"),
        unit: ("คน", "people"),
        goal: 16,
        basis: Basis::Yearly(|f| Some(f.children_youth)),
    },
    Computed {
        formula: "count(programmes)",
        code: "2.1.2",
        name: ("จำนวนโครงการ", "Programmes"),
        unit: ("โครงการ", "programmes"),
        goal: 16,
        basis: Basis::Yearly(|f| Some(f.programmes)),
    },
    Computed {
        formula: "sum(budget)",
        code: "2.1.3",
        name: ("งบประมาณโครงการรวม", "Programme budget"),
        unit: ("บาท", "baht"),
        goal: 16,
        basis: Basis::Yearly(|f| Some(f.budget)),
    },
    Computed {
        formula: "count(organizations, sector = local_government)",
        code: "2.2.1",
        name: ("จำนวนองค์กรปกครองส่วนท้องถิ่นที่เป็นภาคี", "Local governments among the partners"),
        unit: ("แห่ง", "organisations"),
        goal: 16,
        basis: Basis::Watched,
    },
    Computed {
        formula: r#"share(organizations, sector = provincial_office | central_government; sum(hours, kind = training, aligned_to = "sdg:16") >= 3) * 100"#,
        code: "1.1.3",
        name: (
            "ร้อยละของหน่วยงานภาครัฐที่จัดอบรมสิทธิมนุษยชนศึกษาไม่น้อยกว่า 3 ชั่วโมง",
            "Share of government agencies giving at least 3 hours of human-rights education",
        ),
        unit: ("ร้อยละ", "percent"),
        goal: 16,
        basis: Basis::FinalTarget(100.0),
    },
];

/// The formulas of the generated plans' computed indicators, in their order.
pub const FORMULAS: [&str; COMPUTED.len()] = {
    let mut formulas = [""; COMPUTED.len()];
    let mut i = 0;
    while i < COMPUTED.len() {
        formulas[i] = COMPUTED[i].formula;
        i += 1;
    }
    formulas
};

/// The plans' years, and the fiscal year their baselines are taken from.
const START_YEAR: i32 = 2566;
const END_YEAR: i32 = 2570;
const BASELINE_YEAR: i32 = 2565;

/// Who entered, submitted and approved the generated values.
const STAMPED_BY: &str = "phakhi generate";

/// What one place did in one fiscal year, for the indicators that can be read off the batches.
#[derive(Debug, Clone, Copy, Default)]
struct Figures {
    activities: f64,
    participants: f64,
    women: f64,
    training_hours: f64,
    sdg5_activities: f64,
    children_youth: f64,
    programmes: f64,
    budget: f64,
}

impl Figures {
    fn add(&mut self, other: &Figures) {
        self.activities += other.activities;
        self.participants += other.participants;
        self.women += other.women;
        self.training_hours += other.training_hours;
        self.sdg5_activities += other.sdg5_activities;
        self.children_youth += other.children_youth;
        self.programmes += other.programmes;
        self.budget += other.budget;
    }
}

/// The figures of every province (two-digit code) and fiscal year, summed over the work batches.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    by_province: HashMap<(String, i32), Figures>,
}

impl Tally {
    /// Adds a work batch: its programmes, its activities and which of them are aligned to SDG 5.
    pub fn add(&mut self, batch: &Dump, world: &World) {
        let goal5: HashSet<_> = world.sdg_targets.get(&5).into_iter().flatten().map(|i| i.id).collect();
        let aligned: HashSet<_> = batch
            .alignments
            .iter()
            .filter(|a| a.input.subject_kind == SubjectKind::Activity && goal5.contains(&a.input.item_id))
            .map(|a| a.input.subject_id)
            .collect();
        for p in &batch.programmes {
            let f = self.at(p.input.area_code.as_deref(), p.input.fiscal_year);
            f.programmes += 1.0;
            f.budget += p.input.budget_baht.map_or(0.0, |b| b.satang() as f64 / 100.0);
        }
        for a in &batch.activities {
            self.add_activity(a, aligned.contains(&a.id.0));
        }
    }

    fn add_activity(&mut self, a: &Activity, sdg5: bool) {
        // The fiscal year of the day in Thailand (UTC+7 all year), as the platform counts it.
        let year = FiscalYear::containing((a.input.starts_at + chrono::Duration::hours(7)).date_naive());
        let f = self.at(a.input.area_code.as_deref(), year);
        f.activities += 1.0;
        if sdg5 {
            f.sdg5_activities += 1.0;
        }
        if a.input.kind == ActivityKind::Training {
            f.training_hours += a.input.hours.unwrap_or(0.0);
        }
        for cell in &a.input.participation {
            let n = f64::from(cell.count);
            f.participants += n;
            if cell.gender == Gender::Female {
                f.women += n;
            }
            if cell.target_group.as_deref() == Some("children_youth") {
                f.children_youth += n;
            }
        }
    }

    fn at(&mut self, area: Option<&str>, year: FiscalYear) -> &mut Figures {
        let province = area.and_then(|a| a.get(..2)).unwrap_or_default().to_owned();
        self.by_province.entry((province, year.be())).or_default()
    }

    /// A province's figures of a year, or the country's (`None`).
    fn of(&self, province: Option<&str>, year: i32) -> Figures {
        let mut sum = Figures::default();
        for ((p, y), f) in &self.by_province {
            if *y == year && province.is_none_or(|code| code == p) {
                sum.add(f);
            }
        }
        sum
    }
}

/// The plans batch: the country's plan and one per province.
pub fn plans(rng: &mut Rng, clock: &mut IdClock, world: &World, directory: &Directory, tally: &Tally) -> Dump {
    let mut dump = Dump::empty();
    let places = std::iter::once(None).chain(world.provinces.iter().enumerate().map(Some));
    for place in places {
        plan(rng, clock, PlanContext { world, directory, tally }, place, &mut dump);
    }
    dump
}

/// What every plan is made from.
#[derive(Clone, Copy)]
struct PlanContext<'a> {
    world: &'a World,
    directory: &'a Directory,
    tally: &'a Tally,
}

/// The organisation a plan belongs to: the province's first provincial office (the country's: the
/// first central-government agency), or any organisation there.
fn owner(directory: &Directory, province: Option<usize>) -> OrganizationId {
    let wanted = if province.is_some() { Sector::ProvincialOffice } else { Sector::CentralGovernment };
    let candidates = directory.all.iter().filter(|o| province.is_none_or(|p| o.province == p));
    candidates.clone().find(|o| o.sector == wanted).or_else(|| candidates.clone().next()).map_or(directory.all[0].id, |o| o.id)
}

fn year(be: i32) -> FiscalYear {
    FiscalYear::from_be(be).expect("the plans' years are valid fiscal years")
}

/// The first target of an SDG goal, as a plan's or indicator's alignment.
fn goal_item(world: &World, goal: u8) -> Vec<FrameworkItemId> {
    world.sdg_targets.get(&goal).into_iter().flatten().take(1).map(|i: &Item| i.id).collect()
}

/// One plan (the country's, or the province at `place`) with its tree, indicators and entered values.
fn plan(rng: &mut Rng, clock: &mut IdClock, cx: PlanContext<'_>, place: Option<(usize, &Province)>, dump: &mut Dump) {
    let created: NaiveDate = first_day() + chrono::Duration::days(365 * 2);
    let owner = owner(cx.directory, place.map(|(i, _)| i));
    let area = place.map(|(_, p)| p.place.code.clone());
    let (code, title_th, title_en) = match place {
        None => {
            ("nhrp5".to_owned(), format!("แผนสิทธิมนุษยชนแห่งชาติ ฉบับที่ 5 {MARKER_TH}"), format!("National Human Rights Plan No. 5 {MARKER_EN}"))
        }
        Some((_, p)) => (
            format!("hr5-{}", p.place.code),
            format!("แผนสิทธิมนุษยชนจังหวัด{} {MARKER_TH}", p.place.name_th),
            format!("{} provincial human-rights plan {MARKER_EN}", p.place.name_en),
        ),
    };
    let plan_id = PlanId(clock.next(rng));
    dump.plans.push(PlanRecord {
        id: plan_id,
        input: PlanInput {
            code,
            title_th,
            title_en: Some(title_en),
            description_th: Some(format!("แผนสมมุติภายใต้แผนสิทธิมนุษยชนแห่งชาติ ฉบับที่ 5 (2566–2570) สำหรับทดสอบระบบ {MARKER_TH}")),
            description_en: Some(format!("A made-up plan under National Human Rights Plan No. 5 (2566–2570 BE), for testing {MARKER_EN}")),
            network_id: None,
            organization_id: Some(owner),
            area_code: area.clone(),
            start_year: year(START_YEAR),
            end_year: year(END_YEAR),
            status: PlanStatus::Active,
            responsible_organization_ids: vec![owner],
            aligned_to: goal_item(cx.world, 16),
        },
        template_of: None,
        meta: meta(created),
    });
    let mut indicators: Vec<Indicator> = COMPUTED
        .iter()
        .map(|c| {
            let (baseline, targets) = baseline_and_targets(rng, c.basis, cx.tally, area.as_deref());
            let input = IndicatorInput {
                plan_id,
                code: c.code.to_owned(),
                name_th: format!("{} {MARKER_TH}", c.name.0),
                name_en: Some(format!("{} {MARKER_EN}", c.name.1)),
                definition_th: Some(format!("คำนวณจากข้อมูลที่บันทึกในระบบด้วยสูตร {}", c.formula)),
                definition_en: Some(format!("Computed from the records with the formula {}", c.formula)),
                unit_th: c.unit.0.to_owned(),
                unit_en: Some(c.unit.1.to_owned()),
                direction: Direction::HigherIsBetter,
                baseline,
                targets,
                disaggregations: Vec::new(),
                aligned_to: goal_item(cx.world, c.goal),
                source: IndicatorSource::Computed { formula: c.formula.to_owned() },
                responsible_organization_ids: vec![owner],
            };
            Indicator { id: IndicatorId(clock.next(rng)), input, meta: meta(created) }
        })
        .collect();
    let complaints = complaints_indicator(rng, clock, plan_id, owner, created);
    dump.indicator_values.extend(complaint_values(rng, clock, &complaints, area, created));
    indicators.push(complaints);
    dump.plan_items.extend(tree(rng, clock, plan_id, &indicators, created));
    dump.indicators.extend(indicators);
}

/// A computed indicator's baseline (fiscal year 2565's figure) and targets (each year's figure times
/// a factor drawn for the indicator, so that some places are on track and others behind).
fn baseline_and_targets(rng: &mut Rng, basis: Basis, tally: &Tally, province: Option<&str>) -> (Option<Baseline>, Vec<Target>) {
    let figure = match basis {
        Basis::Yearly(figure) => figure,
        Basis::FinalTarget(value) => return (None, vec![Target { fiscal_year: year(END_YEAR), value }]),
        Basis::Watched => return (None, Vec::new()),
    };
    let factor = rng.random_range(0.85..1.20);
    let value_of = |be: i32| figure(&tally.of(province, be));
    let targets = (START_YEAR..=END_YEAR)
        .filter_map(|be| {
            // The last year has no records yet: its target grows on the year before's.
            let value = value_of(be).filter(|v| *v > 0.0).or_else(|| value_of(be - 1).map(|v| v * 1.05))?;
            Some(Target { fiscal_year: year(be), value: round(value * factor) })
        })
        .collect();
    let baseline = value_of(BASELINE_YEAR).map(|value| Baseline { value: round(value), fiscal_year: year(BASELINE_YEAR) });
    (baseline, targets)
}

/// Figures as a secretariat would write them: whole numbers, or one decimal below 100.
fn round(value: f64) -> f64 {
    if value.abs() < 100.0 { (value * 10.0).round() / 10.0 } else { value.round() }
}

/// The entered indicator: complaints resolved within 60 days, reported by the plan's owner.
fn complaints_indicator(rng: &mut Rng, clock: &mut IdClock, plan_id: PlanId, owner: OrganizationId, created: NaiveDate) -> Indicator {
    let input = IndicatorInput {
        plan_id,
        code: "2.2.2".to_owned(),
        name_th: format!("ร้อยละของเรื่องร้องเรียนด้านสิทธิมนุษยชนที่ได้รับการแก้ไขภายใน 60 วัน {MARKER_TH}"),
        name_en: Some(format!("Share of human-rights complaints resolved within 60 days {MARKER_EN}")),
        definition_th: Some("รายงานโดยหน่วยงานเจ้าของแผนทุกปีงบประมาณ".to_owned()),
        definition_en: Some("Reported by the plan's owner every fiscal year".to_owned()),
        unit_th: "ร้อยละ".to_owned(),
        unit_en: Some("percent".to_owned()),
        direction: Direction::HigherIsBetter,
        baseline: Some(Baseline { value: round(rng.random_range(40.0..70.0)), fiscal_year: year(BASELINE_YEAR) }),
        targets: (START_YEAR..=END_YEAR).map(|be| Target { fiscal_year: year(be), value: f64::from(70 + 5 * (be - START_YEAR)) }).collect(),
        disaggregations: Vec::new(),
        aligned_to: Vec::new(),
        source: IndicatorSource::Entered,
        responsible_organization_ids: vec![owner],
    };
    Indicator { id: IndicatorId(clock.next(rng)), input, meta: meta(created) }
}

/// Values of the complaints indicator: approved for 2566 and 2567, submitted for 2568, a draft for 2569.
fn complaint_values(
    rng: &mut Rng,
    clock: &mut IdClock,
    indicator: &Indicator,
    area: Option<String>,
    created: NaiveDate,
) -> Vec<IndicatorValue> {
    let states = [(2566, ValueStatus::Approved), (2567, ValueStatus::Approved), (2568, ValueStatus::Submitted), (2569, ValueStatus::Draft)];
    states
        .into_iter()
        .map(|(be, status)| {
            let entered_on = year(be).last_day().min(REFERENCE_DAY).max(created);
            let stamp = |days: i64| Stamp { by: STAMPED_BY.to_owned(), at: at_midnight(entered_on + chrono::Duration::days(days)) };
            IndicatorValue {
                id: IndicatorValueId(clock.next(rng)),
                indicator_id: indicator.id,
                input: IndicatorValueInput {
                    fiscal_year: year(be),
                    area_code: area.clone(),
                    disaggregation: BTreeMap::new(),
                    value: round(rng.random_range(55.0..95.0)),
                    source: Some(format!("รายงานผลการดำเนินงานประจำปีงบประมาณ {be} {MARKER_TH}")),
                },
                status,
                entered: stamp(0),
                submitted: (status != ValueStatus::Draft).then(|| stamp(1)),
                approved: (status == ValueStatus::Approved).then(|| stamp(2)),
                returned: None,
                meta: meta(entered_on),
            }
        })
        .collect()
}

/// Strategies and measures, with each indicator placed under the measure its code names (`1.2.3`
/// under measure `1.2`, under strategy `1`).
fn tree(rng: &mut Rng, clock: &mut IdClock, plan_id: PlanId, indicators: &[Indicator], created: NaiveDate) -> Vec<PlanItem> {
    const HEADINGS: [(&str, &str, &str); 6] = [
        ("1", "ส่งเสริมและคุ้มครองสิทธิมนุษยชนในพื้นที่", "Promoting and protecting human rights locally"),
        ("1.1", "พัฒนาศักยภาพเจ้าหน้าที่และภาคีเครือข่าย", "Training officials and partners"),
        ("1.2", "ให้กลุ่มเปราะบางเข้าถึงกิจกรรม", "Reaching vulnerable groups"),
        ("2", "ความเสมอภาคระหว่างเพศและการพัฒนาที่ยั่งยืน", "Gender equality and sustainable development"),
        ("2.1", "บูรณาการงานตามเป้าหมายการพัฒนาที่ยั่งยืน", "Working towards the SDGs"),
        ("2.2", "ติดตามและรายงานผล", "Monitoring and reporting"),
    ];
    // Headings first, then the indicators; each under the item its code names, in this order.
    let headings = HEADINGS.iter().map(|(code, th, en)| {
        let level = if code.contains('.') { PlanLevel::Measure } else { PlanLevel::Strategy };
        (*code, *th, Some(*en), level, None)
    });
    let placed = indicators
        .iter()
        .map(|i| (i.input.code.as_str(), i.input.name_th.as_str(), i.input.name_en.as_deref(), PlanLevel::Indicator, Some(i.id)));
    let mut items: Vec<PlanItem> = Vec::new();
    let mut ids: HashMap<&str, PlanItemId> = HashMap::new();
    for (position, (code, title_th, title_en, level, indicator_id)) in headings.chain(placed).enumerate() {
        let parent_id = code.rsplit_once('.').and_then(|(parent, _)| ids.get(parent)).copied();
        let id = PlanItemId(clock.next(rng));
        ids.insert(code, id);
        let input = PlanItemInput {
            plan_id,
            parent_id,
            level,
            code: code.to_owned(),
            title_th: title_th.to_owned(),
            title_en: title_en.map(str::to_owned),
            weight: 1.0,
            indicator_id,
            responsible_organization_ids: Vec::new(),
            position: position as i64,
        };
        items.push(PlanItem { id, input, meta: meta(created) });
    }
    items
}
