//! The two plans of the reports: Chiang Mai's provincial human-rights plan, being drafted under
//! National Human Rights Plan No. 5 (2566–2570) (report 002), and Khon Kaen's learning-city plan
//! (report 004). The reports name the plans, their frameworks, their themes and a few figures, not
//! the plans' text: the grouping into strategies and measures is illustrative and says so, and so is
//! every target a report does not give.

use phakhi_domain::formula::Formula;
use phakhi_domain::indicator::{Baseline, Direction, IndicatorInput, IndicatorSource, IndicatorValueInput, Target, Transition};
use phakhi_domain::plan::{PlanInput, PlanItemInput, PlanLevel, PlanStatus};
use phakhi_domain::{FiscalYear, FrameworkItemId, IndicatorId, NetworkId, OrganizationId, PlanId, PlanItemId};
use phakhi_store::{IndicatorScope, Precondition, Store, StoreError, StoreResult};

use crate::DemoSummary;

/// The cabinet-resolution indicator of report 002, in the formula language (docs/indicators.md):
/// the share of the province's government agencies whose own activities gave at least 3 hours of
/// human-rights training in the fiscal year.
pub const TRAINING_FORMULA: &str = r#"share(organizations, sector = provincial_office | central_government; sum(hours, kind = training, aligned_to = "sdg:16") >= 3) * 100"#;

/// Says that a strategy or measure is the demonstration's grouping, not the report's (the plan's
/// description says it at length).
const ILLUSTRATIVE_TH: &str = "(ตัวอย่าง)";
const ILLUSTRATIVE_EN: &str = "(illustrative)";

/// Who keeps the plans, from the records the loader made before.
#[derive(Debug, Clone, Copy)]
pub struct Keepers {
    pub rights_network: NetworkId,
    pub justice: OrganizationId,
    pub rights_department: OrganizationId,
    pub learning_network: NetworkId,
    pub kktt: OrganizationId,
}

fn year(be: i32) -> StoreResult<FiscalYear> {
    FiscalYear::from_be(be).map_err(|e| StoreError::Corrupt { table: "demo", detail: e.to_string() })
}

fn plan_input(
    code: &str,
    title: (&str, &str),
    description_th: String,
    network: NetworkId,
    area: &str,
    years: (i32, i32),
) -> StoreResult<PlanInput> {
    Ok(PlanInput {
        code: code.into(),
        title_th: title.0.into(),
        title_en: Some(title.1.into()),
        description_th: Some(description_th),
        description_en: None,
        network_id: Some(network),
        organization_id: None,
        area_code: Some(area.into()),
        start_year: year(years.0)?,
        end_year: year(years.1)?,
        status: PlanStatus::Draft,
        responsible_organization_ids: vec![],
        aligned_to: vec![],
    })
}

fn indicator(plan: PlanId, code: &str, name: (&str, &str), unit: (&str, &str), source: IndicatorSource) -> IndicatorInput {
    IndicatorInput {
        plan_id: plan,
        code: code.into(),
        name_th: name.0.into(),
        name_en: Some(name.1.into()),
        definition_th: None,
        definition_en: None,
        unit_th: unit.0.into(),
        unit_en: Some(unit.1.into()),
        direction: Direction::HigherIsBetter,
        baseline: None,
        targets: vec![],
        disaggregations: vec![],
        aligned_to: vec![],
        source,
        responsible_organization_ids: vec![],
    }
}

/// Adds items to a plan's tree; strategies and measures are titled by the demonstration.
struct Tree<'a> {
    store: &'a dyn Store,
    plan: PlanId,
}

impl Tree<'_> {
    /// A strategy or a measure: the demonstration's own grouping, marked as such.
    async fn add(&self, parent: Option<PlanItemId>, level: PlanLevel, code: &str, title: (&str, &str)) -> StoreResult<PlanItemId> {
        self.item(parent, level, code, title, None).await
    }

    /// An indicator's place in the tree.
    async fn place(&self, parent: PlanItemId, code: &str, title: (&str, &str), indicator: IndicatorId) -> StoreResult<PlanItemId> {
        self.item(Some(parent), PlanLevel::Indicator, code, title, Some(indicator)).await
    }

    async fn item(
        &self,
        parent: Option<PlanItemId>,
        level: PlanLevel,
        code: &str,
        title: (&str, &str),
        indicator: Option<IndicatorId>,
    ) -> StoreResult<PlanItemId> {
        let illustrative = level != PlanLevel::Indicator;
        let input = PlanItemInput {
            plan_id: self.plan,
            parent_id: parent,
            level,
            code: code.into(),
            title_th: if illustrative { format!("{} {ILLUSTRATIVE_TH}", title.0) } else { title.0.into() },
            title_en: Some(if illustrative { format!("{} {ILLUSTRATIVE_EN}", title.1) } else { title.1.into() }),
            weight: 1.0,
            indicator_id: indicator,
            responsible_organization_ids: vec![],
            position: 0,
        };
        Ok(self.store.create_plan_item(input).await?.id)
    }
}

/// Records an entered value and takes it through submission and approval.
async fn approved(store: &dyn Store, indicator: IndicatorId, input: IndicatorValueInput) -> StoreResult<()> {
    let v = store.create_indicator_value(indicator, input).await?;
    store.transition_indicator_value(v.id, Precondition::Any, Transition::Submit).await?;
    store.transition_indicator_value(v.id, Precondition::Any, Transition::Approve).await?;
    Ok(())
}

/// Chiang Mai's provincial human-rights plan (report 002).
async fn chiang_mai(store: &dyn Store, k: Keepers) -> StoreResult<()> {
    let mut input = plan_input(
        "cm-human-rights-2566",
        ("แผนสิทธิมนุษยชนจังหวัดเชียงใหม่ (ร่าง)", "Chiang Mai provincial human-rights plan (draft)"),
        "คณะอนุกรรมการขับเคลื่อนงานสิทธิมนุษยชนจังหวัดเชียงใหม่หารือแนวทางยกร่างแผนสิทธิมนุษยชนจังหวัด ภายใต้แผนสิทธิมนุษยชนแห่งชาติ ฉบับที่ 5 \
         (พ.ศ. 2566–2570) และแผนธุรกิจกับสิทธิมนุษยชน ระยะที่ 2 กรมคุ้มครองสิทธิและเสรีภาพชี้แจงการจัดทำตามตัวชี้วัดระดับจังหวัด (รายงาน 002) \
         ยุทธศาสตร์และมาตรการในระบบจัดกลุ่มจากประเด็นที่รายงานกล่าวถึงเพื่อการสาธิต แผนจริงอยู่ระหว่างยกร่าง"
            .into(),
        k.rights_network,
        "50",
        (2566, 2570),
    )?;
    input.responsible_organization_ids = vec![k.justice];
    input.aligned_to = vec![FrameworkItemId::reference("sdg", "16")];
    let plan = store.create_plan(input).await?.id;

    let mut training = indicator(
        plan,
        "1.1.1",
        (
            "ร้อยละของหน่วยงานภาครัฐในจังหวัดที่จัดอบรมสิทธิมนุษยชนศึกษาไม่น้อยกว่า 3 ชั่วโมงในปีงบประมาณ",
            "Share of the province's government agencies giving at least 3 hours of human-rights education in the fiscal year",
        ),
        ("ร้อยละ", "percent"),
        IndicatorSource::Computed { formula: TRAINING_FORMULA.into() },
    );
    training.definition_th = Some(
        "ตามมติคณะรัฐมนตรี: หลักสูตรสิทธิมนุษยชนศึกษาในทุกหน่วยงาน ไม่น้อยกว่า 3 ชั่วโมง (รายงาน 002) คำนวณจากกิจกรรมอบรมที่หน่วยงานเป็นผู้จัดหรือร่วมจัด \
         ซึ่งเชื่อมโยงกับ SDG 16 ค่าเป้าหมายร้อยละ 100 คือ “ทุกหน่วยงาน” ตามมติ ค่าฐานคือค่าที่คำนวณได้จากกิจกรรมที่บันทึกในระบบสำหรับปีงบประมาณ 2566"
            .into(),
    );
    training.definition_en = Some(
        "The cabinet resolution asks for at least 3 hours of human-rights education in every agency (report 002). The target of 100% is \
         \"every agency\"; the baseline is what phakhi computes from the activities recorded for fiscal year 2566."
            .into(),
    );
    training.responsible_organization_ids = vec![k.rights_department];
    training.aligned_to = vec![FrameworkItemId::reference("sdg", "16")];
    training.targets = vec![Target { fiscal_year: year(2570)?, value: 100.0 }];
    training.baseline =
        Some(Baseline { fiscal_year: year(2566)?, value: computed(store, TRAINING_FORMULA, 2566, "50").await?.unwrap_or(0.0) });
    let training = store.create_indicator(training).await?.id;

    let mut awards = indicator(
        plan,
        "2.1.1",
        (
            "จำนวนหน่วยงานในจังหวัดที่ได้รับรางวัลองค์กรต้นแบบด้านสิทธิมนุษยชนระดับดีเด่น",
            "Agencies in the province that won the outstanding model human-rights organisation award",
        ),
        ("หน่วยงาน", "agencies"),
        IndicatorSource::Entered,
    );
    awards.definition_th = Some(
        "รายงาน 002: หน่วยงานระดับจังหวัดได้รับรางวัลองค์กรต้นแบบระดับดีเด่นมาแล้ว 2 ปีซ้อน ได้แก่ สำนักงานยุติธรรมจังหวัดเชียงใหม่ \
         ทัณฑสถานหญิงจังหวัดเชียงใหม่ “เป็นต้น” จึงบันทึกอย่างน้อย 2 หน่วยงานเป็นค่าฐาน ค่าเป้าหมาย 4 หน่วยงานเป็นตัวอย่างเพื่อการสาธิต ไม่ได้มาจากรายงาน"
            .into(),
    );
    awards.definition_en =
        Some("Baseline from report 002 (at least two winners); the target of 4 is illustrative, not from the report.".into());
    awards.responsible_organization_ids = vec![k.justice];
    awards.baseline = Some(Baseline { fiscal_year: year(2566)?, value: 2.0 });
    awards.targets = vec![Target { fiscal_year: year(2570)?, value: 4.0 }];
    let awards = store.create_indicator(awards).await?.id;
    approved(
        store,
        awards,
        IndicatorValueInput {
            fiscal_year: year(2566)?,
            area_code: Some("50".into()),
            disaggregation: Default::default(),
            value: 2.0,
            source: Some("รายงาน 002: สำนักงานยุติธรรมจังหวัดเชียงใหม่ และทัณฑสถานหญิงจังหวัดเชียงใหม่ (อย่างน้อย 2 หน่วยงาน)".into()),
        },
    )
    .await?;

    let tree = Tree { store, plan };
    let s1 = tree
        .add(None, PlanLevel::Strategy, "1", ("สร้างองค์ความรู้และความตระหนักด้านสิทธิมนุษยชน", "Knowledge and awareness of human rights"))
        .await?;
    let m11 = tree
        .add(
            Some(s1),
            PlanLevel::Measure,
            "1.1",
            ("หลักสูตรสิทธิมนุษยชนศึกษาในทุกหน่วยงาน ตามมติคณะรัฐมนตรี", "Human-rights education in every agency"),
        )
        .await?;
    tree.place(m11, "1.1.1", ("ร้อยละของหน่วยงานที่อบรมครบ 3 ชั่วโมง", "Agencies with 3 hours of training"), training).await?;
    tree.add(
        Some(s1),
        PlanLevel::Measure,
        "1.2",
        ("ขับเคลื่อนผ่านกลไก “บวร” (บ้าน วัด โรงเรียน)", "Through the home-temple-school (บวร) mechanism"),
    )
    .await?;
    let s2 = tree.add(None, PlanLevel::Strategy, "2", ("องค์กรต้นแบบด้านสิทธิมนุษยชน", "Model human-rights organisations")).await?;
    let m21 = tree
        .add(Some(s2), PlanLevel::Measure, "2.1", ("เชิญชวนหน่วยงานสมัครองค์กรต้นแบบ", "Inviting agencies to apply as model organisations"))
        .await?;
    tree.place(m21, "2.1.1", ("หน่วยงานที่ได้รับรางวัลองค์กรต้นแบบ", "Award-winning agencies"), awards).await?;
    Ok(())
}

/// Khon Kaen's learning-city plan (report 004).
async fn khon_kaen(store: &dyn Store, k: Keepers) -> StoreResult<()> {
    let mut input = plan_input(
        "kk-learning-city",
        ("แผนขับเคลื่อนขอนแก่นเมืองแห่งการเรียนรู้", "Khon Kaen learning-city plan"),
        "ขอนแก่นได้รับการรับรองเป็นสมาชิกเครือข่ายเมืองแห่งการเรียนรู้ระดับโลกของ UNESCO (14 ก.พ. 2567) และลงนาม MOU กับ 62 หน่วยงาน (17 ก.ย. 2567) \
         สอดคล้องกับ SDGs 10 จาก 17 เป้าหมาย เช่น SDG 4, 8 และ 10 (รายงาน 004) ช่วงปีของแผนและโครงสร้างยุทธศาสตร์เป็นตัวอย่างเพื่อการสาธิต"
            .into(),
        k.learning_network,
        "40",
        (2567, 2570),
    )?;
    input.responsible_organization_ids = vec![k.kktt];
    input.aligned_to = ["4", "8", "10"]
        .iter()
        .map(|c| FrameworkItemId::reference("sdg", c))
        .chain([FrameworkItemId::reference("unesco-lc", "3.2")])
        .collect();
    let plan = store.create_plan(input).await?.id;

    let mut partners = indicator(
        plan,
        "1.1",
        ("จำนวนหน่วยงานที่ร่วมลงนาม MOU เมืองแห่งการเรียนรู้", "Agencies signing the learning-city MOU"),
        ("หน่วยงาน", "agencies"),
        IndicatorSource::Entered,
    );
    partners.definition_th = Some("รายงานไม่ได้กำหนดค่าฐานหรือค่าเป้าหมาย จึงยังไม่มีสถานะความก้าวหน้า".into());
    partners.responsible_organization_ids = vec![k.kktt];
    partners.aligned_to = vec![FrameworkItemId::reference("unesco-lc", "3.2")];
    let partners = store.create_indicator(partners).await?.id;
    approved(
        store,
        partners,
        IndicatorValueInput {
            fiscal_year: year(2567)?,
            area_code: Some("40".into()),
            disaggregation: Default::default(),
            value: 62.0,
            source: Some("รายงาน 004: 62 หน่วยงาน (อีกตอนหนึ่งระบุ “กว่า 59 หน่วยงาน”)".into()),
        },
    )
    .await?;
    let mut sdg4 = indicator(
        plan,
        "2.1",
        ("จำนวนกิจกรรมในจังหวัดที่สอดคล้องกับ SDG 4 การศึกษาที่มีคุณภาพ", "Activities in the province aligned to SDG 4, quality education"),
        ("กิจกรรม", "activities"),
        IndicatorSource::Computed { formula: r#"count(activities, aligned_to = "sdg:4")"#.into() },
    );
    sdg4.definition_th = Some("คำนวณจากกิจกรรมที่บันทึกในระบบ รายงานไม่ได้กำหนดค่าเป้าหมาย".into());
    sdg4.aligned_to = vec![FrameworkItemId::reference("sdg", "4")];
    let sdg4 = store.create_indicator(sdg4).await?.id;

    let tree = Tree { store, plan };
    let s1 = tree.add(None, PlanLevel::Strategy, "1", ("ความร่วมมือของภาคีเครือข่ายทุกภาคส่วน", "Partnership of every sector")).await?;
    tree.place(s1, "1.1", ("หน่วยงานที่ลงนาม MOU", "Agencies that signed the MOU"), partners).await?;
    let s2 = tree
        .add(None, PlanLevel::Strategy, "2", ("การเรียนรู้ตลอดชีวิตเพื่อการพัฒนาที่ยั่งยืน", "Lifelong learning for sustainable development"))
        .await?;
    tree.place(s2, "2.1", ("กิจกรรมที่สอดคล้องกับ SDG 4", "Activities aligned to SDG 4"), sdg4).await?;
    Ok(())
}

/// A formula's value over the records loaded so far.
async fn computed(store: &dyn Store, formula: &str, be: i32, area: &str) -> StoreResult<Option<f64>> {
    let formula = Formula::parse(formula).map_err(|e| StoreError::Corrupt { table: "demo", detail: e.to_string() })?;
    let scope = IndicatorScope { fiscal_year: Some(year(be)?), area: Some(area.into()) };
    Ok(store.evaluate_formula(&formula, &scope).await?.value)
}

/// Loads both plans.
pub async fn load(store: &dyn Store, summary: &mut DemoSummary, keepers: Keepers) -> StoreResult<()> {
    chiang_mai(store, keepers).await?;
    khon_kaen(store, keepers).await?;
    summary.plans += 2;
    summary.indicators += 4;
    Ok(())
}
