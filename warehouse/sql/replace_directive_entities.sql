-- Input: staged_directive_links(mention_id, directive_id, link_method, link_confidence,
-- candidates), staged_directive_entities with the columns of directives, and
-- staged_whole_groups(group_key): the groups re-resolved whole, whose old documents are replaced
-- by the new ones. A group resolved incrementally (its new citations against its stored
-- documents) keeps its documents; the ones its new citations changed are in
-- staged_directive_entities and replace their old rows.
DELETE FROM directives WHERE group_key IN (SELECT group_key FROM staged_whole_groups);
DELETE FROM directives WHERE directive_id IN (
    SELECT directive_id FROM directive_mentions
    WHERE group_key IN (SELECT group_key FROM staged_whole_groups)
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
