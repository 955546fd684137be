-- Accounts, roles scoped to organisations and networks, sessions, API tokens, and the audit log.
-- The SQLite migration of the same version has the same tables in its own types.

CREATE TABLE users (
    id UUID PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    -- Argon2id in PHC string format; NULL until a password is set by a reset link.
    password_hash TEXT,
    status TEXT NOT NULL CHECK (status IN ('active', 'disabled')),
    failed_sign_ins BIGINT NOT NULL DEFAULT 0,
    locked_until TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

-- A role, held for the whole platform (admin) or for one network or organisation.
CREATE TABLE role_grants (
    user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('admin', 'coordinator', 'editor', 'viewer')),
    network_id UUID REFERENCES networks (id),
    organization_id UUID REFERENCES organizations (id),
    CHECK ((role = 'admin' AND network_id IS NULL AND organization_id IS NULL)
        OR (role = 'coordinator' AND network_id IS NOT NULL AND organization_id IS NULL)
        OR (role = 'editor' AND organization_id IS NOT NULL AND network_id IS NULL)
        OR (role = 'viewer' AND (network_id IS NULL) <> (organization_id IS NULL)))
);
CREATE UNIQUE INDEX role_grants_unique ON role_grants (user_id, role,
    COALESCE(network_id, '00000000-0000-0000-0000-000000000000'), COALESCE(organization_id, '00000000-0000-0000-0000-000000000000'));

-- Sessions live in the database so that any of several app processes can serve any request.
-- Only a hash of the session secret is stored.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    ip TEXT
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id UUID PRIMARY KEY,
    user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL,
    revoked_at TIMESTAMPTZ
);

CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY,
    user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at TIMESTAMPTZ
);

-- Sign-in attempts by key (an IP address or an email), for rate limits shared by every process.
CREATE TABLE sign_in_attempts (
    key TEXT NOT NULL,
    at TIMESTAMPTZ NOT NULL
);
CREATE INDEX sign_in_attempts_key ON sign_in_attempts (key, at);

-- Append-only: phakhi has no statement that updates or deletes these rows, and the database refuses them.
CREATE TABLE audit_log (
    id UUID PRIMARY KEY,
    at TIMESTAMPTZ NOT NULL,
    actor_user_id UUID,
    actor TEXT NOT NULL,
    ip TEXT,
    action TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete')),
    entity TEXT NOT NULL,
    entity_id UUID NOT NULL,
    before_json JSONB,
    after_json JSONB
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END $$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
