//! Snippets: the part of a text around the first match, with matched words marked.

use phakhi_thai::normalize::normalize;

use crate::terms::terms;

/// Characters of context shown around the first match.
const CONTEXT: usize = 60;

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// An HTML-safe excerpt of `text` around the first word whose search term is among `query_terms`,
/// with every such word wrapped in `<mark>`. Without a match, the start of the text.
pub fn snippet(text: &str, query_terms: &[String]) -> String {
    let text = normalize(text);
    let chars: Vec<char> = text.chars().collect();
    // Walk the text word by word (by the same segmentation as indexing) and mark matching words.
    let mut pieces: Vec<(String, bool)> = Vec::new();
    for piece in phakhi_thai::segment::segment(&text) {
        // A Thai piece is already one segmented word (its own term); only Latin pieces need stemming.
        let piece_terms = if piece.chars().any(phakhi_thai::segment::is_thai) { vec![piece.to_lowercase()] } else { terms(&piece) };
        let matched = piece_terms.iter().any(|t| query_terms.iter().any(|q| t == q || (t.starts_with(q.as_str()) && q.len() >= 3)));
        pieces.push((piece, matched));
    }
    let first = pieces.iter().position(|(_, m)| *m);
    let start_char = match first {
        Some(i) => pieces[..i].iter().map(|(p, _)| p.chars().count()).sum::<usize>().saturating_sub(CONTEXT),
        None => 0,
    };
    let end_char = (start_char + 2 * CONTEXT + 40).min(chars.len());
    let mut out = String::new();
    if start_char > 0 {
        out.push('…');
    }
    let mut at = 0;
    for (piece, matched) in pieces {
        let len = piece.chars().count();
        let (from, to) = (at, at + len);
        at = to;
        if to <= start_char || from >= end_char {
            continue;
        }
        let visible: String = piece.chars().skip(start_char.saturating_sub(from)).take(end_char.min(to) - from.max(start_char)).collect();
        if matched {
            out.push_str(&format!("<mark>{}</mark>", escape(&visible)));
        } else {
            out.push_str(&escape(&visible));
        }
    }
    if end_char < chars.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matched_words_are_marked_and_html_is_escaped() {
        let s = snippet("ภาคี <b>เครือข่าย</b> สิทธิมนุษยชน จังหวัดเชียงใหม่", &terms("มนุษยชน"));
        assert!(s.contains("<mark>"), "{s}");
        assert!(s.contains("&lt;b&gt;"), "{s}");
        assert!(!s.contains("<b>"), "{s}");
    }

    #[test]
    fn a_long_text_is_cut_around_the_match() {
        let text = format!("{} SMART GENDER {}", "ก".repeat(500), "ข".repeat(500));
        let s = snippet(&text, &terms("gender"));
        assert!(s.starts_with('…') && s.ends_with('…') && s.contains("<mark>GENDER</mark>"), "{s}");
        assert!(s.chars().count() < 250);
    }
}
