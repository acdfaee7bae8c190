-- Input: staged_touched_articles(article_id): stories whose mentions this batch re-extracted.
-- Their old mentions are dropped first so a re-extraction never leaves stale mentions behind.
-- What was resolved together with them is marked unresolved (link_method NULL), so the next
-- resolve re-resolves it without them: the conference reports sharing a conference or a scored
-- pair with a dropped report, the citations of the same symbol group, the people of the same
-- name. Entity rows left without mentions are removed by resolve; the documents of the dropped
-- citations' groups are deleted here (resolve writes them again). Every step is an equi-join on
-- the touched stories' own rows (no scan grows with the archive beyond a hash join).
CREATE OR REPLACE TEMP TABLE touched_conference_mentions AS
SELECT mention_id, conference_id FROM conference_mentions
WHERE article_id IN (SELECT article_id FROM staged_touched_articles);

UPDATE conference_mentions SET link_method = NULL
WHERE article_id NOT IN (SELECT article_id FROM staged_touched_articles)
  AND mention_id IN (
      SELECT m.mention_id FROM conference_mentions m
      JOIN touched_conference_mentions t ON m.conference_id = t.conference_id
      UNION ALL
      SELECT e.right_mention_id FROM conference_edges e
      JOIN touched_conference_mentions t ON e.left_mention_id = t.mention_id
      UNION ALL
      SELECT e.left_mention_id FROM conference_edges e
      JOIN touched_conference_mentions t ON e.right_mention_id = t.mention_id
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
WHERE left_mention_id IN (SELECT mention_id FROM touched_conference_mentions)
   OR right_mention_id IN (SELECT mention_id FROM touched_conference_mentions);
DROP TABLE touched_conference_mentions;
-- Their groups' documents go too (resolve writes them again from the mentions): a new citation
-- is resolved against the stored documents of its group only while they count every citation.
DELETE FROM directives WHERE group_key IN (
    SELECT group_key FROM directive_mentions
    WHERE article_id IN (SELECT article_id FROM staged_touched_articles) AND group_key IS NOT NULL
);
-- … and the people of their names (a new mention of a name joins its stored people only
-- while they stand for every mention of it).
DELETE FROM people WHERE name_key IN (
    SELECT name_key FROM person_mentions WHERE article_id IN (SELECT article_id FROM staged_touched_articles)
);
DELETE FROM directive_relation_mentions WHERE article_id IN (SELECT article_id FROM staged_touched_articles);
DELETE FROM person_mentions WHERE article_id IN (SELECT article_id FROM staged_touched_articles);
DELETE FROM conference_mentions WHERE article_id IN (SELECT article_id FROM staged_touched_articles);
DELETE FROM directive_mentions WHERE article_id IN (SELECT article_id FROM staged_touched_articles);
