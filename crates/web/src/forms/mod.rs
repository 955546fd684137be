//! Forms to create and edit every kind of record, without JavaScript.
//!
//! A form is described once per entity ([`FormSpec`]): its fields are named after the JSON fields of
//! the entity's `…Input`, and rows of repeated fields (parties, members, participation cells) after
//! the array and index, e.g. `parties/2/role`. A submitted form therefore becomes the very JSON
//! document the API accepts, is checked by the same rules, and every violation — which names its
//! field by JSON Pointer — lands beside the field it is about, in the page's language. A rejected
//! form is shown again with everything that was typed; an edit starts from the stored record, so
//! fields the form does not show are kept unchanged.

mod activity;
mod agreement;
mod commitment;
mod indicator;
pub(crate) mod indicator_value;
mod network;
mod organization;
mod participant;
mod plan;
mod plan_item;
mod programme;

use std::collections::HashMap;

use askama::Template;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{OriginalUri, Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use phakhi_store::{Precondition, Store, StoreError};
use serde_json::{Map, Value};

use crate::AppState;
use crate::auth::Caller;
use crate::i18n::{Lang, thai_time};
use crate::pages::{Chrome, PageError, render};

/// What kind of input a field is, and so how its text becomes JSON.
#[derive(Debug, Clone)]
pub enum Kind {
    Text,
    LongText,
    Url,
    Integer,
    Decimal,
    Date,
    /// A date and time typed in Thai time, stored as an instant.
    DateTime,
    /// One of (value, label).
    Select(Vec<(String, String)>),
    /// Any of (value, label); a JSON array of strings.
    Checkboxes(Vec<(String, String)>),
    /// Ids typed or pasted, separated by commas or spaces; a JSON array of strings.
    IdList,
}

/// One field of a form.
#[derive(Debug, Clone)]
pub struct Field {
    /// The JSON field of the entity's input.
    pub name: &'static str,
    /// Message key of the label.
    pub label: &'static str,
    pub kind: Kind,
    pub required: bool,
    /// Message key of a hint shown under the field.
    pub hint: Option<&'static str>,
}

impl Field {
    pub fn new(name: &'static str, label: &'static str, kind: Kind) -> Self {
        Field { name, label, kind, required: false, hint: None }
    }

    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }

    pub fn hint(mut self, key: &'static str) -> Self {
        self.hint = Some(key);
        self
    }
}

/// Rows of repeated fields stored as a JSON array of objects (parties, members, cells …).
#[derive(Debug, Clone)]
pub struct Repeat {
    pub name: &'static str,
    pub legend: &'static str,
    pub fields: Vec<Field>,
}

/// A whole form.
#[derive(Debug, Clone, Default)]
pub struct FormSpec {
    pub fields: Vec<Field>,
    pub repeats: Vec<Repeat>,
}

/// Blank rows offered under the filled ones; "more rows" adds this many again.
const BLANK_ROWS: usize = 2;

/// What was typed, by field name (`name_th`, `parties/0/role`); checkboxes can have several values.
#[derive(Debug, Clone, Default)]
pub struct Values(HashMap<String, Vec<String>>);

impl Values {
    pub fn from_form(body: &[u8]) -> Self {
        let mut map: HashMap<String, Vec<String>> = HashMap::new();
        for (k, v) in form_urlencoded::parse(body) {
            map.entry(k.into_owned()).or_default().push(v.into_owned());
        }
        Values(map)
    }

    pub fn get(&self, name: &str) -> &str {
        self.0.get(name).and_then(|v| v.first()).map_or("", String::as_str)
    }

    fn all(&self, name: &str) -> &[String] {
        self.0.get(name).map_or(&[], Vec::as_slice)
    }

    pub fn set(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.0.insert(name.into(), vec![value.into()]);
    }

    /// How many rows of a repeat were submitted (the highest index + 1).
    fn rows(&self, repeat: &str) -> usize {
        let prefix = format!("{repeat}/");
        self.0.keys().filter_map(|k| k.strip_prefix(&prefix)?.split('/').next()?.parse::<usize>().ok()).map(|i| i + 1).max().unwrap_or(0)
    }
}

/// Errors by field name, plus those that belong to no field shown.
#[derive(Debug, Default)]
pub struct Errors {
    by_field: HashMap<String, String>,
    general: Vec<String>,
}

impl Errors {
    fn add(&mut self, field: String, message: String) {
        self.by_field.entry(field).or_insert(message);
    }

    fn is_empty(&self) -> bool {
        self.by_field.is_empty() && self.general.is_empty()
    }
}

/// The stored record's input as form values, so an edit form starts from what is there.
pub fn values_from_json(spec: &FormSpec, input: &Value) -> Values {
    let mut values = Values::default();
    for f in &spec.fields {
        put(&mut values, f.name.to_owned(), &f.kind, input.get(f.name));
    }
    for r in &spec.repeats {
        for (i, row) in input.get(r.name).and_then(Value::as_array).into_iter().flatten().enumerate() {
            for f in &r.fields {
                put(&mut values, format!("{}/{i}/{}", r.name, f.name), &f.kind, row.get(f.name));
            }
        }
    }
    values
}

fn put(values: &mut Values, name: String, kind: &Kind, value: Option<&Value>) {
    let text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    };
    match (kind, value) {
        (_, None | Some(Value::Null)) => {}
        (Kind::Checkboxes(_), Some(Value::Array(items))) => {
            values.0.insert(name, items.iter().map(text).collect());
        }
        (Kind::IdList, Some(Value::Array(items))) => values.set(name, items.iter().map(text).collect::<Vec<_>>().join(", ")),
        (Kind::DateTime, Some(Value::String(s))) => {
            let local = s.parse::<DateTime<Utc>>().map(|t| thai_time(t).format("%Y-%m-%dT%H:%M").to_string()).unwrap_or_else(|_| s.clone());
            values.set(name, local);
        }
        (_, Some(v)) => values.set(name, text(v)),
    }
}

/// The submitted form as the JSON document the API accepts, laid over `base` (the stored record
/// on an edit, `{}` on a create). Rows left entirely blank are dropped; `rows` maps each kept row
/// back to the row it was on the form, so errors land on the right line.
fn to_json(spec: &FormSpec, values: &Values, lang: Lang, base: Value, errors: &mut Errors) -> (Value, HashMap<&'static str, Vec<usize>>) {
    let mut doc = match base {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    for f in &spec.fields {
        set_field(&mut doc, f, f.name.to_owned(), values, lang, errors);
    }
    let mut kept_rows = HashMap::new();
    for r in &spec.repeats {
        let mut rows = Vec::new();
        let mut kept = Vec::new();
        for i in 0..values.rows(r.name) {
            let blank = r.fields.iter().all(|f| values.all(&format!("{}/{i}/{}", r.name, f.name)).iter().all(|v| v.trim().is_empty()));
            if blank {
                continue;
            }
            let mut row = Map::new();
            for f in &r.fields {
                set_field(&mut row, f, format!("{}/{i}/{}", r.name, f.name), values, lang, errors);
            }
            rows.push(Value::Object(row));
            kept.push(i);
        }
        doc.insert(r.name.to_owned(), Value::Array(rows));
        kept_rows.insert(r.name, kept);
    }
    (Value::Object(doc), kept_rows)
}

/// Reads one field from the form into `doc`, checking what can be checked before the domain rules:
/// required fields, numbers and dates.
fn set_field(doc: &mut Map<String, Value>, f: &Field, form_name: String, values: &Values, lang: Lang, errors: &mut Errors) {
    if let Kind::Checkboxes(_) = f.kind {
        let items: Vec<Value> = values.all(&form_name).iter().filter(|v| !v.is_empty()).map(|v| Value::String(v.clone())).collect();
        doc.insert(f.name.to_owned(), Value::Array(items));
        return;
    }
    if let Kind::IdList = f.kind {
        let ids =
            values.get(&form_name).split([',', ' ', '\n']).filter(|s| !s.trim().is_empty()).map(|s| Value::String(s.trim().to_owned()));
        doc.insert(f.name.to_owned(), Value::Array(ids.collect()));
        return;
    }
    let text = values.get(&form_name).trim();
    if text.is_empty() {
        doc.remove(f.name);
        if f.required {
            errors.add(form_name, lang.t("form-required"));
        }
        return;
    }
    let parsed = match &f.kind {
        Kind::Integer => text.replace(',', "").parse::<i64>().map(Value::from).map_err(|_| "form-integer"),
        Kind::Decimal => {
            text.replace(',', "").parse::<f64>().ok().and_then(serde_json::Number::from_f64).map(Value::Number).ok_or("form-number")
        }
        Kind::Date => NaiveDate::parse_from_str(text, "%Y-%m-%d").map(|d| Value::String(d.to_string())).map_err(|_| "form-date"),
        Kind::DateTime => NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M")
            .map(|t| Value::String(format!("{}+07:00", t.format("%Y-%m-%dT%H:%M:%S"))))
            .map_err(|_| "form-date-time"),
        _ => Ok(Value::String(text.to_owned())),
    };
    match parsed {
        Ok(v) => {
            doc.insert(f.name.to_owned(), v);
        }
        Err(key) => errors.add(form_name, lang.t(key)),
    }
}

/// Places a violation reported at a JSON Pointer on the form field it names.
fn place(errors: &mut Errors, spec: &FormSpec, rows: &HashMap<&'static str, Vec<usize>>, pointer: &str, message: String) {
    let parts: Vec<&str> = pointer.trim_start_matches('/').split('/').collect();
    let name = match parts.as_slice() {
        [field] if spec.fields.iter().any(|f| f.name == *field) => Some((*field).to_owned()),
        [repeat, index, field, ..] => spec.repeats.iter().find(|r| r.name == *repeat).and_then(|r| {
            let kept: usize = index.parse().ok()?;
            let row = rows.get(r.name)?.get(kept)?;
            let field = if r.fields.iter().any(|f| f.name == *field) { *field } else { r.fields.first()?.name };
            Some(format!("{repeat}/{row}/{field}"))
        }),
        [repeat, index] => spec.repeats.iter().find(|r| r.name == *repeat).and_then(|r| {
            let row = rows.get(r.name)?.get(index.parse::<usize>().ok()?)?;
            Some(format!("{repeat}/{row}/{}", r.fields.first()?.name))
        }),
        _ => None,
    };
    match name {
        Some(n) => errors.add(n, message),
        None => errors.general.push(message),
    }
}

// --- Rendering --------------------------------------------------------------------------------------

#[derive(Debug)]
pub struct OptionView {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Debug)]
pub struct FieldView {
    pub id: String,
    pub name: String,
    pub label: String,
    /// `text`, `textarea`, `select`, `checkboxes`, or an `<input type>`.
    pub kind: &'static str,
    pub value: String,
    pub options: Vec<OptionView>,
    pub required: bool,
    pub hint: Option<String>,
    pub error: Option<String>,
    pub inputmode: &'static str,
}

#[derive(Debug)]
pub struct RowView {
    pub number: usize,
    pub fields: Vec<FieldView>,
}

#[derive(Debug)]
pub struct RepeatView {
    pub name: &'static str,
    pub legend: String,
    pub rows: Vec<RowView>,
}

#[derive(Debug)]
pub struct ErrorLink {
    pub href: String,
    pub message: String,
}

#[derive(Template)]
#[template(path = "form.html")]
pub struct FormPage {
    pub c: Chrome,
    pub heading: String,
    pub action: String,
    pub version: Option<i64>,
    pub fields: Vec<FieldView>,
    pub repeats: Vec<RepeatView>,
    pub error_links: Vec<ErrorLink>,
    pub cancel: String,
    pub csrf: Option<String>,
}

fn field_id(name: &str) -> String {
    format!("f-{}", name.replace('/', "-"))
}

fn view(f: &Field, name: String, values: &Values, errors: &Errors, lang: Lang) -> FieldView {
    let value = values.get(&name).to_owned();
    let chosen = values.all(&name);
    let options = match &f.kind {
        Kind::Select(options) => std::iter::once((String::new(), lang.t("form-choose")))
            .chain(options.iter().cloned())
            .map(|(v, l)| OptionView { selected: v == value, value: v, label: l })
            .collect(),
        Kind::Checkboxes(options) => {
            options.iter().map(|(v, l)| OptionView { selected: chosen.contains(v), value: v.clone(), label: l.clone() }).collect()
        }
        _ => Vec::new(),
    };
    let (kind, inputmode) = match f.kind {
        Kind::Text => ("text", ""),
        Kind::LongText => ("textarea", ""),
        Kind::Url => ("url", ""),
        Kind::Integer => ("text", "numeric"),
        Kind::Decimal => ("text", "decimal"),
        Kind::Date => ("date", ""),
        Kind::DateTime => ("datetime-local", ""),
        Kind::Select(_) => ("select", ""),
        Kind::Checkboxes(_) => ("checkboxes", ""),
        Kind::IdList => ("textarea", ""),
    };
    FieldView {
        id: field_id(&name),
        label: lang.t(f.label),
        error: errors.by_field.get(&name).cloned(),
        name,
        kind,
        value,
        options,
        required: f.required,
        hint: f.hint.map(|h| lang.t(h)),
        inputmode,
    }
}

/// Everything needed to show a form: what it is for and what is in it.
pub struct FormContext<'a> {
    pub lang: Lang,
    pub uri: &'a OriginalUri,
    pub section: &'static str,
    pub heading: String,
    pub cancel: String,
    pub version: Option<i64>,
    /// The session's anti-forgery token, carried by the form and checked on submission.
    pub csrf: Option<String>,
}

fn page(ctx: &FormContext, spec: &FormSpec, values: &Values, errors: &Errors, extra_rows: &HashMap<String, usize>) -> FormPage {
    let lang = ctx.lang;
    let mut c = Chrome::new(lang, ctx.uri, ctx.section, ctx.heading.clone());
    if !errors.is_empty() {
        c.title = format!("{} · {}", lang.t("form-has-errors-title"), ctx.heading);
    }
    let fields: Vec<FieldView> = spec.fields.iter().map(|f| view(f, f.name.to_owned(), values, errors, lang)).collect();
    let repeats: Vec<RepeatView> = spec
        .repeats
        .iter()
        .map(|r| {
            let count = values.rows(r.name) + BLANK_ROWS + extra_rows.get(r.name).copied().unwrap_or(0);
            RepeatView {
                name: r.name,
                legend: lang.t(r.legend),
                rows: (0..count)
                    .map(|i| RowView {
                        number: i + 1,
                        fields: r.fields.iter().map(|f| view(f, format!("{}/{i}/{}", r.name, f.name), values, errors, lang)).collect(),
                    })
                    .collect(),
            }
        })
        .collect();
    // The summary lists errors in the order of the fields on the page.
    let mut error_links: Vec<ErrorLink> = errors.general.iter().map(|m| ErrorLink { href: String::new(), message: m.clone() }).collect();
    let in_rows = repeats.iter().flat_map(|r: &RepeatView| r.rows.iter().flat_map(|row| row.fields.iter()));
    for f in fields.iter().chain(in_rows) {
        if let Some(message) = &f.error {
            error_links.push(ErrorLink { href: format!("#{}", f.id), message: format!("{}: {message}", f.label) });
        }
    }
    FormPage {
        action: ctx.uri.0.path().to_owned(),
        c,
        heading: ctx.heading.clone(),
        version: ctx.version,
        fields,
        repeats,
        error_links,
        cancel: ctx.cancel.clone(),
        csrf: ctx.csrf.clone(),
    }
}

/// The form, empty or filled, answering a GET.
pub fn show(ctx: &FormContext, spec: &FormSpec, values: &Values) -> Response {
    render(&page(ctx, spec, values, &Errors::default(), &HashMap::new()))
}

/// What a submission came to.
pub enum Outcome {
    /// Saved; go to the record's page.
    Saved(String),
    /// Shown again, with errors or more rows.
    Again(Response),
}

impl IntoResponse for Outcome {
    fn into_response(self) -> Response {
        match self {
            Outcome::Saved(to) => Redirect::to(&to).into_response(),
            Outcome::Again(r) => r,
        }
    }
}

/// Handles a submitted form: "more rows" re-shows it; otherwise the values become the input
/// document, which `save` writes. Whatever goes wrong, the page comes back with what was typed.
pub async fn submit<T, F, Fut>(ctx: &FormContext<'_>, spec: &FormSpec, body: &Bytes, base: Value, save: F) -> Outcome
where
    T: serde::de::DeserializeOwned,
    F: FnOnce(T, Precondition) -> Fut,
    Fut: Future<Output = Result<String, StoreError>>,
{
    let lang = ctx.lang;
    let values = Values::from_form(body);
    let action = values.get("_action").to_owned();
    if let Some(repeat) = action.strip_prefix("more:") {
        let extra = HashMap::from([(repeat.to_owned(), BLANK_ROWS)]);
        return Outcome::Again(render(&page(ctx, spec, &values, &Errors::default(), &extra)));
    }
    let mut errors = Errors::default();
    // A form posted from elsewhere (or from a page older than the session) is not saved; it is
    // shown again with a fresh token, so a person who really meant it loses nothing.
    let forged = !ctx.csrf.as_deref().is_some_and(|token| crate::auth::secret::same(token, values.get("_csrf")));
    if forged {
        errors.general.push(lang.t("form-expired"));
        let page = page(ctx, spec, &values, &errors, &HashMap::new());
        return Outcome::Again((StatusCode::FORBIDDEN, render(&page)).into_response());
    }
    let (doc, rows) = to_json(spec, &values, lang, base, &mut errors);
    let precondition = match values.get("_version").parse::<i64>() {
        Ok(v) => Precondition::Version(v),
        Err(_) => Precondition::Any,
    };
    if errors.is_empty() {
        match serde_path_to_error::deserialize::<_, T>(doc) {
            Ok(input) => match save(input, precondition).await {
                Ok(to) => return Outcome::Saved(to),
                Err(StoreError::Invalid(violations)) => {
                    for v in violations.as_slice() {
                        place(&mut errors, spec, &rows, &v.field, lang.violation(v).to_owned());
                    }
                }
                Err(e) => match refusal(lang, e, true) {
                    Ok((_, message)) => errors.general.push(message),
                    Err(e) => {
                        tracing::error!(error = %e, "a form could not be saved");
                        errors.general.push(lang.t("form-not-saved"));
                    }
                },
            },
            Err(e) => {
                let pointer = crate::extract::pointer(e.path());
                let message = e.inner().to_string();
                let field = match message.strip_prefix("missing field `").and_then(|m| m.split('`').next()) {
                    Some(name) => format!("{pointer}/{name}"),
                    None => pointer,
                };
                let text = if lang == Lang::Th { crate::extract::thai_explanation(&message).to_owned() } else { message };
                place(&mut errors, spec, &rows, &field, text);
            }
        }
    }
    let page = page(ctx, spec, &values, &errors, &HashMap::new());
    Outcome::Again((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
}

/// Moves the violations a store names by nested pointers (`/consent/purpose`) onto the plain fields
/// a form shows them in (`/consent_purpose`); `to` gives the new pointer, or none to leave one be.
pub fn move_violations(e: StoreError, to: impl Fn(&str) -> Option<&'static str>) -> StoreError {
    match e {
        StoreError::Invalid(v) => {
            let moved = v
                .into_vec()
                .into_iter()
                .map(|mut x| {
                    if let Some(field) = to(&x.field) {
                        x.field = field.into();
                    }
                    x
                })
                .collect::<Vec<_>>();
            StoreError::Invalid(moved.into())
        }
        other => other,
    }
}

/// Why the store refused a write, as the status and message a page shows in its language: the
/// record changed meanwhile, the person may not, a record it refers to is gone, a conflict the
/// store explains, or invalid input. `typed`: whether it answers a form whose input is shown again
/// (else a button, such as a workflow step). A fault of the system is given back to the caller.
pub fn refusal(lang: Lang, e: StoreError, typed: bool) -> Result<(StatusCode, String), StoreError> {
    let say = |form: &str, button: &str| lang.t(if typed { form } else { button });
    Ok(match e {
        StoreError::VersionMismatch { .. } => (StatusCode::CONFLICT, say("form-changed-meanwhile", "action-changed-meanwhile")),
        StoreError::Forbidden { .. } | StoreError::Unauthenticated => (StatusCode::FORBIDDEN, say("form-forbidden", "action-forbidden")),
        StoreError::NotFound { .. } => (StatusCode::NOT_FOUND, lang.t("form-reference-missing")),
        StoreError::Conflict { message_th, message_en } => (StatusCode::CONFLICT, if lang == Lang::Th { message_th } else { message_en }),
        StoreError::Invalid(v) => {
            let messages: Vec<&str> = v.as_slice().iter().map(|x| lang.violation(x)).collect();
            (StatusCode::UNPROCESSABLE_ENTITY, messages.join(" "))
        }
        other => return Err(other),
    })
}

/// Organisations to choose from. A national register has too many for a drop-down, so beyond
/// [`MAX_CHOICES`] the form asks for the organisation's id (shown on its page) instead.
pub const MAX_CHOICES: u64 = 1000;

pub async fn organization_choices(store: &dyn Store, lang: Lang) -> Result<Kind, PageError> {
    let page = phakhi_store::Page { limit: MAX_CHOICES as u32, offset: 0, sort: None };
    let found = store.list_organizations(&Default::default(), &page).await.map_err(|e| PageError::from_store(lang, e))?;
    if found.total > MAX_CHOICES {
        return Ok(Kind::Text);
    }
    Ok(Kind::Select(
        found.items.iter().map(|o| (o.id.0.to_string(), lang.pick(&o.input.name_th, o.input.name_en.as_deref()).to_owned())).collect(),
    ))
}

/// Networks to choose from (a register has few).
pub async fn network_choices(store: &dyn Store, lang: Lang) -> Result<Kind, PageError> {
    let page = phakhi_store::Page { limit: 500, offset: 0, sort: None };
    let found = store.list_networks(&Default::default(), &page).await.map_err(|e| PageError::from_store(lang, e))?;
    Ok(Kind::Select(
        found.items.iter().map(|n| (n.id.0.to_string(), lang.pick(&n.input.name_th, n.input.name_en.as_deref()).to_owned())).collect(),
    ))
}

/// Plans to choose from, by code and title.
pub async fn plan_choices(store: &dyn Store, lang: Lang) -> Result<Kind, PageError> {
    let page = phakhi_store::Page { limit: 500, offset: 0, sort: None };
    let found = store.list_plans(&Default::default(), &page).await.map_err(|e| PageError::from_store(lang, e))?;
    Ok(Kind::Select(
        found
            .items
            .iter()
            .map(|p| (p.id.0.to_string(), format!("{} {}", p.input.code, lang.pick(&p.input.title_th, p.input.title_en.as_deref()))))
            .collect(),
    ))
}

/// Several organisations: checkboxes when the register is small, else a list of ids.
pub fn many(one: &Kind) -> Kind {
    match one {
        Kind::Select(options) => Kind::Checkboxes(options.clone()),
        _ => Kind::IdList,
    }
}

/// A vocabulary as (code, label) choices.
pub fn vocabulary<V: phakhi_domain::Vocabulary>(lang: Lang) -> Kind {
    Kind::Select(V::ALL.iter().map(|v| (v.code().to_owned(), lang.label(*v).to_owned())).collect())
}

/// Target groups as choices; `many` for a list of checkboxes.
pub async fn target_group_choices(store: &dyn Store, lang: Lang, many: bool) -> Result<Kind, PageError> {
    let mut groups: Vec<(String, String)> = crate::pages::view::target_group_names(store, lang).await?.into_iter().collect();
    groups.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(if many { Kind::Checkboxes(groups) } else { Kind::Select(groups) })
}

/// Query-string values that pre-fill a new record's form (`?programme_id=…`).
fn prefill(spec: &FormSpec, query: &HashMap<String, String>) -> Values {
    let mut values = Values::default();
    for f in &spec.fields {
        if let Some(v) = query.get(f.name) {
            values.set(f.name, v.clone());
        }
    }
    values
}

/// Asks before an action that cannot be undone (erasing a person, removing a plan item): one
/// button, with the record's version and the form token.
#[derive(Template)]
#[template(path = "confirm.html")]
pub struct ConfirmPage {
    pub c: Chrome,
    pub heading: String,
    pub text: String,
    pub button: String,
    pub action: String,
    pub version: i64,
    pub csrf: String,
    pub cancel: String,
    pub error: Option<String>,
}

/// What a confirmation asks about: the page's section, heading and message keys, the record's
/// version and where "cancel" leads.
pub struct Confirm<'a> {
    pub section: &'static str,
    pub heading: String,
    pub text: &'a str,
    pub button: &'a str,
    pub version: i64,
    pub cancel: String,
}

impl ConfirmPage {
    pub fn new(lang: Lang, uri: &OriginalUri, caller: &Caller, ask: Confirm, error: Option<String>) -> Self {
        ConfirmPage {
            c: Chrome::new(lang, uri, ask.section, ask.heading.clone()),
            heading: ask.heading,
            text: lang.t(ask.text),
            button: lang.t(ask.button),
            action: uri.0.path().to_owned(),
            version: ask.version,
            csrf: caller.csrf_token.clone().unwrap_or_default(),
            cancel: ask.cancel,
            error,
        }
    }
}

/// Acts on a posted confirmation (erase a person, remove a plan item) and goes to `done`. A form
/// without the session's token is not acted on; whatever the store refuses comes back on the
/// confirmation page (`page`) with the reason, in the page's language.
pub async fn confirmed<F, Fut>(
    lang: Lang,
    caller: &Caller,
    body: &Bytes,
    page: impl Fn(Option<String>) -> ConfirmPage,
    done: String,
    act: F,
) -> Result<Response, PageError>
where
    F: FnOnce(Precondition) -> Fut,
    Fut: Future<Output = Result<(), StoreError>>,
{
    let values = Values::from_form(body);
    let again = |status: StatusCode, message: String| Ok((status, render(&page(Some(message)))).into_response());
    if !genuine(caller, &values) {
        return again(StatusCode::FORBIDDEN, lang.t("form-expired"));
    }
    let pre = values.get("_version").parse().map_or(Precondition::Any, Precondition::Version);
    match act(pre).await {
        Ok(()) => Ok(Redirect::to(&done).into_response()),
        Err(e) => match refusal(lang, e, false) {
            Ok((status, message)) => again(status, message),
            Err(e) => Err(PageError::from_store(lang, e)),
        },
    }
}

/// Whether a posted form carries the session's token (a form posted from elsewhere does not).
pub fn genuine(caller: &Caller, values: &Values) -> bool {
    caller.csrf_token.as_deref().is_some_and(|token| crate::auth::secret::same(token, values.get("_csrf")))
}

/// A kind of record the forms can create and edit.
#[async_trait::async_trait]
pub trait Editable: Send + Sync + 'static {
    type Input: serde::de::DeserializeOwned + Send;
    /// Main-navigation section.
    const SECTION: &'static str;
    /// Message keys of the two headings.
    const NEW_HEADING: &'static str;
    const EDIT_HEADING: &'static str;
    /// Where "cancel" leads from a new form (below the language prefix).
    const LIST: &'static str;

    async fn spec(store: &dyn Store, lang: Lang) -> Result<FormSpec, PageError>;
    /// The stored input as JSON, its version, its title, and its page (below the language prefix).
    async fn load(store: &dyn Store, id: uuid::Uuid) -> Result<Stored, StoreError>;
    /// Saves a new record; returns its page.
    async fn create(store: &dyn Store, input: Self::Input) -> Result<String, StoreError>;
    async fn update(store: &dyn Store, id: uuid::Uuid, pre: Precondition, input: Self::Input) -> Result<String, StoreError>;
}

/// A stored record as an edit form needs it.
pub struct Stored {
    pub input: Value,
    pub version: i64,
    pub title: String,
    pub href: String,
}

/// The JSON of a stored input (serialising plain data cannot fail).
pub fn json(input: &impl serde::Serialize) -> Value {
    serde_json::to_value(input).unwrap_or(Value::Null)
}

/// Forms are for signed-in people: anyone else is sent to sign in, and brought back afterwards.
fn require_sign_in(lang: Lang, uri: &OriginalUri, caller: &Caller) -> Result<(), PageError> {
    if caller.is_signed_in() { Ok(()) } else { Err(PageError::SignIn(lang, uri.0.path().to_owned())) }
}

fn context<'a>(
    lang: Lang,
    uri: &'a OriginalUri,
    caller: &Caller,
    heading: String,
    cancel: String,
    version: Option<i64>,
) -> FormContext<'a> {
    FormContext { lang, uri, section: "", heading, cancel, version, csrf: caller.csrf_token.clone() }
}

async fn new<E: Editable>(
    lang: Lang,
    uri: OriginalUri,
    caller: Caller,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    require_sign_in(lang, &uri, &caller)?;
    let spec = E::spec(caller.store(), lang).await?;
    let ctx = FormContext {
        section: E::SECTION,
        ..context(lang, &uri, &caller, lang.t(E::NEW_HEADING), format!("/{}{}", lang.code(), E::LIST), None)
    };
    Ok(show(&ctx, &spec, &prefill(&spec, &query)))
}

async fn create<E: Editable>(lang: Lang, uri: OriginalUri, caller: Caller, body: Bytes) -> Result<Outcome, PageError> {
    require_sign_in(lang, &uri, &caller)?;
    let store = caller.store();
    let spec = E::spec(store, lang).await?;
    let ctx = FormContext {
        section: E::SECTION,
        ..context(lang, &uri, &caller, lang.t(E::NEW_HEADING), format!("/{}{}", lang.code(), E::LIST), None)
    };
    Ok(submit(&ctx, &spec, &body, Value::Object(Map::new()), |input: E::Input, _| async move {
        E::create(store, input).await.map(|href| format!("/{}{href}", lang.code()))
    })
    .await)
}

async fn edit<E: Editable>(lang: Lang, uri: OriginalUri, caller: Caller, Path(id): Path<String>) -> Result<Response, PageError> {
    require_sign_in(lang, &uri, &caller)?;
    let store = caller.store();
    let stored = E::load(store, parse_id(lang, &id)?).await.map_err(|e| PageError::from_store(lang, e))?;
    let spec = E::spec(store, lang).await?;
    let heading = lang.t_with(E::EDIT_HEADING, &[("title", stored.title.clone().into())]);
    let ctx = FormContext {
        section: E::SECTION,
        ..context(lang, &uri, &caller, heading, format!("/{}{}", lang.code(), stored.href), Some(stored.version))
    };
    Ok(show(&ctx, &spec, &values_from_json(&spec, &stored.input)))
}

async fn update<E: Editable>(
    lang: Lang,
    uri: OriginalUri,
    caller: Caller,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Outcome, PageError> {
    require_sign_in(lang, &uri, &caller)?;
    let store = caller.store();
    let id = parse_id(lang, &id)?;
    let stored = E::load(store, id).await.map_err(|e| PageError::from_store(lang, e))?;
    let spec = E::spec(store, lang).await?;
    let heading = lang.t_with(E::EDIT_HEADING, &[("title", stored.title.clone().into())]);
    let ctx = FormContext {
        section: E::SECTION,
        ..context(lang, &uri, &caller, heading, format!("/{}{}", lang.code(), stored.href), Some(stored.version))
    };
    Ok(submit(&ctx, &spec, &body, stored.input, |input: E::Input, pre| async move {
        E::update(store, id, pre, input).await.map(|href| format!("/{}{href}", lang.code()))
    })
    .await)
}

/// A record's id from the path, or the page's 404.
fn parse_id(lang: Lang, id: &str) -> Result<uuid::Uuid, PageError> {
    id.parse().map_err(|_| PageError::NotFound(lang))
}

fn editable<E: Editable>(router: Router<AppState>, new_path: &str, edit_path: &str) -> Router<AppState> {
    router.route(new_path, get(new::<E>).post(create::<E>)).route(edit_path, get(edit::<E>).post(update::<E>))
}

pub fn routes() -> Router<AppState> {
    let router = Router::new();
    let router = editable::<organization::Form>(router, "/partners/new", "/partners/{id}/edit");
    let router = editable::<network::Form>(router, "/networks/new", "/networks/{id}/edit");
    let router = editable::<agreement::Form>(router, "/agreements/new", "/agreements/{id}/edit");
    let router = editable::<commitment::Form>(router, "/commitments/new", "/commitments/{id}/edit");
    let router = editable::<programme::Form>(router, "/programmes/new", "/programmes/{id}/edit");
    let router = editable::<plan::Form>(router, "/plans/new", "/plans/{id}/edit");
    let router = editable::<indicator::Form>(router, "/indicators/new", "/indicators/{id}/edit");
    editable::<activity::Form>(router, "/activities/new", "/activities/{id}/edit")
        .route("/activities/{id}/participants/new", get(participant::new).post(participant::create))
        .route("/participants/{id}/edit", get(participant::edit).post(participant::update))
        .route("/participants/{id}/erase", get(participant::confirm_erase).post(participant::erase))
        .route("/plans/{id}/copy", get(plan::copy_form).post(plan::copy))
        .route("/plans/{id}/items/new", get(plan_item::new).post(plan_item::create))
        .route("/plan-items/{id}/edit", get(plan_item::edit).post(plan_item::update))
        .route("/plan-items/{id}/remove", get(plan_item::confirm_remove).post(plan_item::remove))
        .route("/indicators/{id}/values/new", get(indicator_value::new).post(indicator_value::create))
        .route("/indicator-values/{id}/edit", get(indicator_value::edit).post(indicator_value::update))
        .route("/indicator-values/{id}/remove", get(indicator_value::confirm_remove).post(indicator_value::remove))
        .route("/indicator-values/{id}/step", axum::routing::post(indicator_value::step))
}
