//! Every list page as a file: `?format=xlsx` or `?format=csv` on the page's own address, with the
//! page's filters, answers every record the filters match (not only the page shown) as a workbook or
//! a CSV file in the page's language (decision 32).
//!
//! A download is the page's own handler, so it is exactly as permitted as the page: a list the
//! public may read downloads for the public, the people of an activity and the audit log only for
//! those the store lets read them. Records are read in pages of [`BATCH`], so no single query loads a
//! whole register; the file itself is built in memory, so a download stops at [`MAX_ROWS`].

use std::collections::HashMap;

use axum::http::{HeaderValue, header};
use axum::response::IntoResponse;
use chrono::{DateTime, NaiveDate, Utc};
use phakhi_exchange::table::{Cell, Language, Table};
use phakhi_store::{Listing, MAX_LIMIT, Page, Store, StoreResult};
use serde::Deserialize;

use super::view::Link;
use super::{PageError, PageResult};
use crate::i18n::{Lang, thai_time, thai_today};

/// The most rows one download holds; Excel's own limit is 1,048,576 rows a sheet.
pub const MAX_ROWS: u64 = 1_000_000;

/// Records read from the store per query.
const BATCH: u32 = MAX_LIMIT;

/// `?format=` of a list page, flattened into its query next to the filters.
#[derive(Debug, Deserialize, Default)]
pub struct Download {
    pub format: Option<String>,
}

/// The kinds of file a list downloads as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    Csv,
}

impl Format {
    fn code(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Csv => "csv",
        }
    }

    fn content_type(self) -> &'static str {
        match self {
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Format::Csv => "text/csv; charset=utf-8",
        }
    }
}

impl Download {
    /// The file asked for; `None` for the page itself, an error for a format we do not write.
    pub fn format(&self, lang: Lang) -> Result<Option<Format>, PageError> {
        match self.format.as_deref().map(str::trim) {
            None | Some("") | Some("html") => Ok(None),
            Some("xlsx") => Ok(Some(Format::Xlsx)),
            Some("csv") => Ok(Some(Format::Csv)),
            Some(_) => Err(PageError::BadRequest(lang, lang.t_with("error-filter", &[("field", "format".into())]))),
        }
    }
}

/// The page's download links, carrying its filters (not its page number: a file holds every page).
pub fn links(lang: Lang, path: &str, query: &[(&str, String)]) -> Vec<Link> {
    [(Format::Xlsx, "download-xlsx"), (Format::Csv, "download-csv")]
        .into_iter()
        .map(|(format, key)| {
            let mut pairs = form_urlencoded::Serializer::new(String::new());
            for (k, v) in query.iter().filter(|(_, v)| !v.is_empty()) {
                pairs.append_pair(k, v);
            }
            pairs.append_pair("format", format.code());
            Link { href: format!("{path}?{}", pairs.finish()), text: lang.t(key) }
        })
        .collect()
}

/// An empty table named by the message `title_key`, with these headers.
pub fn table(lang: Lang, title_key: &str, headers: Vec<String>) -> Table {
    let language = match lang {
        Lang::Th => Language::Thai,
        Lang::En => Language::English,
    };
    Table::new(lang.t(title_key), language, headers)
}

/// Headers from message keys.
pub fn headers(lang: Lang, keys: &[&str]) -> Vec<String> {
    keys.iter().map(|k| lang.t(k)).collect()
}

/// The header of a date's ISO 8601 twin column: `วันเริ่มต้น (ISO 8601)`.
pub fn iso_header(lang: Lang, key: &str) -> String {
    lang.t_with("download-iso", &[("field", lang.t(key).into())])
}

/// Reads every record a list's filters match, [`BATCH`] at a time:
/// `while let Some(page) = batches.next_page() { let batch = batches.take(store.list_…(filter, &page).await)?; … }`.
/// Refuses, before reading more than one batch, a list longer than [`MAX_ROWS`].
#[derive(Debug)]
pub struct Batches {
    lang: Lang,
    offset: u64,
    done: bool,
}

impl Batches {
    pub fn new(lang: Lang) -> Self {
        Batches { lang, offset: 0, done: false }
    }

    /// The next page to read, until every record has been read.
    pub fn next_page(&self) -> Option<Page> {
        (!self.done).then_some(Page { limit: BATCH, offset: self.offset, sort: None })
    }

    /// The records of the page just read; an error if the list is too long or could not be read.
    pub fn take<T>(&mut self, read: StoreResult<Listing<T>>) -> Result<Vec<T>, PageError> {
        let listing = read.map_err(|e| PageError::from_store(self.lang, e))?;
        if listing.total > MAX_ROWS {
            return Err(too_many(self.lang, listing.total));
        }
        let count = listing.items.len() as u64;
        self.offset += count;
        self.done = count < u64::from(BATCH) || self.offset >= listing.total;
        Ok(listing.items)
    }
}

/// The refusal of a download longer than [`MAX_ROWS`], saying how to narrow it.
pub fn too_many(lang: Lang, total: u64) -> PageError {
    let (total, max) = (crate::i18n::number(total), crate::i18n::number(MAX_ROWS));
    PageError::BadRequest(lang, lang.t_with("download-too-many", &[("total", total.into()), ("max", max.into())]))
}

/// The file as a response: its type, and a name (`phakhi-partners-2024-12-01.xlsx`, and the
/// entity's Thai name for Thai readers in `filename*`, RFC 6266).
pub fn respond(lang: Lang, format: Format, slug: &str, table: &Table) -> PageResult {
    let bytes = match format {
        Format::Xlsx => table.write_xlsx(),
        Format::Csv => table.write_csv(),
    }
    .map_err(|e| {
        tracing::error!(error = %e, "a list could not be written as a file");
        PageError::Unavailable(lang)
    })?;
    let today = thai_today().format("%Y-%m-%d");
    let ascii = format!("phakhi-{slug}-{today}.{}", format.code());
    let named = format!("phakhi-{}-{today}.{}", table.name, format.code());
    let disposition =
        format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{}", percent_encoding::utf8_percent_encode(&named, RFC_5987_UNSAFE));
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(format.content_type()));
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}

/// Every byte but RFC 5987's `attr-char` (letters, digits and ``!#$&+-.^_`|~``) is percent-encoded.
const RFC_5987_UNSAFE: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'!')
    .remove(b'#')
    .remove(b'$')
    .remove(b'&')
    .remove(b'+')
    .remove(b'-')
    .remove(b'.')
    .remove(b'^')
    .remove(b'_')
    .remove(b'`')
    .remove(b'|')
    .remove(b'~');

/// A day as a date cell, shown as the page shows it (Buddhist Era in Thai).
pub fn date(lang: Lang, d: Option<NaiveDate>) -> Cell {
    d.map_or(Cell::Empty, |date| Cell::Date { date, text: lang.date(date) })
}

/// A moment in Thai time as a date-and-time cell, shown as the page shows it.
pub fn date_time(lang: Lang, at: DateTime<Utc>) -> Cell {
    Cell::DateTime { at: thai_time(at).naive_local(), text: lang.date_time(at) }
}

/// A day as ISO 8601 text, for programs reading the file.
pub fn iso(d: Option<NaiveDate>) -> Cell {
    Cell::optional(d.map(|d| d.format("%Y-%m-%d").to_string()))
}

/// Official DOPA areas by code, looked up once per download.
#[derive(Debug, Default)]
pub struct Areas(HashMap<String, Option<phakhi_domain::area::Area>>);

impl Areas {
    /// The code, the area's name and its province's name, in the file's language.
    pub async fn cells(&mut self, store: &dyn Store, lang: Lang, code: Option<&str>) -> [Cell; 3] {
        let Some(code) = code else { return [Cell::Empty, Cell::Empty, Cell::Empty] };
        let name = self.name(store, lang, code).await;
        let province = match code.get(..2) {
            Some(p) => self.name(store, lang, p).await,
            None => None,
        };
        [Cell::text(code), Cell::optional(name), Cell::optional(province)]
    }

    async fn name(&mut self, store: &dyn Store, lang: Lang, code: &str) -> Option<String> {
        if !self.0.contains_key(code) {
            self.0.insert(code.to_owned(), store.get_area(code).await.ok());
        }
        let area = self.0.get(code)?.as_ref()?;
        Some(lang.pick(&area.name_th, Some(&area.name_en)).to_owned())
    }
}

/// The header keys of [`Areas::cells`]' three columns.
pub const AREA_HEADERS: [&str; 3] = ["field-area-code", "download-area-name", "download-province"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_keep_the_filters_and_add_the_format() {
        let links = links(Lang::Th, "/th/partners", &[("sector", "ngo".into()), ("q", "ขอนแก่น".into()), ("area", String::new())]);
        assert_eq!(links.len(), 2);
        assert_eq!(links[0].href, "/th/partners?sector=ngo&q=%E0%B8%82%E0%B8%AD%E0%B8%99%E0%B9%81%E0%B8%81%E0%B9%88%E0%B8%99&format=xlsx");
        assert!(links[1].href.ends_with("&format=csv"));
        assert!(!links[0].text.starts_with("download-"), "the link text is translated: {}", links[0].text);
    }

    fn listing(total: u64, count: usize) -> StoreResult<Listing<u64>> {
        Ok(Listing { items: vec![0; count], total })
    }

    #[test]
    fn batches_read_every_page_and_stop_after_the_last() {
        let mut batches = Batches::new(Lang::Th);
        let mut offsets = Vec::new();
        while let Some(page) = batches.next_page() {
            offsets.push(page.offset);
            let left = 1_201 - page.offset;
            batches.take(listing(1_201, left.min(u64::from(page.limit)) as usize)).unwrap();
        }
        assert_eq!(offsets, [0, 500, 1_000]);
    }

    #[test]
    fn a_list_longer_than_the_maximum_is_refused_with_a_message() {
        let mut batches = Batches::new(Lang::En);
        match batches.take(listing(MAX_ROWS + 1, 500)) {
            Err(PageError::BadRequest(_, message)) => assert!(message.contains("1,000,001") && message.contains("1,000,000"), "{message}"),
            other => panic!("expected a refusal, got {other:?}"),
        }
        assert!(batches.take(listing(MAX_ROWS, 0)).is_ok(), "exactly the maximum is allowed");
    }

    #[test]
    fn an_unknown_format_is_a_bad_request_and_none_is_the_page() {
        let asked = |f: &str| Download { format: Some(f.into()) }.format(Lang::En);
        assert_eq!(asked("xlsx").unwrap(), Some(Format::Xlsx));
        assert_eq!(asked("csv").unwrap(), Some(Format::Csv));
        assert_eq!(asked("").unwrap(), None);
        assert!(matches!(asked("pdf"), Err(PageError::BadRequest(..))));
    }

    #[test]
    fn a_thai_file_name_is_percent_encoded_in_filename_star() {
        let mut t = table(Lang::Th, "partners-title", headers(Lang::Th, &["field-name-th"]));
        t.rows.push(vec![Cell::text("ก")]);
        let response = respond(Lang::Th, Format::Csv, "partners", &t).unwrap();
        let disposition = response.headers()[header::CONTENT_DISPOSITION].to_str().unwrap().to_owned();
        assert!(disposition.starts_with("attachment; filename=\"phakhi-partners-"), "{disposition}");
        assert!(disposition.contains("filename*=UTF-8''phakhi-%E0%B8%97"), "ทำเนียบภาคี encoded: {disposition}");
        assert_eq!(response.headers()[header::CONTENT_TYPE], "text/csv; charset=utf-8");
    }
}
