-- Input: staged_touched_articles(article_id): stories whose mentions this batch re-extracted.
-- Their old mentions are dropped first (drop_story_mentions.sql, run next) so a re-extraction
-- never leaves stale mentions behind.
CREATE OR REPLACE TEMP TABLE dropped_stories AS
SELECT DISTINCT article_id FROM staged_touched_articles;
