//! The facts of the five reports, as records. Every value here is stated in a report, or is the
//! report's own count; inferences (a fiscal year from a date, a year from an order number) say so in
//! the record's notes. The English names are translations of the Thai ones.

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};
use phakhi_domain::activity::{ActivityInput, ActivityKind, AttendanceMode};
use phakhi_domain::agreement::{AgreementInput, AgreementParty, AgreementStatus, PartyRole};
use phakhi_domain::alignment::{AlignmentInput, SubjectKind};
use phakhi_domain::commitment::{CommitmentInput, CommitmentStatus};
use phakhi_domain::framework::{FrameworkInput, FrameworkKind, LEARNING_CITY, SDG};
use phakhi_domain::network::{MemberRole, NetworkInput, NetworkMember};
use phakhi_domain::organization::{OrganizationInput, OrganizationStatus, Sector};
use phakhi_domain::programme::{ProgrammeInput, ProgrammeStatus};
use phakhi_domain::{AgreementId, FiscalYear, FrameworkItemId, NetworkId, OrganizationId, ProgrammeId};
use phakhi_store::{Store, StoreResult};
use uuid::Uuid;

use crate::DemoSummary;

/// The name the loader looks for to tell whether the demonstration network is already there.
pub(crate) const MARKER: &str = "มูลนิธิเครือข่ายความหลากหลายทางเพศอีสาน";

/// Thailand's offset (UTC+7, no daylight saving).
fn thai_time(y: i32, m: u32, d: u32, hour: u32, minute: u32) -> DateTime<Utc> {
    let thai = FixedOffset::east_opt(7 * 3600).expect("UTC+7 is valid");
    thai.with_ymd_and_hms(y, m, d, hour, minute, 0).single().expect("a valid Thai time").with_timezone(&Utc)
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn fiscal_year(be: i32) -> FiscalYear {
    FiscalYear::from_be(be).expect("a Buddhist Era fiscal year")
}

/// An organisation as the reports name it.
struct Org {
    name_th: &'static str,
    name_en: &'static str,
    abbreviation: Option<&'static str>,
    sector: Sector,
    area: Option<&'static str>,
    note_th: &'static str,
}

impl Org {
    fn input(&self, parent: Option<OrganizationId>) -> OrganizationInput {
        OrganizationInput {
            name_th: self.name_th.into(),
            name_en: Some(self.name_en.into()),
            abbreviation: self.abbreviation.map(Into::into),
            sector: self.sector,
            parent_id: parent,
            area_code: self.area.map(Into::into),
            website: None,
            status: OrganizationStatus::Active,
            description_th: Some(self.note_th.into()),
            description_en: None,
        }
    }
}

const fn org(
    name_th: &'static str,
    name_en: &'static str,
    abbreviation: Option<&'static str>,
    sector: Sector,
    area: Option<&'static str>,
    note_th: &'static str,
) -> Org {
    Org { name_th, name_en, abbreviation, sector, area, note_th }
}

const KHON_KAEN_PROVINCE: Org = org(
    "จังหวัดขอนแก่น",
    "Khon Kaen Province",
    None,
    Sector::ProvincialOffice,
    Some("40"),
    "ผู้ว่าราชการจังหวัดขอนแก่นลงนาม MOU ความเสมอภาคทางเพศ (รายงาน 000); รองผู้ว่าราชการจังหวัดนำการลงนาม MOU เมืองแห่งการเรียนรู้ (รายงาน 004)",
);
const KHON_KAEN_CITY: Org = org(
    "เทศบาลนครขอนแก่น",
    "Khon Kaen City Municipality",
    None,
    Sector::LocalGovernment,
    Some("4001"),
    "ผู้ดำเนินโครงการ SMART GENDER (รายงาน 001) และภาคีของ MOU ทั้งสองฉบับ (รายงาน 000, 004)",
);
const IGDN: Org = org(
    MARKER,
    "Isan Gender Diversity Network Foundation",
    Some("IGDN"),
    Sector::CivilSociety,
    None,
    "ประธานกรรมการมูลนิธิร่วมลงนาม MOU ความเสมอภาคทางเพศ จังหวัดขอนแก่น (รายงาน 000)",
);
const TCEB: Org = org(
    "สำนักงานส่งเสริมการจัดประชุมและนิทรรศการ (องค์การมหาชน)",
    "Thailand Convention and Exhibition Bureau",
    Some("สสปน. (TCEB)"),
    Sector::StateEnterprise,
    None,
    "มีหนังสือถึงหน่วยงานที่เกี่ยวข้องเพื่อผลักดันให้ประเทศไทยเป็นเจ้าภาพ InterPride World Conference และ World Pride (รายงาน 000)",
);
const TCEB_NORTHEAST: Org = org(
    "สำนักงานส่งเสริมการจัดประชุมและนิทรรศการ สำนักภาคตะวันออกเฉียงเหนือ",
    "TCEB North-Eastern Region Office",
    None,
    Sector::StateEnterprise,
    None,
    "ผู้อำนวยการร่วมลงนาม MOU ความเสมอภาคทางเพศ จังหวัดขอนแก่น (รายงาน 000)",
);
const CHIANG_MAI_PROVINCE: Org = org(
    "จังหวัดเชียงใหม่",
    "Chiang Mai Province",
    None,
    Sector::ProvincialOffice,
    Some("50"),
    "ผู้ว่าราชการจังหวัดเป็นประธานคณะอนุกรรมการขับเคลื่อนงานสิทธิมนุษยชนจังหวัด (รายงาน 002); ร่วมนำเสนอเป็นเจ้าภาพ InterPride 2025 (รายงาน 000)",
);
const PHUKET_PROVINCE: Org = org(
    "จังหวัดภูเก็ต",
    "Phuket Province",
    None,
    Sector::ProvincialOffice,
    Some("83"),
    "ร่วมนำเสนอเป็นเจ้าภาพ InterPride World Conference 2025 กับจังหวัดขอนแก่นและเชียงใหม่ (รายงาน 000)",
);
const CHIANG_MAI_ATTORNEY: Org = org(
    "สำนักงานอัยการคุ้มครองสิทธิและช่วยเหลือทางกฎหมายและการบังคับคดีจังหวัดเชียงใหม่",
    "Office of the Attorney for Rights Protection, Legal Aid and Enforcement, Chiang Mai",
    None,
    Sector::ProvincialOffice,
    Some("50"),
    "อัยการคุ้มครองสิทธิฯ จังหวัดเป็นรองประธานคณะอนุกรรมการขับเคลื่อนงานสิทธิมนุษยชนจังหวัดเชียงใหม่ (รายงาน 002)",
);
const CHIANG_MAI_JUSTICE: Org = org(
    "สำนักงานยุติธรรมจังหวัดเชียงใหม่",
    "Chiang Mai Provincial Justice Office",
    None,
    Sector::ProvincialOffice,
    Some("50"),
    "ฝ่ายเลขานุการคณะอนุกรรมการฯ; ได้รับรางวัลองค์กรต้นแบบด้านสิทธิมนุษยชนระดับดีเด่น 2 ปีซ้อน (รายงาน 002)",
);
const CHIANG_MAI_WOMEN_CORRECTIONAL: Org = org(
    "ทัณฑสถานหญิงจังหวัดเชียงใหม่",
    "Chiang Mai Women Correctional Institution",
    None,
    Sector::ProvincialOffice,
    Some("50"),
    "ได้รับรางวัลองค์กรต้นแบบด้านสิทธิมนุษยชนระดับดีเด่น 2 ปีซ้อน (รายงาน 002)",
);
const RIGHTS_AND_LIBERTIES: Org = org(
    "กรมคุ้มครองสิทธิและเสรีภาพ",
    "Rights and Liberties Protection Department",
    None,
    Sector::CentralGovernment,
    None,
    "ชี้แจงแนวทางจัดทำแผนสิทธิมนุษยชนระดับจังหวัดและตัวชี้วัดระดับจังหวัดต่อคณะอนุกรรมการฯ จังหวัดเชียงใหม่ (รายงาน 002)",
);
const KKTT: Org = org(
    "บริษัท ขอนแก่นพัฒนาเมือง (เคเคทีที) จำกัด",
    "Khon Kaen Think Tank Co., Ltd.",
    Some("KKTT"),
    Sector::PrivateCompany,
    Some("40"),
    "ผู้ดำเนินโครงการวิจัยเมืองแห่งการเรียนรู้ (รายงาน 003, 004)",
);
const PMU_A: Org = org(
    "หน่วยบริหารและจัดการทุนด้านการพัฒนาระดับพื้นที่",
    "Program Management Unit on Area Based Development",
    Some("บพท. (PMU A)"),
    Sector::StateEnterprise,
    None,
    "ผู้สนับสนุนทุนโครงการวิจัยเมืองแห่งการเรียนรู้ขอนแก่น (รายงาน 003, 004)",
);
const KHON_KAEN_UNIVERSITY: Org = org(
    "มหาวิทยาลัยขอนแก่น",
    "Khon Kaen University",
    Some("มข."),
    Sector::Academic,
    Some("40"),
    "คณะมนุษยศาสตร์และสังคมศาสตร์: โครงการวิจัย “คนจนเมืองที่เปลี่ยนไปในสังคมเมืองที่กำลังเปลี่ยนแปลง” ร่วมเสวนา (รายงาน 003)",
);
const KHON_KAEN_EDUCATION: Org = org(
    "สำนักงานศึกษาธิการจังหวัดขอนแก่น",
    "Khon Kaen Provincial Education Office",
    None,
    Sector::ProvincialOffice,
    Some("40"),
    "ศึกษาธิการจังหวัดร่วมเสวนาประเด็นผู้ด้อยโอกาสทางการศึกษา (รายงาน 003)",
);
const KHON_KAEN_NFE: Org = org(
    "สำนักงาน กศน. จังหวัดขอนแก่น",
    "Khon Kaen Provincial Office of Non-Formal and Informal Education",
    Some("กศน."),
    Sector::ProvincialOffice,
    Some("40"),
    "ผู้อำนวยการร่วมเสวนาประเด็นผู้ด้อยโอกาสทางการศึกษา (รายงาน 003)",
);
const KHON_KAEN_COMMERCE: Org = org(
    "สำนักงานพาณิชย์จังหวัดขอนแก่น",
    "Khon Kaen Provincial Commerce Office",
    None,
    Sector::ProvincialOffice,
    Some("40"),
    "พาณิชย์จังหวัดร่วมเสวนาประเด็นเศรษฐกิจชุมชนและการจ้างงาน (รายงาน 003)",
);
const KHON_KAEN_COMMUNITY_DEVELOPMENT: Org = org(
    "สำนักงานพัฒนาชุมชนจังหวัดขอนแก่น",
    "Khon Kaen Provincial Community Development Office",
    None,
    Sector::ProvincialOffice,
    Some("40"),
    "ผู้อำนวยการกลุ่มงานยุทธศาสตร์ร่วมเสวนาประเด็นเศรษฐกิจชุมชนและการจ้างงาน (รายงาน 003)",
);
const KHON_KAEN_SOCIAL_DEVELOPMENT: Org = org(
    "สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดขอนแก่น",
    "Khon Kaen Provincial Office of Social Development and Human Security",
    None,
    Sector::ProvincialOffice,
    Some("40"),
    "ร่วมเสวนาประเด็นเศรษฐกิจชุมชนและการจ้างงาน (รายงาน 003)",
);
const BANK_OF_THAILAND_NORTHEAST: Org = org(
    "ธนาคารแห่งประเทศไทย สำนักงานภาคตะวันออกเฉียงเหนือ",
    "Bank of Thailand, Northeastern Region Office",
    None,
    Sector::CentralGovernment,
    None,
    "ร่วมแสดงความคิดเห็นในเวทีขอนแก่น: เมืองแห่งโอกาส (รายงาน 003)",
);
const RMUTI_KHON_KAEN: Org = org(
    "มหาวิทยาลัยเทคโนโลยีราชมงคลอีสาน วิทยาเขตขอนแก่น",
    "Rajamangala University of Technology Isan, Khon Kaen Campus",
    None,
    Sector::Academic,
    Some("40"),
    "ร่วมแสดงความคิดเห็นในเวทีขอนแก่น: เมืองแห่งโอกาส (รายงาน 003)",
);
const CODI_NORTHEAST: Org = org(
    "สถาบันพัฒนาองค์กรชุมชน (องค์การมหาชน) สำนักงานภาคตะวันออกเฉียงเหนือ",
    "Community Organizations Development Institute, Northeastern Region Office",
    Some("พอช."),
    Sector::StateEnterprise,
    None,
    "ร่วมแสดงความคิดเห็นในเวทีขอนแก่น: เมืองแห่งโอกาส (รายงาน 003)",
);
const CEA_KHON_KAEN: Org = org(
    "สำนักงานส่งเสริมเศรษฐกิจสร้างสรรค์ (องค์การมหาชน) ขอนแก่น",
    "Creative Economy Agency, Khon Kaen",
    Some("CEA"),
    Sector::StateEnterprise,
    Some("40"),
    "ร่วมแสดงความคิดเห็นในเวทีขอนแก่น: เมืองแห่งโอกาส (รายงาน 003)",
);

/// Records created so far, and the counts for the summary.
struct Loader<'a> {
    store: &'a dyn Store,
    summary: DemoSummary,
}

impl Loader<'_> {
    async fn organization(&mut self, o: &Org, parent: Option<OrganizationId>) -> StoreResult<OrganizationId> {
        self.summary.organizations += 1;
        Ok(self.store.create_organization(o.input(parent)).await?.id)
    }

    async fn network(&mut self, input: NetworkInput) -> StoreResult<NetworkId> {
        self.summary.networks += 1;
        Ok(self.store.create_network(input).await?.id)
    }

    async fn align(&mut self, kind: SubjectKind, subject: Uuid, framework: &str, codes: &[&str], note: Option<&str>) -> StoreResult<()> {
        for code in codes {
            self.summary.alignments += 1;
            let input = AlignmentInput {
                subject_kind: kind,
                subject_id: subject,
                item_id: FrameworkItemId::reference(framework, code),
                note: note.map(Into::into),
            };
            self.store.create_alignment(input).await?;
        }
        Ok(())
    }

    async fn agreement(&mut self, input: AgreementInput, sdgs: &[&str]) -> StoreResult<AgreementId> {
        self.summary.agreements += 1;
        let id = self.store.create_agreement(input).await?.id;
        self.align(SubjectKind::Agreement, id.0, SDG, sdgs, None).await?;
        Ok(id)
    }

    async fn programme(&mut self, input: ProgrammeInput, sdgs: &[&str]) -> StoreResult<ProgrammeId> {
        self.summary.programmes += 1;
        let id = self.store.create_programme(input).await?.id;
        self.align(SubjectKind::Programme, id.0, SDG, sdgs, None).await?;
        Ok(id)
    }

    async fn activity(&mut self, input: ActivityInput, sdgs: &[&str]) -> StoreResult<()> {
        self.summary.activities += 1;
        let id = self.store.create_activity(input).await?.id;
        self.align(SubjectKind::Activity, id.0, SDG, sdgs, None).await
    }
}

fn member(organization_id: OrganizationId, role: MemberRole, represented_by: &str) -> NetworkMember {
    NetworkMember { organization_id, role, represented_by: Some(represented_by.into()), joined_on: None }
}

fn party(organization_id: OrganizationId, role: PartyRole, signed_by: &str) -> AgreementParty {
    AgreementParty { organization_id, role, signed_by: Some(signed_by.into()) }
}

fn activity(kind: ActivityKind, title_th: &str, title_en: &str, starts_at: DateTime<Utc>, venue_th: &str, area: &str) -> ActivityInput {
    ActivityInput {
        programme_id: None,
        kind,
        title_th: title_th.into(),
        title_en: Some(title_en.into()),
        description_th: None,
        description_en: None,
        starts_at,
        ends_at: None,
        venue_th: Some(venue_th.into()),
        venue_en: None,
        area_code: Some(area.into()),
        hours: None,
        mode: AttendanceMode::Onsite,
        lead_organization_id: None,
        partner_organization_ids: vec![],
        target_groups: vec![],
        volunteer_hours: None,
        participation: vec![],
    }
}

fn agreement(
    title_th: &str,
    title_en: &str,
    signed_on: Option<NaiveDate>,
    network: NetworkId,
    parties: Vec<AgreementParty>,
) -> AgreementInput {
    AgreementInput {
        title_th: title_th.into(),
        title_en: Some(title_en.into()),
        themes: vec![],
        signed_on,
        place_th: None,
        place_en: None,
        area_code: Some("40".into()),
        term_start: None,
        term_end: None,
        declared_signatories: None,
        status: AgreementStatus::Signed,
        network_id: Some(network),
        notes_th: None,
        notes_en: None,
        parties,
        documents: vec![],
    }
}

fn programme(title_th: &str, title_en: &str, fy: i32, lead: OrganizationId) -> ProgrammeInput {
    ProgrammeInput {
        title_th: title_th.into(),
        title_en: Some(title_en.into()),
        description_th: None,
        description_en: None,
        fiscal_year: fiscal_year(fy),
        budget_baht: None,
        budget_source: None,
        lead_organization_id: lead,
        partner_organization_ids: vec![],
        target_groups: vec![],
        area_code: Some("40".into()),
        starts_on: None,
        ends_on: None,
        status: ProgrammeStatus::Active,
    }
}

fn groups(codes: &[&str]) -> Vec<String> {
    codes.iter().map(|c| (*c).to_owned()).collect()
}

/// Loads the demonstration network into a database that holds the reference data.
pub async fn load(store: &dyn Store) -> StoreResult<DemoSummary> {
    let mut l = Loader { store, summary: DemoSummary::default() };

    // Organisations named in the reports.
    let khon_kaen = l.organization(&KHON_KAEN_PROVINCE, None).await?;
    let city = l.organization(&KHON_KAEN_CITY, None).await?;
    let igdn = l.organization(&IGDN, None).await?;
    let tceb = l.organization(&TCEB, None).await?;
    let tceb_northeast = l.organization(&TCEB_NORTHEAST, Some(tceb)).await?;
    let chiang_mai = l.organization(&CHIANG_MAI_PROVINCE, None).await?;
    let phuket = l.organization(&PHUKET_PROVINCE, None).await?;
    let attorney = l.organization(&CHIANG_MAI_ATTORNEY, None).await?;
    let justice = l.organization(&CHIANG_MAI_JUSTICE, None).await?;
    l.organization(&CHIANG_MAI_WOMEN_CORRECTIONAL, None).await?;
    let rlpd = l.organization(&RIGHTS_AND_LIBERTIES, None).await?;
    let kktt = l.organization(&KKTT, None).await?;
    let pmu_a = l.organization(&PMU_A, None).await?;
    let mut forum_partners = vec![khon_kaen, pmu_a, city];
    for o in [
        &KHON_KAEN_UNIVERSITY,
        &KHON_KAEN_EDUCATION,
        &KHON_KAEN_NFE,
        &KHON_KAEN_COMMERCE,
        &KHON_KAEN_COMMUNITY_DEVELOPMENT,
        &KHON_KAEN_SOCIAL_DEVELOPMENT,
        &BANK_OF_THAILAND_NORTHEAST,
        &RMUTI_KHON_KAEN,
        &CODI_NORTHEAST,
        &CEA_KHON_KAEN,
    ] {
        forum_partners.push(l.organization(o, None).await?);
    }

    // Report 000: the gender-equality MOU and the InterPride bid.
    let gender_network = l
        .network(NetworkInput {
            name_th: "ภาคีเครือข่ายส่งเสริมความเสมอภาคทางเพศ จังหวัดขอนแก่น".into(),
            name_en: Some("Khon Kaen gender-equality partner network".into()),
            instrument: Some("บันทึกความร่วมมือว่าด้วยการส่งเสริมความเสมอภาคทางเพศฯ ลงวันที่ 5 ก.ค. 2567".into()),
            established_on: date(2024, 7, 5),
            area_code: Some("40".into()),
            description_th: Some(
                "ภาคีผู้ลงนาม MOU ความเสมอภาคทางเพศ จังหวัดขอนแก่น หัวหน้าส่วนราชการและหัวหน้าหน่วยงานที่เกี่ยวข้องร่วมลงนามด้วย \
                 (รายงานไม่ระบุชื่อและจำนวน) จังหวัดจะแต่งตั้งคณะทำงานเพื่อขับเคลื่อน (รายงาน 000)"
                    .into(),
            ),
            description_en: None,
            members: vec![
                member(khon_kaen, MemberRole::Member, "ผู้ว่าราชการจังหวัดขอนแก่น"),
                member(city, MemberRole::Member, "นายกเทศมนตรีนครขอนแก่น"),
                member(igdn, MemberRole::Member, "ประธานกรรมการมูลนิธิ"),
                member(tceb_northeast, MemberRole::Member, "ผู้อำนวยการสำนักภาคตะวันออกเฉียงเหนือ"),
            ],
        })
        .await?;
    let mut gender_mou = agreement(
        "บันทึกความร่วมมือว่าด้วยการส่งเสริมความเสมอภาคทางเพศ และความเท่าเทียมระหว่างเพศ จังหวัดขอนแก่น",
        "MOU on promoting gender equality and equality between the sexes in Khon Kaen Province",
        date(2024, 7, 5),
        gender_network,
        vec![
            party(khon_kaen, PartyRole::Signatory, "ผู้ว่าราชการจังหวัดขอนแก่น"),
            party(city, PartyRole::Signatory, "นายกเทศมนตรีนครขอนแก่น"),
            party(igdn, PartyRole::Signatory, "ประธานกรรมการมูลนิธิเครือข่ายความหลากหลายทางเพศอีสาน"),
            party(tceb_northeast, PartyRole::Signatory, "ผู้อำนวยการ สสปน. สำนักภาคตะวันออกเฉียงเหนือ"),
        ],
    );
    gender_mou.themes = groups(&["ความเสมอภาคทางเพศ", "การขจัดการเลือกปฏิบัติ", "สิทธิมนุษยชน"]);
    gender_mou.place_th = Some("ห้องประชุมแก่นเมือง ศาลากลางจังหวัดขอนแก่น".into());
    gender_mou.place_en = Some("Kaen Mueang meeting room, Khon Kaen City Hall".into());
    gender_mou.notes_th = Some(
        "ลงนามเวลา 16.00 น. เพื่อให้หน่วยงานทุกภาคส่วนร่วมกันส่งเสริมความเสมอภาคและขจัดการเลือกปฏิบัติโดยไม่เป็นธรรมระหว่างเพศ \
         หัวหน้าส่วนราชการและหัวหน้าหน่วยงานที่เกี่ยวข้องร่วมลงนาม แต่รายงานไม่ระบุชื่อและจำนวน จึงไม่ได้ระบุจำนวนผู้ลงนามที่ประกาศ (รายงาน 000)"
            .into(),
    );
    gender_mou.notes_en =
        Some("Signed at 16:00. Heads of government agencies also signed; the report gives neither their names nor their number.".into());
    let gender_mou = l.agreement(gender_mou, &["5", "5.1", "10", "16"]).await?;
    let working_group = store
        .create_commitment(CommitmentInput {
            agreement_id: gender_mou,
            organization_id: khon_kaen,
            title_th: "แต่งตั้งคณะทำงานขับเคลื่อนความเสมอภาคทางเพศ".into(),
            title_en: Some("Appoint a working group to drive gender equality".into()),
            description_th: Some("“เมื่อสร้างความเข้าใจแล้วทางจังหวัดก็จะมีการแต่งตั้งคณะทำงาน เพื่อให้ทุกคนได้ร่วมกันขับเคลื่อนอย่างจริงจัง” (รายงาน 000)".into()),
            description_en: None,
            status: CommitmentStatus::Planned,
            deliverables: vec![],
            progress: vec![],
        })
        .await?;
    l.summary.commitments += 1;
    l.align(SubjectKind::Commitment, working_group.id.0, SDG, &["5"], None).await?;
    let mut signing = activity(
        ActivityKind::SigningCeremony,
        "พิธีลงนาม MOU ส่งเสริมความเสมอภาคทางเพศ และความเท่าเทียมระหว่างเพศ จังหวัดขอนแก่น",
        "Signing of the Khon Kaen gender-equality MOU",
        thai_time(2024, 7, 5, 16, 0),
        "ห้องประชุมแก่นเมือง ศาลากลางจังหวัดขอนแก่น",
        "40",
    );
    signing.lead_organization_id = Some(khon_kaen);
    signing.partner_organization_ids = vec![city, igdn, tceb_northeast];
    l.activity(signing, &["5"]).await?;

    let mut bid =
        programme("การเสนอตัวเป็นเจ้าภาพ InterPride World Conference 2025", "Bid to host InterPride World Conference 2025", 2567, khon_kaen);
    bid.description_th = Some(
        "จังหวัดขอนแก่นโดยการนำของผู้ว่าราชการจังหวัด พร้อมหน่วยงานภาครัฐ ภาคเอกชน ประชาสังคม และเครือข่ายความหลากหลายทางเพศ \
         ร่วมนำเสนอกับจังหวัดเชียงใหม่และจังหวัดภูเก็ต หากได้รับเลือก คาดว่าจะมีผู้เข้าร่วมจาก 40 ประเทศ ไม่ต่ำกว่า 1,000 คน \
         และสร้างเงินสะพัดกว่า 1,000 ล้านบาท ขอนแก่นได้รับประกาศเป็นนครแห่ง MICE City (รายงาน 000; ปีงบประมาณตามวันที่รายงาน 5 ก.ค. 2567)"
            .into(),
    );
    bid.description_en = Some(
        "If chosen: delegates from 40 countries, at least 1,000 people, and over 1,000 million baht spent in the city (report 000).".into(),
    );
    bid.partner_organization_ids = vec![city, tceb, igdn, chiang_mai, phuket];
    bid.target_groups = groups(&["lgbtq", "international_visitors"]);
    l.programme(bid, &["5", "8", "10", "17"]).await?;

    // Report 001: SMART GENDER, fiscal year 2567, the youth cohort.
    let mut smart = programme(
        "โครงการการส่งเสริมความเท่าเทียมทางเพศและความเสมอภาคกับเพศทางเลือกสู่สังคมจิตอาสา “SMART GENDER”",
        "Promoting gender equality and equity with gender-diverse people towards a volunteer society (SMART GENDER)",
        2567,
        city,
    );
    smart.area_code = Some("4001".into());
    smart.description_th = Some(
        "เป็นพื้นที่แลกเปลี่ยนเรียนรู้ในความเท่าเทียมทางเพศ ส่งเสริมศักยภาพ สิทธิ และโอกาสที่เท่าเทียมกันของทุกคนโดยไม่จำกัดเพศสภาพ เพศวิถี \
         หรืออัตลักษณ์ทางเพศ ขจัดการกีดกันทางเพศ ขจัดความรุนแรง และลดการรังเกียจกีดกันและการเลือกปฏิบัติ (รายงาน 001)"
            .into(),
    );
    smart.target_groups = groups(&["lgbtq", "children_youth", "civil_society", "government_staff"]);
    let smart = l.programme(smart, &["5", "10", "16"]).await?;
    let mut youth = activity(
        ActivityKind::Training,
        "SMART GENDER กลุ่มเด็กและเยาวชน (เปิดโครงการ)",
        "SMART GENDER youth cohort (opening)",
        thai_time(2024, 2, 23, 9, 0),
        "พิพิธภัณฑ์ธนารักษ์ จังหวัดขอนแก่น",
        "40",
    );
    youth.programme_id = Some(smart);
    youth.lead_organization_id = Some(city);
    youth.target_groups = groups(&["children_youth"]);
    youth.description_th = Some("รองนายกเทศมนตรีนครขอนแก่นเป็นประธานเปิดโครงการ รายงานไม่ระบุจำนวนผู้เข้าร่วม (รายงาน 001)".into());
    l.activity(youth, &["5"]).await?;

    // Report 002: the Chiang Mai human-rights subcommittee.
    let rights_network = l
        .network(NetworkInput {
            name_th: "คณะอนุกรรมการขับเคลื่อนงานสิทธิมนุษยชนจังหวัดเชียงใหม่".into(),
            name_en: Some("Chiang Mai Provincial Subcommittee for Driving Human Rights Work".into()),
            instrument: Some("คำสั่งคณะกรรมการขับเคลื่อนงานสิทธิมนุษยชนของประเทศไทย ที่ 2/2566".into()),
            established_on: None,
            area_code: Some("50".into()),
            description_th: Some(
                "ประกอบด้วยผู้ว่าราชการจังหวัดเป็นประธาน อัยการคุ้มครองสิทธิฯ จังหวัดเป็นรองประธาน ผู้แทนหน่วยงานต่าง ๆ ผู้แทนภาคประชาสังคม \
             ผู้แทนสถาบันอุดมศึกษาและผู้ทรงคุณวุฒิ (รายงานไม่ระบุชื่อ) ผู้อำนวยการสำนักงานยุติธรรมจังหวัดเป็นฝ่ายเลขานุการ \
             ยกร่างแผนสิทธิมนุษยชนจังหวัดภายใต้แผนสิทธิมนุษยชนแห่งชาติ ฉบับที่ 5 และแผนธุรกิจกับสิทธิมนุษยชน ระยะที่ 2 (รายงาน 002)"
                    .into(),
            ),
            description_en: None,
            members: vec![
                member(chiang_mai, MemberRole::Chair, "ผู้ว่าราชการจังหวัดเชียงใหม่"),
                member(attorney, MemberRole::ViceChair, "อัยการคุ้มครองสิทธิและช่วยเหลือทางกฎหมายและการบังคับคดีจังหวัด"),
                member(justice, MemberRole::Secretariat, "ผู้อำนวยการสำนักงานยุติธรรมจังหวัดเชียงใหม่"),
            ],
        })
        .await?;
    let mut meeting = activity(
        ActivityKind::Meeting,
        "ประชุมคณะอนุกรรมการขับเคลื่อนงานสิทธิมนุษยชนจังหวัดเชียงใหม่: แนวทางยกร่างแผนสิทธิมนุษยชนจังหวัด",
        "Chiang Mai human-rights subcommittee: drafting the provincial human-rights plan",
        thai_time(2023, 3, 31, 0, 0),
        "ห้องประชุม 5 ชั้น 5 อาคารอำนวยการ ศาลากลางจังหวัดเชียงใหม่",
        "50",
    );
    meeting.mode = AttendanceMode::Hybrid;
    meeting.lead_organization_id = Some(chiang_mai);
    meeting.partner_organization_ids = vec![attorney, justice, rlpd];
    meeting.description_th = Some(
        "รองผู้ว่าราชการจังหวัดเชียงใหม่เป็นประธาน กรมคุ้มครองสิทธิและเสรีภาพชี้แจงผ่าน Webex Meetings: กลไก “บวร” (บ้าน/วัด/โรงเรียน) \
         หลักสูตรสิทธิมนุษยชนศึกษาไม่น้อยกว่า 3 ชั่วโมงในสถานศึกษาและทุกหน่วยงานตามมติคณะรัฐมนตรี และโครงการองค์กรต้นแบบด้านสิทธิมนุษยชน \
         รายงานระบุวันที่ 31 มี.ค. โดยไม่ระบุปีและเวลา — ปี 2566 อนุมานจากคำสั่งที่ 2/2566 และการเชิญสมัครองค์กรต้นแบบในปี 2566 (รายงาน 002)"
            .into(),
    );
    l.activity(meeting, &["16"]).await?;
    for (code, name_th, name_en) in [
        ("th-nhrp5", "แผนสิทธิมนุษยชนแห่งชาติ ฉบับที่ 5 (พ.ศ. 2566–2570)", "National Human Rights Plan No. 5 (2023–2027)"),
        (
            "th-nap-bhr2",
            "แผนปฏิบัติการระดับชาติว่าด้วยธุรกิจกับสิทธิมนุษยชน ระยะที่ 2 (พ.ศ. 2566–2570)",
            "National Action Plan on Business and Human Rights, phase 2 (2023–2027)",
        ),
    ] {
        store
            .create_framework(FrameworkInput {
                code: code.into(),
                kind: FrameworkKind::NationalPlan,
                name_th: name_th.into(),
                name_en: Some(name_en.into()),
                publisher: None,
                url: None,
                description_th: Some("กรอบที่แผนสิทธิมนุษยชนจังหวัดเชียงใหม่อ้างอิง รายละเอียดยุทธศาสตร์ยังไม่ได้บันทึก (รายงาน 002)".into()),
                description_en: None,
            })
            .await?;
        l.summary.frameworks += 1;
    }

    // Report 003: forum no. 3, "Khon Kaen: City of Opportunity".
    let mut phase2 = programme(
        "โครงการวิจัย ขอนแก่น: สู่การเป็นเมืองแห่งการเรียนรู้และยั่งยืน ระยะที่ 2",
        "Research project: Khon Kaen towards a learning and sustainable city, phase 2",
        2566,
        kktt,
    );
    phase2.budget_source = Some("หน่วยบริหารและจัดการทุนด้านการพัฒนาระดับพื้นที่ (บพท.)".into());
    phase2.partner_organization_ids = vec![pmu_a];
    phase2.description_th = Some("ปีงบประมาณอนุมานจากวันจัดเวทีเสวนาพัฒนาเมืองครั้งที่ 3 (25 ต.ค. 2565) (รายงาน 003)".into());
    phase2.target_groups = groups(&["urban_poor", "educationally_disadvantaged", "workers", "community_members", "students"]);
    let phase2 = l.programme(phase2, &["1", "4", "8", "11"]).await?;
    let mut forum = activity(
        ActivityKind::Forum,
        "เสวนาพัฒนาเมือง ครั้งที่ 3 ขอนแก่นฟอรั่ม “ขอนแก่น: เมืองแห่งโอกาส” และประชุมเชิงปฏิบัติการ “ขอนแก่น สู่เมืองแห่งการเรียนรู้”",
        "City development forum no. 3 “Khon Kaen: City of Opportunity” and workshop “Khon Kaen towards a learning city”",
        thai_time(2022, 10, 25, 0, 0),
        "จังหวัดขอนแก่น",
        "40",
    );
    forum.programme_id = Some(phase2);
    forum.lead_organization_id = Some(kktt);
    forum.partner_organization_ids = forum_partners;
    forum.target_groups = groups(&["urban_poor", "educationally_disadvantaged", "workers", "community_members", "students"]);
    forum.description_th = Some(
        "ประเด็น: โอกาสสำหรับคนจนเมือง ผู้ด้อยโอกาสทางการศึกษา เศรษฐกิจชุมชนและการจ้างงาน หน่วยงานได้พบ “จิ๊กซอว์ที่ขาดไป” ของกันและกัน \
         รองผู้ว่าราชการจังหวัดขอนแก่นกล่าวเปิด มีตัวแทนชุมชนและนักเรียนนักศึกษาร่วม รายงานไม่ระบุเวลาและจำนวนผู้เข้าร่วม (รายงาน 003)"
            .into(),
    );
    l.activity(forum, &["1", "4", "8", "17"]).await?;

    // Report 004: the learning-city MOU with 62 agencies.
    let learning_network = l
        .network(NetworkInput {
            name_th: "ภาคีเครือข่ายขอนแก่นเมืองแห่งการเรียนรู้".into(),
            name_en: Some("Khon Kaen Learning City partner network".into()),
            instrument: Some("บันทึกข้อตกลงความร่วมมือ ลงวันที่ 17 ก.ย. 2567".into()),
            established_on: date(2024, 9, 17),
            area_code: Some("40".into()),
            description_th: Some(
                "ขอนแก่นได้รับการรับรองเป็นสมาชิกเครือข่ายเมืองแห่งการเรียนรู้ระดับโลกของ UNESCO เมื่อ 14 ก.พ. 2567 \
                 MOU 17 ก.ย. 2567 มี 62 หน่วยงานจากภาครัฐ ภาคเอกชน สถาบันการศึกษา และภาคประชาสังคม (รายงานไม่ระบุชื่อทั้งหมด) (รายงาน 004)"
                    .into(),
            ),
            description_en: None,
            members: vec![
                member(khon_kaen, MemberRole::Member, "รองผู้ว่าราชการจังหวัดขอนแก่น"),
                member(city, MemberRole::Member, "นายกเทศมนตรีนครขอนแก่น"),
                member(kktt, MemberRole::Secretariat, "หัวหน้าโครงการวิจัย"),
                member(pmu_a, MemberRole::Member, "ผู้สนับสนุนทุนวิจัย"),
            ],
        })
        .await?;
    let mut learning_mou = agreement(
        "บันทึกข้อตกลงความร่วมมือ (MOU) ขับเคลื่อนจังหวัดขอนแก่นสู่การเป็นเมืองแห่งการเรียนรู้ของ UNESCO",
        "MOU to drive Khon Kaen towards becoming a UNESCO learning city",
        date(2024, 9, 17),
        learning_network,
        vec![
            party(khon_kaen, PartyRole::Signatory, "รองผู้ว่าราชการจังหวัดขอนแก่น"),
            party(city, PartyRole::Signatory, "นายกเทศมนตรีนครขอนแก่น"),
            party(kktt, PartyRole::Coordinator, "หัวหน้าโครงการวิจัย"),
        ],
    );
    learning_mou.themes = groups(&["เมืองแห่งการเรียนรู้", "การเรียนรู้ตลอดชีวิต", "การพัฒนาที่ยั่งยืน"]);
    learning_mou.place_th = Some("โรงแรมพูลแมน ราชาออคิด ขอนแก่น".into());
    learning_mou.place_en = Some("Pullman Khon Kaen Raja Orchid".into());
    learning_mou.declared_signatories = Some(62);
    learning_mou.notes_th = Some(
        "รายงานระบุ 62 หน่วยงาน และอีกตอนหนึ่งระบุว่าได้รับการสนับสนุนจากภาคีเครือข่าย “กว่า 59 หน่วยงาน” — บันทึกจำนวนที่ประกาศเป็น 62 \
         สอดคล้องกับ SDGs 10 จาก 17 เป้าหมาย โดยรายงานระบุชื่อเพียง SDG 4, 8 และ 10 (รายงาน 004)"
            .into(),
    );
    learning_mou.notes_en = Some(
        "The report says 62 agencies, and later “more than 59”; 62 is recorded as declared. It names only SDG 4, 8 and 10 of the 10 SDGs it says the MOU serves."
            .into(),
    );
    let learning_mou = l.agreement(learning_mou, &["4", "8", "10"]).await?;
    l.align(SubjectKind::Agreement, learning_mou.0, LEARNING_CITY, &["3.2"], Some("ความร่วมมือของ 62 หน่วยงาน")).await?;
    let mut smart_learning = programme(
        "การยกระดับและขับเคลื่อนขอนแก่นเมืองแห่งการเรียนรู้ที่ชาญฉลาด สู่เมืองแห่งการเรียนรู้ระดับโลก",
        "Raising Khon Kaen, a smart learning city, to a global learning city",
        2567,
        kktt,
    );
    smart_learning.budget_source = Some("กองทุนส่งเสริม ววน. (บพท.)".into());
    smart_learning.partner_organization_ids = vec![pmu_a, khon_kaen, city];
    smart_learning.description_th = Some("ปีงบประมาณอนุมานจากวันลงนาม MOU 17 ก.ย. 2567 (รายงาน 004)".into());
    let smart_learning = l.programme(smart_learning, &["4", "8", "10"]).await?;
    let mut lc_signing = activity(
        ActivityKind::SigningCeremony,
        "พิธีลงนาม MOU ขับเคลื่อนขอนแก่นสู่เมืองแห่งการเรียนรู้ของ UNESCO กับ 62 ภาคีเครือข่าย",
        "Signing of the Khon Kaen learning-city MOU with 62 partners",
        thai_time(2024, 9, 17, 0, 0),
        "โรงแรมพูลแมน ราชาออคิด ขอนแก่น",
        "40",
    );
    lc_signing.programme_id = Some(smart_learning);
    lc_signing.lead_organization_id = Some(khon_kaen);
    lc_signing.partner_organization_ids = vec![city, kktt];
    lc_signing.description_th = Some("รายงานไม่ระบุเวลา (รายงาน 004)".into());
    l.activity(lc_signing, &["4", "17"]).await?;

    // The plans of reports 002 and 004, after the records their computed indicators read.
    let keepers = crate::plans::Keepers { rights_network, justice, rights_department: rlpd, learning_network, kktt };
    crate::plans::load(store, &mut l.summary, keepers).await?;
    Ok(l.summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thai_time_is_seven_hours_ahead_of_utc() {
        assert_eq!(thai_time(2024, 7, 5, 16, 0).to_rfc3339(), "2024-07-05T09:00:00+00:00");
    }
}
