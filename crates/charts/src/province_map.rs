//! The choropleth of Thailand's 77 provinces.
//!
//! Why built here rather than shipped as drawn SVG: the outlines come from open boundary data
//! (`data/thai-geo/`, CC BY-IGO) and are turned into compact SVG paths once per process, with rules that
//! can be read and changed: an equirectangular projection scaled for 13° N, simplification of every
//! border with the neighbour's copy simplified identically (so provinces meet without slivers), small
//! islands dropped, coordinates in tenths of a unit written as relative moves. The whole figure has to
//! stay under 45 kB because it is inlined into pages that phones load.
//!
//! The licence asks for attribution, so the map carries [`ATTRIBUTION`] as text.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::LazyLock;

use serde::Deserialize;

use crate::figure::{Figure, escape};
use crate::label::{fit, text_width};
use crate::palette::{MAP_BORDER, MAP_NONE, MAP_SUPPRESSED, SEQUENTIAL, TEXT_MUTED};
use crate::svg::{self, num};
use crate::{Datum, MISSING, Region, SUPPRESSED, Text, format_number};

/// The credit line the boundary data's licence (CC BY-IGO) requires wherever the map is shown.
pub const ATTRIBUTION: &str = "Source: Royal Thai Survey Department / OCHA ROAP via HDX (CC BY-IGO)";

const GEOJSON: &str = include_str!("../../../data/thai-geo/th_provinces_simplified.geojson");

/// The map's viewBox width; the height follows from Thailand's shape (about 1.9 times as tall).
const MAP_WIDTH: f64 = 300.0;
const MARGIN: f64 = 3.0;
/// Thailand's middle latitude: at 13° N a degree of longitude is cos 13° as long as a degree of latitude.
const MIDDLE_LATITUDE: f64 = 13.0;
/// Douglas–Peucker tolerance in viewBox units: at 300 px wide a border moves by under a pixel, and the
/// figure stays well inside its 45 kB budget (0.5 keeps more detail than a phone shows and needs ~45 kB).
const TOLERANCE: f64 = 0.8;
/// Rings (islands) smaller than this, in square units, are dropped: below about 1.6 × 1.6 px they show
/// only as a dot of border. A province's largest ring is always kept.
const MIN_RING_AREA: f64 = 2.5;
/// Text size on the map: the viewBox is 300 wide, so 11 units render at 12.5 px when it is 340 px wide.
const FONT: f64 = 11.0;
const LINE: f64 = 15.0;

/// The provinces' outlines in viewBox units, ready to draw.
struct Outlines {
    height: f64,
    provinces: Vec<Outline>,
}

struct Outline {
    code: String,
    name_th: String,
    name_en: String,
    /// SVG path data, relative moves and lines.
    d: String,
}

static OUTLINES: LazyLock<Outlines> = LazyLock::new(|| build(GEOJSON, TOLERANCE, MIN_RING_AREA));

/// The 77 province codes on the map, 2-digit DOPA codes in ascending order ("10" Bangkok … "96" Narathiwat).
pub fn province_codes() -> Vec<&'static str> {
    OUTLINES.provinces.iter().map(|p| p.code.as_str()).collect()
}

/// A choropleth of the provinces. Non-zero values fall into up to five classes of about equal size
/// (quantiles that never split equal values), from light to dark; zero and missing provinces are light
/// grey, suppressed ones a darker neutral. The legend gives each class's range under `legend_title`.
///
/// Provinces absent from `regions` are drawn as missing, titled with their Thai name if the labels given
/// (or the title) are Thai, else their English one: pass all 77 (see [`province_codes`]) to control
/// this. Codes may be given as "10" or "TH-10"; unknown codes appear in the table only.
pub fn province_map(id: &str, text: &Text, regions: &[Region], legend_title: &str) -> Figure {
    let headers = vec![text.label_header.clone(), text.value_header.clone()];
    let rows: Vec<Vec<String>> = regions.iter().map(|r| vec![r.label.clone(), r.value.display()]).collect();
    if !regions.iter().any(|r| r.value.is_present()) {
        return svg::empty(id, text, headers, rows);
    }
    let outlines = &*OUTLINES;
    let by_code: HashMap<&str, &Region> = regions.iter().map(|r| (normalise_code(&r.code), r)).collect();
    let thai = regions.iter().any(|r| is_thai(&r.label)) || is_thai(&text.title);
    let on_map = |r: &&Region| outlines.provinces.iter().any(|p| p.code == normalise_code(&r.code));
    let classes = Classes::new(regions.iter().filter(on_map).filter_map(|r| r.value.value()).filter(|v| *v != 0.0).collect());

    let id_attr = escape(id);
    let mut body = String::with_capacity(40_000);
    let _ = write!(body, r#"<g fill-rule="evenodd" stroke="{MAP_BORDER}" stroke-width="0.4" stroke-linejoin="round">"#);
    for province in &outlines.provinces {
        let region = by_code.get(province.code.as_str());
        let value = region.map_or(Datum::Missing, |r| r.value);
        let label = match region {
            Some(r) => r.label.as_str(),
            None if thai => province.name_th.as_str(),
            None => province.name_en.as_str(),
        };
        let tip = escape(&svg::tooltip(label, value));
        let path = format!(r#"<path id="{id_attr}-p{}" d="{}" fill="{}""#, province.code, province.d, classes.colour(value));
        match region.and_then(|r| r.href.as_deref()).and_then(svg::safe_href) {
            Some(href) => {
                let _ = write!(body, r#"<a href="{}"><title>{tip}</title>{path}/></a>"#, escape(href));
            }
            None => {
                let _ = write!(body, "{path}><title>{tip}</title></path>");
            }
        }
    }
    body.push_str("</g>");

    // The legend sits in the sea south-east of the Gulf of Thailand, the emptiest part of the box.
    let mut entries: Vec<(&str, String)> =
        classes.ranges.iter().enumerate().map(|(i, range)| (classes.class_colour(i), range.clone())).collect();
    let has_none = outlines.provinces.iter().any(|p| {
        let value = by_code.get(p.code.as_str()).map_or(Datum::Missing, |r| r.value);
        value == Datum::Missing || value.value() == Some(0.0)
    });
    if has_none {
        entries.push((MAP_NONE, format!("0 / {MISSING}")));
    }
    if regions.iter().filter(on_map).any(|r| r.value == Datum::Suppressed) {
        entries.push((MAP_SUPPRESSED, SUPPRESSED.to_owned()));
    }
    let legend_width = MAP_WIDTH - LEGEND_X - MARGIN;
    let _ = write!(
        body,
        r#"<text x="{LEGEND_X}" y="{}" font-weight="bold"><title>{}</title>{}</text>"#,
        num(LEGEND_Y),
        escape(legend_title),
        escape(&fit(legend_title, legend_width, FONT))
    );
    for (i, (colour, range)) in entries.iter().enumerate() {
        let y = LEGEND_Y + 8.0 + i as f64 * LINE;
        let _ = write!(
            body,
            r#"<rect x="{LEGEND_X}" y="{}" width="14" height="10" fill="{colour}" stroke="{MAP_BORDER}" stroke-width="0.4"/><text x="{}" y="{}">{}</text>"#,
            num(y + 0.5),
            num(LEGEND_X + 19.0),
            num(y + 9.5),
            escape(range)
        );
    }

    // The licence's attribution, under the map, wrapped onto as many lines as the width needs.
    let mut y = outlines.height + LINE - 2.0;
    for line in wrap(ATTRIBUTION, MAP_WIDTH - 2.0 * MARGIN) {
        let _ = write!(body, r#"<text x="{MARGIN}" y="{}" fill="{TEXT_MUTED}">{}</text>"#, num(y), escape(&line));
        y += LINE;
    }

    let desc = svg::summary(regions.iter().map(|r| (r.label.as_str(), r.value)), 3);
    let svg = svg::document(id, MAP_WIDTH, y - LINE + 5.0, FONT, &text.title, &desc, &body);
    svg::figure(id, text, svg, headers, rows)
}

/// Where the legend starts: east of the southern provinces, south of Trat.
const LEGEND_X: f64 = 182.0;
const LEGEND_Y: f64 = 372.0;

/// Splits text at spaces into lines that fit `width` at the map's font size.
fn wrap(text: &str, width: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split(' ') {
        match lines.last_mut() {
            Some(line) if text_width(&format!("{line} {word}"), FONT) <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    lines
}

fn normalise_code(code: &str) -> &str {
    let code = code.trim();
    code.strip_prefix("TH-").unwrap_or(code)
}

fn is_thai(s: &str) -> bool {
    s.chars().any(|c| ('\u{0E00}'..='\u{0E7F}').contains(&c))
}

/// Up to five classes over the non-zero values, each as the range of the values in it.
struct Classes {
    /// The largest value in each class, ascending.
    upper: Vec<f64>,
    /// Each class's range as the legend writes it.
    ranges: Vec<String>,
}

impl Classes {
    /// Quantile classes: sorted values cut into five groups of about equal size, a cut moved on past
    /// equal values so a value never straddles two classes (fewer classes when there are few values).
    fn new(mut values: Vec<f64>) -> Classes {
        values.sort_by(f64::total_cmp);
        let n = values.len();
        let (mut upper, mut ranges) = (Vec::new(), Vec::new());
        let mut start = 0;
        for k in 1..=SEQUENTIAL.len() {
            let mut end = (k * n).div_ceil(SEQUENTIAL.len()).max(start);
            while end < n && end > 0 && values[end] == values[end - 1] {
                end += 1;
            }
            if end > start {
                let (low, high) = (format_number(values[start]), format_number(values[end - 1]));
                ranges.push(if low == high { low } else { format!("{low}–{high}") });
                upper.push(values[end - 1]);
                start = end;
            }
        }
        Classes { upper, ranges }
    }

    /// The colour of class `i`, spread over the five-step scale when there are fewer classes.
    fn class_colour(&self, i: usize) -> &'static str {
        let last = SEQUENTIAL.len() - 1;
        let step = match self.upper.len() {
            0 | 1 => last / 2,
            m => (i * last + (m - 1) / 2) / (m - 1),
        };
        SEQUENTIAL[step.min(last)]
    }

    fn colour(&self, value: Datum) -> &'static str {
        match value {
            Datum::Suppressed => MAP_SUPPRESSED,
            d => match d.value() {
                Some(v) if v != 0.0 => {
                    let class = self.upper.iter().position(|u| v <= *u).unwrap_or(self.upper.len().saturating_sub(1));
                    self.class_colour(class)
                }
                _ => MAP_NONE,
            },
        }
    }
}

// --- Turning the GeoJSON into outlines ---------------------------------------------------------------

#[derive(Deserialize)]
struct Collection {
    features: Vec<Feature>,
}

#[derive(Deserialize)]
struct Feature {
    properties: Properties,
    geometry: Geometry,
}

#[derive(Deserialize)]
struct Properties {
    province_code: u8,
    name_th: String,
    name_en: String,
}

#[derive(Deserialize)]
#[serde(tag = "type", content = "coordinates")]
enum Geometry {
    Polygon(Vec<Vec<[f64; 2]>>),
    MultiPolygon(Vec<Vec<Vec<[f64; 2]>>>),
}

/// A vertex's identity across provinces: its longitude and latitude in 1e-5 degrees, the file's precision.
type Key = (i64, i64);

struct Ring {
    province: usize,
    keys: Vec<Key>,
    points: Vec<(f64, f64)>,
}

/// Projects, simplifies and encodes every province. The file is part of the binary and checked by the
/// tests, so a parse failure is a build defect, not a runtime condition.
fn build(geojson: &str, tolerance: f64, min_area: f64) -> Outlines {
    let collection: Collection = serde_json::from_str(geojson).expect("the embedded province file is valid GeoJSON");
    let mut rings: Vec<Ring> = Vec::new();
    let (mut lon_min, mut lon_max, mut lat_min, mut lat_max) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for (province, feature) in collection.features.iter().enumerate() {
        let polygons = match &feature.geometry {
            Geometry::Polygon(p) => std::slice::from_ref(p),
            Geometry::MultiPolygon(m) => m.as_slice(),
        };
        for ring in polygons.iter().flatten() {
            let mut keys: Vec<Key> = Vec::with_capacity(ring.len());
            for &[lon, lat] in ring {
                lon_min = lon_min.min(lon);
                lon_max = lon_max.max(lon);
                lat_min = lat_min.min(lat);
                lat_max = lat_max.max(lat);
                let key = ((lon * 1e5).round() as i64, (lat * 1e5).round() as i64);
                if keys.last() != Some(&key) {
                    keys.push(key);
                }
            }
            if keys.len() > 1 && keys.first() == keys.last() {
                keys.pop();
            }
            if keys.len() >= 3 {
                rings.push(Ring { province, keys, points: Vec::new() });
            }
        }
    }

    let x_factor = MIDDLE_LATITUDE.to_radians().cos();
    let scale = (MAP_WIDTH - 2.0 * MARGIN) / ((lon_max - lon_min) * x_factor);
    let project = |&(lon, lat): &Key| {
        let (lon, lat) = (lon as f64 / 1e5, lat as f64 / 1e5);
        (MARGIN + (lon - lon_min) * x_factor * scale, MARGIN + (lat_max - lat) * scale)
    };
    for ring in &mut rings {
        ring.points = ring.keys.iter().map(project).collect();
    }

    // Which rings each vertex belongs to: a border between two provinces is the run of vertices shared
    // by the same two rings, and its ends (where the set changes) stay fixed while the run is simplified.
    let mut members: HashMap<Key, Vec<usize>> = HashMap::new();
    for (r, ring) in rings.iter().enumerate() {
        for key in &ring.keys {
            let list = members.entry(*key).or_default();
            if list.last() != Some(&r) {
                list.push(r);
            }
        }
    }

    let mut per_province: Vec<Vec<Vec<(i32, i32)>>> = vec![Vec::new(); collection.features.len()];
    for ring in &rings {
        let kept = simplify_ring(ring, &members, tolerance);
        let mut tenths: Vec<(i32, i32)> = Vec::with_capacity(kept.len());
        for &(x, y) in &kept {
            let p = ((x * 10.0).round() as i32, (y * 10.0).round() as i32);
            if tenths.last() != Some(&p) {
                tenths.push(p);
            }
        }
        while tenths.len() > 1 && tenths.first() == tenths.last() {
            tenths.pop();
        }
        per_province[ring.province].push(tenths);
    }

    let mut provinces: Vec<Outline> = collection
        .features
        .iter()
        .zip(per_province)
        .map(|(feature, rings)| {
            let largest = rings.iter().map(|r| area(r)).fold(0.0, f64::max);
            let kept: Vec<Vec<(i32, i32)>> =
                rings.into_iter().filter(|r| r.len() >= 3 && (area(r) >= min_area || area(r) == largest)).collect();
            Outline {
                code: format!("{:02}", feature.properties.province_code),
                name_th: feature.properties.name_th.clone(),
                name_en: feature.properties.name_en.clone(),
                d: path_data(&kept),
            }
        })
        .collect();
    provinces.sort_by(|a, b| a.code.cmp(&b.code));
    Outlines { height: MARGIN * 2.0 + (lat_max - lat_min) * scale, provinces }
}

/// Simplifies one ring piece by piece between its fixed vertices (where the neighbouring ring changes),
/// so that the two copies of every shared border are simplified to exactly the same line.
fn simplify_ring(ring: &Ring, members: &HashMap<Key, Vec<usize>>, tolerance: f64) -> Vec<(f64, f64)> {
    let n = ring.keys.len();
    let set = |i: usize| &members[&ring.keys[i]];
    let mut fixed: Vec<usize> = (0..n).filter(|&i| set(i) != set((i + n - 1) % n) || set(i) != set((i + 1) % n)).collect();
    // A ring with no neighbour change (an island, or a province wholly inside another) gets two fixed
    // vertices chosen from the geometry alone, so both copies choose the same ones.
    if fixed.is_empty() {
        fixed.push((0..n).min_by_key(|&i| ring.keys[i]).unwrap_or(0));
    }
    if fixed.len() == 1 {
        let f = fixed[0];
        let d = |i: usize| dist2(ring.points[i], ring.points[f]);
        let far = (0..n).max_by(|&a, &b| d(a).total_cmp(&d(b)).then(ring.keys[b].cmp(&ring.keys[a]))).unwrap_or(f);
        if far != f {
            fixed.push(far);
            fixed.sort_unstable();
        }
    }

    let mut out = Vec::with_capacity(n / 4 + fixed.len());
    for (k, &from) in fixed.iter().enumerate() {
        let to = fixed[(k + 1) % fixed.len()];
        let len = if to > from { to - from } else { to + n - from };
        let idx: Vec<usize> = (0..=len).map(|j| (from + j) % n).collect();
        let keep = douglas_peucker(&idx, ring, tolerance);
        out.extend(idx.iter().zip(&keep).take(len).filter(|(_, k)| **k).map(|(&i, _)| ring.points[i]));
    }
    out
}

/// Douglas–Peucker over the vertices `idx` of `ring`: marks the vertices to keep so that no dropped
/// one lies farther than `tolerance` from the simplified line. The ends are always kept. Distances are
/// measured with the segment's ends in a fixed order and ties broken by vertex, so a border simplified
/// from either side gives the same result.
fn douglas_peucker(idx: &[usize], ring: &Ring, tolerance: f64) -> Vec<bool> {
    let mut keep = vec![false; idx.len()];
    let last = idx.len() - 1;
    keep[0] = true;
    keep[last] = true;
    let mut stack = vec![(0, last)];
    while let Some((a, b)) = stack.pop() {
        if b <= a + 1 {
            continue;
        }
        let (pa, pb) = (idx[a], idx[b]);
        let (s, e) = if ring.keys[pa] <= ring.keys[pb] { (pa, pb) } else { (pb, pa) };
        let mut best: Option<(usize, f64)> = None;
        for m in a + 1..b {
            let d = segment_distance(ring.points[idx[m]], ring.points[s], ring.points[e]);
            let better = match best {
                None => true,
                Some((bm, bd)) => d > bd || (d == bd && ring.keys[idx[m]] < ring.keys[idx[bm]]),
            };
            if better {
                best = Some((m, d));
            }
        }
        if let Some((m, d)) = best
            && d > tolerance
        {
            keep[m] = true;
            stack.push((a, m));
            stack.push((m, b));
        }
    }
    keep
}

fn dist2(a: (f64, f64), b: (f64, f64)) -> f64 {
    (a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)
}

/// Distance from `p` to the segment `a`–`b`.
fn segment_distance(p: (f64, f64), a: (f64, f64), b: (f64, f64)) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len2 = dx * dx + dy * dy;
    if len2 == 0.0 {
        return dist2(p, a).sqrt();
    }
    let t = (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / len2).clamp(0.0, 1.0);
    dist2(p, (a.0 + t * dx, a.1 + t * dy)).sqrt()
}

/// Area of a ring in square units (its vertices are in tenths).
fn area(ring: &[(i32, i32)]) -> f64 {
    let n = ring.len();
    let twice: i64 = (0..n)
        .map(|i| {
            let (a, b) = (ring[i], ring[(i + 1) % n]);
            i64::from(a.0) * i64::from(b.1) - i64::from(b.0) * i64::from(a.1)
        })
        .sum();
    twice.abs() as f64 / 200.0
}

/// SVG path data for rings in tenths of a unit: each ring "m" + relative points + "z". The first "m"
/// of a path is absolute by definition; later ones are relative to the previous ring's start.
fn path_data(rings: &[Vec<(i32, i32)>]) -> String {
    let mut d = String::new();
    let mut pen = (0, 0);
    for ring in rings {
        d.push('m');
        let mut last_had_dot = false;
        let mut at = pen;
        for &p in ring {
            push_tenths(&mut d, p.0 - at.0, &mut last_had_dot);
            push_tenths(&mut d, p.1 - at.1, &mut last_had_dot);
            at = p;
        }
        d.push('z');
        pen = ring[0];
    }
    d
}

/// Writes a number of tenths as compactly as SVG path syntax allows ("-.5", "12", "3.2"), with a space
/// only where the number would otherwise run into the previous one.
fn push_tenths(d: &mut String, tenths: i32, last_had_dot: &mut bool) {
    let (whole, frac) = (tenths.unsigned_abs() / 10, tenths.unsigned_abs() % 10);
    let mut text = String::new();
    if tenths < 0 {
        text.push('-');
    }
    if whole > 0 || frac == 0 {
        let _ = write!(text, "{whole}");
    }
    if frac > 0 {
        let _ = write!(text, ".{frac}");
    }
    let first = text.as_bytes()[0];
    let needs_space = !matches!(d.as_bytes().last(), None | Some(b'm' | b'z')) && first != b'-' && !(first == b'.' && *last_had_dot);
    if needs_space {
        d.push(' ');
    }
    *last_had_dot = frac > 0;
    d.push_str(&text);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_compact_and_unambiguous() {
        let mut d = String::from("m");
        let mut dot = false;
        for t in [5, -5, 120, 3, -13, 0] {
            push_tenths(&mut d, t, &mut dot);
        }
        assert_eq!(d, "m.5-.5 12 .3-1.3 0");
    }

    #[test]
    fn every_province_keeps_a_shape() {
        assert_eq!(OUTLINES.provinces.len(), 77);
        for p in &OUTLINES.provinces {
            assert!(p.d.matches('m').count() >= 1 && p.d.len() > 20, "{} has no shape: {}", p.code, p.d);
        }
        assert!(OUTLINES.height > MAP_WIDTH * 1.6 && OUTLINES.height < MAP_WIDTH * 2.1, "height {}", OUTLINES.height);
    }

    #[test]
    fn shared_borders_are_simplified_identically() {
        // Bangkok (10) and Nonthaburi (12) share a border: their simplified outlines must share vertices.
        let outline = |code: &str| absolute_points(&OUTLINES.provinces.iter().find(|p| p.code == code).unwrap().d);
        let (bangkok, nonthaburi) = (outline("10"), outline("12"));
        let shared = bangkok.iter().filter(|p| nonthaburi.contains(p)).count();
        assert!(shared >= 3, "only {shared} shared vertices");
    }

    #[test]
    fn classes_never_split_equal_values() {
        let classes = Classes::new(vec![1.0, 1.0, 1.0, 1.0, 2.0, 3.0, 50.0]);
        assert_eq!(classes.ranges, vec!["1", "2", "3", "50"]);
        let classes = Classes::new((1..=100).map(f64::from).collect());
        assert_eq!(classes.ranges, vec!["1–20", "21–40", "41–60", "61–80", "81–100"]);
        assert_eq!(classes.colour(Datum::Value(20.0)), SEQUENTIAL[0]);
        assert_eq!(classes.colour(Datum::Value(21.0)), SEQUENTIAL[1]);
        assert_eq!(classes.colour(Datum::Value(0.0)), MAP_NONE);
        assert_eq!(classes.colour(Datum::Suppressed), MAP_SUPPRESSED);
    }

    /// Absolute vertices (tenths) of path data written by [`path_data`].
    fn absolute_points(d: &str) -> Vec<(i64, i64)> {
        let mut out = Vec::new();
        let (mut pen, mut at) = ((0i64, 0i64), (0i64, 0i64));
        for ring in d.split('z').filter(|r| !r.is_empty()) {
            let nums = split_numbers(ring.trim_start_matches('m'));
            at = pen;
            for (i, pair) in nums.chunks(2).enumerate() {
                at = (at.0 + pair[0], at.1 + pair[1]);
                if i == 0 {
                    pen = at;
                }
                out.push(at);
            }
        }
        let _ = at;
        out
    }

    fn split_numbers(s: &str) -> Vec<i64> {
        let mut out = Vec::new();
        let mut cur = String::new();
        for c in s.chars() {
            let starts_new = c == '-' || c == ' ' || (c == '.' && cur.contains('.'));
            if starts_new && !cur.is_empty() {
                out.push(tenths(&cur));
                cur.clear();
            }
            if c != ' ' {
                cur.push(c);
            }
        }
        if !cur.is_empty() {
            out.push(tenths(&cur));
        }
        out
    }

    fn tenths(s: &str) -> i64 {
        (s.parse::<f64>().unwrap() * 10.0).round() as i64
    }
}
