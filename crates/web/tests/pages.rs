//! The web pages, through the router, over the demonstration network on SQLite and PostgreSQL:
//! every kind of page answers in both languages, forms save what is valid and give back what was
//! typed when it is not, and no page shows a count of people from 1 to 4.

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use phakhi_domain::FiscalYear;
use phakhi_domain::indicator::{IndicatorInput, IndicatorSource, ValueStatus};
use phakhi_store::{ActivityFilter, AgreementFilter, OrganizationFilter, Page, PlanItemFilter, ProgrammeFilter, Store};
use tower::ServiceExt;

struct Site {
    router: Router,
    store: std::sync::Arc<dyn Store>,
    backend: &'static str,
    /// The session cookie of an admin signed in through the sign-in form, and its form token.
    session: String,
    csrf: String,
    _db: phakhi_test_support::TestStore,
}

const ADMIN_EMAIL: &str = "admin@example.org";
const ADMIN_PASSWORD: &str = "correct horse battery";

struct Reply {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    html: String,
    /// The body as sent (a download is not text).
    bytes: Vec<u8>,
}

impl Site {
    async fn all() -> Vec<Site> {
        let mut sites = Vec::new();
        for db in phakhi_test_support::stores().await {
            phakhi_demo::load(db.store.as_ref()).await.expect("the demonstration network loads");
            add_user(
                db.store.as_ref(),
                ADMIN_EMAIL,
                ADMIN_PASSWORD,
                phakhi_domain::access::Role::Admin,
                phakhi_domain::access::Scope::Platform,
            )
            .await;
            let mut site = Site {
                router: phakhi_web::router(db.store.clone()),
                store: db.store.clone(),
                backend: db.backend,
                session: String::new(),
                csrf: String::new(),
                _db: db,
            };
            site.session = site.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD).await.expect("the admin signs in");
            site.csrf = csrf_of(&site.get("/th/account").await);
            sites.push(site);
        }
        sites
    }

    /// Signs in through the form; the session cookie on success.
    async fn sign_in(&self, email: &str, password: &str) -> Option<String> {
        let body = form_urlencoded::Serializer::new(String::new()).append_pair("email", email).append_pair("password", password).finish();
        let request =
            Request::post("/th/sign-in").header(header::CONTENT_TYPE, "application/x-www-form-urlencoded").body(Body::from(body)).unwrap();
        let response = self.router.clone().oneshot(request).await.unwrap();
        let cookie = response.headers().get(header::SET_COOKIE)?.to_str().ok()?.split(';').next()?.to_owned();
        (response.status() == StatusCode::SEE_OTHER).then_some(cookie)
    }

    async fn send(&self, method: Method, uri: &str, form: Option<String>) -> Reply {
        self.send_as(&self.session, method, uri, form).await
    }

    /// Sends with this session cookie (empty: as the public).
    async fn send_as(&self, session: &str, method: Method, uri: &str, form: Option<String>) -> Reply {
        let mut request = Request::builder().method(method).uri(uri).header(header::ACCEPT, "text/html");
        if !session.is_empty() {
            request = request.header(header::COOKIE, session);
        }
        if form.is_some() {
            request = request.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        }
        let response = self.router.clone().oneshot(request.body(form.map(Body::from).unwrap_or_else(Body::empty)).unwrap()).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
        // Pages must be UTF-8; a download (a PDF) is kept as text only to look at its first bytes.
        let text = headers.get(header::CONTENT_TYPE).is_some_and(|t| t.to_str().unwrap_or_default().starts_with("text/"));
        let html = if text { String::from_utf8(bytes.to_vec()).unwrap() } else { String::from_utf8_lossy(&bytes).into_owned() };
        Reply { status, headers, html, bytes: bytes.to_vec() }
    }

    async fn get(&self, uri: &str) -> Reply {
        self.send(Method::GET, uri, None).await
    }

    /// A page as the public sees it.
    async fn public(&self, uri: &str) -> Reply {
        self.send_as("", Method::GET, uri, None).await
    }

    /// A form posted by another signed-in person, with their session's form token.
    async fn post_as(&self, session: &str, uri: &str, pairs: &[(&str, &str)]) -> Reply {
        let csrf = csrf_of(&self.send_as(session, Method::GET, "/th/account", None).await);
        let mut form = form_urlencoded::Serializer::new(String::new());
        form.append_pair("_csrf", &csrf);
        for (k, v) in pairs {
            form.append_pair(k, v);
        }
        self.send_as(session, Method::POST, uri, Some(form.finish())).await
    }

    async fn post(&self, uri: &str, pairs: &[(&str, &str)]) -> Reply {
        let mut form = form_urlencoded::Serializer::new(String::new());
        form.append_pair("_csrf", &self.csrf);
        for (k, v) in pairs {
            form.append_pair(k, v);
        }
        self.send(Method::POST, uri, Some(form.finish())).await
    }

    async fn first_organization(&self) -> uuid::Uuid {
        self.store.list_organizations(&OrganizationFilter::default(), &Page::default()).await.unwrap().items[0].id.0
    }
}

async fn add_user(store: &dyn Store, email: &str, password: &str, role: phakhi_domain::access::Role, scope: phakhi_domain::access::Scope) {
    store
        .create_user(phakhi_store::accounts::NewUser {
            email: email.into(),
            display_name: email.into(),
            password_hash: Some(phakhi_web::auth::password::hash(password).unwrap()),
            grants: vec![phakhi_domain::access::Grant { role, scope }],
        })
        .await
        .unwrap();
}

/// The form token on a signed-in page.
fn csrf_of(page: &Reply) -> String {
    page.html.split("name=\"_csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned()
}

impl Reply {
    fn location(&self) -> &str {
        self.headers.get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or_default()
    }

    fn content_type(&self) -> &str {
        self.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default()
    }

    /// A CSV download's rows (the header first), after checking it is one: UTF-8 with a BOM.
    fn csv_rows(&self) -> Vec<Vec<String>> {
        assert_eq!(self.status, StatusCode::OK, "{}", self.html);
        assert_eq!(self.content_type(), "text/csv; charset=utf-8");
        let body = self.bytes.strip_prefix(b"\xEF\xBB\xBF".as_slice()).expect("a CSV download starts with the UTF-8 BOM");
        let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(body);
        reader.records().map(|r| r.unwrap().iter().map(str::to_owned).collect()).collect()
    }

    /// An XLSX download's only sheet, after checking it is one.
    fn xlsx_sheet(&self) -> (String, calamine::Range<calamine::Data>) {
        use calamine::Reader;
        assert_eq!(self.status, StatusCode::OK, "{}", self.html);
        assert_eq!(self.content_type(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        let mut book = calamine::Xlsx::new(std::io::Cursor::new(self.bytes.clone())).expect("an XLSX workbook");
        let name = book.sheet_names()[0].clone();
        let range = book.worksheet_range(&name).unwrap();
        (name, range)
    }
}

/// Every page a visitor can reach, for one language, using the demo's own records.
async fn page_paths(site: &Site, lang: &str) -> Vec<String> {
    let s = site.store.as_ref();
    let one = Page { limit: 1, offset: 0, sort: None };
    let org = s.list_organizations(&OrganizationFilter::default(), &one).await.unwrap().items[0].id.0;
    let agreement = s.list_agreements(&AgreementFilter::default(), &one).await.unwrap().items[0].id.0;
    let programme = s.list_programmes(&ProgrammeFilter::default(), &one).await.unwrap().items[0].id.0;
    let activity = s.list_activities(&ActivityFilter::default(), &one).await.unwrap().items[0].id.0;
    let network = s.list_networks(&Default::default(), &one).await.unwrap().items[0].id.0;
    let plan = s.list_plans(&Default::default(), &one).await.unwrap().items[0].id.0;
    let indicators = s.list_indicators(&Default::default(), &Page::default()).await.unwrap().items;
    let computed = indicators.iter().find(|i| i.input.formula().is_some()).unwrap().id;
    let entered = indicators.iter().find(|i| i.input.formula().is_none()).unwrap().id;
    let value = s.list_indicator_values(entered, &Default::default()).await.unwrap()[0].id.0;
    let item = s.list_plan_items(&Default::default(), &one).await.unwrap().items[0].id.0;
    let (computed, entered) = (computed.0, entered.0);
    [
        "/".to_owned(),
        "/?fy=2567".into(),
        "/partners".into(),
        "/partners?sector=local_government&aligned_to=sdg:5".into(),
        format!("/partners/{org}"),
        "/networks".into(),
        format!("/networks/{network}"),
        "/agreements".into(),
        format!("/agreements/{agreement}"),
        "/programmes?fiscal_year=2567".into(),
        format!("/programmes/{programme}"),
        "/activities".into(),
        "/activities/calendar?month=2024-02".into(),
        format!("/activities/{activity}"),
        "/plans".into(),
        format!("/plans/{plan}"),
        format!("/plans/{plan}?fiscal_year=2566"),
        "/plans/new".into(),
        format!("/plans/{plan}/edit"),
        format!("/plans/{plan}/copy"),
        format!("/plans/{plan}/items/new"),
        format!("/plan-items/{item}/edit"),
        format!("/plan-items/{item}/remove"),
        "/indicators".into(),
        format!("/indicators?plan={plan}&source=computed"),
        format!("/indicators/{computed}"),
        format!("/indicators/{entered}"),
        "/indicators/new".into(),
        format!("/indicators/{computed}/edit"),
        format!("/indicators/{entered}/values/new"),
        format!("/indicator-values/{value}/edit"),
        "/frameworks".into(),
        "/frameworks/sdg".into(),
        "/frameworks/sdg/5".into(),
        "/frameworks/sdg/5.2".into(),
        "/frameworks/unesco-lc".into(),
        "/search?q=%E0%B8%AA%E0%B8%B4%E0%B8%97%E0%B8%98%E0%B8%B4%E0%B8%A1%E0%B8%99%E0%B8%B8%E0%B8%A9%E0%B8%A2%E0%B8%8A%E0%B8%99".into(),
        "/partners/new".into(),
        format!("/partners/{org}/edit"),
        "/networks/new".into(),
        "/agreements/new".into(),
        format!("/agreements/{agreement}/edit"),
        "/commitments/new".into(),
        "/programmes/new".into(),
        format!("/programmes/{programme}/edit"),
        "/activities/new".into(),
        format!("/activities/{activity}/edit"),
        format!("/activities/{activity}/participants"),
        format!("/activities/{activity}/participants/new"),
        "/audit".into(),
        "/audit?entity=organization".into(),
        "/account".into(),
        "/import".into(),
        "/import?kind=activities".into(),
    ]
    .into_iter()
    .map(|p| format!("/{lang}{p}"))
    .collect()
}

#[tokio::test]
async fn every_kind_of_page_answers_in_both_languages_with_no_untranslated_message() {
    for site in Site::all().await {
        for lang in ["th", "en"] {
            for path in page_paths(&site, lang).await {
                let reply = site.get(&path).await;
                let b = site.backend;
                assert_eq!(reply.status, StatusCode::OK, "{b} {path}: {}", &reply.html[..reply.html.len().min(400)]);
                assert!(reply.html.contains(&format!("<html lang=\"{lang}\">")), "{b} {path}: html lang");
                assert!(reply.html.contains("<main id=\"main\""), "{b} {path}: main landmark");
                // A message key left in a page means a catalogue lacks it: keys look like `section-about`.
                for key in ["field-", "section-", "chart-", "nav-", "form-", "filter-", "empty-", "kind-"] {
                    assert!(!reply.html.contains(&format!(">{key}")), "{b} {path}: an untranslated message starting {key}");
                }
                assert!(reply.html.len() < 150_000, "{b} {path}: {} bytes", reply.html.len());
            }
        }
    }
}

#[tokio::test]
async fn the_root_opens_the_language_chosen_before_and_unknown_pages_say_so_in_html() {
    for site in Site::all().await {
        let b = site.backend;
        let first = site.get("/").await;
        assert_eq!(first.status, StatusCode::SEE_OTHER, "{b}");
        assert_eq!(first.location(), "/th/", "{b}: Thai by default");
        let page = site.get("/en/partners").await;
        let cookie = page.headers.get(header::SET_COOKIE).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
        assert!(cookie.starts_with("phakhi_lang=en"), "{b}: the English page remembers its language: {cookie}");
        let again = site
            .router
            .clone()
            .oneshot(Request::get("/").header(header::COOKIE, cookie.split(';').next().unwrap()).body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(again.headers()[header::LOCATION], "/en/", "{b}");
        let missing = site.get("/en/no-such-page").await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND, "{b}");
        assert!(missing.html.contains("<html lang=\"en\">") && missing.html.contains("Page not found"), "{b}");
        let missing_record = site.get(&format!("/th/partners/{}", uuid::Uuid::nil())).await;
        assert_eq!(missing_record.status, StatusCode::NOT_FOUND, "{b}");
        assert!(missing_record.html.contains("ไม่พบหน้านี้"), "{b}");
    }
}

#[tokio::test]
async fn a_plan_page_shows_its_tree_with_baselines_targets_values_and_status_lights_in_buddhist_era_years() {
    for site in Site::all().await {
        let b = site.backend;
        let filter = phakhi_store::PlanFilter { area: Some("50".into()), ..Default::default() };
        let plan = site.store.list_plans(&filter, &Page::default()).await.unwrap().items[0].id.0;
        let list = site.public("/th/plans").await;
        assert!(list.html.contains(&format!("/th/plans/{plan}")) && list.html.contains("ปีงบประมาณ 2566 – ปีงบประมาณ 2570"), "{b}");

        let th = site.public(&format!("/th/plans/{plan}?fiscal_year=2566")).await;
        assert_eq!(th.status, StatusCode::OK, "{b}");
        for expected in [
            "ความก้าวหน้า ปีงบประมาณ 2566",
            "สร้างองค์ความรู้และความตระหนักด้านสิทธิมนุษยชน",
            "ค่าฐาน",
            "2 หน่วยงาน (ปีงบประมาณ 2566)",
            "4 หน่วยงาน (ปีงบประมาณ 2570)",
            "ร้อยละ 100 (ปีงบประมาณ 2570)",
            "badge-ok\">เป็นไปตามแผน",
            "ยังไม่มีข้อมูล",
            "ไม่มีข้อมูล 1 รายการ",
            "ค่าที่คำนวณจากจำนวนคน 1 ถึง 4 คน จะไม่แสดงต่อสาธารณะ",
        ] {
            assert!(th.html.contains(expected), "{b}: the Thai plan page lacks {expected}");
        }
        let position = |text: &str| th.html.find(text).unwrap_or_else(|| panic!("{b}: {text}"));
        assert!(position("plan-item depth-0") < position("plan-item depth-1"), "{b}: a strategy comes before its measures");

        let en = site.get(&format!("/en/plans/{plan}")).await;
        assert!(
            en.html.contains("(shown)") && en.html.contains("FY 2570 (Oct 2026 – Sep 2027) (shown)"),
            "{b}: the current year, kept within the plan"
        );
        assert!(en.html.contains("Model human-rights organisations (illustrative)"), "{b}: the demonstration's own grouping says so");
        assert!(!en.html.contains("are hidden from the public"), "{b}: the signed-in admin sees exact values");
        assert_eq!(site.public(&format!("/en/plans/{plan}?fiscal_year=25")).await.status, StatusCode::BAD_REQUEST, "{b}");
    }
}

#[tokio::test]
async fn the_gaps_page_lists_what_the_year_s_work_does_not_reach_in_both_languages() {
    for site in Site::all().await {
        let b = site.backend;
        let fy = phakhi_domain::FiscalYear::from_be(2567).unwrap();
        let gaps = site.store.gaps(fy).await.unwrap();
        let th = site.public("/th/gaps?fiscal_year=2567").await;
        assert_eq!(th.status, StatusCode::OK, "{b}");
        assert!(th.html.contains("ช่องว่าง") && th.html.contains("ปีงบประมาณ 2567"), "{b}");
        let goal = gaps.framework_items.iter().find(|g| g.level.as_deref() == Some("goal")).expect("a goal with no work");
        assert!(th.html.contains(&format!("/th/frameworks/sdg/{}", goal.code)), "{b}: SDG {} is listed with its link", goal.code);
        let province = gaps.provinces.first().expect("a province with no work");
        assert!(th.html.contains(&province.name_th), "{b}: {} is listed", province.name_th);
        assert!(!th.html.contains("ขอนแก่น (40)"), "{b}: Khon Kaen has work in 2567");

        let en = site.public("/en/gaps?fiscal_year=2567").await;
        assert!(en.html.contains("Provinces with no programme or activity") && en.html.contains("/api/v1/gaps?fiscal_year=2567"), "{b}");
        let home = site.public("/th/?fy=2567").await;
        assert!(home.html.contains("/th/gaps?fiscal_year=2567"), "{b}: the home page links the year's gaps");
        assert_eq!(site.public("/th/gaps?fiscal_year=abc").await.status, StatusCode::BAD_REQUEST, "{b}");
    }
}

#[tokio::test]
async fn an_agreement_page_shows_declared_and_registered_signatories_and_the_commitment_light() {
    for site in Site::all().await {
        let agreements = site.store.list_agreements(&AgreementFilter::default(), &Page::default()).await.unwrap();
        let mou = agreements.items.iter().find(|a| a.input.declared_signatories == Some(62)).expect("the learning-city MOU");
        let page = site.get(&format!("/th/agreements/{}", mou.id.0)).await;
        assert!(page.html.contains("ผู้ลงนาม 62 หน่วยงานตามบันทึก"), "{}", site.backend);
        let with_commitment = agreements.items.iter().find(|a| a.input.declared_signatories != Some(62)).unwrap();
        let page = site.get(&format!("/en/agreements/{}", with_commitment.id.0)).await;
        // The demo's commitment has no progress report since 2024: overdue or inactive by now.
        assert!(page.html.contains("badge-warn") || page.html.contains("badge-bad"), "{}: a status light", site.backend);
    }
}

#[tokio::test]
async fn a_network_page_offers_its_annual_report_as_pdf() {
    for site in Site::all().await {
        let b = site.backend;
        let network = site.store.list_networks(&Default::default(), &Page::default()).await.unwrap().items[0].id.0;
        let page = site.public(&format!("/en/networks/{network}")).await;
        assert!(page.html.contains(&format!("/en/networks/{network}/report.pdf")), "{b}: the page links its report");
        let pdf = site.public(&format!("/th/networks/{network}/report.pdf?fiscal_year=2567")).await;
        assert_eq!(pdf.status, StatusCode::OK, "{b}");
        assert_eq!(pdf.headers.get(header::CONTENT_TYPE).unwrap(), "application/pdf", "{b}");
        assert!(pdf.html.starts_with("%PDF"), "{b}: a PDF");
        assert_eq!(site.public(&format!("/th/networks/{network}/report.pdf?fiscal_year=abc")).await.status, StatusCode::BAD_REQUEST, "{b}");
        let unknown = "/th/networks/01a23043-0000-7000-8000-000000000000/report.pdf";
        assert_eq!(site.public(unknown).await.status, StatusCode::NOT_FOUND, "{b}");
    }
}

#[tokio::test]
async fn plan_and_activity_pages_offer_their_reports_as_pdf() {
    for site in Site::all().await {
        let b = site.backend;
        let plan = site.store.list_plans(&Default::default(), &Page::default()).await.unwrap().items[0].clone();
        let (first, last) = (plan.input.start_year.be(), plan.input.end_year.be());
        let page = site.public(&format!("/en/plans/{}?fiscal_year={first}", plan.id.0)).await;
        assert!(
            page.html.contains(&format!("/en/plans/{}/report.pdf?fiscal_year={first}", plan.id.0)),
            "{b}: the plan page links its report"
        );
        let pdf = site.public(&format!("/th/plans/{}/report.pdf?fiscal_year={last}", plan.id.0)).await;
        assert_eq!(
            (pdf.status, pdf.headers.get(header::CONTENT_TYPE).unwrap().to_str().unwrap()),
            (StatusCode::OK, "application/pdf"),
            "{b}"
        );
        assert!(pdf.html.starts_with("%PDF"), "{b}: a PDF");
        let outside = site.public(&format!("/th/plans/{}/report.pdf?fiscal_year={}", plan.id.0, last + 1)).await;
        assert_eq!(outside.status, StatusCode::BAD_REQUEST, "{b}: a year outside the plan");

        let activity = site.store.list_activities(&Default::default(), &Page::default()).await.unwrap().items[0].id.0;
        let page = site.public(&format!("/th/activities/{activity}")).await;
        assert!(page.html.contains(&format!("/th/activities/{activity}/report.pdf")), "{b}: the activity page links its report");
        let pdf = site.public(&format!("/en/activities/{activity}/report.pdf")).await;
        assert_eq!(pdf.status, StatusCode::OK, "{b}");
        assert!(pdf.html.starts_with("%PDF"), "{b}: a PDF");
        let unknown = "/en/activities/01a23043-0000-7000-8000-000000000000/report.pdf";
        assert_eq!(site.public(unknown).await.status, StatusCode::NOT_FOUND, "{b}");
    }
}

/// The form fields of a valid activity with participation, as a browser would send them.
fn activity_form<'a>(programme: &'a str, counts: [(&'a str, &'a str, &'a str); 3]) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = [
        ("title_th", "อบรมสิทธิมนุษยชนสำหรับเยาวชน"),
        ("kind", "training"),
        ("programme_id", programme),
        ("starts_at", "2024-03-15T09:00"),
        ("mode", "onsite"),
        ("area_code", "40"),
        ("_action", "save"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    for (i, (gender, age, count)) in counts.into_iter().enumerate() {
        pairs.push((format!("participation/{i}/gender"), gender.to_owned()));
        pairs.push((format!("participation/{i}/age_band"), age.to_owned()));
        pairs.push((format!("participation/{i}/count"), count.to_owned()));
    }
    // A blank row, as the form always offers, is ignored.
    pairs.push(("participation/3/gender".into(), String::new()));
    pairs
}

#[tokio::test]
async fn a_new_activity_changes_the_home_figures_and_its_small_counts_stay_hidden() {
    for site in Site::all().await {
        let b = site.backend;
        let before = site.store.overview(phakhi_domain::FiscalYear::from_be(2567).unwrap()).await.unwrap();
        let programme = site.store.list_programmes(&ProgrammeFilter::default(), &Page::default()).await.unwrap().items[0].id.0.to_string();
        let form = activity_form(&programme, [("female", "15-24", "12"), ("gender_diverse", "15-24", "3"), ("male", "25-59", "20")]);
        let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let saved = site.post("/th/activities/new", &pairs).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{b}: {}", saved.html);
        let page = site.public(saved.location()).await;
        assert!(page.html.contains("ผู้เข้าร่วมทั้งหมด 35 คน"), "{b}: the total is shown");
        // Gender-diverse 3 is hidden, and female 12 with it, or 35 − 20 − 12 would give it away.
        let start = page.html.find("id=\"participation-gender\"").expect("the gender chart");
        let gender_table = &page.html[start..start + page.html[start..].find("</figure>").unwrap()];
        assert_eq!(gender_table.matches("<td>&lt;5</td>").count(), 2, "{b}: two hidden cells in the table");
        assert!(
            !gender_table.contains(">3<") && !gender_table.contains(">12<") && !gender_table.contains(": 3<"),
            "{b}: neither count shown"
        );
        let after = site.store.overview(phakhi_domain::FiscalYear::from_be(2567).unwrap()).await.unwrap();
        assert_eq!(after.activities, before.activities + 1, "{b}");
        assert_eq!(after.participants, before.participants + 35, "{b}");
        let home = site.get("/en/?fy=2567").await;
        let start = home.html.find("id=\"participants-by-gender\"").expect("the home page's gender chart");
        let chart = &home.html[start..start + home.html[start..].find("</figure>").unwrap()];
        assert!(chart.contains("<td>&lt;5</td>") && !chart.contains("<td>3</td>"), "{b}: the home page never shows the 3");

        // Those entitled to the activity's figures see them exact, are told so, and no cache keeps the page.
        let entitled = site.get(saved.location()).await;
        let start = entitled.html.find("id=\"participation-gender\"").expect("the gender chart");
        let gender_table = &entitled.html[start..start + entitled.html[start..].find("</figure>").unwrap()];
        assert!(gender_table.contains("<td>3</td>") && gender_table.contains("<td>12</td>"), "{b}: exact for the admin");
        assert!(entitled.html.contains("id=\"exact-figures\""), "{b}: the page says the public sees less");
        assert_eq!(entitled.headers[header::CACHE_CONTROL], "private, no-store", "{b}");
        assert!(!page.html.contains("id=\"exact-figures\"") && !page.headers.contains_key(header::CACHE_CONTROL), "{b}");
    }
}

#[tokio::test]
async fn a_rejected_form_keeps_everything_typed_and_names_each_field() {
    for site in Site::all().await {
        let b = site.backend;
        let activities_before = site.store.list_activities(&ActivityFilter::default(), &Page::default()).await.unwrap().total;
        let reply = site
            .post(
                "/en/activities/new",
                &[
                    ("title_th", "เวทีเสวนา <ขอนแก่น>"),
                    ("title_en", "Forum & dialogue"),
                    ("kind", "forum"),
                    ("mode", "onsite"),
                    ("venue_en", "City hall"),
                    ("participation/0/gender", "female"),
                    ("participation/0/count", "abc"),
                    ("_action", "save"),
                ],
            )
            .await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
        let html = &reply.html;
        assert!(html.contains("id=\"f-starts_at\"") && html.contains("Please fill in this field"), "{b}: the missing start");
        assert!(html.contains("Please enter a whole number"), "{b}: the bad count");
        assert!(html.contains("value=\"เวทีเสวนา &#60;ขอนแก่น&#62;\""), "{b}: the Thai title kept, escaped");
        assert!(
            html.contains("value=\"Forum &#38; dialogue\"") && html.contains("value=\"City hall\"") && html.contains("value=\"abc\""),
            "{b}"
        );
        assert!(html.contains("<option value=\"female\" selected>"), "{b}: the row's gender kept");
        assert!(html.matches("aria-invalid=\"true\"").count() >= 2, "{b}");
        let activities_after = site.store.list_activities(&ActivityFilter::default(), &Page::default()).await.unwrap().total;
        assert_eq!(activities_before, activities_after, "{b}: nothing written");

        // A domain rule (a commitment by an organisation that is not a party) lands on its field.
        let org = site.first_organization().await;
        let page = site.get(&format!("/th/partners/{org}/edit")).await;
        let version = page.html.split("name=\"_version\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
        let stale = site
            .post(
                &format!("/th/partners/{org}/edit"),
                &[("_version", "999"), ("name_th", "ชื่อใหม่"), ("sector", "academic"), ("status", "active")],
            )
            .await;
        assert_eq!(stale.status, StatusCode::UNPROCESSABLE_ENTITY, "{b}: an edit over someone else's change is refused");
        assert!(stale.html.contains("value=\"ชื่อใหม่\""), "{b}: and keeps what was typed");
        let saved = site
            .post(
                &format!("/th/partners/{org}/edit"),
                &[("_version", &version), ("name_th", "ชื่อใหม่"), ("sector", "academic"), ("status", "active")],
            )
            .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{b}: {}", saved.html);
        let stored = site.store.get_organization(phakhi_domain::OrganizationId(org)).await.unwrap();
        assert_eq!(stored.input.name_th, "ชื่อใหม่", "{b}");
    }
}

#[tokio::test]
async fn more_rows_shows_the_form_again_without_saving() {
    for site in Site::all().await {
        let reply = site
            .post("/th/agreements/new", &[("title_th", "บันทึกความร่วมมือใหม่"), ("parties/0/role", "signatory"), ("_action", "more:parties")])
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", site.backend);
        // One typed row + two blank + two more.
        assert!(reply.html.contains("name=\"parties/4/role\""), "{}", site.backend);
        assert!(reply.html.contains("value=\"บันทึกความร่วมมือใหม่\""), "{}", site.backend);
        let total = site.store.list_agreements(&AgreementFilter::default(), &Page::default()).await.unwrap().total;
        assert_eq!(total, 2, "{}: nothing saved", site.backend);
    }
}

#[tokio::test]
async fn pages_are_compressed_for_browsers_that_accept_it() {
    let site = Site::all().await.remove(0);
    let request = Request::get("/th/").header(header::ACCEPT_ENCODING, "gzip").body(Body::empty()).unwrap();
    let response = site.router.clone().oneshot(request).await.unwrap();
    assert_eq!(response.headers()[header::CONTENT_ENCODING], "gzip");
    let compressed = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap().len();
    let plain = site.get("/th/").await.html.len();
    assert!(compressed * 3 < plain, "{compressed} bytes compressed against {plain}");
}

#[tokio::test]
async fn the_organisers_editor_records_corrects_and_erases_a_person_whom_nobody_else_sees() {
    use phakhi_domain::access::{Role, Scope};
    for site in Site::all().await {
        let b = site.backend;
        let programme = site.store.list_programmes(&ProgrammeFilter::default(), &Page::default()).await.unwrap().items[0].clone();
        let lead = programme.input.lead_organization_id;
        let other = site
            .store
            .list_organizations(&OrganizationFilter::default(), &Page::default())
            .await
            .unwrap()
            .items
            .into_iter()
            .find(|o| o.id != lead)
            .unwrap()
            .id;
        add_user(site.store.as_ref(), "editor@example.org", "editor password 1", Role::Editor, Scope::Organization(lead)).await;
        add_user(site.store.as_ref(), "stranger@example.org", "stranger password 1", Role::Editor, Scope::Organization(other)).await;
        let editor = site.sign_in("editor@example.org", "editor password 1").await.unwrap();
        let stranger = site.sign_in("stranger@example.org", "stranger password 1").await.unwrap();
        let form =
            activity_form(&programme.id.0.to_string(), [("female", "15-24", "6"), ("male", "15-24", "7"), ("not_stated", "60+", "8")]);
        let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let saved = site.post_as(&editor, "/th/activities/new", &pairs).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{b}: {}", saved.html);
        let activity = saved.location().to_owned();
        let list = format!("{activity}/participants");

        // The activity page offers the people to the organiser's editor only.
        assert!(site.send_as(&editor, Method::GET, &activity, None).await.html.contains(&format!("href=\"{list}\"")), "{b}");
        assert!(!site.send_as(&stranger, Method::GET, &activity, None).await.html.contains(&list), "{b}");
        assert!(!site.public(&activity).await.html.contains(&list), "{b}");

        // Gender identity without consent is refused on the consent field, with everything kept.
        let person = [("full_name", "นภา ศรีสุข"), ("age_band", "15-24"), ("gender", "gender_diverse"), ("nationality", "th")];
        let refused = site.post_as(&editor, &format!("{list}/new"), &person).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{b}: {}", refused.html);
        assert!(refused.html.contains("href=\"#f-consent_purpose\"") && refused.html.contains("value=\"นภา ศรีสุข\""), "{b}");
        let mut with_consent = person.to_vec();
        with_consent.extend([("consent_purpose", "รายงานตัวชี้วัดความเท่าเทียมทางเพศ"), ("consent_given_on", "2024-03-15")]);
        let recorded = site.post_as(&editor, &format!("{list}/new"), &with_consent).await;
        assert_eq!((recorded.status, recorded.location()), (StatusCode::SEE_OTHER, list.as_str()), "{b}: {}", recorded.html);
        let people = site.send_as(&editor, Method::GET, &list, None).await;
        assert!(people.html.contains("นภา ศรีสุข") && people.html.contains("15 มี.ค. 2567"), "{b}: consent date in BE");
        assert_eq!(people.headers[header::CACHE_CONTROL], "private, no-store", "{b}");

        // Their download: the organiser's editor gets the page's fields, in BE and ISO; nobody else a file.
        assert!(people.html.contains(&format!("href=\"{list}?format=xlsx\"")), "{b}: the page offers the download");
        let rows = site.send_as(&editor, Method::GET, &format!("{list}?format=csv"), None).await.csv_rows();
        assert_eq!(rows.len(), 2, "{b}: the header and the one person: {rows:?}");
        assert_eq!(rows[0][1], "ชื่อ-นามสกุล", "{b}");
        assert_eq!(
            rows[1][1..],
            ["นภา ศรีสุข", "15–24 ปี", "ผู้มีความหลากหลายทางเพศ (LGBTQ+)", "", "15 มี.ค. 2567", "2024-03-15"].map(str::to_owned),
            "{b}"
        );
        let download = site.send_as(&editor, Method::GET, &format!("/en{}?format=xlsx", list.trim_start_matches("/th")), None).await;
        assert_eq!(download.headers[header::CACHE_CONTROL], "private, no-store", "{b}: personal data is never cached");
        let (_, sheet) = download.xlsx_sheet();
        assert_eq!(sheet.get((0, 1)), Some(&calamine::Data::String("Full name".into())), "{b}");
        assert_eq!(sheet.get((1, 1)), Some(&calamine::Data::String("นภา ศรีสุข".into())), "{b}");
        let public = site.public(&format!("{list}?format=csv")).await;
        assert_eq!(public.status, StatusCode::SEE_OTHER, "{b}: the public is sent to sign in");
        let stranger_download = site.send_as(&stranger, Method::GET, &format!("{list}?format=xlsx"), None).await;
        assert_eq!(stranger_download.status, StatusCode::FORBIDDEN, "{b}");
        assert!(stranger_download.content_type().starts_with("text/html") && !stranger_download.html.contains("ศรีสุข"), "{b}");

        // Nobody else: the public is sent to sign in, another organisation's editor is refused.
        assert_eq!(site.public(&list).await.status, StatusCode::SEE_OTHER, "{b}");
        let refused = site.send_as(&stranger, Method::GET, &list, None).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{b}");
        assert!(!refused.html.contains("ศรีสุข"), "{b}");

        // Correct, then erase: the count stays.
        let edit = people.html.split("href=\"/th/participants/").nth(1).unwrap().split('"').next().unwrap().to_owned();
        let id = edit.trim_end_matches("/edit").to_owned();
        let form = site.send_as(&editor, Method::GET, &format!("/th/participants/{edit}"), None).await;
        assert!(
            form.html.contains("value=\"รายงานตัวชี้วัดความเท่าเทียมทางเพศ\"") || form.html.contains(">รายงานตัวชี้วัดความเท่าเทียมทางเพศ<"),
            "{b}"
        );
        let version = form.html.split("name=\"_version\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
        let mut corrected = with_consent.clone();
        corrected[1] = ("age_band", "25-59");
        corrected.push(("_version", &version));
        let saved = site.post_as(&editor, &format!("/th/participants/{edit}"), &corrected).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{b}: {}", saved.html);
        let stale = site.post_as(&editor, &format!("/th/participants/{id}/erase"), &[("_version", &version)]).await;
        assert_eq!(stale.status, StatusCode::CONFLICT, "{b}: erasing from an old page asks again");
        let confirm = site.send_as(&editor, Method::GET, &format!("/th/participants/{id}/erase"), None).await;
        let version = confirm.html.split("name=\"_version\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
        let erased = site.post_as(&editor, &format!("/th/participants/{id}/erase"), &[("_version", &version)]).await;
        assert_eq!((erased.status, erased.location()), (StatusCode::SEE_OTHER, list.as_str()), "{b}");
        assert!(!site.send_as(&editor, Method::GET, &list, None).await.html.contains("ศรีสุข"), "{b}");
        let activity_id = activity.rsplit('/').next().unwrap().parse().unwrap();
        let a = site.store.get_activity(phakhi_domain::ActivityId(activity_id)).await.unwrap();
        assert_eq!(a.participation_summary.total, 6 + 7 + 8 + 1, "{b}: the erased person still counts");
    }
}

#[tokio::test]
async fn the_audit_page_shows_admins_every_change_and_refuses_editors() {
    use phakhi_domain::access::{Role, Scope};
    for site in Site::all().await {
        let b = site.backend;
        let org = site.first_organization().await;
        let edit = site.get(&format!("/en/partners/{org}/edit")).await;
        let version = edit.html.split("name=\"_version\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
        let stored = site.store.get_organization(phakhi_domain::OrganizationId(org)).await.unwrap();
        let saved = site
            .post(
                &format!("/en/partners/{org}/edit"),
                &[
                    ("name_th", &stored.input.name_th),
                    ("sector", phakhi_domain::Vocabulary::code(stored.input.sector)),
                    ("status", "active"),
                    ("website", "https://example.org/"),
                    ("_version", &version),
                ],
            )
            .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{b}: {}", saved.html);
        let log = site.get("/en/audit?entity=organization").await;
        assert_eq!(log.status, StatusCode::OK, "{b}");
        assert!(log.html.contains(ADMIN_EMAIL) && log.html.contains(", website</p>"), "{b}: who and which field: {}", log.html);
        let history = site.get(&format!("/th/audit?entity_id={org}")).await;
        assert!(
            history.html.contains("ช่องที่เปลี่ยน: ")
                && history.html.contains(", website</p>")
                && history.html.contains(&format!("href=\"/th/partners/{org}\"")),
            "{b}"
        );
        assert!(site.get("/th/account").await.html.contains("href=\"/th/audit\""), "{b}: the admin's account page leads there");

        add_user(
            site.store.as_ref(),
            "editor@example.org",
            "editor password 1",
            Role::Editor,
            Scope::Organization(phakhi_domain::OrganizationId(org)),
        )
        .await;
        let editor = site.sign_in("editor@example.org", "editor password 1").await.unwrap();
        assert_eq!(site.send_as(&editor, Method::GET, "/th/audit", None).await.status, StatusCode::FORBIDDEN, "{b}");
        assert!(!site.send_as(&editor, Method::GET, "/th/account", None).await.html.contains("/th/audit"), "{b}");
        assert_eq!(site.public("/th/audit").await.status, StatusCode::SEE_OTHER, "{b}: the public signs in first");

        // The log's download: every entry the filter matches, for those who see the page only.
        let filter = phakhi_store::accounts::AuditFilter { entity: Some("organization".into()), ..Default::default() };
        let total = site.store.list_audit(&filter, &Page { limit: 1, offset: 0, sort: None }).await.unwrap().total;
        let rows = site.get("/en/audit?entity=organization&format=csv").await.csv_rows();
        assert_eq!(rows.len() as u64, total + 1, "{b}: every entry, not one page");
        let everything = site.store.list_audit(&Default::default(), &Page { limit: 1, offset: 0, sort: None }).await.unwrap().total;
        assert!(everything > 25, "{b}: the log fills more than a page ({everything})");
        assert_eq!(site.get("/th/audit?format=xlsx").await.xlsx_sheet().1.height() as u64, everything + 1, "{b}: all its pages");
        assert!(rows[1..].iter().all(|r| r[5] == "Partner organisation"), "{b}");
        assert!(rows.iter().any(|r| r[2] == ADMIN_EMAIL && r[8].contains("website")), "{b}: who and which field");
        assert_eq!(site.send_as(&editor, Method::GET, "/th/audit?format=csv", None).await.status, StatusCode::FORBIDDEN, "{b}");
        assert_eq!(site.public("/th/audit?format=xlsx").await.status, StatusCode::SEE_OTHER, "{b}");
    }
}

#[tokio::test]
async fn a_list_downloads_every_record_its_filters_match_in_the_page_s_language() {
    use phakhi_domain::organization::Sector;
    for site in Site::all().await {
        let b = site.backend;
        // Thai CSV of a filtered directory: exactly the records the store finds for the same filter.
        let filter = OrganizationFilter { sector: Some(Sector::LocalGovernment), ..Default::default() };
        let mut expected: Vec<String> =
            site.store.list_organizations(&filter, &Page::all()).await.unwrap().items.iter().map(|o| o.id.0.to_string()).collect();
        let rows = site.public("/th/partners?sector=local_government&format=csv").await.csv_rows();
        assert_eq!(rows[0][..5], ["รหัสระเบียน", "ชื่อภาษาไทย", "ชื่อภาษาอังกฤษ", "ชื่อย่อ", "ภาคส่วน"].map(str::to_owned), "{b}");
        let mut found: Vec<String> = rows[1..].iter().map(|r| r[0].clone()).collect();
        expected.sort();
        found.sort();
        assert!(!expected.is_empty(), "{b}: the demonstration has local governments");
        assert_eq!(found, expected, "{b}");
        let sector = site.public("/th/partners?sector=local_government").await;
        assert!(
            sector.html.contains("href=\"/th/partners?sector=local_government&#38;format=xlsx\" download"),
            "{b}: the page's links carry its filters"
        );

        // English XLSX of every activity: English headers, typed cells, counts as the public may see them.
        let programme = site.store.list_programmes(&ProgrammeFilter::default(), &Page::default()).await.unwrap().items[0].id.0.to_string();
        for counts in [
            [("female", "15-24", "6"), ("male", "15-24", "7"), ("not_stated", "60+", "8")],
            [("female", "15-24", "1"), ("male", "15-24", "1"), ("not_stated", "60+", "1")],
        ] {
            let form = activity_form(&programme, counts);
            let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            assert_eq!(site.post("/th/activities/new", &pairs).await.status, StatusCode::SEE_OTHER, "{b}");
        }
        let total = site.store.list_activities(&ActivityFilter::default(), &Page { limit: 1, offset: 0, sort: None }).await.unwrap().total;
        let download = site.public("/en/activities?format=xlsx").await;
        let disposition = download.headers[header::CONTENT_DISPOSITION].to_str().unwrap().to_owned();
        assert!(
            disposition.starts_with("attachment; filename=\"phakhi-activities-") && disposition.contains(".xlsx"),
            "{b}: {disposition}"
        );
        let (name, sheet) = download.xlsx_sheet();
        assert_eq!(name, "Activities", "{b}");
        assert_eq!(sheet.height() as u64, total + 1, "{b}");
        assert_eq!(sheet.get((0, 1)), Some(&calamine::Data::String("Title in Thai".into())), "{b}");
        let participants = (0..sheet.width()).find(|c| sheet.get((0, *c)) == Some(&calamine::Data::String("Participants (people)".into())));
        let column: Vec<&calamine::Data> = (1..sheet.height()).filter_map(|r| sheet.get((r, participants.unwrap()))).collect();
        assert!(column.contains(&&calamine::Data::Float(21.0)), "{b}: counts are numbers: {column:?}");
        assert!(column.contains(&&calamine::Data::String("<5".into())), "{b}: a count of 3 is withheld: {column:?}");
        assert!(
            column.iter().all(|d| match d {
                calamine::Data::Float(n) => *n == 0.0 || *n >= 5.0,
                calamine::Data::String(s) => s == "<5",
                _ => true,
            }),
            "{b}: the public never gets a count from 1 to 4"
        );
        assert!(matches!(sheet.get((1, 4)), Some(calamine::Data::DateTime(_))), "{b}: the start is a date cell");

        // A filter the page refuses, the download refuses too; a format we do not write is a bad request.
        assert_eq!(site.public("/th/programmes?fiscal_year=99&format=csv").await.status, StatusCode::BAD_REQUEST, "{b}");
        assert_eq!(site.public("/th/programmes?format=pdf").await.status, StatusCode::BAD_REQUEST, "{b}");
        let fy = FiscalYear::from_be(2567).unwrap();
        let programmes =
            site.store.list_programmes(&ProgrammeFilter { fiscal_year: Some(fy), ..Default::default() }, &Page::all()).await.unwrap();
        let rows = site.public("/th/programmes?fiscal_year=2567&format=csv").await.csv_rows();
        assert_eq!(rows.len(), programmes.items.len() + 1, "{b}");
        assert!(rows[1..].iter().all(|r| r[3] == "2567"), "{b}: the fiscal year in the Buddhist Era");
    }
}

/// A field's value on a form page.
fn field_value<'a>(page: &'a Reply, name: &str) -> &'a str {
    let after = page.html.split(&format!("name=\"{name}\"")).nth(1).unwrap_or_else(|| panic!("no field {name}"));
    after.split("value=\"").nth(1).unwrap().split('"').next().unwrap()
}

/// The id at the end of a redirect to a record's page.
fn id_in(location: &str) -> uuid::Uuid {
    location.split('/').next_back().unwrap().split(['#', '?']).next().unwrap().parse().unwrap()
}

/// The demonstration's Chiang Mai plan, kept by a network.
async fn kept_plan(site: &Site) -> phakhi_domain::plan::Plan {
    let plans = site.store.list_plans(&Default::default(), &Page::default()).await.unwrap().items;
    plans.into_iter().find(|p| p.input.network_id.is_some()).expect("a plan kept by a network")
}

#[tokio::test]
async fn an_indicator_is_made_through_its_form_and_a_bad_formula_comes_back_with_its_position() {
    for site in Site::all().await {
        let b = site.backend;
        let plan = kept_plan(&site).await.id.0;
        let form = site.get(&format!("/th/indicators/new?plan_id={plan}")).await;
        assert_eq!(form.status, StatusCode::OK, "{b}");
        assert!(form.html.contains(&format!("<option value=\"{plan}\" selected>")), "{b}: the plan chosen from the link");
        let fields = |formula: &'static str| {
            vec![
                ("plan_id", plan.to_string()),
                ("code", "9.9.9".to_owned()),
                ("name_th", "จำนวนการอบรมสิทธิมนุษยชน".to_owned()),
                ("unit_th", "ครั้ง".to_owned()),
                ("direction", "higher_is_better".to_owned()),
                ("baseline_value", "3".to_owned()),
                ("baseline_year", "2566".to_owned()),
                ("targets/0/fiscal_year", "2570".to_owned()),
                ("targets/0/value", "12".to_owned()),
                ("disaggregations", "gender".to_owned()),
                ("formula", formula.to_owned()),
            ]
        };
        let pairs = |v: &[(&'static str, String)]| v.iter().map(|(k, v)| (*k, v.clone())).collect::<Vec<_>>();
        let before = site.store.list_indicators(&Default::default(), &Page::default()).await.unwrap().total;

        // A misspelt set: the parser's message, at its character, beside the formula, all typed kept.
        let bad = pairs(&fields("count(activites, kind = training)"));
        let bad: Vec<(&str, &str)> = bad.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let reply = site.post("/th/indicators/new", &bad).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{b}: {}", reply.html);
        let note = reply.html.split("id=\"f-formula-note\"").nth(1).expect("a note under the formula").split("</p>").next().unwrap();
        assert!(note.contains("สูตรไม่ถูกต้องที่ตำแหน่งที่ 7"), "{b}: the position, in Thai: {note}");
        assert!(reply.html.contains("count(activites, kind = training)</textarea>"), "{b}: the formula kept");
        assert!(reply.html.contains("value=\"จำนวนการอบรมสิทธิมนุษยชน\"") && reply.html.contains("value=\"2570\""), "{b}: the rest kept");
        let english = site.post("/en/indicators/new", &bad).await;
        assert!(english.html.contains("The formula is not valid at character 7"), "{b}: the position, in English");
        assert_eq!(site.store.list_indicators(&Default::default(), &Page::default()).await.unwrap().total, before, "{b}: nothing saved");

        // A good one is saved, with its baseline, target and breakdown, and shows its value per year.
        let good = pairs(&fields("count(activities, kind = training)"));
        let good: Vec<(&str, &str)> = good.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let saved = site.post("/th/indicators/new", &good).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{b}: {}", saved.html);
        let id = phakhi_domain::IndicatorId(id_in(saved.location()));
        let stored = site.store.get_indicator(id).await.unwrap();
        assert_eq!(stored.input.source, IndicatorSource::Computed { formula: "count(activities, kind = training)".into() }, "{b}");
        assert_eq!(stored.input.baseline.map(|x| (x.value, x.fiscal_year.be())), Some((3.0, 2566)), "{b}");
        assert_eq!(stored.input.targets.iter().map(|t| (t.fiscal_year.be(), t.value)).collect::<Vec<_>>(), [(2570, 12.0)], "{b}");
        let page = site.get(saved.location()).await;
        assert_eq!(page.status, StatusCode::OK, "{b}");
        assert!(page.html.contains("ปีงบประมาณ 2570") && page.html.contains("ค่าที่คำนวณจากสูตร"), "{b}: values by Buddhist Era year");
        assert!(!page.html.contains("กรอกค่าตัวชี้วัด"), "{b}: a computed indicator takes no entered values");

        // Editing keeps the formula; clearing it makes the indicator one whose values are entered.
        let edit = site.get(&format!("/th/indicators/{}/edit", id.0)).await;
        assert!(edit.html.contains("count(activities, kind = training)</textarea>"), "{b}: the formula shown for editing");
        let version = field_value(&edit, "_version").to_owned();
        let mut cleared = good.clone();
        cleared.retain(|(k, _)| *k != "formula");
        cleared.push(("_version", &version));
        let saved = site.post(&format!("/th/indicators/{}/edit", id.0), &cleared).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{b}: {}", saved.html);
        assert_eq!(site.store.get_indicator(id).await.unwrap().input.source, IndicatorSource::Entered, "{b}");

        // The plan's tree links to an indicator it places, and the list finds the new one.
        let list = site.get(&format!("/en/indicators?plan={plan}")).await;
        assert!(list.html.contains(&format!("/en/indicators/{}", id.0)), "{b}: listed under its plan");
    }
}

#[tokio::test]
async fn a_value_is_entered_submitted_and_approved_through_the_forms_and_others_are_refused() {
    use phakhi_domain::access::{Role, Scope};
    for site in Site::all().await {
        let b = site.backend;
        let plan = kept_plan(&site).await;
        let network = plan.input.network_id.unwrap();
        let (responsible, other) = {
            let orgs = site.store.list_organizations(&OrganizationFilter::default(), &Page::default()).await.unwrap().items;
            let keepers: Vec<_> = plan.input.organization_id.into_iter().chain(plan.input.responsible_organization_ids.clone()).collect();
            let mut free = orgs.iter().map(|o| o.id).filter(|o| !keepers.contains(o));
            (free.next().unwrap(), free.next().unwrap())
        };
        let indicator = site
            .store
            .create_indicator(IndicatorInput {
                plan_id: plan.id,
                code: "8.8.8".into(),
                name_th: "จำนวนเครือข่ายเยาวชนที่จัดตั้ง".into(),
                name_en: Some("Youth networks set up".into()),
                definition_th: None,
                definition_en: None,
                unit_th: "เครือข่าย".into(),
                unit_en: Some("networks".into()),
                direction: phakhi_domain::indicator::Direction::HigherIsBetter,
                baseline: None,
                targets: vec![],
                disaggregations: vec![phakhi_domain::indicator::Dimension::Gender],
                aligned_to: vec![],
                source: IndicatorSource::Entered,
                responsible_organization_ids: vec![responsible],
            })
            .await
            .unwrap()
            .id;
        add_user(site.store.as_ref(), "editor@example.org", "editor password 1", Role::Editor, Scope::Organization(responsible)).await;
        add_user(site.store.as_ref(), "outsider@example.org", "outsider password 1", Role::Editor, Scope::Organization(other)).await;
        add_user(site.store.as_ref(), "coordinator@example.org", "coordinator password", Role::Coordinator, Scope::Network(network)).await;
        let editor = site.sign_in("editor@example.org", "editor password 1").await.unwrap();
        let outsider = site.sign_in("outsider@example.org", "outsider password 1").await.unwrap();
        let coordinator = site.sign_in("coordinator@example.org", "coordinator password").await.unwrap();
        let page_path = format!("/th/indicators/{}", indicator.0);
        let page_as = |session: &str| {
            let session = session.to_owned();
            let path = page_path.clone();
            let site = &site;
            async move { site.send_as(&session, Method::GET, &path, None).await }
        };
        let value_status = || async {
            let values = site.store.list_indicator_values(indicator, &Default::default()).await.unwrap();
            values.iter().map(|v| v.status).collect::<Vec<_>>()
        };

        // The responsible organisation's editor enters a value: a draft, with its breakdown and source.
        let page = page_as(&editor).await;
        assert!(page.html.contains(&format!("/th/indicators/{}/values/new", indicator.0)), "{b}: the editor may enter");
        let form = site.send_as(&editor, Method::GET, &format!("/th/indicators/{}/values/new", indicator.0), None).await;
        assert!(form.html.contains("name=\"gender\"") && !form.html.contains("name=\"age_band\""), "{b}: only allowed breakdowns");
        let bad =
            site.post_as(&editor, &format!("/th/indicators/{}/values/new", indicator.0), &[("fiscal_year", "2567"), ("value", "สิบ")]).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
        assert!(bad.html.contains("value=\"สิบ\""), "{b}: the bad number kept");
        let entered = site
            .post_as(
                &editor,
                &format!("/th/indicators/{}/values/new", indicator.0),
                &[("fiscal_year", "2567"), ("gender", "female"), ("value", "12"), ("source", "รายงานประจำปี 2567")],
            )
            .await;
        assert_eq!(entered.status, StatusCode::SEE_OTHER, "{b}: {}", entered.html);
        assert_eq!(value_status().await, [ValueStatus::Draft], "{b}");
        let value = site.store.list_indicator_values(indicator, &Default::default()).await.unwrap()[0].clone();
        assert_eq!(value.input.disaggregation.get("gender").map(String::as_str), Some("female"), "{b}");
        assert_eq!(value.input.area_code, plan.input.area_code, "{b}: the plan's own area");

        // The editor may submit, not approve: only the submit button, and an approval they post is refused.
        let page = page_as(&editor).await;
        assert!(page.html.contains("value=\"submit\"") && !page.html.contains("value=\"approve\""), "{b}: the editor's buttons");
        let step = format!("/th/indicator-values/{}/step", value.id.0);
        let submitted = site.post_as(&editor, &step, &[("step", "submit"), ("_version", &value.meta.version.to_string())]).await;
        assert_eq!(submitted.status, StatusCode::SEE_OTHER, "{b}: {}", submitted.html);
        assert_eq!(value_status().await, [ValueStatus::Submitted], "{b}");
        let refused = site.post_as(&editor, &step, &[("step", "approve")]).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{b}");
        assert!(
            refused.html.contains("ดำเนินการไม่สำเร็จ") && refused.html.contains("บัญชีนี้ไม่มีสิทธิ์เปลี่ยนแปลง"),
            "{b}: said in Thai: {}",
            refused.html
        );
        assert_eq!(value_status().await, [ValueStatus::Submitted], "{b}: nothing changed");

        // Someone of another organisation sees neither the value nor a button, and a step they post is refused.
        let page = page_as(&outsider).await;
        assert!(!page.html.contains("name=\"step\""), "{b}: no buttons for an outsider");
        assert!(!page.html.contains("/values/new"), "{b}: nor the value form");
        let refused = site.post_as(&outsider, &step.replace("/th/", "/en/"), &[("step", "return")]).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{b}");
        assert!(refused.html.contains("Not available to this account"), "{b}: the value is not theirs to see: {}", refused.html);
        assert_eq!(value_status().await, [ValueStatus::Submitted], "{b}: nothing changed");
        let public = site.send_as("", Method::POST, &step, Some("step=approve".into())).await;
        assert_eq!(public.status, StatusCode::SEE_OTHER, "{b}: the public is sent to sign in");

        // The plan's coordinator approves; a step the status no longer allows is a clear conflict.
        let page = page_as(&coordinator).await;
        assert!(page.html.contains("value=\"approve\"") && page.html.contains("value=\"return\""), "{b}: the reviewer's buttons");
        assert!(!page.html.contains("value=\"submit\""), "{b}");
        let approved = site.post_as(&coordinator, &step, &[("step", "approve")]).await;
        assert_eq!(approved.status, StatusCode::SEE_OTHER, "{b}: {}", approved.html);
        assert_eq!(value_status().await, [ValueStatus::Approved], "{b}");
        let again = site.post_as(&coordinator, &step, &[("step", "approve")]).await;
        assert_eq!(again.status, StatusCode::CONFLICT, "{b}");
        assert!(again.html.contains("ไม่สามารถอนุมัติได้"), "{b}: the domain's reason: {}", again.html);

        // Approved, the value is public, with who approved it; the audit log kept every step.
        let public = site.public(&page_path).await;
        assert!(public.html.contains("อนุมัติแล้ว") && public.html.contains("coordinator@example.org"), "{b}");
        assert!(!public.html.contains("name=\"step\""), "{b}: no buttons for the public");

        // A draft entered by mistake is removed by its editor, after a confirmation; an approved
        // value, or someone else's try, is refused with the reason and nothing is lost.
        let approved_id = value.id;
        let entered =
            site.post_as(&editor, &format!("/th/indicators/{}/values/new", indicator.0), &[("fiscal_year", "2568"), ("value", "7")]).await;
        assert_eq!(entered.status, StatusCode::SEE_OTHER, "{b}: {}", entered.html);
        let draft = site.store.list_indicator_values(indicator, &Default::default()).await.unwrap();
        let draft = draft.iter().find(|v| v.id != approved_id).unwrap().clone();
        let remove = format!("/th/indicator-values/{}/remove", draft.id.0);
        assert!(page_as(&editor).await.html.contains(&remove), "{b}: the editor is offered the removal");
        assert!(!page_as(&outsider).await.html.contains(&remove), "{b}: an outsider is not");
        let confirm = site.send_as(&editor, Method::GET, &remove, None).await;
        assert_eq!(confirm.status, StatusCode::OK, "{b}");
        assert!(confirm.html.contains("ลบค่าที่เป็นร่าง"), "{b}: asks first: {}", confirm.html);
        let version = draft.meta.version.to_string();
        let refused = site.post_as(&outsider, &remove, &[("_version", &version)]).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{b}: {}", refused.html);
        assert_eq!(value_status().await.len(), 2, "{b}: nothing removed");
        let removed = site.post_as(&editor, &remove, &[("_version", &version)]).await;
        assert_eq!(removed.status, StatusCode::SEE_OTHER, "{b}: {}", removed.html);
        assert_eq!(value_status().await, [ValueStatus::Approved], "{b}: the draft is gone, the approved value stays");
        let approved = format!("/th/indicator-values/{}/remove", approved_id.0);
        let kept = site.post_as(&coordinator, &approved, &[("_version", "")]).await;
        assert_eq!(kept.status, StatusCode::CONFLICT, "{b}: {}", kept.html);
        assert_eq!(value_status().await, [ValueStatus::Approved], "{b}: the approved value stays");
    }
}

#[tokio::test]
async fn a_plan_is_made_given_a_tree_and_copied_as_a_template_through_the_forms() {
    for site in Site::all().await {
        let b = site.backend;
        let network = kept_plan(&site).await.input.network_id.unwrap().0.to_string();
        let plan_fields = |end: &'static str| {
            vec![
                ("code", "kk-youth-2567"),
                ("title_th", "แผนพัฒนาเยาวชนขอนแก่น"),
                ("network_id", network.as_str()),
                ("area_code", "40"),
                ("start_year", "2567"),
                ("end_year", end),
                ("status", "draft"),
            ]
        };
        let bad = site.post("/th/plans/new", &plan_fields("2565")).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
        let note = bad.html.split("id=\"f-end_year-note\"").nth(1).expect("a note under the last year").split("</p>").next().unwrap();
        assert!(note.contains("ปีสิ้นสุดของแผนต้องไม่ก่อนปีเริ่มต้น"), "{b}: {note}");
        let saved = site.post("/th/plans/new", &plan_fields("2570")).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{b}: {}", saved.html);
        let plan = id_in(saved.location());

        // A strategy, a measure below it (the link prefills the level and the parent), then edits.
        let new_item = format!("/th/plans/{plan}/items/new");
        let strategy = site.post(&new_item, &[("level", "strategy"), ("code", "1"), ("title_th", "ยุทธศาสตร์ที่ 1")]).await;
        assert_eq!(strategy.status, StatusCode::SEE_OTHER, "{b}: {}", strategy.html);
        let store = site.store.clone();
        let items = |plan| {
            let store = store.clone();
            async move {
                let filter = PlanItemFilter { plan: Some(phakhi_domain::PlanId(plan)), ..Default::default() };
                store.list_plan_items(&filter, &Page::default()).await.unwrap().items
            }
        };
        let strategy = items(plan).await[0].id.0;
        let page = site.get(&format!("/th/plans/{plan}")).await;
        let below = format!("/th/plans/{plan}/items/new?parent_id={strategy}&#38;level=measure");
        assert!(page.html.contains(&below), "{b}: the strategy offers an item below it");
        let form = site.get(&below.replace("&#38;", "&")).await;
        assert!(form.html.contains(&format!("<option value=\"{strategy}\" selected>")), "{b}: the parent chosen");
        let measure = site
            .post(
                &new_item,
                &[("level", "measure"), ("parent_id", &strategy.to_string()), ("code", "1.1"), ("title_th", "มาตรการ"), ("weight", "2")],
            )
            .await;
        assert_eq!(measure.status, StatusCode::SEE_OTHER, "{b}: {}", measure.html);
        let measure = items(plan).await.into_iter().find(|i| i.input.code == "1.1").unwrap();
        assert_eq!(measure.input.weight, 2.0, "{b}");
        let edited = site
            .post(
                &format!("/th/plan-items/{}/edit", measure.id.0),
                &[
                    ("_version", &measure.meta.version.to_string()),
                    ("level", "measure"),
                    ("parent_id", &strategy.to_string()),
                    ("code", "1.1"),
                    ("title_th", "มาตรการส่งเสริมการเรียนรู้"),
                ],
            )
            .await;
        assert_eq!(edited.status, StatusCode::SEE_OTHER, "{b}: {}", edited.html);
        assert!(site.get(&format!("/th/plans/{plan}")).await.html.contains("มาตรการส่งเสริมการเรียนรู้"), "{b}");

        // A strategy with a measure below it is not removed, and the page says why.
        let remove = site.get(&format!("/th/plan-items/{strategy}/remove")).await;
        let version = field_value(&remove, "_version").to_owned();
        let refused = site.post(&format!("/th/plan-items/{strategy}/remove"), &[("_version", &version)]).await;
        assert_eq!(refused.status, StatusCode::CONFLICT, "{b}");
        assert!(refused.html.contains("ยังมีรายการย่อยอยู่"), "{b}: {}", refused.html);

        // Copied as a template: a new draft with the same tree, marked as copied from the original.
        let copy = site.get(&format!("/th/plans/{plan}/copy")).await;
        assert_eq!(copy.status, StatusCode::OK, "{b}");
        assert!(copy.html.contains("value=\"แผนพัฒนาเยาวชนขอนแก่น\""), "{b}: starts from the original's title");
        let copied = site
            .post(
                &format!("/th/plans/{plan}/copy"),
                &[("code", "cm-youth-2568"), ("title_th", "แผนพัฒนาเยาวชนเชียงใหม่"), ("network_id", &network), ("area_code", "50")],
            )
            .await;
        assert_eq!(copied.status, StatusCode::SEE_OTHER, "{b}: {}", copied.html);
        let copy = id_in(copied.location());
        assert_ne!(copy, plan, "{b}");
        let stored = site.store.get_plan(phakhi_domain::PlanId(copy)).await.unwrap();
        assert_eq!(stored.template_of, Some(phakhi_domain::PlanId(plan)), "{b}");
        assert_eq!(items(copy).await.len(), 2, "{b}: the tree copied");
        let page = site.get(copied.location()).await;
        assert!(page.html.contains("คัดลอกจากแผน") && page.html.contains("มาตรการส่งเสริมการเรียนรู้"), "{b}");
    }
}
