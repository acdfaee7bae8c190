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
-- The dropped stories' mentions go next (drop_story_mentions.sql), as a re-extraction's do;
-- then merge_stories_move.sql moves the keeper's.
