//! Segmentation quality on gold-segmented corpora (data/thai-wordseg-gold): word-boundary precision,
//! recall and F1 per corpus. The scores are printed, and each must stay above the level measured when
//! this dictionary was adopted, so a change that makes segmentation worse fails here.

use std::collections::HashSet;
use std::io::Write;

/// Character offsets where words end.
fn boundaries<S: AsRef<str>>(tokens: &[S]) -> HashSet<usize> {
    let mut at = 0;
    tokens
        .iter()
        .map(|t| {
            at += t.as_ref().chars().count();
            at
        })
        .collect()
}

struct Score {
    precision: f64,
    recall: f64,
    f1: f64,
}

fn score(corpus: &str) -> Score {
    let (mut hits, mut predicted, mut gold) = (0usize, 0usize, 0usize);
    for line in corpus.lines().filter(|l| !l.is_empty()) {
        let gold_tokens: Vec<&str> = line.split('|').collect();
        let text = gold_tokens.concat();
        let predicted_tokens = phakhi_thai::segment::segment(&text);
        assert_eq!(predicted_tokens.concat(), text, "segmentation must not change the text");
        let (g, p) = (boundaries(&gold_tokens), boundaries(&predicted_tokens));
        hits += g.intersection(&p).count();
        predicted += p.len();
        gold += g.len();
    }
    let precision = hits as f64 / predicted as f64;
    let recall = hits as f64 / gold as f64;
    Score { precision, recall, f1: 2.0 * precision * recall / (precision + recall) }
}

const CORPORA: [(&str, &str, f64); 4] = [
    ("wisesight-160", include_str!("../../../data/thai-wordseg-gold/wisesight/wisesight-160-samples-tokenised.label"), 0.90),
    ("wisesight-1000", include_str!("../../../data/thai-wordseg-gold/wisesight/wisesight-1000-samples-tokenised.label"), 0.91),
    ("ud-thai-tud-dev", include_str!("../../../data/thai-wordseg-gold/ud-thai-tud/th_tud-ud-dev.label"), 0.93),
    ("ud-thai-tud-test", include_str!("../../../data/thai-wordseg-gold/ud-thai-tud/th_tud-ud-test.label"), 0.93),
];

#[test]
fn word_boundaries_match_the_gold_corpora() {
    let mut report = std::io::stderr();
    for (name, corpus, floor) in CORPORA {
        let s = score(corpus);
        let _ = writeln!(report, "segmentation {name}: precision {:.3} recall {:.3} F1 {:.3}", s.precision, s.recall, s.f1);
        assert!(s.f1 >= floor, "{name}: F1 {:.3} fell below {floor}", s.f1);
    }
}
