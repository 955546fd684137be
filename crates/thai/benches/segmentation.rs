//! Segmentation throughput: MB of Thai text per second on one core, line by line (as documents are
//! indexed), over the gold corpora's raw text repeated to a few megabytes. `benches/segmentation.sh`
//! runs this beside PyThaiNLP's newmm on the same text and reports the ratio.

use std::time::Instant;

const CORPORA: [&str; 4] = [
    include_str!("../../../data/thai-wordseg-gold/wisesight/wisesight-160-samples-tokenised.label"),
    include_str!("../../../data/thai-wordseg-gold/wisesight/wisesight-1000-samples-tokenised.label"),
    include_str!("../../../data/thai-wordseg-gold/ud-thai-tud/th_tud-ud-dev.label"),
    include_str!("../../../data/thai-wordseg-gold/ud-thai-tud/th_tud-ud-test.label"),
];

fn main() {
    let lines: Vec<String> = CORPORA.iter().flat_map(|c| c.lines()).filter(|l| !l.is_empty()).map(|l| l.replace('|', "")).collect();
    let bytes: usize = lines.iter().map(String::len).sum();
    // Warm up: the dictionary trie is built on first use.
    phakhi_thai::segment::segment("ขอนแก่น");
    let rounds = 10;
    let start = Instant::now();
    let mut words = 0usize;
    for _ in 0..rounds {
        for line in &lines {
            words += phakhi_thai::segment::segment(line).len();
        }
    }
    let seconds = start.elapsed().as_secs_f64();
    let mb = (bytes * rounds) as f64 / 1_000_000.0;
    println!(
        "{{\"engine\": \"phakhi (nlpo3 newmm, safe=false)\", \"mb\": {mb:.2}, \"seconds\": {seconds:.3}, \"mb_per_s\": {:.2}, \"words\": {words}}}",
        mb / seconds
    );
}
