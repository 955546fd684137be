//! Text to search terms.

use std::sync::LazyLock;

use phakhi_thai::normalize::normalize;
use phakhi_thai::segment::{is_thai, segment};
use rust_stemmers::{Algorithm, Stemmer};

static ENGLISH: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));

#[derive(Clone, Copy, PartialEq, Eq)]
enum Script {
    Thai,
    Other,
    Break,
}

fn script(c: char) -> Script {
    if is_thai(c) && !matches!(c, '\u{0E2F}' | '\u{0E46}' | '\u{0E4F}' | '\u{0E5A}' | '\u{0E5B}') {
        Script::Thai
    } else if c.is_alphanumeric() {
        Script::Other
    } else {
        Script::Break
    }
}

/// The search terms of a text, in order (duplicates kept, so phrases stay phrases).
pub fn terms(text: &str) -> Vec<String> {
    term_runs(text).into_iter().flatten().collect()
}

/// The terms of a text grouped by the word the writer typed: a run of Thai letters between spaces or
/// other scripts gives the words it was segmented into (`สิทธิมนุษยชน` → สิทธิ, มนุษย, ชน); each Latin
/// word gives one term. A query matches a run as a phrase, since its words were written together.
pub fn term_runs(text: &str) -> Vec<Vec<String>> {
    let text = normalize(text).to_lowercase();
    let mut out = Vec::new();
    let mut run = String::new();
    let mut kind = Script::Break;
    for c in text.chars().chain(std::iter::once(' ')) {
        let k = script(c);
        if k != kind && !run.is_empty() {
            let words = run_terms(&run, kind);
            if !words.is_empty() {
                out.push(words);
            }
            run.clear();
        }
        kind = k;
        if k != Script::Break {
            run.push(c);
        }
    }
    out
}

fn run_terms(run: &str, kind: Script) -> Vec<String> {
    match kind {
        Script::Thai => segment(run).into_iter().filter(|w| w.chars().any(char::is_alphabetic)).collect(),
        Script::Other => vec![ENGLISH.stem(run).into_owned()],
        Script::Break => Vec::new(),
    }
}

/// Whether a term is a Latin-script word (typo tolerance applies only to these).
pub fn is_latin_term(term: &str) -> bool {
    term.chars().all(|c| c.is_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thai_is_segmented_and_english_stemmed() {
        assert_eq!(terms("Learning Cities"), ["learn", "citi"]);
        let t = terms("เยาวชน ขอนแก่น");
        assert!(t.contains(&"ขอนแก่น".to_owned()), "{t:?}");
    }

    #[test]
    fn mixed_scripts_split_where_the_script_changes() {
        let t = terms("โครงการSMART GENDERปี๒๕๖๗");
        assert!(t.contains(&"smart".to_owned()) && t.contains(&"gender".to_owned()) && t.contains(&"2567".to_owned()), "{t:?}");
    }

    #[test]
    fn punctuation_and_invisible_characters_are_dropped() {
        assert_eq!(terms("“SMART GENDER”,\u{200B} (ทุกเพศ)"), terms("smart gender ทุกเพศ"));
    }

    #[test]
    fn runs_follow_the_words_as_written() {
        let runs = term_runs("สิทธิมนุษยชน learning city");
        assert_eq!(runs.len(), 3, "{runs:?}");
        assert!(runs[0].len() > 1, "a Thai compound is segmented into several terms: {runs:?}");
        assert_eq!(runs[1..], [vec!["learn".to_owned()], vec!["citi".to_owned()]]);
    }

    #[test]
    fn the_part_of_a_compound_is_found_in_the_compound() {
        let whole = terms("สิทธิมนุษยชน");
        let part = terms("มนุษยชน");
        assert!(whole.windows(part.len()).any(|w| w == part.as_slice()), "{whole:?} / {part:?}");
    }
}
