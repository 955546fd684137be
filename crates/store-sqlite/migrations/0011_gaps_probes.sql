-- The gaps list asks, for each party to an active agreement, whether it led a programme in the
-- fiscal year. Without this index SQLite answered from the index on the fiscal year alone, reading
-- the year's 17,000 programmes for each of 10,000 parties at national scale.
CREATE INDEX programmes_lead_year ON programmes (lead_organization_id, fiscal_year);
