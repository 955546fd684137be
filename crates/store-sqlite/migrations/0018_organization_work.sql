-- Each organisation's own work of each fiscal year, kept summed as records are written (decision 45):
-- for each organisation, fiscal year (Buddhist Era, the year an activity starts in, in Thai time),
-- SDG goal (the goal an activity is aligned to, at the goal or below it; 'all' for every activity
-- whatever it is aligned to) and kind of activity, how many activities the organisation led or
-- partnered (a lead is never counted again as a partner) and their hours and volunteer hours (0 when
-- none are recorded). A share's condition (report 002: each agency's hours of human-rights training
-- in a year) reads one row per organisation instead of every activity it took part in. Every write
-- that changes an activity recomputes the rows of the organisations and years it counts in, from the
-- records, in the same transaction (crates/store/src/sql/organization_work.rs).
-- No foreign key to organizations: rows exist only for organisations that lead or partner an
-- activity, which the activities' own keys already keep from being deleted.
CREATE TABLE organization_work (
    organization_id BLOB NOT NULL,
    fiscal_year INTEGER NOT NULL,
    goal TEXT NOT NULL,
    kind TEXT NOT NULL,
    activities INTEGER NOT NULL,
    hours REAL NOT NULL,
    volunteer_hours REAL NOT NULL,
    PRIMARY KEY (organization_id, fiscal_year, goal, kind)
) STRICT, WITHOUT ROWID;

-- The work of the records already stored: the same statement as organization_work::rebuild_sql (a
-- unit test checks they match).
WITH RECURSIVE goal_of(item_id, code) AS ( SELECT fi.id, fi.code FROM framework_items fi JOIN frameworks f ON f.id = fi.framework_id WHERE f.code = 'sdg' AND fi.parent_id IS NULL
    UNION ALL SELECT c.id, g.code FROM framework_items c JOIN goal_of g ON c.parent_id = g.item_id),
    work AS ( SELECT a.id, a.lead_organization_id AS organization_id, (CAST(strftime('%Y', a.starts_at, '+7 hours') AS INTEGER) + 543 + (CAST(strftime('%m', a.starts_at, '+7 hours') AS INTEGER) >= 10)) AS fiscal_year, a.kind, a.hours, a.volunteer_hours
        FROM activities a WHERE a.lead_organization_id IS NOT NULL
        UNION ALL SELECT a.id, w.organization_id, (CAST(strftime('%Y', a.starts_at, '+7 hours') AS INTEGER) + 543 + (CAST(strftime('%m', a.starts_at, '+7 hours') AS INTEGER) >= 10)), a.kind, a.hours, a.volunteer_hours
        FROM activity_partners w JOIN activities a ON a.id = w.activity_id
        WHERE (a.lead_organization_id IS NULL OR a.lead_organization_id <> w.organization_id) ),
    aligned_goal AS ( SELECT DISTINCT al.subject_id AS id, g.code FROM alignments al JOIN goal_of g ON g.item_id = al.item_id
        WHERE al.subject_kind = 'activity' AND al.subject_id IN (SELECT id FROM work)),
    placed AS ( SELECT organization_id, fiscal_year, 'all' AS goal, kind, hours, volunteer_hours FROM work
        UNION ALL SELECT w.organization_id, w.fiscal_year, ag.code, w.kind, w.hours, w.volunteer_hours
        FROM work w JOIN aligned_goal ag ON ag.id = w.id)
INSERT INTO organization_work (organization_id, fiscal_year, goal, kind, activities, hours, volunteer_hours)
    SELECT organization_id, fiscal_year, goal, kind, COUNT(*), COALESCE(SUM(hours), 0), COALESCE(SUM(volunteer_hours), 0)
    FROM placed GROUP BY organization_id, fiscal_year, goal, kind;
