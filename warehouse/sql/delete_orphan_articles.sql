-- Stories left without copies by this load (a merge, or a page moved to another story: the
-- 'story' ids upsert_article_copies.sql and merge_stories.sql put in orphan_candidates). Run
-- after the load transaction commits (DuckDB checks foreign keys against committed state).
-- The candidates' copies are read by the article_copies_article_id index.
CREATE OR REPLACE TEMP TABLE moved_stories AS
SELECT DISTINCT id AS article_id FROM orphan_candidates WHERE kind = 'story' AND id IS NOT NULL;
DELETE FROM articles WHERE article_id IN (
    SELECT article_id FROM moved_stories
    EXCEPT
    SELECT c.article_id FROM article_copies c JOIN moved_stories s ON c.article_id = s.article_id
);
DELETE FROM orphan_candidates WHERE kind = 'story';
DROP TABLE moved_stories;
