-- Search index, format 2: the record's type, province and sector become terms of a third FTS column,
-- so a filtered search narrows the match inside the full-text index instead of joining every match to
-- its document; the same values and the boost are kept unindexed beside the terms, so ranking and
-- facets read one row per match. The documents are rebuilt from the records by phakhi when it next opens the database
-- (it compares search_index.format with its own).

DROP TABLE search_fts;
DELETE FROM search_documents;

-- The short columns come first: SQLite reads a row's columns in order, so ranking by title and
-- counting by type never read past the title.
CREATE VIRTUAL TABLE search_fts USING fts5 (
    kind UNINDEXED,
    sector UNINDEXED,
    province UNINDEXED,
    boost UNINDEXED,
    facets,
    title,
    body,
    tokenize = "unicode61 remove_diacritics 0 categories 'L* N* Co M*'"
);

-- The format the documents were written in; phakhi rebuilds the index when its own is newer.
CREATE TABLE search_index (
    format INTEGER NOT NULL
) STRICT;
INSERT INTO search_index (format) VALUES (1);
