-- Plans, their indicators and the values entered for them (issue 6). The PostgreSQL migration of the
-- same version has the same tables in its own types.

-- A plan is kept by a network or an organisation (or both); template_of names the plan it was copied
-- from, without a foreign key: the source may be deleted later and the copy stays.
CREATE TABLE plans (
    id BLOB PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    title_th TEXT NOT NULL,
    title_en TEXT,
    description_th TEXT,
    description_en TEXT,
    network_id BLOB REFERENCES networks (id),
    organization_id BLOB REFERENCES organizations (id),
    area_code TEXT REFERENCES areas (code),
    start_year INTEGER NOT NULL CHECK (start_year BETWEEN 2500 AND 2700),
    end_year INTEGER NOT NULL CHECK (end_year BETWEEN 2500 AND 2700),
    status TEXT NOT NULL,
    template_of BLOB,
    version INTEGER NOT NULL CHECK (version >= 1),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (network_id IS NOT NULL OR organization_id IS NOT NULL),
    CHECK (end_year >= start_year)
) STRICT;
CREATE INDEX plans_network ON plans (network_id);
CREATE INDEX plans_organization ON plans (organization_id);

CREATE TABLE plan_organizations (
    plan_id BLOB NOT NULL REFERENCES plans (id),
    organization_id BLOB NOT NULL REFERENCES organizations (id),
    position INTEGER NOT NULL,
    PRIMARY KEY (plan_id, organization_id)
) STRICT;
CREATE INDEX plan_organizations_organization ON plan_organizations (organization_id);

CREATE TABLE plan_alignments (
    plan_id BLOB NOT NULL REFERENCES plans (id),
    item_id BLOB NOT NULL REFERENCES framework_items (id),
    position INTEGER NOT NULL,
    PRIMARY KEY (plan_id, item_id)
) STRICT;
CREATE INDEX plan_alignments_item ON plan_alignments (item_id);

-- An indicator belongs to one plan; a plan copied as a template gets its own copies.
CREATE TABLE indicators (
    id BLOB PRIMARY KEY,
    plan_id BLOB NOT NULL REFERENCES plans (id),
    code TEXT NOT NULL,
    name_th TEXT NOT NULL,
    name_en TEXT,
    definition_th TEXT,
    definition_en TEXT,
    unit_th TEXT NOT NULL,
    unit_en TEXT,
    direction TEXT NOT NULL CHECK (direction IN ('higher_is_better', 'lower_is_better')),
    baseline_value REAL,
    baseline_year INTEGER CHECK (baseline_year BETWEEN 2500 AND 2700),
    source TEXT NOT NULL CHECK (source IN ('entered', 'computed')),
    formula TEXT,
    version INTEGER NOT NULL CHECK (version >= 1),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (plan_id, code),
    CHECK ((baseline_value IS NULL) = (baseline_year IS NULL)),
    CHECK ((source = 'computed') = (formula IS NOT NULL))
) STRICT;

CREATE TABLE indicator_targets (
    indicator_id BLOB NOT NULL REFERENCES indicators (id),
    fiscal_year INTEGER NOT NULL CHECK (fiscal_year BETWEEN 2500 AND 2700),
    value REAL NOT NULL,
    PRIMARY KEY (indicator_id, fiscal_year)
) STRICT;

CREATE TABLE indicator_disaggregations (
    indicator_id BLOB NOT NULL REFERENCES indicators (id),
    dimension TEXT NOT NULL CHECK (dimension IN ('gender', 'age_band', 'target_group', 'area')),
    position INTEGER NOT NULL,
    PRIMARY KEY (indicator_id, dimension)
) STRICT;

CREATE TABLE indicator_alignments (
    indicator_id BLOB NOT NULL REFERENCES indicators (id),
    item_id BLOB NOT NULL REFERENCES framework_items (id),
    position INTEGER NOT NULL,
    PRIMARY KEY (indicator_id, item_id)
) STRICT;
CREATE INDEX indicator_alignments_item ON indicator_alignments (item_id);

CREATE TABLE indicator_organizations (
    indicator_id BLOB NOT NULL REFERENCES indicators (id),
    organization_id BLOB NOT NULL REFERENCES organizations (id),
    position INTEGER NOT NULL,
    PRIMARY KEY (indicator_id, organization_id)
) STRICT;
CREATE INDEX indicator_organizations_organization ON indicator_organizations (organization_id);

-- The tree: strategy > measure > indicator. The store keeps a parent in the same plan and at a
-- higher level, which also rules out cycles.
CREATE TABLE plan_items (
    id BLOB PRIMARY KEY,
    plan_id BLOB NOT NULL REFERENCES plans (id),
    parent_id BLOB REFERENCES plan_items (id),
    level TEXT NOT NULL CHECK (level IN ('strategy', 'measure', 'indicator')),
    code TEXT NOT NULL,
    title_th TEXT NOT NULL,
    title_en TEXT,
    weight REAL NOT NULL CHECK (weight > 0),
    indicator_id BLOB REFERENCES indicators (id),
    position INTEGER NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (plan_id, code),
    CHECK ((level = 'indicator') = (indicator_id IS NOT NULL))
) STRICT;
CREATE INDEX plan_items_parent ON plan_items (parent_id);
CREATE INDEX plan_items_indicator ON plan_items (indicator_id);

CREATE TABLE plan_item_organizations (
    plan_item_id BLOB NOT NULL REFERENCES plan_items (id),
    organization_id BLOB NOT NULL REFERENCES organizations (id),
    position INTEGER NOT NULL,
    PRIMARY KEY (plan_item_id, organization_id)
) STRICT;

-- Entered values: one per indicator, fiscal year, area ('' = national in the key) and breakdown
-- (canonical text, '' = total). Who moved each through the workflow, and when, is kept with it.
CREATE TABLE indicator_values (
    id BLOB PRIMARY KEY,
    indicator_id BLOB NOT NULL REFERENCES indicators (id),
    fiscal_year INTEGER NOT NULL CHECK (fiscal_year BETWEEN 2500 AND 2700),
    area_code TEXT REFERENCES areas (code),
    disaggregation TEXT NOT NULL,
    value REAL NOT NULL,
    source TEXT,
    status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'approved')),
    entered_by TEXT NOT NULL,
    entered_at TEXT NOT NULL,
    submitted_by TEXT,
    submitted_at TEXT,
    approved_by TEXT,
    approved_at TEXT,
    returned_by TEXT,
    returned_at TEXT,
    version INTEGER NOT NULL CHECK (version >= 1),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX indicator_values_key ON indicator_values (indicator_id, fiscal_year, COALESCE(area_code, ''), disaggregation);
