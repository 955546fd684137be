//! Extractors that turn every malformed request into a problem naming the field at fault.

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use phakhi_store::{DEFAULT_LIMIT, MAX_LIMIT, Page, Precondition, Sort};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::problem::Problem;

/// A JSON request body, read with the path of any error, so a wrong type deep inside a document
/// is reported as e.g. `/participation/2/count`.
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = Problem;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !is_json(req.headers()) {
            return Err(Problem::unsupported_media_type());
        }
        let bytes = axum::body::Bytes::from_request(req, state).await.map_err(|e| match e.status() {
            axum::http::StatusCode::PAYLOAD_TOO_LARGE => Problem::from_status(e.status()),
            _ => Problem::malformed("", "อ่านเนื้อหาคำขอไม่ได้", format!("Could not read the request body: {e}")),
        })?;
        let text = std::str::from_utf8(&bytes).map_err(|e| {
            Problem::malformed("", "เนื้อหาคำขอไม่ใช่ UTF-8 ที่ถูกต้อง", format!("The request body is not valid UTF-8 (byte {})", e.valid_up_to()))
        })?;
        refuse_nul_in_json(text)?;
        let mut de = serde_json::Deserializer::from_str(text);
        serde_path_to_error::deserialize(&mut de).map(ApiJson).map_err(|e| {
            let message = e.inner().to_string();
            let mut field = pointer(e.path());
            // serde reports a missing field at its parent; point at the field itself.
            if let Some(name) = message.strip_prefix("missing field `").and_then(|m| m.split('`').next()) {
                field = format!("{field}/{name}");
            }
            Problem::malformed(&field, thai_explanation(&message), message)
        })
    }
}

/// Text may not hold the NUL character (U+0000): it means nothing in a record, and PostgreSQL cannot
/// store it. JSON can only carry it escaped, so a body without `\u0000` has none.
fn refuse_nul_in_json(text: &str) -> Result<(), Problem> {
    if !text.to_ascii_lowercase().contains("\\u0000") {
        return Ok(());
    }
    let field = serde_json::from_str::<serde_json::Value>(text).ok().and_then(|v| nul_pointer(&v, String::new())).unwrap_or_default();
    Err(nul_problem(&field))
}

/// Where the first string holding a NUL is, as a JSON Pointer.
fn nul_pointer(value: &serde_json::Value, at: String) -> Option<String> {
    use serde_json::Value;
    match value {
        Value::String(s) if s.contains('\0') => Some(at),
        Value::Array(items) => items.iter().enumerate().find_map(|(i, v)| nul_pointer(v, format!("{at}/{i}"))),
        Value::Object(map) => map.iter().find_map(|(k, v)| {
            let key = k.replace('~', "~0").replace('/', "~1");
            if k.contains('\0') { Some(format!("{at}/{key}")) } else { nul_pointer(v, format!("{at}/{key}")) }
        }),
        _ => None,
    }
}

pub(crate) fn nul_problem(field: &str) -> Problem {
    Problem::malformed(field, "ข้อความต้องไม่มีอักขระ NUL (U+0000)", "Text may not contain the NUL character (U+0000)".into())
}

/// A Thai explanation of a JSON decoding error, by the kind of error serde reports.
pub(crate) fn thai_explanation(message: &str) -> &'static str {
    const KINDS: [(&str, &str); 12] = [
        ("missing field", "ขาดข้อมูลที่จำเป็นในช่องนี้"),
        ("unknown field", "ไม่รู้จักช่องข้อมูลนี้"),
        ("unknown variant", "ค่านี้ไม่อยู่ในรายการค่าที่กำหนด (ดู /api/v1/vocabularies)"),
        ("expected u32", "ต้องเป็นจำนวนเต็มตั้งแต่ 0 ขึ้นไป"),
        ("expected u8", "ต้องเป็นจำนวนเต็มตั้งแต่ 0 ถึง 255"),
        ("expected u64", "ต้องเป็นจำนวนเต็มตั้งแต่ 0 ขึ้นไป"),
        ("fiscal year", "ปีงบประมาณต้องเป็นปีพุทธศักราช ระหว่าง 2500 ถึง 2700 เช่น 2567"),
        ("amount in baht", "จำนวนเงินต้องไม่ติดลบและมีทศนิยมไม่เกิน 2 ตำแหน่ง"),
        ("framework:code", "ระบุรายการในกรอบการพัฒนาด้วยรหัส (id) หรือ กรอบ:รหัส เช่น sdg:4"),
        ("UUID", "รหัสอ้างอิง (UUID) ไม่ถูกต้อง"),
        ("invalid type", "ชนิดข้อมูลไม่ถูกต้อง"),
        ("EOF while parsing", "ข้อมูล JSON ไม่ครบถ้วน"),
    ];
    if message.contains("premature end of input")
        || message.contains("input contains invalid characters")
        || message.contains("input is out of range")
    {
        return "รูปแบบวันที่หรือเวลาไม่ถูกต้อง (ใช้ YYYY-MM-DD หรือ RFC 3339 เช่น 2024-02-23T09:00:00+07:00)";
    }
    KINDS.iter().find(|(needle, _)| message.contains(needle)).map_or("ข้อมูล JSON ไม่ถูกต้องตามรูปแบบ", |(_, thai)| thai)
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|m| m.trim().to_ascii_lowercase())
        .is_some_and(|m| m == "application/json" || m.ends_with("+json"))
}

/// A serde path as a JSON Pointer (RFC 6901).
pub(crate) fn pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => out.push_str(&format!("/{index}")),
            Segment::Map { key } | Segment::Enum { variant: key } => {
                out.push('/');
                out.push_str(&key.replace('~', "~0").replace('/', "~1"));
            }
            Segment::Unknown => {}
        }
    }
    out
}

/// Query parameters, with the name of any parameter that does not parse.
#[derive(Debug)]
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(de).map(ApiQuery).map_err(|e| {
            let message = e.inner().to_string();
            // A missing parameter is reported at the root ("."): name the parameter itself.
            let missing = message.strip_prefix("missing field `").and_then(|m| m.split('`').next());
            let field = missing.map_or_else(|| e.path().to_string(), str::to_owned);
            Problem::malformed(&field, thai_explanation(&message), format!("Invalid query parameter {field}: {message}"))
        })
    }
}

/// Pagination and sorting: `?limit=50&offset=0&sort=-updated_at`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Records per page (1–500, default 50).
    pub limit: Option<u32>,
    /// Records to skip.
    pub offset: Option<u64>,
    /// Field to sort by; prefix `-` for descending.
    pub sort: Option<String>,
}

impl PageParams {
    pub fn page(&self) -> Result<Page, Problem> {
        let limit = self.limit.unwrap_or(DEFAULT_LIMIT);
        if !(1..=MAX_LIMIT).contains(&limit) {
            return Err(Problem::malformed("limit", "limit ต้องอยู่ระหว่าง 1 ถึง 500", format!("limit must be between 1 and {MAX_LIMIT}")));
        }
        let offset = self.offset.unwrap_or(0);
        // The document says int64, and the databases count rows in 64 signed bits.
        if offset > i64::MAX as u64 {
            return Err(Problem::malformed(
                "offset",
                "offset ต้องไม่เกิน 9223372036854775807",
                "offset must be at most 9223372036854775807".to_owned(),
            ));
        }
        Ok(Page { limit, offset, sort: self.sort.as_deref().map(Sort::parse) })
    }
}

/// The `If-Match` precondition of a write: `*` or the ETag the client read.
#[derive(Debug, Clone, Copy)]
pub struct IfMatch(pub Precondition);

impl<S: Send + Sync> FromRequestParts<S> for IfMatch {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let Some(value) = parts.headers.get(header::IF_MATCH) else { return Err(Problem::precondition_required()) };
        let value = value.to_str().unwrap_or_default().trim();
        if value == "*" {
            return Ok(Self(Precondition::Any));
        }
        // If-Match compares strongly: a weak or unparseable tag can never match the current version.
        let version = value.split(',').map(str::trim).find_map(crate::etag::parse);
        Ok(Self(Precondition::Version(version.unwrap_or(0))))
    }
}
