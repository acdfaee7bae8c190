-- Input: staged_articles(article_id). Conferences reported by those stories (NULL for an
-- unresolved report: the caller drops it; a second condition in the scan would turn the
-- conference_mentions.article_id index lookup into a scan of the table).
SELECT DISTINCT conference_id FROM conference_mentions
WHERE article_id IN (SELECT article_id FROM staged_articles);
