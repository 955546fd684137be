//! Forms for individual participants (personal data under the PDPA): record a person, correct their
//! record, erase them. Only the organising organisation's editors and admins get this far; the store
//! refuses anyone else.
//!
//! The API nests consent (`consent: {purpose, given_on}`); the form shows it as two plain fields, so
//! this module converts between the two shapes and moves the store's violations onto those fields.

use axum::body::Bytes;
use axum::extract::{OriginalUri, Path};
use axum::response::Response;
use chrono::NaiveDate;
use phakhi_domain::participant::{Consent, Participant, ParticipantInput};
use phakhi_domain::participation::{AgeBand, Gender};
use phakhi_domain::{ActivityId, ParticipantId, Violations};
use phakhi_store::{Store, StoreError};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{
    Confirm, ConfirmPage, Field, FormContext, FormSpec, Kind, Outcome, Values, context, parse_id, require_sign_in, show, submit,
    target_group_choices, vocabulary,
};
use crate::auth::Caller;
use crate::i18n::Lang;
use crate::pages::{PageError, render};

/// The form's flat shape of a [`ParticipantInput`].
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    full_name: String,
    #[serde(default)]
    contact: Option<String>,
    #[serde(default)]
    gender: Option<Gender>,
    #[serde(default)]
    age_band: Option<AgeBand>,
    #[serde(default)]
    target_group: Option<String>,
    #[serde(default)]
    nationality: Option<String>,
    #[serde(default)]
    disability: Option<String>,
    #[serde(default)]
    consent_purpose: Option<String>,
    #[serde(default)]
    consent_given_on: Option<NaiveDate>,
}

impl Entry {
    /// The API's input; consent needs both its purpose and its date.
    fn into_input(self) -> Result<ParticipantInput, StoreError> {
        let consent = match (self.consent_purpose, self.consent_given_on) {
            (Some(purpose), Some(given_on)) => Some(Consent { purpose, given_on }),
            (None, None) => None,
            (Some(_), None) => return Err(missing("/consent_given_on")),
            (None, Some(_)) => return Err(missing("/consent_purpose")),
        };
        Ok(ParticipantInput {
            full_name: self.full_name,
            contact: self.contact,
            gender: self.gender,
            age_band: self.age_band,
            target_group: self.target_group,
            nationality: self.nationality.map(|n| n.trim().to_ascii_uppercase()),
            disability: self.disability,
            consent,
        })
    }
}

fn missing(field: &str) -> StoreError {
    StoreError::Invalid(Violations::single(
        field,
        "consent_incomplete",
        "ความยินยอมต้องมีทั้งวัตถุประสงค์และวันที่ให้ความยินยอม",
        "Consent needs both its purpose and the date it was given",
    ))
}

/// A stored input in the form's flat shape.
fn flat(input: &ParticipantInput) -> Value {
    let mut doc = super::json(input);
    if let Some(map) = doc.as_object_mut() {
        map.remove("consent");
        if let Some(c) = &input.consent {
            map.insert("consent_purpose".into(), json!(c.purpose));
            map.insert("consent_given_on".into(), json!(c.given_on));
        }
    }
    doc
}

/// The store names consent by its nested pointers; the form has two plain fields.
fn onto_form_fields(e: StoreError) -> StoreError {
    super::move_violations(e, |field| match field {
        "/consent" | "/consent/purpose" => Some("/consent_purpose"),
        "/consent/given_on" => Some("/consent_given_on"),
        _ => None,
    })
}

async fn spec(store: &dyn Store, lang: Lang) -> Result<FormSpec, PageError> {
    Ok(FormSpec {
        fields: vec![
            Field::new("full_name", "field-full-name", Kind::Text).required(),
            Field::new("contact", "field-contact", Kind::Text).hint("hint-contact"),
            Field::new("age_band", "field-age-band", vocabulary::<AgeBand>(lang)),
            Field::new("target_group", "field-target-group", target_group_choices(store, lang, false).await?),
            Field::new("nationality", "field-nationality", Kind::Text).hint("hint-nationality"),
            Field::new("gender", "field-gender", vocabulary::<Gender>(lang)).hint("hint-sensitive"),
            Field::new("disability", "field-disability", Kind::Text).hint("hint-sensitive"),
            Field::new("consent_purpose", "field-consent-purpose", Kind::LongText).hint("hint-consent-purpose"),
            Field::new("consent_given_on", "field-consent-given-on", Kind::Date),
        ],
        repeats: Vec::new(),
    })
}

fn list_href(lang: Lang, activity: ActivityId) -> String {
    format!("/{}/activities/{}/participants", lang.code(), activity.0)
}

async fn activity_title(store: &dyn Store, lang: Lang, id: ActivityId) -> Result<String, PageError> {
    let a = store.get_activity(id).await.map_err(|e| PageError::from_store(lang, e))?;
    Ok(lang.pick(&a.input.title_th, a.input.title_en.as_deref()).to_owned())
}

fn form_context<'a>(
    lang: Lang,
    uri: &'a OriginalUri,
    caller: &Caller,
    heading: String,
    cancel: String,
    version: Option<i64>,
) -> FormContext<'a> {
    FormContext { section: "activities", ..context(lang, uri, caller, heading, cancel, version) }
}

/// Reads a participant for someone who may see them (anyone else gets the 403 page).
async fn load(caller: &Caller, lang: Lang, id: &str) -> Result<Participant, PageError> {
    let id = ParticipantId(parse_id(lang, id)?);
    caller.store().get_participant(id).await.map_err(|e| PageError::from_store(lang, e))
}

pub async fn new(lang: Lang, uri: OriginalUri, caller: Caller, Path(id): Path<String>) -> Result<Response, PageError> {
    require_sign_in(lang, &uri, &caller)?;
    let activity = ActivityId(parse_id(lang, &id)?);
    // Only those who may see the people may add one: the form itself is no one else's business.
    caller.store().list_participants(activity).await.map_err(|e| PageError::from_store(lang, e))?;
    let title = activity_title(caller.store(), lang, activity).await?;
    let heading = lang.t_with("participants-new", &[("title", title.into())]);
    let ctx = form_context(lang, &uri, &caller, heading, list_href(lang, activity), None);
    Ok(show(&ctx, &spec(caller.store(), lang).await?, &Values::default()))
}

pub async fn create(lang: Lang, uri: OriginalUri, caller: Caller, Path(id): Path<String>, body: Bytes) -> Result<Outcome, PageError> {
    require_sign_in(lang, &uri, &caller)?;
    let activity = ActivityId(parse_id(lang, &id)?);
    let store = caller.store();
    let title = activity_title(store, lang, activity).await?;
    let heading = lang.t_with("participants-new", &[("title", title.into())]);
    let ctx = form_context(lang, &uri, &caller, heading, list_href(lang, activity), None);
    let spec = spec(store, lang).await?;
    Ok(submit(&ctx, &spec, &body, json!({}), |entry: Entry, _| async move {
        let input = entry.into_input()?;
        store.create_participant(activity, input).await.map_err(onto_form_fields)?;
        Ok(list_href(lang, activity))
    })
    .await)
}

pub async fn edit(lang: Lang, uri: OriginalUri, caller: Caller, Path(id): Path<String>) -> Result<Response, PageError> {
    require_sign_in(lang, &uri, &caller)?;
    let p = load(&caller, lang, &id).await?;
    let heading = lang.t_with("participants-edit", &[("name", p.input.full_name.clone().into())]);
    let ctx = form_context(lang, &uri, &caller, heading, list_href(lang, p.activity_id), Some(p.meta.version));
    let spec = spec(caller.store(), lang).await?;
    Ok(show(&ctx, &spec, &super::values_from_json(&spec, &flat(&p.input))))
}

pub async fn update(lang: Lang, uri: OriginalUri, caller: Caller, Path(id): Path<String>, body: Bytes) -> Result<Outcome, PageError> {
    require_sign_in(lang, &uri, &caller)?;
    let p = load(&caller, lang, &id).await?;
    let heading = lang.t_with("participants-edit", &[("name", p.input.full_name.clone().into())]);
    let ctx = form_context(lang, &uri, &caller, heading, list_href(lang, p.activity_id), Some(p.meta.version));
    let store = caller.store();
    let spec = spec(store, lang).await?;
    let (person, activity) = (p.id, p.activity_id);
    Ok(submit(&ctx, &spec, &body, flat(&p.input), |entry: Entry, pre| async move {
        let input = entry.into_input()?;
        store.update_participant(person, pre, input).await.map_err(onto_form_fields)?;
        Ok(list_href(lang, activity))
    })
    .await)
}

fn erase_page(lang: Lang, uri: &OriginalUri, caller: &Caller, p: &Participant, error: Option<String>) -> ConfirmPage {
    let ask = Confirm {
        section: "activities",
        heading: lang.t_with("participants-erase-heading", &[("name", p.input.full_name.clone().into())]),
        text: "participants-erase-text",
        button: "participants-erase",
        version: p.meta.version,
        cancel: list_href(lang, p.activity_id),
    };
    ConfirmPage::new(lang, uri, caller, ask, error)
}

pub async fn confirm_erase(lang: Lang, uri: OriginalUri, caller: Caller, Path(id): Path<String>) -> Result<Response, PageError> {
    require_sign_in(lang, &uri, &caller)?;
    let p = load(&caller, lang, &id).await?;
    Ok(render(&erase_page(lang, &uri, &caller, &p, None)))
}

pub async fn erase(lang: Lang, uri: OriginalUri, caller: Caller, Path(id): Path<String>, body: Bytes) -> Result<Response, PageError> {
    require_sign_in(lang, &uri, &caller)?;
    let p = load(&caller, lang, &id).await?;
    let page = |error| erase_page(lang, &uri, &caller, &p, error);
    let store = caller.store();
    super::confirmed(lang, &caller, &body, page, list_href(lang, p.activity_id), |pre| store.erase_participant(p.id, pre)).await
}
