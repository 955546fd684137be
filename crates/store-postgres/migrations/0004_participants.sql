-- Individual participants (personal data under the PDPA). Each one also counts in the activity's
-- participation cells; erasing a participant removes the person and keeps the count.
CREATE TABLE participants (
    id UUID PRIMARY KEY,
    activity_id UUID NOT NULL REFERENCES activities (id),
    full_name TEXT NOT NULL,
    contact TEXT,
    gender TEXT,
    age_band TEXT,
    target_group TEXT REFERENCES target_groups (code),
    nationality TEXT,
    disability TEXT,
    consent_purpose TEXT,
    consent_given_on DATE,
    created_at TIMESTAMPTZ NOT NULL,
    -- Sensitive data (gender identity, disability) only with explicit consent.
    CHECK ((gender IS NULL OR gender = 'not_stated') AND disability IS NULL OR consent_given_on IS NOT NULL)
);
CREATE INDEX participants_activity ON participants (activity_id);
