//! Search text processing, shared by indexing and querying so both see the same terms.
//!
//! Text is normalised (see `phakhi_thai::normalize`), cut into runs of Thai and of other scripts,
//! Thai runs are segmented into words, Latin words are case-folded and stemmed (Snowball English), and
//! punctuation is dropped. The store keeps the resulting terms in the database's own full-text index
//! (SQLite FTS5, PostgreSQL `tsvector`), which then only has to match whole terms.

mod query;
mod rank;
mod snippet;
mod terms;

pub use query::{Query, QueryTerm};
pub use rank::relevance;
pub use snippet::snippet;
pub use terms::{is_latin_term, terms};

/// One edit is tolerated in Latin words of at least this many letters ("lerning" finds "learning").
pub const FUZZY_MIN_LEN: usize = 4;

/// Whether `candidate` is within one edit of `term` (for typo tolerance in Latin words).
pub fn within_one_edit(term: &str, candidate: &str) -> bool {
    strsim::levenshtein(term, candidate) <= 1
}
