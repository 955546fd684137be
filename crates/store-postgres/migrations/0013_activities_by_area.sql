-- Indicators computed for an area (a province's indicator page, the roll-up by area) read the
-- activities whose code begins with the area's, in the fiscal year: `area_code LIKE '50%'`. An index
-- in the database's collation cannot answer a prefix; `text_pattern_ops` compares as bytes and can,
-- with the start times beside the codes so the fiscal year is checked in the index.
CREATE INDEX activities_area_prefix ON activities (area_code text_pattern_ops, starts_at);
