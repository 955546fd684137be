//! Home: the network at a glance for one fiscal year.

use askama::Template;
use axum::extract::{OriginalUri, Query, State};
use phakhi_charts::{Figure, Goal, Item, Region, Series};
use phakhi_domain::agreement::AgreementStatus;
use phakhi_domain::disclosure;
use phakhi_domain::organization::Sector;
use phakhi_domain::participation::Gender;
use phakhi_domain::{FiscalYear, Vocabulary};
use phakhi_store::{AreaFilter, FrameworkItemFilter, Overview, Page};
use serde::Deserialize;

use super::charts::{count, datum, text};
use super::view::{Link, breakdown, target_group_names};
use super::{Chrome, PageError, PageResult, render};
use crate::AppState;
use crate::i18n::{Lang, number, thai_today};

#[derive(Debug, Deserialize)]
pub struct HomeQuery {
    fy: Option<i32>,
}

/// A headline figure.
#[derive(Debug)]
pub struct Figure1 {
    pub label: String,
    pub value: String,
    pub href: String,
}

#[derive(Debug)]
pub struct YearOption {
    pub be: i32,
    pub label: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    c: Chrome,
    year_label: String,
    /// Set when the current fiscal year has no records yet and the page shows the latest that has.
    latest_note: Option<String>,
    years: Vec<YearOption>,
    figures: Vec<Figure1>,
    charts: Vec<Figure>,
    uncovered_goals: Vec<Link>,
    /// The gaps page for the year shown.
    gaps_href: String,
}

pub async fn page(lang: Lang, uri: OriginalUri, State(state): State<AppState>, Query(q): Query<HomeQuery>) -> PageResult {
    let store = state.store();
    let err = |e| PageError::from_store(lang, e);
    let current = FiscalYear::containing(thai_today());
    let requested = match q.fy {
        Some(be) => Some(FiscalYear::from_be(be).map_err(|_| PageError::BadRequest(lang, lang.t("error-fiscal-year")))?),
        None => None,
    };
    let mut overview = store.overview(requested.unwrap_or(current)).await.map_err(err)?;
    let mut latest_note = None;
    if requested.is_none()
        && !overview.fiscal_years_with_records.contains(&current)
        && let Some(&latest) = overview.fiscal_years_with_records.first()
    {
        overview = store.overview(latest).await.map_err(err)?;
        latest_note = Some(lang.t_with("home-latest-note", &[("current", lang.fiscal_year(current).into())]));
    }
    let fy = overview.fiscal_year;
    let c = Chrome::new(lang, &uri, "home", lang.t("home-title"));

    let mut years: Vec<YearOption> = overview
        .fiscal_years_with_records
        .iter()
        .chain([&current, &fy])
        .map(|y| YearOption { be: y.be(), label: lang.fiscal_year(*y), selected: *y == fy })
        .collect();
    years.sort_by_key(|y| std::cmp::Reverse(y.be));
    years.dedup_by_key(|y| y.be);

    let figures = headline_figures(lang, &c, &overview);
    let mut charts = vec![
        sector_chart(lang, &c, &overview),
        agreement_chart(lang, &overview),
        gender_chart(lang, &overview),
        target_group_chart(lang, &overview, &target_group_names(store, lang).await?),
    ];
    let goals = store
        .list_framework_items(
            &FrameworkItemFilter { framework: Some("sdg".into()), top_level: true, ..Default::default() },
            &Page { limit: 50, offset: 0, sort: None },
        )
        .await
        .map_err(err)?
        .items;
    let mut uncovered_goals = Vec::new();
    let wheel: Vec<Goal> = overview
        .sdg_goals
        .iter()
        .filter_map(|g| {
            let item = goals.iter().find(|i| i.input.code == g.code)?;
            // The wheel numbers its goals itself.
            let label = super::view::item_title(lang, &item.input);
            let href = format!("{}/frameworks/sdg/{}", c.base(), g.code);
            let n = g.programmes + g.activities;
            if n == 0 {
                uncovered_goals.push(Link { href: href.clone(), text: format!("{} {label}", g.code) });
            }
            Some(Goal { number: g.code.parse().ok()?, label, value: count(n), href: Some(href) })
        })
        .collect();
    charts.push(phakhi_charts::sdg_wheel(
        "sdg-coverage",
        &text(lang, lang.t_with("chart-sdg-title", &[("year", lang.fiscal_year(fy).into())]), "chart-goal", "chart-programmes-activities"),
        &wheel,
    ));
    let provinces = store
        .list_areas(
            &AreaFilter { level: Some(phakhi_domain::area::AreaLevel::Province), ..Default::default() },
            &Page { limit: 100, offset: 0, sort: None },
        )
        .await
        .map_err(err)?
        .items;
    let regions: Vec<Region> = provinces
        .iter()
        .map(|p| {
            let n = overview.by_province.iter().find(|t| t.key == p.code).map_or(0, |t| t.activities);
            Region {
                code: p.code.clone(),
                label: lang.pick(&p.name_th, Some(&p.name_en)).to_owned(),
                value: count(n),
                href: (n > 0).then(|| format!("{}/activities?area={}&fiscal_year={}", c.base(), p.code, fy.be())),
            }
        })
        .collect();
    charts.push(phakhi_charts::province_map(
        "activity-map",
        &text(lang, lang.t_with("chart-map-title", &[("year", lang.fiscal_year(fy).into())]), "chart-province", "chart-activities"),
        &regions,
        &lang.t("chart-activities"),
    ));
    charts.push(month_chart(lang, &overview));
    let gaps_href = format!("{}/gaps?fiscal_year={}", c.base(), fy.be());
    Ok(render(&HomePage { c, year_label: lang.fiscal_year(fy), latest_note, years, figures, charts, uncovered_goals, gaps_href }))
}

fn headline_figures(lang: Lang, c: &Chrome, o: &Overview) -> Vec<Figure1> {
    let base = c.base();
    let partners: u64 = o.organizations_by_sector.iter().map(|t| t.count).sum();
    let agreements: u64 = o.agreements_by_status.iter().map(|t| t.count).sum();
    let fy = o.fiscal_year.be();
    vec![
        Figure1 { label: lang.t("figure-partners"), value: number(partners), href: format!("{base}/partners") },
        Figure1 { label: lang.t("figure-networks"), value: number(o.networks), href: format!("{base}/networks") },
        Figure1 { label: lang.t("figure-agreements"), value: number(agreements), href: format!("{base}/agreements") },
        Figure1 { label: lang.t("figure-programmes"), value: number(o.programmes), href: format!("{base}/programmes?fiscal_year={fy}") },
        Figure1 { label: lang.t("figure-activities"), value: number(o.activities), href: format!("{base}/activities?fiscal_year={fy}") },
        Figure1 {
            label: lang.t("figure-participants"),
            value: super::view::shown(disclosure::single(o.participants)),
            href: format!("{base}/activities?fiscal_year={fy}"),
        },
    ]
}

fn sector_chart(lang: Lang, c: &Chrome, o: &Overview) -> Figure {
    let items: Vec<Item> = o
        .organizations_by_sector
        .iter()
        .map(|t| Item {
            label: Sector::from_code(&t.code).map_or(t.code.clone(), |s| lang.label(s).to_owned()),
            value: count(t.count),
            href: Some(format!("{}/partners?sector={}", c.base(), t.code)),
        })
        .collect();
    phakhi_charts::bars("partners-by-sector", &text(lang, lang.t("chart-sector-title"), "chart-sector", "chart-organizations"), &items)
}

fn agreement_chart(lang: Lang, o: &Overview) -> Figure {
    let items: Vec<Item> = o
        .agreements_by_status
        .iter()
        .map(|t| Item {
            label: AgreementStatus::from_code(&t.code).map_or(t.code.clone(), |s| lang.label(s).to_owned()),
            value: count(t.count),
            href: None,
        })
        .collect();
    phakhi_charts::donut(
        "agreements-by-status",
        &text(lang, lang.t("chart-agreements-title"), "chart-status", "chart-agreements"),
        &items,
        &lang.t("chart-agreements"),
    )
}

fn gender_chart(lang: Lang, o: &Overview) -> Figure {
    let rows = Gender::ALL
        .iter()
        .map(|g| (lang.label(*g).to_owned(), o.participants_by_gender.iter().find(|t| t.code == g.code()).map_or(0, |t| t.count)))
        .collect();
    let (rows, _) = breakdown(rows);
    let items: Vec<Item> = rows.into_iter().map(|r| Item { label: r.label, value: datum(r.count), href: None }).collect();
    phakhi_charts::bars(
        "participants-by-gender",
        &text(
            lang,
            lang.t_with("chart-gender-title", &[("year", lang.fiscal_year(o.fiscal_year).into())]),
            "chart-gender",
            "chart-participants",
        ),
        &items,
    )
}

fn target_group_chart(lang: Lang, o: &Overview, names: &std::collections::HashMap<String, String>) -> Figure {
    let rows = o
        .participants_by_target_group
        .iter()
        .map(|t| {
            (if t.code == "not_stated" { lang.t("not-stated") } else { names.get(&t.code).cloned().unwrap_or(t.code.clone()) }, t.count)
        })
        .collect();
    let (rows, _) = breakdown(rows);
    let items: Vec<Item> = rows.into_iter().map(|r| Item { label: r.label, value: datum(r.count), href: None }).collect();
    phakhi_charts::bars(
        "participants-by-target-group",
        &text(
            lang,
            lang.t_with("chart-target-group-title", &[("year", lang.fiscal_year(o.fiscal_year).into())]),
            "chart-target-group",
            "chart-participants",
        ),
        &items,
    )
}

/// Activities per month of the fiscal year, October to September.
fn month_chart(lang: Lang, o: &Overview) -> Figure {
    let first = o.fiscal_year.first_day();
    let months: Vec<(String, String)> = (0..12)
        .map(|i| {
            let d = first.checked_add_months(chrono::Months::new(i)).expect("twelve months fit");
            (d.format("%Y-%m").to_string(), month_label(lang, d))
        })
        .collect();
    let activities = Series {
        label: lang.t("chart-activities"),
        values: months.iter().map(|(key, _)| count(o.by_month.iter().find(|t| &t.key == key).map_or(0, |t| t.activities))).collect(),
    };
    phakhi_charts::line(
        "activities-by-month",
        &text(
            lang,
            lang.t_with("chart-month-title", &[("year", lang.fiscal_year(o.fiscal_year).into())]),
            "chart-month",
            "chart-activities",
        ),
        &months.into_iter().map(|(_, label)| label).collect::<Vec<_>>(),
        &[activities],
    )
}

/// `ต.ค. 66` / `Oct 2023`.
pub fn month_label(lang: Lang, d: chrono::NaiveDate) -> String {
    let full = lang.date(d);
    // Drop the day: "1 ต.ค. 2566" → "ต.ค. 2566".
    full.split_once(' ').map_or(full.clone(), |(_, rest)| rest.to_owned())
}
