//! Plans, their trees, indicators, entered values and progress, on SQLite and PostgreSQL.

use std::sync::Arc;

use chrono::{TimeZone, Utc};
use phakhi_domain::access::{Grant, Principal, Role, Scope};
use phakhi_domain::activity::{ActivityInput, ActivityKind, AttendanceMode};
use phakhi_domain::indicator::{
    Baseline, Dimension, Direction, IndicatorInput, IndicatorSource, IndicatorValueInput, Target, Transition, ValueStatus,
};
use phakhi_domain::network::{MemberRole, NetworkInput, NetworkMember};
use phakhi_domain::organization::{OrganizationInput, OrganizationStatus, Sector};
use phakhi_domain::participation::{AgeBand, Gender, ParticipationCell};
use phakhi_domain::plan::{PlanCopyInput, PlanInput, PlanItemInput, PlanLevel, PlanStatus};
use phakhi_domain::progress::ProgressStatus;
use phakhi_domain::*;
use phakhi_store::accounts::{Actor, AuditFilter};
use phakhi_store::*;
use phakhi_test_support::stores;

fn fy(be: i32) -> FiscalYear {
    FiscalYear::from_be(be).unwrap()
}

fn org(name: &str) -> OrganizationInput {
    OrganizationInput {
        name_th: name.into(),
        name_en: None,
        abbreviation: None,
        sector: Sector::ProvincialOffice,
        parent_id: None,
        area_code: Some("50".into()),
        website: None,
        status: OrganizationStatus::Active,
        description_th: None,
        description_en: None,
    }
}

/// A network with one member organisation, as the platform.
async fn network(s: &dyn Store) -> (NetworkId, OrganizationId) {
    let o = s.create_organization(org("สำนักงานยุติธรรมจังหวัดเชียงใหม่")).await.unwrap().id;
    let n = s
        .create_network(NetworkInput {
            name_th: "คณะอนุกรรมการสิทธิมนุษยชนจังหวัด".into(),
            name_en: None,
            instrument: None,
            established_on: None,
            area_code: Some("50".into()),
            description_th: None,
            description_en: None,
            members: vec![NetworkMember { organization_id: o, role: MemberRole::Secretariat, represented_by: None, joined_on: None }],
        })
        .await
        .unwrap()
        .id;
    (n, o)
}

fn plan(code: &str, network: NetworkId) -> PlanInput {
    PlanInput {
        code: code.into(),
        title_th: "แผนสิทธิมนุษยชนจังหวัดเชียงใหม่".into(),
        title_en: Some("Chiang Mai human-rights plan".into()),
        description_th: None,
        description_en: None,
        network_id: Some(network),
        organization_id: None,
        area_code: Some("50".into()),
        start_year: fy(2566),
        end_year: fy(2570),
        status: PlanStatus::Active,
        responsible_organization_ids: vec![],
        aligned_to: vec![FrameworkItemId::reference("sdg", "16")],
    }
}

fn item(
    plan: PlanId,
    parent: Option<PlanItemId>,
    level: PlanLevel,
    code: &str,
    weight: f64,
    indicator: Option<IndicatorId>,
) -> PlanItemInput {
    PlanItemInput {
        plan_id: plan,
        parent_id: parent,
        level,
        code: code.into(),
        title_th: format!("รายการ {code}"),
        title_en: None,
        weight,
        indicator_id: indicator,
        responsible_organization_ids: vec![],
        position: 0,
    }
}

fn indicator(plan: PlanId, code: &str, source: IndicatorSource, baseline: f64, target: f64) -> IndicatorInput {
    IndicatorInput {
        plan_id: plan,
        code: code.into(),
        name_th: format!("ตัวชี้วัด {code}"),
        name_en: None,
        definition_th: None,
        definition_en: None,
        unit_th: "หน่วย".into(),
        unit_en: None,
        direction: Direction::HigherIsBetter,
        baseline: Some(Baseline { value: baseline, fiscal_year: fy(2566) }),
        targets: vec![Target { fiscal_year: fy(2570), value: target }],
        disaggregations: vec![Dimension::Gender],
        aligned_to: vec![FrameworkItemId::reference("sdg", "16.10")],
        source,
        responsible_organization_ids: vec![],
    }
}

fn value(year: i32, v: f64) -> IndicatorValueInput {
    IndicatorValueInput { fiscal_year: fy(year), area_code: Some("50".into()), disaggregation: Default::default(), value: v, source: None }
}

fn acting(s: &Arc<dyn Store>, label: &str, role: Role, scope: Scope) -> Arc<dyn Store> {
    let principal = Principal { user_id: Some(uuid::Uuid::now_v7()), label: label.into(), grants: vec![Grant { role, scope }] };
    s.acting_as(Actor { principal, ip: None })
}

fn codes(e: StoreError) -> Vec<String> {
    match e {
        StoreError::Invalid(v) => v.into_vec().into_iter().map(|x| x.code).collect(),
        other => panic!("expected invalid input, got {other:?}"),
    }
}

#[tokio::test]
async fn plans_are_created_read_updated_listed_and_deleted() {
    for db in stores().await {
        let (s, b) = (db.store.as_ref(), db.backend);
        let (n, o) = network(s).await;
        let mut input = plan("cm-hr", n);
        input.responsible_organization_ids = vec![o];
        let p = s.create_plan(input.clone()).await.unwrap();
        assert_eq!(s.get_plan(p.id).await.unwrap(), p, "{b}");
        assert_eq!(p.input.aligned_to, [FrameworkItemId::reference("sdg", "16")]);
        input.title_en = Some("Renamed".into());
        let updated = s.update_plan(p.id, Precondition::Version(1), input.clone()).await.unwrap();
        assert_eq!(updated.meta.version, 2);
        assert!(matches!(
            s.update_plan(p.id, Precondition::Version(1), input.clone()).await,
            Err(StoreError::VersionMismatch { current: 2 })
        ));
        let listed = s.list_plans(&PlanFilter { organization: Some(o), ..Default::default() }, &Page::default()).await.unwrap();
        assert_eq!(listed.items.iter().map(|x| x.id).collect::<Vec<_>>(), [p.id], "{b}: found by its responsible organisation");
        assert_eq!(s.list_plans(&PlanFilter { area: Some("40".into()), ..Default::default() }, &Page::default()).await.unwrap().total, 0);
        assert!(matches!(s.create_plan(plan("cm-hr", n)).await, Err(StoreError::Conflict { .. })), "{b}: codes are unique");
        let mut ownerless = plan("nobody", n);
        ownerless.network_id = None;
        assert_eq!(codes(s.create_plan(ownerless).await.unwrap_err()), ["required"]);

        let i = s.create_indicator(indicator(p.id, "1", IndicatorSource::Entered, 0.0, 10.0)).await.unwrap();
        let top = s.create_plan_item(item(p.id, None, PlanLevel::Strategy, "1", 1.0, None)).await.unwrap();
        s.create_plan_item(item(p.id, Some(top.id), PlanLevel::Indicator, "1.1", 1.0, Some(i.id))).await.unwrap();
        assert!(matches!(s.delete_plan(p.id, Precondition::Any).await, Err(StoreError::Conflict { .. })), "{b}: indicators first");
        assert!(matches!(s.delete_indicator(i.id, Precondition::Any).await, Err(StoreError::Conflict { .. })), "{b}: still in the tree");
        let leaves = PlanItemFilter { plan: Some(p.id), level: Some(PlanLevel::Indicator), ..Default::default() };
        let leaf = s.list_plan_items(&leaves, &Page::default()).await.unwrap().items[0].id;
        s.delete_plan_item(leaf, Precondition::Any).await.unwrap();
        s.delete_indicator(i.id, Precondition::Any).await.unwrap();
        s.delete_plan(p.id, Precondition::Version(2)).await.unwrap();
        assert!(matches!(s.get_plan(p.id).await, Err(StoreError::NotFound { .. })), "{b}");
        assert!(matches!(s.get_plan_item(top.id).await, Err(StoreError::NotFound { .. })), "{b}: the tree goes with its plan");
        let filter = AuditFilter { entity: Some("plan".into()), entity_id: Some(p.id.0), ..Default::default() };
        let actions: Vec<String> = s.list_audit(&filter, &Page::default()).await.unwrap().items.into_iter().map(|e| e.action).collect();
        assert_eq!(actions, ["delete", "update", "create"], "{b}: every write of the plan is in the audit log");
    }
}

#[tokio::test]
async fn the_tree_stays_whole() {
    for db in stores().await {
        let (s, b) = (db.store.as_ref(), db.backend);
        let (n, _) = network(s).await;
        let p = s.create_plan(plan("tree", n)).await.unwrap().id;
        let other = s.create_plan(plan("other", n)).await.unwrap().id;
        let strategy = s.create_plan_item(item(p, None, PlanLevel::Strategy, "1", 1.0, None)).await.unwrap();
        let measure = s.create_plan_item(item(p, Some(strategy.id), PlanLevel::Measure, "1.1", 1.0, None)).await.unwrap();
        let elsewhere = s.create_plan_item(item(other, None, PlanLevel::Strategy, "1", 1.0, None)).await.unwrap();

        let wrong_plan = s.create_plan_item(item(p, Some(elsewhere.id), PlanLevel::Measure, "1.2", 1.0, None)).await.unwrap_err();
        assert_eq!(codes(wrong_plan), ["other_plan"], "{b}");
        let under_itself = s.create_plan_item(item(p, Some(measure.id), PlanLevel::Measure, "1.1.1", 1.0, None)).await.unwrap_err();
        assert_eq!(codes(under_itself), ["invalid_parent"], "{b}: a measure does not go under a measure");
        // Moving the strategy under its own measure would close a cycle.
        let mut cycle = strategy.input.clone();
        cycle.level = PlanLevel::Measure;
        cycle.parent_id = Some(measure.id);
        let e = codes(s.update_plan_item(strategy.id, Precondition::Any, cycle).await.unwrap_err());
        assert!(e.contains(&"cycle".to_owned()) && e.contains(&"has_children".to_owned()), "{b}: {e:?}");
        let foreign = s.create_indicator(indicator(other, "9", IndicatorSource::Entered, 0.0, 1.0)).await.unwrap();
        let e = s.create_plan_item(item(p, Some(measure.id), PlanLevel::Indicator, "1.1.1", 1.0, Some(foreign.id))).await.unwrap_err();
        assert_eq!(codes(e), ["other_plan"], "{b}: an indicator of another plan");
        assert!(matches!(s.delete_plan_item(strategy.id, Precondition::Any).await, Err(StoreError::Conflict { .. })), "{b}");
        let mut moved = measure.input.clone();
        moved.plan_id = other;
        moved.parent_id = Some(elsewhere.id);
        assert_eq!(codes(s.update_plan_item(measure.id, Precondition::Any, moved).await.unwrap_err()), ["immutable"], "{b}");
        let items = s.list_plan_items(&PlanItemFilter { plan: Some(p), ..Default::default() }, &Page::default()).await.unwrap();
        assert_eq!(items.items.iter().map(|i| i.id).collect::<Vec<_>>(), [strategy.id, measure.id], "{b}: nothing was written");
    }
}

#[tokio::test]
async fn a_bad_formula_is_refused_with_its_position() {
    for db in stores().await {
        let s = db.store.as_ref();
        let (n, _) = network(s).await;
        let p = s.create_plan(plan("formula", n)).await.unwrap().id;
        let bad = indicator(p, "1", IndicatorSource::Computed { formula: "count(activites)".into() }, 0.0, 1.0);
        let Err(StoreError::Invalid(v)) = s.create_indicator(bad).await else { panic!("{}: accepted a bad formula", db.backend) };
        let x = &v.as_slice()[0];
        assert_eq!((x.field.as_str(), x.code.as_str()), ("/source/formula", "invalid_formula"));
        assert!(x.message_th.contains("ตำแหน่งที่ 7") && x.message_en.contains("character 7"), "{x:?}");
        assert_eq!(s.list_indicators(&IndicatorFilter { plan: Some(p), ..Default::default() }, &Page::default()).await.unwrap().total, 0);
    }
}

#[tokio::test]
async fn entered_values_go_through_their_workflow_in_the_right_hands() {
    for db in stores().await {
        let (s, b) = (&db.store, db.backend);
        let (n, o) = network(s.as_ref()).await;
        let responsible = s.create_organization(org("ทัณฑสถานหญิงเชียงใหม่")).await.unwrap().id;
        let p = s.create_plan(plan("workflow", n)).await.unwrap().id;
        let mut input = indicator(p, "2.1", IndicatorSource::Entered, 0.0, 10.0);
        input.responsible_organization_ids = vec![responsible];
        let i = s.create_indicator(input).await.unwrap();
        let editor = acting(s, "editor@example.org", Role::Editor, Scope::Organization(responsible));
        let stranger = acting(s, "stranger@example.org", Role::Editor, Scope::Organization(o));
        let coordinator = acting(s, "coordinator@example.org", Role::Coordinator, Scope::Network(n));
        let public = s.acting_as(Actor { principal: Principal::anonymous(), ip: None });

        assert!(matches!(stranger.create_indicator_value(i.id, value(2567, 4.0)).await, Err(StoreError::Forbidden { .. })), "{b}");
        let mut by_area = value(2567, 4.0);
        by_area.area_code = Some("40".into());
        assert_eq!(codes(editor.create_indicator_value(i.id, by_area).await.unwrap_err()), ["not_allowed"], "{b}: not broken down by area");
        let draft = editor.create_indicator_value(i.id, value(2567, 4.0)).await.unwrap();
        assert_eq!((draft.status, draft.entered.by.as_str()), (ValueStatus::Draft, "editor@example.org"));
        assert!(
            matches!(editor.create_indicator_value(i.id, value(2567, 5.0)).await, Err(StoreError::Conflict { .. })),
            "{b}: one per key"
        );
        let mut female = value(2567, 2.0);
        female.disaggregation.insert("gender".into(), "female".into());
        editor.create_indicator_value(i.id, female).await.unwrap();
        let draft = editor.update_indicator_value(draft.id, Precondition::Version(1), value(2567, 6.0)).await.unwrap();
        assert!(matches!(public.get_indicator_value(draft.id).await, Err(StoreError::Unauthenticated)), "{b}: drafts are not public");
        assert!(public.list_indicator_values(i.id, &IndicatorValueFilter::default()).await.unwrap().is_empty(), "{b}");

        let e = editor.transition_indicator_value(draft.id, Precondition::Any, Transition::Approve).await.unwrap_err();
        assert!(matches!(e, StoreError::Forbidden { .. }), "{b}: an editor does not approve: {e:?}");
        let e = coordinator.transition_indicator_value(draft.id, Precondition::Any, Transition::Approve).await.unwrap_err();
        assert!(matches!(&e, StoreError::Conflict { message_en, .. } if message_en.contains("draft cannot be approved")), "{b}: {e:?}");
        let submitted = editor.transition_indicator_value(draft.id, Precondition::Version(2), Transition::Submit).await.unwrap();
        assert_eq!(submitted.submitted.as_ref().map(|x| x.by.as_str()), Some("editor@example.org"));
        assert!(matches!(
            editor.update_indicator_value(draft.id, Precondition::Any, value(2567, 7.0)).await,
            Err(StoreError::Conflict { .. })
        ));
        let approved = coordinator.transition_indicator_value(draft.id, Precondition::Version(3), Transition::Approve).await.unwrap();
        assert_eq!(
            (approved.status, approved.approved.as_ref().map(|x| x.by.as_str())),
            (ValueStatus::Approved, Some("coordinator@example.org"))
        );
        assert_eq!(public.get_indicator_value(draft.id).await.unwrap().input.value, 6.0, "{b}: approved values are public");
        let seen: Vec<f64> =
            public.list_indicator_values(i.id, &IndicatorValueFilter::default()).await.unwrap().iter().map(|v| v.input.value).collect();
        assert_eq!(seen, [6.0], "{b}: the public sees the approved value only");
        assert_eq!(editor.list_indicator_values(i.id, &IndicatorValueFilter::default()).await.unwrap().len(), 2, "{b}");

        let returned = coordinator.transition_indicator_value(draft.id, Precondition::Any, Transition::Return).await.unwrap();
        assert_eq!(returned.status, ValueStatus::Draft);
        assert_eq!(returned.approved, approved.approved, "{b}: the last approval is remembered");
        let log = s.list_audit(&AuditFilter { entity_id: Some(draft.id.0), ..Default::default() }, &Page::default()).await.unwrap();
        let statuses: Vec<String> = log.items.iter().filter_map(|e| e.after.as_ref()?.get("status")?.as_str().map(str::to_owned)).collect();
        assert_eq!(statuses, ["draft", "approved", "submitted", "draft", "draft"], "{b}: each step audited, newest first");
        assert!(log.items.iter().all(|e| e.entity == "indicator_value"));
    }
}

fn training(lead: OrganizationId, day: u32, people: u32) -> ActivityInput {
    ActivityInput {
        programme_id: None,
        kind: ActivityKind::Training,
        title_th: "อบรมสิทธิมนุษยชนศึกษา".into(),
        title_en: None,
        description_th: None,
        description_en: None,
        starts_at: Utc.with_ymd_and_hms(2024, 3, day, 2, 0, 0).unwrap(),
        ends_at: None,
        venue_th: None,
        venue_en: None,
        area_code: Some("50".into()),
        hours: Some(3.0),
        mode: AttendanceMode::Onsite,
        lead_organization_id: Some(lead),
        partner_organization_ids: vec![],
        target_groups: vec![],
        volunteer_hours: None,
        participation: vec![ParticipationCell {
            gender: Gender::Female,
            age_band: AgeBand::Adult,
            target_group: None,
            nationality: None,
            count: people,
        }],
    }
}

#[tokio::test]
async fn progress_rolls_up_the_tree_as_weighted_means_and_the_public_sees_no_small_counts() {
    for db in stores().await {
        let (s, b) = (&db.store, db.backend);
        let (n, o) = network(s.as_ref()).await;
        let p = s.create_plan(plan("progress", n)).await.unwrap().id;
        s.create_activity(training(o, 5, 3)).await.unwrap();
        s.create_activity(training(o, 6, 0)).await.unwrap();
        // Computed: two trainings in 2567 of ten by 2570 from none in 2566 → 20% achieved, 25% expected: at risk.
        let computed = s.create_indicator(indicator(
            p,
            "1.1",
            IndicatorSource::Computed { formula: "count(activities, kind = training)".into() },
            0.0,
            10.0,
        ));
        let computed = computed.await.unwrap();
        // Entered and approved: 50 of 100 → 50% achieved, on track.
        let entered = s.create_indicator(indicator(p, "1.2", IndicatorSource::Entered, 0.0, 100.0)).await.unwrap();
        let v = s.create_indicator_value(entered.id, value(2567, 50.0)).await.unwrap();
        s.transition_indicator_value(v.id, Precondition::Any, Transition::Submit).await.unwrap();
        s.transition_indicator_value(v.id, Precondition::Any, Transition::Approve).await.unwrap();
        // Entered, only a draft: no official value.
        let pending = s.create_indicator(indicator(p, "2.1", IndicatorSource::Entered, 0.0, 100.0)).await.unwrap();
        s.create_indicator_value(pending.id, value(2567, 90.0)).await.unwrap();
        // Computed on a count of three people: exact for the plan's people, suppressed for the public.
        let people = s.create_indicator(indicator(p, "2.2", IndicatorSource::Computed { formula: "sum(participants)".into() }, 0.0, 12.0));
        let people = people.await.unwrap();

        let s1 = s.create_plan_item(item(p, None, PlanLevel::Strategy, "1", 2.0, None)).await.unwrap().id;
        let m1 = s.create_plan_item(item(p, Some(s1), PlanLevel::Measure, "1.1", 1.0, None)).await.unwrap().id;
        let i11 = s.create_plan_item(item(p, Some(m1), PlanLevel::Indicator, "1.1.1", 1.0, Some(computed.id))).await.unwrap().id;
        let i12 = s.create_plan_item(item(p, Some(m1), PlanLevel::Indicator, "1.1.2", 3.0, Some(entered.id))).await.unwrap().id;
        let s2 = s.create_plan_item(item(p, None, PlanLevel::Strategy, "2", 1.0, None)).await.unwrap().id;
        let i21 = s.create_plan_item(item(p, Some(s2), PlanLevel::Indicator, "2.1", 1.0, Some(pending.id))).await.unwrap().id;
        let i22 = s.create_plan_item(item(p, Some(s2), PlanLevel::Indicator, "2.2", 1.0, Some(people.id))).await.unwrap().id;

        let r = s.plan_progress(p, fy(2567), None).await.unwrap();
        assert!(r.exact && r.area.as_deref() == Some("50"), "{b}: the platform sees exact values for the plan's own area");
        let at = |id: PlanItemId| r.items.iter().find(|x| x.item.id == id).unwrap();
        assert_eq!(
            r.items.iter().map(|x| (x.item.id, x.depth)).collect::<Vec<_>>(),
            [(s1, 0), (m1, 1), (i11, 2), (i12, 2), (s2, 0), (i21, 1), (i22, 1)]
        );
        assert_eq!(at(i11).indicator.as_ref().unwrap().value, Some(2.0), "{b}");
        assert_eq!((at(i11).progress.achieved, at(i11).progress.status), (Some(0.2), ProgressStatus::AtRisk), "{b}");
        assert_eq!((at(i12).progress.achieved, at(i12).progress.status), (Some(0.5), ProgressStatus::OnTrack), "{b}");
        assert_eq!(at(i21).progress.status, ProgressStatus::NoData, "{b}: a draft is not official");
        assert_eq!(at(i22).indicator.as_ref().unwrap().value, Some(3.0), "{b}");
        // The measure is the weighted mean of its indicators; the strategy of its measure.
        let mean = (1.0 * 0.2 + 3.0 * 0.5) / 4.0;
        assert!((at(m1).progress.achieved.unwrap() - mean).abs() < 1e-12, "{b}: {:?}", at(m1).progress);
        assert_eq!(at(s1).progress.achieved, at(m1).progress.achieved);
        assert_eq!((at(s2).counted, at(s2).excluded.clone()), (1, vec![i21]), "{b}: the item without data is left out and named");
        assert_eq!(at(s2).progress.achieved, Some(0.25));
        let overall = (2.0 * mean + 1.0 * 0.25) / 3.0;
        assert!((r.overall.achieved.unwrap() - overall).abs() < 1e-12, "{b}");

        let public = s.acting_as(Actor { principal: Principal::anonymous(), ip: None });
        let r = public.plan_progress(p, fy(2567), None).await.unwrap();
        let reading = r.items.iter().find(|x| x.item.id == i22).unwrap();
        assert!(!r.exact && reading.indicator.as_ref().unwrap().suppressed, "{b}");
        assert_eq!((reading.indicator.as_ref().unwrap().value, reading.progress.status), (None, ProgressStatus::NoData));
        assert!(r.items.iter().find(|x| x.item.id == s2).unwrap().progress.achieved.is_none(), "{b}: nothing rests on the hidden count");
        let e = s.plan_progress(p, fy(2567), Some("99".into())).await.unwrap_err();
        assert_eq!(codes(e), ["unknown_area"], "{b}");
    }
}

#[tokio::test]
async fn a_plan_copied_as_a_template_is_deep_and_independent() {
    for db in stores().await {
        let (s, b) = (db.store.as_ref(), db.backend);
        let (n, _) = network(s).await;
        let source = s.create_plan(plan("source", n)).await.unwrap().id;
        let i = s.create_indicator(indicator(source, "1.1", IndicatorSource::Entered, 0.0, 10.0)).await.unwrap();
        let top = s.create_plan_item(item(source, None, PlanLevel::Strategy, "1", 2.0, None)).await.unwrap().id;
        s.create_plan_item(item(source, Some(top), PlanLevel::Indicator, "1.1", 1.0, Some(i.id))).await.unwrap();
        let v = s.create_indicator_value(i.id, value(2567, 3.0)).await.unwrap();

        let copy = s
            .copy_plan_as_template(
                source,
                PlanCopyInput {
                    code: "copy".into(),
                    title_th: "แผนของอีกจังหวัด".into(),
                    title_en: None,
                    network_id: Some(n),
                    organization_id: None,
                    area_code: Some("40".into()),
                },
            )
            .await
            .unwrap();
        assert_eq!((copy.template_of, copy.input.status, copy.input.area_code.as_deref()), (Some(source), PlanStatus::Draft, Some("40")));
        let items = async |plan| {
            s.list_plan_items(&PlanItemFilter { plan: Some(plan), ..Default::default() }, &Page::default()).await.unwrap().items
        };
        let (old, new) = (items(source).await, items(copy.id).await);
        assert_eq!(new.len(), 2, "{b}");
        assert!(new.iter().all(|x| old.iter().all(|o| o.id != x.id)), "{b}: new ids");
        assert_eq!(new[1].input.parent_id, Some(new[0].id), "{b}: parents point inside the copy");
        assert_eq!((new[0].input.weight, new[1].input.code.as_str()), (2.0, "1.1"));
        let copied =
            s.list_indicators(&IndicatorFilter { plan: Some(copy.id), ..Default::default() }, &Page::default()).await.unwrap().items;
        assert_eq!(copied.len(), 1);
        assert_ne!(copied[0].id, i.id);
        assert_eq!(new[1].input.indicator_id, Some(copied[0].id), "{b}: the copy's tree uses the copy's indicator");
        assert_eq!((copied[0].input.targets.clone(), copied[0].input.baseline), (i.input.targets.clone(), i.input.baseline));
        assert!(s.list_indicator_values(copied[0].id, &IndicatorValueFilter::default()).await.unwrap().is_empty(), "{b}: no values");

        // Changing the copy leaves the source alone.
        let mut changed = copied[0].input.clone();
        changed.targets = vec![Target { fiscal_year: fy(2570), value: 99.0 }];
        s.update_indicator(copied[0].id, Precondition::Any, changed).await.unwrap();
        s.delete_plan_item(new[1].id, Precondition::Any).await.unwrap();
        assert_eq!(s.get_indicator(i.id).await.unwrap().input.targets, i.input.targets, "{b}");
        assert_eq!(items(source).await, old, "{b}");
        assert_eq!(s.get_indicator_value(v.id).await.unwrap().input.value, 3.0);

        // The copy and its parts are in the audit log, and a dump carries plans from one database to another.
        let log = s.list_audit(&AuditFilter { entity: Some("plan_item".into()), ..Default::default() }, &Page::default()).await.unwrap();
        assert_eq!(log.items.iter().filter(|e| e.action == "create").count(), 4, "{b}: two items, and their two copies");
        let dump = s.export().await.unwrap();
        assert_eq!((dump.plans.len(), dump.indicators.len(), dump.plan_items.len(), dump.indicator_values.len()), (2, 2, 3, 1));
        let fresh = phakhi_test_support::sqlite().await;
        fresh.store.import(&dump).await.unwrap();
        assert_eq!(fresh.store.export().await.unwrap(), dump, "{b}: plans round-trip through a dump");
    }
}
