-- Input: staged_conference_links(mention_id, conference_id, link_method, link_confidence) for
-- every report of the re-clustered components, staged_conference_entities with the columns of
-- conferences, and staged_changed_conferences(conference_id): those whose reports changed. The
-- components' old conferences (and what hangs on them) are replaced; an unchanged conference
-- (the same reports) keeps its participants, which the caller rewrites for the changed ones.
-- The reports are read by key alone (a second condition on that scan makes DuckDB scan the
-- table); NULL links are dropped from the small result.
CREATE OR REPLACE TEMP TABLE old_conference_ids AS
SELECT DISTINCT conference_id FROM (
    SELECT conference_id FROM conference_mentions
    WHERE mention_id IN (SELECT mention_id FROM staged_conference_links)
) AS linked;
DELETE FROM old_conference_ids WHERE conference_id IS NULL;
-- What the rewrite may orphan, for resolve's sweep (delete_orphan_entities.sql): the old and
-- the rewritten conferences, and their organisers.
INSERT INTO orphan_candidates
SELECT 'conference', conference_id FROM old_conference_ids
UNION ALL SELECT 'conference', conference_id FROM staged_conference_entities;
INSERT INTO orphan_candidates
SELECT 'organization', c.organization_id FROM conferences c
JOIN (
    SELECT conference_id FROM old_conference_ids
    UNION SELECT conference_id FROM staged_conference_entities
) k ON c.conference_id = k.conference_id;
DELETE FROM conference_participants WHERE conference_id IN (SELECT conference_id FROM old_conference_ids)
    AND conference_id IN (SELECT conference_id FROM staged_changed_conferences);
DELETE FROM conference_directives WHERE conference_id IN (SELECT conference_id FROM old_conference_ids);
DELETE FROM conferences WHERE conference_id IN (SELECT conference_id FROM old_conference_ids);
DROP TABLE old_conference_ids;
UPDATE conference_mentions SET
    conference_id = l.conference_id,
    link_method = l.link_method,
    unresolved = CASE WHEN l.link_method IS NULL THEN true END,
    link_confidence = l.link_confidence
FROM staged_conference_links l
WHERE conference_mentions.mention_id = l.mention_id;
-- Deleted and inserted, not INSERT OR REPLACE: that keeps the stored value of an indexed column
-- (DuckDB 1.4), and organization_id is indexed (migration 0019).
DELETE FROM conferences WHERE conference_id IN (SELECT conference_id FROM staged_conference_entities);
INSERT INTO conferences BY NAME
SELECT * FROM staged_conference_entities;
