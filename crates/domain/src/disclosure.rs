//! What the public may see of participation counts.
//!
//! Gender identity is sensitive personal data under Thailand's PDPA. A count from 1 to 4 in a
//! breakdown can identify people ("the one gender-diverse participant from that school"), so public
//! views hide it — and hide whatever would let a reader recover it by subtraction from a total shown
//! beside it. Zero is shown: it says nobody, which identifies no one.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::participation::ParticipationSummary;

/// Counts below this (and above zero) are hidden from the public.
pub const THRESHOLD: u64 = 5;

/// A count as it may be shown: a number, or the string `"<5"` in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    Count(u64),
    /// Displayed as "<5".
    Suppressed,
}

/// In the API document: a whole number, or the string `"<5"`.
impl utoipa::PartialSchema for Shown {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, Type};
        OneOfBuilder::new()
            .item(ObjectBuilder::new().schema_type(Type::Integer).minimum(Some(0)))
            .item(ObjectBuilder::new().schema_type(Type::String).enum_values(Some(["<5"])))
            .description(Some("A count, or \"<5\" where a count from 1 to 4 is hidden"))
            .into()
    }
}

impl utoipa::ToSchema for Shown {}

impl Serialize for Shown {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Shown::Count(n) => s.serialize_u64(*n),
            Shown::Suppressed => s.serialize_str("<5"),
        }
    }
}

/// A participation summary as a reader may see it: every breakdown disclosed on its own against the
/// total (each is shown beside it, so each must protect its small cells from subtraction).
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct DisclosedSummary {
    /// A number, or "<5".
    pub total: Shown,
    pub by_gender: BTreeMap<String, Shown>,
    pub by_age_band: BTreeMap<String, Shown>,
    pub by_target_group: BTreeMap<String, Shown>,
    pub by_nationality: BTreeMap<String, Shown>,
    /// False when small counts were hidden (the reader may see aggregates only).
    pub complete: bool,
}

/// The summary for a reader who may see everything (`private`) or aggregates only.
pub fn disclose(summary: &ParticipationSummary, private: bool) -> DisclosedSummary {
    let dimension = |m: &BTreeMap<String, u64>| -> BTreeMap<String, Shown> {
        if private {
            return m.iter().map(|(k, v)| (k.clone(), Shown::Count(*v))).collect();
        }
        let counts: Vec<u64> = m.values().copied().collect();
        let (shown, _) = breakdown(&counts, summary.total);
        m.keys().cloned().zip(shown).collect()
    };
    DisclosedSummary {
        total: if private { Shown::Count(summary.total) } else { single(summary.total) },
        by_gender: dimension(&summary.by_gender),
        by_age_band: dimension(&summary.by_age_band),
        by_target_group: dimension(&summary.by_target_group),
        by_nationality: dimension(&summary.by_nationality),
        complete: private,
    }
}

impl Shown {
    /// The count, when it may be shown.
    pub fn count(self) -> Option<u64> {
        match self {
            Shown::Count(n) => Some(n),
            Shown::Suppressed => None,
        }
    }
}

/// Breakdowns of an indicator value that describe people: a small count in one of them could identify
/// someone. Breakdowns by area or none at all describe agencies and places.
pub const PEOPLE_DIMENSIONS: [&str; 3] = ["gender", "age_band", "target_group"];

/// Whether an entered indicator value may be published: not a whole count from 1 to 4 in a breakdown
/// that describes people (a rate such as 2.5 or a count of agencies is published).
pub fn value_publishable<'a>(mut dimensions: impl Iterator<Item = &'a str>, value: f64) -> bool {
    let about_people = dimensions.any(|d| PEOPLE_DIMENSIONS.contains(&d));
    let small_count = value.fract() == 0.0 && value >= 1.0 && value < THRESHOLD as f64;
    !(about_people && small_count)
}

fn is_small(n: u64) -> bool {
    (1..THRESHOLD).contains(&n)
}

/// A single figure with nothing beside it to subtract from.
pub fn single(n: u64) -> Shown {
    if is_small(n) { Shown::Suppressed } else { Shown::Count(n) }
}

/// A breakdown whose parts add up to `total`, both to be shown together.
///
/// Primary suppression hides every part from 1 to 4 (and the total, if it is that small). If that
/// leaves exactly one part hidden while the total is shown, the hidden part would equal the total
/// minus the others, so the smallest other non-zero part is hidden too (secondary suppression).
pub fn breakdown(parts: &[u64], total: u64) -> (Vec<Shown>, Shown) {
    let total_shown = single(total);
    let mut hidden: Vec<bool> = parts.iter().map(|&n| is_small(n)).collect();
    let sizes: Vec<f64> = parts.iter().map(|&n| n as f64).collect();
    hide_a_partner(&mut hidden, &sizes, total_shown == Shown::Suppressed);
    let shown = parts.iter().zip(&hidden).map(|(&n, &h)| if h { Shown::Suppressed } else { Shown::Count(n) }).collect();
    (shown, total_shown)
}

/// Secondary suppression for parts shown beside their whole: when exactly one part is hidden and the
/// whole is not, the hidden part could be worked out from the whole and the others, so the smallest
/// other non-zero part (by `sizes`) is hidden too.
pub fn hide_a_partner(hidden: &mut [bool], sizes: &[f64], whole_hidden: bool) {
    if whole_hidden || hidden.iter().filter(|h| **h).count() != 1 {
        return;
    }
    let partner = sizes
        .iter()
        .enumerate()
        .filter(|(i, n)| !hidden[*i] && **n != 0.0)
        .min_by(|(_, a), (_, b)| a.abs().total_cmp(&b.abs()))
        .map(|(i, _)| i);
    if let Some(i) = partner {
        hidden[i] = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn small_counts_are_hidden_and_zero_is_not() {
        assert_eq!(single(0), Shown::Count(0));
        assert_eq!(single(1), Shown::Suppressed);
        assert_eq!(single(4), Shown::Suppressed);
        assert_eq!(single(5), Shown::Count(5));
    }

    #[test]
    fn a_lone_small_cell_takes_the_next_smallest_with_it() {
        let (parts, total) = breakdown(&[40, 3, 12, 0], 55);
        assert_eq!(parts, vec![Shown::Count(40), Shown::Suppressed, Shown::Suppressed, Shown::Count(0)]);
        assert_eq!(total, Shown::Count(55));
    }

    #[test]
    fn two_small_cells_protect_each_other() {
        let (parts, _) = breakdown(&[40, 3, 2], 45);
        assert_eq!(parts, vec![Shown::Count(40), Shown::Suppressed, Shown::Suppressed]);
    }

    #[test]
    fn a_small_total_is_hidden_with_its_parts() {
        let (parts, total) = breakdown(&[3, 0], 3);
        assert_eq!(parts, vec![Shown::Suppressed, Shown::Count(0)]);
        assert_eq!(total, Shown::Suppressed);
    }

    proptest! {
        /// Whatever the counts, no part from 1 to 4 is shown, and no hidden part can be recovered
        /// by subtracting the shown parts from the shown total.
        #[test]
        fn no_small_count_can_be_read_or_recovered(parts in proptest::collection::vec(0u64..30, 1..6)) {
            let total: u64 = parts.iter().sum();
            let (shown, shown_total) = breakdown(&parts, total);
            for s in &shown {
                if let Shown::Count(n) = s { prop_assert!(!is_small(*n)); }
            }
            if let Shown::Count(t) = shown_total {
                let hidden: Vec<u64> = parts.iter().zip(&shown).filter(|(_, s)| **s == Shown::Suppressed).map(|(n, _)| *n).collect();
                let visible: u64 = shown.iter().filter_map(|s| s.count()).sum();
                prop_assert_eq!(t - visible, hidden.iter().sum::<u64>());
                // A single hidden non-zero part would be recoverable exactly.
                prop_assert!(hidden.iter().filter(|n| **n > 0).count() != 1 || !hidden.iter().any(|n| is_small(*n)));
            }
        }
    }
}
