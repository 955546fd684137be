//! Relevance: how well a record's terms answer a query, for ordering hits.
//!
//! BM25's term-frequency part (saturating, normalised by field length) on the title and on the rest,
//! the title weighing ten times more — without BM25's inverse document frequency. Every hit contains
//! every word of the query, so IDF would only weigh the query's words against each other, and
//! computing it makes the database read each word's whole posting list (18–55 ms per query at national
//! scale, measured; see docs/performance.md). PostgreSQL's `ts_rank` has no IDF either.

use crate::query::{Query, QueryTerm};

/// BM25's usual parameters: term-frequency saturation and the strength of length normalisation.
const K1: f64 = 1.2;
const B: f64 = 0.75;
/// Typical field lengths in terms (titles of the demonstration network and the generated data).
const TITLE_LENGTH: f64 = 12.0;
const BODY_LENGTH: f64 = 40.0;
/// A word in the title counts this many times a word elsewhere (as FTS5's column weights 10:1 did).
const TITLE_WEIGHT: f64 = 10.0;

/// The relevance of a record whose title and body terms (space-separated, as indexed) are given.
pub fn relevance(query: &Query, title_terms: &str, body_terms: &str) -> f64 {
    let title: Vec<&str> = title_terms.split_whitespace().collect();
    let body: Vec<&str> = body_terms.split_whitespace().collect();
    query
        .phrases()
        .iter()
        .map(|phrase| {
            TITLE_WEIGHT * saturate(occurrences(phrase, &title), title.len(), TITLE_LENGTH)
                + saturate(occurrences(phrase, &body), body.len(), BODY_LENGTH)
        })
        .sum()
}

fn saturate(tf: usize, length: usize, typical: f64) -> f64 {
    let tf = tf as f64;
    tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * length as f64 / typical))
}

/// How often the phrase stands in the terms, its terms side by side.
fn occurrences(phrase: &[QueryTerm], terms: &[&str]) -> usize {
    if phrase.is_empty() || phrase.len() > terms.len() {
        return 0;
    }
    terms.windows(phrase.len()).filter(|window| window.iter().zip(phrase).all(|(term, q)| matches(q, term))).count()
}

fn matches(q: &QueryTerm, term: &str) -> bool {
    if q.prefix { term.starts_with(q.text.as_str()) } else { term == q.text }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(text: &str) -> Query {
        Query::parse(text, false)
    }

    #[test]
    fn a_title_match_outranks_a_body_match() {
        let query = q("youth");
        assert!(relevance(&query, "youth council", "meet") > relevance(&query, "council", "youth meet"));
    }

    #[test]
    fn a_shorter_title_holding_the_words_ranks_higher() {
        let query = q("youth council");
        let short = relevance(&query, "youth council", "");
        let long = relevance(&query, "youth council of the northern provinces and their partner networks", "");
        assert!(short > long, "{short} / {long}");
    }

    #[test]
    fn a_thai_word_counts_only_where_its_parts_stand_together() {
        let query = q("มนุษยชน");
        let parts: Vec<String> = query.terms.iter().map(|t| t.text.clone()).collect();
        let together = parts.join(" ");
        let apart = format!("{} อื่น {}", parts[0], parts[1]);
        assert!(relevance(&query, &together, "") > 0.0);
        assert_eq!(relevance(&query, &apart, ""), 0.0);
    }

    #[test]
    fn the_word_being_typed_matches_longer_terms() {
        let query = Query::parse("learn", true);
        assert!(relevance(&query, "learning", "") > 0.0);
    }

    #[test]
    fn more_occurrences_count_but_saturate() {
        let query = q("youth");
        let one = relevance(&query, "", "youth a b c");
        let three = relevance(&query, "", "youth youth youth c");
        assert!(three > one && three < 3.0 * one, "{one} / {three}");
    }
}
