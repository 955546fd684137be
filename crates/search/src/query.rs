//! A search query: its terms, the last one a prefix while the person is still typing.
//!
//! The terms of one written word stay together as a phrase: `มนุษยชน` is segmented into มนุษย + ชน,
//! and a document matches only where the two stand side by side (as in สิทธิมนุษยชน), not wherever
//! มนุษย and the very common ชน (ชุมชน, เยาวชน) both occur. `loose` drops that requirement, for the rare
//! text that newmm segments differently in context than alone.

use crate::terms::term_runs;

/// One term of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryTerm {
    pub text: String,
    /// Matches any indexed term starting with `text` (the word being typed).
    pub prefix: bool,
    /// Part of the same written word as the previous term: the two must be adjacent.
    pub joined: bool,
}

/// A parsed query: every term must match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    pub terms: Vec<QueryTerm>,
}

/// Queries longer than this many terms are cut: a search box is not a document.
const MAX_TERMS: usize = 32;

impl Query {
    /// Parses what someone typed. With `prefix`, the last term also matches longer words.
    pub fn parse(text: &str, prefix: bool) -> Self {
        let mut words: Vec<(String, bool)> =
            term_runs(text).into_iter().flat_map(|run| run.into_iter().enumerate().map(|(i, t)| (t, i > 0))).collect();
        words.truncate(MAX_TERMS);
        // The raw last word is kept for prefix matching: the stem of a half-typed word ("learni")
        // is not a prefix of the stem of the whole word.
        let last_raw = prefix.then(|| terms_unstemmed_last(text)).flatten();
        let n = words.len();
        let terms = words
            .into_iter()
            .enumerate()
            .map(|(i, (t, joined))| {
                let is_last = prefix && i + 1 == n;
                let text = match (&last_raw, is_last) {
                    (Some(raw), true) if raw.len() < t.len() || !raw.starts_with(&t) => raw.clone(),
                    _ => t,
                };
                QueryTerm { text, prefix: is_last, joined }
            })
            .collect();
        Self { terms }
    }

    /// Whether some written word gave several terms (so `loose` would match more).
    pub fn has_phrases(&self) -> bool {
        self.terms.iter().any(|t| t.joined)
    }

    /// The same terms without the adjacency of a word's parts.
    pub fn loose(&self) -> Self {
        Self { terms: self.terms.iter().map(|t| QueryTerm { joined: false, ..t.clone() }).collect() }
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The terms grouped by written word.
    pub fn phrases(&self) -> Vec<&[QueryTerm]> {
        let mut out = Vec::new();
        let mut start = 0;
        for i in 1..=self.terms.len() {
            if i == self.terms.len() || !self.terms[i].joined {
                out.push(&self.terms[start..i]);
                start = i;
            }
        }
        out
    }

    /// The FTS5 MATCH expression: a quoted phrase per written word (FTS5 ANDs them), the prefix term
    /// starred (a star after a phrase applies to its last term).
    pub fn fts5(&self) -> String {
        self.phrases()
            .iter()
            .map(|phrase| {
                let words: Vec<String> = phrase.iter().map(|t| t.text.replace('"', "\"\"")).collect();
                let star = if phrase.last().is_some_and(|t| t.prefix) { "*" } else { "" };
                format!("\"{}\"{star}", words.join(" "))
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The PostgreSQL tsquery: every term quoted, a word's parts joined by `<->` (followed by), the
    /// words by `&`, the prefix term with `:*`.
    pub fn tsquery(&self) -> String {
        let mut out = String::new();
        for (i, t) in self.terms.iter().enumerate() {
            if i > 0 {
                out.push_str(if t.joined { " <-> " } else { " & " });
            }
            let text = t.text.replace('\\', "\\\\").replace('\'', "''");
            let prefix = if t.prefix { ":*" } else { "" };
            out.push_str(&format!("'{text}'{prefix}"));
        }
        out
    }
}

/// The last Latin word of the text, lower-cased but not stemmed.
fn terms_unstemmed_last(text: &str) -> Option<String> {
    let last = text.trim_end().rsplit(|c: char| !c.is_alphanumeric()).next()?;
    (!last.is_empty() && last.chars().all(|c| c.is_ascii_alphanumeric())).then(|| last.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_word_being_typed_is_a_prefix() {
        let q = Query::parse("smart gend", true);
        assert_eq!(q.terms.last().unwrap(), &QueryTerm { text: "gend".into(), prefix: true, joined: false });
        assert_eq!(q.fts5(), "\"smart\" \"gend\"*");
        assert_eq!(q.tsquery(), "'smart' & 'gend':*");
    }

    #[test]
    fn the_parts_of_a_thai_word_form_a_phrase() {
        let q = Query::parse("มนุษยชน ขอนแก่น", false);
        assert!(q.has_phrases());
        assert_eq!(q.fts5(), "\"มนุษย ชน\" \"ขอนแก่น\"");
        assert_eq!(q.tsquery(), "'มนุษย' <-> 'ชน' & 'ขอนแก่น'");
        assert_eq!(q.loose().fts5(), "\"มนุษย\" \"ชน\" \"ขอนแก่น\"");
        assert!(!q.loose().has_phrases());
    }

    #[test]
    fn a_phrase_can_end_in_a_prefix() {
        let q = Query::parse("สิทธิมนุษยชน", true);
        assert!(q.fts5().ends_with(" ชน\"*"), "{}", q.fts5());
        assert!(q.tsquery().ends_with("<-> 'ชน':*"), "{}", q.tsquery());
    }

    #[test]
    fn quotes_cannot_break_out_of_a_term() {
        let q = Query { terms: vec![QueryTerm { text: "a\"b'c".into(), prefix: false, joined: false }] };
        assert_eq!(q.fts5(), "\"a\"\"b'c\"");
        assert_eq!(q.tsquery(), "'a\"b''c'");
    }

    #[test]
    fn an_empty_query_has_no_terms() {
        assert!(Query::parse("  “”  ", true).is_empty());
    }
}
