-- Whose records each audit entry concerns, so that a network's coordinators can read the changes to
-- their network's records (itself, its agreements, its members' records) and nothing else — even
-- after a record is deleted, since the scope is written with the entry. Append-only, like the log.
-- The PostgreSQL migration of the same version has the same tables in its own types.
CREATE TABLE audit_scope (
    audit_id BLOB NOT NULL REFERENCES audit_log (id),
    network_id BLOB,
    organization_id BLOB,
    CHECK ((network_id IS NULL) <> (organization_id IS NULL))
) STRICT;
CREATE INDEX audit_scope_entry ON audit_scope (audit_id);
CREATE INDEX audit_scope_network ON audit_scope (network_id, audit_id);
CREATE INDEX audit_scope_organization ON audit_scope (organization_id, audit_id);
CREATE TRIGGER audit_scope_no_update BEFORE UPDATE ON audit_scope BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_scope_no_delete BEFORE DELETE ON audit_scope BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

-- Participants get versions like every other record, so a correction cannot silently overwrite
-- another made meanwhile (If-Match on the API, the version read on the page).
ALTER TABLE participants ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE participants ADD COLUMN updated_at TEXT NOT NULL DEFAULT '';
UPDATE participants SET updated_at = created_at;
