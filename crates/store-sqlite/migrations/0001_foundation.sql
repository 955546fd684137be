-- phakhi foundation schema. The SQLite and PostgreSQL files are the same schema in each dialect and
-- keep the same version numbers; change both together.

-- Reference data -------------------------------------------------------------------------------

CREATE TABLE reference_data (
    name TEXT PRIMARY KEY,
    checksum TEXT NOT NULL,
    installed_at TEXT NOT NULL
) STRICT;

-- Thai administrative areas with DOPA codes: province (2 digits) > district (4) > subdistrict (6).
CREATE TABLE areas (
    code TEXT PRIMARY KEY,
    level TEXT NOT NULL CHECK (level IN ('province', 'district', 'subdistrict')),
    parent_code TEXT REFERENCES areas (code),
    name_th TEXT NOT NULL,
    name_en TEXT NOT NULL,
    iso_3166_2 TEXT,
    postcode TEXT,
    region_th TEXT,
    region_en TEXT
) STRICT;
CREATE INDEX areas_parent ON areas (parent_code);

CREATE TABLE target_groups (
    code TEXT PRIMARY KEY,
    name_th TEXT NOT NULL,
    name_en TEXT NOT NULL,
    builtin INTEGER NOT NULL,
    position INTEGER NOT NULL
) STRICT;

-- The register --------------------------------------------------------------------------------

CREATE TABLE organizations (
    id BLOB PRIMARY KEY,
    name_th TEXT NOT NULL,
    name_en TEXT,
    abbreviation TEXT,
    sector TEXT NOT NULL,
    parent_id BLOB REFERENCES organizations (id),
    area_code TEXT REFERENCES areas (code),
    website TEXT,
    status TEXT NOT NULL,
    description_th TEXT,
    description_en TEXT,
    version INTEGER NOT NULL CHECK (version >= 1),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX organizations_area ON organizations (area_code);
CREATE INDEX organizations_parent ON organizations (parent_id);
CREATE INDEX organizations_name ON organizations (name_th);

CREATE TABLE networks (
    id BLOB PRIMARY KEY,
    name_th TEXT NOT NULL,
    name_en TEXT,
    instrument TEXT,
    established_on TEXT,
    area_code TEXT REFERENCES areas (code),
    description_th TEXT,
    description_en TEXT,
    version INTEGER NOT NULL CHECK (version >= 1),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE network_members (
    network_id BLOB NOT NULL REFERENCES networks (id),
    organization_id BLOB NOT NULL REFERENCES organizations (id),
    role TEXT NOT NULL,
    represented_by TEXT,
    joined_on TEXT,
    position INTEGER NOT NULL,
    PRIMARY KEY (network_id, organization_id)
) STRICT;
CREATE INDEX network_members_organization ON network_members (organization_id);

CREATE TABLE agreements (
    id BLOB PRIMARY KEY,
    title_th TEXT NOT NULL,
    title_en TEXT,
    themes TEXT NOT NULL,
    signed_on TEXT,
    place_th TEXT,
    place_en TEXT,
    area_code TEXT REFERENCES areas (code),
    term_start TEXT,
    term_end TEXT,
    declared_signatories INTEGER CHECK (declared_signatories >= 0),
    status TEXT NOT NULL,
    network_id BLOB REFERENCES networks (id),
    notes_th TEXT,
    notes_en TEXT,
    version INTEGER NOT NULL CHECK (version >= 1),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX agreements_area ON agreements (area_code);
CREATE INDEX agreements_network ON agreements (network_id);
CREATE INDEX agreements_signed ON agreements (signed_on);

CREATE TABLE agreement_parties (
    agreement_id BLOB NOT NULL REFERENCES agreements (id),
    organization_id BLOB NOT NULL REFERENCES organizations (id),
    role TEXT NOT NULL,
    signed_by TEXT,
    position INTEGER NOT NULL,
    PRIMARY KEY (agreement_id, organization_id)
) STRICT;
CREATE INDEX agreement_parties_organization ON agreement_parties (organization_id);

CREATE TABLE agreement_documents (
    agreement_id BLOB NOT NULL REFERENCES agreements (id),
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    file_name TEXT NOT NULL,
    media_type TEXT,
    size_bytes INTEGER CHECK (size_bytes >= 0),
    sha256 TEXT,
    url TEXT,
    PRIMARY KEY (agreement_id, position)
) STRICT;

CREATE TABLE commitments (
    id BLOB PRIMARY KEY,
    agreement_id BLOB NOT NULL REFERENCES agreements (id),
    organization_id BLOB NOT NULL REFERENCES organizations (id),
    title_th TEXT NOT NULL,
    title_en TEXT,
    description_th TEXT,
    description_en TEXT,
    status TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    -- A commitment is made by a party of its agreement.
    FOREIGN KEY (agreement_id, organization_id) REFERENCES agreement_parties (agreement_id, organization_id)
        DEFERRABLE INITIALLY DEFERRED
) STRICT;
CREATE INDEX commitments_agreement ON commitments (agreement_id);
CREATE INDEX commitments_organization ON commitments (organization_id);

CREATE TABLE commitment_deliverables (
    commitment_id BLOB NOT NULL REFERENCES commitments (id),
    position INTEGER NOT NULL,
    title_th TEXT NOT NULL,
    title_en TEXT,
    due_on TEXT,
    status TEXT NOT NULL,
    delivered_on TEXT,
    PRIMARY KEY (commitment_id, position)
) STRICT;

CREATE TABLE commitment_progress (
    commitment_id BLOB NOT NULL REFERENCES commitments (id),
    position INTEGER NOT NULL,
    reported_on TEXT NOT NULL,
    percent INTEGER NOT NULL CHECK (percent BETWEEN 0 AND 100),
    narrative_th TEXT,
    narrative_en TEXT,
    PRIMARY KEY (commitment_id, position)
) STRICT;

-- What partners do ----------------------------------------------------------------------------

CREATE TABLE programmes (
    id BLOB PRIMARY KEY,
    title_th TEXT NOT NULL,
    title_en TEXT,
    description_th TEXT,
    description_en TEXT,
    fiscal_year INTEGER NOT NULL CHECK (fiscal_year BETWEEN 2500 AND 2700),
    budget_satang INTEGER CHECK (budget_satang >= 0),
    budget_source TEXT,
    lead_organization_id BLOB NOT NULL REFERENCES organizations (id),
    area_code TEXT REFERENCES areas (code),
    starts_on TEXT,
    ends_on TEXT,
    status TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX programmes_fiscal_year ON programmes (fiscal_year);
CREATE INDEX programmes_area ON programmes (area_code);
CREATE INDEX programmes_lead ON programmes (lead_organization_id);

CREATE TABLE programme_partners (
    programme_id BLOB NOT NULL REFERENCES programmes (id),
    organization_id BLOB NOT NULL REFERENCES organizations (id),
    position INTEGER NOT NULL,
    PRIMARY KEY (programme_id, organization_id)
) STRICT;
CREATE INDEX programme_partners_organization ON programme_partners (organization_id);

CREATE TABLE programme_target_groups (
    programme_id BLOB NOT NULL REFERENCES programmes (id),
    target_group TEXT NOT NULL REFERENCES target_groups (code),
    position INTEGER NOT NULL,
    PRIMARY KEY (programme_id, target_group)
) STRICT;
CREATE INDEX programme_target_groups_group ON programme_target_groups (target_group);

CREATE TABLE activities (
    id BLOB PRIMARY KEY,
    programme_id BLOB REFERENCES programmes (id),
    kind TEXT NOT NULL,
    title_th TEXT NOT NULL,
    title_en TEXT,
    description_th TEXT,
    description_en TEXT,
    starts_at TEXT NOT NULL,
    ends_at TEXT,
    venue_th TEXT,
    venue_en TEXT,
    area_code TEXT REFERENCES areas (code),
    hours REAL CHECK (hours >= 0),
    mode TEXT NOT NULL,
    lead_organization_id BLOB REFERENCES organizations (id),
    volunteer_hours REAL CHECK (volunteer_hours >= 0),
    version INTEGER NOT NULL CHECK (version >= 1),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX activities_programme ON activities (programme_id);
CREATE INDEX activities_starts ON activities (starts_at);
CREATE INDEX activities_area ON activities (area_code);
CREATE INDEX activities_lead ON activities (lead_organization_id);

CREATE TABLE activity_partners (
    activity_id BLOB NOT NULL REFERENCES activities (id),
    organization_id BLOB NOT NULL REFERENCES organizations (id),
    position INTEGER NOT NULL,
    PRIMARY KEY (activity_id, organization_id)
) STRICT;
CREATE INDEX activity_partners_organization ON activity_partners (organization_id);

CREATE TABLE activity_target_groups (
    activity_id BLOB NOT NULL REFERENCES activities (id),
    target_group TEXT NOT NULL REFERENCES target_groups (code),
    position INTEGER NOT NULL,
    PRIMARY KEY (activity_id, target_group)
) STRICT;
CREATE INDEX activity_target_groups_group ON activity_target_groups (target_group);

-- One cell of the gender x age band x target group x nationality cross-classification.
-- Totals are sums of cells and are never stored.
CREATE TABLE participation_cells (
    activity_id BLOB NOT NULL REFERENCES activities (id),
    position INTEGER NOT NULL,
    gender TEXT NOT NULL,
    age_band TEXT NOT NULL,
    target_group TEXT REFERENCES target_groups (code),
    nationality TEXT CHECK (nationality IS NULL OR length(nationality) = 2),
    count INTEGER NOT NULL CHECK (count >= 0),
    PRIMARY KEY (activity_id, position)
) STRICT;

-- Frameworks and alignment ----------------------------------------------------------------------

CREATE TABLE frameworks (
    id BLOB PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    name_th TEXT NOT NULL,
    name_en TEXT,
    publisher TEXT,
    url TEXT,
    description_th TEXT,
    description_en TEXT,
    builtin INTEGER NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE framework_items (
    id BLOB PRIMARY KEY,
    framework_id BLOB NOT NULL REFERENCES frameworks (id),
    parent_id BLOB REFERENCES framework_items (id),
    code TEXT NOT NULL,
    level TEXT NOT NULL,
    title_th TEXT,
    title_en TEXT,
    position INTEGER NOT NULL,
    colour TEXT,
    version INTEGER NOT NULL CHECK (version >= 1),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (framework_id, code)
) STRICT;
CREATE INDEX framework_items_parent ON framework_items (parent_id);

-- subject_id points at an agreement, commitment, programme or activity (by subject_kind); the store
-- checks it exists and removes alignments with their subject.
CREATE TABLE alignments (
    id BLOB PRIMARY KEY,
    subject_kind TEXT NOT NULL CHECK (subject_kind IN ('agreement', 'commitment', 'programme', 'activity')),
    subject_id BLOB NOT NULL,
    item_id BLOB NOT NULL REFERENCES framework_items (id),
    note TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (subject_kind, subject_id, item_id)
) STRICT;
CREATE INDEX alignments_item ON alignments (item_id);
