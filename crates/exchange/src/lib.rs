//! Spreadsheets in and open data out (issue 7): reading XLSX and CSV files as Thai offices keep them
//! and turning their rows into records the store can match and write; writing the records in the
//! open-data standards catalogues and aid-transparency registries read.
//!
//! * [`sheet`] — cells from XLSX (calamine) and CSV, with the row numbers Excel shows;
//! * [`encoding`] — UTF-8, UTF-8 with BOM, TIS-620/Windows-874;
//! * [`headers`] — the header row below titles and blank lines, Thai and English synonyms;
//! * [`values`] — Thai digits, numbers with commas, Buddhist Era and Thai-month dates, Excel serials;
//! * [`areas`] — province, district and subdistrict names to DOPA codes, ambiguity reported;
//! * [`import`] — per kind of sheet, rows to records, and the report of each row;
//! * [`iati`] — programmes and activities as IATI 2.03 activity XML;
//! * [`ckan`] — CKAN dataset metadata (with data.go.th's fields) for each published dataset;
//! * [`table`] — a list as the interface shows it, written as styled XLSX or CSV with a BOM.
//!
//! Nothing here writes: [`import::run`] hands the records to `Store::apply_sheet`, which matches them
//! on natural keys and writes them with their audit entries in one transaction.

pub mod areas;
pub mod ckan;
pub mod encoding;
pub mod headers;
pub mod iati;
pub mod import;
pub mod sheet;
pub mod table;
pub mod values;
