-- Input: staged_story_merges(old_article_id, new_article_id, canonical_url): a new copy bridged
-- two stories; canonical_url is the merged story's canonical copy. Copies move to the surviving
-- story; the emptied story row is deleted by delete_orphan_articles.sql after commit (DuckDB
-- checks foreign keys against committed state).
--
-- A story's mentions are those of its canonical copy (flows/rows.py): of the merged stories,
-- the one that held the canonical copy keeps its mentions (moved to the survivor, mention ids
-- unchanged, marked unresolved so resolve re-links them); the others' are dropped, as a
-- re-extraction drops them (what was resolved with them is marked unresolved), so one report
-- is never counted twice in one story. Without a known canonical copy the survivor's own stay.
CREATE OR REPLACE TEMP TABLE merge_keepers AS
SELECT m.old_article_id, m.new_article_id, c.article_id AS keeper
FROM staged_story_merges m
LEFT JOIN article_copies c ON c.url = m.canonical_url;

CREATE OR REPLACE TEMP TABLE dropped_stories AS
SELECT old_article_id AS article_id FROM merge_keepers
WHERE keeper IS DISTINCT FROM old_article_id
UNION
SELECT new_article_id FROM merge_keepers
WHERE keeper IN (SELECT old_article_id FROM merge_keepers);

UPDATE article_copies SET article_id = m.new_article_id
FROM staged_story_merges m WHERE article_copies.article_id = m.old_article_id;

-- The dropped stories' mentions, as replace_article_entities.sql drops a story's.
CREATE OR REPLACE TEMP TABLE dropped_conference_mentions AS
SELECT mention_id, conference_id FROM conference_mentions
WHERE article_id IN (SELECT article_id FROM dropped_stories);

UPDATE conference_mentions SET link_method = NULL
WHERE article_id NOT IN (SELECT article_id FROM dropped_stories)
  AND mention_id IN (
      SELECT m.mention_id FROM conference_mentions m
      JOIN dropped_conference_mentions t ON m.conference_id = t.conference_id
      UNION ALL
      SELECT e.right_mention_id FROM conference_edges e
      JOIN dropped_conference_mentions t ON e.left_mention_id = t.mention_id
      UNION ALL
      SELECT e.left_mention_id FROM conference_edges e
      JOIN dropped_conference_mentions t ON e.right_mention_id = t.mention_id
  );
UPDATE directive_mentions SET link_method = NULL
WHERE article_id NOT IN (SELECT article_id FROM dropped_stories)
  AND group_key IN (
      SELECT group_key FROM directive_mentions
      WHERE article_id IN (SELECT article_id FROM dropped_stories) AND group_key IS NOT NULL
  );
UPDATE person_mentions SET link_method = NULL
WHERE article_id NOT IN (SELECT article_id FROM dropped_stories)
  AND name_key IN (
      SELECT name_key FROM person_mentions
      WHERE article_id IN (SELECT article_id FROM dropped_stories)
  );
DELETE FROM conference_edges
WHERE left_mention_id IN (SELECT mention_id FROM dropped_conference_mentions)
   OR right_mention_id IN (SELECT mention_id FROM dropped_conference_mentions);
-- Their groups' documents go too, as in replace_article_entities.sql.
DELETE FROM directives WHERE group_key IN (
    SELECT group_key FROM directive_mentions
    WHERE article_id IN (SELECT article_id FROM dropped_stories) AND group_key IS NOT NULL
);
-- … and the people of their names (a new mention of a name joins its stored people only
-- while they stand for every mention of it).
DELETE FROM people WHERE name_key IN (
    SELECT name_key FROM person_mentions WHERE article_id IN (SELECT article_id FROM dropped_stories)
);
DELETE FROM directive_relation_mentions WHERE article_id IN (SELECT article_id FROM dropped_stories);
DELETE FROM person_mentions WHERE article_id IN (SELECT article_id FROM dropped_stories);
DELETE FROM conference_mentions WHERE article_id IN (SELECT article_id FROM dropped_stories);
DELETE FROM directive_mentions WHERE article_id IN (SELECT article_id FROM dropped_stories);

-- The keeper's mentions move to the survivor (a keeper that is the survivor stays put).
UPDATE conference_mentions SET article_id = m.new_article_id, link_method = NULL
FROM staged_story_merges m WHERE conference_mentions.article_id = m.old_article_id;
UPDATE person_mentions SET article_id = m.new_article_id, link_method = NULL
FROM staged_story_merges m WHERE person_mentions.article_id = m.old_article_id;
UPDATE directive_mentions SET article_id = m.new_article_id, link_method = NULL
FROM staged_story_merges m WHERE directive_mentions.article_id = m.old_article_id;
UPDATE directive_relation_mentions SET article_id = m.new_article_id
FROM staged_story_merges m WHERE directive_relation_mentions.article_id = m.old_article_id;

DROP TABLE dropped_conference_mentions;
DROP TABLE dropped_stories;
DROP TABLE merge_keepers;
