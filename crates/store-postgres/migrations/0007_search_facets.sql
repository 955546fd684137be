-- Search index, format 2: the record's type, province and sector become lexemes of the tsvector
-- ('kind:activity', 'province:40', 'sector:ngo'), so a filtered search narrows the match inside the
-- GIN index instead of reading every match. The documents are rebuilt from the records by phakhi when
-- it next opens the database (it compares search_index.format with its own).

DELETE FROM search_documents;

-- The format the documents were written in; phakhi rebuilds the index when its own is newer.
CREATE TABLE search_index (
    format INTEGER NOT NULL
);
INSERT INTO search_index (format) VALUES (1);
