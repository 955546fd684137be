//! `phakhi export --format ckan`: one CKAN dataset (package) document per dataset phakhi publishes —
//! the JSON dump, the Open SDG indicator files and the IATI activity file — for a data catalogue such
//! as data.go.th to harvest or an operator to load with CKAN's `package_create`.
//!
//! The package has CKAN's core fields (`name`, `title`, `notes`, `license_id`, `organization`,
//! `tags`, `resources`, `extras`) and, at the top level as data.go.th's catalogue schema keeps them,
//! the fields Thai government catalogues ask for (`objective`, `update_frequency_unit`,
//! `geo_coverage`, `data_language`, `data_classification` …), with their Thai values. English
//! versions of the title, description and objective are in `extras`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use phakhi_domain::FiscalYear;
use phakhi_store::Dump;
use serde::Serialize;

use crate::areas::AreaIndex;

/// The licence every dataset is published under (CKAN's id for Creative Commons Attribution).
pub const LICENSE_ID: &str = "cc-by";

/// Why the documents could not be written.
#[derive(Debug, thiserror::Error)]
pub enum CkanError {
    #[error("writing {path}: {source}")]
    Write { path: PathBuf, source: std::io::Error },
    #[error("{0}")]
    Reference(#[from] phakhi_reference::ReferenceError),
}

/// Where the datasets are published and when they were made.
#[derive(Debug, Clone)]
pub struct Catalogue {
    /// Prefix of the resources' URLs (`https://data.example.go.th/phakhi/`); relative file names
    /// when absent.
    pub base_url: Option<String>,
    pub generated_at: DateTime<Utc>,
    /// The Open SDG data files (`indicator_….csv`), one resource each.
    pub open_sdg_files: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Organization {
    pub name: String,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tag {
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Resource {
    pub name: String,
    pub url: String,
    pub format: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Extra {
    pub key: String,
    pub value: String,
}

/// A CKAN package with the fields of data.go.th's catalogue.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Package {
    pub name: String,
    pub title: String,
    pub notes: String,
    pub license_id: String,
    pub organization: Organization,
    pub tags: Vec<Tag>,
    pub resources: Vec<Resource>,
    pub extras: Vec<Extra>,
    /// วัตถุประสงค์.
    pub objective: String,
    /// ความถี่ในการปรับปรุงข้อมูล: unit (ปี, เดือน …) and how many of them.
    pub update_frequency_unit: String,
    pub update_frequency_interval: String,
    /// ขอบเขตเชิงภูมิศาสตร์: ประเทศ, จังหวัด … or อื่นๆ with `geo_coverage_other`.
    pub geo_coverage: String,
    pub geo_coverage_other: String,
    pub data_language: Vec<String>,
    pub data_format: Vec<String>,
    /// หมวดหมู่ข้อมูลตามธรรมาภิบาลข้อมูลภาครัฐ: ข้อมูลสาธารณะ.
    pub data_category: String,
    /// ระดับชั้นข้อมูล: เปิดเผย.
    pub data_classification: String,
    /// ประเภทข้อมูล: ข้อมูลสถิติ, ข้อมูลระเบียน ….
    pub data_type: String,
    pub data_source: String,
    /// Buddhist Era years, as Thai catalogues give them.
    pub first_year_of_data: String,
    pub last_year_of_data: String,
    pub disaggregate: Vec<String>,
    pub accessible_condition: String,
    pub created_date: String,
    pub last_updated_date: String,
}

/// What differs between the datasets.
struct Dataset<'a> {
    name: &'static str,
    title: (&'static str, &'static str),
    notes: (&'static str, &'static str),
    objective: (&'static str, &'static str),
    data_type: &'static str,
    standard: &'static str,
    format: &'static str,
    disaggregate: &'a [&'static str],
    resources: Vec<(String, String)>,
}

fn resource_url(catalogue: &Catalogue, file: &str) -> String {
    match &catalogue.base_url {
        Some(base) => format!("{}/{file}", base.trim_end_matches('/')),
        None => file.to_owned(),
    }
}

/// The fiscal years the records span (programmes, activities, indicator values), Buddhist Era.
fn years(dump: &Dump) -> Option<(i32, i32)> {
    let programmes = dump.programmes.iter().map(|p| p.input.fiscal_year.be());
    let activities = dump.activities.iter().map(|a| FiscalYear::containing(a.input.starts_at.date_naive()).be());
    let values = dump.indicator_values.iter().map(|v| v.input.fiscal_year.be());
    let all: Vec<i32> = programmes.chain(activities).chain(values).collect();
    Some((*all.iter().min()?, *all.iter().max()?))
}

/// The provinces the programmes, activities and plans are in, by their DOPA codes.
fn provinces(dump: &Dump) -> BTreeSet<String> {
    let codes = dump
        .programmes
        .iter()
        .filter_map(|p| p.input.area_code.as_deref())
        .chain(dump.activities.iter().filter_map(|a| a.input.area_code.as_deref()))
        .chain(dump.plans.iter().filter_map(|p| p.input.area_code.as_deref()));
    codes.filter_map(|c| c.get(..2)).map(str::to_owned).collect()
}

/// data.go.th's coverage: one province, several (named), or none recorded.
fn geo_coverage(dump: &Dump, areas: &AreaIndex) -> (String, String) {
    let names: Vec<String> = provinces(dump).iter().map(|c| areas.get(c).map_or_else(|| c.clone(), |a| a.name_th.clone())).collect();
    match names.len() {
        0 => ("ไม่มี".into(), String::new()),
        1 => ("จังหวัด".into(), names[0].clone()),
        _ => ("อื่นๆ".into(), format!("หลายจังหวัด: {}", names.join(", "))),
    }
}

/// "SDG 4" for every SDG goal any record is aligned to.
fn sdg_tags(dump: &Dump) -> BTreeSet<u32> {
    dump.alignments
        .iter()
        .filter(|a| a.framework_code == phakhi_domain::framework::SDG)
        .filter_map(|a| a.item_code.split('.').next()?.parse().ok())
        .collect()
}

fn package(dump: &Dump, catalogue: &Catalogue, areas: &AreaIndex, d: Dataset<'_>) -> Package {
    let (first, last) = years(dump).map_or((String::new(), String::new()), |(f, l)| (f.to_string(), l.to_string()));
    let (geo, geo_other) = geo_coverage(dump, areas);
    let day = catalogue.generated_at.date_naive().to_string();
    let mut tags: Vec<Tag> =
        ["phakhi", "ภาคีเครือข่าย", "partner network", "เป้าหมายการพัฒนาที่ยั่งยืน", "SDGs"].into_iter().map(|n| Tag { name: n.into() }).collect();
    tags.extend(sdg_tags(dump).into_iter().map(|g| Tag { name: format!("SDG {g}") }));
    let extra = |key: &str, value: &str| Extra { key: key.into(), value: value.into() };
    Package {
        name: d.name.into(),
        title: d.title.0.into(),
        notes: d.notes.0.into(),
        license_id: LICENSE_ID.into(),
        organization: Organization { name: "phakhi".into(), title: "ระบบภาคีเครือข่าย (phakhi)".into() },
        tags,
        resources: d
            .resources
            .into_iter()
            .map(|(file, description)| Resource { url: resource_url(catalogue, &file), name: file, format: d.format.into(), description })
            .collect(),
        extras: vec![
            extra("title_en", d.title.1),
            extra("notes_en", d.notes.1),
            extra("objective_en", d.objective.1),
            extra("standard", d.standard),
            extra("fiscal_year_note", "ปีงบประมาณของไทย 1 ต.ค.–30 ก.ย. เป็นปีพุทธศักราช / Thai fiscal years (1 Oct–30 Sep), Buddhist Era"),
        ],
        objective: d.objective.0.into(),
        update_frequency_unit: "ปี".into(),
        update_frequency_interval: "1".into(),
        geo_coverage: geo,
        geo_coverage_other: geo_other,
        data_language: vec!["ไทย".into(), "อังกฤษ".into()],
        data_format: vec![d.format.into()],
        data_category: "ข้อมูลสาธารณะ".into(),
        data_classification: "เปิดเผย".into(),
        data_type: d.data_type.into(),
        data_source: "ข้อมูลที่ภาคีเครือข่ายบันทึกในระบบภาคี (phakhi)".into(),
        first_year_of_data: first,
        last_year_of_data: last,
        disaggregate: d.disaggregate.iter().map(|s| (*s).to_owned()).collect(),
        accessible_condition: "ไม่มีเงื่อนไข จำนวนผู้เข้าร่วมน้อยกว่า 5 คนไม่เปิดเผยเพื่อคุ้มครองข้อมูลส่วนบุคคล".into(),
        created_date: day.clone(),
        last_updated_date: day,
    }
}

/// The file names the other export formats write, as the packages' resources name them.
pub const DUMP_FILE: &str = "phakhi.json";
pub const IATI_FILE: &str = "phakhi-iati.xml";

/// One package per published dataset: the JSON dump, the Open SDG files and the IATI file.
pub fn packages(dump: &Dump, catalogue: &Catalogue) -> Result<Vec<Package>, CkanError> {
    let areas = AreaIndex::reference()?;
    let records = Dataset {
        name: "phakhi-records",
        title: ("ทะเบียนภาคีเครือข่าย ความร่วมมือ โครงการ และกิจกรรม", "Register of partners, agreements, programmes and activities"),
        notes: (
            "ข้อมูลทั้งหมดของระบบภาคีในเอกสาร JSON เดียว: องค์กร เครือข่าย บันทึกความร่วมมือ พันธะสัญญา โครงการ กิจกรรม การเชื่อมโยงกับ SDGs แผนและตัวชี้วัด",
            "Every record of phakhi in one JSON document: organisations, networks, agreements, commitments, programmes, activities, SDG alignments, plans and indicators.",
        ),
        objective: (
            "เพื่อเปิดเผยการทำงานร่วมกันของภาคีเครือข่าย และให้ระบบอื่นนำเข้าข้อมูลได้",
            "To open the partner network's joint work, and let other systems load it",
        ),
        data_type: "ข้อมูลระเบียน",
        standard: "phakhi dump (phakhi import)",
        format: "JSON",
        disaggregate: &[],
        resources: vec![(DUMP_FILE.into(), "ข้อมูลทั้งหมด / every record".into())],
    };
    let open_sdg = Dataset {
        name: "phakhi-open-sdg",
        title: ("ตัวชี้วัดของแผน (รูปแบบ Open SDG)", "Plan indicators (Open SDG data files)"),
        notes: (
            "ค่าตัวชี้วัดของแผนแต่ละปีงบประมาณ (พ.ศ.) ไฟล์ CSV หนึ่งไฟล์ต่อหนึ่งตัวชี้วัด คอลัมน์ Year การจำแนก GeoCode และ Value",
            "Each plan indicator's values per fiscal year (Buddhist Era), one CSV per indicator: Year, breakdowns, GeoCode, Value.",
        ),
        objective: (
            "เพื่อติดตามความก้าวหน้าของแผนและเป้าหมายการพัฒนาที่ยั่งยืนในพื้นที่",
            "To follow the progress of local plans and the Sustainable Development Goals",
        ),
        data_type: "ข้อมูลสถิติ",
        standard: "Open SDG data (CSV)",
        format: "CSV",
        disaggregate: &["เพศ", "ช่วงอายุ", "กลุ่มเป้าหมาย", "พื้นที่"],
        resources: catalogue.open_sdg_files.iter().map(|f| (format!("opensdg/{f}"), "ตัวชี้วัด / indicator".into())).collect(),
    };
    let iati = Dataset {
        name: "phakhi-iati-activities",
        title: ("โครงการและกิจกรรมของภาคีเครือข่าย (มาตรฐาน IATI)", "Programmes and activities of the partner network (IATI)"),
        notes: (
            "โครงการและกิจกรรมตามมาตรฐาน IATI 2.03: หน่วยงานที่เกี่ยวข้องและบทบาท ช่วงเวลา พื้นที่ SDGs และผลลัพธ์ (จำนวนผู้เข้าร่วมจำแนกตามเพศและอายุ ตัวชี้วัดของแผน)",
            "Programmes and activities in IATI 2.03: organisations and their roles, dates, areas, SDGs and results (participants by gender and age, plan indicators).",
        ),
        objective: (
            "เพื่อความโปร่งใสของการดำเนินงานและการสนับสนุน ตามมาตรฐานสากลด้านความโปร่งใสของความช่วยเหลือ",
            "For transparency of the work and its funding, in the international aid-transparency standard",
        ),
        data_type: "ข้อมูลระเบียน",
        standard: "IATI 2.03 activity XML",
        format: "XML",
        disaggregate: &["เพศ", "ช่วงอายุ"],
        resources: vec![(IATI_FILE.into(), "กิจกรรม IATI / IATI activities".into())],
    };
    Ok([records, open_sdg, iati].into_iter().map(|d| package(dump, catalogue, &areas, d)).collect())
}

/// Writes each package as `{name}.json` into `dir` (created if needed).
pub fn write(dir: &Path, packages: &[Package]) -> Result<Vec<PathBuf>, CkanError> {
    std::fs::create_dir_all(dir).map_err(|source| CkanError::Write { path: dir.to_owned(), source })?;
    packages
        .iter()
        .map(|p| {
            let path = dir.join(format!("{}.json", p.name));
            let text = serde_json::to_vec_pretty(p).map_err(std::io::Error::other);
            text.and_then(|t| std::fs::write(&path, t)).map_err(|source| CkanError::Write { path: path.clone(), source })?;
            Ok(path)
        })
        .collect()
}
