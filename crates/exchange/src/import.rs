//! Rows to records, per kind of sheet, and the report of what became of each row.
//!
//! [`prepare`] reads a [`Sheet`] as one kind of record: it finds the header row, reads each row's
//! cells into a [`SheetRow`] (values normalised, areas resolved), and keeps every problem with the
//! row number and the header the user sees. Blank rows are skipped silently; a row with the same
//! natural key as an earlier row of the file is reported as a duplicate. [`run`] hands the rows to
//! [`Store::apply_sheet`], which matches them to stored records and writes them (or not).
//!
//! Natural keys (how a row finds the record it updates):
//! * organisations: Thai name + area (the most specific of subdistrict, district, province);
//! * network members: network (by name) + organisation (by name);
//! * agreement parties: agreement (by title) + organisation (by name);
//! * programmes: Thai title + fiscal year + lead organisation;
//! * activities: Thai title + start day (Thailand time) + lead organisation;
//! * participation: the activity (Thai title + start day, and the lead organisation when the sheet
//!   names it) + gender + age band + target group + nationality. An activity's rows are its
//!   participation: they replace its stored cells, and are written together or not at all.
//!
//! An organisation is named by its Thai name, its English name (any case) or its abbreviation.

use std::collections::HashMap;

use chrono::{FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc};
use phakhi_domain::FiscalYear;
use phakhi_domain::Vocabulary;
use phakhi_domain::activity::{ActivityKind, AttendanceMode};
use phakhi_domain::agreement::PartyRole;
use phakhi_domain::money::Baht;
use phakhi_domain::network::MemberRole;
use phakhi_domain::organization::{OrganizationStatus, Sector};
use phakhi_domain::participation::{AgeBand, Gender, ParticipationCell};
use phakhi_domain::programme::ProgrammeStatus;
use phakhi_domain::target_group::TargetGroup;
use phakhi_store::sheet::{
    ActivityRow, AgreementPartyRow, NetworkMemberRow, OrganizationRow, ParticipationRow, ProgrammeRow, RowAction, SheetMode, SheetRecord,
    SheetReport, SheetRow,
};
use phakhi_store::{Store, StoreResult};

use crate::areas::{AreaIndex, AreaPart};
use crate::headers::{self, Columns, Field, Mapping, MappingError, normal};
use crate::sheet::{Row, Sheet};
use crate::values::{self, ValueError, clean};

/// The kinds of sheet that can be imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Organizations,
    NetworkMembers,
    AgreementParties,
    Programmes,
    Activities,
    /// An activity's participation in long form: one row per gender, age band, target group and
    /// nationality counted.
    Participation,
}

impl Kind {
    pub const ALL: [Kind; 6] =
        [Kind::Organizations, Kind::NetworkMembers, Kind::AgreementParties, Kind::Programmes, Kind::Activities, Kind::Participation];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Organizations => "organizations",
            Kind::NetworkMembers => "network-members",
            Kind::AgreementParties => "agreement-parties",
            Kind::Programmes => "programmes",
            Kind::Activities => "activities",
            Kind::Participation => "participation",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The columns this kind understands.
    pub fn fields(self) -> &'static [Field] {
        match self {
            Kind::Organizations => &ORGANIZATION_FIELDS,
            Kind::NetworkMembers => &MEMBER_FIELDS,
            Kind::AgreementParties => &PARTY_FIELDS,
            Kind::Programmes => &PROGRAMME_FIELDS,
            Kind::Activities => &ACTIVITY_FIELDS,
            Kind::Participation => &PARTICIPATION_FIELDS,
        }
    }

    /// The headers of an empty sheet of this kind, one per field, in Thai or English; each is read
    /// back as its field.
    pub fn template_headers(self, english: bool) -> Vec<String> {
        self.fields().iter().map(|f| headers::template_header(f, english)).collect()
    }

    /// Columns without which no row can be read.
    pub fn required(self) -> &'static [&'static str] {
        match self {
            Kind::Organizations => &["name_th"],
            Kind::NetworkMembers => &["network", "organization"],
            Kind::AgreementParties => &["agreement", "organization"],
            Kind::Programmes => &["title_th", "fiscal_year", "lead"],
            Kind::Activities => &["title_th", "date"],
            Kind::Participation => &["activity", "date", "count"],
        }
    }
}

const PROVINCE: Field = Field { key: "province", synonyms: &["จังหวัด", "จ", "province", "changwat"] };
const DISTRICT: Field = Field {
    key: "district", synonyms: &["อำเภอ", "อำเภอ/เขต", "เขต", "อ", "district", "amphoe", "khet"]
};
const SUBDISTRICT: Field = Field {
    key: "subdistrict",
    synonyms: &["ตำบล", "ตำบล/แขวง", "แขวง", "ต", "subdistrict", "sub-district", "tambon", "khwaeng"],
};
const AREA_CODE: Field = Field {
    key: "area_code", synonyms: &["รหัสพื้นที่", "รหัสกรมการปกครอง", "area code", "dopa code"]
};

/// The day an activity starts: with its title (and lead), how a sheet names an activity.
const ACTIVITY_DATE: Field = Field {
    key: "date",
    synonyms: &["วันที่", "วันที่จัด", "วันที่จัดกิจกรรม", "วันที่เริ่ม", "วันเริ่ม", "วันที่ดำเนินการ", "date", "start date", "starts on", "start"],
};
/// The organisation that leads an activity (by Thai or English name or abbreviation).
const ACTIVITY_LEAD: Field = Field {
    key: "lead",
    synonyms: &[
        "หน่วยงานหลัก",
        "หน่วยงานที่จัด",
        "หน่วยงานผู้จัด",
        "ผู้จัด",
        "หน่วยงานรับผิดชอบ",
        "หน่วยงาน",
        "lead organisation",
        "lead organization",
        "organiser",
        "organizer",
        "organised by",
        "lead",
    ],
};

const ORGANIZATION_FIELDS: [Field; 13] = [
    Field {
        key: "name_th",
        synonyms: &[
            "ชื่อหน่วยงาน",
            "ชื่อองค์กร",
            "ชื่อหน่วยงาน/องค์กร",
            "ชื่อองค์กร/หน่วยงาน",
            "ชื่อภาคี",
            "หน่วยงาน",
            "องค์กร",
            "ภาคี",
            "ชื่อ",
            "ชื่อภาษาไทย",
            "ชื่อ (ไทย)",
            "organisation name",
            "organization name",
            "organisation",
            "organization",
            "name",
            "thai name",
            "name (thai)",
        ],
    },
    Field {
        key: "name_en", synonyms: &["ชื่อภาษาอังกฤษ", "ชื่อ (อังกฤษ)", "ชื่ออังกฤษ", "english name", "name (english)", "name in english"]
    },
    Field {
        key: "abbreviation", synonyms: &["ชื่อย่อ", "อักษรย่อ", "ตัวย่อ", "abbreviation", "acronym", "short name"]
    },
    Field {
        key: "sector", synonyms: &["ภาคส่วน", "ประเภทหน่วยงาน", "ประเภทองค์กร", "ประเภท", "กลุ่มภาคี", "sector", "type"]
    },
    Field {
        key: "parent",
        synonyms: &["สังกัด", "หน่วยงานต้นสังกัด", "ต้นสังกัด", "parent", "parent organisation", "parent organization", "part of"],
    },
    PROVINCE,
    DISTRICT,
    SUBDISTRICT,
    AREA_CODE,
    Field { key: "website", synonyms: &["เว็บไซต์", "เว็บ", "website", "web", "url"] },
    Field { key: "status", synonyms: &["สถานะ", "status"] },
    Field {
        key: "description_th", synonyms: &["รายละเอียด", "คำอธิบาย", "ข้อมูลเพิ่มเติม", "description", "description (thai)"]
    },
    Field {
        key: "description_en", synonyms: &["รายละเอียดภาษาอังกฤษ", "description (english)", "english description"]
    },
];

const MEMBER_FIELDS: [Field; 5] = [
    Field {
        key: "network", synonyms: &["ชื่อเครือข่าย", "เครือข่าย", "ชื่อคณะ", "network", "network name"]
    },
    Field {
        key: "organization",
        synonyms: &[
            "สมาชิก",
            "ชื่อสมาชิก",
            "member",
            "ชื่อหน่วยงาน",
            "ชื่อองค์กร",
            "หน่วยงาน",
            "องค์กร",
            "organisation",
            "organization",
            "organisation name",
            "organization name",
            "name",
        ],
    },
    Field {
        key: "role", synonyms: &["บทบาท", "ตำแหน่งในเครือข่าย", "ตำแหน่ง", "role"]
    },
    Field {
        key: "represented_by", synonyms: &["ผู้แทน", "ผู้แทนหน่วยงาน", "ตำแหน่งผู้แทน", "represented by", "representative"]
    },
    Field {
        key: "joined_on", synonyms: &["วันที่เข้าร่วม", "เข้าร่วมเมื่อ", "วันที่เป็นสมาชิก", "joined on", "joined", "date joined"]
    },
];

const PARTY_FIELDS: [Field; 4] = [
    Field {
        key: "agreement",
        synonyms: &["ชื่อบันทึกความร่วมมือ", "บันทึกความร่วมมือ", "ชื่อบันทึกข้อตกลง", "บันทึกข้อตกลง", "ชื่อ mou", "mou", "agreement", "agreement title"],
    },
    Field {
        key: "organization",
        synonyms: &[
            "คู่ภาคี",
            "party",
            "ชื่อหน่วยงาน",
            "ชื่อองค์กร",
            "หน่วยงาน",
            "องค์กร",
            "ชื่อภาคี",
            "ภาคี",
            "organisation",
            "organization",
            "organisation name",
            "organization name",
            "name",
        ],
    },
    Field { key: "role", synonyms: &["บทบาท", "ฐานะ", "role"] },
    Field {
        key: "signed_by", synonyms: &["ผู้ลงนาม", "ลงนามโดย", "ตำแหน่งผู้ลงนาม", "signed by", "signatory"]
    },
];

const PROGRAMME_FIELDS: [Field; 16] = [
    Field {
        key: "title_th",
        synonyms: &[
            "ชื่อโครงการ",
            "โครงการ",
            "ชื่อ",
            "ชื่อโครงการภาษาไทย",
            "programme",
            "programme title",
            "program",
            "project",
            "project name",
            "title",
            "name",
        ],
    },
    Field {
        key: "title_en", synonyms: &["ชื่อโครงการภาษาอังกฤษ", "ชื่อภาษาอังกฤษ", "title (english)", "english title"]
    },
    Field {
        key: "fiscal_year", synonyms: &["ปีงบประมาณ", "ปีงบ", "ปีงบประมาณ พ.ศ.", "fiscal year", "year"]
    },
    Field {
        key: "budget", synonyms: &["งบประมาณ", "วงเงินงบประมาณ", "วงเงิน", "งบประมาณที่ได้รับ", "budget"]
    },
    Field {
        key: "budget_source",
        synonyms: &["แหล่งงบประมาณ", "แหล่งเงิน", "ที่มางบประมาณ", "budget source", "funding source", "source of funds"],
    },
    Field {
        key: "lead",
        synonyms: &[
            "หน่วยงานหลัก",
            "หน่วยงานรับผิดชอบ",
            "หน่วยงานเจ้าของโครงการ",
            "หน่วยงานผู้รับผิดชอบ",
            "หน่วยงาน",
            "lead organisation",
            "lead organization",
            "lead",
            "responsible organisation",
        ],
    },
    Field {
        key: "partners",
        synonyms: &["หน่วยงานร่วม", "ภาคีร่วม", "หน่วยงานสนับสนุน", "partners", "partner organisations", "partner organizations"],
    },
    Field { key: "target_groups", synonyms: &["กลุ่มเป้าหมาย", "target group", "target groups"] },
    PROVINCE,
    DISTRICT,
    SUBDISTRICT,
    AREA_CODE,
    Field {
        key: "start_date", synonyms: &["วันที่เริ่ม", "วันเริ่มต้น", "เริ่ม", "ระยะเวลาเริ่ม", "start date", "starts on", "start"]
    },
    Field {
        key: "end_date", synonyms: &["วันที่สิ้นสุด", "วันสิ้นสุด", "สิ้นสุด", "end date", "ends on", "end"]
    },
    Field { key: "status", synonyms: &["สถานะ", "สถานะโครงการ", "status"] },
    Field { key: "description_th", synonyms: &["รายละเอียด", "วัตถุประสงค์", "description"] },
];

const ACTIVITY_FIELDS: [Field; 25] = [
    Field {
        key: "title_th",
        synonyms: &[
            "ชื่อกิจกรรม",
            "กิจกรรม",
            "ชื่อกิจกรรมภาษาไทย",
            "ชื่อ",
            "ชื่อ (ไทย)",
            "activity",
            "activity name",
            "activity title",
            "title",
            "name",
        ],
    },
    Field {
        key: "title_en", synonyms: &["ชื่อกิจกรรมภาษาอังกฤษ", "ชื่อภาษาอังกฤษ", "title (english)", "english title"]
    },
    Field {
        key: "kind", synonyms: &["ประเภทกิจกรรม", "ประเภท", "ลักษณะกิจกรรม", "kind", "type", "activity type"]
    },
    ACTIVITY_DATE,
    Field { key: "time", synonyms: &["เวลา", "เวลาเริ่ม", "time", "start time"] },
    Field {
        key: "end_date", synonyms: &["วันที่สิ้นสุด", "วันสิ้นสุด", "ถึงวันที่", "end date", "ends on", "end"]
    },
    Field { key: "end_time", synonyms: &["เวลาสิ้นสุด", "ถึงเวลา", "end time"] },
    Field {
        key: "venue", synonyms: &["สถานที่", "สถานที่จัด", "สถานที่จัดกิจกรรม", "venue", "place", "location"]
    },
    PROVINCE,
    DISTRICT,
    SUBDISTRICT,
    AREA_CODE,
    Field {
        key: "hours", synonyms: &["จำนวนชั่วโมง", "ชั่วโมง", "ระยะเวลา (ชั่วโมง)", "hours"]
    },
    Field {
        key: "mode", synonyms: &["รูปแบบ", "รูปแบบการจัด", "รูปแบบกิจกรรม", "mode", "attendance mode", "format"]
    },
    ACTIVITY_LEAD,
    Field {
        key: "partners",
        synonyms: &["หน่วยงานร่วม", "ภาคีร่วม", "ภาคีร่วมจัด", "ผู้ร่วมจัด", "partners", "partner organisations", "partner organizations"],
    },
    Field {
        key: "programme", synonyms: &["โครงการ", "ชื่อโครงการ", "ภายใต้โครงการ", "programme", "program", "project"]
    },
    Field { key: "target_groups", synonyms: &["กลุ่มเป้าหมาย", "target group", "target groups"] },
    Field { key: "volunteer_hours", synonyms: &["ชั่วโมงจิตอาสา", "volunteer hours"] },
    Field {
        key: "description_th", synonyms: &["รายละเอียด", "รายละเอียดกิจกรรม", "description"]
    },
    Field {
        key: "count_total",
        synonyms: &[
            "จำนวนผู้เข้าร่วม",
            "ผู้เข้าร่วม",
            "ผู้เข้าร่วมทั้งหมด",
            "รวม",
            "รวมทั้งหมด",
            "จำนวนรวม",
            "participants",
            "total participants",
            "total",
        ],
    },
    Field { key: "count_female", synonyms: &["หญิง", "เพศหญิง", "ผู้หญิง", "female", "women"] },
    Field { key: "count_male", synonyms: &["ชาย", "เพศชาย", "ผู้ชาย", "male", "men"] },
    Field {
        key: "count_diverse",
        synonyms: &[
            "ผู้มีความหลากหลายทางเพศ",
            "หลากหลายทางเพศ",
            "เพศทางเลือก",
            "lgbtq+",
            "lgbtq",
            "lgbtqi+",
            "gender diverse",
            "gender-diverse",
        ],
    },
    Field {
        key: "count_not_stated", synonyms: &["ไม่ระบุเพศ", "เพศไม่ระบุ", "ไม่ระบุ", "gender not stated", "not stated"]
    },
];

const PARTICIPATION_FIELDS: [Field; 8] = [
    Field {
        key: "activity", synonyms: &["ชื่อกิจกรรม", "กิจกรรม", "ชื่อกิจกรรมภาษาไทย", "activity", "activity name", "activity title", "title"]
    },
    ACTIVITY_DATE,
    ACTIVITY_LEAD,
    Field { key: "gender", synonyms: &["เพศ", "เพศสภาพ", "gender", "sex"] },
    Field {
        key: "age_band", synonyms: &["ช่วงอายุ", "อายุ", "กลุ่มอายุ", "age band", "age group", "age"]
    },
    Field {
        key: "target_group", synonyms: &["กลุ่มเป้าหมาย", "ประเภทผู้เข้าร่วม", "target group"]
    },
    Field { key: "nationality", synonyms: &["สัญชาติ", "nationality", "country"] },
    Field {
        key: "count",
        synonyms: &["จำนวน", "จำนวนคน", "จำนวนผู้เข้าร่วม", "จำนวน (คน)", "ผู้เข้าร่วม", "count", "number", "participants", "people"],
    },
];

/// A problem with a row (or the file), where the user will look for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The row as numbered in the sheet (1-based, counting title and blank rows).
    pub row: u32,
    /// The column's header as the sheet writes it (empty for the row as a whole).
    pub column: String,
    pub message_th: String,
    pub message_en: String,
}

/// Why a sheet could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PrepareError {
    #[error("no header row found in the first 30 rows (ไม่พบแถวหัวตาราง): expected headers such as {expected}")]
    NoHeaders { expected: String },
    #[error("row {row}: the column “{column}” is missing (ไม่พบคอลัมน์ “{column}”); it may be headed {expected}")]
    MissingColumn { row: u32, column: &'static str, expected: String },
    #[error(transparent)]
    Mapping(#[from] MappingError),
}

/// A sheet read as one kind of record, before the store has seen it.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub kind: Kind,
    pub source: String,
    pub columns: Columns,
    /// The rows that could be read, in order.
    pub rows: Vec<SheetRow>,
    /// Problems of the rows that could not.
    pub problems: Vec<Problem>,
}

fn expected(field: &Field) -> String {
    field.synonyms.iter().take(4).map(|s| format!("“{s}”")).collect::<Vec<_>>().join(", ")
}

/// Reads a sheet as records of one kind.
pub fn prepare(kind: Kind, sheet: &Sheet, areas: &AreaIndex, target_groups: &[TargetGroup]) -> Result<Prepared, PrepareError> {
    prepare_with(kind, sheet, &Mapping::default(), areas, target_groups)
}

/// Reads a sheet as records of one kind, with the fields a person chose for some of its columns
/// (see [`headers::find_with`]).
pub fn prepare_with(
    kind: Kind,
    sheet: &Sheet,
    mapping: &Mapping,
    areas: &AreaIndex,
    target_groups: &[TargetGroup],
) -> Result<Prepared, PrepareError> {
    let fields = kind.fields();
    let columns = headers::find_with(sheet, fields, mapping)?.ok_or_else(|| PrepareError::NoHeaders {
        expected: kind.required().iter().filter_map(|k| fields.iter().find(|f| f.key == *k)).map(expected).collect::<Vec<_>>().join("; "),
    })?;
    for key in kind.required() {
        if columns.column(key).is_none() {
            let field = fields.iter().find(|f| f.key == *key).expect("required fields are known");
            return Err(PrepareError::MissingColumn { row: columns.header_row, column: key, expected: expected(field) });
        }
    }
    let mut prepared = Prepared { kind, source: sheet.source.clone(), columns, rows: Vec::new(), problems: Vec::new() };
    let mut keys: HashMap<String, u32> = HashMap::new();
    let mut cells = CellReader::new(target_groups);
    // Participation rows are written an activity at a time: the activity each row names, and the
    // first row of each activity that cannot be read.
    let mut activity_of_row: HashMap<u32, String> = HashMap::new();
    let mut unreadable_activities: HashMap<String, u32> = HashMap::new();
    let mut activity_key: Option<String> = None;
    for row in sheet.rows.iter().skip(prepared.columns.header_index + 1) {
        if row.is_blank() {
            continue;
        }
        let mut reader = RowReader { row, columns: &prepared.columns, problems: Vec::new() };
        let record = match kind {
            Kind::Organizations => organization(&mut reader, areas).map(SheetRecord::Organization),
            Kind::Activities => activity(&mut reader, areas, target_groups).map(SheetRecord::Activity),
            Kind::Programmes => programme(&mut reader, areas, target_groups).map(SheetRecord::Programme),
            Kind::NetworkMembers => network_member(&mut reader).map(SheetRecord::NetworkMember),
            Kind::AgreementParties => agreement_party(&mut reader).map(SheetRecord::AgreementParty),
            Kind::Participation => {
                let (record, activity) = cells.row(&mut reader);
                if let Some(activity) = &activity {
                    if !reader.problems.is_empty() {
                        unreadable_activities.entry(activity.clone()).or_insert(row.number);
                    }
                    activity_of_row.insert(row.number, activity.clone());
                }
                activity_key = activity;
                record.map(SheetRecord::Participation)
            }
        };
        let mut problems = reader.problems;
        if let Some(record) = &record
            && problems.is_empty()
        {
            let (key, column) = match (record, activity_key.take()) {
                // The activity's key is already worked out: a million rows need not normalise it again.
                (SheetRecord::Participation(p), Some(activity)) => (format!("{activity}|{}", combination(&p.cell)), "gender"),
                (record, _) => natural_key(record),
            };
            if let Some(first) = keys.get(&key) {
                let (message_th, message_en) = match kind {
                    Kind::Participation => (
                        format!("แถวนี้ซ้ำกับแถวที่ {first} (กิจกรรม เพศ อายุ กลุ่มเป้าหมาย และสัญชาติเดียวกัน) จึงไม่นำเข้า"),
                        format!(
                            "This row duplicates row {first} (same activity, gender, age band, target group and nationality), so it is not imported"
                        ),
                    ),
                    _ => (
                        format!("แถวนี้ซ้ำกับแถวที่ {first} (ชื่อ พื้นที่/วันที่ และหน่วยงานเดียวกัน) จึงไม่นำเข้า"),
                        format!("This row duplicates row {first} (same name, area or day, and organisation), so it is not imported"),
                    ),
                };
                problems.push(Problem { row: row.number, column: prepared.columns.header(column), message_th, message_en });
            } else {
                keys.insert(key, row.number);
            }
        }
        match record {
            Some(record) if problems.is_empty() => prepared.rows.push(SheetRow { row: row.number, record }),
            _ => prepared.problems.extend(problems),
        }
    }
    if !unreadable_activities.is_empty() {
        hold_back_incomplete_activities(&mut prepared, &activity_of_row, &unreadable_activities);
    }
    Ok(prepared)
}

/// How a participation row's activity is told apart from the others of its sheet: its title and
/// lead as [`normal`] writes them, and its day.
fn activity_key(title: &str, day: NaiveDate, lead: Option<&str>) -> String {
    format!("{title}|{day}|{}", lead.unwrap_or_default())
}

/// A participation cell's combination of gender, age band, target group and nationality.
fn combination(c: &ParticipationCell) -> String {
    format!(
        "{}|{}|{}|{}",
        c.gender.code(),
        c.age_band.code(),
        c.target_group.as_deref().unwrap_or_default(),
        c.nationality.as_deref().unwrap_or_default()
    )
}

/// An activity's rows are its participation, written together: when one of them cannot be read, the
/// others are not written either (writing them would drop the unreadable row's stored cell).
fn hold_back_incomplete_activities(prepared: &mut Prepared, activity_of_row: &HashMap<u32, String>, unreadable: &HashMap<String, u32>) {
    let (held, kept): (Vec<SheetRow>, Vec<SheetRow>) = std::mem::take(&mut prepared.rows)
        .into_iter()
        .partition(|r| activity_of_row.get(&r.row).is_some_and(|a| unreadable.contains_key(a)));
    prepared.rows = kept;
    for r in held {
        let other = unreadable[&activity_of_row[&r.row]];
        let v = phakhi_store::sheet::ParticipationRow::held_back(other);
        prepared.problems.push(Problem { row: r.row, column: String::new(), message_th: v.message_th, message_en: v.message_en });
    }
    prepared.problems.sort_by_key(|p| p.row);
}

/// The natural key of a record as read (to find duplicates within the file), and the column to blame.
fn natural_key(record: &SheetRecord) -> (String, &'static str) {
    match record {
        SheetRecord::Organization(o) => (format!("{}|{}", normal(&o.name_th), o.area_code.as_deref().unwrap_or("")), "name_th"),
        SheetRecord::Activity(a) => (
            format!("{}|{}|{}", normal(&a.title_th), thai_day(a.starts_at), a.lead_organization.as_deref().map(normal).unwrap_or_default()),
            "title_th",
        ),
        SheetRecord::Programme(p) => {
            (format!("{}|{}|{}", normal(&p.title_th), p.fiscal_year.be(), normal(&p.lead_organization)), "title_th")
        }
        SheetRecord::NetworkMember(m) => (format!("{}|{}", normal(&m.network), normal(&m.organization)), "organization"),
        SheetRecord::AgreementParty(p) => (format!("{}|{}", normal(&p.agreement), normal(&p.organization)), "organization"),
        SheetRecord::Participation(p) => {
            let lead = p.lead_organization.as_deref().map(normal);
            (format!("{}|{}", activity_key(&normal(&p.activity), p.day, lead.as_deref()), combination(&p.cell)), "gender")
        }
    }
}

fn bangkok() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).expect("+07:00 is a valid offset")
}

fn thai_day(at: chrono::DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&bangkok()).date_naive()
}

/// Reads the cells of one row, keeping the problems met.
struct RowReader<'a> {
    row: &'a Row,
    columns: &'a Columns,
    problems: Vec<Problem>,
}

impl RowReader<'_> {
    fn problem(&mut self, key: &str, e: ValueError) {
        self.problems.push(Problem {
            row: self.row.number,
            column: self.columns.header(key),
            message_th: e.message_th,
            message_en: e.message_en,
        });
    }

    fn cell(&self, key: &str) -> &crate::sheet::Cell {
        self.columns.column(key).map_or(&crate::sheet::Cell::Empty, |c| self.row.cell(c))
    }

    /// Text, cleaned; `None` when blank.
    fn text(&self, key: &str) -> Option<String> {
        self.cell(key).text().map(|t| clean(&t)).filter(|t| !t.is_empty())
    }

    fn required_text(&mut self, key: &str) -> Option<String> {
        let t = self.text(key);
        if t.is_none() {
            self.problem(key, ValueError::new("ต้องกรอกช่องนี้", "This cell must be filled in"));
        }
        t
    }

    fn read<T>(&mut self, key: &str, f: impl FnOnce(&crate::sheet::Cell) -> Result<Option<T>, ValueError>) -> Option<T> {
        match f(self.cell(key)) {
            Ok(v) => v,
            Err(e) => {
                self.problem(key, e);
                None
            }
        }
    }

    /// A value that must be there: a blank cell is a problem, as is one that cannot be read.
    fn required<T>(&mut self, key: &str, f: impl FnOnce(&crate::sheet::Cell) -> Result<Option<T>, ValueError>) -> Option<T> {
        let value = f(self.cell(key)).and_then(|v| v.ok_or_else(|| ValueError::new("ต้องกรอกช่องนี้", "This cell must be filled in")));
        self.noted(key, value)
    }

    /// The value, or `None` with its problem noted against the column.
    fn noted<T>(&mut self, key: &str, value: Result<T, ValueError>) -> Option<T> {
        match value {
            Ok(v) => Some(v),
            Err(e) => {
                self.problem(key, e);
                None
            }
        }
    }

    fn vocabulary<V: Vocabulary>(&mut self, key: &str, synonyms: &[(&str, V)]) -> Option<V> {
        let text = self.text(key)?;
        match vocabulary(&text, synonyms) {
            Ok(v) => Some(v),
            Err(e) => {
                self.problem(key, e);
                None
            }
        }
    }

    /// The area the province, district, subdistrict and area-code columns give.
    fn area(&mut self, areas: &AreaIndex) -> Option<String> {
        if let Some(code) = self.text("area_code") {
            return match areas.code(&code) {
                Ok(c) => Some(c),
                Err(e) => {
                    self.problem("area_code", e);
                    None
                }
            };
        }
        let (p, d, s) = (self.text("province"), self.text("district"), self.text("subdistrict"));
        match areas.resolve(p.as_deref(), d.as_deref(), s.as_deref()) {
            Ok(code) => code,
            Err((part, e)) => {
                let key = match part {
                    AreaPart::Province => "province",
                    AreaPart::District => "district",
                    AreaPart::Subdistrict => "subdistrict",
                };
                self.problem(key, e);
                None
            }
        }
    }

    /// A list written in one cell, separated by new lines, semicolons or commas.
    fn list(&self, key: &str) -> Vec<String> {
        self.cell(key).text().map(|t| t.split(['\n', ';', ',']).map(clean).filter(|s| !s.is_empty()).collect()).unwrap_or_default()
    }
}

/// A vocabulary value from its code, its Thai or English label (or a part of a label written with
/// "/"), or a common synonym.
fn vocabulary<V: Vocabulary>(text: &str, synonyms: &[(&str, V)]) -> Result<V, ValueError> {
    let n = normal(text);
    for v in V::ALL {
        let mut names = vec![v.code().to_owned(), v.label_en().to_owned(), v.label_th().to_owned()];
        names.extend(v.label_th().split('/').map(str::to_owned));
        names.extend(v.label_th().split(" (").next().map(str::to_owned));
        if names.iter().any(|name| normal(name) == n) {
            return Ok(*v);
        }
    }
    if let Some((_, v)) = synonyms.iter().find(|(s, _)| normal(s) == n) {
        return Ok(*v);
    }
    let th: Vec<&str> = V::ALL.iter().map(|v| v.label_th()).collect();
    let en: Vec<&str> = V::ALL.iter().map(|v| v.label_en()).collect();
    Err(ValueError::new(format!("ไม่รู้จัก “{text}” (ใช้: {})", th.join(", ")), format!("Unknown value “{text}” (use: {})", en.join(", "))))
}

const SECTOR_SYNONYMS: [(&str, Sector); 16] = [
    ("ส่วนราชการ", Sector::CentralGovernment),
    ("ส่วนกลาง", Sector::CentralGovernment),
    ("ภาครัฐ", Sector::CentralGovernment),
    ("ส่วนภูมิภาค", Sector::ProvincialOffice),
    ("อปท", Sector::LocalGovernment),
    ("ท้องถิ่น", Sector::LocalGovernment),
    ("เทศบาล", Sector::LocalGovernment),
    ("รัฐวิสาหกิจ", Sector::StateEnterprise),
    ("องค์การมหาชน", Sector::StateEnterprise),
    ("มหาวิทยาลัย", Sector::Academic),
    ("การศึกษา", Sector::Academic),
    ("เอกชน", Sector::PrivateCompany),
    ("บริษัท", Sector::PrivateCompany),
    ("ประชาสังคม", Sector::CivilSociety),
    ("มูลนิธิ", Sector::CivilSociety),
    ("ชุมชน", Sector::CommunityGroup),
];

const STATUS_SYNONYMS: [(&str, OrganizationStatus); 4] = [
    ("ดำเนินการ", OrganizationStatus::Active),
    ("ปกติ", OrganizationStatus::Active),
    ("ยุบเลิก", OrganizationStatus::Dissolved),
    ("ยกเลิก", OrganizationStatus::Inactive),
];

const KIND_SYNONYMS: [(&str, ActivityKind); 10] = [
    ("ฝึกอบรม", ActivityKind::Training),
    ("การอบรม", ActivityKind::Training),
    ("เสวนา", ActivityKind::Forum),
    ("สัมมนา", ActivityKind::Forum),
    ("workshop", ActivityKind::Workshop),
    ("การประชุม", ActivityKind::Meeting),
    ("ประชุมวิชาการ", ActivityKind::Conference),
    ("ประชุมนานาชาติ", ActivityKind::Conference),
    ("ลงนาม", ActivityKind::SigningCeremony),
    ("อาสา", ActivityKind::Volunteering),
];

const MODE_SYNONYMS: [(&str, AttendanceMode); 7] = [
    ("ออนไซต์", AttendanceMode::Onsite),
    ("on-site", AttendanceMode::Onsite),
    ("ณ สถานที่", AttendanceMode::Onsite),
    ("zoom", AttendanceMode::Online),
    ("ทางไกล", AttendanceMode::Online),
    ("ไฮบริด", AttendanceMode::Hybrid),
    ("ผสมผสาน", AttendanceMode::Hybrid),
];

fn organization(r: &mut RowReader<'_>, areas: &AreaIndex) -> Option<OrganizationRow> {
    let name_th = r.required_text("name_th");
    let sector = r.vocabulary("sector", &SECTOR_SYNONYMS);
    let status = r.vocabulary("status", &STATUS_SYNONYMS);
    let area_code = r.area(areas);
    let row = OrganizationRow {
        name_th: name_th?,
        name_en: r.text("name_en"),
        abbreviation: r.text("abbreviation"),
        sector,
        parent: r.text("parent"),
        area_code,
        website: r.text("website"),
        status,
        description_th: r.text("description_th"),
        description_en: r.text("description_en"),
    };
    Some(row)
}

/// The code of a target group named in a sheet; an unknown name is kept as written, and the store
/// reports it if no such group exists.
fn target_group(name: &str, groups: &[TargetGroup]) -> String {
    let n = normal(name);
    groups
        .iter()
        .find(|g| {
            [&g.code, &g.name_th, &g.name_en].iter().any(|x| normal(x) == n) || g.name_th.split(" (").next().is_some_and(|x| normal(x) == n)
        })
        .map_or_else(|| name.to_owned(), |g| g.code.clone())
}

fn activity(r: &mut RowReader<'_>, areas: &AreaIndex, groups: &[TargetGroup]) -> Option<ActivityRow> {
    let title_th = r.required_text("title_th");
    let kind = r.vocabulary("kind", &KIND_SYNONYMS);
    let mode = r.vocabulary("mode", &MODE_SYNONYMS);
    let date = r.read("date", values::cell_date);
    if date.is_none() && r.problems.iter().all(|p| p.column != r.columns.header("date")) {
        r.problem("date", ValueError::new("ต้องกรอกวันที่", "The date must be filled in"));
    }
    // A date cell holding a time of day too gives the start time when no time column does.
    let time = r.read("time", values::cell_time).or_else(|| match r.cell("date") {
        crate::sheet::Cell::Date(serial) if serial.fract() > 0.0 => {
            values::cell_time(&crate::sheet::Cell::Date(serial.fract())).ok().flatten()
        }
        _ => None,
    });
    let end_date = r.read("end_date", values::cell_date);
    let end_time = r.read("end_time", values::cell_time);
    let hours = r.read("hours", values::cell_number);
    let volunteer_hours = r.read("volunteer_hours", values::cell_number);
    let area_code = r.area(areas);
    let target_groups: Vec<String> = r.list("target_groups").iter().map(|g| target_group(g, groups)).collect();
    let participation = participation(r, &target_groups);

    let at = |d: NaiveDate, t: NaiveTime| bangkok().from_local_datetime(&d.and_time(t)).single().map(|x| x.with_timezone(&Utc));
    // An activity without a time is taken to start at 09:00, the start of a Thai working day.
    let start_time = time.unwrap_or(NaiveTime::from_hms_opt(9, 0, 0).expect("09:00"));
    let starts_at = date.and_then(|d| at(d, start_time));
    let ends_at = match (end_date, end_time) {
        (None, None) => None,
        (d, t) => date.and_then(|start| at(d.unwrap_or(start), t.unwrap_or(start_time))),
    };
    Some(ActivityRow {
        kind,
        title_th: title_th?,
        title_en: r.text("title_en"),
        description_th: r.text("description_th"),
        starts_at: starts_at?,
        ends_at,
        venue_th: r.text("venue"),
        area_code,
        hours,
        mode,
        lead_organization: r.text("lead"),
        partner_organizations: r.list("partners"),
        programme: r.text("programme"),
        target_groups,
        participation,
        volunteer_hours,
    })
}

/// Participation from the gender columns and the total: one cell per gender counted (of the row's
/// target group when it names exactly one); what the total counts beyond the genders is "not stated".
/// `None` when the row counts no one (what is stored is kept).
fn participation(r: &mut RowReader<'_>, target_groups: &[String]) -> Option<Vec<ParticipationCell>> {
    let total = r.read("count_total", values::count);
    let genders = [
        ("count_female", Gender::Female),
        ("count_male", Gender::Male),
        ("count_diverse", Gender::GenderDiverse),
        ("count_not_stated", Gender::NotStated),
    ];
    let counts: Vec<(Gender, Option<u32>)> = genders.iter().map(|(key, g)| (*g, r.read(key, values::count))).collect();
    let given: Vec<(Gender, u32)> = counts.iter().filter_map(|(g, c)| c.map(|c| (*g, c))).collect();
    if total.is_none() && given.is_empty() {
        return None;
    }
    let sum: u64 = given.iter().map(|(_, c)| u64::from(*c)).sum();
    let mut cells: Vec<(Gender, u32)> = given.into_iter().filter(|(_, c)| *c > 0).collect();
    if let Some(total) = total {
        if sum > u64::from(total) {
            r.problem(
                "count_total",
                ValueError::new(
                    format!("จำนวนรวม ({total}) น้อยกว่าผลรวมตามเพศ ({sum})"),
                    format!("The total ({total}) is less than the sum of the gender columns ({sum})"),
                ),
            );
            return None;
        }
        let rest = total - sum as u32;
        if rest > 0 {
            match cells.iter_mut().find(|(g, _)| *g == Gender::NotStated) {
                Some((_, c)) => *c += rest,
                None => cells.push((Gender::NotStated, rest)),
            }
        }
    }
    let group = match target_groups {
        [one] => Some(one.clone()),
        _ => None,
    };
    Some(
        cells
            .into_iter()
            .map(|(gender, count)| ParticipationCell {
                gender,
                age_band: AgeBand::NotStated,
                target_group: group.clone(),
                nationality: None,
                count,
            })
            .collect(),
    )
}

const GENDER_SYNONYMS: [(&str, Gender); 14] = [
    ("ผู้หญิง", Gender::Female),
    ("เพศหญิง", Gender::Female),
    ("ญ", Gender::Female),
    ("women", Gender::Female),
    ("ผู้ชาย", Gender::Male),
    ("เพศชาย", Gender::Male),
    ("ช", Gender::Male),
    ("men", Gender::Male),
    ("หลากหลายทางเพศ", Gender::GenderDiverse),
    ("ผู้มีความหลากหลายทางเพศ", Gender::GenderDiverse),
    ("เพศทางเลือก", Gender::GenderDiverse),
    ("lgbtq+", Gender::GenderDiverse),
    ("lgbtqi+", Gender::GenderDiverse),
    ("ไม่ระบุเพศ", Gender::NotStated),
];

const AGE_BAND_SYNONYMS: [(&str, AgeBand); 10] = [
    ("0-14 ปี", AgeBand::Under15),
    ("ต่ำกว่า 15", AgeBand::Under15),
    ("เด็ก", AgeBand::Under15),
    ("15-24 ปี", AgeBand::Youth),
    ("25-59 ปี", AgeBand::Adult),
    ("วัยทำงาน", AgeBand::Adult),
    ("60 ขึ้นไป", AgeBand::Older),
    ("60 ปี ขึ้นไป", AgeBand::Older),
    ("ผู้สูงอายุ", AgeBand::Older),
    ("ไม่ระบุอายุ", AgeBand::NotStated),
];

/// Nationalities as Thai attendance sheets write them, by ISO 3166-1 code: Thailand and the
/// neighbouring countries most workers and students come from. Any other country is written as its code.
const NATIONALITY_NAMES: [(&str, &str); 14] = [
    ("ไทย", "TH"),
    ("thai", "TH"),
    ("เมียนมา", "MM"),
    ("พม่า", "MM"),
    ("myanmar", "MM"),
    ("ลาว", "LA"),
    ("lao", "LA"),
    ("กัมพูชา", "KH"),
    ("เขมร", "KH"),
    ("cambodian", "KH"),
    ("เวียดนาม", "VN"),
    ("มาเลเซีย", "MY"),
    ("จีน", "CN"),
    ("ญี่ปุ่น", "JP"),
];

/// Reads participation rows. A national file has a million of them naming a hundred thousand
/// activities and a handful of genders, age bands and groups, so each distinct text is cleaned,
/// normalised and looked up once.
struct CellReader<'a> {
    groups: &'a [TargetGroup],
    /// A name as written → as cleaned, and as [`normal`] gives it for matching.
    names: HashMap<String, (String, String)>,
    genders: HashMap<String, Result<Gender, ValueError>>,
    ages: HashMap<String, Result<AgeBand, ValueError>>,
    group_codes: HashMap<String, String>,
}

impl<'a> CellReader<'a> {
    fn new(groups: &'a [TargetGroup]) -> Self {
        Self { groups, names: HashMap::new(), genders: HashMap::new(), ages: HashMap::new(), group_codes: HashMap::new() }
    }

    /// The row, and the key of the activity it names when that much can be read (so that the other
    /// rows of an activity with an unreadable row can be held back).
    fn row(&mut self, r: &mut RowReader<'_>) -> (Option<ParticipationRow>, Option<String>) {
        let title = self.name(r, "activity");
        if title.is_none() {
            r.problem("activity", ValueError::new("ต้องกรอกช่องนี้", "This cell must be filled in"));
        }
        let day = r.required("date", values::cell_date);
        let lead = self.name(r, "lead");
        let activity = match (&title, day) {
            (Some((_, title)), Some(day)) => Some(activity_key(title, day, lead.as_ref().map(|(_, l)| l.as_str()))),
            _ => None,
        };
        let gender = match r.text("gender") {
            None => Some(Gender::NotStated),
            Some(t) => r.noted("gender", self.genders.entry(t).or_insert_with_key(|t| vocabulary(t, &GENDER_SYNONYMS)).clone()),
        };
        let age_band = match r.text("age_band") {
            None => Some(AgeBand::NotStated),
            Some(t) => r.noted("age_band", self.ages.entry(t).or_insert_with_key(|t| vocabulary(t, &AGE_BAND_SYNONYMS)).clone()),
        };
        let groups = self.groups;
        let target_group =
            r.text("target_group").map(|t| self.group_codes.entry(t).or_insert_with_key(|t| target_group(t, groups)).clone());
        let count = r.required("count", values::count);
        let row = (|| {
            Some(ParticipationRow {
                activity: title?.0,
                day: day?,
                lead_organization: lead.map(|(l, _)| l),
                cell: ParticipationCell {
                    gender: gender?,
                    age_band: age_band?,
                    target_group,
                    nationality: r.text("nationality").map(|n| nationality(&n)),
                    count: count?,
                },
            })
        })();
        (row, activity)
    }

    /// A name's cell cleaned, and normalised for matching; `None` when blank.
    fn name(&mut self, r: &RowReader<'_>, key: &str) -> Option<(String, String)> {
        let raw = r.cell(key).text()?;
        let (cleaned, normalised) = self.names.entry(raw).or_insert_with_key(|raw| {
            let cleaned = clean(raw);
            let normalised = normal(&cleaned);
            (cleaned, normalised)
        });
        (!cleaned.is_empty()).then(|| (cleaned.clone(), normalised.clone()))
    }
}

/// A nationality's ISO 3166-1 code from its Thai or English name or its code in any case; other text
/// is kept as written, for the store to refuse with the rule.
fn nationality(text: &str) -> String {
    let n = normal(text);
    NATIONALITY_NAMES.iter().find(|(name, _)| normal(name) == n).map_or_else(|| text.trim().to_uppercase(), |(_, code)| (*code).to_owned())
}

const PROGRAMME_STATUS_SYNONYMS: [(&str, ProgrammeStatus); 5] = [
    ("ดำเนินการ", ProgrammeStatus::Active),
    ("อยู่ระหว่างดำเนินการ", ProgrammeStatus::Active),
    ("แผน", ProgrammeStatus::Planned),
    ("เสร็จ", ProgrammeStatus::Completed),
    ("ดำเนินการแล้วเสร็จ", ProgrammeStatus::Completed),
];

const MEMBER_ROLE_SYNONYMS: [(&str, MemberRole); 4] = [
    ("เลขานุการ", MemberRole::Secretariat),
    ("เลขา", MemberRole::Secretariat),
    ("กรรมการ", MemberRole::Member),
    ("secretary", MemberRole::Secretariat),
];

const PARTY_ROLE_SYNONYMS: [(&str, PartyRole); 3] =
    [("ลงนาม", PartyRole::Signatory), ("ผู้ประสาน", PartyRole::Coordinator), ("ประสานงาน", PartyRole::Coordinator)];

/// A Thai fiscal year: `2567`, `๒๕๖๗`, `ปีงบประมาณ พ.ศ. 2567`; a Gregorian `2024` is the fiscal year
/// that ends in 2024 (2567).
pub fn fiscal_year(cell: &crate::sheet::Cell) -> Result<Option<FiscalYear>, ValueError> {
    let Some(text) = cell.text() else { return Ok(None) };
    let digits: String = clean(&text).chars().filter(char::is_ascii_digit).collect();
    let year = digits.parse::<i32>().ok().map(|y| if y < 2400 { y + 543 } else { y });
    year.and_then(|y| FiscalYear::from_be(y).ok())
        .map(Some)
        .ok_or_else(|| ValueError::new(format!("“{text}” ไม่ใช่ปีงบประมาณ (เช่น 2567)"), format!("“{text}” is not a fiscal year (e.g. 2567)")))
}

fn programme(r: &mut RowReader<'_>, areas: &AreaIndex, groups: &[TargetGroup]) -> Option<ProgrammeRow> {
    let title_th = r.required_text("title_th");
    let lead = r.required_text("lead");
    let fy = r.read("fiscal_year", fiscal_year);
    if fy.is_none() && r.problems.iter().all(|p| p.column != r.columns.header("fiscal_year")) {
        r.problem("fiscal_year", ValueError::new("ต้องกรอกปีงบประมาณ", "The fiscal year must be filled in"));
    }
    let budget = r.read("budget", values::cell_number);
    let budget_baht = match budget {
        Some(b) => match Baht::from_baht_f64(b) {
            Some(b) => Some(b),
            None => {
                r.problem(
                    "budget",
                    ValueError::new(
                        format!("งบประมาณ {b} ไม่ถูกต้อง (ไม่ติดลบ ทศนิยมไม่เกินสองตำแหน่ง)"),
                        format!("The budget {b} is not valid (from 0, at most two decimals)"),
                    ),
                );
                None
            }
        },
        None => None,
    };
    let status = r.vocabulary("status", &PROGRAMME_STATUS_SYNONYMS);
    let starts_on = r.read("start_date", values::cell_date);
    let ends_on = r.read("end_date", values::cell_date);
    let area_code = r.area(areas);
    Some(ProgrammeRow {
        title_th: title_th?,
        title_en: r.text("title_en"),
        description_th: r.text("description_th"),
        fiscal_year: fy?,
        budget_baht,
        budget_source: r.text("budget_source"),
        lead_organization: lead?,
        partner_organizations: r.list("partners"),
        target_groups: r.list("target_groups").iter().map(|g| target_group(g, groups)).collect(),
        area_code,
        starts_on,
        ends_on,
        status,
    })
}

fn network_member(r: &mut RowReader<'_>) -> Option<NetworkMemberRow> {
    let network = r.required_text("network");
    let organization = r.required_text("organization");
    let role = r.vocabulary("role", &MEMBER_ROLE_SYNONYMS);
    let joined_on = r.read("joined_on", values::cell_date);
    Some(NetworkMemberRow { network: network?, organization: organization?, role, represented_by: r.text("represented_by"), joined_on })
}

fn agreement_party(r: &mut RowReader<'_>) -> Option<AgreementPartyRow> {
    let agreement = r.required_text("agreement");
    let organization = r.required_text("organization");
    let role = r.vocabulary("role", &PARTY_ROLE_SYNONYMS);
    Some(AgreementPartyRow { agreement: agreement?, organization: organization?, role, signed_by: r.text("signed_by") })
}

/// What became of one row.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub row: u32,
    pub action: RowAction,
    /// The record the row created, updated or matched (for members and parties: the network or
    /// agreement).
    pub id: Option<uuid::Uuid>,
    pub problems: Vec<Problem>,
}

/// What became of a sheet: a line per row (in row order), and whether anything was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub kind: Kind,
    pub source: String,
    pub header_row: u32,
    pub unknown_columns: Vec<String>,
    pub repeated_columns: Vec<String>,
    pub lines: Vec<Line>,
    pub mode: SheetMode,
    pub written: bool,
}

impl Report {
    pub fn count(&self, action: RowAction) -> usize {
        self.lines.iter().filter(|l| l.action == action).count()
    }

    /// Every problem, in row order.
    pub fn problems(&self) -> impl Iterator<Item = &Problem> {
        self.lines.iter().flat_map(|l| l.problems.iter())
    }

    /// The report as the CLI prints it, in Thai and English.
    pub fn render(&self) -> String {
        let mut out = format!("{} — {} — แถวหัวตาราง / header row {}\n", self.kind.name(), self.source, self.header_row);
        if !self.unknown_columns.is_empty() {
            out += &format!("คอลัมน์ที่ไม่รู้จัก (ไม่นำเข้า) / unknown columns (ignored): {}\n", self.unknown_columns.join(", "));
        }
        if !self.repeated_columns.is_empty() {
            out += &format!("คอลัมน์ซ้ำ (ใช้คอลัมน์แรก) / repeated columns (the first is used): {}\n", self.repeated_columns.join(", "));
        }
        // A million-row file is reported by its problems and the summary: a line per row would bury them.
        let every_row = self.lines.len() <= LISTED_ROWS;
        if !every_row {
            out += &format!(
                "แสดงเฉพาะแถวที่มีปัญหา (ทั้งหมด {} แถว) / only rows with problems are listed ({} rows in all)\n",
                self.lines.len(),
                self.lines.len()
            );
        }
        for line in self.lines.iter().filter(|l| every_row || !l.problems.is_empty()) {
            let (th, en) = action_words(line.action);
            out += &format!("แถว/row {}: {th} / {en}\n", line.row);
            for p in &line.problems {
                let column = if p.column.is_empty() { String::new() } else { format!("[{}] ", p.column) };
                out += &format!("    {column}{} / {}\n", p.message_th, p.message_en);
            }
        }
        let (c, u, n, e) =
            (self.count(RowAction::Create), self.count(RowAction::Update), self.count(RowAction::Unchanged), self.count(RowAction::Error));
        out += &format!(
            "สรุป: เพิ่มใหม่ {c} · ปรับปรุง {u} · ไม่เปลี่ยนแปลง {n} · ผิดพลาด {e} / summary: {c} create, {u} update, {n} unchanged, {e} error\n"
        );
        out += match (self.mode, self.written) {
            (SheetMode::DryRun, _) => "ทดลองเท่านั้น ยังไม่ได้บันทึก / dry run: nothing written\n",
            (_, true) => "บันทึกแล้ว / written\n",
            (SheetMode::AllOrNothing, false) if e > 0 => {
                "ไม่ได้บันทึก เพราะมีแถวผิดพลาด (แก้ไข หรือใช้ --valid-rows-only) / nothing written: some rows have errors (fix them, or use --valid-rows-only)\n"
            }
            (_, false) => "ไม่มีอะไรต้องบันทึก / nothing to write\n",
        };
        out
    }
}

/// Up to this many rows, the report lists every row; above it, only the rows with problems.
const LISTED_ROWS: usize = 1_000;

fn action_words(action: RowAction) -> (&'static str, &'static str) {
    match action {
        RowAction::Create => ("เพิ่มใหม่", "create"),
        RowAction::Update => ("ปรับปรุง", "update"),
        RowAction::Unchanged => ("ไม่เปลี่ยนแปลง", "unchanged"),
        RowAction::Error => ("ผิดพลาด", "error"),
    }
}

/// The sheet column a store problem is about (its field is a JSON Pointer into the row's record).
fn column_of(kind: Kind, columns: &Columns, field: &str) -> String {
    let first = field.trim_start_matches('/').split('/').next().unwrap_or("");
    let key = match (kind, first) {
        (_, "") => kind.required()[0],
        (_, "area_code") => {
            ["subdistrict", "district", "province", "area_code"].into_iter().find(|k| columns.column(k).is_some()).unwrap_or("area_code")
        }
        (_, "lead_organization" | "lead_organization_id") => "lead",
        (_, "partner_organizations" | "partner_organization_ids") => "partners",
        (_, "members" | "parties") => "organization",
        (Kind::Programmes, "budget_baht") => "budget",
        (Kind::Programmes, "starts_on") => "start_date",
        (Kind::Programmes, "ends_on") => "end_date",
        (Kind::Activities, "programme" | "programme_id") => "programme",
        (Kind::Activities, "starts_at") => "date",
        (Kind::Activities, "ends_at") => "end_date",
        (Kind::Activities, "venue_th") => "venue",
        (Kind::Activities, "participation") => "count_total",
        (Kind::Participation, "count") => "count",
        (_, other) => other,
    };
    columns.header(key)
}

/// Hands the rows to the store and reports every row. A sheet with rows that could not be read is
/// never written in `AllOrNothing` mode: the store then only checks the others (a dry run).
pub async fn run(store: &dyn Store, prepared: &Prepared, mode: SheetMode) -> StoreResult<Report> {
    let store_mode = match mode {
        SheetMode::AllOrNothing if !prepared.problems.is_empty() => SheetMode::DryRun,
        m => m,
    };
    let applied: SheetReport = store.apply_sheet(&prepared.rows, store_mode).await?;
    let mut lines: Vec<Line> = applied
        .rows
        .into_iter()
        .map(|o| Line {
            row: o.row,
            action: o.action,
            id: o.id,
            problems: o
                .problems
                .into_iter()
                .map(|v| Problem {
                    row: o.row,
                    column: column_of(prepared.kind, &prepared.columns, &v.field),
                    message_th: v.message_th,
                    message_en: v.message_en,
                })
                .collect(),
        })
        .collect();
    // A row's problems are together, in row order: each starts a line or joins the one before.
    let mut refused: Vec<Line> = Vec::new();
    for p in &prepared.problems {
        match refused.last_mut().filter(|l| l.row == p.row) {
            Some(l) => l.problems.push(p.clone()),
            None => refused.push(Line { row: p.row, action: RowAction::Error, id: None, problems: vec![p.clone()] }),
        }
    }
    lines.extend(refused);
    lines.sort_by_key(|l| l.row);
    Ok(Report {
        kind: prepared.kind,
        source: prepared.source.clone(),
        header_row: prepared.columns.header_row,
        unknown_columns: prepared.columns.unknown.clone(),
        repeated_columns: prepared.columns.repeated.clone(),
        lines,
        mode,
        written: applied.written,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sheet::Cell;

    fn sheet(lines: &[&[&str]]) -> Sheet {
        let rows = lines
            .iter()
            .enumerate()
            .map(|(i, cells)| Row {
                number: i as u32 + 1,
                cells: cells.iter().map(|c| if c.is_empty() { Cell::Empty } else { Cell::Text((*c).into()) }).collect(),
            })
            .collect();
        Sheet { rows, source: "test".into() }
    }

    fn groups() -> Vec<TargetGroup> {
        phakhi_reference::reference_set().unwrap().target_groups
    }

    #[test]
    fn fiscal_years_in_buddhist_era_or_gregorian() {
        let fy = |t: &str| fiscal_year(&Cell::Text(t.into())).unwrap().map(FiscalYear::be);
        assert_eq!(fy("๒๕๖๗"), Some(2567));
        assert_eq!(fy("ปีงบประมาณ พ.ศ. 2567"), Some(2567));
        assert_eq!(fy("2024"), Some(2567));
        assert!(fiscal_year(&Cell::Text("ปีหน้า".into())).is_err());
    }

    #[test]
    fn vocabulary_values_by_label_part_or_synonym() {
        assert_eq!(vocabulary::<Sector>("มูลนิธิ/องค์กรพัฒนาเอกชน/ภาคประชาสังคม", &SECTOR_SYNONYMS).unwrap(), Sector::CivilSociety);
        assert_eq!(vocabulary::<Sector>("องค์กรพัฒนาเอกชน", &SECTOR_SYNONYMS).unwrap(), Sector::CivilSociety);
        assert_eq!(vocabulary::<Sector>("อปท.", &SECTOR_SYNONYMS).unwrap(), Sector::LocalGovernment);
        assert_eq!(vocabulary::<Sector>("Academic institution", &SECTOR_SYNONYMS).unwrap(), Sector::Academic);
        assert_eq!(vocabulary::<ActivityKind>("ฝึกอบรม", &KIND_SYNONYMS).unwrap(), ActivityKind::Training);
        assert_eq!(vocabulary::<AttendanceMode>("Online", &MODE_SYNONYMS).unwrap(), AttendanceMode::Online);
        let e = vocabulary::<Sector>("อื่น ๆ", &SECTOR_SYNONYMS).unwrap_err();
        assert!(e.message_th.contains("สถาบันการศึกษา"), "{}", e.message_th);
    }

    #[test]
    fn participation_from_gender_columns_and_total() {
        let s = sheet(&[
            &["ชื่อกิจกรรม", "ประเภท", "วันที่", "ชาย", "หญิง", "LGBTQ+", "รวม", "กลุ่มเป้าหมาย"],
            &["อบรม ก", "อบรม", "1/3/2567", "10", "12", "-", "30", "สตรี"],
            &["อบรม ข", "อบรม", "2/3/2567", "", "", "", "๔๐", ""],
            &["อบรม ค", "อบรม", "3/3/2567", "50", "", "", "40", ""],
            &["อบรม ง", "อบรม", "4/3/2567", "", "", "", "", ""],
        ]);
        let p = prepare(Kind::Activities, &s, &AreaIndex::reference().unwrap(), &groups()).unwrap();
        let cells = |i: usize| match &p.rows[i].record {
            SheetRecord::Activity(a) => a.participation.clone(),
            other => panic!("{other:?}"),
        };
        let a = cells(0).unwrap();
        assert_eq!(
            a.iter().map(|c| (c.gender, c.count)).collect::<Vec<_>>(),
            vec![(Gender::Female, 12), (Gender::Male, 10), (Gender::NotStated, 8)]
        );
        assert!(a.iter().all(|c| c.target_group.as_deref() == Some("women")));
        assert_eq!(cells(1).unwrap().iter().map(|c| (c.gender, c.count)).collect::<Vec<_>>(), vec![(Gender::NotStated, 40)]);
        // Row 4's total is smaller than its parts.
        assert_eq!(p.problems.len(), 1);
        assert_eq!((p.problems[0].row, p.problems[0].column.as_str()), (4, "รวม"));
        // Row 5 counts no one: what is stored is kept.
        assert_eq!(p.rows.iter().map(|r| r.row).collect::<Vec<_>>(), vec![2, 3, 5]);
        assert_eq!(cells(2), None);
    }

    #[test]
    fn an_excel_date_with_a_time_gives_the_start_time() {
        let mut s = sheet(&[&["ชื่อกิจกรรม", "ประเภท", "วันที่"], &["อบรม", "อบรม", ""]]);
        s.rows[1].cells[2] = Cell::Date(45306.4375); // 15 Jan 2024, 10:30
        let p = prepare(Kind::Activities, &s, &AreaIndex::reference().unwrap(), &groups()).unwrap();
        let SheetRecord::Activity(a) = &p.rows[0].record else { panic!("an activity") };
        assert_eq!(a.starts_at.to_rfc3339(), "2024-01-15T03:30:00+00:00");
    }

    #[test]
    fn a_chosen_mapping_supplies_a_column_the_headers_lack() {
        let s = sheet(&[&["ชื่อกิจกรรม", "ประเภท", "จัดเมื่อ"], &["อบรม", "อบรม", "15/1/2567"]]);
        let (areas, groups) = (AreaIndex::reference().unwrap(), groups());
        assert!(matches!(prepare(Kind::Activities, &s, &areas, &groups), Err(PrepareError::MissingColumn { column: "date", .. })));
        let mapping: Mapping = "C=date".parse().unwrap();
        let p = prepare_with(Kind::Activities, &s, &mapping, &areas, &groups).unwrap();
        let SheetRecord::Activity(a) = &p.rows[0].record else { panic!("an activity") };
        assert_eq!(a.starts_at.to_rfc3339(), "2024-01-15T02:00:00+00:00");
        let wrong: Mapping = "C=fiscal_year".parse().unwrap();
        assert!(matches!(prepare_with(Kind::Activities, &s, &wrong, &areas, &groups), Err(PrepareError::Mapping(_))));
    }

    #[test]
    fn every_template_header_is_read_back_as_its_field() {
        for kind in Kind::ALL {
            for english in [false, true] {
                let headers = kind.template_headers(english);
                let cells: Vec<&str> = headers.iter().map(String::as_str).collect();
                let s = sheet(&[&cells]);
                let c = headers::find(&s, kind.fields()).expect("the template's headers are found");
                let read: Vec<Option<&str>> = c.all.iter().map(|x| x.field).collect();
                let expected: Vec<Option<&str>> = kind.fields().iter().map(|f| Some(f.key)).collect();
                assert_eq!(read, expected, "{} ({})", kind.name(), if english { "en" } else { "th" });
            }
        }
    }

    #[test]
    fn a_missing_required_column_is_named() {
        let s = sheet(&[&["ชื่อกิจกรรม", "ประเภท"], &["อบรม", "อบรม"]]);
        match prepare(Kind::Activities, &s, &AreaIndex::reference().unwrap(), &groups()) {
            Err(PrepareError::MissingColumn { column: "date", row: 1, .. }) => {}
            other => panic!("{other:?}"),
        }
    }
}
