-- A province's indicator page evaluates its indicators in the province for a fiscal year.
--
-- Programmes: `fiscal_year = 2567 AND area_code >= '50' AND area_code < '51'`. Without gathered
-- statistics SQLite chose the year's index and read the year's 19,000 national programmes to keep 558
-- (20 ms each for the count and the budget, measured); with the year and the code side by side it
-- reads only those.
CREATE INDEX programmes_year_area ON programmes (fiscal_year, area_code);

-- Activities: sums of hours and counts by kind read each of the province's activities of the year
-- from the table (5,500 rows, 12–16 ms for Chiang Mai's training hours); with the kind and hours in
-- the index beside the code and start time they are read from the index alone (1–2 ms). The index
-- serves every lookup the one it replaces did.
CREATE INDEX activities_area_starts_kind ON activities (area_code, starts_at, kind, hours);
DROP INDEX activities_area_starts;
