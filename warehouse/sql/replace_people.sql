-- Input: staged_person_links(mention_id, person_id, link_method, link_confidence) for every
-- mention of the re-resolved names, staged_people and staged_positions with the columns of
-- people and positions. The names' old people and positions are replaced.
-- The mentions are read by key alone (a second condition on that scan makes DuckDB scan the
-- table); NULL links are dropped from the small result.
CREATE OR REPLACE TEMP TABLE old_person_ids AS
SELECT DISTINCT person_id FROM (
    SELECT person_id FROM person_mentions
    WHERE mention_id IN (SELECT mention_id FROM staged_person_links)
) AS linked;
DELETE FROM old_person_ids WHERE person_id IS NULL;
-- What the rewrite may orphan, for resolve's sweep (delete_orphan_entities.sql): the old and
-- the rewritten people, and the bodies of the old positions.
INSERT INTO orphan_candidates
SELECT 'person', person_id FROM old_person_ids
UNION ALL SELECT 'person', person_id FROM staged_people;
INSERT INTO orphan_candidates
SELECT 'organization', p.organization_id FROM positions p
JOIN old_person_ids o ON p.person_id = o.person_id;
DELETE FROM positions WHERE person_id IN (SELECT person_id FROM old_person_ids);
DELETE FROM people WHERE person_id IN (SELECT person_id FROM old_person_ids);
DROP TABLE old_person_ids;
UPDATE person_mentions SET
    person_id = l.person_id,
    link_method = l.link_method,
    unresolved = CASE WHEN l.link_method IS NULL THEN true END,
    link_confidence = l.link_confidence
FROM staged_person_links l
WHERE person_mentions.mention_id = l.mention_id;
INSERT OR REPLACE INTO people BY NAME SELECT * FROM staged_people;
INSERT OR REPLACE INTO positions BY NAME SELECT * FROM staged_positions;
