//! The PDF reports (`phakhi_reports`) as downloads from their pages: the network's annual report,
//! a plan's monitoring report and an activity's report, each in the page's language. Public like the
//! pages: a report reads the records as the public does.

use axum::http::header;
use axum::response::IntoResponse;
use phakhi_domain::FiscalYear;

use super::{PageError, PageResult};
use crate::i18n::{Lang, thai_today};

/// The typesetting options for a page's language, issued today.
pub fn options(lang: Lang) -> phakhi_reports::Options {
    phakhi_reports::Options {
        lang: match lang {
            Lang::Th => phakhi_reports::Lang::Th,
            Lang::En => phakhi_reports::Lang::En,
        },
        thai_numerals: false,
        issued_on: thai_today(),
    }
}

/// A `fiscal_year` parameter (Buddhist Era) if given; a malformed one is the reader's error.
pub fn fiscal_year(lang: Lang, asked: Option<&str>) -> Result<Option<FiscalYear>, PageError> {
    asked
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse()
                .ok()
                .and_then(|be| FiscalYear::from_be(be).ok())
                .ok_or_else(|| PageError::BadRequest(lang, lang.t("error-fiscal-year")))
        })
        .transpose()
}

/// The report as a download named `name`, or the page error its failure means.
pub fn respond(lang: Lang, name: &str, made: Result<Vec<u8>, phakhi_reports::ReportError>) -> PageResult {
    let pdf = made.map_err(|e| match e {
        phakhi_reports::ReportError::Store(e) => PageError::from_store(lang, e),
        phakhi_reports::ReportError::YearOutsidePlan { .. } => PageError::BadRequest(lang, lang.t("error-fiscal-year")),
        other => {
            tracing::error!(error = %other, report = name, "a report could not be made");
            PageError::Unavailable(lang)
        }
    })?;
    let disposition = format!("attachment; filename=\"{name}-{}.pdf\"", lang.code());
    Ok(([(header::CONTENT_TYPE, "application/pdf".to_owned()), (header::CONTENT_DISPOSITION, disposition)], pdf).into_response())
}
