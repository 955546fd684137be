//! Importing a spreadsheet from the browser (issue 7): choose what the sheet holds and upload it;
//! see what importing it would do — the header row found, the field each column is read as, and
//! every row's action and problems (the dry run of `Store::apply_sheet`); change which field a column
//! is and look again; then import every row (only when none has an error) or only the valid ones,
//! and see what was written, with links to the records.
//!
//! The steps are separate requests that different phakhi processes may answer, so the file is
//! staged in the database between them (`Store::stage_upload`, decision 34); only the person who
//! uploaded it can use it. Rows are written by the store acting for the signed-in person, exactly as
//! the command line's `import-sheet` writes them for the platform: their roles decide what they may
//! create or change, and every record changed is audited under their name.
//!
//! Addresses, below `/th` and `/en`:
//! * `GET /import` — the upload form; `?kind=activities` chooses what the sheet holds;
//! * `POST /import` — the upload (`multipart/form-data`): checked, staged, then on to its preview;
//! * `GET /import/{id}` — the preview; `?c0=name_th&c1=` reads column A as `name_th` and ignores B;
//! * `POST /import/{id}` — `_action=all` or `valid` imports, `discard` gives the upload up;
//! * `GET /import/templates/{kind}?format=xlsx|csv` — an empty sheet headed with every column.

use std::collections::HashMap;
use std::sync::OnceLock;

use askama::Template;
use axum::Router;
use axum::body::Bytes;
use axum::extract::multipart::{Multipart, MultipartError, MultipartRejection};
use axum::extract::{DefaultBodyLimit, OriginalUri, Path, Query, RawQuery};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::routing::get;
use phakhi_exchange::areas::AreaIndex;
use phakhi_exchange::headers::{self, Columns, Mapping, Matched, column_letter};
use phakhi_exchange::import::{self, Kind, Line, PrepareError, Report};
use phakhi_exchange::sheet::{FileType, ReadError, Sheet};
use phakhi_store::sheet::{RowAction, SheetMode};
use phakhi_store::uploads::{MAX_BYTES, NewUpload, StagedUpload};
use phakhi_store::{Store, StoreError};
use serde::Deserialize;
use uuid::Uuid;

use super::download::{self, Download};
use super::view::Link;
use super::{Chrome, PageError, PageResult, render};
use crate::AppState;
use crate::auth::{Caller, secret};
use crate::forms::Values;
use crate::i18n::{Lang, number};

/// The largest upload request read: twice the largest file, so that a file somewhat over the limit
/// still reaches the page and is refused with an explanation rather than a bare 413.
pub const REQUEST_LIMIT: usize = 2 * MAX_BYTES;

/// The most rows (below the header row, blank ones not counted) a sheet imported from the browser
/// may have. The preview and the import each check every row within one request, which must end
/// within 30 seconds: a dry run of 10,000 activity rows took 20 s on SQLite on two busy cores, and
/// several times longer on PostgreSQL. A longer sheet is split, or imported with `phakhi
/// import-sheet`, which has no time limit.
pub const MAX_ROWS: usize = 2_000;

/// The same for participation sheets, which the store writes together rather than row by row: a
/// million rows took 38 s on SQLite and 48 s on PostgreSQL (docs/performance.md), so 20,000 take
/// about a second. The 10 MB file limit comes first for most such sheets.
pub const MAX_PARTICIPATION_ROWS: usize = 20_000;

/// The most rows a sheet of this kind may have on the upload page.
pub fn max_rows(kind: Kind) -> usize {
    match kind {
        Kind::Participation => MAX_PARTICIPATION_ROWS,
        _ => MAX_ROWS,
    }
}

/// The preview lists the first rows of a sheet…
const FIRST_ROWS: usize = 100;
/// …and, further down, rows with errors up to this many, so a large sheet's page stays readable.
const MAX_ERROR_ROWS: usize = 500;

/// Excel's widest sheet: a mapping naming a column beyond it is not one.
const MAX_COLUMNS: usize = 16_384;

/// The upload form's field names.
const KIND_FIELD: &str = "kind";
const FILE_FIELD: &str = "file";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/import", get(form).post(upload).layer(DefaultBodyLimit::max(REQUEST_LIMIT)))
        .route("/import/templates/{kind}", get(template))
        .route("/import/{id}", get(preview).post(confirm))
}

// --- What a kind of sheet is called, and its columns ------------------------------------------------

fn kind_label(lang: Lang, kind: Kind) -> String {
    lang.t(&format!("import-kind-{}", kind.name()))
}

fn kind_hint(lang: Lang, kind: Kind) -> String {
    lang.t(&format!("import-hint-{}", kind.name()))
}

/// A field's name on the page (`name_th` → the message `import-field-name-th`).
fn field_label(lang: Lang, key: &str) -> String {
    lang.t(&format!("import-field-{}", key.replace('_', "-")))
}

/// Where a record made or matched by a row of this kind is shown (members and parties: their
/// network or agreement).
fn record_path(kind: Kind) -> &'static str {
    match kind {
        Kind::Organizations => "partners",
        Kind::NetworkMembers => "networks",
        Kind::AgreementParties => "agreements",
        Kind::Programmes => "programmes",
        Kind::Activities | Kind::Participation => "activities",
    }
}

/// The upload form with a kind chosen, for the actions of the lists where editors work.
pub fn action(lang: Lang, kind: Kind) -> Link {
    Link { href: format!("/{}/import?kind={}", lang.code(), kind.name()), text: lang.t("import-link") }
}

fn template_links(lang: Lang, kind: Kind) -> Vec<Link> {
    ["xlsx", "csv"]
        .into_iter()
        .map(|format| Link {
            href: format!("/{}/import/templates/{}?format={format}", lang.code(), kind.name()),
            text: lang.t(&format!("import-template-{format}")),
        })
        .collect()
}

/// An empty sheet of a kind, headed with every column it understands in the page's language.
pub async fn template(lang: Lang, Path(kind): Path<String>, Query(q): Query<Download>) -> PageResult {
    let kind = Kind::parse(&kind).ok_or(PageError::NotFound(lang))?;
    let format = q.format(lang)?.unwrap_or(download::Format::Xlsx);
    let headers = kind.template_headers(lang == Lang::En);
    let table = download::table(lang, &format!("import-kind-{}", kind.name()), headers);
    download::respond(lang, format, &format!("template-{}", kind.name()), &table)
}

// --- Step 1: the upload form ----------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "import.html")]
struct UploadPage {
    c: Chrome,
    csrf: String,
    kinds: Vec<KindChoice>,
    error: Option<String>,
    /// `.xlsx,.xls,…` for the file chooser.
    accept: String,
    max_bytes: usize,
    file_hint: String,
    too_large: String,
}

#[derive(Debug)]
struct KindChoice {
    value: &'static str,
    label: String,
    hint: String,
    templates: Vec<Link>,
    checked: bool,
}

#[derive(Debug, Deserialize, Default)]
pub struct FormQuery {
    kind: Option<String>,
}

fn upload_page(lang: Lang, uri: &OriginalUri, caller: &Caller, chosen: Option<Kind>, error: Option<String>) -> UploadPage {
    let mut c = Chrome::new(lang, uri, "", lang.t("import-title"));
    if error.is_some() {
        c.title = format!("{} · {}", lang.t("form-has-errors-title"), c.title);
    }
    let max_mb = MAX_BYTES / (1024 * 1024);
    UploadPage {
        kinds: Kind::ALL
            .into_iter()
            .map(|k| KindChoice {
                value: k.name(),
                label: kind_label(lang, k),
                hint: kind_hint(lang, k),
                templates: template_links(lang, k),
                checked: chosen == Some(k),
            })
            .collect(),
        csrf: caller.csrf_token.clone().unwrap_or_default(),
        error,
        accept: FileType::EXTENSIONS.iter().map(|e| format!(".{e}")).collect::<Vec<_>>().join(","),
        max_bytes: MAX_BYTES,
        file_hint: lang.t_with("import-file-hint", &[("max", max_mb.into())]),
        too_large: lang.t_with("import-error-too-large", &[("max", max_mb.into())]),
        c,
    }
}

/// The import pages are for signed-in people; anyone else is sent to sign in and brought back.
fn require_sign_in(lang: Lang, uri: &OriginalUri, caller: &Caller) -> Result<(), PageError> {
    if caller.is_signed_in() { Ok(()) } else { Err(PageError::SignIn(lang, uri.0.path().to_owned())) }
}

pub async fn form(lang: Lang, uri: OriginalUri, caller: Caller, Query(q): Query<FormQuery>) -> PageResult {
    require_sign_in(lang, &uri, &caller)?;
    let chosen = q.kind.as_deref().and_then(Kind::parse);
    Ok(render(&upload_page(lang, &uri, &caller, chosen, None)))
}

// --- Step 2: the upload ---------------------------------------------------------------------------------

/// What the upload form sent.
#[derive(Debug, Default)]
struct Submitted {
    csrf: String,
    kind: String,
    /// The file's name on the uploader's computer, without any folders a browser may send.
    filename: String,
    bytes: Vec<u8>,
}

/// Why an upload is refused, in the page's language, and the status to answer with.
#[derive(Debug)]
struct Refusal {
    status: StatusCode,
    message: String,
}

impl Refusal {
    fn new(status: StatusCode, message: String) -> Self {
        Refusal { status, message }
    }

    fn too_large(lang: Lang) -> Self {
        let max = (MAX_BYTES / (1024 * 1024)).into();
        Refusal::new(StatusCode::PAYLOAD_TOO_LARGE, lang.t_with("import-error-too-large", &[("max", max)]))
    }
}

async fn read_form(mut multipart: Multipart) -> Result<Submitted, MultipartError> {
    let mut form = Submitted::default();
    while let Some(field) = multipart.next_field().await? {
        match field.name() {
            Some("_csrf") => form.csrf = field.text().await?,
            Some(KIND_FIELD) => form.kind = field.text().await?,
            Some(FILE_FIELD) => {
                let name = field.file_name().unwrap_or_default();
                form.filename = name.rsplit(['/', '\\']).next().unwrap_or_default().trim().to_owned();
                form.bytes = field.bytes().await?.to_vec();
            }
            _ => {}
        }
    }
    Ok(form)
}

/// Checks what was sent and reads the sheet, as far as can be known before it is staged.
fn check_upload(lang: Lang, form: &Submitted) -> Result<Kind, Refusal> {
    let unprocessable = |message| Refusal::new(StatusCode::UNPROCESSABLE_ENTITY, message);
    let kind = Kind::parse(&form.kind).ok_or_else(|| unprocessable(lang.t("import-error-no-kind")))?;
    if form.filename.is_empty() && form.bytes.is_empty() {
        return Err(unprocessable(lang.t("import-error-no-file")));
    }
    let name = || form.filename.clone().into();
    if FileType::of(&form.filename).is_none() {
        return Err(unprocessable(lang.t_with("import-error-type", &[("name", name())])));
    }
    if form.bytes.len() > MAX_BYTES {
        return Err(Refusal::too_large(lang));
    }
    let sheet = read_sheet(lang, &form.filename, &form.bytes).map_err(unprocessable)?;
    let Some(columns) = headers::find(&sheet, kind.fields()) else { return Err(unprocessable(no_headers(lang, kind))) };
    let rows = sheet.rows.iter().skip(columns.header_index + 1).filter(|r| !r.is_blank()).count();
    if rows > max_rows(kind) {
        let args = [("rows", number(rows as u64).into()), ("max", number(max_rows(kind) as u64).into())];
        return Err(Refusal::new(StatusCode::PAYLOAD_TOO_LARGE, lang.t_with("import-error-too-many-rows", &args)));
    }
    Ok(kind)
}

/// The sheet in a file, or why it cannot be read, in the page's language.
fn read_sheet(lang: Lang, filename: &str, bytes: &[u8]) -> Result<Sheet, String> {
    phakhi_exchange::sheet::read_bytes(filename, bytes).map_err(|e| {
        let name = || filename.to_owned().into();
        match e {
            ReadError::Empty { .. } | ReadError::NoWorksheet { .. } => lang.t_with("import-error-empty", &[("name", name())]),
            ReadError::UnknownType { .. } => lang.t_with("import-error-type", &[("name", name())]),
            other => {
                tracing::info!(error = %other, "an uploaded sheet could not be read");
                lang.t_with("import-error-unreadable", &[("name", name())])
            }
        }
    })
}

fn no_headers(lang: Lang, kind: Kind) -> String {
    let expected: Vec<String> = kind.required().iter().map(|key| format!("“{}”", field_label(lang, key))).collect();
    lang.t_with("import-error-no-headers", &[("kind", kind_label(lang, kind).into()), ("expected", expected.join(", ").into())])
}

pub async fn upload(lang: Lang, uri: OriginalUri, caller: Caller, multipart: Result<Multipart, MultipartRejection>) -> PageResult {
    require_sign_in(lang, &uri, &caller)?;
    let again = |kind: Option<Kind>, refusal: Refusal| {
        Ok((refusal.status, render(&upload_page(lang, &uri, &caller, kind, Some(refusal.message)))).into_response())
    };
    let form = match multipart {
        Ok(multipart) => read_form(multipart).await,
        Err(rejection) => return again(None, Refusal::new(rejection.status(), lang.t("import-error-upload"))),
    };
    let form = match form {
        Ok(form) => form,
        Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return again(None, Refusal::too_large(lang)),
        Err(e) => {
            tracing::info!(error = %e, "an upload could not be read");
            return again(None, Refusal::new(StatusCode::BAD_REQUEST, lang.t("import-error-upload")));
        }
    };
    let chosen = Kind::parse(&form.kind);
    // Like every form here: one posted from elsewhere (or from a page older than the session) is
    // refused, and the form comes back with a fresh token.
    if !caller.csrf_token.as_deref().is_some_and(|token| secret::same(token, &form.csrf)) {
        return again(chosen, Refusal::new(StatusCode::FORBIDDEN, lang.t("import-error-expired")));
    }
    let kind = match check_upload(lang, &form) {
        Ok(kind) => kind,
        Err(refusal) => return again(chosen, refusal),
    };
    let staged = caller.store().stage_upload(NewUpload { kind: kind.name().to_owned(), filename: form.filename, bytes: form.bytes }).await;
    match staged {
        Ok(staged) => Ok(Redirect::to(&format!("/{}/import/{}", lang.code(), staged.id)).into_response()),
        Err(StoreError::Invalid(v)) => {
            let message: Vec<&str> = v.as_slice().iter().map(|x| lang.violation(x)).collect();
            again(Some(kind), Refusal::new(StatusCode::UNPROCESSABLE_ENTITY, message.join(" ")))
        }
        Err(e) => Err(PageError::from_store(lang, e)),
    }
}

// --- Steps 3 and 4: the preview, and the import ----------------------------------------------------------

/// A staged upload read back as a sheet of its kind.
struct Loaded {
    upload: StagedUpload,
    kind: Kind,
    sheet: Sheet,
}

async fn load(lang: Lang, store: &dyn Store, id: &str) -> Result<Loaded, PageError> {
    let gone = || PageError::Gone(lang, lang.t("import-gone"));
    let id: Uuid = id.parse().map_err(|_| gone())?;
    let upload = store.staged_upload(id).await.map_err(|e| match e {
        StoreError::NotFound { .. } => gone(),
        other => PageError::from_store(lang, other),
    })?;
    let kind = Kind::parse(&upload.kind).ok_or_else(gone)?;
    let sheet = read_sheet(lang, &upload.filename, &upload.bytes).map_err(|m| PageError::BadRequest(lang, m))?;
    Ok(Loaded { upload, kind, sheet })
}

/// The columns a person chose, from the preview's query or the confirmation form: `c3=name_th`
/// reads column D as `name_th`, `c3=` ignores it.
fn chosen_mapping<'a>(pairs: impl Iterator<Item = (&'a str, &'a str)>) -> Mapping {
    let mut mapping = Mapping::default();
    for (name, value) in pairs {
        if let Some(index) = name.strip_prefix('c').and_then(|n| n.parse::<usize>().ok()).filter(|i| *i < MAX_COLUMNS) {
            let value = value.trim();
            mapping.set(index, (!value.is_empty()).then_some(value));
        }
    }
    mapping
}

/// What checking (or importing) the sheet came to.
enum Checked {
    /// Rows were read and matched (or written).
    Report(Box<Report>),
    /// A required column is matched by no column: the person must choose one.
    MissingColumns(Vec<&'static str>),
    /// A row would change a record the person has no role over; the store refuses the whole sheet.
    Forbidden,
}

async fn check(
    lang: Lang,
    store: &dyn Store,
    loaded: &Loaded,
    columns: &Columns,
    mapping: &Mapping,
    mode: SheetMode,
) -> Result<Checked, PageError> {
    let missing: Vec<&'static str> = loaded.kind.required().iter().copied().filter(|k| columns.column(k).is_none()).collect();
    if !missing.is_empty() {
        return Ok(Checked::MissingColumns(missing));
    }
    let areas = areas(lang)?;
    let groups = store.list_target_groups().await.map_err(|e| PageError::from_store(lang, e))?;
    let prepared = match import::prepare_with(loaded.kind, &loaded.sheet, mapping, areas, &groups) {
        Ok(p) => p,
        Err(PrepareError::MissingColumn { column, .. }) => return Ok(Checked::MissingColumns(vec![column])),
        Err(PrepareError::NoHeaders { .. }) => return Err(PageError::BadRequest(lang, no_headers(lang, loaded.kind))),
        Err(PrepareError::Mapping(e)) => return Err(PageError::BadRequest(lang, e.to_string())),
    };
    match import::run(store, &prepared, mode).await {
        Ok(report) => Ok(Checked::Report(Box::new(report))),
        Err(StoreError::Forbidden { .. }) => Ok(Checked::Forbidden),
        Err(e) => Err(PageError::from_store(lang, e)),
    }
}

/// The reference areas, indexed once per process (thousands of names).
fn areas(lang: Lang) -> Result<&'static AreaIndex, PageError> {
    static AREAS: OnceLock<Option<AreaIndex>> = OnceLock::new();
    let index = AREAS.get_or_init(|| {
        AreaIndex::reference().inspect_err(|e| tracing::error!(error = %e, "the reference areas could not be loaded")).ok()
    });
    index.as_ref().ok_or(PageError::Unavailable(lang))
}

/// The header row and columns, with the person's choices.
fn columns_of(lang: Lang, loaded: &Loaded, mapping: &Mapping) -> Result<Columns, PageError> {
    match headers::find_with(&loaded.sheet, loaded.kind.fields(), mapping) {
        Ok(Some(columns)) => Ok(columns),
        Ok(None) => Err(PageError::BadRequest(lang, no_headers(lang, loaded.kind))),
        Err(e) => Err(PageError::BadRequest(lang, e.to_string())),
    }
}

#[derive(Template)]
#[template(path = "import_preview.html")]
struct PreviewPage {
    c: Chrome,
    heading: String,
    /// A problem to show first (a required column not found, an expired form).
    notice: Option<String>,
    /// What the import did (the result page), or that nothing is written yet (the preview).
    outcome: String,
    facts: Vec<(String, String)>,
    counts: Vec<CountView>,
    columns: Vec<ColumnView>,
    lines: Vec<LineView>,
    /// "Showing … of … rows", when not every row is listed.
    shown: Option<String>,
    /// This upload's page.
    action: String,
    csrf: String,
    /// The mapping previewed, carried by the confirmation form.
    carried: Vec<(String, String)>,
    /// The result page has no confirmation form.
    done: bool,
    can_import_all: bool,
    can_import_valid: bool,
    /// Why the buttons offered are the ones offered.
    confirm_hint: String,
    links: Vec<Link>,
}

#[derive(Debug)]
struct CountView {
    label: String,
    value: usize,
}

#[derive(Debug)]
struct OptionView {
    value: String,
    label: String,
    selected: bool,
}

#[derive(Debug)]
struct ColumnView {
    index: usize,
    letter: String,
    header: String,
    options: Vec<OptionView>,
    /// What became of the column, when it is worth saying, and its badge's class.
    note: Option<(String, &'static str)>,
}

#[derive(Debug)]
struct ProblemView {
    column: String,
    message: String,
}

#[derive(Debug)]
struct LineView {
    row: u32,
    action: String,
    class: &'static str,
    record: String,
    href: Option<String>,
    problems: Vec<ProblemView>,
}

fn action_view(lang: Lang, action: RowAction) -> (String, &'static str) {
    let (key, class) = match action {
        RowAction::Create => ("import-action-create", "ok"),
        RowAction::Update => ("import-action-update", "warn"),
        RowAction::Unchanged => ("import-action-unchanged", "muted"),
        RowAction::Error => ("import-action-error", "bad"),
    };
    (lang.t(key), class)
}

fn column_views(lang: Lang, kind: Kind, columns: &Columns) -> Vec<ColumnView> {
    let required = kind.required();
    columns
        .all
        .iter()
        .map(|col| {
            let mut options =
                vec![OptionView { value: String::new(), label: lang.t("import-ignore-column"), selected: col.field.is_none() }];
            options.extend(kind.fields().iter().map(|f| {
                let mut label = field_label(lang, f.key);
                if required.contains(&f.key) {
                    label = format!("{label} ({})", lang.t("form-required-mark"));
                }
                OptionView { value: f.key.to_owned(), label, selected: col.field == Some(f.key) }
            }));
            let note = match col.matched {
                Matched::Header => None,
                Matched::Chosen => Some((lang.t("import-column-chosen"), "ok")),
                Matched::Unknown => Some((lang.t("import-column-unknown"), "warn")),
                Matched::Ignored => Some((lang.t("import-column-running-number"), "muted")),
                Matched::Repeated => {
                    let named = headers::field_of(kind.fields(), &col.header).map(|f| f.key);
                    let first = named.and_then(|key| columns.column(key)).map(column_letter).unwrap_or_default();
                    Some((lang.t_with("import-column-repeated", &[("column", first.into())]), "warn"))
                }
            };
            ColumnView { index: col.index, letter: column_letter(col.index), header: col.header.clone(), options, note }
        })
        .collect()
}

/// What a row is about, from its cells: the values of the kind's first two required columns.
fn row_labels(kind: Kind, sheet: &Sheet, columns: &Columns) -> HashMap<u32, String> {
    let keys: Vec<usize> = kind.required().iter().take(2).filter_map(|k| columns.column(k)).collect();
    sheet
        .rows
        .iter()
        .skip(columns.header_index + 1)
        .map(|row| {
            let parts: Vec<String> = keys.iter().filter_map(|i| row.cell(*i).text()).collect();
            (row.number, parts.join(" · "))
        })
        .collect()
}

/// The rows to list: the first [`FIRST_ROWS`], then rows with errors up to [`MAX_ERROR_ROWS`].
fn shown_lines(lines: &[Line]) -> Vec<&Line> {
    let mut errors = 0;
    lines
        .iter()
        .enumerate()
        .filter(|(i, line)| {
            let is_error = line.action == RowAction::Error;
            let shown = *i < FIRST_ROWS || (is_error && errors < MAX_ERROR_ROWS);
            if shown && is_error {
                errors += 1;
            }
            shown
        })
        .map(|(_, line)| line)
        .collect()
}

fn line_views(lang: Lang, kind: Kind, report: &Report, labels: &HashMap<u32, String>) -> Vec<LineView> {
    shown_lines(&report.lines)
        .into_iter()
        .map(|line| {
            let (action, class) = action_view(lang, line.action);
            // A record a dry run "created" was rolled back: only stored records are linked.
            let stored = match line.action {
                RowAction::Update | RowAction::Unchanged => true,
                RowAction::Create => report.written,
                RowAction::Error => false,
            };
            LineView {
                row: line.row,
                action,
                class,
                record: labels.get(&line.row).cloned().unwrap_or_default(),
                href: line.id.filter(|_| stored).map(|id| format!("/{}/{}/{id}", lang.code(), record_path(kind))),
                problems: line
                    .problems
                    .iter()
                    .map(|p| ProblemView {
                        column: p.column.clone(),
                        message: if lang == Lang::Th { p.message_th.clone() } else { p.message_en.clone() },
                    })
                    .collect(),
            }
        })
        .collect()
}

fn counts(lang: Lang, report: &Report) -> Vec<CountView> {
    [RowAction::Create, RowAction::Update, RowAction::Unchanged, RowAction::Error]
        .into_iter()
        .map(|a| CountView { label: action_view(lang, a).0, value: report.count(a) })
        .collect()
}

/// Everything the preview and the result page show.
struct Shown<'a> {
    lang: Lang,
    uri: &'a OriginalUri,
    caller: &'a Caller,
    loaded: &'a Loaded,
    columns: &'a Columns,
    mapping: &'a Mapping,
    checked: &'a Checked,
    /// The import's mode once asked for; `None` on the preview.
    imported: Option<SheetMode>,
    /// Whether the import is over (the upload is gone): no confirmation form any more.
    finished: bool,
    notice: Option<String>,
}

impl<'a> Shown<'a> {
    /// The page as a preview shows it: no import asked for yet, no notice.
    fn preview(
        lang: Lang,
        uri: &'a OriginalUri,
        caller: &'a Caller,
        loaded: &'a Loaded,
        columns: &'a Columns,
        mapping: &'a Mapping,
        checked: &'a Checked,
    ) -> Self {
        Self { lang, uri, caller, loaded, columns, mapping, checked, imported: None, finished: false, notice: None }
    }
}

fn page(s: Shown<'_>) -> PreviewPage {
    let (lang, kind) = (s.lang, s.loaded.kind);
    let heading = lang.t(if s.imported.is_some() { "import-result-title" } else { "import-preview-title" });
    let mut c = Chrome::new(lang, s.uri, "", heading.clone());
    let mut notice = s.notice;
    let (mut counts_shown, mut lines, mut shown, mut outcome) = (Vec::new(), Vec::new(), None, lang.t("import-dry-run"));
    let (mut can_import_all, mut can_import_valid) = (false, false);
    match s.checked {
        Checked::MissingColumns(missing) => {
            let names: Vec<String> = missing.iter().map(|k| format!("“{}”", field_label(lang, k))).collect();
            notice.get_or_insert_with(|| lang.t_with("import-missing-columns", &[("fields", names.join(", ").into())]));
        }
        Checked::Forbidden => {
            notice.get_or_insert_with(|| lang.t("import-forbidden"));
        }
        Checked::Report(report) => {
            counts_shown = counts(lang, report);
            lines = line_views(lang, kind, report, &row_labels(kind, &s.loaded.sheet, s.columns));
            if lines.len() < report.lines.len() {
                let args = [
                    ("shown", number(lines.len() as u64).into()),
                    ("total", number(report.lines.len() as u64).into()),
                    ("first", number(FIRST_ROWS as u64).into()),
                ];
                shown = Some(lang.t_with("import-rows-shown", &args));
            }
            let (errors, changes) = (report.count(RowAction::Error), report.count(RowAction::Create) + report.count(RowAction::Update));
            can_import_all = errors == 0 && changes > 0;
            can_import_valid = errors > 0 && changes > 0;
            outcome = match (s.imported, report.written) {
                (None, _) => lang.t("import-dry-run"),
                (Some(_), true) => lang.t("import-written"),
                (Some(SheetMode::AllOrNothing), false) if errors > 0 => lang.t("import-not-written-errors"),
                (Some(_), false) => lang.t("import-nothing-written"),
            };
        }
    }
    if notice.is_some() && s.imported.is_none() {
        c.title = format!("{} · {heading}", lang.t("form-has-errors-title"));
    }
    let confirm_hint = lang.t(match (can_import_all, can_import_valid) {
        (true, _) => "import-confirm-all",
        (false, true) => "import-confirm-valid",
        (false, false) => "import-confirm-nothing",
    });
    let base = format!("/{}", lang.code());
    let mut facts = vec![
        (lang.t("import-file-name"), s.loaded.upload.filename.clone()),
        (lang.t("import-kind-label"), kind_label(lang, kind)),
        (lang.t("import-read-as"), s.loaded.sheet.source.clone()),
        (lang.t("import-header-row"), s.columns.header_row.to_string()),
    ];
    if !s.finished {
        facts.push((lang.t("import-kept-until"), lang.date_time(s.loaded.upload.expires_at())));
    }
    let mut links = vec![Link { href: format!("{base}/import?kind={}", kind.name()), text: lang.t("import-another") }];
    if s.imported.is_some() {
        links.push(Link { href: format!("{base}/{}", record_path(kind)), text: lang.t(&format!("import-list-{}", kind.name())) });
    }
    PreviewPage {
        heading,
        notice,
        outcome,
        facts,
        counts: counts_shown,
        columns: column_views(lang, kind, s.columns),
        lines,
        shown,
        action: format!("{base}/import/{}", s.loaded.upload.id),
        csrf: s.caller.csrf_token.clone().unwrap_or_default(),
        carried: s.mapping.iter().map(|(i, field)| (format!("c{i}"), field.unwrap_or_default().to_owned())).collect(),
        done: s.finished,
        can_import_all,
        can_import_valid,
        confirm_hint,
        links,
        c,
    }
}

pub async fn preview(lang: Lang, uri: OriginalUri, caller: Caller, Path(id): Path<String>, RawQuery(query): RawQuery) -> PageResult {
    require_sign_in(lang, &uri, &caller)?;
    let store = caller.store();
    let loaded = load(lang, store, &id).await?;
    let query = query.unwrap_or_default();
    let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes()).into_owned().collect();
    let mapping = chosen_mapping(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let columns = columns_of(lang, &loaded, &mapping)?;
    let checked = check(lang, store, &loaded, &columns, &mapping, SheetMode::DryRun).await?;
    let status = if matches!(checked, Checked::Forbidden) { StatusCode::FORBIDDEN } else { StatusCode::OK };
    let shown = Shown::preview(lang, &uri, &caller, &loaded, &columns, &mapping, &checked);
    Ok((status, render(&page(shown))).into_response())
}

pub async fn confirm(lang: Lang, uri: OriginalUri, caller: Caller, Path(id): Path<String>, body: Bytes) -> PageResult {
    require_sign_in(lang, &uri, &caller)?;
    let store = caller.store();
    let values = Values::from_form(&body);
    let loaded = load(lang, store, &id).await?;
    let pairs: Vec<(String, String)> = form_urlencoded::parse(&body).into_owned().collect();
    let mapping = chosen_mapping(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let columns = columns_of(lang, &loaded, &mapping)?;
    let genuine = caller.csrf_token.as_deref().is_some_and(|token| secret::same(token, values.get("_csrf")));
    let mode = match values.get("_action") {
        _ if !genuine => None,
        "all" => Some(SheetMode::AllOrNothing),
        "valid" => Some(SheetMode::ValidRowsOnly),
        "discard" => {
            store.discard_upload(loaded.upload.id).await.map_err(|e| PageError::from_store(lang, e))?;
            return Ok(Redirect::to(&format!("/{}/import?kind={}", lang.code(), loaded.kind.name())).into_response());
        }
        _ => return Err(PageError::BadRequest(lang, lang.t("import-error-action"))),
    };
    let Some(mode) = mode else {
        // A form from elsewhere (or older than the session) imports nothing: the preview comes back
        // with a fresh token.
        let checked = check(lang, store, &loaded, &columns, &mapping, SheetMode::DryRun).await?;
        let notice = Some(lang.t("import-error-expired"));
        let shown = Shown { notice, ..Shown::preview(lang, &uri, &caller, &loaded, &columns, &mapping, &checked) };
        return Ok((StatusCode::FORBIDDEN, render(&page(shown))).into_response());
    };
    let checked = check(lang, store, &loaded, &columns, &mapping, mode).await?;
    // An all-or-nothing import refused for its errors keeps the upload, so that its valid rows can
    // still be imported; any other import is done with it.
    let refused = matches!(&checked, Checked::Report(r) if !r.written && mode == SheetMode::AllOrNothing && r.count(RowAction::Error) > 0);
    let finished = matches!(checked, Checked::Report(_)) && !refused;
    if finished {
        store.discard_upload(loaded.upload.id).await.map_err(|e| PageError::from_store(lang, e))?;
    }
    let status = match checked {
        _ if finished => StatusCode::OK,
        Checked::Forbidden => StatusCode::FORBIDDEN,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    };
    let shown = Shown { imported: Some(mode), finished, ..Shown::preview(lang, &uri, &caller, &loaded, &columns, &mapping, &checked) };
    Ok((status, render(&page(shown))).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_and_field_is_named_in_both_languages() {
        for lang in Lang::ALL {
            for kind in Kind::ALL {
                let keys = [
                    format!("import-kind-{}", kind.name()),
                    format!("import-hint-{}", kind.name()),
                    format!("import-list-{}", kind.name()),
                ];
                for key in keys {
                    assert_ne!(lang.t(&key), key, "{}: {key}", lang.code());
                }
                for f in kind.fields() {
                    let key = format!("import-field-{}", f.key.replace('_', "-"));
                    assert_ne!(field_label(lang, f.key), key, "{}: {key}", lang.code());
                }
            }
            for format in ["xlsx", "csv"] {
                let key = format!("import-template-{format}");
                assert_ne!(lang.t(&key), key, "{}", lang.code());
            }
        }
    }

    #[test]
    fn a_chosen_mapping_is_read_from_numbered_columns() {
        let pairs = [("c0", "name_th"), ("c2", ""), ("c3", " sector "), ("kind", "x"), ("c99999", "name_th"), ("cx", "y")];
        let mapping = chosen_mapping(pairs.into_iter());
        assert_eq!(mapping.to_string(), "A=name_th,C=,D=sector");
    }

    #[test]
    fn a_large_sheet_lists_its_first_rows_and_then_only_errors() {
        let line = |row: u32, action| Line { row, action, id: None, problems: Vec::new() };
        let mut lines: Vec<Line> = (1..=300).map(|r| line(r, if r % 3 == 0 { RowAction::Error } else { RowAction::Create })).collect();
        lines.extend((301..=2000).map(|r| line(r, RowAction::Error)));
        let shown = shown_lines(&lines);
        assert!(shown[..FIRST_ROWS].iter().zip(1..).all(|(l, r)| l.row == r), "the first rows, in order");
        assert!(shown[FIRST_ROWS..].iter().all(|l| l.action == RowAction::Error), "then errors only");
        assert_eq!(shown.iter().filter(|l| l.action == RowAction::Error).count(), MAX_ERROR_ROWS);
    }
}
