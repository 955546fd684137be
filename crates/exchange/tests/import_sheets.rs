//! Importing real-world-like sheets end to end, on SQLite and PostgreSQL: an XLSX register of
//! organisations (merged title row, blank rows, a duplicate, an ambiguous district, a missing sector,
//! an Excel date column nobody uses), a Windows-874 CSV of activities (Thai digits, Buddhist Era
//! dates, Thai month abbreviations, participation by gender, a total larger than its parts, an
//! impossible date, an unknown organiser), and a UTF-8-with-BOM CSV with English headers that updates
//! one organisation. Checked: the header row, unknown columns, every row's action and every error's
//! row and column, that nothing is written while a row is invalid, that --valid-rows-only writes the
//! others with their audit entries, the year figures and the search index, and that importing the same
//! files again changes nothing.

use std::path::{Path, PathBuf};

use phakhi_domain::agreement::{AgreementInput, AgreementStatus};
use phakhi_domain::network::{MemberRole, NetworkInput};
use phakhi_domain::organization::{OrganizationInput, OrganizationStatus, Sector};
use phakhi_domain::{FiscalYear, Vocabulary};
use phakhi_exchange::areas::AreaIndex;
use phakhi_exchange::import::{Kind, Report, prepare, run};
use phakhi_exchange::sheet;
use phakhi_store::accounts::AuditFilter;
use phakhi_store::sheet::{RowAction, SheetMode};
use phakhi_store::{OrganizationFilter, Page, SearchRequest, Store};
use phakhi_test_support::stores;
use rust_xlsxwriter::{Format, Workbook};

fn organizations_xlsx(dir: &Path) -> PathBuf {
    let path = dir.join("ภาคี.xlsx");
    let mut book = Workbook::new();
    // An empty cover sheet first: the register is on the second worksheet.
    book.add_worksheet().set_name("ปก").unwrap();
    let ws = book.add_worksheet();
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("d/m/yyyy");
    // Row 1: a merged title; row 2: blank; row 3: headers.
    ws.merge_range(0, 0, 0, 7, "ทะเบียนภาคีเครือข่ายเมืองแห่งการเรียนรู้ ปีงบประมาณ ๒๕๖๗", &bold).unwrap();
    let headers = ["ลำดับ", "ชื่อหน่วยงาน", "ชื่อย่อ", "ประเภทหน่วยงาน", "จังหวัด", "อำเภอ", "โทรศัพท์", "วันที่เข้าร่วม"];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(2, c as u16, *h).unwrap();
    }
    let rows: [[&str; 7]; 7] = [
        ["1", "เทศบาลนครขอนแก่น", "ทน.ขก.", "องค์กรปกครองส่วนท้องถิ่น", "จังหวัดขอนแก่น", "อ.เมือง", "043-221-015"],
        ["2", "มหาวิทยาลัยขอนแก่น", "มข.", "สถาบันการศึกษา", "ขอนแก่น", "", ""],
        ["", "", "", "", "", "", ""],
        ["3", "มูลนิธิจอมทองพัฒนา", "", "มูลนิธิ", "", "อำเภอจอมทอง", ""],
        ["4", "เทศบาลนครขอนแก่น", "ทน.ขก.", "ท้องถิ่น", "ขอนแก่น", "เมืองขอนแก่น", ""],
        ["5", "สำนักงานจังหวัดเชียงใหม่", "", "ส่วนราชการส่วนภูมิภาค", "เชียงใหม่", "จอมทอง", ""],
        ["6", "กลุ่มออมทรัพย์บ้านโนนทัน", "", "", "ขอนแก่น", "", ""],
    ];
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 3;
        for (c, v) in row.iter().enumerate() {
            if v.is_empty() {
                continue;
            }
            if c == 0 {
                ws.write_number(r, 0, v.parse::<f64>().unwrap()).unwrap();
            } else {
                ws.write_string(r, c as u16, *v).unwrap();
            }
        }
        if !row[1].is_empty() {
            ws.write_number_with_format(r, 7, 45306.0, &date).unwrap();
        }
    }
    book.save(&path).unwrap();
    path
}

fn activities_csv(dir: &Path) -> PathBuf {
    let text = "\
รายงานผลการดำเนินกิจกรรม ปีงบประมาณ พ.ศ. ๒๕๖๗,,,,,,,,,,
,,,,,,,,,,

ชื่อกิจกรรม,ประเภทกิจกรรม,วันที่จัด,หน่วยงานผู้จัด,จังหวัด,อำเภอ,กลุ่มเป้าหมาย,ชาย,หญิง,ผู้มีความหลากหลายทางเพศ,รวม (คน)
อบรมสิทธิมนุษยชนศึกษา,อบรม,๑๕/๑/๒๕๖๗,เทศบาลนครขอนแก่น,ขอนแก่น,เมือง,เด็กและเยาวชน,๑๒,๑๕,๓,๓๐
เวทีเมืองแห่งการเรียนรู้,เวทีเสวนา,3 ก.พ. 67,มข.,ขอนแก่น,,,\"1,020\",,,\"1,200\"

ประชุมภาคีเครือข่าย,ประชุม,๓๑/๒/๒๕๖๗,เทศบาลนครขอนแก่น,ขอนแก่น,,,,,,
ประชุมภาคีจอมทอง,ประชุม,1 มี.ค. 2567,เทศบาลนครขอนแก่น,,จอมทอง,,,,,
อบรมสิทธิมนุษยชนศึกษา,อบรม,15/01/2024,เทศบาลนครขอนแก่น,ขอนแก่น,เมือง,เด็กและเยาวชน,12,15,3,30
รณรงค์ลดขยะ,รณรงค์,1/3/2567,ชมรมที่ยังไม่ได้ลงทะเบียน,ขอนแก่น,,,,,,๒๐
";
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_874.encode(text);
    assert!(!unmappable);
    let path = dir.join("กิจกรรม.csv");
    std::fs::write(&path, &bytes).unwrap();
    path
}

fn update_csv(dir: &Path) -> PathBuf {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(
        "Organisation name,Abbreviation,Province,District,Website\n\
         เทศบาลนครขอนแก่น,ทน.ขก.,Khon Kaen,Mueang Khon Kaen,https://www.kkmuni.go.th\n"
            .as_bytes(),
    );
    let path = dir.join("update.csv");
    std::fs::write(&path, bytes).unwrap();
    path
}

async fn import(store: &dyn Store, kind: Kind, path: &Path, mode: SheetMode) -> Report {
    let sheet = sheet::read(path).unwrap();
    let areas = AreaIndex::reference().unwrap();
    let groups = store.list_target_groups().await.unwrap();
    let prepared = prepare(kind, &sheet, &areas, &groups).unwrap();
    run(store, &prepared, mode).await.unwrap()
}

fn actions(r: &Report) -> Vec<(u32, RowAction)> {
    r.lines.iter().map(|l| (l.row, l.action)).collect()
}

/// The (row, column) of every problem.
fn problems(r: &Report) -> Vec<(u32, String)> {
    r.problems().map(|p| (p.row, p.column.clone())).collect()
}

async fn organisations(store: &dyn Store) -> u64 {
    store.list_organizations(&OrganizationFilter::default(), &Page::default()).await.unwrap().total
}

async fn audited(store: &dyn Store, entity: &str) -> u64 {
    let filter = AuditFilter { entity: Some(entity.into()), ..Default::default() };
    store.list_audit(&filter, &Page::default()).await.unwrap().total
}

#[tokio::test]
async fn sheets_import_with_the_right_counts_and_errors_and_again_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let orgs = organizations_xlsx(dir.path());
    let acts = activities_csv(dir.path());
    let update = update_csv(dir.path());
    for t in stores().await {
        let store = t.store.as_ref();
        let b = t.backend;

        // A dry run reports every row and writes nothing.
        let dry = import(store, Kind::Organizations, &orgs, SheetMode::DryRun).await;
        assert_eq!(dry.header_row, 3, "{b}");
        assert!(dry.source.starts_with("xlsx (Sheet2)"), "{b}: {}", dry.source);
        assert_eq!(dry.unknown_columns, vec!["โทรศัพท์".to_owned(), "วันที่เข้าร่วม".to_owned()], "{b}");
        assert_eq!(
            actions(&dry),
            vec![
                (4, RowAction::Create),
                (5, RowAction::Create),
                (7, RowAction::Error),
                (8, RowAction::Error),
                (9, RowAction::Create),
                (10, RowAction::Error),
            ],
            "{b}: {}",
            dry.render()
        );
        assert_eq!(
            problems(&dry),
            vec![(7, "อำเภอ".to_owned()), (8, "ชื่อหน่วยงาน".to_owned()), (10, "ประเภทหน่วยงาน".to_owned())],
            "{b}: {}",
            dry.render()
        );
        let ambiguous = dry.problems().next().unwrap();
        assert!(ambiguous.message_th.contains("เชียงใหม่") && ambiguous.message_en.contains("Bangkok"), "{b}: {ambiguous:?}");
        assert!(!dry.written && organisations(store).await == 0, "{b}");

        // Without --valid-rows-only an invalid row stops the whole sheet.
        let refused = import(store, Kind::Organizations, &orgs, SheetMode::AllOrNothing).await;
        assert_eq!((refused.count(RowAction::Create), refused.count(RowAction::Error)), (3, 3), "{b}");
        assert!(!refused.written, "{b}");
        assert!(refused.render().contains("--valid-rows-only"), "{b}");
        assert_eq!(organisations(store).await, 0, "{b}");
        assert_eq!(audited(store, "organization").await, 0, "{b}");

        // With it, the valid rows are written, each with its audit entry.
        let written = import(store, Kind::Organizations, &orgs, SheetMode::ValidRowsOnly).await;
        assert!(written.written, "{b}");
        assert_eq!((written.count(RowAction::Create), written.count(RowAction::Error)), (3, 3), "{b}");
        assert_eq!(organisations(store).await, 3, "{b}");
        assert_eq!(audited(store, "organization").await, 3, "{b}");
        let kk = store
            .list_organizations(&OrganizationFilter { q: Some("เทศบาลนครขอนแก่น".into()), ..Default::default() }, &Page::default())
            .await
            .unwrap();
        assert_eq!(kk.items[0].input.area_code.as_deref(), Some("4001"), "{b}");
        assert_eq!(kk.items[0].input.abbreviation.as_deref(), Some("ทน.ขก."), "{b}");

        // The same file again changes nothing.
        let again = import(store, Kind::Organizations, &orgs, SheetMode::ValidRowsOnly).await;
        assert_eq!((again.count(RowAction::Unchanged), again.count(RowAction::Create), again.count(RowAction::Update)), (3, 0, 0), "{b}");
        assert!(!again.written, "{b}");
        assert_eq!(audited(store, "organization").await, 3, "{b}");

        // English headers in UTF-8 with a BOM: the same organisation, matched by name and area, updated.
        let updated = import(store, Kind::Organizations, &update, SheetMode::AllOrNothing).await;
        assert_eq!(actions(&updated), vec![(2, RowAction::Update)], "{b}: {}", updated.render());
        assert!(updated.written, "{b}");
        assert_eq!(organisations(store).await, 3, "{b}");
        let again = import(store, Kind::Organizations, &update, SheetMode::AllOrNothing).await;
        assert_eq!(actions(&again), vec![(2, RowAction::Unchanged)], "{b}");

        // Activities from a Windows-874 CSV.
        let dry = import(store, Kind::Activities, &acts, SheetMode::DryRun).await;
        assert_eq!(dry.header_row, 4, "{b}");
        assert!(dry.unknown_columns.is_empty(), "{b}: {:?}", dry.unknown_columns);
        assert_eq!(
            actions(&dry),
            vec![
                (5, RowAction::Create),
                (6, RowAction::Create),
                (8, RowAction::Error),
                (9, RowAction::Error),
                (10, RowAction::Error),
                (11, RowAction::Error)
            ],
            "{b}: {}",
            dry.render()
        );
        assert_eq!(
            problems(&dry),
            vec![(8, "วันที่จัด".to_owned()), (9, "อำเภอ".to_owned()), (10, "ชื่อกิจกรรม".to_owned()), (11, "หน่วยงานผู้จัด".to_owned())],
            "{b}: {}",
            dry.render()
        );
        let refused = import(store, Kind::Activities, &acts, SheetMode::AllOrNothing).await;
        assert!(!refused.written, "{b}");
        let year = FiscalYear::from_be(2567).unwrap();
        assert_eq!(store.overview(year).await.unwrap().participants, 0, "{b}");

        let written = import(store, Kind::Activities, &acts, SheetMode::ValidRowsOnly).await;
        assert!(written.written && written.count(RowAction::Create) == 2, "{b}: {}", written.render());
        assert_eq!(audited(store, "activity").await, 2, "{b}");
        // The year figures and the search index were kept in the same transaction.
        let overview = store.overview(year).await.unwrap();
        assert_eq!((overview.activities, overview.participants), (2, 1230), "{b}");
        let by_gender = |code: &str| overview.participants_by_gender.iter().find(|t| t.code == code).map_or(0, |t| t.count);
        assert_eq!(
            (by_gender("male"), by_gender("female"), by_gender("gender_diverse"), by_gender("not_stated")),
            (1032, 15, 3, 180),
            "{b}"
        );
        let groups = |code: &str| overview.participants_by_target_group.iter().find(|t| t.code == code).map_or(0, |t| t.count);
        assert_eq!(groups("children_youth"), 30, "{b}");
        let found = store.search(&SearchRequest { q: "สิทธิมนุษยชนศึกษา".into(), ..Default::default() }, &Page::default()).await.unwrap();
        assert!(found.hits.iter().any(|h| h.kind == "activity" && h.title_th == "อบรมสิทธิมนุษยชนศึกษา"), "{b}");

        let again = import(store, Kind::Activities, &acts, SheetMode::ValidRowsOnly).await;
        assert_eq!(
            (again.count(RowAction::Unchanged), again.count(RowAction::Create), again.count(RowAction::Update)),
            (2, 0, 0),
            "{b}: {}",
            again.render()
        );
        assert!(!again.written, "{b}");
        assert_eq!(audited(store, "activity").await, 2, "{b}");
        assert_eq!(store.overview(year).await.unwrap().participants, 1230, "{b}");
    }
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn organisation(name_th: &str, abbreviation: &str, sector: Sector) -> OrganizationInput {
    OrganizationInput {
        name_th: name_th.into(),
        name_en: None,
        abbreviation: Some(abbreviation.into()),
        sector,
        parent_id: None,
        area_code: Some("4001".into()),
        website: None,
        status: OrganizationStatus::Active,
        description_th: None,
        description_en: None,
    }
}

#[tokio::test]
async fn members_parties_and_programmes_import_and_again_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let members = write(
        dir.path(),
        "สมาชิก.csv",
        "ชื่อเครือข่าย,ชื่อหน่วยงาน,บทบาท,ผู้แทน,วันที่เข้าร่วม\n\
         เครือข่ายเมืองแห่งการเรียนรู้ขอนแก่น,เทศบาลนครขอนแก่น,ประธาน,นายกเทศมนตรีนครขอนแก่น,1 ต.ค. 2566\n\
         Khon Kaen Learning City Network,มข.,สมาชิก,,\n\
         เครือข่ายที่ไม่มีอยู่,มข.,,,\n\
         เครือข่ายเมืองแห่งการเรียนรู้ขอนแก่น,เทศบาลนครขอนแก่น,สมาชิก,,\n",
    );
    let parties = write(
        dir.path(),
        "คู่ภาคี.csv",
        "บันทึกความร่วมมือ MOU ปี ๒๕๖๗,,,\n\
         ชื่อบันทึกความร่วมมือ,คู่ภาคี,ฐานะ,ผู้ลงนาม\n\
         บันทึกความร่วมมือเมืองแห่งการเรียนรู้,เทศบาลนครขอนแก่น,ผู้ลงนาม,นายกเทศมนตรีนครขอนแก่น\n\
         บันทึกความร่วมมือเมืองแห่งการเรียนรู้,มข.,พยาน,\n\
         บันทึกความร่วมมือเมืองแห่งการเรียนรู้,บริษัทที่ยังไม่ได้ลงทะเบียน,,\n",
    );
    let programmes = write(
        dir.path(),
        "โครงการ.csv",
        "ชื่อโครงการ,ปีงบประมาณ,งบประมาณ (บาท),หน่วยงานรับผิดชอบ,หน่วยงานร่วม,กลุ่มเป้าหมาย,จังหวัด,วันที่เริ่ม,วันที่สิ้นสุด\n\
         โครงการขอนแก่นเมืองแห่งการเรียนรู้,๒๕๖๗,\"1,500,000\",ทน.ขก.,มข.,เด็กและเยาวชน,ขอนแก่น,1 ต.ค. 2566,30 ก.ย. 2567\n\
         โครงการขอนแก่นเมืองแห่งการเรียนรู้,2568,\"2,000,000.50\",ทน.ขก.,,,,,\n\
         โครงการปีไม่ชัด,ปีหน้า,,ทน.ขก.,,,,,\n\
         โครงการวันที่กลับด้าน,2567,,ทน.ขก.,,,,30 ก.ย. 2567,1 ต.ค. 2566\n",
    );
    for t in stores().await {
        let store = t.store.as_ref();
        let b = t.backend;
        store.create_organization(organisation("เทศบาลนครขอนแก่น", "ทน.ขก.", Sector::LocalGovernment)).await.unwrap();
        store.create_organization(organisation("มหาวิทยาลัยขอนแก่น", "มข.", Sector::Academic)).await.unwrap();
        let network = store
            .create_network(NetworkInput {
                name_th: "เครือข่ายเมืองแห่งการเรียนรู้ขอนแก่น".into(),
                name_en: Some("Khon Kaen Learning City Network".into()),
                instrument: None,
                established_on: None,
                area_code: Some("40".into()),
                description_th: None,
                description_en: None,
                members: Vec::new(),
            })
            .await
            .unwrap();
        let agreement = store
            .create_agreement(AgreementInput {
                title_th: "บันทึกความร่วมมือเมืองแห่งการเรียนรู้".into(),
                title_en: None,
                themes: Vec::new(),
                signed_on: chrono::NaiveDate::from_ymd_opt(2023, 11, 20),
                place_th: None,
                place_en: None,
                area_code: None,
                term_start: None,
                term_end: None,
                declared_signatories: Some(2),
                status: AgreementStatus::Signed,
                network_id: Some(network.id),
                notes_th: None,
                notes_en: None,
                parties: Vec::new(),
                documents: Vec::new(),
            })
            .await
            .unwrap();

        let m = import(store, Kind::NetworkMembers, &members, SheetMode::ValidRowsOnly).await;
        assert_eq!(
            actions(&m),
            vec![(2, RowAction::Create), (3, RowAction::Create), (4, RowAction::Error), (5, RowAction::Error)],
            "{b}: {}",
            m.render()
        );
        assert_eq!(problems(&m), vec![(4, "ชื่อเครือข่าย".to_owned()), (5, "ชื่อหน่วยงาน".to_owned())], "{b}: {}", m.render());
        let stored = store.get_network(network.id).await.unwrap();
        assert_eq!(stored.input.members.len(), 2, "{b}");
        assert_eq!(stored.input.members[0].role, MemberRole::Chair, "{b}");
        assert_eq!(stored.input.members[0].joined_on, chrono::NaiveDate::from_ymd_opt(2023, 10, 1), "{b}");
        let again = import(store, Kind::NetworkMembers, &members, SheetMode::ValidRowsOnly).await;
        assert_eq!((again.count(RowAction::Unchanged), again.written), (2, false), "{b}: {}", again.render());

        let p = import(store, Kind::AgreementParties, &parties, SheetMode::ValidRowsOnly).await;
        assert_eq!(p.header_row, 2, "{b}");
        assert_eq!(actions(&p), vec![(3, RowAction::Create), (4, RowAction::Create), (5, RowAction::Error)], "{b}: {}", p.render());
        assert_eq!(problems(&p), vec![(5, "คู่ภาคี".to_owned())], "{b}");
        let stored = store.get_agreement(agreement.id).await.unwrap();
        assert_eq!(stored.registered_signatories, 1, "{b}");
        assert_eq!(stored.input.parties[0].signed_by.as_deref(), Some("นายกเทศมนตรีนครขอนแก่น"), "{b}");
        let again = import(store, Kind::AgreementParties, &parties, SheetMode::ValidRowsOnly).await;
        assert_eq!((again.count(RowAction::Unchanged), again.written), (2, false), "{b}");

        // All or nothing: the invalid rows stop the sheet.
        let refused = import(store, Kind::Programmes, &programmes, SheetMode::AllOrNothing).await;
        assert!(!refused.written, "{b}");
        assert_eq!(
            actions(&refused),
            vec![(2, RowAction::Create), (3, RowAction::Create), (4, RowAction::Error), (5, RowAction::Error)],
            "{b}"
        );
        assert_eq!(problems(&refused), vec![(4, "ปีงบประมาณ".to_owned()), (5, "วันที่สิ้นสุด".to_owned())], "{b}: {}", refused.render());
        let fy2567 = FiscalYear::from_be(2567).unwrap();
        assert_eq!(store.overview(fy2567).await.unwrap().programmes, 0, "{b}");
        let written = import(store, Kind::Programmes, &programmes, SheetMode::ValidRowsOnly).await;
        assert!(written.written, "{b}");
        assert_eq!(store.overview(fy2567).await.unwrap().programmes, 1, "{b}");
        let listed = store.list_programmes(&Default::default(), &Page::default()).await.unwrap();
        let first = listed.items.iter().find(|p| p.input.fiscal_year == fy2567).unwrap();
        assert_eq!(first.input.budget_baht.map(|b| b.satang()), Some(150_000_000), "{b}");
        assert_eq!(first.input.partner_organization_ids.len(), 1, "{b}");
        assert_eq!(first.input.target_groups, vec!["children_youth".to_owned()], "{b}");
        assert_eq!(audited(store, "programme").await, 2, "{b}");
        let again = import(store, Kind::Programmes, &programmes, SheetMode::ValidRowsOnly).await;
        assert_eq!((again.count(RowAction::Unchanged), again.written), (2, false), "{b}: {}", again.render());
        assert_eq!(audited(store, "programme").await, 2, "{b}");

        // An activity names its programme by title: of the two years that have it, its own year's.
        let activity = write(
            dir.path(),
            "กิจกรรมในโครงการ.csv",
            "ชื่อกิจกรรม,ประเภท,วันที่,โครงการ,ผู้จัด\nเวทีเสวนาเมืองแห่งการเรียนรู้,เวทีเสวนา,15 ม.ค. 2567,โครงการขอนแก่นเมืองแห่งการเรียนรู้,มข.\n",
        );
        let a = import(store, Kind::Activities, &activity, SheetMode::AllOrNothing).await;
        assert_eq!(actions(&a), vec![(2, RowAction::Create)], "{b}: {}", a.render());
        let stored = store.get_activity(phakhi_domain::ActivityId(a.lines[0].id.unwrap())).await.unwrap();
        assert_eq!(stored.input.programme_id, Some(first.id), "{b}");
    }
}

/// A participation sheet in long form for two of `activities_csv`'s activities, a row naming one
/// that does not exist, and a row naming the first again by its lead's abbreviation.
fn participation_csv(dir: &Path) -> PathBuf {
    write(
        dir,
        "participation.csv",
        "ชื่อกิจกรรม,วันที่จัด,หน่วยงานผู้จัด,เพศ,ช่วงอายุ,กลุ่มเป้าหมาย,สัญชาติ,จำนวน (คน)\n\
         อบรมสิทธิมนุษยชนศึกษา,15/1/2567,เทศบาลนครขอนแก่น,หญิง,15-24 ปี,เด็กและเยาวชน,ไทย,20\n\
         อบรมสิทธิมนุษยชนศึกษา,15/1/2567,เทศบาลนครขอนแก่น,ชาย,15-24 ปี,เด็กและเยาวชน,ไทย,๑๐\n\
         อบรมสิทธิมนุษยชนศึกษา,15/1/2567,เทศบาลนครขอนแก่น,LGBTQ+,15–24 ปี,เด็กและเยาวชน,TH,3\n\
         เวทีเมืองแห่งการเรียนรู้,3 ก.พ. 2567,,ชาย,,,,\"1,020\"\n\
         เวทีเมืองแห่งการเรียนรู้,3 ก.พ. 2567,,ไม่ระบุ,,,,150\n\
         ประชุมที่ไม่มีจริง,1/3/2567,,หญิง,,,,5\n\
         อบรมสิทธิมนุษยชนศึกษา,15/1/2567,ทน.ขก.,ไม่ระบุ,,,,1\n",
    )
}

#[tokio::test]
async fn participation_sheets_replace_an_activity_s_cells_whole_or_not_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let orgs = organizations_xlsx(dir.path());
    let acts = activities_csv(dir.path());
    let cells = participation_csv(dir.path());
    // One unreadable row (an unknown gender) holds back the rows of its activity.
    let broken = write(
        dir.path(),
        "broken.csv",
        "Activity,Date,Gender,Count\n\
         อบรมสิทธิมนุษยชนศึกษา,2024-01-15,female,1\n\
         อบรมสิทธิมนุษยชนศึกษา,2024-01-15,robot,2\n",
    );
    let year = FiscalYear::from_be(2567).unwrap();
    for t in stores().await {
        let store = t.store.as_ref();
        let b = t.backend;
        import(store, Kind::Organizations, &orgs, SheetMode::ValidRowsOnly).await;
        import(store, Kind::Activities, &acts, SheetMode::ValidRowsOnly).await;
        assert_eq!(store.overview(year).await.unwrap().participants, 1230, "{b}");

        let written = import(store, Kind::Participation, &cells, SheetMode::ValidRowsOnly).await;
        assert_eq!(
            actions(&written),
            vec![
                (2, RowAction::Create),
                (3, RowAction::Create),
                (4, RowAction::Create),
                (5, RowAction::Unchanged),
                (6, RowAction::Update),
                (7, RowAction::Error),
                (8, RowAction::Error),
            ],
            "{b}: {}",
            written.render()
        );
        assert_eq!(problems(&written), vec![(7, "ชื่อกิจกรรม".to_owned()), (8, "ชื่อกิจกรรม".to_owned())], "{b}");
        assert!(written.lines[6].problems[0].message_en.contains("Row 2 already names"), "{b}: {}", written.render());
        assert!(written.written, "{b}");
        // The training's three cells replace the three it had; the forum's 180 not stated become 150.
        let overview = store.overview(year).await.unwrap();
        assert_eq!(overview.participants, 33 + 1170, "{b}");
        let by_gender = |code: &str| overview.participants_by_gender.iter().find(|t| t.code == code).map_or(0, |t| t.count);
        assert_eq!(
            (by_gender("male"), by_gender("female"), by_gender("gender_diverse"), by_gender("not_stated")),
            (1030, 20, 3, 150),
            "{b}"
        );
        let training = store.get_activity(phakhi_domain::ActivityId(written.lines[0].id.unwrap())).await.unwrap();
        let mut counts: Vec<(String, String, Option<String>, u32)> = training
            .input
            .participation
            .iter()
            .map(|c| (c.gender.code().to_owned(), c.age_band.code().to_owned(), c.nationality.clone(), c.count))
            .collect();
        counts.sort();
        assert_eq!(
            counts,
            vec![
                ("female".into(), "15-24".into(), Some("TH".into()), 20),
                ("gender_diverse".into(), "15-24".into(), Some("TH".into()), 3),
                ("male".into(), "15-24".into(), Some("TH".into()), 10),
            ],
            "{b}"
        );
        assert_eq!(training.meta.version, 2, "{b}: a new version, as an edit gives");
        assert_eq!(audited(store, "activity").await, 4, "{b}: one entry per activity changed");

        let again = import(store, Kind::Participation, &cells, SheetMode::ValidRowsOnly).await;
        assert_eq!((again.count(RowAction::Unchanged), again.count(RowAction::Error)), (5, 2), "{b}: {}", again.render());
        assert!(!again.written, "{b}");
        assert_eq!(audited(store, "activity").await, 4, "{b}");

        let held = import(store, Kind::Participation, &broken, SheetMode::ValidRowsOnly).await;
        assert_eq!(actions(&held), vec![(2, RowAction::Error), (3, RowAction::Error)], "{b}: {}", held.render());
        assert_eq!(problems(&held), vec![(2, String::new()), (3, "Gender".to_owned())], "{b}");
        assert!(held.lines[0].problems[0].message_en.contains("Row 3"), "{b}: {}", held.render());
        assert_eq!(store.overview(year).await.unwrap().participants, 1203, "{b}: nothing of the training was dropped");
    }
}
