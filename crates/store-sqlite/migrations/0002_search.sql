-- Search index (dialect-specific: SQLite FTS5). The PostgreSQL migration of the same version keeps
-- the same documents with a tsvector. Terms are produced by phakhi's own pipeline (crates/search):
-- Thai segmented into words, English stemmed, all separated by spaces; FTS5 only splits on spaces.
-- Thai vowel and tone marks are combining marks (category M), which unicode61 would otherwise treat
-- as separators, hence the categories option.

CREATE TABLE search_documents (
    doc_id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    id BLOB NOT NULL,
    title_th TEXT NOT NULL,
    title_en TEXT,
    body TEXT NOT NULL,
    sector TEXT,
    province TEXT,
    -- Multiplies the relevance score: goals before targets before indicators.
    boost REAL NOT NULL,
    UNIQUE (kind, id)
) STRICT;
CREATE INDEX search_documents_province ON search_documents (province);

CREATE VIRTUAL TABLE search_fts USING fts5 (
    title,
    body,
    tokenize = "unicode61 remove_diacritics 0 categories 'L* N* Co M*'"
);

-- Latin-script terms seen in indexed text, for one-typo tolerance.
CREATE TABLE search_terms (
    term TEXT PRIMARY KEY
) STRICT;
