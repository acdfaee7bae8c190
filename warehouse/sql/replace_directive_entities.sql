-- Input: staged_directive_links(mention_id, directive_id, link_method, link_confidence,
-- candidates) for every citation of the re-resolved groups, and staged_directive_entities with
-- the columns of directives. The groups' old documents are replaced by the new ones.
DELETE FROM directives WHERE directive_id IN (
    SELECT directive_id FROM directive_mentions
    WHERE mention_id IN (SELECT mention_id FROM staged_directive_links)
      AND directive_id IS NOT NULL
);
UPDATE directive_mentions SET
    directive_id = l.directive_id,
    link_method = l.link_method,
    link_confidence = l.link_confidence,
    candidates = l.candidates
FROM staged_directive_links l
WHERE directive_mentions.mention_id = l.mention_id;
INSERT OR REPLACE INTO directives BY NAME
SELECT * FROM staged_directive_entities;
