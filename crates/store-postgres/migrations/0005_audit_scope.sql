-- Whose records each audit entry concerns, so that a network's coordinators can read the changes to
-- their network's records (itself, its agreements, its members' records) and nothing else — even
-- after a record is deleted, since the scope is written with the entry. Append-only, like the log.
-- The SQLite migration of the same version has the same tables in its own types.
CREATE TABLE audit_scope (
    audit_id UUID NOT NULL REFERENCES audit_log (id),
    network_id UUID,
    organization_id UUID,
    CHECK ((network_id IS NULL) <> (organization_id IS NULL))
);
CREATE INDEX audit_scope_entry ON audit_scope (audit_id);
CREATE INDEX audit_scope_network ON audit_scope (network_id, audit_id);
CREATE INDEX audit_scope_organization ON audit_scope (organization_id, audit_id);
CREATE TRIGGER audit_scope_no_change BEFORE UPDATE OR DELETE ON audit_scope FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

-- Participants get versions like every other record, so a correction cannot silently overwrite
-- another made meanwhile (If-Match on the API, the version read on the page).
ALTER TABLE participants ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE participants ADD COLUMN updated_at TIMESTAMPTZ;
UPDATE participants SET updated_at = created_at;
ALTER TABLE participants ALTER COLUMN updated_at SET NOT NULL;
