-- Plans, their indicators and the values entered for them (issue 6). The SQLite migration of the
-- same version has the same tables in its own types.

-- A plan is kept by a network or an organisation (or both); template_of names the plan it was copied
-- from, without a foreign key: the source may be deleted later and the copy stays.
CREATE TABLE plans (
    id UUID PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    title_th TEXT NOT NULL,
    title_en TEXT,
    description_th TEXT,
    description_en TEXT,
    network_id UUID REFERENCES networks (id),
    organization_id UUID REFERENCES organizations (id),
    area_code TEXT REFERENCES areas (code),
    start_year BIGINT NOT NULL CHECK (start_year BETWEEN 2500 AND 2700),
    end_year BIGINT NOT NULL CHECK (end_year BETWEEN 2500 AND 2700),
    status TEXT NOT NULL,
    template_of UUID,
    version BIGINT NOT NULL CHECK (version >= 1),
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    CHECK (network_id IS NOT NULL OR organization_id IS NOT NULL),
    CHECK (end_year >= start_year)
);
CREATE INDEX plans_network ON plans (network_id);
CREATE INDEX plans_organization ON plans (organization_id);

CREATE TABLE plan_organizations (
    plan_id UUID NOT NULL REFERENCES plans (id),
    organization_id UUID NOT NULL REFERENCES organizations (id),
    position BIGINT NOT NULL,
    PRIMARY KEY (plan_id, organization_id)
);
CREATE INDEX plan_organizations_organization ON plan_organizations (organization_id);

CREATE TABLE plan_alignments (
    plan_id UUID NOT NULL REFERENCES plans (id),
    item_id UUID NOT NULL REFERENCES framework_items (id),
    position BIGINT NOT NULL,
    PRIMARY KEY (plan_id, item_id)
);
CREATE INDEX plan_alignments_item ON plan_alignments (item_id);

-- An indicator belongs to one plan; a plan copied as a template gets its own copies.
CREATE TABLE indicators (
    id UUID PRIMARY KEY,
    plan_id UUID NOT NULL REFERENCES plans (id),
    code TEXT NOT NULL,
    name_th TEXT NOT NULL,
    name_en TEXT,
    definition_th TEXT,
    definition_en TEXT,
    unit_th TEXT NOT NULL,
    unit_en TEXT,
    direction TEXT NOT NULL CHECK (direction IN ('higher_is_better', 'lower_is_better')),
    baseline_value DOUBLE PRECISION,
    baseline_year BIGINT CHECK (baseline_year BETWEEN 2500 AND 2700),
    source TEXT NOT NULL CHECK (source IN ('entered', 'computed')),
    formula TEXT,
    version BIGINT NOT NULL CHECK (version >= 1),
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    UNIQUE (plan_id, code),
    CHECK ((baseline_value IS NULL) = (baseline_year IS NULL)),
    CHECK ((source = 'computed') = (formula IS NOT NULL))
);

CREATE TABLE indicator_targets (
    indicator_id UUID NOT NULL REFERENCES indicators (id),
    fiscal_year BIGINT NOT NULL CHECK (fiscal_year BETWEEN 2500 AND 2700),
    value DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (indicator_id, fiscal_year)
);

CREATE TABLE indicator_disaggregations (
    indicator_id UUID NOT NULL REFERENCES indicators (id),
    dimension TEXT NOT NULL CHECK (dimension IN ('gender', 'age_band', 'target_group', 'area')),
    position BIGINT NOT NULL,
    PRIMARY KEY (indicator_id, dimension)
);

CREATE TABLE indicator_alignments (
    indicator_id UUID NOT NULL REFERENCES indicators (id),
    item_id UUID NOT NULL REFERENCES framework_items (id),
    position BIGINT NOT NULL,
    PRIMARY KEY (indicator_id, item_id)
);
CREATE INDEX indicator_alignments_item ON indicator_alignments (item_id);

CREATE TABLE indicator_organizations (
    indicator_id UUID NOT NULL REFERENCES indicators (id),
    organization_id UUID NOT NULL REFERENCES organizations (id),
    position BIGINT NOT NULL,
    PRIMARY KEY (indicator_id, organization_id)
);
CREATE INDEX indicator_organizations_organization ON indicator_organizations (organization_id);

-- The tree: strategy > measure > indicator. The store keeps a parent in the same plan and at a
-- higher level, which also rules out cycles.
CREATE TABLE plan_items (
    id UUID PRIMARY KEY,
    plan_id UUID NOT NULL REFERENCES plans (id),
    parent_id UUID REFERENCES plan_items (id),
    level TEXT NOT NULL CHECK (level IN ('strategy', 'measure', 'indicator')),
    code TEXT NOT NULL,
    title_th TEXT NOT NULL,
    title_en TEXT,
    weight DOUBLE PRECISION NOT NULL CHECK (weight > 0),
    indicator_id UUID REFERENCES indicators (id),
    position BIGINT NOT NULL,
    version BIGINT NOT NULL CHECK (version >= 1),
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    UNIQUE (plan_id, code),
    CHECK ((level = 'indicator') = (indicator_id IS NOT NULL))
);
CREATE INDEX plan_items_parent ON plan_items (parent_id);
CREATE INDEX plan_items_indicator ON plan_items (indicator_id);

CREATE TABLE plan_item_organizations (
    plan_item_id UUID NOT NULL REFERENCES plan_items (id),
    organization_id UUID NOT NULL REFERENCES organizations (id),
    position BIGINT NOT NULL,
    PRIMARY KEY (plan_item_id, organization_id)
);

-- Entered values: one per indicator, fiscal year, area ('' = national in the key) and breakdown
-- (canonical text, '' = total). Who moved each through the workflow, and when, is kept with it.
CREATE TABLE indicator_values (
    id UUID PRIMARY KEY,
    indicator_id UUID NOT NULL REFERENCES indicators (id),
    fiscal_year BIGINT NOT NULL CHECK (fiscal_year BETWEEN 2500 AND 2700),
    area_code TEXT REFERENCES areas (code),
    disaggregation TEXT NOT NULL,
    value DOUBLE PRECISION NOT NULL,
    source TEXT,
    status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'approved')),
    entered_by TEXT NOT NULL,
    entered_at TIMESTAMPTZ NOT NULL,
    submitted_by TEXT,
    submitted_at TIMESTAMPTZ,
    approved_by TEXT,
    approved_at TIMESTAMPTZ,
    returned_by TEXT,
    returned_at TIMESTAMPTZ,
    version BIGINT NOT NULL CHECK (version >= 1),
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX indicator_values_key ON indicator_values (indicator_id, fiscal_year, COALESCE(area_code, ''), disaggregation);
