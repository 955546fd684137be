//! The spreadsheet upload page, through the router, over the demonstration network on SQLite and
//! PostgreSQL: a CSV with a title row, a Thai header, Buddhist Era dates, a blank row and an error row
//! is previewed with the right counts and the error's row and column; changing which field a column
//! is changes the preview; importing only the valid rows writes exactly those, under the signed-in
//! person's name, and the staged file is gone; nobody else can see or use someone's upload; the
//! public is sent to sign in; unreadable, empty, foreign and oversized files are refused with a reason.

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use phakhi_domain::access::{Grant, Principal, Role, Scope};
use phakhi_store::accounts::{Actor, AuditFilter, NewUser};
use phakhi_store::{ActivityFilter, OrganizationFilter, Page, Store, StoreError};
use tower::ServiceExt;

const ADMIN_EMAIL: &str = "admin@example.org";
const EDITOR_EMAIL: &str = "editor@example.org";
const PASSWORD: &str = "correct horse battery";
const BOUNDARY: &str = "----phakhi-test-7MA4YWxkTrZu0gW";

struct Site {
    router: Router,
    store: std::sync::Arc<dyn Store>,
    backend: &'static str,
    /// The lead organisation the sheets name, and another one an editor works for.
    lead: String,
    /// Cookies and form tokens of the signed-in admin and of an editor of another organisation.
    admin: Session,
    editor: Session,
    _db: phakhi_test_support::TestStore,
}

struct Session {
    cookie: String,
    csrf: String,
}

struct Reply {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    html: String,
}

impl Reply {
    fn location(&self) -> &str {
        self.headers.get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or_default()
    }
}

impl Site {
    async fn all() -> Vec<Site> {
        let mut sites = Vec::new();
        for db in phakhi_test_support::stores().await {
            phakhi_demo::load(db.store.as_ref()).await.expect("the demonstration network loads");
            let orgs = db.store.list_organizations(&OrganizationFilter::default(), &Page::default()).await.unwrap().items;
            let (lead, other) = (orgs[0].clone(), orgs[1].clone());
            add_user(db.store.as_ref(), ADMIN_EMAIL, Grant { role: Role::Admin, scope: Scope::Platform }).await;
            add_user(db.store.as_ref(), EDITOR_EMAIL, Grant { role: Role::Editor, scope: Scope::Organization(other.id) }).await;
            let router = phakhi_web::router(db.store.clone());
            let admin = sign_in(&router, ADMIN_EMAIL).await;
            let editor = sign_in(&router, EDITOR_EMAIL).await;
            sites.push(Site { router, store: db.store.clone(), backend: db.backend, lead: lead.input.name_th, admin, editor, _db: db });
        }
        sites
    }

    async fn send(&self, session: Option<&Session>, method: Method, uri: &str, content_type: Option<String>, body: Vec<u8>) -> Reply {
        let mut request = Request::builder().method(method).uri(uri).header(header::ACCEPT, "text/html");
        if let Some(s) = session {
            request = request.header(header::COOKIE, &s.cookie);
        }
        if let Some(t) = content_type {
            request = request.header(header::CONTENT_TYPE, t);
        }
        let response = self.router.clone().oneshot(request.body(Body::from(body)).unwrap()).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
        Reply { status, headers, html: String::from_utf8_lossy(&bytes).into_owned() }
    }

    async fn get(&self, session: Option<&Session>, uri: &str) -> Reply {
        self.send(session, Method::GET, uri, None, Vec::new()).await
    }

    /// Uploads a file through the form, as `session`, with its form token.
    async fn upload(&self, session: Option<&Session>, kind: &str, filename: &str, bytes: &[u8]) -> Reply {
        let csrf = session.map_or("", |s| s.csrf.as_str());
        let (content_type, body) = multipart(&[("_csrf", csrf), ("kind", kind)], Some((filename, bytes)));
        self.send(session, Method::POST, "/th/import", Some(content_type), body).await
    }

    /// Uploads a file as the admin and follows the redirect to its preview: the upload's page.
    async fn staged(&self, kind: &str, filename: &str, bytes: &[u8]) -> String {
        let reply = self.upload(Some(&self.admin), kind, filename, bytes).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}: {}", self.backend, reply.html);
        let to = reply.location().to_owned();
        assert!(to.starts_with("/th/import/"), "{}: {to}", self.backend);
        to
    }

    /// Posts the preview's confirmation form.
    async fn confirm(&self, session: &Session, page: &str, pairs: &[(&str, &str)]) -> Reply {
        let mut form = form_urlencoded::Serializer::new(String::new());
        form.append_pair("_csrf", &session.csrf);
        for (k, v) in pairs {
            form.append_pair(k, v);
        }
        let body = form.finish().into_bytes();
        self.send(Some(session), Method::POST, page, Some("application/x-www-form-urlencoded".into()), body).await
    }

    /// The store acting for the admin account, as the pages do.
    async fn as_admin(&self) -> std::sync::Arc<dyn Store> {
        let user = self.store.credentials(ADMIN_EMAIL).await.unwrap().unwrap().user;
        let principal = Principal { user_id: Some(user.id), label: user.email, grants: user.grants };
        self.store.acting_as(Actor { principal, ip: None })
    }

    async fn activities_titled(&self, q: &str) -> Vec<String> {
        let filter = ActivityFilter { q: Some(q.into()), ..Default::default() };
        let found = self.store.list_activities(&filter, &Page::default()).await.unwrap();
        let mut titles: Vec<String> = found.items.into_iter().map(|a| a.input.title_th).collect();
        titles.sort();
        titles
    }
}

async fn add_user(store: &dyn Store, email: &str, grant: Grant) {
    let password_hash = Some(phakhi_web::auth::password::hash(PASSWORD).unwrap());
    store.create_user(NewUser { email: email.into(), display_name: email.into(), password_hash, grants: vec![grant] }).await.unwrap();
}

async fn sign_in(router: &Router, email: &str) -> Session {
    let body = form_urlencoded::Serializer::new(String::new()).append_pair("email", email).append_pair("password", PASSWORD).finish();
    let request =
        Request::post("/th/sign-in").header(header::CONTENT_TYPE, "application/x-www-form-urlencoded").body(Body::from(body)).unwrap();
    let response = router.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "{email} signs in");
    let cookie = response.headers()[header::SET_COOKIE].to_str().unwrap().split(';').next().unwrap().to_owned();
    let account = Request::get("/th/account").header(header::COOKIE, &cookie).body(Body::empty()).unwrap();
    let html = axum::body::to_bytes(router.clone().oneshot(account).await.unwrap().into_body(), usize::MAX).await.unwrap();
    let html = String::from_utf8(html.to_vec()).unwrap();
    let csrf = html.split("name=\"_csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    Session { cookie, csrf }
}

/// A `multipart/form-data` body, as a browser sends the upload form: its content type and bytes.
fn multipart(fields: &[(&str, &str)], file: Option<(&str, &[u8])>) -> (String, Vec<u8>) {
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes());
    }
    if let Some((filename, bytes)) = file {
        let head = format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        );
        body.extend_from_slice(head.as_bytes());
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={BOUNDARY}"), body)
}

/// An activity report as offices keep it: a title row, Thai headers, Buddhist Era dates in Thai and
/// Arabic digits, a blank row (4), an impossible date (row 6) and a column nobody knows.
fn report_csv(lead: &str) -> Vec<u8> {
    let text = format!(
        "รายงานผลการดำเนินกิจกรรม ปีงบประมาณ ๒๕๖๗,,,,,,\n\
         ชื่อกิจกรรม,ประเภทกิจกรรม,วันที่จัด,หน่วยงานผู้จัด,จังหวัด,รวม (คน),หมายเหตุ\n\
         อบรมนำเข้าจากหน้าเว็บ,อบรม,15/1/2567,{lead},ขอนแก่น,30,\n\
         ,,,,,,\n\
         เวทีนำเข้าจากหน้าเว็บ,เวทีเสวนา,๓ ก.พ. ๒๕๖๗,{lead},ขอนแก่น,๔๐,โทรนัดก่อน\n\
         ประชุมนำเข้าจากหน้าเว็บ,ประชุม,31/2/2567,{lead},ขอนแก่น,10,\n"
    );
    [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat()
}

/// The figure a preview gives for one action (`เพิ่มใหม่`, `ผิดพลาด` …).
fn count(html: &str, label: &str) -> Option<u32> {
    let before = html.split(&format!("</span> <span class=\"figure-label\">{label}</span>")).next()?;
    before.rsplit("<span class=\"figure-value\">").next()?.parse().ok()
}

/// The row of the preview's table that reports sheet row `n`.
fn row(html: &str, n: u32) -> &str {
    let start = html.find(&format!("<tr id=\"row-{n}\">")).unwrap_or_else(|| panic!("no row {n} in the preview"));
    let rest = &html[start..];
    &rest[..rest.find("</tr>").unwrap()]
}

#[tokio::test]
async fn a_sheet_is_previewed_then_only_its_valid_rows_are_imported_under_the_person_s_name() {
    for site in Site::all().await {
        let b = site.backend;
        let page = site.staged("activities", "รายงานกิจกรรม ๒๕๖๗.csv", &report_csv(&site.lead)).await;

        let preview = site.get(Some(&site.admin), &page).await;
        assert_eq!(preview.status, StatusCode::OK, "{b}: {}", preview.html);
        let html = &preview.html;
        assert!(html.contains("<dd>รายงานกิจกรรม ๒๕๖๗.csv</dd>"), "{b}: the file's name");
        assert!(html.contains("<dd>csv (UTF-8 (BOM))</dd>"), "{b}: how it was read");
        assert!(html.contains("<dt>แถวหัวตาราง</dt><dd>2</dd>"), "{b}: the header row below the title");
        assert_eq!(
            [count(html, "เพิ่มใหม่"), count(html, "ปรับปรุง"), count(html, "ไม่เปลี่ยนแปลง"), count(html, "ผิดพลาด")],
            [Some(2), Some(0), Some(0), Some(1)],
            "{b}: two rows to create, the blank row skipped, one error"
        );
        assert!(row(html, 3).contains("เพิ่มใหม่") && row(html, 5).contains("เพิ่มใหม่"), "{b}");
        let error = row(html, 6);
        assert!(error.contains("ผิดพลาด") && error.contains("<strong>วันที่จัด</strong>: ") && error.contains("31/2/2567"), "{b}: {error}");
        assert!(!html.contains("id=\"row-4\""), "{b}: the blank row is not reported");
        // Each column and the field it was read as; the unknown one is flagged.
        assert!(html.contains("<option value=\"date\" selected>วันที่จัด (จำเป็น)</option>"), "{b}");
        assert!(html.contains("คอลัมน์ G · หมายเหตุ") && html.contains("ไม่รู้จักหัวตารางนี้"), "{b}");
        // With errors, only the valid rows can be imported.
        assert!(html.contains("value=\"valid\"") && !html.contains("value=\"all\""), "{b}");
        assert!(site.activities_titled("นำเข้าจากหน้าเว็บ").await.is_empty(), "{b}: the preview wrote nothing");

        let english = site.get(Some(&site.admin), &page.replacen("/th/", "/en/", 1)).await;
        assert_eq!(count(&english.html, "Error"), Some(1), "{b}");
        assert!(row(&english.html, 6).contains("is not a date"), "{b}: the problem in English: {}", row(&english.html, 6));

        let result = site.confirm(&site.admin, &page, &[("_action", "valid")]).await;
        assert_eq!(result.status, StatusCode::OK, "{b}: {}", result.html);
        assert!(result.html.contains("นำเข้าเรียบร้อยแล้ว"), "{b}");
        assert!(row(&result.html, 3).contains("href=\"/th/activities/"), "{b}: a link to the new record");
        assert_eq!(
            site.activities_titled("นำเข้าจากหน้าเว็บ").await,
            ["อบรมนำเข้าจากหน้าเว็บ", "เวทีนำเข้าจากหน้าเว็บ"],
            "{b}: exactly the valid rows"
        );
        // Written as the admin: every record changed is in the audit log under their account.
        let admin = site.as_admin().await;
        let me = admin.actor().principal.user_id;
        let audit = AuditFilter { entity: Some("activity".into()), actor_user_id: me, ..Default::default() };
        let entries = admin.list_audit(&audit, &Page::default()).await.unwrap();
        assert_eq!(entries.total, 2, "{b}");
        assert!(entries.items.iter().all(|e| e.actor == ADMIN_EMAIL && e.action == "create"), "{b}");

        let id = page.rsplit('/').next().unwrap().parse().unwrap();
        assert!(matches!(admin.staged_upload(id).await, Err(StoreError::NotFound { .. })), "{b}: the staged file is gone");
        let again = site.get(Some(&site.admin), &page).await;
        assert_eq!(again.status, StatusCode::NOT_FOUND, "{b}");
        assert!(again.html.contains("ไม่พบไฟล์ที่อัปโหลดนี้"), "{b}");
    }
}

#[tokio::test]
async fn choosing_the_field_of_a_column_changes_the_preview_and_the_import_follows_it() {
    for site in Site::all().await {
        let b = site.backend;
        let csv = format!("ชื่อกิจกรรม,ประเภทกิจกรรม,จัดเมื่อ,หน่วยงานผู้จัด\nกิจกรรมจับคู่คอลัมน์เอง,อบรม,20/1/2567,{}\n", site.lead);
        let page = site.staged("activities", "จับคู่.csv", csv.as_bytes()).await;

        let unmatched = site.get(Some(&site.admin), &page).await;
        assert_eq!(unmatched.status, StatusCode::OK, "{b}");
        assert!(unmatched.html.contains("ยังไม่มีคอลัมน์ที่ต้องมี: “วันที่จัด”"), "{b}: the date column is not recognised");
        assert_eq!(count(&unmatched.html, "เพิ่มใหม่"), None, "{b}: nothing to count yet");
        assert!(!unmatched.html.contains("value=\"all\""), "{b}");

        let chosen = site.get(Some(&site.admin), &format!("{page}?c0=title_th&c1=kind&c2=date&c3=lead")).await;
        assert_eq!(chosen.status, StatusCode::OK, "{b}: {}", chosen.html);
        assert_eq!(count(&chosen.html, "เพิ่มใหม่"), Some(1), "{b}");
        assert!(chosen.html.contains("คุณเลือกเอง"), "{b}: the chosen column is marked");
        assert!(chosen.html.contains("<input type=\"hidden\" name=\"c2\" value=\"date\">"), "{b}: the confirmation carries the mapping");

        let ignored = site.get(Some(&site.admin), &format!("{page}?c0=title_th&c1=&c2=date&c3=lead")).await;
        let row2 = row(&ignored.html, 2);
        assert!(row2.contains("ผิดพลาด") && row2.contains("ต้องระบุประเภทกิจกรรม"), "{b}: a new activity needs its kind: {row2}");
        let wrong = site.get(Some(&site.admin), &format!("{page}?c2=budget")).await;
        assert_eq!(wrong.status, StatusCode::BAD_REQUEST, "{b}: activities have no budget column");

        let result = site.confirm(&site.admin, &page, &[("_action", "all"), ("c2", "date")]).await;
        assert_eq!(result.status, StatusCode::OK, "{b}: {}", result.html);
        let filter = ActivityFilter {
            q: Some("กิจกรรมจับคู่คอลัมน์เอง".into()), ..Default::default()
        };
        let made = site.store.list_activities(&filter, &Page::default()).await.unwrap().items;
        assert_eq!(made.len(), 1, "{b}");
        assert_eq!(made[0].input.starts_at.to_rfc3339(), "2024-01-20T02:00:00+00:00", "{b}: 20 Jan 2567, 09:00 Thai time");

        let gone = site.get(Some(&site.admin), &format!("{page}?c2=date")).await;
        assert_eq!(gone.status, StatusCode::NOT_FOUND, "{b}: the upload is gone after its import");
    }
}

#[tokio::test]
async fn an_all_or_nothing_import_of_a_sheet_with_errors_writes_nothing_and_keeps_the_upload() {
    for site in Site::all().await {
        let b = site.backend;
        let page = site.staged("activities", "report.csv", &report_csv(&site.lead)).await;
        let refused = site.confirm(&site.admin, &page, &[("_action", "all")]).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
        assert!(refused.html.contains("ยังไม่ได้บันทึก เพราะมีแถวที่ผิดพลาด"), "{b}");
        assert!(site.activities_titled("นำเข้าจากหน้าเว็บ").await.is_empty(), "{b}");
        assert_eq!(site.get(Some(&site.admin), &page).await.status, StatusCode::OK, "{b}: still there for the valid rows");
        let forged = site
            .send(Some(&site.admin), Method::POST, &page, Some("application/x-www-form-urlencoded".into()), b"_action=valid".to_vec())
            .await;
        assert_eq!(forged.status, StatusCode::FORBIDDEN, "{b}: no form token, no import");
        assert!(site.activities_titled("นำเข้าจากหน้าเว็บ").await.is_empty(), "{b}");
        let discarded = site.confirm(&site.admin, &page, &[("_action", "discard")]).await;
        assert_eq!((discarded.status, discarded.location()), (StatusCode::SEE_OTHER, "/th/import?kind=activities"), "{b}");
        assert_eq!(site.get(Some(&site.admin), &page).await.status, StatusCode::NOT_FOUND, "{b}");
    }
}

#[tokio::test]
async fn nobody_else_sees_or_imports_someone_s_upload_and_the_public_is_sent_to_sign_in() {
    for site in Site::all().await {
        let b = site.backend;
        let page = site.staged("activities", "report.csv", &report_csv(&site.lead)).await;

        let peek = site.get(Some(&site.editor), &page).await;
        assert_eq!(peek.status, StatusCode::NOT_FOUND, "{b}");
        assert!(!peek.html.contains("นำเข้าจากหน้าเว็บ"), "{b}: nothing of the file shows");
        let taken = site.confirm(&site.editor, &page, &[("_action", "valid")]).await;
        assert_eq!(taken.status, StatusCode::NOT_FOUND, "{b}");
        let thrown = site.confirm(&site.editor, &page, &[("_action", "discard")]).await;
        assert_eq!(thrown.status, StatusCode::NOT_FOUND, "{b}");
        assert!(site.activities_titled("นำเข้าจากหน้าเว็บ").await.is_empty(), "{b}");
        assert_eq!(site.get(Some(&site.admin), &page).await.status, StatusCode::OK, "{b}: still the admin's");

        for (method, uri) in [(Method::GET, "/th/import"), (Method::GET, page.as_str())] {
            let public = site.send(None, method, uri, None, Vec::new()).await;
            assert_eq!(public.status, StatusCode::SEE_OTHER, "{b} {uri}");
            let next = form_urlencoded::Serializer::new(String::new()).append_pair("next", uri).finish();
            assert_eq!(public.location(), format!("/th/account?{next}"), "{b} {uri}");
        }
        let anonymous = site.upload(None, "activities", "report.csv", &report_csv(&site.lead)).await;
        assert_eq!(anonymous.status, StatusCode::SEE_OTHER, "{b}: the public uploads nothing");
        assert!(anonymous.location().starts_with("/th/account?next="), "{b}");
    }
}

#[tokio::test]
async fn a_row_outside_the_person_s_roles_stops_the_import_with_an_explanation() {
    for site in Site::all().await {
        let b = site.backend;
        // The editor works for another organisation than the sheet's organiser.
        let reply = site.upload(Some(&site.editor), "activities", "report.csv", &report_csv(&site.lead)).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{b}: {}", reply.html);
        let preview = site.get(Some(&site.editor), reply.location()).await;
        assert_eq!(preview.status, StatusCode::FORBIDDEN, "{b}");
        assert!(preview.html.contains("บัญชีนี้ไม่มีสิทธิ์เพิ่มหรือแก้ไขข้อมูลบางรายการ"), "{b}");
        let attempt = site.confirm(&site.editor, reply.location(), &[("_action", "valid")]).await;
        assert_eq!(attempt.status, StatusCode::FORBIDDEN, "{b}");
        assert!(site.activities_titled("นำเข้าจากหน้าเว็บ").await.is_empty(), "{b}: nothing written");
    }
}

#[tokio::test]
async fn files_that_cannot_be_imported_are_refused_with_the_reason_in_the_page_s_language() {
    let site = Site::all().await.remove(0);
    let admin = Some(&site.admin);
    let mut long = String::from("ชื่อกิจกรรม,วันที่จัด\n");
    for i in 0..2_001 {
        long.push_str(&format!("กิจกรรมที่ {i},1/1/2567\n"));
    }
    let cases: [(&str, Vec<u8>, StatusCode, &str); 6] = [
        ("ภาคี.docx", b"PK\x03\x04".to_vec(), StatusCode::UNPROCESSABLE_ENTITY, "ไม่ใช่ไฟล์ตารางที่ระบบอ่านได้"),
        ("ว่าง.csv", Vec::new(), StatusCode::UNPROCESSABLE_ENTITY, "ว่างเปล่า"),
        ("เสีย.xlsx", b"this is not a workbook".to_vec(), StatusCode::UNPROCESSABLE_ENTITY, "อ่านไฟล์ “เสีย.xlsx” ไม่ได้"),
        ("อื่น.csv", "ชื่อ,ที่อยู่\nก,ข\n".as_bytes().to_vec(), StatusCode::UNPROCESSABLE_ENTITY, "ไม่พบแถวหัวตารางของกิจกรรมใน 30 แถวแรก"),
        ("ใหญ่.csv", vec![b'a'; phakhi_store::uploads::MAX_BYTES + 1], StatusCode::PAYLOAD_TOO_LARGE, "ไฟล์ใหญ่เกิน 10 MB"),
        ("ยาว.csv", long.into_bytes(), StatusCode::PAYLOAD_TOO_LARGE, "ไฟล์นี้มี 2,001 แถว นำเข้าผ่านหน้าเว็บได้ครั้งละไม่เกิน 2,000 แถว"),
    ];
    for (name, bytes, status, message) in cases {
        let reply = site.upload(admin, "activities", name, &bytes).await;
        assert_eq!(reply.status, status, "{name}: {}", &reply.html[..reply.html.len().min(300)]);
        assert!(reply.html.contains(message), "{name}: {message}");
        assert!(
            reply.html.contains("value=\"activities\" aria-describedby=\"import-hint-activities\" checked"),
            "{name}: the kind stays chosen"
        );
    }
    let (content_type, body) = multipart(&[("_csrf", "forged"), ("kind", "activities")], Some(("report.csv", &report_csv(&site.lead))));
    let forged = site.send(admin, Method::POST, "/th/import", Some(content_type), body).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let (content_type, body) = multipart(&[("_csrf", &site.admin.csrf)], Some(("report.csv", &report_csv(&site.lead))));
    let no_kind = site.send(admin, Method::POST, "/en/import", Some(content_type), body).await;
    assert_eq!(no_kind.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_kind.html.contains("Please choose what this file holds"));
}

#[tokio::test]
async fn the_upload_form_offers_each_kind_with_its_columns_and_an_empty_template() {
    let site = Site::all().await.remove(0);
    let form = site.get(Some(&site.admin), "/en/import?kind=programmes").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.html.contains("enctype=\"multipart/form-data\""));
    assert!(form.html.contains("value=\"programmes\" aria-describedby=\"import-hint-programmes\" checked"));
    assert!(form.html.contains("Columns: programme title, fiscal year and lead organisation (required)"));
    let template = site.get(Some(&site.admin), "/th/import/templates/activities?format=csv").await;
    assert_eq!(template.status, StatusCode::OK);
    let first_line = template.html.trim_start_matches('\u{feff}').lines().next().unwrap_or_default().to_owned();
    assert!(first_line.starts_with("ชื่อกิจกรรม,"), "{first_line}");
    let english = site.get(Some(&site.admin), "/en/import/templates/organizations?format=csv").await;
    assert!(english.html.trim_start_matches('\u{feff}').starts_with("Organisation name,"), "{}", english.html);
    let partners = site.get(None, "/th/partners").await;
    assert!(partners.html.contains("href=\"/th/import?kind=organizations\""), "the partners list offers an import");
    let account = site.get(Some(&site.admin), "/th/account").await;
    assert!(account.html.contains("href=\"/th/import\""), "so does the account page");
}

#[tokio::test]
async fn a_participation_sheet_may_be_longer_than_other_kinds_and_replaces_the_activities_cells() {
    use std::fmt::Write as _;
    /// `MAX_ROWS` of the upload page: the limit of every kind but participation.
    const OTHER_KINDS_MAX_ROWS: usize = 2_000;
    for site in Site::all().await {
        let b = site.backend;
        let groups = site.store.list_target_groups().await.unwrap();
        let activities =
            site.store.list_activities(&ActivityFilter::default(), &Page { limit: 100, ..Page::default() }).await.unwrap().items;
        let genders = ["หญิง", "ชาย", "LGBTQ+", "ไม่ระบุ"];
        let nationalities = ["ไทย", "เมียนมา", "KH", ""];
        let ages = ["ต่ำกว่า 15 ปี", "15-24 ปี", "25–59 ปี", "60 ปีขึ้นไป", "ไม่ระบุ"];
        // Every combination for as many activities as it takes to pass the other kinds' limit.
        let mut csv = String::from("ชื่อกิจกรรม,วันที่จัด,เพศ,ช่วงอายุ,กลุ่มเป้าหมาย,สัญชาติ,จำนวน (คน)\n");
        let (mut rows, mut named) = (0, Vec::new());
        for a in &activities {
            if rows > OTHER_KINDS_MAX_ROWS {
                break;
            }
            let day = (a.input.starts_at + chrono::Duration::hours(7)).date_naive();
            for gender in genders {
                for age in ages {
                    for g in &groups {
                        for nationality in nationalities {
                            writeln!(csv, "\"{}\",{day},{gender},{age},{},{nationality},1", a.input.title_th, g.code).unwrap();
                            rows += 1;
                        }
                    }
                }
            }
            named.push(a.id);
        }
        assert!(rows > OTHER_KINDS_MAX_ROWS, "{b}: {rows} rows");

        let page = site.staged("participation", "ผู้เข้าร่วม.csv", csv.as_bytes()).await;
        let preview = site.get(Some(&site.admin), &page).await;
        assert_eq!(preview.status, StatusCode::OK, "{b}: {}", preview.html);
        assert_eq!(count(&preview.html, "ผิดพลาด"), Some(0), "{b}");
        assert_eq!(count(&preview.html, "เพิ่มใหม่").unwrap() + count(&preview.html, "ปรับปรุง").unwrap(), rows as u32, "{b}");

        let result = site.confirm(&site.admin, &page, &[("_action", "all")]).await;
        assert!(result.html.contains("นำเข้าเรียบร้อยแล้ว"), "{b}: {}", result.html);
        let per_activity = (genders.len() * ages.len() * groups.len() * nationalities.len()) as u64;
        for id in named {
            let a = site.store.get_activity(id).await.unwrap();
            assert_eq!(a.participation_summary.total, per_activity, "{b}: one person in each combination, nothing else");
        }
    }
}
