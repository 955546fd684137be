//! Colours, chosen for contrast and for colour-blind readers, in one place so the choices can be tested.
//!
//! Why these: text must reach WCAG AA (4.5:1) against its background and every bar, slice and line
//! 3:1 against the white page (WCAG 1.4.11). The series colours are the Okabe–Ito hues (told apart
//! with the common forms of colour blindness) darkened until each reaches 4.5:1 against white, so they
//! also serve as text colours and white labels can sit on them. The SDG colours are the UN's own.

/// Main text: near-black.
pub(crate) const TEXT: &str = "#1f2328";
/// Secondary text (axis labels, attribution, "<5" marks): 7:1 on white.
pub(crate) const TEXT_MUTED: &str = "#595959";
/// Grid and axis lines; decoration, not information, so it may be light.
pub(crate) const GRID: &str = "#d0d7de";
/// A single-series bar.
pub(crate) const BAR: &str = "#0072B2";

/// Series colours, in order of use; a seventh series starts again from the first.
pub(crate) const SERIES: [&str; 6] = ["#0072B2", "#B24E00", "#007A5A", "#A8456F", "#6F4E9C", "#8A6D00"];

/// The series colour at `index`, repeating after six.
pub(crate) fn series(index: usize) -> &'static str {
    SERIES[index % SERIES.len()]
}

/// The 17 Sustainable Development Goal colours, goal 1 first (UN Department of Global Communications,
/// "Guidelines for the use of the SDG logo").
pub const SDG_COLOURS: [&str; 17] = [
    "#E5243B", "#DDA63A", "#4C9F38", "#C5192D", "#FF3A21", "#26BDE2", "#FCC30B", "#A21942", "#FD6925", "#DD1367", "#FD9D24", "#BF8B2E",
    "#3F7E44", "#0A97D9", "#56C02B", "#00689D", "#19486A",
];

/// An SDG segment with nothing linked: a light grey that no goal colour comes near.
pub(crate) const SDG_NONE: &str = "#e6e6e6";
/// The number on an SDG segment with nothing linked; 5.9:1 on [`SDG_NONE`].
pub(crate) const SDG_NONE_TEXT: &str = "#4d4d4d";

/// The map's five classes, light to dark (ColorBrewer YlGnBu without its palest step, so the lightest
/// class stays apart from the grey of "none").
pub(crate) const SEQUENTIAL: [&str; 5] = ["#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"];
/// A province with zero or nothing recorded.
pub(crate) const MAP_NONE: &str = "#f0f0f0";
/// A province whose count is suppressed: a neutral darker than "none" and greyer than any class.
pub(crate) const MAP_SUPPRESSED: &str = "#bdbdbd";
/// Province borders: thin and mid-grey, so provinces with no data still show their outline.
pub(crate) const MAP_BORDER: &str = "#7a7a7a";

/// WCAG 2 contrast ratio of two `#rrggbb` colours (1 to 21). Panics on another format: the colours
/// come from this module, not from users.
pub fn contrast_ratio(a: &str, b: &str) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// Black or white, whichever reads better on `background`.
pub(crate) fn text_on(background: &str) -> &'static str {
    if contrast_ratio(background, "#ffffff") >= contrast_ratio(background, "#000000") { "#ffffff" } else { "#000000" }
}

fn luminance(hex: &str) -> f64 {
    let hex = hex.strip_prefix('#').unwrap_or(hex);
    assert!(hex.len() == 6, "colour {hex:?} is not #rrggbb");
    let channel = |i: usize| {
        let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).expect("hex colour")) / 255.0;
        if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_colours_reach_aa_on_white() {
        for colour in [TEXT, TEXT_MUTED] {
            assert!(contrast_ratio(colour, "#ffffff") >= 4.5, "{colour}");
        }
        assert!(contrast_ratio(SDG_NONE_TEXT, SDG_NONE) >= 4.5);
    }

    #[test]
    fn series_colours_carry_text_and_stand_out_from_white() {
        for colour in SERIES.iter().chain([&BAR]) {
            assert!(contrast_ratio(colour, "#ffffff") >= 4.5, "{colour} on white");
            assert_eq!(text_on(colour), "#ffffff", "{colour} takes white labels");
        }
    }

    #[test]
    fn sdg_numbers_are_legible_on_their_goal_colour() {
        for colour in SDG_COLOURS {
            let text = text_on(colour);
            assert!(contrast_ratio(text, colour) >= 4.5, "{text} on {colour}");
        }
        // Grey must not be mistaken for a goal colour: every goal colour is strongly saturated, the grey
        // is neutral (yellow is nearly as light as the grey, so lightness alone would not tell them apart).
        let spread = |hex: &str| {
            let ch: Vec<u8> = (0..3).map(|i| u8::from_str_radix(&hex[1 + 2 * i..3 + 2 * i], 16).unwrap()).collect();
            ch.iter().max().unwrap() - ch.iter().min().unwrap()
        };
        assert_eq!(spread(SDG_NONE), 0);
        for colour in SDG_COLOURS {
            assert!(spread(colour) > 60, "{colour} is not saturated");
        }
    }

    #[test]
    fn map_classes_darken_and_differ_from_none() {
        let lum: Vec<f64> = SEQUENTIAL.iter().map(|c| luminance(c)).collect();
        assert!(lum.windows(2).all(|w| w[0] > w[1]), "classes must get darker: {lum:?}");
        // "None" and "suppressed" are greys; the lightest class is green, and a little darker besides.
        assert!(contrast_ratio(MAP_NONE, SEQUENTIAL[0]) > 1.15);
        assert!(contrast_ratio(MAP_NONE, MAP_SUPPRESSED) > 1.5);
        for grey in [MAP_NONE, MAP_SUPPRESSED] {
            assert!(grey[1..3] == grey[3..5] && grey[3..5] == grey[5..7], "{grey} is not neutral");
        }
    }

    #[test]
    fn contrast_ratio_matches_known_values() {
        assert!((contrast_ratio("#000000", "#ffffff") - 21.0).abs() < 1e-9);
        assert!((contrast_ratio("#777777", "#ffffff") - 4.48).abs() < 0.01);
    }
}
