//! Writes an HTML page with every kind of chart on sample data (Thai labels), so a person can look at
//! them in a browser: `cargo run -p phakhi-charts --example gallery -- /tmp/gallery.html`.

use phakhi_charts::{Datum, Goal, Item, Region, Series, Text, bars, donut, line, province_map, sdg_wheel, stacked_bars};

const PROVINCES: &str = include_str!("../../../data/thai-admin/provinces.csv");

fn main() -> std::io::Result<()> {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: gallery OUTPUT.html");
        std::process::exit(2);
    };
    let text = |title: &str, label: &str, value: &str| Text {
        title: title.to_owned(),
        table_summary: "ดูข้อมูลเป็นตาราง".to_owned(),
        label_header: label.to_owned(),
        value_header: value.to_owned(),
        empty: "ยังไม่มีข้อมูล".to_owned(),
    };
    let item = |label: &str, value: Datum, href: Option<&str>| Item { label: label.to_owned(), value, href: href.map(str::to_owned) };

    let mut figures = Vec::new();
    figures.push(bars(
        "partners-by-city",
        &text("องค์กรภาคีในแต่ละเมือง", "เมือง", "จำนวนองค์กร"),
        &[
            item("เชียงใหม่", Datum::Value(1234.0), Some("/th/cities/chiang-mai")),
            item("ขอนแก่น", Datum::Value(312.0), Some("/th/cities/khon-kaen")),
            item("กรุงเทพมหานคร", Datum::Value(87.5), None),
            item("มหาวิทยาลัยเทคโนโลยีราชมงคลล้านนา เชียงราย", Datum::Value(42.0), None),
            item("ภูเก็ต", Datum::Suppressed, None),
            item("นครศรีธรรมราช", Datum::Missing, None),
            item("<b>&\"'", Datum::Value(0.0), None),
        ],
    ));
    let categories: Vec<String> = ["เชียงใหม่", "ขอนแก่น", "ฉะเชิงเทรา", "สงขลา (หาดใหญ่)"].map(String::from).to_vec();
    figures.push(stacked_bars(
        "activities-by-status",
        &text("กิจกรรมตามสถานะ", "เมือง", "จำนวนกิจกรรม"),
        &categories,
        &[
            Series {
                label: "วางแผน".into(), values: vec![Datum::Value(12.0), Datum::Value(30.0), Datum::Suppressed, Datum::Value(8.0)]
            },
            Series {
                label: "กำลังดำเนินการ".into(),
                values: vec![Datum::Value(40.0), Datum::Value(22.0), Datum::Value(9.0), Datum::Missing],
            },
            Series {
                label: "เสร็จสิ้น".into(), values: vec![Datum::Value(25.0), Datum::Suppressed, Datum::Value(15.0), Datum::Value(6.0)]
            },
            Series {
                label: "ยกเลิก".into(), values: vec![Datum::Value(6.0), Datum::Value(2.0), Datum::Missing, Datum::Suppressed]
            },
        ],
    ));
    let years: Vec<String> = (2560..=2568).map(|y| y.to_string()).collect();
    let values = |v: &[f64]| {
        v.iter()
            .map(|&x| {
                if x < 0.0 {
                    Datum::Missing
                } else if x < 5.0 {
                    Datum::Suppressed
                } else {
                    Datum::Value(x)
                }
            })
            .collect()
    };
    figures.push(line(
        "members-over-time",
        &text("สมาชิกเครือข่ายรายปี", "ปีงบประมาณ", "จำนวน"),
        &years,
        &[
            Series {
                label: "องค์กรปกครองส่วนท้องถิ่น".into(), values: values(&[10.0, 14.0, 19.0, -1.0, 28.0, 35.0, 41.0, 52.0, 60.0])
            },
            Series { label: "สถานศึกษา".into(), values: values(&[6.0, 8.0, 3.0, 12.0, 18.0, 21.0, 20.0, 26.0, 33.0]) },
            Series { label: "ภาคเอกชน".into(), values: values(&[-1.0, -1.0, 5.0, 7.0, 9.0, 14.0, 16.0, 15.0, 22.0]) },
        ],
    ));
    figures.push(donut(
        "partner-types",
        &text("ประเภทองค์กรภาคี", "ประเภท", "จำนวน"),
        &[
            item("องค์กรปกครองส่วนท้องถิ่น", Datum::Value(48.0), Some("/th/partners?type=lao")),
            item("สถานศึกษา", Datum::Value(31.0), Some("/th/partners?type=school")),
            item("องค์กรภาคประชาสังคม", Datum::Value(17.0), None),
            item("ภาคเอกชน", Datum::Value(9.0), None),
            item("หน่วยงานระหว่างประเทศ", Datum::Suppressed, None),
        ],
        "องค์กร",
    ));
    let goal_names = [
        "ขจัดความยากจน",
        "ขจัดความหิวโหย",
        "สุขภาพและความเป็นอยู่ที่ดี",
        "การศึกษาที่เท่าเทียม",
        "ความเท่าเทียมทางเพศ",
        "น้ำสะอาดและสุขาภิบาล",
        "พลังงานสะอาด",
        "งานที่มีคุณค่าและเศรษฐกิจ",
        "อุตสาหกรรมและนวัตกรรม",
        "ลดความเหลื่อมล้ำ",
        "เมืองและชุมชนยั่งยืน",
        "การผลิตและการบริโภคที่ยั่งยืน",
        "การรับมือการเปลี่ยนแปลงสภาพภูมิอากาศ",
        "ทรัพยากรทางทะเล",
        "ระบบนิเวศบนบก",
        "สังคมสงบสุขและยุติธรรม",
        "ความร่วมมือเพื่อการพัฒนา",
    ];
    let goal_values = [12.0, 0.0, 31.0, 58.0, -1.0, 7.0, 0.0, 14.0, 3.0, 9.0, 44.0, -1.0, 16.0, 0.0, 5.0, 2.0, 21.0];
    let goals: Vec<Goal> = goal_names
        .iter()
        .zip(goal_values)
        .enumerate()
        .map(|(i, (name, v))| Goal {
            number: i as u8 + 1,
            label: (*name).to_owned(),
            value: if v < 0.0 {
                Datum::Missing
            } else if v > 0.0 && v < 5.0 {
                Datum::Suppressed
            } else {
                Datum::Value(v)
            },
            href: Some(format!("/th/sdg/{}", i + 1)),
        })
        .collect();
    figures.push(sdg_wheel("sdg", &text("กิจกรรมตามเป้าหมายการพัฒนาที่ยั่งยืน", "เป้าหมาย", "จำนวนกิจกรรม"), &goals));

    // Every province, with made-up values spread over several orders of magnitude, some zero,
    // suppressed or missing.
    let regions: Vec<Region> = PROVINCES
        .lines()
        .skip(1)
        .filter_map(|line| {
            let mut cells = line.split(',');
            let code = cells.next()?.to_owned();
            let name = cells.nth(1)?.to_owned();
            let n: u32 = code.parse().ok()?;
            let value = match (n * 37) % 11 {
                0 => Datum::Missing,
                1 => Datum::Suppressed,
                2 => Datum::Value(0.0),
                k => Datum::Value(f64::from((n * 13 + k * 7) % 90 + 5) * if n == 10 { 40.0 } else { 1.0 }),
            };
            Some(Region { href: Some(format!("/th/provinces/{code}")), code, label: name, value })
        })
        .collect();
    figures.push(province_map("map", &text("องค์กรภาคีรายจังหวัด", "จังหวัด", "จำนวนองค์กร"), &regions, "จำนวนองค์กรภาคี"));

    figures.push(bars(
        "partners-en",
        &Text {
            title: "Partners by city".into(),
            table_summary: "Show as table".into(),
            label_header: "City".into(),
            value_header: "Partners".into(),
            empty: "No data yet".into(),
        },
        &[
            item("Chiang Mai", Datum::Value(12.0), None),
            item("Khon Kaen", Datum::Value(7.0), None),
            item("Phuket", Datum::Suppressed, None),
        ],
    ));
    figures.push(bars("empty", &text("ยังไม่มีกิจกรรม", "เมือง", "จำนวน"), &[]));

    // Many x labels: every other (or every third) label is written so they never overlap.
    let months = ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."];
    let month_labels: Vec<String> = [2567, 2568].iter().flat_map(|y| months.iter().map(move |m| format!("{m} {}", y % 100))).collect();
    let monthly = (0..24u32).map(|i| if i == 7 { Datum::Missing } else { Datum::Value(f64::from((i * 7) % 13 + i)) }).collect();
    figures.push(line(
        "monthly",
        &text("กิจกรรมรายเดือน", "เดือน", "จำนวน"),
        &month_labels,
        &[Series { label: "กิจกรรม".into(), values: monthly }],
    ));
    // A single part fills the ring.
    figures.push(donut("one-part", &text("ประเภทองค์กรภาคี", "ประเภท", "จำนวน"), &[item("สถานศึกษา", Datum::Value(7.0), None)], "องค์กร"));

    let mut html = String::from(
        "<!doctype html><html lang=\"th\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">\
         <title>phakhi charts</title></head><body>",
    );
    for figure in &figures {
        html.push_str(&figure.to_html());
        html.push('\n');
    }
    html.push_str("</body></html>\n");
    std::fs::write(&path, html)?;
    let map = figures.iter().find(|f| f.id == "map").map_or(0, |f| f.svg.len());
    println!("wrote {} figures to {path}; map SVG {map} bytes", figures.len());
    Ok(())
}
