//! Activities: what partners actually do — trainings, forums, workshops, conferences, campaigns,
//! signing ceremonies, volunteering — with who took part.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::area::check_area_code;
use crate::participation::{Cells, ParticipationCell, ParticipationSummary, summarise};
use crate::programme::{check_period, check_unique_codes};
use crate::text::{DESCRIPTION_MAX, NAME_MAX, check_line, check_optional_line, check_paragraphs};
use crate::{ActivityId, OrganizationId, ProgrammeId, RecordMeta, Validate, Violations};

crate::vocabulary! {
    /// Kind of activity.
    ActivityKind as "activity_kind" {
        Training = "training", "อบรม", "Training";
        Forum = "forum", "เวทีเสวนา", "Forum";
        Workshop = "workshop", "ประชุมเชิงปฏิบัติการ", "Workshop";
        Meeting = "meeting", "ประชุม", "Meeting";
        Conference = "conference", "การประชุมวิชาการ/การประชุมนานาชาติ", "Conference";
        Campaign = "campaign", "รณรงค์", "Campaign";
        SigningCeremony = "signing_ceremony", "พิธีลงนาม", "Signing ceremony";
        Volunteering = "volunteering", "จิตอาสา", "Volunteering";
    }
}

crate::vocabulary! {
    /// Whether people met in person, online, or both.
    AttendanceMode as "attendance_mode" {
        Onsite = "onsite", "ในสถานที่", "On site";
        Online = "online", "ออนไลน์", "Online";
        Hybrid = "hybrid", "ผสมผสาน (ในสถานที่และออนไลน์)", "Hybrid";
    }
}

/// Upper bound on hours for one activity (a year-long programme of daily sessions stays below it).
pub const MAX_HOURS: f64 = 10_000.0;

/// What may be written about an activity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActivityInput {
    #[serde(default)]
    pub programme_id: Option<ProgrammeId>,
    pub kind: ActivityKind,
    pub title_th: String,
    #[serde(default)]
    pub title_en: Option<String>,
    #[serde(default)]
    pub description_th: Option<String>,
    #[serde(default)]
    pub description_en: Option<String>,
    /// Start, with its UTC offset (Thailand is +07:00).
    pub starts_at: DateTime<Utc>,
    #[serde(default)]
    pub ends_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub venue_th: Option<String>,
    #[serde(default)]
    pub venue_en: Option<String>,
    #[serde(default)]
    pub area_code: Option<String>,
    /// Learning or working hours, e.g. for the 3-hour human-rights education rule.
    #[serde(default)]
    pub hours: Option<f64>,
    pub mode: AttendanceMode,
    /// The organisation that ran it.
    #[serde(default)]
    pub lead_organization_id: Option<OrganizationId>,
    #[serde(default)]
    pub partner_organization_ids: Vec<OrganizationId>,
    #[serde(default)]
    pub target_groups: Vec<String>,
    #[serde(default)]
    pub volunteer_hours: Option<f64>,
    #[serde(default)]
    pub participation: Vec<ParticipationCell>,
}

/// A stored activity, with its participation totals derived from the cells.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Activity {
    pub id: ActivityId,
    #[serde(flatten)]
    pub input: ActivityInput,
    /// Derived from `participation`; never stored.
    pub participation_summary: ParticipationSummary,
    #[serde(flatten)]
    pub meta: RecordMeta,
}

impl Activity {
    pub fn new(id: ActivityId, input: ActivityInput, meta: RecordMeta) -> Self {
        let participation_summary = summarise(&input.participation);
        Self { id, input, participation_summary, meta }
    }
}

impl Validate for ActivityInput {
    fn validate(&self) -> Violations {
        let mut v = Violations::new();
        check_line(&mut v, "/title_th", &self.title_th, NAME_MAX, true);
        check_optional_line(&mut v, "/title_en", self.title_en.as_deref(), NAME_MAX);
        check_paragraphs(&mut v, "/description_th", self.description_th.as_deref(), DESCRIPTION_MAX);
        check_paragraphs(&mut v, "/description_en", self.description_en.as_deref(), DESCRIPTION_MAX);
        check_optional_line(&mut v, "/venue_th", self.venue_th.as_deref(), NAME_MAX);
        check_optional_line(&mut v, "/venue_en", self.venue_en.as_deref(), NAME_MAX);
        check_area_code(&mut v, "/area_code", self.area_code.as_deref());
        check_period(&mut v, Some(self.starts_at), self.ends_at, "/ends_at");
        check_hours(&mut v, "/hours", self.hours);
        check_hours(&mut v, "/volunteer_hours", self.volunteer_hours);
        if let Some(lead) = self.lead_organization_id {
            crate::programme::check_organisations(&mut v, lead, &self.partner_organization_ids);
        }
        check_unique_codes(&mut v, "/target_groups", &self.target_groups);
        v.nest("/participation", Cells(&self.participation).validate());
        v
    }
}

fn check_hours(v: &mut Violations, field: &str, hours: Option<f64>) {
    if let Some(h) = hours
        && !(h.is_finite() && (0.0..=MAX_HOURS).contains(&h))
    {
        v.add(field, "out_of_range", format!("จำนวนชั่วโมงต้องอยู่ระหว่าง 0 ถึง {MAX_HOURS}"), format!("Hours must be between 0 and {MAX_HOURS}"));
    }
}
