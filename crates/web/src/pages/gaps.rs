//! The gaps of a fiscal year: SDG goals and targets, learning-city areas, target groups and provinces
//! no programme or activity reaches; signatories of active agreements that recorded nothing; entered
//! indicators without an approved value. The same lists as `GET /api/v1/gaps`.

use axum::extract::{OriginalUri, Query, State};
use phakhi_domain::FiscalYear;
use phakhi_store::gaps::{Gaps, Uncovered};
use serde::Deserialize;

use super::view::{Body, DetailPage, Link, Section};
use super::{Chrome, PageError, PageResult, render};
use crate::AppState;
use crate::i18n::{Lang, thai_today};

#[derive(Debug, Deserialize, Default)]
pub struct GapsQuery {
    fiscal_year: Option<String>,
}

/// The year asked for, else the current fiscal year.
fn year(lang: Lang, asked: Option<&str>) -> Result<FiscalYear, PageError> {
    match asked.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => {
            s.parse().ok().and_then(|y| FiscalYear::from_be(y).ok()).ok_or_else(|| PageError::BadRequest(lang, lang.t("error-fiscal-year")))
        }
        None => Ok(FiscalYear::containing(thai_today())),
    }
}

pub async fn page(lang: Lang, uri: OriginalUri, State(state): State<AppState>, Query(q): Query<GapsQuery>) -> PageResult {
    let fy = year(lang, q.fiscal_year.as_deref())?;
    let gaps = state.store().gaps(fy).await.map_err(|e| PageError::from_store(lang, e))?;
    let c = Chrome::new(lang, &uri, "gaps", lang.t("gaps-title"));
    let base = c.base().to_owned();
    let sections = vec![
        Section::new("years", lang.t("gaps-years"), Body::Links(year_links(lang, &base, fy))),
        list("frameworks", lang.t("gaps-framework-items"), items(lang, &base, &gaps.framework_items), lang.t("gaps-none")),
        list("target-groups", lang.t("gaps-target-groups"), items(lang, &base, &gaps.target_groups), lang.t("gaps-none")),
        list("provinces", lang.t("gaps-provinces"), items(lang, &base, &gaps.provinces), lang.t("gaps-none")),
        list("signatories", lang.t("gaps-silent-signatories"), signatories(lang, &base, &gaps), lang.t("gaps-none")),
        list("indicators", lang.t("gaps-indicators"), indicators(lang, &base, &gaps), lang.t("gaps-none")),
        Section::new(
            "data",
            lang.t("gaps-data"),
            Body::Links(vec![Link { href: format!("/api/v1/gaps?fiscal_year={}", fy.be()), text: lang.t("gaps-data-link") }]),
        ),
    ];
    let subtitle = Some(lang.fiscal_year(fy));
    Ok(render(&DetailPage { kind: lang.t("gaps-kind"), heading: lang.t("gaps-title"), subtitle, actions: vec![], sections, c }))
}

fn list(id: &str, heading: String, links: Vec<Link>, empty: String) -> Section {
    Section::new(id, heading, Body::Links(links)).or_empty(empty)
}

/// The previous, this and the next fiscal year.
fn year_links(lang: Lang, base: &str, shown: FiscalYear) -> Vec<Link> {
    [shown.be() - 1, shown.be(), shown.be() + 1]
        .into_iter()
        .filter_map(|y| FiscalYear::from_be(y).ok())
        .map(|y| {
            let label = lang.fiscal_year(y);
            let text = if y == shown { lang.t_with("plan-year-shown", &[("year", label.into())]) } else { label };
            Link { href: format!("{base}/gaps?fiscal_year={}", y.be()), text }
        })
        .collect()
}

/// Where each kind of gap is explored: the framework item, the programmes for a target group, the
/// partners of a province.
fn items(lang: Lang, base: &str, list: &[Uncovered]) -> Vec<Link> {
    list.iter()
        .map(|u| {
            let name = lang.pick(&u.name_th, u.name_en.as_deref());
            match u.scheme.as_str() {
                "target_group" => Link { href: format!("{base}/programmes?target_group={}", u.code), text: name.to_owned() },
                "province" => Link { href: format!("{base}/partners?area={}", u.code), text: format!("{name} ({})", u.code) },
                framework => Link {
                    href: format!("{base}/frameworks/{framework}/{}", u.code),
                    text: format!("{} {}: {name}", framework.to_uppercase(), u.code),
                },
            }
        })
        .collect()
}

fn signatories(lang: Lang, base: &str, gaps: &Gaps) -> Vec<Link> {
    gaps.silent_signatories
        .iter()
        .map(|s| {
            let organization = lang.pick(&s.organization_name_th, s.organization_name_en.as_deref());
            let agreement = lang.pick(&s.agreement_title_th, s.agreement_title_en.as_deref());
            Link { href: format!("{base}/partners/{}", s.organization_id), text: format!("{organization} — {agreement}") }
        })
        .collect()
}

fn indicators(lang: Lang, base: &str, gaps: &Gaps) -> Vec<Link> {
    gaps.indicators_without_value
        .iter()
        .map(|i| {
            let name = lang.pick(&i.name_th, i.name_en.as_deref());
            let plan = lang.pick(&i.plan_title_th, i.plan_title_en.as_deref());
            Link { href: format!("{base}/plans/{}", i.plan_id), text: format!("{} {name} — {plan}", i.code) }
        })
        .collect()
}
