-- A share's condition sums each organisation's own work in a period (decision 44): the activities it
-- leads are found by the lead and start time, with the kind and hours in the index beside them, so
-- that only the period's are read, from the index alone. It serves every lookup the index on the lead
-- alone did, which it replaces.
CREATE INDEX activities_lead_starts ON activities (lead_organization_id, starts_at, kind, hours);
DROP INDEX activities_lead;
