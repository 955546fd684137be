//! Segmentation throughput: MB of Thai text per second on one core, over the gold corpora's raw text
//! repeated to a few megabytes. `benches/segmentation.sh` runs this beside PyThaiNLP's newmm on the
//! same text and reports the ratio of `mb_per_s`.
//!
//! The last line printed is JSON. `mb_per_s` is the headline: whole lines, wall clock over all
//! rounds. Because the machine this runs on is shared and noisy, each measurement also reports
//! `best_round_mb_per_s` (the fastest single pass) and `cpu_mb_per_s` (bytes per second of this
//! thread's own CPU time, from /proc/thread-self/schedstat, so time the thread spent waiting for a
//! core does not count). `runs` measures the call pattern of search indexing
//! (`phakhi_search::terms`), which segments each run of Thai letters on its own; its MB/s is over
//! the runs alone (no spaces, Latin or digits).
//!
//! `SEG_BENCH_ROUNDS` sets the number of passes (default 10) and `SEG_BENCH_ONLY=lines|runs` runs one
//! measurement; `SEG_BENCH_ROUNDS=1` keeps profiling runs short:
//! `valgrind --tool=callgrind --collect-atstart=no --toggle-collect='segmentation::run'`.

use std::time::Instant;

use phakhi_thai::segment::{is_thai, segment};

const CORPORA: [&str; 4] = [
    include_str!("../../../data/thai-wordseg-gold/wisesight/wisesight-160-samples-tokenised.label"),
    include_str!("../../../data/thai-wordseg-gold/wisesight/wisesight-1000-samples-tokenised.label"),
    include_str!("../../../data/thai-wordseg-gold/ud-thai-tud/th_tud-ud-dev.label"),
    include_str!("../../../data/thai-wordseg-gold/ud-thai-tud/th_tud-ud-test.label"),
];

/// Runs of Thai letters, as `phakhi_search::terms` cuts text before segmenting it (Thai script
/// except the marks ฯ ๆ ๏ ๚ ๛, which it treats as breaks).
fn thai_runs(line: &str) -> Vec<String> {
    let letter = |c: char| is_thai(c) && !matches!(c, '\u{0E2F}' | '\u{0E46}' | '\u{0E4F}' | '\u{0E5A}' | '\u{0E5B}');
    line.split(|c: char| !letter(c)).filter(|r| !r.is_empty()).map(str::to_owned).collect()
}

/// This thread's CPU time so far, in seconds (Linux), or `None` where that is unavailable.
fn thread_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos: u64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(nanos as f64 / 1e9)
}

struct Measurement {
    words: usize,
    mb_per_s: f64,
    best_round_mb_per_s: f64,
    cpu_mb_per_s: Option<f64>,
}

impl Measurement {
    fn json(&self) -> String {
        let cpu = self.cpu_mb_per_s.map_or_else(|| "null".to_owned(), |v| format!("{v:.2}"));
        format!(
            "\"mb_per_s\": {:.2}, \"best_round_mb_per_s\": {:.2}, \"cpu_mb_per_s\": {cpu}, \"words\": {}",
            self.mb_per_s, self.best_round_mb_per_s, self.words
        )
    }
}

fn measure(inputs: &[String], rounds: usize) -> Measurement {
    let bytes: usize = inputs.iter().map(String::len).sum();
    let mb = bytes as f64 / 1_000_000.0;
    let (mut words, mut best, mut wall) = (0, f64::INFINITY, 0.0);
    let cpu_start = thread_cpu_seconds();
    for _ in 0..rounds {
        let start = Instant::now();
        words += run(inputs);
        let seconds = start.elapsed().as_secs_f64();
        best = best.min(seconds);
        wall += seconds;
    }
    let cpu = cpu_start.zip(thread_cpu_seconds()).map(|(a, b)| b - a);
    Measurement {
        words,
        mb_per_s: mb * rounds as f64 / wall,
        best_round_mb_per_s: mb / best,
        cpu_mb_per_s: cpu.map(|c| mb * rounds as f64 / c),
    }
}

/// One pass, kept out of line so a profiler can count it alone, without the dictionary build.
#[inline(never)]
fn run(inputs: &[String]) -> usize {
    inputs.iter().map(|text| segment(text).len()).sum()
}

fn main() {
    let lines: Vec<String> = CORPORA.iter().flat_map(|c| c.lines()).filter(|l| !l.is_empty()).map(|l| l.replace('|', "")).collect();
    let runs: Vec<String> = lines.iter().flat_map(|l| thai_runs(l)).collect();
    let mb = lines.iter().map(String::len).sum::<usize>() as f64 / 1_000_000.0;
    // Warm up: the dictionary trie and nlpo3's regexes are built on first use (the mixed text
    // reaches the regexes for non-Thai runs and unknown words too).
    segment("ขอนแก่น abc 123 ฯลฯ ฮฮฮ");
    let rounds = std::env::var("SEG_BENCH_ROUNDS").ok().and_then(|r| r.parse().ok()).unwrap_or(10);
    let only = std::env::var("SEG_BENCH_ONLY").ok();
    let wanted = |name: &str| only.as_deref().is_none_or(|o| o == name);
    let mut parts = Vec::new();
    if wanted("lines") {
        parts.push(measure(&lines, rounds).json());
    }
    if wanted("runs") {
        parts.push(format!("\"runs\": {{{}}}", measure(&runs, rounds).json()));
    }
    println!(
        "{{\"engine\": \"phakhi (nlpo3 newmm, safe=false)\", \"mb\": {:.2}, \"rounds\": {rounds}, {}}}",
        mb * rounds as f64,
        parts.join(", ")
    );
}
