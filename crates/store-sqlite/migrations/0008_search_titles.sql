-- Search index, format 3. Document numbers (search_documents.doc_id, the FTS rowid) now carry the
-- document's type, province and sector in their low 16 bits, so a search counts and facets its
-- matches from the full-text index alone; the tables are unchanged. (The PostgreSQL migration of the
-- same version gives titles an index of their own.) phakhi renumbers and rebuilds the documents when
-- it next opens the database: it compares search_index.format with its own.
SELECT 1;
