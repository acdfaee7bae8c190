-- Before a load's statements, in its transaction. Input: staged_search_touched(article_id), the
-- stories the batch names (new, refreshed, merged, those its copies carry), and
-- staged_article_copies. Adds the stories the batch's stored copies carried until now (a copy
-- moved to another story may leave its old story empty: deleted after commit). Keeps each
-- story's searchable text as it stands before the load (upsert_search_delta.sql compares).
CREATE OR REPLACE TEMP TABLE search_touched AS
SELECT ids.article_id, a.article_id IS NOT NULL AS existed, a.title, a.body
FROM (
    SELECT article_id FROM staged_search_touched
    UNION
    SELECT c.article_id FROM article_copies c JOIN staged_article_copies s USING (url)
) ids
LEFT JOIN articles a USING (article_id);
