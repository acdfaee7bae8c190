-- Input: staged_person_links(mention_id, person_id, link_method, link_confidence): new mentions
-- joined to stored people (flows/resolve.py, the incremental path), and staged_positions with
-- the columns of positions: the facts whose first or last day they moved. Nothing is deleted.
-- The people the mentions were linked to before, for resolve's sweep (delete_orphan_entities.sql).
INSERT INTO orphan_candidates
SELECT 'person', m.person_id FROM person_mentions m
JOIN staged_person_links l ON m.mention_id = l.mention_id;
UPDATE person_mentions SET
    person_id = l.person_id,
    link_method = l.link_method,
    unresolved = CASE WHEN l.link_method IS NULL THEN true END,
    link_confidence = l.link_confidence
FROM staged_person_links l
WHERE person_mentions.mention_id = l.mention_id;
INSERT OR REPLACE INTO positions BY NAME SELECT * FROM staged_positions;
