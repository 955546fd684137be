//! The audit log as a page: who changed which record, when and from where, and which fields
//! changed. Admins see all of it, network coordinators the part about their network (the store
//! decides, `phakhi_domain::access::Principal::audit_reach`); everyone else is refused.

use axum::extract::{OriginalUri, Query};
use phakhi_store::accounts::{AuditEntry, AuditFilter};
use serde::Deserialize;
use serde_json::Value;

use super::download::{self, Download, Format};
use super::view::{Card, Filter, Link, ListPage, PageNumber, Pager, filter_query};
use super::{Chrome, PageError, PageResult, render};
use crate::auth::Caller;
use crate::i18n::Lang;
use phakhi_exchange::table::Cell;

/// The kinds of record the log holds, with the page each one lives on (below the language prefix).
const ENTITIES: [(&str, Option<&str>); 16] = [
    ("organization", Some("/partners")),
    ("network", Some("/networks")),
    ("agreement", Some("/agreements")),
    ("commitment", Some("/commitments")),
    ("programme", Some("/programmes")),
    ("activity", Some("/activities")),
    ("participant", None),
    ("alignment", None),
    ("framework", None),
    ("framework_item", Some("/framework-items")),
    ("target_group", None),
    ("user", None),
    ("plan", Some("/plans")),
    ("plan_item", None),
    ("indicator", None),
    ("indicator_value", None),
];

#[derive(Debug, Deserialize, Default)]
pub struct AuditQuery {
    entity: Option<String>,
    entity_id: Option<String>,
    #[serde(flatten)]
    page: PageNumber,
    #[serde(flatten)]
    download: Download,
}

pub async fn page(lang: Lang, uri: OriginalUri, caller: Caller, Query(q): Query<AuditQuery>) -> PageResult {
    if !caller.is_signed_in() {
        return Err(PageError::SignIn(lang, uri.0.path().to_owned()));
    }
    let set = |s: &Option<String>| s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
    let entity = set(&q.entity);
    if entity.as_deref().is_some_and(|e| !ENTITIES.iter().any(|(name, _)| *name == e) && e != "api_token") {
        return Err(PageError::BadRequest(lang, lang.t_with("error-filter", &[("field", "entity".into())])));
    }
    let entity_id = set(&q.entity_id)
        .map(|s| s.parse().map_err(|_| PageError::BadRequest(lang, lang.t_with("error-filter", &[("field", "entity_id".into())]))))
        .transpose()?;
    let filter = AuditFilter { entity: entity.clone(), entity_id, ..Default::default() };
    if let Some(format) = q.download.format(lang)? {
        return export(caller.store(), lang, format, &filter).await;
    }
    let found = caller.store().list_audit(&filter, &q.page.page()).await.map_err(|e| PageError::from_store(lang, e))?;

    let c = Chrome::new(lang, &uri, "", lang.t("audit-title"));
    let base = c.base();
    let entities = ENTITIES.iter().map(|(name, _)| ((*name).to_owned(), entity_label(lang, name))).collect();
    let filters = vec![Filter::select("entity", lang.t("audit-filter-entity"), entity, lang.t("filter-all"), entities)];
    let mut query = filter_query(&filters);
    if let Some(id) = entity_id {
        query.push(("entity_id", id.to_string()));
    }
    let pager = Pager::new(lang, &format!("{base}/audit"), &query, q.page.number(), found.total);
    let downloads = download::links(lang, &format!("{base}/audit"), &query);
    let actions = match (entity_id, found.items.first().and_then(|e| record_href(base, e))) {
        (Some(_), Some(href)) => vec![Link { href, text: lang.t("audit-open-record") }],
        _ => Vec::new(),
    };
    Ok(render(&ListPage {
        heading: lang.t("audit-title"),
        intro: lang.t("audit-intro"),
        cards: found.items.iter().map(|e| card(lang, base, e)).collect(),
        filters,
        pager,
        actions,
        downloads,
        c,
    }))
}

/// The entries the filters match, as a file; the caller's store leaves out what they may not read,
/// as it does for the page. The records' contents stay out: only which fields changed.
async fn export(store: &dyn phakhi_store::Store, lang: Lang, format: Format, filter: &AuditFilter) -> PageResult {
    let mut headers = download::headers(lang, &["download-at"]);
    headers.push(download::iso_header(lang, "download-at"));
    headers.extend(download::headers(
        lang,
        &["download-actor", "download-ip", "download-action", "audit-filter-entity", "download-id", "download-record", "download-changed"],
    ));
    let mut table = download::table(lang, "audit-title", headers);
    let mut batches = download::Batches::new(lang);
    while let Some(page) = batches.next_page() {
        let batch = batches.take(store.list_audit(filter, &page).await)?;
        for e in batch {
            let record = e.after.as_ref().or(e.before.as_ref());
            let changed = match (&e.before, &e.after) {
                (Some(before), Some(after)) => changed_fields(before, after).join(", "),
                _ => String::new(),
            };
            table.rows.push(vec![
                download::date_time(lang, e.at),
                Cell::text(e.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
                Cell::text(e.actor.clone()),
                Cell::optional(e.ip.clone()),
                Cell::text(action_label(lang, &e.action)),
                Cell::text(entity_label(lang, &e.entity)),
                Cell::text(e.entity_id.to_string()),
                Cell::optional(record.and_then(record_name)),
                Cell::text(changed),
            ]);
        }
    }
    download::respond(lang, format, "audit", &table)
}

fn action_label(lang: Lang, action: &str) -> String {
    match action {
        "create" => lang.t("audit-action-create"),
        "delete" => lang.t("audit-action-delete"),
        _ => lang.t("audit-action-update"),
    }
}

fn entity_label(lang: Lang, entity: &str) -> String {
    lang.t(&format!("audit-entity-{}", entity.replace('_', "-")))
}

/// One change: what happened to which record, then when, by whom, from where, and what changed.
/// The title leads to the record's whole history.
fn card(lang: Lang, base: &str, e: &AuditEntry) -> Card {
    let record = e.after.as_ref().or(e.before.as_ref());
    let name = record.and_then(record_name).unwrap_or_else(|| e.entity_id.to_string());
    let mut meta = vec![
        [lang.date_time(e.at), e.actor.clone(), e.ip.clone().unwrap_or_default()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" · "),
    ];
    if let (Some(before), Some(after)) = (&e.before, &e.after) {
        let fields = changed_fields(before, after);
        if !fields.is_empty() {
            meta.push(lang.t_with("audit-changed-fields", &[("fields", fields.join(", ").into())]));
        }
    }
    let class = match e.action.as_str() {
        "create" => "ok",
        "delete" => "bad",
        _ => "muted",
    };
    let badge = (action_label(lang, &e.action), class);
    Card {
        href: format!("{base}/audit?entity_id={}", e.entity_id),
        title: format!("{}: {name}", entity_label(lang, &e.entity)),
        meta,
        badge: Some(badge),
    }
}

/// The record's page, while it exists (the newest entry is not a deletion).
fn record_href(base: &str, newest: &AuditEntry) -> Option<String> {
    if newest.action == "delete" {
        return None;
    }
    let path = ENTITIES.iter().find(|(name, _)| *name == newest.entity)?.1?;
    Some(format!("{base}{path}/{}", newest.entity_id))
}

/// A human name for a record as the log stored it.
fn record_name(record: &Value) -> Option<String> {
    ["name_th", "title_th", "email", "code", "name"].iter().find_map(|k| record.get(*k).and_then(Value::as_str)).map(str::to_owned)
}

/// The top-level fields whose values differ, leaving out the bookkeeping every update moves.
fn changed_fields(before: &Value, after: &Value) -> Vec<String> {
    let (Some(b), Some(a)) = (before.as_object(), after.as_object()) else { return Vec::new() };
    let mut keys: Vec<&String> = b.keys().chain(a.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter().filter(|k| !matches!(k.as_str(), "version" | "updated_at") && b.get(*k) != a.get(*k)).cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_fields_that_really_changed_are_listed() {
        let before = json!({"name_th": "ก", "name_en": null, "version": 1, "updated_at": "x", "sector": "ngo"});
        let after = json!({"name_th": "ก", "name_en": "A", "version": 2, "updated_at": "y", "sector": "ngo", "website": "w"});
        assert_eq!(changed_fields(&before, &after), ["name_en", "website"]);
    }

    #[test]
    fn every_kind_of_record_has_a_label_in_both_languages() {
        for (entity, _) in ENTITIES.iter().chain([("api_token", None)].iter()) {
            for lang in [Lang::Th, Lang::En] {
                let label = entity_label(lang, entity);
                assert!(!label.starts_with("audit-entity"), "{entity} in {lang:?}: {label}");
            }
        }
    }
}
