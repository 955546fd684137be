//! Shortening labels to fit a chart, without breaking Thai syllables.
//!
//! Why: SVG text does not wrap or clip by itself, and Thai names of organisations and provinces are
//! long. A label that does not fit is cut and ends in "…"; the full text stays in the element's
//! `<title>` and in the table. Thai writes vowels and tone marks above and below the consonant as
//! separate code points (combining marks), so the cut must never fall right before one — the mark would
//! be left on the ellipsis or dropped from its consonant. Width is estimated by counting the characters
//! that take horizontal space; SVG offers no text measurement on the server.

/// Whether `c` takes no horizontal space of its own: Thai vowels and tone marks written above or below
/// the consonant (U+0E31, U+0E34–U+0E3A, U+0E47–U+0E4E), general combining diacritics, zero-width
/// joiners and variation selectors.
pub(crate) fn is_combining(c: char) -> bool {
    matches!(c,
        '\u{0E31}' | '\u{0E34}'..='\u{0E3A}' | '\u{0E47}'..='\u{0E4E}'
        | '\u{0300}'..='\u{036F}' | '\u{200B}'..='\u{200D}' | '\u{FE00}'..='\u{FE0F}')
}

/// Thai vowels written before the consonant they follow in speech (เ แ โ ใ ไ): a label should not
/// end in one, as it belongs to the syllable that was cut off.
fn is_leading_vowel(c: char) -> bool {
    matches!(c, '\u{0E40}'..='\u{0E44}')
}

/// The number of characters in `s` that take horizontal space (combining marks are not counted).
pub fn visual_len(s: &str) -> usize {
    s.chars().filter(|&c| !is_combining(c)).count()
}

/// Shortens `s` to at most `max` spacing characters, the last being "…", cutting only where the next
/// character is not a combining mark. Returns `s` unchanged when it fits.
pub fn truncate(s: &str, max: usize) -> String {
    if visual_len(s) <= max {
        return s.to_owned();
    }
    if max == 0 {
        return String::new();
    }
    // Keep `max - 1` spacing characters with the marks that follow them, then the ellipsis.
    let keep = max - 1;
    let mut end = 0;
    let mut spacing = 0;
    for (i, c) in s.char_indices() {
        if !is_combining(c) {
            if spacing == keep {
                break;
            }
            spacing += 1;
        }
        end = i + c.len_utf8();
    }
    let mut head = &s[..end];
    while let Some(last) = head.chars().next_back() {
        if is_leading_vowel(last) || last.is_whitespace() {
            head = &head[..head.len() - last.len_utf8()];
        } else {
            break;
        }
    }
    format!("{head}…")
}

/// Estimated width of `s` in user units at `font_size`: Sarabun's Thai and Latin letters average a
/// little over half an em, so 0.58 em per spacing character errs on the wide side.
pub(crate) fn text_width(s: &str, font_size: f64) -> f64 {
    visual_len(s) as f64 * font_size * EM_PER_CHAR
}

/// How many spacing characters fit in `width` user units at `font_size`.
pub(crate) fn chars_fitting(width: f64, font_size: f64) -> usize {
    (width / (font_size * EM_PER_CHAR)).floor().max(1.0) as usize
}

/// Shortens `s` to fit `width` user units at `font_size`.
pub(crate) fn fit(s: &str, width: f64, font_size: f64) -> String {
    truncate(s, chars_fitting(width, font_size))
}

const EM_PER_CHAR: f64 = 0.58;

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn short_labels_are_unchanged() {
        assert_eq!(truncate("เชียงใหม่", 20), "เชียงใหม่");
        assert_eq!(truncate("Chiang Mai", 10), "Chiang Mai");
    }

    #[test]
    fn thai_marks_are_not_counted_and_stay_with_their_consonant() {
        // "กรุงเทพมหานคร": ุ is a combining mark, so 12 spacing characters of 13.
        assert_eq!(visual_len("กรุงเทพมหานคร"), 12);
        // Cutting after "ก ร" must keep the ุ that sits under ร.
        assert_eq!(truncate("กรุงเทพมหานคร", 3), "กรุ…");
        // A cut after the leading vowel เ drops it: it belongs to the cut-off syllable.
        assert_eq!(truncate("กรุงเทพมหานคร", 5), "กรุง…");
        assert_eq!(truncate("Chiang Mai province", 7), "Chiang…");
    }

    proptest! {
        #[test]
        fn truncation_never_leaves_a_dangling_mark(
            s in "[\u{0E01}-\u{0E3A}\u{0E40}-\u{0E4E} a-z]{0,40}",
            max in 1usize..25,
        ) {
            let out = truncate(&s, max);
            prop_assert!(visual_len(&out) <= max);
            if out != s {
                let head = out.strip_suffix('…').expect("a shortened label ends in an ellipsis");
                prop_assert!(s.starts_with(head));
                // The character after the cut in the original is never a combining mark…
                if let Some(next) = s[head.len()..].chars().next() {
                    prop_assert!(!is_combining(next), "cut before mark {next:?} in {s:?} -> {out:?}");
                }
                // …and the kept part does not end in a leading vowel cut off from its syllable.
                prop_assert!(!head.chars().next_back().is_some_and(is_leading_vowel));
            }
        }
    }
}
