-- Spreadsheets uploaded for import, kept between the preview and the confirmation (decision 34):
-- the bytes as uploaded, what they were uploaded as, and whose they are. Deleted when the import is
-- confirmed, and 24 hours after upload in any case (by the application, whenever another is staged).
-- The PostgreSQL migration of the same version has the same table in its own types.

CREATE TABLE staged_uploads (
    id BLOB PRIMARY KEY,
    owner_user_id BLOB NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    filename TEXT NOT NULL,
    bytes BLOB NOT NULL,
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX staged_uploads_owner ON staged_uploads (owner_user_id);
CREATE INDEX staged_uploads_created ON staged_uploads (created_at);
