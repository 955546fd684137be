//! `phakhi import-sheet` as an operator uses it: a dry run shows every row and fails on errors
//! without writing; --valid-rows-only writes the rest; the same file again changes nothing.

use std::process::Command;

const PHAKHI: &str = env!("CARGO_BIN_EXE_phakhi");

fn phakhi(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(PHAKHI).args(args).env("PHAKHI_LOG", "warn").env_remove("PHAKHI_DATABASE_URL").output().expect("run phakhi");
    (out.status.success(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

#[test]
fn import_sheet_dry_run_valid_rows_only_and_again() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("p.db").display());
    let (ok, _, err) = phakhi(&["migrate", "--database", &db]);
    assert!(ok, "{err}");
    let csv = dir.path().join("ภาคี.csv");
    std::fs::write(
        &csv,
        "\u{FEFF}ทะเบียนภาคีเครือข่าย,,,\n\nชื่อหน่วยงาน,ประเภทหน่วยงาน,จังหวัด,อำเภอ\n\
         เทศบาลนครขอนแก่น,องค์กรปกครองส่วนท้องถิ่น,ขอนแก่น,เมือง\n\
         มูลนิธิจอมทองพัฒนา,มูลนิธิ,,จอมทอง\n",
    )
    .unwrap();
    let file = csv.to_str().unwrap();

    let (ok, out, err) = phakhi(&["import-sheet", "organizations", file, "--dry-run", "--database", &db]);
    assert!(!ok, "a dry run with an invalid row fails: {out}");
    assert!(out.contains("แถว/row 4: เพิ่มใหม่ / create"), "{out}");
    assert!(out.contains("แถว/row 5: ผิดพลาด / error") && out.contains("[อำเภอ]") && out.contains("Chiang Mai"), "{out}");
    assert!(out.contains("dry run: nothing written"), "{out}");
    assert!(err.contains("1 rows have errors"), "{err}");

    let (ok, out, _) = phakhi(&["import-sheet", "organizations", file, "--database", &db]);
    assert!(!ok && out.contains("nothing written"), "{out}");

    let (ok, out, err) = phakhi(&["import-sheet", "organizations", file, "--valid-rows-only", "--database", &db]);
    assert!(ok, "{out}{err}");
    assert!(out.contains("1 create") && out.contains("บันทึกแล้ว / written"), "{out}");

    let (ok, out, _) = phakhi(&["import-sheet", "organizations", file, "--valid-rows-only", "--database", &db]);
    assert!(ok && out.contains("แถว/row 4: ไม่เปลี่ยนแปลง / unchanged") && out.contains("nothing to write"), "{out}");

    let (ok, _, err) = phakhi(&["import-sheet", "organizations", file, "--dry-run", "--valid-rows-only", "--database", &db]);
    assert!(!ok && err.contains("cannot be used with"), "{err}");
}
