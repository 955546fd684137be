//! The people recorded for an activity — personal data, shown only to the organising organisation's
//! editors and admins (the store refuses anyone else, and this page becomes the 403 page).

use axum::extract::{OriginalUri, Path, Query};
use phakhi_domain::ActivityId;
use phakhi_domain::participant::Participant;

use super::download::{self, Download, Format};
use super::view::{Body, DetailPage, Link, Section, Table, target_group_names};
use super::{Chrome, PageError, PageResult, render};
use crate::auth::Caller;
use crate::i18n::Lang;
use phakhi_exchange::table::Cell;

pub async fn list(lang: Lang, uri: OriginalUri, caller: Caller, Path(id): Path<String>, Query(d): Query<Download>) -> PageResult {
    if !caller.is_signed_in() {
        return Err(PageError::SignIn(lang, uri.0.path().to_owned()));
    }
    let store = caller.store();
    let err = |e| PageError::from_store(lang, e);
    let id = ActivityId(id.parse().map_err(|_| PageError::NotFound(lang))?);
    let people = store.list_participants(id).await.map_err(err)?;
    if let Some(format) = d.format(lang)? {
        return export(store, lang, format, people).await;
    }
    let a = store.get_activity(id).await.map_err(err)?;
    let title = lang.pick(&a.input.title_th, a.input.title_en.as_deref()).to_owned();
    let heading = lang.t_with("participants-title", &[("title", title.into())]);
    let c = Chrome::new(lang, &uri, "activities", heading.clone());
    let base = c.base();
    let groups = target_group_names(store, lang).await?;
    let label = |v: Option<&str>| v.map(str::to_owned).unwrap_or_else(|| lang.t("not-stated"));
    let row = |p: &Participant| {
        vec![
            (p.input.full_name.clone(), Some(format!("{base}/participants/{}/edit", p.id.0))),
            (label(p.input.age_band.map(|a| lang.label(a))), None),
            (label(p.input.gender.map(|g| lang.label(g))), None),
            (label(p.input.target_group.as_deref().map(|t| groups.get(t).map_or(t, String::as_str))), None),
            (p.input.consent.as_ref().map_or_else(|| lang.t("participants-no-consent"), |k| lang.date(k.given_on)), None),
            (lang.t("participants-copy"), Some(format!("/api/v1/participants/{}", p.id.0))),
            (lang.t("participants-erase"), Some(format!("{base}/participants/{}/erase", p.id.0))),
        ]
    };
    let table = Table {
        caption: lang.t_with("participants-count", &[("count", people.len().into())]),
        headers: [
            "field-full-name",
            "field-age-band",
            "field-gender",
            "field-target-group",
            "field-consent-given-on",
            "participants-copy-heading",
            "participants-erase-heading-short",
        ]
        .iter()
        .map(|k| lang.t(k))
        .collect(),
        rows: people.iter().map(row).collect(),
    };
    let mut actions = vec![
        Link { href: format!("{base}/activities/{}/participants/new", id.0), text: lang.t("participants-add") },
        Link { href: format!("{base}/activities/{}", id.0), text: lang.t("participants-back") },
    ];
    if !people.is_empty() {
        actions.extend(download::links(lang, uri.0.path(), &[]));
    }
    Ok(render(&DetailPage {
        kind: lang.t("kind-personal-data"),
        heading,
        subtitle: Some(lang.t("participants-intro")),
        actions,
        sections: vec![
            Section::new("people", lang.t("participants-section"), Body::Table(table)).or_empty(lang.t("participants-empty")),
            Section::new("rights", lang.t("participants-rights-heading"), Body::Text(lang.t("participants-rights"))),
        ],
        c,
    }))
}

/// The people of one activity as a file, for those the store let read them (the page's own check).
/// Personal data: what the page shows, no contact details; reads are not audited (decision 32).
async fn export(store: &dyn phakhi_store::Store, lang: Lang, format: Format, people: Vec<Participant>) -> PageResult {
    let mut headers = download::headers(
        lang,
        &["download-id", "field-full-name", "field-age-band", "field-gender", "field-target-group", "field-consent-given-on"],
    );
    headers.push(download::iso_header(lang, "field-consent-given-on"));
    let mut table = download::table(lang, "participants-section", headers);
    let groups = target_group_names(store, lang).await?;
    for p in people {
        let consent_on = p.input.consent.as_ref().map(|k| k.given_on);
        table.rows.push(vec![
            Cell::text(p.id.0.to_string()),
            Cell::text(p.input.full_name),
            Cell::optional(p.input.age_band.map(|a| lang.label(a))),
            Cell::optional(p.input.gender.map(|g| lang.label(g))),
            Cell::optional(p.input.target_group.map(|t| groups.get(&t).cloned().unwrap_or(t))),
            download::date(lang, consent_on),
            download::iso(consent_on),
        ]);
    }
    download::respond(lang, format, "participants", &table)
}
