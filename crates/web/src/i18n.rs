//! The interface's two languages and their message catalogues (Project Fluent files in
//! `crates/web/locales/{th,en}/`, compiled into the binary).
//!
//! Pages live under `/th/…` and `/en/…`; [`Lang`] is read from that first path segment, so a link
//! shared in a LINE chat opens in the language it was copied in.

use std::borrow::Cow;
use std::collections::HashMap;

use axum::extract::{FromRequestParts, OriginalUri};
use axum::http::request::Parts;
use chrono::{DateTime, NaiveDate, Utc};
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid};
use phakhi_domain::Vocabulary;

fluent_templates::static_loader! {
    static CATALOGUES = {
        locales: "./locales",
        fallback_language: "th",
        // Unicode isolation marks around arguments would end up inside attributes and URLs.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static THAI: LanguageIdentifier = langid!("th");
static ENGLISH: LanguageIdentifier = langid!("en");

/// The language of a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    Th,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Th, Lang::En];

    /// `th` or `en`: the path prefix, `<html lang>` and the cookie value.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Th => "th",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Th => Lang::En,
            Lang::En => Lang::Th,
        }
    }

    fn id(self) -> &'static LanguageIdentifier {
        match self {
            Lang::Th => &THAI,
            Lang::En => &ENGLISH,
        }
    }

    /// The message `key`. A key missing from a catalogue shows as itself, and a test keeps that from
    /// ever shipping.
    pub fn t(self, key: &str) -> String {
        CATALOGUES.try_lookup(self.id(), key).unwrap_or_else(|| key.to_owned())
    }

    /// The message `key` with named arguments (`{ $count }` in the catalogue).
    pub fn t_with(self, key: &str, args: &[(&'static str, FluentValue<'static>)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue<'static>> = args.iter().map(|(k, v)| (Cow::Borrowed(*k), v.clone())).collect();
        CATALOGUES.try_lookup_with_args(self.id(), key, &args).unwrap_or_else(|| key.to_owned())
    }

    /// A vocabulary entry's label in this language.
    pub fn label<V: Vocabulary>(self, v: V) -> &'static str {
        match self {
            Lang::Th => v.label_th(),
            Lang::En => v.label_en(),
        }
    }

    /// The Thai or English text of a bilingual field; English falls back to Thai, which every record has.
    pub fn pick<'a>(self, th: &'a str, en: Option<&'a str>) -> &'a str {
        match (self, en) {
            (Lang::En, Some(en)) if !en.trim().is_empty() => en,
            _ => th,
        }
    }

    /// A validation message in this language.
    pub fn violation(self, v: &phakhi_domain::Violation) -> &str {
        match self {
            Lang::Th => &v.message_th,
            Lang::En => &v.message_en,
        }
    }

    /// `5 ก.ค. 2567` in Thai (Buddhist Era), `5 Jul 2024` in English.
    pub fn date(self, date: NaiveDate) -> String {
        match self {
            Lang::Th => phakhi_thai::format_date_th(date),
            Lang::En => phakhi_thai::format_date_en(date),
        }
    }

    /// `กรกฎาคม 2567` / `July 2024`.
    pub fn month(self, date: NaiveDate) -> String {
        match self {
            Lang::Th => phakhi_thai::format_month_th(date),
            Lang::En => phakhi_thai::format_month_en(date),
        }
    }

    /// An instant as a date and time in Thailand. Midnight means "a date, time not recorded" (reports
    /// often give only the day), so it shows as the date alone.
    pub fn date_time(self, at: DateTime<Utc>) -> String {
        let local = thai_time(at);
        if local.time() == chrono::NaiveTime::MIN {
            return self.date(local.date_naive());
        }
        let time = local.format("%H:%M");
        match self {
            Lang::Th => format!("{} {time} น.", self.date(local.date_naive())),
            Lang::En => format!("{} {time}", self.date(local.date_naive())),
        }
    }

    /// A fiscal year as its readers name it: `ปีงบประมาณ 2567` / `FY 2024 (BE 2567)`.
    pub fn fiscal_year(self, fy: phakhi_domain::FiscalYear) -> String {
        match self {
            Lang::Th => fy.label_th(),
            Lang::En => fy.label_en(),
        }
    }
}

/// An instant in Thai time (UTC+7, no daylight saving).
pub fn thai_time(at: DateTime<Utc>) -> DateTime<chrono::FixedOffset> {
    at.with_timezone(&chrono::FixedOffset::east_opt(7 * 3600).expect("UTC+7 is a valid offset"))
}

/// Today's date in Thailand.
pub fn thai_today() -> NaiveDate {
    thai_time(Utc::now()).date_naive()
}

/// A count with thousands separators: `12,345`.
pub fn number(n: u64) -> String {
    phakhi_charts::format_number(n as f64)
}

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = crate::pages::PageError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        // Inside a nested router the URI has lost its prefix; the original still has it.
        let path = parts.extensions.get::<OriginalUri>().map_or_else(|| parts.uri.path().to_owned(), |o| o.0.path().to_owned());
        let first = path.trim_start_matches('/').split('/').next().unwrap_or_default();
        Lang::from_code(first).ok_or(crate::pages::PageError::NotFound(Lang::Th))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The message keys a catalogue file defines.
    fn keys(file: &str) -> Vec<String> {
        file.lines()
            .filter(|l| !l.starts_with([' ', '#', '\t']) && l.contains(" ="))
            .map(|l| l.split(" =").next().unwrap_or_default().trim().to_owned())
            .collect()
    }

    fn catalogue(lang: Lang) -> Vec<String> {
        keys(match lang {
            Lang::Th => include_str!("../locales/th/phakhi.ftl"),
            Lang::En => include_str!("../locales/en/phakhi.ftl"),
        })
    }

    #[test]
    fn both_catalogues_have_the_same_messages_and_every_one_formats() {
        let (th, en) = (catalogue(Lang::Th), catalogue(Lang::En));
        let missing_in_en: Vec<_> = th.iter().filter(|k| !en.contains(k)).collect();
        let missing_in_th: Vec<_> = en.iter().filter(|k| !th.contains(k)).collect();
        assert!(missing_in_en.is_empty() && missing_in_th.is_empty(), "only in th: {missing_in_en:?}; only in en: {missing_in_th:?}");
        assert!(th.len() > 50, "the catalogues look empty");
        // A message the parser rejected would show as its key.
        for lang in Lang::ALL {
            for key in catalogue(lang) {
                let args: Vec<(&'static str, FluentValue<'static>)> = [
                    "achieved",
                    "activities",
                    "amount",
                    "at",
                    "by",
                    "column",
                    "count",
                    "counted",
                    "current",
                    "date",
                    "declared",
                    "excluded",
                    "expected",
                    "field",
                    "fields",
                    "first",
                    "formula",
                    "kind",
                    "max",
                    "name",
                    "page",
                    "pages",
                    "percent",
                    "programmes",
                    "registered",
                    "rows",
                    "shown",
                    "title",
                    "total",
                    "unit",
                    "year",
                ]
                .into_iter()
                .map(|name| (name, FluentValue::from("1")))
                .collect();
                assert_ne!(lang.t_with(&key, &args), key, "{}: {key} does not format", lang.code());
            }
        }
    }

    #[test]
    fn every_message_the_code_and_templates_use_exists_in_both_languages() {
        let mut sources = String::new();
        for dir in ["src", "templates"] {
            let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
            collect(&root, &mut sources);
        }
        let mut missing = Vec::new();
        let called =
            sources.split(".t(\"").skip(1).chain(sources.split(".t_with(\"").skip(1)).map(|p| p.split('"').next().unwrap_or_default());
        // Form specs name their labels and hints by key, e.g. Field::new("name_th", "field-name-th", …).
        let mut form_sources = String::new();
        collect(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/forms"), &mut form_sources);
        let named = form_sources.split('"').skip(1).step_by(2).filter(|s| is_message_key(s) && *s != "datetime-local");
        for key in called.chain(named) {
            if key.is_empty() || key.contains(['{', ' ']) {
                continue;
            }
            for lang in Lang::ALL {
                if !catalogue(lang).iter().any(|k| k == key) {
                    missing.push(format!("{}:{key}", lang.code()));
                }
            }
        }
        missing.sort();
        missing.dedup();
        assert!(missing.is_empty(), "messages missing from a catalogue: {missing:?}");
    }

    /// `field-name-th`, `partners-new`: lower-case words joined by hyphens.
    fn is_message_key(s: &str) -> bool {
        s.contains('-') && s.split('-').all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
    }

    fn collect(dir: &std::path::Path, out: &mut String) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                collect(&path, out);
            } else {
                out.push_str(&std::fs::read_to_string(&path).unwrap());
            }
        }
    }

    #[test]
    fn dates_follow_each_language() {
        let d = NaiveDate::from_ymd_opt(2024, 7, 5).unwrap();
        assert_eq!(Lang::Th.date(d), "5 ก.ค. 2567");
        assert_eq!(Lang::En.date(d), "5 Jul 2024");
        let at = "2024-07-05T02:30:00Z".parse().unwrap();
        assert_eq!(Lang::Th.date_time(at), "5 ก.ค. 2567 09:30 น.");
        let midnight = "2024-09-16T17:00:00Z".parse().unwrap();
        assert_eq!(Lang::Th.date_time(midnight), "17 ก.ย. 2567", "a date without a time");
    }
}
