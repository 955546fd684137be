-- Search index in shards: the whole-text and the title GIN indexes are split into 16 partial indexes
-- by document number (doc_id % 16). GIN answers a query with a bitmap of *every* matching row before
-- a LIMIT applies, so a common word cost a bitmap of 68,000 rows at national scale however few matches
-- a search reads. A search now reads the shards one after the other (UNION ALL under its LIMIT) and
-- stops at the first shard that gives it enough matches: a broad search builds one sixteenth of the
-- bitmap; a narrow one reads all shards, which together hold what the single index held.
--
-- Each index keeps a pending list of at most 256 kB (PostgreSQL's default is 4 MB): GIN gathers new
-- entries there unsorted and every search reads all of it, which cost 2.5 ms per shard after a bulk
-- load against 0.1 ms once merged (measured). A smaller list is merged into the index more often
-- instead. After a rebuild or a bulk load phakhi merges the lists at once (`search::settle`).
--
-- The number 16 is `SHARDS` in crates/store/src/sql/search.rs; the two must change together.

DROP INDEX search_documents_tsv;
DROP INDEX search_documents_title_tsv;

DO $$
BEGIN
    FOR shard IN 0..15 LOOP
        EXECUTE format('CREATE INDEX search_documents_tsv_%s ON search_documents USING GIN (tsv) WITH (gin_pending_list_limit = 256) WHERE doc_id %% 16 = %s', shard, shard);
        EXECUTE format('CREATE INDEX search_documents_title_tsv_%s ON search_documents USING GIN (title_tsv) WITH (gin_pending_list_limit = 256) WHERE doc_id %% 16 = %s', shard, shard);
    END LOOP;
END
$$;
