//! Seeded randomness: one ChaCha8 stream per batch, so a batch is the same whatever order batches are
//! made in, and the same seed always gives the same data set — ids included.

use std::ops::RangeInclusive;

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use uuid::Uuid;

/// The generator's random source.
pub type Rng = ChaCha8Rng;

/// The stream of batch `batch` of the data set `seed`.
pub fn stream(seed: u64, batch: u64) -> Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(batch);
    rng
}

/// Ids are UUID v7 like the platform's own (time-ordered), with a synthetic clock instead of the real
/// one: reproducible, and inserted in key order, which keeps the databases' B-trees appending.
#[derive(Debug, Clone, Copy)]
pub struct IdClock {
    millis: u64,
}

/// 2020-10-01T00:00:00Z, the start of fiscal year 2564: the synthetic clock's epoch.
const EPOCH_MILLIS: u64 = 1_601_510_400_000;

impl IdClock {
    /// A clock for batch `batch`: each batch has its own range of a billion milliseconds (11 days),
    /// later batches later, so ids still grow across batches.
    pub fn for_batch(batch: u64) -> Self {
        Self { millis: EPOCH_MILLIS + batch * 1_000_000_000 }
    }

    pub fn next(&mut self, rng: &mut Rng) -> Uuid {
        self.millis += 1;
        let random: [u8; 10] = rng.random();
        uuid::Builder::from_unix_timestamp_millis(self.millis, &random).into_uuid()
    }
}

/// One of `items`, with probability proportional to its weight.
pub fn weighted<'a, T>(rng: &mut Rng, items: &'a [(T, u32)]) -> &'a T {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut at = rng.random_range(0..total.max(1));
    for (item, w) in items {
        if at < *w {
            return item;
        }
        at -= w;
    }
    &items[items.len() - 1].0
}

/// One element of a non-empty slice.
pub fn pick<'a, T>(rng: &mut Rng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

/// A number of distinct elements of `items` (fewer if it has fewer), excluding those `excluded` rejects.
pub fn distinct<T: Copy + PartialEq>(rng: &mut Rng, items: &[T], count: RangeInclusive<usize>, excluded: impl Fn(&T) -> bool) -> Vec<T> {
    let n = rng.random_range(count);
    let mut out: Vec<T> = Vec::with_capacity(n);
    // Bounded attempts: a small pool yields fewer rather than looping.
    for _ in 0..n * 4 {
        if out.len() == n || items.is_empty() {
            break;
        }
        let x = *pick(rng, items);
        if !excluded(&x) && !out.contains(&x) {
            out.push(x);
        }
    }
    out
}

/// A day from `from` to `to` inclusive.
pub fn day_between(rng: &mut Rng, from: NaiveDate, to: NaiveDate) -> NaiveDate {
    let span = (to - from).num_days().max(0);
    from + Duration::days(rng.random_range(0..=span))
}

/// Thai wall-clock time (UTC+7, no daylight saving) as a UTC instant.
pub fn thai_time(day: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    Utc.from_utc_datetime(&day.and_time(time)) - Duration::hours(7)
}

/// Midnight UTC of a day, for the bookkeeping timestamps.
pub fn at_midnight(day: NaiveDate) -> DateTime<Utc> {
    Utc.from_utc_datetime(&day.and_time(NaiveTime::MIN))
}

/// A skewed count of people: most cells are small (so disclosure control matters), a few large.
pub fn small_count(rng: &mut Rng, scale: f64) -> u32 {
    let u: f64 = rng.random();
    1 + (u * u * u * 25.0 * scale) as u32
}
