//! How far a plan has got: pure functions, so the same method holds on every page, report and export
//! (the method and its thresholds are documented in docs/indicators.md).
//!
//! * **Towards target.** An indicator's *achieved* share is how much of the way from its baseline to
//!   its final target (the target of its latest year) the value has come, from 0 to 1, respecting
//!   its direction (a fall is progress when lower is better). Its *expected* share at the reporting
//!   year is the plan's own milestone (the target set for that year) when there is one, else linear
//!   progress from the baseline year to the final target's year. The status compares the two: on
//!   track when achieved ≥ [`ON_TRACK`] × expected, at risk when ≥ [`AT_RISK`] × expected, else off
//!   track; no value is `no_data`, no baseline or target `no_target`.
//! * **Roll-up.** A strategy's or a measure's shares are the weighted means of its children's; children
//!   without data are left out of the means and reported, and a parent none of whose children has
//!   data has none itself.

use phakhi_thai::FiscalYear;
use serde::{Deserialize, Serialize};

use crate::indicator::{Baseline, Direction, Target};

crate::vocabulary! {
    /// The status light of an indicator or a plan item.
    ProgressStatus as "progress_status" {
        OnTrack = "on_track", "เป็นไปตามแผน", "On track";
        AtRisk = "at_risk", "มีความเสี่ยง", "At risk";
        OffTrack = "off_track", "ต่ำกว่าแผน", "Off track";
        NoData = "no_data", "ยังไม่มีข้อมูล", "No data";
        NoTarget = "no_target", "ยังไม่กำหนดค่าฐานหรือค่าเป้าหมาย", "No baseline or target";
    }
}

/// On track: at least this share of the progress expected by now.
pub const ON_TRACK: f64 = 0.9;
/// At risk (rather than off track): at least this share of the progress expected by now.
pub const AT_RISK: f64 = 0.6;

/// Progress of an indicator or an item.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Progress {
    /// Share of the way from baseline to final target achieved, 0–1.
    pub achieved: Option<f64>,
    /// Share of the way the plan expects by the reporting year, 0–1.
    pub expected: Option<f64>,
    pub status: ProgressStatus,
}

impl Progress {
    fn without(status: ProgressStatus, expected: Option<f64>) -> Self {
        Progress { achieved: None, expected, status }
    }

    /// Whether the progress can be counted in a roll-up.
    pub fn has_data(&self) -> bool {
        self.achieved.is_some() && self.expected.is_some()
    }
}

/// The status of an achieved share against the share expected by now.
pub fn classify(achieved: f64, expected: f64) -> ProgressStatus {
    // A value exactly on a threshold counts as reaching it, whatever the rounding of the shares.
    const ROUNDING: f64 = 1e-9;
    // Nothing expected yet (the reporting year is the baseline year): any value is on track.
    if expected <= 0.0 || achieved + ROUNDING >= ON_TRACK * expected {
        ProgressStatus::OnTrack
    } else if achieved + ROUNDING >= AT_RISK * expected {
        ProgressStatus::AtRisk
    } else {
        ProgressStatus::OffTrack
    }
}

/// +1 when higher is better, −1 when lower is, so a gain is always positive.
fn sign(direction: Direction) -> f64 {
    match direction {
        Direction::HigherIsBetter => 1.0,
        Direction::LowerIsBetter => -1.0,
    }
}

/// An indicator's progress in `year`, for its value in that year (`None` when there is none).
pub fn towards_target(
    direction: Direction,
    baseline: Option<Baseline>,
    targets: &[Target],
    value: Option<f64>,
    year: FiscalYear,
) -> Progress {
    let final_target = targets.iter().copied().max_by_key(|t| t.fiscal_year);
    let (Some(b), Some(t)) = (baseline, final_target) else { return Progress::without(ProgressStatus::NoTarget, None) };
    if t.fiscal_year <= b.fiscal_year {
        return Progress::without(ProgressStatus::NoTarget, None);
    }
    let s = sign(direction);
    let needed = (t.value - b.value) * s;
    let milestone = targets.iter().find(|m| m.fiscal_year == year);
    let expected = expected_share(b, t, milestone.copied(), needed, s, year);
    let Some(v) = value.filter(|v| v.is_finite()) else { return Progress::without(ProgressStatus::NoData, Some(expected)) };
    let achieved = if needed <= 0.0 {
        // A target to hold a level (or one the baseline already met): met or not.
        if (v - t.value) * s >= 0.0 { 1.0 } else { 0.0 }
    } else {
        ((v - b.value) * s / needed).clamp(0.0, 1.0)
    };
    Progress { achieved: Some(achieved), expected: Some(expected), status: classify(achieved, expected) }
}

/// The plan's milestone for the year as a share of the way, else linear progress over the years.
fn expected_share(b: Baseline, t: Target, milestone: Option<Target>, needed: f64, s: f64, year: FiscalYear) -> f64 {
    if needed <= 0.0 {
        return 1.0;
    }
    if let Some(m) = milestone {
        return ((m.value - b.value) * s / needed).clamp(0.0, 1.0);
    }
    let elapsed = f64::from(year.be() - b.fiscal_year.be());
    let span = f64::from(t.fiscal_year.be() - b.fiscal_year.be());
    (elapsed / span).clamp(0.0, 1.0)
}

/// A parent's progress from its children's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RollUp {
    pub progress: Progress,
    /// Children counted in the means.
    pub counted: usize,
    /// Positions (in the order given) of the children left out for lack of data.
    pub excluded: Vec<usize>,
}

/// The weighted means of the children's achieved and expected shares, `(weight, progress)` each.
/// Weights are positive (the domain refuses others); a child without data is excluded.
pub fn roll_up(children: &[(f64, Progress)]) -> RollUp {
    let mut weight = 0.0;
    let (mut achieved, mut expected) = (0.0, 0.0);
    let mut excluded = Vec::new();
    for (i, (w, p)) in children.iter().enumerate() {
        match (p.achieved, p.expected) {
            (Some(a), Some(e)) if *w > 0.0 => {
                weight += w;
                achieved += w * a;
                expected += w * e;
            }
            _ => excluded.push(i),
        }
    }
    let counted = children.len() - excluded.len();
    if counted == 0 {
        return RollUp { progress: Progress::without(ProgressStatus::NoData, None), counted, excluded };
    }
    let (a, e) = ((achieved / weight).clamp(0.0, 1.0), (expected / weight).clamp(0.0, 1.0));
    RollUp { progress: Progress { achieved: Some(a), expected: Some(e), status: classify(a, e) }, counted, excluded }
}

/// One item of a plan's tree, for [`roll_up_tree`].
#[derive(Debug, Clone, PartialEq)]
pub struct Node<K> {
    pub key: K,
    pub parent: Option<K>,
    pub weight: f64,
    /// An indicator's own progress; `None` for a strategy or a measure, which roll up their children.
    pub own: Option<Progress>,
}

/// Every node's progress, in the order given: an indicator's own, the others rolled up from their
/// children (children in the order given). A node whose parent is missing from the list is simply
/// not counted anywhere; the store keeps trees whole, so this only guards against partial input.
pub fn roll_up_tree<K: PartialEq + Copy>(nodes: &[Node<K>]) -> Vec<RollUp> {
    let mut out: Vec<Option<RollUp>> = vec![None; nodes.len()];
    // Parents are always of a higher level, so at most three passes settle a plan's tree; each pass
    // settles the nodes all of whose children are settled, which also stops on malformed input.
    for _ in 0..=nodes.len() {
        let mut settled_any = false;
        for i in 0..nodes.len() {
            if out[i].is_some() {
                continue;
            }
            if let Some(own) = nodes[i].own {
                out[i] = Some(RollUp { counted: usize::from(own.has_data()), excluded: Vec::new(), progress: own });
                settled_any = true;
                continue;
            }
            let children: Vec<usize> = (0..nodes.len()).filter(|&c| nodes[c].parent == Some(nodes[i].key)).collect();
            if children.iter().all(|&c| out[c].is_some()) {
                let parts: Vec<(f64, Progress)> =
                    children.iter().filter_map(|&c| out[c].as_ref().map(|r| (nodes[c].weight, r.progress))).collect();
                let mut r = roll_up(&parts);
                r.excluded = r.excluded.iter().map(|&x| children[x]).collect();
                out[i] = Some(r);
                settled_any = true;
            }
        }
        if !settled_any {
            break;
        }
    }
    out.into_iter().map(|r| r.unwrap_or_else(|| roll_up(&[]))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_tree_rolls_up_level_by_level_and_names_the_children_left_out() {
        let p = |a: f64| Some(Progress { achieved: Some(a), expected: Some(0.5), status: classify(a, 0.5) });
        let none = Some(Progress::without(ProgressStatus::NoData, Some(0.5)));
        let node = |key, parent, weight, own| Node { key, parent, weight, own };
        let nodes = [
            node(1, None, 1.0, None),
            node(2, Some(1), 1.0, None),
            node(3, Some(1), 3.0, None),
            node(4, Some(2), 1.0, p(0.2)),
            node(5, Some(2), 1.0, p(0.4)),
            node(6, Some(3), 1.0, p(0.6)),
            node(7, Some(3), 1.0, none),
        ];
        let r = roll_up_tree(&nodes);
        assert!((r[1].progress.achieved.unwrap() - 0.3).abs() < 1e-12);
        assert_eq!(r[2].progress.achieved, Some(0.6));
        assert_eq!(r[2].excluded, [6], "the child without data is named by its position in the list");
        assert!((r[0].progress.achieved.unwrap() - (0.3 + 3.0 * 0.6) / 4.0).abs() < 1e-12);
        assert_eq!(r[0].counted, 2);
        // A measure with no children has no data, and its strategy leaves it out.
        let r = roll_up_tree(&[node(1, None, 1.0, None), node(2, Some(1), 1.0, None)]);
        assert_eq!(r[0].progress.status, ProgressStatus::NoData);
        assert_eq!(r[0].excluded, [1]);
    }

    fn year(be: i32) -> FiscalYear {
        FiscalYear::from_be(be).unwrap()
    }

    fn base(value: f64) -> Option<Baseline> {
        Some(Baseline { value, fiscal_year: year(2565) })
    }

    fn target(value: f64) -> Vec<Target> {
        vec![Target { fiscal_year: year(2570), value }]
    }

    #[test]
    fn linear_expectation_and_the_thresholds() {
        // Baseline 20% in 2565, target 70% in 2570: by 2567 two fifths of the way (40%) are expected.
        let p = |v| towards_target(Direction::HigherIsBetter, base(20.0), &target(70.0), Some(v), year(2567));
        assert_eq!(p(40.0).expected, Some(0.4));
        assert_eq!(p(40.0).achieved, Some(0.4));
        assert_eq!(p(40.0).status, ProgressStatus::OnTrack);
        assert_eq!(p(38.0).status, ProgressStatus::OnTrack, "36% of the way is 90% of the 40% expected");
        assert_eq!(p(37.0).status, ProgressStatus::AtRisk);
        assert_eq!(p(32.0).status, ProgressStatus::AtRisk, "24% of the way is 60% of 40%");
        assert_eq!(p(31.0).status, ProgressStatus::OffTrack);
        assert_eq!(p(10.0).achieved, Some(0.0), "going backwards is no progress, not negative progress");
        assert_eq!(p(95.0).achieved, Some(1.0));
    }

    #[test]
    fn a_milestone_for_the_year_replaces_the_straight_line() {
        let mut targets = target(70.0);
        targets.push(Target { fiscal_year: year(2567), value: 25.0 });
        let p = towards_target(Direction::HigherIsBetter, base(20.0), &targets, Some(25.0), year(2567));
        assert_eq!(p.expected, Some(0.1));
        assert_eq!(p.status, ProgressStatus::OnTrack);
    }

    #[test]
    fn lower_is_better_counts_a_fall_as_progress() {
        let p = towards_target(Direction::LowerIsBetter, base(100.0), &target(50.0), Some(75.0), year(2570));
        assert_eq!(p.achieved, Some(0.5));
        assert_eq!(p.expected, Some(1.0));
        assert_eq!(p.status, ProgressStatus::OffTrack);
    }

    #[test]
    fn without_a_value_or_a_goal_there_is_no_status() {
        assert_eq!(towards_target(Direction::HigherIsBetter, base(0.0), &target(10.0), None, year(2567)).status, ProgressStatus::NoData);
        assert_eq!(towards_target(Direction::HigherIsBetter, None, &target(10.0), Some(5.0), year(2567)).status, ProgressStatus::NoTarget);
        assert_eq!(towards_target(Direction::HigherIsBetter, base(0.0), &[], Some(5.0), year(2567)).status, ProgressStatus::NoTarget);
    }

    #[test]
    fn a_target_to_hold_a_level_is_met_or_not() {
        let p = |v| towards_target(Direction::HigherIsBetter, base(100.0), &target(100.0), Some(v), year(2566)).status;
        assert_eq!(p(100.0), ProgressStatus::OnTrack);
        assert_eq!(p(99.0), ProgressStatus::OffTrack);
    }

    #[test]
    fn roll_up_leaves_out_and_reports_children_without_data() {
        let on = Progress { achieved: Some(0.5), expected: Some(0.4), status: ProgressStatus::OnTrack };
        let off = Progress { achieved: Some(0.1), expected: Some(0.4), status: ProgressStatus::OffTrack };
        let none = Progress::without(ProgressStatus::NoData, Some(0.4));
        let r = roll_up(&[(3.0, on), (1.0, off), (2.0, none)]);
        assert_eq!(r.counted, 2);
        assert_eq!(r.excluded, [2]);
        assert!((r.progress.achieved.unwrap() - 0.4).abs() < 1e-12);
        assert_eq!(r.progress.status, ProgressStatus::OnTrack);
        assert_eq!(roll_up(&[(1.0, none)]).progress.status, ProgressStatus::NoData);
        assert_eq!(roll_up(&[]).progress.status, ProgressStatus::NoData);
    }

    fn direction() -> impl Strategy<Value = Direction> {
        prop_oneof![Just(Direction::HigherIsBetter), Just(Direction::LowerIsBetter)]
    }

    fn progress() -> impl Strategy<Value = Progress> {
        prop_oneof![
            (0.0..=1.0f64, 0.0..=1.0f64).prop_map(|(a, e)| Progress { achieved: Some(a), expected: Some(e), status: classify(a, e) }),
            Just(Progress::without(ProgressStatus::NoData, None)),
        ]
    }

    proptest! {
        #[test]
        fn achieved_is_a_share_and_grows_with_a_better_value(
            d in direction(), b in -1e6..1e6f64, t in -1e6..1e6f64, v in -1e6..1e6f64, dv in 0.0..1e6f64, y in 2566..2575i32,
        ) {
            let better = match d { Direction::HigherIsBetter => v + dv, Direction::LowerIsBetter => v - dv };
            let p = |v| towards_target(d, base(b), &target(t), Some(v), year(y));
            let (a, a2) = (p(v).achieved.unwrap(), p(better).achieved.unwrap());
            prop_assert!((0.0..=1.0).contains(&a));
            prop_assert!(a2 >= a, "a better value never shows less progress ({a2} < {a})");
            let e = p(v).expected.unwrap();
            prop_assert!((0.0..=1.0).contains(&e));
            prop_assert_eq!(p(v).status, classify(a, e));
        }

        #[test]
        fn lower_is_better_mirrors_higher_is_better(b in -1e6..1e6f64, t in -1e6..1e6f64, v in -1e6..1e6f64, y in 2566..2575i32) {
            let low = towards_target(Direction::LowerIsBetter, base(b), &target(t), Some(v), year(y));
            let high = towards_target(Direction::HigherIsBetter, base(-b), &target(-t), Some(-v), year(y));
            prop_assert_eq!(low, high);
        }

        #[test]
        fn reaching_the_target_is_all_the_way_and_the_baseline_none_of_it(d in direction(), b in -1e6..1e6f64, gap in 1e-3..1e6f64) {
            let t = match d { Direction::HigherIsBetter => b + gap, Direction::LowerIsBetter => b - gap };
            let p = |v| towards_target(d, base(b), &target(t), Some(v), year(2567)).achieved.unwrap();
            prop_assert_eq!(p(t), 1.0);
            prop_assert_eq!(p(b), 0.0);
        }

        #[test]
        fn roll_up_is_the_weighted_mean_of_the_children_with_data(
            children in proptest::collection::vec((0.01..100.0f64, progress()), 0..12), k in 0.1..10.0f64,
        ) {
            let r = roll_up(&children);
            let with_data: Vec<&(f64, Progress)> = children.iter().filter(|(_, p)| p.has_data()).collect();
            prop_assert_eq!(r.counted, with_data.len());
            prop_assert_eq!(r.counted + r.excluded.len(), children.len());
            prop_assert!(r.excluded.iter().all(|i| !children[*i].1.has_data()));
            if with_data.is_empty() {
                prop_assert_eq!(r.progress.status, ProgressStatus::NoData);
            } else {
                let w: f64 = with_data.iter().map(|(w, _)| w).sum();
                let mean = with_data.iter().map(|(w, p)| w * p.achieved.unwrap()).sum::<f64>() / w;
                let a = r.progress.achieved.unwrap();
                prop_assert!((a - mean).abs() < 1e-9);
                let lo = with_data.iter().map(|(_, p)| p.achieved.unwrap()).fold(f64::INFINITY, f64::min);
                let hi = with_data.iter().map(|(_, p)| p.achieved.unwrap()).fold(f64::NEG_INFINITY, f64::max);
                prop_assert!(a >= lo - 1e-9 && a <= hi + 1e-9);
                // Only the proportions of the weights matter.
                let scaled: Vec<(f64, Progress)> = children.iter().map(|(w, p)| (w * k, *p)).collect();
                prop_assert!((roll_up(&scaled).progress.achieved.unwrap() - a).abs() < 1e-9);
            }
        }
    }
}
