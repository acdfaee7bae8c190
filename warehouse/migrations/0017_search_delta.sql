-- 0017: search without full rebuilds (issue 13). The BM25 index over every story
-- (fts_main_articles) is no longer rebuilt by every load that changes a story's text: a load
-- records the stories it added, edited, retitled or deleted (merged away) in `search_delta`, and
-- indexes that small table alone (fts_main_search_delta, rebuilt in the load's transaction).
-- Queries answer over both (the `search` macro: main-index hits of stories not in the delta,
-- plus delta hits). The delta is folded into the main index (a full rebuild that empties it) by
-- the maintenance flow, and by a load once it passes a share of the corpus; `search_builds`
-- logs each full build. docs/warehouse.md, "Full-text search".
-- A warehouse migrated here has an up-to-date main index (the old loads rebuilt it after every
-- text change): the delta starts empty. The writer that migrates builds its (empty) index.

CREATE TABLE search_delta (
    article_id VARCHAR PRIMARY KEY,
    title      VARCHAR,
    body       VARCHAR,
    deleted    BOOLEAN NOT NULL,
    changed_at TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE search_delta IS 'Stories whose searchable text changed since the main search index (fts_main_articles) was built: new, edited, retitled, or deleted (merged away). Indexed on its own (fts_main_search_delta); emptied when folded into the main index.';
COMMENT ON COLUMN search_delta.article_id IS 'The story (articles.article_id); its entry in the main index, if any, is superseded.';
COMMENT ON COLUMN search_delta.title IS 'The story''s title as it now stands (NULL when deleted).';
COMMENT ON COLUMN search_delta.body IS 'The story''s body as it now stands (NULL when deleted).';
COMMENT ON COLUMN search_delta.deleted IS 'The story no longer exists (its copies were merged into another story or moved away): never a search hit.';
COMMENT ON COLUMN search_delta.changed_at IS 'When the load that last changed the story ran (the start of its transaction, UTC).';

CREATE TABLE search_builds (
    built_at TIMESTAMPTZ NOT NULL,
    stories  BIGINT NOT NULL,
    folded   BIGINT NOT NULL,
    reason   VARCHAR NOT NULL
);
COMMENT ON TABLE search_builds IS 'One row per full build of the main search index (fts_main_articles): the first load of a warehouse, a load whose delta passed its share of the corpus, the maintenance flow, or an explicit rebuild.';
COMMENT ON COLUMN search_builds.built_at IS 'When the build committed (UTC).';
COMMENT ON COLUMN search_builds.stories IS 'Stories in the main index after the build.';
COMMENT ON COLUMN search_builds.folded IS 'Rows of search_delta folded in (and emptied) by the build.';
COMMENT ON COLUMN search_builds.reason IS 'first load | delta share | maintenance | missing index | rebuild.';
