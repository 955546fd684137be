-- Accounts, roles scoped to organisations and networks, sessions, API tokens, and the audit log.
-- The PostgreSQL migration of the same version has the same tables in its own types.

CREATE TABLE users (
    id BLOB PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    -- Argon2id in PHC string format; NULL until a password is set by a reset link.
    password_hash TEXT,
    status TEXT NOT NULL CHECK (status IN ('active', 'disabled')),
    failed_sign_ins INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

-- A role, held for the whole platform (admin) or for one network or organisation.
CREATE TABLE role_grants (
    user_id BLOB NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('admin', 'coordinator', 'editor', 'viewer')),
    network_id BLOB REFERENCES networks (id),
    organization_id BLOB REFERENCES organizations (id),
    CHECK ((role = 'admin' AND network_id IS NULL AND organization_id IS NULL)
        OR (role = 'coordinator' AND network_id IS NOT NULL AND organization_id IS NULL)
        OR (role = 'editor' AND organization_id IS NOT NULL AND network_id IS NULL)
        OR (role = 'viewer' AND (network_id IS NULL) <> (organization_id IS NULL)))
) STRICT;
CREATE UNIQUE INDEX role_grants_unique ON role_grants (user_id, role, COALESCE(network_id, X''), COALESCE(organization_id, X''));

-- Sessions live in the database so that any of several app processes can serve any request.
-- Only a hash of the session secret is stored.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id BLOB NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    ip TEXT
) STRICT;
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id BLOB PRIMARY KEY,
    user_id BLOB NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT
) STRICT;

CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY,
    user_id BLOB NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at TEXT NOT NULL,
    used_at TEXT
) STRICT;

-- Sign-in attempts by key (an IP address or an email), for rate limits shared by every process.
CREATE TABLE sign_in_attempts (
    key TEXT NOT NULL,
    at TEXT NOT NULL
) STRICT;
CREATE INDEX sign_in_attempts_key ON sign_in_attempts (key, at);

-- Append-only: phakhi has no statement that updates or deletes these rows.
CREATE TABLE audit_log (
    id BLOB PRIMARY KEY,
    at TEXT NOT NULL,
    actor_user_id BLOB,
    actor TEXT NOT NULL,
    ip TEXT,
    action TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete')),
    entity TEXT NOT NULL,
    entity_id BLOB NOT NULL,
    before_json TEXT,
    after_json TEXT
) STRICT;
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
