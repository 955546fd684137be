//! Errors as RFC 9457 problem details (`application/problem+json`).
//!
//! Policy: every error the API returns is a `Problem`. Handlers return `Result<_, Problem>`; store
//! errors convert with `?`. `title`/`detail` are English (as the RFC's registered titles are) and
//! `title_th`/`detail_th` carry the same in Thai; input errors list every field at fault as a JSON
//! Pointer with a Thai and an English message. Database failures are logged with their context and
//! reach the client only as a generic 500/503, never with internal details.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use phakhi_domain::{Violation, Violations};
use phakhi_store::StoreError;
use serde::Serialize;

/// A problem detail document.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Problem {
    /// A URI identifying the kind of problem, e.g. `urn:phakhi:problem:validation`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Short summary in English.
    pub title: String,
    /// Short summary in Thai.
    pub title_th: String,
    pub status: u16,
    /// What happened, in English.
    pub detail: String,
    /// What happened, in Thai.
    pub detail_th: String,
    /// Each field at fault (JSON Pointer into the request body or a query parameter name).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<Violation>,
    /// For a failed precondition: the version the record is at now.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_version: Option<i64>,
}

impl Problem {
    fn new(status: StatusCode, kind: &str, title: (&str, &str), detail: (String, String)) -> Self {
        Self {
            kind: format!("urn:phakhi:problem:{kind}"),
            title: title.1.to_owned(),
            title_th: title.0.to_owned(),
            status: status.as_u16(),
            detail: detail.1,
            detail_th: detail.0,
            errors: Vec::new(),
            current_version: None,
        }
    }

    /// Input that breaks rules (422), listing every violation.
    pub fn invalid(violations: Violations) -> Self {
        let n = violations.as_slice().len();
        let mut p = Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
            ("ข้อมูลไม่ถูกต้อง", "Invalid input"),
            (format!("พบข้อผิดพลาด {n} รายการ ไม่มีการบันทึกข้อมูลใด ๆ"), format!("{n} problem(s) found; nothing was saved")),
        );
        p.errors = violations.into_vec();
        p
    }

    /// A request that cannot be read at all (400): malformed JSON, a bad query parameter.
    pub fn malformed(field: &str, detail_th: &str, detail_en: String) -> Self {
        let detail_th = if field.is_empty() { detail_th.to_owned() } else { format!("{detail_th} ({field})") };
        let detail_th = detail_th.as_str();
        let mut p = Self::new(
            StatusCode::BAD_REQUEST,
            "malformed",
            ("คำขอไม่ถูกต้องตามรูปแบบ", "Malformed request"),
            (detail_th.to_owned(), detail_en.clone()),
        );
        p.errors =
            vec![Violation { field: field.to_owned(), code: "malformed".into(), message_th: detail_th.to_owned(), message_en: detail_en }];
        p
    }

    pub fn not_found(detail_en: String) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not-found", ("ไม่พบข้อมูล", "Not found"), ("ไม่พบรายการที่ร้องขอ".into(), detail_en))
    }

    pub fn conflict(detail_th: String, detail_en: String) -> Self {
        Self::new(StatusCode::CONFLICT, "conflict", ("ข้อมูลขัดแย้ง", "Conflict"), (detail_th, detail_en))
    }

    /// The record changed since the client read it (412).
    pub fn version_mismatch(current: i64) -> Self {
        let mut p = Self::new(
            StatusCode::PRECONDITION_FAILED,
            "version-mismatch",
            ("ข้อมูลถูกแก้ไขไปแล้ว", "The record has changed"),
            (
                format!("มีผู้แก้ไขรายการนี้ไปแล้ว (ฉบับที่ {current}) กรุณาโหลดใหม่แล้วแก้ไขอีกครั้ง ข้อมูลของท่านยังไม่ถูกบันทึก"),
                format!("Someone changed this record (now version {current}); reload it and apply your change again. Nothing was saved."),
            ),
        );
        p.current_version = Some(current);
        p
    }

    /// A write without `If-Match` (428): required so that no update silently overwrites another.
    pub fn precondition_required() -> Self {
        let mut p = Self::new(
            StatusCode::PRECONDITION_REQUIRED,
            "precondition-required",
            ("ต้องระบุ If-Match", "If-Match required"),
            (
                "การแก้ไขหรือลบต้องส่งส่วนหัว If-Match ด้วยค่า ETag ที่อ่านมา (หรือ *)".into(),
                "Updates and deletes need an If-Match header with the ETag you read (or *)".into(),
            ),
        );
        p.errors = vec![Violation {
            field: "If-Match".into(),
            code: "required".into(),
            message_th: p.detail_th.clone(),
            message_en: p.detail.clone(),
        }];
        p
    }

    pub fn unsupported_media_type() -> Self {
        Self::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported-media-type",
            ("ชนิดข้อมูลไม่รองรับ", "Unsupported media type"),
            ("ส่งข้อมูลเป็น JSON พร้อม Content-Type: application/json".into(), "Send JSON with Content-Type: application/json".into()),
        )
    }

    pub fn method_not_allowed() -> Self {
        Self::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method-not-allowed",
            ("ไม่รองรับเมธอดนี้", "Method not allowed"),
            ("ที่อยู่นี้ไม่รองรับเมธอด HTTP ที่ส่งมา".into(), "This address does not support that HTTP method".into()),
        )
    }

    /// A problem for an error status produced outside the handlers (a timeout, a body too large).
    pub fn from_status(status: StatusCode) -> Self {
        let (kind, th, en, detail_th, detail_en) = match status {
            StatusCode::REQUEST_TIMEOUT => (
                "timeout",
                "หมดเวลา",
                "Request timeout",
                "คำขอใช้เวลานานเกินกำหนด ไม่มีการบันทึกข้อมูลใด ๆ",
                "The request took too long; nothing was saved",
            ),
            StatusCode::PAYLOAD_TOO_LARGE => {
                ("too-large", "ข้อมูลมีขนาดใหญ่เกินไป", "Payload too large", "เนื้อหาคำขอมีขนาดเกิน 2 MiB", "The request body is larger than 2 MiB")
            }
            _ => ("http", "เกิดข้อผิดพลาด", "Error", "คำขอไม่สำเร็จ", "The request failed"),
        };
        Self::new(status, kind, (th, en), (detail_th.into(), detail_en.into()))
    }

    pub fn unavailable() -> Self {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "unavailable",
            ("ระบบยังไม่พร้อมให้บริการ", "Service unavailable"),
            ("ฐานข้อมูลไม่ตอบสนอง".into(), "The database is not answering".into()),
        )
    }

    pub fn unauthenticated() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
            ("ต้องเข้าสู่ระบบก่อน", "Sign-in required"),
            (
                "การเปลี่ยนแปลงข้อมูลต้องเข้าสู่ระบบ หรือส่ง Authorization: Bearer พร้อมโทเค็น API".into(),
                "Changes need a signed-in session or an API token (Authorization: Bearer)".into(),
            ),
        )
    }

    pub fn invalid_token() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "invalid-token",
            ("โทเค็นไม่ถูกต้อง", "Invalid token"),
            ("โทเค็น API นี้ไม่มีอยู่หรือถูกเพิกถอนแล้ว".into(), "This API token does not exist or has been revoked".into()),
        )
    }

    pub fn forbidden() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            ("ไม่มีสิทธิ์", "Forbidden"),
            (
                "บัญชีนี้ไม่มีสิทธิ์เปลี่ยนแปลงข้อมูลขององค์กรหรือเครือข่ายนี้ ไม่มีการบันทึกข้อมูลใด ๆ".into(),
                "This account may not change records of this organisation or network; nothing was saved".into(),
            ),
        )
    }

    pub fn internal() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            ("เกิดข้อผิดพลาดภายในระบบ", "Internal error"),
            ("เกิดข้อผิดพลาดภายในระบบ ไม่มีการบันทึกข้อมูลใด ๆ".into(), "Something went wrong on our side; nothing was saved".into()),
        )
    }
}

impl From<StoreError> for Problem {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound { entity, id } => Self::not_found(format!("No {entity} {id}")),
            StoreError::Conflict { message_th, message_en } => Self::conflict(message_th, message_en),
            StoreError::VersionMismatch { current } => Self::version_mismatch(current),
            StoreError::Invalid(v) => Self::invalid(v),
            StoreError::Unauthenticated => Self::unauthenticated(),
            StoreError::Forbidden { .. } => Self::forbidden(),
            e @ StoreError::Unavailable { .. } => {
                tracing::error!(error = %e, "database unavailable");
                Self::unavailable()
            }
            other => {
                tracing::error!(error = %other, "store failure");
                Self::internal()
            }
        }
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = (status, axum::Json(self)).into_response();
        response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
        response
    }
}
