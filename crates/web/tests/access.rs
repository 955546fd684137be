//! Who may change what, through the API and the forms, on SQLite and PostgreSQL: anonymous writes get
//! 401 on every write route of the OpenAPI document, an editor of one organisation cannot touch
//! another's records, every change is in the audit log, sign-in does not leak which emails exist and
//! locks after repeated failures, forms need their anti-forgery token, and security headers are set.

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use phakhi_domain::access::{Grant, Role, Scope};
use phakhi_domain::{OrganizationId, ProgrammeId};
use phakhi_store::accounts::{AuditFilter, NewUser};
use phakhi_store::{NetworkFilter, Page, ProgrammeFilter, Store};
use phakhi_web::auth::{password, secret};
use serde_json::{Value, json};
use tower::ServiceExt;

struct Site {
    router: Router,
    store: std::sync::Arc<dyn Store>,
    backend: &'static str,
    _db: phakhi_test_support::TestStore,
}

struct Reply {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: String,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or(Value::Null)
    }
}

impl Site {
    async fn all() -> Vec<Site> {
        let mut sites = Vec::new();
        for db in phakhi_test_support::stores().await {
            phakhi_demo::load(db.store.as_ref()).await.unwrap();
            sites.push(Site { router: phakhi_web::router(db.store.clone()), store: db.store.clone(), backend: db.backend, _db: db });
        }
        sites
    }

    async fn send(&self, method: Method, uri: &str, token: Option<&str>, body: Option<Value>) -> Reply {
        self.send_if(method, uri, token, "*", body).await
    }

    /// Sends with this `If-Match` on writes.
    async fn send_if(&self, method: Method, uri: &str, token: Option<&str>, if_match: &str, body: Option<Value>) -> Reply {
        let mut request = Request::builder().method(method.clone()).uri(uri);
        if let Some(t) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        if body.is_some() {
            request = request.header(header::CONTENT_TYPE, "application/json");
        }
        if method != Method::GET {
            request = request.header(header::IF_MATCH, if_match);
        }
        let request = request.body(body.map(|b| Body::from(b.to_string())).unwrap_or_else(Body::empty)).unwrap();
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
        Reply { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
    }

    async fn form(&self, uri: &str, cookie: Option<&str>, pairs: &[(&str, &str)]) -> Reply {
        let mut body = form_urlencoded::Serializer::new(String::new());
        for (k, v) in pairs {
            body.append_pair(k, v);
        }
        let mut request = Request::post(uri).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(c) = cookie {
            request = request.header(header::COOKIE, c);
        }
        let response = self.router.clone().oneshot(request.body(Body::from(body.finish())).unwrap()).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
        Reply { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
    }

    /// An account with one role and an API token for it.
    async fn person(&self, email: &str, role: Role, scope: Scope) -> String {
        let user = self
            .store
            .create_user(NewUser {
                email: email.into(),
                display_name: email.into(),
                password_hash: Some(password::hash("a long enough password").unwrap()),
                grants: vec![Grant { role, scope }],
            })
            .await
            .unwrap();
        let token = secret::new("pk_");
        self.store.create_api_token(user.id, "tests", &secret::hash(&token)).await.unwrap();
        token
    }

    /// Two programmes of the demo led by different organisations.
    /// Three gender-diverse participants in Khon Kaen (40), twelve in Chiang Mai (50), FY 2567: one
    /// count the public must not see, and one it may.
    async fn gender_diverse_in_khon_kaen_and_chiang_mai(&self, admin: &str) {
        let ((programme, _), _) = self.two_programmes().await;
        for (area, count) in [("40", 3), ("50", 12)] {
            let activity = json!({"programme_id": programme.0, "kind": "training", "title_th": "อบรม", "starts_at": "2024-03-15T02:00:00Z",
                "mode": "onsite", "area_code": area, "hours": 3,
                "participation": [{"gender": "gender_diverse", "age_band": "15-24", "count": count}]});
            let created = self.send(Method::POST, "/api/v1/activities", Some(admin), Some(activity)).await;
            assert_eq!(created.status, StatusCode::CREATED, "{}: {}", self.backend, created.body);
        }
    }

    async fn two_programmes(&self) -> ((ProgrammeId, OrganizationId), (ProgrammeId, OrganizationId)) {
        let all = self.store.list_programmes(&ProgrammeFilter::default(), &Page::default()).await.unwrap().items;
        let first = &all[0];
        let other = all.iter().find(|p| p.input.lead_organization_id != first.input.lead_organization_id).expect("two leads");
        ((first.id, first.input.lead_organization_id), (other.id, other.input.lead_organization_id))
    }
}

#[tokio::test]
async fn anonymous_writes_get_401_on_every_write_route_and_change_nothing() {
    let document = serde_json::to_value(phakhi_web::openapi()).unwrap();
    let nil = uuid::Uuid::nil().to_string();
    for site in Site::all().await {
        let before = site.store.export().await.unwrap();
        let mut checked = 0;
        for (path, item) in document["paths"].as_object().unwrap() {
            for method in ["post", "put", "delete", "patch"] {
                if item.get(method).is_none() {
                    continue;
                }
                let uri = path.replace("{id}", &nil).replace("{code}", "sdg").replace("{item}", &nil);
                let reply = site.send(method.to_uppercase().parse().unwrap(), &uri, None, Some(json!({}))).await;
                assert!(reply.status == StatusCode::UNAUTHORIZED, "{}: {method} {uri} answered {}", site.backend, reply.status);
                checked += 1;
            }
        }
        assert!(checked >= 15, "{}: only {checked} write routes found", site.backend);
        // A well-formed anonymous write is refused with 401 and writes nothing.
        let org = site
            .send(Method::POST, "/api/v1/organizations", None, Some(json!({"name_th": "ทดสอบ", "sector": "academic", "status": "active"})))
            .await;
        assert_eq!(org.status, StatusCode::UNAUTHORIZED, "{}", site.backend);
        assert_eq!(org.headers[header::CONTENT_TYPE], "application/problem+json");
        let after = site.store.export().await.unwrap();
        assert_eq!(before.organizations.len(), after.organizations.len(), "{}", site.backend);
        let bad_token = site.send(Method::GET, "/api/v1/organizations", Some("pk_not-a-token"), None).await;
        assert_eq!(bad_token.status, StatusCode::UNAUTHORIZED, "{}: an unknown token is refused, not ignored", site.backend);
    }
}

#[tokio::test]
async fn an_editor_changes_only_their_own_organisations_records() {
    for site in Site::all().await {
        let b = site.backend;
        let ((own, own_org), (other, _)) = site.two_programmes().await;
        let editor = site.person("editor@example.org", Role::Editor, Scope::Organization(own_org)).await;
        let other_before = site.store.get_programme(other).await.unwrap();
        let mut input = serde_json::to_value(&other_before.input).unwrap();
        input["title_th"] = json!("เปลี่ยนชื่อโดยผู้ไม่มีสิทธิ์");
        let refused = site.send(Method::PUT, &format!("/api/v1/programmes/{}", other.0), Some(&editor), Some(input)).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{b}: {}", refused.body);
        assert_eq!(site.store.get_programme(other).await.unwrap(), other_before, "{b}: unchanged");

        let mine = site.store.get_programme(own).await.unwrap();
        let mut input = serde_json::to_value(&mine.input).unwrap();
        input["title_th"] = json!("ชื่อใหม่ของโครงการเรา");
        let allowed = site.send(Method::PUT, &format!("/api/v1/programmes/{}", own.0), Some(&editor), Some(input.clone())).await;
        assert_eq!(allowed.status, StatusCode::OK, "{b}: {}", allowed.body);
        // Nor may the editor hand their programme to another organisation.
        input["lead_organization_id"] = json!(other_before.input.lead_organization_id.0);
        let moved = site.send(Method::PUT, &format!("/api/v1/programmes/{}", own.0), Some(&editor), Some(input)).await;
        assert_eq!(moved.status, StatusCode::FORBIDDEN, "{b}");

        let viewer = site.person("viewer@example.org", Role::Viewer, Scope::Organization(own_org)).await;
        let read_only = site.send(Method::DELETE, &format!("/api/v1/programmes/{}", own.0), Some(&viewer), None).await;
        assert_eq!(read_only.status, StatusCode::FORBIDDEN, "{b}: a viewer writes nothing");
    }
}

#[tokio::test]
async fn a_coordinator_manages_the_network_and_its_members_records_only() {
    for site in Site::all().await {
        let b = site.backend;
        let networks = site.store.list_networks(&NetworkFilter::default(), &Page::default()).await.unwrap().items;
        let network = networks.iter().find(|n| !n.input.members.is_empty()).unwrap();
        let coordinator = site.person("coordinator@example.org", Role::Coordinator, Scope::Network(network.id)).await;
        let mut input = serde_json::to_value(&network.input).unwrap();
        input["name_en"] = json!("Renamed by its coordinator");
        let own = site.send(Method::PUT, &format!("/api/v1/networks/{}", network.id.0), Some(&coordinator), Some(input)).await;
        assert_eq!(own.status, StatusCode::OK, "{b}: {}", own.body);
        let other = networks.iter().find(|n| n.id != network.id).unwrap();
        let mut input = serde_json::to_value(&other.input).unwrap();
        input["name_en"] = json!("Renamed by a stranger");
        let refused = site.send(Method::PUT, &format!("/api/v1/networks/{}", other.id.0), Some(&coordinator), Some(input)).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{b}");
        let new_network = site.send(Method::POST, "/api/v1/networks", Some(&coordinator), Some(json!({"name_th": "เครือข่ายใหม่"}))).await;
        assert_eq!(new_network.status, StatusCode::FORBIDDEN, "{b}: only admins create networks");
    }
}

#[tokio::test]
async fn every_change_is_in_the_audit_log_with_who_from_where_and_before_after() {
    for site in Site::all().await {
        let b = site.backend;
        let admin = site.person("admin@example.org", Role::Admin, Scope::Platform).await;
        let created = site
            .send(
                Method::POST,
                "/api/v1/organizations",
                Some(&admin),
                Some(json!({"name_th": "ชมรมทดสอบ", "sector": "community_group", "status": "active"})),
            )
            .await;
        assert_eq!(created.status, StatusCode::CREATED, "{b}: {}", created.body);
        let id = created.json()["id"].as_str().unwrap().to_owned();
        let mut input = created.json();
        for k in ["id", "version", "created_at", "updated_at"] {
            input.as_object_mut().unwrap().remove(k);
        }
        input["name_en"] = json!("Test club");
        assert_eq!(site.send(Method::PUT, &format!("/api/v1/organizations/{id}"), Some(&admin), Some(input)).await.status, StatusCode::OK);
        assert_eq!(
            site.send(Method::DELETE, &format!("/api/v1/organizations/{id}"), Some(&admin), None).await.status,
            StatusCode::NO_CONTENT
        );

        let log = site
            .store
            .list_audit(&AuditFilter { entity_id: Some(id.parse().unwrap()), ..Default::default() }, &Page::default())
            .await
            .unwrap();
        let actions: Vec<&str> = log.items.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(actions, ["delete", "update", "create"], "{b}: newest first");
        assert!(log.items.iter().all(|e| e.actor == "admin@example.org" && e.actor_user_id.is_some()), "{b}: who");
        let update = &log.items[1];
        assert_eq!(update.before.as_ref().unwrap()["name_en"], Value::Null, "{b}");
        assert_eq!(update.after.as_ref().unwrap()["name_en"], "Test club", "{b}");
        assert!(log.items[0].after.is_none() && log.items[2].before.is_none(), "{b}");
        // Admins read it over the API; nobody else does.
        let over_api = site.send(Method::GET, &format!("/api/v1/audit?entity_id={id}"), Some(&admin), None).await;
        assert_eq!(over_api.json()["total"], 3, "{b}: {}", over_api.body);
        assert_eq!(site.send(Method::GET, "/api/v1/audit", None, None).await.status, StatusCode::UNAUTHORIZED, "{b}");
        let editor = site.person("editor@example.org", Role::Editor, Scope::Organization(site.two_programmes().await.0.1)).await;
        assert_eq!(site.send(Method::GET, "/api/v1/audit", Some(&editor), None).await.status, StatusCode::FORBIDDEN, "{b}");
        // Accounts and tokens are changes too; no secret ever reaches the log.
        let accounts = site.send(Method::GET, "/api/v1/audit?entity=user", Some(&admin), None).await;
        assert!(accounts.body.contains("editor@example.org") && accounts.body.contains("\"role\":\"editor\""), "{b}: {}", accounts.body);
        let tokens = site.send(Method::GET, "/api/v1/audit?entity=api_token", Some(&admin), None).await;
        assert_eq!(tokens.json()["total"], 2, "{b}: {}", tokens.body);
        assert!(!format!("{}{}", accounts.body, tokens.body).contains("argon2"), "{b}: no password hashes");
    }
}

#[tokio::test]
async fn coordinators_read_the_audit_log_of_their_own_network_only_even_after_a_deletion() {
    for site in Site::all().await {
        let b = site.backend;
        let admin = site.person("admin@example.org", Role::Admin, Scope::Platform).await;
        // A programme led by a member of one network, and a network it is not a member of.
        let networks = site.store.list_networks(&NetworkFilter::default(), &Page::default()).await.unwrap().items;
        let programmes = site.store.list_programmes(&ProgrammeFilter::default(), &Page::default()).await.unwrap().items;
        let (network, programme) = networks
            .iter()
            .find_map(|n| {
                let members: Vec<_> = n.input.members.iter().map(|m| m.organization_id).collect();
                programmes.iter().find(|p| members.contains(&p.input.lead_organization_id)).map(|p| (n, p))
            })
            .expect("a network member leads a programme");
        let lead = programme.input.lead_organization_id;
        let elsewhere = networks.iter().find(|n| n.input.members.iter().all(|m| m.organization_id != lead)).expect("another network");
        let own = site.person("own@example.org", Role::Coordinator, Scope::Network(network.id)).await;
        let other = site.person("other@example.org", Role::Coordinator, Scope::Network(elsewhere.id)).await;

        let mut input = serde_json::to_value(&programme.input).unwrap();
        input["title_en"] = json!("Renamed by the admin");
        let path = format!("/api/v1/programmes/{}", programme.id.0);
        assert_eq!(site.send(Method::PUT, &path, Some(&admin), Some(input)).await.status, StatusCode::OK, "{b}");
        let scratch = site
            .send(
                Method::POST,
                "/api/v1/programmes",
                Some(&admin),
                Some(json!({"title_th": "โครงการชั่วคราว", "fiscal_year": 2568, "lead_organization_id": lead.0, "status": "planned"})),
            )
            .await;
        assert_eq!(scratch.status, StatusCode::CREATED, "{b}: {}", scratch.body);
        let scratch = scratch.json()["id"].as_str().unwrap().to_owned();
        let gone = site.send(Method::DELETE, &format!("/api/v1/programmes/{scratch}"), Some(&admin), None).await;
        assert_eq!(gone.status, StatusCode::NO_CONTENT, "{b}");

        let entries_for = |reply: &Reply| -> Vec<(String, String)> {
            reply.json()["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| (e["action"].as_str().unwrap().to_owned(), e["entity_id"].as_str().unwrap().to_owned()))
                .collect()
        };
        let seen = site.send(Method::GET, "/api/v1/audit?entity=programme&limit=100", Some(&own), None).await;
        assert_eq!(seen.status, StatusCode::OK, "{b}: {}", seen.body);
        let seen = entries_for(&seen);
        let programme_id = programme.id.0.to_string();
        assert!(seen.contains(&("update".into(), programme_id.clone())), "{b}: the member's programme: {seen:?}");
        assert!(seen.contains(&("delete".into(), scratch.clone())), "{b}: a deleted record stays in the coordinator's log");
        let unseen = entries_for(&site.send(Method::GET, "/api/v1/audit?entity=programme&limit=100", Some(&other), None).await);
        assert!(unseen.iter().all(|(_, id)| *id != programme_id && *id != scratch), "{b}: another network's coordinator: {unseen:?}");
        // Asking for another network's log by name returns nothing of it either.
        let asked = site.send(Method::GET, &format!("/api/v1/audit?network_id={}", network.id.0), Some(&other), None).await;
        assert_eq!(asked.json()["total"], 0, "{b}: {}", asked.body);
        let viewer = site.person("viewer@example.org", Role::Viewer, Scope::Network(network.id)).await;
        assert_eq!(site.send(Method::GET, "/api/v1/audit", Some(&viewer), None).await.status, StatusCode::FORBIDDEN, "{b}");
    }
}

#[tokio::test]
async fn sign_in_does_not_tell_which_emails_exist_and_locks_after_repeated_failures() {
    for site in Site::all().await {
        let b = site.backend;
        site.person("somchai@example.org", Role::Viewer, Scope::Organization(site.two_programmes().await.0.1)).await;
        let wrong_password = site.form("/th/sign-in", None, &[("email", "somchai@example.org"), ("password", "wrong password!")]).await;
        let unknown_email = site.form("/th/sign-in", None, &[("email", "nobody@example.org"), ("password", "wrong password!")]).await;
        assert_eq!(wrong_password.status, StatusCode::UNAUTHORIZED, "{b}");
        assert_eq!(unknown_email.status, wrong_password.status, "{b}");
        let message = |r: &Reply| r.body.split("role=\"alert\"").nth(1).map(|m| m.split("</div>").next().unwrap_or_default().to_owned());
        assert_eq!(message(&wrong_password), message(&unknown_email), "{b}: the same words for both");

        let good = site.form("/th/sign-in", None, &[("email", "SOMCHAI@example.org"), ("password", "a long enough password")]).await;
        assert_eq!(good.status, StatusCode::SEE_OTHER, "{b}: emails compare without case");
        let cookie = good.headers[header::SET_COOKIE].to_str().unwrap();
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{b}: {cookie}");

        for _ in 0..5 {
            site.form("/th/sign-in", None, &[("email", "somchai@example.org"), ("password", "still wrong!!")]).await;
        }
        let locked = site.form("/th/sign-in", None, &[("email", "somchai@example.org"), ("password", "a long enough password")]).await;
        assert_eq!(locked.status, StatusCode::UNAUTHORIZED, "{b}: locked even with the right password");
        let mut limited = StatusCode::OK;
        for _ in 0..5 {
            limited = site.form("/th/sign-in", None, &[("email", "somchai@example.org"), ("password", "x")]).await.status;
        }
        assert_eq!(limited, StatusCode::TOO_MANY_REQUESTS, "{b}: ten attempts a quarter-hour per account");
    }
}

#[tokio::test]
async fn forms_need_their_token_and_pages_carry_the_security_headers() {
    for site in Site::all().await {
        let b = site.backend;
        let org = site.two_programmes().await.0.1;
        site.person("editor@example.org", Role::Editor, Scope::Organization(org)).await;
        let signed_in = site.form("/th/sign-in", None, &[("email", "editor@example.org"), ("password", "a long enough password")]).await;
        let cookie = signed_in.headers[header::SET_COOKIE].to_str().unwrap().split(';').next().unwrap().to_owned();
        let before = site.store.get_organization(org).await.unwrap();
        let forged = site
            .form(
                &format!("/th/partners/{}/edit", org.0),
                Some(&cookie),
                &[("name_th", "ชื่อปลอม"), ("sector", "academic"), ("status", "active")],
            )
            .await;
        assert_eq!(forged.status, StatusCode::FORBIDDEN, "{b}: no token, no write");
        assert!(forged.body.contains("value=\"ชื่อปลอม\""), "{b}: what was typed is shown again");
        assert_eq!(site.store.get_organization(org).await.unwrap(), before, "{b}");

        let anonymous_form = site.send(Method::GET, "/th/programmes/new", None, None).await;
        assert_eq!(anonymous_form.status, StatusCode::SEE_OTHER, "{b}: sign in first");
        let location = anonymous_form.headers[header::LOCATION].to_str().unwrap();
        assert!(location.starts_with("/th/account?next="), "{b}: {location}");

        for uri in ["/th/", "/api/v1/organizations"] {
            let reply = site.send(Method::GET, uri, None, None).await;
            let csp = reply.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
            assert!(csp.contains("default-src 'none'") && !csp.contains("unsafe-inline"), "{b} {uri}: {csp}");
            assert_eq!(reply.headers[header::X_FRAME_OPTIONS], "DENY", "{b} {uri}");
            assert_eq!(reply.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff", "{b} {uri}");
            assert!(reply.headers.contains_key(header::REFERRER_POLICY), "{b} {uri}");
        }
    }
}

/// Every count an anonymous reader gets in a participation summary: numbers and "<5".
fn public_counts(summary: &Value) -> Vec<Value> {
    let mut counts = vec![summary["total"].clone()];
    for dimension in ["by_gender", "by_age_band", "by_target_group", "by_nationality"] {
        counts.extend(summary[dimension].as_object().into_iter().flat_map(|m| m.values().cloned()));
    }
    counts
}

#[tokio::test]
async fn no_public_endpoint_reveals_a_count_from_1_to_4_while_the_organiser_sees_them_all() {
    for site in Site::all().await {
        let b = site.backend;
        let ((programme, lead), _) = site.two_programmes().await;
        let admin = site.person("admin@example.org", Role::Admin, Scope::Platform).await;
        let editor = site.person("editor@example.org", Role::Editor, Scope::Organization(lead)).await;
        // Counts chosen to exercise single small cells, pairs, a small total and zeros.
        let cases: [&[(&str, u32)]; 4] = [
            &[("female", 12), ("male", 20), ("gender_diverse", 3)],
            &[("female", 2), ("gender_diverse", 1)],
            &[("female", 40), ("male", 4), ("gender_diverse", 4), ("not_stated", 9)],
            &[("gender_diverse", 5), ("male", 1)],
        ];
        for (n, cells) in cases.iter().enumerate() {
            let participation: Vec<Value> = cells.iter().map(|(g, c)| json!({"gender": g, "age_band": "15-24", "count": c})).collect();
            let body = json!({
                "programme_id": programme.0, "kind": "training", "title_th": format!("อบรม {n}"),
                "starts_at": "2024-03-15T02:00:00Z", "mode": "onsite", "lead_organization_id": lead.0, "participation": participation,
            });
            let created = site.send(Method::POST, "/api/v1/activities", Some(&admin), Some(body)).await;
            assert_eq!(created.status, StatusCode::CREATED, "{b}: {}", created.body);
            let id = created.json()["id"].as_str().unwrap().to_owned();

            let public = site.send(Method::GET, &format!("/api/v1/activities/{id}"), None, None).await.json();
            assert_eq!(public["participation"], json!([]), "{b}: no cells for the public");
            for count in public_counts(&public["participation_summary"]) {
                let n = count.as_u64();
                assert!(n.is_none_or(|n| n == 0 || n >= 5), "{b} case {n:?}: the public API shows {count}");
                assert!(n.is_some() || count == "<5", "{b}: {count}");
            }
            let listed =
                site.send(Method::GET, &format!("/api/v1/activities?programme={}&limit=500", programme.0), None, None).await.json();
            for item in listed["items"].as_array().unwrap() {
                assert_eq!(item["participation"], json!([]), "{b}");
                for count in public_counts(&item["participation_summary"]) {
                    assert!(count.as_u64().is_none_or(|n| n == 0 || n >= 5), "{b}: the list shows {count}");
                }
            }
            let page = site.send(Method::GET, &format!("/en/activities/{id}"), None, None).await.body;
            let start = page.find("id=\"participation-gender\"").map_or(0, |i| i);
            let table = &page[start..start + page[start..].find("</figure>").unwrap_or(0)];
            for small in 1..5 {
                assert!(!table.contains(&format!("<td>{small}</td>")), "{b}: the page shows {small}");
            }

            // The organising organisation's editor sees every cell as recorded.
            let private = site.send(Method::GET, &format!("/api/v1/activities/{id}"), Some(&editor), None).await.json();
            assert_eq!(private["participation"].as_array().unwrap().len(), cells.len(), "{b}");
            assert_eq!(private["participation_summary"]["complete"], true, "{b}");
        }
    }
}

#[tokio::test]
async fn participants_are_personal_data_kept_by_the_organiser_erasable_and_never_in_the_audit_log() {
    for site in Site::all().await {
        let b = site.backend;
        let ((programme, lead), _) = site.two_programmes().await;
        let editor = site.person("editor@example.org", Role::Editor, Scope::Organization(lead)).await;
        let created = site
            .send(
                Method::POST,
                "/api/v1/activities",
                Some(&editor),
                Some(json!({"programme_id": programme.0, "kind": "training", "title_th": "อบรม", "starts_at": "2024-03-15T02:00:00Z", "mode": "onsite"})),
            )
            .await;
        let activity = created.json()["id"].as_str().unwrap().to_owned();
        let path = format!("/api/v1/activities/{activity}/participants");
        let without_consent = json!({"full_name": "นภา ศรีสุข", "gender": "gender_diverse", "age_band": "15-24"});
        let refused = site.send(Method::POST, &path, Some(&editor), Some(without_consent.clone())).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{b}: gender identity needs consent");
        assert!(refused.body.contains("/consent"), "{b}");
        let mut with_consent = without_consent;
        with_consent["consent"] = json!({"purpose": "รายงานตัวชี้วัดความเท่าเทียมทางเพศ", "given_on": "2024-03-15"});
        let person = site.send(Method::POST, &path, Some(&editor), Some(with_consent)).await;
        assert_eq!(person.status, StatusCode::CREATED, "{b}: {}", person.body);
        let id = person.json()["id"].as_str().unwrap().to_owned();
        assert_eq!(person.headers[header::ETAG], "\"1\"", "{b}");
        // A blank disability is no declared disability: no consent needed, nothing stored (the
        // fuzzer found this answered 500 once).
        let blank = site.send(Method::POST, &path, Some(&editor), Some(json!({"full_name": "ก", "disability": " ", "contact": ""}))).await;
        assert_eq!(blank.status, StatusCode::CREATED, "{b}: {}", blank.body);
        assert_eq!((blank.json()["disability"].clone(), blank.json()["contact"].clone()), (Value::Null, Value::Null), "{b}");
        let blank_id = blank.json()["id"].as_str().unwrap().to_owned();
        assert_eq!(
            site.send(Method::DELETE, &format!("/api/v1/participants/{blank_id}"), Some(&editor), None).await.status,
            StatusCode::NO_CONTENT
        );

        // A correction must name the version it read: a stale one is refused and changes nothing.
        let mut corrected = person.json();
        for k in ["id", "activity_id", "version", "created_at", "updated_at"] {
            corrected.as_object_mut().unwrap().remove(k);
        }
        corrected["age_band"] = json!("25-59");
        let one = format!("/api/v1/participants/{id}");
        let stale = site.send_if(Method::PUT, &one, Some(&editor), "\"7\"", Some(corrected.clone())).await;
        assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED, "{b}: {}", stale.body);
        let fresh = site.send_if(Method::PUT, &one, Some(&editor), "\"1\"", Some(corrected)).await;
        assert_eq!((fresh.status, fresh.json()["age_band"].as_str()), (StatusCode::OK, Some("25-59")), "{b}: {}", fresh.body);
        assert_eq!(fresh.headers[header::ETAG], "\"2\"", "{b}");
        assert_eq!(fresh.json()["created_at"], person.json()["created_at"], "{b}: a correction keeps when the record was made");

        // The organiser's editor sees the person and the count; the public sees neither the person nor the 1.
        assert_eq!(site.send(Method::GET, &path, Some(&editor), None).await.json().as_array().unwrap().len(), 1, "{b}");
        assert_eq!(site.send(Method::GET, &path, None, None).await.status, StatusCode::UNAUTHORIZED, "{b}");
        let coordinator_of_other =
            site.person("stranger@example.org", Role::Editor, Scope::Organization(site.two_programmes().await.1.1)).await;
        assert_eq!(
            site.send(Method::GET, &format!("/api/v1/participants/{id}"), Some(&coordinator_of_other), None).await.status,
            StatusCode::FORBIDDEN
        );
        let counted = site.send(Method::GET, &format!("/api/v1/activities/{activity}"), Some(&editor), None).await.json();
        assert_eq!(counted["participation_summary"]["by_gender"]["gender_diverse"], 1, "{b}: the person counts");
        let public = site.send(Method::GET, &format!("/api/v1/activities/{activity}"), None, None).await.json();
        assert_eq!(public["participation_summary"]["by_gender"]["gender_diverse"], "<5", "{b}");

        // Erasure: the person goes, the count stays, and the audit log never held their data.
        assert_eq!(
            site.send(Method::DELETE, &format!("/api/v1/participants/{id}"), Some(&editor), None).await.status,
            StatusCode::NO_CONTENT
        );
        assert_eq!(site.send(Method::GET, &format!("/api/v1/participants/{id}"), Some(&editor), None).await.status, StatusCode::NOT_FOUND);
        let after = site.send(Method::GET, &format!("/api/v1/activities/{activity}"), Some(&editor), None).await.json();
        assert_eq!(after["participation_summary"]["total"], 2, "{b}: the aggregate keeps both erased people");
        let log = site
            .store
            .list_audit(&AuditFilter { entity: Some("participant".into()), ..Default::default() }, &Page::default())
            .await
            .unwrap();
        assert_eq!(log.total, 5, "{b}: recorded, corrected and erased, and the blank one recorded and erased");
        let everything = serde_json::to_string(&log.items).unwrap();
        assert!(!everything.contains("นภา") && !everything.contains("gender_diverse"), "{b}: no personal data in the log");
    }
}

#[tokio::test]
async fn indicator_formulas_are_evaluated_with_errors_at_their_position_and_small_counts_hidden_from_the_public() {
    for site in Site::all().await {
        let b = site.backend;
        let admin = site.person("admin@example.org", Role::Admin, Scope::Platform).await;
        let activities = site.store.list_activities(&Default::default(), &Page::default()).await.unwrap().total;
        let all = site.send(Method::GET, "/api/v1/indicators/evaluate?formula=count(activities)", None, None).await;
        assert_eq!((all.status, all.json()["value"].as_f64()), (StatusCode::OK, Some(activities as f64)), "{b}: {}", all.body);

        let wrong = site.send(Method::GET, "/api/v1/indicators/evaluate?formula=count(activites)", None, None).await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
        assert_eq!(wrong.json()["errors"][0]["field"], "formula", "{b}");
        assert!(wrong.body.contains("character 7") && wrong.body.contains("ตำแหน่งที่ 7"), "{b}: {}", wrong.body);

        // Three gender-diverse participants in FY 2567 in Khon Kaen: the public gets no number.
        let ((programme, _), _) = site.two_programmes().await;
        let created = site
            .send(
                Method::POST,
                "/api/v1/activities",
                Some(&admin),
                Some(json!({"programme_id": programme.0, "kind": "training", "title_th": "อบรม", "starts_at": "2024-03-15T02:00:00Z",
                    "mode": "onsite", "area_code": "40", "hours": 3,
                    "participation": [{"gender": "gender_diverse", "age_band": "15-24", "count": 3}, {"gender": "female", "age_band": "15-24", "count": 20}]})),
            )
            .await;
        assert_eq!(created.status, StatusCode::CREATED, "{b}: {}", created.body);
        let small = "/api/v1/indicators/evaluate?formula=sum(participants,%20gender%20=%20gender_diverse)&fiscal_year=2567&area=40";
        let public = site.send(Method::GET, small, None, None).await.json();
        assert_eq!((public["value"].clone(), public["suppressed"].clone()), (Value::Null, Value::Bool(true)), "{b}: {public}");
        let exact = site.send(Method::GET, small, Some(&admin), None).await.json();
        assert_eq!((exact["value"].as_f64(), exact["suppressed"].as_bool()), (Some(3.0), Some(false)), "{b}: {exact}");
        let large = "/api/v1/indicators/evaluate?formula=sum(participants,%20gender%20=%20female)&fiscal_year=2567&area=40";
        assert_eq!(site.send(Method::GET, large, None, None).await.json()["value"].as_f64(), Some(20.0), "{b}");
    }
}

#[tokio::test]
async fn a_roll_up_by_area_hides_a_small_count_and_the_figure_beside_it_from_the_public() {
    for site in Site::all().await {
        let b = site.backend;
        let admin = site.person("admin@example.org", Role::Admin, Scope::Platform).await;
        site.gender_diverse_in_khon_kaen_and_chiang_mai(&admin).await;
        let url = "/api/v1/indicators/evaluate-by-area?formula=sum(participants,%20gender%20=%20gender_diverse)&fiscal_year=2567";
        let exact = site.send(Method::GET, url, Some(&admin), None).await.json();
        let part = |body: &Value, code: &str| body["parts"].as_array().unwrap().iter().find(|p| p["code"] == code).cloned().unwrap();
        assert_eq!(exact["parts"].as_array().unwrap().len(), 77, "{b}: every province");
        assert_eq!(exact["regions"].as_array().unwrap().len(), 6, "{b}: the six regions");
        assert_eq!((part(&exact, "40")["value"].as_f64(), part(&exact, "40")["name_en"].as_str()), (Some(3.0), Some("Khon Kaen")), "{b}");
        let sum: f64 = exact["parts"].as_array().unwrap().iter().filter_map(|p| p["value"].as_f64()).sum::<f64>()
            + exact["unplaced"]["value"].as_f64().unwrap_or(0.0);
        assert_eq!(Some(sum), exact["whole"]["value"].as_f64(), "{b}: the provinces add up to the country: {exact}");

        let public = site.send(Method::GET, url, None, None).await.json();
        assert_eq!(
            (part(&public, "40")["value"].clone(), part(&public, "40")["suppressed"].clone()),
            (Value::Null, Value::Bool(true)),
            "{b}"
        );
        let hidden = public["parts"].as_array().unwrap().iter().filter(|p| p["suppressed"] == true).count()
            + usize::from(public["unplaced"]["suppressed"] == true);
        assert!(public["whole"]["suppressed"] == true || hidden >= 2, "{b}: the lone small figure takes another with it: {public}");
        assert!(!public.to_string().contains("\"value\":3.0"), "{b}: the 3 appears nowhere: {public}");

        let nothing_below = site.send(Method::GET, &format!("{url}&area=400101"), None, None).await.json();
        assert_eq!(nothing_below["parts"].as_array().map(Vec::len), Some(0), "{b}: {nothing_below}");
        let wrong = site.send(Method::GET, "/api/v1/indicators/evaluate-by-area?formula=count(", None, None).await;
        assert_eq!((wrong.status, wrong.json()["errors"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("formula")), "{b}");
    }
}

/// `/api/v1/indicators/computed` recomputes a year's computed indicators together; the public still
/// gets no value resting on a count from 1 to 4, and the admin every value exact.
#[tokio::test]
async fn a_year_s_recompute_hides_small_counts_from_the_public() {
    for site in Site::all().await {
        let b = site.backend;
        let admin = site.person("admin@example.org", Role::Admin, Scope::Platform).await;
        site.gender_diverse_in_khon_kaen_and_chiang_mai(&admin).await;
        // Both provinces' plans share the formula: one roll-up answers them.
        let network = site.store.list_networks(&NetworkFilter::default(), &Page::default()).await.unwrap().items[0].id;
        let mut indicators = Vec::new();
        for area in ["40", "50"] {
            let plan = json!({"code": format!("t-{area}"), "title_th": "แผนทดสอบ", "network_id": network.0, "area_code": area,
                "start_year": 2566, "end_year": 2570, "status": "active"});
            let plan = site.send(Method::POST, "/api/v1/plans", Some(&admin), Some(plan)).await;
            assert_eq!(plan.status, StatusCode::CREATED, "{b}: {}", plan.body);
            let indicator = json!({"plan_id": plan.json()["id"], "code": "1", "name_th": "ผู้เข้าร่วมที่มีความหลากหลายทางเพศ", "unit_th": "คน",
                "direction": "higher_is_better", "source": {"kind": "computed", "formula": "sum(participants, gender = gender_diverse)"}});
            let indicator = site.send(Method::POST, "/api/v1/indicators", Some(&admin), Some(indicator)).await;
            assert_eq!(indicator.status, StatusCode::CREATED, "{b}: {}", indicator.body);
            indicators.push((area, indicator.json()["id"].clone()));
        }
        let url = "/api/v1/indicators/computed?fiscal_year=2567";
        let value_of =
            |body: &Value, id: &Value| body["values"].as_array().unwrap().iter().find(|v| &v["indicator_id"] == id).cloned().unwrap();
        let exact = site.send(Method::GET, url, Some(&admin), None).await.json();
        let public = site.send(Method::GET, url, None, None).await.json();
        for (area, id) in &indicators {
            let (exact, public) = (value_of(&exact, id), value_of(&public, id));
            assert_eq!(exact["area"].as_str(), Some(*area), "{b}");
            let people = if *area == "40" { 3.0 } else { 12.0 };
            assert_eq!((exact["value"].as_f64(), exact["suppressed"].as_bool()), (Some(people), Some(false)), "{b}: {exact}");
            let hidden = *area == "40";
            assert_eq!(public["suppressed"].as_bool(), Some(hidden), "{b}: {public}");
            assert_eq!(public["value"].as_f64(), (!hidden).then_some(people), "{b}: {public}");
        }
        let wrong = site.send(Method::GET, "/api/v1/indicators/computed?fiscal_year=67", None, None).await;
        assert_eq!((wrong.status, wrong.json()["errors"][0]["field"].as_str()), (StatusCode::BAD_REQUEST, Some("fiscal_year")), "{b}");
    }
}
