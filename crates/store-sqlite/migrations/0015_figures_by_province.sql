-- The figures of each fiscal year by province as well (decision 39): for each province, its
-- participants by gender and by target group, and its activities and participants by SDG goal,
-- coded 'province|gender', 'province|target group' and 'province|goal' under the dimensions
-- province_gender, province_target_group and province_sdg_goal. Indicators read a province's value
-- of such a breakdown from one row instead of every record of the year. The rows of the other
-- dimensions are unchanged; the whole table is summed again from the records with the same
-- statement as figures::rebuild_sql (a unit test checks they match).
DELETE FROM year_figures;

WITH RECURSIVE goal_of(item_id, code) AS ( SELECT fi.id, fi.code FROM framework_items fi JOIN frameworks f ON f.id = fi.framework_id WHERE f.code = 'sdg' AND fi.parent_id IS NULL
    UNION ALL SELECT c.id, g.code FROM framework_items c JOIN goal_of g ON c.parent_id = g.item_id),
    activity AS ( SELECT a.id, (CAST(strftime('%Y', a.starts_at, '+7 hours') AS INTEGER) + 543 + (CAST(strftime('%m', a.starts_at, '+7 hours') AS INTEGER) >= 10)) AS fiscal_year, substr(a.area_code, 1, 2) AS province, strftime('%Y-%m', a.starts_at, '+7 hours') AS month, (SELECT COALESCE(SUM(c.count), 0) FROM participation_cells c WHERE c.activity_id = a.id) AS participants FROM activities a ),
    activity_goal AS ( SELECT DISTINCT s.id, s.fiscal_year, s.province, s.participants, g.code FROM activity s JOIN alignments al ON al.subject_kind = 'activity' AND al.subject_id = s.id JOIN goal_of g ON g.item_id = al.item_id),
    programme AS (SELECT p.id, p.fiscal_year FROM programmes p ),
    share(fiscal_year, dimension, code, programmes, activities, participants) AS ( SELECT fiscal_year, 'total', 'all', 0, COUNT(*), SUM(participants) FROM activity GROUP BY fiscal_year
    UNION ALL SELECT fiscal_year, 'province', province, 0, COUNT(*), SUM(participants) FROM activity WHERE province IS NOT NULL GROUP BY fiscal_year, province
    UNION ALL SELECT fiscal_year, 'month', month, 0, COUNT(*), SUM(participants) FROM activity GROUP BY fiscal_year, month
    UNION ALL SELECT s.fiscal_year, 'gender', c.gender, 0, COUNT(DISTINCT s.id), SUM(c.count) FROM activity s JOIN participation_cells c ON c.activity_id = s.id GROUP BY s.fiscal_year, c.gender
    UNION ALL SELECT s.fiscal_year, 'target_group', COALESCE(c.target_group, 'not_stated'), 0, COUNT(DISTINCT s.id), SUM(c.count) FROM activity s JOIN participation_cells c ON c.activity_id = s.id GROUP BY s.fiscal_year, COALESCE(c.target_group, 'not_stated')
    UNION ALL SELECT fiscal_year, 'sdg_goal', code, 0, COUNT(*), SUM(participants) FROM activity_goal GROUP BY fiscal_year, code
    UNION ALL SELECT s.fiscal_year, 'province_gender', s.province || '|' || c.gender, 0, COUNT(DISTINCT s.id), SUM(c.count) FROM activity s JOIN participation_cells c ON c.activity_id = s.id WHERE s.province IS NOT NULL GROUP BY s.fiscal_year, s.province, c.gender
    UNION ALL SELECT s.fiscal_year, 'province_target_group', s.province || '|' || COALESCE(c.target_group, 'not_stated'), 0, COUNT(DISTINCT s.id), SUM(c.count) FROM activity s JOIN participation_cells c ON c.activity_id = s.id WHERE s.province IS NOT NULL GROUP BY s.fiscal_year, s.province, COALESCE(c.target_group, 'not_stated')
    UNION ALL SELECT fiscal_year, 'province_sdg_goal', province || '|' || code, 0, COUNT(*), SUM(participants) FROM activity_goal WHERE province IS NOT NULL GROUP BY fiscal_year, province, code
    UNION ALL SELECT fiscal_year, 'total', 'all', COUNT(*), 0, 0 FROM programme GROUP BY fiscal_year
    UNION ALL SELECT s.fiscal_year, 'sdg_goal', g.code, COUNT(DISTINCT s.id), 0, 0 FROM programme s JOIN alignments al ON al.subject_kind = 'programme' AND al.subject_id = s.id JOIN goal_of g ON g.item_id = al.item_id GROUP BY s.fiscal_year, g.code)
    INSERT INTO year_figures (fiscal_year, dimension, code, programmes, activities, participants) SELECT CAST(fiscal_year AS BIGINT), dimension, code, CAST(SUM(programmes) AS BIGINT), CAST(SUM(activities) AS BIGINT), CAST(SUM(participants) AS BIGINT)
    FROM share GROUP BY  fiscal_year, dimension, code ORDER BY 1, 2, 3;
