//! Commitments: what one party promised under an agreement, its deliverables and dated progress.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::text::{DESCRIPTION_MAX, NAME_MAX, check_line, check_optional_line, check_paragraphs};
use crate::{AgreementId, CommitmentId, OrganizationId, RecordMeta, Validate, Violations};

crate::vocabulary! {
    /// Where a commitment stands.
    CommitmentStatus as "commitment_status" {
        Planned = "planned", "วางแผน", "Planned";
        InProgress = "in_progress", "กำลังดำเนินการ", "In progress";
        Done = "done", "ดำเนินการแล้วเสร็จ", "Done";
        Dropped = "dropped", "ยกเลิก", "Dropped";
    }
}

crate::vocabulary! {
    /// Where a deliverable stands.
    DeliverableStatus as "deliverable_status" {
        Pending = "pending", "รอดำเนินการ", "Pending";
        Delivered = "delivered", "ส่งมอบแล้ว", "Delivered";
        Cancelled = "cancelled", "ยกเลิก", "Cancelled";
    }
}

/// Something concrete a commitment will produce.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Deliverable {
    pub title_th: String,
    #[serde(default)]
    pub title_en: Option<String>,
    #[serde(default)]
    pub due_on: Option<NaiveDate>,
    pub status: DeliverableStatus,
    #[serde(default)]
    pub delivered_on: Option<NaiveDate>,
}

/// A dated report of how far a commitment has got.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgressUpdate {
    pub reported_on: NaiveDate,
    /// 0–100.
    pub percent: u8,
    #[serde(default)]
    pub narrative_th: Option<String>,
    #[serde(default)]
    pub narrative_en: Option<String>,
}

/// What may be written about a commitment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CommitmentInput {
    pub agreement_id: AgreementId,
    /// The party that made the promise; must be a party to the agreement.
    pub organization_id: OrganizationId,
    pub title_th: String,
    #[serde(default)]
    pub title_en: Option<String>,
    #[serde(default)]
    pub description_th: Option<String>,
    #[serde(default)]
    pub description_en: Option<String>,
    pub status: CommitmentStatus,
    #[serde(default)]
    pub deliverables: Vec<Deliverable>,
    #[serde(default)]
    pub progress: Vec<ProgressUpdate>,
}

/// A stored commitment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Commitment {
    pub id: CommitmentId,
    #[serde(flatten)]
    pub input: CommitmentInput,
    #[serde(flatten)]
    pub meta: RecordMeta,
}

impl CommitmentInput {
    /// The most recent progress report, if any.
    pub fn latest_progress(&self) -> Option<&ProgressUpdate> {
        self.progress.iter().max_by_key(|p| p.reported_on)
    }

    /// How recently the commitment has been reported on, as the network's secretariats judge it: a
    /// commitment still open with no report for more than a year is overdue, for more than two years
    /// inactive. Without any report, the clock starts when the commitment was recorded.
    pub fn reporting_light(&self, recorded_on: NaiveDate, today: NaiveDate) -> ReportingLight {
        if matches!(self.status, CommitmentStatus::Done | CommitmentStatus::Dropped) {
            return ReportingLight::Closed;
        }
        let last = self.latest_progress().map_or(recorded_on, |p| p.reported_on);
        let months = (today.year() - last.year()) * 12 + today.month() as i32 - last.month() as i32 - i32::from(today.day() < last.day());
        match months {
            m if m >= 24 => ReportingLight::Inactive,
            m if m >= 12 => ReportingLight::Overdue,
            _ => ReportingLight::OnTrack,
        }
    }
}

crate::vocabulary! {
    /// The status light shown beside a commitment.
    ReportingLight as "reporting_light" {
        OnTrack = "on_track", "รายงานตามกำหนด", "Reported on time";
        Overdue = "overdue", "ค้างรายงานเกิน 1 ปี", "Report overdue (over 1 year)";
        Inactive = "inactive", "ไม่มีความเคลื่อนไหวเกิน 2 ปี", "Inactive (over 2 years)";
        Closed = "closed", "ปิดแล้ว", "Closed";
    }
}

impl Validate for CommitmentInput {
    fn validate(&self) -> Violations {
        let mut v = Violations::new();
        check_line(&mut v, "/title_th", &self.title_th, NAME_MAX, true);
        check_optional_line(&mut v, "/title_en", self.title_en.as_deref(), NAME_MAX);
        check_paragraphs(&mut v, "/description_th", self.description_th.as_deref(), DESCRIPTION_MAX);
        check_paragraphs(&mut v, "/description_en", self.description_en.as_deref(), DESCRIPTION_MAX);
        for (i, d) in self.deliverables.iter().enumerate() {
            check_line(&mut v, &format!("/deliverables/{i}/title_th"), &d.title_th, NAME_MAX, true);
            check_optional_line(&mut v, &format!("/deliverables/{i}/title_en"), d.title_en.as_deref(), NAME_MAX);
            if d.delivered_on.is_some() && d.status != DeliverableStatus::Delivered {
                v.add(
                    format!("/deliverables/{i}/delivered_on"),
                    "inconsistent",
                    "ระบุวันส่งมอบได้เฉพาะเมื่อสถานะเป็น ส่งมอบแล้ว",
                    "A delivery date goes only with the status delivered",
                );
            }
        }
        for (i, p) in self.progress.iter().enumerate() {
            if p.percent > 100 {
                v.add(
                    format!("/progress/{i}/percent"),
                    "out_of_range",
                    "ความคืบหน้าต้องอยู่ระหว่าง 0 ถึง 100",
                    "Progress is between 0 and 100 percent",
                );
            }
            check_paragraphs(&mut v, &format!("/progress/{i}/narrative_th"), p.narrative_th.as_deref(), DESCRIPTION_MAX);
            check_paragraphs(&mut v, &format!("/progress/{i}/narrative_en"), p.narrative_en.as_deref(), DESCRIPTION_MAX);
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commitment(status: CommitmentStatus, reports: &[&str]) -> CommitmentInput {
        CommitmentInput {
            agreement_id: AgreementId(uuid::Uuid::nil()),
            organization_id: OrganizationId(uuid::Uuid::nil()),
            title_th: "สนับสนุนวิทยากร".into(),
            title_en: None,
            description_th: None,
            description_en: None,
            status,
            deliverables: vec![],
            progress: reports
                .iter()
                .map(|d| ProgressUpdate { reported_on: d.parse().unwrap(), percent: 50, narrative_th: None, narrative_en: None })
                .collect(),
        }
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_light_follows_the_latest_report() {
        let c = commitment(CommitmentStatus::InProgress, &["2023-01-10", "2024-07-05"]);
        assert_eq!(c.reporting_light(day("2023-01-01"), day("2025-07-04")), ReportingLight::OnTrack);
        assert_eq!(c.reporting_light(day("2023-01-01"), day("2025-07-05")), ReportingLight::Overdue);
        assert_eq!(c.reporting_light(day("2023-01-01"), day("2026-07-05")), ReportingLight::Inactive);
    }

    #[test]
    fn without_reports_the_clock_starts_at_recording_and_closed_commitments_never_nag() {
        let open = commitment(CommitmentStatus::Planned, &[]);
        assert_eq!(open.reporting_light(day("2024-01-31"), day("2025-02-01")), ReportingLight::Overdue);
        let done = commitment(CommitmentStatus::Done, &[]);
        assert_eq!(done.reporting_light(day("2020-01-01"), day("2026-01-01")), ReportingLight::Closed);
    }
}
