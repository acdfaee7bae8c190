-- Input: staged_person_links(mention_id, person_id, link_method, link_confidence) for every
-- mention of the re-resolved names, staged_people and staged_positions with the columns of
-- people and positions. The names' old people and positions are replaced.
CREATE OR REPLACE TEMP TABLE old_person_ids AS
SELECT DISTINCT person_id FROM person_mentions
WHERE mention_id IN (SELECT mention_id FROM staged_person_links) AND person_id IS NOT NULL;
DELETE FROM positions WHERE person_id IN (SELECT person_id FROM old_person_ids);
DELETE FROM people WHERE person_id IN (SELECT person_id FROM old_person_ids);
DROP TABLE old_person_ids;
UPDATE person_mentions SET
    person_id = l.person_id,
    link_method = l.link_method,
    link_confidence = l.link_confidence
FROM staged_person_links l
WHERE person_mentions.mention_id = l.mention_id;
INSERT OR REPLACE INTO people BY NAME SELECT * FROM staged_people;
INSERT OR REPLACE INTO positions BY NAME SELECT * FROM staged_positions;
