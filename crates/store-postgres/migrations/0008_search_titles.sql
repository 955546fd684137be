-- Search index, format 3: titles get a tsvector and a GIN index of their own (with the facet lexemes,
-- so filters narrow it too). The search that makes sure a record named by the query comes first used
-- `word:A` against the whole-text index: GIN answers that with every record holding the word anywhere,
-- and each one's tsvector had to be read to check the weight (68,000 rows for a common word at
-- national scale). A title index answers with the titles alone.
--
-- The column stays empty until phakhi rebuilds the index, which it does when it next opens the
-- database (it compares search_index.format with its own).

ALTER TABLE search_documents ADD COLUMN title_tsv TSVECTOR;
CREATE INDEX search_documents_title_tsv ON search_documents USING GIN (title_tsv);
