-- Input: staged_touched_articles(article_id): stories whose mentions this batch re-extracted.
-- Their old mentions are dropped first so a re-extraction never leaves stale mentions behind.
-- What was resolved together with them is marked unresolved (link_method NULL), so the next
-- resolve re-resolves it without them: the conference reports sharing a conference or a scored
-- pair with a dropped report, the citations of the same symbol group, the people of the same
-- name. Entity rows left without mentions are removed by resolve.
UPDATE conference_mentions SET link_method = NULL
WHERE article_id NOT IN (SELECT article_id FROM staged_touched_articles)
  AND (
      conference_id IN (
          SELECT conference_id FROM conference_mentions
          WHERE article_id IN (SELECT article_id FROM staged_touched_articles)
            AND conference_id IS NOT NULL
      )
      OR mention_id IN (
          SELECT CASE WHEN t.mention_id = e.left_mention_id THEN e.right_mention_id
                      ELSE e.left_mention_id END
          FROM conference_edges e
          JOIN conference_mentions t
            ON t.mention_id = e.left_mention_id OR t.mention_id = e.right_mention_id
          WHERE t.article_id IN (SELECT article_id FROM staged_touched_articles)
      )
  );

UPDATE directive_mentions SET link_method = NULL
WHERE article_id NOT IN (SELECT article_id FROM staged_touched_articles)
  AND group_key IN (
      SELECT group_key FROM directive_mentions
      WHERE article_id IN (SELECT article_id FROM staged_touched_articles)
        AND group_key IS NOT NULL
  );

UPDATE person_mentions SET link_method = NULL
WHERE article_id NOT IN (SELECT article_id FROM staged_touched_articles)
  AND name_key IN (
      SELECT name_key FROM person_mentions
      WHERE article_id IN (SELECT article_id FROM staged_touched_articles)
  );

DELETE FROM conference_edges
WHERE left_mention_id IN (
        SELECT mention_id FROM conference_mentions
        WHERE article_id IN (SELECT article_id FROM staged_touched_articles))
   OR right_mention_id IN (
        SELECT mention_id FROM conference_mentions
        WHERE article_id IN (SELECT article_id FROM staged_touched_articles));
DELETE FROM directive_relation_mentions WHERE article_id IN (SELECT article_id FROM staged_touched_articles);
DELETE FROM person_mentions WHERE article_id IN (SELECT article_id FROM staged_touched_articles);
DELETE FROM conference_mentions WHERE article_id IN (SELECT article_id FROM staged_touched_articles);
DELETE FROM directive_mentions WHERE article_id IN (SELECT article_id FROM staged_touched_articles);
