-- Run after replace_article_entities.sql and merge_stories.sql (warehouse/tables.py `then`),
-- in the load's transaction: the stories in the temp table dropped_stories(article_id) lose
-- their mentions. What was resolved together with them is marked unresolved (link_method NULL),
-- so the next resolve re-resolves it without them: the conference reports sharing a conference
-- or a scored pair with a dropped report, the citations of the same symbol group, the people of
-- the same name. The documents of the dropped citations' groups and the people of their names
-- are deleted here (resolve writes them again); every other entity that may have lost its last
-- mention goes to orphan_candidates, which resolve's sweep (delete_orphan_entities.sql) checks.
--
-- Each read of a stored table is one indexed lookup by the dropped stories' keys (article_id,
-- conference_id, the edge sides, group_key, name_key, mention_id), other conditions applied to
-- the small temp tables after it: a second condition on the scan makes DuckDB scan the table
-- (docs/warehouse.md "Per-run queries").
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
DROP TABLE dropped_conference_mentions;
DROP TABLE dropped_directive_mentions;
DROP TABLE dropped_person_mentions;
DROP TABLE dropped_conferences;
DROP TABLE dropped_groups;
DROP TABLE dropped_names;
DROP TABLE dropped_stories;
