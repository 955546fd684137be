//! Every chart kind, read back as XML: what the SVG must hold for the pages, the PDF reports and the
//! Content-Security-Policy, and what the table beside it must say.

use std::collections::HashSet;

use phakhi_charts::{
    ATTRIBUTION, Datum, Figure, Goal, Item, Region, SDG_COLOURS, Series, Text, bars, donut, format_number, line, province_codes,
    province_map, sdg_wheel, stacked_bars, visual_len,
};
use roxmltree::{Document, Node};

const SVG_NS: &str = "http://www.w3.org/2000/svg";
const NASTY: &str = r#"<b>&"'"#;

fn text() -> Text {
    Text {
        title: "องค์กรภาคี <จำนวน> & \"ทั้งหมด\"".into(),
        table_summary: "ดูข้อมูลเป็นตาราง".into(),
        label_header: "เมือง".into(),
        value_header: "จำนวน".into(),
        empty: "ยังไม่มีข้อมูล".into(),
    }
}

fn item(label: &str, value: Datum, href: Option<&str>) -> Item {
    Item { label: label.into(), value, href: href.map(Into::into) }
}

fn sample_items() -> Vec<Item> {
    vec![
        item("เชียงใหม่", Datum::Value(1234.0), Some("/th/cities/50?a=1&b=2")),
        item(NASTY, Datum::Value(3.0), Some("javascript:alert(1)")),
        item("มหาวิทยาลัยเทคโนโลยีราชมงคลล้านนา วิทยาเขตเชียงราย", Datum::Value(42.0), None),
        item("ภูเก็ต", Datum::Suppressed, Some("/th/cities/83")),
        item("นครศรีธรรมราช", Datum::Missing, None),
    ]
}

fn sample_series() -> (Vec<String>, Vec<Series>) {
    let categories = vec!["2566".to_owned(), "2567".to_owned(), NASTY.to_owned()];
    let series = vec![
        Series { label: "วางแผน".into(), values: vec![Datum::Value(4.0), Datum::Suppressed, Datum::Value(9.0)] },
        Series { label: NASTY.into(), values: vec![Datum::Value(10.0), Datum::Missing, Datum::Value(7.5)] },
        Series { label: "เสร็จสิ้น".into(), values: vec![Datum::Missing, Datum::Value(12.0)] },
    ];
    (categories, series)
}

fn sample_goals() -> Vec<Goal> {
    (1..=17u8)
        .map(|n| Goal {
            number: n,
            label: if n == 4 { NASTY.into() } else { format!("เป้าหมาย {n}") },
            value: match n % 4 {
                0 => Datum::Value(0.0),
                1 => Datum::Value(f64::from(n) * 3.0),
                2 => Datum::Suppressed,
                _ => Datum::Missing,
            },
            href: (n % 2 == 1).then(|| format!("/th/sdg/{n}")),
        })
        .collect()
}

/// All 77 provinces with long-ish Thai labels and links: the heaviest map a page will realistically ask for.
fn sample_regions() -> Vec<Region> {
    province_codes()
        .into_iter()
        .enumerate()
        .map(|(i, code)| Region {
            code: code.to_owned(),
            label: if code == "10" {
                NASTY.to_owned()
            } else {
                format!("จังหวัดพระนครศรีอยุธยา {code}")
            },
            value: match i % 9 {
                0 => Datum::Suppressed,
                1 => Datum::Missing,
                2 => Datum::Value(0.0),
                k => Datum::Value((i * 37 % 200) as f64 + k as f64 * 1000.0),
            },
            href: Some(format!("/th/networks/learning-cities-network/provinces/{code}")),
        })
        .collect()
}

fn all_figures() -> Vec<Figure> {
    let (categories, series) = sample_series();
    vec![
        bars("bars", &text(), &sample_items()),
        stacked_bars("stacked", &text(), &categories, &series),
        line("line", &text(), &categories, &series),
        donut("donut", &text(), &sample_items(), NASTY),
        sdg_wheel("sdg", &text(), &sample_goals()),
        province_map("map", &text(), &sample_regions(), NASTY),
    ]
}

fn empty_figures() -> Vec<Figure> {
    let missing = vec![item("เชียงใหม่", Datum::Missing, None)];
    let no_values = vec![Series { label: "a".into(), values: vec![Datum::Missing] }];
    let region = Region { code: "50".into(), label: "เชียงใหม่".into(), value: Datum::Missing, href: None };
    vec![
        bars("e-bars", &text(), &[]),
        bars("e-bars-missing", &text(), &missing),
        stacked_bars("e-stacked", &text(), &[], &[]),
        stacked_bars("e-stacked-missing", &text(), &["x".to_owned()], &no_values),
        line("e-line", &text(), &[], &[]),
        line("e-line-missing", &text(), &["2567".to_owned()], &no_values),
        donut("e-donut", &text(), &[], "รวม"),
        sdg_wheel("e-sdg", &text(), &[]),
        province_map("e-map", &text(), &[region], "จำนวน"),
    ]
}

fn parse(svg: &str) -> Document<'_> {
    Document::parse(svg).unwrap_or_else(|e| panic!("not well-formed XML: {e}\n{svg}"))
}

fn view_box(doc: &Document) -> (f64, f64) {
    let vb: Vec<f64> = doc.root_element().attribute("viewBox").expect("viewBox").split(' ').map(|v| v.parse().unwrap()).collect();
    assert_eq!(&vb[..2], &[0.0, 0.0]);
    (vb[2], vb[3])
}

fn text_of(node: Node) -> String {
    node.descendants().filter(|n| n.is_text()).map(|n| n.text().unwrap_or("")).collect()
}

fn titles(doc: &Document) -> Vec<String> {
    doc.descendants().filter(|n| n.has_tag_name("title")).map(text_of).collect()
}

#[test]
fn every_svg_is_standalone_xml_without_styles_scripts_or_external_references() {
    for figure in all_figures().iter().chain(&empty_figures()) {
        let doc = parse(&figure.svg);
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "svg");
        assert_eq!(root.tag_name().namespace(), Some(SVG_NS), "{}: xmlns", figure.id);
        assert_eq!(root.attribute("width"), Some("100%"));
        assert!(root.attribute("height").is_none(), "{}: a fixed height would distort on phones", figure.id);
        assert!(root.attribute("preserveAspectRatio").is_some());
        assert_eq!(root.attribute("font-family"), Some("Sarabun, sans-serif"));
        for node in doc.descendants().filter(|n| n.is_element()) {
            let name = node.tag_name().name();
            assert!(!["style", "script", "image", "use", "foreignObject", "iframe"].contains(&name), "{}: <{name}>", figure.id);
            for attr in node.attributes() {
                assert_ne!(attr.name(), "style", "{}: style attribute on <{name}>", figure.id);
                assert!(!attr.name().starts_with("on"), "{}: event handler {}", figure.id, attr.name());
                assert!(attr.namespace().is_none(), "{}: namespaced attribute {}", figure.id, attr.name());
                assert!(!attr.value().contains("url("), "{}: external paint reference", figure.id);
                if attr.name() == "href" {
                    assert_eq!(name, "a", "{}: href outside a link", figure.id);
                }
            }
        }
    }
}

#[test]
fn title_and_description_label_the_chart() {
    for figure in all_figures().iter().chain(&empty_figures()) {
        let doc = parse(&figure.svg);
        let root = doc.root_element();
        let has_links = doc.descendants().any(|n| n.has_tag_name("a"));
        assert_eq!(root.attribute("role"), Some(if has_links { "group" } else { "img" }), "{}", figure.id);
        let title_id = root.attribute("aria-labelledby").expect("aria-labelledby");
        let desc_id = root.attribute("aria-describedby").expect("aria-describedby");
        let title = doc.descendants().find(|n| n.attribute("id") == Some(title_id)).expect("title element");
        assert!(title.has_tag_name("title") && title.parent() == Some(root));
        assert_eq!(text_of(title), text().title);
        let desc = doc.descendants().find(|n| n.attribute("id") == Some(desc_id)).expect("desc element");
        assert!(desc.has_tag_name("desc"));
        assert!(!text_of(desc).is_empty(), "{}: empty description", figure.id);
    }
    // The description leads with the largest value.
    let doc_bars = bars("b", &text(), &sample_items());
    let doc = parse(&doc_bars.svg);
    let desc = doc.descendants().find(|n| n.has_tag_name("desc")).unwrap();
    assert!(text_of(desc).starts_with("เชียงใหม่: 1,234"), "{}", text_of(desc));
}

#[test]
fn labels_and_links_are_escaped_and_come_back_intact() {
    for figure in all_figures() {
        assert!(!figure.svg.contains("<b>"), "{}: raw markup from a label", figure.id);
        let doc = parse(&figure.svg);
        let all_text = text_of(doc.root_element());
        assert!(all_text.contains(NASTY) || titles(&doc).iter().any(|t| t.contains(NASTY)), "{}: label lost", figure.id);
        assert!(all_text.contains("องค์กรภาคี <จำนวน> & \"ทั้งหมด\""), "{}: Thai title", figure.id);
        let html = figure.to_html();
        assert!(!html.contains("<b>"), "{}: raw markup in HTML", figure.id);
        let page = parse(&html);
        assert!(text_of(page.root_element()).contains(NASTY), "{}", figure.id);
    }
    let figure = bars("b", &text(), &sample_items());
    let doc = parse(&figure.svg);
    let hrefs: Vec<&str> = doc.descendants().filter_map(|n| n.attribute("href")).collect();
    assert_eq!(hrefs, vec!["/th/cities/50?a=1&b=2", "/th/cities/83"], "a javascript: link must not be followed");
    assert!(figure.svg.contains(r#"href="/th/cities/50?a=1&amp;b=2""#));
}

#[test]
fn links_carry_a_title_naming_label_and_value() {
    for figure in all_figures() {
        let doc = parse(&figure.svg);
        for link in doc.descendants().filter(|n| n.has_tag_name("a")) {
            let first = link.first_element_child().expect("link content");
            assert!(first.has_tag_name("title"), "{}: link without a title first", figure.id);
            assert!(text_of(first).contains(": "), "{}: {:?}", figure.id, text_of(first));
            assert!(link.children().filter(|n| n.is_element()).count() >= 2, "{}: link with nothing to click", figure.id);
        }
    }
    let doc = province_map("m", &text(), &sample_regions(), "n");
    let parsed = parse(&doc.svg);
    assert_eq!(parsed.descendants().filter(|n| n.has_tag_name("a")).count(), 77);
}

#[test]
fn ids_are_unique_and_prefixed_even_with_several_figures_on_a_page() {
    let figures = all_figures();
    let page = format!("<div>{}</div>", figures.iter().map(Figure::to_html).collect::<String>());
    let doc = parse(&page);
    let mut seen = HashSet::new();
    for node in doc.descendants() {
        if let Some(id) = node.attribute("id") {
            assert!(seen.insert(id.to_owned()), "duplicate id {id}");
        }
    }
    for figure in &figures {
        let doc = parse(&figure.svg);
        for id in doc.descendants().filter_map(|n| n.attribute("id")) {
            assert!(id.starts_with(&format!("{}-", figure.id)), "id {id} not prefixed with {}", figure.id);
        }
    }
    assert_eq!(seen.len(), 77 + 17 + figures.len() * 3, "figure, title and desc ids, 77 provinces, 17 goals");
}

#[test]
fn html_wraps_svg_caption_and_table() {
    let figure = bars("partners", &text(), &sample_items());
    let html = figure.to_html();
    assert!(html.starts_with(r#"<figure class="chart" id="partners"><svg "#));
    let doc = parse(&html);
    let root = doc.root_element();
    let children: Vec<&str> = root.children().filter(|n| n.is_element()).map(|n| n.tag_name().name()).collect();
    assert_eq!(children, ["svg", "figcaption", "details"]);
    let details = root.children().find(|n| n.has_tag_name("details")).unwrap();
    assert_eq!(text_of(details.first_element_child().unwrap()), "ดูข้อมูลเป็นตาราง");
    let table = details.descendants().find(|n| n.has_tag_name("table")).unwrap();
    assert_eq!(text_of(table.first_element_child().unwrap()), text().title, "caption first");
    let cols: Vec<String> =
        table.descendants().filter(|n| n.has_tag_name("th") && n.attribute("scope") == Some("col")).map(text_of).collect();
    assert_eq!(cols, ["เมือง", "จำนวน"]);
    let row_headers: Vec<String> =
        table.descendants().filter(|n| n.has_tag_name("th") && n.attribute("scope") == Some("row")).map(text_of).collect();
    assert_eq!(row_headers.len(), 5);
    assert_eq!(row_headers[2], "มหาวิทยาลัยเทคโนโลยีราชมงคลล้านนา วิทยาเขตเชียงราย", "full label in the table");
    let cells: Vec<String> = table.descendants().filter(|n| n.has_tag_name("td")).map(text_of).collect();
    assert_eq!(cells, ["1,234", "3", "42", "<5", "–"]);
    assert!(html.contains("<td>&lt;5</td>"));
}

#[test]
fn suppressed_values_are_never_drawn_to_scale() {
    let items = [item("ก", Datum::Value(20.0), None), item("ข", Datum::Suppressed, None), item("ค", Datum::Missing, None)];
    let figure = bars("s", &text(), &items);
    let doc = parse(&figure.svg);
    assert_eq!(doc.descendants().filter(|n| n.has_tag_name("rect")).count(), 1, "only the value gets a bar");
    let suppressed_row = doc.descendants().find(|n| n.has_tag_name("g") && titles_of(*n).first().is_some_and(|t| t == "ข: <5")).unwrap();
    assert!(!suppressed_row.descendants().any(|n| n.has_tag_name("rect") || n.has_tag_name("path")));
    assert!(text_of(suppressed_row).contains("<5"));
    assert_eq!(figure.table.rows[1], ["ข", "<5"]);
    assert_eq!(figure.table.rows[2], ["ค", "–"]);

    // Stacked: a suppressed layer adds no width; the bar is as long as the bar of the values alone.
    let categories = vec!["a".to_owned(), "b".to_owned()];
    let with = stacked_bars(
        "s1",
        &text(),
        &categories,
        &[
            Series { label: "x".into(), values: vec![Datum::Value(10.0), Datum::Value(10.0)] },
            Series { label: "y".into(), values: vec![Datum::Suppressed, Datum::Value(0.0)] },
        ],
    );
    let doc = parse(&with.svg);
    let widths: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("rect") && n.attribute("stroke").is_some())
        .map(|n| n.attribute("width").unwrap())
        .collect();
    assert_eq!(widths.len(), 2, "two value segments, no segment for <5 or 0");
    assert_eq!(widths[0], widths[1]);
    assert!(text_of(doc.root_element()).contains("<5"));

    // Line: a suppressed point is a gap, not a point.
    let figure = line("l", &text(), &categories, &[Series { label: "x".into(), values: vec![Datum::Value(10.0), Datum::Suppressed] }]);
    let doc = parse(&figure.svg);
    assert_eq!(doc.descendants().filter(|n| n.has_tag_name("circle")).count(), 1);
    assert_eq!(figure.table.rows[1], ["b", "<5"]);

    // Map: a suppressed province gets the neutral fill, not a class colour.
    let regions = [
        Region { code: "50".into(), label: "เชียงใหม่".into(), value: Datum::Suppressed, href: None },
        Region { code: "40".into(), label: "ขอนแก่น".into(), value: Datum::Value(12.0), href: None },
    ];
    let map = province_map("m", &text(), &regions, "n");
    let doc = parse(&map.svg);
    let fill =
        |code: &str| doc.descendants().find(|n| n.attribute("id") == Some(&format!("m-p{code}"))).unwrap().attribute("fill").unwrap();
    assert_ne!(fill("50"), fill("40"));
    assert_ne!(fill("50"), fill("10"), "suppressed differs from missing");
}

fn titles_of(node: Node) -> Vec<String> {
    node.children().filter(|n| n.has_tag_name("title")).map(text_of).collect()
}

#[test]
fn empty_data_shows_the_empty_text() {
    for figure in empty_figures() {
        let doc = parse(&figure.svg);
        let shown: Vec<String> = doc.descendants().filter(|n| n.has_tag_name("text")).map(text_of).collect();
        assert_eq!(shown, ["ยังไม่มีข้อมูล"], "{}", figure.id);
        let html = figure.to_html();
        assert_eq!(html.contains("<details>"), !figure.table.rows.is_empty(), "{}", figure.id);
        parse(&html);
    }
}

#[test]
fn long_labels_are_shortened_in_the_drawing_only() {
    let long = "มหาวิทยาลัยเทคโนโลยีราชมงคลล้านนา วิทยาเขตเชียงราย";
    let figure = bars("b", &text(), &[item(long, Datum::Value(5.0), None)]);
    let doc = parse(&figure.svg);
    let label = doc.descendants().filter(|n| n.has_tag_name("text")).map(text_of).find(|t| t.ends_with('…')).expect("shortened label");
    assert!(visual_len(&label) < visual_len(long));
    assert!(long.starts_with(label.trim_end_matches('…')));
    assert!(titles(&doc).iter().any(|t| t == &format!("{long}: 5")), "full label in the tooltip");
    assert_eq!(figure.table.rows[0][0], long);
}

#[test]
fn text_is_legible_on_a_phone() {
    // Shown 340 px wide, no text may render below 12 px.
    for figure in all_figures() {
        let doc = parse(&figure.svg);
        let (width, _) = view_box(&doc);
        for node in doc.descendants().filter(|n| n.has_tag_name("text")) {
            let size: f64 = node.ancestors().find_map(|a| a.attribute("font-size")).expect("font size").parse().unwrap();
            let px = size * 340.0 / width;
            assert!(px >= 12.0, "{}: {:?} at {px:.1} px", figure.id, text_of(node));
        }
        assert!((300.0..=480.0).contains(&width), "{}: viewBox width {width}", figure.id);
    }
}

#[test]
fn texts_stay_inside_the_view_box() {
    for figure in all_figures() {
        let doc = parse(&figure.svg);
        let (width, height) = view_box(&doc);
        for node in doc.descendants().filter(|n| n.has_tag_name("text")) {
            let x: f64 = node.attribute("x").unwrap().parse().unwrap();
            let y: f64 = node.attribute("y").unwrap().parse().unwrap();
            assert!((0.0..=width).contains(&x) && (0.0..=height).contains(&y), "{}: {:?} at {x},{y}", figure.id, text_of(node));
        }
    }
}

#[test]
fn the_map_has_77_distinct_provinces_inside_its_view_box_and_within_budget() {
    let codes = province_codes();
    assert_eq!(codes.len(), 77);
    assert_eq!(codes.iter().collect::<HashSet<_>>().len(), 77);
    for code in ["10", "40", "50", "96"] {
        assert!(codes.contains(&code), "{code}");
    }
    assert!(codes.iter().all(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_digit())));

    let figure = province_map("province-map-2568", &text(), &sample_regions(), "จำนวนองค์กรภาคีในเครือข่าย");
    println!("map SVG: {} bytes", figure.svg.len());
    assert!(figure.svg.len() <= 45_000, "map SVG is {} bytes", figure.svg.len());
    let doc = parse(&figure.svg);
    let (width, height) = view_box(&doc);
    assert!(height > width * 1.5, "Thailand is tall and narrow: {width}×{height}");
    let shapes: Vec<Node> = doc
        .descendants()
        .filter(|n| n.has_tag_name("path") && n.attribute("id").is_some_and(|id| id.starts_with("province-map-2568-p")))
        .collect();
    assert_eq!(shapes.len(), 77);
    let drawn: HashSet<&str> = shapes.iter().map(|n| n.attribute("id").unwrap().trim_start_matches("province-map-2568-p")).collect();
    assert_eq!(drawn, codes.iter().copied().collect::<HashSet<_>>());
    for shape in &shapes {
        let points = path_points(shape.attribute("d").unwrap());
        assert!(points.len() >= 4, "{:?} is too simple", shape.attribute("id"));
        for (x, y) in points {
            assert!((0.0..=width).contains(&x) && (0.0..=height).contains(&y), "{:?}: ({x}, {y}) outside", shape.attribute("id"));
        }
    }
    // The licence's attribution is on the map itself.
    let words: String = doc.descendants().filter(|n| n.has_tag_name("text")).map(text_of).collect::<Vec<_>>().join(" ");
    assert!(words.contains(ATTRIBUTION), "{words}");
    // The legend: title and one range per class, formatted.
    assert!(titles(&doc).iter().any(|t| t == "จำนวนองค์กรภาคีในเครือข่าย"));
    assert!(words.contains("<5") && words.contains("0 / –"));
    assert!(words.contains("8,"), "class ranges use thousands separators: {words}");
}

#[test]
fn the_map_titles_each_province_and_colours_by_class() {
    let regions = [
        Region { code: "10".into(), label: "กรุงเทพมหานคร".into(), value: Datum::Value(500.0), href: None },
        Region { code: "TH-50".into(), label: "เชียงใหม่".into(), value: Datum::Value(5.0), href: None },
        Region { code: "99".into(), label: "ไม่มีจังหวัดนี้".into(), value: Datum::Value(7.0), href: None },
    ];
    let figure = province_map("m", &text(), &regions, "n");
    let doc = parse(&figure.svg);
    let shape = |code: &str| doc.descendants().find(|n| n.attribute("id") == Some(&format!("m-p{code}"))).unwrap();
    assert_eq!(titles_of(shape("10")), ["กรุงเทพมหานคร: 500"]);
    assert_eq!(titles_of(shape("50")), ["เชียงใหม่: 5"]);
    assert_eq!(titles_of(shape("40")), ["ขอนแก่น: –"], "absent provinces take their Thai name on a Thai page");
    assert_ne!(shape("10").attribute("fill"), shape("50").attribute("fill"));
    assert_eq!(shape("40").attribute("fill"), shape("41").attribute("fill"));
    assert_eq!(figure.table.rows.len(), 3, "an unknown code stays in the table");
}

#[test]
fn the_sdg_wheel_has_17_segments_coloured_by_coverage() {
    let goals = sample_goals();
    let figure = sdg_wheel("sdg", &text(), &goals);
    let doc = parse(&figure.svg);
    let segments: Vec<Node> = doc.descendants().filter(|n| n.attribute("id").is_some_and(|id| id.starts_with("sdg-g"))).collect();
    assert_eq!(segments.len(), 17);
    let grey = segments[3].attribute("fill").unwrap(); // goal 4 has 0
    for (i, segment) in segments.iter().enumerate() {
        let number = i + 1;
        assert_eq!(segment.attribute("id"), Some(format!("sdg-g{number}").as_str()));
        let goal = &goals[i];
        let covered = goal.value == Datum::Suppressed || goal.value.value().is_some_and(|v| v > 0.0);
        let fill = segment.attribute("fill").unwrap();
        if covered {
            assert_eq!(fill, SDG_COLOURS[i], "goal {number} in its official colour");
        } else {
            assert_eq!(fill, grey, "goal {number} has none");
            assert!(!SDG_COLOURS.contains(&fill));
        }
        // The number is written in the segment.
        let group = segment.parent().unwrap();
        assert!(group.children().any(|n| n.has_tag_name("text") && text_of(n) == number.to_string()), "number {number}");
    }
    let covered = goals.iter().filter(|g| g.value == Datum::Suppressed || g.value.value().is_some_and(|v| v > 0.0)).count();
    assert!(text_of(doc.root_element()).contains(&format!("{covered}/17")));
    // Goals left out entirely are drawn, grey.
    let partial = sdg_wheel("p", &text(), &goals[..1]);
    let doc = parse(&partial.svg);
    let fills: Vec<&str> = doc
        .descendants()
        .filter(|n| n.attribute("id").is_some_and(|id| id.starts_with("p-g")))
        .map(|n| n.attribute("fill").unwrap())
        .collect();
    assert_eq!(fills.len(), 17);
    assert_eq!(fills.iter().filter(|f| **f == grey).count(), 16);
}

#[test]
fn line_breaks_at_missing_values() {
    let x: Vec<String> = (2560..2566).map(|y| y.to_string()).collect();
    let values = [1.0, 2.0, -1.0, 4.0, 5.0, 6.0].map(|v| if v < 0.0 { Datum::Missing } else { Datum::Value(v * 10.0) }).to_vec();
    let figure = line("l", &text(), &x, &[Series { label: "a".into(), values }]);
    let doc = parse(&figure.svg);
    let path = doc.descendants().find(|n| n.has_tag_name("path") && n.attribute("fill") == Some("none")).unwrap();
    assert_eq!(path.attribute("d").unwrap().matches('M').count(), 2, "two runs around the gap");
    assert_eq!(doc.descendants().filter(|n| n.has_tag_name("circle")).count(), 5);
    assert_eq!(figure.table.headers, ["เมือง", "a"]);
    assert_eq!(figure.table.rows[2], ["2562", "–"]);
}

#[test]
fn donut_centre_shows_the_total_of_shown_values() {
    let figure = donut("d", &text(), &sample_items(), "องค์กร");
    let doc = parse(&figure.svg);
    let texts: Vec<String> = doc.descendants().filter(|n| n.has_tag_name("text")).map(text_of).collect();
    assert!(texts.contains(&"1,279".to_owned()), "{texts:?}");
    assert!(texts.contains(&"องค์กร".to_owned()));
    assert_eq!(doc.descendants().filter(|n| n.has_tag_name("path")).count(), 3, "one slice per positive value");
    assert_eq!(figure.table.headers, ["เมือง", "จำนวน", "%"]);
    assert_eq!(figure.table.rows[0][2], "96.5%");
}

#[test]
fn format_number_cases() {
    assert_eq!(format_number(0.0), "0");
    assert_eq!(format_number(999.0), "999");
    assert_eq!(format_number(1000.0), "1,000");
    assert_eq!(format_number(1234567.0), "1,234,567");
    assert_eq!(format_number(12.5), "12.5");
    assert_eq!(format_number(-1200.0), "-1,200");
}

/// Absolute vertices of SVG path data with the commands the map uses (m, l, h, v, z and their
/// absolute forms), read by the SVG grammar: "1.5.5" is two numbers, a first "m" is absolute, further
/// pairs after "m" are line-tos.
fn path_points(d: &str) -> Vec<(f64, f64)> {
    let bytes = d.as_bytes();
    let mut tokens: Vec<Result<char, f64>> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i] as char;
        if c.is_ascii_alphabetic() {
            tokens.push(Ok(c));
            i += 1;
        } else if c == ' ' || c == ',' {
            i += 1;
        } else {
            let start = i;
            if c == '-' || c == '+' {
                i += 1;
            }
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            if i < bytes.len() && bytes[i] == b'.' {
                i += 1;
                while i < bytes.len() && bytes[i].is_ascii_digit() {
                    i += 1;
                }
            }
            tokens.push(Err(d[start..i].parse().unwrap_or_else(|_| panic!("bad number {:?}", &d[start..i]))));
        }
    }
    let mut points = Vec::new();
    let (mut pen, mut start) = ((0.0, 0.0), (0.0, 0.0));
    let mut command = ' ';
    let mut first = true;
    let mut t = 0;
    while t < tokens.len() {
        if let Ok(c) = tokens[t] {
            command = c;
            t += 1;
            if c.eq_ignore_ascii_case(&'z') {
                pen = start;
            }
            continue;
        }
        let mut next = || match tokens[t] {
            Err(v) => {
                t += 1;
                v
            }
            Ok(c) => panic!("expected a number, found {c}"),
        };
        match command {
            'm' | 'M' | 'l' | 'L' => {
                let (x, y) = (next(), next());
                let relative = command.is_ascii_lowercase() && !(command == 'm' && first);
                pen = if relative { (pen.0 + x, pen.1 + y) } else { (x, y) };
                if command.eq_ignore_ascii_case(&'m') {
                    start = pen;
                    command = if command == 'm' { 'l' } else { 'L' };
                }
                first = false;
            }
            'h' => pen.0 += next(),
            'v' => pen.1 += next(),
            'H' => pen.0 = next(),
            'V' => pen.1 = next(),
            other => panic!("unexpected command {other}"),
        }
        points.push(pen);
    }
    points
}
