//! The vocabulary titles and names are built from: real Thai topic words (so searches for them find
//! something, as they would on a real register), always marked as synthetic.

/// Ends every Thai name and title: nobody should mistake a generated record for a real one.
pub const MARKER_TH: &str = "(ข้อมูลสังเคราะห์)";
/// Ends every English name and title.
pub const MARKER_EN: &str = "(synthetic)";

/// A theme partners work on, in Thai and English, with the SDGs it serves.
#[derive(Debug, Clone, Copy)]
pub struct Topic {
    pub th: &'static str,
    pub en: &'static str,
    pub sdgs: &'static [u8],
}

const fn topic(th: &'static str, en: &'static str, sdgs: &'static [u8]) -> Topic {
    Topic { th, en, sdgs }
}

pub const TOPICS: [Topic; 20] = [
    topic("สิทธิมนุษยชน", "human rights", &[16, 10]),
    topic("ความเท่าเทียมทางเพศ", "gender equality", &[5, 10]),
    topic("ความหลากหลายทางเพศ", "gender diversity", &[5, 10]),
    topic("การเรียนรู้ตลอดชีวิต", "lifelong learning", &[4]),
    topic("ทักษะดิจิทัล", "digital skills", &[4, 8, 9]),
    topic("สุขภาวะผู้สูงอายุ", "older persons' wellbeing", &[3, 10]),
    topic("พลังเยาวชน", "youth engagement", &[4, 8, 16]),
    topic("สุขภาวะชุมชน", "community health", &[3]),
    topic("สิ่งแวดล้อม", "the environment", &[11, 13, 12]),
    topic("การจัดการขยะ", "waste management", &[11, 12]),
    topic("เศรษฐกิจชุมชน", "community economy", &[8, 1]),
    topic("การพัฒนาอาชีพ", "livelihood skills", &[8, 1, 4]),
    topic("ความปลอดภัยทางถนน", "road safety", &[3, 11]),
    topic("การป้องกันความรุนแรงในครอบครัว", "preventing domestic violence", &[5, 16]),
    topic("เมืองแห่งการเรียนรู้", "the learning city", &[4, 11, 17]),
    topic("ความเสมอภาคทางการศึกษา", "educational equity", &[4, 10]),
    topic("การท่องเที่ยวชุมชน", "community tourism", &[8, 11]),
    topic("การเตรียมพร้อมรับมือภัยพิบัติ", "disaster preparedness", &[11, 13]),
    topic("อาหารปลอดภัย", "safe food", &[2, 3]),
    topic("สิทธิแรงงานข้ามชาติ", "migrant workers' rights", &[8, 10]),
];

/// What a programme does about its topic (Thai verb, English verb).
pub const ACTIONS: [(&str, &str); 6] = [
    ("ส่งเสริม", "Promoting"),
    ("พัฒนา", "Developing"),
    ("ขับเคลื่อน", "Advancing"),
    ("เสริมสร้าง", "Strengthening"),
    ("อบรมและสร้างเครือข่าย", "Training and networking on"),
    ("รณรงค์", "Campaigning for"),
];

/// What a commitment promises (Thai, English), followed by a topic.
pub const PROMISES: [(&str, &str); 6] = [
    ("สนับสนุนวิทยากรด้าน", "Provide trainers on"),
    ("จัดสรรงบประมาณสำหรับ", "Allocate budget for"),
    ("เผยแพร่ความรู้เรื่อง", "Share knowledge on"),
    ("จัดเก็บข้อมูลและรายงานผลด้าน", "Collect data and report on"),
    ("จัดหาสถานที่จัดกิจกรรมด้าน", "Provide venues for work on"),
    ("ส่งบุคลากรเข้าร่วมอบรมด้าน", "Send staff to training on"),
];

/// Venues, before a subdistrict's name.
pub const VENUES: [(&str, &str); 6] = [
    ("ศาลาประชาคมตำบล", "Community hall,"),
    ("ห้องประชุมเทศบาลตำบล", "Municipal meeting room,"),
    ("ศูนย์การเรียนรู้ชุมชนตำบล", "Community learning centre,"),
    ("โรงเรียนประจำตำบล", "Subdistrict school,"),
    ("ห้องสมุดประชาชนตำบล", "Public library,"),
    ("วัดประจำตำบล", "Temple hall,"),
];

/// Where the money comes from.
pub const BUDGET_SOURCES: [&str; 5] = [
    "งบประมาณรายจ่ายประจำปี (ข้อมูลสังเคราะห์)",
    "เทศบัญญัติงบประมาณรายจ่าย (ข้อมูลสังเคราะห์)",
    "กองทุนสนับสนุนการสร้างเสริมสุขภาพ (ข้อมูลสังเคราะห์)",
    "ทุนวิจัยและนวัตกรรม (ข้อมูลสังเคราะห์)",
    "เงินบริจาคและภาคเอกชน (ข้อมูลสังเคราะห์)",
];

/// Syllables for the names of synthetic companies.
pub const COMPANY_SYLLABLES: [(&str, &str); 10] = [
    ("ไทย", "Thai"),
    ("รุ่ง", "Rung"),
    ("เจริญ", "Charoen"),
    ("สยาม", "Siam"),
    ("อีสาน", "Isan"),
    ("พัฒนา", "Phatthana"),
    ("มั่นคง", "Mankhong"),
    ("ศรี", "Si"),
    ("ทอง", "Thong"),
    ("สุข", "Suk"),
];
