use std::collections::HashMap;

use proptest::prelude::*;

use super::*;

fn error_at(text: &str) -> (usize, String) {
    let e = Formula::parse(text).expect_err(text);
    (e.position, e.message_en)
}

/// Values by the aggregate's measure name, and one value for every share.
struct Fixed {
    by_measure: HashMap<&'static str, f64>,
    share: Option<f64>,
}

impl Lookup for Fixed {
    fn aggregate(&self, a: &Aggregate) -> Option<f64> {
        self.by_measure.get(a.measure.name()).copied()
    }

    fn share(&self, _: &Share) -> Option<f64> {
        self.share
    }
}

#[test]
fn the_documented_examples_parse() {
    for text in [
        "count(activities, kind = training, aligned_to = \"sdg:5\")",
        "sum(participants, gender = female | gender_diverse) / sum(participants) * 100",
        "share(organizations, sector = provincial_office | central_government; sum(hours, kind = training, aligned_to = \"sdg:16.10\") >= 3) * 100",
        "count(agreements, status = active, area = 40)",
        "sum(budget, fiscal_year = 2567) - sum(budget, fiscal_year = 2566)",
        "-(count(programmes)) + 2 × 3 ÷ 4",
    ] {
        Formula::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
    }
}

#[test]
fn the_parts_are_what_was_written() {
    let f = Formula::parse("sum(participants, gender = female | gender_diverse, area = 50) / count(activities)").unwrap();
    let aggregates = f.aggregates();
    assert_eq!(aggregates.len(), 2);
    assert_eq!((aggregates[0].function, aggregates[0].measure), (Function::Sum, Measure::Participants));
    assert_eq!(aggregates[0].filters[0].values, ["female", "gender_diverse"]);
    assert_eq!((aggregates[0].filters[1].field, aggregates[0].filters[1].values.as_slice()), (Field::Area, ["50".to_owned()].as_slice()));
    assert_eq!((aggregates[1].function, aggregates[1].measure), (Function::Count, Measure::Activities));
    let share = Formula::parse("share(organizations, sector = civil_society; count(activities) > 0)").unwrap();
    assert_eq!(share.shares().len(), 1);
    assert!(share.aggregates().is_empty(), "the condition's aggregates are per organisation, not the formula's");
    assert_eq!(share.shares()[0].condition.aggregates().len(), 1);
}

#[test]
fn arithmetic_follows_precedence_and_division_by_zero_gives_no_value() {
    let lookup = Fixed { by_measure: HashMap::from([("participants", 30.0), ("activities", 4.0), ("programmes", 0.0)]), share: Some(0.25) };
    let value = |text: &str| Formula::parse(text).unwrap().evaluate(&lookup);
    assert_eq!(value("sum(participants) / count(activities) * 100"), Some(750.0));
    assert_eq!(value("1 + 2 * 3 - 4 / 2"), Some(5.0));
    assert_eq!(value("(1 + 2) * 3"), Some(9.0));
    assert_eq!(value("sum(participants, age_band = 15-24 | 60+) - 3"), Some(27.0), "age bands as coded");
    assert!(Formula::parse("10-3").is_err(), "arithmetic needs spaces around a dash between digits");
    assert_eq!(value("-count(activities) + 10"), Some(6.0));
    assert_eq!(value("share(organizations; count(activities) >= 3) * 100"), Some(25.0));
    assert_eq!(value("sum(participants) / count(programmes)"), None, "no programmes: no rate");
}

#[test]
fn a_condition_holds_only_when_both_sides_have_values() {
    let f = Formula::parse("share(organizations; sum(hours) >= 3)").unwrap();
    let condition = &f.shares()[0].condition;
    let hours = |h: Option<f64>| Fixed { by_measure: h.map(|h| HashMap::from([("hours", h)])).unwrap_or_default(), share: None };
    assert!(condition.holds(&hours(Some(3.0))));
    assert!(!condition.holds(&hours(Some(2.5))));
    assert!(!condition.holds(&hours(None)));
}

#[test]
fn mistakes_are_reported_where_they_are() {
    assert_eq!(error_at("count(activites)").0, 6, "unknown measure at its first letter");
    assert_eq!(error_at("cnt(activities)").0, 0);
    assert_eq!(error_at("count(activities, kind = trainng)").0, 18);
    assert!(error_at("count(activities, kind = trainng)").1.contains("'trainng' is not a valid kind"));
    assert_eq!(error_at("count(activities, sector = ngo)").0, 18, "sector does not filter activities");
    assert_eq!(error_at("count(hours)").0, 0, "hours are summed, not counted");
    assert_eq!(error_at("sum(activities, kind = training").0, 31, "missing ) at the end");
    assert_eq!(error_at("count(activities) >= 3").0, 18, "comparisons only in shares");
    assert_eq!(error_at("share(organizations; count(agreements) > 1)").0, 21, "agreements are not an organisation's own work");
    assert_eq!(error_at("share(activities; count(activities) > 1)").0, 6);
    assert_eq!(error_at("share(organizations; share(organizations; count(activities) > 0) > 0)").0, 21, "no nesting");
    assert_eq!(error_at("count(activities, kind = training, kind = workshop)").0, 35, "one filter per field");
    assert_eq!(error_at("count(activities, area = 123)").0, 18, "DOPA codes have 2, 4 or 6 digits");
    assert_eq!(error_at("count(activities, fiscal_year = 1999)").0, 18, "Buddhist Era years");
    assert_eq!(error_at("count(activities) $ 2").0, 18);
    assert_eq!(error_at("   ").0, 0);
    assert_eq!(error_at("count(activities, aligned_to = \"sdg:5)").0, 31, "unclosed quote at its start");
}

#[test]
fn an_error_becomes_a_bilingual_violation_with_the_position() {
    let e = Formula::parse("count(activites)").unwrap_err();
    let v = e.violation("/formula").into_vec().remove(0);
    assert_eq!((v.field.as_str(), v.code.as_str()), ("/formula", "invalid_formula"));
    assert!(v.message_en.contains("character 7") && v.message_th.contains("ตำแหน่งที่ 7"), "{v:?}");
}

#[test]
fn formulas_too_long_too_big_or_too_deep_are_refused_without_exhausting_anything() {
    let deep = format!("{}1{}", "(".repeat(900), ")".repeat(900));
    assert!(error_at(&deep).1.contains("nests at most"));
    let big = vec!["1"; 150].join(" + ");
    assert!(error_at(&big).1.contains("at most 200 parts"));
    let long = format!("1{}", " ".repeat(MAX_LENGTH));
    assert!(error_at(&long).1.contains("characters long"));
}

proptest! {
    /// Whatever is typed, parsing answers (a formula or an error inside the text) and never panics.
    #[test]
    fn any_text_gets_an_answer_with_a_position_inside_it(text in "[a-z_ (),;|=!<>+*/0-9\":.-]{0,80}") {
        if let Err(e) = Formula::parse(&text) {
            prop_assert!(e.position <= text.chars().count(), "{e:?} for {text:?}");
        }
    }

    /// Sums and differences of numbers evaluate as arithmetic does.
    #[test]
    fn number_arithmetic_matches_rust(a in 0u32..10_000, b in 0u32..10_000, c in 1u32..100) {
        let f = Formula::parse(&format!("{a} + {b} * {c} - ({a} - {b}) / {c}")).unwrap();
        let none = Fixed { by_measure: HashMap::new(), share: None };
        let expected = f64::from(a) + f64::from(b) * f64::from(c) - (f64::from(a) - f64::from(b)) / f64::from(c);
        prop_assert!((f.evaluate(&none).unwrap() - expected).abs() < 1e-9);
    }
}
