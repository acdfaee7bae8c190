-- Input: staged_articles(article_id). Conferences reported by those stories.
SELECT DISTINCT conference_id FROM conference_mentions
WHERE article_id IN (SELECT article_id FROM staged_articles) AND conference_id IS NOT NULL;
