-- Search index in shards on PostgreSQL (see the PostgreSQL migration of the same version). SQLite's
-- FTS5 index already stops reading at a search's LIMIT: nothing changes here.
SELECT 1;
