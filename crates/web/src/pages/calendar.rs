//! The activity calendar: one month at a time, day by day (a list reads better than a grid on a phone).

use askama::Template;
use axum::extract::{OriginalUri, Query, State};
use chrono::{Datelike, Months, NaiveDate, TimeZone};
use phakhi_store::{ActivityFilter, Page, Sort};
use serde::Deserialize;

use super::view::{Card, Link};
use super::{Chrome, PageError, PageResult, render};
use crate::AppState;
use crate::i18n::{Lang, thai_time, thai_today};

#[derive(Debug, Deserialize)]
pub struct CalendarQuery {
    /// `2024-07`.
    month: Option<String>,
}

#[derive(Debug)]
pub struct Day {
    pub label: String,
    pub date: String,
    pub activities: Vec<Card>,
}

#[derive(Template)]
#[template(path = "calendar.html")]
struct CalendarPage {
    c: Chrome,
    month: String,
    previous: Link,
    next: Link,
    days: Vec<Day>,
    latest: Option<Link>,
}

/// Thai midnight at the start of `date`, as UTC.
fn thai_midnight(date: NaiveDate) -> chrono::DateTime<chrono::Utc> {
    let thai = chrono::FixedOffset::east_opt(7 * 3600).expect("UTC+7 is a valid offset");
    thai.from_local_datetime(&date.and_hms_opt(0, 0, 0).expect("midnight exists")).single().expect("no gaps at a fixed offset").to_utc()
}

pub async fn page(lang: Lang, uri: OriginalUri, State(state): State<AppState>, Query(q): Query<CalendarQuery>) -> PageResult {
    let store = state.store();
    let err = |e| PageError::from_store(lang, e);
    let first = match q.month.as_deref().filter(|m| !m.is_empty()) {
        Some(m) => NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d")
            .map_err(|_| PageError::BadRequest(lang, lang.t_with("error-filter", &[("field", "month".into())])))?,
        None => thai_today().with_day(1).expect("every month has a first day"),
    };
    let next_month = first.checked_add_months(Months::new(1)).ok_or(PageError::NotFound(lang))?;
    let previous_month = first.checked_sub_months(Months::new(1)).ok_or(PageError::NotFound(lang))?;
    let filter = ActivityFilter { from: Some(thai_midnight(first)), to: Some(thai_midnight(next_month)), ..Default::default() };
    let ascending = Page { limit: 500, offset: 0, sort: Some(Sort { field: "starts_at".into(), descending: false }) };
    let found = store.list_activities(&filter, &ascending).await.map_err(err)?;
    let c = Chrome::new(lang, &uri, "activities", format!("{} · {}", lang.t("calendar-title"), lang.month(first)));
    let base = c.base();

    let mut days: Vec<Day> = Vec::new();
    for a in &found.items {
        let date = thai_time(a.input.starts_at).date_naive();
        let card = super::activities::card(lang, base, a);
        match days.last_mut() {
            Some(day) if day.date == date.to_string() => day.activities.push(card),
            _ => days.push(Day { label: lang.date(date), date: date.to_string(), activities: vec![card] }),
        }
    }
    // An empty month points to the latest month that has activities, so a visitor is never stranded.
    let latest = if days.is_empty() {
        let newest = Page { limit: 1, offset: 0, sort: Some(Sort { field: "starts_at".into(), descending: true }) };
        store.list_activities(&ActivityFilter::default(), &newest).await.map_err(err)?.items.first().map(|a| {
            let d = thai_time(a.input.starts_at).date_naive();
            Link { href: format!("{base}/activities/calendar?month={}", d.format("%Y-%m")), text: lang.month(d) }
        })
    } else {
        None
    };
    let month_link = |d: NaiveDate| Link { href: format!("{base}/activities/calendar?month={}", d.format("%Y-%m")), text: lang.month(d) };
    Ok(render(&CalendarPage {
        month: lang.month(first),
        previous: month_link(previous_month),
        next: month_link(next_month),
        days,
        latest,
        c,
    }))
}
