//! Search quality over the demonstration network: queries a coordinator, a journalist or a partner
//! would type after reading the five reports, each with the record it should find among the first
//! five hits. Recall@5 and the mean reciprocal rank are printed; recall must stay at 100%.

use std::io::Write;

use phakhi_store::{Page, SearchRequest};
use phakhi_test_support::stores;

/// (query, type-ahead?, only this type, the expected hit's type, a part of its Thai title)
const QUERIES: &[(&str, bool, Option<&str>, &str, &str)] = &[
    ("สิทธิมนุษยชน", false, None, "network", "สิทธิมนุษยชนจังหวัดเชียงใหม่"),
    ("มนุษยชน", false, None, "network", "สิทธิมนุษยชนจังหวัดเชียงใหม่"),
    ("เยาวชน ขอนแก่น", false, None, "activity", "กลุ่มเด็กและเยาวชน"),
    ("SMART GENDER", false, None, "programme", "SMART GENDER"),
    ("learning city", false, None, "network", "ขอนแก่นเมืองแห่งการเรียนรู้"),
    ("เมืองแห่งการเรียนรู้", false, None, "network", "ขอนแก่นเมืองแห่งการเรียนรู้"),
    ("MOU เมืองแห่งการเรียนรู้", false, None, "agreement", "เมืองแห่งการเรียนรู้ของ UNESCO"),
    ("InterPride", false, None, "programme", "InterPride"),
    ("IGDN", false, None, "organization", "ความหลากหลายทางเพศอีสาน"),
    ("ความหลากหลายทางเพศ", false, None, "organization", "ความหลากหลายทางเพศอีสาน"),
    ("มูลนิธิ", false, None, "organization", "มูลนิธิ"),
    ("เชียงใหม่", false, None, "organization", "จังหวัดเชียงใหม่"),
    ("ภูเก็ต", false, None, "organization", "จังหวัดภูเก็ต"),
    ("TCEB", false, None, "organization", "การจัดประชุมและนิทรรศการ"),
    ("สสปน", false, None, "organization", "การจัดประชุมและนิทรรศการ"),
    ("KKTT", false, None, "organization", "ขอนแก่นพัฒนาเมือง"),
    ("ขอนแก่นพัฒนาเมือง", false, None, "organization", "ขอนแก่นพัฒนาเมือง"),
    ("บพท", false, None, "organization", "บริหารและจัดการทุน"),
    ("มหาวิทยาลัยขอนแก่น", false, None, "organization", "มหาวิทยาลัยขอนแก่น"),
    ("Khon Kaen University", false, None, "organization", "มหาวิทยาลัยขอนแก่น"),
    ("ราชมงคล", false, None, "organization", "ราชมงคลอีสาน"),
    ("กศน", false, None, "organization", "กศน."),
    ("ศึกษาธิการ", false, None, "organization", "ศึกษาธิการจังหวัดขอนแก่น"),
    ("พาณิชย์", false, None, "organization", "พาณิชย์จังหวัดขอนแก่น"),
    ("พัฒนาชุมชน", false, None, "organization", "พัฒนาชุมชนจังหวัดขอนแก่น"),
    ("ธนาคารแห่งประเทศไทย", false, None, "organization", "ธนาคารแห่งประเทศไทย"),
    ("Bank of Thailand", false, None, "organization", "ธนาคารแห่งประเทศไทย"),
    ("องค์กรชุมชน", false, None, "organization", "สถาบันพัฒนาองค์กรชุมชน"),
    ("เศรษฐกิจสร้างสรรค์", false, None, "organization", "เศรษฐกิจสร้างสรรค์"),
    ("ยุติธรรม", false, None, "organization", "สำนักงานยุติธรรมจังหวัดเชียงใหม่"),
    ("ทัณฑสถานหญิง", false, None, "organization", "ทัณฑสถานหญิง"),
    ("อัยการ", false, None, "organization", "อัยการคุ้มครองสิทธิ"),
    ("กรมคุ้มครองสิทธิ", false, None, "organization", "กรมคุ้มครองสิทธิและเสรีภาพ"),
    ("คนจนเมือง", false, None, "activity", "เมืองแห่งโอกาส"),
    ("เมืองแห่งโอกาส", false, None, "activity", "เมืองแห่งโอกาส"),
    ("city of opportunity", false, None, "activity", "เมืองแห่งโอกาส"),
    ("forum", false, None, "activity", "เมืองแห่งโอกาส"),
    ("เสวนา", false, None, "activity", "เสวนาพัฒนาเมือง"),
    ("พิธีลงนาม", false, None, "activity", "พิธีลงนาม"),
    ("signing ceremony", false, None, "activity", "พิธีลงนาม"),
    ("ความเสมอภาคทางเพศ", false, None, "agreement", "ความเสมอภาคทางเพศ"),
    ("gender equality", false, Some("agreement"), "agreement", "ความเสมอภาคทางเพศ"),
    ("ศาลากลางจังหวัดขอนแก่น", false, None, "agreement", "ความเสมอภาคทางเพศ"),
    ("พูลแมน", false, None, "agreement", "เมืองแห่งการเรียนรู้ของ UNESCO"),
    ("Raja Orchid", false, None, "agreement", "เมืองแห่งการเรียนรู้ของ UNESCO"),
    ("บวร", false, None, "activity", "คณะอนุกรรมการขับเคลื่อนงานสิทธิมนุษยชน"),
    ("องค์กรต้นแบบ", false, None, "organization", "ยุติธรรมจังหวัดเชียงใหม่"),
    ("Webex", false, None, "activity", "คณะอนุกรรมการขับเคลื่อนงานสิทธิมนุษยชน"),
    ("คณะทำงาน", false, None, "commitment", "แต่งตั้งคณะทำงาน"),
    ("working group", false, None, "commitment", "แต่งตั้งคณะทำงาน"),
    ("MICE", false, None, "programme", "InterPride"),
    ("จิตอาสา", false, None, "programme", "SMART GENDER"),
    ("volunteer society", false, None, "programme", "SMART GENDER"),
    ("quality education", false, None, "framework_item", "การศึกษาที่มีคุณภาพ"),
    ("การศึกษาที่มีคุณภาพ", false, None, "framework_item", "การศึกษาที่มีคุณภาพ"),
    ("ลดความเหลื่อมล้ำ", false, None, "framework_item", "ลดความเหลื่อมล้ำ"),
    ("ปีงบประมาณ 2567", false, Some("programme"), "programme", "SMART GENDER"),
    ("เทศบาลนครขอนแก่น", false, None, "organization", "เทศบาลนครขอนแก่น"),
    ("Khon Kaen City Municipality", false, None, "organization", "เทศบาลนครขอนแก่น"),
    ("smart gend", true, None, "programme", "SMART GENDER"),
    ("interpri", true, None, "programme", "InterPride"),
    ("lerning city", false, Some("agreement"), "agreement", "เมืองแห่งการเรียนรู้ของ UNESCO"),
    ("ขอนแก่น MOU UNESCO", false, None, "agreement", "เมืองแห่งการเรียนรู้ของ UNESCO"),
    ("แผนสิทธิมนุษยชนจังหวัด", false, None, "plan", "แผนสิทธิมนุษยชนจังหวัดเชียงใหม่"),
    ("แผนสิทธิมนุษยชนแห่งชาติ ฉบับที่ 5", false, None, "plan", "แผนสิทธิมนุษยชนจังหวัดเชียงใหม่"),
    ("learning-city plan", false, None, "plan", "แผนขับเคลื่อนขอนแก่นเมืองแห่งการเรียนรู้"),
    ("ตัวชี้วัด อบรมสิทธิมนุษยชน 3 ชั่วโมง", false, None, "indicator", "อบรมสิทธิมนุษยชนศึกษาไม่น้อยกว่า 3 ชั่วโมง"),
    ("hours of human-rights education", false, None, "indicator", "อบรมสิทธิมนุษยชนศึกษาไม่น้อยกว่า 3 ชั่วโมง"),
    ("มติคณะรัฐมนตรี", false, Some("indicator"), "indicator", "อบรมสิทธิมนุษยชนศึกษา"),
    ("รางวัลองค์กรต้นแบบ", false, Some("indicator"), "indicator", "รางวัลองค์กรต้นแบบด้านสิทธิมนุษยชน"),
    ("หน่วยงานที่ร่วมลงนาม MOU", false, None, "indicator", "หน่วยงานที่ร่วมลงนาม MOU เมืองแห่งการเรียนรู้"),
    ("activities aligned to SDG 4", false, None, "indicator", "สอดคล้องกับ SDG 4"),
];

#[tokio::test]
async fn the_demo_query_set_finds_every_expected_record_in_the_top_five() {
    assert!(QUERIES.len() >= 50);
    for t in stores().await {
        let store = t.store.as_ref();
        phakhi_demo::load(store).await.unwrap();
        let (mut found, mut reciprocal, mut missed) = (0usize, 0f64, Vec::new());
        for (q, prefix, kind, expected_kind, expected_title) in QUERIES {
            let request = SearchRequest { q: (*q).into(), prefix: *prefix, kind: kind.map(Into::into), area: None };
            let results = store.search(&request, &Page { limit: 5, ..Page::default() }).await.unwrap();
            let rank = results.hits.iter().position(|h| h.kind == *expected_kind && h.title_th.contains(expected_title));
            if std::env::var_os("SEARCH_QUALITY_RANKS").is_some() {
                let _ = writeln!(std::io::stderr(), "{}\t{q}\t{rank:?}", t.backend);
            }
            match rank {
                Some(r) => {
                    found += 1;
                    reciprocal += 1.0 / (r + 1) as f64;
                }
                None => missed.push(format!("{q} → {:?}", results.hits.iter().map(|h| h.title_th.as_str()).collect::<Vec<_>>())),
            }
        }
        let n = QUERIES.len() as f64;
        let _ = writeln!(
            std::io::stderr(),
            "search quality ({}): {} queries, recall@5 {:.3}, MRR {:.3}",
            t.backend,
            QUERIES.len(),
            found as f64 / n,
            reciprocal / n
        );
        assert!(missed.is_empty(), "{}: missed {}:\n{}", t.backend, missed.len(), missed.join("\n"));
    }
}
