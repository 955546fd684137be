//! Normalising Thai text so that the same words typed in different ways compare equal.
//!
//! Thai text arrives from Word documents, PDFs, LINE messages and old TIS-620 systems. The same word
//! can differ invisibly: zero-width spaces used as word-break hints, a tone mark typed twice, ำ typed
//! as ํ + า, เ typed twice for แ, Thai digits (๒๕๖๗) beside Arabic ones (2567). Search, matching and
//! imports must treat these as the same text, so they all pass through [`normalize`].

use unicode_normalization::UnicodeNormalization;

/// Characters that carry no visible content and are removed: zero-width space, zero-width
/// non-joiner/joiner, word joiner, soft hyphen and the byte-order mark.
const INVISIBLE: [char; 6] = ['\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{00AD}', '\u{FEFF}'];

/// Thai combining marks above or below a consonant (vowels ั ิ ี ึ ื ุ ู ฺ, tone marks, ็ ์ ํ ๎).
fn is_combining(c: char) -> bool {
    matches!(c, '\u{0E31}' | '\u{0E34}'..='\u{0E3A}' | '\u{0E47}'..='\u{0E4E}')
}

fn is_tone_mark(c: char) -> bool {
    matches!(c, '\u{0E48}'..='\u{0E4B}')
}

/// Text in its canonical form: NFC, invisible characters removed, Thai spelling variants unified
/// (repeated marks, ํา, เเ, tone mark order), Thai digits as Arabic digits.
pub fn normalize(text: &str) -> String {
    let mut out: Vec<char> = Vec::with_capacity(text.len());
    for c in text.nfc() {
        if INVISIBLE.contains(&c) {
            continue;
        }
        let c = thai_digit_to_arabic(c);
        match (out.last().copied(), c) {
            // A combining mark repeated is typed twice, not meant twice.
            (Some(prev), c) if prev == c && is_combining(c) => {}
            // ํ + า is how ำ is often typed.
            (Some('\u{0E4D}'), '\u{0E32}') => {
                out.pop();
                out.push('\u{0E33}');
            }
            // เ + เ is how แ is often typed.
            (Some('\u{0E40}'), '\u{0E40}') => {
                out.pop();
                out.push('\u{0E41}');
            }
            _ => out.push(c),
        }
    }
    tone_before_sara_am(&mut out);
    out.into_iter().collect()
}

/// Moves a tone mark typed after ำ to before it: consonant, tone mark, sara am is the standard
/// order (นำ้ → น้ำ).
fn tone_before_sara_am(chars: &mut [char]) {
    for i in 1..chars.len() {
        if chars[i - 1] == '\u{0E33}' && is_tone_mark(chars[i]) {
            chars.swap(i - 1, i);
        }
    }
}

/// ๐–๙ become 0–9; other characters are unchanged.
pub fn thai_digit_to_arabic(c: char) -> char {
    match c {
        '\u{0E50}'..='\u{0E59}' => char::from(b'0' + (c as u32 - 0x0E50) as u8),
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_characters_disappear() {
        assert_eq!(normalize("สิทธิ\u{200B}มนุษยชน\u{FEFF}"), "สิทธิมนุษยชน");
    }

    #[test]
    fn doubled_marks_and_split_vowels_are_unified() {
        assert_eq!(normalize("ก่่อน"), "ก่อน");
        assert_eq!(normalize("ทํางาน"), "ทำงาน");
        assert_eq!(normalize("เเม่"), "แม่");
    }

    #[test]
    fn tone_marks_go_before_sara_am() {
        assert_eq!(normalize("นำ้"), "น้ำ");
        assert_eq!(normalize("น้ำ"), "น้ำ");
    }

    #[test]
    fn thai_digits_become_arabic() {
        assert_eq!(normalize("ปีงบประมาณ ๒๕๖๗"), "ปีงบประมาณ 2567");
    }

    #[test]
    fn normalising_twice_changes_nothing() {
        for text in ["นำ้ท่วม", "เเม่ ๑๒๓", "ภาคี\u{200B}เครือข่าย", "SMART GENDER"] {
            let once = normalize(text);
            assert_eq!(normalize(&once), once);
        }
    }
}
