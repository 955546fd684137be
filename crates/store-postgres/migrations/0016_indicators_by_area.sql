-- A province's indicator page evaluates its indicators in the province for a fiscal year.
--
-- Programmes: `fiscal_year = 2567 AND area_code LIKE '50%'`; `text_pattern_ops` lets the index answer
-- the prefix (as for activities, migration 0013) beside the year's equality.
CREATE INDEX programmes_year_area ON programmes (fiscal_year, area_code text_pattern_ops);

-- Activities: sums of hours and counts by kind in an area can be answered from the index alone with
-- the kind and hours carried in it (SQLite's index gains them as columns, migration 0016 there).
CREATE INDEX activities_area_prefix_kind ON activities (area_code text_pattern_ops, starts_at) INCLUDE (kind, hours);
DROP INDEX activities_area_prefix;
