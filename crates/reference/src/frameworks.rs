//! The built-in frameworks: the UN SDGs and UNESCO's Key Features of Learning Cities.

use std::collections::HashMap;

use phakhi_domain::framework::{FrameworkInput, FrameworkItemInput, FrameworkKind, LEARNING_CITY, SDG};
use phakhi_domain::{FrameworkId, FrameworkItemId};
use phakhi_store::ReferenceFramework;
use serde::Deserialize;

use crate::{ReferenceError, err, files};

#[derive(Deserialize)]
struct Goal {
    goal: String,
    title_en: String,
    colour_hex: String,
}

#[derive(Deserialize)]
struct GoalTh {
    goal: String,
    title_th: String,
}

#[derive(Deserialize)]
struct Target {
    target: String,
    goal: String,
    title_en: String,
}

#[derive(Deserialize)]
struct Indicator {
    indicator: String,
    target: String,
    title_en: String,
}

fn rows<T: for<'de> Deserialize<'de>>(name: &str, text: &str) -> Result<Vec<T>, ReferenceError> {
    csv::Reader::from_reader(text.as_bytes()).deserialize().collect::<Result<_, _>>().map_err(|e| err(name, e))
}

fn item(
    framework: &str,
    code: &str,
    parent: Option<&str>,
    level: &str,
    th: Option<String>,
    en: String,
    position: usize,
) -> (FrameworkItemId, FrameworkItemInput) {
    (
        FrameworkItemId::reference(framework, code),
        FrameworkItemInput {
            code: code.to_owned(),
            parent_id: parent.map(|p| FrameworkItemId::reference(framework, p)),
            level: level.to_owned(),
            title_th: th,
            title_en: Some(en),
            position: position as i64,
            colour: None,
        },
    )
}

/// The 17 goals (Thai titles by phakhi), 169 targets and the global indicators.
pub fn sdg() -> Result<ReferenceFramework, ReferenceError> {
    let goals: Vec<Goal> = rows("sdg_goals.csv", files::SDG_GOALS)?;
    let thai: HashMap<String, String> =
        rows::<GoalTh>("sdg_goals_th.csv", files::SDG_GOALS_TH)?.into_iter().map(|g| (g.goal, g.title_th)).collect();
    let targets: Vec<Target> = rows("sdg_targets.csv", files::SDG_TARGETS)?;
    let indicators: Vec<Indicator> = rows("sdg_indicators.csv", files::SDG_INDICATORS)?;
    let mut items = Vec::new();
    for (i, g) in goals.into_iter().enumerate() {
        let th = thai.get(&g.goal).cloned().ok_or_else(|| ReferenceError(format!("no Thai title for SDG {}", g.goal)))?;
        let mut goal = item(SDG, &g.goal, None, "goal", Some(th), g.title_en, i);
        goal.1.colour = Some(g.colour_hex);
        items.push(goal);
    }
    for (i, t) in targets.into_iter().enumerate() {
        items.push(item(SDG, &t.target, Some(&t.goal), "target", None, t.title_en, i));
    }
    for (i, x) in indicators.into_iter().enumerate() {
        items.push(item(SDG, &x.indicator, Some(&x.target), "indicator", None, x.title_en, i));
    }
    Ok(ReferenceFramework {
        id: FrameworkId::reference(SDG),
        input: FrameworkInput {
            code: SDG.to_owned(),
            kind: FrameworkKind::Sdg,
            name_th: "เป้าหมายการพัฒนาที่ยั่งยืน (SDGs)".to_owned(),
            name_en: Some("Sustainable Development Goals".to_owned()),
            publisher: Some("United Nations".to_owned()),
            url: Some("https://unstats.un.org/sdgs/indicators/indicators-list/".to_owned()),
            description_th: Some("17 เป้าหมาย 169 เป้าประสงค์ และตัวชี้วัดระดับโลก (ฉบับทบทวนปี 2025)".to_owned()),
            description_en: Some("17 goals, 169 targets and the global indicator framework (after the 2025 review)".to_owned()),
        },
        items,
    })
}

#[derive(Deserialize)]
struct LearningCities {
    groups: Vec<Group>,
}

#[derive(Deserialize)]
struct Group {
    id: String,
    name_en: String,
    areas: Vec<AreaOfFocus>,
}

#[derive(Deserialize)]
struct AreaOfFocus {
    id: String,
    name_en: String,
}

#[derive(Deserialize)]
struct NameTh {
    id: String,
    name_th: String,
}

/// UNESCO's Key Features of Learning Cities: 3 groups and 12 areas of focus (Thai by phakhi).
pub fn learning_city() -> Result<ReferenceFramework, ReferenceError> {
    let data: LearningCities = serde_json::from_str(files::LEARNING_CITIES).map_err(|e| err("key_features_areas_of_focus.json", e))?;
    let thai: HashMap<String, String> =
        rows::<NameTh>("areas_th.csv", files::LEARNING_CITIES_TH)?.into_iter().map(|n| (n.id, n.name_th)).collect();
    let mut items = Vec::new();
    for (gi, g) in data.groups.iter().enumerate() {
        items.push(item(LEARNING_CITY, &g.id, None, "group", thai.get(&g.id).cloned(), g.name_en.clone(), gi));
        for (ai, a) in g.areas.iter().enumerate() {
            items.push(item(LEARNING_CITY, &a.id, Some(&g.id), "area", thai.get(&a.id).cloned(), a.name_en.clone(), ai));
        }
    }
    Ok(ReferenceFramework {
        id: FrameworkId::reference(LEARNING_CITY),
        input: FrameworkInput {
            code: LEARNING_CITY.to_owned(),
            kind: FrameworkKind::LearningCity,
            name_th: "องค์ประกอบสำคัญของเมืองแห่งการเรียนรู้ของยูเนสโก".to_owned(),
            name_en: Some("UNESCO Key Features of Learning Cities".to_owned()),
            publisher: Some("UNESCO Institute for Lifelong Learning".to_owned()),
            url: Some("https://www.uil.unesco.org/en/learning-cities".to_owned()),
            description_th: Some("3 กลุ่ม 12 ประเด็นมุ่งเน้น (แปลภาษาไทยโดยโครงการ phakhi, CC BY-SA 3.0 IGO)".to_owned()),
            description_en: Some("3 groups and 12 areas of focus (UIL Guiding Documents, CC BY-SA 3.0 IGO)".to_owned()),
        },
        items,
    })
}
