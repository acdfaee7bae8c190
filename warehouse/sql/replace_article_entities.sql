-- Input: staged_touched_articles(article_id): stories whose entities this batch re-extracted.
-- Their old links are dropped first so a re-extraction never leaves stale mentions behind.
DELETE FROM directive_mentions WHERE article_id IN (SELECT article_id FROM staged_touched_articles);
DELETE FROM directive_relations WHERE article_id IN (SELECT article_id FROM staged_touched_articles);
DELETE FROM conference_articles WHERE article_id IN (SELECT article_id FROM staged_touched_articles);
