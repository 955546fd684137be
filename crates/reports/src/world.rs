//! The typst world of a report: the template, the report's data and charts as in-memory files, and
//! the embedded Sarabun fonts — nothing read from disk, no system fonts, no packages, no clock.
//!
//! Why in memory: a report must come out the same on every machine (same fonts, same layout), and
//! the data must never be spliced into typst markup, where a `#` or `]` in an organisation's name
//! would be read as code. The data goes in as `/data.json`, which the template reads with `json()`;
//! typst then treats every value as plain text.

use std::collections::HashMap;

use typst::diag::{FileError, FileResult, Severity, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

use crate::ReportError;

/// Sarabun, the typeface of Thai government documents (SIL OFL 1.1; data/fonts/sarabun/OFL.txt).
/// Regular and Bold cover the reports (no italics); SemiBold is there for headings.
const FONTS: [&[u8]; 3] = [
    include_bytes!("../../../data/fonts/sarabun/Sarabun_400Regular.ttf"),
    include_bytes!("../../../data/fonts/sarabun/Sarabun_600SemiBold.ttf"),
    include_bytes!("../../../data/fonts/sarabun/Sarabun_700Bold.ttf"),
];

/// The layout every report shares (cover, headings, tables, figures); the data decides the rest.
const TEMPLATE: &str = include_str!("../templates/report.typ");

/// Where the template finds the report's data.
pub const DATA_PATH: &str = "/data.json";

/// A report ready to typeset: the data document and the charts it refers to by path.
pub struct ReportWorld {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    main: Source,
    files: HashMap<FileId, Bytes>,
}

impl std::fmt::Debug for ReportWorld {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReportWorld").field("files", &self.files.len()).finish()
    }
}

fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("report paths are absolute and well-formed");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

fn embedded_fonts() -> Vec<Font> {
    FONTS.iter().flat_map(|data| Font::iter(Bytes::new(*data))).collect()
}

impl ReportWorld {
    /// A world whose main file is the report template, with `data` as `/data.json` and each
    /// `(path, bytes)` of `files` (the charts' SVG) at its path.
    pub fn new(data: Vec<u8>, files: Vec<(String, Vec<u8>)>) -> Self {
        let fonts = embedded_fonts();
        let mut all: HashMap<FileId, Bytes> = files.into_iter().map(|(path, bytes)| (file_id(&path), Bytes::new(bytes))).collect();
        all.insert(file_id(DATA_PATH), Bytes::new(data));
        Self {
            library: LazyHash::new(Library::default()),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
            main: Source::new(file_id("/report.typ"), TEMPLATE.to_owned()),
            files: all,
        }
    }

    /// Typesets the report and writes it as PDF.
    pub fn pdf(&self) -> Result<Vec<u8>, ReportError> {
        let document: PagedDocument = typst::compile(self).output.map_err(|e| typst_error(&e))?;
        typst_pdf::pdf(&document, &typst_pdf::PdfOptions::default()).map_err(|e| typst_error(&e))
    }
}

/// The errors of a failed compilation as one message (they point at the template or the data,
/// which are ours, so a failure is a bug to report with this text).
fn typst_error(diagnostics: &[SourceDiagnostic]) -> ReportError {
    let messages: Vec<String> = diagnostics.iter().filter(|d| d.severity == Severity::Error).map(|d| d.message.to_string()).collect();
    ReportError::Typeset(messages.join("; "))
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            return Ok(self.main.clone());
        }
        let bytes = self.file(id)?;
        let text = std::str::from_utf8(&bytes).map_err(|_| FileError::InvalidUtf8)?;
        Ok(Source::new(id, text.to_owned()))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() {
            return Ok(Bytes::from_string(self.main.text().to_owned()));
        }
        self.files.get(&id).cloned().ok_or_else(|| FileError::NotFound(id.get().vpath().get_with_slash().into()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.get(index).cloned()
    }

    /// No clock: a report shows the date it was asked for (in its data), so the same data always
    /// gives the same document.
    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        None
    }
}
