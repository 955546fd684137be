//! The built-in target groups: those the reports name (LGBTQ people, children and youth, civil society,
//! municipal staff, the urban poor, the educationally disadvantaged, communities, students) and the
//! groups Thai social programmes commonly serve.

use phakhi_domain::target_group::TargetGroup;

const GROUPS: [(&str, &str, &str); 16] = [
    ("lgbtq", "ผู้มีความหลากหลายทางเพศ (LGBTQ+)", "LGBTQ+ people"),
    ("children_youth", "เด็กและเยาวชน", "Children and youth"),
    ("women", "สตรี", "Women"),
    ("older_persons", "ผู้สูงอายุ", "Older persons"),
    ("persons_with_disabilities", "คนพิการ", "Persons with disabilities"),
    ("urban_poor", "คนจนเมือง", "Urban poor"),
    ("educationally_disadvantaged", "ผู้ด้อยโอกาสทางการศึกษา", "Educationally disadvantaged people"),
    ("students", "นักเรียนนักศึกษา", "Students"),
    ("community_members", "ชุมชนและประชาชนในพื้นที่", "Community members"),
    ("civil_society", "ภาคประชาสังคม", "Civil society"),
    ("government_staff", "บุคลากรภาครัฐและท้องถิ่น", "Government and municipal staff"),
    ("business", "ภาคธุรกิจ", "Businesses"),
    ("workers", "แรงงานและผู้ประกอบอาชีพ", "Workers and job seekers"),
    ("migrant_workers", "แรงงานข้ามชาติ", "Migrant workers"),
    ("international_visitors", "ผู้เดินทางจากต่างประเทศ", "International visitors and delegates"),
    ("general_public", "ประชาชนทั่วไป", "General public"),
];

pub fn builtin() -> Vec<TargetGroup> {
    GROUPS
        .iter()
        .map(|(code, th, en)| TargetGroup { code: (*code).into(), name_th: (*th).into(), name_en: (*en).into(), builtin: true })
        .collect()
}
