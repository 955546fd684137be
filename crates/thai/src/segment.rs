//! Thai word segmentation. Thai is written without spaces between words, so finding มนุษยชน inside
//! สิทธิมนุษยชน needs the text cut into words first.
//!
//! phakhi uses the newmm algorithm (maximal matching over Thai character clusters) from the `nlpo3`
//! crate with ICU's fine-grained Thai dictionary, embedded from `data/thai-words/icubrk_th.txt`. It is
//! always called with `safe = false`: nlpo3 1.4's safe mode corrupts inputs of 140 characters or more.

use std::sync::LazyLock;

use nlpo3::tokenizer::newmm::NewmmTokenizer;
use nlpo3::tokenizer::tokenizer_trait::Tokenizer;

const DICTIONARY: &str = include_str!("../../../data/thai-words/icubrk_th.txt");

static NEWMM: LazyLock<NewmmTokenizer> = LazyLock::new(|| {
    let words = DICTIONARY.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).map(str::to_owned).collect();
    NewmmTokenizer::from_word_list(words)
});

/// Cuts text into words (and the spaces, digits and punctuation between them), in order; the
/// pieces concatenate back to the input.
pub fn segment(text: &str) -> Vec<String> {
    if text.is_empty() {
        return Vec::new();
    }
    // newmm only fails on internal search errors; falling back to the whole text keeps the
    // content searchable as one token rather than losing it.
    NEWMM.segment(text, false, false).unwrap_or_else(|_| vec![text.to_owned()])
}

/// Whether a character is Thai script (U+0E00–U+0E7F).
pub fn is_thai(c: char) -> bool {
    ('\u{0E00}'..='\u{0E7F}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compounds_are_split_and_place_names_kept_whole() {
        // Whatever the pieces, the words of มนุษยชน appear in order inside สิทธิมนุษยชน.
        let part = segment("มนุษยชน");
        let whole = segment("สิทธิมนุษยชน");
        assert!(whole.len() > part.len() && whole.windows(part.len()).any(|w| w == part.as_slice()), "{whole:?} ⊉ {part:?}");
        let words = segment("ขอนแก่นเมืองแห่งการเรียนรู้");
        assert!(words.contains(&"ขอนแก่น".to_owned()), "{words:?}");
        assert_eq!(words.concat(), "ขอนแก่นเมืองแห่งการเรียนรู้");
    }

    #[test]
    fn long_input_round_trips_without_corruption() {
        // 140+ characters is where nlpo3's safe mode corrupts text; unsafe mode must not.
        let text = "การส่งเสริมความเท่าเทียมทางเพศและความเสมอภาคกับเพศทางเลือกสู่สังคมจิตอาสา".repeat(5);
        assert!(text.chars().count() > 140);
        assert_eq!(segment(&text).concat(), text);
    }
}
