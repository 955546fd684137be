//! The HTTP API, end to end through the router, on SQLite and PostgreSQL.

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::{Value, json};
use tower::ServiceExt;

struct Api {
    router: Router,
    backend: &'static str,
    /// An admin's API token, sent with every request unless a test says otherwise.
    token: String,
    _db: phakhi_test_support::TestStore,
}

struct Reply {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: Value,
}

impl Api {
    async fn all() -> Vec<Api> {
        let mut all = Vec::new();
        for db in phakhi_test_support::stores().await {
            let token = admin_token(db.store.as_ref()).await;
            all.push(Api { router: phakhi_web::router(db.store.clone()), backend: db.backend, token, _db: db });
        }
        all
    }

    async fn send(&self, method: Method, uri: &str, body: Option<Vec<u8>>, headers: &[(&str, &str)]) -> Reply {
        let mut request = Request::builder().method(method).uri(uri);
        if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("authorization") || k.eq_ignore_ascii_case("x-anonymous")) {
            request = request.header(header::AUTHORIZATION, format!("Bearer {}", self.token));
        }
        for (k, v) in headers {
            request = request.header(*k, *v);
        }
        let request = request.body(body.map(Body::from).unwrap_or_else(Body::empty)).unwrap();
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Reply { status, headers, body }
    }

    async fn get(&self, uri: &str) -> Reply {
        self.send(Method::GET, uri, None, &[]).await
    }

    async fn post(&self, uri: &str, body: Value) -> Reply {
        self.send(Method::POST, uri, Some(body.to_string().into_bytes()), &[("content-type", "application/json")]).await
    }

    async fn put(&self, uri: &str, body: Value, if_match: Option<&str>) -> Reply {
        let mut headers = vec![("content-type", "application/json")];
        if let Some(tag) = if_match {
            headers.push(("if-match", tag));
        }
        self.send(Method::PUT, uri, Some(body.to_string().into_bytes()), &headers).await
    }

    async fn total(&self, uri: &str) -> u64 {
        self.get(uri).await.body["total"].as_u64().unwrap()
    }
}

/// An admin account and an API token for it, made directly in the store (as `phakhi user add` and
/// `phakhi token create` do).
async fn admin_token(store: &dyn phakhi_store::Store) -> String {
    use phakhi_domain::access::{Grant, Role, Scope};
    let user = store
        .create_user(phakhi_store::accounts::NewUser {
            email: "admin@example.org".into(),
            display_name: "Admin".into(),
            password_hash: None,
            grants: vec![Grant { role: Role::Admin, scope: Scope::Platform }],
        })
        .await
        .unwrap();
    let token = phakhi_web::auth::secret::new("pk_");
    store.create_api_token(user.id, "tests", &phakhi_web::auth::secret::hash(&token)).await.unwrap();
    token
}

impl Reply {
    fn etag(&self) -> &str {
        self.headers.get(header::ETAG).and_then(|v| v.to_str().ok()).unwrap_or_default()
    }

    /// Asserts a problem+json reply with this status naming this field, in both languages.
    fn assert_problem(&self, status: StatusCode, field: &str, backend: &str) {
        assert_eq!(self.status, status, "{backend}: {}", self.body);
        assert_eq!(self.headers[header::CONTENT_TYPE], "application/problem+json", "{backend}");
        assert!(!self.body["title_th"].as_str().unwrap_or_default().is_empty(), "{backend}: Thai title");
        assert!(!self.body["detail"].as_str().unwrap_or_default().is_empty(), "{backend}: English detail");
        let fields: Vec<&str> = self.body["errors"].as_array().into_iter().flatten().filter_map(|e| e["field"].as_str()).collect();
        assert!(fields.contains(&field), "{backend}: expected {field} among {fields:?}");
        for e in self.body["errors"].as_array().into_iter().flatten() {
            assert!(
                !e["message_th"].as_str().unwrap_or_default().is_empty() && !e["message_en"].as_str().unwrap_or_default().is_empty(),
                "{backend}: {e}"
            );
        }
    }
}

fn organization(name: &str) -> Value {
    json!({ "name_th": name, "sector": "local_government", "area_code": "4001" })
}

#[tokio::test]
async fn reference_data_is_served() {
    for api in Api::all().await {
        let b = api.backend;
        assert_eq!(api.total("/api/v1/areas?level=province").await, 77, "{b}");
        assert_eq!(api.total("/api/v1/areas?level=district&limit=1").await, 928, "{b}");
        assert_eq!(api.total("/api/v1/frameworks/sdg/items?top_level=true").await, 17, "{b}");
        assert_eq!(api.total("/api/v1/frameworks/sdg/items?level=target").await, 169, "{b}");
        assert_eq!(api.total("/api/v1/frameworks/unesco-lc/items?level=area").await, 12, "{b}");
        let goal5 = api.get("/api/v1/frameworks/sdg/items?level=goal&q=gender").await.body;
        assert_eq!(goal5["items"][0]["title_th"], "บรรลุความเท่าเทียมทางเพศ และเสริมพลังให้แก่สตรีและเด็กหญิงทุกคน", "{b}");
        let groups = api.get("/api/v1/target-groups").await.body;
        assert!(groups.as_array().unwrap().iter().any(|g| g["code"] == "lgbtq"), "{b}");
        let vocab = api.get("/api/v1/vocabularies").await.body;
        assert_eq!(vocab["gender"][2]["label_th"], "ผู้มีความหลากหลายทางเพศ (LGBTQ+)", "{b}");
        assert_eq!(api.get("/readyz").await.status, StatusCode::OK, "{b}");
    }
}

#[tokio::test]
async fn updates_need_the_current_etag_and_a_stale_write_loses_nothing() {
    for api in Api::all().await {
        let b = api.backend;
        let created = api.post("/api/v1/organizations", organization("เทศบาลนครขอนแก่น")).await;
        assert_eq!(created.status, StatusCode::CREATED, "{b}: {}", created.body);
        assert_eq!(created.etag(), "\"1\"", "{b}");
        let location = created.headers[header::LOCATION].to_str().unwrap().to_owned();
        assert_eq!(api.get(&location).await.body, created.body, "{b}");

        let mut edit = organization("เทศบาลนครขอนแก่น");
        edit["name_en"] = json!("Khon Kaen City Municipality");
        api.put(&location, edit.clone(), None).await.assert_problem(StatusCode::PRECONDITION_REQUIRED, "If-Match", b);
        let first = api.put(&location, edit.clone(), Some("\"1\"")).await;
        assert_eq!((first.status, first.etag()), (StatusCode::OK, "\"2\""), "{b}: {}", first.body);

        let mut other = organization("ชื่อที่ล้าสมัย");
        other["website"] = json!("https://www.kkmuni.go.th");
        let stale = api.put(&location, other, Some("\"1\"")).await;
        assert_eq!((stale.status, stale.body["current_version"].as_i64()), (StatusCode::PRECONDITION_FAILED, Some(2)), "{b}");
        assert_eq!(api.get(&location).await.body["name_en"], "Khon Kaen City Municipality", "{b}: the stale write changed nothing");

        let deleted = api.send(Method::DELETE, &location, None, &[("if-match", "\"2\"")]).await;
        assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{b}");
        let gone = api.get(&location).await;
        assert_eq!(
            (gone.status, gone.headers[header::CONTENT_TYPE].to_str().unwrap()),
            (StatusCode::NOT_FOUND, "application/problem+json"),
            "{b}"
        );
    }
}

#[tokio::test]
async fn bad_input_is_refused_naming_the_field_and_nothing_is_written() {
    for api in Api::all().await {
        let b = api.backend;
        let org = api.post("/api/v1/organizations", organization("องค์กร ก")).await.body["id"].as_str().unwrap().to_owned();

        let mut unknown_area = organization("x");
        unknown_area["area_code"] = json!("9999");
        api.post("/api/v1/organizations", unknown_area).await.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "/area_code", b);

        let long = "ก".repeat(301);
        api.post("/api/v1/organizations", organization(&long)).await.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "/name_th", b);
        api.post("/api/v1/organizations", organization("a\u{1b}b")).await.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "/name_th", b);

        // NUL cannot be stored (PostgreSQL refuses it mid-query): a clear 400 naming where it was.
        api.post("/api/v1/organizations", organization("a\u{0}b")).await.assert_problem(StatusCode::BAD_REQUEST, "/name_th", b);
        api.get("/api/v1/areas?q=%00").await.assert_problem(StatusCode::BAD_REQUEST, "query", b);
        api.get("/api/v1/areas/%00").await.assert_problem(StatusCode::BAD_REQUEST, "path", b);

        let mut unknown_field = organization("x");
        unknown_field["colour"] = json!("red");
        api.post("/api/v1/organizations", unknown_field).await.assert_problem(StatusCode::BAD_REQUEST, "/colour", b);
        api.post("/api/v1/organizations", json!({ "name_th": "x" })).await.assert_problem(StatusCode::BAD_REQUEST, "/sector", b);

        let not_utf8 = api
            .send(
                Method::POST,
                "/api/v1/organizations",
                Some(b"{\"name_th\": \"\xff\xfe\"}".to_vec()),
                &[("content-type", "application/json")],
            )
            .await;
        not_utf8.assert_problem(StatusCode::BAD_REQUEST, "", b);
        let form = api
            .send(
                Method::POST,
                "/api/v1/organizations",
                Some(b"name_th=x".to_vec()),
                &[("content-type", "application/x-www-form-urlencoded")],
            )
            .await;
        assert_eq!(form.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{b}");

        let activity = json!({
            "kind": "training", "title_th": "อบรม", "mode": "onsite",
            "starts_at": "2024-02-23T09:00:00+07:00", "ends_at": "2024-02-23T08:00:00+07:00",
            "participation": [{ "gender": "female", "count": 5 }]
        });
        api.post("/api/v1/activities", activity.clone()).await.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "/ends_at", b);
        let mut negative = activity.clone();
        negative["ends_at"] = Value::Null;
        negative["participation"][0]["count"] = json!(-3);
        api.post("/api/v1/activities", negative).await.assert_problem(StatusCode::BAD_REQUEST, "/participation/0/count", b);

        let mou = json!({
            "title_th": "MOU", "status": "draft",
            "parties": [{ "organization_id": org, "role": "signatory" }, { "organization_id": org, "role": "witness" }]
        });
        api.post("/api/v1/agreements", mou).await.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "/parties/1/organization_id", b);

        let programme = json!({ "title_th": "โครงการ", "fiscal_year": 2567, "lead_organization_id": org, "status": "active" });
        let programme_id = api.post("/api/v1/programmes", programme).await.body["id"].as_str().unwrap().to_owned();
        let missing_item =
            json!({ "subject_kind": "programme", "subject_id": programme_id, "item_id": "00000000-0000-7000-8000-000000000000" });
        api.post("/api/v1/alignments", missing_item).await.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "/item_id", b);
        api.get("/api/v1/programmes?fiscal_year=2024").await.assert_problem(StatusCode::BAD_REQUEST, "fiscal_year", b);
        api.get("/api/v1/programmes?aligned_to=sdg:99").await.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "aligned_to", b);
        api.get("/api/v1/organizations?sort=colour").await.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "sort", b);

        assert_eq!(api.total("/api/v1/organizations").await, 1, "{b}: only the valid organisation was written");
        assert_eq!(api.total("/api/v1/activities").await, 0, "{b}");
        assert_eq!(api.total("/api/v1/agreements").await, 0, "{b}");
        assert_eq!(api.total("/api/v1/alignments").await, 0, "{b}");
    }
}

#[tokio::test]
async fn an_activity_with_participation_reports_derived_totals_and_filters_by_alignment() {
    for api in Api::all().await {
        let b = api.backend;
        let org = api.post("/api/v1/organizations", organization("เทศบาลนครขอนแก่น")).await.body["id"].clone();
        let created = api
            .post(
                "/api/v1/activities",
                json!({
                    "kind": "workshop", "title_th": "SMART GENDER เยาวชน", "mode": "onsite", "lead_organization_id": org,
                    "starts_at": "2024-02-23T09:00:00+07:00", "area_code": "4001", "target_groups": ["children_youth"],
                    "participation": [
                        { "gender": "female", "age_band": "15-24", "target_group": "children_youth", "count": 14 },
                        { "gender": "gender_diverse", "age_band": "15-24", "target_group": "lgbtq", "count": 9 },
                        { "gender": "male", "age_band": "15-24", "nationality": "TH", "count": 6 }
                    ]
                }),
            )
            .await;
        assert_eq!(created.status, StatusCode::CREATED, "{b}: {}", created.body);
        let summary = &created.body["participation_summary"];
        assert_eq!((summary["total"].as_u64(), summary["by_gender"]["gender_diverse"].as_u64()), (Some(29), Some(9)), "{b}");
        let id = created.body["id"].clone();
        let aligned = api
            .post(
                "/api/v1/alignments",
                json!({ "subject_kind": "activity", "subject_id": id, "item_id": phakhi_domain::FrameworkItemId::reference("sdg", "5.1") }),
            )
            .await;
        assert_eq!(aligned.status, StatusCode::CREATED, "{b}: {}", aligned.body);
        assert_eq!(aligned.body["item_code"], "5.1", "{b}");
        assert_eq!(api.total("/api/v1/activities?aligned_to=sdg:5&fiscal_year=2567&area=40").await, 1, "{b}");
        assert_eq!(api.total("/api/v1/activities?aligned_to=sdg:4").await, 0, "{b}");
        assert_eq!(api.total("/api/v1/activities?fiscal_year=2568").await, 0, "{b}");
    }
}

#[tokio::test]
async fn unknown_addresses_and_methods_answer_with_problems() {
    for api in Api::all().await {
        let b = api.backend;
        let missing = api.get("/api/v1/nothing-here").await;
        assert_eq!((missing.status, missing.body["status"].as_u64()), (StatusCode::NOT_FOUND, Some(404)), "{b}");
        let wrong = api.send(Method::PATCH, "/api/v1/organizations", None, &[]).await;
        assert_eq!((wrong.status, wrong.body["status"].as_u64()), (StatusCode::METHOD_NOT_ALLOWED, Some(405)), "{b}");
    }
}

#[tokio::test]
async fn every_documented_collection_answers_a_get() {
    let document = serde_json::to_value(phakhi_web::openapi()).unwrap();
    assert_eq!(document["openapi"], "3.1.0");
    let api = Api::all().await.remove(0);
    let paths = document["paths"].as_object().unwrap();
    assert!(paths.len() >= 20, "{} paths", paths.len());
    for (path, operations) in paths {
        if path.contains('{') || operations.get("get").is_none() {
            continue;
        }
        // The GETs whose required parameter makes them questions rather than collections.
        if path == "/api/v1/indicators/evaluate" || path == "/api/v1/indicators/evaluate-by-area" {
            api.get(path).await.assert_problem(StatusCode::BAD_REQUEST, "formula", api.backend);
            continue;
        }
        if path == "/api/v1/indicators/computed" {
            api.get(path).await.assert_problem(StatusCode::BAD_REQUEST, "fiscal_year", api.backend);
            continue;
        }
        let reply = api.get(path).await;
        assert_eq!(reply.status, StatusCode::OK, "GET {path}: {}", reply.body);
    }
    let served = api.get("/api/openapi.json").await.body;
    assert_eq!(served, document, "the served document is the generated one");
}

#[test]
fn the_openapi_document_is_stable() {
    insta::assert_json_snapshot!("openapi", phakhi_web::openapi());
}

#[tokio::test]
async fn a_body_over_the_limit_gets_a_problem_not_a_bare_status() {
    let api = Api::all().await.remove(0);
    let huge = json!({ "name_th": "ก".repeat(1_000_000), "sector": "academic" }).to_string().into_bytes();
    let reply = api.send(Method::POST, "/api/v1/organizations", Some(huge), &[("content-type", "application/json")]).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(reply.headers[header::CONTENT_TYPE], "application/problem+json");
    assert!(!reply.body["title_th"].as_str().unwrap().is_empty());
}

#[tokio::test]
async fn a_record_created_through_the_api_is_found_at_once_in_the_readers_language() {
    for api in Api::all().await {
        let b = api.backend;
        let mut body = organization("มูลนิธิส่งเสริมสิทธิมนุษยชนศึกษา");
        body["name_en"] = json!("Human Rights Education Foundation");
        let id = api.post("/api/v1/organizations", body).await.body["id"].clone();
        let thai = api.get("/api/v1/search?q=%E0%B8%A1%E0%B8%99%E0%B8%B8%E0%B8%A9%E0%B8%A2%E0%B8%8A%E0%B8%99").await; // มนุษยชน
        assert_eq!(thai.status, StatusCode::OK, "{b}: {}", thai.body);
        assert_eq!(thai.body["hits"][0]["id"], id, "{b}");
        assert_eq!(thai.body["hits"][0]["title"], "มูลนิธิส่งเสริมสิทธิมนุษยชนศึกษา", "{b}: Thai by default");
        assert_eq!(thai.body["facets"]["type"]["organization"], 1, "{b}");
        let english = api.send(Method::GET, "/api/v1/search?q=education+foundation", None, &[("accept-language", "en-GB,en;q=0.9")]).await;
        assert_eq!(english.body["hits"][0]["title"], "Human Rights Education Foundation", "{b}: {}", english.body);
        let typeahead = api.get("/api/v1/search?q=human+righ&prefix=true&type=organization").await;
        assert_eq!(typeahead.body["total"], 1, "{b}: {}", typeahead.body);
        api.get("/api/v1/search?q=x&type=people").await.assert_problem(StatusCode::BAD_REQUEST, "type", b);
        let empty = api.get("/api/v1/search?q=").await;
        assert_eq!((empty.status, empty.body["total"].as_u64()), (StatusCode::OK, Some(0)), "{b}");
    }
}
