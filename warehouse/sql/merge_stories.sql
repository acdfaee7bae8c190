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

-- The dropped stories' mentions, as replace_article_entities.sql drops a story's (the same
-- statements, on dropped_stories).
CREATE OR REPLACE TEMP TABLE dropped_conference_mentions AS
SELECT mention_id, conference_id FROM conference_mentions
WHERE article_id IN (SELECT article_id FROM dropped_stories);
CREATE OR REPLACE TEMP TABLE dropped_directive_mentions AS
SELECT mention_id, group_key, directive_id FROM directive_mentions
WHERE article_id IN (SELECT article_id FROM dropped_stories);
CREATE OR REPLACE TEMP TABLE dropped_person_mentions AS
SELECT mention_id, name_key, person_id FROM person_mentions
WHERE article_id IN (SELECT article_id FROM dropped_stories);
CREATE OR REPLACE TEMP TABLE dropped_conferences AS
SELECT DISTINCT conference_id FROM dropped_conference_mentions WHERE conference_id IS NOT NULL;
CREATE OR REPLACE TEMP TABLE dropped_groups AS
SELECT DISTINCT group_key FROM dropped_directive_mentions WHERE group_key IS NOT NULL;
CREATE OR REPLACE TEMP TABLE dropped_names AS
SELECT DISTINCT name_key FROM dropped_person_mentions WHERE name_key IS NOT NULL;

CREATE OR REPLACE TEMP TABLE co_resolved AS
SELECT m.mention_id FROM conference_mentions m
JOIN dropped_conferences t ON m.conference_id = t.conference_id
UNION
SELECT e.right_mention_id FROM conference_edges e
JOIN dropped_conference_mentions t ON e.left_mention_id = t.mention_id
UNION
SELECT e.left_mention_id FROM conference_edges e
JOIN dropped_conference_mentions t ON e.right_mention_id = t.mention_id;
UPDATE conference_mentions SET link_method = NULL, unresolved = true
WHERE mention_id IN (
    SELECT mention_id FROM co_resolved EXCEPT SELECT mention_id FROM dropped_conference_mentions
);

CREATE OR REPLACE TEMP TABLE co_resolved AS
SELECT m.mention_id FROM directive_mentions m JOIN dropped_groups g ON m.group_key = g.group_key;
UPDATE directive_mentions SET link_method = NULL, unresolved = true
WHERE mention_id IN (
    SELECT mention_id FROM co_resolved EXCEPT SELECT mention_id FROM dropped_directive_mentions
);

CREATE OR REPLACE TEMP TABLE co_resolved AS
SELECT m.mention_id FROM person_mentions m JOIN dropped_names n ON m.name_key = n.name_key;
UPDATE person_mentions SET link_method = NULL, unresolved = true
WHERE mention_id IN (
    SELECT mention_id FROM co_resolved EXCEPT SELECT mention_id FROM dropped_person_mentions
);
DROP TABLE co_resolved;

DELETE FROM conference_edges
WHERE left_mention_id IN (SELECT mention_id FROM dropped_conference_mentions);
DELETE FROM conference_edges
WHERE right_mention_id IN (SELECT mention_id FROM dropped_conference_mentions);

-- What the dropped mentions resolved to, and the entities deleted below, for the orphan sweep.
INSERT INTO orphan_candidates
SELECT 'conference', conference_id FROM dropped_conferences
UNION ALL SELECT 'report', mention_id FROM dropped_conference_mentions
UNION ALL SELECT 'directive', directive_id FROM dropped_directive_mentions
UNION ALL SELECT 'person', person_id FROM dropped_person_mentions
UNION ALL SELECT 'relations', article_id FROM dropped_stories;
INSERT INTO orphan_candidates
SELECT 'directive', d.directive_id FROM directives d
JOIN dropped_groups g ON d.group_key = g.group_key;
INSERT INTO orphan_candidates
SELECT 'person', p.person_id FROM people p JOIN dropped_names n ON p.name_key = n.name_key;

-- Their groups' documents go too (resolve writes them again from the mentions): a new citation
-- is resolved against the stored documents of its group only while they count every citation.
DELETE FROM directives WHERE group_key IN (SELECT group_key FROM dropped_groups);
-- … and the people of their names (a new mention of a name joins its stored people only
-- while they stand for every mention of it).
DELETE FROM people WHERE name_key IN (SELECT name_key FROM dropped_names);
DELETE FROM directive_relation_mentions WHERE article_id IN (SELECT article_id FROM dropped_stories);
DELETE FROM person_mentions WHERE article_id IN (SELECT article_id FROM dropped_stories);
DELETE FROM conference_mentions WHERE article_id IN (SELECT article_id FROM dropped_stories);
DELETE FROM directive_mentions WHERE article_id IN (SELECT article_id FROM dropped_stories);

-- The keeper's mentions move to the survivor (a keeper that is the survivor stays put).
UPDATE conference_mentions SET article_id = m.new_article_id, link_method = NULL, unresolved = true
FROM staged_story_merges m WHERE conference_mentions.article_id = m.old_article_id;
UPDATE person_mentions SET article_id = m.new_article_id, link_method = NULL, unresolved = true
FROM staged_story_merges m WHERE person_mentions.article_id = m.old_article_id;
UPDATE directive_mentions SET article_id = m.new_article_id, link_method = NULL, unresolved = true
FROM staged_story_merges m WHERE directive_mentions.article_id = m.old_article_id;
UPDATE directive_relation_mentions SET article_id = m.new_article_id
FROM staged_story_merges m WHERE directive_relation_mentions.article_id = m.old_article_id;

-- The merged-away stories, for delete_orphan_articles.sql after commit; the relations they
-- stated now belong to the survivor (resolve's sweep drops the old story's).
INSERT INTO orphan_candidates
SELECT 'story', old_article_id FROM staged_story_merges
UNION ALL SELECT 'relations', old_article_id FROM staged_story_merges;

DROP TABLE dropped_conference_mentions;
DROP TABLE dropped_directive_mentions;
DROP TABLE dropped_person_mentions;
DROP TABLE dropped_conferences;
DROP TABLE dropped_groups;
DROP TABLE dropped_names;
DROP TABLE dropped_stories;
DROP TABLE merge_keepers;
