//! A search query: its terms, the last one a prefix while the person is still typing.

use crate::terms::terms;

/// One term of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryTerm {
    pub text: String,
    /// Matches any indexed term starting with `text` (the word being typed).
    pub prefix: bool,
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
        let mut words = terms(text);
        words.truncate(MAX_TERMS);
        // The raw last word is kept for prefix matching: the stem of a half-typed word ("learni")
        // is not a prefix of the stem of the whole word.
        let last_raw = prefix.then(|| terms_unstemmed_last(text)).flatten();
        let n = words.len();
        let terms = words
            .into_iter()
            .enumerate()
            .map(|(i, t)| {
                let is_last = prefix && i + 1 == n;
                let text = match (&last_raw, is_last) {
                    (Some(raw), true) if raw.len() < t.len() || !raw.starts_with(&t) => raw.clone(),
                    _ => t,
                };
                QueryTerm { text, prefix: is_last }
            })
            .collect();
        Self { terms }
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The FTS5 MATCH expression: every term quoted, the prefix term starred.
    pub fn fts5(&self) -> String {
        self.terms
            .iter()
            .map(|t| format!("\"{}\"{}", t.text.replace('"', "\"\""), if t.prefix { "*" } else { "" }))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The PostgreSQL tsquery: every term quoted, the prefix term with `:*`.
    pub fn tsquery(&self) -> String {
        self.terms
            .iter()
            .map(|t| format!("'{}'{}", t.text.replace('\\', "\\\\").replace('\'', "''"), if t.prefix { ":*" } else { "" }))
            .collect::<Vec<_>>()
            .join(" & ")
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
        assert_eq!(q.terms.last().unwrap(), &QueryTerm { text: "gend".into(), prefix: true });
        assert_eq!(q.fts5(), "\"smart\" \"gend\"*");
        assert_eq!(q.tsquery(), "'smart' & 'gend':*");
    }

    #[test]
    fn quotes_cannot_break_out_of_a_term() {
        let q = Query { terms: vec![QueryTerm { text: "a\"b'c".into(), prefix: false }] };
        assert_eq!(q.fts5(), "\"a\"\"b'c\"");
        assert_eq!(q.tsquery(), "'a\"b''c'");
    }

    #[test]
    fn an_empty_query_has_no_terms() {
        assert!(Query::parse("  “”  ", true).is_empty());
    }
}
